/*
 * test-cvss.c - CVSS v2.0, v3.0, v3.1 and v4.0 vectors and scores.
 *
 * Every line of the Red Hat cvss library's vector files (shared/testvectors/
 * cvss/redhat, see PROVENANCE.md) is scored and compared at one decimal:
 *
 *   v2 and v3 files: "VECTOR - (base, temporal, environmental)". v2 gives
 *     None for a group the vector does not use, which is our -1. v3 always
 *     gives all three: for a vector without temporal metrics the temporal
 *     score is the base score, and the environmental score of a vector
 *     without environmental metrics is that of the same vector with CR:M,
 *     a requirement that weighs exactly as "not defined" does.
 *   v4 files: "VECTOR - SCORE" or "VECTOR - (SCORE,)", the score of all the
 *     metrics given (our score field).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "vulndb/cvss.h"

#define NO_SCORE (-1)

static int tenths(double score)
{
	return score < 0 ? NO_SCORE : (int)lround(score * 10);
}

/* "None", "-0.0", "5", "4.6", "10.0" -> tenths (NO_SCORE for None). */
static bool parse_tenths(struct cu_span s, int *out)
{
	uint64_t whole, frac = 0;
	struct cu_span w;

	s = cu_span_trim(s);
	if (cu_span_eq_str(s, "None")) {
		*out = NO_SCORE;
		return true;
	}
	if (cu_span_starts_with(s, "-"))
		s = cu_span_skip(s, 1);
	if (cu_span_split(&s, '.', &w) &&
	    (s.len != 1 || !cu_span_to_u64(s, &frac)))
		return false;
	if (!cu_span_to_u64(w, &whole) || whole > 10)
		return false;
	*out = (int)(whole * 10 + frac);
	return true;
}

/* "(a, b, c)", "(a,)" or "a" -> up to three scores; returns how many. */
static int parse_expected(struct cu_span s, int want[3])
{
	struct cu_span item;
	int n = 0;
	bool more = true;

	s = cu_span_trim(s);
	if (cu_span_starts_with(s, "(") && cu_span_ends_with(s, ")"))
		s = cu_span_sub(s, 1, s.len - 2);
	while (more && n < 3) {
		more = cu_span_split(&s, ',', &item);
		if (!more && cu_span_trim(item).len == 0 && n > 0)
			break;
		if (!parse_tenths(item, &want[n]))
			return -1;
		n++;
	}
	return more ? -1 : n;
}

struct vector_case {
	char vector[512];
	int want[3];
	int nwant;
};

static bool split_line(struct cu_span line, struct vector_case *vc)
{
	ptrdiff_t sp = cu_span_find(line, ' ');
	struct cu_span vector, rest;

	if (sp <= 0)
		return false;
	vector = cu_span_sub(line, 0, (size_t)sp);
	rest = cu_span_skip(line, (size_t)sp);
	if (!cu_span_starts_with(rest, " - "))
		return false;
	vc->nwant = parse_expected(cu_span_skip(rest, 3), vc->want);
	return vc->nwant > 0 && cu_span_to_cstr(vector, vc->vector,
						sizeof(vc->vector));
}

static void check_score(struct unit *t, const char *vector, const char *what,
			int got, int want)
{
	if (got != want)
		FAILF(t, "%s: %s score %d.%d, want %d.%d", vector, what,
		      got / 10, abs(got % 10), want / 10, abs(want % 10));
	CHECK(t, got == want);
}

/* The v3 environmental score of a vector that has no environmental metric. */
static int v3_default_environmental(const char *vector)
{
	static const char *const neutral[] = { "CR", "IR", "AR" };
	char buf[600];
	struct cu_cvss c;

	for (size_t i = 0; i < CU_ARRAY_SIZE(neutral); i++) {
		char field[8];

		snprintf(field, sizeof(field), "/%s:", neutral[i]);
		if (strstr(vector, field))
			continue;
		snprintf(buf, sizeof(buf), "%s/%s:M", vector, neutral[i]);
		if (cu_cvss_parse(cu_span_str(buf), &c) != 0)
			return -2;
		return tenths(c.environmental);
	}
	return -2;
}

static void check_v2v3(struct unit *t, const struct vector_case *vc,
		       const struct cu_cvss *c)
{
	int temporal = tenths(c->temporal);
	int environmental = tenths(c->environmental);

	CHECK_INT(t, vc->nwant, 3);
	check_score(t, vc->vector, "base", tenths(c->base), vc->want[0]);
	CHECK(t, c->score == c->base);
	if (c->version != CU_CVSS_V2 && temporal == NO_SCORE)
		temporal = tenths(c->base);
	if (c->version != CU_CVSS_V2 && environmental == NO_SCORE)
		environmental = v3_default_environmental(vc->vector);
	check_score(t, vc->vector, "temporal", temporal, vc->want[1]);
	check_score(t, vc->vector, "environmental", environmental,
		    vc->want[2]);
}

