/*
 * sbom-doc.c - what an SBOM says about the image as a whole: its operating
 * system (a CycloneDX "operating-system" component, an SPDX package whose
 * primaryPackagePurpose is OPERATING-SYSTEM, else the "distro" qualifier
 * of its OS package purls: "debian-12", Trivy's "3.18.4" for Alpine), its
 * subject (name and digest), which packages own which, and the last steps
 * once every entry is read.
 */
#include "common.h"
#include "distro.h"
#include "purl.h"
#include "sbom-internal.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Lowercase, with the OS names tools use (Trivy's families) as os-release IDs. */
static const char *os_id_of(struct cu_sbomin_ctx *ctx, struct cu_span name)
{
	static const char *const alias[][2] = {
		{ "redhat", "rhel" }, { "red hat enterprise linux", "rhel" },
		{ "alma", "almalinux" }, { "amazon", "amzn" }, { "amazon linux", "amzn" },
		{ "oracle", "ol" }, { "oracle linux", "ol" },
		{ "opensuse.leap", "opensuse-leap" },
		{ "opensuse.tumbleweed", "opensuse-tumbleweed" },
		{ "suse linux enterprise server", "sles" }, { "cbl-mariner", "mariner" },
	};
	char *id = cu_arena_spandup(&ctx->cat->arena, cu_span_trim(name));

	for (char *c = id; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c | 0x20);
	for (size_t i = 0; id && i < CU_ARRAY_SIZE(alias); i++)
		if (strcmp(id, alias[i][0]) == 0)
			return alias[i][1];
	return id;
}

/* The same families os-release.c gives. */
/* "2 (Karoo)" -> "2": a version ID is one word. */
static const char *version_word(struct cu_sbomin_ctx *ctx, const char *v)
{
	struct cu_span s = cu_span_trim(cu_span_str(v));
	ptrdiff_t sp = cu_span_find(s, ' ');

	if (sp >= 0)
		s.len = (size_t)sp;
	return s.len ? cu_arena_spandup(&ctx->cat->arena, s) : NULL;
}

int cu_sbomin_set_os(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e)
{
	struct cu_osinfo *os = &ctx->cat->os;
	const char *id = e->os_id ? e->os_id : e->name;
	const char *ver = e->os_version_id ? e->os_version_id : e->version;
	const char *pretty = e->os_pretty_name ? e->os_pretty_name : e->description;

	if (ctx->os_told || !id)
		return 0;
	ctx->os_told = true;
	os->id = os_id_of(ctx, cu_span_str(id));
	os->version_id = ver ? version_word(ctx, ver) : NULL;
	os->codename = cu_sbomin_str(ctx, e->os_codename);
	os->pretty_name = cu_sbomin_str(ctx, pretty);
	if (!os->id || (ver && !os->version_id && cu_span_trim(cu_span_str(ver)).len) ||
	    (e->os_codename && !os->codename) || (pretty && !os->pretty_name))
		return CU_ENOMEM;
	os->layer = (int)e->layer;
	return cu_sbomin_note_layer(ctx, e);
}

/* A digest "algorithm:hex" as image references carry them. */
static bool is_digest(const char *s)
{
	return s && (strncmp(s, "sha256:", 7) == 0 || strncmp(s, "sha512:", 7) == 0);
}

int cu_sbomin_set_subject(struct cu_sbomin_ctx *ctx, const char *name, const char *version,
			const char *purl)
{
	struct cu_sbom_info *info = ctx->info;
	struct cu_purl pu;

	if (!info->name && name && !(info->name = cu_sbomin_str(ctx, name)))
		return CU_ENOMEM;
	if (!info->version && version && !(info->version = cu_sbomin_str(ctx, version)))
		return CU_ENOMEM;
	if (!info->digest && is_digest(version) && !(info->digest = cu_sbomin_str(ctx, version)))
		return CU_ENOMEM;
	if (info->digest || !purl || cu_purl_parse(cu_span_str(purl), &pu, NULL))
		return 0;
	if (is_digest(pu.version))
		info->digest = cu_sbomin_str(ctx, pu.version);
	if (!info->name && pu.name)
		info->name = cu_sbomin_str(ctx, pu.name);
	cu_purl_release(&pu);
	return 0;
}

