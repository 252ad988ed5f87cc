/*
 * distro.c - Debian release numbers and codenames
 * (https://www.debian.org/releases/).
 */
#include "common.h"
#include "distro.h"

static const char *const debian_codenames[] = {
	[7] = "wheezy", [8] = "jessie", [9] = "stretch", [10] = "buster",
	[11] = "bullseye", [12] = "bookworm", [13] = "trixie", [14] = "forky",
	[15] = "duke",
};

const char *cu_debian_codename(const char *version_id)
{
	uint64_t n;
	struct cu_span s = cu_span_str(version_id ? version_id : "");
	ptrdiff_t dot = cu_span_find(s, '.');

	if (dot >= 0)
		s.len = (size_t)dot;
	if (!cu_span_to_u64(s, &n) || n >= CU_ARRAY_SIZE(debian_codenames))
		return NULL;
	return debian_codenames[n];
}

const char *cu_distro_family(const char *id)
{
	static const char *const families[][2] = {
		{ "debian", "debian" }, { "ubuntu", "debian" },
		{ "alpine", "alpine" }, { "wolfi", "alpine" }, { "chainguard", "alpine" },
		{ "minimos", "alpine" }, { "alpaquita", "alpine" },
		{ "rhel", "rhel" }, { "fedora", "rhel" }, { "centos", "rhel" },
		{ "rocky", "rhel" }, { "almalinux", "rhel" }, { "ol", "rhel" },
		{ "amzn", "rhel" }, { "suse", "suse" }, { "sles", "suse" },
		{ "opensuse", "suse" }, { "opensuse-leap", "suse" },
		{ "opensuse-tumbleweed", "suse" },
		{ "photon", "rpm" }, { "mageia", "rpm" }, { "azurelinux", "rpm" },
		{ "mariner", "rpm" }, { "openEuler", "rpm" },
	};

	for (size_t i = 0; id && i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(id, families[i][0]) == 0)
			return families[i][1];
	return NULL;
}
