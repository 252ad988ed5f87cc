/*
 * arena.h - bump allocation for objects that live as long as one scan.
 *
 * The filesystem view, the package catalog and the findings of a scan are
 * allocated here and freed at once with cu_arena_release. An arena has a cap
 * on its total size, so a hostile image cannot grow it without bound.
 */
#ifndef CU_ARENA_H
#define CU_ARENA_H

#include <stddef.h>

#include "span.h"

struct cu_arena_chunk;

struct cu_arena {
	struct cu_arena_chunk *head;
	size_t used;	/* bytes handed out, for reports and caps */
	size_t total;	/* bytes allocated from the system */
	size_t cap;	/* 0: no cap */
};

void cu_arena_init(struct cu_arena *a, size_t cap);
void cu_arena_release(struct cu_arena *a);

/* Zeroed memory aligned for any object; NULL when out of memory or over cap. */
void *cu_arena_alloc(struct cu_arena *a, size_t size);
void *cu_arena_calloc(struct cu_arena *a, size_t n, size_t size);

/* NUL-terminated copies. */
char *cu_arena_strndup(struct cu_arena *a, const char *s, size_t n);
char *cu_arena_strdup(struct cu_arena *a, const char *s);
char *cu_arena_spandup(struct cu_arena *a, struct cu_span s);
char *cu_arena_printf(struct cu_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
