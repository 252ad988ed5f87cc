/*
 * test-cat-binary.c - the binary cataloger on real ELF files built here
 * (gcc, objcopy, rustc) with Go build info and cargo-auditable data in their
 * on-disk formats, on the Go binaries of this machine when it has some, on
 * hand-made hostile ELF files of both classes and byte orders; and the
 * Cargo.lock cataloger.
 */
#include <stdarg.h>
#include <sys/stat.h>
#include <zlib.h>

#include "catalog/binary.h"
#include "catalog/catalog.h"
#include "common.h"
#include "fsview/build.h"
#include "image/layer.h"
#include "unit.h"

struct fixture {
	struct cu_fsview view;
	struct cu_catalogers cs;
	struct cu_capture_policy pol;
	struct cu_catalog cat;
	char dir[64];		/* scratch directory for building binaries */
};

static void fx_init(struct fixture *f)
{
	cu_fsview_init(&f->view);
	cu_catalogers_init(&f->cs);
	cu_catalogers_policy(&f->cs, &f->pol);
	cu_catalog_init(&f->cat);
	f->dir[0] = '\0';
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void fx_release(struct fixture *f)
{
	cu_catalog_release(&f->cat);
	cu_catalogers_release(&f->cs);
	cu_fsview_release(&f->view);
	if (f->dir[0])
		sh("rm -rf '%s'", f->dir);
}

/* Start a new catalog over the same view (after more layers). */
static int run(struct fixture *f)
{
	struct cu_err err = { 0 };

	cu_catalog_release(&f->cat);
	cu_catalog_init(&f->cat);
	return cu_catalogers_run(&f->cs, &f->cat, &f->view, &err);
}

/* A file as a layer delivers it, streamed in chunks of chunk bytes. */
static void add_file(struct fixture *f, int layer, const char *path, struct cu_span data,
		     size_t chunk, uint32_t mode)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };
	struct cu_content *c = NULL;
	unsigned want;

	e.name = cu_span_str(path);
	e.type = CU_ENTRY_FILE;
	e.size = data.len;
	e.mode = mode;
	if (cu_fsview_apply(&f->view, layer, &e, &n, &err) || !n)
		return;
	want = f->pol.want(f->pol.ctx, layer, cu_span_str(path), &e);
	for (size_t off = 0; (want & CU_WANT_STREAM) && off < data.len; off += chunk) {
		size_t len = data.len - off < chunk ? data.len - off : chunk;

		if (f->pol.data(f->pol.ctx, data.ptr + off, len, &err) == CU_LAYER_ENOUGH)
			break;
	}
	if (want & CU_WANT_KEEP) {
		c = cu_content_new(data, false);
		cu_fsview_set_content(&f->view, n, c, &err);
	}
	f->pol.end(f->pol.ctx, layer, cu_span_str(path), c, true, &err);
}

static void add_text(struct fixture *f, int layer, const char *path, const char *text)
{
	add_file(f, layer, path, cu_span_str(text), 1 << 16, 0644);
}

static const struct cu_pkg *find(const struct cu_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->npkgs; i++)
		if (strcmp(cat->pkgs[i]->name, name) == 0)
			return cat->pkgs[i];
	return NULL;
}

static size_t count(const struct cu_catalog *cat, const char *type)
{
	size_t n = 0;

	for (size_t i = 0; i < cat->npkgs; i++)
		n += strcmp(cat->pkgs[i]->type, type) == 0;
	return n;
}

static bool warned(const struct cu_catalog *cat, const char *needle)
{
	for (size_t i = 0; i < cat->nwarnings; i++)
		if (strstr(cat->warnings[i], needle))
			return true;
	return false;
}

/* "name@version" of every package, sorted, for comparing runs. */
static void summary(const struct cu_catalog *cat, struct cu_buf *out)
{
	cu_buf_reset(out);
	for (size_t i = 0; i < cat->npkgs; i++)
		cu_buf_addf(out, "%s %s@%s %s\n", cat->pkgs[i]->type, cat->pkgs[i]->name,
			    cat->pkgs[i]->version, cat->pkgs[i]->purl ? cat->pkgs[i]->purl : "-");
	for (size_t i = 0; i < cat->nwarnings; i++)
		cu_buf_addf(out, "! %s\n", cat->warnings[i]);
}

/* Lines of text that start with prefix. */
static int lines(const char *text, const char *prefix)
{
	int n = 0;

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += strncmp(p, prefix, strlen(prefix)) == 0;
	return n;
}

/* --- building binaries ---------------------------------------------------- */

/* The tools are installed; makes the scratch directory. */
static bool have_tools(struct unit *t, struct fixture *f, const char *tools)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/customs-unit-bin.XXXXXX");
	if (!mkdtemp(f->dir))
		f->dir[0] = '\0';
	if (f->dir[0] && sh("for t in %s; do command -v $t >/dev/null || exit 1; done", tools) == 0)
		return true;
	unit_skip(t, "needs a scratch directory and build tools");
	return false;
}

static bool write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	bool ok = fp && fwrite(data, 1, len, fp) == len;

	if (fp)
		ok = fclose(fp) == 0 && ok;
	return ok;
}

static const char go_start[16] = "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
static const char go_end[16] = "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";

static void put_uvarint(struct cu_buf *b, uint64_t v)
{
	for (; v >= 0x80; v >>= 7)
		cu_buf_addch(b, (char)(v | 0x80));
	cu_buf_addch(b, (char)v);
}

/* The Go 1.18+ build info blob: header, version, framed module info. */
static void go_blob(struct cu_buf *b, const char *version, const char *modinfo)
{
	static const char zeros[16];

	cu_buf_add(b, "\xff Go buildinf:\x08\x02", 16);
	cu_buf_add(b, zeros, 16);
	put_uvarint(b, strlen(version));
	cu_buf_addstr(b, version);
	put_uvarint(b, modinfo ? 32 + strlen(modinfo) : 0);
	if (modinfo) {
		cu_buf_add(b, go_start, 16);
		cu_buf_addstr(b, modinfo);
		cu_buf_add(b, go_end, 16);
	}
}

