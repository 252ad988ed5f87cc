/*
 * rpm-db.h - the three on-disk forms of rpm's package database, read from
 * bytes in memory without librpm, libdb or a file on the host:
 *
 *   rpmdb.sqlite  SQLite, table Packages(hnum, blob)       rpm >= 4.16
 *   Packages      Berkeley DB hash, key = header number    rpm <= 4.15
 *   Packages.db   rpm's own "ndb" slot/blob file           SUSE
 *
 * Each walker hands every package header blob it finds to a callback. A
 * blob that cannot be read is reported through warn() and skipped; a file
 * whose structure is unusable is CU_EFORMAT (or CU_EUNSUPPORTED) with the
 * reason in err, after handing over whatever was read before the damage.
 */
#ifndef CU_RPM_DB_H
#define CU_RPM_DB_H

#include <stdint.h>

#include "err.h"
#include "span.h"

struct cu_rpmdb_walk {
	/* One header blob; a non-zero return stops the walk with that code. */
	int (*blob)(void *ctx, uint32_t hnum, struct cu_span blob);
	void (*warn)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
	void *ctx;
};

/*
 * file is the whole database; the SQLite reader takes it writable because
 * it patches the journal-mode bytes of its header (WAL -> rollback) so the
 * in-memory copy opens. Nothing is written anywhere else.
 */
int cu_rpmdb_sqlite(char *file, size_t len, const struct cu_rpmdb_walk *w,
		    struct cu_err *err);
int cu_rpmdb_bdb(struct cu_span file, const struct cu_rpmdb_walk *w,
		 struct cu_err *err);
int cu_rpmdb_ndb(struct cu_span file, const struct cu_rpmdb_walk *w,
		 struct cu_err *err);

#endif
