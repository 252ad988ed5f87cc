/*
 * dpkg-status.c - Debian packages from the dpkg database: the status file
 * (dpkg(1) /var/lib/dpkg/status, deb822 paragraphs) or the distroless form
 * with one paragraph file per package in /var/lib/dpkg/status.d/. Owned
 * files come from info/<pkg>[:<arch>].list, or status.d/<pkg>.md5sums.
 *
 * The layer that brought a package is the first layer whose status file
 * lists it at its final version: every version of the status file is
 * parsed as the layers stream past (captured hook), keeping only
 * (name:arch -> version, layer).
 */
#include "catalog.h"
#include "common.h"
#include "deb822.h"
#include "map.h"
#include "path.h"
#include "purl.h"

#define STATUS "var/lib/dpkg/status"
#define STATUS_D "var/lib/dpkg/status.d/"
#define INFO "var/lib/dpkg/info/"

struct seen {
	const char *version;
	int layer;
	int mark;	/* generation of the last status file that listed it */
};

struct dpkg_state {
	struct cu_arena arena;
	struct cu_map seen;	/* "name:arch" -> struct seen */
	int generation;
};

struct fields {
	struct cu_span package, version, arch, source, status, maintainer,
		       description, depends, pre_depends, license;
};

static int init(void **state)
{
	struct dpkg_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_arena_init(&st->arena, 0);
	cu_map_init(&st->seen, CU_CAP_PKGDB_ENTRIES);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct dpkg_state *st = state;

	cu_map_release(&st->seen);
	cu_arena_release(&st->arena);
	free(st);
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	struct cu_span path = f->path;

	if (!cu_span_starts_with(path, "var/lib/dpkg/"))
		return 0;
	if (cu_span_eq_str(path, STATUS) || cu_span_starts_with(path, STATUS_D))
		return CU_WANT_KEEP;
	if (cu_span_starts_with(path, INFO) && cu_span_ends_with(path, ".list"))
		return CU_WANT_KEEP;
	return 0;
}

static void read_fields(struct cu_span para, struct fields *f, int *bad)
{
	struct cu_span name, value;

	memset(f, 0, sizeof(*f));
	while (cu_deb822_field(&para, &name, &value, bad)) {
		if (cu_span_eq_icase_str(name, "Package"))
			f->package = value;
		else if (cu_span_eq_icase_str(name, "Version"))
			f->version = value;
		else if (cu_span_eq_icase_str(name, "Architecture"))
			f->arch = value;
		else if (cu_span_eq_icase_str(name, "Source"))
			f->source = value;
		else if (cu_span_eq_icase_str(name, "Status"))
			f->status = value;
		else if (cu_span_eq_icase_str(name, "Maintainer"))
			f->maintainer = value;
		else if (cu_span_eq_icase_str(name, "Description"))
			f->description = cu_deb822_first_line(value);
		else if (cu_span_eq_icase_str(name, "Depends"))
			f->depends = value;
		else if (cu_span_eq_icase_str(name, "Pre-Depends"))
			f->pre_depends = value;
		else if (cu_span_eq_icase_str(name, "License"))
			f->license = value;
	}
}

/*
 * Files are on disk in every state but not-installed and config-files
 * (dpkg-query(1) "Package states"). A paragraph without Status (status.d
 * files) describes an installed package.
 */
static bool is_installed(struct cu_span status)
{
	struct cu_span w = status, word = CU_SPAN_NULL;

	if (!status.len)
		return true;
	while (w.len) {
		cu_span_split(&w, ' ', &word);
		while (w.len && w.ptr[0] == ' ')
			w = cu_span_skip(w, 1);
	}
	return !cu_span_eq_str(word, "not-installed") &&
	       !cu_span_eq_str(word, "config-files");
}

static int key_of(struct cu_buf *key, const struct fields *f)
{
	cu_buf_reset(key);
	cu_buf_addspan(key, f->package);
	cu_buf_addch(key, ':');
	return cu_buf_addspan(key, f->arch);
}

/* --- layer attribution --------------------------------------------------- */

