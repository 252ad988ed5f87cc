/*
 * test-image.c - the outer-tar indexer (ustar, pax and GNU long names,
 * links between members, truncation and hostile names), image documents,
 * and layer streams (compression sniffing, digests, corrupt streams).
 */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include "common.h"
#include "digest.h"
#include "image/archive.h"
#include "image/layer.h"
#include "image/manifest.h"
#include "unit.h"

struct member {
	const char *name;
	char type;		/* 'f', 'l' symlink, 'h' hard link */
	const char *data;	/* or link target */
};

/* Write a tar with libarchive in the given format into buf. */
static size_t make_tar(const struct member *m, size_t n, int format, char *buf,
		       size_t cap)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t used = 0;

	archive_write_set_format(a, format);
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open_memory(a, buf, cap, &used);
	for (size_t i = 0; i < n; i++) {
		archive_entry_clear(e);
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_perm(e, 0644);
		if (m[i].type == 'f') {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)strlen(m[i].data));
		} else if (m[i].type == 'l') {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m[i].data);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, m[i].data);
		}
		archive_write_header(a, e);
		if (m[i].type == 'f')
			archive_write_data(a, m[i].data, strlen(m[i].data));
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
	return used;
}

static int tar_fd(const char *data, size_t len)
{
	char path[] = "/tmp/customs-unit-tar-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return fd;
}

static char *member_text(struct cu_archive *ar, const char *name)
{
	static char out[256];
	struct cu_reader *r;
	size_t got = 0;

	struct cu_err err = { 0 };

	out[0] = '\0';
	if (cu_archive_open_member(ar, name, &r, &err)) {
		fprintf(stderr, "  %s\n", cu_err_message(&err));
		return NULL;
	}
	cu_reader_read(r, out, sizeof(out) - 1, &got, NULL);
	out[got] = '\0';
	cu_reader_close(r);
	return out;
}

static void test_archive_formats(struct unit *t)
{
	static const int formats[] = {
		ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
		ARCHIVE_FORMAT_TAR_GNUTAR,
	};
	char longname[300], buf[1 << 16];

	memset(longname, 'x', sizeof(longname));
	memcpy(longname, "blobs/sha256/", 13);
	longname[150] = '\0';
	for (size_t f = 0; f < CU_ARRAY_SIZE(formats); f++) {
		bool ustar = formats[f] == ARCHIVE_FORMAT_TAR_USTAR;
		struct member m[] = {
			{ "./manifest.json", 'f', "[{}]" },
			{ ustar ? "short" : longname, 'f', "long" },
			{ "a/layer.tar", 'f', "LAYER" },
			{ "b/layer.tar", 'l', "../a/layer.tar" },
			{ "c/layer.tar", 'h', "a/layer.tar" },
			{ "evil/layer.tar", 'l', "../../../etc/passwd" },
		};
		size_t len = make_tar(m, CU_ARRAY_SIZE(m), formats[f], buf, sizeof(buf));
		struct cu_archive *ar = NULL;
		struct cu_err err = { 0 };
		const struct cu_archive_member *am;
		int fd = tar_fd(buf, len);


		if (!CHECK_INT(t, cu_archive_index_fd(fd, "test.tar", &ar, &err), 0)) {
			FAILF(t, "format %d: %s", formats[f], cu_err_message(&err));
			close(fd);
			continue;
		}
		CHECK_STR(t, member_text(ar, "manifest.json"), "[{}]");
		CHECK_STR(t, member_text(ar, "./a/layer.tar"), "LAYER");
		CHECK_STR(t, member_text(ar, "b/layer.tar"), "LAYER");
		CHECK_STR(t, member_text(ar, "c/layer.tar"), "LAYER");
		if (!ustar)	/* ustar cannot hold a name that long */
			CHECK_STR(t, member_text(ar, longname), "long");
		CHECK_INT(t, cu_archive_find(ar, "evil/layer.tar", &am, &err), CU_ENOTFOUND);
		CHECK_INT(t, cu_archive_find(ar, "../../etc/passwd", &am, &err), CU_EUNSAFE);
		CHECK_INT(t, cu_archive_find(ar, "missing", &am, &err), CU_ENOTFOUND);
		cu_archive_free(ar);
	}
}

