/*
 * mlstack.c - the accelerator stack of an ML image (docs/ml-stack.md):
 * which CUDA, cuDNN, NCCL and TensorRT it carries and which frameworks are
 * built against them, from four kinds of evidence:
 *   - distribution packages (cuda-cudart-12-1, libcudnn8, libnccl2, libnvinfer8 ...),
 *   - Python wheels (nvidia-cudnn-cu12, torch 2.1.0+cu121, tensorflow, jaxlib),
 *   - shared library file names (libcudart.so.12.1.105 ...),
 *   - image labels (com.nvidia.cuda.version, com.nvidia.cudnn.version) and
 *     the toolkit's version.json.
 * It also notes when a framework was built for another CUDA than the one
 * the image carries.
 */
#include "catalog.h"
#include "common.h"
#include "json.h"
#include "path.h"

enum comp { CUDA, CUDNN, NCCL, TENSORRT, TORCH, TENSORFLOW, JAX, NCOMP };

static const char *const comp_names[NCOMP] = {
	"cuda", "cudnn", "nccl", "tensorrt", "torch", "tensorflow", "jax",
};

struct evidence {
	int rank;		/* lower is more direct */
	char version[64];
	char text[256];
};

struct ml_state {
	struct evidence ev[NCOMP][16];
	size_t nev[NCOMP];
	char torch_cuda[16];	/* "12.1" from torch's +cu121 */
};

static unsigned want(void *state, const struct cu_file_info *f)
{
	struct cu_span base = cu_path_basename(f->path);

	if (cu_span_eq_str(base, "version.json") && cu_span_starts_with(f->path, "usr/local/cuda"))
		return CU_WANT_KEEP;
	return 0;
}

/* Record evidence "<what> <detail>" for component c. */
static void add(struct ml_state *st, enum comp c, int rank, struct cu_span version,
		const char *what, const char *detail)
{
	struct evidence *e;

	if (st->nev[c] >= CU_ARRAY_SIZE(st->ev[c]) || !version.len)
		return;
	e = &st->ev[c][st->nev[c]++];
	e->rank = rank;
	snprintf(e->version, sizeof(e->version), "%.*s", (int)version.len, version.ptr);
	snprintf(e->text, sizeof(e->text), "%s %s", what, detail);
}

/* "12.1.105-1" -> "12.1.105"; "8.9.2.26-1+cuda12.1" -> "8.9.2.26"; drop an epoch */
static struct cu_span upstream(const char *v)
{
	struct cu_span s = cu_span_str(v);
	ptrdiff_t colon = cu_span_find(s, ':'), dash;

	if (colon >= 0)
		s = cu_span_skip(s, (size_t)colon + 1);
	dash = cu_span_find(s, '-');
	if (dash > 0)
		s.len = (size_t)dash;
	return s;
}

