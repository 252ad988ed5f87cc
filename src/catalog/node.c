/*
 * node.c - installed npm packages: the package.json at the root of each
 * package directory (npm docs "package.json", "folders").
 *
 * Read wherever npm, yarn's node_modules linker or pnpm put packages: the
 * package.json of every <name> or @scope/<name> directory in a
 * node_modules directory at any depth (nested node_modules, pnpm's
 * node_modules/.pnpm/<id>/node_modules, the global /usr/lib/node_modules
 * and /usr/local/lib/node_modules with npm's own bundled modules), and in
 * Debian's /usr/share/nodejs, /usr/lib/nodejs and /usr/lib/<triplet>/nodejs
 * (Debian JavaScript Policy). A package.json elsewhere inside a package
 * (dist/, test fixtures) or without "name" or "version" (the
 * {"type": "module"} files) is not a package root and is passed over
 * silently. The Debian package that owns a package.json, or its directory,
 * becomes the package's owner.
 */
#include "common.h"
#include "json.h"
#include "node-pkg.h"
#include "path.h"

/* one package.json; real ones are < 100 KB, old ones with a readme < 1 MB */
#define NODE_JSON_MAX_BYTES	(4 * CU_MiB)
/* description, author and license kept (first line, cut beyond this) */
#define NODE_TEXT_MAX		1024
/* entries of a "licenses" array joined with " OR " */
#define NODE_LICENSES_MAX	16

struct node_state {
	struct cu_npm_files files;
};

static int init(void **state)
{
	struct node_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_npm_files_init(&st->files, NODE_JSON_MAX_BYTES);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct node_state *st = state;

	cu_npm_files_release(&st->files);
	free(st);
}

/* Debian: /usr/share/nodejs, /usr/lib/nodejs, /usr/lib/<triplet>/nodejs */
static bool debian_root(struct cu_span dir)
{
	ptrdiff_t slash;

	if (cu_span_eq_str(dir, "usr/share/nodejs") || cu_span_eq_str(dir, "usr/lib/nodejs"))
		return true;
	if (!cu_span_starts_with(dir, "usr/lib/"))
		return false;
	dir = cu_span_skip(dir, strlen("usr/lib/"));
	slash = cu_span_find(dir, '/');
	return slash > 0 && cu_span_eq_str(cu_span_skip(dir, (size_t)slash + 1), "nodejs");
}

static bool modules_dir(struct cu_span dir)
{
	return cu_span_eq_str(cu_path_basename(dir), "node_modules") || debian_root(dir);
}

/*
 * A package directory sits in a modules directory, or in a scope directory
 * there: node_modules/<name>, node_modules/@scope/<name>. Deeper
 * package.json files (dist/, test fixtures) belong to the package around.
 */
static bool package_dir(struct cu_span dir)
{
	struct cu_span name = cu_path_basename(dir), parent = cu_path_dirname(dir), scope;

	if (!name.len || !parent.len || name.ptr[0] == '@' || name.ptr[0] == '.')
		return false;	/* a scope directory, .bin, .pnpm ... */
	if (modules_dir(parent))
		return true;
	scope = cu_path_basename(parent);
	return scope.len > 1 && scope.ptr[0] == '@' && modules_dir(cu_path_dirname(parent));
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	struct node_state *st = state;
	struct cu_span path = f->path;
	const size_t base = strlen("/package.json");

	if (!cu_span_ends_with(path, "/package.json") ||
	    !package_dir(cu_span_sub(path, 0, path.len - base)))
		return 0;
	return cu_npm_files_want(&st->files, f);
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	struct node_state *st = state;

	return cu_npm_files_captured(&st->files, f, c);
}

/* --- fields ------------------------------------------------------------- */

/* "MIT", {"type": "MIT"}, or a legacy list of either */
static void license_add(struct cu_buf *out, const json_t *l)
{
	const char *s = json_is_object(l) ? cu_json_str(l, "type") :
			json_is_string(l) ? json_string_value(l) : NULL;

	if (!s || !*s || out->len > NODE_TEXT_MAX)
		return;
	if (out->len)
		cu_buf_addstr(out, " OR ");
	cu_buf_addstr(out, s);
}

static const char *license_of(struct cu_catalog *cat, const json_t *doc)
{
	struct cu_buf out = CU_BUF_INIT;
	const json_t *l = json_object_get(doc, "license"), *item;
	const char *text;
	size_t i;

	if (!l || json_is_null(l))
		l = json_object_get(doc, "licenses");
	if (json_is_array(l)) {
		json_array_foreach(l, i, item) {
			if (i >= NODE_LICENSES_MAX)
				break;
			license_add(&out, item);
		}
	} else {
		license_add(&out, l);
	}
	text = cu_npm_text(cat, cu_buf_span(&out), NODE_TEXT_MAX);
	cu_buf_release(&out);
	return text;
}

