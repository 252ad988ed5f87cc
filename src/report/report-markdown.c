/*
 * report-markdown.c - a report to post as a pull-request comment (GitHub
 * Flavored Markdown): a title with the image and the gate's verdict, the
 * severity summary, a table of findings with the low and unknown ones
 * folded into <details>, the ML stack and the database date.
 *
 * Everything that comes from the image or a feed is escaped so it cannot
 * break a table, start a link or mention someone. GitHub refuses comments
 * longer than 65536 characters: rows stop at a budget and a line says how
 * many were left out.
 */
#include <stdarg.h>

#include "common.h"
#include "report.h"
#include "report-fmt.h"

#define ROWS_BUDGET 60000	/* bytes of report before rows are left out */

/* Output with a sticky error: after a failure every call does nothing. */
struct md {
	struct cu_buf b;
	int rc;
	size_t left_out;	/* rows over the budget */
};

static void put(struct md *m, const char *s)
{
	if (!m->rc)
		m->rc = cu_buf_addstr(&m->b, s);
}

__attribute__((format(printf, 2, 3)))
static void putf(struct md *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!m->rc)
		m->rc = cu_buf_vaddf(&m->b, fmt, ap);
	va_end(ap);
}

static void text(struct md *m, const char *s)
{
	if (!m->rc)
		m->rc = cu_md_escape(&m->b, s);
}

static void code(struct md *m, const char *s)
{
	if (!m->rc)
		m->rc = cu_md_code(&m->b, s);
}

/* Valid UTF-8 without control characters; line breaks become spaces. */
static int clean(struct cu_buf *out, const char *s)
{
	struct cu_buf tmp = CU_BUF_INIT;
	int rc = cu_report_utf8(&tmp, s);

	for (size_t i = 0; i < tmp.len && !rc; i++) {
		unsigned char c = (unsigned char)tmp.buf[i];

		if (c == '\n' || c == '\r' || c == '\t')
			rc = cu_buf_addch(out, ' ');
		else if (c >= 0x20 && c != 0x7F)
			rc = cu_buf_addch(out, (char)c);
	}
	cu_buf_release(&tmp);
	return rc;
}

int cu_md_escape(struct cu_buf *b, const char *s)
{
	struct cu_buf c = CU_BUF_INIT;
	int rc = clean(&c, s);

	for (size_t i = 0; i < c.len && !rc; i++) {
		if (strchr("\\`*_[]<>|~&@#!", c.buf[i]))
			rc = cu_buf_addch(b, '\\');
		if (!rc)
			rc = cu_buf_addch(b, c.buf[i]);
	}
	cu_buf_release(&c);
	return rc;
}

