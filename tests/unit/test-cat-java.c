/*
 * test-cat-java.c - the java, ruby, php and dotnet catalogers.
 *
 * Java archives are built here with libarchive's zip writer (deflated or
 * stored, nested, shaded, corrupt, bombs) and streamed through the capture
 * policy as a layer would; the other ecosystems read their files from
 * tests/data/java/.
 */
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "catalog/catalog.h"
#include "catalog/java.h"
#include "common.h"
#include "fsview/build.h"
#include "image/layer.h"
#include "unit.h"

struct fixture {
	struct cu_fsview view;
	struct cu_catalogers cs;
	struct cu_capture_policy pol;
	struct cu_catalog cat;
};

static void fx_init(struct fixture *f)
{
	cu_fsview_init(&f->view);
	cu_catalogers_init(&f->cs);
	cu_catalogers_policy(&f->cs, &f->pol);
	cu_catalog_init(&f->cat);
}

static void fx_release(struct fixture *f)
{
	cu_catalog_release(&f->cat);
	cu_catalogers_release(&f->cs);
	cu_fsview_release(&f->view);
}

/* Add a file as a layer would: stream it and keep it as the policy asks. */
static void add_bytes(struct fixture *f, int layer, const char *path, const void *data,
		      size_t len)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };
	struct cu_content *c = NULL;
	unsigned want;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = len;
	if (cu_fsview_apply(&f->view, layer, &e, &n, &err) || !n)
		return;
	want = f->pol.want(f->pol.ctx, layer, cu_span_str(path), &e);
	if (!want)
		return;
	for (size_t off = 0; (want & CU_WANT_STREAM) && off < len; off += 65536) {
		size_t chunk = len - off < 65536 ? len - off : 65536;

		if (f->pol.data(f->pol.ctx, (const char *)data + off, chunk, &err))
			break;
	}
	if (want & CU_WANT_KEEP) {
		c = cu_content_new(cu_span_make(data, len), false);
		cu_fsview_set_content(&f->view, n, c, &err);
	}
	f->pol.end(f->pol.ctx, layer, cu_span_str(path), c, true, &err);
}

static void add_text(struct fixture *f, int layer, const char *path, const char *text)
{
	add_bytes(f, layer, path, text, strlen(text));
}

static void add_data_file(struct unit *t, struct fixture *f, int layer, const char *path,
			  const char *rel)
{
	size_t len;
	char *data = unit_read_file(unit_data_path(rel), &len);

	if (!CHECK(t, data != NULL))
		return;
	add_bytes(f, layer, path, data, len);
	free(data);
}

static void whiteout(struct fixture *f, int layer, const char *path)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	cu_fsview_apply(&f->view, layer, &e, &n, &err);
}

static int run(struct fixture *f)
{
	struct cu_err err = { 0 };

	return cu_catalogers_run(&f->cs, &f->cat, &f->view, &err);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *name,
				 const char *location)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (!strcmp(cat->pkgs[i]->name, name) &&
		    (!location || !strcmp(cat->pkgs[i]->location, location)))
			return cat->pkgs[i];
	return NULL;
}

static size_t count_type(const struct cu_catalog *cat, const char *type)
{
	size_t n = 0;

	for (size_t i = 0; i < cat->npkgs; i++)
		n += !strcmp(cat->pkgs[i]->type, type);
	return n;
}

static bool warned(const struct cu_catalog *cat, const char *part)
{
	for (size_t i = 0; i < cat->nwarnings; i++)
		if (strstr(cat->warnings[i], part))
			return true;
	return false;
}

/* --- building zip archives ------------------------------------------------ */

struct zentry {
	const char *name;
	const void *data;	/* NULL: `len` zero bytes */
	size_t len;
};

static la_ssize_t zip_write(struct archive *a, void *ctx, const void *buf, size_t len)
{
	return cu_buf_add(ctx, buf, len) ? -1 : (la_ssize_t)len;
}

