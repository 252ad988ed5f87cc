/*
 * test-cat-python.c - the python cataloger (dist-info, egg-info, eggs,
 * RECORD, ownership by dpkg packages, whiteouts and upgrades across layers)
 * and the conda cataloger (conda-meta records).
 */
#include <archive.h>
#include <archive_entry.h>

#include "catalog/catalog.h"
#include "common.h"
#include "fsview/build.h"
#include "image/layer.h"
#include "unit.h"

#define SITE "usr/local/lib/python3.11/site-packages/"
#define VENV "app/.venv/lib/python3.11/site-packages/"
#define DEB_SITE "usr/lib/python3/dist-packages/"

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

/*
 * Add a file as a layer would: the view first, then the capture policy
 * (streamed in small chunks, kept, or both). A ".wh." name is a whiteout.
 */
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
	for (size_t off = 0; (want & CU_WANT_STREAM) && off < len; off += 1000)
		if (f->pol.data(f->pol.ctx, (const char *)data + off,
				len - off < 1000 ? len - off : 1000, &err))
			break;
	if (want & CU_WANT_KEEP) {
		c = cu_content_new(cu_span_make(data, len), false);
		cu_fsview_set_content(&f->view, n, c, &err);
	}
	if (want)
		f->pol.end(f->pol.ctx, layer, cu_span_str(path), c, true, &err);
}

static void add(struct fixture *f, int layer, const char *path, const char *content)
{
	add_bytes(f, layer, path, content, strlen(content));
}

static int run(struct fixture *f)
{
	struct cu_err err = { 0 };

	return cu_catalogers_run(&f->cs, &f->cat, &f->view, &err);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *type,
				 const char *name)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (!strcmp(cat->pkgs[i]->type, type) && !strcmp(cat->pkgs[i]->name, name))
			return cat->pkgs[i];
	return NULL;
}

static size_t count(const struct cu_catalog *cat, const char *type)
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

static bool has_dep(const struct cu_pkg *p, const char *name)
{
	for (size_t i = 0; p->depends && p->depends[i]; i++)
		if (!strcmp(p->depends[i], name))
			return true;
	return false;
}

static bool has_file(const struct cu_pkg *p, const char *path)
{
	for (size_t i = 0; i < p->nfiles; i++)
		if (!strcmp(p->files[i], path))
			return true;
	return false;
}

