/*
 * node-lock-pnpm.c - pnpm-lock.yaml. Packages are the members of the
 * top-level "packages" mapping (and, from lockfile 9.0, "snapshots", the
 * same packages per set of peers), keyed by version:
 *
 *   5.x  /name/1.0.0, /@scope/name/1.0.0, /name/1.0.0_peer@2.0.0
 *   6.x  /name@1.0.0, /@scope/name@1.0.0(peer@2.0.0)
 *   9.x  name@1.0.0, @scope/name@1.0.0(peer@2.0.0)
 *
 * An entry's own "name" and "version" fields (tarball and git packages)
 * win over the key. 5.x and 6.x mark development-only packages with
 * "dev: true"; 9.x no longer does, so its packages are never marked dev.
 * file:, link: and workspace: packages are local code.
 */
#include "common.h"
#include "node-lock.h"

static const char *const sections[] = { "packages", "snapshots", NULL };

static bool local(struct cu_span s)
{
	return cu_span_starts_with(s, "file:") || cu_span_starts_with(s, "link:") ||
	       cu_span_starts_with(s, "workspace:");
}

/* Name and version from a key of any of the three forms; false if none. */
static bool parse_key(struct cu_span key, struct cu_span *name, struct cu_span *version)
{
	ptrdiff_t cut = cu_span_find(key, '('), slash;
	size_t i = 0;

	if (cut >= 0)
		key.len = (size_t)cut;
	if (key.len && key.ptr[0] == '/')
		key = cu_span_skip(key, 1);
	if (key.len && key.ptr[0] == '@') {
		slash = cu_span_find(key, '/');
		if (slash < 0)
			return false;
		i = (size_t)slash + 1;
	}
	while (i < key.len && key.ptr[i] != '/' && key.ptr[i] != '@')
		i++;
	if (i >= key.len)
		return false;
	*name = cu_span_sub(key, 0, i);
	*version = cu_span_skip(key, i + 1);
	if (key.ptr[i] == '/' && (cut = cu_span_find(*version, '_')) >= 0)
		version->len = (size_t)cut;	/* 5.x peer suffix */
	return true;
}

static int pnpm_entry(void *ctx, const struct cu_nl_yentry *y)
{
	struct cu_nl_file *lf = ctx;
	struct cu_nl_entry e = { 0 };

	if (local(y->key) || (cu_span_starts_with(y->key, "/") && local(cu_span_skip(y->key, 1))))
		return 0;
	if (!parse_key(y->key, &e.name, &e.version) && !y->field[CU_NL_Y_NAME].len) {
		lf->bad++;
		return 0;
	}
	if (local(e.version))
		return 0;
	if (y->field[CU_NL_Y_NAME].len)
		e.name = y->field[CU_NL_Y_NAME];
	if (y->field[CU_NL_Y_VERSION].len)
		e.version = y->field[CU_NL_Y_VERSION];
	e.dev = cu_span_eq_str(y->field[CU_NL_Y_DEV], "true");
	e.depends = y->depends;
	e.ndepends = y->ndepends;
	e.integrity = y->field[CU_NL_Y_INTEGRITY];
	return cu_nl_emit(lf, &e);
}

int cu_nl_read_pnpm(struct cu_nl_file *lf, struct cu_span text)
{
	struct cu_err yerr = { 0 };
	int rc = cu_nl_yaml_entries(text, lf->path, sections, pnpm_entry, lf, &yerr);

	if (rc == CU_EFORMAT)
		rc = cu_catalog_warn(lf->cat, "%s, the rest skipped", yerr.msg);
	return rc;
}
