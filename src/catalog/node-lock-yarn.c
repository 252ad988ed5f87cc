/*
 * node-lock-yarn.c - yarn.lock in both of its formats.
 *
 * Yarn 1 ("# yarn lockfile v1") writes its own syntax: an entry starts
 * with an unindented header listing the specs it resolves, then indented
 * fields and a dependencies block:
 *
 *   "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.22.13":
 *     version "7.22.13"
 *     resolved "https://registry.yarnpkg.com/..."
 *     integrity sha512-...
 *     dependencies:
 *       "@babel/highlight" "^7.22.13"
 *
 * An alias spec reads "sw@npm:string-width@^4.2.0"; file: and link: specs
 * are local code. Yarn 2+ (Berry) writes YAML with a __metadata entry; the
 * package is named by "resolution: string-width@npm:4.2.3", and workspace:,
 * link:, portal: and file: resolutions are local code. Neither format says
 * which packages are for development only.
 */
#include "common.h"
#include "node-lock.h"

struct yarn1 {
	struct cu_nl_file *lf;
	struct cu_span spec;		/* first spec of the entry's header */
	struct cu_span version;
	struct cu_span integrity;
	struct cu_span *deps;		/* CU_NPM_DEPENDS_MAX */
	size_t ndeps;
	bool open;			/* inside an entry */
	bool in_deps;			/* inside its dependencies block */
};

static bool local_spec(struct cu_span range)
{
	return cu_span_starts_with(range, "file:") || cu_span_starts_with(range, "link:") ||
	       cu_span_starts_with(range, "portal:") || cu_span_starts_with(range, "workspace:");
}

static struct cu_span trim_left(struct cu_span s)
{
	while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
		s = cu_span_skip(s, 1);
	return s;
}

/* A "quoted" token (without its quotes; empty if unterminated) or a bare one. */
static struct cu_span token(struct cu_span *s)
{
	struct cu_span t;
	size_t i = 1;

	if (s->len && s->ptr[0] == '"') {
		while (i < s->len && s->ptr[i] != '"')
			i += s->ptr[i] == '\\' ? 2 : 1;
		t = i < s->len ? cu_span_sub(*s, 1, i - 1) : CU_SPAN_NULL;	/* unterminated */
		*s = cu_span_skip(*s, i + 1);
	} else {
		for (i = 0; i < s->len && s->ptr[i] != ' ' && s->ptr[i] != '\t'; i++)
			;
		t = cu_span_sub(*s, 0, i);
		*s = cu_span_skip(*s, i);
	}
	*s = trim_left(*s);
	return t;
}

/* --- Yarn 1 ------------------------------------------------------------------ */

static int flush(struct yarn1 *y)
{
	struct cu_nl_entry e = { 0 };
	struct cu_span range;

	if (!y->open)
		return 0;
	y->open = false;
	if (!y->version.len) {
		y->lf->bad++;
		return 0;
	}
	cu_nl_split_spec(y->spec, &e.name, &range);
	if (cu_span_starts_with(range, "npm:"))	/* alias: the real name */
		cu_nl_split_spec(cu_span_skip(range, 4), &e.name, &range);
	else if (local_spec(range))
		return 0;
	e.version = y->version;
	e.integrity = y->integrity;
	e.depends = y->deps;
	e.ndepends = y->ndeps;
	return cu_nl_emit(y->lf, &e);
}

/* "a@^1", "a@~1.2": -> the first spec */
static void header(struct yarn1 *y, struct cu_span line)
{
	struct cu_span spec;

	y->version = CU_SPAN_NULL;
	y->integrity = CU_SPAN_NULL;
	y->ndeps = 0;
	y->in_deps = false;
	if (!cu_span_ends_with(line, ":")) {
		y->lf->bad++;
		return;
	}
	line.len--;
	if (line.len && line.ptr[0] == '"')
		spec = token(&line);
	else
		cu_span_split(&line, ',', &spec);
	y->spec = cu_span_trim(spec);
	y->open = y->spec.len > 0;
	if (!y->open)
		y->lf->bad++;
}

/* "  version "1.0.0"" or "  dependencies:" */
static void field(struct yarn1 *y, struct cu_span line)
{
	struct cu_span key = token(&line);

	y->in_deps = cu_span_eq_str(key, "dependencies:") ||
		     cu_span_eq_str(key, "optionalDependencies:");
	if (cu_span_eq_str(key, "version"))
		y->version = token(&line);
	else if (cu_span_eq_str(key, "integrity"))
		y->integrity = token(&line);
}

static int read_yarn1(struct cu_nl_file *lf, struct cu_span text)
{
	struct yarn1 y = { .lf = lf };
	struct cu_span line;
	int rc = 0;

	y.deps = cu_calloc(CU_NPM_DEPENDS_MAX, sizeof(*y.deps));
	if (!y.deps)
		return CU_ENOMEM;
	while (!rc && cu_span_pull_line(&text, &line)) {
		struct cu_span body = trim_left(line);
		size_t indent = line.len - body.len;

		body = cu_span_trim(body);
		if (!body.len || body.ptr[0] == '#')
			continue;
		if (!indent) {
			rc = flush(&y);
			header(&y, body);
		} else if (!y.open) {
			continue;	/* the rest of a malformed entry */
		} else if (indent < 4) {
			field(&y, body);
		} else if (y.in_deps && y.ndeps < CU_NPM_DEPENDS_MAX) {
			y.deps[y.ndeps++] = token(&body);
		}
	}
	if (!rc)
		rc = flush(&y);
	free(y.deps);
	return rc;
}

/* --- Berry --------------------------------------------------------------------- */

static int berry_entry(void *ctx, const struct cu_nl_yentry *y)
{
	struct cu_nl_file *lf = ctx;
	struct cu_nl_entry e = { 0 };
	struct cu_span resolution = y->field[CU_NL_Y_RESOLUTION], rest, range;

	if (cu_span_eq_str(y->key, "__metadata"))
		return 0;
	if (!resolution.len) {
		rest = y->key;
		cu_span_split(&rest, ',', &resolution);
		resolution = cu_span_trim(resolution);
	}
	cu_nl_split_spec(resolution, &e.name, &range);
	if (local_spec(range))
		return 0;
	e.version = y->field[CU_NL_Y_VERSION];
	e.depends = y->depends;
	e.ndepends = y->ndepends;
	return cu_nl_emit(lf, &e);
}

/* Berry files open with comments, then "__metadata:". */
static bool is_berry(struct cu_span text)
{
	struct cu_span line;

	while (cu_span_pull_line(&text, &line)) {
		line = cu_span_trim(line);
		if (line.len && line.ptr[0] != '#')
			return cu_span_starts_with(line, "__metadata:");
	}
	return false;
}

int cu_nl_read_yarn(struct cu_nl_file *lf, struct cu_span text)
{
	struct cu_err yerr = { 0 };
	int rc;

	if (!is_berry(text))
		return read_yarn1(lf, text);
	rc = cu_nl_yaml_entries(text, lf->path, NULL, berry_entry, lf, &yerr);
	if (rc == CU_EFORMAT)
		rc = cu_catalog_warn(lf->cat, "%s, the rest skipped", yerr.msg);
	return rc;
}
