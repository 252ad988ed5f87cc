/*
 * sbom-pkg.c - packages from SBOM entries, named and versioned the way the
 * image catalogers name them (catalog.h: PyPI names per PEP 503, npm names
 * with their scope, Go module paths, Maven "groupId:artifactId"), so that
 * they meet the same advisories.
 *
 * The Package URL decides type, name, version and arch (purl-spec
 * PURL-TYPES: deb, rpm and apk versions carry an epoch either in the
 * version or in an "epoch" qualifier). For deb, apk and rpm packages the
 * source package comes from the purl's "upstream" qualifier (customs and
 * Syft: "openssl", "bash@5.2.15-2", "openssl-3.0.7-1.el9.src.rpm"), else
 * from tool properties (Trivy's SrcName, SrcVersion, SrcRelease, SrcEpoch;
 * Syft's metadata; customs' own), else it is the package itself. An entry
 * without a purl is kept when a tool property names its package type.
 */
#include <stddef.h>

#include "common.h"
#include "purl.h"
#include "rpm-header.h"
#include "sbom-internal.h"
#include "version/names.h"
#include "version/pypi.h"

/* What an entry says its package is, as arena strings. */
struct ident {
	const char *type;
	const char *ns, *base;		/* purl namespace and name */
	const char *version;
	const char *arch, *epoch, *upstream, *distro;
	const char *purl;		/* canonical, when the entry had a valid one */
};

void cu_sbomin_entry_init(struct cu_sbomin_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->layer = -1;
}

void cu_sbomin_entry_hash(struct cu_sbomin_entry *e, const char *alg, const char *hex)
{
	if (!alg || !hex || e->nhashes == CU_SBOMIN_HASHES)
		return;
	e->hashes[e->nhashes].alg = alg;
	e->hashes[e->nhashes].hex = hex;
	e->nhashes++;
}

const char *cu_sbomin_str(struct cu_sbomin_ctx *ctx, const char *s)
{
	return s ? cu_arena_strdup(&ctx->cat->arena, s) : NULL;
}

int cu_sbomin_count(struct cu_sbomin_ctx *ctx, struct cu_err *err)
{
	if (++ctx->entries <= CU_CAP_SBOM_ENTRIES)
		return 0;
	return cu_seterr(err, CU_ETOOBIG, "'%s' describes more than %d packages", ctx->what,
			 CU_CAP_SBOM_ENTRIES);
}

/* --- tool properties ----------------------------------------------------- */

#define FIELD(f) offsetof(struct cu_sbomin_entry, f)

static const struct {
	const char *name;
	size_t field;
} properties[] = {
	{ "syft:package:type", FIELD(tool_type) },
	{ "syft:package:foundBy", FIELD(found_by) },
	{ "syft:location:0:path", FIELD(location) },
	{ "syft:metadata:source", FIELD(src_name) },
	{ "syft:metadata:sourceVersion", FIELD(src_version) },
	{ "syft:metadata:originPackage", FIELD(src_name) },
	{ "syft:metadata:sourceRpm", FIELD(src_name) },
	{ "syft:distro:id", FIELD(os_id) },
	{ "syft:distro:versionID", FIELD(os_version_id) },
	{ "syft:distro:versionCodename", FIELD(os_codename) },
	{ "syft:distro:prettyName", FIELD(os_pretty_name) },
	{ "aquasecurity:trivy:PkgType", FIELD(tool_type) },
	{ "aquasecurity:trivy:SrcName", FIELD(src_name) },
	{ "aquasecurity:trivy:SrcVersion", FIELD(src_version) },
	{ "aquasecurity:trivy:SrcRelease", FIELD(src_release) },
	{ "aquasecurity:trivy:SrcEpoch", FIELD(src_epoch) },
	{ "aquasecurity:trivy:FilePath", FIELD(location) },
	{ "customs:type", FIELD(tool_type) },
	{ "customs:source_name", FIELD(src_name) },
	{ "customs:source_version", FIELD(src_version) },
	{ "customs:location", FIELD(location) },
	{ "customs:found_by", FIELD(found_by) },
	{ "customs:owner", FIELD(owner) },
	{ "customs:arch", FIELD(arch) },
	{ "customs:dev", FIELD(dev) },
	{ "customs:os_id", FIELD(os_id) },
	{ "customs:os_version_id", FIELD(os_version_id) },
	{ "customs:os_codename", FIELD(os_codename) },
	{ "customs:os_pretty_name", FIELD(os_pretty_name) },
	{ "customs:layer_digest", FIELD(layer_digest) },
	{ "customs:layer_diff_id", FIELD(layer_diff_id) },
	{ "customs:layer_created_by", FIELD(layer_created_by) },
};

