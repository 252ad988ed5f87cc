/*
 * test-sbom.c - reading SBOMs into a catalog (catalog/sbom.h): the
 * documents Syft and Trivy write for a Debian image (tests/data/sbom, the
 * same packages as tests/data/images/debian-small.json), the real examples
 * of the CycloneDX and SPDX projects under ../shared (package counts against
 * an independent count), customs' own properties, purl naming rules per
 * ecosystem, the OS from distro qualifiers, and hostile documents.
 */
#include <jansson.h>

#include "catalog/catalog.h"
#include "catalog/sbom.h"
#include "common.h"
#include "unit.h"

struct doc {
	struct cu_catalog cat;
	struct cu_sbom_info info;
	struct cu_err err;
	int rc;
};

static void parse_text(struct doc *d, const char *text, size_t len)
{
	memset(d, 0, sizeof(*d));
	cu_catalog_init(&d->cat);
	d->rc = cu_sbom_parse(cu_span_make(text, len), "test", &d->cat, &d->info, &d->err);
}

static void parse_str(struct doc *d, const char *text)
{
	parse_text(d, text, strlen(text));
}

static void read_path(struct doc *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	cu_catalog_init(&d->cat);
	d->rc = cu_sbom_read(path, &d->cat, &d->info, &d->err);
}

static void doc_release(struct doc *d)
{
	cu_catalog_release(&d->cat);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (strcmp(cat->pkgs[i]->name, name) == 0)
			return cat->pkgs[i];
	return NULL;
}

static bool has_warning(const struct cu_catalog *cat, const char *part)
{
	for (size_t i = 0; i < cat->nwarnings; i++)
		if (strstr(cat->warnings[i], part))
			return true;
	return false;
}

/* --- sniffing ------------------------------------------------------------ */

static void test_sniff(struct unit *t)
{
	static const struct {
		const char *head;
		enum cu_sbom_format want;
	} cases[] = {
		{ "{\"bomFormat\": \"CycloneDX\"}", CU_SBOM_FORMAT_CYCLONEDX },
		{ "\xef\xbb\xbf  {\"$schema\": \"x\", \"bomFormat\"", CU_SBOM_FORMAT_CYCLONEDX },
		{ "{\"spdxVersion\":\"SPDX-2.3\"", CU_SBOM_FORMAT_SPDX_JSON },
		{ "{\"SPDXID\": \"SPDXRef-DOCUMENT\", \"a\": [1, {\"b\": \"}\"}], \"spdxVersion\": 1}",
		  CU_SBOM_FORMAT_SPDX_JSON },
		{ "{\"metadata\": {\"bomFormat\": 1}}", CU_SBOM_FORMAT_NONE },
		{ "{\"components\": [{\"name\": \"long", CU_SBOM_FORMAT_JSON },
		{ "{\"foo\": 1}", CU_SBOM_FORMAT_NONE },
		{ "[1, 2]", CU_SBOM_FORMAT_NONE },
		{ "\n# comment\n\nSPDXVersion: SPDX-2.3\n", CU_SBOM_FORMAT_SPDX_TV },
		{ "DataLicense: CC0-1.0\nSPDXVersion: SPDX-2.3\n", CU_SBOM_FORMAT_NONE },
		{ "ustar\0\0\0", CU_SBOM_FORMAT_NONE },
		{ "", CU_SBOM_FORMAT_NONE },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++)
		if (!CHECK_INT(t, cu_sbom_sniff(cu_span_str(cases[i].head)), cases[i].want))
			FAILF(t, "case %zu: %s", i, cases[i].head);
	CHECK(t, cu_sbom_probe(unit_data_path("sbom/syft-debian.cdx.json")));
	CHECK(t, cu_sbom_probe(unit_data_path("sbom/trivy-debian.spdx")));
	CHECK(t, !cu_sbom_probe(unit_data_path("images/debian-small.json")));
	CHECK(t, !cu_sbom_probe(unit_data_path("sbom")));
	CHECK(t, !cu_sbom_probe(unit_data_path("sbom/no-such-file.json")));
}

/* --- the Debian image as Syft and Trivy describe it ---------------------- */

