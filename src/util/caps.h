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
#define CU_CAP_SUMS_BYTES	(1 * CU_MiB)	/* a downloaded checksum file */

/* package URLs, read or written */
#define CU_CAP_PURL_BYTES	(64 * 1024)

/* SBOM documents read as input */
#define CU_CAP_SBOM_BYTES	(256 * CU_MiB)		/* one document */
#define CU_CAP_SBOM_ENTRIES	CU_CAP_PKGDB_ENTRIES	/* components or packages */
#define CU_CAP_SBOM_DEPTH	32			/* nested CycloneDX components */
#define CU_CAP_SBOM_PROPERTIES	4096			/* properties of one component */

/* reports, and JSON reports read back (diff, trend, baselines) */
#define CU_CAP_FINDINGS		10000000
#define CU_CAP_REPORT_BYTES	(128 * CU_MiB)	/* one report file */
#define CU_CAP_REPORT_PKGS	1000000		/* packages[] entries */
#define CU_CAP_REPORT_ALIASES	1024		/* aliases of one finding */
#define CU_CAP_REPORT_STRING	(64 * 1024)	/* one string we keep */

/* user templates (-f template) */
#define CU_CAP_TEMPLATE_BYTES	(1 * CU_MiB)	/* the template file */
#define CU_CAP_TEMPLATE_DEPTH	32		/* sections and conditions inside each other */
#define CU_CAP_TEMPLATE_OUTPUT	(64 * CU_MiB)	/* what it writes */
#define CU_CAP_TEMPLATE_STEPS	50000000ULL	/* nodes evaluated: work without output */

#endif
