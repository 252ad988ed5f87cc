/*
 * semver-internal.h - SemVer pieces shared by npm.c, npm-range.c and
 * cargo.c, and no one else.
 */
#ifndef CU_VERSION_SEMVER_INTERNAL_H
#define CU_VERSION_SEMVER_INTERNAL_H

#include "npm.h"

/* node-semver's limits (internal/constants.js). */
#define SEMVER_MAX_LENGTH 256
#define SEMVER_MAX_SAFE 9007199254740991ULL

/* Length of the JavaScript white space character (\s) at s[i], or 0. */
size_t semver_js_space(struct cu_span s, size_t i);

/* String.prototype.trim(). */
struct cu_span semver_js_trim(struct cu_span s);

static inline bool semver_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* [0-9A-Za-z-], what identifiers are made of. */
static inline bool semver_is_ident(int c)
{
	return semver_is_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-';
}

/*
 * Scan a number at s[*pos]; strict takes only the "0" of "01", as node's
 * regular expression 0|[1-9][0-9]* does. False when no digit is there.
 */
bool semver_scan_num(struct cu_span s, size_t *pos, bool strict);

/* The value of a digit string (leading zeros allowed), if at most max. */
bool semver_num_value(struct cu_span digits, uint64_t max, uint64_t *value);

/*
 * Scan dot-separated identifiers at s[*pos]. numeric_strict: an all-digit
 * identifier may not have a leading zero (pre-releases). Stops before a
 * '.' that does not start a valid identifier; false when none is there.
 */
bool semver_scan_idents(struct cu_span s, size_t *pos, bool numeric_strict);

/* SemVer 2.0 order of pre-release lists; an empty list sorts last. */
int semver_pre_cmp(struct cu_span a, struct cu_span b);

/* What node-semver's version regular expressions match. */
enum semver_plain_kind {
	SEMVER_FULLPLAIN,	/* v?1.2.3-pre+build */
	SEMVER_LOOSEPLAIN,	/* [v=\s]*01.2.3pre+build */
	SEMVER_XRANGEPLAIN,	/* [v=\s]*1.x, 1.2.*, 1.2.3-pre+build */
};

struct semver_plain {
	struct cu_span num[3];	/* digits (x, X, * in x-ranges); "" if absent */
	struct cu_span pre;	/* "" when absent */
	struct cu_span build;
	size_t end;		/* end of the match */
};

/*
 * Match a plain version at s[pos], greedily and not anchored at the end,
 * as the regular expressions of node-semver's internal/re.js do. loose
 * selects the LOOSE variants of the identifiers.
 */
bool semver_match_plain(struct cu_span s, size_t pos,
			enum semver_plain_kind kind, bool loose,
			struct semver_plain *p);

/* The version a full (or loose) plain match names; CU_EFORMAT past 2^53-1. */
int semver_from_plain(const struct semver_plain *p, struct cu_semver *out);

/* Comparator operators of node-semver ranges. */
enum semver_op {
	SEMVER_ANY,	/* "": every version */
	SEMVER_EQ,
	SEMVER_LT,
	SEMVER_LE,
	SEMVER_GT,
	SEMVER_GE,
};

/* node's GTLT, ((?:<|>)?=?), at s[i]: its length; *op is what it names. */
size_t semver_gtlt(struct cu_span s, size_t i, unsigned char *op);

/* Ranges have only blanks for white space once collapsed. */
size_t semver_skip_blanks(struct cu_span s, size_t i);
struct cu_span semver_trim_blanks(struct cu_span s);

/*
 * Rewrite one "||" alternative of a range (white space already collapsed to
 * single blanks) into comparator words joined by blanks, as node-semver's
 * parseRange() does before it parses them (npm-rewrite.c).
 */
int semver_rewrite_set(struct cu_span set, unsigned flags, struct cu_buf *out);

#endif
