/*
 * report-sbom.h - what the SBOM formats (report-cyclonedx*.c,
 * report-spdx.c) share, internal to src/report: the document's identity
 * (time, UUID), the image as a named, versioned thing with an OCI purl,
 * one unique identifier per package (a CycloneDX bom-ref or an SPDXID),
 * the dependency graph resolved from the names packages record, the
 * binaries that packages were found in, and declared licenses turned into
 * SPDX license expressions. docs/sbom.md describes the mapping.
 */
#ifndef CU_REPORT_SBOM_H
#define CU_REPORT_SBOM_H

#include <jansson.h>
#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "map.h"
#include "report.h"

/* Limit on the memory the identifiers and graph of one document take. */
#define CU_SBOM_ARENA_MAX	(512 * CU_MiB)

enum cu_sbom_idform {
	CU_SBOM_BOMREF,		/* the purl, made unique: "pkg:deb/...|usr/lib/..." */
	CU_SBOM_SPDXID,		/* "SPDXRef-Package-deb-libc6-2.36-9-deb12u4" */
};

/* The image as the SBOM names it. */
struct cu_sbom_image {
	const char *name;	/* repository ("docker.io/library/debian"), else the ref */
	const char *version;	/* the tag, else the config digest */
	const char *repository;	/* normalised repository, or NULL when unknown */
	const char *tag;	/* or NULL */
	const char *purl;	/* pkg:oci/...@<manifest digest>, or NULL */
};

/* A binary that language packages were found in (Go, Rust). */
struct cu_sbom_app {
	const char *path;	/* its location in the image, no leading '/' */
	const char *id;		/* bom-ref or SPDXID */
	const struct cu_pkg *first;	/* the first package found in it */
};

struct cu_sbom_edges {
	size_t *to;		/* package indices, no duplicates */
	size_t n;
};

struct cu_sbom {
	const struct cu_report *r;
	const struct cu_catalog *cat;
	struct cu_arena arena;
	char created[32];		/* RFC 3339, UTC */
	char uuid[40];			/* random (version 4) UUID */
	struct cu_sbom_image img;
	const char *image_id;		/* bom-ref or SPDXID of the image */
	const char *os_id;		/* of the operating system, NULL when unknown */
	const char **ids;		/* per package */
	struct cu_sbom_edges *deps;	/* per package: what it depends on */
	bool *dependent;		/* per package: a package or binary depends on it */
	long *app;			/* per package: index in apps, or -1 */
	struct cu_sbom_app *apps;
	size_t napps;
	struct cu_map index;		/* package pointer -> index + 1 */
};

/*
 * Name everything in r's scan for one format. CU_ENOMEM or CU_ETOOBIG
 * (past CU_SBOM_ARENA_MAX) with a message in err.
 */
int cu_sbom_init(struct cu_sbom *s, const struct cu_report *r, enum cu_sbom_idform form,
		 struct cu_err *err);
void cu_sbom_release(struct cu_sbom *s);

/* Index of a cataloged package, or -1 when it is not in the catalog. */
long cu_sbom_pkg_index(const struct cu_sbom *s, const struct cu_pkg *p);

/* Layer i of the image, or NULL when i is out of range. */
const struct cu_layer *cu_sbom_layer(const struct cu_sbom *s, int i);

/*
 * Whether a finding belongs in a vulnerability report: shown, or hidden
 * only because an exception or VEX statement suppressed it (then it is
 * listed with its analysis).
 */
bool cu_sbom_reports(const struct cu_finding *f);

/* Where to read about a vulnerability id, and who publishes such ids. */
struct cu_sbom_advisory {
	const char *source;	/* "NVD", "GitHub", "Debian", "Go", "OSV" */
	char url[256];
};
void cu_sbom_advisory(const char *id, struct cu_sbom_advisory *out);

/* A digest "sha256:<hex>" as a hash: algorithm name per form, hex value. */
bool cu_sbom_digest(const char *digest, bool spdx, const char **alg, const char **hex);

/*
 * The package's hashes: CycloneDX [{"alg", "content"}] or SPDX
 * [{"algorithm", "checksumValue"}]; NULL when it has none.
 */
json_t *cu_sbom_pkg_hashes(const struct cu_pkg *p, bool spdx);

/* A JSON string of s; bytes that are not UTF-8 become '?'. NULL for NULL. */
json_t *cu_sbom_str(const char *s);

/* Building JSON: NULL values and empty strings or arrays are left out. */
static inline void cu_sbom_set(json_t *o, const char *key, json_t *v)
{
	if (v)
		json_object_set_new(o, key, v);
}

static inline void cu_sbom_set_str(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		cu_sbom_set(o, key, cu_sbom_str(v));
}

static inline void cu_sbom_set_array(json_t *o, const char *key, json_t *a)
{
	if (a && json_array_size(a))
		json_object_set_new(o, key, a);
	else
		json_decref(a);
}

/*
 * The customs:* facts about a package, the operating system or the image
 * (docs/sbom.md), one call of fn per name and value. CycloneDX writes them
 * as properties, SPDX as annotations.
 */
typedef void cu_sbom_prop_fn(void *ctx, const char *name, const char *value);
/* A cu_sbom_prop_fn that appends {"name", "value"} to the JSON array ctx. */
void cu_sbom_add_prop(void *ctx, const char *name, const char *value);
void cu_sbom_pkg_props(const struct cu_sbom *s, const struct cu_pkg *p, cu_sbom_prop_fn *fn,
		       void *ctx);
void cu_sbom_app_props(const struct cu_sbom *s, const struct cu_sbom_app *a, cu_sbom_prop_fn *fn,
		       void *ctx);
void cu_sbom_os_props(const struct cu_sbom *s, cu_sbom_prop_fn *fn, void *ctx);
void cu_sbom_image_props(const struct cu_sbom *s, cu_sbom_prop_fn *fn, void *ctx);

/* The CycloneDX vulnerabilities array of the reported findings (a VDR). */
json_t *cu_cdx_vulnerabilities(const struct cu_sbom *s, int minor);

/* What a declared license is (report-sbom-license.c). */
enum cu_sbom_license {
	CU_LIC_NONE,		/* none, NOASSERTION */
	CU_LIC_ID,		/* one SPDX license id: expr is its canonical spelling */
	CU_LIC_LIST,		/* several ids without operators (Alpine "MIT GPL-2.0-only"):
				   expr joins them with AND */
	CU_LIC_EXPR,		/* an SPDX expression of known ids: expr is canonical */
	CU_LIC_NAME,		/* anything else: a license name or text */
};

/*
 * Classify a declared license and, unless CU_LIC_NONE or CU_LIC_NAME, append
 * its canonical SPDX expression to expr. Known ids and common spellings
 * ("Apache License 2.0", "GPLv2+", "BSD-3", "MIT License") are recognised
 * case-insensitively; so are "LicenseRef-..." references. CU_LIC_NAME when
 * any part is not known (the SPDX list has some 600 ids; we carry the ones
 * packages use most).
 */
enum cu_sbom_license cu_sbom_license(const char *declared, struct cu_buf *expr);

/* Append s with every byte outside [A-Za-z0-9.-] replaced by '-'. */
void cu_sbom_idchars(struct cu_buf *b, const char *s);

#endif