static void check_v4(struct unit *t, const struct vector_case *vc,
		     const struct cu_cvss *c)
{
	CHECK_INT(t, vc->nwant, 1);
	check_score(t, vc->vector, "overall", tenths(c->score), vc->want[0]);
	CHECK(t, c->temporal == -1 && c->environmental == -1);
}

static void check_line(struct unit *t, struct cu_span line,
		       enum cu_cvss_version version)
{
	struct vector_case vc;
	struct cu_cvss c;
	int ret;

	if (!split_line(line, &vc)) {
		FAILF(t, "unparsable test line '%.*s'", (int)line.len,
		      line.ptr);
		CHECK(t, false);
		return;
	}
	ret = cu_cvss_parse(cu_span_str(vc.vector), &c);
	if (ret)
		FAILF(t, "%s: rejected (%d)", vc.vector, ret);
	CHECK_INT(t, ret, 0);
	if (ret)
		return;
	CHECK_INT(t, c.version, version);
	if (version == CU_CVSS_V40)
		check_v4(t, &vc, &c);
	else
		check_v2v3(t, &vc, &c);
}

/* Check every line of a vector file, which must have want_lines of them. */
static void run_file(struct unit *t, const char *name,
		     enum cu_cvss_version version, size_t want_lines)
{
	char rel[128];
	const char *path;
	char *data;
	size_t len, lines = 0;
	struct cu_span s, line;

	snprintf(rel, sizeof(rel), "testvectors/cvss/redhat/%s", name);
	path = unit_shared_path(t, rel);
	if (!path)
		return;
	data = unit_read_file(path, &len);
	CHECK(t, data != NULL);
	if (!data)
		return;
	s = cu_span_make(data, len);
	while (cu_span_pull_line(&s, &line)) {
		if (cu_span_trim(line).len == 0)
			continue;
		check_line(t, line, version);
		lines++;
	}
	CHECK_INT(t, lines, want_lines);
	free(data);
}

static void test_v2_simple(struct unit *t)
{
	run_file(t, "vectors_simple2", CU_CVSS_V2, 729);
}

static void test_v2_calculator(struct unit *t)
{
	run_file(t, "vectors_calculator2", CU_CVSS_V2, 5);
}

static void test_v2_cvsslib(struct unit *t)
{
	run_file(t, "vectors_cvsslib2", CU_CVSS_V2, 24);
}

static void test_v30_simple(struct unit *t)
{
	run_file(t, "vectors_simple3", CU_CVSS_V30, 2592);
}

static void test_v30_calculator(struct unit *t)
{
	run_file(t, "vectors_calculator3", CU_CVSS_V30, 2);
}

static void test_v30_cvsslib(struct unit *t)
{
	run_file(t, "vectors_cvsslib3", CU_CVSS_V30, 29);
}

static void test_v31_simple(struct unit *t)
{
	run_file(t, "vectors_simple31", CU_CVSS_V31, 2592);
}

static void test_v40_simple(struct unit *t)
{
	run_file(t, "vectors_simple4", CU_CVSS_V40, 1058);
}

static void test_v40_security(struct unit *t)
{
	run_file(t, "vectors_security4", CU_CVSS_V40, 54);
}

static void test_v40_supplemental(struct unit *t)
{
	run_file(t, "vectors_supplemental4", CU_CVSS_V40, 576);
}

static void test_v40_threat(struct unit *t)
{
	run_file(t, "vectors_threat4", CU_CVSS_V40, 6);
}

