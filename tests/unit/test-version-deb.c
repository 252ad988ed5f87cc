/*
 * test-version-deb.c - the deb scheme against dpkg's own test vectors.
 *
 * dpkg.tsv holds relations from dpkg's lib/dpkg/t/t-version.c and
 * scripts/t/Dpkg_Version.t; dpkg-invalid.tsv the strings dpkg refuses (error)
 * or only warns about (warning), and those Dpkg::Version calls invalid.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/dpkg.h"
#include "version/version.h"

#define VECTORS "testvectors/version-compare/"

struct relation {
	const char *a, *op, *b;
};

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

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

/* a op b must hold both ways round, and the hot-loop helper must agree. */
static void check_relation(struct unit *t, const char *a, const char *op,
			   const char *b, const char *where)
{
	int ab = 2, ba = 2, ra, rb;

	ra = cu_scheme_deb.compare(cu_span_str(a), cu_span_str(b), &ab);
	rb = cu_scheme_deb.compare(cu_span_str(b), cu_span_str(a), &ba);
	if (!CHECK(t, ra == 0 && rb == 0)) {
		FAILF(t, "  %s: '%s' %s '%s': compare failed (%d, %d)", where,
		      a, op, b, ra, rb);
		return;
	}
	if (!CHECK(t, relation_holds(op, ab)))
		FAILF(t, "  %s: want '%s' %s '%s', compare gave %d", where, a,
		      op, b, ab);
	if (!CHECK(t, ab == -ba))
		FAILF(t, "  %s: not antisymmetric: '%s' vs '%s' gave %d and %d",
		      where, a, b, ab, ba);
	if (!CHECK(t, sign(cu_dpkg_version_cmp(cu_span_str(a),
					       cu_span_str(b))) == ab))
		FAILF(t, "  %s: cu_dpkg_version_cmp('%s', '%s') disagrees",
		      where, a, b);
}

static void test_deb_vectors(struct unit *t)
{
	const char *path = unit_shared_path(t, VECTORS "dpkg.tsv");
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

/*
 * Every row is refused by validate(). Hard errors are refused by compare()
 * too; warning-level versions still order (dpkg --compare-versions warns and
 * goes on), so they must compare consistently.
 */
static void check_invalid(struct unit *t, const char *v, const char *severity,
			  const char *src)
{
	struct cu_span sv = cu_span_str(v), one = cu_span_str("1.0");
	int self = 2, ab = 2, ba = 2;

	if (!CHECK(t, cu_scheme_deb.validate(sv) == CU_EFORMAT))
		FAILF(t, "  %s: '%s' (%s) passed validate", src, v, severity);
	if (strcmp(severity, "error") == 0) {
		if (!CHECK(t, cu_scheme_deb.compare(sv, one, &ab) == CU_EFORMAT &&
			      cu_scheme_deb.compare(one, sv, &ba) == CU_EFORMAT))
			FAILF(t, "  %s: '%s' compared despite a dpkg error",
			      src, v);
	} else if (strcmp(severity, "warning") == 0) {
		if (!CHECK(t, cu_scheme_deb.compare(sv, sv, &self) == 0 &&
			      self == 0 &&
			      cu_scheme_deb.compare(sv, one, &ab) == 0 &&
			      cu_scheme_deb.compare(one, sv, &ba) == 0 &&
			      ab == -ba))
			FAILF(t, "  %s: warning-level '%s' does not order "
			      "consistently", src, v);
	}
}

static void test_deb_invalid(struct unit *t)
{
	const char *path = unit_shared_path(t, VECTORS "dpkg-invalid.tsv");
	struct tsv tsv;

	if (!path)
		return;
	if (!CHECK(t, tsv_load(&tsv, path) == 0 && tsv.rows > 0))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++)
		check_invalid(t, tsv_get(&tsv, r, "version"),
			      tsv_get(&tsv, r, "severity"),
			      tsv_get(&tsv, r, "src"));
out:
	tsv_release(&tsv);
}

