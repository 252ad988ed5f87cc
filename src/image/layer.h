/*
 * layer.h - stream one layer's tar entries to a visitor, never touching disk.
 *
 * The layer blob is decompressed (decompress.h) and parsed as a tar archive
 * (POSIX pax / ustar / GNU, with libarchive). For each entry the visitor is
 * told the raw name and metadata; when it asks for the data, the data is
 * streamed to it in chunks. Both digests are verified when the stream ends,
 * so a visitor must treat what it saw as provisional until cu_layer_walk
 * returns 0.
 */
#ifndef CU_LAYER_H
#define CU_LAYER_H

#include <stdint.h>

#include "image.h"
#include "span.h"

enum cu_entry_type {
	CU_ENTRY_FILE = 'f',
	CU_ENTRY_DIR = 'd',
	CU_ENTRY_SYMLINK = 'l',
	CU_ENTRY_HARDLINK = 'h',
	CU_ENTRY_OTHER = 'o',	/* devices, fifos */
};

struct cu_tar_entry {
	struct cu_span name;	/* as stored: "./etc/passwd", "etc/passwd" ... */
	struct cu_span link;	/* symlink target or hard link name */
	enum cu_entry_type type;
	uint64_t size;
	uint32_t mode;
	int64_t uid, gid;
	int64_t mtime;
};

struct cu_layer_visitor {
	/* Return <0 to abort; set *want_data to receive the content. */
	int (*entry)(void *ctx, const struct cu_tar_entry *e, int *want_data,
		     struct cu_err *err);
	/*
	 * Content chunks of a wanted entry, in order. Return CU_LAYER_ENOUGH
	 * to skip the rest of the entry (entry_end is still called).
	 */
	int (*data)(void *ctx, const void *buf, size_t len, struct cu_err *err);
	/* After the last chunk of a wanted entry. */
	int (*entry_end)(void *ctx, struct cu_err *err);
};

#define CU_LAYER_ENOUGH 1

struct cu_layer_stats {
	uint64_t blob_bytes;	/* stored (compressed) size */
	uint64_t tar_bytes;	/* uncompressed size */
	uint64_t entries;
	enum cu_compression compression;
};

enum cu_layer_flags {
	CU_LAYER_THREADED = 1 << 0,	/* decompress on a second thread */
	CU_LAYER_NO_VERIFY = 1 << 1,	/* skip digest checks (fuzzing only) */
};

int cu_layer_walk(struct cu_image *img, size_t index, unsigned flags,
		  const struct cu_layer_visitor *v, void *ctx,
		  struct cu_layer_stats *stats, struct cu_err *err);

/*
 * The same over any reader of a layer blob, with optional expected digests.
 * Used by cu_layer_walk and by the fuzz target for the tar reader.
 */
int cu_layer_walk_reader(struct cu_reader *src, const char *blob_digest,
			 const char *diff_id, unsigned flags,
			 const struct cu_layer_visitor *v, void *ctx,
			 struct cu_layer_stats *stats, struct cu_err *err);

#endif
