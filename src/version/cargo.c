/*
 * cargo.c - the cargo version scheme: crate versions and Cargo's version
 * requirements, as the semver crate Cargo uses implements them (its
 * parse.rs and eval.rs; "Specifying Dependencies" in the Cargo book).
 *
 * Versions are strict SemVer 2.0, N.N.N[-pre][+build] with numbers up to
 * 2^64 - 1 and no leading zeros, no "v" and no white space. They order by
 * SemVer precedence, with the npm scheme's code (build metadata ignored).
 *
 * A requirement is "*" or up to 32 comparators joined by ',', each an
 * operator (= > >= < <= ~ ^; none means ^) and a partial version
 * major[.minor[.patch[-pre][+build]]], where minor and patch may be *, x or
 * X (only trailing, and only without an operator they make a wildcard):
 *
 *   ^1.2.3  >=1.2.3, <2.0.0      ~1.2.3  >=1.2.3, <1.3.0     1.*  >=1, <2
 *   ^0.2.3  >=0.2.3, <0.3.0      ~1      >=1.0.0, <2.0.0     >1   >=2.0.0
 *   ^0.0.3  =0.0.3               <1.2    <1.2.0              =1.2 1.2.x
 *
 * A version with a pre-release matches only if every comparator matches
 * and one of them has a pre-release tag on the same major.minor.patch.
 */
#include "common.h"
#include "semver-internal.h"
#include "version.h"

#define CARGO_COMPARATORS_MAX 32

enum cargo_op {
	CARGO_EXACT,
	CARGO_GREATER,
	CARGO_GREATER_EQ,
	CARGO_LESS,
	CARGO_LESS_EQ,
	CARGO_TILDE,
	CARGO_CARET,
	CARGO_WILDCARD,
};

struct cargo_comparator {
	unsigned char op;
	bool has_minor, has_patch;
	uint64_t major, minor, patch;
	struct cu_span pre;
};

struct cargo_req {
	size_t n;	/* 0 is "*" */
	struct cargo_comparator c[CARGO_COMPARATORS_MAX];
};

static bool at(struct cu_span s, size_t i, char c)
{
	return i < s.len && s.ptr[i] == c;
}

static size_t skip_blanks(struct cu_span s, size_t i)
{
	while (at(s, i, ' '))
		i++;
	return i;
}

/* A number without leading zeros, at most 2^64 - 1. */
static bool take_num(struct cu_span s, size_t *pos, uint64_t *value)
{
	size_t start = *pos;
	struct cu_span digits;

	if (!semver_scan_num(s, pos, true))
		return false;
	if (*pos < s.len && semver_is_digit(s.ptr[*pos]))
		return false;	/* "01" */
	digits = cu_span_sub(s, start, *pos - start);
	return semver_num_value(digits, UINT64_MAX, value);
}

/* -pre (numeric identifiers without leading zeros) and +build, if there. */
static bool take_pre_build(struct cu_span s, size_t *pos, struct cu_span *pre)
{
	size_t i;

	*pre = CU_SPAN_NULL;
	if (at(s, *pos, '-')) {
		i = *pos + 1;
		if (!semver_scan_idents(s, &i, true))
			return false;
		*pre = cu_span_sub(s, *pos + 1, i - *pos - 1);
		*pos = i;
	}
	if (at(s, *pos, '+')) {
		i = *pos + 1;
		if (!semver_scan_idents(s, &i, false))
			return false;
		*pos = i;
	}
	return true;
}

static int cargo_parse(struct cu_span s, struct cu_semver *v)
{
	size_t pos = 0;

	memset(v, 0, sizeof(*v));
	if (!take_num(s, &pos, &v->major) || !at(s, pos++, '.') ||
	    !take_num(s, &pos, &v->minor) || !at(s, pos++, '.') ||
	    !take_num(s, &pos, &v->patch) ||
	    !take_pre_build(s, &pos, &v->pre) || pos != s.len)
		return CU_EFORMAT;
	v->build = CU_SPAN_NULL;
	return 0;
}

/* Requirements ------------------------------------------------------------ */

static unsigned char take_op(struct cu_span s, size_t *pos)
{
	static const struct {
		const char *text;
		unsigned char op;
	} ops[] = {
		{ ">=", CARGO_GREATER_EQ }, { "<=", CARGO_LESS_EQ },
		{ "=", CARGO_EXACT }, { ">", CARGO_GREATER },
		{ "<", CARGO_LESS }, { "~", CARGO_TILDE }, { "^", CARGO_CARET },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(ops); i++) {
		if (cu_span_starts_with(cu_span_skip(s, *pos), ops[i].text)) {
			*pos += strlen(ops[i].text);
			return ops[i].op;
		}
	}
	return CARGO_CARET;
}

struct cursor {
	struct cu_span s;
	size_t pos;
	bool explicit_op;	/* then a wildcard just leaves a part out */
	bool wild;		/* a wildcard was seen */
};

static bool take_wildcard(struct cursor *c)
{
	struct cu_span s = c->s;

	if (!at(s, c->pos, '*') && !at(s, c->pos, 'x') && !at(s, c->pos, 'X'))
		return false;
	c->pos++;
	return true;
}

/* .minor or .patch: a number, or a wildcard; no number after a wildcard. */
static bool take_part(struct cursor *c, struct cargo_comparator *cmp,
		      bool *has, uint64_t *value)
{
	if (!at(c->s, c->pos, '.'))
		return true;
	c->pos++;
	if (take_wildcard(c)) {
		c->wild = true;
		if (!c->explicit_op)
			cmp->op = CARGO_WILDCARD;
		return true;
	}
	*has = true;
	return !c->wild && take_num(c->s, &c->pos, value);
}