bool cu_sbomin_prop_name(const char *name, char *out, size_t len)
{
	size_t n = strlen(name);

	if (!strchr(name, ':'))
		return snprintf(out, len, "aquasecurity:trivy:%s", name) < (int)len;
	if (n >= len)
		return false;
	memcpy(out, name, n + 1);
	if (strncmp(out, "customs:", 8) == 0)
		for (char *c = out + 8; *c; c++)
			if (*c == ':')
				*c = '_';
	return true;
}

static void set_layer_index(struct cu_sbomin_entry *e, const char *value)
{
	uint64_t n;

	if (cu_span_to_u64(cu_span_trim(cu_span_str(value)), &n) && n < CU_CAP_LAYERS)
		e->layer = (long)n;
}

void cu_sbomin_entry_prop(struct cu_sbomin_entry *e, const char *name, const char *value)
{
	char key[128];

	if (!name || !value || !*value || !cu_sbomin_prop_name(name, key, sizeof(key)))
		return;
	if (strcmp(key, "customs:layer_index") == 0) {
		set_layer_index(e, value);
		return;
	}
	for (size_t i = 0; i < CU_ARRAY_SIZE(properties); i++) {
		const char **field = (const char **)((char *)e + properties[i].field);

		if (strcmp(key, properties[i].name) == 0 && !*field) {
			*field = value;
			return;
		}
	}
}

/* --- types and names ----------------------------------------------------- */

