/* SPDX-License-Identifier: MIT */
/* fuzz_capability.c — libFuzzer harness of the capability-table reader (`--capability-file`,
 * apply_capability_file in src/scenario/load.c: "actor,capability" rows, optional header,
 * TAB/';'/',' delimiter), reached through the public loader: a fixed scenario is loaded
 * from memory with ent_load_opts_t.capability_file naming a temporary file that holds the
 * input. Any crash, leak, UB or hang is a bug; so is a load that succeeds with a capability
 * that is negative or not finite, or that changes the scenario's actors. Seed corpus:
 * tests/fuzz/corpus/capability/. Run: sh scripts/fuzz.sh SECONDS. */
#include "entente.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* As in the other harnesses: no madvise() stalls inside free() on a loaded machine. */
const char *__asan_default_options(void) { return "allocator_release_to_os_interval_ms=-1"; }

/* Actors with ids and names (the table may use either), one rule to compile after the
 * capabilities are applied. */
static const char scenario_yaml[] =
    "entente: 1\n"
    "actors:\n"
    "  - {id: fr, name: France, capability: 29}\n"
    "  - {id: de, name: Germany, capability: 29}\n"
    "  - {id: com, name: \"Commission, the\", capability: 0}\n"
    "  - {id: x, capability: 1}\n"
    "issues:\n"
    "  - {id: q, scale: [0, 100]}\n"
    "positions:\n"
    "  - {actor: fr, issue: q, position: 10, salience: 0.5}\n"
    "  - {actor: de, issue: q, position: 60, salience: 1}\n"
    "  - {actor: com, issue: q, position: 90, salience: 0.25}\n"
    "rules:\n"
    "  - {id: qmv, expr: \"2 of {fr, de, com, x}\"}\n";

static char path[64];

static void remove_file(void) { unlink(path); }

static const char *write_file(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        strcpy(path, "/tmp/entente-fuzz-capability-XXXXXX");
        int fd = mkstemp(path);
        if (fd < 0) abort();
        close(fd);
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f)) abort();
    return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536) return 0;
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.capability_file = write_file(data, size);
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    ent_status_t st = ent_scenario_load_mem(&s, "fuzz.yaml", scenario_yaml, sizeof scenario_yaml - 1, &o, &e);
    if (st == ENT_OK) {
        if (s.nactors != 4 || strcmp(s.actors[0].id, "fr") || strcmp(s.actors[3].id, "x")) abort();
        for (size_t a = 0; a < s.nactors; a++)
            if (!isfinite(s.actors[a].capability) || s.actors[a].capability < 0) abort();
    } else if (s.nactors != 0 || e.status == ENT_OK) {
        abort();   /* an error leaves an empty scenario and says why */
    }
    ent_scenario_destroy(&s);
    return 0;
}
