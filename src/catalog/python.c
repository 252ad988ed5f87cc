/*
 * python.c - Python distributions installed in the image, read from their
 * installed metadata (PyPA "Core metadata specifications" 1.0-2.4, PEP 376
 * and PEP 627 "Recording installed projects", PEP 639 License-Expression):
 *
 *   NAME-VER.dist-info/METADATA (+ RECORD)     wheels installed by pip, uv ...
 *   NAME-VER[-pyX.Y].egg-info/PKG-INFO         setuptools (+ requires.txt,
 *                                              installed-files.txt)
 *   NAME-VER[-pyX.Y].egg-info                  a plain file: distutils, Debian
 *   NAME-VER-pyX.Y.egg/EGG-INFO/PKG-INFO       an unzipped egg
 *   NAME-VER-pyX.Y.egg                         a zipped egg, streamed and read
 *                                              with libarchive from memory
 *
 * dist-info and egg-info count wherever they are (site-packages of any
 * interpreter, virtualenvs, "pip install --target" trees like AWS Lambda's
 * /var/task); eggs only directly in a site-packages or dist-packages
 * directory, since elsewhere they are build caches (a project's .eggs/).
 *
 * Metadata files are remembered as layers pass and read from the final
 * view, so a dist-info that a later layer deleted is gone with it and an
 * upgraded one is found once, at its new version; a package's layer is the
 * layer of its metadata file. A distribution whose metadata is in an OS
 * package's file list (Debian's python3-* packages) gets that package as
 * its owner. The INSTALLER file is not read: found_by names the evidence
 * kind only, and struct cu_pkg has no field for the installing tool.
 *
 * This file finds the files and reads eggs; python-meta.c reads the
 * metadata into a package.
 */
#include <archive.h>
#include <archive_entry.h>

#include "common.h"
#include "path.h"
#include "python.h"

/* Caps; see also caps.h (CU_CAP_CAPTURE_FILE per file) and python-meta.c. */
#define PY_MAX_DISTS		200000		/* metadata files remembered */
#define PY_MAX_EGG_BYTES	(256 * CU_MiB)	/* a zipped egg, held whole */
#define PY_MAX_EGG_META		(4 * CU_MiB)	/* PKG-INFO in one egg */
#define PY_MAX_EGG_TEXT		(64 * CU_MiB)	/* all egg metadata held */
#define PY_MAX_EGG_ENTRIES	100000		/* zip members looked at */

#define EGG_TOO_BIG "egg larger than %llu bytes not read"

enum py_role { PY_SKIP, PY_META, PY_AUX, PY_EGG };

/* A metadata file seen in some layer; eggs carry what was read from them. */
struct py_meta {
	const char *path;
	enum cu_py_kind kind;
	int layer;			/* eggs: the layer read, -1 if none */
	struct cu_span pkg_info, requires;
	const char *problem;		/* eggs: why it could not be read */
};

struct py_state {
	struct cu_arena arena;
	struct cu_map seen;		/* path -> struct py_meta */
	struct py_meta **metas;		/* in the order first seen */
	size_t nmetas, alloc;
	size_t egg_text;		/* bytes of egg metadata held */
	bool dropped;			/* PY_MAX_DISTS was reached */
};

/* A zipped egg passing by. */
struct py_stream {
	struct py_meta *meta;
	int layer;
	struct cu_buf zip;
	bool too_big;
};

static int init(void **state)
{
	struct py_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_arena_init(&st->arena, 0);
	cu_map_init(&st->seen, PY_MAX_DISTS);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct py_state *st = state;

	cu_map_release(&st->seen);
	free(st->metas);
	cu_arena_release(&st->arena);
	free(st);
}

/* --- which files --------------------------------------------------------- */

static bool is_site_dir(struct cu_span dir)
{
	struct cu_span name = cu_path_basename(dir);

	return cu_span_eq_str(name, "site-packages") ||
	       cu_span_eq_str(name, "dist-packages");
}

static bool is_site_egg(struct cu_span dir)
{
	return cu_span_ends_with(cu_path_basename(dir), ".egg") &&
	       is_site_dir(cu_path_dirname(dir));
}

/* Cheap: runs for every file of the image; the basename decides first. */
static enum py_role classify(struct cu_span path, enum cu_py_kind *kind)
{
	struct cu_span base = cu_path_basename(path), dir, parent;
	bool meta = cu_span_eq_str(base, "METADATA") || cu_span_eq_str(base, "PKG-INFO");

