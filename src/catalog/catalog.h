/*
 * catalog.h - the packages an image carries, read from its filesystem view.
 *
 * Each package manager database or language package format is one
 * cataloger: a const struct cu_cataloger_ops registered in catalog.c. A
 * cataloger names the files it needs (want), may watch every version of
 * them as layers go by (captured, used to find the layer that brought a
 * package), and turns the final view into packages (catalog).
 */
#ifndef CU_CATALOG_H
#define CU_CATALOG_H

#include <stdbool.h>

#include "arena.h"
#include "err.h"
#include "fsview/fsview.h"
#include "map.h"
#include "span.h"
#include "fsview/build.h"

struct cu_osinfo {
	const char *id;			/* os-release ID: "debian" */
	const char *id_like;
	const char *version_id;		/* "12" */
	const char *codename;		/* "bookworm" */
	const char *pretty_name;
	const char *family;		/* "debian", "alpine", "rhel", "suse", ... */
	const char *source_file;	/* "etc/os-release" */
	bool distroless;
	int layer;			/* of the file that told us, -1 if none */
};

/*
 * A digest of the artifact a package was installed from, as its ecosystem
 * records it (lockfile integrity, Cargo.lock checksum, conda-meta md5 and
 * sha256, the Java archive itself): docs/sbom.md "Hashes".
 */
struct cu_pkg_hash {
	const char *alg;		/* CycloneDX spelling: "MD5", "SHA-1", "SHA-256",
					   "SHA-384", "SHA-512" */
	const char *hex;		/* lowercase, of the algorithm's length */
};

/*
 * A package. For language packages, name is spelled the way advisories of
 * its ecosystem spell it: PyPI names normalised per PEP 503, npm names with
 * their scope ("@babel/core"), Go module paths, Maven "groupId:artifactId",
 * NuGet and Composer names as published. The purl carries the exact form.
 */
struct cu_pkg {
	const char *type;		/* purl type: deb, rpm, apk, pypi, npm, golang,
					   maven, cargo, gem, nuget, composer, conda */
	const char *name;
	const char *version;
	const char *arch;
	const char *source_name;	/* source package; == name if none given */
	const char *source_version;	/* == version if none given */
	const char *purl;
	const char *cataloger;		/* "dpkg" */
	const char *location;		/* database file: "var/lib/dpkg/status" */
	const char *maintainer;
	const char *description;	/* first line */
	const char *license;		/* declared license, if any */
	const char **depends;		/* names of packages depended on, NULL-terminated */
	const struct cu_pkg_hash *hashes;	/* at most one per algorithm */
	size_t nhashes;
	int layer;			/* index of the layer that brought it */
	const char **files;		/* paths owned, without leading '/' */
	size_t nfiles;
	/*
	 * Language packages: the distribution package that installed this one
	 * (its files are in that package's file list), or NULL when it was
	 * installed by pip, npm ... (docs/matching.md "OS-owned packages").
	 */
	const struct cu_pkg *owner;
	const char *found_by;		/* evidence: "python-dist-info", "go-buildinfo" ... */
	bool dev;			/* lockfile: a development-only dependency */
};

/*
 * One part of the accelerator stack an ML image carries (docs/ml-stack.md):
 * CUDA, cuDNN, NCCL, TensorRT and the frameworks built on them.
 */
struct cu_ml_component {
	const char *name;		/* "cuda", "cudnn", "nccl", "tensorrt", "torch", ... */
	const char *version;		/* from the most direct evidence */
	const char **evidence;		/* "deb cuda-cudart-12-1 12.1.105-1", ... */
	size_t nevidence;
};

struct cu_catalog {
	struct cu_arena arena;
	const char *const *labels;	/* image config labels (k, v, ...), set by the scan */
	struct cu_ml_component *ml;	/* the ML stack, set by the ml-stack cataloger */
	size_t nml;
	const char **ml_notes;		/* mismatches worth a look, NULL-terminated */
	struct cu_osinfo os;
	struct cu_pkg **pkgs;
	size_t npkgs, alloc;
	struct cu_map owners;		/* path -> OS package owning it (lazy) */
	bool owners_built;
	/* problems that did not stop cataloging ("status.d/x: no Version") */
	const char **warnings;
	size_t nwarnings, walloc;
};

/* A regular file as a layer delivers it. */
struct cu_file_info {
	struct cu_span path;	/* normalised: "usr/lib/python3/dist-packages/..." */
	uint64_t size;
	uint32_t mode;
	int layer;
};

/*
 * A cataloger. want() is asked for every regular file of every layer and
 * returns CU_WANT_KEEP (keep the content in the view for catalog()) and/or
 * CU_WANT_STREAM (see the content once as it passes, through stream_*: for
 * binaries and archives that must not be held in memory). It must be cheap:
 * it runs for every file of the image.
 *
 * Streamed results must be keyed by path and layer, and catalog() keeps
 * only those whose path still exists in the view with that layer (a later
 * layer may have replaced or deleted the file).
 */
