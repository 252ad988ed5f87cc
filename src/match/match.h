/*
 * match.h - which cataloged packages are affected by which advisories.
 *
 * One matcher per package type (const struct cu_matcher_ops, registered in
 * match.c) turns a package into database lookups: Debian packages by source
 * package and release codename, language packages by ecosystem and name.
 * Candidate advisories are evaluated with the package's version scheme
 * (ranges.c, the OSV "Evaluation" rules), then findings that are the same
 * issue under several ids (CVE, DSA, GHSA, PYSEC ...) are merged.
 */
#ifndef CU_MATCH_H
#define CU_MATCH_H

#include <stdbool.h>

#include "arena.h"
#include "catalog/catalog.h"
#include "vulndb/db.h"

struct cu_exception;
struct cu_vex_statement;

enum cu_severity {
	CU_SEV_UNKNOWN = 0,
	CU_SEV_NEGLIGIBLE,
	CU_SEV_LOW,
	CU_SEV_MEDIUM,
	CU_SEV_HIGH,
	CU_SEV_CRITICAL,
};

struct cu_finding {
	const struct cu_pkg *pkg;
	const char *id;			/* primary id: the CVE when there is one */
	const char **aliases;		/* the other ids, NULL-terminated */
	size_t naliases;
	enum cu_severity severity;
	const char *severity_source;	/* the database source that rated it */
	const char *severity_basis;	/* "distribution", "cvss" or "advisory" */
	const char *cvss_vector;
	double cvss_score;		/* < 0 when none */
	const char *status;		/* fixed, affected, wont_fix, ... */
	const char *fixed_version;	/* NULL when there is no fix */
	const char *summary;
	const char *data_source;	/* database source of the match */
	/* exploitation evidence for any of the finding's CVE ids */
	bool kev;			/* in CISA's Known Exploited Vulnerabilities */
	const char *kev_date_added, *kev_due_date, *kev_ransomware;
	double epss, epss_percentile;	/* FIRST EPSS; < 0 when unknown */
	/* set by the policy stage */
	bool hidden;			/* filtered out of the report */
	bool known;			/* also in the --baseline report (docs/diff-trend.md) */
	const char *suppressed_by;	/* "exception" or "vex" when suppressed */
	const struct cu_exception *exception;	/* the entry that applies, if any */
	bool exception_expired;		/* it applied but has expired */
	const struct cu_vex_statement *vex;	/* the VEX statement that applies */
};

struct cu_matches {
	struct cu_arena arena;
	struct cu_finding **items;
	size_t n, alloc;
	size_t candidates;		/* advisory rows looked at */
};

struct cu_match_options {
	/* show issues the distribution rates unimportant */
	bool include_unimportant;
	/* match OS-owned language packages against upstream advisories too */
	bool os_owned_upstream;
};

struct cu_matcher_ops {
	const char *name;
	bool (*handles)(const struct cu_pkg *p, const struct cu_osinfo *os);
	int (*match)(struct cu_db *db, const struct cu_pkg *p,
		     const struct cu_osinfo *os, const struct cu_match_options *opt,
		     struct cu_matches *out, struct cu_err *err);
};

extern const struct cu_matcher_ops cu_matcher_os;
extern const struct cu_matcher_ops cu_matcher_lang;

void cu_matches_init(struct cu_matches *m);
void cu_matches_release(struct cu_matches *m);

/* Match every package of the catalog. */
int cu_match_catalog(struct cu_db *db, const struct cu_catalog *cat,
		     const struct cu_match_options *opt, struct cu_matches *out,
		     struct cu_err *err);

const char *cu_severity_name(enum cu_severity s);
/* Parse "critical", "HIGH", ...; -1 if unknown word. */
int cu_severity_parse(const char *s);

#endif
