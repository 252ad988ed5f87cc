/*
 * osv.c - the OSV format (https://ossf.github.io/osv-schema/, schema 1.6):
 * single records, directories of records, and the osv.dev export zips
 * (<Ecosystem>/all.zip, one record per entry).
 *
 * Kept per record: id, summary, dates, aliases (and "upstream", which names
 * the same issue upstream), the best CVSS vector (scored with cvss.h) or
 * the database's own severity; per affected package: ecosystem/release,
 * normalised name, the ECOSYSTEM and SEMVER ranges and explicit versions.
 * GIT ranges are dropped: we match released versions, not commits.
 * Withdrawn records are skipped.
 */
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include "common.h"
#include "cvss.h"
#include "digest.h"
#include "ecosystem.h"
#include "import.h"
#include "json.h"
#include "version/names.h"

/* --- one record ---------------------------------------------------------- */

static const char **string_list(json_t *a, json_t *b, struct cu_arena *ar)
{
	size_t n = json_array_size(a) + json_array_size(b), k = 0, i;
	const char **out = cu_arena_calloc(ar, n + 1, sizeof(*out));
	json_t *v;

	if (!out)
		return NULL;
	json_array_foreach(a, i, v)
		if (json_is_string(v))
			out[k++] = json_string_value(v);
	json_array_foreach(b, i, v)
		if (json_is_string(v))
			out[k++] = json_string_value(v);
	return out;
}

static int cvss_rank(const char *type)
{
	if (strcmp(type, "CVSS_V3") == 0)
		return 3;
	if (strcmp(type, "CVSS_V4") == 0)
		return 2;
	if (strcmp(type, "CVSS_V2") == 0)
		return 1;
	return 0;
}

/* Pick the CVSS vector we trust most (v3 > v4 > v2) that parses. */
static void record_cvss(json_t *severity, struct cu_vuln_rec *v)
{
	int best = 0;
	size_t i;
	json_t *s;

	json_array_foreach(severity, i, s) {
		const char *type = cu_json_str(s, "type");
		const char *score = cu_json_str(s, "score");
		struct cu_cvss c;
		int rank = type ? cvss_rank(type) : 0;

		if (!rank || rank <= best || !score)
			continue;
		if (cu_cvss_parse(cu_span_str(score), &c))
			continue;
		best = rank;
		v->cvss_vector = score;
		v->cvss_version = cu_cvss_version_name(c.version);
		v->cvss_score = c.version == CU_CVSS_V40 ? c.score : c.base;
		v->severity = cu_cvss_severity(c.version, v->cvss_score);
	}
}

/* GHSA-style database_specific.severity: LOW, MODERATE, HIGH, CRITICAL */
static const char *word_severity(const char *s)
{
	static const char *const words[][2] = {
		{ "CRITICAL", "CRITICAL" }, { "HIGH", "HIGH" }, { "IMPORTANT", "HIGH" },
		{ "MODERATE", "MEDIUM" }, { "MEDIUM", "MEDIUM" }, { "LOW", "LOW" },
		{ "NEGLIGIBLE", "NEGLIGIBLE" }, { "UNTRIAGED", NULL },
	};

	for (size_t i = 0; s && i < CU_ARRAY_SIZE(words); i++)
		if (strcasecmp(s, words[i][0]) == 0)
			return words[i][1];
	return NULL;
}

/* Keep the ranges we can evaluate; returns NULL if none. */
static char *usable_ranges(json_t *ranges, const char **fixed)
{
	json_t *keep = json_array(), *r;
	char *out = NULL;
	size_t i;

	*fixed = NULL;
	json_array_foreach(ranges, i, r) {
		const char *type = cu_json_str(r, "type");
		json_t *events = cu_json_array(r, "events"), *e;
		size_t k;

		if (!type || !events || (strcmp(type, "ECOSYSTEM") && strcmp(type, "SEMVER")))
			continue;
		json_array_foreach(events, k, e)
			if (!*fixed && cu_json_str(e, "fixed"))
				*fixed = cu_json_str(e, "fixed");
		json_array_append(keep, r);
	}
	if (json_array_size(keep))
		out = json_dumps(keep, JSON_COMPACT);
	json_decref(keep);
	return out;
}

