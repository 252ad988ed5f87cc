/*
 * decompress.c - gzip/zstd/none layer streams with digests, optionally with
 * the producer side (read, blob digest, inflate) on its own thread.
 */
#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <zstd.h>

#include "common.h"
#include "decompress.h"
#include "digest.h"

#define IN_SIZE (1024 * 1024)
#define OUT_SIZE (1024 * 1024)
#define NSLOTS 4

struct slot {
	unsigned char *data;
	size_t len;
};

struct cu_decomp {
	struct cu_reader *src;
	enum cu_compression kind;
	char blob_digest[CU_DIGEST_MAX];
	char diff_id[CU_DIGEST_MAX];
	struct cu_hasher *blob_hash;
	struct cu_hasher *diff_hash;

	/* input side */
	unsigned char *in;
	size_t in_len, in_pos;
	int in_eof;
	uint64_t in_total;

	/* decoders */
	struct inflate_state *gz;
	int gz_done;		/* current member finished */
	ZSTD_DStream *zs;
	size_t zs_last;		/* last ZSTD_decompressStream result */
	uint64_t out_total;

	/* pipeline */
	int threaded;
	pthread_t thread;
	int thread_started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct slot slots[NSLOTS];
	size_t head, tail;	/* tail: next to produce; head: next to consume */
	int producer_done;	/* no more slots will come */
	int producer_rc;
	struct cu_err producer_err;
	int stop;		/* consumer asks the producer to quit */
	int have_current;	/* the consumer holds slot head */
	int finished;
};

/* --- input --------------------------------------------------------------- */

static int fill_input(struct cu_decomp *d, struct cu_err *err)
{
	size_t got = 0;
	int rc;

	if (d->in_pos < d->in_len || d->in_eof)
		return 0;
	rc = cu_reader_read(d->src, d->in, IN_SIZE, &got, err);
	if (rc)
		return rc;
	d->in_pos = 0;
	d->in_len = got;
	if (!got) {
		d->in_eof = 1;
		return 0;
	}
	d->in_total += got;
	if (d->blob_hash)
		return cu_hasher_update(d->blob_hash, d->in, got);
	return 0;
}

static void sniff(struct cu_decomp *d)
{
	const unsigned char *p = d->in + d->in_pos;
	size_t n = d->in_len - d->in_pos;

	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		d->kind = CU_COMP_GZIP;
	else if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		d->kind = CU_COMP_ZSTD;
	else
		d->kind = CU_COMP_NONE;
}

/* --- decoders: each fills out with up to cap bytes; *got 0 means done ----- */

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* After a gzip member ends: another member, zero padding, or garbage. */
static int gzip_next_member(struct cu_decomp *d, struct cu_err *err)
{
	int rc;

	for (;;) {
		rc = fill_input(d, err);
		if (rc)
			return rc;
		if (d->in_eof)
			return 1;	/* clean end */
		if (d->in[d->in_pos] == 0x1f) {
			isal_inflate_reset(d->gz);
			d->gz->crc_flag = ISAL_GZIP;
			d->gz_done = 0;
			return 0;
		}
		if (!all_zero(d->in + d->in_pos, d->in_len - d->in_pos))
			return cu_seterr(err, CU_EFORMAT, "trailing garbage after gzip stream");
		d->in_pos = d->in_len;
	}
}

static int gzip_decode(struct cu_decomp *d, unsigned char *out, size_t cap,
		       size_t *got, struct cu_err *err)
{
	int rc;

	*got = 0;
	while (*got < cap) {
		if (d->gz_done) {
			rc = gzip_next_member(d, err);
			if (rc == 1)
				return 0;
			if (rc)
				return rc;
		}
		rc = fill_input(d, err);
		if (rc)
			return rc;
		if (d->in_eof)
			return cu_seterr(err, CU_EFORMAT, "unexpected end of gzip stream");
		d->gz->next_in = d->in + d->in_pos;
		d->gz->avail_in = (uint32_t)(d->in_len - d->in_pos);
		d->gz->next_out = out + *got;
		d->gz->avail_out = (uint32_t)(cap - *got);
		rc = isal_inflate(d->gz);
		if (rc != ISAL_DECOMP_OK)
			return cu_seterr(err, CU_EFORMAT, "corrupt gzip stream (%s)",
					 rc == ISAL_INCORRECT_CHECKSUM ? "checksum mismatch" :
					 rc == ISAL_INVALID_WRAPPER ? "bad header" : "invalid data");
		*got = (size_t)(d->gz->next_out - out);
		d->in_pos = d->in_len - d->gz->avail_in;
		if (d->gz->block_state == ISAL_BLOCK_FINISH)
			d->gz_done = 1;
	}
	return 0;
}

