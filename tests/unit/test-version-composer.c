/*
 * test-version-composer.c - Composer normalisation, ordering and constraints.
 *
 * There are no upstream vectors in shared/; the tables restate Composer's
 * documentation (getcomposer.org "Versions and constraints") and what
 * composer/semver's VersionParserTest and ComparatorTest assert.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/composer.h"
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
	const char *in, *out;	/* out NULL: refused */
} norm_cases[] = {
	{ "1.0.0", "1.0.0.0" },
	{ "1.2.3.4", "1.2.3.4" },
	{ "1.0.0RC1dev", "1.0.0.0-RC1-dev" },
	{ "1.0.0-rC15-dev", "1.0.0.0-RC15-dev" },
	{ "1.0.0.RC.15-dev", "1.0.0.0-RC15-dev" },
	{ "1.0.0-rc1", "1.0.0.0-RC1" },
	{ "1.0.0.pl3-dev", "1.0.0.0-patch3-dev" },
	{ "1.0-dev", "1.0.0.0-dev" },
	{ "0", "0.0.0.0" },
	{ "10.4.13-beta", "10.4.13.0-beta" },
	{ "10.4.13beta2", "10.4.13.0-beta2" },
	{ "10.4.13-beta.2", "10.4.13.0-beta2" },
	{ "1.0.0-beta.2.3", "1.0.0.0-beta2.3" },
	{ "10.4.13-b", "10.4.13.0-beta" },
	{ "10.4.13-b5", "10.4.13.0-beta5" },
	{ "1.0.0-a1", "1.0.0.0-alpha1" },
	{ "1.0p1", "1.0.0.0-patch1" },
	{ "1.0_beta1", "1.0.0.0-beta1" },
	{ "v1.0.0", "1.0.0.0" },
	{ "V1.0.0", "1.0.0.0" },
	{ "2010.01", "2010.01.0.0" },
	{ "2010.01.02", "2010.01.02.0" },
	{ "2010.1.555", "2010.1.555.0" },
	{ "2010.10.200", "2010.10.200.0" },
	{ "v20100102", "20100102" },
	{ "2010-01-02", "2010.01.02" },
	{ "2010-01-02.5", "2010.01.02.5" },
	{ "20100102-203040", "20100102.203040" },
	{ "20100102203040-10", "20100102203040.10" },
	{ "20100102-203040-p1", "20100102.203040-patch1" },
	{ "201903.0", "201903.0" },
	{ "201903.0-p2", "201903.0-patch2" },
	{ "20100102.x-dev", "20100102.9999999.9999999.9999999-dev" },
	{ "20100102.203040.x-dev", "20100102.203040.9999999.9999999-dev" },
	{ "201903.x-dev", "201903.9999999.9999999.9999999-dev" },
	{ "dev-master", "dev-master" },
	{ "master", "dev-master" },
	{ "dev-trunk", "dev-trunk" },
	{ "1.x-dev", "1.9999999.9999999.9999999-dev" },
	{ "1.2.x-dev", "1.2.9999999.9999999-dev" },
	{ "2.1.*-dev", "2.1.9999999.9999999-dev" },
	{ "dev-feature-foo", "dev-feature-foo" },
	{ "DEV-FOOBAR", "dev-FOOBAR" },
	{ "dev-feature/foo", "dev-feature/foo" },
	{ "dev-feature+issue-1", "dev-feature+issue-1" },
	{ "dev-master as 1.0.0", "dev-master" },
	{ "dev-load-varnish-only-when-used as ^2.0", "dev-load-varnish-only-when-used" },
	{ "dev-load-varnish-only-when-used@dev as ^2.0@dev", "dev-load-varnish-only-when-used" },
	{ "1.0.0+foo@dev", "1.0.0.0" },
	{ "dev-load-varnish-only-when-used@stable", "dev-load-varnish-only-when-used" },
	{ "1.0.0-beta.5+foo", "1.0.0.0-beta5" },
	{ "1.0.0+foo", "1.0.0.0" },
	{ "1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1" },
	{ "1.0.0-alpha2.1+foo", "1.0.0.0-alpha2.1" },
	{ "1.0.0-alpha-2.1-3+foo", "1.0.0.0-alpha2.1-3" },
	{ "1.0.0+foo as 2.0", "1.0.0.0" },
	{ "00.01.03.04", "00.01.03.04" },
	{ "000.001.003.004", "000.001.003.004" },
	{ "0.000.103.204", "0.000.103.204" },
	{ "0700", "0700.0.0.0" },
	{ "041.x-dev", "041.9999999.9999999.9999999-dev" },
	{ "dev-041.003", "dev-041.003" },
	{ "dev-1.0.0-dev<1.0.5-dev", "dev-1.0.0-dev<1.0.5-dev" },
	{ "dev-foo bar", "dev-foo bar" },
	{ " 1.0.0", "1.0.0.0" },
	{ "1.0.0 ", "1.0.0.0" },
	{ "1.0-stable", "1.0.0.0" },
	{ "1.0-STABLE", "1.0.0.0-stable" },	/* 'stable' is only dropped in lowercase */
	{ "123456.1", "123456.1" },	/* too long for a major number, a date */
	{ "1.0.0-", "1.0.0.0" },		/* the separator alone is a modifier */
	/* refused */
	{ "", NULL }, { "a", NULL }, { "1.0.0-meh", NULL }, { "1.0.0.0.0", NULL },
	{ "feature-foo", NULL }, { "1.0.0+foo bar", NULL }, { "1.0.1-SNAPSHOT", NULL },
	{ "1.0.0<1.0.5-dev", NULL }, { "1.0.0-dev<1.0.5-dev", NULL },
	{ "foo bar-dev", NULL }, { "1.0 .2", NULL }, { " as ", NULL },
	{ " as 1.2", NULL }, { "^", NULL }, { "~1", NULL }, { "^1", NULL },
	{ "1.*", NULL }, { "20100102.0.3.4", NULL }, { "20100102.1.0", NULL },
	{ "1.0-pre", NULL }, { "1.0.0.0-beta_1", NULL },
};

