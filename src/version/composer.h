/*
 * composer.h - Composer (Packagist) version normalisation.
 *
 * cu_scheme_composer (version.h) compares and matches constraints; this is
 * the normalised form it compares, for importers and tests.
 */
#ifndef CU_COMPOSER_H
#define CU_COMPOSER_H

#include "buf.h"
#include "span.h"

/* Normalised versions longer than this are refused (CU_EFORMAT). */
#define CU_COMPOSER_NORM_MAX 320

/*
 * VersionParser::normalize appended to out: "1.2" -> "1.2.0.0",
 * "v2.0-rc1" -> "2.0.0.0-RC1", "1.x-dev" -> "1.9999999.9999999.9999999-dev",
 * "master" -> "dev-master". CU_EFORMAT where Composer throws.
 */
int cu_composer_normalize(struct cu_span version, struct cu_buf *out);

#endif
