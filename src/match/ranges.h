/*
 * ranges.h - OSV affected-range evaluation (osv-schema "Evaluation"):
 * ECOSYSTEM and SEMVER ranges of introduced / fixed / last_affected / limit
 * events, plus explicit version lists, decided with a version scheme.
 */
#ifndef CU_RANGES_H
#define CU_RANGES_H

#include <stdbool.h>

#include "buf.h"
#include "err.h"
#include "version/version.h"

struct cu_range_verdict {
	bool affected;
	struct cu_buf fixed;	/* the fix for this version, "" when none */
};

/*
 * Decide whether version is affected by ranges_json / versions_json (either
 * may be NULL). Events whose versions the scheme rejects are ignored; when
 * that leaves nothing to decide, the result is "not affected" and the
 * return value CU_EFORMAT (err says which version was invalid).
 */
int cu_ranges_evaluate(const struct cu_version_scheme *scheme, const char *version,
		       const char *ranges_json, const char *versions_json,
		       struct cu_range_verdict *out, struct cu_err *err);

#endif
