/*
 * test-version-cargo.c - the cargo scheme: crate versions and requirements.
 *
 * There is no Cargo data in the shared test vectors, so ordering reuses
 * node-semver's strict comparison fixtures (semver.tsv, SemVer 2.0
 * precedence is the same) and the requirement cases are written from the
 * Cargo book ("Specifying Dependencies") and the semver crate's
 * tests/test_version_req.rs.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/version.h"

#define VECTORS "testvectors/version-compare/"

static const struct cu_version_scheme *const cargo = &cu_scheme_cargo;

/* semver.tsv rows in strict mode whose versions Cargo also accepts. */
static void test_cargo_order(struct unit *t)
{
	const char *path = unit_shared_path(t, VECTORS "semver.tsv");
	size_t used = 0;
	struct tsv tsv;

	if (!path)
		return;
	if (!CHECK(t, tsv_load(&tsv, path) == 0 && tsv.rows > 0))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		struct cu_span a = cu_span_str(tsv_get(&tsv, r, "a"));
		struct cu_span b = cu_span_str(tsv_get(&tsv, r, "b"));
		bool gt = strcmp(tsv_get(&tsv, r, "op"), ">") == 0;
		int ab = 2, ba = 2;

		if (strcmp(tsv_get(&tsv, r, "loose"), "false") ||
		    cargo->validate(a) || cargo->validate(b))
			continue;
		used++;
		if (!CHECK(t, cargo->compare(a, b, &ab) == 0 &&
			      cargo->compare(b, a, &ba) == 0 &&
			      (gt ? ab > 0 && ba < 0 : ab == 0 && ba == 0)))
			FAILF(t, "  %s: '%s' %s '%s' gave %d / %d",
			      tsv_get(&tsv, r, "src"), a.ptr, gt ? ">" : "=", b.ptr,
			      ab, ba);
	}
	CHECK(t, used >= 20);
out:
	tsv_release(&tsv);
}

static void test_cargo_versions(struct unit *t)
{
	static const char *const valid[] = {
		"0.0.0", "1.2.3", "1.2.3-alpha.1", "1.2.3+build.007",
		"1.2.3-0a.1--b+x-y", "18446744073709551615.0.0",
		"90071992547409910.0.0", "0.12.20+1.1.0",
	};
	static const char *const invalid[] = {
		"", "1", "1.2", "v1.2.3", "=1.2.3", " 1.2.3", "1.2.3 ", "01.2.3",
		"1.02.3", "1.2.03", "1.2.3-", "1.2.3-01", "1.2.3-a..b", "1.2.3+",
		"1.2.3+a+b", "18446744073709551616.0.0", "1.2.3.4", "1.2.3beta",
		"a.b.c", "1.2.3-\xc3\xa9",
	};
	static const struct {
		const char *a, *op, *b;
	} order[] = {
		{ "1.0.0-alpha", "<", "1.0.0-alpha.1" },
		{ "1.0.0-alpha.1", "<", "1.0.0-alpha.beta" },
		{ "1.0.0-alpha.beta", "<", "1.0.0-beta" },
		{ "1.0.0-beta.2", "<", "1.0.0-beta.11" },
		{ "1.0.0-beta.11", "<", "1.0.0-rc.1" },
		{ "1.0.0-rc.1", "<", "1.0.0" },
		{ "1.0.0+a", "=", "1.0.0+b" },
		{ "1.0.0-99999999999999999999999", ">", "1.0.0-99999999999999999999998" },
		{ "18446744073709551615.0.0", ">", "18446744073709551614.9.9" },
	};
	int cmp;

	for (size_t i = 0; i < CU_ARRAY_SIZE(valid); i++)
		if (!CHECK(t, cargo->validate(cu_span_str(valid[i])) == 0))
			FAILF(t, "  '%s' should be valid", valid[i]);
	for (size_t i = 0; i < CU_ARRAY_SIZE(invalid); i++)
		if (!CHECK(t, cargo->validate(cu_span_str(invalid[i])) ==
			      CU_EFORMAT &&
			      cargo->compare(cu_span_str(invalid[i]),
					     cu_span_str("1.0.0"), &cmp) == CU_EFORMAT))
			FAILF(t, "  '%s' should be invalid", invalid[i]);
	for (size_t i = 0; i < CU_ARRAY_SIZE(order); i++) {
		char op = order[i].op[0];

		cmp = 2;
		if (!CHECK(t, cargo->compare(cu_span_str(order[i].a),
					     cu_span_str(order[i].b), &cmp) == 0 &&
			      (op == '<' ? cmp < 0 : op == '>' ? cmp > 0 : cmp == 0)))
			FAILF(t, "  '%s' %s '%s' gave %d", order[i].a, order[i].op,
			      order[i].b, cmp);
	}
}

