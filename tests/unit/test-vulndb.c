/*
 * test-vulndb.c - the database, its importers (Debian tracker JSON, OSV
 * records, directories and export zips), atomic and repeatable imports.
 */
#include <unistd.h>

#include "common.h"
#include "json.h"
#include "unit.h"
#include "vulndb/db.h"
#include "vulndb/ecosystem.h"
#include "vulndb/import.h"

static char *tmp_db(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/customs-unit-%d-%ld.sqlite", (int)getpid(), random());
	unlink(buf);
	return buf;
}

static long long count(struct cu_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *one(struct cu_db *db, const char *sql, char *buf, size_t len)
{
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static void test_tracker_import(struct unit *t)
{
	const char *paths[] = { unit_data_path("feeds/tracker.json") };
	struct cu_import_result res[1];
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char path[256], v[256];

	CHECK_INT(t, cu_db_open(tmp_db(path, sizeof(path)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(t, cu_db_import(db, paths, 1, res, &err), 0);
	CHECK_STR(t, res[0].source, "debian-tracker");
	CHECK_INT(t, res[0].records, 11);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected WHERE release = 'bookworm'"), 10);
	CHECK_STR(t, one(db, "SELECT status FROM affected WHERE vuln_id = 'CVE-2024-90003'", v, sizeof(v)), "not_affected");
	CHECK_STR(t, one(db, "SELECT status FROM affected WHERE vuln_id = 'CVE-2024-90002'", v, sizeof(v)), "unimportant");
	CHECK_STR(t, one(db, "SELECT status || ' ' || severity FROM affected WHERE vuln_id = 'CVE-2023-45853'", v, sizeof(v)), "wont_fix LOW");
	CHECK_STR(t, one(db, "SELECT status FROM affected WHERE vuln_id LIKE 'TEMP-%'", v, sizeof(v)), "undetermined");
	CHECK_STR(t, one(db, "SELECT fixed || ' ' || severity FROM affected WHERE vuln_id = 'CVE-2023-5678'", v, sizeof(v)), "3.0.11-1~deb12u2 MEDIUM");
	/* importing the same feed again gives the same database */
	CHECK_INT(t, cu_db_import(db, paths, 1, res, &err), 0);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected"), 11);
	CHECK_INT(t, count(db, "SELECT count(*) FROM sources"), 1);
	cu_db_close(db);
	unlink(path);
}

static void test_osv_import(struct unit *t)
{
	const char *paths[] = { unit_data_path("feeds/osv-debian") };
	struct cu_import_result res[1];
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char path[256], v[256];

	CHECK_INT(t, cu_db_open(tmp_db(path, sizeof(path)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(t, cu_db_import(db, paths, 1, res, &err), 0);
	CHECK_STR(t, res[0].source, "osv/osv-debian");
	CHECK_INT(t, res[0].records, 1);
	CHECK_INT(t, res[0].skipped, 1);
	CHECK(t, strstr(res[0].first_problem, "broken-record.json") != NULL);
	CHECK_STR(t, one(db, "SELECT ecosystem || '/' || release || '/' || package FROM affected", v, sizeof(v)),
		  "debian/bookworm/openssl");
	CHECK_INT(t, count(db, "SELECT count(*) FROM aliases WHERE id = 'DSA-5532-1'"), 2);
	CHECK_STR(t, one(db, "SELECT severity || ' ' || cvss_score FROM vulns WHERE id = 'DSA-5532-1'", v, sizeof(v)),
		  "MEDIUM 5.3");
	cu_db_close(db);
	unlink(path);
}

/* One bad path in an import leaves the database exactly as it was. */
static void test_import_atomic(struct unit *t)
{
	const char *good[] = { unit_data_path("feeds/tracker.json") };
	const char *mixed[] = { unit_data_path("feeds/osv-debian"), "/nonexistent/feed.json" };
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char path[256];

	CHECK_INT(t, cu_db_open(tmp_db(path, sizeof(path)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(t, cu_db_import(db, good, 1, NULL, &err), 0);
	cu_err_clear(&err);
	CHECK(t, cu_db_import(db, mixed, 2, NULL, &err) != 0);
	CHECK(t, strstr(cu_err_message(&err), "/nonexistent/feed.json") != NULL);
	CHECK_INT(t, count(db, "SELECT count(*) FROM sources"), 1);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected"), 11);
	cu_db_close(db);
	unlink(path);
}

static void test_schema_version(struct unit *t)
{
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char path[256];

	CHECK_INT(t, cu_db_open(tmp_db(path, sizeof(path)), CU_DB_READ, &db, &err), CU_ENODB);
	CHECK_INT(t, cu_db_open(path, CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	sqlite3_exec(db->sql, "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
		     NULL, NULL, NULL);
	cu_db_close(db);
	db = NULL;
	cu_err_clear(&err);
	CHECK_INT(t, cu_db_open(path, CU_DB_READ, &db, &err), CU_EDB);
	CHECK(t, strstr(cu_err_message(&err), "schema 99") != NULL);
	cu_db_close(db);
	unlink(path);
}

static int collect(void *ctx, const char *key, struct cu_span value)
{
	struct cu_buf *b = ctx;

	cu_buf_addf(b, "%s=%.*s;", key, (int)value.len, value.ptr);
	return 0;
}

static void test_json_members(struct unit *t)
{
	static const struct {
		const char *in;
		int rc;
		const char *out;
	} cases[] = {
		{ "{\"a\": {\"x\": [1, \"}\"]}, \"b\\u0041\":\"q\\\"}\" ,\"c\":true}", 0,
		  "a={\"x\": [1, \"}\"]};bA=\"q\\\"}\";c=true;" },
		{ " {} ", 0, "" },
		{ "[1]", CU_EFORMAT, "" },
		{ "{\"a\": {\"x\": 1}", CU_EFORMAT, "a={\"x\": 1};" },
		{ "{\"a\" 1}", CU_EFORMAT, "" },
		{ "{\"a\": 1} trailing", CU_EFORMAT, "a=1;" },
		{ "{\"a\": \"unterminated}", CU_EFORMAT, "" },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_buf b = CU_BUF_INIT;
		struct cu_err err = { 0 };
		int rc = cu_json_each_member(cu_span_str(cases[i].in), "test", collect, &b, &err);

		if (!CHECK(t, rc == cases[i].rc && strcmp(cu_buf_str(&b), cases[i].out) == 0))
			FAILF(t, "case %zu: %s -> rc %d, '%s'", i, cases[i].in, rc, cu_buf_str(&b));
		cu_buf_release(&b);
	}
}

static void test_shared_feeds(struct unit *t)
{
	const char *tracker = unit_shared_path(t, "feeds/mirror/security-tracker.debian.org/tracker/data/json");
	const char *pypi = unit_shared_path(t, "feeds/mirror/osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip");
	const char *paths[2] = { tracker, pypi };
	struct cu_import_result res[2];
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char path[256];

	if (!tracker || !pypi)
		return;
	CHECK_INT(t, cu_db_open(tmp_db(path, sizeof(path)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(t, cu_db_import(db, paths, 2, res, &err), 0);
	CHECK_INT(t, res[0].records, 5525);	/* PROVENANCE.md: 5,525 pairs */
	CHECK_INT(t, res[0].skipped, 0);
	CHECK(t, res[1].records > 6500);
	CHECK_INT(t, res[1].skipped, 0);
	CHECK_STR(t, res[1].source, "osv/PyPI");
	cu_db_close(db);
	unlink(path);
}

static void test_ecosystems(struct unit *t)
{
	static const char *const cases[][3] = {
		{ "Debian:12", "debian", "bookworm" },
		{ "Debian:13", "debian", "trixie" },
		{ "Ubuntu:22.04:LTS", "ubuntu", "22.04" },
		{ "Ubuntu:Pro:16.04:LTS", "ubuntu", "pro/16.04" },
		{ "Alpine:v3.18", "alpine", "3.18" },
		{ "Red Hat:enterprise_linux:9::appstream", "redhat", "9" },
		{ "Rocky Linux:9", "rocky", "9" },
		{ "AlmaLinux:8", "almalinux", "8" },
		{ "PyPI", "pypi", "" },
		{ "crates.io", "cargo", "" },
		{ "Go", "golang", "" },
		{ "Packagist", "composer", "" },
		{ "SUSE:Linux Enterprise Server 15 SP5", "suse", "15.5" },
		{ "SUSE:Linux Enterprise Module for Basesystem 15 SP5", "suse", "15.5" },
		{ "SUSE:Linux Enterprise Server for SAP Applications 12 SP5", "suse", "12.5" },
		{ "SUSE:Linux Enterprise Module for Basesystem 15", "suse", "15" },
		{ "SUSE:Linux Enterprise Micro 5.5", "suse", "5.5" },
		{ "openSUSE:Leap 15.5", "opensuse", "15.5" },
		{ "openSUSE:Leap Micro 5.5", "opensuse", "5.5" },
		{ "openSUSE:Tumbleweed", "opensuse", "tumbleweed" },
		{ "Photon OS:5.0", "photon", "5.0" },
		{ "Mageia:9", "mageia", "9" },
		{ "Azure Linux:3", "azurelinux", "3" },
		{ "Rocky Linux:9.3", "rocky", "9" },
		{ "openEuler:22.03-LTS-SP1", "openeuler", "22.03-LTS-SP1" },
		{ "MinimOS", "minimos", "" },
		{ "Alpaquita:23", "alpaquita", "23" },
		{ "Alpaquita:stream", "alpaquita", "stream" },
		{ "Kubernetes", "golang", "" },
	};
	char eco[32], rel[64];

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		CHECK_INT(t, cu_ecosystem_from_osv(cu_span_str(cases[i][0]), eco, sizeof(eco),
						   rel, sizeof(rel)), 0);
		CHECK_STR(t, eco, cases[i][1]);
		CHECK_STR(t, rel, cases[i][2]);
	}
	CHECK_INT(t, cu_ecosystem_from_osv(cu_span_str("Android"), eco, sizeof(eco), rel,
					   sizeof(rel)), CU_EUNSUPPORTED);
}

/* Ubuntu OSV: per-release rows, Pro kept apart, the Ubuntu priority as severity */
static void test_ubuntu_osv(struct unit *t)
{
	const char *dir = unit_shared_path(t, "feeds/samples/vunnel-fixtures/ubuntu/test-fixtures/osv/cve");
	const char *paths[1] = { dir };
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char path[256], v[256];

	if (!dir)
		return;
	CHECK_INT(t, cu_db_open(tmp_db(path, sizeof(path)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(t, cu_db_import(db, paths, 1, NULL, &err), 0);
	CHECK_STR(t, one(db, "SELECT release || ' ' || fixed || ' ' || severity FROM affected "
			 "WHERE vuln_id = 'UBUNTU-CVE-2021-3782' AND release = '18.04'", v, sizeof(v)),
		  "18.04 1.16.0-1ubuntu1.1~18.04.4 MEDIUM");
	CHECK(t, count(db, "SELECT count(*) FROM affected WHERE release = 'pro/16.04'") > 0);
	CHECK(t, count(db, "SELECT count(*) FROM aliases WHERE id = 'UBUNTU-CVE-2021-3782' "
			   "AND alias = 'CVE-2021-3782'") == 1);
	cu_db_close(db);
	unlink(path);
}

const struct unit_test vulndb_tests[] = {
	{ "vulndb/ecosystems", test_ecosystems },
	{ "vulndb/ubuntu-osv", test_ubuntu_osv },
	{ "vulndb/json-members", test_json_members },
	{ "vulndb/tracker-import", test_tracker_import },
	{ "vulndb/osv-import", test_osv_import },
	{ "vulndb/import-atomic", test_import_atomic },
	{ "vulndb/schema-version", test_schema_version },
	{ "vulndb/shared-feeds", test_shared_feeds },
	{ NULL, NULL },
};
