/*
 * report-json.c - the machine-readable report (docs/report-json.md).
 * Field names and meanings are stable within a "schema" version.
 */
#include <jansson.h>
#include <time.h>

#include "common.h"
#include "policy/exceptions.h"
#include "report.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *string_array(const char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; v && v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* true / false, or null when the base layers are not known */
static json_t *base_flag(const struct cu_report *r, int index)
{
	int b = cu_scan_layer_is_base(r->scan, index);

	return b < 0 ? json_null() : json_boolean(b);
}

static json_t *layer_ref(const struct cu_report *r, int index)
{
	const struct cu_image *img = r->scan->img;
	const struct cu_layer *l;

	if (index < 0 || (size_t)index >= img->nlayers)
		return json_null();
	l = &img->layers[index];
	return json_pack("{s:i, s:s, s:s, s:o, s:o}", "index", index,
			 "digest", cu_scan_layer_digest(r->scan, index),
			 "diff_id", l->diff_id, "created_by", str_or_null(l->created_by),
			 "base", base_flag(r, index));
}

static json_t *target(const struct cu_report *r)
{
	const struct cu_image *img = r->scan->img;
	const struct cu_osinfo *os = &r->scan->cat.os;
	json_t *layers = json_array();

	for (size_t i = 0; i < img->nlayers; i++) {
		const struct cu_layer *l = &img->layers[i];
		const struct cu_layer_stats *st = &r->scan->layer_stats[i];

		json_array_append_new(layers, json_pack(
			"{s:i, s:s, s:s, s:o, s:I, s:I, s:s, s:o}",
			"index", (int)i, "digest", cu_scan_layer_digest(r->scan, (int)i),
			"diff_id", l->diff_id, "media_type", str_or_null(l->media_type),
			"size", (json_int_t)st->blob_bytes,
			"uncompressed_size", (json_int_t)st->tar_bytes,
			"compression", cu_compression_name(st->compression),
			"created_by", str_or_null(l->created_by)));
		json_object_set_new(json_array_get(layers, i), "base", base_flag(r, (int)i));
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o, s:b}, s:o}",
			 "ref", img->ref, "source", cu_image_source_name(img),
			 "manifest_digest", img->manifest_digest[0] ? json_string(img->manifest_digest) : json_null(),
			 "repo_tags", string_array(img->repo_tags),
			 "config_digest", img->config_digest,
			 "created", str_or_null(img->created),
			 "platform", "os", str_or_null(img->os),
			 "architecture", str_or_null(img->architecture),
			 "variant", str_or_null(img->variant),
			 "os", "id", str_or_null(os->id), "version_id", str_or_null(os->version_id),
			 "codename", str_or_null(os->codename),
			 "pretty_name", str_or_null(os->pretty_name), "distroless", os->distroless,
			 "layers", layers);
}

/* How the base layers were told apart: { "layers": n, "basis": ... } or null. */
static json_t *base_info(const struct cu_report *r)
{
	if (r->scan->base_layers < 0)
		return json_null();
	return json_pack("{s:i, s:s}", "layers", r->scan->base_layers,
			 "basis", r->scan->base_basis);
}

static json_t *hashes(const struct cu_pkg *p)
{
	json_t *o = json_object();

	for (size_t i = 0; i < p->nhashes; i++)
		json_object_set_new(o, p->hashes[i].alg, json_string(p->hashes[i].hex));
	return o;
}

static json_t *package(const struct cu_report *r, const struct cu_pkg *p)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "name", p->name, "version", p->version, "type", p->type,
			 "arch", str_or_null(p->arch),
			 "source_name", p->source_name, "source_version", p->source_version,
			 "purl", str_or_null(p->purl), "cataloger", p->cataloger,
			 "location", str_or_null(p->location),
			 "layer", layer_ref(r, p->layer),
			 "found_by", str_or_null(p->found_by),
			 "owner", str_or_null(p->owner ? p->owner->purl : NULL),
			 "hashes", hashes(p));
}

