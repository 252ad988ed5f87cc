/*
 * trend.c - counts, percentages and the reduction gate of `customs diff`,
 * and the release history of `customs trend` (docs/diff-trend.md).
 */
#include <math.h>

#include "common.h"
#include "compare.h"

size_t cu_count_in(const size_t counts[CU_SEV_CRITICAL + 1], unsigned mask)
{
	size_t n = 0;

	if (mask & (1u << CU_SEV_LOW))
		mask |= 1u << CU_SEV_NEGLIGIBLE;
	for (int s = 0; s <= CU_SEV_CRITICAL; s++)
		if (mask & (1u << s))
			n += counts[s];
	return n;
}

bool cu_percent_change(size_t before, size_t after, double *pct)
{
	if (!before)
		return false;
	*pct = ((double)after - (double)before) * 100.0 / (double)before;
	return true;
}

const char *cu_percent_str(size_t before, size_t after, char *buf, size_t len)
{
	double pct;

	if (!cu_percent_change(before, after, &pct))
		snprintf(buf, len, "%s", after ? "new" : "0.0%");
	else if (fabs(pct) < 0.05)
		snprintf(buf, len, "0.0%%");
	else
		snprintf(buf, len, "%+.1f%%", pct);
	return buf;
}

const char *cu_scope_name(unsigned mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int s = 0; s <= CU_SEV_CRITICAL; s++) {
		if (!(mask & (1u << s)))
			continue;
		if (s == CU_SEV_NEGLIGIBLE && (mask & (1u << CU_SEV_LOW)))
			continue;	/* counted as LOW */
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "+" : "",
				      cu_severity_name((enum cu_severity)s));
		if (n >= len)
			break;
	}
	return buf;
}

void cu_reduction_check(struct cu_reduction *g, const struct cu_compare *c)
{
	size_t before[CU_SEV_CRITICAL + 1], after[CU_SEV_CRITICAL + 1];
	char pct[32];
	double change = 0;

	cu_snapshot_counts(c->before, before);
	cu_snapshot_counts(c->after, after);
	g->before = cu_count_in(before, g->scope);
	g->after = cu_count_in(after, g->scope);
	cu_scope_name(g->scope, g->scope_name, sizeof(g->scope_name));
	if (cu_percent_change(g->before, g->after, &change))
		g->failed = -change + 1e-9 < g->required;
	else
		g->failed = g->after > 0;
	snprintf(g->reason, sizeof(g->reason), "%s went from %zu to %zu%s%s%s, %g%% required",
		 g->scope_name, g->before, g->after, g->before ? " (" : "",
		 g->before ? cu_percent_str(g->before, g->after, pct, sizeof(pct)) : "",
		 g->before ? ")" : "", g->required);
}

/* --- releases ------------------------------------------------------------ */

/* The image's own date when it has one, else when the report was made. */
static void date_point(struct cu_trend_point *p)
{
	const struct cu_snapshot *s = p->snap;

	if (s->image_created && !cu_rfc3339_parse(s->image_created, &p->when)) {
		p->date = s->image_created;
		p->date_basis = "image";
	} else if (s->created && !cu_rfc3339_parse(s->created, &p->when)) {
		p->date = s->created;
		p->date_basis = s->from_report ? "report" : "scan";
	}
}

/*
 * prev[k] = the index in the release before of the finding paired with
 * finding k of this release, or -1 when it is new.
 */
static int link_release(struct cu_trend_point *p, const struct cu_snapshot *before,
			long *prev, struct cu_err *err)
{
	struct cu_compare c;
	int rc = cu_compare_snapshots(before, p->snap, &c, err);

	if (rc)
		return rc;
	for (size_t k = 0; k < p->snap->nfindings; k++)
		prev[k] = -1;
	for (size_t i = 0; i < c.npairs; i++)
		if (c.pairs[i].before && c.pairs[i].after)
			prev[c.pairs[i].after - p->snap->findings] =
				(long)(c.pairs[i].before - before->findings);
	p->nnew = c.nnew;
	p->nfixed = c.nfixed;
	cu_compare_release(&c);
	return 0;
}

/* oldest run first, then highest severity, package, id */
static int open_sort(const void *x, const void *y)
{
	const struct cu_trend_open *a = x, *b = y;
	int c;

	if (a->since != b->since)
		return a->since < b->since ? -1 : 1;
	if (a->f->severity != b->f->severity)
		return a->f->severity > b->f->severity ? -1 : 1;
	if ((c = strcmp(a->f->pkg->name, b->f->pkg->name)))
		return c;
	if ((c = strcmp(a->f->id, b->f->id)))
		return c;
	return strcmp(a->f->pkg->version, b->f->pkg->version);
}

