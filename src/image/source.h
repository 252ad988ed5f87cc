/*
 * source.h - image sources: where image documents and blobs come from.
 *
 * Each on-disk form is one const struct cu_image_source_ops. A source fills
 * the struct cu_image (manifest, config, layers) in open() and serves layer
 * blobs in open_layer(). The JSON documents themselves are decoded by the
 * shared code in manifest.c, so a source only knows where files are.
 */
#ifndef CU_SOURCE_H
#define CU_SOURCE_H

#include "image.h"

struct cu_image_source_ops {
	const char *name;	/* "docker-archive", "oci-layout", "oci-archive" */
	/* ref prefix without the colon ("oci"), or NULL */
	const char *prefix;
	/* Does path (no prefix) look like this form? */
	bool (*probe)(const char *path);
	/* Fill img from path; tag may be NULL. */
	int (*open)(struct cu_image *img, const char *path, const char *tag,
		    const struct cu_image_options *opts, struct cu_err *err);
	int (*open_layer)(struct cu_image *img, size_t i, struct cu_reader **out,
			  struct cu_err *err);
	void (*close)(struct cu_image *img);
};

extern const struct cu_image_source_ops cu_source_docker_archive;
extern const struct cu_image_source_ops cu_source_oci_layout;
extern const struct cu_image_source_ops cu_source_oci_archive;

#endif
