/*
 * rpm-bdb.c - rpm's Berkeley DB "Packages" file (rpm <= 4.15: RHEL 7 and
 * 8, CentOS, UBI 8, Amazon Linux 2), read from memory without libdb.
 *
 * The file is a Berkeley DB hash database (Berkeley DB's dbinc/db_page.h
 * and hash.h layouts; rpm's own read-only reader, lib/backend/bdb_ro.c,
 * reads it the same way). Page 0 is the hash metadata page:
 *
 *   12 magic 0x061561 (byte order of the host that wrote the file)
 *   16 version 8..10   20 page size   24 encryption   26 flags (1: checksums,
 *   which move the page contents from offset 26 to 32; not verified)
 *   32 last page       72 max bucket  96 spares[32]
 *
 * Bucket b starts at page b + spares[bits(b)] and continues through the
 * next-page links. A hash page is a 26-byte header (20 next page, 22 item
 * count), the item offsets, and the items packed from the page end down,
 * key before value. An item is a type byte and either the bytes (KEYDATA)
 * or, for a value too big for the page, a reference to a chain of
 * overflow pages (OFFPAGE: page at 4, length at 8). The key is the header
 * number, the value the header blob.
 *
 * Everything is checked: page numbers against the file, item offsets
 * against the page, bucket chains against revisits, overflow chains
 * against their length and the number of pages, and the overflow bytes
 * assembled in all against the size of the file (which a well-formed file
 * can never exceed, since each overflow page belongs to one item).
 */
#include "common.h"
#include "rpm-db.h"
#include "rpm-header.h"

#define HASH_MAGIC	0x061561u
#define BTREE_MAGIC	0x053162u
#define PAGE_HEADER	26	/* sizeof(PAGE) */
#define CHECKSUM_HEADER	32	/* with flag DBMETA_CHKSUM: page checksum at 28 */
#define META_CHKSUM	0x01

enum page_type {
	P_HASH_UNSORTED = 2,
	P_OVERFLOW = 7,
	P_HASH = 13,
};

enum item_type {
	H_KEYDATA = 1,
	H_OFFPAGE = 3,
};

struct bdb {
	struct cu_span file;
	bool be;			/* written by a big-endian host */
	size_t pagesize;
	size_t hdr;			/* where item offsets / overflow data start */
	size_t npages;
	uint32_t max_bucket;
	uint32_t spares[32];
	unsigned char *visited;		/* per page: seen in a bucket chain */
	uint64_t overflow_bytes;	/* assembled so far, at most the file size */
	struct cu_buf value;
	const struct cu_rpmdb_walk *w;
};

static uint32_t get32(const struct bdb *b, const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (b->be)
		return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
	return (uint32_t)u[3] << 24 | (uint32_t)u[2] << 16 | (uint32_t)u[1] << 8 | u[0];
}

static uint16_t get16(const struct bdb *b, const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return b->be ? (uint16_t)(u[0] << 8 | u[1]) : (uint16_t)(u[1] << 8 | u[0]);
}

/* Page pgno, or NULL when it is not in the file. */
static const char *page_at(const struct bdb *b, uint64_t pgno)
{
	if (pgno >= b->npages)
		return NULL;
	return b->file.ptr + pgno * b->pagesize;
}

static bool is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static int read_magic(struct bdb *b, struct cu_err *err)
{
	const char *m = b->file.ptr + 12;

	if (b->file.len < 512)
		return cu_seterr(err, CU_EFORMAT, "not a Berkeley DB file");
	for (int be = 0; be < 2; be++) {
		b->be = be;
		if (get32(b, m) == HASH_MAGIC)
			return 0;
		if (get32(b, m) == BTREE_MAGIC)
			return cu_seterr(err, CU_EUNSUPPORTED, "a Berkeley DB B-tree, not a hash");
	}
	return cu_seterr(err, CU_EFORMAT, "not a Berkeley DB hash database");
}

