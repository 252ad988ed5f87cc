/*
 * cmd-vercmp.c - `customs vercmp SCHEME A B`: order two versions the way
 * the ecosystem's own tool does; with no versions, read "SCHEME A B" lines
 * from stdin and answer each with a line.
 */
#include <stdio.h>

#include "cli.h"
#include "common.h"
#include "version/version.h"

static const char usage_text[] =
	"usage: customs vercmp SCHEME A B\n"
	"       customs vercmp < lines of 'SCHEME A B'\n\n"
	"Prints '<', '=' or '>' as A is older than, the same as, or newer than B.\n"
	"SCHEME is a purl type: deb rpm apk pypi npm maven golang gem nuget composer cargo.\n"
	"An invalid version is an error (exit 2); in bulk mode the line says 'error: ...'.\n";

static int compare(const char *scheme, const char *a, const char *b,
		   char *out, size_t outlen)
{
	const struct cu_version_scheme *s = cu_version_scheme_find(scheme);
	int c = 0;

	if (!s) {
		snprintf(out, outlen, "error: unknown scheme '%s'", scheme);
		return -1;
	}
	if (s->compare(cu_span_str(a), cu_span_str(b), &c)) {
		snprintf(out, outlen, "error: invalid %s version in '%s' '%s'", scheme, a, b);
		return -1;
	}
	snprintf(out, outlen, "%s", c < 0 ? "<" : c > 0 ? ">" : "=");
	return 0;
}

static int bulk(void)
{
	char *line = NULL, out[1024];
	size_t cap = 0;
	ssize_t n;
	int failures = 0;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		char *f[3] = { NULL }, *p = line, *save = NULL;
		int k = 0;

		line[strcspn(line, "\r\n")] = '\0';
		for (char *tok = strtok_r(p, " \t", &save); tok && k < 3;
		     tok = strtok_r(NULL, " \t", &save))
			f[k++] = tok;
		if (k == 0)
			continue;
		if (k < 3) {
			puts("error: want 'SCHEME A B'");
			failures++;
			continue;
		}
		if (compare(f[0], f[1], f[2], out, sizeof(out)))
			failures++;
		puts(out);
	}
	free(line);
	return failures ? CU_EXIT_USAGE : CU_EXIT_OK;
}

int cmd_vercmp(int argc, char **argv)
{
	char out[1024];

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return CU_EXIT_OK;
	}
	if (argc == 1)
		return bulk();
	if (argc != 4) {
		fputs(usage_text, stderr);
		return CU_EXIT_USAGE;
	}
	if (compare(argv[1], argv[2], argv[3], out, sizeof(out))) {
		cu_cli_error("%s", out + 7);
		return CU_EXIT_USAGE;
	}
	puts(out);
	return CU_EXIT_OK;
}
