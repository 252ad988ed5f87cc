/*
 * import.h - loading advisory feeds from files into the database.
 *
 * Each feed format is one const struct cu_importer_ops: it recognises its
 * files (probe) and writes their records through a struct cu_dbw. All paths
 * of one `customs db import` land in one transaction.
 */
#ifndef CU_IMPORT_H
#define CU_IMPORT_H

#include <stdbool.h>

#include "span.h"
#include "writer.h"

struct cu_import_input {
	const char *path;
	bool is_dir;
	struct cu_span head;		/* the first bytes of a file */
	const char *name;		/* source name to use, or NULL: the importer's */
};

struct cu_importer_ops {
	const char *name;
	bool (*probe)(const struct cu_import_input *in);
	/* Import one path as one source. */
	int (*import)(struct cu_dbw *w, const struct cu_import_input *in,
		      struct cu_err *err);
};

extern const struct cu_importer_ops cu_importer_osv;
extern const struct cu_importer_ops cu_importer_debian_tracker;
extern const struct cu_importer_ops cu_importer_alpine_secdb;
extern const struct cu_importer_ops cu_importer_nvd;
extern const struct cu_importer_ops cu_importer_kev;
extern const struct cu_importer_ops cu_importer_epss;

/* What one import did, per source, for the command to print. */
struct cu_import_result {
	char source[256];
	const char *kind;
	int64_t records;
	int64_t skipped;
	char first_problem[512];	/* why the first skipped record was skipped */
};

/*
 * Import every path in one transaction. results (may be NULL) gets one entry
 * per path. On failure nothing is changed and err names the path.
 */
int cu_db_import(struct cu_db *db, const char *const *paths, size_t npaths,
		 struct cu_import_result *results, struct cu_err *err);

/*
 * The same, naming the source (feeds whose importer would name it from the
 * file path, like OSV zips, take this name instead).
 */
int cu_db_import_as(struct cu_db *db, const char *const *paths, size_t npaths,
		    const char *name, struct cu_import_result *results,
		    struct cu_err *err);

/* Record a skipped invalid record (first reason kept). */
void cu_import_skip(struct cu_dbw *w, const char *where, const struct cu_err *why);

/* Map a file read-only (mmap); the span must be released with unmap. */
int cu_file_map(const char *path, size_t cap, struct cu_span *out,
		struct cu_err *err);
void cu_file_unmap(struct cu_span s);

/*
 * Call fn for every regular *.json file below dir (no symlinks followed, at
 * most 16 levels), in directory order, stopping at the first error.
 */
int cu_import_walk_json(struct cu_dbw *w, const char *dir,
			int (*fn)(struct cu_dbw *w, const char *path, struct cu_err *err),
			struct cu_err *err);

/* sha256 of a file as "sha256:hex" (for the sources table). */
int cu_file_digest(const char *path, char *out, size_t outlen);

/*
 * OSV: import one record (JSON text). CU_EFORMAT when the record violates
 * the OSV schema in a way we cannot use; the caller skips it.
 */
int cu_osv_import_record(struct cu_dbw *w, struct cu_span json, struct cu_err *err);

#endif
