/*
 * epss.c - FIRST's Exploit Prediction Scoring System scores
 * (https://epss.cyentia.com/epss_scores-current.csv.gz): an optional
 * "#model_version:...,score_date:..." comment line, the header
 * "cve,epss,percentile", then one CVE per line. Plain or gzip-compressed.
 */
#include <zlib.h>

#include "common.h"
#include "import.h"

#define EPSS_LINE_MAX 512

static bool probe(const struct cu_import_input *in)
{
	struct cu_span h = in->head;

	if (in->is_dir)
		return false;
	if (h.len >= 2 && (unsigned char)h.ptr[0] == 0x1f && (unsigned char)h.ptr[1] == 0x8b)
		return cu_span_ends_with(cu_span_str(in->path), ".csv.gz");
	return cu_span_starts_with(h, "#model_version") || cu_span_starts_with(h, "cve,epss");
}

static bool parse_double(struct cu_span s, double *out)
{
	char buf[64], *end;

	if (!cu_span_to_cstr(cu_span_trim(s), buf, sizeof(buf)) || !buf[0])
		return false;
	*out = strtod(buf, &end);
	return *end == '\0' && *out >= 0 && *out <= 1;
}

/* "#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000" */
static void score_date(struct cu_span line, char *out, size_t len)
{
	const char *k = "score_date:";

	for (size_t i = 0; i + strlen(k) <= line.len; i++) {
		if (!memcmp(line.ptr + i, k, strlen(k))) {
			struct cu_span d = cu_span_sub(line, i + strlen(k), 10);

			cu_span_to_cstr(d, out, len);
			return;
		}
	}
}

static int row(struct cu_dbw *w, struct cu_span line, const char *date,
	       const char *path, struct cu_err *err)
{
	struct cu_span cve, score, pct;
	char id[64];
	double s, p;

	cu_span_split(&line, ',', &cve);
	cu_span_split(&line, ',', &score);
	pct = line;
	if (!cu_span_to_cstr(cu_span_trim(cve), id, sizeof(id)) || strncmp(id, "CVE-", 4) ||
	    !parse_double(score, &s) || !parse_double(pct, &p)) {
		struct cu_err why = { CU_EFORMAT, "malformed EPSS row" };

		cu_import_skip(w, path, &why);
		return 0;
	}
	return cu_dbw_epss(w, id, s, p, date[0] ? date : NULL, err);
}

static int import(struct cu_dbw *w, const struct cu_import_input *in,
		  struct cu_err *err)
{
	gzFile gz = gzopen(in->path, "rb");
	char line[EPSS_LINE_MAX], date[16] = "";
	bool header = false;
	int rc;

	if (!gz)
		return cu_seterr(err, CU_EIO, "cannot open '%s'", in->path);
	rc = cu_dbw_source(w, "epss", "epss", in->path, NULL, err);
	while (!rc && gzgets(gz, line, sizeof(line))) {
		struct cu_span l = cu_span_trim(cu_span_str(line));

		if (cu_span_starts_with(l, "#")) {
			score_date(l, date, sizeof(date));
		} else if (!header) {
			if (!cu_span_starts_with(l, "cve,epss"))
				rc = cu_seterr(err, CU_EFORMAT, "'%s' lacks the header 'cve,epss,percentile'",
					       in->path);
			header = true;
		} else if (l.len) {
			rc = row(w, l, date, in->path, err);
		}
	}
	if (!rc) {
		int zerr;
		const char *msg = gzerror(gz, &zerr);

		if (zerr != Z_OK && zerr != Z_STREAM_END)
			rc = cu_seterr(err, CU_EFORMAT, "'%s' is corrupt: %s", in->path, msg);
		else if (!header)
			rc = cu_seterr(err, CU_EFORMAT, "'%s' holds no EPSS scores", in->path);
	}
	gzclose(gz);
	if (!rc)
		rc = cu_dbw_source_done(w, err);
	return rc;
}

const struct cu_importer_ops cu_importer_epss = {
	.name = "epss",
	.probe = probe,
	.import = import,
};
