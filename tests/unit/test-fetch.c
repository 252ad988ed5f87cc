/*
 * test-fetch.c - feed downloads (src/vulndb/fetch.c) against a scripted
 * server, tests/tools/feedserver.py, on 127.0.0.1 only: validators and 304,
 * retries with backoff and Retry-After, truncated and stalled transfers,
 * redirects, size caps, gzip, proxies from the environment, TLS
 * verification, file:// URLs, checksum files.
 *
 * Each test starts its own server on a free port (the script writes the port
 * to a file) and stops it; timeouts and backoffs are small so the suite takes
 * a few seconds. Tests skip when python3 (or, for TLS, openssl) is missing.
 */
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "common.h"
#include "digest.h"
#include "unit.h"
#include "vulndb/fetch.h"

#define SERVER_SCRIPT "tests/tools/feedserver.py"
#define FEED_LINES 2000

/* A temporary tree (srv/ is served, out/ receives), a server, one fetch. */
struct fx {
	char dir[64];
	pid_t pid;
	int port;
	bool tls;
	char feed_digest[CU_DIGEST_MAX];
	size_t feed_len;
	char dest[128];
	struct cu_fetch_opts o;
	struct cu_fetch_result r;
	struct cu_err e;
};

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (n && access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static bool write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

static const char *in_dir(const struct fx *x, const char *rel)
{
	static char path[4][256];
	static int slot;
	char *p = path[slot++ & 3];

	snprintf(p, 256, "%s/%s", x->dir, rel);
	return p;
}

static const char *url(const struct fx *x, const char *path)
{
	static char buf[4][256];
	static int slot;
	char *p = buf[slot++ & 3];

	snprintf(p, 256, "%s://127.0.0.1:%d%s", x->tls ? "https" : "http", x->port,
		 path);
	return p;
}

/* A compressible feed of about 100 KiB, so gzip and the caps have work. */
static bool write_feed(struct fx *x)
{
	struct cu_buf b = CU_BUF_INIT;
	bool ok = true;

	for (int i = 0; i < FEED_LINES && ok; i++)
		ok = !cu_buf_addf(&b, "{\"id\": \"CVE-2024-%05d\", \"fixed\": \"1.%d\"}\n",
				  i, i % 17);
	ok = ok && write_file(in_dir(x, "srv/feed.json"), b.buf, b.len);
	x->feed_len = b.len;
	ok = ok && !cu_sha256_digest(b.buf, b.len, x->feed_digest,
				     sizeof(x->feed_digest));
	cu_buf_release(&b);
	return ok;
}

static void fast_opts(struct cu_fetch_opts *o)
{
	static bool cleanup_registered;

	if (!cleanup_registered) {
		/* curl's global state is freed at exit: LeakSanitizer sees real leaks */
		atexit(cu_fetch_global_cleanup);
		cleanup_registered = true;
	}
	cu_fetch_opts_init(o);
	o->connect_timeout_s = 5;
	o->stall_timeout_s = 5;
	o->backoff_ms = 10;
	o->user_agent = "customs-test";
}

static bool fx_tree(struct unit *t, struct fx *x)
{
	memset(x, 0, sizeof(*x));
	fast_opts(&x->o);
	snprintf(x->dir, sizeof(x->dir), "/tmp/customs-fetch.XXXXXX");
	if (!mkdtemp(x->dir)) {
		x->dir[0] = '\0';
		FAILF(t, "cannot create a temporary directory");
		return false;
	}
	snprintf(x->dest, sizeof(x->dest), "%s/out/feed.json", x->dir);
	if (mkdir(in_dir(x, "srv"), 0755) || mkdir(in_dir(x, "out"), 0755) ||
	    !write_feed(x)) {
		FAILF(t, "cannot write the served files");
		return false;
	}
	return true;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	return remove(path);
}

static void fx_remove(struct fx *x)
{
	if (x->dir[0])
		nftw(x->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Run argv quietly; its exit status, or -1. */
static int run_quiet(char *const argv[])
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A self-signed certificate for 127.0.0.1 (and no host name). */
static bool make_cert(const struct fx *x)
{
	char key[256], cert[256];
	char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
			 "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
			 "-subj", "/CN=customs-test", "-addext",
			 "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
			 NULL };

	snprintf(key, sizeof(key), "%s", in_dir(x, "key.pem"));
	snprintf(cert, sizeof(cert), "%s", in_dir(x, "cert.pem"));
	return run_quiet(argv) == 0;
}

static void spawn(struct fx *x)
{
	char port[256], srv[256], key[256], cert[256];
	char *argv[] = { "python3", SERVER_SCRIPT, "--port-file", port, srv,
			 "--tls", cert, key, NULL };

	snprintf(port, sizeof(port), "%s", in_dir(x, "port"));
	snprintf(srv, sizeof(srv), "%s", in_dir(x, "srv"));
	snprintf(key, sizeof(key), "%s", in_dir(x, "key.pem"));
	snprintf(cert, sizeof(cert), "%s", in_dir(x, "cert.pem"));
	if (!x->tls)
		argv[5] = NULL;
	x->pid = fork();
	if (x->pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
}

/* Wait up to 10 s for the port file; false when the server died. */
static bool wait_port(struct fx *x)
{
	for (int i = 0; i < 1000; i++) {
		char *text = unit_read_file(in_dir(x, "port"), NULL);
		int status;

		if (text) {
			x->port = (int)strtol(text, NULL, 10);
			free(text);
			return x->port > 0;
		}
		if (waitpid(x->pid, &status, WNOHANG) == x->pid) {
			x->pid = 0;
			return false;
		}
		usleep(10000);
	}
	return false;
}

static bool fx_start(struct unit *t, struct fx *x, bool tls)
{
	if (!in_path("python3") || access(SERVER_SCRIPT, R_OK)) {
		unit_skip(t, "needs python3 and " SERVER_SCRIPT " (run from the source tree)");
		return false;
	}
	if (tls && !in_path("openssl")) {
		unit_skip(t, "needs openssl to make a test certificate");
		return false;
	}
	/* a proxy from the environment must not stand between us and 127.0.0.1 */
	setenv("no_proxy", "127.0.0.1", 1);
	if (!fx_tree(t, x) || (tls && !make_cert(x))) {
		FAILF(t, "cannot prepare the served tree");
		fx_remove(x);
		return false;
	}
	x->tls = tls;
	spawn(x);
	if (x->pid < 0 || !wait_port(x)) {
		FAILF(t, "feedserver did not start");
		fx_remove(x);
		return false;
	}
	return true;
}

static void fx_stop(struct fx *x)
{
	if (x->pid > 0) {
		kill(x->pid, SIGTERM);
		waitpid(x->pid, NULL, 0);
	}
	fx_remove(x);
}

static int fx_get(struct fx *x, const char *path, const struct cu_fetch_cache *cache)
{
	return cu_fetch(url(x, path), x->dest, &x->o, cache, &x->r, &x->e);
}

static bool msg_ends(const struct fx *x, const char *suffix)
{
	return cu_span_ends_with(cu_span_str(x->e.msg), suffix);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static bool part_left(const struct fx *x)
{
	char part[256];

	snprintf(part, sizeof(part), "%s.part", x->dest);
	return exists(part);
}

/* The destination holds the served feed. */
static void check_feed(struct unit *t, const struct fx *x)
{
	char *got = unit_read_file(x->dest, NULL);
	char *want = unit_read_file(in_dir(x, "srv/feed.json"), NULL);

	CHECK(t, got && want && !strcmp(got, want));
	CHECK(t, !part_left(x));
	free(got);
	free(want);
}

/* The destination still holds want (NULL: does not exist); no .part. */
static void check_untouched(struct unit *t, const struct fx *x, const char *want)
{
	char *got = unit_read_file(x->dest, NULL);

	CHECK_STR(t, got, want);
	CHECK(t, !part_left(x));
	free(got);
}

static void test_fresh(struct unit *t)
{
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), 0);
	CHECK_INT(t, x.r.status, 200);
	CHECK_INT(t, x.r.attempts, 1);
	CHECK(t, !x.r.not_modified);
	CHECK_INT(t, x.r.bytes, x.feed_len);
	CHECK_STR(t, x.r.sha256, x.feed_digest);
	CHECK(t, x.r.etag[0] == '"' && strlen(x.r.etag) == 18);
	CHECK(t, cu_span_ends_with(cu_span_str(x.r.last_modified), " GMT"));
	check_feed(t, &x);
	fx_stop(&x);
}

static void test_not_modified(struct unit *t)
{
	struct cu_fetch_cache c = { 0 };
	struct cu_fetch_result first;
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), 0);
	first = x.r;
	CHECK(t, write_file(x.dest, "local copy", 10));
	c.etag = first.etag;
	c.last_modified = first.last_modified;
	CHECK_INT(t, fx_get(&x, "/feed.json", &c), 0);
	CHECK(t, x.r.not_modified);
	CHECK_INT(t, x.r.status, 304);
	CHECK_STR(t, x.r.etag, first.etag);
	CHECK_STR(t, x.r.last_modified, first.last_modified);
	check_untouched(t, &x, "local copy");

	c.etag = NULL;		/* If-Modified-Since alone */
	CHECK_INT(t, fx_get(&x, "/feed.json", &c), 0);
	CHECK(t, x.r.not_modified);
	check_untouched(t, &x, "local copy");

	c.etag = "\"stale\"";	/* a changed ETag wins over the date */
	CHECK_INT(t, fx_get(&x, "/feed.json", &c), 0);
	CHECK(t, !x.r.not_modified);
	CHECK_INT(t, x.r.status, 200);
	check_feed(t, &x);
	fx_stop(&x);
}

