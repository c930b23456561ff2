# SPDX-License-Identifier: MIT
# entente — build, test, validate, bench, fuzz.
#   make run        set up, build, run the main analysis on the flagship example
#   make test       set up, build, run the whole test suite (normal + ASan/UBSan + short
#                   fuzz, then the layering and exported-symbol checks); docs/testing.md
#   make lib        the static and the shared library (libentente.a, libentente.so)
#   make install    PREFIX=/usr/local DESTDIR= (and make uninstall); docs/install.md
#   make validate   run entente over ../shared/data (says so when it is absent)
#   make bench      benchmarks (ratios against baselines measured in the same run)
#   make test-report  the HTML briefings of the examples, checked in headless Chromium
#   make fuzz FUZZ_TIME=600   run every libFuzzer harness for FUZZ_TIME seconds each
# Variables: BUILD (output dir), SAN=1 (ASan+UBSan build in build-san), FUZZ=1 (clang
# sanitizer+fuzzer build in build-fuzz, used by scripts/fuzz.sh), CC, CPPFLAGS, CFLAGS,
# LDFLAGS, LDLIBS, JOBS (parallel jobs of the builds `make test` starts; default: all cores).

CC      ?= gcc
SAN     ?= 0
FUZZ    ?= 0
ifeq ($(FUZZ),1)
ifeq ($(origin CC),default)
CC       = clang
endif
BUILD   ?= build-fuzz
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
OPT      = -O1 -g
# gcc's -Werror builds are the gate; clang's extra warnings are shown, not fatal, here
WERROR   = -Wno-error
else ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1 -g
else
BUILD   ?= build
SANFLAGS =
OPT      = -O2 -g
endif
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
WERROR  ?= -Werror

WARN    = -Wall -Wextra $(WERROR) -Wshadow -Wno-unused-parameter
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
             -fvisibility=hidden -Iinclude -Isrc $(SANFLAGS) $(shell pkg-config --cflags clp 2>/dev/null) $(CPPFLAGS) $(CFLAGS)
# The library's objects go into both libentente.a and libentente.so, so they are
# position-independent; without semantic interposition the compiler still inlines and calls
# the exported functions directly inside the library, as in a non-PIC build.
LIB_CFLAGS = -fPIC -fno-semantic-interposition
# Test, bench and fuzz programs are compiled and linked in one step; -MMD -MP writes the
# headers each includes (tests/support/*.h too) to $@.d, read back at the end of this file.
DEPFLAGS = -MMD -MP -MF $@.d -MT $@
# The precondition graph of the HTML briefing (src/report/report_html.c) is laid out by
# Graphviz's dot when pkg-config finds libgvc; it is linked into libentente because the
# report renderer calls it (docs/report.md, docs/licences.md: EPL-1.0); without it, the
# renderer's own layered layout. Its headers as system headers so -Werror judges only ours.
ifeq ($(shell pkg-config --exists libgvc 2>/dev/null && echo yes),yes)
GVC_CFLAGS = -DENT_HAVE_GVC $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libgvc))
GVC_LIBS   = $(shell pkg-config --libs libgvc)
endif
LDLIBS_ALL = -lfyaml -lgmp -lm -lpthread $(or $(shell pkg-config --libs clp 2>/dev/null),-lClp -lCoinUtils) $(GVC_LIBS) $(LDLIBS)
SONAME  = libentente.so.0
# PNG and PDF figures of `entente report` (src/cli/cmd_report.c): librsvg and cairo, linked
# into the command line only (never the library), when pkg-config finds them; their headers
# as system headers so that -Werror judges only ours.
ifeq ($(shell pkg-config --exists librsvg-2.0 cairo-pdf 2>/dev/null && echo yes),yes)
RSVG_CFLAGS = -DENT_HAVE_RSVG $(patsubst -I%,-isystem %,$(shell pkg-config --cflags librsvg-2.0 cairo-pdf))
RSVG_LIBS   = $(shell pkg-config --libs librsvg-2.0 cairo-pdf)
endif

