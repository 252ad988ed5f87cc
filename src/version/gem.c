/*
 * gem.c - RubyGems version ordering and requirements (purl type "gem").
 *
 * Implements Gem::Version and Gem::Requirement (rubygems lib/rubygems/
 * version.rb and requirement.rb):
 *
 *   version     = [ws] [ digits { "." alnum+ } [ "-" ident { "." ident } ] ] [ws]
 *   requirement = [ws] [ "=" | "!=" | ">" | "<" | ">=" | "<=" | "~>" ] [ws] version
 *
 * An empty version is "0". A '-' reads as ".pre.", then the segments are the
 * runs of digits and of letters ("1.0.rc1" is 1, 0, "rc", 1). Comparison
 * drops trailing zeros from the numbers before the first letter segment and
 * from the end ("1.0.a" == "1.a", "1.0" == "1"), then compares segment by
 * segment, missing ones counting as 0: numbers numerically, words bytewise
 * (case-sensitive, as Ruby's String#<=>), and a word below any number, so a
 * version with letters is a prerelease that sorts before its release.
 *
 * "~> X" holds for v >= X and v.release < X.bump: release drops everything
 * from the first word on, bump also drops the last number (unless it is the
 * only one) and increments what is then last ("~> 1.4.2" is >= 1.4.2, < 1.5).
 * satisfies() takes one requirement or a comma-separated list that must all
 * hold, as Gem::Requirement.new(">= 1.0", "< 2") does; this is also the form
 * GitHub advisories use.
 *
 * Comparison walks both strings with no allocation and compares numbers as
 * digit strings, so their length is unbounded; only "~>" builds its two
 * derived versions in a buffer.
 */
#include "common.h"
#include "version.h"

struct gem_seg {
	bool num;
	struct cu_span s;	/* digits without leading zeros (empty: 0), or a word */
};

/* Canonical segments of one version, produced on demand. */
struct gem_iter {
	struct cu_span v;
	size_t pos;
	bool seen_word;		/* past the first word: trailing-zero rule changes */
	size_t zeros;		/* zeros still to hand out before `held` */
	bool has_held;
	struct gem_seg held;
};

static const char pre_word[] = "pre";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static struct cu_span ws_trim(struct cu_span s)
{
	while (s.len && is_space(s.ptr[0]))
		s = cu_span_skip(s, 1);
	while (s.len && is_space(s.ptr[s.len - 1]))
		s.len--;
	return s;
}

/* ---- validation ---- */

static size_t run(struct cu_span v, size_t i, bool digits, bool letters, bool dash)
{
	while (i < v.len && ((digits && is_digit(v.ptr[i])) ||
			     (letters && is_alpha(v.ptr[i])) ||
			     (dash && v.ptr[i] == '-')))
		i++;
	return i;
}

/* Gem::Version::ANCHORED_VERSION_PATTERN on an already trimmed string. */
static bool gem_valid(struct cu_span v)
{
	size_t i, j;

	if (!v.len)
		return true;
	i = run(v, 0, true, false, false);
	if (i == 0)
		return false;
	while (i < v.len && v.ptr[i] == '.') {
		j = run(v, i + 1, true, true, false);
		if (j == i + 1)
			return false;
		i = j;
	}
	if (i < v.len && v.ptr[i] == '-') {
		do {
			j = run(v, i + 1, true, true, true);
			if (j == i + 1)
				return false;
			i = j;
		} while (i < v.len && v.ptr[i] == '.');
	}
	return i == v.len;
}

static int gem_check(struct cu_span *v)
{
	*v = ws_trim(*v);
	return gem_valid(*v) ? 0 : CU_EFORMAT;
}

/* ---- segments ---- */

