/*
 * fsview.c - the merged layer filesystem: a tree of nodes with a hash index
 * keyed by (parent, name), whiteouts and opaque directories applied per the
 * OCI image-spec layer.md.
 */
#include "common.h"
#include "fsview.h"
#include "image/layer.h"
#include "path.h"

#define WH_PREFIX ".wh."
#define WH_OPAQUE ".wh..wh..opq"

/* --- hash index ---------------------------------------------------------- */

static size_t bucket_of(const struct cu_fsview *v, const struct cu_fsnode *parent,
			struct cu_span name)
{
	uint64_t h = cu_span_hash(name) ^ ((uint64_t)(uintptr_t)parent * 0x9e3779b97f4a7c15ULL);

	return (size_t)(h ^ (h >> 29)) & (v->nbuckets - 1);
}

static struct cu_fsnode *find_child(const struct cu_fsview *v,
				    const struct cu_fsnode *parent,
				    struct cu_span name)
{
	struct cu_fsnode *n = v->table[bucket_of(v, parent, name)];

	for (; n; n = n->hnext)
		if (n->parent == parent && n->namelen == name.len &&
		    memcmp(n->name, name.ptr, name.len) == 0)
			return n;
	return NULL;
}

static int grow_table(struct cu_fsview *v)
{
	size_t old = v->nbuckets, nb;
	struct cu_fsnode **ot = v->table;

	if (!cu_mul(old, 2, &nb))
		return CU_ENOMEM;
	v->table = cu_calloc(nb, sizeof(*v->table));
	if (!v->table) {
		v->table = ot;
		return CU_ENOMEM;
	}
	v->nbuckets = nb;
	for (size_t i = 0; i < old; i++) {
		struct cu_fsnode *n = ot[i], *next;

		for (; n; n = next) {
			size_t b = bucket_of(v, n->parent,
					     cu_span_make(n->name, n->namelen));

			next = n->hnext;
			n->hnext = v->table[b];
			v->table[b] = n;
		}
	}
	free(ot);
	return 0;
}

static void unhash(struct cu_fsview *v, struct cu_fsnode *n)
{
	struct cu_fsnode **pp = &v->table[bucket_of(v, n->parent,
					       cu_span_make(n->name, n->namelen))];

	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == n) {
			*pp = n->hnext;
			return;
		}
	}
}

/* --- nodes --------------------------------------------------------------- */

int cu_fsview_init(struct cu_fsview *v)
{
	memset(v, 0, sizeof(*v));
	cu_arena_init(&v->arena, 0);
	v->nbuckets = 1024;
	v->table = cu_calloc(v->nbuckets, sizeof(*v->table));
	if (!v->table)
		return CU_ENOMEM;
	v->root.type = CU_FS_DIR;
	v->root.name = "";
	return 0;
}

static void drop_content(struct cu_fsview *v, struct cu_fsnode *n)
{
	if (!n->content)
		return;
	if (n->content->refs == 1)
		v->captured_bytes -= n->content->len;
	cu_content_put(n->content);
	n->content = NULL;
}

static void release_contents(struct cu_fsview *v, struct cu_fsnode *n)
{
	for (struct cu_fsnode *c = n->children; c; c = c->next)
		release_contents(v, c);
	drop_content(v, n);
}

void cu_fsview_release(struct cu_fsview *v)
{
	release_contents(v, &v->root);
	free(v->table);
	cu_arena_release(&v->arena);
	memset(v, 0, sizeof(*v));
}

static void account_file(struct cu_fsview *v, struct cu_fsnode *n, int sign)
{
	if (n->type != CU_FS_FILE)
		return;
	if (sign > 0) {
		v->nfiles++;
		v->files_bytes += n->size;
	} else {
		v->nfiles--;
		v->files_bytes -= n->size;
	}
}

/* Remove n and everything below it from the view. */
static void remove_subtree(struct cu_fsview *v, struct cu_fsnode *n)
{
	while (n->children)
		remove_subtree(v, n->children);
	drop_content(v, n);
	account_file(v, n, -1);
	unhash(v, n);
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->children = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->next = n->prev = NULL;
	v->nnodes--;
}

/* Remove what lower layers (below `layer`) left under n, keep this layer's. */
static void prune_lower(struct cu_fsview *v, struct cu_fsnode *n, int layer)
{
	struct cu_fsnode *c = n->children, *next;

	for (; c; c = next) {
		next = c->next;
		if (c->seen < layer)
			remove_subtree(v, c);
		else
			prune_lower(v, c, layer);
	}
}

