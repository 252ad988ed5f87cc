/*
 * pkghash.c - digests of the artifacts packages were installed from.
 *
 * Ecosystems spell them differently: hex with a separate algorithm field
 * (Cargo.lock "checksum", conda-meta "md5" / "sha256", Composer "shasum")
 * or Subresource Integrity strings "sha512-<base64>" (npm, yarn, pnpm,
 * .NET deps.json; W3C SRI section 3.1). Both end up as lowercase hex under
 * the CycloneDX algorithm name, which the SBOM writers map to their own.
 */
#include <ctype.h>

#include "catalog.h"
#include "common.h"
#include "digest.h"

struct alg {
	const char *name;	/* CycloneDX hash-alg */
	const char *spellings;	/* lowercase, NUL-separated, ending "\0" */
	size_t bytes;
};

static const struct alg algs[] = {
	{ "MD5", "md5\0", 16 },
	{ "SHA-1", "sha1\0sha-1\0", 20 },
	{ "SHA-256", "sha256\0sha-256\0", 32 },
	{ "SHA-384", "sha384\0sha-384\0", 48 },
	{ "SHA-512", "sha512\0sha-512\0", 64 },
};

static const struct alg *find_alg(struct cu_span name)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(algs); i++)
		for (const char *s = algs[i].spellings; *s; s += strlen(s) + 1)
			if (cu_span_eq_icase_str(name, s))
				return &algs[i];
	return NULL;
}

const char *cu_pkg_hash(const struct cu_pkg *p, const char *alg)
{
	for (size_t i = 0; i < p->nhashes; i++)
		if (!strcmp(p->hashes[i].alg, alg))
			return p->hashes[i].hex;
	return NULL;
}

static int add(struct cu_catalog *cat, struct cu_pkg *p, const struct alg *a,
	       const char *hex)
{
	struct cu_pkg_hash *h;

	if (cu_pkg_hash(p, a->name))
		return 0;
	h = cu_arena_calloc(&cat->arena, p->nhashes + 1, sizeof(*h));
	if (!h)
		return CU_ENOMEM;
	if (p->nhashes)
		memcpy(h, p->hashes, p->nhashes * sizeof(*h));
	h[p->nhashes].alg = a->name;
	h[p->nhashes].hex = hex;
	p->hashes = h;
	p->nhashes++;
	return 0;
}

int cu_pkg_add_hash(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span alg,
		    struct cu_span hex)
{
	const struct alg *a = find_alg(alg);
	char *lower;

	if (!a || hex.len != 2 * a->bytes)
		return 0;
	for (size_t i = 0; i < hex.len; i++)
		if (!isxdigit((unsigned char)hex.ptr[i]))
			return 0;
	lower = cu_arena_spandup(&cat->arena, hex);
	if (!lower)
		return CU_ENOMEM;
	for (size_t i = 0; i < hex.len; i++)
		lower[i] = (char)tolower((unsigned char)lower[i]);
	return add(cat, p, a, lower);
}

/* One "alg-base64[?options]" token. */
static int add_sri_token(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span tok)
{
	unsigned char raw[96];	/* SHA-512 and its padding bytes */
	struct cu_span alg;
	const struct alg *a;
	ptrdiff_t q = cu_span_find(tok, '?');
	char *hex;
	size_t n;

	if (q >= 0)
		tok.len = (size_t)q;
	if (!cu_span_split(&tok, '-', &alg) || !(a = find_alg(alg)))
		return 0;
	if (!cu_base64_decode(tok, raw, sizeof(raw), &n) || n != a->bytes)
		return 0;
	hex = cu_arena_alloc(&cat->arena, 2 * n + 1);
	if (!hex)
		return CU_ENOMEM;
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	return add(cat, p, a, hex);
}

int cu_pkg_add_sri(struct cu_catalog *cat, struct cu_pkg *p, struct cu_span integrity)
{
	struct cu_span tok;
	int rc = 0;

	integrity = cu_span_trim(integrity);
	while (!rc && integrity.len) {
		cu_span_split(&integrity, ' ', &tok);
		if (tok.len)
			rc = add_sri_token(cat, p, cu_span_trim(tok));
		integrity = cu_span_trim(integrity);
	}
	return rc;
}
