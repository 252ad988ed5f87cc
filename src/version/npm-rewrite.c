/*
 * npm-rewrite.c - the text rewriting with which node-semver's Range turns one
 * "||" alternative into plain comparators (parseRange() and the replace*()
 * helpers of classes/range.js, the expressions of internal/re.js).
 *
 * Odd inputs depend on the exact rewriting, so the same steps run on the
 * text, in the same order:
 *
 *   drop build metadata ("+b.1"), expand "A - B", remove blanks after
 *   < > <= >= =, "~ " and "^ ", then word by word expand ^ (caret), ~
 *   (tilde) and x-ranges ("1.x", ">=1.2", "*") and drop "*".
 *
 *   ^1.2.3 -> >=1.2.3 <2.0.0-0     ~1.2.3 -> >=1.2.3 <1.3.0-0
 *   ^0.2.3 -> >=0.2.3 <0.3.0-0     1.2.x  -> >=1.2.0 <1.3.0-0
 *   1 - 2  -> >=1.0.0 <3.0.0-0     >1.2   -> >=1.3.0
 *
 * includePrerelease adds "-0" to the lower end of partial versions; loose
 * mode reads loose versions. Numbers are copied as written, or incremented
 * as digit strings, so what node-semver would refuse is refused later when
 * the comparators are parsed (npm-range.c).
 */
#include <stdarg.h>

#include "common.h"
#include "semver-internal.h"

static bool at(struct cu_span s, size_t i, char c)
{
	return i < s.len && s.ptr[i] == c;
}

static struct cu_span tail(struct cu_span s, size_t from, size_t to)
{
	return cu_span_sub(s, from, to - from);
}

static struct cu_buf *fresh(struct cu_buf *b)
{
	cu_buf_reset(b);
	return b;
}

/* Digits plus one, without leading zeros: "09" -> "10". */
static int add_plus_one(struct cu_buf *out, struct cu_span digits)
{
	size_t start = out->len;
	char *d;
	int err;

	while (digits.len > 1 && digits.ptr[0] == '0')
		digits = cu_span_skip(digits, 1);
	if ((err = cu_buf_addch(out, '0')) ||
	    (err = cu_buf_addspan(out, digits)))
		return err;
	d = out->buf + start;
	for (size_t i = out->len - start; i-- > 0;) {
		if (d[i] != '9') {
			d[i]++;
			break;
		}
		d[i] = '0';
	}
	if (d[0] == '0') {
		memmove(d, d + 1, out->len - start - 1);
		out->buf[--out->len] = '\0';
	}
	return 0;
}

/*
 * Append fmt with %s a span as written, %i a number span plus one (node's
 * "+M + 1") and %c a C string: the templates of range.js.
 */
static int emit(struct cu_buf *out, const char *fmt, ...)
{
	va_list ap;
	int err = 0;

	va_start(ap, fmt);
	for (const char *f = fmt; !err && *f; f++) {
		const struct cu_span *span;

		if (*f != '%') {
			err = cu_buf_addch(out, *f);
		} else if (*++f == 'c') {
			err = cu_buf_addstr(out, va_arg(ap, const char *));
		} else {
			span = va_arg(ap, const struct cu_span *);
			err = *f == 'i' ? add_plus_one(out, *span) :
					  cu_buf_addspan(out, *span);
		}
	}
	va_end(ap);
	return err;
}

/* isX(): a missing part, x, X or *. */
static bool is_x(struct cu_span part)
{
	return !part.len || (part.len == 1 && strchr("xX*", part.ptr[0]));
}

static bool is_zero(struct cu_span part)
{
	return cu_span_eq_str(part, "0");
}

/* Text rewriting ---------------------------------------------------------- */

/* Remove every +build, as newer node-semver does before anything else. */
static int strip_build(struct cu_span s, struct cu_buf *out)
{
	int err = 0;

	for (size_t i = 0; !err && i < s.len;) {
		size_t j = i + 1;

		if (at(s, i, '+') && semver_scan_idents(s, &j, false)) {
			i = j;
			continue;
		}
		err = cu_buf_addch(out, s.ptr[i++]);
	}
	return err;
}

size_t semver_skip_blanks(struct cu_span s, size_t i)
{
	while (at(s, i, ' '))
		i++;
	return i;
}

static int hyphen_from(const struct semver_plain *f, struct cu_span text,
		       const char *z, struct cu_buf *out)
{
	if (is_x(f->num[0]))
		return 0;
	if (is_x(f->num[1]))
		return emit(out, ">=%s.0.0%c", &f->num[0], z);
	if (is_x(f->num[2]))
		return emit(out, ">=%s.%s.0%c", &f->num[0], &f->num[1], z);
	return emit(out, ">=%s%c", &text, f->pre.len ? "" : z);
}