/* What the image scan catalogs for tests/data/images/debian-small.json. */
static void check_debian_small(struct unit *t, const struct doc *d)
{
	const struct cu_pkg *p;

	if (!CHECK_INT(t, d->rc, 0)) {
		FAILF(t, "%s", cu_err_message(&d->err));
		return;
	}
	CHECK_INT(t, d->cat.npkgs, 6);
	CHECK_INT(t, d->info.packages, 6);
	CHECK_STR(t, d->cat.os.id, "debian");
	CHECK_STR(t, d->cat.os.codename, "bookworm");
	CHECK_STR(t, d->cat.os.family, "debian");
	if ((p = find(&d->cat, "libc6"))) {
		CHECK_STR(t, p->type, "deb");
		CHECK_STR(t, p->version, "2.36-9+deb12u4");
		CHECK_STR(t, p->source_name, "glibc");
		CHECK_STR(t, p->source_version, "2.36-9+deb12u4");
		CHECK_STR(t, p->arch, "amd64");
		CHECK_STR(t, p->cataloger, "sbom");
		CHECK_INT(t, p->layer, -1);
	} else {
		FAILF(t, "no libc6");
	}
	if ((p = find(&d->cat, "bash"))) {
		CHECK_STR(t, p->version, "5.2.15-2+b2");
		CHECK_STR(t, p->source_version, "5.2.15-2");
	}
	if ((p = find(&d->cat, "libfoo1"))) {
		CHECK_STR(t, p->version, "2:1.0-1");
		CHECK_STR(t, p->source_name, "foo");
		CHECK_STR(t, p->source_version, "1.3-1");
	}
	if ((p = find(&d->cat, "zlib1g"))) {
		CHECK_STR(t, p->version, "1:1.2.13.dfsg-1");
		CHECK_STR(t, p->source_name, "zlib");
		CHECK_STR(t, p->source_version, "1:1.2.13.dfsg-1");
	}
	if ((p = find(&d->cat, "openssl"))) {
		CHECK_STR(t, p->source_name, "openssl");
		CHECK_STR(t, p->source_version, "3.0.11-1~deb12u1");
	}
	CHECK(t, find(&d->cat, "libssl3") && !strcmp(find(&d->cat, "libssl3")->source_name, "openssl"));
}

static void test_syft_cyclonedx(struct unit *t)
{
	struct doc d;
	const struct cu_pkg *p;

	read_path(&d, unit_data_path("sbom/syft-debian.cdx.json"));
	check_debian_small(t, &d);
	CHECK_INT(t, d.info.format, CU_SBOM_FORMAT_CYCLONEDX);
	CHECK_STR(t, d.info.spec_version, "1.6");
	CHECK_STR(t, d.info.tool, "syft 1.4.1");
	CHECK_STR(t, d.info.name, "debian-small");
	CHECK_STR(t, d.info.digest,
		  "sha256:42e683801c2f9eb6817ff2297bc6a320a41e8b39c957ea90c5e8cd298a24d6dd");
	CHECK_STR(t, d.cat.os.version_id, "12");
	CHECK_STR(t, d.cat.os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
	CHECK_INT(t, d.cat.nwarnings, 0);	/* the file component passes quietly */
	if ((p = find(&d.cat, "libc6"))) {
		CHECK_STR(t, p->license, "LGPL-2.1-or-later AND GPL-2");
		CHECK_STR(t, p->location, "var/lib/dpkg/status");
		CHECK_STR(t, p->found_by, "dpkg-db-cataloger");
		CHECK_STR(t, p->maintainer, "Debian maintainers");
		CHECK_STR(t, p->purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4"
				      "?arch=amd64&distro=debian-12&upstream=glibc");
	}
	doc_release(&d);
}

static void test_trivy_cyclonedx(struct unit *t)
{
	struct doc d;

	read_path(&d, unit_data_path("sbom/trivy-debian.cdx.json"));
	check_debian_small(t, &d);
	CHECK_STR(t, d.info.spec_version, "1.5");
	CHECK_STR(t, d.info.tool, "trivy 0.51.1");
	CHECK_STR(t, d.info.name, "registry.example.com/debian-small:latest");
	CHECK_STR(t, d.info.config_digest,
		  "sha256:42e683801c2f9eb6817ff2297bc6a320a41e8b39c957ea90c5e8cd298a24d6dd");
	CHECK_STR(t, d.info.digest,
		  "sha256:7d3c1e5f9a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d");
	CHECK_STR(t, d.info.repo_tag, "registry.example.com/debian-small:latest");
	CHECK_STR(t, d.cat.os.version_id, "12.4");
	CHECK_INT(t, d.cat.nwarnings, 0);
	doc_release(&d);
}

static void test_syft_spdx(struct unit *t)
{
	struct doc d;

	read_path(&d, unit_data_path("sbom/syft-debian.spdx.json"));
	check_debian_small(t, &d);
	CHECK_INT(t, d.info.format, CU_SBOM_FORMAT_SPDX_JSON);
	CHECK_STR(t, d.info.spec_version, "SPDX-2.3");
	CHECK_STR(t, d.info.tool, "syft-1.4.1");
	CHECK_STR(t, d.info.name, "debian-small");
	CHECK_STR(t, d.cat.os.version_id, "12");	/* from distro=debian-12 */
	CHECK_INT(t, d.cat.nwarnings, 0);
	if (find(&d.cat, "bash"))
		CHECK_STR(t, find(&d.cat, "bash")->license, "GPL-2.0-or-later");
	doc_release(&d);
}

static void test_trivy_tag_value(struct unit *t)
{
	struct doc d;
	const struct cu_pkg *p;

	read_path(&d, unit_data_path("sbom/trivy-debian.spdx"));
	check_debian_small(t, &d);
	CHECK_INT(t, d.info.format, CU_SBOM_FORMAT_SPDX_TV);
	CHECK_STR(t, d.info.tool, "trivy-0.51.1");
	CHECK_STR(t, d.info.name, "registry.example.com/debian-small:latest");
	CHECK_STR(t, d.info.digest,
		  "sha256:7d3c1e5f9a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d");
	CHECK_STR(t, d.cat.os.version_id, "12.4");
	if ((p = find(&d.cat, "libc6")))
		CHECK_STR(t, p->description, "GNU C Library: Shared libraries");
	CHECK_INT(t, d.cat.nwarnings, 0);
	doc_release(&d);
}

/* --- the CycloneDX and SPDX projects' examples --------------------------- */

/* Components (recursively) with a string purl that is not the image's. */
static size_t count_purls(const json_t *list)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *c = json_array_get(list, i), *purl = json_object_get(c, "purl");

		if (json_is_string(purl) && strncmp(json_string_value(purl), "pkg:oci/", 8))
			n++;
		n += count_purls(json_object_get(c, "components"));
	}
	return n;
}

