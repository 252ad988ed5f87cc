/*
 * unit.h - the unit test harness.
 *
 * A test is a function taking a struct unit *; CHECK records a failure with
 * its location and goes on, so one run shows every broken case. Suites are
 * listed in the one table in main.c. Data-driven tests read upstream vectors
 * from ../shared/testvectors (or $CUSTOMS_SHARED/testvectors) and call
 * unit_skip() when they are not there.
 */
#ifndef CU_UNIT_H
#define CU_UNIT_H

#include <stdbool.h>
#include <stddef.h>

struct unit {
	const char *name;
	int checks;
	int failures;
	bool skipped;
	char skip_reason[256];
};

struct unit_test {
	const char *name;
	void (*fn)(struct unit *t);
};

bool unit_check(struct unit *t, bool ok, const char *expr, const char *file,
		int line);
void unit_failf(struct unit *t, const char *file, int line, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));
void unit_skip(struct unit *t, const char *reason);

#define CHECK(t, cond) unit_check((t), (cond), #cond, __FILE__, __LINE__)
#define FAILF(t, ...) unit_failf((t), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_INT(t, got, want) \
	unit_check_int((t), (long long)(got), (long long)(want), #got " == " #want, \
		       __FILE__, __LINE__)
#define CHECK_STR(t, got, want) \
	unit_check_str((t), (got), (want), #got " == " #want, __FILE__, __LINE__)

bool unit_check_int(struct unit *t, long long got, long long want,
		    const char *expr, const char *file, int line);
bool unit_check_str(struct unit *t, const char *got, const char *want,
		    const char *expr, const char *file, int line);

/* Path of a file under the shared test data, or NULL (and a skip) if absent. */
const char *unit_shared_path(struct unit *t, const char *rel);

/* Path of a file under tests/data in this repository. */
const char *unit_data_path(const char *rel);

/*
 * A TSV table in the testvectors convention: a header line, TAB-separated
 * cells with \\, \t, \n, \r and \uXXXX escapes.
 */
struct tsv {
	char **cells;	/* rows * cols, unescaped, NUL-terminated */
	char **header;
	size_t rows, cols;
	char *storage;
};

int tsv_load(struct tsv *tsv, const char *path);
void tsv_release(struct tsv *tsv);
/* Cell by column name; NULL when the column does not exist. */
const char *tsv_get(const struct tsv *tsv, size_t row, const char *col);

/* Read a whole file; NULL on failure. The caller frees. */
char *unit_read_file(const char *path, size_t *len);

/* Suites, one per test file. */
#define UNIT_SUITE(name) extern const struct unit_test name[]
UNIT_SUITE(util_tests);
UNIT_SUITE(image_tests);
UNIT_SUITE(fsview_tests);
UNIT_SUITE(catalog_tests);
UNIT_SUITE(vulndb_tests);
UNIT_SUITE(match_tests);
UNIT_SUITE(cat_apk_tests);
UNIT_SUITE(cat_rpm_tests);
UNIT_SUITE(cat_python_tests);
UNIT_SUITE(cat_node_tests);
UNIT_SUITE(cat_binary_tests);
UNIT_SUITE(cat_go_ldflags_tests);
UNIT_SUITE(cat_java_tests);
UNIT_SUITE(fetch_tests);
UNIT_SUITE(sbom_tests);
UNIT_SUITE(version_deb_tests);
UNIT_SUITE(version_rpm_tests);
UNIT_SUITE(version_apk_tests);
UNIT_SUITE(version_pypi_tests);
UNIT_SUITE(version_npm_tests);
UNIT_SUITE(version_maven_tests);
UNIT_SUITE(version_golang_tests);
UNIT_SUITE(version_gem_tests);
UNIT_SUITE(version_nuget_tests);
UNIT_SUITE(version_composer_tests);
UNIT_SUITE(version_cargo_tests);
UNIT_SUITE(cvss_tests);
UNIT_SUITE(purl_tests);

#endif
