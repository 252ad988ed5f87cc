/*
 * cmd-cvss.c - `customs cvss VECTOR...`: version, score and severity.
 */
#include <stdio.h>

#include "cli.h"
#include "common.h"
#include "vulndb/cvss.h"

int cmd_cvss(int argc, char **argv)
{
	int ex = CU_EXIT_OK;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs("usage: customs cvss VECTOR...\n"
		      "Prints 'VERSION SCORE SEVERITY VECTOR' for each CVSS v2, v3.0, v3.1 or v4.0\n"
		      "vector (base score; for v4 the score of all metrics given).\n",
		      argc < 2 ? stderr : stdout);
		return argc < 2 ? CU_EXIT_USAGE : CU_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		struct cu_cvss c;
		double score;

		if (cu_cvss_parse(cu_span_str(argv[i]), &c)) {
			cu_cli_error("invalid CVSS vector '%s'", argv[i]);
			ex = CU_EXIT_USAGE;
			continue;
		}
		score = c.version == CU_CVSS_V40 ? c.score : c.base;
		printf("%s %.1f %s %s\n", cu_cvss_version_name(c.version), score,
		       cu_cvss_severity(c.version, score), argv[i]);
	}
	return ex;
}
