/*
 * docker.c - resolve a `docker save` archive: manifest.json names the config
 * and the layer tars. Classic archives keep "<id>/layer.tar" and
 * "<hex>.json"; Docker 25+ archives are OCI layouts whose manifest.json
 * points at "blobs/sha256/<hex>". Where a path names a digest, the content
 * is checked against it; every layer is checked against its diff_id.
 */
#include "common.h"
#include "digest.h"
#include "manifest.h"
#include "oci.h"
#include "path.h"

/*
 * The digest a path names, if any: "blobs/sha256/<hex>" or "<hex>.json"
 * (classic configs are named by their sha256).
 */
static bool digest_from_path(const char *path, char *out, size_t outlen)
{
	struct cu_span p = cu_span_str(path), base = cu_path_basename(p);
	struct cu_span dir = cu_path_basename(cu_path_dirname(p));

	if (base.len == 64 && cu_span_starts_with(p, "blobs/") &&
	    (cu_span_eq_str(dir, "sha256") || cu_span_eq_str(dir, "sha512"))) {
		snprintf(out, outlen, "%.*s:%.*s", (int)dir.len, dir.ptr,
			 (int)base.len, base.ptr);
		return cu_digest_valid(cu_span_str(out));
	}
	if (base.len == 69 && cu_span_ends_with(base, ".json")) {
		snprintf(out, outlen, "sha256:%.64s", base.ptr);
		return cu_digest_valid(cu_span_str(out));
	}
	return false;
}

int cu_docker_resolve(struct cu_image *img, struct cu_store *st, const char *tag,
		      struct cu_err *err)
{
	const char *config_path = NULL;
	char *data = NULL;
	size_t len = 0;
	char digest[CU_DIGEST_MAX];
	int rc;

	rc = cu_store_slurp(st, "manifest.json", CU_CAP_MANIFEST_BYTES, &data, &len, err);
	if (rc)
		return rc;
	rc = cu_docker_manifest_decode(img, cu_span_make(data, len), tag,
				       &config_path, err);
	free(data);
	data = NULL;
	if (rc)
		return rc;
	rc = cu_store_slurp(st, config_path, CU_CAP_CONFIG_BYTES, &data, &len, err);
	if (rc == CU_ENOTFOUND)
		rc = cu_seterr_new(err, CU_ENOTFOUND,
				   "image config '%s' is missing from '%s'",
				   config_path, st->root);
	if (rc)
		goto out;
	rc = cu_sha256_digest(data, len, img->config_digest, sizeof(img->config_digest));
	if (rc)
		goto out;
	if (digest_from_path(config_path, digest, sizeof(digest))) {
		rc = cu_verify_digest(cu_span_make(data, len), digest, "image config", err);
		if (rc)
			goto out;
	}
	rc = cu_config_decode(img, cu_span_make(data, len), err);
	if (rc)
		goto out;
	for (size_t i = 0; i < img->nlayers; i++) {
		struct cu_layer *l = &img->layers[i];

		if (!cu_store_has(st, l->location)) {
			/* open it to get the precise reason (unsafe or missing) */
			struct cu_reader *r = NULL;

			rc = cu_store_open(st, l->location, &r, err);
			cu_reader_close(r);
			if (!rc)
				rc = cu_seterr(err, CU_ENOTFOUND, "layer '%s' is missing",
					       l->location);
			goto out;
		}
		if (digest_from_path(l->location, digest, sizeof(digest)))
			memcpy(l->digest, digest, sizeof(digest));
	}
out:
	free(data);
	return rc;
}
