/*
 * internal.h - what matchers share: collected raw hits of one package, and
 * turning them into merged findings.
 */
#ifndef CU_MATCH_INTERNAL_H
#define CU_MATCH_INTERNAL_H

#include "match.h"
#include "version/version.h"

struct cu_hit {
	char *id, *source, *status, *fixed, *severity;
	char **ids;	/* id and its aliases, NULL-terminated (filled at emit) */
};

struct cu_hits {
	struct cu_hit *items;
	size_t n, alloc;
};

void cu_hits_init(struct cu_hits *h);
void cu_hits_release(struct cu_hits *h);
int cu_hits_add(struct cu_hits *h, const char *id, const char *source,
		const char *status, const char *fixed, const char *severity);

/* Merge aliases among hits and append the findings for pkg to m. */
int cu_match_emit(struct cu_db *db, const struct cu_pkg *pkg,
		  const struct cu_version_scheme *scheme, struct cu_hits *hits,
		  struct cu_matches *m, struct cu_err *err);

#endif
