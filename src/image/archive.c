/*
 * archive.c - index the members of an outer image tar (POSIX.1-2001 pax,
 * ustar and the GNU long-name extension), reading headers only.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "common.h"
#include "path.h"

#define BLOCK 512

struct hdr_state {
	struct cu_buf longname;	/* from GNU 'L' or pax path */
	struct cu_buf longlink;	/* from GNU 'K' or pax linkpath */
	uint64_t pax_size;
	int have_pax_size;
};

static int read_full(int fd, uint64_t off, void *buf, size_t len, size_t *got)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return CU_EIO;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	*got = done;
	return 0;
}

/* Octal (space/NUL padded) or GNU base-256 numeric field. */
static int parse_number(const unsigned char *f, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (f[0] & 0x80) {
		if (f[0] != 0x80)
			return CU_EFORMAT;	/* negative or too large */
		for (i = 1; i < len; i++) {
			if (v >> 56)
				return CU_EFORMAT;
			v = (v << 8) | f[i];
		}
		*out = v;
		return 0;
	}
	while (i < len && f[i] == ' ')
		i++;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 61)
			return CU_EFORMAT;
		v = v * 8 + (uint64_t)(f[i] - '0');
	}
	for (; i < len; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return CU_EFORMAT;
	*out = v;
	return 0;
}

static int checksum_ok(const unsigned char *h)
{
	uint64_t want;
	unsigned long usum = 0;
	long ssum = 0;

	if (parse_number(h + 148, 8, &want))
		return 0;
	for (size_t i = 0; i < BLOCK; i++) {
		unsigned char c = (i >= 148 && i < 156) ? ' ' : h[i];

		usum += c;
		ssum += (signed char)c;
	}
	return usum == want || (uint64_t)ssum == want;
}

static int is_zero_block(const unsigned char *h)
{
	for (size_t i = 0; i < BLOCK; i++)
		if (h[i])
			return 0;
	return 1;
}

static size_t field_len(const unsigned char *f, size_t max)
{
	const void *nul = memchr(f, '\0', max);

	return nul ? (size_t)((const unsigned char *)nul - f) : max;
}

/* Parse pax extended header records "LEN key=value\n". */
static int parse_pax(struct cu_span data, struct hdr_state *st)
{
	while (data.len) {
		struct cu_span num = data, rec, key;
		uint64_t reclen;
		ptrdiff_t sp = cu_span_find(data, ' ');

		if (sp <= 0)
			return CU_EFORMAT;
		num.len = (size_t)sp;
		if (!cu_span_to_u64(num, &reclen) || reclen <= (uint64_t)sp + 1 ||
		    reclen > data.len)
			return CU_EFORMAT;
		rec = cu_span_sub(data, (size_t)sp + 1, (size_t)reclen - (size_t)sp - 1);
		data = cu_span_skip(data, (size_t)reclen);
		if (!rec.len || rec.ptr[rec.len - 1] != '\n')
			return CU_EFORMAT;
		rec.len--;
		if (!cu_span_split(&rec, '=', &key))
			return CU_EFORMAT;
		if (cu_span_eq_str(key, "path")) {
			cu_buf_reset(&st->longname);
			if (cu_buf_addspan(&st->longname, rec))
				return CU_ETOOBIG;
		} else if (cu_span_eq_str(key, "linkpath")) {
			cu_buf_reset(&st->longlink);
			if (cu_buf_addspan(&st->longlink, rec))
				return CU_ETOOBIG;
		} else if (cu_span_eq_str(key, "size")) {
			if (!cu_span_to_u64(rec, &st->pax_size))
				return CU_EFORMAT;
			st->have_pax_size = 1;
		}
	}
	return 0;
}

/* Read the data of a metadata member (pax header, long name) into buf. */
static int read_meta(struct cu_archive *ar, uint64_t off, uint64_t size,
		     struct cu_buf *buf)
{
	size_t got;
	int rc;

	if (size > CU_CAP_PATH_BYTES * 4)
		return CU_ETOOBIG;
	cu_buf_reset(buf);
	rc = cu_buf_reserve(buf, (size_t)size);
	if (rc)
		return rc;
	rc = read_full(ar->fd, off, buf->buf, (size_t)size, &got);
	if (rc)
		return rc;
	if (got != size)
		return CU_EFORMAT;
	buf->len = (size_t)size;
	buf->buf[size] = '\0';
	return 0;
}

