/*
 * diff-write.c - what `customs diff` writes: a table for people, Markdown
 * for pull requests and CI job summaries, and JSON (schema
 * "customs-diff/1"); all three are described in docs/diff-trend.md.
 */
#include <jansson.h>
#include <math.h>

#include "common.h"
#include "compare.h"
#include "report.h"

/* The rows of the severity comparison. LOW takes NEGLIGIBLE along. */
static const struct sev_row {
	const char *name;
	unsigned mask;
} sev_rows[] = {
	{ "CRITICAL", 1u << CU_SEV_CRITICAL },
	{ "HIGH", 1u << CU_SEV_HIGH },
	{ "MEDIUM", 1u << CU_SEV_MEDIUM },
	{ "LOW", 1u << CU_SEV_LOW },
	{ "UNKNOWN", 1u << CU_SEV_UNKNOWN },
	{ "HIGH+CRITICAL", (1u << CU_SEV_HIGH) | (1u << CU_SEV_CRITICAL) },
	{ "TOTAL", 0x3fu },
};

struct totals {
	size_t before[CU_SEV_CRITICAL + 1], after[CU_SEV_CRITICAL + 1];
};

static void totals(const struct cu_compare *c, struct totals *t)
{
	cu_snapshot_counts(c->before, t->before);
	cu_snapshot_counts(c->after, t->after);
}

static const struct cu_snap_finding *either(const struct cu_finding_pair *p)
{
	return p->after ? p->after : p->before;
}

static bool is_unchanged(const struct cu_finding_pair *p)
{
	return p->before && p->after;
}

/* Unchanged findings whose version or severity moved are always listed. */
static bool moved(const struct cu_finding_pair *p)
{
	return is_unchanged(p) && (strcmp(p->before->pkg->version, p->after->pkg->version) ||
				   p->before->severity != p->after->severity);
}

static const char *sev_label(const struct cu_snap_finding *f, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", cu_severity_name(f->severity), f->kev ? "+KEV" : "");
	return buf;
}

static const char *fixed_in(const struct cu_snap_finding *f)
{
	if (f->fixed_version)
		return f->fixed_version;
	if (!f->status || !strcmp(f->status, "affected"))
		return "not fixed";
	return f->status;
}

/* --- rows shared by table and Markdown ----------------------------------- */

enum { F_PKG, F_VER, F_ID, F_SEV, F_FIX, F_NCOLS };

static const char *const finding_headers[F_NCOLS] = {
	"PACKAGE", "VERSION", "VULNERABILITY", "SEVERITY", "FIXED IN",
};

struct frow {
	struct cu_buf ver, sev;
	const char *cell[F_NCOLS];
};

static void frow_fill(struct frow *r, const struct cu_finding_pair *p)
{
	const struct cu_snap_finding *f = either(p);
	char a[48], b[48];

	cu_buf_reset(&r->ver);
	cu_buf_reset(&r->sev);
	cu_buf_addstr(&r->ver, p->before ? p->before->pkg->version : f->pkg->version);
	if (is_unchanged(p) && strcmp(p->before->pkg->version, p->after->pkg->version))
		cu_buf_addf(&r->ver, " → %s", p->after->pkg->version);
	if (is_unchanged(p) && p->before->severity != p->after->severity)
		cu_buf_addf(&r->sev, "%s → ", sev_label(p->before, a, sizeof(a)));
	cu_buf_addstr(&r->sev, sev_label(f, b, sizeof(b)));
	r->cell[F_PKG] = f->pkg->name;
	r->cell[F_VER] = cu_buf_str(&r->ver);
	r->cell[F_ID] = f->id;
	r->cell[F_SEV] = cu_buf_str(&r->sev);
	r->cell[F_FIX] = fixed_in(f);
}

enum group { G_NEW, G_FIXED, G_UNCHANGED };

static bool in_group(const struct cu_finding_pair *p, enum group g, bool all)
{
	switch (g) {
	case G_NEW: return !p->before;
	case G_FIXED: return !p->after;
	default: return is_unchanged(p) && (all || moved(p));
	}
}

