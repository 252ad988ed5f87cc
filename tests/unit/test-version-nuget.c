/*
 * test-version-nuget.c - NuGet ordering and version ranges.
 *
 * There are no upstream vectors in shared/; the tables restate the NuGet
 * documentation ("Package versioning": normalization, prerelease order,
 * version ranges) and NuGet.Versioning's parsing rules.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/version.h"

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static int op_sign(const char *op)
{
	return op[0] == '<' ? -1 : op[0] == '>' ? 1 : 0;
}

static const struct {
	const char *a, *op, *b;
} order_cases[] = {
	/* normalization: missing parts are zero, leading zeros do not count */
	{ "1.0", "=", "1.0.0" },
	{ "1.0", "=", "1.0.0.0" },
	{ "1", "=", "1.0.0.0" },
	{ "01.002.0003", "=", "1.2.3" },
	{ "1.0.0.1", ">", "1.0.0" },
	{ "1.0.0.1-beta", ">", "1.0.0" },
	{ "1.2.3.4", "<", "1.2.3.10" },
	{ "2147483647.0", ">", "2147483646.9.9.9" },
	{ " 1.2 . 3", "=", "1.2.3" },	/* System.Version allows blanks in components */
	/* SemVer 2.0.0 precedence example */
	{ "1.0.0-alpha", "<", "1.0.0-alpha.1" },
	{ "1.0.0-alpha.1", "<", "1.0.0-alpha.beta" },
	{ "1.0.0-alpha.beta", "<", "1.0.0-beta" },
	{ "1.0.0-beta", "<", "1.0.0-beta.2" },
	{ "1.0.0-beta.2", "<", "1.0.0-beta.11" },
	{ "1.0.0-beta.11", "<", "1.0.0-rc.1" },
	{ "1.0.0-rc.1", "<", "1.0.0" },
	/* labels are case-insensitive; build metadata is ignored */
	{ "1.0.0-BETA", "=", "1.0.0-beta" },
	{ "1.0.0-Beta.2", "=", "1.0.0-bETA.2" },
	{ "1.0.0+abc", "=", "1.0.0+def" },
	{ "1.0.0+abc", "=", "1.0.0" },
	{ "1.0.0-rc.1+build.5", "=", "1.0.0-rc.1" },
	{ "1.0.0+01.a-b", "=", "1.0" },
	/* numeric labels before words; legacy labels compare as words */
	{ "1.0.0-1", "<", "1.0.0-a" },
	{ "1.0.0-rc10", "<", "1.0.0-rc2" },
	{ "1.0.0-rc.10", ">", "1.0.0-rc.2" },
	{ "1.0.0-2147483647", "<", "1.0.0-A" },
	{ "1.0.0-2147483648", ">", "1.0.0-2147483647" },	/* not an int: a word */
	{ "1.0.0-2147483648", "<", "1.0.0-A" },		/* '2' < 'A' */
	{ "1.0.0--1", "<", "1.0.0-0" },			/* int.TryParse("-1") */
	{ "1.0.0-a-b", ">", "1.0.0-a" },
	{ "1.0.0-a.b", ">", "1.0.0-a" },
	{ "1.0.0-a", "<", "1.0.0-b" },
	{ "1.0.0-z", "<", "1.0.0-Z1" },
	{ "1.0.0-prerelease", "<", "1.0.0" },
	{ "1.0.0-prerelease", ">", "0.9.9" },
	{ "4.5.0-preview1-26216-02", "<", "4.5.0" },
	{ "6.0.0-rc.2.21480.5", ">", "6.0.0-rc.1.21451.13" },
	{ "  1.0  ", "=", "1.0.0" },
};

static void test_order(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(order_cases); i++) {
		struct cu_span a = cu_span_str(order_cases[i].a);
		struct cu_span b = cu_span_str(order_cases[i].b);
		int want = op_sign(order_cases[i].op), c1 = 9, c2 = 9;
		int e1 = cu_scheme_nuget.compare(a, b, &c1), e2 = cu_scheme_nuget.compare(b, a, &c2);

		if (!CHECK(t, e1 == 0 && e2 == 0 && sign(c1) == want && sign(c2) == -want))
			FAILF(t, "'%s' %s '%s': got %d / %d (err %d %d)", order_cases[i].a,
			      order_cases[i].op, order_cases[i].b, c1, c2, e1, e2);
	}
}

/* For messages: cu_span_str() accepts NULL, so the compiler fears a NULL here. */
static const char *show(const char *s)
{
	return s ? s : "(null)";
}

static void test_validate(struct unit *t)
{
	static const char *const good[] = {
		"1", "1.0", "1.0.0", "1.0.0.0", "1.0.0-beta", "1.0.0-beta.1",
		"1.0.0-beta-1", "1.0.0+build", "1.0.0-rc.1+build.01", "1.0.0-0",
		"1.0.0-0a", "1.0.0--", "2147483647.2147483647.2147483647.2147483647",
		" 1.0 ", "1.0+a-b",
	};
	static const char *const bad[] = {
		"", " ", "v1.0", "1.0.0.0.0", "1.", ".1", "1..0", "a.b", "1.0-",
		"1.0+", "1.0-+a", "1.0-a+", "1.0-a..b", "1.0-01", "1.0-a.01",
		"1.0-a_b", "1.0+a+b", "1.0+a..b", "2147483648.0", "-1.0", "1.-1",
		"1.0-β", "1.0.0-beta.", "1.0 0", "+1.0",
	};
	int c;

	for (size_t i = 0; i < CU_ARRAY_SIZE(good); i++)
		if (!CHECK(t, cu_scheme_nuget.validate(cu_span_str(good[i])) == 0))
			FAILF(t, "'%s' should be valid", show(good[i]));
	for (size_t i = 0; i < CU_ARRAY_SIZE(bad); i++) {
		if (!CHECK(t, cu_scheme_nuget.validate(cu_span_str(bad[i])) == CU_EFORMAT))
			FAILF(t, "'%s' should be invalid", show(bad[i]));
		CHECK_INT(t, cu_scheme_nuget.compare(cu_span_str("1.0"), cu_span_str(bad[i]), &c),
			  CU_EFORMAT);
	}
}

