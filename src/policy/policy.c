/*
 * policy.c - filters and the severity gate.
 */
#include "common.h"
#include "policy.h"

void cu_policy_init(struct cu_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->exit_on = -1;
	p->base_layers = -1;
	p->exit_on_epss = -1;
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

static bool in_list(const char *list, const char *word)
{
	struct cu_span l = cu_span_str(list), item;

	while (l.len) {
		cu_span_split(&l, ',', &item);
		if (cu_span_eq_str(cu_span_trim(item), word))
			return true;
	}
	return false;
}

static bool shown(const struct cu_policy *p, const struct cu_finding *f)
{
	if (p->ignore_status && in_list(p->ignore_status, f->status))
		return false;
	if (p->severities && !(p->severities & (1u << f->severity)))
		return false;
	if (p->ignore_unfixed && !f->fixed_version)
		return false;
	return true;
}

/* Why f fails the gate: a bit per rule. */
enum { BY_SEVERITY = 1, BY_KEV = 2, BY_EPSS = 4, BY_ANY = 8 };

static unsigned violates(const struct cu_policy *p, const struct cu_finding *f)
{
	unsigned why = 0;

	if (p->exit_on >= 0 && (int)f->severity >= p->exit_on)
		why |= BY_SEVERITY;
	if (p->exit_on_kev && f->kev)
		why |= BY_KEV;
	if (p->exit_on_epss >= 0 && f->epss >= p->exit_on_epss)
		why |= BY_EPSS;
	if (p->fail_on_any && p->exit_on < 0)
		why |= BY_ANY;
	return why;
}

static void reason(const struct cu_policy *p, const size_t by[4], struct cu_gate *gate)
{
	struct cu_buf b = CU_BUF_INIT;

	if (by[0])
		cu_buf_addf(&b, "%zu finding%s at or above %s", by[0], by[0] == 1 ? "" : "s",
			    cu_severity_name(p->exit_on));
	if (by[1])
		cu_buf_addf(&b, "%s%zu known exploited (KEV)", b.len ? ", " : "", by[1]);
	if (by[2])
		cu_buf_addf(&b, "%s%zu with EPSS >= %.2f", b.len ? ", " : "", by[2], p->exit_on_epss);
	if (by[3])
		cu_buf_addf(&b, "%s%zu finding%s", b.len ? ", " : "", by[3], by[3] == 1 ? "" : "s");
	if (p->baseline)
		cu_buf_addstr(&b, ", new since the baseline");
	snprintf(gate->reason, sizeof(gate->reason), "%s", cu_buf_str(&b));
	cu_buf_release(&b);
}

void cu_policy_apply(const struct cu_policy *p, struct cu_matches *m,
		     struct cu_gate *gate)
{
	size_t by[4] = { 0 };

	memset(gate, 0, sizeof(*gate));
	gate->enabled = p->exit_on >= 0 || p->fail_on_any || p->exit_on_kev ||
			p->exit_on_epss >= 0;
	for (size_t i = 0; i < m->n; i++) {
		struct cu_finding *f = m->items[i];
		unsigned why;

		f->hidden = !shown(p, f);
		if (!f->hidden && f->suppressed_by) {
			f->hidden = true;
			gate->suppressed++;
		}
		if (!f->hidden && p->ignore_base && p->base_layers > 0 && f->pkg->layer >= 0 &&
		    f->pkg->layer < p->base_layers) {
			f->hidden = true;
			gate->in_base++;
		}
		if (f->hidden)
			continue;
		gate->shown++;
		gate->counts[f->severity]++;
		gate->kev += f->kev;
		gate->known += f->known;
		if (p->baseline && f->known)
			continue;	/* only findings new since the baseline gate */
		why = violates(p, f);
		gate->violations += why != 0;
		for (int k = 0; k < 4; k++)
			by[k] += (why >> k) & 1;
	}
	gate->failed = gate->enabled && gate->violations > 0;
	if (gate->failed)
		reason(p, by, gate);
}
