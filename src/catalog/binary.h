/*
 * binary.h - the parts of the binary cataloger: binary.c streams ELF files
 * and keeps the bytes that matter, binary-go.c reads the Go build info
 * (debug/buildinfo format), binary-rust.c the cargo-auditable dependency
 * list (".dep-v0" section).
 *
 * A binary's findings are collected in a struct cu_bin_result (strings in
 * the cataloger's arena) and become packages in catalog(), once it is known
 * that the file survived the later layers.
 */
#ifndef CU_BINARY_H
#define CU_BINARY_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "caps.h"
#include "span.h"

/* Longest Go build info string read (toolchain version, module info). */
#define CU_BIN_GO_STRING_MAX	(1 * CU_MiB)
/* Largest inflated cargo-auditable JSON (its PARSING.md suggests 8 MiB). */
#define CU_BIN_RUST_JSON_MAX	(8 * CU_MiB)
/* Packages taken from one binary; the rest are dropped with a warning. */
#define CU_BIN_FILE_PKGS_MAX	20000
/* Problems remembered per binary. */
#define CU_BIN_FILE_WARNINGS	4
/* Longest module path, crate name or version taken from a binary. */
#define CU_BIN_NAME_MAX		1024

struct cu_bin_found {
	struct cu_bin_found *next;
	const char *type;	/* "golang", "cargo" */
	const char *name, *version;
	const char *found_by;	/* "go-buildinfo", "rust-cargo-auditable" */
};

struct cu_bin_result {
	struct cu_arena *arena;
	size_t *budget;		/* packages the cataloger may still hold */
	struct cu_bin_found *first, **last;
	size_t npkgs;
	const char *warnings[CU_BIN_FILE_WARNINGS];
	size_t nwarnings;
	bool dropped;		/* packages were dropped over a cap */
};

void cu_bin_result_init(struct cu_bin_result *r, struct cu_arena *arena, size_t *budget);
/*
 * Record a package. Names or versions that are empty, longer than
 * CU_BIN_NAME_MAX or hold control characters are skipped; past the caps
 * packages are dropped (r->dropped). CU_ENOMEM only when the arena fails.
 */
int cu_bin_add(struct cu_bin_result *r, const char *type, struct cu_span name,
	       struct cu_span version, const char *found_by);
void cu_bin_warn(struct cu_bin_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --- Go ------------------------------------------------------------------ */

#define CU_GO_HEADER	32	/* magic, pointer size, flags, two pointers */

enum cu_go_state {
	CU_GO_SEARCH,		/* looking for the magic */
	CU_GO_COLLECT,		/* reading the blob that follows it */
	CU_GO_DONE,
};

/*
 * The streamed search for the build info blob: "\xff Go buildinf:" at a
 * 16-byte aligned file offset, followed by its 32-byte header and, since Go
 * 1.18, the two strings.
 */
struct cu_go_scan {
	enum cu_go_state state;
	unsigned char carry[CU_GO_HEADER - 1];	/* last bytes searched */
	size_t carry_len;
	uint64_t carry_end;	/* file offset just after the carried bytes */
	struct cu_buf blob;	/* from the magic on */
	uint64_t next;		/* file offset of the next byte blob takes */
	size_t want;		/* bytes blob needs before it can be read */
	bool found;		/* a blob was read: this is a Go binary */
};

void cu_go_scan_init(struct cu_go_scan *g);
void cu_go_scan_release(struct cu_go_scan *g);
/*
 * Search bytes at file offset off of a range that may hold the blob (data
 * of the binary's writable segments). Calls must come in file order; a gap
 * in offsets starts a new range. On a match the state becomes COLLECT.
 */
int cu_go_scan_search(struct cu_go_scan *g, uint64_t off, struct cu_span data);
/*
 * Any bytes of the file at offset off, in order: while collecting, the blob
 * takes what it needs and, once whole, is read into r (state DONE).
 */
int cu_go_scan_collect(struct cu_go_scan *g, uint64_t off, struct cu_span data,
		       struct cu_bin_result *r);
/* The file ended: a blob still incomplete is reported. */
void cu_go_scan_finish(struct cu_go_scan *g, struct cu_bin_result *r);
/* The contents of a whole .go.buildinfo section. true when it was read. */
bool cu_go_read_section(struct cu_span section, struct cu_bin_result *r, int *rc);

/*
 * "go1.21.5" -> "v1.21.5", "go1.21" -> "v1.21.0", "go1.21rc2" ->
 * "v1.21.0-rc.2" (the semver form Go's vulnerability database uses for
 * toolchain tags), appended to out. Text after a space ("go1.22.1
 * X:boringcrypto") is ignored. false for anything else ("devel ...").
 */
bool cu_go_stdlib_version(struct cu_span go_version, struct cu_buf *out);

/*
 * The main module's version a build's -ldflags setting stamps (the value
 * of "build -ldflags=...", quoted or not; binary-go-ldflags.c), as a Go
 * module version into out ("v1.4.2"). False when it stamps none.
 */
bool cu_go_ldflags_version(struct cu_span setting, struct cu_span main_path, struct cu_buf *out);

/* --- Rust ---------------------------------------------------------------- */

/* The zlib-compressed JSON of a .dep-v0 section. */
int cu_rust_read_audit(struct cu_span compressed, struct cu_bin_result *r);

#endif