/* A zip archive in memory (libarchive's writer): name, content, ..., NULL. */
static size_t make_zip(char *out, size_t cap, const char *const *members)
{
	struct archive *a = archive_write_new();
	size_t used = 0;

	archive_write_set_format_zip(a);
	archive_write_open_memory(a, out, cap, &used);
	for (size_t i = 0; members[i]; i += 2) {
		struct archive_entry *e = archive_entry_new();

		archive_entry_set_pathname(e, members[i]);
		archive_entry_set_size(e, (la_int64_t)strlen(members[i + 1]));
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_write_header(a, e);
		archive_write_data(a, members[i + 1], strlen(members[i + 1]));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return used;
}

/* --- dist-info ----------------------------------------------------------- */

static const char flask_metadata[] =
	"Metadata-Version: 2.1\n"
	"Name: Flask\n"
	"Version: 2.2.2\n"
	"Summary: A simple framework for building complex web applications.\n"
	"Home-page: https://palletsprojects.com/p/flask\n"
	"Author: Armin Ronacher\n"
	"Author-email: armin.ronacher@active-4.com\n"
	"Maintainer: Pallets\n"
	"Maintainer-email: contact@palletsprojects.com\n"
	"License: BSD-3-Clause\n"
	"Classifier: License :: OSI Approved :: BSD License\n"
	"Requires-Python: >=3.7\n"
	"Requires-Dist: Werkzeug (>=2.2.2)\n"
	"Requires-Dist: Jinja2>=3.0\n"
	"Requires-Dist: itsdangerous>=2.0\n"
	"Requires-Dist: click >=8.0\n"
	"Requires-Dist: importlib-metadata>=3.6.0 ; python_version < \"3.10\"\n"
	"Requires-Dist: asgiref>=3.2 ; extra == 'async'\n"
	"Requires-Dist: python-dotenv ; extra == 'dotenv'\n"
	"Provides-Extra: async\n"
	"\n"
	"Flask\n=====\n\nRequires-Dist: fake-from-the-body\n";

static const char flask_record[] =
	"../../../bin/flask,sha256=abc,231\n"
	"flask-2.2.2.dist-info/INSTALLER,sha256=zu,4\n"
	"flask-2.2.2.dist-info/METADATA,sha256=x,3900\n"
	"flask-2.2.2.dist-info/RECORD,,\n"
	"flask/__init__.py,sha256=y,2295\n"
	"\"flask/odd,name.py\",sha256=z,1\n"
	"\"flask/say \"\"hi\"\".py\",,\n"
	"flask/__pycache__/app.cpython-311.pyc,,\n"
	"/etc/flask.conf,,\n"
	"../../../../../../../escape,,\n";

static void test_dist_info(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 2, VENV "flask-2.2.2.dist-info/METADATA", flask_metadata);
	add(&f, 2, VENV "flask-2.2.2.dist-info/RECORD", flask_record);
	add(&f, 2, VENV "flask-2.2.2.dist-info/INSTALLER", "pip\n");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count(&f.cat, "pypi"), 1);
	p = find(&f.cat, "pypi", "flask");
	if (!CHECK(t, p != NULL))
		goto out;
	CHECK_STR(t, p->version, "2.2.2");
	CHECK_STR(t, p->purl, "pkg:pypi/flask@2.2.2");
	CHECK_STR(t, p->cataloger, "python");
	CHECK_STR(t, p->found_by, "python-dist-info");
	CHECK_STR(t, p->location, VENV "flask-2.2.2.dist-info/METADATA");
	CHECK_STR(t, p->source_name, "flask");
	CHECK_STR(t, p->source_version, "2.2.2");
	CHECK_INT(t, p->layer, 2);
	CHECK(t, p->owner == NULL);
	CHECK_STR(t, p->description, "A simple framework for building complex web applications.");
	CHECK_STR(t, p->license, "BSD-3-Clause");
	CHECK_STR(t, p->maintainer, "Pallets <contact@palletsprojects.com>");
	CHECK(t, has_dep(p, "werkzeug") && has_dep(p, "jinja2") && has_dep(p, "itsdangerous") &&
		 has_dep(p, "click") && has_dep(p, "importlib-metadata"));
	CHECK(t, !has_dep(p, "asgiref") && !has_dep(p, "python-dotenv") &&
		 !has_dep(p, "fake-from-the-body"));
	CHECK_INT(t, p->nfiles, 9);
	CHECK(t, has_file(p, "app/.venv/bin/flask"));
	CHECK(t, has_file(p, VENV "flask/__init__.py"));
	CHECK(t, has_file(p, VENV "flask/odd,name.py"));
	CHECK(t, has_file(p, VENV "flask/say \"hi\".py"));
	CHECK(t, has_file(p, "etc/flask.conf"));
	CHECK(t, has_file(p, VENV "flask-2.2.2.dist-info/RECORD"));
out:
	fx_release(&f);
}

/* Core metadata 1.0 to 2.4 as the tools of their time wrote it. */
static void test_metadata_versions(struct unit *t)
{
	static const struct {
		const char *text, *name, *version, *license, *maintainer;
	} cases[] = {
		/* 1.0, distutils: Description as a header, blank lines as 8 spaces */
		{ "Metadata-Version: 1.0\nName: crcmod\nVersion: 1.7\nSummary: CRC Generator\n"
		  "Author: Ray Buvel\nAuthor-email: rlbuvel@gmail.com\nLicense: UNKNOWN\n"
		  "Description: ===\n        crcmod\n        ===\n        \n        More text.\n"
		  "        \nPlatform: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n",
		  "crcmod", "1.7", "MIT License", "Ray Buvel <rlbuvel@gmail.com>" },
		/* 1.1: whole license text in License, continuation lines */
		{ "Metadata-Version: 1.1\nName: numpy\nVersion: 1.24.2\n"
		  "License: Copyright (c) 2005-2022, NumPy Developers.\n        All rights reserved.\n"
		  "        \n        Redistribution and use ...\n"
		  "Classifier: License :: OSI Approved :: BSD License\n"
		  "Classifier: Programming Language :: C\n",
		  "numpy", "1.24.2", "BSD License", NULL },
		/* 1.2: Maintainer only, a license name */
		{ "Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\nMaintainer: Benjamin\n"
		  "License: MIT\n", "six", "1.16.0", "MIT", "Benjamin" },
		/* 2.0 with CRLF line ends */
		{ "Metadata-Version: 2.0\r\nName: pytz\r\nVersion: 2023.3\r\nLicense: MIT\r\n\r\nbody\r\n",
		  "pytz", "2023.3", "MIT", NULL },
		/* 2.1: no License, two classifiers (dual licensing) */
		{ "Metadata-Version: 2.1\nName: cryptography\nVersion: 41.0.7\n"
		  "Classifier: License :: OSI Approved :: Apache Software License\n"
		  "Classifier: License :: OSI Approved :: BSD License\n"
		  "Classifier: License :: OSI Approved\n",
		  "cryptography", "41.0.7", "Apache Software License OR BSD License", NULL },
		/* 2.2, 2.3: a byte order mark, Author-email with the name in it */
		{ "\xef\xbb\xbfMetadata-Version: 2.2\nName: attrs\nVersion: 23.1.0\n"
		  "Author-email: Hynek <hs@ox.cx>\n", "attrs", "23.1.0", NULL, "Hynek <hs@ox.cx>" },
		{ "Metadata-Version: 2.3\nName: idna\nVersion: 3.6\nLicense: BSD\n",
		  "idna", "3.6", "BSD", NULL },
		/* 2.4: License-Expression wins over License and classifiers */
		{ "Metadata-Version: 2.4\nName: jinja2\nVersion: 3.1.6\nLicense: old\n"
		  "License-Expression: BSD-3-Clause\n"
		  "Classifier: License :: OSI Approved :: BSD License\n",
		  "jinja2", "3.1.6", "BSD-3-Clause", NULL },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct fixture f;
		const struct cu_pkg *p;

		fx_init(&f);
		add(&f, 0, SITE "x-1.dist-info/METADATA", cases[i].text);
		CHECK_INT(t, run(&f), 0);
		p = find(&f.cat, "pypi", cases[i].name);
		if (CHECK(t, p != NULL)) {
			CHECK_STR(t, p->version, cases[i].version);
			CHECK_STR(t, p->license, cases[i].license);
			CHECK_STR(t, p->maintainer, cases[i].maintainer);
		} else {
			FAILF(t, "case %zu", i);
		}
		fx_release(&f);
	}
}

