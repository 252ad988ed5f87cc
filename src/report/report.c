/*
 * report.c - the reporter table and helpers shared by formats.
 */
#include "common.h"
#include "report.h"

static const struct cu_reporter_ops *const reporters[] = {
	&cu_reporter_table,
	&cu_reporter_json,
	&cu_reporter_sarif,
	&cu_reporter_junit,
	&cu_reporter_markdown,
	&cu_reporter_template,
	&cu_reporter_cyclonedx,
	&cu_reporter_cyclonedx15,
	&cu_reporter_spdx,
};

const struct cu_reporter_ops *cu_reporter_find(const char *name)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(reporters); i++)
		if (strcmp(reporters[i]->name, name) == 0)
			return reporters[i];
	return NULL;
}

void cu_report_summary(const struct cu_gate *g, char *out, size_t len)
{
	snprintf(out, len, "CRITICAL:%zu HIGH:%zu MEDIUM:%zu LOW:%zu UNKNOWN:%zu",
		 g->counts[CU_SEV_CRITICAL], g->counts[CU_SEV_HIGH],
		 g->counts[CU_SEV_MEDIUM],
		 g->counts[CU_SEV_LOW] + g->counts[CU_SEV_NEGLIGIBLE],
		 g->counts[CU_SEV_UNKNOWN]);
}

const char *cu_report_instruction(const char *created_by, char *buf, size_t len)
{
	const char *s = created_by ? created_by : "";
	size_t n;

	if (strncmp(s, "/bin/sh -c #(nop) ", 18) == 0)
		s += 18;
	else if (strncmp(s, "/bin/sh -c ", 11) == 0)
		s += 11;
	while (*s == ' ')
		s++;
	n = strcspn(s, "\n");
	snprintf(buf, len, "%.*s", (int)n, s);
	return buf;
}
