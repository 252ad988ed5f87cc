/*
 * node-lock.h - inside the node-lock cataloger: one lockfile being read,
 * the parsers of each format (node-lock-npm.c, node-lock-yarn.c,
 * node-lock-pnpm.c) and the YAML entry walker they share
 * (node-lock-yaml.c).
 *
 * A parser turns its format into entries (name, version, dev flag,
 * dependency names) and hands each to cu_nl_emit, which checks them,
 * merges repeats, drops the ones installed next to the lockfile and
 * records the rest.
 */
#ifndef CU_CATALOG_NODE_LOCK_H
#define CU_CATALOG_NODE_LOCK_H

#include "node-pkg.h"

/* entries taken from one lockfile (a large monorepo has ~10k) */
#define CU_NL_ENTRIES_MAX	CU_CAP_PKGDB_ENTRIES
/* nesting of a lockfile v1 "dependencies" tree or of a YAML document */
#define CU_NL_DEPTH_MAX		CU_CAP_JSON_DEPTH

/* One lockfile being read. */
struct cu_nl_file {
	struct cu_catalog *cat;
	const struct cu_map *installed;	/* "name@version" -> struct cu_nl_installed */
	const char *path;		/* "app/package-lock.json" */
	struct cu_span dir;		/* "app"; empty at the root */
	const char *found_by;		/* "npm-lockfile" ... */
	int layer;
	struct cu_arena arena;		/* keys of seen */
	struct cu_map seen;		/* "name@version" -> struct cu_pkg or a marker */
	size_t entries;
	int bad;			/* malformed entries skipped */
	bool full;			/* CU_NL_ENTRIES_MAX reached */
};

/* An installed package (node cataloger), by name@version. */
struct cu_nl_installed {
	const char *location;		/* "app/node_modules/x/package.json" */
	struct cu_pkg *pkg;
	struct cu_nl_installed *next;
};

struct cu_nl_entry {
	struct cu_span name, version;
	/* npm: the entry's path, "node_modules/a/node_modules/b"; else empty */
	struct cu_span path;
	bool dev;
	const struct cu_span *depends;
	size_t ndepends;
	/* Subresource Integrity of the tarball ("sha512-..."); may be empty */
	struct cu_span integrity;
};

/*
 * Record an entry. An entry left out because it is installed lends its
 * integrity to the installed package. Versions that are not SemVer (file:, git and tarball
 * specs) are local or unregistered code and are passed over; an invalid
 * name counts as malformed. Returns 0 or CU_ENOMEM.
 */
int cu_nl_emit(struct cu_nl_file *lf, const struct cu_nl_entry *e);

/* Split "name@range" (scope respected) at its '@'; false without one. */
bool cu_nl_split_spec(struct cu_span spec, struct cu_span *name, struct cu_span *range);

/* The parsers: warn about malformed input in lf->cat, fail only for memory. */
int cu_nl_read_npm(struct cu_nl_file *lf, struct cu_span text);
int cu_nl_read_yarn(struct cu_nl_file *lf, struct cu_span text);
int cu_nl_read_pnpm(struct cu_nl_file *lf, struct cu_span text);

/* --- YAML lockfiles (Yarn Berry, pnpm) ------------------------------------ */

enum cu_nl_yfield {
	CU_NL_Y_NAME,
	CU_NL_Y_VERSION,
	CU_NL_Y_RESOLUTION,
	CU_NL_Y_DEV,
	CU_NL_Y_INTEGRITY,	/* pnpm: resolution: {integrity: ...} */
	CU_NL_Y_NFIELDS,
};

/* What the walker keeps of one entry; spans valid during the callback. */
struct cu_nl_yentry {
	struct cu_span key;
	struct cu_span field[CU_NL_Y_NFIELDS];
	const struct cu_span *depends;	/* keys of dependencies, optionalDependencies */
	size_t ndepends;
};

typedef int (*cu_nl_yentry_fn)(void *ctx, const struct cu_nl_yentry *e);

/*
 * Call fn for each entry of a YAML lockfile: each member of the top-level
 * mapping (sections NULL), or each member of the top-level mappings whose
 * keys are listed in sections (NULL-terminated), in every document.
 * CU_EFORMAT with a message in err for malformed YAML (entries before the
 * fault have been handed over), or the first non-zero value of fn.
 */
int cu_nl_yaml_entries(struct cu_span text, const char *what,
		       const char *const *sections, cu_nl_yentry_fn fn, void *ctx,
		       struct cu_err *err);

#endif
