/*
 * test-version-maven.c - Maven ordering and ranges against Apache Maven's own
 * tests (ComparableVersionTest, DefaultArtifactVersionTest, VersionRangeTest
 * as converted in testvectors/version-compare/maven*).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/maven.h"
#include "version/version.h"

/* A cell of a vector table; "" when the column is missing. */
static const char *cell(const struct tsv *tsv, size_t row, const char *col)
{
	const char *v = tsv_get(tsv, row, col);

	return v ? v : "";
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static int op_sign(const char *op)
{
	return op[0] == '<' ? -1 : op[0] == '>' ? 1 : 0;
}

/* Both directions through the scheme; 9 on error. */
static int cmp2(const char *a, const char *b, int *back)
{
	int c = 9, r = 9;

	if (cu_scheme_maven.compare(cu_span_str(a), cu_span_str(b), &c) != 0)
		c = 9;
	if (cu_scheme_maven.compare(cu_span_str(b), cu_span_str(a), &r) != 0)
		r = 9;
	*back = sign(r);
	return sign(c);
}

/*
 * Every row, both APIs: DefaultArtifactVersion.compareTo delegates to
 * ComparableVersion, so its rows are checked with the same ordering.
 */
static void test_order_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/maven.tsv");
	struct tsv tsv;
	size_t dav = 0;

	if (!path)
		return;
	CHECK_INT(t, tsv_load(&tsv, path), 0);
	CHECK(t, tsv.rows >= 1077);
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *a = cell(&tsv, r, "a"), *b = cell(&tsv, r, "b");
		int want = op_sign(cell(&tsv, r, "op")), back, got = cmp2(a, b, &back);

		dav += strcmp(cell(&tsv, r, "api"), "DefaultArtifactVersion") == 0;
		if (!CHECK(t, got == want && back == -want))
			FAILF(t, "row %zu (%s): '%s' vs '%s': got %d, reverse %d, want %d",
			      r, cell(&tsv, r, "src"), a, b, got, back, want);
	}
	CHECK(t, dav >= 62);
	tsv_release(&tsv);
}

static char *canonical(const char *v, struct cu_buf *b)
{
	cu_buf_reset(b);
	if (cu_maven_canonical(cu_span_str(v), b) != 0)
		return NULL;
	return (char *)cu_buf_str(b);
}

static void test_canonical_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/maven-canonical.tsv");
	struct cu_buf b1 = CU_BUF_INIT, b2 = CU_BUF_INIT;
	struct tsv tsv;

	if (!path)
		return;
	CHECK_INT(t, tsv_load(&tsv, path), 0);
	CHECK(t, tsv.rows >= 7);
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *v = cell(&tsv, r, "version");
		const char *want = cell(&tsv, r, "canonical");
		const char *c1 = canonical(v, &b1);
		const char *c2 = c1 ? canonical(c1, &b2) : NULL;

		if (!CHECK(t, c1 && c2 && strcmp(c1, c2) == 0 && (!*want || strcmp(c1, want) == 0)))
			FAILF(t, "'%s': canonical '%s', re-parsed '%s', want '%s'", v,
			      c1 ? c1 : "(error)", c2 ? c2 : "(error)", want);
	}
	tsv_release(&tsv);
	cu_buf_release(&b1);
	cu_buf_release(&b2);
}

static void check_artifact_row(struct unit *t, const struct tsv *tsv, size_t r)
{
	const char *v = cell(tsv, r, "version");
	const char *qual = cell(tsv, r, "qualifier");
	bool qnull = strcmp(cell(tsv, r, "qualifier_is_null"), "true") == 0;
	struct cu_maven_artifact_version av;
	char got[160];

	cu_maven_artifact_version_parse(cu_span_str(v), &av);
	snprintf(got, sizeof(got), "%d %d %d %d", av.major, av.minor, av.incremental,
		 av.build_number);
	{
		char want[160];

		snprintf(want, sizeof(want), "%s %s %s %s", cell(tsv, r, "major"),
			 cell(tsv, r, "minor"), cell(tsv, r, "incremental"),
			 cell(tsv, r, "build_number"));
		if (!CHECK(t, strcmp(got, want) == 0))
			FAILF(t, "'%s': fields %s, want %s", v, got, want);
	}
	if (!CHECK(t, qnull ? av.qualifier.ptr == NULL
			    : av.qualifier.ptr && cu_span_eq_str(av.qualifier, qual)))
		FAILF(t, "'%s': qualifier '%.*s' (null %d), want '%s' (null %d)", v,
		      (int)av.qualifier.len, av.qualifier.ptr ? av.qualifier.ptr : "",
		      av.qualifier.ptr == NULL, qual, qnull);
}

