/*
 * sources.c - the image sources and the parsing of image references.
 *
 *   docker-archive:FILE[:TAG]  a `docker save` tar (classic or Docker 25+)
 *   oci-archive:FILE[:TAG]     an OCI image layout packed as a tar
 *   oci:DIR[:TAG]              an OCI image layout directory
 *   FILE or DIR                any of the above, told apart by content
 */
#include <sys/stat.h>

#include "common.h"
#include "oci.h"
#include "source.h"

static struct cu_store *store_of(struct cu_image *img)
{
	return img->source_state;
}

static int layer_open(struct cu_image *img, size_t i, struct cu_reader **out,
		      struct cu_err *err)
{
	return cu_store_open(store_of(img), img->layers[i].location, out, err);
}

static void store_close(struct cu_image *img)
{
	struct cu_store *st = store_of(img);

	if (st) {
		cu_store_close(st);
		free(st);
	}
	img->source_state = NULL;
}

static int new_store(struct cu_image *img, const char *path, bool tar,
		     struct cu_err *err)
{
	struct cu_store *st = calloc(1, sizeof(*st));
	int rc;

	if (!st)
		return CU_ENOMEM;
	st->dirfd = -1;
	rc = tar ? cu_store_open_tar(st, path, err) : cu_store_open_dir(st, path, err);
	if (rc) {
		free(st);
		return rc;
	}
	img->source_state = st;
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static bool is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* --- docker-archive ------------------------------------------------------ */

static int docker_open(struct cu_image *img, const char *path, const char *tag,
		       const struct cu_image_options *opts, struct cu_err *err)
{
	int rc = new_store(img, path, !is_dir(path), err);

	if (rc)
		return rc;
	if (!cu_store_has(store_of(img), "manifest.json"))
		return cu_seterr(err, CU_EFORMAT,
				 "'%s' is not a docker archive: it has no manifest.json", path);
	return cu_docker_resolve(img, store_of(img), tag, err);
}

static bool docker_probe(const char *path)
{
	(void)path;
	return false;	/* detected in detect() from the archive index */
}

const struct cu_image_source_ops cu_source_docker_archive = {
	.name = "docker-archive",
	.prefix = "docker-archive",
	.probe = docker_probe,
	.open = docker_open,
	.open_layer = layer_open,
	.close = store_close,
};

/* --- oci-layout ---------------------------------------------------------- */

static int oci_dir_open(struct cu_image *img, const char *path, const char *tag,
			const struct cu_image_options *opts, struct cu_err *err)
{
	int rc = new_store(img, path, false, err);

	if (rc)
		return rc;
	if (!cu_store_has(store_of(img), "index.json"))
		return cu_seterr(err, CU_EFORMAT,
				 "'%s' is not an OCI image layout: it has no index.json", path);
	return cu_oci_resolve(img, store_of(img), tag, opts, err);
}

static bool oci_dir_probe(const char *path)
{
	return is_dir(path);
}

const struct cu_image_source_ops cu_source_oci_layout = {
	.name = "oci-layout",
	.prefix = "oci",
	.probe = oci_dir_probe,
	.open = oci_dir_open,
	.open_layer = layer_open,
	.close = store_close,
};

/* --- oci-archive --------------------------------------------------------- */

static int oci_tar_open(struct cu_image *img, const char *path, const char *tag,
			const struct cu_image_options *opts, struct cu_err *err)
{
	int rc = new_store(img, path, true, err);

	if (rc)
		return rc;
	if (!cu_store_has(store_of(img), "index.json"))
		return cu_seterr(err, CU_EFORMAT,
				 "'%s' is not an OCI archive: it has no index.json", path);
	return cu_oci_resolve(img, store_of(img), tag, opts, err);
}

static bool oci_tar_probe(const char *path)
{
	return is_file(path);
}

const struct cu_image_source_ops cu_source_oci_archive = {
	.name = "oci-archive",
	.prefix = "oci-archive",
	.probe = oci_tar_probe,
	.open = oci_tar_open,
	.open_layer = layer_open,
	.close = store_close,
};

static const struct cu_image_source_ops *const sources[] = {
	&cu_source_docker_archive,
	&cu_source_oci_archive,
	&cu_source_oci_layout,
};

/* --- references ---------------------------------------------------------- */

/*
 * A plain path: a directory with manifest.json but no index.json is an
 * unpacked docker save; with index.json it is an OCI layout (Docker 25+
 * saves have both and are read through manifest.json). A file is indexed
 * as a tar and told apart the same way.
 */
static int detect(struct cu_image *img, const char *path,
		  const struct cu_image_source_ops **out, struct cu_err *err)
{
	bool dir = is_dir(path);
	bool has_manifest, has_index;
	int rc;

	if (!dir && !is_file(path))
		return cu_seterr(err, CU_ENOTFOUND,
				 "'%s' is neither an image file nor a directory", path);
	rc = new_store(img, path, !dir, err);
	if (rc)
		return rc;
	has_manifest = cu_store_has(store_of(img), "manifest.json");
	has_index = cu_store_has(store_of(img), "index.json");
	store_close(img);
	if (has_manifest)
		*out = &cu_source_docker_archive;
	else if (has_index)
		*out = dir ? &cu_source_oci_layout : &cu_source_oci_archive;
	else
		return cu_seterr(err, CU_EFORMAT,
				 "'%s' is not a docker archive or OCI layout (no manifest.json or index.json)",
				 path);
	return 0;
}

/* Split "PATH:TAG" unless PATH:TAG itself exists or TAG looks like a path. */
static void split_tag(struct cu_image *img, const char *rest, const char **path,
		      const char **tag)
{
	const char *colon = strrchr(rest, ':');
	struct stat sb;

	*path = rest;
	*tag = NULL;
	if (!colon || stat(rest, &sb) == 0 || strchr(colon, '/') || !colon[1])
		return;
	*path = cu_arena_strndup(&img->arena, rest, (size_t)(colon - rest));
	*tag = cu_arena_strdup(&img->arena, colon + 1);
}

/* "name:tag" or "registry/name:tag" rather than a path. */
static bool looks_like_registry_ref(const char *ref)
{
	return ref[0] != '/' && ref[0] != '.' && strchr(ref, ':') != NULL;
}

int cu_image_open(const char *ref, const struct cu_image_options *opts,
		  struct cu_image **out, struct cu_err *err)
{
	struct cu_image *img = calloc(1, sizeof(*img));
	const struct cu_image_source_ops *src = NULL;
	const char *path = NULL, *tag = NULL;
	int rc = 0;

