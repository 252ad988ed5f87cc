/*
 * npm-range.c - node-semver ranges: classes/range.js, classes/comparator.js
 * and ranges/outside.js of npm/node-semver, behaving as they do.
 *
 * A range is comparator sets joined by "||"; a version satisfies it when
 * it passes every comparator of one set. The text is trimmed, white space
 * collapsed and split at "||"; each part is rewritten into plain
 * comparators (npm-rewrite.c); ">=0.0.0" is read as "*"; each word is then
 * parsed as [<|<=|>|>=|=]version, or in loose mode dropped when it is not
 * one. A set holding "<0.0.0-0" matches nothing; duplicates and redundant
 * "*" go, and so do empty sets.
 *
 * A version with a pre-release tag passes a set only if some comparator in
 * it names a pre-release of the same major.minor.patch, unless
 * includePrerelease is set.
 */
#include "common.h"
#include "semver-internal.h"

struct comparator {
	unsigned char op;
	struct cu_semver v;
};

struct word {
	size_t off, len;	/* in range.text */
	size_t set;
};

struct set {
	size_t first, n;	/* in range.cmp */
};

struct range {
	unsigned flags;
	struct cu_buf text;	/* the comparator words; versions point here */
	struct word *word;
	size_t nword, word_alloc;
	struct comparator *cmp;
	size_t ncmp, cmp_alloc;
	struct set *set;
	size_t nset, set_alloc;
};

static struct cu_span tail(struct cu_span s, size_t from, size_t to)
{
	return cu_span_sub(s, from, to - from);
}

/* Words ------------------------------------------------------------------- */

/* String.trim() then every run of white space to one blank. */
static int collapse_space(struct cu_span s, struct cu_buf *out)
{
	size_t n;
	int err = 0;

	s = semver_js_trim(s);
	for (size_t i = 0; !err && i < s.len; i += n ? n : 1) {
		n = semver_js_space(s, i);
		if (!n) {
			err = cu_buf_addch(out, s.ptr[i]);
			continue;
		}
		while (semver_js_space(s, i + n))
			n += semver_js_space(s, i + n);
		err = cu_buf_addch(out, ' ');
	}
	return err;
}


/* COMPARATOR / COMPARATORLOOSE: ^GTLT\s*(FULLPLAIN|LOOSEPLAIN)$|^$ */
static bool match_comparator(struct cu_span w, bool loose, unsigned char *op,
			     struct semver_plain *p, size_t *version_at)
{
	enum semver_plain_kind kind;
	size_t v;

	if (!w.len) {
		*op = SEMVER_ANY;
		return true;
	}
	v = semver_skip_blanks(w, semver_gtlt(w, 0, op));
	if (*op == SEMVER_ANY)
		*op = SEMVER_EQ;
	*version_at = v;
	kind = loose ? SEMVER_LOOSEPLAIN : SEMVER_FULLPLAIN;
	return semver_match_plain(w, v, kind, loose, p) && p->end == w.len;
}

/* ">=0.0.0" (or ">=0.0.0-0" with includePrerelease) means any version. */
static bool is_gte0(struct cu_span w, unsigned flags)
{
	return cu_span_eq_str(w, flags & CU_SEMVER_INCLUDE_PRERELEASE ?
			      ">=0.0.0-0" : ">=0.0.0");
}

static int add_word(struct range *r, struct cu_span w, size_t set)
{
	struct semver_plain p;
	unsigned char op;
	size_t v;
	int err;

	if (is_gte0(w, r->flags))
		w = CU_SPAN_NULL;
	/* loose mode throws out words that are not comparators */
	if ((r->flags & CU_SEMVER_LOOSE) &&
	    !match_comparator(w, true, &op, &p, &v))
		return 0;
	if ((err = CU_GROW(r->word, r->word_alloc, r->nword + 1)))
		return err;
	r->word[r->nword++] = (struct word){ r->text.len, w.len, set };
	return cu_buf_addspan(&r->text, w);
}