static int hyphen_to(const struct semver_plain *t, struct cu_span text,
		     bool inc_pre, struct cu_buf *out)
{
	const struct cu_span *n = t->num;

	if (is_x(n[0]))
		return 0;
	if (is_x(n[1]))
		return emit(out, "<%i.0.0-0", &n[0]);
	if (is_x(n[2]))
		return emit(out, "<%s.%i.0-0", &n[0], &n[1]);
	if (t->pre.len)
		return emit(out, "<=%s.%s.%s-%s", &n[0], &n[1], &n[2], &t->pre);
	if (inc_pre)
		return emit(out, "<%s.%s.%i-0", &n[0], &n[1], &n[2]);
	return emit(out, "<=%s", &text);
}

/* "A - B" (the whole set) -> ">=A <=B", with x-range and -0 rules. */
static int hyphen(struct cu_span s, unsigned flags, struct cu_buf *out)
{
	bool loose = flags & CU_SEMVER_LOOSE;
	bool inc = flags & CU_SEMVER_INCLUDE_PRERELEASE;
	struct semver_plain f, t;
	size_t i, j, to;
	int err;

	if (!semver_match_plain(s, 0, SEMVER_XRANGEPLAIN, loose, &f))
		return cu_buf_addspan(out, s);
	i = semver_skip_blanks(s, f.end);
	j = semver_skip_blanks(s, i + 1);
	if (i == f.end || !at(s, i, '-') || j == i + 1 ||
	    !semver_match_plain(s, j, SEMVER_XRANGEPLAIN, loose, &t) ||
	    semver_skip_blanks(s, t.end) != s.len)
		return cu_buf_addspan(out, s);
	to = out->len;
	if ((err = hyphen_from(&f, tail(s, 0, f.end), inc ? "-0" : "", out)))
		return err;
	/* `${from} ${to}`.trim() */
	if (out->len > to && !is_x(t.num[0]) && (err = cu_buf_addch(out, ' ')))
		return err;
	return hyphen_to(&t, tail(s, j, t.end), inc, out);
}

size_t semver_gtlt(struct cu_span s, size_t i, unsigned char *op)
{
	size_t n = 0;

	*op = SEMVER_EQ;
	if (at(s, i, '<') || at(s, i, '>'))
		*op = s.ptr[i + n++] == '<' ? SEMVER_LT : SEMVER_GT;
	if (at(s, i + n, '=')) {
		*op = *op == SEMVER_LT ? SEMVER_LE :
		      *op == SEMVER_GT ? SEMVER_GE : SEMVER_EQ;
		n++;
	}
	if (!n)
		*op = SEMVER_ANY;
	return n;
}

/*
 * node's COMPARATORTRIM, a global replace of (\s*)GTLT\s*(LOOSEPLAIN|
 * XRANGEPLAIN) with "$1$2$3": blanks between an operator and a version go.
 */
static int comparator_trim(struct cu_span s, struct cu_buf *out)
{
	struct semver_plain p;
	size_t done = 0, q, r, v;
	unsigned char op;
	int err = 0;

	for (size_t pos = 0; !err && pos < s.len; pos++) {
		q = semver_skip_blanks(s, pos);
		r = q + semver_gtlt(s, q, &op);
		v = semver_skip_blanks(s, r);
		if (!semver_match_plain(s, v, SEMVER_LOOSEPLAIN, true, &p) &&
		    !semver_match_plain(s, v, SEMVER_XRANGEPLAIN, false, &p))
			continue;
		if ((err = cu_buf_addspan(out, tail(s, done, r))))
			break;
		done = v;
		pos = p.end - 1;
	}
	return err ? err : cu_buf_addspan(out, tail(s, done, s.len));
}

/* "~ 1", "~> 1" -> "~1" and "^ 1" -> "^1" (TILDETRIM, CARETTRIM). */
static int lone_trim(struct cu_span s, char c, struct cu_buf *out)
{
	int err = 0;

	for (size_t i = 0; !err && i < s.len; i++) {
		size_t j = i + 1;

		if (at(s, i, c) && c == '~' && at(s, j, '>'))
			j++;
		if (at(s, i, c) && at(s, j, ' ')) {
			err = cu_buf_addch(out, c);
			i = semver_skip_blanks(s, j) - 1;
			continue;
		}
		err = cu_buf_addch(out, s.ptr[i]);
	}
	return err;
}

