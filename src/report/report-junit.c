/*
 * report-junit.c - JUnit XML, the test report format Jenkins, GitLab and
 * most CI systems read (the Ant/Surefire dialect: testsuites > testsuite >
 * testcase with failure and system-out).
 *
 * One testsuite per package type (deb, pypi, npm ...), in the order the
 * findings first name them; one testcase per shown finding. A finding that
 * fails the gate (--exit-on, --exit-on-kev, --exit-on-epss, --exit-code) is
 * a failure; the others pass and carry their details in system-out, so the
 * failure count is the gate's violation count and the report is green
 * exactly when customs exits 0. Findings an exception or a VEX statement
 * suppressed are skipped testcases saying why. No findings: one passing
 * testcase.
 */
#include "common.h"
#include "policy/exceptions.h"
#include "report.h"
#include "report-fmt.h"

/* A decoded UTF-8 sequence at s: its length (0 when invalid) and code point. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned c = s[0];
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, *cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, *cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, *cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)	/* also stops at the NUL */
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return n;
}

int cu_report_utf8(struct cu_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = 0;

	while (*p && !rc) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		rc = n ? cu_buf_add(b, p, n) : cu_buf_addstr(b, "\xEF\xBF\xBD");
		p += n ? n : 1;
	}
	return rc;
}

/* Characters XML 1.0 forbids, and the C1 controls it discourages. */
static bool xml_dropped(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

static int xml_ascii(struct cu_buf *b, char c, bool attr)
{
	switch (c) {
	case '&': return cu_buf_addstr(b, "&amp;");
	case '<': return cu_buf_addstr(b, "&lt;");
	case '>': return cu_buf_addstr(b, "&gt;");
	case '"': return cu_buf_addstr(b, "&quot;");
	case '\'': return cu_buf_addstr(b, "&apos;");
	case '\t': case '\n': case '\r':
		return attr ? cu_buf_addf(b, "&#%d;", c) : cu_buf_addch(b, c);
	}
	return cu_buf_addch(b, c);
}

int cu_xml_escape(struct cu_buf *b, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = 0;

	while (p && *p && !rc) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		if (!n)
			rc = cu_buf_addstr(b, "\xEF\xBF\xBD");
		else if (xml_dropped(cp))
			;
		else if (n == 1)
			rc = xml_ascii(b, (char)*p, attr);
		else
			rc = cu_buf_add(b, p, n);
		p += n ? n : 1;
	}
	return rc;
}

/* ` name="value"` */
static int attr(struct cu_buf *b, const char *name, const char *value)
{
	int rc = cu_buf_addf(b, " %s=\"", name);

	if (!rc)
		rc = cu_xml_escape(b, value, true);
	return rc ? rc : cu_buf_addch(b, '"');
}

/* The rules of the gate (policy.c): does the shown finding f fail it? */
static bool violates(const struct cu_policy *p, const struct cu_finding *f)
{
	if (!p)
		return false;
	return (p->exit_on >= 0 && (int)f->severity >= p->exit_on) ||
	       (p->exit_on_kev && f->kev) ||
	       (p->exit_on_epss >= 0 && f->epss >= p->exit_on_epss) ||
	       (p->fail_on_any && p->exit_on < 0);
}

static int case_name(struct cu_buf *b, const struct cu_finding *f)
{
	return cu_buf_addf(b, "%s in %s %s", f->id, f->pkg->name, f->pkg->version);
}

/* failure message: "CVE-X (HIGH) in libc6 2.36-9; fixed in 2.36-10" */
static int verdict(struct cu_buf *b, const struct cu_finding *f)
{
	int rc = cu_buf_addf(b, "%s (%s%s) in %s %s; ", f->id, cu_severity_name(f->severity),
			     f->kev ? ", known exploited" : "", f->pkg->name, f->pkg->version);

	if (!rc && f->fixed_version)
		rc = cu_buf_addf(b, "fixed in %s", f->fixed_version);
	else if (!rc)
		rc = cu_buf_addf(b, "no fixed version (%s)", f->status);
	return rc;
}

