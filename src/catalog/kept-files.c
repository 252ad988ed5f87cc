/*
 * kept-files.c - the paths of the files a cataloger keeps (CU_WANT_KEEP),
 * remembered as layers go by and read whole from the final view: gemspecs,
 * Composer's installed.json and composer.lock, .NET deps.json files.
 */
#include "catalog.h"
#include "common.h"

void cu_kept_files_init(struct cu_kept_files *k, size_t cap)
{
	cu_arena_init(&k->arena, 0);
	cu_map_init(&k->paths, cap);
}

void cu_kept_files_release(struct cu_kept_files *k)
{
	cu_map_release(&k->paths);
	cu_arena_release(&k->arena);
}

int cu_kept_files_add(struct cu_kept_files *k, struct cu_span path)
{
	char *copy;

	if (cu_map_get(&k->paths, path))
		return 0;
	copy = cu_arena_spandup(&k->arena, path);
	if (!copy)
		return CU_ENOMEM;
	if (cu_map_put(&k->paths, cu_span_str(copy), copy) == CU_ENOMEM)
		return CU_ENOMEM;
	return 0;	/* past the cap: later files are not cataloged */
}

int cu_kept_files_each(const struct cu_kept_files *k, struct cu_catalog *cat,
		       const struct cu_fsview *view, cu_kept_file_fn fn, void *ctx,
		       const char **failed)
{
	struct cu_span key;
	void *value;
	int rc;

	for (size_t i = 0; cu_map_next(&k->paths, &i, &key, &value);) {
		const char *path = value;
		const struct cu_fsnode *n = cu_fsview_lookup(view, path, false);

		if (!n || n->type != CU_FS_FILE || !n->content)
			continue;	/* replaced or deleted by a later layer */
		if (n->content->truncated) {
			rc = cu_catalog_warn(cat, "%s: larger than %llu bytes, skipped", path,
					     (unsigned long long)CU_CAP_CAPTURE_FILE);
		} else {
			rc = fn(ctx, n, path);
		}
		if (rc) {
			*failed = path;
			return rc;
		}
	}
	return 0;
}
