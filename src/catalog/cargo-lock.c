/*
 * cargo-lock.c - Rust crates pinned by Cargo.lock files (cargo's lockfile,
 * format versions 1 to 4; TOML v1.0.0 for the syntax).
 *
 * Cargo writes the file in a fixed shape, so a line-based reader of this
 * TOML subset is enough:
 *
 *   # comment                   skipped, as are blank lines
 *   version = 4                 top level: the lockfile version
 *   [[package]]                 starts a package table
 *   name = "serde"              key = basic "..." or literal '...' string,
 *   version = "1.0.190"           text after the closing quote ignored
 *   source = "registry+https://github.com/rust-lang/crates.io-index"
 *   checksum = "..."
 *   dependencies = [            an array of strings, on one line or one
 *    "serde_derive",              element per line up to a line "]";
 *    "syn 2.0.38",                an element's first word is the crate
 *   ]
 *   [metadata] [[patch.unused]] [root] ...   any other table ends the package
 *                               (and an array left open)
 *
 * Basic strings with escapes, multi-line strings, inline tables and dotted
 * keys do not occur in lockfiles and make the line count as malformed.
 *
 * A package without a source is a crate of the workspace itself (or a path
 * dependency): it is not published, so it is not reported. Lockfiles inside
 * cargo's download caches (.cargo/registry, .cargo/git) and the toolchain's
 * own sources (lib/rustlib) belong to crates that were downloaded, not
 * built, and are ignored.
 */
#include "catalog.h"
#include "common.h"
#include "purl.h"

#define LOCKFILE "Cargo.lock"
/* Lockfiles remembered. */
#define CARGO_LOCK_FILES_MAX	10000
/* Dependencies recorded per package. */
#define CARGO_LOCK_DEPS_MAX	1024

struct cargo_state {
	struct cu_arena arena;
	struct cu_map seen;	/* path -> path: every Cargo.lock captured */
	const char **paths;	/* the same, in the order first seen */
	size_t npaths, alloc;
};

struct crate {
	struct cu_span name, version, source;
	struct cu_span checksum;	/* sha256 of the .crate (format 2 and later) */
	struct cu_span deps[CARGO_LOCK_DEPS_MAX];
	size_t ndeps;
	bool open;		/* inside a [[package]] table */
};

struct lock_parse {
	struct cu_catalog *cat;
	const char *location;
	int layer;
	struct crate crate;
	bool in_array;		/* inside a multi-line dependencies array */
	int bad;		/* malformed lines */
	size_t npkgs;
};

static int init(void **state)
{
	struct cargo_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_arena_init(&st->arena, 0);
	cu_map_init(&st->seen, CARGO_LOCK_FILES_MAX);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct cargo_state *st = state;

	cu_map_release(&st->seen);
	free(st->paths);
	cu_arena_release(&st->arena);
	free(st);
}

static bool ignored_dir(struct cu_span path)
{
	static const char *const dirs[] = { ".cargo/registry/", ".cargo/git/", "lib/rustlib/" };

	for (size_t i = 0; i < CU_ARRAY_SIZE(dirs); i++)
		if (memmem(path.ptr, path.len, dirs[i], strlen(dirs[i])))
			return true;
	return false;
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	struct cu_span p = f->path;

	if (!cu_span_ends_with(p, LOCKFILE))
		return 0;
	if (p.len > strlen(LOCKFILE) && p.ptr[p.len - strlen(LOCKFILE) - 1] != '/')
		return 0;
	return ignored_dir(p) ? 0 : CU_WANT_KEEP;
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	struct cargo_state *st = state;
	char *path;

	if (cu_map_get(&st->seen, f->path))
		return 0;
	path = cu_arena_spandup(&st->arena, f->path);
	if (!path || CU_GROW(st->paths, st->alloc, st->npaths + 1))
		return CU_ENOMEM;
	if (cu_map_put(&st->seen, cu_span_str(path), path))
		return 0;	/* over CARGO_LOCK_FILES_MAX: the rest are not read */
	st->paths[st->npaths++] = path;
	return 0;
}

/* --- TOML subset ---------------------------------------------------------- */