/* Orderings that decide real Debian and Ubuntu advisories. */
static void test_deb_cases(struct unit *t)
{
	static const struct relation cases[] = {
		{ "1:1.2-1", ">", "1.3-1" },
		{ "2:1.0", ">", "1:9.9" },
		{ "2147483647:1", ">", "1:1" },
		{ "0:1.0", "=", "1.0" },
		{ "1.0~rc1", "<", "1.0" },
		{ "1.0~rc1-1", "<", "1.0-1" },
		{ "1.0", ">", "1.0~" },
		{ "1.0~~", "<", "1.0~" },
		{ "2.36-9+deb12u4", "<", "2.36-9+deb12u10" },
		{ "7.88.1-10+deb12u5", "<", "7.88.1-10+deb12u8" },
		{ "3.0.11-1~deb12u2", "<", "3.0.11-1" },
		{ "3.0.11-1~deb12u2", "<", "3.0.11-1~deb12u3" },
		{ "1.0-1~bpo12+1", "<", "1.0-1" },
		{ "1.0-1ubuntu0.1", ">", "1.0-1" },
		{ "1.0-1ubuntu0.1", "<", "1.0-1ubuntu1" },
		{ "1.0+dfsg-1", ">", "1.0-1" },
		{ "1.0a", ">", "1.0" },
		{ "1.0.0", ">", "1.0" },
		{ "1.0", "<", "1.0.1" },
		{ "1.2.3", "=", "1.2.3-0" },
		{ "1.10", ">", "1.9" },
		{ "1.010", "=", "1.10" },
		{ "99999999999999999999999", "<", "100000000000000000000000" },
		{ " 1.0\t", "=", "1.0" },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		check_relation(t, cases[i].a, cases[i].op, cases[i].b,
			       "hand-written");
}

static void test_deb_validate(struct unit *t)
{
	static const char *const valid[] = {
		"0", "1.0", "1:2.36-9+deb12u4", "0:0-azAZ09.+~", "1.0-1-2",
		"1:1:1-1", " \t1.0\t ", "2147483647:1", "1.0~rc1+dfsg~1",
	};
	static const char *const refused[] = {	/* dpkg errors */
		"", " ", "2147483648:1", "1.0 1", "1:", ":1", "-1", "1.0-",
		"x:1.0", "1:-1",
	};
	static const char *const dubious[] = {	/* dpkg warnings */
		"abc", "1.0_1", "1.0-1_2", "0:1.0-1:2", "\xc3\xa9" "1.0", "1.0/2",
	};
	int cmp;

	for (size_t i = 0; i < CU_ARRAY_SIZE(valid); i++)
		if (!CHECK(t, cu_scheme_deb.validate(cu_span_str(valid[i])) == 0))
			FAILF(t, "  '%s' should be valid", valid[i]);
	for (size_t i = 0; i < CU_ARRAY_SIZE(refused); i++) {
		struct cu_span v = cu_span_str(refused[i]);

		if (!CHECK(t, cu_scheme_deb.validate(v) == CU_EFORMAT &&
			      cu_scheme_deb.compare(v, v, &cmp) == CU_EFORMAT))
			FAILF(t, "  '%s' should be refused", refused[i]);
	}
	for (size_t i = 0; i < CU_ARRAY_SIZE(dubious); i++) {
		struct cu_span v = cu_span_str(dubious[i]);

		if (!CHECK(t, cu_scheme_deb.validate(v) == CU_EFORMAT &&
			      cu_scheme_deb.compare(v, v, &cmp) == 0))
			FAILF(t, "  '%s' should be invalid but comparable",
			      dubious[i]);
	}
	/* the helper never fails, and stays antisymmetric on refused input */
	CHECK(t, sign(cu_dpkg_version_cmp(cu_span_str(""), cu_span_str("1"))) ==
		 -sign(cu_dpkg_version_cmp(cu_span_str("1"), cu_span_str(""))));
	CHECK(t, cu_dpkg_version_cmp(CU_SPAN_NULL, CU_SPAN_NULL) == 0);
}

/* High bytes sort after letters and before ASCII punctuation, as on amd64. */
static void test_deb_bytes(struct unit *t)
{
	int cmp = 0;

	CHECK(t, cu_scheme_deb.compare(cu_span_str("1\xc3"), cu_span_str("1z"),
				       &cmp) == 0 && cmp > 0);
	CHECK(t, cu_scheme_deb.compare(cu_span_str("1\xc3"), cu_span_str("1+"),
				       &cmp) == 0 && cmp < 0);
	CHECK(t, cu_scheme_deb.compare(cu_span_make("1\0", 2),
				       cu_span_str("1"), &cmp) == 0 && cmp > 0);
}

const struct unit_test version_deb_tests[] = {
	{ "version/deb-vectors", test_deb_vectors },
	{ "version/deb-invalid", test_deb_invalid },
	{ "version/deb-cases", test_deb_cases },
	{ "version/deb-validate", test_deb_validate },
	{ "version/deb-bytes", test_deb_bytes },
	{ NULL, NULL },
};
