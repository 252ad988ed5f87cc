/*
 * binary-rust.c - the dependency list cargo-auditable embeds in Rust
 * executables (rust-secure-code/cargo-auditable, PARSING.md and
 * cargo-auditable.schema.json): a zlib stream in the ELF section ".dep-v0"
 * holding
 *
 *   {"packages": [{"name": "serde", "version": "1.0.190",
 *                  "source": "crates.io", "kind": "runtime",
 *                  "dependencies": [1, 2], "root": true}, ...]}
 *
 * Every package but the root (the binary's own crate) and "local" ones
 * (other crates of its workspace, not published anywhere) is reported as a
 * cargo package; build-time dependencies ("kind": "build") are kept, as
 * cargo audit does. The inflated JSON is capped at CU_BIN_RUST_JSON_MAX.
 */
#include <zlib.h>

#include "binary.h"
#include "common.h"
#include "json.h"

#define FOUND_BY "rust-cargo-auditable"

/* 1 inflated whole, 0 not (a warning says why), or CU_ENOMEM. */
static int inflate_capped(struct cu_span in, struct cu_buf *out, struct cu_bin_result *r)
{
	unsigned char chunk[16384];
	z_stream z = { 0 };
	int zrc, rc = 1;

	if (inflateInit(&z) != Z_OK)
		return CU_ENOMEM;
	z.next_in = (Bytef *)in.ptr;
	z.avail_in = (uInt)in.len;	/* in.len checked by the caller */
	do {
		size_t produced;

		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		zrc = inflate(&z, Z_NO_FLUSH);
		produced = sizeof(chunk) - z.avail_out;
		if (out->len + produced > CU_BIN_RUST_JSON_MAX) {
			cu_bin_warn(r, "cargo-auditable data inflates to more than %llu bytes",
				    (unsigned long long)CU_BIN_RUST_JSON_MAX);
			rc = 0;
			goto out;
		}
		if (cu_buf_add(out, chunk, produced)) {
			rc = CU_ENOMEM;
			goto out;
		}
	} while (zrc == Z_OK);
	if (zrc != Z_STREAM_END) {
		cu_bin_warn(r, "cargo-auditable data is not a whole zlib stream");
		rc = 0;
	}
out:
	inflateEnd(&z);
	return rc;
}

static int add_package(const json_t *pkg, struct cu_bin_result *r)
{
	const char *source = cu_json_str(pkg, "source");

	if (json_is_true(json_object_get(pkg, "root")))
		return 0;
	if (source && strcmp(source, "local") == 0)
		return 0;
	return cu_bin_add(r, "cargo", cu_json_span(pkg, "name"), cu_json_span(pkg, "version"),
			  FOUND_BY);
}

int cu_rust_read_audit(struct cu_span compressed, struct cu_bin_result *r)
{
	struct cu_buf text = CU_BUF_INIT;
	struct cu_err err = { 0 };
	json_t *doc = NULL, *pkgs, *pkg;
	size_t i;
	int rc = 0;

	cu_buf_init(&text, CU_BIN_RUST_JSON_MAX);
	if (compressed.len > UINT32_MAX) {
		cu_bin_warn(r, "cargo-auditable data too big");
		goto out;
	}
	rc = inflate_capped(compressed, &text, r);
	if (rc <= 0)
		goto out;
	rc = 0;
	if (cu_json_parse(cu_buf_span(&text), "cargo-auditable data", &doc, &err)) {
		cu_bin_warn(r, "%s", cu_err_message(&err));
		goto out;
	}
	pkgs = cu_json_array(doc, "packages");
	if (!pkgs) {
		cu_bin_warn(r, "cargo-auditable data without a package list");
		goto out;
	}
	json_array_foreach(pkgs, i, pkg) {
		rc = add_package(pkg, r);
		if (rc)
			break;
	}
out:
	json_decref(doc);
	cu_buf_release(&text);
	return rc;
}
