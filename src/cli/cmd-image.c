/*
 * cmd-image.c - `customs image`: scan an image and gate on what it carries.
 */
#include <getopt.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "side.h"
#include "common.h"
#include "match/match.h"
#include "policy/exceptions.h"
#include "policy/policy.h"
#include "report/report.h"
#include "scan/scan.h"
#include "vulndb/db.h"

static const char usage_text[] =
	"usage: customs image [options] IMAGE\n"
	"       customs [options] IMAGE\n\n"
	"IMAGE is a docker-archive tar, an OCI layout directory or an OCI archive,\n"
	"optionally prefixed: docker-archive:FILE, oci:DIR[:TAG], oci-archive:FILE[:TAG];\n"
	"or an SBOM (CycloneDX or SPDX, JSON or tag-value): FILE or sbom:FILE.\n\n"
	"options:\n"
	"  -i, --image IMAGE        the image (instead of the argument)\n"
	"  -f, --format FORMAT      table (default), json, sarif, junit, markdown, template,\n"
	"                           cyclonedx (CycloneDX 1.6 with vulnerabilities), cyclonedx-1.5\n"
	"                           or spdx (SPDX 2.3 with advisory references)\n"
	"      --template FILE      with -f template: the template (docs/report-formats.md)\n"
	"  -o, --output FILE        write the report to FILE instead of stdout\n"
	"      --severity LIST      only show these severities (critical,high,medium,low,unknown)\n"
	"      --ignore-unfixed     hide findings that have no fixed version yet\n"
	"      --ignore-status LIST hide findings with these statuses (affected, undetermined,\n"
	"                           wont_fix, end_of_life)\n"
	"      --include-unimportant  also show issues the distribution rates unimportant\n"
	"      --os-owned-upstream  also match language packages installed by the\n"
	"                           distribution against upstream advisories\n"
	"      --exit-on SEVERITY   exit 1 when a shown finding is at or above SEVERITY\n"
	"      --exit-code N        exit N when the gate fails (alone: when anything is shown)\n"
	"      --exit-on-kev        fail when a shown finding is in CISA's KEV catalog\n"
	CU_CLI_POLICY_FILES_USAGE
	"      --ignore-base        hide findings in the base image's layers (see --base)\n"
	"      --exit-on-epss P     fail when a shown finding's EPSS score is P (0-1) or more\n"
	"      --list-all-pkgs      list every package in the JSON report\n"
	"      --save-baseline FILE also write this scan to FILE as a baseline (JSON)\n"
	"      --baseline FILE      mark findings as new or known to FILE's scan; the gate\n"
	"                           counts only new ones and the table lists only them\n"
	"      --all                with --baseline: list known findings in the table too\n"
	"      --db PATH            vulnerability database (default: $XDG_CACHE_HOME/customs/db.sqlite);\n"
	"                           when there is none it is downloaded first (customs db update)\n"
	"      --db-repository URL  download it from a mirror (see customs db --help)\n"
	"      --skip-db-update, --offline  never download: fail when there is no database\n"
	"      --platform OS/ARCH   image to pick from a multi-platform index (default linux/amd64)\n"
	"      --base IMAGE         the base image: its layers are marked as base layers\n"
	"                           (else they are told from the history)\n"
	"      --group-by layer     table: one section per layer\n"
	"      --no-color           never colour the table\n"
	"      --single-thread      decompress on the calling thread only\n"
	"  -h, --help               this text\n";

struct image_opts {
	const char *ref, *format, *output, *db, *platform, *mirror, *base;
	const char *baseline, *save_baseline;	/* docs/diff-trend.md */
	const char *template_path;
	struct cu_cli_policy_files files;	/* --exceptions, --vex */
	bool group_by_layer;
	bool offline;
	struct cu_policy policy;
	int exit_code;
	bool list_all, no_color, single_thread, include_unimportant, os_owned_upstream;
};

enum {
	OPT_SEVERITY = 256, OPT_IGNORE_UNFIXED, OPT_EXIT_ON, OPT_EXIT_CODE,
	OPT_LIST_ALL, OPT_DB, OPT_PLATFORM, OPT_NO_COLOR, OPT_SINGLE,
	OPT_UNIMPORTANT, OPT_OS_OWNED_UPSTREAM, OPT_EXIT_ON_KEV, OPT_EXIT_ON_EPSS,
	OPT_OFFLINE, OPT_MIRROR, OPT_IGNORE_STATUS, OPT_BASE, OPT_GROUP_BY,
	OPT_IGNORE_BASE,
	OPT_TEMPLATE,
	OPT_BASELINE, OPT_SAVE_BASELINE, OPT_ALL,
};

