/*
 * test-version-pypi.c - the pypi scheme against pypa/packaging's own tests.
 *
 * pep440*.tsv/txt/json come from packaging's tests/test_version.py and
 * tests/test_specifiers.py (see PROVENANCE.md): version order, validity,
 * normal forms and attributes; specifier validity, contains(), filter(),
 * is_unsatisfiable() and the set properties.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "unit.h"
#include "version/pypi.h"
#include "version/version.h"

#define VECTORS "testvectors/version-compare/"

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

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void check_relation(struct unit *t, const char *a, const char *op,
			   const char *b, const char *where)
{
	struct cu_span sa = cu_span_str(a), sb = cu_span_str(b);
	int ab = 2, ba = 2;

	if (!CHECK(t, cu_scheme_pypi.compare(sa, sb, &ab) == 0 &&
		      cu_scheme_pypi.compare(sb, sa, &ba) == 0)) {
		FAILF(t, "  %s: '%s' %s '%s': compare failed", where, a, op, b);
		return;
	}
	if (!CHECK(t, relation_holds(op, ab) && sign(ab) == -sign(ba)))
		FAILF(t, "  %s: want '%s' %s '%s', got %d / %d", where, a, op,
		      b, ab, ba);
}

/* A .txt vector file loads as a one-column table whose header is row 0. */
static size_t txt_count(const struct tsv *tsv)
{
	return tsv->rows + 1;
}

static const char *txt_get(const struct tsv *tsv, size_t i)
{
	return i == 0 ? tsv->header[0] : tsv->cells[(i - 1) * tsv->cols];
}

static bool load(struct unit *t, const char *name, struct tsv *tsv)
{
	char rel[256];
	const char *path;

	memset(tsv, 0, sizeof(*tsv));
	snprintf(rel, sizeof(rel), VECTORS "%s", name);
	path = unit_shared_path(t, rel);
	if (!path)
		return false;
	return CHECK(t, tsv_load(tsv, path) == 0 && tsv->cols > 0);
}

static enum cu_pep440_pre tri(const char *cell)
{
	if (!cell || !*cell)
		return CU_PEP440_PRE_DEFAULT;
	return strcmp(cell, "true") == 0 ? CU_PEP440_PRE_ALLOW : CU_PEP440_PRE_DENY;
}

/* Versions --------------------------------------------------------------- */

static void test_pypi_order(struct unit *t)
{
	struct tsv tsv;

	if (load(t, "pep440.tsv", &tsv))
		for (size_t r = 0; r < tsv.rows; r++)
			check_relation(t, tsv_get(&tsv, r, "a"),
				       tsv_get(&tsv, r, "op"),
				       tsv_get(&tsv, r, "b"),
				       tsv_get(&tsv, r, "src"));
	tsv_release(&tsv);
}

static void test_pypi_valid(struct unit *t)
{
	struct cu_buf once = CU_BUF_INIT, twice = CU_BUF_INIT;
	struct tsv tsv;

	if (!load(t, "pep440-valid.txt", &tsv))
		goto out;
	for (size_t i = 0; i < txt_count(&tsv); i++) {
		const char *v = txt_get(&tsv, i);

		cu_buf_reset(&once);
		cu_buf_reset(&twice);
		if (!CHECK(t, cu_scheme_pypi.validate(cu_span_str(v)) == 0 &&
			      cu_pep440_normalize(cu_span_str(v), &once) == 0 &&
			      cu_pep440_normalize(cu_buf_span(&once), &twice) == 0 &&
			      strcmp(cu_buf_str(&once), cu_buf_str(&twice)) == 0))
			FAILF(t, "  '%s' should be valid with a stable normal form", v);
	}
out:
	cu_buf_release(&once);
	cu_buf_release(&twice);
	tsv_release(&tsv);
}

