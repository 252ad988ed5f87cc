/*
 * fuzz-manifest.c - the image document decoders: OCI index, image
 * manifest, image config and docker-save manifest.json.
 */
#include "common.h"
#include "image/manifest.h"

static struct cu_image *fresh(void)
{
	struct cu_image *img = calloc(1, sizeof(*img));

	if (img)
		cu_arena_init(&img->arena, 0);
	return img;
}

static void drop(struct cu_image *img)
{
	cu_arena_release(&img->arena);
	free(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_span s = cu_span_make(data, size);
	struct cu_image_options opts = { NULL };
	struct cu_descriptor desc;
	struct cu_err err = { 0 };
	const char *config_path;
	struct cu_image *img;

	if ((img = fresh())) {
		cu_index_select(img, s, "index", NULL, &opts, &desc, &err);
		cu_index_select(img, s, "index", "latest", &opts, &desc, &err);
		drop(img);
	}
	if ((img = fresh())) {
		if (cu_manifest_decode(img, s, &err) == 0)
			cu_config_decode(img, s, &err);
		drop(img);
	}
	if ((img = fresh())) {
		cu_docker_manifest_decode(img, s, NULL, &config_path, &err);
		drop(img);
	}
	return 0;
}
