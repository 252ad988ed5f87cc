/*
 * buf.c - capped growable buffers.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "caps.h"
#include "err.h"
#include "mem.h"

#define DEFAULT_CAP (1 * CU_GiB)

void cu_buf_init(struct cu_buf *b, size_t cap)
{
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void cu_buf_release(struct cu_buf *b)
{
	free(b->buf);
	cu_buf_init(b, b->cap);
}

void cu_buf_reset(struct cu_buf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

int cu_buf_reserve(struct cu_buf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : DEFAULT_CAP;
	size_t want, n;
	char *p;

	if (!cu_add(b->len, extra, &want) || !cu_add(want, 1, &want))
		return CU_ETOOBIG;
	if (want - 1 > cap)
		return CU_ETOOBIG;
	if (want <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		if (!cu_mul(n, 2, &n))
			return CU_ETOOBIG;
	if (n > cap + 1)
		n = cap + 1;
	p = realloc(b->buf, n);
	if (!p)
		return CU_ENOMEM;
	b->buf = p;
	b->alloc = n;
	return 0;
}

int cu_buf_add(struct cu_buf *b, const void *data, size_t len)
{
	int rc = cu_buf_reserve(b, len);

	if (rc)
		return rc;
	if (len)
		memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int cu_buf_addstr(struct cu_buf *b, const char *s)
{
	return cu_buf_add(b, s, strlen(s));
}

int cu_buf_addspan(struct cu_buf *b, struct cu_span s)
{
	return cu_buf_add(b, s.ptr, s.len);
}

int cu_buf_addch(struct cu_buf *b, char c)
{
	return cu_buf_add(b, &c, 1);
}

int cu_buf_vaddf(struct cu_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return CU_EFORMAT;
	rc = cu_buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int cu_buf_addf(struct cu_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cu_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *cu_buf_str(const struct cu_buf *b)
{
	return b->buf ? b->buf : "";
}

struct cu_span cu_buf_span(const struct cu_buf *b)
{
	return cu_span_make(b->buf, b->len);
}

char *cu_buf_detach(struct cu_buf *b, size_t *len)
{
	char *p = b->buf;

	if (!p)
		p = calloc(1, 1);
	if (len)
		*len = b->len;
	cu_buf_init(b, b->cap);
	return p;
}
