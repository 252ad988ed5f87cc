/*
 * rpm-header.c - reading the fields customs needs from an rpm header blob
 * (rpm's doc/manual/format.md "Header", tag numbers and types from
 * lib/rpmtag.h). Only the index entries of the tags below are looked at;
 * each is checked against the blob before its data is read: types,
 * offsets, counts and NUL terminators of strings.
 */
#include "common.h"
#include "map.h"
#include "rpm-header.h"

enum rpm_type {
	T_INT32 = 4,
	T_STRING = 6,
	T_STRING_ARRAY = 8,
	T_I18NSTRING = 9,
};

/* The tags we read; the index into this table is the entry slot. */
enum slot {
	S_NAME, S_VERSION, S_RELEASE, S_EPOCH, S_SUMMARY, S_VENDOR, S_LICENSE,
	S_ARCH, S_OLDFILENAMES, S_SOURCERPM, S_PROVIDENAME, S_REQUIRENAME,
	S_DIRINDEXES, S_BASENAMES, S_DIRNAMES, S_MODULARITYLABEL, S_COUNT
};

static const uint32_t slot_tag[S_COUNT] = {
	[S_NAME] = 1000, [S_VERSION] = 1001, [S_RELEASE] = 1002, [S_EPOCH] = 1003,
	[S_SUMMARY] = 1004, [S_VENDOR] = 1011, [S_LICENSE] = 1014, [S_ARCH] = 1022,
	[S_OLDFILENAMES] = 1027, [S_SOURCERPM] = 1044, [S_PROVIDENAME] = 1047,
	[S_REQUIRENAME] = 1049, [S_DIRINDEXES] = 1116, [S_BASENAMES] = 1117,
	[S_DIRNAMES] = 1118, [S_MODULARITYLABEL] = 5096,
};

struct entry {
	uint32_t type, offset, count;
	bool found;
};

struct header {
	struct cu_span data;		/* the data store */
	struct entry e[S_COUNT];
	size_t bad;			/* wanted entries pointing past the data */
};

/* A walk over the NUL-terminated strings of a STRING_ARRAY entry. */
struct strings {
	struct cu_span rest;
	uint32_t left;
};

static uint32_t be32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

static int slot_of(uint32_t tag)
{
	for (int i = 0; i < S_COUNT; i++)
		if (slot_tag[i] == tag)
			return i;
	return -1;
}

/* Check the header's outline and note where the wanted tags are. */
static int header_open(struct cu_span blob, struct header *h, struct cu_err *err)
{
	uint64_t il, dl;
	struct cu_span index;

	memset(h, 0, sizeof(*h));
	if (blob.len < 8)
		return cu_seterr(err, CU_EFORMAT, "header of %zu bytes", blob.len);
	il = be32(blob.ptr);
	dl = be32(blob.ptr + 4);
	if (il == 0 || il > CU_RPM_HDR_MAX_TAGS || dl > CU_RPM_HDR_MAX_DATA)
		return cu_seterr(err, CU_EFORMAT, "header claims %llu tags and %llu data bytes",
				 (unsigned long long)il, (unsigned long long)dl);
	if (8 + il * 16 + dl > blob.len)
		return cu_seterr(err, CU_EFORMAT, "header truncated: %zu of %llu bytes",
				 blob.len, (unsigned long long)(8 + il * 16 + dl));
	index = cu_span_sub(blob, 8, il * 16);
	h->data = cu_span_sub(blob, 8 + il * 16, dl);
	for (uint64_t i = 0; i < il; i++) {
		const char *p = index.ptr + i * 16;
		int s = slot_of(be32(p));

		if (s < 0 || h->e[s].found)
			continue;	/* the first good entry of a tag wins */
		h->e[s].type = be32(p + 4);
		h->e[s].offset = be32(p + 8);
		h->e[s].count = be32(p + 12);
		h->e[s].found = h->e[s].offset < h->data.len;
		h->bad += !h->e[s].found;
	}
	return 0;
}