/* Walk each finding of the last release back while it was there before. */
static int open_findings(struct cu_trend *t, long *const *prev)
{
	const struct cu_snapshot *last = t->points[t->n - 1].snap;

	t->open = cu_calloc(last->nfindings + 1, sizeof(*t->open));
	if (!t->open)
		return CU_ENOMEM;
	for (size_t k = 0; k < last->nfindings; k++) {
		struct cu_trend_open *o = &t->open[t->nopen++];
		size_t r = t->n - 1;
		long idx = (long)k;

		while (r > 0 && prev[r][idx] >= 0)
			idx = prev[r--][idx];
		o->f = &last->findings[k];
		o->since = r;
		o->has_age = t->points[r].date && t->points[t->n - 1].date;
		if (o->has_age)
			o->seconds = t->points[t->n - 1].when - t->points[r].when;
	}
	qsort(t->open, t->nopen, sizeof(*t->open), open_sort);
	return 0;
}

int cu_trend_build(const struct cu_snapshot *const *snaps, const char *const *names,
		   size_t n, struct cu_trend *out, struct cu_err *err)
{
	long **prev = cu_calloc(n + 1, sizeof(*prev));
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->points = cu_calloc(n + 1, sizeof(*out->points));
	if (!prev || !out->points || !n) {
		rc = cu_seterr(err, n ? CU_ENOMEM : CU_EUSAGE, n ? "out of memory" : "no releases");
		goto out;
	}
	out->n = n;
	for (size_t i = 0; i < n && !rc; i++) {
		struct cu_trend_point *p = &out->points[i];

		p->snap = snaps[i];
		p->name = names[i];
		cu_snapshot_counts(p->snap, p->counts);
		date_point(p);
		prev[i] = cu_calloc(p->snap->nfindings + 1, sizeof(**prev));
		if (!prev[i])
			rc = cu_seterr(err, CU_ENOMEM, "out of memory");
		else if (i > 0)
			rc = link_release(p, snaps[i - 1], prev[i], err);
	}
	if (!rc && open_findings(out, prev))
		rc = cu_seterr(err, CU_ENOMEM, "out of memory");
out:
	for (size_t i = 0; prev && i < n; i++)
		free(prev[i]);
	free(prev);
	if (rc)
		cu_trend_release(out);
	return rc;
}

void cu_trend_release(struct cu_trend *t)
{
	free(t->points);
	free(t->open);
	memset(t, 0, sizeof(*t));
}

/* --- text helpers shared by the writers ----------------------------------- */

size_t cu_text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

const char *cu_size_str(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
		return buf;
	}
	for (v /= 1024; v >= 1024 && u + 1 < CU_ARRAY_SIZE(units); u++)
		v /= 1024;
	snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

const char *cu_duration_str(int64_t seconds, char *buf, size_t len)
{
	int64_t a = seconds < 0 ? -seconds : seconds;
	const char *sign = seconds < 0 ? "-" : "";

	if (a >= 2 * 86400 && a % 86400 == 0)
		snprintf(buf, len, "%s%lld days", sign, (long long)(a / 86400));
	else if (a >= 2 * 86400)
		snprintf(buf, len, "%s%.1f days", sign, (double)a / 86400);
	else if (a >= 2 * 3600)
		snprintf(buf, len, "%s%lld hours", sign, (long long)(a / 3600));
	else
		snprintf(buf, len, "%s%lld minutes", sign, (long long)(a / 60));
	return buf;
}

void cu_cols_init(struct cu_cols *c, const char *const *headers, size_t n)
{
	memset(c, 0, sizeof(*c));
	c->n = n < CU_COLS_MAX ? n : CU_COLS_MAX;
	cu_cols_measure(c, headers);
}

void cu_cols_measure(struct cu_cols *c, const char *const *cells)
{
	for (size_t i = 0; i < c->n; i++) {
		size_t w = cu_text_width(cells[i] ? cells[i] : "");

		if (w > c->width[i])
			c->width[i] = w;
	}
}

void cu_cols_print(const struct cu_cols *c, const char *const *cells, FILE *out)
{
	size_t last = 0;

	for (size_t i = 0; i < c->n; i++)
		if ((cells[i] && *cells[i]) || c->right[i])
			last = i;
	for (size_t i = 0; i <= last; i++) {
		const char *s = cells[i] ? cells[i] : "";
		size_t pad = c->width[i] - cu_text_width(s);

		if (i)
			fputs("  ", out);
		if (c->right[i])
			fprintf(out, "%*s", (int)pad, "");
		fputs(s, out);
		if (!c->right[i] && i < last)
			fprintf(out, "%*s", (int)pad, "");
	}
	fputc('\n', out);
}
