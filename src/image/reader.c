/*
 * reader.c - readers over regions of host files.
 */
#include <errno.h>
#include <unistd.h>

#include "common.h"
#include "reader.h"

struct region_reader {
	struct cu_reader base;
	int fd;
	uint64_t offset;
	uint64_t remaining;
};

static int region_read(struct cu_reader *r, void *buf, size_t cap, size_t *got,
		       struct cu_err *err)
{
	struct region_reader *rr = (struct region_reader *)r;
	ssize_t n;

	*got = 0;
	if (!rr->remaining)
		return 0;
	if (cap > rr->remaining)
		cap = (size_t)rr->remaining;
	do {
		n = pread(rr->fd, buf, cap, (off_t)rr->offset);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return cu_seterr(err, CU_EIO, "cannot read '%s': %s", r->name,
				 strerror(errno));
	if (n == 0)
		return cu_seterr(err, CU_EFORMAT,
				 "'%s' is truncated: %llu bytes missing", r->name,
				 (unsigned long long)rr->remaining);
	rr->offset += (uint64_t)n;
	rr->remaining -= (uint64_t)n;
	*got = (size_t)n;
	return 0;
}

static void region_close(struct cu_reader *r)
{
	free(r);
}

int cu_reader_file_region(int fd, uint64_t offset, uint64_t length,
			  const char *name, struct cu_reader **out)
{
	struct region_reader *rr = calloc(1, sizeof(*rr));

	if (!rr)
		return CU_ENOMEM;
	rr->base.read = region_read;
	rr->base.close = region_close;
	rr->base.size = length;
	rr->base.name = name;
	rr->fd = fd;
	rr->offset = offset;
	rr->remaining = length;
	*out = &rr->base;
	return 0;
}

struct mem_reader {
	struct cu_reader base;
	const unsigned char *data;
	size_t len, pos;
};

static int mem_read(struct cu_reader *r, void *buf, size_t cap, size_t *got,
		    struct cu_err *err)
{
	struct mem_reader *mr = (struct mem_reader *)r;
	size_t n = mr->len - mr->pos;

	(void)err;
	if (n > cap)
		n = cap;
	if (n)
		memcpy(buf, mr->data + mr->pos, n);
	mr->pos += n;
	*got = n;
	return 0;
}

int cu_reader_memory(const void *data, size_t len, const char *name,
		     struct cu_reader **out)
{
	struct mem_reader *mr = calloc(1, sizeof(*mr));

	if (!mr)
		return CU_ENOMEM;
	mr->base.read = mem_read;
	mr->base.close = region_close;
	mr->base.size = len;
	mr->base.name = name;
	mr->data = data;
	mr->len = len;
	*out = &mr->base;
	return 0;
}

int cu_reader_slurp(struct cu_reader *r, size_t cap, char **data, size_t *len,
		    struct cu_err *err)
{
	struct cu_buf b;
	char chunk[65536];
	size_t got;
	int rc;

	cu_buf_init(&b, cap);
	for (;;) {
		rc = cu_reader_read(r, chunk, sizeof(chunk), &got, err);
		if (rc)
			goto out;
		if (!got)
			break;
		rc = cu_buf_add(&b, chunk, got);
		if (rc == CU_ETOOBIG) {
			rc = cu_seterr(err, CU_ETOOBIG,
				       "'%s' is larger than %zu bytes", r->name, cap);
			goto out;
		}
		if (rc)
			goto out;
	}
	*data = cu_buf_detach(&b, len);
	return 0;
out:
	cu_buf_release(&b);
	return rc;
}
