/*
 * fuzz-binary.c - the binary cataloger: the input is streamed as one
 * executable through its stream_* functions in three chunk sizes (ELF
 * headers, the streamed Go build info search, the kept tail and section
 * headers, cargo-auditable data). It is also handed straight to the Go
 * build info and cargo-auditable readers, and to the Cargo.lock cataloger
 * as a lockfile.
 */
#include "catalog/binary.h"
#include "catalog/catalog.h"
#include "common.h"
#include "image/layer.h"

static struct cu_fsnode *put(struct cu_fsview *v, const char *path, size_t size)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = size;
	e.mode = 0755;
	if (cu_fsview_apply(v, 0, &e, &n, &err))
		return NULL;
	return n;
}

static void run(const struct cu_cataloger_ops *op, void *state, struct cu_fsview *v)
{
	struct cu_catalog cat;
	struct cu_err err = { 0 };

	cu_catalog_init(&cat);
	op->catalog(state, &cat, v, &err);
	cu_catalog_release(&cat);
}

static void stream(struct cu_fsview *v, const uint8_t *data, size_t size, size_t chunk)
{
	const struct cu_cataloger_ops *op = &cu_cataloger_binary;
	struct cu_file_info fi = { cu_span_str("usr/bin/app"), size, 0755, 0 };
	void *state = NULL, *file = NULL;

	if (op->init(&state))
		return;
	if (op->stream_begin(state, &fi, &file, NULL) == 0 && file) {
		for (size_t off = 0; off < size; off += chunk) {
			size_t len = size - off < chunk ? size - off : chunk;

			if (op->stream_data(state, file, data + off, len, NULL))
				break;
		}
		op->stream_end(state, file, true, NULL);
	}
	run(op, state, v);
	op->free(state);
}

static void lockfile(struct cu_fsview *v, const uint8_t *data, size_t size)
{
	const struct cu_cataloger_ops *op = &cu_cataloger_cargo_lock;
	struct cu_file_info fi = { cu_span_str("app/Cargo.lock"), size, 0644, 0 };
	struct cu_fsnode *n = put(v, "app/Cargo.lock", size);
	struct cu_content *c = cu_content_new(cu_span_make(data, size), false);
	struct cu_err err = { 0 };
	void *state = NULL;

	if (!n || !c) {
		cu_content_put(c);
		return;
	}
	if (cu_fsview_set_content(v, n, c, &err) || op->init(&state))
		return;	/* the view owns c either way */
	op->captured(state, &fi, c, &err);
	run(op, state, v);
	op->free(state);
}

static void readers(const uint8_t *data, size_t size)
{
	struct cu_span s = cu_span_make(data, size);
	struct cu_bin_result r;
	struct cu_arena arena;
	size_t budget = 1000;
	int rc;

	cu_arena_init(&arena, 64 * CU_MiB);
	cu_bin_result_init(&r, &arena, &budget);
	cu_go_read_section(s, &r, &rc);
	cu_rust_read_audit(s, &r);
	cu_arena_release(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 65536, 4093, 7 };
	struct cu_fsview v;

	if (cu_fsview_init(&v))
		return 0;
	if (put(&v, "usr/bin/app", size))
		for (size_t i = 0; i < CU_ARRAY_SIZE(chunks); i++)
			stream(&v, data, size, chunks[i]);
	lockfile(&v, data, size);
	readers(data, size);
	cu_fsview_release(&v);
	return 0;
}
