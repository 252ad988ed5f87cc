/*
 * report-template.c - `-f template --template FILE`: a report shaped by a
 * user's template, evaluated over the JSON report's data
 * (docs/report-json.md). The language (docs/report-formats.md) is a small
 * Mustache-like one:
 *
 *   text {{path}} {{path | html}} {{"literal"}} {{! comment }}
 *   {{#path}} ... {{else}} ... {{/path}}     each item of a list / an object
 *   {{^path}} ... {{/path}}                  when path is empty or false
 *   {{#if path}} {{#if path == "x"}} {{#unless path != "x"}} ... {{/if}}
 *   {{%escape raw|html|json|csv|md}}         escaping of later {{path}}s
 *   path: name(.name|.N)* | . | @root.path | @index | @first | @last
 *
 * It cannot run code, read files or call out: templates only look values
 * up. The template's size, its nesting, the work it may do and the size of
 * what it writes are capped, and the output is written only when complete.
 * Parsing is in report-template-parse.c.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>

#include "common.h"
#include "report.h"
#include "report-fmt.h"
#include "report-template.h"


/* Rendering: a stack of the values sections entered, innermost last. */
struct frame {
	json_t *value;
	size_t index, count;
	bool item;		/* an item of a list: @index, @first, @last apply */
};

struct render {
	const char *name;
	json_t *root;
	struct frame stack[CU_CAP_TEMPLATE_DEPTH + 1];
	size_t depth;
	struct cu_buf out;
	unsigned long long steps;
	struct cu_err *err;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct render *rd, const struct cu_tpl_node *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cu_seterr(rd->err, CU_EUSAGE, "template '%s' line %d: %s", rd->name, n->line, msg);
}

static int output_error(struct render *rd, int rc)
{
	if (rc == CU_ETOOBIG)
		return cu_seterr(rd->err, CU_EUSAGE, "template '%s' writes more than %llu MiB",
				 rd->name, CU_CAP_TEMPLATE_OUTPUT / CU_MiB);
	return cu_seterr(rd->err, rc, "cannot render template '%s'", rd->name);
}

static const struct frame *innermost_item(const struct render *rd)
{
	for (size_t i = rd->depth; i-- > 0;)
		if (rd->stack[i].item)
			return &rd->stack[i];
	return NULL;
}

/* @index, @first, @last: *tmp owns the value made for them. */
static int lookup_special(struct render *rd, const struct cu_tpl_node *n, enum cu_tpl_special sp,
			  json_t **out, json_t **tmp)
{
	const struct frame *f = innermost_item(rd);

	if (sp == CU_TPL_SP_DOT) {
		*out = rd->stack[rd->depth - 1].value;
		return 0;
	}
	if (!f)
		return fail(rd, n, "@index, @first and @last only exist inside a list section");
	if (sp == CU_TPL_SP_INDEX)
		*out = *tmp = json_integer((json_int_t)f->index);
	else
		*out = json_boolean(sp == CU_TPL_SP_FIRST ? f->index == 0 : f->index + 1 == f->count);
	return *out ? 0 : CU_ENOMEM;
}

/* A list's element for a name made of digits, else NULL. */
static json_t *element(json_t *list, struct cu_span seg)
{
	uint64_t i;

	if (!cu_span_to_u64(seg, &i) || i >= json_array_size(list))
		return NULL;
	return json_array_get(list, (size_t)i);
}

static json_t *member(json_t *v, struct cu_span seg)
{
	if (json_is_object(v))
		return json_object_getn(v, seg.ptr, seg.len);
	if (json_is_array(v))
		return element(v, seg);
	return NULL;
}

