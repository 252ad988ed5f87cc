/*
 * os.c - distribution packages: advisories are per source package and per
 * release, so a Debian binary package is looked up by its source name in
 * (debian, <codename>) and compared by its source version (Debian security
 * tracker and OSV Debian/Ubuntu records both name source packages).
 */
#include "common.h"
#include "internal.h"
#include "match.h"
#include "ranges.h"

static bool handles_deb(const struct cu_pkg *p, const struct cu_osinfo *os)
{
	return strcmp(p->type, "deb") == 0;
}

/* The release key advisories use: Debian codenames, Ubuntu version numbers. */
static const char *release_of(const struct cu_osinfo *os)
{
	if (os->id && strcmp(os->id, "ubuntu") == 0)
		return os->version_id;
	return os->codename;
}

static bool status_wanted(const char *status, const struct cu_match_options *opt)
{
	if (strcmp(status, "not_affected") == 0)
		return false;
	if (strcmp(status, "unimportant") == 0)
		return opt->include_unimportant;
	return true;
}

static int match_deb(struct cu_db *db, const struct cu_pkg *p,
		     const struct cu_osinfo *os, const struct cu_match_options *opt,
		     struct cu_matches *out, struct cu_err *err)
{
	const char *eco = os->id && strcmp(os->id, "ubuntu") == 0 ? "ubuntu" : "debian";
	const char *release = release_of(os);
	struct cu_range_verdict v = { false, CU_BUF_INIT };
	struct cu_hits hits;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (!release)
		return 0;	/* unknown release: reported once by the scan */
	cu_hits_init(&hits);
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT vuln_id, source, status, ranges, versions, severity "
			       "FROM affected WHERE ecosystem = ? AND package = ? AND release = ?",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = cu_db_fail(db, err, "cannot query advisories");
		goto out;
	}
	sqlite3_bind_text(st, 1, eco, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->source_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, release, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 2);

		out->candidates++;
		if (!status || !status_wanted(status, opt))
			continue;
		if (cu_ranges_evaluate(&cu_scheme_deb, p->source_version,
				       (const char *)sqlite3_column_text(st, 3),
				       (const char *)sqlite3_column_text(st, 4), &v, NULL) ||
		    !v.affected)
			continue;
		rc = cu_hits_add(&hits, (const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 1),
				 v.fixed.len ? "fixed" : (strcmp(status, "fixed") == 0 ? "affected" : status),
				 v.fixed.len ? v.fixed.buf : NULL,
				 (const char *)sqlite3_column_text(st, 5));
	}
	if (!rc)
		rc = cu_match_emit(db, p, &cu_scheme_deb, &hits, out, err);
out:
	sqlite3_finalize(st);
	cu_buf_release(&v.fixed);
	cu_hits_release(&hits);
	return rc;
}

const struct cu_matcher_ops cu_matcher_dpkg = {
	.name = "dpkg",
	.handles = handles_deb,
	.match = match_deb,
};
