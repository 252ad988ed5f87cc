/*
 * report-sbom-facts.c - text the SBOM formats share (report-sbom.h): the
 * customs:* facts about packages, the operating system and the image that
 * CycloneDX writes as properties and SPDX as annotations (docs/sbom.md
 * lists them), where vulnerability ids are published, image digests as
 * hashes, and JSON strings safe from bytes that are not UTF-8.
 */
#include "common.h"
#include "report-sbom.h"

static const struct {
	const char *prefix, *source, *url, *suffix;
} advisories[] = {
	{ "CVE-", "NVD", "https://nvd.nist.gov/vuln/detail/", "" },
	{ "GHSA-", "GitHub", "https://github.com/advisories/", "" },
	{ "DSA-", "Debian", "https://security-tracker.debian.org/tracker/", "" },
	{ "DLA-", "Debian", "https://security-tracker.debian.org/tracker/", "" },
	{ "DTSA-", "Debian", "https://security-tracker.debian.org/tracker/", "" },
	{ "TEMP-", "Debian", "https://security-tracker.debian.org/tracker/", "" },
	{ "GO-", "Go", "https://pkg.go.dev/vuln/", "" },
	{ "RUSTSEC-", "RustSec", "https://rustsec.org/advisories/", ".html" },
	{ "RHSA-", "Red Hat", "https://access.redhat.com/errata/", "" },
	{ "USN-", "Ubuntu", "https://ubuntu.com/security/notices/", "" },
	{ "", "OSV", "https://osv.dev/vulnerability/", "" },
};

void cu_sbom_advisory(const char *id, struct cu_sbom_advisory *out)
{
	size_t i = 0, n, room;

	while (strncmp(id, advisories[i].prefix, strlen(advisories[i].prefix)) != 0)
		i++;
	out->source = advisories[i].source;
	n = (size_t)snprintf(out->url, sizeof(out->url), "%s", advisories[i].url);
	room = sizeof(out->url) - strlen(advisories[i].suffix) - 4;
	for (const char *c = id; *c && n < room; c++) {
		bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			     (*c >= '0' && *c <= '9') || strchr("-._~", *c);

		n += (size_t)snprintf(out->url + n, sizeof(out->url) - n, plain ? "%c" : "%%%02X",
				      (unsigned char)*c);
	}
	snprintf(out->url + n, sizeof(out->url) - n, "%s", advisories[i].suffix);
}

bool cu_sbom_digest(const char *digest, bool spdx, const char **alg, const char **hex)
{
	static const struct {
		const char *prefix, *cdx, *spdx;
		size_t len;
	} algs[] = {
		{ "sha256:", "SHA-256", "SHA256", 64 },
		{ "sha384:", "SHA-384", "SHA384", 96 },
		{ "sha512:", "SHA-512", "SHA512", 128 },
	};

	for (size_t i = 0; digest && i < CU_ARRAY_SIZE(algs); i++) {
		const char *h = digest + strlen(algs[i].prefix);

		if (strncmp(digest, algs[i].prefix, strlen(algs[i].prefix)) != 0 ||
		    strlen(h) != algs[i].len || strspn(h, "0123456789abcdef") != algs[i].len)
			continue;
		*alg = spdx ? algs[i].spdx : algs[i].cdx;
		*hex = h;
		return true;
	}
	return false;
}

json_t *cu_sbom_pkg_hashes(const struct cu_pkg *p, bool spdx)
{
	json_t *a;
	char alg[16];

	if (!p->nhashes)
		return NULL;
	a = json_array();
	for (size_t i = 0; i < p->nhashes; i++) {
		const struct cu_pkg_hash *h = &p->hashes[i];
		size_t n = 0;

		if (!spdx) {
			json_array_append_new(a, json_pack("{s:s, s:s}", "alg", h->alg,
							   "content", h->hex));
			continue;
		}
		/* SPDX spells "SHA-256" as "SHA256" */
		for (const char *c = h->alg; *c && n < sizeof(alg) - 1; c++)
			if (*c != '-')
				alg[n++] = *c;
		alg[n] = '\0';
		json_array_append_new(a, json_pack("{s:s, s:s}", "algorithm", alg,
						   "checksumValue", h->hex));
	}
	return a;
}

json_t *cu_sbom_str(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	char *copy;

	if (!s || j)
		return j;
	if (!(copy = cu_strdup(s)))
		return NULL;
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c >= 0x80 || (unsigned char)*c < 0x20)
			*c = (*c == '\n' || *c == '\t') ? *c : '?';
	j = json_string(copy);
	free(copy);
	return j;
}

/* --- customs:* facts ------------------------------------------------------------ */

static void prop_num(cu_sbom_prop_fn *fn, void *ctx, const char *name, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	fn(ctx, name, num);
}

