/*
 * test-cat-rpm.c - the rpm cataloger: header blobs, the SQLite, Berkeley DB
 * and ndb database forms, package fields and purls, layer attribution, and
 * hostile input (truncated and corrupt blobs and databases, loops).
 *
 * Databases are built here from synthetic headers (a small header, ndb and
 * Berkeley DB hash writer below, SQLite through its API), and, when rpm and
 * db_load are installed, by tests/data/rpm/mkrpmdb.sh with the real tools.
 */
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "catalog/catalog.h"
#include "catalog/rpm-db.h"
#include "catalog/rpm-header.h"
#include "common.h"
#include "fsview/build.h"
#include "image/layer.h"
#include "unit.h"

/* --- fixture: files as layers deliver them ------------------------------- */

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

/* A file of `size` bytes (data may be shorter: a layer that lies or fails). */
static void add_sized(struct fixture *f, int layer, const char *path, const void *data,
		      size_t len, uint64_t size)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };
	struct cu_content *c = NULL;
	unsigned want;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = size;
	if (cu_fsview_apply(&f->view, layer, &e, &n, &err) || !n)
		return;
	want = f->pol.want(f->pol.ctx, layer, cu_span_str(path), &e);
	if (want & CU_WANT_KEEP) {
		c = cu_content_new(cu_span_make(data, len), false);
		cu_fsview_set_content(&f->view, n, c, &err);
	}
	for (size_t off = 0; (want & CU_WANT_STREAM) && off < len; off += 1000)
		if (f->pol.data(f->pol.ctx, (const char *)data + off,
				len - off < 1000 ? len - off : 1000, &err))
			break;
	f->pol.end(f->pol.ctx, layer, cu_span_str(path), c, true, &err);
}

static void add(struct fixture *f, int layer, const char *path, const void *data, size_t len)
{
	add_sized(f, layer, path, data, len, len);
}

static void add_link(struct fixture *f, int layer, const char *path, const char *target)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };

	e.name = cu_span_str(path);
	e.link = cu_span_str(target);
	e.type = CU_ENTRY_SYMLINK;
	cu_fsview_apply(&f->view, layer, &e, &n, &err);
}

static void add_text(struct fixture *f, int layer, const char *path, const char *text)
{
	add(f, layer, path, text, strlen(text));
}

static int run(struct fixture *f)
{
	struct cu_err err = { 0 };

	return cu_catalogers_run(&f->cs, &f->cat, &f->view, &err);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (strcmp(cat->pkgs[i]->name, name) == 0)
			return cat->pkgs[i];
	return NULL;
}

static bool warned(const struct cu_catalog *cat, const char *needle)
{
	for (size_t i = 0; i < cat->nwarnings; i++)
		if (strstr(cat->warnings[i], needle))
			return true;
	return false;
}

static bool has_depend(const struct cu_pkg *p, const char *name)
{
	for (size_t i = 0; p->depends && p->depends[i]; i++)
		if (strcmp(p->depends[i], name) == 0)
			return true;
	return false;
}

/* --- a header writer ----------------------------------------------------- */

struct hb {
	struct cu_buf index, data;
	uint32_t n;
};

