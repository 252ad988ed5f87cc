/*
 * osrelease.c - which distribution the image is, from os-release(5)
 * (/etc/os-release, else /usr/lib/os-release), with the older release files
 * (/etc/debian_version, /etc/alpine-release, /etc/redhat-release) as
 * fallbacks. Distroless images are recognised by their os-release name or
 * by a dpkg status.d directory without a status file.
 */
#include "catalog.h"
#include "common.h"
#include "distro.h"

static const char *const release_files[] = {
	"etc/os-release",
	"usr/lib/os-release",
	"etc/debian_version",
	"etc/alpine-release",
	"etc/redhat-release",
	"etc/lsb-release",
};

static unsigned want(void *state, const struct cu_file_info *f)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(release_files); i++)
		if (cu_span_eq_str(f->path, release_files[i]))
			return CU_WANT_KEEP;
	return 0;
}

/* Unquote an os-release value: "..." with \-escapes, '...' literal. */
static char *unquote(struct cu_arena *a, struct cu_span v)
{
	struct cu_buf b = CU_BUF_INIT;
	char *out;

	cu_buf_init(&b, 4096);
	v = cu_span_trim(v);
	if (v.len >= 2 && v.ptr[0] == '\'' && v.ptr[v.len - 1] == '\'') {
		cu_buf_add(&b, v.ptr + 1, v.len - 2);
	} else if (v.len >= 2 && v.ptr[0] == '"' && v.ptr[v.len - 1] == '"') {
		for (size_t i = 1; i + 1 < v.len; i++) {
			if (v.ptr[i] == '\\' && i + 2 < v.len)
				i++;
			cu_buf_addch(&b, v.ptr[i]);
		}
	} else {
		cu_buf_addspan(&b, v);
	}
	out = cu_arena_strndup(a, cu_buf_str(&b), b.len);
	cu_buf_release(&b);
	return out;
}

static void parse_os_release(struct cu_catalog *cat, struct cu_span text)
{
	struct cu_osinfo *os = &cat->os;
	struct cu_span line, key;

	while (cu_span_pull_line(&text, &line)) {
		line = cu_span_trim(line);
		if (!line.len || line.ptr[0] == '#' || !cu_span_split(&line, '=', &key))
			continue;
		key = cu_span_trim(key);
		if (cu_span_eq_str(key, "ID"))
			os->id = unquote(&cat->arena, line);
		else if (cu_span_eq_str(key, "ID_LIKE"))
			os->id_like = unquote(&cat->arena, line);
		else if (cu_span_eq_str(key, "VERSION_ID"))
			os->version_id = unquote(&cat->arena, line);
		else if (cu_span_eq_str(key, "VERSION_CODENAME"))
			os->codename = unquote(&cat->arena, line);
		else if (cu_span_eq_str(key, "PRETTY_NAME"))
			os->pretty_name = unquote(&cat->arena, line);
		else if (cu_span_eq_str(key, "UBUNTU_CODENAME") && !os->codename)
			os->codename = unquote(&cat->arena, line);
	}
}

/* The family of ID, else of the first ID_LIKE word we know, else ID itself. */
static const char *family_of(const struct cu_osinfo *os)
{
	struct cu_span like = cu_span_str(os->id_like ? os->id_like : ""), w;
	char word[64];

	if (cu_distro_family(os->id))
		return cu_distro_family(os->id);
	while (like.len) {
		cu_span_split(&like, ' ', &w);
		if (cu_span_to_cstr(w, word, sizeof(word)) && cu_distro_family(word))
			return cu_distro_family(word);
	}
	return os->id;
}

/* /etc/debian_version: "12.5" or "bookworm/sid". */
static void from_debian_version(struct cu_catalog *cat, struct cu_span text)
{
	struct cu_span line = cu_span_trim(text), rest = line, major;
	ptrdiff_t slash = cu_span_find(line, '/');

	cat->os.id = "debian";
	if (slash >= 0) {
		cat->os.codename = "sid";
		return;
	}
	cu_span_split(&rest, '.', &major);
	cat->os.version_id = cu_arena_spandup(&cat->arena, major);
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct cu_osinfo *os = &cat->os;
	const struct cu_content *c = NULL;
	const struct cu_fsnode *n = NULL;
	size_t i;

	for (i = 0; i < 2 && !c; i++) {
		n = cu_fsview_lookup(view, release_files[i], true);
		c = n && n->type == CU_FS_FILE ? n->content : NULL;
	}
	if (c) {
		parse_os_release(cat, cu_span_make(c->data, c->len));
		os->source_file = release_files[i - 1];
	} else if ((c = cu_fsview_content(view, "etc/debian_version"))) {
		from_debian_version(cat, cu_span_make(c->data, c->len));
		os->source_file = "etc/debian_version";
	} else if ((c = cu_fsview_content(view, "etc/alpine-release"))) {
		os->id = "alpine";
		os->version_id = cu_arena_spandup(&cat->arena,
						  cu_span_trim(cu_span_make(c->data, c->len)));
		os->source_file = "etc/alpine-release";
	}
	if (os->source_file) {
		n = cu_fsview_lookup(view, os->source_file, true);
		os->layer = n ? n->layer : -1;
	}
	if (os->id && strcmp(os->id, "debian") == 0 && !os->codename)
		os->codename = cu_debian_codename(os->version_id);
	if (os->id)
		os->family = family_of(os);
	if (os->pretty_name && strncmp(os->pretty_name, "Distroless", 10) == 0)
		os->distroless = true;
	if (cu_fsview_lookup(view, "var/lib/dpkg/status.d", true) &&
	    !cu_fsview_lookup(view, "var/lib/dpkg/status", true))
		os->distroless = true;
	return 0;
}

const struct cu_cataloger_ops cu_cataloger_osrelease = {
	.name = "os-release",
	.want = want,
	.catalog = catalog,
};