static void test_retry_5xx(struct unit *t)
{
	char want[512];
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	CHECK_INT(t, fx_get(&x, "/feed.json?fail=2", NULL), 0);
	CHECK_INT(t, x.r.attempts, 3);
	CHECK_STR(t, x.r.sha256, x.feed_digest);
	check_feed(t, &x);

	CHECK(t, write_file(x.dest, "old", 3));
	x.o.retries = 2;
	CHECK_INT(t, fx_get(&x, "/feed.json?fail=9", NULL), CU_ENET);
	CHECK_INT(t, x.r.attempts, 3);
	snprintf(want, sizeof(want), "cannot download '%s': HTTP 500 after 3 attempts",
		 url(&x, "/feed.json?fail=9"));
	CHECK_STR(t, x.e.msg, want);
	check_untouched(t, &x, "old");
	fx_stop(&x);
}

static void test_retry_after(struct unit *t)
{
	double start;
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	start = now_s();
	CHECK_INT(t, fx_get(&x, "/feed.json?throttle=1", NULL), 0);
	CHECK_INT(t, x.r.attempts, 2);
	CHECK_INT(t, x.r.status, 200);
	CHECK(t, now_s() - start >= 0.9);	/* Retry-After: 1, not the 10 ms */
	check_feed(t, &x);
	fx_stop(&x);
}

