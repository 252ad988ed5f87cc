/*
 * scan.c - image -> filesystem view -> catalog.
 */
#include <time.h>

#include "common.h"
#include "fsview/build.h"
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

int cu_scan_image(const char *ref, const struct cu_scan_options *opt,
		  struct cu_scan *out, struct cu_err *err)
{
	struct cu_image_options iopt = { opt ? opt->platform : NULL };
	struct cu_catalogers cs = { 0 };
	struct cu_capture_policy pol;
	struct cu_fsview view;
	unsigned lflags = opt && opt->single_thread ? 0 : CU_LAYER_THREADED;
	double t0 = now();
	int rc;

	memset(out, 0, sizeof(*out));
	cu_catalog_init(&out->cat);
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
