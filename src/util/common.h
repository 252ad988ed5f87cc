/*
 * common.h - what every customs source file includes.
 */
#ifndef CU_COMMON_H
#define CU_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "caps.h"
#include "err.h"
#include "mem.h"
#include "span.h"

#define CU_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif
