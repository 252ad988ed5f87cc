/*
 * test-cat-python.c - placeholder suite until the python cataloger tests land.
 */
#include "unit.h"

const struct unit_test cat_python_tests[] = {
	{ NULL, NULL },
};