/* SPDX packages with a purl external reference and a version. */
static size_t count_spdx_purls(const json_t *packages)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(packages); i++) {
		json_t *p = json_array_get(packages, i), *refs = json_object_get(p, "externalRefs");
		bool purl = false;

		for (size_t k = 0; k < json_array_size(refs); k++)
			purl |= json_is_string(json_object_get(json_array_get(refs, k),
							       "referenceType")) &&
				!strcmp(json_string_value(json_object_get(json_array_get(refs, k),
									  "referenceType")), "purl");
		n += purl && json_is_string(json_object_get(p, "versionInfo"));
	}
	return n;
}

static void check_example(struct unit *t, const char *rel, size_t want, const char *name)
{
	const char *path = unit_shared_path(t, rel);
	json_error_t je;
	json_t *root;
	struct doc d;
	size_t independent;

	if (!path)
		return;
	root = json_load_file(path, 0, &je);
	if (!CHECK(t, root != NULL))
		return;
	independent = json_object_get(root, "bomFormat") ?
		      count_purls(json_object_get(root, "components")) :
		      count_spdx_purls(json_object_get(root, "packages"));
	json_decref(root);
	read_path(&d, path);
	if (!CHECK_INT(t, d.rc, 0))
		FAILF(t, "%s: %s", rel, cu_err_message(&d.err));
	CHECK_INT(t, d.cat.npkgs, independent);
	if (!CHECK_INT(t, d.cat.npkgs, want))
		FAILF(t, "%s", rel);
	if (name && !CHECK(t, find(&d.cat, name) != NULL))
		FAILF(t, "%s: no package '%s'", rel, name);
	doc_release(&d);
}

static void test_examples(struct unit *t)
{
	check_example(t, "testvectors/sbom/examples/cyclonedx-dropwizard-1.3.15.bom.json", 167,
		      "com.fasterxml.jackson.core:jackson-annotations");
	check_example(t, "testvectors/sbom/examples/cyclonedx-juice-shop-v11.1.2.bom.json", 840,
		      "@sindresorhus/is");
	check_example(t, "testvectors/sbom/examples/cyclonedx-keycloak-10.0.2.bom.json", 903,
		      "org.bouncycastle:bcprov-jdk15on");
	check_example(t, "testvectors/sbom/examples/cyclonedx-laravel-7.12.0.bom.1.4.json", 62,
		      "asm89/stack-cors");
	check_example(t, "testvectors/sbom/spdx/SPDXJSONExample-v2.3.spdx.json", 1,
		      "org.apache.jena:apache-jena");
	check_example(t, "testvectors/sbom/examples/spdx-examplemaven-0.0.1.spdx.json", 0, NULL);
	check_example(t, "testvectors/sbom/examples/spdx-example7-third-party-modules.spdx.json",
		      0, NULL);
}

static void test_example_warnings(struct unit *t)
{
	const char *path = unit_shared_path(t, "testvectors/sbom/spdx/SPDXJSONExample-v2.3.spdx.json");
	struct doc d;

	if (!path)
		return;
	read_path(&d, path);
	CHECK_INT(t, d.rc, 0);
	CHECK_INT(t, d.info.skipped, 2);	/* Apache Commons Lang, Saxon: no purl */
	CHECK(t, has_warning(&d.cat, "package 'Saxon' skipped: no purl and no package type"));
	CHECK_STR(t, d.info.name, "glibc");	/* described, without a purl: the subject */
	CHECK_STR(t, d.info.tool, "LicenseFind-1.0");
	doc_release(&d);
}