static void zip_add(struct archive *a, const struct zentry *z)
{
	static const char zeros[65536];
	struct archive_entry *e = archive_entry_new();
	size_t len = z->len;

	archive_entry_set_pathname(e, z->name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_write_header(a, e);
	if (z->data) {
		archive_write_data(a, z->data, len);
	} else {
		for (size_t off = 0; off < len; off += sizeof(zeros))
			archive_write_data(a, zeros, len - off < sizeof(zeros) ? len - off : sizeof(zeros));
	}
	archive_entry_free(e);
}

/* A zip of the entries, stored (as Spring Boot stores its libs) or deflated. */
static struct cu_buf make_zip(const struct zentry *entries, size_t n, bool store)
{
	struct cu_buf out = CU_BUF_INIT;
	struct archive *a = archive_write_new();

	archive_write_set_format_zip(a);
	archive_write_set_bytes_in_last_block(a, 1);	/* no padding after the zip */
	if (store)
		archive_write_zip_set_compression_store(a);
	else
		archive_write_zip_set_compression_deflate(a);
	archive_write_open(a, &out, NULL, zip_write, NULL);
	for (size_t i = 0; i < n; i++)
		zip_add(a, &entries[i]);
	archive_write_close(a);
	archive_write_free(a);
	return out;
}

#define POM(g, a, v) "#Generated by Maven\n#Tue Mar 09 12:00:00 UTC 2021\n" \
	"version=" v "\ngroupId=" g "\nartifactId=" a "\n"
#define TXT(name, text) { name, text, sizeof(text) - 1 }
#define BUF(name, b) { name, (b).buf, (b).len }

static const char manifest_plain[] = "Manifest-Version: 1.0\r\nCreated-By: Maven\r\n\r\n";

/* --- java ----------------------------------------------------------------- */

/* SHA-1 of bytes as hex, computed here the plain way. */
static const char *sha1_of(const struct cu_buf *b, char out[41])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(b->buf, b->len, md, &n, EVP_sha1(), NULL);
	for (unsigned i = 0; i < n && i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return out;
}

static const char *pkg_sha1(const struct cu_pkg *p)
{
	return p ? cu_pkg_hash(p, "SHA-1") : NULL;
}

static void test_java_pom(struct unit *t)
{
	struct zentry ents[] = {
		TXT("META-INF/MANIFEST.MF", manifest_plain),
		TXT("META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
		    POM("org.apache.logging.log4j", "log4j-core", "2.14.1")),
		TXT("org/apache/logging/log4j/core/Logger.class", "\xca\xfe\xba\xbe"),
	};
	struct cu_buf jar = make_zip(ents, CU_ARRAY_SIZE(ents), false);
	struct fixture f;
	const struct cu_pkg *p;
	char sha1[41];

	fx_init(&f);
	add_bytes(&f, 1, "opt/app/lib/log4j-core-2.14.1.jar", jar.buf, jar.len);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 1);
	p = find(&f.cat, "org.apache.logging.log4j:log4j-core", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "2.14.1");
		CHECK_STR(t, p->type, "maven");
		CHECK_STR(t, p->purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
		CHECK_STR(t, p->found_by, "java-pom-properties");
		CHECK_STR(t, p->location, "opt/app/lib/log4j-core-2.14.1.jar");
		CHECK_STR(t, p->cataloger, "java");
		CHECK_STR(t, p->source_name, p->name);
		CHECK_INT(t, p->layer, 1);
		/* the file name repeats artifact and version: the archive is its own */
		CHECK_STR(t, pkg_sha1(p), sha1_of(&jar, sha1));
		CHECK_INT(t, p->nhashes, 1);
	}
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
	cu_buf_release(&jar);
}

/* Spring Boot: the app's own pom, libraries stored in BOOT-INF/lib. */
static void test_java_fat_jar(struct unit *t)
{
	struct zentry jackson_ents[] = {
		TXT("META-INF/MANIFEST.MF", manifest_plain),
		TXT("META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties",
		    POM("com.fasterxml.jackson.core", "jackson-databind", "2.9.8")),
	};
	struct zentry spring_ents[] = {
		TXT("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nImplementation-Title: "
		    "spring-core\r\nImplementation-Version: 5.3.20\r\nAutomatic-Module-Name: sp\r\n"
		    " ring.core\r\n\r\n"),
	};
	struct cu_buf jackson = make_zip(jackson_ents, 2, false);
	struct cu_buf spring = make_zip(spring_ents, 1, false);
	struct zentry fat_ents[] = {
		TXT("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: org.springframework"
		    ".boot.loader.JarLauncher\r\nStart-Class: com.example.Demo\r\n\r\n"),
		TXT("META-INF/maven/com.example/demo/pom.properties",
		    POM("com.example", "demo", "0.0.1-SNAPSHOT")),
		TXT("BOOT-INF/classes/com/example/Demo.class", "\xca\xfe\xba\xbe"),
		BUF("BOOT-INF/lib/jackson-databind-2.9.8.jar", jackson),
		BUF("BOOT-INF/lib/spring-core-5.3.20.jar", spring),
	};
	struct cu_buf fat = make_zip(fat_ents, CU_ARRAY_SIZE(fat_ents), true);
	struct fixture f;
	const struct cu_pkg *p;
	char sha1[41];

	fx_init(&f);
	add_bytes(&f, 0, "app/app.jar", fat.buf, fat.len);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 3);
	p = find(&f.cat, "com.example:demo", "app/app.jar");
	CHECK(t, p && !strcmp(p->version, "0.0.1-SNAPSHOT"));
	CHECK(t, p && p->nhashes == 0);		/* app.jar is not named after it */
	p = find(&f.cat, "com.fasterxml.jackson.core:jackson-databind", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "2.9.8");
		CHECK_STR(t, p->location, "app/app.jar!/BOOT-INF/lib/jackson-databind-2.9.8.jar");
		CHECK_STR(t, p->purl, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8");
		CHECK_INT(t, p->layer, 0);
		CHECK_STR(t, pkg_sha1(p), sha1_of(&jackson, sha1));	/* the nested archive */
	}
	p = find(&f.cat, "org.springframework:spring-core", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "5.3.20");
		CHECK_STR(t, p->found_by, "java-manifest");
		CHECK_STR(t, p->location, "app/app.jar!/BOOT-INF/lib/spring-core-5.3.20.jar");
		CHECK_STR(t, pkg_sha1(p), sha1_of(&spring, sha1));
	}
	fx_release(&f);
	cu_buf_release(&jackson);
	cu_buf_release(&spring);
	cu_buf_release(&fat);
}