/* PEP 503 names, the purl's own rules, PEP 440 normal forms, ML builds. */
static void test_names_versions(struct unit *t)
{
	static const struct {
		const char *dir, *name_field, *version_field, *name, *version, *purl;
	} cases[] = {
		{ "Flask-2.2.2", "Flask", "2.2.2", "flask", "2.2.2", "pkg:pypi/flask@2.2.2" },
		{ "flask_sqlalchemy-3.0.3", "flask_sqlalchemy", "3.0.3", "flask-sqlalchemy", "3.0.3",
		  "pkg:pypi/flask-sqlalchemy@3.0.3" },
		{ "Flask_SQLAlchemy-3.0.2", "Flask-SQLAlchemy", "3.0.2", "flask-sqlalchemy", "3.0.2",
		  "pkg:pypi/flask-sqlalchemy@3.0.2" },
		{ "zope.interface-6.0", "zope.interface", "6.0", "zope-interface", "6.0",
		  "pkg:pypi/zope.interface@6.0" },
		{ "torch-2.1.0+cu121", "torch", "2.1.0+cu121", "torch", "2.1.0+cu121",
		  "pkg:pypi/torch@2.1.0%2Bcu121" },
		{ "tensorflow-2.15.0.post1", "tensorflow", "2.15.0-1", "tensorflow", "2.15.0.post1",
		  "pkg:pypi/tensorflow@2.15.0.post1" },
		{ "nvidia_cudnn_cu12-8.9.2.26", "nvidia-cudnn-cu12", "8.9.2.26", "nvidia-cudnn-cu12",
		  "8.9.2.26", "pkg:pypi/nvidia-cudnn-cu12@8.9.2.26" },
		{ "pkg-1.0rc1", "Pkg", "1.0-RC1", "pkg", "1.0rc1", "pkg:pypi/pkg@1.0rc1" },
		{ "old-0.1", "old", "v0.1.dev", "old", "0.1.dev0", "pkg:pypi/old@0.1.dev0" },
	};
	struct fixture f;
	char path[256], text[512];

	fx_init(&f);
	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		snprintf(path, sizeof(path), SITE "%s.dist-info/METADATA", cases[i].dir);
		snprintf(text, sizeof(text), "Metadata-Version: 2.1\nName: %s\nVersion: %s\n",
			 cases[i].name_field, cases[i].version_field);
		add(&f, 0, path, text);
	}
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, CU_ARRAY_SIZE(cases));
	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		bool hit = false;

		for (size_t k = 0; k < f.cat.npkgs; k++) {
			const struct cu_pkg *p = f.cat.pkgs[k];

			if (strcmp(p->name, cases[i].name) || strcmp(p->version, cases[i].version))
				continue;
			hit = true;
			CHECK_STR(t, p->purl, cases[i].purl);
		}
		if (!hit)
			FAILF(t, "no %s %s", cases[i].name, cases[i].version);
	}
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

