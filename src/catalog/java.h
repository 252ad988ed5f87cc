/*
 * java.h - inside the java cataloger: reading Java archives (JAR, WAR,
 * EAR and their plugin cousins) held in memory, and the metadata files in
 * them that name a Maven artifact.
 *
 * java.c is the cataloger (streaming archives out of the layers, keeping
 * what was found per path and layer); java-zip.c walks one archive and the
 * archives nested in it; java-meta.c parses pom.properties, the manifest
 * and file names.
 */
#ifndef CU_CATALOG_JAVA_H
#define CU_CATALOG_JAVA_H

#include <stdbool.h>
#include <stdint.h>

#include "span.h"

/* Archives nested in archives: the image file is depth 0. */
#define CU_JAVA_MAX_DEPTH	4
/* One nested archive read into memory (Spring Boot libs are a few MB). */
#define CU_JAVA_MAX_NESTED	(64 * 1024 * 1024)
/*
 * Bytes inflated from one image archive, nested ones included: what a zip
 * bomb can cost us in time. Only metadata files and nested archives are
 * inflated, never class files.
 */
#define CU_JAVA_MAX_INFLATED	(512ULL * 1024 * 1024)
/* Entries of one archive, checked before libarchive indexes them. */
#define CU_JAVA_MAX_ENTRIES	250000
/* Archives opened for one image archive (a fat jar has a few hundred). */
#define CU_JAVA_MAX_ARCHIVES	10000
/* pom.properties and MANIFEST.MF are small; larger ones are not metadata. */
#define CU_JAVA_MAX_META	(1024 * 1024)

/* A Maven artifact as far as it is known; spans point into the caller's text. */
struct cu_java_ident {
	struct cu_span group;	/* empty when unknown */
	struct cu_span artifact;
	struct cu_span version;
	const char *found_by;	/* "java-pom-properties", "java-manifest", "java-filename" */
	/*
	 * SHA-1 of the archive (hex) when the package is the archive itself:
	 * named by its manifest or file name, or by a pom.properties whose
	 * artifact and version the file name repeats ("x-1.0.jar"). NULL for
	 * a package shaded into another's archive.
	 */
	const char *archive_sha1;
};

/* One image archive being read. */
struct cu_java_scan {
	const char *path;	/* in the image: "app/app.jar" */
	uint64_t inflated;	/* bytes inflated so far, every level */
	size_t archives;	/* archives opened so far */
	bool capped;		/* a cap stopped the walk; said once */
	/* A package at location ("app.jar!/BOOT-INF/lib/x.jar"); 0 or CU_ENOMEM. */
	int (*found)(void *ctx, const struct cu_java_ident *id, const char *location);
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
};

/*
 * Read the zip archive data (the file at scan->path) and the archives nested
 * in it, reporting each package through scan->found. Malformed archives and
 * caps are reported through scan->warn and end the walk of that archive
 * only. Returns 0, or CU_ENOMEM.
 */
int cu_java_scan_archive(struct cu_java_scan *scan, const void *data, size_t len);

/* A file name with one of the Java archive extensions (any case). */
bool cu_java_archive_name(struct cu_span name);

/*
 * An entry "[...]/META-INF/maven/<group>/<artifact>/pom.properties": sets
 * the group and artifact its path names.
 */
bool cu_java_pom_path(struct cu_span entry, struct cu_java_ident *id);

/*
 * The groupId, artifactId and version keys of a pom.properties file; keys
 * missing from the file or unusable keep what id held (the path's names).
 * False when no plausible artifact and version remain.
 */
bool cu_java_pom_properties(struct cu_span text, struct cu_java_ident *id);

/* Values of the manifest's main section, unfolded into fixed buffers. */
struct cu_java_manifest {
	char vendor_id[256];	/* Implementation-Vendor-Id */
	char symbolic[256];	/* Bundle-SymbolicName without directives */
	char title[256];	/* Implementation-Title */
	char bundle_name[256];	/* Bundle-Name */
	char impl_version[128];	/* Implementation-Version */
	char bundle_version[128];	/* Bundle-Version */
	char group[256];	/* derived, see java-meta.c */
};

/*
 * When an archive has no pom.properties: its artifact from the manifest
 * text (may be empty) and the archive's path, as java-meta.c describes.
 * False when neither names an artifact and a version. Spans point into m
 * or path.
 */
bool cu_java_fallback_ident(struct cu_span manifest, struct cu_span path,
			    struct cu_java_manifest *m, struct cu_java_ident *id);

/*
 * "dir/log4j-core-2.14.1.jar" -> log4j-core, 2.14.1 (the artifact is the
 * whole stem when there is no version); false without both.
 */
bool cu_java_filename_ident(struct cu_span filename, struct cu_java_ident *id);

/* The group of a well-known artifact ("log4j-core"), or NULL. */
const char *cu_java_known_group(struct cu_span artifact);

/* Printable ASCII without spaces or quotes: safe as a Maven coordinate. */
bool cu_java_coord_ok(struct cu_span s);

#endif