/* A shaded jar keeps its dependencies' pom.properties; a copy counts once. */
static void test_java_shaded(struct unit *t)
{
	struct zentry ents[] = {
		TXT("META-INF/maven/com.example/tool/pom.properties",
		    POM("com.example", "tool", "3.1")),
		TXT("META-INF/maven/com.google.guava/guava/pom.properties",
		    "# comment\n! other comment\n  groupId : com.google.guava\n"
		    "artifactId=guava\r\nversion = 31.1-jre\n"),
		TXT("WEB-INF/classes/META-INF/maven/com.example/tool/pom.properties",
		    POM("com.example", "tool", "3.1")),
		TXT("META-INF/maven/com.example/broken/pom.properties", "groupId=com.example\n"),
		TXT("META-INF/maven/org.example/frompath/pom.properties",
		    "groupId=not a group\nversion=2.0\n"),
	};
	struct cu_buf jar = make_zip(ents, CU_ARRAY_SIZE(ents), false);
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add_bytes(&f, 0, "usr/local/bin/tool-all.jar", jar.buf, jar.len);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 3);
	CHECK(t, find(&f.cat, "com.example:tool", NULL) != NULL);
	p = find(&f.cat, "com.google.guava:guava", NULL);
	CHECK(t, p && !strcmp(p->version, "31.1-jre"));
	/* shaded: the archive is none of these packages' own */
	for (size_t i = 0; i < f.cat.npkgs; i++)
		CHECK_INT(t, f.cat.pkgs[i]->nhashes, 0);
	p = find(&f.cat, "org.example:frompath", NULL);
	CHECK(t, p && !strcmp(p->version, "2.0"));
	CHECK(t, warned(&f.cat, "com.example/broken/pom.properties: no usable"));
	fx_release(&f);
	cu_buf_release(&jar);
}

/* No pom.properties: the manifest, then the file name. */
static void test_java_manifest_and_name(struct unit *t)
{
	struct zentry manifest_ents[] = {
		TXT("META-INF/MANIFEST.MF",
		    "Manifest-Version: 1.0\r\nBundle-SymbolicName: org.apache.logging.log4j.ap\r\n"
		    " i;singleton:=true\r\nBundle-Name: log4j-api\r\nBundle-Version: 2.17.1\r\n"
		    "\r\nName: org/apache/\r\nImplementation-Version: 9.9\r\n\r\n"),
	};
	struct zentry bare_ents[] = { TXT("a/B.class", "x") };
	struct cu_buf with_manifest = make_zip(manifest_ents, 1, false);
	struct cu_buf bare = make_zip(bare_ents, 1, false);
	struct fixture f;
	const struct cu_pkg *p;
	char sha1[41];

	fx_init(&f);
	add_bytes(&f, 0, "opt/a/whatever.jar", with_manifest.buf, with_manifest.len);
	add_bytes(&f, 0, "opt/a/netty-codec-4.1.72.Final.jar", bare.buf, bare.len);
	add_bytes(&f, 0, "opt/a/guava-31.1-jre.jar", bare.buf, bare.len);
	add_bytes(&f, 0, "opt/a/noversion.war", bare.buf, bare.len);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 3);
	p = find(&f.cat, "org.apache.logging.log4j:log4j-api", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "2.17.1");
		CHECK_STR(t, p->found_by, "java-manifest");
		CHECK_STR(t, pkg_sha1(p), sha1_of(&with_manifest, sha1));
	}
	p = find(&f.cat, "netty-codec", NULL);	/* no group known */
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "4.1.72.Final");
		CHECK_STR(t, p->found_by, "java-filename");
		CHECK(t, p->purl == NULL);
		CHECK_STR(t, pkg_sha1(p), sha1_of(&bare, sha1));
	}
	p = find(&f.cat, "com.google.guava:guava", NULL);
	CHECK(t, p && !strcmp(p->version, "31.1-jre") && p->purl != NULL);
	fx_release(&f);
	cu_buf_release(&with_manifest);
	cu_buf_release(&bare);
}