static void test_cyclonedx_16_vectors(struct unit *t)
{
	static const char *const ok[] = {
		"valid-bom-1.6.json", "valid-component-hashes-1.6.json",
		"valid-component-ref-1.6.json", "valid-dependency-1.6.json",
		"valid-vulnerability-1.6.json", "invalid-component-type-1.6.json",
		"invalid-license-id-1.6.json", "invalid-missing-component-type-1.6.json",
		"invalid-serialnumber-1.6.json",
	};
	char rel[256];
	struct doc d;
	const char *path;

	for (size_t i = 0; i < CU_ARRAY_SIZE(ok); i++) {
		snprintf(rel, sizeof(rel), "testvectors/sbom/cyclonedx/test-1.6/%s", ok[i]);
		if (!(path = unit_shared_path(t, rel)))
			return;
		read_path(&d, path);
		if (!CHECK_INT(t, d.rc, 0))
			FAILF(t, "%s: %s", ok[i], cu_err_message(&d.err));
		doc_release(&d);
	}
	path = unit_shared_path(t, "testvectors/sbom/cyclonedx/test-1.6/valid-vulnerability-1.6.json");
	if (path) {
		read_path(&d, path);
		CHECK_INT(t, d.cat.npkgs, 1);
		CHECK(t, find(&d.cat, "com.fasterxml.jackson.core:jackson-databind") != NULL);
		doc_release(&d);
	}
	path = unit_shared_path(t, "testvectors/sbom/cyclonedx/test-1.6/valid-component-ref-1.6.json");
	if (path) {
		read_path(&d, path);
		CHECK_INT(t, d.info.skipped, 3);	/* nested included, none has a purl */
		doc_release(&d);
	}
	path = unit_shared_path(t, "testvectors/sbom/cyclonedx/test-1.6/invalid-bomformat-1.6.json");
	if (path) {
		read_path(&d, path);
		CHECK_INT(t, d.rc, CU_EFORMAT);
		CHECK(t, strstr(cu_err_message(&d.err), "is not a CycloneDX document") != NULL);
		doc_release(&d);
	}
}

/* --- naming rules -------------------------------------------------------- */

static const char names_doc[] =
	"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.4\", \"components\": ["
	"{\"type\": \"library\", \"name\": \"PyYAML\", \"version\": \"5.4\","
	" \"purl\": \"pkg:pypi/PyYAML@5.4\"},"
	"{\"type\": \"library\", \"name\": \"Foo_Bar\", \"purl\": \"pkg:pypi/Foo_Bar@1.0.0-RC1\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:npm/%40babel/core@7.0.0\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:npm/babel/traverse@7.1.0\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:golang/github.com/gin-gonic/gin@v1.9.0\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:composer/laravel/framework@v10.1.0\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:cargo/serde@1.0.150\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64"
	"&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm&distro=rhel-9.3\"},"
	"{\"type\": \"library\", \"purl\": \"pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64\","
	" \"properties\": [{\"name\": \"aquasecurity:trivy:SrcName\", \"value\": \"bash\"},"
	" {\"name\": \"aquasecurity:trivy:SrcVersion\", \"value\": \"5.1.8\"},"
	" {\"name\": \"aquasecurity:trivy:SrcRelease\", \"value\": \"6.el9\"}]},"
	"{\"type\": \"library\", \"purl\": \"pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64"
	"&upstream=openssl\"},"
	"{\"type\": \"library\", \"name\": \"Django\", \"version\": \"4.2\","
	" \"properties\": [{\"name\": \"syft:package:type\", \"value\": \"python\"}]},"
	"{\"type\": \"library\", \"group\": \"org.yaml\", \"name\": \"snakeyaml\", \"version\": \"1.33\","
	" \"properties\": [{\"name\": \"aquasecurity:trivy:PkgType\", \"value\": \"jar\"}]},"
	"{\"type\": \"library\", \"name\": \"mystery\", \"version\": \"1.0\"},"
	"{\"type\": \"library\", \"name\": \"noversion\", \"purl\": \"pkg:npm/noversion\"},"
	"{\"type\": \"library\", \"name\": \"badpurl\", \"version\": \"1\", \"purl\": \"pkg:\"},"
	"{\"type\": \"library\", \"name\": \"numpurl\", \"version\": \"1\", \"purl\": 42},"
	"{\"type\": \"application\", \"name\": \"app/package-lock.json\","
	" \"properties\": [{\"name\": \"aquasecurity:trivy:Class\", \"value\": \"lang-pkgs\"}]},"
	"{\"type\": \"container\", \"name\": \"inner\", \"purl\": \"pkg:oci/inner@sha256%3Aabc\"}"
	"]}";

static void check_pkg(struct unit *t, const struct cu_catalog *cat, const char *name,
		      const char *type, const char *version, const char *source_name,
		      const char *source_version)
{
	const struct cu_pkg *p = find(cat, name);

	if (!p) {
		FAILF(t, "no package '%s'", name);
		t->failures++;
		return;
	}
	CHECK_STR(t, p->type, type);
	CHECK_STR(t, p->version, version);
	CHECK_STR(t, p->source_name, source_name);
	CHECK_STR(t, p->source_version, source_version);
}

