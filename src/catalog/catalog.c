/*
 * catalog.c - the cataloger table and running it over a view.
 */
#include <stdarg.h>

#include "catalog.h"
#include "common.h"

/*
 * Order matters: os-release first (others use cat->os), then the OS package
 * databases (language catalogers ask them who owns a file), then languages,
 * then the ML stack summary, which looks at everything found.
 */
static const struct cu_cataloger_ops *const catalogers[] = {
	&cu_cataloger_osrelease,
	&cu_cataloger_dpkg,
	&cu_cataloger_apk,
	&cu_cataloger_rpm,
	&cu_cataloger_python,
	&cu_cataloger_conda,
	&cu_cataloger_node,
	&cu_cataloger_node_lock,
	&cu_cataloger_binary,
	&cu_cataloger_cargo_lock,
	&cu_cataloger_java,
	&cu_cataloger_ruby,
	&cu_cataloger_php,
	&cu_cataloger_dotnet,
	&cu_cataloger_mlstack,
};

int cu_catalogers_init(struct cu_catalogers *cs)
{
	memset(cs, 0, sizeof(*cs));
	cs->ops = catalogers;
	cs->n = CU_ARRAY_SIZE(catalogers);
	cs->state = cu_calloc(cs->n, sizeof(*cs->state));
	cs->want = cu_calloc(cs->n, sizeof(*cs->want));
	cs->handle = cu_calloc(cs->n, sizeof(*cs->handle));
	cs->streaming = cu_calloc(cs->n, sizeof(*cs->streaming));
	if (!cs->state || !cs->want || !cs->handle || !cs->streaming)
		goto fail;
	for (size_t i = 0; i < cs->n; i++)
		if (cs->ops[i]->init && cs->ops[i]->init(&cs->state[i]))
			goto fail;
	return 0;
fail:
	cu_catalogers_release(cs);
	return CU_ENOMEM;
}

void cu_catalogers_release(struct cu_catalogers *cs)
{
	for (size_t i = 0; cs->state && i < cs->n; i++) {
		if (cs->handle && cs->handle[i] && cs->ops[i]->stream_end)
			cs->ops[i]->stream_end(cs->state[i], cs->handle[i], false, NULL);
		if (cs->ops[i]->free && cs->state[i])
			cs->ops[i]->free(cs->state[i]);
	}
	free(cs->state);
	free(cs->want);
	free(cs->handle);
	free(cs->streaming);
	cs->state = NULL;
	cs->want = NULL;
	cs->handle = NULL;
	cs->streaming = NULL;
}

static unsigned policy_want(void *ctx, int layer, struct cu_span path,
			    const struct cu_tar_entry *e)
{
	struct cu_catalogers *cs = ctx;
	unsigned all = 0;

	cs->file.path = path;
	cs->file.size = e->size;
	cs->file.mode = e->mode;
	cs->file.layer = layer;
	for (size_t i = 0; i < cs->n; i++) {
		const struct cu_cataloger_ops *op = cs->ops[i];

		cs->want[i] = op->want ? op->want(cs->state[i], &cs->file) : 0;
		cs->handle[i] = NULL;
		cs->streaming[i] = false;
		if ((cs->want[i] & CU_WANT_STREAM) && op->stream_begin &&
		    op->stream_begin(cs->state[i], &cs->file, &cs->handle[i], NULL) == 0 &&
		    cs->handle[i])
			cs->streaming[i] = true;
		else
			cs->want[i] &= ~(unsigned)CU_WANT_STREAM;
		all |= cs->want[i];
	}
	return all;
}

static int policy_data(void *ctx, const void *buf, size_t len, struct cu_err *err)
{
	struct cu_catalogers *cs = ctx;
	bool any = false;

	for (size_t i = 0; i < cs->n; i++) {
		int rc;

		if (!cs->streaming[i])
			continue;
		rc = cs->ops[i]->stream_data(cs->state[i], cs->handle[i], buf, len, err);
		if (rc == CU_LAYER_ENOUGH)
			cs->streaming[i] = false;
		else if (rc)
			return cu_seterr(err, rc, "%s cataloger", cs->ops[i]->name);
		any |= cs->streaming[i];
	}
	return any ? 0 : CU_LAYER_ENOUGH;
}

static int policy_end(void *ctx, int layer, struct cu_span path,
		      const struct cu_content *kept, bool complete, struct cu_err *err)
{
	struct cu_catalogers *cs = ctx;
	int rc = 0, r;

	cs->file.path = path;
	cs->file.layer = layer;
	for (size_t i = 0; i < cs->n; i++) {
		const struct cu_cataloger_ops *op = cs->ops[i];

		if (cs->handle[i]) {
			r = op->stream_end(cs->state[i], cs->handle[i], complete && !rc, err);
			cs->handle[i] = NULL;
			cs->streaming[i] = false;
			if (r && !rc)
				rc = cu_seterr(err, r, "%s cataloger", op->name);
		}
		if (!rc && complete && kept && (cs->want[i] & CU_WANT_KEEP) && op->captured) {
			r = op->captured(cs->state[i], &cs->file, kept, err);
			if (r)
				rc = cu_seterr(err, r, "%s cataloger", op->name);
		}
		cs->want[i] = 0;
	}
	return rc;
}