static int note_status(struct dpkg_state *st, int layer, struct cu_span text)
{
	struct cu_buf key = CU_BUF_INIT;
	struct cu_span para;
	struct fields f;
	int bad = 0, rc = 0, n = 0;

	st->generation++;
	while (cu_deb822_paragraph(&text, &para)) {
		struct seen *s;

		read_fields(para, &f, &bad);
		if (!f.package.len || !f.version.len || !is_installed(f.status))
			continue;
		if (++n > CU_CAP_PKGDB_ENTRIES)
			break;
		key_of(&key, &f);
		s = cu_map_get(&st->seen, cu_buf_span(&key));
		if (s && s->mark == st->generation - 1 && cu_span_eq_str(f.version, s->version)) {
			s->mark = st->generation;
			continue;
		}
		if (!s) {
			char *k = cu_arena_strndup(&st->arena, key.buf, key.len);

			s = cu_arena_alloc(&st->arena, sizeof(*s));
			if (!k || !s || cu_map_put(&st->seen, cu_span_str(k), s)) {
				rc = CU_ENOMEM;
				break;
			}
		}
		s->version = cu_arena_spandup(&st->arena, f.version);
		s->layer = layer;
		s->mark = st->generation;
	}
	cu_buf_release(&key);
	return rc;
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	if (!cu_span_eq_str(f->path, STATUS))
		return 0;
	return note_status(state, f->layer, cu_span_make(c->data, c->len));
}

/* --- packages ------------------------------------------------------------ */

/* "openssl" or "openssl (3.0.11-1)" */
static void split_source(struct cu_span src, struct cu_span *name, struct cu_span *ver)
{
	ptrdiff_t paren = cu_span_find(src, '(');

	*ver = CU_SPAN_NULL;
	*name = cu_span_trim(src);
	if (paren < 0)
		return;
	*name = cu_span_trim(cu_span_sub(src, 0, (size_t)paren));
	*ver = cu_span_skip(src, (size_t)paren + 1);
	if (ver->len && ver->ptr[ver->len - 1] == ')')
		ver->len--;
	*ver = cu_span_trim(*ver);
}

/* Names from "a (>= 1), b | c, d:any" -> a, b, d (first alternative). */
static int add_depends(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span dep1,
		       struct cu_span dep2)
{
	struct cu_span lists[2] = { dep1, dep2 }, clause, name;
	const char *names[256];
	size_t n = 0;

	for (int i = 0; i < 2; i++) {
		while (lists[i].len && n < CU_ARRAY_SIZE(names)) {
			cu_span_split(&lists[i], ',', &clause);
			clause = cu_span_trim(clause);
			name = clause;
			for (size_t k = 0; k < clause.len; k++) {
				char ch = clause.ptr[k];

				if (ch == ' ' || ch == '(' || ch == '|' || ch == ':' ||
				    ch == '[' || ch == '<' || ch == '\n' || ch == '\t') {
					name.len = k;
					break;
				}
			}
			if (name.len)
				names[n++] = cu_arena_spandup(&cat->arena, name);
		}
	}
	if (!n)
		return 0;
	p->depends = cu_arena_calloc(&cat->arena, n + 1, sizeof(*p->depends));
	if (!p->depends)
		return CU_ENOMEM;
	memcpy(p->depends, names, n * sizeof(*names));
	return 0;
}

static int make_purl(struct cu_catalog *cat, struct cu_pkg *p)
{
	struct cu_buf purl = CU_BUF_INIT, distro = CU_BUF_INIT, up = CU_BUF_INIT;
	const char *ns = cat->os.id && strcmp(cat->os.family ? cat->os.family : "", "debian") == 0 ?
			 cat->os.id : "debian";
	const char *quals[8];
	size_t q = 0;
	int rc;

	if (p->arch) {
		quals[q++] = "arch";
		quals[q++] = p->arch;
	}
	if (cat->os.id && cat->os.version_id) {
		cu_buf_addf(&distro, "%s-%s", cat->os.id, cat->os.version_id);
		quals[q++] = "distro";
		quals[q++] = distro.buf;
	}
	if (strcmp(p->source_name, p->name) || strcmp(p->source_version, p->version)) {
		cu_buf_addstr(&up, p->source_name);
		if (strcmp(p->source_version, p->version))
			cu_buf_addf(&up, "@%s", p->source_version);
		quals[q++] = "upstream";
		quals[q++] = up.buf;
	}
	quals[q] = NULL;
	rc = cu_purl_make(&purl, "deb", ns, p->name, p->version, quals, NULL);
	if (!rc)
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
	cu_buf_release(&purl);
	cu_buf_release(&distro);
	cu_buf_release(&up);
	return rc ? rc : (p->purl ? 0 : CU_ENOMEM);
}

