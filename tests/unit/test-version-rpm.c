/*
 * test-version-rpm.c - the rpm scheme against rpm's rpmvercmp.at vectors.
 *
 * rpm.tsv holds every active RPMVERCMP line of rpm's test suite.
 * rpm-disabled.tsv holds the lines rpm comments out with 'dnl': they
 * document "arguably buggy" behaviour (RhBug:811992, non-ASCII bytes) and
 * rpm itself does not run them, so their expected relation is not asserted
 * here; only that such strings compare at all, consistently.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/version.h"

#define VECTORS "testvectors/version-compare/"

struct relation {
	const char *a, *op, *b;
};

static bool relation_holds(const char *op, int cmp)
{
	if (strcmp(op, "<") == 0)
		return cmp < 0;
	if (strcmp(op, "<=") == 0)
		return cmp <= 0;
	if (strcmp(op, "=") == 0)
		return cmp == 0;
	if (strcmp(op, ">=") == 0)
		return cmp >= 0;
	if (strcmp(op, ">") == 0)
		return cmp > 0;
	return false;
}

/*
 * Compare a and b both ways round. Returns false (after reporting) when
 * compare fails or is not antisymmetric; *ab gets compare(a, b).
 */
static bool compare_both(struct unit *t, const char *a, const char *b,
			 const char *where, int *ab)
{
	int ba = 2, ra, rb;

	*ab = 2;
	ra = cu_scheme_rpm.compare(cu_span_str(a), cu_span_str(b), ab);
	rb = cu_scheme_rpm.compare(cu_span_str(b), cu_span_str(a), &ba);
	if (!CHECK(t, ra == 0 && rb == 0)) {
		FAILF(t, "  %s: '%s' vs '%s': compare failed (%d, %d)", where,
		      a, b, ra, rb);
		return false;
	}
	if (!CHECK(t, *ab == -ba)) {
		FAILF(t, "  %s: not antisymmetric: '%s' vs '%s' gave %d and %d",
		      where, a, b, *ab, ba);
		return false;
	}
	return true;
}

static void check_relation(struct unit *t, const char *a, const char *op,
			   const char *b, const char *where)
{
	int ab;

	if (!compare_both(t, a, b, where, &ab))
		return;
	if (!CHECK(t, relation_holds(op, ab)))
		FAILF(t, "  %s: want '%s' %s '%s', compare gave %d", where, a,
		      op, b, ab);
}

static void test_rpm_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, VECTORS "rpm.tsv");
	struct tsv tsv;

	if (!path)
		return;
	if (!CHECK(t, tsv_load(&tsv, path) == 0 && tsv.rows > 0))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++)
		check_relation(t, tsv_get(&tsv, r, "a"), tsv_get(&tsv, r, "op"),
			       tsv_get(&tsv, r, "b"), tsv_get(&tsv, r, "src"));
out:
	tsv_release(&tsv);
}

/* Informative rows: they must compare, antisymmetrically, and that is all. */
static void test_rpm_disabled(struct unit *t)
{
	const char *path = unit_shared_path(t, VECTORS "rpm-disabled.tsv");
	struct tsv tsv;
	int ab;

	if (!path)
		return;
	if (!CHECK(t, tsv_load(&tsv, path) == 0 && tsv.rows > 0))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++)
		compare_both(t, tsv_get(&tsv, r, "a"), tsv_get(&tsv, r, "b"),
			     tsv_get(&tsv, r, "src"), &ab);
out:
	tsv_release(&tsv);
}

/* Full EVRs as they appear in rpmdb and in Red Hat / SUSE advisories. */
static void test_rpm_evr(struct unit *t)
{
	static const struct relation cases[] = {
		{ "1:1.0-1", ">", "2.0-1" },
		{ "1:0.9-1", ">", "0:1.0-1" },
		{ "0:1.0-1", "=", "1.0-1" },
		{ ":1.0-1", "=", "0:1.0-1" },
		{ "10:1-1", ">", "9:1-1" },
		{ "1.0-1", "<", "1.0-2" },
		{ "1.0-1", "=", "1.0" },	/* no release: any release */
		{ "1.0-1.el8", ">", "1.0-1" },
		{ "2.17-326.el7_9", "<", "2.17-326.el7_9.3" },
		{ "3.0.7-16.el9_2", "<", "3.0.7-18.el9" },
		{ "4.18.0-477.10.1.el8_8", "<", "4.18.0-477.13.1.el8_8" },
		{ "1.0~rc1-1", "<", "1.0-1" },
		{ "1.0^git1-1", ">", "1.0-1" },
		{ "1.0^git1-1", "<", "1.0.1-1" },
		{ "2.9.1-1.fc38", "<", "2.10-1.fc38" },
		{ "1.0a-1", ">", "1.0-1" },
		{ "1.0-1", ">", "1.0-1~pre" },
		{ "00001-1", "=", "1-1" },
		/* rpm's code today: non-ASCII bytes only separate segments */
		{ "1.1.\xce\xb1-1", "=", "1.1.\xce\xb2-1" },
	};
	int cmp;

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		check_relation(t, cases[i].a, cases[i].op, cases[i].b,
			       "hand-written");
	CHECK(t, cu_scheme_rpm.compare(cu_span_str(""), cu_span_str("1"),
				       &cmp) == CU_EFORMAT);
	CHECK(t, cu_scheme_rpm.compare(cu_span_make("1\0", 2),
				       cu_span_str("1"), &cmp) == CU_EFORMAT);
}

static void test_rpm_validate(struct unit *t)
{
	static const char *const valid[] = {
		"1.0", "1.0-1", "1:1.0-1.el8_9", "0:1", "1.0~rc1^git2-3",
		"2.17-326.el7_9.3", "1.2.3+git20240101-1.1",
	};
	static const char *const invalid[] = {
		"", "1.0-", "-1", ":1.0", "1:", "1.0 1", "a:1.0", "1-2-3",
		"1.0-1/2",
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(valid); i++)
		if (!CHECK(t, cu_scheme_rpm.validate(cu_span_str(valid[i])) == 0))
			FAILF(t, "  '%s' should be valid", valid[i]);
	for (size_t i = 0; i < CU_ARRAY_SIZE(invalid); i++)
		if (!CHECK(t, cu_scheme_rpm.validate(cu_span_str(invalid[i])) ==
			      CU_EFORMAT))
			FAILF(t, "  '%s' should be invalid", invalid[i]);
}

const struct unit_test version_rpm_tests[] = {
	{ "version/rpm-vectors", test_rpm_vectors },
	{ "version/rpm-disabled", test_rpm_disabled },
	{ "version/rpm-evr", test_rpm_evr },
	{ "version/rpm-validate", test_rpm_validate },
	{ NULL, NULL },
};
