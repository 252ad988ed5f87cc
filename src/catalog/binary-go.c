/*
 * binary-go.c - the build information the Go linker puts into executables
 * (cmd/link "buildinfo", read back by debug/buildinfo and `go version -m`).
 *
 * The blob starts with a 32-byte header at a 16-byte aligned address at or
 * near the start of the data segment ("\xff Go buildinf:", pointer size,
 * flags). With flag 0x2 (Go 1.18 and later) two strings follow it inline,
 * each a uvarint length then the bytes: the toolchain version ("go1.21.5")
 * and the module information, framed by two 16-byte sentinels, in the text
 * form of runtime/debug.BuildInfo:
 *
 *   path <TAB> github.com/x/cmd/y
 *   mod  <TAB> github.com/x <TAB> v1.2.3 <TAB> h1:...
 *   dep  <TAB> golang.org/x/sys <TAB> v0.1.0 <TAB> h1:...
 *   =>   <TAB> golang.org/x/sys <TAB> v0.2.0 <TAB> h1:...   (replaces the line above)
 *   build <TAB> GOOS=linux
 *
 * Before Go 1.18 the header held two pointers to Go string headers, whose
 * bytes sit in the read-only data that precedes the data segment in the
 * file: a single forward pass has passed them when the header is seen, so
 * such binaries are reported with a warning and no packages.
 *
 * Packages: the main module ("mod"; "(devel)" unless -ldflags stamps a
 * version, binary-go-ldflags.c), every
 * dependency ("dep"; a replaced one as its replacement, one replaced by a
 * local directory as its own path at "(devel)"), and the toolchain as
 * "stdlib", the module name Go's vulnerability database gives the standard
 * library, at the semver form of its version that the database uses for
 * toolchain tags: "go1.21.5" -> "v1.21.5", "go1.21rc2" -> "v1.21.0-rc.2".
 * The golang version scheme reads "v1.21.5" and OSV's "1.21.5" alike.
 * GOPATH-mode binaries carry no module information: only "stdlib".
 */
#include "binary.h"
#include "common.h"
#include "version/golang.h"

#define MAGIC		"\xff Go buildinf:"
#define MAGIC_LEN	14
#define ALIGN		16
#define FLAG_INLINE	0x2
#define VARINT_MAX	10
#define SENTINEL_LEN	16
#define FOUND_BY	"go-buildinfo"
#define FOUND_BY_LDFLAGS "go-buildinfo-ldflags"	/* the main module's version from -X */

enum parse_result { PARSE_MORE, PARSE_DONE };

/* --- finding the blob ------------------------------------------------------ */

void cu_go_scan_init(struct cu_go_scan *g)
{
	memset(g, 0, sizeof(*g));
	cu_buf_init(&g->blob, CU_GO_HEADER + 2 * (VARINT_MAX + CU_BIN_GO_STRING_MAX));
}

void cu_go_scan_release(struct cu_go_scan *g)
{
	cu_buf_release(&g->blob);
}

/* A header that can be real: pointer size 4 or 8, no unknown flags. */
static bool header_ok(const unsigned char *h)
{
	return memcmp(h, MAGIC, MAGIC_LEN) == 0 && (h[14] == 4 || h[14] == 8) &&
	       (h[15] & ~3) == 0;
}

/* A blob starts at offset at; avail bytes of it are at p. */
static int start(struct cu_go_scan *g, uint64_t at, const unsigned char *p, size_t avail)
{
	size_t take = avail < CU_GO_HEADER ? avail : CU_GO_HEADER;

	g->state = CU_GO_COLLECT;
	g->want = CU_GO_HEADER;
	g->next = at + take;
	g->carry_len = 0;
	return cu_buf_add(&g->blob, p, take);
}

/* Candidates that start in the carried bytes and end in the new data. */
static int search_seam(struct cu_go_scan *g, uint64_t off, struct cu_span data, bool *hit)
{
	unsigned char seam[2 * (CU_GO_HEADER - 1)];
	size_t take = data.len < CU_GO_HEADER - 1 ? data.len : CU_GO_HEADER - 1;
	size_t n = g->carry_len + take;
	uint64_t seam_off = off - g->carry_len;

	memcpy(seam, g->carry, g->carry_len);
	memcpy(seam + g->carry_len, data.ptr, take);
	for (size_t i = 0; i < g->carry_len && n - i >= CU_GO_HEADER; i++) {
		if ((seam_off + i) % ALIGN || !header_ok(seam + i))
			continue;
		*hit = true;
		return start(g, seam_off + i, seam + i, n - i);
	}
	return 0;
}