/* The NUL-terminated string at the start of s; false when unterminated. */
static bool cstring_at(struct cu_span s, struct cu_span *out)
{
	ptrdiff_t nul = cu_span_find(s, '\0');

	if (nul < 0)
		return false;
	*out = cu_span_sub(s, 0, (size_t)nul);
	return true;
}

/* STRING, or the first (untranslated) string of an I18NSTRING. */
static bool get_string(const struct header *h, enum slot s, struct cu_span *out)
{
	const struct entry *e = &h->e[s];

	*out = CU_SPAN_NULL;
	if (!e->found || (e->type != T_STRING && e->type != T_I18NSTRING))
		return false;
	if (!cstring_at(cu_span_skip(h->data, e->offset), out))
		return false;
	if (out->len > CU_CAP_PKG_FIELD)
		out->len = CU_CAP_PKG_FIELD;
	return true;
}

static bool strings_open(const struct header *h, enum slot s, struct strings *it)
{
	const struct entry *e = &h->e[s];

	it->left = 0;
	it->rest = CU_SPAN_NULL;
	if (!e->found || e->type != T_STRING_ARRAY)
		return false;
	it->rest = cu_span_skip(h->data, e->offset);
	if (e->count > it->rest.len)
		return false;	/* each string takes at least its NUL */
	it->left = e->count;
	return true;
}

/* The next string, or false at the end or at an unterminated one. */
static bool strings_next(struct strings *it, struct cu_span *out)
{
	if (!it->left || !cstring_at(it->rest, out))
		return false;
	it->rest = cu_span_skip(it->rest, out->len + 1);
	it->left--;
	return true;
}

static bool get_int32(const struct header *h, enum slot s, uint32_t i, uint32_t *out)
{
	const struct entry *e = &h->e[s];

	if (!e->found || e->type != T_INT32 || i >= e->count)
		return false;
	if ((uint64_t)e->offset + ((uint64_t)i + 1) * 4 > h->data.len)
		return false;
	*out = be32(h->data.ptr + e->offset + (size_t)i * 4);
	return true;
}

/* An arena copy of a string field, NULL when absent or empty. */
static int dup_field(struct cu_arena *a, const struct header *h, enum slot s,
		     const char **out, size_t *bad)
{
	struct cu_span v;

	*out = NULL;
	if (!get_string(h, s, &v)) {
		if (h->e[s].found)
			(*bad)++;
		return 0;
	}
	if (!v.len)
		return 0;
	*out = cu_arena_spandup(a, v);
	return *out ? 0 : CU_ENOMEM;
}

static int read_strings(struct cu_arena *a, const struct header *h,
			struct cu_rpm_info *info, struct cu_err *err)
{
	static const struct {
		enum slot slot;
		size_t offset;
	} fields[] = {
		{ S_NAME, offsetof(struct cu_rpm_info, name) },
		{ S_VERSION, offsetof(struct cu_rpm_info, version) },
		{ S_RELEASE, offsetof(struct cu_rpm_info, release) },
		{ S_ARCH, offsetof(struct cu_rpm_info, arch) },
		{ S_SOURCERPM, offsetof(struct cu_rpm_info, sourcerpm) },
		{ S_LICENSE, offsetof(struct cu_rpm_info, license) },
		{ S_SUMMARY, offsetof(struct cu_rpm_info, summary) },
		{ S_VENDOR, offsetof(struct cu_rpm_info, vendor) },
		{ S_MODULARITYLABEL, offsetof(struct cu_rpm_info, modularity_label) },
	};
	int rc;

	for (size_t i = 0; i < CU_ARRAY_SIZE(fields); i++) {
		const char **dst = (const char **)((char *)info + fields[i].offset);

		rc = dup_field(a, h, fields[i].slot, dst, &info->bad);
		if (rc)
			return rc;
	}
	if (!info->name || !info->version || !info->release)
		return cu_seterr(err, CU_EFORMAT, "header without %s",
				 !info->name ? "NAME" : !info->version ? "VERSION" : "RELEASE");
	info->has_epoch = get_int32(h, S_EPOCH, 0, &info->epoch);
	if (!info->has_epoch && h->e[S_EPOCH].found)
		info->bad++;
	return 0;
}