/* Broken metadata is warned about and skipped, or read as well as it can be. */
static void test_bad_metadata(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	/* Latin-1 from an old distutils; a raw version that is not PEP 440 */
	add(&f, 0, SITE "latin-1.0.dist-info/METADATA",
	    "Metadata-Version: 1.0\nName: latin\nVersion: 1.0-foo bar\n"
	    "Author: Jos\xe9 M\xfcller\nSummary: caf\xc3\xa9 ok\n");
	/* no Version: the directory name tells */
	add(&f, 0, SITE "noversion-3.2.dist-info/METADATA", "Metadata-Version: 2.1\nName: noversion\n");
	/* no Name either: both from the directory name */
	add(&f, 0, SITE "Nameless-0.5.dist-info/METADATA", "Metadata-Version: 2.1\nSummary: x\n");
	/* nothing to go on */
	add(&f, 0, SITE "cryptography.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: cryptography\n");
	add(&f, 0, SITE "empty-1.dist-info/METADATA", "");
	add(&f, 0, SITE "bad-1.dist-info/METADATA", "Name: bad name!\nVersion: 1\n");
	add(&f, 0, SITE "junk-2.dist-info/METADATA",
	    "garbage line\n  stray continuation\nName: junk\n:nocolon\nVersion: 2\n");
	add_bytes(&f, 0, SITE "nul-1.dist-info/METADATA", "Name: nul\nVersion: 1\nSummary: a\0b\n", 34);
	add_bytes(&f, 0, SITE "bin-1.dist-info/METADATA", "\xff\xfe\x00\x01\n\n", 6);
	add(&f, 0, SITE "future-1.dist-info/METADATA", "Metadata-Version: 3.0\nName: future\nVersion: 1\n");
	CHECK_INT(t, run(&f), 0);
	p = find(&f.cat, "pypi", "latin");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "1.0-foo bar");
		CHECK_STR(t, p->maintainer, "Jos\xc3\xa9 M\xc3\xbcller");
		CHECK_STR(t, p->description, "caf\xc3\xa9 ok");
		CHECK(t, p->purl && strstr(p->purl, "pkg:pypi/latin@1.0-foo%20bar"));
	}
	CHECK(t, warned(&f.cat, "latin-1.0.dist-info/METADATA: not UTF-8, read as Latin-1"));
	CHECK(t, warned(&f.cat, "is not PEP 440, kept as written"));
	p = find(&f.cat, "pypi", "noversion");
	CHECK(t, p && !strcmp(p->version, "3.2"));
	CHECK(t, warned(&f.cat, "noversion-3.2.dist-info/METADATA: no Version, taken from the file name"));
	p = find(&f.cat, "pypi", "nameless");
	CHECK(t, p && !strcmp(p->version, "0.5") && !strcmp(p->purl, "pkg:pypi/nameless@0.5"));
	CHECK(t, !find(&f.cat, "pypi", "cryptography"));
	CHECK(t, warned(&f.cat, "cryptography.egg-info/PKG-INFO: no Version, skipped"));
	CHECK(t, warned(&f.cat, "empty-1.dist-info/METADATA: no Name, taken from the file name"));
	CHECK(t, find(&f.cat, "pypi", "empty") != NULL);
	CHECK(t, !find(&f.cat, "pypi", "bad-name!") && warned(&f.cat, "invalid Name, skipped"));
	p = find(&f.cat, "pypi", "junk");
	CHECK(t, p && !strcmp(p->version, "2"));
	CHECK(t, warned(&f.cat, "junk-2.dist-info/METADATA: 3 malformed header lines ignored"));
	CHECK(t, find(&f.cat, "pypi", "nul") != NULL);
	CHECK(t, find(&f.cat, "pypi", "bin") != NULL);
	CHECK(t, find(&f.cat, "pypi", "future") && warned(&f.cat, "future-1.dist-info/METADATA: Metadata-Version newer than 2.4"));
	fx_release(&f);
}

/* --- egg-info and eggs --------------------------------------------------- */

