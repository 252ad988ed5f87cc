/*
 * cvss4.c - CVSS v4.0 scoring.
 *
 * CVSS v4.0 specification: section 7 (vector string, metric values), section
 * 8.2 (MacroVectors: equivalence sets EQ1-EQ6, table 24) and section 8.3
 * (scoring a vector within its MacroVector by severity distance), evaluated
 * as FIRST's reference calculator (cvss_score.js) does:
 *
 *   1. the MacroVector's score comes from the lookup table;
 *   2. for each EQ with a next lower MacroVector, the score drop to it is
 *      scaled by how far the vector lies from the MacroVector's highest
 *      severity vector, relative to the depth of the MacroVector;
 *   3. the mean of those scaled drops is subtracted, and the result is
 *      rounded half up at one decimal after lifting it by 1e-6, so that
 *      values one binary ulp below an x.x5 tie round as the tie does.
 *
 * Steps 2 and 3 repeat the reference calculator's floating point operations
 * in the same order (level values 0.0/0.1/0.2/0.3, differences, sums), since
 * the rounding of ties depends on them. The tables are generated from the
 * calculator's data by tools/gen-cvss4-table.py.
 */
#include <math.h>

#include "common.h"
#include "cvss-int.h"
#include "cvss4-table.h"

enum {
	/* base */
	V4_AV, V4_AC, V4_AT, V4_PR, V4_UI,
	V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA,
	/* threat and security requirements */
	V4_E, V4_CR, V4_IR, V4_AR,
	/* modified base, in the order of the base metrics */
	V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI,
	V4_MVC, V4_MVI, V4_MVA, V4_MSC, V4_MSI, V4_MSA,
	/* supplemental: no effect on the score */
	V4_S, V4_AU, V4_R, V4_V, V4_RE, V4_U,
	V4_NMETRICS
};

#define V4_NSCORED (V4_AR + 1)	/* the metrics a score depends on */
#define V4_MODIFIED(m) (V4_MAV + (m))

static const char *const v4_av[] = { "N", "A", "L", "P", NULL };
static const char *const v4_mav[] = { "X", "N", "A", "L", "P", NULL };
static const char *const v4_ac[] = { "L", "H", NULL };
static const char *const v4_mac[] = { "X", "L", "H", NULL };
static const char *const v4_at[] = { "N", "P", NULL };
static const char *const v4_mat[] = { "X", "N", "P", NULL };
static const char *const v4_pr[] = { "N", "L", "H", NULL };
static const char *const v4_mpr[] = { "X", "N", "L", "H", NULL };
static const char *const v4_ui[] = { "N", "P", "A", NULL };
static const char *const v4_mui[] = { "X", "N", "P", "A", NULL };
static const char *const v4_cia[] = { "H", "L", "N", NULL };
static const char *const v4_mcia[] = { "X", "H", "L", "N", NULL };
static const char *const v4_msafety[] = { "X", "S", "H", "L", "N", NULL };
static const char *const v4_e[] = { "X", "A", "P", "U", NULL };
static const char *const v4_req[] = { "X", "H", "M", "L", NULL };
static const char *const v4_s[] = { "X", "N", "P", NULL };
static const char *const v4_au[] = { "X", "N", "Y", NULL };
static const char *const v4_r[] = { "X", "A", "U", "I", NULL };
static const char *const v4_v[] = { "X", "D", "C", NULL };
static const char *const v4_re[] = { "X", "L", "M", "H", NULL };
static const char *const v4_u[] = { "X", "Clear", "Green", "Amber", "Red",
				    NULL };

