/*
 * version.h - version schemes: how each ecosystem orders its versions.
 *
 * One scheme per packaging ecosystem, each in its own file, each a const
 * struct cu_version_scheme registered in version.c. Schemes are named by purl
 * type (https://github.com/package-url/purl-spec): deb, rpm, apk, pypi, npm,
 * maven, golang, gem, nuget, composer, cargo.
 *
 * Contract for compare(): it orders a and b exactly as the ecosystem's own
 * tool does (dpkg --compare-versions, rpmvercmp, apk version -t, packaging's
 * Version, node-semver, Maven ComparableVersion, golang.org/x/mod/semver ...).
 * It returns CU_EFORMAT only where the native tool refuses the input; where
 * the native tool has a fallback order for odd strings, compare() has it too.
 */
#ifndef CU_VERSION_H
#define CU_VERSION_H

#include <stdbool.h>

#include "span.h"

struct cu_version_scheme {
	const char *name;	/* purl type */
	const char *title;	/* for people: "Debian (dpkg)" */

	/* Set *cmp to <0, 0 or >0. 0 on success, CU_EFORMAT on invalid input. */
	int (*compare)(struct cu_span a, struct cu_span b, int *cmp);

	/* 0 when v is a valid version of the scheme, else CU_EFORMAT. */
	int (*validate)(struct cu_span v);

	/*
	 * Optional: whether version is inside a range written in the scheme's
	 * own syntax (npm range, PEP 440 specifier set, Maven range). Sets *in
	 * and returns 0, or CU_EFORMAT for an invalid range or version. NULL
	 * when the ecosystem has no range syntax of its own.
	 */
	int (*satisfies)(struct cu_span version, struct cu_span range, bool *in);
};

extern const struct cu_version_scheme cu_scheme_deb;
extern const struct cu_version_scheme cu_scheme_rpm;
extern const struct cu_version_scheme cu_scheme_apk;
extern const struct cu_version_scheme cu_scheme_pypi;
extern const struct cu_version_scheme cu_scheme_npm;
extern const struct cu_version_scheme cu_scheme_maven;
extern const struct cu_version_scheme cu_scheme_golang;
extern const struct cu_version_scheme cu_scheme_gem;
extern const struct cu_version_scheme cu_scheme_nuget;
extern const struct cu_version_scheme cu_scheme_composer;
extern const struct cu_version_scheme cu_scheme_cargo;

/* The scheme for a purl type, or NULL. */
const struct cu_version_scheme *cu_version_scheme_find(const char *name);

/*
 * The scheme for an OSV ecosystem name ("Debian:12", "PyPI", "crates.io",
 * "Alpine:v3.18" ...), or NULL when versions of that ecosystem are not
 * ordered by us.
 */
const struct cu_version_scheme *cu_version_scheme_for_ecosystem(struct cu_span eco);

/* All registered schemes, NULL-terminated. */
extern const struct cu_version_scheme *const cu_version_schemes[];

#endif
