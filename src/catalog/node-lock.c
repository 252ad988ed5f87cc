/*
 * node-lock.c - npm packages named by the lockfiles left in an image:
 * package-lock.json and npm-shrinkwrap.json (npm docs
 * "package-lock.json", lockfileVersion 1, 2 and 3), yarn.lock (Yarn 1's
 * own format and Yarn Berry's YAML) and pnpm-lock.yaml (lockfile versions
 * 5.x, 6.x and 9.x). Lockfiles inside node_modules (npm's hidden
 * node_modules/.package-lock.json, those shipped in packages) are not read.
 *
 * The installed package is authoritative: an entry is left out when the
 * same name@version is installed in the node_modules directory next to
 * the lockfile (or at the very path a package-lock.json names for it).
 * That is known from the node cataloger, which runs before this one
 * (catalog.c), so this cataloger reads what it recorded.
 */
#include "common.h"
#include "node-lock.h"
#include "path.h"
#include "version/npm.h"

/* one lockfile; the largest real ones (monorepos) are 10-20 MB */
#define NL_LOCK_MAX_BYTES	(32 * CU_MiB)

enum lock_kind {
	LOCK_NONE,
	LOCK_NPM,
	LOCK_YARN,
	LOCK_PNPM,
};

struct lock_state {
	struct cu_npm_files files;
	struct cu_arena arena;		/* the installed index */
	struct cu_map installed;	/* "name@version" -> struct cu_nl_installed */
};

struct lock_read {
	struct lock_state *st;
	struct cu_catalog *cat;
};

/* seen value of an entry left out because it is installed */
static const char installed_mark;

static int init(void **state)
{
	struct lock_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_npm_files_init(&st->files, NL_LOCK_MAX_BYTES);
	cu_arena_init(&st->arena, 0);
	cu_map_init(&st->installed, 0);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct lock_state *st = state;

	cu_map_release(&st->installed);
	cu_arena_release(&st->arena);
	cu_npm_files_release(&st->files);
	free(st);
}

static enum lock_kind kind_of(struct cu_span path)
{
	struct cu_span base = cu_path_basename(path);

	if (cu_span_eq_str(base, "package-lock.json") ||
	    cu_span_eq_str(base, "npm-shrinkwrap.json"))
		return LOCK_NPM;
	if (cu_span_eq_str(base, "yarn.lock"))
		return LOCK_YARN;
	if (cu_span_eq_str(base, "pnpm-lock.yaml"))
		return LOCK_PNPM;
	return LOCK_NONE;
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	struct lock_state *st = state;
	struct cu_span path = f->path;
	char last = path.len ? path.ptr[path.len - 1] : 0;

	if (last != 'n' && last != 'k' && last != 'l')
		return 0;	/* not .json, .lock or .yaml: the common case */
	if (kind_of(path) == LOCK_NONE ||
	    cu_npm_has_component(cu_path_dirname(path), "node_modules"))
		return 0;
	return cu_npm_files_want(&st->files, f);
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	struct lock_state *st = state;

	return cu_npm_files_captured(&st->files, f, c);
}

bool cu_nl_split_spec(struct cu_span spec, struct cu_span *name, struct cu_span *range)
{
	ptrdiff_t at = spec.len > 1 ? cu_span_find(cu_span_skip(spec, 1), '@') : -1;

	if (at < 0) {
		*name = spec;
		*range = CU_SPAN_NULL;
		return false;
	}
	*name = cu_span_sub(spec, 0, (size_t)at + 1);
	*range = cu_span_skip(spec, (size_t)at + 2);
	return true;
}

/* --- entries --------------------------------------------------------------- */

static bool span_prefix(struct cu_span s, struct cu_span prefix)
{
	return s.len >= prefix.len && (!prefix.len || !memcmp(s.ptr, prefix.ptr, prefix.len));
}

/*
 * location is "<dir>/node_modules/..." or, for a package-lock path,
 * exactly "<dir>/<path>/package.json" (workspaces keep their own
 * node_modules in packages/a/node_modules).
 */
static bool next_to(const struct cu_nl_file *lf, const char *location, struct cu_span path)
{
	struct cu_span loc = cu_span_str(location);

	if (lf->dir.len) {
		if (!span_prefix(loc, lf->dir) || loc.len == lf->dir.len ||
		    loc.ptr[lf->dir.len] != '/')
			return false;
		loc = cu_span_skip(loc, lf->dir.len + 1);
	}
	if (cu_span_starts_with(loc, "node_modules/"))
		return true;
	return path.len && span_prefix(loc, path) &&
	       cu_span_eq_str(cu_span_skip(loc, path.len), "/package.json");
}

static struct cu_nl_installed *installed_here(const struct cu_nl_file *lf,
					      struct cu_span key, struct cu_span path)
{
	struct cu_nl_installed *in = cu_map_get(lf->installed, key);

	for (; in; in = in->next)
		if (next_to(lf, in->location, path))
			return in;
	return NULL;
}

static int record(struct cu_nl_file *lf, const struct cu_nl_entry *e, struct cu_pkg **out)
{
	struct cu_pkg *p;
	int rc = cu_npm_new_pkg(lf->cat, e->name, e->version, &p);

	if (rc)
		return rc;
	p->cataloger = "node-lock";
	p->found_by = lf->found_by;
	p->location = lf->path;
	p->layer = lf->layer;
	p->dev = e->dev;
	*out = p;
	rc = cu_pkg_add_sri(lf->cat, p, e->integrity);
	return rc ? rc : cu_npm_set_depends(lf->cat, p, e->depends, e->ndepends);
}

