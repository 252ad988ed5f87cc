/*
 * compare.c - findings and packages matched across two snapshots, and
 * baseline marks (the rules are in compare.h and docs/diff-trend.md).
 *
 * Findings are paired in two passes: first by exact key (id, package type,
 * name, arch) with both sides sorted, equal keys paired in version order;
 * then what is left over by alias through hash maps. Sorting uses only
 * string comparisons, which are a total order whatever the input holds.
 */
#include "common.h"
#include "compare.h"
#include "version/version.h"

static const char *nz(const char *s)
{
	return s ? s : "";
}

static bool is_cve(const char *id)
{
	return strncmp(id, "CVE-", 4) == 0;
}

static int pkg_key_cmp(const struct cu_snap_pkg *a, const struct cu_snap_pkg *b)
{
	int c;

	if ((c = strcmp(a->type, b->type)))
		return c;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return strcmp(nz(a->arch), nz(b->arch));
}

static int finding_key_cmp(const struct cu_snap_finding *a, const struct cu_snap_finding *b)
{
	int c = pkg_key_cmp(a->pkg, b->pkg);

	return c ? c : strcmp(a->id, b->id);
}

static int finding_sort(const void *x, const void *y)
{
	const struct cu_snap_finding *a = *(const struct cu_snap_finding *const *)x;
	const struct cu_snap_finding *b = *(const struct cu_snap_finding *const *)y;
	int c = finding_key_cmp(a, b);

	return c ? c : strcmp(a->pkg->version, b->pkg->version);
}

/* Pointers to the findings of s, sorted by key and version. */
static const struct cu_snap_finding **sorted_findings(const struct cu_snapshot *s)
{
	const struct cu_snap_finding **v = cu_calloc(s->nfindings + 1, sizeof(*v));

	if (!v)
		return NULL;
	for (size_t i = 0; i < s->nfindings; i++)
		v[i] = &s->findings[i];
	qsort(v, s->nfindings, sizeof(*v), finding_sort);
	return v;
}

/* --- alias index --------------------------------------------------------- */

/*
 * Findings by (vulnerability id, package type, name, arch): one map for
 * their primary ids and one for their aliases. Values point at the slot of
 * the finding in the caller's array, so the caller gets its index back.
 */
struct id_index {
	struct cu_map primary, alias;
	struct cu_arena keys;
	struct cu_buf key;
};

static void index_init(struct id_index *x)
{
	cu_map_init(&x->primary, 0);
	cu_map_init(&x->alias, 0);
	cu_arena_init(&x->keys, 0);
	cu_buf_init(&x->key, 0);
}

static void index_release(struct id_index *x)
{
	cu_map_release(&x->primary);
	cu_map_release(&x->alias);
	cu_arena_release(&x->keys);
	cu_buf_release(&x->key);
}

static struct cu_span index_key(struct id_index *x, const char *id, const struct cu_snap_pkg *p)
{
	cu_buf_reset(&x->key);
	cu_buf_addf(&x->key, "%s%c%s%c%s%c%s", id, 0, p->type, 0, p->name, 0, nz(p->arch));
	return cu_buf_span(&x->key);
}

/* Keep the first finding for a key: pairing stays in sorted order. */
static int index_put(struct id_index *x, struct cu_map *m, const char *id,
		     const struct cu_snap_finding **slot)
{
	struct cu_span k = index_key(x, id, (*slot)->pkg);
	char *copy;

	if (cu_map_get(m, k))
		return 0;
	copy = cu_arena_strndup(&x->keys, k.ptr, k.len);
	if (!copy)
		return CU_ENOMEM;
	return cu_map_put(m, cu_span_make(copy, k.len), (void *)slot);
}

static int index_add(struct id_index *x, const struct cu_snap_finding **slot)
{
	int rc = index_put(x, &x->primary, (*slot)->id, slot);

	for (size_t i = 0; !rc && i < (*slot)->naliases; i++)
		rc = index_put(x, &x->alias, (*slot)->aliases[i], slot);
	return rc;
}

