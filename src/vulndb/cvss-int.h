/*
 * cvss-int.h - what cvss.c and cvss4.c share; not for other modules.
 *
 * A vector is a list of METRIC:VALUE fields. Each version describes its
 * metrics in a table of struct cvss_metric; cvss_parse_fields() checks a
 * vector against the table and turns it into one value index per metric.
 */
#ifndef CU_CVSS_INT_H
#define CU_CVSS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvss.h"
#include "span.h"

/* The parser tracks the metrics seen in a 64-bit mask. */
#define CVSS_MAX_METRICS 64

struct cvss_metric {
	const char *name;		/* "AV" */
	/*
	 * The values, NULL-terminated. For an optional metric values[0] is
	 * its "not defined" value (X or ND), which an absent metric takes.
	 */
	const char *const *values;
	const double *weights;		/* parallel to values; NULL if none */
	bool mandatory;
};

/*
 * Parse the '/'-separated fields of a vector (the part after any "CVSS:x.y/"
 * prefix) against defs. vals[i] gets the index of metric i's value, 0 for an
 * absent optional metric. CU_EFORMAT for an empty or unknown field, an
 * unknown value, a repeated metric or a missing mandatory one.
 */
int cvss_parse_fields(struct cu_span fields, const struct cvss_metric *defs,
		      size_t ndefs, uint8_t *vals);

/* CVSS v4.0: parse and score the fields after "CVSS:4.0/" (cvss4.c). */
int cvss4_parse(struct cu_span fields, struct cu_cvss *out);

#endif
