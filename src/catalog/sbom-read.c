/*
 * sbom-read.c - reading an SBOM: the file (capped at CU_CAP_SBOM_BYTES),
 * its format from the first bytes, the top-level members of a JSON
 * document, and the reader of its format (sbom-cyclonedx.c, sbom-spdx.c,
 * sbom-spdx-tv.c).
 *
 * A JSON document is walked member by member (cu_json_each_member) and only
 * the members that name packages are parsed, so SPDX "files" and
 * "relationships" lists or CycloneDX "vulnerabilities" cost no memory
 * beyond the file itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "json.h"
#include "sbom-internal.h"

/* How much of a file cu_sbom_probe looks at. */
#define SNIFF_BYTES (64 * 1024)

const char *cu_sbom_format_name(enum cu_sbom_format f)
{
	switch (f) {
	case CU_SBOM_FORMAT_CYCLONEDX: return "cyclonedx";
	case CU_SBOM_FORMAT_SPDX_JSON: return "spdx-json";
	case CU_SBOM_FORMAT_SPDX_TV: return "spdx-tag-value";
	default: return "sbom";
	}
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(struct cu_span s, size_t i)
{
	while (i < s.len && is_ws(s.ptr[i]))
		i++;
	return i;
}

/* Past a UTF-8 byte order mark and leading whitespace. */
static struct cu_span body_of(struct cu_span s)
{
	if (s.len >= 3 && memcmp(s.ptr, "\xef\xbb\xbf", 3) == 0)
		s = cu_span_skip(s, 3);
	return cu_span_skip(s, skip_ws(s, 0));
}

/* --- sniffing ------------------------------------------------------------ */

/* Index just past the string opening at i, or 0 when the head ends first. */
static size_t string_end(struct cu_span s, size_t i)
{
	for (i++; i < s.len; i++) {
		if (s.ptr[i] == '\\')
			i++;
		else if (s.ptr[i] == '"')
			return i + 1;
	}
	return 0;
}

/* Index just past the value starting at i, or 0 when the head ends first. */
static size_t value_end(struct cu_span s, size_t i)
{
	size_t depth = 0, e;

	for (; i < s.len; i++) {
		char c = s.ptr[i];

		if (c == '"') {
			if (!(e = string_end(s, i)))
				return 0;
			if (!depth)
				return e;
			i = e - 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return i;
			if (!--depth)
				return i + 1;
		} else if (!depth && (c == ',' || is_ws(c))) {
			return i;
		}
	}
	return 0;
}

/*
 * The leading members of a JSON object: CycloneDX or SPDX when one of them
 * is "bomFormat" or "spdxVersion", CU_SBOM_FORMAT_JSON when the head ends before
 * the object does, CU_SBOM_FORMAT_NONE when the object (or its syntax) ends first.
 */
static enum cu_sbom_format sniff_json(struct cu_span s)
{
	size_t i = 1, kend, vend;

	for (;;) {
		i = skip_ws(s, i);
		if (i >= s.len)
			return CU_SBOM_FORMAT_JSON;
		if (s.ptr[i] != '"')
			return CU_SBOM_FORMAT_NONE;
		if (!(kend = string_end(s, i)))
			return CU_SBOM_FORMAT_JSON;
		if (cu_span_eq_str(cu_span_sub(s, i + 1, kend - i - 2), "bomFormat"))
			return CU_SBOM_FORMAT_CYCLONEDX;
		if (cu_span_eq_str(cu_span_sub(s, i + 1, kend - i - 2), "spdxVersion"))
			return CU_SBOM_FORMAT_SPDX_JSON;
		i = skip_ws(s, kend);
		if (i < s.len && s.ptr[i] != ':')
			return CU_SBOM_FORMAT_NONE;
		i = skip_ws(s, i + 1);
		if (i >= s.len || !(vend = value_end(s, i)))
			return CU_SBOM_FORMAT_JSON;
		i = skip_ws(s, vend);
		if (i >= s.len)
			return CU_SBOM_FORMAT_JSON;
		if (s.ptr[i] != ',')
			return CU_SBOM_FORMAT_NONE;
		i++;
	}
}

/* The first line that is not blank or a '#' comment starts "SPDXVersion:". */
static bool sniff_tag_value(struct cu_span s)
{
	struct cu_span line;

	while (cu_span_pull_line(&s, &line)) {
		line = cu_span_trim(line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		return cu_span_starts_with(line, "SPDXVersion:");
	}
	return false;
}

enum cu_sbom_format cu_sbom_sniff(struct cu_span head)
{
	struct cu_span s = body_of(head);

	if (s.len && s.ptr[0] == '{')
		return sniff_json(s);
	return sniff_tag_value(s) ? CU_SBOM_FORMAT_SPDX_TV : CU_SBOM_FORMAT_NONE;
}

bool cu_sbom_probe(const char *path)
{
	struct stat st;
	size_t len = 0;
	ssize_t n;
	char *head;
	bool yes;
	int fd;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	head = fd >= 0 ? malloc(SNIFF_BYTES) : NULL;
	if (!head) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	while (len < SNIFF_BYTES && (n = read(fd, head + len, SNIFF_BYTES - len)) > 0)
		len += (size_t)n;
	close(fd);
	yes = cu_sbom_sniff(cu_span_make(head, len)) != CU_SBOM_FORMAT_NONE;
	free(head);
	return yes;
}

/* --- reading ------------------------------------------------------------- */

static int read_file(const char *path, char **data, size_t *len, struct cu_err *err)
{
	struct stat st;
	size_t got = 0;
	ssize_t n = 0;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return cu_seterr(err, errno == ENOENT ? CU_ENOTFOUND : CU_EIO,
				 "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = cu_seterr(err, CU_EIO, "'%s' is not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > CU_CAP_SBOM_BYTES) {
		rc = cu_seterr(err, CU_ETOOBIG, "'%s' is larger than %llu bytes", path,
			       (unsigned long long)CU_CAP_SBOM_BYTES);
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		rc = CU_ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	if (n < 0)
		rc = cu_seterr(err, CU_EIO, "cannot read '%s': %s", path, strerror(errno));
out:
	close(fd);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}

const char *cu_sbomin_jstr(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	const char *s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	return *s && strlen(s) == json_string_length(v) ? s : NULL;
}

int cu_sbomin_json_value(struct cu_sbomin_ctx *ctx, struct cu_span raw, const char *member,
		       json_t **out, struct cu_err *err)
{
	json_error_t je;

	*out = json_loadb(raw.ptr, raw.len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (*out)
		return 0;
	return cu_seterr(err, CU_EFORMAT, "'%s' is not valid JSON (in \"%s\", line %d: %s)",
			 ctx->what, member, je.line, je.text);
}

/* Keep the raw values of the members the readers want. */
static int collect(void *arg, const char *key, struct cu_span value)
{
	struct cu_sbomin_members *m = arg;
	static const struct {
		const char *key;
		size_t field;
	} wanted[] = {
		{ "bomFormat", offsetof(struct cu_sbomin_members, format) },
		{ "specVersion", offsetof(struct cu_sbomin_members, spec) },
		{ "metadata", offsetof(struct cu_sbomin_members, metadata) },
		{ "components", offsetof(struct cu_sbomin_members, components) },
		{ "spdxVersion", offsetof(struct cu_sbomin_members, spdx_version) },
		{ "name", offsetof(struct cu_sbomin_members, name) },
		{ "creationInfo", offsetof(struct cu_sbomin_members, creation) },
		{ "documentDescribes", offsetof(struct cu_sbomin_members, describes) },
		{ "packages", offsetof(struct cu_sbomin_members, packages) },
		{ "relationships", offsetof(struct cu_sbomin_members, relationships) },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(wanted); i++) {
		struct cu_span *f = (struct cu_span *)((char *)m + wanted[i].field);

		if (strcmp(key, wanted[i].key) == 0 && !f->ptr)
			*f = value;
	}
	return 0;
}

static int read_json(struct cu_sbomin_ctx *ctx, struct cu_span body, struct cu_err *err)
{
	struct cu_sbomin_members m;
	char what[300];
	int rc;

	memset(&m, 0, sizeof(m));
	snprintf(what, sizeof(what), "'%s'", ctx->what);
	rc = cu_json_each_member(body, what, collect, &m, err);
	if (rc)
		return rc;
	if (m.format.ptr)
		return cu_sbomin_cyclonedx(ctx, &m, err);
	if (m.spdx_version.ptr)
		return cu_sbomin_spdx_json(ctx, &m, err);
	return cu_seterr(err, CU_EFORMAT, "'%s' is not a CycloneDX or SPDX document "
			 "(no \"bomFormat\" or \"spdxVersion\")", ctx->what);
}

int cu_sbom_parse(struct cu_span data, const char *what, struct cu_catalog *cat,
		  struct cu_sbom_info *info, struct cu_err *err)
{
	struct cu_span body = body_of(data);
	struct cu_sbomin_ctx ctx;
	int rc;

	memset(info, 0, sizeof(*info));
	memset(&ctx, 0, sizeof(ctx));
	ctx.cat = cat;
	ctx.info = info;
	ctx.what = what;
	cu_map_init(&ctx.refs, 3 * (size_t)CU_CAP_SBOM_ENTRIES);
	if (body.len && body.ptr[0] == '{')
		rc = read_json(&ctx, body, err);
	else if (sniff_tag_value(body))
		rc = cu_sbomin_spdx_tv(&ctx, body, err);
	else
		rc = cu_seterr(err, CU_EFORMAT, "'%s' is not a CycloneDX or SPDX document", what);
	if (!rc)
		rc = cu_sbomin_finish(&ctx);
	if (rc == CU_ENOMEM)
		rc = cu_seterr(err, rc, "out of memory reading '%s'", what);
	cu_map_release(&ctx.refs);
	free(ctx.links);
	free(ctx.srcs);
	return rc;
}

int cu_sbom_read(const char *path, struct cu_catalog *cat, struct cu_sbom_info *info,
		 struct cu_err *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = read_file(path, &data, &len, err);
	if (!rc)
		rc = cu_sbom_parse(cu_span_make(data, len), path, cat, info, err);
	free(data);
	return rc;
}