static const char *const group_titles[] = { "New findings", "Fixed findings",
					    "Unchanged findings" };

static size_t group_total(const struct cu_compare *c, enum group g)
{
	return g == G_NEW ? c->nnew : g == G_FIXED ? c->nfixed : c->nunchanged;
}

static size_t unlisted(const struct cu_diff_report *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->cmp->npairs && !d->all; i++)
		n += is_unchanged(&d->cmp->pairs[i]) && !moved(&d->cmp->pairs[i]);
	return n;
}

/* --- table --------------------------------------------------------------- */

static void side_line(FILE *out, const char *label, const char *name,
		      const struct cu_snapshot *s)
{
	fprintf(out, "%s %s (%s", label, name, s->from_report ? "report" : "image");
	if (s->from_report)
		fprintf(out, " of %s made %s", s->ref, s->created ? s->created : "?");
	if (s->config_digest)
		fprintf(out, ", config %.19s", s->config_digest);
	if (s->image_created)
		fprintf(out, ", created %s", s->image_created);
	if (s->db_updated_at)
		fprintf(out, ", database %s", s->db_updated_at);
	fputs(")\n", out);
}

static void table_severity(const struct cu_compare *c, FILE *out)
{
	static const char *const headers[] = { "SEVERITY", "BEFORE", "", "AFTER", "CHANGE", "" };
	struct totals t;
	struct cu_cols cols;
	char cells[CU_ARRAY_SIZE(sev_rows)][4][32];
	const char *row[6];

	totals(c, &t);
	cu_cols_init(&cols, headers, 6);
	cols.right[1] = cols.right[3] = cols.right[4] = true;
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			cu_cols_print(&cols, headers, out);
		for (size_t i = 0; i < CU_ARRAY_SIZE(sev_rows); i++) {
			size_t b = cu_count_in(t.before, sev_rows[i].mask);
			size_t a = cu_count_in(t.after, sev_rows[i].mask);
			char pct[32];

			snprintf(cells[i][0], 32, "%zu", b);
			snprintf(cells[i][1], 32, "%zu", a);
			snprintf(cells[i][2], 32, "%+lld", (long long)a - (long long)b);
			snprintf(cells[i][3], 32, "(%s)", cu_percent_str(b, a, pct, sizeof(pct)));
			row[0] = sev_rows[i].name;
			row[1] = cells[i][0];
			row[2] = "→";
			row[3] = cells[i][1];
			row[4] = a == b ? "0" : cells[i][2];
			row[5] = cells[i][3];
			if (pass)
				cu_cols_print(&cols, row, out);
			else
				cu_cols_measure(&cols, row);
		}
	}
}

static void size_change(const struct cu_compare *c, char *buf, size_t len)
{
	uint64_t b = c->before->image_size, a = c->after->image_size;
	char sb[32], sa[32], sd[32], pct[32];

	cu_size_str(a >= b ? a - b : b - a, sd, sizeof(sd));
	snprintf(buf, len, "%s → %s (%s%s, %s)", cu_size_str(b, sb, sizeof(sb)),
		 cu_size_str(a, sa, sizeof(sa)), a >= b ? "+" : "-", sd,
		 cu_percent_str((size_t)b, (size_t)a, pct, sizeof(pct)));
}