static const char modinfo[] =
	"path\texample.com/app/cmd/app\n"
	"mod\texample.com/app\t(devel)\t\n"
	"dep\tgithub.com/google/uuid\tv1.6.0\th1:KDZ=\n"
	"dep\tgolang.org/x/net\tv0.17.0\th1:pvm=\n"
	"=>\tgolang.org/x/net\tv0.23.0\th1:7W1=\n"
	"dep\tgithub.com/local/thing\tv1.0.0\n"
	"=>\t../thing\n"
	"dep\tgopkg.in/yaml.v3\tv3.0.1\th1:fxV=\n"
	"build\t-compiler=gc\n"
	"build\tGOOS=linux\n";

/* A small C program; with blob, its bytes in a writable .go.buildinfo. */
static bool build_c(const struct fixture *f, const char *out, struct cu_span blob)
{
	struct cu_buf src = CU_BUF_INIT;
	bool ok;

	if (blob.len) {
		cu_buf_addstr(&src, "__attribute__((section(\".go.buildinfo\"), aligned(16), used))\n"
			      "unsigned char go_buildinfo[] = {");
		for (size_t i = 0; i < blob.len; i++)
			cu_buf_addf(&src, "%s%u", i ? "," : "", (unsigned char)blob.ptr[i]);
		cu_buf_addstr(&src, "};\nint main(void) { return go_buildinfo[0] == 0; }\n");
	} else {
		cu_buf_addstr(&src, "int main(void) { return 0; }\n");
	}
	ok = sh("cd '%s' && cat > prog.c <<'EOF'\n%sEOF\ngcc -O0 -o '%s' prog.c",
		f->dir, src.buf, out) == 0;
	cu_buf_release(&src);
	return ok;
}

/* objcopy --add-section: the section lands after the loaded segments. */
static bool add_section(const struct fixture *f, const char *in, const char *out,
			const char *name, struct cu_buf *content)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/section.bin", f->dir);
	return write_file(path, content->buf, content->len) &&
	       sh("cd '%s' && objcopy --add-section %s=section.bin '%s' '%s'", f->dir, name,
		  in, out) == 0;
}

static char *load(const struct fixture *f, const char *name, size_t *len)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	return unit_read_file(path, len);
}

/* Catalog one binary streamed in each chunk size; all runs must agree. */
static void scan_chunks(struct unit *t, const char *elf, size_t n, struct cu_buf *first)
{
	static const size_t chunks[] = { 65536, 1, 7, 4096 };

	for (size_t i = 0; i < CU_ARRAY_SIZE(chunks); i++) {
		struct fixture f;
		struct cu_buf s = CU_BUF_INIT;

		fx_init(&f);
		add_file(&f, 0, "usr/local/bin/app", cu_span_make(elf, n), chunks[i], 0755);
		CHECK_INT(t, run(&f), 0);
		summary(&f.cat, i ? &s : first);
		if (i && !CHECK_STR(t, s.buf, first->buf))
			FAILF(t, "chunk size %zu", chunks[i]);
		cu_buf_release(&s);
		fx_release(&f);
	}
}

static void check_go_packages(struct unit *t, const char *sum)
{
	CHECK(t, strstr(sum, "golang stdlib@v1.21.5 -\n") != NULL);
	CHECK(t, strstr(sum, "golang example.com/app@(devel) pkg:golang/example.com/app@%28devel%29\n") != NULL);
	CHECK(t, strstr(sum, "golang github.com/google/uuid@v1.6.0 pkg:golang/github.com/google/uuid@v1.6.0\n") != NULL);
	CHECK(t, strstr(sum, "golang golang.org/x/net@v0.23.0 ") != NULL);
	CHECK(t, strstr(sum, "golang.org/x/net@v0.17.0") == NULL);
	CHECK(t, strstr(sum, "golang github.com/local/thing@(devel) ") != NULL);
	CHECK(t, strstr(sum, "golang gopkg.in/yaml.v3@v3.0.1 pkg:golang/gopkg.in/yaml.v3@v3.0.1\n") != NULL);
	CHECK(t, strstr(sum, "!") == NULL);
}

/*
 * Build the C program, with content in its data segment (section NULL) or
 * added as the section, and scan it in every chunk size into sum.
 */
static void built_case(struct unit *t, const char *tools, struct cu_buf *content,
		       const char *section, struct cu_buf *sum)
{
	struct fixture f;
	char *elf = NULL;
	size_t n = 0;

	cu_buf_reset(sum);
	fx_init(&f);
	if (!have_tools(t, &f, tools))
		goto out;
	if (!CHECK(t, section ? build_c(&f, "prog", CU_SPAN_NULL) &&
			       add_section(&f, "prog", "prog-x", section, content) :
			       build_c(&f, "prog-x", cu_buf_span(content))))
		goto out;
	elf = load(&f, "prog-x", &n);
	scan_chunks(t, elf, n, sum);
out:
	free(elf);
	fx_release(&f);
}

/* .go.buildinfo added by objcopy: read from the kept end of the file. */
static void test_go_section(struct unit *t)
{
	struct cu_buf blob = CU_BUF_INIT, sum = CU_BUF_INIT;

	go_blob(&blob, "go1.21.5 X:boringcrypto", modinfo);
	built_case(t, "gcc objcopy", &blob, ".go.buildinfo", &sum);
	if (!t->skipped) {
		check_go_packages(t, cu_buf_str(&sum));
		CHECK_INT(t, lines(sum.buf, "golang "), 6);
	}
	cu_buf_release(&blob);
	cu_buf_release(&sum);
}

/* The blob in the data segment, found while the file streams past. */
static void test_go_segment(struct unit *t)
{
	struct cu_buf blob = CU_BUF_INIT, sum = CU_BUF_INIT;

	go_blob(&blob, "go1.21.5", modinfo);
	built_case(t, "gcc", &blob, NULL, &sum);
	if (!t->skipped) {
		check_go_packages(t, cu_buf_str(&sum));
		CHECK_INT(t, lines(sum.buf, "golang "), 6);
	}
	cu_buf_release(&blob);
	cu_buf_release(&sum);
}

