/*
 * json.c - jansson helpers.
 */
#include "common.h"
#include "json.h"

int cu_json_parse(struct cu_span data, const char *what, json_t **out,
		  struct cu_err *err)
{
	json_error_t je;
	json_t *j = json_loadb(data.ptr ? data.ptr : "", data.len,
			       JSON_REJECT_DUPLICATES, &je);

	if (!j)
		return cu_seterr(err, CU_EFORMAT, "%s is not valid JSON (line %d: %s)",
				 what, je.line, je.text);
	*out = j;
	return 0;
}

const char *cu_json_str(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

struct cu_span cu_json_span(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (!json_is_string(v))
		return CU_SPAN_NULL;
	return cu_span_make(json_string_value(v), json_string_length(v));
}

json_t *cu_json_array(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_array(v) ? v : NULL;
}

json_t *cu_json_object(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_object(v) ? v : NULL;
}

long long cu_json_uint(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	return json_integer_value(v);
}
