/*
 * build.c - the layer visitor that applies tar entries to the view and
 * hands wanted file content to the capture policy.
 */
#include "build.h"
#include "common.h"
#include "path.h"

struct builder {
	struct cu_fsview *view;
	int layer;
	const struct cu_capture_policy *pol;
	struct cu_buf norm;
	struct cu_fsnode *node;	/* receiving data */
	unsigned want;		/* CU_WANT_* for the current file */
	bool streaming;		/* the policy still wants streamed data */
	bool open;		/* a file is between want() and end() */
	struct cu_buf data;
	bool truncated;
};

static int on_entry(void *ctx, const struct cu_tar_entry *e, int *want,
		    struct cu_err *err)
{
	struct builder *b = ctx;
	int rc = cu_path_normalize(e->name, &b->norm);
	int n = (int)(e->name.len > 200 ? 200 : e->name.len);

	if (rc == CU_EUNSAFE)
		return cu_seterr(err, CU_EUNSAFE, "entry '%.*s' points outside the image root",
				 n, e->name.ptr);
	if (rc)
		return cu_seterr(err, rc, "bad entry name '%.*s'", n, e->name.ptr);
	rc = cu_fsview_apply_norm(b->view, b->layer, cu_buf_span(&b->norm), e,
				  &b->node, err);
	if (rc)
		return rc;
	b->want = 0;
	if (b->node && e->type == CU_ENTRY_FILE && b->pol && b->pol->want)
		b->want = b->pol->want(b->pol->ctx, b->layer, cu_buf_span(&b->norm), e);
	*want = b->want != 0;
	b->open = b->want != 0;
	b->streaming = (b->want & CU_WANT_STREAM) != 0;
	if (b->want & CU_WANT_KEEP) {
		cu_buf_reset(&b->data);
		b->truncated = false;
	}
	return 0;
}

static int on_data(void *ctx, const void *buf, size_t len, struct cu_err *err)
{
	struct builder *b = ctx;
	int rc;

	if (b->streaming) {
		rc = b->pol->data(b->pol->ctx, buf, len, err);
		if (rc == CU_LAYER_ENOUGH)
			b->streaming = false;
		else if (rc)
			return rc;
	}
	if ((b->want & CU_WANT_KEEP) && !b->truncated &&
	    cu_buf_add(&b->data, buf, len) == CU_ETOOBIG) {
		size_t room = CU_CAP_CAPTURE_FILE - b->data.len;

		cu_buf_add(&b->data, buf, room < len ? room : len);
		b->truncated = true;
	}
	if (!b->streaming && !(b->want & CU_WANT_KEEP))
		return CU_LAYER_ENOUGH;
	return 0;
}

static int on_entry_end(void *ctx, struct cu_err *err)
{
	struct builder *b = ctx;
	struct cu_content *c = NULL;
	int rc;

	b->open = false;
	if (b->want & CU_WANT_KEEP) {
		c = cu_content_new(cu_buf_span(&b->data), b->truncated);
		if (!c)
			return CU_ENOMEM;
		rc = cu_fsview_set_content(b->view, b->node, c, err);
		if (rc)
			return rc;
	}
	return b->pol->end(b->pol->ctx, b->layer, cu_buf_span(&b->norm), c, true, err);
}

static const struct cu_layer_visitor visitor = {
	.entry = on_entry,
	.data = on_data,
	.entry_end = on_entry_end,
};

int cu_fsview_add_stream(struct cu_fsview *v, int layer, struct cu_reader *src,
			 const char *blob_digest, const char *diff_id,
			 unsigned layer_flags, const struct cu_capture_policy *pol,
			 struct cu_layer_stats *stats, struct cu_err *err)
{
	struct builder b = { .view = v, .layer = layer, .pol = pol };
	int rc;

	cu_buf_init(&b.norm, CU_CAP_PATH_BYTES + 1);
	cu_buf_init(&b.data, CU_CAP_CAPTURE_FILE);
	rc = cu_layer_walk_reader(src, blob_digest, diff_id, layer_flags, &visitor,
				  &b, stats, err);
	if (b.open)	/* the layer failed inside a wanted file */
		pol->end(pol->ctx, layer, cu_buf_span(&b.norm), NULL, false, NULL);
	cu_buf_release(&b.norm);
	cu_buf_release(&b.data);
	return rc;
}

int cu_fsview_add_layer(struct cu_fsview *v, struct cu_image *img, size_t index,
			unsigned layer_flags, const struct cu_capture_policy *pol,
			struct cu_layer_stats *stats, struct cu_err *err)
{
	struct cu_layer *l = &img->layers[index];
	struct cu_layer_stats local;
	struct cu_reader *src;
	int rc = cu_image_open_layer(img, index, &src, err);

	if (rc)
		return rc;
	if (!stats)
		stats = &local;
	rc = cu_fsview_add_stream(v, (int)index, src, l->digest, l->diff_id,
				  layer_flags, pol, stats, err);
	l->compression = stats->compression;
	if (rc)
		return cu_seterr(err, rc, "layer %zu (%s)", index,
				 l->digest[0] ? l->digest : l->diff_id);
	return 0;
}