static void test_cases(struct unit *t)
{
	struct cu_cvss c;

	/* Not defined values do not make a group present. */
	CHECK_INT(t, cu_cvss_parse(cu_span_str("CVSS:3.1/AV:N/AC:L/PR:N/UI:N"
		"/S:U/C:H/I:H/A:H/E:X/MAV:X"), &c), 0);
	CHECK(t, c.base == 9.8 && c.temporal == -1 && c.environmental == -1);
	CHECK_INT(t, cu_cvss_parse(cu_span_str(
		"AV:N/AC:L/Au:N/C:C/I:C/A:C/E:ND/CDP:ND"), &c), 0);
	CHECK(t, c.base == 10.0 && c.temporal == -1 && c.environmental == -1);
	/* Metrics in any order. */
	CHECK_INT(t, cu_cvss_parse(cu_span_str(
		"CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:U"), &c), 0);
	CHECK_INT(t, tenths(c.base), 98);
	CHECK_INT(t, tenths(c.temporal), 90);
	CHECK_INT(t, c.version, CU_CVSS_V31);
	/*
	 * v3.0 Round up is the exact ceiling: 10.0 x 0.92 is 9.2, although in
	 * binary floating point it comes out a little above.
	 */
	CHECK_INT(t, cu_cvss_parse(cu_span_str("CVSS:3.0/AV:N/AC:L/PR:N/UI:N"
		"/S:C/C:H/I:H/A:H/RC:U"), &c), 0);
	CHECK_INT(t, tenths(c.base), 100);
	CHECK_INT(t, tenths(c.temporal), 92);
	CHECK_INT(t, cu_cvss_parse(cu_span_str("CVSS:3.1/AV:N/AC:L/PR:N/UI:N"
		"/S:C/C:H/I:H/A:H/RC:U"), &c), 0);
	CHECK_INT(t, tenths(c.temporal), 92);
	/*
	 * v2: a low adjusted impact gives a negative adjusted base score,
	 * which the environmental equation uses as it is (-0.2 here).
	 */
	CHECK_INT(t, cu_cvss_parse(cu_span_str(
		"AV:L/AC:H/Au:M/C:N/I:N/A:P/E:U/CDP:L/AR:L"), &c), 0);
	CHECK_INT(t, tenths(c.base), 8);
	CHECK_INT(t, tenths(c.temporal), 7);
	CHECK_INT(t, tenths(c.environmental), 8);
	CHECK_INT(t, cu_cvss_parse(cu_span_str(
		"AV:L/AC:H/Au:M/C:N/I:N/A:P/E:U/AR:L"), &c), 0);
	CHECK_INT(t, tenths(c.environmental), 0);
	/* v4: base ignores threat and environmental metrics, score not. */
	CHECK_INT(t, cu_cvss_parse(cu_span_str(
		"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H"
		"/SC:H/SI:H/SA:H/E:U"), &c), 0);
	CHECK_INT(t, tenths(c.base), 73);
	CHECK_INT(t, tenths(c.score), 41);
	CHECK_INT(t, c.version, CU_CVSS_V40);
	/* Safety (MSI:S) only exists as a modified value. */
	CHECK_INT(t, cu_cvss_parse(cu_span_str(
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H"
		"/SC:H/SI:H/SA:H/MSI:S/S:P/AU:Y/R:I/V:C/RE:H/U:Red"), &c), 0);
	CHECK_INT(t, tenths(c.score), 100);
}

static const char *const invalid_vectors[] = {
	"",
	"/",
	"AV:N",
	"AV:N/AC:L/Au:N/C:C/I:C",			/* truncated */
	"AV:N/AC:L/Au:N/C:C/I:C/A:C/",			/* trailing slash */
	"AV:N/AC:L/Au:N/C:C/I:C/A:C//E:F",		/* empty field */
	"AV:N/AC:L/Au:N/C:C/I:C/A:C/AV:N",		/* duplicate */
	"AV:N/AC:L/Au:N/C:C/I:C/A:X",			/* unknown value */
	"AV:N/AC:L/AU:N/C:C/I:C/A:C",			/* metric case */
	"av:n/ac:l/au:n/c:c/i:c/a:c",
	"AV:N/AC:L/Au:N/C:C/I:C/A:C/E:X",		/* v3 value in v2 */
	"AV:N/AC:L/Au:N/C:C/I:C/A:C:C",
	"AV:N/AC:L/Au:N/C:C/I:C/A",
	" AV:N/AC:L/Au:N/C:C/I:C/A:C",
	"(AV:N/AC:L/Au:N/C:C/I:C/A:C)",
	"CVSS:3.1",
	"CVSS:3.1/",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",	/* truncated */
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Q",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:X",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:h",
	"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h",
	"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N",	/* v4 metric */
	"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MSI:S",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MPR:S",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"
		"/SA:H",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"
		"/MSC:S",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"
		"/U:red",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"
		"/E:F",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"
		"/RL:O",
	"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:4.0/av:n/ac:l/at:n/pr:n/ui:n/vc:h/vi:h/va:h/sc:h/si:h/sa:h",
};

static void test_invalid(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(invalid_vectors); i++) {
		struct cu_cvss c;
		int ret = cu_cvss_parse(cu_span_str(invalid_vectors[i]), &c);

		if (ret != CU_EFORMAT)
			FAILF(t, "accepted '%s' (%d)", invalid_vectors[i], ret);
		CHECK_INT(t, ret, CU_EFORMAT);
		CHECK(t, c.base == 0 && c.score == 0);
	}
}

