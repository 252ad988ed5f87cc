/*
 * deb822.h - the control-file syntax of dpkg databases (deb822(5)):
 * paragraphs separated by blank lines, "Field: value" lines, continuation
 * lines starting with a space or tab.
 */
#ifndef CU_DEB822_H
#define CU_DEB822_H

#include <stdbool.h>

#include "span.h"

/* Pull the next non-empty paragraph; false at the end of text. */
bool cu_deb822_paragraph(struct cu_span *text, struct cu_span *para);

/*
 * Pull the next field of a paragraph: name without the colon, value with
 * leading blanks removed and continuation lines included. Lines that are
 * neither a field nor a continuation are skipped and counted in *bad.
 */
bool cu_deb822_field(struct cu_span *para, struct cu_span *name,
		     struct cu_span *value, int *bad);

/* The first line of a (possibly multi-line) value. */
struct cu_span cu_deb822_first_line(struct cu_span value);

#endif