static void test_go_version(struct unit *t)
{
	static const char *const cases[][2] = {
		{ "go1.21.5", "v1.21.5" }, { "go1.20", "v1.20.0" }, { "go1.21.0", "v1.21.0" },
		{ "go1.21rc2", "v1.21.0-rc.2" }, { "go1.9beta1", "v1.9.0-beta.1" },
		{ "go1.22.1 X:boringcrypto", "v1.22.1" }, { "go1.23.4-bigcorp", "v1.23.4" },
		{ "devel go1.23-abcdef", NULL }, { "go1", NULL }, { "go1.021", NULL },
		{ "gox", NULL }, { "", NULL }, { "go1.2.3.4", NULL }, { "go1.21rc", NULL },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_buf out = CU_BUF_INIT;
		bool ok = cu_go_stdlib_version(cu_span_str(cases[i][0]), &out);

		if (!CHECK_STR(t, ok ? out.buf : NULL, cases[i][1]))
			FAILF(t, "version '%s'", cases[i][0]);
		cu_buf_release(&out);
	}
}

/* Each Go binary of this machine against objcopy's copy of its build info. */
static void expect_from_objcopy(struct fixture *f, const char *bin, struct cu_buf *version,
				int *modules)
{
	size_t n = 0, off = 32, k;
	char *bi;
	uint64_t len = 0;

	*modules = 0;
	cu_buf_reset(version);
	if (sh("objcopy -O binary --only-section=.go.buildinfo '%s' '%s/bi' 2>/dev/null",
	       bin, f->dir) || !(bi = load(f, "bi", &n)))
		return;
	for (int s = 0; s < 2 && n > 32 && (bi[15] & 2); s++) {
		for (k = 0, len = 0; off < n && k < 10; k++, off++) {
			len |= (uint64_t)(bi[off] & 0x7f) << (7 * k);
			if (!(bi[off] & 0x80))
				break;
		}
		off++;
		if (len > n - off)
			break;
		if (s == 0)
			cu_go_stdlib_version(cu_span_make(bi + off, len), version);
		for (size_t i = off; s == 1 && i + 4 < off + len; i++)
			*modules += bi[i] == '\n' && (!memcmp(bi + i + 1, "dep\t", 4) ||
						     !memcmp(bi + i + 1, "mod\t", 4));
		off += len;
	}
	free(bi);
}

static void test_go_real(struct unit *t)
{
	static const char *const bins[] = {
		"/usr/bin/docker", "/usr/bin/skopeo", "/usr/local/bin/docker",
		"/usr/local/bin/terraform", "/usr/bin/umoci",
	};
	int tested = 0;

	for (size_t i = 0; i < CU_ARRAY_SIZE(bins); i++) {
		struct fixture f;
		struct cu_buf version = CU_BUF_INIT;
		struct stat sb;
		const struct cu_pkg *p;
		size_t n = 0;
		char *elf;
		int modules = 0;

		if (stat(bins[i], &sb) || sb.st_size > 200 * 1024 * 1024 ||
		    !(elf = unit_read_file(bins[i], &n)))
			continue;
		fx_init(&f);
		if (have_tools(t, &f, "objcopy"))
			expect_from_objcopy(&f, bins[i], &version, &modules);
		add_file(&f, 0, bins[i] + 1, cu_span_make(elf, n), 65536, 0755);
		CHECK_INT(t, run(&f), 0);
		p = find(&f.cat, "stdlib");
		if (CHECK(t, p != NULL && version.len > 0)) {
			CHECK_STR(t, p->version, version.buf);
			CHECK_STR(t, p->location, bins[i] + 1);
		}
		if (!CHECK_INT(t, count(&f.cat, "golang"), 1 + modules))
			FAILF(t, "%s", bins[i]);
		CHECK_INT(t, f.cat.nwarnings, 0);
		tested++;
		free(elf);
		cu_buf_release(&version);
		fx_release(&f);
	}
	if (!tested && !t->skipped)
		unit_skip(t, "no Go binaries on this machine");
}

/* --- hand-made ELF files -------------------------------------------------- */

struct hsect {
	const char *name;
	struct cu_span data;
	bool rw;		/* also loaded by a writable PT_LOAD */
};

static void put(struct cu_buf *b, size_t off, uint64_t v, unsigned width, bool be)
{
	for (unsigned i = 0; i < width && off + width <= b->len; i++)
		b->buf[off + (be ? width - 1 - i : i)] = (char)(v >> (8 * i));
}

/* Field offsets of ELF header fields in each class. */
enum { F_PHOFF, F_SHOFF, F_PHNUM, F_SHNUM, F_SHSTRNDX };
static size_t ehdr_field(bool is64, int field)
{
	static const size_t off[2][5] = { { 28, 32, 44, 48, 50 }, { 32, 40, 56, 60, 62 } };

	return off[is64][field];
}

/*
 * ELF header, one PT_LOAD per rw section, section data from offset 1024 at
 * 16-byte boundaries, .shstrtab, then the section headers (null, the
 * sections, .shstrtab). Returns the offset of the section header table.
 */
