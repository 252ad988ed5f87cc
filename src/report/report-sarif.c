/*
 * report-sarif.c - SARIF 2.1.0 (OASIS Static Analysis Results Interchange
 * Format) for GitHub code scanning: one run, one rule (reportingDescriptor)
 * per vulnerability id, one result per finding, located at the file the
 * package was read from. Follows the subset GitHub accepts ("SARIF support
 * for code scanning"); the mapping is in docs/report-formats.md.
 */
#include <jansson.h>

#include "common.h"
#include "digest.h"
#include "map.h"
#include "report.h"
#include "report-fmt.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* The project's home page; builds for a published home set it. */
#ifndef CU_HOME_URI
#define CU_HOME_URI "https://customs.invalid/"
#endif
/* GitHub shows shortDescription as a title: keep it to one short line. */
#define SHORT_DESCRIPTION_MAX 160

struct sarif {
	const struct cu_report *r;
	struct cu_map rule_index;	/* id -> index + 1 */
	json_t *rules, *results;
	size_t nrules;
};

/* A JSON string of s with bytes that are not UTF-8 replaced; null for NULL. */
static json_t *jstr(const char *s)
{
	struct cu_buf b = CU_BUF_INIT;
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	if (cu_report_utf8(&b, s) == 0)
		j = json_string(cu_buf_str(&b));
	cu_buf_release(&b);
	return j;
}

static json_t *jbuf(struct cu_buf *b, int rc)
{
	json_t *j = rc ? NULL : jstr(cu_buf_str(b));

	cu_buf_release(b);
	return j;
}

int cu_report_advisory_url(struct cu_buf *b, const char *id)
{
	static const char *const debian[] = { "DSA-", "DLA-", "TEMP-" };
	const char *base = "https://osv.dev/vulnerability/";
	int rc = 0;

	if (strncmp(id, "CVE-", 4) == 0)
		base = "https://nvd.nist.gov/vuln/detail/";
	else if (strncmp(id, "GHSA-", 5) == 0)
		base = "https://github.com/advisories/";
	for (size_t i = 0; i < CU_ARRAY_SIZE(debian); i++)
		if (strncmp(id, debian[i], strlen(debian[i])) == 0)
			base = "https://security-tracker.debian.org/tracker/";
	rc = cu_buf_addstr(b, base);
	for (const unsigned char *p = (const unsigned char *)id; *p && !rc; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~:", *p))
			rc = cu_buf_addch(b, (char)*p);
		else
			rc = cu_buf_addf(b, "%%%02X", *p);
	}
	return rc;
}

/* error / warning / note: what GitHub shows for results without a score */
static const char *level(enum cu_severity s)
{
	if (s >= CU_SEV_HIGH)
		return "error";
	return s == CU_SEV_MEDIUM ? "warning" : "note";
}

/*
 * GitHub ranks security results by "security-severity" in its CVSS bands
 * (critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0). The CVSS score is
 * used when it falls in the band of the finding's severity; when the
 * severity came from elsewhere (a distribution rating it lower, say) the
 * score is moved into that band so GitHub agrees with the gate. No CVSS
 * score: a typical value of the band. UNKNOWN without a score: none.
 */
static double security_severity(const struct cu_finding *f)
{
	static const double lo[] = { -1, 0.1, 0.1, 4.0, 7.0, 9.0 };
	static const double hi[] = { -1, 3.9, 3.9, 6.9, 8.9, 10.0 };
	static const double typical[] = { -1, 1.0, 3.0, 5.5, 8.0, 9.5 };
	unsigned s = (unsigned)f->severity;

	if (s >= CU_ARRAY_SIZE(lo) || f->severity == CU_SEV_UNKNOWN)
		return f->cvss_vector && f->cvss_score >= 0 ? f->cvss_score : -1;
	if (!f->cvss_vector || f->cvss_score < 0)
		return typical[s];
	if (f->cvss_score < lo[s])
		return lo[s];
	return f->cvss_score > hi[s] ? hi[s] : f->cvss_score;
}

/* Packages read from binaries or guessed from file names are less certain. */
static const char *precision(const struct cu_pkg *p)
{
	if (strcmp(p->cataloger, "binary") == 0 ||
	    (p->found_by && strcmp(p->found_by, "java-filename") == 0))
		return "medium";
	return "high";
}

static const char *rule_name(const struct cu_pkg *p)
{
	if (!strcmp(p->type, "deb") || !strcmp(p->type, "rpm") || !strcmp(p->type, "apk"))
		return "OsPackageVulnerability";
	if (!strcmp(p->cataloger, "binary"))
		return "BinaryPackageVulnerability";
	return "LanguagePackageVulnerability";
}

