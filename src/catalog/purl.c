/*
 * purl.c - Package URLs: parse, normalise and build.
 *
 * Implements the Package URL specification (https://github.com/package-url/
 * purl-spec: PURL-SPECIFICATION, docs "How to parse" and "How to build", the
 * ECMA-427 character encoding rules); the rules of its registered type
 * definitions are in purl-types.c.
 *
 * Parsing works from the right as the specification says: '#' subpath, '?'
 * qualifiers, "pkg:" scheme, type up to the first '/', '@' version in the
 * last path segment, then name and namespace. Building encodes the given
 * components into a candidate string and parses that, so a built purl always
 * parses back to the components it was built from, and parsing and building
 * share one set of normalisation rules.
 */

#include "common.h"
#include "purl-internal.h"

enum purl_parse_flags {
	PURL_ANY_CASE_KEYS = 1 << 0,	/* accept "Platform=", not only "platform=" */
};

/* ---- characters ------------------------------------------------------- */

/* What the canonical form leaves unencoded: alphanumerics, . - _ ~ and ':'. */
static bool is_safe(char c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '-' ||
	       c == '_' || c == '~' || c == ':';
}

/* A purl is an ASCII string; spaces and controls must be percent-encoded. */
static bool is_visible(char c)
{
	return c > 0x20 && c < 0x7f;
}

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Length of the UTF-8 sequence at s (RFC 3629), or 0 when it is malformed. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned cp, min;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	cp = s[0] & (0x7fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Whether s[0..len) is UTF-8 text without NUL. */
static bool is_text(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0, n; i < len; i += n) {
		n = u[i] ? utf8_seq(u + i, len - i) : 0;
		if (!n)
			return false;
	}
	return true;
}

/* ---- decoding --------------------------------------------------------- */

/* Percent-decode s onto out; what it decodes to must be text. */
static int pct_decode(struct cu_span s, const char *what, struct cu_buf *out,
		      struct cu_err *err)
{
	size_t start = out->len;
	int rc;

	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (c == '%') {
			int hi = i + 2 < s.len ? hex_value(s.ptr[i + 1]) : -1;
			int lo = hi >= 0 ? hex_value(s.ptr[i + 2]) : -1;

			if (lo < 0)
				return cu_seterr_new(err, CU_EFORMAT,
						     "bad percent-encoding in %s",
						     what);
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		rc = cu_buf_addch(out, c);
		if (rc)
			return rc;
	}
	if (out->len > start && !is_text(out->buf + start, out->len - start))
		return cu_seterr_new(err, CU_EFORMAT, "%s is not UTF-8 text",
				     what);
	return 0;
}

/* Decode s into a new string; *out stays NULL when it decodes to nothing. */
static int decode_dup(struct cu_span s, const char *what, char **out,
		      struct cu_err *err)
{
	struct cu_buf b = CU_BUF_INIT;
	int rc = pct_decode(s, what, &b, err);

	if (!rc && b.len)
		*out = cu_buf_detach(&b, NULL);
	cu_buf_release(&b);
	return rc;
}

static bool drop_segment(const struct cu_buf *seg, bool subpath)
{
	struct cu_span s = cu_buf_span(seg);

	return !s.len ||
	       (subpath && (cu_span_eq_str(s, ".") || cu_span_eq_str(s, "..")));
}

/*
 * Decode the '/'-separated segments of a namespace or a subpath, leaving out
 * empty segments and, in a subpath, "." and "..". A segment must not decode
 * to something holding '/'. *out stays NULL when no segment is left.
 */
static int decode_segments(struct cu_span s, bool subpath, char **out,
			   struct cu_err *err)
{
	struct cu_buf path = CU_BUF_INIT, seg = CU_BUF_INIT;
	const char *what = subpath ? "subpath" : "namespace";
	struct cu_span raw;
	int rc = 0;

	while (s.len && !rc) {
		cu_span_split(&s, '/', &raw);
		cu_buf_reset(&seg);
		rc = pct_decode(raw, what, &seg, err);
		if (rc || drop_segment(&seg, subpath))
			continue;
		if (memchr(seg.buf, '/', seg.len))
			rc = cu_seterr_new(err, CU_EFORMAT,
					   "%s segment holds an encoded '/'", what);
		else if (path.len)
			rc = cu_buf_addch(&path, '/');
		if (!rc)
			rc = cu_buf_add(&path, seg.buf, seg.len);
	}
	if (!rc && path.len)
		*out = cu_buf_detach(&path, NULL);
	cu_buf_release(&path);
	cu_buf_release(&seg);
	return rc;
}

/* ---- parsing ---------------------------------------------------------- */

