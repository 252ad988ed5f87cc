/*
 * report-cyclonedx.c - the image as a CycloneDX BOM, JSON (CycloneDX
 * specification 1.6, ECMA-424; bom-1.6.schema.json and bom-1.5.schema.json).
 *
 * metadata.component is the image (type "container"), components are the
 * operating system, the binaries that carry packages ("application") and
 * every package ("library"), dependencies is the graph the packages record
 * and, when the report has findings, vulnerabilities makes it a VDR
 * (report-cyclonedx-vuln.c). docs/sbom.md gives the field mapping. 1.5 and
 * 1.6 differ here only in the licenses' "acknowledgement" (1.6).
 */
#include "common.h"
#include "report-sbom.h"

struct cdx {
	struct cu_sbom s;
	int minor;		/* specVersion 1.<minor> */
};

static json_t *license_entry(const struct cdx *c, const char *field, const char *value)
{
	json_t *lic = json_object(), *entry = json_object();

	cu_sbom_set_str(lic, field, value);
	if (c->minor >= 6)
		cu_sbom_set_str(lic, "acknowledgement", "declared");
	cu_sbom_set(entry, "license", lic);
	return entry;
}

/* licenses: an SPDX id, several, one expression, or a name. */
static json_t *licenses(struct cdx *c, const char *declared)
{
	struct cu_buf expr = CU_BUF_INIT;
	json_t *a = json_array(), *e;
	struct cu_span list, id;

	switch (cu_sbom_license(declared, &expr)) {
	case CU_LIC_NONE:
		break;
	case CU_LIC_ID:
		json_array_append_new(a, license_entry(c, "id", expr.buf));
		break;
	case CU_LIC_LIST:
		list = cu_buf_span(&expr);
		while (list.len) {
			cu_span_split(&list, ' ', &id);
			if (id.len && !cu_span_eq_str(id, "AND"))
				json_array_append_new(a, license_entry(c, "id",
					cu_arena_spandup(&c->s.arena, id)));
		}
		break;
	case CU_LIC_EXPR:
		e = json_object();
		cu_sbom_set_str(e, "expression", expr.buf);
		if (c->minor >= 6)
			cu_sbom_set_str(e, "acknowledgement", "declared");
		json_array_append_new(a, e);
		break;
	case CU_LIC_NAME:
		json_array_append_new(a, license_entry(c, "name", declared));
		break;
	}
	cu_buf_release(&expr);
	return a;
}

/*
 * Maven "groupId:artifactId" and npm "@scope/name", Composer "vendor/name":
 * the part before the separator is the CycloneDX group.
 */
static void set_name(json_t *o, const struct cu_pkg *p, struct cu_arena *arena)
{
	const char *sep = NULL;

	if (!strcmp(p->type, "maven"))
		sep = strchr(p->name, ':');
	else if ((!strcmp(p->type, "npm") && p->name[0] == '@') || !strcmp(p->type, "composer"))
		sep = strchr(p->name, '/');
	if (sep && sep > p->name && sep[1]) {
		cu_sbom_set(o, "group", cu_sbom_str(cu_arena_strndup(arena, p->name,
							     (size_t)(sep - p->name))));
		cu_sbom_set_str(o, "name", sep + 1);
	} else {
		cu_sbom_set_str(o, "name", p->name);
	}
}

static json_t *occurrences(const char *location)
{
	json_t *ev = json_object(), *occ = json_array(), *o = json_object();
	struct cu_buf b = CU_BUF_INIT;

	cu_buf_addf(&b, "/%s", location);
	cu_sbom_set_str(o, "location", b.buf);
	json_array_append_new(occ, o);
	cu_sbom_set(ev, "occurrences", occ);
	cu_buf_release(&b);
	return ev;
}

