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

/* --- streaming over a top-level object ----------------------------------- */

static size_t skip_ws(struct cu_span s, size_t i)
{
	while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '\t' ||
			     s.ptr[i] == '\n' || s.ptr[i] == '\r'))
		i++;
	return i;
}

/* i at the opening quote; returns the index after the closing quote or 0. */
static size_t skip_string(struct cu_span s, size_t i)
{
	for (i++; i < s.len; i++) {
		if (s.ptr[i] == '\\')
			i++;
		else if (s.ptr[i] == '"')
			return i + 1;
	}
	return 0;
}

/* i at the start of a value; returns the index just after it or 0. */
static size_t skip_value(struct cu_span s, size_t i)
{
	int depth = 0;

	while (i < s.len) {
		char c = s.ptr[i];

		if (c == '"') {
			i = skip_string(s, i);
			if (!i)
				return 0;
			if (!depth)
				return i;
			continue;
		}
		if (c == '{' || c == '[') {
			if (++depth > 512)
				return 0;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return i;	/* closes the enclosing object */
			--depth;
			if (!depth)
				return i + 1;
		} else if (!depth && (c == ',' || c == ' ' || c == '\n' || c == '}' ||
				      c == ']' || c == '\r' || c == '\t')) {
			return i;	/* end of a bare literal */
		}
		i++;
	}
	return depth ? 0 : i;
}

static int member_error(struct cu_err *err, const char *what, size_t at)
{
	return cu_seterr(err, CU_EFORMAT, "%s is not valid JSON (near byte %zu)",
			 what, at);
}

int cu_json_each_member(struct cu_span data, const char *what,
			int (*fn)(void *ctx, const char *key, struct cu_span value),
			void *ctx, struct cu_err *err)
{
	size_t i = skip_ws(data, 0), kend, vend;
	int rc;

	if (i >= data.len || data.ptr[i] != '{')
		return cu_seterr(err, CU_EFORMAT, "%s is not a JSON object", what);
	i = skip_ws(data, i + 1);
	if (i < data.len && data.ptr[i] == '}')
		return 0;
	for (;;) {
		json_t *key;
		json_error_t je;

		if (i >= data.len || data.ptr[i] != '"')
			return member_error(err, what, i);
		kend = skip_string(data, i);
		if (!kend)
			return member_error(err, what, i);
		key = json_loadb(data.ptr + i, kend - i, JSON_DECODE_ANY, &je);
		if (!json_is_string(key)) {
			json_decref(key);
			return member_error(err, what, i);
		}
		i = skip_ws(data, kend);
		if (i >= data.len || data.ptr[i] != ':') {
			json_decref(key);
			return member_error(err, what, i);
		}
		i = skip_ws(data, i + 1);
		vend = i < data.len ? skip_value(data, i) : 0;
		if (!vend || vend == i) {
			json_decref(key);
			return member_error(err, what, i);
		}
		rc = fn(ctx, json_string_value(key), cu_span_make(data.ptr + i, vend - i));
		json_decref(key);
		if (rc)
			return rc;
		i = skip_ws(data, vend);
		if (i < data.len && data.ptr[i] == ',') {
			i = skip_ws(data, i + 1);
			continue;
		}
		if (i < data.len && data.ptr[i] == '}')
			break;
		return member_error(err, what, i);
	}
	i = skip_ws(data, i + 1);
	if (i != data.len)
		return member_error(err, what, i);
	return 0;
}

int cu_json_each_element(struct cu_span data, const char *what,
			 int (*fn)(void *ctx, size_t index, struct cu_span value),
			 void *ctx, struct cu_err *err)
{
	size_t i = skip_ws(data, 0), vend, n = 0;
	int rc;

	if (i >= data.len || data.ptr[i] != '[')
		return cu_seterr(err, CU_EFORMAT, "%s is not a JSON array", what);
	i = skip_ws(data, i + 1);
	if (i < data.len && data.ptr[i] == ']')
		return skip_ws(data, i + 1) == data.len ? 0 : member_error(err, what, i);
	for (;;) {
		vend = i < data.len ? skip_value(data, i) : 0;
		if (!vend || vend == i)
			return member_error(err, what, i);
		rc = fn(ctx, n++, cu_span_make(data.ptr + i, vend - i));
		if (rc)
			return rc;
		i = skip_ws(data, vend);
		if (i < data.len && data.ptr[i] == ',') {
			i = skip_ws(data, i + 1);
			continue;
		}
		if (i < data.len && data.ptr[i] == ']')
			break;
		return member_error(err, what, i);
	}
	i = skip_ws(data, i + 1);
	if (i != data.len)
		return member_error(err, what, i);
	return 0;
}