static void table_findings(const struct cu_diff_report *d, enum group g, FILE *out)
{
	struct frow r = { CU_BUF_INIT, CU_BUF_INIT, { 0 } };
	struct cu_cols cols;
	size_t shown = 0;

	cu_cols_init(&cols, finding_headers, F_NCOLS);
	for (size_t i = 0; i < d->cmp->npairs; i++) {
		if (!in_group(&d->cmp->pairs[i], g, d->all))
			continue;
		frow_fill(&r, &d->cmp->pairs[i]);
		cu_cols_measure(&cols, r.cell);
		shown++;
	}
	fprintf(out, "\n%s (%zu):%s\n", group_titles[g], group_total(d->cmp, g),
		group_total(d->cmp, g) ? "" : " none");
	if (shown)
		cu_cols_print(&cols, finding_headers, out);
	for (size_t i = 0; i < d->cmp->npairs && shown; i++) {
		if (!in_group(&d->cmp->pairs[i], g, d->all))
			continue;
		frow_fill(&r, &d->cmp->pairs[i]);
		cu_cols_print(&cols, r.cell, out);
	}
	if (g == G_UNCHANGED && unlisted(d))
		fprintf(out, "%zu unchanged finding%s in the same package versions "
			"(use --all to list them)\n", unlisted(d), unlisted(d) == 1 ? "" : "s");
	cu_buf_release(&r.ver);
	cu_buf_release(&r.sev);
}

static void pkg_counts(const struct cu_compare *c, char *buf, size_t len)
{
	snprintf(buf, len, "%zu added, %zu removed, %zu upgraded, %zu downgraded",
		 c->nkind[CU_PKG_ADDED], c->nkind[CU_PKG_REMOVED],
		 c->nkind[CU_PKG_UPGRADED], c->nkind[CU_PKG_DOWNGRADED]);
	if (c->nkind[CU_PKG_CHANGED])
		snprintf(buf + strlen(buf), len - strlen(buf), ", %zu changed",
			 c->nkind[CU_PKG_CHANGED]);
}

static void table_pkgs(const struct cu_diff_report *d, FILE *out)
{
	static const char *const headers[] = { "CHANGE", "PACKAGE", "TYPE", "BEFORE", "AFTER" };
	const struct cu_compare *c = d->cmp;
	struct cu_cols cols;
	char counts[160];

	pkg_counts(c, counts, sizeof(counts));
	fprintf(out, "\nPackages: %s\n", counts);
	if (!c->pkgs_complete)
		fprintf(out, "(added and removed packages are not known: a report was saved "
			"without --list-all-pkgs, so only packages with findings are compared)\n");
	cu_cols_init(&cols, headers, 5);
	for (int pass = 0; pass < 2 && c->npkgs; pass++) {
		if (pass)
			cu_cols_print(&cols, headers, out);
		for (size_t i = 0; i < c->npkgs; i++) {
			const struct cu_pkg_change *ch = &c->pkgs[i];
			const struct cu_snap_pkg *p = ch->after ? ch->after : ch->before;
			const char *row[] = { cu_pkg_change_name(ch->kind), p->name, p->type,
					      ch->before ? ch->before->version : "-",
					      ch->after ? ch->after->version : "-" };

			if (pass)
				cu_cols_print(&cols, row, out);
			else
				cu_cols_measure(&cols, row);
		}
	}
}

static int write_table(const struct cu_diff_report *d, FILE *out, struct cu_err *err)
{
	const struct cu_compare *c = d->cmp;
	char size[160];

	side_line(out, "Before:", d->before_name, c->before);
	side_line(out, "After: ", d->after_name, c->after);
	fputc('\n', out);
	table_severity(c, out);
	size_change(c, size, sizeof(size));
	fprintf(out, "\nImage size: %s; layers: %zu → %zu\n", size, c->before->nlayers,
		c->after->nlayers);
	fprintf(out, "Findings: %zu new, %zu fixed, %zu unchanged\n", c->nnew, c->nfixed,
		c->nunchanged);
	for (int g = G_NEW; g <= G_UNCHANGED; g++)
		table_findings(d, (enum group)g, out);
	table_pkgs(d, out);
	if (d->gate)
		fprintf(out, "\nGate %s: %s\n", d->gate->failed ? "failed" : "passed",
			d->gate->reason);
	return ferror(out) ? cu_seterr(err, CU_EIO, "cannot write the comparison") : 0;
}

/* --- Markdown ------------------------------------------------------------ */

/* Text in a table cell: Markdown's special characters escaped, one line. */
static void md_put(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|~#", *s))
			fputc('\\', out);
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, out);
	}
}

