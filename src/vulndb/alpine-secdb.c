/*
 * alpine-secdb.c - Alpine's security database (secdb), one JSON file per
 * release and repository (https://secdb.alpinelinux.org/v3.N/main.json,
 * community.json), generated from the "secfixes" comments of the aports
 * APKBUILDs:
 *
 *   { "distroversion": "v3.11", "reponame": "main", "urlprefix": ...,
 *     "packages": [ { "pkg": { "name": ORIGIN,
 *         "secfixes": { "1.2.3-r0": [ "CVE-2019-1234", ... ], "0": [...] } } } ] }
 *
 * Each file is one source, "alpine-secdb/v3.11/main". Rows are (alpine,
 * "3.11", origin name): secdb names source packages (apk's o: field). A
 * secfix version is the first fixed one: status fixed, range introduced 0 /
 * fixed V. Version "0" means the release never shipped the vulnerable code:
 * not_affected. An id listed under several versions keeps the highest one
 * (a later entry is a follow-up fix of the same issue, and a real fix wins
 * over "0").
 *
 * Entries are free text: "CVE-2016-9932 XSA-200", "CVE-2018-14468
 * (FrameRelay)", "CVE_2019-2426", "CVE-2017-17434-1", "XSA-207". Every
 * id-like word is taken: CVE-YYYY-N... (any tail such as "-1" or ".patch"
 * dropped) and LETTERS-... ids with a digit (XSA-, GHSA-, TALOS-, ZBX-,
 * ALPINE-, wnpa-sec-); notes in parentheses and other words are skipped.
 * An id that is only ever named together with one CVE ("CVE-2016-9932
 * XSA-200") is recorded as an alias of it; one named with several CVEs
 * (XSA-273 fixes CVE-2018-3620 and CVE-2018-3646) is not, so the CVEs stay
 * distinct findings.
 *
 * Variants seen in the wild and accepted: "packages": {} or null for an
 * empty repository, a version mapped to null or {} (no ids).
 */
#include "common.h"
#include "digest.h"
#include "import.h"
#include "json.h"
#include "map.h"
#include "version/version.h"

/* One secdb file is parsed whole; the largest real one (edge/main) is ~2 MB. */
#define SECDB_MAX_BYTES (64 * CU_MiB)
/* Longest advisory id taken from an entry. */
#define SECDB_MAX_ID 64
/* Ids taken from one entry string. */
#define SECDB_MAX_ENTRY_IDS 32
/* Distinct ids of one package (xen, the largest, has a few hundred). */
#define SECDB_MAX_PKG_IDS 100000

struct fix {
	const char *id;
	const char *alias;	/* the CVE named with it, or NULL */
	bool ambiguous;		/* named with several CVEs: no alias */
	const char *version;	/* highest fixed version listed for it */
};

struct secdb {
	struct cu_dbw *w;
	struct cu_err *err;
	char release[64];
	const char *package;
	struct cu_arena arena;	/* per package */
	struct cu_map index;	/* id -> position + 1 in fixes */
	struct fix *fixes;
	size_t nfixes, alloc;
};

struct entry_ids {
	char id[SECDB_MAX_ENTRY_IDS][SECDB_MAX_ID];
	size_t n, ncve;
	int cve;		/* index of the last CVE */
};

/* --- ids in free text ---------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';';
}

/* The next word, skipping separators and "(...)" notes. */
static bool next_word(struct cu_span *s, struct cu_span *word)
{
	size_t i = 0;

	while (s->len && (is_sep(s->ptr[0]) || s->ptr[0] == '(')) {
		ptrdiff_t close = s->ptr[0] == '(' ? cu_span_find(*s, ')') : 0;

		*s = cu_span_skip(*s, close < 0 ? s->len : (size_t)close + 1);
	}
	if (!s->len)
		return false;
	while (i < s->len && !is_sep(s->ptr[i]) && s->ptr[i] != '(')
		i++;
	*word = cu_span_sub(*s, 0, i);
	*s = cu_span_skip(*s, i);
	return true;
}