/* An exception entry as the report shows it. */
static json_t *exception_json(const struct cu_exception *e)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "id", e->id, "owner", e->owner,
			 "reason", e->reason, "expires", e->expires, "entry", e->source,
			 "expired", e->expired);
}

/* Why a finding is suppressed, or null. */
static json_t *suppression(const struct cu_finding *f)
{
	if (f->suppressed_by && f->exception)
		return json_pack("{s:s, s:s, s:o}", "by", "exception", "status",
				 f->exception->status, "exception", exception_json(f->exception));
	if (f->suppressed_by && f->vex)
		return json_pack("{s:s, s:s, s:o, s:o, s:s}", "by", "vex", "status", f->vex->status,
				 "justification", str_or_null(f->vex->justification),
				 "impact", str_or_null(f->vex->impact), "document", f->vex->source);
	return json_null();
}

static json_t *finding(const struct cu_report *r, const struct cu_finding *f)
{
	json_t *aliases = json_array();
	json_t *cvss = json_null();

	for (size_t i = 0; i < f->naliases; i++)
		json_array_append_new(aliases, json_string(f->aliases[i]));
	json_t *kev = json_null(), *epss = json_null(), *out;

	if (f->cvss_vector)
		cvss = json_pack("{s:s, s:f}", "vector", f->cvss_vector, "score", f->cvss_score);
	if (f->kev)
		kev = json_pack("{s:o, s:o, s:o}", "date_added", str_or_null(f->kev_date_added),
				"due_date", str_or_null(f->kev_due_date),
				"ransomware", str_or_null(f->kev_ransomware));
	if (f->epss >= 0)
		epss = json_pack("{s:f, s:f}", "score", f->epss, "percentile", f->epss_percentile);
	out = json_pack("{s:s, s:o, s:o, s:s, s:o, s:o, s:s, s:o, s:o, s:s}",
			 "id", f->id, "aliases", aliases, "package", package(r, f->pkg),
			 "severity", cu_severity_name(f->severity),
			 "severity_source", str_or_null(f->severity_source),
			 "cvss", cvss, "status", f->status,
			 "fixed_version", str_or_null(f->fixed_version),
			 "summary", str_or_null(f->summary), "data_source", f->data_source);
	if (out) {
		json_object_set_new(out, "suppressed", suppression(f));
		json_object_set_new(out, "exception_expired", f->exception_expired ?
				    exception_json(f->exception) : json_null());
		json_object_set_new(out, "vex_status", f->vex ? json_string(f->vex->status) : json_null());
		json_object_set_new(out, "severity_basis", str_or_null(f->severity_basis));
		json_object_set_new(out, "kev", kev);
		json_object_set_new(out, "epss", epss);
		if (r->policy && r->policy->baseline)	/* --baseline, docs/diff-trend.md */
			json_object_set_new(out, "baseline", json_string(f->known ? "known" : "new"));
	}
	return out;
}

static json_t *summary(const struct cu_report *r)
{
	const struct cu_gate *g = r->gate;

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "kev", (json_int_t)g->kev,
			 "CRITICAL", (json_int_t)g->counts[CU_SEV_CRITICAL],
			 "HIGH", (json_int_t)g->counts[CU_SEV_HIGH],
			 "MEDIUM", (json_int_t)g->counts[CU_SEV_MEDIUM],
			 "LOW", (json_int_t)(g->counts[CU_SEV_LOW] + g->counts[CU_SEV_NEGLIGIBLE]),
			 "UNKNOWN", (json_int_t)g->counts[CU_SEV_UNKNOWN],
			 "total", (json_int_t)g->shown,
			 "packages", (json_int_t)r->scan->cat.npkgs);
}

