/*
 * test-cat-node.c - the npm catalogers: installed package.json files
 * (nested node_modules, scopes, global and Debian directories, fields,
 * malformed input, layers and whiteouts) and lockfiles (package-lock v1,
 * v2, v3, yarn v1 and Berry, pnpm 5, 6 and 9, with dev flags and the
 * dedup against installed packages). Larger inputs are in tests/data/node/.
 */
#include "catalog/catalog.h"
#include "common.h"
#include "fsview/build.h"
#include "image/layer.h"
#include "unit.h"

struct fixture {
	struct cu_fsview view;
	struct cu_catalogers cs;
	struct cu_capture_policy pol;
	struct cu_catalog cat;
	struct cu_err err;
};

static void fx_init(struct fixture *f)
{
	memset(&f->err, 0, sizeof(f->err));
	cu_fsview_init(&f->view);
	cu_catalogers_init(&f->cs);
	cu_catalogers_policy(&f->cs, &f->pol);
	cu_catalog_init(&f->cat);
}

static void fx_release(struct fixture *f)
{
	cu_catalog_release(&f->cat);
	cu_catalogers_release(&f->cs);
	cu_fsview_release(&f->view);
}

static int fx_run(struct fixture *f)
{
	return cu_catalogers_run(&f->cs, &f->cat, &f->view, &f->err);
}

/* A file as a layer delivers it, claiming size bytes (the length if 0). */
static void add_sized(struct fixture *f, int layer, const char *path,
		      const char *content, uint64_t size)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_content *c;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = size ? size : strlen(content);
	if (cu_fsview_apply(&f->view, layer, &e, &n, &f->err) || !n)
		return;
	if (!(f->pol.want(f->pol.ctx, layer, cu_span_str(path), &e) & CU_WANT_KEEP))
		return;
	c = cu_content_new(cu_span_str(content), false);
	cu_fsview_set_content(&f->view, n, c, &f->err);
	f->pol.end(f->pol.ctx, layer, cu_span_str(path), c, true, &f->err);
}

static void add(struct fixture *f, int layer, const char *path, const char *content)
{
	add_sized(f, layer, path, content, 0);
}

/* A file from tests/data/node/ */
static void add_data(struct unit *t, struct fixture *f, int layer, const char *path,
		     const char *data)
{
	char rel[256];
	size_t len;
	char *text;

	snprintf(rel, sizeof(rel), "node/%s", data);
	text = unit_read_file(unit_data_path(rel), &len);
	if (!CHECK(t, text != NULL))
		return;
	add(f, layer, path, text);
	free(text);
}

/* An entry that is not a kept file: whiteouts, directories. */
static void apply(struct fixture *f, int layer, const char *name, char type,
		  const char *link)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;

	e.name = cu_span_str(name);
	e.link = cu_span_str(link);
	e.type = (enum cu_entry_type)type;
	e.mode = 0755;
	cu_fsview_apply(&f->view, layer, &e, &n, &f->err);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *name,
				 const char *version)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (!strcmp(cat->pkgs[i]->name, name) &&
		    (!version || !strcmp(cat->pkgs[i]->version, version)))
			return cat->pkgs[i];
	return NULL;
}

/* The cataloger that found name (any version), "" when none did. */
static const char *found(const struct cu_catalog *cat, const char *name,
			 const char *version)
{
	const struct cu_pkg *p = find(cat, name, version);

	return p ? p->cataloger : "";
}

static size_t count(const struct cu_catalog *cat, const char *cataloger)
{
	size_t n = 0;

	for (size_t i = 0; i < cat->npkgs; i++)
		n += !strcmp(cat->pkgs[i]->cataloger, cataloger);
	return n;
}

static size_t ndepends(const struct cu_pkg *p)
{
	size_t n = 0;

	while (p && p->depends && p->depends[n])
		n++;
	return n;
}

static bool has_depend(const struct cu_pkg *p, const char *name)
{
	for (size_t i = 0; p && p->depends && p->depends[i]; i++)
		if (!strcmp(p->depends[i], name))
			return true;
	return false;
}

/* sha512-bC7Elrd...HMA== of debug-2.6.9.tgz, in every lockfile of tests/data/node */
#define DEBUG_SHA512 "6c2ec496b7496899cf6c03fed44a2d62fa99b1bdde725e708ba05f8ba0494d47" \
		     "0da30a7a72fb298348d7ce74532838e6fc4ec076014155e00f54c35c286b0730"

/* The hash of name@version by alg, NULL when it has none. */
static const char *hash_of(const struct cu_catalog *cat, const char *name,
			   const char *version, const char *alg)
{
	const struct cu_pkg *p = find(cat, name, version);

	return p ? cu_pkg_hash(p, alg) : NULL;
}

static bool warned(const struct cu_catalog *cat, const char *needle)
{
	for (size_t i = 0; i < cat->nwarnings; i++)
		if (strstr(cat->warnings[i], needle))
			return true;
	return false;
}

/* --- installed packages ------------------------------------------------------ */