typedef int (*word_fn)(struct cu_span word, unsigned flags, struct cu_buf *out);

/* s.split(/\s+/).map(fn).join(' '), blanks being the only white space. */
static int map_words(struct cu_span s, word_fn fn, unsigned flags,
		     struct cu_buf *out)
{
	size_t start = 0, end;
	int err = 0;

	for (;;) {
		end = start;
		while (end < s.len && s.ptr[end] != ' ')
			end++;
		if ((err = fn(tail(s, start, end), flags, out)) || end == s.len)
			return err;
		if ((err = cu_buf_addch(out, ' ')))
			return err;
		start = semver_skip_blanks(s, end);
	}
}

struct cu_span semver_trim_blanks(struct cu_span s)
{
	while (s.len && s.ptr[0] == ' ')
		s = cu_span_skip(s, 1);
	while (s.len && s.ptr[s.len - 1] == ' ')
		s.len--;
	return s;
}

/* Carets, tildes, x-ranges ------------------------------------------------ */

/* A whole word that is op + XRANGEPLAIN. */
static bool whole_xrange(struct cu_span w, size_t from, unsigned flags,
			 struct semver_plain *p)
{
	bool loose = flags & CU_SEMVER_LOOSE;

	return semver_match_plain(w, from, SEMVER_XRANGEPLAIN, loose, p) &&
	       p->end == w.len;
}

/* ^1.2.3 -> <2.0.0-0, ^0.2.3 -> <0.3.0-0, ^0.0.3 -> <0.0.4-0 */
static int caret_exact(const struct semver_plain *p, struct cu_buf *out)
{
	const struct cu_span *M = &p->num[0], *m = &p->num[1], *P = &p->num[2];
	const char *dash = p->pre.len ? "-" : "";

	if (!is_zero(*M))
		return emit(out, ">=%s.%s.%s%c%s <%i.0.0-0", M, m, P, dash,
			    &p->pre, M);
	if (!is_zero(*m))
		return emit(out, ">=%s.%s.%s%c%s <%s.%i.0-0", M, m, P, dash,
			    &p->pre, M, m);
	return emit(out, ">=%s.%s.%s%c%s <%s.%s.%i-0", M, m, P, dash, &p->pre,
		    M, m, P);
}

static int caret(struct cu_span w, unsigned flags, struct cu_buf *out)
{
	const char *z = flags & CU_SEMVER_INCLUDE_PRERELEASE ? "-0" : "";
	const struct cu_span *M, *m;
	struct semver_plain p;

	if (!at(w, 0, '^') || !whole_xrange(w, 1, flags, &p))
		return cu_buf_addspan(out, w);
	M = &p.num[0];
	m = &p.num[1];
	if (is_x(*M))
		return 0;
	if (is_x(*m))
		return emit(out, ">=%s.0.0%c <%i.0.0-0", M, z, M);
	if (is_x(p.num[2]) && is_zero(*M))
		return emit(out, ">=%s.%s.0%c <%s.%i.0-0", M, m, z, M, m);
	if (is_x(p.num[2]))
		return emit(out, ">=%s.%s.0%c <%i.0.0-0", M, m, z, M);
	return caret_exact(&p, out);
}

static int tilde(struct cu_span w, unsigned flags, struct cu_buf *out)
{
	const char *z = flags & CU_SEMVER_INCLUDE_PRERELEASE ? "-0" : "";
	size_t from = at(w, 1, '>') ? 2 : 1;
	const struct cu_span *M, *m;
	struct semver_plain p;

	if (!at(w, 0, '~') || !whole_xrange(w, from, flags, &p))
		return cu_buf_addspan(out, w);
	M = &p.num[0];
	m = &p.num[1];
	if (is_x(*M))
		return 0;
	if (is_x(*m))
		return emit(out, ">=%s.0.0%c <%i.0.0-0", M, z, M);
	if (is_x(p.num[2]))
		return emit(out, ">=%s.%s.0%c <%s.%i.0-0", M, m, z, M, m);
	return emit(out, ">=%s.%s.%s%c%s <%s.%i.0-0", M, m, &p.num[2],
		    p.pre.len ? "-" : "", &p.pre, M, m);
}

static const struct cu_span zero = { "0", 1 };

