/*
 * test-catalog.c - os-release and the dpkg cataloger (status file,
 * distroless status.d, owned files, layer attribution), package hashes.
 */
#include "catalog/catalog.h"
#include "catalog/deb822.h"
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

/* Add a file as a layer would, running the capture policy and hook. */
static void add(struct fixture *f, int layer, const char *path, const char *content)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };
	struct cu_content *c;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = strlen(content);
	if (cu_fsview_apply(&f->view, layer, &e, &n, &err) || !n)
		return;
	if (!(f->pol.want(f->pol.ctx, layer, cu_span_str(path), &e) & CU_WANT_KEEP))
		return;
	c = cu_content_new(cu_span_str(content), false);
	cu_fsview_set_content(&f->view, n, c, &err);
	f->pol.end(f->pol.ctx, layer, cu_span_str(path), c, true, &err);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (strcmp(cat->pkgs[i]->name, name) == 0)
			return cat->pkgs[i];
	return NULL;
}

static const char os_release[] =
	"# comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	"NAME='Debian GNU/Linux'\nVERSION_ID=\"12\"\nID=debian\n"
	"HOME_URL=\"https://www.debian.org/\"\n";

static const char status1[] =
	"Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
	"Source: glibc\nVersion: 2.36-9+deb12u4\nMaintainer: GNU Libc Maintainers\n"
	"Description: GNU C Library: Shared libraries\n Contains the standard libraries.\n\n"
	"Package: gone\nStatus: purge ok not-installed\nArchitecture: amd64\nVersion: 1\n\n"
	"Package: oldconf\nStatus: deinstall ok config-files\nArchitecture: all\nVersion: 2\n";

static const char status2_extra[] =
	"\n\nPackage: bash\nStatus: install ok installed\nArchitecture: amd64\n"
	"Source: bash (5.2.15-2)\nVersion: 5.2.15-2+b2\n"
	"Pre-Depends: libc6 (>= 2.36), libtinfo6 (>= 6)\n"
	"Depends: base-files (>= 2.1.12), debianutils (>= 5.6-0.1) | busybox\n\n"
	"Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
	"Multi-Arch: same\nSource: openssl\nVersion: 1:3.0.11-1~deb12u2\n";

static void test_dpkg_status(struct unit *t)
{
	struct fixture f;
	struct cu_err err = { 0 };
	char status2[2048];
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 0, "usr/lib/os-release", os_release);
	add(&f, 0, "var/lib/dpkg/status", status1);
	add(&f, 0, "var/lib/dpkg/info/libc6:amd64.list", "/.\n/usr\n/usr/lib/x86_64-linux-gnu/libc.so.6\n");
	snprintf(status2, sizeof(status2), "%s%s", status1, status2_extra);
	add(&f, 1, "var/lib/dpkg/status", status2);
	add(&f, 1, "var/lib/dpkg/info/bash.list", "/.\n/bin\n/bin/bash\n");
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK_STR(t, f.cat.os.id, "debian");
	CHECK_STR(t, f.cat.os.codename, "bookworm");
	CHECK_STR(t, f.cat.os.family, "debian");
	CHECK_INT(t, f.cat.npkgs, 3);
	CHECK(t, !find(&f.cat, "gone") && !find(&f.cat, "oldconf"));
	p = find(&f.cat, "libc6");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->source_name, "glibc");
		CHECK_STR(t, p->source_version, "2.36-9+deb12u4");
		CHECK_INT(t, p->layer, 0);
		CHECK_INT(t, p->nfiles, 2);	/* "/." is not a file */
		CHECK_STR(t, p->files[p->nfiles - 1], "usr/lib/x86_64-linux-gnu/libc.so.6");
		CHECK_STR(t, p->description, "GNU C Library: Shared libraries");
		CHECK_STR(t, p->purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc");
	}
	p = find(&f.cat, "bash");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->source_name, "bash");
		CHECK_STR(t, p->source_version, "5.2.15-2");
		CHECK_STR(t, p->version, "5.2.15-2+b2");
		CHECK_INT(t, p->layer, 1);
		CHECK(t, p->depends && !strcmp(p->depends[0], "base-files") &&
			 !strcmp(p->depends[1], "debianutils") && !strcmp(p->depends[2], "libc6") &&
			 !strcmp(p->depends[3], "libtinfo6") && !p->depends[4]);
	}
	p = find(&f.cat, "libssl3");
	if (CHECK(t, p != NULL)) {
		CHECK_INT(t, p->layer, 1);
		CHECK_INT(t, p->nfiles, 0);
		CHECK(t, strstr(p->purl, "@1:3.0.11-1~deb12u2") != NULL);
	}
	fx_release(&f);
}

