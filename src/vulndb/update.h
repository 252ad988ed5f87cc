/*
 * update.h - `customs db update`: download the feeds and build a new
 * database aside, then swap it in atomically.
 *
 * The previous database is copied to DB.new, every selected feed is fetched
 * conditionally (ETag / Last-Modified from the last update) and re-imported
 * into the copy when it changed, and the copy replaces DB with rename(2)
 * only when no feed failed. A feed the server does not have (404) is
 * reported and skipped, keeping what the database had for it.
 */
#ifndef CU_UPDATE_H
#define CU_UPDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "fetch.h"

enum cu_feed_outcome {
	CU_FEED_UPDATED,
	CU_FEED_UNCHANGED,	/* 304 Not Modified */
	CU_FEED_MISSING,	/* 404: not on the server (mirror) */
	CU_FEED_FAILED,
};

struct cu_feed_report {
	char name[96];
	char url[512];
	enum cu_feed_outcome outcome;
	int64_t records;	/* after the update */
	uint64_t bytes;		/* downloaded */
	char message[512];	/* why it failed or is missing */
	bool net;		/* it failed on the network (not on content) */
};

struct cu_update_opts {
	const char *db_path;
	const char *mirror;		/* --db-repository URL, or NULL for upstream */
	const char *only;		/* --sources list, or NULL for all */
	const char *downloads;		/* directory for downloads; default DB dir */
	struct cu_fetch_opts fetch;
	bool expect_all;		/* count a 404 as a failure */
	/*
	 * An NVD API key (the CLI takes $NVD_API_KEY): sent as the "apiKey"
	 * header to the NVD only, never to a mirror, and the pages come at the
	 * keyed rate (50 requests in 30 s instead of 5).
	 */
	const char *nvd_api_key;
};

struct cu_update_result {
	struct cu_feed_report *feeds;	/* malloc'd, nfeeds entries */
	size_t nfeeds;
	size_t updated, unchanged, missing, failed;
};

/*
 * Run the update. 0 when the new database was swapped in (or nothing
 * changed); CU_ENET/CU_EFORMAT/... when a feed failed (err names it) and
 * the previous database was kept. Progress on stderr only if
 * opts->fetch.progress.
 */
int cu_db_update(const struct cu_update_opts *opts, struct cu_update_result *res,
		 struct cu_err *err);
void cu_update_result_release(struct cu_update_result *res);

#endif
