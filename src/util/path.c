/*
 * path.c - lexical path normalisation inside the image root.
 */
#include "common.h"
#include "path.h"

static void pop_component(struct cu_buf *out)
{
	while (out->len && out->buf[out->len - 1] != '/')
		out->len--;
	if (out->len)
		out->len--;	/* the separator */
	out->buf[out->len] = '\0';
}

int cu_path_normalize(struct cu_span path, struct cu_buf *out)
{
	struct cu_span rest = path, comp;
	size_t depth = 0;
	int rc;

	cu_buf_reset(out);
	if (path.len > CU_CAP_PATH_BYTES)
		return CU_ETOOBIG;
	if (path.len && memchr(path.ptr, '\0', path.len))
		return CU_EFORMAT;
	rc = cu_buf_reserve(out, path.len);
	if (rc)
		return rc;
	while (rest.len) {
		cu_span_split(&rest, '/', &comp);
		if (comp.len == 0 || cu_span_eq_str(comp, "."))
			continue;
		if (cu_span_eq_str(comp, "..")) {
			if (!depth)
				return CU_EUNSAFE;
			pop_component(out);
			depth--;
			continue;
		}
		if (++depth > CU_CAP_PATH_DEPTH)
			return CU_ETOOBIG;
		if (out->len)
			cu_buf_addch(out, '/');
		cu_buf_addspan(out, comp);
	}
	if (!out->buf)
		return cu_buf_add(out, "", 0);
	return 0;
}

struct cu_span cu_path_basename(struct cu_span path)
{
	ptrdiff_t i = cu_span_rfind(path, '/');

	return i < 0 ? path : cu_span_skip(path, (size_t)i + 1);
}

struct cu_span cu_path_dirname(struct cu_span path)
{
	ptrdiff_t i = cu_span_rfind(path, '/');

	return i < 0 ? cu_span_make(path.ptr, 0) : cu_span_sub(path, 0, (size_t)i);
}