/* "2019-1234..." -> "CVE-2019-1234": a 4-digit year, '-', 4+ digits; the rest dropped. */
static bool cve_number(struct cu_span w, char *out)
{
	size_t n = 5;

	if (w.len < 9 || w.ptr[4] != '-')
		return false;
	for (size_t i = 0; i < 4; i++)
		if (!is_digit(w.ptr[i]))
			return false;
	while (n < w.len && is_digit(w.ptr[n]))
		n++;
	if (n - 5 < 4 || n + 4 >= SECDB_MAX_ID)
		return false;
	snprintf(out, SECDB_MAX_ID, "CVE-%.*s", (int)n, w.ptr);
	return true;
}

/* "CVE-2019-1234", "CVE_2019-1234", "CVE-2017-17434-1", "CVE-2017-8073.patch" */
static bool cve_id(struct cu_span w, char *out)
{
	if (w.len < 4 || !cu_span_eq_icase_str(cu_span_sub(w, 0, 3), "CVE") ||
	    (w.ptr[3] != '-' && w.ptr[3] != '_'))
		return false;
	return cve_number(cu_span_skip(w, 4), out);
}

/* "XSA-200", "GHSA-jfh8-c2jp-5v3q", "TALOS-2017-0488", "wnpa-sec-2017-18" */
static bool other_id(struct cu_span w, char *out)
{
	bool digit = false;
	size_t i = 0;

	while (w.len && (w.ptr[w.len - 1] == '.' || w.ptr[w.len - 1] == ':'))
		w.len--;
	while (i < w.len && is_alpha(w.ptr[i]))
		i++;
	if (i < 2 || i + 1 >= w.len || w.ptr[i] != '-' || w.len >= SECDB_MAX_ID ||
	    w.ptr[w.len - 1] == '-')
		return false;
	for (i++; i < w.len; i++) {
		if (is_digit(w.ptr[i]))
			digit = true;
		else if (!is_alpha(w.ptr[i]) && w.ptr[i] != '-')
			return false;
	}
	if (!digit)
		return false;
	memcpy(out, w.ptr, w.len);
	out[w.len] = '\0';
	return true;
}

static void add_id(struct entry_ids *ids, bool cve)
{
	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->id[i], ids->id[ids->n]) == 0)
			return;
	if (cve) {
		ids->ncve++;
		ids->cve = (int)ids->n;
	}
	ids->n++;
}

static void extract_ids(struct cu_span text, struct entry_ids *ids)
{
	struct cu_span word, after;

	ids->n = ids->ncve = 0;
	ids->cve = -1;
	while (ids->n < SECDB_MAX_ENTRY_IDS && next_word(&text, &word)) {
		char *out = ids->id[ids->n];

		if (cve_id(word, out)) {
			add_id(ids, true);
		} else if (cu_span_eq_icase_str(word, "CVE")) {
			after = text;	/* "CVE 2018-16859" */
			if (next_word(&after, &word) && cve_number(word, out)) {
				text = after;
				add_id(ids, true);
			}
		} else if (other_id(word, out)) {
			add_id(ids, false);
		}
	}
}

/* --- one package --------------------------------------------------------- */

static void skip(struct secdb *s, const char *version, const char *why)
{
	struct cu_err e = { 0 };
	char where[256];

	snprintf(where, sizeof(where), "%s%s%s", s->package, version ? " " : "",
		 version ? version : "");
	cu_seterr(&e, CU_EFORMAT, "%s", why);
	cu_import_skip(s->w, where, &e);
}

/* Record id as fixed in version, keeping the highest version per id. */
static int put_fix(struct secdb *s, const char *id, const char *alias, const char *version)
{
	uintptr_t pos = (uintptr_t)cu_map_get_str(&s->index, id);
	struct fix *f;
	int cmp = 0;

	if (pos) {
		f = &s->fixes[pos - 1];
		cu_scheme_apk.compare(cu_span_str(version), cu_span_str(f->version), &cmp);
		if (cmp > 0)
			f->version = version;
		if (alias && f->alias && strcmp(alias, f->alias))
			f->ambiguous = true;
		if (alias && !f->alias)
			f->alias = cu_arena_strdup(&s->arena, alias);
		return f->alias || !alias ? 0 : CU_ENOMEM;
	}
	if (s->nfixes >= SECDB_MAX_PKG_IDS || CU_GROW(s->fixes, s->alloc, s->nfixes + 1))
		return CU_ETOOBIG;
	f = &s->fixes[s->nfixes++];
	f->id = cu_arena_strdup(&s->arena, id);
	f->alias = alias ? cu_arena_strdup(&s->arena, alias) : NULL;
	f->ambiguous = false;
	f->version = version;
	if (!f->id || (alias && !f->alias))
		return CU_ENOMEM;
	return cu_map_put(&s->index, cu_span_str(f->id), (void *)(uintptr_t)s->nfixes);
}