static json_t *component(struct cdx *c, size_t i)
{
	const struct cu_pkg *p = c->s.cat->pkgs[i];
	json_t *o = json_object(), *props = json_array();

	cu_sbom_set_str(o, "type", "library");
	cu_sbom_set_str(o, "bom-ref", c->s.ids[i]);
	set_name(o, p, &c->s.arena);
	cu_sbom_set_str(o, "version", p->version);
	cu_sbom_set_str(o, "description", p->description);
	cu_sbom_set(o, "hashes", cu_sbom_pkg_hashes(p, false));
	if (p->dev)
		cu_sbom_set_str(o, "scope", "optional");
	cu_sbom_set_array(o, "licenses", licenses(c, p->license));
	cu_sbom_set_str(o, "purl", p->purl);
	cu_sbom_pkg_props(&c->s, p, cu_sbom_add_prop, props);
	cu_sbom_set_array(o, "properties", props);
	if (p->location)
		cu_sbom_set(o, "evidence", occurrences(p->location));
	return o;
}

static json_t *os_component(struct cdx *c)
{
	const struct cu_osinfo *os = &c->s.cat->os;
	json_t *o = json_object(), *props = json_array();

	cu_sbom_set_str(o, "type", "operating-system");
	cu_sbom_set_str(o, "bom-ref", c->s.os_id);
	cu_sbom_set_str(o, "name", os->id);
	cu_sbom_set_str(o, "version", os->version_id);
	cu_sbom_set_str(o, "description", os->pretty_name);
	cu_sbom_os_props(&c->s, cu_sbom_add_prop, props);
	cu_sbom_set_array(o, "properties", props);
	if (os->source_file)
		cu_sbom_set(o, "evidence", occurrences(os->source_file));
	return o;
}

/* A binary: named by its file, placed by its first package's layer. */
static json_t *app_component(struct cdx *c, const struct cu_sbom_app *a)
{
	const char *base = strrchr(a->path, '/');
	json_t *o = json_object(), *props = json_array();

	cu_sbom_set_str(o, "type", "application");
	cu_sbom_set_str(o, "bom-ref", a->id);
	cu_sbom_set_str(o, "name", base ? base + 1 : a->path);
	cu_sbom_app_props(&c->s, a, cu_sbom_add_prop, props);
	cu_sbom_set_array(o, "properties", props);
	cu_sbom_set(o, "evidence", occurrences(a->path));
	return o;
}

static json_t *components(struct cdx *c)
{
	json_t *a = json_array();

	if (c->s.os_id)
		json_array_append_new(a, os_component(c));
	for (size_t i = 0; i < c->s.napps; i++)
		json_array_append_new(a, app_component(c, &c->s.apps[i]));
	for (size_t i = 0; i < c->s.cat->npkgs; i++)
		json_array_append_new(a, component(c, i));
	return a;
}

/* --- metadata ---------------------------------------------------------------- */

static json_t *image_component(struct cdx *c)
{
	const struct cu_image *img = c->s.r->scan->img;
	json_t *o = json_object(), *props = json_array(), *hashes = json_array();
	const char *alg, *hex;

	cu_sbom_set_str(o, "type", "container");
	cu_sbom_set_str(o, "bom-ref", c->s.image_id);
	cu_sbom_set_str(o, "name", c->s.img.name);
	cu_sbom_set_str(o, "version", c->s.img.version);
	if (cu_sbom_digest(img->manifest_digest, false, &alg, &hex))
		json_array_append_new(hashes, json_pack("{s:s, s:s}", "alg", alg, "content", hex));
	cu_sbom_set_array(o, "hashes", hashes);
	cu_sbom_set_str(o, "purl", c->s.img.purl);
	cu_sbom_image_props(&c->s, cu_sbom_add_prop, props);
	cu_sbom_set_array(o, "properties", props);
	return o;
}

static json_t *metadata(struct cdx *c)
{
	json_t *m = json_object(), *tools = json_array();

	cu_sbom_set_str(m, "timestamp", c->s.created);
	cu_sbom_set(m, "lifecycles", json_pack("[{s:s}]", "phase", "post-build"));
	json_array_append_new(tools, json_pack("{s:s, s:s, s:s}", "type", "application",
					       "name", "customs", "version", CU_VERSION));
	cu_sbom_set(m, "tools", json_pack("{s:o}", "components", tools));
	cu_sbom_set(m, "component", image_component(c));
	return m;
}

