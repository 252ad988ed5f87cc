/*
 * cvss.c - CVSS vectors: the field parser, v2.0 and v3.x scoring, severity.
 *
 * CVSS v2.0: FIRST "A Complete Guide to the Common Vulnerability Scoring
 * System Version 2.0", section 3.2 (equations 3.2.1-3.2.3) and table 2-3.
 * CVSS v3.0: specification section 8 (equations 8.1-8.3, weights 8.4); Round
 * up is the smallest one-decimal number not below its input.
 * CVSS v3.1: specification section 7 (equations 7.1-7.3, weights 7.4) and
 * appendix A, whose Roundup goes through an integer to dodge binary floating
 * point noise.
 * CVSS v4.0 is in cvss4.c.
 *
 * The equations are evaluated in double precision. Their exact values are
 * short decimals (the v3 scope-changed power term aside), so before a value
 * is rounded it is snapped to a decimal grid that is finer than those values
 * and much coarser than double rounding error. The scores then equal those
 * of exact decimal arithmetic, where a plain ceil() would turn 10.0 x 0.92
 * into 9.3; this was checked against exact arithmetic for every base,
 * temporal and modified-base combination of both versions.
 */
#include <math.h>

#include "common.h"
#include "cvss-int.h"
#include "cvss.h"

/* ---- fields ---- */

static int find_metric(const struct cvss_metric *defs, size_t ndefs,
		       struct cu_span name)
{
	for (size_t i = 0; i < ndefs; i++)
		if (cu_span_eq_str(name, defs[i].name))
			return (int)i;
	return -1;
}

static int find_value(const char *const *values, struct cu_span value)
{
	for (int i = 0; values[i]; i++)
		if (cu_span_eq_str(value, values[i]))
			return i;
	return -1;
}

static int parse_field(struct cu_span field, const struct cvss_metric *defs,
		       size_t ndefs, uint64_t *seen, uint8_t *vals)
{
	struct cu_span name;
	int m, v;

	if (!cu_span_split(&field, ':', &name))
		return CU_EFORMAT;
	m = find_metric(defs, ndefs, name);
	if (m < 0 || (*seen & (UINT64_C(1) << m)))
		return CU_EFORMAT;
	v = find_value(defs[m].values, field);
	if (v < 0)
		return CU_EFORMAT;
	*seen |= UINT64_C(1) << m;
	vals[m] = (uint8_t)v;
	return 0;
}

int cvss_parse_fields(struct cu_span fields, const struct cvss_metric *defs,
		      size_t ndefs, uint8_t *vals)
{
	struct cu_span field;
	uint64_t seen = 0;
	bool more;
	int ret;

	if (ndefs > CVSS_MAX_METRICS)
		return CU_EUSAGE;
	memset(vals, 0, ndefs);
	do {
		more = cu_span_split(&fields, '/', &field);
		ret = parse_field(field, defs, ndefs, &seen, vals);
		if (ret)
			return ret;
	} while (more);
	for (size_t i = 0; i < ndefs; i++)
		if (defs[i].mandatory && !(seen & (UINT64_C(1) << i)))
			return CU_EFORMAT;
	return 0;
}

/* ---- rounding, in tenths ---- */

/* x snapped to the nearest multiple of 1/scale, counted in those units. */
static long long snap(double x, double scale)
{
	return llround(x * scale);
}

/* v2 round_to_1_decimal: halves away from zero. |x| below 100. */
static int round_half_up(double x)
{
	long long n;

	if (x < 0)
		return -round_half_up(-x);
	n = snap(x, 1e12);
	return (int)((n + 50000000000LL) / 100000000000LL);
}

/* v3.0 Round up: the exact ceiling at one decimal. x >= 0, below 100. */
static int roundup30(double x)
{
	long long n = snap(x, 1e10);

	return (int)((n + 999999999LL) / 1000000000LL);
}

/* v3.1 Roundup, appendix A: through an integer of 10^-5 units. x >= 0. */
static int roundup31(double x)
{
	long long n = snap(x, 1e5);

	if (n % 10000 == 0)
		return (int)(n / 10000);
	return (int)(n / 10000 + 1);
}

/* ---- CVSS v2.0 ---- */