/* The summary's first line, cut at a character boundary. */
static json_t *short_description(const struct cu_finding *f)
{
	struct cu_buf b = CU_BUF_INIT;
	const char *s = f->summary;
	size_t n;
	int rc;

	if (!s || !*s)
		return jbuf(&b, cu_buf_addf(&b, "%s in %s", f->id, f->pkg->source_name));
	n = strcspn(s, "\r\n");
	if (n > SHORT_DESCRIPTION_MAX) {
		n = SHORT_DESCRIPTION_MAX;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	rc = cu_buf_add(&b, s, n);
	if (!rc && s[n] && s[n] != '\r' && s[n] != '\n')
		rc = cu_buf_addstr(&b, "...");
	return jbuf(&b, rc);
}

static int add_score_line(struct cu_buf *b, const struct cu_finding *f)
{
	int rc = cu_buf_addf(b, "Severity: %s", cu_severity_name(f->severity));

	if (!rc && f->severity_source)
		rc = cu_buf_addf(b, " (rated by %s)", f->severity_source);
	if (!rc && f->cvss_vector && f->cvss_score >= 0)
		rc = cu_buf_addf(b, "; CVSS %.1f %s", f->cvss_score, f->cvss_vector);
	return rc;
}

static json_t *help_text(const struct cu_finding *f, const char *url)
{
	struct cu_buf b = CU_BUF_INIT;
	int rc = cu_buf_addf(&b, "%s\n", f->id);

	if (!rc)
		rc = add_score_line(&b, f);
	if (!rc && f->summary)
		rc = cu_buf_addf(&b, "\n%s", f->summary);
	for (size_t i = 0; !rc && i < f->naliases; i++)
		rc = cu_buf_addf(&b, "%s%s", i ? ", " : "\nAlso known as: ", f->aliases[i]);
	if (!rc)
		rc = cu_buf_addf(&b, "\nAdvisory: %s", url);
	return jbuf(&b, rc);
}

static json_t *help_markdown(const struct cu_finding *f, const char *url)
{
	struct cu_buf b = CU_BUF_INIT, line = CU_BUF_INIT;
	int rc = cu_buf_addstr(&b, "**[");

	if (!rc)
		rc = cu_md_escape(&b, f->id);
	if (!rc)
		rc = cu_buf_addf(&b, "](%s)**\n\n", url);
	if (!rc)
		rc = add_score_line(&line, f);
	if (!rc)
		rc = cu_md_escape(&b, cu_buf_str(&line));
	cu_buf_release(&line);
	if (!rc && f->summary) {
		rc = cu_buf_addstr(&b, "\n\n");
		if (!rc)
			rc = cu_md_escape(&b, f->summary);
	}
	for (size_t i = 0; !rc && i < f->naliases; i++) {
		rc = cu_buf_addstr(&b, i ? ", " : "\n\nAlso known as: ");
		if (!rc)
			rc = cu_md_escape(&b, f->aliases[i]);
	}
	return jbuf(&b, rc);
}

static json_t *rule_properties(const struct cu_finding *f)
{
	double score = security_severity(f);
	json_t *props, *tags;
	char buf[16];

	tags = json_pack("[s, s, s]", "security", "vulnerability",
			 cu_severity_name(f->severity));
	if (tags && f->kev)
		json_array_append_new(tags, json_string("known-exploited"));
	props = json_pack("{s:o, s:s}", "tags", tags, "precision", precision(f->pkg));
	if (props && score >= 0) {
		snprintf(buf, sizeof(buf), "%.1f", score);
		json_object_set_new(props, "security-severity", json_string(buf));
	}
	return props;
}

/* The rule for f's id, made from the first (most severe) finding with it. */
static json_t *rule(const struct cu_finding *f)
{
	struct cu_buf url = CU_BUF_INIT;
	json_t *j = NULL;

	if (cu_report_advisory_url(&url, f->id) == 0)
		j = json_pack("{s:o, s:s, s:{s:o}, s:{s:o}, s:o, s:{s:o, s:o}, s:o, s:{s:s}}",
			      "id", jstr(f->id), "name", rule_name(f->pkg),
			      "shortDescription", "text", short_description(f),
			      "fullDescription", "text",
			      f->summary && *f->summary ? jstr(f->summary) : short_description(f),
			      "helpUri", jstr(cu_buf_str(&url)),
			      "help", "text", help_text(f, cu_buf_str(&url)),
			      "markdown", help_markdown(f, cu_buf_str(&url)),
			      "properties", rule_properties(f),
			      "defaultConfiguration", "level", level(f->severity));
	cu_buf_release(&url);
	return j;
}

/* An index into rules for f's id, adding the rule on first sight. */
static int rule_for(struct sarif *s, const struct cu_finding *f, size_t *index)
{
	uintptr_t known = (uintptr_t)cu_map_get_str(&s->rule_index, f->id);
	int rc;

	if (known) {
		*index = known - 1;
		return 0;
	}
	if (json_array_append_new(s->rules, rule(f)) != 0)
		return CU_ENOMEM;
	*index = s->nrules++;
	rc = cu_map_put(&s->rule_index, cu_span_str(f->id), (void *)(uintptr_t)s->nrules);
	return rc;
}

/*
 * The package's file in the image as a relative URI reference: no leading
 * '/', bytes outside the unreserved and path characters percent-encoded
 * (':' too, so the first segment never reads as a scheme).
 */
static int artifact_uri(struct cu_buf *b, const struct cu_pkg *p)
{
	const char *path = p->location;
	int rc = 0;

	if (!path || !*path)
		path = p->nfiles ? p->files[0] : "image";
	while (*path == '/')
		path++;
	if (!*path)
		path = "image";
	for (const unsigned char *c = (const unsigned char *)path; *c && !rc; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~/!$&'()*+,;=@", *c))
			rc = cu_buf_addch(b, (char)*c);
		else
			rc = cu_buf_addf(b, "%%%02X", *c);
	}
	return rc;
}

static json_t *layer_json(const struct cu_report *r, int index)
{
	const struct cu_image *img = r->scan->img;

	if (index < 0 || (size_t)index >= img->nlayers)
		return json_null();
	return json_pack("{s:i, s:o, s:o}", "index", index,
			 "digest", jstr(cu_scan_layer_digest(r->scan, index)),
			 "created_by", jstr(img->layers[index].created_by));
}

static json_t *location(const struct cu_report *r, const struct cu_pkg *p,
			const char *uri)
{
	json_t *loc = json_pack("{s:{s:{s:o}, s:{s:i}}}", "physicalLocation",
				"artifactLocation", "uri", jstr(uri), "region", "startLine", 1);
	char name[32];

	if (loc && p->layer >= 0 && (size_t)p->layer < r->scan->img->nlayers) {
		snprintf(name, sizeof(name), "layer %d", p->layer);
		json_object_set_new(loc, "logicalLocations", json_pack("[{s:s, s:o}]",
			"name", name, "fullyQualifiedName",
			jstr(cu_scan_layer_digest(r->scan, p->layer))));
	}
	return json_pack("[o]", loc);
}

/* "Package X version Y is vulnerable to ID (SEVERITY); fixed in Z" */
static json_t *message(const struct cu_finding *f)
{
	struct cu_buf b = CU_BUF_INIT;
	int rc = cu_buf_addf(&b, "Package %s version %s is vulnerable to %s (%s); ",
			     f->pkg->name, f->pkg->version, f->id, cu_severity_name(f->severity));

	if (!rc && f->fixed_version)
		rc = cu_buf_addf(&b, "fixed in %s", f->fixed_version);
	else if (!rc)
		rc = cu_buf_addf(&b, "no fixed version (%s)", f->status);
	if (!rc && f->kev)
		rc = cu_buf_addstr(&b, "; known to be exploited (CISA KEV)");
	return jbuf(&b, rc);
}

/* Stable across runs: the same issue in the same package at the same place. */
static json_t *fingerprint(const struct cu_finding *f, const char *uri)
{
	struct cu_buf b = CU_BUF_INIT;
	char digest[CU_DIGEST_MAX];
	const struct cu_pkg *p = f->pkg;
	int rc;

	if (p->purl)
		rc = cu_buf_addf(&b, "%s\n%s\n%s", f->id, p->purl, uri);
	else
		rc = cu_buf_addf(&b, "%s\n%s/%s@%s\n%s", f->id, p->type, p->name, p->version, uri);
	if (!rc)
		rc = cu_sha256_digest(b.buf, b.len, digest, sizeof(digest));
	cu_buf_release(&b);
	if (rc)
		return NULL;
	return json_pack("{s:s}", "customsFinding/v1", cu_digest_hex(digest));
}

static json_t *result_properties(const struct cu_report *r, const struct cu_finding *f)
{
	const struct cu_pkg *p = f->pkg;
	json_t *aliases = json_array();

	for (size_t i = 0; i < f->naliases; i++)
		json_array_append_new(aliases, jstr(f->aliases[i]));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:b, s:o, s:o}",
			 "package", jstr(p->name), "version", jstr(p->version),
			 "type", jstr(p->type), "purl", jstr(p->purl),
			 "layer", layer_json(r, p->layer),
			 "fixed_version", jstr(f->fixed_version), "status", jstr(f->status),
			 "severity", cu_severity_name(f->severity),
			 "precision", precision(p),
			 "cvss_score", f->cvss_vector && f->cvss_score >= 0 ?
				json_real(f->cvss_score) : json_null(),
			 "kev", f->kev,
			 "epss", f->epss >= 0 ? json_real(f->epss) : json_null(),
			 "aliases", aliases);
}