/* Whether a finding with this id and one with that id are one issue. */
static bool same_issue(const char *a, const char *b)
{
	return !(is_cve(a) && is_cve(b) && strcmp(a, b) != 0);
}

/*
 * The indexed finding f is the same issue as: f's primary id indexed, one of
 * f's aliases is an indexed primary id, or f's id is an indexed alias.
 */
static const struct cu_snap_finding **index_find(struct id_index *x,
						 const struct cu_snap_finding *f)
{
	const struct cu_snap_finding **slot;

	slot = cu_map_get(&x->primary, index_key(x, f->id, f->pkg));
	if (slot)
		return slot;
	for (size_t i = 0; i < f->naliases; i++) {
		slot = cu_map_get(&x->primary, index_key(x, f->aliases[i], f->pkg));
		if (slot && same_issue((*slot)->id, f->id))
			return slot;
	}
	slot = cu_map_get(&x->alias, index_key(x, f->id, f->pkg));
	return slot && same_issue((*slot)->id, f->id) ? slot : NULL;
}

/* --- findings ------------------------------------------------------------ */

struct pairing {
	const struct cu_snap_finding **a, **b;	/* before, after, sorted */
	size_t na, nb;
	bool *used_a, *used_b;
	struct cu_compare *out;
};

static void add_pair(struct pairing *p, size_t i, size_t j)
{
	struct cu_finding_pair *pr = &p->out->pairs[p->out->npairs++];

	pr->before = i < p->na ? p->a[i] : NULL;
	pr->after = j < p->nb ? p->b[j] : NULL;
	if (i < p->na)
		p->used_a[i] = true;
	if (j < p->nb)
		p->used_b[j] = true;
}

static void pair_exact(struct pairing *p)
{
	size_t i = 0, j = 0;

	while (i < p->na && j < p->nb) {
		int c = finding_key_cmp(p->a[i], p->b[j]);

		if (c < 0)
			i++;
		else if (c > 0)
			j++;
		else
			add_pair(p, i++, j++);
	}
}

static int pair_aliases(struct pairing *p)
{
	struct id_index x;
	int rc = 0;

	index_init(&x);
	for (size_t i = 0; i < p->na && !rc; i++)
		if (!p->used_a[i])
			rc = index_add(&x, &p->a[i]);
	for (size_t j = 0; j < p->nb && !rc; j++) {
		const struct cu_snap_finding **slot;

		if (p->used_b[j])
			continue;
		slot = index_find(&x, p->b[j]);
		if (slot && !p->used_a[slot - p->a])
			add_pair(p, (size_t)(slot - p->a), j);
	}
	index_release(&x);
	return rc;
}

static enum cu_severity pair_severity(const struct cu_finding_pair *p)
{
	return p->after ? p->after->severity : p->before->severity;
}

static int pair_group(const struct cu_finding_pair *p)
{
	return !p->before ? 0 : !p->after ? 1 : 2;
}

/* new, fixed, unchanged; then highest severity, package, id, version */
static int pair_sort(const void *x, const void *y)
{
	const struct cu_finding_pair *a = x, *b = y;
	const struct cu_snap_finding *fa = a->after ? a->after : a->before;
	const struct cu_snap_finding *fb = b->after ? b->after : b->before;
	int c;

	if (pair_group(a) != pair_group(b))
		return pair_group(a) - pair_group(b);
	if (pair_severity(a) != pair_severity(b))
		return pair_severity(a) > pair_severity(b) ? -1 : 1;
	if ((c = strcmp(fa->pkg->name, fb->pkg->name)))
		return c;
	if ((c = strcmp(fa->id, fb->id)))
		return c;
	if ((c = strcmp(fa->pkg->version, fb->pkg->version)))
		return c;
	return pkg_key_cmp(fa->pkg, fb->pkg);
}

