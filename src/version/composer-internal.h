/*
 * composer-internal.h - what composer.c (versions) and composer-constraint.c
 * (constraints) share. Not for other modules: use cu_scheme_composer and
 * composer.h.
 */
#ifndef CU_COMPOSER_INTERNAL_H
#define CU_COMPOSER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "composer.h"
#include "span.h"

/* A normalised version in a fixed buffer; appending past it sets overflow. */
struct cu_composer_version {
	char s[CU_COMPOSER_NORM_MAX];
	size_t len;
	bool overflow;
};

void cu_composer_add(struct cu_composer_version *v, const char *p, size_t n);

/* VersionParser::normalize into a fixed buffer; CU_EFORMAT where it throws. */
int cu_composer_normalize_to(struct cu_span version, struct cu_composer_version *out);

/* PHP's version_compare() on two normalised versions: -1, 0 or 1. */
int cu_composer_php_compare(struct cu_span a, struct cu_span b);

/* What may follow a match: "$", "(\+[^\s]+)?$" or "(\+.*)?$". */
enum cu_composer_tail { CU_COMPOSER_END, CU_COMPOSER_BUILD, CU_COMPOSER_ANY };

/* The captures of VersionParser's $modifierRegex. */
struct cu_composer_modifier {
	struct cu_span stab;	/* stability word as written, or empty */
	struct cu_span num;	/* "(?:[.-]?\d+)*" after the word */
	bool dev;
};

/*
 * $modifierRegex matching all of s from p (then the tail), with PCRE's
 * backtracking order. Case-insensitive, as the /i regexes; with lowered,
 * as the case-sensitive regex Composer runs on strtolower() text, where
 * "RC" cannot match.
 */
bool cu_composer_modifier(struct cu_span s, size_t p, bool lowered,
			  enum cu_composer_tail tail, struct cu_composer_modifier *m);

/* "([.-]?dev)?" and the tail from p; *dev says whether "dev" was there. */
bool cu_composer_dev_tail(struct cu_span s, size_t p, enum cu_composer_tail tail,
			  bool *dev);

/* "^([^,\s]++) ++as ++([^,\s]++)$": the alias source, or v itself. */
struct cu_span cu_composer_strip_alias(struct cu_span v);

/* The "@stable|RC|beta|alpha|dev" flag ending v (any case), or empty. */
struct cu_span cu_composer_stability_flag(struct cu_span v);

/* Semver::satisfies(version, constraints) */
int cu_composer_satisfies(struct cu_span version, struct cu_span constraints,
			  bool *in);

#endif