/* Package types of Syft and Trivy (and purl types) -> purl type. */
static const char *type_of_tool(const char *t)
{
	static const char *const map[][2] = {
		{ "deb", "deb" }, { "rpm", "rpm" }, { "apk", "apk" },
		{ "python", "pypi" }, { "go-module", "golang" },
		{ "java-archive", "maven" }, { "jenkins-plugin", "maven" },
		{ "rust-crate", "cargo" }, { "php-composer", "composer" },
		{ "dotnet", "nuget" }, { "dart-pub", "pub" },
		{ "debian", "deb" }, { "ubuntu", "deb" }, { "alpine", "apk" },
		{ "wolfi", "apk" }, { "chainguard", "apk" }, { "redhat", "rpm" },
		{ "centos", "rpm" }, { "rocky", "rpm" }, { "alma", "rpm" },
		{ "amazon", "rpm" }, { "fedora", "rpm" }, { "oracle", "rpm" },
		{ "opensuse", "rpm" }, { "opensuse.leap", "rpm" },
		{ "opensuse.tumbleweed", "rpm" }, { "sles", "rpm" }, { "photon", "rpm" },
		{ "cbl-mariner", "rpm" }, { "azurelinux", "rpm" },
		{ "pip", "pypi" }, { "pipenv", "pypi" }, { "poetry", "pypi" },
		{ "python-pkg", "pypi" }, { "uv", "pypi" }, { "yarn", "npm" },
		{ "pnpm", "npm" }, { "node-pkg", "npm" }, { "gomod", "golang" },
		{ "gobinary", "golang" }, { "jar", "maven" }, { "pom", "maven" },
		{ "gradle", "maven" }, { "sbt", "maven" }, { "gemspec", "gem" },
		{ "bundler", "gem" }, { "rustbinary", "cargo" },
		{ "composer-vendor", "composer" }, { "dotnet-core", "nuget" },
		{ "packages-props", "nuget" }, { "conda-pkg", "conda" },
		{ "pypi", "pypi" }, { "npm", "npm" }, { "golang", "golang" },
		{ "maven", "maven" }, { "cargo", "cargo" }, { "gem", "gem" },
		{ "nuget", "nuget" }, { "composer", "composer" }, { "conda", "conda" },
		{ "hex", "hex" }, { "pub", "pub" },
	};

	for (size_t i = 0; t && i < CU_ARRAY_SIZE(map); i++)
		if (strcmp(t, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

bool cu_sbomin_os_type(const char *type)
{
	return !strcmp(type, "deb") || !strcmp(type, "rpm") || !strcmp(type, "apk");
}

/* Types whose purl namespace is a vendor or organisation, not part of the name. */
static bool namespace_is_vendor(const char *type)
{
	return cu_sbomin_os_type(type) || !strcmp(type, "alpm") || !strcmp(type, "hex");
}

/* A purl of the image itself rather than of a package in it. */
static bool is_image_type(const char *type)
{
	return !strcmp(type, "oci") || !strcmp(type, "docker");
}

static const char *qualifier(const struct cu_purl *p, const char *key)
{
	for (size_t i = 0; i < p->nqualifiers; i++)
		if (strcmp(p->qualifiers[i].key, key) == 0)
			return p->qualifiers[i].value;
	return NULL;
}

static int purl_ident(struct cu_sbomin_ctx *ctx, const struct cu_purl *pu, struct ident *id)
{
	struct cu_buf canon = CU_BUF_INIT;
	struct cu_arena *a = &ctx->cat->arena;
	int rc;

	id->type = cu_arena_strdup(a, pu->type);
	id->ns = pu->namespace ? cu_arena_strdup(a, pu->namespace) : NULL;
	id->base = cu_arena_strdup(a, pu->name);
	id->version = pu->version ? cu_arena_strdup(a, pu->version) : NULL;
	id->arch = cu_sbomin_str(ctx, qualifier(pu, "arch"));
	id->epoch = cu_sbomin_str(ctx, qualifier(pu, "epoch"));
	id->upstream = cu_sbomin_str(ctx, qualifier(pu, "upstream"));
	id->distro = cu_sbomin_str(ctx, qualifier(pu, "distro"));
	rc = cu_purl_build(pu, &canon, NULL);
	if (!rc)
		id->purl = cu_arena_strndup(a, canon.buf, canon.len);
	cu_buf_release(&canon);
	if (rc == CU_ENOMEM || !id->type || !id->base || (rc == 0 && !id->purl))
		return CU_ENOMEM;
	return 0;
}

/* From the entry's purl; *ok false (with a warning) when it has none or a bad one. */
static int from_purl(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e,
		     struct ident *id, bool *ok)
{
	struct cu_purl pu;
	struct cu_err perr = { 0 };
	int rc;

	*ok = false;
	if (!e->purl)
		return 0;
	rc = cu_purl_parse(cu_span_str(e->purl), &pu, &perr);
	if (rc == CU_ENOMEM)
		return rc;
	if (rc)
		return cu_catalog_warn(ctx->cat, "'%s': %s: %s: purl ignored", ctx->what,
				       e->what, cu_err_message(&perr));
	rc = purl_ident(ctx, &pu, id);
	cu_purl_release(&pu);
	*ok = rc == 0;
	return rc;
}

/* Without a purl: the tool's package type, name and group as written. */
static void from_fields(const struct cu_sbomin_entry *e, struct ident *id)
{
	id->type = type_of_tool(e->tool_type);
	id->ns = e->group;
	id->base = e->name;
	id->version = e->version;
}

/* The name the image catalogers would give it. */
static const char *package_name(struct cu_sbomin_ctx *ctx, const struct ident *id)
{
	struct cu_arena *a = &ctx->cat->arena;
	struct cu_buf b = CU_BUF_INIT;
	const char *name = NULL;

	if (id->ns && !namespace_is_vendor(id->type)) {
		if (!strcmp(id->type, "maven"))
			return cu_arena_printf(a, "%s:%s", id->ns, id->base);
		if (!strcmp(id->type, "npm") && id->ns[0] != '@')
			return cu_arena_printf(a, "@%s/%s", id->ns, id->base);
		return cu_arena_printf(a, "%s/%s", id->ns, id->base);
	}
	if (strcmp(id->type, "pypi"))
		return cu_arena_strdup(a, id->base);
	if (cu_name_normalize("pypi", cu_span_str(id->base), &b) == 0)
		name = cu_arena_strndup(a, b.buf, b.len);
	cu_buf_release(&b);
	return name;
}

/* deb and rpm: an "epoch" qualifier goes in front of the version. */
static const char *package_version(struct cu_sbomin_ctx *ctx, const struct ident *id)
{
	struct cu_arena *a = &ctx->cat->arena;
	struct cu_buf b = CU_BUF_INIT;
	const char *v = id->version;

	if ((!strcmp(id->type, "deb") || !strcmp(id->type, "rpm")) && id->epoch &&
	    strcmp(id->epoch, "0") && !strchr(v, ':'))
		return cu_arena_printf(a, "%s:%s", id->epoch, v);
	if (strcmp(id->type, "pypi") || cu_pep440_normalize(cu_span_str(v), &b))
		v = cu_arena_strdup(a, v);
	else
		v = cu_arena_strndup(a, b.buf, b.len);
	cu_buf_release(&b);
	return v;
}

/* --- source packages ----------------------------------------------------- */

/* "[epoch:]version[-release]" from Trivy's split fields. */
static const char *tool_source_version(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e)
{
	struct cu_arena *a = &ctx->cat->arena;
	const char *v = e->src_version, *rel = e->src_release, *ep = e->src_epoch;
	size_t vl, rl;

	if (!v)
		return NULL;
	vl = strlen(v);
	rl = rel ? strlen(rel) : 0;
	if (rl && vl > rl && v[vl - rl - 1] == '-' && strcmp(v + vl - rl, rel) == 0)
		rel = NULL;	/* already there */
	if (ep && (!strcmp(ep, "0") || strchr(v, ':')))
		ep = NULL;
	return cu_arena_printf(a, "%s%s%s%s%s", ep ? ep : "", ep ? ":" : "", v,
			       rel && *rel ? "-" : "", rel ? rel : "");
}

/* A deb upstream: "openssl", "bash@5.2.15-2" or "bash (5.2.15-2)". */
static void split_upstream(struct cu_span up, struct cu_span *name, struct cu_span *ver)
{
	ptrdiff_t at = cu_span_find(up, '@'), paren = cu_span_find(up, '(');

	*name = cu_span_trim(up);
	*ver = CU_SPAN_NULL;
	if (at > 0) {
		*name = cu_span_trim(cu_span_sub(up, 0, (size_t)at));
		*ver = cu_span_trim(cu_span_skip(up, (size_t)at + 1));
	} else if (paren > 0) {
		*name = cu_span_trim(cu_span_sub(up, 0, (size_t)paren));
		*ver = cu_span_skip(up, (size_t)paren + 1);
		if (ver->len && ver->ptr[ver->len - 1] == ')')
			ver->len--;
		*ver = cu_span_trim(*ver);
	}
}

static void deb_source(struct cu_sbomin_ctx *ctx, struct cu_pkg *p, const struct ident *id,
		       const struct cu_sbomin_entry *e)
{
	struct cu_arena *a = &ctx->cat->arena;
	struct cu_span name, ver;

	if (id->upstream) {
		split_upstream(cu_span_str(id->upstream), &name, &ver);
		if (name.len)
			p->source_name = cu_arena_spandup(a, name);
		if (ver.len)
			p->source_version = cu_arena_spandup(a, ver);
	}
	if (!p->source_name && e->src_name)
		p->source_name = cu_arena_strdup(a, e->src_name);
	if (!p->source_version && e->src_version &&
	    (!e->src_name || !strcmp(p->source_name ? p->source_name : "", e->src_name)))
		p->source_version = tool_source_version(ctx, e);
}

/* rpm: "name-version-release.src.rpm", or a name and Trivy's version fields. */
static void rpm_source(struct cu_sbomin_ctx *ctx, struct cu_pkg *p, const struct ident *id,
		       const struct cu_sbomin_entry *e)
{
	struct cu_arena *a = &ctx->cat->arena;
	const char *srpm = id->upstream ? id->upstream : e->src_name;
	const char *colon = strchr(p->version, ':');
	struct cu_span name, vr;

	if (srpm && cu_span_ends_with(cu_span_str(srpm), ".rpm") &&
	    cu_rpm_split_sourcerpm(cu_span_str(srpm), &name, &vr)) {
		p->source_name = cu_arena_spandup(a, name);
		p->source_version = colon ? cu_arena_printf(a, "%.*s:%.*s",
				(int)(colon - p->version), p->version, (int)vr.len, vr.ptr) :
				cu_arena_spandup(a, vr);
		return;
	}
	if (e->src_name)
		p->source_name = cu_arena_strdup(a, e->src_name);
	if (e->src_version)
		p->source_version = tool_source_version(ctx, e);
}

static void apk_source(struct cu_sbomin_ctx *ctx, struct cu_pkg *p, const struct ident *id,
		       const struct cu_sbomin_entry *e)
{
	const char *origin = id->upstream ? id->upstream : e->src_name;

	if (origin)
		p->source_name = cu_arena_strdup(&ctx->cat->arena, origin);
}

static int set_source(struct cu_sbomin_ctx *ctx, struct cu_pkg *p, const struct ident *id,
		      const struct cu_sbomin_entry *e)
{
	if (!strcmp(p->type, "deb"))
		deb_source(ctx, p, id, e);
	else if (!strcmp(p->type, "rpm"))
		rpm_source(ctx, p, id, e);
	else if (!strcmp(p->type, "apk"))
		apk_source(ctx, p, id, e);
	if (!p->source_name)
		p->source_name = p->name;
	if (!p->source_version)
		p->source_version = p->version;
	return p->source_name && p->source_version ? 0 : CU_ENOMEM;
}

/* --- the package --------------------------------------------------------- */

/* A purl built from the fields, for entries that had none. */
static int make_purl(struct cu_sbomin_ctx *ctx, struct cu_pkg *p, const struct ident *id)
{
	struct cu_buf b = CU_BUF_INIT;
	const char *quals[] = { "arch", p->arch, NULL };
	int rc;

	if (id->purl) {
		p->purl = id->purl;
		return 0;
	}
	rc = cu_purl_make(&b, id->type, id->ns, id->base, id->version, quals, NULL);
	if (!rc && !(p->purl = cu_arena_strndup(&ctx->cat->arena, b.buf, b.len)))
		rc = CU_ENOMEM;
	cu_buf_release(&b);
	return rc == CU_ENOMEM ? rc : 0;	/* no purl is no loss here */
}

/* The first line, without a trailing '\r'. */
static const char *first_line(struct cu_sbomin_ctx *ctx, const char *s)
{
	struct cu_span text = cu_span_str(s), line;

	if (!s || !cu_span_pull_line(&text, &line) || !(line = cu_span_trim(line)).len)
		return NULL;
	return cu_arena_spandup(&ctx->cat->arena, line);
}

static void describe(struct cu_sbomin_ctx *ctx, struct cu_pkg *p, const struct cu_sbomin_entry *e)
{
	const char *loc = e->location;

	while (loc && *loc == '/')
		loc++;
	p->cataloger = "sbom";
	p->found_by = e->found_by ? cu_sbomin_str(ctx, e->found_by) :
		      cu_sbom_format_name(ctx->info->format);
	p->location = loc && *loc ? cu_sbomin_str(ctx, loc) : NULL;
	p->license = cu_sbomin_str(ctx, e->license);
	p->description = first_line(ctx, e->description);
	p->maintainer = cu_sbomin_str(ctx, e->supplier);
	p->layer = (int)e->layer;
	p->dev = e->dev && strcmp(e->dev, "true") == 0;
}

/* The package's layer in info->layers, as customs' own properties tell it. */
int cu_sbomin_note_layer(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e)
{
	struct cu_sbom_info *info = ctx->info;
	struct cu_sbom_layer_info *l;

	if (e->layer < 0 || e->layer >= CU_CAP_LAYERS)
		return 0;
	if (!info->layers &&
	    !(info->layers = cu_arena_calloc(&ctx->cat->arena, CU_CAP_LAYERS, sizeof(*l))))
		return CU_ENOMEM;
	if ((size_t)e->layer >= info->nlayers)
		info->nlayers = (size_t)e->layer + 1;
	l = &info->layers[e->layer];
	if (!l->digest && e->layer_digest)
		l->digest = cu_sbomin_str(ctx, e->layer_digest);
	if (!l->diff_id && e->layer_diff_id)
		l->diff_id = cu_sbomin_str(ctx, e->layer_diff_id);
	if (!l->created_by && e->layer_created_by)
		l->created_by = cu_sbomin_str(ctx, e->layer_created_by);
	return 0;
}

static int put_ref(struct cu_sbomin_ctx *ctx, const char *ref, struct cu_pkg *p)
{
	const char *key;

	if (!ref || cu_map_get_str(&ctx->refs, ref))
		return 0;
	key = cu_sbomin_str(ctx, ref);
	if (!key)
		return CU_ENOMEM;
	return cu_map_put(&ctx->refs, cu_span_str(key), p) == CU_ENOMEM ? CU_ENOMEM : 0;
}

/* Remember how others may refer to p (bom-ref, SPDXID, purl) and its owner. */
static int remember(struct cu_sbomin_ctx *ctx, struct cu_pkg *p, const struct cu_sbomin_entry *e)
{
	int rc = put_ref(ctx, e->ref, p);

	if (!rc)
		rc = put_ref(ctx, e->purl, p);
	if (!rc && p->purl)
		rc = put_ref(ctx, p->purl, p);
	if (!rc && e->owner) {
		if (CU_GROW(ctx->links, ctx->alinks, ctx->nlinks + 1))
			return CU_ENOMEM;
		ctx->links[ctx->nlinks].child = p;
		ctx->links[ctx->nlinks].child_ref = NULL;
		ctx->links[ctx->nlinks].owner = cu_sbomin_str(ctx, e->owner);
		if (!ctx->links[ctx->nlinks++].owner)
			return CU_ENOMEM;
	}
	return rc ? rc : cu_sbomin_note_layer(ctx, e);
}

static int skip(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e, const char *why)
{
	ctx->info->skipped++;
	return cu_catalog_warn(ctx->cat, "'%s': %s skipped: %s", ctx->what, e->what, why);
}

static int add_package(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e,
		       const struct ident *id)
{
	struct cu_pkg *p = cu_catalog_new_pkg(ctx->cat);
	int rc;

	if (!p)
		return CU_ENOMEM;
	p->type = cu_sbomin_str(ctx, id->type);
	p->name = package_name(ctx, id);
	p->version = package_version(ctx, id);
	p->arch = cu_sbomin_str(ctx, id->arch ? id->arch : e->arch);
	if (!p->type || !p->name || !p->version)
		return CU_ENOMEM;
	describe(ctx, p, e);
	for (size_t i = 0; i < e->nhashes; i++)
		if (cu_pkg_add_hash(ctx->cat, p, cu_span_str(e->hashes[i].alg),
				    cu_span_str(e->hashes[i].hex)))
			return CU_ENOMEM;
	rc = set_source(ctx, p, id, e);
	if (!rc)
		rc = make_purl(ctx, p, id);
	if (!rc)
		rc = remember(ctx, p, e);
	return rc;
}

/* Note the first distro qualifier of an OS package, for cat->os. */
static int note_distro(struct cu_sbomin_ctx *ctx, const struct ident *id)
{
	if (ctx->distro || !id->distro || !cu_sbomin_os_type(id->type))
		return 0;
	ctx->distro = id->distro;
	ctx->distro_ns = id->ns;
	return 0;
}

int cu_sbomin_add(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e, struct cu_err *err)
{
	struct ident id = { 0 };
	bool have_purl;
	int rc = from_purl(ctx, e, &id, &have_purl);

	if (rc)
		return cu_seterr(err, rc, "'%s': %s", ctx->what, e->what);
	if (have_purl && is_image_type(id.type))
		return cu_sbomin_set_subject(ctx, e->name, e->version, e->purl);
	if (!have_purl)
		from_fields(e, &id);
	else if (!id.version)
		id.version = e->version;
	if (!id.type)
		return skip(ctx, e, e->purl ? "no valid purl and no package type" :
					      "no purl and no package type");
	if (!id.base)
		return skip(ctx, e, "no name");
	if (!id.version)
		return skip(ctx, e, "no version");
	rc = note_distro(ctx, &id);
	if (!rc)
		rc = add_package(ctx, e, &id);
	if (rc)
		return cu_seterr(err, rc, "cannot record '%s' from '%s'", e->what, ctx->what);
	return 0;
}