static struct cu_fsnode *new_child(struct cu_fsview *v, struct cu_fsnode *parent,
				   struct cu_span name, int layer)
{
	struct cu_fsnode *n;
	size_t b;

	if (v->nnodes >= CU_CAP_VIEW_NODES)
		return NULL;
	if (v->nnodes >= v->nbuckets && grow_table(v))
		return NULL;
	n = cu_arena_alloc(&v->arena, sizeof(*n));
	if (!n || !(n->name = cu_arena_strndup(&v->arena, name.ptr, name.len)))
		return NULL;
	n->namelen = (uint32_t)name.len;
	n->parent = parent;
	n->type = CU_FS_DIR;
	n->layer = (uint16_t)layer;
	n->seen = (uint16_t)layer;
	n->mode = 0755;
	n->next = parent->children;
	if (n->next)
		n->next->prev = n;
	parent->children = n;
	b = bucket_of(v, parent, name);
	n->hnext = v->table[b];
	v->table[b] = n;
	v->nnodes++;
	return n;
}

/*
 * Walk to the directory for all but the last component of norm, creating
 * directories as needed. A non-directory in the way is replaced by a
 * directory, as extracting the layer over the lower ones would do.
 */
static int walk_parents(struct cu_fsview *v, struct cu_span norm, int layer,
			struct cu_fsnode **dir, struct cu_span *leaf)
{
	struct cu_fsnode *cur = &v->root;
	struct cu_span rest = norm, comp;

	cur->seen = (uint16_t)layer;
	for (;;) {
		struct cu_fsnode *c;

		if (!cu_span_split(&rest, '/', &comp)) {
			*dir = cur;
			*leaf = comp;
			return 0;
		}
		c = find_child(v, cur, comp);
		if (c && c->type != CU_FS_DIR) {
			remove_subtree(v, c);
			c = NULL;
		}
		if (!c) {
			c = new_child(v, cur, comp, layer);
			if (!c)
				return v->nnodes >= CU_CAP_VIEW_NODES ? CU_ETOOBIG : CU_ENOMEM;
		}
		c->seen = (uint16_t)layer;
		cur = c;
	}
}

static int apply_whiteout(struct cu_fsview *v, struct cu_fsnode *dir,
			  struct cu_span leaf, int layer)
{
	struct cu_fsnode *n;

	if (cu_span_eq_str(leaf, WH_OPAQUE)) {
		prune_lower(v, dir, layer);
		return 0;
	}
	leaf = cu_span_skip(leaf, strlen(WH_PREFIX));
	n = find_child(v, dir, leaf);
	if (!n)
		return 0;
	if (n->seen < layer)
		remove_subtree(v, n);
	else
		prune_lower(v, n, layer);
	return 0;
}

static uint8_t fs_type_of(enum cu_entry_type t)
{
	switch (t) {
	case CU_ENTRY_FILE:
	case CU_ENTRY_HARDLINK: return CU_FS_FILE;
	case CU_ENTRY_DIR: return CU_FS_DIR;
	case CU_ENTRY_SYMLINK: return CU_FS_SYMLINK;
	default: return CU_FS_OTHER;
	}
}

/* For a hard link: the node it names, literally (no symlinks followed). */
static struct cu_fsnode *link_source(struct cu_fsview *v, struct cu_span target,
				     int *rc)
{
	struct cu_buf norm = CU_BUF_INIT;
	struct cu_fsnode *cur = &v->root;
	struct cu_span rest, comp;

	*rc = cu_path_normalize(target, &norm);
	if (*rc) {
		cu_buf_release(&norm);
		return NULL;
	}
	rest = cu_buf_span(&norm);
	while (cur && rest.len) {
		cu_span_split(&rest, '/', &comp);
		cur = find_child(v, cur, comp);
	}
	cu_buf_release(&norm);
	return cur && cur->type == CU_FS_FILE ? cur : NULL;
}

static int set_leaf(struct cu_fsview *v, struct cu_fsnode *dir, struct cu_span leaf,
		    int layer, const struct cu_tar_entry *e, struct cu_fsnode **out,
		    struct cu_err *err)
{
	uint8_t type = fs_type_of(e->type);
	struct cu_fsnode *src = NULL, *n;
	int rc = 0;

