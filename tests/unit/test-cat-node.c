/*
 * test-cat-node.c - placeholder suite until the node cataloger tests land.
 */
#include "unit.h"

const struct unit_test cat_node_tests[] = {
	{ NULL, NULL },
};
