/*
 * npm.c - the npm version scheme: SemVer 2.0 versions as node-semver parses
 * and orders them (classes/semver.js, internal/re.js, https://semver.org).
 *
 * Strict:  v?N.N.N[-pre][+build]      N = 0|[1-9][0-9]*
 * Loose:   [v= ]*N.N.N[-]pre[+build]  N = [0-9]+
 *
 * pre and build are identifiers [0-9A-Za-z-]+ joined by '.'; in strict
 * mode an all-digit pre-release identifier has no leading zero. A version
 * is at most 256 characters, surrounding JavaScript white space is trimmed,
 * and major, minor and patch are at most 2^53 - 1.
 *
 * Order: major, minor, patch as numbers; a pre-release sorts before its
 * release; pre-release identifiers compare left to right, all-digit ones as
 * numbers and below the others, which compare in ASCII order; a longer list
 * sorts after its own prefix. Build metadata is ignored. Identifiers of any
 * length compare exactly (node's Number would round above 2^53).
 *
 * node-semver ranges are in npm-range.c; Cargo's requirements, built on the
 * same versions, in cargo.c.
 */
#include "common.h"
#include "semver-internal.h"
#include "version.h"

/* White space ------------------------------------------------------------- */

size_t semver_js_space(struct cu_span s, size_t i)
{
	const unsigned char *p = (const unsigned char *)s.ptr + i;
	size_t n = i < s.len ? s.len - i : 0;

	if (!n)
		return 0;
	if (p[0] == ' ' || (p[0] >= 0x09 && p[0] <= 0x0d))
		return 1;
	if (n >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
		return 2;
	if (n < 3)
		return 0;
	if ((p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80) ||
	    (p[0] == 0xe2 && p[1] == 0x80 &&
	     ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 ||
	      p[2] == 0xaf)) ||
	    (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) ||
	    (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) ||
	    (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf))
		return 3;
	return 0;
}

static size_t space_before(struct cu_span s, size_t end)
{
	for (size_t n = 1; n <= 3 && n <= end; n++)
		if (semver_js_space(cu_span_sub(s, end - n, n), 0) == n)
			return n;
	return 0;
}

struct cu_span semver_js_trim(struct cu_span s)
{
	size_t n;

	while ((n = semver_js_space(s, 0)))
		s = cu_span_skip(s, n);
	while ((n = space_before(s, s.len)))
		s.len -= n;
	return s;
}

/* Numbers and identifiers ------------------------------------------------- */

bool semver_scan_num(struct cu_span s, size_t *pos, bool strict)
{
	size_t i = *pos;

	if (i >= s.len || !semver_is_digit(s.ptr[i]))
		return false;
	if (strict && s.ptr[i] == '0') {
		*pos = i + 1;
		return true;
	}
	while (i < s.len && semver_is_digit(s.ptr[i]))
		i++;
	*pos = i;
	return true;
}

