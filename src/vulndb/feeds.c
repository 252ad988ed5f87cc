/*
 * feeds.c - the default feed list.
 *
 * OSV: every osv.dev ecosystem customs can match (osv-schema's ecosystem
 * list minus the commit-based ones), from
 * https://osv-vulnerabilities.storage.googleapis.com/<Ecosystem>/all.zip.
 * Debian: the security tracker's JSON. Alpine: secdb per branch and
 * repository. NVD: CVE API 2.0. CISA KEV. FIRST EPSS.
 */
#include "common.h"
#include "feeds.h"

static const char *const osv_ecosystems[] = {
	"Debian", "Ubuntu", "Alpine", "PyPI", "npm", "Go", "Maven", "crates.io",
	"RubyGems", "NuGet", "Packagist", "Hex", "Pub", "Rocky Linux", "AlmaLinux",
	"Red Hat", "SUSE", "openSUSE", "Wolfi", "Chainguard", "Photon OS", "Mageia",
	"Azure Linux", "openEuler", "MinimOS", "Alpaquita", "Kubernetes",
};

/* Alpine branches with a secdb; later ones 404 until they exist */
static const char *const alpine_branches[] = {
	"v3.3", "v3.4", "v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11",
	"v3.12", "v3.13", "v3.14", "v3.15", "v3.16", "v3.17", "v3.18", "v3.19",
	"v3.20", "v3.21", "v3.22", "v3.23", "edge",
};

static bool selected(const struct cu_feed *f, const char *only)
{
	struct cu_span list = cu_span_str(only), item;

	if (!only)
		return true;
	while (list.len) {
		cu_span_split(&list, ',', &item);
		item = cu_span_trim(item);
		if (cu_span_eq_str(item, f->name) || cu_span_eq_str(item, f->group))
			return true;
	}
	return false;
}

static void url_path(char *out, size_t len, const char *fmt_dir, const char *file)
{
	size_t n = 0;

	out[n++] = '/';
	for (const char *p = fmt_dir; *p && n + 4 < len; p++) {
		if (*p == ' ') {
			memcpy(out + n, "%20", 3);
			n += 3;
		} else {
			out[n++] = *p;
		}
	}
	snprintf(out + n, len - n, "/%s", file);
}

static size_t push(struct cu_feed *out, size_t cap, size_t n, const struct cu_feed *f,
		   const char *only)
{
	if (n < cap && selected(f, only))
		out[n++] = *f;
	return n;
}

size_t cu_feeds_default(struct cu_feed *out, size_t cap, const char *only)
{
	struct cu_feed f;
	size_t n = 0;

	memset(&f, 0, sizeof(f));
	f.group = "debian";
	f.host = "security-tracker.debian.org";
	snprintf(f.name, sizeof(f.name), "debian-tracker");
	snprintf(f.path, sizeof(f.path), "/tracker/data/json");
	n = push(out, cap, n, &f, only);
	for (size_t i = 0; i < CU_ARRAY_SIZE(osv_ecosystems); i++) {
		memset(&f, 0, sizeof(f));
		f.group = "osv";
		f.host = "osv-vulnerabilities.storage.googleapis.com";
		snprintf(f.name, sizeof(f.name), "osv/%s", osv_ecosystems[i]);
		url_path(f.path, sizeof(f.path), osv_ecosystems[i], "all.zip");
		n = push(out, cap, n, &f, only);
	}
	for (size_t i = 0; i < CU_ARRAY_SIZE(alpine_branches); i++) {
		for (int r = 0; r < 2; r++) {
			const char *repo = r ? "community" : "main";

			memset(&f, 0, sizeof(f));
			f.group = "alpine";
			f.host = "secdb.alpinelinux.org";
			f.expected_missing = true;
			snprintf(f.name, sizeof(f.name), "alpine-secdb/%s/%s", alpine_branches[i], repo);
			snprintf(f.path, sizeof(f.path), "/%s/%s.json", alpine_branches[i], repo);
			n = push(out, cap, n, &f, only);
		}
	}
	memset(&f, 0, sizeof(f));
	f.group = "nvd";
	f.host = "services.nvd.nist.gov";
	f.kind = CU_FEED_NVD;
	snprintf(f.name, sizeof(f.name), "nvd");
	snprintf(f.path, sizeof(f.path), "/rest/json/cves/2.0");
	n = push(out, cap, n, &f, only);
	memset(&f, 0, sizeof(f));
	f.group = "kev";
	f.host = "www.cisa.gov";
	snprintf(f.name, sizeof(f.name), "kev");
	snprintf(f.path, sizeof(f.path), "/sites/default/files/feeds/known_exploited_vulnerabilities.json");
	n = push(out, cap, n, &f, only);
	memset(&f, 0, sizeof(f));
	f.group = "epss";
	f.host = "epss.cyentia.com";
	snprintf(f.name, sizeof(f.name), "epss");
	snprintf(f.path, sizeof(f.path), "/epss_scores-current.csv.gz");
	n = push(out, cap, n, &f, only);
	return n;
}

void cu_feed_url(const struct cu_feed *f, const char *mirror, char *out, size_t len)
{
	if (mirror) {
		size_t m = strlen(mirror);

		while (m && mirror[m - 1] == '/')
			m--;
		snprintf(out, len, "%.*s/%s%s", (int)m, mirror, f->host, f->path);
	} else {
		snprintf(out, len, "https://%s%s", f->host, f->path);
	}
}
