/*
 * version.c - the table of version schemes and ecosystem names.
 */
#include "common.h"
#include "version.h"

const struct cu_version_scheme *const cu_version_schemes[] = {
	&cu_scheme_deb,
	&cu_scheme_rpm,
	&cu_scheme_apk,
	&cu_scheme_pypi,
	&cu_scheme_npm,
	&cu_scheme_maven,
	&cu_scheme_golang,
	&cu_scheme_gem,
	&cu_scheme_nuget,
	&cu_scheme_composer,
	&cu_scheme_cargo,
	NULL,
};

const struct cu_version_scheme *cu_version_scheme_find(const char *name)
{
	for (size_t i = 0; cu_version_schemes[i]; i++)
		if (strcmp(cu_version_schemes[i]->name, name) == 0)
			return cu_version_schemes[i];
	return NULL;
}

/* OSV ecosystem (the part before ':') to scheme, per the OSV schema's list */
static const struct {
	const char *ecosystem;
	const struct cu_version_scheme *scheme;
} ecosystems[] = {
	{ "Debian", &cu_scheme_deb },
	{ "Ubuntu", &cu_scheme_deb },
	{ "Alpine", &cu_scheme_apk },
	{ "Wolfi", &cu_scheme_apk },
	{ "Chainguard", &cu_scheme_apk },
	{ "Red Hat", &cu_scheme_rpm },
	{ "Rocky Linux", &cu_scheme_rpm },
	{ "AlmaLinux", &cu_scheme_rpm },
	{ "SUSE", &cu_scheme_rpm },
	{ "openSUSE", &cu_scheme_rpm },
	{ "Mageia", &cu_scheme_rpm },
	{ "openEuler", &cu_scheme_rpm },
	{ "PyPI", &cu_scheme_pypi },
	{ "npm", &cu_scheme_npm },
	{ "Maven", &cu_scheme_maven },
	{ "Go", &cu_scheme_golang },
	{ "RubyGems", &cu_scheme_gem },
	{ "NuGet", &cu_scheme_nuget },
	{ "Packagist", &cu_scheme_composer },
	{ "crates.io", &cu_scheme_cargo },
	{ "Hex", &cu_scheme_cargo },
	{ "Pub", &cu_scheme_cargo },
};

const struct cu_version_scheme *cu_version_scheme_for_ecosystem(struct cu_span eco)
{
	struct cu_span base = eco;
	ptrdiff_t colon = cu_span_find(eco, ':');

	if (colon >= 0)
		base.len = (size_t)colon;
	for (size_t i = 0; i < CU_ARRAY_SIZE(ecosystems); i++)
		if (cu_span_eq_str(base, ecosystems[i].ecosystem))
			return ecosystems[i].scheme;
	return NULL;
}