/* The same package again (another path, another peer set): dev only if always dev. */
static int merge(struct cu_nl_file *lf, struct cu_pkg *p, const struct cu_nl_entry *e)
{
	p->dev = p->dev && e->dev;
	if (cu_pkg_add_sri(lf->cat, p, e->integrity))
		return CU_ENOMEM;
	if (!p->depends && e->ndepends)
		return cu_npm_set_depends(lf->cat, p, e->depends, e->ndepends);
	return 0;
}

int cu_nl_emit(struct cu_nl_file *lf, const struct cu_nl_entry *e)
{
	struct cu_buf key = CU_BUF_INIT;
	struct cu_semver sv;
	struct cu_nl_installed *in;
	struct cu_pkg *p = NULL;
	void *seen;
	char *k;
	int rc = 0;

	if (lf->full || !e->version.len ||
	    cu_semver_parse(e->version, CU_SEMVER_LOOSE, &sv))
		return 0;
	if (!cu_npm_name_ok(e->name) || !cu_npm_version_ok(e->version)) {
		lf->bad++;
		return 0;
	}
	cu_buf_addspan(&key, e->name);
	cu_buf_addch(&key, '@');
	if (cu_buf_addspan(&key, e->version))
		return CU_ENOMEM;
	seen = cu_map_get(&lf->seen, cu_buf_span(&key));
	if (seen) {
		if (seen != &installed_mark)
			rc = merge(lf, seen, e);
		goto out;
	}
	if (++lf->entries > CU_NL_ENTRIES_MAX) {
		lf->full = true;
		goto out;
	}
	in = installed_here(lf, cu_buf_span(&key), e->path);
	rc = in ? cu_pkg_add_sri(lf->cat, in->pkg, e->integrity) : record(lf, e, &p);
	k = cu_arena_strndup(&lf->arena, key.buf, key.len);
	if (!rc && (!k || cu_map_put(&lf->seen, cu_span_str(k), p ? (void *)p : (void *)&installed_mark)))
		rc = CU_ENOMEM;
out:
	cu_buf_release(&key);
	return rc;
}

/* --- the cataloger ----------------------------------------------------------- */

static int index_installed(struct lock_state *st, struct cu_catalog *cat)
{
	for (size_t i = 0; i < cat->npkgs; i++) {
		struct cu_pkg *p = cat->pkgs[i];
		struct cu_nl_installed *in;
		char *key;

		if (!p->cataloger || strcmp(p->cataloger, "node") || !p->location)
			continue;
		key = cu_arena_printf(&st->arena, "%s@%s", p->name, p->version);
		in = cu_arena_alloc(&st->arena, sizeof(*in));
		if (!key || !in)
			return CU_ENOMEM;
		in->location = p->location;
		in->pkg = p;
		in->next = cu_map_get(&st->installed, cu_span_str(key));
		if (cu_map_put(&st->installed, cu_span_str(key), in))
			return CU_ENOMEM;
	}
	return 0;
}

static int parse(struct cu_nl_file *lf, enum lock_kind kind, struct cu_span text)
{
	switch (kind) {
	case LOCK_NPM:
		lf->found_by = "npm-lockfile";
		return cu_nl_read_npm(lf, text);
	case LOCK_YARN:
		lf->found_by = "yarn-lockfile";
		return cu_nl_read_yarn(lf, text);
	case LOCK_PNPM:
		lf->found_by = "pnpm-lockfile";
		return cu_nl_read_pnpm(lf, text);
	default:
		return 0;
	}
}

static int read_lockfile(void *ctx, const char *path, struct cu_span text, int layer)
{
	struct lock_read *r = ctx;
	struct cu_nl_file lf = { 0 };
	int rc = CU_ENOMEM;

	lf.cat = r->cat;
	lf.installed = &r->st->installed;
	lf.path = cu_arena_strdup(&r->cat->arena, path);
	lf.layer = layer;
	cu_arena_init(&lf.arena, 0);
	cu_map_init(&lf.seen, 0);
	if (!lf.path)
		goto out;
	lf.dir = cu_path_dirname(cu_span_str(lf.path));
	rc = parse(&lf, kind_of(cu_span_str(path)), text);
	if (!rc && lf.bad)
		rc = cu_catalog_warn(r->cat, "%s: %d malformed %s skipped", path, lf.bad,
				     lf.bad == 1 ? "entry" : "entries");
	if (!rc && lf.full)
		rc = cu_catalog_warn(r->cat, "%s: more than %d entries, the rest skipped",
				     path, CU_NL_ENTRIES_MAX);
out:
	cu_map_release(&lf.seen);
	cu_arena_release(&lf.arena);
	return rc;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct lock_state *st = state;
	struct lock_read r = { st, cat };
	int rc = 0;

	if (!st->files.head && !st->files.full)
		return 0;
	rc = index_installed(st, cat);
	if (!rc)
		rc = cu_npm_files_each(&st->files, cat, view, read_lockfile, &r);
	if (rc)
		return cu_seterr(err, rc, "cannot record packages from lockfiles");
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_node_lock = {
	.name = "node-lock",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
