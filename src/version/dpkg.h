/*
 * dpkg.h - Debian version ordering for hot loops.
 *
 * The deb scheme (cu_scheme_deb in version.h) is the general entry point;
 * this is the same ordering without the error plumbing, for callers that
 * compare one installed version against many feed entries.
 */
#ifndef CU_DPKG_H
#define CU_DPKG_H

#include "span.h"

/*
 * Order two Debian versions like "dpkg --compare-versions": <0 when a sorts
 * before b, 0 when they are equal, >0 when a sorts after b. Never allocates
 * and reads only inside the spans.
 *
 * Versions dpkg only warns about (upstream not starting with a digit, odd
 * characters) are ordered exactly as dpkg orders them. Versions dpkg refuses
 * outright (empty, embedded blanks, bad epoch, empty upstream or revision)
 * still get a deterministic order, but not one dpkg defines: check them once
 * with cu_scheme_deb.validate or .compare before using this in a loop.
 */
int cu_dpkg_version_cmp(struct cu_span a, struct cu_span b);

#endif