/* A package upgraded in a later layer belongs to that layer. */
static void test_dpkg_upgrade_layer(struct unit *t)
{
	struct fixture f;
	struct cu_err err = { 0 };
	const char *v1 = "Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10\nArchitecture: amd64\n";
	const char *v2 = "Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10+deb12u5\nArchitecture: amd64\n";

	fx_init(&f);
	add(&f, 0, "var/lib/dpkg/status", v1);
	add(&f, 1, "var/lib/dpkg/status", v1);	/* rewritten, unchanged */
	add(&f, 2, "var/lib/dpkg/status", v2);
	add(&f, 3, "var/lib/dpkg/status", v2);
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK_INT(t, f.cat.npkgs, 1);
	CHECK_INT(t, f.cat.npkgs ? f.cat.pkgs[0]->layer : -1, 2);
	fx_release(&f);
}

static void test_dpkg_distroless(struct unit *t)
{
	struct fixture f;
	struct cu_err err = { 0 };
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 0, "etc/os-release", "PRETTY_NAME=\"Distroless\"\nID=debian\nVERSION_ID=\"12\"\n");
	add(&f, 0, "var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9+deb12u9\nArchitecture: amd64\nSource: glibc\n");
	add(&f, 0, "var/lib/dpkg/status.d/libc6.md5sums", "d41d8cd98f00b204e9800998ecf8427e  usr/lib/x86_64-linux-gnu/libc.so.6\n0123  usr/share/doc/libc6/copyright\n");
	add(&f, 1, "var/lib/dpkg/status.d/python3.11", "Package: python3.11\nVersion: 3.11.2-6+deb12u6\nArchitecture: amd64\n");
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK(t, f.cat.os.distroless);
	CHECK_INT(t, f.cat.npkgs, 2);
	p = find(&f.cat, "libc6");
	if (CHECK(t, p != NULL)) {
		CHECK_INT(t, p->nfiles, 2);
		CHECK_STR(t, p->files[0], "usr/lib/x86_64-linux-gnu/libc.so.6");
		CHECK_STR(t, p->location, "var/lib/dpkg/status.d/libc6");
	}
	p = find(&f.cat, "python3.11");
	CHECK(t, p && p->layer == 1);
	fx_release(&f);
}

static void test_dpkg_bad_records(struct unit *t)
{
	struct fixture f;
	struct cu_err err = { 0 };

	fx_init(&f);
	add(&f, 0, "var/lib/dpkg/status",
	    "Package: ok1\nVersion: 1\n\nno colon here\nPackage: nover\n\n"
	    "Version: 2\n\n\n\n Package: indented\r\nPackage: crlf\r\nVersion: 3\r\n");
	CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
	CHECK(t, find(&f.cat, "ok1") != NULL);
	CHECK(t, find(&f.cat, "crlf") != NULL);
	CHECK_STR(t, find(&f.cat, "crlf") ? find(&f.cat, "crlf")->version : NULL, "3");
	CHECK(t, !find(&f.cat, "nover"));
	CHECK(t, f.cat.nwarnings >= 1);
	fx_release(&f);
}