static void test_pypi_invalid(struct unit *t)
{
	struct tsv tsv;
	int cmp;

	if (load(t, "pep440-invalid.txt", &tsv)) {
		for (size_t i = 0; i < txt_count(&tsv); i++) {
			struct cu_span v = cu_span_str(txt_get(&tsv, i));

			if (!CHECK(t, cu_scheme_pypi.validate(v) == CU_EFORMAT &&
				      cu_scheme_pypi.compare(v, v, &cmp) == CU_EFORMAT))
				FAILF(t, "  '%s' should be invalid", txt_get(&tsv, i));
		}
	}
	tsv_release(&tsv);
}

static void test_pypi_normalize(struct unit *t)
{
	struct cu_buf out = CU_BUF_INIT;
	struct tsv tsv;

	if (load(t, "pep440-normalize.tsv", &tsv)) {
		for (size_t r = 0; r < tsv.rows; r++) {
			const char *v = tsv_get(&tsv, r, "version");
			const char *want = tsv_get(&tsv, r, "normalized");

			cu_buf_reset(&out);
			if (!CHECK(t, cu_pep440_normalize(cu_span_str(v), &out) == 0 &&
				      strcmp(cu_buf_str(&out), want) == 0))
				FAILF(t, "  normalize('%s') = '%s', want '%s'", v,
				      cu_buf_str(&out), want);
		}
	}
	cu_buf_release(&out);
	tsv_release(&tsv);
}

/* The JSON form of a digit span: 0 when empty. */
static long long num(struct cu_span digits)
{
	uint64_t n = 0;

	return digits.len && cu_span_to_u64(digits, &n) ? (long long)n : 0;
}

static json_t *release_json(const struct cu_pep440 *v)
{
	struct cu_span rest = v->release, d;
	json_t *a = json_array();

	while (cu_pep440_release_next(&rest, &d))
		json_array_append_new(a, json_integer(num(d)));
	return a;
}

static long long release_at(const struct cu_pep440 *v, size_t i)
{
	struct cu_span rest = v->release, d = CU_SPAN_NULL;

	for (size_t k = 0; k <= i; k++)
		if (!cu_pep440_release_next(&rest, &d))
			return 0;
	return num(d);
}

static json_t *format_json(const struct cu_pep440 *v, unsigned parts)
{
	struct cu_buf b = CU_BUF_INIT;
	json_t *s;

	cu_pep440_format(v, parts, &b);
	s = json_string(cu_buf_str(&b));
	cu_buf_release(&b);
	return s;
}

/* A Version attribute as packaging would give it, in JSON. */
static json_t *property(const struct cu_pep440 *v, const char *name)
{
	if (!strcmp(name, "public"))
		return format_json(v, CU_PEP440_PUBLIC);
	if (!strcmp(name, "base_version"))
		return format_json(v, CU_PEP440_BASE);
	if (!strcmp(name, "epoch"))
		return json_integer(num(v->epoch));
	if (!strcmp(name, "release"))
		return release_json(v);
	if (!strcmp(name, "pre"))
		return v->pre_kind ? json_pack("[sI]", v->pre_kind == 'c' ? "rc" :
					       v->pre_kind == 'a' ? "a" : "b",
					       (json_int_t)num(v->pre)) : json_null();
	if (!strcmp(name, "post"))
		return v->has_post ? json_integer(num(v->post)) : json_null();
	if (!strcmp(name, "dev"))
		return v->has_dev ? json_integer(num(v->dev)) : json_null();
	if (!strcmp(name, "is_prerelease"))
		return json_boolean(cu_pep440_is_prerelease(v));
	if (!strcmp(name, "is_postrelease"))
		return json_boolean(v->has_post);
	if (!strcmp(name, "is_devrelease"))
		return json_boolean(v->has_dev);
	if (!strcmp(name, "major") || !strcmp(name, "minor") || !strcmp(name, "micro"))
		return json_integer(release_at(v, name[1] == 'a' ? 0 :
					       name[1] == 'i' && name[2] == 'n' ? 1 : 2));
	return NULL;
}