	if (!img)
		return CU_ENOMEM;
	cu_arena_init(&img->arena, 0);
	img->ref = cu_arena_strdup(&img->arena, ref);
	for (size_t i = 0; i < CU_ARRAY_SIZE(sources); i++) {
		size_t n = strlen(sources[i]->prefix);

		if (strncmp(ref, sources[i]->prefix, n) == 0 && ref[n] == ':') {
			src = sources[i];
			split_tag(img, ref + n + 1, &path, &tag);
			break;
		}
	}
	if (!src) {
		split_tag(img, ref, &path, &tag);
		rc = detect(img, path, &src, err);
		if (rc == CU_ENOTFOUND && looks_like_registry_ref(ref))
			rc = cu_seterr_new(err, CU_ENOTFOUND,
					   "no image file or directory '%s' (pulling from a registry is not supported yet)",
					   ref);
		if (rc)
			goto out;
	}
	img->path = path;
	img->tag = tag;
	img->source = src;
	rc = src->open(img, path, tag, opts, err);
out:
	if (rc) {
		cu_image_free(img);
		return rc;
	}
	*out = img;
	return 0;
}

void cu_image_free(struct cu_image *img)
{
	if (!img)
		return;
	if (img->source && img->source->close)
		img->source->close(img);
	else
		store_close(img);
	cu_arena_release(&img->arena);
	free(img);
}

int cu_image_open_layer(struct cu_image *img, size_t i, struct cu_reader **out,
			struct cu_err *err)
{
	int rc;

	if (i >= img->nlayers)
		return CU_EUSAGE;
	rc = img->source->open_layer(img, i, out, err);
	if (rc)
		return cu_seterr(err, rc, "cannot open layer %zu", i);
	return 0;
}

const char *cu_image_source_name(const struct cu_image *img)
{
	return img->source ? img->source->name : "unknown";
}

const char *cu_compression_name(enum cu_compression c)
{
	switch (c) {
	case CU_COMP_NONE: return "none";
	case CU_COMP_GZIP: return "gzip";
	case CU_COMP_ZSTD: return "zstd";
	default: return "unknown";
	}
}

const char *cu_image_label(const struct cu_image *img, const char *key)
{
	for (size_t i = 0; img->labels && img->labels[i]; i += 2)
		if (strcmp(img->labels[i], key) == 0)
			return img->labels[i + 1];
	return NULL;
}