static void test_truncated(struct unit *t)
{
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	x.o.retries = 1;
	CHECK(t, write_file(x.dest, "old", 3));
	CHECK_INT(t, fx_get(&x, "/feed.json?truncate=1", NULL), CU_ENET);
	CHECK_INT(t, x.r.attempts, 2);
	CHECK(t, msg_ends(&x, ": transfer truncated after 2 attempts"));
	check_untouched(t, &x, "old");
	fx_stop(&x);
}

static void test_not_found(struct unit *t)
{
	char want[512];
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	CHECK_INT(t, fx_get(&x, "/missing.json", NULL), CU_ENOTFOUND);
	CHECK_INT(t, x.r.attempts, 1);
	CHECK_INT(t, x.r.status, 404);
	snprintf(want, sizeof(want), "cannot download '%s': HTTP 404",
		 url(&x, "/missing.json"));
	CHECK_STR(t, x.e.msg, want);
	check_untouched(t, &x, NULL);

	CHECK_INT(t, fx_get(&x, "/feed.json?status=403", NULL), CU_ENET);
	CHECK_INT(t, x.r.attempts, 1);
	CHECK(t, msg_ends(&x, ": HTTP 403"));
	check_untouched(t, &x, NULL);
	fx_stop(&x);
}

static void test_redirect(struct unit *t)
{
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	CHECK_INT(t, fx_get(&x, "/feed.json?redirect=3", NULL), 0);
	CHECK_INT(t, x.r.status, 200);
	CHECK(t, x.r.etag[0] == '"');
	check_feed(t, &x);

	unlink(x.dest);
	CHECK_INT(t, fx_get(&x, "/feed.json?redirect=6", NULL), CU_ENET);
	CHECK(t, msg_ends(&x, ": too many redirects"));
	CHECK_INT(t, x.r.attempts, 1);
	check_untouched(t, &x, NULL);

	/* a server cannot send us to the local disk */
	CHECK_INT(t, fx_get(&x, "/feed.json?to=file:///etc/passwd", NULL), CU_EUNSAFE);
	CHECK(t, msg_ends(&x, ": refused redirect to 'file:///etc/passwd'"));
	CHECK_INT(t, x.r.attempts, 1);
	check_untouched(t, &x, NULL);
	fx_stop(&x);
}

