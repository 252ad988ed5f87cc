/*
 * match.c - run the matchers over a catalog, then merge the findings of one
 * package that are the same issue under several ids, and settle each
 * finding's severity (docs/matching.md):
 *   1. the distribution's own rating of the affected package,
 *   2. the CVSS score (or severity word) of the advisory record,
 *   3. the same from any other source that knows one of its ids,
 *      NVD last.
 */
#include <strings.h>

#include "common.h"
#include "match.h"
#include "internal.h"

static const struct cu_matcher_ops *const matchers[] = {
	&cu_matcher_os,
	&cu_matcher_lang,
};

void cu_matches_init(struct cu_matches *m)
{
	memset(m, 0, sizeof(*m));
	cu_arena_init(&m->arena, 0);
}

void cu_matches_release(struct cu_matches *m)
{
	free(m->items);
	cu_arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

static const char *const sev_names[] = {
	"UNKNOWN", "NEGLIGIBLE", "LOW", "MEDIUM", "HIGH", "CRITICAL",
};

const char *cu_severity_name(enum cu_severity s)
{
	return (unsigned)s < CU_ARRAY_SIZE(sev_names) ? sev_names[s] : "UNKNOWN";
}

int cu_severity_parse(const char *s)
{
	for (size_t i = 0; s && i < CU_ARRAY_SIZE(sev_names); i++)
		if (strcasecmp(s, sev_names[i]) == 0)
			return (int)i;
	if (s && strcasecmp(s, "moderate") == 0)
		return CU_SEV_MEDIUM;
	return -1;
}

/* --- hits ---------------------------------------------------------------- */

void cu_hits_init(struct cu_hits *h)
{
	memset(h, 0, sizeof(*h));
}

void cu_hits_release(struct cu_hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->items[i].id);
		free(h->items[i].source);
		free(h->items[i].status);
		free(h->items[i].fixed);
		free(h->items[i].severity);
		for (size_t k = 0; h->items[i].ids && h->items[i].ids[k]; k++)
			free(h->items[i].ids[k]);
		free(h->items[i].ids);
	}
	free(h->items);
	memset(h, 0, sizeof(*h));
}

int cu_hits_add(struct cu_hits *h, const char *id, const char *source,
		const char *status, const char *fixed, const char *severity)
{
	struct cu_hit *x;

	if (CU_GROW(h->items, h->alloc, h->n + 1))
		return CU_ENOMEM;
	x = &h->items[h->n];
	memset(x, 0, sizeof(*x));
	x->id = cu_strdup(id);
	x->source = cu_strdup(source);
	x->status = cu_strdup(status);
	x->fixed = fixed && *fixed ? cu_strdup(fixed) : NULL;
	x->severity = severity ? cu_strdup(severity) : NULL;
	if (!x->id || !x->source || !x->status)
		return CU_ENOMEM;
	h->n++;
	return 0;
}

/* --- aliases ------------------------------------------------------------- */

static int add_id(char ***ids, size_t *n, size_t *alloc, const char *id)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*ids)[i], id) == 0)
			return 0;
	if (*n >= 64)
		return 0;	/* enough names for one issue */
	if (CU_GROW(*ids, *alloc, *n + 2))
		return CU_ENOMEM;
	(*ids)[*n] = cu_strdup(id);
	if (!(*ids)[*n])
		return CU_ENOMEM;
	(*ids)[++*n] = NULL;
	return 0;
}

