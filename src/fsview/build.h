/*
 * build.h - feed an image's layers into a filesystem view, handing the
 * content of files that later stages asked for to them, in one streamed
 * pass per layer.
 *
 * For each regular file the policy decides: keep the content in the view
 * (small package databases), stream it to the policy as it passes (binaries
 * and archives that are examined on the fly and not kept), or both.
 */
#ifndef CU_FSVIEW_BUILD_H
#define CU_FSVIEW_BUILD_H

#include "fsview.h"
#include "image/image.h"
#include "image/layer.h"

enum cu_want_flags {
	CU_WANT_KEEP = 1 << 0,		/* keep the content in the view */
	CU_WANT_STREAM = 1 << 1,	/* pass the content to data() */
};

struct cu_capture_policy {
	/* A regular file of `layer` starts; path is normalised. CU_WANT_* flags. */
	unsigned (*want)(void *ctx, int layer, struct cu_span path,
			 const struct cu_tar_entry *e);
	/* Content of a streamed file: 0 to go on, CU_LAYER_ENOUGH to stop. */
	int (*data)(void *ctx, const void *buf, size_t len, struct cu_err *err);
	/*
	 * The file ended. complete is false when its layer failed part way
	 * (the policy only releases what it holds then). kept is the content
	 * when CU_WANT_KEEP was asked (every version of such a file is seen
	 * here, not only the one that survives in the end).
	 */
	int (*end)(void *ctx, int layer, struct cu_span path,
		   const struct cu_content *kept, bool complete, struct cu_err *err);
	void *ctx;
};

/* Apply layer `index` of img to v. */
int cu_fsview_add_layer(struct cu_fsview *v, struct cu_image *img, size_t index,
			unsigned layer_flags, const struct cu_capture_policy *pol,
			struct cu_layer_stats *stats, struct cu_err *err);

/* The same from any layer stream (tests, fuzzing). */
int cu_fsview_add_stream(struct cu_fsview *v, int layer, struct cu_reader *src,
			 const char *blob_digest, const char *diff_id,
			 unsigned layer_flags, const struct cu_capture_policy *pol,
			 struct cu_layer_stats *stats, struct cu_err *err);

#endif
