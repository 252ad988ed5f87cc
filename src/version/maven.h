/*
 * maven.h - Maven versions and version ranges beyond the scheme interface.
 *
 * cu_scheme_maven (version.h) orders versions like Maven's ComparableVersion
 * and tests range membership. Here are the pieces the vector tests and
 * importers need: the canonical form, DefaultArtifactVersion's field split,
 * and VersionRange parsing and intersection.
 */
#ifndef CU_MAVEN_H
#define CU_MAVEN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "span.h"

/* ComparableVersion refuses longer strings (UTF-16 units), so do we. */
#define CU_MAVEN_VERSION_MAX 256

/* Restrictions in one range; longer unions fail with CU_ETOOBIG. */
#define CU_MAVEN_RANGE_MAX 32

/* ComparableVersion.compareTo: *cmp <0, 0, >0; CU_EFORMAT when too long. */
int cu_maven_compare(struct cu_span a, struct cu_span b, int *cmp);

/* ComparableVersion.getCanonical() appended to out (UTF-8). */
int cu_maven_canonical(struct cu_span v, struct cu_buf *out);

/*
 * DefaultArtifactVersion's fields. Numbers are 0 when absent (as the
 * getters return); qualifier.ptr is NULL when getQualifier() is null.
 * Spans point into the parsed text.
 */
struct cu_maven_artifact_version {
	int major, minor, incremental, build_number;
	struct cu_span qualifier;
};

void cu_maven_artifact_version_parse(struct cu_span v,
				     struct cu_maven_artifact_version *out);

/* One interval of a range; a bound with ptr NULL is unbounded. */
struct cu_maven_restriction {
	struct cu_span lower, upper;
	bool lower_inclusive, upper_inclusive;
};

/*
 * A VersionRange. recommended.ptr is NULL unless the spec was a bare
 * ("soft") version, which Maven treats as a recommendation that matches
 * every version. Bound spans point into the spec text, which must outlive
 * the range.
 */
struct cu_maven_range {
	struct cu_span recommended;
	size_t count;
	struct cu_maven_restriction r[CU_MAVEN_RANGE_MAX];
};

/*
 * VersionRange.createFromVersionSpec: "1.0", "[1.0]", "[1.0,2.0)",
 * "(,1.0],[1.2,)". CU_EFORMAT where Maven throws
 * InvalidVersionSpecificationException.
 */
int cu_maven_range_parse(struct cu_span spec, struct cu_maven_range *out);

/*
 * VersionRange.restrict: the intersection of a and b, with a's recommended
 * version preferred, into out (which must be neither a nor b).
 */
int cu_maven_range_restrict(const struct cu_maven_range *a,
			    const struct cu_maven_range *b,
			    struct cu_maven_range *out);

/* VersionRange.containsVersion */
int cu_maven_range_contains(const struct cu_maven_range *range,
			    struct cu_span version, bool *in);

#endif
