/*
 * update.c - fetch feeds and rebuild the database aside.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "db.h"
#include "feeds.h"
#include "import.h"
#include "json.h"
#include "update.h"

#define MAX_FEEDS 128
#define NVD_PAGE 2000
#define NVD_MAX_PAGES 1000	/* 2 million CVEs */
#define NVD_WINDOW_DAYS 120	/* the API's longest lastModified range */
#define NVD_WAIT_MS 6000	/* between pages: 5 requests in 30 s without a key */
#define NVD_WAIT_KEYED_MS 700	/* 50 in 30 s with one */

struct updater {
	const struct cu_update_opts *opts;
	struct cu_db *db;
	char dir[4096];		/* downloads */
};

/* --- files ----------------------------------------------------------------- */

static int mkdir_p(const char *path, struct cu_err *err)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		return cu_seterr(err, CU_ETOOBIG, "path too long");
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return cu_seterr(err, CU_EIO, "cannot create directory '%s': %s", buf,
					 strerror(errno));
		buf[i] = path[i];
	}
	return 0;
}

/* Copy the current database to path (SQLite's backup API: a consistent copy). */
static int copy_db(const char *from, const char *to, struct cu_err *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int rc = 0;

	unlink(to);
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = cu_seterr(err, CU_EDB, "cannot copy the database to '%s'", to);
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE)
		rc = cu_seterr(err, CU_EDB, "cannot copy the database: %s", sqlite3_errmsg(dst));
	if (b)
		sqlite3_backup_finish(b);
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	if (rc)
		unlink(to);
	return rc;
}

static void download_path(const struct updater *u, const struct cu_feed *f,
			  char *out, size_t len)
{
	char name[96];
	const char *base = strrchr(f->path, '/');

	snprintf(name, sizeof(name), "%s", f->name);
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == ' ' || *p == '%')
			*p = '_';
	snprintf(out, len, "%s/%s_%s", u->dir, name, base ? base + 1 : "feed");
}

/* --- validators ------------------------------------------------------------ */

struct validators {
	char etag[256], last_modified[128], cursor[64];
};