static int search_data(struct cu_go_scan *g, uint64_t off, struct cu_span data, bool *hit)
{
	const unsigned char *base = (const unsigned char *)data.ptr;
	size_t i = 0;

	while (data.len - i >= CU_GO_HEADER) {
		const unsigned char *m = memmem(base + i, data.len - i, MAGIC, MAGIC_LEN);
		size_t at;

		if (!m)
			break;
		at = (size_t)(m - base);
		if ((off + at) % ALIGN == 0 && data.len - at >= CU_GO_HEADER && header_ok(m)) {
			*hit = true;
			return start(g, off + at, m, data.len - at);
		}
		i = at + 1;
	}
	return 0;
}

/* Keep the last CU_GO_HEADER - 1 bytes searched, for matches across calls. */
static void keep_carry(struct cu_go_scan *g, uint64_t off, struct cu_span data)
{
	const size_t max = sizeof(g->carry);

	if (data.len >= max) {
		memcpy(g->carry, data.ptr + data.len - max, max);
		g->carry_len = max;
	} else {
		size_t keep = g->carry_len + data.len > max ? max - data.len : g->carry_len;

		memmove(g->carry, g->carry + g->carry_len - keep, keep);
		memcpy(g->carry + keep, data.ptr, data.len);
		g->carry_len = keep + data.len;
	}
	g->carry_end = off + data.len;
}

int cu_go_scan_search(struct cu_go_scan *g, uint64_t off, struct cu_span data)
{
	bool hit = false;
	int rc;

	if (g->state != CU_GO_SEARCH || !data.len)
		return 0;
	if (g->carry_len && g->carry_end != off)
		g->carry_len = 0;	/* another range */
	rc = g->carry_len ? search_seam(g, off, data, &hit) : 0;
	if (!rc && !hit)
		rc = search_data(g, off, data, &hit);
	if (!rc && !hit)
		keep_carry(g, off, data);
	return rc;
}

/* --- the toolchain version ------------------------------------------------- */

static bool pull_digits(struct cu_span *s, struct cu_span *num)
{
	size_t i = 0;

	while (i < s->len && s->ptr[i] >= '0' && s->ptr[i] <= '9')
		i++;
	*num = cu_span_make(s->ptr, i);
	*s = cu_span_skip(*s, i);
	return i > 0 && i <= 9;
}

static bool pull_str(struct cu_span *s, const char *word)
{
	if (!cu_span_starts_with(*s, word))
		return false;
	*s = cu_span_skip(*s, strlen(word));
	return true;
}

bool cu_go_stdlib_version(struct cu_span v, struct cu_buf *out)
{
	static const char *const pre[] = { "rc", "beta", "alpha" };
	struct cu_span major, minor, patch = cu_span_str("0"), n;
	size_t mark = out->len;

	for (size_t i = 0; i < v.len; i++)
		if (v.ptr[i] == ' ' || v.ptr[i] == '\t')
			v.len = i;
	if (!pull_str(&v, "go") || !pull_digits(&v, &major) || !pull_str(&v, ".") ||
	    !pull_digits(&v, &minor))
		return false;
	if (pull_str(&v, ".") && !pull_digits(&v, &patch))
		return false;
	cu_buf_addf(out, "v%.*s.%.*s.%.*s", (int)major.len, major.ptr, (int)minor.len,
		    minor.ptr, (int)patch.len, patch.ptr);
	for (size_t i = 0; i < CU_ARRAY_SIZE(pre); i++) {
		if (!pull_str(&v, pre[i]))
			continue;
		if (!pull_digits(&v, &n))
			v = cu_span_str("?");	/* "go1.21rc": not a version */
		else
			cu_buf_addf(out, "-%s.%.*s", pre[i], (int)n.len, n.ptr);
		break;
	}
	if ((v.len && v.ptr[0] != '-' && v.ptr[0] != '+') ||
	    !cu_golang_semver_is_valid(cu_span_make(out->buf + mark, out->len - mark))) {
		out->len = mark;
		if (out->buf)
			out->buf[mark] = '\0';
		return false;
	}
	return true;
}

/* --- module information ---------------------------------------------------- */

struct gomod {
	struct cu_span path, version;
	struct cu_span repl_path, repl_version;
	bool set, replaced, main;
};

/* What the module lines of one binary say. */
struct modinfo {
	struct gomod cur;		/* the module being read */
	struct gomod main;		/* the main module, added last */
	struct cu_span ldflags;		/* the -ldflags build setting, if any */
};