struct cu_cataloger_ops {
	const char *name;
	int (*init)(void **state);
	void (*free)(void *state);
	unsigned (*want)(void *state, const struct cu_file_info *f);
	/* Every completed version of a CU_WANT_KEEP file. Optional. */
	int (*captured)(void *state, const struct cu_file_info *f,
			const struct cu_content *c, struct cu_err *err);
	/* CU_WANT_STREAM: *file = a handle, or NULL to decline the file. */
	int (*stream_begin)(void *state, const struct cu_file_info *f, void **file,
			    struct cu_err *err);
	/* 0 to go on, CU_LAYER_ENOUGH when no more of this file is needed. */
	int (*stream_data)(void *state, void *file, const void *buf, size_t len,
			   struct cu_err *err);
	/* Once per begun file; complete is false when its layer failed. */
	int (*stream_end)(void *state, void *file, bool complete, struct cu_err *err);
	int (*catalog)(void *state, struct cu_catalog *cat,
		       const struct cu_fsview *view, struct cu_err *err);
};

extern const struct cu_cataloger_ops cu_cataloger_osrelease;
extern const struct cu_cataloger_ops cu_cataloger_dpkg;
extern const struct cu_cataloger_ops cu_cataloger_apk;
extern const struct cu_cataloger_ops cu_cataloger_rpm;
extern const struct cu_cataloger_ops cu_cataloger_python;
extern const struct cu_cataloger_ops cu_cataloger_conda;
extern const struct cu_cataloger_ops cu_cataloger_node;
extern const struct cu_cataloger_ops cu_cataloger_node_lock;
extern const struct cu_cataloger_ops cu_cataloger_binary;
extern const struct cu_cataloger_ops cu_cataloger_cargo_lock;
extern const struct cu_cataloger_ops cu_cataloger_java;
extern const struct cu_cataloger_ops cu_cataloger_ruby;
extern const struct cu_cataloger_ops cu_cataloger_php;
extern const struct cu_cataloger_ops cu_cataloger_dotnet;
extern const struct cu_cataloger_ops cu_cataloger_mlstack;

/* A set of catalogers with their per-scan state. */
struct cu_catalogers {
	const struct cu_cataloger_ops *const *ops;
	void **state;
	size_t n;
	/* the file passing now */
	struct cu_file_info file;
	unsigned *want;		/* per cataloger: its CU_WANT_* for this file */
	void **handle;		/* per cataloger: its stream handle, or NULL */
	bool *streaming;	/* per cataloger: still wants data */
};

int cu_catalogers_init(struct cu_catalogers *cs);
void cu_catalogers_release(struct cu_catalogers *cs);
/* The capture policy for cu_fsview_add_layer that serves all catalogers. */
struct cu_capture_policy;
void cu_catalogers_policy(struct cu_catalogers *cs, struct cu_capture_policy *pol);
/* Run every cataloger over the finished view. */
int cu_catalogers_run(struct cu_catalogers *cs, struct cu_catalog *cat,
		      const struct cu_fsview *view, struct cu_err *err);

void cu_catalog_init(struct cu_catalog *cat);
void cu_catalog_release(struct cu_catalog *cat);
struct cu_pkg *cu_catalog_new_pkg(struct cu_catalog *cat);
int cu_catalog_warn(struct cu_catalog *cat, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Sort packages by (type, name, version, arch) for stable output. */
void cu_catalog_sort(struct cu_catalog *cat);

/*
 * The OS package (deb, rpm, apk) whose file list holds path (normalised,
 * no leading '/'), or NULL. The index is built on the first call, so
 * language catalogers (which run after the OS ones) can use it.
 */
const struct cu_pkg *cu_catalog_owner(struct cu_catalog *cat, const char *path);

/*
 * For streamed results: true when path still exists in the view as a
 * regular file last written by layer (not replaced or deleted later).
 */
bool cu_catalog_visible(const struct cu_fsview *view, const char *path, int layer);

/*
 * Record a digest of p's artifact: alg in any common spelling ("sha256",
 * "SHA-256", "sha-256"), hex of that algorithm's length in either case.
 * Unknown algorithms and malformed digests are ignored (0); a second digest
 * of one algorithm is too. Returns 0 or CU_ENOMEM.
 */
int cu_pkg_add_hash(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span alg,
		    struct cu_span hex);
/*
 * Record the digests of a Subresource Integrity value, as npm, yarn, pnpm
 * and NuGet write them: "sha512-<base64>", several separated by spaces
 * (W3C SRI, "integrity metadata"). Options after '?' are ignored.
 */
int cu_pkg_add_sri(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span integrity);
/* p's digest of alg (CycloneDX spelling), or NULL. */
const char *cu_pkg_hash(const struct cu_pkg *p, const char *alg);

/*
 * For catalogers that read each of their files whole from the final view
 * (kept-files.c): the paths of the CU_WANT_KEEP files seen in any layer, at
 * most cap of them.
 */
struct cu_kept_files {
	struct cu_arena arena;
	struct cu_map paths;
};

typedef int (*cu_kept_file_fn)(void *ctx, const struct cu_fsnode *n, const char *path);

void cu_kept_files_init(struct cu_kept_files *k, size_t cap);
void cu_kept_files_release(struct cu_kept_files *k);
/* Remember path (what a captured() hook does): 0 or CU_ENOMEM. */
int cu_kept_files_add(struct cu_kept_files *k, struct cu_span path);
/*
 * Call fn for each remembered path that is still a file with content in
 * view; one cut short at CU_CAP_CAPTURE_FILE is skipped with a warning in
 * cat. Stops at the first non-zero return, *failed naming the path.
 */
int cu_kept_files_each(const struct cu_kept_files *k, struct cu_catalog *cat,
		       const struct cu_fsview *view, cu_kept_file_fn fn, void *ctx,
		       const char **failed);

/* An arena copy of a span, or NULL for an empty one. */
const char *cu_catalog_str(struct cu_catalog *cat, struct cu_span s);

#endif
