/*
 * test-version-golang.c - Go module versions against golang.org/x/mod/semver's
 * own test tables (go-semver*.tsv, go-semver-sorted.txt) plus the OSV forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/golang.h"
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

static void test_compare_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/go-semver.tsv");
	struct tsv tsv;

	if (!path)
		return;
	CHECK_INT(t, tsv_load(&tsv, path), 0);
	CHECK(t, tsv.rows >= 528);
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *a = cell(&tsv, r, "a"), *b = cell(&tsv, r, "b");
		int want = op_sign(cell(&tsv, r, "op")), got, back, scheme = 9;
		struct cu_span sa = cu_span_str(a), sb = cu_span_str(b);

		got = cu_golang_semver_compare(sa, sb);
		back = cu_golang_semver_compare(sb, sa);
		cu_scheme_golang.compare(sa, sb, &scheme);
		if (!CHECK(t, got == want && back == -want && sign(scheme) == want))
			FAILF(t, "row %zu: Compare(%s, %s) = %d, reverse %d, scheme %d, want %d",
			      r, a, b, got, back, scheme, want);
	}
	tsv_release(&tsv);
}

static void check_canonical_row(struct unit *t, const struct tsv *tsv, size_t r)
{
	const char *v = cell(tsv, r, "version");
	bool valid = strcmp(cell(tsv, r, "valid"), "true") == 0;
	struct cu_golang_semver p;
	struct cu_buf canon = CU_BUF_INIT, mm = CU_BUF_INIT;
	bool ok = cu_golang_semver_parse(cu_span_str(v), &p) == 0;

	CHECK_INT(t, cu_golang_semver_canonical(cu_span_str(v), &canon), 0);
	if (ok) {
		cu_buf_addf(&mm, "v%.*s.%.*s", (int)p.major.len, p.major.ptr,
			    (int)p.minor.len, p.minor.ptr);
	}
	if (!CHECK(t, ok == valid && cu_golang_semver_is_valid(cu_span_str(v)) == valid &&
		   strcmp(cu_buf_str(&canon), cell(tsv, r, "canonical")) == 0 &&
		   strcmp(cu_buf_str(&mm), cell(tsv, r, "major_minor")) == 0))
		FAILF(t, "'%s': valid %d canonical '%s' major_minor '%s'", v, ok,
		      cu_buf_str(&canon), cu_buf_str(&mm));
	if (ok) {
		char major[64];

		snprintf(major, sizeof(major), "v%.*s", (int)p.major.len, p.major.ptr);
		CHECK_STR(t, major, cell(tsv, r, "major"));
		CHECK(t, cu_span_eq_str(p.prerelease, cell(tsv, r, "prerelease")));
		CHECK(t, cu_span_eq_str(p.build, cell(tsv, r, "build")));
	}
	cu_buf_release(&canon);
	cu_buf_release(&mm);
}

static void test_canonical_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/go-semver-canonical.tsv");
	struct tsv tsv;

	if (!path)
		return;
	CHECK_INT(t, tsv_load(&tsv, path), 0);
	CHECK(t, tsv.rows >= 32);
	for (size_t r = 0; r < tsv.rows; r++)
		check_canonical_row(t, &tsv, r);
	tsv_release(&tsv);
}

/* semver.Sort: by Compare, ties (equal versions) by plain string order. */
static int sort_cmp(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int c = cu_golang_semver_compare(cu_span_str(a), cu_span_str(b));

	return c ? c : strcmp(a, b);
}

static void test_sorted_vector(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/version-compare/go-semver-sorted.txt");
	char *data, *want[64], *got[64];
	size_t n = 0;

	if (!path)
		return;
	data = unit_read_file(path, NULL);
	CHECK(t, data != NULL);
	for (char *line = data, *nl; data && *line && n < 64; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		else
			*nl = '\0';
		if (*line)
			want[n++] = line;
	}
	CHECK_INT(t, n, 32);
	/* a fixed shuffle: reversed, then rotated */
	for (size_t i = 0; i < n; i++)
		got[i] = want[(n - 1 - i + 7) % n];
	qsort(got, n, sizeof(got[0]), sort_cmp);
	for (size_t i = 0; i < n; i++)
		if (!CHECK(t, strcmp(got[i], want[i]) == 0))
			FAILF(t, "position %zu: got '%s', want '%s'", i, got[i], want[i]);
	free(data);
}

/* The scheme: OSV writes Go versions without "v"; both forms must agree. */
static const struct {
	const char *a, *op, *b;
} scheme_cases[] = {
	{ "1.2.3", "=", "v1.2.3" },
	{ "1.2.3", "<", "1.2.4" },
	{ "0", "<", "0.0.1" },
	{ "0", "=", "v0.0.0" },
	{ "1", "=", "1.0.0" },
	{ "1.2", "=", "v1.2.0" },
	{ "1.10.0", ">", "1.9.9" },
	{ "2.0.0+incompatible", "=", "2.0.0" },
	{ "v2.0.0+incompatible", ">", "1.99.0" },
	{ "3.0.0+incompatible", "<", "3.0.1+incompatible" },
	/* pseudo-versions: vX.0.0-yyyymmddhhmmss-abcdef, vX.Y.(Z+1)-0.yyyy..., vX.Y.Z-pre.0.yyyy... */
	{ "0.0.0-20191109021931-daa7c04131f5", "<", "0.0.0-20200101000000-000000000000" },
	{ "0.0.0-20191109021931-daa7c04131f5", "<", "0.0.1" },
	{ "v1.2.4-0.20191109021931-daa7c04131f5", ">", "v1.2.3" },
	{ "v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4" },
	{ "v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4-pre" },
	{ "v1.2.4-pre.0.20191109021931-daa7c04131f5", ">", "v1.2.4-pre" },
	{ "v1.2.4-pre.0.20191109021931-daa7c04131f5", "<", "v1.2.4-pre.1" },
	{ "1.0.0-alpha", "<", "1.0.0-alpha.1" },
	{ "1.0.0-alpha.1", "<", "1.0.0-alpha.beta" },
	{ "1.0.0-beta.2", "<", "1.0.0-beta.11" },
	{ "1.0.0-rc.1", "<", "1.0.0" },
	{ "99999999999999999999.0.0", ">", "9999999999999999999.0.0" },
	/* invalid: equal to each other, below every valid version */
	{ "1.2.3.4", "=", "bad" },
	{ "01.2.3", "<", "0.0.0" },
	{ "1.2-pre", "<", "0.0.1-a" },
	{ "V1.2.3", "<", "0" },
	{ "", "=", "v" },
};

