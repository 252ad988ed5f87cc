/*
 * names.h - package name normalisation per ecosystem, so the name a
 * cataloger reads from an image and the name an advisory uses compare
 * equal (PEP 503 for PyPI; case-folding where the ecosystem ignores case).
 */
#ifndef CU_NAMES_H
#define CU_NAMES_H

#include "buf.h"
#include "span.h"

/* Write the canonical form of name in ecosystem eco ("pypi", "npm", ...). */
int cu_name_normalize(const char *eco, struct cu_span name, struct cu_buf *out);

#endif