static void test_names(struct unit *t)
{
	struct doc d;

	parse_str(&d, names_doc);
	if (!CHECK_INT(t, d.rc, 0))
		FAILF(t, "%s", cu_err_message(&d.err));
	check_pkg(t, &d.cat, "pyyaml", "pypi", "5.4", "pyyaml", "5.4");
	check_pkg(t, &d.cat, "foo-bar", "pypi", "1.0.0rc1", "foo-bar", "1.0.0rc1");
	check_pkg(t, &d.cat, "@babel/core", "npm", "7.0.0", "@babel/core", "7.0.0");
	check_pkg(t, &d.cat, "@babel/traverse", "npm", "7.1.0", "@babel/traverse", "7.1.0");
	check_pkg(t, &d.cat, "github.com/gin-gonic/gin", "golang", "v1.9.0",
		  "github.com/gin-gonic/gin", "v1.9.0");
	check_pkg(t, &d.cat, "org.apache.logging.log4j:log4j-core", "maven", "2.14.1",
		  "org.apache.logging.log4j:log4j-core", "2.14.1");
	check_pkg(t, &d.cat, "laravel/framework", "composer", "v10.1.0", "laravel/framework",
		  "v10.1.0");
	check_pkg(t, &d.cat, "serde", "cargo", "1.0.150", "serde", "1.0.150");
	check_pkg(t, &d.cat, "openssl-libs", "rpm", "1:3.0.7-24.el9", "openssl", "1:3.0.7-24.el9");
	check_pkg(t, &d.cat, "bash", "rpm", "5.1.8-6.el9", "bash", "5.1.8-6.el9");
	check_pkg(t, &d.cat, "libcrypto3", "apk", "3.1.4-r1", "openssl", "3.1.4-r1");
	check_pkg(t, &d.cat, "django", "pypi", "4.2", "django", "4.2");
	check_pkg(t, &d.cat, "org.yaml:snakeyaml", "maven", "1.33", "org.yaml:snakeyaml", "1.33");
	if (find(&d.cat, "django"))
		CHECK_STR(t, find(&d.cat, "django")->purl, "pkg:pypi/django@4.2");
	if (find(&d.cat, "openssl-libs"))
		CHECK_STR(t, find(&d.cat, "openssl-libs")->arch, "x86_64");
	CHECK_INT(t, d.cat.npkgs, 13);
	CHECK(t, has_warning(&d.cat, "component 'mystery' skipped: no purl and no package type"));
	CHECK(t, has_warning(&d.cat, "component 'noversion' skipped: no version"));
	CHECK(t, has_warning(&d.cat, "component 'badpurl': invalid purl"));
	CHECK(t, has_warning(&d.cat, "component 'numpurl': purl is not a string"));
	CHECK(t, !has_warning(&d.cat, "package-lock"));
	CHECK_INT(t, d.info.skipped, 4);
	CHECK_STR(t, d.info.name, "inner");
	CHECK_STR(t, d.info.digest, "sha256:abc");
	CHECK_STR(t, d.cat.os.id, "rhel");	/* from distro=rhel-9.3 */
	CHECK_STR(t, d.cat.os.version_id, "9.3");
	CHECK_STR(t, d.cat.os.family, "rhel");
	doc_release(&d);
}

/* --- the OS from purls alone --------------------------------------------- */

static void check_os(struct unit *t, const char *doc, const char *id, const char *version_id,
		     const char *codename)
{
	struct doc d;

	parse_str(&d, doc);
	if (!CHECK_INT(t, d.rc, 0))
		FAILF(t, "%s", cu_err_message(&d.err));
	CHECK_STR(t, d.cat.os.id, id);
	CHECK_STR(t, d.cat.os.version_id, version_id);
	CHECK_STR(t, d.cat.os.codename, codename);
	CHECK_INT(t, d.cat.os.layer, -1);
	doc_release(&d);
}

static void test_os(struct unit *t)
{
	/* Trivy writes Alpine's distro qualifier without the ID */
	check_os(t, "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"type\": \"library\","
		 " \"purl\": \"pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.18.4\"}]}",
		 "alpine", "3.18.4", NULL);
	check_os(t, "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [{\"name\": \"libc6\","
		 " \"versionInfo\": \"2.35-0ubuntu3.6\", \"externalRefs\": [{\"referenceCategory\":"
		 " \"PACKAGE-MANAGER\", \"referenceType\": \"purl\", \"referenceLocator\":"
		 " \"pkg:deb/ubuntu/libc6@2.35-0ubuntu3.6?arch=amd64&distro=ubuntu-22.04\"}]}]}",
		 "ubuntu", "22.04", NULL);
	/* an operating-system component wins over the qualifiers */
	check_os(t, "{\"bomFormat\": \"CycloneDX\", \"components\": ["
		 "{\"type\": \"library\", \"purl\": \"pkg:deb/debian/a@1?distro=debian-11\"},"
		 "{\"type\": \"operating-system\", \"name\": \"Debian\", \"version\": \"12.5\"}]}",
		 "debian", "12.5", "bookworm");
	/* Trivy's OS names are os-release IDs here */
	check_os(t, "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"type\":"
		 " \"operating-system\", \"name\": \"amazon\", \"version\": \"2 (Karoo)\"}]}",
		 "amzn", "2", NULL);
	check_os(t, "SPDXVersion: SPDX-2.2\nPackageName: redhat\nPackageVersion: 9.3\n"
		 "PrimaryPackagePurpose: OPERATING-SYSTEM\n", "rhel", "9.3", NULL);
	check_os(t, "{\"bomFormat\": \"CycloneDX\", \"components\": []}", NULL, NULL, NULL);
}