bool semver_num_value(struct cu_span digits, uint64_t max, uint64_t *value)
{
	uint64_t v = 0;

	if (!digits.len)
		return false;
	for (size_t i = 0; i < digits.len; i++) {
		unsigned d = (unsigned char)digits.ptr[i] - '0';

		if (d > 9 || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*value = v;
	return true;
}

static bool all_digits(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!semver_is_digit(s.ptr[i]))
			return false;
	return s.len > 0;
}

static bool scan_ident(struct cu_span s, size_t *pos, bool numeric_strict)
{
	size_t i = *pos;

	while (i < s.len && semver_is_ident(s.ptr[i]))
		i++;
	if (i == *pos)
		return false;
	if (numeric_strict && i - *pos > 1 && s.ptr[*pos] == '0' &&
	    all_digits(cu_span_sub(s, *pos, i - *pos)))
		return false;
	*pos = i;
	return true;
}

bool semver_scan_idents(struct cu_span s, size_t *pos, bool numeric_strict)
{
	size_t i = *pos, j;

	if (!scan_ident(s, &i, numeric_strict))
		return false;
	while (i < s.len && s.ptr[i] == '.') {
		j = i + 1;
		if (!scan_ident(s, &j, numeric_strict))
			break;
		i = j;
	}
	*pos = i;
	return true;
}

bool cu_semver_ident_next(struct cu_span *list, struct cu_span *ident)
{
	ptrdiff_t dot;

	if (!list->len)
		return false;
	dot = cu_span_find(*list, '.');
	*ident = cu_span_sub(*list, 0, dot < 0 ? list->len : (size_t)dot);
	*list = cu_span_skip(*list, dot < 0 ? list->len : (size_t)dot + 1);
	return true;
}

/* Ordering ---------------------------------------------------------------- */

static struct cu_span no_zeros(struct cu_span d)
{
	while (d.len > 1 && d.ptr[0] == '0')
		d = cu_span_skip(d, 1);
	return d;
}

static int ident_cmp(struct cu_span a, struct cu_span b)
{
	bool na = all_digits(a), nb = all_digits(b);

	if (na != nb)
		return na ? -1 : 1;
	if (na) {
		a = no_zeros(a);
		b = no_zeros(b);
		if (a.len != b.len)
			return a.len < b.len ? -1 : 1;
	}
	return cu_span_cmp(a, b);
}

int semver_pre_cmp(struct cu_span a, struct cu_span b)
{
	struct cu_span ia, ib;
	int c;

	if (!a.len || !b.len)
		return (a.len == 0) - (b.len == 0);
	for (;;) {
		bool ha = cu_semver_ident_next(&a, &ia);
		bool hb = cu_semver_ident_next(&b, &ib);

		if (!ha || !hb)
			return ha - hb;
		if ((c = ident_cmp(ia, ib)))
			return c;
	}
}

static int u64_cmp(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

int cu_semver_cmp(const struct cu_semver *a, const struct cu_semver *b)
{
	int c;

	if ((c = u64_cmp(a->major, b->major)) ||
	    (c = u64_cmp(a->minor, b->minor)) ||
	    (c = u64_cmp(a->patch, b->patch)))
		return c;
	return semver_pre_cmp(a->pre, b->pre);
}

/* Matching node-semver's version expressions ------------------------------ */

static bool at(struct cu_span s, size_t i, char c)
{
	return i < s.len && s.ptr[i] == c;
}

/* [v=\s]* of the loose and x-range forms, or the v? of the strict one. */
static size_t skip_prefix(struct cu_span s, size_t pos,
			  enum semver_plain_kind kind)
{
	size_t n;

	if (kind == SEMVER_FULLPLAIN)
		return at(s, pos, 'v') ? pos + 1 : pos;
	for (;;) {
		if (at(s, pos, 'v') || at(s, pos, '='))
			pos++;
		else if ((n = semver_js_space(s, pos)))
			pos += n;
		else
			return pos;
	}
}

/* -pre, or in loose forms also pre with no hyphen. */
static size_t match_pre(struct cu_span s, size_t pos, bool loose,
			struct semver_plain *p)
{
	size_t i = pos + 1;

	if (at(s, pos, '-') && semver_scan_idents(s, &i, !loose)) {
		p->pre = cu_span_sub(s, pos + 1, i - pos - 1);
		return i;
	}
	i = pos;
	if (loose && semver_scan_idents(s, &i, false)) {
		p->pre = cu_span_sub(s, pos, i - pos);
		return i;
	}
	return pos;
}

static size_t match_build(struct cu_span s, size_t pos, struct semver_plain *p)
{
	size_t i = pos + 1;

	if (!at(s, pos, '+') || !semver_scan_idents(s, &i, false))
		return pos;
	p->build = cu_span_sub(s, pos + 1, i - pos - 1);
	return i;
}

static bool take_part(struct cu_span s, size_t *pos, bool xrange, bool strict,
		      struct cu_span *part)
{
	size_t start = *pos;

	if (xrange && (at(s, start, 'x') || at(s, start, 'X') ||
		       at(s, start, '*')))
		(*pos)++;
	else if (!semver_scan_num(s, pos, strict))
		return false;
	*part = cu_span_sub(s, start, *pos - start);
	return true;
}

bool semver_match_plain(struct cu_span s, size_t pos,
			enum semver_plain_kind kind, bool loose,
			struct semver_plain *p)
{
	bool xrange = kind == SEMVER_XRANGEPLAIN;
	bool strict = kind == SEMVER_FULLPLAIN || (xrange && !loose);
	size_t i;

	memset(p, 0, sizeof(*p));
	pos = skip_prefix(s, pos, kind);
	if (!take_part(s, &pos, xrange, strict, &p->num[0]))
		return false;
	for (int k = 1; k < 3; k++) {
		i = pos + 1;
		if (!at(s, pos, '.') ||
		    !take_part(s, &i, xrange, strict, &p->num[k])) {
			p->end = pos;
			return xrange;	/* x-ranges may stop early */
		}
		pos = i;
	}
	loose = kind == SEMVER_LOOSEPLAIN || (xrange && loose);
	pos = match_pre(s, pos, loose, p);
	p->end = match_build(s, pos, p);
	return true;
}

int semver_from_plain(const struct semver_plain *p, struct cu_semver *out)
{
	if (!semver_num_value(p->num[0], SEMVER_MAX_SAFE, &out->major) ||
	    !semver_num_value(p->num[1], SEMVER_MAX_SAFE, &out->minor) ||
	    !semver_num_value(p->num[2], SEMVER_MAX_SAFE, &out->patch))
		return CU_EFORMAT;
	out->pre = p->pre;
	out->build = p->build;
	return 0;
}

int cu_semver_parse(struct cu_span v, unsigned flags, struct cu_semver *out)
{
	bool loose = flags & CU_SEMVER_LOOSE;
	enum semver_plain_kind kind;
	struct semver_plain p;
	struct cu_span s;

	if (v.len > SEMVER_MAX_LENGTH)
		return CU_EFORMAT;
	s = semver_js_trim(v);
	kind = loose ? SEMVER_LOOSEPLAIN : SEMVER_FULLPLAIN;
	if (!semver_match_plain(s, 0, kind, loose, &p) || p.end != s.len)
		return CU_EFORMAT;
	return semver_from_plain(&p, out);
}

int cu_semver_compare_opts(struct cu_span a, struct cu_span b, unsigned flags,
			   int *cmp)
{
	struct cu_semver va, vb;

	if (cu_semver_parse(a, flags, &va) || cu_semver_parse(b, flags, &vb))
		return CU_EFORMAT;
	*cmp = cu_semver_cmp(&va, &vb);
	return 0;
}

/* The scheme -------------------------------------------------------------- */

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	return cu_semver_compare_opts(a, b, 0, cmp);
}

static int validate(struct cu_span v)
{
	struct cu_semver parsed;

	return cu_semver_parse(v, 0, &parsed);
}

static int satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	return cu_semver_satisfies_opts(version, range, 0, in);
}

const struct cu_version_scheme cu_scheme_npm = {
	.name = "npm",
	.title = "npm (node-semver)",
	.compare = compare,
	.validate = validate,
	.satisfies = satisfies,
};
