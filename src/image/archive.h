/*
 * archive.h - an index of the members of an uncompressed outer tar file.
 *
 * docker-archive and oci-archive images are tar files whose members are the
 * image's documents and blobs. We read the tar headers once (POSIX ustar,
 * pax 'x' records for path/size/linkpath, GNU 'L'/'K' long names) and keep
 * name -> (offset, size), so each blob is later read in place with pread.
 * Symbolic and hard links between members (docker save links duplicate
 * layers) are followed, inside the archive only.
 */
#ifndef CU_ARCHIVE_H
#define CU_ARCHIVE_H

#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "map.h"
#include "reader.h"

struct cu_archive_member {
	const char *name;	/* normalised */
	const char *link;	/* normalised link target, or NULL */
	uint64_t offset;	/* of the data in the file */
	uint64_t size;
	char type;		/* '0' file, '2' symlink, '1' hard link, '5' dir */
};

struct cu_archive {
	int fd;
	uint64_t file_size;
	const char *path;
	struct cu_arena arena;
	struct cu_map members;	/* name -> struct cu_archive_member */
	size_t count;
};

/* Index the tar file at path. On failure *out is untouched. */
int cu_archive_open(const char *path, struct cu_archive **out,
		    struct cu_err *err);

/*
 * Index an already open file (fd stays owned by the caller unless the
 * archive is freed with own_fd set). Used by the fuzz target.
 */
int cu_archive_index_fd(int fd, const char *name, struct cu_archive **out,
			struct cu_err *err);

void cu_archive_free(struct cu_archive *ar);

/*
 * Find a regular-file member by name (normalised first; links followed).
 * CU_EUNSAFE when name escapes the archive, CU_ENOTFOUND when absent.
 */
int cu_archive_find(struct cu_archive *ar, const char *name,
		    const struct cu_archive_member **out, struct cu_err *err);

/* A reader over a member's data. */
int cu_archive_open_member(struct cu_archive *ar, const char *name,
			   struct cu_reader **out, struct cu_err *err);

/* True when the archive has a member of that (normalised) name. */
int cu_archive_has(struct cu_archive *ar, const char *name);

#endif
