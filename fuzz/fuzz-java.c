/*
 * fuzz-java.c - Java archives: the input is a .jar read as the java
 * cataloger reads it (zip walk, nested archives, pom.properties and
 * manifest parsing), and is also parsed directly as a pom.properties file,
 * a manifest and a file name.
 */
#include "catalog/java.h"
#include "common.h"

static int found(void *ctx, const struct cu_java_ident *id, const char *location)
{
	size_t *n = ctx;

	*n += id->artifact.len + id->version.len + strlen(location);
	return 0;
}

static void warn(void *ctx, const char *msg)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_span text = cu_span_make(data, size);
	size_t n = 0;
	struct cu_java_scan scan = {
		.path = "app/fuzz-1.0.jar", .found = found, .warn = warn, .ctx = &n,
	};
	struct cu_java_manifest m;
	struct cu_java_ident id = { 0 };

	cu_java_scan_archive(&scan, data, size);
	cu_java_pom_properties(text, &id);
	cu_java_fallback_ident(text, cu_span_str("lib/x-1.0.jar"), &m, &id);
	cu_java_fallback_ident(text, text, &m, &id);
	cu_java_pom_path(text, &id);
	return 0;
}
