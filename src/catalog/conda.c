/*
 * conda.c - packages of conda environments, from the environment's
 * conda-meta/NAME-VERSION-BUILD.json files: one JSON document per installed
 * package (conda's PrefixRecord: name, version, build, build_number,
 * channel, subdir, fn, url, license, depends[], files[] relative to the
 * environment prefix, paths_data). Any directory named conda-meta is an
 * environment's: /opt/conda, /opt/conda/envs/X, ~/miniforge3 ...
 *
 * purl per the conda type definition (purl-spec types/conda-definition.json):
 *   pkg:conda/numpy@1.26.4?build=py311h64a7726_0&channel=conda-forge&subdir=linux-64&type=conda
 * channel is the channel's name ("conda-forge", "main"), never its URL,
 * which may carry a token.
 *
 * A conda package that is a Python distribution also leaves a dist-info in
 * the environment's site-packages, which the python cataloger reports as a
 * pypi package. The two are kept independent (no owner link): conda builds
 * ship upstream releases, so the pypi package must stay matched against
 * PyPI advisories, which an owner would prevent (docs/matching.md
 * "OS-owned packages"); and the conda package is matched by its own type.
 */
#include "catalog.h"
#include "common.h"
#include "json.h"
#include "path.h"
#include "purl.h"

/* Caps; see also caps.h (CU_CAP_CAPTURE_FILE per file, CU_CAP_PKG_FILES). */
#define CONDA_MAX_RECORDS	200000	/* conda-meta files remembered */
#define CONDA_MAX_DEPENDS	512	/* dependency names per package */

struct conda_state {
	struct cu_arena arena;
	struct cu_map seen;		/* path -> path */
	const char **paths;		/* in the order first seen */
	size_t npaths, alloc;
	bool dropped;			/* CONDA_MAX_RECORDS was reached */
};

static int init(void **state)
{
	struct conda_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_arena_init(&st->arena, 0);
	cu_map_init(&st->seen, CONDA_MAX_RECORDS);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct conda_state *st = state;

	cu_map_release(&st->seen);
	free(st->paths);
	cu_arena_release(&st->arena);
	free(st);
}

static bool is_record(struct cu_span path)
{
	return cu_span_ends_with(path, ".json") &&
	       cu_span_eq_str(cu_path_basename(cu_path_dirname(path)), "conda-meta");
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	return is_record(f->path) ? CU_WANT_KEEP : 0;
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	struct conda_state *st = state;
	char *path;

	if (!is_record(f->path) || cu_map_get(&st->seen, f->path))
		return 0;
	if (st->npaths >= CONDA_MAX_RECORDS) {
		st->dropped = true;
		return 0;
	}
	path = cu_arena_spandup(&st->arena, f->path);
	if (!path || CU_GROW(st->paths, st->alloc, st->npaths + 1) ||
	    cu_map_put(&st->seen, cu_span_str(path), path))
		return CU_ENOMEM;
	st->paths[st->npaths++] = path;
	return 0;
}

/* --- purl ---------------------------------------------------------------- */

static bool is_subdir(struct cu_span s)
{
	return cu_span_eq_str(s, "noarch") || cu_span_starts_with(s, "linux-") ||
	       cu_span_starts_with(s, "osx-") || cu_span_starts_with(s, "win-") ||
	       cu_span_starts_with(s, "emscripten-") || cu_span_starts_with(s, "wasi-") ||
	       cu_span_starts_with(s, "zos-");
}

/*
 * The channel's name from what conda recorded: "conda-forge", "pkgs/main",
 * "https://conda.anaconda.org/conda-forge/linux-64",
 * "https://user:pw@host/t/<token>/channel" -> the last path segment that is
 * not a subdir, if it is a name. *subdir gets that subdir when there was one.
 */
static struct cu_span channel_name(struct cu_span channel, struct cu_span *subdir)
{
	struct cu_span last;

	*subdir = CU_SPAN_NULL;
	while (channel.len && channel.ptr[channel.len - 1] == '/')
		channel.len--;
	last = cu_path_basename(channel);
	if (is_subdir(last) && last.len < channel.len) {
		*subdir = last;
		channel = cu_path_dirname(channel);
		last = cu_path_basename(channel);
	}
	/* a host, or credentials: not a channel name */
	if (cu_span_find(last, ':') >= 0 || cu_span_find(last, '@') >= 0)
		return CU_SPAN_NULL;
	return last;
}