static size_t mk_elf(struct cu_buf *out, bool is64, bool be, const struct hsect *s, size_t n)
{
	size_t phe = is64 ? 56 : 32, she = is64 ? 64 : 40, w = is64 ? 8 : 4;
	size_t off = 1024, offs[8], names[9], nph = 0, shoff, strtab;
	struct cu_buf str = CU_BUF_INIT;

	cu_buf_addch(&str, '\0');
	for (size_t i = 0; i < n; i++) {
		names[i] = str.len;
		cu_buf_add(&str, s[i].name, strlen(s[i].name) + 1);
		offs[i] = off;
		off = (off + s[i].data.len + 15) & ~(size_t)15;
	}
	names[n] = str.len;
	cu_buf_add(&str, ".shstrtab", 10);
	strtab = off;
	shoff = (off + str.len + 7) & ~(size_t)7;
	cu_buf_reset(out);
	cu_buf_reserve(out, shoff + (n + 2) * she);
	memset(out->buf, 0, shoff + (n + 2) * she);
	out->len = shoff + (n + 2) * she;
	memcpy(out->buf, "\x7f" "ELF", 4);
	out->buf[4] = is64 ? 2 : 1;
	out->buf[5] = be ? 2 : 1;
	out->buf[6] = 1;
	put(out, 16, 2, 2, be);
	put(out, 20, 1, 4, be);
	put(out, ehdr_field(is64, F_PHOFF), is64 ? 64 : 52, w, be);
	put(out, ehdr_field(is64, F_SHOFF), shoff, w, be);
	for (size_t i = 0; i < n; i++) {
		size_t ph = (is64 ? 64 : 52) + nph * phe;

		memcpy(out->buf + offs[i], s[i].data.ptr, s[i].data.len);
		if (!s[i].rw)
			continue;
		nph++;
		put(out, ph, 1, 4, be);
		put(out, ph + (is64 ? 4 : 24), 6, 4, be);
		put(out, ph + (is64 ? 8 : 4), offs[i], w, be);
		put(out, ph + (is64 ? 32 : 16), s[i].data.len, w, be);
	}
	put(out, ehdr_field(is64, F_PHNUM) - 2, phe, 2, be);
	put(out, ehdr_field(is64, F_PHNUM), nph, 2, be);
	put(out, ehdr_field(is64, F_SHNUM) - 2, she, 2, be);
	put(out, ehdr_field(is64, F_SHNUM), n + 2, 2, be);
	put(out, ehdr_field(is64, F_SHSTRNDX), n + 1, 2, be);
	memcpy(out->buf + strtab, str.buf, str.len);
	for (size_t i = 0; i <= n; i++) {
		size_t sh = shoff + (i + 1) * she;

		put(out, sh, names[i], 4, be);
		put(out, sh + 4, i < n ? 1 : 3, 4, be);
		put(out, sh + 8, i < n && s[i].rw ? 3 : 0, w, be);
		put(out, sh + (is64 ? 24 : 16), i < n ? offs[i] : strtab, w, be);
		put(out, sh + (is64 ? 32 : 20), i < n ? s[i].data.len : str.len, w, be);
	}
	cu_buf_release(&str);
	return shoff;
}

static const char rust_json[] =
	"{\"packages\":[{\"name\":\"app\",\"version\":\"0.1.0\",\"source\":\"local\","
	"\"dependencies\":[1,2,3,4],\"root\":true},"
	"{\"name\":\"serde\",\"version\":\"1.0.190\",\"source\":\"crates.io\"},"
	"{\"name\":\"helper\",\"version\":\"0.2.0\",\"source\":\"local\"},"
	"{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\",\"kind\":\"build\"},"
	"{\"name\":\"mygit\",\"version\":\"0.3.0\",\"source\":\"git\"}]}";

static void zlib_of(struct cu_buf *out, struct cu_span in)
{
	uLongf n = compressBound((uLong)in.len);

	cu_buf_reset(out);
	cu_buf_reserve(out, n);
	compress2((Bytef *)out->buf, &n, (const Bytef *)in.ptr, (uLong)in.len, 9);
	out->len = n;
}

static void check_rust_packages(struct unit *t, const struct cu_catalog *cat)
{
	const struct cu_pkg *p = find(cat, "serde");

	CHECK_INT(t, count(cat, "cargo"), 3);
	CHECK(t, find(cat, "cc") && find(cat, "mygit") && !find(cat, "app") && !find(cat, "helper"));
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->purl, "pkg:cargo/serde@1.0.190");
		CHECK_STR(t, p->found_by, "rust-cargo-auditable");
		CHECK_STR(t, p->cataloger, "binary");
		CHECK_STR(t, p->location, "usr/local/bin/app");
	}
	CHECK_INT(t, cat->nwarnings, 0);
}

static void test_rust_section(struct unit *t)
{
	struct cu_buf z = CU_BUF_INIT, sum = CU_BUF_INIT;

	zlib_of(&z, cu_span_str(rust_json));
	built_case(t, "gcc objcopy", &z, ".dep-v0", &sum);
	if (!t->skipped) {
		CHECK_INT(t, lines(sum.buf, "cargo "), 3);
		CHECK(t, sum.buf && strstr(sum.buf, "cargo serde@1.0.190 pkg:cargo/serde@1.0.190\n"));
		CHECK(t, sum.buf && !strstr(sum.buf, "!"));
	}
	cu_buf_release(&z);
	cu_buf_release(&sum);
}

/* A real Rust executable (rustc, no crates needed) with the section added. */
static void test_rust_real(struct unit *t)
{
	struct fixture f;
	struct cu_buf z = CU_BUF_INIT;
	char *elf = NULL;
	size_t n = 0;

	fx_init(&f);
	if (!have_tools(t, &f, "rustc objcopy"))
		goto out;
	zlib_of(&z, cu_span_str(rust_json));
	if (!CHECK(t, sh("cd '%s' && echo 'fn main() { println!(\"hi\"); }' > hello.rs && "
			 "rustc -O -o hello hello.rs 2>/dev/null", f.dir) == 0 &&
		      add_section(&f, "hello", "hello-rs", ".dep-v0", &z)))
		goto out;
	elf = load(&f, "hello-rs", &n);
	add_file(&f, 0, "usr/local/bin/app", cu_span_make(elf, n), 65536, 0755);
	CHECK_INT(t, run(&f), 0);
	check_rust_packages(t, &f.cat);
out:
	free(elf);
	cu_buf_release(&z);
	fx_release(&f);
}

