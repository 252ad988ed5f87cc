/*
 * policy.c - filters and the severity gate.
 */
#include "common.h"
#include "policy.h"

void cu_policy_init(struct cu_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->exit_on = -1;
}

int cu_policy_parse_severities(const char *list, unsigned *mask)
{
	struct cu_span s = cu_span_str(list), word;

	*mask = 0;
	while (s.len) {
		char w[32];
		int sev;

		cu_span_split(&s, ',', &word);
		word = cu_span_trim(word);
		if (!word.len)
			continue;
		if (!cu_span_to_cstr(word, w, sizeof(w)))
			return -1;
		sev = cu_severity_parse(w);
		if (sev < 0)
			return -1;
		*mask |= 1u << sev;
	}
	return *mask ? 0 : -1;
}

static bool shown(const struct cu_policy *p, const struct cu_finding *f)
{
	if (p->severities && !(p->severities & (1u << f->severity)))
		return false;
	if (p->ignore_unfixed && !f->fixed_version)
		return false;
	return true;
}

void cu_policy_apply(const struct cu_policy *p, struct cu_matches *m,
		     struct cu_gate *gate)
{
	memset(gate, 0, sizeof(*gate));
	gate->enabled = p->exit_on >= 0 || p->fail_on_any;
	for (size_t i = 0; i < m->n; i++) {
		struct cu_finding *f = m->items[i];

		f->hidden = !shown(p, f);
		if (f->hidden)
			continue;
		gate->shown++;
		gate->counts[f->severity]++;
		if ((p->exit_on >= 0 && (int)f->severity >= p->exit_on) ||
		    (p->exit_on < 0 && p->fail_on_any))
			gate->violations++;
	}
	gate->failed = gate->enabled && gate->violations > 0;
	if (gate->failed && p->exit_on >= 0)
		snprintf(gate->reason, sizeof(gate->reason),
			 "%zu finding%s at or above %s", gate->violations,
			 gate->violations == 1 ? "" : "s", cu_severity_name(p->exit_on));
	else if (gate->failed)
		snprintf(gate->reason, sizeof(gate->reason), "%zu finding%s",
			 gate->violations, gate->violations == 1 ? "" : "s");
}
