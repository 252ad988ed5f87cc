/*
 * report-spdx.c - the image as an SPDX 2.3 document, JSON (SPDX
 * specification 2.3: clause 6 "Document creation information", 7 "Package
 * information", 11 "Relationships", 12 "Annotations", Annex D license
 * expressions, Annex F external repository identifiers; spdx-2.3.schema.json).
 *
 * Packages: the image (CONTAINER), its operating system, the binaries that
 * carry packages (APPLICATION) and every package (LIBRARY), each with its
 * purl as a PACKAGE-MANAGER reference and the customs:* facts as
 * annotations ("name: value", the form Trivy uses). Relationships: the
 * document DESCRIBES the image, which CONTAINS everything else; recorded
 * dependencies are DEPENDS_ON. With findings, each affected package gets a
 * SECURITY "advisory" reference per vulnerability. docs/sbom.md gives the
 * mapping.
 */
#include "common.h"
#include "report-sbom.h"

struct spdx {
	struct cu_sbom s;
	json_t *relationships;
	json_t *extracted;		/* hasExtractedLicensingInfos */
	struct cu_map license_refs;	/* declared text -> its LicenseRef */
	struct cu_map license_ids;	/* LicenseRefs handed out */
	const char *annotator;		/* "Tool: customs-0.1.0" */
	long *first_finding;		/* per package: index in matches, or -1 */
	long *next_finding;		/* per finding: the next of its package */
};

/* Where cu_sbom_prop_fn puts annotations. */
struct notes {
	const struct spdx *x;
	json_t *list;
};

/* --- licenses ------------------------------------------------------------------ */

/*
 * A license that is not an SPDX expression becomes a LicenseRef, defined
 * once in hasExtractedLicensingInfos with the text as declared. Texts that
 * sanitise to the same id get a suffix; starting it at the number of ids
 * so far keeps the search short whatever the image holds.
 */
static const char *license_ref(struct spdx *x, const char *declared)
{
	struct cu_buf base = CU_BUF_INIT, ref = CU_BUF_INIT;
	const char *out = cu_map_get_str(&x->license_refs, declared);
	size_t n = strlen(declared) > 64 ? 64 : strlen(declared);

	if (out)
		return out;
	cu_buf_addstr(&base, "LicenseRef-");
	cu_sbom_idchars(&base, cu_arena_strndup(&x->s.arena, declared, n));
	cu_buf_addstr(&ref, base.buf);
	for (size_t k = x->license_ids.count + 1;
	     cu_map_get(&x->license_ids, cu_buf_span(&ref)); k++) {
		cu_buf_reset(&ref);
		cu_buf_addf(&ref, "%s-%zu", base.buf, k);
	}
	out = cu_arena_strdup(&x->s.arena, ref.buf);
	if (!out || cu_map_put(&x->license_ids, cu_span_str(out), (void *)out) ||
	    cu_map_put(&x->license_refs, cu_span_str(declared), (void *)out)) {
		out = NULL;
		goto done;
	}
	json_array_append_new(x->extracted, json_pack("{s:s, s:o, s:o, s:s}",
		"licenseId", out, "extractedText", cu_sbom_str(declared),
		"name", cu_sbom_str(declared),
		"comment", "a declared license that is not an SPDX license expression"));
done:
	cu_buf_release(&base);
	cu_buf_release(&ref);
	return out;
}

static void set_license(struct spdx *x, json_t *pkg, const char *declared)
{
	struct cu_buf expr = CU_BUF_INIT;
	const char *value = "NOASSERTION";

	switch (cu_sbom_license(declared, &expr)) {
	case CU_LIC_NONE:
		break;
	case CU_LIC_ID:
	case CU_LIC_LIST:
	case CU_LIC_EXPR:
		value = expr.buf;
		break;
	case CU_LIC_NAME:
		value = license_ref(x, declared);
		break;
	}
	cu_sbom_set_str(pkg, "licenseConcluded", "NOASSERTION");
	cu_sbom_set_str(pkg, "licenseDeclared", value ? value : "NOASSERTION");
	cu_sbom_set_str(pkg, "copyrightText", "NOASSERTION");
	cu_buf_release(&expr);
}

