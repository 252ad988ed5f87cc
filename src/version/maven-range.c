/*
 * maven-range.c - Maven version ranges and DefaultArtifactVersion fields.
 *
 * Ranges follow org.apache.maven.artifact.versioning.VersionRange
 * (createFromVersionSpec, restrict, containsVersion) and Restriction, as in
 * Maven 4's compat/maven-artifact; bounds are ordered with ComparableVersion
 * (maven.c). A spec is a bare version ("1.0", Maven's soft requirement: it
 * recommends 1.0 but contains every version) or a comma-separated union of
 * groups "[1.0]", "[1.0,2.0)", "(,1.0]", "[1.5,)" in ascending order.
 * Whitespace is trimmed as String.trim() does (everything up to U+0020).
 *
 * DefaultArtifactVersion splits MAJOR.MINOR.INCREMENTAL-BUILD or -QUALIFIER
 * and falls back to "the whole string is the qualifier" for anything else;
 * its ordering is ComparableVersion's, so only the field split lives here.
 * As elsewhere, only ASCII digits are digits.
 */
#include "common.h"
#include "maven.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- DefaultArtifactVersion ---- */

static bool is_digits(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_digit(s.ptr[i]))
			return false;
	return s.len > 0;
}

/* tryParseInt: all digits and at most Integer.MAX_VALUE */
static bool try_int(struct cu_span s, int *out)
{
	uint64_t v;

	if (!cu_span_to_u64(s, &v) || v > INT32_MAX)
		return false;
	*out = (int)v;
	return true;
}

/* getNextIntegerToken: like tryParseInt, but "01" is not a number */
static bool int_token(struct cu_span s, int *out)
{
	return !(s.len > 1 && s.ptr[0] == '0') && try_int(s, out);
}

/* MAJOR[.MINOR[.INCREMENTAL[.QUALIFIER]]]; true when Maven falls back. */
static bool split_fields(struct cu_span part1, struct cu_maven_artifact_version *out)
{
	int *fields[] = { &out->major, &out->minor, &out->incremental };
	struct cu_span rest = part1, tok;
	bool more = true, fallback = false;

	for (size_t k = 0; k < CU_ARRAY_SIZE(fields) && more; k++) {
		more = cu_span_split(&rest, '.', &tok);
		if (!int_token(tok, fields[k]))
			fallback = true;
	}
	if (more) {
		cu_span_split(&rest, '.', &tok);
		out->qualifier = tok;
		fallback = is_digits(tok);	/* sic: Maven overwrites the flag */
	}
	/* Java's split() does not report empty tokens */
	for (size_t i = 1; i < part1.len; i++)
		if (part1.ptr[i] == '.' && part1.ptr[i - 1] == '.')
			fallback = true;
	return fallback || part1.ptr[0] == '.' || part1.ptr[part1.len - 1] == '.';
}

void cu_maven_artifact_version_parse(struct cu_span v,
				     struct cu_maven_artifact_version *out)
{
	ptrdiff_t dash = cu_span_find(v, '-');
	struct cu_span part1 = v, part2 = CU_SPAN_NULL;

	memset(out, 0, sizeof(*out));
	if (dash >= 0) {
		part1.len = (size_t)dash;
		part2 = cu_span_skip(v, (size_t)dash + 1);
		/* "-1" is a build number, "-01" and "-beta" are qualifiers */
		if (!((part2.len == 1 || !cu_span_starts_with(part2, "0")) &&
		      try_int(part2, &out->build_number)))
			out->qualifier = part2;
	}
	if (cu_span_find(part1, '.') < 0 && !cu_span_starts_with(part1, "0")) {
		if (!try_int(part1, &out->major)) {
			out->qualifier = v;
			out->build_number = 0;
		}
	} else if (split_fields(part1, out)) {
		memset(out, 0, sizeof(*out));
		out->qualifier = v;
	}
}

/* ---- VersionRange ---- */

/* String.trim(): drop characters up to U+0020 at both ends */
static struct cu_span jtrim(struct cu_span s)
{
	while (s.len && (unsigned char)s.ptr[0] <= ' ')
		s = cu_span_skip(s, 1);
	while (s.len && (unsigned char)s.ptr[s.len - 1] <= ' ')
		s.len--;
	return s;
}

static bool bounded(struct cu_span bound)
{
	return bound.ptr != NULL;
}