static void test_scheme(struct unit *t)
{
	const struct cu_version_scheme *s = cu_version_scheme_find("golang");

	CHECK(t, s == &cu_scheme_golang);
	CHECK(t, cu_version_scheme_for_ecosystem(cu_span_str("Go")) == &cu_scheme_golang);
	CHECK_STR(t, cu_scheme_golang.title, "Go modules");
	CHECK(t, cu_scheme_golang.satisfies == NULL);
	for (size_t i = 0; i < CU_ARRAY_SIZE(scheme_cases); i++) {
		struct cu_span a = cu_span_str(scheme_cases[i].a);
		struct cu_span b = cu_span_str(scheme_cases[i].b);
		int want = op_sign(scheme_cases[i].op), c1 = 9, c2 = 9;

		CHECK_INT(t, cu_scheme_golang.compare(a, b, &c1), 0);
		CHECK_INT(t, cu_scheme_golang.compare(b, a, &c2), 0);
		if (!CHECK(t, sign(c1) == want && sign(c2) == -want))
			FAILF(t, "'%s' %s '%s': got %d / %d", scheme_cases[i].a,
			      scheme_cases[i].op, scheme_cases[i].b, c1, c2);
	}
}

static void test_validate(struct unit *t)
{
	const char *good[] = { "1.2.3", "v1.2.3", "0", "v0", "1.2",
			       "0.0.0-20191109021931-daa7c04131f5",
			       "2.0.0+incompatible", "1.0.0-x-y.z+a-b.c" };
	const char *bad[] = { "", "v", "bad", "1.2.3.4", "01.0.0", "1.02.0",
			      "1.2.03", "1.2-pre", "1+meta", "1.2.3-", "1.2.3-a..b",
			      "1.2.3-01", "1.2.3+", "1.2.3+a..b", "1.2.3+a+b",
			      "1.2.3 ", " 1.2.3", "1.2.3-a_b", "vv1.2.3" };

	for (size_t i = 0; i < CU_ARRAY_SIZE(good); i++)
		if (!CHECK(t, cu_scheme_golang.validate(cu_span_str(good[i])) == 0))
			FAILF(t, "'%s' should be valid", good[i]);
	for (size_t i = 0; i < CU_ARRAY_SIZE(bad); i++)
		if (!CHECK(t, cu_scheme_golang.validate(cu_span_str(bad[i])) == CU_EFORMAT))
			FAILF(t, "'%s' should be invalid", bad[i]);
	/* the exact API keeps x/mod/semver's rule: no "v", not valid */
	CHECK(t, !cu_golang_semver_is_valid(cu_span_str("1.2.3")));
	CHECK(t, cu_golang_semver_compare(cu_span_str("1.2.3"), cu_span_str("v0.0.1")) < 0);
}

/* A heap copy of exactly n bytes, so the sanitizers catch reads past it. */
static struct cu_span heap_prefix(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, s, n);
	return cu_span_make(p, p ? n : 0);
}

/* Every prefix in its own allocation: nothing may be read past the span. */
static void test_bounds(struct unit *t)
{
	const char text[] = "v1.2.3-rc.1+build.5";
	int c = 9;

	for (size_t n = 0; n < sizeof(text); n++) {
		struct cu_span v = heap_prefix(text, n), w = heap_prefix(text + 1, n ? n - 1 : 0);

		CHECK_INT(t, cu_scheme_golang.compare(v, w, &c), 0);
		CHECK_INT(t, cu_scheme_golang.compare(v, v, &c), 0);
		CHECK_INT(t, c, 0);
		cu_golang_semver_compare(v, w);
		free((void *)v.ptr);
		free((void *)w.ptr);
	}
	/* "v1.2.3" > "v1.2.3-rc.1"; "v1.2.3-rc" < "v1.2.3-rc.1"; "v1.2.3-rc." is invalid */
	CHECK(t, cu_golang_semver_compare(cu_span_make(text, 6), cu_span_make(text, 11)) > 0);
	CHECK(t, cu_golang_semver_compare(cu_span_make(text, 9), cu_span_make(text, 11)) < 0);
	CHECK(t, cu_golang_semver_compare(cu_span_make(text, 10), cu_span_make(text, 2)) < 0);
	CHECK(t, cu_golang_semver_compare(cu_span_make(text, 13), cu_span_make(text, 11)) == 0);
}

const struct unit_test version_golang_tests[] = {
	{ "version/golang/compare-vectors", test_compare_vectors },
	{ "version/golang/canonical-vectors", test_canonical_vectors },
	{ "version/golang/sorted-vector", test_sorted_vector },
	{ "version/golang/scheme", test_scheme },
	{ "version/golang/validate", test_validate },
	{ "version/golang/bounds", test_bounds },
	{ NULL, NULL },
};
