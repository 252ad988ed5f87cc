/*
 * fuzz-dpkg.c - the dpkg status parser and cataloger: the input is the
 * content of /var/lib/dpkg/status (and of one status.d file).
 */
#include "catalog/catalog.h"
#include "common.h"
#include "image/layer.h"

static void put(struct cu_fsview *v, const char *path, const uint8_t *data,
		size_t size)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n;
	struct cu_content *c;
	struct cu_err err = { 0 };

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = size;
	if (cu_fsview_apply(v, 0, &e, &n, &err) || !n)
		return;
	c = cu_content_new(cu_span_make(data, size), false);
	if (c)
		cu_fsview_set_content(v, n, c, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_catalogers cs;
	struct cu_catalog cat;
	struct cu_fsview v;
	struct cu_err err = { 0 };

	if (cu_fsview_init(&v))
		return 0;
	put(&v, "var/lib/dpkg/status", data, size);
	put(&v, "var/lib/dpkg/status.d/pkg", data, size);
	put(&v, "etc/os-release", data, size);
	cu_catalog_init(&cat);
	if (cu_catalogers_init(&cs) == 0) {
		cu_catalogers_run(&cs, &cat, &v, &err);
		cu_catalogers_release(&cs);
	}
	cu_catalog_release(&cat);
	cu_fsview_release(&v);
	return 0;
}