/* A letter (lowercase only unless any_case), then letters, digits, punct. */
static bool is_word(struct cu_span s, bool any_case, const char *punct)
{
	bool ok = s.len && (any_case ? is_alpha(s.ptr[0]) : is_lower(s.ptr[0]));

	for (size_t i = 1; ok && i < s.len; i++)
		ok = is_alpha(s.ptr[i]) || is_digit(s.ptr[i]) ||
		     (s.ptr[i] && strchr(punct, s.ptr[i]));
	return ok;
}

static int check_type(struct cu_span type, struct cu_err *err)
{
	if (is_word(type, true, ".-"))
		return 0;
	return cu_seterr_new(err, CU_EFORMAT, "invalid type '%.*s'",
			     (int)(type.len > 64 ? 64 : type.len), type.ptr);
}

static int check_key(struct cu_span key, unsigned flags, struct cu_err *err)
{
	if (is_word(key, flags & PURL_ANY_CASE_KEYS, ".-_"))
		return 0;
	return cu_seterr_new(err, CU_EFORMAT, "invalid qualifier key '%.*s'",
			     (int)(key.len > 64 ? 64 : key.len), key.ptr);
}

static int add_qualifier(struct cu_purl *p, size_t *alloc,
			 struct cu_span key, struct cu_span value,
			 struct cu_err *err)
{
	struct cu_purl_qualifier *q;

	if (CU_GROW(p->qualifiers, *alloc, p->nqualifiers + 1))
		return CU_ENOMEM;
	q = &p->qualifiers[p->nqualifiers];
	q->key = cu_strndup(key.ptr, key.len);
	q->value = NULL;
	if (!q->key)
		return CU_ENOMEM;
	p->nqualifiers++;
	str_lower(q->key);
	return decode_dup(value, "qualifier value", &q->value, err);
}

/* key=value pairs joined by '&'; a pair with an empty value is left out. */
static int parse_qualifiers(struct cu_span s, unsigned flags,
			    struct cu_purl *p, struct cu_err *err)
{
	struct cu_span pair, key;
	size_t alloc = 0;
	int rc = 0;

	while (s.len && !rc) {
		cu_span_split(&s, '&', &pair);
		if (!pair.len)
			continue;
		cu_span_split(&pair, '=', &key);
		rc = check_key(key, flags, err);
		if (!rc && pair.len)
			rc = add_qualifier(p, &alloc, key, pair, err);
	}
	return rc;
}

/* "pkg:" and any slashes after it, then the type up to the next '/'. */
static int parse_scheme_type(struct cu_span *rest, struct cu_purl *p,
			     struct cu_err *err)
{
	struct cu_span scheme, type;
	bool has_path;
	int rc;

	if (!cu_span_split(rest, ':', &scheme) ||
	    !cu_span_eq_icase_str(scheme, "pkg"))
		return cu_seterr_new(err, CU_EFORMAT, "missing 'pkg:' scheme");
	while (rest->len && rest->ptr[0] == '/')
		*rest = cu_span_skip(*rest, 1);
	has_path = cu_span_split(rest, '/', &type);
	rc = check_type(type, err);
	if (rc)
		return rc;
	p->type = cu_strndup(type.ptr, type.len);
	if (!p->type)
		return CU_ENOMEM;
	str_lower(p->type);
	if (!has_path)
		return cu_seterr_new(err, CU_EFORMAT, "missing name");
	return 0;
}

/*
 * namespace/name@version: the version follows the last '@' of the last
 * segment (so "@angular/animation" is a namespace and "node@20@20.1" the
 * name "node@20"); an empty last segment before '@' is a missing name.
 */
static int parse_path(struct cu_span rest, struct cu_purl *p,
		      struct cu_err *err)
{
	struct cu_span tail;
	ptrdiff_t slash, at;
	int rc;

	while (rest.len && rest.ptr[rest.len - 1] == '/')
		rest.len--;
	slash = cu_span_rfind(rest, '/');
	tail = cu_span_skip(rest, (size_t)(slash + 1));
	at = cu_span_rfind(tail, '@');
	if (at >= 0) {
		rc = decode_dup(cu_span_skip(tail, (size_t)at + 1), "version",
				&p->version, err);
		if (rc)
			return rc;
		tail.len = (size_t)at;
	}
	rc = decode_dup(tail, "name", &p->name, err);
	if (rc)
		return rc;
	if (!p->name)
		return cu_seterr_new(err, CU_EFORMAT, "missing name");
	if (slash < 0)
		return 0;
	return decode_segments(cu_span_sub(rest, 0, (size_t)slash), false,
			       &p->namespace, err);
}

