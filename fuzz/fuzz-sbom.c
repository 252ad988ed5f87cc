/*
 * fuzz-sbom.c - the SBOM reader (catalog/sbom.h): the input is one document,
 * CycloneDX JSON, SPDX JSON or SPDX tag-value, told apart by its first bytes
 * as for a file.
 */
#include "catalog/catalog.h"
#include "catalog/sbom.h"
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_catalog cat;
	struct cu_sbom_info info;
	struct cu_err err = { 0 };

	cu_sbom_sniff(cu_span_make(data, size));
	cu_catalog_init(&cat);
	cu_sbom_parse(cu_span_make(data, size), "fuzz", &cat, &info, &err);
	cu_catalog_release(&cat);
	return 0;
}