/* --- customs' own SBOMs -------------------------------------------------- */

static const char customs_doc[] =
	"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"metadata\": {"
	" \"tools\": {\"components\": [{\"name\": \"customs\", \"version\": \"0.1.0\"}]},"
	" \"component\": {\"type\": \"container\", \"name\": \"app\", \"version\": \"latest\","
	"  \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"aa\"}], \"properties\": ["
	"  {\"name\": \"customs:config_digest\", \"value\": \"sha256:cc\"},"
	"  {\"name\": \"customs:architecture\", \"value\": \"arm64\"},"
	"  {\"name\": \"customs:layer:0:digest\", \"value\": \"sha256:l0\"},"
	"  {\"name\": \"customs:layer:0:created_by\", \"value\": \"ADD rootfs\"},"
	"  {\"name\": \"customs:layer:2:diff_id\", \"value\": \"sha256:d2\"}]}},"
	" \"components\": ["
	" {\"type\": \"operating-system\", \"name\": \"debian\", \"version\": \"12\", \"properties\": ["
	"  {\"name\": \"customs:os_codename\", \"value\": \"bookworm\"},"
	"  {\"name\": \"customs:layer_index\", \"value\": \"0\"}]},"
	" {\"type\": \"application\", \"name\": \"tool\", \"properties\": ["
	"  {\"name\": \"customs:location\", \"value\": \"usr/bin/tool\"}]},"
	" {\"type\": \"library\", \"name\": \"python3-yaml\", \"version\": \"6.0-3+b2\","
	"  \"purl\": \"pkg:deb/debian/python3-yaml@6.0-3%2Bb2?arch=amd64&distro=debian-12\","
	"  \"properties\": [{\"name\": \"customs:source_name\", \"value\": \"pyyaml\"},"
	"  {\"name\": \"customs:source_version\", \"value\": \"6.0-3\"},"
	"  {\"name\": \"customs:layer_index\", \"value\": \"1\"},"
	"  {\"name\": \"customs:layer_digest\", \"value\": \"sha256:l1\"},"
	"  {\"name\": \"customs:layer_created_by\", \"value\": \"RUN apt-get install\"}]},"
	" {\"type\": \"library\", \"group\": \"\", \"name\": \"PyYAML\", \"version\": \"6.0\","
	"  \"purl\": \"pkg:pypi/pyyaml@6.0\", \"properties\": ["
	"  {\"name\": \"customs:owner\", \"value\": \"pkg:deb/debian/python3-yaml@6.0-3%2Bb2"
	"?arch=amd64&distro=debian-12\"},"
	"  {\"name\": \"customs:layer_index\", \"value\": \"99999\"},"
	"  {\"name\": \"customs:dev\", \"value\": \"true\"}]}]}";

static void test_customs_properties(struct unit *t)
{
	const struct cu_pkg *deb, *py;
	struct doc d;

	parse_str(&d, customs_doc);
	if (!CHECK_INT(t, d.rc, 0))
		FAILF(t, "%s", cu_err_message(&d.err));
	CHECK_INT(t, d.cat.npkgs, 2);
	CHECK_INT(t, d.cat.nwarnings, 0);
	deb = find(&d.cat, "python3-yaml");
	py = find(&d.cat, "pyyaml");
	if (!CHECK(t, deb && py))
		goto out;
	CHECK_STR(t, deb->source_name, "pyyaml");
	CHECK_STR(t, deb->source_version, "6.0-3");
	CHECK_INT(t, deb->layer, 1);
	CHECK(t, py->owner == deb);
	CHECK(t, py->dev);
	CHECK_INT(t, py->layer, -1);	/* out of range */
	CHECK_STR(t, d.info.digest, "sha256:aa");
	CHECK_STR(t, d.info.config_digest, "sha256:cc");
	CHECK_STR(t, d.info.architecture, "arm64");
	CHECK_STR(t, d.info.tool, "customs 0.1.0");
	CHECK_INT(t, d.cat.os.layer, 0);
	CHECK_STR(t, d.cat.os.codename, "bookworm");
	if (CHECK_INT(t, d.info.nlayers, 3)) {
		CHECK_STR(t, d.info.layers[0].digest, "sha256:l0");
		CHECK_STR(t, d.info.layers[0].created_by, "ADD rootfs");
		CHECK_STR(t, d.info.layers[1].digest, "sha256:l1");
		CHECK_STR(t, d.info.layers[1].created_by, "RUN apt-get install");
		CHECK_STR(t, d.info.layers[2].diff_id, "sha256:d2");
		CHECK(t, d.info.layers[2].digest == NULL);
	}
out:
	doc_release(&d);
}

