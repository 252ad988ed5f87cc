/*
 * fetch.c - downloading feeds to files with libcurl (contract in fetch.h).
 *
 * One easy handle per cu_fetch call. Every attempt truncates DEST.part and
 * restarts the sha256, so a retried transfer never mixes two bodies; error
 * pages (status >= 300) are never written. After each attempt the outcome is
 * classified once into an error code, a short reason ("HTTP 503", "transfer
 * stalled") and whether another attempt can help (RFC 9110 section 15.6:
 * 5xx; RFC 6585 section 4: 429 with Retry-After).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "common.h"
#include "digest.h"
#include "fetch.h"
#include "import.h"

#define URL_SHOWN_MAX 768

struct progress {
	struct timespec start, last;
	int width;		/* of the line on screen; 0 when none */
};

struct fetch {
	const char *url;
	const char *dest;
	const struct cu_fetch_opts *opts;
	struct cu_fetch_result *res;
	CURL *curl;
	struct curl_slist *headers;
	char *part;
	bool is_file;
	bool conditional;
	bool committed;
	char errbuf[CURL_ERROR_SIZE];
	char shown_url[URL_SHOWN_MAX];	/* url without user:password@ */
	char location[URL_SHOWN_MAX];	/* of the last redirect */

	/* the current attempt */
	int fd;
	struct cu_hasher *hasher;
	bool http_failed;	/* the body of an error status was refused */
	bool too_big;
	bool stalled;
	int write_errno;
	curl_off_t seen_bytes;
	struct timespec last_byte;	/* when seen_bytes last moved */
	struct progress bar;

	/* the outcome of the last attempt */
	bool retry;
	long wait_ms;		/* from Retry-After */
	char reason[512];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init_once(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int cu_fetch_global_init(void)
{
	pthread_once(&global_once, global_init_once);
	return global_rc == CURLE_OK ? 0 : CU_ENET;
}

void cu_fetch_global_cleanup(void)
{
	if (global_rc == CURLE_OK)
		curl_global_cleanup();
	global_rc = CURLE_FAILED_INIT;
}

void cu_fetch_opts_init(struct cu_fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_s = 30;
	o->stall_timeout_s = 60;
	o->retries = 4;
	o->backoff_ms = 1000;
	o->max_bytes = CU_FETCH_DEFAULT_MAX_BYTES;
	o->user_agent = "customs";
}

/* Record the outcome of an attempt; returns code. */
static int __attribute__((format(printf, 4, 5)))
fail(struct fetch *f, int code, bool retry, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->reason, sizeof(f->reason), fmt, ap);
	va_end(ap);
	f->retry = retry;
	return code;
}

static bool has_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	return !strncasecmp(url, scheme, n) && url[n] == ':';
}

/* Credentials in a URL stay out of messages. */
static void show_url(char *out, size_t outlen, const char *url)
{
	const char *host = strstr(url, "://");
	size_t authority;
	const char *at;

	if (!host) {
		snprintf(out, outlen, "%s", url);
		return;
	}
	host += 3;
	authority = strcspn(host, "/?#");
	at = memrchr(host, '@', authority);
	if (!at) {
		snprintf(out, outlen, "%s", url);
		return;
	}
	snprintf(out, outlen, "%.*s%s", (int)(host - url), url, at + 1);
}

/* A header value we can send back verbatim: visible ASCII and spaces. */
static bool header_safe(struct cu_span v)
{
	for (size_t i = 0; i < v.len; i++)
		if ((unsigned char)v.ptr[i] < 0x20 || (unsigned char)v.ptr[i] > 0x7e)
			return false;
	return v.len > 0;
}

