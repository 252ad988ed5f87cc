/*
 * reader.h - pull-style byte streams for image blobs.
 *
 * An image source hands out each blob (manifest, config, layer) as a reader.
 * Readers over host files use pread on a (file, offset, length) region, so a
 * blob inside an outer archive is read in place without copying it out.
 */
#ifndef CU_READER_H
#define CU_READER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct cu_reader {
	/* Read up to cap bytes; *got = 0 means end of stream. 0 or CU_E*. */
	int (*read)(struct cu_reader *r, void *buf, size_t cap, size_t *got,
		    struct cu_err *err);
	void (*close)(struct cu_reader *r);
	uint64_t size;		/* total length when known, else UINT64_MAX */
	const char *name;	/* for messages; owned by the creator */
};

/*
 * A reader over bytes [offset, offset+length) of an open file. The reader
 * does not own fd. Reading fewer bytes than length is CU_EFORMAT (truncated).
 */
int cu_reader_file_region(int fd, uint64_t offset, uint64_t length,
			  const char *name, struct cu_reader **out);

/* A reader over bytes in memory (not copied; they must outlive the reader). */
int cu_reader_memory(const void *data, size_t len, const char *name,
		     struct cu_reader **out);

static inline int cu_reader_read(struct cu_reader *r, void *buf, size_t cap,
				 size_t *got, struct cu_err *err)
{
	return r->read(r, buf, cap, got, err);
}

static inline void cu_reader_close(struct cu_reader *r)
{
	if (r)
		r->close(r);
}

/* Read a whole small blob (at most cap bytes) into a malloc'd buffer. */
int cu_reader_slurp(struct cu_reader *r, size_t cap, char **data, size_t *len,
		    struct cu_err *err);

#endif
