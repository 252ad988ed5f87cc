/*
 * trend-write.c - what `customs trend` writes: a table for people and JSON
 * (schema "customs-trend/1", docs/diff-trend.md). The chart is in
 * chart-svg.c.
 */
#include <jansson.h>

#include "common.h"
#include "compare.h"
#include "report.h"

/* The severity columns, highest first; LOW takes NEGLIGIBLE along. */
static const struct {
	const char *name;
	unsigned mask;
} sev_cols[] = {
	{ "CRITICAL", 1u << CU_SEV_CRITICAL },
	{ "HIGH", 1u << CU_SEV_HIGH },
	{ "MEDIUM", 1u << CU_SEV_MEDIUM },
	{ "LOW", 1u << CU_SEV_LOW },
	{ "UNKNOWN", 1u << CU_SEV_UNKNOWN },
};

#define NSEV CU_ARRAY_SIZE(sev_cols)

static size_t total(const struct cu_trend_point *p)
{
	return cu_count_in(p->counts, 0x3fu);
}

/* --- table --------------------------------------------------------------- */

enum { R_NAME, R_DATE, R_SEV, R_TOTAL = R_SEV + NSEV, R_NEW, R_FIXED, R_NCOLS };

struct rrow {
	char date[96], num[R_NCOLS][24];
	const char *cell[R_NCOLS];
};

static void rrow_fill(struct rrow *r, const struct cu_trend *t, size_t i)
{
	const struct cu_trend_point *p = &t->points[i];

	snprintf(r->date, sizeof(r->date), "%.60s (%s)", p->date ? p->date : "?",
		 p->date_basis ? p->date_basis : "no date");
	r->cell[R_NAME] = p->name;
	r->cell[R_DATE] = r->date;
	for (size_t s = 0; s < NSEV; s++) {
		snprintf(r->num[R_SEV + s], 24, "%zu", cu_count_in(p->counts, sev_cols[s].mask));
		r->cell[R_SEV + s] = r->num[R_SEV + s];
	}
	snprintf(r->num[R_TOTAL], 24, "%zu", total(p));
	snprintf(r->num[R_NEW], 24, "%zu", p->nnew);
	snprintf(r->num[R_FIXED], 24, "%zu", p->nfixed);
	r->cell[R_TOTAL] = r->num[R_TOTAL];
	r->cell[R_NEW] = i ? r->num[R_NEW] : "-";
	r->cell[R_FIXED] = i ? r->num[R_FIXED] : "-";
}

static void table_releases(const struct cu_trend *t, FILE *out)
{
	const char *headers[R_NCOLS] = { "RELEASE", "DATE" };
	struct cu_cols cols;
	struct rrow r;

	for (size_t s = 0; s < NSEV; s++)
		headers[R_SEV + s] = sev_cols[s].name;
	headers[R_TOTAL] = "TOTAL";
	headers[R_NEW] = "NEW";
	headers[R_FIXED] = "FIXED";
	cu_cols_init(&cols, headers, R_NCOLS);
	for (size_t c = R_SEV; c < R_NCOLS; c++)
		cols.right[c] = true;
	for (size_t i = 0; i < t->n; i++) {
		rrow_fill(&r, t, i);
		cu_cols_measure(&cols, r.cell);
	}
	cu_cols_print(&cols, headers, out);
	for (size_t i = 0; i < t->n; i++) {
		rrow_fill(&r, t, i);
		cu_cols_print(&cols, r.cell, out);
	}
}

enum { O_ID, O_PKG, O_VER, O_SEV, O_SINCE, O_FOR, O_NCOLS };

static void orow_fill(const struct cu_trend *t, const struct cu_trend_open *o,
		      char *dur, size_t len, const char *cell[O_NCOLS])
{
	if (o->has_age)
		cu_duration_str(o->seconds, dur, len);
	else
		snprintf(dur, len, "? (no date)");
	cell[O_ID] = o->f->id;
	cell[O_PKG] = o->f->pkg->name;
	cell[O_VER] = o->f->pkg->version;
	cell[O_SEV] = cu_severity_name(o->f->severity);
	cell[O_SINCE] = t->points[o->since].name;
	cell[O_FOR] = dur;
}

static void table_open(const struct cu_trend *t, FILE *out)
{
	static const char *const headers[O_NCOLS] = {
		"VULNERABILITY", "PACKAGE", "VERSION", "SEVERITY", "OPEN SINCE", "FOR",
	};
	const char *cell[O_NCOLS];
	struct cu_cols cols;
	char dur[48];

	fprintf(out, "\nOpen in %s: %zu finding%s%s\n", t->points[t->n - 1].name, t->nopen,
		t->nopen == 1 ? "" : "s", t->nopen ? ", longest open first" : "");
	if (!t->nopen)
		return;
	cu_cols_init(&cols, headers, O_NCOLS);
	for (size_t i = 0; i < t->nopen; i++) {
		orow_fill(t, &t->open[i], dur, sizeof(dur), cell);
		cu_cols_measure(&cols, cell);
	}
	cu_cols_print(&cols, headers, out);
	for (size_t i = 0; i < t->nopen; i++) {
		orow_fill(t, &t->open[i], dur, sizeof(dur), cell);
		cu_cols_print(&cols, cell, out);
	}
}