static int add_entry(struct secdb *s, const char *version, json_t *entry)
{
	struct entry_ids ids;
	char why[160];
	int rc = 0;

	if (!json_is_string(entry)) {
		skip(s, version, "an entry is not a string");
		return 0;
	}
	extract_ids(cu_span_make(json_string_value(entry), json_string_length(entry)), &ids);
	if (!ids.n) {
		snprintf(why, sizeof(why), "no advisory id in '%.100s'", json_string_value(entry));
		skip(s, version, why);
	}
	for (size_t i = 0; !rc && i < ids.n; i++) {
		const char *alias = ids.ncve == 1 && (int)i != ids.cve ? ids.id[ids.cve] : NULL;

		rc = put_fix(s, ids.id[i], alias, version);
	}
	return rc;
}

static int add_version(struct secdb *s, const char *version, json_t *list)
{
	json_t *entry;
	size_t i;
	int rc = 0;

	if (!is_digit(version[0])) {
		skip(s, version, "not a version");
		return 0;
	}
	if (json_is_null(list) || (json_is_object(list) && !json_object_size(list)))
		return 0;
	if (!json_is_array(list)) {
		skip(s, version, "the fixes are not a list");
		return 0;
	}
	json_array_foreach(list, i, entry) {
		rc = add_entry(s, version, entry);
		if (rc)
			break;
	}
	return rc;
}

static char *fixed_ranges(const char *version)
{
	json_t *r = json_pack("[{s:s, s:[{s:s}, {s:s}]}]", "type", "ECOSYSTEM", "events",
			      "introduced", "0", "fixed", version);
	char *out = r ? json_dumps(r, JSON_COMPACT) : NULL;

	json_decref(r);
	return out;
}

static int emit(struct secdb *s, const struct fix *f)
{
	const char *aliases[2] = { f->ambiguous ? NULL : f->alias, NULL };
	struct cu_vuln_rec v = { .id = f->id, .aliases = aliases, .cvss_score = -1 };
	struct cu_affected_rec a = { 0 };
	char *ranges = NULL;
	int rc;

	a.vuln_id = f->id;
	a.ecosystem = "alpine";
	a.release = s->release;
	a.package = s->package;
	if (strcmp(f->version, "0") == 0) {
		a.status = "not_affected";
	} else {
		a.status = "fixed";
		a.fixed = f->version;
		a.ranges = ranges = fixed_ranges(f->version);
		if (!ranges)
			return CU_ENOMEM;
	}
	rc = cu_dbw_vuln(s->w, &v, s->err);
	if (!rc)
		rc = cu_dbw_affected(s->w, &a, s->err);
	free(ranges);
	return rc;
}

static void reset_package(struct secdb *s)
{
	cu_map_release(&s->index);
	cu_map_init(&s->index, SECDB_MAX_PKG_IDS);
	cu_arena_release(&s->arena);
	cu_arena_init(&s->arena, 0);
	s->nfixes = 0;
}

static int add_package(struct secdb *s, size_t index, json_t *item)
{
	json_t *pkg = cu_json_object(item, "pkg");
	json_t *secfixes = json_object_get(pkg, "secfixes"), *list;
	const char *name = cu_json_str(pkg, "name"), *version;
	char where[32];
	int rc = 0;

	if (!name || !*name) {
		snprintf(where, sizeof(where), "packages[%zu]", index);
		s->package = where;
		skip(s, NULL, "no pkg.name");
		return 0;
	}
	s->package = name;
	if (secfixes && !json_is_null(secfixes) && !json_is_object(secfixes)) {
		skip(s, NULL, "secfixes is not an object");
		return 0;
	}
	reset_package(s);
	json_object_foreach(secfixes, version, list) {
		rc = add_version(s, version, list);
		if (rc)
			return rc == CU_ETOOBIG ? cu_seterr(s->err, rc, "package '%s' has more "
					"than %d advisories", name, SECDB_MAX_PKG_IDS) : rc;
	}
	for (size_t i = 0; !rc && i < s->nfixes; i++)
		rc = emit(s, &s->fixes[i]);
	return rc;
}