static json_t *gate(const struct cu_report *r)
{
	const struct cu_gate *g = r->gate;
	int exit_on = r->policy ? r->policy->exit_on : -1;

	return json_pack("{s:b, s:o, s:b, s:I, s:o}",
			 "enabled", g->enabled,
			 "exit_on", exit_on >= 0 ? json_string(cu_severity_name(exit_on)) : json_null(),
			 "failed", g->failed, "violations", (json_int_t)g->violations,
			 "reason", g->failed ? json_string(g->reason) : json_null());
}

/* Exceptions that expired or matched nothing; counts of what was suppressed. */
static json_t *exceptions_summary(const struct cu_report *r)
{
	const struct cu_exceptions *ex = r->exceptions;
	json_t *expired, *stale;
	size_t vex = 0;

	if (!ex || (!ex->n && !ex->nvex))
		return json_null();
	expired = json_array();
	stale = json_array();
	for (size_t i = 0; i < ex->n; i++) {
		if (ex->items[i].expired)
			json_array_append_new(expired, exception_json(&ex->items[i]));
		else if (!ex->items[i].matched)
			json_array_append_new(stale, exception_json(&ex->items[i]));
	}
	for (size_t i = 0; i < ex->nvex; i++)
		vex += ex->vex[i].matched;
	return json_pack("{s:I, s:I, s:I, s:o, s:o}", "entries", (json_int_t)ex->n,
			 "suppressed", (json_int_t)r->gate->suppressed,
			 "vex_statements_applied", (json_int_t)vex,
			 "expired", expired, "stale", stale);
}

static void now_rfc3339(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *cu_report_json_tree(const struct cu_report *r)
{
	json_t *root, *findings = json_array(), *warnings = json_array();
	char created[32];

	now_rfc3339(created, sizeof(created));
	for (size_t i = 0; i < r->matches->n; i++)
		if (!r->matches->items[i]->hidden || r->matches->items[i]->suppressed_by)
			json_array_append_new(findings, finding(r, r->matches->items[i]));
	for (size_t i = 0; i < r->scan->cat.nwarnings; i++)
		json_array_append_new(warnings, json_string(r->scan->cat.warnings[i]));
	for (size_t i = 0; r->warnings && r->warnings[i]; i++)
		json_array_append_new(warnings, json_string(r->warnings[i]));
	root = json_pack("{s:s, s:{s:s, s:s}, s:s, s:o, s:{s:o, s:o}, s:o, s:o, s:o, s:o}",
			 "schema", CU_REPORT_SCHEMA,
			 "tool", "name", "customs", "version", CU_VERSION,
			 "created", created, "target", target(r),
			 "database", "path", str_or_null(r->db_path),
			 "updated_at", str_or_null(r->db_updated_at),
			 "summary", summary(r), "gate", gate(r),
			 "findings", findings, "warnings", warnings);
	if (!root)
		return NULL;
	json_object_set_new(json_object_get(root, "target"), "base", base_info(r));
	json_object_set_new(root, "exceptions", exceptions_summary(r));
	json_object_set_new(root, "stats", json_pack("{s:f, s:f, s:I, s:I, s:I}",
		"scan_seconds", r->scan->seconds, "match_seconds", r->match_seconds,
		"candidates", (json_int_t)r->matches->candidates,
		"files", (json_int_t)r->scan->view_files,
		"metadata_bytes", (json_int_t)r->scan->captured_bytes));
	if (r->list_all_pkgs) {
		json_t *pkgs = json_array();

		for (size_t i = 0; i < r->scan->cat.npkgs; i++)
			json_array_append_new(pkgs, package(r, r->scan->cat.pkgs[i]));
		json_object_set_new(root, "packages", pkgs);
	}
	return root;
}

static int write_json(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	json_t *root = cu_report_json_tree(r);
	int rc = 0;

	if (!root)
		return cu_seterr(err, CU_ENOMEM, "cannot build the JSON report");
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF)
		rc = cu_seterr(err, CU_EIO, "cannot write the JSON report");
	json_decref(root);
	return rc;
}

const struct cu_reporter_ops cu_reporter_json = {
	.name = "json",
	.write = write_json,
};
