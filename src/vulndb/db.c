/*
 * db.c - opening, creating and describing the vulnerability database.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "db.h"
#include "schema.sql.h"

int cu_db_default_path(struct cu_buf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	cu_buf_reset(out);
	if (xdg && *xdg == '/')
		return cu_buf_addf(out, "%s/customs/db.sqlite", xdg);
	if (home && *home)
		return cu_buf_addf(out, "%s/.cache/customs/db.sqlite", home);
	return cu_buf_addstr(out, "customs-db.sqlite");
}

int cu_db_fail(struct cu_db *db, struct cu_err *err, const char *what)
{
	return cu_seterr(err, CU_EDB, "%s: %s", what,
			 db && db->sql ? sqlite3_errmsg(db->sql) : "no database");
}

static int exec(struct cu_db *db, const char *sql, struct cu_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		rc = cu_seterr(err, CU_EDB, "database: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static int mkdirs_for(const char *path, struct cu_err *err)
{
	struct cu_buf dir = CU_BUF_INIT;
	int rc = 0;

	cu_buf_addstr(&dir, path);
	for (size_t i = 1; i < dir.len; i++) {
		if (dir.buf[i] != '/')
			continue;
		dir.buf[i] = '\0';
		if (mkdir(dir.buf, 0755) != 0 && errno != EEXIST) {
			rc = cu_seterr(err, CU_EIO, "cannot create directory '%s': %s",
				       dir.buf, strerror(errno));
			break;
		}
		dir.buf[i] = '/';
	}
	cu_buf_release(&dir);
	return rc;
}

static int create_schema(struct cu_db *db, struct cu_err *err)
{
	struct cu_buf sql = CU_BUF_INIT;
	int rc;

	cu_buf_addf(&sql, "BEGIN;\n%s"
		    "INSERT INTO meta VALUES ('schema_version', '%d');\n"
		    "INSERT INTO meta VALUES ('created_at', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'));\n"
		    "COMMIT;", cu_schema_sql, CU_DB_SCHEMA_VERSION);
	rc = exec(db, sql.buf, err);
	cu_buf_release(&sql);
	return rc;
}

static int check_schema(struct cu_db *db, struct cu_err *err)
{
	struct cu_buf v = CU_BUF_INIT;
	const char *val = cu_db_meta(db, "schema_version", &v);
	uint64_t n = 0;
	int rc = 0;

	if (!val || !cu_span_to_u64(cu_span_str(val), &n))
		rc = cu_seterr(err, CU_EDB, "'%s' is not a customs database", db->path);
	else if (n != CU_DB_SCHEMA_VERSION)
		rc = cu_seterr(err, CU_EDB,
			       "'%s' has database schema %llu, this customs reads %d: "
			       "delete it and run 'customs db update' or 'customs db import'",
			       db->path, (unsigned long long)n, CU_DB_SCHEMA_VERSION);
	cu_buf_release(&v);
	return rc;
}

int cu_db_open(const char *path, unsigned flags, struct cu_db **out,
	       struct cu_err *err)
{
	struct cu_db *db = calloc(1, sizeof(*db));
	int oflags = (flags & CU_DB_WRITE) ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE :
					     SQLITE_OPEN_READONLY;
	struct stat st;
	int rc;

	if (!db)
		return CU_ENOMEM;
	db->path = cu_strdup(path);
	if (!db->path) {
		rc = CU_ENOMEM;
		goto fail;
	}
	if (stat(path, &st) != 0) {
		if (!(flags & CU_DB_WRITE)) {
			rc = cu_seterr(err, CU_ENODB, "no vulnerability database at '%s'", path);
			goto fail;
		}
		rc = mkdirs_for(path, err);
		if (rc)
			goto fail;
		db->created = true;
	}
	if (sqlite3_open_v2(path, &db->sql, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = cu_db_fail(db, err, "cannot open the database");
		goto fail;
	}
	sqlite3_busy_timeout(db->sql, 10000);
	sqlite3_extended_result_codes(db->sql, 1);
	rc = db->created ? create_schema(db, err) : check_schema(db, err);
	if (rc)
		goto fail;
	*out = db;
	return 0;
fail:
	if (db->created && db->sql) {
		sqlite3_close(db->sql);
		db->sql = NULL;
		unlink(path);
	}
	cu_db_close(db);
	return rc;
}

void cu_db_close(struct cu_db *db)
{
	if (!db)
		return;
	if (db->sql)
		sqlite3_close(db->sql);
	free(db->path);
	free(db);
}

const char *cu_db_meta(struct cu_db *db, const char *key, struct cu_buf *out)
{
	sqlite3_stmt *st = NULL;
	const char *res = NULL;

	cu_buf_reset(out);
	if (sqlite3_prepare_v2(db->sql, "SELECT value FROM meta WHERE key = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		cu_buf_addstr(out, (const char *)sqlite3_column_text(st, 0));
		res = out->buf;
	}
	sqlite3_finalize(st);
	return res;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int cu_db_sources(struct cu_db *db,
		  int (*fn)(void *ctx, const struct cu_db_source *s), void *ctx,
		  struct cu_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(db->sql,
			       "SELECT name, kind, location, records, imported_at, digest "
			       "FROM sources ORDER BY imported_at, name", -1, &st, NULL) != SQLITE_OK)
		return cu_db_fail(db, err, "cannot list sources");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cu_db_source s = {
			col(st, 0), col(st, 1), col(st, 2), col(st, 4), col(st, 5),
			sqlite3_column_int64(st, 3),
		};

		rc = fn(ctx, &s);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = cu_db_fail(db, err, "cannot list sources");
	sqlite3_finalize(st);
	return rc;
}
