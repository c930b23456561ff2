/* SPDX-License-Identifier: MIT */
/* fuzz_overlay.c — libFuzzer harness of the what-if changes (src/scenario/overlay.c): each
 * input line is a change ("PATH=VALUE", or "-STEP:REQUIRED" for a dropped precondition),
 * parsed with ent_change_parse and applied in order with ent_scenario_apply to a fixed
 * scenario (multi-dimensional issue, dotted ids, keyword ids, a proposal, steps with
 * alternatives). Any crash, leak, UB or hang is a bug; so is a change that is accepted and
 * leaves a scenario that ent_scenario_validate refuses, or one that does not survive
 * emit → load → equal. Seed corpus: tests/fuzz/corpus/overlay/. Run: sh scripts/fuzz.sh
 * SECONDS. */
#include "entente.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* As in the other harnesses: no madvise() stalls inside free() on a loaded machine. */
const char *__asan_default_options(void) { return "allocator_release_to_os_interval_ms=-1"; }

static const char scenario_yaml[] =
    "entente: 1\n"
    "salience_scale: 100\n"
    "actors:\n"
    "  - {id: RU, capability: 80}\n"
    "  - {id: UA, capability: 40}\n"
    "  - {id: eu.c, capability: 10}\n"
    "  - {id: issue, capability: 1}\n"
    "issues:\n"
    "  - {id: g, status_quo: 10}\n"
    "  - {id: plan, dimensions: [m, t], scale: [[0, 100], [0, 10]], status_quo: [1, 1]}\n"
    "  - {id: x.y, scale: [-5, 5]}\n"
    "positions:\n"
    "  - {actor: RU, issue: g, position: 40, salience: 90}\n"
    "  - {actor: UA, issue: g, position: 100, salience: 95}\n"
    "  - {actor: UA, issue: plan, position: [20, 3], salience: [50, 60]}\n"
    "  - {actor: eu.c, issue: x.y, position: 1, salience: 10}\n"
    "rules:\n"
    "  - {id: r, expr: \"all of {RU, UA}\"}\n"
    "proposals:\n"
    "  - {id: P, proposer: UA, rule: r, point: {g: 75, plan: [5, 5]}}\n"
    "steps:\n"
    "  - {id: a}\n"
    "  - {id: b, requires: [a]}\n"
    "  - {id: c, requires: [b], requires_any: [{steps: [a, b]}]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    ent_scenario_t s;
    ent_error_t e = {0};
    ent_scenario_init(&s);
    if (ent_scenario_load_mem(&s, "f.yaml", scenario_yaml, strlen(scenario_yaml), NULL, &e) != ENT_OK) abort();
    char *text = malloc(size + 1);
    if (!text) abort();
    memcpy(text, data, size);
    text[size] = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        if (strlen(line) != (size_t)(next ? next - 1 - line : (long)strlen(line))) break;  /* a NUL inside */
        ent_change_t c;
        int drop = line[0] == '-';
        ent_error_clear(&e);
        if (ent_change_parse(line + drop, drop ? ENT_CHANGE_DROP : ENT_CHANGE_SET, &c, &e) != ENT_OK) continue;
        ent_status_t st = ent_scenario_apply(&s, &c, 1, NULL, &e);
        ent_change_destroy(&c);
        if (st == ENT_ENOMEM) break;
        if (st != ENT_OK && st != ENT_EINPUT) abort();
        if (ent_scenario_validate(&s, "f", &e) != ENT_OK) abort();
    }
    char *out = NULL;
    if (ent_scenario_emit(&s, ENT_FMT_YAML, &out, NULL, &e) == ENT_OK) {
        ent_scenario_t m;
        ent_scenario_init(&m);
        if (ent_scenario_load_mem(&m, "emitted", out, strlen(out), NULL, &e) != ENT_OK) abort();
        if (!ent_scenario_equal(&s, &m, NULL, 0)) abort();
        ent_scenario_destroy(&m);
    }
    free(out);
    free(text);
    ent_scenario_destroy(&s);
    return 0;
}
