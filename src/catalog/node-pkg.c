/*
 * node-pkg.c - npm names, purls and watched files, shared by the node
 * catalogers (see node-pkg.h).
 */
#include "common.h"
#include "node-pkg.h"
#include "purl.h"

/* encodeURIComponent's unreserved set, which npm requires of names */
static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("-._~!*'()", c));
}

static bool name_part_ok(struct cu_span s)
{
	if (!s.len || cu_span_eq_str(s, ".") || cu_span_eq_str(s, ".."))
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!name_char(s.ptr[i]))
			return false;
	return true;
}

bool cu_npm_name_ok(struct cu_span name)
{
	struct cu_span scope;

	if (!name.len || name.len > CU_NPM_NAME_MAX)
		return false;
	if (name.ptr[0] != '@')
		return name_part_ok(name);
	name = cu_span_skip(name, 1);
	if (!cu_span_split(&name, '/', &scope))
		return false;
	return name_part_ok(scope) && name_part_ok(name);
}

bool cu_npm_version_ok(struct cu_span version)
{
	if (!version.len || version.len > CU_NPM_VERSION_MAX)
		return false;
	for (size_t i = 0; i < version.len; i++)
		if (version.ptr[i] <= ' ' || version.ptr[i] > '~')
			return false;
	return true;
}

bool cu_npm_has_component(struct cu_span path, const char *comp)
{
	size_t n = strlen(comp);
	struct cu_span rest = path;

	while (rest.len >= n) {
		const char *hit = memmem(rest.ptr, rest.len, comp, n);
		size_t at, end;

		if (!hit)
			return false;
		at = (size_t)(hit - path.ptr);
		end = at + n;
		if ((at == 0 || path.ptr[at - 1] == '/') &&
		    (end == path.len || path.ptr[end] == '/'))
			return true;
		rest = cu_span_skip(path, at + 1);
	}
	return false;
}

static int make_purl(struct cu_catalog *cat, struct cu_pkg *p)
{
	struct cu_buf purl = CU_BUF_INIT;
	char scope[CU_NPM_NAME_MAX + 1];
	const char *name = p->name, *slash;
	int rc;

	scope[0] = '\0';
	if (name[0] == '@' && (slash = strchr(name, '/'))) {
		cu_span_to_cstr(cu_span_make(name, (size_t)(slash - name)), scope,
				sizeof(scope));
		name = slash + 1;
	}
	rc = cu_purl_make(&purl, "npm", scope, name, p->version, NULL, NULL);
	if (!rc) {
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
		rc = p->purl ? 0 : CU_ENOMEM;
	}
	cu_buf_release(&purl);
	return rc;
}

int cu_npm_new_pkg(struct cu_catalog *cat, struct cu_span name,
		   struct cu_span version, struct cu_pkg **out)
{
	struct cu_pkg *p = cu_catalog_new_pkg(cat);

	*out = NULL;
	if (!p)
		return CU_ENOMEM;
	p->type = "npm";
	p->name = cu_arena_spandup(&cat->arena, name);
	p->version = cu_arena_spandup(&cat->arena, version);
	if (!p->name || !p->version)
		return CU_ENOMEM;
	p->source_name = p->name;
	p->source_version = p->version;
	*out = p;
	return make_purl(cat, p);
}

int cu_npm_set_depends(struct cu_catalog *cat, struct cu_pkg *p,
		       const struct cu_span *names, size_t n)
{
	size_t k = 0;

	if (n > CU_NPM_DEPENDS_MAX)
		n = CU_NPM_DEPENDS_MAX;
	if (!n)
		return 0;
	p->depends = cu_arena_calloc(&cat->arena, n + 1, sizeof(*p->depends));
	if (!p->depends)
		return CU_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!names[i].len)
			continue;
		p->depends[k] = cu_arena_spandup(&cat->arena, names[i]);
		if (!p->depends[k++])
			return CU_ENOMEM;
	}
	return 0;
}

const char *cu_npm_text(struct cu_catalog *cat, struct cu_span s, size_t max)
{
	struct cu_span line = CU_SPAN_NULL;

	s = cu_span_trim(s);
	cu_span_pull_line(&s, &line);
	line = cu_span_trim(line);
	if (line.len > max) {
		line.len = max;
		/* do not cut a UTF-8 sequence: back up over continuation bytes */
		while (line.len && ((unsigned char)line.ptr[line.len] & 0xc0) == 0x80)
			line.len--;
	}
	return cu_catalog_str(cat, line);
}