static int check_chars(struct cu_span s, struct cu_err *err)
{
	if (s.len > CU_CAP_PURL_BYTES)
		return cu_seterr_new(err, CU_ETOOBIG,
				     "%zu bytes, more than the limit of %d",
				     s.len, CU_CAP_PURL_BYTES);
	for (size_t i = 0; i < s.len; i++)
		if (!is_visible(s.ptr[i]))
			return cu_seterr_new(err, CU_EFORMAT,
					     "invalid character 0x%02x at "
					     "offset %zu",
					     (unsigned char)s.ptr[i], i);
	return 0;
}

static int compare_keys(const void *a, const void *b)
{
	const struct cu_purl_qualifier *qa = a, *qb = b;

	return strcmp(qa->key, qb->key);
}

static int sort_qualifiers(struct cu_purl *p, struct cu_err *err)
{
	if (p->nqualifiers > 1)
		qsort(p->qualifiers, p->nqualifiers, sizeof(*p->qualifiers),
		      compare_keys);
	for (size_t i = 1; i < p->nqualifiers; i++)
		if (strcmp(p->qualifiers[i - 1].key, p->qualifiers[i].key) == 0)
			return cu_seterr_new(err, CU_EFORMAT,
					     "duplicate qualifier '%s'",
					     p->qualifiers[i].key);
	return 0;
}

static int parse_components(struct cu_span s, unsigned flags,
			    struct cu_purl *p, struct cu_err *err)
{
	ptrdiff_t i;
	int rc;

	i = cu_span_rfind(s, '#');
	if (i >= 0) {
		rc = decode_segments(cu_span_skip(s, (size_t)i + 1), true,
				     &p->subpath, err);
		if (rc)
			return rc;
		s.len = (size_t)i;
	}
	i = cu_span_rfind(s, '?');
	if (i >= 0) {
		rc = parse_qualifiers(cu_span_skip(s, (size_t)i + 1), flags, p,
				      err);
		if (rc)
			return rc;
		s.len = (size_t)i;
	}
	rc = parse_scheme_type(&s, p, err);
	if (!rc)
		rc = parse_path(s, p, err);
	if (!rc)
		rc = sort_qualifiers(p, err);
	return rc;
}

static int parse(struct cu_span s, unsigned flags, struct cu_purl *out,
		 struct cu_err *err)
{
	bool quote = s.len <= 160;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = check_chars(s, err);
	if (!rc)
		rc = parse_components(s, flags, out, err);
	if (!rc)
		rc = cu_purl_type_rules(out, err);
	if (!rc)
		return 0;
	cu_purl_release(out);
	if (rc == CU_ENOMEM)
		return rc;
	for (size_t i = 0; quote && i < s.len; i++)
		quote = is_visible(s.ptr[i]);
	if (quote)
		return cu_seterr(err, rc, "invalid purl '%.*s'", (int)s.len,
				 s.ptr);
	return cu_seterr(err, rc, "invalid purl");
}

int cu_purl_parse(struct cu_span s, struct cu_purl *out, struct cu_err *err)
{
	return parse(s, 0, out, err);
}

void cu_purl_release(struct cu_purl *p)
{
	free(p->type);
	free(p->namespace);
	free(p->name);
	free(p->version);
	free(p->subpath);
	for (size_t i = 0; i < p->nqualifiers; i++) {
		free(p->qualifiers[i].key);
		free(p->qualifiers[i].value);
	}
	free(p->qualifiers);
	memset(p, 0, sizeof(*p));
}

/* ---- building --------------------------------------------------------- */

/* Append s percent-encoded; keep_slash leaves '/' as a separator. */
static int put_encoded(struct cu_buf *b, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	for (; *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		char triplet[3] = { '%', hex[c >> 4], hex[c & 15] };

		if (is_safe(*s) || (keep_slash && *s == '/'))
			rc = cu_buf_addch(b, *s);
		else
			rc = cu_buf_add(b, triplet, sizeof(triplet));
	}
	return rc;
}

static bool present(const char *s)
{
	return s && *s;
}

static int put_qualifiers(struct cu_buf *b, const struct cu_purl *p)
{
	char sep = '?';
	int rc = 0;

	for (size_t i = 0; i < p->nqualifiers && !rc; i++) {
		const struct cu_purl_qualifier *q = &p->qualifiers[i];

		if (!present(q->value))
			continue;
		rc = cu_buf_addch(b, sep);
		if (!rc)
			rc = cu_buf_addf(b, "%s=", q->key);
		if (!rc)
			rc = put_encoded(b, q->value, false);
		sep = '&';
	}
	return rc;
}

