/*
 * composer.c - Composer version ordering (purl type "composer").
 *
 * Follows composer/semver (https://getcomposer.org/doc/articles/versions.md):
 * VersionParser::normalize turns "v1.2-beta2" into "1.2.0.0-beta2" (four
 * numbers, then -alpha|-beta|-RC|-patch with an optional number, then -dev;
 * a stability word may follow the number directly or after '.', '_' or
 * '-', and a/b/p/pl/rc expand; dates like 20230101 keep their shape;
 * "1.x-dev" becomes 1.9999999.9999999.9999999-dev; "dev-<name>", "master",
 * "trunk" and "default" are branches; " as " aliases, "@stability" flags
 * and "+build" metadata are dropped). Normalised versions are ordered with
 * PHP's version_compare(), whose special words order dev < alpha = a <
 * beta = b < RC = rc < (a number) < patch = pl = p, unknown words first.
 * As in Semver::sort, dev-master, dev-trunk and dev-default count as
 * 9999999-dev; other branches sort below numbered versions. Composer does
 * not order two branches against each other; we order them by name so
 * compare() stays antisymmetric.
 *
 * satisfies() is in composer-constraint.c. The PHP regular expressions are
 * hand-written matchers following PCRE's backtracking order. Normalised
 * versions are capped at CU_COMPOSER_NORM_MAX bytes, so everything lives in
 * fixed buffers and nothing is allocated. Numbers compare like PHP's strtol,
 * saturating at 2^63-1. NUL bytes are refused.
 */
#include "common.h"
#include "composer-internal.h"
#include "version.h"

