/*
 * report-template-parse.c - templates of `-f template` into nodes
 * (report-template.h; the language: docs/report-formats.md "Templates").
 *
 * A template is text with {{tags}}. Tags that write nothing (sections,
 * conditions, {{else}}, comments, directives) and stand alone on a line
 * take the line with them, so templates can be laid out one tag a line
 * (Mustache's "standalone" rule). Spans in the nodes point into the source.
 */
#include <stdarg.h>

#include "common.h"
#include "report-template.h"

static const char *const escape_names[] = { "raw", "html", "json", "csv", "md" };

struct parser {
	const char *name;	/* the template's path, for messages */
	struct cu_span src;
	size_t pos;
	int line;		/* line of pos */
	enum cu_tpl_escape esc;	/* for the next {{path}} */
	struct cu_arena *arena;
	struct cu_err *err;
};

struct tag {
	char kind;		/* 0 at the end, '!', '%', '#', '^', '/', 'e' (else), 'v' */
	struct cu_span body;	/* inside the braces, sigil removed, trimmed */
	struct cu_span whole;	/* "{{...}}" */
	int line;
};

__attribute__((format(printf, 3, 4)))
static int syntax(struct parser *p, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cu_seterr(p->err, CU_EUSAGE, "template '%s' line %d: %s", p->name, line, msg);
}

static int count_lines(struct cu_span s)
{
	int n = 0;

	for (size_t i = 0; i < s.len; i++)
		n += s.ptr[i] == '\n';
	return n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Tags that print nothing may stand alone on a line, which then vanishes. */
static bool standalone_kind(char k)
{
	return k && k != 'v';
}

static void classify(struct tag *t)
{
	struct cu_span b = cu_span_trim(t->body);

	t->kind = 'v';
	if (b.len && strchr("!%#^/", b.ptr[0])) {
		t->kind = b.ptr[0];
		b = cu_span_trim(cu_span_skip(b, 1));
	} else if (cu_span_eq_str(b, "else")) {
		t->kind = 'e';
	}
	t->body = b;
}

/* Where the line of a standalone tag at [start, end) begins and ends. */
static bool standalone(struct parser *p, size_t start, size_t end, size_t *from, size_t *to)
{
	const char *s = p->src.ptr;
	size_t a = start, z = end;

	while (a > 0 && is_space(s[a - 1]))
		a--;
	if (a > 0 && s[a - 1] != '\n')
		return false;
	while (z < p->src.len && is_space(s[z]))
		z++;
	if (z < p->src.len && s[z] == '\r' && z + 1 < p->src.len && s[z + 1] == '\n')
		z++;
	if (z < p->src.len && s[z] != '\n')
		return false;
	*from = a;
	*to = z < p->src.len ? z + 1 : z;
	return true;
}

/* The text up to the next tag, and the tag (kind 0 at the end). */
static int next_token(struct parser *p, struct cu_span *text, struct tag *t)
{
	struct cu_span rest = cu_span_skip(p->src, p->pos);
	const char *open = memmem(rest.ptr, rest.len, "{{", 2), *close;
	size_t start, end, from, to;

	memset(t, 0, sizeof(*t));
	if (!open) {
		*text = rest;
		p->pos = p->src.len;
		return 0;
	}
	start = (size_t)(open - p->src.ptr);
	close = memmem(open + 2, p->src.len - start - 2, "}}", 2);
	t->line = p->line + count_lines(cu_span_make(rest.ptr, start - p->pos));
	if (!close)
		return syntax(p, t->line, "'{{' is never closed with '}}'");
	end = (size_t)(close - p->src.ptr) + 2;
	t->whole = cu_span_make(open, end - start);
	t->body = cu_span_make(open + 2, end - start - 4);
	classify(t);
	from = start;
	to = end;
	if (standalone_kind(t->kind))
		standalone(p, start, end, &from, &to);
	*text = cu_span_make(rest.ptr, from - p->pos);
	p->line += count_lines(cu_span_make(rest.ptr, to - p->pos));
	p->pos = to;
	return 0;
}

static bool path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '$';
}

static int parse_special(struct parser *p, int line, struct cu_span s, struct cu_tpl_path *out)
{
	static const char *const names[] = { "@index", "@first", "@last" };
	static const enum cu_tpl_special kinds[] = { CU_TPL_SP_INDEX, CU_TPL_SP_FIRST, CU_TPL_SP_LAST };

	for (size_t i = 0; i < CU_ARRAY_SIZE(names); i++)
		if (cu_span_eq_str(s, names[i])) {
			out->special = kinds[i];
			return 0;
		}
	return syntax(p, line, "unknown name '%.*s'", (int)s.len, s.ptr);
}