/* "type": the package file format, from the file name or the URL. */
static const char *package_format(const json_t *rec)
{
	struct cu_span fn = cu_json_span(rec, "fn");

	if (!fn.len)
		fn = cu_json_span(rec, "url");
	if (cu_span_ends_with(fn, ".tar.bz2"))
		return "tar.bz2";
	if (cu_span_ends_with(fn, ".conda"))
		return "conda";
	return NULL;
}

static int make_purl(struct cu_catalog *cat, struct cu_pkg *p, const json_t *rec)
{
	struct cu_buf purl = CU_BUF_INIT;
	struct cu_span chan, tail;
	const char *quals[9], *channel = NULL;
	int rc;

	chan = channel_name(cu_json_span(rec, "channel"), &tail);
	if (chan.len && !(channel = cu_arena_spandup(&cat->arena, chan)))
		return CU_ENOMEM;
	if (!p->arch && tail.len && !(p->arch = cu_arena_spandup(&cat->arena, tail)))
		return CU_ENOMEM;
	quals[0] = "build";
	quals[1] = cu_json_str(rec, "build");
	quals[2] = "channel";
	quals[3] = channel;
	quals[4] = "subdir";
	quals[5] = p->arch;
	quals[6] = "type";
	quals[7] = package_format(rec);
	quals[8] = NULL;
	rc = cu_purl_make(&purl, "conda", NULL, p->name, p->version, quals, NULL);
	if (!rc && !(p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len)))
		rc = CU_ENOMEM;
	cu_buf_release(&purl);
	if (rc && rc != CU_ENOMEM)
		return cu_catalog_warn(cat, "%s: no purl for '%s' %s", p->location, p->name,
				       p->version);
	return rc;
}

/* --- lists --------------------------------------------------------------- */

/* Names from match specs: "python >=3.11,<3.12.0a0", "libgcc-ng >=12". */
static int add_depends(struct cu_catalog *cat, struct cu_pkg *p, const json_t *rec)
{
	const json_t *deps = cu_json_array(rec, "depends");
	size_t n = 0, total = deps ? json_array_size(deps) : 0;

	if (total > CONDA_MAX_DEPENDS)
		total = CONDA_MAX_DEPENDS;
	if (!total)
		return 0;
	p->depends = cu_arena_calloc(&cat->arena, total + 1, sizeof(*p->depends));
	if (!p->depends)
		return CU_ENOMEM;
	for (size_t i = 0; i < total; i++) {
		const json_t *d = json_array_get(deps, i);
		struct cu_span spec, name;

		if (!json_is_string(d))
			continue;
		spec = cu_span_trim(cu_span_make(json_string_value(d), json_string_length(d)));
		cu_span_split(&spec, ' ', &name);
		if (name.len && !(p->depends[n++] = cu_arena_spandup(&cat->arena, name)))
			return CU_ENOMEM;
	}
	return 0;
}

/* files[], or the _path of paths_data.paths[] when files is missing. */
static const json_t *file_entry(const json_t *rec, size_t i, bool *from_paths)
{
	const json_t *files = cu_json_array(rec, "files");

	*from_paths = !files;
	if (files)
		return json_array_get(files, i);
	files = cu_json_array(cu_json_object(rec, "paths_data"), "paths");
	return json_array_get(files, i);
}

static size_t file_count(const json_t *rec)
{
	const json_t *files = cu_json_array(rec, "files");

	if (!files)
		files = cu_json_array(cu_json_object(rec, "paths_data"), "paths");
	return files ? json_array_size(files) : 0;
}

/* Conda's paths never leave the prefix; one that does is not taken. */
static bool in_prefix(const struct cu_buf *norm, struct cu_span prefix)
{
	struct cu_span path = cu_buf_span(norm);

	if (!prefix.len)
		return path.len > 0;
	return path.len > prefix.len && path.ptr[prefix.len] == '/' &&
	       !memcmp(path.ptr, prefix.ptr, prefix.len);
}

static int add_files(struct cu_catalog *cat, struct cu_pkg *p, const json_t *rec,
		     struct cu_span prefix)
{
	struct cu_buf joined, norm = CU_BUF_INIT;
	size_t total = file_count(rec);
	int rc = 0;

