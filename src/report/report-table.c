/*
 * report-table.c - the report for people: what was scanned, the severity
 * summary, one row per finding, and a legend of the layers the rows name.
 */
#include <limits.h>

#include "common.h"
#include "policy/exceptions.h"
#include "report.h"

enum { COL_PKG, COL_VER, COL_ID, COL_SEV, COL_FIX, COL_LAYER, NCOLS };

static const char *const headers[NCOLS] = {
	"PACKAGE", "INSTALLED", "VULNERABILITY", "SEVERITY", "FIXED IN", "LAYER",
};

static const char *sev_color(enum cu_severity s)
{
	switch (s) {
	case CU_SEV_CRITICAL: return "\033[1;31m";
	case CU_SEV_HIGH: return "\033[31m";
	case CU_SEV_MEDIUM: return "\033[33m";
	case CU_SEV_LOW: return "\033[36m";
	default: return "\033[2m";
	}
}

/* "HIGH+KEV": known to be exploited */
static const char *kev_label(enum cu_severity s)
{
	static const char *const names[] = {
		"UNKNOWN+KEV", "NEGLIGIBLE+KEV", "LOW+KEV", "MEDIUM+KEV", "HIGH+KEV", "CRITICAL+KEV",
	};

	return (unsigned)s < CU_ARRAY_SIZE(names) ? names[s] : "KEV";
}

static void cells(const struct cu_report *r, const struct cu_finding *f,
		  char layer[32], const char *cell[NCOLS])
{
	const char *d = cu_scan_layer_digest(r->scan, f->pkg->layer);

	if (d)
		snprintf(layer, 32, "%d %.12s%s", f->pkg->layer, cu_digest_hex(d),
			 cu_scan_layer_is_base(r->scan, f->pkg->layer) == 1 ? " base" : "");
	else
		snprintf(layer, 32, "-");
	cell[COL_PKG] = f->pkg->name;
	cell[COL_VER] = f->pkg->version;
	cell[COL_ID] = f->id;
	cell[COL_SEV] = f->kev ? kev_label(f->severity) : cu_severity_name(f->severity);
	cell[COL_FIX] = f->fixed_version ? f->fixed_version :
			strcmp(f->status, "affected") == 0 ? "not fixed" : f->status;
	cell[COL_LAYER] = layer;
}

/* "ML stack: cuda 12.1.105, cudnn 8.9.2.26, torch 2.1.0+cu121" and notes */
static void ml_line(const struct cu_catalog *cat, FILE *out)
{
	if (!cat->nml)
		return;
	fputs("ML stack:", out);
	for (size_t i = 0; i < cat->nml; i++)
		fprintf(out, "%s %s %s", i ? "," : "", cat->ml[i].name, cat->ml[i].version);
	fputc('\n', out);
	for (size_t i = 0; cat->ml_notes && cat->ml_notes[i]; i++)
		fprintf(out, "Note: %s\n", cat->ml_notes[i]);
}

/* --baseline: known findings are listed only with --all (docs/diff-trend.md) */
static bool hide_known(const struct cu_report *r)
{
	return r->policy && r->policy->baseline && !r->policy->show_known;
}

static bool listed(const struct cu_report *r, const struct cu_finding *f)
{
	return !f->hidden && !(f->known && hide_known(r));
}

static void baseline_footer(const struct cu_report *r, FILE *out)
{
	if (hide_known(r) && r->gate->known)
		fprintf(out, "\n%zu finding%s also in the baseline (use --all to show them)\n",
			r->gate->known, r->gate->known == 1 ? "" : "s");
}