/* "Name <mail> (url)" or {"name": ..., "email": ...} */
static const char *person_of(struct cu_catalog *cat, const json_t *who)
{
	struct cu_buf out = CU_BUF_INIT;
	const char *text, *mail;

	if (json_is_string(who))
		return cu_npm_text(cat, cu_span_make(json_string_value(who),
						     json_string_length(who)), NODE_TEXT_MAX);
	if (!json_is_object(who) || !cu_json_str(who, "name"))
		return NULL;
	cu_buf_addstr(&out, cu_json_str(who, "name"));
	mail = cu_json_str(who, "email");
	if (mail && *mail)
		cu_buf_addf(&out, " <%s>", mail);
	text = cu_npm_text(cat, cu_buf_span(&out), NODE_TEXT_MAX);
	cu_buf_release(&out);
	return text;
}

static const char *maintainer_of(struct cu_catalog *cat, const json_t *doc)
{
	const char *who = person_of(cat, json_object_get(doc, "author"));
	const json_t *list = json_object_get(doc, "maintainers");

	if (!who && json_is_array(list))
		who = person_of(cat, json_array_get(list, 0));
	return who;
}

static int depends_of(struct cu_catalog *cat, struct cu_pkg *p, const json_t *doc)
{
	const json_t *deps = cu_json_object(doc, "dependencies"), *v;
	struct cu_span *names;
	const char *key;
	size_t n = 0;
	int rc;

	if (!deps || !json_object_size(deps))
		return 0;
	names = cu_calloc(CU_NPM_DEPENDS_MAX, sizeof(*names));
	if (!names)
		return CU_ENOMEM;
	json_object_foreach((json_t *)deps, key, v) {
		if (n == CU_NPM_DEPENDS_MAX)
			break;
		names[n++] = cu_span_str(key);
	}
	rc = cu_npm_set_depends(cat, p, names, n);
	free(names);
	return rc;
}

/* Debian lists files and directories in info/<pkg>.list; try both. */
static const struct cu_pkg *owner_of(struct cu_catalog *cat, const char *path)
{
	const struct cu_pkg *owner = cu_catalog_owner(cat, path);
	struct cu_buf dir = CU_BUF_INIT;

	if (owner)
		return owner;
	if (cu_buf_addspan(&dir, cu_path_dirname(cu_span_str(path))) == 0 && dir.len)
		owner = cu_catalog_owner(cat, dir.buf);
	cu_buf_release(&dir);
	return owner;
}

/* --- packages ---------------------------------------------------------- */

static int add_package(struct cu_catalog *cat, const json_t *doc, const char *path,
		       int layer)
{
	struct cu_span name = cu_json_span(doc, "name");
	struct cu_span version = cu_json_span(doc, "version");
	struct cu_pkg *p;
	int rc;

	if (!name.len || !version.len)
		return 0;	/* not a package root */
	if (!cu_npm_name_ok(name) || !cu_npm_version_ok(version))
		return cu_catalog_warn(cat, "%s: invalid package name or version, skipped", path);
	rc = cu_npm_new_pkg(cat, name, version, &p);
	if (rc)
		return rc;
	p->cataloger = "node";
	p->found_by = "npm-package-json";
	p->layer = layer;
	p->location = cu_arena_strdup(&cat->arena, path);
	p->description = cu_npm_text(cat, cu_json_span(doc, "description"), NODE_TEXT_MAX);
	p->license = license_of(cat, doc);
	p->maintainer = maintainer_of(cat, doc);
	p->owner = owner_of(cat, path);
	if (!p->location)
		return CU_ENOMEM;
	/* npm 5 and 6 recorded the tarball's integrity in the installed copy */
	rc = cu_pkg_add_sri(cat, p, cu_json_span(doc, "_integrity"));
	return rc ? rc : depends_of(cat, p, doc);
}

static int read_file(void *ctx, const char *path, struct cu_span text, int layer)
{
	struct cu_catalog *cat = ctx;
	struct cu_err jerr = { 0 };
	json_t *doc = NULL;
	int rc;

	if (cu_json_parse(text, path, &doc, &jerr))
		return cu_catalog_warn(cat, "%s, skipped", jerr.msg);
	if (json_is_object(doc))
		rc = add_package(cat, doc, path, layer);
	else
		rc = cu_catalog_warn(cat, "%s: not a JSON object, skipped", path);
	json_decref(doc);
	return rc;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct node_state *st = state;
	int rc = cu_npm_files_each(&st->files, cat, view, read_file, cat);

	if (rc)
		return cu_seterr(err, rc, "cannot record npm packages");
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_node = {
	.name = "node",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
