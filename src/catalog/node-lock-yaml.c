/*
 * node-lock-yaml.c - the entries of a YAML lockfile (Yarn Berry's
 * yarn.lock, pnpm-lock.yaml), read with libyaml's event parser (YAML 1.1):
 * only the entry being read is held in memory, aliases are never expanded,
 * and nesting deeper than CU_NL_DEPTH_MAX ends the walk, which also bounds
 * libyaml's own stacks (it has no depth limit of its own).
 *
 * Of each entry the walker keeps its key, the scalar fields a lockfile
 * reader wants (name, version, resolution, dev) and the keys of its
 * dependencies and optionalDependencies mappings; the rest is skipped.
 */
#include <yaml.h>

#include "common.h"
#include "node-lock.h"

/* text kept of one entry: its key, fields and dependency names */
#define NL_YAML_ENTRY_MAX	(1 * CU_MiB)

struct ref {
	size_t off, len;
};

struct ywalk {
	yaml_parser_t parser;
	yaml_event_t ev;
	bool have_ev;			/* ev holds an event to delete */
	const char *what;
	struct cu_err *err;
	const char *const *sections;
	cu_nl_yentry_fn fn;
	void *ctx;
	/* the entry being read: its strings in text, referred to by offset */
	struct cu_buf text;
	struct ref key, field[CU_NL_Y_NFIELDS];
	struct ref *deps;		/* CU_NPM_DEPENDS_MAX */
	size_t ndeps;
	struct cu_span *dep_spans;	/* CU_NPM_DEPENDS_MAX, for the callback */
};

static const char *const field_names[CU_NL_Y_NFIELDS] = {
	[CU_NL_Y_NAME] = "name",
	[CU_NL_Y_VERSION] = "version",
	[CU_NL_Y_RESOLUTION] = "resolution",
	[CU_NL_Y_DEV] = "dev",
	[CU_NL_Y_INTEGRITY] = "integrity",
};

static int next(struct ywalk *w)
{
	if (w->have_ev)
		yaml_event_delete(&w->ev);
	w->have_ev = false;
	if (!yaml_parser_parse(&w->parser, &w->ev))
		return cu_seterr(w->err, CU_EFORMAT, "%s: malformed YAML at line %zu: %s",
				 w->what, w->parser.problem_mark.line + 1,
				 w->parser.problem ? w->parser.problem : "parse error");
	w->have_ev = true;
	return 0;
}

static bool is(const struct ywalk *w, yaml_event_type_t type)
{
	return w->ev.type == type;
}

static struct cu_span scalar(const struct ywalk *w)
{
	return cu_span_make(w->ev.data.scalar.value, w->ev.data.scalar.length);
}

static int too_deep(struct ywalk *w)
{
	return cu_seterr(w->err, CU_EFORMAT, "%s: YAML nested deeper than %d levels at line %zu",
			 w->what, CU_NL_DEPTH_MAX, w->ev.start_mark.line + 1);
}

/* Skip the node whose first event is the current one. */
static int skip_node(struct ywalk *w)
{
	int depth = 0, rc = 0;

	do {
		if (is(w, YAML_SEQUENCE_START_EVENT) || is(w, YAML_MAPPING_START_EVENT)) {
			if (++depth > CU_NL_DEPTH_MAX)
				return too_deep(w);
		} else if (is(w, YAML_SEQUENCE_END_EVENT) || is(w, YAML_MAPPING_END_EVENT)) {
			depth--;
		} else if (!is(w, YAML_SCALAR_EVENT) && !is(w, YAML_ALIAS_EVENT)) {
			return cu_seterr(w->err, CU_EFORMAT, "%s: unexpected end of YAML", w->what);
		}
		if (!depth)
			return 0;
		rc = next(w);
	} while (!rc);
	return rc;
}