/* A string at the front of *s: "..." without escapes, or '...'. */
static bool pull_string(struct cu_span *s, struct cu_span *out)
{
	ptrdiff_t end;
	char q;

	if (!s->len || (s->ptr[0] != '"' && s->ptr[0] != '\''))
		return false;
	q = s->ptr[0];
	*s = cu_span_skip(*s, 1);
	end = cu_span_find(*s, q);
	if (end < 0)
		return false;
	*out = cu_span_sub(*s, 0, (size_t)end);
	if (q == '"' && cu_span_find(*out, '\\') >= 0)
		return false;
	*s = cu_span_skip(*s, (size_t)end + 1);
	return true;
}

/* "syn 2.0.38 (registry+...)" -> "syn" */
static struct cu_span first_word(struct cu_span s)
{
	ptrdiff_t sp = cu_span_find(s, ' ');

	return sp < 0 ? s : cu_span_sub(s, 0, (size_t)sp);
}

/* Elements of a dependencies array on this line; true at its closing ']'. */
static bool array_items(struct lock_parse *lp, struct cu_span s)
{
	struct cu_span item;

	for (;;) {
		s = cu_span_trim(s);
		if (!s.len || s.ptr[0] == '#')
			return false;
		if (s.ptr[0] == ']')
			return true;
		if (s.ptr[0] == ',') {
			s = cu_span_skip(s, 1);
			continue;
		}
		if (!pull_string(&s, &item)) {
			lp->bad++;
			return false;
		}
		if (lp->crate.open && lp->crate.ndeps < CARGO_LOCK_DEPS_MAX && item.len)
			lp->crate.deps[lp->crate.ndeps++] = first_word(item);
	}
}

/* --- packages ------------------------------------------------------------ */

static int add_depends(struct cu_catalog *cat, struct cu_pkg *p, const struct crate *c)
{
	if (!c->ndeps)
		return 0;
	p->depends = cu_arena_calloc(&cat->arena, c->ndeps + 1, sizeof(*p->depends));
	if (!p->depends)
		return CU_ENOMEM;
	for (size_t i = 0; i < c->ndeps; i++)
		if (!(p->depends[i] = cu_arena_spandup(&cat->arena, c->deps[i])))
			return CU_ENOMEM;
	return 0;
}

static int make_purl(struct cu_catalog *cat, struct cu_pkg *p)
{
	struct cu_buf purl = CU_BUF_INIT;
	int rc = 0;

	if (cu_purl_make(&purl, "cargo", NULL, p->name, p->version, NULL, NULL) == 0) {
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
		rc = p->purl ? 0 : CU_ENOMEM;
	}
	cu_buf_release(&purl);
	return rc;
}

/* The package table that just ended. */
static int end_crate(struct lock_parse *lp)
{
	struct crate *c = &lp->crate;
	struct cu_catalog *cat = lp->cat;
	struct cu_pkg *p;
	int rc;

	if (!c->open)
		return 0;
	c->open = false;
	if (!c->name.len || !c->version.len) {
		cu_catalog_warn(cat, "%s: package without %s skipped", lp->location,
				c->name.len ? "version" : "name");
		return 0;
	}
	if (!c->source.len)
		return 0;	/* a crate of the workspace */
	if (++lp->npkgs > CU_CAP_PKGDB_ENTRIES)
		return CU_ETOOBIG;
	p = cu_catalog_new_pkg(cat);
	if (!p)
		return CU_ENOMEM;
	p->type = "cargo";
	p->name = cu_arena_spandup(&cat->arena, c->name);
	p->version = cu_arena_spandup(&cat->arena, c->version);
	if (!p->name || !p->version)
		return CU_ENOMEM;
	p->source_name = p->name;
	p->source_version = p->version;
	p->cataloger = "cargo-lock";
	p->found_by = "cargo-lock";
	p->location = lp->location;
	p->layer = lp->layer;
	rc = add_depends(cat, p, c);
	if (!rc)
		rc = cu_pkg_add_hash(cat, p, cu_span_str("sha256"), c->checksum);
	return rc ? rc : make_purl(cat, p);
}

