/*
 * policy-files.c - the exceptions file and VEX documents named on the
 * command line (--exceptions, --no-exceptions, --vex), as `customs image`,
 * `customs diff` and `customs trend` take them (docs/exceptions.md).
 */
#include <unistd.h>

#include "cli.h"
#include "common.h"
#include "policy/exceptions.h"

#define DEFAULT_EXCEPTIONS ".customs.yaml"

int cu_cli_policy_files_opt(struct cu_cli_policy_files *f, int c, const char *arg)
{
	switch (c) {
	case CU_CLI_OPT_EXCEPTIONS:
		f->exceptions = arg;
		return 0;
	case CU_CLI_OPT_NO_EXCEPTIONS:
		f->no_exceptions = true;
		return 0;
	case CU_CLI_OPT_VEX:
		if (f->nvex >= CU_ARRAY_SIZE(f->vex)) {
			cu_cli_error("at most %zu --vex documents", CU_ARRAY_SIZE(f->vex));
			return -1;
		}
		f->vex[f->nvex++] = arg;
		return 0;
	}
	return -1;
}

int cu_cli_load_policy_files(const struct cu_cli_policy_files *f, struct cu_exceptions *ex)
{
	const char *path = f->exceptions;
	struct cu_err err = { 0 };
	int rc = 0;

	if (!path && !f->no_exceptions && access(DEFAULT_EXCEPTIONS, F_OK) == 0)
		path = DEFAULT_EXCEPTIONS;
	if (path)
		rc = cu_exceptions_load(ex, path, &err);
	for (size_t i = 0; !rc && i < f->nvex; i++)
		rc = cu_vex_load(ex, f->vex[i], &err);
	if (!rc)
		return CU_EXIT_OK;
	cu_cli_error("%s", cu_err_message(&err));
	return rc == CU_ENOMEM ? CU_EXIT_RUNTIME : CU_EXIT_USAGE;
}

void cu_cli_report_exceptions(const struct cu_exceptions *ex, const char *scope)
{
	for (size_t i = 0; i < ex->n; i++) {
		const struct cu_exception *e = &ex->items[i];

		if (e->expired && e->matched)
			cu_cli_warn("exception for %s (%s, owner %s) expired on %s: it no longer suppresses",
				    e->id, e->source, e->owner, e->expires);
		else if (!e->matched)
			cu_cli_warn("stale exception for %s (%s, owner %s): it matches nothing in %s",
				    e->id, e->source, e->owner, scope);
	}
}