/* Split a rewritten set at blanks into comparator words. */
static int add_words(struct range *r, struct cu_span s, size_t set)
{
	size_t start = 0, end;
	int err;

	for (;;) {
		end = start;
		while (end < s.len && s.ptr[end] != ' ')
			end++;
		err = add_word(r, tail(s, start, end), set);
		if (err || end == s.len)
			return err;
		start = semver_skip_blanks(s, end);
	}
}

/* parseRange(): the comparator words of one "||" alternative. */
static int expand_set(struct range *r, struct cu_span s, size_t set)
{
	struct cu_buf words = CU_BUF_INIT;
	int err = semver_rewrite_set(s, r->flags, &words);

	if (!err)
		err = add_words(r, cu_buf_span(&words), set);
	cu_buf_release(&words);
	return err;
}

static int parse_comparator(const struct range *r, struct cu_span w,
			    struct comparator *c)
{
	bool loose = r->flags & CU_SEMVER_LOOSE;
	struct semver_plain p;
	size_t v = 0;

	memset(c, 0, sizeof(*c));
	if (!match_comparator(w, loose, &c->op, &p, &v))
		return CU_EFORMAT;
	if (c->op == SEMVER_ANY)
		return 0;
	if (w.len - v > SEMVER_MAX_LENGTH)
		return CU_EFORMAT;
	return semver_from_plain(&p, &c->v);
}

static bool same_value(const struct comparator *a, const struct comparator *b)
{
	return a->op == b->op &&
	       (a->op == SEMVER_ANY || cu_semver_cmp(&a->v, &b->v) == 0);
}

/* "<0.0.0-0": nothing matches. */
static bool is_null(const struct comparator *c)
{
	static const struct cu_semver null_version = { .pre = { "0", 1 } };

	return c->op == SEMVER_LT && cu_semver_cmp(&c->v, &null_version) == 0;
}

/* A null comparator makes the set just that; drop repeats, then stray "*". */
static size_t simplify_set(struct comparator *c, size_t n)
{
	size_t kept = 0, out = 0;

	for (size_t i = 0; i < n; i++) {
		if (is_null(&c[i])) {
			c[0] = c[i];
			return 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < kept && !same_value(&c[j], &c[i]))
			j++;
		if (j == kept)
			c[kept++] = c[i];
	}
	for (size_t i = 0; i < kept; i++)
		if (kept == 1 || c[i].op != SEMVER_ANY)
			c[out++] = c[i];
	return out;
}

static int add_set(struct range *r, size_t first)
{
	size_t n = simplify_set(&r->cmp[first], r->ncmp - first);
	int err;

	r->ncmp = first + n;
	if (!n)
		return 0;	/* every word dropped in loose mode */
	if ((err = CU_GROW(r->set, r->set_alloc, r->nset + 1)))
		return err;
	r->set[r->nset++] = (struct set){ first, n };
	return 0;
}

static int add_comparator(struct range *r, const struct word *w)
{
	struct cu_span text = cu_span_sub(cu_buf_span(&r->text), w->off,
					  w->len);
	int err = CU_GROW(r->cmp, r->cmp_alloc, r->ncmp + 1);

	if (!err)
		err = parse_comparator(r, text, &r->cmp[r->ncmp]);
	if (!err)
		r->ncmp++;
	return err;
}

/* Parse the words into comparator sets. */
static int build_sets(struct range *r, size_t nparts)
{
	size_t w = 0, first;
	int err = 0;

	for (size_t set = 0; !err && set < nparts; set++) {
		first = r->ncmp;
		for (; !err && w < r->nword && r->word[w].set == set; w++)
			err = add_comparator(r, &r->word[w]);
		if (!err)
			err = add_set(r, first);
	}
	return err;
}

