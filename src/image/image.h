/*
 * image.h - a container image as customs sees it: an ordered list of layers
 * plus the config, whatever form it was stored in.
 *
 * Sources (docker-archive, OCI layout, OCI archive; see source.h) resolve a
 * reference to one platform's image manifest and config, and hand out
 * readers over the layer blobs. Specs: OCI image-spec v1.1 (image-layout,
 * image-index, manifest, config) and the Docker image manifest v2 schema 2 /
 * `docker save` archive layout.
 */
#ifndef CU_IMAGE_H
#define CU_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "digest.h"
#include "err.h"
#include "reader.h"


enum cu_compression {
	CU_COMP_UNKNOWN = 0,	/* decided from the first bytes */
	CU_COMP_NONE,
	CU_COMP_GZIP,
	CU_COMP_ZSTD,
};

struct cu_layer {
	int index;			/* 0 = bottom layer */
	char digest[CU_DIGEST_MAX];	/* blob digest ("" if the source has none) */
	char diff_id[CU_DIGEST_MAX];	/* digest of the uncompressed tar */
	const char *media_type;
	uint64_t size;			/* blob size from the manifest, 0 if unknown */
	enum cu_compression compression;
	const char *created_by;		/* history instruction, or NULL */
	const char *created;		/* history timestamp, or NULL */
	const char *location;		/* where the blob lives in the source */
};

struct cu_image_options {
	const char *platform;	/* "os/arch[/variant]"; NULL = linux/amd64 */
};

struct cu_image_source_ops;

struct cu_image {
	struct cu_arena arena;
	const char *ref;		/* as the user gave it */
	const char *path;		/* host path of the archive or directory */
	const char *tag;		/* tag asked for or found, or NULL */
	const struct cu_image_source_ops *source;
	void *source_state;

	char manifest_digest[CU_DIGEST_MAX];
	char config_digest[CU_DIGEST_MAX];
	const char *manifest_media_type;
	const char **repo_tags;		/* NULL-terminated */

	/* from the config */
	const char *os, *architecture, *variant;
	const char *created;
	const char *user;
	const char **env;		/* NULL-terminated "K=V" */
	const char **labels;		/* NULL-terminated pairs: k, v, k, v, ... */
	const char **entrypoint, **cmd;	/* NULL-terminated or NULL */
	uint64_t layers_size;		/* sum of blob sizes when known */

	struct cu_layer *layers;
	size_t nlayers;
	/* all history entries, including empty_layer ones */
	struct cu_history {
		const char *created_by;
		const char *created;
		bool empty_layer;
	} *history;
	size_t nhistory;
};

/*
 * Open the image named by ref. Accepted forms:
 *   docker-archive:FILE   oci-archive:FILE[:TAG]   oci:DIR[:TAG]
 *   FILE or DIR           (the form is detected from the contents)
 * Errors: CU_ENOTFOUND (no such file, tag or platform), CU_EFORMAT,
 * CU_EUNSAFE, CU_ETOOBIG, CU_EUNSUPPORTED (e.g. a registry reference).
 */
int cu_image_open(const char *ref, const struct cu_image_options *opts,
		  struct cu_image **out, struct cu_err *err);
void cu_image_free(struct cu_image *img);

/* A reader over layer i's blob as stored (compressed or not). */
int cu_image_open_layer(struct cu_image *img, size_t i, struct cu_reader **out,
			struct cu_err *err);

/* "docker-archive", "oci-layout", "oci-archive" */
const char *cu_image_source_name(const struct cu_image *img);

/* "gzip", "zstd", "none" */
const char *cu_compression_name(enum cu_compression c);

/*
 * How many bottom layers came from the base image: guessed from the
 * history (a base image's CMD/ENTRYPOINT, a leading rootfs ADD), or -1 when
 * the history does not tell (src/image/base.c).
 */
int cu_image_base_layers_from_history(const struct cu_image *img);
/* The same, exactly, given the base image: its layers that img starts with. */
int cu_image_base_layers_from(const struct cu_image *img, const struct cu_image *base);

/* A label's value, or NULL. */
const char *cu_image_label(const struct cu_image *img, const char *key);

#endif