static int details_layer(struct cu_buf *b, const struct cu_report *r, int layer)
{
	char instr[512];

	if (layer < 0 || (size_t)layer >= r->scan->img->nlayers)
		return 0;
	cu_report_instruction(r->scan->img->layers[layer].created_by, instr, sizeof(instr));
	return cu_buf_addf(b, "Layer: %d %s %s\n", layer,
			   cu_scan_layer_digest(r->scan, layer), instr);
}

static int details_evidence(struct cu_buf *b, const struct cu_finding *f)
{
	int rc = 0;

	if (f->kev)
		rc = cu_buf_addf(b, "Known exploited: CISA KEV, added %s\n",
				 f->kev_date_added ? f->kev_date_added : "(unknown date)");
	if (!rc && f->epss >= 0)
		rc = cu_buf_addf(b, "EPSS: %.5f (percentile %.5f)\n", f->epss, f->epss_percentile);
	if (!rc && f->summary)
		rc = cu_buf_addf(b, "Summary: %s\n", f->summary);
	if (!rc)
		rc = cu_buf_addstr(b, "Advisory: ");
	return rc ? rc : cu_report_advisory_url(b, f->id);
}

/* The text of a failure or of system-out, before escaping. */
static int details(struct cu_buf *b, const struct cu_report *r, const struct cu_finding *f)
{
	const struct cu_pkg *p = f->pkg;
	int rc = cu_buf_addf(b, "Vulnerability: %s\n", f->id);

	for (size_t i = 0; !rc && i < f->naliases; i++)
		rc = cu_buf_addf(b, "%s%s%s", i ? ", " : "Aliases: ", f->aliases[i],
				 i + 1 == f->naliases ? "\n" : "");
	if (!rc)
		rc = cu_buf_addf(b, "Severity: %s%s%s%s\n", cu_severity_name(f->severity),
				 f->severity_source ? " (" : "",
				 f->severity_source ? f->severity_source : "",
				 f->severity_source ? ")" : "");
	if (!rc && f->cvss_vector && f->cvss_score >= 0)
		rc = cu_buf_addf(b, "CVSS: %.1f %s\n", f->cvss_score, f->cvss_vector);
	if (!rc)
		rc = cu_buf_addf(b, "Package: %s %s (%s)\n", p->name, p->version, p->type);
	if (!rc && p->purl)
		rc = cu_buf_addf(b, "purl: %s\n", p->purl);
	if (!rc && p->location)
		rc = cu_buf_addf(b, "Location: %s\n", p->location);
	if (!rc)
		rc = details_layer(b, r, p->layer);
	if (!rc && f->fixed_version)
		rc = cu_buf_addf(b, "Status: %s; fixed in %s\n", f->status, f->fixed_version);
	else if (!rc)
		rc = cu_buf_addf(b, "Status: %s; no fixed version\n", f->status);
	return rc ? rc : details_evidence(b, f);
}

/* What a testcase says: fails the gate, passes, or is skipped (suppressed). */
enum outcome { PASSED, FAILED, SKIPPED };

static enum outcome outcome(const struct cu_report *r, const struct cu_finding *f)
{
	if (f->hidden)
		return SKIPPED;
	return violates(r->policy, f) ? FAILED : PASSED;
}

int cu_report_suppression(struct cu_buf *b, const struct cu_finding *f)
{
	const struct cu_exception *e = f->exception;
	const struct cu_vex_statement *v = f->vex;

	if (e)
		return cu_buf_addf(b, "exception %s (owner %s, until %s): %s", e->source,
				   e->owner, e->expires, e->reason);
	if (v)
		return cu_buf_addf(b, "VEX %s: %s%s%s", v->source, v->status,
				   v->justification ? ", " : "",
				   v->justification ? v->justification : "");
	return cu_buf_addstr(b, f->suppressed_by ? f->suppressed_by : "suppressed");
}

