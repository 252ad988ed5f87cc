/*
 * test-cat-go-ldflags.c - the version of a Go main module built from a
 * checkout ("(devel)"), taken from the -X flags of its -ldflags build
 * setting (src/catalog/binary-go-ldflags.c), alone and through the build
 * information of a binary.
 */
#include "catalog/binary.h"
#include "common.h"
#include "unit.h"

static void test_ldflags_version(struct unit *t)
{
	static const struct {
		const char *setting, *main_path, *want;	/* want NULL: none */
	} cases[] = {
		/* quoted as runtime/debug writes a value with spaces or quotes */
		{ "\"-s -w -X github.com/x/app/internal/version.Version=1.4.2\"", "github.com/x/app", "v1.4.2" },
		{ "\" -X \\\"github.com/docker/cli/cli/version.GitCommit=e6534b4\\\" "
		  "-X \\\"github.com/docker/cli/cli/version.Version=28.2.2\\\" -extldflags -static\"",
		  "github.com/docker/cli", "v28.2.2" },
		{ "-X=main.version=v2.0.0-rc.1", "example.com/tool", "v2.0.0-rc.1" },
		{ "\"-X 'main.Version=0.9'\"", "example.com/tool", "v0.9.0" },
		{ "\"-X main.gitVersion=v1.28.3+k3s1\"", "k8s.io/x", "v1.28.3+k3s1" },
		{ "--X=example.com/tool.SemVer=3.1.4", "example.com/tool", "v3.1.4" },
		/* the first stamped version wins */
		{ "\"-X main.version=1.0.0 -X main.Version=2.0.0\"", "m", "v1.0.0" },
		/* not a version: commit, word, date, one number, trailing junk */
		{ "\"-X main.version=e6534b4\"", "m", NULL },
		{ "\"-X main.version=dev\"", "m", NULL },
		{ "\"-X main.version=2024-05-30\"", "m", NULL },
		{ "\"-X main.version=7\"", "m", NULL },
		{ "\"-X main.version=1.2.3.4\"", "m", NULL },
		{ "\"-X main.version=1.2.3_beta\"", "m", NULL },
		{ "\"-X main.version=\"", "m", NULL },
		/* not a version variable, or another module's */
		{ "\"-X main.GoVersion=1.21.5\"", "m", NULL },
		{ "\"-X main.APIVersion=1.41.0\"", "m", NULL },
		{ "\"-X github.com/other/lib.Version=1.2.3\"", "github.com/x/app", NULL },
		{ "\"-X github.com/x/application.Version=1.2.3\"", "github.com/x/app", NULL },
		/* malformed flags */
		{ "\"-X\"", "m", NULL },
		{ "\"-X version=1.2.3\"", "m", NULL },
		{ "\"-X .version=1.2.3\"", "m", NULL },
		{ "\"-X 'main.version=1.2.3\"", "m", NULL },	/* unterminated quote */
		{ "", "m", NULL },
		{ "\"", "m", NULL },
	};
	struct cu_buf out = CU_BUF_INIT;

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		bool ok = cu_go_ldflags_version(cu_span_str(cases[i].setting),
						cu_span_str(cases[i].main_path), &out);

		if (!CHECK(t, ok == (cases[i].want != NULL)) ||
		    (ok && !CHECK_STR(t, out.buf, cases[i].want)))
			FAILF(t, "case %zu: %s", i, cases[i].setting);
		cu_buf_reset(&out);
	}
	cu_buf_release(&out);
}

static void put_uvarint(struct cu_buf *b, uint64_t v)
{
	for (; v >= 0x80; v >>= 7)
		cu_buf_addch(b, (char)(v | 0x80));
	cu_buf_addch(b, (char)v);
}

/* A .go.buildinfo section of Go 1.18 and later holding modinfo. */
static void go_section(struct cu_buf *b, const char *modinfo)
{
	static const char zeros[16];
	static const char start[16] = "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
	static const char end[16] = "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";

	cu_buf_add(b, "\xff Go buildinf:\x08\x02", 16);
	cu_buf_add(b, zeros, 16);
	put_uvarint(b, strlen("go1.22.1"));
	cu_buf_addstr(b, "go1.22.1");
	put_uvarint(b, 32 + strlen(modinfo));
	cu_buf_add(b, start, 16);
	cu_buf_addstr(b, modinfo);
	cu_buf_add(b, end, 16);
}

/* "name@version found_by" of each package read from modinfo, one a line. */
static void read_mods(struct unit *t, const char *modinfo, struct cu_buf *sum)
{
	struct cu_arena arena;
	struct cu_bin_result r;
	struct cu_buf sect = CU_BUF_INIT;
	size_t budget = 100;
	int rc = 0;

	cu_arena_init(&arena, 0);
	cu_bin_result_init(&r, &arena, &budget);
	go_section(&sect, modinfo);
	CHECK(t, cu_go_read_section(cu_buf_span(&sect), &r, &rc));
	CHECK_INT(t, rc, 0);
	for (const struct cu_bin_found *p = r.first; p; p = p->next)
		cu_buf_addf(sum, "%s@%s %s\n", p->name, p->version, p->found_by);
	cu_buf_release(&sect);
	cu_arena_release(&arena);
}

static void test_devel_main_module(struct unit *t)
{
	struct cu_buf sum = CU_BUF_INIT;

	read_mods(t, "path\tgithub.com/x/app/cmd/app\n"
		  "mod\tgithub.com/x/app\t(devel)\t\n"
		  "dep\tgolang.org/x/net\tv0.17.0\th1:pvm=\n"
		  "build\t-compiler=gc\n"
		  "build\t-ldflags=\"-s -w -X github.com/x/app/internal/version.Version=1.4.2\"\n"
		  "build\tGOOS=linux\n", &sum);
	CHECK(t, strstr(sum.buf, "github.com/x/app@v1.4.2 go-buildinfo-ldflags\n") != NULL);
	CHECK(t, strstr(sum.buf, "golang.org/x/net@v0.17.0 go-buildinfo\n") != NULL);
	CHECK(t, strstr(sum.buf, "stdlib@v1.22.1 go-buildinfo\n") != NULL);
	CHECK(t, strstr(sum.buf, "(devel)") == NULL);
	cu_buf_reset(&sum);
	/* a version the module system recorded is never overridden */
	read_mods(t, "mod\tgithub.com/x/app\tv1.5.0\th1:abc=\n"
		  "build\t-ldflags=\"-X main.version=9.9.9\"\n", &sum);
	CHECK(t, strstr(sum.buf, "github.com/x/app@v1.5.0 go-buildinfo\n") != NULL);
	cu_buf_reset(&sum);
	/* nothing stamped: "(devel)" stays */
	read_mods(t, "mod\tgithub.com/x/app\t(devel)\t\n"
		  "build\t-ldflags=\"-s -w\"\n", &sum);
	CHECK(t, strstr(sum.buf, "github.com/x/app@(devel) go-buildinfo\n") != NULL);
	cu_buf_release(&sum);
}

const struct unit_test cat_go_ldflags_tests[] = {
	{ "catalog/go-ldflags-version", test_ldflags_version },
	{ "catalog/go-devel-main-module", test_devel_main_module },
	{ NULL, NULL },
};
