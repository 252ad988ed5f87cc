/*
 * cvss.h - CVSS vector strings: parse, validate, score.
 *
 * Implements the scoring of
 *   CVSS v2.0  (FIRST "A Complete Guide to the CVSS Version 2.0", section 3.2),
 *   CVSS v3.0  (specification sections 6 and 8: ceil to one decimal),
 *   CVSS v3.1  (specification section 7 and appendix A: the Roundup function),
 *   CVSS v4.0  (specification sections 7 and 8: MacroVectors and the severity
 *               distance interpolation of FIRST's reference calculator).
 *
 * Vectors come from feeds, so they are untrusted: a vector is accepted only
 * when every field is a known metric with a known value (case matters), no
 * metric repeats and every mandatory base metric is present. Metrics may come
 * in any order. v2 vectors carry no prefix; v3 and v4 start with "CVSS:3.0/",
 * "CVSS:3.1/" or "CVSS:4.0/".
 */
#ifndef CU_CVSS_H
#define CU_CVSS_H

#include "span.h"

enum cu_cvss_version {
	CU_CVSS_V2 = 20,
	CU_CVSS_V30 = 30,
	CU_CVSS_V31 = 31,
	CU_CVSS_V40 = 40,
};

/*
 * Scores are multiples of 0.1 in [0, 10]. A group counts as present when at
 * least one of its metrics has a value other than "not defined" (X, ND).
 */
struct cu_cvss {
	enum cu_cvss_version version;
	double base;		/* v4: CVSS-B, from the base metrics only */
	double temporal;	/* v2/v3, -1 when absent; v4: always -1 */
	double environmental;	/* v2/v3, -1 when absent; v4: always -1 */
	double score;		/* v4: the score of all metrics given (CVSS-BTE
				 * and the like); v2/v3: equal to base */
};

/* Parse and score vector. Returns 0, or CU_EFORMAT (out is then zeroed). */
int cu_cvss_parse(struct cu_span vector, struct cu_cvss *out);

/* "2.0", "3.0", "3.1", "4.0"; NULL for anything else. */
const char *cu_cvss_version_name(enum cu_cvss_version v);

/*
 * Qualitative severity rating of a score: v2 (NVD's ranges) LOW 0-3.9,
 * MEDIUM 4.0-6.9, HIGH 7.0-10; v3 and v4 (specification table 14 / 23) NONE
 * 0.0, LOW 0.1-3.9, MEDIUM 4.0-6.9, HIGH 7.0-8.9, CRITICAL 9.0-10. The score
 * is taken at one decimal; NULL for an unknown version or a score that is not
 * a number.
 */
const char *cu_cvss_severity(enum cu_cvss_version v, double score);

#endif