/* name(.name)*, ".", @root.name..., @index, @first, @last */
static int parse_path(struct parser *p, int line, struct cu_span s, struct cu_tpl_path *out)
{
	size_t n = 1;

	memset(out, 0, sizeof(*out));
	if (cu_span_eq_str(s, ".")) {
		out->special = CU_TPL_SP_DOT;
		return 0;
	}
	if (cu_span_starts_with(s, "@root")) {
		out->root = true;
		s = cu_span_skip(s, 5);
		if (!s.len)
			return 0;
		if (s.ptr[0] != '.')
			return syntax(p, line, "'@root' is followed by '.name'");
		s = cu_span_skip(s, 1);
	} else if (s.len && s.ptr[0] == '@') {
		return parse_special(p, line, s, out);
	}
	for (size_t i = 0; i < s.len; i++)
		n += s.ptr[i] == '.';
	out->seg = cu_arena_calloc(p->arena, n, sizeof(*out->seg));
	if (!out->seg)
		return cu_seterr(p->err, CU_ENOMEM, "out of memory for template '%s'", p->name);
	for (size_t i = 0, start = 0; i <= s.len; i++) {
		if (i < s.len && s.ptr[i] != '.') {
			if (!path_char(s.ptr[i]))
				return syntax(p, line, "'%c' cannot be part of a name", s.ptr[i]);
			continue;
		}
		if (i == start)
			return syntax(p, line, "a name is missing in '%.*s'", (int)s.len, s.ptr);
		out->seg[out->nseg++] = cu_span_make(s.ptr + start, i - start);
		start = i + 1;
	}
	return 0;
}

/* "..." at the start of s: the literal, and s advanced past it. */
static int parse_literal(struct parser *p, int line, struct cu_span *s, struct cu_span *lit)
{
	ptrdiff_t q = cu_span_find(cu_span_skip(*s, 1), '"');

	if (q < 0)
		return syntax(p, line, "a string is never closed with '\"'");
	*lit = cu_span_make(s->ptr + 1, (size_t)q);
	*s = cu_span_trim(cu_span_skip(*s, (size_t)q + 2));
	return 0;
}

/* The path at the start of s, leaving s at what follows it. */
static struct cu_span take_path(struct cu_span *s)
{
	struct cu_span path = *s;
	size_t n = 0;

	while (n < s->len && !is_space(s->ptr[n]) && !strchr("|=!\"", s->ptr[n]))
		n++;
	path.len = n;
	*s = cu_span_trim(cu_span_skip(*s, n));
	return path;
}

/* path, "literal", or in conditions path == "lit" / path != "lit" */
static int parse_expr(struct parser *p, int line, struct cu_span *s, struct cu_tpl_expr *e, bool cond)
{
	int rc;

	memset(e, 0, sizeof(*e));
	*s = cu_span_trim(*s);
	if (s->len && s->ptr[0] == '"') {
		e->is_literal = true;
		return parse_literal(p, line, s, &e->literal);
	}
	e->source = take_path(s);
	rc = parse_path(p, line, e->source, &e->path);
	if (rc || !cond || !s->len)
		return rc;
	if (!cu_span_starts_with(*s, "==") && !cu_span_starts_with(*s, "!="))
		return syntax(p, line, "'==' or '!=' expected after the name");
	e->op = s->ptr[0];
	*s = cu_span_trim(cu_span_skip(*s, 2));
	if (!s->len || s->ptr[0] != '"')
		return syntax(p, line, "a \"string\" is expected after '%s'", e->op == '=' ? "==" : "!=");
	return parse_literal(p, line, s, &e->rhs);
}

static int parse_escape(struct parser *p, int line, struct cu_span s, enum cu_tpl_escape *out)
{
	s = cu_span_trim(s);
	for (size_t i = 0; i < CU_ARRAY_SIZE(escape_names); i++)
		if (cu_span_eq_str(s, escape_names[i])) {
			*out = (enum cu_tpl_escape)i;
			return 0;
		}
	return syntax(p, line, "unknown escaping '%.*s' (use raw, html, json, csv or md)",
		      (int)s.len, s.ptr);
}

static int parse_value(struct parser *p, const struct tag *t, struct cu_tpl_node *n)
{
	struct cu_span s = t->body;
	int rc = parse_expr(p, t->line, &s, &n->expr, false);

	n->esc = p->esc;
	if (rc || !s.len)
		return rc;
	if (s.ptr[0] != '|')
		return syntax(p, t->line, "unexpected '%.*s'", (int)s.len, s.ptr);
	return parse_escape(p, t->line, cu_span_skip(s, 1), &n->esc);
}

static int parse_pragma(struct parser *p, const struct tag *t)
{
	struct cu_span s = t->body;

	if (!cu_span_starts_with(s, "escape") || s.len < 7 || !is_space(s.ptr[6]))
		return syntax(p, t->line, "unknown directive '{{%%%.*s}}' (use {{%%escape MODE}})",
			      (int)s.len, s.ptr);
	return parse_escape(p, t->line, cu_span_skip(s, 7), &p->esc);
}

static struct cu_tpl_node *new_node(struct parser *p, enum cu_tpl_kind kind, int line)
{
	struct cu_tpl_node *n = cu_arena_calloc(p->arena, 1, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->line = line;
	}
	return n;
}