static int add_member(struct cu_archive *ar, struct cu_span name,
		      struct cu_span link, char type, uint64_t off,
		      uint64_t size, struct cu_buf *norm, struct cu_err *err)
{
	struct cu_archive_member *m;
	int rc = cu_path_normalize(name, norm);

	if (rc == CU_EUNSAFE)
		return cu_seterr(err, CU_EUNSAFE,
				 "archive member '%.*s' points outside the archive",
				 (int)(name.len > 200 ? 200 : name.len), name.ptr);
	if (rc)
		return cu_seterr(err, rc, "bad archive member name");
	if (++ar->count > CU_CAP_ARCHIVE_ENTRIES)
		return cu_seterr(err, CU_ETOOBIG, "more than %d archive members",
				 CU_CAP_ARCHIVE_ENTRIES);
	m = cu_arena_alloc(&ar->arena, sizeof(*m));
	if (!m || !(m->name = cu_arena_strndup(&ar->arena, norm->buf, norm->len)))
		return CU_ENOMEM;
	m->type = type;
	m->offset = off;
	m->size = size;
	m->link = NULL;
	if (type == '1' || type == '2') {
		/* symlink targets are relative to the member's directory */
		struct cu_buf full = CU_BUF_INIT;

		if (type == '2' && !(link.len && link.ptr[0] == '/')) {
			cu_buf_addspan(&full, cu_path_dirname(cu_span_str(m->name)));
			cu_buf_addch(&full, '/');
		}
		cu_buf_addspan(&full, link);
		rc = cu_path_normalize(cu_buf_span(&full), norm);
		cu_buf_release(&full);
		if (rc == 0)
			m->link = cu_arena_strndup(&ar->arena, norm->buf, norm->len);
		/* a link escaping the archive stays unresolved: lookups fail */
	}
	return cu_map_put(&ar->members, cu_span_str(m->name), m);
}

static int index_members(struct cu_archive *ar, struct cu_err *err)
{
	unsigned char h[BLOCK];
	struct hdr_state st = { CU_BUF_INIT, CU_BUF_INIT, 0, 0 };
	struct cu_buf norm = CU_BUF_INIT;
	uint64_t off = 0, size, padded;
	size_t got;
	int rc = 0;

	for (;;) {
		struct cu_span name, link;
		char type;

		rc = read_full(ar->fd, off, h, BLOCK, &got);
		if (rc) {
			rc = cu_seterr(err, rc, "cannot read '%s'", ar->path);
			goto out;
		}
		if (got == 0)
			break;	/* EOF without end blocks: tolerated like tar does */
		if (got < BLOCK || !checksum_ok(h) || parse_number(h + 124, 12, &size)) {
			if (is_zero_block(h) && got == BLOCK)
				break;
			if (off == 0)
				rc = cu_seterr(err, CU_EFORMAT, "'%s' is not a tar archive", ar->path);
			else if (got < BLOCK)
				rc = cu_seterr(err, CU_EFORMAT, "'%s' is truncated", ar->path);
			else
				rc = cu_seterr(err, CU_EFORMAT,
					       "'%s' is corrupt: bad tar header at offset %llu",
					       ar->path, (unsigned long long)off);
			goto out;
		}
		type = (char)h[156];
		off += BLOCK;
		if (st.have_pax_size && type != 'x' && type != 'g' &&
		    type != 'L' && type != 'K')
			size = st.pax_size;
		if (size > ar->file_size || off > ar->file_size - size) {
			rc = cu_seterr(err, CU_EFORMAT,
				       "'%s' is truncated: member at offset %llu claims %llu bytes",
				       ar->path, (unsigned long long)off - BLOCK,
				       (unsigned long long)size);
			goto out;
		}
		padded = (size + BLOCK - 1) / BLOCK * BLOCK;
		if (type == 'x' || type == 'L' || type == 'K') {
			struct cu_buf *dst = type == 'K' ? &st.longlink : &st.longname;
			struct cu_buf pax = CU_BUF_INIT;

			if (type == 'x') {
				rc = read_meta(ar, off, size, &pax);
				if (!rc)
					rc = parse_pax(cu_buf_span(&pax), &st);
				cu_buf_release(&pax);
			} else {
				rc = read_meta(ar, off, size, dst);
				if (!rc)
					dst->len = strnlen(dst->buf, dst->len);
			}
			if (rc) {
				rc = cu_seterr(err, rc, "'%s': bad extended header at offset %llu",
					       ar->path, (unsigned long long)off - BLOCK);
				goto out;
			}
			off += padded;
			continue;
		}
		if (type == 'g') {
			off += padded;
			continue;
		}
		if (st.longname.len) {
			name = cu_buf_span(&st.longname);
		} else {
			struct cu_buf tmp = CU_BUF_INIT;
			int ustar = memcmp(h + 257, "ustar\0", 6) == 0;

			if (ustar && h[345]) {
				cu_buf_add(&tmp, h + 345, field_len(h + 345, 155));
				cu_buf_addch(&tmp, '/');
			}
			cu_buf_add(&tmp, h, field_len(h, 100));
			cu_buf_reset(&st.longname);
			cu_buf_addspan(&st.longname, cu_buf_span(&tmp));
			cu_buf_release(&tmp);
			name = cu_buf_span(&st.longname);
		}
		if (st.longlink.len)
			link = cu_buf_span(&st.longlink);
		else
			link = cu_span_make(h + 157, field_len(h + 157, 100));
		if (type == '\0' || type == '7')
			type = '0';
		if (type == '0' || type == '1' || type == '2') {
			rc = add_member(ar, name, link, type, off, size, &norm, err);
			if (rc)
				goto out;
		}
		cu_buf_reset(&st.longname);
		cu_buf_reset(&st.longlink);
		st.have_pax_size = 0;
		off += padded;
	}
out:
	cu_buf_release(&st.longname);
	cu_buf_release(&st.longlink);
	cu_buf_release(&norm);
	return rc;
}

