/*
 * pypi-range.c - what PEP 440 specifiers match, as pypa/packaging decides
 * it (packaging.specifiers.SpecifierSet.contains/filter/is_unsatisfiable,
 * with the range model of packaging/_ranges.py).
 *
 * Parsing is in pypi-spec.c. "===" compares the item's string with the
 * specifier's, ignoring ASCII case, and matches any version's range.
 *
 * Every other specifier is a union of at most two ranges of versions, as
 * PEP 440 asks:
 *
 *   ~=V.N  [V.N, V+1.dev0)       ==V.*  [V.dev0, V+1.dev0)
 *   <V     [0.dev0, V.dev0)      >V     (after V's posts, inf)
 *   ==V    [V, after V's locals] !=V    the complement of ==V
 *
 * "After V's locals" is always the next version, S(V): V.dev(N+1), or
 * V.post(N+1).dev0, or V.post0.dev0. "After V's posts" is the next version
 * V.{a,b,rc}(N+1).dev0 when V is a pre-release; after a final release there
 * is no next version (1.0.1 > 1.0.0.1 > 1.0.0.0.1 > ... all follow 1.0's
 * posts), so >V keeps a "boundary" point that sorts above V and its posts.
 * Ends that are exact versions make emptiness exact: ">1.0a1,<1.0a2.dev0"
 * holds no version.
 *
 * A set contains a version when every specifier does. Pre-releases match
 * unless prereleases=False is given (on the set or the call); contains() with
 * installed=True always lets an installed pre-release through. filter() with
 * no policy keeps pre-releases only when no final release matched.
 */
#include "common.h"
#include "pypi-internal.h"

enum bound_kind {
	BOUND_INF,
	BOUND_EXACT,
	BOUND_AFTER_POSTS,	/* above final V's posts, below what follows */
};

struct bound {
	unsigned char kind;
	bool inclusive;
	struct cu_pep440 v;
};

struct range {
	struct bound lo, hi;
};

/* Intersecting n specifiers gives at most n + 1 ranges. */
struct ranges {
	size_t n;
	struct range r[CU_PEP440_SPECS_MAX + 1];
};

/* [0.dev0: no version is lower, so -inf starts here. */
static const struct bound lowest = {
	.kind = BOUND_EXACT, .inclusive = true,
	.v = { .release = { "0", 1 }, .nrelease = 1, .has_dev = true },
};

/* Ranges of one specifier ------------------------------------------------- */

static void set_inf(struct bound *b)
{
	memset(b, 0, sizeof(*b));
	b->kind = BOUND_INF;
}

static void set_point(struct bound *b, unsigned char kind, bool inclusive,
		      const struct cu_pep440 *v)
{
	b->kind = kind;
	b->inclusive = inclusive;
	b->v = *v;
}

/* V.dev0 of the same release, nothing else: 1.2 -> 1.2.dev0. */
static struct cu_pep440 release_dev0(const struct cu_pep440 *v, size_t nrelease)
{
	struct cu_pep440 r = { 0 };

	r.epoch = v->epoch;
	r.release = v->release;
	r.nrelease = nrelease;
	r.has_dev = true;
	return r;
}

/* The first version after the first n release components: 1.4 -> 2.dev0. */
static struct cu_pep440 next_prefix_dev0(const struct cu_pep440 *v, size_t n)
{
	struct cu_pep440 r = release_dev0(v, n);

	r.bump = PEP440_BUMP_RELEASE;
	return r;
}

static size_t wildcard_ranges(const struct cu_pep440_spec *s, struct range r[2])
{
	struct cu_pep440 lo = release_dev0(&s->v, s->v.nrelease);
	struct cu_pep440 hi = next_prefix_dev0(&s->v, s->v.nrelease);

	if (s->op == CU_PEP440_OP_EQ) {
		set_point(&r[0].lo, BOUND_EXACT, true, &lo);
		set_point(&r[0].hi, BOUND_EXACT, false, &hi);
		return 1;
	}
	set_inf(&r[0].lo);
	set_point(&r[0].hi, BOUND_EXACT, false, &lo);
	set_point(&r[1].lo, BOUND_EXACT, true, &hi);
	set_inf(&r[1].hi);
	return 2;
}

/* The first version above V and V's local versions. */
static struct cu_pep440 after_locals(const struct cu_pep440 *v)
{
	struct cu_pep440 next = *v;