static int compare_findings(struct cu_compare *c)
{
	struct pairing p = { 0 };
	int rc = CU_ENOMEM;

	p.out = c;
	p.na = c->before->nfindings;
	p.nb = c->after->nfindings;
	p.a = sorted_findings(c->before);
	p.b = sorted_findings(c->after);
	p.used_a = cu_calloc(p.na + 1, sizeof(bool));
	p.used_b = cu_calloc(p.nb + 1, sizeof(bool));
	c->pairs = cu_calloc(p.na + p.nb + 1, sizeof(*c->pairs));
	if (!p.a || !p.b || !p.used_a || !p.used_b || !c->pairs)
		goto out;
	pair_exact(&p);
	rc = pair_aliases(&p);
	c->nunchanged = c->npairs;
	for (size_t i = 0; i < p.na; i++)
		if (!p.used_a[i])
			add_pair(&p, i, p.nb);
	for (size_t j = 0; j < p.nb; j++)
		if (!p.used_b[j])
			add_pair(&p, p.na, j);
	c->nfixed = p.na - c->nunchanged;
	c->nnew = p.nb - c->nunchanged;
	qsort(c->pairs, c->npairs, sizeof(*c->pairs), pair_sort);
out:
	free(p.a);
	free(p.b);
	free(p.used_a);
	free(p.used_b);
	return rc;
}

/* --- packages ------------------------------------------------------------ */

static int pkg_sort(const void *x, const void *y)
{
	const struct cu_snap_pkg *a = *(const struct cu_snap_pkg *const *)x;
	const struct cu_snap_pkg *b = *(const struct cu_snap_pkg *const *)y;
	int c = pkg_key_cmp(a, b);

	return c ? c : strcmp(a->version, b->version);
}

static const struct cu_snap_pkg **sorted_pkgs(const struct cu_snapshot *s)
{
	const struct cu_snap_pkg **v = cu_calloc(s->npkgs + 1, sizeof(*v));

	if (!v)
		return NULL;
	memcpy(v, s->pkgs, s->npkgs * sizeof(*v));
	qsort(v, s->npkgs, sizeof(*v), pkg_sort);
	return v;
}

/* <0, 0, >0 by the type's version scheme; 0 also when it cannot tell. */
static int version_order(const struct cu_snap_pkg *a, const struct cu_snap_pkg *b)
{
	const struct cu_version_scheme *vs = cu_version_scheme_find(a->type);
	int c = 0;

	if (!vs || vs->compare(cu_span_str(a->version), cu_span_str(b->version), &c))
		return 0;
	return c;
}

static void add_change(struct cu_compare *c, const struct cu_snap_pkg *before,
		       const struct cu_snap_pkg *after)
{
	struct cu_pkg_change *ch = &c->pkgs[c->npkgs];
	int order;

	if (!before || !after) {
		if (!c->pkgs_complete)
			return;
		ch->kind = before ? CU_PKG_REMOVED : CU_PKG_ADDED;
	} else {
		order = version_order(before, after);
		ch->kind = order < 0 ? CU_PKG_UPGRADED : order > 0 ? CU_PKG_DOWNGRADED :
			   CU_PKG_CHANGED;
	}
	ch->before = before;
	ch->after = after;
	c->nkind[ch->kind]++;
	c->npkgs++;
}

/* Small runs only: the scheme's order need not be total on odd input. */
#define ORDER_BY_SCHEME_MAX 64

