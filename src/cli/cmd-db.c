/*
 * cmd-db.c - `customs db import PATH...` and `customs db status`.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "common.h"
#include "report/report.h"
#include "vulndb/db.h"
#include "vulndb/import.h"
#include "vulndb/update.h"

static const char usage_text[] =
	"usage: customs db update [--db PATH] [--db-repository URL] [--sources LIST]\n"
	"       customs db import [--db PATH] FEED...\n"
	"       customs db status [--db PATH]\n\n"
	"update  download the feeds (OSV per ecosystem, Debian security tracker, Alpine\n"
	"        secdb, NVD, CISA KEV, FIRST EPSS) and build a new database aside; it\n"
	"        replaces the old one only when every feed succeeded. Unchanged feeds\n"
	"        are not downloaded again (ETag / Last-Modified).\n"
	"        --db-repository URL  take every feed from a mirror that holds each\n"
	"                             upstream file at URL/<host>/<path> (wget -x layout)\n"
	"        --sources LIST       only these feeds or groups (osv, debian, alpine,\n"
	"                             nvd, kev, epss, or names like osv/PyPI)\n"
	"        --quiet              no progress bar\n"
	"        $NVD_API_KEY         an NVD API key: faster NVD pages (sent to the NVD only)\n"
	"import  load advisory feeds from files: OSV records (a .json file, a directory\n"
	"        of them, or an osv.dev export zip such as PyPI/all.zip) and the Debian\n"
	"        security tracker JSON. All feeds land in one transaction: on any error\n"
	"        the database is left as it was. Importing a feed again replaces it.\n"
	"status  show the database's sources, record counts and age\n\n"
	"options:\n"
	"      --db PATH   the database (default: $XDG_CACHE_HOME/customs/db.sqlite)\n"
	"  -h, --help      this text\n";

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "db-repository", required_argument, NULL, 'r' },
	{ "sources", required_argument, NULL, 's' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct db_opts {
	const char *db, *mirror, *sources;
	bool quiet;
};

static int parse_opts(int argc, char **argv, struct db_opts *o)
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
		if (c == 'd' || c == 'r' || c == 's' || c == 'q') {
			if (c == 'd')
				o->db = optarg;
			else if (c == 'r')
				o->mirror = optarg;
			else if (c == 's')
				o->sources = optarg;
			else
				o->quiet = true;
			continue;
		}
		cu_cli_error("unknown option '%s' (see 'customs db --help')", argv[optind - 1]);
		return -1;
	}
	return 0;
}

static int parse(int argc, char **argv, const char **db)
{
	struct db_opts o = { 0 };
	int rc = parse_opts(argc, argv, &o);

	*db = o.db;
	if (!rc && (o.mirror || o.sources)) {
		cu_cli_error("--db-repository and --sources go with 'customs db update'");
		return -1;
	}
	return rc;
}

static int db_import(int argc, char **argv)
{
	const char *dbopt = NULL;
	struct cu_import_result *res = NULL;
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char *path;
	int rc = parse(argc, argv, &dbopt), ex = CU_EXIT_OK;
	size_t n;

	if (rc)
		return rc > 0 ? CU_EXIT_OK : CU_EXIT_USAGE;
	n = (size_t)(argc - optind);
	if (!n) {
		cu_cli_error("nothing to import (see 'customs db --help')");
		return CU_EXIT_USAGE;
	}
	path = cu_cli_db_path(dbopt);
	res = cu_calloc(n, sizeof(*res));
	if (!path || !res) {
		ex = CU_EXIT_RUNTIME;
		goto out;
	}
	rc = cu_db_open(path, CU_DB_WRITE, &db, &err);
	if (!rc)
		rc = cu_db_import(db, (const char *const *)argv + optind, n, res, &err);
	if (rc) {
		ex = cu_cli_fail(&err, 1);
		if (db && db->created)
			unlink(path);	/* a first import that failed leaves nothing */
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		printf("%-28s %8lld records", res[i].source, (long long)res[i].records);
		if (res[i].skipped)
			printf(", %lld invalid skipped (first: %s)", (long long)res[i].skipped,
			       res[i].first_problem);
		printf("\n");
	}
	printf("database: %s\n", path);
out:
	cu_db_close(db);
	free(res);
	free(path);
	return ex;
}

