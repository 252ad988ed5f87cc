/*
 * rpm.c - the rpm version scheme: RPM package EVR ordering.
 *
 * Follows rpm's rpmio/rpmvercmp.c (rpmvercmp) and the EVR split of
 * rpmverParse()/rpmverCmp() in lib/rpmver.c:
 *
 *   [epoch:]version[-release]
 *
 * The epoch is the run of leading digits when a ':' follows it (written but
 * empty means 0; missing also compares as 0). The release is what follows
 * the last '-' after the epoch. Epochs, versions and releases are each
 * compared with rpmvercmp; the release only when both sides have one, so
 * "1.0" equals "1.0-3" as in rpm's dependency matching.
 *
 * rpmvercmp walks both strings in segments: runs of ASCII digits compare as
 * numbers, runs of ASCII letters compare bytewise, a digit run is newer than
 * a letter run, and every other byte only separates segments. '~' sorts
 * before everything, even the end of the string (1.0~rc1 < 1.0); '^' sorts
 * after the end but before any further segment (1.0 < 1.0^git1 < 1.0.1).
 *
 * rpm orders any non-empty string, so compare() fails only on an empty
 * string or an embedded NUL (which no rpm string can hold). validate() is
 * stricter and accepts what rpmbuild accepts in a Version or Release tag:
 * ASCII letters, digits and "._+~^", an all-digit epoch, non-empty parts.
 */
#include "common.h"
#include "version.h"

struct rpm_evr {
	struct cu_span epoch;		/* "0" when missing */
	struct cu_span version;
	struct cu_span release;
	bool has_epoch;
	bool has_release;
};

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool is_alnum(unsigned char c)
{
	return is_digit(c) || is_alpha(c);
}

/* The byte at i, or 0 past the end (spans never hold NUL here). */
static inline unsigned char at(struct cu_span s, size_t i)
{
	return i < s.len ? (unsigned char)s.ptr[i] : 0;
}

/* Split like rpm's parseEVR(); never fails. */
static void rpm_parse(struct cu_span s, struct rpm_evr *evr)
{
	size_t digits = 0;
	ptrdiff_t hyphen;
	struct cu_span tail;

	while (digits < s.len && is_digit(s.ptr[digits]))
		digits++;
	evr->has_epoch = digits < s.len && s.ptr[digits] == ':';
	evr->epoch = evr->has_epoch && digits ? cu_span_sub(s, 0, digits) :
		cu_span_str("0");
	evr->version = evr->has_epoch ? cu_span_skip(s, digits + 1) : s;
	/* rpm looks for the last '-' only after the epoch digits */
	tail = cu_span_skip(s, digits);
	hyphen = cu_span_rfind(tail, '-');
	evr->has_release = hyphen >= 0;
	evr->release = CU_SPAN_NULL;
	if (evr->has_release) {
		size_t end = (size_t)(tail.ptr + hyphen - evr->version.ptr);

		evr->release = cu_span_skip(tail, (size_t)hyphen + 1);
		evr->version.len = end;
	}
}

/* Index of the next segment start, '~', '^' or the end. */
static size_t skip_separators(struct cu_span s, size_t i)
{
	while (i < s.len && !is_alnum(s.ptr[i]) && s.ptr[i] != '~' &&
	       s.ptr[i] != '^')
		i++;
	return i;
}

static size_t segment_end(struct cu_span s, size_t i, bool numeric)
{
	while (i < s.len && (numeric ? is_digit(s.ptr[i]) : is_alpha(s.ptr[i])))
		i++;
	return i;
}

static struct cu_span strip_zeros(struct cu_span s)
{
	while (s.len && s.ptr[0] == '0')
		s = cu_span_skip(s, 1);
	return s;
}

/*
 * Compare one segment of each; *i starts on a letter or digit of a. The
 * kind of segment is decided by a's first byte, as in rpm.
 */
