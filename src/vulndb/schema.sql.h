/*
 * schema.sql.h - the SQL that creates schema version 1 (docs/database.md).
 */
#ifndef CU_SCHEMA_SQL_H
#define CU_SCHEMA_SQL_H

static const char cu_schema_sql[] =
	"CREATE TABLE meta (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE sources (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  kind TEXT NOT NULL,\n"
	"  location TEXT,\n"
	"  records INTEGER NOT NULL DEFAULT 0,\n"
	"  imported_at TEXT NOT NULL,\n"
	"  digest TEXT\n"
	");\n"
	"CREATE TABLE vulns (\n"
	"  id TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  summary TEXT,\n"
	"  published TEXT,\n"
	"  modified TEXT,\n"
	"  cvss_vector TEXT,\n"
	"  cvss_version TEXT,\n"
	"  cvss_score REAL,\n"
	"  severity TEXT,\n"
	"  PRIMARY KEY (id, source)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE aliases (\n"
	"  id TEXT NOT NULL,\n"
	"  alias TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  PRIMARY KEY (id, alias, source)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX aliases_by_alias ON aliases (alias);\n"
	"CREATE TABLE affected (\n"
	"  vuln_id TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  ecosystem TEXT NOT NULL,\n"
	"  release TEXT NOT NULL DEFAULT '',\n"
	"  package TEXT NOT NULL,\n"
	"  status TEXT NOT NULL,\n"
	"  fixed TEXT,\n"
	"  ranges TEXT,\n"
	"  versions TEXT,\n"
	"  severity TEXT\n"
	");\n"
	"CREATE INDEX affected_by_package ON affected (ecosystem, package, release);\n"
	"CREATE INDEX affected_by_source ON affected (source);\n";

#endif
