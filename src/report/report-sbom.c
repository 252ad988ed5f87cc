/*
 * report-sbom.c - naming what an SBOM describes, for every SBOM format
 * (report-sbom.h): the image (a Docker-style reference normalised as
 * distribution/reference does, and a purl of the purl-spec "oci" type), one
 * identifier per package, the dependency graph and the binaries packages
 * were found in.
 */
#include <openssl/rand.h>
#include <time.h>

#include "catalog/purl.h"
#include "common.h"
#include "report-sbom.h"

static const char *sdup(struct cu_sbom *s, const char *str, size_t len)
{
	return cu_arena_strndup(&s->arena, str, len);
}

/* --- document identity ----------------------------------------------------- */

static int make_uuid(struct cu_sbom *s, struct cu_err *err)
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		return cu_seterr(err, CU_EIO, "cannot get random bytes for the document id");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	snprintf(s->uuid, sizeof(s->uuid),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
		 b[12], b[13], b[14], b[15]);
	return 0;
}

static void make_time(struct cu_sbom *s)
{
	time_t t = s->r->created > 0 ? (time_t)s->r->created : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(s->created, sizeof(s->created), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- the image --------------------------------------------------------------- */

static bool ref_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
	       c == '-' || c == '/' || c == ':';
}

/* The registry part of a reference: it has a '.' or a port, or is localhost. */
static bool is_domain(struct cu_span first)
{
	return cu_span_find(first, '.') >= 0 || cu_span_find(first, ':') >= 0 ||
	       cu_span_eq_str(first, "localhost");
}

/*
 * "debian:12", "ghcr.io/org/app:1.0", "app@sha256:..." -> the normalised
 * repository ("docker.io/library/debian") and tag. Not a reference (a path,
 * upper case): false.
 */
static bool parse_reference(struct cu_sbom *s, const char *ref)
{
	struct cu_span r = cu_span_str(ref), tag = CU_SPAN_NULL, rest, first;
	ptrdiff_t at = cu_span_find(r, '@'), colon, slash;
	struct cu_buf repo = CU_BUF_INIT;

	if (at >= 0)
		r.len = (size_t)at;
	slash = cu_span_rfind(r, '/');
	colon = cu_span_rfind(r, ':');
	if (colon > slash) {
		tag = cu_span_skip(r, (size_t)colon + 1);
		r.len = (size_t)colon;
	}
	for (size_t i = 0; i < r.len; i++)
		if (!ref_char(r.ptr[i]))
			return false;
	if (!r.len || r.ptr[0] == '/' || r.ptr[r.len - 1] == '/' ||
	    (cu_span_find(r, ':') >= 0 && cu_span_find(r, ':') > cu_span_find(r, '/')))
		return false;
	rest = r;
	cu_span_split(&rest, '/', &first);
	if (cu_span_find(r, '/') < 0 || !is_domain(first))
		cu_buf_addstr(&repo, cu_span_find(r, '/') < 0 ? "docker.io/library/" :
				     "docker.io/");
	cu_buf_addspan(&repo, r);
	s->img.repository = repo.len ? sdup(s, repo.buf, repo.len) : NULL;
	s->img.tag = tag.len ? sdup(s, tag.ptr, tag.len) : NULL;
	cu_buf_release(&repo);
	return s->img.repository != NULL;
}

static int image_purl(struct cu_sbom *s)
{
	const struct cu_image *img = s->r->scan->img;
	const char *name = strrchr(s->img.repository, '/') + 1;
	const char *quals[] = { "arch", img->architecture, "repository_url", s->img.repository,
				"tag", s->img.tag, NULL };
	struct cu_buf purl = CU_BUF_INIT;
	int rc;

	rc = cu_purl_make(&purl, "oci", NULL, name, img->manifest_digest, quals, NULL);
	if (rc == CU_ENOMEM)
		goto out;
	rc = 0;
	if (purl.len && !(s->img.purl = sdup(s, purl.buf, purl.len)))
		rc = CU_ENOMEM;
out:
	cu_buf_release(&purl);
	return rc;
}

/*
 * Docker archives name the image in RepoTags; an OCI layout's ref.name is a
 * tag or a full reference. Without a repository the image is named by the
 * reference the user gave and has no purl.
 */
static int name_image(struct cu_sbom *s)
{
	const struct cu_image *img = s->r->scan->img;
	const char *tag = img->tag;
	bool named = false;

	if (img->repo_tags && img->repo_tags[0])
		named = parse_reference(s, img->repo_tags[0]);
	if (!named && tag && (strchr(tag, '/') || strchr(tag, ':')))
		named = parse_reference(s, tag);
	if (named && !s->img.tag)
		s->img.tag = tag && !strchr(tag, '/') && !strchr(tag, ':') ? tag : NULL;
	if (!named)
		s->img.tag = tag;
	s->img.name = named ? s->img.repository : img->ref;
	s->img.version = s->img.tag ? s->img.tag : img->config_digest;
	if (named && img->manifest_digest[0])
		return image_purl(s);
	return 0;
}

/* --- identifiers ------------------------------------------------------------- */

void cu_sbom_idchars(struct cu_buf *b, const char *s)
{
	for (; s && *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '-';

		cu_buf_addch(b, ok ? c : '-');
	}
}

/* Identifiers handed out, and the next suffix to try for a taken one. */
struct idset {
	struct cu_map taken;	/* id -> itself */
	struct cu_map next;	/* taken base -> struct next_suffix */
};

struct next_suffix {
	size_t n;
};

/* The first free base + sep + N (N >= 2), remembering N for the next one. */
static int suffix(struct cu_sbom *s, struct idset *ids, const char *base, const char *sep,
		  struct cu_buf *b)
{
	struct next_suffix *ns = cu_map_get_str(&ids->next, base);
	const char *key;
	size_t n;

	for (n = ns ? ns->n : 2; ; n++) {
		cu_buf_reset(b);
		cu_buf_addf(b, "%s%s%zu", base, sep, n);
		if (!cu_map_get(&ids->taken, cu_buf_span(b)))
			break;
	}
	if (!ns) {
		key = sdup(s, base, strlen(base));
		ns = cu_arena_alloc(&s->arena, sizeof(*ns));
		if (!key || !ns || cu_map_put(&ids->next, cu_span_str(key), ns))
			return CU_ENOMEM;
	}
	ns->n = n + 1;
	return 0;
}

/*
 * Claim base, or base + sep + N for the first free N >= 2. Remembering N
 * per base keeps thousands of packages with one purl linear.
 */
static const char *claim(struct cu_sbom *s, struct idset *ids, const char *base,
			 const char *sep)
{
	struct cu_buf b = CU_BUF_INIT;
	const char *id = NULL;

	cu_buf_addstr(&b, base);
	if (cu_map_get(&ids->taken, cu_buf_span(&b)) && suffix(s, ids, base, sep, &b))
		goto out;
	if (b.len && (id = sdup(s, b.buf, b.len)) &&
	    cu_map_put(&ids->taken, cu_span_str(id), (void *)id))
		id = NULL;
out:
	cu_buf_release(&b);
	return id;
}

/* bom-ref: the purl; a second package with that purl adds its location. */
static const char *bomref(struct cu_sbom *s, struct idset *ids, const struct cu_pkg *p)
{
	struct cu_buf b = CU_BUF_INIT;
	const char *id;

	if (p->purl)
		cu_buf_addstr(&b, p->purl);
	else
		cu_buf_addf(&b, "customs:pkg:%s/%s@%s", p->type, p->name, p->version);
	if (cu_map_get(&ids->taken, cu_buf_span(&b)) && p->location)
		cu_buf_addf(&b, "|%s", p->location);
	id = claim(s, ids, cu_buf_str(&b), "|");
	cu_buf_release(&b);
	return id;
}

static const char *spdxid(struct cu_sbom *s, struct idset *ids, const char *kind,
			  const char *a, const char *b, const char *c)
{
	struct cu_buf id = CU_BUF_INIT;
	const char *out;

	cu_buf_addf(&id, "SPDXRef-%s-", kind);
	cu_sbom_idchars(&id, a);
	if (b) {
		cu_buf_addch(&id, '-');
		cu_sbom_idchars(&id, b);
	}
	if (c) {
		cu_buf_addch(&id, '-');
		cu_sbom_idchars(&id, c);
	}
	out = claim(s, ids, cu_buf_str(&id), "-");
	cu_buf_release(&id);
	return out;
}

static const char *pkg_id(struct cu_sbom *s, struct idset *ids, enum cu_sbom_idform form,
			  const struct cu_pkg *p)
{
	if (form == CU_SBOM_BOMREF)
		return bomref(s, ids, p);
	return spdxid(s, ids, "Package", p->type, p->name, p->version);
}

static int name_fixed(struct cu_sbom *s, struct idset *ids, enum cu_sbom_idform form)
{
	const struct cu_osinfo *os = &s->cat->os;
	struct cu_buf b = CU_BUF_INIT;

	if (form == CU_SBOM_SPDXID) {
		s->image_id = claim(s, ids, "SPDXRef-Image", "-");
		s->os_id = os->id ? claim(s, ids, "SPDXRef-OperatingSystem", "-") : NULL;
	} else {
		cu_buf_addf(&b, "customs:image:%s", s->r->scan->img->config_digest);
		s->image_id = claim(s, ids, s->img.purl ? s->img.purl : cu_buf_str(&b), "|");
		cu_buf_reset(&b);
		cu_buf_addf(&b, "customs:os:%s@%s", os->id ? os->id : "",
			    os->version_id ? os->version_id : "");
		s->os_id = os->id ? claim(s, ids, cu_buf_str(&b), "|") : NULL;
	}
	cu_buf_release(&b);
	return s->image_id && (s->os_id || !os->id) ? 0 : CU_ENOMEM;
}

/* --- binaries ---------------------------------------------------------------- */

static int add_app(struct cu_sbom *s, struct idset *ids, struct cu_map *paths,
		   enum cu_sbom_idform form, size_t i)
{
	const struct cu_pkg *p = s->cat->pkgs[i];
	struct cu_sbom_app *a;
	struct cu_buf b = CU_BUF_INIT;
	void *known = cu_map_get_str(paths, p->location);

	if (known) {
		s->app[i] = (long)((uintptr_t)known - 1);
		return 0;
	}
	a = &s->apps[s->napps];
	a->path = p->location;
	a->first = p;
	if (form == CU_SBOM_SPDXID) {
		a->id = spdxid(s, ids, "Application", p->location, NULL, NULL);
	} else {
		cu_buf_addf(&b, "customs:file:/%s", p->location);
		a->id = claim(s, ids, cu_buf_str(&b), "|");
	}
	cu_buf_release(&b);
	if (!a->id)
		return CU_ENOMEM;
	s->app[i] = (long)s->napps++;
	return cu_map_put(paths, cu_span_str(a->path), (void *)(uintptr_t)s->napps);
}

static int find_apps(struct cu_sbom *s, struct idset *ids, enum cu_sbom_idform form)
{
	struct cu_map paths;
	int rc = 0;

	cu_map_init(&paths, 0);
	for (size_t i = 0; !rc && i < s->cat->npkgs; i++) {
		const struct cu_pkg *p = s->cat->pkgs[i];

		s->app[i] = -1;
		if (p->location && p->cataloger && !strcmp(p->cataloger, "binary")) {
			rc = add_app(s, ids, &paths, form, i);
			s->dependent[i] = true;
		}
	}
	cu_map_release(&paths);
	return rc;
}

/* --- dependencies ------------------------------------------------------------ */

static const char *name_key(struct cu_sbom *s, const char *type, const char *name)
{
	return cu_arena_printf(&s->arena, "%s\n%s", type, name);
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a && b && a[n] && a[n] == b[n])
		n++;
	return n;
}