static const struct cvss_metric v4_metrics[V4_NMETRICS] = {
	[V4_AV] = { "AV", v4_av, NULL, true },
	[V4_AC] = { "AC", v4_ac, NULL, true },
	[V4_AT] = { "AT", v4_at, NULL, true },
	[V4_PR] = { "PR", v4_pr, NULL, true },
	[V4_UI] = { "UI", v4_ui, NULL, true },
	[V4_VC] = { "VC", v4_cia, NULL, true },
	[V4_VI] = { "VI", v4_cia, NULL, true },
	[V4_VA] = { "VA", v4_cia, NULL, true },
	[V4_SC] = { "SC", v4_cia, NULL, true },
	[V4_SI] = { "SI", v4_cia, NULL, true },
	[V4_SA] = { "SA", v4_cia, NULL, true },
	[V4_E] = { "E", v4_e, NULL, false },
	[V4_CR] = { "CR", v4_req, NULL, false },
	[V4_IR] = { "IR", v4_req, NULL, false },
	[V4_AR] = { "AR", v4_req, NULL, false },
	[V4_MAV] = { "MAV", v4_mav, NULL, false },
	[V4_MAC] = { "MAC", v4_mac, NULL, false },
	[V4_MAT] = { "MAT", v4_mat, NULL, false },
	[V4_MPR] = { "MPR", v4_mpr, NULL, false },
	[V4_MUI] = { "MUI", v4_mui, NULL, false },
	[V4_MVC] = { "MVC", v4_mcia, NULL, false },
	[V4_MVI] = { "MVI", v4_mcia, NULL, false },
	[V4_MVA] = { "MVA", v4_mcia, NULL, false },
	[V4_MSC] = { "MSC", v4_mcia, NULL, false },
	[V4_MSI] = { "MSI", v4_msafety, NULL, false },
	[V4_MSA] = { "MSA", v4_msafety, NULL, false },
	[V4_S] = { "S", v4_s, NULL, false },
	[V4_AU] = { "AU", v4_au, NULL, false },
	[V4_R] = { "R", v4_r, NULL, false },
	[V4_V] = { "V", v4_v, NULL, false },
	[V4_RE] = { "RE", v4_re, NULL, false },
	[V4_U] = { "U", v4_u, NULL, false },
};

/*
 * Severity levels, from most severe: a value's level is its position in the
 * string times 0.1 (SC/SI/SA start at S, which only SI and SA can take).
 */
static const char *const v4_level_order[V4_NSCORED] = {
	[V4_AV] = "NALP", [V4_AC] = "LH", [V4_AT] = "NP", [V4_PR] = "NLH",
	[V4_UI] = "NPA", [V4_VC] = "HLN", [V4_VI] = "HLN", [V4_VA] = "HLN",
	[V4_SC] = "SHLN", [V4_SI] = "SHLN", [V4_SA] = "SHLN", [V4_E] = "APU",
	[V4_CR] = "HML", [V4_IR] = "HML", [V4_AR] = "HML",
};

static double v4_level(int metric, char value)
{
	static const double step[] = { 0.0, 0.1, 0.2, 0.3 };
	const char *order = v4_level_order[metric];

	for (int i = 0; order[i]; i++)
		if (order[i] == value)
			return step[i];
	return 0.0;
}

/* The effective value of each scored metric, as its letter. */
struct v4_vector {
	char m[V4_NSCORED];
};

static char v4_letter(const uint8_t *vals, int metric)
{
	return v4_metrics[metric].values[vals[metric]][0];
}

/*
 * Resolve the given metrics. Not defined E counts as A (attacked) and not
 * defined CR/IR/AR as H; a modified base metric overrides its base metric.
 * With base_only the threat and environmental metrics are ignored (CVSS-B).
 */
static void v4_resolve(const uint8_t *vals, bool base_only,
		       struct v4_vector *vec)
{
	for (int m = V4_AV; m <= V4_SA; m++) {
		int mod = V4_MODIFIED(m);

		vec->m[m] = !base_only && vals[mod] ? v4_letter(vals, mod) :
						      v4_letter(vals, m);
	}
	vec->m[V4_E] = !base_only && vals[V4_E] ? v4_letter(vals, V4_E) : 'A';
	for (int m = V4_CR; m <= V4_AR; m++)
		vec->m[m] = !base_only && vals[m] ? v4_letter(vals, m) : 'H';
}

