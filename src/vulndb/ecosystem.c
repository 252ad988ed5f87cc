/*
 * ecosystem.c - OSV ecosystem names (osv-schema "Affected package
 * ecosystems") to customs ecosystems and releases.
 *
 * Releases are filed the way match/os.c derives them from an image's
 * os-release: Debian codenames, Ubuntu VERSION_IDs, Alpine major.minor,
 * the major release of RHEL-like and other rpm distributions except Photon
 * OS ("5.0", as its VERSION_ID), openEuler "22.03-LTS-SP1" (VERSION_ID and
 * the parenthesised part of PRETTY_NAME), SUSE and openSUSE "15.5" (from
 * "15 SP5"; Tumbleweed "tumbleweed"), Alpaquita "23" or "stream". Wolfi,
 * Chainguard and MinimOS are rolling: no release.
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
	{ "Photon OS", "photon", "rpm" },
	{ "Mageia", "mageia", "rpm" },
	{ "Azure Linux", "azurelinux", "rpm" },
	{ "openEuler", "openeuler", "rpm" },
	{ "MinimOS", "minimos", "apk" },
	{ "Alpaquita", "alpaquita", "apk" },
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
	/* Go modules of Kubernetes components, filed with the other Go modules */
	{ "Kubernetes", "golang", "golang" },
};

static void copy_span(struct cu_span s, char *dst, size_t len)
{
	if (!cu_span_to_cstr(s, dst, len))
		dst[0] = '\0';
}

static bool all_digits(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!isdigit((unsigned char)s.ptr[i]))
			return false;
	return s.len > 0;
}

/*
 * SUSE and openSUSE products: "Linux Enterprise Server 15 SP5" -> "15.5",
 * "Linux Enterprise Module for Basesystem 15" -> "15", "Linux Enterprise
 * Micro 5.5" and "Leap 15.5" -> as written, "Tumbleweed" -> "tumbleweed":
 * the VERSION_ID of the product's images (every module of a service pack
 * shares its packages' release).
 */
static void suse_release(struct cu_span product, char *release, size_t rellen)
{
	struct cu_span w, next, rest;

	release[0] = '\0';
	if (cu_span_eq_icase_str(cu_span_trim(product), "Tumbleweed")) {
		snprintf(release, rellen, "tumbleweed");
		return;
	}
	while (product.len) {
		cu_span_split(&product, ' ', &w);
		if (!w.len || !isdigit((unsigned char)w.ptr[0]))
			continue;
		copy_span(w, release, rellen);
		if (!all_digits(w))
			return;	/* "5.5", "15.5" */
		rest = product;
		cu_span_split(&rest, ' ', &next);
		if (next.len > 2 && (next.ptr[0] == 'S' && next.ptr[1] == 'P')) {
			size_t n = 2;

			while (n < next.len && isdigit((unsigned char)next.ptr[n]))
				n++;
			if (n > 2)
				snprintf(release, rellen, "%.*s.%.*s", (int)w.len, w.ptr,
					 (int)(n - 2), next.ptr + 2);
		}
		return;
	}
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
	if (!strcmp(table[i].eco, "suse") || !strcmp(table[i].eco, "opensuse")) {
		suse_release(rest, release, rellen);
		return 0;
	}
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
	} else if (!strcmp(table[i].eco, "azurelinux") || !strcmp(table[i].eco, "mageia") ||
		   !strcmp(table[i].eco, "rocky") || !strcmp(table[i].eco, "almalinux")) {
		ptrdiff_t dot = cu_span_find(rel, '.');	/* the major, as match/os.c uses */

		copy_span(dot >= 0 ? cu_span_sub(rel, 0, (size_t)dot) : rel, release, rellen);
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