/* Of several sets: drop null ones (keep one if all are); a lone "*" wins. */
static void reduce_sets(struct range *r)
{
	size_t kept = 0;

	if (r->nset < 2)
		return;
	for (size_t i = 0; i < r->nset; i++)
		if (!is_null(&r->cmp[r->set[i].first]))
			r->set[kept++] = r->set[i];
	if (!kept)
		kept = 1;	/* set[0] is still the first, null, set */
	r->nset = kept;
	for (size_t i = 0; kept > 1 && i < r->nset; i++) {
		const struct set *s = &r->set[i];

		if (s->n == 1 && r->cmp[s->first].op == SEMVER_ANY) {
			r->set[0] = r->set[i];
			r->nset = 1;
		}
	}
}

static void range_release(struct range *r)
{
	cu_buf_release(&r->text);
	free(r->word);
	free(r->cmp);
	free(r->set);
}

/* Split at the next "||"; false when this was the last part. */
static bool split_bars(struct cu_span *rest, struct cu_span *part)
{
	for (size_t i = 0; i + 1 < rest->len; i++) {
		if (rest->ptr[i] == '|' && rest->ptr[i + 1] == '|') {
			*part = cu_span_sub(*rest, 0, i);
			*rest = cu_span_skip(*rest, i + 2);
			return true;
		}
	}
	*part = *rest;
	*rest = cu_span_skip(*rest, rest->len);
	return false;
}

static int range_parse(struct cu_span raw, unsigned flags, struct range *r)
{
	struct cu_buf text = CU_BUF_INIT;
	struct cu_span rest, part;
	size_t nparts = 0;
	bool more;
	int err;

	memset(r, 0, sizeof(*r));
	r->flags = flags;
	if ((err = collapse_space(raw, &text)))
		goto out;
	rest = cu_buf_span(&text);
	do {
		more = split_bars(&rest, &part);
		err = expand_set(r, part, nparts++);
	} while (!err && more);
	if (!err)
		err = build_sets(r, nparts);
	if (!err && !r->nset)
		err = CU_EFORMAT;
	if (!err)
		reduce_sets(r);
out:
	cu_buf_release(&text);
	if (err)
		range_release(r);
	return err;
}

/* Matching ---------------------------------------------------------------- */

static bool comparator_test(const struct comparator *c,
			    const struct cu_semver *v)
{
	int cmp;

	if (c->op == SEMVER_ANY)
		return true;
	cmp = cu_semver_cmp(v, &c->v);
	switch (c->op) {
	case SEMVER_LT: return cmp < 0;
	case SEMVER_LE: return cmp <= 0;
	case SEMVER_GT: return cmp > 0;
	case SEMVER_GE: return cmp >= 0;
	default: return cmp == 0;
	}
}

/* testSet(): every comparator, and the pre-release rule. */
static bool set_test(const struct range *r, const struct set *s,
		     const struct cu_semver *v)
{
	const struct comparator *c = &r->cmp[s->first];

	for (size_t i = 0; i < s->n; i++)
		if (!comparator_test(&c[i], v))
			return false;
	if (!v->pre.len || (r->flags & CU_SEMVER_INCLUDE_PRERELEASE))
		return true;
	for (size_t i = 0; i < s->n; i++)
		if (c[i].op != SEMVER_ANY && c[i].v.pre.len &&
		    c[i].v.major == v->major && c[i].v.minor == v->minor &&
		    c[i].v.patch == v->patch)
			return true;
	return false;
}

static bool range_test(const struct range *r, const struct cu_semver *v)
{
	for (size_t i = 0; i < r->nset; i++)
		if (set_test(r, &r->set[i], v))
			return true;
	return false;
}

int cu_semver_satisfies_opts(struct cu_span version, struct cu_span range,
			     unsigned flags, bool *in)
{
	struct cu_semver v;
	struct range r;
	int err;

	if ((err = range_parse(range, flags, &r)))
		return err;
	if (!(err = cu_semver_parse(version, flags, &v)))
		*in = range_test(&r, &v);
	range_release(&r);
	return err;
}