static void keep_validator(char *dst, size_t dstlen, struct cu_span v)
{
	v = cu_span_trim(v);
	if (!header_safe(v) || !cu_span_to_cstr(v, dst, dstlen))
		dst[0] = '\0';
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct fetch *f = ud;
	struct cu_span line = cu_span_make(ptr, size * nmemb), name;

	/* a status line starts a new response (a redirect's, the next attempt's) */
	if (cu_span_starts_with(line, "HTTP/")) {
		f->res->etag[0] = f->res->last_modified[0] = '\0';
		return size * nmemb;
	}
	if (!cu_span_split(&line, ':', &name))
		return size * nmemb;
	name = cu_span_trim(name);
	if (cu_span_eq_icase_str(name, "etag"))
		keep_validator(f->res->etag, sizeof(f->res->etag), line);
	else if (cu_span_eq_icase_str(name, "last-modified"))
		keep_validator(f->res->last_modified, sizeof(f->res->last_modified),
			       line);
	else if (cu_span_eq_icase_str(name, "location"))
		keep_validator(f->location, sizeof(f->location), line);
	return size * nmemb;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct fetch *f = ud;
	size_t n = size * nmemb;
	long status = 0;

	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 300) {
		f->http_failed = true;	/* an error page is not the feed */
		return 0;
	}
	if (n > f->opts->max_bytes - f->res->bytes) {
		f->too_big = true;
		return 0;
	}
	if (cu_hasher_update(f->hasher, ptr, n)) {
		f->write_errno = ENOMEM;
		return 0;
	}
	f->write_errno = write_all(f->fd, ptr, n);
	if (f->write_errno)
		return 0;
	f->res->bytes += n;
	return n;
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void human_size(char *out, size_t outlen, double n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	size_t u = 0;

	while (n >= 1024 && u + 1 < CU_ARRAY_SIZE(units)) {
		n /= 1024;
		u++;
	}
	snprintf(out, outlen, u ? "%.1f %s" : "%.0f %s", n, units[u]);
}

static void progress_draw(struct progress *p, curl_off_t now, curl_off_t total,
			  double secs)
{
	char line[128], done[32], all[32], rate[32];
	int n;

	human_size(done, sizeof(done), (double)now);
	human_size(rate, sizeof(rate), secs > 0 ? (double)now / secs : 0);
	if (total > 0) {
		human_size(all, sizeof(all), (double)total);
		n = snprintf(line, sizeof(line), "  %s / %s (%d%%)  %s/s", done, all,
			     (int)(now * 100 / total), rate);
	} else {
		n = snprintf(line, sizeof(line), "  %s  %s/s", done, rate);
	}
	fprintf(stderr, "\r%-*s", p->width, line);
	if (n > p->width)
		p->width = n;
}

static void progress_clear(struct progress *p)
{
	if (p->width)
		fprintf(stderr, "\r%*s\r", p->width, "");
	p->width = 0;
}

/* libcurl calls this at least once a second: the stall check (see fetch.h) */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct fetch *f = ud;
	long stall = f->opts->stall_timeout_s;
	struct timespec now;
	bool complete;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (dlnow != f->seen_bytes) {
		f->seen_bytes = dlnow;
		f->last_byte = now;
	} else if (stall && seconds_between(&f->last_byte, &now) >= (double)stall) {
		f->stalled = true;
		return 1;
	}
	/* redraw at most four times a second, and once more when complete */
	complete = dltotal > 0 && dlnow == dltotal;
	if (!f->opts->progress || (f->bar.width && !complete &&
				   seconds_between(&f->bar.last, &now) < 0.25))
		return 0;
	f->bar.last = now;
	progress_draw(&f->bar, dlnow, dltotal, seconds_between(&f->bar.start, &now));
	return 0;
}

static int append_header(struct fetch *f, const char *line)
{
	struct curl_slist *l = curl_slist_append(f->headers, line);

	if (!l)
		return fail(f, CU_ENOMEM, false, "out of memory");
	f->headers = l;
	return 0;
}

static int add_header(struct fetch *f, const char *name, const char *value)
{
	char line[512];

	if (!value || !header_safe(cu_span_str(value)))
		return 0;	/* no usable validator: an unconditional request */
	snprintf(line, sizeof(line), "%s: %s", name, value);
	f->conditional = true;
	return append_header(f, line);
}

/* The credential header, for this host only (see struct cu_fetch_opts). */
static int setup_secret(struct fetch *f)
{
	const char *h = f->opts->secret_header;
	const char *colon = h ? strchr(h, ':') : NULL;

	if (!h)
		return 0;
	if (f->is_file || !colon || colon == h || !header_safe(cu_span_str(h)))
		return fail(f, CU_EUSAGE, false, "unusable credential header");
	curl_easy_setopt(f->curl, CURLOPT_FOLLOWLOCATION, 0L);
	return append_header(f, h);
}

/* HTTP: If-None-Match / If-Modified-Since; file://: the mtime, by libcurl. */
static int setup_conditional(struct fetch *f, const struct cu_fetch_cache *cache)
{
	time_t since;
	int rc;

	if (!cache)
		return 0;
	if (!f->is_file) {
		rc = add_header(f, "If-None-Match", cache->etag);
		if (!rc)
			rc = add_header(f, "If-Modified-Since", cache->last_modified);
		return rc;
	}
	if (!cache->last_modified || (since = curl_getdate(cache->last_modified, NULL)) < 0)
		return 0;
	curl_easy_setopt(f->curl, CURLOPT_TIMECONDITION, (long)CURL_TIMECOND_IFMODSINCE);
	curl_easy_setopt(f->curl, CURLOPT_TIMEVALUE_LARGE, (curl_off_t)since);
	f->conditional = true;
	return 0;
}