/* The next run of digits or letters; a '-' is the word "pre". */
static bool next_raw(struct gem_iter *it, struct gem_seg *seg)
{
	struct cu_span v = it->v;
	size_t i = it->pos, j;

	while (i < v.len && !is_digit(v.ptr[i]) && !is_alpha(v.ptr[i]) && v.ptr[i] != '-')
		i++;
	if (i == v.len)
		return false;
	if (v.ptr[i] == '-') {
		it->pos = i + 1;
		*seg = (struct gem_seg){ false, cu_span_make(pre_word, 3) };
		return true;
	}
	seg->num = is_digit(v.ptr[i]);
	j = run(v, i, seg->num, !seg->num, false);
	it->pos = j;
	while (seg->num && i < j && v.ptr[i] == '0')
		i++;
	seg->s = cu_span_make(v.ptr + i, j - i);
	return true;
}

static bool is_zero(const struct gem_seg *seg)
{
	return seg->num && seg->s.len == 0;
}

static void iter_init(struct gem_iter *it, struct cu_span v)
{
	memset(it, 0, sizeof(*it));
	it->v = v;
}

/*
 * The next canonical segment. A run of zeros is dropped when it ends the
 * version, or ends the leading numbers right before the first word.
 */
static bool next_seg(struct gem_iter *it, struct gem_seg *seg)
{
	size_t zeros = 0;

	if (it->zeros) {
		it->zeros--;
		*seg = (struct gem_seg){ true, cu_span_make(pre_word, 0) };
		return true;
	}
	if (it->has_held) {
		it->has_held = false;
		*seg = it->held;
	} else if (!next_raw(it, seg)) {
		return false;
	}
	while (is_zero(seg)) {
		zeros++;
		if (!next_raw(it, seg))
			return false;
	}
	if (zeros && (seg->num || it->seen_word)) {
		it->zeros = zeros - 1;
		it->held = *seg;
		it->has_held = true;
		*seg = (struct gem_seg){ true, cu_span_make(pre_word, 0) };
		return true;
	}
	it->seen_word |= !seg->num;
	return true;
}

static int seg_cmp(const struct gem_seg *a, const struct gem_seg *b)
{
	int c;

	if (a->num != b->num)
		return a->num ? 1 : -1;
	if (a->num && a->s.len != b->s.len)
		return a->s.len < b->s.len ? -1 : 1;
	c = cu_span_cmp(a->s, b->s);
	return (c > 0) - (c < 0);
}

/* Gem::Version#<=> on two valid, trimmed versions. */
static int gem_cmp(struct cu_span a, struct cu_span b)
{
	static const struct gem_seg zero = { true, { pre_word, 0 } };
	struct gem_iter ia, ib;
	struct gem_seg sa, sb;

	iter_init(&ia, a);
	iter_init(&ib, b);
	for (;;) {
		bool ha = next_seg(&ia, &sa), hb = next_seg(&ib, &sb);
		int c;

		if (!ha && !hb)
			return 0;
		c = seg_cmp(ha ? &sa : &zero, hb ? &sb : &zero);
		if (c)
			return c;
	}
}

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	int err = gem_check(&a);

	if (!err)
		err = gem_check(&b);
	if (!err)
		*cmp = gem_cmp(a, b);
	return err;
}

static int validate(struct cu_span v)
{
	return gem_check(&v);
}

/* ---- requirements ---- */

/* How many numbers come before the first word. */
static size_t count_numbers(struct cu_span v)
{
	struct gem_iter it;
	struct gem_seg seg;
	size_t n = 0;

	iter_init(&it, v);
	while (next_raw(&it, &seg) && seg.num)
		n++;
	return n;
}

/* The first n numbers joined by '.'; *last is where the last one starts. */
static int join_numbers(struct cu_span v, size_t n, struct cu_buf *out, size_t *last)
{
	struct gem_iter it;
	struct gem_seg seg;
	int err = 0;

	*last = 0;
	iter_init(&it, v);
	for (size_t k = 0; k < n && !err && next_raw(&it, &seg); k++) {
		if (k)
			err = cu_buf_addch(out, '.');
		*last = out->len;
		if (!err)
			err = seg.s.len ? cu_buf_addspan(out, seg.s) : cu_buf_addch(out, '0');
	}
	return err;
}

