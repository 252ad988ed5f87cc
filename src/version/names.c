/*
 * names.c - canonical package names (PEP 503 "Normalized Names" for PyPI).
 */
#include <ctype.h>

#include "common.h"
#include "names.h"

static int pep503(struct cu_span name, struct cu_buf *out)
{
	bool sep = false;

	for (size_t i = 0; i < name.len; i++) {
		char c = name.ptr[i];

		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep && out->len)
			cu_buf_addch(out, '-');
		sep = false;
		cu_buf_addch(out, (char)tolower((unsigned char)c));
	}
	return 0;
}

static int lower(struct cu_span name, struct cu_buf *out)
{
	for (size_t i = 0; i < name.len; i++)
		cu_buf_addch(out, (char)tolower((unsigned char)name.ptr[i]));
	return 0;
}

int cu_name_normalize(const char *eco, struct cu_span name, struct cu_buf *out)
{
	cu_buf_reset(out);
	name = cu_span_trim(name);
	if (strcmp(eco, "pypi") == 0)
		pep503(name, out);
	else if (strcmp(eco, "nuget") == 0 || strcmp(eco, "composer") == 0)
		lower(name, out);
	else
		cu_buf_addspan(out, name);
	return cu_buf_add(out, "", 0);
}
