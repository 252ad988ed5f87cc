/*
 * test-cat-apk.c - the apk cataloger (lib/apk/db/installed: fields, files,
 * depends, several records, layer attribution, malformed records, Wolfi and
 * Chainguard) and the Alpine secdb importer (the real v3.11 file when
 * ../shared is there, the format variants, idempotent re-import).
 */
#include <ctype.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "common.h"
#include "fsview/build.h"
#include "image/layer.h"
#include "json.h"
#include "unit.h"
#include "vulndb/db.h"
#include "vulndb/import.h"

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

/* Add a file as a layer would, running the capture policy and hook. */
static void add_n(struct fixture *f, int layer, const char *path, const char *content,
		  size_t len, bool truncated)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };
	struct cu_content *c;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = len;
	if (cu_fsview_apply(&f->view, layer, &e, &n, &err) || !n)
		return;
	if (!(f->pol.want(f->pol.ctx, layer, cu_span_str(path), &e) & CU_WANT_KEEP))
		return;
	c = cu_content_new(cu_span_make(content, len), truncated);
	cu_fsview_set_content(&f->view, n, c, &err);
	f->pol.end(f->pol.ctx, layer, cu_span_str(path), c, true, &err);
}

static void add(struct fixture *f, int layer, const char *path, const char *content)
{
	add_n(f, layer, path, content, strlen(content), false);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (strcmp(cat->pkgs[i]->name, name) == 0)
			return cat->pkgs[i];
	return NULL;
}

static size_t ndepends(const struct cu_pkg *p)
{
	size_t n = 0;

	while (p->depends && p->depends[n])
		n++;
	return n;
}

static bool has_warning(const struct cu_catalog *cat, const char *part)
{
	for (size_t i = 0; i < cat->nwarnings; i++)
		if (strstr(cat->warnings[i], part))
			return true;
	return false;
}

#define DB "lib/apk/db/installed"

static const char alpine_os[] =
	"NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.11.6\n"
	"PRETTY_NAME=\"Alpine Linux v3.11\"\nHOME_URL=\"https://alpinelinux.org/\"\n";

/* As apk 2.10 writes them (checksums shortened). */
static const char rec_musl[] =
	"C:Q1VQ4zQAHaDWNUPddKtaYRoVjrFNs=\nP:musl\nV:1.1.24-r2\nA:x86_64\nS:377316\n"
	"I:614400\nT:the musl c library (libc) implementation\nU:https://musl.libc.org/\n"
	"L:MIT\no:musl\nm:Timo Ter\xc3\xa4s <timo.teras@iki.fi>\nt:1584987337\n"
	"c:4b13e26aba2ab9d1ad5e86d9447dae9d7e2c7a3e\np:so:libc.musl-x86_64.so.1=1\n"
	"F:lib\nR:libc.musl-x86_64.so.1\na:0:0:777\nZ:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=\n"
	"R:ld-musl-x86_64.so.1\na:0:0:755\nZ:Q1bAq3sdkMBWZa1Jt/7FL/u/cT44U=\n";

static const char rec_busybox[] =
	"C:Q1bA3tbOIa8w3CEhaWA6HfFp0F6CE=\nP:busybox\nV:1.31.1-r9\nA:x86_64\nS:489599\n"
	"I:962560\nT:Size optimized toolbox of many common UNIX utilities\n"
	"U:https://busybox.net/\nL:GPL-2.0-only\no:busybox\n"
	"m:Natanael Copa <ncopa@alpinelinux.org>\nt:1590135744\n"
	"D:so:libc.musl-x86_64.so.1\np:/bin/sh cmd:busybox cmd:sh\n"
	"F:bin\nR:busybox\na:0:0:755\nR:sh\na:0:0:777\nF:etc\nR:securetty\n"
	"F:etc/network/if-up.d\nR:dad\nF:usr/share/udhcpc/\nR:default.script\n";

static const char rec_libssl[] =
	"P:libssl1.1\nV:1.1.1g-r0\nA:x86_64\nT:SSL shared libraries\n"
	"L:OpenSSL\no:openssl\nm:Timo Teras <timo.teras@iki.fi>\n"
	"D:so:libc.musl-x86_64.so.1 so:libcrypto.so.1.1 !libssl1.0\n"
	"p:so:libssl.so.1.1=1.1\nF:lib\nR:libssl.so.1.1\nF:usr/lib\nR:libssl.so.1.1\n";

