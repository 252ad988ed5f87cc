/*
 * mem.c - allocation helpers that refuse overflowing sizes.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"

void *cu_calloc(size_t n, size_t size)
{
	size_t total;

	if (!cu_mul(n, size, &total))
		return NULL;
	return calloc(1, total ? total : 1);
}

int cu_grow(void **ptr, size_t *alloc, size_t want, size_t size)
{
	size_t n = *alloc ? *alloc : 8;
	size_t bytes;
	void *p;

	if (want <= *alloc)
		return 0;
	while (n < want) {
		if (!cu_mul(n, 2, &n))
			return CU_ENOMEM;
	}
	if (!cu_mul(n, size, &bytes))
		return CU_ENOMEM;
	p = realloc(*ptr, bytes);
	if (!p)
		return CU_ENOMEM;
	*ptr = p;
	*alloc = n;
	return 0;
}

char *cu_strdup(const char *s)
{
	return cu_strndup(s, strlen(s));
}

char *cu_strndup(const char *s, size_t n)
{
	char *p;
	size_t sz;

	if (!cu_add(n, 1, &sz))
		return NULL;
	p = malloc(sz);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
