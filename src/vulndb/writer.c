/*
 * writer.c - transactional inserts for importers.
 */
#include "common.h"
#include "writer.h"

static int prepare(struct cu_dbw *w, sqlite3_stmt **st, const char *sql,
		   struct cu_err *err)
{
	if (sqlite3_prepare_v2(w->db->sql, sql, -1, st, NULL) != SQLITE_OK)
		return cu_db_fail(w->db, err, "cannot prepare statement");
	return 0;
}

static int run(struct cu_dbw *w, const char *sql, struct cu_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(w->db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = cu_seterr(err, CU_EDB, "database: %s", msg ? msg : "error");

		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int cu_dbw_begin(struct cu_dbw *w, struct cu_db *db, struct cu_err *err)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->db = db;
	/* one import is one transaction; its journal is what makes it atomic */
	run(w, "PRAGMA synchronous = NORMAL", NULL);
	rc = run(w, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	w->in_tx = 1;
	rc = prepare(w, &w->ins_vuln,
		     "INSERT OR REPLACE INTO vulns (id, source, summary, published, modified, "
		     "cvss_vector, cvss_version, cvss_score, severity) VALUES (?,?,?,?,?,?,?,?,?)",
		     err);
	if (!rc)
		rc = prepare(w, &w->ins_alias,
			     "INSERT OR IGNORE INTO aliases (id, alias, source) VALUES (?,?,?)", err);
	if (!rc)
		rc = prepare(w, &w->ins_affected,
			     "INSERT INTO affected (vuln_id, source, ecosystem, release, package, "
			     "status, fixed, ranges, versions, severity) VALUES (?,?,?,?,?,?,?,?,?,?)",
			     err);
	return rc;
}

static int exec_source(struct cu_dbw *w, const char *sql, struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = prepare(w, &st, sql, err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, w->source, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cu_db_fail(w->db, err, "cannot update source");
	sqlite3_finalize(st);
	return rc;
}

int cu_dbw_source(struct cu_dbw *w, const char *name, const char *kind,
		  const char *location, const char *digest, struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc;

	snprintf(w->source_buf, sizeof(w->source_buf), "%s", name);
	w->source = w->source_buf;
	w->records = 0;
	w->skipped = 0;
	w->first_problem[0] = '\0';
	rc = exec_source(w, "DELETE FROM affected WHERE source = ?", err);
	if (!rc)
		rc = exec_source(w, "DELETE FROM aliases WHERE source = ?", err);
	if (!rc)
		rc = exec_source(w, "DELETE FROM vulns WHERE source = ?", err);
	if (rc)
		return rc;
	rc = prepare(w, &st,
		     "INSERT OR REPLACE INTO sources (name, kind, location, records, imported_at, digest) "
		     "VALUES (?, ?, ?, 0, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?)", err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, w->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, digest, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cu_db_fail(w->db, err, "cannot record source");
	sqlite3_finalize(st);
	return rc;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int step_reset(struct cu_dbw *w, sqlite3_stmt *st, const char *what,
		      struct cu_err *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cu_db_fail(w->db, err, what);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cu_dbw_vuln(struct cu_dbw *w, const struct cu_vuln_rec *v, struct cu_err *err)
{
	sqlite3_stmt *st = w->ins_vuln;
	int rc;

	bind_opt(st, 1, v->id);
	bind_opt(st, 2, w->source);
	bind_opt(st, 3, v->summary);
	bind_opt(st, 4, v->published);
	bind_opt(st, 5, v->modified);
	bind_opt(st, 6, v->cvss_vector);
	bind_opt(st, 7, v->cvss_version);
	if (v->cvss_score >= 0 && v->cvss_vector)
		sqlite3_bind_double(st, 8, v->cvss_score);
	else
		sqlite3_bind_null(st, 8);
	bind_opt(st, 9, v->severity);
	rc = step_reset(w, st, "cannot store vulnerability", err);
	for (size_t i = 0; !rc && v->aliases && v->aliases[i]; i++) {
		if (strcmp(v->aliases[i], v->id) == 0)
			continue;
		bind_opt(w->ins_alias, 1, v->id);
		bind_opt(w->ins_alias, 2, v->aliases[i]);
		bind_opt(w->ins_alias, 3, w->source);
		rc = step_reset(w, w->ins_alias, "cannot store alias", err);
	}
	if (!rc)
		w->records++;
	return rc;
}

int cu_dbw_affected(struct cu_dbw *w, const struct cu_affected_rec *a,
		    struct cu_err *err)
{
	sqlite3_stmt *st = w->ins_affected;

	bind_opt(st, 1, a->vuln_id);
	bind_opt(st, 2, w->source);
	bind_opt(st, 3, a->ecosystem);
	bind_opt(st, 4, a->release ? a->release : "");
	bind_opt(st, 5, a->package);
	bind_opt(st, 6, a->status);
	bind_opt(st, 7, a->fixed);
	bind_opt(st, 8, a->ranges);
	bind_opt(st, 9, a->versions);
	bind_opt(st, 10, a->severity);
	return step_reset(w, st, "cannot store affected package", err);
}

int cu_dbw_source_done(struct cu_dbw *w, struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(w, &st, "UPDATE sources SET records = ? WHERE name = ?", err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, w->records);
	sqlite3_bind_text(st, 2, w->source, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cu_db_fail(w->db, err, "cannot record source");
	sqlite3_finalize(st);
	return rc;
}

int cu_dbw_commit(struct cu_dbw *w, struct cu_err *err)
{
	int rc = run(w, "INSERT OR REPLACE INTO meta VALUES ('updated_at', "
		     "strftime('%Y-%m-%dT%H:%M:%SZ','now')); COMMIT", err);

	if (!rc)
		w->in_tx = 0;
	return rc;
}

void cu_dbw_release(struct cu_dbw *w)
{
	sqlite3_finalize(w->ins_vuln);
	sqlite3_finalize(w->ins_alias);
	sqlite3_finalize(w->ins_affected);
	w->ins_vuln = w->ins_alias = w->ins_affected = NULL;
	if (w->in_tx) {
		run(w, "ROLLBACK", NULL);
		w->in_tx = 0;
	}
}
