/*
 * test-cat-apk.c - placeholder suite until the apk cataloger tests land.
 */
#include "unit.h"

const struct unit_test cat_apk_tests[] = {
	{ NULL, NULL },
};