static void header_block(const struct cu_report *r, FILE *out)
{
	const struct cu_image *img = r->scan->img;
	const struct cu_osinfo *os = &r->scan->cat.os;
	char summary[160];

	fprintf(out, "Image: %s (%s)\n", img->ref, cu_image_source_name(img));
	if (img->manifest_digest[0])
		fprintf(out, "Manifest: %s\n", img->manifest_digest);
	fprintf(out, "Config: %s  Platform: %s/%s%s%s\n", img->config_digest,
		img->os ? img->os : "?", img->architecture ? img->architecture : "?",
		img->variant ? "/" : "", img->variant ? img->variant : "");
	fprintf(out, "OS: %s%s\n",
		os->pretty_name ? os->pretty_name : os->id ? os->id : "unknown",
		os->distroless ? " (distroless)" : "");
	fprintf(out, "Packages: %zu  Layers: %zu\n", r->scan->cat.npkgs, img->nlayers);
	ml_line(&r->scan->cat, out);
	cu_report_summary(r->gate, summary, sizeof(summary));
	fprintf(out, "Severity summary: %s\n", summary);
	if (r->policy && r->policy->baseline)
		fprintf(out, "Baseline: %zu new, %zu known; the gate counts only new findings\n",
			r->gate->shown - r->gate->known, r->gate->known);
}

static void layer_legend(const struct cu_report *r, const bool *used, FILE *out)
{
	const struct cu_image *img = r->scan->img;
	int avail = r->width > 40 ? r->width - 30 : 200;

	fprintf(out, "\nLayers:\n");
	for (size_t i = 0; i < img->nlayers; i++) {
		char instr[512];

		if (!used[i])
			continue;
		cu_report_instruction(img->layers[i].created_by, instr, sizeof(instr));
		fprintf(out, "  %zu %.19s%s  %.*s\n", i, cu_scan_layer_digest(r->scan, (int)i),
			cu_scan_layer_is_base(r->scan, (int)i) == 1 ? " (base)" : "",
			avail, instr[0] ? instr : "(no history)");
	}
}

/* What exceptions, VEX and --ignore-base took away, and what expired. */
static void exceptions_footer(const struct cu_report *r, FILE *out)
{
	const struct cu_exceptions *ex = r->exceptions;

	if (r->gate->suppressed)
		fprintf(out, "\n%zu finding%s suppressed by exceptions or VEX (listed in the JSON report)\n",
			r->gate->suppressed, r->gate->suppressed == 1 ? "" : "s");
	if (r->gate->in_base)
		fprintf(out, "%zu finding%s in base image layers not shown (--ignore-base)\n",
			r->gate->in_base, r->gate->in_base == 1 ? "" : "s");
	for (size_t i = 0; ex && i < ex->n; i++)
		if (ex->items[i].expired)
			fprintf(out, "Expired exception: %s (owner %s, expired %s, %s)\n",
				ex->items[i].id, ex->items[i].owner, ex->items[i].expires,
				ex->items[i].source);
}

/*
 * Narrow the widest columns until a row fits in the terminal (r->width, 0:
 * no limit): the layer, the fixed and installed versions, the package
 * name, the id, down to a floor each.
 */
static void fit(const struct cu_report *r, size_t width[NCOLS])
{
	static const struct { int col; size_t floor; } order[] = {
		{ COL_LAYER, 5 }, { COL_FIX, 9 }, { COL_VER, 9 }, { COL_PKG, 10 }, { COL_ID, 14 },
	};
	size_t total = 2 * (NCOLS - 1);

	for (int c = 0; c < NCOLS; c++)
		total += width[c];
	for (size_t i = 0; r->width > 0 && total > (size_t)r->width && i < CU_ARRAY_SIZE(order); i++) {
		size_t *w = &width[order[i].col], excess = total - (size_t)r->width;
		size_t room = *w > order[i].floor ? *w - order[i].floor : 0;
		size_t cut = room < excess ? room : excess;

		*w -= cut;
		total -= cut;
	}
}

static void print_header(const size_t width[NCOLS], FILE *out)
{
	for (int c = 0; c < NCOLS; c++)
		fprintf(out, "%-*.*s%s", c == NCOLS - 1 ? 0 : (int)width[c], (int)width[c], headers[c],
			c == NCOLS - 1 ? "\n" : "  ");
}

