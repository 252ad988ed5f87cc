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

/* One CVSS vector a source gives for an id (NVD gives several). */
struct cu_cvss_rec {
	const char *id;
	const char *version;		/* "2.0", "3.0", "3.1", "4.0" */
	const char *vector;
	double score;			/* computed by customs */
	const char *severity;
	const char *scorer;		/* who scored it: "nvd@nist.gov", CNA ... */
};

/* An entry of CISA's Known Exploited Vulnerabilities catalog. */
struct cu_kev_rec {
	const char *cve, *vendor, *product, *name, *date_added, *due_date;
	const char *ransomware;		/* "Known" / "Unknown" */
};

struct cu_dbw {
	struct cu_db *db;
	const char *source;	/* points at source_buf */
	char source_buf[256];
	sqlite3_stmt *ins_vuln, *ins_alias, *ins_affected;
	sqlite3_stmt *ins_cvss, *ins_kev, *ins_epss;
	int64_t records;
	int64_t skipped;	/* records rejected as invalid */
	char first_problem[512];	/* why the first of them was rejected */
	int incremental;	/* the current source is updated, not replaced */
	int in_tx;
};

int cu_dbw_begin(struct cu_dbw *w, struct cu_db *db, struct cu_err *err);
/* Start (re)filling source `name`: its old rows are deleted. */
int cu_dbw_source(struct cu_dbw *w, const char *name, const char *kind,
		  const char *location, const char *digest, struct cu_err *err);
/*
 * Start adding to source `name` without deleting its rows: records with the
 * same id replace the old ones (incremental feeds such as NVD by
 * lastModified). records counts what this import added.
 */
int cu_dbw_source_update(struct cu_dbw *w, const char *name, const char *kind,
			 const char *location, struct cu_err *err);
/* Download bookkeeping of the current source (NULLs leave a value as is). */
int cu_dbw_source_meta(struct cu_dbw *w, const char *url, const char *etag,
		       const char *last_modified, const char *cursor,
		       struct cu_err *err);
int cu_dbw_cvss(struct cu_dbw *w, const struct cu_cvss_rec *c, struct cu_err *err);
int cu_dbw_kev(struct cu_dbw *w, const struct cu_kev_rec *k, struct cu_err *err);
int cu_dbw_epss(struct cu_dbw *w, const char *cve, double score, double percentile,
		const char *date, struct cu_err *err);
/* Drop everything a source says about one id (an update of that record). */
int cu_dbw_forget(struct cu_dbw *w, const char *id, struct cu_err *err);
int cu_dbw_vuln(struct cu_dbw *w, const struct cu_vuln_rec *v, struct cu_err *err);
int cu_dbw_affected(struct cu_dbw *w, const struct cu_affected_rec *a,
		    struct cu_err *err);
/* Finish the current source, recording its record count. */
int cu_dbw_source_done(struct cu_dbw *w, struct cu_err *err);
int cu_dbw_commit(struct cu_dbw *w, struct cu_err *err);
/* Roll back (if still open) and release statements. */
void cu_dbw_release(struct cu_dbw *w);

#endif
