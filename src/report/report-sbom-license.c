/*
 * report-sbom-license.c - declared licenses as SPDX license expressions
 * (SPDX 2.3 Annex D "SPDX License Expressions"; ids from the SPDX License
 * List). Packages declare licenses as ids ("MIT"), expressions
 * ("MIT OR Apache-2.0"), Alpine's space-separated lists, RPM's old names
 * ("GPLv2+ and LGPLv2+"), PyPI classifier names ("Apache Software License")
 * or free text. What resolves entirely to known ids becomes a canonical
 * expression; anything else stays a name.
 *
 *   expression = term *( ("AND" / "OR") term )
 *   term       = "(" expression ")" / license [ "WITH" exception ]
 *   license    = license-id [ "+" ] / "LicenseRef-" idstring
 */
#include "common.h"
#include "report-sbom.h"

/* Longest declared license read as an expression; longer ones are texts. */
#define LICENSE_EXPR_MAX 512

/* The ids packages use most; each is in the SPDX License List. */
static const char *const license_ids[] = {
	"0BSD", "AFL-2.1", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.0",
	"Apache-1.1", "Apache-2.0", "APSL-2.0", "Artistic-1.0", "Artistic-1.0-Perl",
	"Artistic-2.0", "Beerware", "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause",
	"BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause", "BSL-1.0", "bzip2-1.0.6",
	"CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0",
	"CDDL-1.1", "curl", "ECL-2.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "FTL",
	"GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later",
	"GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later",
	"GPL-3.0-only", "GPL-3.0-or-later", "HPND", "ICU", "IJG", "ISC", "LGPL-2.0-only",
	"LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only",
	"LGPL-3.0-or-later", "Libpng", "libpng-2.0", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0",
	"MS-PL", "NCSA", "OFL-1.1", "OpenSSL", "PHP-3.01", "PostgreSQL", "PSF-2.0",
	"Python-2.0", "Ruby", "Sleepycat", "TCL", "Unicode-3.0", "Unicode-DFS-2016",
	"Unlicense", "UPL-1.0", "Vim", "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1",
};

static const char *const exception_ids[] = {
	"Autoconf-exception-2.0", "Autoconf-exception-3.0", "Bison-exception-2.2",
	"Classpath-exception-2.0", "Font-exception-2.0", "GCC-exception-2.0",
	"GCC-exception-3.1", "Libtool-exception", "Linux-syscall-note", "LLVM-exception",
	"OCaml-LGPL-linking-exception", "Qt-LGPL-exception-1.1",
	"Universal-FOSS-exception-1.0", "WxWindows-exception-3.1",
};

