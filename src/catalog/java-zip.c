/*
 * java-zip.c - walk a Java archive held in memory, and the archives inside
 * it, for the files that name Maven artifacts.
 *
 * Archives are zip files (JAR File Specification; PKWARE APPNOTE.TXT),
 * read with libarchive's seekable zip reader, which trusts the central
 * directory as Java does. Only metadata files (pom.properties,
 * MANIFEST.MF) and nested archives (Spring Boot BOOT-INF/lib/x.jar,
 * WEB-INF/lib/x.jar, EAR modules) are inflated; class files are skipped
 * without being read. A nested archive is read into memory and walked the
 * same way, up to CU_JAVA_MAX_DEPTH levels below the image file; its
 * packages are located at "outer.jar!/BOOT-INF/lib/inner.jar".
 *
 * Zip bombs: every inflated byte counts against CU_JAVA_MAX_INFLATED for
 * the image file, each nested archive against CU_JAVA_MAX_NESTED, and the
 * entries of each archive's central directory are counted before
 * libarchive indexes them.
 */
#include <stdarg.h>

#include <archive.h>
#include <archive_entry.h>

#include "common.h"
#include "digest.h"
#include "java.h"

#define CHUNK (64 * 1024)
#define EOCD_SIZE 22
#define EOCD64_LOCATOR_SIZE 20
#define EOCD64_SIZE 56

struct walk {
	struct cu_java_scan *scan;
	char *chunk;		/* CHUNK bytes for archive_read_data */
};

/* One archive of the chain being walked. */
struct level {
	struct walk *w;
	struct archive *a;
	const char *location;	/* "app.jar" or "app.jar!/BOOT-INF/lib/x.jar" */
	int depth;
	size_t npom;		/* packages named by pom.properties */
	struct cu_buf manifest;
	char sha1[41];		/* of the archive; empty if it could not be hashed */
};

enum read_result {
	READ_OK,
	READ_TOOBIG,		/* over the cap passed */
	READ_BAD,		/* corrupt entry, already warned */
	READ_STOP,		/* a cap for the whole image file was reached */
};

static int walk_archive(struct walk *w, struct cu_span data, const char *location,
			int depth);

/*
 * Entry names are whatever bytes the zip holds: in locations and messages
 * they are printable ASCII, anything else shown as '?'.
 */
static void printable(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			s[i] = '?';
}

static void warnf(struct cu_java_scan *scan, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warnf(struct cu_java_scan *scan, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printable(msg, strlen(msg));
	scan->warn(scan->ctx, msg);
}

/* True the first time a cap for the whole image file is reached. */
static bool stop_once(struct cu_java_scan *scan)
{
	bool first = !scan->capped;

	scan->capped = true;
	return first;
}

static const char *errstr(struct archive *a)
{
	const char *s = archive_error_string(a);

	return s ? s : "unknown error";
}

/* --- counting entries before libarchive does ---------------------------- */

static uint64_t le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Offset of the end of central directory record, or -1. */
static ptrdiff_t find_eocd(struct cu_span data)
{
	const unsigned char *p = (const unsigned char *)data.ptr;
	size_t lowest;

	if (data.len < EOCD_SIZE)
		return -1;
	lowest = data.len > EOCD_SIZE + 0xffff ? data.len - EOCD_SIZE - 0xffff : 0;
	for (size_t i = data.len - EOCD_SIZE + 1; i-- > lowest;)
		if (p[i] == 'P' && p[i + 1] == 'K' && p[i + 2] == 5 && p[i + 3] == 6)
			return (ptrdiff_t)i;
	return -1;
}

/* Offset of the zip64 end record that goes with the end record at eocd, or -1. */
static ptrdiff_t find_eocd64(struct cu_span data, size_t eocd)
{
	const unsigned char *p = (const unsigned char *)data.ptr;
	size_t loc, off;

	if (eocd < EOCD64_LOCATOR_SIZE + EOCD64_SIZE)
		return -1;
	loc = eocd - EOCD64_LOCATOR_SIZE;
	if (memcmp(p + loc, "PK\6\7", 4) != 0)
		return -1;
	off = (size_t)le(p + loc + 8, 8);
	if (off <= loc - EOCD64_SIZE && memcmp(p + off, "PK\6\6", 4) == 0)
		return (ptrdiff_t)off;
	/* data prepended to the zip (a launch script): the record is just before */
	off = loc - EOCD64_SIZE;
	return memcmp(p + off, "PK\6\6", 4) == 0 ? (ptrdiff_t)off : -1;
}

/*
 * Count the central directory's entries, up to limit + 1: libarchive walks
 * the whole directory (whatever count the end record claims) and keeps
 * some 200 bytes per entry. False when there is no end record.
 */
static bool count_entries(struct cu_span data, uint64_t limit, uint64_t *count)
{
	const unsigned char *p = (const unsigned char *)data.ptr;
	ptrdiff_t eocd = find_eocd(data), eocd64;
	uint64_t size, end, pos;

	if (eocd < 0)
		return false;
	end = (uint64_t)eocd;
	size = le(p + eocd + 12, 4);
	if (size == 0xffffffff && (eocd64 = find_eocd64(data, (size_t)eocd)) >= 0) {
		end = (uint64_t)eocd64;
		size = le(p + eocd64 + 40, 8);
	}
	if (size > end)
		return false;
	*count = 0;
	for (pos = end - size; pos + 46 <= end && *count <= limit; (*count)++) {
		if (memcmp(p + pos, "PK\1\2", 4) != 0)
			break;
		pos += 46 + le(p + pos + 28, 2) + le(p + pos + 30, 2) + le(p + pos + 32, 2);
	}
	return true;
}

/* --- reading entries ----------------------------------------------------- */

static int read_entry(struct level *lv, struct archive_entry *e, const char *name,
		      size_t cap, struct cu_buf *out)
{
	struct cu_java_scan *scan = lv->w->scan;
	la_ssize_t n;
	int rc;

	cu_buf_init(out, cap);
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)cap)
		return READ_TOOBIG;
	if (archive_entry_size_is_set(e) && cu_buf_reserve(out, (size_t)archive_entry_size(e)))
		return CU_ENOMEM;
	while ((n = archive_read_data(lv->a, lv->w->chunk, CHUNK)) > 0) {
		scan->inflated += (uint64_t)n;
		if (scan->inflated > CU_JAVA_MAX_INFLATED) {
			if (stop_once(scan))
				warnf(scan, "%s: more than %llu bytes to inflate, rest skipped",
				      scan->path, (unsigned long long)CU_JAVA_MAX_INFLATED);
			return READ_STOP;
		}
		rc = cu_buf_add(out, lv->w->chunk, (size_t)n);
		if (rc)
			return rc == CU_ETOOBIG ? READ_TOOBIG : rc;
	}
	if (n < 0) {
		warnf(scan, "%s!/%s: cannot read entry: %s", lv->location, name,
		      errstr(lv->a));
		return READ_BAD;
	}
	return READ_OK;
}