static void test_normalize(struct unit *t)
{
	struct cu_buf b = CU_BUF_INIT;

	for (size_t i = 0; i < CU_ARRAY_SIZE(norm_cases); i++) {
		const char *want = norm_cases[i].out;
		int err;

		cu_buf_reset(&b);
		err = cu_composer_normalize(cu_span_str(norm_cases[i].in), &b);
		if (!CHECK(t, want ? err == 0 && strcmp(cu_buf_str(&b), want) == 0
				   : err == CU_EFORMAT))
			FAILF(t, "normalize('%s') = %d '%s', want '%s'", norm_cases[i].in, err,
			      cu_buf_str(&b), want ? want : "(refused)");
		CHECK_INT(t, cu_scheme_composer.validate(cu_span_str(norm_cases[i].in)),
			  want ? 0 : CU_EFORMAT);
	}
	cu_buf_release(&b);
}

static const struct {
	const char *a, *op, *b;
} order_cases[] = {
	/* Comparator tests and the stability order */
	{ "1.25.0", ">", "1.24.0" },
	{ "1.25.0", "=", "1.25.0" },
	{ "1.25.0", "<", "1.26.0" },
	{ "1.0", "=", "1.0.0.0" },
	{ "v1.0", "=", "1.0.0" },
	{ "1.10", ">", "1.9" },
	{ "1.0.0-dev", "<", "1.0.0-alpha1" },
	{ "1.0.0-alpha1", "=", "1.0.0-a1" },
	{ "1.0.0-alpha1", "<", "1.0.0-alpha2" },
	{ "1.0.0-alpha2", "<", "1.0.0-beta1" },
	{ "1.0.0-beta1", "=", "1.0.0-b1" },
	{ "1.0.0-beta1", "<", "1.0.0-RC1" },
	{ "1.0.0-RC1", "=", "1.0.0-rc1" },
	{ "1.0.0-rc2", "<", "1.0.0-RC10" },
	{ "1.0.0-RC1", "<", "1.0.0" },
	{ "1.0.0", "<", "1.0.0-patch1" },
	{ "1.0.0-pl1", "=", "1.0.0-p1" },
	{ "1.0.0-patch1", "<", "1.0.1" },
	{ "1.0.0-alpha1-dev", "<", "1.0.0-alpha1" },
	{ "1.0.0-beta", "<", "1.0.0-beta1" },
	{ "1.0.0.1", ">", "1.0.0" },
	{ "1.0.0-beta.2", "=", "1.0.0-beta2" },
	{ "1.0.0+build.5", "=", "1.0.0" },
	{ "2010-01-02", ">", "2010.01.01" },
	{ "20100102", "<", "20100103" },
	{ "1.99999999999999999999", "=", "1.99999999999999999998" },	/* strtol saturates */
	{ "1.9223372036854775806", "<", "1.9223372036854775807" },
	/* branches */
	{ "1.x-dev", ">", "1.99.99" },
	{ "1.x-dev", "<", "2.0.0-alpha1" },
	{ "dev-master", ">", "99.0" },
	{ "master", "=", "dev-master" },
	{ "dev-trunk", "=", "9999999-dev" },
	{ "dev-foo", "<", "0.0.1" },
	{ "dev-foo", "<", "1.0.0-dev" },
	{ "dev-a", "<", "dev-b" },
	{ "dev-foo", "=", "dev-foo" },
	{ "dev-foo", "=", "DEV-foo" },
};

