/*
 * cli.h - the command line: one file per subcommand, registered in main.c.
 * Only this layer prints messages for people and decides exit codes.
 */
#ifndef CU_CLI_H
#define CU_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"

/* Exit codes (README.md "Exit codes"). */
enum cu_exit {
	CU_EXIT_OK = 0,		/* clean, or the gate passed */
	CU_EXIT_GATE = 1,	/* the gate failed (or --exit-code N) */
	CU_EXIT_USAGE = 2,	/* bad command line */
	CU_EXIT_IMAGE = 3,	/* the image could not be read: missing, corrupt, unsafe */
	CU_EXIT_DB = 4,		/* no usable vulnerability database / bad feed */
	CU_EXIT_RUNTIME = 5,	/* anything else: I/O, memory, internal */
};

struct cu_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* "customs: <message>" on stderr, one line. */
void cu_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cu_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print err and return the exit code its kind maps to (image or db side). */
int cu_cli_fail(const struct cu_err *err, int for_db);

/* The database path: --db if given, else the default. Caller frees. */
char *cu_cli_db_path(const char *opt);

/* Run `customs db update` into db_path (printing the per-feed lines). */
int cu_cli_db_update(const char *db_path, const char *mirror, const char *sources,
		     bool quiet, FILE *out, struct cu_err *err);

struct cu_scan;
struct cu_matches;
struct cu_db;
struct cu_exceptions;

/* --exceptions FILE, --no-exceptions, --vex FILE... (policy-files.c) */
struct cu_cli_policy_files {
	const char *exceptions;
	bool no_exceptions;
	const char *vex[16];
	size_t nvex;
};

enum {
	CU_CLI_OPT_EXCEPTIONS = 600, CU_CLI_OPT_NO_EXCEPTIONS, CU_CLI_OPT_VEX,
};

#define CU_CLI_POLICY_FILES_LONGOPTS \
	{ "exceptions", required_argument, NULL, CU_CLI_OPT_EXCEPTIONS }, \
	{ "no-exceptions", no_argument, NULL, CU_CLI_OPT_NO_EXCEPTIONS }, \
	{ "vex", required_argument, NULL, CU_CLI_OPT_VEX }

#define CU_CLI_POLICY_FILES_USAGE \
	"      --exceptions FILE    owned, time-bound exceptions (default: .customs.yaml if present)\n" \
	"      --no-exceptions      do not read .customs.yaml\n" \
	"      --vex FILE           apply an OpenVEX or CycloneDX VEX document (repeatable)\n"

/* Take one of those options: 0, or -1 after saying what is wrong. */
int cu_cli_policy_files_opt(struct cu_cli_policy_files *f, int c, const char *arg);
/*
 * Read them into ex (.customs.yaml when present and not refused). Returns
 * CU_EXIT_OK, or the exit code after saying what is wrong: CU_EXIT_USAGE
 * for a file that cannot be read or is malformed.
 */
int cu_cli_load_policy_files(const struct cu_cli_policy_files *f, struct cu_exceptions *ex);
/* A line on stderr per expired exception that matched, and per stale one (matching nothing in scope). */
void cu_cli_report_exceptions(const struct cu_exceptions *ex, const char *scope);

/*
 * `customs image --baseline LOAD --save-baseline SAVE` (baseline.c), either
 * may be NULL: mark the findings of m that LOAD has (f->known), then write
 * the scan to SAVE as the next baseline. Call before the policy applies.
 */
int cu_cli_baseline(const char *load, const char *save, const struct cu_scan *scan,
		    struct cu_matches *m, struct cu_db *db, const char *db_path,
		    struct cu_err *err);

int cmd_image(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_vercmp(int argc, char **argv);
int cmd_cvss(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_vex(int argc, char **argv);
int cmd_sbom(int argc, char **argv);

#endif