static void key_value(struct lock_parse *lp, struct cu_span line)
{
	struct cu_span key, value, text;
	struct crate *c = &lp->crate;

	if (!cu_span_split(&line, '=', &key)) {
		lp->bad++;
		return;
	}
	key = cu_span_trim(key);
	value = cu_span_trim(line);
	if (!c->open)
		return;	/* top-level "version = 3", [metadata] entries ... */
	if (cu_span_eq_str(key, "dependencies") && value.len && value.ptr[0] == '[') {
		lp->in_array = !array_items(lp, cu_span_skip(value, 1));
		return;
	}
	if (!cu_span_eq_str(key, "name") && !cu_span_eq_str(key, "version") &&
	    !cu_span_eq_str(key, "source") && !cu_span_eq_str(key, "checksum"))
		return;
	if (!pull_string(&value, &text)) {
		lp->bad++;
		return;
	}
	if (cu_span_eq_str(key, "name"))
		c->name = text;
	else if (cu_span_eq_str(key, "version"))
		c->version = text;
	else if (cu_span_eq_str(key, "checksum"))
		c->checksum = text;
	else
		c->source = text;
}

/* "[[package]]", "[metadata]": not an array element. */
static bool is_table(struct cu_span line)
{
	return line.len > 1 && line.ptr[0] == '[' &&
	       (line.ptr[1] == '[' || (line.ptr[1] >= 'a' && line.ptr[1] <= 'z'));
}

static int read_line(struct lock_parse *lp, struct cu_span line)
{
	int rc;

	line = cu_span_trim(line);
	if (lp->in_array && !is_table(line)) {
		lp->in_array = !array_items(lp, line);
		return 0;
	}
	if (lp->in_array)
		lp->bad++;	/* an array left open */
	lp->in_array = false;
	if (!line.len || line.ptr[0] == '#')
		return 0;
	if (line.ptr[0] == '[') {
		rc = end_crate(lp);
		if (cu_span_starts_with(line, "[[package]]")) {
			memset(&lp->crate, 0, sizeof(lp->crate));
			lp->crate.open = true;
		}
		return rc;
	}
	key_value(lp, line);
	return 0;
}

static int parse_lock(struct cu_catalog *cat, const char *location, int layer,
		      struct cu_span text, struct cu_err *err)
{
	struct lock_parse *lp = calloc(1, sizeof(*lp));
	struct cu_span line;
	int rc = 0;

	if (!lp)
		return cu_seterr(err, CU_ENOMEM, "cannot read %s", location);
	lp->cat = cat;
	lp->location = location;
	lp->layer = layer;
	while (!rc && cu_span_pull_line(&text, &line))
		rc = read_line(lp, line);
	if (!rc)
		rc = end_crate(lp);
	if (lp->bad)
		cu_catalog_warn(cat, "%s: %d malformed lines ignored", location, lp->bad);
	free(lp);
	if (rc == CU_ETOOBIG) {
		cu_catalog_warn(cat, "%s: packages after the first %d not read", location,
				CU_CAP_PKGDB_ENTRIES);
		return 0;
	}
	return rc ? cu_seterr(err, rc, "cannot read %s", location) : 0;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct cargo_state *st = state;
	int rc = 0;

	for (size_t i = 0; i < st->npaths && !rc; i++) {
		const struct cu_fsnode *n = cu_fsview_lookup(view, st->paths[i], false);
		const char *location;

		if (!n || n->type != CU_FS_FILE || !n->content)
			continue;
		if (n->content->truncated) {
			cu_catalog_warn(cat, "%s: larger than %llu bytes, not read", st->paths[i],
					(unsigned long long)CU_CAP_CAPTURE_FILE);
			continue;
		}
		location = cu_arena_strdup(&cat->arena, st->paths[i]);
		if (!location)
			return CU_ENOMEM;
		rc = parse_lock(cat, location, n->layer,
				cu_span_make(n->content->data, n->content->len), err);
	}
	return rc;
}

const struct cu_cataloger_ops cu_cataloger_cargo_lock = {
	.name = "cargo-lock",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