	if (meta || cu_span_eq_str(base, "RECORD") || cu_span_eq_str(base, "requires.txt") ||
	    cu_span_eq_str(base, "installed-files.txt")) {
		dir = cu_path_dirname(path);
		parent = cu_path_basename(dir);
		if (base.ptr[0] == 'M' || base.ptr[0] == 'R')
			*kind = CU_PY_DIST_INFO;
		else if (cu_span_ends_with(parent, ".egg-info"))
			*kind = CU_PY_EGG_INFO_DIR;
		else if (cu_span_eq_str(parent, "EGG-INFO") && is_site_egg(cu_path_dirname(dir)))
			*kind = CU_PY_EGG_DIR;
		else
			return PY_SKIP;
		if (*kind == CU_PY_DIST_INFO && !cu_span_ends_with(parent, ".dist-info"))
			return PY_SKIP;
		return meta ? PY_META : PY_AUX;
	}
	*kind = CU_PY_EGG_INFO_FILE;
	if (cu_span_ends_with(base, ".egg-info"))
		return PY_META;
	*kind = CU_PY_EGG_ZIP;
	if (cu_span_ends_with(base, ".egg") && is_site_dir(cu_path_dirname(path)))
		return PY_EGG;
	return PY_SKIP;
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	enum cu_py_kind kind;

	switch (classify(f->path, &kind)) {
	case PY_META:
	case PY_AUX:
		return CU_WANT_KEEP;
	case PY_EGG:
		return CU_WANT_STREAM;
	default:
		return 0;
	}
}

/* *out is NULL when PY_MAX_DISTS files are remembered already. */
static int remember(struct py_state *st, struct cu_span path, enum cu_py_kind kind,
		    struct py_meta **out)
{
	struct py_meta *m = cu_map_get(&st->seen, path);

	*out = m;
	if (m)
		return 0;
	if (st->nmetas >= PY_MAX_DISTS) {
		st->dropped = true;
		return 0;
	}
	m = cu_arena_alloc(&st->arena, sizeof(*m));
	if (!m || !(m->path = cu_arena_spandup(&st->arena, path)) ||
	    CU_GROW(st->metas, st->alloc, st->nmetas + 1) ||
	    cu_map_put(&st->seen, cu_span_str(m->path), m))
		return CU_ENOMEM;
	m->kind = kind;
	m->layer = -1;
	st->metas[st->nmetas++] = m;
	*out = m;
	return 0;
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	struct py_meta *m;
	enum cu_py_kind kind;

	if (classify(f->path, &kind) != PY_META)
		return 0;
	return remember(state, f->path, kind, &m);
}

/* --- zipped eggs --------------------------------------------------------- */

static void egg_problem(struct py_state *st, struct py_meta *m, int layer,
			const char *problem)
{
	m->layer = layer;
	m->pkg_info = m->requires = CU_SPAN_NULL;
	m->problem = problem ? cu_arena_strdup(&st->arena, problem) : NULL;
	if (problem && !m->problem)
		m->problem = "cannot be read";
}

static int stream_begin(void *state, const struct cu_file_info *f, void **file,
			struct cu_err *err)
{
	struct py_state *st = state;
	struct py_stream *s;
	struct py_meta *m;
	int rc = remember(st, f->path, CU_PY_EGG_ZIP, &m);

	*file = NULL;
	if (rc || !m)
		return rc;
	if (f->size > PY_MAX_EGG_BYTES) {
		char why[128];

		snprintf(why, sizeof(why), EGG_TOO_BIG, PY_MAX_EGG_BYTES);
		egg_problem(st, m, f->layer, why);
		return 0;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return CU_ENOMEM;
	s->meta = m;
	s->layer = f->layer;
	cu_buf_init(&s->zip, PY_MAX_EGG_BYTES);
	if (cu_buf_reserve(&s->zip, (size_t)f->size)) {
		free(s);
		return CU_ENOMEM;
	}
	*file = s;
	return 0;
}

static int stream_data(void *state, void *file, const void *buf, size_t len,
		       struct cu_err *err)
{
	struct py_stream *s = file;

	if (cu_buf_add(&s->zip, buf, len)) {
		s->too_big = true;
		return CU_LAYER_ENOUGH;
	}
	return 0;
}

static int read_member(struct archive *a, struct cu_buf *dst)
{
	char chunk[16384];
	la_ssize_t n;

	cu_buf_reset(dst);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0)
		if (cu_buf_add(dst, chunk, (size_t)n))
			return CU_ETOOBIG;
	return n < 0 ? CU_EFORMAT : 0;
}

/* EGG-INFO/PKG-INFO and EGG-INFO/requires.txt of a zipped egg. */
static int egg_unzip(struct cu_span zip, struct cu_buf *info, struct cu_buf *req,
		     char *why, size_t whylen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	bool found = false;
	int rc = CU_EFORMAT, r;

	if (!a)
		return CU_ENOMEM;
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, zip.ptr, zip.len) != ARCHIVE_OK)
		goto out;
	for (size_t n = 0; n < PY_MAX_EGG_ENTRIES; n++) {
		struct cu_span name;

		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			goto out;
		name = cu_span_str(archive_entry_pathname(ae));
		if (cu_span_eq_str(name, "EGG-INFO/PKG-INFO")) {
			found = true;
			if ((rc = read_member(a, info)))
				goto out;
		} else if (cu_span_eq_str(name, "EGG-INFO/requires.txt")) {
			if ((rc = read_member(a, req)))
				goto out;
		}
	}
	rc = found ? 0 : CU_ENOTFOUND;