/* One "[a,b)" / "[a]" group, brackets included. */
static int parse_restriction(struct cu_span s, struct cu_maven_restriction *r)
{
	struct cu_span body = jtrim(cu_span_sub(s, 1, s.len - 2));
	ptrdiff_t comma = cu_span_find(body, ',');
	int c, err;

	r->lower_inclusive = s.ptr[0] == '[';
	r->upper_inclusive = s.ptr[s.len - 1] == ']';
	if (comma < 0) {
		if (!r->lower_inclusive || !r->upper_inclusive)
			return CU_EFORMAT;	/* "(1.0)", "[1.0)" */
		r->lower = r->upper = body;
		return 0;
	}
	r->lower = jtrim(cu_span_sub(body, 0, (size_t)comma));
	r->upper = jtrim(cu_span_skip(body, (size_t)comma + 1));
	if (!r->lower.len)
		r->lower = CU_SPAN_NULL;
	if (!r->upper.len)
		r->upper = CU_SPAN_NULL;
	if (!bounded(r->lower) || !bounded(r->upper))
		return 0;
	err = cu_maven_compare(r->upper, r->lower, &c);
	if (!err && (c < 0 || (c == 0 && !(r->lower_inclusive && r->upper_inclusive))))
		err = CU_EFORMAT;	/* range defies version ordering */
	return err;
}

/* Where the group at the front of s ends: its first ')' or ']'. */
static ptrdiff_t group_end(struct cu_span s)
{
	ptrdiff_t paren = cu_span_find(s, ')'), bracket = cu_span_find(s, ']');

	if ((bracket < 0 || paren < bracket) && paren >= 0)
		return paren;
	return bracket;
}

/* A group must not start below the previous group's upper bound. */
static int check_overlap(const struct cu_maven_range *out,
			 const struct cu_maven_restriction *r)
{
	struct cu_span prev_upper;
	int c = 0, err;

	if (!out->count || !bounded(prev_upper = out->r[out->count - 1].upper))
		return 0;
	if (!bounded(r->lower))
		return CU_EFORMAT;
	err = cu_maven_compare(r->lower, prev_upper, &c);
	return err ? err : c < 0 ? CU_EFORMAT : 0;
}

int cu_maven_range_parse(struct cu_span spec, struct cu_maven_range *out)
{
	struct cu_span rest = spec;
	int err = 0;

	memset(out, 0, sizeof(*out));
	while (!err && rest.len && (rest.ptr[0] == '[' || rest.ptr[0] == '(')) {
		ptrdiff_t end = group_end(rest);
		struct cu_maven_restriction r;

		if (end < 0)
			return CU_EFORMAT;	/* unbounded range */
		if (out->count == CU_MAVEN_RANGE_MAX)
			return CU_ETOOBIG;
		err = parse_restriction(cu_span_sub(rest, 0, (size_t)end + 1), &r);
		if (!err)
			err = check_overlap(out, &r);
		if (err)
			break;
		out->r[out->count++] = r;
		rest = jtrim(cu_span_skip(rest, (size_t)end + 1));
		if (rest.len && rest.ptr[0] == ',')
			rest = jtrim(cu_span_skip(rest, 1));
	}
	if (!err && rest.len) {
		if (out->count)
			return CU_EFORMAT;	/* "[1.0,1.2),1.3" */
		out->recommended = rest;
		out->r[out->count++] = (struct cu_maven_restriction){ 0 };
	}
	return err;
}

static int restriction_contains(const struct cu_maven_restriction *r,
				struct cu_span v, bool *in)
{
	int c, err;

	*in = false;
	if (bounded(r->lower)) {
		if ((err = cu_maven_compare(r->lower, v, &c)))
			return err;
		if (c > 0 || (c == 0 && !r->lower_inclusive))
			return 0;
	}
	if (bounded(r->upper)) {
		if ((err = cu_maven_compare(r->upper, v, &c)))
			return err;
		if (c < 0 || (c == 0 && !r->upper_inclusive))
			return 0;
	}
	*in = true;
	return 0;
}

int cu_maven_range_contains(const struct cu_maven_range *range,
			    struct cu_span version, bool *in)
{
	int err = 0;

	*in = false;
	for (size_t i = 0; i < range->count && !err && !*in; i++)
		err = restriction_contains(&range->r[i], version, in);
	return err;
}

/* The larger lower bound of two overlapping restrictions. */
static int overlap_lower(const struct cu_maven_restriction *r1,
			 const struct cu_maven_restriction *r2,
			 struct cu_maven_restriction *o)
{
	bool both = bounded(r1->lower) && bounded(r2->lower);
	int c = 1, err = both ? cu_maven_compare(r1->lower, r2->lower, &c) : 0;

