# customs - container image security scanner
#
#   make              build ./build/customs (optimised, warnings are errors)
#   make check        build and run the whole test suite
#   make SAN=1 check  the same under AddressSanitizer + UndefinedBehaviorSanitizer
#                     (objects go to build-san/)
#   make fuzz         build the libFuzzer targets (needs clang)
#   make install      install the binary to $(PREFIX)/bin

PREFIX ?= /usr/local
CC ?= cc
PKGS = libarchive libzstd libcurl libcrypto sqlite3 jansson yaml-0.1 libpcre2-8 zlib

ifeq ($(SAN),1)
BUILD ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT ?= -O1 -g
else
BUILD ?= build
SANFLAGS =
OPT ?= -O2 -g
endif

WARN = -Wall -Wextra -Wvla -Wmissing-prototypes -Wstrict-prototypes \
       -Wshadow -Wpointer-arith -Wformat=2 -Wno-unused-parameter \
       -Wno-sign-compare -Werror
ifeq ($(findstring clang,$(CC)),)
WARN += -Wno-format-truncation
endif
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(OPT) $(WARN) \
	     $(SANFLAGS) -pthread -Isrc -Isrc/util \
	     $(shell pkg-config --cflags $(PKGS)) $(CFLAGS)
LIBS = $(shell pkg-config --libs $(PKGS)) -lisal -lm -pthread
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

LIB_DIRS = util image fsview catalog version vulndb match policy report scan
LIB_SRC = $(foreach d,$(LIB_DIRS),$(wildcard src/$(d)/*.c))
CLI_SRC = $(wildcard src/cli/*.c)
UNIT_SRC = $(wildcard tests/unit/*.c)

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/%.o)
DEPS = $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

all: $(BUILD)/customs $(BUILD)/customs-unit

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC  $<'
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/libcustoms.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/customs: $(CLI_OBJ) $(BUILD)/libcustoms.a
	@echo '  LD  $@'
	@$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libcustoms.a $(LIBS)

$(BUILD)/customs-unit: $(UNIT_OBJ) $(BUILD)/libcustoms.a
	@echo '  LD  $@'
	@$(CC) $(LDFLAGS_ALL) -o $@ $(UNIT_OBJ) $(BUILD)/libcustoms.a $(LIBS)

check: all
	BUILD=$(BUILD) tests/run.sh

# libFuzzer targets: each fuzz/fuzz-*.c links against the library built with
# clang and the fuzzer sanitizer.
FUZZ_SRC = $(wildcard fuzz/fuzz-*.c)
FUZZ_BIN = $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g" \
		SANFLAGS="-fsanitize=address,undefined,fuzzer-no-link" \
		build-fuzz/libcustoms.a
	$(MAKE) BUILD=build-fuzz CC=clang $(FUZZ_BIN)

build-fuzz/fuzz-%: fuzz/fuzz-%.c build-fuzz/libcustoms.a
	$(CC) $(CFLAGS_ALL) -fsanitize=address,undefined,fuzzer -o $@ $< \
		build-fuzz/libcustoms.a $(LIBS)

install: $(BUILD)/customs
	install -D -m 0755 $(BUILD)/customs $(DESTDIR)$(PREFIX)/bin/customs

clean:
	rm -rf build build-san build-fuzz

.PHONY: all check fuzz install clean
-include $(DEPS)

# The README demo: build the sample image and database from examples/sample
# (no network), then scan.
demo: $(BUILD)/customs
	@mkdir -p $(BUILD)/demo
	python3 tests/tools/mkimage.py examples/sample/image.json \
		$(BUILD)/demo/sample-image.tar --format docker-archive
	rm -f $(BUILD)/demo/sample-db.sqlite
	$(BUILD)/customs db import --db $(BUILD)/demo/sample-db.sqlite \
		examples/sample/debian-tracker.json
	$(BUILD)/customs image --db $(BUILD)/demo/sample-db.sqlite \
		$(BUILD)/demo/sample-image.tar

.PHONY: demo

# End-to-end checks on the ../shared fixture images (build them first).
e2e: $(BUILD)/customs
	CUSTOMS=$(CURDIR)/$(BUILD)/customs tests/e2e/fixtures.sh

.PHONY: e2e
