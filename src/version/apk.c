/*
 * apk.c - the apk version scheme: Alpine (apk-tools) package versions.
 *
 * Follows apk-tools src/version.c (apk_version_validate, apk_version_compare,
 * apk_version_match) as of apk-tools 3. The grammar is
 *
 *   digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}
 *
 * with suffixes _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git <
 * _hg < _p, a lowercase hex commit hash after '~', and the package revision
 * after "-r". Both versions are cut into tokens and compared token by token:
 * numbers numerically (a later dotted component with a leading zero compares
 * as a string instead, as Gentoo does), letters and suffixes by rank, hashes
 * as strings. When one version runs out of tokens first, a pre-release
 * suffix on the other makes that one older; otherwise the version with more
 * tokens is newer.
 *
 * Invalid versions are not refused: tokenising stops at the first bad token,
 * which then sorts before any valid token, just as apk does ("1.0" < "1.0bc").
 * So compare() never fails; validate() reports apk_version_validate().
 * Numbers wrap modulo 2^64 like apk's uint64_t parser.
 *
 * satisfies() takes apk's dependency constraint syntax without the package
 * name: an operator made of '<', '>', '=', '~' followed by a version, e.g.
 * ">=1.2.3-r1", "~3.6" (fuzzy: 3.6, 3.6.1, 3.6_rc1 ...) or "<~3.6".
 */
#include "common.h"
#include "version.h"

/* Token kinds in the order they may follow each other. */
enum apk_tok {
	TOK_INITIAL_DIGIT,
	TOK_DIGIT,
	TOK_LETTER,
	TOK_SUFFIX,
	TOK_SUFFIX_NO,
	TOK_COMMIT_HASH,
	TOK_REVISION_NO,
	TOK_END,
	TOK_INVALID,
};

/* Suffix ranks; SUF_NONE is the pivot between pre- and post-releases. */
enum apk_suffix {
	SUF_INVALID,
	SUF_ALPHA,
	SUF_BETA,
	SUF_PRE,
	SUF_RC,
	SUF_NONE,
	SUF_CVS,
	SUF_SVN,
	SUF_GIT,
	SUF_HG,
	SUF_P,
};

static const char *const suffix_names[] = {
	[SUF_ALPHA] = "alpha",
	[SUF_BETA] = "beta",
	[SUF_PRE] = "pre",
	[SUF_RC] = "rc",
	[SUF_CVS] = "cvs",
	[SUF_SVN] = "svn",
	[SUF_GIT] = "git",
	[SUF_HG] = "hg",
	[SUF_P] = "p",
};

struct apk_token {
	enum apk_tok type;
	enum apk_suffix suffix;	/* for TOK_SUFFIX */
	uint64_t number;	/* for the numeric kinds */
	struct cu_span value;	/* the bytes of the token */
};

/* Result bits of a comparison, as apk's APK_VERSION_* */
enum apk_match {
	APK_EQUAL = 1 << 0,
	APK_LESS = 1 << 1,
	APK_GREATER = 1 << 2,
	APK_FUZZY = 1 << 3,
};

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

/* Pull the longest prefix of *s whose bytes satisfy pred. */
static struct cu_span pull_while(struct cu_span *s, bool (*pred)(unsigned char))
{
	struct cu_span head;
	size_t n = 0;

	while (n < s->len && pred(s->ptr[n]))
		n++;
	head = cu_span_sub(*s, 0, n);
	*s = cu_span_skip(*s, n);
	return head;
}

static void pull_number(struct apk_token *t, struct cu_span *s)
{
	t->value = pull_while(s, is_digit);
	t->number = 0;
	for (size_t i = 0; i < t->value.len; i++)
		t->number = t->number * 10 + (uint64_t)(t->value.ptr[i] - '0');
	if (!t->value.len)
		t->type = TOK_INVALID;
}

static enum apk_suffix suffix_lookup(struct cu_span name)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(suffix_names); i++)
		if (suffix_names[i] && cu_span_eq_str(name, suffix_names[i]))
			return (enum apk_suffix)i;
	return SUF_INVALID;
}

static void token_first(struct apk_token *t, struct cu_span *s)
{
	t->type = TOK_INITIAL_DIGIT;
	pull_number(t, s);
}

/* A number after '.', after another number, or after a suffix name. */
static void next_number(struct apk_token *t, struct cu_span *s)
{
	if (t->type == TOK_INITIAL_DIGIT || t->type == TOK_DIGIT)
		t->type = TOK_DIGIT;
	else if (t->type == TOK_SUFFIX)
		t->type = TOK_SUFFIX_NO;
	else
		t->type = TOK_INVALID;
	if (t->type != TOK_INVALID)
		pull_number(t, s);
}

static void next_suffix(struct apk_token *t, struct cu_span *s)
{
	t->value = pull_while(s, is_lower);
	t->suffix = suffix_lookup(t->value);
	t->type = t->suffix == SUF_INVALID ? TOK_INVALID : TOK_SUFFIX;
}

static void next_hash(struct apk_token *t, struct cu_span *s)
{
	t->value = pull_while(s, is_hex);
	t->type = t->value.len ? TOK_COMMIT_HASH : TOK_INVALID;
}