static void test_order(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(order_cases); i++) {
		struct cu_span a = cu_span_str(order_cases[i].a);
		struct cu_span b = cu_span_str(order_cases[i].b);
		int want = op_sign(order_cases[i].op), c1 = 9, c2 = 9;
		int e1 = cu_scheme_composer.compare(a, b, &c1);
		int e2 = cu_scheme_composer.compare(b, a, &c2);

		if (!CHECK(t, e1 == 0 && e2 == 0 && sign(c1) == want && sign(c2) == -want))
			FAILF(t, "'%s' %s '%s': got %d / %d (err %d %d)", order_cases[i].a,
			      order_cases[i].op, order_cases[i].b, c1, c2, e1, e2);
	}
}

static const struct {
	const char *range, *version;
	int want;	/* 1 in, 0 out, -1 CU_EFORMAT */
} constraint_cases[] = {
	/* caret: the left-most non-zero part is fixed */
	{ "^1.2.3", "1.2.3", 1 },
	{ "^1.2.3", "1.9.9", 1 },
	{ "^1.2.3", "1.2.3-RC1", 1 },	/* >= 1.2.3.0-dev */
	{ "^1.2.3", "1.2.2", 0 },
	{ "^1.2.3", "2.0.0-beta1", 0 },	/* < 2.0.0.0-dev */
	{ "^1.2.3", "2.0.0", 0 },
	{ "^0.3", "0.3.9", 1 },
	{ "^0.3", "0.4.0", 0 },
	{ "^0.0.3", "0.0.3", 1 },
	{ "^0.0.3", "0.0.4", 0 },
	{ "^1.2.3-beta", "1.2.3-alpha", 0 },	/* a stability: no -dev on the low end */
	{ "^1.2.3-beta", "1.2.3-beta", 1 },
	/* tilde: the last given part may grow */
	{ "~1.2", "1.2.0", 1 },
	{ "~1.2", "1.9", 1 },
	{ "~1.2", "2.0", 0 },
	{ "~1.2.3", "1.2.9", 1 },
	{ "~1.2.3", "1.3.0", 0 },
	{ "~1", "1.9.9", 1 },
	{ "~1", "2.0.0", 0 },
	{ "~1.2-beta", "1.2.0-alpha", 0 },
	{ "~1.2-beta", "1.2.0-beta", 1 },
	{ "~>1.2", "1.2", -1 },
	/* wildcards */
	{ "1.2.*", "1.2.0", 1 },
	{ "1.2.*", "1.2.99", 1 },
	{ "1.2.*", "1.2.0-beta", 1 },
	{ "1.2.*", "1.3.0", 0 },
	{ "1.*", "1.99", 1 },
	{ "1.*", "2.0", 0 },
	{ "0.*", "0.0.0-dev", 1 },	/* only "< 1.0.0.0-dev" */
	{ "*", "1.0.0", 1 },
	{ "*", "dev-master", 1 },
	{ "x", "5.0", 1 },
	{ "*.*", "dev-master", 0 },	/* >= 0.0.0.0-dev */
	{ "*.*", "0.0.1", 1 },
	/* hyphen ranges */
	{ "1.0 - 2.0", "1.0.0", 1 },
	{ "1.0 - 2.0", "2.0.9", 1 },	/* partial "to": < 2.1.0.0-dev */
	{ "1.0 - 2.0", "2.1.0", 0 },
	{ "1.0.0 - 2.1.0", "2.1.0", 1 },	/* complete "to": <= 2.1.0.0 */
	{ "1.0.0 - 2.1.0", "2.1.1", 0 },
	{ "1.0 - 2", "2.9", 1 },
	{ "1.0 - 2", "3.0", 0 },
	/* operators */
	{ ">=1.0", "1.0.0", 1 },
	{ ">=1.0", "1.0.0-beta", 1 },	/* >= 1.0.0.0-dev */
	{ ">=1.0", "0.9", 0 },
	{ ">1.0", "1.0.0", 0 },
	{ ">1.0", "1.0.1", 1 },
	{ "<1.0", "0.9.9", 1 },
	{ "<1.0", "1.0.0-RC1", 0 },	/* < 1.0.0.0-dev */
	{ "<=1.0", "1.0.0", 1 },
	{ "<=1.0", "1.0.0-RC1", 1 },
	{ "!=1.0", "1.0.0", 0 },
	{ "!=1.0", "1.0.1", 1 },
	{ "<>1.0", "1.0.0", 0 },
	{ "==1.0", "1.0.0.0", 1 },
	{ "=1.0", "1.0.0", 1 },
	{ "1.0", "1.0.0", 1 },
	{ "1.0", "1.0.1", 0 },
	{ "< 1.2.3-beta", "1.2.3-alpha", 1 },
	{ "< 1.2.3-beta", "1.2.3-beta", 0 },
	{ ">= 1.0@dev", "1.0.0-dev", 1 },
	{ ">=1.0@beta", "1.0.0-alpha", 0 },	/* >= 1.0.0.0-beta */
	{ ">=1.0@beta", "1.0.0-beta", 1 },
	{ ">= 1.0@beta", "1.0.0-alpha", 1 },	/* with a blank the flag regex misses */
	{ "1.0@dev", "1.0.0", 1 },
	/* AND with ',' or ' ', OR with '||' or '|' (FriendsOfPHP advisories) */
	{ ">=1.0,<1.2.3|>=2.0,<2.0.5", "1.1", 1 },
	{ ">=1.0,<1.2.3|>=2.0,<2.0.5", "1.2.3", 0 },
	{ ">=1.0,<1.2.3|>=2.0,<2.0.5", "2.0.4", 1 },
	{ ">=1.0,<1.2.3|>=2.0,<2.0.5", "1.5", 0 },
	{ ">=1.0 <1.2.3 || >=2.0 <2.0.5", "2.0.5", 0 },
	{ ">= 1.0 , < 2.0", "1.5", 1 },
	{ ">= 1.0, < 2.0", "2.0", 0 },
	{ "^1.0 || ^2.0", "2.5", 1 },
	{ "^1.0 || ^2.0", "3.0", 0 },
	{ "1.0 - 2.0 || 3.0", "3.0.0", 1 },
	{ "~1.2 !=1.2.5", "1.2.5", 0 },
	{ "~1.2 !=1.2.5", "1.2.6", 1 },
	/* branches only match == and != */
	{ "dev-master", "dev-master", 1 },
	{ "dev-master", "master", 1 },
	{ "dev-master", "dev-foo", 0 },
	{ ">=1.0", "dev-foo", 0 },
	{ "<1.0", "dev-foo", 0 },
	{ "!=1.0", "dev-foo", 1 },
	{ "!=dev-foo", "dev-foo", 0 },
	{ "dev-foo#abc123", "dev-foo", 1 },
	{ "1.0.x-dev#abc123", "1.0.x-dev", 1 },
	{ "foo-dev", "dev-foo", 1 },	/* recovered as dev-foo */
	{ "1.0 as 2.0", "1.0.0", 1 },
	/* refused */
	{ "", "1.0", -1 },
	{ "^", "1.0", -1 },
	{ "^8 || ^", "8.0", -1 },
	{ "~", "1.0", -1 },
	{ "~1 ~", "1.0", -1 },
	{ "1.0 ||", "1.0", -1 },
	{ ">= junk", "1.0", -1 },
	{ "^1.0 || bogus", "1.5", -1 },	/* even though ^1.0 matched */
	{ ">=1.0", "junk", -1 },
	{ "1.0 -- 2.0", "1.0", -1 },
};