static void check_fallback(struct unit *t, const char *manifest, const char *path,
			   const char *want_group, const char *want_artifact,
			   const char *want_version, const char *want_found_by)
{
	struct cu_java_manifest m;
	struct cu_java_ident id;
	bool ok = cu_java_fallback_ident(cu_span_str(manifest), cu_span_str(path), &m, &id);
	char got[512], want[512];

	if (!want_artifact) {
		CHECK(t, !ok);
		return;
	}
	snprintf(got, sizeof(got), "%.*s|%.*s|%.*s|%s", (int)id.group.len, id.group.ptr,
		 (int)id.artifact.len, id.artifact.ptr, (int)id.version.len, id.version.ptr,
		 id.found_by);
	if (!CHECK(t, ok))
		return;
	snprintf(want, sizeof(want), "%s|%s|%s|%s", want_group, want_artifact, want_version,
		 want_found_by);
	CHECK_STR(t, got, want);
}

static void test_java_meta(struct unit *t)
{
	struct cu_java_ident id = { 0 };

	check_fallback(t, "Implementation-Title: jackson-databind\nImplementation-Version: 2.9.8\n"
		       "Bundle-SymbolicName: com.fasterxml.jackson.core.jackson-databind\n",
		       "x.jar", "com.fasterxml.jackson.core", "jackson-databind", "2.9.8",
		       "java-manifest");
	check_fallback(t, "Implementation-Title: Apache Log4j Core\nImplementation-Version: 2.14.1\n"
		       "Implementation-Vendor-Id: org.apache.logging.log4j\n",
		       "lib/log4j-core.jar", "org.apache.logging.log4j", "log4j-core", "2.14.1",
		       "java-manifest");
	check_fallback(t, "Bundle-Name: mylib\nBundle-Version: 1.0.0.v2020\n"
		       "Bundle-SymbolicName: org.example.mylib\n", "a.jar", "org.example",
		       "mylib", "1.0.0.v2020", "java-manifest");
	check_fallback(t, "Implementation-Title: commons-io\nImplementation-Version: 2.11.0\n"
		       "Implementation-Vendor-Id: org.apache\n", "a.jar", "commons-io",
		       "commons-io", "2.11.0", "java-manifest");
	check_fallback(t, "Implementation-Version: ${project.version}\n", "lib/foo-bar-1.2.3.jar",
		       "", "foo-bar", "1.2.3", "java-filename");
	check_fallback(t, "", "x/log4j-1.2.17.jar", "log4j", "log4j", "1.2.17", "java-filename");
	check_fallback(t, "", "x/app.jar", "", NULL, NULL, NULL);
	check_fallback(t, "Implementation-Version: 1.0\n", "x/app.jar", "", "app", "1.0",
		       "java-manifest");

	CHECK(t, cu_java_pom_path(cu_span_str("META-INF/maven/g/a/pom.properties"), &id));
	CHECK(t, cu_span_eq_str(id.group, "g") && cu_span_eq_str(id.artifact, "a"));
	CHECK(t, !cu_java_pom_path(cu_span_str("META-INF/maven/g/a/b/pom.properties"), &id));
	CHECK(t, !cu_java_pom_path(cu_span_str("XMETA-INF/maven/g/a/pom.properties"), &id));
	CHECK(t, !cu_java_pom_path(cu_span_str("META-INF/maven/g/pom.properties"), &id));
	CHECK(t, cu_java_archive_name(cu_span_str("a/b.JAR")));
	CHECK(t, cu_java_archive_name(cu_span_str("plugin.hpi")));
	CHECK(t, !cu_java_archive_name(cu_span_str("a.jar.sha1")));
	CHECK(t, !cu_java_archive_name(cu_span_str("jar")));
}

