/*
 * store.h - where an image's files are: a host directory or an outer tar.
 *
 * Both OCI layouts and docker-save archives exist as a directory and as a
 * tar file. A store hides which, so the OCI and docker decoders are written
 * once. Paths given to a store are relative to its root and are normalised;
 * a path that climbs out of the root is refused (CU_EUNSAFE), and in a
 * directory store symbolic links are not followed.
 */
#ifndef CU_STORE_H
#define CU_STORE_H

#include "archive.h"
#include "reader.h"

struct cu_store {
	const char *root;		/* for messages */
	struct cu_archive *archive;	/* tar store, or NULL */
	int dirfd;			/* directory store, or -1 */
};

int cu_store_open_dir(struct cu_store *st, const char *path, struct cu_err *err);
int cu_store_open_tar(struct cu_store *st, const char *path, struct cu_err *err);
void cu_store_close(struct cu_store *st);

/* CU_ENOTFOUND when absent. */
int cu_store_open(struct cu_store *st, const char *rel, struct cu_reader **out,
		  struct cu_err *err);
bool cu_store_has(struct cu_store *st, const char *rel);

/* Read a small document whole (cap bytes at most). */
int cu_store_slurp(struct cu_store *st, const char *rel, size_t cap,
		   char **data, size_t *len, struct cu_err *err);

/* Path of a blob by digest: "blobs/sha256/<hex>". */
int cu_blob_path(const char *digest, char *out, size_t outlen);

#endif
