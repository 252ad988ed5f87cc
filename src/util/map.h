/*
 * map.h - a hash map from byte-string keys to pointers.
 *
 * Open addressing with linear probing and backward-shift deletion. The map
 * does not own its keys: they must stay valid while they are in the map
 * (usually they live in the same arena as the values).
 */
#ifndef CU_MAP_H
#define CU_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "span.h"

struct cu_map_slot {
	struct cu_span key;
	uint64_t hash;
	void *value;	/* NULL marks an empty slot */
};

struct cu_map {
	struct cu_map_slot *slots;
	size_t nslots;	/* a power of two, or 0 */
	size_t count;
	size_t cap;	/* most entries allowed; 0 means no cap */
};

void cu_map_init(struct cu_map *m, size_t cap);
void cu_map_release(struct cu_map *m);

void *cu_map_get(const struct cu_map *m, struct cu_span key);
void *cu_map_get_str(const struct cu_map *m, const char *key);

/* Insert or replace; value must not be NULL. CU_ETOOBIG past the cap. */
int cu_map_put(struct cu_map *m, struct cu_span key, void *value);

/* Remove key; returns its value or NULL when absent. */
void *cu_map_del(struct cu_map *m, struct cu_span key);

/* Iterate: for (size_t i = 0; cu_map_next(m, &i, &k, &v);) */
int cu_map_next(const struct cu_map *m, size_t *iter, struct cu_span *key,
		void **value);

#endif