enum {
	V2_AV, V2_AC, V2_AU, V2_C, V2_I, V2_A,
	V2_E, V2_RL, V2_RC,
	V2_CDP, V2_TD, V2_CR, V2_IR, V2_AR,
	V2_NMETRICS
};

static const char *const v2_av[] = { "L", "A", "N", NULL };
static const double v2_av_w[] = { 0.395, 0.646, 1.0 };
static const char *const v2_ac[] = { "H", "M", "L", NULL };
static const double v2_ac_w[] = { 0.35, 0.61, 0.71 };
static const char *const v2_au[] = { "M", "S", "N", NULL };
static const double v2_au_w[] = { 0.45, 0.56, 0.704 };
static const char *const v2_cia[] = { "N", "P", "C", NULL };
static const double v2_cia_w[] = { 0.0, 0.275, 0.660 };
static const char *const v2_e[] = { "ND", "U", "POC", "F", "H", NULL };
static const double v2_e_w[] = { 1.0, 0.85, 0.90, 0.95, 1.0 };
static const char *const v2_rl[] = { "ND", "OF", "TF", "W", "U", NULL };
static const double v2_rl_w[] = { 1.0, 0.87, 0.90, 0.95, 1.0 };
static const char *const v2_rc[] = { "ND", "UC", "UR", "C", NULL };
static const double v2_rc_w[] = { 1.0, 0.90, 0.95, 1.0 };
static const char *const v2_cdp[] = { "ND", "N", "L", "LM", "MH", "H", NULL };
static const double v2_cdp_w[] = { 0.0, 0.0, 0.1, 0.3, 0.4, 0.5 };
static const char *const v2_td[] = { "ND", "N", "L", "M", "H", NULL };
static const double v2_td_w[] = { 1.0, 0.0, 0.25, 0.75, 1.0 };
static const char *const v2_req[] = { "ND", "L", "M", "H", NULL };
static const double v2_req_w[] = { 1.0, 0.5, 1.0, 1.51 };

static const struct cvss_metric v2_metrics[V2_NMETRICS] = {
	[V2_AV] = { "AV", v2_av, v2_av_w, true },
	[V2_AC] = { "AC", v2_ac, v2_ac_w, true },
	[V2_AU] = { "Au", v2_au, v2_au_w, true },
	[V2_C] = { "C", v2_cia, v2_cia_w, true },
	[V2_I] = { "I", v2_cia, v2_cia_w, true },
	[V2_A] = { "A", v2_cia, v2_cia_w, true },
	[V2_E] = { "E", v2_e, v2_e_w, false },
	[V2_RL] = { "RL", v2_rl, v2_rl_w, false },
	[V2_RC] = { "RC", v2_rc, v2_rc_w, false },
	[V2_CDP] = { "CDP", v2_cdp, v2_cdp_w, false },
	[V2_TD] = { "TD", v2_td, v2_td_w, false },
	[V2_CR] = { "CR", v2_req, v2_req_w, false },
	[V2_IR] = { "IR", v2_req, v2_req_w, false },
	[V2_AR] = { "AR", v2_req, v2_req_w, false },
};

static double weight(const struct cvss_metric *defs, const uint8_t *vals,
		     int metric)
{
	return defs[metric].weights[vals[metric]];
}

#define V2W(m) weight(v2_metrics, vals, (m))

static bool any_defined(const uint8_t *vals, int from, int to)
{
	for (int m = from; m <= to; m++)
		if (vals[m])
			return true;
	return false;
}

/*
 * Equation 3.2.1 with the given impact (plain, or adjusted by 3.2.3). With a
 * low adjusted impact the result can be negative; the guide carries it into
 * the environmental equation as it is, only the scores are kept from below 0.
 */
static int v2_base_tenths(const uint8_t *vals, double impact)
{
	double expl = 20 * V2W(V2_AV) * V2W(V2_AC) * V2W(V2_AU);
	double f = impact == 0 ? 0 : 1.176;

	return round_half_up((0.6 * impact + 0.4 * expl - 1.5) * f);
}

static double v2_score(int tenths)
{
	return tenths > 0 ? tenths / 10.0 : 0.0;
}

static double v2_impact(const uint8_t *vals, bool adjusted)
{
	double c = V2W(V2_C), i = V2W(V2_I), a = V2W(V2_A);
	double impact;

	if (!adjusted)
		return 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
	c *= V2W(V2_CR);
	i *= V2W(V2_IR);
	a *= V2W(V2_AR);
	impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
	return impact < 10 ? impact : 10;	/* only this one is capped */
}