/* Broken archives are warned about and skipped; good ones still count. */
static void test_java_corrupt(struct unit *t)
{
	struct zentry ents[] = {
		TXT("META-INF/maven/org.example/good/pom.properties",
		    POM("org.example", "good", "1.0")),
		{ "padding.bin", NULL, 4096 },
	};
	struct cu_buf jar = make_zip(ents, CU_ARRAY_SIZE(ents), false);
	struct cu_buf stored = make_zip(ents, CU_ARRAY_SIZE(ents), true);
	struct zentry esc_ents[] = { BUF("lib/\x1b[31m\xff.jar", jar) };
	struct cu_buf esc = make_zip(esc_ents, 1, true);
	struct cu_buf broken = CU_BUF_INIT, garbage = CU_BUF_INIT;
	char *text = memmem(stored.buf, stored.len, "artifactId=good", 15);
	struct fixture f;

	/* a local header is damaged; a stored entry no longer matches its CRC */
	cu_buf_add(&broken, jar.buf, jar.len);
	for (size_t i = 60; i < 80 && i < broken.len; i++)
		broken.buf[i] = (char)0xff;
	if (CHECK(t, text != NULL))
		memcpy(text, "artifactId=evil", 15);
	for (int i = 0; i < 500; i++)
		cu_buf_addch(&garbage, (char)(i * 7 + 3));
	fx_init(&f);
	add_bytes(&f, 0, "a/good.jar", jar.buf, jar.len);
	add_bytes(&f, 0, "a/text.jar", "not a zip at all", 16);
	add_bytes(&f, 0, "a/garbage.ear", garbage.buf, garbage.len);
	add_bytes(&f, 0, "a/half-1.0.jar", jar.buf, jar.len / 2);
	add_bytes(&f, 0, "a/damaged.jar", broken.buf, broken.len);
	add_bytes(&f, 0, "a/empty.jar", "", 0);
	add_bytes(&f, 0, "a/crc.jar", stored.buf, stored.len);
	add_bytes(&f, 0, "a/esc.jar", esc.buf, esc.len);
	CHECK_INT(t, run(&f), 0);
	CHECK(t, find(&f.cat, "org.example:good", "a/good.jar") != NULL);
	CHECK(t, warned(&f.cat, "a/text.jar: not a zip archive"));
	CHECK(t, warned(&f.cat, "a/garbage.ear: not a zip archive"));
	CHECK(t, warned(&f.cat, "a/half-1.0.jar: not a zip archive"));
	CHECK(t, warned(&f.cat, "a/damaged.jar"));
	CHECK(t, !find(&f.cat, "org.example:good", "a/damaged.jar"));
	CHECK(t, warned(&f.cat, "a/crc.jar!/META-INF/maven/org.example/good/pom.properties: "
			"cannot read entry"));
	CHECK(t, !find(&f.cat, "org.example:evil", NULL));
	CHECK(t, find(&f.cat, "org.example:good", "a/esc.jar!/lib/?[31m\xff.jar") == NULL);
	CHECK(t, find(&f.cat, "org.example:good", "a/esc.jar!/lib/?[31m?.jar") != NULL);
	fx_release(&f);
	cu_buf_release(&jar);
	cu_buf_release(&stored);
	cu_buf_release(&esc);
	cu_buf_release(&broken);
	cu_buf_release(&garbage);
}

/* Zip bombs: a nested archive past its cap, inflated bytes past theirs. */
static void test_java_bomb(struct unit *t)
{
	struct zentry big_ents[] = {
		{ "BOOT-INF/lib/huge.jar", NULL, CU_JAVA_MAX_NESTED + 1 },
		TXT("META-INF/maven/org.example/bomb/pom.properties",
		    POM("org.example", "bomb", "1.0")),
	};
	struct zentry many_ents[9];
	char names[9][32];
	struct cu_buf big = make_zip(big_ents, CU_ARRAY_SIZE(big_ents), false);
	struct cu_buf many;
	struct fixture f;

	for (int i = 0; i < 9; i++) {
		snprintf(names[i], sizeof(names[i]), "lib/part%d.jar", i);
		many_ents[i] = (struct zentry){ names[i], NULL, 60 * 1024 * 1024 };
	}
	many = make_zip(many_ents, 9, false);
	CHECK(t, big.len < 1024 * 1024 && many.len < 2 * 1024 * 1024);
	fx_init(&f);
	add_bytes(&f, 0, "bomb.jar", big.buf, big.len);
	add_bytes(&f, 0, "many.jar", many.buf, many.len);
	CHECK_INT(t, run(&f), 0);
	CHECK(t, find(&f.cat, "org.example:bomb", NULL) != NULL);
	CHECK(t, warned(&f.cat, "bomb.jar!/BOOT-INF/lib/huge.jar: nested archive larger than"));
	CHECK(t, warned(&f.cat, "many.jar: more than 536870912 bytes to inflate"));
	fx_release(&f);
	cu_buf_release(&big);
	cu_buf_release(&many);
}

/* Archives in archives in archives: the walk stops below CU_JAVA_MAX_DEPTH. */
static void test_java_depth(struct unit *t)
{
	struct cu_buf inner = CU_BUF_INIT, outer;
	struct fixture f;
	char pom[128], name[64], loc[512] = "deep.jar";

	for (int level = 6; level >= 0; level--) {
		struct zentry ents[2];

		snprintf(pom, sizeof(pom), POM("org.example", "level%d", "1.%d"), level, level);
		snprintf(name, sizeof(name), "META-INF/maven/org.example/level%d/pom.properties", level);
		ents[0] = (struct zentry){ name, pom, strlen(pom) };
		ents[1] = (struct zentry){ "lib/inner.jar", inner.buf, inner.len };
		outer = make_zip(ents, level == 6 ? 1 : 2, level % 2);
		cu_buf_release(&inner);
		inner = outer;
	}
	fx_init(&f);
	add_bytes(&f, 0, "deep.jar", inner.buf, inner.len);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count_type(&f.cat, "maven"), CU_JAVA_MAX_DEPTH + 1);
	for (int level = 0; level <= CU_JAVA_MAX_DEPTH; level++) {
		snprintf(name, sizeof(name), "org.example:level%d", level);
		CHECK(t, find(&f.cat, name, loc) != NULL);
		snprintf(loc + strlen(loc), sizeof(loc) - strlen(loc), "!/lib/inner.jar");
	}
	CHECK(t, warned(&f.cat, "archive nested more than 4 deep"));
	fx_release(&f);
	cu_buf_release(&inner);
}

