/*
 * rpm-header.h - the rpm header structure, as the package database stores
 * one per installed package (rpm's doc/manual/format.md "Header"; the
 * database blob is the header without its 8-byte magic):
 *
 *   be32 il, be32 dl               index entry count, data store length
 *   il * { be32 tag, type, offset, count }
 *   dl bytes of data store          entries point into it by offset
 *
 * Every offset and count is checked against the blob before it is used:
 * the blob comes from an image and may be anything.
 */
#ifndef CU_RPM_HEADER_H
#define CU_RPM_HEADER_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "span.h"

/*
 * Caps for one header. rpm itself refuses more than 0xffff index entries
 * and 256 MiB of data (lib/header.c hdrchkTags, hdrchkData); we add one on
 * the list fields we keep, past which the rest of a list is dropped (and
 * counted in truncated).
 */
#define CU_RPM_HDR_MAX_TAGS	0xffff
#define CU_RPM_HDR_MAX_DATA	(256u * 1024 * 1024)
#define CU_RPM_MAX_DEPENDS	4096	/* required capabilities kept per package */
#define CU_RPM_MAX_PROVIDES	8192	/* provided capabilities kept per package */

/* What customs keeps of one package header; strings live in an arena. */
struct cu_rpm_info {
	const char *name, *version, *release, *arch;
	const char *sourcerpm;		/* "openssl-3.0.7-24.el9.src.rpm" */
	const char *license, *summary, *vendor;
	const char *modularity_label;	/* "nodejs:18:9020...:rhel9" or NULL */
	uint32_t epoch;
	bool has_epoch;
	/* owned paths without the leading '/', from BASENAMES/DIRNAMES */
	const char **files;
	size_t nfiles;
	/* REQUIRENAME without rpmlib(...) and file paths, duplicates removed */
	const char **requires;
	size_t nrequires;
	const char **provides;		/* PROVIDENAME */
	size_t nprovides;
	size_t bad;			/* malformed entries that were skipped */
	size_t truncated;		/* list items dropped at a cap */
};

/*
 * Read the fields above from one header blob into a (arena copies). Returns
 * 0, CU_EFORMAT with the reason in err when the blob is not a usable header
 * (short, offsets past the end, no NAME/VERSION/RELEASE) or CU_ENOMEM.
 * Entries that are malformed but not needed to name the package are
 * skipped and counted in info->bad.
 */
int cu_rpm_info_read(struct cu_arena *a, struct cu_span blob,
		     struct cu_rpm_info *info, struct cu_err *err);

/*
 * Split a SOURCERPM file name "openssl-3.0.7-24.el9.src.rpm" into its name
 * ("openssl") and version-release ("3.0.7-24.el9"). False when it does not
 * have that shape.
 */
bool cu_rpm_split_sourcerpm(struct cu_span srpm, struct cu_span *name,
			    struct cu_span *version_release);

#endif
