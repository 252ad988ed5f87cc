/*
 * node-pkg.h - what the two npm catalogers share: node.c (installed
 * packages, node_modules/<name>/package.json) and node-lock*.c (lockfiles).
 *
 * npm package names follow validate-npm-package-name: "name" or
 * "@scope/name", URL-safe characters, at most 214 bytes. Both catalogers
 * record the files they read (every version, as layers pass) so that a
 * package is attributed to the first layer of the unbroken run of layers
 * that wrote its file with the same content: a later `chown -R` or a COPY
 * of identical bytes does not move it.
 */
#ifndef CU_CATALOG_NODE_PKG_H
#define CU_CATALOG_NODE_PKG_H

#include "catalog.h"

/* npm's own limit on a package name (validate-npm-package-name) */
#define CU_NPM_NAME_MAX		214
/* longest version taken; SemVer sets none, real ones are under 64 bytes */
#define CU_NPM_VERSION_MAX	256
/* dependency names recorded per package (lodash-style monsters have ~100) */
#define CU_NPM_DEPENDS_MAX	1000
/* package.json files or lockfiles watched per cataloger, all layers together */
#define CU_NPM_FILES_MAX	500000

/* A valid npm package name: "name" or "@scope/name". */
bool cu_npm_name_ok(struct cu_span name);

/* Printable ASCII, no blanks, at most CU_NPM_VERSION_MAX bytes. */
bool cu_npm_version_ok(struct cu_span version);

/* Whether path has a component equal to comp ("node_modules"). */
bool cu_npm_has_component(struct cu_span path, const char *comp);

/*
 * A new package of type npm in cat with its name, version, source name and
 * version and purl ("pkg:npm/%40scope/name@1.0.0") set. Name and version
 * must have passed the checks above.
 */
int cu_npm_new_pkg(struct cu_catalog *cat, struct cu_span name,
		   struct cu_span version, struct cu_pkg **out);

/* p->depends from n names (empty ones left out, at most CU_NPM_DEPENDS_MAX). */
int cu_npm_set_depends(struct cu_catalog *cat, struct cu_pkg *p,
		       const struct cu_span *names, size_t n);

/* An arena copy of the first line of s, cut to max bytes on a UTF-8 boundary. */
const char *cu_npm_text(struct cu_catalog *cat, struct cu_span s, size_t max);

/* --- the files a cataloger reads ------------------------------------------ */

struct cu_npm_file {
	const char *path;
	struct cu_npm_file *next;	/* in the order first seen */
	uint64_t hash;			/* content of the last version captured */
	int first_layer;		/* first layer of the run with that content */
	int big_layer;			/* last layer with a version over the cap, or -1 */
	uint64_t big_size;
	bool captured;
};

struct cu_npm_files {
	struct cu_arena arena;
	struct cu_map by_path;		/* path -> struct cu_npm_file */
	struct cu_npm_file *head, **tail;
	uint64_t max_bytes;		/* larger versions are not kept */
	bool full;			/* CU_NPM_FILES_MAX reached */
};

void cu_npm_files_init(struct cu_npm_files *fs, uint64_t max_bytes);
void cu_npm_files_release(struct cu_npm_files *fs);

/* For want(): note the file; CU_WANT_KEEP, or 0 when it is too big. */
unsigned cu_npm_files_want(struct cu_npm_files *fs, const struct cu_file_info *f);

/* For captured(): note which layer first had this content. */
int cu_npm_files_captured(struct cu_npm_files *fs, const struct cu_file_info *f,
			  const struct cu_content *c);

/*
 * Call fn for each noted file that is still a regular file in the view,
 * with its content (a UTF-8 BOM removed) and the layer that brought that
 * content. A file whose
 * last version was over the cap, or was captured truncated, gets a warning
 * in cat instead. Returns the first non-zero value of fn.
 */
typedef int (*cu_npm_file_fn)(void *ctx, const char *path, struct cu_span text,
			      int layer);
int cu_npm_files_each(struct cu_npm_files *fs, struct cu_catalog *cat,
		      const struct cu_fsview *view, cu_npm_file_fn fn, void *ctx);

#endif