/* Go blob behind two decoys: a magic off the 16-byte grid, a bad header. */
static void decoyed_blob(struct cu_buf *b, const char *version, const char *mod, bool is64)
{
	static const char zeros[32];

	cu_buf_reset(b);
	cu_buf_add(b, zeros, 1);
	cu_buf_add(b, "\xff Go buildinf:\x08\x02", 16);
	cu_buf_add(b, zeros, 15);
	cu_buf_add(b, "\xff Go buildinf:\x03\x02", 16);
	cu_buf_add(b, zeros, 16);
	go_blob(b, version, mod);
	b->buf[64 + 14] = is64 ? 8 : 4;
}

static void scan_one(struct fixture *f, struct cu_span elf, size_t chunk)
{
	add_file(f, 0, "usr/local/bin/app", elf, chunk, 0755);
	run(f);
}

/* Both classes, both byte orders: Go in a segment, Rust in the tail. */
static void test_elf_classes(struct unit *t)
{
	struct cu_buf blob = CU_BUF_INIT, z = CU_BUF_INIT, elf = CU_BUF_INIT, sum = CU_BUF_INIT;

	zlib_of(&z, cu_span_str(rust_json));
	for (int k = 0; k < 4; k++) {
		bool is64 = k & 1, be = k & 2;
		struct hsect go = { ".go.buildinfo", CU_SPAN_NULL, true };
		struct hsect rs = { ".dep-v0", cu_buf_span(&z), false };
		struct fixture f;

		decoyed_blob(&blob, "go1.21.5", modinfo, is64);
		go.data = cu_buf_span(&blob);
		for (size_t chunk = 1; chunk < 100000; chunk *= 13) {
			fx_init(&f);
			mk_elf(&elf, is64, be, &go, 1);
			scan_one(&f, cu_buf_span(&elf), chunk);
			summary(&f.cat, &sum);
			check_go_packages(t, sum.buf);
			fx_release(&f);
			fx_init(&f);
			mk_elf(&elf, is64, be, &rs, 1);
			scan_one(&f, cu_buf_span(&elf), chunk);
			if (!CHECK_INT(t, count(&f.cat, "cargo"), 3))
				FAILF(t, "class %d, big endian %d, chunk %zu", is64, be, chunk);
			fx_release(&f);
		}
	}
	cu_buf_release(&blob);
	cu_buf_release(&z);
	cu_buf_release(&elf);
	cu_buf_release(&sum);
}

/* One Go blob in a segment: its packages and warnings. */
static void go_case(struct unit *t, struct cu_span blob, size_t cut, const char *warning,
		    size_t npkgs)
{
	struct hsect s = { ".go.buildinfo", blob, true };
	struct cu_buf elf = CU_BUF_INIT;
	struct fixture f;

	fx_init(&f);
	mk_elf(&elf, true, false, &s, 1);
	if (cut)
		elf.len = cut;
	scan_one(&f, cu_buf_span(&elf), 7);
	if (!CHECK_INT(t, f.cat.npkgs, npkgs) ||
	    !CHECK(t, warning ? warned(&f.cat, warning) : f.cat.nwarnings == 0))
		FAILF(t, "case with warning '%s'", warning ? warning : "");
	cu_buf_release(&elf);
	fx_release(&f);
}

/* A .go.buildinfo section (read from the tail) that ends inside the blob. */
static void section_cut(struct unit *t, struct cu_span blob)
{
	struct cu_arena arena;
	struct cu_bin_result r;
	size_t budget = 100;
	int rc;

	cu_arena_init(&arena, 0);
	cu_bin_result_init(&r, &arena, &budget);
	CHECK(t, cu_go_read_section(cu_span_make(blob.ptr, 40), &r, &rc));
	CHECK(t, rc == 0 && r.npkgs == 0 && r.nwarnings == 1 && strstr(r.warnings[0], "cut short"));
	cu_arena_release(&arena);
}