/* "customs:layer_3_digest" (from "customs:layer:3:digest") into info->layers[3]. */
static int layer_prop(struct cu_sbomin_ctx *ctx, const char *key, const char *value)
{
	struct cu_span rest = cu_span_str(key + strlen("customs:layer_")), num;
	struct cu_sbomin_entry e;
	uint64_t n;

	if (!cu_span_split(&rest, '_', &num) || !cu_span_to_u64(num, &n) || n >= CU_CAP_LAYERS)
		return 0;
	cu_sbomin_entry_init(&e);
	e.layer = (long)n;
	if (cu_span_eq_str(rest, "digest"))
		e.layer_digest = value;
	else if (cu_span_eq_str(rest, "diff_id"))
		e.layer_diff_id = value;
	else if (cu_span_eq_str(rest, "created_by"))
		e.layer_created_by = value;
	return cu_sbomin_note_layer(ctx, &e);
}

/* The first value told for a field of info. */
static int set_once(struct cu_sbomin_ctx *ctx, const char **field, const char *value)
{
	if (*field)
		return 0;
	*field = cu_sbomin_str(ctx, value);
	return *field ? 0 : CU_ENOMEM;
}

int cu_sbomin_subject_prop(struct cu_sbomin_ctx *ctx, const char *name, const char *value)
{
	struct cu_sbom_info *info = ctx->info;
	const char *at;
	char key[128];

	if (!name || !value || !*value || !cu_sbomin_prop_name(name, key, sizeof(key)))
		return 0;
	if (!strncmp(key, "customs:layer_", 14))
		return layer_prop(ctx, key, value);
	if (!strcmp(key, "customs:manifest_digest"))
		return set_once(ctx, &info->digest, value);
	if (!strcmp(key, "customs:config_digest") || !strcmp(key, "aquasecurity:trivy:ImageID"))
		return set_once(ctx, &info->config_digest, value);
	if (!strcmp(key, "customs:repo_tag") || !strcmp(key, "aquasecurity:trivy:RepoTag"))
		return set_once(ctx, &info->repo_tag, value);
	if (!strcmp(key, "customs:os"))
		return set_once(ctx, &info->platform_os, value);
	if (!strcmp(key, "customs:architecture"))
		return set_once(ctx, &info->architecture, value);
	if (!strcmp(key, "customs:variant"))
		return set_once(ctx, &info->variant, value);
	if (!strcmp(key, "aquasecurity:trivy:RepoDigest") && (at = strrchr(value, '@')) &&
	    is_digest(at + 1))
		return set_once(ctx, &info->digest, at + 1);
	return 0;
}

int cu_sbomin_link_owner(struct cu_sbomin_ctx *ctx, const char *parent, const char *child)
{
	struct cu_sbomin_owner_link *l;

	if (!parent || !child)
		return 0;
	if (ctx->nlinks >= CU_CAP_SBOM_ENTRIES * 4)
		return 0;	/* more links than packages: enough */
	if (CU_GROW(ctx->links, ctx->alinks, ctx->nlinks + 1))
		return CU_ENOMEM;
	l = &ctx->links[ctx->nlinks];
	l->child = NULL;
	l->child_ref = cu_sbomin_str(ctx, child);
	l->owner = cu_sbomin_str(ctx, parent);
	if (!l->child_ref || !l->owner)
		return CU_ENOMEM;
	ctx->nlinks++;
	return 0;
}

/*
 * A language package whose files an OS package lists is left to the
 * distribution's advisories (docs/matching.md "OS-owned packages").
 */
static void resolve_owners(struct cu_sbomin_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nlinks; i++) {
		const struct cu_sbomin_owner_link *l = &ctx->links[i];
		struct cu_pkg *child = l->child;
		struct cu_pkg *owner = cu_map_get_str(&ctx->refs, l->owner);

		if (!child)
			child = cu_map_get_str(&ctx->refs, l->child_ref);
		if (child && owner && child != owner && cu_sbomin_os_type(owner->type) &&
		    !cu_sbomin_os_type(child->type))
			child->owner = owner;
	}
}

int cu_sbomin_link_source(struct cu_sbomin_ctx *ctx, const char *type, const char *binary,
			  const char *src_name, const char *src_version)
{
	struct cu_sbomin_source_link *l;

	if (!type || !binary || !src_name || !src_version || ctx->nsrcs >= CU_CAP_SBOM_ENTRIES)
		return 0;
	if (CU_GROW(ctx->srcs, ctx->asrcs, ctx->nsrcs + 1))
		return CU_ENOMEM;
	l = &ctx->srcs[ctx->nsrcs];
	l->type = cu_sbomin_str(ctx, type);
	l->binary = cu_sbomin_str(ctx, binary);
	l->src_name = cu_sbomin_str(ctx, src_name);
	l->src_version = cu_sbomin_str(ctx, src_version);
	if (!l->type || !l->binary || !l->src_name || !l->src_version)
		return CU_ENOMEM;
	ctx->nsrcs++;
	return 0;
}