/* local is the one attribute formatted without its leading '+'. */
static json_t *local_json(const struct cu_pep440 *v)
{
	struct cu_buf b = CU_BUF_INIT;
	json_t *s;

	if (!v->local.len)
		return json_null();
	cu_pep440_format(v, CU_PEP440_LOCAL, &b);
	s = json_string(cu_buf_str(&b) + 1);
	cu_buf_release(&b);
	return s;
}

static void test_pypi_properties(struct unit *t)
{
	struct tsv tsv;

	if (!load(t, "pep440-properties.tsv", &tsv))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *v = tsv_get(&tsv, r, "version");
		const char *name = tsv_get(&tsv, r, "property");
		json_t *want = json_loads(tsv_get(&tsv, r, "expected"),
					  JSON_DECODE_ANY, NULL), *got = NULL;
		struct cu_pep440 pv;
		char *dump;

		if (CHECK(t, cu_pep440_parse(cu_span_str(v), &pv) == 0))
			got = strcmp(name, "local") ? property(&pv, name) :
						      local_json(&pv);
		if (!CHECK(t, want && got && json_equal(want, got))) {
			dump = got ? json_dumps(got, JSON_ENCODE_ANY) : NULL;
			FAILF(t, "  Version('%s').%s = %s, want %s", v, name,
			      dump ? dump : "?", tsv_get(&tsv, r, "expected"));
			free(dump);
		}
		json_decref(want);
		json_decref(got);
	}
out:
	tsv_release(&tsv);
}