/* Rows of the shown findings in layer (or all when layer is INT_MIN). */
static size_t print_rows(const struct cu_report *r, const size_t width[NCOLS], int layer,
			 bool *used, FILE *out)
{
	const struct cu_matches *m = r->matches;
	size_t nl = r->scan->img->nlayers, n = 0;
	const char *cell[NCOLS];
	char lcell[32];

	for (size_t i = 0; i < m->n; i++) {
		const struct cu_finding *f = m->items[i];

		if (!listed(r, f) || (layer != INT_MIN && f->pkg->layer != layer))
			continue;
		cells(r, f, lcell, cell);
		if (f->pkg->layer >= 0 && (size_t)f->pkg->layer < nl)
			used[f->pkg->layer] = true;
		for (int c = 0; c < NCOLS; c++) {
			bool colored = r->color && c == COL_SEV;
			bool cut = strlen(cell[c]) > width[c];

			/* a cell cut to fit the terminal ends in '~' */
			fprintf(out, "%s%-*.*s%s%s%s", colored ? sev_color(f->severity) : "",
				c == NCOLS - 1 && !cut ? 0 : (int)width[c] - cut,
				(int)width[c] - cut, cell[c], cut ? "~" : "",
				colored ? "\033[0m" : "", c == NCOLS - 1 ? "\n" : "  ");
		}
		n++;
	}
	return n;
}

/* --group-by layer: a section per layer that has findings, bottom first */
static void print_by_layer(const struct cu_report *r, const size_t width[NCOLS],
			   bool *used, FILE *out)
{
	const struct cu_image *img = r->scan->img;

	for (int l = -1; l < (int)img->nlayers; l++) {
		bool any = false;
		char instr[512];

		for (size_t i = 0; i < r->matches->n && !any; i++)
			any = listed(r, r->matches->items[i]) && r->matches->items[i]->pkg->layer == l;
		if (!any)
			continue;
		if (l < 0)
			fprintf(out, "\nLayer unknown\n");
		else
			fprintf(out, "\nLayer %d %s%s  %s\n", l, cu_scan_layer_digest(r->scan, l),
				cu_scan_layer_is_base(r->scan, l) == 1 ? " (base image)" : "",
				cu_report_instruction(img->layers[l].created_by, instr, sizeof(instr)));
		print_header(width, out);
		print_rows(r, width, l, used, out);
	}
}

static int write_table(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	const struct cu_matches *m = r->matches;
	size_t width[NCOLS], nl = r->scan->img->nlayers;
	bool *used = cu_calloc(nl + 1, sizeof(*used));
	const char *cell[NCOLS];
	char layer[32];

	if (!used)
		return CU_ENOMEM;
	header_block(r, out);
	for (int c = 0; c < NCOLS; c++)
		width[c] = strlen(headers[c]);
	for (size_t i = 0; i < m->n; i++) {
		if (!listed(r, m->items[i]))
			continue;
		cells(r, m->items[i], layer, cell);
		for (int c = 0; c < NCOLS; c++)
			if (strlen(cell[c]) > width[c])
				width[c] = strlen(cell[c]);
	}
	fit(r, width);
	if (r->gate->shown == (hide_known(r) ? r->gate->known : 0)) {
		fprintf(out, "\nNo %svulnerabilities found.\n", r->gate->shown ? "new " : "");
		exceptions_footer(r, out);
		baseline_footer(r, out);
		free(used);
		return 0;
	}
	if (r->group_by_layer) {
		print_by_layer(r, width, used, out);
	} else {
		fputc('\n', out);
		print_header(width, out);
		print_rows(r, width, INT_MIN, used, out);
		layer_legend(r, used, out);
	}
	exceptions_footer(r, out);
	baseline_footer(r, out);
	free(used);
	return ferror(out) ? cu_seterr(err, CU_EIO, "cannot write the report") : 0;
}

const struct cu_reporter_ops cu_reporter_table = {
	.name = "table",
	.write = write_table,
};