static int read_meta(struct bdb *b, struct cu_err *err)
{
	const char *m = b->file.ptr;
	uint32_t version, pagesize, last;
	int rc = read_magic(b, err);

	if (rc)
		return rc;
	version = get32(b, m + 16);
	pagesize = get32(b, m + 20);
	last = get32(b, m + 32);
	if (version < 8 || version > 10)
		return cu_seterr(err, CU_EUNSUPPORTED, "hash version %u", version);
	if (!is_pow2(pagesize) || pagesize < 512 || pagesize > 65536 || pagesize > b->file.len)
		return cu_seterr(err, CU_EFORMAT, "page size %u", pagesize);
	if (m[24])
		return cu_seterr(err, CU_EUNSUPPORTED, "encrypted database");
	b->pagesize = pagesize;
	b->hdr = (unsigned char)m[26] & META_CHKSUM ? CHECKSUM_HEADER : PAGE_HEADER;
	b->npages = b->file.len / pagesize;
	if ((uint64_t)last + 1 < b->npages)
		b->npages = (size_t)last + 1;
	b->max_bucket = get32(b, m + 72);
	if (b->max_bucket >= b->npages)
		return cu_seterr(err, CU_EFORMAT, "%u buckets in %zu pages",
				 b->max_bucket + 1, b->npages);
	for (int i = 0; i < 32; i++)
		b->spares[i] = get32(b, m + 96 + 4 * i);
	return 0;
}

/* --- items --------------------------------------------------------------- */

/*
 * Assemble an overflow item into b->value: 0, 1 when it was skipped with a
 * warning, CU_EFORMAT when the items together hold more overflow data than
 * the file has (chains that share or loop through pages).
 */
static int read_overflow(struct bdb *b, uint32_t pgno, uint32_t len, struct cu_err *err)
{
	size_t steps = 0;
	const char *page;
	uint16_t plen;

	cu_buf_reset(&b->value);
	if (len > b->file.len || cu_buf_reserve(&b->value, len)) {
		b->w->warn(b->w->ctx, "overflow item of %u bytes", len);
		return 1;
	}
	while (b->value.len < len) {
		page = page_at(b, pgno);
		if (!page || ++steps > b->npages || (unsigned char)page[25] != P_OVERFLOW ||
		    get32(b, page + 8) != pgno) {
			b->w->warn(b->w->ctx, "broken overflow chain at page %u", pgno);
			return 1;
		}
		plen = get16(b, page + 22);
		if (!plen || plen > b->pagesize - b->hdr || plen > len - b->value.len) {
			b->w->warn(b->w->ctx, "overflow page %u holds %u bytes", pgno, plen);
			return 1;
		}
		b->overflow_bytes += plen;
		if (b->overflow_bytes > b->file.len)
			return cu_seterr(err, CU_EFORMAT, "overflow items larger than the file");
		cu_buf_add(&b->value, page + b->hdr, plen);
		pgno = get32(b, page + 16);
	}
	return 0;
}

/* The header blob of a value item: 0, 1 when skipped, or an error. */
static int item_value(struct bdb *b, struct cu_span item, struct cu_span *blob,
		      struct cu_err *err)
{
	int rc;

	if (item.ptr[0] == H_KEYDATA) {
		*blob = cu_span_skip(item, 1);
		return 0;
	}
	if (item.ptr[0] != H_OFFPAGE || item.len < 12) {
		b->w->warn(b->w->ctx, "value item of type %u", (unsigned char)item.ptr[0]);
		return 1;
	}
	rc = read_overflow(b, get32(b, item.ptr + 4), get32(b, item.ptr + 8), err);
	*blob = cu_buf_span(&b->value);
	return rc;
}

static int read_pair(struct bdb *b, struct cu_span key, struct cu_span value,
		     struct cu_err *err)
{
	struct cu_span blob;
	uint32_t hnum;
	int rc;

