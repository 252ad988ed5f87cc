/*
 * writer.h - how importers put records into the database.
 *
 * An import is one transaction (cu_dbw_begin .. cu_dbw_commit): a source is
 * first emptied, then refilled, so importing the same data twice gives the
 * same database and a failure or an interruption leaves the previous
 * contents (SQLite rolls the journal back). A database created by a failed
 * import is removed.
 */
#ifndef CU_WRITER_H
#define CU_WRITER_H

#include <stdint.h>

#include "db.h"

struct cu_vuln_rec {
	const char *id;
	const char *summary;
	const char *published, *modified;
	const char *cvss_vector;	/* preferred vector of the record */
	const char *cvss_version;	/* "3.1" */
	double cvss_score;		/* < 0: none */
	const char *severity;		/* CRITICAL/HIGH/MEDIUM/LOW or NULL */
	const char *const *aliases;	/* NULL-terminated */
};

struct cu_affected_rec {
	const char *vuln_id;
	const char *ecosystem;		/* "debian", "pypi", ... */
	const char *release;		/* "bookworm", or "" */
	const char *package;
	const char *status;		/* see docs/database.md */
	const char *fixed;		/* first fixed version, or NULL */
	const char *ranges;		/* JSON text, or NULL */
	const char *versions;		/* JSON text, or NULL */
	const char *severity;		/* the distribution's own rating, or NULL */
};

struct cu_dbw {
	struct cu_db *db;
	const char *source;	/* points at source_buf */
	char source_buf[256];
	sqlite3_stmt *ins_vuln, *ins_alias, *ins_affected;
	int64_t records;
	int64_t skipped;	/* records rejected as invalid */
	char first_problem[512];	/* why the first of them was rejected */
	int in_tx;
};

int cu_dbw_begin(struct cu_dbw *w, struct cu_db *db, struct cu_err *err);
/* Start (re)filling source `name`: its old rows are deleted. */
int cu_dbw_source(struct cu_dbw *w, const char *name, const char *kind,
		  const char *location, const char *digest, struct cu_err *err);
int cu_dbw_vuln(struct cu_dbw *w, const struct cu_vuln_rec *v, struct cu_err *err);
int cu_dbw_affected(struct cu_dbw *w, const struct cu_affected_rec *a,
		    struct cu_err *err);
/* Finish the current source, recording its record count. */
int cu_dbw_source_done(struct cu_dbw *w, struct cu_err *err);
int cu_dbw_commit(struct cu_dbw *w, struct cu_err *err);
/* Roll back (if still open) and release statements. */
void cu_dbw_release(struct cu_dbw *w);

#endif
