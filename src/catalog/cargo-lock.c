/*
 * cargo-lock.c - placeholder until the cargo_lock cataloger lands: it finds nothing.
 */
#include "catalog.h"
#include "common.h"

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_cargo_lock = {
	.name = "cargo_lock",
	.catalog = catalog,
};
