/*
 * exceptions.c - the exceptions file (YAML 1.1 through libyaml's document
 * API; layout in docs/exceptions.md) and applying exceptions to findings.
 */
#include <fnmatch.h>
#include <time.h>
#include <yaml.h>

#include "catalog/catalog.h"
#include "common.h"
#include "exceptions.h"

#define EXC_MAX_BYTES (16 * CU_MiB)
#define EXC_MAX_ENTRIES 100000

void cu_exceptions_init(struct cu_exceptions *ex)
{
	time_t t = time(NULL);
	struct tm tm;

	memset(ex, 0, sizeof(*ex));
	cu_arena_init(&ex->arena, 0);
	gmtime_r(&t, &tm);
	strftime(ex->today, sizeof(ex->today), "%Y-%m-%d", &tm);
}

void cu_exceptions_release(struct cu_exceptions *ex)
{
	free(ex->items);
	free(ex->vex);
	cu_arena_release(&ex->arena);
	memset(ex, 0, sizeof(*ex));
}

/* A real calendar date YYYY-MM-DD. */
static bool valid_date(const char *s)
{
	struct tm tm;
	const char *end;

	struct tm norm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (strlen(s) != 10 || !(end = strptime(s, "%Y-%m-%d", &tm)) || *end)
		return false;
	/* strptime takes February 30th; timegm normalises it to March 2nd */
	norm = tm;
	t = timegm(&norm);
	gmtime_r(&t, &norm);
	return norm.tm_mday == tm.tm_mday && norm.tm_mon == tm.tm_mon;
}

static const char *scalar(yaml_document_t *doc, yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	(void)doc;
	return (const char *)n->data.scalar.value;
}

static const char *known_status(const char *s)
{
	static const char *const ok[] = { "accepted_risk", "not_affected", "false_positive" };

	for (size_t i = 0; i < CU_ARRAY_SIZE(ok); i++)
		if (!strcmp(s, ok[i]))
			return ok[i];
	return NULL;
}

static int set_field(struct cu_exceptions *ex, struct cu_exception *e,
		     const char *key, const char *val, const char *where,
		     struct cu_err *err)
{
	static const char *const keys[] = {
		"id", "package", "purl", "path", "image", "owner", "reason", "expires",
		"status", "justification",
	};
	const char **slots[] = {
		&e->id, &e->package, &e->purl, &e->path, &e->image, &e->owner,
		&e->reason, &e->expires, &e->status, &e->justification,
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(keys); i++) {
		if (strcmp(key, keys[i]))
			continue;
		if (!val || !*val)
			return cu_seterr(err, CU_EFORMAT, "%s: '%s' must be a non-empty string",
					 where, key);
		*slots[i] = cu_arena_strdup(&ex->arena, val);
		return *slots[i] ? 0 : CU_ENOMEM;
	}
	return cu_seterr(err, CU_EFORMAT, "%s: unknown key '%s'", where, key);
}

static int check_entry(struct cu_exception *e, const char *where, struct cu_err *err)
{
	const char *missing = !e->id ? "id" : !e->owner ? "owner" : !e->reason ? "reason" :
			      !e->expires ? "expires" : NULL;

	if (missing)
		return cu_seterr(err, CU_EFORMAT,
				 "%s: exception without '%s' (every exception needs id, owner, reason and expires)",
				 where, missing);
	if (!valid_date(e->expires))
		return cu_seterr(err, CU_EFORMAT, "%s: expires '%s' is not a date (YYYY-MM-DD)",
				 where, e->expires);
	if (e->status && !known_status(e->status))
		return cu_seterr(err, CU_EFORMAT,
				 "%s: status '%s' is not accepted_risk, not_affected or false_positive",
				 where, e->status);
	if (!e->status)
		e->status = "accepted_risk";
	return 0;
}

static int load_entry(struct cu_exceptions *ex, yaml_document_t *doc, yaml_node_t *map,
		      const char *path, struct cu_err *err)
{
	struct cu_exception *e;
	char where[600];
	yaml_node_pair_t *p;
	int rc;

	snprintf(where, sizeof(where), "%s:%zu", path, map->start_mark.line + 1);
	if (map->type != YAML_MAPPING_NODE)
		return cu_seterr(err, CU_EFORMAT, "%s: an exception must be a mapping", where);
	if (ex->n >= EXC_MAX_ENTRIES)
		return cu_seterr(err, CU_ETOOBIG, "%s: more than %d exceptions", path, EXC_MAX_ENTRIES);
	e = &ex->items[ex->n];
	memset(e, 0, sizeof(*e));
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *key = scalar(doc, yaml_document_get_node(doc, p->key));
		const char *val = scalar(doc, yaml_document_get_node(doc, p->value));

		if (!key)
			return cu_seterr(err, CU_EFORMAT, "%s: keys must be strings", where);
		rc = set_field(ex, e, key, val, where, err);
		if (rc)
			return rc;
	}
	e->source = cu_arena_strdup(&ex->arena, where);
	rc = check_entry(e, where, err);
	if (rc)
		return rc;
	e->expired = strcmp(e->expires, ex->today) < 0;
	ex->n++;
	return 0;
}

