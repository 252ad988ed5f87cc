/*
 * sbom-internal.h - shared by the SBOM format readers (sbom-cyclonedx.c,
 * sbom-spdx.c, sbom-spdx-tv.c) and the package builder (sbom-pkg.c).
 *
 * A reader turns each component or package of its format into a struct
 * cu_sbomin_entry (plain strings, as written) and hands it to cu_sbomin_add,
 * which applies customs' naming rules and adds the package to the catalog.
 */
#ifndef CU_SBOMIN_H
#define CU_SBOMIN_H

#include <jansson.h>

#include "map.h"
#include "sbom.h"

/* Hashes kept of one entry: one per algorithm customs knows is enough. */
#define CU_SBOMIN_HASHES	8

/* One component or package as the document describes it. */
struct cu_sbomin_entry {
	const char *what;		/* "component 'libssl3'" for messages */
	const char *ref;		/* bom-ref or SPDXID */
	const char *purl;
	const char *name, *group, *version;
	const char *license, *description, *supplier;
	const char *tool_type;		/* syft:package:type, Trivy PkgType */
	const char *src_name, *src_version, *src_release, *src_epoch;
	const char *location;		/* the file it was found in */
	const char *found_by;
	const char *owner;		/* purl or ref of the OS package owning it */
	const char *arch;		/* customs:arch, when the purl has none */
	const char *dev;		/* customs:dev "true": a development dependency */
	long layer;			/* customs:layer_index, -1 when not told */
	const char *layer_digest, *layer_diff_id, *layer_created_by;
	/* digests of the package's artifact: CycloneDX hashes, SPDX checksums */
	struct {
		const char *alg, *hex;
	} hashes[CU_SBOMIN_HASHES];
	size_t nhashes;
	/* an operating-system description (CycloneDX component properties) */
	const char *os_id, *os_version_id, *os_codename, *os_pretty_name;
};

/* A package owned by another (its files are in the other's file list). */
struct cu_sbomin_owner_link {
	struct cu_pkg *child;		/* or NULL, then child_ref names it */
	const char *child_ref;
	const char *owner;		/* ref or purl; all in the catalog arena */
};

/* A binary package built from a source package the document lists apart. */
struct cu_sbomin_source_link {
	const char *type;		/* deb, rpm, apk */
	const char *binary;
	const char *src_name, *src_version;
};

struct cu_sbomin_ctx {
	struct cu_catalog *cat;
	struct cu_sbom_info *info;
	const char *what;		/* the document, for messages */
	size_t entries;			/* seen so far, against CU_CAP_SBOM_ENTRIES */
	bool os_told;			/* an OS component or package set cat->os */
	const char *distro;		/* first distro qualifier of an OS package */
	const char *distro_ns;		/* that purl's namespace ("alpine") */
	struct cu_map refs;		/* ref and purl -> struct cu_pkg */
	struct cu_sbomin_owner_link *links;
	size_t nlinks, alinks;
	struct cu_sbomin_source_link *srcs;
	size_t nsrcs, asrcs;
};

void cu_sbomin_entry_init(struct cu_sbomin_entry *e);
/* Note a hash of e ("SHA-256" or "SHA256", hex); past CU_SBOMIN_HASHES ignored. */
void cu_sbomin_entry_hash(struct cu_sbomin_entry *e, const char *alg, const char *hex);

/*
 * A tool's name/value property: "syft:package:type", "syft:metadata:source",
 * "aquasecurity:trivy:SrcName" (or "SrcName" as Trivy's SPDX annotations
 * spell it), "customs:layer_index" ... Unknown names are ignored. The
 * strings must outlive the entry's use.
 */
void cu_sbomin_entry_prop(struct cu_sbomin_entry *e, const char *name, const char *value);

/*
 * The spelling the property tables use: customs' own names with '_' for
 * ':' after "customs:" ("customs:layer:0:digest" -> "customs:layer_0_digest"),
 * a bare name ("RepoTag", from Trivy's SPDX annotations) as Trivy's
 * ("aquasecurity:trivy:RepoTag"). False when it does not fit in len.
 */
