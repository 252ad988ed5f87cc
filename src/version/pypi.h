/*
 * pypi.h - PEP 440 versions and version specifiers (Python packages).
 *
 * Versions are parsed, normalised and ordered exactly like pypa/packaging's
 * Version (https://peps.python.org/pep-0440/, packaging.version): the same
 * accepted spellings (case, "-_." separators, implicit numbers, leading "v",
 * surrounding white space), the same normal form and the same order, local
 * labels included ("2.1.0+cu121" > "2.1.0").
 *
 * Specifier sets (">=1.0,<2.0", "~=1.4.2", "==1.*", "!=2.0", "===foo") follow
 * packaging.specifiers.SpecifierSet: its grammar, its pre-release rules and
 * its range model, which also answers is_unsatisfiable() and subset
 * questions.
 *
 * Numbers of any length are compared as digit strings; nothing here
 * allocates except the functions taking a struct cu_buf.
 */
#ifndef CU_VERSION_PYPI_H
#define CU_VERSION_PYPI_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "span.h"

/*
 * A parsed version: views into the string it was parsed from, which must
 * outlive it. Numbers are digit spans without leading zeros (empty means 0).
 */
struct cu_pep440 {
	struct cu_span epoch;
	struct cu_span release;		/* as written: "1.02.0" */
	size_t nrelease;		/* components of release that count */
	char pre_kind;			/* 0 (none), 'a', 'b' or 'c' (rc) */
	bool has_post, has_dev;
	struct cu_span pre, post, dev;
	struct cu_span local;		/* as written after '+'; empty: none */
	unsigned char bump;		/* 0; range bounds: enum pep440_bump */
};

/* Parse v (surrounding white space allowed); CU_EFORMAT when invalid. */
int cu_pep440_parse(struct cu_span v, struct cu_pep440 *out);

/* packaging's Version ordering: <0, 0 or >0. */
int cu_pep440_cmp(const struct cu_pep440 *a, const struct cu_pep440 *b);

/* Pull the next release component's digits (leading zeros dropped). */
bool cu_pep440_release_next(struct cu_span *release, struct cu_span *digits);

static inline bool cu_pep440_is_prerelease(const struct cu_pep440 *v)
{
	return v->pre_kind || v->has_dev;
}

/* Parts of a version to format; CU_PEP440_STR is str(Version). */
enum cu_pep440_parts {
	CU_PEP440_EPOCH = 1 << 0,
	CU_PEP440_RELEASE = 1 << 1,
	CU_PEP440_PRE = 1 << 2,
	CU_PEP440_POST = 1 << 3,
	CU_PEP440_DEV = 1 << 4,
	CU_PEP440_LOCAL = 1 << 5,
	CU_PEP440_TRIM_ZEROS = 1 << 6,	/* drop trailing ".0" release parts */
	CU_PEP440_BASE = CU_PEP440_EPOCH | CU_PEP440_RELEASE,
	CU_PEP440_PUBLIC = CU_PEP440_BASE | CU_PEP440_PRE | CU_PEP440_POST |
			   CU_PEP440_DEV,
	CU_PEP440_STR = CU_PEP440_PUBLIC | CU_PEP440_LOCAL,
};

/* Append the normal form of the selected parts ("1!2.0rc1.post3+ab.7"). */
int cu_pep440_format(const struct cu_pep440 *v, unsigned parts,
		     struct cu_buf *out);

/*
 * Append the canonical string of version v ("1.0-RC1" -> "1.0rc1"), which
 * catalogers use as the stored form. CU_EFORMAT when v is not a version.
 */
int cu_pep440_normalize(struct cu_span v, struct cu_buf *out);

/* Specifiers ------------------------------------------------------------ */

enum cu_pep440_op {
	CU_PEP440_OP_COMPATIBLE,	/* ~= */
	CU_PEP440_OP_EQ,		/* == */
	CU_PEP440_OP_NE,		/* != */
	CU_PEP440_OP_LE,		/* <= */
	CU_PEP440_OP_GE,		/* >= */
	CU_PEP440_OP_LT,		/* < */
	CU_PEP440_OP_GT,		/* > */
	CU_PEP440_OP_ARBITRARY,		/* === */
};

