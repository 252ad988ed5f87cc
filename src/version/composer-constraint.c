/*
 * composer-constraint.c - Composer version constraints: Semver::satisfies.
 *
 * Follows composer/semver's VersionParser::parseConstraints and
 * Constraint::matchSpecific (https://getcomposer.org/doc/articles/versions.md):
 *
 *   constraints = alternative { ("||" | "|") alternative }
 *   alternative = constraint { ("," | " ") constraint }
 *   constraint  = "*" | "^1.2" | "~1.2" | "1.2.*" | "1.0 - 2.0"
 *               | [ "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ] version
 *
 * with optional "@stability" flags, " as " aliases and "#ref" suffixes.
 * Each constraint becomes one or two comparisons with normalised versions
 * (composer.c): "^1.2.3" is >= 1.2.3.0-dev and < 2.0.0.0-dev, "~1.2" is
 * >= 1.2.0.0-dev and < 2.0.0.0-dev, "1.2.*" is >= 1.2.0.0-dev and
 * < 1.3.0.0-dev, "1.0 - 2.0" is >= 1.0.0.0-dev and < 2.1.0.0-dev, "<1.0"
 * and ">=1.0" compare with 1.0.0.0-dev. Branches ("dev-foo") only match
 * "==" and "!=" constraints. Every constraint is parsed, so a malformed one
 * is CU_EFORMAT even when an earlier alternative already matched.
 *
 * The splitting and constraint regexes are hand-written matchers that
 * follow PCRE's backtracking order. Incremented bounds ("^1.2" -> 2) are
 * computed on the digit string; PHP would turn numbers past 2^63 into
 * floats. Nothing is allocated.
 */
#include "common.h"
#include "composer-internal.h"

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
static struct cu_span php_trim(struct cu_span s)
{
	while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\0' ||
			 (s.ptr[0] >= '\t' && s.ptr[0] <= '\r' && s.ptr[0] != '\f')))
		s = cu_span_skip(s, 1);
	while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\0' ||
			 (s.ptr[s.len - 1] >= '\t' && s.ptr[s.len - 1] <= '\r' &&
			  s.ptr[s.len - 1] != '\f')))
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

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct constraint {
	enum op op;
	struct cu_composer_version ver;
};

/* What one constraint string gives: n == 0 matches everything. */
struct atom {
	size_t n;
	struct constraint c[2];
};

/* versionRegex: numbers (ptr NULL when absent), modifier, ".x-dev" */
struct vmatch {
	struct cu_span num[4];
	struct cu_composer_modifier m;
	bool xdev;
};

static bool is_branch(struct cu_span v)
{
	return cu_span_starts_with(v, "dev-");
}

static bool is_wild(char c)
{
	return c == 'x' || c == 'X' || c == '*';
}

/* Constraint::matchSpecific with the provider "== v" */
static bool constraint_holds(const struct constraint *c, struct cu_span v)
{
	struct cu_span cv = cb_view(&c->ver);
	bool branch = is_branch(v) || is_branch(cv);
	int r;

	if (c->op == OP_NE)
		return branch ? !cu_span_eq(v, cv) : cu_composer_php_compare(v, cv) != 0;
	if (c->op == OP_EQ && is_branch(v) && is_branch(cv))
		return cu_span_eq(v, cv);
	if (branch)
		return false;	/* branches never match ranges */
	r = cu_composer_php_compare(v, cv);
	switch (c->op) {
	case OP_LT: return r < 0;
	case OP_LE: return r <= 0;
	case OP_GT: return r > 0;
	case OP_GE: return r >= 0;
	default: return r == 0;
	}
}

/*
 * "v?(\d++)(?:\.(\d++))?(?:\.(\d++))?(?:\.(\d++))?(?:MODIFIER|\.([xX*][.-]?dev))
 * (?:\+[^\s]+)?" over all of s, case-insensitive.
 */
