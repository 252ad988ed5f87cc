/*
 * layer.c - walk the tar entries of a layer stream with libarchive.
 */
#include <errno.h>

#include <archive.h>
#include <archive_entry.h>

#include "common.h"
#include "decompress.h"
#include "layer.h"

struct walk {
	struct cu_decomp *decomp;
	struct cu_err *err;
	int rc;		/* first error from the decompressor */
};

/* libarchive pulls uncompressed bytes through this callback */
static la_ssize_t pull(struct archive *a, void *arg, const void **buf)
{
	struct walk *w = arg;
	size_t len = 0;
	int rc = cu_decomp_read(w->decomp, buf, &len, w->err);

	if (rc) {
		w->rc = rc;
		archive_set_error(a, EIO, "layer stream failed");
		return -1;
	}
	return (la_ssize_t)len;
}

static enum cu_entry_type entry_type(struct archive_entry *ae)
{
	if (archive_entry_hardlink(ae))
		return CU_ENTRY_HARDLINK;
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG: return CU_ENTRY_FILE;
	case AE_IFDIR: return CU_ENTRY_DIR;
	case AE_IFLNK: return CU_ENTRY_SYMLINK;
	default: return CU_ENTRY_OTHER;
	}
}

static const char *entry_name(struct archive_entry *ae)
{
	const char *n = archive_entry_pathname(ae);

	return n ? n : archive_entry_pathname_utf8(ae);
}

static int deliver_data(struct archive *a, const struct cu_layer_visitor *v,
			void *ctx, struct walk *w)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	int r, rc;

	for (;;) {
		r = archive_read_data_block(a, &buf, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN)
			return w->rc ? w->rc : cu_seterr(w->err, CU_EFORMAT, "corrupt tar data: %s",
							 archive_error_string(a));
		if (len) {
			rc = v->data(ctx, buf, len, w->err);
			if (rc == CU_LAYER_ENOUGH)
				break;	/* the rest is skipped by the next header read */
			if (rc)
				return rc;
		}
	}
	return v->entry_end ? v->entry_end(ctx, w->err) : 0;
}

static int visit_entries(struct archive *a, const struct cu_layer_visitor *v,
			 void *ctx, struct walk *w, struct cu_layer_stats *stats)
{
	struct archive_entry *ae;
	int r, rc;

	for (;;) {
		struct cu_tar_entry e;
		const char *name, *link;
		int want = 0;

		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r < ARCHIVE_WARN)
			return w->rc ? w->rc : cu_seterr(w->err, CU_EFORMAT, "corrupt tar archive: %s",
							 archive_error_string(a));
		if (++stats->entries > CU_CAP_LAYER_ENTRIES)
			return cu_seterr(w->err, CU_ETOOBIG, "layer has more than %d entries",
					 CU_CAP_LAYER_ENTRIES);
		name = entry_name(ae);
		if (!name)
			continue;	/* undecodable name: nothing we could look up */
		memset(&e, 0, sizeof(e));
		e.name = cu_span_str(name);
		e.type = entry_type(ae);
		link = e.type == CU_ENTRY_HARDLINK ? archive_entry_hardlink(ae) :
		       e.type == CU_ENTRY_SYMLINK ? archive_entry_symlink(ae) : NULL;
		e.link = cu_span_str(link ? link : "");
		e.size = archive_entry_size_is_set(ae) && archive_entry_size(ae) > 0 ?
			 (uint64_t)archive_entry_size(ae) : 0;
		e.mode = (uint32_t)archive_entry_perm(ae);
		e.uid = archive_entry_uid(ae);
		e.gid = archive_entry_gid(ae);
		e.mtime = archive_entry_mtime(ae);
		rc = v->entry(ctx, &e, &want, w->err);
		if (rc)
			return rc;
		if (want && e.type == CU_ENTRY_FILE) {
			rc = deliver_data(a, v, ctx, w);
			if (rc)
				return rc;
		}
	}
}

/* Read what libarchive left after the end-of-archive marker, for the digest. */
static int drain(struct walk *w)
{
	const void *buf;
	size_t len;
	int rc;

	do {
		rc = cu_decomp_read(w->decomp, &buf, &len, w->err);
	} while (!rc && len);
	return rc;
}

int cu_layer_walk_reader(struct cu_reader *src, const char *blob_digest,
			 const char *diff_id, unsigned flags,
			 const struct cu_layer_visitor *v, void *ctx,
			 struct cu_layer_stats *stats, struct cu_err *err)
{
	struct walk w = { NULL, err, 0 };
	struct archive *a = NULL;
	struct cu_layer_stats local;
	unsigned dflags = (flags & CU_LAYER_THREADED) ? CU_DECOMP_THREADED : 0;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (flags & CU_LAYER_NO_VERIFY)
		blob_digest = diff_id = NULL;
	rc = cu_decomp_new(src, blob_digest, diff_id, dflags, &w.decomp, err);
	if (rc)
		return rc;
	a = archive_read_new();
	if (!a) {
		rc = CU_ENOMEM;
		goto out;
	}
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (archive_read_open(a, &w, NULL, pull, NULL) != ARCHIVE_OK) {
		rc = w.rc ? w.rc : cu_seterr(err, CU_EFORMAT, "layer is not a tar archive: %s",
					     archive_error_string(a));
		goto out;
	}
	rc = visit_entries(a, v, ctx, &w, stats);
	if (!rc)
		rc = drain(&w);
out:
	if (w.decomp) {
		stats->blob_bytes = cu_decomp_in_bytes(w.decomp);
		stats->tar_bytes = cu_decomp_out_bytes(w.decomp);
		stats->compression = cu_decomp_kind(w.decomp);
	}
	if (a)
		archive_read_free(a);
	cu_decomp_free(w.decomp);
	return rc;
}

int cu_layer_walk(struct cu_image *img, size_t index, unsigned flags,
		  const struct cu_layer_visitor *v, void *ctx,
		  struct cu_layer_stats *stats, struct cu_err *err)
{
	struct cu_layer *l = &img->layers[index];
	struct cu_reader *src;
	int rc = cu_image_open_layer(img, index, &src, err);

	if (rc)
		return rc;
	rc = cu_layer_walk_reader(src, l->digest, l->diff_id, flags, v, ctx, stats, err);
	if (!rc && stats)
		l->compression = stats->compression;
	return rc;
}