static int zstd_decode(struct cu_decomp *d, unsigned char *out, size_t cap,
		       size_t *got, struct cu_err *err)
{
	ZSTD_outBuffer ob = { out, cap, 0 };
	int rc;

	while (ob.pos < ob.size) {
		ZSTD_inBuffer ib;
		size_t r;

		rc = fill_input(d, err);
		if (rc)
			return rc;
		if (d->in_eof) {
			if (d->zs_last != 0)
				return cu_seterr(err, CU_EFORMAT, "unexpected end of zstd stream");
			break;
		}
		ib.src = d->in + d->in_pos;
		ib.size = d->in_len - d->in_pos;
		ib.pos = 0;
		r = ZSTD_decompressStream(d->zs, &ob, &ib);
		if (ZSTD_isError(r))
			return cu_seterr(err, CU_EFORMAT, "corrupt zstd stream (%s)",
					 ZSTD_getErrorName(r));
		d->zs_last = r;
		d->in_pos += ib.pos;
	}
	*got = ob.pos;
	return 0;
}

static int none_decode(struct cu_decomp *d, unsigned char *out, size_t cap,
		       size_t *got, struct cu_err *err)
{
	int rc;

	*got = 0;
	while (*got < cap) {
		size_t n;

		rc = fill_input(d, err);
		if (rc)
			return rc;
		if (d->in_eof)
			break;
		n = d->in_len - d->in_pos;
		if (n > cap - *got)
			n = cap - *got;
		memcpy(out + *got, d->in + d->in_pos, n);
		d->in_pos += n;
		*got += n;
	}
	return 0;
}

static int decode(struct cu_decomp *d, unsigned char *out, size_t cap,
		  size_t *got, struct cu_err *err)
{
	int rc;

	if (d->kind == CU_COMP_UNKNOWN) {
		rc = fill_input(d, err);
		if (rc)
			return rc;
		sniff(d);
		if (d->kind == CU_COMP_GZIP) {
			d->gz = calloc(1, sizeof(*d->gz));
			if (!d->gz)
				return CU_ENOMEM;
			isal_inflate_init(d->gz);
			d->gz->crc_flag = ISAL_GZIP;
		} else if (d->kind == CU_COMP_ZSTD) {
			d->zs = ZSTD_createDStream();
			if (!d->zs)
				return CU_ENOMEM;
			ZSTD_DCtx_setParameter(d->zs, ZSTD_d_windowLogMax, 27);
		}
	}
	switch (d->kind) {
	case CU_COMP_GZIP: rc = gzip_decode(d, out, cap, got, err); break;
	case CU_COMP_ZSTD: rc = zstd_decode(d, out, cap, got, err); break;
	default: rc = none_decode(d, out, cap, got, err); break;
	}
	if (rc)
		return rc;
	d->out_total += *got;
	if (d->out_total > CU_CAP_LAYER_BYTES)
		return cu_seterr(err, CU_ETOOBIG, "layer expands to more than %llu bytes",
				 (unsigned long long)CU_CAP_LAYER_BYTES);
	return 0;
}

/* --- digests at the end -------------------------------------------------- */

static int check_digest(struct cu_hasher **h, const char *want, const char *what,
			struct cu_err *err)
{
	char got[CU_DIGEST_MAX];
	int rc;

	if (!*h)
		return 0;
	rc = cu_hasher_final(*h, got, sizeof(got));
	*h = NULL;
	if (rc)
		return rc;
	if (strcmp(got, want) != 0)
		return cu_seterr(err, CU_EDIGEST, "%s mismatch: expected %s, got %s",
				 what, want, got);
	return 0;
}

/* --- producer thread ----------------------------------------------------- */

static void *producer(void *arg)
{
	struct cu_decomp *d = arg;
	int rc = 0;

	for (;;) {
		struct slot *s;
		size_t got = 0;

		pthread_mutex_lock(&d->lock);
		while (!d->stop && d->tail - d->head >= NSLOTS)
			pthread_cond_wait(&d->cond, &d->lock);
		if (d->stop) {
			pthread_mutex_unlock(&d->lock);
			break;
		}
		s = &d->slots[d->tail % NSLOTS];
		pthread_mutex_unlock(&d->lock);

		rc = decode(d, s->data, OUT_SIZE, &got, &d->producer_err);
		pthread_mutex_lock(&d->lock);
		if (rc || !got) {
			d->producer_rc = rc;
			d->producer_done = 1;
			pthread_cond_broadcast(&d->cond);
			pthread_mutex_unlock(&d->lock);
			break;
		}
		s->len = got;
		d->tail++;
		pthread_cond_broadcast(&d->cond);
		pthread_mutex_unlock(&d->lock);
	}
	return NULL;
}