static const char express_json[] =
	"{\n  \"name\": \"express\",\n  \"description\": \"Fast, unopinionated, minimalist web framework\",\n"
	"  \"version\": \"4.17.1\",\n  \"author\": \"TJ Holowaychuk <tj@vision-media.ca>\",\n"
	"  \"license\": \"MIT\",\n  \"repository\": \"expressjs/express\",\n"
	"  \"dependencies\": {\n    \"accepts\": \"~1.3.7\",\n    \"debug\": \"2.6.9\",\n"
	"    \"qs\": \"6.7.0\"\n  },\n  \"devDependencies\": {\"mocha\": \"8.0.1\"}\n}\n";

static void test_installed(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 0, "app/package.json", "{\"name\": \"app\", \"version\": \"1.0.0\"}");
	add(&f, 1, "app/node_modules/express/package.json", express_json);
	add(&f, 1, "app/node_modules/debug/package.json",
	    "{\"name\": \"debug\", \"version\": \"2.6.9\", \"dependencies\": {\"ms\": \"2.0.0\"}}");
	add(&f, 1, "app/node_modules/debug/node_modules/ms/package.json",
	    "{\"name\": \"ms\", \"version\": \"2.0.0\"}");
	add(&f, 1, "app/node_modules/@babel/code-frame/package.json",
	    "{\"name\": \"@babel/code-frame\", \"version\": \"7.22.13\", "
	    "\"author\": {\"name\": \"The Babel Team\", \"email\": \"team@babeljs.io\", \"url\": \"https://babel.dev\"}}");
	add(&f, 2, "usr/local/lib/node_modules/npm/package.json",
	    "{\"name\": \"npm\", \"version\": \"10.2.4\", \"maintainers\": [\"GitHub Inc.\"]}");
	add(&f, 2, "usr/local/lib/node_modules/npm/node_modules/@npmcli/arborist/package.json",
	    "{\"name\": \"@npmcli/arborist\", \"version\": \"7.2.1\"}");
	add(&f, 2, "node_modules/root-level/package.json", "{\"name\": \"root-level\", \"version\": \"0.1.0\"}");
	add(&f, 2, "srv/not_node_modules/x/package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}");
	add(&f, 2, "node_modules/bom/package.json", "\xef\xbb\xbf{\"name\": \"bom\", \"version\": \"1.0.0\"}");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, count(&f.cat, "node"), 8);
	CHECK(t, !find(&f.cat, "app", NULL) && !find(&f.cat, "x", NULL));
	CHECK(t, find(&f.cat, "bom", "1.0.0") != NULL);
	p = find(&f.cat, "express", "4.17.1");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->type, "npm");
		CHECK_STR(t, p->purl, "pkg:npm/express@4.17.1");
		CHECK_STR(t, p->location, "app/node_modules/express/package.json");
		CHECK_STR(t, p->found_by, "npm-package-json");
		CHECK_STR(t, p->description, "Fast, unopinionated, minimalist web framework");
		CHECK_STR(t, p->maintainer, "TJ Holowaychuk <tj@vision-media.ca>");
		CHECK_STR(t, p->license, "MIT");
		CHECK_STR(t, p->source_name, "express");
		CHECK_INT(t, p->layer, 1);
		CHECK_INT(t, ndepends(p), 3);
		CHECK(t, has_depend(p, "accepts") && has_depend(p, "qs") && !has_depend(p, "mocha"));
		CHECK(t, p->owner == NULL && !p->dev);
	}
	p = find(&f.cat, "ms", "2.0.0");
	CHECK_STR(t, p ? p->location : NULL, "app/node_modules/debug/node_modules/ms/package.json");
	p = find(&f.cat, "@babel/code-frame", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->purl, "pkg:npm/%40babel/code-frame@7.22.13");
		CHECK_STR(t, p->maintainer, "The Babel Team <team@babeljs.io>");
	}
	CHECK_STR(t, find(&f.cat, "npm", NULL) ? find(&f.cat, "npm", NULL)->maintainer : NULL, "GitHub Inc.");
	p = find(&f.cat, "@npmcli/arborist", NULL);
	CHECK(t, p && p->layer == 2 && !strcmp(p->purl, "pkg:npm/%40npmcli/arborist@7.2.1"));
	CHECK(t, find(&f.cat, "root-level", "0.1.0") != NULL);
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