/* Up to 4 TAB-separated fields of a line. */
static size_t fields(struct cu_span line, struct cu_span f[4])
{
	size_t n = 0;

	while (n < 4) {
		bool more = cu_span_split(&line, '\t', &f[n]);

		n++;
		if (!more)
			break;
	}
	return n;
}

/*
 * A replaced module is the replacement's path and version; one replaced by
 * a local directory (no version) keeps its own path as "(devel)", like the
 * main module built from a checkout.
 */
static int flush(struct gomod *m, struct modinfo *mi, struct cu_bin_result *r)
{
	struct cu_span path = m->path, version = m->version;
	int rc;

	if (!m->set)
		return 0;
	if (m->main && !mi->main.set) {	/* the build settings may name its version */
		mi->main = *m;
		memset(m, 0, sizeof(*m));
		return 0;
	}
	if (m->replaced && m->repl_version.len) {
		path = m->repl_path;
		version = m->repl_version;
	} else if (m->replaced) {
		version = cu_span_str("(devel)");
	}
	rc = cu_bin_add(r, "golang", path, version, FOUND_BY);
	memset(m, 0, sizeof(*m));
	return rc;
}

static int read_line(struct cu_span line, struct modinfo *mi, struct cu_bin_result *r)
{
	struct gomod *m = &mi->cur;
	struct cu_span f[4];
	size_t n = fields(line, f);
	int rc = 0;

	if ((cu_span_eq_str(f[0], "mod") || cu_span_eq_str(f[0], "dep")) && n >= 3) {
		rc = flush(m, mi, r);
		m->set = true;
		m->main = cu_span_eq_str(f[0], "mod");
		m->path = f[1];
		m->version = f[2];
	} else if (cu_span_eq_str(f[0], "=>") && n >= 2 && m->set && !m->replaced) {
		m->replaced = true;
		m->repl_path = f[1];
		m->repl_version = n >= 3 ? f[2] : CU_SPAN_NULL;
	} else if (cu_span_eq_str(f[0], "build") && n >= 2 &&
		   cu_span_starts_with(f[1], "-ldflags=")) {
		/* the setting is the rest of the line: it may hold TABs */
		mi->ldflags = cu_span_make(f[1].ptr + 9, line.len - (size_t)(f[1].ptr + 9 - line.ptr));
	}
	return rc;
}

/* The main module, last: "(devel)" becomes the version -ldflags stamps, if any. */
static int add_main(struct modinfo *mi, struct cu_bin_result *r)
{
	struct gomod *m = &mi->main;
	struct cu_buf stamped = CU_BUF_INIT;
	int rc;

	if (!m->set)
		return 0;
	m->main = false;
	if (!m->replaced && cu_span_eq_str(m->version, "(devel)") && mi->ldflags.len &&
	    cu_go_ldflags_version(mi->ldflags, m->path, &stamped)) {
		rc = cu_bin_add(r, "golang", m->path, cu_buf_span(&stamped), FOUND_BY_LDFLAGS);
		cu_buf_release(&stamped);
		return rc;
	}
	cu_buf_release(&stamped);
	return flush(m, mi, r);
}

/* Module information as embedded: the text between the two sentinels. */
static int read_modinfo(struct cu_span mod, struct cu_bin_result *r)
{
	struct modinfo mi = { 0 };
	struct cu_span line;
	int rc = 0;

	if (mod.len < 2 * SENTINEL_LEN + 1 || mod.ptr[mod.len - SENTINEL_LEN - 1] != '\n')
		return 0;	/* not built in module mode */
	mod = cu_span_sub(mod, SENTINEL_LEN, mod.len - 2 * SENTINEL_LEN);
	while (!rc && cu_span_pull_line(&mod, &line))
		rc = read_line(line, &mi, r);
	if (!rc)
		rc = flush(&mi.cur, &mi, r);
	return rc ? rc : add_main(&mi, r);
}

static int record(struct cu_span version, struct cu_span mod, struct cu_bin_result *r)
{
	struct cu_buf std = CU_BUF_INIT;
	int rc = 0;

	if (cu_go_stdlib_version(version, &std))
		rc = cu_bin_add(r, "golang", cu_span_str("stdlib"), cu_buf_span(&std), FOUND_BY);
	else
		cu_bin_warn(r, "unrecognised Go toolchain version '%.*s'",
			    (int)(version.len > 64 ? 64 : version.len), version.ptr);
	cu_buf_release(&std);
	return rc ? rc : read_modinfo(mod, r);
}

