/*
 * test-purl.c - Package URLs against the purl-spec conformance tests
 * (tests/spec/specification-test.json, tests/types/<type>-test.json: parse,
 * build and validate cases, expected failures must fail) and the purls our
 * catalogers produce.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "catalog/purl.h"
#include "common.h"
#include "unit.h"

#define PURL_TESTS "testvectors/purl/tests/"

static bool same_str(const char *got, const char *want)
{
	return got && want ? strcmp(got, want) == 0 : got == want;
}

/* For messages: printf's %s must not get NULL. */
static const char *str_or_null(const char *s)
{
	return s ? s : "(null)";
}

static const char *jstr(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Same pairs: as many, each of ours in want, ours sorted and unique. */
static bool same_qualifiers(const struct cu_purl *p, const json_t *want)
{
	json_t *value;
	size_t n = json_is_object(want) ? json_object_size(want) : 0;

	if (p->nqualifiers != n)
		return false;
	for (size_t i = 0; i < p->nqualifiers; i++) {
		value = json_object_get(want, p->qualifiers[i].key);
		if (!same_str(p->qualifiers[i].value, json_string_value(value)))
			return false;
		if (i && strcmp(p->qualifiers[i - 1].key, p->qualifiers[i].key) >= 0)
			return false;
	}
	return true;
}

static bool same_components(const struct cu_purl *p, const json_t *want)
{
	return same_str(p->type, jstr(want, "type")) &&
	       same_str(p->namespace, jstr(want, "namespace")) &&
	       same_str(p->name, jstr(want, "name")) &&
	       same_str(p->version, jstr(want, "version")) &&
	       same_str(p->subpath, jstr(want, "subpath")) &&
	       same_qualifiers(p, json_object_get(want, "qualifiers"));
}

static void check_parse(struct unit *t, const char *label, const char *input,
			bool fail, const json_t *want)
{
	struct cu_purl p;
	struct cu_err err = { 0 };
	int rc = cu_purl_parse(cu_span_str(input), &p, &err);

	if (fail) {
		if (!CHECK(t, rc == CU_EFORMAT))
			FAILF(t, "%s: '%s' parsed, want failure", label, input);
		return;
	}
	if (!CHECK(t, rc == 0 && same_components(&p, want)))
		FAILF(t, "%s: '%s': rc %d %s (type '%s' ns '%s' name '%s' "
		      "version '%s' subpath '%s', %zu qualifiers)", label, input,
		      rc, cu_err_message(&err), str_or_null(p.type),
		      str_or_null(p.namespace), str_or_null(p.name),
		      str_or_null(p.version), str_or_null(p.subpath),
		      p.nqualifiers);
	cu_purl_release(&p);
}

/* Components from a test input; strings point into the JSON document. */
static void components(const json_t *in, struct cu_purl *p)
{
	const json_t *quals = json_object_get(in, "qualifiers");
	const char *key;
	json_t *value;

	memset(p, 0, sizeof(*p));
	p->type = (char *)jstr(in, "type");
	p->namespace = (char *)jstr(in, "namespace");
	p->name = (char *)jstr(in, "name");
	p->version = (char *)jstr(in, "version");
	p->subpath = (char *)jstr(in, "subpath");
	if (!json_is_object(quals) || !json_object_size(quals))
		return;
	p->qualifiers = calloc(json_object_size(quals), sizeof(*p->qualifiers));
	json_object_foreach((json_t *)quals, key, value) {
		p->qualifiers[p->nqualifiers].key = (char *)key;
		p->qualifiers[p->nqualifiers++].value =
			(char *)json_string_value(value);
	}
}

/* The canonical string is a fixed point of normalisation. */
static bool is_canonical(const char *purl)
{
	struct cu_buf b = CU_BUF_INIT;
	bool ok = cu_purl_normalize(cu_span_str(purl), &b, NULL) == 0 &&
		  strcmp(cu_buf_str(&b), purl) == 0;

	cu_buf_release(&b);
	return ok;
}

static void check_build(struct unit *t, const char *label, const json_t *in,
			bool fail, const char *want)
{
	struct cu_purl p;
	struct cu_buf out = CU_BUF_INIT;
	struct cu_err err = { 0 };
	int rc;

	components(in, &p);
	rc = cu_purl_build(&p, &out, &err);
	if (fail) {
		if (!CHECK(t, rc == CU_EFORMAT && out.len == 0))
			FAILF(t, "%s: built '%s', want failure", label,
			      cu_buf_str(&out));
	} else if (!CHECK(t, rc == 0 && same_str(cu_buf_str(&out), want) &&
			  is_canonical(want))) {
		FAILF(t, "%s: got '%s' (%s), want '%s'", label,
		      cu_buf_str(&out), rc ? cu_err_message(&err) : "ok", want);
	}
	free(p.qualifiers);
	cu_buf_release(&out);
}

static void check_validate(struct unit *t, const char *label,
			   const char *input, bool fail, const char *want)
{
	struct cu_buf out = CU_BUF_INIT;
	struct cu_err err = { 0 };
	int rc = cu_purl_normalize(cu_span_str(input), &out, &err);

	if (fail) {
		if (!CHECK(t, rc == CU_EFORMAT))
			FAILF(t, "%s: '%s' normalised, want failure", label,
			      input);
	} else if (!CHECK(t, rc == 0 && same_str(cu_buf_str(&out), want) &&
			  is_canonical(want))) {
		FAILF(t, "%s: '%s': got '%s' (%s), want '%s'", label, input,
		      cu_buf_str(&out), rc ? cu_err_message(&err) : "ok", want);
	}
	cu_buf_release(&out);
}

static void run_case(struct unit *t, const char *file, const json_t *tc)
{
	const char *kind = jstr(tc, "test_type");
	const json_t *in = json_object_get(tc, "input");
	const json_t *want = json_object_get(tc, "expected_output");
	bool fail = json_is_true(json_object_get(tc, "expected_failure"));
	char label[512];

	snprintf(label, sizeof(label), "%s: %s", file,
		 str_or_null(jstr(tc, "description")));
	if (same_str(kind, "parse") && json_is_string(in))
		check_parse(t, label, json_string_value(in), fail, want);
	else if (same_str(kind, "build") && json_is_object(in))
		check_build(t, label, in, fail, json_string_value(want));
	else if ((same_str(kind, "validate") || same_str(kind, "roundtrip")) &&
		 json_is_string(in))
		check_validate(t, label, json_string_value(in), fail,
			       json_string_value(want));
	else if (!CHECK(t, false))
		FAILF(t, "%s: unknown test type '%s'", label, str_or_null(kind));
}

/* Run every case of one test file; returns how many there were. */
static size_t run_file(struct unit *t, const char *rel)
{
	const char *path = unit_shared_path(t, rel);
	json_error_t jerr;
	json_t *doc, *tests;
	size_t n;

	if (!path)
		return 0;
	doc = json_load_file(path, 0, &jerr);
	if (!CHECK(t, doc != NULL)) {
		FAILF(t, "%s: %s", rel, jerr.text);
		return 0;
	}
	tests = json_object_get(doc, "tests");
	n = json_array_size(tests);
	for (size_t i = 0; i < n; i++)
		run_case(t, strrchr(rel, '/') + 1, json_array_get(tests, i));
	json_decref(doc);
	return n;
}

static void test_spec(struct unit *t)
{
	size_t n = run_file(t, PURL_TESTS "spec/specification-test.json");

	if (!t->skipped)
		CHECK_INT(t, n, 18);
}

/* Every type in purl-types-index.json has a test file, and all of it passes. */
static void test_types(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/purl/purl-types-index.json");
	json_t *types;
	size_t total = 0;
	char rel[256];

	if (!path)
		return;
	types = json_load_file(path, 0, NULL);
	CHECK(t, json_array_size(types) > 0);
	for (size_t i = 0; i < json_array_size(types); i++) {
		snprintf(rel, sizeof(rel), PURL_TESTS "types/%s-test.json",
			 str_or_null(json_string_value(json_array_get(types, i))));
		total += run_file(t, rel);
	}
	json_decref(types);
	CHECK_INT(t, total, 568);
}

static void check_make(struct unit *t, const char *type, const char *ns,
		       const char *name, const char *version,
		       const char *const *quals, const char *want)
{
	struct cu_buf out = CU_BUF_INIT;
	int rc = cu_purl_make(&out, type, ns, name, version, quals, NULL);

	if (!CHECK(t, rc == 0 && strcmp(cu_buf_str(&out), want) == 0))
		FAILF(t, "got '%s' (rc %d), want '%s'", cu_buf_str(&out), rc,
		      want);
	cu_buf_release(&out);
}

/* What the catalogers produce. */
static void test_catalogers(struct unit *t)
{
	const char *const deb[] = { "distro", "debian-12", "arch", "amd64",
				    "upstream", NULL, NULL };
	const char *const skip[] = { "arch", "", "distro", NULL, NULL };

	check_make(t, "deb", "debian", "libssl3", "3.0.11-1~deb12u2", deb,
		   "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
	check_make(t, "deb", "debian", "attr", "1:2.4.47-2+b1", NULL,
		   "pkg:deb/debian/attr@1:2.4.47-2%2Bb1");
	check_make(t, "deb", "Ubuntu", "LibC6", "2.35-0ubuntu3", skip,
		   "pkg:deb/ubuntu/libc6@2.35-0ubuntu3");
	check_make(t, "pypi", NULL, "Django_Rest_framework", "3.14.0", NULL,
		   "pkg:pypi/django-rest-framework@3.14.0");
	check_make(t, "npm", "@scope", "name", "1.0.0", NULL,
		   "pkg:npm/%40scope/name@1.0.0");
	check_make(t, "golang", "github.com/x", "y", "v1.2.3", NULL,
		   "pkg:golang/github.com/x/y@v1.2.3");
	check_make(t, "maven", "org.apache.logging.log4j", "log4j-core",
		   "2.14.1", NULL,
		   "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
	check_make(t, "apk", "alpine", "busybox", "1.36.1-r5", NULL,
		   "pkg:apk/alpine/busybox@1.36.1-r5");
	check_make(t, "rpm", "redhat", "openssl-libs", "1:3.0.7-27.el9", NULL,
		   "pkg:rpm/redhat/openssl-libs@1:3.0.7-27.el9");
}

static void check_parsed(struct unit *t, const char *purl, const char *ns,
			 const char *name, const char *version)
{
	struct cu_purl p;
	struct cu_err err = { 0 };
	int rc = cu_purl_parse(cu_span_str(purl), &p, &err);

	if (!CHECK(t, rc == 0 && same_str(p.namespace, ns) &&
		      same_str(p.name, name) && same_str(p.version, version)))
		FAILF(t, "'%s': rc %d (%s) ns '%s' name '%s' version '%s'",
		      purl, rc, cu_err_message(&err), str_or_null(p.namespace),
		      str_or_null(p.name), str_or_null(p.version));
	cu_purl_release(&p);
}

static void test_parse_ours(struct unit *t)
{
	struct cu_purl p;

	check_parsed(t, "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
		     "debian", "libssl3", "3.0.11-1~deb12u2");
	check_parsed(t, "pkg:deb/debian/attr@1%3A2.4.47-2%2Bb1", "debian",
		     "attr", "1:2.4.47-2+b1");
	check_parsed(t, "pkg:pypi/Zope_Interface@6.0", NULL, "zope-interface",
		     "6.0");
	check_parsed(t, "pkg:npm/%40scope/name@1.0.0", "@scope", "name",
		     "1.0.0");
	check_parsed(t, "pkg:golang/github.com/x/y@v1.2.3", "github.com/x",
		     "y", "v1.2.3");
	check_parsed(t, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
		     "org.apache.logging.log4j", "log4j-core", "2.14.1");
	check_parsed(t, "pkg:generic/a%2Fb@1%2F2", NULL, "a/b", "1/2");
	check_parsed(t, "pkg:generic/caf%C3%A9@1", NULL, "caf\xc3\xa9", "1");

	CHECK_INT(t, cu_purl_parse(cu_span_str("pkg:deb/debian/curl@1?distro=x&arch=amd64"),
				   &p, NULL), 0);
	CHECK_INT(t, p.nqualifiers, 2);
	CHECK_STR(t, p.qualifiers[0].key, "arch");
	CHECK_STR(t, p.qualifiers[1].value, "x");
	cu_purl_release(&p);
}

static void check_invalid(struct unit *t, struct cu_span purl, int want_rc,
			  const char *want_msg)
{
	struct cu_purl p;
	struct cu_err err = { 0 };
	int rc = cu_purl_parse(purl, &p, &err);

	if (!CHECK(t, rc == want_rc && p.type == NULL && p.name == NULL &&
		      strstr(cu_err_message(&err), want_msg)))
		FAILF(t, "'%.*s': rc %d, '%s'", (int)(purl.len > 80 ? 80 : purl.len),
		      purl.ptr, rc, cu_err_message(&err));
}

static void test_invalid(struct unit *t)
{
	static const struct { const char *purl, *msg; } cases[] = {
		{ "pkg:maven/@1.3.4", "invalid purl 'pkg:maven/@1.3.4': missing name" },
		{ "pkg:npm/a%ZZ", "bad percent-encoding in name" },
		{ "pkg:npm/a%2", "bad percent-encoding in name" },
		{ "pkg:npm/a@%C3%28", "version is not UTF-8 text" },
		{ "pkg:npm/a@%ED%A0%80", "version is not UTF-8 text" },
		{ "pkg:npm/a%00b", "name is not UTF-8 text" },
		{ "pkg:npm/a b", "invalid character 0x20 at offset 9" },
		{ "pkg:npm/a\tb", "invalid character 0x09" },
		{ "pkg:npm/a\xc3\xa9", "invalid character 0xc3" },
		{ "pkg:npm/a?x=1&x=2", "duplicate qualifier 'x'" },
		{ "pkg:npm/a?1x=2", "invalid qualifier key '1x'" },
		{ "pkg:npm/a?=2", "invalid qualifier key ''" },
		{ "pkg:npm/a?Arch=x86", "invalid qualifier key 'Arch'" },
		{ "pkg:maven/a%2Fb/c", "namespace segment holds an encoded '/'" },
		{ "pkg:npm/a#b%2Fc", "subpath segment holds an encoded '/'" },
		{ "pkg:otp/ns/hex", "namespace not allowed for type 'otp'" },
		{ "pkg:deb/curl@1", "namespace required for type 'deb'" },
		{ "pkg:julia/Dates", "qualifier 'uuid' required for type 'julia'" },
		{ "pkg:cpan/LWP::UserAgent", "is a module name" },
		{ "pkg:3d/x", "invalid type '3d'" },
		{ "pkg:/", "invalid type ''" },
		{ "pkg:npm", "missing name" },
		{ "pkg:npm/", "missing name" },
		{ "pkg:npm/ns/@1", "missing name" },
		{ "npm/a@1", "missing 'pkg:' scheme" },
		{ "", "missing 'pkg:' scheme" },
		{ "urn:npm/a", "missing 'pkg:' scheme" },
	};
	struct cu_buf big = CU_BUF_INIT;

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		check_invalid(t, cu_span_str(cases[i].purl), CU_EFORMAT,
			      cases[i].msg);
	check_invalid(t, cu_span_make("pkg:npm/a\0b", 11), CU_EFORMAT,
		      "invalid character 0x00");
	cu_buf_addstr(&big, "pkg:generic/x?a=");
	while (big.len <= CU_CAP_PURL_BYTES)
		cu_buf_addstr(&big, "aaaaaaaaaaaaaaaa");
	check_invalid(t, cu_buf_span(&big), CU_ETOOBIG, "more than the limit");
	cu_buf_release(&big);
}

static void test_build_invalid(struct unit *t)
{
	struct cu_purl_qualifier bad_key[] = { { "a=b", "c" } };
	struct cu_purl_qualifier dup_key[] = { { "a", "1" }, { "A", "2" } };
	struct cu_purl cases[] = {
		{ .type = NULL, .name = "x" },
		{ .type = "maven/x", .name = "y" },
		{ .type = "npm", .name = "" },
		{ .type = "swift", .namespace = "github.com/a", .name = NULL },
		{ .type = "npm", .name = "x", .qualifiers = bad_key, .nqualifiers = 1 },
		{ .type = "npm", .name = "x", .qualifiers = dup_key, .nqualifiers = 2 },
		{ .type = "npm", .name = "x", .version = "\xff" },
	};
	struct cu_buf out = CU_BUF_INIT;
	char *huge = calloc(1, CU_CAP_PURL_BYTES + 2);

	cu_buf_addstr(&out, "kept");
	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_err err = { 0 };

		CHECK_INT(t, cu_purl_build(&cases[i], &out, &err), CU_EFORMAT);
		CHECK(t, err.msg[0] != '\0');
	}
	memset(huge, 'a', CU_CAP_PURL_BYTES + 1);
	CHECK_INT(t, cu_purl_make(&out, "generic", NULL, huge, NULL, NULL, NULL),
		  CU_ETOOBIG);
	CHECK_STR(t, cu_buf_str(&out), "kept");
	free(huge);
	cu_buf_release(&out);
}

static void test_build_normalises(struct unit *t)
{
	struct cu_purl_qualifier quals[] = {
		{ "Repository_URL", "https://example.com/a b" },
		{ "checksum", "sha1:ab,sha256:cd" },
		{ "empty", "" },
		{ "arch", "x86_64" },
	};
	struct cu_purl p = {
		.type = "GitHub", .namespace = "/Package-URL//", .name = "Purl-Spec",
		.version = "v1.0+meta", .subpath = "/./a/../b//c/",
		.qualifiers = quals, .nqualifiers = 4,
	};
	struct cu_purl git = { .type = "git", .namespace = "codeberg.org",
			       .name = "forgejo/forgejo" };
	struct cu_buf out = CU_BUF_INIT;

	CHECK_INT(t, cu_purl_build(&p, &out, NULL), 0);
	CHECK_STR(t, cu_buf_str(&out),
		  "pkg:github/package-url/purl-spec@v1.0%2Bmeta?arch=x86_64"
		  "&checksum=sha1:ab%2Csha256:cd"
		  "&repository_url=https:%2F%2Fexample.com%2Fa%20b#a/b/c");
	cu_buf_reset(&out);
	CHECK_INT(t, cu_purl_build(&git, &out, NULL), 0);
	CHECK_STR(t, cu_buf_str(&out), "pkg:git/codeberg.org/forgejo/forgejo");
	cu_buf_reset(&out);
	CHECK_INT(t, cu_purl_normalize(cu_span_str("PKG:///Brew/Homebrew/Core/Node@20@20.1?A=1#/x/"),
				       &out, NULL), 0);
	CHECK_STR(t, cu_buf_str(&out), "pkg:brew/homebrew/core/node%4020@20.1?a=1#x");
	cu_buf_release(&out);
}

const struct unit_test purl_tests[] = {
	{ "purl/spec-vectors", test_spec },
	{ "purl/type-vectors", test_types },
	{ "purl/catalogers", test_catalogers },
	{ "purl/parse", test_parse_ours },
	{ "purl/invalid", test_invalid },
	{ "purl/build-invalid", test_build_invalid },
	{ "purl/build-normalises", test_build_normalises },
	{ NULL, NULL },
};