static void test_os_release(struct unit *t)
{
	static const struct {
		const char *file, *text, *id, *version, *codename, *family;
	} cases[] = {
		{ "etc/os-release", "ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\n", "ubuntu", "22.04", "jammy", "debian" },
		{ "etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n", "alpine", "3.19.1", NULL, "alpine" },
		{ "etc/os-release", "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n", "rocky", "9.3", NULL, "rhel" },
		{ "etc/os-release", "ID=debian\nVERSION_ID=\"11\"\n", "debian", "11", "bullseye", "debian" },
		{ "etc/debian_version", "12.5\n", "debian", "12", "bookworm", "debian" },
		{ "etc/debian_version", "trixie/sid\n", "debian", NULL, "sid", "debian" },
		{ "etc/alpine-release", "3.18.4\n", "alpine", "3.18.4", NULL, "alpine" },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct fixture f;
		struct cu_err err = { 0 };

		fx_init(&f);
		add(&f, 0, cases[i].file, cases[i].text);
		CHECK_INT(t, cu_catalogers_run(&f.cs, &f.cat, &f.view, &err), 0);
		CHECK_STR(t, f.cat.os.id, cases[i].id);
		CHECK_STR(t, f.cat.os.version_id, cases[i].version);
		CHECK_STR(t, f.cat.os.codename, cases[i].codename);
		CHECK_STR(t, f.cat.os.family, cases[i].family);
		fx_release(&f);
	}
}

static void test_deb822(struct unit *t)
{
	struct cu_span text = cu_span_str("A: 1\nB:\n two\n three\n\n\nC: x\n"), para, name, value;
	int bad = 0;

	CHECK(t, cu_deb822_paragraph(&text, &para));
	CHECK(t, cu_deb822_field(&para, &name, &value, &bad));
	CHECK(t, cu_span_eq_str(name, "A") && cu_span_eq_str(value, "1"));
	CHECK(t, cu_deb822_field(&para, &name, &value, &bad));
	CHECK(t, cu_span_eq_str(name, "B") && cu_span_eq_str(value, "two\n three"));
	CHECK(t, !cu_deb822_field(&para, &name, &value, &bad));
	CHECK(t, cu_deb822_paragraph(&text, &para));
	CHECK(t, cu_deb822_field(&para, &name, &value, &bad) && cu_span_eq_str(value, "x"));
	CHECK(t, !cu_deb822_paragraph(&text, &para));
	CHECK_INT(t, bad, 0);
}

static struct cu_pkg *pkg(struct cu_catalog *cat, const char *type, const char *name,
			  const char *version)
{
	struct cu_pkg *p = cu_catalog_new_pkg(cat);

	p->type = type;
	p->name = name;
	p->version = version;
	return p;
}

static const struct cu_ml_component *ml(const struct cu_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->nml; i++)
		if (!strcmp(cat->ml[i].name, name))
			return &cat->ml[i];
	return NULL;
}

static void test_mlstack(struct unit *t)
{
	static const char *const labels[] = { "com.nvidia.cuda.version", "12.1.1",
					      "maintainer", "x", NULL };
	struct fixture f;
	struct cu_err err = { 0 };
	const struct cu_ml_component *c;

	fx_init(&f);
	add(&f, 0, "usr/local/cuda-12.1/targets/x86_64-linux/lib/libcudart.so.12.1.105", "ELF");
	add(&f, 0, "usr/lib/x86_64-linux-gnu/libcudnn.so.8.9.2", "ELF");
	add(&f, 1, "opt/venv/lib/python3.11/site-packages/nvidia/nccl/lib/libnccl.so.2", "ELF");
	pkg(&f.cat, "deb", "cuda-cudart-12-1", "12.1.105-1");
	pkg(&f.cat, "deb", "libcudnn8", "8.9.2.26-1+cuda12.1");
	pkg(&f.cat, "pypi", "torch", "2.1.0+cu118");
	pkg(&f.cat, "pypi", "nvidia-nccl-cu12", "2.18.1");
	f.cat.labels = labels;
	CHECK_INT(t, cu_cataloger_mlstack.catalog(NULL, &f.cat, &f.view, &err), 0);
	c = ml(&f.cat, "cuda");
	if (CHECK(t, c != NULL)) {
		CHECK_STR(t, c->version, "12.1.105");
		CHECK_INT(t, c->nevidence, 3);	/* package, soname, label */
	}
	c = ml(&f.cat, "cudnn");
	CHECK(t, c && !strcmp(c->version, "8.9.2.26") && c->nevidence == 2);
	c = ml(&f.cat, "nccl");
	CHECK(t, c && !strcmp(c->version, "2.18.1"));	/* libnccl.so.2 alone says little */
	CHECK(t, ml(&f.cat, "torch") && !ml(&f.cat, "tensorrt"));
	CHECK(t, f.cat.ml_notes && strstr(f.cat.ml_notes[0], "built for CUDA 11.8") &&
		 strstr(f.cat.ml_notes[0], "12.1.105"));
	fx_release(&f);
}

