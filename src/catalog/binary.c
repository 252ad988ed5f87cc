/*
 * binary.c - packages compiled into ELF executables and shared objects:
 * Go modules and toolchain from the Go build info (binary-go.c), Rust
 * crates from cargo-auditable data (binary-rust.c).
 *
 * Binaries are never held in memory: each one is streamed once as its layer
 * passes (CU_WANT_STREAM) and only these bytes are kept, each capped:
 *
 *   - the ELF and program headers at the start (BIN_HEAD_MAX), which say
 *     where the writable segments are and where the loaded part of the file
 *     ends;
 *   - the Go build info blob. The Go linker puts it in the data segment:
 *     its magic is searched for (memmem) in the file bytes of every
 *     writable, non-executable PT_LOAD while they pass. Go's own reader
 *     looks at the first 64 KiB of that segment only, after the section
 *     header table told it where .go.buildinfo is; we cannot know that
 *     before the end, and with external linking (cgo) the blob comes after
 *     .data, further in (skopeo's is 93 KiB in), so whole segments are
 *     searched. Once a Go binary is read the rest of the file is skipped;
 *   - the section header table (BIN_SHDRS_MAX), usually the last thing in
 *     the file, and up to BIN_TAIL_MAX bytes at the end of the file that no
 *     segment loads, where linkers put non-allocated sections: .shstrtab and
 *     cargo-auditable's .dep-v0 (non-allocated on purpose). At the end of
 *     the file the section names say whether .dep-v0 (or a .go.buildinfo
 *     outside the segments, as objcopy --add-section makes) is among the
 *     kept bytes; one that is not is skipped with a warning.
 *
 * A non-ELF file costs one look at its first bytes. Findings are keyed by
 * path and layer, and only those whose file is still in the final view
 * become packages (cu_catalog_visible); their location is the binary, their
 * owner the distribution package that installed it, if any.
 */
#include <stdarg.h>

#include "binary.h"
#include "catalog.h"
#include "common.h"
#include "elf.h"
#include "purl.h"

/* Smallest file looked at: smaller ones cannot hold what we read. */
#define BIN_MIN_SIZE	1024
/* The ELF and program headers must lie in the first bytes of the file. */
#define BIN_HEAD_MAX	(64 * 1024)
/* Most bytes kept from the end of a binary (none that a segment loads). */
#define BIN_TAIL_MAX	(8 * CU_MiB)
/* Largest section header table read (4096 64-bit entries). */
#define BIN_SHDRS_MAX	(4096 * 64)
/* Writable segments searched for the Go build info. */
#define BIN_RW_MAX	16
/* Packages all binaries of an image may yield. */
#define BIN_PKGS_MAX	CU_CAP_PKGDB_ENTRIES
/* Binaries whose findings are remembered. */
#define BIN_FILES_MAX	200000
/* Memory for the findings until catalog(). */
#define BIN_ARENA_MAX	(256 * CU_MiB)

struct range {
	uint64_t start, end;
};

/* Bytes [start, end) of the file, copied as they pass. */
struct region {
	uint64_t start, end;
	char *buf;
};

struct record {
	const char *path;
	int layer;
	bool live;		/* not replaced by a later version in its layer */
	struct cu_bin_result res;
};

struct bin_state {
	struct cu_arena arena;
	struct cu_map files;	/* "layer:path" -> struct record */
	struct record **records;
	size_t nrecords, alloc;
	size_t budget;		/* packages still allowed */
	bool files_dropped;
};

enum phase {
	PH_HEAD,	/* gathering the ELF and program headers */
	PH_BODY,	/* an ELF file: searching and keeping */
	PH_SKIP,	/* not an ELF file */
};

struct bin_file {
	struct bin_state *st;
	char *path;
	int layer;
	uint64_t size, pos;
	enum phase phase;
	struct cu_buf head;
	struct cu_elf elf;
	struct range rw[BIN_RW_MAX];
	size_t nrw;
	struct region tail, shdrs;
	struct cu_go_scan go;
	struct cu_bin_result res;
};

/* --- findings ------------------------------------------------------------ */

void cu_bin_result_init(struct cu_bin_result *r, struct cu_arena *arena, size_t *budget)
{
	memset(r, 0, sizeof(*r));
	r->arena = arena;
	r->budget = budget;
	r->last = &r->first;
}