/* A requirement and versions it must and must not match. */
struct req_case {
	const char *req;
	const char *in[8];
	const char *out[8];
};

static const struct req_case req_cases[] = {
	{ "1.0.0", { "1.0.0", "1.1.0", "1.0.1" },
	  { "0.9.9", "0.10.0", "0.1.0", "1.0.0-pre", "0.0.1", "2.0.0" } },
	{ "=1.0.0", { "1.0.0", "1.0.0+build" },
	  { "1.0.1", "0.9.9", "0.10.0", "0.1.0", "1.0.0-pre" } },
	{ "=0.1.0-beta2.a", { "0.1.0-beta2.a" },
	  { "0.9.1", "0.1.0", "0.1.1-beta2.a", "0.1.0-beta2" } },
	{ ">= 1.0.0", { "1.0.0", "2.0.0" },
	  { "0.1.0", "0.0.1", "1.0.0-pre", "2.0.0-pre" } },
	{ ">= 2.1.0-alpha2", { "2.1.0-alpha2", "2.1.0-alpha3", "2.1.0", "3.0.0" },
	  { "2.0.0", "2.1.0-alpha1", "2.0.0-alpha2", "3.0.0-alpha2" } },
	{ "< 1.0.0", { "0.1.0", "0.0.1" },
	  { "1.0.0", "1.0.0-beta", "1.0.1", "0.9.9-alpha" } },
	{ "<= 2.1.0-alpha2", { "2.1.0-alpha2", "2.1.0-alpha1", "2.0.0", "1.0.0" },
	  { "2.1.0", "2.2.0-alpha1", "2.0.0-alpha2", "1.0.0-alpha2" } },
	{ ">1.0.0-alpha, <1.0.0", { "1.0.0-beta" }, { "1.0.0", "1.0.0-alpha" } },
	{ ">1.0.0-alpha, <1.0", { NULL }, { "1.0.0-beta" } },
	{ ">1.0.0-alpha, <1", { NULL }, { "1.0.0-beta" } },
	{ "> 0.0.9, <= 2.5.3", { "0.0.10", "1.0.0", "2.5.3" }, { "0.0.8", "2.5.4" } },
	{ "0.3.0, 0.4.0", { NULL }, { "0.0.8", "0.3.0", "0.4.0" } },
	{ "<= 0.2.0, >= 0.5.0", { NULL }, { "0.0.8", "0.3.0", "0.5.1" } },
	{ "0.1.0, 0.1.4, 0.1.6", { "0.1.6", "0.1.9" }, { "0.1.0", "0.1.4", "0.2.0" } },
	{ ">=0.5.1-alpha3, <0.6",
	  { "0.5.1-alpha3", "0.5.1-alpha4", "0.5.1-beta", "0.5.1", "0.5.5" },
	  { "0.5.1-alpha1", "0.5.2-alpha3", "0.5.5-pre", "0.5.0-pre", "0.6.0",
	    "0.6.0-pre" } },
	{ "~1", { "1.0.0", "1.0.1", "1.1.1" }, { "0.9.1", "2.9.0", "0.0.9" } },
	{ "~1.2", { "1.2.0", "1.2.1" }, { "1.1.1", "1.3.0", "0.0.9", "1.2.5-pre" } },
	{ "~1.2.2", { "1.2.2", "1.2.4" },
	  { "1.2.1", "1.9.0", "1.0.9", "2.0.1", "0.1.3" } },
	{ "~1.2.3-beta.2", { "1.2.3", "1.2.4", "1.2.3-beta.2", "1.2.3-beta.4" },
	  { "1.3.3", "1.1.4", "1.2.3-beta.1", "1.2.4-beta.2" } },
	{ "^1", { "1.1.2", "1.1.0", "1.2.1", "1.0.1" }, { "0.9.1", "2.9.0", "0.1.4" } },
	{ "^1.1", { "1.1.2", "1.1.0", "1.2.1" },
	  { "0.9.1", "2.9.0", "1.0.1", "0.1.4" } },
	{ "^1.1.2", { "1.1.2", "1.1.4", "1.2.1" },
	  { "0.9.1", "2.9.0", "1.1.1", "0.0.1", "1.1.2-alpha1", "1.1.3-alpha1",
	    "2.9.0-alpha1" } },
	{ "^0.1.2", { "0.1.2", "0.1.4" },
	  { "0.9.1", "2.9.0", "1.1.1", "0.0.1", "0.1.2-beta", "0.1.3-alpha",
	    "0.2.0-pre" } },
	{ "^0.5.1-alpha3",
	  { "0.5.1-alpha3", "0.5.1-alpha4", "0.5.1-beta", "0.5.1", "0.5.5" },
	  { "0.5.1-alpha1", "0.5.2-alpha3", "0.5.5-pre", "0.5.0-pre", "0.6.0" } },
	{ "^0.0.2", { "0.0.2" },
	  { "0.9.1", "2.9.0", "1.1.1", "0.0.1", "0.1.4", "0.0.3" } },
	{ "^0.0", { "0.0.2", "0.0.0" }, { "0.9.1", "2.9.0", "1.1.1", "0.1.4" } },
	{ "^0", { "0.9.1", "0.0.2", "0.0.0" }, { "2.9.0", "1.1.1" } },
	{ "^1.4.2-beta.5",
	  { "1.4.2", "1.4.3", "1.4.2-beta.5", "1.4.2-beta.6", "1.4.2-c" },
	  { "0.9.9", "2.0.0", "1.4.2-alpha", "1.4.2-beta.4", "1.4.3-beta.5" } },
	{ "*", { "0.9.1", "2.9.0", "0.0.9", "1.0.1", "1.1.1" }, { "1.0.0-pre" } },
	{ "1.*", { "1.2.0", "1.2.1", "1.1.1", "1.3.0" }, { "0.0.9", "2.0.0" } },
	{ "1.2.*", { "1.2.0", "1.2.2", "1.2.4" },
	  { "1.9.0", "1.0.9", "2.0.1", "0.1.3" } },
	{ "1.2.x", { "1.2.0", "1.2.4" }, { "1.3.0" } },
	{ ">=1.*", { "1.0.0", "3.0.0" }, { "0.9.9" } },
	/* the brief's own case, and crates with 0.x APIs */
	{ "^0.2.3", { "0.2.3", "0.2.9" }, { "0.3.0", "0.2.2", "1.0.0" } },
	{ "0.2.3", { "0.2.3", "0.2.9" }, { "0.3.0" } },
	{ "<0.4.18", { "0.4.17", "0.3.0" }, { "0.4.18", "0.4.18-rc.1" } },
	{ ">=0.10.0, <0.10.55", { "0.10.54" }, { "0.10.55", "0.11.0" } },
};

