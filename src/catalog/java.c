/*
 * java.c - Maven artifacts in Java archives (.jar .war .ear .jpi .hpi .par
 * .sar .nar) anywhere in the image.
 *
 * Archives are streamed out of the layers (CU_WANT_STREAM) into one buffer
 * of the file's size, read when the file ends (java-zip.c) and freed: only
 * the packages found are kept, keyed by the archive's path and layer, and
 * catalog() reports those whose archive is still in the final view.
 * Each package is a purl type "maven" named "groupId:artifactId" (just
 * "artifactId" when no group is known, see java-meta.c); found_by says
 * which evidence named it. Packages found twice at one location (a jar
 * shaded with two copies of one pom.properties) are reported once.
 */
#include <stdarg.h>

#include "catalog.h"
#include "common.h"
#include "java.h"
#include "map.h"
#include "purl.h"

/* One archive file is held in memory while it is read; larger ones are skipped. */
#define JAVA_MAX_ARCHIVE	(256 * 1024 * 1024)
/* Packages kept from all archives of the image, before visibility. */
#define JAVA_MAX_RECORDS	CU_CAP_PKGDB_ENTRIES
/* Problems kept to report (cu_catalog_warn keeps 1000 in all). */
#define JAVA_MAX_WARNINGS	1000

struct record {
	const char *path;	/* the archive in the image */
	int layer;
	const char *group, *artifact, *version, *location, *found_by;
	const char *sha1;	/* of the archive when it is the package's own */
};

struct problem {
	const char *path;
	int layer;
	const char *msg;
};

struct java_state {
	struct cu_arena arena;
	struct record *recs;
	size_t nrecs, ralloc;
	struct problem *problems;
	size_t nproblems, palloc;
	struct cu_map seen;	/* layer, location, name, version -> record */
	bool full;		/* JAVA_MAX_RECORDS reached */
};

/* An archive being streamed. */
struct java_file {
	struct java_state *st;
	const char *path;
	int layer;
	char *data;
	size_t len, size;
	bool overflow;
};

static int init(void **state)
{
	struct java_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_arena_init(&st->arena, 0);
	cu_map_init(&st->seen, JAVA_MAX_RECORDS);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct java_state *st = state;

	cu_map_release(&st->seen);
	free(st->recs);
	free(st->problems);
	cu_arena_release(&st->arena);
	free(st);
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	return cu_java_archive_name(f->path) ? CU_WANT_STREAM : 0;
}