static void md_row(FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs("| ", out);
		md_put(out, cells[i]);
		fputc(' ', out);
	}
	fputs("|\n", out);
}

static void md_severity(const struct cu_compare *c, FILE *out)
{
	struct totals t;

	totals(c, &t);
	fputs("| severity | before | after | change | % |\n|---|--:|--:|--:|--:|\n", out);
	for (size_t i = 0; i < CU_ARRAY_SIZE(sev_rows); i++) {
		size_t b = cu_count_in(t.before, sev_rows[i].mask);
		size_t a = cu_count_in(t.after, sev_rows[i].mask);
		char pct[32], change[32];

		snprintf(change, sizeof(change), a == b ? "0" : "%+lld", (long long)a - (long long)b);
		fprintf(out, "| %s | %zu | %zu | %s | %s |\n", sev_rows[i].name, b, a, change,
			cu_percent_str(b, a, pct, sizeof(pct)));
	}
}

static void md_findings(const struct cu_diff_report *d, enum group g, FILE *out)
{
	struct frow r = { CU_BUF_INIT, CU_BUF_INIT, { 0 } };
	bool any = false;

	fprintf(out, "\n### %s (%zu)\n\n", group_titles[g], group_total(d->cmp, g));
	for (size_t i = 0; i < d->cmp->npairs; i++) {
		if (!in_group(&d->cmp->pairs[i], g, d->all))
			continue;
		if (!any)
			fputs("| package | version | vulnerability | severity | fixed in |\n"
			      "|---|---|---|---|---|\n", out);
		any = true;
		frow_fill(&r, &d->cmp->pairs[i]);
		md_row(out, r.cell, F_NCOLS);
	}
	if (g == G_UNCHANGED && unlisted(d))
		fprintf(out, "%s%zu unchanged in the same package versions (`--all` lists them)\n",
			any ? "\n" : "", unlisted(d));
	else if (!any)
		fputs("None.\n", out);
	cu_buf_release(&r.ver);
	cu_buf_release(&r.sev);
}

static void md_pkgs(const struct cu_compare *c, FILE *out)
{
	char counts[160];

	pkg_counts(c, counts, sizeof(counts));
	fprintf(out, "\n### Packages\n\n%s%s\n", counts, c->pkgs_complete ? "" :
		" (added and removed are not known: a report was saved without --list-all-pkgs)");
	if (c->npkgs)
		fputs("\n| change | package | type | before | after |\n|---|---|---|---|---|\n", out);
	for (size_t i = 0; i < c->npkgs; i++) {
		const struct cu_pkg_change *ch = &c->pkgs[i];
		const struct cu_snap_pkg *p = ch->after ? ch->after : ch->before;
		const char *row[] = { cu_pkg_change_name(ch->kind), p->name, p->type,
				      ch->before ? ch->before->version : "-",
				      ch->after ? ch->after->version : "-" };

		md_row(out, row, 5);
	}
}

static int write_markdown(const struct cu_diff_report *d, FILE *out, struct cu_err *err)
{
	const struct cu_compare *c = d->cmp;
	char size[160];

	fputs("## customs diff: ", out);
	md_put(out, d->before_name);
	fputs(" → ", out);
	md_put(out, d->after_name);
	fputs("\n\n", out);
	if (d->gate) {
		fprintf(out, "**Gate %s:** ", d->gate->failed ? "failed" : "passed");
		md_put(out, d->gate->reason);
		fputs("\n\n", out);
	}
	md_severity(c, out);
	size_change(c, size, sizeof(size));
	fprintf(out, "\nImage size: %s; layers: %zu → %zu\n", size, c->before->nlayers,
		c->after->nlayers);
	for (int g = G_NEW; g <= G_UNCHANGED; g++)
		md_findings(d, (enum group)g, out);
	md_pkgs(c, out);
	return ferror(out) ? cu_seterr(err, CU_EIO, "cannot write the comparison") : 0;
}

/* --- JSON ---------------------------------------------------------------- */