static void check_req(struct unit *t, const char *req, const char *v, bool want)
{
	bool in = !want;

	if (!CHECK(t, cargo->satisfies(cu_span_str(v), cu_span_str(req), &in) == 0 &&
		      in == want))
		FAILF(t, "  '%s' in '%s' gave %d, want %d", v, req, in, want);
}

static void test_cargo_requirements(struct unit *t)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(req_cases); i++) {
		const struct req_case *c = &req_cases[i];

		for (size_t k = 0; k < 8 && c->in[k]; k++)
			check_req(t, c->req, c->in[k], true);
		for (size_t k = 0; k < 8 && c->out[k]; k++)
			check_req(t, c->req, c->out[k], false);
	}
}

static void test_cargo_bad_requirements(struct unit *t)
{
	static const char *const bad[] = {
		"", " ", "> 0.0.9 <= 2.5.3", "=1.2.3 || =2.3.4", "1.2.3 - 2.3.4",
		">= >= 0.0.2", ">== 0.0.2", "a.0.0", "1.0.0-", ">=", "*, 1.0",
		"1.*.3", "01.0", "1.2.3.4", "1.0.0,", "^1.0 ~2", "~>1.0",
		"18446744073709551616",
	};
	bool in;

	for (size_t i = 0; i < CU_ARRAY_SIZE(bad); i++)
		if (!CHECK(t, cargo->satisfies(cu_span_str("1.0.0"), cu_span_str(bad[i]),
					       &in) == CU_EFORMAT))
			FAILF(t, "  requirement '%s' should be refused", bad[i]);
	CHECK(t, cargo->satisfies(cu_span_str("v1.0.0"), cu_span_str("1"),
				  &in) == CU_EFORMAT);
	CHECK(t, cargo->satisfies(cu_span_str("1.0.0"), cu_span_str(" ^1 , <1.5 "),
				  &in) == 0 && in);
	CHECK_STR(t, cargo->name, "cargo");
	CHECK_STR(t, cargo->title, "Rust (Cargo SemVer)");
}

const struct unit_test version_cargo_tests[] = {
	{ "version/cargo/order", test_cargo_order },
	{ "version/cargo/versions", test_cargo_versions },
	{ "version/cargo/requirements", test_cargo_requirements },
	{ "version/cargo/bad-requirements", test_cargo_bad_requirements },
	{ NULL, NULL },
};