/* Results follow the view: replaced and deleted archives, OS-owned ones. */
static void test_java_layers(struct unit *t)
{
	struct zentry v1_ents[] = { TXT("META-INF/maven/g/a/pom.properties", POM("g", "a", "1")) };
	struct zentry v2_ents[] = { TXT("META-INF/maven/g/a/pom.properties", POM("g", "a", "2")) };
	struct cu_buf v1 = make_zip(v1_ents, 1, false), v2 = make_zip(v2_ents, 1, false);
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add_text(&f, 0, "var/lib/dpkg/status", "Package: libfoo-java\nStatus: install ok installed\n"
		 "Version: 1-1\nArchitecture: all\n");
	add_text(&f, 0, "var/lib/dpkg/info/libfoo-java.list", "/usr/share/java/foo.jar\n");
	add_bytes(&f, 0, "usr/share/java/foo.jar", v1.buf, v1.len);
	add_bytes(&f, 0, "opt/replaced.jar", v1.buf, v1.len);
	add_bytes(&f, 1, "opt/replaced.jar", v2.buf, v2.len);
	add_bytes(&f, 0, "opt/deleted.jar", v1.buf, v1.len);
	whiteout(&f, 1, "opt/.wh.deleted.jar");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count_type(&f.cat, "maven"), 2);
	p = find(&f.cat, "g:a", "opt/replaced.jar");
	CHECK(t, p && !strcmp(p->version, "2") && p->layer == 1 && !p->owner);
	p = find(&f.cat, "g:a", "usr/share/java/foo.jar");
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "libfoo-java"));
	CHECK(t, !find(&f.cat, "g:a", "opt/deleted.jar"));
	fx_release(&f);
	cu_buf_release(&v1);
	cu_buf_release(&v2);
}

/* --- ruby ------------------------------------------------------------------ */

static void check_gem(struct unit *t, const struct cu_catalog *cat, const char *name,
		      const char *version, const char *license, const char *purl)
{
	const struct cu_pkg *p = find(cat, name, NULL);

	if (!CHECK(t, p != NULL)) {
		FAILF(t, "gem %s not found", name);
		return;
	}
	CHECK_STR(t, p->version, version);
	CHECK_STR(t, p->license, license);
	CHECK_STR(t, p->purl, purl);
	CHECK_STR(t, p->type, "gem");
	CHECK_STR(t, p->found_by, "ruby-gemspec");
}

static void test_ruby_gemspecs(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add_data_file(t, &f, 0, "usr/local/bundle/specifications/rack-2.2.6.gemspec",
		      "java/gems/rack-2.2.6.gemspec");
	add_data_file(t, &f, 0, "var/lib/gems/2.3.0/specifications/thor-0.19.4.gemspec",
		      "java/gems/thor-0.19.4.gemspec");
	add_data_file(t, &f, 0, "usr/lib/ruby/gems/1.8/specifications/rake-0.8.7.gemspec",
		      "java/gems/rake-0.8.7.gemspec");
	add_data_file(t, &f, 1, "usr/lib/ruby/gems/3.2.0/specifications/default/json-2.6.3.gemspec",
		      "java/gems/json-2.6.3.gemspec");
	add_data_file(t, &f, 0, "app/vendor/bundle/ruby/3.2.0/specifications/nokogiri-1.15.4-x86_64-linux.gemspec",
		      "java/gems/nokogiri-1.15.4-x86_64-linux.gemspec");
	add_data_file(t, &f, 0, "specifications/example-1.0.0.gemspec",
		      "java/gems/example-1.0.0.gemspec");
	add_data_file(t, &f, 0, "x/specifications/stubonly-0.1.0.gemspec",
		      "java/gems/stubonly-0.1.0.gemspec");
	add_data_file(t, &f, 0, "src/myapp/myapp.gemspec", "java/gems/rack-2.2.6.gemspec");
	add_text(&f, 0, "x/specifications/junk.gemspec", "\x01\x02 garbage = \"\n");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count_type(&f.cat, "gem"), 7);
	check_gem(t, &f.cat, "rack", "2.2.6", "MIT", "pkg:gem/rack@2.2.6");
	check_gem(t, &f.cat, "thor", "0.19.4", "MIT", "pkg:gem/thor@0.19.4");
	check_gem(t, &f.cat, "rake", "0.8.7", NULL, "pkg:gem/rake@0.8.7");
	check_gem(t, &f.cat, "json", "2.6.3", "Ruby OR BSD-2-Clause", "pkg:gem/json@2.6.3");
	check_gem(t, &f.cat, "nokogiri", "1.15.4", "MIT",
		  "pkg:gem/nokogiri@1.15.4?platform=x86_64-linux");
	check_gem(t, &f.cat, "example", "1.0.0", "Apache-2.0", "pkg:gem/example@1.0.0");
	check_gem(t, &f.cat, "stubonly", "0.1.0", NULL, "pkg:gem/stubonly@0.1.0");
	p = find(&f.cat, "rack", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->location, "usr/local/bundle/specifications/rack-2.2.6.gemspec");
		CHECK_STR(t, p->description, "A modular Ruby webserver interface.");
		CHECK_STR(t, p->maintainer, "Leah Neukirchen");
		CHECK_STR(t, p->cataloger, "ruby");
	}
	p = find(&f.cat, "thor", NULL);
	CHECK(t, p && p->maintainer && !strcmp(p->maintainer, "Yehuda Katz, Jos\xc3\xa9 Valim"));
	p = find(&f.cat, "nokogiri", NULL);
	CHECK(t, p && p->description && strstr(p->description, "(\xe9\x8b\xb8)"));
	p = find(&f.cat, "example", NULL);
	CHECK(t, p && p->description && !strcmp(p->description, "It's an example"));
	p = find(&f.cat, "json", NULL);
	CHECK(t, p && p->layer == 1);
	CHECK(t, warned(&f.cat, "x/specifications/junk.gemspec: no gem name and version"));
	fx_release(&f);
}