	if (!bounded(r1->lower) || (both && c < 0)) {
		o->lower = r2->lower;
		o->lower_inclusive = r2->lower_inclusive;
	} else {
		o->lower = r1->lower;
		o->lower_inclusive = r1->lower_inclusive && (c != 0 || r2->lower_inclusive);
	}
	return err;
}

/*
 * The smaller upper bound; *from_r2 says whether it is r2's own bound
 * (Maven checks object identity to decide which side to advance).
 */
static int overlap_upper(const struct cu_maven_restriction *r1,
			 const struct cu_maven_restriction *r2,
			 struct cu_maven_restriction *o, bool *from_r2)
{
	bool both = bounded(r1->upper) && bounded(r2->upper);
	int c = -1, err = both ? cu_maven_compare(r1->upper, r2->upper, &c) : 0;

	*from_r2 = !bounded(r1->upper) || (both && c > 0);
	if (*from_r2) {
		o->upper = r2->upper;
		o->upper_inclusive = r2->upper_inclusive;
		return err;
	}
	o->upper = r1->upper;
	o->upper_inclusive = r1->upper_inclusive && (c != 0 || r2->upper_inclusive);
	*from_r2 = bounded(r2->upper) && r1->upper.ptr == r2->upper.ptr &&
		   r1->upper.len == r2->upper.len;
	return err;
}

/* Add the overlap of r1 and r2 unless it is empty at a single point. */
static int add_overlap(const struct cu_maven_restriction *r1,
		       const struct cu_maven_restriction *r2,
		       struct cu_maven_range *out, bool *from_r2)
{
	struct cu_maven_restriction o;
	int c = 1, err = overlap_lower(r1, r2, &o);

	if (!err)
		err = overlap_upper(r1, r2, &o, from_r2);
	if (!err && bounded(o.lower) && bounded(o.upper))
		err = cu_maven_compare(o.lower, o.upper, &c);
	if (err || (c == 0 && !(o.lower_inclusive && o.upper_inclusive)))
		return err;
	if (out->count == CU_MAVEN_RANGE_MAX)
		return CU_ETOOBIG;
	out->r[out->count++] = o;
	return 0;
}

/* -1: r1 lies wholly below r2, 1: wholly above, 0: they overlap. */
static int disjoint(const struct cu_maven_restriction *r1,
		    const struct cu_maven_restriction *r2, int *where)
{
	int c = 0, err = 0;

	*where = 0;
	if (bounded(r1->lower) && bounded(r2->upper))
		err = cu_maven_compare(r1->lower, r2->upper, &c);
	if (!err && c > 0) {
		*where = 1;
		return 0;
	}
	c = 0;
	if (!err && bounded(r1->upper) && bounded(r2->lower))
		err = cu_maven_compare(r1->upper, r2->lower, &c);
	if (!err && c < 0)
		*where = -1;
	return err;
}

static int intersect(const struct cu_maven_range *a, const struct cu_maven_range *b,
		     struct cu_maven_range *out)
{
	size_t i = 0, j = 0;
	int err = 0;

	while (!err && i < a->count && j < b->count) {
		bool from_b = false;
		int where;

		err = disjoint(&a->r[i], &b->r[j], &where);
		if (err || where) {
			i += where < 0;
			j += where > 0;
			continue;
		}
		err = add_overlap(&a->r[i], &b->r[j], out, &from_b);
		i += !from_b;
		j += from_b;
	}
	return err;
}

static int pick_recommended(const struct cu_maven_range *a,
			    const struct cu_maven_range *b, struct cu_maven_range *out)
{
	bool in;
	int err = 0;

	for (size_t i = 0; i < out->count && !err; i++) {
		if (bounded(a->recommended) &&
		    !(err = restriction_contains(&out->r[i], a->recommended, &in)) && in) {
			out->recommended = a->recommended;
			break;
		}
		if (!err && !bounded(out->recommended) && bounded(b->recommended) &&
		    !(err = restriction_contains(&out->r[i], b->recommended, &in)) && in)
			out->recommended = b->recommended;
	}
	return err;
}

int cu_maven_range_restrict(const struct cu_maven_range *a,
			    const struct cu_maven_range *b,
			    struct cu_maven_range *out)
{
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (a->count && b->count)
		err = intersect(a, b, out);
	if (!err && out->count)
		return pick_recommended(a, b, out);
	if (!err)
		out->recommended = bounded(a->recommended) ? a->recommended : b->recommended;
	return err;
}