static bool version_re(struct cu_span s, struct vmatch *vm)
{
	size_t p = s.len && (s.ptr[0] | 0x20) == 'v', d = digits_end(s, p);
	bool dev;

	memset(vm, 0, sizeof(*vm));
	if (d == p)
		return false;
	vm->num[0] = cu_span_make(s.ptr + p, d - p);
	for (int k = 1; k < 4 && d + 1 < s.len && s.ptr[d] == '.' && is_digit(s.ptr[d + 1]); k++) {
		p = d + 1;
		d = digits_end(s, p);
		vm->num[k] = cu_span_make(s.ptr + p, d - p);
	}
	if (cu_composer_modifier(s, d, false, CU_COMPOSER_BUILD, &vm->m))
		return true;
	vm->xdev = d + 1 < s.len && s.ptr[d] == '.' && is_wild(s.ptr[d + 1]) &&
		   cu_composer_dev_tail(s, d + 2, CU_COMPOSER_BUILD, &dev) && dev;
	return vm->xdev;
}

/* PHP's $part + 1 on a digit string (leading zeros go, as with an int) */
static void add_incremented(struct cu_composer_version *out, struct cu_span digits)
{
	size_t start = out->len, i;

	while (digits.len > 1 && digits.ptr[0] == '0')
		digits = cu_span_skip(digits, 1);
	if (digits.len)
		cb_span(out, digits);
	else
		cb_str(out, "0");
	for (i = out->len; i > start && out->s[i - 1] == '9'; i--)
		out->s[i - 1] = '0';
	if (i > start) {
		out->s[i - 1]++;
		return;
	}
	cb_str(out, "0");	/* 99 + 1: 00 -> 100 */
	if (!out->overflow)
		out->s[start] = '1';
}

/* manipulateVersionString: keep parts up to position, pad, maybe increment */
static void manipulate(const struct cu_span num[4], int position, bool increment,
		       struct cu_composer_version *out)
{
	out->len = 0;
	out->overflow = false;
	for (int i = 1; i <= 4; i++) {
		if (i > 1)
			cb_str(out, ".");
		if (i > position)
			cb_str(out, "0");
		else if (i == position && increment)
			add_incremented(out, num[i - 1]);
		else
			cb_span(out, num[i - 1]);
	}
	cb_str(out, "-dev");
}

static bool has_stability(const struct vmatch *vm)
{
	return vm->m.stab.len || vm->m.dev || vm->xdev;
}

/* cu_composer_normalize_to(text + suffix) */
static int normalize_with(struct cu_span text, const char *suffix,
			  struct cu_composer_version *out)
{
	struct cu_composer_version tmp = { .len = 0 };

	cb_span(&tmp, text);
	cb_str(&tmp, suffix);
	return tmp.overflow ? CU_EFORMAT : cu_composer_normalize_to(cb_view(&tmp), out);
}

/* "~1.2": >= 1.2 (or its -dev), < 2.0 */
static int tilde(struct cu_span body, struct atom *at)
{
	struct vmatch vm;
	int pos = 1;

	if ((body.len && body.ptr[0] == '>') || !version_re(body, &vm))
		return CU_EFORMAT;	/* "~>" is refused outright */
	while (pos < 4 && vm.num[pos].ptr)
		pos++;
	pos += vm.xdev;
	at->n = 2;
	at->c[0].op = OP_GE;
	at->c[1].op = OP_LT;
	manipulate(vm.num, pos > 2 ? pos - 1 : 1, true, &at->c[1].ver);
	return normalize_with(body, has_stability(&vm) ? "" : "-dev", &at->c[0].ver);
}

/* "^1.2.3": >= 1.2.3 (or its -dev), < 2.0.0.0-dev; 0.x and 0.0.x narrower */
static int caret(struct cu_span body, struct atom *at)
{
	struct vmatch vm;
	int pos = 3;

	if (!version_re(body, &vm))
		return CU_EFORMAT;
	if (!cu_span_eq_str(vm.num[0], "0") || !vm.num[1].ptr)
		pos = 1;
	else if (!cu_span_eq_str(vm.num[1], "0") || !vm.num[2].ptr)
		pos = 2;
	at->n = 2;
	at->c[0].op = OP_GE;
	at->c[1].op = OP_LT;
	manipulate(vm.num, pos, true, &at->c[1].ver);
	return normalize_with(body, has_stability(&vm) ? "" : "-dev", &at->c[0].ver);
}