/* An exception or VEX statement hid it: SARIF's external, accepted suppression. */
static json_t *suppressions(const struct cu_finding *f)
{
	struct cu_buf why = CU_BUF_INIT;
	int rc = cu_report_suppression(&why, f);

	return json_pack("[{s:s, s:s, s:o}]", "kind", "external", "status", "accepted",
			 "justification", jbuf(&why, rc));
}

static int add_result(struct sarif *s, const struct cu_finding *f)
{
	struct cu_buf uri = CU_BUF_INIT;
	json_t *res = NULL;
	size_t index;
	int rc = rule_for(s, f, &index);

	if (!rc)
		rc = artifact_uri(&uri, f->pkg);
	if (!rc)
		res = json_pack("{s:o, s:I, s:s, s:{s:o}, s:o, s:o, s:o}",
				"ruleId", jstr(f->id), "ruleIndex", (json_int_t)index,
				"level", level(f->severity), "message", "text", message(f),
				"locations", location(s->r, f->pkg, cu_buf_str(&uri)),
				"partialFingerprints", fingerprint(f, cu_buf_str(&uri)),
				"properties", result_properties(s->r, f));
	if (res && f->hidden)
		json_object_set_new(res, "suppressions", suppressions(f));
	if (!rc && json_array_append_new(s->results, res) != 0)
		rc = CU_ENOMEM;
	cu_buf_release(&uri);
	return rc;
}

