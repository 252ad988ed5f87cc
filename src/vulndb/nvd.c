/*
 * nvd.c - NVD CVE API 2.0 records (https://nvd.nist.gov/developers/vulnerabilities):
 * response pages ({"vulnerabilities": [{"cve": {...}}], ...}), single CVE
 * objects as mirrors keep them ({"id": "CVE-...", "metrics": ...}), and
 * directories of either. Kept per CVE: the English description, dates, and
 * every CVSS vector of metrics.cvssMetricV2/V30/V31/V40 (scored by customs,
 * never copied); the vulns row carries the preferred one (NVD's own Primary
 * v3.1, then v3.0, v4.0, v2). Rejected CVEs are dropped.
 *
 * The NVD source is updated in place (cu_dbw_source_update): a record
 * replaces the previous version of the same CVE, so incremental pages by
 * lastModified can be applied on top of a full download.
 */

#include "common.h"
#include "cvss.h"
#include "import.h"
#include "json.h"

static const struct {
	const char *key;
	int rank;	/* preference for the record's severity; lower wins */
} metric_keys[] = {
	{ "cvssMetricV31", 0 }, { "cvssMetricV30", 1 }, { "cvssMetricV40", 2 },
	{ "cvssMetricV2", 3 },
};

struct best {
	int rank;
	const char *vector, *version, *severity;
	double score;
};

static const char *english(json_t *descriptions)
{
	size_t i;
	json_t *d;

	json_array_foreach(descriptions, i, d) {
		const char *lang = cu_json_str(d, "lang");

		if (lang && !strcmp(lang, "en"))
			return cu_json_str(d, "value");
	}
	return NULL;
}

static int add_metric(struct cu_dbw *w, const char *id, json_t *m, int rank,
		      struct best *b, struct cu_err *err)
{
	json_t *data = cu_json_object(m, "cvssData");
	const char *vector = cu_json_str(data, "vectorString");
	const char *type = cu_json_str(m, "type");
	struct cu_cvss_rec rec = { 0 };
	struct cu_cvss c;
	double score;

	if (!vector || cu_cvss_parse(cu_span_str(vector), &c))
		return 0;	/* a vector we cannot score is not evidence */
	score = c.version == CU_CVSS_V40 ? c.score : c.base;
	rec.id = id;
	rec.version = cu_cvss_version_name(c.version);
	rec.vector = vector;
	rec.score = score;
	rec.severity = cu_cvss_severity(c.version, score);
	rec.scorer = cu_json_str(m, "source");
	/* NVD's own (Primary) scores first, then the others, by version */
	if (type && strcmp(type, "Primary") != 0)
		rank += 10;
	if (rank < b->rank) {
		b->rank = rank;
		b->vector = vector;
		b->version = rec.version;
		b->severity = rec.severity;
		b->score = score;
	}
	return cu_dbw_cvss(w, &rec, err);
}

static int cu_nvd_import_cve(struct cu_dbw *w, json_t *cve, struct cu_err *err)
{
	const char *id = cu_json_str(cve, "id");
	const char *status = cu_json_str(cve, "vulnStatus");
	json_t *metrics = cu_json_object(cve, "metrics");
	struct best b = { 1 << 20, NULL, NULL, NULL, -1 };
	struct cu_vuln_rec v = { 0 };
	int rc;

	if (!id || strncmp(id, "CVE-", 4) != 0)
		return cu_seterr(err, CU_EFORMAT, "NVD record without a CVE id");
	rc = cu_dbw_forget(w, id, err);
	if (rc || (status && !strcmp(status, "Rejected")))
		return rc;
	for (size_t k = 0; k < CU_ARRAY_SIZE(metric_keys) && !rc; k++) {
		json_t *list = cu_json_array(metrics, metric_keys[k].key), *m;
		size_t i;

		json_array_foreach(list, i, m) {
			rc = add_metric(w, id, m, metric_keys[k].rank, &b, err);
			if (rc)
				break;
		}
	}
	if (rc)
		return rc;
	v.id = id;
	v.summary = english(cu_json_array(cve, "descriptions"));
	v.published = cu_json_str(cve, "published");
	v.modified = cu_json_str(cve, "lastModified");
	v.cvss_vector = b.vector;
	v.cvss_version = b.version;
	v.cvss_score = b.score;
	v.severity = b.severity;
	return cu_dbw_vuln(w, &v, err);
}