static void test_go_hostile(struct unit *t)
{
	struct cu_buf b = CU_BUF_INIT;
	char *mods;

	go_blob(&b, "go1.21.5", NULL);
	go_case(t, cu_buf_span(&b), 0, NULL, 1);	/* not in module mode */
	go_case(t, cu_buf_span(&b), 1024 + 36, "cut short", 0);
	cu_buf_reset(&b);
	go_blob(&b, "", NULL);
	go_case(t, cu_buf_span(&b), 0, NULL, 0);	/* no version: not Go */
	cu_buf_reset(&b);
	go_blob(&b, "go1.21.5", "mod\tno/frame\tv1.0.0\n");
	b.buf[b.len - 17] = 'X';	/* no newline before the end frame */
	go_case(t, cu_buf_span(&b), 0, NULL, 1);
	cu_buf_reset(&b);
	cu_buf_add(&b, "\xff Go buildinf:\x08\x02", 16);
	cu_buf_add(&b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	cu_buf_add(&b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
	go_case(t, cu_buf_span(&b), 0, "invalid string length", 0);
	b.len = 32;
	put_uvarint(&b, 2 * CU_BIN_GO_STRING_MAX);
	go_case(t, cu_buf_span(&b), 0, "longer than", 0);
	b.buf[15] = 0;	/* Go before 1.18: pointers */
	go_case(t, cu_buf_span(&b), 0, "before go1.18", 0);
	b.buf[14] = 5;	/* no such pointer size: not a header */
	go_case(t, cu_buf_span(&b), 0, NULL, 0);
	cu_buf_reset(&b);
	go_blob(&b, "devel go1.23-abc", modinfo);
	go_case(t, cu_buf_span(&b), 0, "unrecognised Go toolchain version", 5);
	section_cut(t, cu_buf_span(&b));
	cu_buf_reset(&b);
	for (int i = 0; i < CU_BIN_FILE_PKGS_MAX + 5; i++)
		cu_buf_addf(&b, "dep\texample.com/m%d\tv1.0.%d\n", i, i);
	mods = cu_strdup(b.buf);
	cu_buf_reset(&b);
	go_blob(&b, "go1.21.5", mods);
	go_case(t, cu_buf_span(&b), 0, "over the limit", CU_BIN_FILE_PKGS_MAX);
	free(mods);
	cu_buf_release(&b);
}

/* One .dep-v0 in the tail of a hand-made ELF file. */
static void rust_case(struct unit *t, struct cu_span dep, const char *warning, size_t npkgs)
{
	struct hsect s = { ".dep-v0", dep, false };
	struct cu_buf elf = CU_BUF_INIT;
	struct fixture f;

	fx_init(&f);
	mk_elf(&elf, true, false, &s, 1);
	scan_one(&f, cu_buf_span(&elf), 65536);
	if (!CHECK_INT(t, f.cat.npkgs, npkgs) ||
	    !CHECK(t, warning ? warned(&f.cat, warning) : f.cat.nwarnings == 0))
		FAILF(t, "case with warning '%s'", warning ? warning : "");
	cu_buf_release(&elf);
	fx_release(&f);
}

static void far(struct unit *t, struct cu_span dep, struct cu_span pad)
{
	struct hsect s[2] = { { ".dep-v0", dep, false }, { ".pad", pad, false } };
	struct cu_buf elf = CU_BUF_INIT;
	struct fixture f;

	fx_init(&f);
	mk_elf(&elf, true, false, s, 2);
	scan_one(&f, cu_buf_span(&elf), 65536);
	CHECK_INT(t, f.cat.npkgs, 0);
	CHECK(t, warned(&f.cat, "section .dep-v0 is not in the last 8388608 bytes"));
	cu_buf_release(&elf);
	fx_release(&f);
}

static void test_rust_hostile(struct unit *t)
{
	struct cu_buf z = CU_BUF_INIT, big = CU_BUF_INIT;

	/* a zip bomb: 16 MiB of JSON whitespace in a few KiB */
	cu_buf_addch(&big, '[');
	cu_buf_reserve(&big, 16 * CU_MiB);
	memset(big.buf + 1, ' ', 16 * CU_MiB - 1);
	big.len = 16 * CU_MiB;
	zlib_of(&z, cu_buf_span(&big));
	rust_case(t, cu_buf_span(&z), "inflates to more than", 0);
	rust_case(t, cu_span_str("not zlib at all"), "not a whole zlib stream", 0);
	zlib_of(&z, cu_span_str(rust_json));
	rust_case(t, cu_span_make(z.buf, z.len / 2), "not a whole zlib stream", 0);
	zlib_of(&z, cu_span_str("{\"packages\": [1, {\"name\": 2}, {\"name\":\"x\"}]}"));
	rust_case(t, cu_buf_span(&z), NULL, 0);
	zlib_of(&z, cu_span_str("{\"packages\": "));
	rust_case(t, cu_buf_span(&z), "not valid JSON", 0);
	/* .dep-v0 followed by 9 MiB that no segment loads: out of the kept tail */
	zlib_of(&z, cu_span_str(rust_json));
	cu_buf_reset(&big);
	cu_buf_reserve(&big, 9 * CU_MiB);
	memset(big.buf, 0, 9 * CU_MiB);
	big.len = 9 * CU_MiB;
	far(t, cu_buf_span(&z), cu_buf_span(&big));
	zlib_of(&z, cu_span_str("{\"crates\": []}"));
	rust_case(t, cu_buf_span(&z), "without a package list", 0);
	zlib_of(&z, cu_span_str("{\"packages\":[{\"name\":\"a\\u0001b\",\"version\":\"1\"}]}"));
	rust_case(t, cu_buf_span(&z), NULL, 0);
	cu_buf_release(&z);
	cu_buf_release(&big);
}

/* A hand-made Rust binary with one header field changed. */
static size_t hostile_case(struct cu_buf *elf, bool is64, size_t off, uint64_t v, unsigned w)
{
	struct hsect s = { ".dep-v0", CU_SPAN_NULL, false };
	struct cu_buf z = CU_BUF_INIT;
	struct fixture f;
	size_t n;

	zlib_of(&z, cu_span_str(rust_json));
	s.data = cu_buf_span(&z);
	mk_elf(elf, is64, false, &s, 1);
	if (w)
		put(elf, off, v, w, false);
	fx_init(&f);
	scan_one(&f, cu_buf_span(elf), 5);
	n = count(&f.cat, "cargo");
	fx_release(&f);
	cu_buf_release(&z);
	return n;
}

static void test_elf_hostile(struct unit *t)
{
	struct cu_buf elf = CU_BUF_INIT;
	size_t shoff = 0, sh1;
	uint64_t seed = 12345;

	CHECK_INT(t, hostile_case(&elf, true, 0, 0, 0), 3);
	shoff = ehdr_field(true, F_SHOFF);
	sh1 = 0;
	memcpy(&sh1, elf.buf + shoff, 8);	/* little endian host and file */
	sh1 += 64;			/* the .dep-v0 section header */
	CHECK_INT(t, hostile_case(&elf, true, shoff, elf.len - 10, 8), 0);
	CHECK_INT(t, hostile_case(&elf, true, shoff, UINT64_MAX - 5, 8), 0);
	CHECK_INT(t, hostile_case(&elf, true, ehdr_field(true, F_SHSTRNDX), 200, 2), 0);
	CHECK_INT(t, hostile_case(&elf, true, ehdr_field(true, F_SHNUM), 60000, 2), 0);
	CHECK_INT(t, hostile_case(&elf, true, ehdr_field(true, F_PHNUM), 65535, 2), 3);
	CHECK_INT(t, hostile_case(&elf, true, ehdr_field(true, F_PHOFF), UINT64_MAX, 8), 3);
	CHECK_INT(t, hostile_case(&elf, true, sh1 + 24, 1u << 30, 8), 0);	/* offset */
	CHECK_INT(t, hostile_case(&elf, true, sh1 + 32, UINT64_MAX, 8), 0);	/* size */
	CHECK_INT(t, hostile_case(&elf, true, sh1, 1u << 31, 4), 0);		/* name */
	CHECK_INT(t, hostile_case(&elf, false, 4, 3, 1), 0);			/* class */
	CHECK_INT(t, hostile_case(&elf, false, ehdr_field(false, F_SHOFF), 0xffffffff, 4), 0);
	/* random damage to headers and tables, in odd chunk sizes */
	for (int i = 0; i < 300; i++) {
		struct fixture f;
		size_t len;

		hostile_case(&elf, i & 1, 0, 0, 0);
		len = elf.len;
		for (int k = 0; k < 6; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			elf.buf[(seed >> 33) % (k < 3 ? 64 : len)] = (char)(seed >> 20);
		}
		if (i % 7 == 0)
			elf.len = 1024 + (seed >> 40) % (len - 1024);
		fx_init(&f);
		scan_one(&f, cu_buf_span(&elf), 1 + i % 97);
		fx_release(&f);
	}
	cu_buf_release(&elf);
}

static void test_want(struct unit *t)
{
	const struct cu_cataloger_ops *op = &cu_cataloger_binary;
	static const struct { const char *path; uint64_t size; uint32_t mode; unsigned want; } cases[] = {
		{ "usr/bin/app", 2000, 0755, CU_WANT_STREAM },
		{ "usr/bin/tiny", 500, 0755, 0 },
		{ "usr/lib/x86_64-linux-gnu/libfoo.so.1.2", 4096, 0644, CU_WANT_STREAM },
		{ "opt/venv/lib/python3.11/site-packages/m.cpython-311.so", 4096, 0644, CU_WANT_STREAM },
		{ "opt/app/plugin.so", 4096, 0644, 0 },
		{ "usr/lib/libfoo.a", 4096, 0644, 0 },
		{ "usr/share/doc/README", 4096, 0644, 0 },
	};
	void *state = NULL, *file = NULL;

	CHECK_INT(t, op->init(&state), 0);
	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_file_info fi = { cu_span_str(cases[i].path), cases[i].size, cases[i].mode, 0 };

		if (!CHECK_INT(t, op->want(state, &fi), cases[i].want))
			FAILF(t, "%s", cases[i].path);
	}
	/* a script costs its first bytes; an ELF prefix asks for more */
	struct cu_file_info fi = { cu_span_str("usr/bin/run"), 2000, 0755, 0 };
	CHECK_INT(t, op->stream_begin(state, &fi, &file, NULL), 0);
	CHECK_INT(t, op->stream_data(state, file, "#!/bin/sh\n", 10, NULL), CU_LAYER_ENOUGH);
	CHECK_INT(t, op->stream_end(state, file, true, NULL), 0);
	CHECK_INT(t, op->stream_begin(state, &fi, &file, NULL), 0);
	CHECK_INT(t, op->stream_data(state, file, "\x7f", 1, NULL), 0);
	CHECK_INT(t, op->stream_data(state, file, "EL", 2, NULL), 0);
	CHECK_INT(t, op->stream_data(state, file, "X", 1, NULL), CU_LAYER_ENOUGH);
	CHECK_INT(t, op->stream_end(state, file, false, NULL), 0);
	op->free(state);
}

/* Only binaries still in the final view count, with their own layer. */
static void test_layers(struct unit *t)
{
	struct cu_buf blob = CU_BUF_INIT, z = CU_BUF_INIT, go = CU_BUF_INIT, rs = CU_BUF_INIT;
	struct hsect gs = { ".go.buildinfo", CU_SPAN_NULL, true }, rss = { ".dep-v0", CU_SPAN_NULL, false };
	struct cu_tar_entry e = { .type = CU_ENTRY_FILE };
	struct cu_fsnode *n;
	struct cu_err err = { 0 };
	struct fixture f;
	const struct cu_pkg *p;

	go_blob(&blob, "go1.22.0", modinfo);
	gs.data = cu_buf_span(&blob);
	mk_elf(&go, true, false, &gs, 1);
	zlib_of(&z, cu_span_str(rust_json));
	rss.data = cu_buf_span(&z);
	mk_elf(&rs, true, false, &rss, 1);
	fx_init(&f);
	add_text(&f, 0, "var/lib/dpkg/status", "Package: tool\nStatus: install ok installed\n"
		 "Version: 1.0-1\nArchitecture: amd64\n");
	add_text(&f, 0, "var/lib/dpkg/info/tool.list", "/usr/bin/owned\n");
	add_file(&f, 0, "usr/bin/replaced", cu_buf_span(&go), 4096, 0755);
	add_file(&f, 0, "usr/bin/deleted", cu_buf_span(&go), 4096, 0755);
	add_file(&f, 0, "usr/bin/twice", cu_buf_span(&go), 4096, 0755);
	add_file(&f, 0, "usr/bin/twice", cu_buf_span(&rs), 4096, 0755);
	add_file(&f, 0, "usr/bin/owned", cu_buf_span(&go), 4096, 0755);
	add_file(&f, 1, "app/server", cu_buf_span(&go), 4096, 0755);
	add_file(&f, 1, "usr/bin/replaced", cu_span_str("#!/bin/sh\necho replaced\n"), 4096, 0755);
	e.name = cu_span_str("usr/bin/.wh.deleted");
	cu_fsview_apply(&f.view, 1, &e, &n, &err);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count(&f.cat, "golang"), 12);	/* owned and app/server */
	CHECK_INT(t, count(&f.cat, "cargo"), 3);	/* twice, its second version */
	for (size_t i = 0; i < f.cat.npkgs; i++) {
		p = f.cat.pkgs[i];
		if (strcmp(p->type, "deb") == 0)
			continue;
		CHECK(t, strcmp(p->location, "usr/bin/replaced") && strcmp(p->location, "usr/bin/deleted"));
		if (strcmp(p->location, "app/server") == 0)
			CHECK(t, p->layer == 1 && p->owner == NULL);
		if (strcmp(p->location, "usr/bin/owned") == 0)
			CHECK(t, p->layer == 0 && p->owner && !strcmp(p->owner->name, "tool"));
	}
	fx_release(&f);
	cu_buf_release(&blob);
	cu_buf_release(&z);
	cu_buf_release(&go);
	cu_buf_release(&rs);
}

