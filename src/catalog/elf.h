/*
 * elf.h - decoding the ELF file, program and section headers of files we
 * did not build (System V gABI "Object File Format": ELF header, program
 * header, sections; both classes, both byte orders).
 *
 * Nothing here reads a file: the caller hands in the bytes it kept (the
 * start of the file for the headers, the section header table from the end)
 * and every field read is bounds-checked against them. Values are taken as
 * stored; callers check offsets and sizes against what they hold before
 * using them.
 */
#ifndef CU_ELF_H
#define CU_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include "span.h"

#define CU_ELF_PT_LOAD		1
#define CU_ELF_PF_X		0x1
#define CU_ELF_PF_W		0x2
#define CU_ELF_SHT_NOBITS	8
#define CU_ELF_SHF_COMPRESSED	0x800

struct cu_elf {
	bool is64;
	bool big_endian;
	uint16_t type;			/* ET_EXEC, ET_DYN ... */
	uint64_t phoff, shoff;
	uint16_t phentsize, phnum;	/* phnum 0 when the table is unusable */
	uint16_t shentsize, shnum;	/* shnum 0 when the table is unusable */
	uint16_t shstrndx;
};

struct cu_elf_phdr {
	uint32_t type, flags;
	uint64_t offset, filesz;
};

struct cu_elf_shdr {
	uint32_t name, type;
	uint64_t flags, offset, size;
};

/*
 * 1 when s (the first bytes of a file, any length) may still be an ELF file,
 * 0 when it cannot be.
 */
bool cu_elf_sniff(struct cu_span s);

/* Bytes the ELF header takes (52 or 64) once s holds e_ident, else 0. */
size_t cu_elf_header_size(struct cu_span s);

/*
 * Decode the ELF header at the start of s. CU_EFORMAT when it is not one we
 * can read (bad magic, class, byte order or version, or s too short). Table
 * entries smaller than the gABI structures make that table count as absent
 * (phnum or shnum 0), as do the extended-numbering escapes (PN_XNUM, a zero
 * e_shnum with a non-zero e_shoff, SHN_XINDEX).
 */
int cu_elf_parse_header(struct cu_span s, struct cu_elf *out);

/* Bytes of the program / section header tables. */
uint64_t cu_elf_phdrs_size(const struct cu_elf *e);
uint64_t cu_elf_shdrs_size(const struct cu_elf *e);

/*
 * Entry i of a header table; table holds the table's bytes from its start.
 * false when the entry is not all inside table.
 */
bool cu_elf_phdr(const struct cu_elf *e, struct cu_span table, size_t i,
		 struct cu_elf_phdr *out);
bool cu_elf_shdr(const struct cu_elf *e, struct cu_span table, size_t i,
		 struct cu_elf_shdr *out);

/*
 * The NUL-terminated name at offset name of a string table, without its NUL;
 * an empty span when it is not all inside strtab.
 */
struct cu_span cu_elf_string(struct cu_span strtab, uint32_t name);

#endif
