/*
 * purl-internal.h - what purl.c (syntax) and purl-types.c (the rules of
 * registered types) share.
 */
#ifndef CU_PURL_INTERNAL_H
#define CU_PURL_INTERNAL_H

#include <stdbool.h>

#include "purl.h"

static inline bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* ASCII case folding; UTF-8 sequences are left alone. */
static inline void str_fold(char *s, bool upper)
{
	for (; s && *s; s++)
		if (is_alpha(*s))
			*s = (char)(upper ? *s & ~0x20 : *s | 0x20);
}

static inline void str_lower(char *s)
{
	str_fold(s, false);
}

/*
 * Apply the rules of p's type, when it is a registered one: case folding,
 * required and prohibited components, type-specific fixes. CU_EFORMAT with
 * a message when p breaks them.
 */
int cu_purl_type_rules(struct cu_purl *p, struct cu_err *err);

/* Whether names of this type may hold '/' separators, written unencoded. */
bool cu_purl_type_name_is_path(const char *type);

#endif