static int import_affected(struct cu_dbw *w, const char *id, json_t *aff,
			   const char *severity, struct cu_err *err)
{
	json_t *pkg = cu_json_object(aff, "package");
	const char *eco_s = cu_json_str(pkg, "ecosystem");
	const char *name = cu_json_str(pkg, "name");
	json_t *versions = cu_json_array(aff, "versions");
	struct cu_affected_rec a = { 0 };
	struct cu_buf norm = CU_BUF_INIT;
	char eco[32], release[64], *ranges, *vers = NULL;
	const char *fixed;
	int rc;

	if (!eco_s || !name)
		return 0;	/* e.g. records only about commits */
	if (cu_ecosystem_from_osv(cu_span_str(eco_s), eco, sizeof(eco), release,
				  sizeof(release)))
		return 0;	/* an ecosystem we have no scheme for */
	ranges = usable_ranges(cu_json_array(aff, "ranges"), &fixed);
	if (json_array_size(versions))
		vers = json_dumps(versions, JSON_COMPACT);
	if (!ranges && !vers)
		return 0;
	cu_name_normalize(eco, cu_span_str(name), &norm);
	a.vuln_id = id;
	a.ecosystem = eco;
	a.release = release;
	a.package = norm.buf;
	a.status = "affected";
	a.fixed = fixed;
	a.ranges = ranges;
	a.versions = vers;
	a.severity = severity;
	rc = cu_dbw_affected(w, &a, err);
	free(ranges);
	free(vers);
	cu_buf_release(&norm);
	return rc;
}

/* The distribution's own rating in the record's severity list (Ubuntu). */
static const char *distro_severity(json_t *severity)
{
	size_t i;
	json_t *s;

	json_array_foreach(severity, i, s) {
		const char *type = cu_json_str(s, "type");

		if (type && strcmp(type, "Ubuntu") == 0)
			return word_severity(cu_json_str(s, "score"));
	}
	return NULL;
}

/* Per-affected distribution rating (Ubuntu "ubuntu_priority" and similar). */
static const char *affected_severity(json_t *aff)
{
	json_t *es = cu_json_object(aff, "ecosystem_specific");
	json_t *ds = cu_json_object(aff, "database_specific");

	if (word_severity(cu_json_str(es, "severity")))
		return word_severity(cu_json_str(es, "severity"));
	if (word_severity(cu_json_str(es, "ubuntu_priority")))
		return word_severity(cu_json_str(es, "ubuntu_priority"));
	return word_severity(cu_json_str(ds, "severity")) &&
	       cu_json_object(aff, "ecosystem_specific") ?
	       word_severity(cu_json_str(ds, "severity")) : NULL;
}

int cu_osv_import_record(struct cu_dbw *w, struct cu_span json, struct cu_err *err)
{
	struct cu_arena ar;
	struct cu_vuln_rec v = { 0 };
	json_t *root = NULL, *affected, *aff;
	size_t i;
	int rc = cu_json_parse(json, "OSV record", &root, err);

	if (rc)
		return rc;
	cu_arena_init(&ar, 0);
	v.id = cu_json_str(root, "id");
	v.modified = cu_json_str(root, "modified");
	affected = json_object_get(root, "affected");
	if (!v.id || !*v.id || !v.modified || (affected && !json_is_array(affected))) {
		rc = cu_seterr(err, CU_EFORMAT, "OSV record %s lacks %s", v.id ? v.id : "(no id)",
			       !v.id || !*v.id ? "an id" : !v.modified ? "\"modified\"" :
			       "a valid \"affected\" list");
		goto out;
	}
	if (cu_json_str(root, "withdrawn"))
		goto out;
	v.summary = cu_json_str(root, "summary");
	v.published = cu_json_str(root, "published");
	v.cvss_score = -1;
	record_cvss(cu_json_array(root, "severity"), &v);
	if (!v.severity)
		v.severity = word_severity(cu_json_str(cu_json_object(root, "database_specific"),
							"severity"));
	v.aliases = string_list(cu_json_array(root, "aliases"),
				cu_json_array(root, "upstream"), &ar);
	rc = cu_dbw_vuln(w, &v, err);
	json_array_foreach(affected, i, aff) {
		const char *sev = affected_severity(aff);

		if (rc)
			break;
		if (!sev)
			sev = distro_severity(cu_json_array(root, "severity"));
		rc = import_affected(w, v.id, aff, sev, err);
	}
out:
	cu_arena_release(&ar);
	json_decref(root);
	return rc;
}

/* Import a record, skipping (and counting) invalid ones. */
static int take_record(struct cu_dbw *w, struct cu_span json, const char *where,
		       struct cu_err *err)
{
	struct cu_err rec_err = { 0 };
	int rc = cu_osv_import_record(w, json, &rec_err);

	if (rc == CU_EFORMAT) {
		cu_import_skip(w, where, &rec_err);
		return 0;
	}
	if (rc)
		return cu_seterr_new(err, rc, "%s: %s", where, cu_err_message(&rec_err));
	return 0;
}

