/*
 * report-cyclonedx-vuln.c - findings as CycloneDX vulnerabilities, which
 * make the BOM a Vulnerability Disclosure Report (CycloneDX 1.6
 * "vulnerabilities"; ratings, affects, analysis as in the 1.5 and 1.6
 * schemas).
 *
 * One vulnerability per finding: the id with its publisher and web page,
 * the aliases as references, the severity as the source that decided it
 * rated it plus the CVSS score and vector, the affected component and
 * version, the fix as a recommendation. A finding an exception or a VEX
 * statement suppressed is listed with its analysis (state, justification,
 * detail) instead of being left out.
 */
#include "common.h"
#include "policy/exceptions.h"
#include "report-sbom.h"

static void add_prop_num(json_t *props, const char *name, double v)
{
	char num[32];

	snprintf(num, sizeof(num), "%.5f", v);
	cu_sbom_add_prop(props, name, num);
}

static json_t *source(const char *id)
{
	struct cu_sbom_advisory adv;

	cu_sbom_advisory(id, &adv);
	return json_pack("{s:s, s:s}", "name", adv.source, "url", adv.url);
}

static json_t *references(const struct cu_finding *f)
{
	json_t *a = json_array();

	for (size_t i = 0; i < f->naliases; i++) {
		json_t *ref = json_object();

		cu_sbom_set_str(ref, "id", f->aliases[i]);
		cu_sbom_set(ref, "source", source(f->aliases[i]));
		json_array_append_new(a, ref);
	}
	return a;
}

/* --- ratings ------------------------------------------------------------------- */

static const char *severity_word(enum cu_severity s)
{
	static const char *const words[] = {
		[CU_SEV_UNKNOWN] = "unknown", [CU_SEV_NEGLIGIBLE] = "info",
		[CU_SEV_LOW] = "low", [CU_SEV_MEDIUM] = "medium",
		[CU_SEV_HIGH] = "high", [CU_SEV_CRITICAL] = "critical",
	};

	return (unsigned)s < CU_ARRAY_SIZE(words) ? words[s] : "unknown";
}

static const char *cvss_method(const char *vector)
{
	if (!strncmp(vector, "CVSS:3.1/", 9))
		return "CVSSv31";
	if (!strncmp(vector, "CVSS:3.0/", 9))
		return "CVSSv3";
	if (!strncmp(vector, "CVSS:4.0/", 9))
		return "CVSSv4";
	if (!strncmp(vector, "AV:", 3) || !strncmp(vector, "(AV:", 4))
		return "CVSSv2";
	return "other";
}

/* The qualitative rating of a score (CVSS v3.1 section 5; v2 tops at high). */
static const char *score_severity(double score, const char *method)
{
	if (score <= 0)
		return "none";
	if (score < 4)
		return "low";
	if (score < 7)
		return "medium";
	if (score < 9 || !strcmp(method, "CVSSv2"))
		return "high";
	return "critical";
}

static json_t *cvss_rating(const struct cu_finding *f, bool own)
{
	const char *method = cvss_method(f->cvss_vector);
	json_t *r = json_object();

	if (own && f->severity_source)
		cu_sbom_set(r, "source", json_pack("{s:s}", "name", f->severity_source));
	if (f->cvss_score >= 0)
		cu_sbom_set(r, "score", json_real(f->cvss_score));
	cu_sbom_set_str(r, "severity", own ? severity_word(f->severity) :
		f->cvss_score >= 0 ? score_severity(f->cvss_score, method) : NULL);
	cu_sbom_set_str(r, "method", method);
	cu_sbom_set_str(r, "vector", f->cvss_vector);
	return r;
}

/*
 * The severity as decided (by a distribution, an advisory or a CVSS score,
 * docs/matching.md), and the CVSS vector when the severity did not come
 * from it.
 */
static json_t *ratings(const struct cu_finding *f)
{
	bool from_cvss = f->severity_basis && !strcmp(f->severity_basis, "cvss");
	json_t *a = json_array(), *r;

	if (from_cvss && f->cvss_vector) {
		json_array_append_new(a, cvss_rating(f, true));
		return a;
	}
	r = json_object();
	if (f->severity_source)
		cu_sbom_set(r, "source", json_pack("{s:s}", "name", f->severity_source));
	cu_sbom_set_str(r, "severity", severity_word(f->severity));
	cu_sbom_set_str(r, "method", "other");
	json_array_append_new(a, r);
	if (f->cvss_vector)
		json_array_append_new(a, cvss_rating(f, false));
	return a;
}

/* --- analysis ------------------------------------------------------------------ */

/* An OpenVEX justification as CycloneDX's; CycloneDX ones pass through. */
static const char *justification(const char *j)
{
	static const struct {
		const char *openvex, *cdx;
	} map[] = {
		{ "component_not_present", "code_not_present" },
		{ "vulnerable_code_not_present", "code_not_present" },
		{ "vulnerable_code_not_in_execute_path", "code_not_reachable" },
		{ "vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment" },
		{ "inline_mitigations_already_exist", "protected_by_mitigating_control" },
		{ "code_not_present", "code_not_present" },
		{ "code_not_reachable", "code_not_reachable" },
		{ "requires_configuration", "requires_configuration" },
		{ "requires_dependency", "requires_dependency" },
		{ "requires_environment", "requires_environment" },
		{ "protected_by_compiler", "protected_by_compiler" },
		{ "protected_at_runtime", "protected_at_runtime" },
		{ "protected_at_perimeter", "protected_at_perimeter" },
		{ "protected_by_mitigating_control", "protected_by_mitigating_control" },
	};

	for (size_t i = 0; j && i < CU_ARRAY_SIZE(map); i++)
		if (!strcmp(j, map[i].openvex))
			return map[i].cdx;
	return NULL;
}

