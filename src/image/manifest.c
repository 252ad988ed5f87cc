/*
 * manifest.c - decode OCI / Docker image documents into struct cu_image.
 */
#include "common.h"
#include "digest.h"
#include "json.h"
#include "manifest.h"

bool cu_media_type_is_index(const char *mt)
{
	return mt && (strcmp(mt, CU_MT_OCI_INDEX) == 0 ||
		      strcmp(mt, CU_MT_DOCKER_LIST) == 0);
}

int cu_verify_digest(struct cu_span data, const char *digest, const char *what,
		     struct cu_err *err)
{
	struct cu_hasher *h = cu_hasher_for(cu_span_str(digest));
	char got[CU_DIGEST_MAX];
	int rc;

	if (!h)
		return cu_seterr(err, CU_EFORMAT, "%s has an unsupported digest '%s'",
				 what, digest);
	rc = cu_hasher_update(h, data.ptr, data.len);
	if (rc) {
		cu_hasher_free(h);
		return rc;
	}
	rc = cu_hasher_final(h, got, sizeof(got));
	if (rc)
		return rc;
	if (strcmp(got, digest) != 0)
		return cu_seterr(err, CU_EDIGEST,
				 "%s does not match its digest: expected %s, got %s",
				 what, digest, got);
	return 0;
}

static int copy_digest(char *dst, const char *src, const char *what,
		       struct cu_err *err)
{
	if (!src || !cu_digest_valid(cu_span_str(src)))
		return cu_seterr(err, CU_EFORMAT, "%s has a missing or malformed digest '%.80s'",
				 what, src ? src : "");
	snprintf(dst, CU_DIGEST_MAX, "%s", src);
	return 0;
}

static int decode_descriptor(struct cu_image *img, const json_t *d,
			     const char *what, struct cu_descriptor *out,
			     struct cu_err *err)
{
	long long size = cu_json_uint(d, "size");
	const char *mt = cu_json_str(d, "mediaType");

	if (!json_is_object(d))
		return cu_seterr(err, CU_EFORMAT, "%s: descriptor is not an object", what);
	out->media_type = mt ? cu_arena_strdup(&img->arena, mt) : NULL;
	out->size = size < 0 ? 0 : (uint64_t)size;
	out->ref_name = NULL;
	return copy_digest(out->digest, cu_json_str(d, "digest"), what, err);
}

/* --- index --------------------------------------------------------------- */

struct platform {
	char os[32], arch[32], variant[32];
};

static void parse_platform(const char *spec, struct platform *p)
{
	struct cu_span s = cu_span_str(spec ? spec : "linux/amd64"), part;

	memset(p, 0, sizeof(*p));
	cu_span_split(&s, '/', &part);
	cu_span_to_cstr(part, p->os, sizeof(p->os));
	cu_span_split(&s, '/', &part);
	cu_span_to_cstr(part, p->arch, sizeof(p->arch));
	cu_span_to_cstr(s, p->variant, sizeof(p->variant));
	if (!p->arch[0]) {	/* "arm64" alone means linux/arm64 */
		memcpy(p->arch, p->os, sizeof(p->arch));
		snprintf(p->os, sizeof(p->os), "linux");
	}
}

static bool platform_matches(const json_t *plat, const struct platform *want)
{
	const char *os = cu_json_str(plat, "os");
	const char *arch = cu_json_str(plat, "architecture");
	const char *variant = cu_json_str(plat, "variant");

	if (!os || !arch || strcmp(os, want->os) || strcmp(arch, want->arch))
		return false;
	return !want->variant[0] || (variant && strcmp(variant, want->variant) == 0);
}

static const char *ref_name_of(const json_t *d)
{
	json_t *ann = cu_json_object(d, "annotations");

	return cu_json_str(ann, "org.opencontainers.image.ref.name");
}

/* The tag part of a ref name: "latest" of "docker.io/x/y:latest". */
static bool ref_name_is(const char *ref, const char *tag)
{
	size_t rl, tl;

	if (!ref)
		return false;
	if (strcmp(ref, tag) == 0)
		return true;
	rl = strlen(ref);
	tl = strlen(tag);
	return rl > tl && ref[rl - tl - 1] == ':' && strcmp(ref + rl - tl, tag) == 0;
}