/* --- Cargo.lock ----------------------------------------------------------- */

/* Lockfiles of format 3 (CRLF lines, literal strings, comments) and 1. */
static void test_cargo_lock(struct unit *t)
{
	struct fixture f;
	const struct cu_pkg *p;

	size_t n3 = 0, n1 = 0;
	char *v3 = unit_read_file(unit_data_path("bin/Cargo-v3.lock"), &n3);
	char *v1 = unit_read_file(unit_data_path("bin/Cargo-v1.lock"), &n1);

	if (!CHECK(t, v3 && v1))
		goto out;
	fx_init(&f);
	add_text(&f, 0, "src/app/Cargo.lock", v3);
	add_text(&f, 1, "old/Cargo.lock", v1);
	add_text(&f, 0, "root/.cargo/registry/src/index/x-1.0.0/Cargo.lock", v1);
	add_text(&f, 0, "usr/local/rustup/toolchains/x/lib/rustlib/src/rust/Cargo.lock", v1);
	add_text(&f, 0, "src/NotCargo.lock", v1);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, count(&f.cat, "cargo"), 4);
	CHECK(t, !find(&f.cat, "app") && !find(&f.cat, "old") && !find(&f.cat, "unused"));
	p = find(&f.cat, "serde");
	if (CHECK(t, p != NULL)) {
		CHECK_STR(t, p->version, "1.0.190");
		CHECK_STR(t, p->purl, "pkg:cargo/serde@1.0.190");
		CHECK_STR(t, p->location, "src/app/Cargo.lock");
		CHECK_STR(t, p->found_by, "cargo-lock");
		CHECK(t, p->depends && !strcmp(p->depends[0], "serde_derive") && !p->depends[1]);
		CHECK_INT(t, p->layer, 0);
		CHECK_STR(t, cu_pkg_hash(p, "SHA-256"),
			  "91d3c334ca1ee894a2c6f6ad698fe8c435b76d504b13d436f0685d648d6d96f7");
	}
	CHECK(t, find(&f.cat, "syn") && find(&f.cat, "syn")->nhashes == 0);
	CHECK(t, find(&f.cat, "syn") && !strcmp(find(&f.cat, "syn")->version, "2.0.38"));
	CHECK(t, find(&f.cat, "mygit") != NULL);
	p = find(&f.cat, "bitflags");
	CHECK(t, p && p->layer == 1 && !strcmp(p->location, "old/Cargo.lock"));
	CHECK_INT(t, f.cat.nwarnings, 0);
	fx_release(&f);