	next.local = CU_SPAN_NULL;
	if (v->has_dev) {
		next.bump = PEP440_BUMP_DEV;
		return next;
	}
	if (v->has_post)
		next.bump = PEP440_BUMP_POST;
	next.has_post = true;
	next.has_dev = true;
	return next;
}

/* >V: past V's post-releases, or past V.postN / V.devN themselves. */
static size_t gt_ranges(const struct cu_pep440 *v, struct range r[2])
{
	struct cu_pep440 next = *v;

	set_inf(&r[0].hi);
	if (v->has_dev || v->has_post) {
		next = after_locals(v);
	} else if (v->pre_kind) {
		next.local = CU_SPAN_NULL;
		next.bump = PEP440_BUMP_PRE;
		next.has_dev = true;
	} else {
		set_point(&r[0].lo, BOUND_AFTER_POSTS, false, v);
		return 1;
	}
	set_point(&r[0].lo, BOUND_EXACT, true, &next);
	return 1;
}

/* <V excludes V's own pre-releases unless V is one: it ends at V.dev0. */
static size_t lt_ranges(const struct cu_pep440 *v, struct range r[2])
{
	struct cu_pep440 end = *v;

	if (!cu_pep440_is_prerelease(v)) {
		end.local = CU_SPAN_NULL;
		end.has_dev = true;
		end.dev = CU_SPAN_NULL;
	}
	if (cu_pep440_cmp(&end, &lowest.v) <= 0)
		return 0;
	set_inf(&r[0].lo);
	set_point(&r[0].hi, BOUND_EXACT, false, &end);
	return 1;
}

/* Without a local label in the specifier, V's local versions match ==V. */
static size_t eq_ranges(const struct cu_pep440_spec *s, struct range r[2])
{
	bool local = s->v.local.len > 0;
	struct cu_pep440 end = local ? s->v : after_locals(&s->v);

	if (s->op == CU_PEP440_OP_EQ) {
		set_point(&r[0].lo, BOUND_EXACT, true, &s->v);
		set_point(&r[0].hi, BOUND_EXACT, local, &end);
		return 1;
	}
	set_inf(&r[0].lo);
	set_point(&r[0].hi, BOUND_EXACT, false, &s->v);
	set_point(&r[1].lo, BOUND_EXACT, !local, &end);
	set_inf(&r[1].hi);
	return 2;
}

static size_t spec_ranges(const struct cu_pep440_spec *s, struct range r[2])
{
	struct cu_pep440 hi;

	if (s->op == CU_PEP440_OP_ARBITRARY) {
		set_inf(&r[0].lo);
		set_inf(&r[0].hi);
		return 1;
	}
	if (s->wildcard)
		return wildcard_ranges(s, r);
	switch (s->op) {
	case CU_PEP440_OP_GE:
		set_point(&r[0].lo, BOUND_EXACT, true, &s->v);
		set_inf(&r[0].hi);
		return 1;
	case CU_PEP440_OP_LE:
		hi = after_locals(&s->v);
		set_inf(&r[0].lo);
		set_point(&r[0].hi, BOUND_EXACT, false, &hi);
		return 1;
	case CU_PEP440_OP_GT:
		return gt_ranges(&s->v, r);
	case CU_PEP440_OP_LT:
		return lt_ranges(&s->v, r);
	case CU_PEP440_OP_COMPATIBLE:
		hi = next_prefix_dev0(&s->v, s->v.nrelease - 1);
		set_point(&r[0].lo, BOUND_EXACT, true, &s->v);
		set_point(&r[0].hi, BOUND_EXACT, false, &hi);
		return 1;
	default:
		return eq_ranges(s, r);
	}
}

/* Points and membership --------------------------------------------------- */

/* Is x V or one of V's post-releases (so below AFTER_POSTS(V))? */
static bool in_family(const struct bound *b, const struct cu_pep440 *x)
{
	const struct cu_pep440 *v = &b->v;

	return pep440_num_cmp(v->epoch, false, x->epoch, false) == 0 &&
	       pep440_release_cmp(v, x) == 0 && !x->pre_kind &&
	       (x->has_post || !x->has_dev);
}

/* A boundary against a version: never equal. */
static int boundary_cmp(const struct bound *b, const struct cu_pep440 *x)
{
	return cu_pep440_cmp(&b->v, x) >= 0 || in_family(b, x) ? 1 : -1;
}

