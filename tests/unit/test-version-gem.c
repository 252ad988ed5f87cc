/*
 * test-version-gem.c - RubyGems ordering and requirements.
 *
 * There are no upstream vectors in shared/; the tables restate what
 * RubyGems documents for Gem::Version and Gem::Requirement and what its own
 * test suite (test_gem_version.rb, test_gem_requirement.rb) asserts.
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
	/* Gem::Version#<=> as in test_gem_version.rb test_spaceship */
	{ "1.0", "=", "1.0.0" },
	{ "1.0", ">", "1.0.a" },
	{ "1.8.2", ">", "0.0.0" },
	{ "1.8.2", ">", "1.8.2.a" },
	{ "1.8.2.b", ">", "1.8.2.a" },
	{ "1.8.2.a", "<", "1.8.2" },
	{ "1.8.2.a10", ">", "1.8.2.a9" },
	{ "", "=", "0" },
	{ "0.beta.1", "=", "0.0.beta.1" },
	{ "0.0.beta", "<", "0.0.beta.1" },
	{ "0.0.beta", "<", "0.beta.1" },
	{ "5.a", "<", "5.0.0.rc2" },
	{ "5.x", ">", "5.0.0.rc2" },
	/* trailing zeros, numbers of any length, leading zeros */
	{ "1", "=", "1.0.0.0" },
	{ "1.0.0.1", ">", "1" },
	{ "1.0.a", "=", "1.a" },
	{ "1.a.0", "=", "1.a" },
	{ "1.a.0.1", ">", "1.a" },
	{ "1.01", "=", "1.1" },
	{ "1.10", ">", "1.9" },
	{ "3.2.22.5", "<", "3.2.23" },
	{ "99999999999999999999999", "<", "100000000000000000000000" },
	{ "12345678901234567890.1", "=", "00012345678901234567890.1.0" },
	/* prereleases: any letter, and '-' which reads as ".pre." */
	{ "1.0.0.rc1", "<", "1.0.0" },
	{ "1.0.0.rc1", "<", "1.0.0.rc2" },
	{ "1.0.0.rc10", ">", "1.0.0.rc2" },
	{ "1.0.0.alpha", "<", "1.0.0.beta" },
	{ "1.0.0.beta", "<", "1.0.0.rc" },
	{ "1.0.0-rc1", "=", "1.0.0.pre.rc1" },
	{ "1.0.0-1", "<", "1.0.0" },
	{ "1.0.0-1", "=", "1.0.0.pre.1" },
	{ "2.0.0.pre", "<", "2.0.0.rc" },
	{ "1.0.0b1", "=", "1.0.0.b.1" },
	{ "1.0.0.RC1", "<", "1.0.0.rc1" },	/* bytewise: "RC" < "rc" */
	{ "1.0.0.a", ">", "1.0.0.Z" },
	{ "1.0.0.a", "<", "1.0.0.aa" },
	{ "1.0.0.a.1", "<", "1.0.0.a.2" },
	{ "1.0.0.a", "<", "1.0.0.a.1" },
	{ "1.1.a", ">", "1.0" },
	{ "1.1.a", "<", "1.1" },
	{ "6.0.3.1", ">", "6.0.3" },
	{ "7.0.0.alpha2", "<", "7.0.0.beta1" },
	{ " 1.2.3 ", "=", "1.2.3" },
	{ "\t1.2.3\n", "=", "1.2.3" },
};

static void test_order(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(order_cases); i++) {
		struct cu_span a = cu_span_str(order_cases[i].a);
		struct cu_span b = cu_span_str(order_cases[i].b);
		int want = op_sign(order_cases[i].op), c1 = 9, c2 = 9;
		int e1 = cu_scheme_gem.compare(a, b, &c1), e2 = cu_scheme_gem.compare(b, a, &c2);

		if (!CHECK(t, e1 == 0 && e2 == 0 && sign(c1) == want && sign(c2) == -want))
			FAILF(t, "'%s' %s '%s': got %d / %d (err %d %d)", order_cases[i].a,
			      order_cases[i].op, order_cases[i].b, c1, c2, e1, e2);
	}
}

