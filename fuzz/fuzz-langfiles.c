/*
 * fuzz-langfiles.c - the ruby, php and dotnet catalogers: the input is the
 * content of a gem specification, a Composer installed.json and
 * composer.lock, and .NET deps.json files, offered through the capture
 * policy as a layer would.
 */
#include "catalog/catalog.h"
#include "common.h"
#include "fsview/build.h"
#include "image/layer.h"

static const char *const paths[] = {
	"usr/local/bundle/specifications/x-1.0.gemspec",
	"usr/lib/ruby/gems/3.1.0/specifications/default/y-2.0.gemspec",
	"var/www/vendor/composer/installed.json",
	"app/composer.lock",
	"app/app.deps.json",
	"usr/share/dotnet/shared/Microsoft.NETCore.App/6.0.25/Microsoft.NETCore.App.deps.json",
};

static void put(struct cu_fsview *v, const struct cu_capture_policy *pol, const char *path,
		const uint8_t *data, size_t size)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_content *c = NULL;
	struct cu_err err = { 0 };
	unsigned want;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = size;
	if (cu_fsview_apply(v, 0, &e, &n, &err) || !n)
		return;
	want = pol->want(pol->ctx, 0, cu_span_str(path), &e);
	if (!want)
		return;
	if (want & CU_WANT_STREAM)
		pol->data(pol->ctx, data, size, &err);
	if (want & CU_WANT_KEEP) {
		c = cu_content_new(cu_span_make(data, size), false);
		if (c)
			cu_fsview_set_content(v, n, c, &err);
	}
	pol->end(pol->ctx, 0, cu_span_str(path), c, true, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_capture_policy pol;
	struct cu_catalogers cs;
	struct cu_catalog cat;
	struct cu_fsview v;
	struct cu_err err = { 0 };

	if (cu_fsview_init(&v))
		return 0;
	cu_catalog_init(&cat);
	if (cu_catalogers_init(&cs) == 0) {
		cu_catalogers_policy(&cs, &pol);
		for (size_t i = 0; i < CU_ARRAY_SIZE(paths); i++)
			put(&v, &pol, paths[i], data, size);
		cu_catalogers_run(&cs, &cat, &v, &err);
		cu_catalogers_release(&cs);
	}
	cu_catalog_release(&cat);
	cu_fsview_release(&v);
	return 0;
}
