/* SPDX-License-Identifier: MIT */
/* fuzz_rule.c — libFuzzer harness for the rule grammar (src/game/rule.c): the input is a rule
 * text compiled against a fixed scenario (actors, groups, attributes, named rules; a cycle
 * among named rules is refused by ent_game_check_rules after loading, so none is here), or, when it
 * starts with '[', a standalone weighted game "[q; w...]". Every game that
 * compiles is queried: winning/blocking, veto players, over-objection, minimal coalitions and
 * exact power (enumeration, at most 12 players, so one input stays fast).
 */
#include "entente.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char scenario_yaml[] =
    "entente: 1\n"
    "actors:\n"
    "  - {id: A, capability: 1, attributes: {pop: 50, gdp: 1.5}}\n"
    "  - {id: B, capability: 2, attributes: {pop: 30, gdp: 2.25}}\n"
    "  - {id: C, capability: 3, attributes: {pop: 15}}\n"
    "  - {id: D, capability: 0, attributes: {pop: 5, name: x}}\n"
    "  - {id: all, capability: 1, attributes: {pop: 0}}\n"
    "groups:\n"
    "  - {id: g1, members: [A, B]}\n"
    "  - {id: g2, members: [C, D, all]}\n"
    "rules:\n"
    "  - {id: r1, expr: \"all of g1 or any of g2\"}\n"
    "  - {id: r2, expr: \">= 60% of {A, B, C, D} by pop and r1\"}\n";

static ent_scenario_t S;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        ent_scenario_init(&S);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        if (ent_scenario_load_mem(&S, "fuzz.yaml", scenario_yaml, strlen(scenario_yaml), &lo, &e) != ENT_OK ||
            ent_game_check_rules(&S, &e) != ENT_OK)
            abort();
        loaded = 1;
    }
    if (size > ENT_MAX_RULE_LEN) return 0;   /* the documented limit (docs/rules.md) */
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    ent_loc_t loc = {1, 1};
    ent_status_t st = size && text[0] == '[' ? ent_game_from_text(text, &g, &e) : ent_game_compile(&S, text, "fuzz", loc, &g, &e);
    if (st == ENT_OK) {
        size_t n = ent_game_nplayers(g);
        unsigned char in[64] = {0}, flags[64] = {0};
        for (size_t k = 0; k < n && k < 64; k++) in[k] = (unsigned char)(k & 1);
        if (n <= 64) {
            (void)ent_game_winning(g, in);
            (void)ent_game_blocking(g, in);
            ent_game_veto_players(g, flags, &e);
            ent_over_t o;
            if (n <= 20 && ent_game_over(g, in, &o, &e) == ENT_OK) ent_over_destroy(&o);
        }
        if (n <= 12) {
            ent_power_opts_t po;
            ent_power_opts_init(&po);
            ent_power_t p;
            if (ent_game_power(g, &po, &p, &e) == ENT_OK) ent_power_destroy(&p);
            ent_coalitions_t c;
            if (ent_game_minimal(g, ENT_COALITIONS_BLOCKING, 5, &c, &e) == ENT_OK) ent_coalitions_destroy(&c);
        }
        char *desc = NULL;
        if (ent_game_describe(g, &desc, &e) == ENT_OK) ent_free(desc);
        ent_game_destroy(g);
    }
    free(text);
    return 0;
}