/* --- packages ------------------------------------------------------------------ */

/* cu_sbom_prop_fn: one annotation per fact. */
static void add_annotation(void *ctx, const char *name, const char *value)
{
	struct notes *n = ctx;
	struct cu_buf text = CU_BUF_INIT;
	json_t *a;

	if (!value || !*value)
		return;
	a = json_object();
	cu_sbom_set_str(a, "annotationDate", n->x->s.created);
	cu_sbom_set_str(a, "annotationType", "OTHER");
	cu_sbom_set_str(a, "annotator", n->x->annotator);
	cu_buf_addf(&text, "%s: %s", name, value);
	cu_sbom_set_str(a, "comment", text.buf);
	json_array_append_new(n->list, a);
	cu_buf_release(&text);
}

static json_t *package(struct spdx *x, const char *id, const char *name, const char *version,
		       const char *purpose)
{
	json_t *p = json_object();

	cu_sbom_set_str(p, "name", name);
	cu_sbom_set_str(p, "SPDXID", id);
	cu_sbom_set_str(p, "versionInfo", version);
	cu_sbom_set_str(p, "downloadLocation", "NOASSERTION");
	cu_sbom_set(p, "filesAnalyzed", json_false());
	cu_sbom_set_str(p, "primaryPackagePurpose", purpose);
	return p;
}

static void add_purl(json_t *refs, const char *purl)
{
	if (purl)
		json_array_append_new(refs, json_pack("{s:s, s:s, s:o}",
			"referenceCategory", "PACKAGE-MANAGER", "referenceType", "purl",
			"referenceLocator", cu_sbom_str(purl)));
}

/* With findings: a SECURITY advisory reference per vulnerability of p. */
static void add_advisories(struct spdx *x, json_t *refs, size_t pkg)
{
	const struct cu_matches *m = x->s.r->matches;
	struct cu_sbom_advisory adv;
	struct cu_buf c = CU_BUF_INIT;

	for (long i = x->first_finding[pkg]; i >= 0; i = x->next_finding[i]) {
		const struct cu_finding *f = m->items[i];

		if (!cu_sbom_reports(f))
			continue;
		cu_sbom_advisory(f->id, &adv);
		cu_buf_reset(&c);
		cu_buf_addf(&c, "%s: %s, %s", f->id, cu_severity_name(f->severity), f->status);
		if (f->fixed_version)
			cu_buf_addf(&c, ", fixed in %s", f->fixed_version);
		if (f->suppressed_by)
			cu_buf_addf(&c, ", suppressed by %s", f->suppressed_by);
		json_array_append_new(refs, json_pack("{s:s, s:s, s:s, s:o}",
			"referenceCategory", "SECURITY", "referenceType", "advisory",
			"referenceLocator", adv.url, "comment", cu_sbom_str(c.buf)));
	}
	cu_buf_release(&c);
}

/* "layer 1 sha256:ab12...: RUN apt-get install -y openssl" */
static void set_layer_comment(struct spdx *x, json_t *o, int layer, const char *location)
{
	const struct cu_layer *l = cu_sbom_layer(&x->s, layer);
	struct cu_buf c = CU_BUF_INIT;
	char instr[256];

	if (l)
		cu_buf_addf(&c, "layer %d %s: %s", layer, cu_scan_layer_digest(x->s.r->scan, layer),
			    cu_report_instruction(l->created_by, instr, sizeof(instr)));
	if (location)
		cu_buf_addf(&c, "%sfound in /%s", c.len ? "; " : "", location);
	cu_sbom_set_str(o, "comment", c.buf);
	cu_buf_release(&c);
}

static void relate(struct spdx *x, const char *from, const char *type, const char *to)
{
	json_array_append_new(x->relationships, json_pack("{s:s, s:s, s:s}",
		"spdxElementId", from, "relationshipType", type, "relatedSpdxElement", to));
}

