/*
 * build.h - feed an image's layers into a filesystem view, capturing the
 * files that later stages asked for, in one streamed pass per layer.
 */
#ifndef CU_FSVIEW_BUILD_H
#define CU_FSVIEW_BUILD_H

#include "fsview.h"
#include "image/image.h"
#include "image/layer.h"

struct cu_capture_policy {
	/* Keep this file's content? path is normalised ("var/lib/dpkg/status"). */
	bool (*want)(void *ctx, struct cu_span path);
	/*
	 * Optional: a wanted file of layer `layer` is complete. Called for every
	 * version of the file, not only the one that survives in the end.
	 */
	int (*captured)(void *ctx, int layer, struct cu_span path,
			const struct cu_content *c, struct cu_err *err);
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
