/*
 * import.c - dispatch `customs db import` paths to importers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "digest.h"
#include "import.h"

static const struct cu_importer_ops *const importers[] = {
	&cu_importer_alpine_secdb,
	&cu_importer_debian_tracker,
	&cu_importer_nvd,
	&cu_importer_kev,
	&cu_importer_epss,
	&cu_importer_osv,	/* last: it takes any JSON record */
};

void cu_import_skip(struct cu_dbw *w, const char *where, const struct cu_err *why)
{
	if (!w->skipped++)
		snprintf(w->first_problem, sizeof(w->first_problem), "%s: %s",
			 where, cu_err_message(why));
}

int cu_file_map(const char *path, size_t cap, struct cu_span *out,
		struct cu_err *err)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return cu_seterr(err, errno == ENOENT ? CU_ENOTFOUND : CU_EIO,
				 "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cu_seterr(err, CU_EIO, "'%s' is not a regular file", path);
	}
	if ((uint64_t)st.st_size > cap) {
		close(fd);
		return cu_seterr(err, CU_ETOOBIG, "'%s' is larger than %zu bytes", path, cap);
	}
	if (st.st_size == 0) {
		close(fd);
		*out = cu_span_make("", 0);
		return 0;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return cu_seterr(err, CU_EIO, "cannot map '%s': %s", path, strerror(errno));
	*out = cu_span_make(p, (size_t)st.st_size);
	return 0;
}

void cu_file_unmap(struct cu_span s)
{
	if (s.len)
		munmap((void *)s.ptr, s.len);
}

static int walk_json(struct cu_dbw *w, const char *dir, int depth,
		     int (*fn)(struct cu_dbw *w, const char *path, struct cu_err *err),
		     struct cu_err *err)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > 16)
		return cu_seterr(err, CU_ETOOBIG, "'%s' nests too deeply", dir);
	d = opendir(dir);
	if (!d)
		return cu_seterr(err, CU_EIO, "cannot read directory '%s'", dir);
	while (!rc && (de = readdir(d))) {
		struct cu_buf sub = CU_BUF_INIT;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		cu_buf_addf(&sub, "%s/%s", dir, de->d_name);
		if (lstat(sub.buf, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk_json(w, sub.buf, depth + 1, fn, err);
			else if (S_ISREG(st.st_mode) &&
				 cu_span_ends_with(cu_span_str(de->d_name), ".json"))
				rc = fn(w, sub.buf, err);
		}
		cu_buf_release(&sub);
	}
	closedir(d);
	return rc;
}

int cu_import_walk_json(struct cu_dbw *w, const char *dir,
			int (*fn)(struct cu_dbw *w, const char *path, struct cu_err *err),
			struct cu_err *err)
{
	return walk_json(w, dir, 0, fn, err);
}

int cu_file_digest(const char *path, char *out, size_t outlen)
{
	struct cu_hasher *h = cu_hasher_sha256();
	char buf[1 << 16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !h) {
		if (fd >= 0)
			close(fd);
		cu_hasher_free(h);
		return CU_EIO;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		cu_hasher_update(h, buf, (size_t)n);
	close(fd);
	if (n < 0) {
		cu_hasher_free(h);
		return CU_EIO;
	}
	return cu_hasher_final(h, out, outlen);
}

/* The first *.json file below dir (depth-first, a few levels), into out. */
static bool first_json(const char *dir, int depth, struct cu_buf *out)
{
	DIR *d = depth < 4 ? opendir(dir) : NULL;
	struct dirent *de;
	bool found = false;

	while (d && !found && (de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		cu_buf_reset(out);
		cu_buf_addf(out, "%s/%s", dir, de->d_name);
		if (lstat(out->buf, &st) != 0)
			continue;
		if (S_ISREG(st.st_mode) && cu_span_ends_with(cu_span_str(de->d_name), ".json"))
			found = true;
		else if (S_ISDIR(st.st_mode)) {
			struct cu_buf sub = CU_BUF_INIT;

			cu_buf_addstr(&sub, out->buf);
			found = first_json(sub.buf, depth + 1, out);
			cu_buf_release(&sub);
		}
	}
	if (d)
		closedir(d);
	return found;
}

/* The first bytes of the file, or of a directory's first JSON file. */
static int read_head(struct cu_import_input *in, char *buf, size_t len,
		     struct cu_err *err)
{
	struct cu_buf sample = CU_BUF_INIT;
	const char *file = in->path;
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(in->path, &st) != 0)
		return cu_seterr(err, CU_ENOTFOUND, "cannot import '%s': %s", in->path,
				 strerror(errno));
	in->is_dir = S_ISDIR(st.st_mode);
	in->head = cu_span_make(buf, 0);
	if (in->is_dir) {
		if (!first_json(in->path, 0, &sample)) {
			cu_buf_release(&sample);
			return 0;
		}
		file = sample.buf;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC);
	cu_buf_release(&sample);
	if (fd < 0)
		return cu_seterr(err, CU_EIO, "cannot open '%s': %s", in->path, strerror(errno));
	n = read(fd, buf, len);
	close(fd);
	if (n < 0)
		return cu_seterr(err, CU_EIO, "cannot read '%s': %s", in->path, strerror(errno));
	in->head.len = (size_t)n;
	return 0;
}

static int import_one(struct cu_dbw *w, const char *path, const char *name,
		      struct cu_import_result *res, struct cu_err *err)
{
	struct cu_import_input in = { .path = path, .name = name };
	const struct cu_importer_ops *imp = NULL;
	char *head = malloc(65536);
	int rc = head ? read_head(&in, head, 65536, err) : CU_ENOMEM;

	if (rc)
		goto out;
	for (size_t i = 0; i < CU_ARRAY_SIZE(importers); i++) {
		if (importers[i]->probe(&in)) {
			imp = importers[i];
			break;
		}
	}
	if (!imp) {
		rc = cu_seterr(err, CU_EUNSUPPORTED,
			       "cannot import '%s': not an OSV export or Debian tracker JSON "
			       "or Alpine secdb", path);
		goto out;
	}
	rc = imp->import(w, &in, err);
	if (rc) {
		rc = cu_seterr(err, rc, "cannot import '%s'", path);
		goto out;
	}
	if (res) {
		snprintf(res->source, sizeof(res->source), "%s", w->source ? w->source : "");
		res->kind = imp->name;
		res->records = w->records;
		res->skipped = w->skipped;
		memcpy(res->first_problem, w->first_problem, sizeof(res->first_problem));
	}
out:
	free(head);
	return rc;
}

int cu_db_import_as(struct cu_db *db, const char *const *paths, size_t npaths,
		    const char *name, struct cu_import_result *results,
		    struct cu_err *err)
{
	struct cu_dbw w;
	int rc = cu_dbw_begin(&w, db, err);

	for (size_t i = 0; !rc && i < npaths; i++) {
		if (results)
			memset(&results[i], 0, sizeof(results[i]));
		rc = import_one(&w, paths[i], name, results ? &results[i] : NULL, err);
	}
	if (!rc)
		rc = cu_dbw_commit(&w, err);
	cu_dbw_release(&w);
	return rc;
}

int cu_db_import(struct cu_db *db, const char *const *paths, size_t npaths,
		 struct cu_import_result *results, struct cu_err *err)
{
	return cu_db_import_as(db, paths, npaths, NULL, results, err);
}