/* >1.x, <=1.2, ... : an operator with a partial version. */
static int xrange_op(unsigned char op, const struct semver_plain *p,
		     unsigned flags, struct cu_buf *out)
{
	bool xm = is_x(p->num[1]);
	const char *pr = flags & CU_SEMVER_INCLUDE_PRERELEASE ? "-0" : "";
	const struct cu_span *M = &p->num[0], *m = xm ? &zero : &p->num[1];

	if (op == SEMVER_GT && xm)
		return emit(out, ">=%i.0.0%c", M, pr);
	if (op == SEMVER_GT)
		return emit(out, ">=%s.%i.0%c", M, m, pr);
	if (op == SEMVER_LE && xm)
		return emit(out, "<%i.0.0-0", M);
	if (op == SEMVER_LE)
		return emit(out, "<%s.%i.0-0", M, m);
	return emit(out, "%c%s.%s.0%c", op == SEMVER_LT ? "<" : ">=", M, m,
		    op == SEMVER_LT ? "-0" : pr);
}

/* A number after an x ("1.x.5", "x.1") is left for the comparator to refuse. */
static bool number_after_x(const struct semver_plain *p)
{
	bool x = false;

	for (int k = 0; k < 3; k++) {
		if (!p->num[k].len)
			break;
		if (is_x(p->num[k]))
			x = true;
		else if (x)
			return true;
	}
	return false;
}

/* 1.x, 1.2.*, =1.x, >=1.2, "*": any word with a partial version. */
static int xrange(struct cu_span w, unsigned flags, struct cu_buf *out)
{
	const char *pr = flags & CU_SEMVER_INCLUDE_PRERELEASE ? "-0" : "";
	const struct cu_span *M, *m;
	struct semver_plain p;
	unsigned char op;
	size_t v;

	w = semver_trim_blanks(w);
	v = semver_skip_blanks(w, semver_gtlt(w, 0, &op));
	if (!whole_xrange(w, v, flags, &p) || !is_x(p.num[2]) ||
	    number_after_x(&p))
		return cu_buf_addspan(out, w);	/* no x: a plain comparator */
	M = &p.num[0];
	m = &p.num[1];
	if (is_x(*M))
		return cu_buf_addstr(out, op == SEMVER_LT || op == SEMVER_GT ?
				     "<0.0.0-0" : "*");
	if (op != SEMVER_ANY && op != SEMVER_EQ)
		return xrange_op(op, &p, flags, out);
	if (is_x(*m))
		return emit(out, ">=%s.0.0%c <%i.0.0-0", M, pr, M);
	return emit(out, ">=%s.%s.0%c <%s.%i.0-0", M, m, pr, M, m);
}

/* Remove the first "*" with its operator (replaceStars). */
static int stars(struct cu_span s, struct cu_buf *out)
{
	for (size_t i = 0; i < s.len; i++) {
		size_t j = i;

		if (at(s, j, '<') || at(s, j, '>'))
			j++;
		if (at(s, j, '='))
			j++;
		j = semver_skip_blanks(s, j);
		if (at(s, j, '*')) {
			int err = cu_buf_addspan(out, tail(s, 0, i));

			return err ? err :
			       cu_buf_addspan(out, tail(s, j + 1, s.len));
		}
	}
	return cu_buf_addspan(out, s);
}

/* parseComparator(): caret, tilde, x-range and star rewriting of a word. */
static int expand_word(struct cu_span w, unsigned flags, struct cu_buf *out)
{
	struct cu_buf a = CU_BUF_INIT, b = CU_BUF_INIT;
	int err;

	if ((err = caret(w, flags, &a)) ||
	    (err = map_words(semver_trim_blanks(cu_buf_span(&a)), tilde, flags,
			     &b)) ||
	    (err = map_words(cu_buf_span(&b), xrange, flags, fresh(&a))))
		goto out;
	err = stars(semver_trim_blanks(cu_buf_span(&a)), out);
out:
	cu_buf_release(&a);
	cu_buf_release(&b);
	return err;
}


int semver_rewrite_set(struct cu_span set, unsigned flags, struct cu_buf *out)
{
	struct cu_buf a = CU_BUF_INIT, b = CU_BUF_INIT;
	int err;

	if ((err = strip_build(semver_trim_blanks(set), &a)) ||
	    (err = hyphen(cu_buf_span(&a), flags, &b)) ||
	    (err = comparator_trim(cu_buf_span(&b), fresh(&a))) ||
	    (err = lone_trim(cu_buf_span(&a), '~', fresh(&b))) ||
	    (err = lone_trim(cu_buf_span(&b), '^', fresh(&a))))
		goto out;
	err = map_words(cu_buf_span(&a), expand_word, flags, out);
out:
	cu_buf_release(&a);
	cu_buf_release(&b);
	return err;
}
