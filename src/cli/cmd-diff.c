/*
 * cmd-diff.c - `customs diff`: what changed between two releases of an
 * image, each given as the image itself or as a JSON report saved earlier
 * (docs/diff-trend.md), with an optional gate on how much the findings
 * went down.
 */
#include <getopt.h>
#include <math.h>

#include "cli.h"
#include "common.h"
#include "policy/policy.h"
#include "report/compare.h"
#include "side.h"

static const char usage_text[] =
	"usage: customs diff [options] BEFORE AFTER\n\n"
	"BEFORE and AFTER are each an image (as for 'customs image') or a JSON report\n"
	"saved with 'customs image -f json' or --save-baseline (told apart by content).\n"
	"Shows the findings that are new, fixed and unchanged, the packages added,\n"
	"removed, upgraded and downgraded, and the counts by severity with the change.\n\n"
	"options:\n"
	"  -f, --format FORMAT      table (default), json or markdown\n"
	"  -o, --output FILE        write to FILE instead of stdout\n"
	"      --all                table, markdown: list every unchanged finding (by\n"
	"                           default only those whose package version or severity moved)\n"
	"      --require-reduction PCT  exit 1 unless the findings in the reduction scope\n"
	"                           went down by at least PCT percent (0-100)\n"
	"      --reduction-scope LIST  severities the reduction counts (default critical,high)\n"
	CU_SIDE_USAGE
	"  -h, --help               this text\n";

struct diff_opts {
	const char *format, *output, *before, *after;
	struct cu_side_opts side;
	bool gate, all;
	double required;
	unsigned scope;
};

enum { OPT_REQUIRE = 256, OPT_SCOPE, OPT_ALL };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "require-reduction", required_argument, NULL, OPT_REQUIRE },
	{ "reduction-scope", required_argument, NULL, OPT_SCOPE },
	CU_SIDE_LONGOPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* "70", "70%", "12.5": a percentage from 0 to 100 */
static int parse_percent(const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end != arg && *end == '%')
		end++;
	if (end == arg || *end || !(v >= 0 && v <= 100)) {
		cu_cli_error("--require-reduction wants a percentage from 0 to 100, not '%s'", arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_opt(struct diff_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'f': o->format = arg; return 0;
	case 'o': o->output = arg; return 0;
	case OPT_ALL: o->all = true; return 0;
	case OPT_REQUIRE:
		o->gate = true;
		return parse_percent(arg, &o->required);
	case OPT_SCOPE:
		if (!cu_policy_parse_severities(arg, &o->scope))
			return 0;
		cu_cli_error("unknown severity in '%s' for --reduction-scope", arg);
		return -1;
	}
	return cu_side_opt(&o->side, c, arg);
}

static int parse_args(int argc, char **argv, struct diff_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->format = "table";
	o->scope = (1u << CU_SEV_HIGH) | (1u << CU_SEV_CRITICAL);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
		if (c == '?') {
			cu_cli_error("unknown option '%s' (see 'customs diff --help')", argv[optind - 1]);
			return -1;
		}
		if (parse_opt(o, c, optarg))
			return -1;
	}
	if (argc - optind != 2) {
		cu_cli_error("diff takes two arguments, BEFORE and AFTER (see 'customs diff --help')");
		return -1;
	}
	o->before = argv[optind];
	o->after = argv[optind + 1];
	if (!cu_diff_writer_find(o->format)) {
		cu_cli_error("unknown format '%s' (use table, json or markdown)", o->format);
		return -1;
	}
	return 0;
}

static int write_diff(const struct diff_opts *o, const struct cu_diff_report *d)
{
	struct cu_cli_out out;
	struct cu_err err = { 0 };
	int rc = cu_cli_out_open(&out, o->output, &err);

	if (!rc)
		rc = cu_diff_writer_find(o->format)->write(d, out.fp, &err);
	rc = cu_cli_out_close(&out, rc, &err);
	return rc ? cu_cli_fail(&err, 0) : CU_EXIT_OK;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_opts o;
	struct cu_sides sides;
	struct cu_snapshot before, after;
	struct cu_compare cmp = { 0 };
	struct cu_reduction gate = { 0 };
	struct cu_diff_report d = { 0 };
	struct cu_err err = { 0 };
	int ex = parse_args(argc, argv, &o);

	if (ex)
		return ex > 0 ? CU_EXIT_OK : CU_EXIT_USAGE;
	cu_sides_init(&sides, &o.side);
	cu_snapshot_init(&before);
	cu_snapshot_init(&after);
	ex = cu_sides_load(&sides, o.before, &before);
	if (!ex)
		ex = cu_sides_load(&sides, o.after, &after);
	if (ex)
		goto out;
	cu_sides_report_exceptions(&sides);
	if (cu_compare_snapshots(&before, &after, &cmp, &err)) {
		ex = cu_cli_fail(&err, 0);
		goto out;
	}
	gate.scope = o.scope;
	gate.required = o.required;
	if (o.gate)
		cu_reduction_check(&gate, &cmp);
	d.cmp = &cmp;
	d.before_name = o.before;
	d.after_name = o.after;
	d.gate = o.gate ? &gate : NULL;
	d.all = o.all;
	ex = write_diff(&o, &d);
	if (!ex && gate.failed) {
		cu_cli_error("gate failed: %s", gate.reason);
		ex = CU_EXIT_GATE;
	}
out:
	cu_compare_release(&cmp);
	cu_snapshot_release(&before);
	cu_snapshot_release(&after);
	cu_sides_release(&sides);
	return ex;
}