/* The value of a path; *out NULL when it names nothing. */
static int lookup(struct render *rd, const struct cu_tpl_node *n, const struct cu_tpl_path *path,
		  json_t **out, json_t **tmp)
{
	json_t *v = NULL;
	size_t i = 0;

	*out = *tmp = NULL;
	if (path->special)
		return lookup_special(rd, n, path->special, out, tmp);
	if (path->root)
		v = rd->root;
	else
		for (size_t k = rd->depth; k-- > 0 && !v;)
			v = json_is_object(rd->stack[k].value) ?
			    json_object_getn(rd->stack[k].value, path->seg[0].ptr, path->seg[0].len) :
			    NULL;
	if (!path->root)
		i = 1;
	for (; v && i < path->nseg; i++) {
		if (json_is_null(v))
			break;	/* kev.date_added when kev is null: null */
		if (json_is_array(v) && i + 1 == path->nseg &&
		    cu_span_eq_str(path->seg[i], "length")) {
			v = *tmp = json_integer((json_int_t)json_array_size(v));
			if (!v)
				return cu_seterr(rd->err, CU_ENOMEM, "out of memory");
			break;
		}
		v = member(v, path->seg[i]);
	}
	*out = v;
	return 0;
}

static bool truthy(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_NULL: case JSON_FALSE: return false;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0;
	case JSON_ARRAY: return json_array_size(v) > 0;
	default: return true;
	}
}

static int scalar_text(struct cu_buf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return cu_buf_add(b, json_string_value(v), json_string_length(v));
	case JSON_INTEGER: return cu_buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL: return cu_buf_addf(b, "%.15g", json_real_value(v));
	case JSON_TRUE: return cu_buf_addstr(b, "true");
	case JSON_FALSE: return cu_buf_addstr(b, "false");
	case JSON_NULL: return 0;
	default: return CU_EUNSUPPORTED;
	}
}

/* Compact JSON of v (any type) appended to b. */
static int json_text(struct cu_buf *b, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER |
			     JSON_REAL_PRECISION(15));
	int rc = s ? cu_buf_addstr(b, s) : CU_ENOMEM;

	free(s);
	return rc;
}

/* Text of a value: scalars as themselves, lists of scalars joined by ", ". */
static int value_text(struct cu_buf *b, const json_t *v)
{
	size_t i;
	json_t *item;
	int rc = 0;

	if (!json_is_array(v))
		return json_is_object(v) ? json_text(b, v) : scalar_text(b, v);
	json_array_foreach(v, i, item) {
		if (json_is_array(item) || json_is_object(item))
			return json_text(b, v);
	}
	json_array_foreach(v, i, item) {
		if (!rc && i)
			rc = cu_buf_addstr(b, ", ");
		if (!rc)
			rc = scalar_text(b, item);
	}
	return rc;
}

/* RFC 4180 field; text starting like a formula gets a "'" (CSV injection). */
static int csv_field(struct cu_buf *b, const char *s, size_t len, bool is_string)
{
	bool quote = len && (s[0] == ' ' || s[len - 1] == ' ');
	int rc = 0;

	for (size_t i = 0; i < len; i++)
		quote |= strchr(",\"\r\n", s[i]) != NULL && s[i];
	if (quote)
		rc = cu_buf_addch(b, '"');
	if (!rc && is_string && len && strchr("=+-@\t\r", s[0]))
		rc = cu_buf_addch(b, '\'');
	for (size_t i = 0; i < len && !rc; i++)
		rc = s[i] == '"' ? cu_buf_addstr(b, "\"\"") : cu_buf_addch(b, s[i]);
	if (!rc && quote)
		rc = cu_buf_addch(b, '"');
	return rc;
}

static int escaped(struct cu_buf *b, enum cu_tpl_escape esc, const struct cu_buf *text,
		   bool is_string)
{
	switch (esc) {
	case CU_TPL_ESC_HTML: return cu_xml_escape(b, cu_buf_str(text), false);
	case CU_TPL_ESC_CSV: return csv_field(b, text->buf ? text->buf : "", text->len, is_string);
	case CU_TPL_ESC_MD: return cu_md_escape(b, cu_buf_str(text));
	default: return cu_buf_add(b, text->buf, text->len);
	}
}