/* Owned files from a .list (one absolute path per line) or .md5sums file. */
static int add_files(struct cu_catalog *cat, struct cu_pkg *p,
		     const struct cu_content *c, bool md5sums)
{
	struct cu_span text = cu_span_make(c->data, c->len), line;
	size_t n = 0, i = 0;

	while (cu_span_pull_line(&text, &line))
		n++;
	if (n > CU_CAP_PKG_FILES)
		n = CU_CAP_PKG_FILES;
	p->files = cu_arena_calloc(&cat->arena, n + 1, sizeof(*p->files));
	if (!p->files)
		return CU_ENOMEM;
	text = cu_span_make(c->data, c->len);
	while (i < n && cu_span_pull_line(&text, &line)) {
		if (md5sums) {
			ptrdiff_t sp = cu_span_find(line, ' ');

			if (sp < 0)
				continue;
			line = cu_span_trim(cu_span_skip(line, (size_t)sp));
		}
		while (line.len && (line.ptr[0] == '/' || line.ptr[0] == '.')) {
			if (line.ptr[0] == '.' && line.len > 1 && line.ptr[1] != '/')
				break;
			line = cu_span_skip(line, 1);
		}
		if (!line.len)
			continue;
		p->files[i] = cu_arena_spandup(&cat->arena, line);
		if (!p->files[i])
			return CU_ENOMEM;
		i++;
	}
	p->nfiles = i;
	return 0;
}

static const struct cu_content *find_list(const struct cu_fsview *view,
					  const struct cu_pkg *p, struct cu_buf *path)
{
	const struct cu_content *c;

	cu_buf_reset(path);
	cu_buf_addf(path, INFO "%s:%s.list", p->name, p->arch ? p->arch : "");
	c = cu_fsview_content(view, path->buf);
	if (c)
		return c;
	cu_buf_reset(path);
	cu_buf_addf(path, INFO "%s.list", p->name);
	return cu_fsview_content(view, path->buf);
}

static int add_package(struct dpkg_state *st, struct cu_catalog *cat,
		       const struct cu_fsview *view, const struct fields *f,
		       const char *location, int file_layer,
		       const struct cu_content *files, struct cu_err *err)
{
	struct cu_buf key = CU_BUF_INIT;
	struct cu_span sname, sver;
	struct cu_pkg *p = cu_catalog_new_pkg(cat);
	struct seen *s;
	int rc = CU_ENOMEM;

	if (!p)
		goto out;
	p->type = "deb";
	p->cataloger = "dpkg";
	p->location = location;
	p->name = cu_arena_spandup(&cat->arena, f->package);
	p->version = cu_arena_spandup(&cat->arena, f->version);
	p->arch = f->arch.len ? cu_arena_spandup(&cat->arena, f->arch) : NULL;
	split_source(f->source, &sname, &sver);
	p->source_name = sname.len ? cu_arena_spandup(&cat->arena, sname) : p->name;
	p->source_version = sver.len ? cu_arena_spandup(&cat->arena, sver) : p->version;
	p->maintainer = f->maintainer.len ? cu_arena_spandup(&cat->arena, f->maintainer) : NULL;
	p->description = f->description.len ? cu_arena_spandup(&cat->arena, f->description) : NULL;
	if (!p->name || !p->version || !p->source_name || !p->source_version)
		goto out;
	key_of(&key, f);
	s = cu_map_get(&st->seen, cu_buf_span(&key));
	p->layer = s && strcmp(s->version, p->version) == 0 ? s->layer : file_layer;
	rc = add_depends(cat, p, f->depends, f->pre_depends);
	if (!rc)
		rc = make_purl(cat, p);
	if (rc)
		goto out;
	if (!files) {
		cu_buf_reset(&key);
		files = find_list(view, p, &key);
	}
	if (files)
		rc = add_files(cat, p, files, location != NULL && strncmp(location, STATUS_D, strlen(STATUS_D)) == 0);
out:
	cu_buf_release(&key);
	if (rc)
		return cu_seterr(err, rc, "cannot record package '%.*s'",
				 (int)f->package.len, f->package.ptr);
	return 0;
}