/* Hand-written orderings that decide ML package advisories. */
static void test_pypi_cases(struct unit *t)
{
	static const struct {
		const char *a, *op, *b;
	} cases[] = {
		{ "2.1.0+cu121", ">", "2.1.0" },
		{ "2.1.0+cu121", "<", "2.1.1" },
		{ "2.1.0+cu121", ">", "2.1.0+cpu" },
		{ "2.1.0+cu121", "<", "2.1.0+cu121.1" },
		{ "2.1.0+CU121", "=", "2.1.0+cu121" },
		{ "1.26.0rc1", "<", "1.26.0" },
		{ "1.26.0rc1", ">", "1.26.0b2" },
		{ "1.26.0.dev0", "<", "1.26.0a1" },
		{ "1.26.0.post1", ">", "1.26.0" },
		{ "2.0", "=", "2.0.0.0" },
		{ "1!0.1", ">", "99.0" },
		{ "1.0.99999999999999999999999", ">", "1.0.99999999999999999999998" },
		{ "1.0.0099", "=", "1.0.99" },
		{ "v4.35.2", "=", "4.35.2" },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		check_relation(t, cases[i].a, cases[i].op, cases[i].b, "hand-written");
}

/* Specifiers ------------------------------------------------------------- */

static void test_pypi_specifiers_valid(struct unit *t)
{
	struct cu_pep440_spec spec;
	struct tsv ok, bad;

	if (load(t, "pep440-specifiers-valid.txt", &ok)) {
		for (size_t i = 0; i < txt_count(&ok); i++) {
			const char *s = txt_get(&ok, i);

			if (!CHECK(t, cu_pep440_spec_parse(cu_span_str(s), &spec) == 0))
				FAILF(t, "  Specifier('%s') should parse", s);
		}
	}
	if (load(t, "pep440-specifiers-invalid.txt", &bad)) {
		for (size_t i = 0; i < txt_count(&bad); i++) {
			const char *s = txt_get(&bad, i);

			if (!CHECK(t, cu_pep440_spec_parse(cu_span_str(s), &spec) ==
				      CU_EFORMAT))
				FAILF(t, "  Specifier('%s') should be refused", s);
		}
	}
	tsv_release(&ok);
	tsv_release(&bad);
}

/* A Specifier is tested as a set of one. */
static int parse_api(const char *api, const char *text,
		     struct cu_pep440_specset *set)
{
	if (strcmp(api, "Specifier"))
		return cu_pep440_specset_parse(cu_span_str(text), set);
	set->n = 1;
	set->has_arbitrary = strstr(text, "===") != NULL;
	return cu_pep440_spec_parse(cu_span_str(text), &set->spec[0]);
}

static void check_contains_row(struct unit *t, const struct tsv *tsv, size_t r)
{
	const char *v = tsv_get(tsv, r, "version");
	const char *spec = tsv_get(tsv, r, "specifier");
	bool want = strcmp(tsv_get(tsv, r, "expected"), "true") == 0, in = !want;
	struct cu_pep440_match_opts opts = {
		.set_prereleases = tri(tsv_get(tsv, r, "prereleases")),
		.prereleases = tri(tsv_get(tsv, r, "contains_prereleases")),
		.installed = tri(tsv_get(tsv, r, "installed")) == CU_PEP440_PRE_ALLOW,
		.item_is_version = !strcmp(tsv_get(tsv, r, "version_type"),
					   "Version"),
	};
	struct cu_pep440_specset set;

	if (!CHECK(t, parse_api(tsv_get(tsv, r, "api"), spec, &set) == 0 &&
		      cu_pep440_contains(&set, cu_span_str(v), &opts, &in) == 0 &&
		      in == want))
		FAILF(t, "  %s: '%s' in %s('%s', prereleases=%s)"
		      ".contains(prereleases=%s, installed=%s) gave %d, want %d",
		      tsv_get(tsv, r, "src"), v,
		      tsv_get(tsv, r, "api"), spec, tsv_get(tsv, r, "prereleases"),
		      tsv_get(tsv, r, "contains_prereleases"),
		      tsv_get(tsv, r, "installed"), in, want);
}

static void test_pypi_contains(struct unit *t)
{
	struct tsv tsv;

	if (load(t, "pep440-specifiers.tsv", &tsv))
		for (size_t r = 0; r < tsv.rows; r++)
			check_contains_row(t, &tsv, r);
	tsv_release(&tsv);
}

static enum cu_pep440_pre json_tri(json_t *v)
{
	if (!json_is_boolean(v))
		return CU_PEP440_PRE_DEFAULT;
	return json_is_true(v) ? CU_PEP440_PRE_ALLOW : CU_PEP440_PRE_DENY;
}

/* A list item: a string, or {"$Version": s} for a Version object. */
static const char *item_text(json_t *item, bool *as_version)
{
	json_t *v = json_object_get(item, "$Version");

	*as_version = v != NULL;
	return json_string_value(v ? v : item);
}

static bool same_item(json_t *a, json_t *b)
{
	bool va, vb;
	const char *sa = item_text(a, &va), *sb = item_text(b, &vb);

	return va == vb && sa && sb && strcmp(sa, sb) == 0;
}

static void check_filter_case(struct unit *t, json_t *c)
{
	json_t *input = json_object_get(c, "input");
	json_t *expected = json_object_get(c, "expected");
	const char *spec = json_string_value(json_object_get(c, "specifier"));
	const char *api = json_string_value(json_object_get(c, "api"));
	size_t n = json_array_size(input), k = 0;
	struct cu_span items[64];
	bool as_version[64], keep[64], ok = n <= 64;
	struct cu_pep440_match_opts opts = {
		.set_prereleases = json_tri(json_object_get(c, "specifier_prereleases")),
		.prereleases = json_tri(json_object_get(c, "filter_prereleases")),
	};
	struct cu_pep440_specset set;

	for (size_t i = 0; ok && i < n; i++)
		items[i] = cu_span_str(item_text(json_array_get(input, i),
						 &as_version[i]));
	ok = ok && parse_api(api, spec, &set) == 0 &&
	     cu_pep440_filter(&set, items, as_version, n, &opts, keep) == 0;
	for (size_t i = 0; ok && i < n; i++) {
		if (!keep[i])
			continue;
		ok = k < json_array_size(expected) &&
		     same_item(json_array_get(input, i), json_array_get(expected, k));
		k++;
	}
	if (!CHECK(t, ok && k == json_array_size(expected)))
		FAILF(t, "  %s: %s('%s').filter() kept the wrong items",
		      json_string_value(json_object_get(c, "src")), api, spec);
}

static void test_pypi_filter(struct unit *t)
{
	const char *path = unit_shared_path(t, VECTORS "pep440-specifier-filter.json");
	json_t *cases;

	if (!path)
		return;
	cases = json_load_file(path, 0, NULL);
	if (CHECK(t, json_is_array(cases) && json_array_size(cases) > 0))
		for (size_t i = 0; i < json_array_size(cases); i++)
			check_filter_case(t, json_array_get(cases, i));
	json_decref(cases);
}

static void test_pypi_satisfiable(struct unit *t)
{
	struct cu_pep440_specset set;
	struct tsv tsv;

	if (!load(t, "pep440-specifier-satisfiable.tsv", &tsv))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *spec = tsv_get(&tsv, r, "specifier");
		enum cu_pep440_pre pre = tri(tsv_get(&tsv, r, "prereleases"));
		bool want = strcmp(tsv_get(&tsv, r, "satisfiable"), "false") == 0;
		bool unsat = !want;

		if (!CHECK(t, cu_pep440_specset_parse(cu_span_str(spec), &set) == 0 &&
			      cu_pep440_unsatisfiable(&set, pre, &unsat) == 0 &&
			      unsat == want))
			FAILF(t, "  %s: SpecifierSet('%s', prereleases=%s)"
			      ".is_unsatisfiable() gave %d", tsv_get(&tsv, r, "src"),
			      spec, tsv_get(&tsv, r, "prereleases"), unsat);
	}
out:
	tsv_release(&tsv);
}