static int write_table(const struct cu_trend *t, FILE *out, struct cu_err *err)
{
	table_releases(t, out);
	table_open(t, out);
	fputs("\nDates: the image config's 'created' time (image), else when the report was "
	      "made (report) or the scan ran (scan).\n", out);
	return ferror(out) ? cu_seterr(err, CU_EIO, "cannot write the trend") : 0;
}

/* --- JSON ---------------------------------------------------------------- */

static json_t *counts_json(const struct cu_trend_point *p)
{
	json_t *o = json_object();

	for (size_t s = 0; s < NSEV; s++)
		json_object_set_new(o, sev_cols[s].name,
				    json_integer((json_int_t)cu_count_in(p->counts, sev_cols[s].mask)));
	json_object_set_new(o, "total", json_integer((json_int_t)total(p)));
	return o;
}

static json_t *point_json(const struct cu_trend *t, size_t i)
{
	const struct cu_trend_point *p = &t->points[i];
	const struct cu_snapshot *s = p->snap;
	json_t *o = json_object();

	json_object_set_new(o, "name", cu_json_text(p->name));
	json_object_set_new(o, "kind", json_string(s->from_report ? "report" : "image"));
	json_object_set_new(o, "ref", cu_json_text(s->ref));
	json_object_set_new(o, "config_digest", cu_json_text(s->config_digest));
	json_object_set_new(o, "date", cu_json_text(p->date));
	json_object_set_new(o, "date_basis", cu_json_text(p->date_basis));
	json_object_set_new(o, "counts", counts_json(p));
	json_object_set_new(o, "new", i ? json_integer((json_int_t)p->nnew) : json_null());
	json_object_set_new(o, "fixed", i ? json_integer((json_int_t)p->nfixed) : json_null());
	json_object_set_new(o, "layers", json_integer((json_int_t)s->nlayers));
	json_object_set_new(o, "size", json_integer(s->image_size > INT64_MAX ? INT64_MAX :
						    (json_int_t)s->image_size));
	return o;
}

static json_t *open_json(const struct cu_trend *t, const struct cu_trend_open *o)
{
	const struct cu_trend_point *since = &t->points[o->since];
	json_t *j = json_object();

	json_object_set_new(j, "id", cu_json_text(o->f->id));
	json_object_set_new(j, "package", json_pack("{s:o, s:o, s:o, s:o}",
		"type", cu_json_text(o->f->pkg->type), "name", cu_json_text(o->f->pkg->name),
		"version", cu_json_text(o->f->pkg->version), "arch", cu_json_text(o->f->pkg->arch)));
	json_object_set_new(j, "severity", json_string(cu_severity_name(o->f->severity)));
	json_object_set_new(j, "fixed_version", cu_json_text(o->f->fixed_version));
	json_object_set_new(j, "open_since", cu_json_text(since->name));
	json_object_set_new(j, "open_since_index", json_integer((json_int_t)o->since));
	json_object_set_new(j, "since_date", cu_json_text(since->date));
	json_object_set_new(j, "since_date_basis", cu_json_text(since->date_basis));
	json_object_set_new(j, "open_seconds", o->has_age ? json_integer(o->seconds) : json_null());
	json_object_set_new(j, "open_days", o->has_age ?
			    json_real((double)(o->seconds / 864) / 100) : json_null());
	return j;
}

static int write_json(const struct cu_trend *t, FILE *out, struct cu_err *err)
{
	json_t *releases = json_array(), *open = json_array(), *root;
	int rc = 0;

	for (size_t i = 0; i < t->n; i++)
		json_array_append_new(releases, point_json(t, i));
	for (size_t i = 0; i < t->nopen; i++)
		json_array_append_new(open, open_json(t, &t->open[i]));
	root = json_pack("{s:s, s:{s:s, s:s}, s:o, s:o}", "schema", CU_TREND_SCHEMA,
			 "tool", "name", "customs", "version", CU_VERSION,
			 "releases", releases, "open", open);
	if (!root)
		return cu_seterr(err, CU_ENOMEM, "cannot build the JSON trend");
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF)
		rc = cu_seterr(err, CU_EIO, "cannot write the trend");
	json_decref(root);
	return rc;
}

static const struct cu_trend_writer_ops trend_writers[] = {
	{ "table", write_table },
	{ "json", write_json },
};

const struct cu_trend_writer_ops *cu_trend_writer_find(const char *name)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(trend_writers); i++)
		if (!strcmp(trend_writers[i].name, name))
			return &trend_writers[i];
	return NULL;
}
