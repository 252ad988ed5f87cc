/*
 * report-read.c - a saved JSON report (docs/report-json.md, schema
 * "customs-report/1") read back into a struct cu_snapshot (live scans are
 * converted in snapshot.c).
 *
 * Reports come from files anyone may hand us, so every member is checked for
 * type before use, strings and counts are capped, numbers must be in range,
 * and the first problem ends the read with a message naming the file and
 * the member ("report 'v1.json': findings[3].package: no \"name\"").
 * Members the comparison does not need (summary, gate, stats ...) are not
 * looked at, so reports from newer versions of the same schema still read.
 */
#include <sys/stat.h>

#include "common.h"
#include "json.h"
#include "report-read.h"
#include "report.h"
#include "snapshot-internal.h"

bool cu_snapshot_sniff(struct cu_span head)
{
	head = cu_span_trim(head);
	return head.len > 0 && (head.ptr[0] == '{' || head.ptr[0] == '[');
}

/* s fit for a one-line message: printable ASCII only, at most 60 bytes. */
static const char *printable(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; s && *s && n + 1 < len && n < 60; s++)
		buf[n++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	buf[n] = '\0';
	return buf;
}

static int bad(struct cu_snap_reader *r, int code, const char *where, const char *problem)
{
	return cu_seterr(r->err, code, "%s: %s%s%s", r->what, where,
			 *where ? ": " : "", problem);
}

/*
 * String member key of obj into *out (an arena copy): absent or null gives
 * NULL, which is an error when required; anything else must be a string.
 */
static int get_str(struct cu_snap_reader *r, const json_t *obj, const char *key,
		   bool required, const char *where, const char **out)
{
	json_t *v = json_object_get(obj, key);
	char msg[96];

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		snprintf(msg, sizeof(msg), "no \"%s\"", key);
		return bad(r, CU_EFORMAT, where, msg);
	}
	snprintf(msg, sizeof(msg), "\"%s\" is not a string", key);
	if (!json_is_string(v))
		return bad(r, CU_EFORMAT, where, msg);
	snprintf(msg, sizeof(msg), "\"%s\" is longer than %d bytes", key,
		 CU_CAP_REPORT_STRING);
	if (json_string_length(v) > CU_CAP_REPORT_STRING)
		return bad(r, CU_ETOOBIG, where, msg);
	snprintf(msg, sizeof(msg), "\"%s\" holds a NUL byte", key);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return bad(r, CU_EFORMAT, where, msg);
	*out = cu_arena_strdup(&r->s->arena, json_string_value(v));
	return *out ? 0 : bad(r, CU_ENOMEM, where, "out of memory");
}

/* A whole number from 0 to max; required members only. */
static int get_uint(struct cu_snap_reader *r, const json_t *obj, const char *key,
		    uint64_t max, const char *where, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);
	char msg[96];

	snprintf(msg, sizeof(msg), "\"%s\" is not a whole number from 0 to %llu",
		 key, (unsigned long long)max);
	if (!v) {
		snprintf(msg, sizeof(msg), "no \"%s\"", key);
		return bad(r, CU_EFORMAT, where, msg);
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) > max)
		return bad(r, CU_EFORMAT, where, msg);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* 1 / 0 for true / false, -1 for absent or null. */
static int get_flag(struct cu_snap_reader *r, const json_t *obj, const char *key,
		    const char *where, int *out)
{
	json_t *v = json_object_get(obj, key);
	char msg[96];

	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	snprintf(msg, sizeof(msg), "\"%s\" is not true, false or null", key);
	if (!json_is_boolean(v))
		return bad(r, CU_EFORMAT, where, msg);
	*out = json_is_true(v);
	return 0;
}

/* An array member: absent or null gives NULL unless required. */
static int get_array(struct cu_snap_reader *r, const json_t *obj, const char *key,
		     bool required, const char *where, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	char msg[96];

	*out = NULL;
	if ((!v || json_is_null(v)) && !required)
		return 0;
	snprintf(msg, sizeof(msg), "\"%s\" is %s", key, v ? "not an array" : "missing");
	if (!json_is_array(v))
		return bad(r, CU_EFORMAT, where, msg);
	*out = v;
	return 0;
}