/* The root: a mapping with an "exceptions" list (or the list itself). */
static yaml_node_t *entries_of(yaml_document_t *doc)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	yaml_node_pair_t *p;

	if (!root || root->type == YAML_SEQUENCE_NODE)
		return root;
	if (root->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		const char *key = scalar(doc, yaml_document_get_node(doc, p->key));

		if (key && !strcmp(key, "exceptions"))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static int load_document(struct cu_exceptions *ex, yaml_document_t *doc,
			 const char *path, struct cu_err *err)
{
	yaml_node_t *list = entries_of(doc);
	yaml_node_item_t *it;
	size_t n;
	int rc = 0;

	if (!yaml_document_get_root_node(doc))
		return 0;	/* empty file */
	if (!list || list->type != YAML_SEQUENCE_NODE)
		return cu_seterr(err, CU_EFORMAT, "%s: expected a list under 'exceptions:'", path);
	n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
	if (CU_GROW(ex->items, ex->alloc, ex->n + n + 1))
		return CU_ENOMEM;
	for (it = list->data.sequence.items.start; !rc && it < list->data.sequence.items.top; it++)
		rc = load_entry(ex, doc, yaml_document_get_node(doc, *it), path, err);
	return rc;
}

int cu_exceptions_load(struct cu_exceptions *ex, const char *path, struct cu_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	FILE *f = fopen(path, "rb");
	long size;
	int rc;

	if (!f)
		return cu_seterr(err, CU_ENOTFOUND, "cannot open exceptions file '%s'", path);
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || size > (long)EXC_MAX_BYTES ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return cu_seterr(err, CU_ETOOBIG, "exceptions file '%s' is too large", path);
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = cu_seterr(err, CU_EFORMAT, "%s:%zu: invalid YAML: %s", path,
			       parser.problem_mark.line + 1,
			       parser.problem ? parser.problem : "syntax error");
		yaml_parser_delete(&parser);
		fclose(f);
		return rc;
	}
	rc = load_document(ex, &doc, path, err);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

/* --- applying ------------------------------------------------------------ */

static bool names_finding(const char *id, const struct cu_exc_subject *f)
{
	if (!strcmp(id, f->id))
		return true;
	for (size_t i = 0; i < f->naliases; i++)
		if (!strcmp(id, f->aliases[i]))
			return true;
	return false;
}

/* "pkg:deb/debian/zlib1g" matches any version and qualifiers of that package */
static bool purl_covers(const char *want, const char *have)
{
	size_t n = strcspn(want, "?#");

	if (!have || strncmp(want, have, n))
		return false;
	if (!strchr(want, '@'))
		return have[n] == '@' || have[n] == '?' || have[n] == '#' || have[n] == '\0';
	return have[n] == '?' || have[n] == '#' || have[n] == '\0';
}

static bool in_scope(const struct cu_exception *e, const struct cu_exc_subject *f,
		     const char *image_ref)
{
	if (!names_finding(e->id, f))
		return false;
	if (e->package && strcmp(e->package, f->name) &&
	    (!f->source_name || strcmp(e->package, f->source_name)))
		return false;
	if (e->purl && !purl_covers(e->purl, f->purl))
		return false;
	if (e->path && (!f->location || fnmatch(e->path, f->location, 0)))
		return false;
	if (e->image && (!image_ref || fnmatch(e->image, image_ref, 0)))
		return false;
	return true;
}

static bool vex_covers(const struct cu_vex_statement *v, const struct cu_exc_subject *f)
{
	if (!names_finding(v->vulnerability, f))
		return false;
	if (!v->products || !v->products[0])
		return true;	/* a statement about every product */
	for (size_t i = 0; v->products[i]; i++)
		if (purl_covers(v->products[i], f->purl))
			return true;
	return false;
}

void cu_exceptions_judge(struct cu_exceptions *ex, const struct cu_exc_subject *f,
			 const char *image_ref, struct cu_exc_verdict *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < ex->n; k++) {
		struct cu_exception *e = &ex->items[k];

		if (!in_scope(e, f, image_ref))
			continue;
		e->matched++;
		out->exception = e;
		if (!e->expired) {
			out->suppressed_by = "exception";
			return;
		}
		break;
	}
	for (size_t i = 0; i < ex->nvex; i++) {
		struct cu_vex_statement *v = &ex->vex[i];

		if (!vex_covers(v, f))
			continue;
		v->matched++;
		out->vex = v;
		if (!strcmp(v->status, "not_affected") || !strcmp(v->status, "fixed"))
			out->suppressed_by = "vex";
		return;
	}
}

void cu_exceptions_apply(struct cu_exceptions *ex, struct cu_matches *m,
			 const char *image_ref)
{
	for (size_t i = 0; i < m->n; i++) {
		struct cu_finding *f = m->items[i];
		const struct cu_pkg *p = f->pkg;
		struct cu_exc_subject s = {
			.id = f->id, .aliases = f->aliases, .naliases = f->naliases,
			.name = p->name, .source_name = p->source_name, .purl = p->purl,
			.location = p->location,
		};
		struct cu_exc_verdict v;

		cu_exceptions_judge(ex, &s, image_ref, &v);
		f->exception = v.exception;
		f->exception_expired = v.exception && v.exception->expired;
		f->vex = v.vex;
		f->suppressed_by = v.suppressed_by;
	}
}