/* --- file list ----------------------------------------------------------- */

/* Append one owned path, without its leading '/'s, to info->files. */
static int add_file(struct cu_arena *a, struct cu_rpm_info *info, struct cu_span dir,
		    struct cu_span base)
{
	char *path;

	while (dir.len && dir.ptr[0] == '/')
		dir = cu_span_skip(dir, 1);
	if (!dir.len)
		while (base.len && base.ptr[0] == '/')
			base = cu_span_skip(base, 1);
	if (!dir.len && !base.len)
		return 0;
	if (dir.len + base.len > CU_CAP_PATH_BYTES) {
		info->bad++;
		return 0;
	}
	path = cu_arena_alloc(a, dir.len + base.len + 1);
	if (!path)
		return CU_ENOMEM;
	memcpy(path, dir.ptr, dir.len);
	memcpy(path + dir.len, base.ptr, base.len);
	info->files[info->nfiles++] = path;
	return 0;
}

static int alloc_files(struct cu_arena *a, struct cu_rpm_info *info, uint32_t count)
{
	size_t n = count;

	if (n > CU_CAP_PKG_FILES) {
		info->truncated += n - CU_CAP_PKG_FILES;
		n = CU_CAP_PKG_FILES;
	}
	info->files = cu_arena_calloc(a, n + 1, sizeof(*info->files));
	return info->files ? 0 : CU_ENOMEM;
}

/* Old headers (rpm < 4.0): OLDFILENAMES holds whole paths. */
static int read_old_files(struct cu_arena *a, const struct header *h,
			  struct cu_rpm_info *info)
{
	struct strings it;
	struct cu_span path;
	int rc;

	if (!strings_open(h, S_OLDFILENAMES, &it)) {
		info->bad += h->e[S_OLDFILENAMES].found;
		return 0;
	}
	rc = alloc_files(a, info, it.left);
	while (!rc && info->nfiles < CU_CAP_PKG_FILES && strings_next(&it, &path))
		rc = add_file(a, info, CU_SPAN_NULL, path);
	return rc;
}

/* DIRNAMES as an array, so DIRINDEXES can pick from it. */
static int split_dirnames(const struct header *h, struct cu_span **dirs, size_t *ndirs)
{
	struct strings it;
	size_t n = 0;

	*dirs = NULL;
	*ndirs = 0;
	if (!strings_open(h, S_DIRNAMES, &it))
		return 0;
	if (it.left > CU_CAP_PKG_FILES)
		it.left = CU_CAP_PKG_FILES;
	*dirs = cu_calloc(it.left + 1, sizeof(**dirs));
	if (!*dirs)
		return CU_ENOMEM;
	while (strings_next(&it, &(*dirs)[n]))
		n++;
	*ndirs = n;
	return 0;
}

static int read_files(struct cu_arena *a, const struct header *h, struct cu_rpm_info *info)
{
	struct cu_span *dirs = NULL, base;
	struct strings it;
	size_t ndirs = 0;
	uint32_t i = 0, di;
	int rc;

	if (!h->e[S_BASENAMES].found)
		return read_old_files(a, h, info);
	if (!strings_open(h, S_BASENAMES, &it) ||
	    h->e[S_DIRINDEXES].count != it.left) {
		info->bad++;
		return 0;
	}
	rc = split_dirnames(h, &dirs, &ndirs);
	if (!rc)
		rc = alloc_files(a, info, it.left);
	for (; !rc && info->nfiles < CU_CAP_PKG_FILES && strings_next(&it, &base); i++) {
		if (!get_int32(h, S_DIRINDEXES, i, &di) || di >= ndirs) {
			info->bad++;
			continue;
		}
		rc = add_file(a, info, dirs[di], base);
	}
	free(dirs);
	return rc;
}

