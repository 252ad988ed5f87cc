/*
 * digest.h - content digests in the OCI form "algorithm:hex".
 *
 * Only sha256 and sha512 are accepted (OCI image-spec, descriptor.md
 * "Registered algorithms"); the hex part must be lowercase and of the
 * algorithm's length. Hashing uses OpenSSL's libcrypto.
 */
#ifndef CU_DIGEST_H
#define CU_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

/* "sha512:" + 128 hex digits + NUL, rounded up */
#define CU_DIGEST_MAX 136

struct cu_hasher;

/* Is s a well-formed digest? */
bool cu_digest_valid(struct cu_span s);

/* Start hashing with the algorithm of digest s ("sha256:..."), or NULL. */
struct cu_hasher *cu_hasher_for(struct cu_span digest);
struct cu_hasher *cu_hasher_sha256(void);
int cu_hasher_update(struct cu_hasher *h, const void *data, size_t len);
/* Finish, writing "alg:hex" into out (at least 136 bytes); frees h. */
int cu_hasher_final(struct cu_hasher *h, char *out, size_t outlen);
void cu_hasher_free(struct cu_hasher *h);

/* One-shot sha256 of data as "sha256:hex". */
int cu_sha256_digest(const void *data, size_t len, char *out, size_t outlen);

/* One-shot SHA-1 of data as 40 lowercase hex digits (out: at least 41 bytes). */
int cu_sha1_hex(const void *data, size_t len, char *out, size_t outlen);

/*
 * Decode standard base64 (RFC 4648 section 4, padded) into out; *n is the
 * decoded length. False for bad characters, bad padding or when out is too
 * small.
 */
bool cu_base64_decode(struct cu_span in, unsigned char *out, size_t outlen, size_t *n);

/* Hex part of a digest ("ab12..." of "sha256:ab12..."). */
const char *cu_digest_hex(const char *digest);

#endif
