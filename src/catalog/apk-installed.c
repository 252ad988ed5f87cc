/*
 * apk-installed.c - Alpine, Wolfi and Chainguard packages from apk-tools'
 * installed database, /lib/apk/db/installed (apk-tools src/database.c and
 * src/package.c; Alpine wiki "Apk spec"). One record per package, records
 * separated by a blank line, each line "K:value" with a one-letter key:
 *
 *   P name   V version   A arch   o origin (the source package: what secdb
 *   advisories name)   L license   T description   m maintainer
 *   D depends   p provides   F a directory, then R the files in it
 *
 * Other keys (C S I U t c k i r q s M a Z ...) are ignored.
 *
 * Depends are names without their constraint ("busybox>=1.30" -> busybox);
 * conflicts ("!foo") are left out. Virtual names ("so:libc.musl-x86_64.so.1",
 * "cmd:sh", "pc:zlib", "/bin/sh") are resolved, as apk resolves them, to the
 * installed package that provides them (its p: line) and left out when
 * nothing installed does.
 *
 * The layer that brought a package is the first layer whose installed file
 * lists it at its final version: every version of the file is read as the
 * layers pass (captured hook), keeping only name -> (version, layer).
 */
#include "catalog.h"
#include "common.h"
#include "map.h"
#include "purl.h"

#define INSTALLED "lib/apk/db/installed"
#define INSTALLED_USR "usr/lib/apk/db/installed"	/* usr-merged images */

/* Dependency names kept per package (real packages have a few dozen). */
#define APK_MAX_DEPENDS 256
/*
 * Provided names indexed to resolve virtual depends; busybox alone provides
 * some 400 cmd: names. Past the cap, later virtual depends go unresolved.
 */
#define APK_MAX_PROVIDES 1000000

struct seen {
	const char *version;
	int layer;
	int mark;	/* generation of the last installed file that listed it */
};

struct apk_state {
	struct cu_arena arena;
	struct cu_map seen;	/* name -> struct seen */
	int generation;
};

struct record {
	struct cu_span name, version, arch, origin, license, description,
		       maintainer, depends, provides;
	struct cu_span text;	/* the whole record, read again for its files */
	size_t nfiles;		/* R: lines */
	int fields;		/* well-formed lines */
};

static int init(void **state)
{
	struct apk_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_arena_init(&st->arena, 0);
	cu_map_init(&st->seen, CU_CAP_PKGDB_ENTRIES);
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct apk_state *st = state;

	cu_map_release(&st->seen);
	cu_arena_release(&st->arena);
	free(st);
}

static bool is_db_path(struct cu_span path)
{
	return cu_span_eq_str(path, INSTALLED) || cu_span_eq_str(path, INSTALLED_USR);
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	if (!cu_span_ends_with(f->path, "apk/db/installed"))
		return 0;
	return is_db_path(f->path) ? CU_WANT_KEEP : 0;
}

/* --- the text format ----------------------------------------------------- */