static void be32_to(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void add_be32(struct cu_buf *b, uint32_t v)
{
	unsigned char c[4];

	be32_to(c, v);
	cu_buf_add(b, c, 4);
}

static void hb_entry(struct hb *h, uint32_t tag, uint32_t type, uint32_t count,
		     const void *data, size_t len)
{
	while (type == 4 && h->data.len % 4)
		cu_buf_addch(&h->data, 0);
	add_be32(&h->index, tag);
	add_be32(&h->index, type);
	add_be32(&h->index, (uint32_t)h->data.len);
	add_be32(&h->index, count);
	cu_buf_add(&h->data, data, len);
	h->n++;
}

static void hb_str(struct hb *h, uint32_t tag, uint32_t type, const char *s)
{
	if (s)
		hb_entry(h, tag, type, 1, s, strlen(s) + 1);
}

static void hb_strs(struct hb *h, uint32_t tag, const char *const *v)
{
	struct cu_buf b = CU_BUF_INIT;
	uint32_t n = 0;

	for (; v && v[n]; n++)
		cu_buf_add(&b, v[n], strlen(v[n]) + 1);
	if (n)
		hb_entry(h, tag, 8, n, b.buf, b.len);
	cu_buf_release(&b);
}

static void hb_int32s(struct hb *h, uint32_t tag, const uint32_t *v, uint32_t n)
{
	struct cu_buf b = CU_BUF_INIT;

	for (uint32_t i = 0; i < n; i++)
		add_be32(&b, v[i]);
	hb_entry(h, tag, 4, n, b.buf, b.len);
	cu_buf_release(&b);
}

static void hb_finish(struct hb *h, struct cu_buf *out)
{
	cu_buf_reset(out);
	add_be32(out, h->n);
	add_be32(out, (uint32_t)h->data.len);
	cu_buf_addspan(out, cu_buf_span(&h->index));
	cu_buf_addspan(out, cu_buf_span(&h->data));
	cu_buf_release(&h->index);
	cu_buf_release(&h->data);
}

struct spkg {
	const char *name;
	int epoch;			/* -1: none */
	const char *version, *release, *arch, *srpm, *vendor, *modularity;
	const char *requires[8], *provides[8];
	const char *dirs[4], *bases[4];
	uint32_t dirindex[4];
};

static void mkhdr(struct cu_buf *out, const struct spkg *p)
{
	struct hb h = { CU_BUF_INIT, CU_BUF_INIT, 0 };
	uint32_t nbases = 0;

	hb_str(&h, 1000, 6, p->name);
	hb_str(&h, 1001, 6, p->version);
	hb_str(&h, 1002, 6, p->release);
	if (p->epoch >= 0)
		hb_int32s(&h, 1003, (const uint32_t[]){ (uint32_t)p->epoch }, 1);
	hb_str(&h, 1004, 9, "A test package");
	hb_str(&h, 1011, 6, p->vendor);
	hb_str(&h, 1014, 6, "Apache-2.0");
	hb_str(&h, 1022, 6, p->arch);
	hb_str(&h, 1044, 6, p->srpm);
	hb_strs(&h, 1047, p->provides);
	hb_strs(&h, 1049, p->requires);
	while (nbases < 4 && p->bases[nbases])
		nbases++;
	if (nbases) {
		hb_int32s(&h, 1116, p->dirindex, nbases);
		hb_strs(&h, 1117, p->bases);
		hb_strs(&h, 1118, p->dirs);
	}
	hb_str(&h, 5096, 6, p->modularity);
	hb_finish(&h, out);
}

static const struct spkg rhel_pkgs[] = {
	{ "openssl", 1, "3.0.7", "24.el9", "x86_64", "openssl-3.0.7-24.el9.src.rpm",
	  "Red Hat, Inc.", NULL,
	  { "rpmlib(CompressedFileNames)", "/bin/sh", "libc.so.6()(64bit)", "openssl-libs",
	    "openssl-libs", "libmissing.so.1" },
	  { "openssl", "openssl(x86-64)" },
	  { "/usr/bin/", "/etc/pki/tls/" }, { "openssl", "openssl.cnf" }, { 0, 1 } },
	{ "openssl-libs", 1, "3.0.7", "24.el9", "x86_64", "openssl-3.0.7-24.el9.src.rpm",
	  "Red Hat, Inc.", NULL, { "libc.so.6()(64bit)" },
	  { "openssl-libs", "libssl.so.3()(64bit)" },
	  { "/usr/lib64/" }, { "libssl.so.3" }, { 0 } },
	{ "glibc", -1, "2.34", "83.el9", "x86_64", "glibc-2.34-83.el9.src.rpm",
	  "Red Hat, Inc.", NULL, { 0 }, { "glibc", "libc.so.6()(64bit)" },
	  { "/usr/lib64/" }, { "libc.so.6" }, { 0 } },
	{ "nodejs", 0, "18.16.0", "1.module+el9.2.0+1", "x86_64",
	  "nodejs-18.16.0-1.module+el9.2.0+1.src.rpm", "Red Hat, Inc.",
	  "nodejs:18:9020020230512121212:rhel9", { "glibc" }, { "nodejs" },
	  { 0 }, { 0 }, { 0 } },
	{ "gpg-pubkey", -1, "fd431d51", "4ae0493b", NULL, NULL, NULL, NULL,
	  { 0 }, { 0 }, { 0 }, { 0 }, { 0 } },
};
#define NRHEL CU_ARRAY_SIZE(rhel_pkgs)

struct blobs {
	struct cu_buf b[8];
	struct cu_span s[8];
	size_t n;
};

static void blobs_make(struct blobs *bl, const struct spkg *pkgs, size_t n)
{
	memset(bl, 0, sizeof(*bl));
	for (size_t i = 0; i < n && i < 8; i++) {
		mkhdr(&bl->b[i], &pkgs[i]);
		bl->s[i] = cu_buf_span(&bl->b[i]);
	}
	bl->n = n;
}

static void blobs_release(struct blobs *bl)
{
	for (size_t i = 0; i < 8; i++)
		cu_buf_release(&bl->b[i]);
}

/* --- database writers ---------------------------------------------------- */

/* schema and insert NULL: as rpm creates the table */
static void mk_sqlite(struct cu_buf *out, const struct blobs *bl, const char *schema,
		      const char *insert)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 size = 0;
	unsigned char *bytes;

	cu_buf_reset(out);
	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, schema ? schema : "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY "
		     "AUTOINCREMENT, blob BLOB NOT NULL)", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, insert ? insert : "INSERT INTO Packages (blob) VALUES (?)", -1,
			   &st, NULL);
	for (size_t i = 0; st && i < bl->n; i++) {
		sqlite3_bind_blob(st, 1, bl->s[i].ptr, (int)bl->s[i].len, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	bytes = sqlite3_serialize(db, "main", &size, 0);
	if (bytes)
		cu_buf_add(out, bytes, (size_t)size);
	if (out->len > 19)
		out->buf[18] = out->buf[19] = 2;	/* as rpm leaves it: WAL mode */
	sqlite3_free(bytes);
	sqlite3_close(db);
}

static void le32_to(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void mk_ndb(struct cu_buf *out, const struct blobs *bl)
{
	unsigned char page[4096] = { 0 }, word[12];
	uint32_t blk = 256;
	size_t start;

	memcpy(page, "RpmP", 4);
	le32_to(page + 12, 1);
	for (int i = 2; i < 256; i++)
		memcpy(page + 16 * i, "Slot", 4);
	cu_buf_reset(out);
	cu_buf_add(out, page, sizeof(page));
	for (size_t i = 0; i < bl->n; i++) {
		uint32_t len = (uint32_t)bl->s[i].len, cnt = (16 + len + 12 + 15) / 16;

		le32_to((unsigned char *)out->buf + 16 * (2 + i) + 4, (uint32_t)i + 1);
		le32_to((unsigned char *)out->buf + 16 * (2 + i) + 8, blk);
		le32_to((unsigned char *)out->buf + 16 * (2 + i) + 12, cnt);
		start = out->len;
		memcpy(word, "BlbS", 4);
		le32_to(word + 4, (uint32_t)i + 1);
		cu_buf_add(out, word, 8);
		le32_to(word, 0);
		le32_to(word + 4, len);
		cu_buf_add(out, word, 8);
		cu_buf_addspan(out, bl->s[i]);
		while (out->len - start < cnt * 16 - 12)
			cu_buf_addch(out, 0);
		le32_to(word, (uint32_t)adler32(1, (const Bytef *)out->buf + start,
						 (uInt)(out->len - start)));
		le32_to(word + 4, len);
		memcpy(word + 8, "BlbE", 4);
		cu_buf_add(out, word, 12);
		blk += cnt;
	}
}

/*
 * A Berkeley DB hash file with one bucket: page 0 metadata, page 1 the
 * bucket (rpm's instance counter under key 0, then key i+1 -> blob i),
 * then the overflow chains. Blobs shorter than inline_max are stored on
 * the bucket page.
 */
struct bdb_writer {
	struct cu_buf *out;
	size_t pagesize;
	bool be;
};

static void enc32(const struct bdb_writer *w, unsigned char *p, uint32_t v)
{
	if (w->be)
		be32_to(p, v);
	else
		le32_to(p, v);
}

static void put32(const struct bdb_writer *w, size_t off, uint32_t v)
{
	enc32(w, (unsigned char *)w->out->buf + off, v);
}

static void put16(const struct bdb_writer *w, size_t off, uint16_t v)
{
	unsigned char *p = (unsigned char *)w->out->buf + off;

	p[w->be ? 0 : 1] = (unsigned char)(v >> 8);
	p[w->be ? 1 : 0] = (unsigned char)v;
}

static size_t new_page(struct bdb_writer *w, uint32_t pgno, uint8_t type)
{
	size_t off = w->out->len;

	cu_buf_reserve(w->out, w->pagesize);
	memset(w->out->buf + off, 0, w->pagesize);
	w->out->len += w->pagesize;
	put32(w, off + 8, pgno);
	w->out->buf[off + 25] = (char)type;
	return off;
}

/* The overflow chain of one blob; its first page number. */
static uint32_t put_overflow(struct bdb_writer *w, struct cu_span blob)
{
	uint32_t first = (uint32_t)(w->out->len / w->pagesize), pgno = first;
	size_t room = w->pagesize - 26, off;

	for (size_t done = 0; done < blob.len; done += room, pgno++) {
		size_t n = blob.len - done < room ? blob.len - done : room;

		off = new_page(w, pgno, 7);
		put32(w, off + 12, pgno > first ? pgno - 1 : 0);
		put32(w, off + 16, done + n < blob.len ? pgno + 1 : 0);
		put16(w, off + 20, 1);
		put16(w, off + 22, (uint16_t)n);
		memcpy(w->out->buf + off + 26, blob.ptr + done, n);
	}
	return first;
}

static void put_item(struct bdb_writer *w, size_t *top, size_t *slot, const void *item,
		     size_t len)
{
	*top -= len;
	memcpy(w->out->buf + w->pagesize + *top, item, len);
	put16(w, w->pagesize + 26 + 2 * (*slot)++, (uint16_t)*top);
}

static void mk_bdb(struct cu_buf *out, const struct blobs *bl, size_t pagesize, bool be,
		   size_t inline_max)
{
	struct bdb_writer w = { out, pagesize, be };
	unsigned char key[5] = { 1 }, off[12] = { 3 }, counter[5] = { 1 };
	size_t top = pagesize, slot = 0;
	uint32_t first[8];

	cu_buf_reset(out);
	new_page(&w, 0, 8);
	new_page(&w, 1, 13);
	for (size_t i = 0; i < bl->n; i++)
		first[i] = bl->s[i].len < inline_max ? 0 : put_overflow(&w, bl->s[i]);
	put32(&w, 12, 0x061561);
	put32(&w, 16, 9);
	put32(&w, 20, (uint32_t)pagesize);
	put32(&w, 32, (uint32_t)(out->len / pagesize - 1));
	put32(&w, 96, 1);		/* spares[0]: bucket 0 is page 1 */
	put_item(&w, &top, &slot, key, 5);	/* key 0: the instance counter */
	put_item(&w, &top, &slot, counter, 5);
	for (size_t i = 0; i < bl->n; i++) {
		struct cu_buf inl = CU_BUF_INIT;

		enc32(&w, key + 1, (uint32_t)i + 1);
		put_item(&w, &top, &slot, key, 5);
		if (!first[i]) {
			cu_buf_addch(&inl, 1);
			cu_buf_addspan(&inl, bl->s[i]);
			put_item(&w, &top, &slot, inl.buf, inl.len);
		} else {
			enc32(&w, off + 4, first[i]);
			enc32(&w, off + 8, (uint32_t)bl->s[i].len);
			put_item(&w, &top, &slot, off, 12);
		}
		cu_buf_release(&inl);
	}
	put16(&w, pagesize + 20, (uint16_t)slot);
}

/* --- header blobs -------------------------------------------------------- */

static void test_header_synthetic(struct unit *t)
{
	struct cu_arena a;
	struct cu_buf blob = CU_BUF_INIT;
	struct cu_rpm_info in;
	struct cu_err err = { 0 };

	cu_arena_init(&a, 0);
	mkhdr(&blob, &rhel_pkgs[0]);
	CHECK_INT(t, cu_rpm_info_read(&a, cu_buf_span(&blob), &in, &err), 0);
	CHECK_STR(t, in.name, "openssl");
	CHECK_STR(t, in.version, "3.0.7");
	CHECK_STR(t, in.release, "24.el9");
	CHECK(t, in.has_epoch && in.epoch == 1);
	CHECK_STR(t, in.arch, "x86_64");
	CHECK_STR(t, in.summary, "A test package");
	CHECK_STR(t, in.license, "Apache-2.0");
	CHECK_STR(t, in.vendor, "Red Hat, Inc.");
	CHECK_STR(t, in.sourcerpm, "openssl-3.0.7-24.el9.src.rpm");
	CHECK(t, in.modularity_label == NULL);
	if (CHECK_INT(t, in.nfiles, 2)) {
		CHECK_STR(t, in.files[0], "usr/bin/openssl");
		CHECK_STR(t, in.files[1], "etc/pki/tls/openssl.cnf");
	}
	/* rpmlib() and paths dropped, duplicates folded */
	if (CHECK_INT(t, in.nrequires, 3)) {
		CHECK_STR(t, in.requires[0], "libc.so.6()(64bit)");
		CHECK_STR(t, in.requires[1], "openssl-libs");
		CHECK_STR(t, in.requires[2], "libmissing.so.1");
	}
	CHECK_INT(t, in.nprovides, 2);
	CHECK_INT(t, in.bad, 0);
	mkhdr(&blob, &rhel_pkgs[3]);
	CHECK_INT(t, cu_rpm_info_read(&a, cu_buf_span(&blob), &in, &err), 0);
	CHECK_STR(t, in.modularity_label, "nodejs:18:9020020230512121212:rhel9");
	CHECK(t, in.has_epoch && in.epoch == 0);
	CHECK_INT(t, in.nfiles, 0);
	cu_buf_release(&blob);
	cu_arena_release(&a);
}

/* The header of a package built by rpmbuild 4.18 (tests/data/rpm/mkrpmdb.sh). */
static void test_header_real(struct unit *t)
{
	size_t len = 0;
	char *hdr = unit_read_file(unit_data_path("rpm/hello.hdr"), &len);
	struct cu_arena a;
	struct cu_rpm_info in;
	struct cu_err err = { 0 };

	if (!CHECK(t, hdr != NULL))
		return;
	cu_arena_init(&a, 0);
	CHECK_INT(t, cu_rpm_info_read(&a, cu_span_make(hdr, len), &in, &err), 0);
	CHECK_STR(t, in.name, "hello");
	CHECK(t, in.has_epoch && in.epoch == 2);
	CHECK_STR(t, in.version, "1.0");
	CHECK_STR(t, in.release, "3.el9");
	CHECK_STR(t, in.arch, "noarch");
	CHECK_STR(t, in.sourcerpm, "hello-1.0-3.el9.src.rpm");
	CHECK_STR(t, in.license, "MIT AND (Apache-2.0 OR BSD-3-Clause)");
	CHECK_STR(t, in.summary, "The hello test package");
	CHECK_STR(t, in.vendor, "Customs Test");
	if (CHECK_INT(t, in.nfiles, 3)) {
		CHECK_STR(t, in.files[0], "usr/bin/hello");
		CHECK_STR(t, in.files[2], "usr/share/hello/extra/data");
	}
	CHECK_INT(t, in.nrequires, 3);	/* bash, libfoo, libfoo.so.1()(64bit) */
	CHECK_INT(t, in.bad, 0);
	cu_arena_release(&a);
	free(hdr);
}

static void test_sourcerpm(struct unit *t)
{
	static const char *const cases[][3] = {
		{ "openssl-3.0.7-24.el9.src.rpm", "openssl", "3.0.7-24.el9" },
		{ "python3-pip-21.2.3-7.el9.nosrc.rpm", "python3-pip", "21.2.3-7.el9" },
		{ "a-b-c-1-2", "a-b-c", "1-2" },
		{ "nodash.src.rpm", NULL, NULL },
		{ "one-dash.src.rpm", NULL, NULL },
		{ "-1-2.src.rpm", NULL, NULL },
		{ "x--2.src.rpm", NULL, NULL },
		{ "x-1-.src.rpm", NULL, NULL },
	};
	struct cu_span name, vr;
	char buf[64];

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		bool ok = cu_rpm_split_sourcerpm(cu_span_str(cases[i][0]), &name, &vr);

		if (!CHECK_INT(t, ok, cases[i][1] != NULL) || !ok)
			continue;
		cu_span_to_cstr(name, buf, sizeof(buf));
		CHECK_STR(t, buf, cases[i][1]);
		cu_span_to_cstr(vr, buf, sizeof(buf));
		CHECK_STR(t, buf, cases[i][2]);
	}
}

static int read_blob(const void *p, size_t len)
{
	struct cu_arena a;
	struct cu_rpm_info in;
	struct cu_err err = { 0 };
	int rc;

	cu_arena_init(&a, 0);
	rc = cu_rpm_info_read(&a, cu_span_make(p, len), &in, &err);
	cu_arena_release(&a);
	return rc;
}

static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Patch entry i of a header: field 0 tag, 1 type, 2 offset, 3 count. */
static void patch_entry(char *hdr, uint32_t i, int field, uint32_t v)
{
	be32_to((unsigned char *)hdr + 8 + 16 * i + 4 * field, v);
}

static void test_header_hostile(struct unit *t)
{
	size_t len = 0;
	char *hdr = unit_read_file(unit_data_path("rpm/hello.hdr"), &len), *copy;
	uint32_t il, seed = 12345;

	if (!CHECK(t, hdr != NULL && len > 64))
		return;
	copy = malloc(len);
	il = ((uint32_t)(unsigned char)hdr[2] << 8) | (unsigned char)hdr[3];
	/* every truncation fails cleanly */
	for (size_t n = 0; n < len; n++)
		if (!CHECK_INT(t, read_blob(hdr, n), CU_EFORMAT))
			break;
	CHECK_INT(t, read_blob("\0\0\0\0\0\0\0\0", 8), CU_EFORMAT);	/* no tags */
	CHECK_INT(t, read_blob("\xff\xff\xff\xff\0\0\0\0", 8), CU_EFORMAT);
	CHECK_INT(t, read_blob("\0\0\0\1\xff\xff\xff\xff", 8), CU_EFORMAT);
	/* offsets past the data, huge counts, wrong types: per entry */
	for (uint32_t i = 0; i < il; i++) {
		static const uint32_t values[] = { 0xffffffff, 0x7fffffff, 0x10000, 6, 8, 4, 0 };

		for (int field = 1; field < 4; field++)
			for (size_t v = 0; v < CU_ARRAY_SIZE(values); v++) {
				memcpy(copy, hdr, len);
				patch_entry(copy, i, field, values[v]);
				read_blob(copy, len);
			}
	}
	/* data without its final NUL: strings may not run off the end */
	memcpy(copy, hdr, len);
	memset(copy + len - 64, 'x', 64);
	read_blob(copy, len);
	/* random corruption */
	for (int round = 0; round < 3000; round++) {
		memcpy(copy, hdr, len);
		for (int k = 0; k < 1 + round % 8; k++)
			copy[rng_next(&seed) % len] = (char)rng_next(&seed);
		read_blob(copy, len);
	}
	/* a NAME that points past the data store is refused */
	memcpy(copy, hdr, len);
	for (uint32_t i = 0; i < il; i++)
		if (!memcmp(copy + 8 + 16 * i, "\0\0\x03\xe8", 4))
			patch_entry(copy, i, 2, (uint32_t)len);
	CHECK_INT(t, read_blob(copy, len), CU_EFORMAT);
	free(copy);
	free(hdr);
}

/* --- the cataloger over each database form ------------------------------- */

static const char rhel_os[] = "ID=\"rhel\"\nVERSION_ID=\"9.3\"\n";

static void check_rhel(struct unit *t, struct fixture *f, const char *location,
		       const char *ns_distro)
{
	const struct cu_pkg *p;
	char purl[256];

	CHECK_INT(t, f->cat.npkgs, 4);	/* not gpg-pubkey */
	p = find(&f->cat, "openssl");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->type, "rpm");
		CHECK_STR(t, p->cataloger, "rpm");
		CHECK_STR(t, p->version, "1:3.0.7-24.el9");
		CHECK_STR(t, p->source_name, "openssl");
		CHECK_STR(t, p->source_version, "1:3.0.7-24.el9");
		CHECK_STR(t, p->arch, "x86_64");
		CHECK_STR(t, p->location, location);
		CHECK_STR(t, p->license, "Apache-2.0");
		CHECK_STR(t, p->description, "A test package");
		CHECK_STR(t, p->maintainer, "Red Hat, Inc.");
		CHECK_INT(t, p->layer, 0);
		CHECK_INT(t, p->nfiles, 2);
		snprintf(purl, sizeof(purl), "pkg:rpm/%s/openssl@3.0.7-24.el9?arch=x86_64&distro=%s&epoch=1",
			 ns_distro, ns_distro + strlen(ns_distro) + 1);
		CHECK_STR(t, p->purl, purl);
		/* capabilities resolved to their providers, unknown ones kept */
		CHECK(t, has_depend(p, "glibc") && has_depend(p, "openssl-libs") &&
			 has_depend(p, "libmissing.so.1") && p->depends[3] == NULL);
	}
	p = find(&f->cat, "nodejs");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "18.16.0-1.module+el9.2.0+1");	/* epoch 0 left out */
		CHECK(t, p->purl && !strstr(p->purl, "epoch"));
		CHECK(t, p->purl && strstr(p->purl, "@18.16.0-1.module%2Bel9.2.0%2B1?"));
	}
	p = find(&f->cat, "glibc");
	CHECK(t, p && !strcmp(p->version, "2.34-83.el9") && !p->depends);
	CHECK(t, cu_catalog_owner(&f->cat, "/usr/lib64/libc.so.6") == p);
	CHECK(t, !find(&f->cat, "gpg-pubkey"));
	CHECK_INT(t, f->cat.nwarnings, 0);
}

