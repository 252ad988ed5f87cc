/*
 * golang.h - Go module versions as golang.org/x/mod/semver defines them.
 *
 * cu_scheme_golang (version.h) is the entry point for vulnerability matching;
 * it also accepts versions without the leading "v", because OSV records of
 * the "Go" ecosystem are written that way ("1.2.3"). The functions here are
 * the exact x/mod/semver API, where "v" is required.
 */
#ifndef CU_GOLANG_H
#define CU_GOLANG_H

#include <stdbool.h>

#include "buf.h"
#include "span.h"

/*
 * A parsed version. All spans point into the parsed text, except minor and
 * patch of a shorthand ("v1", "v1.2"), which point to a static "0".
 */
struct cu_golang_semver {
	struct cu_span major, minor, patch;	/* decimal, no leading zeros */
	struct cu_span prerelease;	/* "-rc.1" with its '-', or empty */
	struct cu_span build;		/* "+meta" with its '+', or empty */
	int shorthand;			/* 0 "v1.2.3", 1 "v1.2", 2 "v1" */
};

/* Parse like semver's internal parse(); CU_EFORMAT when IsValid is false. */
int cu_golang_semver_parse(struct cu_span v, struct cu_golang_semver *out);

/* semver.IsValid */
bool cu_golang_semver_is_valid(struct cu_span v);

/*
 * semver.Compare: -1, 0 or +1. Build metadata is ignored; an invalid
 * version equals every other invalid one and is less than any valid one.
 */
int cu_golang_semver_compare(struct cu_span v, struct cu_span w);

/*
 * semver.Canonical appended to out: "v1.2.0" for "v1.2", build metadata
 * dropped, nothing appended for an invalid version. 0 or a cu_buf error.
 */
int cu_golang_semver_canonical(struct cu_span v, struct cu_buf *out);

#endif
