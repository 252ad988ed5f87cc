/*
 * mem.h - overflow-checked size arithmetic and allocation.
 *
 * Sizes that come from input go through cu_add/cu_mul before they reach an
 * allocator. The allocators return NULL on failure like malloc; callers turn
 * that into CU_ENOMEM.
 */
#ifndef CU_MEM_H
#define CU_MEM_H

#include <stdbool.h>
#include <stddef.h>

static inline bool cu_add(size_t a, size_t b, size_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

static inline bool cu_mul(size_t a, size_t b, size_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

/* Allocate n * size bytes, zeroed; NULL on overflow or exhaustion. */
void *cu_calloc(size_t n, size_t size);

/* Grow *ptr to hold at least want elements of size; keeps *alloc in step. */
int cu_grow(void **ptr, size_t *alloc, size_t want, size_t size);

/* strdup of a string we own; NULL on exhaustion. */
char *cu_strdup(const char *s);
char *cu_strndup(const char *s, size_t n);

#define CU_GROW(ptr, alloc, want) \
	cu_grow((void **)&(ptr), &(alloc), (want), sizeof(*(ptr)))

#endif