/* What every transfer gets, whatever the options say. */
static CURLcode setup_policy(struct fetch *f)
{
	CURL *c = f->curl;
	bool https_only = !has_scheme(f->url, "http");
	CURLcode cc = CURLE_OK;

	cc |= curl_easy_setopt(c, CURLOPT_URL, f->url);
	cc |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cc |= curl_easy_setopt(c, CURLOPT_ERRORBUFFER, f->errbuf);
	cc |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	cc |= curl_easy_setopt(c, CURLOPT_DEFAULT_PROTOCOL, "https");
	cc |= curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	cc |= curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)CU_FETCH_MAX_REDIRECTS);
	cc |= curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
			       https_only ? "https" : "http,https");
	cc |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	cc |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	cc |= curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	cc |= curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	cc |= curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
	cc |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cc |= curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	cc |= curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	cc |= curl_easy_setopt(c, CURLOPT_XFERINFODATA, f);
	cc |= curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	return cc;
}

static CURLcode setup_options(struct fetch *f)
{
	const struct cu_fetch_opts *o = f->opts;
	CURL *c = f->curl;
	curl_off_t max = o->max_bytes > INT64_MAX ? INT64_MAX : (curl_off_t)o->max_bytes;
	CURLcode cc = CURLE_OK;

	cc |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
	cc |= curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, max);
	cc |= curl_easy_setopt(c, CURLOPT_USERAGENT,
			       o->user_agent ? o->user_agent : "customs");
	if (o->ca_file)
		cc |= curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
	return cc;
}

static int check_opts(struct fetch *f)
{
	const struct cu_fetch_opts *o = f->opts;

	if (!f->url || !*f->url || !f->dest || !*f->dest)
		return fail(f, CU_EUSAGE, false, "no URL or destination given");
	if (o->connect_timeout_s < 0 || o->stall_timeout_s < 0 || o->retries < 0 ||
	    o->backoff_ms < 0 || !o->max_bytes)
		return fail(f, CU_EUSAGE, false, "invalid download options");
	return 0;
}

static int fetch_start(struct fetch *f, const struct cu_fetch_cache *cache)
{
	struct cu_buf part = CU_BUF_INIT;
	int rc;

	rc = check_opts(f);
	if (rc)
		return rc;
	if (cu_fetch_global_init())
		return fail(f, CU_ENET, false, "cannot initialise libcurl");
	f->curl = curl_easy_init();
	if (!f->curl || cu_buf_addf(&part, "%s.part", f->dest)) {
		cu_buf_release(&part);
		return fail(f, CU_ENOMEM, false, "out of memory");
	}
	f->part = cu_buf_detach(&part, NULL);
	f->is_file = has_scheme(f->url, "file");
	if (setup_policy(f) != CURLE_OK || setup_options(f) != CURLE_OK)
		return fail(f, CU_EUSAGE, false, "libcurl %s lacks a required option",
			    curl_version_info(CURLVERSION_NOW)->version);
	rc = setup_conditional(f, cache);
	if (!rc)
		rc = setup_secret(f);
	if (!rc && f->headers)
		curl_easy_setopt(f->curl, CURLOPT_HTTPHEADER, f->headers);
	return rc;
}

static void fetch_release(struct fetch *f)
{
	if (f->fd >= 0)
		close(f->fd);
	cu_hasher_free(f->hasher);
	if (f->part && !f->committed)
		unlink(f->part);
	free(f->part);
	curl_slist_free_all(f->headers);
	if (f->curl)
		curl_easy_cleanup(f->curl);
}

static int attempt_start(struct fetch *f)
{
	struct cu_fetch_result *res = f->res;

	res->status = 0;
	res->bytes = 0;
	res->etag[0] = res->last_modified[0] = '\0';
	f->http_failed = f->too_big = f->stalled = false;
	f->write_errno = 0;
	f->seen_bytes = 0;
	f->wait_ms = 0;
	f->errbuf[0] = f->location[0] = '\0';
	f->fd = open(f->part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		     0644);
	if (f->fd < 0)
		return fail(f, CU_EIO, false, "cannot create '%s': %s", f->part,
			    strerror(errno));
	f->hasher = cu_hasher_sha256();
	if (!f->hasher)
		return fail(f, CU_ENOMEM, false, "out of memory");
	clock_gettime(CLOCK_MONOTONIC, &f->bar.start);
	f->last_byte = f->bar.start;
	return 0;
}