/* package.json files inside packages without name or version are not roots. */
static void test_not_root(struct unit *t)
{
	struct fixture f;

	fx_init(&f);
	add(&f, 0, "app/node_modules/rxjs/package.json", "{\"name\": \"rxjs\", \"version\": \"7.8.1\"}");
	add(&f, 0, "app/node_modules/rxjs/dist/esm/package.json", "{ \"type\": \"module\", \"sideEffects\": false }");
	add(&f, 0, "app/node_modules/rxjs/ajax/package.json", "{\"name\": \"rxjs/ajax\", \"types\": \"../dist/types/ajax/index.d.ts\"}");
	add(&f, 0, "app/node_modules/uuid/dist/package.json", "{\"version\": \"9.0.0\"}");
	add(&f, 0, "app/node_modules/empty/package.json", "{}");
	add(&f, 0, "app/node_modules/x/not-package.json", "{\"name\": \"y\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/node_modules/package.json", "{\"name\": \"z\", \"version\": \"1.0.0\"}");
	/* inside a package, with name and version: still not a package root */
	add(&f, 0, "app/node_modules/terser/dist/package.json", "{\"name\": \"dist\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/node_modules/resolve/test/resolver/multirepo/packages/package-a/package.json",
	    "{\"name\": \"@my-scope/package-a\", \"version\": \"0.0.0\"}");
	add(&f, 0, "app/node_modules/@scope/package.json", "{\"name\": \"@scope/x\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/node_modules/@scope/y/package.json", "{\"name\": \"@scope/y\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/node_modules/@scope/y/lib/package.json", "{\"name\": \"@scope/z\", \"version\": \"1.0.0\"}");
	add(&f, 0, "usr/share/nodejs/package.json", "{\"name\": \"w\", \"version\": \"1.0.0\"}");
	add(&f, 0, "usr/lib/x/y/nodejs/v/package.json", "{\"name\": \"v\", \"version\": \"1.0.0\"}");
	add(&f, 0, "node_modules/package.json", "{\"name\": \"u\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/node_modules/.cache/package.json", "{\"name\": \"s\", \"version\": \"1.0.0\"}");
	add(&f, 0, "package.json", "{\"name\": \"t\", \"version\": \"1.0.0\"}");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, count(&f.cat, "node"), 2);
	CHECK(t, find(&f.cat, "rxjs", "7.8.1") != NULL);
	CHECK(t, find(&f.cat, "@scope/y", "1.0.0") != NULL);
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

static void test_license_forms(struct unit *t)
{
	static const struct {
		const char *json, *license;
	} cases[] = {
		{ "\"license\": \"MIT\"", "MIT" },
		{ "\"license\": \"(MIT OR Apache-2.0)\"", "(MIT OR Apache-2.0)" },
		{ "\"license\": {\"type\": \"ISC\", \"url\": \"https://opensource.org/licenses/ISC\"}", "ISC" },
		{ "\"licenses\": [{\"type\": \"MIT\", \"url\": \"x\"}, {\"type\": \"Apache-2.0\"}]", "MIT OR Apache-2.0" },
		{ "\"licenses\": [\"BSD-3-Clause\"]", "BSD-3-Clause" },
		{ "\"license\": null, \"licenses\": {\"type\": \"GPL-2.0\"}", "GPL-2.0" },
		{ "\"license\": 42", NULL },
		{ "\"license\": \"\"", NULL },
		{ "\"x\": 1", NULL },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct fixture f;
		char json[512];
		const struct cu_pkg *p;

		fx_init(&f);
		snprintf(json, sizeof(json), "{\"name\": \"lic\", \"version\": \"1.0.0\", %s}", cases[i].json);
		add(&f, 0, "node_modules/lic/package.json", json);
		CHECK_INT(t, fx_run(&f), 0);
		p = find(&f.cat, "lic", NULL);
		if (CHECK(t, p != NULL))
			CHECK_STR(t, p->license, cases[i].license);
		fx_release(&f);
	}
}

static void test_malformed(struct unit *t)
{
	struct fixture f;
	char *big;

	fx_init(&f);
	add(&f, 0, "app/node_modules/good/package.json", "{\"name\": \"good\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/node_modules/trunc/package.json", "{\"name\": \"trunc\", \"vers");
	add(&f, 0, "app/node_modules/array/package.json", "[\"name\", \"version\"]");
	add(&f, 0, "app/node_modules/dup/package.json", "{\"name\": \"a\", \"name\": \"b\", \"version\": \"1\"}");
	add(&f, 0, "app/node_modules/badname/package.json", "{\"name\": \"../../etc\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/node_modules/badver/package.json", "{\"name\": \"badver\", \"version\": \"1.0.0 beta\"}");
	add(&f, 0, "app/node_modules/types/package.json", "{\"name\": 7, \"version\": [1], \"dependencies\": []}");
	add(&f, 0, "app/node_modules/nul/package.json", "{\"name\": \"n\\u0000ul\", \"version\": \"1.0.0\"}");
	add_sized(&f, 0, "app/node_modules/huge/package.json", "{}", 64ULL * 1024 * 1024);
	add_sized(&f, 0, "app/node_modules/shrunk/package.json", "{}", 5ULL * 1024 * 1024);
	add(&f, 1, "app/node_modules/shrunk/package.json", "{\"name\": \"shrunk\", \"version\": \"1.0.0\"}");
	big = malloc(6000);
	if (big) {
		/* a long multi-byte description is cut on a character boundary */
		const char *head = "{\"name\": \"long\", \"version\": \"1.0.0\", \"description\": \"";
		size_t h = strlen(head);

		memcpy(big, head, h);
		for (int i = 0; i < 1500; i++)
			memcpy(big + h + 3 * i, "\xe2\x82\xac", 3);
		memcpy(big + h + 4500, "\"}", 3);
		add(&f, 0, "app/node_modules/long/package.json", big);
		free(big);
	}
	CHECK_INT(t, fx_run(&f), 0);
	CHECK(t, find(&f.cat, "good", "1.0.0") != NULL);
	CHECK(t, find(&f.cat, "shrunk", "1.0.0") != NULL);
	CHECK_INT(t, count(&f.cat, "node"), 3);
	CHECK(t, warned(&f.cat, "app/node_modules/trunc/package.json is not valid JSON"));
	CHECK(t, warned(&f.cat, "app/node_modules/dup/package.json is not valid JSON"));
	CHECK(t, warned(&f.cat, "app/node_modules/array/package.json: not a JSON object"));
	CHECK(t, warned(&f.cat, "app/node_modules/badname/package.json: invalid package name"));
	CHECK(t, warned(&f.cat, "app/node_modules/badver/package.json: invalid package name or version"));
	CHECK(t, warned(&f.cat, "app/node_modules/huge/package.json: larger than 4194304 bytes"));
	CHECK(t, warned(&f.cat, "app/node_modules/nul/package.json"));
	CHECK_INT(t, f.cat.nwarnings, 7);
	if (CHECK(t, find(&f.cat, "long", NULL) && find(&f.cat, "long", NULL)->description))
		CHECK_INT(t, strlen(find(&f.cat, "long", NULL)->description), 1023);
	fx_release(&f);
}

