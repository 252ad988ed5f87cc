/*
 * test-cat-binary.c - placeholder suite until the binary cataloger tests land.
 */
#include "unit.h"

const struct unit_test cat_binary_tests[] = {
	{ NULL, NULL },
};