/* --- package hashes (pkghash.c) --------------------------------------------- */

static void test_pkg_hash(struct unit *t)
{
	struct cu_catalog cat;
	struct cu_pkg *p;

	cu_catalog_init(&cat);
	p = cu_catalog_new_pkg(&cat);
	if (!CHECK(t, p != NULL))
		goto out;
	/* spellings of one algorithm; hex lowercased; a second digest ignored */
	CHECK_INT(t, cu_pkg_add_hash(&cat, p, cu_span_str("SHA256"),
		  cu_span_str("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")), 0);
	CHECK_INT(t, cu_pkg_add_hash(&cat, p, cu_span_str("sha-256"),
		  cu_span_str("0000000000000000000000000000000000000000000000000000000000000000")), 0);
	CHECK_STR(t, cu_pkg_hash(p, "SHA-256"),
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* wrong length, not hex, unknown algorithm, empty: ignored */
	cu_pkg_add_hash(&cat, p, cu_span_str("md5"), cu_span_str("d41d8cd98f00b204e9800998ecf8427"));
	cu_pkg_add_hash(&cat, p, cu_span_str("sha1"), cu_span_str("da39a3ee5e6b4b0d3255bfef95601890afd8070g"));
	cu_pkg_add_hash(&cat, p, cu_span_str("crc32"), cu_span_str("00000000"));
	cu_pkg_add_hash(&cat, p, cu_span_str("sha1"), CU_SPAN_NULL);
	CHECK_INT(t, p->nhashes, 1);
	/* SRI: several tokens, options, padding; bad ones skipped */
	CHECK_INT(t, cu_pkg_add_sri(&cat, p, cu_span_str(
		"  sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=?opt md4-AAAA sha512-AAAA \t"
		"sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb\n")), 0);
	CHECK_STR(t, cu_pkg_hash(p, "SHA-1"), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	CHECK_STR(t, cu_pkg_hash(p, "SHA-384"),
		  "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
		  "274edebfe76f65fbd51ad2f14898b95b");
	CHECK(t, !cu_pkg_hash(p, "SHA-512") && !cu_pkg_hash(p, "MD5"));
	CHECK_INT(t, p->nhashes, 3);
	/* misplaced padding, bad characters, truncated quanta */
	cu_pkg_add_sri(&cat, p, cu_span_str("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="));
	CHECK_STR(t, cu_pkg_hash(p, "SHA-512"),
		  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
	p = cu_catalog_new_pkg(&cat);
	cu_pkg_add_sri(&cat, p, cu_span_str("sha1-2jmj7l5rSw0yVb/vlWAYkK/YBw=k"));
	cu_pkg_add_sri(&cat, p, cu_span_str("sha1-2jmj7l5rSw0yVb/vlWAYkK/YBw!="));
	cu_pkg_add_sri(&cat, p, cu_span_str("sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk"));
	cu_pkg_add_sri(&cat, p, cu_span_str("sha1-"));
	cu_pkg_add_sri(&cat, p, cu_span_str("sha1"));
	cu_pkg_add_sri(&cat, p, cu_span_str("-2jmj7l5rSw0yVb/vlWAYkK/YBwk="));
	CHECK_INT(t, p->nhashes, 0);
out:
	cu_catalog_release(&cat);
}

const struct unit_test catalog_tests[] = {
	{ "catalog/pkg-hash", test_pkg_hash },
	{ "catalog/ml-stack", test_mlstack },
	{ "catalog/deb822", test_deb822 },
	{ "catalog/os-release", test_os_release },
	{ "catalog/dpkg-status", test_dpkg_status },
	{ "catalog/dpkg-upgrade-layer", test_dpkg_upgrade_layer },
	{ "catalog/dpkg-distroless", test_dpkg_distroless },
	{ "catalog/dpkg-bad-records", test_dpkg_bad_records },
	{ NULL, NULL },
};