static void test_artifact_version_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/maven-artifact-version-parse.tsv");
	struct tsv tsv;

	if (!path)
		return;
	CHECK_INT(t, tsv_load(&tsv, path), 0);
	CHECK(t, tsv.rows >= 28);
	for (size_t r = 0; r < tsv.rows; r++)
		check_artifact_row(t, &tsv, r);
	tsv_release(&tsv);
}

static void test_range_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/maven-ranges.tsv");
	struct tsv tsv;

	if (!path)
		return;
	CHECK_INT(t, tsv_load(&tsv, path), 0);
	CHECK(t, tsv.rows >= 20);
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *range = cell(&tsv, r, "range"), *v = cell(&tsv, r, "version");
		bool want = strcmp(cell(&tsv, r, "contained"), "true") == 0, in = !want;
		int err = cu_scheme_maven.satisfies(cu_span_str(v), cu_span_str(range), &in);

		if (!CHECK(t, err == 0 && in == want))
			FAILF(t, "'%s' in '%s': err %d, got %d, want %d", v, range, err, in, want);
	}
	tsv_release(&tsv);
}

static void test_invalid_range_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/maven-ranges-invalid.tsv");
	struct cu_maven_range range;
	struct tsv tsv;
	bool in;

	if (!path)
		return;
	CHECK_INT(t, tsv_load(&tsv, path), 0);
	CHECK(t, tsv.rows >= 11);
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *spec = cell(&tsv, r, "range");

		if (!CHECK(t, cu_maven_range_parse(cu_span_str(spec), &range) == CU_EFORMAT))
			FAILF(t, "'%s' should be refused", spec);
		CHECK_INT(t, cu_scheme_maven.satisfies(cu_span_str("1.0"), cu_span_str(spec), &in),
			  CU_EFORMAT);
	}
	tsv_release(&tsv);
}

/* {"spec": S} or {"restrict": [X, Y]}; ranges point into the JSON strings. */
static int eval_range(json_t *expr, struct cu_maven_range *out)
{
	json_t *spec = json_object_get(expr, "spec");
	json_t *pair = json_object_get(expr, "restrict");
	struct cu_maven_range *x, *y;
	int err;

	if (json_is_string(spec))
		return cu_maven_range_parse(cu_span_str(json_string_value(spec)), out);
	if (!json_is_array(pair) || json_array_size(pair) != 2)
		return CU_EUSAGE;
	x = cu_calloc(2, sizeof(*x));
	if (!x)
		return CU_ENOMEM;
	y = x + 1;
	err = eval_range(json_array_get(pair, 0), x);
	if (!err)
		err = eval_range(json_array_get(pair, 1), y);
	if (!err)
		err = cu_maven_range_restrict(x, y, out);
	free(x);
	return err;
}

/* A bound against its JSON: absent key = not asserted, null = unbounded. */
static bool bound_ok(json_t *want, struct cu_span got)
{
	if (!want)
		return true;
	if (json_is_null(want))
		return got.ptr == NULL;
	return got.ptr && cu_span_eq_str(got, json_string_value(want));
}

static bool flag_ok(json_t *want, bool got)
{
	return !want || json_is_true(want) == got;
}

static bool restriction_ok(json_t *w, const struct cu_maven_range *range)
{
	size_t i = (size_t)json_integer_value(json_object_get(w, "index"));
	const struct cu_maven_restriction *r = &range->r[i];

	return i < range->count &&
	       bound_ok(json_object_get(w, "lower_bound"), r->lower) &&
	       bound_ok(json_object_get(w, "upper_bound"), r->upper) &&
	       flag_ok(json_object_get(w, "lower_bound_inclusive"), r->lower_inclusive) &&
	       flag_ok(json_object_get(w, "upper_bound_inclusive"), r->upper_inclusive);
}