/* Debian's node-* packages: /usr/share/nodejs, owned through dpkg. */
static void test_debian_owned(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 0, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
	add(&f, 0, "var/lib/dpkg/status",
	    "Package: node-debug\nStatus: install ok installed\nArchitecture: all\nVersion: 4.3.4+~cs5.0.0-1\n\n"
	    "Package: node-ms\nStatus: install ok installed\nArchitecture: all\nVersion: 2.1.3+~cs0.7.31-3\n\n"
	    "Package: nodejs\nStatus: install ok installed\nArchitecture: amd64\nVersion: 18.19.0+dfsg-6~deb12u1\n");
	add(&f, 0, "var/lib/dpkg/info/node-debug.list",
	    "/.\n/usr\n/usr/share\n/usr/share/nodejs\n/usr/share/nodejs/debug\n"
	    "/usr/share/nodejs/debug/package.json\n/usr/share/nodejs/debug/src/index.js\n");
	add(&f, 0, "var/lib/dpkg/info/node-ms.list",
	    "/.\n/usr/share/nodejs/ms\n/usr/share/nodejs/ms/index.js\n");
	add(&f, 0, "var/lib/dpkg/info/nodejs.list",
	    "/.\n/usr/lib/x86_64-linux-gnu/nodejs\n/usr/lib/x86_64-linux-gnu/nodejs/acorn/package.json\n");
	add(&f, 0, "usr/share/nodejs/debug/package.json", "{\"name\": \"debug\", \"version\": \"4.3.4\"}");
	add(&f, 0, "usr/share/nodejs/ms/package.json", "{\"name\": \"ms\", \"version\": \"2.1.3\"}");
	add(&f, 0, "usr/share/nodejs/debug/src/package.json", "{\"type\": \"commonjs\"}");
	add(&f, 0, "usr/lib/x86_64-linux-gnu/nodejs/acorn/package.json", "{\"name\": \"acorn\", \"version\": \"8.8.1\"}");
	add(&f, 0, "usr/lib/nodejs/old/package.json", "{\"name\": \"old\", \"version\": \"0.1.0\"}");
	add(&f, 0, "usr/lib/node_modules/npm/node_modules/semver/package.json", "{\"name\": \"semver\", \"version\": \"7.5.4\"}");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, count(&f.cat, "node"), 5);
	p = find(&f.cat, "debug", "4.3.4");
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "node-debug"));
	p = find(&f.cat, "ms", "2.1.3");	/* owned through its directory */
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "node-ms"));
	p = find(&f.cat, "acorn", NULL);
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "nodejs"));
	CHECK(t, find(&f.cat, "old", NULL) && !find(&f.cat, "old", NULL)->owner);
	CHECK(t, find(&f.cat, "semver", NULL) && !find(&f.cat, "semver", NULL)->owner);
	fx_release(&f);
}

/* The layer that brought the content, not the last one to rewrite it. */
static void test_layers(struct unit *t)
{
	struct fixture f;
	const char *v1 = "{\"name\": \"lodash\", \"version\": \"4.17.15\"}";
	const char *v2 = "{\"name\": \"lodash\", \"version\": \"4.17.21\"}";

	fx_init(&f);
	add(&f, 1, "app/node_modules/lodash/package.json", v1);
	add(&f, 2, "app/node_modules/lodash/package.json", v1);	/* chown -R */
	add(&f, 1, "app/node_modules/qs/package.json", "{\"name\": \"qs\", \"version\": \"6.7.0\"}");
	add(&f, 3, "app/node_modules/qs/package.json", "{\"name\": \"qs\", \"version\": \"6.11.0\"}");
	add(&f, 4, "app/node_modules/qs/package.json", "{\"name\": \"qs\", \"version\": \"6.11.0\"}");
	add(&f, 1, "app/node_modules/ms/package.json", "{\"name\": \"ms\", \"version\": \"2.1.3\"}");
	add(&f, 2, "app/node_modules/ms/package.json", v2);	/* different content */
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, find(&f.cat, "lodash", "4.17.15") ? find(&f.cat, "lodash", "4.17.15")->layer : -1, 1);
	CHECK_INT(t, find(&f.cat, "qs", "6.11.0") ? find(&f.cat, "qs", "6.11.0")->layer : -1, 3);
	CHECK(t, !find(&f.cat, "qs", "6.7.0") && !find(&f.cat, "ms", NULL));
	CHECK_INT(t, find(&f.cat, "lodash", "4.17.21") ? find(&f.cat, "lodash", "4.17.21")->layer : -1, 2);
	fx_release(&f);
}

