/*
 * php.c - PHP packages installed by Composer (https://getcomposer.org).
 *
 * vendor/composer/installed.json lists what `composer install` put in
 * vendor/: Composer 1 writes a JSON array of packages, Composer 2 an object
 * {"packages": [...], "dev": true, "dev-package-names": [...]}. A
 * composer.lock is read only when no vendor/composer/installed.json is
 * beside it (an image that ships the lock file but installed the packages
 * elsewhere, or not yet): it lists "packages" and "packages-dev".
 *
 * Names are "vendor/package" as Packagist publishes them. Versions are
 * written as tagged ("v5.4.0"); Packagist advisories (GitHub advisories in
 * OSV, FriendsOfPHP) write them without the "v", so the version loses a
 * "v" or "V" before a digit, while the purl keeps the exact form. A
 * package's license list means any one of them (Composer's schema), so it
 * is joined with " OR ".
 */
#include "catalog.h"
#include "common.h"
#include "json.h"
#include "map.h"
#include "purl.h"

#define INSTALLED "vendor/composer/installed.json"
#define LOCK "composer.lock"

/* Composer files remembered from all layers. */
#define PHP_MAX_FILES	CU_CAP_PKGDB_ENTRIES

/* What reading one file needs. */
struct php_read {
	struct cu_catalog *cat;
	const struct cu_fsview *view;
};

/* One file being read. */
struct source {
	struct cu_catalog *cat;
	const char *path;
	int layer;
	const char *found_by;
	const json_t *dev_names;	/* Composer 2 "dev-package-names", or NULL */
	size_t count;
};

static int init(void **state)
{
	struct cu_kept_files *files = calloc(1, sizeof(*files));

	if (!files)
		return CU_ENOMEM;
	cu_kept_files_init(files, PHP_MAX_FILES);	/* installed.json, composer.lock */
	*state = files;
	return 0;
}

static void release(void *state)
{
	cu_kept_files_release(state);
	free(state);
}

static bool is_named(struct cu_span path, const char *name)
{
	size_t n = strlen(name);

	return cu_span_ends_with(path, name) &&
	       (path.len == n || path.ptr[path.len - n - 1] == '/');
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	return is_named(f->path, INSTALLED) || is_named(f->path, LOCK) ? CU_WANT_KEEP : 0;
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	return cu_kept_files_add(state, f->path);
}

/* --- one package ---------------------------------------------------------- */

/* "vendor/package": printable ASCII with exactly one '/'. */
static bool name_ok(const char *name, const char **slash)
{
	size_t n = 0;

	*slash = NULL;
	for (const char *p = name; *p; p++, n++) {
		if (*p == '/' && !*slash)
			*slash = p;
		else if (*p <= ' ' || *p > '~' || *p == '/' || *p == '"' || *p == '\\')
			return false;
	}
	return *slash && *slash != name && (*slash)[1] && n <= 256;
}

static bool version_ok(const char *v)
{
	size_t n = 0;

	for (; v[n]; n++)
		if (v[n] <= ' ' || v[n] > '~')
			return false;
	return n && n <= 256;
}

/* "v5.4.0" -> "5.4.0", as advisories write it */
static const char *advisory_version(const char *v)
{
	if ((v[0] == 'v' || v[0] == 'V') && v[1] >= '0' && v[1] <= '9')
		return v + 1;
	return v;
}

static const char *licenses(struct cu_catalog *cat, const json_t *pkg)
{
	const json_t *l = json_object_get(pkg, "license"), *item;
	struct cu_buf b = CU_BUF_INIT;
	const char *out;
	size_t i;

	if (json_is_string(l))
		return cu_catalog_str(cat, cu_span_str(json_string_value(l)));
	cu_buf_init(&b, CU_CAP_PKG_FIELD);
	json_array_foreach(l, i, item) {
		if (!json_is_string(item))
			continue;
		if (b.len)
			cu_buf_addstr(&b, " OR ");
		cu_buf_addstr(&b, json_string_value(item));
	}
	out = cu_catalog_str(cat, cu_buf_span(&b));
	cu_buf_release(&b);
	return out;
}

static bool is_dev(const struct source *src, const char *name)
{
	const json_t *item;
	size_t i;

	json_array_foreach(src->dev_names, i, item)
		if (json_is_string(item) && strcmp(json_string_value(item), name) == 0)
			return true;
	return false;
}

static int make_purl(struct cu_catalog *cat, struct cu_pkg *p, const char *name,
		     const char *slash, const char *version)
{
	struct cu_buf purl = CU_BUF_INIT;
	char *vendor = cu_arena_strndup(&cat->arena, name, (size_t)(slash - name));
	int rc;

	if (!vendor)
		return CU_ENOMEM;
	rc = cu_purl_make(&purl, "composer", vendor, slash + 1, version, NULL, NULL);
	if (!rc)
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
	cu_buf_release(&purl);
	return rc == CU_ENOMEM || (!rc && !p->purl) ? CU_ENOMEM : 0;
}