/* "1.2.*": "^v?(\d++)(?:\.(\d++))?(?:\.(\d++))?(?:\.[xX*])++$" */
static bool xrange(struct cu_span a, struct atom *at)
{
	struct cu_span num[4] = { { 0 } };
	size_t p = a.len && a.ptr[0] == 'v', d = digits_end(a, p);
	int k = 1;

	if (d == p)
		return false;
	num[0] = cu_span_make(a.ptr + p, d - p);
	for (; k < 3 && d + 1 < a.len && a.ptr[d] == '.' && is_digit(a.ptr[d + 1]); k++) {
		p = d + 1;
		d = digits_end(a, p);
		num[k] = cu_span_make(a.ptr + p, d - p);
	}
	if (d == a.len)
		return false;	/* at least one wildcard */
	for (p = d; p < a.len; p += 2)
		if (p + 1 >= a.len || a.ptr[p] != '.' || !is_wild(a.ptr[p + 1]))
			return false;
	manipulate(num, k, false, &at->c[0].ver);
	manipulate(num, k, true, &at->c[1].ver);
	at->c[0].op = OP_GE;
	at->c[1].op = OP_LT;
	at->n = 2;
	if (cu_span_eq_str(cb_view(&at->c[0].ver), "0.0.0.0-dev")) {
		at->c[0] = at->c[1];
		at->n = 1;
	}
	return true;
}

/* "1.0 - 2.0": >= 1.0.0.0-dev, < 2.1.0.0-dev; a full "to" is inclusive */
static int hyphen(struct cu_span a, struct atom *at, bool *matched)
{
	ptrdiff_t sp = cu_span_find(a, ' ');
	struct cu_span from = cu_span_make(a.ptr, sp > 0 ? (size_t)sp : 0), to;
	struct vmatch vf, vt;
	size_t p = from.len, q;
	int err;

	*matched = false;
	while (p < a.len && a.ptr[p] == ' ')
		p++;
	if (!from.len || p == a.len || a.ptr[p] != '-')
		return 0;
	for (q = p + 1; q < a.len && a.ptr[q] == ' '; q++)
		;
	to = cu_span_skip(a, q);
	if (q == p + 1 || !version_re(from, &vf) || !version_re(to, &vt))
		return 0;
	*matched = true;
	at->n = 2;
	at->c[0].op = OP_GE;
	err = cu_composer_normalize_to(from, &at->c[0].ver);
	if (!err && !has_stability(&vf))
		cb_str(&at->c[0].ver, "-dev");
	if (!err)
		err = cu_composer_normalize_to(to, &at->c[1].ver);
	at->c[1].op = OP_LE;
	if (err || (vt.num[1].ptr && vt.num[2].ptr) || has_stability(&vt))
		return err;
	at->c[1].op = OP_LT;
	manipulate(vt.num, vt.num[1].ptr ? 2 : 1, true, &at->c[1].ver);
	return 0;
}

/* parseStability(v) == "stable" */
static bool is_stable(struct cu_span v)
{
	ptrdiff_t hash = cu_span_find(v, '#');
	struct cu_composer_modifier m = { .dev = false };
	size_t p = 0;

	if (hash >= 0 && (size_t)hash + 1 < v.len)
		v.len = (size_t)hash;
	if (is_branch(v) || cu_span_ends_with(v, "-dev"))
		return false;
	while (p < v.len && !cu_composer_modifier(v, p, false, CU_COMPOSER_ANY, &m))
		p++;	/* the leftmost match; at the end an empty one */
	if (p == v.len)
		cu_composer_modifier(v, p, false, CU_COMPOSER_ANY, &m);
	return !m.dev && !cu_span_eq_icase_str(m.stab, "beta") &&
	       !cu_span_eq_icase_str(m.stab, "b") && !cu_span_eq_icase_str(m.stab, "alpha") &&
	       !cu_span_eq_icase_str(m.stab, "a") && !cu_span_eq_icase_str(m.stab, "rc");
}

/* preg_match('/-' . modifierRegex . '$/', strtolower(s)) */
static bool ends_in_modifier(struct cu_span s)
{
	struct cu_composer_modifier m;

	for (size_t p = 0; p < s.len; p++)
		if (s.ptr[p] == '-' && cu_composer_modifier(s, p + 1, true, CU_COMPOSER_END, &m))
			return true;
	return false;
}

static bool branch_chars(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_alnum(s.ptr[i]) && !is_sep(s.ptr[i]) && s.ptr[i] != '/')
			return false;
	return s.len > 0;
}

