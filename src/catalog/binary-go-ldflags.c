/*
 * binary-go-ldflags.c - the version of a Go main module built from a
 * checkout, which the build information gives as "(devel)": release builds
 * usually stamp it into a variable with the linker,
 *
 *   build <TAB> -ldflags="-s -w -X github.com/x/app/internal/version.Version=1.4.2"
 *
 * The value of a build setting is a Go quoted string when it holds spaces
 * or quotes (runtime/debug BuildInfo.String); the flags inside are split as
 * cmd/go splits them (cmd/internal/quoted: whitespace, with '...' and "..."
 * grouping). A -X assignment counts when its package is "main" or inside
 * the main module, its variable is named like a version (Version,
 * GitVersion, ReleaseVersion, BuildVersion, AppVersion, SemVer, any case)
 * and its value is a release version: digits.digits[.digits] with an
 * optional 'v' and pre-release or build suffix ("1.4.2", "v2.0.0-rc.1").
 * Commit hashes, "dev" and dates are not versions and are passed over.
 */
#include "binary.h"
#include "common.h"
#include "version/golang.h"

static const char *const version_names[] = {
	"version", "gitversion", "releaseversion", "buildversion", "appversion", "semver",
};

/* Undo Go's strconv.Quote as far as flags need: \" and \\; other escapes kept. */
static int unquote(struct cu_span v, struct cu_buf *out)
{
	int rc = 0;

	if (v.len < 2 || v.ptr[0] != '"' || v.ptr[v.len - 1] != '"')
		return cu_buf_addspan(out, v);
	for (size_t i = 1; !rc && i < v.len - 1; i++) {
		char c = v.ptr[i];

		if (c == '\\' && i + 1 < v.len - 1 && (v.ptr[i + 1] == '"' || v.ptr[i + 1] == '\\'))
			c = v.ptr[++i];
		rc = cu_buf_addch(out, c);
	}
	return rc;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The next argument of a cmd/go flag string, its quotes removed: 1, or 0
 * at the end, -1 for an unterminated quote (cmd/go refuses the flags then).
 */
static int next_arg(struct cu_span *s, struct cu_buf *arg)
{
	size_t i = 0;
	char quote = 0;

	cu_buf_reset(arg);
	while (i < s->len && is_space(s->ptr[i]))
		i++;
	if (i == s->len) {
		*s = cu_span_skip(*s, i);
		return 0;
	}
	for (; i < s->len && (quote || !is_space(s->ptr[i])); i++) {
		char c = s->ptr[i];

		if (quote && c == quote)
			quote = 0;
		else if (!quote && (c == '"' || c == '\''))
			quote = c;
		else if (cu_buf_addch(arg, c))
			return -1;
	}
	*s = cu_span_skip(*s, i);
	return quote ? -1 : 1;
}

static bool version_name(struct cu_span name)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(version_names); i++)
		if (cu_span_eq_icase_str(name, version_names[i]))
			return true;
	return false;
}

/* "main", or the main module's path or a package below it */
static bool own_package(struct cu_span pkg, struct cu_span main_path)
{
	if (cu_span_eq_str(pkg, "main"))
		return true;
	return main_path.len && pkg.len >= main_path.len &&
	       !memcmp(pkg.ptr, main_path.ptr, main_path.len) &&
	       (pkg.len == main_path.len || pkg.ptr[main_path.len] == '/');
}

/* "1.4.2", "v2.0.0-rc.1", "1.4": the module version "v1.4.2" ... into out */
static bool release_version(struct cu_span v, struct cu_buf *out)
{
	size_t skip = v.len && (v.ptr[0] == 'v' || v.ptr[0] == 'V'), i = skip, parts = 0;

	while (parts < 3) {
		size_t start = i;

		while (i < v.len && v.ptr[i] >= '0' && v.ptr[i] <= '9')
			i++;
		if (i == start)
			return false;
		parts++;
		if (i == v.len || v.ptr[i] != '.' || parts == 3)
			break;
		i++;
	}
	if (parts < 2 || (i < v.len && v.ptr[i] != '-' && v.ptr[i] != '+'))
		return false;
	cu_buf_reset(out);
	cu_buf_addch(out, 'v');
	cu_buf_add(out, v.ptr + skip, i - skip);
	if (parts == 2)
		cu_buf_addstr(out, ".0");
	if (cu_buf_add(out, v.ptr + i, v.len - i))
		return false;
	return cu_golang_semver_is_valid(cu_buf_span(out));
}

/* "importpath.name=value" of a -X flag: the version it sets, if any. */
static bool assignment(struct cu_span a, struct cu_span main_path, struct cu_buf *out)
{
	struct cu_span key;
	ptrdiff_t dot;

	if (!cu_span_split(&a, '=', &key) || (dot = cu_span_rfind(key, '.')) <= 0)
		return false;
	if (!version_name(cu_span_skip(key, (size_t)dot + 1)) ||
	    !own_package(cu_span_sub(key, 0, (size_t)dot), main_path))
		return false;
	return release_version(a, out);
}

bool cu_go_ldflags_version(struct cu_span setting, struct cu_span main_path, struct cu_buf *out)
{
	struct cu_buf flags = CU_BUF_INIT, arg = CU_BUF_INIT;
	struct cu_span rest;
	bool found = false, x_next = false;

	if (unquote(setting, &flags))
		goto out;
	rest = cu_buf_span(&flags);
	while (!found && next_arg(&rest, &arg) > 0) {
		struct cu_span s = cu_buf_span(&arg);

		if (x_next) {
			found = assignment(s, main_path, out);
			x_next = false;
		} else if (cu_span_eq_str(s, "-X") || cu_span_eq_str(s, "--X")) {
			x_next = true;
		} else if (cu_span_starts_with(s, "-X=")) {
			found = assignment(cu_span_skip(s, 3), main_path, out);
		} else if (cu_span_starts_with(s, "--X=")) {
			found = assignment(cu_span_skip(s, 4), main_path, out);
		}
	}
out:
	cu_buf_release(&flags);
	cu_buf_release(&arg);
	return found;
}