/* outside(): the edges of one set, with "*" read as ">=0.0.0". */
static bool set_outside(const struct range *r, const struct set *s,
			const struct cu_semver *v, char hilo)
{
	static const struct comparator any = { .op = SEMVER_GE };
	int dir = hilo == '>' ? 1 : -1;
	unsigned char comp = hilo == '>' ? SEMVER_GT : SEMVER_LT;
	unsigned char ecomp = hilo == '>' ? SEMVER_GE : SEMVER_LE;
	const struct comparator *high = NULL, *low = NULL;

	for (size_t i = 0; i < s->n; i++) {
		const struct comparator *c = &r->cmp[s->first + i];

		if (c->op == SEMVER_ANY)
			c = &any;
		high = high ? high : c;
		low = low ? low : c;
		if (dir * cu_semver_cmp(&c->v, &high->v) > 0)
			high = c;
		else if (dir * cu_semver_cmp(&c->v, &low->v) < 0)
			low = c;
	}
	if (high->op == comp || high->op == ecomp)
		return false;
	if ((low->op == SEMVER_EQ || low->op == comp) &&
	    dir * cu_semver_cmp(v, &low->v) <= 0)
		return false;
	return !(low->op == ecomp && dir * cu_semver_cmp(v, &low->v) < 0);
}

int cu_semver_outside(struct cu_span version, struct cu_span range, char hilo,
		      unsigned flags, bool *outside)
{
	struct cu_semver v;
	struct range r;
	int err;

	if (hilo != '<' && hilo != '>')
		return CU_EUSAGE;
	if ((err = cu_semver_parse(version, flags, &v)))
		return err;
	if ((err = range_parse(range, flags, &r)))
		return err;
	*outside = !range_test(&r, &v);
	for (size_t i = 0; *outside && i < r.nset; i++)
		*outside = set_outside(&r, &r.set[i], &v, hilo);
	range_release(&r);
	return 0;
}

/* Formatting -------------------------------------------------------------- */

/* node prints all-digit identifiers below 2^53 - 1 as numbers. */
static int add_ident(struct cu_buf *out, struct cu_span id)
{
	uint64_t n;

	if (semver_num_value(id, SEMVER_MAX_SAFE - 1, &n))
		return cu_buf_addf(out, "%llu", (unsigned long long)n);
	return cu_buf_addspan(out, id);
}

static int format_comparator(struct cu_buf *out, const struct comparator *c)
{
	static const char *const ops[] = { "", "", "<", "<=", ">", ">=" };
	struct cu_span rest = c->v.pre, id;
	int err;

	if (c->op == SEMVER_ANY)
		return 0;
	err = cu_buf_addf(out, "%s%llu.%llu.%llu", ops[c->op],
			  (unsigned long long)c->v.major,
			  (unsigned long long)c->v.minor,
			  (unsigned long long)c->v.patch);
	for (size_t n = 0; !err && cu_semver_ident_next(&rest, &id); n++)
		if (!(err = cu_buf_addch(out, n ? '.' : '-')))
			err = add_ident(out, id);
	return err;
}

/* The comparators of a set joined by blanks (nothing for a lone "*"). */
static int format_set(struct cu_buf *out, const struct range *r,
		      const struct set *s)
{
	int err = 0;

	for (size_t k = 0; !err && k < s->n; k++) {
		if (k)
			err = cu_buf_addch(out, ' ');
		if (!err)
			err = format_comparator(out, &r->cmp[s->first + k]);
	}
	return err;
}

int cu_semver_range_format(struct cu_span range, unsigned flags,
			   struct cu_buf *out)
{
	struct range r;
	int err;

	if ((err = range_parse(range, flags, &r)))
		return err;
	for (size_t i = 0; !err && i < r.nset; i++) {
		if (i)
			err = cu_buf_addstr(out, "||");
		if (!err)
			err = format_set(out, &r, &r.set[i]);
	}
	range_release(&r);
	return err;
}