static int cmp_segment(struct cu_span a, size_t *i, struct cu_span b,
		       size_t *j)
{
	bool numeric = is_digit(a.ptr[*i]);
	size_t ei = segment_end(a, *i, numeric), ej = segment_end(b, *j, numeric);
	struct cu_span sa = cu_span_sub(a, *i, ei - *i);
	struct cu_span sb = cu_span_sub(b, *j, ej - *j);
	int r;

	if (!sb.len)
		return numeric ? 1 : -1;
	if (numeric) {
		sa = strip_zeros(sa);
		sb = strip_zeros(sb);
		if (sa.len != sb.len)
			return sa.len > sb.len ? 1 : -1;
	}
	r = cu_span_cmp(sa, sb);
	*i = ei;
	*j = ej;
	return (r > 0) - (r < 0);
}

/*
 * A '~' or '^' on either side at the current position. Returns false when
 * there is none; otherwise sets *r when it decides the comparison, or steps
 * both sides past the '~' or '^' they share.
 */
static bool cmp_tilde_caret(struct cu_span a, size_t *i, struct cu_span b,
			    size_t *j, int *r)
{
	unsigned char ca = at(a, *i), cb = at(b, *j);

	if (ca == '~' || cb == '~') {
		if (ca != cb)
			*r = ca == '~' ? -1 : 1;
	} else if (ca == '^' || cb == '^') {
		if (*i >= a.len)
			*r = -1;
		else if (*j >= b.len)
			*r = 1;
		else if (ca != cb)
			*r = ca == '^' ? -1 : 1;
	} else {
		return false;
	}
	if (!*r) {
		(*i)++;
		(*j)++;
	}
	return true;
}

/* rpmvercmp over spans: -1, 0 or 1. */
static int rpmvercmp(struct cu_span a, struct cu_span b)
{
	size_t i = 0, j = 0;
	int r = 0;

	if (cu_span_eq(a, b))
		return 0;
	while (!r && (i < a.len || j < b.len)) {
		i = skip_separators(a, i);
		j = skip_separators(b, j);
		if (cmp_tilde_caret(a, &i, b, &j, &r))
			continue;
		if (i >= a.len || j >= b.len)
			break;
		r = cmp_segment(a, &i, b, &j);
	}
	if (r || (i >= a.len && j >= b.len))
		return r;
	return i >= a.len ? -1 : 1;
}

static int rpm_evr_cmp(const struct rpm_evr *a, const struct rpm_evr *b)
{
	int r = rpmvercmp(a->epoch, b->epoch);

	if (!r)
		r = rpmvercmp(a->version, b->version);
	if (!r && a->has_release && b->has_release)
		r = rpmvercmp(a->release, b->release);
	return r;
}

static bool has_nul(struct cu_span s)
{
	return cu_span_find(s, '\0') >= 0;
}

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	struct rpm_evr ea, eb;

	if (!a.len || !b.len || has_nul(a) || has_nul(b))
		return CU_EFORMAT;
	rpm_parse(a, &ea);
	rpm_parse(b, &eb);
	*cmp = rpm_evr_cmp(&ea, &eb);
	return 0;
}

/* A Version or Release value rpmbuild would accept. */
static bool part_ok(struct cu_span s)
{
	if (!s.len)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = s.ptr[i];

		if (!is_alnum(c) && c != '.' && c != '_' && c != '+' &&
		    c != '~' && c != '^')
			return false;
	}
	return true;
}

static int validate(struct cu_span v)
{
	struct rpm_evr evr;

	rpm_parse(v, &evr);
	if (evr.has_epoch && v.ptr[0] == ':')
		return CU_EFORMAT;	/* ":1.0": epoch written but empty */
	if (!part_ok(evr.version) ||
	    (evr.has_release && !part_ok(evr.release)))
		return CU_EFORMAT;
	return 0;
}

const struct cu_version_scheme cu_scheme_rpm = {
	.name = "rpm",
	.title = "RPM (rpmvercmp)",
	.compare = compare,
	.validate = validate,
};