static void test_whiteout(struct unit *t)
{
	struct fixture f;

	fx_init(&f);
	add(&f, 0, "app/node_modules/express/package.json", express_json);
	add(&f, 0, "app/node_modules/ms/package.json", "{\"name\": \"ms\", \"version\": \"2.0.0\"}");
	add(&f, 0, "build/node_modules/webpack/package.json", "{\"name\": \"webpack\", \"version\": \"5.0.0\"}");
	add(&f, 0, "opt/tool/node_modules/a/package.json", "{\"name\": \"a\", \"version\": \"1.0.0\"}");
	add(&f, 0, "app/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/ms\": {\"version\": \"2.0.0\"}}}");
	apply(&f, 1, "build/.wh.node_modules", 'f', "");			/* rm -rf build/node_modules */
	apply(&f, 1, "app/node_modules/.wh.express", 'f', "");
	apply(&f, 1, "opt/tool/node_modules/.wh..wh..opq", 'f', "");	/* emptied, then refilled */
	add(&f, 1, "opt/tool/node_modules/b/package.json", "{\"name\": \"b\", \"version\": \"2.0.0\"}");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK(t, !find(&f.cat, "express", NULL) && !find(&f.cat, "webpack", NULL) && !find(&f.cat, "a", NULL));
	CHECK(t, find(&f.cat, "ms", "2.0.0") && !strcmp(found(&f.cat, "ms", "2.0.0"), "node"));
	CHECK(t, find(&f.cat, "b", "2.0.0") != NULL);
	CHECK_INT(t, f.cat.npkgs, 2);	/* the lockfile's ms is the installed one */
	fx_release(&f);
}

/* --- lockfiles ------------------------------------------------------------- */

static void check_lock_pkg(struct unit *t, const struct cu_catalog *cat, const char *name,
			   const char *version, bool dev, const char *location)
{
	const struct cu_pkg *p = find(cat, name, version);

	if (!CHECK(t, p != NULL)) {
		FAILF(t, "no %s@%s", name, version);
		return;
	}
	CHECK_STR(t, p->cataloger, "node-lock");
	CHECK_STR(t, p->location, location);
	if (p->dev != dev)
		FAILF(t, "%s@%s: dev %d, want %d", name, version, p->dev, dev);
}

static void test_lock_v1(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;
	const char *loc = "srv/legacy/npm-shrinkwrap.json";

	fx_init(&f);
	add_data(t, &f, 3, loc, "lock-v1.json");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, count(&f.cat, "node-lock"), 10);
	check_lock_pkg(t, &f.cat, "@babel/code-frame", "7.22.13", false, loc);
	check_lock_pkg(t, &f.cat, "@babel/highlight", "7.25.9", false, loc);
	check_lock_pkg(t, &f.cat, "chalk", "2.4.2", false, loc);
	check_lock_pkg(t, &f.cat, "supports-color", "5.5.0", false, loc);
	check_lock_pkg(t, &f.cat, "debug", "2.6.9", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.0.0", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.1.3", true, loc);
	check_lock_pkg(t, &f.cat, "string-width", "4.2.3", false, loc);
	CHECK(t, !find(&f.cat, "sw", NULL) && !find(&f.cat, "gitdep", NULL) && !find(&f.cat, "local-lib", NULL));
	p = find(&f.cat, "@babel/code-frame", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->purl, "pkg:npm/%40babel/code-frame@7.22.13");
		CHECK_STR(t, p->found_by, "npm-lockfile");
		CHECK_INT(t, p->layer, 3);
		CHECK(t, ndepends(p) == 2 && has_depend(p, "@babel/highlight") && has_depend(p, "chalk"));
	}
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

static void test_lock_v2(struct unit *t)
{
	struct fixture f;
	const char *loc = "app/package-lock.json";

	fx_init(&f);
	add_data(t, &f, 0, loc, "lock-v2.json");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 3);
	check_lock_pkg(t, &f.cat, "debug", "2.6.9", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.0.0", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.1.3", true, loc);
	CHECK(t, !find(&f.cat, "only-in-legacy-section", NULL));	/* "packages" wins */
	CHECK(t, has_depend(find(&f.cat, "debug", NULL), "ms"));
	CHECK_STR(t, hash_of(&f.cat, "debug", "2.6.9", "SHA-512"), DEBUG_SHA512);
	CHECK_INT(t, find(&f.cat, "debug", NULL)->nhashes, 1);
	fx_release(&f);
}

