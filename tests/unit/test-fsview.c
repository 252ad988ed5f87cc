/*
 * test-fsview.c - the merged layer filesystem: OCI whiteouts and opaque
 * directories, name normalisation, links resolved inside the view.
 */
#include "common.h"
#include "fsview/fsview.h"
#include "image/layer.h"
#include "unit.h"

static int put(struct cu_fsview *v, int layer, const char *name, char type,
	       const char *link, const char *content)
{
	struct cu_tar_entry e = { 0 };
	struct cu_fsnode *n = NULL;
	struct cu_err err = { 0 };
	int rc;

	e.name = cu_span_str(name);
	e.type = (enum cu_entry_type)type;
	e.link = cu_span_str(link ? link : "");
	e.size = content ? strlen(content) : 0;
	e.mode = 0644;
	rc = cu_fsview_apply(v, layer, &e, &n, &err);
	if (!rc && n && content)
		rc = cu_fsview_set_content(v, n, cu_content_new(cu_span_str(content), false), &err);
	return rc;
}

static bool exists(struct cu_fsview *v, const char *path)
{
	return cu_fsview_lookup(v, path, false) != NULL;
}

static int layer_of(struct cu_fsview *v, const char *path)
{
	struct cu_fsnode *n = cu_fsview_lookup(v, path, false);

	return n ? n->layer : -1;
}

static void test_names(struct unit *t)
{
	struct cu_fsview v;

	cu_fsview_init(&v);
	CHECK_INT(t, put(&v, 0, "./etc/passwd", 'f', NULL, "root"), 0);
	CHECK_INT(t, put(&v, 0, "/etc//group", 'f', NULL, "g"), 0);
	CHECK_INT(t, put(&v, 0, "usr/./lib/../bin/ls", 'f', NULL, "x"), 0);
	CHECK(t, exists(&v, "etc/passwd"));
	CHECK(t, exists(&v, "/etc/passwd"));
	CHECK(t, exists(&v, "./etc/group"));
	CHECK(t, exists(&v, "usr/bin/ls"));
	CHECK(t, !exists(&v, "usr/lib/bin/ls"));
	CHECK_INT(t, put(&v, 0, "../../escape", 'f', NULL, "x"), CU_EUNSAFE);
	CHECK_INT(t, put(&v, 0, "a/../../escape", 'f', NULL, "x"), CU_EUNSAFE);
	CHECK(t, !exists(&v, "escape"));
	CHECK_INT(t, put(&v, 0, "./", 'd', NULL, NULL), 0);
	cu_fsview_release(&v);
}

static void test_whiteouts(struct unit *t)
{
	struct cu_fsview v;

	cu_fsview_init(&v);
	put(&v, 0, "etc/secret", 'f', NULL, "s");
	put(&v, 0, "opt/dir/a", 'f', NULL, "a");
	put(&v, 0, "opt/dir/sub/b", 'f', NULL, "b");
	put(&v, 0, "keep", 'f', NULL, "k");
	CHECK_INT(t, v.nfiles, 4);
	/* layer 1 deletes a file and a whole directory */
	CHECK_INT(t, put(&v, 1, "etc/.wh.secret", 'f', NULL, NULL), 0);
	CHECK_INT(t, put(&v, 1, "./opt/.wh.dir", 'f', NULL, NULL), 0);
	CHECK(t, !exists(&v, "etc/secret"));
	CHECK(t, exists(&v, "etc"));
	CHECK(t, !exists(&v, "opt/dir/sub/b"));
	CHECK(t, !exists(&v, "opt/dir"));
	CHECK(t, !exists(&v, "etc/.wh.secret"));
	CHECK(t, exists(&v, "keep"));
	CHECK_INT(t, v.nfiles, 1);
	/* a whiteout of something absent changes nothing */
	CHECK_INT(t, put(&v, 1, "nothere/.wh.x", 'f', NULL, NULL), 0);
	/* re-created in a later layer: visible again, attributed to it */
	put(&v, 2, "etc/secret", 'f', NULL, "new");
	CHECK_INT(t, layer_of(&v, "etc/secret"), 2);
	CHECK_STR(t, cu_fsview_content(&v, "etc/secret")->data, "new");
	cu_fsview_release(&v);
}

static void test_opaque(struct unit *t)
{
	struct cu_fsview v;

	cu_fsview_init(&v);
	put(&v, 0, "app/cache/old1", 'f', NULL, "1");
	put(&v, 0, "app/cache/deep/old2", 'f', NULL, "2");
	put(&v, 0, "app/other", 'f', NULL, "o");
	/* the new layer's own file comes before the marker ... */
	put(&v, 1, "app/cache/deep/new1", 'f', NULL, "n1");
	CHECK_INT(t, put(&v, 1, "app/cache/.wh..wh..opq", 'f', NULL, NULL), 0);
	/* ... and after it */
	put(&v, 1, "app/cache/new2", 'f', NULL, "n2");
	CHECK(t, !exists(&v, "app/cache/old1"));
	CHECK(t, !exists(&v, "app/cache/deep/old2"));
	CHECK(t, exists(&v, "app/cache/deep/new1"));
	CHECK(t, exists(&v, "app/cache/new2"));
	CHECK(t, exists(&v, "app/other"));
	CHECK(t, !exists(&v, "app/cache/.wh..wh..opq"));
	/* opaque at the root of a later layer hides everything below */
	put(&v, 2, ".wh..wh..opq", 'f', NULL, NULL);
	CHECK(t, !exists(&v, "app/other"));
	CHECK_INT(t, v.nfiles, 0);
	cu_fsview_release(&v);
}