static void test_sqlite(struct unit *t)
{
	struct fixture f;
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;

	blobs_make(&bl, rhel_pkgs, NRHEL);
	mk_sqlite(&db, &bl, NULL, NULL);
	fx_init(&f);
	add_text(&f, 0, "etc/os-release", rhel_os);
	add(&f, 0, "var/lib/rpm/rpmdb.sqlite", db.buf, db.len);
	CHECK_INT(t, run(&f), 0);
	check_rhel(t, &f, "var/lib/rpm/rpmdb.sqlite", "redhat\0rhel-9.3");
	fx_release(&f);
	cu_buf_release(&db);
	blobs_release(&bl);
}

static void test_ndb(struct unit *t)
{
	struct fixture f;
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;

	blobs_make(&bl, rhel_pkgs, NRHEL);
	mk_ndb(&db, &bl);
	fx_init(&f);
	add_text(&f, 0, "etc/os-release", "ID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\n");
	add(&f, 0, "usr/lib/sysimage/rpm/Packages.db", db.buf, db.len);
	CHECK_INT(t, run(&f), 0);
	check_rhel(t, &f, "usr/lib/sysimage/rpm/Packages.db", "opensuse\0opensuse-leap-15.5");
	fx_release(&f);
	cu_buf_release(&db);
	blobs_release(&bl);
}