static bool formats_to(const struct cu_pep440_specset *set, unsigned flags,
		       const char *want)
{
	struct cu_buf b = CU_BUF_INIT;
	bool ok = cu_pep440_specset_format(set, flags, &b) == 0 &&
		  strcmp(cu_buf_str(&b), want) == 0;

	cu_buf_release(&b);
	return ok;
}

/* Both sides of "left | right" or "left & right", as sets. */
static bool parse_pair(const char *subject, char sep,
		       struct cu_pep440_specset *a, struct cu_pep440_specset *b)
{
	const char *mid = strchr(subject, sep);

	if (!mid)
		return false;
	return cu_pep440_specset_parse(cu_span_make(subject, (size_t)(mid - subject)),
				       a) == 0 &&
	       cu_pep440_specset_parse(cu_span_str(mid + 1), b) == 0;
}

static bool relation(const char *subject, const char *prop, bool *got)
{
	struct cu_pep440_specset a, b;

	if (!parse_pair(subject, '|', &a, &b))
		return false;
	if (strstr(prop, "is_subset"))
		return cu_pep440_subset(&a, &b, got) == 0;
	if (strstr(prop, "is_superset"))
		return cu_pep440_subset(&b, &a, got) == 0;
	return cu_pep440_disjoint(&a, &b, got) == 0;
}

/* set(str(s) for s in SpecifierSet(subject)) == the JSON list want. */
static bool same_members(const struct cu_pep440_specset *set, const char *want)
{
	json_t *list = json_loads(want, JSON_DECODE_ANY, NULL);
	bool ok = json_array_size(list) == set->n;
	struct cu_buf b = CU_BUF_INIT;

	for (size_t i = 0; ok && i < set->n; i++) {
		bool found = false;

		cu_buf_reset(&b);
		cu_pep440_spec_format(&set->spec[i], 0, &b);
		for (size_t j = 0; j < json_array_size(list); j++)
			found |= !strcmp(json_string_value(json_array_get(list, j)),
					 cu_buf_str(&b));
		ok = found;
	}
	cu_buf_release(&b);
	json_decref(list);
	return ok;
}

