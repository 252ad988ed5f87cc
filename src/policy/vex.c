/*
 * vex.c - VEX documents: OpenVEX (https://github.com/openvex/spec, v0.0.1
 * to v0.2.0: statements with vulnerability, products (purls, possibly with
 * subcomponents), status, justification, impact_statement) and CycloneDX
 * VEX (vulnerabilities[].analysis.state with affects[].ref), read into
 * cu_vex_statement; and writing the exceptions file as OpenVEX.
 */
#include <openssl/rand.h>
#include <time.h>

#include "common.h"
#include "exceptions.h"
#include "json.h"
#include "vulndb/import.h"

#define VEX_MAX_BYTES (64 * CU_MiB)
#define VEX_MAX_STATEMENTS 1000000
#define VEX_MAX_PRODUCTS 10000

static struct cu_vex_statement *new_statement(struct cu_exceptions *ex)
{
	if (ex->nvex >= VEX_MAX_STATEMENTS || CU_GROW(ex->vex, ex->vex_alloc, ex->nvex + 1))
		return NULL;
	memset(&ex->vex[ex->nvex], 0, sizeof(ex->vex[0]));
	return &ex->vex[ex->nvex++];
}

static const char *dup(struct cu_exceptions *ex, const char *s)
{
	return s ? cu_arena_strdup(&ex->arena, s) : NULL;
}

/* --- OpenVEX ------------------------------------------------------------- */

static void add_product(struct cu_exceptions *ex, const char **list, size_t *n, const char *id)
{
	if (id && *n < VEX_MAX_PRODUCTS && !strncmp(id, "pkg:", 4))
		list[(*n)++] = dup(ex, id);
}

/* a product: "pkg:..." or {"@id": ..., "identifiers": {"purl": ...}, "subcomponents": [...]} */
static void product_ids(struct cu_exceptions *ex, json_t *p, const char **list, size_t *n,
			int depth)
{
	json_t *subs, *s;
	size_t i;

	if (json_is_string(p)) {
		add_product(ex, list, n, json_string_value(p));
		return;
	}
	subs = cu_json_array(p, "subcomponents");
	if (json_array_size(subs) && depth < 4) {
		/* the product is the image: the statement is about these packages */
		json_array_foreach(subs, i, s)
			product_ids(ex, s, list, n, depth + 1);
		return;
	}
	add_product(ex, list, n, cu_json_str(p, "@id"));
	add_product(ex, list, n, cu_json_str(cu_json_object(p, "identifiers"), "purl"));
}

static const char *openvex_vuln(json_t *st)
{
	json_t *v = json_object_get(st, "vulnerability");

	if (json_is_string(v))
		return json_string_value(v);
	return cu_json_str(v, "name") ? cu_json_str(v, "name") : cu_json_str(v, "@id");
}

static int openvex_statement(struct cu_exceptions *ex, json_t *st, const char *path)
{
	struct cu_vex_statement *v = new_statement(ex);
	json_t *products = cu_json_array(st, "products"), *p;
	const char **list;
	size_t i, n = 0;

	if (!v)
		return CU_ETOOBIG;
	list = cu_arena_calloc(&ex->arena, json_array_size(products) * 64 + 1, sizeof(*list));
	if (!list)
		return CU_ENOMEM;
	json_array_foreach(products, i, p)
		product_ids(ex, p, list, &n, 0);
	v->vulnerability = dup(ex, openvex_vuln(st));
	v->products = list;
	v->status = dup(ex, cu_json_str(st, "status"));
	v->justification = dup(ex, cu_json_str(st, "justification"));
	v->impact = dup(ex, cu_json_str(st, "impact_statement"));
	v->source = dup(ex, path);
	if (!v->vulnerability || !v->status) {
		ex->nvex--;
		return CU_EFORMAT;
	}
	return 0;
}

/* --- CycloneDX VEX ------------------------------------------------------- */

static const char *cdx_status(const char *state)
{
	static const char *const map[][2] = {
		{ "not_affected", "not_affected" }, { "false_positive", "not_affected" },
		{ "resolved", "fixed" }, { "resolved_with_pedigree", "fixed" },
		{ "exploitable", "affected" }, { "in_triage", "under_investigation" },
	};

	for (size_t i = 0; state && i < CU_ARRAY_SIZE(map); i++)
		if (!strcmp(state, map[i][0]))
			return map[i][1];
	return NULL;
}

/* affects[].ref is a purl or the bom-ref of a component that has one */
static const char *ref_purl(json_t *root, const char *ref, int depth)
{
	json_t *comps = depth ? root : cu_json_array(root, "components"), *c;
	size_t i;

	if (!ref || !strncmp(ref, "pkg:", 4) || depth > 8)
		return ref;
	json_array_foreach(comps, i, c) {
		const char *r = cu_json_str(c, "bom-ref"), *found;

		if (r && !strcmp(r, ref))
			return cu_json_str(c, "purl");
		found = ref_purl(cu_json_array(c, "components"), ref, depth + 1);
		if (found && found != ref)
			return found;
	}
	return depth ? ref : NULL;
}