static void test_bdb(struct unit *t)
{
	static const struct {
		size_t pagesize;
		bool be;
		size_t inline_max;
	} forms[] = { { 4096, false, 4096 }, { 512, false, 0 }, { 512, true, 200 },
		      { 65536, true, 0 } };
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;

	blobs_make(&bl, rhel_pkgs, NRHEL);
	for (size_t i = 0; i < CU_ARRAY_SIZE(forms); i++) {
		struct fixture f;

		mk_bdb(&db, &bl, forms[i].pagesize, forms[i].be, forms[i].inline_max);
		fx_init(&f);
		add_text(&f, 0, "etc/os-release", rhel_os);
		add(&f, 0, "var/lib/rpm/Packages", db.buf, db.len);
		CHECK_INT(t, run(&f), 0);
		check_rhel(t, &f, "var/lib/rpm/Packages", "redhat\0rhel-9.3");
		fx_release(&f);
	}
	cu_buf_release(&db);
	blobs_release(&bl);
}

/* Without os-release the vendor names the namespace. */
static void test_no_os(struct unit *t)
{
	struct fixture f;
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;
	const struct cu_pkg *p;

	blobs_make(&bl, rhel_pkgs, 1);
	mk_ndb(&db, &bl);
	fx_init(&f);
	add(&f, 0, "var/lib/rpm/Packages.db", db.buf, db.len);
	CHECK_INT(t, run(&f), 0);
	p = find(&f.cat, "openssl");
	CHECK(t, p && p->purl && !strcmp(p->purl, "pkg:rpm/redhat/openssl@3.0.7-24.el9?arch=x86_64&epoch=1"));
	fx_release(&f);
	cu_buf_release(&db);
	blobs_release(&bl);
}

