/*
 * python-meta.c - one installed Python distribution's core metadata as a
 * package (PyPA "Core metadata specifications" 1.0-2.4; PEP 503 names,
 * PEP 440 versions, PEP 639 License-Expression, PEP 376 RECORD, the pypi
 * purl type). METADATA and PKG-INFO are RFC 822 headers followed by the
 * description; only the headers are read.
 */
#include <stddef.h>

#include "common.h"
#include "path.h"
#include "purl.h"
#include "python.h"
#include "version/names.h"
#include "version/pypi.h"

/* Caps; see also caps.h (CU_CAP_PKG_FILES for RECORD, CU_CAP_PATH_BYTES). */
#define PY_MAX_DEPENDS		512		/* dependency names per package */
#define PY_MAX_LICENSES		8		/* "License ::" classifiers used */
#define PY_MAX_FIELD		1024		/* bytes kept of one text field */

static const char *const found_by[] = {
	[CU_PY_DIST_INFO] = "python-dist-info",
	[CU_PY_EGG_INFO_DIR] = "python-egg-info",
	[CU_PY_EGG_INFO_FILE] = "python-egg-info",
	[CU_PY_EGG_DIR] = "python-egg",
	[CU_PY_EGG_ZIP] = "python-egg",
};

struct py_fields {
	struct cu_span metadata_version, name, version, summary, license,
		       license_expr, author, author_email, maintainer,
		       maintainer_email;
	int bad;
};

struct py_deps {
	const char *names[PY_MAX_DEPENDS];
	size_t n;
};

/* --- metadata fields ----------------------------------------------------- */

/*
 * The RFC 822 header block of METADATA / PKG-INFO: it ends at the first
 * empty line (the body is the description); a line starting with a blank
 * continues the previous value, even when it holds only blanks.
 */
static bool next_header(struct cu_span *hdrs, struct cu_span *name,
			struct cu_span *value, int *bad)
{
	struct cu_span line, probe;
	ptrdiff_t colon;

	for (;;) {
		if (!cu_span_pull_line(hdrs, &line) || !line.len) {
			*hdrs = CU_SPAN_NULL;
			return false;
		}
		colon = cu_span_find(line, ':');
		if (line.ptr[0] != ' ' && line.ptr[0] != '\t' && colon > 0)
			break;
		(*bad)++;
	}
	*name = cu_span_trim(cu_span_sub(line, 0, (size_t)colon));
	*value = cu_span_skip(line, (size_t)colon + 1);
	for (;;) {
		probe = *hdrs;
		if (!cu_span_pull_line(&probe, &line) || !line.len ||
		    (line.ptr[0] != ' ' && line.ptr[0] != '\t'))
			break;
		value->len = (size_t)(line.ptr + line.len - value->ptr);
		*hdrs = probe;
	}
	*value = cu_span_trim(*value);
	return true;
}

static struct cu_span headers_of(struct cu_span text)
{
	if (cu_span_starts_with(text, "\xef\xbb\xbf"))
		text = cu_span_skip(text, 3);	/* a byte order mark */
	return text;
}

static const struct {
	const char *name;
	size_t off;
} single_fields[] = {
	{ "Metadata-Version", offsetof(struct py_fields, metadata_version) },
	{ "Name", offsetof(struct py_fields, name) },
	{ "Version", offsetof(struct py_fields, version) },
	{ "Summary", offsetof(struct py_fields, summary) },
	{ "License", offsetof(struct py_fields, license) },
	{ "License-Expression", offsetof(struct py_fields, license_expr) },
	{ "Author", offsetof(struct py_fields, author) },
	{ "Author-email", offsetof(struct py_fields, author_email) },
	{ "Maintainer", offsetof(struct py_fields, maintainer) },
	{ "Maintainer-email", offsetof(struct py_fields, maintainer_email) },
};

