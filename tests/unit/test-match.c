/*
 * test-match.c - OSV range evaluation and Debian matching against a small
 * database: statuses, source versions, alias merging, severity order.
 */
#include <unistd.h>

#include "common.h"
#include "match/match.h"
#include "match/ranges.h"
#include "unit.h"
#include "vulndb/import.h"

static void test_ranges(struct unit *t)
{
	static const struct {
		const char *scheme, *version, *ranges, *versions;
		bool affected;
		const char *fixed;
	} cases[] = {
		{ "deb", "1.0-1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0-2\"}]}]", NULL, true, "1.0-2" },
		{ "deb", "1.0-2", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0-2\"}]}]", NULL, false, "" },
		{ "deb", "2.36-9+deb12u4", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.36-9+deb12u10\"}]}]", NULL, true, "2.36-9+deb12u10" },
		{ "deb", "1:0.9", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]", NULL, false, "" },
		/* two affected stretches */
		{ "pypi", "1.2", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"},{\"introduced\":\"2.0\"},{\"fixed\":\"2.5\"}]}]", NULL, true, "1.5" },
		{ "pypi", "1.7", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"2.5\"},{\"introduced\":\"2.0\"},{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"}]}]", NULL, false, "" },
		{ "pypi", "2.1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"},{\"introduced\":\"2.0\"},{\"fixed\":\"2.5\"}]}]", NULL, true, "2.5" },
		{ "pypi", "0.9", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"}]}]", NULL, false, "" },
		/* last_affected is inclusive */
		{ "pypi", "1.4", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"last_affected\":\"1.4\"}]}]", NULL, true, "" },
		{ "pypi", "1.4.1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"last_affected\":\"1.4\"}]}]", NULL, false, "" },
		/* explicit versions, with PEP 440 equality */
		{ "pypi", "1.0.0", NULL, "[\"0.9\",\"1.0\"]", true, "" },
		{ "pypi", "1.1", NULL, "[\"0.9\",\"1.0\"]", false, "" },
		/* open: introduced only */
		{ "deb", "5.0", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]", NULL, true, "" },
		/* limit ends a stretch for versions at or above it */
		{ "pypi", "3.0", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"limit\":\"3.0\"}]}]", NULL, false, "" },
		/* npm: ECOSYSTEM ranges as GitHub writes them */
		{ "npm", "4.17.15", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"4.17.19\"}]}]", NULL, true, "4.17.19" },
		{ "npm", "4.17.19", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"4.17.19\"}]}]", NULL, false, "" },
		/* SEMVER: a pre-release sorts before its release */
		{ "npm", "1.0.0-beta.1", "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0.0\"}]}]", NULL, true, "1.0.0" },
		{ "npm", "2.0.0-rc.1", "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"fixed\":\"2.0.0-rc.2\"}]}]", NULL, true, "2.0.0-rc.2" },
		/* Maven ComparableVersion */
		{ "maven", "2.14.1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}]}]", NULL, true, "2.15.0" },
		{ "maven", "2.0-alpha1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}]}]", NULL, false, "" },
		{ "maven", "2.15.0", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}]}]", NULL, false, "" },
		/* Go: module versions against OSV's bare semver */
		{ "golang", "v0.17.0", "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"0.23.0\"}]}]", NULL, true, "0.23.0" },
		{ "golang", "v1.21.5", "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.21.0-0\"},{\"fixed\":\"1.21.8\"}]}]", NULL, true, "1.21.8" },
		{ "golang", "v1.22.1", "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.21.0-0\"},{\"fixed\":\"1.21.8\"}]}]", NULL, false, "" },
		/* RubyGems, NuGet, Composer, crates.io, RPM, apk */
		{ "gem", "1.15.4", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.15.6\"}]}]", NULL, true, "1.15.6" },
		{ "gem", "1.16.0.rc1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.15.6\"}]}]", NULL, false, "" },
		{ "nuget", "12.0.1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"13.0.1\"}]}]", NULL, true, "13.0.1" },
		{ "composer", "5.4.9", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"5.0.0\"},{\"fixed\":\"5.4.20\"}]}]", NULL, true, "5.4.20" },
		{ "cargo", "1.0.190", "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0.191\"}]}]", NULL, true, "1.0.191" },
		{ "rpm", "1:1.2-3.el9", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:1.2-4.el9\"}]}]", NULL, true, "1:1.2-4.el9" },
		{ "apk", "1.2.3-r0", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2.3-r1\"}]}]", NULL, true, "1.2.3-r1" },
		{ "apk", "1.2.3-r1", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2.3-r1\"}]}]", NULL, false, "" },
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(cases); i++) {
		struct cu_range_verdict v = { false, CU_BUF_INIT };
		const struct cu_version_scheme *s = cu_version_scheme_find(cases[i].scheme);
		int rc = cu_ranges_evaluate(s, cases[i].version, cases[i].ranges,
					    cases[i].versions, &v, NULL);

		if (!CHECK(t, rc == 0 && v.affected == cases[i].affected &&
			   strcmp(cu_buf_str(&v.fixed), cases[i].fixed) == 0))
			FAILF(t, "case %zu: %s %s -> rc %d affected %d fixed '%s'", i,
			      cases[i].scheme, cases[i].version, rc, v.affected, cu_buf_str(&v.fixed));
		cu_buf_release(&v.fixed);
	}
}