static void test_archive_corrupt(struct unit *t)
{
	struct member m[] = { { "manifest.json", 'f', "0123456789" }, { "x", 'f', "y" } };
	char buf[1 << 14];
	size_t len = make_tar(m, 2, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, buf, sizeof(buf));
	struct cu_archive *ar = NULL;
	struct cu_err err = { 0 };
	int fd;

	/* cut inside the first member's data */
	fd = tar_fd(buf, 515);
	CHECK_INT(t, cu_archive_index_fd(fd, "cut.tar", &ar, &err), CU_EFORMAT);
	CHECK(t, strstr(cu_err_message(&err), "truncated") != NULL);
	close(fd);
	/* a flipped byte in a header fails its checksum */
	buf[10] ^= 0x55;
	cu_err_clear(&err);
	fd = tar_fd(buf, len);
	CHECK_INT(t, cu_archive_index_fd(fd, "bad.tar", &ar, &err), CU_EFORMAT);
	CHECK(t, strstr(cu_err_message(&err), "bad tar header") != NULL ||
		 strstr(cu_err_message(&err), "not a tar archive") != NULL);
	close(fd);
	/* not a tar at all */
	cu_err_clear(&err);
	fd = tar_fd("{\"json\": true}", 14);
	CHECK_INT(t, cu_archive_index_fd(fd, "x.json", &ar, &err), CU_EFORMAT);
	close(fd);
}

static void test_manifest_docs(struct unit *t)
{
	static const char index[] =
		"{\"schemaVersion\":2,\"manifests\":["
		"{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
		"1111111111111111111111111111111111111111111111111111111111111111\",\"size\":1,"
		"\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
		"{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
		"2222222222222222222222222222222222222222222222222222222222222222\",\"size\":1,"
		"\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
	struct cu_image_options amd = { NULL }, arm = { "linux/arm64" }, s390 = { "linux/s390x" };
	struct cu_descriptor d;
	struct cu_image img = { 0 };
	struct cu_err err = { 0 };

	cu_arena_init(&img.arena, 0);
	CHECK_INT(t, cu_index_select(&img, cu_span_str(index), "index", NULL, &amd, &d, &err), 0);
	CHECK(t, d.digest[7] == '2');
	CHECK_INT(t, cu_index_select(&img, cu_span_str(index), "index", NULL, &arm, &d, &err), 0);
	CHECK(t, d.digest[7] == '1');
	CHECK_INT(t, cu_index_select(&img, cu_span_str(index), "index", NULL, &s390, &d, &err), CU_ENOTFOUND);
	CHECK(t, strstr(cu_err_message(&err), "linux/arm64/v8, linux/amd64") != NULL);
	cu_err_clear(&err);
	CHECK_INT(t, cu_index_select(&img, cu_span_str("{\"manifests\": 1}"), "index", NULL, &amd, &d, &err), CU_EFORMAT);
	CHECK_INT(t, cu_index_select(&img, cu_span_str("{\"manifests\": [{\"digest\": \"sha256:../../x\"}]}"),
				     "index", NULL, &amd, &d, &err), CU_EFORMAT);
	CHECK_INT(t, cu_manifest_decode(&img, cu_span_str("{\"config\": {}, \"layers\": []}"), &err), CU_EFORMAT);
	CHECK_INT(t, cu_manifest_decode(&img, cu_span_str("{\"config\": {\"digest\": "
		"\"sha256:3333333333333333333333333333333333333333333333333333333333333333\"}, "
		"\"layers\": [{\"digest\": \"sha256:4444444444444444444444444444444444444444444444444444444444444444\", "
		"\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+zstd\", \"size\": 10}]}"), &err), 0);
	CHECK_INT(t, img.nlayers, 1);
	CHECK_INT(t, img.layers[0].compression, CU_COMP_ZSTD);
	/* the config must list one diff_id per layer */
	CHECK_INT(t, cu_config_decode(&img, cu_span_str("{\"rootfs\": {\"diff_ids\": []}}"), &err), CU_EFORMAT);
	CHECK_INT(t, cu_config_decode(&img, cu_span_str("{\"architecture\":\"amd64\",\"os\":\"linux\","
		"\"config\":{\"User\":\"1000\",\"Labels\":{\"com.nvidia.cuda.version\":\"12.1\"}},"
		"\"history\":[{\"created_by\":\"ENV X=1\",\"empty_layer\":true},{\"created_by\":\"ADD x /\"}],"
		"\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:5555555555555555555555555555555555555555555555555555555555555555\"]}}"), &err), 0);
	CHECK_STR(t, img.layers[0].created_by, "ADD x /");
	CHECK_STR(t, img.user, "1000");
	CHECK_STR(t, cu_image_label(&img, "com.nvidia.cuda.version"), "12.1");
	CHECK_INT(t, img.nhistory, 2);
	cu_arena_release(&img.arena);
}