static void layer_props(const struct cu_sbom *s, int layer, cu_sbom_prop_fn *fn, void *ctx)
{
	const struct cu_layer *l = cu_sbom_layer(s, layer);

	if (!l)
		return;
	prop_num(fn, ctx, "customs:layer_index", layer);
	fn(ctx, "customs:layer_digest", cu_scan_layer_digest(s->r->scan, layer));
	fn(ctx, "customs:layer_diff_id", l->diff_id);
	fn(ctx, "customs:layer_created_by", l->created_by);
}

void cu_sbom_pkg_props(const struct cu_sbom *s, const struct cu_pkg *p, cu_sbom_prop_fn *fn,
		       void *ctx)
{
	bool from_source = (p->source_name && strcmp(p->source_name, p->name)) ||
			   (p->source_version && strcmp(p->source_version, p->version));

	fn(ctx, "customs:type", p->type);
	fn(ctx, "customs:cataloger", p->cataloger);
	fn(ctx, "customs:found_by", p->found_by);
	fn(ctx, "customs:location", p->location);
	layer_props(s, p->layer, fn, ctx);
	fn(ctx, "customs:arch", p->arch);
	if (from_source) {
		fn(ctx, "customs:source_name", p->source_name);
		fn(ctx, "customs:source_version", p->source_version);
	}
	fn(ctx, "customs:owner", p->owner ? p->owner->purl : NULL);
	if (p->dev)
		fn(ctx, "customs:dev", "true");
}

void cu_sbom_app_props(const struct cu_sbom *s, const struct cu_sbom_app *a, cu_sbom_prop_fn *fn,
		       void *ctx)
{
	fn(ctx, "customs:location", a->path);
	layer_props(s, a->first->layer, fn, ctx);
	fn(ctx, "customs:owner", a->first->owner ? a->first->owner->purl : NULL);
}

void cu_sbom_os_props(const struct cu_sbom *s, cu_sbom_prop_fn *fn, void *ctx)
{
	const struct cu_osinfo *os = &s->cat->os;

	fn(ctx, "customs:os_id", os->id);
	fn(ctx, "customs:os_version_id", os->version_id);
	fn(ctx, "customs:os_codename", os->codename);
	fn(ctx, "customs:os_id_like", os->id_like);
	fn(ctx, "customs:os_family", os->family);
	fn(ctx, "customs:os_pretty_name", os->pretty_name);
	if (os->distroless)
		fn(ctx, "customs:os_distroless", "true");
	fn(ctx, "customs:location", os->source_file);
	layer_props(s, os->layer, fn, ctx);
}

static void image_layer_props(const struct cu_sbom *s, size_t i, cu_sbom_prop_fn *fn, void *ctx)
{
	const struct cu_layer *l = &s->r->scan->img->layers[i];
	char name[64];

	snprintf(name, sizeof(name), "customs:layer:%zu:digest", i);
	fn(ctx, name, cu_scan_layer_digest(s->r->scan, (int)i));
	snprintf(name, sizeof(name), "customs:layer:%zu:diff_id", i);
	fn(ctx, name, l->diff_id);
	snprintf(name, sizeof(name), "customs:layer:%zu:created_by", i);
	fn(ctx, name, l->created_by);
}

void cu_sbom_image_props(const struct cu_sbom *s, cu_sbom_prop_fn *fn, void *ctx)
{
	const struct cu_image *img = s->r->scan->img;
	char name[256];

	fn(ctx, "customs:image_ref", img->ref);
	fn(ctx, "customs:image_source", cu_image_source_name(img));
	fn(ctx, "customs:manifest_digest", img->manifest_digest);
	fn(ctx, "customs:manifest_media_type", img->manifest_media_type);
	fn(ctx, "customs:config_digest", img->config_digest);
	for (size_t i = 0; img->repo_tags && img->repo_tags[i]; i++)
		fn(ctx, "customs:repo_tag", img->repo_tags[i]);
	fn(ctx, "customs:os", img->os);
	fn(ctx, "customs:architecture", img->architecture);
	fn(ctx, "customs:variant", img->variant);
	fn(ctx, "customs:created", img->created);
	for (size_t i = 0; img->labels && img->labels[i] && img->labels[i + 1]; i += 2) {
		snprintf(name, sizeof(name), "customs:label:%s", img->labels[i]);
		fn(ctx, name, img->labels[i + 1]);
	}
	for (size_t i = 0; i < img->nlayers; i++)
		image_layer_props(s, i, fn, ctx);
}

void cu_sbom_add_prop(void *ctx, const char *name, const char *value)
{
	json_t *props = ctx, *p;

	if (!value || !*value)
		return;
	p = json_object();
	cu_sbom_set_str(p, "name", name);
	cu_sbom_set_str(p, "value", value);
	json_array_append_new(props, p);
}
