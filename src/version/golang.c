/*
 * golang.c - Go module version ordering (purl type "golang").
 *
 * Implements golang.org/x/mod/semver: "v" MAJOR [ "." MINOR [ "." PATCH
 * [ "-" PRERELEASE ] [ "+" BUILD ] ] ], with the shorthands v1 == v1.0.0 and
 * v1.2 == v1.2.0 (which may not carry a prerelease or build), numbers without
 * leading zeros, SemVer 2.0.0 prerelease precedence and build metadata
 * ignored (so "+incompatible" does not change the order). Pseudo-versions
 * (v0.0.0-20191109021931-daa7c04131f5, v1.2.4-0.2019...) are ordinary
 * prereleases and sort correctly without special cases.
 *
 * The scheme's compare() also takes versions without the "v" (the OSV "Go"
 * ecosystem writes "1.2.3"): such a version is read as if "v" were prepended.
 * As in x/mod/semver, invalid versions are not an error for compare(): they
 * are equal to each other and less than every valid version. validate()
 * reports them.
 *
 * Numbers are compared as digit strings, so there is no size limit and no
 * allocation.
 */
#include "common.h"
#include "golang.h"
#include "version.h"

static const char zero_digit[] = "0";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '-';
}

/* A decimal number at the front of *s, "0" or without leading zeros. */
static bool pull_int(struct cu_span *s, struct cu_span *num)
{
	size_t i = 0;

	while (i < s->len && is_digit(s->ptr[i]))
		i++;
	if (i == 0 || (s->ptr[0] == '0' && i != 1))
		return false;
	*num = cu_span_make(s->ptr, i);
	*s = cu_span_skip(*s, i);
	return true;
}

static bool is_num(struct cu_span id)
{
	for (size_t i = 0; i < id.len; i++)
		if (!is_digit(id.ptr[i]))
			return false;
	return true;
}

/* A numeric identifier with a leading zero, which SemVer forbids. */
static bool is_bad_num(struct cu_span id)
{
	return id.len > 1 && id.ptr[0] == '0' && is_num(id);
}

static bool ident_ok(struct cu_span id, bool numbers_checked)
{
	return id.len && !(numbers_checked && is_bad_num(id));
}

/*
 * The prerelease ("-a.b", ends at '+') or build ("+a.b", runs to the end)
 * at the front of *s, including its lead character.
 */
static bool pull_idents(struct cu_span *s, bool prerelease, struct cu_span *out)
{
	size_t i = 1, start = 1;

	for (; i < s->len && !(prerelease && s->ptr[i] == '+'); i++) {
		char c = s->ptr[i];

		if (!is_ident_char(c) && c != '.')
			return false;
		if (c != '.')
			continue;
		if (!ident_ok(cu_span_sub(*s, start, i - start), prerelease))
			return false;
		start = i + 1;
	}
	if (!ident_ok(cu_span_sub(*s, start, i - start), prerelease))
		return false;
	*out = cu_span_make(s->ptr, i);
	*s = cu_span_skip(*s, i);
	return true;
}

/* "." and a number at the front of *s. */
static bool pull_dot_int(struct cu_span *s, struct cu_span *num)
{
	struct cu_span rest;

	if (!s->len || s->ptr[0] != '.')
		return false;
	rest = cu_span_skip(*s, 1);
	if (!pull_int(&rest, num))
		return false;
	*s = rest;
	return true;
}

/* The dotted tail after MAJOR; sets the shorthand level on early end. */
static int parse_minor_patch(struct cu_span v, struct cu_golang_semver *p)
{
	if (!v.len) {
		p->shorthand = 2;
		return 0;
	}
	if (!pull_dot_int(&v, &p->minor))
		return CU_EFORMAT;
	if (!v.len) {
		p->shorthand = 1;
		return 0;
	}
	if (!pull_dot_int(&v, &p->patch))
		return CU_EFORMAT;
	if (v.len && v.ptr[0] == '-' && !pull_idents(&v, true, &p->prerelease))
		return CU_EFORMAT;
	if (v.len && v.ptr[0] == '+' && !pull_idents(&v, false, &p->build))
		return CU_EFORMAT;
	return v.len ? CU_EFORMAT : 0;
}