/* Equation 3.2.2 applied to a base score in tenths. */
static int v2_temporal_tenths(const uint8_t *vals, int base)
{
	return round_half_up(base / 10.0 * V2W(V2_E) * V2W(V2_RL) *
			     V2W(V2_RC));
}

/* Equation 3.2.3. */
static int v2_environmental_tenths(const uint8_t *vals)
{
	int adj_base = v2_base_tenths(vals, v2_impact(vals, true));
	double adj_temporal = v2_temporal_tenths(vals, adj_base) / 10.0;

	return round_half_up((adj_temporal + (10 - adj_temporal) *
			      V2W(V2_CDP)) * V2W(V2_TD));
}

static int parse_v2(struct cu_span fields, struct cu_cvss *out)
{
	uint8_t vals[V2_NMETRICS];
	int base, ret;

	ret = cvss_parse_fields(fields, v2_metrics, V2_NMETRICS, vals);
	if (ret)
		return ret;
	base = v2_base_tenths(vals, v2_impact(vals, false));
	if (base < 0)
		base = 0;
	out->base = out->score = v2_score(base);
	if (any_defined(vals, V2_E, V2_RC))
		out->temporal = v2_score(v2_temporal_tenths(vals, base));
	if (any_defined(vals, V2_CDP, V2_AR))
		out->environmental = v2_score(v2_environmental_tenths(vals));
	return 0;
}

/* ---- CVSS v3.0 and v3.1 ---- */

enum {
	V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A,
	V3_E, V3_RL, V3_RC,
	V3_CR, V3_IR, V3_AR,
	V3_MAV, V3_MAC, V3_MPR, V3_MUI, V3_MS, V3_MC, V3_MI, V3_MA,
	V3_NMETRICS
};

/* Each modified metric lists "X" and then the values of its base metric. */
static const char *const v3_av[] = { "N", "A", "L", "P", NULL };
static const char *const v3_mav[] = { "X", "N", "A", "L", "P", NULL };
static const double v3_av_w[] = { 0.85, 0.62, 0.55, 0.2 };
static const char *const v3_ac[] = { "L", "H", NULL };
static const char *const v3_mac[] = { "X", "L", "H", NULL };
static const double v3_ac_w[] = { 0.77, 0.44 };
static const char *const v3_pr[] = { "N", "L", "H", NULL };
static const char *const v3_mpr[] = { "X", "N", "L", "H", NULL };
static const double v3_pr_unchanged_w[] = { 0.85, 0.62, 0.27 };
static const double v3_pr_changed_w[] = { 0.85, 0.68, 0.5 };
static const char *const v3_ui[] = { "N", "R", NULL };
static const char *const v3_mui[] = { "X", "N", "R", NULL };
static const double v3_ui_w[] = { 0.85, 0.62 };
static const char *const v3_s[] = { "U", "C", NULL };
static const char *const v3_ms[] = { "X", "U", "C", NULL };
static const char *const v3_cia[] = { "H", "L", "N", NULL };
static const char *const v3_mcia[] = { "X", "H", "L", "N", NULL };
static const double v3_cia_w[] = { 0.56, 0.22, 0.0 };
static const char *const v3_e[] = { "X", "U", "P", "F", "H", NULL };
static const double v3_e_w[] = { 1.0, 0.91, 0.94, 0.97, 1.0 };
static const char *const v3_rl[] = { "X", "O", "T", "W", "U", NULL };
static const double v3_rl_w[] = { 1.0, 0.95, 0.96, 0.97, 1.0 };
static const char *const v3_rc[] = { "X", "U", "R", "C", NULL };
static const double v3_rc_w[] = { 1.0, 0.92, 0.96, 1.0 };
static const char *const v3_req[] = { "X", "L", "M", "H", NULL };
static const double v3_req_w[] = { 1.0, 0.5, 1.0, 1.5 };

