/*
 * baseline.c - `customs image --baseline FILE` and `--save-baseline FILE`
 * (docs/diff-trend.md "Baselines").
 *
 * A baseline is a JSON report (customs-report/1) with every package and
 * every finding, whatever --severity, --ignore-unfixed or --ignore-status
 * say, so that changing the filters later does not turn old findings into
 * new ones. Given one, the findings it already had are marked known, and
 * the gate counts only the others (struct cu_policy.baseline).
 */
#include "cli.h"
#include "common.h"
#include "policy/policy.h"
#include "report/compare.h"
#include "report/report.h"
#include "side.h"

/* Write the scan as a baseline report: no filters, every package. */
static int save_baseline(const char *path, const struct cu_scan *scan, struct cu_matches *m,
			 struct cu_db *db, const char *db_path, struct cu_err *err)
{
	struct cu_buf updated = CU_BUF_INIT;
	struct cu_policy everything;
	struct cu_gate gate;
	struct cu_report rep = { 0 };
	struct cu_cli_out out;
	int rc;

	cu_policy_init(&everything);
	cu_policy_apply(&everything, m, &gate);
	rep.scan = scan;
	rep.matches = m;
	rep.gate = &gate;
	rep.policy = &everything;
	rep.db_path = db_path;
	rep.db_updated_at = cu_db_meta(db, "updated_at", &updated);
	rep.list_all_pkgs = true;
	rc = cu_cli_out_open(&out, path, err);
	if (!rc)
		rc = cu_reporter_json.write(&rep, out.fp, err);
	rc = cu_cli_out_close(&out, rc, err);
	cu_buf_release(&updated);
	return rc;
}

int cu_cli_baseline(const char *load, const char *save, const struct cu_scan *scan,
		    struct cu_matches *m, struct cu_db *db, const char *db_path,
		    struct cu_err *err)
{
	struct cu_snapshot base;
	size_t known;
	int rc = 0;

	/* read before writing: --baseline F --save-baseline F moves it on */
	cu_snapshot_init(&base);
	if (load)
		rc = cu_snapshot_load(load, &base, err);
	if (!rc && load)
		rc = cu_baseline_mark(&base, m, &known, err);
	cu_snapshot_release(&base);
	if (!rc && save)
		rc = save_baseline(save, scan, m, db, db_path, err);
	return rc;
}