/*
 * The package a dependency name means: one of that name in the same
 * ecosystem, the nearest by location (node_modules nesting, one venv
 * rather than another), the first in catalog order on a tie.
 */
static long resolve(const struct cu_sbom *s, const struct cu_map *names, const size_t *next,
		    size_t from, const char *key)
{
	const char *loc = s->cat->pkgs[from]->location;
	uintptr_t head = (uintptr_t)cu_map_get_str(names, key);
	long best = -1;
	size_t best_score = 0;

	for (size_t j = head; j; j = next[j - 1]) {
		size_t score = common_prefix(loc, s->cat->pkgs[j - 1]->location);

		if (j - 1 == from)
			continue;
		if (best < 0 || score > best_score ||
		    (score == best_score && j - 1 < (size_t)best)) {
			best = (long)(j - 1);
			best_score = score;
		}
	}
	return best;
}

static int add_edges(struct cu_sbom *s, const struct cu_map *names, const size_t *next, size_t i)
{
	const struct cu_pkg *p = s->cat->pkgs[i];
	struct cu_sbom_edges *e = &s->deps[i];
	size_t n = 0;

	while (p->depends[n])
		n++;
	if (!(e->to = cu_arena_calloc(&s->arena, n, sizeof(*e->to))))
		return CU_ENOMEM;
	for (size_t k = 0; k < n; k++) {
		const char *key = name_key(s, p->type, p->depends[k]);
		long j = key ? resolve(s, names, next, i, key) : -1;
		bool dup = false;

		if (!key)
			return CU_ENOMEM;
		for (size_t m = 0; m < e->n && j >= 0; m++)
			dup |= e->to[m] == (size_t)j;
		if (j < 0 || dup)
			continue;
		e->to[e->n++] = (size_t)j;
		s->dependent[j] = true;
	}
	return 0;
}