static void test_egg_info(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	/* the file form (distutils, Debian's python3-apt) */
	add(&f, 0, DEB_SITE "python_apt-2.6.0.egg-info",
	    "Metadata-Version: 1.1\nName: python-apt\nVersion: 2.6.0\nSummary: Python bindings for APT\n"
	    "Author: APT Development Team\nLicense: GNU GPL\n");
	/* the directory form with requires.txt and installed-files.txt */
	add(&f, 1, SITE "PyYAML-5.4.1-py3.11.egg-info/PKG-INFO",
	    "Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.4.1\nLicense: MIT\n");
	add(&f, 1, SITE "PyYAML-5.4.1-py3.11.egg-info/requires.txt",
	    "six>=1.0\nAttrs\n\n[:python_version < \"3.8\"]\nimportlib_metadata\n\n"
	    "[docs]\nsphinx\n\n[test:sys_platform == \"win32\"]\npywin32\n");
	add(&f, 1, SITE "PyYAML-5.4.1-py3.11.egg-info/installed-files.txt",
	    "../yaml/__init__.py\n../_yaml.so\nPKG-INFO\n");
	CHECK_INT(t, run(&f), 0);
	p = find(&f.cat, "pypi", "python-apt");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "2.6.0");
		CHECK_STR(t, p->found_by, "python-egg-info");
		CHECK_STR(t, p->location, DEB_SITE "python_apt-2.6.0.egg-info");
		CHECK_STR(t, p->license, "GNU GPL");
		CHECK_STR(t, p->purl, "pkg:pypi/python-apt@2.6.0");
	}
	p = find(&f.cat, "pypi", "pyyaml");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->found_by, "python-egg-info");
		CHECK_STR(t, p->purl, "pkg:pypi/pyyaml@5.4.1");
		CHECK_INT(t, p->layer, 1);
		CHECK(t, has_dep(p, "six") && has_dep(p, "attrs") && has_dep(p, "importlib-metadata"));
		CHECK(t, !has_dep(p, "sphinx") && !has_dep(p, "pywin32"));
		CHECK_INT(t, p->nfiles, 3);
		CHECK(t, has_file(p, SITE "yaml/__init__.py"));
		CHECK(t, has_file(p, SITE "PyYAML-5.4.1-py3.11.egg-info/PKG-INFO"));
	}
	fx_release(&f);
}

static void test_eggs(struct unit *t)
{
	static const char *const good[] = {
		"six.py", "# code\n",
		"EGG-INFO/PKG-INFO", "Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n",
		"EGG-INFO/requires.txt", "setuptools\n[dev]\npytest\n",
		NULL,
	};
	static const char *const no_info[] = { "mod.py", "x = 1\n", NULL };
	static const char *const empty_info[] = { "EGG-INFO/PKG-INFO", "", NULL };
	struct cu_tar_entry huge = { .name = cu_span_str(SITE "huge-1.0-py3.11.egg"),
				     .type = CU_ENTRY_FILE, .size = 300 * CU_MiB };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };
	struct fixture f;
	const struct cu_pkg *p;
	static char zip[65536];
	size_t len;

	fx_init(&f);
	len = make_zip(zip, sizeof(zip), good);
	CHECK(t, len > 0);
	add_bytes(&f, 0, SITE "six-1.16.0-py3.11.egg", zip, len);
	/* not in a site directory: a build cache */
	add_bytes(&f, 0, "src/proj/.eggs/other-1.0-py3.11.egg", zip, len);
	len = make_zip(zip, sizeof(zip), no_info);
	add_bytes(&f, 0, SITE "noinfo-1.0-py3.11.egg", zip, len);
	add(&f, 0, SITE "corrupt-1.0-py3.11.egg", "PK\3\4 this is not a zip archive");
	len = make_zip(zip, sizeof(zip), empty_info);
	add_bytes(&f, 0, SITE "empty-1.0-py3.11.egg", zip, len);
	/* too large to hold: declined before any data, said at the end */
	CHECK_INT(t, cu_fsview_apply(&f.view, 0, &huge, &n, &err), 0);
	CHECK_INT(t, f.pol.want(f.pol.ctx, 0, huge.name, &huge), 0);
	/* an unzipped egg */
	add(&f, 1, SITE "decorator-4.4.2-py3.11.egg/EGG-INFO/PKG-INFO",
	    "Metadata-Version: 1.2\nName: decorator\nVersion: 4.4.2\n");
	add(&f, 1, SITE "decorator-4.4.2-py3.11.egg/EGG-INFO/requires.txt", "six\n");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count(&f.cat, "pypi"), 3);
	p = find(&f.cat, "pypi", "empty");
	CHECK(t, p && !strcmp(p->version, "1.0"));
	CHECK(t, warned(&f.cat, "huge-1.0-py3.11.egg: egg larger than 268435456 bytes not read"));
	p = find(&f.cat, "pypi", "six");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "1.16.0");
		CHECK_STR(t, p->found_by, "python-egg");
		CHECK_STR(t, p->location, SITE "six-1.16.0-py3.11.egg");
		CHECK_INT(t, p->layer, 0);
		CHECK(t, has_dep(p, "setuptools") && !has_dep(p, "pytest"));
		CHECK(t, p->nfiles == 1 && has_file(p, SITE "six-1.16.0-py3.11.egg"));
	}
	p = find(&f.cat, "pypi", "decorator");
	CHECK(t, p && p->layer == 1 && !strcmp(p->found_by, "python-egg") && has_dep(p, "six"));
	CHECK(t, warned(&f.cat, "noinfo-1.0-py3.11.egg: egg without EGG-INFO/PKG-INFO"));
	CHECK(t, warned(&f.cat, "corrupt-1.0-py3.11.egg: egg not readable"));
	fx_release(&f);
}