static void test_satisfies(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(constraint_cases); i++) {
		bool in = false;
		int err = cu_scheme_composer.satisfies(cu_span_str(constraint_cases[i].version),
						       cu_span_str(constraint_cases[i].range), &in);
		int got = err == CU_EFORMAT ? -1 : err ? -2 : in;

		if (!CHECK(t, got == constraint_cases[i].want))
			FAILF(t, "'%s' satisfies '%s': got %d, want %d",
			      constraint_cases[i].version, constraint_cases[i].range, got,
			      constraint_cases[i].want);
	}
}

static void test_scheme(struct unit *t)
{
	char long_version[400];
	int c;

	CHECK(t, cu_version_scheme_find("composer") == &cu_scheme_composer);
	CHECK(t, cu_version_scheme_for_ecosystem(cu_span_str("Packagist")) == &cu_scheme_composer);
	CHECK_STR(t, cu_scheme_composer.title, "Composer");
	memcpy(long_version, "dev-", 4);
	memset(long_version + 4, 'x', sizeof(long_version) - 4);
	CHECK_INT(t, cu_scheme_composer.validate(cu_span_make(long_version, CU_COMPOSER_NORM_MAX)), 0);
	CHECK_INT(t, cu_scheme_composer.compare(cu_span_make(long_version, CU_COMPOSER_NORM_MAX + 1),
						cu_span_str("1.0"), &c), CU_EFORMAT);
}