static json_t *pkg_package(struct spdx *x, size_t i)
{
	const struct cu_pkg *p = x->s.cat->pkgs[i];
	json_t *o = package(x, x->s.ids[i], p->name, p->version, "LIBRARY");
	json_t *refs = json_array();
	struct notes notes = { x, json_array() };
	struct cu_buf src = CU_BUF_INIT;

	if (strcmp(p->source_name, p->name) || strcmp(p->source_version, p->version)) {
		cu_buf_addf(&src, "built from source package %s %s", p->source_name,
			    p->source_version);
		cu_sbom_set_str(o, "sourceInfo", src.buf);
	}
	set_license(x, o, p->license);
	cu_sbom_set(o, "checksums", cu_sbom_pkg_hashes(p, true));
	cu_sbom_set_str(o, "summary", p->description);
	add_purl(refs, p->purl);
	add_advisories(x, refs, i);
	cu_sbom_set_array(o, "externalRefs", refs);
	set_layer_comment(x, o, p->layer, p->location);
	cu_sbom_pkg_props(&x->s, p, add_annotation, &notes);
	cu_sbom_set_array(o, "annotations", notes.list);
	cu_buf_release(&src);
	relate(x, x->s.image_id, "CONTAINS", x->s.ids[i]);
	for (size_t k = 0; k < x->s.deps[i].n; k++)
		relate(x, x->s.ids[i], "DEPENDS_ON", x->s.ids[x->s.deps[i].to[k]]);
	if (x->s.app[i] >= 0)
		relate(x, x->s.apps[x->s.app[i]].id, "DEPENDS_ON", x->s.ids[i]);
	return o;
}

static json_t *os_package(struct spdx *x)
{
	const struct cu_osinfo *os = &x->s.cat->os;
	json_t *o = package(x, x->s.os_id, os->id, os->version_id, "OPERATING_SYSTEM");
	struct notes notes = { x, json_array() };

	set_license(x, o, NULL);
	cu_sbom_set_str(o, "summary", os->pretty_name);
	set_layer_comment(x, o, os->layer, os->source_file);
	cu_sbom_os_props(&x->s, add_annotation, &notes);
	cu_sbom_set_array(o, "annotations", notes.list);
	relate(x, x->s.image_id, "CONTAINS", x->s.os_id);
	return o;
}

static json_t *app_package(struct spdx *x, const struct cu_sbom_app *a)
{
	const char *base = strrchr(a->path, '/');
	json_t *o = package(x, a->id, base ? base + 1 : a->path, NULL, "APPLICATION");
	struct notes notes = { x, json_array() };

	set_license(x, o, NULL);
	set_layer_comment(x, o, a->first->layer, a->path);
	cu_sbom_app_props(&x->s, a, add_annotation, &notes);
	cu_sbom_set_array(o, "annotations", notes.list);
	relate(x, x->s.image_id, "CONTAINS", a->id);
	return o;
}

static json_t *image_package(struct spdx *x)
{
	const struct cu_image *img = x->s.r->scan->img;
	json_t *o = package(x, x->s.image_id, x->s.img.name, x->s.img.version, "CONTAINER");
	json_t *refs = json_array();
	struct notes notes = { x, json_array() };
	const char *alg, *hex;
	struct cu_buf c = CU_BUF_INIT;

	if (cu_sbom_digest(img->manifest_digest, true, &alg, &hex))
		cu_sbom_set(o, "checksums", json_pack("[{s:s, s:s}]", "algorithm", alg,
						      "checksumValue", hex));
	set_license(x, o, NULL);
	add_purl(refs, x->s.img.purl);
	cu_sbom_set_array(o, "externalRefs", refs);
	cu_buf_addf(&c, "platform %s/%s%s%s, config %s", img->os ? img->os : "?",
		    img->architecture ? img->architecture : "?", img->variant ? "/" : "",
		    img->variant ? img->variant : "", img->config_digest);
	if (img->manifest_digest[0])
		cu_buf_addf(&c, ", manifest %s", img->manifest_digest);
	cu_sbom_set_str(o, "comment", c.buf);
	cu_sbom_image_props(&x->s, add_annotation, &notes);
	cu_sbom_set_array(o, "annotations", notes.list);
	cu_buf_release(&c);
	relate(x, "SPDXRef-DOCUMENT", "DESCRIBES", x->s.image_id);
	return o;
}