/* The next record: the lines up to a blank one. False when none is left. */
static bool next_record(struct cu_span *text, struct cu_span *rec)
{
	const char *start = NULL, *end = NULL;
	struct cu_span line;

	while (cu_span_pull_line(text, &line)) {
		if (!cu_span_trim(line).len) {
			if (start)
				break;
			continue;
		}
		if (!start)
			start = line.ptr;
		end = line.ptr + line.len;
	}
	if (!start)
		return false;
	*rec = cu_span_make(start, (size_t)(end - start));
	return true;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "K:value" with a one-letter key; false for anything else. */
static bool split_line(struct cu_span line, char *key, struct cu_span *value)
{
	if (line.len < 2 || line.ptr[1] != ':' || !is_letter(line.ptr[0]))
		return false;
	*key = line.ptr[0];
	*value = cu_span_skip(line, 2);
	return true;
}

static void set_field(struct record *r, char key, struct cu_span value)
{
	struct cu_span v = cu_span_trim(value);

	switch (key) {
	case 'P': r->name = v; break;
	case 'V': r->version = v; break;
	case 'A': r->arch = v; break;
	case 'o': r->origin = v; break;
	case 'L': r->license = v; break;
	case 'T': r->description = v; break;
	case 'm': r->maintainer = v; break;
	case 'D': r->depends = v; break;
	case 'p': r->provides = v; break;
	case 'R': r->nfiles++; break;
	default: break;
	}
}

static void read_record(struct cu_span rec, struct record *r, int *bad)
{
	struct cu_span line, value;
	char key;

	memset(r, 0, sizeof(*r));
	r->text = rec;
	while (cu_span_pull_line(&rec, &line)) {
		if (!split_line(line, &key, &value)) {
			(*bad)++;
			continue;
		}
		r->fields++;
		set_field(r, key, value);
	}
}

/* The next space-separated word of a D: or p: list. */
static bool next_word(struct cu_span *s, struct cu_span *word)
{
	size_t i = 0;

	while (s->len && (s->ptr[0] == ' ' || s->ptr[0] == '\t'))
		*s = cu_span_skip(*s, 1);
	if (!s->len)
		return false;
	while (i < s->len && s->ptr[i] != ' ' && s->ptr[i] != '\t')
		i++;
	*word = cu_span_sub(*s, 0, i);
	*s = cu_span_skip(*s, i);
	return true;
}

/* "busybox>=1.30", "so:libz.so.1=1.2.11", "foo@testing" -> the name. */
static struct cu_span dep_name(struct cu_span word)
{
	for (size_t i = 0; i < word.len; i++) {
		char c = word.ptr[i];

		if (c == '<' || c == '>' || c == '=' || c == '~' || c == '@')
			return cu_span_sub(word, 0, i);
	}
	return word;
}

static bool is_virtual(struct cu_span name)
{
	return cu_span_starts_with(name, "so:") || cu_span_starts_with(name, "cmd:") ||
	       cu_span_starts_with(name, "pc:") || (name.len && name.ptr[0] == '/');
}

/* --- layer attribution --------------------------------------------------- */

static int remember(struct apk_state *st, const struct record *r, int layer)
{
	struct seen *s = cu_map_get(&st->seen, r->name);

	if (s && s->mark == st->generation - 1 && cu_span_eq_str(r->version, s->version)) {
		s->mark = st->generation;
		return 0;
	}
	if (!s) {
		char *key = cu_arena_spandup(&st->arena, r->name);

		s = cu_arena_alloc(&st->arena, sizeof(*s));
		if (!key || !s || cu_map_put(&st->seen, cu_span_str(key), s))
			return CU_ENOMEM;
	}
	s->version = cu_arena_spandup(&st->arena, r->version);
	s->layer = layer;
	s->mark = st->generation;
	return s->version ? 0 : CU_ENOMEM;
}

static int note_installed(struct apk_state *st, int layer, struct cu_span text)
{
	struct cu_span rec;
	struct record r;
	int bad = 0, rc = 0, n = 0;

	st->generation++;
	while (!rc && next_record(&text, &rec)) {
		read_record(rec, &r, &bad);
		if (!r.name.len || !r.version.len)
			continue;
		if (++n > CU_CAP_PKGDB_ENTRIES)
			break;
		rc = remember(st, &r, layer);
	}
	return rc;
}

static int captured(void *state, const struct cu_file_info *f,
		    const struct cu_content *c, struct cu_err *err)
{
	if (!is_db_path(f->path) || c->truncated)
		return 0;
	return note_installed(state, f->layer, cu_span_make(c->data, c->len));
}

/* --- packages ------------------------------------------------------------ */

/* Index what each installed package provides: provided name -> its name. */
static int index_provides(struct cu_catalog *cat, struct cu_span text, struct cu_map *provides)
{
	struct cu_span rec, list, word;
	struct record r;
	int bad = 0;

	while (next_record(&text, &rec)) {
		struct cu_span *owner;

		read_record(rec, &r, &bad);
		if (!r.name.len || !r.provides.len)
			continue;
		owner = cu_arena_alloc(&cat->arena, sizeof(*owner));
		if (!owner)
			return CU_ENOMEM;
		*owner = r.name;
		list = r.provides;
		while (next_word(&list, &word)) {
			struct cu_span name = dep_name(word);

			if (!name.len || cu_map_get(provides, name))
				continue;
			if (cu_map_put(provides, name, owner))
				return 0;	/* over the cap: the rest stay unresolved */
		}
	}
	return 0;
}

/* The package a D: word names, or an empty span when it names none. */
static struct cu_span dep_target(const struct cu_map *provides, struct cu_span word)
{
	struct cu_span name, *owner;

	if (!word.len || word.ptr[0] == '!')
		return CU_SPAN_NULL;	/* a conflict */
	name = dep_name(word);
	if (!is_virtual(name))
		return name;
	owner = cu_map_get(provides, name);
	return owner ? *owner : CU_SPAN_NULL;
}

static bool listed(const char *const *names, size_t n, struct cu_span name)
{
	for (size_t i = 0; i < n; i++)
		if (cu_span_eq_str(name, names[i]))
			return true;
	return false;
}

static int add_depends(struct cu_catalog *cat, struct cu_pkg *p,
		       const struct cu_map *provides, struct cu_span list)
{
	const char *names[APK_MAX_DEPENDS];
	struct cu_span word, name;
	size_t n = 0;

	while (n < APK_MAX_DEPENDS && next_word(&list, &word)) {
		name = dep_target(provides, word);
		if (!name.len || cu_span_eq_str(name, p->name) || listed(names, n, name))
			continue;
		names[n] = cu_arena_spandup(&cat->arena, name);
		if (!names[n++])
			return CU_ENOMEM;
	}
	if (!n)
		return 0;
	p->depends = cu_arena_calloc(&cat->arena, n + 1, sizeof(*p->depends));
	if (!p->depends)
		return CU_ENOMEM;
	memcpy(p->depends, names, n * sizeof(*names));
	return 0;
}

static struct cu_span strip_slashes(struct cu_span s)
{
	while (s.len && s.ptr[0] == '/')
		s = cu_span_skip(s, 1);
	while (s.len && s.ptr[s.len - 1] == '/')
		s.len--;
	return s;
}

/* F: directories and the R: files after each, as "dir/file". */
static int add_files(struct cu_catalog *cat, struct cu_pkg *p, const struct record *r)
{
	struct cu_span text = r->text, line, value, dir = CU_SPAN_NULL;
	size_t n = r->nfiles < CU_CAP_PKG_FILES ? r->nfiles : CU_CAP_PKG_FILES, i = 0;
	char key;

	if (!n)
		return 0;
	p->files = cu_arena_calloc(&cat->arena, n + 1, sizeof(*p->files));
	if (!p->files)
		return CU_ENOMEM;
	while (i < n && cu_span_pull_line(&text, &line)) {
		if (!split_line(line, &key, &value))
			continue;
		if (key == 'F')
			dir = strip_slashes(value);
		if (key != 'R' || !(value = strip_slashes(value)).len)
			continue;
		p->files[i] = dir.len ?
			cu_arena_printf(&cat->arena, "%.*s/%.*s", (int)dir.len, dir.ptr,
					(int)value.len, value.ptr) :
			cu_arena_spandup(&cat->arena, value);
		if (!p->files[i++])
			return CU_ENOMEM;
	}
	p->nfiles = i;
	return 0;
}

/* The purl namespace: the distribution (alpine, wolfi, chainguard ...). */
static const char *vendor_of(const struct cu_osinfo *os)
{
	if (os->id && os->family && strcmp(os->family, "alpine") == 0)
		return os->id;
	return "alpine";
}

static int make_purl(struct cu_catalog *cat, struct cu_pkg *p)
{
	const struct cu_osinfo *os = &cat->os;
	struct cu_buf purl = CU_BUF_INIT, distro = CU_BUF_INIT;
	const char *quals[7];
	size_t q = 0;
	int rc;

	quals[q++] = "arch";
	quals[q++] = p->arch;
	if (os->id && os->version_id) {
		cu_buf_addf(&distro, "%s-%s", os->id, os->version_id);
		quals[q++] = "distro";
		quals[q++] = distro.buf;
	}
	if (strcmp(p->source_name, p->name)) {
		quals[q++] = "upstream";
		quals[q++] = p->source_name;
	}
	quals[q] = NULL;
	rc = cu_purl_make(&purl, "apk", vendor_of(os), p->name, p->version, quals, NULL);
	if (!rc)
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
	cu_buf_release(&purl);
	cu_buf_release(&distro);
	return rc ? rc : (p->purl ? 0 : CU_ENOMEM);
}

static int add_package(struct apk_state *st, struct cu_catalog *cat,
		       const struct cu_map *provides, const struct record *r,
		       const char *location, int file_layer)
{
	struct cu_pkg *p = cu_catalog_new_pkg(cat);
	struct seen *s;
	int rc;

	if (!p)
		return CU_ENOMEM;
	p->type = "apk";
	p->cataloger = "apk";
	p->found_by = "apk-installed";
	p->location = location;
	p->name = cu_catalog_str(cat, r->name);
	p->version = cu_catalog_str(cat, r->version);
	p->arch = cu_catalog_str(cat, r->arch);
	p->source_name = r->origin.len ? cu_catalog_str(cat, r->origin) : p->name;
	p->source_version = p->version;
	p->license = cu_catalog_str(cat, r->license);
	p->description = cu_catalog_str(cat, r->description);
	p->maintainer = cu_catalog_str(cat, r->maintainer);
	if (!p->name || !p->version || !p->source_name)
		return CU_ENOMEM;
	s = cu_map_get(&st->seen, r->name);
	p->layer = s && strcmp(s->version, p->version) == 0 ? s->layer : file_layer;
	rc = add_depends(cat, p, provides, r->depends);
	if (!rc)
		rc = add_files(cat, p, r);
	if (!rc)
		rc = make_purl(cat, p);
	return rc;
}

/* A record that cannot be a package: warn (unless it is only noise). */
static bool unusable(struct cu_catalog *cat, const struct record *r, const char *location)
{
	if (r->name.len && r->version.len)
		return false;
	if (r->name.len)
		cu_catalog_warn(cat, "%s: package '%.*s' without V (version) skipped",
				location, (int)r->name.len, r->name.ptr);
	else if (r->fields)
		cu_catalog_warn(cat, "%s: package record without P (name) skipped", location);
	return true;
}

static int parse_db(struct apk_state *st, struct cu_catalog *cat, struct cu_span text,
		    const char *location, int layer, struct cu_err *err)
{
	struct cu_map provides;
	struct cu_span rec;
	struct record r;
	int bad = 0, n = 0, rc;

	cu_map_init(&provides, APK_MAX_PROVIDES);
	rc = index_provides(cat, text, &provides);
	while (!rc && next_record(&text, &rec)) {
		read_record(rec, &r, &bad);
		if (unusable(cat, &r, location))
			continue;
		if (++n > CU_CAP_PKGDB_ENTRIES) {
			cu_catalog_warn(cat, "%s: more than %d packages, the rest ignored",
					location, CU_CAP_PKGDB_ENTRIES);
			break;
		}
		rc = add_package(st, cat, &provides, &r, location, layer);
		if (rc)
			rc = cu_seterr(err, rc, "cannot record package '%.*s'",
				       (int)r.name.len, r.name.ptr);
	}
	cu_map_release(&provides);
	if (bad)
		cu_catalog_warn(cat, "%s: %d malformed lines ignored", location, bad);
	return rc;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	static const char *const paths[] = { INSTALLED, INSTALLED_USR };

	for (size_t i = 0; i < CU_ARRAY_SIZE(paths); i++) {
		const struct cu_fsnode *n = cu_fsview_lookup(view, paths[i], true);

		if (!n || n->type != CU_FS_FILE || !n->content)
			continue;
		if (n->content->truncated) {
			cu_catalog_warn(cat, "%s: larger than %llu bytes, not read", paths[i],
					(unsigned long long)CU_CAP_CAPTURE_FILE);
			return 0;
		}
		return parse_db(state, cat, cu_span_make(n->content->data, n->content->len),
				paths[i], n->layer, err);
	}
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_apk = {
	.name = "apk",
	.init = init,
	.free = release,
	.want = want,
	.captured = captured,
	.catalog = catalog,
};