static void add_sqlite(struct fixture *f, int layer, const struct spkg *pkgs, size_t n)
{
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;

	blobs_make(&bl, pkgs, n);
	mk_sqlite(&db, &bl, NULL, NULL);
	add(f, layer, "var/lib/rpm/rpmdb.sqlite", db.buf, db.len);
	cu_buf_release(&db);
	blobs_release(&bl);
}

static int layer_of(struct fixture *f, const char *name)
{
	const struct cu_pkg *p = find(&f->cat, name);

	return p ? p->layer : -2;
}

static void test_layers(struct unit *t)
{
	struct spkg v1[3] = { rhel_pkgs[2], rhel_pkgs[1] }, v2[3] = { rhel_pkgs[2], rhel_pkgs[1], rhel_pkgs[0] };
	struct fixture f;

	v2[1].release = "27.el9";	/* openssl-libs upgraded in layer 1 */
	fx_init(&f);
	add_sqlite(&f, 0, v1, 2);
	add_sqlite(&f, 1, v2, 3);
	add_sqlite(&f, 2, v2, 3);	/* rewritten unchanged */
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 3);
	CHECK_INT(t, layer_of(&f, "glibc"), 0);
	CHECK_INT(t, layer_of(&f, "openssl-libs"), 1);
	CHECK_INT(t, layer_of(&f, "openssl"), 1);
	fx_release(&f);

	/* a record listed twice keeps its layer */
	fx_init(&f);
	add_sqlite(&f, 0, v1, 1);
	v1[1] = v1[0];
	add_sqlite(&f, 1, v1, 2);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 2);
	CHECK(t, f.cat.npkgs == 2 && f.cat.pkgs[0]->layer == 0 && f.cat.pkgs[1]->layer == 0);
	fx_release(&f);

	/* removed in layer 1, installed again in layer 2 */
	fx_init(&f);
	add_sqlite(&f, 0, v2, 3);
	add_sqlite(&f, 1, v2, 2);
	add_sqlite(&f, 2, v2, 3);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, layer_of(&f, "glibc"), 0);
	CHECK_INT(t, layer_of(&f, "openssl"), 2);
	fx_release(&f);

	/* deleted by a later layer: nothing left */
	fx_init(&f);
	add_sqlite(&f, 0, v2, 3);
	add_text(&f, 1, "var/lib/rpm/.wh.rpmdb.sqlite", "");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 0);
	fx_release(&f);
}

