/*
 * npm.h - SemVer 2.0 versions and ranges as node-semver handles them.
 *
 * Versions parse like node-semver's SemVer class (strict by default, or
 * "loose": "=v1.2.3", "1.2.3beta", leading zeros) and order by SemVer 2.0
 * precedence, build metadata ignored. Ranges are node-semver's: "1.2.3 -
 * 2.x", "~1.2", "^0.3.1", ">=1.0.0 <2.0.0-0 || 3.x", with its pre-release rule
 * (a pre-release only matches a comparator set naming a pre-release of the
 * same major.minor.patch) unless CU_SEMVER_INCLUDE_PRERELEASE is given.
 *
 * The scheme table cu_scheme_npm uses the default options; these functions
 * take node-semver's options as flags. Major, minor and patch are at most
 * 2^53 - 1 (node's Number.MAX_SAFE_INTEGER); pre-release identifiers of any
 * length compare exactly.
 */
#ifndef CU_VERSION_NPM_H
#define CU_VERSION_NPM_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "span.h"

enum cu_semver_flags {
	CU_SEMVER_LOOSE = 1 << 0,
	CU_SEMVER_INCLUDE_PRERELEASE = 1 << 1,
};

/* A parsed version; pre and build are views into the parsed string. */
struct cu_semver {
	uint64_t major, minor, patch;
	struct cu_span pre;	/* identifiers after '-', "" when none */
	struct cu_span build;	/* identifiers after '+', "" when none */
};

/* new SemVer(v, {loose}): CU_EFORMAT when node-semver would throw. */
int cu_semver_parse(struct cu_span v, unsigned flags, struct cu_semver *out);

/* SemVer 2.0 precedence: <0, 0 or >0 (build metadata ignored). */
int cu_semver_cmp(const struct cu_semver *a, const struct cu_semver *b);

/* Pull the next dot-separated identifier from a pre or build list. */
bool cu_semver_ident_next(struct cu_span *list, struct cu_span *ident);

/* semver.compare(a, b, options). */
int cu_semver_compare_opts(struct cu_span a, struct cu_span b, unsigned flags,
			   int *cmp);

/*
 * semver.satisfies(v, range, options). Where node-semver answers false
 * because the range or the version is invalid, this returns CU_EFORMAT.
 */
int cu_semver_satisfies_opts(struct cu_span v, struct cu_span range,
			     unsigned flags, bool *in);

/*
 * semver.gtr(v, range) (hilo '>') or semver.ltr(v, range) (hilo '<'):
 * whether v is above (below) every version the range allows.
 */
int cu_semver_outside(struct cu_span v, struct cu_span range, char hilo,
		      unsigned flags, bool *outside);

/*
 * Append new Range(range, options).range: the range as comparators,
 * ">=1.2.0 <2.0.0-0||>=3.0.0"; empty for "any version" (validRange gives
 * "*" then). CU_EFORMAT when the range is invalid.
 */
int cu_semver_range_format(struct cu_span range, unsigned flags,
			   struct cu_buf *out);

#endif