/* --- containers ---------------------------------------------------------- */

static int import_zip(struct cu_dbw *w, const char *path, struct cu_err *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	struct cu_buf data;
	size_t entries = 0;
	int r, rc = 0;

	cu_buf_init(&data, CU_CAP_FEED_RECORD);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
		rc = cu_seterr(err, CU_EFORMAT, "not a readable zip archive: %s",
			       archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(ae);
		char chunk[65536];
		la_ssize_t n;

		if (++entries > CU_CAP_ZIP_ENTRIES) {
			rc = cu_seterr(err, CU_ETOOBIG, "zip has more than %d entries",
				       CU_CAP_ZIP_ENTRIES);
			goto out;
		}
		if (!name || archive_entry_filetype(ae) != AE_IFREG ||
		    !cu_span_ends_with(cu_span_str(name), ".json"))
			continue;
		cu_buf_reset(&data);
		while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
			if (cu_buf_add(&data, chunk, (size_t)n)) {
				rc = cu_seterr(err, CU_ETOOBIG, "zip entry '%s' is too large", name);
				goto out;
			}
		}
		if (n < 0) {
			rc = cu_seterr(err, CU_EFORMAT, "corrupt zip entry '%s': %s", name,
				       archive_error_string(a));
			goto out;
		}
		rc = take_record(w, cu_buf_span(&data), name, err);
		if (rc)
			goto out;
	}
	if (r != ARCHIVE_EOF)
		rc = cu_seterr(err, CU_EFORMAT, "corrupt zip archive: %s",
			       archive_error_string(a));
out:
	archive_read_free(a);
	cu_buf_release(&data);
	return rc;
}

static int import_file(struct cu_dbw *w, const char *path, struct cu_err *err)
{
	struct cu_span data;
	int rc = cu_file_map(path, CU_CAP_FEED_RECORD, &data, err);

	if (rc)
		return rc;
	rc = take_record(w, data, path, err);
	cu_file_unmap(data);
	return rc;
}


/* --- importer ------------------------------------------------------------ */

static bool is_zip(const struct cu_import_input *in)
{
	return in->head.len >= 4 && memcmp(in->head.ptr, "PK\003\004", 4) == 0;
}

static bool probe(const struct cu_import_input *in)
{
	struct cu_span h = cu_span_trim(in->head);

	if (is_zip(in) || (in->is_dir && !h.len))
		return true;
	return h.len && h.ptr[0] == '{' && cu_span_find(h, '"') >= 0;
}

/* "osv/PyPI" for ".../PyPI/all.zip", else "osv/<file or directory name>" */
static void source_name(const char *path, char *out, size_t len)
{
	struct cu_span p = cu_span_str(path), base, dir;
	ptrdiff_t slash;

	while (p.len > 1 && p.ptr[p.len - 1] == '/')
		p.len--;
	slash = cu_span_rfind(p, '/');
	base = slash >= 0 ? cu_span_skip(p, (size_t)slash + 1) : p;
	dir = slash >= 0 ? cu_span_sub(p, 0, (size_t)slash) : cu_span_make("", 0);
	if (cu_span_eq_str(base, "all.zip") && dir.len) {
		slash = cu_span_rfind(dir, '/');
		base = slash >= 0 ? cu_span_skip(dir, (size_t)slash + 1) : dir;
	} else if (cu_span_ends_with(base, ".zip") || cu_span_ends_with(base, ".json")) {
		base.len -= cu_span_ends_with(base, ".zip") ? 4 : 5;
	}
	snprintf(out, len, "osv/%.*s", (int)base.len, base.ptr);
}

static int import(struct cu_dbw *w, const struct cu_import_input *in,
		  struct cu_err *err)
{
	char name[256], digest[CU_DIGEST_MAX];
	int rc;

	if (in->name)
		snprintf(name, sizeof(name), "%s", in->name);
	else
		source_name(in->path, name, sizeof(name));
	if (in->is_dir || cu_file_digest(in->path, digest, sizeof(digest)))
		digest[0] = '\0';
	rc = cu_dbw_source(w, name, "osv", in->path,
			   digest[0] ? digest : NULL, err);
	if (rc)
		return rc;
	if (in->is_dir)
		rc = cu_import_walk_json(w, in->path, import_file, err);
	else if (is_zip(in))
		rc = import_zip(w, in->path, err);
	else
		rc = import_file(w, in->path, err);
	if (!rc)
		rc = cu_dbw_source_done(w, err);
	return rc;
}

const struct cu_importer_ops cu_importer_osv = {
	.name = "osv",
	.probe = probe,
	.import = import,
};
