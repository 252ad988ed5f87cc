/*
 * arena.c - chunked bump allocator with a size cap.
 */
#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "mem.h"

#define CHUNK_SIZE (256 * 1024)
#define ALIGN alignof(max_align_t)

struct cu_arena_chunk {
	struct cu_arena_chunk *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

void cu_arena_init(struct cu_arena *a, size_t cap)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
	a->cap = cap;
}

void cu_arena_release(struct cu_arena *a)
{
	struct cu_arena_chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	cu_arena_init(a, a->cap);
}

static struct cu_arena_chunk *new_chunk(struct cu_arena *a, size_t need)
{
	struct cu_arena_chunk *c;
	size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
	size_t bytes;

	if (!cu_add(size, sizeof(*c), &bytes))
		return NULL;
	if (a->cap && (a->total + bytes > a->cap || a->total + bytes < a->total))
		return NULL;
	c = malloc(bytes);
	if (!c)
		return NULL;
	c->size = size;
	c->used = 0;
	a->total += bytes;
	return c;
}

void *cu_arena_alloc(struct cu_arena *a, size_t size)
{
	struct cu_arena_chunk *c = a->head;
	size_t rounded;
	void *p;

	if (!cu_add(size, ALIGN - 1, &rounded))
		return NULL;
	rounded &= ~(size_t)(ALIGN - 1);
	if (!rounded)
		rounded = ALIGN;
	if (!c || c->size - c->used < rounded) {
		c = new_chunk(a, rounded);
		if (!c)
			return NULL;
		/* a big one-off allocation must not waste the current chunk */
		if (a->head && rounded > CHUNK_SIZE / 4) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->used;
	c->used += rounded;
	a->used += rounded;
	memset(p, 0, size);
	return p;
}

void *cu_arena_calloc(struct cu_arena *a, size_t n, size_t size)
{
	size_t total;

	if (!cu_mul(n, size, &total))
		return NULL;
	return cu_arena_alloc(a, total);
}

char *cu_arena_strndup(struct cu_arena *a, const char *s, size_t n)
{
	size_t sz;
	char *p;

	if (!cu_add(n, 1, &sz))
		return NULL;
	p = cu_arena_alloc(a, sz);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cu_arena_strdup(struct cu_arena *a, const char *s)
{
	return cu_arena_strndup(a, s, strlen(s));
}

char *cu_arena_spandup(struct cu_arena *a, struct cu_span s)
{
	return cu_arena_strndup(a, s.ptr ? s.ptr : "", s.len);
}

char *cu_arena_printf(struct cu_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = cu_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
