/*
 * ecosystem.h - how advisories name where a package lives, and how we file
 * them in the database: an ecosystem ("debian", "pypi", ...) and, for
 * distributions, a release ("bookworm", "22.04", "3.18").
 */
#ifndef CU_ECOSYSTEM_H
#define CU_ECOSYSTEM_H

#include <stddef.h>

#include "span.h"

/*
 * Map an OSV ecosystem string ("Debian:12", "Ubuntu:22.04:LTS", "PyPI",
 * "Alpine:v3.18") to (ecosystem, release). 0, or CU_EUNSUPPORTED for
 * ecosystems without a version scheme of ours (GIT-only, "Android" ...).
 */
int cu_ecosystem_from_osv(struct cu_span osv, char *eco, size_t ecolen,
			  char *release, size_t rellen);

/* The version scheme name (purl type) used for an ecosystem of ours. */
const char *cu_ecosystem_scheme(const char *eco);

#endif
