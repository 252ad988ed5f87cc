/*
 * cmd-vex.c - `customs vex`: the exceptions file as an OpenVEX document,
 * for tools that read VEX rather than customs' exceptions.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "common.h"
#include "policy/exceptions.h"

static const char usage_text[] =
	"usage: customs vex [--exceptions FILE] [--author NAME] [-o FILE]\n\n"
	"Writes the exceptions that have not expired as an OpenVEX 0.2.0 document:\n"
	"not_affected / false_positive exceptions as not_affected statements (with\n"
	"their justification), accepted risks as affected statements with an action\n"
	"statement naming the owner, the reason and the expiry.\n\n"
	"  --exceptions FILE  the exceptions file (default .customs.yaml)\n"
	"  --author NAME      the document's author (default \"customs\")\n"
	"  -o, --output FILE  write to FILE instead of stdout\n";

static const struct option longopts[] = {
	{ "exceptions", required_argument, NULL, 'e' },
	{ "author", required_argument, NULL, 'a' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_vex(int argc, char **argv)
{
	const char *path = ".customs.yaml", *author = NULL, *output = NULL;
	struct cu_exceptions ex;
	struct cu_buf doc = CU_BUF_INIT;
	struct cu_err err = { 0 };
	int c, rc, exit_code = CU_EXIT_OK;
	FILE *out;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': path = optarg; break;
		case 'a': author = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage_text, stdout); return CU_EXIT_OK;
		default:
			cu_cli_error("unknown option '%s' (see 'customs vex --help')", argv[optind - 1]);
			return CU_EXIT_USAGE;
		}
	}
	cu_exceptions_init(&ex);
	rc = cu_exceptions_load(&ex, path, &err);
	if (!rc)
		rc = cu_exceptions_to_openvex(&ex, author, &doc, &err);
	if (rc) {
		cu_cli_error("%s", cu_err_message(&err));
		exit_code = CU_EXIT_USAGE;
		goto out;
	}
	out = output ? fopen(output, "w") : stdout;
	if (!out || fputs(cu_buf_str(&doc), out) == EOF || (output && fclose(out) != 0)) {
		cu_cli_error("cannot write '%s'", output ? output : "stdout");
		exit_code = CU_EXIT_RUNTIME;
	}
out:
	cu_buf_release(&doc);
	cu_exceptions_release(&ex);
	return exit_code;
}