static void test_lock_v3(struct unit *t)
{
	struct fixture f;
	const char *loc = "package-lock.json";

	fx_init(&f);
	add_data(t, &f, 0, loc, "lock-v3.json");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 9);
	check_lock_pkg(t, &f.cat, "@babel/code-frame", "7.22.13", false, loc);
	check_lock_pkg(t, &f.cat, "chokidar", "3.5.3", true, loc);
	check_lock_pkg(t, &f.cat, "fsevents", "2.3.3", true, loc);	/* devOptional */
	check_lock_pkg(t, &f.cat, "debug", "2.6.9", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.0.0", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.1.3", true, loc);
	check_lock_pkg(t, &f.cat, "string-width", "4.2.3", false, loc);	/* alias */
	check_lock_pkg(t, &f.cat, "lodash", "4.17.21", false, loc);	/* in a workspace */
	check_lock_pkg(t, &f.cat, "inherits", "2.0.4", false, loc);	/* dev at one path only */
	CHECK(t, !find(&f.cat, "app", NULL) && !find(&f.cat, "my-lib", NULL) && !find(&f.cat, "sw", NULL));
	CHECK_STR(t, find(&f.cat, "string-width", NULL) ? find(&f.cat, "string-width", NULL)->purl : NULL,
		  "pkg:npm/string-width@4.2.3");
	fx_release(&f);
}

/* A lock entry installed next to its lockfile is reported once, installed. */
static void test_lock_dedup(struct unit *t)
{
	struct fixture f;
	const char *loc = "app/package-lock.json";

	fx_init(&f);
	add_data(t, &f, 0, loc, "lock-v3.json");
	add(&f, 1, "app/node_modules/debug/package.json", "{\"name\": \"debug\", \"version\": \"2.6.9\"}");
	add(&f, 1, "app/node_modules/debug/node_modules/ms/package.json", "{\"name\": \"ms\", \"version\": \"2.0.0\"}");
	add(&f, 1, "app/node_modules/ms/package.json", "{\"name\": \"ms\", \"version\": \"2.1.2\"}");
	add(&f, 1, "app/node_modules/sw/package.json", "{\"name\": \"string-width\", \"version\": \"4.2.3\"}");
	add(&f, 1, "app/packages/my-lib/node_modules/lodash/package.json", "{\"name\": \"lodash\", \"version\": \"4.17.21\"}");
	add(&f, 1, "other/node_modules/@babel/code-frame/package.json",
	    "{\"name\": \"@babel/code-frame\", \"version\": \"7.22.13\"}");
	add(&f, 1, "app/node_modules/debug/package-lock.json",
	    "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/leftpad\": {\"version\": \"1.0.0\"}}}");
	add(&f, 1, "app/node_modules/.package-lock.json",
	    "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/leftpad\": {\"version\": \"1.0.0\"}}}");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, count(&f.cat, "node"), 6);
	CHECK_INT(t, count(&f.cat, "node-lock"), 5);
	CHECK_STR(t, found(&f.cat, "debug", NULL), "node");
	/* the lock entry left out lends its integrity to the installed package */
	CHECK_STR(t, hash_of(&f.cat, "debug", "2.6.9", "SHA-512"), DEBUG_SHA512);
	CHECK_STR(t, found(&f.cat, "ms", "2.0.0"), "node");
	CHECK_STR(t, found(&f.cat, "string-width", NULL), "node");
	CHECK_STR(t, found(&f.cat, "lodash", NULL), "node");
	check_lock_pkg(t, &f.cat, "ms", "2.1.3", true, loc);	/* stale lock, other version */
	CHECK(t, find(&f.cat, "ms", "2.1.2") != NULL);
	check_lock_pkg(t, &f.cat, "chokidar", "3.5.3", true, loc);
	check_lock_pkg(t, &f.cat, "fsevents", "2.3.3", true, loc);
	check_lock_pkg(t, &f.cat, "inherits", "2.0.4", false, loc);
	/* installed elsewhere does not count */
	CHECK(t, find(&f.cat, "@babel/code-frame", NULL) &&
		 !strcmp(f.cat.pkgs[0]->name, "@babel/code-frame") &&
		 !strcmp(f.cat.pkgs[1]->name, "@babel/code-frame"));
	CHECK(t, !find(&f.cat, "leftpad", NULL));
	fx_release(&f);
}

