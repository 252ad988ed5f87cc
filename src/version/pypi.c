/*
 * pypi.c - the pypi version scheme: PEP 440 versions as pypa/packaging
 * parses, normalises and orders them (packaging.version.Version).
 *
 * Grammar (case-insensitive, ASCII only, surrounding white space ignored):
 *
 *   [v][N!]N(.N)*[{a|b|c|rc|alpha|beta|pre|preview}[N]]
 *        [-N | {post|rev|r}[N]][dev[N]][+local]
 *
 * where each label may be preceded and followed by one of "-_.", a missing
 * number is 0 and local is [a-z0-9]+ joined by "-_.". Order (packaging's
 * _cmpkey): epoch, release with trailing zeros ignored, pre-release (a
 * dev-only release sorts before every pre-release of it, a final after all),
 * post-release, dev-release (none sorts last), local label (none sorts
 * first; numeric parts above alphanumeric ones, compared as numbers).
 *
 * Specifiers are parsed in pypi-spec.c and matched in pypi-range.c.
 */
#include "common.h"
#include "pypi-internal.h"
#include "version.h"

struct cursor {
	const char *p;
	size_t len, pos;
};

static int peek(const struct cursor *c, size_t ahead)
{
	size_t i = c->pos + ahead;

	return i < c->len ? (unsigned char)c->p[i] : -1;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* White space ------------------------------------------------------------- */

/* Whether the n bytes at p are one character Python's str.isspace() accepts. */
static bool is_space_seq(const unsigned char *p, size_t n)
{
	if (n == 1)
		return (p[0] >= 0x09 && p[0] <= 0x0d) ||
		       (p[0] >= 0x1c && p[0] <= 0x20);
	if (n == 2)
		return p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0);
	if (p[0] == 0xe1)
		return p[1] == 0x9a && p[2] == 0x80;
	if (p[0] == 0xe2 && p[1] == 0x80)
		return (p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 ||
		       p[2] == 0xa9 || p[2] == 0xaf;
	if (p[0] == 0xe2 && p[1] == 0x81)
		return p[2] == 0x9f;
	return p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80;
}

static size_t space_at(struct cu_span s, size_t i)
{
	const unsigned char *p = (const unsigned char *)s.ptr + i;

	for (size_t n = 1; n <= 3; n++)
		if (i + n <= s.len && is_space_seq(p, n))
			return n;
	return 0;
}

static size_t space_before(struct cu_span s, size_t end)
{
	const unsigned char *p = (const unsigned char *)s.ptr + end;

	for (size_t n = 1; n <= 3; n++)
		if (end >= n && is_space_seq(p - n, n))
			return n;
	return 0;
}

struct cu_span pep440_lstrip(struct cu_span s)
{
	size_t n;

	while ((n = space_at(s, 0)))
		s = cu_span_skip(s, n);
	return s;
}

struct cu_span pep440_strip(struct cu_span s)
{
	size_t n;

	s = pep440_lstrip(s);
	while ((n = space_before(s, s.len)))
		s.len -= n;
	return s;
}

bool pep440_has_space(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (space_at(s, i))
			return true;
	return false;
}

/* Parsing ----------------------------------------------------------------- */

static struct cu_span no_zeros(struct cu_span d)
{
	while (d.len && d.ptr[0] == '0')
		d = cu_span_skip(d, 1);
	return d;
}

static struct cu_span take_digits(struct cursor *c)
{
	size_t start = c->pos;

	while (is_digit(peek(c, 0)))
		c->pos++;
	return cu_span_make(c->p + start, c->pos - start);
}

static bool is_sep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

static void take_sep(struct cursor *c)
{
	if (is_sep(peek(c, 0)))
		c->pos++;
}

static bool take_word(struct cursor *c, const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i < n; i++)
		if (lower(peek(c, i)) != w[i])
			return false;
	c->pos += n;
	return true;
}

static int parse_release(struct cursor *c, struct cu_pep440 *v)
{
	struct cu_span d = take_digits(c);
	size_t start = c->pos - d.len;

	if (!d.len)
		return CU_EFORMAT;
	if (peek(c, 0) == '!') {
		v->epoch = no_zeros(d);
		c->pos++;
		start = c->pos;
		if (!take_digits(c).len)
			return CU_EFORMAT;
	}
	v->nrelease = 1;
	while (peek(c, 0) == '.' && is_digit(peek(c, 1))) {
		c->pos++;
		take_digits(c);
		v->nrelease++;
	}
	v->release = cu_span_make(c->p + start, c->pos - start);
	return 0;
}