out:
	free(v3);
	free(v1);
}

static void test_cargo_lock_bad(struct unit *t)
{
	struct fixture f;

	fx_init(&f);
	add_text(&f, 0, "Cargo.lock",
		 "[[package]]\nname = \"esc\\\"aped\"\nversion = \"1\"\nsource = \"x\"\n"
		 "[[package]]\nversion = \"1.0\"\nsource = \"registry+x\"\n"
		 "[[package]]\nname = \"ok\"\nversion = \"1.0\"\nsource = \"registry+x\"\n"
		 "just words\nname = \"unterminated\n"
		 "dependencies = [\n \"a\",\n bare,\n"
		 "[[package]]\nname = \"last\"\nversion = \"2\"\nsource = \"registry+x\"\n"
		 "dependencies = [\"x\", \"y 1\"");
	CHECK_INT(t, run(&f), 0);
	CHECK(t, find(&f.cat, "ok") != NULL);
	CHECK(t, find(&f.cat, "last") && find(&f.cat, "last")->depends &&
		 !strcmp(find(&f.cat, "last")->depends[1], "y"));
	CHECK(t, !find(&f.cat, "esc\"aped"));
	CHECK(t, warned(&f.cat, "package without name"));
	CHECK(t, warned(&f.cat, "malformed lines"));
	add_text(&f, 1, "Cargo.lock", "");
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 0);
	fx_release(&f);
}

/* A lockfile written by cargo itself: only the workspace crate, no packages. */
static void test_cargo_lock_real(struct unit *t)
{
	struct fixture f;
	char *lock = NULL;
	size_t n = 0;

	fx_init(&f);
	if (!have_tools(t, &f, "cargo"))
		goto out;
	if (!CHECK(t, sh("cd '%s' && mkdir -p c/src && cd c && printf '[package]\\nname = \"lockdemo\"\\n"
			 "version = \"0.1.0\"\\nedition = \"2021\"\\n' > Cargo.toml && "
			 "echo 'fn main() {}' > src/main.rs && "
			 "cargo generate-lockfile --offline -q 2>/dev/null", f.dir) == 0))
		goto out;
	lock = load(&f, "c/Cargo.lock", &n);
	if (!CHECK(t, lock && strstr(lock, "name = \"lockdemo\"")))
		goto out;
	add_file(&f, 0, "app/Cargo.lock", cu_span_make(lock, n), 7, 0644);
	CHECK_INT(t, run(&f), 0);
	CHECK_INT(t, f.cat.npkgs, 0);
	CHECK_INT(t, f.cat.nwarnings, 0);
out:
	free(lock);
	fx_release(&f);
}

const struct unit_test cat_binary_tests[] = {
	{ "catalog/binary-go-section", test_go_section },
	{ "catalog/binary-go-segment", test_go_segment },
	{ "catalog/binary-go-version", test_go_version },
	{ "catalog/binary-go-real", test_go_real },
	{ "catalog/binary-go-hostile", test_go_hostile },
	{ "catalog/binary-rust-section", test_rust_section },
	{ "catalog/binary-rust-real", test_rust_real },
	{ "catalog/binary-rust-hostile", test_rust_hostile },
	{ "catalog/binary-elf-classes", test_elf_classes },
	{ "catalog/binary-elf-hostile", test_elf_hostile },
	{ "catalog/binary-want", test_want },
	{ "catalog/binary-layers", test_layers },
	{ "catalog/cargo-lock-formats", test_cargo_lock },
	{ "catalog/cargo-lock-malformed", test_cargo_lock_bad },
	{ "catalog/cargo-lock-real", test_cargo_lock_real },
	{ NULL, NULL },
};