static const struct {
	const char *range, *version;
	int want;	/* 1 in, 0 out, -1 CU_EFORMAT, -2 CU_EUNSUPPORTED */
} range_cases[] = {
	/* the table in "Version ranges" */
	{ "1.0", "1.0", 1 },
	{ "1.0", "0.9", 0 },
	{ "1.0", "99.0", 1 },
	{ "(1.0,)", "1.0", 0 },
	{ "(1.0,)", "1.0.1", 1 },
	{ "[1.0]", "1.0.0.0", 1 },
	{ "[1.0]", "1.0.1", 0 },
	{ "(,1.0]", "1.0", 1 },
	{ "(,1.0]", "1.0.0.1", 0 },
	{ "(,1.0)", "1.0", 0 },
	{ "(,1.0)", "1.0-rc", 1 },
	{ "[1.0,2.0]", "2.0", 1 },
	{ "[1.0,2.0]", "2.0.1", 0 },
	{ "(1.0,2.0)", "1.0", 0 },
	{ "(1.0,2.0)", "1.5", 1 },
	{ "(1.0,2.0)", "2.0", 0 },
	{ "[1.0,2.0)", "1.0", 1 },
	{ "[1.0,2.0)", "2.0-beta", 1 },
	{ "[1.0,2.0)", "2.0", 0 },
	{ "(1.0)", "1.0", -1 },
	/* spacing, empty and odd intervals, metadata */
	{ " [1.0.0 , 2.0.0) ", "1.5.0", 1 },
	{ "[1.0.0+meta, 2.0.0)", "1.0.0", 1 },
	{ "[1.0.0, 2.0.0)", "1.0.0+other", 1 },
	{ "(1.0.0, 1.0.0)", "1.0.0", 0 },	/* accepted, but empty */
	{ "( , )", "5.0", 1 },			/* blank bounds: unbounded */
	{ "[1.0.0-beta, 1.0.0]", "1.0.0-BETA", 1 },
	{ "[1.0.0-beta, 1.0.0]", "1.0.0-alpha", 0 },
	/* refused */
	{ "", "1.0", -1 },
	{ "()", "1.0", -1 },
	{ "(,)", "1.0", -1 },
	{ "[,]", "1.0", -1 },
	{ "[1.0)", "1.0", -1 },
	{ "[1.0,1.0)", "1.0", -1 },
	{ "(1.0,1.0]", "1.0", -1 },
	{ "[2.0,1.0]", "1.0", -1 },
	{ "[1.0,2.0,3.0]", "1.0", -1 },
	{ "[1.0,2.0", "1.0", -1 },
	{ "1.0,2.0]", "1.0", -1 },
	{ "[junk,2.0]", "1.0", -1 },
	{ "[1.0,2.0]", "junk", -1 },
	{ "[1.0,2.*)", "1.0", -1 },
	{ "1.*", "1.0", -2 },
	{ "*", "1.0", -2 },
	{ "[1.0.0-*,2.0)", "1.0", -2 },
};

static void test_satisfies(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(range_cases); i++) {
		bool in = false;
		int err = cu_scheme_nuget.satisfies(cu_span_str(range_cases[i].version),
						    cu_span_str(range_cases[i].range), &in);
		int got = err == CU_EFORMAT ? -1 : err == CU_EUNSUPPORTED ? -2 : err ? -3 : in;

		if (!CHECK(t, got == range_cases[i].want))
			FAILF(t, "'%s' in '%s': got %d, want %d", range_cases[i].version,
			      range_cases[i].range, got, range_cases[i].want);
	}
}

static void test_scheme(struct unit *t)
{
	CHECK(t, cu_version_scheme_find("nuget") == &cu_scheme_nuget);
	CHECK(t, cu_version_scheme_for_ecosystem(cu_span_str("NuGet")) == &cu_scheme_nuget);
	CHECK_STR(t, cu_scheme_nuget.title, "NuGet");
}

/* A heap copy of exactly n bytes, so the sanitizers catch reads past it. */
static struct cu_span heap_prefix(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, s, n);
	return cu_span_make(p, p ? n : 0);
}

/* Every prefix of a version and a range, each in its own allocation. */
static void test_bounds(struct unit *t)
{
	const char text[] = "1.2.3.4-rc.1-x+meta.01";
	const char range[] = "[1.2.3.4-rc.1, 1.2.3.5)";

	for (size_t n = 0; n < sizeof(text); n++) {
		struct cu_span v = heap_prefix(text, n);
		bool in;
		int c = 9;

		if (cu_scheme_nuget.validate(v) == 0) {
			CHECK_INT(t, cu_scheme_nuget.compare(v, v, &c), 0);
			CHECK_INT(t, c, 0);
		}
		for (size_t m = 0; m < sizeof(range); m++) {
			struct cu_span r = heap_prefix(range, m);

			cu_scheme_nuget.satisfies(v, r, &in);
			free((void *)r.ptr);
		}
		free((void *)v.ptr);
	}
}

const struct unit_test version_nuget_tests[] = {
	{ "version/nuget/order", test_order },
	{ "version/nuget/validate", test_validate },
	{ "version/nuget/satisfies", test_satisfies },
	{ "version/nuget/scheme", test_scheme },
	{ "version/nuget/bounds", test_bounds },
	{ NULL, NULL },
};