/* Longest spellings first, so that "alpha" is not read as "a" + "lpha". */
static const struct {
	const char *word;
	char kind;
} pre_labels[] = {
	{ "alpha", 'a' }, { "beta", 'b' }, { "preview", 'c' }, { "pre", 'c' },
	{ "rc", 'c' }, { "a", 'a' }, { "b", 'b' }, { "c", 'c' },
};

static void parse_pre(struct cursor *c, struct cu_pep440 *v)
{
	size_t save = c->pos;

	take_sep(c);
	for (size_t i = 0; i < CU_ARRAY_SIZE(pre_labels); i++) {
		if (!take_word(c, pre_labels[i].word))
			continue;
		take_sep(c);
		v->pre_kind = pre_labels[i].kind;
		v->pre = no_zeros(take_digits(c));
		return;
	}
	c->pos = save;
}

static void parse_post(struct cursor *c, struct cu_pep440 *v)
{
	static const char *const words[] = { "post", "rev", "r" };
	size_t save = c->pos;

	if (peek(c, 0) == '-' && is_digit(peek(c, 1))) {
		c->pos++;
		v->has_post = true;
		v->post = no_zeros(take_digits(c));
		return;
	}
	take_sep(c);
	for (size_t i = 0; i < CU_ARRAY_SIZE(words); i++) {
		if (!take_word(c, words[i]))
			continue;
		take_sep(c);
		v->has_post = true;
		v->post = no_zeros(take_digits(c));
		return;
	}
	c->pos = save;
}

static void parse_dev(struct cursor *c, struct cu_pep440 *v)
{
	size_t save = c->pos;

	take_sep(c);
	if (!take_word(c, "dev")) {
		c->pos = save;
		return;
	}
	take_sep(c);
	v->has_dev = true;
	v->dev = no_zeros(take_digits(c));
}

static int parse_local(struct cursor *c, struct cu_pep440 *v)
{
	size_t start;

	if (peek(c, 0) != '+')
		return 0;
	start = ++c->pos;
	if (!is_alnum(peek(c, 0)))
		return CU_EFORMAT;
	for (;;) {
		while (is_alnum(peek(c, 0)))
			c->pos++;
		if (!is_sep(peek(c, 0)) || !is_alnum(peek(c, 1)))
			break;
		c->pos++;
	}
	v->local = cu_span_make(c->p + start, c->pos - start);
	return 0;
}

int pep440_parse_exact(struct cu_span s, struct cu_pep440 *v)
{
	struct cursor c = { s.ptr, s.len, 0 };

	memset(v, 0, sizeof(*v));
	if (lower(peek(&c, 0)) == 'v')
		c.pos++;
	if (parse_release(&c, v))
		return CU_EFORMAT;
	parse_pre(&c, v);
	parse_post(&c, v);
	parse_dev(&c, v);
	if (parse_local(&c, v) || c.pos != c.len)
		return CU_EFORMAT;
	return 0;
}

int cu_pep440_parse(struct cu_span s, struct cu_pep440 *v)
{
	return pep440_parse_exact(pep440_strip(s), v);
}

bool cu_pep440_release_next(struct cu_span *release, struct cu_span *digits)
{
	size_t i = 0;

	if (!release->len)
		return false;
	while (i < release->len && release->ptr[i] != '.')
		i++;
	*digits = no_zeros(cu_span_make(release->ptr, i));
	*release = cu_span_skip(*release, i + 1);
	return true;
}

/* Ordering ---------------------------------------------------------------- */

static int digits_cmp(struct cu_span a, struct cu_span b)
{
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	return a.len ? memcmp(a.ptr, b.ptr, a.len) : 0;
}

/* Whether b == a + 1, both digit strings without leading zeros. */
static bool is_successor(struct cu_span a, struct cu_span b)
{
	size_t nines = 0, keep;

	while (nines < a.len && a.ptr[a.len - 1 - nines] == '9')
		nines++;
	if (nines == a.len) {
		if (b.len != a.len + 1 || b.ptr[0] != '1')
			return false;
		keep = 1;
	} else {
		keep = a.len - nines;
		if (b.len != a.len ||
		    (keep > 1 && memcmp(a.ptr, b.ptr, keep - 1)) ||
		    b.ptr[keep - 1] != a.ptr[keep - 1] + 1)
			return false;
	}
	for (size_t i = keep; i < b.len; i++)
		if (b.ptr[i] != '0')
			return false;
	return true;
}

int pep440_num_cmp(struct cu_span a, bool a_plus, struct cu_span b, bool b_plus)
{
	int c;

	if (a_plus == b_plus)
		return digits_cmp(a, b);
	if (b_plus)
		return -pep440_num_cmp(b, true, a, false);
	c = digits_cmp(a, b);
	if (c >= 0)
		return 1;
	return is_successor(a, b) ? 0 : -1;
}