const char *cu_pep440_op_str(enum cu_pep440_op op);

struct cu_pep440_spec {
	enum cu_pep440_op op;
	struct cu_span version;	/* after the operator, stripped: "1.0.*" */
	bool wildcard;		/* version ends in ".*" (== and != only) */
	bool parsed;		/* v is set (not for "===" on a non-version) */
	struct cu_pep440 v;	/* the version, without ".*" */
};

/* Specifiers in one set; a longer set is CU_ETOOBIG. */
#define CU_PEP440_SPECS_MAX 32

struct cu_pep440_specset {
	size_t n;
	bool has_arbitrary;	/* "===" occurs in the text */
	struct cu_pep440_spec spec[CU_PEP440_SPECS_MAX];
};

/* One specifier ("~= 1.4"); CU_EFORMAT when invalid. */
int cu_pep440_spec_parse(struct cu_span text, struct cu_pep440_spec *spec);

/* A comma-separated set; empty items are skipped, "" is the empty set. */
int cu_pep440_specset_parse(struct cu_span text, struct cu_pep440_specset *set);

/* packaging's prereleases= argument: None, True or False. */
enum cu_pep440_pre {
	CU_PEP440_PRE_DEFAULT = 0,
	CU_PEP440_PRE_ALLOW,
	CU_PEP440_PRE_DENY,
};

struct cu_pep440_match_opts {
	enum cu_pep440_pre set_prereleases;	/* SpecifierSet(prereleases=) */
	enum cu_pep440_pre prereleases;	/* contains/filter(prereleases=) */
	bool installed;				/* contains(installed=True) */
	bool item_is_version;	/* contains(Version(item)): === sees str() */
};

/* Specifier.prereleases with no override: does the spec name a pre-release. */
bool cu_pep440_spec_prereleases(const struct cu_pep440_spec *spec);

/*
 * SpecifierSet.contains(item): whether item is in the set. An item that is
 * not a version is only ever matched by "===" or by the empty set. opts may
 * be NULL for packaging's defaults (pre-releases are then matched).
 */
int cu_pep440_contains(const struct cu_pep440_specset *set, struct cu_span item,
		       const struct cu_pep440_match_opts *opts, bool *in);

/*
 * SpecifierSet.filter(items): keep[i] says whether items[i] is kept. With
 * the default pre-release policy, pre-releases are dropped when a final
 * release matched. as_version (may be NULL) marks items that stand for
 * Version objects; opts->item_is_version and ->installed are not used.
 */
int cu_pep440_filter(const struct cu_pep440_specset *set,
		     const struct cu_span *items, const bool *as_version,
		     size_t n, const struct cu_pep440_match_opts *opts,
		     bool *keep);

/* SpecifierSet(prereleases=pre).is_unsatisfiable(). */
int cu_pep440_unsatisfiable(const struct cu_pep440_specset *set,
			    enum cu_pep440_pre pre, bool *unsat);

/*
 * Set relations on the version ranges of a and b ("===" counts as every
 * version, pre-release policy is not applied).
 */
int cu_pep440_subset(const struct cu_pep440_specset *a,
		     const struct cu_pep440_specset *b, bool *subset);
int cu_pep440_disjoint(const struct cu_pep440_specset *a,
		       const struct cu_pep440_specset *b, bool *disjoint);

/* Flags for formatting specifiers. */
enum cu_pep440_spec_flags {
	CU_PEP440_SPEC_CANONICAL = 1 << 0,	/* "==2.8.0" -> "==2.8" */
};

/* Append str(Specifier), or its canonical form. */
int cu_pep440_spec_format(const struct cu_pep440_spec *spec, unsigned flags,
			  struct cu_buf *out);

/*
 * Append str(SpecifierSet): the specifiers sorted, duplicates (equal in
 * canonical form) dropped, joined by ','. With CU_PEP440_SPEC_CANONICAL each
 * is in canonical form, so equal sets give equal strings.
 */
int cu_pep440_specset_format(const struct cu_pep440_specset *set,
			     unsigned flags, struct cu_buf *out);

#endif
