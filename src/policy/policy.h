/*
 * policy.h - what to show and when to fail: severity filters, unfixed
 * findings, and the CI gate (docs/policy.md).
 */
#ifndef CU_POLICY_H
#define CU_POLICY_H

#include <stdbool.h>

#include "match/match.h"

struct cu_policy {
	unsigned severities;	/* bit (1 << enum cu_severity) to show; 0 = all */
	bool ignore_unfixed;	/* hide findings without a fixed version */
	const char *ignore_status;	/* comma list of statuses to hide (wont_fix, ...) */
	int exit_on;		/* fail at this severity or above; -1: never */
	bool fail_on_any;	/* --exit-code without --exit-on: any finding fails */
	bool exit_on_kev;	/* fail on any shown finding in CISA KEV */
	bool ignore_base;	/* hide findings in the base image's layers */
	int base_layers;	/* how many bottom layers are the base's (-1 unknown) */
	double exit_on_epss;	/* fail at this EPSS score or above; < 0: never */
	/*
	 * --baseline FILE (docs/diff-trend.md): findings marked known (in the
	 * baseline) are shown and counted but never fail the gate.
	 */
	bool baseline;
	bool show_known;	/* --all: the table lists known findings too */
};

struct cu_gate {
	bool enabled;
	bool failed;
	size_t violations;		/* shown findings that fail the gate */
	size_t shown;			/* findings left after filters */
	size_t counts[CU_SEV_CRITICAL + 1];	/* shown findings by severity */
	size_t kev;				/* shown findings in KEV */
	size_t suppressed;			/* by exceptions or VEX */
	size_t in_base;				/* hidden by --ignore-base */
	size_t known;				/* shown findings also in the baseline */
	char reason[256];
};

void cu_policy_init(struct cu_policy *p);

/* Parse "critical,high" into a severity mask; -1 on an unknown word. */
int cu_policy_parse_severities(const char *list, unsigned *mask);

/* Mark hidden findings and decide the gate. */
void cu_policy_apply(const struct cu_policy *p, struct cu_matches *m,
		     struct cu_gate *gate);

#endif
