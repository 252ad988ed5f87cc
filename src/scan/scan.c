/*
 * scan.c - image -> filesystem view -> catalog; or SBOM -> catalog.
 */
#include <time.h>

#include "common.h"
#include "fsview/build.h"
#include "image/source.h"
#include "scan.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The base layers: exactly from --base, else guessed from the history. */
static int find_base(struct cu_scan *s, const struct cu_scan_options *opt,
		     struct cu_err *err)
{
	struct cu_image_options iopt = { opt ? opt->platform : NULL };
	struct cu_image *base = NULL;
	int rc;

	s->base_layers = -1;
	if (opt && opt->base_ref) {
		rc = cu_image_open(opt->base_ref, &iopt, &base, err);
		if (rc)
			return cu_seterr(err, rc, "base image '%s'", opt->base_ref);
		s->base_layers = cu_image_base_layers_from(s->img, base);
		s->base_basis = "base-image";
		cu_image_free(base);
		return 0;
	}
	s->base_layers = cu_image_base_layers_from_history(s->img);
	s->base_basis = s->base_layers >= 0 ? "history" : NULL;
	return 0;
}

/* --- an SBOM instead of an image ---------------------------------------- */

/* The stand-in image of an SBOM scan has no blobs to open. */
static const struct cu_image_source_ops sbom_source = {
	.name = "sbom",
	.prefix = "sbom",
};

/* "sbom:FILE", or a file that starts like an SBOM; NULL for an image. */
static const char *sbom_path(const char *ref)
{
	if (strncmp(ref, "sbom:", 5) == 0)
		return ref + 5;
	return cu_sbom_probe(ref) ? ref : NULL;
}

static const char *img_str(struct cu_image *img, const char *s, bool *oom)
{
	char *copy = s ? cu_arena_strdup(&img->arena, s) : NULL;

	*oom |= s && !copy;
	return copy;
}

/* A digest that fits the image's fixed-size fields, else "". */
static void set_digest(char *dst, size_t len, const char *digest)
{
	if (!digest || !cu_span_to_cstr(cu_span_str(digest), dst, len))
		dst[0] = '\0';
}

static bool sbom_layers(struct cu_image *img, const struct cu_sbom_info *info)
{
	bool oom = false;

	img->layers = cu_arena_calloc(&img->arena, info->nlayers + 1, sizeof(*img->layers));
	if (!img->layers)
		return false;
	img->nlayers = info->nlayers;
	for (size_t i = 0; i < info->nlayers; i++) {
		struct cu_layer *l = &img->layers[i];

		l->index = (int)i;
		set_digest(l->digest, sizeof(l->digest), info->layers[i].digest);
		set_digest(l->diff_id, sizeof(l->diff_id), info->layers[i].diff_id);
		l->created_by = img_str(img, info->layers[i].created_by, &oom);
	}
	return !oom;
}

/* What reports read of an image, from what the SBOM says of its subject. */
static int sbom_image(const char *ref, const char *path, const struct cu_sbom_info *info,
		      struct cu_image **out)
{
	struct cu_image *img = calloc(1, sizeof(*img));
	bool oom = false;

	if (!img)
		return CU_ENOMEM;
	cu_arena_init(&img->arena, 0);
	img->source = &sbom_source;
	img->ref = img_str(img, ref, &oom);
	img->path = img_str(img, path, &oom);
	set_digest(img->manifest_digest, sizeof(img->manifest_digest), info->digest);
	set_digest(img->config_digest, sizeof(img->config_digest), info->config_digest);
	img->os = img_str(img, info->platform_os, &oom);
	img->architecture = img_str(img, info->architecture, &oom);
	img->variant = img_str(img, info->variant, &oom);
	img->repo_tags = cu_arena_calloc(&img->arena, 2, sizeof(*img->repo_tags));
	if (img->repo_tags)
		img->repo_tags[0] = img_str(img, info->repo_tag, &oom);
	if (oom || !img->repo_tags || !sbom_layers(img, info)) {
		cu_image_free(img);
		return CU_ENOMEM;
	}
	*out = img;
	return 0;
}

static int scan_sbom(const char *ref, const char *path, struct cu_scan *out, double t0,
		     struct cu_err *err)
{
	int rc = cu_sbom_read(path, &out->cat, &out->sbom, err);

	out->from_sbom = true;
	out->base_layers = -1;
	if (!rc)
		rc = sbom_image(ref, path, &out->sbom, &out->img);
	if (!rc && !(out->layer_stats = cu_calloc(out->img->nlayers + 1,
						  sizeof(*out->layer_stats))))
		rc = CU_ENOMEM;
	out->seconds = now() - t0;
	if (rc)
		cu_scan_release(out);
	return rc;
}

/* --- an image ------------------------------------------------------------ */

int cu_scan_image(const char *ref, const struct cu_scan_options *opt,
		  struct cu_scan *out, struct cu_err *err)
{
	struct cu_image_options iopt = { opt ? opt->platform : NULL };
	struct cu_catalogers cs = { 0 };
	struct cu_capture_policy pol;
	struct cu_fsview view;
	unsigned lflags = opt && opt->single_thread ? 0 : CU_LAYER_THREADED;
	const char *sbom = sbom_path(ref);
	double t0 = now();
	int rc;

	memset(out, 0, sizeof(*out));
	cu_catalog_init(&out->cat);
	if (sbom)
		return scan_sbom(ref, sbom, out, t0, err);
	rc = cu_fsview_init(&view);
	if (rc)
		return rc;
	rc = cu_image_open(ref, &iopt, &out->img, err);
	if (rc)
		goto out;
	rc = find_base(out, opt, err);
	if (rc)
		goto out;
	out->layer_stats = cu_calloc(out->img->nlayers + 1, sizeof(*out->layer_stats));
	rc = out->layer_stats ? cu_catalogers_init(&cs) : CU_ENOMEM;
	if (rc)
		goto out;
	cu_catalogers_policy(&cs, &pol);
	out->cat.labels = out->img->labels;
	for (size_t i = 0; i < out->img->nlayers && !rc; i++)
		rc = cu_fsview_add_layer(&view, out->img, i, lflags, &pol,
					 &out->layer_stats[i], err);
	if (rc)
		goto out;
	rc = cu_catalogers_run(&cs, &out->cat, &view, err);
	out->view_files = view.nfiles;
	out->view_bytes = view.files_bytes;
	out->captured_bytes = view.captured_bytes;
out:
	cu_catalogers_release(&cs);
	cu_fsview_release(&view);
	out->seconds = now() - t0;
	if (rc)
		cu_scan_release(out);
	return rc;
}

void cu_scan_release(struct cu_scan *s)
{
	cu_image_free(s->img);
	s->img = NULL;
	free(s->layer_stats);
	s->layer_stats = NULL;
	cu_catalog_release(&s->cat);
	memset(&s->sbom, 0, sizeof(s->sbom));	/* its strings were the catalog's */
}

int cu_scan_layer_is_base(const struct cu_scan *s, int i)
{
	if (s->base_layers < 0 || i < 0)
		return -1;
	return i < s->base_layers;
}

const char *cu_scan_layer_digest(const struct cu_scan *s, int i)
{
	const struct cu_layer *l;

	if (!s->img || i < 0 || (size_t)i >= s->img->nlayers)
		return NULL;
	l = &s->img->layers[i];
	return l->digest[0] ? l->digest : l->diff_id;
}
