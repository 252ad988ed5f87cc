/*
 * elf.c - ELF header, program header and section header decoding
 * (System V gABI, "ELF Header", "Program Header", "Sections"): ELFCLASS32
 * and ELFCLASS64, ELFDATA2LSB and ELFDATA2MSB. Every read is checked
 * against the bytes given.
 */
#include "common.h"
#include "elf.h"

#define EHDR32_SIZE	52
#define EHDR64_SIZE	64
#define PHDR32_SIZE	32
#define PHDR64_SIZE	56
#define SHDR32_SIZE	40
#define SHDR64_SIZE	64
#define PN_XNUM		0xffff
#define SHN_LORESERVE	0xff00

static const unsigned char elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

/* --- fixed-width reads -------------------------------------------------- */

static bool rd(struct cu_span s, uint64_t off, unsigned width, bool big, uint64_t *out)
{
	const unsigned char *p;
	uint64_t v = 0;

	if (off > s.len || width > s.len - off)
		return false;
	p = (const unsigned char *)s.ptr + off;
	for (unsigned i = 0; i < width; i++) {
		unsigned shift = big ? 8 * (width - 1 - i) : 8 * i;

		v |= (uint64_t)p[i] << shift;
	}
	*out = v;
	return true;
}

static uint16_t rd16(struct cu_span s, uint64_t off, bool big)
{
	uint64_t v = 0;

	rd(s, off, 2, big, &v);
	return (uint16_t)v;
}

static uint32_t rd32(struct cu_span s, uint64_t off, bool big)
{
	uint64_t v = 0;

	rd(s, off, 4, big, &v);
	return (uint32_t)v;
}

static uint64_t rd64(struct cu_span s, uint64_t off, bool big)
{
	uint64_t v = 0;

	rd(s, off, 8, big, &v);
	return v;
}

/* An address-sized field: 4 bytes in ELFCLASS32, 8 in ELFCLASS64. */
static uint64_t rdaddr(const struct cu_elf *e, struct cu_span s, uint64_t off)
{
	return e->is64 ? rd64(s, off, e->big_endian) : rd32(s, off, e->big_endian);
}

/* --- the ELF header ----------------------------------------------------- */

bool cu_elf_sniff(struct cu_span s)
{
	size_t n = s.len < sizeof(elf_magic) ? s.len : sizeof(elf_magic);

	return memcmp(s.ptr, elf_magic, n) == 0;
}

size_t cu_elf_header_size(struct cu_span s)
{
	if (s.len < 5 || !cu_elf_sniff(s))
		return 0;
	if (s.ptr[4] == 1)
		return EHDR32_SIZE;
	return s.ptr[4] == 2 ? EHDR64_SIZE : 0;
}

/* Drop tables whose entries are too small or whose count is escaped. */
static void check_tables(struct cu_elf *e)
{
	size_t ph_min = e->is64 ? PHDR64_SIZE : PHDR32_SIZE;
	size_t sh_min = e->is64 ? SHDR64_SIZE : SHDR32_SIZE;

	if (e->phentsize < ph_min || e->phnum == PN_XNUM || !e->phoff)
		e->phnum = 0;
	if (e->shentsize < sh_min || !e->shoff || e->shstrndx >= SHN_LORESERVE ||
	    e->shstrndx >= e->shnum)
		e->shnum = 0;
}

int cu_elf_parse_header(struct cu_span s, struct cu_elf *out)
{
	size_t need = cu_elf_header_size(s);
	struct cu_elf e = { 0 };
	unsigned half;	/* offset of e_phentsize: the 16-bit fields follow it */

	memset(out, 0, sizeof(*out));
	if (!need || s.len < need || (s.ptr[5] != 1 && s.ptr[5] != 2) || s.ptr[6] != 1)
		return CU_EFORMAT;
	e.is64 = need == EHDR64_SIZE;
	e.big_endian = s.ptr[5] == 2;
	e.type = rd16(s, 16, e.big_endian);
	e.phoff = rdaddr(&e, s, e.is64 ? 32 : 28);
	e.shoff = rdaddr(&e, s, e.is64 ? 40 : 32);
	half = e.is64 ? 54 : 42;
	e.phentsize = rd16(s, half, e.big_endian);
	e.phnum = rd16(s, half + 2, e.big_endian);
	e.shentsize = rd16(s, half + 4, e.big_endian);
	e.shnum = rd16(s, half + 6, e.big_endian);
	e.shstrndx = rd16(s, half + 8, e.big_endian);
	check_tables(&e);
	*out = e;
	return 0;
}

uint64_t cu_elf_phdrs_size(const struct cu_elf *e)
{
	return (uint64_t)e->phentsize * e->phnum;
}

uint64_t cu_elf_shdrs_size(const struct cu_elf *e)
{
	return (uint64_t)e->shentsize * e->shnum;
}

/* --- table entries ------------------------------------------------------ */

static bool entry(struct cu_span table, size_t i, uint16_t entsize, uint16_t count,
		  size_t min, struct cu_span *out)
{
	uint64_t off = (uint64_t)i * entsize;

	if (i >= count || off > table.len || table.len - off < min)
		return false;
	*out = cu_span_make(table.ptr + off, min);
	return true;
}

bool cu_elf_phdr(const struct cu_elf *e, struct cu_span table, size_t i,
		 struct cu_elf_phdr *out)
{
	bool big = e->big_endian;
	struct cu_span p;

	if (!entry(table, i, e->phentsize, e->phnum,
		   e->is64 ? PHDR64_SIZE : PHDR32_SIZE, &p))
		return false;
	out->type = rd32(p, 0, big);
	if (e->is64) {
		out->flags = rd32(p, 4, big);
		out->offset = rd64(p, 8, big);
		out->filesz = rd64(p, 32, big);
	} else {
		out->offset = rd32(p, 4, big);
		out->filesz = rd32(p, 16, big);
		out->flags = rd32(p, 24, big);
	}
	return true;
}

bool cu_elf_shdr(const struct cu_elf *e, struct cu_span table, size_t i,
		 struct cu_elf_shdr *out)
{
	bool big = e->big_endian;
	struct cu_span p;

	if (!entry(table, i, e->shentsize, e->shnum,
		   e->is64 ? SHDR64_SIZE : SHDR32_SIZE, &p))
		return false;
	out->name = rd32(p, 0, big);
	out->type = rd32(p, 4, big);
	out->flags = rdaddr(e, p, 8);
	out->offset = rdaddr(e, p, e->is64 ? 24 : 16);
	out->size = rdaddr(e, p, e->is64 ? 32 : 20);
	return true;
}

struct cu_span cu_elf_string(struct cu_span strtab, uint32_t name)
{
	struct cu_span s = cu_span_skip(strtab, name);
	ptrdiff_t nul;

	if (name >= strtab.len)
		return CU_SPAN_NULL;
	nul = cu_span_find(s, '\0');
	return nul < 0 ? CU_SPAN_NULL : cu_span_make(s.ptr, (size_t)nul);
}