/* Debian's ruby-* packages: the gem belongs to the deb. */
static void test_ruby_debian_owned(struct unit *t)
{
	static const char spec[] = "usr/share/rubygems-integration/all/specifications/rack-2.2.4.gemspec";
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add_text(&f, 0, "var/lib/dpkg/status", "Package: ruby-rack\nStatus: install ok installed\n"
		 "Version: 2.2.4-3\nArchitecture: all\n");
	add_text(&f, 0, "var/lib/dpkg/info/ruby-rack.list",
		 "/usr\n/usr/share/rubygems-integration/all/specifications/rack-2.2.4.gemspec\n");
	add_text(&f, 0, spec, "Gem::Specification.new do |s|\n  s.name = \"rack\"\n"
		 "  s.version = \"2.2.4\"\n  s.licenses = [\"MIT\"]\nend\n");
	CHECK_INT(t, run(&f), 0);
	p = find(&f.cat, "rack", spec);
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "ruby-rack"));
	fx_release(&f);
}

/* --- php ------------------------------------------------------------------- */

static void test_php_installed(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add_data_file(t, &f, 0, "srv/old/vendor/composer/installed.json", "java/installed-v1.json");
	add_data_file(t, &f, 1, "var/www/vendor/composer/installed.json", "java/installed-v2.json");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count_type(&f.cat, "composer"), 6);
	p = find(&f.cat, "monolog/monolog", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "1.27.1");
		CHECK_STR(t, p->purl, "pkg:composer/monolog/monolog@1.27.1");
		CHECK_STR(t, p->license, "MIT");
		CHECK_STR(t, p->found_by, "composer-installed-json");
		CHECK_STR(t, p->location, "srv/old/vendor/composer/installed.json");
		CHECK(t, !p->dev);
	}
	p = find(&f.cat, "psr/log", NULL);
	CHECK(t, p && p->license && !strcmp(p->license, "MIT"));
	p = find(&f.cat, "guzzlehttp/guzzle", NULL);
	CHECK(t, p && !strcmp(p->version, "7.4.4") && p->layer == 1 && !p->dev);
	CHECK_STR(t, p ? cu_pkg_hash(p, "SHA-1") : NULL, "5b7c2f6e0f4a0d6c8f3a1b2e9d8c7f6a5b4c3d2e");
	CHECK_INT(t, find(&f.cat, "monolog/monolog", NULL)->nhashes, 0);
	p = find(&f.cat, "symfony/http-kernel", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "5.4.9");
		CHECK_STR(t, p->purl, "pkg:composer/symfony/http-kernel@v5.4.9");
	}
	p = find(&f.cat, "phpunit/phpunit", NULL);
	CHECK(t, p && p->dev);
	p = find(&f.cat, "doctrine/dual", NULL);
	CHECK(t, p && p->license && !strcmp(p->license, "LGPL-2.1-only OR GPL-3.0-or-later"));
	CHECK(t, warned(&f.cat, "srv/old/vendor/composer/installed.json: package without"));
	fx_release(&f);
}

