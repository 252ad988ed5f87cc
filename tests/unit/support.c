/*
 * support.c - file, path and TSV helpers for the unit tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

char *unit_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, alloc = 0, got;

	if (!f)
		return NULL;
	do {
		if (alloc - n < 65536) {
			char *p;

			alloc = alloc ? alloc * 2 : 65536;
			p = realloc(buf, alloc + 1);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		got = fread(buf + n, 1, alloc - n, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

const char *unit_shared_path(struct unit *t, const char *rel)
{
	static char path[4][4096];
	static int slot;
	const char *base = getenv("CUSTOMS_SHARED");
	struct stat st;
	char *p = path[slot++ & 3];

	if (!base || !*base)
		base = "../shared";
	snprintf(p, 4096, "%s/%s", base, rel);
	if (stat(p, &st) != 0) {
		char why[600];

		snprintf(why, sizeof(why), "shared data not present: %s", p);
		unit_skip(t, why);
		return NULL;
	}
	return p;
}

const char *unit_data_path(const char *rel)
{
	static char path[4][4096];
	static int slot;
	char *p = path[slot++ & 3];

	snprintf(p, 4096, "tests/data/%s", rel);
	return p;
}

static size_t unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (*r != '\\' || !r[1]) {
			*w++ = *r++;
			continue;
		}
		r++;
		switch (*r) {
		case 't': *w++ = '\t'; r++; break;
		case 'n': *w++ = '\n'; r++; break;
		case 'r': *w++ = '\r'; r++; break;
		case '\\': *w++ = '\\'; r++; break;
		case 'u': {
			unsigned cp = 0;
			int i;

			for (i = 1; i <= 4 && r[i]; i++) {
				char c = r[i];
				cp = cp * 16 + (unsigned)(c <= '9' ? c - '0' :
					(c | 0x20) - 'a' + 10);
			}
			r += 5;
			if (cp < 0x80) {
				*w++ = (char)cp;
			} else if (cp < 0x800) {
				*w++ = (char)(0xc0 | cp >> 6);
				*w++ = (char)(0x80 | (cp & 0x3f));
			} else {
				*w++ = (char)(0xe0 | cp >> 12);
				*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*w++ = (char)(0x80 | (cp & 0x3f));
			}
			break;
		}
		default: *w++ = '\\'; break;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static size_t count_cols(const char *line)
{
	size_t n = 1;

	for (; *line && *line != '\n'; line++)
		if (*line == '\t')
			n++;
	return n;
}

int tsv_load(struct tsv *tsv, const char *path)
{
	size_t len, row = 0, nlines = 0;
	char *data = unit_read_file(path, &len), *p, *line;

	memset(tsv, 0, sizeof(*tsv));
	if (!data)
		return -1;
	for (p = data; *p; p++)
		if (*p == '\n')
			nlines++;
	nlines++;
	tsv->storage = data;
	tsv->cols = count_cols(data);
	tsv->header = calloc(tsv->cols, sizeof(char *));
	tsv->cells = calloc(nlines * tsv->cols, sizeof(char *));
	if (!tsv->header || !tsv->cells)
		return -1;
	p = data;
	for (long ln = 0; p && *p; ln++) {
		char *next = strchr(p, '\n');
		char **dst;
		size_t c = 0;

		if (next)
			*next++ = '\0';
		line = p;
		p = next;
		if (ln > 0 && !*line)
			continue;
		dst = ln == 0 ? tsv->header : tsv->cells + row * tsv->cols;
		for (char *cell = line; cell && c < tsv->cols; c++) {
			char *tab = strchr(cell, '\t');

			if (tab)
				*tab++ = '\0';
			unescape(cell);
			dst[c] = cell;
			cell = tab;
		}
		for (; c < tsv->cols; c++)
			dst[c] = "";
		if (ln > 0)
			row++;
	}
	tsv->rows = row;
	return 0;
}

void tsv_release(struct tsv *tsv)
{
	free(tsv->header);
	free(tsv->cells);
	free(tsv->storage);
	memset(tsv, 0, sizeof(*tsv));
}

const char *tsv_get(const struct tsv *tsv, size_t row, const char *col)
{
	for (size_t c = 0; c < tsv->cols; c++)
		if (strcmp(tsv->header[c], col) == 0)
			return tsv->cells[row * tsv->cols + c];
	return NULL;
}
