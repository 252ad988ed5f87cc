/*
 * store.c - directory and tar stores for image files.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "digest.h"
#include "path.h"
#include "store.h"

struct fd_reader {
	struct cu_reader base;
	struct cu_reader *inner;
	int fd;
	char name[256];
};

static int fd_read(struct cu_reader *r, void *buf, size_t cap, size_t *got,
		   struct cu_err *err)
{
	struct fd_reader *fr = (struct fd_reader *)r;

	return cu_reader_read(fr->inner, buf, cap, got, err);
}

static void fd_close(struct cu_reader *r)
{
	struct fd_reader *fr = (struct fd_reader *)r;

	cu_reader_close(fr->inner);
	close(fr->fd);
	free(fr);
}

int cu_store_open_dir(struct cu_store *st, const char *path, struct cu_err *err)
{
	st->root = path;
	st->archive = NULL;
	st->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd < 0)
		return cu_seterr(err, errno == ENOENT ? CU_ENOTFOUND : CU_EIO,
				 "cannot open directory '%s': %s", path, strerror(errno));
	return 0;
}

int cu_store_open_tar(struct cu_store *st, const char *path, struct cu_err *err)
{
	st->root = path;
	st->dirfd = -1;
	return cu_archive_open(path, &st->archive, err);
}

void cu_store_close(struct cu_store *st)
{
	if (st->archive)
		cu_archive_free(st->archive);
	if (st->dirfd >= 0)
		close(st->dirfd);
	st->archive = NULL;
	st->dirfd = -1;
}

static int open_in_dir(struct cu_store *st, const char *rel, struct cu_reader **out,
		       struct cu_err *err)
{
	struct cu_buf norm = CU_BUF_INIT;
	struct fd_reader *fr = NULL;
	struct stat sb;
	int fd = -1, rc = cu_path_normalize(cu_span_str(rel), &norm);

	if (rc == CU_EUNSAFE) {
		rc = cu_seterr(err, CU_EUNSAFE, "'%s' points outside '%s'", rel, st->root);
		goto out;
	}
	if (rc)
		goto out;
	fd = openat(st->dirfd, norm.buf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		rc = cu_seterr(err, errno == ENOENT ? CU_ENOTFOUND : CU_EIO,
			       "cannot open '%s' in '%s': %s", rel, st->root, strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = cu_seterr(err, CU_EFORMAT, "'%s' in '%s' is not a regular file",
			       rel, st->root);
		goto out;
	}
	fr = calloc(1, sizeof(*fr));
	if (!fr) {
		rc = CU_ENOMEM;
		goto out;
	}
	snprintf(fr->name, sizeof(fr->name), "%s", norm.buf);
	rc = cu_reader_file_region(fd, 0, (uint64_t)sb.st_size, fr->name, &fr->inner);
	if (rc)
		goto out;
	fr->base.read = fd_read;
	fr->base.close = fd_close;
	fr->base.size = (uint64_t)sb.st_size;
	fr->base.name = fr->name;
	fr->fd = fd;
	*out = &fr->base;
	fr = NULL;
	fd = -1;
out:
	free(fr);
	if (fd >= 0)
		close(fd);
	cu_buf_release(&norm);
	return rc;
}

int cu_store_open(struct cu_store *st, const char *rel, struct cu_reader **out,
		  struct cu_err *err)
{
	if (st->archive)
		return cu_archive_open_member(st->archive, rel, out, err);
	return open_in_dir(st, rel, out, err);
}

bool cu_store_has(struct cu_store *st, const char *rel)
{
	struct cu_reader *r;

	if (st->archive)
		return cu_archive_has(st->archive, rel);
	if (open_in_dir(st, rel, &r, NULL))
		return false;
	cu_reader_close(r);
	return true;
}

int cu_store_slurp(struct cu_store *st, const char *rel, size_t cap,
		   char **data, size_t *len, struct cu_err *err)
{
	struct cu_reader *r;
	int rc = cu_store_open(st, rel, &r, err);

	if (rc)
		return rc;
	if (r->size != UINT64_MAX && r->size > cap)
		rc = cu_seterr(err, CU_ETOOBIG, "'%s' is larger than %zu bytes", rel, cap);
	else
		rc = cu_reader_slurp(r, cap, data, len, err);
	cu_reader_close(r);
	return rc;
}

int cu_blob_path(const char *digest, char *out, size_t outlen)
{
	const char *colon = strchr(digest, ':');

	if (!colon || !cu_digest_valid(cu_span_str(digest)))
		return CU_EFORMAT;
	snprintf(out, outlen, "blobs/%.*s/%s", (int)(colon - digest), digest, colon + 1);
	return 0;
}