static int check_count(struct cu_snap_reader *r, const json_t *a, size_t cap, const char *what)
{
	char msg[96];

	if (json_array_size(a) <= cap)
		return 0;
	snprintf(msg, sizeof(msg), "more than %zu %s", cap, what);
	return bad(r, CU_ETOOBIG, "", msg);
}

/* --- packages ------------------------------------------------------------ */

int cu_snapshot_reader_init(struct cu_snap_reader *r, struct cu_snapshot *s, size_t room,
		       const char *what, struct cu_err *err)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->what = what;
	r->err = err;
	r->pkg_room = room;
	cu_map_init(&r->pkgs, room);
	cu_buf_init(&r->key, 4 * CU_CAP_REPORT_STRING + 8);
	s->pkgs = cu_arena_calloc(&s->arena, room ? room : 1, sizeof(*s->pkgs));
	return s->pkgs ? 0 : cu_seterr(err, CU_ENOMEM, "%s: out of memory", what);
}

void cu_snapshot_reader_release(struct cu_snap_reader *r)
{
	cu_map_release(&r->pkgs);
	cu_buf_release(&r->key);
}

int cu_snapshot_intern_pkg(struct cu_snap_reader *r, const struct cu_snap_pkg *p,
		      const struct cu_snap_pkg **out)
{
	struct cu_snapshot *s = r->s;
	struct cu_snap_pkg *q;
	char *key;
	int rc;

	cu_buf_reset(&r->key);
	cu_buf_addf(&r->key, "%s%c%s%c%s%c%s", p->type, 0, p->name, 0, p->version, 0,
		    p->arch ? p->arch : "");
	q = cu_map_get(&r->pkgs, cu_buf_span(&r->key));
	if (q)
		goto out;
	if (s->npkgs >= r->pkg_room)
		return cu_seterr(r->err, CU_ETOOBIG, "%s: too many packages", r->what);
	q = cu_arena_alloc(&s->arena, sizeof(*q));
	key = cu_arena_strndup(&s->arena, r->key.buf, r->key.len);
	if (!q || !key)
		return cu_seterr(r->err, CU_ENOMEM, "%s: out of memory", r->what);
	*q = *p;
	rc = cu_map_put(&r->pkgs, cu_span_make(key, r->key.len), q);
	if (rc)
		return cu_seterr(r->err, rc, "%s: too many packages", r->what);
	s->pkgs[s->npkgs++] = q;
out:
	*out = q;
	return 0;
}

/* package.layer: null, or { "index": i, "base": b, ... } with i in range */
static int parse_pkg_layer(struct cu_snap_reader *r, const json_t *obj, const char *where,
			   struct cu_snap_pkg *p)
{
	json_t *l = json_object_get(obj, "layer");
	uint64_t index;
	int rc;

	p->layer = -1;
	p->base = -1;
	if (!l || json_is_null(l))
		return 0;
	if (!json_is_object(l))
		return bad(r, CU_EFORMAT, where, "\"layer\" is not an object");
	rc = get_uint(r, l, "index", r->s->nlayers ? r->s->nlayers - 1 : 0, where, &index);
	if (!rc && !r->s->nlayers)
		rc = bad(r, CU_EFORMAT, where, "names a layer but the target has none");
	if (!rc)
		rc = get_flag(r, l, "base", where, &p->base);
	p->layer = (int)index;
	return rc;
}

static int parse_pkg(struct cu_snap_reader *r, const json_t *obj, const char *where,
		     const struct cu_snap_pkg **out)
{
	struct cu_snap_pkg p = { 0 };
	int rc;

	if (!json_is_object(obj))
		return bad(r, CU_EFORMAT, where, "not an object");
	rc = get_str(r, obj, "name", true, where, &p.name);
	if (!rc)
		rc = get_str(r, obj, "version", true, where, &p.version);
	if (!rc)
		rc = get_str(r, obj, "type", true, where, &p.type);
	if (!rc)
		rc = get_str(r, obj, "arch", false, where, &p.arch);
	if (!rc)
		rc = get_str(r, obj, "purl", false, where, &p.purl);
	if (!rc)
		rc = get_str(r, obj, "source_name", false, where, &p.source_name);
	if (!rc)
		rc = parse_pkg_layer(r, obj, where, &p);
	return rc ? rc : cu_snapshot_intern_pkg(r, &p, out);
}