static const char rec_libcrypto[] =
	"P:libcrypto1.1\nV:1.1.1g-r0\nA:x86_64\nT:Crypto library from openssl\n"
	"L:OpenSSL\no:openssl\nD:so:libc.musl-x86_64.so.1\n"
	"p:so:libcrypto.so.1.1=1.1\nF:lib\nR:libcrypto.so.1.1\n";

static const char rec_alpine_base[] =
	"P:alpine-baselayout\nV:3.2.0-r3\nA:x86_64\nT:Alpine base dir structure and init scripts\n"
	"L:GPL-2.0-only\no:alpine-baselayout\n"
	"D:/bin/sh so:libc.musl-x86_64.so.1 musl>=1.1.24 busybox~1.31 so:libnotthere.so.9\n"
	"F:etc\nR:hosts\nR:motd\nM:0:0:755\n";

static char *join(const char *const *recs, size_t n)
{
	struct cu_buf b = CU_BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		cu_buf_addstr(&b, recs[i]);
		cu_buf_addch(&b, '\n');
	}
	return cu_buf_detach(&b, NULL);
}

static void test_apk_fields(struct unit *t)
{
	const char *recs[] = { rec_musl, rec_busybox, rec_libcrypto, rec_libssl, rec_alpine_base };
	char *db = join(recs, CU_ARRAY_SIZE(recs));
	struct cu_err err = { 0 };
	const struct cu_pkg *p;
	struct fixture f;

	fx_init(&f);
	add(&f, 0, "etc/os-release", alpine_os);
	add(&f, 0, DB, db);
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK_STR(t, f.cat.os.family, "alpine");
	CHECK_INT(t, f.cat.npkgs, 5);
	CHECK_INT(t, f.cat.nwarnings, 0);
	p = find(&f.cat, "musl");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->type, "apk");
		CHECK_STR(t, p->version, "1.1.24-r2");
		CHECK_STR(t, p->arch, "x86_64");
		CHECK_STR(t, p->source_name, "musl");
		CHECK_STR(t, p->source_version, "1.1.24-r2");
		CHECK_STR(t, p->license, "MIT");
		CHECK_STR(t, p->description, "the musl c library (libc) implementation");
		CHECK_STR(t, p->maintainer, "Timo Ter\xc3\xa4s <timo.teras@iki.fi>");
		CHECK_STR(t, p->cataloger, "apk");
		CHECK_STR(t, p->location, DB);
		CHECK_INT(t, p->layer, 0);
		CHECK_INT(t, ndepends(p), 0);
		CHECK_INT(t, p->nfiles, 2);
		CHECK_STR(t, p->nfiles ? p->files[0] : NULL, "lib/libc.musl-x86_64.so.1");
		CHECK_STR(t, p->purl, "pkg:apk/alpine/musl@1.1.24-r2?arch=x86_64&distro=alpine-3.11.6");
	}
	p = find(&f.cat, "busybox");
	if (CHECK(t, p != NULL)) {
		CHECK_INT(t, p->nfiles, 5);
		CHECK_STR(t, p->nfiles == 5 ? p->files[1] : NULL, "bin/sh");
		CHECK_STR(t, p->nfiles == 5 ? p->files[3] : NULL, "etc/network/if-up.d/dad");
		CHECK_STR(t, p->nfiles == 5 ? p->files[4] : NULL, "usr/share/udhcpc/default.script");
		CHECK_INT(t, ndepends(p), 1);
		CHECK_STR(t, p->depends ? p->depends[0] : NULL, "musl");	/* so:libc.musl... */
	}
	p = find(&f.cat, "libssl1.1");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->source_name, "openssl");
		CHECK_STR(t, p->source_version, "1.1.1g-r0");
		CHECK_INT(t, p->nfiles, 2);
		CHECK_STR(t, p->nfiles == 2 ? p->files[1] : NULL, "usr/lib/libssl.so.1.1");
		/* virtuals resolved through p:, the conflict left out */
		CHECK_INT(t, ndepends(p), 2);
		CHECK(t, ndepends(p) == 2 && !strcmp(p->depends[0], "musl") &&
			 !strcmp(p->depends[1], "libcrypto1.1"));
		CHECK_STR(t, p->purl, "pkg:apk/alpine/libssl1.1@1.1.1g-r0?arch=x86_64"
			  "&distro=alpine-3.11.6&upstream=openssl");
	}
	p = find(&f.cat, "alpine-baselayout");
	if (CHECK(t, p != NULL)) {
		/* /bin/sh -> busybox, constraints cut, duplicates and unknown virtuals dropped */
		CHECK_INT(t, ndepends(p), 2);
		CHECK(t, ndepends(p) == 2 && !strcmp(p->depends[0], "busybox") &&
			 !strcmp(p->depends[1], "musl"));
	}
	CHECK(t, cu_catalog_owner(&f.cat, "/bin/busybox") == find(&f.cat, "busybox"));
	CHECK(t, cu_catalog_owner(&f.cat, "lib/libcrypto.so.1.1") == find(&f.cat, "libcrypto1.1"));
	fx_release(&f);
	free(db);
}