static const struct {
	const char *text;
	enum op op;
} op_table[] = {
	{ "<>", OP_NE }, { "!=", OP_NE }, { ">=", OP_GE }, { ">", OP_GT },
	{ "<=", OP_LE }, { "<", OP_LT }, { "==", OP_EQ }, { "=", OP_EQ },
};

/* "^(<>|!=|>=?|<=?|==?)?\s*(.*)": an operator and a version */
static int basic(struct cu_span a, struct cu_span stab_flag, struct atom *at)
{
	struct constraint *c = &at->c[0];
	size_t k = 0, p = 0;
	ptrdiff_t nl;
	int err;

	while (k < CU_ARRAY_SIZE(op_table) && !cu_span_starts_with(a, op_table[k].text))
		k++;
	if (k < CU_ARRAY_SIZE(op_table))
		a = cu_span_skip(a, strlen(op_table[k].text));
	while (p < a.len && is_space(a.ptr[p]))
		p++;
	a = cu_span_skip(a, p);
	if ((nl = cu_span_find(a, '\n')) >= 0)
		a.len = (size_t)nl;	/* PCRE's '.' stops there */
	err = cu_composer_normalize_to(a, &c->ver);
	if (err && cu_span_ends_with(a, "-dev") && branch_chars(a)) {
		struct cu_composer_version tmp = { .len = 0 };

		cb_str(&tmp, "dev-");
		cu_composer_add(&tmp, a.ptr, a.len - 4);
		err = tmp.overflow ? CU_EFORMAT : cu_composer_normalize_to(cb_view(&tmp), &c->ver);
	}
	if (err)
		return err;
	at->n = 1;
	c->op = k < CU_ARRAY_SIZE(op_table) ? op_table[k].op : OP_EQ;
	if (c->op != OP_EQ && stab_flag.len && is_stable(cb_view(&c->ver))) {
		cb_str(&c->ver, "-");
		cb_span(&c->ver, stab_flag);
	} else if ((c->op == OP_LT || c->op == OP_GE) && !ends_in_modifier(a) &&
		   !cu_span_starts_with(a, "dev-")) {
		cb_str(&c->ver, "-dev");
	}
	return 0;
}

/* "#ref" after "dev-<name>" or "<x>.x-dev" goes: "^(dev-[^,\s@]+?|[^,\s@]+?\.x-dev)#.+$"i */
static struct cu_span strip_ref(struct cu_span a)
{
	size_t h;

	for (int alt = 0; alt < 2; alt++) {
		size_t from = alt ? 0 : 4, min = alt ? 7 : 5;

		if (!alt && !word_at(a, 0, "dev-"))
			continue;
		for (h = from; h < a.len && a.ptr[h] != ',' && a.ptr[h] != '@' && !is_space(a.ptr[h]); h++)
			if (h >= min && a.ptr[h] == '#' && h + 1 < a.len &&
			    (!alt || word_at(a, h - 6, ".x-dev")))
				return cu_span_make(a.ptr, h);
	}
	return a;
}

/* "^(v)?[xX*](\.[xX*])*$"i: 1 all versions, 2 ">= 0.0.0.0-dev", 0 no */
static int wildcard(struct cu_span a)
{
	size_t p = a.len && (a.ptr[0] | 0x20) == 'v';

	if (p >= a.len || !is_wild(a.ptr[p]))
		return 0;
	for (size_t q = p + 1; q < a.len; q += 2)
		if (q + 1 >= a.len || a.ptr[q] != '.' || !is_wild(a.ptr[q + 1]))
			return 0;
	return p || a.len > 1 ? 2 : 1;
}

/* VersionParser::parseConstraint for one constraint */
static int parse_atom(struct cu_span a, struct atom *at)
{
	struct cu_span flag = cu_composer_stability_flag(a = cu_composer_strip_alias(a)), stab = { a.ptr, 0 };
	bool matched;
	int err, w;

	at->n = 0;
	for (size_t i = 0; flag.len && i < a.len - flag.len; i++)
		if (a.ptr[i] == ',' || is_space(a.ptr[i]))
			flag.len = 0;	/* the flag regex wants [^,\s]*? before '@' */
	if (flag.len) {
		a.len -= flag.len;
		if (!a.len)
			a = cu_span_make("*", 1);
		if (!cu_span_eq_str(cu_span_skip(flag, 1), "stable"))
			stab = cu_span_skip(flag, 1);
	}
	a = strip_ref(a);
	w = wildcard(a);
	if (w == 2) {
		at->n = 1;
		at->c[0].op = OP_GE;
		at->c[0].ver = (struct cu_composer_version){ .len = 0 };
		cb_str(&at->c[0].ver, "0.0.0.0-dev");
	}
	if (w)
		return 0;
	if (a.len && a.ptr[0] == '~')
		return tilde(cu_span_skip(a, 1), at);
	if (a.len && a.ptr[0] == '^')
		return caret(cu_span_skip(a, 1), at);
	if (xrange(a, at))
		return 0;
	err = hyphen(a, at, &matched);
	return matched ? err : basic(a, stab, at);
}

