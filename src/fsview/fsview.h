/*
 * fsview.h - the image's merged filesystem, in memory, built layer by layer.
 *
 * Layers are applied in order with the OCI image-spec layer semantics
 * (layer.md "Whiteouts"): ".wh.NAME" deletes NAME from lower layers,
 * ".wh..wh..opq" hides everything a directory had in lower layers. Names are
 * normalised ("./a", "/a" and "a" are the same path); an entry that would
 * land outside the root is an error. Every node remembers the layer that
 * last wrote it.
 *
 * File content is not kept, except for files a capture policy asks for
 * (package databases, os-release ...): those are held in memory, capped per
 * file and in total (caps.h). Nothing is ever written to the host disk.
 * Symbolic links are stored as links and resolved only inside the view.
 */
#ifndef CU_FSVIEW_H
#define CU_FSVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "span.h"

enum cu_fs_type {
	CU_FS_FILE = 1,
	CU_FS_DIR,
	CU_FS_SYMLINK,
	CU_FS_OTHER,
};

/* Captured file content, shared between hard links. */
struct cu_content {
	int refs;
	bool truncated;		/* the file was larger than the capture cap */
	size_t len;
	char data[];		/* NUL-terminated for convenience */
};

struct cu_fsnode {
	struct cu_fsnode *parent;
	struct cu_fsnode *children;	/* first child */
	struct cu_fsnode *next, *prev;	/* siblings */
	struct cu_fsnode *hnext;	/* hash chain */
	const char *name;
	uint32_t namelen;
	uint8_t type;			/* enum cu_fs_type */
	bool explicit_entry;		/* written by a tar entry, not implied */
	uint16_t layer;			/* layer that last wrote this node */
	uint16_t seen;			/* last layer that had this path at all */
	uint32_t mode;
	uint32_t uid, gid;
	uint64_t size;
	const char *link;		/* symlink target as stored */
	struct cu_content *content;	/* captured bytes, or NULL */
};

struct cu_fsview {
	struct cu_arena arena;
	struct cu_fsnode root;
	struct cu_fsnode **table;
	size_t nbuckets;
	size_t nnodes;
	size_t captured_bytes;
	size_t nfiles;			/* regular files currently in the view */
	uint64_t files_bytes;		/* their total size */
};

int cu_fsview_init(struct cu_fsview *v);
void cu_fsview_release(struct cu_fsview *v);

/*
 * Apply one tar entry of layer `layer`. For a regular file whose content is
 * wanted, call cu_fsview_capture_* with the node returned in *node.
 */
struct cu_tar_entry;
int cu_fsview_apply(struct cu_fsview *v, int layer, const struct cu_tar_entry *e,
		    struct cu_fsnode **node, struct cu_err *err);
/* The same for a name already normalised with cu_path_normalize. */
int cu_fsview_apply_norm(struct cu_fsview *v, int layer, struct cu_span norm,
			 const struct cu_tar_entry *e, struct cu_fsnode **node,
			 struct cu_err *err);

/* Attach captured content to a node (replacing any). Takes a reference. */
int cu_fsview_set_content(struct cu_fsview *v, struct cu_fsnode *n,
			  struct cu_content *c, struct cu_err *err);
struct cu_content *cu_content_new(struct cu_span data, bool truncated);
void cu_content_put(struct cu_content *c);

/*
 * Look up path (normalised first). Symbolic links in directory components
 * are followed inside the view; the last component is followed when
 * follow is true. NULL when the path does not exist.
 */
struct cu_fsnode *cu_fsview_lookup(const struct cu_fsview *v, const char *path,
				   bool follow);

/* The content of a captured regular file at path, or NULL. */
const struct cu_content *cu_fsview_content(const struct cu_fsview *v,
					   const char *path);

/* Full path of a node ("etc/passwd"), into buf. */
int cu_fsnode_path(const struct cu_fsnode *n, struct cu_buf *buf);

/*
 * Visit every node below start (NULL: the root) depth-first with its path.
 * Return non-zero from fn to stop; that value is returned.
 */
typedef int (*cu_fsview_fn)(void *ctx, const struct cu_fsnode *n,
			    const char *path);
int cu_fsview_walk(const struct cu_fsview *v, const struct cu_fsnode *start,
		   cu_fsview_fn fn, void *ctx);

#endif
