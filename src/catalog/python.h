/*
 * python.h - inside the python cataloger: python.c finds the metadata files
 * of installed distributions as layers pass (and reads zipped eggs);
 * python-meta.c turns one distribution's core metadata into a package.
 */
#ifndef CU_CATALOG_PYTHON_H
#define CU_CATALOG_PYTHON_H

#include "catalog.h"

enum cu_py_kind {
	CU_PY_DIST_INFO,	/* x.dist-info/METADATA */
	CU_PY_EGG_INFO_DIR,	/* x.egg-info/PKG-INFO */
	CU_PY_EGG_INFO_FILE,	/* x.egg-info */
	CU_PY_EGG_DIR,		/* x.egg/EGG-INFO/PKG-INFO */
	CU_PY_EGG_ZIP,		/* x.egg */
};

/* One distribution to catalog; spans point into the view or the cataloger. */
struct cu_py_dist {
	enum cu_py_kind kind;
	const char *location;		/* the metadata file, or the egg */
	struct cu_span distdir;		/* x.dist-info, x.egg-info, x.egg */
	struct cu_span text;		/* METADATA or PKG-INFO */
	struct cu_span requires;	/* requires.txt, if any */
	int layer;
};

/*
 * Add d to cat as a pypi package: name, version, purl, license, summary,
 * people, dependencies, files (RECORD, installed-files.txt) and the OS
 * package owning it. Malformed metadata is warned about and read as far as
 * it goes, or skipped. Returns 0 or CU_ENOMEM (detail in err).
 */
int cu_py_add_dist(struct cu_catalog *cat, const struct cu_fsview *view,
		   const struct cu_py_dist *d, struct cu_err *err);

/* Captured content of dir/name (not truncated), or NULL. */
const struct cu_content *cu_py_aux_file(const struct cu_fsview *view,
					struct cu_span dir, const char *name);

#endif