static bool plain_text(struct cu_span s)
{
	if (!s.len || s.len > CU_BIN_NAME_MAX)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if ((unsigned char)s.ptr[i] < 0x20 || s.ptr[i] == 0x7f)
			return false;
	return true;
}

int cu_bin_add(struct cu_bin_result *r, const char *type, struct cu_span name,
	       struct cu_span version, const char *found_by)
{
	struct cu_bin_found *f;

	if (!plain_text(name) || !plain_text(version))
		return 0;
	if (r->npkgs >= CU_BIN_FILE_PKGS_MAX || !*r->budget) {
		r->dropped = true;
		return 0;
	}
	f = cu_arena_alloc(r->arena, sizeof(*f));
	if (f) {
		f->name = cu_arena_spandup(r->arena, name);
		f->version = cu_arena_spandup(r->arena, version);
	}
	if (!f || !f->name || !f->version) {
		r->dropped = true;	/* over BIN_ARENA_MAX */
		return 0;
	}
	f->type = type;
	f->found_by = found_by;
	*r->last = f;
	r->last = &f->next;
	r->npkgs++;
	(*r->budget)--;
	return 0;
}

void cu_bin_warn(struct cu_bin_result *r, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (r->nwarnings >= CU_BIN_FILE_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->warnings[r->nwarnings] = cu_arena_strdup(r->arena, msg);
	if (r->warnings[r->nwarnings])
		r->nwarnings++;
}

/* --- cataloger state ------------------------------------------------------ */

static int init(void **state)
{
	struct bin_state *st = calloc(1, sizeof(*st));

	if (!st)
		return CU_ENOMEM;
	cu_arena_init(&st->arena, BIN_ARENA_MAX);
	cu_map_init(&st->files, BIN_FILES_MAX);
	st->budget = BIN_PKGS_MAX;
	*state = st;
	return 0;
}

static void release(void *state)
{
	struct bin_state *st = state;

	cu_map_release(&st->files);
	free(st->records);
	cu_arena_release(&st->arena);
	free(st);
}

/* "x.so", "libc.so.6" under a directory named lib* */
static bool is_shared_lib(struct cu_span path)
{
	ptrdiff_t slash = cu_span_rfind(path, '/');
	struct cu_span name = cu_span_skip(path, (size_t)(slash + 1));

	if (!cu_span_ends_with(name, ".so") && !memmem(name.ptr, name.len, ".so.", 4))
		return false;
	return cu_span_starts_with(path, "lib") || memmem(path.ptr, path.len, "/lib", 4);
}

static unsigned want(void *state, const struct cu_file_info *f)
{
	if (f->size < BIN_MIN_SIZE)
		return 0;
	if ((f->mode & 0111) || is_shared_lib(f->path))
		return CU_WANT_STREAM;
	return 0;
}

static int stream_begin(void *state, const struct cu_file_info *f, void **file,
			struct cu_err *err)
{
	struct bin_state *st = state;
	struct bin_file *bf = calloc(1, sizeof(*bf));

	*file = NULL;
	if (!bf || !(bf->path = cu_strndup(f->path.ptr, f->path.len))) {
		free(bf);
		return CU_ENOMEM;
	}
	bf->st = st;
	bf->layer = f->layer;
	bf->size = f->size;
	cu_buf_init(&bf->head, BIN_HEAD_MAX);
	cu_go_scan_init(&bf->go);
	cu_bin_result_init(&bf->res, &st->arena, &st->budget);
	*file = bf;
	return 0;
}

static void file_free(struct bin_file *bf)
{
	cu_buf_release(&bf->head);
	cu_go_scan_release(&bf->go);
	free(bf->tail.buf);
	free(bf->shdrs.buf);
	free(bf->path);
	free(bf);
}

/* --- the stream ----------------------------------------------------------- */

/* The part of data (at file offset off) inside [start, end). */
static bool clip(uint64_t start, uint64_t end, uint64_t off, struct cu_span data,
		 uint64_t *at, struct cu_span *part)
{
	uint64_t lo = off > start ? off : start;
	uint64_t hi = off + data.len < end ? off + data.len : end;

	if (lo >= hi)
		return false;
	*at = lo;
	*part = cu_span_make(data.ptr + (lo - off), (size_t)(hi - lo));
	return true;
}

static int region_feed(struct region *r, uint64_t off, struct cu_span data)
{
	struct cu_span part;
	uint64_t at;

	if (!clip(r->start, r->end, off, data, &at, &part))
		return 0;
	if (!r->buf && !(r->buf = malloc((size_t)(r->end - r->start))))
		return CU_ENOMEM;
	memcpy(r->buf + (at - r->start), part.ptr, part.len);
	return 0;
}

static int body(struct bin_file *bf, uint64_t off, struct cu_span data)
{
	struct cu_span part;
	uint64_t at;
	int rc = 0;

	for (size_t i = 0; !rc && i < bf->nrw && bf->go.state == CU_GO_SEARCH; i++)
		if (clip(bf->rw[i].start, bf->rw[i].end, off, data, &at, &part))
			rc = cu_go_scan_search(&bf->go, at, part);
	if (!rc)
		rc = cu_go_scan_collect(&bf->go, off, data, &bf->res);
	if (!rc)
		rc = region_feed(&bf->tail, off, data);
	if (!rc)
		rc = region_feed(&bf->shdrs, off, data);
	return rc;
}

/*
 * From the program headers: the writable, non-executable segments (where
 * the Go linker puts the build info) and the end of the loaded part of the
 * file, after which the kept tail starts. The section header table is kept
 * when it is inside the file and not too big.
 */
static void layout(struct bin_file *bf, struct cu_span head)
{
	struct cu_span table = cu_span_skip(head, (size_t)bf->elf.phoff);
	uint64_t loaded = 0, shsize = cu_elf_shdrs_size(&bf->elf), size = bf->size;
	struct cu_elf_phdr ph;

	for (size_t i = 0; cu_elf_phdr(&bf->elf, table, i, &ph); i++) {
		uint64_t end;

		if (ph.type != CU_ELF_PT_LOAD || ph.offset >= size)
			continue;
		end = ph.offset + (ph.filesz < size - ph.offset ? ph.filesz : size - ph.offset);
		if (end > loaded)
			loaded = end;
		if ((ph.flags & (CU_ELF_PF_X | CU_ELF_PF_W)) == CU_ELF_PF_W && bf->nrw < BIN_RW_MAX)
			bf->rw[bf->nrw++] = (struct range){ ph.offset, end };
	}
	bf->tail.start = size > BIN_TAIL_MAX ? size - BIN_TAIL_MAX : 0;
	if (loaded > bf->tail.start)
		bf->tail.start = loaded;
	bf->tail.end = size;
	if (bf->elf.shnum && bf->elf.shoff <= size && shsize <= size - bf->elf.shoff &&
	    shsize <= BIN_SHDRS_MAX) {
		bf->shdrs.start = bf->elf.shoff;
		bf->shdrs.end = bf->elf.shoff + shsize;
	}
}

/* Bytes the head must hold before the body can be read; 0: not ELF. */
static size_t head_need(struct bin_file *bf)
{
	struct cu_span h = cu_buf_span(&bf->head);
	size_t hsize = h.len >= 5 ? cu_elf_header_size(h) : 5;
	uint64_t end;

	if (!hsize)
		return 0;
	if (h.len < hsize)
		return hsize;
	if (cu_elf_parse_header(h, &bf->elf))
		return 0;
	end = bf->elf.phoff + cu_elf_phdrs_size(&bf->elf);
	if (!bf->elf.phnum || bf->elf.phoff > BIN_HEAD_MAX || end > BIN_HEAD_MAX ||
	    end > bf->size) {
		bf->elf.phnum = 0;
		return hsize;
	}
	return end > hsize ? (size_t)end : hsize;
}

static int begin_body(struct bin_file *bf)
{
	struct cu_span h = cu_buf_span(&bf->head);
	int rc;

	layout(bf, h);
	bf->phase = PH_BODY;
	rc = body(bf, 0, h);
	cu_buf_release(&bf->head);
	return rc;
}

/* Gather the headers from the front of data; start the body once whole. */
static int take_head(struct bin_file *bf, struct cu_span *data)
{
	for (;;) {
		size_t need = head_need(bf), take;
		int rc;

		if (!need) {
			bf->phase = PH_SKIP;
			return 0;
		}
		if (bf->head.len >= need)
			return begin_body(bf);
		if (!data->len)
			return 0;
		take = need - bf->head.len < data->len ? need - bf->head.len : data->len;
		rc = cu_buf_add(&bf->head, data->ptr, take);
		if (rc)
			return rc;
		*data = cu_span_skip(*data, take);
		bf->pos += take;
		if (!cu_elf_sniff(cu_buf_span(&bf->head))) {
			bf->phase = PH_SKIP;
			return 0;
		}
	}
}

static int stream_data(void *state, void *file, const void *buf, size_t len,
		       struct cu_err *err)
{
	struct bin_file *bf = file;
	struct cu_span data = cu_span_make(buf, len);
	int rc = 0;

	if (bf->phase == PH_HEAD)
		rc = take_head(bf, &data);
	if (!rc && bf->phase == PH_BODY && data.len) {
		rc = body(bf, bf->pos, data);
		bf->pos += data.len;
	}
	if (rc)
		return rc;
	if (bf->phase == PH_SKIP || bf->go.found)
		return CU_LAYER_ENOUGH;	/* not ELF, or a Go binary read */
	return 0;
}

/* --- the end of a file: sections from the kept tail -------------------------- */

static bool section_bytes(const struct bin_file *bf, const struct cu_elf_shdr *sh,
			  struct cu_span *out)
{
	const struct region *t = &bf->tail;

	if (sh->type == CU_ELF_SHT_NOBITS || (sh->flags & CU_ELF_SHF_COMPRESSED) ||
	    sh->offset < t->start || sh->offset > t->end || sh->size > t->end - sh->offset ||
	    (!t->buf && sh->size))
		return false;
	*out = cu_span_make(t->buf ? t->buf + (sh->offset - t->start) : "", (size_t)sh->size);
	return true;
}

/* The section is in a writable segment: the stream was searched for it. */
static bool searched(const struct bin_file *bf, const struct cu_elf_shdr *sh)
{
	for (size_t i = 0; i < bf->nrw; i++)
		if (sh->offset >= bf->rw[i].start && sh->offset < bf->rw[i].end)
			return true;
	return false;
}

static int read_section(struct bin_file *bf, struct cu_span name,
			const struct cu_elf_shdr *sh)
{
	struct cu_span bytes;
	int rc = 0;

	if (cu_span_eq_str(name, ".dep-v0")) {
		if (section_bytes(bf, sh, &bytes))
			return cu_rust_read_audit(bytes, &bf->res);
	} else if (cu_span_eq_str(name, ".go.buildinfo") && !bf->go.found) {
		if (searched(bf, sh))
			return 0;	/* no build info in it */
		if (section_bytes(bf, sh, &bytes)) {
			bf->go.found = cu_go_read_section(bytes, &bf->res, &rc);
			return rc;
		}
	} else {
		return 0;
	}
	cu_bin_warn(&bf->res, "section %.*s is not in the last %llu bytes of the file "
		    "or not stored plainly: not read", (int)name.len, name.ptr,
		    (unsigned long long)BIN_TAIL_MAX);
	return 0;
}

static int read_sections(struct bin_file *bf)
{
	struct cu_span table, strtab;
	struct cu_elf_shdr sh;
	int rc = 0;

	if (!bf->shdrs.buf)
		return 0;
	table = cu_span_make(bf->shdrs.buf, (size_t)(bf->shdrs.end - bf->shdrs.start));
	if (!cu_elf_shdr(&bf->elf, table, bf->elf.shstrndx, &sh) ||
	    !section_bytes(bf, &sh, &strtab))
		return 0;
	for (size_t i = 0; !rc && cu_elf_shdr(&bf->elf, table, i, &sh); i++)
		rc = read_section(bf, cu_elf_string(strtab, sh.name), &sh);
	return rc;
}

static int remember(struct bin_state *st, struct bin_file *bf)
{
	char *key = cu_arena_printf(&st->arena, "%d:%s", bf->layer, bf->path);
	struct record *rec = cu_arena_alloc(&st->arena, sizeof(*rec)), *old;

	if (!key || !rec || !(rec->path = cu_arena_strdup(&st->arena, bf->path)) ||
	    CU_GROW(st->records, st->alloc, st->nrecords + 1)) {
		st->files_dropped = true;
		return 0;
	}
	old = cu_map_get_str(&st->files, key);
	if (cu_map_put(&st->files, cu_span_str(key), rec)) {
		st->files_dropped = true;
		return 0;
	}
	if (old)
		old->live = false;	/* the same path twice in one layer */
	rec->layer = bf->layer;
	rec->live = true;
	rec->res = bf->res;
	st->records[st->nrecords++] = rec;
	return 0;
}

static int stream_end(void *state, void *file, bool complete, struct cu_err *err)
{
	struct bin_file *bf = file;
	int rc = 0;

	if (complete && bf->phase == PH_BODY) {
		cu_go_scan_finish(&bf->go, &bf->res);
		if (!bf->go.found && bf->pos == bf->size)
			rc = read_sections(bf);
		if (!rc && (bf->res.npkgs || bf->res.nwarnings))
			rc = remember(bf->st, bf);
	}
	file_free(bf);
	return rc;
}

/* --- packages ------------------------------------------------------------ */

/*
 * pkg:golang/<module path up to its last '/'>/<last element>@version; a path
 * without '/' ("stdlib", a main module named "hello") has no namespace, which
 * the golang purl type requires, so it gets no purl.
 */
static int make_purl(struct cu_catalog *cat, struct cu_pkg *p)
{
	struct cu_buf purl = CU_BUF_INIT, ns = CU_BUF_INIT;
	const char *name = p->name;
	int rc = 0;

	if (strcmp(p->type, "golang") == 0) {
		const char *slash = strrchr(p->name, '/');

		if (!slash)
			return 0;
		cu_buf_add(&ns, p->name, (size_t)(slash - p->name));
		name = slash + 1;
	}
	if (cu_purl_make(&purl, p->type, ns.len ? ns.buf : NULL, name, p->version, NULL, NULL) == 0) {
		p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len);
		rc = p->purl ? 0 : CU_ENOMEM;
	}
	cu_buf_release(&purl);
	cu_buf_release(&ns);
	return rc;
}

