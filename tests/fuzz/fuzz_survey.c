/* SPDX-License-Identifier: MIT */
/* fuzz_survey.c — libFuzzer harness of the survey reader and aggregation (src/scenario/survey.c):
 * the input is a survey CSV read against a fixed base scenario (two actors, a 0..100 issue,
 * a 0..10 one and a two-dimensional one, p), aggregated with the input's first byte choosing point and distribution, then
 * everything destroyed. Any crash, leak, UB or hang is a bug. Seed corpus:
 * tests/fuzz/corpus/survey/. Run: sh scripts/fuzz.sh SECONDS. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* As in the other harnesses: keep freed memory (madvise stalls looked like timeouts). */
const char *__asan_default_options(void) { return "allocator_release_to_os_interval_ms=-1"; }

static const char base_yaml[] =
    "entente: 1\nsalience_scale: 100\n"
    "actors:\n  - {id: UA, capability: 1}\n  - {id: RU, capability: 1}\n"
    "issues:\n  - {id: g, scale: [0, 100]}\n  - {id: t, scale: [0, 10]}\n"
    "  - {id: p, dimensions: 2, scale: [[0, 100], [0, 10]], status_quo: [0, 0]}\n"
    "positions:\n  - {actor: UA, issue: g, position: 50, salience: 50, preference: at_least}\n"
    "uncertainty:\n  values:\n    UA.g.position: {uniform: [40, 60]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    if (ent_scenario_load_mem(&s, "base", base_yaml, sizeof base_yaml - 1, NULL, &e) != ENT_OK) abort();
    ent_survey_opts_t o;
    ent_survey_opts_init(&o);
    if (size) {
        o.point = data[0] & 1 ? ENT_SURVEY_MEDIAN : ENT_SURVEY_MEAN;
        o.dist = (data[0] >> 1) % 3 == 0 ? ENT_DIST_EMPIRICAL : (data[0] >> 1) % 3 == 1 ? ENT_DIST_NORMAL
                                                                                       : ENT_DIST_TRIANGULAR;
        o.disagree = (data[0] >> 3) & 1 ? 10 : o.disagree;
    }
    ent_survey_table_t *t = NULL;
    ent_survey_t r = {0};
    if (ent_survey_table_new(&s, "fuzz", &t, &e) == ENT_OK &&
        ent_survey_read_csv(t, (const char *)data, size, &e) == ENT_OK &&
        ent_survey_apply(t, &s, &o, &r, &e) == ENT_OK) {
        ent_buf_t b = ENT_BUF_INIT;
        ent_report_survey(&s, &r, ENT_OUTPUT_JSON, &b);
        ent_buf_free(&b);
        char *text = NULL;
        if (ent_scenario_emit(&s, ENT_FMT_YAML, &text, NULL, &e) == ENT_OK) {
            /* what survey writes must load back */
            ent_scenario_t back;
            ent_scenario_init(&back);
            if (ent_scenario_load_mem(&back, "back", text, strlen(text), NULL, &e) != ENT_OK) abort();
            ent_scenario_destroy(&back);
        }
        free(text);
        ent_survey_destroy(&r);
    }
    ent_survey_table_destroy(t);
    ent_scenario_destroy(&s);
    return 0;
}