/* "2.1.0+cu121" -> "12.1"; "+cu118" -> "11.8" */
static void cuda_of_local(const char *v, char *out, size_t len)
{
	const char *p = strstr(v, "+cu");
	size_t n = 0;

	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	while (p[n] >= '0' && p[n] <= '9')
		n++;
	if (n >= 3)
		snprintf(out, len, "%.*s.%.*s", (int)(n - 1), p, 1, p + n - 1);
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void from_os_package(struct ml_state *st, const struct cu_pkg *p)
{
	const char *n = p->name;
	struct cu_span v = upstream(p->version);

	if (starts(n, "cuda-cudart-") || starts(n, "cuda-runtime-") || starts(n, "cuda-toolkit-"))
		add(st, CUDA, 1, v, p->type[0] == 'r' ? "rpm package" : "deb package", n);
	else if (starts(n, "libcudnn"))
		add(st, CUDNN, 1, v, p->type[0] == 'r' ? "rpm package" : "deb package", n);
	else if (starts(n, "libnccl"))
		add(st, NCCL, 1, v, p->type[0] == 'r' ? "rpm package" : "deb package", n);
	else if (starts(n, "libnvinfer") || !strcmp(n, "tensorrt"))
		add(st, TENSORRT, 1, v, p->type[0] == 'r' ? "rpm package" : "deb package", n);
}

static void from_wheel(struct ml_state *st, const struct cu_pkg *p)
{
	const char *n = p->name;
	struct cu_span v = cu_span_str(p->version);

	if (starts(n, "nvidia-cuda-runtime-cu"))
		add(st, CUDA, 2, v, "python wheel", n);
	else if (starts(n, "nvidia-cudnn-cu"))
		add(st, CUDNN, 2, v, "python wheel", n);
	else if (starts(n, "nvidia-nccl-cu"))
		add(st, NCCL, 2, v, "python wheel", n);
	else if (!strcmp(n, "tensorrt") || starts(n, "tensorrt-cu"))
		add(st, TENSORRT, 2, v, "python wheel", n);
	else if (!strcmp(n, "torch")) {
		add(st, TORCH, 1, v, "python wheel", n);
		cuda_of_local(p->version, st->torch_cuda, sizeof(st->torch_cuda));
	} else if (!strcmp(n, "tensorflow") || !strcmp(n, "tensorflow-gpu") ||
		   !strcmp(n, "tensorflow-cpu"))
		add(st, TENSORFLOW, 1, v, "python wheel", n);
	else if (!strcmp(n, "jaxlib") || !strcmp(n, "jax"))
		add(st, JAX, 1, v, "python wheel", n);
}

/* libcudart.so.12.1.105 -> CUDA 12.1.105 */
static int from_soname(void *ctx, const struct cu_fsnode *n, const char *path)
{
	static const struct { const char *prefix; enum comp c; } libs[] = {
		{ "libcudart.so.", CUDA }, { "libcudnn.so.", CUDNN },
		{ "libnccl.so.", NCCL }, { "libnvinfer.so.", TENSORRT },
	};
	struct ml_state *st = ctx;

	if (n->type != CU_FS_FILE || n->namelen < 12 || n->name[0] != 'l')
		return 0;
	for (size_t i = 0; i < CU_ARRAY_SIZE(libs); i++) {
		size_t pl = strlen(libs[i].prefix);
		struct cu_span v = cu_span_make(n->name + pl, n->namelen - pl);

		if (n->namelen > pl && !strncmp(n->name, libs[i].prefix, pl) &&
		    cu_span_find(v, '.') > 0)
			add(st, libs[i].c, 3, v, "shared library", path);
	}
	return 0;
}

static void from_labels(struct ml_state *st, const char *const *labels)
{
	static const struct { const char *key; enum comp c; } keys[] = {
		{ "com.nvidia.cuda.version", CUDA }, { "com.nvidia.cudnn.version", CUDNN },
		{ "com.nvidia.nccl.version", NCCL }, { "com.nvidia.tensorrt.version", TENSORRT },
	};

	for (size_t i = 0; labels && labels[i] && labels[i + 1]; i += 2)
		for (size_t k = 0; k < CU_ARRAY_SIZE(keys); k++)
			if (!strcmp(labels[i], keys[k].key))
				add(st, keys[k].c, 4, cu_span_str(labels[i + 1]),
				    "image label", labels[i]);
}

/* usr/local/cuda/version.json: {"cuda": {"version": "12.1.1"}, ...} */
static void from_version_json(struct ml_state *st, const struct cu_fsview *view)
{
	const char *paths[] = { "usr/local/cuda/version.json" };

	for (size_t i = 0; i < CU_ARRAY_SIZE(paths); i++) {
		const struct cu_content *c = cu_fsview_content(view, paths[i]);
		json_t *root;
		const char *v;

		if (!c || !(root = json_loadb(c->data, c->len, 0, NULL)))
			continue;
		v = json_string_value(json_object_get(json_object_get(root, "cuda"), "version"));
		if (v)
			add(st, CUDA, 0, cu_span_str(v), "CUDA toolkit", paths[i]);
		json_decref(root);
	}
}

static const struct evidence *best(const struct ml_state *st, enum comp c)
{
	const struct evidence *b = NULL;

	for (size_t i = 0; i < st->nev[c]; i++)
		if (!b || st->ev[c][i].rank < b->rank)
			b = &st->ev[c][i];
	return b;
}

static int publish(struct ml_state *st, struct cu_catalog *cat)
{
	size_t n = 0;

	cat->ml = cu_arena_calloc(&cat->arena, NCOMP, sizeof(*cat->ml));
	if (!cat->ml)
		return CU_ENOMEM;
	for (int c = 0; c < NCOMP; c++) {
		struct cu_ml_component *m = &cat->ml[n];
		const struct evidence *b = best(st, (enum comp)c);

		if (!b)
			continue;
		m->name = comp_names[c];
		m->version = cu_arena_strdup(&cat->arena, b->version);
		m->evidence = cu_arena_calloc(&cat->arena, st->nev[c] + 1, sizeof(*m->evidence));
		if (!m->version || !m->evidence)
			return CU_ENOMEM;
		for (size_t i = 0; i < st->nev[c]; i++)
			m->evidence[m->nevidence++] = cu_arena_printf(&cat->arena, "%s %s",
				st->ev[c][i].text, st->ev[c][i].version);
		n++;
	}
	cat->nml = n;
	return 0;
}

/* torch built for CUDA X.Y while the image's CUDA runtime is another */
static int notes(struct ml_state *st, struct cu_catalog *cat)
{
	const struct evidence *cuda = best(st, CUDA);
	char mm[16];

	if (!st->torch_cuda[0] || !cuda)
		return 0;
	snprintf(mm, sizeof(mm), "%s", cuda->version);
	for (int i = 0, dots = 0; mm[i]; i++)
		if (mm[i] == '.' && ++dots == 2)
			mm[i] = '\0';
	if (!strcmp(mm, st->torch_cuda))
		return 0;
	cat->ml_notes = cu_arena_calloc(&cat->arena, 2, sizeof(*cat->ml_notes));
	if (!cat->ml_notes)
		return CU_ENOMEM;
	cat->ml_notes[0] = cu_arena_printf(&cat->arena,
		"torch is built for CUDA %s but the image carries CUDA %s (%s)",
		st->torch_cuda, cuda->version, cuda->text);
	return 0;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct ml_state *st = calloc(1, sizeof(*st));
	int rc;

	if (!st)
		return CU_ENOMEM;
	for (size_t i = 0; i < cat->npkgs; i++) {
		const struct cu_pkg *p = cat->pkgs[i];

		if (!strcmp(p->type, "deb") || !strcmp(p->type, "rpm"))
			from_os_package(st, p);
		else if (!strcmp(p->type, "pypi"))
			from_wheel(st, p);
	}
	from_labels(st, cat->labels);
	from_version_json(st, view);
	cu_fsview_walk(view, NULL, from_soname, st);
	rc = publish(st, cat);
	if (!rc)
		rc = notes(st, cat);
	free(st);
	return rc;
}

const struct cu_cataloger_ops cu_cataloger_mlstack = {
	.name = "ml-stack",
	.want = want,
	.catalog = catalog,
};
