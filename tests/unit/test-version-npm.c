/*
 * test-version-npm.c - the npm scheme against node-semver's own fixtures.
 *
 * semver*.tsv and the semver-fixtures JSON files come from npm/node-semver's
 * test/fixtures (see PROVENANCE.md): comparisons and equality, valid and
 * invalid versions, range include/exclude, range parsing, and gtr/ltr.
 * The options columns give node-semver's loose and includePrerelease.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/npm.h"
#include "version/version.h"

#define VECTORS "testvectors/version-compare/"

static bool load(struct unit *t, const char *name, struct tsv *tsv)
{
	char rel[256];
	const char *path;

	memset(tsv, 0, sizeof(*tsv));
	snprintf(rel, sizeof(rel), VECTORS "%s", name);
	path = unit_shared_path(t, rel);
	if (!path)
		return false;
	return CHECK(t, tsv_load(tsv, path) == 0 && tsv->rows > 0);
}

static bool cell_true(const struct tsv *tsv, size_t r, const char *col)
{
	const char *v = tsv_get(tsv, r, col);

	return v && strcmp(v, "true") == 0;
}

static unsigned row_flags(const struct tsv *tsv, size_t r)
{
	return (cell_true(tsv, r, "loose") ? CU_SEMVER_LOOSE : 0) |
	       (cell_true(tsv, r, "include_prerelease") ?
		CU_SEMVER_INCLUDE_PRERELEASE : 0);
}

/* JavaScript truthiness of a fixture value (with the $-markers of PROVENANCE). */
static bool js_truthy(json_t *v)
{
	if (!v || json_is_null(v) || json_is_false(v))
		return false;
	if (json_is_object(v) && (json_object_get(v, "$undefined") ||
				  json_object_get(v, "$number")))
		return false;	/* undefined, NaN */
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_number(v))
		return json_number_value(v) != 0;
	return true;
}

/* node-semver's parseOptions(): a non-object truthy value means loose. */
static unsigned js_flags(json_t *opts)
{
	if (!js_truthy(opts))
		return 0;
	if (!json_is_object(opts))
		return CU_SEMVER_LOOSE;
	return (js_truthy(json_object_get(opts, "loose")) ? CU_SEMVER_LOOSE : 0) |
	       (js_truthy(json_object_get(opts, "includePrerelease")) ?
		CU_SEMVER_INCLUDE_PRERELEASE : 0);
}

/* Versions ---------------------------------------------------------------- */

static void test_npm_compare(struct unit *t)
{
	struct tsv tsv;

	if (!load(t, "semver.tsv", &tsv))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *a = tsv_get(&tsv, r, "a"), *b = tsv_get(&tsv, r, "b");
		struct cu_span sa = cu_span_str(a), sb = cu_span_str(b);
		bool gt = strcmp(tsv_get(&tsv, r, "op"), ">") == 0;
		unsigned flags = row_flags(&tsv, r);
		int ab = 2, ba = 2;

		if (!CHECK(t, cu_semver_compare_opts(sa, sb, flags, &ab) == 0 &&
			      cu_semver_compare_opts(sb, sa, flags, &ba) == 0 &&
			      (gt ? ab > 0 && ba < 0 : ab == 0 && ba == 0)))
			FAILF(t, "  %s: '%s' %s '%s' (loose %d): got %d / %d",
			      tsv_get(&tsv, r, "src"), a, gt ? ">" : "=", b,
			      flags & CU_SEMVER_LOOSE, ab, ba);
	}
out:
	tsv_release(&tsv);
}

/* The identifiers of a list as node-semver reports them. */
static json_t *idents_json(struct cu_span list, bool numbers)
{
	json_t *a = json_array();
	struct cu_span id;
	uint64_t n;

	while (cu_semver_ident_next(&list, &id)) {
		if (numbers && cu_span_to_u64(id, &n) && n < 9007199254740991ULL)
			json_array_append_new(a, json_integer((json_int_t)n));
		else
			json_array_append_new(a, json_stringn(id.ptr, id.len));
	}
	return a;
}

static void test_npm_valid(struct unit *t)
{
	struct tsv tsv;

	if (!load(t, "semver-valid-versions.tsv", &tsv))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *v = tsv_get(&tsv, r, "version");
		json_t *pre = json_loads(tsv_get(&tsv, r, "prerelease"), 0, NULL);
		json_t *build = json_loads(tsv_get(&tsv, r, "build"), 0, NULL);
		json_t *got_pre = NULL, *got_build = NULL;
		struct cu_semver sv;

		if (CHECK(t, cu_semver_parse(cu_span_str(v), 0, &sv) == 0)) {
			got_pre = idents_json(sv.pre, true);
			got_build = idents_json(sv.build, false);
		}
		if (!CHECK(t, got_pre && json_equal(pre, got_pre) &&
			      json_equal(build, got_build) &&
			      strtoull(tsv_get(&tsv, r, "major"), NULL, 10) == sv.major &&
			      strtoull(tsv_get(&tsv, r, "minor"), NULL, 10) == sv.minor &&
			      strtoull(tsv_get(&tsv, r, "patch"), NULL, 10) == sv.patch &&
			      cu_scheme_npm.validate(cu_span_str(v)) == 0))
			FAILF(t, "  %s: '%s' parsed wrong", tsv_get(&tsv, r, "src"), v);
		json_decref(pre);
		json_decref(build);
		json_decref(got_pre);
		json_decref(got_build);
	}
