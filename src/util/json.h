/*
 * json.h - small helpers over jansson for documents we did not write.
 *
 * Getters never fail on a wrong type: they return NULL/0 so callers check
 * presence and type in one step.
 */
#ifndef CU_JSON_H
#define CU_JSON_H

#include <jansson.h>

#include "err.h"
#include "span.h"

/* Parse data as one JSON document; on failure err says where and why. */
int cu_json_parse(struct cu_span data, const char *what, json_t **out,
		  struct cu_err *err);

/* The string member key of obj, or NULL when absent or not a string. */
const char *cu_json_str(const json_t *obj, const char *key);
/* Like cu_json_str with its length (strings may contain NUL). */
struct cu_span cu_json_span(const json_t *obj, const char *key);
/* The array/object member key, or NULL. */
json_t *cu_json_array(const json_t *obj, const char *key);
json_t *cu_json_object(const json_t *obj, const char *key);
/* Integer member (non-negative), or -1. */
long long cu_json_uint(const json_t *obj, const char *key);

/*
 * Visit the members of a top-level JSON object one at a time without
 * building the whole document: the scanner only finds where each member's
 * value starts and ends (strings, escapes and nesting respected); fn gets the
 * decoded key and the raw value, which it parses itself. Lets a 100 MB feed
 * be read with memory bounded by its largest member. Returns the first
 * non-zero value of fn, or CU_EFORMAT (message in err) for malformed input.
 */
int cu_json_each_member(struct cu_span data, const char *what,
			int (*fn)(void *ctx, const char *key, struct cu_span value),
			void *ctx, struct cu_err *err);

/*
 * The same for the elements of a JSON array given raw (a member's value as
 * cu_json_each_member hands it over): fn gets each element's index and raw
 * bytes.
 */
int cu_json_each_element(struct cu_span data, const char *what,
			 int (*fn)(void *ctx, size_t index, struct cu_span value),
			 void *ctx, struct cu_err *err);

#endif