	if (e->type == CU_ENTRY_HARDLINK) {
		src = link_source(v, e->link, &rc);
		if (rc == CU_EUNSAFE)
			return cu_seterr(err, CU_EUNSAFE,
					 "hard link '%.*s' points outside the image root",
					 (int)(e->name.len > 200 ? 200 : e->name.len), e->name.ptr);
	}
	n = find_child(v, dir, leaf);
	if (n && !(n->type == CU_FS_DIR && type == CU_FS_DIR)) {
		if (n == src)
			return 0;	/* a link to itself changes nothing */
		remove_subtree(v, n);
		n = NULL;
	}
	if (!n) {
		n = new_child(v, dir, leaf, layer);
		if (!n)
			return v->nnodes >= CU_CAP_VIEW_NODES ?
			       cu_seterr(err, CU_ETOOBIG, "image has more than %d files",
					 CU_CAP_VIEW_NODES) : CU_ENOMEM;
	}
	n->type = type;
	n->explicit_entry = true;
	n->layer = (uint16_t)layer;
	n->seen = (uint16_t)layer;
	n->mode = e->mode;
	n->uid = (uint32_t)e->uid;
	n->gid = (uint32_t)e->gid;
	n->size = type == CU_FS_FILE ? e->size : 0;
	n->link = NULL;
	if (type == CU_FS_SYMLINK) {
		n->link = cu_arena_spandup(&v->arena, e->link);
		if (!n->link)
			return CU_ENOMEM;
	}
	if (src) {
		n->size = src->size;
		if (src->content) {
			src->content->refs++;
			n->content = src->content;
		}
	}
	account_file(v, n, +1);
	*out = n;
	return 0;
}

static int bad_name(const struct cu_tar_entry *e, int rc, struct cu_err *err)
{
	int n = (int)(e->name.len > 200 ? 200 : e->name.len);

	if (rc == CU_EUNSAFE)
		return cu_seterr(err, CU_EUNSAFE, "entry '%.*s' points outside the image root",
				 n, e->name.ptr);
	return cu_seterr(err, rc, "bad entry name '%.*s'", n, e->name.ptr);
}

int cu_fsview_apply_norm(struct cu_fsview *v, int layer, struct cu_span norm,
			 const struct cu_tar_entry *e, struct cu_fsnode **node,
			 struct cu_err *err)
{
	struct cu_fsnode *dir;
	struct cu_span leaf;
	int rc;

	*node = NULL;
	if (!norm.len)
		return 0;	/* the root itself ("./") */
	rc = walk_parents(v, norm, layer, &dir, &leaf);
	if (rc)
		return cu_seterr(err, rc, "cannot add '%.*s' to the filesystem view",
				 (int)norm.len, norm.ptr);
	if (cu_span_starts_with(leaf, WH_PREFIX))
		return apply_whiteout(v, dir, leaf, layer);
	return set_leaf(v, dir, leaf, layer, e, node, err);
}

int cu_fsview_apply(struct cu_fsview *v, int layer, const struct cu_tar_entry *e,
		    struct cu_fsnode **node, struct cu_err *err)
{
	struct cu_buf norm = CU_BUF_INIT;
	int rc = cu_path_normalize(e->name, &norm);

	*node = NULL;
	if (rc)
		rc = bad_name(e, rc, err);
	else
		rc = cu_fsview_apply_norm(v, layer, cu_buf_span(&norm), e, node, err);
	cu_buf_release(&norm);
	return rc;
}

/* --- content ------------------------------------------------------------- */

struct cu_content *cu_content_new(struct cu_span data, bool truncated)
{
	struct cu_content *c = malloc(sizeof(*c) + data.len + 1);

	if (!c)
		return NULL;
	c->refs = 1;
	c->truncated = truncated;
	c->len = data.len;
	if (data.len)
		memcpy(c->data, data.ptr, data.len);
	c->data[data.len] = '\0';
	return c;
}

void cu_content_put(struct cu_content *c)
{
	if (c && --c->refs == 0)
		free(c);
}

int cu_fsview_set_content(struct cu_fsview *v, struct cu_fsnode *n,
			  struct cu_content *c, struct cu_err *err)
{
	drop_content(v, n);
	if (v->captured_bytes + c->len > CU_CAP_CAPTURE_TOTAL) {
		cu_content_put(c);
		return cu_seterr(err, CU_ETOOBIG,
				 "package metadata in the image exceeds %llu bytes",
				 (unsigned long long)CU_CAP_CAPTURE_TOTAL);
	}
	v->captured_bytes += c->len;
	n->content = c;
	return 0;
}