/* Section 8.2, table 24: the MacroVector EQ1..EQ6 levels of a vector. */
static void v4_macrovector(const struct v4_vector *vec, int eq[6])
{
	const char *m = vec->m;
	bool any_n = m[V4_AV] == 'N' || m[V4_PR] == 'N' || m[V4_UI] == 'N';
	bool all_n = m[V4_AV] == 'N' && m[V4_PR] == 'N' && m[V4_UI] == 'N';

	eq[0] = all_n ? 0 : any_n && m[V4_AV] != 'P' ? 1 : 2;
	eq[1] = m[V4_AC] == 'L' && m[V4_AT] == 'N' ? 0 : 1;
	if (m[V4_VC] == 'H' && m[V4_VI] == 'H')
		eq[2] = 0;
	else if (m[V4_VC] == 'H' || m[V4_VI] == 'H' || m[V4_VA] == 'H')
		eq[2] = 1;
	else
		eq[2] = 2;
	if (m[V4_SI] == 'S' || m[V4_SA] == 'S')
		eq[3] = 0;
	else if (m[V4_SC] == 'H' || m[V4_SI] == 'H' || m[V4_SA] == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;
	eq[4] = m[V4_E] == 'A' ? 0 : m[V4_E] == 'P' ? 1 : 2;
	eq[5] = (m[V4_CR] == 'H' && m[V4_VC] == 'H') ||
			(m[V4_IR] == 'H' && m[V4_VI] == 'H') ||
			(m[V4_AR] == 'H' && m[V4_VA] == 'H') ? 0 : 1;
}

static double v4_lookup(const int eq[6])
{
	static const int levels[6] = { 3, 2, 3, 3, 3, 2 };

	for (int i = 0; i < 6; i++)
		if (eq[i] < 0 || eq[i] >= levels[i])
			return CVSS4_NO_MACRO;
	return cvss4_lookup[eq[0]][eq[1]][eq[2]][eq[3]][eq[4]][eq[5]];
}

/* The score of the MacroVector eq with EQ index i lowered by delta. */
static double v4_lower(const int eq[6], int i, int delta)
{
	int lower[6];

	memcpy(lower, eq, sizeof(lower));
	lower[i] += delta;
	return v4_lookup(lower);
}

/*
 * EQ3 and EQ6 are scored jointly: 00 steps to 01 or 10 (the higher of the
 * two), 01 and 11 to 21, 10 to 11; 21 has nothing below it.
 */
static double v4_lower_eq3eq6(const int eq[6])
{
	int lower[6];
	double left, right;

	memcpy(lower, eq, sizeof(lower));
	if (eq[2] == 0 && eq[5] == 0) {
		left = v4_lower(eq, 5, 1);
		right = v4_lower(eq, 2, 1);
		return left > right ? left : right;
	}
	if (eq[2] == 1 && eq[5] == 0)
		lower[5]++;
	else if (eq[5] == 1 && eq[2] < 2)
		lower[2]++;
	else
		return CVSS4_NO_MACRO;
	return v4_lookup(lower);
}

/* The metrics each EQ's highest-severity vectors give, in table order. */
static const int v4_eq1_metrics[] = { V4_AV, V4_PR, V4_UI };
static const int v4_eq2_metrics[] = { V4_AC, V4_AT };
static const int v4_eq36_metrics[] = { V4_VC, V4_VI, V4_VA,
				       V4_CR, V4_IR, V4_AR };
static const int v4_eq4_metrics[] = { V4_SC, V4_SI, V4_SA };

/* Severity distances of vec from one highest-severity vector part. */
static bool v4_distances(const struct v4_vector *vec, const char *max,
			 const int *metrics, size_t n, double *dist)
{
	bool reachable = true;

	for (size_t i = 0; i < n; i++) {
		int m = metrics[i];

		dist[m] = v4_level(m, vec->m[m]) - v4_level(m, max[i]);
		if (dist[m] < 0)
			reachable = false;
	}
	return reachable;
}

/*
 * Find the first combination of highest-severity vectors of the MacroVector
 * that vec does not exceed in any metric, and leave vec's distances from it
 * in dist (from the last combination when none qualifies, as the reference
 * calculator does).
 */
static void v4_max_distances(const struct v4_vector *vec, const int eq[6],
			     double *dist)
{
	const char *const *eq1 = cvss4_max_eq1[eq[0]];
	const char *const *eq2 = cvss4_max_eq2[eq[1]];
	const char *const *eq36 = cvss4_max_eq3eq6[eq[2]][eq[5]];
	const char *const *eq4 = cvss4_max_eq4[eq[3]];

	for (size_t a = 0; eq1[a]; a++)
		for (size_t b = 0; eq2[b]; b++)
			for (size_t c = 0; eq36[c]; c++)
				for (size_t d = 0; eq4[d]; d++) {
					bool ok = true;

					ok &= v4_distances(vec, eq1[a],
						v4_eq1_metrics, 3, dist);
					ok &= v4_distances(vec, eq2[b],
						v4_eq2_metrics, 2, dist);
					ok &= v4_distances(vec, eq36[c],
						v4_eq36_metrics, 6, dist);
					ok &= v4_distances(vec, eq4[d],
						v4_eq4_metrics, 3, dist);
					if (ok)
						return;
				}
}

/* Mean proportional drop towards the lower MacroVectors (section 8.3). */
struct v4_drops {
	double sum;
	int n;
};

static void v4_add_drop(struct v4_drops *drops, double value, double lower,
			double distance, int depth)
{
	if (lower == CVSS4_NO_MACRO)
		return;
	drops->n++;
	if (depth)	/* 0 only for EQ5, whose proportion is always 0 */
		drops->sum += (value - lower) * (distance / (depth * 0.1));
}

static double v4_interpolate(const struct v4_vector *vec, const int eq[6],
			     double value)
{
	double d[V4_NSCORED] = { 0 };
	struct v4_drops drops = { 0, 0 };

	v4_max_distances(vec, eq, d);
	v4_add_drop(&drops, value, v4_lower(eq, 0, 1),
		    d[V4_AV] + d[V4_PR] + d[V4_UI], cvss4_depth_eq1[eq[0]]);
	v4_add_drop(&drops, value, v4_lower(eq, 1, 1), d[V4_AC] + d[V4_AT],
		    cvss4_depth_eq2[eq[1]]);
	v4_add_drop(&drops, value, v4_lower_eq3eq6(eq),
		    d[V4_VC] + d[V4_VI] + d[V4_VA] + d[V4_CR] + d[V4_IR] +
		    d[V4_AR], cvss4_depth_eq3eq6[eq[2]][eq[5]]);
	v4_add_drop(&drops, value, v4_lower(eq, 3, 1),
		    d[V4_SC] + d[V4_SI] + d[V4_SA], cvss4_depth_eq4[eq[3]]);
	/* EQ5 counts towards the mean but its proportion is always 0. */
	v4_add_drop(&drops, value, v4_lower(eq, 4, 1), 0, 0);
	return drops.n ? value - drops.sum / drops.n : value;
}

static int v4_round(double x)
{
	if (x < 0)
		x = 0;
	if (x > 10)
		x = 10;
	return (int)floor((x + 1e-6) * 10 + 0.5);
}

static int v4_score_tenths(const uint8_t *vals, bool base_only)
{
	struct v4_vector vec;
	int eq[6];
	bool no_impact = true;

	v4_resolve(vals, base_only, &vec);
	for (int m = V4_VC; m <= V4_SA; m++)
		if (vec.m[m] != 'N')
			no_impact = false;
	if (no_impact)
		return 0;
	v4_macrovector(&vec, eq);
	return v4_round(v4_interpolate(&vec, eq, v4_lookup(eq)));
}

int cvss4_parse(struct cu_span fields, struct cu_cvss *out)
{
	uint8_t vals[V4_NMETRICS];
	int ret;

	ret = cvss_parse_fields(fields, v4_metrics, V4_NMETRICS, vals);
	if (ret)
		return ret;
	out->base = v4_score_tenths(vals, true) / 10.0;
	out->score = v4_score_tenths(vals, false) / 10.0;
	return 0;
}