static int emit(struct render *rd, const struct cu_tpl_node *n, const json_t *v)
{
	struct cu_buf text = CU_BUF_INIT;
	int rc;

	cu_buf_init(&text, CU_CAP_TEMPLATE_OUTPUT);
	if (n->esc == CU_TPL_ESC_JSON) {
		rc = json_text(&rd->out, v ? v : json_null());
		goto out;
	}
	rc = v ? value_text(&text, v) : 0;
	if (!rc)
		rc = escaped(&rd->out, n->esc, &text, json_is_string(v));
out:
	cu_buf_release(&text);
	return rc ? output_error(rd, rc) : 0;
}

static int render_list(struct render *rd, const struct cu_tpl_node *n);

static int render_value(struct render *rd, const struct cu_tpl_node *n)
{
	json_t *v, *tmp;
	int rc;

	if (n->expr.is_literal) {
		rc = cu_buf_addspan(&rd->out, n->expr.literal);
		return rc ? output_error(rd, rc) : 0;
	}
	rc = lookup(rd, n, &n->expr.path, &v, &tmp);
	if (!rc && !v)
		rc = fail(rd, n, "no value named '%.*s'", (int)n->expr.source.len,
			  n->expr.source.ptr);
	if (!rc)
		rc = emit(rd, n, v);
	json_decref(tmp);
	return rc;
}

static void push(struct render *rd, json_t *v, size_t index, size_t count, bool item)
{
	rd->stack[rd->depth++] = (struct frame){ v, index, count, item };
}

static int step(struct render *rd, const struct cu_tpl_node *n)
{
	if (++rd->steps <= CU_CAP_TEMPLATE_STEPS)
		return 0;
	return fail(rd, n, "the template does too much work (over %llu steps)", CU_CAP_TEMPLATE_STEPS);
}

/* {{#path}}: each item of a list, an object entered, or a true value. */
static int render_section(struct render *rd, const struct cu_tpl_node *n)
{
	json_t *v, *tmp;
	int rc = lookup(rd, n, &n->expr.path, &v, &tmp);

	if (!rc && !v)
		rc = fail(rd, n, "no value named '%.*s'", (int)n->expr.source.len,
			  n->expr.source.ptr);
	if (rc || !truthy(v)) {
		rc = rc ? rc : render_list(rd, n->alt);
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && !rc; i++) {
			rc = step(rd, n);
			if (rc)
				break;
			push(rd, json_array_get(v, i), i, json_array_size(v), true);
			rc = render_list(rd, n->body);
			rd->depth--;
		}
	} else if (json_is_object(v)) {
		push(rd, v, 0, 1, false);
		rc = render_list(rd, n->body);
		rd->depth--;
	} else {
		rc = render_list(rd, n->body);
	}
	json_decref(tmp);
	return rc;
}

/*
 * Tests ({{#if}}, {{#unless}}, {{^name}}): a name that is not there counts
 * as false, so optional parts (packages without --list-all-pkgs) can be
 * tested. Writing or entering a name that is not there is an error: the
 * report always has its keys (null when empty), so it is a typo.
 */
static int condition(struct render *rd, const struct cu_tpl_node *n, bool *out)
{
	struct cu_buf text = CU_BUF_INIT;
	json_t *v, *tmp;
	int rc = lookup(rd, n, &n->expr.path, &v, &tmp);

	if (!rc && !n->expr.op)
		*out = truthy(v);
	else if (!rc) {
		rc = v && !json_is_array(v) && !json_is_object(v) ? scalar_text(&text, v) : 0;
		*out = cu_span_eq(cu_buf_span(&text), n->expr.rhs) == (n->expr.op == '=');
	}
	cu_buf_release(&text);
	json_decref(tmp);
	return rc;
}