static void test_php_lock(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add_data_file(t, &f, 0, "app/composer.lock", "java/composer.lock");
	add_data_file(t, &f, 0, "srv/composer.lock", "java/composer.lock");
	add_data_file(t, &f, 0, "srv/vendor/composer/installed.json", "java/installed-v1.json");
	add_text(&f, 0, "bad/vendor/composer/installed.json", "{\"packages\": [");
	add_text(&f, 0, "odd/vendor/composer/installed.json", "{\"dev\": true}");
	CHECK_INT(t, run(&f), 0);
	p = find(&f.cat, "laravel/framework", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->location, "app/composer.lock");
		CHECK_STR(t, p->found_by, "composer-lock");
		CHECK_STR(t, p->version, "8.83.27");
		CHECK(t, !p->dev);
	}
	p = find(&f.cat, "mockery/mockery", NULL);
	CHECK(t, p && p->dev);
	/* srv/composer.lock is superseded by srv/vendor/composer/installed.json */
	CHECK(t, !find(&f.cat, "laravel/framework", "srv/composer.lock"));
	CHECK(t, find(&f.cat, "monolog/monolog", "srv/vendor/composer/installed.json") != NULL);
	CHECK(t, warned(&f.cat, "bad/vendor/composer/installed.json is not valid JSON"));
	CHECK(t, warned(&f.cat, "odd/vendor/composer/installed.json: no \"packages\" list"));
	fx_release(&f);
}

/* --- dotnet ------------------------------------------------------------------ */

static void test_dotnet_deps(struct unit *t)
{
	static const char shared[] =
		"usr/share/dotnet/shared/Microsoft.NETCore.App/6.0.25/Microsoft.NETCore.App.deps.json";
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add_data_file(t, &f, 0, "app/app.deps.json", "java/app.deps.json");
	add_data_file(t, &f, 0, shared, "java/Microsoft.NETCore.App.deps.json");
	add_text(&f, 0, "app/broken.deps.json", "{\"libraries\": {\"A/1\": ");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count_type(&f.cat, "nuget"), 5);
	p = find(&f.cat, "Newtonsoft.Json", NULL);
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "12.0.1");
		CHECK_STR(t, p->purl, "pkg:nuget/Newtonsoft.Json@12.0.1");
		CHECK_STR(t, p->found_by, "dotnet-deps-json");
		CHECK_STR(t, p->location, "app/app.deps.json");
		CHECK_STR(t, p->cataloger, "dotnet");
		CHECK_STR(t, cu_pkg_hash(p, "SHA-512"),
			  "a41477c028185991a26990d83fe1c76276a55673c99693f5ab9e6abd56fe69da"
			  "c31e614c0dcd4d00a8a8eb5c53c1fb4adcfc3987b4d924f24411531deadcbcae");
	}
	CHECK_INT(t, find(&f.cat, "Microsoft.NETCore.App", shared)->nhashes, 0);	/* "sha512": "" */
	CHECK(t, find(&f.cat, "Serilog", NULL) != NULL);
	CHECK(t, !find(&f.cat, "app", NULL) && !find(&f.cat, "MyLib", NULL) &&
		 !find(&f.cat, "System.Something", NULL));
	p = find(&f.cat, "Microsoft.NETCore.App.Runtime.linux-x64", "app/app.deps.json");
	CHECK(t, p && !strcmp(p->version, "6.0.25"));
	p = find(&f.cat, "Microsoft.NETCore.App.Runtime.linux-x64", shared);
	CHECK(t, p && !strcmp(p->version, "6.0.25"));
	p = find(&f.cat, "Microsoft.NETCore.App", shared);
	CHECK(t, p && !strcmp(p->version, "6.0.25") &&
		 !strcmp(p->found_by, "dotnet-shared-framework"));
	CHECK(t, warned(&f.cat, "app/app.deps.json: libraries that are not NuGet ids and versions skipped: 1"));
	CHECK(t, warned(&f.cat, "app/broken.deps.json is not valid JSON"));
	fx_release(&f);
}

const struct unit_test cat_java_tests[] = {
	{ "catalog/java-pom", test_java_pom },
	{ "catalog/java-fat-jar", test_java_fat_jar },
	{ "catalog/java-shaded", test_java_shaded },
	{ "catalog/java-manifest-and-name", test_java_manifest_and_name },
	{ "catalog/java-meta", test_java_meta },
	{ "catalog/java-corrupt", test_java_corrupt },
	{ "catalog/java-bomb", test_java_bomb },
	{ "catalog/java-depth", test_java_depth },
	{ "catalog/java-layers", test_java_layers },
	{ "catalog/ruby-gemspecs", test_ruby_gemspecs },
	{ "catalog/ruby-debian-owned", test_ruby_debian_owned },
	{ "catalog/php-installed", test_php_installed },
	{ "catalog/php-lock", test_php_lock },
	{ "catalog/dotnet-deps", test_dotnet_deps },
	{ NULL, NULL },
};
