/*
 * banned.h - functions customs does not call.
 *
 * They either cannot be bounded (strcpy, sprintf, gets), keep hidden state
 * (strtok), or parse numbers without reporting errors (atoi). Use cu_buf,
 * snprintf, cu_span_split and cu_span_to_u64 instead. Included last by every
 * source file through common.h.
 */
#ifndef CU_BANNED_H
#define CU_BANNED_H

#define CU_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) CU_BANNED(strcpy)
#undef strcat
#define strcat(x, y) CU_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) CU_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) CU_BANNED(strncat)
#undef sprintf
#define sprintf(...) CU_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) CU_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) CU_BANNED(strtok)
#undef gets
#define gets(x) CU_BANNED(gets)
#undef atoi
#define atoi(x) CU_BANNED(atoi)
#undef atol
#define atol(x) CU_BANNED(atol)

#endif