/* Records in any order, unknown keys, root-level files, no final newline. */
static void test_apk_records(struct unit *t)
{
	const char *db =
		"\n\nP:scanelf\nV:1.2.4-r0\nA:x86_64\nx:future-field\nk:100\n"
		"R:top-level-file\nF:usr/bin\nR:scanelf\n\n\n\n"
		"V:20191127-r1\nP:ca-certificates-cacert\nA:x86_64\n"
		"o:ca-certificates\nL:MPL-2.0 GPL-2.0-or-later\nF:etc/ssl\nR:cert.pem\n\n"
		"P:zlib\nV:1.2.11-r3\nA:x86_64\nF:lib\nR:libz.so.1";
	struct cu_err err = { 0 };
	const struct cu_pkg *p;
	struct fixture f;

	fx_init(&f);
	add(&f, 0, DB, db);
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK_INT(t, f.cat.npkgs, 3);
	CHECK_INT(t, f.cat.nwarnings, 0);
	p = find(&f.cat, "scanelf");
	if (CHECK(t, p != NULL)) {
		CHECK_INT(t, p->nfiles, 2);
		CHECK_STR(t, p->nfiles == 2 ? p->files[0] : NULL, "top-level-file");
		CHECK_STR(t, p->nfiles == 2 ? p->files[1] : NULL, "usr/bin/scanelf");
		/* no os-release: the purl namespace is alpine, no distro qualifier */
		CHECK_STR(t, p->purl, "pkg:apk/alpine/scanelf@1.2.4-r0?arch=x86_64");
	}
	p = find(&f.cat, "ca-certificates-cacert");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->source_name, "ca-certificates");
		CHECK_STR(t, p->license, "MPL-2.0 GPL-2.0-or-later");
		CHECK_STR(t, p->nfiles ? p->files[0] : NULL, "etc/ssl/cert.pem");
	}
	p = find(&f.cat, "zlib");
	CHECK(t, p && p->nfiles == 1 && !strcmp(p->files[0], "lib/libz.so.1"));
	fx_release(&f);
}

/*
 * Layer attribution: the layer that first listed a package at its final
 * version. busybox is upgraded in layer 2; libcrypto is added in layer 1
 * and survives a rewrite in layer 3; zlib is removed in layer 2 and
 * installed again (same version) in layer 3.
 */
static void test_apk_layers(struct unit *t)
{
	const char *busybox_old = "P:busybox\nV:1.31.1-r8\nA:x86_64\n";
	const char *busybox_new = "P:busybox\nV:1.31.1-r9\nA:x86_64\n";
	const char *libcrypto = "P:libcrypto1.1\nV:1.1.1g-r0\nA:x86_64\no:openssl\n";
	const char *zlib = "P:zlib\nV:1.2.11-r3\nA:x86_64\n";
	const char *l0[] = { rec_musl, busybox_old, zlib };
	const char *l1[] = { rec_musl, busybox_old, zlib, libcrypto };
	const char *l2[] = { rec_musl, busybox_new, libcrypto };
	const char *l3[] = { libcrypto, zlib, busybox_new, rec_musl };
	char *db[4] = { join(l0, 3), join(l1, 4), join(l2, 3), join(l3, 4) };
	struct cu_err err = { 0 };
	const struct cu_pkg *p;
	struct fixture f;

	fx_init(&f);
	for (int i = 0; i < 4; i++)
		add(&f, i, DB, db[i]);
	add(&f, 4, "etc/motd", "unrelated\n");
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK_INT(t, f.cat.npkgs, 4);
	p = find(&f.cat, "musl");
	CHECK_INT(t, p ? p->layer : -1, 0);
	p = find(&f.cat, "busybox");
	CHECK_INT(t, p ? p->layer : -1, 2);
	CHECK_STR(t, p ? p->version : NULL, "1.31.1-r9");
	p = find(&f.cat, "libcrypto1.1");
	CHECK_INT(t, p ? p->layer : -1, 1);
	p = find(&f.cat, "zlib");
	CHECK_INT(t, p ? p->layer : -1, 3);
	fx_release(&f);
	for (int i = 0; i < 4; i++)
		free(db[i]);
}