	if (total > CU_CAP_PKG_FILES)
		total = CU_CAP_PKG_FILES;
	if (!total)
		return 0;
	p->files = cu_arena_calloc(&cat->arena, total + 1, sizeof(*p->files));
	if (!p->files)
		return CU_ENOMEM;
	cu_buf_init(&joined, 2 * CU_CAP_PATH_BYTES);
	for (size_t i = 0; i < total && !rc; i++) {
		bool from_paths;
		const json_t *f = file_entry(rec, i, &from_paths);
		struct cu_span rel = from_paths ? cu_json_span(f, "_path") :
				     json_is_string(f) ? cu_span_make(json_string_value(f),
								     json_string_length(f)) :
				     CU_SPAN_NULL;

		cu_buf_reset(&joined);
		if (!rel.len || cu_buf_addf(&joined, "%.*s/%.*s", (int)prefix.len, prefix.ptr,
					    (int)rel.len, rel.ptr) ||
		    cu_path_normalize(cu_buf_span(&joined), &norm) || !in_prefix(&norm, prefix))
			continue;
		p->files[p->nfiles] = cu_arena_strndup(&cat->arena, norm.buf, norm.len);
		rc = p->files[p->nfiles++] ? 0 : CU_ENOMEM;
	}
	cu_buf_release(&joined);
	cu_buf_release(&norm);
	return rc;
}

/* --- packages ------------------------------------------------------------ */

static const char *json_text(struct cu_catalog *cat, const json_t *rec, const char *key)
{
	return cu_catalog_str(cat, cu_json_span(rec, key));
}

static int add_record(struct cu_catalog *cat, const char *path, int layer,
		      const json_t *rec, struct cu_err *err)
{
	struct cu_span prefix = cu_path_dirname(cu_path_dirname(cu_span_str(path)));
	struct cu_pkg *p;
	int rc;

	if (!cu_json_span(rec, "name").len || !cu_json_span(rec, "version").len)
		return cu_catalog_warn(cat, "%s: no %s, skipped", path,
				       cu_json_span(rec, "name").len ? "version" : "name");
	p = cu_catalog_new_pkg(cat);
	if (!p)
		return cu_seterr(err, CU_ENOMEM, "cannot record package from '%s'", path);
	p->type = "conda";
	p->cataloger = "conda";
	p->found_by = "conda-meta";
	p->layer = layer;
	p->location = cu_arena_strdup(&cat->arena, path);
	p->name = json_text(cat, rec, "name");
	p->version = json_text(cat, rec, "version");
	p->source_name = p->name;
	p->source_version = p->version;
	p->arch = json_text(cat, rec, "subdir");
	p->license = json_text(cat, rec, "license");
	rc = p->location && p->name && p->version ? 0 : CU_ENOMEM;
	if (!rc)
		rc = make_purl(cat, p, rec);
	if (!rc)
		rc = add_depends(cat, p, rec);
	if (!rc)	/* of the package archive conda installed */
		rc = cu_pkg_add_hash(cat, p, cu_span_str("sha256"), cu_json_span(rec, "sha256"));
	if (!rc)
		rc = cu_pkg_add_hash(cat, p, cu_span_str("md5"), cu_json_span(rec, "md5"));
	if (!rc)
		rc = add_files(cat, p, rec, prefix);
	return rc ? cu_seterr(err, rc, "cannot record package from '%s'", path) : 0;
}

static int catalog_one(struct cu_catalog *cat, const struct cu_fsview *view,
		       const char *path, struct cu_err *err)
{
	const struct cu_fsnode *n = cu_fsview_lookup(view, path, false);
	struct cu_err jerr = { 0 };
	json_t *rec = NULL;
	int rc;

	if (!n || n->type != CU_FS_FILE || !n->content)
		return 0;	/* deleted or replaced by a later layer */
	if (n->content->truncated)
		return cu_catalog_warn(cat, "%s: larger than %llu bytes, skipped", path,
				       (unsigned long long)CU_CAP_CAPTURE_FILE);
	if (cu_json_parse(cu_span_make(n->content->data, n->content->len), path, &rec, &jerr))
		return cu_catalog_warn(cat, "%s", cu_err_message(&jerr));
	if (json_is_object(rec))
		rc = add_record(cat, path, n->layer, rec, err);
	else
		rc = cu_catalog_warn(cat, "%s: not a JSON object, skipped", path);
	json_decref(rec);
	return rc;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct conda_state *st = state;
	int rc = 0;

	for (size_t i = 0; i < st->npaths && !rc; i++)
		rc = catalog_one(cat, view, st->paths[i], err);
	if (!rc && st->dropped)
		rc = cu_catalog_warn(cat, "conda: more than %d conda-meta files, "
				     "the rest not read", CONDA_MAX_RECORDS);
	return rc;
}

const struct cu_cataloger_ops cu_cataloger_conda = {
	.name = "conda",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