/* A sorted list: every pair i < j must compare below. */
static void test_sorted_list(struct unit *t)
{
	static const char *const sorted[] = {
		"0.0.1.a", "0.0.1", "0.1.a", "0.1", "1.0.0.a", "1.0.0.a.1",
		"1.0.0.alpha", "1.0.0.b", "1.0.0.beta.2", "1.0.0.beta.10",
		"1.0.0.pre", "1.0.0.rc1", "1.0.0", "1.0.0.1", "1.0.1", "1.1.pre",
		"1.1", "1.2.3", "1.10", "2", "10.0.0.pre.1", "10",
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(sorted); i++)
		for (size_t j = i; j < CU_ARRAY_SIZE(sorted); j++) {
			int c = 9, want = i == j ? 0 : -1;

			cu_scheme_gem.compare(cu_span_str(sorted[i]), cu_span_str(sorted[j]), &c);
			if (!CHECK(t, sign(c) == want))
				FAILF(t, "'%s' vs '%s': got %d, want %d", sorted[i],
				      sorted[j], c, want);
		}
}

static void test_validate(struct unit *t)
{
	static const char *const good[] = {
		"1.0", "1.0 ", " 1.0 ", "1.0\n", "\n1.0\n", "", "  ", "0",
		"1.0.a", "1.0-1", "1.0-rc.1", "1.0-a-b.c", "1.0--", "5.2.4.a10",
		"1.0.0b1", "20240101", "1.a",
	};
	static const char *const bad[] = {
		"junk", "1.0\n2.0", "1..2", "1.2\\ 3.4", "1.2 3.4", "1.0-", "1.",
		".1", "1a", "-1", "1 .0", "v1.0", "1.0+build", "1.0_1", "1.0-rc..1",
		"2.3422222.222.222222222.22222.ads0as.dasd0.ddd2222.2.qd3e.",
		"1.0-rc.", "=1.0",
	};
	int c;

	for (size_t i = 0; i < CU_ARRAY_SIZE(good); i++)
		if (!CHECK(t, cu_scheme_gem.validate(cu_span_str(good[i])) == 0))
			FAILF(t, "'%s' should be valid", good[i]);
	for (size_t i = 0; i < CU_ARRAY_SIZE(bad); i++) {
		if (!CHECK(t, cu_scheme_gem.validate(cu_span_str(bad[i])) == CU_EFORMAT))
			FAILF(t, "'%s' should be malformed", bad[i]);
		CHECK_INT(t, cu_scheme_gem.compare(cu_span_str(bad[i]), cu_span_str("1"), &c),
			  CU_EFORMAT);
	}
}

static const struct {
	const char *req, *version;
	int want;	/* 1 satisfied, 0 not, -1 CU_EFORMAT */
} req_cases[] = {
	{ "= 1.0", "1.0", 1 },
	{ "= 1.0", "1", 1 },
	{ "= 1.0", "1.0.0", 1 },
	{ "= 1.0", "1.0.1", 0 },
	{ "1.0", "1.0.0", 1 },	/* no operator means "=" */
	{ "!= 1.2", "1.2", 0 },
	{ "!= 1.2", "1.3", 1 },
	{ "> 1.0", "1.0.1", 1 },
	{ "> 1.0", "1.0", 0 },
	{ "> 1.0.a", "1.0", 1 },
	{ "< 1.0", "1.0.a", 1 },
	{ "< 1.0", "0.9", 1 },
	{ "< 1.0", "1.0", 0 },
	{ ">= 1.0", "1.0", 1 },
	{ ">= 1.0", "1.0.rc1", 0 },
	{ "<= 1.0", "1.0.0", 1 },
	{ "<= 1.0", "1.0.1", 0 },
	{ ">=1.0", "2", 1 },
	{ "  >=   1.0  ", "2", 1 },
	/* pessimistic: >= X and release < X.bump */
	{ "~> 1.4", "1.4", 1 },
	{ "~> 1.4", "1.9.9", 1 },
	{ "~> 1.4", "2.0", 0 },
	{ "~> 1.4", "1.3.9", 0 },
	{ "~> 1.4.4", "1.4.4", 1 },
	{ "~> 1.4.4", "1.4.99", 1 },
	{ "~> 1.4.4", "1.5.0", 0 },
	{ "~> 1.4.4", "1.5.0.a", 0 },
	{ "~> 1", "1.9", 1 },
	{ "~> 1", "2.0", 0 },
	{ "~> 0.1.0", "0.1.1", 1 },
	{ "~> 0.1.0", "0.2.0", 0 },
	{ "~> 0.0.1", "0.0.2", 1 },
	{ "~> 0.0.1", "0.1", 0 },
	{ "~> 1.0", "1.1.pre", 1 },	/* release 1.1 < 2 */
	{ "~> 1.0.0", "1.0.1.pre", 1 },
	{ "~> 2.0.0", "2.0.0.pre1", 0 },	/* below 2.0.0 */
	{ "~> 1.4.a", "1.4.a", 1 },
	{ "~> 1.4.a", "1.9", 1 },
	{ "~> 1.4.a", "2.0", 0 },
	{ "~> 5.2.4.a10", "5.2.9", 1 },
	{ "~> 5.2.4.a10", "5.3", 0 },
	{ "~> 1.9", "1.99", 1 },
	{ "~> 9.9", "10.0", 0 },
	{ "~> 9.9", "9.99999", 1 },
	{ "~> 1.99", "1.100", 1 },	/* bump(1.99) = 2 */
	{ "~> 0", "0.9", 1 },
	{ "~> 0", "1", 0 },
	{ "~> 1.0-rc1", "1.1", 1 },
	/* lists are ANDed, as Gem::Requirement.new(">= 1.0", "< 2") */
	{ ">= 1.0, < 2", "1.5", 1 },
	{ ">= 1.0, < 2", "2.0", 0 },
	{ ">= 1.0, < 2", "0.9", 0 },
	{ "~> 4.2, >= 4.2.11.1", "4.2.11.1", 1 },
	{ "~> 4.2, >= 4.2.11.1", "4.2.11", 0 },
	{ ">= 5.0, != 5.1.3, < 6", "5.1.3", 0 },
	{ ">= 5.0, != 5.1.3, < 6", "5.1.4", 1 },
	/* malformed */
	{ "", "1.0", -1 },
	{ ">= 1.0,", "1.0", -1 },
	{ "=> 1.0", "1.0", -1 },
	{ "~ 1.0", "1.0", -1 },
	{ ">= junk", "1.0", -1 },
	{ "< 2, bogus", "3.0", -1 },	/* refused even though "< 2" already fails */
	{ ">= 1.0", "1..0", -1 },
};

