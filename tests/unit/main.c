/*
 * main.c - runs the unit suites and prints one line per test.
 *
 * usage: customs-unit [SUBSTRING...]   (run only tests whose name contains one)
 * The last line is "N passed, N failed" (skipped tests count as passed and are
 * listed as such).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static const struct unit_test *const suites[] = {
	util_tests,
	image_tests,
	fsview_tests,
	catalog_tests,
	vulndb_tests,
	match_tests,
	cat_apk_tests,
	cat_rpm_tests,
	cat_python_tests,
	cat_node_tests,
	cat_binary_tests,
	cat_go_ldflags_tests,
	cat_java_tests,
	fetch_tests,
	sbom_tests,
	version_deb_tests,
	version_rpm_tests,
	version_apk_tests,
	version_pypi_tests,
	version_npm_tests,
	version_maven_tests,
	version_golang_tests,
	version_gem_tests,
	version_nuget_tests,
	version_composer_tests,
	version_cargo_tests,
	cvss_tests,
	purl_tests,
};

bool unit_check(struct unit *t, bool ok, const char *expr, const char *file,
		int line)
{
	t->checks++;
	if (ok)
		return true;
	t->failures++;
	if (t->failures <= 50)
		fprintf(stderr, "  %s:%d: %s: check failed: %s\n", file, line,
			t->name, expr);
	return false;
}

void unit_failf(struct unit *t, const char *file, int line, const char *fmt,
		...)
{
	va_list ap;

	if (t->failures > 50)
		return;
	fprintf(stderr, "  %s:%d: %s: ", file, line, t->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool unit_check_int(struct unit *t, long long got, long long want,
		    const char *expr, const char *file, int line)
{
	if (unit_check(t, got == want, expr, file, line))
		return true;
	unit_failf(t, file, line, "  got %lld, want %lld", got, want);
	return false;
}

bool unit_check_str(struct unit *t, const char *got, const char *want,
		    const char *expr, const char *file, int line)
{
	bool ok = got && want ? strcmp(got, want) == 0 : got == want;

	if (unit_check(t, ok, expr, file, line))
		return true;
	unit_failf(t, file, line, "  got '%s', want '%s'", got ? got : "(null)",
		   want ? want : "(null)");
	return false;
}

void unit_skip(struct unit *t, const char *reason)
{
	t->skipped = true;
	snprintf(t->skip_reason, sizeof(t->skip_reason), "%s", reason);
}

static bool selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		for (const struct unit_test *ut = suites[s]; ut->name; ut++) {
			struct unit t = { .name = ut->name };

			if (!selected(ut->name, argc, argv))
				continue;
			ut->fn(&t);
			if (t.failures) {
				printf("not ok %s (%d of %d checks failed)\n",
				       ut->name, t.failures, t.checks);
				failed++;
			} else if (t.skipped && !t.checks) {
				printf("ok %s # skip %s\n", ut->name, t.skip_reason);
				passed++;
			} else {
				printf("ok %s (%d checks)\n", ut->name, t.checks);
				passed++;
			}
			fflush(stdout);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
