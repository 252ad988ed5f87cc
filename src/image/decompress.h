/*
 * decompress.h - turn a layer blob into its uncompressed tar stream, hashing
 * both sides on the way.
 *
 * The compression is taken from the first bytes (gzip RFC 1952 member(s),
 * zstd RFC 8878 frame(s), or none), not from the media type, which images
 * get wrong. gzip is inflated with ISA-L, zstd with libzstd. The blob digest
 * is computed over the stored bytes and the diff_id over the output.
 *
 * With CU_DECOMP_THREADED, reading, inflating and the blob digest run on a
 * second thread, one buffer ahead of the consumer, so a scan costs little
 * more than the decompression itself.
 */
#ifndef CU_DECOMPRESS_H
#define CU_DECOMPRESS_H

#include <stdint.h>

#include "err.h"
#include "image.h"
#include "reader.h"

enum cu_decomp_flags {
	CU_DECOMP_THREADED = 1 << 0,
};

struct cu_decomp;

/*
 * Start decompressing src (which the decompressor then owns). blob_digest and
 * diff_id are the expected digests ("" or NULL: not checked).
 */
int cu_decomp_new(struct cu_reader *src, const char *blob_digest,
		  const char *diff_id, unsigned flags, struct cu_decomp **out,
		  struct cu_err *err);

/*
 * The next chunk of uncompressed bytes; *len = 0 at the end. The chunk stays
 * valid until the next call. At the end both digests have been checked: a
 * mismatch is CU_EDIGEST.
 */
int cu_decomp_read(struct cu_decomp *d, const void **buf, size_t *len,
		   struct cu_err *err);

/* Which compression was found (after the first read). */
enum cu_compression cu_decomp_kind(const struct cu_decomp *d);

/* Bytes consumed from the blob and produced so far. */
uint64_t cu_decomp_in_bytes(const struct cu_decomp *d);
uint64_t cu_decomp_out_bytes(const struct cu_decomp *d);

void cu_decomp_free(struct cu_decomp *d);

#endif
