/*
 * rpmdb.c - rpm packages from rpm's package database, read natively in
 * any of its three forms (rpm-db.h) at var/lib/rpm/ or
 * usr/lib/sysimage/rpm/. Where one directory holds several forms, rpm's
 * current one wins: rpmdb.sqlite, then Packages.db, then Packages.
 *
 * The databases are large (tens of MB), so they are not kept in the view:
 * each version of a database file streams into a buffer of our own as its
 * layer passes (capped at RPMDB_MAX_BYTES), is parsed when it ends, and
 * only the packages read from it are kept, keyed by path and layer;
 * catalog() reports those whose file is still the one in the view.
 *
 * The layer that brought a package is the first layer from which every
 * version of the database lists it with its final name, epoch, version,
 * release and arch (as for dpkg).
 *
 * Versions are written "[EPOCH:]VERSION-RELEASE" with the epoch only when
 * it is not 0: rpm orders a missing epoch as 0 (rpmvercmp), and rpm -q
 * leaves both out. The purl follows purl-spec's rpm type:
 * pkg:rpm/<vendor>/<name>@<version>-<release>?arch=..&epoch=..&distro=..
 * with the same rule for the epoch qualifier. The source package comes
 * from SOURCERPM ("openssl-3.0.7-24.el9.src.rpm"); its file name carries no
 * epoch, so the binary's (same spec file) is put on source_version.
 * gpg-pubkey entries (imported signing keys) are not packages.
 */
#include <stdarg.h>

#include "catalog.h"
#include "common.h"
#include "purl.h"
#include "rpm-db.h"
#include "rpm-header.h"

/* One database file is streamed into memory up to this size, then parsed. */
#define RPMDB_MAX_BYTES		(512 * CU_MiB)
/* Problems kept per database file; the rest are only counted. */
#define RPMDB_MAX_WARNINGS	20

enum rpm_form { FORM_SQLITE, FORM_NDB, FORM_BDB, FORM_COUNT };	/* preference */

static const char *const db_dirs[] = { "var/lib/rpm/", "usr/lib/sysimage/rpm/" };
static const char *const form_file[FORM_COUNT] = { "rpmdb.sqlite", "Packages.db", "Packages" };

#define NDBS (CU_ARRAY_SIZE(db_dirs) * FORM_COUNT)

struct seen {
	int layer;
	int mark;	/* generation of the last version that listed it */
};

/* One database path and what its last complete version held. */
struct rpmdb {
	char path[64];
	enum rpm_form form;
	int layer;			/* of that version; -1 when none was read */
	bool too_big;
	const char *failure;		/* why it could not be read (fully) */
	struct cu_arena arena;		/* its packages and warnings */
	struct cu_rpm_info *pkgs;
	size_t npkgs, alloc;
	const char **warnings;
	size_t nwarnings, walloc, more_warnings;
	/* layer attribution across versions */
	struct cu_arena seen_arena;
	struct cu_map seen;		/* NEVRA -> struct seen */
	int generation;
};

struct rpm_state {
	struct rpmdb dbs[NDBS];
};

struct rpm_stream {
	struct rpmdb *db;
	int layer;
	bool overflow;
	struct cu_buf data;
};

static void db_clear(struct rpmdb *db, int layer)
{
	cu_arena_release(&db->arena);
	cu_arena_init(&db->arena, 0);
	free(db->pkgs);
	free(db->warnings);
	db->pkgs = NULL;
	db->warnings = NULL;
	db->npkgs = db->alloc = db->nwarnings = db->walloc = db->more_warnings = 0;
	db->failure = NULL;
	db->too_big = false;
	db->layer = layer;
}

static int init(void **state)
{
	struct rpm_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	for (size_t i = 0; i < NDBS; i++) {
		struct rpmdb *db = &st->dbs[i];

		db->form = (enum rpm_form)(i % FORM_COUNT);
		snprintf(db->path, sizeof(db->path), "%s%s", db_dirs[i / FORM_COUNT],
			 form_file[db->form]);
		cu_arena_init(&db->arena, 0);
		cu_arena_init(&db->seen_arena, 0);
		cu_map_init(&db->seen, 4 * CU_CAP_PKGDB_ENTRIES);
		db->layer = -1;
	}
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct rpm_state *st = state;

	for (size_t i = 0; i < NDBS; i++) {
		db_clear(&st->dbs[i], -1);
		cu_arena_release(&st->dbs[i].arena);
		cu_map_release(&st->dbs[i].seen);
		cu_arena_release(&st->dbs[i].seen_arena);
	}
	free(st);
}

