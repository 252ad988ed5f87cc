/*
 * test-cat-rpm.c - placeholder suite until the rpm cataloger tests land.
 */
#include "unit.h"

const struct unit_test cat_rpm_tests[] = {
	{ NULL, NULL },
};