/* --- lookup -------------------------------------------------------------- */

struct resolve {
	const struct cu_fsview *v;
	int hops;
};

static const struct cu_fsnode *resolve_from(struct resolve *r,
					    const struct cu_fsnode *cur,
					    struct cu_span path, bool follow);

/* Follow a symlink node n; its target is relative to n's parent. */
static const struct cu_fsnode *follow_link(struct resolve *r,
					   const struct cu_fsnode *n)
{
	struct cu_span target = cu_span_str(n->link);
	const struct cu_fsnode *base = n->parent;

	if (++r->hops > CU_CAP_LINK_HOPS)
		return NULL;
	if (target.len && target.ptr[0] == '/')
		base = &r->v->root;
	return resolve_from(r, base, target, true);
}

static const struct cu_fsnode *resolve_from(struct resolve *r,
					    const struct cu_fsnode *cur,
					    struct cu_span path, bool follow)
{
	struct cu_span rest = path, comp;

	while (cur && rest.len) {
		bool last;

		cu_span_split(&rest, '/', &comp);
		while (rest.len && rest.ptr[0] == '/')
			rest = cu_span_skip(rest, 1);
		last = rest.len == 0;
		if (!comp.len || cu_span_eq_str(comp, "."))
			continue;
		if (cu_span_eq_str(comp, "..")) {
			if (cur->parent)	/* ".." at the root stays at the root */
				cur = cur->parent;
			continue;
		}
		if (cur->type != CU_FS_DIR)
			return NULL;
		cur = find_child(r->v, cur, comp);
		if (cur && cur->type == CU_FS_SYMLINK && (!last || follow))
			cur = follow_link(r, cur);
	}
	return cur;
}

struct cu_fsnode *cu_fsview_lookup(const struct cu_fsview *v, const char *path,
				   bool follow)
{
	struct resolve r = { v, 0 };

	if (strlen(path) > CU_CAP_PATH_BYTES)
		return NULL;
	return (struct cu_fsnode *)resolve_from(&r, &v->root, cu_span_str(path), follow);
}

const struct cu_content *cu_fsview_content(const struct cu_fsview *v,
					   const char *path)
{
	const struct cu_fsnode *n = cu_fsview_lookup(v, path, true);

	return n && n->type == CU_FS_FILE ? n->content : NULL;
}

int cu_fsnode_path(const struct cu_fsnode *n, struct cu_buf *buf)
{
	const struct cu_fsnode *chain[CU_CAP_PATH_DEPTH + 1];
	size_t depth = 0;

	cu_buf_reset(buf);
	for (; n && n->parent && depth < CU_ARRAY_SIZE(chain); n = n->parent)
		chain[depth++] = n;
	while (depth--) {
		if (buf->len)
			cu_buf_addch(buf, '/');
		if (cu_buf_add(buf, chain[depth]->name, chain[depth]->namelen))
			return CU_ENOMEM;
	}
	return cu_buf_add(buf, "", 0);
}

static int walk_node(const struct cu_fsnode *n, struct cu_buf *path,
		     cu_fsview_fn fn, void *ctx)
{
	size_t len = path->len;
	int rc;

	for (const struct cu_fsnode *c = n->children; c; c = c->next) {
		path->len = len;
		if (len)
			cu_buf_addch(path, '/');
		cu_buf_add(path, c->name, c->namelen);
		rc = fn(ctx, c, path->buf);
		if (rc)
			return rc;
		if (c->type == CU_FS_DIR) {
			rc = walk_node(c, path, fn, ctx);
			if (rc)
				return rc;
		}
	}
	path->len = len;
	if (path->buf)
		path->buf[len] = '\0';
	return 0;
}

int cu_fsview_walk(const struct cu_fsview *v, const struct cu_fsnode *start,
		   cu_fsview_fn fn, void *ctx)
{
	struct cu_buf path = CU_BUF_INIT;
	int rc;

	if (!start)
		start = &v->root;
	cu_fsnode_path(start, &path);
	rc = walk_node(start, &path, fn, ctx);
	cu_buf_release(&path);
	return rc;
}
