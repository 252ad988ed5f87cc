/*
 * fuzz-rpm.c - the rpm header reader and the rpm cataloger: the input is
 * read as one header blob, then as the content of each database form
 * (rpmdb.sqlite, Packages.db, Packages) streamed through the cataloger as
 * a layer would deliver it.
 */
#include "catalog/catalog.h"
#include "catalog/rpm-header.h"
#include "common.h"
#include "image/layer.h"

static void read_header(const uint8_t *data, size_t size)
{
	struct cu_arena a;
	struct cu_rpm_info info;
	struct cu_err err = { 0 };

	cu_arena_init(&a, 0);
	cu_rpm_info_read(&a, cu_span_make(data, size), &info, &err);
	cu_arena_release(&a);
}

static void stream(struct cu_fsview *v, const struct cu_capture_policy *pol,
		   const char *path, const uint8_t *data, size_t size)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n;
	struct cu_err err = { 0 };
	unsigned want;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = size;
	if (cu_fsview_apply(v, 0, &e, &n, &err) || !n)
		return;
	want = pol->want(pol->ctx, 0, cu_span_str(path), &e);
	if ((want & CU_WANT_STREAM) && size)
		pol->data(pol->ctx, data, size, &err);
	pol->end(pol->ctx, 0, cu_span_str(path), NULL, true, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"var/lib/rpm/rpmdb.sqlite",
		"usr/lib/sysimage/rpm/Packages.db",
		"var/lib/rpm/Packages",
	};
	struct cu_capture_policy pol;
	struct cu_catalogers cs;
	struct cu_catalog cat;
	struct cu_fsview v;
	struct cu_err err = { 0 };

	read_header(data, size);
	if (cu_fsview_init(&v))
		return 0;
	cu_catalog_init(&cat);
	if (cu_catalogers_init(&cs) == 0) {
		cu_catalogers_policy(&cs, &pol);
		for (size_t i = 0; i < CU_ARRAY_SIZE(paths); i++)
			stream(&v, &pol, paths[i], data, size);
		cu_catalogers_run(&cs, &cat, &v, &err);
		cu_catalogers_release(&cs);
	}
	cu_catalog_release(&cat);
	cu_fsview_release(&v);
	return 0;
}
