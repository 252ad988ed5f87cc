/*
 * snapshot.c - struct cu_snapshot itself, a live scan turned into one, and
 * the helpers diff, trend and baselines share (filters, counts, dates).
 * Saved reports are read in report-read.c.
 */
#include <time.h>

#include "common.h"
#include "policy/exceptions.h"
#include "report-read.h"
#include "snapshot-internal.h"

/* The arena cap: what a report within CU_CAP_REPORT_BYTES can need. */
#define SNAPSHOT_ARENA_CAP (2 * CU_CAP_REPORT_BYTES)

void cu_snapshot_init(struct cu_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	cu_arena_init(&s->arena, SNAPSHOT_ARENA_CAP);
}

void cu_snapshot_release(struct cu_snapshot *s)
{
	cu_arena_release(&s->arena);
	cu_snapshot_init(s);
}

/* --- live scans ---------------------------------------------------------- */

/* Optional members: NULL and "" become NULL. */
static const char *dup_or_null(struct cu_snapshot *s, const char *v)
{
	return v && *v ? cu_arena_strdup(&s->arena, v) : NULL;
}

/* Required members: NULL only when out of memory. */
static const char *dup(struct cu_snapshot *s, const char *v)
{
	return cu_arena_strdup(&s->arena, v ? v : "");
}

static int scan_target(struct cu_snapshot *s, const struct cu_scan *scan)
{
	const struct cu_image *img = scan->img;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	s->ref = dup(s, img->ref);
	s->manifest_digest = dup_or_null(s, img->manifest_digest);
	s->config_digest = dup_or_null(s, img->config_digest);
	s->image_created = dup_or_null(s, img->created);
	s->created = dup_or_null(s, now);
	s->nlayers = img->nlayers;
	s->layers = cu_arena_calloc(&s->arena, img->nlayers + 1, sizeof(*s->layers));
	if (!s->layers || !s->created || !s->ref)
		return CU_ENOMEM;
	for (size_t i = 0; i < img->nlayers; i++) {
		s->layers[i].digest = dup_or_null(s, cu_scan_layer_digest(scan, (int)i));
		s->layers[i].size = scan->layer_stats[i].blob_bytes;
		s->image_size += s->layers[i].size;
	}
	return 0;
}

static int scan_pkg(struct cu_snap_reader *r, const struct cu_scan *scan, const struct cu_pkg *p,
		    const struct cu_snap_pkg **out)
{
	struct cu_snapshot *s = r->s;
	struct cu_snap_pkg q = {
		.type = dup(s, p->type), .name = dup(s, p->name),
		.version = dup(s, p->version), .arch = dup_or_null(s, p->arch),
		.purl = dup_or_null(s, p->purl), .layer = p->layer,
		.source_name = dup_or_null(s, p->source_name),
		.base = cu_scan_layer_is_base(scan, p->layer),
	};

	if (!q.type || !q.name || !q.version)
		return cu_seterr(r->err, CU_ENOMEM, "out of memory");
	return cu_snapshot_intern_pkg(r, &q, out);
}

static int scan_finding(struct cu_snap_reader *r, const struct cu_scan *scan,
			const struct cu_finding *f, struct cu_snap_finding *g)
{
	struct cu_snapshot *s = r->s;

	g->id = dup(s, f->id);
	g->aliases = cu_arena_calloc(&s->arena, f->naliases + 1, sizeof(*g->aliases));
	if (!g->id || !g->aliases)
		return cu_seterr(r->err, CU_ENOMEM, "out of memory");
	for (size_t i = 0; i < f->naliases; i++)
		if (!(g->aliases[g->naliases++] = dup(s, f->aliases[i])))
			return cu_seterr(r->err, CU_ENOMEM, "out of memory");
	g->severity = f->severity;
	g->status = dup_or_null(s, f->status);
	g->fixed_version = dup_or_null(s, f->fixed_version);
	g->kev = f->kev;
	g->epss = f->epss;
	g->location = dup_or_null(s, f->pkg->location);
	return scan_pkg(r, scan, f->pkg, &g->pkg);
}

int cu_snapshot_from_scan(const struct cu_scan *scan, const struct cu_matches *m,
			  const char *db_updated_at, struct cu_snapshot *out,
			  struct cu_err *err)
{
	struct cu_snap_reader r;
	const struct cu_snap_pkg *p;
	int rc;

