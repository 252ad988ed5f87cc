/*
 * os.c - distribution packages. Advisories name a distribution, a release
 * and (mostly) a source package, so a binary package is looked up by its
 * source name and compared by its source version with the distribution's
 * version scheme (docs/matching.md):
 *   deb  (debian, <codename>) / (ubuntu, <VERSION_ID>), dpkg order
 *   apk  (alpine, <major.minor>) / (wolfi|chainguard|minimos, "") /
 *        (alpaquita, <VERSION_ID>), apk-tools order
 *   rpm  (redhat|rocky|almalinux|..., <major>) / (suse|opensuse, <VERSION_ID>
 *        or "tumbleweed") / (photon, <VERSION_ID>) / (openeuler,
 *        "22.03-LTS-SP1"), rpmvercmp, by binary and source name (OSV RPM
 *        ecosystems use either); vulndb/ecosystem.c files advisories alike
 */
#include "common.h"
#include "internal.h"
#include "match.h"
#include "ranges.h"

struct target {
	const char *eco;
	char release[64];
	const struct cu_version_scheme *scheme;
	const char *names[2];	/* package names to look up */
	const char *version;	/* the version advisories compare against */
	char evr[256];
};

static void major_minor(const char *v, char *out, size_t len, int parts)
{
	size_t i = 0;
	int dots = 0;

	for (; v && v[i] && i + 1 < len; i++) {
		if (v[i] == '.' && ++dots == parts)
			break;
		out[i] = v[i];
	}
	out[i] = '\0';
}

static const char *rpm_eco(const char *id)
{
	static const char *const map[][2] = {
		{ "rhel", "redhat" }, { "centos", "redhat" }, { "ol", "oracle" },
		{ "rocky", "rocky" }, { "almalinux", "almalinux" }, { "fedora", "fedora" },
		{ "amzn", "amazon" }, { "sles", "suse" }, { "sled", "suse" },
		{ "opensuse-leap", "opensuse" }, { "opensuse-tumbleweed", "opensuse" },
		{ "sle-micro", "suse" }, { "sles_sap", "suse" },
		{ "mariner", "mariner" }, { "azurelinux", "azurelinux" },
		{ "photon", "photon" }, { "mageia", "mageia" }, { "openEuler", "openeuler" },
	};

	for (size_t i = 0; id && i < CU_ARRAY_SIZE(map); i++)
		if (strcmp(id, map[i][0]) == 0)
			return map[i][1];
	return id;
}

static const char *apk_eco(const char *id)
{
	static const char *const rolling_or_own[] = {
		"wolfi", "chainguard", "minimos", "alpaquita",
	};

	for (size_t i = 0; id && i < CU_ARRAY_SIZE(rolling_or_own); i++)
		if (strcmp(id, rolling_or_own[i]) == 0)
			return id;
	return "alpine";
}

/* The release rpm advisories of eco are filed under (vulndb/ecosystem.c). */
static void rpm_release(const char *eco, const struct cu_osinfo *os, char *out, size_t len)
{
	const char *open, *close;

	if (!eco || (strcmp(eco, "suse") && strcmp(eco, "opensuse") && strcmp(eco, "photon") &&
		     strcmp(eco, "openeuler"))) {
		major_minor(os->version_id, out, len, 1);
		return;
	}
	if (os->id && !strcmp(os->id, "opensuse-tumbleweed")) {
		snprintf(out, len, "tumbleweed");
		return;
	}
	snprintf(out, len, "%s", os->version_id ? os->version_id : "");
	/* openEuler: VERSION_ID "22.03", PRETTY_NAME "openEuler 22.03 (LTS-SP1)" */
	if (!strcmp(eco, "openeuler") && out[0] && os->pretty_name &&
	    (open = strchr(os->pretty_name, '(')) && (close = strchr(open, ')')) && close > open + 1)
		snprintf(out + strlen(out), len - strlen(out), "-%.*s", (int)(close - open - 1),
			 open + 1);
}