static int list_platforms(const json_t *manifests, struct cu_buf *out)
{
	size_t i;
	json_t *d;

	json_array_foreach(manifests, i, d) {
		json_t *p = cu_json_object(d, "platform");
		const char *v = cu_json_str(p, "variant");

		if (!p)
			continue;
		cu_buf_addf(out, "%s%s/%s%s%s", out->len ? ", " : "",
			    cu_json_str(p, "os") ? cu_json_str(p, "os") : "?",
			    cu_json_str(p, "architecture") ? cu_json_str(p, "architecture") : "?",
			    v ? "/" : "", v ? v : "");
	}
	return 0;
}

static int choose_entry(const json_t *manifests, const char *tag,
			const struct cu_image_options *opts, const char *what,
			const json_t **chosen, struct cu_err *err)
{
	struct platform want;
	const json_t *by_tag = NULL, *by_plat = NULL, *only = NULL;
	size_t i, ntag = 0, n = json_array_size(manifests);
	json_t *d;
	int rc = 0;

	parse_platform(opts ? opts->platform : NULL, &want);
	json_array_foreach(manifests, i, d) {
		const char *ref = ref_name_of(d);
		json_t *plat = cu_json_object(d, "platform");

		if (tag && !ref_name_is(ref, tag))
			continue;
		if (!tag && n > 1 && ref && strcmp(ref, "latest") == 0 && !by_tag)
			by_tag = d;
		ntag++;
		only = d;
		if (plat && platform_matches(plat, &want) && !by_plat)
			by_plat = d;
	}
	if (tag && !ntag)
		return cu_seterr(err, CU_ENOTFOUND, "%s has no image tagged '%s'", what, tag);
	if (by_plat)
		*chosen = by_plat;
	else if (ntag == 1 && !cu_json_object(only, "platform"))
		*chosen = only;
	else if (ntag == 1 && (!opts || !opts->platform))
		*chosen = only;	/* the only image is for another platform */
	else if (by_tag && !cu_json_object(by_tag, "platform"))
		*chosen = by_tag;
	else {
		struct cu_buf plats = CU_BUF_INIT;

		list_platforms(manifests, &plats);
		if (plats.len)
			rc = cu_seterr(err, CU_ENOTFOUND,
				       "%s has no image for platform %s/%s%s%s (it has: %s)",
				       what, want.os, want.arch, want.variant[0] ? "/" : "",
				       want.variant, cu_buf_str(&plats));
		else
			rc = cu_seterr(err, CU_ENOTFOUND,
				       "%s holds %zu images: name one with a tag", what, ntag);
		cu_buf_release(&plats);
	}
	return rc;
}

int cu_index_select(struct cu_image *img, struct cu_span data, const char *what,
		    const char *tag, const struct cu_image_options *opts,
		    struct cu_descriptor *out, struct cu_err *err)
{
	const json_t *chosen = NULL;
	json_t *root = NULL, *manifests;
	int rc = cu_json_parse(data, what, &root, err);

	if (rc)
		return rc;
	manifests = cu_json_array(root, "manifests");
	if (!manifests) {
		rc = cu_seterr(err, CU_EFORMAT, "%s has no \"manifests\" list", what);
		goto out;
	}
	if (json_array_size(manifests) > CU_CAP_INDEX_ENTRIES) {
		rc = cu_seterr(err, CU_ETOOBIG, "%s lists more than %d manifests",
			       what, CU_CAP_INDEX_ENTRIES);
		goto out;
	}
	rc = choose_entry(manifests, tag, opts, what, &chosen, err);
	if (rc)
		goto out;
	rc = decode_descriptor(img, chosen, what, out, err);
	if (rc)
		goto out;
	if (ref_name_of(chosen))
		out->ref_name = cu_arena_strdup(&img->arena, ref_name_of(chosen));
out:
	json_decref(root);
	return rc;
}

/* --- manifest ------------------------------------------------------------ */

static enum cu_compression compression_of(const char *mt)
{
	if (!mt)
		return CU_COMP_UNKNOWN;
	if (strstr(mt, "zstd"))
		return CU_COMP_ZSTD;
	if (strstr(mt, "gzip"))
		return CU_COMP_GZIP;
	if (strstr(mt, "tar"))
		return CU_COMP_UNKNOWN;	/* ".tar": checked from the bytes */
	return CU_COMP_UNKNOWN;
}