/* A credential header: sent, never across a redirect, never to a file. */
static void test_secret_header(struct unit *t)
{
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	CHECK_INT(t, fx_get(&x, "/feed.json?require=apiKey:s3cret", NULL), CU_ENET);
	CHECK(t, msg_ends(&x, ": HTTP 401"));
	x.o.secret_header = "apiKey: s3cret";
	unlink(x.dest);
	CHECK_INT(t, fx_get(&x, "/feed.json?require=apiKey:s3cret", NULL), 0);
	check_feed(t, &x);
	unlink(x.dest);
	CHECK_INT(t, fx_get(&x, "/feed.json?redirect=1", NULL), CU_ENET);
	CHECK(t, msg_ends(&x, ": HTTP 302: a redirect, not followed with a credential"));
	CHECK_INT(t, x.r.attempts, 1);
	check_untouched(t, &x, NULL);
	x.o.secret_header = "apiKey: s3cret\r\nX-Injected: 1";
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), CU_EUSAGE);
	x.o.secret_header = "no colon";
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), CU_EUSAGE);
	fx_stop(&x);
}

static void test_max_bytes(struct unit *t)
{
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	x.o.max_bytes = 1000;
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), CU_ETOOBIG);
	CHECK(t, msg_ends(&x, ": larger than 1000 bytes"));
	CHECK_INT(t, x.r.attempts, 1);
	check_untouched(t, &x, NULL);

	x.o.max_bytes = x.feed_len / 2;	/* small on the wire, too big decoded */
	CHECK_INT(t, fx_get(&x, "/feed.json?gzip=1", NULL), CU_ETOOBIG);
	check_untouched(t, &x, NULL);

	x.o.max_bytes = x.feed_len;	/* exactly the cap is fine */
	CHECK_INT(t, fx_get(&x, "/feed.json?gzip=1", NULL), 0);
	check_feed(t, &x);
	fx_stop(&x);
}

static void test_stall(struct unit *t)
{
	double start;
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	x.o.stall_timeout_s = 1;
	x.o.retries = 0;
	start = now_s();
	CHECK_INT(t, fx_get(&x, "/feed.json?stall=8", NULL), CU_ENET);
	CHECK(t, now_s() - start < 4);
	CHECK(t, msg_ends(&x, ": transfer stalled"));
	check_untouched(t, &x, NULL);
	fx_stop(&x);
}

static void test_gzip(struct unit *t)
{
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	CHECK_INT(t, fx_get(&x, "/feed.json?gzip=1", NULL), 0);
	CHECK_INT(t, x.r.bytes, x.feed_len);
	CHECK_STR(t, x.r.sha256, x.feed_digest);
	check_feed(t, &x);
	fx_stop(&x);
}

static void test_file_url(struct unit *t)
{
	struct cu_fetch_cache c = { 0 };
	struct cu_fetch_result first;
	struct utimbuf later;
	char src[256];
	struct fx x;

	if (!fx_tree(t, &x))
		goto out;
	snprintf(src, sizeof(src), "file://%s", in_dir(&x, "srv/feed.json"));
	CHECK_INT(t, cu_fetch(src, x.dest, &x.o, NULL, &first, &x.e), 0);
	CHECK_INT(t, first.status, 0);
	CHECK_STR(t, first.sha256, x.feed_digest);
	CHECK(t, cu_span_ends_with(cu_span_str(first.last_modified), " GMT"));
	check_feed(t, &x);

	CHECK(t, write_file(x.dest, "local copy", 10));
	c.last_modified = first.last_modified;
	CHECK_INT(t, cu_fetch(src, x.dest, &x.o, &c, &x.r, &x.e), 0);
	CHECK(t, x.r.not_modified);
	CHECK_STR(t, x.r.last_modified, first.last_modified);
	check_untouched(t, &x, "local copy");

	later.actime = later.modtime = time(NULL) + 10;
	CHECK_INT(t, utime(in_dir(&x, "srv/feed.json"), &later), 0);
	CHECK_INT(t, cu_fetch(src, x.dest, &x.o, &c, &x.r, &x.e), 0);
	CHECK(t, !x.r.not_modified);
	check_feed(t, &x);

	snprintf(src, sizeof(src), "file://%s", in_dir(&x, "srv/none.json"));
	CHECK_INT(t, cu_fetch(src, x.dest, &x.o, NULL, &x.r, &x.e), CU_ENOTFOUND);
	CHECK_INT(t, x.r.attempts, 1);
	check_feed(t, &x);
out:
	fx_remove(&x);
}