/* Order of two finite points. */
static int point_cmp(const struct bound *a, const struct bound *b)
{
	int c;

	if (a->kind == BOUND_EXACT && b->kind == BOUND_EXACT)
		return cu_pep440_cmp(&a->v, &b->v);
	if (a->kind == BOUND_EXACT)
		return -boundary_cmp(b, &a->v);
	if (b->kind == BOUND_EXACT)
		return boundary_cmp(a, &b->v);
	if ((c = cu_pep440_cmp(&a->v, &b->v)))
		return c;
	return a->kind - b->kind;
}

static bool above_lower(const struct bound *lo, const struct cu_pep440 *v)
{
	int c;

	if (lo->kind == BOUND_INF)
		return true;
	if (lo->kind != BOUND_EXACT)
		return boundary_cmp(lo, v) < 0;
	c = cu_pep440_cmp(&lo->v, v);
	return c < 0 || (c == 0 && lo->inclusive);
}

static bool below_upper(const struct bound *hi, const struct cu_pep440 *v)
{
	int c;

	if (hi->kind == BOUND_INF)
		return true;
	if (hi->kind != BOUND_EXACT)
		return boundary_cmp(hi, v) > 0;
	c = cu_pep440_cmp(v, &hi->v);
	return c < 0 || (c == 0 && hi->inclusive);
}

static bool spec_has(const struct cu_pep440_spec *s, const struct cu_pep440 *v)
{
	struct range r[2];
	size_t n = spec_ranges(s, r);

	for (size_t i = 0; i < n; i++)
		if (above_lower(&r[i].lo, v) && below_upper(&r[i].hi, v))
			return true;
	return false;
}

/* Matching items ---------------------------------------------------------- */

struct item {
	struct cu_span text;	/* what === compares */
	bool parsed;
	struct cu_pep440 v;
	struct cu_buf str;	/* str(Version) when the item is a Version */
};

static int item_init(struct item *it, const struct cu_pep440_specset *set,
		     struct cu_span text, bool as_version)
{
	int err = 0;

	cu_buf_init(&it->str, 0);
	it->text = text;
	it->parsed = cu_pep440_parse(text, &it->v) == 0;
	if (as_version && it->parsed && set->has_arbitrary) {
		err = cu_pep440_format(&it->v, CU_PEP440_STR, &it->str);
		it->text = cu_buf_span(&it->str);
	}
	return err;
}

static bool item_is_pre(const struct item *it)
{
	return it->parsed && cu_pep440_is_prerelease(&it->v);
}

/* Every specifier matches, before any pre-release policy. */
static bool item_matches(const struct cu_pep440_specset *set,
			 const struct item *it)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct cu_pep440_spec *s = &set->spec[i];

		if (s->op == CU_PEP440_OP_ARBITRARY) {
			if (!pep440_icase_eq(it->text, s->version))
				return false;
		} else if (!it->parsed || !spec_has(s, &it->v)) {
			return false;
		}
	}
	return true;
}

static const struct cu_pep440_match_opts default_opts;

int cu_pep440_contains(const struct cu_pep440_specset *set, struct cu_span text,
		       const struct cu_pep440_match_opts *opts, bool *in)
{
	enum cu_pep440_pre pre;
	struct item it;
	int err;

	if (!opts)
		opts = &default_opts;
	if ((err = item_init(&it, set, text, opts->item_is_version)))
		goto out;
	pre = opts->prereleases;
	if (opts->installed && item_is_pre(&it))
		pre = CU_PEP440_PRE_ALLOW;
	if (pre == CU_PEP440_PRE_DEFAULT)
		pre = opts->set_prereleases;
	*in = item_matches(set, &it) &&
	      !(pre == CU_PEP440_PRE_DENY && item_is_pre(&it));
out:
	cu_buf_release(&it.str);
	return err;
}

/* The policy filter() applies: its argument, the set's, or what specs imply. */
static enum cu_pep440_pre filter_policy(const struct cu_pep440_specset *set,
					const struct cu_pep440_match_opts *opts)
{
	if (opts->prereleases != CU_PEP440_PRE_DEFAULT)
		return opts->prereleases;
	if (opts->set_prereleases != CU_PEP440_PRE_DEFAULT)
		return opts->set_prereleases;
	for (size_t i = 0; i < set->n; i++)
		if (cu_pep440_spec_prereleases(&set->spec[i]))
			return CU_PEP440_PRE_ALLOW;
	return CU_PEP440_PRE_DEFAULT;
}

