/*
 * span.h - (pointer, length) views of bytes we did not write ourselves.
 *
 * Everything read from an image or a feed is handled as a span: it need not be
 * NUL-terminated and may contain anything. The pull helpers consume from the
 * front and fail (return 0 / an empty span) on short input instead of reading
 * past the end.
 */
#ifndef CU_SPAN_H
#define CU_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cu_span {
	const char *ptr;
	size_t len;
};

#define CU_SPAN_NULL ((struct cu_span){ NULL, 0 })

static inline struct cu_span cu_span_make(const void *ptr, size_t len)
{
	return (struct cu_span){ (const char *)ptr, len };
}

/* A span over a NUL-terminated string we own (not for untrusted bytes). */
static inline struct cu_span cu_span_str(const char *s)
{
	return (struct cu_span){ s, s ? strlen(s) : 0 };
}

bool cu_span_eq(struct cu_span a, struct cu_span b);
bool cu_span_eq_str(struct cu_span a, const char *s);
bool cu_span_eq_icase_str(struct cu_span a, const char *s);
bool cu_span_starts_with(struct cu_span s, const char *prefix);
bool cu_span_ends_with(struct cu_span s, const char *suffix);
int cu_span_cmp(struct cu_span a, struct cu_span b);

/* Index of the first c in s, or -1. */
ptrdiff_t cu_span_find(struct cu_span s, char c);
ptrdiff_t cu_span_rfind(struct cu_span s, char c);

/* Sub-span [from, from+len), clamped to s. */
struct cu_span cu_span_sub(struct cu_span s, size_t from, size_t len);

/* Drop n bytes from the front; n is clamped to the length. */
struct cu_span cu_span_skip(struct cu_span s, size_t n);

/* Remove ASCII whitespace at both ends. */
struct cu_span cu_span_trim(struct cu_span s);

/*
 * Split at the first sep: *head gets what is before it, s advances past it.
 * Returns false (head = all of s, s emptied) when sep does not occur.
 */
bool cu_span_split(struct cu_span *s, char sep, struct cu_span *head);

/* Pull one line (without its '\n', and without a trailing '\r'). */
bool cu_span_pull_line(struct cu_span *s, struct cu_span *line);

/* Parse a decimal unsigned number that is all of s. */
bool cu_span_to_u64(struct cu_span s, uint64_t *out);

/* Copy into a NUL-terminated buffer; fails when it does not fit or has NUL. */
bool cu_span_to_cstr(struct cu_span s, char *dst, size_t dstlen);

/* FNV-1a hash of the bytes. */
uint64_t cu_span_hash(struct cu_span s);

#endif
