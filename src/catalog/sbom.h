/*
 * sbom.h - a package catalog read from an SBOM instead of an image.
 *
 * Formats: CycloneDX JSON (specVersion 1.2 to 1.6; the CycloneDX 1.6
 * specification, "components", "metadata", "properties"), SPDX 2.2 and 2.3
 * JSON and SPDX tag-value (SPDX 2.3 specification, clauses 7 "Package
 * information" and 11 "Relationships"). Packages are identified by their
 * Package URL and named the way the image catalogers name them, so that
 * matching an SBOM gives the findings a scan of the image would give; the
 * properties Syft, Trivy and customs write recover what purls leave out
 * (the source package of a deb, rpm or apk). docs/sbom-input.md says what
 * is read from where.
 */
#ifndef CU_SBOM_H
#define CU_SBOM_H

#include <stdbool.h>

#include "catalog.h"
#include "caps.h"
#include "err.h"
#include "span.h"

enum cu_sbom_format {
	CU_SBOM_FORMAT_NONE = 0,
	CU_SBOM_FORMAT_JSON,		/* a JSON object: CycloneDX or SPDX, told by its keys */
	CU_SBOM_FORMAT_CYCLONEDX,
	CU_SBOM_FORMAT_SPDX_JSON,
	CU_SBOM_FORMAT_SPDX_TV,
};

/*
 * A layer as customs' own SBOMs describe it: the image's "customs:layer:N:*"
 * properties, the packages' "customs:layer_index", "customs:layer_digest" ...
 */
struct cu_sbom_layer_info {
	const char *digest;
	const char *diff_id;
	const char *created_by;
};

/*
 * What the document says about itself and its subject. Strings live in the
 * catalog's arena: they are valid as long as the catalog is.
 */
struct cu_sbom_info {
	enum cu_sbom_format format;	/* CU_SBOM_FORMAT_CYCLONEDX, _SPDX_JSON or _SPDX_TV */
	const char *spec_version;	/* "1.6", "SPDX-2.3" */
	const char *tool;		/* the first tool named as its author */
	const char *name;		/* the subject: image reference, application */
	const char *version;		/* the subject's version, if any */
	const char *digest;		/* its (manifest) digest "sha256:...", if told */
	const char *config_digest;	/* an image's config digest (image ID), if told */
	const char *repo_tag;		/* the first repository tag told */
	const char *platform_os, *architecture, *variant;
	struct cu_sbom_layer_info *layers;	/* indexed by layer; NULL when not told */
	size_t nlayers;
	size_t packages;		/* entries that became packages */
	size_t skipped;			/* entries left out, each with a warning */
};

/* "cyclonedx", "spdx-json", "spdx-tag-value" (or "sbom"). */
const char *cu_sbom_format_name(enum cu_sbom_format f);

/*
 * Which format the first bytes of a document suggest: CU_SBOM_FORMAT_SPDX_TV for a
 * first tag "SPDXVersion:", CU_SBOM_FORMAT_CYCLONEDX or CU_SBOM_FORMAT_SPDX_JSON for a
 * JSON object whose leading members include "bomFormat" or "spdxVersion",
 * CU_SBOM_FORMAT_NONE otherwise.
 */
enum cu_sbom_format cu_sbom_sniff(struct cu_span head);

/* Whether path is a regular file whose first bytes cu_sbom_sniff knows. */
bool cu_sbom_probe(const char *path);

/*
 * Read the SBOM at path (at most CU_CAP_SBOM_BYTES) into cat, which must be
 * initialised and empty. Fills cat->os from the document's operating-system
 * component or package, else from the distro qualifier of its OS package
 * purls. Entries that cannot be identified become warnings in cat.
 * Errors: CU_ENOTFOUND, CU_EIO, CU_EFORMAT (not JSON, not CycloneDX or
 * SPDX, wrong structure), CU_ETOOBIG, CU_EUNSUPPORTED (SPDX 3), CU_ENOMEM.
 */
int cu_sbom_read(const char *path, struct cu_catalog *cat, struct cu_sbom_info *info,
		 struct cu_err *err);

/* The same over a document in memory; what names it in messages. */
int cu_sbom_parse(struct cu_span data, const char *what, struct cu_catalog *cat,
		  struct cu_sbom_info *info, struct cu_err *err);

#endif