out:
	if (rc == CU_ENOTFOUND)
		snprintf(why, whylen, "egg without EGG-INFO/PKG-INFO");
	else if (rc == CU_ETOOBIG)
		snprintf(why, whylen, "egg metadata larger than %llu bytes", PY_MAX_EGG_META);
	else if (rc)
		snprintf(why, whylen, "egg not readable: %s",
			 archive_error_string(a) ? archive_error_string(a) : "not a zip archive");
	archive_read_free(a);
	return rc;
}

/* An arena copy of what b holds; false when out of memory. */
static bool keep_text(struct py_state *st, const struct cu_buf *b, struct cu_span *out)
{
	*out = CU_SPAN_NULL;
	if (!b->len)
		return true;
	*out = cu_span_make(cu_arena_strndup(&st->arena, b->buf, b->len), b->len);
	st->egg_text += b->len;
	return out->ptr != NULL;
}

static int egg_read(struct py_state *st, struct py_stream *s)
{
	struct py_meta *m = s->meta;
	struct cu_buf info, req;
	char why[256] = "";
	int rc = 0;

	cu_buf_init(&info, PY_MAX_EGG_META);
	cu_buf_init(&req, PY_MAX_EGG_META);
	if (s->too_big)
		snprintf(why, sizeof(why), EGG_TOO_BIG, PY_MAX_EGG_BYTES);
	else if (egg_unzip(cu_buf_span(&s->zip), &info, &req, why, sizeof(why)) == CU_ENOMEM)
		rc = CU_ENOMEM;
	else if (!why[0] && st->egg_text + info.len + req.len > PY_MAX_EGG_TEXT)
		snprintf(why, sizeof(why), "egg metadata past %llu bytes in all not read",
			 PY_MAX_EGG_TEXT);
	egg_problem(st, m, s->layer, why[0] ? why : NULL);
	if (!rc && !why[0] && (!keep_text(st, &info, &m->pkg_info) ||
			       !keep_text(st, &req, &m->requires)))
		rc = CU_ENOMEM;
	cu_buf_release(&info);
	cu_buf_release(&req);
	return rc;
}

static int stream_end(void *state, void *file, bool complete, struct cu_err *err)
{
	struct py_stream *s = file;
	int rc = complete ? egg_read(state, s) : 0;

	cu_buf_release(&s->zip);
	free(s);
	return rc;
}

static struct cu_span dist_dir(const struct py_meta *m)
{
	struct cu_span path = cu_span_str(m->path);

	switch (m->kind) {
	case CU_PY_DIST_INFO:
	case CU_PY_EGG_INFO_DIR:
		return cu_path_dirname(path);
	case CU_PY_EGG_DIR:
		return cu_path_dirname(cu_path_dirname(path));
	default:
		return path;
	}
}

static int catalog_one(struct py_state *st, struct cu_catalog *cat,
		       const struct cu_fsview *view, const struct py_meta *m,
		       struct cu_err *err)
{
	struct cu_py_dist d = { .kind = m->kind, .location = m->path, .distdir = dist_dir(m) };
	const struct cu_content *req = NULL;
	const struct cu_fsnode *n;

	if (m->kind == CU_PY_EGG_ZIP) {
		if (!cu_catalog_visible(view, m->path, m->layer))
			return 0;
		if (m->problem)
			return cu_catalog_warn(cat, "%s: %s", m->path, m->problem);
		d.text = m->pkg_info;
		d.requires = m->requires;
		d.layer = m->layer;
		return cu_py_add_dist(cat, view, &d, err);
	}
	n = cu_fsview_lookup(view, m->path, false);
	if (!n || n->type != CU_FS_FILE || !n->content)
		return 0;	/* deleted or replaced by a later layer */
	if (n->content->truncated)
		return cu_catalog_warn(cat, "%s: larger than %llu bytes, skipped", m->path,
				       (unsigned long long)CU_CAP_CAPTURE_FILE);
	d.text = cu_span_make(n->content->data, n->content->len);
	d.layer = n->layer;
	if (m->kind == CU_PY_EGG_INFO_DIR)
		req = cu_py_aux_file(view, d.distdir, "requires.txt");
	else if (m->kind == CU_PY_EGG_DIR)
		req = cu_py_aux_file(view, d.distdir, "EGG-INFO/requires.txt");
	if (req)
		d.requires = cu_span_make(req->data, req->len);
	return cu_py_add_dist(cat, view, &d, err);
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct py_state *st = state;
	int rc = 0;

	for (size_t i = 0; i < st->nmetas && !rc; i++)
		rc = catalog_one(st, cat, view, st->metas[i], err);
	if (!rc && st->dropped)
		rc = cu_catalog_warn(cat, "python: more than %d metadata files, the rest not read",
				     PY_MAX_DISTS);
	return rc;
}

const struct cu_cataloger_ops cu_cataloger_python = {
	.name = "python",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.stream_begin = stream_begin,
	.stream_data = stream_data,
	.stream_end = stream_end,
	.catalog = catalog,
};
