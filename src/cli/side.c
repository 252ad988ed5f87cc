/*
 * side.c - load what `customs diff` and `customs trend` compare: a saved
 * JSON report as it is, or an image scanned and matched like `customs
 * image` does (the database is opened once, for the first image).
 */
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "common.h"
#include "match/match.h"
#include "policy/policy.h"
#include "scan/scan.h"
#include "side.h"

int cu_side_opt(struct cu_side_opts *o, int c, const char *arg)
{
	switch (c) {
	case CU_SIDE_OPT_DB: o->db = arg; return 0;
	case CU_SIDE_OPT_MIRROR: o->mirror = arg; return 0;
	case CU_SIDE_OPT_OFFLINE: o->offline = true; return 0;
	case CU_SIDE_OPT_PLATFORM: o->platform = arg; return 0;
	case CU_SIDE_OPT_IGNORE_UNFIXED: o->ignore_unfixed = true; return 0;
	case CU_CLI_OPT_EXCEPTIONS:
	case CU_CLI_OPT_NO_EXCEPTIONS:
	case CU_CLI_OPT_VEX:
		return cu_cli_policy_files_opt(&o->files, c, arg);
	case CU_SIDE_OPT_SEVERITY:
		if (!cu_policy_parse_severities(arg, &o->severities))
			return 0;
		cu_cli_error("unknown severity in '%s' (use critical,high,medium,low,negligible,unknown)",
			     arg);
		return -1;
	}
	return -1;
}

void cu_sides_init(struct cu_sides *s, const struct cu_side_opts *opt)
{
	memset(s, 0, sizeof(*s));
	s->opt = opt;
	cu_buf_init(&s->updated, 0);
	cu_exceptions_init(&s->exc);
}

void cu_sides_release(struct cu_sides *s)
{
	cu_db_close(s->db);
	free(s->db_path);
	cu_buf_release(&s->updated);
	cu_exceptions_release(&s->exc);
	memset(s, 0, sizeof(*s));
}

/* As `customs image` does: download a database when there is none, unless --offline. */
static int open_db(struct cu_sides *s, struct cu_err *err)
{
	int rc;

	if (s->db)
		return 0;
	s->db_path = cu_cli_db_path(s->opt->db);
	if (!s->db_path)
		return cu_seterr(err, CU_ENOMEM, "out of memory");
	rc = cu_db_open(s->db_path, CU_DB_READ, &s->db, err);
	if (rc != CU_ENODB)
		return rc;
	if (s->opt->offline)
		return cu_seterr_new(err, CU_ENODB,
				     "no vulnerability database at '%s' and --offline: run "
				     "'customs db update' (or 'customs db import FEED...') first",
				     s->db_path);
	cu_err_clear(err);
	fprintf(stderr, "customs: no vulnerability database yet: downloading it to '%s'\n",
		s->db_path);
	rc = cu_cli_db_update(s->db_path, s->opt->mirror, NULL, false, stderr, err);
	if (rc)
		return cu_seterr(err, rc, "no vulnerability database");
	return cu_db_open(s->db_path, CU_DB_READ, &s->db, err);
}

/*
 * Scan, match and filter like `customs image`, and keep the result. The
 * image is read before the database is opened, so a mistyped path fails as
 * such rather than starting a database download.
 */
static int load_image(struct cu_sides *s, const char *arg, struct cu_snapshot *out,
		      struct cu_err *err, int *for_db)
{
	struct cu_scan_options sopt = { .platform = s->opt->platform };
	struct cu_scan scan = { 0 };
	struct cu_matches m;
	struct cu_policy pol;
	struct cu_gate gate;
	int rc;

	cu_matches_init(&m);
	*for_db = 0;
	rc = cu_scan_image(arg, &sopt, &scan, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < scan.cat.nwarnings; i++)
		cu_cli_warn("'%s': %s", arg, scan.cat.warnings[i]);
	*for_db = 1;
	rc = open_db(s, err);
	if (!rc)
		rc = cu_match_catalog(s->db, &scan.cat, NULL, &m, err);
	if (rc)
		goto out;
	*for_db = 0;
	cu_exceptions_apply(&s->exc, &m, arg);
	cu_policy_init(&pol);
	pol.severities = s->opt->severities;
	pol.ignore_unfixed = s->opt->ignore_unfixed;
	cu_policy_apply(&pol, &m, &gate);
	rc = cu_snapshot_from_scan(&scan, &m, cu_db_meta(s->db, "updated_at", &s->updated),
				   out, err);
out:
	cu_matches_release(&m);
	cu_scan_release(&scan);
	return rc;
}

/* A regular file that starts like a JSON object is a report; the rest are images. */
static bool is_report(const char *arg)
{
	struct stat st;
	char head[512];
	size_t n;
	FILE *fp;

	if (stat(arg, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	fp = fopen(arg, "rb");
	if (!fp)
		return false;
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	return cu_snapshot_sniff(cu_span_make(head, n));
}

int cu_sides_load(struct cu_sides *s, const char *arg, struct cu_snapshot *out)
{
	struct cu_err err = { 0 };
	int rc, for_db = 0;

	if (!s->exc_loaded) {
		rc = cu_cli_load_policy_files(&s->opt->files, &s->exc);
		if (rc)
			return rc;
		s->exc_loaded = true;
	}
	if (is_report(arg)) {
		rc = cu_snapshot_load(arg, out, &err);
		if (!rc) {
			cu_snapshot_except(out, &s->exc);
			cu_snapshot_filter(out, s->opt->severities, s->opt->ignore_unfixed);
		}
	} else {
		rc = load_image(s, arg, out, &err, &for_db);
	}
	return rc ? cu_cli_fail(&err, for_db) : CU_EXIT_OK;
}

void cu_sides_report_exceptions(const struct cu_sides *s)
{
	cu_cli_report_exceptions(&s->exc, "any release compared");
}

int cu_cli_out_open(struct cu_cli_out *o, const char *path, struct cu_err *err)
{
	memset(o, 0, sizeof(*o));
	o->fp = stdout;
	o->path = path;
	if (!path)
		return 0;
	if (cu_buf_addf(&o->tmp, "%s.tmp.%ld", path, (long)getpid()))
		return cu_seterr(err, CU_ENOMEM, "out of memory");
	o->fp = fopen(o->tmp.buf, "w");
	if (!o->fp)
		return cu_seterr(err, CU_EIO, "cannot write '%s'", path);
	return 0;
}

int cu_cli_out_close(struct cu_cli_out *o, int rc, struct cu_err *err)
{
	if (!o->path) {
		if (fflush(stdout) != 0 && !rc)
			rc = cu_seterr(err, CU_EIO, "cannot write to stdout");
		return rc;
	}
	if (o->fp && fclose(o->fp) != 0 && !rc)
		rc = cu_seterr(err, CU_EIO, "cannot write '%s'", o->path);
	if (!rc && o->fp && rename(o->tmp.buf, o->path) != 0)
		rc = cu_seterr(err, CU_EIO, "cannot write '%s'", o->path);
	if (rc && o->fp)
		unlink(o->tmp.buf);
	o->fp = NULL;
	cu_buf_release(&o->tmp);
	return rc;
}