/* Every id known to name the same issue as hit->id (including itself). */
static int load_aliases(struct cu_db *db, struct cu_hit *hit, struct cu_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0, alloc = 0;
	int rc = add_id(&hit->ids, &n, &alloc, hit->id);

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT alias FROM aliases WHERE id = ?1 "
			       "UNION SELECT id FROM aliases WHERE alias = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return cu_db_fail(db, err, "cannot read aliases");
	sqlite3_bind_text(st, 1, hit->id, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = add_id(&hit->ids, &n, &alloc, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

static bool share_id(const struct cu_hit *a, const struct cu_hit *b)
{
	for (size_t i = 0; a->ids[i]; i++)
		for (size_t k = 0; b->ids[k]; k++)
			if (strcmp(a->ids[i], b->ids[k]) == 0)
				return true;
	return false;
}

static size_t find_root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* --- severity ------------------------------------------------------------ */

struct sev_choice {
	int rank;		/* lower is better; 1 << 30: none */
	enum cu_severity sev;
	const char *source;
	const char *vector;	/* of the rating chosen, if it was a CVSS score */
	double score;
	const char *summary;
	/* the best CVSS vector known, shown even when a distribution rated it */
	int cvss_rank;
	const char *cvss_vector;
	double cvss_score;
};

static void consider(struct cu_matches *m, struct sev_choice *c, int rank,
		     enum cu_severity sev, const char *source, const char *vector,
		     double score)
{
	if (vector && rank < c->cvss_rank) {
		c->cvss_rank = rank;
		c->cvss_vector = cu_arena_strdup(&m->arena, vector);
		c->cvss_score = score;
	}
	if (rank > c->rank || (rank == c->rank && sev <= c->sev))
		return;
	c->rank = rank;
	c->sev = sev;
	c->source = source ? cu_arena_strdup(&m->arena, source) : NULL;
	c->vector = vector ? cu_arena_strdup(&m->arena, vector) : NULL;
	c->score = score;
}

/* Severity and summary from the vulns table for every id of the finding. */
static int record_severity(struct cu_db *db, struct cu_matches *m,
			   const struct cu_hit *h, struct sev_choice *c,
			   struct cu_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *sql = "SELECT source, severity, cvss_vector, cvss_score, summary "
			  "FROM vulns WHERE id = ?";

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return cu_db_fail(db, err, "cannot read vulnerabilities");
	for (size_t i = 0; h->ids[i]; i++) {
		sqlite3_bind_text(st, 1, h->ids[i], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *src = (const char *)sqlite3_column_text(st, 0);
			int sev = cu_severity_parse((const char *)sqlite3_column_text(st, 1));
			const char *summary = (const char *)sqlite3_column_text(st, 4);
			int rank = strcmp(src, h->source) == 0 ? 1 :
				   strncmp(src, "nvd", 3) == 0 ? 3 : 2;

			if (summary && *summary && !c->summary)
				c->summary = cu_arena_strdup(&m->arena, summary);
			if (sev > 0)
				consider(m, c, rank, (enum cu_severity)sev, src,
					 (const char *)sqlite3_column_text(st, 2),
					 sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
					 sqlite3_column_double(st, 3));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/* --- exploitation evidence ----------------------------------------------- */

static const char *col_dup(struct cu_matches *m, sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	return v ? cu_arena_strdup(&m->arena, v) : NULL;
}

/* KEV membership and the highest EPSS score among the finding's CVE ids. */
static int exploitation(struct cu_db *db, struct cu_matches *m, struct cu_finding *f,
			char **ids, size_t nids, struct cu_err *err)
{
	sqlite3_stmt *kev = NULL, *epss = NULL;
	int rc = 0;

	f->epss = f->epss_percentile = -1;
	if (sqlite3_prepare_v2(db->sql, "SELECT date_added, due_date, ransomware FROM kev "
			       "WHERE cve = ?", -1, &kev, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->sql, "SELECT score, percentile FROM epss WHERE cve = ?",
			       -1, &epss, NULL) != SQLITE_OK) {
		rc = cu_db_fail(db, err, "cannot read exploitation data");
		goto out;
	}
	for (size_t i = 0; i < nids; i++) {
		if (strncmp(ids[i], "CVE-", 4))
			continue;
		sqlite3_bind_text(kev, 1, ids[i], -1, SQLITE_STATIC);
		if (!f->kev && sqlite3_step(kev) == SQLITE_ROW) {
			f->kev = true;
			f->kev_date_added = col_dup(m, kev, 0);
			f->kev_due_date = col_dup(m, kev, 1);
			f->kev_ransomware = col_dup(m, kev, 2);
		}
		sqlite3_reset(kev);
		sqlite3_bind_text(epss, 1, ids[i], -1, SQLITE_STATIC);
		if (sqlite3_step(epss) == SQLITE_ROW && sqlite3_column_double(epss, 0) > f->epss) {
			f->epss = sqlite3_column_double(epss, 0);
			f->epss_percentile = sqlite3_column_double(epss, 1);
		}
		sqlite3_reset(epss);
	}
out:
	sqlite3_finalize(kev);
	sqlite3_finalize(epss);
	return rc;
}

/* --- merging ------------------------------------------------------------- */

static int status_rank(const char *s)
{
	static const char *const order[] = {
		"fixed", "affected", "undetermined", "wont_fix", "end_of_life", "unimportant",
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(order); i++)
		if (strcmp(s, order[i]) == 0)
			return (int)i;
	return (int)CU_ARRAY_SIZE(order);
}

static bool is_cve(const char *id)
{
	return strncmp(id, "CVE-", 4) == 0;
}

/* The CVE ids among a hit's names (its own id included). */
static size_t cve_ids(const struct cu_hit *h, const char **out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; h->ids[i] && n < cap; i++)
		if (is_cve(h->ids[i]))
			out[n++] = h->ids[i];
	return n;
}

struct group {
	const char *key;	/* primary id */
	size_t *members;	/* hits that decide status and severity */
	size_t nmem;
	size_t *extra;		/* hits that only lend their ids */
	size_t nextra;
};

static int emit_group(struct cu_db *db, const struct cu_pkg *pkg,
		      const struct cu_version_scheme *scheme, struct cu_hits *hits,
		      const struct group *g, struct cu_matches *m, struct cu_err *err)
{
	struct cu_finding *f = cu_arena_alloc(&m->arena, sizeof(*f));
	struct sev_choice choice = { .rank = 1 << 30, .score = -1, .cvss_rank = 1 << 30,
				     .cvss_score = -1 };
	char **all = NULL;
	size_t nall = 0, alloc = 0, k = 0;
	const struct cu_hit *best = &hits->items[g->members[0]];
	int rc = 0;

	if (!f)
		return CU_ENOMEM;
	for (size_t i = 0; i < g->nmem && !rc; i++) {
		const struct cu_hit *h = &hits->items[g->members[i]];
		int sev = cu_severity_parse(h->severity);

		/* other CVEs a record names are other issues, not other names */
		for (size_t a = 0; h->ids[a] && !rc; a++)
			if (!is_cve(h->ids[a]) || strcmp(h->ids[a], g->key) == 0)
				rc = add_id(&all, &nall, &alloc, h->ids[a]);
		if (sev > 0)
			consider(m, &choice, 0, (enum cu_severity)sev, h->source, NULL, -1);
		if (!rc)
			rc = record_severity(db, m, h, &choice, err);
		if (status_rank(h->status) < status_rank(best->status))
			best = h;
		else if (!strcmp(h->status, best->status) && h->fixed && best->fixed) {
			int c = 0;

			if (!scheme->compare(cu_span_str(h->fixed), cu_span_str(best->fixed), &c) && c > 0)
				best = h;	/* the later fix is the one that covers all ids */
		}
	}
	for (size_t i = 0; i < g->nextra && !rc; i++)
		rc = add_id(&all, &nall, &alloc, hits->items[g->extra[i]].id);
	if (rc)
		goto out;
	f->pkg = pkg;
	f->id = cu_arena_strdup(&m->arena, g->key);
	f->aliases = cu_arena_calloc(&m->arena, nall + 1, sizeof(*f->aliases));
	for (size_t i = 0; i < nall && f->aliases; i++)
		if (strcmp(all[i], f->id) != 0)
			f->aliases[k++] = cu_arena_strdup(&m->arena, all[i]);
	f->naliases = k;
	f->status = cu_arena_strdup(&m->arena, best->status);
	f->fixed_version = best->fixed ? cu_arena_strdup(&m->arena, best->fixed) : NULL;
	f->data_source = cu_arena_strdup(&m->arena, best->source);
	f->severity = choice.rank < (1 << 30) ? choice.sev : CU_SEV_UNKNOWN;
	f->severity_source = choice.source;
	f->severity_basis = choice.rank >= (1 << 30) ? NULL : choice.rank == 0 ? "distribution" :
			    choice.vector ? "cvss" : "advisory";
	f->cvss_vector = choice.cvss_vector;
	f->cvss_score = choice.cvss_score;
	f->summary = choice.summary;
	if (!f->id || !f->aliases || !f->status || !f->data_source) {
		rc = CU_ENOMEM;
		goto out;
	}
	rc = exploitation(db, m, f, all, nall, err);
	if (rc)
		goto out;
	if (m->n >= CU_CAP_FINDINGS || CU_GROW(m->items, m->alloc, m->n + 1)) {
		rc = CU_ENOMEM;
		goto out;
	}
	m->items[m->n++] = f;
out:
	for (size_t i = 0; i < nall; i++)
		free(all[i]);
	free(all);
	return rc;
}

/*
 * The group key of each hit (docs/matching.md "One finding per issue"):
 * a CVE hit is its own issue; an advisory naming exactly one CVE belongs to
 * that CVE; an advisory naming several CVEs (a DSA, say) lends its id to
 * those of its CVEs that matched on their own, else stands alone; hits
 * without any CVE are grouped when one names the other.
 */
static const char *key_of(struct cu_hits *hits, size_t i, size_t *parent)
{
	const char *cves[64];
	struct cu_hit *h = &hits->items[i];
	size_t n = cve_ids(h, cves, CU_ARRAY_SIZE(cves));

	if (is_cve(h->id))
		return h->id;
	if (n == 1)
		return cves[0];
	return hits->items[find_root(parent, i)].id;
}

static bool has_cve_hit(struct cu_hits *hits, const char *cve)
{
	for (size_t i = 0; i < hits->n; i++)
		if (strcmp(hits->items[i].id, cve) == 0)
			return true;
	return false;
}

static int group_hits(struct cu_db *db, const struct cu_pkg *pkg,
		      const struct cu_version_scheme *scheme, struct cu_hits *hits,
		      size_t *parent, struct cu_matches *m, struct cu_err *err)
{
	const char **keys = cu_calloc(hits->n, sizeof(*keys));
	struct group g = { 0 };
	int rc = 0;

	g.members = cu_calloc(hits->n, sizeof(*g.members));
	g.extra = cu_calloc(hits->n, sizeof(*g.extra));
	if (!keys || !g.members || !g.extra) {
		rc = CU_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < hits->n; i++) {
		const char *cves[64];
		size_t n = cve_ids(&hits->items[i], cves, CU_ARRAY_SIZE(cves));
		bool lent = false;

		keys[i] = key_of(hits, i, parent);
		if (is_cve(hits->items[i].id) || n < 2)
			continue;
		for (size_t c = 0; c < n; c++)
			lent |= has_cve_hit(hits, cves[c]);
		if (lent)
			keys[i] = NULL;	/* only lends its id, below */
	}
	for (size_t i = 0; i < hits->n && !rc; i++) {
		bool first = true;

		if (!keys[i])
			continue;
		for (size_t j = 0; j < i && first; j++)
			if (keys[j] && strcmp(keys[j], keys[i]) == 0)
				first = false;
		if (!first)
			continue;
		g.key = keys[i];
		g.nmem = g.nextra = 0;
		for (size_t j = i; j < hits->n; j++)
			if (keys[j] && strcmp(keys[j], keys[i]) == 0)
				g.members[g.nmem++] = j;
		for (size_t j = 0; j < hits->n; j++) {
			const char *cves[64];
			size_t n;

			if (keys[j])
				continue;
			n = cve_ids(&hits->items[j], cves, CU_ARRAY_SIZE(cves));
			for (size_t c = 0; c < n; c++)
				if (strcmp(cves[c], g.key) == 0)
					g.extra[g.nextra++] = j;
		}
		rc = emit_group(db, pkg, scheme, hits, &g, m, err);
	}
out:
	free(keys);
	free(g.members);
	free(g.extra);
	return rc;
}

int cu_match_emit(struct cu_db *db, const struct cu_pkg *pkg,
		  const struct cu_version_scheme *scheme, struct cu_hits *hits,
		  struct cu_matches *m, struct cu_err *err)
{
	size_t *parent = NULL;
	int rc = 0;

	if (!hits->n)
		return 0;
	parent = cu_calloc(hits->n, sizeof(*parent));
	if (!parent)
		return CU_ENOMEM;
	for (size_t i = 0; i < hits->n && !rc; i++) {
		parent[i] = i;
		rc = load_aliases(db, &hits->items[i], err);
	}
	/* hits without a CVE join when one names the other */
	for (size_t i = 0; i < hits->n && !rc; i++)
		for (size_t j = i + 1; j < hits->n; j++)
			if (share_id(&hits->items[i], &hits->items[j]))
				parent[find_root(parent, j)] = find_root(parent, i);
	if (!rc)
		rc = group_hits(db, pkg, scheme, hits, parent, m, err);
	free(parent);
	return rc;
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct cu_finding *a = *(const struct cu_finding *const *)pa;
	const struct cu_finding *b = *(const struct cu_finding *const *)pb;
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->pkg->name, b->pkg->name)))
		return c;
	if ((c = strcmp(a->pkg->version, b->pkg->version)))
		return c;
	return strcmp(a->id, b->id);
}

int cu_match_catalog(struct cu_db *db, const struct cu_catalog *cat,
		     const struct cu_match_options *opt, struct cu_matches *out,
		     struct cu_err *err)
{
	struct cu_match_options defaults = { 0 };
	int rc = 0;

	if (!opt)
		opt = &defaults;
	for (size_t i = 0; i < cat->npkgs && !rc; i++) {
		const struct cu_pkg *p = cat->pkgs[i];

		for (size_t k = 0; k < CU_ARRAY_SIZE(matchers); k++) {
			if (!matchers[k]->handles(p, &cat->os))
				continue;
			rc = matchers[k]->match(db, p, &cat->os, opt, out, err);
			if (rc)
				rc = cu_seterr(err, rc, "matching %s %s", p->name, p->version);
			break;
		}
	}
	if (!rc && out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items), finding_cmp);
	return rc;
}