static json_t *packages(struct spdx *x)
{
	json_t *a = json_array();

	json_array_append_new(a, image_package(x));
	if (x->s.os_id)
		json_array_append_new(a, os_package(x));
	for (size_t i = 0; i < x->s.napps; i++)
		json_array_append_new(a, app_package(x, &x->s.apps[i]));
	for (size_t i = 0; i < x->s.cat->npkgs; i++)
		json_array_append_new(a, pkg_package(x, i));
	return a;
}

/* --- the document ---------------------------------------------------------------- */

static json_t *document(struct spdx *x)
{
	json_t *root = json_object(), *pkgs;
	struct cu_buf ns = CU_BUF_INIT;

	cu_sbom_set_str(root, "spdxVersion", "SPDX-2.3");
	cu_sbom_set_str(root, "dataLicense", "CC0-1.0");
	cu_sbom_set_str(root, "SPDXID", "SPDXRef-DOCUMENT");
	cu_sbom_set_str(root, "name", x->s.img.name);
	cu_buf_addstr(&ns, "https://spdx.org/spdxdocs/customs/");
	cu_sbom_idchars(&ns, x->s.img.name);
	cu_buf_addf(&ns, "-%s", x->s.uuid);
	cu_sbom_set_str(root, "documentNamespace", ns.buf);
	cu_sbom_set(root, "creationInfo", json_pack("{s:s, s:[s]}", "created", x->s.created,
						    "creators", x->annotator));
	pkgs = packages(x);
	cu_sbom_set(root, "packages", pkgs);
	cu_sbom_set_array(root, "hasExtractedLicensingInfos", json_incref(x->extracted));
	cu_sbom_set(root, "relationships", json_incref(x->relationships));
	cu_buf_release(&ns);
	return root;
}

/* Chain the reported findings by package, in report order. */
static int index_findings(struct spdx *x)
{
	const struct cu_matches *m = x->s.r->matches;
	size_t n = m ? m->n : 0;

	x->first_finding = cu_arena_calloc(&x->s.arena, x->s.cat->npkgs + 1, sizeof(long));
	x->next_finding = cu_arena_calloc(&x->s.arena, n + 1, sizeof(long));
	if (!x->first_finding || !x->next_finding)
		return CU_ENOMEM;
	for (size_t i = 0; i < x->s.cat->npkgs; i++)
		x->first_finding[i] = -1;
	for (size_t i = n; i-- > 0;) {
		long pkg = cu_sbom_pkg_index(&x->s, m->items[i]->pkg);

		x->next_finding[i] = -1;
		if (pkg < 0)
			continue;
		x->next_finding[i] = x->first_finding[pkg];
		x->first_finding[pkg] = (long)i;
	}
	return 0;
}

static int write_spdx(const struct cu_report *r, FILE *out, struct cu_err *err)
{
	struct spdx x = { .annotator = "Tool: customs-" CU_VERSION };
	json_t *root = NULL;
	int rc;

	cu_map_init(&x.license_refs, 0);
	cu_map_init(&x.license_ids, 0);
	x.relationships = json_array();
	x.extracted = json_array();
	rc = cu_sbom_init(&x.s, r, CU_SBOM_SPDXID, err);
	if (rc)
		goto out;
	if (index_findings(&x)) {
		rc = cu_seterr(err, CU_ENOMEM, "cannot build the SPDX document");
		goto out;
	}
	root = document(&x);
	if (!root || !x.relationships || !x.extracted) {
		rc = cu_seterr(err, CU_ENOMEM, "cannot build the SPDX document");
		goto out;
	}
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF)
		rc = cu_seterr(err, CU_EIO, "cannot write the SPDX document");
out:
	json_decref(root);
	json_decref(x.relationships);
	json_decref(x.extracted);
	cu_map_release(&x.license_refs);
	cu_map_release(&x.license_ids);
	cu_sbom_release(&x.s);
	return rc;
}

const struct cu_reporter_ops cu_reporter_spdx = {
	.name = "spdx",
	.write = write_spdx,
};