static struct cu_pkg *deb(struct cu_catalog *cat, const char *name, const char *version,
			  const char *src, const char *srcver)
{
	struct cu_pkg *p = cu_catalog_new_pkg(cat);

	p->type = "deb";
	p->name = name;
	p->version = version;
	p->source_name = src ? src : name;
	p->source_version = srcver ? srcver : version;
	p->cataloger = "dpkg";
	p->layer = 0;
	return p;
}

static const struct cu_finding *finding(const struct cu_matches *m, const char *pkg,
					const char *id)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->items[i]->pkg->name, pkg) && !strcmp(m->items[i]->id, id))
			return m->items[i];
	return NULL;
}

static bool has_alias(const struct cu_finding *f, const char *id)
{
	for (size_t i = 0; f && i < f->naliases; i++)
		if (!strcmp(f->aliases[i], id))
			return true;
	return false;
}

static void test_debian(struct unit *t)
{
	const char *paths[] = { unit_data_path("feeds/tracker.json"),
				unit_data_path("feeds/osv-debian") };
	struct cu_match_options opt = { 0 };
	struct cu_catalog cat;
	struct cu_matches m;
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	const struct cu_finding *f;
	char path[256];

	snprintf(path, sizeof(path), "/tmp/customs-unit-match-%d.sqlite", (int)getpid());
	unlink(path);
	if (!CHECK_INT(t, cu_db_open(path, CU_DB_WRITE, &db, &err), 0) ||
	    !CHECK_INT(t, cu_db_import(db, paths, 2, NULL, &err), 0))
		goto out;
	cu_catalog_init(&cat);
	cu_matches_init(&m);
	cat.os.id = "debian";
	cat.os.codename = "bookworm";
	deb(&cat, "libssl3", "3.0.11-1~deb12u1", "openssl", NULL);
	deb(&cat, "zlib1g", "1:1.2.13.dfsg-1", "zlib", NULL);
	deb(&cat, "libc6", "2.36-9+deb12u4", "glibc", NULL);
	deb(&cat, "libfoo1", "2:1.0-1", "foo", "1.3-1");
	CHECK_INT(t, cu_match_catalog(db, &cat, &opt, &m, &err), 0);
	/* tracker CVE + DSA naming it: one finding, DSA as alias, distro severity */
	f = finding(&m, "libssl3", "CVE-2023-5678");
	if (CHECK(t, f != NULL)) {
		CHECK(t, has_alias(f, "DSA-5532-1"));
		CHECK(t, !has_alias(f, "CVE-2023-5363"));
		CHECK_INT(t, f->severity, CU_SEV_MEDIUM);
		CHECK_STR(t, f->fixed_version, "3.0.11-1~deb12u2");
		CHECK_STR(t, f->status, "fixed");
	}
	/* the DSA only lends its id: its other CVE is not reported on its behalf */
	CHECK(t, finding(&m, "libssl3", "CVE-2023-5363") == NULL);
	CHECK(t, finding(&m, "libssl3", "DSA-5532-1") == NULL);
	CHECK(t, finding(&m, "libssl3", "CVE-2023-0464") == NULL);	/* fixed earlier */
	f = finding(&m, "libssl3", "CVE-2024-90001");
	CHECK(t, f && f->severity == CU_SEV_HIGH && !f->fixed_version && !strcmp(f->status, "affected"));
	CHECK(t, finding(&m, "libssl3", "CVE-2024-90002") == NULL);	/* unimportant */
	CHECK(t, finding(&m, "libssl3", "CVE-2024-90003") == NULL);	/* not affected */
	CHECK(t, finding(&m, "libssl3", "CVE-2024-90004") == NULL);	/* other release */
	f = finding(&m, "zlib1g", "CVE-2023-45853");
	CHECK(t, f && !strcmp(f->status, "wont_fix") && f->severity == CU_SEV_LOW);
	/* deb12u4 < deb12u10: string order would get this wrong */
	CHECK(t, finding(&m, "libc6", "CVE-2024-2961") != NULL);
	CHECK(t, finding(&m, "libc6", "CVE-2023-4911") == NULL);
	/* compared by source version 1.3-1, not binary 2:1.0-1 */
	CHECK(t, finding(&m, "libfoo1", "CVE-2024-90010") != NULL);
	CHECK_INT(t, m.n, 6);
	cu_matches_release(&m);
	/* unimportant issues on request */
	cu_matches_init(&m);
	opt.include_unimportant = true;
	CHECK_INT(t, cu_match_catalog(db, &cat, &opt, &m, &err), 0);
	CHECK(t, finding(&m, "libssl3", "CVE-2024-90002") != NULL);
	cu_matches_release(&m);
	cu_catalog_release(&cat);
out:
	cu_db_close(db);
	unlink(path);
}

