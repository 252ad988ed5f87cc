/*
 * purl.h - Package URLs: parse, normalise and build "pkg:" identifiers.
 *
 * Implements the Package URL specification (package-url/purl-spec:
 * PURL-SPECIFICATION, "How to parse a purl", "How to build a purl", the
 * character encoding rules of ECMA-427) and the per-type rules of its
 * registered type definitions (types/<type>-definition.json): which types
 * require or prohibit a namespace or a qualifier, which components are case
 * insensitive and so lowercased, and name rules such as pypi's '_' -> '-'.
 *
 *   pkg:type/namespace/name@version?key=value&key=value#sub/path
 *
 * Components in a struct cu_purl are always decoded: no percent-encoding,
 * valid UTF-8 without NUL. The canonical string percent-encodes every byte
 * outside A-Z a-z 0-9 . - _ ~ and ':' (so a Debian epoch stays "1:2.3-4" and
 * '+' becomes "%2B"), keeps '/' only as a separator, lowercases the type,
 * sorts qualifiers by key and leaves out empty qualifier values, and empty,
 * "." and ".." subpath segments.
 */
#ifndef CU_PURL_H
#define CU_PURL_H

#include <stddef.h>

#include "buf.h"
#include "caps.h"
#include "err.h"
#include "span.h"

struct cu_purl_qualifier {
	char *key;
	char *value;
};

/* A purl's components, decoded; NULL when absent (name never is). */
struct cu_purl {
	char *type;
	char *namespace;	/* segments joined by '/' */
	char *name;
	char *version;
	char *subpath;		/* segments joined by '/' */
	struct cu_purl_qualifier *qualifiers;	/* sorted by key, keys lowercase */
	size_t nqualifiers;
};

/*
 * Parse and normalise a purl string. Accepts what the specification's parsing
 * rules accept ("pkg://", a mixed-case type, unencoded ':' '/' '@' in
 * qualifier values, a leading '/' in the subpath, ...), then applies the
 * type's rules. Returns 0, CU_EFORMAT (detail in err) for an invalid purl,
 * CU_ETOOBIG past CU_CAP_PURL_BYTES or CU_ENOMEM; out is zeroed on failure
 * and must be released with cu_purl_release on success.
 *
 * A qualifier key must start with a lowercase letter; later letters are
 * lowercased. (The conformance tests reject "Platform=java" but accept
 * "repositorY_url=".) cu_purl_normalize also takes a capitalised key.
 */
int cu_purl_parse(struct cu_span s, struct cu_purl *out, struct cu_err *err);

/*
 * Append the canonical string of the components in p to out, normalising them
 * as parsing would (type-specific case folding and name rules, qualifiers
 * sorted, keys lowercased, empty values dropped). CU_EFORMAT when the
 * components do not make a valid purl: no type or an invalid one, no name,
 * a qualifier key outside [A-Za-z][A-Za-z0-9._-]*, a duplicate key, a
 * namespace the type prohibits or lacks, text that is not UTF-8. On failure
 * out is left as it was.
 */
int cu_purl_build(const struct cu_purl *p, struct cu_buf *out,
		  struct cu_err *err);

/*
 * Append the canonical form of the purl string s to out (parse + build, with
 * qualifier keys taken in any case). Errors as for cu_purl_parse.
 */
int cu_purl_normalize(struct cu_span s, struct cu_buf *out, struct cu_err *err);

/* Free the components of p and zero it; p may be zeroed already. */
void cu_purl_release(struct cu_purl *p);

/*
 * For catalogers: append the canonical purl of plain strings to out.
 * namespace, version and subpath may be NULL or empty. qualifiers is NULL or
 * a list of key, value pairs that ends at a NULL key; a pair whose value is
 * NULL or empty is left out. Returns 0 or an error code as cu_purl_build.
 */
int cu_purl_make(struct cu_buf *out, const char *type, const char *namespace,
		 const char *name, const char *version,
		 const char *const *qualifiers, const char *subpath);

#endif
