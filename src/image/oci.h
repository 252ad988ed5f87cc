/*
 * oci.h - OCI image layout and docker-save resolution over a store.
 */
#ifndef CU_OCI_H
#define CU_OCI_H

#include "image.h"
#include "store.h"

/* index.json -> manifest -> config, filling img. */
int cu_oci_resolve(struct cu_image *img, struct cu_store *st, const char *tag,
		   const struct cu_image_options *opts, struct cu_err *err);

/* manifest.json -> config -> layer paths, filling img. */
int cu_docker_resolve(struct cu_image *img, struct cu_store *st, const char *tag,
		      struct cu_err *err);

#endif
