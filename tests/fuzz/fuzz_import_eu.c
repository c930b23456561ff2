/* SPDX-License-Identifier: MIT */
/* fuzz_import_eu.c — libFuzzer harness of the importer of expected-utility tables (import_eu.c):
 * ent_scenario_load_mem with the format forced, then destroy. Any crash, leak, UB or hang
 * is a bug. Seed corpus: tests/fuzz/corpus/import_eu/. Run: sh scripts/fuzz.sh SECONDS. */
#include <stdint.h>
#include <stdlib.h>

#include "entente.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* Do not return freed memory to the OS every few seconds: on a loaded machine the
 * madvise() calls stalled for over 10 s inside free() and libFuzzer reported timeouts that
 * did not reproduce (the same inputs run in milliseconds). */
const char *__asan_default_options(void) { return "allocator_release_to_os_interval_ms=-1"; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.format = ENT_FMT_EU_CSV;
    ent_error_t e = {0};
    ent_scenario_load_mem(&s, "fuzz", (const char *)data, size, &o, &e);
    ent_scenario_destroy(&s);
    return 0;
}
