/*
 * maven.c - Maven version ordering (purl type "maven").
 *
 * Ordering follows org.apache.maven.artifact.versioning.ComparableVersion as
 * of Maven 4 (https://maven.apache.org/pom.html#version-order-specification):
 * the lowercased string is cut into items at '.', '-' and digit/letter
 * transitions; a '-' and every transition open a nested list; "X1" and "X-1"
 * become one combination item (string "X", number 1) with a/b/m meaning
 * alpha/beta/milestone; qualifiers order alpha < beta < milestone < rc = cr <
 * snapshot < "" = ga = final = release < sp < unknown words (lexically);
 * null items (0, empty lists) are trimmed as Maven's normalize() does.
 * Numbers of any length are compared as digit strings.
 *
 * satisfies() takes Maven range syntax; the ranges live in maven-range.c.
 * Current Maven 4 sources refuse strings over 256 UTF-16 units
 * (ComparableVersion.MAX_VERSION_LENGTH), so compare() and validate()
 * return CU_EFORMAT for them; the cap also bounds the fixed-size token
 * array, so comparing never allocates.
 *
 * Differences from the Java code, all for input no real artifact uses: only
 * ASCII digits are digits (Java's CombinationItem also splits at other
 * Unicode digits); lowercasing covers Latin-1, Latin Extended-A and
 * Additional, Greek, Cyrillic, Armenian and fullwidth Latin (one code point
 * to one, no final-sigma or dotted-I rules); invalid UTF-8 bytes read as
 * U+FFFD. Strings are compared in UTF-16 order, as Java does.
 *
 * A parsed version is a flat token array: Maven's item lists only ever nest
 * at their last element, so a LIST token means "the rest is a nested list".
 */
#include "common.h"
#include "maven.h"
#include "version.h"

enum mvn_kind { MVN_NUM, MVN_STR, MVN_COMB, MVN_LIST };

#define RANK_RELEASE 5
#define RANK_UNKNOWN 7

struct mvn_tok {
	uint8_t kind;
	uint8_t rank;		/* STR, COMB: qualifier rank */
	bool alias;		/* STR, COMB: text replaced by the rank's name */
	bool live;		/* false once normalize() removed it */
	uint16_t off, len;	/* NUM: digits sans leading zeros; STR, COMB: text */
	uint16_t doff, dlen;	/* COMB: digits sans leading zeros */
};

/* each character adds at most two tokens, the end two more */
#define MVN_TOK_MAX (2 * CU_MAVEN_VERSION_MAX + 2)

struct mvn {
	struct cu_span text;
	size_t n;
	bool cur_nonempty;	/* the innermost list has an element */
	struct mvn_tok t[MVN_TOK_MAX];
};