	cu_snapshot_release(out);
	memset(&r, 0, sizeof(r));
	rc = cu_snapshot_reader_init(&r, out, scan->cat.npkgs + m->n, "scan", err);
	if (!rc && scan_target(out, scan))
		rc = cu_seterr(err, CU_ENOMEM, "out of memory");
	out->db_updated_at = dup_or_null(out, db_updated_at);
	out->all_pkgs = true;
	for (size_t i = 0; i < scan->cat.npkgs && !rc; i++)
		rc = scan_pkg(&r, scan, scan->cat.pkgs[i], &p);
	out->findings = rc ? NULL : cu_arena_calloc(&out->arena, m->n + 1, sizeof(*out->findings));
	if (!rc && !out->findings)
		rc = cu_seterr(err, CU_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->n && !rc; i++)
		if (!m->items[i]->hidden)
			rc = scan_finding(&r, scan, m->items[i], &out->findings[out->nfindings++]);
	cu_snapshot_reader_release(&r);
	if (rc)
		cu_snapshot_release(out);
	return rc;
}

/* --- helpers ------------------------------------------------------------- */

void cu_snapshot_filter(struct cu_snapshot *s, unsigned severities, bool ignore_unfixed)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nfindings; i++) {
		const struct cu_snap_finding *f = &s->findings[i];

		if (severities && !(severities & (1u << f->severity)))
			continue;
		if (ignore_unfixed && !f->fixed_version)
			continue;
		s->findings[n++] = *f;
	}
	s->nfindings = n;
}

void cu_snapshot_except(struct cu_snapshot *s, struct cu_exceptions *ex)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nfindings; i++) {
		const struct cu_snap_finding *f = &s->findings[i];
		struct cu_exc_subject subject = {
			.id = f->id, .aliases = f->aliases, .naliases = f->naliases,
			.name = f->pkg->name, .source_name = f->pkg->source_name,
			.purl = f->pkg->purl, .location = f->location,
		};
		struct cu_exc_verdict v;

		cu_exceptions_judge(ex, &subject, s->ref, &v);
		if (!v.suppressed_by)
			s->findings[n++] = *f;
	}
	s->nfindings = n;
}

void cu_snapshot_counts(const struct cu_snapshot *s, size_t counts[CU_SEV_CRITICAL + 1])
{
	memset(counts, 0, (CU_SEV_CRITICAL + 1) * sizeof(*counts));
	for (size_t i = 0; i < s->nfindings; i++)
		if ((unsigned)s->findings[i].severity <= CU_SEV_CRITICAL)
			counts[s->findings[i].severity]++;
}

/* n decimal digits from *p into *out; advances *p. */
static bool digits(const char **p, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return false;
		*out = *out * 10 + (**p - '0');
	}
	return true;
}

static bool expect(const char **p, const char *set)
{
	if (!**p || !strchr(set, **p))
		return false;
	(*p)++;
	return true;
}

/* "Z", or "+HH:MM" / "-HH:MM" as seconds east of UTC */
static bool zone(const char *p, long *east)
{
	int hh, mm;
	char sign = *p;

	*east = 0;
	if (*p == 'Z' || *p == 'z')
		return p[1] == '\0';
	if (!expect(&p, "+-") || !digits(&p, 2, &hh) || !expect(&p, ":") ||
	    !digits(&p, 2, &mm) || *p || hh > 23 || mm > 59)
		return false;
	*east = (sign == '-' ? -1 : 1) * (hh * 3600L + mm * 60L);
	return true;
}

int cu_rfc3339_parse(const char *s, int64_t *out)
{
	struct tm tm;
	const char *p = s;
	long east;
	int y, mo, d, h, mi, sec;

	if (!s || !digits(&p, 4, &y) || !expect(&p, "-") || !digits(&p, 2, &mo) ||
	    !expect(&p, "-") || !digits(&p, 2, &d) || !expect(&p, "Tt ") ||
	    !digits(&p, 2, &h) || !expect(&p, ":") || !digits(&p, 2, &mi) ||
	    !expect(&p, ":") || !digits(&p, 2, &sec))
		return CU_EFORMAT;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (!zone(p, &east) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return CU_EFORMAT;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (int64_t)timegm(&tm) - east;
	return 0;
}