bool cu_sbomin_prop_name(const char *name, char *out, size_t len);

/* A property of the subject (image): digests, platform, tags, layers. */
int cu_sbomin_subject_prop(struct cu_sbomin_ctx *ctx, const char *name, const char *value);

/* Record e's layer (customs:layer_*) in info->layers. */
int cu_sbomin_note_layer(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e);

/* deb, rpm or apk: a distribution's package. */
bool cu_sbomin_os_type(const char *type);

/* Count one more entry: CU_ETOOBIG (message in err) past the cap. */
int cu_sbomin_count(struct cu_sbomin_ctx *ctx, struct cu_err *err);

/* Add the package e describes, or warn and skip it. Fails only on errors. */
int cu_sbomin_add(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e, struct cu_err *err);

/* The operating system the document names: id (any case), version. */
int cu_sbomin_set_os(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e);

/* The subject (image, application): name, version, purl (pkg:oci/...). */
int cu_sbomin_set_subject(struct cu_sbomin_ctx *ctx, const char *name, const char *version,
			const char *purl);

/* child (ref or purl) is owned by parent: resolved when the document is read. */
int cu_sbomin_link_owner(struct cu_sbomin_ctx *ctx, const char *parent, const char *child);

/*
 * The OS package named binary (of type) was built from src_name
 * src_version: set when the document is read, for packages that name no
 * source of their own (cdxgen lists source packages as components).
 */
int cu_sbomin_link_source(struct cu_sbomin_ctx *ctx, const char *type, const char *binary,
			  const char *src_name, const char *src_version);

/* After the last entry: the OS from distro qualifiers, owners, sorting. */
int cu_sbomin_finish(struct cu_sbomin_ctx *ctx);

/* An arena copy in the catalog (NULL for NULL). */
const char *cu_sbomin_str(struct cu_sbomin_ctx *ctx, const char *s);

/* The string member key of obj when it is one without NUL bytes, else NULL. */
const char *cu_sbomin_jstr(const json_t *obj, const char *key);

/* Parse one raw JSON value (a member's value as cu_json_each_member gives it). */
int cu_sbomin_json_value(struct cu_sbomin_ctx *ctx, struct cu_span raw, const char *member,
		       json_t **out, struct cu_err *err);

/* The readers. Members are the raw top-level values (CU_SPAN_NULL if absent). */
struct cu_sbomin_members {
	struct cu_span format, spec, metadata, components;		/* CycloneDX */
	struct cu_span spdx_version, name, creation, describes, packages,
		       relationships;					/* SPDX */
};

int cu_sbomin_cyclonedx(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
		      struct cu_err *err);
int cu_sbomin_spdx_json(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_members *m,
		      struct cu_err *err);
int cu_sbomin_spdx_tv(struct cu_sbomin_ctx *ctx, struct cu_span text, struct cu_err *err);

/*
 * Shared by both SPDX readers: one package, given its primaryPackagePurpose
 * (or NULL) and whether the document DESCRIBES it.
 */
int cu_sbomin_spdx_package(struct cu_sbomin_ctx *ctx, const struct cu_sbomin_entry *e,
			 const char *purpose, bool described, struct cu_err *err);

/*
 * "built package from: openssl 3.0.11-1~deb12u1" (Trivy's sourceInfo): the
 * source package's name and version into e (arena copies). Other texts
 * (Syft's "acquired package info from ...") leave e as it was.
 */
int cu_sbomin_spdx_source_info(struct cu_sbomin_ctx *ctx, struct cu_sbomin_entry *e,
			     const char *source_info);

/*
 * An annotation comment "Key: Value" (or "Key=Value") as a property of e,
 * or of the subject when e is NULL.
 */
int cu_sbomin_spdx_annotation(struct cu_sbomin_ctx *ctx, struct cu_sbomin_entry *e,
			      const char *comment);

/* s, or NULL for "NOASSERTION" and "NONE". */
const char *cu_sbomin_spdx_assertion(const char *s);

/* "Organization: Debian" -> "Debian"; NULL for no assertion. */
const char *cu_sbomin_spdx_supplier(const char *s);

#endif
