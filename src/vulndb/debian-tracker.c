/*
 * debian-tracker.c - the Debian security tracker's JSON export
 * (https://security-tracker.debian.org/tracker/data/json):
 *   { source-package: { CVE-or-TEMP-id: { "description", "scope",
 *       "releases": { codename: { "status": "resolved"|"open"|"undetermined",
 *         "fixed_version", "urgency", "nodsa", "nodsa_reason",
 *         "repositories": {...} } } } } }
 *
 * The file is large (tens of MB), so it is read one source package at a
 * time (cu_json_each_member) and never held as one JSON tree.
 *
 * Statuses (docs/database.md): resolved with fixed_version "0" is
 * not_affected; resolved is fixed; open is affected, or unimportant /
 * end_of_life by urgency, or wont_fix when the tracker ignores it
 * (nodsa_reason "ignored"); undetermined stays undetermined.
 */
#include "common.h"
#include "digest.h"
#include "import.h"
#include "json.h"

struct tracker {
	struct cu_dbw *w;
	struct cu_err *err;
	const char *package;
	int64_t entries;
};

static const char *urgency_severity(const char *u)
{
	size_t n = u ? strcspn(u, "*") : 0;

	if (!u)
		return NULL;
	if (n == 3 && strncmp(u, "low", 3) == 0)
		return "LOW";
	if (n == 6 && strncmp(u, "medium", 6) == 0)
		return "MEDIUM";
	if (n == 4 && strncmp(u, "high", 4) == 0)
		return "HIGH";
	if (n == 11 && strncmp(u, "unimportant", 11) == 0)
		return "LOW";
	return NULL;	/* "not yet assigned", "end-of-life" */
}

static const char *open_status(const char *urgency, const char *nodsa_reason)
{
	if (urgency && strncmp(urgency, "unimportant", 11) == 0)
		return "unimportant";
	if (urgency && strcmp(urgency, "end-of-life") == 0)
		return "end_of_life";
	if (nodsa_reason && strcmp(nodsa_reason, "ignored") == 0)
		return "wont_fix";
	return "affected";
}

static int add_release(struct tracker *t, const char *id, const char *codename,
		       json_t *rel)
{
	const char *status = cu_json_str(rel, "status");
	const char *fixed = cu_json_str(rel, "fixed_version");
	const char *urgency = cu_json_str(rel, "urgency");
	struct cu_affected_rec a = { 0 };
	struct cu_buf ranges = CU_BUF_INIT;
	int rc;

	if (!status)
		return CU_EFORMAT;
	a.vuln_id = id;
	a.ecosystem = "debian";
	a.release = codename;
	a.package = t->package;
	a.severity = urgency_severity(urgency);
	if (strcmp(status, "resolved") == 0) {
		if (!fixed)
			return CU_EFORMAT;
		if (strcmp(fixed, "0") == 0) {
			a.status = "not_affected";
		} else {
			json_t *v = json_string(fixed);
			char *q = json_dumps(v, JSON_ENCODE_ANY);

			a.status = "fixed";
			a.fixed = fixed;
			cu_buf_addf(&ranges, "[{\"type\":\"ECOSYSTEM\",\"events\":"
				    "[{\"introduced\":\"0\"},{\"fixed\":%s}]}]", q ? q : "\"\"");
			free(q);
			json_decref(v);
		}
	} else if (strcmp(status, "open") == 0) {
		a.status = open_status(urgency, cu_json_str(rel, "nodsa_reason"));
	} else if (strcmp(status, "undetermined") == 0) {
		a.status = "undetermined";
	} else {
		return CU_EFORMAT;
	}
	if (!ranges.len)
		cu_buf_addstr(&ranges, "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]");
	a.ranges = ranges.buf;
	rc = cu_dbw_affected(t->w, &a, t->err);
	cu_buf_release(&ranges);
	return rc;
}

static int add_vuln(struct tracker *t, const char *id, json_t *entry)
{
	json_t *releases = cu_json_object(entry, "releases"), *rel;
	struct cu_vuln_rec v = { 0 };
	const char *codename;
	int rc;

	if (!releases)
		return CU_EFORMAT;
	v.id = id;
	v.summary = cu_json_str(entry, "description");
	if (v.summary && !*v.summary)
		v.summary = NULL;
	v.cvss_score = -1;
	rc = cu_dbw_vuln(t->w, &v, t->err);
	json_object_foreach(releases, codename, rel) {
		if (rc)
			break;
		if (!json_is_object(rel))
			return CU_EFORMAT;
		rc = add_release(t, id, codename, rel);
	}
	return rc;
}

static int on_package(void *ctx, const char *package, struct cu_span value)
{
	struct tracker *t = ctx;
	struct cu_err rec_err = { 0 };
	json_t *root = NULL, *entry;
	const char *id;
	int rc = cu_json_parse(value, "tracker entry", &root, &rec_err);

	if (!rc && !json_is_object(root))
		rc = cu_seterr(&rec_err, CU_EFORMAT, "not an object");
	if (rc) {
		cu_import_skip(t->w, package, &rec_err);
		json_decref(root);
		return 0;
	}
	t->package = package;
	json_object_foreach(root, id, entry) {
		if (!json_is_object(entry)) {
			cu_seterr(&rec_err, CU_EFORMAT, "entry %s is not an object", id);
			cu_import_skip(t->w, package, &rec_err);
			continue;
		}
		rc = add_vuln(t, id, entry);
		if (rc == CU_EFORMAT) {
			cu_seterr(&rec_err, CU_EFORMAT, "entry %s lacks a release status", id);
			cu_import_skip(t->w, package, &rec_err);
			rc = 0;
		}
		if (rc)
			break;
		t->entries++;
	}
	json_decref(root);
	return rc;
}

/*
 * The tracker file is an object of objects whose entries have "releases";
 * OSV records have "id" and "modified" at the top.
 */
static bool probe(const struct cu_import_input *in)
{
	struct cu_span h = in->head;
	ptrdiff_t first = cu_span_find(h, '{');
	ptrdiff_t quote = cu_span_find(h, '"');

	if (in->is_dir || first < 0 || quote < 0 || quote < first)
		return false;
	return memmem(h.ptr, h.len, "\"releases\"", 10) != NULL;
}

static int import(struct cu_dbw *w, const struct cu_import_input *in,
		  struct cu_err *err)
{
	struct tracker t = { w, err, NULL, 0 };
	char digest[CU_DIGEST_MAX];
	struct cu_span data;
	int rc;

	if (cu_file_digest(in->path, digest, sizeof(digest)))
		digest[0] = '\0';
	rc = cu_dbw_source(w, "debian-tracker", "debian-tracker", in->path,
			   digest[0] ? digest : NULL, err);
	if (rc)
		return rc;
	rc = cu_file_map(in->path, CU_CAP_FEED_DOC_BYTES, &data, err);
	if (rc)
		return rc;
	rc = cu_json_each_member(data, "tracker JSON", on_package, &t, err);
	cu_file_unmap(data);
	if (!rc)
		rc = cu_dbw_source_done(w, err);
	return rc;
}

const struct cu_importer_ops cu_importer_debian_tracker = {
	.name = "debian-tracker",
	.probe = probe,
	.import = import,
};