/* --- layer streams ------------------------------------------------------- */

struct collect {
	struct cu_buf names;
	struct cu_buf data;
};

static int on_entry(void *ctx, const struct cu_tar_entry *e, int *want,
		    struct cu_err *err)
{
	struct collect *c = ctx;

	cu_buf_addf(&c->names, "%.*s:%c;", (int)e->name.len, e->name.ptr, e->type);
	*want = 1;
	return 0;
}

static int on_data(void *ctx, const void *buf, size_t len, struct cu_err *err)
{
	return cu_buf_add(&((struct collect *)ctx)->data, buf, len);
}

static const struct cu_layer_visitor visitor = { on_entry, on_data, NULL };

static size_t gzip_bytes(const char *in, size_t len, char *out, size_t cap)
{
	z_stream z = { 0 };

	deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return z.total_out;
}

static int walk(const char *data, size_t len, const char *blob, const char *diff,
		unsigned flags, struct collect *c, struct cu_err *err)
{
	struct cu_reader *r;

	cu_buf_reset(&c->names);
	cu_buf_reset(&c->data);
	cu_reader_memory(data, len, "layer", &r);
	return cu_layer_walk_reader(r, blob, diff, flags, &visitor, c, NULL, err);
}

static void test_layer_streams(struct unit *t)
{
	struct member m[] = { { "etc/hostname", 'f', "box\n" }, { "bin/sh", 'l', "bash" } };
	static char tar[1 << 14], gz[1 << 14];
	size_t tlen = make_tar(m, 2, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, tar, sizeof(tar));
	size_t glen = gzip_bytes(tar, tlen, gz, sizeof(gz));
	char diff[CU_DIGEST_MAX], blob[CU_DIGEST_MAX];
	struct collect c = { CU_BUF_INIT, CU_BUF_INIT };
	struct cu_err err = { 0 };

	cu_sha256_digest(tar, tlen, diff, sizeof(diff));
	cu_sha256_digest(gz, glen, blob, sizeof(blob));
	for (unsigned flags = 0; flags <= CU_LAYER_THREADED; flags += CU_LAYER_THREADED) {
		CHECK_INT(t, walk(tar, tlen, diff, diff, flags, &c, &err), 0);
		CHECK_STR(t, cu_buf_str(&c.names), "etc/hostname:f;bin/sh:l;");
		CHECK_STR(t, cu_buf_str(&c.data), "box\n");
		CHECK_INT(t, walk(gz, glen, blob, diff, flags, &c, &err), 0);
		CHECK_STR(t, cu_buf_str(&c.data), "box\n");
		/* wrong diff_id */
		cu_err_clear(&err);
		CHECK_INT(t, walk(gz, glen, blob, blob, flags, &c, &err), CU_EDIGEST);
		CHECK(t, strstr(cu_err_message(&err), "diff_id mismatch") != NULL);
		/* truncated gzip */
		cu_err_clear(&err);
		CHECK_INT(t, walk(gz, glen - 20, NULL, NULL, flags, &c, &err), CU_EFORMAT);
		CHECK(t, strstr(cu_err_message(&err), "gzip") != NULL);
		/* corrupt deflate data */
		gz[glen / 2] ^= 0xff;
		cu_err_clear(&err);
		CHECK(t, walk(gz, glen, NULL, NULL, flags, &c, &err) != 0);
		gz[glen / 2] ^= 0xff;
		/* truncated tar inside a file's data */
		cu_err_clear(&err);
		CHECK_INT(t, walk(tar, 520, NULL, NULL, flags, &c, &err), CU_EFORMAT);
		/* not a tar */
		cu_err_clear(&err);
		CHECK_INT(t, walk("hello world, this is not a tar file at all", 42, NULL, NULL,
				  flags, &c, &err), CU_EFORMAT);
	}
	cu_buf_release(&c.names);
	cu_buf_release(&c.data);
}

const struct unit_test image_tests[] = {
	{ "image/archive-formats", test_archive_formats },
	{ "image/archive-corrupt", test_archive_corrupt },
	{ "image/manifest-docs", test_manifest_docs },
	{ "image/layer-streams", test_layer_streams },
	{ NULL, NULL },
};
