/*
 * sbom-spdx-tv.c - SPDX 2.2 and 2.3 tag-value (SPDX 2.3 specification,
 * annex "SPDX file format: tag:value"): one "Tag: value" per line; a value
 * that starts with <text> runs to </text>, over as many lines as it takes.
 *
 * A package starts at PackageName and ends at the next PackageName or at
 * the first tag of another section (FileName, SnippetSPDXID, LicenseID).
 * The Relationship lines that say what the document DESCRIBES usually come
 * last, so packages are kept (their values in a scratch arena) until the
 * whole document has been read.
 */
#include "common.h"
#include "sbom-internal.h"

struct tv_pkg {
	struct cu_sbomin_entry e;
	const char *purpose;
	char what[160];
};

struct tv {
	struct cu_sbomin_ctx *ctx;
	const char *end;		/* of the document */
	struct cu_arena tmp;		/* tag values, until the end */
	struct tv_pkg *pkgs;
	size_t n, alloc;
	bool in_package;		/* tags now belong to pkgs[n - 1] */
	const char *doc_name;
	struct cu_map described;	/* SPDXIDs the document DESCRIBES */
	int bad;			/* lines that are not "Tag: value" */
};

/* Offset of "</text>" in s, or -1. */
static ptrdiff_t find_text_end(struct cu_span s)
{
	for (size_t i = 0; i + 7 <= s.len; i++)
		if (s.ptr[i] == '<' && memcmp(s.ptr + i, "</text>", 7) == 0)
			return (ptrdiff_t)i;
	return -1;
}

/* A <text> value: to the matching </text>, past which *text resumes. */
static void text_value(struct tv *tv, struct cu_span *text, struct cu_span *value)
{
	const char *start = value->ptr + 6;
	struct cu_span rest = cu_span_make(start, (size_t)(tv->end - start)), tail;
	ptrdiff_t close = find_text_end(rest);

	if (close < 0) {
		*value = cu_span_trim(rest);	/* unterminated: the rest of the document */
		*text = cu_span_make(tv->end, 0);
		return;
	}
	*value = cu_span_trim(cu_span_sub(rest, 0, (size_t)close));
	*text = cu_span_skip(rest, (size_t)close + 7);
	cu_span_pull_line(text, &tail);		/* what follows </text> on its line */
}

static bool next_tag(struct tv *tv, struct cu_span *text, struct cu_span *tag,
		     struct cu_span *value)
{
	struct cu_span line;
	ptrdiff_t colon;

	while (cu_span_pull_line(text, &line)) {
		line = cu_span_trim(line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		colon = cu_span_find(line, ':');
		if (colon <= 0) {
			tv->bad++;
			continue;
		}
		*tag = cu_span_trim(cu_span_sub(line, 0, (size_t)colon));
		*value = cu_span_trim(cu_span_skip(line, (size_t)colon + 1));
		if (cu_span_starts_with(*value, "<text>"))
			text_value(tv, text, value);
		return true;
	}
	return false;
}

static const char *tv_str(struct tv *tv, struct cu_span s)
{
	return s.len ? cu_arena_spandup(&tv->tmp, s) : NULL;
}

/* --- the document -------------------------------------------------------- */

static int document_tag(struct tv *tv, struct cu_span tag, struct cu_span value,
			struct cu_err *err)
{
	struct cu_sbom_info *info = tv->ctx->info;
	const char *what = tv->ctx->what;

	if (cu_span_eq_str(tag, "SPDXVersion")) {
		if (cu_span_starts_with(value, "SPDX-3"))
			return cu_seterr(err, CU_EUNSUPPORTED, "'%s': SPDX 3 is not supported",
					 what);
		if (!cu_span_starts_with(value, "SPDX-2."))
			return cu_seterr(err, CU_EFORMAT,
					 "'%s' is not an SPDX 2 document (SPDXVersion '%.*s')", what,
					 (int)(value.len > 40 ? 40 : value.len), value.ptr);
		if (!info->spec_version &&
		    !(info->spec_version = cu_arena_spandup(&tv->ctx->cat->arena, value)))
			return CU_ENOMEM;
	} else if (cu_span_eq_str(tag, "DocumentName")) {
		tv->doc_name = tv_str(tv, value);
	} else if (cu_span_eq_str(tag, "Creator") && cu_span_starts_with(value, "Tool:") &&
		   !info->tool) {
		info->tool = cu_sbomin_str(tv->ctx, cu_sbomin_spdx_supplier(tv_str(tv, value)));
	}
	return 0;
}

/* "SPDXRef-DOCUMENT DESCRIBES SPDXRef-Package-1" */
static int relationship(struct tv *tv, struct cu_span value)
{
	struct cu_span from, type, to;
	const char *key;

	cu_span_split(&value, ' ', &from);
	value = cu_span_trim(value);
	cu_span_split(&value, ' ', &type);
	to = cu_span_trim(value);
	if (!cu_span_eq_str(from, "SPDXRef-DOCUMENT") || !cu_span_eq_str(type, "DESCRIBES") ||
	    !to.len)
		return 0;
	key = tv_str(tv, to);
	if (!key)
		return CU_ENOMEM;
	return cu_map_put(&tv->described, cu_span_str(key), (void *)key) == CU_ENOMEM ?
	       CU_ENOMEM : 0;
}

/* --- packages ------------------------------------------------------------ */

static int new_package(struct tv *tv, struct cu_span name, struct cu_err *err)
{
	struct tv_pkg *p;
	int rc = cu_sbomin_count(tv->ctx, err);

	if (rc)
		return rc;
	if (CU_GROW(tv->pkgs, tv->alloc, tv->n + 1))
		return CU_ENOMEM;
	p = &tv->pkgs[tv->n++];
	memset(p, 0, sizeof(*p));
	cu_sbomin_entry_init(&p->e);
	p->e.name = tv_str(tv, name);
	if (p->e.name)
		snprintf(p->what, sizeof(p->what), "package '%.100s'", p->e.name);
	else
		snprintf(p->what, sizeof(p->what), "package %zu", tv->n);
	tv->in_package = true;
	return 0;
}

/* "PACKAGE-MANAGER purl pkg:deb/debian/..." */
static void external_ref(struct tv *tv, struct cu_sbomin_entry *e, struct cu_span value)
{
	struct cu_span category, type;

	cu_span_split(&value, ' ', &category);
	value = cu_span_trim(value);
	cu_span_split(&value, ' ', &type);
	if (cu_span_eq_str(type, "purl") && !e->purl)
		e->purl = tv_str(tv, cu_span_trim(value));
}

/* "SHA1: 85ed0817af83a24ad8da68c2b5094de69833983c" */
static void checksum(struct tv *tv, struct cu_sbomin_entry *e, struct cu_span value)
{
	struct cu_span alg;

	if (cu_span_split(&value, ':', &alg))
		cu_sbomin_entry_hash(e, tv_str(tv, cu_span_trim(alg)),
				     tv_str(tv, cu_span_trim(value)));
}

static int package_tag(struct tv *tv, struct tv_pkg *p, struct cu_span tag,
		       struct cu_span value)
{
	struct cu_sbomin_entry *e = &p->e;