static const struct cvss_metric v3_metrics[V3_NMETRICS] = {
	[V3_AV] = { "AV", v3_av, NULL, true },
	[V3_AC] = { "AC", v3_ac, NULL, true },
	[V3_PR] = { "PR", v3_pr, NULL, true },
	[V3_UI] = { "UI", v3_ui, NULL, true },
	[V3_S] = { "S", v3_s, NULL, true },
	[V3_C] = { "C", v3_cia, NULL, true },
	[V3_I] = { "I", v3_cia, NULL, true },
	[V3_A] = { "A", v3_cia, NULL, true },
	[V3_E] = { "E", v3_e, v3_e_w, false },
	[V3_RL] = { "RL", v3_rl, v3_rl_w, false },
	[V3_RC] = { "RC", v3_rc, v3_rc_w, false },
	[V3_CR] = { "CR", v3_req, v3_req_w, false },
	[V3_IR] = { "IR", v3_req, v3_req_w, false },
	[V3_AR] = { "AR", v3_req, v3_req_w, false },
	[V3_MAV] = { "MAV", v3_mav, NULL, false },
	[V3_MAC] = { "MAC", v3_mac, NULL, false },
	[V3_MPR] = { "MPR", v3_mpr, NULL, false },
	[V3_MUI] = { "MUI", v3_mui, NULL, false },
	[V3_MS] = { "MS", v3_ms, NULL, false },
	[V3_MC] = { "MC", v3_mcia, NULL, false },
	[V3_MI] = { "MI", v3_mcia, NULL, false },
	[V3_MA] = { "MA", v3_mcia, NULL, false },
};

#define V3W(m) weight(v3_metrics, vals, (m))

/*
 * The system the equations score: the base metrics, or for the
 * environmental score the base metrics overridden by the modified ones.
 * Each field is a value index into the base metric's values.
 */
struct v3_system {
	uint8_t av, ac, pr, ui, c, i, a;
	bool changed;
	double req_c, req_i, req_a;	/* security requirements, 1 for base */
};

static void v3_base_system(const uint8_t *vals, struct v3_system *sys)
{
	sys->av = vals[V3_AV];
	sys->ac = vals[V3_AC];
	sys->pr = vals[V3_PR];
	sys->ui = vals[V3_UI];
	sys->changed = vals[V3_S] == 1;
	sys->c = vals[V3_C];
	sys->i = vals[V3_I];
	sys->a = vals[V3_A];
	sys->req_c = sys->req_i = sys->req_a = 1.0;
}

/* A modified metric's value index, or the base one's when it is X. */
static uint8_t v3_modified(const uint8_t *vals, int modified, int base)
{
	return vals[modified] ? (uint8_t)(vals[modified] - 1) : vals[base];
}

static void v3_modified_system(const uint8_t *vals, struct v3_system *sys)
{
	sys->av = v3_modified(vals, V3_MAV, V3_AV);
	sys->ac = v3_modified(vals, V3_MAC, V3_AC);
	sys->pr = v3_modified(vals, V3_MPR, V3_PR);
	sys->ui = v3_modified(vals, V3_MUI, V3_UI);
	sys->changed = v3_modified(vals, V3_MS, V3_S) == 1;
	sys->c = v3_modified(vals, V3_MC, V3_C);
	sys->i = v3_modified(vals, V3_MI, V3_I);
	sys->a = v3_modified(vals, V3_MA, V3_A);
	sys->req_c = V3W(V3_CR);
	sys->req_i = V3W(V3_IR);
	sys->req_a = V3W(V3_AR);
}

static int v3_round(enum cu_cvss_version version, double x)
{
	return version == CU_CVSS_V31 ? roundup31(x) : roundup30(x);
}

/* Impact sub score (ISS, or ISCModified capped at 0.915). */
static double v3_iss(const struct v3_system *sys, bool modified)
{
	double c = v3_cia_w[sys->c] * sys->req_c;
	double i = v3_cia_w[sys->i] * sys->req_i;
	double a = v3_cia_w[sys->a] * sys->req_a;
	double iss = 1 - (1 - c) * (1 - i) * (1 - a);

	return modified && iss > 0.915 ? 0.915 : iss;
}

/* v3.1 changed only the modified impact of a changed scope (7.3). */
static double v3_impact(enum cu_cvss_version version, double iss,
			bool changed, bool modified)
{
	if (!changed)
		return 6.42 * iss;
	if (modified && version == CU_CVSS_V31)
		return 7.52 * (iss - 0.029) -
		       3.25 * pow(iss * 0.9731 - 0.02, 13);
	return 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
}