static void test_spdx_ownership(struct unit *t)
{
	static const char doc[] =
		"{\"spdxVersion\": \"SPDX-2.3\", \"packages\": ["
		"{\"SPDXID\": \"SPDXRef-a\", \"name\": \"python3-yaml\", \"versionInfo\": \"6.0-3\","
		" \"externalRefs\": [{\"referenceType\": \"purl\", \"referenceLocator\":"
		" \"pkg:deb/debian/python3-yaml@6.0-3\"}]},"
		"{\"SPDXID\": \"SPDXRef-b\", \"name\": \"PyYAML\", \"versionInfo\": \"6.0\","
		" \"externalRefs\": [{\"referenceType\": \"purl\", \"referenceLocator\": 7},"
		" {\"referenceType\": \"purl\", \"referenceLocator\": \"pkg:pypi/pyyaml@6.0\"}],"
		" \"annotations\": [{\"comment\": \"customs:layer_index: 2\"},"
		" {\"comment\": \"PkgType: pip\"}, {\"comment\": 3}]}],"
		"\"relationships\": [{\"spdxElementId\": \"SPDXRef-a\", \"relationshipType\": \"OTHER\","
		" \"relatedSpdxElement\": \"SPDXRef-b\", \"comment\": \"ownership-by-file-overlap: x\"},"
		" {\"spdxElementId\": \"SPDXRef-b\", \"relationshipType\": \"OTHER\","
		" \"relatedSpdxElement\": \"SPDXRef-nothing\", \"comment\": \"ownership-by-file-overlap\"}]}";
	struct doc d;
	const struct cu_pkg *py;

	parse_str(&d, doc);
	CHECK_INT(t, d.rc, 0);
	py = find(&d.cat, "pyyaml");
	if (CHECK(t, py != NULL)) {
		CHECK(t, py->owner == find(&d.cat, "python3-yaml"));
		CHECK_INT(t, py->layer, 2);
	}
	doc_release(&d);
}

/* --- hostile documents --------------------------------------------------- */

static void expect_error(struct unit *t, const char *text, size_t len, int code,
			 const char *message)
{
	struct doc d;

	parse_text(&d, text, len);
	if (!CHECK_INT(t, d.rc, code))
		FAILF(t, "document: %.80s", text);
	if (message && !CHECK(t, strstr(cu_err_message(&d.err), message) != NULL))
		FAILF(t, "message: %s", cu_err_message(&d.err));
	doc_release(&d);
}

static void expect_err(struct unit *t, const char *text, int code, const char *message)
{
	expect_error(t, text, strlen(text), code, message);
}

static void test_malformed(struct unit *t)
{
	expect_err(t, "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"type\"", CU_EFORMAT,
		   "is not valid JSON");
	expect_err(t, "", CU_EFORMAT, "is not a CycloneDX or SPDX document");
	expect_err(t, "[1, 2]", CU_EFORMAT, "is not a CycloneDX or SPDX document");
	expect_err(t, "{\"a\": 1}", CU_EFORMAT, "no \"bomFormat\" or \"spdxVersion\"");
	expect_err(t, "{\"bomFormat\": 7}", CU_EFORMAT, "is not a CycloneDX document");
	expect_err(t, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"2.0\"}",
		   CU_EUNSUPPORTED, "CycloneDX 2.0 is not supported");
	expect_err(t, "{\"bomFormat\": \"CycloneDX\", \"components\": {}}", CU_EFORMAT,
		   "\"components\" is not an array");
	expect_err(t, "{\"bomFormat\": \"CycloneDX\", \"components\": [{}, 1, \"x\"]}",
		   CU_EFORMAT, "component 2 is not an object");
	expect_err(t, "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"components\": 5}]}",
		   CU_EFORMAT, "\"components\" is not an array");
	expect_err(t, "{\"spdxVersion\": \"SPDX-3.0\"}", CU_EUNSUPPORTED, "SPDX 3");
	expect_err(t, "{\"spdxVersion\": \"2.3\"}", CU_EFORMAT, "not an SPDX 2 document");
	expect_err(t, "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [null]}", CU_EFORMAT,
		   "package 1 is not an object");
	expect_err(t, "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": 1}", CU_EFORMAT,
		   "\"packages\" is not an array");
	expect_err(t, "SPDXVersion: SPDX-3.0\n", CU_EUNSUPPORTED, "SPDX 3");
	expect_err(t, "{\"bomFormat\": \"CycloneDX\"} trailing", CU_EFORMAT, "is not valid JSON");
	/* JSON does not smuggle NUL bytes into names */
	expect_err(t, "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"type\": \"library\","
		   " \"name\": \"a\\u0000b\", \"purl\": \"pkg:npm/a\\u0000b@1\"}]}",
		   CU_EFORMAT, "is not valid JSON");
}