static int cdx_statement(struct cu_exceptions *ex, json_t *root, json_t *vuln,
			 const char *path)
{
	json_t *analysis = cu_json_object(vuln, "analysis");
	json_t *affects = cu_json_array(vuln, "affects"), *a;
	const char *status = cdx_status(cu_json_str(analysis, "state"));
	struct cu_vex_statement *v;
	const char **list;
	size_t i, n = 0;

	if (!status || !cu_json_str(vuln, "id"))
		return 0;	/* no analysis: not a VEX statement */
	v = new_statement(ex);
	list = v ? cu_arena_calloc(&ex->arena, json_array_size(affects) + 1, sizeof(*list)) : NULL;
	if (!list)
		return v ? CU_ENOMEM : CU_ETOOBIG;
	json_array_foreach(affects, i, a) {
		const char *purl = ref_purl(root, cu_json_str(a, "ref"), 0);

		if (purl && !strncmp(purl, "pkg:", 4) && n < VEX_MAX_PRODUCTS)
			list[n++] = dup(ex, purl);
	}
	v->vulnerability = dup(ex, cu_json_str(vuln, "id"));
	v->products = list;
	v->status = status;
	v->justification = dup(ex, cu_json_str(analysis, "justification"));
	v->impact = dup(ex, cu_json_str(analysis, "detail"));
	v->source = dup(ex, path);
	return 0;
}

int cu_vex_load(struct cu_exceptions *ex, const char *path, struct cu_err *err)
{
	struct cu_span data;
	json_t *root = NULL, *list, *item;
	size_t i;
	int rc = cu_file_map(path, VEX_MAX_BYTES, &data, err);

	if (rc)
		return cu_seterr(err, rc, "cannot read VEX document");
	rc = cu_json_parse(data, path, &root, err);
	cu_file_unmap(data);
	if (rc)
		return rc;
	if ((list = cu_json_array(root, "statements"))) {
		json_array_foreach(list, i, item) {
			rc = openvex_statement(ex, item, path);
			if (rc == CU_EFORMAT)
				rc = cu_seterr(err, CU_EFORMAT,
					       "%s: statement %zu lacks a vulnerability or status", path, i);
			if (rc)
				break;
		}
	} else if (cu_json_str(root, "bomFormat") &&
		   (list = cu_json_array(root, "vulnerabilities"))) {
		json_array_foreach(list, i, item)
			if ((rc = cdx_statement(ex, root, item, path)))
				break;
	} else {
		rc = cu_seterr(err, CU_EFORMAT, "%s is not an OpenVEX or CycloneDX VEX document", path);
	}
	if (rc == CU_ETOOBIG || rc == CU_ENOMEM)
		rc = cu_seterr(err, rc, "%s has too many statements", path);
	json_decref(root);
	return rc;
}

/* --- OpenVEX out --------------------------------------------------------- */

static json_t *exception_statement(const struct cu_exception *e)
{
	json_t *st = json_object(), *products = json_array();
	bool not_affected = strcmp(e->status, "accepted_risk") != 0;
	char note[1024];

	json_object_set_new(st, "vulnerability", json_pack("{s:s}", "name", e->id));
	if (e->purl)
		json_array_append_new(products, json_pack("{s:s}", "@id", e->purl));
	json_object_set_new(st, "products", products);
	json_object_set_new(st, "status", json_string(not_affected ? "not_affected" : "affected"));
	snprintf(note, sizeof(note), "%s (owner %s, until %s)", e->reason, e->owner, e->expires);
	if (not_affected) {
		json_object_set_new(st, "justification",
				    json_string(e->justification ? e->justification :
						"vulnerable_code_not_in_execute_path"));
		json_object_set_new(st, "impact_statement", json_string(note));
	} else {
		json_object_set_new(st, "action_statement", json_string(note));
	}
	return st;
}

int cu_exceptions_to_openvex(const struct cu_exceptions *ex, const char *author,
			     struct cu_buf *out, struct cu_err *err)
{
	unsigned char rnd[16];
	char id[128], stamp[32];
	json_t *doc, *statements = json_array();
	time_t t = time(NULL);
	struct tm tm;
	char *text;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return cu_seterr(err, CU_EIO, "no random bytes for the document id");
	snprintf(id, sizeof(id), "urn:uuid:%02x%02x%02x%02x-%02x%02x-4%x%02x-%x%x%02x-%02x%02x%02x%02x%02x%02x",
		 rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6] & 15, rnd[7],
		 8 | (rnd[8] & 3), rnd[8] >> 4, rnd[9], rnd[10], rnd[11], rnd[12], rnd[13],
		 rnd[14], rnd[15]);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < ex->n; i++)
		if (!ex->items[i].expired)
			json_array_append_new(statements, exception_statement(&ex->items[i]));
	doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o}",
			"@context", "https://openvex.dev/ns/v0.2.0", "@id", id,
			"author", author ? author : "customs", "timestamp", stamp,
			"version", 1, "statements", statements);
	text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	if (!text)
		return CU_ENOMEM;
	cu_buf_addstr(out, text);
	cu_buf_addch(out, '\n');
	free(text);
	return 0;
}
