/*
 * nuget.c - NuGet version ordering and version ranges (purl type "nuget").
 *
 * Versions follow NuGet.Versioning's NuGetVersion.TryParse and
 * VersionComparer.Default (https://learn.microsoft.com/nuget/concepts/
 * package-versioning):
 *
 *   version = number [ "." number [ "." number [ "." number ] ] ]
 *             [ "-" label { "." label } ] [ "+" meta { "." meta } ]
 *
 * Numbers are System.Version components (0 to 2147483647, leading zeros
 * and blanks around them allowed); missing ones are 0, so 1.0 == 1.0.0.0.
 * Labels are [0-9A-Za-z-]+ without leading zeros when all digits; build
 * metadata is the same with leading zeros allowed, and is ignored when
 * ordering. A version with labels is a prerelease and sorts before its
 * release; labels compare one by one, numeric ones (int.TryParse, so "-1"
 * is -1 and numbers past int32 are words) before words, words by ASCII
 * case-insensitive ordinal order, and a shorter list of equal labels first.
 *
 * Ranges follow VersionRange.Parse: "1.0" (1.0 <= x), "[1.0]", "(1.0,)",
 * "(,1.0]", "[1.0,2.0)" and so on. Floating ranges ("1.*", "1.0.0-*") only
 * steer which version NuGet picks; satisfies() answers CU_EUNSUPPORTED.
 *
 * Surrounding whitespace is trimmed as ASCII whitespace (.NET trims any
 * Unicode white space). Nothing is allocated.
 */
#include "common.h"
#include "version.h"

struct nuget_version {
	uint32_t part[4];	/* major, minor, patch, revision */
	bool prerelease;
	struct cu_span labels;	/* "rc.1" without the '-' */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_ident_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '-';
}

static struct cu_span ws_trim(struct cu_span s)
{
	while (s.len && is_space(s.ptr[0]))
		s = cu_span_skip(s, 1);
	while (s.len && is_space(s.ptr[s.len - 1]))
		s.len--;
	return s;
}

static bool all_digits(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_digit(s.ptr[i]))
			return false;
	return true;
}

/* SemanticVersion.IsValidPart */
static bool part_ok(struct cu_span s, bool leading_zeros)
{
	if (!s.len)
		return false;
	if (!leading_zeros && s.len > 1 && s.ptr[0] == '0' && all_digits(s))
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!is_ident_char(s.ptr[i]))
			return false;
	return true;
}

/* Every '.'-separated part of s is valid. */
static bool parts_ok(struct cu_span s, bool leading_zeros)
{
	struct cu_span part;
	bool more = true;

	while (more) {
		more = cu_span_split(&s, '.', &part);
		if (!part_ok(part, leading_zeros))
			return false;
	}
	return true;
}

/* int.TryParse with NumberStyles.Integer on a label: [-]digits, int32. */
static bool label_int(struct cu_span s, int64_t *out)
{
	bool neg = s.len && s.ptr[0] == '-';
	uint64_t v;

	if (neg)
		s = cu_span_skip(s, 1);
	while (s.len > 1 && s.ptr[0] == '0')
		s = cu_span_skip(s, 1);
	if (s.len > 10 || !cu_span_to_u64(s, &v) || v > (neg ? 2147483648u : 2147483647u))
		return false;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

/* One System.Version component: blanks, digits, blanks; 0..int.MaxValue. */
static bool component(struct cu_span s, uint32_t *out)
{
	uint64_t v;

	s = ws_trim(s);
	while (s.len > 1 && s.ptr[0] == '0')
		s = cu_span_skip(s, 1);
	if (s.len > 10 || !cu_span_to_u64(s, &v) || v > 2147483647u)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Version.TryParse, after NuGet appended ".0" to a lone number. */
static bool parse_numbers(struct cu_span s, struct nuget_version *nv)
{
	struct cu_span c;
	size_t n = 0;
	bool more = true;

	while (more) {
		more = cu_span_split(&s, '.', &c);
		if (n == 4 || !component(c, &nv->part[n]))
			return false;
		n++;
	}
	return n >= 1;
}

/*
 * ParseSections: the first '-' or '+' ends the numbers, a '+' after the
 * '-' ends the labels. A section mark at the very end leaves the mark in
 * the preceding section, which then fails to parse.
 */
static int nuget_parse(struct cu_span v, struct nuget_version *nv)
{
	size_t p = 0, q;

	memset(nv, 0, sizeof(*nv));
	v = ws_trim(v);
	while (p < v.len && v.ptr[p] != '-' && v.ptr[p] != '+')
		p++;
	if (p == 0 || (p < v.len && p == v.len - 1) ||
	    !parse_numbers(cu_span_sub(v, 0, p), nv))
		return CU_EFORMAT;
	if (p == v.len)
		return 0;
	q = p;
	if (v.ptr[p] == '-') {
		for (q = p + 1; q < v.len && v.ptr[q] != '+'; q++)
			;
		if (q == v.len - 1)
			return CU_EFORMAT;
		nv->prerelease = true;
		nv->labels = cu_span_sub(v, p + 1, q - p - 1);
		if (!parts_ok(nv->labels, false))
			return CU_EFORMAT;
	}
	if (q < v.len && !parts_ok(cu_span_skip(v, q + 1), true))
		return CU_EFORMAT;
	return 0;
}

static int ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : (unsigned char)c;
}

/* StringComparer.OrdinalIgnoreCase for ASCII labels */
static int icase_cmp(struct cu_span a, struct cu_span b)
{
	size_t n = a.len < b.len ? a.len : b.len;

	for (size_t i = 0; i < n; i++) {
		int d = ascii_upper(a.ptr[i]) - ascii_upper(b.ptr[i]);

		if (d)
			return d < 0 ? -1 : 1;
	}
	return (a.len > b.len) - (a.len < b.len);
}

/* VersionComparer.CompareRelease */
static int label_cmp(struct cu_span a, struct cu_span b)
{
	int64_t x, y;
	bool xn = label_int(a, &x), yn = label_int(b, &y);

	if (xn && yn)
		return (x > y) - (x < y);
	if (xn || yn)
		return xn ? -1 : 1;
	return icase_cmp(a, b);
}

/* VersionComparer.CompareReleaseLabels */
static int labels_cmp(struct cu_span a, struct cu_span b)
{
	bool more_a = true, more_b = true;

	while (more_a && more_b) {
		struct cu_span la, lb;
		int c;

		more_a = cu_span_split(&a, '.', &la);
		more_b = cu_span_split(&b, '.', &lb);
		c = label_cmp(la, lb);
		if (c)
			return c;
	}
	return more_a - more_b;
}

static int nuget_cmp(const struct nuget_version *a, const struct nuget_version *b)
{
	for (size_t i = 0; i < 4; i++)
		if (a->part[i] != b->part[i])
			return a->part[i] < b->part[i] ? -1 : 1;
	if (a->prerelease != b->prerelease)
		return a->prerelease ? -1 : 1;
	return a->prerelease ? labels_cmp(a->labels, b->labels) : 0;
}

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	struct nuget_version va, vb;

	if (nuget_parse(a, &va) || nuget_parse(b, &vb))
		return CU_EFORMAT;
	*cmp = nuget_cmp(&va, &vb);
	return 0;
}