static int parse_comparator(struct cu_span s, size_t *pos,
			    struct cargo_comparator *cmp)
{
	struct cursor c = { s, *pos, false, false };

	memset(cmp, 0, sizeof(*cmp));
	cmp->op = take_op(s, &c.pos);
	c.explicit_op = c.pos != *pos;
	c.pos = skip_blanks(s, c.pos);
	if (!take_num(s, &c.pos, &cmp->major) ||
	    !take_part(&c, cmp, &cmp->has_minor, &cmp->minor) ||
	    !take_part(&c, cmp, &cmp->has_patch, &cmp->patch) ||
	    (cmp->has_patch && !take_pre_build(s, &c.pos, &cmp->pre)))
		return CU_EFORMAT;
	*pos = skip_blanks(s, c.pos);
	return 0;
}

static int cargo_req_parse(struct cu_span s, struct cargo_req *req)
{
	size_t pos = skip_blanks(s, 0);
	int err;

	req->n = 0;
	if (at(s, pos, '*'))
		return skip_blanks(s, pos + 1) == s.len ? 0 : CU_EFORMAT;
	for (;;) {
		if (req->n == CARGO_COMPARATORS_MAX)
			return CU_ETOOBIG;
		if ((err = parse_comparator(s, &pos, &req->c[req->n++])))
			return err;
		if (pos == s.len)
			return 0;
		if (!at(s, pos, ','))
			return CU_EFORMAT;
		pos = skip_blanks(s, pos + 1);
	}
}

/* Matching ---------------------------------------------------------------- */

static int u64_cmp(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

/*
 * The version against the comparator's parts, left to right: the first
 * difference, or 2 when the comparator runs out of parts first.
 */
static int partial_cmp(const struct cu_semver *v,
		        const struct cargo_comparator *c)
{
	int d;

	if ((d = u64_cmp(v->major, c->major)))
		return d;
	if (!c->has_minor)
		return 2;
	if ((d = u64_cmp(v->minor, c->minor)))
		return d;
	if (!c->has_patch)
		return 2;
	if ((d = u64_cmp(v->patch, c->patch)))
		return d;
	return semver_pre_cmp(v->pre, c->pre);
}

/* A comparator without a patch has no pre-release: v must have none. */
static bool matches_exact(const struct cu_semver *v,
			   const struct cargo_comparator *c)
{
	int d = partial_cmp(v, c);

	return d == 0 || (d == 2 && !v->pre.len);
}

static bool matches_tilde(const struct cu_semver *v,
			   const struct cargo_comparator *c)
{
	if (v->major != c->major || (c->has_minor && v->minor != c->minor))
		return false;
	if (c->has_patch && v->patch != c->patch)
		return v->patch > c->patch;
	return semver_pre_cmp(v->pre, c->pre) >= 0;
}

static bool matches_caret(const struct cu_semver *v,
			   const struct cargo_comparator *c)
{
	if (v->major != c->major)
		return false;
	if (!c->has_minor)
		return true;
	if (!c->has_patch)
		return c->major > 0 ? v->minor >= c->minor :
				      v->minor == c->minor;
	if (c->major > 0 && v->minor != c->minor)
		return v->minor > c->minor;
	if (c->major == 0 && (v->minor != c->minor ||
			      (c->minor == 0 && v->patch != c->patch)))
		return false;
	if (v->patch != c->patch)
		return v->patch > c->patch;
	return semver_pre_cmp(v->pre, c->pre) >= 0;
}

static bool matches(const struct cu_semver *v, const struct cargo_comparator *c)
{
	int d = partial_cmp(v, c);

	switch (c->op) {
	case CARGO_GREATER:
		return d != 2 && d > 0;
	case CARGO_GREATER_EQ:
		return matches_exact(v, c) || (d != 2 && d > 0);
	case CARGO_LESS:
		return d != 2 && d < 0;
	case CARGO_LESS_EQ:
		return matches_exact(v, c) || (d != 2 && d < 0);
	case CARGO_TILDE:
		return matches_tilde(v, c);
	case CARGO_CARET:
		return matches_caret(v, c);
	default:
		return matches_exact(v, c);
	}
}

/*
 * A pre-release is let in only by a comparator naming its major.minor.patch
 * (a comparator with a pre-release tag always has minor and patch).
 */
static bool pre_allowed(const struct cu_semver *v, const struct cargo_req *req)
{
	for (size_t i = 0; i < req->n; i++) {
		const struct cargo_comparator *c = &req->c[i];

		if (c->pre.len && c->major == v->major &&
		    c->minor == v->minor && c->patch == v->patch)
			return true;
	}
	return false;
}

static bool req_matches(const struct cargo_req *req, const struct cu_semver *v)
{
	for (size_t i = 0; i < req->n; i++)
		if (!matches(v, &req->c[i]))
			return false;
	return !v->pre.len || pre_allowed(v, req);
}

/* The scheme -------------------------------------------------------------- */

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	struct cu_semver va, vb;

	if (cargo_parse(a, &va) || cargo_parse(b, &vb))
		return CU_EFORMAT;
	*cmp = cu_semver_cmp(&va, &vb);
	return 0;
}

static int validate(struct cu_span v)
{
	struct cu_semver parsed;

	return cargo_parse(v, &parsed);
}

static int satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	struct cargo_req req;
	struct cu_semver v;
	int err;

	if ((err = cargo_req_parse(range, &req)))
		return err;
	if (cargo_parse(version, &v))
		return CU_EFORMAT;
	*in = req_matches(&req, &v);
	return 0;
}

const struct cu_version_scheme cu_scheme_cargo = {
	.name = "cargo",
	.title = "Rust (Cargo SemVer)",
	.compare = compare,
	.validate = validate,
	.satisfies = satisfies,
};