static void test_span_bounds(struct unit *t)
{
	/* The vector is a span: bytes past its length must not be read. */
	const char buf[] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:HXYZ";
	struct cu_cvss c;

	CHECK_INT(t, cu_cvss_parse(cu_span_make(buf, sizeof(buf) - 4), &c), 0);
	CHECK_INT(t, tenths(c.base), 98);
	CHECK_INT(t, cu_cvss_parse(cu_span_make(buf, sizeof(buf) - 5), &c),
		  CU_EFORMAT);
	CHECK_INT(t, cu_cvss_parse(CU_SPAN_NULL, &c), CU_EFORMAT);
	CHECK_INT(t, cu_cvss_parse(cu_span_make(buf, 9), &c), CU_EFORMAT);
}

static void test_severity(struct unit *t)
{
	static const struct {
		enum cu_cvss_version v;
		double score;
		const char *want;
	} cases[] = {
		{ CU_CVSS_V2, 0.0, "LOW" },	{ CU_CVSS_V2, 3.9, "LOW" },
		{ CU_CVSS_V2, 4.0, "MEDIUM" },	{ CU_CVSS_V2, 6.9, "MEDIUM" },
		{ CU_CVSS_V2, 7.0, "HIGH" },	{ CU_CVSS_V2, 10.0, "HIGH" },
		{ CU_CVSS_V30, 0.0, "NONE" },	{ CU_CVSS_V30, 0.1, "LOW" },
		{ CU_CVSS_V31, 3.9, "LOW" },	{ CU_CVSS_V31, 4.0, "MEDIUM" },
		{ CU_CVSS_V31, 6.9, "MEDIUM" },	{ CU_CVSS_V31, 7.0, "HIGH" },
		{ CU_CVSS_V31, 8.9, "HIGH" },
		{ CU_CVSS_V31, 9.0, "CRITICAL" },
		{ CU_CVSS_V31, 10.0, "CRITICAL" },
		{ CU_CVSS_V40, 0.0, "NONE" },	{ CU_CVSS_V40, 0.1, "LOW" },
		{ CU_CVSS_V40, 3.9, "LOW" },	{ CU_CVSS_V40, 4.0, "MEDIUM" },
		{ CU_CVSS_V40, 6.9, "MEDIUM" },	{ CU_CVSS_V40, 7.0, "HIGH" },
		{ CU_CVSS_V40, 8.9, "HIGH" },
		{ CU_CVSS_V40, 9.0, "CRITICAL" },
		/* computed scores are not exact decimals */
		{ CU_CVSS_V31, 0.1 * 3 + 3.7, "MEDIUM" },
		{ CU_CVSS_V31, 0.1 * 3 + 3.6, "LOW" },
		{ CU_CVSS_V31, 6.9000000001, "MEDIUM" },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		CHECK_STR(t, cu_cvss_severity(cases[i].v, cases[i].score),
			  cases[i].want);
	CHECK(t, cu_cvss_severity(CU_CVSS_V31, NAN) == NULL);
	CHECK(t, cu_cvss_severity((enum cu_cvss_version)21, 5.0) == NULL);
}

static void test_version_name(struct unit *t)
{
	CHECK_STR(t, cu_cvss_version_name(CU_CVSS_V2), "2.0");
	CHECK_STR(t, cu_cvss_version_name(CU_CVSS_V30), "3.0");
	CHECK_STR(t, cu_cvss_version_name(CU_CVSS_V31), "3.1");
	CHECK_STR(t, cu_cvss_version_name(CU_CVSS_V40), "4.0");
	CHECK(t, cu_cvss_version_name((enum cu_cvss_version)0) == NULL);
}

const struct unit_test cvss_tests[] = {
	{ "cvss/v2-simple", test_v2_simple },
	{ "cvss/v2-calculator", test_v2_calculator },
	{ "cvss/v2-cvsslib", test_v2_cvsslib },
	{ "cvss/v30-simple", test_v30_simple },
	{ "cvss/v30-calculator", test_v30_calculator },
	{ "cvss/v30-cvsslib", test_v30_cvsslib },
	{ "cvss/v31-simple", test_v31_simple },
	{ "cvss/v40-simple", test_v40_simple },
	{ "cvss/v40-security", test_v40_security },
	{ "cvss/v40-supplemental", test_v40_supplemental },
	{ "cvss/v40-threat", test_v40_threat },
	{ "cvss/cases", test_cases },
	{ "cvss/invalid", test_invalid },
	{ "cvss/span-bounds", test_span_bounds },
	{ "cvss/severity", test_severity },
	{ "cvss/version-name", test_version_name },
	{ NULL, NULL },
};