LIB_SRC  = $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC = $(sort $(wildcard bench/bench_*.c))
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
# build/entente-mpi when mpicc is present (rules below)
MPICC   ?= mpicc
ifneq ($(shell command -v $(MPICC) 2>/dev/null),)
MPI_BIN  = $(BUILD)/entente-mpi
endif

.PHONY: all lib deps run test test-unit test-golden test-static test-san test-fuzz fuzz-bin test-report \
        validate bench fuzz clean

# The benchmarks are built with everything else, so that one that stops compiling fails the
# build (they are run by `make bench` only).
all: lib $(BUILD)/entente $(TEST_BIN) $(MPI_BIN) $(BENCH_BIN)

lib: $(BUILD)/libentente.a $(BUILD)/libentente.so

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIB_OBJ): CFLAGS_ALL += $(LIB_CFLAGS)
$(BUILD)/src/cli/cmd_report.o: CFLAGS_ALL += $(RSVG_CFLAGS)
$(BUILD)/src/report/report_html.o: CFLAGS_ALL += $(GVC_CFLAGS)

$(BUILD)/libentente.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libentente.so: $(LIB_OBJ)
	$(CC) $(CFLAGS_ALL) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $(LIB_OBJ) $(LDLIBS_ALL)

# The CLI alone links SQLite (the run store of `entente simulate --store`, src/cli/store.c).
$(BUILD)/entente: $(CLI_OBJ) $(BUILD)/libentente.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libentente.a $(LDLIBS_ALL) $(or $(shell pkg-config --libs sqlite3 2>/dev/null),-lsqlite3) $(RSVG_LIBS)

# The docs/api.md example, cut out of the doc's fenced ```c block under "## Example" (the
# first such block); tests/unit/test_api_example.c includes it, so the doc is what is tested.
# build/entente-mpi (issue 13; src/cli/mpi.c, docs/howto/cluster.md): the command line again,
# mpi.c compiled by mpicc with ENT_CLI_MPI, when mpicc is present. libentente and
# build/entente never link libmpi.
$(BUILD)/mpi/src/cli/mpi.o: src/cli/mpi.c
	@mkdir -p $(dir $@)
	$(MPICC) $(CFLAGS_ALL) -DENT_CLI_MPI -MMD -MP -c $< -o $@

$(BUILD)/entente-mpi: $(filter-out $(BUILD)/src/cli/mpi.o,$(CLI_OBJ)) $(BUILD)/mpi/src/cli/mpi.o $(BUILD)/libentente.a
	$(MPICC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $(filter-out $(BUILD)/libentente.a,$^) $(BUILD)/libentente.a $(LDLIBS_ALL) $(or $(shell pkg-config --libs sqlite3 2>/dev/null),-lsqlite3) $(RSVG_LIBS)

$(BUILD)/tests/api_example.inc: docs/api.md
	@mkdir -p $(dir $@)
	awk '/^## / { sec = $$0 } \
	     sec == "## Example" && !blk && /^```c *$$/ { blk = 1; printf "#line %d \"%s\"\n", NR + 1, FILENAME; next } \
	     blk && /^```/ { done = 1; exit } \
	     blk { print } \
	     END { if (!done) { print FILENAME ": no closed ```c block under \"## Example\"" > "/dev/stderr"; exit 1 } }' \
	    docs/api.md > $@.tmp
	@mv $@.tmp $@

$(BUILD)/tests/test_api_example: $(BUILD)/tests/api_example.inc

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libentente.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEPFLAGS) -Itests -I$(BUILD)/tests $(LDFLAGS) -o $@ $< $(BUILD)/libentente.a -lcmocka $(LDLIBS_ALL)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libentente.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEPFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libentente.a $(LDLIBS_ALL)

# libFuzzer harnesses (FUZZ=1 CC=clang): the library is compiled once, with
# fuzzer-no-link instrumentation, into $(BUILD)/libentente.a; each harness links against it.
$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libentente.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEPFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(BUILD)/libentente.a $(LDLIBS_ALL)

