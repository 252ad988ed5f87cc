/*
 * cmd-trend.c - `customs trend`: findings across releases, oldest first,
 * each an image or a saved JSON report: counts per severity, what came and
 * went since the release before, how long each open finding has been open,
 * and a chart (docs/diff-trend.md).
 */
#include <getopt.h>

#include "cli.h"
#include "common.h"
#include "report/compare.h"
#include "side.h"

/* More releases than fit a chart or a terminal is a mistake, not a trend. */
#define TREND_MAX_RELEASES 256

static const char usage_text[] =
	"usage: customs trend [options] RELEASE...\n\n"
	"Each RELEASE, oldest first, is an image (as for 'customs image') or a JSON\n"
	"report saved with 'customs image -f json' or --save-baseline.\n\n"
	"options:\n"
	"  -f, --format FORMAT      table (default) or json\n"
	"  -o, --output FILE        write to FILE instead of stdout\n"
	"      --chart FILE         also draw the counts per release as an SVG chart\n"
	"      --names LIST         comma-separated release names (default: the arguments'\n"
	"                           file names without .json/.tar)\n"
	CU_SIDE_USAGE
	"  -h, --help               this text\n";

struct trend_opts {
	const char *format, *output, *chart, *names;
	struct cu_side_opts side;
	char **releases;
	size_t n;
};

enum { OPT_CHART = 256, OPT_NAMES };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "chart", required_argument, NULL, OPT_CHART },
	{ "names", required_argument, NULL, OPT_NAMES },
	CU_SIDE_LONGOPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_opt(struct trend_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'f': o->format = arg; return 0;
	case 'o': o->output = arg; return 0;
	case OPT_CHART: o->chart = arg; return 0;
	case OPT_NAMES: o->names = arg; return 0;
	}
	return cu_side_opt(&o->side, c, arg);
}

static int parse_args(int argc, char **argv, struct trend_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->format = "table";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
		if (c == '?') {
			cu_cli_error("unknown option '%s' (see 'customs trend --help')", argv[optind - 1]);
			return -1;
		}
		if (parse_opt(o, c, optarg))
			return -1;
	}
	o->releases = argv + optind;
	o->n = (size_t)(argc - optind);
	if (!o->n || o->n > TREND_MAX_RELEASES) {
		cu_cli_error("trend takes 1 to %d releases, oldest first (see 'customs trend --help')",
			     TREND_MAX_RELEASES);
		return -1;
	}
	if (!cu_trend_writer_find(o->format)) {
		cu_cli_error("unknown format '%s' (use table or json)", o->format);
		return -1;
	}
	return 0;
}

/* "dir/app-v1.json" -> "app-v1"; "oci:dir:v2" -> "dir:v2" */
static char *default_name(const char *arg)
{
	const char *base = strrchr(arg, '/');
	size_t n;

	base = base && base[1] ? base + 1 : arg;
	n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".json"))
		n -= 5;
	else if (n > 4 && !strcmp(base + n - 4, ".tar"))
		n -= 4;
	return cu_strndup(base, n);
}

/* names[i]: from --names, else from the argument */
static int release_names(const struct trend_opts *o, char **names)
{
	struct cu_span list = cu_span_str(o->names), item;
	size_t i = 0;

	for (; o->names && list.len && i < o->n; i++) {
		cu_span_split(&list, ',', &item);
		names[i] = cu_strndup(item.ptr, item.len);
		if (!names[i])
			return CU_EXIT_RUNTIME;
	}
	if (o->names && (i != o->n || list.len)) {
		cu_cli_error("--names has %s names than there are releases (%zu)",
			     i < o->n ? "fewer" : "more", o->n);
		return CU_EXIT_USAGE;
	}
	for (; i < o->n; i++)
		if (!(names[i] = default_name(o->releases[i])))
			return CU_EXIT_RUNTIME;
	return CU_EXIT_OK;
}

static int write_out(const char *path, const struct cu_trend *t,
		     int (*write)(const struct cu_trend *, FILE *, struct cu_err *))
{
	struct cu_cli_out out;
	struct cu_err err = { 0 };
	int rc = cu_cli_out_open(&out, path, &err);

	if (!rc)
		rc = write(t, out.fp, &err);
	rc = cu_cli_out_close(&out, rc, &err);
	return rc ? cu_cli_fail(&err, 0) : CU_EXIT_OK;
}

static int run(const struct trend_opts *o, struct cu_snapshot *snaps, char **names)
{
	const struct cu_snapshot **sp = cu_calloc(o->n, sizeof(*sp));
	struct cu_sides sides;
	struct cu_trend t = { 0 };
	struct cu_err err = { 0 };
	int ex = sp ? CU_EXIT_OK : CU_EXIT_RUNTIME;

	cu_sides_init(&sides, &o->side);
	for (size_t i = 0; i < o->n && !ex; i++) {
		ex = cu_sides_load(&sides, o->releases[i], &snaps[i]);
		sp[i] = &snaps[i];
	}
	if (!ex)
		cu_sides_report_exceptions(&sides);
	cu_sides_release(&sides);
	if (!ex && cu_trend_build(sp, (const char *const *)names, o->n, &t, &err))
		ex = cu_cli_fail(&err, 0);
	if (!ex)
		ex = write_out(o->output, &t, cu_trend_writer_find(o->format)->write);
	if (!ex && o->chart)
		ex = write_out(o->chart, &t, cu_trend_write_svg);
	cu_trend_release(&t);
	free(sp);
	return ex;
}

int cmd_trend(int argc, char **argv)
{
	struct trend_opts o;
	struct cu_snapshot *snaps = NULL;
	char **names = NULL;
	int ex = parse_args(argc, argv, &o);

	if (ex)
		return ex > 0 ? CU_EXIT_OK : CU_EXIT_USAGE;
	snaps = cu_calloc(o.n, sizeof(*snaps));
	names = cu_calloc(o.n, sizeof(*names));
	if (!snaps || !names) {
		cu_cli_error("out of memory");
		ex = CU_EXIT_RUNTIME;
		goto out;
	}
	for (size_t i = 0; i < o.n; i++)
		cu_snapshot_init(&snaps[i]);
	ex = release_names(&o, names);
	if (!ex)
		ex = run(&o, snaps, names);
out:
	for (size_t i = 0; snaps && names && i < o.n; i++) {
		cu_snapshot_release(&snaps[i]);
		free(names[i]);
	}
	free(snaps);
	free(names);
	return ex;
}