/* A mapping member whose key is not a scalar: skip key and value. */
static int skip_pair(struct ywalk *w)
{
	int rc = skip_node(w);

	if (!rc)
		rc = next(w);
	return rc ? rc : skip_node(w);
}

static int store(struct ywalk *w, struct ref *r)
{
	struct cu_span s = scalar(w);

	r->off = w->text.len;
	r->len = s.len;
	if (cu_buf_addspan(&w->text, s) == 0)
		return 0;
	return cu_seterr(w->err, CU_EFORMAT, "%s: an entry larger than %llu bytes at line %zu",
			 w->what, (unsigned long long)NL_YAML_ENTRY_MAX,
			 w->ev.start_mark.line + 1);
}

/* The keys of a dependencies mapping (the current event starts it). */
static int read_deps(struct ywalk *w)
{
	int rc;

	for (;;) {
		if ((rc = next(w)) || is(w, YAML_MAPPING_END_EVENT))
			return rc;
		if (!is(w, YAML_SCALAR_EVENT)) {
			rc = skip_pair(w);
		} else {
			if (w->ndeps < CU_NPM_DEPENDS_MAX)
				rc = store(w, &w->deps[w->ndeps++]);
			if (!rc)
				rc = next(w);
			if (!rc)
				rc = skip_node(w);	/* the range */
		}
		if (rc)
			return rc;
	}
}

static int which_field(struct cu_span key)
{
	for (int i = 0; i < CU_NL_Y_NFIELDS; i++)
		if (cu_span_eq_str(key, field_names[i]))
			return i;
	return -1;
}

/*
 * The next member of the mapping being read, skipping those whose key is
 * not a scalar: *done at the mapping's end, else *hit says whether match
 * took the key, and the current event is the value's first.
 */
static int next_member(struct ywalk *w, bool (*match)(const struct ywalk *w, struct cu_span key),
		       bool *hit, bool *done)
{
	int rc;

	*done = false;
	for (;;) {
		if ((rc = next(w)))
			return rc;
		if (is(w, YAML_MAPPING_END_EVENT)) {
			*done = true;
			return 0;
		}
		if (is(w, YAML_SCALAR_EVENT))
			break;
		if ((rc = skip_pair(w)))
			return rc;
	}
	*hit = match(w, scalar(w));
	return next(w);
}

static bool is_integrity(const struct ywalk *w, struct cu_span key)
{
	return cu_span_eq_str(key, "integrity");
}

/* pnpm's resolution mapping (the current event starts it): its integrity. */
static int read_resolution(struct ywalk *w)
{
	bool hit, done;
	int rc;

	while (!(rc = next_member(w, is_integrity, &hit, &done)) && !done) {
		rc = hit && is(w, YAML_SCALAR_EVENT) ?
		     store(w, &w->field[CU_NL_Y_INTEGRITY]) : skip_node(w);
		if (rc)
			break;
	}
	return rc;
}

/* One field of an entry; the current event is its key. */
static int read_field(struct ywalk *w)
{
	struct cu_span key = scalar(w);
	int field = which_field(key), rc;
	bool deps = cu_span_eq_str(key, "dependencies") ||
		    cu_span_eq_str(key, "optionalDependencies");

	if ((rc = next(w)))
		return rc;
	if (field >= 0 && is(w, YAML_SCALAR_EVENT))
		return store(w, &w->field[field]);
	if (field == CU_NL_Y_RESOLUTION && is(w, YAML_MAPPING_START_EVENT))
		return read_resolution(w);
	if (deps && is(w, YAML_MAPPING_START_EVENT))
		return read_deps(w);
	return skip_node(w);
}

/* The value of an entry: a mapping of fields (anything else is skipped). */
static int read_fields(struct ywalk *w)
{
	int rc;

	if (!is(w, YAML_MAPPING_START_EVENT))
		return skip_node(w);
	for (;;) {
		if ((rc = next(w)) || is(w, YAML_MAPPING_END_EVENT))
			return rc;
		rc = is(w, YAML_SCALAR_EVENT) ? read_field(w) : skip_pair(w);
		if (rc)
			return rc;
	}
}