/* Spellings seen in package metadata, lowercase, and the id they mean. */
static const struct {
	const char *alias, *id;
} aliases[] = {
	{ "apache 2", "Apache-2.0" }, { "apache 2.0", "Apache-2.0" },
	{ "apache-2", "Apache-2.0" }, { "apache2", "Apache-2.0" },
	{ "apache license 2.0", "Apache-2.0" }, { "apache license, version 2.0", "Apache-2.0" },
	{ "apache license version 2.0", "Apache-2.0" }, { "apache software license", "Apache-2.0" },
	{ "apache software license 2.0", "Apache-2.0" }, { "asl 2.0", "Apache-2.0" },
	{ "the apache software license, version 2.0", "Apache-2.0" },
	{ "the apache license, version 2.0", "Apache-2.0" },
	{ "mit license", "MIT" }, { "the mit license", "MIT" }, { "expat", "MIT" },
	{ "bsd-3", "BSD-3-Clause" }, { "bsd 3-clause", "BSD-3-Clause" },
	{ "bsd 3-clause license", "BSD-3-Clause" }, { "3-clause bsd license", "BSD-3-Clause" },
	{ "new bsd", "BSD-3-Clause" }, { "new bsd license", "BSD-3-Clause" },
	{ "modified bsd", "BSD-3-Clause" }, { "bsd-2", "BSD-2-Clause" },
	{ "bsd 2-clause", "BSD-2-Clause" }, { "bsd 2-clause license", "BSD-2-Clause" },
	{ "2-clause bsd license", "BSD-2-Clause" }, { "simplified bsd", "BSD-2-Clause" },
	{ "isc license", "ISC" }, { "isc license (iscl)", "ISC" },
	{ "gplv2", "GPL-2.0-only" }, { "gpl-2", "GPL-2.0-only" }, { "gpl-2.0", "GPL-2.0-only" },
	{ "gplv2+", "GPL-2.0-or-later" }, { "gpl-2+", "GPL-2.0-or-later" },
	{ "gpl-2.0+", "GPL-2.0-or-later" }, { "gplv3", "GPL-3.0-only" },
	{ "gpl-3", "GPL-3.0-only" }, { "gpl-3.0", "GPL-3.0-only" },
	{ "gplv3+", "GPL-3.0-or-later" }, { "gpl-3+", "GPL-3.0-or-later" },
	{ "gpl-3.0+", "GPL-3.0-or-later" }, { "lgplv2", "LGPL-2.0-only" },
	{ "lgpl-2", "LGPL-2.0-only" }, { "lgpl-2.0", "LGPL-2.0-only" },
	{ "lgplv2+", "LGPL-2.0-or-later" }, { "lgpl-2+", "LGPL-2.0-or-later" },
	{ "lgpl-2.0+", "LGPL-2.0-or-later" }, { "lgplv2.1", "LGPL-2.1-only" },
	{ "lgpl-2.1", "LGPL-2.1-only" }, { "lgplv2.1+", "LGPL-2.1-or-later" },
	{ "lgpl-2.1+", "LGPL-2.1-or-later" }, { "lgplv3", "LGPL-3.0-only" },
	{ "lgpl-3", "LGPL-3.0-only" }, { "lgpl-3.0", "LGPL-3.0-only" },
	{ "lgplv3+", "LGPL-3.0-or-later" }, { "lgpl-3+", "LGPL-3.0-or-later" },
	{ "lgpl-3.0+", "LGPL-3.0-or-later" }, { "agplv3", "AGPL-3.0-only" },
	{ "agpl-3.0", "AGPL-3.0-only" }, { "agplv3+", "AGPL-3.0-or-later" },
	{ "agpl-3.0+", "AGPL-3.0-or-later" }, { "mpl 2.0", "MPL-2.0" }, { "mplv2.0", "MPL-2.0" },
	{ "mozilla public license 2.0", "MPL-2.0" },
	{ "mozilla public license 2.0 (mpl 2.0)", "MPL-2.0" },
	{ "psf", "PSF-2.0" }, { "psfl", "PSF-2.0" }, { "psf license", "PSF-2.0" },
	{ "python software foundation license", "PSF-2.0" },
	{ "zlib license", "Zlib" }, { "the unlicense", "Unlicense" },
	{ "the unlicense (unlicense)", "Unlicense" }, { "cc0", "CC0-1.0" },
	{ "cc0 1.0 universal", "CC0-1.0" }, { "artistic 2.0", "Artistic-2.0" },
	{ "artistic license 2.0", "Artistic-2.0" }, { "boost software license 1.0", "BSL-1.0" },
	{ "boost software license", "BSL-1.0" }, { "eclipse public license 2.0", "EPL-2.0" },
	{ "eclipse public license 1.0", "EPL-1.0" }, { "openssl license", "OpenSSL" },
	{ "ruby license", "Ruby" }, { "postgresql license", "PostgreSQL" },
};

static const char *find_id(const char *const *ids, size_t n, struct cu_span w)
{
	for (size_t i = 0; i < n; i++)
		if (cu_span_eq_icase_str(w, ids[i]))
			return ids[i];
	return NULL;
}