/* Flush the body to disk before it may replace the old file. */
static int attempt_finish(struct fetch *f)
{
	int rc;

	rc = cu_hasher_final(f->hasher, f->res->sha256, sizeof(f->res->sha256));
	f->hasher = NULL;
	if (rc)
		return fail(f, rc, false, "cannot hash the body");
	if (fsync(f->fd) != 0 || close(f->fd) != 0) {
		f->fd = -1;
		return fail(f, CU_EIO, false, "cannot write '%s': %s", f->part,
			    strerror(errno));
	}
	f->fd = -1;
	return 0;
}

static void attempt_end(struct fetch *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	cu_hasher_free(f->hasher);
	f->hasher = NULL;
}

static int classify_http(struct fetch *f, long status)
{
	curl_off_t after = 0;

	if (status == 304 && f->conditional) {
		f->res->not_modified = true;
		return 0;
	}
	if (status == 404 || status == 410)
		return fail(f, CU_ENOTFOUND, false, "HTTP %ld", status);
	if (status >= 300 && status < 400 && f->opts->secret_header)
		return fail(f, CU_ENET, false, "HTTP %ld: a redirect, not followed with a credential",
			    status);
	if (status != 408 && status != 429 && status < 500)
		return fail(f, CU_ENET, false, "HTTP %ld", status);
	curl_easy_getinfo(f->curl, CURLINFO_RETRY_AFTER, &after);
	if (after > 0)
		f->wait_ms = after > CU_FETCH_MAX_WAIT_MS / 1000 ? CU_FETCH_MAX_WAIT_MS :
			     (long)after * 1000;
	return fail(f, CU_ENET, true, "HTTP %ld", status);
}

static const struct curl_failure {
	CURLcode cc;
	int code;
	bool retry;
	const char *reason;
} curl_failures[] = {
	{ CURLE_UNSUPPORTED_PROTOCOL, CU_EUNSUPPORTED, false, "unsupported URL scheme" },
	{ CURLE_URL_MALFORMAT, CU_EUSAGE, false, "malformed URL" },
	{ CURLE_COULDNT_RESOLVE_PROXY, CU_ENET, true, "cannot resolve proxy" },
	{ CURLE_COULDNT_RESOLVE_HOST, CU_ENET, true, "cannot resolve host" },
	{ CURLE_COULDNT_CONNECT, CU_ENET, true, "cannot connect" },
	{ CURLE_PARTIAL_FILE, CU_ENET, true, "transfer truncated" },
	{ CURLE_OPERATION_TIMEDOUT, CU_ENET, true, "connection timed out" },
	{ CURLE_GOT_NOTHING, CU_ENET, true, "empty reply from server" },
	{ CURLE_SEND_ERROR, CU_ENET, true, "connection lost while sending" },
	{ CURLE_RECV_ERROR, CU_ENET, true, "connection lost while receiving" },
	{ CURLE_HTTP2, CU_ENET, true, "HTTP/2 error" },
	{ CURLE_HTTP2_STREAM, CU_ENET, true, "HTTP/2 stream error" },
	{ CURLE_TOO_MANY_REDIRECTS, CU_ENET, false, "too many redirects" },
	{ CURLE_PEER_FAILED_VERIFICATION, CU_ENET, false,
	  "TLS certificate verification failed" },
	{ CURLE_SSL_CACERT_BADFILE, CU_EUSAGE, false, "cannot read the CA file" },
	{ CURLE_SSL_CONNECT_ERROR, CU_ENET, false, "TLS handshake failed" },
	{ CURLE_FILE_COULDNT_READ_FILE, CU_ENOTFOUND, false, "no such file" },
	{ CURLE_BAD_CONTENT_ENCODING, CU_EFORMAT, false, "bad content encoding" },
	{ CURLE_OUT_OF_MEMORY, CU_ENOMEM, false, "out of memory" },
};

