/*
 * base.c - which bottom layers of an image came from its base image.
 *
 * Exactly: with the base image at hand (--base IMAGE), the layers whose
 * diff_ids are the base's, in order. Otherwise from the history, as a
 * Dockerfile leaves it: the base image's own history ends with its CMD or
 * ENTRYPOINT (an empty layer), so the layers before the last such entry
 * that is followed by more layers are the base's; and an image whose first
 * layer is a root filesystem added from a tarball ("ADD file:... in /")
 * has at least that layer from its base.
 */
#include "common.h"
#include "image.h"

static bool ends_base(const char *created_by)
{
	const char *s = created_by ? created_by : "";

	if (strncmp(s, "/bin/sh -c #(nop) ", 18) == 0)
		s += 18;
	while (*s == ' ')
		s++;
	return strncmp(s, "CMD", 3) == 0 || strncmp(s, "ENTRYPOINT", 10) == 0;
}

static bool rootfs_add(const char *created_by)
{
	const char *s = created_by ? created_by : "";

	if (strncmp(s, "/bin/sh -c #(nop) ", 18) == 0)
		s += 18;
	while (*s == ' ')
		s++;
	if (strncmp(s, "ADD file:", 9) != 0 || !(s = strstr(s, " in /")))
		return false;
	return s[5] == '\0' || s[5] == ' ';
}

int cu_image_base_layers_from_history(const struct cu_image *img)
{
	int layer = 0, base = -1;

	if (!img->nhistory || !img->nlayers)
		return -1;
	for (size_t i = 0; i < img->nhistory; i++) {
		const struct cu_history *h = &img->history[i];

		if (!h->empty_layer) {
			if (layer == 0 && rootfs_add(h->created_by))
				base = 1;
			layer++;
			continue;
		}
		if (ends_base(h->created_by) && layer < (int)img->nlayers && layer > 0) {
			/* a base CMD with layers of the app after it */
			base = layer;
		}
	}
	if (base >= (int)img->nlayers)
		return -1;	/* everything would be base: no app layers to tell apart */
	return base;
}

int cu_image_base_layers_from(const struct cu_image *img, const struct cu_image *base)
{
	size_t n = 0;

	while (n < img->nlayers && n < base->nlayers &&
	       strcmp(img->layers[n].diff_id, base->layers[n].diff_id) == 0)
		n++;
	return (int)n;
}