static void test_apk_malformed(struct unit *t)
{
	static const char db[] =
		"P:good\r\nV:1.0-r0\r\nA:x86_64\r\nF:usr/bin\r\nR:good\r\n\r\n"
		"P:nover\nA:x86_64\n\n"
		"V:2.0-r0\nA:x86_64\nT:no name\n\n"
		"this is not a field\n:\nPP:two letters\n\xff\xfe\x00junk\n\n"
		"P:crlf-last\r\nV:3.0-r1\r\nthe end\r\n";
	static const char *const junk[] = { "", "\n\n\r\n  \n", "\x7f" "ELF\x02\x01\x01\n\x00\x00" };
	struct cu_err err = { 0 };
	const struct cu_pkg *p;
	struct fixture f;

	fx_init(&f);
	add_n(&f, 0, DB, db, sizeof(db) - 1, false);
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK_INT(t, f.cat.npkgs, 2);
	p = find(&f.cat, "good");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "1.0-r0");
		CHECK_STR(t, p->arch, "x86_64");
		CHECK_STR(t, p->nfiles ? p->files[0] : NULL, "usr/bin/good");
	}
	p = find(&f.cat, "crlf-last");
	CHECK_STR(t, p ? p->version : NULL, "3.0-r1");
	CHECK(t, !find(&f.cat, "nover"));
	CHECK(t, has_warning(&f.cat, DB ": package 'nover' without V (version) skipped"));
	CHECK(t, has_warning(&f.cat, DB ": package record without P (name) skipped"));
	CHECK(t, has_warning(&f.cat, DB ": 5 malformed lines ignored"));
	CHECK_INT(t, f.cat.nwarnings, 3);
	fx_release(&f);

	/* empty, blank-only and binary files give nothing and do not fail */
	for (size_t i = 0; i < CU_ARRAY_SIZE(junk); i++) {
		fx_init(&f);
		add_n(&f, 0, DB, junk[i], i == 2 ? 10 : strlen(junk[i]), false);
		CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
		CHECK_INT(t, f.cat.npkgs, 0);
		fx_release(&f);
	}
	/* a database cut at the capture cap is not read (its last record may be cut) */
	fx_init(&f);
	add_n(&f, 0, DB, rec_musl, sizeof(rec_musl) - 1, true);
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK_INT(t, f.cat.npkgs, 0);
	CHECK(t, has_warning(&f.cat, DB ": larger than"));
	fx_release(&f);
}

/* Wolfi and Chainguard: their os-release, the usr-merged database path. */
static void test_apk_wolfi(struct unit *t)
{
	static const struct {
		const char *os, *id, *version, *purl;
	} cases[] = {
		{ "ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\nVERSION_ID=\"20230201\"\n"
		  "HOME_URL=\"https://wolfi.dev\"\n", "wolfi", "20230201",
		  "pkg:apk/wolfi/glibc@2.39-r5?arch=x86_64&distro=wolfi-20230201" },
		{ "ID=chainguard\nNAME=\"Chainguard\"\nPRETTY_NAME=\"Chainguard\"\n"
		  "VERSION_ID=\"20230214\"\nHOME_URL=\"https://chainguard.dev/\"\n", "chainguard",
		  "20230214", "pkg:apk/chainguard/glibc@2.39-r5?arch=x86_64&distro=chainguard-20230214" },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_err err = { 0 };
		const struct cu_pkg *p;
		struct fixture f;

		fx_init(&f);
		add(&f, 0, "etc/os-release", cases[i].os);
		add(&f, 0, "usr/lib/apk/db/installed",
		    "P:glibc\nV:2.39-r5\nA:x86_64\nL:LGPL-2.1-or-later\no:glibc\n"
		    "p:so:libc.so.6=6\nF:usr/lib\nR:libc.so.6\n\n"
		    "P:ca-certificates-bundle\nV:20240315-r0\nA:x86_64\no:ca-certificates\n"
		    "D:so:libc.so.6\n");
		CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
		CHECK_STR(t, f.cat.os.id, cases[i].id);
		CHECK_STR(t, f.cat.os.version_id, cases[i].version);
		CHECK_STR(t, f.cat.os.family, "alpine");
		CHECK_INT(t, f.cat.npkgs, 2);
		p = find(&f.cat, "glibc");
		CHECK_STR(t, p ? p->purl : NULL, cases[i].purl);
		CHECK_STR(t, p ? p->location : NULL, "usr/lib/apk/db/installed");
		p = find(&f.cat, "ca-certificates-bundle");
		CHECK(t, p && ndepends(p) == 1 && !strcmp(p->depends[0], "glibc"));
		fx_release(&f);
	}
}

