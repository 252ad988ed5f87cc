/*
 * span.c - bounded helpers over untrusted byte ranges.
 */
#include <ctype.h>

#include "span.h"

bool cu_span_eq(struct cu_span a, struct cu_span b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool cu_span_eq_str(struct cu_span a, const char *s)
{
	return cu_span_eq(a, cu_span_str(s));
}

bool cu_span_eq_icase_str(struct cu_span a, const char *s)
{
	size_t n = strlen(s);

	if (n != a.len)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a.ptr[i]) != tolower((unsigned char)s[i]))
			return false;
	return true;
}

bool cu_span_starts_with(struct cu_span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && memcmp(s.ptr, prefix, n) == 0;
}

bool cu_span_ends_with(struct cu_span s, const char *suffix)
{
	size_t n = strlen(suffix);

	return s.len >= n && memcmp(s.ptr + s.len - n, suffix, n) == 0;
}

int cu_span_cmp(struct cu_span a, struct cu_span b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.ptr, b.ptr, n) : 0;

	if (c)
		return c;
	return a.len < b.len ? -1 : a.len > b.len;
}

ptrdiff_t cu_span_find(struct cu_span s, char c)
{
	const char *p = s.len ? memchr(s.ptr, c, s.len) : NULL;

	return p ? p - s.ptr : -1;
}

ptrdiff_t cu_span_rfind(struct cu_span s, char c)
{
	for (size_t i = s.len; i > 0; i--)
		if (s.ptr[i - 1] == c)
			return (ptrdiff_t)(i - 1);
	return -1;
}

struct cu_span cu_span_sub(struct cu_span s, size_t from, size_t len)
{
	if (from > s.len)
		from = s.len;
	if (len > s.len - from)
		len = s.len - from;
	return cu_span_make(s.ptr + from, len);
}

struct cu_span cu_span_skip(struct cu_span s, size_t n)
{
	return cu_span_sub(s, n, s.len);
}

struct cu_span cu_span_trim(struct cu_span s)
{
	while (s.len && isspace((unsigned char)s.ptr[0])) {
		s.ptr++;
		s.len--;
	}
	while (s.len && isspace((unsigned char)s.ptr[s.len - 1]))
		s.len--;
	return s;
}

bool cu_span_split(struct cu_span *s, char sep, struct cu_span *head)
{
	ptrdiff_t i = cu_span_find(*s, sep);

	if (i < 0) {
		*head = *s;
		*s = cu_span_make(s->ptr + s->len, 0);
		return false;
	}
	*head = cu_span_make(s->ptr, (size_t)i);
	*s = cu_span_skip(*s, (size_t)i + 1);
	return true;
}

bool cu_span_pull_line(struct cu_span *s, struct cu_span *line)
{
	if (!s->len)
		return false;
	cu_span_split(s, '\n', line);
	if (line->len && line->ptr[line->len - 1] == '\r')
		line->len--;
	return true;
}

bool cu_span_to_u64(struct cu_span s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s.len)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned d = (unsigned char)s.ptr[i] - '0';

		if (d > 9)
			return false;
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

bool cu_span_to_cstr(struct cu_span s, char *dst, size_t dstlen)
{
	if (s.len >= dstlen || (s.len && memchr(s.ptr, '\0', s.len)))
		return false;
	if (s.len)
		memcpy(dst, s.ptr, s.len);
	dst[s.len] = '\0';
	return true;
}

uint64_t cu_span_hash(struct cu_span s)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < s.len; i++) {
		h ^= (unsigned char)s.ptr[i];
		h *= 1099511628211ULL;
	}
	return h;
}