/* The kernel's word is more precise than "cannot connect". */
static const char *socket_reason(struct fetch *f, const char *fallback)
{
	long os_errno = 0;

	curl_easy_getinfo(f->curl, CURLINFO_OS_ERRNO, &os_errno);
	switch (os_errno) {
	case ECONNREFUSED: return "connection refused";
	case ECONNRESET: return "connection reset";
	case ETIMEDOUT: return "connection timed out";
	case ENETUNREACH: return "network unreachable";
	case EHOSTUNREACH: return "host unreachable";
	}
	return fallback;
}

/* Redirects to file:// or from https to http are not followed. */
static int refused_redirect(struct fetch *f)
{
	char shown[URL_SHOWN_MAX];

	show_url(shown, sizeof(shown), f->location);
	return fail(f, CU_EUNSAFE, false, "refused redirect to '%s'", shown);
}

static int classify_curl(struct fetch *f, CURLcode cc, long status)
{
	const struct curl_failure *cf = NULL;
	const char *reason;

	if (cc == CURLE_UNSUPPORTED_PROTOCOL && status >= 300 && status < 400)
		return refused_redirect(f);

	for (size_t i = 0; i < CU_ARRAY_SIZE(curl_failures); i++)
		if (curl_failures[i].cc == cc)
			cf = &curl_failures[i];
	if (!cf)
		return fail(f, CU_ENET, false, "%s",
			    f->errbuf[0] ? f->errbuf : curl_easy_strerror(cc));
	reason = cf->reason;
	if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_SEND_ERROR ||
	    cc == CURLE_RECV_ERROR)
		reason = socket_reason(f, reason);
	return fail(f, cf->code, cf->retry, "%s", reason);
}

static int classify(struct fetch *f, CURLcode cc)
{
	long status = 0, unmet = 0;

	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &status);
	f->res->status = status;
	if (f->too_big || cc == CURLE_FILESIZE_EXCEEDED)
		return fail(f, CU_ETOOBIG, false, "larger than %llu bytes",
			    (unsigned long long)f->opts->max_bytes);
	if (f->stalled)
		return fail(f, CU_ENET, true, "transfer stalled");
	if (f->write_errno)
		return fail(f, CU_EIO, false, "cannot write '%s': %s", f->part,
			    strerror(f->write_errno));
	if (cc != CURLE_OK && !f->http_failed)
		return classify_curl(f, cc, status);
	if (status >= 300)
		return classify_http(f, status);
	curl_easy_getinfo(f->curl, CURLINFO_CONDITION_UNMET, &unmet);
	f->res->not_modified = unmet != 0;
	return 0;
}

