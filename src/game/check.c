/* SPDX-License-Identifier: MIT */
/* check.c — ent_game_check_rules: compile every named rule of a scenario once, so that a rule
 * that would fail later fails at its own file:line:col as soon as the scenario is loaded.
 *
 * The scenario layer keeps rule texts as plain data and knows nothing of their grammar; the
 * front doors (the CLI's loader, the fuzz harnesses, an embedder) call this right after
 * ent_scenario_load. Errors are those of ent_game_from_rule (docs/rules.md): bad syntax,
 * unknown names, empty groups, cycles among named rules; the file named in them is the
 * scenario's `origin` (the name it was loaded under).
 * Complexity: O(total length of the rule texts); it counts no coalitions.
 */
#include "entente/game.h"

ent_status_t ent_game_check_rules(const ent_scenario_t *s, ent_error_t *err)
{
    for (size_t i = 0; i < s->nrules; i++) {
        ent_game_t *g = NULL;
        ent_status_t st = ent_game_from_rule(s, i, s->origin, &g, err);
        ent_game_destroy(g);
        if (st != ENT_OK) return st;
    }
    return ENT_OK;
}