	if (key.ptr[0] != H_KEYDATA || key.len != 5) {
		b->w->warn(b->w->ctx, "key item of type %u and %zu bytes",
			   (unsigned char)key.ptr[0], key.len);
		return 0;
	}
	hnum = get32(b, key.ptr + 1);
	if (hnum == 0)
		return 0;	/* rpm's instance counter, not a package */
	rc = item_value(b, value, &blob, err);
	if (rc)
		return rc < 0 ? rc : 0;
	return b->w->blob(b->w->ctx, hnum, blob);
}

static int read_hash_page(struct bdb *b, const char *page, uint32_t pgno,
			  struct cu_err *err)
{
	size_t n = get16(b, page + 20), end = b->pagesize, koff, voff;
	int rc;

	if (b->hdr + 2 * n > b->pagesize || n % 2) {
		b->w->warn(b->w->ctx, "hash page %u claims %zu items", pgno, n);
		return 0;
	}
	for (size_t i = 0; i < n; i += 2) {
		koff = get16(b, page + b->hdr + 2 * i);
		voff = get16(b, page + b->hdr + 2 * i + 2);
		if (voff < b->hdr + 2 * n || voff >= koff || koff >= end) {
			b->w->warn(b->w->ctx, "hash page %u: item %zu out of place", pgno, i);
			return 0;
		}
		rc = read_pair(b, cu_span_make(page + koff, end - koff),
			       cu_span_make(page + voff, koff - voff), err);
		if (rc)
			return rc;
		end = voff;
	}
	return 0;
}

/* --- buckets ------------------------------------------------------------- */

static uint64_t bucket_page(const struct bdb *b, uint32_t bucket)
{
	int bits = 0;

	for (uint32_t v = bucket; v && bits < 31; v >>= 1)
		bits++;
	return (uint64_t)bucket + b->spares[bits];
}

static bool is_blank(const char *page)
{
	for (int i = 0; i < PAGE_HEADER; i++)
		if (page[i])
			return false;
	return true;
}

static int read_bucket(struct bdb *b, uint32_t bucket, struct cu_err *err)
{
	uint64_t pgno = bucket_page(b, bucket);
	const char *page;
	int rc;

	while (pgno) {
		page = page_at(b, pgno);
		if (!page || b->visited[pgno]) {
			b->w->warn(b->w->ctx, "bucket %u: chain %s at page %llu", bucket,
				   page ? "loops" : "leaves the file", (unsigned long long)pgno);
			return 0;
		}
		b->visited[pgno] = 1;
		if (is_blank(page))
			return 0;	/* a bucket never written */
		if (get32(b, page + 8) != pgno || ((unsigned char)page[25] != P_HASH &&
						   (unsigned char)page[25] != P_HASH_UNSORTED)) {
			b->w->warn(b->w->ctx, "bucket %u: page %llu is not a hash page",
				   bucket, (unsigned long long)pgno);
			return 0;
		}
		rc = read_hash_page(b, page, (uint32_t)pgno, err);
		if (rc)
			return rc;
		pgno = get32(b, page + 16);
	}
	return 0;
}

int cu_rpmdb_bdb(struct cu_span file, const struct cu_rpmdb_walk *w, struct cu_err *err)
{
	struct bdb b = { .file = file, .w = w };
	int rc;

	cu_buf_init(&b.value, CU_RPM_HDR_MAX_DATA);
	rc = read_meta(&b, err);
	if (rc)
		goto out;
	b.visited = cu_calloc(b.npages, 1);
	if (!b.visited) {
		rc = cu_seterr(err, CU_ENOMEM, "out of memory");
		goto out;
	}
	b.visited[0] = 1;	/* the metadata page is never a bucket */
	for (uint64_t bucket = 0; !rc && bucket <= b.max_bucket; bucket++)
		rc = read_bucket(&b, (uint32_t)bucket, err);
out:
	free(b.visited);
	cu_buf_release(&b.value);
	return rc;
}