/* --- ownership, whiteouts, upgrades -------------------------------------- */

static void test_owner(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 0, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
	add(&f, 0, "var/lib/dpkg/status",
	    "Package: python3-numpy\nStatus: install ok installed\nArchitecture: amd64\n"
	    "Source: numpy\nVersion: 1:1.24.2-1\n\n"
	    "Package: python3-apt\nStatus: install ok installed\nArchitecture: amd64\n"
	    "Source: python-apt\nVersion: 2.6.0\n\n"
	    "Package: python3-yaml\nStatus: install ok installed\nArchitecture: amd64\n"
	    "Source: pyyaml\nVersion: 6.0-3+b2\n");
	/* the directory only, the file only, both */
	add(&f, 0, "var/lib/dpkg/info/python3-numpy.list",
	    "/.\n/usr\n/usr/lib/python3/dist-packages\n/usr/lib/python3/dist-packages/numpy-1.24.2.egg-info\n");
	add(&f, 0, "var/lib/dpkg/info/python3-apt.list",
	    "/usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info\n");
	add(&f, 0, "var/lib/dpkg/info/python3-yaml:amd64.list",
	    "/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info\n"
	    "/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA\n");
	add(&f, 0, DEB_SITE "numpy-1.24.2.egg-info/PKG-INFO",
	    "Metadata-Version: 2.1\nName: numpy\nVersion: 1.24.2\n");
	add(&f, 0, DEB_SITE "python_apt-2.6.0.egg-info", "Metadata-Version: 1.1\nName: python-apt\nVersion: 2.6.0\n");
	add(&f, 0, DEB_SITE "PyYAML-6.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0\n");
	add(&f, 1, SITE "requests-2.31.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count(&f.cat, "deb"), 3);
	p = find(&f.cat, "pypi", "numpy");
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "python3-numpy"));
	p = find(&f.cat, "pypi", "python-apt");
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "python3-apt"));
	p = find(&f.cat, "pypi", "pyyaml");
	CHECK(t, p && p->owner && !strcmp(p->owner->name, "python3-yaml"));
	p = find(&f.cat, "pypi", "requests");
	CHECK(t, p && !p->owner);
	fx_release(&f);
}

static void test_whiteout(struct unit *t)
{
	static const char *const egg[] = {
		"EGG-INFO/PKG-INFO", "Name: gone-egg\nVersion: 1\n", NULL,
	};
	static char zip[4096];
	size_t len = make_zip(zip, sizeof(zip), egg);
	struct fixture f;

	fx_init(&f);
	add(&f, 0, SITE "keep-1.0.dist-info/METADATA", "Name: keep\nVersion: 1.0\n");
	add(&f, 0, SITE "gone-1.0.dist-info/METADATA", "Name: gone\nVersion: 1.0\n");
	add(&f, 0, SITE "gone_file-1.0.egg-info", "Name: gone-file\nVersion: 1.0\n");
	add_bytes(&f, 0, SITE "gone_egg-1-py3.11.egg", zip, len);
	add(&f, 0, "opt/conda/conda-meta/gone-1.0-0.json", "{\"name\": \"gone\", \"version\": \"1.0\"}");
	add(&f, 1, SITE ".wh.gone-1.0.dist-info", "");
	add(&f, 1, SITE ".wh.gone_file-1.0.egg-info", "");
	add(&f, 1, SITE ".wh.gone_egg-1-py3.11.egg", "");
	add(&f, 2, "opt/conda/.wh.conda-meta", "");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 1);
	CHECK(t, find(&f.cat, "pypi", "keep") != NULL);
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
}

/* An upgrade: the old dist-info is whited out, the new one comes later. */
static void test_upgrade(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 0, SITE "requests-2.31.0.dist-info/METADATA", "Name: requests\nVersion: 2.31.0\n");
	add(&f, 0, SITE "requests-2.31.0.dist-info/RECORD", "requests/__init__.py,,\n");
	add(&f, 0, SITE "urllib3-2.0.0.dist-info/METADATA", "Name: urllib3\nVersion: 2.0.0\n");
	add(&f, 1, SITE ".wh.requests-2.31.0.dist-info", "");
	add(&f, 1, SITE "requests-2.32.3.dist-info/METADATA", "Name: requests\nVersion: 2.32.3\n");
	add(&f, 1, SITE "requests-2.32.3.dist-info/RECORD", "requests/__init__.py,,\nrequests/api.py,,\n");
	/* rewritten in place by a later layer: that layer brought it */
	add(&f, 2, SITE "urllib3-2.0.0.dist-info/METADATA", "Name: urllib3\nVersion: 2.0.0\n");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count(&f.cat, "pypi"), 2);
	p = find(&f.cat, "pypi", "requests");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "2.32.3");
		CHECK_INT(t, p->layer, 1);
		CHECK_INT(t, p->nfiles, 2);
	}
	p = find(&f.cat, "pypi", "urllib3");
	CHECK(t, p && p->layer == 2);
	fx_release(&f);
}