fuzz-bin: $(FUZZ_BIN)

run: deps
	@$(MAKE) --no-print-directory $(BUILD)/entente
	./$(BUILD)/entente analyze examples/ukraine-guarantees.yaml
	./$(BUILD)/entente compare --no-forecasts examples/ukraine-guarantees.yaml

# Phases in order; each build uses $(JOBS) jobs. The static checks run last, and with -k,
# so that a layering or symbol failure lets every other phase report; summary.sh adds up.
test: deps
	@mkdir -p build; rm -f build/.results
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@$(MAKE) --no-print-directory test-unit test-golden test-report
	@$(MAKE) --no-print-directory test-dist
	@$(MAKE) --no-print-directory -j$(JOBS) SAN=1 all
	@$(MAKE) --no-print-directory SAN=1 test-unit test-golden
	@$(MAKE) --no-print-directory test-fuzz
	@st=0; $(MAKE) --no-print-directory test-static || st=1; sh scripts/summary.sh && exit $$st

test-unit: $(TEST_BIN)
	@JOBS=$(JOBS) sh scripts/unit.sh $(BUILD) $(TEST_BIN)

test-golden: $(BUILD)/entente $(MPI_BIN)
	@JOBS=$(JOBS) sh scripts/golden.sh $(BUILD)/entente
	@sh scripts/readme.sh $(BUILD)/entente
	@sh tests/mpi/check.sh $(BUILD)

# The briefings of the examples: xmllint and headless Chromium, screenshots in build/report
# (tests/report/check.sh; docs/report.md).
test-report: $(BUILD)/entente
	@sh tests/report/check.sh $(BUILD)/entente $(BUILD)/report

# The layering rules (scripts/arch.sh) and the exported symbols against the public headers
# (scripts/symbols.sh), each with the proof that it catches a planted fault (*_test.sh).
# All four run even when one fails.
test-static: $(BUILD)/libentente.so
	@st=0; sh scripts/arch.sh || st=1; sh scripts/arch_test.sh || st=1; \
	 sh scripts/symbols.sh $(BUILD)/libentente.so || st=1; \
	 CC="$(CC)" sh scripts/symbols_test.sh || st=1; exit $$st

test-fuzz:
	@JOBS=$(JOBS) sh scripts/fuzz.sh 5

fuzz:
	@JOBS=$(JOBS) sh scripts/fuzz.sh $(or $(FUZZ_TIME),600)

validate: deps
	@$(MAKE) --no-print-directory $(BUILD)/entente
	@sh scripts/validate.sh $(BUILD)/entente

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/entente $(BENCH_BIN)
	@sh scripts/bench.sh $(BUILD)

clean:
	rm -rf build build-san build-fuzz build-*

