/* SPDX-License-Identifier: MIT */
/* fuzz_import_detect.c — libFuzzer harness of format detection (detect.c, ent_i_detect):
 * it reads the first lines of any input with the tokenizer. Any crash, leak, UB or hang is
 * a bug. Seed corpus: tests/fuzz/corpus/import_detect/. Run: sh scripts/fuzz.sh SECONDS. */
#include <stdint.h>
#include <stdlib.h>

#include "scenario/loaders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* Do not return freed memory to the OS every few seconds: on a loaded machine the
 * madvise() calls stalled for over 10 s inside free() and libFuzzer reported timeouts that
 * did not reproduce (the same inputs run in milliseconds). */
const char *__asan_default_options(void) { return "allocator_release_to_os_interval_ms=-1"; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ent_format_t f = ent_i_detect((const char *)data, size);
    if ((unsigned)f > (unsigned)ENT_FMT_DEU) abort();
    return 0;
}
