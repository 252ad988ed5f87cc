/*
 * cmd-version.c - `customs version`.
 */
#include <archive.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <stdio.h>
#include <zstd.h>

#include "cli.h"
#include "report/report.h"
#include "vulndb/db.h"

int cmd_version(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs("usage: customs version\n", stdout);
		return CU_EXIT_OK;
	}
	printf("customs %s\n", CU_VERSION);
	printf("database schema %d, report schema %s\n", CU_DB_SCHEMA_VERSION,
	       CU_REPORT_SCHEMA);
	printf("sqlite %s, %s, zstd %s, jansson %s, %s, libcurl %s\n",
	       sqlite3_libversion(), archive_version_string(), ZSTD_versionString(),
	       jansson_version_str(), OpenSSL_version(OPENSSL_VERSION),
	       curl_version_info(CURLVERSION_NOW)->version);
	return CU_EXIT_OK;
}
