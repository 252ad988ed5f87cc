/*
 * report-read.h - scan results read back for comparison: a saved JSON report
 * (docs/report-json.md, schema "customs-report/1") or a live scan, both in
 * one compact form that `customs diff`, `customs trend` and baselines work on
 * (docs/diff-trend.md). report-read.c reads reports; snapshot.c converts
 * scans and holds the shared helpers.
 *
 * A report file is untrusted input: its size, its counts and its strings are
 * capped, every field is checked for type, and a report with another schema
 * id is refused rather than guessed at.
 */
#ifndef CU_REPORT_READ_H
#define CU_REPORT_READ_H

#include <stdint.h>

#include "caps.h"
#include "match/match.h"
#include "scan/scan.h"

struct cu_snap_layer {
	const char *digest;		/* NULL when the report has none */
	uint64_t size;			/* stored (compressed) bytes */
};

/* A package; several findings may point at one. */
struct cu_snap_pkg {
	const char *type, *name, *version;
	const char *arch, *purl;	/* NULL when unknown */
	const char *source_name;	/* NULL when unknown */
	int layer;			/* index of the layer that brought it, -1 */
	int base;			/* that layer is a base layer: 1, 0, -1 unknown */
};

struct cu_snap_finding {
	const char *id;
	const char **aliases;		/* NULL-terminated */
	size_t naliases;
	const struct cu_snap_pkg *pkg;
	const char *location;		/* the package's, NULL when unknown */
	enum cu_severity severity;
	const char *status;		/* NULL when the report has none */
	const char *fixed_version;	/* NULL: no fix */
	bool kev;
	double epss;			/* < 0 when unknown */
};

struct cu_snapshot {
	struct cu_arena arena;
	bool from_report;		/* read from a file, not scanned here */
	const char *ref;		/* target.ref: the image as first given */
	const char *manifest_digest;	/* NULL for docker-archive */
	const char *config_digest;
	const char *image_created;	/* the image config's "created", or NULL */
	const char *created;		/* when the report was written / the scan ran */
	const char *db_updated_at;	/* the database the findings came from, or NULL */
	struct cu_snap_layer *layers;
	size_t nlayers;
	uint64_t image_size;		/* sum of the layer sizes */
	struct cu_snap_pkg **pkgs;	/* distinct (type, name, version, arch) */
	size_t npkgs;
	/* pkgs is every package (a scan, --list-all-pkgs), not only those findings name */
	bool all_pkgs;
	struct cu_snap_finding *findings;
	size_t nfindings;
};

void cu_snapshot_init(struct cu_snapshot *s);
void cu_snapshot_release(struct cu_snapshot *s);

/*
 * Whether bytes at the start of a file look like a JSON report rather than an
 * image archive: the first non-blank byte opens a JSON object or array (no
 * tar, gzip or zstd stream starts so). The schema id is checked by
 * cu_snapshot_parse, which refuses other documents with a message.
 */
bool cu_snapshot_sniff(struct cu_span head);

/*
 * Parse a customs JSON report; what names it in messages ("report 'a.json'").
 * Findings the report's own run suppressed ("suppressed" not null) are
 * left out, as that run left them out of its counts.
 * Errors: CU_EUNSUPPORTED for another schema id, CU_EFORMAT for malformed or
 * missing fields, CU_ETOOBIG past the caps above, CU_ENOMEM. out must have
 * been through cu_snapshot_init; what it held before is released.
 */
int cu_snapshot_parse(struct cu_span data, const char *what,
		      struct cu_snapshot *out, struct cu_err *err);

/* Read the report file at path (CU_ENOTFOUND, CU_EIO, ...) and parse it. */
int cu_snapshot_load(const char *path, struct cu_snapshot *out, struct cu_err *err);

/*
 * The same form from a live scan: the findings the policy left shown, every
 * package of the catalog, and "now" as the creation time. Copies what it
 * keeps, so scan and matches can be released afterwards. out as for
 * cu_snapshot_parse.
 */
int cu_snapshot_from_scan(const struct cu_scan *scan, const struct cu_matches *m,
			  const char *db_updated_at, struct cu_snapshot *out,
			  struct cu_err *err);

/*
 * Drop findings the filters would hide: severities is a mask as in struct
 * cu_policy (0 = all), ignore_unfixed drops findings without a fixed version.
 */
void cu_snapshot_filter(struct cu_snapshot *s, unsigned severities, bool ignore_unfixed);

struct cu_exceptions;

/*
 * Drop the findings exceptions and VEX statements suppress (as `customs
 * image` would have), judged against the image s->ref. Expired exceptions
 * suppress nothing; their matches are counted as for a scan.
 */
void cu_snapshot_except(struct cu_snapshot *s, struct cu_exceptions *ex);

/* Findings by severity; NEGLIGIBLE is counted apart (shown as LOW). */
void cu_snapshot_counts(const struct cu_snapshot *s, size_t counts[CU_SEV_CRITICAL + 1]);

/*
 * An RFC 3339 timestamp ("2025-01-01T00:00:00Z", fractions and offsets
 * allowed) as seconds since the epoch; CU_EFORMAT when it is not one.
 */
int cu_rfc3339_parse(const char *s, int64_t *out);

#endif
