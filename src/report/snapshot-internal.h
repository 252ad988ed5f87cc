/*
 * snapshot-internal.h - what report-read.c (saved reports) and snapshot.c
 * (live scans) share to build a struct cu_snapshot: packages interned by
 * (type, name, version, arch), so findings of one package share it.
 */
#ifndef CU_SNAPSHOT_INTERNAL_H
#define CU_SNAPSHOT_INTERNAL_H

#include "map.h"
#include "report-read.h"

struct cu_snap_reader {
	struct cu_snapshot *s;
	struct cu_map pkgs;		/* key (type, name, version, arch) -> package */
	struct cu_buf key;
	size_t pkg_room;		/* slots in s->pkgs */
	const char *what;		/* names the input in messages */
	struct cu_err *err;
};

/* Room for room packages in s->pkgs. */
int cu_snapshot_reader_init(struct cu_snap_reader *r, struct cu_snapshot *s, size_t room,
			    const char *what, struct cu_err *err);
void cu_snapshot_reader_release(struct cu_snap_reader *r);

/*
 * The package with p's (type, name, version, arch), added when new; the
 * first one seen keeps its purl and layer.
 */
int cu_snapshot_intern_pkg(struct cu_snap_reader *r, const struct cu_snap_pkg *p,
			   const struct cu_snap_pkg **out);

#endif