static int validate(struct cu_span v)
{
	struct nuget_version nv;

	return nuget_parse(v, &nv);
}

/* ---- ranges ---- */

struct nuget_range {
	bool has_min, has_max, min_inclusive, max_inclusive;
	struct nuget_version min, max;
};

/* A bound: blank means none (string.IsNullOrWhiteSpace). */
static int parse_bound(struct cu_span s, bool *has, struct nuget_version *nv)
{
	*has = ws_trim(s).len > 0;
	if (!*has)
		return 0;
	if (cu_span_find(s, '*') >= 0)
		return CU_EUNSUPPORTED;	/* floating */
	return nuget_parse(s, nv);
}

/* "[a,b)" and friends; body is what lies between the brackets. */
static int parse_interval(struct cu_span body, struct nuget_range *r)
{
	struct cu_span lo = body, hi;
	ptrdiff_t comma = cu_span_find(body, ',');
	int err, c;

	if (comma >= 0 && cu_span_find(cu_span_skip(body, (size_t)comma + 1), ',') >= 0)
		return CU_EFORMAT;	/* more than two parts */
	if (!body.len || (comma == 0 && body.len == 1))
		return CU_EFORMAT;	/* "()", "(,)": no bound at all */
	if (comma < 0 && !(r->min_inclusive && r->max_inclusive))
		return CU_EFORMAT;	/* "(1.0)", "[1.0)" */
	hi = body;
	if (comma >= 0) {
		lo = cu_span_sub(body, 0, (size_t)comma);
		hi = cu_span_skip(body, (size_t)comma + 1);
	}
	err = parse_bound(lo, &r->has_min, &r->min);
	if (!err && cu_span_find(hi, '*') >= 0)
		err = CU_EFORMAT;	/* the upper bound cannot float */
	if (!err)
		err = parse_bound(hi, &r->has_max, &r->max);
	if (err || !r->has_min || !r->has_max)
		return err;
	c = nuget_cmp(&r->min, &r->max);
	if (c > 0 || (c == 0 && r->min_inclusive != r->max_inclusive))
		return CU_EFORMAT;
	return 0;
}

/* VersionRangeFactory.TryParse without floating versions */
static int parse_range(struct cu_span s, struct nuget_range *r)
{
	char open, close;

	memset(r, 0, sizeof(*r));
	s = ws_trim(s);
	if (!s.len)
		return CU_EFORMAT;
	open = s.ptr[0];
	if (open != '[' && open != '(') {
		r->min_inclusive = true;
		return parse_bound(s, &r->has_min, &r->min);
	}
	close = s.ptr[s.len - 1];
	if (s.len < 2 || (close != ']' && close != ')'))
		return CU_EFORMAT;
	r->min_inclusive = open == '[';
	r->max_inclusive = close == ']';
	return parse_interval(cu_span_sub(s, 1, s.len - 2), r);
}

static int satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	struct nuget_version v;
	struct nuget_range r;
	int c;

	*in = false;
	if (nuget_parse(version, &v))
		return CU_EFORMAT;
	if ((c = parse_range(range, &r)))
		return c;
	if (r.has_min) {
		c = nuget_cmp(&r.min, &v);
		if (c > 0 || (c == 0 && !r.min_inclusive))
			return 0;
	}
	if (r.has_max) {
		c = nuget_cmp(&r.max, &v);
		if (c < 0 || (c == 0 && !r.max_inclusive))
			return 0;
	}
	*in = true;
	return 0;
}

const struct cu_version_scheme cu_scheme_nuget = {
	.name = "nuget",
	.title = "NuGet",
	.compare = compare,
	.validate = validate,
	.satisfies = satisfies,
};