/* --- findings ------------------------------------------------------------ */

static int parse_aliases(struct cu_snap_reader *r, const json_t *obj, const char *where,
			 struct cu_snap_finding *f)
{
	json_t *a;
	int rc = get_array(r, obj, "aliases", false, where, &a);
	size_t n = a ? json_array_size(a) : 0;

	if (rc)
		return rc;
	if (n > CU_CAP_REPORT_ALIASES)
		return bad(r, CU_ETOOBIG, where, "too many aliases");
	f->aliases = cu_arena_calloc(&r->s->arena, n + 1, sizeof(*f->aliases));
	if (!f->aliases)
		return bad(r, CU_ENOMEM, where, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(a, i);

		if (!json_is_string(v) || json_string_length(v) > CU_CAP_REPORT_STRING ||
		    strlen(json_string_value(v)) != json_string_length(v))
			return bad(r, CU_EFORMAT, where, "an alias is not a short string");
		f->aliases[i] = cu_arena_strdup(&r->s->arena, json_string_value(v));
		if (!f->aliases[i])
			return bad(r, CU_ENOMEM, where, "out of memory");
	}
	f->naliases = n;
	return 0;
}

static int parse_severity(struct cu_snap_reader *r, const json_t *obj, const char *where,
			  struct cu_snap_finding *f)
{
	const char *name;
	char msg[128], shown[64];
	int rc = get_str(r, obj, "severity", true, where, &name), sev;

	if (rc)
		return rc;
	sev = cu_severity_parse(name);
	snprintf(msg, sizeof(msg), "unknown severity '%s'", printable(name, shown, sizeof(shown)));
	if (sev < 0)
		return bad(r, CU_EFORMAT, where, msg);
	f->severity = (enum cu_severity)sev;
	return 0;
}

/* kev: an object (in KEV) or null; epss: null or { "score": 0..1 } */
static int parse_exploit(struct cu_snap_reader *r, const json_t *obj, const char *where,
			 struct cu_snap_finding *f)
{
	json_t *kev = json_object_get(obj, "kev"), *epss = json_object_get(obj, "epss");
	json_t *score;

	if (kev && !json_is_null(kev) && !json_is_object(kev))
		return bad(r, CU_EFORMAT, where, "\"kev\" is not an object or null");
	f->kev = json_is_object(kev);
	f->epss = -1;
	if (!epss || json_is_null(epss))
		return 0;
	score = json_object_get(epss, "score");
	if (!json_is_object(epss) || !json_is_number(score) ||
	    !(json_number_value(score) >= 0 && json_number_value(score) <= 1))
		return bad(r, CU_EFORMAT, where, "\"epss\" has no score from 0 to 1");
	f->epss = json_number_value(score);
	return 0;
}

static int parse_finding(struct cu_snap_reader *r, const json_t *obj, size_t i,
			 struct cu_snap_finding *f, bool *suppressed)
{
	char where[64], pwhere[80];
	json_t *sup;
	int rc;

	snprintf(where, sizeof(where), "findings[%zu]", i);
	snprintf(pwhere, sizeof(pwhere), "findings[%zu].package", i);
	if (!json_is_object(obj))
		return bad(r, CU_EFORMAT, where, "not an object");
	rc = get_str(r, obj, "id", true, where, &f->id);
	if (!rc)
		rc = parse_aliases(r, obj, where, f);
	if (!rc && !json_object_get(obj, "package"))
		rc = bad(r, CU_EFORMAT, where, "no \"package\"");
	if (!rc)
		rc = parse_pkg(r, json_object_get(obj, "package"), pwhere, &f->pkg);
	if (!rc)
		rc = get_str(r, json_object_get(obj, "package"), "location", false, pwhere,
			     &f->location);
	if (!rc)
		rc = parse_severity(r, obj, where, f);
	if (!rc)
		rc = get_str(r, obj, "status", false, where, &f->status);
	if (!rc)
		rc = get_str(r, obj, "fixed_version", false, where, &f->fixed_version);
	if (!rc)
		rc = parse_exploit(r, obj, where, f);
	sup = json_object_get(obj, "suppressed");
	if (!rc && sup && !json_is_null(sup) && !json_is_object(sup))
		rc = bad(r, CU_EFORMAT, where, "\"suppressed\" is not an object or null");
	*suppressed = json_is_object(sup);
	return rc;
}

