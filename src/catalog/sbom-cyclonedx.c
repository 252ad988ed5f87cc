/*
 * sbom-cyclonedx.c - CycloneDX JSON, specVersion 1.2 to 1.6 (CycloneDX 1.6
 * specification and bom-1.6.schema.json: "metadata", "components",
 * "properties", "licenses").
 *
 * metadata.component is the subject (for an image: its name, and a digest
 * as version or in a pkg:oci purl); "components" and the "components"
 * nested in them are the packages, except a component of type
 * "operating-system", which names the OS, and components that are not
 * software packages (files, data, Trivy's per-ecosystem "application"
 * groupings without version or purl), which are passed over.
 *
 * cdxgen lists a distribution's source packages as components of their own
 * (tag "source") and names the binaries built from each in its identity
 * evidence (technique "filename"); the binaries themselves name no source.
 * Such a component gives its binaries their source name and version, which
 * advisories are filed under; it is a package itself only when it also
 * stands for the installed binary of the same name (cdxgen then merges the
 * two, keeping Trivy's package type property).
 */
#include "common.h"
#include "json.h"
#include "sbom-internal.h"

/* Up to this many licenses are joined into one expression. */
#define MAX_LICENSES 8

static int check_header(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
			struct cu_err *err)
{
	json_t *format = NULL, *spec = NULL;
	const char *f, *v;
	int rc = cu_sbomin_json_value(ctx, m->format, "bomFormat", &format, err);

	if (!rc && m->spec.ptr)
		rc = cu_sbomin_json_value(ctx, m->spec, "specVersion", &spec, err);
	if (rc)
		goto out;
	f = json_is_string(format) ? json_string_value(format) : "";
	v = json_is_string(spec) ? json_string_value(spec) : NULL;
	if (strcmp(f, "CycloneDX") != 0) {
		rc = cu_seterr(err, CU_EFORMAT,
			       "'%s' is not a CycloneDX document (bomFormat '%.40s')", ctx->what, f);
		goto out;
	}
	if (v && strncmp(v, "1.", 2) != 0) {
		rc = cu_seterr(err, CU_EUNSUPPORTED, "'%s': CycloneDX %.20s is not supported",
			       ctx->what, v);
		goto out;
	}
	ctx->info->format = CU_SBOM_FORMAT_CYCLONEDX;
	if (v && !(ctx->info->spec_version = cu_sbomin_str(ctx, v)))
		rc = CU_ENOMEM;
out:
	json_decref(format);
	json_decref(spec);
	return rc;
}

/* "syft 1.4.1" from tools: [...] (1.4) or tools: { components: [...] } (1.5). */
static int read_tool(struct cu_sbomin_ctx *ctx, const json_t *metadata)
{
	json_t *tools = json_object_get(metadata, "tools"), *t;
	const char *name, *version;

	if (json_is_object(tools))
		tools = cu_json_array(tools, "components");
	t = json_is_array(tools) ? json_array_get(tools, 0) : NULL;
	name = cu_sbomin_jstr(t, "name");
	version = cu_sbomin_jstr(t, "version");
	if (!name)
		return 0;
	ctx->info->tool = cu_arena_printf(&ctx->cat->arena, "%s%s%s", name, version ? " " : "",
					  version ? version : "");
	return ctx->info->tool ? 0 : CU_ENOMEM;
}

/* The image's properties and its SHA-256 hash (the manifest digest). */
static int read_subject(struct cu_sbomin_ctx *ctx, const json_t *comp)
{
	json_t *props = cu_json_array(comp, "properties"), *hashes = cu_json_array(comp, "hashes");
	int rc = 0;

	for (size_t i = 0; !rc && i < json_array_size(props) && i < CU_CAP_SBOM_PROPERTIES; i++) {
		json_t *p = json_array_get(props, i);

		rc = cu_sbomin_subject_prop(ctx, cu_sbomin_jstr(p, "name"),
					    cu_sbomin_jstr(p, "value"));
	}
	for (size_t i = 0; !rc && i < json_array_size(hashes) && !ctx->info->digest; i++) {
		json_t *h = json_array_get(hashes, i);
		const char *alg = cu_sbomin_jstr(h, "alg"), *hex = cu_sbomin_jstr(h, "content");

		if (alg && hex && !strcmp(alg, "SHA-256") &&
		    !(ctx->info->digest = cu_arena_printf(&ctx->cat->arena, "sha256:%s", hex)))
			rc = CU_ENOMEM;
	}
	if (!rc)
		rc = cu_sbomin_set_subject(ctx, cu_sbomin_jstr(comp, "name"),
					   cu_sbomin_jstr(comp, "version"),
					   cu_sbomin_jstr(comp, "purl"));
	return rc;
}