/* A JSON string; bytes that are not UTF-8 (from an image) become '?'. */
json_t *cu_json_text(const char *s)
{
	json_t *j;
	char *copy;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j || !(copy = cu_strdup(s)))
		return j ? j : json_null();
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

static json_t *jsize(uint64_t v)
{
	return json_integer(v > INT64_MAX ? INT64_MAX : (json_int_t)v);
}

static json_t *jpct(size_t before, size_t after)
{
	double pct;

	if (!cu_percent_change(before, after, &pct))
		return json_null();
	return json_real(round(pct * 100) / 100);
}

static json_t *side_json(const char *name, const struct cu_snapshot *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", cu_json_text(name));
	json_object_set_new(o, "kind", json_string(s->from_report ? "report" : "image"));
	json_object_set_new(o, "ref", cu_json_text(s->ref));
	json_object_set_new(o, "manifest_digest", cu_json_text(s->manifest_digest));
	json_object_set_new(o, "config_digest", cu_json_text(s->config_digest));
	json_object_set_new(o, "image_created", cu_json_text(s->image_created));
	json_object_set_new(o, "created", cu_json_text(s->created));
	json_object_set_new(o, "database_updated_at", cu_json_text(s->db_updated_at));
	json_object_set_new(o, "layers", json_integer((json_int_t)s->nlayers));
	json_object_set_new(o, "size", jsize(s->image_size));
	json_object_set_new(o, "packages", json_integer((json_int_t)s->npkgs));
	json_object_set_new(o, "packages_complete", json_boolean(s->all_pkgs));
	return o;
}

static json_t *change_json(uint64_t before, uint64_t after)
{
	json_t *o = json_object();
	json_int_t d = after >= before ? (json_int_t)(after - before > INT64_MAX ? INT64_MAX : after - before)
				       : -(json_int_t)(before - after > INT64_MAX ? INT64_MAX : before - after);

	json_object_set_new(o, "before", jsize(before));
	json_object_set_new(o, "after", jsize(after));
	json_object_set_new(o, "change", json_integer(d));
	json_object_set_new(o, "percent", jpct((size_t)before, (size_t)after));
	return o;
}

static json_t *severity_json(const struct cu_compare *c)
{
	json_t *o = json_object();
	struct totals t;

	totals(c, &t);
	for (size_t i = 0; i < CU_ARRAY_SIZE(sev_rows); i++)
		json_object_set_new(o, i + 1 == CU_ARRAY_SIZE(sev_rows) ? "total" : sev_rows[i].name,
				    change_json(cu_count_in(t.before, sev_rows[i].mask),
						cu_count_in(t.after, sev_rows[i].mask)));
	return o;
}

static json_t *one_side(const struct cu_snap_finding *f)
{
	json_t *o, *aliases;

	if (!f)
		return json_null();
	aliases = json_array();
	for (size_t i = 0; i < f->naliases; i++)
		json_array_append_new(aliases, cu_json_text(f->aliases[i]));
	o = json_object();
	json_object_set_new(o, "id", cu_json_text(f->id));
	json_object_set_new(o, "aliases", aliases);
	json_object_set_new(o, "version", cu_json_text(f->pkg->version));
	json_object_set_new(o, "purl", cu_json_text(f->pkg->purl));
	json_object_set_new(o, "severity", json_string(cu_severity_name(f->severity)));
	json_object_set_new(o, "status", cu_json_text(f->status));
	json_object_set_new(o, "fixed_version", cu_json_text(f->fixed_version));
	json_object_set_new(o, "layer", f->pkg->layer < 0 ? json_null() : json_integer(f->pkg->layer));
	json_object_set_new(o, "base", f->pkg->base < 0 ? json_null() : json_boolean(f->pkg->base));
	json_object_set_new(o, "kev", json_boolean(f->kev));
	json_object_set_new(o, "epss", f->epss < 0 ? json_null() : json_real(f->epss));
	return o;
}