/* Equal sets have equal canonical strings. */
static bool same_canonical(const struct cu_pep440_specset *a,
			   const struct cu_pep440_specset *b)
{
	struct cu_buf ba = CU_BUF_INIT, bb = CU_BUF_INIT;
	bool eq = cu_pep440_specset_format(a, CU_PEP440_SPEC_CANONICAL, &ba) == 0 &&
		  cu_pep440_specset_format(b, CU_PEP440_SPEC_CANONICAL, &bb) == 0 &&
		  strcmp(cu_buf_str(&ba), cu_buf_str(&bb)) == 0;

	cu_buf_release(&ba);
	cu_buf_release(&bb);
	return eq;
}

static bool spec_property(const char *subject, const char *prop, const char *want)
{
	struct cu_pep440_specset set, other;
	char both[512];
	bool got;

	if (!strcmp(prop, "SpecifierSet(left) & SpecifierSet(right) ==")) {
		snprintf(both, sizeof(both), "%s", subject);
		if (strchr(both, '&'))
			*strchr(both, '&') = ',';
		return cu_pep440_specset_parse(cu_span_str(both), &set) == 0 &&
		       cu_pep440_specset_parse(cu_span_str(want), &other) == 0 &&
		       same_canonical(&set, &other);
	}
	if (strstr(prop, "SpecifierSet(left)"))
		return relation(subject, prop, &got) && got == !strcmp(want, "true");
	if (cu_pep440_specset_parse(cu_span_str(subject), &set))
		return false;
	if (!strcmp(prop, "len(SpecifierSet)"))
		return set.n == (size_t)strtoul(want, NULL, 10);
	if (!strcmp(prop, "set(str(s) for s in SpecifierSet)"))
		return same_members(&set, want);
	if (!strcmp(prop, "str(Specifier)") || !strcmp(prop, "str(SpecifierSet)"))
		return formats_to(&set, 0, want);
	if (set.n != 1)
		return false;
	if (!strcmp(prop, "operator"))
		return !strcmp(cu_pep440_op_str(set.spec[0].op), want);
	if (!strcmp(prop, "version"))
		return cu_span_eq_str(set.spec[0].version, want);
	if (!strcmp(prop, "prereleases"))
		return cu_pep440_spec_prereleases(&set.spec[0]) == !strcmp(want, "true");
	if (strstr(prop, "== Specifier"))	/* and "== SpecifierSet" */
		return cu_pep440_specset_parse(cu_span_str(want), &other) == 0 &&
		       same_canonical(&set, &other);
	return false;
}

static void test_pypi_specifier_properties(struct unit *t)
{
	struct tsv tsv;

	if (!load(t, "pep440-specifier-properties.tsv", &tsv))
		goto out;
	for (size_t r = 0; r < tsv.rows; r++) {
		const char *subject = tsv_get(&tsv, r, "subject");
		const char *prop = tsv_get(&tsv, r, "property");
		const char *want = tsv_get(&tsv, r, "expected");

		if (!CHECK(t, spec_property(subject, prop, want)))
			FAILF(t, "  %s: '%s' %s: want %s", tsv_get(&tsv, r, "src"),
			      subject, prop, want);
	}
out:
	tsv_release(&tsv);
}

