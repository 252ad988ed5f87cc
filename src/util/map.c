/*
 * map.c - open-addressing hash map over spans.
 */
#include <stdlib.h>

#include "err.h"
#include "map.h"
#include "mem.h"

void cu_map_init(struct cu_map *m, size_t cap)
{
	m->slots = NULL;
	m->nslots = 0;
	m->count = 0;
	m->cap = cap;
}

void cu_map_release(struct cu_map *m)
{
	free(m->slots);
	cu_map_init(m, m->cap);
}

static size_t find_slot(const struct cu_map *m, struct cu_span key,
			uint64_t hash)
{
	size_t mask = m->nslots - 1;
	size_t i = hash & mask;

	while (m->slots[i].value) {
		if (m->slots[i].hash == hash && cu_span_eq(m->slots[i].key, key))
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

void *cu_map_get(const struct cu_map *m, struct cu_span key)
{
	uint64_t hash;

	if (!m->count)
		return NULL;
	hash = cu_span_hash(key);
	return m->slots[find_slot(m, key, hash)].value;
}

void *cu_map_get_str(const struct cu_map *m, const char *key)
{
	return cu_map_get(m, cu_span_str(key));
}

static int rehash(struct cu_map *m, size_t nslots)
{
	struct cu_map_slot *old = m->slots;
	size_t oldn = m->nslots;

	m->slots = cu_calloc(nslots, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return CU_ENOMEM;
	}
	m->nslots = nslots;
	for (size_t i = 0; i < oldn; i++) {
		if (!old[i].value)
			continue;
		m->slots[find_slot(m, old[i].key, old[i].hash)] = old[i];
	}
	free(old);
	return 0;
}

int cu_map_put(struct cu_map *m, struct cu_span key, void *value)
{
	uint64_t hash = cu_span_hash(key);
	size_t i;
	int rc;

	if (m->nslots == 0 || (m->count + 1) * 4 > m->nslots * 3) {
		size_t n = m->nslots ? m->nslots : 8;

		if (!cu_mul(n, 2, &n))
			return CU_ENOMEM;
		rc = rehash(m, n);
		if (rc)
			return rc;
	}
	i = find_slot(m, key, hash);
	if (!m->slots[i].value) {
		if (m->cap && m->count >= m->cap)
			return CU_ETOOBIG;
		m->count++;
	}
	m->slots[i].key = key;
	m->slots[i].hash = hash;
	m->slots[i].value = value;
	return 0;
}

void *cu_map_del(struct cu_map *m, struct cu_span key)
{
	size_t mask, i, j;
	void *value;

	if (!m->count)
		return NULL;
	mask = m->nslots - 1;
	i = find_slot(m, key, cu_span_hash(key));
	value = m->slots[i].value;
	if (!value)
		return NULL;
	m->slots[i].value = NULL;
	m->count--;
	/* shift later members of the probe run back so lookups still find them */
	for (j = (i + 1) & mask; m->slots[j].value; j = (j + 1) & mask) {
		size_t home = m->slots[j].hash & mask;

		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			m->slots[j].value = NULL;
			i = j;
		}
	}
	return value;
}

int cu_map_next(const struct cu_map *m, size_t *iter, struct cu_span *key,
		void **value)
{
	while (*iter < m->nslots) {
		struct cu_map_slot *s = &m->slots[(*iter)++];

		if (s->value) {
			if (key)
				*key = s->key;
			if (value)
				*value = s->value;
			return 1;
		}
	}
	return 0;
}