/* --- dependencies ---------------------------------------------------------------- */

static json_t *dependency(const char *ref, json_t *on)
{
	json_t *d = json_object();

	cu_sbom_set_str(d, "ref", ref);
	cu_sbom_set(d, "dependsOn", on);
	return d;
}

/* The image depends on its OS, its binaries and packages nothing depends on. */
static json_t *image_dependency(struct cdx *c)
{
	json_t *on = json_array();

	if (c->s.os_id)
		json_array_append_new(on, json_string(c->s.os_id));
	for (size_t i = 0; i < c->s.napps; i++)
		json_array_append_new(on, json_string(c->s.apps[i].id));
	for (size_t i = 0; i < c->s.cat->npkgs; i++)
		if (!c->s.dependent[i])
			json_array_append_new(on, json_string(c->s.ids[i]));
	return dependency(c->s.image_id, on);
}

static json_t *app_dependency(struct cdx *c, size_t app)
{
	json_t *on = json_array();

	for (size_t i = 0; i < c->s.cat->npkgs; i++)
		if (c->s.app[i] == (long)app)
			json_array_append_new(on, json_string(c->s.ids[i]));
	return dependency(c->s.apps[app].id, on);
}

static json_t *dependencies(struct cdx *c)
{
	json_t *a = json_array();

	json_array_append_new(a, image_dependency(c));
	for (size_t i = 0; i < c->s.napps; i++)
		json_array_append_new(a, app_dependency(c, i));
	for (size_t i = 0; i < c->s.cat->npkgs; i++) {
		const struct cu_sbom_edges *e = &c->s.deps[i];
		json_t *on;

		if (!e->n)
			continue;
		on = json_array();
		for (size_t k = 0; k < e->n; k++)
			json_array_append_new(on, json_string(c->s.ids[e->to[k]]));
		json_array_append_new(a, dependency(c->s.ids[i], on));
	}
	return a;
}

/* --- the document ---------------------------------------------------------------- */

static json_t *bom(struct cdx *c)
{
	json_t *root = json_object();
	char text[96];

	snprintf(text, sizeof(text), "http://cyclonedx.org/schema/bom-1.%d.schema.json", c->minor);
	cu_sbom_set_str(root, "$schema", text);
	cu_sbom_set_str(root, "bomFormat", "CycloneDX");
	snprintf(text, sizeof(text), "1.%d", c->minor);
	cu_sbom_set_str(root, "specVersion", text);
	snprintf(text, sizeof(text), "urn:uuid:%s", c->s.uuid);
	cu_sbom_set_str(root, "serialNumber", text);
	cu_sbom_set(root, "version", json_integer(1));
	cu_sbom_set(root, "metadata", metadata(c));
	cu_sbom_set(root, "components", components(c));
	cu_sbom_set(root, "dependencies", dependencies(c));
	if (c->s.r->matches)
		cu_sbom_set(root, "vulnerabilities", cu_cdx_vulnerabilities(&c->s, c->minor));
	return root;
}

static int write_bom(const struct cu_report *r, FILE *out, int minor, struct cu_err *err)
{
	struct cdx c = { .minor = minor };
	json_t *root = NULL;
	int rc = cu_sbom_init(&c.s, r, CU_SBOM_BOMREF, err);

	if (rc)
		goto out;
	root = bom(&c);
	if (!root) {
		rc = cu_seterr(err, CU_ENOMEM, "cannot build the CycloneDX document");
		goto out;
	}
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF)
		rc = cu_seterr(err, CU_EIO, "cannot write the CycloneDX document");
out:
	json_decref(root);
	cu_sbom_release(&c.s);
	return rc;
}

static int write_cdx16(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	return write_bom(r, out, 6, err);
}

static int write_cdx15(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	return write_bom(r, out, 5, err);
}

const struct cu_reporter_ops cu_reporter_cyclonedx = {
	.name = "cyclonedx",
	.write = write_cdx16,
};

const struct cu_reporter_ops cu_reporter_cyclonedx15 = {
	.name = "cyclonedx-1.5",
	.write = write_cdx15,
};
