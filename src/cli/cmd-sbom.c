/*
 * cmd-sbom.c - `customs sbom`: what an image carries, as a CycloneDX or
 * SPDX document (docs/sbom.md). No vulnerability database is involved;
 * `customs image -f cyclonedx` writes the same BOM with vulnerabilities.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "side.h"
#include "common.h"
#include "report/report.h"
#include "scan/scan.h"

static const char usage_text[] =
	"usage: customs sbom [options] IMAGE\n\n"
	"Write a software bill of materials for IMAGE (a docker-archive tar, an OCI\n"
	"layout directory or an OCI archive, as for 'customs image').\n\n"
	"options:\n"
	"  -f, --format FORMAT      cyclonedx (CycloneDX 1.6 JSON, the default),\n"
	"                           cyclonedx-1.5 or spdx (SPDX 2.3 JSON)\n"
	"  -o, --output FILE        write the document to FILE instead of stdout\n"
	"      --platform OS/ARCH   image to pick from a multi-platform index (default linux/amd64)\n"
	"      --single-thread      decompress on the calling thread only\n"
	"  -h, --help               this text\n\n"
	"SOURCE_DATE_EPOCH, when set, is the document's timestamp.\n";

static const char *const formats[] = { "cyclonedx", "cyclonedx-1.5", "spdx" };

struct sbom_opts {
	const char *ref, *format, *output, *platform;
	bool single_thread;
};

enum { OPT_PLATFORM = 256, OPT_SINGLE };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "single-thread", no_argument, NULL, OPT_SINGLE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool known_format(const char *f)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(formats); i++)
		if (!strcmp(f, formats[i]))
			return true;
	return false;
}

/* 0: go on, 1: done (help), -1: usage error (reported). */
static int parse_args(int argc, char **argv, struct sbom_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->format = "cyclonedx";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case OPT_PLATFORM: o->platform = optarg; break;
		case OPT_SINGLE: o->single_thread = true; break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		default:
			cu_cli_error("unknown option '%s' (see 'customs sbom --help')",
				     argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc)
		o->ref = argv[optind++];
	if (optind < argc) {
		cu_cli_error("unexpected argument '%s': one image at a time", argv[optind]);
		return -1;
	}
	if (!o->ref) {
		cu_cli_error("no image given (see 'customs sbom --help')");
		return -1;
	}
	if (!known_format(o->format)) {
		cu_cli_error("unknown format '%s' (use cyclonedx, cyclonedx-1.5 or spdx)",
			     o->format);
		return -1;
	}
	return 0;
}

/* Write to FILE via FILE.tmp + rename, so a reader never sees half a document. */
static int emit(const struct sbom_opts *o, const struct cu_report *r,
		struct cu_err *err)
{
	const struct cu_reporter_ops *rep = cu_reporter_find(o->format);
	struct cu_cli_out out;
	int rc = cu_cli_out_open(&out, o->output, err);

	if (!rc)
		rc = rep->write(r, out.fp, err);
	return cu_cli_out_close(&out, rc, err);
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org), or 0 for now. */
static long long source_date(void)
{
	const char *v = getenv("SOURCE_DATE_EPOCH");
	uint64_t t;

	if (!v || !cu_span_to_u64(cu_span_str(v), &t) || t > (uint64_t)253402300799ULL) {
		if (v && *v)
			cu_cli_warn("ignoring SOURCE_DATE_EPOCH '%s': not a time", v);
		return 0;
	}
	return (long long)t;
}

int cmd_sbom(int argc, char **argv)
{
	struct sbom_opts o;
	struct cu_scan_options sopt = { 0 };
	struct cu_scan scan = { 0 };
	struct cu_report rep = { 0 };
	struct cu_err err = { 0 };
	int rc = parse_args(argc, argv, &o), ex = CU_EXIT_OK;

	if (rc)
		return rc > 0 ? CU_EXIT_OK : CU_EXIT_USAGE;
	sopt.platform = o.platform;
	sopt.single_thread = o.single_thread;
	rc = cu_scan_image(o.ref, &sopt, &scan, &err);
	if (rc) {
		ex = cu_cli_fail(&err, 0);
		goto out;
	}
	for (size_t i = 0; i < scan.cat.nwarnings; i++)
		cu_cli_warn("%s", scan.cat.warnings[i]);
	rep.scan = &scan;
	rep.created = source_date();
	rc = emit(&o, &rep, &err);
	if (rc)
		ex = cu_cli_fail(&err, 0);
out:
	cu_scan_release(&scan);
	return ex;
}