static int parse(struct cu_span v, bool need_v, struct cu_golang_semver *p)
{
	memset(p, 0, sizeof(*p));
	p->minor = p->patch = cu_span_make(zero_digit, 1);
	p->prerelease = p->build = cu_span_make(v.ptr, 0);
	if (v.len && v.ptr[0] == 'v')
		v = cu_span_skip(v, 1);
	else if (need_v)
		return CU_EFORMAT;
	if (!pull_int(&v, &p->major))
		return CU_EFORMAT;
	return parse_minor_patch(v, p);
}

int cu_golang_semver_parse(struct cu_span v, struct cu_golang_semver *out)
{
	return parse(v, true, out);
}

bool cu_golang_semver_is_valid(struct cu_span v)
{
	struct cu_golang_semver p;

	return parse(v, true, &p) == 0;
}

/* Both are decimal numbers without leading zeros: longer is larger. */
static int cmp_int(struct cu_span x, struct cu_span y)
{
	int c;

	if (x.len != y.len)
		return x.len < y.len ? -1 : 1;
	c = x.len ? memcmp(x.ptr, y.ptr, x.len) : 0;
	return (c > 0) - (c < 0);
}

static struct cu_span next_ident(struct cu_span *s)
{
	struct cu_span id = *s;
	ptrdiff_t dot = cu_span_find(*s, '.');

	if (dot < 0) {
		*s = cu_span_skip(*s, s->len);
		return id;
	}
	id.len = (size_t)dot;
	*s = cu_span_skip(*s, (size_t)dot);
	return id;
}

static int cmp_ident(struct cu_span dx, struct cu_span dy)
{
	bool ix = is_num(dx), iy = is_num(dy);

	if (ix != iy)
		return ix ? -1 : 1;
	if (ix && dx.len != dy.len)
		return dx.len < dy.len ? -1 : 1;
	return cu_span_cmp(dx, dy) < 0 ? -1 : 1;
}

/* SemVer 2.0.0 section 11 on "-a.b.c" strings; "" is a release. */
static int cmp_prerelease(struct cu_span x, struct cu_span y)
{
	if (cu_span_eq(x, y))
		return 0;
	if (!x.len)
		return 1;
	if (!y.len)
		return -1;
	while (x.len && y.len) {
		struct cu_span dx, dy;

		x = cu_span_skip(x, 1);	/* the '-' or '.' */
		y = cu_span_skip(y, 1);
		dx = next_ident(&x);
		dy = next_ident(&y);
		if (!cu_span_eq(dx, dy))
			return cmp_ident(dx, dy);
	}
	return x.len ? 1 : -1;
}

static int cmp_parsed(const struct cu_golang_semver *a,
		      const struct cu_golang_semver *b)
{
	int c = cmp_int(a->major, b->major);

	if (!c)
		c = cmp_int(a->minor, b->minor);
	if (!c)
		c = cmp_int(a->patch, b->patch);
	if (!c)
		c = cmp_prerelease(a->prerelease, b->prerelease);
	return c;
}

static int compare_forms(struct cu_span v, struct cu_span w, bool need_v)
{
	struct cu_golang_semver pv, pw;
	bool ok_v = parse(v, need_v, &pv) == 0;
	bool ok_w = parse(w, need_v, &pw) == 0;

	if (!ok_v || !ok_w)
		return ok_v - ok_w;
	return cmp_parsed(&pv, &pw);
}

int cu_golang_semver_compare(struct cu_span v, struct cu_span w)
{
	return compare_forms(v, w, true);
}

int cu_golang_semver_canonical(struct cu_span v, struct cu_buf *out)
{
	struct cu_golang_semver p;
	int err;

	if (parse(v, true, &p) != 0)
		return 0;
	err = cu_buf_addspan(out, cu_span_make(v.ptr, v.len - p.build.len));
	if (!err && p.shorthand >= 2)
		err = cu_buf_addstr(out, ".0");
	if (!err && p.shorthand >= 1)
		err = cu_buf_addstr(out, ".0");
	return err;
}

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	*cmp = compare_forms(a, b, false);
	return 0;
}

static int validate(struct cu_span v)
{
	struct cu_golang_semver p;

	return parse(v, false, &p);
}

const struct cu_version_scheme cu_scheme_golang = {
	.name = "golang",
	.title = "Go modules",
	.compare = compare,
	.validate = validate,
};