static const char *const qual_names[] = {
	"alpha", "beta", "milestone", "rc", "snapshot", "", "sp",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- UTF-8 and case ---- */

static uint32_t utf8_next(struct cu_span s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s.ptr + *i;
	size_t left = s.len - *i, n;
	uint32_t cp, min;

	if (p[0] < 0x80) {
		*i += 1;
		return p[0];
	}
	n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 0;
	min = n == 4 ? 0x10000 : n == 3 ? 0x800 : 0x80;
	if (!n || p[0] > 0xf4 || left < n)
		goto bad;
	cp = p[0] & (0x7f >> n);
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			goto bad;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto bad;
	*i += n;
	return cp;
bad:
	*i += 1;
	return 0xfffd;
}

static const struct {
	uint32_t lo, hi;
	int32_t delta;
	uint8_t step;	/* 2: only every other code point, from lo */
} lower_ranges[] = {
	{ 'A', 'Z', 32, 1 }, { 0xc0, 0xd6, 32, 1 }, { 0xd8, 0xde, 32, 1 },
	{ 0x100, 0x12e, 1, 2 }, { 0x132, 0x136, 1, 2 }, { 0x139, 0x147, 1, 2 },
	{ 0x14a, 0x176, 1, 2 }, { 0x178, 0x178, -121, 1 }, { 0x179, 0x17d, 1, 2 },
	{ 0x386, 0x386, 38, 1 }, { 0x388, 0x38a, 37, 1 }, { 0x38c, 0x38c, 64, 1 },
	{ 0x38e, 0x38f, 63, 1 }, { 0x391, 0x3a1, 32, 1 }, { 0x3a3, 0x3ab, 32, 1 },
	{ 0x400, 0x40f, 80, 1 }, { 0x410, 0x42f, 32, 1 }, { 0x460, 0x480, 1, 2 },
	{ 0x48a, 0x4be, 1, 2 }, { 0x4c0, 0x4c0, 15, 1 }, { 0x4c1, 0x4cd, 1, 2 },
	{ 0x4d0, 0x52e, 1, 2 }, { 0x531, 0x556, 48, 1 }, { 0x1e00, 0x1e94, 1, 2 },
	{ 0x1ea0, 0x1efe, 1, 2 }, { 0xff21, 0xff3a, 32, 1 },
};

static uint32_t to_lower(uint32_t cp)
{
	for (size_t k = 0; k < CU_ARRAY_SIZE(lower_ranges); k++)
		if (cp >= lower_ranges[k].lo && cp <= lower_ranges[k].hi &&
		    (cp - lower_ranges[k].lo) % lower_ranges[k].step == 0)
			return (uint32_t)((int32_t)cp + lower_ranges[k].delta);
	return cp;
}

/* Java strings count UTF-16 units; that is what the length cap is in. */
static size_t utf16_len(struct cu_span s)
{
	size_t n = 0;

	for (size_t i = 0; i < s.len;)
		n += utf8_next(s, &i) >= 0x10000 ? 2 : 1;
	return n;
}

/* The first UTF-16 unit of a code point: supplementary ones sort as surrogates. */
static uint32_t utf16_lead(uint32_t cp)
{
	return cp >= 0x10000 ? 0xd800 + ((cp - 0x10000) >> 10) : cp;
}

/* String.compareTo of the lowercased texts. */
static int text_cmp(struct cu_span a, struct cu_span b)
{
	size_t i = 0, j = 0;

	while (i < a.len && j < b.len) {
		uint32_t ca = to_lower(utf8_next(a, &i));
		uint32_t cb = to_lower(utf8_next(b, &j));

		if (utf16_lead(ca) != utf16_lead(cb))
			return utf16_lead(ca) < utf16_lead(cb) ? -1 : 1;
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return (i < a.len) - (j < b.len);
}

static int add_lower(struct cu_buf *out, struct cu_span s)
{
	static const unsigned char lead[] = { 0, 0, 0xc0, 0xe0, 0xf0 };
	int err = 0;

	for (size_t i = 0; i < s.len && !err;) {
		uint32_t cp = to_lower(utf8_next(s, &i));
		char u[4];
		size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

		u[0] = (char)(n == 1 ? cp : lead[n] | cp >> (6 * (n - 1)));
		for (size_t k = 1; k < n; k++)
			u[k] = (char)(0x80 | ((cp >> (6 * (n - 1 - k))) & 0x3f));
		err = cu_buf_add(out, u, n);
	}
	return err;
}

/* ---- parsing ---- */

static struct cu_span tok_text(const struct mvn *m, const struct mvn_tok *t)
{
	return cu_span_make(m->text.ptr + t->off, t->len);
}

static struct cu_span tok_digits(const struct mvn *m, const struct mvn_tok *t)
{
	return t->kind == MVN_COMB ? cu_span_make(m->text.ptr + t->doff, t->dlen)
				   : tok_text(m, t);
}

/* The qualifier rank of a word, and whether Maven replaces the word. */
static uint8_t qual_rank(struct cu_span w, bool followed_by_digit, bool *alias)
{
	*alias = true;
	if (followed_by_digit && w.len == 1) {
		switch (w.ptr[0] | 0x20) {
		case 'a': return 0;
		case 'b': return 1;
		case 'm': return 2;
		}
	}
	if (cu_span_eq_icase_str(w, "cr"))
		return 3;
	*alias = false;
	for (uint8_t r = 0; r < CU_ARRAY_SIZE(qual_names); r++)
		if (cu_span_eq_icase_str(w, qual_names[r]))
			return r;
	if (cu_span_eq_icase_str(w, "ga") || cu_span_eq_icase_str(w, "final") ||
	    cu_span_eq_icase_str(w, "release"))
		return RANK_RELEASE;
	return RANK_UNKNOWN;
}

static void push(struct mvn *m, struct mvn_tok tok)
{
	/* cannot overflow: the length cap bounds the token count */
	if (m->n >= MVN_TOK_MAX)
		return;
	tok.live = true;
	m->t[m->n++] = tok;
	m->cur_nonempty = tok.kind != MVN_LIST;
}

static void new_list(struct mvn *m)
{
	push(m, (struct mvn_tok){ .kind = MVN_LIST });
}

/* Digits [from, to) without leading zeros, as (off, len). */
static void strip_zeros(const struct mvn *m, size_t from, size_t to,
			uint16_t *off, uint16_t *len)
{
	while (from < to && m->text.ptr[from] == '0')
		from++;
	*off = (uint16_t)from;
	*len = (uint16_t)(to - from);
}

/* A combination "X1" or "X-1": the word up to the digits, then a number. */
static struct mvn_tok comb_tok(const struct mvn *m, size_t from, size_t to)
{
	struct mvn_tok t = { .kind = MVN_COMB };
	size_t d = from, wend;

	while (d < to && !is_digit(m->text.ptr[d]))
		d++;
	wend = d > from && m->text.ptr[d - 1] == '-' ? d - 1 : d;
	t.off = (uint16_t)from;
	t.len = (uint16_t)(wend - from);
	t.rank = qual_rank(tok_text(m, &t), true, &t.alias);
	strip_zeros(m, d, to, &t.doff, &t.dlen);
	return t;
}

static void push_item(struct mvn *m, bool comb, bool digit, size_t from, size_t to)
{
	struct mvn_tok t = { .kind = MVN_STR };

	if (comb) {
		t = comb_tok(m, from, to);
	} else if (digit) {
		t.kind = MVN_NUM;
		strip_zeros(m, from, to, &t.off, &t.len);
	} else {
		t.off = (uint16_t)from;
		t.len = (uint16_t)(to - from);
		t.rank = qual_rank(tok_text(m, &t), false, &t.alias);
	}
	push(m, t);
}

static void push_item_or_zero(struct mvn *m, bool comb, bool digit, size_t from,
			      size_t to)
{
	if (from == to)
		push(m, (struct mvn_tok){ .kind = MVN_NUM });
	else
		push_item(m, comb, digit, from, to);
}

static void normalize(struct mvn *m);

/* Where parseVersion is in the string. */
struct scan {
	size_t start;	/* first character of the current item */
	bool digit;	/* the last character was a digit */
	bool comb;	/* the current item is a combination "X1" */
};

/* A '-' ends an item and opens a list, except in "X-1", which reads as "X1". */
static void scan_dash(struct mvn *m, struct scan *s, size_t i)
{
	struct cu_span v = m->text;

	if (i > s->start && !s->digit && i + 1 < v.len && is_digit(v.ptr[i + 1])) {
		s->comb = true;
		return;
	}
	push_item_or_zero(m, s->comb, s->digit, s->start, i);
	s->start = i + 1;
	if (m->cur_nonempty)
		new_list(m);
	s->comb = false;
}

static void scan_char(struct mvn *m, struct scan *s, size_t i)
{
	char c = m->text.ptr[i];

	if (c == '.') {
		push_item_or_zero(m, s->comb, s->digit, s->start, i);
		s->comb = false;
		s->start = i + 1;
	} else if (c == '-') {
		scan_dash(m, s, i);
	} else if (is_digit(c)) {
		if (!s->digit && i > s->start) {
			s->comb = true;	/* "X1" */
			if (m->cur_nonempty)
				new_list(m);
		}
		s->digit = true;
	} else {
		if (s->digit && i > s->start) {
			push_item(m, s->comb, true, s->start, i);
			s->start = i;
			new_list(m);
			s->comb = false;
		}
		s->digit = false;
	}
}

/* ComparableVersion.parseVersion; non-ASCII bytes are plain characters. */
static int mvn_parse(struct cu_span v, struct mvn *m)
{
	struct scan s = { 0, false, false };

	if (utf16_len(v) > CU_MAVEN_VERSION_MAX)
		return CU_EFORMAT;
	m->text = v;
	m->n = 0;
	m->cur_nonempty = false;
	for (size_t i = 0; i < v.len; i++)
		scan_char(m, &s, i);
	if (v.len > s.start) {
		/* "1.0.0.X1" < "1.0.0-X2": a trailing ".X" reads as "-X" */
		if (!s.digit && m->cur_nonempty)
			new_list(m);
		push_item(m, s.comb, s.digit, s.start, v.len);
	}
	normalize(m);
	return 0;
}

/* ---- normalize ---- */

static size_t next_live(const struct mvn *m, size_t from, size_t to)
{
	while (from < to && !m->t[from].live)
		from++;
	return from;
}

static bool tok_is_null(const struct mvn *m, size_t i)
{
	const struct mvn_tok *t = &m->t[i];

	if (t->kind == MVN_LIST)
		return next_live(m, i + 1, m->n) == m->n;
	return t->kind == MVN_NUM ? t->len == 0 : t->kind == MVN_STR && t->len == 0;
}

/* Whether the null item before element `next` of a list goes away. */
static bool removable_before(const struct mvn *m, size_t next, size_t hi)
{
	size_t first;

	if (next == hi || m->t[next].kind == MVN_STR)
		return true;
	if (m->t[next].kind != MVN_LIST)
		return false;
	first = next_live(m, next + 1, m->n);
	return first < m->n && (m->t[first].kind == MVN_STR ||
				m->t[first].kind == MVN_COMB);
}

/* ListItem.normalize on the list whose own elements are tokens [lo, hi). */
static void normalize_level(struct mvn *m, size_t lo, size_t hi)
{
	size_t first;

	for (size_t i = hi; i-- > lo;) {
		if (!m->t[i].live || !tok_is_null(m, i))
			continue;
		if (removable_before(m, next_live(m, i + 1, hi), hi))
			m->t[i].live = false;
	}
	/* a lone nested list replaces the list's contents */
	first = next_live(m, lo, hi);
	if (first < hi && m->t[first].kind == MVN_LIST &&
	    next_live(m, first + 1, hi) == hi)
		m->t[first].live = false;
}

/* Innermost list first, as Maven pops its stack. */
static void normalize(struct mvn *m)
{
	size_t hi = m->n, scan = m->n;

	for (;;) {
		size_t lo = scan;

		while (lo > 0 && m->t[lo - 1].kind != MVN_LIST)
			lo--;
		normalize_level(m, lo, hi);
		if (lo == 0)
			break;
		hi = lo;	/* the parent's last element is the marker at lo - 1 */
		scan = lo - 1;
	}
}

/* ---- comparison ---- */

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static int num_cmp(struct cu_span a, struct cu_span b)
{
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	return a.len ? sign(memcmp(a.ptr, b.ptr, a.len)) : 0;
}

/* StringItem.compareTo(null): the qualifier against a plain release */
static int rank_null(uint8_t rank)
{
	return rank == RANK_UNKNOWN ? 1 : sign((int)rank - RANK_RELEASE);
}

static int qual_cmp(const struct mvn *a, const struct mvn_tok *x,
		    const struct mvn *b, const struct mvn_tok *y)
{
	if (x->rank != RANK_UNKNOWN || y->rank != RANK_UNKNOWN)
		return sign((int)x->rank - (int)y->rank);
	return text_cmp(tok_text(a, x), tok_text(b, y));
}

static int null_tail(const struct mvn *m, size_t from);

/* Item.compareTo(null) */
static int item_null(const struct mvn *m, size_t i)
{
	const struct mvn_tok *t = &m->t[i];
	int c;

	switch (t->kind) {
	case MVN_NUM:
		return t->len > 0;
	case MVN_STR:
		return rank_null(t->rank);
	case MVN_COMB:
		c = rank_null(t->rank);
		return c ? c : t->dlen > 0;
	default:
		return null_tail(m, i + 1);
	}
}

/* The first non-zero compareTo(null) of the live items from `from` on. */
static int null_tail(const struct mvn *m, size_t from)
{
	for (size_t i = next_live(m, from, m->n); i < m->n;
	     i = next_live(m, i + 1, m->n)) {
		int c = m->t[i].kind == MVN_LIST ? 0 : item_null(m, i);

		if (c)
			return c;
	}
	return 0;
}

/* StringItem.compareTo(CombinationItem) */
static int str_comb(const struct mvn *a, const struct mvn_tok *s,
		    const struct mvn *b, const struct mvn_tok *c)
{
	int r = qual_cmp(a, s, b, c);

	if (r)
		return r;
	return rank_null(s->rank) == 0 ? -(c->dlen > 0) : -1;
}

static int item_cmp(const struct mvn *a, size_t ia, const struct mvn *b, size_t ib);

/* ListItem.compareTo(scalar) */
static int list_scalar(const struct mvn *a, size_t ia, const struct mvn *b, size_t ib)
{
	size_t first;
	int c;

	if (b->t[ib].kind == MVN_NUM)
		return -1;
	first = next_live(a, ia + 1, a->n);
	if (first == a->n)
		return -item_null(b, ib);
	c = item_cmp(a, first, b, ib);
	if (c || a->t[first].kind == MVN_LIST)
		return c;
	return null_tail(a, first + 1);
}

static int scalar_cmp(const struct mvn *a, const struct mvn_tok *x,
		      const struct mvn *b, const struct mvn_tok *y)
{
	int c;

	if (x->kind == MVN_NUM)
		return y->kind == MVN_NUM ? num_cmp(tok_text(a, x), tok_text(b, y)) : 1;
	if (y->kind == MVN_NUM)
		return -1;
	if (x->kind == MVN_STR && y->kind == MVN_STR)
		return qual_cmp(a, x, b, y);
	if (x->kind == MVN_STR)
		return str_comb(a, x, b, y);
	if (y->kind == MVN_STR)
		return -str_comb(b, y, a, x);
	c = qual_cmp(a, x, b, y);
	if (c)
		return c;
	return num_cmp(tok_digits(a, x), tok_digits(b, y));
}

/* Item.compareTo(Item) for two present items, not both lists. */
static int item_cmp(const struct mvn *a, size_t ia, const struct mvn *b, size_t ib)
{
	if (a->t[ia].kind == MVN_LIST)
		return list_scalar(a, ia, b, ib);
	if (b->t[ib].kind == MVN_LIST)
		return -list_scalar(b, ib, a, ia);
	return scalar_cmp(a, &a->t[ia], b, &b->t[ib]);
}

/* Advance past element i of a list; a list element is always the last. */
static size_t step(const struct mvn *m, size_t i)
{
	return m->t[i].kind == MVN_LIST ? m->n : i + 1;
}

/* ListItem.compareTo(ListItem) of the lists starting at pa and pb. */
static int list_cmp(const struct mvn *a, size_t pa, const struct mvn *b, size_t pb)
{
	for (;;) {
		size_t ia = next_live(a, pa, a->n), ib = next_live(b, pb, b->n);
		int c;

		if (ia == a->n && ib == b->n)
			return 0;
		if (ia < a->n && ib < b->n && a->t[ia].kind == MVN_LIST &&
		    b->t[ib].kind == MVN_LIST) {
			pa = ia + 1;
			pb = ib + 1;
			continue;
		}
		if (ia == a->n)
			c = -item_null(b, ib);
		else if (ib == b->n)
			c = item_null(a, ia);
		else
			c = item_cmp(a, ia, b, ib);
		if (c)
			return c;
		pa = ia == a->n ? ia : step(a, ia);
		pb = ib == b->n ? ib : step(b, ib);
	}
}

int cu_maven_compare(struct cu_span a, struct cu_span b, int *cmp)
{
	struct mvn ma, mb;

	if (mvn_parse(a, &ma) || mvn_parse(b, &mb))
		return CU_EFORMAT;
	*cmp = list_cmp(&ma, 0, &mb, 0);
	return 0;
}

/* ---- canonical form ---- */

static int add_word(struct cu_buf *out, const struct mvn *m, const struct mvn_tok *t)
{
	if (t->alias)
		return cu_buf_addstr(out, qual_names[t->rank]);
	return add_lower(out, tok_text(m, t));
}

static int add_number(struct cu_buf *out, struct cu_span digits)
{
	return digits.len ? cu_buf_addspan(out, digits) : cu_buf_addch(out, '0');
}

static int add_token(struct cu_buf *out, const struct mvn *m, const struct mvn_tok *t)
{
	int err = 0;

	if (t->kind != MVN_NUM)
		err = add_word(out, m, t);
	if (!err && t->kind != MVN_STR)
		err = add_number(out, tok_digits(m, t));
	return err;
}

int cu_maven_canonical(struct cu_span v, struct cu_buf *out)
{
	struct mvn *m = cu_calloc(1, sizeof(*m));
	bool list_start = true;
	int err = m ? mvn_parse(v, m) : CU_ENOMEM;

	for (size_t i = 0; !err && i < m->n; i++) {
		const struct mvn_tok *t = &m->t[i];

		if (!t->live)
			continue;
		if (!list_start)
			err = cu_buf_addch(out, t->kind == MVN_LIST ? '-' : '.');
		list_start = t->kind == MVN_LIST;
		if (!err && t->kind != MVN_LIST)
			err = add_token(out, m, t);
	}
	free(m);
	return err;
}

/* ---- the scheme ---- */

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	return cu_maven_compare(a, b, cmp);
}

static int validate(struct cu_span v)
{
	return utf16_len(v) > CU_MAVEN_VERSION_MAX ? CU_EFORMAT : 0;
}

static int satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	struct cu_maven_range r;
	int err = validate(version);

	*in = false;
	if (!err)
		err = cu_maven_range_parse(range, &r);
	if (!err)
		err = cu_maven_range_contains(&r, version, in);
	return err;
}

const struct cu_version_scheme cu_scheme_maven = {
	.name = "maven",
	.title = "Maven (ComparableVersion)",
	.compare = compare,
	.validate = validate,
	.satisfies = satisfies,
};
