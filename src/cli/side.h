/*
 * side.h - what `customs diff` and `customs trend` compare: each argument
 * is an image, scanned and matched here, or a JSON report saved earlier
 * (`customs image -f json`, `--save-baseline`), told apart by content; both
 * end up as a struct cu_snapshot (src/report/report-read.h).
 */
#ifndef CU_CLI_SIDE_H
#define CU_CLI_SIDE_H

#include <getopt.h>
#include <stdio.h>

#include "buf.h"
#include "cli.h"
#include "policy/exceptions.h"
#include "report/report-read.h"
#include "vulndb/db.h"

struct cu_side_opts {
	const char *db, *mirror, *platform;
	bool offline;
	unsigned severities;	/* --severity mask, 0 = all */
	bool ignore_unfixed;
	struct cu_cli_policy_files files;	/* --exceptions, --vex */
};

/* getopt codes of the options diff and trend share (CU_SIDE_LONGOPTS). */
enum {
	CU_SIDE_OPT_DB = 400, CU_SIDE_OPT_MIRROR, CU_SIDE_OPT_OFFLINE,
	CU_SIDE_OPT_PLATFORM, CU_SIDE_OPT_SEVERITY, CU_SIDE_OPT_IGNORE_UNFIXED,
};

#define CU_SIDE_LONGOPTS \
	{ "db", required_argument, NULL, CU_SIDE_OPT_DB }, \
	{ "db-repository", required_argument, NULL, CU_SIDE_OPT_MIRROR }, \
	{ "offline", no_argument, NULL, CU_SIDE_OPT_OFFLINE }, \
	{ "skip-db-update", no_argument, NULL, CU_SIDE_OPT_OFFLINE }, \
	{ "platform", required_argument, NULL, CU_SIDE_OPT_PLATFORM }, \
	{ "severity", required_argument, NULL, CU_SIDE_OPT_SEVERITY }, \
	{ "ignore-unfixed", no_argument, NULL, CU_SIDE_OPT_IGNORE_UNFIXED }, \
	CU_CLI_POLICY_FILES_LONGOPTS

#define CU_SIDE_USAGE \
	"      --severity LIST      only compare these severities (critical,high,medium,low,unknown)\n" \
	"      --ignore-unfixed     leave out findings that have no fixed version yet\n" \
	CU_CLI_POLICY_FILES_USAGE \
	"      --db PATH            vulnerability database for images (default as for\n" \
	"                           'customs image'; downloaded when there is none)\n" \
	"      --db-repository URL  download it from a mirror\n" \
	"      --skip-db-update, --offline  never download: fail when there is none\n" \
	"      --platform OS/ARCH   image to pick from a multi-platform index\n"

/* Take one of the shared options: 0, or -1 after saying what is wrong. */
int cu_side_opt(struct cu_side_opts *o, int c, const char *arg);

struct cu_sides {
	const struct cu_side_opts *opt;
	struct cu_db *db;		/* opened for the first image */
	char *db_path;
	struct cu_buf updated;		/* the database's updated_at */
	struct cu_exceptions exc;	/* read before the first side */
	bool exc_loaded;
};

void cu_sides_init(struct cu_sides *s, const struct cu_side_opts *opt);
void cu_sides_release(struct cu_sides *s);

/*
 * arg as a snapshot, with --severity, --ignore-unfixed, the exceptions and
 * VEX statements applied to images and reports alike. On failure it prints
 * why and returns the exit code: 2 for an exceptions or VEX file that
 * cannot be read, 3 for an image or report file that cannot be read
 * (missing, malformed, another schema), 4 for the database, 5 otherwise.
 */
int cu_sides_load(struct cu_sides *s, const char *arg, struct cu_snapshot *out);

/* After the last side: a line per expired exception that applied, per stale one. */
void cu_sides_report_exceptions(const struct cu_sides *s);

/* A report destination: FILE, written whole (FILE.tmp.PID, then renamed), or stdout. */
struct cu_cli_out {
	FILE *fp;
	const char *path;	/* NULL: stdout */
	struct cu_buf tmp;
};

int cu_cli_out_open(struct cu_cli_out *o, const char *path, struct cu_err *err);
/* Finish: rename into place when rc is 0, else remove the partial file. */
int cu_cli_out_close(struct cu_cli_out *o, int rc, struct cu_err *err);

#endif
