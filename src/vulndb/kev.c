/*
 * kev.c - CISA's Known Exploited Vulnerabilities catalog
 * (https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json,
 * schema: feeds/samples/kev/known_exploited_vulnerabilities_schema.json):
 * {"catalogVersion", "count", "vulnerabilities": [{"cveID", "vendorProject",
 * "product", "vulnerabilityName", "dateAdded", "dueDate",
 * "knownRansomwareCampaignUse", ...}]}.
 */
#include "common.h"
#include "import.h"
#include "json.h"

static bool probe(const struct cu_import_input *in)
{
	struct cu_span h = in->head;

	if (in->is_dir)
		return false;
	return memmem(h.ptr, h.len, "\"catalogVersion\"", 16) != NULL;
}

static int import(struct cu_dbw *w, const struct cu_import_input *in,
		  struct cu_err *err)
{
	json_t *root = NULL, *list, *e;
	struct cu_span data;
	size_t i;
	int rc = cu_file_map(in->path, CU_CAP_FEED_DOC_BYTES, &data, err);

	if (rc)
		return rc;
	rc = cu_json_parse(data, "KEV catalog", &root, err);
	cu_file_unmap(data);
	if (rc)
		return rc;
	list = cu_json_array(root, "vulnerabilities");
	if (!list) {
		rc = cu_seterr(err, CU_EFORMAT, "KEV catalog has no \"vulnerabilities\" list");
		goto out;
	}
	rc = cu_dbw_source(w, "kev", "kev", in->path, NULL, err);
	json_array_foreach(list, i, e) {
		struct cu_kev_rec k = {
			cu_json_str(e, "cveID"), cu_json_str(e, "vendorProject"),
			cu_json_str(e, "product"), cu_json_str(e, "vulnerabilityName"),
			cu_json_str(e, "dateAdded"), cu_json_str(e, "dueDate"),
			cu_json_str(e, "knownRansomwareCampaignUse"),
		};

		if (rc)
			break;
		if (!k.cve || strncmp(k.cve, "CVE-", 4)) {
			struct cu_err why = { CU_EFORMAT, "entry without a cveID" };

			cu_import_skip(w, in->path, &why);
			continue;
		}
		rc = cu_dbw_kev(w, &k, err);
	}
	if (!rc)
		rc = cu_dbw_source_done(w, err);
out:
	json_decref(root);
	return rc;
}

const struct cu_importer_ops cu_importer_kev = {
	.name = "kev",
	.probe = probe,
	.import = import,
};