/* "[[[[...]]]]" and components nested too deep. */
static void test_depth(struct unit *t)
{
	struct cu_buf b = CU_BUF_INIT;

	cu_buf_addstr(&b, "{\"bomFormat\": \"CycloneDX\", \"components\": ");
	for (int i = 0; i < 100000; i++)
		cu_buf_addch(&b, '[');
	expect_error(t, b.buf, b.len, CU_EFORMAT, "is not valid JSON");
	cu_buf_reset(&b);
	cu_buf_addstr(&b, "{\"bomFormat\": \"CycloneDX\", \"components\": [");
	for (int i = 0; i < CU_CAP_SBOM_DEPTH + 2; i++)
		cu_buf_addstr(&b, "{\"type\": \"library\", \"purl\": \"pkg:npm/a@1\", \"components\": [");
	for (int i = 0; i < CU_CAP_SBOM_DEPTH + 2; i++)
		cu_buf_addstr(&b, "]}");
	cu_buf_addstr(&b, "]}");
	expect_error(t, b.buf, b.len, CU_ETOOBIG, "components nested more than");
	cu_buf_release(&b);
}

static void test_counts(struct unit *t)
{
	struct cu_buf b = CU_BUF_INIT;
	struct doc d;

	cu_buf_init(&b, 0);
	cu_buf_addstr(&b, "{\"bomFormat\": \"CycloneDX\", \"components\": [");
	for (int i = 0; i <= CU_CAP_SBOM_ENTRIES; i++)
		cu_buf_addstr(&b, i ? ",{}" : "{}");
	cu_buf_addstr(&b, "]}");
	expect_error(t, b.buf, b.len, CU_ETOOBIG, "describes more than");
	/* many packages, each with too many properties, and a huge purl */
	cu_buf_reset(&b);
	cu_buf_addstr(&b, "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"purl\": \"pkg:npm/x@");
	for (int i = 0; i < 70000; i++)
		cu_buf_addch(&b, '1');
	cu_buf_addstr(&b, "\", \"name\": \"huge\", \"properties\": [");
	for (int i = 0; i < 2 * CU_CAP_SBOM_PROPERTIES; i++)
		cu_buf_addf(&b, "%s{\"name\": \"p%d\", \"value\": \"v\"}", i ? "," : "", i);
	cu_buf_addstr(&b, "]}]}");
	parse_text(&d, b.buf, b.len);
	CHECK_INT(t, d.rc, 0);
	CHECK_INT(t, d.cat.npkgs, 0);
	CHECK(t, has_warning(&d.cat, "component 'huge'"));
	doc_release(&d);
	cu_buf_release(&b);
}

static void test_tag_value_edges(struct unit *t)
{
	static const char doc[] =
		"SPDXVersion: SPDX-2.2\n"
		"this line is not a tag\n"
		"PackageName: zlib\n"
		"SPDXID: SPDXRef-zlib\n"
		"PackageVersion: 1.3-r2\n"
		"ExternalRef: PACKAGE-MANAGER   purl   pkg:apk/alpine/zlib@1.3-r2?distro=alpine-3.19.1\n"
		"PackageComment: <text>one</text> trailing\n"
		"FileName: ./lib/libz.so\n"
		"PackageVersion: 9.9\n"
		"PackageName: unterminated\n"
		"PackageDescription: <text>runs to the end\n"
		"PackageVersion: 1\n";
	struct doc d;

	parse_str(&d, doc);
	CHECK_INT(t, d.rc, 0);
	CHECK_INT(t, d.cat.npkgs, 1);
	if (find(&d.cat, "zlib"))
		CHECK_STR(t, find(&d.cat, "zlib")->version, "1.3-r2");
	CHECK_STR(t, d.cat.os.id, "alpine");
	CHECK_STR(t, d.cat.os.version_id, "3.19.1");
	CHECK(t, has_warning(&d.cat, "1 lines that are not"));
	CHECK(t, has_warning(&d.cat, "package 'unterminated' skipped: no purl"));
	doc_release(&d);
}

const struct unit_test sbom_tests[] = {
	{ "sbom/sniff", test_sniff },
	{ "sbom/syft-cyclonedx", test_syft_cyclonedx },
	{ "sbom/trivy-cyclonedx", test_trivy_cyclonedx },
	{ "sbom/syft-spdx-json", test_syft_spdx },
	{ "sbom/trivy-spdx-tag-value", test_trivy_tag_value },
	{ "sbom/examples", test_examples },
	{ "sbom/example-warnings", test_example_warnings },
	{ "sbom/cyclonedx-1.6-vectors", test_cyclonedx_16_vectors },
	{ "sbom/names", test_names },
	{ "sbom/os", test_os },
	{ "sbom/customs-properties", test_customs_properties },
	{ "sbom/spdx-ownership", test_spdx_ownership },
	{ "sbom/malformed", test_malformed },
	{ "sbom/depth", test_depth },
	{ "sbom/counts", test_counts },
	{ "sbom/tag-value-edges", test_tag_value_edges },
	{ NULL, NULL },
};
