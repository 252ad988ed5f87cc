/*
 * rpm-sqlite.c - rpm's SQLite package database (rpm >= 4.16,
 * lib/backend/sqlite.c): table Packages(hnum INTEGER PRIMARY KEY, blob
 * BLOB), one header blob per installed package.
 *
 * The captured file is opened in memory with sqlite3_deserialize, read
 * only; nothing touches the host disk. rpm keeps the database in WAL mode
 * (header bytes 18-19 = 2), which an in-memory database cannot open, so
 * those two bytes are set back to 1 (rollback journal) in our copy first.
 * A WAL file beside the database (uncheckpointed writes) is not read.
 *
 * The file is hostile: the schema is checked (Packages must be a plain
 * table), SQLite's defensive mode is on, the schema is not trusted to run
 * functions, values are capped at a header's size and a progress handler
 * stops queries that run far longer than reading the file takes.
 */
#include <sqlite3.h>

#include "common.h"
#include "rpm-db.h"
#include "rpm-header.h"

#define SQLITE_MAGIC "SQLite format 3"		/* with its NUL: 16 bytes */
#define PROGRESS_STEP 1000			/* VM instructions per callback */
#define PROGRESS_BASE 10000			/* callbacks allowed, plus ... */
#define PROGRESS_PER_BYTES 4096			/* ... one per this many bytes */

struct budget {
	uint64_t left;
};

static int progress(void *ctx)
{
	struct budget *b = ctx;

	if (!b->left)
		return 1;	/* interrupts the statement */
	b->left--;
	return 0;
}

static void harden(sqlite3 *db, struct budget *b, size_t len)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)CU_RPM_HDR_MAX_DATA);
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 64);
	b->left = PROGRESS_BASE + len / PROGRESS_PER_BYTES;
	sqlite3_progress_handler(db, PROGRESS_STEP, progress, b);
}

static int open_db(char *file, size_t len, sqlite3 **out, struct budget *b,
		   struct cu_err *err)
{
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	if (len < 100 || memcmp(file, SQLITE_MAGIC, sizeof(SQLITE_MAGIC)) != 0)
		return cu_seterr(err, CU_EFORMAT, "not an SQLite database");
	if (file[18] == 2 && file[19] == 2)
		file[18] = file[19] = 1;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return cu_seterr(err, CU_ENOMEM, "cannot open an in-memory database");
	}
	harden(db, b, len);
	rc = sqlite3_deserialize(db, "main", (unsigned char *)file, (sqlite3_int64)len,
				 (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		return cu_seterr(err, CU_EFORMAT, "cannot load the database: %s",
				 sqlite3_errstr(rc));
	}
	*out = db;
	return 0;
}

/* Packages must be an ordinary table: a view could run any query. */
static int check_schema(sqlite3 *db, struct cu_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	rc = sqlite3_prepare_v2(db, "SELECT type FROM sqlite_master WHERE name = 'Packages'",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return cu_seterr(err, CU_EFORMAT, "%s", sqlite3_errmsg(db));
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "table") == 0)
		rc = 0;
	else if (step == SQLITE_ROW || step == SQLITE_DONE)
		rc = cu_seterr(err, CU_EFORMAT, "no Packages table");
	else
		rc = cu_seterr(err, CU_EFORMAT, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

static int walk_rows(sqlite3 *db, const struct cu_rpmdb_walk *w, struct cu_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc, step = SQLITE_DONE;

	if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL) != SQLITE_OK)
		return cu_seterr(err, CU_EFORMAT, "%s", sqlite3_errmsg(db));
	rc = 0;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 hnum = sqlite3_column_int64(st, 0);
		const void *blob = sqlite3_column_blob(st, 1);
		int len = sqlite3_column_bytes(st, 1);

		if (sqlite3_column_type(st, 1) != SQLITE_BLOB || hnum <= 0 ||
		    hnum > UINT32_MAX || !blob) {
			w->warn(w->ctx, "row %lld is not a package header", (long long)hnum);
			continue;
		}
		rc = w->blob(w->ctx, (uint32_t)hnum, cu_span_make(blob, (size_t)len));
	}
	if (!rc && step != SQLITE_DONE)
		rc = cu_seterr(err, CU_EFORMAT, "%s", step == SQLITE_INTERRUPT ?
			       "query ran too long" : sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

int cu_rpmdb_sqlite(char *file, size_t len, const struct cu_rpmdb_walk *w,
		    struct cu_err *err)
{
	struct budget b;
	sqlite3 *db;
	int rc;

	rc = open_db(file, len, &db, &b, err);
	if (rc)
		return rc;
	rc = check_schema(db, err);
	if (!rc)
		rc = walk_rows(db, w, err);
	sqlite3_close(db);
	return rc;
}