static void next_revision(struct apk_token *t, struct cu_span *s)
{
	if (!cu_span_starts_with(*s, "r")) {
		t->type = TOK_INVALID;
		return;
	}
	*s = cu_span_skip(*s, 1);
	t->type = TOK_REVISION_NO;
	pull_number(t, s);
}

/*
 * Advance t to the next token of *s. The first byte says what kind of token
 * comes; it must also be allowed after the kind of the previous token.
 */
static void token_next(struct apk_token *t, struct cu_span *s)
{
	unsigned char c;

	if (!s->len) {
		t->type = TOK_END;
		return;
	}
	c = s->ptr[0];
	if (is_lower(c) && t->type <= TOK_DIGIT) {
		t->value = cu_span_sub(*s, 0, 1);
		t->type = TOK_LETTER;
		*s = cu_span_skip(*s, 1);
	} else if (c == '.' && t->type <= TOK_DIGIT) {
		*s = cu_span_skip(*s, 1);
		next_number(t, s);
	} else if (is_digit(c)) {
		next_number(t, s);
	} else if (c == '_' && t->type <= TOK_SUFFIX_NO) {
		*s = cu_span_skip(*s, 1);
		next_suffix(t, s);
	} else if (c == '~' && t->type < TOK_COMMIT_HASH) {
		*s = cu_span_skip(*s, 1);
		next_hash(t, s);
	} else if (c == '-' && t->type < TOK_REVISION_NO) {
		*s = cu_span_skip(*s, 1);
		next_revision(t, s);
	} else {
		t->type = TOK_INVALID;
	}
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_bytes(struct cu_span a, struct cu_span b)
{
	int r = cu_span_cmp(a, b);

	return (r > 0) - (r < 0);
}

/* Compare two tokens of the same kind. */
static int token_cmp(const struct apk_token *ta, const struct apk_token *tb)
{
	switch (ta->type) {
	case TOK_DIGIT:
		/* a later component with a leading zero sorts as a string */
		if (ta->value.ptr[0] == '0' || tb->value.ptr[0] == '0')
			return cmp_bytes(ta->value, tb->value);
		/* fallthrough */
	case TOK_INITIAL_DIGIT:
	case TOK_SUFFIX_NO:
	case TOK_REVISION_NO:
		return cmp_u64(ta->number, tb->number);
	case TOK_LETTER:
		return cmp_u64((unsigned char)ta->value.ptr[0],
			       (unsigned char)tb->value.ptr[0]);
	case TOK_SUFFIX:
		return cmp_u64(ta->suffix, tb->suffix);
	default:
		return cmp_bytes(ta->value, tb->value);
	}
}

/* Once the shared tokens are equal: which of the unequal kinds is newer. */
static int tail_cmp(const struct apk_token *ta, const struct apk_token *tb)
{
	if (ta->type == TOK_SUFFIX && ta->suffix < SUF_NONE)
		return -1;
	if (tb->type == TOK_SUFFIX && tb->suffix < SUF_NONE)
		return 1;
	/* a later kind (the end, or an invalid token) is older */
	return (ta->type < tb->type) - (ta->type > tb->type);
}

/*
 * apk_version_compare: -1, 0 or 1. With fuzzy, a that merely extends b
 * ("3.6.1" against "3.6") is equal.
 */
static int apk_cmp(struct cu_span a, struct cu_span b, bool fuzzy)
{
	struct apk_token ta, tb;
	int r = 0;

	token_first(&ta, &a);
	token_first(&tb, &b);
	while (ta.type == tb.type && ta.type < TOK_END) {
		r = token_cmp(&ta, &tb);
		if (r)
			return r;
		token_next(&ta, &a);
		token_next(&tb, &b);
	}
	if (ta.type == tb.type || (fuzzy && tb.type == TOK_END))
		return 0;
	return tail_cmp(&ta, &tb);
}

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	*cmp = apk_cmp(a, b, false);
	return 0;
}

static int validate(struct cu_span v)
{
	struct apk_token t;

	for (token_first(&t, &v); t.type < TOK_END; token_next(&t, &v))
		;
	return t.type == TOK_END ? 0 : CU_EFORMAT;
}

/* Pull a constraint operator; 0 when there is none or it is not an order. */
static unsigned pull_operator(struct cu_span *range)
{
	unsigned mask = 0;

	for (; range->len; *range = cu_span_skip(*range, 1)) {
		switch (range->ptr[0]) {
		case '<': mask |= APK_LESS; continue;
		case '>': mask |= APK_GREATER; continue;
		case '=': mask |= APK_EQUAL; continue;
		case '~': mask |= APK_FUZZY | APK_EQUAL; continue;
		}
		break;
	}
	/* "><" is apk's checksum match, not a version relation */
	if ((mask & APK_LESS) && (mask & APK_GREATER))
		return 0;
	return mask;
}

static int satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	struct cu_span want = cu_span_trim(range);
	unsigned mask = pull_operator(&want);
	int r;

	if (!mask || !want.len)
		return CU_EFORMAT;
	r = apk_cmp(version, want, mask & APK_FUZZY);
	*in = (mask & (r < 0 ? APK_LESS : r > 0 ? APK_GREATER : APK_EQUAL)) != 0;
	return 0;
}

const struct cu_version_scheme cu_scheme_apk = {
	.name = "apk",
	.title = "Alpine (apk-tools)",
	.compare = compare,
	.validate = validate,
	.satisfies = satisfies,
};
