/*
 * report-template.h - the template language of `-f template` (internal to
 * src/report; the language is described in docs/report-formats.md).
 * report-template-parse.c turns a template into nodes, report-template.c
 * renders them over the JSON report's data.
 */
#ifndef CU_REPORT_TEMPLATE_H
#define CU_REPORT_TEMPLATE_H

#include <stdbool.h>

#include "arena.h"
#include "caps.h"
#include "err.h"
#include "span.h"

/* How {{path}} writes a value (docs/report-formats.md "Escaping"). */
enum cu_tpl_escape {
	CU_TPL_ESC_RAW, CU_TPL_ESC_HTML, CU_TPL_ESC_JSON, CU_TPL_ESC_CSV, CU_TPL_ESC_MD,
};

enum cu_tpl_kind {
	CU_TPL_TEXT,		/* text written as it is */
	CU_TPL_VALUE,		/* {{path}} or {{"literal"}} */
	CU_TPL_SECTION,		/* {{#path}} */
	CU_TPL_INVERTED,	/* {{^path}} */
	CU_TPL_IF,		/* {{#if expr}} */
	CU_TPL_UNLESS,		/* {{#unless expr}} */
};

/* Paths that are not names: ".", "@index", "@first", "@last" */
enum cu_tpl_special {
	CU_TPL_SP_NONE, CU_TPL_SP_DOT, CU_TPL_SP_INDEX, CU_TPL_SP_FIRST, CU_TPL_SP_LAST,
};

struct cu_tpl_path {
	struct cu_span *seg;
	size_t nseg;
	bool root;		/* @root.a.b */
	enum cu_tpl_special special;
};

struct cu_tpl_expr {
	bool is_literal;
	struct cu_span literal;	/* "..." without the quotes */
	struct cu_span source;	/* the path as written, for messages */
	struct cu_tpl_path path;
	int op;			/* 0, '=' (==) or '!' (!=) */
	struct cu_span rhs;	/* the literal compared with */
};

/* A parsed template: a list of nodes; sections and conditions hold lists. */
struct cu_tpl_node {
	enum cu_tpl_kind kind;
	struct cu_span text;	/* CU_TPL_TEXT: the text; else the tag, for messages */
	struct cu_span name;	/* what {{/name}} closing it repeats */
	struct cu_tpl_expr expr;
	enum cu_tpl_escape esc;
	struct cu_tpl_node *body, *alt;	/* alt: after {{else}} */
	struct cu_tpl_node *next;
	int line;
};

/*
 * Parse the template src (named name in messages) into a node list in
 * arena. Syntax errors and templates nested deeper than CU_CAP_TEMPLATE_DEPTH
 * are CU_EUSAGE with "template 'NAME' line N: ..." in err.
 */
int cu_tpl_parse(const char *name, struct cu_span src, struct cu_arena *arena,
		 struct cu_tpl_node **out, struct cu_err *err);

#endif
