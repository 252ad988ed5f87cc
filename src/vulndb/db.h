/*
 * db.h - the vulnerability database: one versioned SQLite file.
 *
 * Layout and meaning of every table: docs/database.md. Writers (importers)
 * go through struct cu_dbw, which wraps a whole import in one transaction:
 * either every source of the import lands, or the database is as it was.
 * Readers (matchers) use prepared statements on a read-only connection.
 */
#ifndef CU_DB_H
#define CU_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define CU_DB_SCHEMA_VERSION 2

enum cu_db_flags {
	CU_DB_READ = 0,
	CU_DB_WRITE = 1 << 0,	/* create if missing */
};

struct cu_db {
	sqlite3 *sql;
	char *path;
	bool created;		/* the file did not exist before */
};

/* $XDG_CACHE_HOME/customs/db.sqlite, else ~/.cache/customs/db.sqlite */
int cu_db_default_path(struct cu_buf *out);

/*
 * Open the database. Reading a missing file is CU_ENODB; a file with
 * another schema version is CU_EDB with a message saying how to rebuild.
 */
int cu_db_open(const char *path, unsigned flags, struct cu_db **out,
	       struct cu_err *err);
void cu_db_close(struct cu_db *db);

/* Value of a meta key, or NULL (the string lives until the next call). */
const char *cu_db_meta(struct cu_db *db, const char *key, struct cu_buf *out);

/* Report an SQLite failure as CU_EDB with its message. */
int cu_db_fail(struct cu_db *db, struct cu_err *err, const char *what);

struct cu_db_source {
	const char *name, *kind, *location, *imported_at, *digest;
	int64_t records;
};

/* Visit every source row, oldest import first. */
int cu_db_sources(struct cu_db *db,
		  int (*fn)(void *ctx, const struct cu_db_source *s), void *ctx,
		  struct cu_err *err);

#endif
