/*
 * fuzz-report.c - reading saved JSON reports back (diff, trend, baselines):
 * the input is a report file.
 */
#include "common.h"
#include "report/report-read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_snapshot s;
	struct cu_err err = { 0 };
	size_t counts[CU_SEV_CRITICAL + 1];

	cu_snapshot_init(&s);
	if (cu_snapshot_parse(cu_span_make(data, size), "fuzz", &s, &err) == 0) {
		cu_snapshot_filter(&s, 0, true);
		cu_snapshot_counts(&s, counts);
	}
	cu_snapshot_release(&s);
	return 0;
}