static long age_hours(const char *stamp)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (!stamp || !strptime(stamp, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return -1;
	t = timegm(&tm);
	return (long)((time(NULL) - t) / 3600);
}

static int print_source(void *ctx, const struct cu_db_source *s)
{
	long h = age_hours(s->imported_at);

	(void)ctx;
	printf("%-28s %-15s %9lld  %s  (%ld h ago)\n", s->name, s->kind,
	       (long long)s->records, s->imported_at, h);
	return 0;
}

static int db_status(int argc, char **argv)
{
	const char *dbopt = NULL;
	struct cu_buf v = CU_BUF_INIT, u = CU_BUF_INIT;
	struct cu_err err = { 0 };
	struct cu_db *db = NULL;
	char *path;
	int rc = parse(argc, argv, &dbopt), ex = CU_EXIT_OK;

	if (rc)
		return rc > 0 ? CU_EXIT_OK : CU_EXIT_USAGE;
	path = cu_cli_db_path(dbopt);
	rc = cu_db_open(path, CU_DB_READ, &db, &err);
	if (rc) {
		ex = cu_cli_fail(&err, 1);
		goto out;
	}
	printf("database: %s\nschema:   %s\nupdated:  %s\n\n", path,
	       cu_db_meta(db, "schema_version", &v),
	       cu_db_meta(db, "updated_at", &u) ? u.buf : "never");
	printf("%-28s %-15s %9s  %s\n", "SOURCE", "KIND", "RECORDS", "IMPORTED");
	rc = cu_db_sources(db, print_source, NULL, &err);
	if (rc)
		ex = cu_cli_fail(&err, 1);
out:
	cu_buf_release(&v);
	cu_buf_release(&u);
	cu_db_close(db);
	free(path);
	return ex;
}

static const char *const outcome_names[] = {
	"updated", "unchanged", "missing", "FAILED",
};

static void print_size(FILE *out, uint64_t bytes)
{
	if (bytes >= 1000000)
		fprintf(out, "  %.1f MB", (double)bytes / 1e6);
	else if (bytes)
		fprintf(out, "  %.1f kB", (double)bytes / 1e3);
}

/* One line per feed that was fetched; feeds the server lacks on one line. */
static void print_update(FILE *out, const struct cu_update_result *res)
{
	size_t missing = 0;

	for (size_t i = 0; i < res->nfeeds; i++) {
		const struct cu_feed_report *f = &res->feeds[i];

		if (f->outcome == CU_FEED_MISSING) {
			missing++;
			continue;
		}
		fprintf(out, "%-28s %-9s %9lld records", f->name, outcome_names[f->outcome],
			(long long)f->records);
		print_size(out, f->bytes);
		if (f->outcome == CU_FEED_FAILED)
			fprintf(out, "  (%s)", f->message);
		fprintf(out, "\n");
	}
	if (!missing)
		return;
	fprintf(out, "not on the server (kept as they were):");
	for (size_t i = 0; i < res->nfeeds; i++)
		if (res->feeds[i].outcome == CU_FEED_MISSING)
			fprintf(out, " %s", res->feeds[i].name);
	fprintf(out, "\n");
}

int cu_cli_db_update(const char *db_path, const char *mirror, const char *sources,
		     bool quiet, FILE *out, struct cu_err *err)
{
	struct cu_update_opts uo = { 0 };
	struct cu_update_result res;
	int rc;

	uo.db_path = db_path;
	uo.mirror = mirror;
	uo.only = sources;
	cu_fetch_opts_init(&uo.fetch);
	uo.fetch.progress = !quiet && isatty(STDERR_FILENO);
	uo.fetch.user_agent = "customs/" CU_VERSION;
	uo.nvd_api_key = getenv("NVD_API_KEY");
	rc = cu_db_update(&uo, &res, err);
	if (!quiet || rc)
		print_update(out, &res);
	cu_update_result_release(&res);
	return rc;
}

static int db_update(int argc, char **argv)
{
	struct db_opts o = { 0 };
	struct cu_err err = { 0 };
	char *path;
	int rc = parse_opts(argc, argv, &o), ex = CU_EXIT_OK;

	if (rc)
		return rc > 0 ? CU_EXIT_OK : CU_EXIT_USAGE;
	if (optind < argc) {
		cu_cli_error("unexpected argument '%s' (see 'customs db --help')", argv[optind]);
		return CU_EXIT_USAGE;
	}
	path = cu_cli_db_path(o.db);
	if (!path)
		return CU_EXIT_RUNTIME;
	rc = cu_cli_db_update(path, o.mirror, o.sources, o.quiet, stdout, &err);
	if (rc)
		ex = cu_cli_fail(&err, 1);
	else if (!o.quiet)
		printf("database: %s\n", path);
	free(path);
	return ex;
}

int cmd_db(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? CU_EXIT_USAGE : CU_EXIT_OK;
	}
	if (!strcmp(argv[1], "import"))
		return db_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "update"))
		return db_update(argc - 1, argv + 1);
	if (!strcmp(argv[1], "status"))
		return db_status(argc - 1, argv + 1);
	cu_cli_error("unknown db command '%s' (use update, import or status)", argv[1]);
	return CU_EXIT_USAGE;
}