static int attempt(struct fetch *f)
{
	CURLcode cc;
	int rc;

	rc = attempt_start(f);
	if (rc)
		goto out;
	cc = curl_easy_perform(f->curl);
	progress_clear(&f->bar);
	rc = classify(f, cc);
	if (!rc && !f->res->not_modified)
		rc = attempt_finish(f);
out:
	attempt_end(f);
	return rc;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* A 304 without validators keeps the ones we asked with. */
static void keep_cached(struct cu_fetch_result *res, const struct cu_fetch_cache *cache)
{
	if (!cache)
		return;
	if (!res->etag[0] && cache->etag)
		keep_validator(res->etag, sizeof(res->etag), cu_span_str(cache->etag));
	if (!res->last_modified[0] && cache->last_modified)
		keep_validator(res->last_modified, sizeof(res->last_modified),
			       cu_span_str(cache->last_modified));
}

static int commit(struct fetch *f)
{
	if (rename(f->part, f->dest) != 0)
		return fail(f, CU_EIO, false, "cannot rename '%s' to '%s': %s",
			    f->part, f->dest, strerror(errno));
	f->committed = true;
	return 0;
}

static int run_attempts(struct fetch *f)
{
	long backoff = f->opts->backoff_ms, wait;
	int rc;

	for (;;) {
		f->res->attempts++;
		rc = attempt(f);
		if (!rc || !f->retry || f->res->attempts > f->opts->retries)
			return rc;
		wait = f->wait_ms > backoff ? f->wait_ms : backoff;
		pause_ms(wait < CU_FETCH_MAX_WAIT_MS ? wait : CU_FETCH_MAX_WAIT_MS);
		backoff = backoff > CU_FETCH_MAX_WAIT_MS / 2 ? CU_FETCH_MAX_WAIT_MS :
			  backoff * 2;
	}
}

/* "cannot download 'URL': HTTP 503 after 5 attempts" */
static int report(struct fetch *f, int rc, struct cu_err *err)
{
	if (f->retry && f->res->attempts > 1)
		return cu_seterr_new(err, rc, "cannot download '%s': %s after %d attempts",
				     f->shown_url, f->reason, f->res->attempts);
	return cu_seterr_new(err, rc, "cannot download '%s': %s", f->shown_url,
			     f->reason);
}

int cu_fetch(const char *url, const char *dest_path,
	     const struct cu_fetch_opts *opts, const struct cu_fetch_cache *cache,
	     struct cu_fetch_result *res, struct cu_err *err)
{
	struct cu_fetch_opts defaults;
	struct fetch f;
	int rc;

	if (!opts) {
		cu_fetch_opts_init(&defaults);
		opts = &defaults;
	}
	memset(res, 0, sizeof(*res));
	memset(&f, 0, sizeof(f));
	f.url = url;
	f.dest = dest_path;
	f.opts = opts;
	f.res = res;
	f.fd = -1;
	show_url(f.shown_url, sizeof(f.shown_url), url ? url : "");
	rc = fetch_start(&f, cache);
	if (!rc)
		rc = run_attempts(&f);
	if (!rc && res->not_modified)
		keep_cached(res, cache);
	else if (!rc)
		rc = commit(&f);
	if (rc)
		report(&f, rc, err);
	fetch_release(&f);
	return rc;
}

static bool pull_hex64(struct cu_span *s, struct cu_span *hex)
{
	size_t n = 0;

	while (n < s->len && isxdigit((unsigned char)s->ptr[n]))
		n++;
	if (n != 64)
		return false;
	*hex = cu_span_sub(*s, 0, 64);
	*s = cu_span_skip(*s, 64);
	return true;
}

/* sha256sum's "HEX  NAME", "HEX *NAME" (binary mode), or a bare "HEX" */
static bool parse_sum_line(struct cu_span line, struct cu_span *hex,
			   struct cu_span *file)
{
	if (!pull_hex64(&line, hex))
		return false;
	if (line.len && line.ptr[0] != ' ' && line.ptr[0] != '\t')
		return false;
	line = cu_span_trim(line);
	if (line.len && line.ptr[0] == '*')
		line = cu_span_skip(line, 1);
	*file = line;
	return true;
}

/* A listed "dir/feed.json" is also the checksum of "feed.json"; no name: any. */
static bool names_match(struct cu_span listed, const char *name)
{
	ptrdiff_t slash = cu_span_rfind(listed, '/');

	if (!name || !listed.len || cu_span_eq_str(listed, name))
		return true;
	return slash >= 0 && cu_span_eq_str(cu_span_skip(listed, (size_t)slash + 1), name);
}

static int find_sum(struct cu_span text, const char *name, struct cu_span *hex)
{
	struct cu_span line, file, h;
	int entries = 0;
	bool found = false;

	while (cu_span_pull_line(&text, &line)) {
		line = cu_span_trim(line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		if (!parse_sum_line(line, &h, &file))
			return CU_EFORMAT;
		entries++;
		if (!found && names_match(file, name)) {
			*hex = h;
			found = true;
		}
	}
	if (!entries)
		return CU_EFORMAT;
	if (!name && entries > 1)
		return CU_EUSAGE;
	return found ? 0 : CU_ENOTFOUND;
}

int cu_fetch_checksum(const char *sums_path, const char *name,
		      const char *digest, struct cu_err *err)
{
	struct cu_span text = CU_SPAN_NULL, want = CU_SPAN_NULL;
	const char *got;
	int rc;

	if (!digest || !cu_span_starts_with(cu_span_str(digest), "sha256:"))
		return cu_seterr(err, CU_EUSAGE, "cannot verify against '%s': "
				 "not a sha256 digest", sums_path);
	got = cu_digest_hex(digest);
	rc = cu_file_map(sums_path, CU_CAP_SUMS_BYTES, &text, err);
	if (rc)
		return rc;
	rc = find_sum(text, name, &want);
	if (rc == CU_EFORMAT)
		cu_seterr(err, rc, "'%s' is not a checksum file", sums_path);
	else if (rc == CU_EUSAGE)
		cu_seterr(err, rc, "'%s' lists several files; name one", sums_path);
	else if (rc == CU_ENOTFOUND)
		cu_seterr(err, rc, "'%s' has no checksum for '%s'", sums_path, name);
	else if (!cu_span_eq_icase_str(want, got))
		rc = cu_seterr(err, CU_EDIGEST, "checksum mismatch for '%s': got "
			       "sha256:%s, '%s' lists sha256:%.*s", name ? name : "?",
			       got, sums_path, (int)want.len, want.ptr);
	cu_file_unmap(text);
	return rc;
}