static void test_symlinks(struct unit *t)
{
	struct cu_fsview v;
	const struct cu_content *c;

	cu_fsview_init(&v);
	put(&v, 0, "usr/lib/os-release", 'f', NULL, "ID=debian\n");
	put(&v, 0, "etc/os-release", 'l', "../usr/lib/os-release", NULL);
	put(&v, 0, "lib", 'l', "usr/lib", NULL);
	put(&v, 0, "abs", 'l', "/usr/lib/os-release", NULL);
	put(&v, 0, "up", 'l', "../../../../usr/lib", NULL);
	put(&v, 0, "loop1", 'l', "loop2", NULL);
	put(&v, 0, "loop2", 'l', "loop1", NULL);
	c = cu_fsview_content(&v, "etc/os-release");
	CHECK(t, c && strcmp(c->data, "ID=debian\n") == 0);
	CHECK(t, cu_fsview_content(&v, "lib/os-release") != NULL);
	CHECK(t, cu_fsview_content(&v, "abs") != NULL);
	/* ".." above the root stays at the root, as in a chroot */
	CHECK(t, cu_fsview_content(&v, "up/os-release") != NULL);
	CHECK(t, cu_fsview_lookup(&v, "loop1", true) == NULL);
	CHECK(t, cu_fsview_lookup(&v, "loop1", false) != NULL);
	CHECK(t, cu_fsview_lookup(&v, "etc/os-release", false)->type == CU_FS_SYMLINK);
	cu_fsview_release(&v);
}

static void test_hardlinks(struct unit *t)
{
	struct cu_fsview v;
	const struct cu_content *c;

	cu_fsview_init(&v);
	put(&v, 0, "usr/bin/python3.11", 'f', NULL, "PYTHON");
	CHECK_INT(t, put(&v, 0, "./usr/bin/python3", 'h', "usr/bin/python3.11", NULL), 0);
	c = cu_fsview_content(&v, "usr/bin/python3");
	CHECK(t, c && strcmp(c->data, "PYTHON") == 0);
	CHECK_INT(t, cu_fsview_lookup(&v, "usr/bin/python3", false)->size, 6);
	CHECK_INT(t, put(&v, 0, "x", 'h', "../../etc/shadow", NULL), CU_EUNSAFE);
	/* removing the original keeps the link's content */
	put(&v, 1, "usr/bin/.wh.python3.11", 'f', NULL, NULL);
	c = cu_fsview_content(&v, "usr/bin/python3");
	CHECK(t, c && strcmp(c->data, "PYTHON") == 0);
	cu_fsview_release(&v);
}

static void test_replace(struct unit *t)
{
	struct cu_fsview v;

	cu_fsview_init(&v);
	put(&v, 0, "a/b/c", 'f', NULL, "c");
	/* a file over a directory drops the directory's contents */
	put(&v, 1, "a/b", 'f', NULL, "file");
	CHECK(t, !exists(&v, "a/b/c"));
	CHECK_INT(t, layer_of(&v, "a/b"), 1);
	/* a path through a file turns it into a directory */
	put(&v, 2, "a/b/d", 'f', NULL, "d");
	CHECK(t, exists(&v, "a/b/d"));
	CHECK(t, cu_fsview_lookup(&v, "a/b", false)->type == CU_FS_DIR);
	/* re-listing a directory keeps what it holds */
	put(&v, 3, "a", 'd', NULL, NULL);
	CHECK(t, exists(&v, "a/b/d"));
	CHECK_INT(t, layer_of(&v, "a"), 3);
	CHECK_INT(t, layer_of(&v, "a/b/d"), 2);
	cu_fsview_release(&v);
}

static void test_many(struct unit *t)
{
	struct cu_fsview v;
	char name[64];

	cu_fsview_init(&v);
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "d%d/f%d", i % 97, i);
		put(&v, 0, name, 'f', NULL, NULL);
	}
	CHECK_INT(t, v.nfiles, 20000);
	for (int i = 0; i < 20000; i += 2) {
		snprintf(name, sizeof(name), "d%d/.wh.f%d", i % 97, i);
		put(&v, 1, name, 'f', NULL, NULL);
	}
	CHECK_INT(t, v.nfiles, 10000);
	CHECK(t, exists(&v, "d1/f1") && !exists(&v, "d0/f0"));
	cu_fsview_release(&v);
}

const struct unit_test fsview_tests[] = {
	{ "fsview/names", test_names },
	{ "fsview/whiteouts", test_whiteouts },
	{ "fsview/opaque", test_opaque },
	{ "fsview/symlinks", test_symlinks },
	{ "fsview/hardlinks", test_hardlinks },
	{ "fsview/replace", test_replace },
	{ "fsview/many", test_many },
	{ NULL, NULL },
};