/* A license id in its canonical spelling, or NULL. */
static const char *license_id(struct cu_span w)
{
	const char *id = find_id(license_ids, CU_ARRAY_SIZE(license_ids), w);

	for (size_t i = 0; !id && i < CU_ARRAY_SIZE(aliases); i++)
		if (cu_span_eq_icase_str(w, aliases[i].alias))
			id = aliases[i].id;
	return id;
}

static bool idstring(struct cu_span w)
{
	for (size_t i = 0; i < w.len; i++) {
		char c = w.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-'))
			return false;
	}
	return w.len > 0;
}

/*
 * Append the canonical form of one license ("MIT", "GPL-2.0-or-later" for
 * "GPLv2+", "LicenseRef-x"); false when it is not one. *ref tells a
 * LicenseRef, which is valid in an expression but is not a listed id.
 */
static bool append_license(struct cu_span w, struct cu_buf *out, bool *ref)
{
	const char *id = license_id(w);
	size_t only;

	*ref = false;
	if (id)
		return cu_buf_addstr(out, id) == 0;
	if (cu_span_starts_with(w, "LicenseRef-") && idstring(cu_span_skip(w, 11))) {
		*ref = true;
		return cu_buf_addspan(out, w) == 0;
	}
	if (w.len < 2 || w.ptr[w.len - 1] != '+')
		return false;
	if (!(id = license_id(cu_span_sub(w, 0, w.len - 1))))
		return false;
	only = strlen(id) > 5 ? strlen(id) - 5 : 0;
	if (only && !strcmp(id + only, "-only"))
		return cu_buf_addf(out, "%.*s-or-later", (int)only, id) == 0;
	return cu_buf_addf(out, "%s+", id) == 0;
}

/* --- tokens ----------------------------------------------------------------- */

enum tok { T_END, T_OPEN, T_CLOSE, T_AND, T_OR, T_WITH, T_WORDS };

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static size_t word_len(struct cu_span s)
{
	size_t n = 0;

	while (n < s.len && !is_space(s.ptr[n]) && s.ptr[n] != '(' && s.ptr[n] != ')')
		n++;
	return n;
}

static enum tok op_of(struct cu_span w)
{
	if (cu_span_eq_icase_str(w, "AND"))
		return T_AND;
	if (cu_span_eq_icase_str(w, "OR"))
		return T_OR;
	if (cu_span_eq_icase_str(w, "WITH"))
		return T_WITH;
	return T_WORDS;
}

static struct cu_span skip_spaces(struct cu_span s)
{
	while (s.len && is_space(s.ptr[0]))
		s = cu_span_skip(s, 1);
	return s;
}

/*
 * The next token of *s. T_WORDS gathers the words up to the next operator
 * or parenthesis into words, joined by single spaces.
 */
static enum tok next_token(struct cu_span *s, struct cu_buf *words)
{
	struct cu_span w;
	enum tok t;

	*s = skip_spaces(*s);
	if (!s->len)
		return T_END;
	if (s->ptr[0] == '(' || s->ptr[0] == ')') {
		t = s->ptr[0] == '(' ? T_OPEN : T_CLOSE;
		*s = cu_span_skip(*s, 1);
		return t;
	}
	w = cu_span_sub(*s, 0, word_len(*s));
	if ((t = op_of(w)) != T_WORDS) {
		*s = cu_span_skip(*s, w.len);
		return t;
	}
	cu_buf_reset(words);
	while (s->len && w.len && op_of(w) == T_WORDS) {
		if (words->len)
			cu_buf_addch(words, ' ');
		cu_buf_addspan(words, w);
		*s = skip_spaces(cu_span_skip(*s, w.len));
		w = cu_span_sub(*s, 0, word_len(*s));
	}
	return T_WORDS;
}

/* --- the expression ------------------------------------------------------------ */

struct parse {
	struct cu_buf *out;
	int depth;
	size_t terms, refs;
	bool ops;		/* AND, OR or WITH seen */
};

static void add_sep(struct cu_buf *out)
{
	if (out->len && out->buf[out->len - 1] != '(')
		cu_buf_addch(out, ' ');
}

