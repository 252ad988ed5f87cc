/*
 * catalog.c - the cataloger table and running it over a view.
 */
#include <stdarg.h>

#include "catalog.h"
#include "common.h"
#include "fsview/build.h"

static const struct cu_cataloger_ops *const catalogers[] = {
	&cu_cataloger_osrelease,	/* first: others use cat->os */
	&cu_cataloger_dpkg,
};

int cu_catalogers_init(struct cu_catalogers *cs)
{
	cs->ops = catalogers;
	cs->n = CU_ARRAY_SIZE(catalogers);
	cs->state = cu_calloc(cs->n, sizeof(*cs->state));
	if (!cs->state)
		return CU_ENOMEM;
	for (size_t i = 0; i < cs->n; i++) {
		if (cs->ops[i]->init && cs->ops[i]->init(&cs->state[i])) {
			cu_catalogers_release(cs);
			return CU_ENOMEM;
		}
	}
	return 0;
}

void cu_catalogers_release(struct cu_catalogers *cs)
{
	for (size_t i = 0; cs->state && i < cs->n; i++)
		if (cs->ops[i]->free && cs->state[i])
			cs->ops[i]->free(cs->state[i]);
	free(cs->state);
	cs->state = NULL;
}

static bool policy_want(void *ctx, struct cu_span path)
{
	struct cu_catalogers *cs = ctx;

	for (size_t i = 0; i < cs->n; i++)
		if (cs->ops[i]->want && cs->ops[i]->want(cs->state[i], path))
			return true;
	return false;
}

static int policy_captured(void *ctx, int layer, struct cu_span path,
			   const struct cu_content *c, struct cu_err *err)
{
	struct cu_catalogers *cs = ctx;
	int rc;

	for (size_t i = 0; i < cs->n; i++) {
		if (!cs->ops[i]->captured || !cs->ops[i]->want(cs->state[i], path))
			continue;
		rc = cs->ops[i]->captured(cs->state[i], layer, path, c, err);
		if (rc)
			return rc;
	}
	return 0;
}

void cu_catalogers_policy(struct cu_catalogers *cs, struct cu_capture_policy *pol)
{
	pol->want = policy_want;
	pol->captured = policy_captured;
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
