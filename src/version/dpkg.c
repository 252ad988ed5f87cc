/*
 * dpkg.c - the deb version scheme: Debian package version ordering.
 *
 * Follows Debian Policy 5.6.12 and deb-version(5) as dpkg implements them
 * (lib/dpkg/version.c verrevcmp, lib/dpkg/parsehelp.c parseversion):
 *
 *   [epoch:]upstream_version[-debian_revision]
 *
 * The epoch is a decimal number up to INT_MAX (missing = 0), the revision is
 * everything after the last '-' (missing = ""). Upstream and revision compare
 * by alternating runs: non-digit runs character by character where '~' sorts
 * before everything including the end, the end and digits sort next, then
 * letters, then every other byte; digit runs compare numerically.
 *
 * Validity has two levels, as in dpkg. Errors (empty, embedded blanks, bad
 * or out-of-range epoch, nothing after the colon, empty upstream or revision)
 * make dpkg refuse the string: compare() fails on them. Warnings (upstream not
 * starting with a digit, characters outside [A-Za-z0-9.+~:-] in the upstream
 * or [A-Za-z0-9.+~] in the revision) still compare, as with dpkg
 * --compare-versions. validate() is strict and rejects both, like dpkg's
 * non-lax database parser and Dpkg::Version->is_valid: a feed or package
 * database carrying such a version is malformed even if it can be ordered.
 *
 * Bytes >= 0x80 are ordered as dpkg on amd64 orders them (plain char is
 * signed there): after letters, before ASCII punctuation.
 */
#include <limits.h>

#include "common.h"
#include "dpkg.h"
#include "version.h"

/* Worst problem found while parsing; ordered so that max() combines them. */
enum deb_status {
	DEB_OK = 0,
	DEB_WARN = 1,	/* dpkg warns but compares */
	DEB_ERROR = 2,	/* dpkg refuses */
};

struct deb_version {
	uint64_t epoch;
	struct cu_span upstream;
	struct cu_span revision;
};

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* What strtol() skips before a number. */
static inline bool is_space(unsigned char c)
{
	return is_blank(c) || (c >= '\n' && c <= '\r');
}

static enum deb_status worst(enum deb_status a, enum deb_status b)
{
	return a > b ? a : b;
}

static struct cu_span trim_blanks(struct cu_span s)
{
	while (s.len && is_blank(s.ptr[0]))
		s = cu_span_skip(s, 1);
	while (s.len && is_blank(s.ptr[s.len - 1]))
		s.len--;
	return s;
}

static bool has_blank(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (is_blank(s.ptr[i]))
			return true;
	return false;
}

/*
 * The epoch is what precedes the first ':'. dpkg reads it with strtol(), so
 * leading white space and a sign are accepted ("-0" is epoch 0); anything
 * else that is not all digits is an error. The value saturates just above
 * INT_MAX so that out-of-range epochs still order after valid ones.
 */
static enum deb_status parse_epoch(struct cu_span e, uint64_t *epoch)
{
	size_t i = 0, digits = 0;
	bool negative = false;
	uint64_t v = 0;

	while (i < e.len && is_space(e.ptr[i]))
		i++;
	if (i < e.len && (e.ptr[i] == '+' || e.ptr[i] == '-'))
		negative = e.ptr[i++] == '-';
	for (; i < e.len && is_digit(e.ptr[i]); i++, digits++)
		if (v <= INT_MAX)
			v = v * 10 + (uint64_t)(e.ptr[i] - '0');
	*epoch = 0;
	if (!digits || i != e.len || (negative && v))
		return DEB_ERROR;
	*epoch = v;
	return v > INT_MAX ? DEB_ERROR : DEB_OK;
}

static enum deb_status check_upstream(struct cu_span up)
{
	if (!up.len)
		return DEB_ERROR;
	if (!is_digit(up.ptr[0]))
		return DEB_WARN;
	for (size_t i = 1; i < up.len; i++) {
		unsigned char c = up.ptr[i];

		if (!is_digit(c) && !is_alpha(c) && c != '.' && c != '-' &&
		    c != '+' && c != '~' && c != ':')
			return DEB_WARN;
	}
	return DEB_OK;
}

static enum deb_status check_revision(struct cu_span rev)
{
	for (size_t i = 0; i < rev.len; i++) {
		unsigned char c = rev.ptr[i];

		if (!is_digit(c) && !is_alpha(c) && c != '.' && c != '+' &&
		    c != '~')
			return DEB_WARN;
	}
	return DEB_OK;
}

/*
 * Split v into its parts and report the worst problem. The parts are always
 * filled in (best effort after an error) so that ordering never fails.
 */