int cu_archive_index_fd(int fd, const char *name, struct cu_archive **out,
			struct cu_err *err)
{
	struct cu_archive *ar;
	struct stat st;
	int rc;

	if (fstat(fd, &st) != 0)
		return cu_seterr(err, CU_EIO, "cannot stat '%s': %s", name,
				 strerror(errno));
	ar = calloc(1, sizeof(*ar));
	if (!ar)
		return CU_ENOMEM;
	ar->fd = fd;
	ar->file_size = (uint64_t)st.st_size;
	cu_arena_init(&ar->arena, 0);
	cu_map_init(&ar->members, CU_CAP_ARCHIVE_ENTRIES);
	ar->path = cu_arena_strdup(&ar->arena, name);
	rc = ar->path ? index_members(ar, err) : CU_ENOMEM;
	if (rc) {
		ar->fd = -1;
		cu_archive_free(ar);
		return rc;
	}
	*out = ar;
	return 0;
}

int cu_archive_open(const char *path, struct cu_archive **out,
		    struct cu_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return cu_seterr(err, errno == ENOENT ? CU_ENOTFOUND : CU_EIO,
				 "cannot open '%s': %s", path, strerror(errno));
	rc = cu_archive_index_fd(fd, path, out, err);
	if (rc)
		close(fd);
	return rc;
}

void cu_archive_free(struct cu_archive *ar)
{
	if (!ar)
		return;
	if (ar->fd >= 0)
		close(ar->fd);
	cu_map_release(&ar->members);
	cu_arena_release(&ar->arena);
	free(ar);
}

int cu_archive_find(struct cu_archive *ar, const char *name,
		    const struct cu_archive_member **out, struct cu_err *err)
{
	struct cu_buf norm = CU_BUF_INIT;
	const struct cu_archive_member *m = NULL;
	int rc = cu_path_normalize(cu_span_str(name), &norm);

	if (rc == CU_EUNSAFE) {
		rc = cu_seterr(err, CU_EUNSAFE,
			       "'%s' points outside the archive '%s'", name, ar->path);
		goto out;
	}
	if (rc) {
		rc = cu_seterr(err, rc, "bad member name '%s'", name);
		goto out;
	}
	m = cu_map_get(&ar->members, cu_buf_span(&norm));
	for (int hops = 0; m && m->type != '0'; hops++) {
		if (!m->link || hops >= CU_CAP_LINK_HOPS) {
			m = NULL;
			break;
		}
		m = cu_map_get_str(&ar->members, m->link);
	}
	if (!m) {
		rc = cu_seterr(err, CU_ENOTFOUND, "'%s' is missing from '%s'",
			       name, ar->path);
		goto out;
	}
	*out = m;
out:
	cu_buf_release(&norm);
	return rc;
}

int cu_archive_has(struct cu_archive *ar, const char *name)
{
	const struct cu_archive_member *m;

	return cu_archive_find(ar, name, &m, NULL) == 0;
}

int cu_archive_open_member(struct cu_archive *ar, const char *name,
			   struct cu_reader **out, struct cu_err *err)
{
	const struct cu_archive_member *m;
	int rc = cu_archive_find(ar, name, &m, err);

	if (rc)
		return rc;
	return cu_reader_file_region(ar->fd, m->offset, m->size, m->name, out);
}
