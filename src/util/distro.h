/*
 * distro.h - facts about distribution releases shared by catalogers (which
 * read os-release) and importers (which read advisories).
 */
#ifndef CU_DISTRO_H
#define CU_DISTRO_H

/* "bookworm" for Debian "12" or "12.5"; NULL for releases we do not know. */
const char *cu_debian_codename(const char *version_id);

/*
 * The family of an os-release ID: "debian", "alpine" (apk distributions),
 * "rhel", "suse", "rpm" (other rpm distributions: Photon OS, Mageia, Azure
 * Linux, openEuler); NULL for an ID we do not know.
 */
const char *cu_distro_family(const char *id);

#endif
