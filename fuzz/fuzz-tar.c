/*
 * fuzz-tar.c - the layer reader: decompression (gzip, zstd, none chosen
 * from the bytes), tar parsing, and applying entries to the filesystem
 * view, with every file captured.
 */
#include "common.h"
#include "fsview/build.h"

static unsigned want_all(void *ctx, int layer, struct cu_span path,
			 const struct cu_tar_entry *e)
{
	return CU_WANT_KEEP | CU_WANT_STREAM;
}

static int on_data(void *ctx, const void *buf, size_t len, struct cu_err *err)
{
	return 0;
}

static int end(void *ctx, int layer, struct cu_span path,
	       const struct cu_content *kept, bool complete, struct cu_err *err)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_capture_policy pol = { want_all, on_data, end, NULL };
	struct cu_fsview view;
	struct cu_reader *r;
	struct cu_err err = { 0 };

	if (cu_fsview_init(&view))
		return 0;
	if (!cu_reader_memory(data, size, "fuzz", &r)) {
		cu_fsview_add_stream(&view, 0, r, NULL, NULL, CU_LAYER_NO_VERIFY, &pol,
				     NULL, &err);
		cu_fsview_lookup(&view, "etc/os-release", true);
		cu_fsview_lookup(&view, "a/b/c/../../d", true);
	}
	cu_fsview_release(&view);
	return 0;
}
