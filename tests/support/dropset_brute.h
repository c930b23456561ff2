/* SPDX-License-Identifier: MIT */
/* dropset_brute.h — the brute-force side of the precondition drop-set checks, shared by
 * tests/unit/test_analysis_sequence.c (correctness) and bench/bench_analysis.c (baseline).
 * ent_t_all_reachable: with the preconditions whose bit is set in `mask` dropped
 * (pre_index[v] = index of step v's first precondition), can every step happen? A step
 * happens once, for each remaining precondition, one of its alternatives has happened.
 * Fixed-point iteration, O(steps² × preconditions); at most 64 steps. */
#ifndef ENT_TESTS_DROPSET_BRUTE_H
#define ENT_TESTS_DROPSET_BRUTE_H

#include "entente.h"
#include <stdint.h>

static inline int ent_t_all_reachable(const ent_scenario_t *s, const unsigned *pre_index, uint64_t mask)
{
    unsigned char done[64] = {0};
    size_t cnt = 0;
    int changed = 1;
    if (s->nsteps > 64) return 0;
    while (changed) {
        changed = 0;
        for (size_t v = 0; v < s->nsteps; v++) {
            if (done[v]) continue;
            int ok = 1;
            for (size_t p = 0; p < s->steps[v].npre && ok; p++) {
                if ((mask >> (pre_index[v] + p)) & 1u) continue;
                int any = 0;
                for (size_t a = 0; a < s->steps[v].pre[p].nsteps; a++)
                    if (done[s->steps[v].pre[p].steps[a]]) any = 1;
                ok = any;
            }
            if (ok) { done[v] = 1; cnt++; changed = 1; }
        }
    }
    return cnt == s->nsteps;
}

#endif
