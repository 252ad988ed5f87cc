/*
 * distro.h - facts about distribution releases shared by catalogers (which
 * read os-release) and importers (which read advisories).
 */
#ifndef CU_DISTRO_H
#define CU_DISTRO_H

/* "bookworm" for Debian "12" or "12.5"; NULL for releases we do not know. */
const char *cu_debian_codename(const char *version_id);

#endif