/* Hand-written matches for ML packages through the scheme's satisfies(). */
static void test_pypi_satisfies(struct unit *t)
{
	static const struct {
		const char *version, *range;
		bool in;
	} cases[] = {
		{ "2.1.0+cu121", ">=2.0,<2.2", true },
		{ "2.1.0+cu121", "==2.1.0", true },
		{ "2.1.0+cu121", "==2.1.0+cpu", false },
		{ "2.1.0+cu121", "<2.1.0", false },
		{ "2.1.0+cu121", "<=2.1.0", true },
		{ "2.1.0+cu121", ">2.1.0", false },
		{ "2.1.0+cu121", "!=2.1.0", false },
		{ "1.26.0rc1", "<1.26.0", false },
		{ "1.26.0rc1", ">=1.25,<1.27", true },
		{ "1.26.0rc1", "<1.26.0rc2", true },
		{ "4.36.0", ">=4.30.0,<4.36.0", false },
		{ "4.35.2", "~=4.35", true },
		{ "5.0", "~=4.35", false },
		{ "1.10.0", "==1.9.*", false },
		{ "1.9.12", "==1.9.*", true },
		{ "1.100", "~=1.99", true },
		{ "2.0", "~=1.99", false },
		{ "1.0.post10", ">1.0.post9", true },
		{ "1.0.post9", ">1.0.post9", false },
		{ "0.3.0", "", true },
		{ "2.0", "===2.0", true },
		{ "2.0.0", "===2.0", false },
	};
	bool in;

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_span v = cu_span_str(cases[i].version);
		struct cu_span range = cu_span_str(cases[i].range);

		in = !cases[i].in;
		if (!CHECK(t, cu_scheme_pypi.satisfies(v, range, &in) == 0 &&
			      in == cases[i].in))
			FAILF(t, "  '%s' in '%s' gave %d", cases[i].version,
			      cases[i].range, in);
	}
	CHECK(t, cu_scheme_pypi.satisfies(cu_span_str("1.0"), cu_span_str(">=1.0+x"),
					  &in) == CU_EFORMAT);
	CHECK(t, cu_scheme_pypi.satisfies(cu_span_str("x"), cu_span_str(">=1.0"),
					  &in) == CU_EFORMAT);
	CHECK_STR(t, cu_scheme_pypi.title, "Python (PEP 440)");
}

/* Digit strings plus one, at the edges of carrying. */
static void test_pypi_bumps(struct unit *t)
{
	static const struct {
		const char *spec;
		bool unsat;
	} cases[] = {
		{ ">1.0.post9,<1.0.post10", true },
		{ ">1.0.post9,<1.0.post11", false },
		{ ">1.0.dev99,<1.0.dev100", true },
		{ "~=1.99,>=2.0", true },
		{ "~=1.99,>=1.999", false },
		{ "==9.*,>=10.dev0", true },
		{ "==9.*,>=9.99999999999999999999", false },
	};
	struct cu_pep440_specset set;
	bool unsat;

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_span spec = cu_span_str(cases[i].spec);

		unsat = !cases[i].unsat;
		if (!CHECK(t, cu_pep440_specset_parse(spec, &set) == 0 &&
			      cu_pep440_unsatisfiable(&set, CU_PEP440_PRE_DEFAULT,
						      &unsat) == 0 &&
			      unsat == cases[i].unsat))
			FAILF(t, "  '%s' unsatisfiable gave %d", cases[i].spec, unsat);
	}
}

const struct unit_test version_pypi_tests[] = {
	{ "version/pypi/order", test_pypi_order },
	{ "version/pypi/valid", test_pypi_valid },
	{ "version/pypi/invalid", test_pypi_invalid },
	{ "version/pypi/normalize", test_pypi_normalize },
	{ "version/pypi/properties", test_pypi_properties },
	{ "version/pypi/cases", test_pypi_cases },
	{ "version/pypi/specifiers-valid", test_pypi_specifiers_valid },
	{ "version/pypi/contains", test_pypi_contains },
	{ "version/pypi/filter", test_pypi_filter },
	{ "version/pypi/satisfiable", test_pypi_satisfiable },
	{ "version/pypi/specifier-properties", test_pypi_specifier_properties },
	{ "version/pypi/satisfies", test_pypi_satisfies },
	{ "version/pypi/bumps", test_pypi_bumps },
	{ NULL, NULL },
};