static struct cu_span span_of(const struct ywalk *w, struct ref r)
{
	return cu_span_make(w->text.buf ? w->text.buf + r.off : "", r.len);
}

/* One entry; the current event is its key. */
static int entry(struct ywalk *w)
{
	struct cu_nl_yentry e = { 0 };
	int rc;

	cu_buf_reset(&w->text);
	memset(w->field, 0, sizeof(w->field));
	w->ndeps = 0;
	if ((rc = store(w, &w->key)) || (rc = next(w)) || (rc = read_fields(w)))
		return rc;
	e.key = span_of(w, w->key);
	for (int i = 0; i < CU_NL_Y_NFIELDS; i++)
		e.field[i] = span_of(w, w->field[i]);
	for (size_t i = 0; i < w->ndeps; i++)
		w->dep_spans[i] = span_of(w, w->deps[i]);
	e.depends = w->dep_spans;
	e.ndepends = w->ndeps;
	return w->fn(w->ctx, &e);
}

/* A mapping of entries; the current event starts it. */
static int entries(struct ywalk *w)
{
	int rc;

	for (;;) {
		if ((rc = next(w)) || is(w, YAML_MAPPING_END_EVENT))
			return rc;
		rc = is(w, YAML_SCALAR_EVENT) ? entry(w) : skip_pair(w);
		if (rc)
			return rc;
	}
}

static bool is_section(const struct ywalk *w, struct cu_span key)
{
	for (const char *const *s = w->sections; *s; s++)
		if (cu_span_eq_str(key, *s))
			return true;
	return false;
}

/* The top-level mapping when entries live in some of its members. */
static int sections(struct ywalk *w)
{
	bool hit, done;
	int rc;

	while (!(rc = next_member(w, is_section, &hit, &done)) && !done) {
		rc = hit && is(w, YAML_MAPPING_START_EVENT) ? entries(w) : skip_node(w);
		if (rc)
			break;
	}
	return rc;
}

static int document(struct ywalk *w)
{
	int rc = next(w);	/* the root node */

	if (rc)
		return rc;
	if (!is(w, YAML_MAPPING_START_EVENT))
		rc = skip_node(w);
	else
		rc = w->sections ? sections(w) : entries(w);
	if (!rc)
		rc = next(w);	/* document end */
	return rc;
}

static int walk(struct ywalk *w)
{
	int rc = next(w);	/* stream start */

	while (!rc) {
		if ((rc = next(w)) || is(w, YAML_STREAM_END_EVENT))
			break;
		if (is(w, YAML_DOCUMENT_START_EVENT))
			rc = document(w);
	}
	return rc;
}

int cu_nl_yaml_entries(struct cu_span text, const char *what,
		       const char *const *sections, cu_nl_yentry_fn fn, void *ctx,
		       struct cu_err *err)
{
	struct ywalk w = { .what = what, .err = err, .sections = sections,
			   .fn = fn, .ctx = ctx };
	int rc = CU_ENOMEM;

	cu_buf_init(&w.text, NL_YAML_ENTRY_MAX);
	w.deps = cu_calloc(CU_NPM_DEPENDS_MAX, sizeof(*w.deps));
	w.dep_spans = cu_calloc(CU_NPM_DEPENDS_MAX, sizeof(*w.dep_spans));
	if (!w.deps || !w.dep_spans || !yaml_parser_initialize(&w.parser))
		goto out;
	yaml_parser_set_input_string(&w.parser, (const unsigned char *)(text.ptr ? text.ptr : ""),
				     text.len);
	rc = walk(&w);
	if (w.have_ev)
		yaml_event_delete(&w.ev);
	yaml_parser_delete(&w.parser);
out:
	cu_buf_release(&w.text);
	free(w.deps);
	free(w.dep_spans);
	return rc;
}