static int add_package(struct source *src, const json_t *pkg, bool dev)
{
	struct cu_catalog *cat = src->cat;
	const char *name = cu_json_str(pkg, "name"), *version = cu_json_str(pkg, "version");
	const char *slash;
	struct cu_pkg *p;

	if (!name || !version || !name_ok(name, &slash) || !version_ok(version))
		return cu_catalog_warn(cat, "%s: package without a valid name and version skipped",
				       src->path);
	if (++src->count > CU_CAP_PKGDB_ENTRIES)
		return CU_ETOOBIG;
	p = cu_catalog_new_pkg(cat);
	if (!p)
		return CU_ENOMEM;
	p->type = "composer";
	p->cataloger = "php";
	p->found_by = src->found_by;
	p->location = src->path;
	p->layer = src->layer;
	p->name = cu_arena_strdup(&cat->arena, name);
	p->version = cu_arena_strdup(&cat->arena, advisory_version(version));
	p->source_name = p->name;
	p->source_version = p->version;
	p->description = cu_catalog_str(cat, cu_json_span(pkg, "description"));
	p->license = licenses(cat, pkg);
	p->dev = dev || is_dev(src, name);
	p->owner = cu_catalog_owner(cat, src->path);
	if (!p->name || !p->version)
		return CU_ENOMEM;
	if (cu_pkg_add_hash(cat, p, cu_span_str("sha1"),	/* of the dist archive */
			    cu_json_span(cu_json_object(pkg, "dist"), "shasum")))
		return CU_ENOMEM;
	return make_purl(cat, p, name, slash, version);
}

/* --- files ------------------------------------------------------------------ */

static int add_list(struct source *src, const json_t *list, bool dev)
{
	const json_t *pkg;
	size_t i;
	int rc;

	json_array_foreach(list, i, pkg) {
		rc = add_package(src, pkg, dev);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_composer(struct source *src, const json_t *doc, bool lock)
{
	int rc;

	if (!lock && json_is_array(doc))	/* Composer 1 */
		return add_list(src, doc, false);
	if (!cu_json_array(doc, "packages"))
		return cu_catalog_warn(src->cat, "%s: no \"packages\" list", src->path);
	src->dev_names = lock ? NULL : cu_json_array(doc, "dev-package-names");
	rc = add_list(src, cu_json_array(doc, "packages"), false);
	if (!rc && lock)
		rc = add_list(src, cu_json_array(doc, "packages-dev"), true);
	return rc;
}

/* A composer.lock whose packages are installed is read from installed.json. */
static bool lock_superseded(const struct cu_fsview *view, const char *path)
{
	struct cu_buf installed = CU_BUF_INIT;
	size_t dir = strlen(path) - strlen(LOCK);
	const struct cu_fsnode *n;

	cu_buf_add(&installed, path, dir);
	cu_buf_addstr(&installed, INSTALLED);
	n = cu_fsview_lookup(view, cu_buf_str(&installed), true);
	cu_buf_release(&installed);
	return n && n->type == CU_FS_FILE;
}

static int read_file(void *ctx, const struct cu_fsnode *n, const char *path)
{
	const struct php_read *rd = ctx;
	struct cu_catalog *cat = rd->cat;
	bool lock = is_named(cu_span_str(path), LOCK);
	struct source src = {
		.cat = cat, .layer = n->layer,
		.found_by = lock ? "composer-lock" : "composer-installed-json",
	};
	struct cu_err jerr = { 0 };
	json_t *doc = NULL;
	int rc;

	if (lock && lock_superseded(rd->view, path))
		return 0;
	src.path = cu_arena_strdup(&cat->arena, path);
	if (!src.path)
		return CU_ENOMEM;
	if (cu_json_parse(cu_span_make(n->content->data, n->content->len), path, &doc, &jerr))
		return cu_catalog_warn(cat, "%s", cu_err_message(&jerr));
	rc = read_composer(&src, doc, lock);
	json_decref(doc);
	if (rc == CU_ETOOBIG)
		return cu_catalog_warn(cat, "%s: more than %d packages, rest skipped", path,
				       CU_CAP_PKGDB_ENTRIES);
	return rc;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct php_read rd = { .cat = cat, .view = view };
	const char *path = NULL;
	int rc = cu_kept_files_each(state, cat, view, read_file, &rd, &path);

	if (rc)
		return cu_seterr(err, rc, "cannot record composer packages from '%s'", path);
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_php = {
	.name = "php",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