static int alloc_layers(struct cu_image *img, size_t n, struct cu_err *err)
{
	if (n > CU_CAP_LAYERS)
		return cu_seterr(err, CU_ETOOBIG, "image has more than %d layers",
				 CU_CAP_LAYERS);
	img->layers = cu_arena_calloc(&img->arena, n ? n : 1, sizeof(*img->layers));
	if (!img->layers)
		return CU_ENOMEM;
	img->nlayers = n;
	for (size_t i = 0; i < n; i++)
		img->layers[i].index = (int)i;
	return 0;
}

int cu_manifest_decode(struct cu_image *img, struct cu_span data,
		       struct cu_err *err)
{
	json_t *root = NULL, *layers, *d;
	struct cu_descriptor desc;
	size_t i;
	int rc = cu_json_parse(data, "image manifest", &root, err);

	if (rc)
		return rc;
	if (cu_media_type_is_index(cu_json_str(root, "mediaType"))) {
		rc = cu_seterr(err, CU_EFORMAT, "expected an image manifest, found an index");
		goto out;
	}
	rc = decode_descriptor(img, cu_json_object(root, "config"),
			       "image manifest config", &desc, err);
	if (rc)
		goto out;
	memcpy(img->config_digest, desc.digest, sizeof(desc.digest));
	layers = cu_json_array(root, "layers");
	if (!layers) {
		rc = cu_seterr(err, CU_EFORMAT, "image manifest has no \"layers\" list");
		goto out;
	}
	rc = alloc_layers(img, json_array_size(layers), err);
	if (rc)
		goto out;
	json_array_foreach(layers, i, d) {
		struct cu_layer *l = &img->layers[i];

		rc = decode_descriptor(img, d, "image manifest layer", &desc, err);
		if (rc)
			goto out;
		memcpy(l->digest, desc.digest, sizeof(desc.digest));
		l->media_type = desc.media_type;
		l->size = desc.size;
		l->compression = compression_of(desc.media_type);
		img->layers_size += desc.size;
	}
out:
	json_decref(root);
	return rc;
}

/* --- config -------------------------------------------------------------- */

static const char *dup_str(struct cu_image *img, const json_t *obj, const char *key)
{
	const char *s = cu_json_str(obj, key);

	return s ? cu_arena_strdup(&img->arena, s) : NULL;
}

static const char **dup_str_array(struct cu_image *img, const json_t *arr)
{
	const char **out;
	size_t i, n = 0;
	json_t *v;

	if (!json_is_array(arr))
		return NULL;
	out = cu_arena_calloc(&img->arena, json_array_size(arr) + 1, sizeof(*out));
	if (!out)
		return NULL;
	json_array_foreach(arr, i, v)
		if (json_is_string(v))
			out[n++] = cu_arena_strdup(&img->arena, json_string_value(v));
	return out;
}

static void decode_labels(struct cu_image *img, const json_t *labels)
{
	const char *key;
	json_t *v;
	size_t n = 0;

	if (!json_is_object(labels))
		return;
	img->labels = cu_arena_calloc(&img->arena, 2 * json_object_size(labels) + 1,
				      sizeof(*img->labels));
	if (!img->labels)
		return;
	json_object_foreach((json_t *)labels, key, v) {
		if (!json_is_string(v))
			continue;
		img->labels[n++] = cu_arena_strdup(&img->arena, key);
		img->labels[n++] = cu_arena_strdup(&img->arena, json_string_value(v));
	}
}

static int decode_history(struct cu_image *img, const json_t *history,
			  struct cu_err *err)
{
	size_t i, layer = 0;
	json_t *h;

	if (!json_is_array(history))
		return 0;
	if (json_array_size(history) > CU_CAP_LAYERS * 8)
		return cu_seterr(err, CU_ETOOBIG, "image config has too many history entries");
	img->history = cu_arena_calloc(&img->arena, json_array_size(history) + 1,
				       sizeof(*img->history));
	if (!img->history)
		return CU_ENOMEM;
	json_array_foreach(history, i, h) {
		struct cu_history *e = &img->history[img->nhistory++];

		e->created_by = dup_str(img, h, "created_by");
		e->created = dup_str(img, h, "created");
		e->empty_layer = json_is_true(json_object_get(h, "empty_layer"));
		if (e->empty_layer)
			continue;
		if (layer < img->nlayers) {
			img->layers[layer].created_by = e->created_by;
			img->layers[layer].created = e->created;
		}
		layer++;
	}
	return 0;
}