int cu_md_code(struct cu_buf *b, const char *s)
{
	struct cu_buf c = CU_BUF_INIT;
	size_t run = 0, longest = 0;
	bool pad;
	int rc = clean(&c, s);

	for (size_t i = 0; i < c.len; i++) {
		run = c.buf[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pad = c.len && (c.buf[0] == '`' || c.buf[c.len - 1] == '`');
	for (size_t i = 0; i <= longest && !rc; i++)
		rc = cu_buf_addch(b, '`');
	if (!rc && pad)
		rc = cu_buf_addch(b, ' ');
	for (size_t i = 0; i < c.len && !rc; i++) {
		if (c.buf[i] == '|')
			rc = cu_buf_addch(b, '\\');
		if (!rc)
			rc = cu_buf_addch(b, c.buf[i]);
	}
	if (!rc && pad)
		rc = cu_buf_addch(b, ' ');
	for (size_t i = 0; i <= longest && !rc; i++)
		rc = cu_buf_addch(b, '`');
	cu_buf_release(&c);
	return rc;
}

static void title(struct md *m, const struct cu_report *r)
{
	const struct cu_gate *g = r->gate;

	put(m, "## customs: ");
	text(m, r->scan->img->ref);
	put(m, !g->enabled ? " (no gate)\n\n" : g->failed ? " - gate FAILED\n\n" :
	    " - gate passed\n\n");
	if (g->failed) {
		put(m, "**The gate failed:** ");
		text(m, g->reason);
		put(m, "\n\n");
	}
}

static void image_line(struct md *m, const struct cu_report *r)
{
	const struct cu_image *img = r->scan->img;
	const struct cu_osinfo *os = &r->scan->cat.os;
	char id[16];

	snprintf(id, sizeof(id), "%.12s", cu_digest_hex(img->config_digest));
	put(m, "Image ");
	code(m, id);
	put(m, ", ");
	text(m, os->pretty_name ? os->pretty_name : os->id ? os->id : "unknown OS");
	putf(m, "%s, %zu packages in %zu layers\n\n", os->distroless ? " (distroless)" : "",
	     r->scan->cat.npkgs, img->nlayers);
}

static void summary_table(struct md *m, const struct cu_report *r)
{
	const struct cu_gate *g = r->gate;

	put(m, "| Severity | Findings |\n| --- | ---: |\n");
	putf(m, "| CRITICAL | %zu |\n| HIGH | %zu |\n| MEDIUM | %zu |\n| LOW | %zu |\n"
	     "| UNKNOWN | %zu |\n| **Total** | **%zu** |\n\n",
	     g->counts[CU_SEV_CRITICAL], g->counts[CU_SEV_HIGH], g->counts[CU_SEV_MEDIUM],
	     g->counts[CU_SEV_LOW] + g->counts[CU_SEV_NEGLIGIBLE],
	     g->counts[CU_SEV_UNKNOWN], g->shown);
	if (g->kev)
		putf(m, "Known to be exploited (CISA KEV): **%zu**\n\n", g->kev);
	if (g->suppressed)
		putf(m, "Suppressed by exceptions or VEX statements (not counted above): %zu\n\n",
		     g->suppressed);
}

static void ml_stack(struct md *m, const struct cu_catalog *cat)
{
	if (!cat->nml)
		return;
	put(m, "**ML stack:** ");
	for (size_t i = 0; i < cat->nml; i++) {
		put(m, i ? ", " : "");
		text(m, cat->ml[i].name);
		put(m, " ");
		text(m, cat->ml[i].version);
	}
	put(m, "\n\n");
	for (size_t i = 0; cat->ml_notes && cat->ml_notes[i]; i++) {
		put(m, "- Note: ");
		text(m, cat->ml_notes[i]);
		put(m, "\n");
	}
	if (cat->ml_notes && cat->ml_notes[0])
		put(m, "\n");
}

static void layer_cell(struct md *m, const struct cu_report *r, int layer)
{
	const char *d = cu_scan_layer_digest(r->scan, layer);
	char hex[16];

	if (!d || layer < 0) {
		put(m, "-");
		return;
	}
	snprintf(hex, sizeof(hex), "%.12s", cu_digest_hex(d));
	putf(m, "%d ", layer);
	code(m, hex);
}

static void row(struct md *m, const struct cu_report *r, const struct cu_finding *f)
{
	struct cu_buf url = CU_BUF_INIT;

	put(m, "| ");
	code(m, f->pkg->name);
	put(m, " | ");
	code(m, f->pkg->version);
	put(m, " | [");
	text(m, f->id);
	if (!m->rc)
		m->rc = cu_report_advisory_url(&url, f->id);
	putf(m, "](%s) | %s%s | ", cu_buf_str(&url), cu_severity_name(f->severity),
	     f->kev ? " (KEV)" : "");
	if (f->fixed_version)
		code(m, f->fixed_version);
	else
		text(m, cu_report_fix_text(f));
	put(m, " | ");
	layer_cell(m, r, f->pkg->layer);
	put(m, " |\n");
	cu_buf_release(&url);
}

static bool folded(const struct cu_finding *f)
{
	return f->severity <= CU_SEV_LOW;
}

/* The table of shown findings that are (or are not) folded. */
static void table(struct md *m, const struct cu_report *r, bool low)
{
	const struct cu_matches *ms = r->matches;

	put(m, "| Package | Installed | Vulnerability | Severity | Fixed in | Layer |\n"
	    "| --- | --- | --- | --- | --- | --- |\n");
	for (size_t i = 0; i < ms->n; i++) {
		const struct cu_finding *f = ms->items[i];

		if (f->hidden || folded(f) != low)
			continue;
		if (m->b.len > ROWS_BUDGET)
			m->left_out++;
		else
			row(m, r, f);
	}
	put(m, "\n");
}

static void findings(struct md *m, const struct cu_report *r)
{
	const struct cu_gate *g = r->gate;
	size_t low = g->counts[CU_SEV_LOW] + g->counts[CU_SEV_NEGLIGIBLE] +
		     g->counts[CU_SEV_UNKNOWN];

	if (!g->shown) {
		put(m, "No vulnerabilities found.\n\n");
		return;
	}
	put(m, "### Findings\n\n");
	if (g->shown > low)
		table(m, r, false);
	else
		put(m, "No critical, high or medium findings.\n\n");
	if (low) {
		putf(m, "<details>\n<summary>%zu low and unknown severity finding%s</summary>\n\n",
		     low, low == 1 ? "" : "s");
		table(m, r, true);
		put(m, "</details>\n\n");
	}
	if (m->left_out)
		putf(m, "%zu more finding%s left out to keep this comment short: "
		     "see the JSON report (`-f json`).\n\n", m->left_out,
		     m->left_out == 1 ? " is" : "s are");
}

static void footer(struct md *m, const struct cu_report *r)
{
	put(m, "---\n_customs " CU_VERSION ", vulnerability database ");
	if (r->db_updated_at) {
		put(m, "updated ");
		text(m, r->db_updated_at);
	} else {
		put(m, "of unknown date");
	}
	put(m, "_\n");
}

static int write_markdown(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	struct md m = { .b = CU_BUF_INIT };
	int rc;

	if (!r->matches || !r->gate)
		return cu_seterr(err, CU_EUSAGE, "the Markdown report needs a vulnerability scan");
	title(&m, r);
	image_line(&m, r);
	summary_table(&m, r);
	ml_stack(&m, &r->scan->cat);
	findings(&m, r);
	footer(&m, r);
	rc = m.rc;
	if (rc)
		rc = cu_seterr(err, rc, "cannot build the Markdown report");
	else if (fwrite(m.b.buf, 1, m.b.len, out) != m.b.len)
		rc = cu_seterr(err, CU_EIO, "cannot write the Markdown report");
	cu_buf_release(&m.b);
	return rc;
}

const struct cu_reporter_ops cu_reporter_markdown = {
	.name = "markdown",
	.write = write_markdown,
};