static enum deb_status deb_parse(struct cu_span v, struct deb_version *out)
{
	enum deb_status st = DEB_OK;
	struct cu_span rest = trim_blanks(v);
	ptrdiff_t colon, hyphen;

	if (!rest.len || has_blank(rest))
		st = DEB_ERROR;
	out->epoch = 0;
	colon = cu_span_find(rest, ':');
	if (colon >= 0) {
		st = worst(st, parse_epoch(cu_span_sub(rest, 0, (size_t)colon),
					   &out->epoch));
		rest = cu_span_skip(rest, (size_t)colon + 1);
		if (!rest.len)
			st = DEB_ERROR;
	}
	out->upstream = rest;
	out->revision = cu_span_make(rest.ptr, 0);
	hyphen = cu_span_rfind(rest, '-');
	if (hyphen >= 0) {
		out->upstream.len = (size_t)hyphen;
		out->revision = cu_span_skip(rest, (size_t)hyphen + 1);
		if (!out->revision.len)
			st = DEB_ERROR;
	}
	st = worst(st, check_upstream(out->upstream));
	return worst(st, check_revision(out->revision));
}

/* Weight of a byte inside a non-digit run; the end of the string weighs 0. */
static int deb_order(unsigned char c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	return (signed char)c + 256;
}

/*
 * Compare the non-digit runs at *i and *j. A side that has ended or reached
 * a digit weighs 0, anything else weighs non-zero, so equal weights mean both
 * sides still have a byte and both indexes stay inside their spans.
 */
static int cmp_nondigits(struct cu_span a, size_t *i, struct cu_span b,
			 size_t *j)
{
	while ((*i < a.len && !is_digit(a.ptr[*i])) ||
	       (*j < b.len && !is_digit(b.ptr[*j]))) {
		int ac = *i < a.len ? deb_order(a.ptr[*i]) : 0;
		int bc = *j < b.len ? deb_order(b.ptr[*j]) : 0;

		if (ac != bc)
			return ac - bc;
		(*i)++;
		(*j)++;
	}
	return 0;
}

/* Compare the digit runs at *i and *j as numbers of any length. */
static int cmp_digits(struct cu_span a, size_t *i, struct cu_span b, size_t *j)
{
	int first_diff = 0;

	while (*i < a.len && a.ptr[*i] == '0')
		(*i)++;
	while (*j < b.len && b.ptr[*j] == '0')
		(*j)++;
	while (*i < a.len && is_digit(a.ptr[*i]) &&
	       *j < b.len && is_digit(b.ptr[*j])) {
		if (!first_diff)
			first_diff = a.ptr[*i] - b.ptr[*j];
		(*i)++;
		(*j)++;
	}
	if (*i < a.len && is_digit(a.ptr[*i]))
		return 1;
	if (*j < b.len && is_digit(b.ptr[*j]))
		return -1;
	return first_diff;
}

/* dpkg's verrevcmp: one upstream version or one revision against another. */
static int verrevcmp(struct cu_span a, struct cu_span b)
{
	size_t i = 0, j = 0;
	int r = 0;

	while (!r && (i < a.len || j < b.len)) {
		r = cmp_nondigits(a, &i, b, &j);
		if (!r)
			r = cmp_digits(a, &i, b, &j);
	}
	return r;
}

static int deb_version_cmp(const struct deb_version *a,
			   const struct deb_version *b)
{
	int r;

	if (a->epoch != b->epoch)
		return a->epoch < b->epoch ? -1 : 1;
	r = verrevcmp(a->upstream, b->upstream);
	if (!r)
		r = verrevcmp(a->revision, b->revision);
	return r;
}

int cu_dpkg_version_cmp(struct cu_span a, struct cu_span b)
{
	struct deb_version va, vb;

	deb_parse(a, &va);
	deb_parse(b, &vb);
	return deb_version_cmp(&va, &vb);
}

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	struct deb_version va, vb;
	int r;

	if (deb_parse(a, &va) == DEB_ERROR || deb_parse(b, &vb) == DEB_ERROR)
		return CU_EFORMAT;
	r = deb_version_cmp(&va, &vb);
	*cmp = (r > 0) - (r < 0);
	return 0;
}

static int validate(struct cu_span v)
{
	struct deb_version parsed;

	return deb_parse(v, &parsed) == DEB_OK ? 0 : CU_EFORMAT;
}

const struct cu_version_scheme cu_scheme_deb = {
	.name = "deb",
	.title = "Debian (dpkg)",
	.compare = compare,
	.validate = validate,
};