/* "dir/x-1.0.jar" for artifact x, version 1.0: the archive is the artifact's own. */
static bool named_after(const char *location, const struct cu_java_ident *id)
{
	struct cu_span file = cu_span_str(location);
	ptrdiff_t slash = cu_span_rfind(file, '/'), dot;

	if (slash >= 0)
		file = cu_span_skip(file, (size_t)slash + 1);
	dot = cu_span_rfind(file, '.');
	if (dot < 0)
		return false;
	file.len = (size_t)dot;
	return file.len == id->artifact.len + 1 + id->version.len &&
	       !memcmp(file.ptr, id->artifact.ptr, id->artifact.len) &&
	       file.ptr[id->artifact.len] == '-' &&
	       !memcmp(file.ptr + id->artifact.len + 1, id->version.ptr, id->version.len);
}

static int visit_pom(struct level *lv, struct archive_entry *e, const char *name,
		     struct cu_java_ident *id)
{
	struct cu_java_scan *scan = lv->w->scan;
	struct cu_buf text;
	int rc = read_entry(lv, e, name, CU_JAVA_MAX_META, &text);

	if (rc == READ_TOOBIG)
		warnf(scan, "%s!/%s: larger than %d bytes, skipped", lv->location, name,
		      CU_JAVA_MAX_META);
	if (rc != READ_OK)
		goto out;
	if (!cu_java_pom_properties(cu_buf_span(&text), id)) {
		warnf(scan, "%s!/%s: no usable artifactId and version", lv->location, name);
		goto out;
	}
	lv->npom++;
	if (lv->sha1[0] && named_after(lv->location, id))
		id->archive_sha1 = lv->sha1;
	rc = scan->found(scan->ctx, id, lv->location);
out:
	cu_buf_release(&text);
	return rc < 0 ? rc : 0;
}

static int visit_manifest(struct level *lv, struct archive_entry *e, const char *name)
{
	int rc;

	cu_buf_release(&lv->manifest);
	rc = read_entry(lv, e, name, CU_JAVA_MAX_META, &lv->manifest);
	if (rc != READ_OK)
		cu_buf_release(&lv->manifest);
	return rc < 0 ? rc : 0;
}