/* One directory, two forms: rpm's current one is read. */
static void test_preference(struct unit *t)
{
	struct spkg old[1] = { rhel_pkgs[2] };
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;
	struct fixture f;

	old[0].version = "2.17";
	blobs_make(&bl, old, 1);
	mk_bdb(&db, &bl, 4096, false, 4096);
	fx_init(&f);
	add(&f, 0, "var/lib/rpm/Packages", db.buf, db.len);
	add_sqlite(&f, 0, rhel_pkgs, 3);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 3);
	CHECK(t, find(&f.cat, "glibc") && !strcmp(find(&f.cat, "glibc")->version, "2.34-83.el9"));
	CHECK(t, warned(&f.cat, "var/lib/rpm/Packages: ignored, var/lib/rpm/rpmdb.sqlite is read instead"));
	fx_release(&f);
	cu_buf_release(&db);
	blobs_release(&bl);
}

static void test_odd_files(struct unit *t)
{
	struct fixture f;
	char wal[100] = { 0 };

	fx_init(&f);
	add_sized(&f, 0, "var/lib/rpm/Packages", NULL, 0, 600 * CU_MiB);
	add(&f, 0, "usr/lib/sysimage/rpm/Packages.db", "", 0);	/* empty: nothing */
	add_sqlite(&f, 0, rhel_pkgs, 1);
	add(&f, 0, "var/lib/rpm/rpmdb.sqlite-wal", wal, sizeof(wal));
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 1);
	CHECK(t, warned(&f.cat, "var/lib/rpm/rpmdb.sqlite-wal: 100 bytes of uncheckpointed changes not read"));
	fx_release(&f);

	fx_init(&f);
	add_sized(&f, 0, "var/lib/rpm/Packages", NULL, 0, 600 * CU_MiB);
	CHECK_INT(t, run(&f), 0);
	CHECK(t, warned(&f.cat, "var/lib/rpm/Packages: larger than 536870912 bytes, not read"));
	fx_release(&f);

	fx_init(&f);
	add(&f, 0, "usr/lib/sysimage/rpm/Packages.db", "", 0);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs + f.cat.nwarnings, 0);
	fx_release(&f);

	/* var/lib/rpm linked to the other place: read once, under its own path */
	fx_init(&f);
	add_link(&f, 0, "usr/lib/sysimage/rpm", "../../../var/lib/rpm");
	add_sqlite(&f, 0, rhel_pkgs, 2);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 2);
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);

	/* ... or to a place no database is read from */
	fx_init(&f);
	add_link(&f, 0, "var/lib/rpm", "../../opt/rpm");
	add(&f, 0, "opt/rpm/Packages", "x", 1);
	CHECK_INT(t, run(&f), 0);
	CHECK(t, warned(&f.cat, "var/lib/rpm/Packages: is 'opt/rpm/Packages', not read"));
	fx_release(&f);
}

/* --- hostile databases --------------------------------------------------- */

/* Catalog one database file; the scan must go on, with a warning. */
static void expect_warning(struct unit *t, const char *what, const char *path,
			   const void *data, size_t len, const char *warning)
{
	struct fixture f;

	fx_init(&f);
	add(&f, 0, path, data, len);
	if (!CHECK_INT(t, run(&f), 0))
		FAILF(t, "%s: the scan failed", what);
	if (!CHECK(t, warned(&f.cat, warning)))
		FAILF(t, "%s: no warning '%s' (%zu warnings, first '%s')", what, warning,
		      f.cat.nwarnings, f.cat.nwarnings ? f.cat.warnings[0] : "");
	fx_release(&f);
}

static void test_hostile_sqlite(struct unit *t)
{
	const char *path = "var/lib/rpm/rpmdb.sqlite";
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;
	char *copy;

	blobs_make(&bl, rhel_pkgs, NRHEL);
	mk_sqlite(&db, &bl, NULL, NULL);
	copy = malloc(db.len);
	memcpy(copy, db.buf, db.len);
	memset(copy + 100, 0x5a, db.len - 100);
	expect_warning(t, "garbage pages", path, copy, db.len, "rpmdb.sqlite: ");
	expect_warning(t, "truncated", path, db.buf, db.len / 2, "rpmdb.sqlite: ");
	expect_warning(t, "not sqlite", path, "hello", 5, "not an SQLite database");
	mk_sqlite(&db, &bl, "CREATE TABLE t (hnum, blob); "
		  "CREATE VIEW Packages AS SELECT * FROM t", "INSERT INTO t (blob) VALUES (?)");
	expect_warning(t, "view", path, db.buf, db.len, "no Packages table");
	mk_sqlite(&db, &bl, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, b, "
		  "blob AS (zeroblob(1000000000)))", "INSERT INTO Packages (b) VALUES (?)");
	expect_warning(t, "huge value", path, db.buf, db.len, "rpmdb.sqlite: ");
	bl.n = 2;
	bl.s[1] = cu_span_str("not a header");
	mk_sqlite(&db, &bl, NULL, NULL);
	expect_warning(t, "bad blob", path, db.buf, db.len, "header 2 skipped: header claims");
	free(copy);
	cu_buf_release(&db);
	blobs_release(&bl);
}

