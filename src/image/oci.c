/*
 * oci.c - resolve an OCI image layout (directory or archive) to one image:
 * index.json -> [nested indexes] -> manifest -> config (OCI image-spec
 * image-layout.md). Every document read is checked against its digest.
 */
#include "common.h"
#include "manifest.h"
#include "oci.h"

static int load_blob(struct cu_store *st, const char *digest, size_t cap,
		     const char *what, char **data, size_t *len, struct cu_err *err)
{
	char path[CU_DIGEST_MAX + 16];
	int rc;

	if (cu_blob_path(digest, path, sizeof(path)))
		return cu_seterr(err, CU_EFORMAT, "%s has a malformed digest", what);
	rc = cu_store_slurp(st, path, cap, data, len, err);
	if (rc == CU_ENOTFOUND)
		return cu_seterr_new(err, CU_ENOTFOUND, "%s blob %s is missing from '%s'",
				     what, digest, st->root);
	if (rc)
		return cu_seterr(err, rc, "cannot read %s", what);
	rc = cu_verify_digest(cu_span_make(*data, *len), digest, what, err);
	if (rc) {
		free(*data);
		*data = NULL;
	}
	return rc;
}

int cu_oci_resolve(struct cu_image *img, struct cu_store *st, const char *tag,
		   const struct cu_image_options *opts, struct cu_err *err)
{
	struct cu_descriptor desc;
	char *data = NULL;
	size_t len = 0;
	int rc, depth = 0;

	rc = cu_store_slurp(st, "index.json", CU_CAP_MANIFEST_BYTES, &data, &len, err);
	if (rc)
		return rc;
	rc = cu_index_select(img, cu_span_make(data, len), "index.json", tag, opts,
			     &desc, err);
	while (!rc && cu_media_type_is_index(desc.media_type)) {
		if (++depth > CU_CAP_INDEX_DEPTH) {
			rc = cu_seterr(err, CU_ETOOBIG, "image indexes nest too deeply");
			break;
		}
		free(data);
		data = NULL;
		rc = load_blob(st, desc.digest, CU_CAP_MANIFEST_BYTES, "image index",
			       &data, &len, err);
		if (!rc)
			rc = cu_index_select(img, cu_span_make(data, len), "image index",
					     NULL, opts, &desc, err);
	}
	if (rc)
		goto out;
	if (desc.ref_name && !img->tag)
		img->tag = desc.ref_name;
	memcpy(img->manifest_digest, desc.digest, sizeof(desc.digest));
	img->manifest_media_type = desc.media_type;
	free(data);
	data = NULL;
	rc = load_blob(st, desc.digest, CU_CAP_MANIFEST_BYTES, "image manifest",
		       &data, &len, err);
	if (!rc)
		rc = cu_manifest_decode(img, cu_span_make(data, len), err);
	if (rc)
		goto out;
	free(data);
	data = NULL;
	rc = load_blob(st, img->config_digest, CU_CAP_CONFIG_BYTES, "image config",
		       &data, &len, err);
	if (!rc)
		rc = cu_config_decode(img, cu_span_make(data, len), err);
	if (rc)
		goto out;
	for (size_t i = 0; i < img->nlayers; i++) {
		char path[CU_DIGEST_MAX + 16];

		cu_blob_path(img->layers[i].digest, path, sizeof(path));
		img->layers[i].location = cu_arena_strdup(&img->arena, path);
	}
out:
	free(data);
	return rc;
}