static int add_pkg(struct cu_catalog *cat, const struct record *rec, const char *location,
		   const struct cu_bin_found *f, const struct cu_pkg *owner)
{
	struct cu_pkg *p = cu_catalog_new_pkg(cat);

	if (!p)
		return CU_ETOOBIG;
	p->type = f->type;
	p->name = cu_arena_strdup(&cat->arena, f->name);
	p->version = cu_arena_strdup(&cat->arena, f->version);
	if (!p->name || !p->version)
		return CU_ENOMEM;
	p->source_name = p->name;
	p->source_version = p->version;
	p->cataloger = "binary";
	p->found_by = f->found_by;
	p->location = location;
	p->layer = rec->layer;
	p->owner = owner;
	return make_purl(cat, p);
}

static int add_record(struct cu_catalog *cat, const struct record *rec, struct cu_err *err)
{
	const char *location = cu_arena_strdup(&cat->arena, rec->path);
	const struct cu_pkg *owner = cu_catalog_owner(cat, rec->path);
	int rc = location ? 0 : CU_ENOMEM;

	for (const struct cu_bin_found *f = rec->res.first; f && !rc; f = f->next)
		rc = add_pkg(cat, rec, location, f, owner);
	if (rc)
		return cu_seterr(err, rc, "cannot record the packages of '%s'", rec->path);
	for (size_t i = 0; i < rec->res.nwarnings; i++)
		cu_catalog_warn(cat, "%s: %s", rec->path, rec->res.warnings[i]);
	if (rec->res.dropped)
		cu_catalog_warn(cat, "%s: packages over the limit of %d per binary "
				"(%d per image) not recorded", rec->path,
				CU_BIN_FILE_PKGS_MAX, BIN_PKGS_MAX);
	return 0;
}

static int catalog(void *state, struct cu_catalog *cat, const struct cu_fsview *view,
		   struct cu_err *err)
{
	struct bin_state *st = state;
	int rc = 0;

	for (size_t i = 0; i < st->nrecords && !rc; i++) {
		const struct record *rec = st->records[i];

		if (rec->live && cu_catalog_visible(view, rec->path, rec->layer))
			rc = add_record(cat, rec, err);
	}
	if (!rc && st->files_dropped)
		cu_catalog_warn(cat, "binaries over the limit of %d not recorded", BIN_FILES_MAX);
	return rc;
}

const struct cu_cataloger_ops cu_cataloger_binary = {
	.name = "binary",
	.init = init,
	.free = release,
	.want = want,
	.stream_begin = stream_begin,
	.stream_data = stream_data,
	.stream_end = stream_end,
	.catalog = catalog,
};
