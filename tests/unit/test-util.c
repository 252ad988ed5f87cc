/*
 * test-util.c - spans, buffers, arenas, the hash map, SHA-1 and base64.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "digest.h"
#include "map.h"
#include "unit.h"

static void test_span_split(struct unit *t)
{
	struct cu_span s = cu_span_str("a:b::c"), head;

	CHECK(t, cu_span_split(&s, ':', &head) && cu_span_eq_str(head, "a"));
	CHECK(t, cu_span_split(&s, ':', &head) && cu_span_eq_str(head, "b"));
	CHECK(t, cu_span_split(&s, ':', &head) && head.len == 0);
	CHECK(t, !cu_span_split(&s, ':', &head) && cu_span_eq_str(head, "c"));
	CHECK(t, s.len == 0);
}

static void test_span_lines(struct unit *t)
{
	struct cu_span s = cu_span_str("one\r\ntwo\n\nthree"), line;
	const char *want[] = { "one", "two", "", "three" };
	int n = 0;

	while (cu_span_pull_line(&s, &line)) {
		CHECK(t, n < 4 && cu_span_eq_str(line, want[n]));
		n++;
	}
	CHECK_INT(t, n, 4);
}

static void test_span_numbers(struct unit *t)
{
	uint64_t v = 0;

	CHECK(t, cu_span_to_u64(cu_span_str("18446744073709551615"), &v));
	CHECK(t, v == UINT64_MAX);
	CHECK(t, !cu_span_to_u64(cu_span_str("18446744073709551616"), &v));
	CHECK(t, !cu_span_to_u64(cu_span_str(""), &v));
	CHECK(t, !cu_span_to_u64(cu_span_str("12a"), &v));
	CHECK(t, !cu_span_to_u64(cu_span_str("-1"), &v));
}

static void test_buf_cap(struct unit *t)
{
	struct cu_buf b;

	cu_buf_init(&b, 10);
	CHECK_INT(t, cu_buf_addstr(&b, "0123456789"), 0);
	CHECK_INT(t, cu_buf_addch(&b, 'x'), CU_ETOOBIG);
	CHECK_STR(t, cu_buf_str(&b), "0123456789");
	cu_buf_reset(&b);
	CHECK_INT(t, cu_buf_addf(&b, "%d-%s", 42, "ok"), 0);
	CHECK_STR(t, cu_buf_str(&b), "42-ok");
	cu_buf_release(&b);
}

static void test_arena(struct unit *t)
{
	struct cu_arena a;
	char *big, *s;

	cu_arena_init(&a, 2 * 1024 * 1024);
	s = cu_arena_strdup(&a, "hello");
	CHECK_STR(t, s, "hello");
	big = cu_arena_alloc(&a, 1024 * 1024);
	CHECK(t, big != NULL);
	CHECK(t, cu_arena_alloc(&a, 4 * 1024 * 1024) == NULL);
	CHECK(t, cu_arena_calloc(&a, SIZE_MAX / 2, 4) == NULL);
	CHECK_STR(t, cu_arena_printf(&a, "%s-%d", "x", 7), "x-7");
	cu_arena_release(&a);
}

static void test_map(struct unit *t)
{
	struct cu_map m;
	char keys[2000][16];
	int vals[2000];
	size_t iter = 0, seen = 0;
	struct cu_span k;
	void *v;

	cu_map_init(&m, 0);
	for (int i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "key%d", i);
		vals[i] = i;
		CHECK_INT(t, cu_map_put(&m, cu_span_str(keys[i]), &vals[i]), 0);
	}
	for (int i = 0; i < 2000; i += 2)
		CHECK(t, cu_map_del(&m, cu_span_str(keys[i])) == &vals[i]);
	for (int i = 0; i < 2000; i++) {
		int *got = cu_map_get(&m, cu_span_str(keys[i]));

		CHECK(t, i % 2 ? got == &vals[i] : got == NULL);
	}
	while (cu_map_next(&m, &iter, &k, &v))
		seen++;
	CHECK_INT(t, seen, 1000);
	CHECK_INT(t, m.count, 1000);
	cu_map_release(&m);

	cu_map_init(&m, 3);
	for (int i = 0; i < 3; i++)
		CHECK_INT(t, cu_map_put(&m, cu_span_str(keys[i]), &vals[i]), 0);
	CHECK_INT(t, cu_map_put(&m, cu_span_str(keys[3]), &vals[3]), CU_ETOOBIG);
	cu_map_release(&m);
}

static void test_err_chain(struct unit *t)
{
	struct cu_err e = { 0 };

	cu_seterr(&e, CU_EFORMAT, "unexpected end of gzip stream");
	CHECK_INT(t, cu_seterr(&e, CU_EFORMAT, "cannot read layer '%s'", "sha256:ab"),
		  CU_EFORMAT);
	CHECK_STR(t, cu_err_message(&e),
		  "cannot read layer 'sha256:ab': unexpected end of gzip stream");
	cu_err_clear(&e);
	CHECK_STR(t, cu_err_message(&e), "success");
}

/* FIPS 180-2 appendix A's "abc"; RFC 4648 section 10's vectors. */
static void test_sha1_base64(struct unit *t)
{
	static const struct {
		const char *in, *out;
	} b64[] = {
		{ "Zg==", "f" }, { "Zm8=", "fo" }, { "Zm9v", "foo" }, { "Zm9vYg==", "foob" },
		{ "Zm9vYmE=", "fooba" }, { "Zm9vYmFy", "foobar" },
	};
	static const char *const bad[] = { "", "Zg=", "Zg=a", "Z===", "Zm9v!mFy", "=Zm9", "Zg==Zg==" };
	unsigned char out[16];
	char hex[41];
	size_t n;

	CHECK_INT(t, cu_sha1_hex("abc", 3, hex, sizeof(hex)), 0);
	CHECK_STR(t, hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	CHECK_INT(t, cu_sha1_hex("abc", 3, hex, 40), CU_ETOOBIG);
	for (size_t i = 0; i < CU_ARRAY_SIZE(b64); i++) {
		bool ok = cu_base64_decode(cu_span_str(b64[i].in), out, sizeof(out), &n);

		CHECK(t, ok && n == strlen(b64[i].out) && !memcmp(out, b64[i].out, n));
	}
	for (size_t i = 0; i < CU_ARRAY_SIZE(bad); i++)
		CHECK(t, !cu_base64_decode(cu_span_str(bad[i]), out, sizeof(out), &n));
	CHECK(t, !cu_base64_decode(cu_span_str("Zm9vYmFy"), out, 5, &n));	/* too small */
}

const struct unit_test util_tests[] = {
	{ "util/sha1-base64", test_sha1_base64 },
	{ "util/span-split", test_span_split },
	{ "util/span-lines", test_span_lines },
	{ "util/span-numbers", test_span_numbers },
	{ "util/buf-cap", test_buf_cap },
	{ "util/arena", test_arena },
	{ "util/map", test_map },
	{ "util/err-chain", test_err_chain },
	{ NULL, NULL },
};