int pep440_release_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b)
{
	struct cu_span ra = a->release, rb = b->release, da, db;
	size_t n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;
	int c;

	for (size_t i = 0; i < n; i++) {
		bool ha = i < a->nrelease && cu_pep440_release_next(&ra, &da);
		bool hb = i < b->nrelease && cu_pep440_release_next(&rb, &db);

		c = pep440_num_cmp(ha ? da : CU_SPAN_NULL,
				   ha && a->bump == PEP440_BUMP_RELEASE &&
				   i + 1 == a->nrelease,
				   hb ? db : CU_SPAN_NULL,
				   hb && b->bump == PEP440_BUMP_RELEASE &&
				   i + 1 == b->nrelease);
		if (c)
			return c;
	}
	return 0;
}

/* 0: dev-only release (before any pre-release), 1: pre-release, 2: none. */
static int pre_rank(const struct cu_pep440 *v)
{
	if (v->pre_kind)
		return 1;
	return !v->has_post && v->has_dev ? 0 : 2;
}

static int pre_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b)
{
	int ra = pre_rank(a), rb = pre_rank(b);

	if (ra != rb)
		return ra - rb;
	if (ra != 1)
		return 0;
	if (a->pre_kind != b->pre_kind)
		return a->pre_kind - b->pre_kind;
	return pep440_num_cmp(a->pre, a->bump == PEP440_BUMP_PRE,
			      b->pre, b->bump == PEP440_BUMP_PRE);
}

static int post_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b)
{
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (!a->has_post)
		return 0;
	return pep440_num_cmp(a->post, a->bump == PEP440_BUMP_POST,
			      b->post, b->bump == PEP440_BUMP_POST);
}

static int dev_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b)
{
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	if (!a->has_dev)
		return 0;
	return pep440_num_cmp(a->dev, a->bump == PEP440_BUMP_DEV,
			      b->dev, b->bump == PEP440_BUMP_DEV);
}

/* Pull one local part (split at "-_."). */
static bool local_next(struct cu_span *rest, struct cu_span *part)
{
	size_t i = 0;

	if (!rest->len)
		return false;
	while (i < rest->len && is_alnum((unsigned char)rest->ptr[i]))
		i++;
	*part = cu_span_make(rest->ptr, i);
	*rest = cu_span_skip(*rest, i + 1);
	return true;
}

static bool all_digits(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_digit((unsigned char)s.ptr[i]))
			return false;
	return true;
}

static int icase_cmp(struct cu_span a, struct cu_span b)
{
	size_t n = a.len < b.len ? a.len : b.len;

	for (size_t i = 0; i < n; i++) {
		int ca = lower((unsigned char)a.ptr[i]);
		int cb = lower((unsigned char)b.ptr[i]);

		if (ca != cb)
			return ca - cb;
	}
	return a.len < b.len ? -1 : a.len > b.len;
}

bool pep440_icase_eq(struct cu_span a, struct cu_span b)
{
	return a.len == b.len && icase_cmp(a, b) == 0;
}

/* Numeric parts compare as numbers and sort above alphanumeric ones. */
static int local_part_cmp(struct cu_span a, struct cu_span b)
{
	bool na = all_digits(a), nb = all_digits(b);

	if (na != nb)
		return na ? 1 : -1;
	if (na)
		return digits_cmp(no_zeros(a), no_zeros(b));
	return icase_cmp(a, b);
}

static int local_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b)
{
	struct cu_span ra = a->local, rb = b->local, pa, pb;
	int c;

	if (!ra.len || !rb.len)
		return (ra.len > 0) - (rb.len > 0);
	for (;;) {
		bool ha = local_next(&ra, &pa), hb = local_next(&rb, &pb);

		if (!ha || !hb)
			return ha - hb;
		if ((c = local_part_cmp(pa, pb)))
			return c;
	}
}

int cu_pep440_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b)
{
	int c;

	if ((c = pep440_num_cmp(a->epoch, false, b->epoch, false)) ||
	    (c = pep440_release_cmp(a, b)) || (c = pre_cmp(a, b)) ||
	    (c = post_cmp(a, b)) || (c = dev_cmp(a, b)))
		return c;
	return local_cmp(a, b);
}

/* Formatting -------------------------------------------------------------- */

static int add_num(struct cu_buf *out, struct cu_span digits, bool plus_one)
{
	size_t start = out->len, n;
	char *d;
	int err;

	if (!plus_one && !digits.len)
		return cu_buf_addch(out, '0');
	if (!plus_one)
		return cu_buf_addspan(out, digits);
	if ((err = cu_buf_addch(out, '0')) ||
	    (err = cu_buf_addspan(out, digits)))
		return err;
	d = out->buf + start;
	n = out->len - start;
	for (size_t i = n; i-- > 0;) {
		if (d[i] != '9') {
			d[i]++;
			break;
		}
		d[i] = '0';
	}
	if (d[0] == '0') {
		memmove(d, d + 1, n - 1);
		out->buf[--out->len] = '\0';
	}
	return 0;
}