/* --- reading the blob ------------------------------------------------------ */

/* binary.Uvarint: 1 done, 0 more bytes needed, -1 overflow. */
static int uvarint(struct cu_span s, size_t off, uint64_t *v, size_t *len)
{
	uint64_t x = 0;

	for (size_t i = 0; i < VARINT_MAX; i++) {
		unsigned char b;

		if (off + i >= s.len)
			return 0;
		b = (unsigned char)s.ptr[off + i];
		if (i == VARINT_MAX - 1 && b > 1)
			return -1;
		x |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*v = x;
			*len = i + 1;
			return 1;
		}
	}
	return -1;
}

/*
 * Read a blob (header complete). PARSE_MORE with *need = the length it must
 * have to get further, or PARSE_DONE (packages or warnings recorded, *rc set).
 */
static enum parse_result parse_blob(struct cu_span b, size_t *need, bool *found,
				    struct cu_bin_result *r, int *rc)
{
	struct cu_span str[2];
	size_t off = CU_GO_HEADER, vlen;
	uint64_t n;

	*rc = 0;
	if (!((unsigned char)b.ptr[15] & FLAG_INLINE)) {
		*found = true;
		cu_bin_warn(r, "Go build info of a toolchain before go1.18 is not read");
		return PARSE_DONE;
	}
	for (int k = 0; k < 2; k++) {
		int v = uvarint(b, off, &n, &vlen);

		if (v < 0) {
			cu_bin_warn(r, "Go build info: invalid string length");
			return PARSE_DONE;
		}
		if (v && n > CU_BIN_GO_STRING_MAX) {
			cu_bin_warn(r, "Go build info: string longer than %llu bytes",
				    (unsigned long long)CU_BIN_GO_STRING_MAX);
			return PARSE_DONE;
		}
		if (v == 0 || n > b.len - off - vlen) {
			*need = v ? off + vlen + (size_t)n : b.len + 1;
			return PARSE_MORE;
		}
		str[k] = cu_span_make(b.ptr + off + vlen, (size_t)n);
		off += vlen + (size_t)n;
	}
	*found = str[0].len > 0;
	if (*found)
		*rc = record(str[0], str[1], r);
	return PARSE_DONE;
}

/* The blob has what it wanted: read it, or ask for more. */
static int step(struct cu_go_scan *g, struct cu_bin_result *r)
{
	int rc = 0;
	size_t need = 0;

	if (parse_blob(cu_buf_span(&g->blob), &need, &g->found, r, &rc) == PARSE_DONE) {
		g->state = CU_GO_DONE;
		cu_buf_release(&g->blob);
		return rc;
	}
	g->want = need;
	return 0;
}

int cu_go_scan_collect(struct cu_go_scan *g, uint64_t off, struct cu_span data,
		       struct cu_bin_result *r)
{
	int rc;

	if (g->state != CU_GO_COLLECT || off + data.len <= g->next)
		return 0;
	data = cu_span_skip(data, off < g->next ? (size_t)(g->next - off) : 0);
	for (;;) {
		size_t take;

		if (g->blob.len >= g->want) {
			rc = step(g, r);
			if (rc || g->state != CU_GO_COLLECT)
				return rc;
			continue;
		}
		if (!data.len)
			return 0;
		take = g->want - g->blob.len;
		if (take > data.len)
			take = data.len;
		rc = cu_buf_add(&g->blob, data.ptr, take);
		if (rc)
			return rc;
		data = cu_span_skip(data, take);
		g->next += take;
	}
}

void cu_go_scan_finish(struct cu_go_scan *g, struct cu_bin_result *r)
{
	if (g->state == CU_GO_COLLECT) {
		g->found = true;
		cu_bin_warn(r, "Go build info cut short by the end of the file");
	}
	g->state = CU_GO_DONE;
	cu_buf_release(&g->blob);
}

bool cu_go_read_section(struct cu_span section, struct cu_bin_result *r, int *rc)
{
	bool found = false;
	size_t need = 0;

	*rc = 0;
	for (size_t at = 0; at + CU_GO_HEADER <= section.len; at += ALIGN) {
		struct cu_span b = cu_span_skip(section, at);

		if (!header_ok((const unsigned char *)b.ptr))
			continue;
		if (parse_blob(b, &need, &found, r, rc) == PARSE_MORE) {
			cu_bin_warn(r, "Go build info cut short by the end of its section");
			found = true;
		}
		break;
	}
	return found;
}
