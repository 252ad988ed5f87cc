/*
 * report.h - writing scan results for people and for machines.
 *
 * Each output format is a const struct cu_reporter_ops registered in
 * report.c. The JSON report's schema is documented in docs/report-json.md
 * and versioned by its "schema" field.
 */
#ifndef CU_REPORT_H
#define CU_REPORT_H

#include <stdio.h>

#include "match/match.h"
#include "policy/policy.h"
#include "scan/scan.h"

struct cu_exceptions;

#define CU_VERSION "0.1.0"
#define CU_REPORT_SCHEMA "customs-report/1"

struct cu_report {
	const struct cu_scan *scan;
	const struct cu_matches *matches;
	const struct cu_gate *gate;
	const struct cu_policy *policy;
	const char *db_path;
	const char *db_updated_at;
	bool list_all_pkgs;
	const char *template_path;	/* -f template: the user's template file */
	bool group_by_layer;	/* table: a section per layer */
	bool color;		/* table: ANSI colours */
	int width;		/* table: terminal width, 0 = unlimited */
	const char *const *warnings;	/* NULL-terminated, may be NULL */
	double match_seconds;		/* time spent matching */
	const struct cu_exceptions *exceptions;	/* may be NULL */
	/* SBOM formats: document time in seconds since the epoch, 0 = now */
	long long created;
};

struct cu_reporter_ops {
	const char *name;
	int (*write)(const struct cu_report *r, FILE *out, struct cu_err *err);
};

extern const struct cu_reporter_ops cu_reporter_table;
extern const struct cu_reporter_ops cu_reporter_json;
/* docs/report-formats.md: SARIF 2.1.0, JUnit XML, Markdown, user templates */
extern const struct cu_reporter_ops cu_reporter_sarif;
extern const struct cu_reporter_ops cu_reporter_junit;
extern const struct cu_reporter_ops cu_reporter_markdown;
extern const struct cu_reporter_ops cu_reporter_template;
/*
 * SBOMs (docs/sbom.md): CycloneDX 1.6 and 1.5 JSON, SPDX 2.3 JSON. With
 * matches (r->matches non-NULL) CycloneDX adds the vulnerabilities (a VDR)
 * and SPDX adds SECURITY references; r->gate and r->policy may be NULL.
 */
extern const struct cu_reporter_ops cu_reporter_cyclonedx;
extern const struct cu_reporter_ops cu_reporter_cyclonedx15;
extern const struct cu_reporter_ops cu_reporter_spdx;

const struct cu_reporter_ops *cu_reporter_find(const char *name);

/*
 * The JSON report's document (docs/report-json.md) without writing it, for
 * formats built on the same data; NULL when out of memory. Caller decrefs.
 */
struct json_t;
struct json_t *cu_report_json_tree(const struct cu_report *r);

/* "CRITICAL:1 HIGH:4 MEDIUM:12 LOW:8 UNKNOWN:3" (NEGLIGIBLE counts as LOW) */
void cu_report_summary(const struct cu_gate *g, char *out, size_t len);

/* First line of a layer's history instruction, without the shell prefix. */
const char *cu_report_instruction(const char *created_by, char *buf, size_t len);

#endif