static double v3_exploitability(const struct v3_system *sys)
{
	const double *pr = sys->changed ? v3_pr_changed_w : v3_pr_unchanged_w;

	return 8.22 * v3_av_w[sys->av] * v3_ac_w[sys->ac] * pr[sys->pr] *
	       v3_ui_w[sys->ui];
}

/* The base score, or the modified base score, in tenths. */
static int v3_system_tenths(enum cu_cvss_version version,
			    const struct v3_system *sys, bool modified)
{
	double impact = v3_impact(version, v3_iss(sys, modified),
				  sys->changed, modified);
	double sum = impact + v3_exploitability(sys);

	if (impact <= 0)
		return 0;
	if (sys->changed)
		sum = 1.08 * sum;
	return v3_round(version, sum < 10 ? sum : 10);
}

static int v3_temporal_tenths(enum cu_cvss_version version,
			      const uint8_t *vals, int base)
{
	return v3_round(version, base / 10.0 * V3W(V3_E) * V3W(V3_RL) *
				 V3W(V3_RC));
}

static int parse_v3(enum cu_cvss_version version, struct cu_span fields,
		    struct cu_cvss *out)
{
	uint8_t vals[V3_NMETRICS];
	struct v3_system sys;
	int base, ret;

	ret = cvss_parse_fields(fields, v3_metrics, V3_NMETRICS, vals);
	if (ret)
		return ret;
	v3_base_system(vals, &sys);
	base = v3_system_tenths(version, &sys, false);
	out->base = out->score = base / 10.0;
	if (any_defined(vals, V3_E, V3_RC))
		out->temporal = v3_temporal_tenths(version, vals, base) / 10.0;
	if (any_defined(vals, V3_CR, V3_MA)) {
		v3_modified_system(vals, &sys);
		base = v3_system_tenths(version, &sys, true);
		out->environmental =
			v3_temporal_tenths(version, vals, base) / 10.0;
	}
	return 0;
}

/* ---- versions ---- */

static const struct {
	const char *prefix;
	enum cu_cvss_version version;
} cvss_prefixes[] = {
	{ "CVSS:3.0/", CU_CVSS_V30 },
	{ "CVSS:3.1/", CU_CVSS_V31 },
	{ "CVSS:4.0/", CU_CVSS_V40 },
};

static int parse_version(struct cu_span vector, struct cu_cvss *out)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(cvss_prefixes); i++) {
		const char *prefix = cvss_prefixes[i].prefix;

		if (!cu_span_starts_with(vector, prefix))
			continue;
		vector = cu_span_skip(vector, strlen(prefix));
		out->version = cvss_prefixes[i].version;
		if (out->version == CU_CVSS_V40)
			return cvss4_parse(vector, out);
		return parse_v3(out->version, vector, out);
	}
	/* v2 has no prefix; anything else starting "CVSS:" is unknown. */
	if (cu_span_starts_with(vector, "CVSS:"))
		return CU_EFORMAT;
	out->version = CU_CVSS_V2;
	return parse_v2(vector, out);
}

int cu_cvss_parse(struct cu_span vector, struct cu_cvss *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	out->temporal = out->environmental = -1;
	ret = parse_version(vector, out);
	if (ret)
		memset(out, 0, sizeof(*out));
	return ret;
}

const char *cu_cvss_version_name(enum cu_cvss_version v)
{
	switch (v) {
	case CU_CVSS_V2: return "2.0";
	case CU_CVSS_V30: return "3.0";
	case CU_CVSS_V31: return "3.1";
	case CU_CVSS_V40: return "4.0";
	}
	return NULL;
}

const char *cu_cvss_severity(enum cu_cvss_version v, double score)
{
	long tenths;

	if (isnan(score) || !cu_cvss_version_name(v))
		return NULL;
	tenths = score < 0 ? 0 : score > 10 ? 100 : lround(score * 10);
	if (v == CU_CVSS_V2)
		return tenths >= 70 ? "HIGH" : tenths >= 40 ? "MEDIUM" : "LOW";
	if (tenths == 0)
		return "NONE";
	if (tenths < 40)
		return "LOW";
	if (tenths < 70)
		return "MEDIUM";
	return tenths < 90 ? "HIGH" : "CRITICAL";
}