/* Append sep and s encoded, when s is present. */
static int put_part(struct cu_buf *b, char sep, const char *s, bool keep_slash)
{
	int rc = present(s) ? cu_buf_addch(b, sep) : 0;

	if (present(s) && !rc)
		rc = put_encoded(b, s, keep_slash);
	return rc;
}

/* Write p as a purl string; type and keys must have been checked. */
static int emit(const struct cu_purl *p, struct cu_buf *b)
{
	bool name_path = cu_purl_type_name_is_path(p->type);
	int rc = cu_buf_addf(b, "pkg:%s/", p->type);

	if (!rc && present(p->namespace)) {
		rc = put_encoded(b, p->namespace, true);
		if (!rc)
			rc = cu_buf_addch(b, '/');
	}
	if (!rc)
		rc = put_encoded(b, p->name, name_path);
	if (!rc)
		rc = put_part(b, '@', p->version, false);
	if (!rc)
		rc = put_qualifiers(b, p);
	if (!rc)
		rc = put_part(b, '#', p->subpath, true);
	return rc;
}

/* What emit() cannot write unchecked: the type, the name and the keys. */
static int check_components(const struct cu_purl *p, struct cu_err *err)
{
	int rc;

	if (!p->type)
		return cu_seterr_new(err, CU_EFORMAT, "missing type");
	rc = check_type(cu_span_str(p->type), err);
	if (rc)
		return rc;
	if (!present(p->name))
		return cu_seterr_new(err, CU_EFORMAT, "missing name");
	for (size_t i = 0; i < p->nqualifiers; i++) {
		if (!p->qualifiers[i].key)
			return cu_seterr_new(err, CU_EFORMAT,
					     "missing qualifier key");
		rc = check_key(cu_span_str(p->qualifiers[i].key),
			       PURL_ANY_CASE_KEYS, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* Append the string of p, which parse() produced, to out. */
static int emit_canonical(const struct cu_purl *p, struct cu_buf *out,
			  struct cu_err *err)
{
	struct cu_buf b;
	int rc;

	cu_buf_init(&b, CU_CAP_PURL_BYTES);
	rc = emit(p, &b);
	if (rc == CU_ETOOBIG)
		rc = cu_seterr_new(err, rc, "canonical purl of type '%s' is "
				   "longer than %d bytes", p->type,
				   CU_CAP_PURL_BYTES);
	if (!rc)
		rc = cu_buf_add(out, b.buf, b.len);
	cu_buf_release(&b);
	return rc;
}

int cu_purl_build(const struct cu_purl *p, struct cu_buf *out,
		  struct cu_err *err)
{
	struct cu_buf candidate;
	struct cu_purl parsed = { 0 };
	int rc;

	cu_buf_init(&candidate, CU_CAP_PURL_BYTES);
	rc = check_components(p, err);
	if (!rc) {
		rc = emit(p, &candidate);
		if (rc == CU_ETOOBIG)
			rc = cu_seterr_new(err, rc, "purl components are "
					   "longer than %d bytes",
					   CU_CAP_PURL_BYTES);
	}
	if (!rc)
		rc = parse(cu_buf_span(&candidate), PURL_ANY_CASE_KEYS, &parsed,
			   err);
	if (!rc)
		rc = emit_canonical(&parsed, out, err);
	cu_purl_release(&parsed);
	cu_buf_release(&candidate);
	return rc;
}

int cu_purl_normalize(struct cu_span s, struct cu_buf *out, struct cu_err *err)
{
	struct cu_purl parsed;
	int rc = parse(s, PURL_ANY_CASE_KEYS, &parsed, err);

	if (!rc)
		rc = emit_canonical(&parsed, out, err);
	cu_purl_release(&parsed);
	return rc;
}

int cu_purl_make(struct cu_buf *out, const char *type, const char *namespace,
		 const char *name, const char *version,
		 const char *const *qualifiers, const char *subpath)
{
	struct cu_purl p = {
		.type = (char *)type,
		.namespace = (char *)namespace,
		.name = (char *)name,
		.version = (char *)version,
		.subpath = (char *)subpath,
	};
	size_t npairs = 0;
	int rc;

	while (qualifiers && qualifiers[2 * npairs])
		npairs++;
	if (npairs) {
		p.qualifiers = cu_calloc(npairs, sizeof(*p.qualifiers));
		if (!p.qualifiers)
			return CU_ENOMEM;
	}
	for (size_t i = 0; i < npairs; i++)
		if (present(qualifiers[2 * i + 1])) {
			p.qualifiers[p.nqualifiers].key = (char *)qualifiers[2 * i];
			p.qualifiers[p.nqualifiers++].value =
				(char *)qualifiers[2 * i + 1];
		}
	rc = cu_purl_build(&p, out, NULL);
	free(p.qualifiers);
	return rc;
}