static int visit_nested(struct level *lv, struct archive_entry *e, const char *name)
{
	struct cu_java_scan *scan = lv->w->scan;
	struct cu_buf data, location = CU_BUF_INIT;
	int rc;

	if (lv->depth + 1 > CU_JAVA_MAX_DEPTH) {
		warnf(scan, "%s!/%s: archive nested more than %d deep, skipped",
		      lv->location, name, CU_JAVA_MAX_DEPTH);
		return 0;
	}
	rc = read_entry(lv, e, name, CU_JAVA_MAX_NESTED, &data);
	if (rc == READ_TOOBIG)
		warnf(scan, "%s!/%s: nested archive larger than %d bytes, skipped",
		      lv->location, name, CU_JAVA_MAX_NESTED);
	if (rc != READ_OK)
		goto out;
	rc = cu_buf_addf(&location, "%s!/", lv->location);
	if (!rc)
		rc = cu_buf_addstr(&location, name);
	if (!rc)
		printable(location.buf + location.len - strlen(name), strlen(name));
	if (!rc)
		rc = walk_archive(lv->w, cu_buf_span(&data), location.buf, lv->depth + 1);
out:
	cu_buf_release(&data);
	cu_buf_release(&location);
	return rc < 0 ? rc : 0;
}

static int visit_entry(struct level *lv, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e);
	struct cu_java_ident id = { 0 };
	struct cu_span path;

	if (!name)
		name = archive_entry_pathname_utf8(e);
	if (!name || archive_entry_filetype(e) != AE_IFREG)
		return 0;
	path = cu_span_str(name);
	if (cu_java_pom_path(path, &id))
		return visit_pom(lv, e, name, &id);
	if (cu_span_eq_icase_str(path, "META-INF/MANIFEST.MF"))
		return visit_manifest(lv, e, name);
	if (cu_java_archive_name(path))
		return visit_nested(lv, e, name);
	return 0;
}

/* --- one archive ------------------------------------------------------- */

static int walk_entries(struct level *lv)
{
	struct cu_java_scan *scan = lv->w->scan;
	struct archive_entry *e;
	int r, rc = 0;

	while (!rc && !scan->capped) {
		r = archive_read_next_header(lv->a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			warnf(scan, "%s: corrupt zip archive: %s", lv->location,
			      errstr(lv->a));
			break;
		}
		rc = visit_entry(lv, e);
	}
	return rc;
}

/* Without pom.properties, the archive is named by its manifest or file name. */
static int name_archive(struct level *lv)
{
	struct cu_java_scan *scan = lv->w->scan;
	struct cu_java_manifest m;
	struct cu_java_ident id;

	if (lv->npom || !cu_java_fallback_ident(cu_buf_span(&lv->manifest),
						cu_span_str(lv->location), &m, &id))
		return 0;
	id.archive_sha1 = lv->sha1[0] ? lv->sha1 : NULL;
	return scan->found(scan->ctx, &id, lv->location);
}

static bool may_open(struct walk *w, struct cu_span data, const char *location)
{
	uint64_t entries;

	if (++w->scan->archives > CU_JAVA_MAX_ARCHIVES) {
		if (stop_once(w->scan))
			warnf(w->scan, "%s: more than %d nested archives, rest skipped",
			      w->scan->path, CU_JAVA_MAX_ARCHIVES);
		return false;
	}
	if (!count_entries(data, CU_JAVA_MAX_ENTRIES, &entries)) {
		warnf(w->scan, "%s: not a zip archive, skipped", location);
		return false;
	}
	if (entries > CU_JAVA_MAX_ENTRIES) {
		warnf(w->scan, "%s: more than %d entries, skipped", location,
		      CU_JAVA_MAX_ENTRIES);
		return false;
	}
	return true;
}

static int walk_archive(struct walk *w, struct cu_span data, const char *location,
			int depth)
{
	struct level lv = { .w = w, .location = location, .depth = depth };
	int rc = 0;

	cu_buf_init(&lv.manifest, CU_JAVA_MAX_META);
	if (!may_open(w, data, location))
		goto out;
	if (cu_sha1_hex(data.ptr, data.len, lv.sha1, sizeof(lv.sha1)))
		lv.sha1[0] = '\0';
	lv.a = archive_read_new();
	if (!lv.a || archive_read_support_format_zip_seekable(lv.a) != ARCHIVE_OK) {
		rc = CU_ENOMEM;
		goto out;
	}
	if (archive_read_open_memory(lv.a, data.ptr, data.len) != ARCHIVE_OK) {
		warnf(w->scan, "%s: not a readable zip archive: %s", location,
		      errstr(lv.a));
		goto out;
	}
	rc = walk_entries(&lv);
	if (!rc)
		rc = name_archive(&lv);
out:
	if (lv.a)
		archive_read_free(lv.a);
	cu_buf_release(&lv.manifest);
	return rc;
}

int cu_java_scan_archive(struct cu_java_scan *scan, const void *data, size_t len)
{
	struct walk w = { .scan = scan };
	int rc;

	w.chunk = malloc(CHUNK);
	if (!w.chunk)
		return CU_ENOMEM;
	rc = walk_archive(&w, cu_span_make(data, len), scan->path, 0);
	free(w.chunk);
	return rc;
}
