/*
 * compare.h - what changed between scan results (docs/diff-trend.md).
 *
 * Two snapshots (report-read.h) give the findings that are new, fixed and
 * unchanged and the packages added, removed, upgraded and downgraded
 * (`customs diff`); a row of them gives each release's counts, what came and
 * went since the one before, and how long each open finding has been open
 * (`customs trend`); a saved report marks the findings of a scan that were
 * already in it (`customs image --baseline`).
 *
 * A finding is the same finding on both sides when its vulnerability id,
 * package type, package name and architecture are equal: the package version
 * may differ (upgraded, still vulnerable). Failing that, when one side's id
 * is an alias of the other's (a GHSA that later got its CVE) - except two
 * different CVE ids, which are different issues even if one advisory (a
 * DSA) names both. Packages are the same package when type, name and
 * architecture are equal.
 */
#ifndef CU_COMPARE_H
#define CU_COMPARE_H

#include <stdio.h>

#include "match/match.h"
#include "report-read.h"

/* One finding across two snapshots: before NULL = new, after NULL = fixed. */
struct cu_finding_pair {
	const struct cu_snap_finding *before, *after;
};

enum cu_pkg_change_kind {
	CU_PKG_ADDED,
	CU_PKG_REMOVED,
	CU_PKG_UPGRADED,
	CU_PKG_DOWNGRADED,
	CU_PKG_CHANGED,		/* another version, but its scheme cannot order them */
	CU_PKG_NKINDS,
};

struct cu_pkg_change {
	enum cu_pkg_change_kind kind;
	const struct cu_snap_pkg *before, *after;	/* NULL for added / removed */
};

struct cu_compare {
	const struct cu_snapshot *before, *after;
	/* new, then fixed, then unchanged; each highest severity first */
	struct cu_finding_pair *pairs;
	size_t npairs, nnew, nfixed, nunchanged;
	/*
	 * By type, name, arch. Added and removed need every package of both
	 * sides (pkgs_complete); otherwise only packages both sides name count.
	 */
	struct cu_pkg_change *pkgs;
	size_t npkgs, nkind[CU_PKG_NKINDS];
	bool pkgs_complete;
};

int cu_compare_snapshots(const struct cu_snapshot *before, const struct cu_snapshot *after,
			 struct cu_compare *out, struct cu_err *err);
void cu_compare_release(struct cu_compare *c);

/* "added", "removed", "upgraded", "downgraded", "changed" */
const char *cu_pkg_change_name(enum cu_pkg_change_kind k);

/*
 * Set f->known on every finding of m that the baseline also has (same rule
 * as above, without pairing: many findings may match one baseline finding).
 * *known counts them.
 */
int cu_baseline_mark(const struct cu_snapshot *baseline, struct cu_matches *m,
		     size_t *known, struct cu_err *err);

/* --- counts and the reduction gate ---------------------------------------- */

/* Findings whose severity is in mask; LOW in the mask takes NEGLIGIBLE along. */
size_t cu_count_in(const size_t counts[CU_SEV_CRITICAL + 1], unsigned mask);

/* The change from before to after in percent; false when before is 0. */
bool cu_percent_change(size_t before, size_t after, double *pct);

/* "-75.0%", "+12.5%", "0.0%", or "new" (from 0) */
const char *cu_percent_str(size_t before, size_t after, char *buf, size_t len);

/* "HIGH+CRITICAL": the severities of a mask, lowest first */
const char *cu_scope_name(unsigned mask, char *buf, size_t len);

/* `customs diff --require-reduction`: findings in scope must drop by required %. */
struct cu_reduction {
	unsigned scope;		/* severity mask */
	double required;	/* percent, 0 to 100 */
	size_t before, after;	/* findings in scope */
	bool failed;
	char scope_name[80];
	char reason[256];	/* "HIGH+CRITICAL went from 40 to 20 (-50.0%), 70% required" */
};

void cu_reduction_check(struct cu_reduction *g, const struct cu_compare *c);

/* --- releases ------------------------------------------------------------ */

struct cu_trend_point {
	const struct cu_snapshot *snap;
	const char *name;
	size_t counts[CU_SEV_CRITICAL + 1];
	size_t nnew, nfixed;		/* since the release before; 0 for the first */
	const char *date;		/* what the release is dated by, or NULL */
	const char *date_basis;		/* "image" (config created), "report", "scan", NULL */
	int64_t when;			/* date in seconds since the epoch */
};

/* A finding of the last release and since when it has been open. */
struct cu_trend_open {
	const struct cu_snap_finding *f;
	size_t since;			/* first release of its unbroken run up to the last */
	bool has_age;			/* both releases are dated */
	int64_t seconds;		/* last release's date - since's date */
};

struct cu_trend {
	struct cu_trend_point *points;
	size_t n;
	struct cu_trend_open *open;	/* longest open first */
	size_t nopen;
};

/* snaps[0] is the oldest release; names label them. */
int cu_trend_build(const struct cu_snapshot *const *snaps, const char *const *names,
		   size_t n, struct cu_trend *out, struct cu_err *err);
void cu_trend_release(struct cu_trend *t);

/* --- output -------------------------------------------------------------- */

/* What `customs diff` writes. */
struct cu_diff_report {
	const struct cu_compare *cmp;
	const char *before_name, *after_name;	/* as given on the command line */
	const struct cu_reduction *gate;	/* NULL: no --require-reduction */
	bool all;		/* table, markdown: list every unchanged finding */
};

struct cu_diff_writer_ops {
	const char *name;
	int (*write)(const struct cu_diff_report *d, FILE *out, struct cu_err *err);
};

/* table, json ("customs-diff/1"), markdown; NULL for another name */
const struct cu_diff_writer_ops *cu_diff_writer_find(const char *name);

struct cu_trend_writer_ops {
	const char *name;
	int (*write)(const struct cu_trend *t, FILE *out, struct cu_err *err);
};

/* table, json ("customs-trend/1"); NULL for another name */
const struct cu_trend_writer_ops *cu_trend_writer_find(const char *name);

/* A self-contained SVG of the counts per release (chart-svg.c). */
int cu_trend_write_svg(const struct cu_trend *t, FILE *out, struct cu_err *err);

#define CU_DIFF_SCHEMA "customs-diff/1"
#define CU_TREND_SCHEMA "customs-trend/1"

/* Shared by the writers: text widths, sizes, durations, aligned columns. */
size_t cu_text_width(const char *s);	/* in characters of UTF-8 text */
const char *cu_size_str(uint64_t bytes, char *buf, size_t len);
const char *cu_duration_str(int64_t seconds, char *buf, size_t len);

/* A JSON string, null for NULL; bytes that are not UTF-8 become '?'. */
struct json_t *cu_json_text(const char *s);

#define CU_COLS_MAX 10

/* Columns as wide as their widest cell: measure every row, then print. */
struct cu_cols {
	size_t n;
	size_t width[CU_COLS_MAX];
	bool right[CU_COLS_MAX];	/* right-aligned (numbers) */
};

void cu_cols_init(struct cu_cols *c, const char *const *headers, size_t n);
void cu_cols_measure(struct cu_cols *c, const char *const *cells);
void cu_cols_print(const struct cu_cols *c, const char *const *cells, FILE *out);

#endif
