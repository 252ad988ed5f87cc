/*
 * dotnet.c - NuGet packages of .NET applications, from the dependency
 * manifests the .NET SDK writes beside them, <app>.deps.json (dotnet/runtime
 * docs/design/features/host-dependency-manifest.md: the "libraries"
 * object maps "Name/Version" to {"type": "package" | "project" |
 * "reference" | "runtimepack", "sha512": ...}).
 *
 * "package" entries are NuGet packages. "runtimepack" entries are the .NET
 * runtime itself: a self-contained app lists
 * "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/6.0.25", and the
 * shared runtime's own manifest (shared/Microsoft.NETCore.App/6.0.25/
 * Microsoft.NETCore.App.deps.json) lists the runtime pack without the
 * prefix; both become the NuGet package advisories name
 * ("Microsoft.NETCore.App.Runtime.linux-x64"). A shared framework's
 * manifest also gives the framework at its directory's version
 * ("Microsoft.NETCore.App" 6.0.25), as older advisories name it. (The
 * runtimeTarget only says "v6.0", too little to match advisories.)
 * "project" (the app and its own projects) and "reference" entries are
 * not packages. A library's "sha512" (of its .nupkg, as an SRI string) is
 * the package's hash.
 */
#include "catalog.h"
#include "common.h"
#include "json.h"
#include "map.h"
#include "purl.h"

#define SUFFIX ".deps.json"
#define RUNTIMEPACK "runtimepack."

/* Manifests remembered from all layers. */
#define DOTNET_MAX_FILES	CU_CAP_PKGDB_ENTRIES

static int init(void **state)
{
	struct cu_kept_files *files = calloc(1, sizeof(*files));

	if (!files)
		return CU_ENOMEM;
	cu_kept_files_init(files, DOTNET_MAX_FILES);
	*state = files;
	return 0;
}

static void release(void *state)
{
	cu_kept_files_release(state);
	free(state);
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	return cu_span_ends_with(f->path, SUFFIX) ? CU_WANT_KEEP : 0;
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	return cu_kept_files_add(state, f->path);
}

/* --- packages ------------------------------------------------------------ */

/* NuGet ids and versions: letters, digits, '.', '-', '_', '+' */
static bool ident_ok(struct cu_span s)
{
	if (!s.len || s.len > 256)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '+'))
			return false;
	}
	return true;
}

static int add_package(struct cu_catalog *cat, const char *path, int layer,
		       struct cu_span name, struct cu_span version, struct cu_span sha512,
		       const char *found_by)
{
	struct cu_buf purl = CU_BUF_INIT;
	struct cu_pkg *p = cu_catalog_new_pkg(cat);
	int rc;

	if (!p)
		return CU_ENOMEM;
	p->type = "nuget";
	p->cataloger = "dotnet";
	p->found_by = found_by;
	p->location = path;
	p->layer = layer;
	p->name = cu_catalog_str(cat, name);
	p->version = cu_catalog_str(cat, version);
	p->source_name = p->name;
	p->source_version = p->version;
	p->owner = cu_catalog_owner(cat, path);
	if (!p->name || !p->version || cu_pkg_add_sri(cat, p, sha512))
		return CU_ENOMEM;
	rc = cu_purl_make(&purl, "nuget", NULL, p->name, p->version, NULL, NULL);
	if (!rc)
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
	cu_buf_release(&purl);
	return rc == CU_ENOMEM || (!rc && !p->purl) ? CU_ENOMEM : 0;
}

/* "Newtonsoft.Json/12.0.1" of a package or runtime pack; false for others. */
static bool library(const char *key, const json_t *lib, struct cu_span *name,
		    struct cu_span *version)
{
	const char *type = cu_json_str(lib, "type");
	struct cu_span k = cu_span_str(key);
	ptrdiff_t slash = cu_span_rfind(k, '/');

	if (!type || slash < 0 || (strcmp(type, "package") && strcmp(type, "runtimepack")))
		return false;
	*name = cu_span_sub(k, 0, (size_t)slash);
	*version = cu_span_skip(k, (size_t)slash + 1);
	if (!strcmp(type, "runtimepack") && cu_span_starts_with(*name, RUNTIMEPACK))
		*name = cu_span_skip(*name, sizeof(RUNTIMEPACK) - 1);
	return true;
}

/* The last component of a path; the path loses it. */
static struct cu_span pull_last(struct cu_span *path)
{
	ptrdiff_t slash = cu_span_rfind(*path, '/');
	struct cu_span last = slash < 0 ? *path : cu_span_skip(*path, (size_t)slash + 1);

	path->len = slash < 0 ? 0 : (size_t)slash;
	return last;
}

/*
 * "usr/share/dotnet/shared/Microsoft.NETCore.App/6.0.25/Microsoft.NETCore.App.deps.json":
 * the framework name and version, or false.
 */
static bool shared_framework(const char *path, struct cu_span *name, struct cu_span *version)
{
	struct cu_span rest = cu_span_str(path);
	struct cu_span file = pull_last(&rest);

	*version = pull_last(&rest);
	*name = pull_last(&rest);
	return cu_span_eq_str(pull_last(&rest), "shared") &&
	       file.len == name->len + sizeof(SUFFIX) - 1 &&
	       memcmp(file.ptr, name->ptr, name->len) == 0 &&
	       ident_ok(*name) && ident_ok(*version);
}

static int read_libraries(struct cu_catalog *cat, const json_t *doc, const char *path,
			  int layer)
{
	const char *key;
	json_t *lib;
	struct cu_span name, version;
	size_t n = 0, bad = 0;
	int rc;

	json_object_foreach(cu_json_object(doc, "libraries"), key, lib) {
		if (!library(key, lib, &name, &version))
			continue;
		if (!ident_ok(name) || !ident_ok(version)) {
			bad++;
			continue;
		}
		if (++n > CU_CAP_PKGDB_ENTRIES)
			return cu_catalog_warn(cat, "%s: more than %d libraries, rest skipped",
					       path, CU_CAP_PKGDB_ENTRIES);
		rc = add_package(cat, path, layer, name, version, cu_json_span(lib, "sha512"),
				 "dotnet-deps-json");
		if (rc)
			return rc;
	}
	if (bad)
		cu_catalog_warn(cat, "%s: libraries that are not NuGet ids and versions skipped: %zu",
				path, bad);
	if (shared_framework(path, &name, &version))
		return add_package(cat, path, layer, name, version, CU_SPAN_NULL,
				   "dotnet-shared-framework");
	return 0;
}

static int read_manifest(void *ctx, const struct cu_fsnode *n, const char *path)
{
	struct cu_catalog *cat = ctx;
	struct cu_err jerr = { 0 };
	const char *loc = cu_arena_strdup(&cat->arena, path);
	json_t *doc = NULL;
	int rc;

	if (!loc)
		return CU_ENOMEM;
	if (cu_json_parse(cu_span_make(n->content->data, n->content->len), path, &doc, &jerr))
		return cu_catalog_warn(cat, "%s", cu_err_message(&jerr));
	rc = read_libraries(cat, doc, loc, n->layer);
	json_decref(doc);
	return rc;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	const char *path = NULL;
	int rc = cu_kept_files_each(state, cat, view, read_manifest, cat, &path);

	if (rc)
		return cu_seterr(err, rc, "cannot record .NET packages from '%s'", path);
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_dotnet = {
	.name = "dotnet",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