/* A page read one vulnerability at a time (pages are tens of MB). */
struct page_read {
	struct cu_dbw *w;
	const char *where;
	struct cu_span list;		/* the raw "vulnerabilities" array */
	bool paged;
	struct cu_err *err;
};

static int page_member(void *ctx, const char *key, struct cu_span value)
{
	struct page_read *pr = ctx;

	if (!strcmp(key, "vulnerabilities")) {
		pr->list = value;
		pr->paged = true;
	}
	return 0;
}

/* One element of "vulnerabilities": {"cve": {...}}. */
static int page_item(void *ctx, size_t index, struct cu_span value)
{
	struct page_read *pr = ctx;
	struct cu_err rec_err = { 0 };
	json_t *item = NULL;
	int rc = cu_json_parse(value, pr->where, &item, &rec_err);

	if (!rc)
		rc = cu_nvd_import_cve(pr->w, cu_json_object(item, "cve"), &rec_err);
	json_decref(item);
	if (rc == CU_EFORMAT) {
		cu_import_skip(pr->w, pr->where, &rec_err);
		return 0;
	}
	if (rc)
		return cu_seterr_new(pr->err, rc, "%s: %s", pr->where, cu_err_message(&rec_err));
	return 0;
}

/* A single CVE object or a {"cve": {...}} wrapper, parsed whole. */
static int import_record(struct cu_dbw *w, struct cu_span data, const char *where,
			 struct cu_err *err)
{
	struct cu_err rec_err = { 0 };
	json_t *root = NULL;
	int rc = cu_json_parse(data, where, &root, &rec_err);

	if (!rc)
		rc = cu_nvd_import_cve(w, cu_json_object(root, "cve") ? cu_json_object(root, "cve") :
				       root, &rec_err);
	json_decref(root);
	if (rc == CU_EFORMAT) {
		cu_import_skip(w, where, &rec_err);
		return 0;
	}
	if (rc)
		return cu_seterr_new(err, rc, "%s: %s", where, cu_err_message(&rec_err));
	return 0;
}

/* An API page (its vulnerabilities one by one), or a single record. */
static int import_doc(struct cu_dbw *w, struct cu_span data, const char *where,
		      struct cu_err *err)
{
	struct page_read pr = { .w = w, .where = where, .err = err };
	struct cu_err jerr = { 0 };
	int rc = cu_json_each_member(data, where, page_member, &pr, &jerr);

	if (rc == CU_EFORMAT) {
		cu_import_skip(w, where, &jerr);
		return 0;
	}
	if (rc || !pr.paged)
		return rc ? rc : import_record(w, data, where, err);
	rc = cu_json_each_element(pr.list, where, page_item, &pr, &jerr);
	if (rc == CU_EFORMAT) {	/* the array's syntax; records fail in page_item */
		cu_import_skip(w, where, &jerr);
		rc = 0;
	}
	return rc;
}

static int import_file(struct cu_dbw *w, const char *path, struct cu_err *err)
{
	struct cu_span data;
	int rc = cu_file_map(path, CU_CAP_FEED_DOC_BYTES, &data, err);

	if (rc)
		return rc;
	rc = import_doc(w, data, path, err);
	cu_file_unmap(data);
	return rc;
}


/*
 * NVD API pages name "NVD_CVE"; single records have "sourceIdentifier" and
 * "cvssMetric..." (for a directory, head is its first JSON file).
 */
static bool probe(const struct cu_import_input *in)
{
	struct cu_span h = in->head;

	return memmem(h.ptr, h.len, "\"NVD_CVE\"", 9) ||
	       memmem(h.ptr, h.len, "\"sourceIdentifier\"", 18) ||
	       memmem(h.ptr, h.len, "\"cvssMetricV", 12);
}

static int import(struct cu_dbw *w, const struct cu_import_input *in,
		  struct cu_err *err)
{
	int rc = cu_dbw_source_update(w, "nvd", "nvd", in->path, err);

	if (rc)
		return rc;
	rc = in->is_dir ? cu_import_walk_json(w, in->path, import_file, err) : import_file(w, in->path, err);
	if (!rc)
		rc = cu_dbw_source_done(w, err);
	return rc;
}

const struct cu_importer_ops cu_importer_nvd = {
	.name = "nvd",
	.probe = probe,
	.import = import,
};