static void stored_validators(struct cu_db *db, const char *name, struct validators *v)
{
	sqlite3_stmt *st;

	memset(v, 0, sizeof(*v));
	if (sqlite3_prepare_v2(db->sql, "SELECT etag, last_modified, cursor FROM sources "
			       "WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(st, 0);
		const char *l = (const char *)sqlite3_column_text(st, 1);
		const char *c = (const char *)sqlite3_column_text(st, 2);

		snprintf(v->etag, sizeof(v->etag), "%s", e ? e : "");
		snprintf(v->last_modified, sizeof(v->last_modified), "%s", l ? l : "");
		snprintf(v->cursor, sizeof(v->cursor), "%s", c ? c : "");
	}
	sqlite3_finalize(st);
}

static int save_validators(struct cu_db *db, const char *name, const char *url,
			   const char *etag, const char *last_modified, const char *cursor,
			   struct cu_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(db->sql, "UPDATE sources SET url = ?, etag = ?, "
			       "last_modified = ?, cursor = coalesce(?, cursor) WHERE name = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return cu_db_fail(db, err, "cannot record the download");
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, etag && *etag ? etag : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, last_modified && *last_modified ? last_modified : NULL, -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 4, cursor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cu_db_fail(db, err, "cannot record the download");
	sqlite3_finalize(st);
	return rc;
}

static int64_t source_records(struct cu_db *db, const char *name)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if (sqlite3_prepare_v2(db->sql, "SELECT records FROM sources WHERE name = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* --- one document feed ----------------------------------------------------- */

static int import_file(struct updater *u, const struct cu_feed *f, const char *path,
		       struct cu_err *err)
{
	struct cu_import_result res;
	const char *paths[1] = { path };

	return cu_db_import_as(u->db, paths, 1, f->name, &res, err);
}

static int fetch_feed(struct updater *u, const struct cu_feed *f,
		      struct cu_feed_report *rep, struct cu_err *err)
{
	struct validators v;
	struct cu_fetch_cache cache;
	struct cu_fetch_result fr;
	char dest[4300];
	int rc;

	stored_validators(u->db, f->name, &v);
	cache.etag = v.etag;
	cache.last_modified = v.last_modified;
	download_path(u, f, dest, sizeof(dest));
	rc = cu_fetch(rep->url, dest, &u->opts->fetch, &cache, &fr, err);
	rep->bytes = fr.bytes;
	if (rc)
		return rc;
	if (fr.not_modified) {
		rep->outcome = CU_FEED_UNCHANGED;
		return 0;
	}
	rc = import_file(u, f, dest, err);
	unlink(dest);
	if (!rc)
		rc = save_validators(u->db, f->name, rep->url, fr.etag, fr.last_modified, NULL, err);
	rep->outcome = CU_FEED_UPDATED;
	return rc;
}

/* --- NVD ------------------------------------------------------------------- */

static void iso_now(char *out, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

static time_t parse_iso(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
		return 0;
	return timegm(&tm);
}

static void nap_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int total_member(void *ctx, const char *key, struct cu_span value)
{
	long long *n = ctx;
	uint64_t v;

	if (!strcmp(key, "totalResults") && cu_span_to_u64(cu_span_trim(value), &v) &&
	    v <= INT64_MAX)
		*n = (long long)v;
	return 0;
}

/* totalResults of a downloaded page, or -1; the page is not parsed whole. */
static long long page_total(const char *path)
{
	struct cu_span data;
	long long n = -1;

	if (cu_file_map(path, CU_CAP_FEED_DOC_BYTES, &data, NULL))
		return -1;
	if (cu_json_each_member(data, "NVD page", total_member, &n, NULL))
		n = -1;
	cu_file_unmap(data);
	return n;
}

/*
 * Full download when there is no cursor or it is older than the API allows
 * for a lastModified range; else only what changed since the cursor.
 */
static int fetch_nvd(struct updater *u, const struct cu_feed *f,
		     struct cu_feed_report *rep, struct cu_err *err)
{
	struct validators v;
	struct cu_fetch_opts fo = u->opts->fetch;
	char base[600], url[900], dest[4300], now[40], since[40], key[300];
	time_t start = time(NULL), cursor;
	long long total = 0;
	bool keyed = u->opts->nvd_api_key && *u->opts->nvd_api_key && !u->opts->mirror;
	int rc = 0;

	if (keyed) {
		snprintf(key, sizeof(key), "apiKey: %s", u->opts->nvd_api_key);
		fo.secret_header = key;
	}
	stored_validators(u->db, f->name, &v);
	cursor = parse_iso(v.cursor);
	iso_now(now, sizeof(now), start);
	snprintf(base, sizeof(base), "%s", rep->url);
	if (cursor && start - cursor < NVD_WINDOW_DAYS * 86400) {
		iso_now(since, sizeof(since), cursor);
		snprintf(base, sizeof(base), "%s?lastModStartDate=%s&lastModEndDate=%s&",
			 rep->url, since, now);
	} else {
		snprintf(base, sizeof(base), "%s?", rep->url);
	}
	download_path(u, f, dest, sizeof(dest));
	for (long long start_index = 0, page = 0; !rc && start_index <= total &&
	     page < NVD_MAX_PAGES; start_index += NVD_PAGE, page++) {
		struct cu_fetch_result fr;

		snprintf(url, sizeof(url), "%sresultsPerPage=%d&startIndex=%lld", base, NVD_PAGE,
			 start_index);
		if (page && !u->opts->mirror)	/* the API's rate limits, with and without a key */
			nap_ms(keyed ? NVD_WAIT_KEYED_MS : NVD_WAIT_MS);
		rc = cu_fetch(url, dest, &fo, NULL, &fr, err);
		rep->bytes += fr.bytes;
		if (rc)
			break;
		total = page_total(dest);
		if (total < 0) {
			rc = cu_seterr(err, CU_EFORMAT, "'%s' is not an NVD API page", url);
			break;
		}
		rc = import_file(u, f, dest, err);
		unlink(dest);
		if (total <= start_index + NVD_PAGE)
			break;
	}
	if (!rc)
		rc = save_validators(u->db, f->name, rep->url, NULL, NULL, now, err);
	rep->outcome = CU_FEED_UPDATED;
	return rc;
}

/* --- the whole update ------------------------------------------------------ */

static void skip_feed(struct updater *u, const struct cu_feed *f,
		      struct cu_feed_report *rep)
{
	snprintf(rep->name, sizeof(rep->name), "%s", f->name);
	cu_feed_url(f, u->opts->mirror, rep->url, sizeof(rep->url));
	rep->outcome = CU_FEED_FAILED;
	snprintf(rep->message, sizeof(rep->message), "not tried after repeated network failures");
	rep->records = source_records(u->db, f->name);
}

static void run_feed(struct updater *u, const struct cu_feed *f,
		     struct cu_feed_report *rep)
{
	struct cu_err ferr = { 0 };
	int rc;

	snprintf(rep->name, sizeof(rep->name), "%s", f->name);
	cu_feed_url(f, u->opts->mirror, rep->url, sizeof(rep->url));
	rc = f->kind == CU_FEED_NVD ? fetch_nvd(u, f, rep, &ferr) : fetch_feed(u, f, rep, &ferr);
	if (rc == CU_ENOTFOUND && (f->expected_missing || !u->opts->expect_all)) {
		rep->outcome = CU_FEED_MISSING;
		snprintf(rep->message, sizeof(rep->message), "%s", cu_err_message(&ferr));
	} else if (rc) {
		rep->outcome = CU_FEED_FAILED;
		rep->net = rc == CU_ENET;
		snprintf(rep->message, sizeof(rep->message), "%s", cu_err_message(&ferr));
	}
	rep->records = source_records(u->db, f->name);
}

static void count(struct cu_update_result *res)
{
	res->updated = res->unchanged = res->missing = res->failed = 0;
	for (size_t i = 0; i < res->nfeeds; i++) {
		switch (res->feeds[i].outcome) {
		case CU_FEED_UPDATED: res->updated++; break;
		case CU_FEED_UNCHANGED: res->unchanged++; break;
		case CU_FEED_MISSING: res->missing++; break;
		case CU_FEED_FAILED: res->failed++; break;
		}
	}
}

/* Which feeds failed, for the one-line error. */
static int failure(const struct cu_update_result *res, struct cu_err *err)
{
	struct cu_buf names = CU_BUF_INIT;
	const char *first = NULL;
	size_t n = 0;

	for (size_t i = 0; i < res->nfeeds; i++) {
		if (res->feeds[i].outcome != CU_FEED_FAILED)
			continue;
		if (n++ < 3)
			cu_buf_addf(&names, "%s%s", names.len ? ", " : "", res->feeds[i].name);
		if (!first)
			first = res->feeds[i].message;
	}
	if (n > 3)
		cu_buf_addf(&names, " and %zu more", n - 3);
	cu_seterr_new(err, CU_ENET, "update failed for %s (%s); the previous database is kept",
		      cu_buf_str(&names), first ? first : "");
	cu_buf_release(&names);
	return CU_ENET;
}

static int finish(struct updater *u, const char *tmp, struct cu_err *err)
{
	char *msg = NULL;
	int fd;

	if (sqlite3_exec(u->db->sql, "INSERT OR REPLACE INTO meta VALUES ('updated_at', "
			 "strftime('%Y-%m-%dT%H:%M:%SZ','now'))", NULL, NULL, &msg) != SQLITE_OK) {
		sqlite3_free(msg);
		return cu_db_fail(u->db, err, "cannot finish the update");
	}
	cu_db_close(u->db);
	u->db = NULL;
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	if (rename(tmp, u->opts->db_path) != 0)
		return cu_seterr(err, CU_EIO, "cannot replace '%s': %s", u->opts->db_path,
				 strerror(errno));
	return 0;
}

static int setup(struct updater *u, const char *tmp, struct cu_err *err)
{
	struct stat st;
	const char *slash;
	char dbdir[4096];
	int rc;

	slash = strrchr(u->opts->db_path, '/');
	snprintf(dbdir, sizeof(dbdir), "%.*s", slash ? (int)(slash - u->opts->db_path) : 1,
		 slash ? u->opts->db_path : ".");
	snprintf(u->dir, sizeof(u->dir), "%s", u->opts->downloads ? u->opts->downloads : dbdir);
	if (!u->opts->downloads)
		snprintf(u->dir + strlen(u->dir), sizeof(u->dir) - strlen(u->dir), "/downloads");
	rc = mkdir_p(u->dir, err);
	if (rc)
		return rc;
	if (stat(u->opts->db_path, &st) == 0) {
		rc = copy_db(u->opts->db_path, tmp, err);
		if (rc)
			return rc;
	} else {
		unlink(tmp);
	}
	return cu_db_open(tmp, CU_DB_WRITE, &u->db, err);
}

int cu_db_update(const struct cu_update_opts *opts, struct cu_update_result *res,
		 struct cu_err *err)
{
	struct updater u = { .opts = opts };
	struct cu_feed *feeds = cu_calloc(MAX_FEEDS, sizeof(*feeds));
	char tmp[4200];
	size_t n;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!feeds)
		return CU_ENOMEM;
	n = cu_feeds_default(feeds, MAX_FEEDS, opts->only);
	if (!n) {
		free(feeds);
		return cu_seterr(err, CU_EUSAGE, "no feed matches '%s'", opts->only ? opts->only : "");
	}
	res->feeds = cu_calloc(n, sizeof(*res->feeds));
	if (!res->feeds) {
		free(feeds);
		return CU_ENOMEM;
	}
	res->nfeeds = n;
	snprintf(tmp, sizeof(tmp), "%s.new", opts->db_path);
	rc = setup(&u, tmp, err);
	/* two feeds in a row failing on the network: no use trying the rest */
	for (size_t i = 0, net_fail = 0; !rc && i < n; i++) {
		if (net_fail >= 2) {
			skip_feed(&u, &feeds[i], &res->feeds[i]);
			continue;
		}
		run_feed(&u, &feeds[i], &res->feeds[i]);
		net_fail = res->feeds[i].outcome == CU_FEED_FAILED &&
			   res->feeds[i].net ? net_fail + 1 : 0;
	}
	count(res);
	if (!rc && res->failed)
		rc = failure(res, err);
	else if (!rc && !res->updated && !res->unchanged)
		rc = cu_seterr(err, CU_ENOTFOUND, "no feed could be downloaded (%s)",
			       res->feeds[0].message);
	if (!rc)
		rc = finish(&u, tmp, err);
	cu_db_close(u.db);
	if (rc)
		unlink(tmp);
	free(feeds);
	return rc;
}

void cu_update_result_release(struct cu_update_result *res)
{
	free(res->feeds);
	memset(res, 0, sizeof(*res));
}