static bool range_case_ok(json_t *c, const struct cu_maven_range *range)
{
	json_t *count = json_object_get(c, "restriction_count");
	json_t *known = json_object_get(c, "selected_version_known");
	json_t *rs = json_object_get(c, "restrictions"), *w;
	size_t i;

	if (count && (size_t)json_integer_value(count) != range->count)
		return false;
	if (!bound_ok(json_object_get(c, "recommended_version"), range->recommended) ||
	    !bound_ok(json_object_get(c, "selected_version"), range->recommended))
		return false;
	if (known && json_is_true(known) != (range->recommended.ptr != NULL))
		return false;
	json_array_foreach(rs, i, w)
		if (!restriction_ok(w, range))
			return false;
	return true;
}

static void test_range_parse_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/maven-range-parse.json");
	struct cu_maven_range *range;
	json_t *root, *c;
	size_t i;

	if (!path)
		return;
	root = json_load_file(path, 0, NULL);
	range = cu_calloc(1, sizeof(*range));
	CHECK(t, json_is_array(root) && json_array_size(root) >= 44 && range);
	json_array_foreach(root, i, c) {
		int err = range ? eval_range(json_object_get(c, "range"), range) : CU_ENOMEM;
		char *expr = json_dumps(json_object_get(c, "range"), JSON_COMPACT);

		if (!CHECK(t, err == 0 && range_case_ok(c, range)))
			FAILF(t, "%s: %s: err %d, %zu restrictions, recommended '%.*s'",
			      json_string_value(json_object_get(c, "src")), expr, err,
			      range->count, (int)range->recommended.len,
			      range->recommended.ptr ? range->recommended.ptr : "");
		free(expr);
	}
	free(range);
	json_decref(root);
}

/* Hand-made: qualifier order, transitions, trimming, Unicode, big numbers. */
static const struct {
	const char *a, *op, *b;
} order_cases[] = {
	{ "1.0-alpha", "<", "1.0-beta" },
	{ "1.0-beta", "<", "1.0-milestone" },
	{ "1.0-milestone", "<", "1.0-rc" },
	{ "1.0-rc", "=", "1.0-cr" },
	{ "1.0-rc", "<", "1.0-snapshot" },
	{ "1.0-snapshot", "<", "1.0" },
	{ "1.0", "=", "1.0-ga" },
	{ "1.0", "=", "1.0.final" },
	{ "1.0", "=", "1.0-RELEASE" },
	{ "1.0", "<", "1.0-sp" },
	{ "1.0-sp", "<", "1.0-whatever" },
	{ "1.0-whatever", "<", "1.0.1" },
	{ "1.0a1", "=", "1.0-alpha-1" },
	{ "1.0b1", "=", "1.0-beta1" },
	{ "1.0m1", "=", "1.0-milestone-1" },
	{ "1.0m1", ">", "1.0.milestone.1" },
	{ "1.0.a", ">", "1.0" },
	{ "1.0-a", "<", "1.0-b" },
	{ "1.0.RC1", "<", "1.0-RC2" },
	{ "1.0-RC3", "<", "1.0.1" },
	{ "1.0.0.0.0", "=", "1" },
	{ "1-0-0", "=", "1" },
	{ "1..1", "=", "1.0.1" },
	{ "1.2.3-SNAPSHOT", "<", "1.2.3" },
	{ "1.2.3-20240101.120000-1", ">", "1.2.3" },
	{ "2.0.0.v20100302", ">", "2.0.0" },
	{ "9.4.51.v20230217", "<", "9.4.52.v20230823" },
	{ "5.3.0.Final", "=", "5.3.0" },
	{ "1.9.22.1", ">", "1.9.22" },
	{ "31.1-jre", ">", "31.1-android" },
	{ "2.17.1", "<", "2.17.10" },
	{ "123456789012345678901234567890", "<", "123456789012345678901234567891" },
	{ "00123456789012345678901234567890", "=", "123456789012345678901234567890" },
	{ "1.ÄBC", "=", "1.äbc" },
	{ "1.Ω", "=", "1.ω" },
	{ "1.Ж", "=", "1.ж" },
	{ "", "=", "0" },
	{ "", "<", "1" },
	{ "-", "=", "0" },
	{ "1.0-\xff", "=", "1.0-\xfe" },	/* invalid UTF-8 reads as U+FFFD */
};

