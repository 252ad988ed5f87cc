/*
 * exceptions.h - time-bound, owned exceptions and VEX statements
 * (docs/exceptions.md).
 *
 * An exception suppresses a finding for a reason, under an owner, until a
 * date. Past the date it stops suppressing and is reported as expired; one
 * that matched nothing in a scan is reported as stale. VEX documents
 * (OpenVEX, CycloneDX VEX) state per vulnerability and product that it is
 * not_affected / fixed / under_investigation / affected.
 */
#ifndef CU_EXCEPTIONS_H
#define CU_EXCEPTIONS_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "match/match.h"

struct cu_exception {
	const char *id;			/* vulnerability id or alias */
	const char *package;		/* optional scopes */
	const char *purl;
	const char *path;		/* glob on the package location */
	const char *image;		/* glob on the image reference */
	const char *owner, *reason;
	const char *expires;		/* YYYY-MM-DD */
	const char *status;		/* accepted_risk (default), not_affected, false_positive */
	const char *justification;	/* OpenVEX justification for not_affected */
	const char *source;		/* "FILE:LINE" */
	bool expired;			/* computed for today */
	size_t matched;			/* findings it applied to in this scan */
};

/* A VEX statement, from an OpenVEX or CycloneDX VEX document. */
struct cu_vex_statement {
	const char *vulnerability;
	const char **products;		/* purls (version optional), NULL-terminated */
	const char *status;		/* not_affected, fixed, under_investigation, affected */
	const char *justification, *impact;
	const char *source;		/* "FILE" */
	size_t matched;
};

struct cu_exceptions {
	struct cu_arena arena;
	struct cu_exception *items;
	size_t n, alloc;
	struct cu_vex_statement *vex;
	size_t nvex, vex_alloc;
	char today[16];			/* YYYY-MM-DD, UTC */
};

void cu_exceptions_init(struct cu_exceptions *ex);
void cu_exceptions_release(struct cu_exceptions *ex);

/*
 * Load an exceptions file (YAML). Every entry needs id, owner, reason and
 * expires (a real date); CU_EFORMAT with "FILE:LINE: ..." otherwise.
 */
int cu_exceptions_load(struct cu_exceptions *ex, const char *path, struct cu_err *err);

/* Load an OpenVEX or CycloneDX VEX document (JSON). */
int cu_vex_load(struct cu_exceptions *ex, const char *path, struct cu_err *err);

/* One finding as exceptions and VEX statements see it. */
struct cu_exc_subject {
	const char *id;
	const char *const *aliases;
	size_t naliases;
	const char *name, *source_name;	/* of the package */
	const char *purl, *location;	/* NULL when unknown */
};

struct cu_exc_verdict {
	struct cu_exception *exception;	/* the first in scope, expired or not */
	struct cu_vex_statement *vex;	/* the first statement covering it, unless
					   a live exception decided */
	const char *suppressed_by;	/* "exception", "vex" or NULL */
};

/*
 * What the exceptions and VEX statements say about one finding of the
 * image image_ref (NULL when unknown: image-scoped exceptions then do not
 * apply). Counts the matches of what applied.
 */
void cu_exceptions_judge(struct cu_exceptions *ex, const struct cu_exc_subject *f,
			 const char *image_ref, struct cu_exc_verdict *out);

/*
 * Apply to the findings of a scan of image_ref: matching exceptions that
 * have not expired, and VEX not_affected/fixed statements, suppress a
 * finding (f->suppressed_by and the details); an expired exception marks
 * it instead (f->exception_expired). under_investigation is recorded.
 */
void cu_exceptions_apply(struct cu_exceptions *ex, struct cu_matches *m,
			 const char *image_ref);

/* Write the exceptions as an OpenVEX 0.2.0 document (JSON text). */
int cu_exceptions_to_openvex(const struct cu_exceptions *ex, const char *author,
			     struct cu_buf *out, struct cu_err *err);

#endif
