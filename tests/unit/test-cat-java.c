/*
 * test-cat-java.c - placeholder suite until the java cataloger tests land.
 */
#include "unit.h"

const struct unit_test cat_java_tests[] = {
	{ NULL, NULL },
};
