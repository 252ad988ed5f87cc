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
