/*
 * lang.c - language packages (PyPI, npm, Go, Maven, crates.io, RubyGems,
 * NuGet, Packagist) against OSV advisories of their ecosystem: looked up by
 * the name as the ecosystem spells it and compared with its version scheme.
 *
 * A language package installed by the distribution (pkg->owner set: its
 * files belong to a deb/rpm/apk package) is left to the distribution's
 * advisories, which know its backported fixes; --os-owned-upstream matches
 * it against upstream advisories too (docs/matching.md).
 */
#include "common.h"
#include "internal.h"
#include "match.h"
#include "ranges.h"
#include "version/names.h"
#include "vulndb/ecosystem.h"

/* purl type -> database ecosystem (docs/database.md) */
static const char *ecosystem_of(const char *type)
{
	static const char *const eco[] = {
		"pypi", "npm", "golang", "maven", "cargo", "gem", "nuget", "composer",
		"hex", "pub",
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(eco); i++)
		if (strcmp(type, eco[i]) == 0)
			return eco[i];
	return NULL;
}

static bool handles(const struct cu_pkg *p, const struct cu_osinfo *os)
{
	return ecosystem_of(p->type) != NULL;
}

static int match_lang(struct cu_db *db, const struct cu_pkg *p,
		      const struct cu_osinfo *os, const struct cu_match_options *opt,
		      struct cu_matches *out, struct cu_err *err)
{
	const char *eco = ecosystem_of(p->type);
	const struct cu_version_scheme *scheme = cu_version_scheme_find(cu_ecosystem_scheme(eco));
	struct cu_range_verdict v = { false, CU_BUF_INIT };
	struct cu_buf name = CU_BUF_INIT;
	struct cu_hits hits;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (!scheme || (p->owner && !opt->os_owned_upstream))
		return 0;
	cu_hits_init(&hits);
	cu_name_normalize(eco, cu_span_str(p->name), &name);
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT vuln_id, source, status, ranges, versions, severity "
			       "FROM affected WHERE ecosystem = ? AND package = ? AND release = ''",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = cu_db_fail(db, err, "cannot query advisories");
		goto out;
	}
	sqlite3_bind_text(st, 1, eco, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name.buf, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		out->candidates++;
		if (cu_ranges_evaluate(scheme, p->version,
				       (const char *)sqlite3_column_text(st, 3),
				       (const char *)sqlite3_column_text(st, 4), &v, NULL) ||
		    !v.affected)
			continue;
		rc = cu_hits_add(&hits, (const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 1),
				 v.fixed.len ? "fixed" : "affected",
				 v.fixed.len ? v.fixed.buf : NULL,
				 (const char *)sqlite3_column_text(st, 5));
	}
	if (!rc)
		rc = cu_match_emit(db, p, scheme, &hits, out, err);
out:
	sqlite3_finalize(st);
	cu_buf_release(&v.fixed);
	cu_buf_release(&name);
	cu_hits_release(&hits);
	return rc;
}

const struct cu_matcher_ops cu_matcher_lang = {
	.name = "language",
	.handles = handles,
	.match = match_lang,
};
