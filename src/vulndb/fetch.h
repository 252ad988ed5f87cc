/*
 * fetch.h - downloading vulnerability feeds to files (libcurl).
 *
 * One call downloads one URL to one file, atomically: the body streams into
 * "DEST.part" while it is hashed (sha256) and size-capped, and only a complete
 * body is renamed over DEST. Conditional requests (RFC 9110 section 13:
 * If-None-Match / If-Modified-Since) let `customs db update` skip feeds that
 * did not change; file:// URLs (mirrors on disk) use the file's mtime.
 *
 * Transport policy, not configurable on purpose:
 *  - http, https and file URLs only; redirects (at most 5) only to http(s),
 *    and never from https down to http;
 *  - TLS peer and host name verification always on; ca_file replaces the
 *    system CA bundle (for tests with a private CA), it cannot turn checks off;
 *  - proxies come from the environment as libcurl reads them (http_proxy -
 *    lowercase only -, https_proxy / HTTPS_PROXY, all_proxy, no_proxy);
 *    nothing here sets or disables a proxy;
 *  - gzip / deflate (and whatever libcurl decodes) Content-Encoding is
 *    decoded transparently: the file, its digest and max_bytes are about the
 *    decoded body.
 *
 * Library code: nothing is printed except the optional progress bar, which
 * the caller asks for (opts.progress) only when stderr is a terminal.
 */
#ifndef CU_FETCH_H
#define CU_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "err.h"

#define CU_FETCH_MAX_REDIRECTS	5
#define CU_FETCH_MAX_WAIT_MS	60000	/* longest wait between attempts */
#define CU_FETCH_DEFAULT_MAX_BYTES (4 * CU_GiB)

struct cu_fetch_opts {
	long connect_timeout_s;	/* default 30; 0 is libcurl's (300) */
	long stall_timeout_s;	/* abort after this long without a byte; default 60 */
	int retries;		/* on 408/429/5xx and transient network errors; default 4 */
	long backoff_ms;	/* first wait, doubled each retry; default 1000 */
	uint64_t max_bytes;	/* cap on the (decoded) body; default 4 GiB */
	bool progress;		/* draw a progress bar on stderr */
	const char *user_agent;	/* default "customs"; the CLI sends "customs/VERSION" */
	const char *ca_file;	/* CA bundle used instead of the system one */
	/*
	 * A credential header ("apiKey: ..."), or NULL. It goes to the URL's
	 * own host only: with it, redirects are not followed (a 3xx fails).
	 * Never with file:// URLs.
	 */
	const char *secret_header;
};

/* Validators from the previous fetch of the same URL; either may be NULL/"". */
struct cu_fetch_cache {
	const char *etag;
	const char *last_modified;
};

struct cu_fetch_result {
	long status;		/* final HTTP status; 0 for file:// */
	bool not_modified;	/* the cache validators matched: dest untouched */
	char etag[256];		/* validators of this response ("" if none, or */
	char last_modified[128];/* too long to keep); for file://, the mtime */
	char sha256[72];	/* "sha256:hex" of the body */
	uint64_t bytes;		/* body size */
	int attempts;
};

/* Defaults as documented in struct cu_fetch_opts. */
void cu_fetch_opts_init(struct cu_fetch_opts *o);

/*
 * Initialise libcurl's global state (curl_global_init), once per process;
 * cu_fetch calls it itself, thread-safely. This and libcurl's own globals
 * are the only process-wide state of this module. Returns CU_ENET when
 * libcurl cannot start.
 */
int cu_fetch_global_init(void);

/*
 * Release libcurl's global state at process exit (after every fetch is
 * done); cu_fetch must not be called afterwards.
 */
void cu_fetch_global_cleanup(void);

/*
 * Download url to the file dest_path. The body goes to "dest_path.part",
 * which is renamed to dest_path once complete; on any failure dest_path is
 * unchanged and the .part file removed. When cache holds validators the
 * request is conditional, and an unchanged resource leaves dest_path alone
 * with res->not_modified set. opts may be NULL (defaults), cache may be NULL;
 * res receives the outcome of the last attempt even on failure.
 *
 * stall_timeout_s counts from the start of an attempt until the first byte
 * and then between bytes (0 turns it off). It is checked here rather than
 * with CURLOPT_LOW_SPEED_*, whose five-second moving average would let a
 * burst followed by silence run on for longer than asked.
 *
 * 408, 429 and 5xx responses and transient network failures (refused,
 * reset, timed out, truncated body, DNS failure) are retried opts->retries
 * times, waiting backoff_ms, then twice that, ... or what Retry-After asks
 * if longer, never more than CU_FETCH_MAX_WAIT_MS. Errors: CU_ENOTFOUND
 * (HTTP 404/410, missing file), CU_ETOOBIG (body over max_bytes), CU_EIO
 * (cannot write the destination), CU_EUSAGE (bad URL or options),
 * CU_EUNSUPPORTED (scheme), CU_EUNSAFE (a redirect to file:// or from https
 * to http), CU_ENET (everything else); err reads
 * "cannot download 'URL': HTTP 503 after 5 attempts".
 */
int cu_fetch(const char *url, const char *dest_path,
	     const struct cu_fetch_opts *opts, const struct cu_fetch_cache *cache,
	     struct cu_fetch_result *res, struct cu_err *err);

/*
 * Check digest ("sha256:hex", e.g. cu_fetch_result.sha256) against the
 * checksum file sums_path: sha256sum output ("HEX  NAME" lines, '*' before
 * NAME allowed, '#' comments) or a bare "HEX" (the ".sha256" companion
 * files some feeds publish). name picks the line (a listed "dir/NAME"
 * matches too, a line without a name matches any); NULL requires a file
 * with a single entry. CU_EDIGEST on mismatch, CU_ENOTFOUND when name is not
 * listed, CU_EFORMAT when the file is not a checksum file, CU_EUSAGE when
 * name is NULL and several files are listed.
 */
int cu_fetch_checksum(const char *sums_path, const char *name,
		      const char *digest, struct cu_err *err);

#endif