static void test_hostile_ndb(struct unit *t)
{
	const char *path = "usr/lib/sysimage/rpm/Packages.db";
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;
	char *copy;

	blobs_make(&bl, rhel_pkgs, 2);
	mk_ndb(&db, &bl);
	copy = malloc(db.len);
#define MUTATE(what, off, val, warning) do { \
		memcpy(copy, db.buf, db.len); \
		le32_to((unsigned char *)copy + (off), (val)); \
		expect_warning(t, what, path, copy, db.len, warning); \
	} while (0)
	MUTATE("slot pages", 12, 0x7fffffff, "slot pages in");
	MUTATE("version", 4, 7, "ndb version 7");
	MUTATE("slot magic", 48, 0, "bad slot at offset 48");
	MUTATE("blob offset", 32 + 8, 0xfffffff0, "package 1: blob outside the file");
	MUTATE("blob in slot pages", 32 + 8, 3, "package 1: blob outside the file");
	MUTATE("blob count", 32 + 12, 1, "package 1: blob outside the file");
	MUTATE("blob length", 4096 + 12, 100000, "package 1: bad blob head or tail");
	MUTATE("blob index", 4096 + 4, 9, "package 1: bad blob head or tail");
	MUTATE("blob content", 4096 + 40, 0x12345678, "package 1: blob checksum mismatch");
	MUTATE("empty slot", 32 + 4, 0, "slot at offset 32 is malformed");
#undef MUTATE
	expect_warning(t, "garbage", path, "RpmP\0\0\0\0garbage-garbage-garbage-garbage", 40,
		       "slot pages in 40 bytes");
	free(copy);
	cu_buf_release(&db);
	blobs_release(&bl);
}

static uint32_t le32_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[3] << 24 | (uint32_t)u[2] << 16 | (uint32_t)u[1] << 8 | u[0];
}

/* Page number of the first page of type `type` in a BDB file we wrote. */
static size_t first_page(const struct cu_buf *db, size_t pagesize, int type)
{
	for (size_t off = pagesize; off < db->len; off += pagesize)
		if (db->buf[off + 25] == type)
			return off / pagesize;
	return 0;
}

static void test_hostile_bdb(struct unit *t)
{
	const char *path = "var/lib/rpm/Packages";
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;
	size_t ov, last, p;
	size_t v1 = 512 + 512 - 5 - 5 - 5 - 12;	/* item 1's value: counter, key 1 above */
	char *copy;

	blobs_make(&bl, rhel_pkgs, 2);
	mk_bdb(&db, &bl, 512, false, 0);
	copy = malloc(db.len);
	ov = first_page(&db, 512, 7);
	last = db.len / 512 - 1;
#define MUTATE(what, off, val, warning) do { \
		memcpy(copy, db.buf, db.len); \
		le32_to((unsigned char *)copy + (off), (val)); \
		expect_warning(t, what, path, copy, db.len, warning); \
	} while (0)
	MUTATE("overflow length", v1 + 8, (uint32_t)db.len + 1, "overflow item of ");
	MUTATE("overflow short", v1 + 8, (uint32_t)db.len - 1, "broken overflow chain");
	MUTATE("overflow page", v1 + 4, 1, "broken overflow chain");
	MUTATE("overflow beyond file", v1 + 4, 99999, "broken overflow chain");
	MUTATE("bucket loop", 512 + 16, 1, "chain loops at page 1");
	MUTATE("bucket off the file", 512 + 16, 1000, "chain leaves the file");
	MUTATE("bucket not hash", 96, (uint32_t)ov, "is not a hash page");
	MUTATE("item offsets", 512 + 26, 3, "item 0 out of place");
	MUTATE("item count", 512 + 20, 0xffff, "claims 65535 items");
	MUTATE("page size", 20, 1000, "page size 1000");
	MUTATE("version", 16, 3, "hash version 3");
	MUTATE("buckets", 72, 0x7fffffff, "buckets in");
	MUTATE("btree", 12, 0x053162, "B-tree");
	MUTATE("encrypted", 24, 1, "encrypted database");
	MUTATE("magic", 12, 0, "not a Berkeley DB hash database");
	MUTATE("last page", 32, 1, "broken overflow chain");
#undef MUTATE
	/*
	 * A loop: item 1's chain goes back to its start, and both items use it
	 * with the file's length: each reads until it has seen as many pages as
	 * the file has, and together they read more than the file holds.
	 */
	memcpy(copy, db.buf, db.len);
	for (p = ov; le32_at(copy + p * 512 + 16); p = le32_at(copy + p * 512 + 16))
		;
	le32_to((unsigned char *)copy + p * 512 + 16, (uint32_t)ov);
	le32_to((unsigned char *)copy + v1 + 8, (uint32_t)db.len - 1);
	le32_to((unsigned char *)copy + v1 - 17 + 4, (uint32_t)ov);
	le32_to((unsigned char *)copy + v1 - 17 + 8, (uint32_t)db.len - 1);
	expect_warning(t, "overflow loop", path, copy, db.len, "broken overflow chain at page");
	expect_warning(t, "overflow loop", path, copy, db.len, "overflow items larger than the file");
	memcpy(copy, db.buf, db.len);
	copy[last * 512 + 22] = copy[last * 512 + 23] = 0;
	expect_warning(t, "overflow length 0", path, copy, db.len, "holds 0 bytes");
	free(copy);
	cu_buf_release(&db);
	blobs_release(&bl);
}

/* --- random corruption of every form ------------------------------------- */

static int fuzz_blob(void *ctx, uint32_t hnum, struct cu_span blob)
{
	(*(int *)ctx)++;
	read_blob(blob.ptr, blob.len);
	return 0;
}

static void fuzz_warn(void *ctx, const char *fmt, ...)
{
}

static void mutate_and_walk(struct cu_buf *db, int form, uint32_t *seed, int rounds)
{
	int count = 0;
	const struct cu_rpmdb_walk w = { fuzz_blob, fuzz_warn, &count };
	char *copy = malloc(db->len);
	struct cu_err err = { 0 };

	for (int round = 0; round < rounds; round++) {
		memcpy(copy, db->buf, db->len);
		for (int k = 0; k < 1 + round % 16; k++)
			copy[rng_next(seed) % db->len] = (char)rng_next(seed);
		if (form == 0)
			cu_rpmdb_sqlite(copy, db->len, &w, &err);
		else if (form == 1)
			cu_rpmdb_ndb(cu_span_make(copy, db->len), &w, &err);
		else
			cu_rpmdb_bdb(cu_span_make(copy, db->len), &w, &err);
	}
	free(copy);
}

