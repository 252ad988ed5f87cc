/*
 * digest.c - OCI content digests over OpenSSL EVP.
 */
#include <limits.h>

#include <openssl/evp.h>

#include "common.h"
#include "digest.h"

struct cu_hasher {
	EVP_MD_CTX *ctx;
	const char *alg;
};

static const EVP_MD *md_for(struct cu_span alg, const char **name, size_t *hexlen)
{
	if (cu_span_eq_str(alg, "sha256")) {
		*name = "sha256";
		*hexlen = 64;
		return EVP_sha256();
	}
	if (cu_span_eq_str(alg, "sha512")) {
		*name = "sha512";
		*hexlen = 128;
		return EVP_sha512();
	}
	return NULL;
}

bool cu_digest_valid(struct cu_span s)
{
	struct cu_span alg;
	const char *name;
	size_t hexlen;

	if (!cu_span_split(&s, ':', &alg) || !md_for(alg, &name, &hexlen))
		return false;
	if (s.len != hexlen)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

static struct cu_hasher *hasher_new(const EVP_MD *md, const char *name)
{
	struct cu_hasher *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	h->alg = name;
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, md, NULL) != 1) {
		cu_hasher_free(h);
		return NULL;
	}
	return h;
}

struct cu_hasher *cu_hasher_for(struct cu_span digest)
{
	struct cu_span alg;
	const EVP_MD *md;
	const char *name;
	size_t hexlen;

	if (!cu_span_split(&digest, ':', &alg))
		return NULL;
	md = md_for(alg, &name, &hexlen);
	return md ? hasher_new(md, name) : NULL;
}

struct cu_hasher *cu_hasher_sha256(void)
{
	return hasher_new(EVP_sha256(), "sha256");
}

int cu_hasher_update(struct cu_hasher *h, const void *data, size_t len)
{
	return EVP_DigestUpdate(h->ctx, data, len) == 1 ? 0 : CU_ENOMEM;
}

int cu_hasher_final(struct cu_hasher *h, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t pos;
	int rc = 0;

	if (EVP_DigestFinal_ex(h->ctx, md, &n) != 1) {
		rc = CU_ENOMEM;
		goto out;
	}
	pos = (size_t)snprintf(out, outlen, "%s:", h->alg);
	if (pos + 2 * n + 1 > outlen) {
		rc = CU_ETOOBIG;
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		snprintf(out + pos + 2 * i, 3, "%02x", md[i]);
out:
	cu_hasher_free(h);
	return rc;
}

void cu_hasher_free(struct cu_hasher *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

int cu_sha256_digest(const void *data, size_t len, char *out, size_t outlen)
{
	struct cu_hasher *h = cu_hasher_sha256();

	if (!h)
		return CU_ENOMEM;
	if (cu_hasher_update(h, data, len)) {
		cu_hasher_free(h);
		return CU_ENOMEM;
	}
	return cu_hasher_final(h, out, outlen);
}

int cu_sha1_hex(const void *data, size_t len, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (outlen < 41)
		return CU_ETOOBIG;
	if (EVP_Digest(data, len, md, &n, EVP_sha1(), NULL) != 1 || n != 20)
		return CU_ENOMEM;
	for (unsigned i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

bool cu_base64_decode(struct cu_span in, unsigned char *out, size_t outlen, size_t *n)
{
	size_t pad = 0;
	int got;

	/* EVP_DecodeBlock takes whole quanta and counts padding as zero bytes */
	if (in.len == 0 || in.len % 4 || in.len > INT_MAX || in.len / 4 * 3 > outlen)
		return false;
	while (pad < 2 && in.ptr[in.len - 1 - pad] == '=')
		pad++;
	for (size_t i = 0; i < in.len - pad; i++)
		if (in.ptr[i] == '=')
			return false;
	got = EVP_DecodeBlock(out, (const unsigned char *)in.ptr, (int)in.len);
	if (got < 0 || (size_t)got != in.len / 4 * 3)
		return false;
	*n = (size_t)got - pad;
	return true;
}

const char *cu_digest_hex(const char *digest)
{
	const char *colon = strchr(digest, ':');

	return colon ? colon + 1 : digest;
}