/* want() is asked about every file: only metadata files are taken. */
static void test_want(struct unit *t)
{
	static const struct {
		const char *path;
		unsigned want;
	} cases[] = {
		{ SITE "a-1.dist-info/METADATA", CU_WANT_KEEP },
		{ SITE "a-1.dist-info/RECORD", CU_WANT_KEEP },
		{ "var/task/a-1.dist-info/METADATA", CU_WANT_KEEP },
		{ SITE "a-1.egg-info/PKG-INFO", CU_WANT_KEEP },
		{ SITE "a-1.egg-info/requires.txt", CU_WANT_KEEP },
		{ SITE "a-1.egg-info", CU_WANT_KEEP },
		{ SITE "a-1.egg", CU_WANT_STREAM },
		{ SITE "a-1.egg/EGG-INFO/PKG-INFO", CU_WANT_KEEP },
		{ "usr/lib/python3/dist-packages/a-1.egg", CU_WANT_STREAM },
		{ "root/.cache/a-1.egg", 0 },
		{ "x/a-1.egg/EGG-INFO/PKG-INFO", 0 },
		{ "usr/share/doc/METADATA", 0 },
		{ SITE "a-1.dist-info/WHEEL", 0 },
		{ SITE "a/PKG-INFO", 0 },
		{ "METADATA", 0 },
		{ "", 0 },
		{ "opt/conda/conda-meta/numpy-1.26.4-py311_0.json", CU_WANT_KEEP },
		{ "opt/conda/conda-meta/history", 0 },
		{ "opt/conda/pkgs/numpy/info/index.json", 0 },
	};
	void *py = NULL, *conda = NULL;

	CHECK_INT(t, cu_cataloger_python.init(&py), 0);
	CHECK_INT(t, cu_cataloger_conda.init(&conda), 0);
	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_file_info fi = { .path = cu_span_str(cases[i].path), .size = 10 };
		unsigned got = cu_cataloger_python.want(py, &fi) | cu_cataloger_conda.want(conda, &fi);

		if (got != cases[i].want)
			FAILF(t, "want(%s) = %u, expected %u", cases[i].path, got, cases[i].want);
	}
	cu_cataloger_python.free(py);
	cu_cataloger_conda.free(conda);
}

/* --- conda --------------------------------------------------------------- */

static const char numpy_meta[] =
	"{\"name\": \"numpy\", \"version\": \"1.26.4\", \"build\": \"py311h64a7726_0\",\n"
	" \"build_number\": 0, \"channel\": \"https://conda.anaconda.org/conda-forge/linux-64\",\n"
	" \"subdir\": \"linux-64\", \"fn\": \"numpy-1.26.4-py311h64a7726_0.conda\",\n"
	" \"url\": \"https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py311h64a7726_0.conda\",\n"
	" \"license\": \"BSD-3-Clause\",\n"
	" \"md5\": \"0c1e3d9c3ba0a6b4e8cfd2a8f8f1e4d7\",\n"
	" \"sha256\": \"3E4E7A5C2F1B0D9C8A7B6C5D4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9B8C7D6E5F\",\n"
	" \"depends\": [\"libblas >=3.9.0,<4.0a0\", \"python >=3.11,<3.12.0a0\", \"python_abi 3.11.* *_cp311\", 7],\n"
	" \"files\": [\"bin/f2py\", \"lib/python3.11/site-packages/numpy/__init__.py\",\n"
	"           \"lib/python3.11/site-packages/numpy-1.26.4.dist-info/METADATA\", \"../../etc/x\"],\n"
	" \"requested_spec\": \"numpy\"}\n";