/* Components to print: all, or up to the last non-zero one. */
static size_t release_shown(const struct cu_pep440 *v, bool trim)
{
	struct cu_span rest = v->release, d;
	size_t shown = 1;

	if (!trim)
		return v->nrelease;
	for (size_t i = 0; cu_pep440_release_next(&rest, &d); i++) {
		bool last = i + 1 == v->nrelease;

		if (d.len || (last && v->bump == PEP440_BUMP_RELEASE))
			shown = i + 1;
		if (last)
			break;
	}
	return shown;
}

static int add_release(const struct cu_pep440 *v, bool trim, struct cu_buf *out)
{
	struct cu_span rest = v->release, d;
	size_t shown = release_shown(v, trim);
	int err = 0;

	for (size_t i = 0; !err && i < shown; i++) {
		if (!cu_pep440_release_next(&rest, &d) ||
		    (i && (err = cu_buf_addch(out, '.'))))
			break;
		err = add_num(out, d, v->bump == PEP440_BUMP_RELEASE &&
			      i + 1 == v->nrelease);
	}
	return err;
}

static int add_local(struct cu_span local, struct cu_buf *out)
{
	struct cu_span part;
	int err = cu_buf_addch(out, '+');

	for (size_t n = 0; !err && local_next(&local, &part); n++) {
		if (n && (err = cu_buf_addch(out, '.')))
			break;
		if (all_digits(part)) {
			err = add_num(out, no_zeros(part), false);
			continue;
		}
		for (size_t i = 0; !err && i < part.len; i++) {
			int c = lower((unsigned char)part.ptr[i]);

			err = cu_buf_addch(out, (char)c);
		}
	}
	return err;
}

static int add_suffixes(const struct cu_pep440 *v, unsigned parts,
			struct cu_buf *out)
{
	int err = 0;

	if ((parts & CU_PEP440_PRE) && v->pre_kind) {
		err = cu_buf_addstr(out, v->pre_kind == 'c' ? "rc" :
				    v->pre_kind == 'a' ? "a" : "b");
		if (!err)
			err = add_num(out, v->pre, v->bump == PEP440_BUMP_PRE);
	}
	if (!err && (parts & CU_PEP440_POST) && v->has_post &&
	    !(err = cu_buf_addstr(out, ".post")))
		err = add_num(out, v->post, v->bump == PEP440_BUMP_POST);
	if (!err && (parts & CU_PEP440_DEV) && v->has_dev &&
	    !(err = cu_buf_addstr(out, ".dev")))
		err = add_num(out, v->dev, v->bump == PEP440_BUMP_DEV);
	if (!err && (parts & CU_PEP440_LOCAL) && v->local.len)
		err = add_local(v->local, out);
	return err;
}

int cu_pep440_format(const struct cu_pep440 *v, unsigned parts,
		     struct cu_buf *out)
{
	int err = 0;

	if ((parts & CU_PEP440_EPOCH) && v->epoch.len &&
	    (err = cu_buf_addspan(out, v->epoch)) == 0)
		err = cu_buf_addch(out, '!');
	if (!err && (parts & CU_PEP440_RELEASE))
		err = add_release(v, parts & CU_PEP440_TRIM_ZEROS, out);
	return err ? err : add_suffixes(v, parts, out);
}

int cu_pep440_normalize(struct cu_span s, struct cu_buf *out)
{
	struct cu_pep440 v;

	if (cu_pep440_parse(s, &v))
		return CU_EFORMAT;
	return cu_pep440_format(&v, CU_PEP440_STR, out);
}

/* The scheme -------------------------------------------------------------- */

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	struct cu_pep440 va, vb;

	if (cu_pep440_parse(a, &va) || cu_pep440_parse(b, &vb))
		return CU_EFORMAT;
	*cmp = cu_pep440_cmp(&va, &vb);
	return 0;
}

static int validate(struct cu_span v)
{
	struct cu_pep440 parsed;

	return cu_pep440_parse(v, &parsed);
}

static int satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	struct cu_pep440_specset set;
	struct cu_pep440 v;
	int err;

	if ((err = cu_pep440_specset_parse(range, &set)))
		return err;
	if (cu_pep440_parse(version, &v))
		return CU_EFORMAT;
	return cu_pep440_contains(&set, version, NULL, in);
}

const struct cu_version_scheme cu_scheme_pypi = {
	.name = "pypi",
	.title = "Python (PEP 440)",
	.compare = compare,
	.validate = validate,
	.satisfies = satisfies,
};
