/*
 * pypi-spec.c - PEP 440 version specifiers: parsing and formatting, as
 * pypa/packaging's Specifier and SpecifierSet do them.
 *
 * Grammar (PEP 440 "Version specifiers"): a set is specifiers joined by ','
 * (empty items ignored); a specifier is an operator (~= == != <= >= < > ===)
 * and a version. "==" and "!=" take a local label or a trailing ".*" (then
 * only epoch and release), "~=" needs two release components and no local
 * label, "<", ">", "<=", ">=" no local label, and "===" any string without
 * white space, ';' or ')'. str(Specifier) is the operator and the version as
 * written; the canonical form (used for equality) normalises the version and,
 * except for "~=", drops trailing ".0" parts.
 *
 * What a specifier matches is in pypi-range.c.
 */
#include "common.h"
#include "pypi-internal.h"

static const struct {
	const char *text;
	enum cu_pep440_op op;
} ops[] = {
	{ "===", CU_PEP440_OP_ARBITRARY }, { "~=", CU_PEP440_OP_COMPATIBLE },
	{ "==", CU_PEP440_OP_EQ }, { "!=", CU_PEP440_OP_NE },
	{ "<=", CU_PEP440_OP_LE }, { ">=", CU_PEP440_OP_GE },
	{ "<", CU_PEP440_OP_LT }, { ">", CU_PEP440_OP_GT },
};

const char *cu_pep440_op_str(enum cu_pep440_op op)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(ops); i++)
		if (ops[i].op == op)
			return ops[i].text;
	return "?";
}

static bool span_has(struct cu_span s, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= s.len; i++)
		if (memcmp(s.ptr + i, needle, n) == 0)
			return true;
	return false;
}

/* Parsing ----------------------------------------------------------------- */

static int parse_arbitrary(struct cu_pep440_spec *spec)
{
	struct cu_span v = spec->version;

	if (pep440_has_space(v) || cu_span_find(v, ';') >= 0 ||
	    cu_span_find(v, ')') >= 0)
		return CU_EFORMAT;
	spec->parsed = pep440_parse_exact(v, &spec->v) == 0;
	return 0;
}

static int parse_standard(struct cu_pep440_spec *spec)
{
	struct cu_span text = spec->version;
	const struct cu_pep440 *v = &spec->v;
	enum cu_pep440_op op = spec->op;

	if (cu_span_ends_with(text, ".*")) {
		if (op != CU_PEP440_OP_EQ && op != CU_PEP440_OP_NE)
			return CU_EFORMAT;
		spec->wildcard = true;
		text.len -= 2;
	}
	if (pep440_parse_exact(text, &spec->v))
		return CU_EFORMAT;
	spec->parsed = true;
	if (spec->wildcard &&
	    (v->pre_kind || v->has_post || v->has_dev || v->local.len))
		return CU_EFORMAT;
	if (op == CU_PEP440_OP_COMPATIBLE && v->nrelease < 2)
		return CU_EFORMAT;
	if (op != CU_PEP440_OP_EQ && op != CU_PEP440_OP_NE && v->local.len)
		return CU_EFORMAT;
	return 0;
}

int cu_pep440_spec_parse(struct cu_span text, struct cu_pep440_spec *spec)
{
	struct cu_span s = pep440_strip(text);
	size_t i;

	memset(spec, 0, sizeof(*spec));
	for (i = 0; i < CU_ARRAY_SIZE(ops); i++)
		if (cu_span_starts_with(s, ops[i].text))
			break;
	if (i == CU_ARRAY_SIZE(ops))
		return CU_EFORMAT;
	spec->op = ops[i].op;
	spec->version = pep440_lstrip(cu_span_skip(s, strlen(ops[i].text)));
	if (spec->op == CU_PEP440_OP_ARBITRARY)
		return parse_arbitrary(spec);
	return parse_standard(spec);
}

int cu_pep440_specset_parse(struct cu_span text, struct cu_pep440_specset *set)
{
	struct cu_span rest = text, item;
	bool more;
	int err;

	set->n = 0;
	set->has_arbitrary = span_has(text, "===");
	do {
		more = cu_span_split(&rest, ',', &item);
		item = pep440_strip(item);
		if (!item.len)
			continue;
		if (set->n == CU_PEP440_SPECS_MAX)
			return CU_ETOOBIG;
		if ((err = cu_pep440_spec_parse(item, &set->spec[set->n])))
			return err;
		set->n++;
	} while (more);
	return 0;
}

bool cu_pep440_spec_prereleases(const struct cu_pep440_spec *spec)
{
	if (spec->op == CU_PEP440_OP_NE || spec->wildcard || !spec->parsed)
		return false;
	return cu_pep440_is_prerelease(&spec->v);
}

/* Formatting -------------------------------------------------------------- */

int cu_pep440_spec_format(const struct cu_pep440_spec *spec, unsigned flags,
			  struct cu_buf *out)
{
	unsigned parts = CU_PEP440_STR;
	int err = cu_buf_addstr(out, cu_pep440_op_str(spec->op));

	if (err)
		return err;
	if (!(flags & CU_PEP440_SPEC_CANONICAL) || spec->wildcard ||
	    spec->op == CU_PEP440_OP_ARBITRARY)
		return cu_buf_addspan(out, spec->version);
	if (spec->op != CU_PEP440_OP_COMPATIBLE)
		parts |= CU_PEP440_TRIM_ZEROS;
	return cu_pep440_format(&spec->v, parts, out);
}

static int format_each(const struct cu_pep440_specset *set, unsigned flags,
		       struct cu_buf *str, struct cu_buf *canon)
{
	int err = 0;

	for (size_t i = 0; !err && i < set->n; i++) {
		err = cu_pep440_spec_format(&set->spec[i], flags, &str[i]);
		if (!err)
			err = cu_pep440_spec_format(&set->spec[i],
						    CU_PEP440_SPEC_CANONICAL,
						    &canon[i]);
	}
	return err;
}

/* Indexes of the specs sorted by their string (insertion sort, n <= 32). */
static void sort_specs(const struct cu_buf *str, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		for (; j > 0 && cu_span_cmp(cu_buf_span(&str[order[j - 1]]),
					    cu_buf_span(&str[i])) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

static bool seen_before(const struct cu_buf *canon, const size_t *order,
			size_t k)
{
	for (size_t j = 0; j < k; j++)
		if (cu_span_eq(cu_buf_span(&canon[order[j]]),
			       cu_buf_span(&canon[order[k]])))
			return true;
	return false;
}

int cu_pep440_specset_format(const struct cu_pep440_specset *set,
			     unsigned flags, struct cu_buf *out)
{
	struct cu_buf str[CU_PEP440_SPECS_MAX], canon[CU_PEP440_SPECS_MAX];
	size_t order[CU_PEP440_SPECS_MAX];
	bool first = true;
	int err;

	for (size_t i = 0; i < set->n; i++) {
		cu_buf_init(&str[i], 0);
		cu_buf_init(&canon[i], 0);
	}
	if ((err = format_each(set, flags, str, canon)))
		goto out;
	sort_specs(str, set->n, order);
	for (size_t k = 0; !err && k < set->n; k++) {
		if (seen_before(canon, order, k))
			continue;
		if (!first)
			err = cu_buf_addch(out, ',');
		if (!err)
			err = cu_buf_addspan(out, cu_buf_span(&str[order[k]]));
		first = false;
	}
out:
	for (size_t i = 0; i < set->n; i++) {
		cu_buf_release(&str[i]);
		cu_buf_release(&canon[i]);
	}
	return err;
}