/* --- capabilities -------------------------------------------------------- */

static bool is_requirement_kept(struct cu_span name)
{
	return name.len && name.ptr[0] != '/' && !cu_span_starts_with(name, "rpmlib(");
}

static int read_requires(struct cu_arena *a, const struct header *h,
			 struct cu_rpm_info *info)
{
	struct cu_map seen;
	struct strings it;
	struct cu_span name;
	char *s;
	int rc = 0;

	if (!strings_open(h, S_REQUIRENAME, &it))
		return 0;
	info->requires = cu_arena_calloc(a, min_size(it.left, CU_RPM_MAX_DEPENDS) + 1,
					 sizeof(*info->requires));
	if (!info->requires)
		return CU_ENOMEM;
	cu_map_init(&seen, CU_RPM_MAX_DEPENDS);
	while (!rc && strings_next(&it, &name)) {
		if (!is_requirement_kept(name) || cu_map_get(&seen, name))
			continue;
		if (info->nrequires >= CU_RPM_MAX_DEPENDS) {
			info->truncated++;
			continue;
		}
		s = cu_arena_spandup(a, name);
		rc = s ? cu_map_put(&seen, cu_span_str(s), s) : CU_ENOMEM;
		if (!rc)
			info->requires[info->nrequires++] = s;
	}
	cu_map_release(&seen);
	return rc;
}

static int read_provides(struct cu_arena *a, const struct header *h,
			 struct cu_rpm_info *info)
{
	struct strings it;
	struct cu_span name;

	if (!strings_open(h, S_PROVIDENAME, &it))
		return 0;
	info->provides = cu_arena_calloc(a, min_size(it.left, CU_RPM_MAX_PROVIDES) + 1,
					 sizeof(*info->provides));
	if (!info->provides)
		return CU_ENOMEM;
	while (strings_next(&it, &name)) {
		if (!name.len)
			continue;
		if (info->nprovides >= CU_RPM_MAX_PROVIDES) {
			info->truncated++;
			continue;
		}
		info->provides[info->nprovides] = cu_arena_spandup(a, name);
		if (!info->provides[info->nprovides++])
			return CU_ENOMEM;
	}
	return 0;
}

int cu_rpm_info_read(struct cu_arena *a, struct cu_span blob,
		     struct cu_rpm_info *info, struct cu_err *err)
{
	struct header h;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = header_open(blob, &h, err);
	info->bad = h.bad;
	if (!rc)
		rc = read_strings(a, &h, info, err);
	if (!rc)
		rc = read_files(a, &h, info);
	if (!rc)
		rc = read_requires(a, &h, info);
	if (!rc)
		rc = read_provides(a, &h, info);
	if (rc == CU_ENOMEM)
		return cu_seterr(err, rc, "out of memory reading a header");
	return rc;
}

/* "name-version-release.src.rpm" (or .nosrc.rpm) */
bool cu_rpm_split_sourcerpm(struct cu_span srpm, struct cu_span *name,
			    struct cu_span *version_release)
{
	static const char *const suffixes[] = { ".src.rpm", ".nosrc.rpm" };
	struct cu_span s = srpm;
	ptrdiff_t dash1, dash2;

	for (size_t i = 0; i < CU_ARRAY_SIZE(suffixes); i++)
		if (cu_span_ends_with(s, suffixes[i])) {
			s.len -= strlen(suffixes[i]);
			break;
		}
	dash2 = cu_span_rfind(s, '-');
	if (dash2 <= 0)
		return false;
	dash1 = cu_span_rfind(cu_span_sub(s, 0, (size_t)dash2), '-');
	if (dash1 <= 0 || dash1 + 1 == dash2 || (size_t)dash2 + 1 == s.len)
		return false;
	*name = cu_span_sub(s, 0, (size_t)dash1);
	*version_release = cu_span_skip(s, (size_t)dash1 + 1);
	return true;
}
