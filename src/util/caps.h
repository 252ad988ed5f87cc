/*
 * caps.h - every limit customs puts on untrusted input, in one place.
 *
 * Images and feeds are hostile until proven otherwise. Each growable buffer
 * and each count taken from input is checked against one of these; exceeding
 * one is CU_ETOOBIG with a message naming what was too big. The values are
 * generous for real images (multi-GB ML images with 500k files) and small
 * enough that a hostile input cannot make us use unbounded memory.
 */
#ifndef CU_CAPS_H
#define CU_CAPS_H

#define CU_MiB (1024ULL * 1024ULL)
#define CU_GiB (1024ULL * CU_MiB)

/* image metadata documents: manifest.json, index.json, image config */
#define CU_CAP_MANIFEST_BYTES	(4 * CU_MiB)
#define CU_CAP_CONFIG_BYTES	(16 * CU_MiB)
#define CU_CAP_LAYERS		1024
#define CU_CAP_INDEX_ENTRIES	4096
#define CU_CAP_INDEX_DEPTH	8	/* nested image indexes */
#define CU_CAP_ARCHIVE_ENTRIES	200000	/* entries of an outer image tar */

/* a single layer */
#define CU_CAP_LAYER_BYTES	(256 * CU_GiB)	/* uncompressed */
#define CU_CAP_LAYER_ENTRIES	5000000
#define CU_CAP_PATH_BYTES	4096
#define CU_CAP_PATH_DEPTH	256
#define CU_CAP_LINK_HOPS	40	/* symlink hops while resolving one path */

/* the filesystem view */
#define CU_CAP_VIEW_NODES	20000000
#define CU_CAP_CAPTURE_FILE	(64 * CU_MiB)	/* one captured file */
#define CU_CAP_CAPTURE_TOTAL	(1 * CU_GiB)	/* all captured content */

/* package databases */
#define CU_CAP_PKGDB_ENTRIES	200000	/* packages in one database */
#define CU_CAP_PKG_FIELD	(1 * CU_MiB)	/* one field of one package */
#define CU_CAP_PKG_FILES	1000000	/* files owned by one package */

/* feeds and the database */
#define CU_CAP_JSON_DEPTH	64
#define CU_CAP_FEED_DOC_BYTES	(2 * CU_GiB)	/* one feed document */
#define CU_CAP_FEED_RECORD	(32 * CU_MiB)	/* one record in a feed */
#define CU_CAP_ZIP_ENTRIES	2000000

/* reports */
#define CU_CAP_FINDINGS		10000000

#endif