out:
	tsv_release(&tsv);
}

/* Only string values can be given to us; regexps and objects are skipped. */
static void test_npm_invalid(struct unit *t)
{
	struct cu_semver sv;
	struct tsv tsv;

	if (!load(t, "semver-invalid-versions.tsv", &tsv))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *v = tsv_get(&tsv, r, "value");

		if (strcmp(tsv_get(&tsv, r, "js_type"), "string"))
			continue;
		if (!CHECK(t, cu_semver_parse(cu_span_str(v), row_flags(&tsv, r), &sv) ==
			      CU_EFORMAT))
			FAILF(t, "  %s: '%s' (%s) should be invalid",
			      tsv_get(&tsv, r, "src"), v, tsv_get(&tsv, r, "reason"));
	}
	tsv_release(&tsv);
	/* the .txt has the same strings, one a line, header included */
	if (!load(t, "semver-invalid-versions.txt", &tsv))
		goto out;
	for (size_t i = 0; i <= tsv.rows; i++) {
		const char *v = i ? tsv.cells[(i - 1) * tsv.cols] : tsv.header[0];

		if (!CHECK(t, cu_semver_parse(cu_span_str(v), CU_SEMVER_LOOSE, &sv) ==
			      CU_EFORMAT && cu_scheme_npm.validate(cu_span_str(v)) ==
			      CU_EFORMAT))
			FAILF(t, "  '%.40s' should be invalid, even loose", v);
	}
out:
	tsv_release(&tsv);
}

/* Ranges ------------------------------------------------------------------ */

/* satisfies(): an error is node-semver's false for an invalid input. */
static bool satisfies(const char *v, const char *range, unsigned flags)
{
	bool in = false;

	return cu_semver_satisfies_opts(cu_span_str(v), cu_span_str(range), flags,
					&in) == 0 && in;
}

static void check_range_file(struct unit *t, const char *name, bool want)
{
	struct tsv tsv;

	if (!load(t, name, &tsv))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *range = tsv_get(&tsv, r, "range");
		const char *v = tsv_get(&tsv, r, "version");

		if (!CHECK(t, satisfies(v, range, row_flags(&tsv, r)) == want))
			FAILF(t, "  %s: satisfies('%s', '%s', %s) should be %s",
			      tsv_get(&tsv, r, "src"), v, range,
			      tsv_get(&tsv, r, "options_raw"), want ? "true" : "false");
	}
out:
	tsv_release(&tsv);
}

static void test_npm_range_include(struct unit *t)
{
	check_range_file(t, "semver-range-include.tsv", true);
}

static void test_npm_range_exclude(struct unit *t)
{
	check_range_file(t, "semver-range-exclude.tsv", false);
}