static struct cu_pkg *pypi(struct cu_catalog *cat, const char *name, const char *version,
			   const struct cu_pkg *owner)
{
	struct cu_pkg *p = cu_catalog_new_pkg(cat);

	p->type = "pypi";
	p->name = name;
	p->version = version;
	p->source_name = name;
	p->source_version = version;
	p->cataloger = "python";
	p->owner = owner;
	return p;
}

static void test_language(struct unit *t)
{
	const char *paths[] = { unit_data_path("feeds/osv-pypi") };
	struct cu_match_options opt = { 0 };
	struct cu_catalog cat;
	struct cu_matches m;
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	const struct cu_finding *f;
	struct cu_pkg *deb_numpy;
	char path[256];

	snprintf(path, sizeof(path), "/tmp/customs-unit-lang-%d.sqlite", (int)getpid());
	unlink(path);
	if (!CHECK_INT(t, cu_db_open(path, CU_DB_WRITE, &db, &err), 0) ||
	    !CHECK_INT(t, cu_db_import(db, paths, 1, NULL, &err), 0))
		goto out;
	cu_catalog_init(&cat);
	cu_matches_init(&m);
	cat.os.id = "debian";
	cat.os.codename = "bookworm";
	deb_numpy = deb(&cat, "python3-numpy", "1:1.24.2-1", "numpy", NULL);
	pypi(&cat, "flask", "2.2.2", NULL);
	pypi(&cat, "flask", "2.3.1", NULL);	/* second affected stretch */
	pypi(&cat, "flask", "2.2.5", NULL);	/* fixed */
	pypi(&cat, "torch", "2.1.0+cu121", NULL);
	pypi(&cat, "numpy", "1.24.2", deb_numpy);	/* OS-owned */
	CHECK_INT(t, cu_match_catalog(db, &cat, &opt, &m, &err), 0);
	/* PYSEC and GHSA for one CVE: one finding, named by the CVE */
	f = finding(&m, "flask", "CVE-2023-30861");
	if (CHECK(t, f != NULL)) {
		CHECK(t, has_alias(f, "PYSEC-2023-62") && has_alias(f, "GHSA-m2qf-hxjv-5gpq"));
		CHECK_INT(t, f->severity, CU_SEV_MEDIUM);	/* CVSS 5.9 of the GHSA */
		CHECK_STR(t, f->fixed_version, "2.2.5");
	}
	CHECK_INT(t, m.n, 3);
	CHECK(t, finding(&m, "torch", "CVE-2024-31580") != NULL);
	CHECK(t, finding(&m, "numpy", "CVE-2019-6446") == NULL);
	cu_matches_release(&m);
	/* with --os-owned-upstream the distribution's numpy meets PyPI advisories */
	cu_matches_init(&m);
	opt.os_owned_upstream = true;
	CHECK_INT(t, cu_match_catalog(db, &cat, &opt, &m, &err), 0);
	CHECK(t, finding(&m, "numpy", "CVE-2019-6446") != NULL);	/* listed version */
	CHECK_INT(t, m.n, 4);
	for (size_t i = 0; i < m.n; i++)
		if (!strcmp(m.items[i]->pkg->name, "flask"))
			CHECK(t, strcmp(m.items[i]->pkg->version, "2.2.5") != 0);
	cu_matches_release(&m);
	cu_catalog_release(&cat);
out:
	cu_db_close(db);
	unlink(path);
}

const struct unit_test match_tests[] = {
	{ "match/language", test_language },
	{ "match/ranges", test_ranges },
	{ "match/debian", test_debian },
	{ NULL, NULL },
};
