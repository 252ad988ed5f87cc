/*
 * sbom-spdx.c - SPDX 2.2 and 2.3 JSON (SPDX 2.3 specification, clause 7
 * "Package information": name, versionInfo, supplier, sourceInfo,
 * licenseDeclared, externalRefs with referenceType "purl",
 * primaryPackagePurpose; clause 11 "Relationships": DESCRIBES), and what
 * the tag-value reader shares with it.
 *
 * A package whose purpose is OPERATING-SYSTEM names the OS (Trivy); one
 * whose purpose is CONTAINER, or that the document DESCRIBES and that has
 * no purl, is the subject. Syft's "ownership-by-file-overlap" relationships
 * tell which OS package installed a language package. Annotations written
 * "Key: Value" (Trivy's "PkgType: alpine", customs' own) are read like
 * CycloneDX properties.
 */
#include "common.h"
#include "json.h"
#include "sbom-internal.h"

/* "NOASSERTION" and "NONE" say nothing. */
const char *cu_sbomin_spdx_assertion(const char *s)
{
	if (!s || !strcmp(s, "NOASSERTION") || !strcmp(s, "NONE"))
		return NULL;
	return s;
}

/* "Organization: Debian", "Person: Jane <j@x>" -> what follows the kind. */
const char *cu_sbomin_spdx_supplier(const char *s)
{
	const char *colon;

	if (!cu_sbomin_spdx_assertion(s))
		return NULL;
	colon = strchr(s, ':');
	if (!colon)
		return s;
	for (colon++; *colon == ' '; colon++)
		;
	return *colon ? colon : NULL;
}

int cu_sbomin_spdx_source_info(struct cu_sbomin_ctx *ctx, struct cu_sbomin_entry *e,
			     const char *source_info)
{
	static const char *const prefixes[] = {
		"built package from:",		/* Trivy */
		"built from source package",	/* customs */
	};
	struct cu_span s = cu_span_str(source_info), name;
	size_t i = 0;

	while (i < CU_ARRAY_SIZE(prefixes) && !cu_span_starts_with(s, prefixes[i]))
		i++;
	if (i == CU_ARRAY_SIZE(prefixes))
		return 0;
	s = cu_span_trim(cu_span_skip(s, strlen(prefixes[i])));
	cu_span_split(&s, ' ', &name);
	s = cu_span_trim(s);
	if (!name.len)
		return 0;
	e->src_name = cu_arena_spandup(&ctx->cat->arena, name);
	if (s.len)
		e->src_version = cu_arena_spandup(&ctx->cat->arena, s);
	return e->src_name && (!s.len || e->src_version) ? 0 : CU_ENOMEM;
}

/* An annotation comment "Key: Value" (or "Key=Value") as a property. */
int cu_sbomin_spdx_annotation(struct cu_sbomin_ctx *ctx, struct cu_sbomin_entry *e,
			    const char *comment)
{
	struct cu_span s = cu_span_trim(cu_span_str(comment));
	ptrdiff_t at = -1;
	char *key, *value;

	for (size_t i = 0; i + 1 < s.len && at < 0; i++)
		if (s.ptr[i] == ':' && s.ptr[i + 1] == ' ')
			at = (ptrdiff_t)i;
	if (at < 0)
		at = cu_span_find(s, '=');
	if (at <= 0)
		return 0;
	key = cu_arena_spandup(&ctx->cat->arena, cu_span_trim(cu_span_sub(s, 0, (size_t)at)));
	value = cu_arena_spandup(&ctx->cat->arena, cu_span_trim(cu_span_skip(s, (size_t)at + 1)));
	if (!key || !value)
		return CU_ENOMEM;
	if (!e)
		return cu_sbomin_subject_prop(ctx, key, value);
	cu_sbomin_entry_prop(e, key, value);
	return 0;
}

/* primaryPackagePurpose: "OPERATING-SYSTEM" in tag-value, "OPERATING_SYSTEM" in JSON. */
static bool purpose_is(const char *purpose, const char *want)
{
	size_t i = 0;

	for (; purpose && purpose[i] && want[i]; i++)
		if (purpose[i] != want[i] && !(purpose[i] == '_' && want[i] == '-'))
			return false;
	return purpose && !purpose[i] && !want[i];
}

int cu_sbomin_spdx_package(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e,
			 const char *purpose, bool described, struct cu_err *err)
{
	int rc;

	if (purpose_is(purpose, "OPERATING-SYSTEM"))
		rc = cu_sbomin_set_os(ctx, e);
	else if (purpose_is(purpose, "CONTAINER") || (described && !e->purl))
		rc = cu_sbomin_set_subject(ctx, e->name, e->version, e->purl);
	else
		return cu_sbomin_add(ctx, e, err);
	return rc ? cu_seterr(err, rc, "'%s': %s", ctx->what, e->what) : 0;
}

/* --- JSON ---------------------------------------------------------------- */

