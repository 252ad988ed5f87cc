/*
 * fuzz-archive.c - the outer-tar indexer used for docker-archive and
 * oci-archive files, and member lookups through it.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "image/archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cu_archive *ar = NULL;
	struct cu_err err = { 0 };
	int fd = memfd_create("fuzz-archive", 0);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	if (cu_archive_index_fd(fd, "fuzz.tar", &ar, &err) == 0) {
		const char *names[] = { "manifest.json", "index.json", "blobs/sha256/x",
					"a/layer.tar", "../x" };
		struct cu_reader *r;

		for (size_t i = 0; i < CU_ARRAY_SIZE(names); i++) {
			if (cu_archive_open_member(ar, names[i], &r, &err) == 0) {
				char buf[512];
				size_t got;

				while (cu_reader_read(r, buf, sizeof(buf), &got, &err) == 0 && got)
					;
				cu_reader_close(r);
			}
		}
		cu_archive_free(ar);	/* closes fd */
	} else {
		close(fd);
	}
	return 0;
}
