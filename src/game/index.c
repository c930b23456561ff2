/* SPDX-License-Identifier: MIT */
/* index.c — the registry of power indices: one row per index (entente/game.h,
 * ent_power_index_info_t) with the raw counts it is made of and how its exact value is formed
 * from them (numerator / denominator, docs/power.md). Everything that names, parses, lists,
 * computes exactly or renders an index reads this table: ent_power_index_parse and its error
 * message, the CLI's --help, the exact values in power.c (fill_exact), the kernels' choice of
 * counts (enum.c, wdp.c) and the columns of src/report/report_power.c. Adding an index:
 * docs/howto/add-a-power-index.md. All lookups O(1); parsing O(list length * rows).
 */
#include "game/game_i.h"

#include <stdio.h>
#include <string.h>

static const ent_i_index_t rows[ENT_IDX_COUNT] = {
    {{ENT_IDX_PENROSE, "penrose", "penrose", NULL, "Penrose-Banzhaf (absolute)", "Penrose-Banzhaf",
      "swings / 2^(n-1): the chance of being decisive when every coalition is equally likely", 0},
     ENT_I_NEED_SWINGS, ENT_I_NUM_SWINGS, ENT_I_DEN_HALF_COALITIONS},
    {{ENT_IDX_BANZHAF, "banzhaf", "banzhaf", NULL, "Banzhaf (normalized)", "Banzhaf",
      "swings / the sum of every player's swings", 0},
     ENT_I_NEED_SWINGS, ENT_I_NUM_SWINGS, ENT_I_DEN_SWINGS_SUM},
    {{ENT_IDX_SHAPLEY, "shapley", "shapley", "shapley_raw", "Shapley-Shubik", "Shapley-Shubik",
      "orderings in which the player is pivotal / n!", 0},
     ENT_I_NEED_SWINGS | ENT_I_NEED_BY_SIZE, ENT_I_NUM_PIVOTAL, ENT_I_DEN_FACTORIAL},
    {{ENT_IDX_HOLLER, "holler", "holler", "holler_raw", "Holler public good", "Holler",
      "minimal winning coalitions containing the player / the sum over players",
      ENT_POWER_INDEX_NO_ESTIMATE},
     ENT_I_NEED_SWINGS | ENT_I_NEED_MWC, ENT_I_NUM_MWC, ENT_I_DEN_MWC_SUM},
    {{ENT_IDX_DEEGAN, "deegan", "deegan", "deegan_raw", "Deegan-Packel", "Deegan-Packel",
      "sum of 1/|S| over the minimal winning coalitions S containing the player / their number",
      ENT_POWER_INDEX_EXACT_ARITH | ENT_POWER_INDEX_NO_ESTIMATE},
     ENT_I_NEED_SWINGS | ENT_I_NEED_MWC, ENT_I_NUM_DEEGAN, ENT_I_DEN_MINWIN},
    {{ENT_IDX_JOHNSTON, "johnston", "johnston", "johnston_raw", "Johnston", "Johnston",
      "sum of 1/(critical members) over the winning coalitions where the player is critical, normalized",
      ENT_POWER_INDEX_EXACT_ARITH},
     ENT_I_NEED_SWINGS | ENT_I_NEED_JOHNSTON, ENT_I_NUM_JOHNSTON, ENT_I_DEN_JOHNSTON_SUM},
    {{ENT_IDX_PREVENT, "prevent", "prevent", NULL, "Coleman power to prevent", "Coleman prevent",
      "swings / winning coalitions: the power to stop an action", 0},
     ENT_I_NEED_SWINGS, ENT_I_NUM_SWINGS, ENT_I_DEN_WINNING},
    {{ENT_IDX_INITIATE, "initiate", "initiate", NULL, "Coleman power to initiate", "Coleman initiate",
      "swings / losing coalitions: the power to start an action", 0},
     ENT_I_NEED_SWINGS, ENT_I_NUM_SWINGS, ENT_I_DEN_LOSING},
    /* precoalition values: computed by owen.c, not from the kernels' counts */
    {{ENT_IDX_OWEN, "owen", "owen", NULL, "Owen value", "Owen",
      "Shapley-Shubik between the precoalitions and inside them (needs precoalitions)",
      ENT_POWER_INDEX_NO_ESTIMATE | ENT_POWER_INDEX_PRECOALITIONS},
     0, ENT_I_NUM_SWINGS, ENT_I_DEN_SWINGS_SUM},
    {{ENT_IDX_BANZHAF_OWEN, "banzhaf_owen", "banzhaf_owen", NULL, "Banzhaf-Owen value", "Banzhaf-Owen",
      "Banzhaf between the precoalitions and inside them, absolute (needs precoalitions)",
      ENT_POWER_INDEX_NO_ESTIMATE | ENT_POWER_INDEX_PRECOALITIONS},
     0, ENT_I_NUM_SWINGS, ENT_I_DEN_SWINGS_SUM},
    {{ENT_IDX_COALITIONAL_BANZHAF, "coalitional_banzhaf", "coal_banzhaf", NULL, "symmetric coalitional Banzhaf value",
      "coalitional Banzhaf",
      "Shapley-Shubik between the precoalitions, Banzhaf inside them (needs precoalitions)",
      ENT_POWER_INDEX_NO_ESTIMATE | ENT_POWER_INDEX_PRECOALITIONS},
     0, ENT_I_NUM_SWINGS, ENT_I_DEN_SWINGS_SUM},
};

const ent_i_index_t *ent_i_index(int i) { return i >= 0 && i < ENT_IDX_COUNT ? &rows[i] : NULL; }

unsigned ent_i_index_needs(unsigned want)
{
    unsigned needs = 0;
    for (int i = 0; i < ENT_IDX_COUNT; i++)
        if (want & (1u << i)) needs |= rows[i].needs;
    return needs;
}

unsigned ent_i_index_mask(unsigned need)
{
    unsigned mask = 0;
    for (int i = 0; i < ENT_IDX_COUNT; i++)
        if (rows[i].needs & need) mask |= 1u << i;
    return mask;
}

size_t ent_power_index_count(void) { return ENT_IDX_COUNT; }

const ent_power_index_info_t *ent_power_index_info(ent_power_index_t i)
{
    return (unsigned)i < ENT_IDX_COUNT ? &rows[i].info : NULL;
}

const char *ent_power_index_name(ent_power_index_t i) { return (unsigned)i < ENT_IDX_COUNT ? rows[i].info.name : "?"; }
const char *ent_power_index_title(ent_power_index_t i) { return (unsigned)i < ENT_IDX_COUNT ? rows[i].info.title : "?"; }

ent_status_t ent_power_index_parse(const char *list, unsigned *mask, ent_error_t *err)
{
    *mask = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int found = 0;
        if (len == 3 && !strncmp(p, "all", 3)) { *mask |= ENT_POWER_ALL; found = 1; }
        for (int i = 0; i < ENT_IDX_COUNT && !found; i++)
            if (strlen(rows[i].info.name) == len && !strncmp(p, rows[i].info.name, len)) { *mask |= 1u << i; found = 1; }
        if (!found) {
            char names[256];
            size_t at = 0;
            for (int i = 0; i < ENT_IDX_COUNT && at < sizeof names; i++)
                at += (size_t)snprintf(names + at, sizeof names - at, ", %s", rows[i].info.name);
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "unknown index '%.*s'; expected all%s", (int)len, p, names);
        }
        p += len;
        if (*p == ',') p++;
    }
    if (!*mask) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "empty list of indices");
    return ENT_OK;
}