static int atom_holds(struct cu_span text, struct cu_span v, bool *ok)
{
	struct atom at;
	int err = parse_atom(text, &at);

	*ok = true;
	for (size_t i = 0; !err && i < at.n; i++) {
		if (at.c[i].ver.overflow)
			return CU_EFORMAT;
		*ok = *ok && constraint_holds(&at.c[i], v);
	}
	return err;
}

static bool is_any(char c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

/*
 * Whether the AND separator "(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|$)"
 * matches at st; *end is where it stops. Spaces are tried greedily first.
 */
static bool and_sep_at(struct cu_span s, size_t st, size_t *end)
{
	size_t sp = st, pos, q, qmax;

	if (st == 0 || is_any(s.ptr[st - 1], "=>< ,") ||
	    (st >= 2 && s.ptr[st - 2] == 'a' && s.ptr[st - 1] == 's'))
		return false;
	while (sp < s.len && s.ptr[sp] == ' ')
		sp++;
	for (pos = sp + 1; pos-- > st;) {
		if (pos >= s.len || !is_any(s.ptr[pos], ", ") || s.ptr[pos - 1] == '-' ||
		    (pos + 1 < s.len && s.ptr[pos + 1] == '-'))
			continue;
		for (qmax = pos + 1; qmax < s.len && s.ptr[qmax] == ' '; qmax++)
			;
		for (q = qmax + 1; q-- > pos + 1;) {
			if (q < s.len && s.ptr[q] != ',' &&
			    !(q + 1 < s.len && s.ptr[q] == 'a' && s.ptr[q + 1] == 's')) {
				*end = q;
				return true;
			}
		}
	}
	return false;
}

/* All constraints of one alternative; every one is parsed, even after a miss. */
static int group_holds(struct cu_span g, struct cu_span v, bool *ok)
{
	size_t start = 0, end;
	bool one;
	int err = 0;

	*ok = true;
	for (size_t i = 0; i < g.len && !err; i++) {
		if (!and_sep_at(g, i, &end))
			continue;
		err = atom_holds(cu_span_make(g.ptr + start, i - start), v, &one);
		*ok = *ok && one;
		start = end;
		i = end - 1;
	}
	if (!err)
		err = atom_holds(cu_span_skip(g, start), v, &one);
	*ok = *ok && one;
	return err;
}

/* The next alternative of "\s*\|\|?\s*"-separated constraints. */
static struct cu_span or_group(struct cu_span *rest, bool *more)
{
	ptrdiff_t bar = cu_span_find(*rest, '|');
	struct cu_span g = *rest;
	size_t p;

	*more = bar >= 0;
	if (!*more) {
		*rest = cu_span_skip(*rest, rest->len);
		return g;
	}
	for (g.len = (size_t)bar; g.len && is_space(g.ptr[g.len - 1]); g.len--)
		;
	p = (size_t)bar + 1;
	if (p < rest->len && rest->ptr[p] == '|')
		p++;
	while (p < rest->len && is_space(rest->ptr[p]))
		p++;
	*rest = cu_span_skip(*rest, p);
	return g;
}

/* Semver::satisfies */
int cu_composer_satisfies(struct cu_span version, struct cu_span range, bool *in)
{
	struct cu_composer_version v;
	struct cu_span rest = php_trim(range);
	bool more = true, ok, any = false;
	int err = cu_composer_normalize_to(version, &v);

	*in = false;
	while (!err && more) {
		err = group_holds(or_group(&rest, &more), cb_view(&v), &ok);
		any = any || ok;
	}
	if (!err)
		*in = any;
	return err;
}
