# entente — build, test, validate, bench, fuzz.
#   make run        set up, build, run the main analysis on the flagship example
#   make test       set up, build, run the whole test suite (normal + ASan/UBSan + short fuzz)
#   make validate   run entente over ../shared/data (says so when it is absent)
#   make bench      benchmarks (ratios against baselines measured in the same run)
#   make fuzz FUZZ_TIME=600   run every libFuzzer harness for FUZZ_TIME seconds each
# Variables: BUILD (output dir), SAN=1 (ASan+UBSan build in build-san), CC.

CC      ?= gcc
SAN     ?= 0
ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1 -g
else
BUILD   ?= build
SANFLAGS =
OPT      = -O2 -g
endif

WARN    = -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
             -fvisibility=hidden -Iinclude -Isrc $(SANFLAGS) $(shell pkg-config --cflags clp 2>/dev/null) $(CFLAGS)
LDLIBS_ALL = -lfyaml -lgmp -lm -lpthread $(or $(shell pkg-config --libs clp 2>/dev/null),-lClp -lCoinUtils) $(LDLIBS)

LIB_SRC  = $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC = $(sort $(wildcard bench/bench_*.c))
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps run test test-unit test-golden test-san test-fuzz validate bench fuzz clean

all: $(BUILD)/entente $(TEST_BIN)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libentente.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/entente: $(CLI_OBJ) $(BUILD)/libentente.a
	$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libentente.a $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libentente.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(BUILD)/libentente.a -lcmocka $(LDLIBS_ALL)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libentente.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libentente.a $(LDLIBS_ALL)

run: deps
	@$(MAKE) --no-print-directory $(BUILD)/entente
	./$(BUILD)/entente analyze examples/ukraine-guarantees.yaml

test: deps
	@mkdir -p build; rm -f build/.results
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test-unit test-golden
	@$(MAKE) --no-print-directory SAN=1 all
	@$(MAKE) --no-print-directory SAN=1 test-unit test-golden
	@$(MAKE) --no-print-directory test-fuzz
	@sh scripts/summary.sh

test-unit: $(TEST_BIN)
	@sh scripts/unit.sh $(BUILD) $(TEST_BIN)

test-golden: $(BUILD)/entente
	@sh scripts/golden.sh $(BUILD)/entente
	@sh scripts/readme.sh $(BUILD)/entente

test-fuzz:
	@sh scripts/fuzz.sh 5

fuzz:
	@sh scripts/fuzz.sh $(or $(FUZZ_TIME),600)

validate: deps
	@$(MAKE) --no-print-directory $(BUILD)/entente
	@sh scripts/validate.sh $(BUILD)/entente

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/entente $(BENCH_BIN)
	@sh scripts/bench.sh $(BUILD)

clean:
	rm -rf build build-san build-fuzz build-*

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