static int read_metadata(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
			 struct cu_err *err)
{
	json_t *md = NULL, *comp;
	int rc;

	if (!m->metadata.ptr)
		return 0;
	rc = cu_sbomin_json_value(ctx, m->metadata, "metadata", &md, err);
	if (rc)
		return rc;
	comp = cu_json_object(md, "component");
	rc = read_tool(ctx, md);
	if (!rc && comp)
		rc = read_subject(ctx, comp);
	json_decref(md);
	return rc;
}

/* --- components ---------------------------------------------------------- */

static void read_properties(struct cu_sbomin_entry *e, const json_t *comp)
{
	json_t *props = cu_json_array(comp, "properties");
	size_t n = json_array_size(props);

	for (size_t i = 0; i < n && i < CU_CAP_SBOM_PROPERTIES; i++) {
		json_t *p = json_array_get(props, i);

		cu_sbomin_entry_prop(e, cu_sbomin_jstr(p, "name"), cu_sbomin_jstr(p, "value"));
	}
}

/* licenses: [{license: {id | name}} | {expression}], joined with AND. */
static const char *read_licenses(struct cu_sbomin_ctx *ctx, const json_t *comp)
{
	json_t *list = cu_json_array(comp, "licenses");
	struct cu_buf b = CU_BUF_INIT;
	const char *out = NULL;
	size_t n = json_array_size(list), used = 0;

	for (size_t i = 0; i < n && used < MAX_LICENSES; i++) {
		json_t *item = json_array_get(list, i), *lic = cu_json_object(item, "license");
		const char *s = cu_sbomin_jstr(item, "expression");

		if (!s)
			s = cu_sbomin_jstr(lic, "id");
		if (!s)
			s = cu_sbomin_jstr(lic, "name");
		if (s && cu_buf_addf(&b, "%s%s", used ? " AND " : "", s) == 0)
			used++;
	}
	if (b.len)
		out = cu_arena_strndup(&ctx->cat->arena, b.buf, b.len);
	cu_buf_release(&b);
	return out;
}

static const char *supplier_of(const json_t *comp)
{
	const char *s = cu_sbomin_jstr(cu_json_object(comp, "supplier"), "name");

	if (!s)
		s = cu_sbomin_jstr(comp, "publisher");
	return s ? s : cu_sbomin_jstr(comp, "author");
}

static int read_entry(struct cu_sbomin_ctx *ctx, const json_t *comp, struct cu_sbomin_entry *e,
		      char *what, size_t len)
{
	json_t *purl = json_object_get(comp, "purl");

	cu_sbomin_entry_init(e);
	e->name = cu_sbomin_jstr(comp, "name");
	e->group = cu_sbomin_jstr(comp, "group");
	e->version = cu_sbomin_jstr(comp, "version");
	e->purl = cu_sbomin_jstr(comp, "purl");
	e->ref = cu_sbomin_jstr(comp, "bom-ref");
	e->description = cu_sbomin_jstr(comp, "description");
	e->supplier = supplier_of(comp);
	read_properties(e, comp);
	for (size_t i = 0; i < json_array_size(cu_json_array(comp, "hashes")); i++) {
		const json_t *h = json_array_get(cu_json_array(comp, "hashes"), i);

		cu_sbomin_entry_hash(e, cu_sbomin_jstr(h, "alg"), cu_sbomin_jstr(h, "content"));
	}
	if (e->name)
		snprintf(what, len, "component '%.100s'", e->name);
	else
		snprintf(what, len, "component %zu", ctx->entries);
	e->what = what;
	e->license = read_licenses(ctx, comp);
	if (purl && !e->purl && !json_is_null(purl) &&
	    !(json_is_string(purl) && !json_string_length(purl)))
		return cu_catalog_warn(ctx->cat, "'%s': %s: purl is not a string: ignored",
				       ctx->what, what);
	return 0;
}

/*
 * Components that are not software packages: of a kind that is not, unless
 * they carry a purl of a package type and a version (a file typed jar with
 * its Maven purl is still a package); pkg:generic files are not.
 */
static bool not_a_package(const char *type, const struct cu_sbomin_entry *e)
{
	static const char *const kinds[] = {
		"file", "data", "device", "firmware", "platform",
		"machine-learning-model", "cryptographic-asset", "device-driver",
	};

	if (!type)
		return false;
	if (!strcmp(type, "container"))	/* one with a pkg:oci purl names the image */
		return !e->purl;
	for (size_t i = 0; i < CU_ARRAY_SIZE(kinds); i++)
		if (strcmp(type, kinds[i]) == 0)
			return !e->purl || !e->version || !strncmp(e->purl, "pkg:generic/", 12);
	return !e->purl && strcmp(type, "application") == 0 && !e->version && !e->tool_type;
}

