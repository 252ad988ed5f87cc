/*
 * test-version-apk.c - the apk scheme against apk-tools' version.data.
 *
 * apk.tsv: strict relations (< = >) apk_version_match must report;
 * apk-valid.tsv / apk-invalid.tsv: what apk_version_validate accepts and
 * rejects; apk-fuzzy.tsv: the fuzzy operators ~ <~ >~, tried through
 * satisfies() with the operator glued to the pattern version.
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

struct constraint {
	const char *version, *range;
	int rc;
	bool in;
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

static void check_relation(struct unit *t, const char *a, const char *op,
			   const char *b, const char *where)
{
	int ab = 2, ba = 2, ra, rb;

	ra = cu_scheme_apk.compare(cu_span_str(a), cu_span_str(b), &ab);
	rb = cu_scheme_apk.compare(cu_span_str(b), cu_span_str(a), &ba);
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
}

static void check_constraint(struct unit *t, const struct constraint *c,
			     const char *where)
{
	bool in = !c->in;
	int rc = cu_scheme_apk.satisfies(cu_span_str(c->version),
					 cu_span_str(c->range), &in);

	if (!CHECK(t, rc == c->rc && (rc || in == c->in)))
		FAILF(t, "  %s: '%s' in '%s': got rc %d in %d, want rc %d in %d",
		      where, c->version, c->range, rc, in, c->rc, c->in);
}

static bool load(struct unit *t, struct tsv *tsv, const char *name)
{
	const char *path = unit_shared_path(t, name);

	memset(tsv, 0, sizeof(*tsv));
	if (!path)
		return false;
	return CHECK(t, tsv_load(tsv, path) == 0 && tsv->rows > 0);
}

static void test_apk_vectors(struct unit *t)
{
	struct tsv tsv;

	if (load(t, &tsv, VECTORS "apk.tsv"))
		for (size_t r = 0; r < tsv.rows; r++)
			check_relation(t, tsv_get(&tsv, r, "a"),
				       tsv_get(&tsv, r, "op"),
				       tsv_get(&tsv, r, "b"),
				       tsv_get(&tsv, r, "src"));
	tsv_release(&tsv);
}

static void test_apk_valid(struct unit *t)
{
	struct tsv tsv;

	if (load(t, &tsv, VECTORS "apk-valid.tsv"))
		for (size_t r = 0; r < tsv.rows; r++) {
			const char *v = tsv_get(&tsv, r, "version");

			if (!CHECK(t, cu_scheme_apk.validate(cu_span_str(v)) == 0))
				FAILF(t, "  %s: '%s' should be valid",
				      tsv_get(&tsv, r, "src"), v);
		}
	tsv_release(&tsv);
}

/*
 * apk rejects these in validate but still orders them, so compare() must
 * succeed and stay consistent with itself.
 */
static void check_invalid(struct unit *t, const char *v, const char *src)
{
	struct cu_span sv = cu_span_str(v), one = cu_span_str("1.0");
	int self = 2, ab = 2, ba = 2;

	if (!CHECK(t, cu_scheme_apk.validate(sv) == CU_EFORMAT))
		FAILF(t, "  %s: '%s' should be invalid", src, v);
	if (!CHECK(t, cu_scheme_apk.compare(sv, sv, &self) == 0 && self == 0 &&
		      cu_scheme_apk.compare(sv, one, &ab) == 0 &&
		      cu_scheme_apk.compare(one, sv, &ba) == 0 && ab == -ba))
		FAILF(t, "  %s: invalid '%s' does not fall back consistently",
		      src, v);
}

static void test_apk_invalid(struct unit *t)
{
	struct tsv tsv;

	if (load(t, &tsv, VECTORS "apk-invalid.tsv"))
		for (size_t r = 0; r < tsv.rows; r++)
			check_invalid(t, tsv_get(&tsv, r, "version"),
				      tsv_get(&tsv, r, "src"));
	tsv_release(&tsv);
}

static void test_apk_fuzzy(struct unit *t)
{
	struct tsv tsv;
	char range[256];

	if (load(t, &tsv, VECTORS "apk-fuzzy.tsv"))
		for (size_t r = 0; r < tsv.rows; r++) {
			struct constraint c = {
				.version = tsv_get(&tsv, r, "a"),
				.range = range,
				.in = strcmp(tsv_get(&tsv, r, "expected"),
					     "true") == 0,
			};

			snprintf(range, sizeof(range), "%s%s",
				 tsv_get(&tsv, r, "op"), tsv_get(&tsv, r, "b"));
			check_constraint(t, &c, tsv_get(&tsv, r, "src"));
		}
	tsv_release(&tsv);
}

/* Orderings that decide real Alpine and Wolfi advisories. */
static void test_apk_cases(struct unit *t)
{
	static const struct relation cases[] = {
		{ "1.2.3-r1", "<", "1.2.3-r10" },
		{ "1.2.3-r9", "<", "1.2.3-r10" },
		{ "3.0.13-r0", "<", "3.0.14-r0" },
		{ "1.2.3_rc1", "<", "1.2.3" },
		{ "1.2.3_rc1-r5", "<", "1.2.3-r0" },
		{ "1.2.3_alpha", "<", "1.2.3_beta" },
		{ "1.2.3_p1", ">", "1.2.3" },
		{ "1.2.3_git20240101", ">", "1.2.3" },
		{ "1.2.3_git20240101", "<", "1.2.3_p1" },
		{ "1.2.3a", ">", "1.2.3" },
		{ "1.2.3a", "<", "1.2.4" },
		{ "1.10", ">", "1.9" },
		{ "1.2.3-r0", ">", "1.2.3" },	/* a revision beats none */
		{ "1.02", "<", "1.1" },		/* leading zero: string order */
		{ "01.2", "=", "1.2" },		/* but not on the first number */
		{ "", "<", "0" },		/* invalid sorts first */
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		check_relation(t, cases[i].a, cases[i].op, cases[i].b,
			       "hand-written");
}

static void test_apk_satisfies(struct unit *t)
{
	static const struct constraint cases[] = {
		{ "1.2.3-r1", ">=1.2.3-r1", 0, true },
		{ "1.2.3-r1", "<1.2.3-r1", 0, false },
		{ "1.2.3-r0", "<1.2.3-r1", 0, true },
		{ "1.2.3-r2", ">1.2.3-r1", 0, true },
		{ "1.0", "=1.0", 0, true },
		{ "1.0", "=1.0-r0", 0, false },
		{ "1.2.9", "~1.2", 0, true },
		{ "1.3", "~1.2", 0, false },
		{ "1.1", "<~1.2", 0, true },
		{ "1.2.5", "<~1.2", 0, true },
		{ "1.3", "<~1.2", 0, false },
		{ "1.0", " >= 0.9 ", 0, true },
		{ "1.0", "><1.0", CU_EFORMAT, false },
		{ "1.0", "1.0", CU_EFORMAT, false },
		{ "1.0", "<", CU_EFORMAT, false },
		{ "1.0", "", CU_EFORMAT, false },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		check_constraint(t, &cases[i], "hand-written");
}

const struct unit_test version_apk_tests[] = {
	{ "version/apk-vectors", test_apk_vectors },
	{ "version/apk-valid", test_apk_valid },
	{ "version/apk-invalid", test_apk_invalid },
	{ "version/apk-fuzzy", test_apk_fuzzy },
	{ "version/apk-cases", test_apk_cases },
	{ "version/apk-satisfies", test_apk_satisfies },
	{ NULL, NULL },
};