/* --- the file ------------------------------------------------------------ */

/* "v3.11" -> "3.11", "edge" -> "edge". */
static int release_of(json_t *root, char *out, size_t len, struct cu_err *err)
{
	const char *dv = cu_json_str(root, "distroversion");
	const char *rel = dv && dv[0] == 'v' ? dv + 1 : dv;

	if (!rel || !*rel || strlen(rel) >= len || strchr(rel, '/'))
		return cu_seterr(err, CU_EFORMAT, "secdb without a valid distroversion");
	snprintf(out, len, "%s", rel);
	return 0;
}

static int import_doc(struct secdb *s, const struct cu_import_input *in, json_t *root)
{
	const char *repo = cu_json_str(root, "reponame");
	json_t *packages = json_object_get(root, "packages"), *item;
	char name[160], digest[CU_DIGEST_MAX];
	size_t i;
	int rc = release_of(root, s->release, sizeof(s->release), s->err);

	if (rc)
		return rc;
	if (packages && !json_is_array(packages) && !json_is_object(packages) &&
	    !json_is_null(packages))
		return cu_seterr(s->err, CU_EFORMAT, "secdb packages is not a list");
	snprintf(name, sizeof(name), "alpine-secdb/%s%s%.64s", cu_json_str(root, "distroversion"),
		 repo && *repo ? "/" : "", repo ? repo : "");
	if (cu_file_digest(in->path, digest, sizeof(digest)))
		digest[0] = '\0';
	rc = cu_dbw_source(s->w, name, "alpine-secdb", in->path, digest[0] ? digest : NULL,
			   s->err);
	json_array_foreach(packages, i, item) {
		if (rc)
			break;
		rc = add_package(s, i, item);
	}
	if (!rc)
		rc = cu_dbw_source_done(s->w, s->err);
	return rc;
}

static int import(struct cu_dbw *w, const struct cu_import_input *in, struct cu_err *err)
{
	struct secdb s = { .w = w, .err = err };
	struct cu_span data;
	json_t *root = NULL;
	int rc = cu_file_map(in->path, SECDB_MAX_BYTES, &data, err);

	if (rc)
		return rc;
	cu_arena_init(&s.arena, 0);
	cu_map_init(&s.index, SECDB_MAX_PKG_IDS);
	rc = cu_json_parse(data, "secdb", &root, err);
	if (!rc && !json_is_object(root))
		rc = cu_seterr(err, CU_EFORMAT, "secdb is not a JSON object");
	if (!rc)
		rc = import_doc(&s, in, root);
	json_decref(root);
	cu_file_unmap(data);
	cu_map_release(&s.index);
	cu_arena_release(&s.arena);
	free(s.fixes);
	return rc;
}

/* "key" as an object key (not inside a string: no backslash before it). */
static bool has_key(struct cu_span h, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen <= h.len; i++) {
		struct cu_span rest;

		if (memcmp(h.ptr + i, key, klen) || (i && h.ptr[i - 1] == '\\'))
			continue;
		rest = cu_span_trim(cu_span_skip(h, i + klen));
		if (rest.len && rest.ptr[0] == ':')
			return true;
	}
	return false;
}

/* A JSON object with a "distroversion" or "secfixes" key near its start. */
static bool probe(const struct cu_import_input *in)
{
	struct cu_span h = cu_span_trim(in->head);

	if (in->is_dir || !h.len || h.ptr[0] != '{')
		return false;
	return has_key(h, "\"distroversion\"") || has_key(h, "\"secfixes\"");
}

const struct cu_importer_ops cu_importer_alpine_secdb = {
	.name = "alpine-secdb",
	.probe = probe,
	.import = import,
};