static void test_satisfies(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(req_cases); i++) {
		bool in = false;
		int err = cu_scheme_gem.satisfies(cu_span_str(req_cases[i].version),
						  cu_span_str(req_cases[i].req), &in);
		int got = err == CU_EFORMAT ? -1 : err ? -2 : in;

		if (!CHECK(t, got == req_cases[i].want))
			FAILF(t, "'%s' satisfies '%s': got %d, want %d", req_cases[i].version,
			      req_cases[i].req, got, req_cases[i].want);
	}
}

static void test_scheme(struct unit *t)
{
	CHECK(t, cu_version_scheme_find("gem") == &cu_scheme_gem);
	CHECK(t, cu_version_scheme_for_ecosystem(cu_span_str("RubyGems")) == &cu_scheme_gem);
	CHECK_STR(t, cu_scheme_gem.title, "RubyGems");
	CHECK(t, cu_scheme_gem.satisfies != NULL);
}

/* A heap copy of exactly n bytes, so the sanitizers catch reads past it. */
static struct cu_span heap_prefix(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, s, n);
	return cu_span_make(p, p ? n : 0);
}

/* Every prefix of a version and a requirement, each in its own allocation. */
static void test_bounds(struct unit *t)
{
	const char text[] = "1.20.0.rc-pre.30";
	const char req[] = "~> 1.20.0, != 1.20.0.rc-pre.3";
	int c = 0;

	for (size_t n = 0; n < sizeof(text); n++) {
		struct cu_span v = heap_prefix(text, n);
		bool in;

		if (cu_scheme_gem.validate(v) == 0) {
			CHECK_INT(t, cu_scheme_gem.compare(v, v, &c), 0);
			CHECK_INT(t, c, 0);
		}
		for (size_t m = 0; m < sizeof(req); m++) {
			struct cu_span r = heap_prefix(req, m);

			cu_scheme_gem.satisfies(v, r, &in);
			free((void *)r.ptr);
		}
		free((void *)v.ptr);
	}
	/* "1.20.0.rc-pre.3" (a prefix) is below "1.20.0.rc-pre.30" */
	CHECK_INT(t, cu_scheme_gem.compare(cu_span_make(text, 15), cu_span_make(text, 16), &c), 0);
	CHECK(t, c < 0);
}

const struct unit_test version_gem_tests[] = {
	{ "version/gem/order", test_order },
	{ "version/gem/sorted-list", test_sorted_list },
	{ "version/gem/validate", test_validate },
	{ "version/gem/satisfies", test_satisfies },
	{ "version/gem/scheme", test_scheme },
	{ "version/gem/bounds", test_bounds },
	{ NULL, NULL },
};