/* --- the document -------------------------------------------------------- */

static int parse_layers(struct cu_snap_reader *r, const json_t *target)
{
	struct cu_snapshot *s = r->s;
	json_t *a;
	char where[64];
	int rc = get_array(r, target, "layers", true, "target", &a);

	if (!rc)
		rc = check_count(r, a, CU_CAP_LAYERS, "layers");
	if (rc)
		return rc;
	s->nlayers = json_array_size(a);
	s->layers = cu_arena_calloc(&s->arena, s->nlayers + 1, sizeof(*s->layers));
	if (!s->layers)
		return bad(r, CU_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < s->nlayers && !rc; i++) {
		json_t *l = json_array_get(a, i);

		snprintf(where, sizeof(where), "target.layers[%zu]", i);
		if (!json_is_object(l))
			return bad(r, CU_EFORMAT, where, "not an object");
		rc = get_uint(r, l, "size", INT64_MAX, where, &s->layers[i].size);
		if (!rc)
			rc = get_str(r, l, "digest", false, where, &s->layers[i].digest);
		if (!rc && __builtin_add_overflow(s->image_size, s->layers[i].size,
						  &s->image_size))
			rc = bad(r, CU_EFORMAT, where, "the layer sizes add up past 2^64");
	}
	return rc;
}

static int parse_target(struct cu_snap_reader *r, const json_t *root)
{
	struct cu_snapshot *s = r->s;
	json_t *t = json_object_get(root, "target");
	int rc;

	if (!json_is_object(t))
		return bad(r, CU_EFORMAT, "", t ? "\"target\" is not an object" : "no \"target\"");
	rc = get_str(r, t, "ref", true, "target", &s->ref);
	if (!rc)
		rc = get_str(r, t, "manifest_digest", false, "target", &s->manifest_digest);
	if (!rc)
		rc = get_str(r, t, "config_digest", false, "target", &s->config_digest);
	if (!rc)
		rc = get_str(r, t, "created", false, "target", &s->image_created);
	return rc ? rc : parse_layers(r, t);
}

static int check_schema(struct cu_snap_reader *r, const json_t *root)
{
	const char *id = cu_json_str(root, "schema");
	char shown[64];

	if (!json_is_object(root))
		return cu_seterr(r->err, CU_EFORMAT, "%s: not a JSON object", r->what);
	if (!id)
		return cu_seterr(r->err, CU_EFORMAT,
				 "%s: no \"schema\" id: not a customs JSON report", r->what);
	if (strcmp(id, CU_REPORT_SCHEMA) != 0)
		return cu_seterr(r->err, CU_EUNSUPPORTED,
				 "%s: unsupported schema '%s' (customs reads '%s' reports)",
				 r->what, printable(id, shown, sizeof(shown)), CU_REPORT_SCHEMA);
	return 0;
}

static int parse_findings(struct cu_snap_reader *r, const json_t *a)
{
	struct cu_snapshot *s = r->s;
	size_t n = json_array_size(a);
	bool suppressed = false;
	int rc = 0;

	s->nfindings = 0;
	s->findings = cu_arena_calloc(&s->arena, n + 1, sizeof(*s->findings));
	if (!s->findings)
		return bad(r, CU_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		memset(&s->findings[s->nfindings], 0, sizeof(*s->findings));
		rc = parse_finding(r, json_array_get(a, i), i, &s->findings[s->nfindings],
				   &suppressed);
		if (!rc && !suppressed)
			s->nfindings++;
	}
	return rc;
}

