/*
 * rpm-ndb.c - rpm's "ndb" package file Packages.db (SUSE since 15.x,
 * rpm's lib/backend/ndb/rpmpkg.c), read from memory. All numbers are
 * little-endian.
 *
 *   file header (32 bytes): "RpmP", version 0, generation, slot pages,
 *                           next package index
 *   slot pages (4096 bytes each, the first after the file header):
 *     16-byte slots "Slot", package index, block offset, block count;
 *     block offset 0 marks a free slot
 *   blobs at block offset * 16, block count * 16 bytes long:
 *     head "BlbS", package index, timestamp, blob length
 *     the header blob, zero padding
 *     tail adler32 (of head, blob and padding), blob length, "BlbE"
 *
 * A slot or blob that does not check out is skipped with a warning; a
 * file whose header or slot pages are bad is refused.
 */
#include <zlib.h>

#include "common.h"
#include "rpm-db.h"
#include "rpm-header.h"

#define MAGIC(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | \
			   (uint32_t)(d) << 24)
#define FILE_MAGIC	MAGIC('R', 'p', 'm', 'P')
#define SLOT_MAGIC	MAGIC('S', 'l', 'o', 't')
#define HEAD_MAGIC	MAGIC('B', 'l', 'b', 'S')
#define TAIL_MAGIC	MAGIC('B', 'l', 'b', 'E')
#define FILE_HEADER	32
#define SLOT_SIZE	16
#define BLK_SIZE	16
#define SLOT_PAGE	4096
#define HEAD_SIZE	16
#define TAIL_SIZE	12

struct slot {
	uint32_t pkgidx, blkoff, blkcnt;
};

static uint32_t le32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[3] << 24 | (uint32_t)u[2] << 16 | (uint32_t)u[1] << 8 | u[0];
}

/* The blob a slot points to, checked; false (with a warning) when bad. */
static bool read_blob(struct cu_span file, const struct slot *s, uint64_t first_blk,
		      const struct cu_rpmdb_walk *w, struct cu_span *blob)
{
	uint64_t off = (uint64_t)s->blkoff * BLK_SIZE, size = (uint64_t)s->blkcnt * BLK_SIZE;
	const char *head, *tail;
	uint32_t len;

	if (s->blkoff < first_blk || off + size > file.len || size < HEAD_SIZE + TAIL_SIZE) {
		w->warn(w->ctx, "package %u: blob outside the file", s->pkgidx);
		return false;
	}
	head = file.ptr + off;
	tail = head + size - TAIL_SIZE;
	len = le32(head + 12);
	if (le32(head) != HEAD_MAGIC || le32(head + 4) != s->pkgidx ||
	    le32(tail + 8) != TAIL_MAGIC || le32(tail + 4) != len ||
	    (uint64_t)len + HEAD_SIZE + TAIL_SIZE > size ||
	    (len + HEAD_SIZE + TAIL_SIZE + BLK_SIZE - 1) / BLK_SIZE != s->blkcnt) {
		w->warn(w->ctx, "package %u: bad blob head or tail", s->pkgidx);
		return false;
	}
	if (adler32(1, (const Bytef *)head, (uInt)(size - TAIL_SIZE)) != le32(tail)) {
		w->warn(w->ctx, "package %u: blob checksum mismatch", s->pkgidx);
		return false;
	}
	*blob = cu_span_make(head + HEAD_SIZE, len);
	return true;
}

static int read_slots(struct cu_span file, uint32_t npages,
		      const struct cu_rpmdb_walk *w, struct cu_err *err)
{
	uint64_t first_blk = (uint64_t)npages * (SLOT_PAGE / BLK_SIZE);
	size_t end = (size_t)npages * SLOT_PAGE;
	struct cu_span blob;
	struct slot s;
	int rc = 0;

	for (size_t off = FILE_HEADER; !rc && off < end; off += SLOT_SIZE) {
		const char *p = file.ptr + off;

		if (le32(p) != SLOT_MAGIC)
			return cu_seterr(err, CU_EFORMAT, "bad slot at offset %zu", off);
		s.pkgidx = le32(p + 4);
		s.blkoff = le32(p + 8);
		s.blkcnt = le32(p + 12);
		if (!s.blkoff)
			continue;	/* free slot */
		if (!s.pkgidx || !s.blkcnt) {
			w->warn(w->ctx, "slot at offset %zu is malformed", off);
			continue;
		}
		if (read_blob(file, &s, first_blk, w, &blob))
			rc = w->blob(w->ctx, s.pkgidx, blob);
	}
	return rc;
}

int cu_rpmdb_ndb(struct cu_span file, const struct cu_rpmdb_walk *w, struct cu_err *err)
{
	uint32_t version, npages;

	if (file.len < FILE_HEADER || le32(file.ptr) != FILE_MAGIC)
		return cu_seterr(err, CU_EFORMAT, "not an rpm ndb package file");
	version = le32(file.ptr + 4);
	if (version != 0)
		return cu_seterr(err, CU_EUNSUPPORTED, "ndb version %u", version);
	npages = le32(file.ptr + 12);
	if (!npages || (uint64_t)npages * SLOT_PAGE > file.len)
		return cu_seterr(err, CU_EFORMAT, "%u slot pages in %zu bytes", npages, file.len);
	return read_slots(file, npages, w, err);
}