/* A port nobody listens on: bind, read the port, close. */
static int closed_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && !bind(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !getsockname(fd, (struct sockaddr *)&sa, &len))
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static void test_refused(struct unit *t)
{
	struct cu_fetch_opts o;
	struct cu_fetch_result r;
	struct cu_err e = { 0 };
	char u[128], want[256];
	int port = closed_port();

	CHECK(t, port > 0);
	fast_opts(&o);
	o.retries = 2;
	o.backoff_ms = 1;
	setenv("no_proxy", "127.0.0.1", 1);
	snprintf(u, sizeof(u), "http://user:secret@127.0.0.1:%d/feed.json", port);
	CHECK_INT(t, cu_fetch(u, "/tmp/customs-fetch-never", &o, NULL, &r, &e), CU_ENET);
	CHECK_INT(t, r.attempts, 3);
	snprintf(want, sizeof(want), "cannot download 'http://127.0.0.1:%d/feed.json': "
		 "connection refused after 3 attempts", port);
	CHECK_STR(t, e.msg, want);
	CHECK(t, !exists("/tmp/customs-fetch-never"));
}

static void test_bad_requests(struct unit *t)
{
	struct cu_fetch_opts o;
	struct cu_fetch_result r;
	struct cu_err e = { 0 };

	fast_opts(&o);
	CHECK_INT(t, cu_fetch("ftp://127.0.0.1/x", "/tmp/customs-fetch-never", &o, NULL,
			      &r, &e), CU_EUNSUPPORTED);
	CHECK_INT(t, r.attempts, 1);
	CHECK_INT(t, cu_fetch("file:///etc/hostname", "/nonexistent/dir/x", &o, NULL,
			      &r, &e), CU_EIO);
	CHECK(t, strstr(e.msg, "cannot create '/nonexistent/dir/x.part'") != NULL);
	o.retries = -1;
	CHECK_INT(t, cu_fetch("file:///etc/hostname", "/tmp/customs-fetch-never", &o,
			      NULL, &r, &e), CU_EUSAGE);
	CHECK(t, !exists("/tmp/customs-fetch-never"));
}