static int parse_root(struct cu_snap_reader *r, const json_t *root)
{
	struct cu_snapshot *s = r->s;
	const json_t *db = cu_json_object(root, "database");
	json_t *pkgs, *findings;
	char where[64];
	int rc = parse_target(r, root);

	if (!rc)
		rc = get_str(r, root, "created", false, "", &s->created);
	if (!rc && db)
		rc = get_str(r, db, "updated_at", false, "database", &s->db_updated_at);
	if (!rc)
		rc = get_array(r, root, "packages", false, "", &pkgs);
	if (!rc)
		rc = get_array(r, root, "findings", true, "", &findings);
	if (rc)
		return rc;
	s->all_pkgs = pkgs != NULL;
	for (size_t i = 0; pkgs && i < json_array_size(pkgs) && !rc; i++) {
		const struct cu_snap_pkg *p;

		snprintf(where, sizeof(where), "packages[%zu]", i);
		rc = parse_pkg(r, json_array_get(pkgs, i), where, &p);
	}
	return rc ? rc : parse_findings(r, findings);
}

int cu_snapshot_parse(struct cu_span data, const char *what,
		      struct cu_snapshot *out, struct cu_err *err)
{
	struct cu_snap_reader r;
	json_t *root = NULL, *pkgs, *findings;
	size_t room;
	int rc;

	memset(&r, 0, sizeof(r));
	r.what = what;
	r.err = err;
	cu_snapshot_release(out);
	out->from_report = true;
	if (data.len > CU_CAP_REPORT_BYTES)
		return cu_seterr(err, CU_ETOOBIG, "%s: larger than %llu MiB", what,
				 (unsigned long long)(CU_CAP_REPORT_BYTES / CU_MiB));
	rc = cu_json_parse(data, what, &root, err);
	if (rc)
		return rc;
	rc = check_schema(&r, root);
	if (rc)
		goto out;
	pkgs = cu_json_array(root, "packages");
	findings = cu_json_array(root, "findings");
	if (pkgs)
		rc = check_count(&r, pkgs, CU_CAP_REPORT_PKGS, "packages");
	if (!rc && findings)
		rc = check_count(&r, findings, CU_CAP_FINDINGS, "findings");
	room = (pkgs ? json_array_size(pkgs) : 0) + (findings ? json_array_size(findings) : 0);
	if (!rc)
		rc = cu_snapshot_reader_init(&r, out, room, what, err);
	if (!rc)
		rc = parse_root(&r, root);
out:
	cu_snapshot_reader_release(&r);
	json_decref(root);
	if (rc) {
		cu_snapshot_release(out);
		out->from_report = true;
	}
	return rc;
}

/* --- files --------------------------------------------------------------- */

static int read_capped(FILE *fp, const char *path, struct cu_buf *b, struct cu_err *err)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b->len + n > CU_CAP_REPORT_BYTES)
			return cu_seterr(err, CU_ETOOBIG, "report '%s': larger than %llu MiB",
					 path, (unsigned long long)(CU_CAP_REPORT_BYTES / CU_MiB));
		if (cu_buf_add(b, chunk, n))
			return cu_seterr(err, CU_ENOMEM, "report '%s': out of memory", path);
	}
	return ferror(fp) ? cu_seterr(err, CU_EIO, "cannot read report '%s'", path) : 0;
}

int cu_snapshot_load(const char *path, struct cu_snapshot *out, struct cu_err *err)
{
	struct cu_buf data = CU_BUF_INIT, what = CU_BUF_INIT;
	FILE *fp = fopen(path, "rb");
	struct stat st;
	int rc;

	if (!fp)
		return cu_seterr(err, CU_ENOTFOUND, "cannot open report '%s'", path);
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = cu_seterr(err, CU_EIO, "report '%s' is not a regular file", path);
		goto out;
	}
	cu_buf_init(&data, CU_CAP_REPORT_BYTES + 1);
	rc = read_capped(fp, path, &data, err);
	if (rc)
		goto out;
	cu_buf_addf(&what, "report '%s'", path);
	rc = cu_snapshot_parse(cu_buf_span(&data), cu_buf_str(&what), out, err);
out:
	fclose(fp);
	cu_buf_release(&data);
	cu_buf_release(&what);
	return rc;
}