static const struct option longopts[] = {
	{ "image", required_argument, NULL, 'i' },
	{ "format", required_argument, NULL, 'f' },
	{ "template", required_argument, NULL, OPT_TEMPLATE },
	{ "output", required_argument, NULL, 'o' },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "ignore-unfixed", no_argument, NULL, OPT_IGNORE_UNFIXED },
	{ "ignore-status", required_argument, NULL, OPT_IGNORE_STATUS },
	{ "include-unimportant", no_argument, NULL, OPT_UNIMPORTANT },
	{ "os-owned-upstream", no_argument, NULL, OPT_OS_OWNED_UPSTREAM },
	{ "exit-on", required_argument, NULL, OPT_EXIT_ON },
	{ "fail-on", required_argument, NULL, OPT_EXIT_ON },
	{ "exit-code", required_argument, NULL, OPT_EXIT_CODE },
	{ "exit-on-kev", no_argument, NULL, OPT_EXIT_ON_KEV },
	CU_CLI_POLICY_FILES_LONGOPTS,
	{ "ignore-base", no_argument, NULL, OPT_IGNORE_BASE },
	{ "exit-on-epss", required_argument, NULL, OPT_EXIT_ON_EPSS },
	{ "list-all-pkgs", no_argument, NULL, OPT_LIST_ALL },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "save-baseline", required_argument, NULL, OPT_SAVE_BASELINE },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "db", required_argument, NULL, OPT_DB },
	{ "db-repository", required_argument, NULL, OPT_MIRROR },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "skip-db-update", no_argument, NULL, OPT_OFFLINE },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "group-by", required_argument, NULL, OPT_GROUP_BY },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "single-thread", no_argument, NULL, OPT_SINGLE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_opt(struct image_opts *o, int c, const char *arg)
{
	uint64_t n;
	int sev;

	switch (c) {
	case 'i': o->ref = arg; return 0;
	case 'f': o->format = arg; return 0;
	case OPT_TEMPLATE: o->template_path = arg; return 0;
	case 'o': o->output = arg; return 0;
	case OPT_SEVERITY:
		if (cu_policy_parse_severities(arg, &o->policy.severities)) {
			cu_cli_error("unknown severity in '%s' (use critical,high,medium,low,negligible,unknown)", arg);
			return -1;
		}
		return 0;
	case OPT_IGNORE_UNFIXED: o->policy.ignore_unfixed = true; return 0;
	case OPT_IGNORE_STATUS: {
		static const char *const known[] = { "fixed", "affected", "undetermined",
			"wont_fix", "end_of_life", "unimportant" };
		struct cu_span l = cu_span_str(arg), item;

		while (l.len) {
			bool ok = false;

			cu_span_split(&l, ',', &item);
			for (size_t i = 0; i < CU_ARRAY_SIZE(known); i++)
				ok |= cu_span_eq_str(cu_span_trim(item), known[i]);
			if (!ok) {
				cu_cli_error("unknown status '%.*s' for --ignore-status (use %s)",
					     (int)item.len, item.ptr,
					     "affected,undetermined,wont_fix,end_of_life,unimportant,fixed");
				return -1;
			}
		}
		o->policy.ignore_status = arg;
		return 0;
	}
	case OPT_UNIMPORTANT: o->include_unimportant = true; return 0;
	case OPT_OS_OWNED_UPSTREAM: o->os_owned_upstream = true; return 0;
	case OPT_EXIT_ON:
		sev = cu_severity_parse(arg);
		if (sev < 0) {
			cu_cli_error("unknown severity '%s' for --exit-on", arg);
			return -1;
		}
		o->policy.exit_on = sev;
		return 0;
	case OPT_EXIT_CODE:
		if (!cu_span_to_u64(cu_span_str(arg), &n) || n > 255) {
			cu_cli_error("--exit-code wants a number from 0 to 255, not '%s'", arg);
			return -1;
		}
		o->exit_code = (int)n;
		return 0;
	case OPT_EXIT_ON_KEV: o->policy.exit_on_kev = true; return 0;
	case CU_CLI_OPT_EXCEPTIONS:
	case CU_CLI_OPT_NO_EXCEPTIONS:
	case CU_CLI_OPT_VEX:
		return cu_cli_policy_files_opt(&o->files, c, arg);
	case OPT_IGNORE_BASE: o->policy.ignore_base = true; return 0;
	case OPT_EXIT_ON_EPSS: {
		char *end;
		double v = strtod(arg, &end);

		if (end == arg || *end || v < 0 || v > 1) {
			cu_cli_error("--exit-on-epss wants a probability from 0 to 1, not '%s'", arg);
			return -1;
		}
		o->policy.exit_on_epss = v;
		return 0;
	}
	case OPT_LIST_ALL: o->list_all = true; return 0;
	case OPT_BASELINE: o->baseline = arg; o->policy.baseline = true; return 0;
	case OPT_SAVE_BASELINE: o->save_baseline = arg; return 0;
	case OPT_ALL: o->policy.show_known = true; return 0;
	case OPT_DB: o->db = arg; return 0;
	case OPT_MIRROR: o->mirror = arg; return 0;
	case OPT_OFFLINE: o->offline = true; return 0;
	case OPT_PLATFORM: o->platform = arg; return 0;
	case OPT_BASE: o->base = arg; return 0;
	case OPT_GROUP_BY:
		if (strcmp(arg, "layer") != 0) {
			cu_cli_error("--group-by takes 'layer', not '%s'", arg);
			return -1;
		}
		o->group_by_layer = true;
		return 0;
	case OPT_NO_COLOR: o->no_color = true; return 0;
	case OPT_SINGLE: o->single_thread = true; return 0;
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct image_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	cu_policy_init(&o->policy);
	o->format = "table";
	o->exit_code = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:f:o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
		if (c == '?') {
			cu_cli_error("unknown option '%s' (see 'customs image --help')",
				     argv[optind - 1]);
			return -1;
		}
		if (parse_opt(o, c, optarg))
			return -1;
	}
	if (optind < argc && !o->ref)
		o->ref = argv[optind++];
	if (optind < argc) {
		cu_cli_error("unexpected argument '%s': scan one image at a time", argv[optind]);
		return -1;
	}
	if (!o->ref) {
		cu_cli_error("no image given (see 'customs image --help')");
		return -1;
	}
	if (!cu_reporter_find(o->format)) {
		cu_cli_error("unknown format '%s' (use table, json, sarif, junit, markdown, template, "
			     "cyclonedx, cyclonedx-1.5 or spdx)",
			     o->format);
		return -1;
	}
	if ((strcmp(o->format, "template") == 0) != (o->template_path != NULL)) {
		cu_cli_error(o->template_path ? "--template goes with -f template" :
			     "-f template needs --template FILE");
		return -1;
	}
	if (o->exit_code > 0 && o->policy.exit_on < 0)
		o->policy.fail_on_any = true;
	return 0;
}