static void test_yarn_v1(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;
	const char *loc = "web/yarn.lock";

	fx_init(&f);
	add_data(t, &f, 0, loc, "yarn-v1.lock");
	add(&f, 0, "web/node_modules/lodash/package.json", "{\"name\": \"lodash\", \"version\": \"4.17.15\"}");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, count(&f.cat, "node-lock"), 6);
	check_lock_pkg(t, &f.cat, "@babel/code-frame", "7.22.13", false, loc);
	check_lock_pkg(t, &f.cat, "chalk", "2.4.2", false, loc);
	check_lock_pkg(t, &f.cat, "debug", "2.6.9", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.0.0", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.1.3", false, loc);
	check_lock_pkg(t, &f.cat, "string-width", "4.2.3", false, loc);
	CHECK_STR(t, found(&f.cat, "lodash", NULL), "node");
	CHECK(t, !find(&f.cat, "local-lib", NULL) && !find(&f.cat, "sw", NULL));
	p = find(&f.cat, "chalk", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->found_by, "yarn-lockfile");
		CHECK_INT(t, ndepends(p), 4);
		CHECK(t, has_depend(p, "supports-color") && has_depend(p, "fsevents"));
	}
	CHECK(t, has_depend(find(&f.cat, "@babel/code-frame", NULL), "@babel/highlight"));
	CHECK_STR(t, hash_of(&f.cat, "debug", "2.6.9", "SHA-512"), DEBUG_SHA512);
	CHECK_STR(t, hash_of(&f.cat, "ms", "2.0.0", "SHA-1"),
		  "5608aeadfc00be6c2901df5f9861788de0d597c8");
	CHECK(t, !hash_of(&f.cat, "ms", "2.0.0", "SHA-512"));
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

