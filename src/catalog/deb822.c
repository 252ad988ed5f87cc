/*
 * deb822.c - paragraph and field splitting for dpkg control data.
 */
#include "common.h"
#include "deb822.h"

static bool blank_line(struct cu_span line)
{
	return cu_span_trim(line).len == 0;
}

bool cu_deb822_paragraph(struct cu_span *text, struct cu_span *para)
{
	struct cu_span line, probe;
	const char *start = NULL, *end = NULL;

	while (text->len) {
		probe = *text;
		cu_span_pull_line(&probe, &line);
		if (blank_line(line)) {
			*text = probe;
			if (start)
				break;
			continue;
		}
		if (!start)
			start = line.ptr;
		end = line.ptr + line.len;
		*text = probe;
	}
	if (!start)
		return false;
	*para = cu_span_make(start, (size_t)(end - start));
	return true;
}

bool cu_deb822_field(struct cu_span *para, struct cu_span *name,
		     struct cu_span *value, int *bad)
{
	struct cu_span line, probe;
	ptrdiff_t colon;

	for (;;) {
		if (!cu_span_pull_line(para, &line))
			return false;
		if (line.len && (line.ptr[0] == ' ' || line.ptr[0] == '\t' ||
				 line.ptr[0] == '#'))
			continue;	/* stray continuation or comment */
		colon = cu_span_find(line, ':');
		if (colon <= 0) {
			if (bad)
				(*bad)++;
			continue;
		}
		break;
	}
	*name = cu_span_trim(cu_span_sub(line, 0, (size_t)colon));
	*value = cu_span_skip(line, (size_t)colon + 1);
	while (value->len && (value->ptr[0] == ' ' || value->ptr[0] == '\t'))
		*value = cu_span_skip(*value, 1);
	/* swallow continuation lines into the value */
	for (;;) {
		probe = *para;
		if (!cu_span_pull_line(&probe, &line) || !line.len ||
		    (line.ptr[0] != ' ' && line.ptr[0] != '\t'))
			break;
		value->len = (size_t)(line.ptr + line.len - value->ptr);
		*para = probe;
	}
	*value = cu_span_trim(*value);
	return true;
}

struct cu_span cu_deb822_first_line(struct cu_span value)
{
	struct cu_span line;

	if (!cu_span_pull_line(&value, &line))
		return value;
	return cu_span_trim(line);
}