	if (cu_span_eq_str(tag, "SPDXID"))
		e->ref = tv_str(tv, value);
	else if (cu_span_eq_str(tag, "PackageVersion"))
		e->version = tv_str(tv, value);
	else if (cu_span_eq_str(tag, "PackageSupplier"))
		e->supplier = cu_sbomin_spdx_supplier(tv_str(tv, value));
	else if (cu_span_eq_str(tag, "PackageLicenseDeclared"))
		e->license = cu_sbomin_spdx_assertion(tv_str(tv, value));
	else if (cu_span_eq_str(tag, "PackageLicenseConcluded") && !e->license)
		e->license = cu_sbomin_spdx_assertion(tv_str(tv, value));
	else if (cu_span_eq_str(tag, "PackageSummary") && !e->description)
		e->description = tv_str(tv, value);
	else if (cu_span_eq_str(tag, "PackageDescription"))
		e->description = tv_str(tv, value);
	else if (cu_span_eq_str(tag, "PrimaryPackagePurpose"))
		p->purpose = tv_str(tv, value);
	else if (cu_span_eq_str(tag, "ExternalRef"))
		external_ref(tv, e, value);
	else if (cu_span_eq_str(tag, "PackageChecksum"))
		checksum(tv, e, value);
	else if (cu_span_eq_str(tag, "PackageSourceInfo"))
		return cu_sbomin_spdx_source_info(tv->ctx, e, tv_str(tv, value));
	else if (cu_span_eq_str(tag, "AnnotationComment"))
		return cu_sbomin_spdx_annotation(tv->ctx, e, tv_str(tv, value));
	return 0;
}

static int on_tag(struct tv *tv, struct cu_span tag, struct cu_span value, struct cu_err *err)
{
	if (cu_span_eq_str(tag, "PackageName"))
		return new_package(tv, value, err);
	if (cu_span_eq_str(tag, "FileName") || cu_span_eq_str(tag, "SnippetSPDXID") ||
	    cu_span_eq_str(tag, "LicenseID")) {
		tv->in_package = false;
		return 0;
	}
	if (cu_span_eq_str(tag, "Relationship"))
		return relationship(tv, value);
	if (tv->in_package)
		return package_tag(tv, &tv->pkgs[tv->n - 1], tag, value);
	return document_tag(tv, tag, value, err);
}

static int flush(struct tv *tv, struct cu_err *err)
{
	int rc = 0;

	for (size_t i = 0; i < tv->n && !rc; i++) {
		struct tv_pkg *p = &tv->pkgs[i];
		bool described = p->e.ref && cu_map_get_str(&tv->described, p->e.ref);

		p->e.what = p->what;
		rc = cu_sbomin_spdx_package(tv->ctx, &p->e, p->purpose, described, err);
	}
	if (!rc && !tv->ctx->info->name && tv->doc_name)
		rc = cu_sbomin_set_subject(tv->ctx, tv->doc_name, NULL, NULL);
	if (!rc && tv->bad)
		rc = cu_catalog_warn(tv->ctx->cat,
				     "'%s': %d lines that are not \"Tag: value\" ignored",
				     tv->ctx->what, tv->bad);
	return rc;
}

int cu_sbomin_spdx_tv(struct cu_sbomin_ctx *ctx, struct cu_span text, struct cu_err *err)
{
	struct tv tv;
	struct cu_span tag, value;
	int rc = 0;

	memset(&tv, 0, sizeof(tv));
	tv.ctx = ctx;
	tv.end = text.ptr + text.len;
	cu_arena_init(&tv.tmp, 2 * CU_CAP_SBOM_BYTES);
	cu_map_init(&tv.described, CU_CAP_SBOM_ENTRIES);
	ctx->info->format = CU_SBOM_FORMAT_SPDX_TV;
	while (!rc && next_tag(&tv, &text, &tag, &value))
		rc = on_tag(&tv, tag, value, err);
	if (!rc)
		rc = flush(&tv, err);
	cu_map_release(&tv.described);
	free(tv.pkgs);
	cu_arena_release(&tv.tmp);
	return rc;
}
