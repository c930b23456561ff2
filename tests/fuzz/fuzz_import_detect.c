/* fuzz_import_detect.c — libFuzzer harness of format detection (detect.c, ent_i_detect):
 * it reads the first lines of any input with the tokenizer. Any crash, leak, UB or hang is
 * a bug. Seed corpus: tests/fuzz/corpus/import_detect/. Run: sh scripts/fuzz.sh SECONDS. */
#include <stdint.h>
#include <stdlib.h>

#include "scenario/loaders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ent_format_t f = ent_i_detect((const char *)data, size);
    if ((unsigned)f > (unsigned)ENT_FMT_DEU) abort();
    return 0;
}