static void test_yarn_berry(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;
	const char *loc = "yarn.lock";

	fx_init(&f);
	add_data(t, &f, 0, loc, "yarn-berry.lock");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 5);
	check_lock_pkg(t, &f.cat, "@babel/code-frame", "7.22.13", false, loc);
	check_lock_pkg(t, &f.cat, "debug", "2.6.9", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.0.0", false, loc);
	check_lock_pkg(t, &f.cat, "resolve", "1.22.8", false, loc);	/* and its patch */
	check_lock_pkg(t, &f.cat, "string-width", "4.2.3", false, loc);
	CHECK(t, !find(&f.cat, "app", NULL) && !find(&f.cat, "my-lib", NULL));
	p = find(&f.cat, "@babel/code-frame", NULL);
	CHECK(t, p && ndepends(p) == 2 && has_depend(p, "chalk"));
	CHECK_STR(t, p ? p->found_by : NULL, "yarn-lockfile");
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

static void check_pnpm(struct unit *t, const char *data, bool dev_known, size_t want)
{
	struct fixture f;
	const struct cu_pkg *p;
	const char *loc = "app/pnpm-lock.yaml";

	fx_init(&f);
	add_data(t, &f, 0, loc, data);
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, want);
	check_lock_pkg(t, &f.cat, "@babel/code-frame", "7.22.13", false, loc);
	check_lock_pkg(t, &f.cat, "debug", "2.6.9", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.0.0", false, loc);
	check_lock_pkg(t, &f.cat, "ms", "2.1.3", dev_known, loc);
	check_lock_pkg(t, &f.cat, "react", "17.0.2", false, loc);
	check_lock_pkg(t, &f.cat, "react-dom", "17.0.2", false, loc);
	p = find(&f.cat, "react-dom", NULL);
	CHECK(t, p && ndepends(p) == 4 && has_depend(p, "scheduler"));
	CHECK_STR(t, p ? p->found_by : NULL, "pnpm-lockfile");
	CHECK(t, has_depend(find(&f.cat, "@babel/code-frame", NULL), "chalk"));
	CHECK_STR(t, hash_of(&f.cat, "debug", "2.6.9", "SHA-512"), DEBUG_SHA512);
	CHECK(t, !find(&f.cat, "local-lib", NULL));
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

static void test_pnpm5(struct unit *t)
{
	struct fixture f;

	check_pnpm(t, "pnpm-5.yaml", true, 7);
	fx_init(&f);
	add_data(t, &f, 0, "pnpm-lock.yaml", "pnpm-5.yaml");
	CHECK_INT(t, fx_run(&f), 0);
	check_lock_pkg(t, &f.cat, "tarball-pkg", "1.0.0", false, "pnpm-lock.yaml");
	fx_release(&f);
}

static void test_pnpm6(struct unit *t)
{
	check_pnpm(t, "pnpm-6.yaml", true, 6);
}

static void test_pnpm9(struct unit *t)
{
	check_pnpm(t, "pnpm-9.yaml", false, 6);
}

/* pnpm installs into node_modules/.pnpm/<name>@<version>/node_modules/<name>. */
static void test_pnpm_installed(struct unit *t)
{
	struct fixture f;

	fx_init(&f);
	add_data(t, &f, 0, "app/pnpm-lock.yaml", "pnpm-9.yaml");
	add(&f, 1, "app/node_modules/.pnpm/debug@2.6.9/node_modules/debug/package.json",
	    "{\"name\": \"debug\", \"version\": \"2.6.9\"}");
	add(&f, 1, "app/node_modules/.pnpm/@babel+code-frame@7.22.13/node_modules/@babel/code-frame/package.json",
	    "{\"name\": \"@babel/code-frame\", \"version\": \"7.22.13\"}");
	apply(&f, 1, "app/node_modules/debug", 'l', ".pnpm/debug@2.6.9/node_modules/debug");
	CHECK_INT(t, fx_run(&f), 0);
	CHECK_INT(t, count(&f.cat, "node"), 2);
	CHECK_INT(t, count(&f.cat, "node-lock"), 4);
	CHECK_STR(t, found(&f.cat, "debug", NULL), "node");
	fx_release(&f);
}

static void test_lock_malformed(struct unit *t)
{
	struct fixture f;
	char deep[256], deep_yaml[300];

	fx_init(&f);
	add(&f, 0, "a/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/x\": {\"version\": \"1.0.0\"}, ");
	add(&f, 0, "b/package-lock.json", "[1, 2]");
	add(&f, 0, "c/package-lock.json",
	    "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/ok\": {\"version\": \"1.0.0\"}, "
	    "\"node_modules/num\": 5, \"node_modules/bad name\": {\"version\": \"1.0.0\"}, "
	    "\"node_modules/noversion\": {}, \"node_modules/tarball\": {\"version\": \"https://x/y.tgz\"}}}");
	add(&f, 0, "d/package-lock.json", "{\"lockfileVersion\": 1, \"dependencies\": {\"a\": [], "
	    "\"b\": {\"version\": \"1.0.0\", \"dependencies\": {\"x\": \"str\"}}, \"c\": {\"dependencies\": 7}}}");
	add(&f, 0, "e/yarn.lock", "# yarn lockfile v1\n\nno-colon-here\n  version \"1.0.0\"\n\nnover@^1:\n  resolved \"x\"\n\n"
	    "ok@^2:\n  version \"2.0.0\"\n\"unterminated@^1:\n  version \"1.0.0\"\n:\n");
	add(&f, 0, "f/yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\":\n  version: [1\n");
	add(&f, 0, "g/pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  ok@3.0.0: {}\n  *anchor: x\n  ? [complex, key]\n  : {}\n  nover: {}\n\tbad: tab\n");
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	deep[200] = '\0';
	snprintf(deep_yaml, sizeof(deep_yaml), "packages: %s\n", deep);
	add(&f, 0, "h/pnpm-lock.yaml", deep_yaml);
	add(&f, 0, "i/pnpm-lock.yaml", "");
	add(&f, 0, "j/pnpm-lock.yaml", "a: \xc3\x28 junk\n");
	add_sized(&f, 0, "k/yarn.lock", "", 40ULL * 1024 * 1024);
	CHECK_INT(t, fx_run(&f), 0);
	CHECK(t, warned(&f.cat, "a/package-lock.json is not valid JSON"));
	CHECK(t, warned(&f.cat, "b/package-lock.json is not a JSON object, skipped"));
	CHECK(t, warned(&f.cat, "c/package-lock.json: 3 malformed entries skipped"));
	CHECK(t, warned(&f.cat, "d/package-lock.json: 3 malformed entries skipped"));
	CHECK(t, warned(&f.cat, "e/yarn.lock: 4 malformed entries skipped"));
	CHECK(t, warned(&f.cat, "f/yarn.lock: malformed YAML at line"));
	CHECK(t, warned(&f.cat, "g/pnpm-lock.yaml: malformed YAML"));
	CHECK(t, warned(&f.cat, "g/pnpm-lock.yaml: 1 malformed entry skipped"));
	CHECK(t, warned(&f.cat, "h/pnpm-lock.yaml: YAML nested deeper than 64 levels"));
	CHECK(t, warned(&f.cat, "j/pnpm-lock.yaml: malformed YAML"));
	CHECK(t, warned(&f.cat, "k/yarn.lock: larger than 33554432 bytes"));
	CHECK(t, find(&f.cat, "ok", "1.0.0") && find(&f.cat, "ok", "2.0.0") && find(&f.cat, "ok", "3.0.0"));
	CHECK(t, find(&f.cat, "b", "1.0.0") != NULL);
	CHECK(t, !find(&f.cat, "x", NULL) && !find(&f.cat, "tarball", NULL));
	fx_release(&f);
}

const struct unit_test cat_node_tests[] = {
	{ "catalog/node-installed", test_installed },
	{ "catalog/node-not-root", test_not_root },
	{ "catalog/node-license", test_license_forms },
	{ "catalog/node-malformed", test_malformed },
	{ "catalog/node-debian-owned", test_debian_owned },
	{ "catalog/node-layers", test_layers },
	{ "catalog/node-whiteout", test_whiteout },
	{ "catalog/node-lock-v1", test_lock_v1 },
	{ "catalog/node-lock-v2", test_lock_v2 },
	{ "catalog/node-lock-v3", test_lock_v3 },
	{ "catalog/node-lock-dedup", test_lock_dedup },
	{ "catalog/node-yarn-v1", test_yarn_v1 },
	{ "catalog/node-yarn-berry", test_yarn_berry },
	{ "catalog/node-pnpm5", test_pnpm5 },
	{ "catalog/node-pnpm6", test_pnpm6 },
	{ "catalog/node-pnpm9", test_pnpm9 },
	{ "catalog/node-pnpm-installed", test_pnpm_installed },
	{ "catalog/node-lock-malformed", test_lock_malformed },
	{ NULL, NULL },
};