/* --- watched files --------------------------------------------------------- */

void cu_npm_files_init(struct cu_npm_files *fs, uint64_t max_bytes)
{
	memset(fs, 0, sizeof(*fs));
	cu_arena_init(&fs->arena, 0);
	cu_map_init(&fs->by_path, CU_NPM_FILES_MAX);
	fs->tail = &fs->head;
	fs->max_bytes = max_bytes;
}

void cu_npm_files_release(struct cu_npm_files *fs)
{
	cu_map_release(&fs->by_path);
	cu_arena_release(&fs->arena);
}

static struct cu_npm_file *file_add(struct cu_npm_files *fs, struct cu_span path)
{
	struct cu_npm_file *nf = cu_map_get(&fs->by_path, path);

	if (nf || fs->full)
		return nf;
	nf = cu_arena_alloc(&fs->arena, sizeof(*nf));
	if (nf)
		nf->path = cu_arena_spandup(&fs->arena, path);
	if (!nf || !nf->path || cu_map_put(&fs->by_path, cu_span_str(nf->path), nf)) {
		fs->full = true;	/* out of memory or over the cap */
		return NULL;
	}
	nf->big_layer = -1;
	*fs->tail = nf;
	fs->tail = &nf->next;
	return nf;
}

unsigned cu_npm_files_want(struct cu_npm_files *fs, const struct cu_file_info *f)
{
	struct cu_npm_file *nf = file_add(fs, f->path);

	if (!nf)
		return 0;
	nf->big_layer = -1;	/* the last version decides */
	if (f->size > fs->max_bytes) {
		nf->big_layer = f->layer;
		nf->big_size = f->size;
		return 0;
	}
	return CU_WANT_KEEP;
}

int cu_npm_files_captured(struct cu_npm_files *fs, const struct cu_file_info *f,
			  const struct cu_content *c)
{
	struct cu_npm_file *nf = cu_map_get(&fs->by_path, f->path);
	uint64_t hash = cu_span_hash(cu_span_make(c->data, c->len));

	if (!nf)
		return 0;
	if (!nf->captured || nf->hash != hash) {
		nf->hash = hash;
		nf->first_layer = f->layer;
		nf->captured = true;
	}
	return 0;
}

static int visit(struct cu_npm_files *fs, struct cu_npm_file *nf,
		 struct cu_catalog *cat, const struct cu_fsview *view,
		 cu_npm_file_fn fn, void *ctx)
{
	const struct cu_fsnode *n = cu_fsview_lookup(view, nf->path, false);
	const struct cu_content *c;
	struct cu_span text;
	int layer;

	if (!n || n->type != CU_FS_FILE)
		return 0;
	if (nf->big_layer == n->layer)
		return cu_catalog_warn(cat, "%s: larger than %llu bytes (%llu), not read",
				       nf->path, (unsigned long long)fs->max_bytes,
				       (unsigned long long)nf->big_size);
	c = n->content;
	if (!c)
		return 0;
	if (c->truncated)
		return cu_catalog_warn(cat, "%s: not captured whole, not read", nf->path);
	text = cu_span_make(c->data, c->len);
	layer = n->layer;
	if (nf->captured && nf->hash == cu_span_hash(text))
		layer = nf->first_layer;
	if (cu_span_starts_with(text, "\xef\xbb\xbf"))
		text = cu_span_skip(text, 3);	/* a UTF-8 BOM, as npm allows */
	return fn(ctx, nf->path, text, layer);
}

int cu_npm_files_each(struct cu_npm_files *fs, struct cu_catalog *cat,
		      const struct cu_fsview *view, cu_npm_file_fn fn, void *ctx)
{
	int rc = 0;

	if (fs->full)
		rc = cu_catalog_warn(cat, "more than %d package files, the rest not read",
				     CU_NPM_FILES_MAX);
	for (struct cu_npm_file *nf = fs->head; nf && !rc; nf = nf->next)
		rc = visit(fs, nf, cat, view, fn, ctx);
	return rc;
}