/* A heap copy of exactly n bytes, so the sanitizers catch reads past it. */
static struct cu_span heap_prefix(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, s, n);
	return cu_span_make(p, p ? n : 0);
}

/* Every prefix of versions and constraints, each in its own allocation. */
static void test_bounds(struct unit *t)
{
	const char text[] = "v2010-01-02.5-patch1-dev";
	const char text2[] = "1.0.0.RC.15-dev";
	const char range[] = "^1.0.0-beta1@dev || >=2.0 <2.5.x-dev, 3.0 - 4.0 | ~5.1";

	for (size_t n = 0; n < sizeof(text); n++) {
		struct cu_span v = heap_prefix(text, n), w = heap_prefix(text2, n % sizeof(text2));
		bool in;
		int c = 9;

		if (cu_scheme_composer.validate(v) == 0) {
			CHECK_INT(t, cu_scheme_composer.compare(v, v, &c), 0);
			CHECK_INT(t, c, 0);
		}
		cu_scheme_composer.compare(w, v, &c);
		for (size_t m = 0; m < sizeof(range); m++) {
			struct cu_span r = heap_prefix(range, m);

			cu_scheme_composer.satisfies(v, r, &in);
			free((void *)r.ptr);
		}
		free((void *)v.ptr);
		free((void *)w.ptr);
	}
}

const struct unit_test version_composer_tests[] = {
	{ "version/composer/normalize", test_normalize },
	{ "version/composer/order", test_order },
	{ "version/composer/satisfies", test_satisfies },
	{ "version/composer/scheme", test_scheme },
	{ "version/composer/bounds", test_bounds },
	{ NULL, NULL },
};