static int resolve_depends(struct cu_sbom *s)
{
	struct cu_map names;
	size_t *next = cu_arena_calloc(&s->arena, s->cat->npkgs + 1, sizeof(*next));
	int rc = next ? 0 : CU_ENOMEM;

	cu_map_init(&names, 0);
	for (size_t i = s->cat->npkgs; !rc && i-- > 0;) {
		const struct cu_pkg *p = s->cat->pkgs[i];
		const char *key = name_key(s, p->type, p->name);

		if (!key) {
			rc = CU_ENOMEM;
			break;
		}
		next[i] = (uintptr_t)cu_map_get_str(&names, key);
		rc = cu_map_put(&names, cu_span_str(key), (void *)(uintptr_t)(i + 1));
	}
	for (size_t i = 0; !rc && i < s->cat->npkgs; i++)
		if (s->cat->pkgs[i]->depends)
			rc = add_edges(s, &names, next, i);
	cu_map_release(&names);
	return rc;
}

/* --- the whole ----------------------------------------------------------------- */

static int alloc_tables(struct cu_sbom *s)
{
	size_t n = s->cat->npkgs;

	s->ids = cu_arena_calloc(&s->arena, n + 1, sizeof(*s->ids));
	s->deps = cu_arena_calloc(&s->arena, n + 1, sizeof(*s->deps));
	s->dependent = cu_arena_calloc(&s->arena, n + 1, sizeof(*s->dependent));
	s->app = cu_arena_calloc(&s->arena, n + 1, sizeof(*s->app));
	s->apps = cu_arena_calloc(&s->arena, n + 1, sizeof(*s->apps));
	return s->ids && s->deps && s->dependent && s->app && s->apps ? 0 : CU_ENOMEM;
}