int cu_pep440_filter(const struct cu_pep440_specset *set,
		     const struct cu_span *items, const bool *as_version,
		     size_t n, const struct cu_pep440_match_opts *opts,
		     bool *keep)
{
	enum cu_pep440_pre pre;
	bool final_matched = false;
	struct cu_pep440 v;
	struct item it;
	int err = 0;

	pre = filter_policy(set, opts ? opts : &default_opts);
	for (size_t i = 0; !err && i < n; i++) {
		bool obj = as_version && as_version[i];

		err = item_init(&it, set, items[i], obj);
		keep[i] = item_matches(set, &it);
		if (keep[i] && it.parsed && !item_is_pre(&it))
			final_matched = true;
		cu_buf_release(&it.str);
	}
	/* pre-releases go with prereleases=False, or when a final matched */
	for (size_t i = 0; !err && i < n; i++) {
		if (!keep[i] || pre == CU_PEP440_PRE_ALLOW ||
		    cu_pep440_parse(items[i], &v) ||
		    !cu_pep440_is_prerelease(&v))
			continue;
		keep[i] = pre == CU_PEP440_PRE_DEFAULT && !final_matched;
	}
	return err;
}

/* Range algebra ----------------------------------------------------------- */

/* Lower bounds: -inf first; at one point an inclusive bound starts earlier. */
static int lower_cmp(const struct bound *a, const struct bound *b)
{
	int c;

	if (a->kind == BOUND_INF || b->kind == BOUND_INF)
		return (a->kind != BOUND_INF) - (b->kind != BOUND_INF);
	if ((c = point_cmp(a, b)))
		return c;
	return a->inclusive == b->inclusive ? 0 : a->inclusive ? -1 : 1;
}

/* Upper bounds: +inf last; at one point an exclusive bound ends earlier. */
static int upper_cmp(const struct bound *a, const struct bound *b)
{
	int c;

	if (a->kind == BOUND_INF || b->kind == BOUND_INF)
		return (a->kind == BOUND_INF) - (b->kind == BOUND_INF);
	if ((c = point_cmp(a, b)))
		return c;
	return a->inclusive == b->inclusive ? 0 : a->inclusive ? 1 : -1;
}

static bool range_empty(const struct bound *lo, const struct bound *hi)
{
	int c;

	if (hi->kind == BOUND_INF)
		return false;
	if (lo->kind == BOUND_INF)
		lo = &lowest;
	c = point_cmp(lo, hi);
	if (c == 0)
		return !(lo->inclusive && hi->inclusive);
	return c > 0;
}

/* The intersection of x and y into *out; false when it is empty. */
static bool overlap(const struct range *x, const struct range *y,
		    struct range *out)
{
	out->lo = lower_cmp(&x->lo, &y->lo) >= 0 ? x->lo : y->lo;
	out->hi = upper_cmp(&x->hi, &y->hi) <= 0 ? x->hi : y->hi;
	return !range_empty(&out->lo, &out->hi);
}

/* Intersect two sorted lists of disjoint ranges into out. */
static void intersect(const struct ranges *a, const struct ranges *b,
		      struct ranges *out)
{
	size_t i = 0, j = 0;

	out->n = 0;
	while (i < a->n && j < b->n) {
		const struct range *x = &a->r[i], *y = &b->r[j];

		if (out->n < CU_ARRAY_SIZE(out->r) &&
		    overlap(x, y, &out->r[out->n]))
			out->n++;
		if (upper_cmp(&x->hi, &y->hi) < 0)
			i++;
		else
			j++;
	}
}

/* The ranges of a whole set into *out; tmp is scratch space. */
static void set_ranges(const struct cu_pep440_specset *set, struct ranges *out,
		       struct ranges *tmp)
{
	struct ranges *cur = out, *next = tmp, *swap;
	struct ranges one;

	cur->n = 1;
	set_inf(&cur->r[0].lo);
	set_inf(&cur->r[0].hi);
	for (size_t i = 0; i < set->n && cur->n; i++) {
		one.n = spec_ranges(&set->spec[i], one.r);
		intersect(cur, &one, next);
		swap = cur;
		cur = next;
		next = swap;
	}
	if (cur != out)
		*out = *cur;
}

