/*
 * scan.h - one pass over an image: open it, stream every layer into the
 * filesystem view while the catalogers capture what they need, catalog,
 * and drop the view. What remains (image, catalog, per-layer figures) is
 * everything the later stages (match, policy, report) need.
 */
#ifndef CU_SCAN_H
#define CU_SCAN_H

#include "catalog/catalog.h"
#include "catalog/sbom.h"
#include "image/image.h"
#include "image/layer.h"

struct cu_scan_options {
	const char *platform;
	const char *base_ref;	/* --base IMAGE: tells the base layers exactly */
	bool single_thread;	/* no decompression thread */
};

struct cu_scan {
	struct cu_image *img;
	struct cu_catalog cat;
	struct cu_layer_stats *layer_stats;	/* one per layer */
	uint64_t view_files;			/* regular files in the final view */
	uint64_t view_bytes;
	size_t captured_bytes;			/* package metadata kept in memory */
	double seconds;
	int base_layers;			/* bottom layers from the base image, -1 unknown */
	const char *base_basis;			/* "base-image", "history" or NULL */
	/*
	 * An SBOM instead of an image: img is a stand-in (source "sbom", the
	 * layers the SBOM names, if any) and sbom says what the document told.
	 */
	bool from_sbom;
	struct cu_sbom_info sbom;
};

/*
 * Scan the image ref names. ref may also name an SBOM (CycloneDX or SPDX):
 * "sbom:FILE", or a file whose first bytes are one (catalog/sbom.h); then
 * the catalog is read from it and nothing else is opened.
 */
int cu_scan_image(const char *ref, const struct cu_scan_options *opt,
		  struct cu_scan *out, struct cu_err *err);
void cu_scan_release(struct cu_scan *s);

/* Whether layer i came from the base image: 1, 0, or -1 when unknown. */
int cu_scan_layer_is_base(const struct cu_scan *s, int i);

/* The digest to show for layer i (blob digest, else diff_id). */
const char *cu_scan_layer_digest(const struct cu_scan *s, int i);

#endif