static int name_packages(struct cu_sbom *s, enum cu_sbom_idform form)
{
	struct idset ids;
	int rc;

	cu_map_init(&ids.taken, 0);
	cu_map_init(&ids.next, 0);
	rc = name_fixed(s, &ids, form);
	for (size_t i = 0; !rc && i < s->cat->npkgs; i++) {
		s->ids[i] = pkg_id(s, &ids, form, s->cat->pkgs[i]);
		if (!s->ids[i])
			rc = CU_ENOMEM;
		else
			rc = cu_map_put(&s->index, cu_span_make(&s->cat->pkgs[i], sizeof(void *)),
					(void *)(uintptr_t)(i + 1));
	}
	if (!rc)
		rc = find_apps(s, &ids, form);
	cu_map_release(&ids.taken);
	cu_map_release(&ids.next);
	return rc;
}

int cu_sbom_init(struct cu_sbom *s, const struct cu_report *r, enum cu_sbom_idform form,
		 struct cu_err *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->r = r;
	s->cat = &r->scan->cat;
	cu_arena_init(&s->arena, CU_SBOM_ARENA_MAX);
	cu_map_init(&s->index, 0);
	make_time(s);
	rc = make_uuid(s, err);
	if (rc)
		return rc;
	rc = name_image(s);
	if (!rc)
		rc = alloc_tables(s);
	if (!rc)
		rc = name_packages(s, form);
	if (!rc)
		rc = resolve_depends(s);
	if (rc)
		return cu_seterr(err, rc, "cannot describe the image as an SBOM");
	return 0;
}

void cu_sbom_release(struct cu_sbom *s)
{
	cu_map_release(&s->index);
	cu_arena_release(&s->arena);
}

long cu_sbom_pkg_index(const struct cu_sbom *s, const struct cu_pkg *p)
{
	uintptr_t v = (uintptr_t)cu_map_get(&s->index, cu_span_make(&p, sizeof(void *)));

	return v ? (long)(v - 1) : -1;
}

const struct cu_layer *cu_sbom_layer(const struct cu_sbom *s, int i)
{
	const struct cu_image *img = s->r->scan->img;

	return i >= 0 && (size_t)i < img->nlayers ? &img->layers[i] : NULL;
}

bool cu_sbom_reports(const struct cu_finding *f)
{
	return !f->hidden || f->suppressed_by;
}
