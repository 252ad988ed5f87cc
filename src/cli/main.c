/*
 * main.c - customs: find what must not travel in a container image.
 *
 *   customs image [options] REF     scan an image (also: customs REF,
 *                                   customs -i REF)
 *   customs db import|status ...    the vulnerability database
 *   customs vercmp SCHEME A B       compare versions like the native tools
 *   customs cvss VECTOR...          score CVSS vectors
 *   customs version
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "common.h"
#include "vulndb/db.h"

static const struct cu_command commands[] = {
	{ "image", cmd_image, "scan a container image for vulnerable packages" },
	{ "db", cmd_db, "import feeds into and inspect the vulnerability database" },
	{ "vercmp", cmd_vercmp, "compare two versions with an ecosystem's rules" },
	{ "cvss", cmd_cvss, "print the base score and severity of CVSS vectors" },
	{ "diff", cmd_diff, "compare two releases: images or saved JSON reports" },
	{ "trend", cmd_trend, "findings across releases, with a chart" },
	{ "sbom", cmd_sbom, "write an image's software bill of materials (CycloneDX, SPDX)" },
	{ "vex", cmd_vex, "write the exceptions file as an OpenVEX document" },
	{ "version", cmd_version, "print the version of customs and its libraries" },
};

void cu_cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("customs: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cu_cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("customs: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cu_cli_fail(const struct cu_err *err, int for_db)
{
	cu_cli_error("%s", cu_err_message(err));
	switch (err->code) {
	case CU_EUSAGE:
		return CU_EXIT_USAGE;
	case CU_ENODB:
	case CU_EDB:
		return CU_EXIT_DB;
	case CU_ENET:
		return for_db ? CU_EXIT_DB : CU_EXIT_RUNTIME;
	case CU_ENOMEM:
		return CU_EXIT_RUNTIME;
	case CU_EFORMAT:
	case CU_ETOOBIG:
	case CU_EDIGEST:
	case CU_EUNSAFE:
	case CU_ENOTFOUND:
	case CU_EUNSUPPORTED:
		return for_db ? CU_EXIT_DB : CU_EXIT_IMAGE;
	default:
		return CU_EXIT_RUNTIME;
	}
}

char *cu_cli_db_path(const char *opt)
{
	struct cu_buf b = CU_BUF_INIT;

	if (opt)
		return cu_strdup(opt);
	if (cu_db_default_path(&b))
		return NULL;
	return cu_buf_detach(&b, NULL);
}

static void usage(FILE *out)
{
	fputs("usage: customs <command> [options] [args]\n"
	      "       customs [image options] IMAGE     (same as 'customs image IMAGE')\n\n"
	      "commands:\n", out);
	for (size_t i = 0; i < CU_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'customs <command> --help' describes a command's options.\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CU_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return CU_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv);
	for (size_t i = 0; i < CU_ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	/* Grype style: "customs REF", "customs -i REF", "customs --opts REF" */
	argv[0] = "image";
	return cmd_image(argc, argv);
}