void cu_catalogers_policy(struct cu_catalogers *cs, struct cu_capture_policy *pol)
{
	pol->want = policy_want;
	pol->data = policy_data;
	pol->end = policy_end;
	pol->ctx = cs;
}

int cu_catalogers_run(struct cu_catalogers *cs, struct cu_catalog *cat,
		      const struct cu_fsview *view, struct cu_err *err)
{
	int rc;

	for (size_t i = 0; i < cs->n; i++) {
		rc = cs->ops[i]->catalog(cs->state[i], cat, view, err);
		if (rc)
			return cu_seterr(err, rc, "%s cataloger", cs->ops[i]->name);
	}
	cu_catalog_sort(cat);
	return 0;
}

void cu_catalog_init(struct cu_catalog *cat)
{
	memset(cat, 0, sizeof(*cat));
	cu_arena_init(&cat->arena, 0);
	cat->os.layer = -1;
}

void cu_catalog_release(struct cu_catalog *cat)
{
	cu_map_release(&cat->owners);
	free(cat->pkgs);
	free(cat->warnings);
	cu_arena_release(&cat->arena);
	memset(cat, 0, sizeof(*cat));
}

struct cu_pkg *cu_catalog_new_pkg(struct cu_catalog *cat)
{
	struct cu_pkg *p;

	if (cat->npkgs >= CU_CAP_PKGDB_ENTRIES * 4)
		return NULL;
	if (CU_GROW(cat->pkgs, cat->alloc, cat->npkgs + 1))
		return NULL;
	p = cu_arena_alloc(&cat->arena, sizeof(*p));
	if (!p)
		return NULL;
	p->layer = -1;
	cat->pkgs[cat->npkgs++] = p;
	return p;
}

int cu_catalog_warn(struct cu_catalog *cat, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (cat->nwarnings >= 1000)
		return 0;	/* enough to tell the story */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (CU_GROW(cat->warnings, cat->walloc, cat->nwarnings + 1))
		return CU_ENOMEM;
	cat->warnings[cat->nwarnings] = cu_arena_strdup(&cat->arena, msg);
	if (!cat->warnings[cat->nwarnings])
		return CU_ENOMEM;
	cat->nwarnings++;
	return 0;
}

static int strcmp_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int pkg_cmp(const void *pa, const void *pb)
{
	const struct cu_pkg *a = *(const struct cu_pkg *const *)pa;
	const struct cu_pkg *b = *(const struct cu_pkg *const *)pb;
	int c;

	if ((c = strcmp_null(a->type, b->type)))
		return c;
	if ((c = strcmp_null(a->name, b->name)))
		return c;
	if ((c = strcmp_null(a->version, b->version)))
		return c;
	if ((c = strcmp_null(a->arch, b->arch)))
		return c;
	return strcmp_null(a->location, b->location);
}

void cu_catalog_sort(struct cu_catalog *cat)
{
	if (cat->npkgs > 1)
		qsort(cat->pkgs, cat->npkgs, sizeof(*cat->pkgs), pkg_cmp);
}

static bool is_os_type(const char *type)
{
	return !strcmp(type, "deb") || !strcmp(type, "rpm") || !strcmp(type, "apk");
}

static void build_owners(struct cu_catalog *cat)
{
	cu_map_init(&cat->owners, 0);
	cat->owners_built = true;
	for (size_t i = 0; i < cat->npkgs; i++) {
		struct cu_pkg *p = cat->pkgs[i];

		if (!is_os_type(p->type))
			continue;
		for (size_t k = 0; k < p->nfiles; k++)
			if (cu_map_put(&cat->owners, cu_span_str(p->files[k]), p))
				return;	/* out of memory: ownership stays partial */
	}
}

const struct cu_pkg *cu_catalog_owner(struct cu_catalog *cat, const char *path)
{
	if (!cat->owners_built)
		build_owners(cat);
	while (*path == '/')
		path++;
	return cu_map_get_str(&cat->owners, path);
}

bool cu_catalog_visible(const struct cu_fsview *view, const char *path, int layer)
{
	const struct cu_fsnode *n = cu_fsview_lookup(view, path, false);

	return n && n->type == CU_FS_FILE && n->layer == layer;
}

const char *cu_catalog_str(struct cu_catalog *cat, struct cu_span s)
{
	s = cu_span_trim(s);
	return s.len ? cu_arena_spandup(&cat->arena, s) : NULL;
}