/* The bar goes to stderr and is wiped at the end. */
static void test_progress(struct unit *t)
{
	char *drawn = NULL;
	size_t len = 0;
	int saved, fd;
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	x.o.progress = true;
	fflush(stderr);
	saved = dup(2);
	fd = open(in_dir(&x, "stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 2);
	close(fd);
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	drawn = unit_read_file(in_dir(&x, "stderr"), &len);
	CHECK(t, drawn && len > 2 && drawn[0] == '\r' && drawn[len - 1] == '\r');
	CHECK(t, drawn && strstr(drawn, "KiB (100%)") && !strchr(drawn, '\n'));
	free(drawn);
	fx_stop(&x);
}

/* http_proxy is honoured: the server answers "GET http://host/path" too. */
static void test_proxy(struct unit *t)
{
	char proxy[64];
	struct fx x;

	if (!fx_start(t, &x, false))
		return;
	snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%d", x.port);
	setenv("http_proxy", proxy, 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	CHECK_INT(t, cu_fetch("http://feeds.example.invalid/feed.json", x.dest, &x.o,
			      NULL, &x.r, &x.e), 0);
	check_feed(t, &x);
	unsetenv("http_proxy");
	fx_stop(&x);
}

static void test_tls(struct unit *t)
{
	char to[128];
	struct fx x;

	if (!fx_start(t, &x, true))
		return;
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), CU_ENET);
	CHECK(t, msg_ends(&x, ": TLS certificate verification failed"));
	CHECK_INT(t, x.r.attempts, 1);
	check_untouched(t, &x, NULL);

	x.o.ca_file = in_dir(&x, "cert.pem");
	CHECK_INT(t, fx_get(&x, "/feed.json", NULL), 0);
	CHECK_STR(t, x.r.sha256, x.feed_digest);
	check_feed(t, &x);

	unlink(x.dest);		/* the certificate names 127.0.0.1, not localhost */
	snprintf(to, sizeof(to), "https://localhost:%d/feed.json", x.port);
	CHECK_INT(t, cu_fetch(to, x.dest, &x.o, NULL, &x.r, &x.e), CU_ENET);
	CHECK(t, msg_ends(&x, ": TLS certificate verification failed"));

	/* no downgrade from https to http through a redirect */
	snprintf(to, sizeof(to), "/feed.json?to=http://127.0.0.1:%d/feed.json", x.port);
	CHECK_INT(t, fx_get(&x, to, NULL), CU_EUNSAFE);
	check_untouched(t, &x, NULL);
	fx_stop(&x);
}

static void checksum_case(struct unit *t, const struct fx *x, const char *sums,
			  const char *name, int want)
{
	struct cu_err e = { 0 };
	const char *path = in_dir(x, "out/sums");

	CHECK(t, write_file(path, sums, strlen(sums)));
	if (!CHECK_INT(t, cu_fetch_checksum(path, name, x->feed_digest, &e), want))
		FAILF(t, "  sums '%s', name '%s': %s", sums, name ? name : "(null)",
		      e.msg);
}

static void test_checksum(struct unit *t)
{
	char good[256], upper[256], comment[256], other[256];
	const char *hex;
	struct fx x;

	if (!fx_tree(t, &x))
		goto out;
	hex = cu_digest_hex(x.feed_digest);
	snprintf(good, sizeof(good), "%s  feed.json\n%064d  other.json\n", hex, 0);
	snprintf(upper, sizeof(upper), "%s *dl/FEED.json\n", hex);
	for (char *p = upper; *p != ' '; p++)
		*p = (char)(*p >= 'a' && *p <= 'f' ? *p - 32 : *p);
	snprintf(comment, sizeof(comment), "# sha256sum\n\n%s\n", hex);
	snprintf(other, sizeof(other), "%064d  feed.json\n", 0);
	checksum_case(t, &x, good, "feed.json", 0);
	checksum_case(t, &x, good, "other.json", CU_EDIGEST);
	checksum_case(t, &x, good, "third.json", CU_ENOTFOUND);
	checksum_case(t, &x, good, NULL, CU_EUSAGE);
	checksum_case(t, &x, upper, "FEED.json", 0);
	checksum_case(t, &x, comment, NULL, 0);
	checksum_case(t, &x, hex, "anything.json", 0);
	checksum_case(t, &x, other, "feed.json", CU_EDIGEST);
	checksum_case(t, &x, "<html>not found</html>\n", "feed.json", CU_EFORMAT);
	checksum_case(t, &x, "", NULL, CU_EFORMAT);
out:
	fx_remove(&x);
}

const struct unit_test fetch_tests[] = {
	{ "fetch/fresh", test_fresh },
	{ "fetch/not-modified", test_not_modified },
	{ "fetch/retry-5xx", test_retry_5xx },
	{ "fetch/retry-after", test_retry_after },
	{ "fetch/truncated", test_truncated },
	{ "fetch/not-found", test_not_found },
	{ "fetch/redirect", test_redirect },
	{ "fetch/secret-header", test_secret_header },
	{ "fetch/max-bytes", test_max_bytes },
	{ "fetch/stall", test_stall },
	{ "fetch/gzip", test_gzip },
	{ "fetch/file-url", test_file_url },
	{ "fetch/refused", test_refused },
	{ "fetch/bad-requests", test_bad_requests },
	{ "fetch/progress", test_progress },
	{ "fetch/proxy", test_proxy },
	{ "fetch/tls", test_tls },
	{ "fetch/checksum", test_checksum },
	{ NULL, NULL },
};