/* --- the secdb importer -------------------------------------------------- */

static char *tmp_db(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/customs-unit-apk-%d-%ld.sqlite", (int)getpid(), random());
	unlink(buf);
	return buf;
}

static long long count(struct cu_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *one(struct cu_db *db, const char *sql, char *buf, size_t len)
{
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/*
 * The expected rows of a secdb file counted another way: every
 * "CVE-dddd-dddd..." and "XSA-ddd" / "TALOS-dddd-dddd" found anywhere in
 * an entry string (no tokenising), distinct per package.
 */
static size_t find_ids(const char *s, char ids[][64], size_t n, size_t max)
{
	static const char *const prefixes[] = { "CVE-", "XSA-", "TALOS-" };

	for (const char *p = s; *p && n < max; p++) {
		for (size_t k = 0; k < CU_ARRAY_SIZE(prefixes); k++) {
			size_t pl = strlen(prefixes[k]), d = 0;

			if (strncmp(p, prefixes[k], pl) || (p > s && p[-1] != ' '))
				continue;
			while (p[pl + d] && (isdigit((unsigned char)p[pl + d]) ||
					     (p[pl + d] == '-' && k != 1 && d == 4)))
				d++;
			if (d < 3 || (k != 1 && d < 9) || pl + d >= 64)
				continue;
			snprintf(ids[n], 64, "%.*s", (int)(pl + d), p);
			n++;
			for (size_t j = 0; j + 1 < n; j++)
				if (!strcmp(ids[j], ids[n - 1])) {
					n--;
					break;
				}
		}
	}
	return n;
}

static long long expected_rows(json_t *root, long long *packages)
{
	static char ids[4096][64];
	long long rows = 0;
	json_t *item, *list, *e;
	const char *version;
	size_t i, k;

	*packages = 0;
	json_array_foreach(json_object_get(root, "packages"), i, item) {
		size_t n = 0;

		(*packages)++;
		json_object_foreach(json_object_get(json_object_get(item, "pkg"), "secfixes"),
				    version, list)
			json_array_foreach(list, k, e)
				if (json_is_string(e))
					n = find_ids(json_string_value(e), ids, n,
						     CU_ARRAY_SIZE(ids));
		rows += (long long)n;
	}
	return rows;
}

static void test_secdb_real(struct unit *t)
{
	const char *path = unit_shared_path(t, "feeds/mirror/secdb.alpinelinux.org/v3.11/main.json");
	struct cu_import_result res[1];
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	long long rows, packages, before[3];
	char dbpath[256], v[512];
	json_t *root = NULL;
	size_t len;
	char *text;

	if (!path)
		return;
	text = unit_read_file(path, &len);
	if (!CHECK(t, text && !cu_json_parse(cu_span_make(text, len), "secdb", &root, &err)))
		goto out;
	rows = expected_rows(root, &packages);
	CHECK_INT(t, packages, 175);
	CHECK_INT(t, cu_db_open(tmp_db(dbpath, sizeof(dbpath)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		goto out;
	CHECK_INT(t, cu_db_import(db, &path, 1, res, &err), 0);
	CHECK_STR(t, res[0].source, "alpine-secdb/v3.11/main");
	CHECK_STR(t, res[0].kind, "alpine-secdb");
	CHECK_INT(t, res[0].records, rows);
	CHECK_INT(t, res[0].skipped, 0);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected"), rows);
	CHECK_INT(t, count(db, "SELECT count(DISTINCT package) FROM affected"), 175);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected WHERE ecosystem = 'alpine' "
			   "AND release = '3.11' AND status = 'fixed' AND fixed IS NOT NULL"), rows);
	CHECK_STR(t, one(db, "SELECT fixed || ' ' || ranges FROM affected WHERE package = 'busybox' "
			 "AND vuln_id = 'CVE-2019-5747'", v, sizeof(v)),
		  "1.30.1-r2 [{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.30.1-r2\"}]}]");
	CHECK_STR(t, one(db, "SELECT fixed FROM affected WHERE package = 'openssl' "
			 "AND vuln_id = 'CVE-2019-1551'", v, sizeof(v)), "1.1.1d-r3");
	/* "CVE-2016-9932 XSA-200": two rows, the XSA an alias of the CVE */
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected WHERE package = 'xen' AND "
			   "vuln_id IN ('CVE-2016-9932', 'XSA-200')"), 2);
	CHECK_INT(t, count(db, "SELECT count(*) FROM aliases WHERE id = 'XSA-200' "
			   "AND alias = 'CVE-2016-9932'"), 1);
	CHECK_INT(t, count(db, "SELECT count(*) FROM aliases WHERE id = 'XSA-273'"), 0);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected WHERE package = 'tcpdump' "
			   "AND vuln_id NOT LIKE 'CVE-____-%'"), 0);
	/* importing again gives the same rows */
	before[0] = count(db, "SELECT count(*) FROM affected");
	before[1] = count(db, "SELECT count(*) FROM vulns");
	before[2] = count(db, "SELECT count(*) FROM aliases");
	CHECK_INT(t, cu_db_import(db, &path, 1, res, &err), 0);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected"), before[0]);
	CHECK_INT(t, count(db, "SELECT count(*) FROM vulns"), before[1]);
	CHECK_INT(t, count(db, "SELECT count(*) FROM aliases"), before[2]);
	CHECK_INT(t, count(db, "SELECT count(*) FROM sources"), 1);
	cu_db_close(db);
	unlink(dbpath);