static json_t *load_fixture(struct unit *t, const char *name)
{
	char rel[256];
	const char *path;
	json_t *doc;

	snprintf(rel, sizeof(rel), VECTORS "semver-fixtures/%s", name);
	path = unit_shared_path(t, rel);
	if (!path)
		return NULL;
	doc = json_load_file(path, 0, NULL);
	if (!CHECK(t, json_array_size(json_object_get(doc, "cases")) > 0)) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static void check_range_parse(struct unit *t, json_t *args, int line)
{
	const char *range = json_string_value(json_array_get(args, 0));
	json_t *want = json_array_get(args, 1);
	struct cu_buf out = CU_BUF_INIT;
	int err = cu_semver_range_format(cu_span_str(range),
					 js_flags(json_array_get(args, 2)), &out);
	const char *got = err ? NULL : out.len ? cu_buf_str(&out) : "*";

	if (!CHECK(t, json_is_null(want) ? err == CU_EFORMAT :
		      got && strcmp(got, json_string_value(want)) == 0))
		FAILF(t, "  range-parse.js:%d: validRange('%.60s') = %s, want %s",
		      line, range, got ? got : "null",
		      json_is_null(want) ? "null" : json_string_value(want));
	cu_buf_release(&out);
}

static void test_npm_range_parse(struct unit *t)
{
	json_t *doc = load_fixture(t, "range-parse.json"), *cases, *c;
	size_t i;

	if (!doc)
		return;
	cases = json_object_get(doc, "cases");
	json_array_foreach(cases, i, c)
		check_range_parse(t, json_object_get(c, "args"),
				  (int)json_integer_value(json_object_get(c, "line")));
	json_decref(doc);
}

/* gtr/ltr fixtures: [range, version, options]; want says what must hold. */
static void check_outside_file(struct unit *t, const char *name, char hilo,
			       bool want)
{
	json_t *doc = load_fixture(t, name), *c;
	size_t i;

	if (!doc)
		return;
	json_array_foreach(json_object_get(doc, "cases"), i, c) {
		json_t *args = json_object_get(c, "args");
		const char *range = json_string_value(json_array_get(args, 0));
		const char *v = json_string_value(json_array_get(args, 1));
		unsigned flags = js_flags(json_array_get(args, 2));
		bool got = !want;

		if (!CHECK(t, cu_semver_outside(cu_span_str(v), cu_span_str(range),
						hilo, flags, &got) == 0 &&
			      got == want))
			FAILF(t, "  %s:%lld: %ctr('%s', '%s') should be %s", name,
			      (long long)json_integer_value(json_object_get(c, "line")),
			      hilo == '>' ? 'g' : 'l', v, range, want ? "true" : "false");
	}
	json_decref(doc);
}

static void test_npm_gtr_ltr(struct unit *t)
{
	check_outside_file(t, "version-gt-range.json", '>', true);
	check_outside_file(t, "version-lt-range.json", '<', true);
	check_outside_file(t, "version-not-gt-range.json", '>', false);
	check_outside_file(t, "version-not-lt-range.json", '<', false);
}

/* Hand-written: advisories on common npm packages and ML tooling. */
static void test_npm_cases(struct unit *t)
{
	static const struct {
		const char *version, *range;
		bool in;
	} cases[] = {
		{ "4.17.15", "<4.17.21", true },
		{ "4.17.21", "<4.17.21", false },
		{ "4.17.1", ">=4.0.0 <4.17.3", true },
		{ "4.17.1", "<=4.17.2 || >=5.0.0-alpha.1 <5.0.0-beta.3", true },
		{ "5.0.0-beta.1", "<=4.17.2 || >=5.0.0-alpha.1 <5.0.0-beta.3", true },
		{ "5.0.0-beta.3", "<=4.17.2 || >=5.0.0-alpha.1 <5.0.0-beta.3", false },
		{ "1.2.4-alpha", ">=1.2.3", false },
		{ "1.2.3-alpha.7", ">=1.2.3-alpha.3", true },
		{ "0.2.5", "^0.2.3", true },
		{ "0.3.0", "^0.2.3", false },
		{ "1.0.0+build.5", "1.0.0", true },
		{ "2.0.0", "*", true },
		{ "10.2.0", "1.x || >=2.5.0 || 5.0.0 - 7.2.3", true },
	};
	static const struct {
		const char *a, *b;
	} order[] = {
		{ "1.0.0-alpha.1", "1.0.0-alpha.beta" },
		{ "1.0.0-rc.1", "1.0.0" },
		{ "1.0.0-99999999999999999998", "1.0.0-99999999999999999999" },
	};
	static const char *const refused[] = {
		"=1.2.3", "1.2", "9007199254740992.0.0", "1.2.3-01", "",
	};
	int cmp = 0;
	bool in;

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_span v = cu_span_str(cases[i].version);
		struct cu_span range = cu_span_str(cases[i].range);

		in = !cases[i].in;
		if (!CHECK(t, cu_scheme_npm.satisfies(v, range, &in) == 0 &&
			      in == cases[i].in))
			FAILF(t, "  '%s' in '%s' gave %d", cases[i].version,
			      cases[i].range, in);
	}
	for (size_t i = 0; i < CU_ARRAY_SIZE(order); i++) {
		cmp = 2;
		if (!CHECK(t, cu_scheme_npm.compare(cu_span_str(order[i].a),
						    cu_span_str(order[i].b),
						    &cmp) == 0 && cmp < 0))
			FAILF(t, "  '%s' < '%s' gave %d", order[i].a, order[i].b, cmp);
	}
	for (size_t i = 0; i < CU_ARRAY_SIZE(refused); i++)
		if (!CHECK(t, cu_scheme_npm.validate(cu_span_str(refused[i])) ==
			      CU_EFORMAT))
			FAILF(t, "  '%s' should be refused", refused[i]);
	CHECK(t, cu_scheme_npm.validate(cu_span_str("9007199254740991.0.0")) == 0);
	CHECK(t, cu_scheme_npm.satisfies(cu_span_str("1.0.0"),
					 cu_span_str("not a range"), &in) == CU_EFORMAT);
	CHECK_STR(t, cu_scheme_npm.title, "npm (node-semver)");
}

const struct unit_test version_npm_tests[] = {
	{ "version/npm/compare", test_npm_compare },
	{ "version/npm/valid", test_npm_valid },
	{ "version/npm/invalid", test_npm_invalid },
	{ "version/npm/range-include", test_npm_range_include },
	{ "version/npm/range-exclude", test_npm_range_exclude },
	{ "version/npm/range-parse", test_npm_range_parse },
	{ "version/npm/gtr-ltr", test_npm_gtr_ltr },
	{ "version/npm/cases", test_npm_cases },
	{ NULL, NULL },
};
