/*
 * manifest.h - decoding of image documents shared by all sources.
 *
 * OCI image-spec v1.1: image-index.md, manifest.md, config.md,
 * descriptor.md; Docker Image Manifest V2 Schema 2; the `docker save`
 * manifest.json. Every document is untrusted: types are checked, digests
 * must be well formed, counts are capped (caps.h).
 */
#ifndef CU_MANIFEST_H
#define CU_MANIFEST_H

#include "image.h"
#include "span.h"

#define CU_MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define CU_MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define CU_MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define CU_MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"

struct cu_descriptor {
	const char *media_type;
	char digest[CU_DIGEST_MAX];
	uint64_t size;
	const char *ref_name;	/* org.opencontainers.image.ref.name */
};

/* Is this media type an index (OCI index or Docker manifest list)? */
bool cu_media_type_is_index(const char *mt);

/*
 * From an image index, choose the entry for tag (NULL: the only image, or
 * the one tagged "latest") and, among platform-specific entries, the
 * platform in opts (default linux/amd64). The chosen entry may itself be an
 * index; the caller then loads it and calls this again with tag NULL.
 */
int cu_index_select(struct cu_image *img, struct cu_span data, const char *what,
		    const char *tag, const struct cu_image_options *opts,
		    struct cu_descriptor *out, struct cu_err *err);

/* Decode an image manifest: config descriptor and layer descriptors. */
int cu_manifest_decode(struct cu_image *img, struct cu_span data,
		       struct cu_err *err);

/* Decode the image config: diff_ids, history, platform, runtime config. */
int cu_config_decode(struct cu_image *img, struct cu_span data,
		     struct cu_err *err);

/*
 * Decode a docker-archive manifest.json, choosing the entry for tag (NULL:
 * the first). Sets *config_path and fills img->layers[].location with the
 * archive paths of the layer tars.
 */
int cu_docker_manifest_decode(struct cu_image *img, struct cu_span data,
			      const char *tag, const char **config_path,
			      struct cu_err *err);

/* Check data against a digest "alg:hex" (sha256 or sha512). */
int cu_verify_digest(struct cu_span data, const char *digest, const char *what,
		     struct cu_err *err);

#endif