static json_t *run_properties(const struct cu_report *r)
{
	const struct cu_image *img = r->scan->img;
	const struct cu_gate *g = r->gate;

	return json_pack("{s:o, s:o, s:o, s:{s:b, s:b, s:I, s:o}}",
			 "image", jstr(img->ref), "config_digest", jstr(img->config_digest),
			 "database_updated_at", jstr(r->db_updated_at),
			 "gate", "enabled", g->enabled, "failed", g->failed,
			 "violations", (json_int_t)g->violations,
			 "reason", g->failed ? jstr(g->reason) : json_null());
}

static json_t *document(struct sarif *s)
{
	return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:O}}, s:O, s:o}]}",
			 "$schema", SARIF_SCHEMA, "version", "2.1.0",
			 "runs", "tool", "driver", "name", "customs",
			 "informationUri", CU_HOME_URI, "version", CU_VERSION,
			 "semanticVersion", CU_VERSION, "rules", s->rules,
			 "results", s->results, "properties", run_properties(s->r));
}

static int write_sarif(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	struct sarif s = { .r = r };
	json_t *doc = NULL;
	int rc = 0;

	if (!r->matches || !r->gate)
		return cu_seterr(err, CU_EUSAGE, "the SARIF report needs a vulnerability scan");
	cu_map_init(&s.rule_index, 0);
	s.rules = json_array();
	s.results = json_array();
	if (!s.rules || !s.results) {
		rc = CU_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < r->matches->n && !rc; i++)
		if (cu_report_listed(r->matches->items[i]))
			rc = add_result(&s, r->matches->items[i]);
	if (!rc && !(doc = document(&s)))
		rc = CU_ENOMEM;
	if (rc)
		goto out;
	if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF)
		rc = CU_EIO;
out:
	if (rc)
		rc = cu_seterr(err, rc, rc == CU_EIO ? "cannot write the SARIF report" :
			       "cannot build the SARIF report");
	json_decref(doc);
	json_decref(s.rules);
	json_decref(s.results);
	cu_map_release(&s.rule_index);
	return rc;
}

const struct cu_reporter_ops cu_reporter_sarif = {
	.name = "sarif",
	.write = write_sarif,
};