/* Write to FILE via FILE.tmp + rename, so a reader never sees half a report. */
static int emit(const struct image_opts *o, const struct cu_report *r,
		struct cu_err *err)
{
	const struct cu_reporter_ops *rep = cu_reporter_find(o->format);
	struct cu_cli_out out;
	int rc = cu_cli_out_open(&out, o->output, err);

	if (!rc)
		rc = rep->write(r, out.fp, err);
	return cu_cli_out_close(&out, rc, err);
}

static int exit_status(const struct image_opts *o, const struct cu_gate *g)
{
	char summary[160];

	if (!g->failed)
		return CU_EXIT_OK;
	cu_report_summary(g, summary, sizeof(summary));
	cu_cli_error("gate failed: %s (%s)", g->reason, summary);
	return o->exit_code > 0 ? o->exit_code : CU_EXIT_GATE;
}

/*
 * The database, downloaded first when there is none (like Trivy), unless
 * --offline. The download's report goes to stderr: stdout is the report's.
 */
static int open_db(const struct image_opts *o, const char *path, struct cu_db **db,
		   struct cu_err *err)
{
	int rc = cu_db_open(path, CU_DB_READ, db, err);

	if (rc != CU_ENODB)
		return rc;
	if (o->offline)
		return cu_seterr_new(err, CU_ENODB,
				     "no vulnerability database at '%s' and --offline: run "
				     "'customs db update' (or 'customs db import FEED...') first",
				     path);
	cu_err_clear(err);
	fprintf(stderr, "customs: no vulnerability database yet: downloading it to '%s'\n", path);
	rc = cu_cli_db_update(path, o->mirror, NULL, false, stderr, err);
	if (rc)
		return cu_seterr(err, rc, "no vulnerability database");
	return cu_db_open(path, CU_DB_READ, db, err);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* $COLUMNS when set, else the terminal's width, else no limit (0). */
static int terminal_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	uint64_t n;