/* <failure message=... type=...>, <skipped message=.../> or nothing */
static int verdict_element(struct cu_buf *b, const struct cu_finding *f, enum outcome o)
{
	struct cu_buf text = CU_BUF_INIT;
	int rc = 0;

	if (o == FAILED) {
		rc = verdict(&text, f);
		if (!rc)
			rc = cu_buf_addstr(b, "      <failure");
		if (!rc)
			rc = attr(b, "message", cu_buf_str(&text));
		if (!rc)
			rc = attr(b, "type", cu_severity_name(f->severity));
		if (!rc)
			rc = cu_buf_addstr(b, ">");
	} else if (o == SKIPPED) {
		rc = cu_buf_addstr(&text, "suppressed by ");
		if (!rc)
			rc = cu_report_suppression(&text, f);
		if (!rc)
			rc = cu_buf_addstr(b, "      <skipped");
		if (!rc)
			rc = attr(b, "message", cu_buf_str(&text));
		if (!rc)
			rc = cu_buf_addstr(b, "/>\n");
	}
	cu_buf_release(&text);
	return rc;
}

static int testcase_open(struct cu_buf *b, const struct cu_finding *f)
{
	struct cu_buf text = CU_BUF_INIT;
	int rc = case_name(&text, f);

	if (!rc)
		rc = cu_buf_addstr(b, "    <testcase");
	if (!rc)
		rc = attr(b, "name", cu_buf_str(&text));
	cu_buf_reset(&text);
	if (!rc)
		rc = cu_buf_addf(&text, "%s.%s", f->pkg->type, f->pkg->name);
	if (!rc)
		rc = attr(b, "classname", cu_buf_str(&text));
	if (!rc && f->pkg->location)
		rc = attr(b, "file", f->pkg->location);
	cu_buf_release(&text);
	return rc ? rc : cu_buf_addstr(b, " time=\"0\">\n");
}

/* The details go in the failure, or in system-out for the others. */
static int testcase(struct cu_buf *b, const struct cu_report *r, const struct cu_finding *f)
{
	struct cu_buf text = CU_BUF_INIT;
	enum outcome o = outcome(r, f);
	int rc = testcase_open(b, f);

	if (!rc)
		rc = verdict_element(b, f, o);
	if (!rc && o != FAILED)
		rc = cu_buf_addstr(b, "      <system-out>");
	if (!rc)
		rc = details(&text, r, f);
	if (!rc)
		rc = cu_xml_escape(b, cu_buf_str(&text), false);
	if (!rc)
		rc = cu_buf_addstr(b, o == FAILED ? "</failure>\n" : "</system-out>\n");
	if (!rc)
		rc = cu_buf_addstr(b, "    </testcase>\n");
	cu_buf_release(&text);
	return rc;
}

static int property(struct cu_buf *b, const char *name, const char *value)
{
	int rc = cu_buf_addstr(b, "      <property");

	if (!rc)
		rc = attr(b, "name", name);
	if (!rc)
		rc = attr(b, "value", value ? value : "");
	return rc ? rc : cu_buf_addstr(b, "/>\n");
}

static int properties(struct cu_buf *b, const struct cu_report *r)
{
	const struct cu_gate *g = r->gate;
	int rc = cu_buf_addstr(b, "    <properties>\n");

	if (!rc)
		rc = property(b, "image", r->scan->img->ref);
	if (!rc)
		rc = property(b, "config_digest", r->scan->img->config_digest);
	if (!rc)
		rc = property(b, "database_updated_at", r->db_updated_at);
	if (!rc)
		rc = property(b, "gate", !g->enabled ? "not set" : g->failed ? "failed" : "passed");
	if (!rc && g->failed)
		rc = property(b, "gate_reason", g->reason);
	return rc ? rc : cu_buf_addstr(b, "    </properties>\n");
}

/* Testcases of one package type (NULL: all) by outcome. */
static void count(const struct cu_report *r, const char *type, size_t n[3])
{
	const struct cu_matches *m = r->matches;

	n[PASSED] = n[FAILED] = n[SKIPPED] = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct cu_finding *f = m->items[i];

		if (cu_report_listed(f) && (!type || !strcmp(f->pkg->type, type)))
			n[outcome(r, f)]++;
	}
}