/* The lowest final or post release at or above a lower bound. */
static void lowest_release(const struct bound *lo, struct cu_pep440 *v)
{
	if (lo->kind == BOUND_INF)
		lo = &lowest;
	*v = lo->v;
	if (lo->kind == BOUND_AFTER_POSTS) {
		v->local = CU_SPAN_NULL;
		v->has_post = true;
		return;
	}
	if (!cu_pep440_is_prerelease(v))
		return;
	/* 1.0a1.post0 -> 1.0, 1.0.post0.dev0 -> 1.0.post0 */
	if (v->pre_kind) {
		v->has_post = false;
		v->post = CU_SPAN_NULL;
	}
	v->pre_kind = 0;
	v->pre = CU_SPAN_NULL;
	v->has_dev = false;
	v->dev = CU_SPAN_NULL;
	v->local = CU_SPAN_NULL;
	if (v->bump != PEP440_BUMP_RELEASE && v->bump != PEP440_BUMP_POST)
		v->bump = PEP440_BUMP_NONE;
	if (!v->has_post && v->bump == PEP440_BUMP_POST)
		v->bump = PEP440_BUMP_NONE;
}

static bool prerelease_only(const struct ranges *rs)
{
	struct bound near = { .kind = BOUND_EXACT, .inclusive = true };
	int c;

	for (size_t i = 0; i < rs->n; i++) {
		if (rs->r[i].hi.kind == BOUND_INF)
			return false;
		lowest_release(&rs->r[i].lo, &near.v);
		c = point_cmp(&near, &rs->r[i].hi);
		if (c < 0 || (c == 0 && rs->r[i].hi.inclusive))
			return false;
	}
	return true;
}

/* "===" is only met by its own string, which must pass everything else. */
static bool arbitrary_unsatisfiable(const struct cu_pep440_specset *set,
				    enum cu_pep440_pre pre)
{
	const struct cu_pep440_spec *first = NULL;

	for (size_t i = 0; i < set->n; i++) {
		const struct cu_pep440_spec *s = &set->spec[i];

		if (s->op != CU_PEP440_OP_ARBITRARY)
			continue;
		if (!first)
			first = s;
		else if (!pep440_icase_eq(first->version, s->version))
			return true;
	}
	if (!first)
		return false;
	if (pre == CU_PEP440_PRE_DENY && first->parsed &&
	    cu_pep440_is_prerelease(&first->v))
		return true;
	for (size_t i = 0; i < set->n; i++) {
		const struct cu_pep440_spec *s = &set->spec[i];

		if (s->op != CU_PEP440_OP_ARBITRARY &&
		    (!first->parsed || !spec_has(s, &first->v)))
			return true;
	}
	return false;
}

int cu_pep440_unsatisfiable(const struct cu_pep440_specset *set,
			    enum cu_pep440_pre pre, bool *unsat)
{
	struct ranges *rs;

	*unsat = false;
	if (!set->n)
		return 0;
	rs = cu_calloc(2, sizeof(*rs));
	if (!rs)
		return CU_ENOMEM;
	set_ranges(set, &rs[0], &rs[1]);
	*unsat = !rs[0].n || arbitrary_unsatisfiable(set, pre) ||
		 (pre == CU_PEP440_PRE_DENY && prerelease_only(&rs[0]));
	free(rs);
	return 0;
}

static bool range_within(const struct range *x, const struct range *y)
{
	return lower_cmp(&y->lo, &x->lo) <= 0 && upper_cmp(&x->hi, &y->hi) <= 0;
}

int cu_pep440_subset(const struct cu_pep440_specset *a,
		     const struct cu_pep440_specset *b, bool *subset)
{
	struct ranges *rs = cu_calloc(3, sizeof(*rs));

	if (!rs)
		return CU_ENOMEM;
	set_ranges(a, &rs[0], &rs[2]);
	set_ranges(b, &rs[1], &rs[2]);
	*subset = true;
	for (size_t i = 0; *subset && i < rs[0].n; i++) {
		size_t j = 0;

		while (j < rs[1].n && !range_within(&rs[0].r[i], &rs[1].r[j]))
			j++;
		*subset = j < rs[1].n;
	}
	free(rs);
	return 0;
}

int cu_pep440_disjoint(const struct cu_pep440_specset *a,
		       const struct cu_pep440_specset *b, bool *disjoint)
{
	struct ranges *rs = cu_calloc(3, sizeof(*rs));

	if (!rs)
		return CU_ENOMEM;
	set_ranges(a, &rs[0], &rs[2]);
	set_ranges(b, &rs[1], &rs[2]);
	*disjoint = true;
	for (size_t i = 0; i < rs[0].n; i++)
		for (size_t j = 0; j < rs[1].n; j++)
			if (overlap(&rs[0].r[i], &rs[1].r[j], &rs[2].r[0]))
				*disjoint = false;
	free(rs);
	return 0;
}

