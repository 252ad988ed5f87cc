/*
 * report-fmt.h - text helpers the report formats share (internal to
 * src/report). Each helper lives in the format file that needs it most;
 * docs/report-formats.md describes what every format makes of a finding.
 */
#ifndef CU_REPORT_FMT_H
#define CU_REPORT_FMT_H

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "match/match.h"

/*
 * Append s with every byte that does not start a valid UTF-8 sequence
 * replaced by U+FFFD (image metadata need not be UTF-8; JSON and XML
 * must be). Defined in report-junit.c.
 */
int cu_report_utf8(struct cu_buf *b, const char *s);

/*
 * Append s escaped for XML 1.0 character data, or for a quoted attribute
 * value when attr: & < > " ' become references, characters XML forbids
 * (C0 controls other than tab, newline and carriage return) are dropped and
 * bytes that are not UTF-8 become U+FFFD. In attributes, tab, newline and
 * carriage return become character references so parsers keep them.
 * Defined in report-junit.c.
 */
int cu_xml_escape(struct cu_buf *b, const char *s, bool attr);

/*
 * Append s as literal text for a Markdown table cell (GitHub Flavored
 * Markdown): punctuation that could start emphasis, links, HTML, mentions
 * or end the cell is backslash-escaped; line breaks become spaces; control
 * characters are dropped. Defined in report-markdown.c.
 */
int cu_md_escape(struct cu_buf *b, const char *s);

/*
 * Append s as a Markdown code span that is safe in a table cell: a fence
 * longer than any run of backticks in s, '|' escaped (GFM splits cells at
 * '|' even inside code spans). Defined in report-markdown.c.
 */
int cu_md_code(struct cu_buf *b, const char *s);

/*
 * Append a web page about a vulnerability id: NVD for CVE-, GitHub's
 * advisory database for GHSA-, Debian's tracker for DSA-, DLA- and TEMP-,
 * OSV for anything else. Defined in report-sarif.c.
 */
int cu_report_advisory_url(struct cu_buf *b, const char *id);

/*
 * Append why a suppressed finding is not shown: the exception (where, who,
 * until when, why) or the VEX statement. Defined in report-junit.c.
 */
int cu_report_suppression(struct cu_buf *b, const struct cu_finding *f);

/* Shown findings, and suppressed ones (which formats list as such). */
static inline bool cu_report_listed(const struct cu_finding *f)
{
	return !f->hidden || f->suppressed_by;
}

/* What "fixed in" says: the version, "not fixed" or another status. */
static inline const char *cu_report_fix_text(const struct cu_finding *f)
{
	if (f->fixed_version)
		return f->fixed_version;
	return strcmp(f->status, "affected") == 0 ? "not fixed" : f->status;
}

#endif
