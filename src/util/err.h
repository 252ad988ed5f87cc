/*
 * err.h - the one error vocabulary of customs.
 *
 * Library functions return 0 on success or a negative CU_E* code. A code says
 * what kind of failure it was; the human detail ("layer 'sha256:ab..': unexpected
 * end of gzip stream") travels in a struct cu_err that the caller owns and the
 * command line prints once.
 */
#ifndef CU_ERR_H
#define CU_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum cu_errcode {
	CU_OK = 0,
	CU_ENOMEM = -1,		/* allocation failed */
	CU_EIO = -2,		/* reading or writing a host file failed */
	CU_EFORMAT = -3,	/* input is malformed, truncated or corrupt */
	CU_ETOOBIG = -4,	/* input exceeds a limit from caps.h */
	CU_ENOTFOUND = -5,	/* a named thing does not exist */
	CU_EDIGEST = -6,	/* content does not match its digest */
	CU_EUNSUPPORTED = -7,	/* valid input we do not handle */
	CU_EUSAGE = -8,		/* the caller asked for something invalid */
	CU_EDB = -9,		/* the vulnerability database failed */
	CU_ENET = -10,		/* a network transfer failed */
	CU_EUNSAFE = -11,	/* input tries to escape its container */
	CU_ENODB = -12,		/* no vulnerability database is available */
};

#define CU_ERR_MSG_MAX 1024

/* Detail for the last failure; msg is empty when nothing was recorded. */
struct cu_err {
	int code;
	char msg[CU_ERR_MSG_MAX];
};

/* A short generic description of an error code ("malformed input"). */
const char *cu_strerror(int code);

/*
 * Record a failure in err (which may be NULL) and return code, so callers can
 * write "return cu_seterr(err, CU_EFORMAT, "...", ...)". If err already holds a
 * message the new text is prefixed to it as context: "outer: inner" (callers
 * that wrap an inner failure pass its code on). Code that recovers from a
 * failure clears err before going on.
 */
int cu_seterr(struct cu_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like cu_seterr but always replaces any earlier message. */
int cu_seterr_new(struct cu_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void cu_err_clear(struct cu_err *err);

/* The message to show a person: the detail if any, else cu_strerror(code). */
const char *cu_err_message(const struct cu_err *err);

#endif