static json_t *exception_analysis(const struct cu_exception *e)
{
	json_t *a = json_object();
	struct cu_buf detail = CU_BUF_INIT;
	const char *status = e->status ? e->status : "accepted_risk";

	if (!strcmp(status, "not_affected")) {
		cu_sbom_set_str(a, "state", "not_affected");
		cu_sbom_set_str(a, "justification", justification(e->justification));
	} else if (!strcmp(status, "false_positive")) {
		cu_sbom_set_str(a, "state", "false_positive");
	} else {
		cu_sbom_set_str(a, "state", "exploitable");
		cu_sbom_set(a, "response", json_pack("[s]", "will_not_fix"));
	}
	cu_buf_addf(&detail, "exception (%s) owned by %s until %s: %s", status,
		    e->owner ? e->owner : "?", e->expires ? e->expires : "?",
		    e->reason ? e->reason : "");
	cu_sbom_set_str(a, "detail", detail.buf);
	cu_buf_release(&detail);
	return a;
}

static json_t *vex_analysis(const struct cu_vex_statement *v)
{
	static const struct {
		const char *vex, *state;
	} states[] = {
		{ "not_affected", "not_affected" }, { "fixed", "resolved" },
		{ "under_investigation", "in_triage" }, { "affected", "exploitable" },
	};
	json_t *a = json_object();

	for (size_t i = 0; v->status && i < CU_ARRAY_SIZE(states); i++)
		if (!strcmp(v->status, states[i].vex))
			cu_sbom_set_str(a, "state", states[i].state);
	cu_sbom_set_str(a, "justification", justification(v->justification));
	cu_sbom_set_str(a, "detail", v->impact ? v->impact : v->source);
	return a;
}

static json_t *analysis(const struct cu_finding *f)
{
	if (f->suppressed_by && f->exception)
		return exception_analysis(f->exception);
	if (f->vex)
		return vex_analysis(f->vex);
	return NULL;
}

/* --- one vulnerability ----------------------------------------------------------- */

static json_t *affects(const char *ref, const struct cu_pkg *p)
{
	return json_pack("[{s:s, s:[{s:o, s:s}]}]", "ref", ref, "versions",
			 "version", cu_sbom_str(p->version), "status", "affected");
}

static json_t *properties(const struct cu_finding *f)
{
	json_t *props = json_array();

	cu_sbom_add_prop(props, "customs:status", f->status);
	cu_sbom_add_prop(props, "customs:fixed_version", f->fixed_version);
	cu_sbom_add_prop(props, "customs:data_source", f->data_source);
	cu_sbom_add_prop(props, "customs:severity_source", f->severity_source);
	cu_sbom_add_prop(props, "customs:severity_basis", f->severity_basis);
	if (f->kev) {
		cu_sbom_add_prop(props, "customs:kev", "true");
		cu_sbom_add_prop(props, "customs:kev_date_added", f->kev_date_added);
		cu_sbom_add_prop(props, "customs:kev_due_date", f->kev_due_date);
		cu_sbom_add_prop(props, "customs:kev_ransomware", f->kev_ransomware);
	}
	if (f->epss >= 0) {
		add_prop_num(props, "customs:epss", f->epss);
		add_prop_num(props, "customs:epss_percentile", f->epss_percentile);
	}
	cu_sbom_add_prop(props, "customs:suppressed_by", f->suppressed_by);
	if (f->exception_expired)
		cu_sbom_add_prop(props, "customs:exception_expired", "true");
	return props;
}

static json_t *vulnerability(const struct cu_finding *f, const char *ref)
{
	json_t *v = json_object();
	struct cu_buf rec = CU_BUF_INIT;

	cu_sbom_set_str(v, "id", f->id);
	cu_sbom_set(v, "source", source(f->id));
	cu_sbom_set_array(v, "references", references(f));
	cu_sbom_set_array(v, "ratings", ratings(f));
	cu_sbom_set_str(v, "description", f->summary);
	if (f->fixed_version) {
		cu_buf_addf(&rec, "Upgrade %s to %s", f->pkg->name, f->fixed_version);
		cu_sbom_set_str(v, "recommendation", rec.buf);
	}
	cu_sbom_set(v, "analysis", analysis(f));
	cu_sbom_set(v, "affects", affects(ref, f->pkg));
	cu_sbom_set_array(v, "properties", properties(f));
	cu_buf_release(&rec);
	return v;
}

json_t *cu_cdx_vulnerabilities(const struct cu_sbom *s, int minor)
{
	const struct cu_matches *m = s->r->matches;
	json_t *a = json_array();

	(void)minor;	/* the same in 1.5 and 1.6 */
	for (size_t i = 0; m && i < m->n; i++) {
		const struct cu_finding *f = m->items[i];
		long pkg = cu_sbom_pkg_index(s, f->pkg);

		if (cu_sbom_reports(f) && pkg >= 0)
			json_array_append_new(a, vulnerability(f, s->ids[pkg]));
	}
	return a;
}