/* Single-valued fields: the first occurrence counts (email.message.get). */
static void read_fields(struct cu_span text, struct py_fields *f)
{
	struct cu_span hdrs = headers_of(text), name, value;

	memset(f, 0, sizeof(*f));
	while (next_header(&hdrs, &name, &value, &f->bad)) {
		for (size_t i = 0; i < CU_ARRAY_SIZE(single_fields); i++) {
			struct cu_span *slot = (void *)((char *)f + single_fields[i].off);

			if (!slot->ptr && cu_span_eq_icase_str(name, single_fields[i].name)) {
				*slot = value;
				break;
			}
		}
	}
}

static bool utf8_valid(struct cu_span s)
{
	for (size_t i = 0; i < s.len;) {
		unsigned char c = (unsigned char)s.ptr[i];
		uint32_t cp, min;
		size_t n;

		if (c && c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			n = 1, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			n = 2, cp = c & 0x0f, min = 0x800;
		else if ((c & 0xf8) == 0xf0)
			n = 3, cp = c & 0x07, min = 0x10000;
		else
			return false;	/* NUL, a stray continuation byte, 0xf8.. */
		if (n >= s.len - i)
			return false;
		for (size_t k = 1; k <= n; k++) {
			unsigned char cc = (unsigned char)s.ptr[i + k];

			if ((cc & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (cc & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

static char *latin1_to_utf8(struct cu_arena *a, struct cu_span s)
{
	char *out = cu_arena_alloc(a, s.len * 2 + 1);	/* s.len <= PY_MAX_FIELD */
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];

		if (c >= 0x80) {
			out[o++] = (char)(0xc0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3f));
		} else {
			out[o++] = c ? (char)c : '?';
		}
	}
	out[o] = '\0';
	return out;
}

/* At most PY_MAX_FIELD bytes, not cutting a UTF-8 sequence. */
static struct cu_span clamp(struct cu_span s)
{
	if (s.len > PY_MAX_FIELD) {
		s.len = PY_MAX_FIELD;
		while (s.len && ((unsigned char)s.ptr[s.len] & 0xc0) == 0x80)
			s.len--;
	}
	return s;
}

/*
 * A text field as UTF-8: trimmed, at most PY_MAX_FIELD bytes, NULL when
 * empty. Older tools wrote PKG-INFO in the locale's encoding: text that is
 * not UTF-8 is read as Latin-1 and *recoded set.
 */
static const char *text_str(struct cu_catalog *cat, struct cu_span s, bool *recoded)
{
	s = clamp(cu_span_trim(s));
	if (!s.len)
		return NULL;
	if (utf8_valid(s))
		return cu_arena_spandup(&cat->arena, s);
	*recoded = true;
	return latin1_to_utf8(&cat->arena, s);
}

/* The first line of a value, or nothing for distutils' "UNKNOWN". */
static struct cu_span known(struct cu_span value)
{
	struct cu_span line = CU_SPAN_NULL;

	cu_span_pull_line(&value, &line);
	line = cu_span_trim(line);
	return cu_span_eq_icase_str(line, "UNKNOWN") ? CU_SPAN_NULL : line;
}

/* "Name <email>", either part alone, or NULL. */
static const char *person(struct cu_catalog *cat, struct cu_span name,
			  struct cu_span email, bool *recoded)
{
	struct cu_buf b;
	const char *s;

	name = clamp(known(name));
	email = clamp(known(email));
	if (!name.len || !email.len || cu_span_find(email, '<') >= 0)
		return text_str(cat, name.len ? name : email, recoded);
	cu_buf_init(&b, 2 * PY_MAX_FIELD);
	cu_buf_addf(&b, "%.*s <%.*s>", (int)name.len, name.ptr, (int)email.len, email.ptr);
	s = text_str(cat, cu_buf_span(&b), recoded);
	cu_buf_release(&b);
	return s;
}

/* "License :: OSI Approved :: MIT License" -> "MIT License". */
static bool classifier_license(struct cu_span value, struct cu_span *lic)
{
	ptrdiff_t colon;

	if (!cu_span_starts_with(value, "License ::"))
		return false;
	colon = cu_span_rfind(value, ':');
	*lic = cu_span_trim(cu_span_skip(value, (size_t)colon + 1));
	return lic->len && !cu_span_eq_str(*lic, "OSI Approved");
}

static void classifier_licenses(struct cu_span text, struct cu_buf *out)
{
	struct cu_span hdrs = headers_of(text), name, value, lic;
	int bad = 0, n = 0;

	while (n < PY_MAX_LICENSES && next_header(&hdrs, &name, &value, &bad)) {
		if (!cu_span_eq_icase_str(name, "Classifier") || !classifier_license(value, &lic))
			continue;
		if (n++)
			cu_buf_addstr(out, " OR ");
		cu_buf_addspan(out, lic);
	}
}

/*
 * License-Expression (SPDX, 2.4); else a License field that is a name, not
 * the whole license text; else the License classifiers; else the first line
 * of License.
 */
static const char *pick_license(struct cu_catalog *cat, const struct py_fields *f,
				struct cu_span text, bool *recoded)
{
	struct cu_span lic = known(f->license);
	struct cu_buf b;
	const char *s;

	if (f->license_expr.len)
		return text_str(cat, known(f->license_expr), recoded);
	if (lic.len && lic.len == f->license.len && lic.len <= 200)
		return text_str(cat, lic, recoded);
	cu_buf_init(&b, PY_MAX_FIELD);
	classifier_licenses(text, &b);
	s = text_str(cat, b.len ? cu_buf_span(&b) : lic, recoded);
	cu_buf_release(&b);
	return s;
}

/* --- dependencies -------------------------------------------------------- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static bool valid_name(struct cu_span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!name_char(s.ptr[i]))
			return false;
	return s.len && name_char(s.ptr[0]) && s.ptr[0] != '-' && s.ptr[0] != '.' &&
	       s.ptr[0] != '_';
}

/* The project name a requirement starts with ("requests[socks]>=2; ..."). */
static struct cu_span requirement_name(struct cu_span spec)
{
	size_t i = 0;

	spec = cu_span_trim(spec);
	while (i < spec.len && name_char(spec.ptr[i]))
		i++;
	return cu_span_sub(spec, 0, i);
}

static int dep_add(struct cu_catalog *cat, struct py_deps *dl, struct cu_span name,
		   struct cu_buf *tmp)
{
	if (!name.len || dl->n >= PY_MAX_DEPENDS)
		return 0;
	cu_name_normalize("pypi", name, tmp);
	for (size_t i = 0; i < dl->n; i++)
		if (strcmp(dl->names[i], cu_buf_str(tmp)) == 0)
			return 0;
	dl->names[dl->n] = cu_arena_strndup(&cat->arena, cu_buf_str(tmp), tmp->len);
	return dl->names[dl->n++] ? 0 : CU_ENOMEM;
}

/* Requires-Dist, leaving out what only an extra pulls in. */
static int requires_dist(struct cu_catalog *cat, struct py_deps *dl, struct cu_span text,
			 struct cu_buf *tmp)
{
	struct cu_span hdrs = headers_of(text), name, value, marker, head;
	int bad = 0, rc = 0;

	while (!rc && next_header(&hdrs, &name, &value, &bad)) {
		if (!cu_span_eq_icase_str(name, "Requires-Dist"))
			continue;
		marker = value;
		if (cu_span_split(&marker, ';', &head) &&
		    memmem(marker.ptr, marker.len, "extra", 5))
			continue;
		rc = dep_add(cat, dl, requirement_name(value), tmp);
	}
	return rc;
}

/* setuptools' requires.txt: "[extra]" sections are optional, "[:marker]" not. */
static int requires_txt(struct cu_catalog *cat, struct py_deps *dl, struct cu_span text,
			struct cu_buf *tmp)
{
	struct cu_span line;
	bool optional = false;
	int rc = 0;

	while (!rc && cu_span_pull_line(&text, &line)) {
		line = cu_span_trim(line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		if (line.ptr[0] == '[')
			optional = line.len < 2 || line.ptr[1] != ':';
		else if (!optional)
			rc = dep_add(cat, dl, requirement_name(line), tmp);
	}
	return rc;
}

static int add_depends(struct cu_catalog *cat, struct cu_pkg *p, const struct cu_py_dist *d)
{
	struct py_deps *dl = calloc(1, sizeof(*dl));
	struct cu_buf tmp = CU_BUF_INIT;
	int rc = CU_ENOMEM;

	if (!dl)
		goto out;
	rc = requires_dist(cat, dl, d->text, &tmp);
	if (!rc && !dl->n && d->requires.len)
		rc = requires_txt(cat, dl, d->requires, &tmp);
	if (rc || !dl->n)
		goto out;
	p->depends = cu_arena_calloc(&cat->arena, dl->n + 1, sizeof(*p->depends));
	if (!p->depends)
		rc = CU_ENOMEM;
	else
		memcpy(p->depends, dl->names, dl->n * sizeof(*dl->names));
out:
	free(dl);
	cu_buf_release(&tmp);
	return rc;
}

/* --- installed files ----------------------------------------------------- */

/* The path field of a RECORD line (CSV as Python's csv module writes it). */
static struct cu_span record_path(struct cu_span line, struct cu_buf *unq)
{
	struct cu_span path;

	if (!line.len || line.ptr[0] != '"') {
		cu_span_split(&line, ',', &path);
		return path;
	}
	cu_buf_reset(unq);
	for (size_t i = 1; i < line.len; i++) {
		if (line.ptr[i] == '"' && (i + 1 == line.len || line.ptr[i + 1] != '"'))
			break;
		if (line.ptr[i] == '"')
			i++;
		cu_buf_addch(unq, line.ptr[i]);
	}
	return cu_buf_span(unq);
}

/* base + "/" + rel, or rel when absolute, normalised inside the image. */
static const char *image_path(struct cu_catalog *cat, struct cu_span base,
			      struct cu_span rel, struct cu_buf *tmp, struct cu_buf *norm)
{
	cu_buf_reset(tmp);
	if (!cu_span_starts_with(rel, "/")) {
		cu_buf_addspan(tmp, base);
		cu_buf_addch(tmp, '/');
	}
	if (!rel.len || cu_buf_addspan(tmp, rel) ||
	    cu_path_normalize(cu_buf_span(tmp), norm) || !norm->len)
		return NULL;
	return cu_arena_strndup(&cat->arena, norm->buf, norm->len);
}

static int list_files(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span list,
		      struct cu_span base, bool csv)
{
	struct cu_buf unq = CU_BUF_INIT, tmp = CU_BUF_INIT, norm = CU_BUF_INIT;
	struct cu_span text = list, line;
	size_t n = 0;

	while (n < CU_CAP_PKG_FILES && cu_span_pull_line(&text, &line))
		n++;
	p->files = cu_arena_calloc(&cat->arena, n + 1, sizeof(*p->files));
	if (!p->files)
		return CU_ENOMEM;
	cu_buf_init(&tmp, 2 * CU_CAP_PATH_BYTES);
	text = list;
	while (p->nfiles < n && cu_span_pull_line(&text, &line)) {
		struct cu_span rel = csv ? record_path(line, &unq) : cu_span_trim(line);
		const char *path = image_path(cat, base, rel, &tmp, &norm);

		if (path)
			p->files[p->nfiles++] = path;
	}
	cu_buf_release(&unq);
	cu_buf_release(&tmp);
	cu_buf_release(&norm);
	return 0;
}

const struct cu_content *cu_py_aux_file(const struct cu_fsview *view,
					struct cu_span dir, const char *name)
{
	const struct cu_content *c;
	struct cu_buf path = CU_BUF_INIT;

	cu_buf_addf(&path, "%.*s/%s", (int)dir.len, dir.ptr, name);
	c = cu_fsview_content(view, cu_buf_str(&path));
	cu_buf_release(&path);
	return c && !c->truncated ? c : NULL;
}

/* RECORD lists paths from the site directory, installed-files.txt from its own. */
static int add_files(struct cu_catalog *cat, const struct cu_fsview *view,
		     struct cu_pkg *p, const struct cu_py_dist *d)
{
	const struct cu_content *c = NULL;
	struct cu_span base = d->distdir;

	if (d->kind == CU_PY_EGG_ZIP) {
		p->files = cu_arena_calloc(&cat->arena, 2, sizeof(*p->files));
		if (!p->files)
			return CU_ENOMEM;
		p->files[p->nfiles++] = p->location;
		return 0;
	}
	if (d->kind == CU_PY_DIST_INFO) {
		c = cu_py_aux_file(view, d->distdir, "RECORD");
		base = cu_path_dirname(d->distdir);
	} else if (d->kind == CU_PY_EGG_INFO_DIR) {
		c = cu_py_aux_file(view, d->distdir, "installed-files.txt");
	}
	if (!c)
		return 0;
	return list_files(cat, p, cu_span_make(c->data, c->len), base, d->kind == CU_PY_DIST_INFO);
}

/* --- packages ------------------------------------------------------------ */

/* Name and version parts of "Flask-2.2.2.dist-info", "foo-1.0-py3.11.egg". */
static void split_dist_name(struct cu_span distdir, struct cu_span *name,
			    struct cu_span *version)
{
	struct cu_span stem = cu_path_basename(distdir);
	ptrdiff_t dot = cu_span_rfind(stem, '.');

	if (dot >= 0)
		stem.len = (size_t)dot;
	cu_span_split(&stem, '-', name);
	cu_span_split(&stem, '-', version);
}

/* Name and version, from the directory name when a field is missing. */
static int identity(struct cu_catalog *cat, const struct cu_py_dist *d, struct py_fields *f)
{
	struct cu_span dname, dversion;
	int rc = 0;

	split_dist_name(d->distdir, &dname, &dversion);
	if (!f->name.len && valid_name(dname)) {
		f->name = dname;
		rc = cu_catalog_warn(cat, "%s: no Name, taken from the file name", d->location);
	}
	if (!f->version.len && dversion.len && f->name.len) {
		f->version = dversion;
		rc = cu_catalog_warn(cat, "%s: no Version, taken from the file name", d->location);
	}
	if (rc)
		return rc;
	if (!valid_name(f->name))
		return cu_catalog_warn(cat, "%s: %s, skipped", d->location,
				       f->name.len ? "invalid Name" : "no Name") ? CU_ENOMEM : 1;
	if (!f->version.len)
		return cu_catalog_warn(cat, "%s: no Version, skipped",
				       d->location) ? CU_ENOMEM : 1;
	return 0;
}

static int set_identity(struct cu_catalog *cat, struct cu_pkg *p, const struct cu_py_dist *d,
			const struct py_fields *f, bool *recoded)
{
	struct cu_buf b = CU_BUF_INIT;
	int rc = 0;

	cu_name_normalize("pypi", f->name, &b);
	p->name = cu_arena_strndup(&cat->arena, cu_buf_str(&b), b.len);
	cu_buf_reset(&b);
	if (!cu_pep440_normalize(f->version, &b)) {
		p->version = cu_arena_strndup(&cat->arena, cu_buf_str(&b), b.len);
	} else {
		p->version = text_str(cat, f->version, recoded);
		rc = cu_catalog_warn(cat, "%s: version '%s' is not PEP 440, kept as written",
				     d->location, p->version ? p->version : "");
	}
	p->source_name = p->name;
	p->source_version = p->version;
	cu_buf_release(&b);
	return rc ? rc : (p->name && p->version ? 0 : CU_ENOMEM);
}

static int set_purl(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span raw_name)
{
	struct cu_buf purl = CU_BUF_INIT;
	char *name = cu_arena_spandup(&cat->arena, raw_name);
	int rc;

	if (!name)
		return CU_ENOMEM;
	rc = cu_purl_make(&purl, "pypi", NULL, name, p->version, NULL, NULL);
	if (rc == CU_ENOMEM)
		goto out;
	if (rc)
		rc = cu_catalog_warn(cat, "%s: no purl for '%s' %s", p->location, p->name,
				     p->version);
	else if (!(p->purl = cu_arena_strndup(&cat->arena, purl.buf, purl.len)))
		rc = CU_ENOMEM;
out:
	cu_buf_release(&purl);
	return rc;
}

/* The OS package listing the metadata file or its directory. */
static const struct cu_pkg *find_owner(struct cu_catalog *cat, const struct cu_py_dist *d)
{
	const struct cu_pkg *owner = cu_catalog_owner(cat, d->location);
	struct cu_buf dir = CU_BUF_INIT;

	if (owner || d->distdir.len == strlen(d->location))
		return owner;
	if (!cu_buf_addspan(&dir, d->distdir))
		owner = cu_catalog_owner(cat, cu_buf_str(&dir));
	cu_buf_release(&dir);
	return owner;
}

static int describe(struct cu_catalog *cat, struct cu_pkg *p, const struct cu_py_dist *d,
		    const struct py_fields *f)
{
	bool recoded = false;
	int rc;

	p->description = text_str(cat, known(f->summary), &recoded);
	p->license = pick_license(cat, f, d->text, &recoded);
	p->maintainer = person(cat, f->maintainer, f->maintainer_email, &recoded);
	if (!p->maintainer)
		p->maintainer = person(cat, f->author, f->author_email, &recoded);
	rc = set_identity(cat, p, d, f, &recoded);
	if (!rc && recoded)
		rc = cu_catalog_warn(cat, "%s: not UTF-8, read as Latin-1", d->location);
	if (!rc && f->bad)
		rc = cu_catalog_warn(cat, "%s: %d malformed header lines ignored", d->location,
				     f->bad);
	if (!rc && f->metadata_version.len && f->metadata_version.ptr[0] > '2')
		rc = cu_catalog_warn(cat, "%s: Metadata-Version newer than 2.4, read as 2.4",
				     d->location);
	return rc;
}

int cu_py_add_dist(struct cu_catalog *cat, const struct cu_fsview *view,
		   const struct cu_py_dist *d, struct cu_err *err)
{
	struct py_fields f;
	struct cu_pkg *p;
	int rc;

	read_fields(d->text, &f);
	rc = identity(cat, d, &f);
	if (rc)
		return rc < 0 ? cu_seterr(err, rc, "%s", d->location) : 0;
	p = cu_catalog_new_pkg(cat);
	if (!p)
		return cu_seterr(err, CU_ENOMEM, "cannot record package from '%s'", d->location);
	p->type = "pypi";
	p->cataloger = "python";
	p->found_by = found_by[d->kind];
	p->location = cu_arena_strdup(&cat->arena, d->location);
	if (!p->location)
		return cu_seterr(err, CU_ENOMEM, "cannot record package from '%s'", d->location);
	p->layer = d->layer;
	p->owner = find_owner(cat, d);
	rc = describe(cat, p, d, &f);
	if (!rc)
		rc = set_purl(cat, p, f.name);
	if (!rc)
		rc = add_depends(cat, p, d);
	if (!rc)
		rc = add_files(cat, view, p, d);
	return rc ? cu_seterr(err, rc, "cannot record package from '%s'", d->location) : 0;
}