/* One token where a term is expected; false when it cannot be one. */
static bool term(struct parse *p, enum tok t, struct cu_buf *words, bool *done)
{
	bool ref;

	*done = false;
	add_sep(p->out);
	if (t == T_OPEN) {
		p->depth++;
		return cu_buf_addch(p->out, '(') == 0;
	}
	if (t != T_WORDS || !append_license(cu_buf_span(words), p->out, &ref))
		return false;
	p->terms++;
	p->refs += ref;
	*done = true;
	return true;
}

/* A whole expression; false when it is not one of known licenses. */
static bool parse_expression(struct cu_span s, struct parse *p)
{
	struct cu_buf words = CU_BUF_INIT;
	bool want_term = true, after_license = false, ok = true, done;
	enum tok t;

	while (ok && (t = next_token(&s, &words)) != T_END) {
		if (want_term) {
			ok = term(p, t, &words, &done);
			want_term = !done;
			after_license = done;
		} else if (t == T_CLOSE) {
			ok = --p->depth >= 0 && cu_buf_addch(p->out, ')') == 0;
			after_license = false;
		} else if (t == T_WITH && after_license && next_token(&s, &words) == T_WORDS) {
			const char *exc = find_id(exception_ids, CU_ARRAY_SIZE(exception_ids),
						  cu_buf_span(&words));

			ok = exc && cu_buf_addf(p->out, " WITH %s", exc) == 0;
			p->ops = true;
			after_license = false;
		} else {
			ok = t == T_AND || t == T_OR;
			add_sep(p->out);
			cu_buf_addstr(p->out, t == T_AND ? "AND" : "OR");
			p->ops = want_term = true;
		}
	}
	cu_buf_release(&words);
	return ok && !want_term && p->depth == 0;
}

/* "MPL-2.0 GPL-2.0-or-later", "MIT, Apache-2.0": listed ids only. */
static bool parse_list(struct cu_span s, struct cu_buf *out, size_t *n)
{
	struct cu_span w;
	const char *id;

	*n = 0;
	while (s.len) {
		cu_span_split(&s, ' ', &w);
		w = cu_span_trim(w);
		while (w.len && (w.ptr[w.len - 1] == ',' || w.ptr[w.len - 1] == ';'))
			w.len--;
		if (!w.len)
			continue;
		if (!(id = license_id(w)))
			return false;
		cu_buf_addf(out, "%s%s", (*n)++ ? " AND " : "", id);
	}
	return *n > 0;
}

static void truncate_to(struct cu_buf *b, size_t len)
{
	b->len = len;
	if (b->buf)
		b->buf[len] = '\0';
}

enum cu_sbom_license cu_sbom_license(const char *declared, struct cu_buf *expr)
{
	struct cu_span s = cu_span_trim(cu_span_str(declared ? declared : ""));
	struct parse p = { .out = expr };
	size_t start = expr->len, n;
	const char *id;

	if (!s.len || cu_span_eq_str(s, "NOASSERTION") || cu_span_eq_str(s, "NONE") ||
	    cu_span_eq_icase_str(s, "UNKNOWN"))
		return CU_LIC_NONE;
	if (s.len > LICENSE_EXPR_MAX || memchr(s.ptr, '\n', s.len))
		return CU_LIC_NAME;
	if ((id = license_id(s)))
		return cu_buf_addstr(expr, id) ? CU_LIC_NAME : CU_LIC_ID;
	if (parse_expression(s, &p)) {
		if (!p.ops && !p.refs && find_id(license_ids, CU_ARRAY_SIZE(license_ids),
						 cu_span_str(expr->buf + start)))
			return CU_LIC_ID;
		return CU_LIC_EXPR;
	}
	truncate_to(expr, start);
	if (parse_list(s, expr, &n))
		return n == 1 ? CU_LIC_ID : CU_LIC_LIST;
	truncate_to(expr, start);
	return CU_LIC_NAME;
}
