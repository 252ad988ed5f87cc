/*
 * path.h - lexical normalisation of paths taken from images.
 *
 * Paths inside an image are always relative to the image root. Names in
 * tar entries and manifests come as "./etc/passwd", "/etc/passwd",
 * "etc//passwd" or "etc/./x/../passwd"; all of them normalise to
 * "etc/passwd". Nothing here touches the host filesystem.
 */
#ifndef CU_PATH_H
#define CU_PATH_H

#include <stdbool.h>

#include "buf.h"
#include "span.h"

/*
 * Write the normalised form of path to out (replacing its contents): no
 * leading or trailing '/', no empty, "." or ".." components. The root is "".
 * A ".." that would climb above the root is CU_EUNSAFE. A path longer than
 * CU_CAP_PATH_BYTES or deeper than CU_CAP_PATH_DEPTH is CU_ETOOBIG; a NUL
 * byte is CU_EFORMAT.
 */
int cu_path_normalize(struct cu_span path, struct cu_buf *out);

/* The last component ("passwd" of "etc/passwd"); the path itself if none. */
struct cu_span cu_path_basename(struct cu_span path);

/* Everything before the last '/' ("etc" of "etc/passwd"; "" for "passwd"). */
struct cu_span cu_path_dirname(struct cu_span path);

#endif