static void test_order_cases(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(order_cases); i++) {
		int want = op_sign(order_cases[i].op), back;
		int got = cmp2(order_cases[i].a, order_cases[i].b, &back);

		if (!CHECK(t, got == want && back == -want))
			FAILF(t, "'%s' %s '%s': got %d, reverse %d", order_cases[i].a,
			      order_cases[i].op, order_cases[i].b, got, back);
	}
}

static const struct {
	const char *range, *version;
	int want;	/* 1 in, 0 out, -1 CU_EFORMAT */
} satisfy_cases[] = {
	{ "[1.0,2.0)", "1.0", 1 },
	{ "[1.0,2.0)", "1.5.3", 1 },
	{ "[1.0,2.0)", "2.0", 0 },
	{ "[1.0,2.0)", "2.0-SNAPSHOT", 1 },
	{ "(1.0,2.0]", "1.0", 0 },
	{ "(1.0,2.0]", "2.0.0", 1 },
	{ "(,1.0]", "0.9", 1 },
	{ "(,1.0]", "1.0.1", 0 },
	{ "[1.5,)", "99", 1 },
	{ "[1.2]", "1.2.0", 1 },
	{ "[1.2]", "1.2.1", 0 },
	{ "(,1.0],[1.2,)", "1.1", 0 },
	{ "(,1.0],[1.2,)", "1.3", 1 },
	{ " [1.0 , 2.0) , [3.0,4.0) ", "3.5", 1 },	/* leading space: a soft version */
	{ "[1.0 , 2.0) , [3.0,4.0)", "3.5", 1 },
	{ "(,1.1),(1.1,)", "1.1", 0 },
	{ "1.0", "42", 1 },	/* a soft requirement matches everything */
	{ "", "1.0", 0 },
	{ "[1.0", "1.0", -1 },
	{ "[1.0,2.0", "1.0", -1 },
	{ "[2.0,1.0]", "1.0", -1 },
	{ "[1.0,2.0),[1.5,3.0)", "1.0", -1 },
	{ "[1.0,2.0),(,3.0)", "1.0", -1 },
	{ "[1.0,2.0),[2.0,3.0)", "2.0", 1 },
};

static void test_satisfies_cases(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(satisfy_cases); i++) {
		bool in = false;
		int err = cu_scheme_maven.satisfies(cu_span_str(satisfy_cases[i].version),
						    cu_span_str(satisfy_cases[i].range), &in);
		int got = err == CU_EFORMAT ? -1 : err ? -2 : in;

		if (!CHECK(t, got == satisfy_cases[i].want))
			FAILF(t, "'%s' in '%s': got %d, want %d", satisfy_cases[i].version,
			      satisfy_cases[i].range, got, satisfy_cases[i].want);
	}
}

static void test_restrict_cases(struct unit *t)
{
	struct cu_maven_range *r = cu_calloc(3, sizeof(*r));

	if (!CHECK(t, r != NULL))
		return;
	/* overlapping, with one side unbounded above */
	CHECK_INT(t, cu_maven_range_parse(cu_span_str("[1.0,)"), &r[0]), 0);
	CHECK_INT(t, cu_maven_range_parse(cu_span_str("[0.5,2.0]"), &r[1]), 0);
	CHECK_INT(t, cu_maven_range_restrict(&r[0], &r[1], &r[2]), 0);
	CHECK_INT(t, r[2].count, 1);
	CHECK(t, cu_span_eq_str(r[2].r[0].lower, "1.0") && r[2].r[0].lower_inclusive);
	CHECK(t, cu_span_eq_str(r[2].r[0].upper, "2.0") && r[2].r[0].upper_inclusive);
	CHECK(t, r[2].recommended.ptr == NULL);
	/* a range restricted by itself is itself */
	CHECK_INT(t, cu_maven_range_parse(cu_span_str("[1.0,1.2],[1.3,1.5)"), &r[0]), 0);
	CHECK_INT(t, cu_maven_range_restrict(&r[0], &r[0] + 0, &r[2]), 0);
	CHECK_INT(t, r[2].count, 2);
	CHECK(t, cu_span_eq_str(r[2].r[1].upper, "1.5") && !r[2].r[1].upper_inclusive);
	/* two soft versions: everything, the first recommendation wins */
	CHECK_INT(t, cu_maven_range_parse(cu_span_str("2.0"), &r[0]), 0);
	CHECK_INT(t, cu_maven_range_parse(cu_span_str("3.0"), &r[1]), 0);
	CHECK_INT(t, cu_maven_range_restrict(&r[1], &r[0], &r[2]), 0);
	CHECK(t, cu_span_eq_str(r[2].recommended, "3.0") && r[2].count == 1);
	free(r);
}