out:
	json_decref(root);
	free(text);
}

static void test_secdb_variants(struct unit *t)
{
	const char *paths[] = { unit_data_path("feeds/alpine/variants.json") };
	struct cu_import_result res[1];
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char dbpath[256], v[256];

	CHECK_INT(t, cu_db_open(tmp_db(dbpath, sizeof(dbpath)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(t, cu_db_import(db, paths, 1, res, &err), 0);
	CHECK_STR(t, res[0].source, "alpine-secdb/v3.11/test-variants");
	CHECK_INT(t, res[0].records, 21);
	CHECK_INT(t, res[0].skipped, 5);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected"), 21);
	CHECK_STR(t, one(db, "SELECT status || '/' || coalesce(fixed, '-') || '/' || coalesce(ranges, '-') "
			 "FROM affected WHERE package = 'zlib'", v, sizeof(v)), "not_affected/-/-");
	CHECK_STR(t, one(db, "SELECT group_concat(vuln_id, ' ') FROM (SELECT vuln_id FROM affected "
			 "WHERE package = 'xen' ORDER BY vuln_id)", v, sizeof(v)),
		  "CVE-2016-9815 CVE-2016-9816 CVE-2016-9932 CVE-2018-3639 XSA-200 XSA-201 "
		  "XSA-207 XSA-263 XSA-295");
	CHECK_STR(t, one(db, "SELECT group_concat(id || '=' || alias, ' ') FROM (SELECT * FROM aliases "
			 "ORDER BY id)", v, sizeof(v)), "XSA-200=CVE-2016-9932 XSA-263=CVE-2018-3639");
	CHECK_STR(t, one(db, "SELECT group_concat(vuln_id, ' ') FROM (SELECT vuln_id FROM affected "
			 "WHERE package IN ('tcpdump', 'rsync', 'mariadb', 'wireshark') ORDER BY vuln_id)",
			 v, sizeof(v)),
		  "CVE-2017-17434 CVE-2018-10103 CVE-2018-14468 CVE-2018-16859 CVE-2019-2426 "
		  "GHSA-abcd-1234-efgh wnpa-sec-2017-18");
	/* an id listed twice keeps the higher version; a real fix wins over 0 */
	CHECK_STR(t, one(db, "SELECT fixed FROM affected WHERE package = 'sqlite'", v, sizeof(v)),
		  "3.25.3-r2");
	CHECK_STR(t, one(db, "SELECT group_concat(vuln_id || ':' || status, ' ') FROM (SELECT * FROM "
			 "affected WHERE package = 'db' ORDER BY vuln_id)", v, sizeof(v)),
		  "CVE-2016-0682:not_affected CVE-2016-0689:fixed");
	CHECK_STR(t, one(db, "SELECT vuln_id || ' ' || fixed FROM affected WHERE package = 'heimdal'",
			 v, sizeof(v)), "CVE-2018-16860 7.5.0-r1");
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected WHERE package IN ('junk', 'nofixes', "
			   "'badfixes')"), 0);
	CHECK(t, strstr(res[0].first_problem, "junk") != NULL);
	CHECK_INT(t, count(db, "SELECT count(*) FROM affected WHERE release <> '3.11' OR "
			   "ecosystem <> 'alpine'"), 0);
	cu_db_close(db);
	unlink(dbpath);
}

/* The format variants of vuln-list-update's fixtures: {} packages, {} fixes, edge. */
static void test_secdb_fixtures(struct unit *t)
{
	const char *dir = unit_shared_path(t, "feeds/samples/vuln-list-update-fixtures/alpine/testdata");
	static const char *const names[] = { "312-main.json", "edge-main.json", "edge-community.json" };
	const char *paths[3];
	struct cu_import_result res[3];
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char dbpath[256], v[256], buf[3][512];

	if (!dir)
		return;
	for (size_t i = 0; i < 3; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, names[i]);
		paths[i] = buf[i];
	}
	CHECK_INT(t, cu_db_open(tmp_db(dbpath, sizeof(dbpath)), CU_DB_WRITE, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(t, cu_db_import(db, paths, 3, res, &err), 0);
	CHECK_STR(t, res[0].source, "alpine-secdb/v3.12/main");
	CHECK_INT(t, res[0].records, 1);
	CHECK_INT(t, res[0].skipped, 0);
	CHECK_STR(t, res[1].source, "alpine-secdb/edge/main");
	CHECK_INT(t, res[1].records, 2);
	CHECK_STR(t, res[2].source, "alpine-secdb/edge/community");
	CHECK_INT(t, res[2].records, 0);
	CHECK_STR(t, one(db, "SELECT release || ' ' || package || ' ' || fixed FROM affected WHERE "
			 "vuln_id = 'CVE-2021-36159'", v, sizeof(v)), "edge apk-tools 2.12.6-r0");
	cu_db_close(db);
	unlink(dbpath);
}

static void test_secdb_probe(struct unit *t)
{
	static const struct {
		const char *head;
		bool want;
	} cases[] = {
		{ "{\n \"distroversion\": \"v3.11\",\n \"reponame\": \"main\"", true },
		{ "  {\"packages\": [{\"pkg\": {\"name\": \"a\", \"secfixes\" : {", true },
		{ "{\"openssl\": {\"CVE-2023-1\": {\"releases\": {}, \"description\": "
		  "\"see \\\"secfixes\\\": x\"}}}", false },
		{ "{\"id\": \"GHSA-1\", \"modified\": \"2024-01-01T00:00:00Z\"}", false },
		{ "[{\"distroversion\": \"v3.11\"}]", false },
		{ "", false },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_import_input in = { .path = "x.json" };

		in.head = cu_span_str(cases[i].head);
		if (!CHECK(t, cu_importer_alpine_secdb.probe(&in) == cases[i].want))
			FAILF(t, "probe case %zu", i);
	}
}

const struct unit_test cat_apk_tests[] = {
	{ "catalog/apk-fields", test_apk_fields },
	{ "catalog/apk-records", test_apk_records },
	{ "catalog/apk-layers", test_apk_layers },
	{ "catalog/apk-malformed", test_apk_malformed },
	{ "catalog/apk-wolfi", test_apk_wolfi },
	{ "vulndb/alpine-secdb-real", test_secdb_real },
	{ "vulndb/alpine-secdb-variants", test_secdb_variants },
	{ "vulndb/alpine-secdb-fixtures", test_secdb_fixtures },
	{ "vulndb/alpine-secdb-probe", test_secdb_probe },
	{ NULL, NULL },
};