static int render_node(struct render *rd, const struct cu_tpl_node *n)
{
	bool yes = false;
	json_t *v, *tmp;
	int rc;

	switch (n->kind) {
	case CU_TPL_TEXT:
		rc = cu_buf_addspan(&rd->out, n->text);
		return rc ? output_error(rd, rc) : 0;
	case CU_TPL_VALUE:
		return render_value(rd, n);
	case CU_TPL_SECTION:
		return render_section(rd, n);
	case CU_TPL_INVERTED:
		rc = lookup(rd, n, &n->expr.path, &v, &tmp);
		yes = !rc && !truthy(v);
		json_decref(tmp);
		break;
	default:
		rc = condition(rd, n, &yes);
		yes = n->kind == CU_TPL_UNLESS ? !yes : yes;
	}
	if (rc)
		return rc;
	return render_list(rd, yes ? n->body : n->alt);
}

static int render_list(struct render *rd, const struct cu_tpl_node *n)
{
	int rc = 0;

	for (; n && !rc; n = n->next) {
		rc = step(rd, n);
		if (!rc)
			rc = render_node(rd, n);
	}
	return rc;
}

static int read_template(const char *path, struct cu_buf *src, struct cu_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t got;
	int rc = 0;

	if (!f)
		return cu_seterr(err, CU_EUSAGE, "cannot read template '%s': %s", path,
				 strerror(errno));
	cu_buf_init(src, CU_CAP_TEMPLATE_BYTES);
	while (!rc && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = cu_buf_add(src, chunk, got);
	if (rc == CU_ETOOBIG)
		rc = cu_seterr(err, CU_EUSAGE, "template '%s' is larger than %llu MiB", path,
			       CU_CAP_TEMPLATE_BYTES / CU_MiB);
	else if (rc)
		rc = cu_seterr(err, rc, "cannot read template '%s'", path);
	else if (ferror(f))
		rc = cu_seterr(err, CU_EUSAGE, "cannot read template '%s'", path);
	fclose(f);
	return rc;
}

static int render_template(const char *path, struct cu_span src, json_t *data,
		       struct cu_buf *out, struct cu_err *err)
{
	struct cu_arena arena;
	struct cu_tpl_node *top = NULL;
	struct render rd = { .name = path, .root = data, .err = err };
	int rc;

	cu_arena_init(&arena, 0);
	rc = cu_tpl_parse(path, src, &arena, &top, err);
	if (!rc) {
		cu_buf_init(&rd.out, CU_CAP_TEMPLATE_OUTPUT);
		push(&rd, data, 0, 1, false);
		rc = render_list(&rd, top);
	}
	if (!rc) {
		*out = rd.out;
		cu_buf_init(&rd.out, 0);
	}
	cu_buf_release(&rd.out);
	cu_arena_release(&arena);
	return rc;
}

static int write_template(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	struct cu_buf src = CU_BUF_INIT, text = CU_BUF_INIT;
	json_t *data = NULL;
	int rc;

	if (!r->matches || !r->gate)
		return cu_seterr(err, CU_EUSAGE, "the template report needs a vulnerability scan");
	if (!r->template_path)
		return cu_seterr(err, CU_EUSAGE, "-f template needs --template FILE");
	rc = read_template(r->template_path, &src, err);
	if (!rc && !(data = cu_report_json_tree(r)))
		rc = cu_seterr(err, CU_ENOMEM, "cannot build the report data");
	if (!rc)
		rc = render_template(r->template_path, cu_buf_span(&src), data, &text, err);
	if (!rc && text.len && fwrite(text.buf, 1, text.len, out) != text.len)
		rc = cu_seterr(err, CU_EIO, "cannot write the report");
	json_decref(data);
	cu_buf_release(&src);
	cu_buf_release(&text);
	return rc;
}

const struct cu_reporter_ops cu_reporter_template = {
	.name = "template",
	.write = write_template,
};