static json_t *pair_json(const struct cu_finding_pair *p)
{
	const struct cu_snap_finding *f = either(p);
	json_t *o = json_object();

	json_object_set_new(o, "id", cu_json_text(f->id));
	json_object_set_new(o, "package", json_pack("{s:o, s:o, s:o}", "type", cu_json_text(f->pkg->type),
						    "name", cu_json_text(f->pkg->name),
						    "arch", cu_json_text(f->pkg->arch)));
	json_object_set_new(o, "severity", json_string(cu_severity_name(f->severity)));
	json_object_set_new(o, "before", one_side(p->before));
	json_object_set_new(o, "after", one_side(p->after));
	return o;
}

static json_t *findings_json(const struct cu_compare *c)
{
	json_t *groups[3] = { json_array(), json_array(), json_array() };

	for (size_t i = 0; i < c->npairs; i++) {
		const struct cu_finding_pair *p = &c->pairs[i];

		json_array_append_new(groups[!p->before ? 0 : !p->after ? 1 : 2], pair_json(p));
	}
	return json_pack("{s:o, s:o, s:o}", "new", groups[0], "fixed", groups[1],
			 "unchanged", groups[2]);
}

static json_t *pkgs_json(const struct cu_compare *c)
{
	json_t *changes = json_array(), *counts = json_object();

	for (int k = 0; k < CU_PKG_NKINDS; k++)
		json_object_set_new(counts, cu_pkg_change_name((enum cu_pkg_change_kind)k),
				    json_integer((json_int_t)c->nkind[k]));
	for (size_t i = 0; i < c->npkgs; i++) {
		const struct cu_pkg_change *ch = &c->pkgs[i];
		const struct cu_snap_pkg *p = ch->after ? ch->after : ch->before;

		json_array_append_new(changes, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}",
			"change", cu_pkg_change_name(ch->kind), "type", cu_json_text(p->type),
			"name", cu_json_text(p->name), "arch", cu_json_text(p->arch),
			"before", cu_json_text(ch->before ? ch->before->version : NULL),
			"after", cu_json_text(ch->after ? ch->after->version : NULL)));
	}
	return json_pack("{s:b, s:o, s:o}", "complete", c->pkgs_complete, "counts", counts,
			 "changes", changes);
}

static json_t *gate_json(const struct cu_reduction *g)
{
	if (!g)
		return json_null();
	return json_pack("{s:f, s:s, s:I, s:I, s:o, s:b, s:s}",
			 "required_reduction", g->required, "scope", g->scope_name,
			 "before", (json_int_t)g->before, "after", (json_int_t)g->after,
			 "percent", jpct(g->before, g->after), "failed", g->failed,
			 "reason", g->reason);
}

static int write_json(const struct cu_diff_report *d, FILE *out, struct cu_err *err)
{
	const struct cu_compare *c = d->cmp;
	json_t *root = json_pack("{s:s, s:{s:s, s:s}, s:o, s:o, s:o, s:{s:o, s:o}, s:o, s:o, s:o}",
		"schema", CU_DIFF_SCHEMA, "tool", "name", "customs", "version", CU_VERSION,
		"before", side_json(d->before_name, c->before),
		"after", side_json(d->after_name, c->after),
		"severity", severity_json(c),
		"image", "size", change_json(c->before->image_size, c->after->image_size),
		"layers", change_json(c->before->nlayers, c->after->nlayers),
		"findings", findings_json(c), "packages", pkgs_json(c), "gate", gate_json(d->gate));
	int rc = 0;

	if (!root)
		return cu_seterr(err, CU_ENOMEM, "cannot build the JSON comparison");
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF)
		rc = cu_seterr(err, CU_EIO, "cannot write the comparison");
	json_decref(root);
	return rc;
}

static const struct cu_diff_writer_ops diff_writers[] = {
	{ "table", write_table },
	{ "json", write_json },
	{ "markdown", write_markdown },
};

const struct cu_diff_writer_ops *cu_diff_writer_find(const char *name)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(diff_writers); i++)
		if (!strcmp(diff_writers[i].name, name))
			return &diff_writers[i];
	return NULL;
}