static void note_problem(struct java_state *st, const char *path, int layer,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void note_problem(struct java_state *st, const char *path, int layer,
			 const char *fmt, ...)
{
	struct cu_buf msg = CU_BUF_INIT;
	struct problem *p;
	va_list ap;

	if (st->nproblems >= JAVA_MAX_WARNINGS ||
	    CU_GROW(st->problems, st->palloc, st->nproblems + 1))
		return;
	va_start(ap, fmt);
	cu_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	p = &st->problems[st->nproblems];
	p->path = path;
	p->layer = layer;
	p->msg = cu_arena_strndup(&st->arena, cu_buf_str(&msg), msg.len);
	if (p->msg)
		st->nproblems++;
	cu_buf_release(&msg);
}

/* --- what the archive walk reports --------------------------------------- */

static void on_warn(void *ctx, const char *msg)
{
	struct java_file *jf = ctx;

	note_problem(jf->st, jf->path, jf->layer, "%s", msg);
}

static int dedup_key(struct cu_buf *key, const struct java_file *jf,
		     const struct cu_java_ident *id, const char *location)
{
	cu_buf_addf(key, "%d", jf->layer);
	cu_buf_add(key, "", 1);
	cu_buf_addstr(key, location);
	cu_buf_add(key, "", 1);
	cu_buf_addspan(key, id->group);
	cu_buf_addch(key, ':');
	cu_buf_addspan(key, id->artifact);
	cu_buf_add(key, "", 1);
	return cu_buf_addspan(key, id->version);
}

static int add_record(struct java_state *st, const struct java_file *jf,
		      const struct cu_java_ident *id, const char *location)
{
	struct record *r;

	if (CU_GROW(st->recs, st->ralloc, st->nrecs + 1))
		return CU_ENOMEM;
	r = &st->recs[st->nrecs];
	r->path = jf->path;
	r->layer = jf->layer;
	r->group = id->group.len ? cu_arena_spandup(&st->arena, id->group) : NULL;
	r->artifact = cu_arena_spandup(&st->arena, id->artifact);
	r->version = cu_arena_spandup(&st->arena, id->version);
	r->location = strcmp(location, jf->path) == 0 ? jf->path :
		      cu_arena_strdup(&st->arena, location);
	r->found_by = id->found_by;
	r->sha1 = id->archive_sha1 ? cu_arena_strdup(&st->arena, id->archive_sha1) : NULL;
	if ((id->archive_sha1 && !r->sha1) || !r->artifact || !r->version || !r->location || (id->group.len && !r->group))
		return CU_ENOMEM;
	st->nrecs++;
	return 0;
}

static int on_found(void *ctx, const struct cu_java_ident *id, const char *location)
{
	struct java_file *jf = ctx;
	struct java_state *st = jf->st;
	struct cu_buf key = CU_BUF_INIT;
	char *stored;
	int rc = 0;

	if (st->nrecs >= JAVA_MAX_RECORDS) {
		if (!st->full)
			note_problem(st, jf->path, jf->layer, "too many java packages, rest skipped");
		st->full = true;
		goto out;
	}
	rc = dedup_key(&key, jf, id, location);
	if (rc || cu_map_get(&st->seen, cu_buf_span(&key)))
		goto out;
	stored = cu_arena_strndup(&st->arena, key.buf, key.len);
	rc = stored ? add_record(st, jf, id, location) : CU_ENOMEM;
	if (!rc)
		rc = cu_map_put(&st->seen, cu_span_make(stored, key.len), &st->recs[st->nrecs - 1]);
out:
	cu_buf_release(&key);
	return rc == CU_ETOOBIG ? 0 : rc;
}

/* --- streaming ----------------------------------------------------------- */

static int stream_begin(void *state, const struct cu_file_info *f, void **file,
			struct cu_err *err)
{
	struct java_state *st = state;
	struct java_file *jf = NULL;
	const char *path = cu_arena_spandup(&st->arena, f->path);

	*file = NULL;
	if (!path)
		return CU_ENOMEM;
	if (f->size > JAVA_MAX_ARCHIVE) {
		note_problem(st, path, f->layer, "%s: archive larger than %d bytes, not read",
			     path, JAVA_MAX_ARCHIVE);
		return 0;
	}
	jf = calloc(1, sizeof(*jf));
	if (jf)
		jf->data = malloc(f->size ? f->size : 1);
	if (!jf || !jf->data) {
		free(jf);
		note_problem(st, path, f->layer, "%s: no memory to read the archive", path);
		return 0;
	}
	jf->st = st;
	jf->path = path;
	jf->layer = f->layer;
	jf->size = f->size;
	*file = jf;
	return 0;
}

static int stream_data(void *state, void *file, const void *buf, size_t len,
		       struct cu_err *err)
{
	struct java_file *jf = file;

	if (len > jf->size - jf->len) {
		jf->overflow = true;
		return CU_LAYER_ENOUGH;
	}
	memcpy(jf->data + jf->len, buf, len);
	jf->len += len;
	return 0;
}

static int stream_end(void *state, void *file, bool complete, struct cu_err *err)
{
	struct java_file *jf = file;
	struct cu_java_scan scan = {
		.path = jf->path, .found = on_found, .warn = on_warn, .ctx = jf,
	};
	int rc = 0;

	if (complete && !jf->overflow && jf->len == jf->size)
		rc = cu_java_scan_archive(&scan, jf->data, jf->len);
	free(jf->data);
	free(jf);
	if (rc)
		return cu_seterr(err, rc, "cannot read java archive '%s'", scan.path);
	return 0;
}

/* --- packages ------------------------------------------------------------ */

static int add_package(struct cu_catalog *cat, const struct record *r)
{
	struct cu_buf purl = CU_BUF_INIT;
	struct cu_pkg *p = cu_catalog_new_pkg(cat);

	if (!p)
		return CU_ENOMEM;
	p->type = "maven";
	p->cataloger = "java";
	p->name = r->group ? cu_arena_printf(&cat->arena, "%s:%s", r->group, r->artifact) :
		  cu_arena_strdup(&cat->arena, r->artifact);
	p->version = cu_arena_strdup(&cat->arena, r->version);
	p->location = cu_arena_strdup(&cat->arena, r->location);
	p->found_by = r->found_by;
	p->layer = r->layer;
	p->source_name = p->name;
	p->source_version = p->version;
	p->owner = cu_catalog_owner(cat, r->path);
	if (r->sha1 && cu_pkg_add_hash(cat, p, cu_span_str("sha1"), cu_span_str(r->sha1)))
		return CU_ENOMEM;
	if (r->group && !cu_purl_make(&purl, "maven", r->group, r->artifact, r->version,
				      NULL, NULL))
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
	cu_buf_release(&purl);
	return p->name && p->version && p->location ? 0 : CU_ENOMEM;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct java_state *st = state;
	int rc;

	for (size_t i = 0; i < st->nrecs; i++) {
		const struct record *r = &st->recs[i];

		if (!cu_catalog_visible(view, r->path, r->layer))
			continue;
		rc = add_package(cat, r);
		if (rc)
			return cu_seterr(err, rc, "cannot record java package from '%s'",
					 r->location);
	}
	for (size_t i = 0; i < st->nproblems; i++)
		if (cu_catalog_visible(view, st->problems[i].path, st->problems[i].layer))
			cu_catalog_warn(cat, "%s", st->problems[i].msg);
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_java = {
	.name = "java",
	.init = init,
	.free = release,
	.want = want,
	.stream_begin = stream_begin,
	.stream_data = stream_data,
	.stream_end = stream_end,
	.catalog = catalog,
};
