/*
 * node-lock-npm.c - package-lock.json and npm-shrinkwrap.json (npm docs
 * "package-lock.json"). lockfileVersion 2 and 3 list packages in a flat
 * "packages" map keyed by install path ("node_modules/a/node_modules/@s/b"),
 * with "" for the project itself, "link": true for symlinks to workspace
 * folders, "name" for aliases and "dev" / "devOptional" flags. Version 1
 * has a "dependencies" tree that nests as node_modules does, with
 * "version": "npm:real@1.0.0" for aliases and "requires" for the
 * dependency names. Version 2 carries both; "packages" is read then.
 *
 * Lockfiles reach tens of MB, so the document is never parsed whole: only
 * one "packages" entry (v2, v3) or one top-level dependency subtree (v1)
 * is held in memory at a time (cu_json_each_member).
 */
#include "common.h"
#include "json.h"
#include "node-lock.h"

struct npm_read {
	struct cu_nl_file *lf;
	struct cu_span packages, dependencies;
	struct cu_buf path;		/* v1: install path of the entry being read */
	struct cu_span *names;		/* dependency names, CU_NPM_DEPENDS_MAX */
};

static int top_member(void *ctx, const char *key, struct cu_span value)
{
	struct npm_read *r = ctx;

	if (!strcmp(key, "packages"))
		r->packages = value;
	else if (!strcmp(key, "dependencies"))
		r->dependencies = value;
	return 0;
}

/* The keys of the object obj[key], into r->names. */
static size_t keys_of(struct npm_read *r, const json_t *obj, const char *key)
{
	const json_t *deps = cu_json_object(obj, key), *v;
	const char *name;
	size_t n = 0;

	if (!deps)
		return 0;
	json_object_foreach((json_t *)deps, name, v) {
		if (n == CU_NPM_DEPENDS_MAX)
			break;
		r->names[n++] = cu_span_str(name);
	}
	return n;
}

/* "node_modules/a/node_modules/@s/b" -> "@s/b"; empty when not installed */
static struct cu_span name_from_path(struct cu_span path)
{
	static const char nm[] = "node_modules/";
	const size_t n = sizeof(nm) - 1;
	size_t from = 0;
	ptrdiff_t last = -1;

	while (from < path.len) {
		const char *hit = memmem(path.ptr + from, path.len - from, nm, n);
		size_t at;

		if (!hit)
			break;
		at = (size_t)(hit - path.ptr);
		if (at == 0 || path.ptr[at - 1] == '/')
			last = (ptrdiff_t)at;
		from = at + 1;
	}
	return last < 0 ? CU_SPAN_NULL : cu_span_skip(path, (size_t)last + n);
}

/* --- lockfileVersion 2 and 3 ---------------------------------------------- */

static bool flag(const json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

static int package_member(void *ctx, const char *key, struct cu_span value)
{
	struct npm_read *r = ctx;
	struct cu_nl_entry e = { 0 };
	json_t *obj = NULL;
	int rc = 0;

	e.path = cu_span_str(key);
	e.name = name_from_path(e.path);
	if (!e.name.len)
		return 0;	/* the project, or a workspace folder: first-party code */
	if (cu_json_parse(value, "entry", &obj, NULL) || !json_is_object(obj)) {
		r->lf->bad++;
		goto out;
	}
	if (flag(obj, "link"))
		goto out;
	if (cu_json_span(obj, "name").len)
		e.name = cu_json_span(obj, "name");
	e.version = cu_json_span(obj, "version");
	if (!e.version.len) {
		r->lf->bad++;
		goto out;
	}
	e.dev = flag(obj, "dev") || flag(obj, "devOptional");
	e.integrity = cu_json_span(obj, "integrity");
	e.depends = r->names;
	e.ndepends = keys_of(r, obj, "dependencies");
	rc = cu_nl_emit(r->lf, &e);
out:
	json_decref(obj);
	return rc;
}

/* --- lockfileVersion 1 ------------------------------------------------------- */

static int walk_v1(struct npm_read *r, const char *key, const json_t *dep, int depth);

static int walk_children(struct npm_read *r, const json_t *dep, int depth)
{
	const json_t *children = cu_json_object(dep, "dependencies"), *child;
	const char *key;
	int rc = 0;

	if (children && depth >= CU_NL_DEPTH_MAX) {
		r->lf->bad++;
		return 0;
	}
	json_object_foreach((json_t *)children, key, child) {
		rc = walk_v1(r, key, child, depth + 1);
		if (rc)
			break;
	}
	return rc;
}

static int walk_v1(struct npm_read *r, const char *key, const json_t *dep, int depth)
{
	struct cu_nl_entry e = { 0 };
	size_t mark = r->path.len;
	int rc = 0;

	if (!json_is_object(dep)) {
		r->lf->bad++;
		return 0;
	}
	if ((r->path.len && cu_buf_addch(&r->path, '/')) ||
	    cu_buf_addf(&r->path, "node_modules/%s", key)) {
		r->lf->bad++;	/* deeper than a path can be */
		goto out;
	}
	e.path = cu_buf_span(&r->path);
	e.name = cu_span_str(key);
	e.version = cu_json_span(dep, "version");
	if (!e.version.len) {
		r->lf->bad++;
		goto out;
	}
	if (cu_span_starts_with(e.version, "npm:"))	/* alias: npm:real@1.0.0 */
		cu_nl_split_spec(cu_span_skip(e.version, 4), &e.name, &e.version);
	e.dev = flag(dep, "dev");
	e.integrity = cu_json_span(dep, "integrity");
	e.depends = r->names;
	e.ndepends = keys_of(r, dep, "requires");
	rc = cu_nl_emit(r->lf, &e);
	if (!rc)
		rc = walk_children(r, dep, depth);
out:
	r->path.len = mark;	/* back to the parent's path */
	if (r->path.buf)
		r->path.buf[mark] = '\0';
	return rc;
}

static int dependency_member(void *ctx, const char *key, struct cu_span value)
{
	struct npm_read *r = ctx;
	json_t *obj = NULL;
	int rc;

	if (cu_json_parse(value, "entry", &obj, NULL)) {
		r->lf->bad++;
		return 0;
	}
	rc = walk_v1(r, key, obj, 1);
	json_decref(obj);
	return rc;
}

int cu_nl_read_npm(struct cu_nl_file *lf, struct cu_span text)
{
	struct npm_read r = { .lf = lf };
	struct cu_err jerr = { 0 };
	int rc;

	cu_buf_init(&r.path, CU_CAP_PATH_BYTES);
	r.names = cu_calloc(CU_NPM_DEPENDS_MAX, sizeof(*r.names));
	if (!r.names)
		return CU_ENOMEM;
	rc = cu_json_each_member(text, lf->path, top_member, &r, &jerr);
	if (rc == CU_EFORMAT) {
		rc = cu_catalog_warn(lf->cat, "%s, skipped", jerr.msg);
		goto out;
	}
	if (!rc && r.packages.len)
		rc = cu_json_each_member(r.packages, lf->path, package_member, &r, &jerr);
	else if (!rc && r.dependencies.len)
		rc = cu_json_each_member(r.dependencies, lf->path, dependency_member, &r, &jerr);
	if (rc == CU_EFORMAT)
		rc = cu_catalog_warn(lf->cat, "%s, the rest skipped", jerr.msg);
out:
	cu_buf_release(&r.path);
	free(r.names);
	return rc;
}
