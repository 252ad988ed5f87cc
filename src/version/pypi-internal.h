/*
 * pypi-internal.h - what pypi.c shares with pypi-spec.c, and no one else.
 */
#ifndef CU_VERSION_PYPI_INTERNAL_H
#define CU_VERSION_PYPI_INTERNAL_H

#include "pypi.h"

/*
 * Specifier ranges need versions one step above a written one (">1.0.post2"
 * starts at 1.0.post3.dev0). Such a bound keeps the written digits and says
 * which number is one higher, so no digits are ever rewritten.
 */
enum pep440_bump {
	PEP440_BUMP_NONE,
	PEP440_BUMP_RELEASE,	/* the last counted release component */
	PEP440_BUMP_PRE,
	PEP440_BUMP_POST,
	PEP440_BUMP_DEV,
};

/* Compare digit strings (no leading zeros), each maybe plus one. */
int pep440_num_cmp(struct cu_span a, bool a_plus, struct cu_span b,
		   bool b_plus);

/* Compare release segments, shorter ones padded with zeros. */
int pep440_release_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b);

/* Parse a version with no surrounding white space allowed. */
int pep440_parse_exact(struct cu_span v, struct cu_pep440 *out);

/* Equal but for ASCII case. */
bool pep440_icase_eq(struct cu_span a, struct cu_span b);

/* Python's str.strip(), lstrip() and "contains white space" (Unicode \s). */
struct cu_span pep440_strip(struct cu_span s);
struct cu_span pep440_lstrip(struct cu_span s);
bool pep440_has_space(struct cu_span s);

#endif