static bool has_tag(const json_t *comp, const char *tag)
{
	const json_t *tags = cu_json_array(comp, "tags"), *t;
	size_t i;

	json_array_foreach(tags, i, t)
		if (json_is_string(t) && !strcmp(json_string_value(t), tag))
			return true;
	return false;
}

/* "deb" of "pkg:deb/debian/acl@2.3.1-3", when it is an OS package type */
static bool os_purl_type(const char *purl, char *type, size_t len)
{
	const char *slash;

	if (!purl || strncmp(purl, "pkg:", 4) || !(slash = strchr(purl + 4, '/')) ||
	    (size_t)(slash - purl - 4) >= len)
		return false;
	snprintf(type, len, "%.*s", (int)(slash - purl - 4), purl + 4);
	return cu_sbomin_os_type(type);
}

/* The binaries a cdxgen source component names (identity, technique "filename"). */
static int source_component(struct cu_sbomin_ctx *ctx, const json_t *comp,
			    const struct cu_sbomin_entry *e, const char *type)
{
	json_t *ident = json_object_get(cu_json_object(comp, "evidence"), "identity"), *id, *m;
	size_t i, k;
	int rc = 0;

	if (json_is_object(ident)) {	/* CycloneDX 1.5: one identity */
		ident = json_pack("[O]", ident);
	} else if (json_is_array(ident)) {
		json_incref(ident);
	} else {
		return 0;
	}
	json_array_foreach(ident, i, id) {
		json_array_foreach(cu_json_array(id, "methods"), k, m) {
			const char *tech = cu_sbomin_jstr(m, "technique");

			if (!rc && tech && !strcmp(tech, "filename"))
				rc = cu_sbomin_link_source(ctx, type, cu_sbomin_jstr(m, "value"),
							   e->name, e->version);
		}
	}
	json_decref(ident);
	return rc;
}

static int walk(struct cu_sbomin_ctx *ctx, const json_t *list, int depth, struct cu_err *err);

static int component(struct cu_sbomin_ctx *ctx, const json_t *comp, int depth,
		     struct cu_err *err)
{
	struct cu_sbomin_entry e;
	const char *type;
	char what[160], ptype[16];
	json_t *nested;
	int rc;

	if (!json_is_object(comp))
		return cu_seterr(err, CU_EFORMAT, "'%s': component %zu is not an object",
				 ctx->what, ctx->entries + 1);
	rc = cu_sbomin_count(ctx, err);
	if (!rc)
		rc = read_entry(ctx, comp, &e, what, sizeof(what));
	if (rc)
		return rc;
	type = cu_sbomin_jstr(comp, "type");
	if (type && strcmp(type, "operating-system") == 0)
		rc = cu_sbomin_set_os(ctx, &e);
	else if (has_tag(comp, "source") && os_purl_type(e.purl, ptype, sizeof(ptype))) {
		rc = source_component(ctx, comp, &e, ptype);
		if (!rc && e.tool_type)	/* also an installed binary of that name */
			rc = cu_sbomin_add(ctx, &e, err);
	} else if (!not_a_package(type, &e))
		rc = cu_sbomin_add(ctx, &e, err);
	if (rc)
		return rc;
	nested = json_object_get(comp, "components");
	if (!nested || json_is_null(nested))
		return 0;
	if (!json_is_array(nested))
		return cu_seterr(err, CU_EFORMAT, "'%s': %s: \"components\" is not an array",
				 ctx->what, what);
	return walk(ctx, nested, depth + 1, err);
}

static int walk(struct cu_sbomin_ctx *ctx, const json_t *list, int depth, struct cu_err *err)
{
	int rc = 0;

	if (depth > CU_CAP_SBOM_DEPTH)
		return cu_seterr(err, CU_ETOOBIG, "'%s': components nested more than %d deep",
				 ctx->what, CU_CAP_SBOM_DEPTH);
	for (size_t i = 0; i < json_array_size(list) && !rc; i++)
		rc = component(ctx, json_array_get(list, i), depth, err);
	return rc;
}

int cu_sbomin_cyclonedx(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
		      struct cu_err *err)
{
	json_t *list = NULL;
	int rc = check_header(ctx, m, err);

	if (!rc)
		rc = read_metadata(ctx, m, err);
	if (rc || !m->components.ptr)
		return rc;
	rc = cu_sbomin_json_value(ctx, m->components, "components", &list, err);
	if (!rc && !json_is_array(list))
		rc = cu_seterr(err, CU_EFORMAT, "'%s': \"components\" is not an array", ctx->what);
	if (!rc)
		rc = walk(ctx, list, 0, err);
	json_decref(list);
	return rc;
}