static struct rpmdb *find_db(struct rpm_state *st, struct cu_span path)
{
	for (size_t i = 0; i < NDBS; i++)
		if (cu_span_eq_str(path, st->dbs[i].path))
			return &st->dbs[i];
	return NULL;
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	if (!cu_span_starts_with(f->path, db_dirs[0]) &&
	    !cu_span_starts_with(f->path, db_dirs[1]))
		return 0;
	return find_db(state, f->path) ? CU_WANT_STREAM : 0;
}

/* --- reading one version of a database ----------------------------------- */

static void db_warn(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void db_warn(void *ctx, const char *fmt, ...)
{
	struct rpmdb *db = ctx;
	char msg[300];
	va_list ap;
	const char *copy;

	if (db->nwarnings >= RPMDB_MAX_WARNINGS) {
		db->more_warnings++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	copy = cu_arena_strdup(&db->arena, msg);
	if (copy && !CU_GROW(db->warnings, db->walloc, db->nwarnings + 1))
		db->warnings[db->nwarnings++] = copy;
}

static int on_blob(void *ctx, uint32_t hnum, struct cu_span blob)
{
	struct rpmdb *db = ctx;
	struct cu_rpm_info info;
	struct cu_err err = { 0 };
	int rc;

	if (db->npkgs >= CU_CAP_PKGDB_ENTRIES)
		return CU_ETOOBIG;
	rc = cu_rpm_info_read(&db->arena, blob, &info, &err);
	if (rc == CU_EFORMAT) {
		db_warn(db, "header %u skipped: %s", hnum, cu_err_message(&err));
		return 0;
	}
	if (rc)
		return rc;
	if (strcmp(info.name, "gpg-pubkey") == 0)
		return 0;
	if (info.bad || info.truncated)
		db_warn(db, "package '%s': %zu malformed entries skipped, %zu list items dropped",
			info.name, info.bad, info.truncated);
	if (CU_GROW(db->pkgs, db->alloc, db->npkgs + 1))
		return CU_ENOMEM;
	db->pkgs[db->npkgs++] = info;
	return 0;
}

static int nevra(struct cu_buf *key, const struct cu_rpm_info *p)
{
	cu_buf_reset(key);
	return cu_buf_addf(key, "%s-%u:%s-%s.%s", p->name, p->has_epoch ? p->epoch : 0,
			   p->version, p->release, p->arch ? p->arch : "");
}

static struct seen *new_seen(struct rpmdb *db, const struct cu_buf *key)
{
	char *k = cu_arena_strndup(&db->seen_arena, key->buf, key->len);
	struct seen *s = cu_arena_alloc(&db->seen_arena, sizeof(*s));

	if (!k || !s || cu_map_put(&db->seen, cu_span_str(k), s))
		return NULL;
	return s;
}

/*
 * Mark the packages of the version just read. One that the previous
 * version (or this one, twice) listed keeps its layer; the others are
 * from this layer. Past the map's cap attribution stays partial and the
 * rest fall back to the database file's layer.
 */
static void note_layers(struct rpmdb *db, int layer)
{
	struct cu_buf key = CU_BUF_INIT;
	struct seen *s;

	db->generation++;
	for (size_t i = 0; i < db->npkgs; i++) {
		if (nevra(&key, &db->pkgs[i]))
			break;
		s = cu_map_get(&db->seen, cu_buf_span(&key));
		if (s && s->mark >= db->generation - 1) {
			s->mark = db->generation;
			continue;
		}
		if (!s && !(s = new_seen(db, &key)))
			break;
		s->layer = layer;
		s->mark = db->generation;
	}
	cu_buf_release(&key);
}

static int read_version(struct rpmdb *db, int layer, struct cu_buf *data)
{
	const struct cu_rpmdb_walk walk = { on_blob, db_warn, db };
	struct cu_err err = { 0 };
	int rc;

	db_clear(db, layer);
	if (!data->len)
		return 0;	/* an empty file: no packages */
	if (db->form == FORM_SQLITE)
		rc = cu_rpmdb_sqlite(data->buf, data->len, &walk, &err);
	else if (db->form == FORM_NDB)
		rc = cu_rpmdb_ndb(cu_buf_span(data), &walk, &err);
	else
		rc = cu_rpmdb_bdb(cu_buf_span(data), &walk, &err);
	if (rc == CU_ENOMEM)
		return rc;
	if (rc == CU_ETOOBIG && !err.msg[0])
		cu_seterr(&err, rc, "more than %d packages", CU_CAP_PKGDB_ENTRIES);
	if (rc)
		db->failure = cu_arena_strdup(&db->arena, cu_err_message(&err));
	note_layers(db, layer);
	return 0;
}

/* --- streaming ----------------------------------------------------------- */

static int stream_begin(void *state, const struct cu_file_info *f, void **file,
			struct cu_err *err)
{
	struct rpmdb *db = find_db(state, f->path);
	struct rpm_stream *s;

	*file = NULL;
	if (!db)
		return 0;
	if (f->size > RPMDB_MAX_BYTES) {
		db_clear(db, f->layer);
		db->too_big = true;
		return 0;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return CU_ENOMEM;
	s->db = db;
	s->layer = f->layer;
	cu_buf_init(&s->data, RPMDB_MAX_BYTES);
	cu_buf_reserve(&s->data, (size_t)f->size);	/* a hint; growth still works */
	*file = s;
	return 0;
}

static int stream_data(void *state, void *file, const void *buf, size_t len,
		       struct cu_err *err)
{
	struct rpm_stream *s = file;
	int rc = cu_buf_add(&s->data, buf, len);

	if (rc == CU_ETOOBIG) {
		s->overflow = true;
		return CU_LAYER_ENOUGH;
	}
	return rc;
}

static int stream_end(void *state, void *file, bool complete, struct cu_err *err)
{
	struct rpm_stream *s = file;
	struct rpmdb *db = s->db;
	int rc = 0;

	if (complete && s->overflow) {
		db_clear(db, s->layer);
		db->too_big = true;
	} else if (complete) {
		rc = read_version(db, s->layer, &s->data);
	}
	cu_buf_release(&s->data);
	free(s);
	if (rc)
		return cu_seterr(err, rc, "cannot read '%s'", db->path);
	return 0;
}

/* --- packages ------------------------------------------------------------ */

/* purl-spec rpm: the namespace is the vendor, lowercased. */
static const char *purl_namespace(const struct cu_osinfo *os, const char *vendor)
{
	static const char *const by_id[][2] = {
		{ "rhel", "redhat" }, { "ol", "oracle" }, { "sles", "suse" },
		{ "sled", "suse" }, { "sle-micro", "suse" }, { "opensuse-leap", "opensuse" },
		{ "opensuse-tumbleweed", "opensuse" }, { "opensuse-microos", "opensuse" },
	};
	static const char *const by_vendor[][2] = {
		{ "Red Hat", "redhat" }, { "Fedora", "fedora" }, { "CentOS", "centos" },
		{ "Rocky", "rocky" }, { "AlmaLinux", "almalinux" }, { "Amazon", "amzn" },
		{ "Oracle", "oracle" }, { "SUSE", "suse" }, { "openSUSE", "opensuse" },
	};

	for (size_t i = 0; os->id && i < CU_ARRAY_SIZE(by_id); i++)
		if (strcmp(os->id, by_id[i][0]) == 0)
			return by_id[i][1];
	if (os->id && os->id[0])
		return os->id;
	for (size_t i = 0; vendor && i < CU_ARRAY_SIZE(by_vendor); i++)
		if (strncmp(vendor, by_vendor[i][0], strlen(by_vendor[i][0])) == 0)
			return by_vendor[i][1];
	return "unknown";
}

static int make_purl(struct cu_catalog *cat, struct cu_pkg *p, const struct cu_rpm_info *in)
{
	struct cu_buf purl = CU_BUF_INIT, vr = CU_BUF_INIT, distro = CU_BUF_INIT;
	char epoch[16];
	const char *quals[8];
	size_t q = 0;
	int rc;

	quals[q++] = "arch";
	quals[q++] = p->arch;
	snprintf(epoch, sizeof(epoch), "%u", in->epoch);
	quals[q++] = "epoch";
	quals[q++] = in->has_epoch && in->epoch ? epoch : NULL;
	if (cat->os.id && cat->os.version_id)
		cu_buf_addf(&distro, "%s-%s", cat->os.id, cat->os.version_id);
	quals[q++] = "distro";
	quals[q++] = distro.len ? distro.buf : NULL;
	quals[q] = NULL;
	cu_buf_addf(&vr, "%s-%s", in->version, in->release);
	rc = cu_purl_make(&purl, "rpm", purl_namespace(&cat->os, in->vendor), p->name,
			  vr.buf, quals, NULL);
	if (!rc)
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
	else if (rc == CU_EFORMAT)
		cu_catalog_warn(cat, "%s: package '%s' has no valid purl", p->location, p->name);
	cu_buf_release(&purl);
	cu_buf_release(&vr);
	cu_buf_release(&distro);
	if (rc == CU_EFORMAT)
		return 0;
	return rc ? rc : (p->purl ? 0 : CU_ENOMEM);
}

static char *evr(struct cu_catalog *cat, const struct cu_rpm_info *in, const char *vr)
{
	if (in->has_epoch && in->epoch)
		return cu_arena_printf(&cat->arena, "%u:%s", in->epoch, vr);
	return cu_arena_strdup(&cat->arena, vr);
}

static int set_versions(struct cu_catalog *cat, struct cu_pkg *p, const struct cu_rpm_info *in)
{
	struct cu_span sname, svr;
	char *vr = cu_arena_printf(&cat->arena, "%s-%s", in->version, in->release);

	p->version = vr ? evr(cat, in, vr) : NULL;
	p->source_name = p->name;
	p->source_version = p->version;
	if (in->sourcerpm && cu_rpm_split_sourcerpm(cu_span_str(in->sourcerpm), &sname, &svr)) {
		p->source_name = cu_arena_spandup(&cat->arena, sname);
		vr = cu_arena_spandup(&cat->arena, svr);
		p->source_version = vr ? evr(cat, in, vr) : NULL;
	}
	return p->version && p->source_name && p->source_version ? 0 : CU_ENOMEM;
}

static const char *dup_or_null(struct cu_catalog *cat, const char *s)
{
	return s ? cu_arena_strdup(&cat->arena, s) : NULL;
}

static int copy_files(struct cu_catalog *cat, struct cu_pkg *p, const struct cu_rpm_info *in)
{
	if (!in->nfiles)
		return 0;
	p->files = cu_arena_calloc(&cat->arena, in->nfiles + 1, sizeof(*p->files));
	if (!p->files)
		return CU_ENOMEM;
	for (size_t i = 0; i < in->nfiles; i++)
		if (!(p->files[i] = cu_arena_strdup(&cat->arena, in->files[i])))
			return CU_ENOMEM;
	p->nfiles = in->nfiles;
	return 0;
}

/*
 * Required capabilities as package names: the package that provides a
 * capability ("libc.so.6()(64bit)" -> glibc) when the database has one,
 * else the capability as written.
 */
static int set_depends(struct cu_catalog *cat, struct cu_pkg *p, const struct cu_rpm_info *in,
		       const struct cu_map *providers)
{
	struct cu_map seen;
	const char *name;
	size_t n = 0;
	int rc = 0;

	if (!in->nrequires)
		return 0;
	p->depends = cu_arena_calloc(&cat->arena, in->nrequires + 1, sizeof(*p->depends));
	if (!p->depends)
		return CU_ENOMEM;
	cu_map_init(&seen, 0);
	for (size_t i = 0; !rc && i < in->nrequires; i++) {
		name = cu_map_get_str(providers, in->requires[i]);
		name = name ? name : in->requires[i];
		if (strcmp(name, in->name) == 0 || cu_map_get_str(&seen, name))
			continue;
		rc = cu_map_put(&seen, cu_span_str(name), (void *)name);
		if (!rc && !(p->depends[n++] = cu_arena_strdup(&cat->arena, name)))
			rc = CU_ENOMEM;
	}
	cu_map_release(&seen);
	return rc;
}

static int first_layer(const struct rpmdb *db, const struct cu_rpm_info *in)
{
	struct cu_buf key = CU_BUF_INIT;
	const struct seen *s = NULL;

	if (!nevra(&key, in))
		s = cu_map_get(&db->seen, cu_buf_span(&key));
	cu_buf_release(&key);
	return s && s->mark == db->generation ? s->layer : db->layer;
}

static int add_package(struct cu_catalog *cat, const struct rpmdb *db, const char *location,
		       const struct cu_rpm_info *in, const struct cu_map *providers)
{
	struct cu_pkg *p = cu_catalog_new_pkg(cat);
	int rc;

	if (!p)
		return CU_ETOOBIG;
	p->type = "rpm";
	p->cataloger = "rpm";
	p->location = location;
	p->layer = first_layer(db, in);
	p->name = cu_arena_strdup(&cat->arena, in->name);
	p->arch = dup_or_null(cat, in->arch);
	p->license = dup_or_null(cat, in->license);
	p->description = dup_or_null(cat, in->summary);
	p->maintainer = dup_or_null(cat, in->vendor);
	if (!p->name)
		return CU_ENOMEM;
	rc = set_versions(cat, p, in);
	if (!rc)
		rc = copy_files(cat, p, in);
	if (!rc)
		rc = set_depends(cat, p, in, providers);
	if (!rc)
		rc = make_purl(cat, p, in);
	return rc;
}

/* capability -> name of the first package providing it */
static void index_providers(const struct rpmdb *db, struct cu_map *providers)
{
	for (size_t i = 0; i < db->npkgs; i++) {
		const struct cu_rpm_info *in = &db->pkgs[i];

		for (size_t k = 0; k < in->nprovides; k++)
			if (!cu_map_get_str(providers, in->provides[k]) &&
			    cu_map_put(providers, cu_span_str(in->provides[k]), (void *)in->name))
				return;	/* at the cap: the rest stay unresolved */
	}
}

/* --- catalog ------------------------------------------------------------- */

static void report_problems(struct cu_catalog *cat, const struct rpmdb *db,
			    const struct cu_fsview *view)
{
	struct cu_buf wal = CU_BUF_INIT;
	const struct cu_fsnode *n;

	if (db->failure)
		cu_catalog_warn(cat, "%s: %s", db->path, db->failure);
	for (size_t i = 0; i < db->nwarnings; i++)
		cu_catalog_warn(cat, "%s: %s", db->path, db->warnings[i]);
	if (db->more_warnings)
		cu_catalog_warn(cat, "%s: %zu more problems", db->path, db->more_warnings);
	if (db->form != FORM_SQLITE)
		return;
	cu_buf_addf(&wal, "%s-wal", db->path);
	n = cu_fsview_lookup(view, wal.buf, false);
	if (n && n->type == CU_FS_FILE && n->size > 0)
		cu_catalog_warn(cat, "%s: %llu bytes of uncheckpointed changes not read",
				wal.buf, (unsigned long long)n->size);
	cu_buf_release(&wal);
}

static int emit_db(struct cu_catalog *cat, const struct rpmdb *db,
		   const struct cu_fsview *view, int file_layer, struct cu_err *err)
{
	struct cu_map providers;
	const char *location;
	int rc = 0;

	if (db->layer != file_layer)
		return cu_catalog_warn(cat, "%s: not read", db->path);
	if (db->too_big)
		return cu_catalog_warn(cat, "%s: larger than %llu bytes, not read", db->path,
				       (unsigned long long)RPMDB_MAX_BYTES);
	report_problems(cat, db, view);
	location = cu_arena_strdup(&cat->arena, db->path);
	if (!location)
		return cu_seterr(err, CU_ENOMEM, "out of memory");
	cu_map_init(&providers, 4 * CU_CAP_PKGDB_ENTRIES);
	index_providers(db, &providers);
	for (size_t i = 0; !rc && i < db->npkgs; i++)
		rc = add_package(cat, db, location, &db->pkgs[i], &providers);
	cu_map_release(&providers);
	if (rc)
		return cu_seterr(err, rc, "%s: cannot record packages", db->path);
	return 0;
}

/*
 * The database file at db->path, or NULL. A path reached through a linked
 * directory (var/lib/rpm -> ../../usr/lib/sysimage/rpm) is the same file as
 * its target, which is read under its own path.
 */
static const struct cu_fsnode *db_file(struct cu_catalog *cat, const struct rpmdb *db,
				       const struct cu_fsview *view)
{
	const struct cu_fsnode *n = cu_fsview_lookup(view, db->path, false);
	struct cu_buf real = CU_BUF_INIT;

	if (!n || n->type != CU_FS_FILE || cu_fsnode_path(n, &real))
		n = NULL;
	else if (strcmp(real.buf, db->path) != 0) {
		if (strncmp(real.buf, db_dirs[0], strlen(db_dirs[0])) &&
		    strncmp(real.buf, db_dirs[1], strlen(db_dirs[1])))
			cu_catalog_warn(cat, "%s: is '%s', not read", db->path, real.buf);
		n = NULL;
	}
	cu_buf_release(&real);
	return n;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct rpm_state *st = state;
	const struct rpmdb *chosen;
	const struct cu_fsnode *n;
	int rc;

	for (size_t d = 0; d < CU_ARRAY_SIZE(db_dirs); d++) {
		chosen = NULL;
		for (size_t f = 0; f < FORM_COUNT; f++) {
			const struct rpmdb *db = &st->dbs[d * FORM_COUNT + f];

			if (!(n = db_file(cat, db, view)))
				continue;
			if (chosen) {
				cu_catalog_warn(cat, "%s: ignored, %s is read instead",
						db->path, chosen->path);
				continue;
			}
			chosen = db;
			rc = emit_db(cat, db, view, n->layer, err);
			if (rc)
				return rc;
		}
	}
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_rpm = {
	.name = "rpm",
	.init = init,
	.free = release,
	.want = want,
	.stream_begin = stream_begin,
	.stream_data = stream_data,
	.stream_end = stream_end,
	.catalog = catalog,
};