static void test_conda(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	fx_init(&f);
	add(&f, 0, "opt/conda/conda-meta/numpy-1.26.4-py311h64a7726_0.json", numpy_meta);
	add(&f, 0, "opt/conda/conda-meta/history", "==> 2024-01-01 <==\n");
	add(&f, 0, "opt/conda/lib/python3.11/site-packages/numpy-1.26.4.dist-info/METADATA",
	    "Metadata-Version: 2.1\nName: numpy\nVersion: 1.26.4\n");
	add(&f, 0, "opt/conda/lib/python3.11/site-packages/numpy-1.26.4.dist-info/INSTALLER", "conda\n");
	/* an env, the older record shape (channel name, paths_data) */
	add(&f, 1, "opt/conda/envs/ml/conda-meta/pytorch-2.1.0-py3.11_cuda12.1_cudnn8.9.2_0.json",
	    "{\"name\": \"pytorch\", \"version\": \"2.1.0\", \"build\": \"py3.11_cuda12.1_cudnn8.9.2_0\",\n"
	    " \"channel\": \"https://repo.anaconda.com/pkgs/main\", \"fn\": \"pytorch-2.1.0.tar.bz2\",\n"
	    " \"paths_data\": {\"paths\": [{\"_path\": \"lib/libtorch.so\", \"path_type\": \"hardlink\"}]}}\n");
	add(&f, 1, "opt/conda/conda-meta/tokens-1-0.json",
	    "{\"name\": \"tokens\", \"version\": \"1\", \"channel\": \"https://u:pw@host/t/tk-123/private/noarch/\"}");
	add(&f, 1, "opt/conda/conda-meta/hostonly-1-0.json",
	    "{\"name\": \"hostonly\", \"version\": \"1\", \"channel\": \"https://u:pw@host\"}");
	add(&f, 1, "opt/conda/conda-meta/broken-1-0.json", "{\"name\": \"broken\", ");
	add(&f, 1, "opt/conda/conda-meta/noversion-1-0.json", "{\"name\": \"noversion\"}");
	add(&f, 1, "opt/conda/conda-meta/array-1-0.json", "[1, 2]");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count(&f.cat, "conda"), 4);
	p = find(&f.cat, "conda", "numpy");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "1.26.4");
		CHECK_STR(t, p->purl, "pkg:conda/numpy@1.26.4?build=py311h64a7726_0&channel=conda-forge&subdir=linux-64&type=conda");
		CHECK_STR(t, p->found_by, "conda-meta");
		CHECK_STR(t, p->cataloger, "conda");
		CHECK_STR(t, p->license, "BSD-3-Clause");
		CHECK_STR(t, p->location, "opt/conda/conda-meta/numpy-1.26.4-py311h64a7726_0.json");
		CHECK(t, has_dep(p, "libblas") && has_dep(p, "python") && has_dep(p, "python_abi"));
		CHECK_INT(t, p->nfiles, 3);
		CHECK(t, has_file(p, "opt/conda/bin/f2py"));
		CHECK(t, has_file(p, "opt/conda/lib/python3.11/site-packages/numpy/__init__.py"));
		CHECK(t, p->owner == NULL);
		CHECK_STR(t, cu_pkg_hash(p, "SHA-256"),
			  "3e4e7a5c2f1b0d9c8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f");
		CHECK_STR(t, cu_pkg_hash(p, "MD5"), "0c1e3d9c3ba0a6b4e8cfd2a8f8f1e4d7");
	}
	p = find(&f.cat, "conda", "pytorch");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->purl, "pkg:conda/pytorch@2.1.0?build=py3.11_cuda12.1_cudnn8.9.2_0&channel=main&type=tar.bz2");
		CHECK_INT(t, p->layer, 1);
		CHECK(t, p->nfiles == 1 && has_file(p, "opt/conda/envs/ml/lib/libtorch.so"));
		CHECK_INT(t, p->nhashes, 0);
	}
	p = find(&f.cat, "conda", "tokens");
	CHECK(t, p && !strcmp(p->purl, "pkg:conda/tokens@1?channel=private&subdir=noarch"));
	p = find(&f.cat, "conda", "hostonly");
	CHECK(t, p && !strcmp(p->purl, "pkg:conda/hostonly@1"));
	/* the pypi side of the conda numpy stays its own package */
	p = find(&f.cat, "pypi", "numpy");
	CHECK(t, p && !p->owner && !strcmp(p->version, "1.26.4"));
	CHECK(t, warned(&f.cat, "broken-1-0.json is not valid JSON"));
	CHECK(t, warned(&f.cat, "noversion-1-0.json: no version, skipped"));
	CHECK(t, warned(&f.cat, "array-1-0.json: not a JSON object, skipped"));
	fx_release(&f);
}

const struct unit_test cat_python_tests[] = {
	{ "catalog/python-dist-info", test_dist_info },
	{ "catalog/python-metadata-versions", test_metadata_versions },
	{ "catalog/python-names-versions", test_names_versions },
	{ "catalog/python-bad-metadata", test_bad_metadata },
	{ "catalog/python-egg-info", test_egg_info },
	{ "catalog/python-eggs", test_eggs },
	{ "catalog/python-owner", test_owner },
	{ "catalog/python-whiteout", test_whiteout },
	{ "catalog/python-upgrade", test_upgrade },
	{ "catalog/python-want", test_want },
	{ "catalog/conda-meta", test_conda },
	{ NULL, NULL },
};
