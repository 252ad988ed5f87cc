/*
 * err.c - error codes and the detail messages that go with them.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"

const char *cu_strerror(int code)
{
	switch (code) {
	case CU_OK: return "success";
	case CU_ENOMEM: return "out of memory";
	case CU_EIO: return "input/output error";
	case CU_EFORMAT: return "malformed input";
	case CU_ETOOBIG: return "input exceeds a size limit";
	case CU_ENOTFOUND: return "not found";
	case CU_EDIGEST: return "digest mismatch";
	case CU_EUNSUPPORTED: return "unsupported";
	case CU_EUSAGE: return "invalid usage";
	case CU_EDB: return "database error";
	case CU_ENET: return "network error";
	case CU_EUNSAFE: return "unsafe path";
	case CU_ENODB: return "no vulnerability database";
	}
	return "unknown error";
}

static int vset(struct cu_err *err, int code, int keep, const char *fmt,
		va_list ap) __attribute__((format(printf, 4, 0)));

static int vset(struct cu_err *err, int code, int keep, const char *fmt,
		va_list ap)
{
	char head[CU_ERR_MSG_MAX];
	char old[CU_ERR_MSG_MAX];

	if (!err)
		return code;
	vsnprintf(head, sizeof(head), fmt, ap);
	if (keep && err->msg[0]) {
		memcpy(old, err->msg, sizeof(old));
		snprintf(err->msg, sizeof(err->msg), "%s: %s", head, old);
	} else {
		snprintf(err->msg, sizeof(err->msg), "%s", head);
	}
	err->code = code;
	return code;
}

int cu_seterr(struct cu_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset(err, code, 1, fmt, ap);
	va_end(ap);
	return rc;
}

int cu_seterr_new(struct cu_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset(err, code, 0, fmt, ap);
	va_end(ap);
	return rc;
}

void cu_err_clear(struct cu_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

const char *cu_err_message(const struct cu_err *err)
{
	if (!err)
		return "unknown error";
	if (err->msg[0])
		return err->msg;
	return cu_strerror(err->code);
}