	if (env && cu_span_to_u64(cu_span_str(env), &n) && n >= 20 && n <= 10000)
		return (int)n;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 0;
}

#define DB_MAX_AGE_DAYS 7

static void warn_db_age(struct cu_db *db)
{
	struct cu_buf b = CU_BUF_INIT;
	const char *stamp = cu_db_meta(db, "updated_at", &b);
	struct tm tm;
	long days;

	memset(&tm, 0, sizeof(tm));
	if (stamp && strptime(stamp, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		days = (long)((time(NULL) - timegm(&tm)) / 86400);
		if (days > DB_MAX_AGE_DAYS)
			cu_cli_warn("the vulnerability database is %ld days old: run 'customs db update'",
				    days);
	}
	cu_buf_release(&b);
}

int cmd_image(int argc, char **argv)
{
	struct image_opts o;
	struct cu_scan_options sopt = { 0 };
	struct cu_match_options mopt = { 0 };
	struct cu_scan scan = { 0 };
	struct cu_matches m;
	struct cu_gate gate;
	struct cu_report rep = { 0 };
	struct cu_err err = { 0 };
	struct cu_buf updated = CU_BUF_INIT;
	struct cu_exceptions exc;
	struct cu_db *db = NULL;
	char *db_path = NULL;
	double t0;
	int rc = parse_args(argc, argv, &o), ex = CU_EXIT_OK;

	if (rc)
		return rc > 0 ? CU_EXIT_OK : CU_EXIT_USAGE;
	cu_exceptions_init(&exc);
	ex = cu_cli_load_policy_files(&o.files, &exc);
	if (ex) {
		cu_exceptions_release(&exc);
		return ex;
	}
	cu_matches_init(&m);
	db_path = cu_cli_db_path(o.db);
	rc = open_db(&o, db_path, &db, &err);
	if (rc) {
		ex = cu_cli_fail(&err, 1);
		goto out;
	}
	warn_db_age(db);
	sopt.platform = o.platform;
	sopt.base_ref = o.base;
	sopt.single_thread = o.single_thread;
	rc = cu_scan_image(o.ref, &sopt, &scan, &err);
	if (rc) {
		ex = cu_cli_fail(&err, 0);
		goto out;
	}
	for (size_t i = 0; i < scan.cat.nwarnings; i++)
		cu_cli_warn("%s", scan.cat.warnings[i]);
	if (scan.cat.os.family && !strcmp(scan.cat.os.family, "debian") &&
	    !scan.cat.os.codename)
		cu_cli_warn("cannot tell which Debian release this is: OS packages were not matched");
	mopt.include_unimportant = o.include_unimportant;
	mopt.os_owned_upstream = o.os_owned_upstream;
	t0 = now();
	rc = cu_match_catalog(db, &scan.cat, &mopt, &m, &err);
	rep.match_seconds = now() - t0;
	if (rc) {
		ex = cu_cli_fail(&err, 1);
		goto out;
	}
	cu_exceptions_apply(&exc, &m, o.ref);
	cu_cli_report_exceptions(&exc, "this image");
	o.policy.base_layers = scan.base_layers;
	rc = cu_cli_baseline(o.baseline, o.save_baseline, &scan, &m, db, db_path, &err);
	if (rc) {
		ex = cu_cli_fail(&err, 0);
		goto out;
	}
	cu_policy_apply(&o.policy, &m, &gate);
	rep.scan = &scan;
	rep.matches = &m;
	rep.gate = &gate;
	rep.policy = &o.policy;
	rep.db_path = db_path;
	rep.db_updated_at = cu_db_meta(db, "updated_at", &updated);
	rep.list_all_pkgs = o.list_all;
	rep.template_path = o.template_path;
	rep.exceptions = &exc;
	rep.group_by_layer = o.group_by_layer;
	rep.color = !o.no_color && !o.output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	rep.width = o.output ? 0 : terminal_width();
	rc = emit(&o, &rep, &err);
	ex = rc ? cu_cli_fail(&err, 0) : exit_status(&o, &gate);
out:
	cu_exceptions_release(&exc);
	cu_buf_release(&updated);
	cu_matches_release(&m);
	cu_scan_release(&scan);
	cu_db_close(db);
	free(db_path);
	return ex;
}