# ---- install, man pages, bash completion, Python package (issue 16; docs/install.md) ----
# make install PREFIX=/usr/local DESTDIR=   the library (shared, with SONAME, and static),
#        the headers, entente.pc, the CLI, the man pages and the bash completion;
#        make uninstall (same PREFIX/DESTDIR) removes exactly those files.
# The man pages and the completion are generated from the built CLI's --help (scripts/man.sh,
# scripts/completion.sh), so they cannot drift from it. test-dist checks all of it
# (scripts/install_test.sh, man_test.sh, completion_test.sh) and the Python package in
# python/ (scripts/python_test.sh); `make test` runs it after the goldens.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL     ?= install
VERSION    := $(shell sed -n 's/^\#define ENT_VERSION "\(.*\)"$$/\1/p' include/entente/core.h)
LIBFILE     = libentente.so.$(VERSION)
PUB_HEADERS = $(sort $(wildcard include/entente/*.h))
CMDS        = $(patsubst src/cli/cmd_%.c,%,$(filter src/cli/cmd_%.c,$(CLI_SRC)))
MAN_PAGES   = entente.1 $(CMDS:%=entente-%.1)
# pkg-config: the dependencies that ship a .pc file are Requires.private, the others flags
PC_REQ      = $(foreach p,libfyaml gmp clp $(if $(GVC_LIBS),libgvc),$(if $(shell pkg-config --exists $(p) 2>/dev/null && echo y),$(p)))
PC_LIBS     = $(if $(filter libfyaml,$(PC_REQ)),,-lfyaml) $(if $(filter gmp,$(PC_REQ)),,-lgmp) \
              $(if $(filter clp,$(PC_REQ)),,-lClp -lCoinUtils) -lm -lpthread

# The SONAME link in the build folder, so that programs linked against $(BUILD)/libentente.so
# (the Python package built from the checkout) find it at run time.
lib: $(BUILD)/$(SONAME)
$(BUILD)/$(SONAME): $(BUILD)/libentente.so
	ln -sf libentente.so $@

.PHONY: man completion install uninstall test-dist test-install test-man test-completion test-python

man: $(BUILD)/man/entente.1
completion: $(BUILD)/completion/entente

$(BUILD)/man/entente.1: $(BUILD)/entente scripts/man.sh
	@sh scripts/man.sh $(BUILD)/entente $(BUILD)/man $(VERSION) $(CMDS)

$(BUILD)/completion/entente: $(BUILD)/entente scripts/completion.sh
	@mkdir -p $(dir $@)
	@sh scripts/completion.sh $(BUILD)/entente $@

$(BUILD)/entente.pc: scripts/entente.pc.in include/entente/core.h Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|^Requires.private:.*|Requires.private: $(PC_REQ)|' \
	    -e 's|^Libs.private:.*|Libs.private: $(strip $(PC_LIBS))|' -e '/^#/d' $< > $@
.PHONY: $(BUILD)/entente.pc

install: lib $(BUILD)/entente man completion $(BUILD)/entente.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(INCLUDEDIR)/entente $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(BUILD)/entente $(DESTDIR)$(BINDIR)/entente
	$(INSTALL) -m 755 $(BUILD)/libentente.so $(DESTDIR)$(LIBDIR)/$(LIBFILE)
	ln -sf $(LIBFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libentente.so
	$(INSTALL) -m 644 $(BUILD)/libentente.a $(DESTDIR)$(LIBDIR)/libentente.a
	$(INSTALL) -m 644 include/entente.h $(DESTDIR)$(INCLUDEDIR)/entente.h
	$(INSTALL) -m 644 $(PUB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/entente/
	$(INSTALL) -m 644 $(BUILD)/entente.pc $(DESTDIR)$(PKGCONFIGDIR)/entente.pc
	$(INSTALL) -m 644 $(MAN_PAGES:%=$(BUILD)/man/%) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 $(BUILD)/completion/entente $(DESTDIR)$(BASHCOMPDIR)/entente

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/entente $(DESTDIR)$(LIBDIR)/$(LIBFILE) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libentente.so $(DESTDIR)$(LIBDIR)/libentente.a \
	    $(DESTDIR)$(INCLUDEDIR)/entente.h $(PUB_HEADERS:include/%=$(DESTDIR)$(INCLUDEDIR)/%) \
	    $(DESTDIR)$(PKGCONFIGDIR)/entente.pc $(MAN_PAGES:%=$(DESTDIR)$(MANDIR)/man1/%) \
	    $(DESTDIR)$(BASHCOMPDIR)/entente
	@rmdir $(DESTDIR)$(INCLUDEDIR)/entente 2>/dev/null || true

test-dist: test-install test-man test-completion test-python

test-install: lib $(BUILD)/entente man completion
	@sh scripts/install_test.sh $(BUILD)

test-man: man
	@sh scripts/man_test.sh $(BUILD)/entente $(BUILD)/man

test-completion: completion
	@bash scripts/completion_test.sh $(BUILD)/entente $(BUILD)/completion/entente

test-python: lib $(BUILD)/entente
	@sh scripts/python_test.sh $(BUILD)
# ---- end of issue 16's block ----

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(BUILD)/mpi/src/cli/mpi.d $(TEST_BIN:=.d) $(BENCH_BIN:=.d) $(FUZZ_BIN:=.d)