static int check_header(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
			struct cu_err *err)
{
	json_t *v = NULL;
	const char *s;
	int rc = cu_sbomin_json_value(ctx, m->spdx_version, "spdxVersion", &v, err);

	if (rc)
		return rc;
	s = json_is_string(v) ? json_string_value(v) : "";
	if (strncmp(s, "SPDX-3", 6) == 0)
		rc = cu_seterr(err, CU_EUNSUPPORTED, "'%s': SPDX 3 is not supported", ctx->what);
	else if (strncmp(s, "SPDX-2.", 7) != 0)
		rc = cu_seterr(err, CU_EFORMAT,
			       "'%s' is not an SPDX 2 document (spdxVersion '%.40s')", ctx->what, s);
	else if (!(ctx->info->spec_version = cu_sbomin_str(ctx, s)))
		rc = CU_ENOMEM;
	ctx->info->format = CU_SBOM_FORMAT_SPDX_JSON;
	json_decref(v);
	return rc;
}

/* creationInfo.creators: the first "Tool: syft-1.4.1". */
static int read_creation(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
			 struct cu_err *err)
{
	json_t *ci = NULL, *creators;
	int rc;

	if (!m->creation.ptr)
		return 0;
	rc = cu_sbomin_json_value(ctx, m->creation, "creationInfo", &ci, err);
	creators = rc ? NULL : cu_json_array(ci, "creators");
	for (size_t i = 0; i < json_array_size(creators) && !ctx->info->tool; i++) {
		json_t *c = json_array_get(creators, i);
		const char *s = json_is_string(c) ? json_string_value(c) : "";
		const char *tool = strncmp(s, "Tool:", 5) == 0 ? cu_sbomin_spdx_supplier(s) : NULL;

		if (tool && !(ctx->info->tool = cu_sbomin_str(ctx, tool)))
			rc = CU_ENOMEM;
	}
	json_decref(ci);
	return rc;
}

static bool is_ownership(const json_t *rel)
{
	const char *type = cu_sbomin_jstr(rel, "relationshipType");
	const char *comment = cu_sbomin_jstr(rel, "comment");

	return type && !strcmp(type, "OTHER") && comment &&
	       !strncmp(comment, "ownership-by-file-overlap", 25);
}

/*
 * What the document DESCRIBES (documentDescribes, or DESCRIBES
 * relationships of SPDXRef-DOCUMENT) into described, keys pointing into
 * the parsed members (*docs keeps them alive); ownership links to ctx.
 */
static int read_relations(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
			  struct cu_map *described, json_t **docs, struct cu_err *err)
{
	json_t *rels;
	int rc = 0;

	if (m->describes.ptr)
		rc = cu_sbomin_json_value(ctx, m->describes, "documentDescribes", &docs[0], err);
	if (!rc && m->relationships.ptr)
		rc = cu_sbomin_json_value(ctx, m->relationships, "relationships", &docs[1], err);
	for (size_t i = 0; !rc && i < json_array_size(docs[0]); i++) {
		json_t *d = json_array_get(docs[0], i);

		if (json_is_string(d))
			rc = cu_map_put(described, cu_span_str(json_string_value(d)), d);
	}
	rels = json_is_array(docs[1]) ? docs[1] : NULL;
	for (size_t i = 0; !rc && i < json_array_size(rels); i++) {
		json_t *r = json_array_get(rels, i);
		const char *from = cu_sbomin_jstr(r, "spdxElementId");
		const char *type = cu_sbomin_jstr(r, "relationshipType");
		const char *to = cu_sbomin_jstr(r, "relatedSpdxElement");

		if (from && to && type && !strcmp(type, "DESCRIBES") &&
		    !strcmp(from, "SPDXRef-DOCUMENT"))
			rc = cu_map_put(described, cu_span_str(to), r);
		else if (is_ownership(r))
			rc = cu_sbomin_link_owner(ctx, from, to);
	}
	return rc == CU_ETOOBIG ? 0 : rc;
}

/* The first externalRefs entry of type purl. */
static const char *purl_of(const json_t *pkg, bool *bad)
{
	json_t *refs = cu_json_array(pkg, "externalRefs");

	*bad = false;
	for (size_t i = 0; i < json_array_size(refs); i++) {
		json_t *r = json_array_get(refs, i);
		const char *type = cu_sbomin_jstr(r, "referenceType");

		if (!type || strcmp(type, "purl"))
			continue;
		*bad = !cu_sbomin_jstr(r, "referenceLocator");
		if (!*bad)
			return cu_sbomin_jstr(r, "referenceLocator");
	}
	return NULL;
}