static void test_corrupt_dbs(struct unit *t)
{
	struct blobs bl;
	struct cu_buf db = CU_BUF_INIT;
	uint32_t seed = 777;

	blobs_make(&bl, rhel_pkgs, NRHEL);
	mk_sqlite(&db, &bl, NULL, NULL);
	mutate_and_walk(&db, 0, &seed, 300);
	mk_ndb(&db, &bl);
	mutate_and_walk(&db, 1, &seed, 2000);
	mk_bdb(&db, &bl, 512, false, 0);
	mutate_and_walk(&db, 2, &seed, 2000);
	mk_bdb(&db, &bl, 4096, true, 300);
	mutate_and_walk(&db, 2, &seed, 2000);
	CHECK(t, true);	/* no crash, no sanitizer report */
	cu_buf_release(&db);
	blobs_release(&bl);
}

/* --- databases written by rpm and db_load -------------------------------- */

/* Build them with mkrpmdb.sh into a new directory; NULL (and a skip) if not. */
static char *real_dbs(struct unit *t)
{
	static char dir[64];
	char cmd[256];
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/customs-rpmdb.XXXXXX");
	if (!mkdtemp(dir))
		return NULL;
	snprintf(cmd, sizeof(cmd), "sh %s %s/out", unit_data_path("rpm/mkrpmdb.sh"), dir);
	rc = system(cmd);
	if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77) {
		unit_skip(t, "rpm (rpmbuild) or python3 not installed");
		return NULL;
	}
	if (!CHECK_INT(t, rc, 0))
		return NULL;
	return dir;
}

static void drop_dbs(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void add_host_file(struct fixture *f, int layer, const char *path, const char *host)
{
	size_t len = 0;
	char *data = unit_read_file(host, &len);

	if (data)
		add(f, layer, path, data, len);
	free(data);
}

static void check_real(struct unit *t, struct fixture *f, bool layered)
{
	const struct cu_pkg *p;

	CHECK_INT(t, f->cat.npkgs, 3);
	CHECK_INT(t, f->cat.nwarnings, 0);
	p = find(&f->cat, "hello");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "2:1.0-3.el9");
		CHECK_STR(t, p->source_version, "2:1.0-3.el9");
		CHECK_STR(t, p->purl, "pkg:rpm/redhat/hello@1.0-3.el9?arch=noarch&distro=rhel-9.4&epoch=2");
		CHECK_INT(t, p->nfiles, 3);
		CHECK(t, p->depends && !strcmp(p->depends[0], "bash") &&
			 !strcmp(p->depends[1], "libfoo") && !p->depends[2]);
		CHECK_INT(t, p->layer, 0);
	}
	p = find(&f->cat, "libfoo");
	CHECK(t, p && !strcmp(p->version, "1.2.4-1.el9") && p->layer == (layered ? 1 : 0));
	p = find(&f->cat, "zeta");
	CHECK(t, p && !strcmp(p->version, "0.9-1.el9") && p->depends &&
		 !strcmp(p->depends[0], "hello"));
	CHECK(t, cu_catalog_owner(&f->cat, "usr/share/hello/extra/data") == find(&f->cat, "hello"));
}

static void test_real(struct unit *t)
{
	static const char *const forms[][2] = {
		{ "stage2/Packages.db", "usr/lib/sysimage/rpm/Packages.db" },
		{ "stage2/Packages", "var/lib/rpm/Packages" },
		{ "stage2/Packages-512", "var/lib/rpm/Packages" },
		{ "stage2/Packages-sum", "var/lib/rpm/Packages" },
	};
	char *dir = real_dbs(t), host[256];
	struct fixture f;

	if (!dir)
		return;
	fx_init(&f);
	add_text(&f, 0, "etc/os-release", "ID=rhel\nVERSION_ID=9.4\n");
	snprintf(host, sizeof(host), "%s/out/stage1/rpmdb.sqlite", dir);
	add_host_file(&f, 0, "usr/lib/sysimage/rpm/rpmdb.sqlite", host);
	snprintf(host, sizeof(host), "%s/out/stage2/rpmdb.sqlite", dir);
	add_host_file(&f, 1, "usr/lib/sysimage/rpm/rpmdb.sqlite", host);
	CHECK_INT(t, run(&f), 0);
	check_real(t, &f, true);
	fx_release(&f);
	for (size_t i = 0; i < CU_ARRAY_SIZE(forms); i++) {
		snprintf(host, sizeof(host), "%s/out/%s", dir, forms[i][0]);
		if (access(host, R_OK) != 0) {
			fprintf(stderr, "  %s: db_load not installed, skipped\n", forms[i][0]);
			continue;
		}
		fx_init(&f);
		add_text(&f, 0, "etc/os-release", "ID=rhel\nVERSION_ID=9.4\n");
		add_host_file(&f, 0, forms[i][1], host);
		CHECK_INT(t, run(&f), 0);
		check_real(t, &f, false);
		fx_release(&f);
	}
	drop_dbs(dir);
}

const struct unit_test cat_rpm_tests[] = {
	{ "catalog/rpm-header", test_header_synthetic },
	{ "catalog/rpm-header-real", test_header_real },
	{ "catalog/rpm-header-hostile", test_header_hostile },
	{ "catalog/rpm-sourcerpm", test_sourcerpm },
	{ "catalog/rpm-sqlite", test_sqlite },
	{ "catalog/rpm-ndb", test_ndb },
	{ "catalog/rpm-bdb", test_bdb },
	{ "catalog/rpm-no-os", test_no_os },
	{ "catalog/rpm-layers", test_layers },
	{ "catalog/rpm-preference", test_preference },
	{ "catalog/rpm-odd-files", test_odd_files },
	{ "catalog/rpm-hostile-sqlite", test_hostile_sqlite },
	{ "catalog/rpm-hostile-ndb", test_hostile_ndb },
	{ "catalog/rpm-hostile-bdb", test_hostile_bdb },
	{ "catalog/rpm-corrupt-dbs", test_corrupt_dbs },
	{ "catalog/rpm-real", test_real },
	{ NULL, NULL },
};
