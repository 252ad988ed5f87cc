/*
 * ecosystem.c - OSV ecosystem names (osv-schema "Affected package
 * ecosystems") to customs ecosystems and releases.
 */
#include <ctype.h>

#include "common.h"
#include "distro.h"
#include "ecosystem.h"

static const struct {
	const char *osv;
	const char *eco;
	const char *scheme;
} table[] = {
	{ "Debian", "debian", "deb" },
	{ "Ubuntu", "ubuntu", "deb" },
	{ "Alpine", "alpine", "apk" },
	{ "Wolfi", "wolfi", "apk" },
	{ "Chainguard", "chainguard", "apk" },
	{ "Red Hat", "redhat", "rpm" },
	{ "Rocky Linux", "rocky", "rpm" },
	{ "AlmaLinux", "almalinux", "rpm" },
	{ "SUSE", "suse", "rpm" },
	{ "openSUSE", "opensuse", "rpm" },
	{ "PyPI", "pypi", "pypi" },
	{ "npm", "npm", "npm" },
	{ "Go", "golang", "golang" },
	{ "Maven", "maven", "maven" },
	{ "crates.io", "cargo", "cargo" },
	{ "RubyGems", "gem", "gem" },
	{ "NuGet", "nuget", "nuget" },
	{ "Packagist", "composer", "composer" },
	{ "Hex", "hex", "cargo" },
	{ "Pub", "pub", "cargo" },
};

static void copy_span(struct cu_span s, char *dst, size_t len)
{
	if (!cu_span_to_cstr(s, dst, len))
		dst[0] = '\0';
}

int cu_ecosystem_from_osv(struct cu_span osv, char *eco, size_t ecolen,
			  char *release, size_t rellen)
{
	struct cu_span rest = osv, base, rel;
	size_t i;

	cu_span_split(&rest, ':', &base);
	for (i = 0; i < CU_ARRAY_SIZE(table); i++)
		if (cu_span_eq_str(base, table[i].osv))
			break;
	if (i == CU_ARRAY_SIZE(table))
		return CU_EUNSUPPORTED;
	snprintf(eco, ecolen, "%s", table[i].eco);
	release[0] = '\0';
	cu_span_split(&rest, ':', &rel);	/* "22.04" of "22.04:LTS" */
	if (strcmp(table[i].eco, "redhat") == 0) {
		/* "Red Hat:enterprise_linux:9::appstream": the release is the major */
		cu_span_split(&rest, ':', &rel);
		rel.len = cu_span_find(rel, '.') >= 0 ? (size_t)cu_span_find(rel, '.') : rel.len;
	}
	if (!rel.len)
		return 0;
	if (strcmp(table[i].eco, "ubuntu") == 0 && cu_span_eq_str(rel, "Pro")) {
		/* "Ubuntu:Pro:16.04:LTS": fixes only for subscribers, kept apart */
		struct cu_span num;

		cu_span_split(&rest, ':', &num);
		if (cu_span_eq_str(num, "FIPS") || cu_span_eq_str(num, "FIPS-updates"))
			cu_span_split(&rest, ':', &num);
		snprintf(release, rellen, "pro/%.*s", (int)num.len, num.ptr);
	} else if (strcmp(table[i].eco, "debian") == 0) {
		char num[16];
		const char *code;

		copy_span(rel, num, sizeof(num));
		code = cu_debian_codename(num);
		snprintf(release, rellen, "%s", code ? code : num);
	} else if (strcmp(table[i].eco, "alpine") == 0 && rel.len && rel.ptr[0] == 'v') {
		copy_span(cu_span_skip(rel, 1), release, rellen);
	} else {
		copy_span(rel, release, rellen);
	}
	return 0;
}

const char *cu_ecosystem_scheme(const char *eco)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(table); i++)
		if (strcmp(table[i].eco, eco) == 0)
			return table[i].scheme;
	return NULL;
}