static void test_scheme(struct unit *t)
{
	char long_version[300];
	int c = 0;

	CHECK(t, cu_version_scheme_find("maven") == &cu_scheme_maven);
	CHECK(t, cu_version_scheme_for_ecosystem(cu_span_str("Maven")) == &cu_scheme_maven);
	CHECK_STR(t, cu_scheme_maven.title, "Maven (ComparableVersion)");
	memset(long_version, '1', sizeof(long_version));
	/* ComparableVersion refuses more than 256 characters */
	CHECK_INT(t, cu_scheme_maven.validate(cu_span_make(long_version, 256)), 0);
	CHECK_INT(t, cu_scheme_maven.validate(cu_span_make(long_version, 257)), CU_EFORMAT);
	CHECK_INT(t, cu_scheme_maven.compare(cu_span_make(long_version, 257),
					     cu_span_str("1"), &c), CU_EFORMAT);
	CHECK_INT(t, cu_scheme_maven.compare(cu_span_make(long_version, 256),
					     cu_span_make(long_version, 255), &c), 0);
	CHECK(t, c > 0);
	CHECK_INT(t, cu_scheme_maven.validate(cu_span_str("anything goes")), 0);
}

/* A heap copy of exactly n bytes, so the sanitizers catch reads past it. */
static struct cu_span heap_prefix(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, s, n);
	return cu_span_make(p, p ? n : 0);
}

/* Every prefix of a version and of a range, each in its own allocation. */
static void test_bounds(struct unit *t)
{
	const char text[] = "1.0-alpha-1.2a3-SNAPSHOT.ÄÖ-x-1";
	const char range[] = "[1.0-alpha-1, 2.0.x) , (2.5,]";
	struct cu_buf b = CU_BUF_INIT;

	for (size_t n = 0; n < sizeof(text); n++) {
		struct cu_span v = heap_prefix(text, n), r = heap_prefix(range, n % sizeof(range));
		struct cu_maven_artifact_version av;
		bool in;
		int c = 9;

		CHECK_INT(t, cu_scheme_maven.compare(v, v, &c), 0);
		CHECK_INT(t, c, 0);
		cu_buf_reset(&b);
		CHECK_INT(t, cu_maven_canonical(v, &b), 0);
		cu_maven_artifact_version_parse(v, &av);
		cu_scheme_maven.satisfies(v, r, &in);
		free((void *)v.ptr);
		free((void *)r.ptr);
	}
	cu_buf_release(&b);
}

const struct unit_test version_maven_tests[] = {
	{ "version/maven/order-vectors", test_order_vectors },
	{ "version/maven/canonical-vectors", test_canonical_vectors },
	{ "version/maven/artifact-version-vectors", test_artifact_version_vectors },
	{ "version/maven/range-vectors", test_range_vectors },
	{ "version/maven/invalid-range-vectors", test_invalid_range_vectors },
	{ "version/maven/range-parse-vectors", test_range_parse_vectors },
	{ "version/maven/order-cases", test_order_cases },
	{ "version/maven/satisfies-cases", test_satisfies_cases },
	{ "version/maven/restrict-cases", test_restrict_cases },
	{ "version/maven/scheme", test_scheme },
	{ "version/maven/bounds", test_bounds },
	{ NULL, NULL },
};
