/*
 * buf.h - growable byte buffers with a hard cap.
 *
 * Every buffer fed from input has a cap (see caps.h); appending past it fails
 * with CU_ETOOBIG instead of growing without bound. The contents are always
 * NUL-terminated so finished text can be used as a C string.
 */
#ifndef CU_BUF_H
#define CU_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "span.h"

struct cu_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;	/* 0 means the default cap of 1 GiB */
};

#define CU_BUF_INIT { NULL, 0, 0, 0 }

void cu_buf_init(struct cu_buf *b, size_t cap);
void cu_buf_release(struct cu_buf *b);
void cu_buf_reset(struct cu_buf *b);

/* Make room for extra more bytes (plus the NUL). */
int cu_buf_reserve(struct cu_buf *b, size_t extra);

int cu_buf_add(struct cu_buf *b, const void *data, size_t len);
int cu_buf_addstr(struct cu_buf *b, const char *s);
int cu_buf_addspan(struct cu_buf *b, struct cu_span s);
int cu_buf_addch(struct cu_buf *b, char c);
int cu_buf_addf(struct cu_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cu_buf_vaddf(struct cu_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The buffer's string; "" when nothing was added. */
const char *cu_buf_str(const struct cu_buf *b);
struct cu_span cu_buf_span(const struct cu_buf *b);

/* Hand the allocation to the caller; the buffer is empty afterwards. */
char *cu_buf_detach(struct cu_buf *b, size_t *len);

#endif