/* Version#release of a prerelease: the numbers before the first word. */
static int release(struct cu_span v, struct cu_buf *out)
{
	size_t last;

	return join_numbers(v, count_numbers(v), out, &last);
}

/* Add one to the decimal number that ends the buffer, starting at from. */
static int increment_tail(struct cu_buf *out, size_t from)
{
	size_t i = out->len;
	int err;

	while (i > from && out->buf[i - 1] == '9')
		out->buf[--i] = '0';
	if (i > from) {
		out->buf[i - 1]++;
		return 0;
	}
	err = cu_buf_addch(out, '0');	/* 99 -> 00 -> 100 */
	if (!err)
		out->buf[from] = '1';
	return err;
}

/* Version#bump: release, drop the last number unless alone, increment. */
static int bump(struct cu_span v, struct cu_buf *out)
{
	size_t n = count_numbers(v), last;
	int err = join_numbers(v, n > 1 ? n - 1 : n, out, &last);

	if (!err && !out->len)
		err = cu_buf_addch(out, '0');	/* "" is version 0 */
	return err ? err : increment_tail(out, last);
}

/* "~> r": v >= r and v.release < r.bump */
static int pessimistic(struct cu_span v, struct cu_span r, bool *ok)
{
	struct cu_buf rel = CU_BUF_INIT, up = CU_BUF_INIT;
	bool pre = false;
	int err = 0;

	*ok = false;
	if (gem_cmp(v, r) < 0)
		return 0;
	for (size_t i = 0; i < v.len; i++)
		pre |= is_alpha(v.ptr[i]) || v.ptr[i] == '-';
	if (pre)
		err = release(v, &rel);
	if (!err)
		err = bump(r, &up);
	if (!err)
		*ok = gem_cmp(pre ? cu_buf_span(&rel) : v, cu_buf_span(&up)) < 0;
	cu_buf_release(&rel);
	cu_buf_release(&up);
	return err;
}

static const struct {
	const char *op;
	int lo, hi;	/* the <=> results that satisfy it */
	bool ne;
} gem_ops[] = {
	/* two-character operators first, so ">=" is not read as ">" */
	{ "~>", 0, 0, false }, { ">=", 0, 1, false }, { "<=", -1, 0, false },
	{ "!=", 0, 0, true }, { "=", 0, 0, false }, { ">", 1, 1, false },
	{ "<", -1, -1, false },
};

/* One requirement; a missing operator is "=". */
static int requirement_holds(struct cu_span v, struct cu_span req, bool *ok)
{
	size_t k = CU_ARRAY_SIZE(gem_ops);
	int c;

	req = ws_trim(req);
	for (size_t i = 0; i < CU_ARRAY_SIZE(gem_ops) && k == CU_ARRAY_SIZE(gem_ops); i++)
		if (cu_span_starts_with(req, gem_ops[i].op))
			k = i;
	if (k < CU_ARRAY_SIZE(gem_ops))
		req = ws_trim(cu_span_skip(req, strlen(gem_ops[k].op)));
	if (!req.len || !gem_valid(req))
		return CU_EFORMAT;
	if (k == 0)
		return pessimistic(v, req, ok);
	c = gem_cmp(v, req);
	if (k == CU_ARRAY_SIZE(gem_ops))
		*ok = c == 0;
	else if (gem_ops[k].ne)
		*ok = c != 0;
	else
		*ok = c >= gem_ops[k].lo && c <= gem_ops[k].hi;
	return 0;
}

static int satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	struct cu_span rest = range, req;
	bool more = true, all = true, ok = false;
	int err = gem_check(&version);

	*in = false;
	while (!err && more) {
		more = cu_span_split(&rest, ',', &req);
		err = requirement_holds(version, req, &ok);
		all = all && ok;
	}
	if (!err)
		*in = all;
	return err;
}

const struct cu_version_scheme cu_scheme_gem = {
	.name = "gem",
	.title = "RubyGems",
	.compare = compare,
	.validate = validate,
	.satisfies = satisfies,
};
