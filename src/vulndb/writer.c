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
		rc = prepare(w, &w->ins_cvss,
			     "INSERT OR REPLACE INTO cvss (id, source, version, vector, score, "
			     "severity, scorer) VALUES (?,?,?,?,?,?,?)", err);
	if (!rc)
		rc = prepare(w, &w->ins_kev,
			     "INSERT OR REPLACE INTO kev (cve, source, vendor, product, name, "
			     "date_added, due_date, ransomware) VALUES (?,?,?,?,?,?,?,?)", err);
	if (!rc)
		rc = prepare(w, &w->ins_epss,
			     "INSERT OR REPLACE INTO epss (cve, source, score, percentile, date) "
			     "VALUES (?,?,?,?,?)", err);
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

static void start_source(struct cu_dbw *w, const char *name)
{
	snprintf(w->source_buf, sizeof(w->source_buf), "%s", name);
	w->source = w->source_buf;
	w->records = 0;
	w->skipped = 0;
	w->first_problem[0] = '\0';
}

static int delete_source_rows(struct cu_dbw *w, struct cu_err *err)
{
	static const char *const tables[] = { "affected", "aliases", "vulns", "cvss",
					      "kev", "epss" };
	char sql[64];
	int rc = 0;

	for (size_t i = 0; !rc && i < CU_ARRAY_SIZE(tables); i++) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE source = ?", tables[i]);
		rc = exec_source(w, sql, err);
	}
	return rc;
}

int cu_dbw_source_update(struct cu_dbw *w, const char *name, const char *kind,
			 const char *location, struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc;

	start_source(w, name);
	rc = prepare(w, &st,
		     "INSERT INTO sources (name, kind, location, records, imported_at) "
		     "VALUES (?, ?, ?, 0, strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
		     "ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, "
		     "location = excluded.location, imported_at = excluded.imported_at", err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, w->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, location, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cu_db_fail(w->db, err, "cannot record source");
	sqlite3_finalize(st);
	w->incremental = 1;
	return rc;
}

int cu_dbw_source_meta(struct cu_dbw *w, const char *url, const char *etag,
		       const char *last_modified, const char *cursor,
		       struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(w, &st,
			 "UPDATE sources SET url = coalesce(?, url), etag = coalesce(?, etag), "
			 "last_modified = coalesce(?, last_modified), cursor = coalesce(?, cursor) "
			 "WHERE name = ?", err);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, etag, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, last_modified, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, cursor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, w->source, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cu_db_fail(w->db, err, "cannot record source");
	sqlite3_finalize(st);
	return rc;
}

int cu_dbw_source(struct cu_dbw *w, const char *name, const char *kind,
		  const char *location, const char *digest, struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc;

	start_source(w, name);
	w->incremental = 0;
	rc = delete_source_rows(w, err);
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

int cu_dbw_cvss(struct cu_dbw *w, const struct cu_cvss_rec *c, struct cu_err *err)
{
	sqlite3_stmt *st = w->ins_cvss;

	bind_opt(st, 1, c->id);
	bind_opt(st, 2, w->source);
	bind_opt(st, 3, c->version);
	bind_opt(st, 4, c->vector);
	sqlite3_bind_double(st, 5, c->score);
	bind_opt(st, 6, c->severity);
	bind_opt(st, 7, c->scorer);
	return step_reset(w, st, "cannot store CVSS vector", err);
}

int cu_dbw_kev(struct cu_dbw *w, const struct cu_kev_rec *k, struct cu_err *err)
{
	sqlite3_stmt *st = w->ins_kev;
	int rc;

	bind_opt(st, 1, k->cve);
	bind_opt(st, 2, w->source);
	bind_opt(st, 3, k->vendor);
	bind_opt(st, 4, k->product);
	bind_opt(st, 5, k->name);
	bind_opt(st, 6, k->date_added);
	bind_opt(st, 7, k->due_date);
	bind_opt(st, 8, k->ransomware);
	rc = step_reset(w, st, "cannot store KEV entry", err);
	if (!rc)
		w->records++;
	return rc;
}

int cu_dbw_epss(struct cu_dbw *w, const char *cve, double score, double percentile,
		const char *date, struct cu_err *err)
{
	sqlite3_stmt *st = w->ins_epss;
	int rc;

	bind_opt(st, 1, cve);
	bind_opt(st, 2, w->source);
	sqlite3_bind_double(st, 3, score);
	sqlite3_bind_double(st, 4, percentile);
	bind_opt(st, 5, date);
	rc = step_reset(w, st, "cannot store EPSS score", err);
	if (!rc)
		w->records++;
	return rc;
}

int cu_dbw_forget(struct cu_dbw *w, const char *id, struct cu_err *err)
{
	static const char *const sql[] = {
		"DELETE FROM vulns WHERE source = ?1 AND id = ?2",
		"DELETE FROM aliases WHERE source = ?1 AND id = ?2",
		"DELETE FROM affected WHERE source = ?1 AND vuln_id = ?2",
		"DELETE FROM cvss WHERE source = ?1 AND id = ?2",
	};
	int rc = 0;

	for (size_t i = 0; !rc && i < CU_ARRAY_SIZE(sql); i++) {
		sqlite3_stmt *st;

		rc = prepare(w, &st, sql[i], err);
		if (rc)
			break;
		sqlite3_bind_text(st, 1, w->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = cu_db_fail(w->db, err, "cannot update record");
		sqlite3_finalize(st);
	}
	return rc;
}

int cu_dbw_source_done(struct cu_dbw *w, struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(w, &st, w->incremental ?
			 "UPDATE sources SET records = (SELECT count(*) FROM vulns WHERE source = ?2) WHERE name = ?2" :
			 "UPDATE sources SET records = ?1 WHERE name = ?2", err);

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
	sqlite3_finalize(w->ins_cvss);
	sqlite3_finalize(w->ins_kev);
	sqlite3_finalize(w->ins_epss);
	w->ins_vuln = w->ins_alias = w->ins_affected = NULL;
	w->ins_cvss = w->ins_kev = w->ins_epss = NULL;
	if (w->in_tx) {
		run(w, "ROLLBACK", NULL);
		w->in_tx = 0;
	}
}