static const char *const stab_words[] = {
	"stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* PCRE \s */
static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_sep(char c)
{
	return c == '.' || c == '-';
}

/* PHP trim(): " \t\n\r\0\x0B" */
static bool is_trim(char c)
{
	return c == ' ' || c == '\0' || (c >= '\t' && c <= '\r' && c != '\f');
}

static struct cu_span php_trim(struct cu_span s)
{
	while (s.len && is_trim(s.ptr[0]))
		s = cu_span_skip(s, 1);
	while (s.len && is_trim(s.ptr[s.len - 1]))
		s.len--;
	return s;
}

static size_t digits_end(struct cu_span s, size_t p)
{
	while (p < s.len && is_digit(s.ptr[p]))
		p++;
	return p;
}

/* A case-insensitive word at p. */
static bool word_at(struct cu_span s, size_t p, const char *w)
{
	size_t n = strlen(w);

	return p <= s.len && s.len - p >= n &&
	       cu_span_eq_icase_str(cu_span_make(s.ptr + p, n), w);
}

void cu_composer_add(struct cu_composer_version *b, const char *p, size_t n)
{
	if (n > sizeof(b->s) - b->len) {
		b->overflow = true;
		return;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
}

static void cb_str(struct cu_composer_version *b, const char *s)
{
	cu_composer_add(b, s, strlen(s));
}

static void cb_span(struct cu_composer_version *b, struct cu_span s)
{
	cu_composer_add(b, s.ptr, s.len);
}

static struct cu_span cb_view(const struct cu_composer_version *b)
{
	return cu_span_make(b->s, b->len);
}

/* ---- the modifier regex ---- */

static bool tail_ok(struct cu_span s, size_t p, enum cu_composer_tail tail)
{
	if (p == s.len)
		return true;
	if (tail == CU_COMPOSER_END || s.ptr[p] != '+')
		return false;
	if (tail == CU_COMPOSER_ANY)
		return true;
	for (size_t q = p + 1; q < s.len; q++)
		if (is_space(s.ptr[q]))
			return false;
	return p + 1 < s.len;
}

/* "([.-]?dev)?" and the tail, from p. */
bool cu_composer_dev_tail(struct cu_span s, size_t p, enum cu_composer_tail tail, bool *dev)
{
	size_t q = p < s.len && is_sep(s.ptr[p]) ? p + 1 : p;

	*dev = true;
	if (word_at(s, q, "dev") && tail_ok(s, q + 3, tail))
		return true;
	if (q != p && word_at(s, p, "dev") && tail_ok(s, p + 3, tail))
		return true;
	*dev = false;
	return tail_ok(s, p, tail);
}

/* "(?:[.-]?\d+)*+" from p: possessive, so the longest run. */
static size_t stab_number_end(struct cu_span s, size_t p)
{
	for (;;) {
		size_t q = p < s.len && is_sep(s.ptr[p]) ? p + 1 : p;

		if (q >= s.len || !is_digit(s.ptr[q]))
			return p;
		p = digits_end(s, q);
	}
}

static bool modifier_from(struct cu_span s, size_t p, bool lowered, enum cu_composer_tail tail,
			  struct cu_composer_modifier *m)
{
	for (size_t k = 0; k < CU_ARRAY_SIZE(stab_words); k++) {
		size_t w = strlen(stab_words[k]), e;

		if ((lowered && k == 3) || !word_at(s, p, stab_words[k]))
			continue;
		e = stab_number_end(s, p + w);
		if (cu_composer_dev_tail(s, e, tail, &m->dev)) {
			m->stab = cu_span_make(s.ptr + p, w);
			m->num = cu_span_make(s.ptr + p + w, e - p - w);
			return true;
		}
	}
	m->stab = m->num = cu_span_make(s.ptr, 0);
	return cu_composer_dev_tail(s, p, tail, &m->dev);
}

/*
 * "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?
 * ([.-]?dev)?" matching all of s from p, plus the tail.
 */
bool cu_composer_modifier(struct cu_span s, size_t p, bool lowered, enum cu_composer_tail tail,
			   struct cu_composer_modifier *m)
{
	if (p < s.len && (is_sep(s.ptr[p]) || s.ptr[p] == '_') &&
	    modifier_from(s, p + 1, lowered, tail, m))
		return true;
	return modifier_from(s, p, lowered, tail, m);
}

/* ---- normalize ---- */

/* "^([^,\s]++) ++as ++([^,\s]++)$": the alias source */
struct cu_span cu_composer_strip_alias(struct cu_span v)
{
	size_t a = 0, p, q;

	while (a < v.len && v.ptr[a] != ',' && !is_space(v.ptr[a]))
		a++;
	for (p = a; p < v.len && v.ptr[p] == ' '; p++)
		;
	if (!a || p == a || !cu_span_starts_with(cu_span_skip(v, p), "as"))
		return v;
	for (q = p + 2; q < v.len && v.ptr[q] == ' '; q++)
		;
	if (q == p + 2 || q == v.len)
		return v;
	for (p = q; p < v.len && v.ptr[p] != ',' && !is_space(v.ptr[p]); p++)
		;
	return p == v.len ? cu_span_make(v.ptr, a) : v;
}

/* "@(stable|RC|beta|alpha|dev)$" (case-insensitive), or an empty span */
struct cu_span cu_composer_stability_flag(struct cu_span v)
{
	static const char *const flags[] = { "stable", "RC", "beta", "alpha", "dev" };

	for (size_t k = 0; k < CU_ARRAY_SIZE(flags); k++) {
		size_t n = strlen(flags[k]);

		if (v.len > n && v.ptr[v.len - n - 1] == '@' && word_at(v, v.len - n, flags[k]))
			return cu_span_make(v.ptr + v.len - n - 1, n + 1);
	}
	return cu_span_make(v.ptr, 0);
}

/* "^([^,\s+]++)\+[^\s]++$": drop build metadata */
static struct cu_span strip_build(struct cu_span v)
{
	size_t a = 0;

	while (a < v.len && v.ptr[a] != ',' && v.ptr[a] != '+' && !is_space(v.ptr[a]))
		a++;
	if (a && a < v.len && v.ptr[a] == '+' && tail_ok(v, a, CU_COMPOSER_BUILD))
		return cu_span_make(v.ptr, a);
	return v;
}

static void add_stability(struct cu_composer_version *out, struct cu_span w)
{
	if (cu_span_eq_icase_str(w, "a"))
		cb_str(out, "alpha");
	else if (cu_span_eq_icase_str(w, "b"))
		cb_str(out, "beta");
	else if (cu_span_eq_icase_str(w, "p") || cu_span_eq_icase_str(w, "pl"))
		cb_str(out, "patch");
	else if (cu_span_eq_icase_str(w, "rc"))
		cb_str(out, "RC");
	else
		for (size_t i = 0; i < w.len; i++)
			cu_composer_add(out, &(char){ (char)(w.ptr[i] | 0x20) }, 1);
}

static void add_modifier(struct cu_composer_version *out, const struct cu_composer_modifier *m)
{
	struct cu_span num = m->num;

	if (m->stab.len) {
		if (cu_span_eq_str(m->stab, "stable"))
			return;
		cb_str(out, "-");
		add_stability(out, m->stab);
		while (num.len && is_sep(num.ptr[0]))
			num = cu_span_skip(num, 1);
		cb_span(out, num);
	}
	if (m->dev)
		cb_str(out, "-dev");
}

/* "^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?" + modifier, case-insensitive */
static bool classical(struct cu_span v, struct cu_composer_version *out)
{
	size_t p = v.len && (v.ptr[0] | 0x20) == 'v', start = p, d = digits_end(v, p);
	int groups = 0;
	struct cu_composer_modifier m;

	if (d == p || d - p > 5)
		return false;
	for (p = d; groups < 3 && p + 1 < v.len && v.ptr[p] == '.' && is_digit(v.ptr[p + 1]);
	     groups++)
		p = digits_end(v, p + 1);
	if (!cu_composer_modifier(v, p, false, CU_COMPOSER_END, &m))
		return false;
	cu_composer_add(out, v.ptr + start, p - start);
	for (; groups < 3; groups++)
		cb_str(out, ".0");
	add_modifier(out, &m);
	return true;
}

struct date_match {
	size_t end;	/* where the date part ends */
	struct cu_composer_modifier m;
};

/* "(?:[.:-]?\d{1,3})?" + modifier: longest first, then none. */
static bool date_tail(struct cu_span v, size_t p, struct date_match *dm)
{
	size_t q = p < v.len && (is_sep(v.ptr[p]) || v.ptr[p] == ':') ? p + 1 : p;
	size_t n = digits_end(v, q) - q;

	for (n = n > 3 ? 3 : n; n > 0; n--)
		if (cu_composer_modifier(v, q + n, false, CU_COMPOSER_END, &dm->m)) {
			dm->end = q + n;
			return true;
		}
	dm->end = p;
	return cu_composer_modifier(v, p, false, CU_COMPOSER_END, &dm->m);
}

/* "(?:[.:-]?\d{2}){1,6}" then the tail, backtracking like PCRE. */
static bool date_reps(struct cu_span v, size_t p, int reps, struct date_match *dm)
{
	size_t q = p < v.len && (is_sep(v.ptr[p]) || v.ptr[p] == ':') ? p + 1 : p;

	if (reps < 6 && q + 2 <= v.len && is_digit(v.ptr[q]) && is_digit(v.ptr[q + 1]) &&
	    date_reps(v, q + 2, reps + 1, dm))
		return true;
	return reps >= 1 && date_tail(v, p, dm);
}

/* "^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)" + modifier */
static bool date_version(struct cu_span v, struct cu_composer_version *out)
{
	size_t p = v.len && (v.ptr[0] | 0x20) == 'v';
	struct date_match dm;

	if (digits_end(v, p) < p + 4 || !date_reps(v, p + 4, 0, &dm))
		return false;
	for (size_t i = p; i < dm.end; i++)
		cu_composer_add(out, is_digit(v.ptr[i]) ? &v.ptr[i] : ".", 1);
	add_modifier(out, &dm.m);
	return true;
}

/* normalizeBranch for a numeric branch ("1.x", "2.1.*"); false otherwise. */
static bool numeric_branch(struct cu_span name, struct cu_composer_version *out)
{
	size_t p, d;
	bool open = true;

	name = php_trim(name);
	p = name.len && (name.ptr[0] | 0x20) == 'v';
	d = digits_end(name, p);
	if (d == p)
		return false;
	cu_composer_add(out, name.ptr + p, d - p);
	for (int k = 0, more = 1; k < 3 && more; k++) {
		char c = open && d + 1 < name.len && name.ptr[d] == '.' ? name.ptr[d + 1] : 0;

		if (is_digit(c)) {
			p = d;
			d = digits_end(name, p + 1);
			cu_composer_add(out, name.ptr + p, d - p);
			continue;
		}
		if (c == 'x' || c == 'X' || c == '*')
			d += 2;
		else
			open = false;	/* a missing part reads as ".x" */
		cb_str(out, ".9999999");
	}
	cb_str(out, "-dev");
	return d == name.len;
}

/* "(.*?)[.-]?dev$" (case-insensitive) with a numeric branch before it */
static bool dev_branch(struct cu_span v, struct cu_composer_version *out)
{
	size_t n;

	if (v.len < 3 || !word_at(v, v.len - 3, "dev"))
		return false;
	n = v.len >= 4 && is_sep(v.ptr[v.len - 4]) ? v.len - 4 : v.len - 3;
	return numeric_branch(cu_span_make(v.ptr, n), out);
}

int cu_composer_normalize_to(struct cu_span v, struct cu_composer_version *out)
{
	static const char *const default_branches[] = { "master", "trunk", "default" };
	bool ok = false;

	out->len = 0;
	out->overflow = false;
	v = cu_composer_strip_alias(php_trim(v));
	v.len -= cu_composer_stability_flag(v).len;
	for (size_t k = 0; k < CU_ARRAY_SIZE(default_branches) && !ok; k++)
		ok = cu_span_eq_str(v, default_branches[k]);
	if (ok || word_at(v, 0, "dev-")) {
		cb_str(out, "dev-");
		cb_span(out, ok ? v : cu_span_skip(v, 4));
		ok = true;
	} else {
		v = strip_build(v);
		ok = classical(v, out) || date_version(v, out) || dev_branch(v, out);
	}
	return ok && !out->overflow && !memchr(out->s, '\0', out->len) ? 0 : CU_EFORMAT;
}

int cu_composer_normalize(struct cu_span version, struct cu_buf *out)
{
	struct cu_composer_version nv;
	int err = cu_composer_normalize_to(version, &nv);

	return err ? err : cu_buf_addspan(out, cb_view(&nv));
}

/* ---- PHP's version_compare() ---- */

/* php_canonicalize_version: '.' between digit/non-digit runs, -_+ -> '.' */
static size_t php_canon(struct cu_span v, char *out)
{
	size_t q = 0;
	char lp;

	if (!v.len)
		return 0;
	out[q++] = lp = v.ptr[0];
	for (size_t i = 1; i < v.len; i++) {
		char c = v.ptr[i];
		bool special = c == '-' || c == '_' || c == '+';
		bool turn = !special && (is_digit(c) ? !is_digit(lp) && lp != '.'
						     : c != '.' && is_digit(lp));

		if (special || turn || !is_alnum(c)) {
			if (out[q - 1] != '.')
				out[q++] = '.';
			if (turn)
				out[q++] = c;	/* a digit/non-digit boundary */
		} else {
			out[q++] = c;
		}
		lp = c;
	}
	return q;
}

/* compare_special_version_forms: prefix match against the special words */
static int special_form(struct cu_span e)
{
	static const struct { const char *name; int order; } forms[] = {
		{ "dev", 0 }, { "alpha", 1 }, { "a", 1 }, { "beta", 2 }, { "b", 2 },
		{ "RC", 3 }, { "rc", 3 }, { "#", 4 }, { "pl", 5 }, { "p", 5 },
	};

	for (size_t k = 0; k < CU_ARRAY_SIZE(forms); k++)
		if (cu_span_starts_with(e, forms[k].name))
			return forms[k].order;
	return -1;
}

/* strtol(): leading digits, saturating at LONG_MAX */
static uint64_t php_strtol(struct cu_span e)
{
	uint64_t v = 0;

	for (size_t i = 0; i < e.len && is_digit(e.ptr[i]); i++) {
		unsigned d = (unsigned)(e.ptr[i] - '0');

		if (v > (INT64_MAX - d) / 10)
			return INT64_MAX;
		v = v * 10 + d;
	}
	return v;
}

static int elem_cmp(struct cu_span a, struct cu_span b)
{
	bool da = a.len && is_digit(a.ptr[0]), db = b.len && is_digit(b.ptr[0]);
	int fa, fb;

	if (da && db) {
		uint64_t x = php_strtol(a), y = php_strtol(b);

		return (x > y) - (x < y);
	}
	fa = da ? 4 : special_form(a);
	fb = db ? 4 : special_form(b);
	return (fa > fb) - (fa < fb);
}

/* The element at *p (up to '.'); *more says whether a '.' followed. */
static struct cu_span next_elem(struct cu_span c, size_t *p, bool *more)
{
	size_t start = *p, e = start;

	while (e < c.len && c.ptr[e] != '.')
		e++;
	*more = e < c.len;
	*p = *more ? e + 1 : e;
	return cu_span_make(c.ptr + start, e - start);
}

/*
 * version_compare(v, "#N#") for what is left of a longer version: "#N#"
 * is one element, so each step compares one element of v, then looks at
 * the rest (canonicalized again, as PHP's recursion does).
 */
static int rest_vs_number(struct cu_span rest)
{
	char buf[2][4 * CU_COMPOSER_NORM_MAX + 2];

	for (int k = 0;; k ^= 1) {
		struct cu_span c;
		size_t p = 0;
		bool more;
		int cmp;

		if (!rest.len)
			return -1;
		if (rest.len > 2 * CU_COMPOSER_NORM_MAX)
			rest.len = 2 * CU_COMPOSER_NORM_MAX;	/* cannot happen */
		c = rest.ptr[0] == '#' ? rest : cu_span_make(buf[k], php_canon(rest, buf[k]));
		cmp = elem_cmp(next_elem(c, &p, &more), cu_span_str("#N#"));
		if (cmp || !more)
			return cmp;
		if (p < c.len && is_digit(c.ptr[p]))
			return 1;
		rest = cu_span_skip(c, p);
	}
}

/* php_version_compare on two strings that do not start with '#'. */
int cu_composer_php_compare(struct cu_span a, struct cu_span b)
{
	char ba[2 * CU_COMPOSER_NORM_MAX + 1], bb[2 * CU_COMPOSER_NORM_MAX + 1];
	struct cu_span ca, cb;
	size_t pa = 0, pb = 0;
	bool ma = true, mb = true;
	int cmp = 0;

	if (!a.len || !b.len)
		return (a.len > 0) - (b.len > 0);
	if (a.len > CU_COMPOSER_NORM_MAX || b.len > CU_COMPOSER_NORM_MAX)
		return 0;	/* callers pass normalised versions only */
	ca = cu_span_make(ba, php_canon(a, ba));
	cb = cu_span_make(bb, php_canon(b, bb));
	while (pa < ca.len && pb < cb.len && ma && mb && !cmp)
		cmp = elem_cmp(next_elem(ca, &pa, &ma), next_elem(cb, &pb, &mb));
	if (cmp)
		return cmp;
	if (ma)
		return pa < ca.len && is_digit(ca.ptr[pa]) ? 1 : rest_vs_number(cu_span_skip(ca, pa));
	if (mb)
		return pb < cb.len && is_digit(cb.ptr[pb]) ? -1 : -rest_vs_number(cu_span_skip(cb, pb));
	return 0;
}

static bool is_branch(struct cu_span v)
{
	return cu_span_starts_with(v, "dev-");
}

/* normalizeDefaultBranch */
static void default_branch(struct cu_composer_version *v)
{
	struct cu_span s = cb_view(v);

	if (cu_span_eq_str(s, "dev-master") || cu_span_eq_str(s, "dev-default") ||
	    cu_span_eq_str(s, "dev-trunk")) {
		v->len = 0;
		cb_str(v, "9999999-dev");
	}
}

static int compare(struct cu_span a, struct cu_span b, int *cmp)
{
	struct cu_composer_version na, nb;
	struct cu_span va, vb;

	if (cu_composer_normalize_to(a, &na) || cu_composer_normalize_to(b, &nb))
		return CU_EFORMAT;
	default_branch(&na);
	default_branch(&nb);
	va = cb_view(&na);
	vb = cb_view(&nb);
	if (cu_span_eq(va, vb))
		*cmp = 0;
	else if (is_branch(va) && is_branch(vb))
		*cmp = cu_span_cmp(va, vb) < 0 ? -1 : 1;
	else
		*cmp = cu_composer_php_compare(va, vb);
	return 0;
}

static int validate(struct cu_span v)
{
	struct cu_composer_version nv;

	return cu_composer_normalize_to(v, &nv);
}

const struct cu_version_scheme cu_scheme_composer = {
	.name = "composer",
	.title = "Composer",
	.compare = compare,
	.validate = validate,
	.satisfies = cu_composer_satisfies,
};