/* Packages by "type/name", each key's packages chained. */
struct by_name {
	struct cu_pkg *pkg;
	struct by_name *next;
};

static int index_names(struct cu_sbomin_ctx *ctx, struct cu_map *idx)
{
	for (size_t i = 0; i < ctx->cat->npkgs; i++) {
		struct cu_pkg *p = ctx->cat->pkgs[i];
		struct by_name *n = cu_arena_alloc(&ctx->cat->arena, sizeof(*n));
		char *key = cu_arena_printf(&ctx->cat->arena, "%s/%s", p->type, p->name);

		if (!n || !key)
			return CU_ENOMEM;
		n->pkg = p;
		n->next = cu_map_get_str(idx, key);
		if (cu_map_put(idx, cu_span_str(key), n))
			return CU_ENOMEM;
	}
	return 0;
}

/* Binaries that name no source take the one a source component lists them under. */
static int resolve_sources(struct cu_sbomin_ctx *ctx)
{
	struct cu_map idx;
	struct cu_buf key = CU_BUF_INIT;
	int rc;

	if (!ctx->nsrcs)
		return 0;
	cu_map_init(&idx, 0);
	rc = index_names(ctx, &idx);
	for (size_t i = 0; !rc && i < ctx->nsrcs; i++) {
		const struct cu_sbomin_source_link *l = &ctx->srcs[i];

		cu_buf_reset(&key);
		if (cu_buf_addf(&key, "%s/%s", l->type, l->binary)) {
			rc = CU_ENOMEM;
			break;
		}
		for (struct by_name *n = cu_map_get(&idx, cu_buf_span(&key)); n; n = n->next) {
			struct cu_pkg *p = n->pkg;

			if (strcmp(p->source_name, p->name) || strcmp(p->source_version, p->version))
				continue;	/* it named its own source */
			p->source_name = l->src_name;
			p->source_version = l->src_version;
		}
	}
	cu_buf_release(&key);
	cu_map_release(&idx);
	return rc;
}

/* "debian-12", "ubuntu-22.04", "opensuse-leap-15.5", or a bare "3.18.4". */
static int os_from_distro(struct cu_sbomin_ctx *ctx)
{
	struct cu_osinfo *os = &ctx->cat->os;
	struct cu_span d = cu_span_str(ctx->distro), id = d, ver = CU_SPAN_NULL;
	const char *idc;

	if (!ctx->distro || (os->id && os->version_id))
		return 0;
	if (d.len && is_digit(d.ptr[0])) {
		id = cu_span_str(ctx->distro_ns);
		ver = d;
	}
	for (size_t i = 0; i + 1 < d.len && !ver.len; i++)
		if (d.ptr[i] == '-' && is_digit(d.ptr[i + 1])) {
			id = cu_span_sub(d, 0, i);
			ver = cu_span_skip(d, i + 1);
		}
	if (!id.len)
		return 0;
	if (!(idc = os_id_of(ctx, id)))
		return CU_ENOMEM;
	if (os->id && strcmp(os->id, idc))
		return 0;	/* another distribution than the document says: keep its word */
	os->id = idc;
	if (!os->version_id && ver.len &&
	    !(os->version_id = cu_arena_spandup(&ctx->cat->arena, ver)))
		return CU_ENOMEM;
	return 0;
}

static void complete_os(struct cu_osinfo *os)
{
	if (!os->id)
		return;
	if (strcmp(os->id, "debian") == 0 && !os->codename)
		os->codename = cu_debian_codename(os->version_id);
	os->family = cu_distro_family(os->id) ? cu_distro_family(os->id) : os->id;
	if (os->pretty_name && strncmp(os->pretty_name, "Distroless", 10) == 0)
		os->distroless = true;
}

int cu_sbomin_finish(struct cu_sbomin_ctx *ctx)
{
	int rc;

	resolve_owners(ctx);
	rc = resolve_sources(ctx);
	if (!rc)
		rc = os_from_distro(ctx);
	if (rc)
		return rc;
	complete_os(&ctx->cat->os);
	cu_catalog_sort(ctx->cat);
	ctx->info->packages = ctx->cat->npkgs;
	return 0;
}