static int threaded_read(struct cu_decomp *d, const void **buf, size_t *len,
			 struct cu_err *err)
{
	struct slot *s;
	int rc = 0;

	pthread_mutex_lock(&d->lock);
	if (d->have_current) {
		d->head++;
		d->have_current = 0;
		pthread_cond_broadcast(&d->cond);
	}
	while (d->head == d->tail && !d->producer_done)
		pthread_cond_wait(&d->cond, &d->lock);
	if (d->head == d->tail) {
		rc = d->producer_rc;
		if (rc && err) {
			memcpy(err->msg, d->producer_err.msg, sizeof(err->msg));
			err->code = rc;
		}
		*len = 0;
	} else {
		s = &d->slots[d->head % NSLOTS];
		*buf = s->data;
		*len = s->len;
		d->have_current = 1;
	}
	pthread_mutex_unlock(&d->lock);
	return rc;
}

/* --- public -------------------------------------------------------------- */

int cu_decomp_new(struct cu_reader *src, const char *blob_digest,
		  const char *diff_id, unsigned flags, struct cu_decomp **out,
		  struct cu_err *err)
{
	struct cu_decomp *d = calloc(1, sizeof(*d));
	int rc = CU_ENOMEM;

	if (!d) {
		cu_reader_close(src);
		return CU_ENOMEM;
	}
	d->src = src;
	d->in = malloc(IN_SIZE);
	if (!d->in)
		goto fail;
	if (blob_digest && *blob_digest) {
		snprintf(d->blob_digest, sizeof(d->blob_digest), "%s", blob_digest);
		d->blob_hash = cu_hasher_for(cu_span_str(blob_digest));
		if (!d->blob_hash)
			goto fail;
	}
	if (diff_id && *diff_id) {
		snprintf(d->diff_id, sizeof(d->diff_id), "%s", diff_id);
		d->diff_hash = cu_hasher_for(cu_span_str(diff_id));
		if (!d->diff_hash)
			goto fail;
	}
	d->threaded = !!(flags & CU_DECOMP_THREADED);
	for (int i = 0; i < (d->threaded ? NSLOTS : 1); i++) {
		d->slots[i].data = malloc(OUT_SIZE);
		if (!d->slots[i].data)
			goto fail;
	}
	if (d->threaded) {
		pthread_mutex_init(&d->lock, NULL);
		pthread_cond_init(&d->cond, NULL);
		if (pthread_create(&d->thread, NULL, producer, d) != 0) {
			rc = cu_seterr(err, CU_ENOMEM, "cannot start decompression thread");
			pthread_mutex_destroy(&d->lock);
			pthread_cond_destroy(&d->cond);
			d->threaded = 0;
			goto fail;
		}
		d->thread_started = 1;
	}
	*out = d;
	return 0;
fail:
	cu_decomp_free(d);
	return rc;
}

int cu_decomp_read(struct cu_decomp *d, const void **buf, size_t *len,
		   struct cu_err *err)
{
	int rc;

	*len = 0;
	if (d->finished)
		return 0;
	if (d->threaded) {
		rc = threaded_read(d, buf, len, err);
	} else {
		rc = decode(d, d->slots[0].data, OUT_SIZE, len, err);
		*buf = d->slots[0].data;
	}
	if (rc)
		return rc;
	if (*len) {
		if (d->diff_hash)
			return cu_hasher_update(d->diff_hash, *buf, *len);
		return 0;
	}
	d->finished = 1;
	rc = check_digest(&d->blob_hash, d->blob_digest, "layer digest", err);
	if (!rc)
		rc = check_digest(&d->diff_hash, d->diff_id, "layer diff_id", err);
	return rc;
}

enum cu_compression cu_decomp_kind(const struct cu_decomp *d)
{
	return d->kind;
}

uint64_t cu_decomp_in_bytes(const struct cu_decomp *d)
{
	return d->in_total;
}

uint64_t cu_decomp_out_bytes(const struct cu_decomp *d)
{
	return d->out_total;
}

void cu_decomp_free(struct cu_decomp *d)
{
	if (!d)
		return;
	if (d->thread_started) {
		pthread_mutex_lock(&d->lock);
		d->stop = 1;
		pthread_cond_broadcast(&d->cond);
		pthread_mutex_unlock(&d->lock);
		pthread_join(d->thread, NULL);
		pthread_mutex_destroy(&d->lock);
		pthread_cond_destroy(&d->cond);
	}
	for (int i = 0; i < NSLOTS; i++)
		free(d->slots[i].data);
	if (d->gz)
		free(d->gz);
	if (d->zs)
		ZSTD_freeDStream(d->zs);
	cu_hasher_free(d->blob_hash);
	cu_hasher_free(d->diff_hash);
	cu_reader_close(d->src);
	free(d->in);
	free(d);
}