static void order_by_scheme(const struct cu_snap_pkg **v, size_t n)
{
	if (n > ORDER_BY_SCHEME_MAX)
		return;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && version_order(v[j - 1], v[j]) > 0; j--) {
			const struct cu_snap_pkg *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/*
 * One (type, name, arch) with versions a[0..na) before and b[0..nb) after
 * (sorted as strings): equal versions are unchanged; the rest pair up lowest
 * with lowest, the surplus is added or removed.
 */
static void compare_group(struct cu_compare *c, const struct cu_snap_pkg **a, size_t na,
			  const struct cu_snap_pkg **b, size_t nb,
			  const struct cu_snap_pkg **ra, const struct cu_snap_pkg **rb)
{
	size_t i = 0, j = 0, nra = 0, nrb = 0;

	while (i < na || j < nb) {
		int d = i == na ? 1 : j == nb ? -1 : strcmp(a[i]->version, b[j]->version);

		if (d == 0) {
			i++;
			j++;
		} else if (d < 0) {
			ra[nra++] = a[i++];
		} else {
			rb[nrb++] = b[j++];
		}
	}
	order_by_scheme(ra, nra);
	order_by_scheme(rb, nrb);
	for (size_t k = 0; k < nra || k < nrb; k++)
		add_change(c, k < nra ? ra[k] : NULL, k < nrb ? rb[k] : NULL);
}

static size_t group_end(const struct cu_snap_pkg **v, size_t n, size_t i)
{
	size_t e = i + 1;

	while (e < n && pkg_key_cmp(v[i], v[e]) == 0)
		e++;
	return e;
}

static int compare_pkgs(struct cu_compare *c)
{
	size_t na = c->before->npkgs, nb = c->after->npkgs, i = 0, j = 0;
	const struct cu_snap_pkg **a = sorted_pkgs(c->before), **b = sorted_pkgs(c->after);
	const struct cu_snap_pkg **ra = cu_calloc(na + 1, sizeof(*ra));
	const struct cu_snap_pkg **rb = cu_calloc(nb + 1, sizeof(*rb));
	int rc = CU_ENOMEM;

	c->pkgs = cu_calloc(na + nb + 1, sizeof(*c->pkgs));
	if (!a || !b || !ra || !rb || !c->pkgs)
		goto out;
	while (i < na || j < nb) {
		int d = i == na ? 1 : j == nb ? -1 : pkg_key_cmp(a[i], b[j]);
		size_t ie = d <= 0 ? group_end(a, na, i) : i;
		size_t je = d >= 0 ? group_end(b, nb, j) : j;

		compare_group(c, a + i, ie - i, b + j, je - j, ra, rb);
		i = ie;
		j = je;
	}
	rc = 0;
out:
	free(a);
	free(b);
	free(ra);
	free(rb);
	return rc;
}

int cu_compare_snapshots(const struct cu_snapshot *before, const struct cu_snapshot *after,
			 struct cu_compare *out, struct cu_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->before = before;
	out->after = after;
	out->pkgs_complete = before->all_pkgs && after->all_pkgs;
	rc = compare_findings(out);
	if (!rc)
		rc = compare_pkgs(out);
	if (rc) {
		cu_compare_release(out);
		return cu_seterr(err, rc, "cannot compare the scan results");
	}
	return 0;
}

void cu_compare_release(struct cu_compare *c)
{
	free(c->pairs);
	free(c->pkgs);
	memset(c, 0, sizeof(*c));
}

const char *cu_pkg_change_name(enum cu_pkg_change_kind k)
{
	static const char *const names[] = {
		"added", "removed", "upgraded", "downgraded", "changed",
	};

	return (unsigned)k < CU_ARRAY_SIZE(names) ? names[k] : "changed";
}

/* --- baselines ----------------------------------------------------------- */

int cu_baseline_mark(const struct cu_snapshot *baseline, struct cu_matches *m,
		     size_t *known, struct cu_err *err)
{
	const struct cu_snap_finding **v = cu_calloc(baseline->nfindings + 1, sizeof(*v));
	struct id_index x;
	int rc = 0;

	*known = 0;
	if (!v)
		return cu_seterr(err, CU_ENOMEM, "out of memory");
	index_init(&x);
	for (size_t i = 0; i < baseline->nfindings && !rc; i++) {
		v[i] = &baseline->findings[i];
		rc = index_add(&x, &v[i]);
	}
	for (size_t i = 0; i < m->n && !rc; i++) {
		struct cu_finding *f = m->items[i];
		struct cu_snap_pkg p = { .type = f->pkg->type, .name = f->pkg->name,
					 .version = f->pkg->version, .arch = f->pkg->arch };
		struct cu_snap_finding g = { .id = f->id, .aliases = f->aliases,
					     .naliases = f->naliases, .pkg = &p };

		f->known = index_find(&x, &g) != NULL;
		*known += f->known;
	}
	index_release(&x);
	free(v);
	return rc ? cu_seterr(err, rc, "cannot index the baseline") : 0;
}