static int read_package(struct cu_sbomin_ctx *ctx, const json_t *pkg, struct cu_sbomin_entry *e,
			char *what, size_t len)
{
	json_t *notes = cu_json_array(pkg, "annotations");
	bool bad;
	int rc;

	cu_sbomin_entry_init(e);
	e->ref = cu_sbomin_jstr(pkg, "SPDXID");
	e->name = cu_sbomin_jstr(pkg, "name");
	e->version = cu_sbomin_jstr(pkg, "versionInfo");
	e->purl = purl_of(pkg, &bad);
	e->supplier = cu_sbomin_spdx_supplier(cu_sbomin_jstr(pkg, "supplier"));
	e->description = cu_sbomin_jstr(pkg, "description");
	if (!e->description)
		e->description = cu_sbomin_jstr(pkg, "summary");
	e->license = cu_sbomin_spdx_assertion(cu_sbomin_jstr(pkg, "licenseDeclared"));
	if (!e->license)
		e->license = cu_sbomin_spdx_assertion(cu_sbomin_jstr(pkg, "licenseConcluded"));
	for (size_t i = 0; i < json_array_size(cu_json_array(pkg, "checksums")); i++) {
		const json_t *c = json_array_get(cu_json_array(pkg, "checksums"), i);

		cu_sbomin_entry_hash(e, cu_sbomin_jstr(c, "algorithm"),
				     cu_sbomin_jstr(c, "checksumValue"));
	}
	if (e->name)
		snprintf(what, len, "package '%.100s'", e->name);
	else
		snprintf(what, len, "package %zu", ctx->entries);
	e->what = what;
	rc = cu_sbomin_spdx_source_info(ctx, e, cu_sbomin_jstr(pkg, "sourceInfo"));
	for (size_t i = 0; !rc && i < json_array_size(notes) && i < CU_CAP_SBOM_PROPERTIES; i++)
		rc = cu_sbomin_spdx_annotation(ctx, e,
					     cu_sbomin_jstr(json_array_get(notes, i), "comment"));
	if (!rc && bad)
		rc = cu_catalog_warn(ctx->cat, "'%s': %s: purl is not a string: ignored",
				     ctx->what, what);
	return rc;
}

static int package(struct cu_sbomin_ctx *ctx, const json_t *pkg, const struct cu_map *described,
		   struct cu_err *err)
{
	struct cu_sbomin_entry e;
	char what[160];
	int rc;

	if (!json_is_object(pkg))
		return cu_seterr(err, CU_EFORMAT, "'%s': package %zu is not an object",
				 ctx->what, ctx->entries + 1);
	json_t *notes = cu_json_array(pkg, "annotations");
	const char *purpose = cu_sbomin_jstr(pkg, "primaryPackagePurpose");

	rc = cu_sbomin_count(ctx, err);
	if (!rc)
		rc = read_package(ctx, pkg, &e, what, sizeof(what));
	if (!rc)
		rc = cu_sbomin_spdx_package(ctx, &e, purpose,
					    e.ref && cu_map_get_str(described, e.ref), err);
	for (size_t i = 0; !rc && purpose_is(purpose, "CONTAINER") && i < json_array_size(notes) &&
			   i < CU_CAP_SBOM_PROPERTIES; i++)
		rc = cu_sbomin_spdx_annotation(ctx, NULL,
					       cu_sbomin_jstr(json_array_get(notes, i), "comment"));
	return rc;
}

static int read_packages(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
			 const struct cu_map *described, struct cu_err *err)
{
	json_t *list = NULL;
	int rc;

	if (!m->packages.ptr)
		return 0;
	rc = cu_sbomin_json_value(ctx, m->packages, "packages", &list, err);
	if (!rc && !json_is_array(list))
		rc = cu_seterr(err, CU_EFORMAT, "'%s': \"packages\" is not an array", ctx->what);
	for (size_t i = 0; !rc && i < json_array_size(list); i++)
		rc = package(ctx, json_array_get(list, i), described, err);
	json_decref(list);
	return rc;
}

/* The document's own name, when no package named the subject. */
static int read_name(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
		     struct cu_err *err)
{
	json_t *name = NULL;
	int rc;

	if (ctx->info->name || !m->name.ptr)
		return 0;
	rc = cu_sbomin_json_value(ctx, m->name, "name", &name, err);
	if (!rc && json_is_string(name) &&
	    json_string_length(name) == strlen(json_string_value(name)))
		rc = cu_sbomin_set_subject(ctx, json_string_value(name), NULL, NULL);
	json_decref(name);
	return rc;
}

int cu_sbomin_spdx_json(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
		      struct cu_err *err)
{
	json_t *docs[2] = { NULL, NULL };
	struct cu_map described;
	int rc = check_header(ctx, m, err);

	cu_map_init(&described, CU_CAP_SBOM_ENTRIES);
	if (!rc)
		rc = read_creation(ctx, m, err);
	if (!rc)
		rc = read_relations(ctx, m, &described, docs, err);
	if (!rc)
		rc = read_packages(ctx, m, &described, err);
	if (!rc)
		rc = read_name(ctx, m, err);
	cu_map_release(&described);
	json_decref(docs[0]);
	json_decref(docs[1]);
	return rc;
}