static int parse_db(struct dpkg_state *st, struct cu_catalog *cat,
		    const struct cu_fsview *view, struct cu_span text,
		    const char *location, int layer, const struct cu_content *files,
		    struct cu_err *err)
{
	struct cu_span para;
	struct fields f;
	int bad = 0, rc, n = 0;

	while (cu_deb822_paragraph(&text, &para)) {
		read_fields(para, &f, &bad);
		if (!f.package.len && !f.version.len)
			continue;
		if (!f.package.len || !f.version.len) {
			cu_catalog_warn(cat, "%s: package record without %s skipped",
					location, f.package.len ? "Version" : "Package");
			continue;
		}
		if (!is_installed(f.status))
			continue;
		if (++n > CU_CAP_PKGDB_ENTRIES)
			return cu_seterr(err, CU_ETOOBIG, "%s lists more than %d packages",
					 location, CU_CAP_PKGDB_ENTRIES);
		rc = add_package(st, cat, view, &f, location, layer, files, err);
		if (rc)
			return rc;
	}
	if (bad)
		cu_catalog_warn(cat, "%s: %d malformed lines ignored", location, bad);
	return 0;
}

struct status_d_walk {
	struct dpkg_state *st;
	struct cu_catalog *cat;
	const struct cu_fsview *view;
	const struct cu_fsnode *dir;
	struct cu_err *err;
};

static int visit_status_d(void *ctx, const struct cu_fsnode *n, const char *path)
{
	struct status_d_walk *w = ctx;
	struct cu_buf md5 = CU_BUF_INIT;
	const struct cu_content *files;
	const char *loc;
	int rc;

	if (n->parent != w->dir || n->type != CU_FS_FILE || !n->content)
		return 0;
	if (cu_span_ends_with(cu_span_str(n->name), ".md5sums"))
		return 0;
	cu_buf_addf(&md5, STATUS_D "%s.md5sums", n->name);
	files = cu_fsview_content(w->view, md5.buf);
	cu_buf_release(&md5);
	loc = cu_arena_printf(&w->cat->arena, STATUS_D "%s", n->name);
	if (!loc)
		return CU_ENOMEM;
	rc = parse_db(w->st, w->cat, w->view, cu_span_make(n->content->data, n->content->len),
		      loc, n->layer, files, w->err);
	return rc;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct dpkg_state *st = state;
	const struct cu_fsnode *n = cu_fsview_lookup(view, STATUS, true);
	int rc = 0;

	if (n && n->type == CU_FS_FILE && n->content) {
		if (n->content->truncated)
			return cu_seterr(err, CU_ETOOBIG, "%s is larger than %llu bytes",
					 STATUS, (unsigned long long)CU_CAP_CAPTURE_FILE);
		rc = parse_db(st, cat, view, cu_span_make(n->content->data, n->content->len),
			      STATUS, n->layer, NULL, err);
		if (rc)
			return rc;
	}
	n = cu_fsview_lookup(view, "var/lib/dpkg/status.d", true);
	if (n && n->type == CU_FS_DIR) {
		struct status_d_walk w = { st, cat, view, n, err };

		rc = cu_fsview_walk(view, n, visit_status_d, &w);
	}
	return rc;
}

const struct cu_cataloger_ops cu_cataloger_dpkg = {
	.name = "dpkg",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
