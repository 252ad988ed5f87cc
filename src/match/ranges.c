/*
 * ranges.c - evaluate OSV ranges with a version scheme.
 */
#include <jansson.h>

#include "common.h"
#include "ranges.h"

enum event_kind { EV_INTRODUCED, EV_FIXED, EV_LAST_AFFECTED, EV_LIMIT };

struct event {
	enum event_kind kind;
	const char *version;	/* "0" for introduced-at-the-beginning */
};

struct sort_ctx {
	const struct cu_version_scheme *scheme;
	int bad;
};

static int vcmp(const struct cu_version_scheme *s, const char *a, const char *b,
		int *out)
{
	if (strcmp(a, "0") == 0 || strcmp(b, "0") == 0) {
		*out = strcmp(a, "0") == 0 ? (strcmp(b, "0") == 0 ? 0 : -1) : 1;
		return 0;
	}
	return s->compare(cu_span_str(a), cu_span_str(b), out);
}

/* insertion sort: ranges hold a handful of events */
static void sort_events(struct event *ev, size_t n, struct sort_ctx *sc)
{
	for (size_t i = 1; i < n; i++) {
		struct event cur = ev[i];
		size_t j = i;

		while (j > 0) {
			int c = 0;

			if (vcmp(sc->scheme, ev[j - 1].version, cur.version, &c))
				sc->bad++;
			if (c <= 0)
				break;
			ev[j] = ev[j - 1];
			j--;
		}
		ev[j] = cur;
	}
}

static size_t read_events(json_t *events, struct event *ev, size_t cap)
{
	static const char *const keys[] = { "introduced", "fixed", "last_affected", "limit" };
	size_t n = 0, i;
	json_t *e;

	json_array_foreach(events, i, e) {
		for (int k = 0; k < 4 && n < cap; k++) {
			json_t *v = json_object_get(e, keys[k]);

			if (json_is_string(v)) {
				ev[n].kind = (enum event_kind)k;
				ev[n].version = json_string_value(v);
				n++;
			}
		}
	}
	return n;
}

/* One range: walk its sorted events. */
static int eval_range(const struct cu_version_scheme *s, const char *version,
		      json_t *range, struct cu_range_verdict *out, int *bad)
{
	struct event ev[256];
	struct sort_ctx sc = { s, 0 };
	size_t n = read_events(json_object_get(range, "events"), ev, CU_ARRAY_SIZE(ev));
	bool affected = false;
	const char *fix = NULL;
	int c;

	sort_events(ev, n, &sc);
	for (size_t i = 0; i < n; i++) {
		if (vcmp(s, version, ev[i].version, &c)) {
			(*bad)++;
			continue;
		}
		switch (ev[i].kind) {
		case EV_INTRODUCED:
			if (c >= 0)
				affected = true;
			break;
		case EV_FIXED:
			if (c >= 0)
				affected = false;
			else if (affected && !fix)
				fix = ev[i].version;
			break;
		case EV_LAST_AFFECTED:
			if (c > 0)
				affected = false;
			break;
		case EV_LIMIT:
			if (c >= 0)
				affected = false;
			break;
		}
		if (c < 0 && ev[i].kind == EV_INTRODUCED && affected)
			break;	/* a later introduction: this stretch ends here */
	}
	*bad += sc.bad;
	if (affected) {
		out->affected = true;
		if (fix && !out->fixed.len)
			cu_buf_addstr(&out->fixed, fix);
	}
	return 0;
}

int cu_ranges_evaluate(const struct cu_version_scheme *scheme, const char *version,
		       const char *ranges_json, const char *versions_json,
		       struct cu_range_verdict *out, struct cu_err *err)
{
	json_t *ranges = ranges_json ? json_loads(ranges_json, 0, NULL) : NULL;
	json_t *versions = versions_json ? json_loads(versions_json, 0, NULL) : NULL;
	json_t *r;
	size_t i;
	int bad = 0, c;

	out->affected = false;
	cu_buf_reset(&out->fixed);
	json_array_foreach(versions, i, r) {
		const char *v = json_string_value(r);

		if (v && (strcmp(v, version) == 0 ||
			  (!vcmp(scheme, version, v, &c) && c == 0))) {
			out->affected = true;
			break;
		}
	}
	json_array_foreach(ranges, i, r)
		eval_range(scheme, version, r, out, &bad);
	json_decref(ranges);
	json_decref(versions);
	if (bad && !out->affected)
		return cu_seterr(err, CU_EFORMAT, "%d versions could not be compared with '%s'",
				 bad, version);
	return 0;
}
