/*
 * fuzz-feed.c - advisory feed parsing: one OSV record into an in-memory
 * database, and the streaming top-level object scanner used for the Debian
 * security tracker JSON.
 */
#include "common.h"
#include "json.h"
#include "vulndb/import.h"

static int count(void *ctx, const char *key, struct cu_span value)
{
	(void)key;
	(void)value;
	++*(int *)ctx;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_span s = cu_span_make(data, size);
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	struct cu_dbw w;
	int n = 0;

	cu_json_each_member(s, "fuzz", count, &n, &err);
	if (cu_db_open(":memory:", CU_DB_WRITE, &db, &err))
		return 0;
	if (cu_dbw_begin(&w, db, &err) == 0 &&
	    cu_dbw_source(&w, "fuzz", "osv", NULL, NULL, &err) == 0)
		cu_osv_import_record(&w, s, &err);
	cu_dbw_release(&w);
	cu_db_close(db);
	return 0;
}