/* tests="3" failures="1" errors="0" skipped="1" */
static int counts(struct cu_buf *b, const size_t n[3])
{
	return cu_buf_addf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\"",
			   n[PASSED] + n[FAILED] + n[SKIPPED], n[FAILED], n[SKIPPED]);
}

static int suite_open(struct cu_buf *b, const struct cu_report *r, const char *name,
		      const size_t n[3])
{
	int rc = cu_buf_addstr(b, "  <testsuite");

	if (!rc)
		rc = attr(b, "name", name);
	if (!rc)
		rc = counts(b, n);
	if (!rc)
		rc = cu_buf_addstr(b, " time=\"0\">\n");
	return rc ? rc : properties(b, r);
}

/* The suite of package type `type`: every listed finding of that type. */
static int suite(struct cu_buf *b, const struct cu_report *r, const char *type)
{
	const struct cu_matches *m = r->matches;
	size_t n[3];
	int rc;

	count(r, type, n);
	rc = suite_open(b, r, type, n);
	for (size_t i = 0; i < m->n && !rc; i++)
		if (cu_report_listed(m->items[i]) && !strcmp(m->items[i]->pkg->type, type))
			rc = testcase(b, r, m->items[i]);
	return rc ? rc : cu_buf_addstr(b, "  </testsuite>\n");
}

/* The package types of the listed findings, in the order they first appear. */
static int collect_types(const struct cu_matches *m, const char ***types, size_t *n)
{
	size_t alloc = 0, k;

	*types = NULL;
	*n = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (!cu_report_listed(m->items[i]))
			continue;
		for (k = 0; k < *n; k++)
			if (!strcmp((*types)[k], m->items[i]->pkg->type))
				break;
		if (k < *n)
			continue;
		if (CU_GROW(*types, alloc, *n + 1))
			return CU_ENOMEM;
		(*types)[(*n)++] = m->items[i]->pkg->type;
	}
	return 0;
}

static int empty_suite(struct cu_buf *b, const struct cu_report *r)
{
	static const size_t one_passed[3] = { [PASSED] = 1 };
	int rc = suite_open(b, r, "customs", one_passed);

	if (!rc)
		rc = cu_buf_addstr(b, "    <testcase name=\"no vulnerabilities found\""
				   " classname=\"customs\" time=\"0\"/>\n");
	return rc ? rc : cu_buf_addstr(b, "  </testsuite>\n");
}

static int document(struct cu_buf *b, const struct cu_report *r)
{
	const char **types = NULL;
	size_t n[3], ntypes = 0;
	int rc = collect_types(r->matches, &types, &ntypes);

	count(r, NULL, n);
	if (!ntypes)
		n[PASSED] = 1;
	if (!rc)
		rc = cu_buf_addstr(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				   "<testsuites name=\"customs\"");
	if (!rc)
		rc = counts(b, n);
	if (!rc)
		rc = cu_buf_addf(b, " time=\"%.3f\">\n", r->scan->seconds + r->match_seconds);
	if (!rc && !ntypes)
		rc = empty_suite(b, r);
	for (size_t i = 0; i < ntypes && !rc; i++)
		rc = suite(b, r, types[i]);
	if (!rc)
		rc = cu_buf_addstr(b, "</testsuites>\n");
	free(types);
	return rc;
}

static int write_junit(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	struct cu_buf b = CU_BUF_INIT;
	int rc;

	if (!r->matches || !r->gate)
		return cu_seterr(err, CU_EUSAGE, "the JUnit report needs a vulnerability scan");
	rc = document(&b, r);
	if (rc)
		rc = cu_seterr(err, rc, "cannot build the JUnit report");
	else if (fwrite(b.buf, 1, b.len, out) != b.len)
		rc = cu_seterr(err, CU_EIO, "cannot write the JUnit report");
	cu_buf_release(&b);
	return rc;
}

const struct cu_reporter_ops cu_reporter_junit = {
	.name = "junit",
	.write = write_junit,
};
