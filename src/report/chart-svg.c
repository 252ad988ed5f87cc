/*
 * chart-svg.c - `customs trend --chart`: findings per release as stacked
 * bars, one segment per severity (CRITICAL at the bottom, where its changes
 * read straight off the axis), with axes, tick labels, release names, totals
 * and a legend.
 *
 * The file is SVG 1.1 and self-contained: presentation attributes only, no
 * scripts, style sheets or fonts from elsewhere, and nothing that depends on
 * when or where it was made, so the same releases give the same bytes. Each
 * segment is a <rect class="bar"> with data-release, data-severity and
 * data-count attributes and a <title> tooltip, zero-height ones included.
 */
#include <math.h>

#include "common.h"
#include "compare.h"

static const struct {
	const char *name;
	unsigned mask;
	const char *color;
} series[] = {
	{ "CRITICAL", 1u << CU_SEV_CRITICAL, "#b2182b" },
	{ "HIGH", 1u << CU_SEV_HIGH, "#ef6548" },
	{ "MEDIUM", 1u << CU_SEV_MEDIUM, "#fdae61" },
	{ "LOW", 1u << CU_SEV_LOW, "#fee08b" },
	{ "UNKNOWN", 1u << CU_SEV_UNKNOWN, "#bdbdbd" },
};

#define NSERIES CU_ARRAY_SIZE(series)

/* Geometry, in SVG user units. */
struct geom {
	double left, top, plot_w, plot_h, slot, bar_w;
	double width, height;
	size_t ymax, step;
	bool slanted;		/* many releases: names at an angle */
};

#define NAME_CHARS 16	/* release names longer than this are cut */

/* Length of the valid UTF-8 sequence XML allows at s, or 0. */
static size_t utf8_char(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 :
		   (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	uint32_t cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1f : n == 3 ? s[0] & 0x0f : s[0] & 0x07;
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };

	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (!n || cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp == 0xfffe || cp == 0xffff || (cp < 0x20 && cp != '\t'))
		return 0;
	return n;
}

/* Text content or attribute value; at most max characters, then "…". */
static void xml_put(FILE *out, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0;

	while (*p) {
		size_t n = utf8_char(p);

		if (chars++ == max) {
			fputs("…", out);
			return;
		}
		if (!n) {
			fputc('?', out);
			p++;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fwrite(p, 1, n, out);
		}
		p += n;
	}
}

static size_t point_total(const struct cu_trend_point *p)
{
	return cu_count_in(p->counts, 0x3fu);
}

/* A tick step of 1, 2 or 5 times a power of ten giving at most five ticks. */
static size_t nice_step(size_t ymax)
{
	size_t want = ymax / 5 + (ymax % 5 != 0), pow = 1;

	for (;;) {
		if (pow >= want)
			return pow;
		if (pow * 2 >= want)
			return pow * 2;
		if (pow * 5 >= want || pow > SIZE_MAX / 100)
			return pow * 5;
		pow *= 10;
	}
}

static void layout(const struct cu_trend *t, struct geom *g)
{
	size_t most = 0;

	for (size_t i = 0; i < t->n; i++)
		if (point_total(&t->points[i]) > most)
			most = point_total(&t->points[i]);
	g->step = most ? nice_step(most) : 1;
	g->ymax = most ? (most + g->step - 1) / g->step * g->step : 5;
	g->slanted = t->n > 8;
	g->slot = 80;
	g->bar_w = 44;
	g->left = 70;
	g->top = 50;
	g->plot_w = g->slot * (double)t->n;
	g->plot_h = 260;
	g->width = g->left + g->plot_w + 170;
	g->height = g->top + g->plot_h + (g->slanted ? 110 : 60);
}

static double y_of(const struct geom *g, size_t v)
{
	return g->top + g->plot_h - g->plot_h * (double)v / (double)g->ymax;
}

static void axes(const struct geom *g, FILE *out)
{
	double base = g->top + g->plot_h;

	for (size_t v = 0; v <= g->ymax; v += g->step) {
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#e0e0e0\"/>\n", g->left, y_of(g, v), g->left + g->plot_w, y_of(g, v));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%zu</text>\n",
			g->left - 8, y_of(g, v) + 4, v);
	}
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
		g->left, g->top, g->left, base);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
		g->left, base, g->left + g->plot_w, base);
	fprintf(out, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" "
		"transform=\"rotate(-90 18 %.1f)\">findings</text>\n",
		g->top + g->plot_h / 2, g->top + g->plot_h / 2);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">release</text>\n",
		g->left + g->plot_w / 2, g->height - 16);
}

static void bar(const struct cu_trend_point *p, size_t i, const struct geom *g, FILE *out)
{
	double x = g->left + g->slot * (double)i + (g->slot - g->bar_w) / 2;
	size_t below = 0;

	fputs("<g>\n", out);
	for (size_t s = 0; s < NSERIES; s++) {
		size_t n = cu_count_in(p->counts, series[s].mask);
		double y0 = y_of(g, below), y1 = y_of(g, below + n);

		fprintf(out, "<rect class=\"bar\" data-release=\"");
		xml_put(out, p->name, SIZE_MAX);
		fprintf(out, "\" data-severity=\"%s\" data-count=\"%zu\" x=\"%.1f\" y=\"%.1f\" "
			"width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", series[s].name, n,
			x, y1, g->bar_w, y0 - y1, series[s].color);
		xml_put(out, p->name, SIZE_MAX);
		fprintf(out, ": %zu %s</title></rect>\n", n, series[s].name);
		below += n;
	}
	fprintf(out, "<text class=\"total\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n",
		x + g->bar_w / 2, y_of(g, below) - 5, below);
	fputs("</g>\n", out);
}

static void release_name(const struct cu_trend_point *p, size_t i, const struct geom *g,
			 FILE *out)
{
	double x = g->left + g->slot * ((double)i + 0.5), y = g->top + g->plot_h + 18;

	if (g->slanted)
		fprintf(out, "<text class=\"release\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
			"transform=\"rotate(-35 %.1f %.1f)\">", x, y, x, y);
	else
		fprintf(out, "<text class=\"release\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">", x, y);
	xml_put(out, p->name, g->slanted ? NAME_CHARS : 11);
	fputs("</text>\n", out);
}

static void legend(const struct geom *g, FILE *out)
{
	double x = g->left + g->plot_w + 24;

	fputs("<g class=\"legend\">\n", out);
	for (size_t s = 0; s < NSERIES; s++) {
		double y = g->top + 22.0 * (double)s;

		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\"/>\n"
			"<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x, y, series[s].color,
			x + 20, y + 12, series[s].name);
	}
	fputs("</g>\n", out);
}

int cu_trend_write_svg(const struct cu_trend *t, FILE *out, struct cu_err *err)
{
	struct geom g;

	layout(t, &g);
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
		"height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" "
		"font-size=\"12\" role=\"img\">\n", g.width, g.height, g.width, g.height);
	fputs("<title>Findings by severity per release</title>\n", out);
	fprintf(out, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", g.width, g.height);
	fprintf(out, "<text x=\"%.1f\" y=\"28\" font-size=\"16\" font-weight=\"bold\">"
		"Findings by severity per release</text>\n", g.left);
	axes(&g, out);
	for (size_t i = 0; i < t->n; i++) {
		bar(&t->points[i], i, &g, out);
		release_name(&t->points[i], i, &g, out);
	}
	legend(&g, out);
	fputs("</svg>\n", out);
	return ferror(out) ? cu_seterr(err, CU_EIO, "cannot write the chart") : 0;
}