/* A list being built: where the next node goes. */
struct list {
	struct cu_tpl_node **tail;
};

static void append(struct list *l, struct cu_tpl_node *n)
{
	*l->tail = n;
	l->tail = &n->next;
}

static int parse_block(struct parser *p, struct cu_tpl_node *open, int depth, struct list l);

/* {{#if x}}, {{#unless x}}, {{#path}} or {{^path}}: a node with a body. */
static int parse_open(struct parser *p, const struct tag *t, int depth, struct cu_tpl_node **out)
{
	struct cu_span s = t->body, word = take_path(&s);
	enum cu_tpl_kind kind = t->kind == '^' ? CU_TPL_INVERTED : CU_TPL_SECTION;
	struct cu_tpl_node *n;
	int rc;

	if (depth >= CU_CAP_TEMPLATE_DEPTH)
		return syntax(p, t->line, "sections are nested more than %d deep", CU_CAP_TEMPLATE_DEPTH);
	if (t->kind == '#' && (cu_span_eq_str(word, "if") || cu_span_eq_str(word, "unless")))
		kind = word.ptr[0] == 'i' ? CU_TPL_IF : CU_TPL_UNLESS;
	else
		s = t->body;
	n = new_node(p, kind, t->line);
	if (!n)
		return cu_seterr(p->err, CU_ENOMEM, "out of memory for template '%s'", p->name);
	n->text = t->whole;
	n->name = kind == CU_TPL_IF || kind == CU_TPL_UNLESS ? word : t->body;
	rc = parse_expr(p, t->line, &s, &n->expr, kind == CU_TPL_IF || kind == CU_TPL_UNLESS);
	if (!rc && s.len)
		rc = syntax(p, t->line, "unexpected '%.*s'", (int)s.len, s.ptr);
	if (!rc && n->expr.is_literal)
		rc = syntax(p, t->line, "a section needs a name, not a string");
	if (!rc)
		rc = parse_block(p, n, depth + 1, (struct list){ &n->body });
	*out = n;
	return rc;
}

static int parse_close(struct parser *p, const struct tag *t, const struct cu_tpl_node *open)
{
	if (!open)
		return syntax(p, t->line, "'%.*s' closes nothing", (int)t->whole.len, t->whole.ptr);
	if (!cu_span_eq(t->body, open->name))
		return syntax(p, t->line, "'%.*s' cannot close '%.*s' (line %d)",
			      (int)t->whole.len, t->whole.ptr,
			      (int)open->text.len, open->text.ptr, open->line);
	return 0;
}

static int parse_tag(struct parser *p, const struct tag *t, struct cu_tpl_node *open, int depth,
		     struct list *l, bool *in_alt)
{
	struct cu_tpl_node *n = NULL;
	int rc;

	switch (t->kind) {
	case '!':
		return 0;
	case '%':
		return parse_pragma(p, t);
	case 'e':
		if (!open || *in_alt)
			return syntax(p, t->line, "'{{else}}' outside a section or a second one");
		*in_alt = true;
		l->tail = &open->alt;
		return 0;
	case '#': case '^':
		rc = parse_open(p, t, depth, &n);
		break;
	default:
		n = new_node(p, CU_TPL_VALUE, t->line);
		rc = n ? parse_value(p, t, n) : CU_ENOMEM;
	}
	if (rc == CU_ENOMEM && !p->err->msg[0])
		cu_seterr(p->err, rc, "out of memory for template '%s'", p->name);
	if (n)
		append(l, n);
	return rc;
}

/* Nodes up to the {{/...}} that closes open (or the end, at the top). */
static int parse_block(struct parser *p, struct cu_tpl_node *open, int depth, struct list l)
{
	bool in_alt = false;
	struct cu_span text;
	struct tag t;
	int rc;

	for (;;) {
		rc = next_token(p, &text, &t);
		if (!rc && text.len) {
			struct cu_tpl_node *n = new_node(p, CU_TPL_TEXT, t.line);

			if (!n)
				return cu_seterr(p->err, CU_ENOMEM, "out of memory for template");
			n->text = text;
			append(&l, n);
		}
		if (rc)
			return rc;
		if (!t.kind)
			return open ? syntax(p, open->line, "'%.*s' is never closed",
					     (int)open->text.len, open->text.ptr) : 0;
		if (t.kind == '/')
			return parse_close(p, &t, open);
		rc = parse_tag(p, &t, open, depth, &l, &in_alt);
		if (rc)
			return rc;
	}
}

int cu_tpl_parse(const char *name, struct cu_span src, struct cu_arena *arena,
		 struct cu_tpl_node **out, struct cu_err *err)
{
	struct parser p = {
		.name = name, .src = src, .line = 1, .esc = CU_TPL_ESC_RAW,
		.arena = arena, .err = err,
	};

	*out = NULL;
	return parse_block(&p, NULL, 0, (struct list){ out });
}
