/*
 * feeds.h - the upstream feeds `customs db update` knows, with their real
 * addresses. A mirror (--db-repository URL) holds each at
 * URL/<host>/<path>, so `wget -x` of the upstream files makes one.
 */
#ifndef CU_FEEDS_H
#define CU_FEEDS_H

#include <stdbool.h>
#include <stddef.h>

enum cu_feed_kind {
	CU_FEED_FILE,	/* one document, imported whole */
	CU_FEED_NVD,	/* the NVD CVE API 2.0, paged and incremental */
};

struct cu_feed {
	char name[96];		/* source name in the database: "osv/PyPI" */
	const char *group;	/* for --sources: "osv", "debian", "alpine", "nvd", "kev", "epss" */
	const char *host;	/* "osv-vulnerabilities.storage.googleapis.com" */
	char path[160];		/* "/PyPI/all.zip" (URL-encoded) */
	enum cu_feed_kind kind;
	bool expected_missing;	/* a 404 is normal (Alpine branches that are not out yet) */
};

/*
 * Fill out[] with the default feeds (at most cap); returns how many. When
 * only is non-NULL, keep feeds whose name or group is in the comma list.
 */
size_t cu_feeds_default(struct cu_feed *out, size_t cap, const char *only);

/* The URL of a feed, upstream or under a mirror base URL. */
void cu_feed_url(const struct cu_feed *f, const char *mirror, char *out, size_t len);

#endif