/* Fill t for p; false when the image's release is unknown. */
static bool target_of(const struct cu_pkg *p, const struct cu_osinfo *os,
		      struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->names[0] = p->source_name;
	t->version = p->source_version;
	if (!strcmp(p->type, "deb")) {
		bool ubuntu = os->id && !strcmp(os->id, "ubuntu");

		t->eco = ubuntu ? "ubuntu" : "debian";
		t->scheme = &cu_scheme_deb;
		snprintf(t->release, sizeof(t->release), "%s",
			 (ubuntu ? os->version_id : os->codename) ? (ubuntu ? os->version_id : os->codename) : "");
		return t->release[0] != '\0';
	}
	if (!strcmp(p->type, "apk")) {
		t->eco = apk_eco(os->id);
		t->scheme = &cu_scheme_apk;
		if (!strcmp(t->eco, "alpine"))
			major_minor(os->version_id, t->release, sizeof(t->release), 2);
		else if (!strcmp(t->eco, "alpaquita"))
			snprintf(t->release, sizeof(t->release), "%s", os->version_id ? os->version_id : "");
		return (strcmp(t->eco, "alpine") && strcmp(t->eco, "alpaquita")) || t->release[0];
	}
	if (!strcmp(p->type, "rpm")) {
		t->eco = rpm_eco(os->id);
		t->scheme = &cu_scheme_rpm;
		rpm_release(t->eco, os, t->release, sizeof(t->release));
		t->names[0] = p->name;
		if (p->source_name && strcmp(p->source_name, p->name))
			t->names[1] = p->source_name;
		t->version = p->version;
		return t->eco != NULL;
	}
	return false;
}

static bool handles(const struct cu_pkg *p, const struct cu_osinfo *os)
{
	return !strcmp(p->type, "deb") || !strcmp(p->type, "apk") || !strcmp(p->type, "rpm");
}

static bool status_wanted(const char *status, const struct cu_match_options *opt)
{
	if (strcmp(status, "not_affected") == 0)
		return false;
	if (strcmp(status, "unimportant") == 0)
		return opt->include_unimportant;
	return true;
}

/* Evaluate every advisory row for (eco, name, release) and collect hits. */
static int lookup(struct cu_db *db, sqlite3_stmt *st, const struct target *t,
		  const char *name, const struct cu_match_options *opt,
		  struct cu_hits *hits, struct cu_matches *out)
{
	struct cu_range_verdict v = { false, CU_BUF_INIT };
	int rc = 0;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, t->eco, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->release, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 2);

		out->candidates++;
		if (!status || !status_wanted(status, opt))
			continue;
		if (cu_ranges_evaluate(t->scheme, t->version,
				       (const char *)sqlite3_column_text(st, 3),
				       (const char *)sqlite3_column_text(st, 4), &v, NULL) ||
		    !v.affected)
			continue;
		rc = cu_hits_add(hits, (const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 1),
				 v.fixed.len ? "fixed" : (strcmp(status, "fixed") == 0 ? "affected" : status),
				 v.fixed.len ? v.fixed.buf : NULL,
				 (const char *)sqlite3_column_text(st, 5));
	}
	cu_buf_release(&v.fixed);
	return rc;
}

static int match_os(struct cu_db *db, const struct cu_pkg *p,
		    const struct cu_osinfo *os, const struct cu_match_options *opt,
		    struct cu_matches *out, struct cu_err *err)
{
	struct target t;
	struct cu_hits hits;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (!target_of(p, os, &t))
		return 0;	/* unknown release: the scan says so once */
	cu_hits_init(&hits);
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT vuln_id, source, status, ranges, versions, severity "
			       "FROM affected WHERE ecosystem = ? AND package = ? AND release = ?",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = cu_db_fail(db, err, "cannot query advisories");
		goto out;
	}
	for (int i = 0; i < 2 && t.names[i] && !rc; i++)
		rc = lookup(db, st, &t, t.names[i], opt, &hits, out);
	if (!rc)
		rc = cu_match_emit(db, p, t.scheme, &hits, out, err);
out:
	sqlite3_finalize(st);
	cu_hits_release(&hits);
	return rc;
}

const struct cu_matcher_ops cu_matcher_os = {
	.name = "os",
	.handles = handles,
	.match = match_os,
};