int cu_config_decode(struct cu_image *img, struct cu_span data,
		     struct cu_err *err)
{
	json_t *root = NULL, *rootfs, *diff_ids, *cfg, *d;
	size_t i;
	int rc = cu_json_parse(data, "image config", &root, err);

	if (rc)
		return rc;
	if (!json_is_object(root)) {
		rc = cu_seterr(err, CU_EFORMAT, "image config is not a JSON object");
		goto out;
	}
	rootfs = cu_json_object(root, "rootfs");
	diff_ids = cu_json_array(rootfs, "diff_ids");
	if (!diff_ids) {
		rc = cu_seterr(err, CU_EFORMAT, "image config has no rootfs.diff_ids");
		goto out;
	}
	if (json_array_size(diff_ids) != img->nlayers) {
		rc = cu_seterr(err, CU_EFORMAT,
			       "image config lists %zu diff_ids for %zu layers",
			       json_array_size(diff_ids), img->nlayers);
		goto out;
	}
	json_array_foreach(diff_ids, i, d) {
		rc = copy_digest(img->layers[i].diff_id, json_string_value(d),
				 "image config diff_id", err);
		if (rc)
			goto out;
	}
	img->os = dup_str(img, root, "os");
	img->architecture = dup_str(img, root, "architecture");
	img->variant = dup_str(img, root, "variant");
	img->created = dup_str(img, root, "created");
	cfg = cu_json_object(root, "config");
	img->user = dup_str(img, cfg, "User");
	img->env = dup_str_array(img, json_object_get(cfg, "Env"));
	img->entrypoint = dup_str_array(img, json_object_get(cfg, "Entrypoint"));
	img->cmd = dup_str_array(img, json_object_get(cfg, "Cmd"));
	decode_labels(img, json_object_get(cfg, "Labels"));
	rc = decode_history(img, json_object_get(root, "history"), err);
out:
	json_decref(root);
	return rc;
}

/* --- docker save manifest.json ------------------------------------------- */

static bool has_repo_tag(const json_t *entry, const char *tag)
{
	json_t *tags = cu_json_array(entry, "RepoTags"), *t;
	size_t i;

	json_array_foreach(tags, i, t)
		if (json_is_string(t) && ref_name_is(json_string_value(t), tag))
			return true;
	return false;
}

int cu_docker_manifest_decode(struct cu_image *img, struct cu_span data,
			      const char *tag, const char **config_path,
			      struct cu_err *err)
{
	json_t *root = NULL, *entry = NULL, *layers, *e;
	size_t i;
	int rc = cu_json_parse(data, "manifest.json", &root, err);

	if (rc)
		return rc;
	if (!json_is_array(root) || !json_array_size(root)) {
		rc = cu_seterr(err, CU_EFORMAT, "manifest.json is not a non-empty list");
		goto out;
	}
	json_array_foreach(root, i, e) {
		if (!tag || has_repo_tag(e, tag)) {
			entry = e;
			break;
		}
	}
	if (!entry) {
		rc = cu_seterr(err, CU_ENOTFOUND, "manifest.json has no image tagged '%s'", tag);
		goto out;
	}
	*config_path = dup_str(img, entry, "Config");
	layers = cu_json_array(entry, "Layers");
	if (!*config_path || !layers) {
		rc = cu_seterr(err, CU_EFORMAT, "manifest.json entry lacks Config or Layers");
		goto out;
	}
	img->repo_tags = dup_str_array(img, json_object_get(entry, "RepoTags"));
	rc = alloc_layers(img, json_array_size(layers), err);
	if (rc)
		goto out;
	json_array_foreach(layers, i, e) {
		if (!json_is_string(e)) {
			rc = cu_seterr(err, CU_EFORMAT, "manifest.json layer %zu is not a path", i);
			goto out;
		}
		img->layers[i].location = cu_arena_strdup(&img->arena, json_string_value(e));
	}
out:
	json_decref(root);
	return rc;
}
