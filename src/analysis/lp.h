/* SPDX-License-Identifier: MIT */
/* lp.h — internal: small dense linear programs solved by Clp and verified in exact rational
 * arithmetic (src/analysis/lp.c). Not installed; used by the win-set (winset.c).
 *
 * Problem:  minimise c·y  subject to  A y <= b,  lb <= y <= ub   (A dense, m × n, row-major;
 * lb finite, 0 when not given).
 *
 * Every outcome is verified with GMP rationals against the doubles given (each double is
 * converted exactly), never taken on the solver's word:
 *  - OPTIMAL: `y` satisfies every row and bound exactly; `lower` is a proven lower bound on
 *    min c·y, from row multipliers u >= 0: with g = Aᵀu + c computed exactly,
 *    c·y >= −b·u + Σ_j g_j·(lb_j if g_j >= 0, else ub_j) for every feasible y (weak duality,
 *    the bound multipliers being the two signs of g).
 *  - INFEASIBLE: a Farkas certificate u >= 0 with −b·u + Σ_j g_j·(lb_j or ub_j) > 0 for
 *    g = Aᵀu (the bound above with c = 0: 0 >= a positive number is impossible), checked
 *    exactly; with lb = 0 this is uᵀA + vᵀ >= 0, uᵀb + vᵀub < 0 for v = max(0, −g).
 *  - UNBOUNDED: a feasible `y` (checked exactly) and a ray d >= 0 with A d <= 0, d_j = 0 where
 *    ub_j is finite, c·d < 0, checked exactly.
 * A decision that does not verify is re-solved with the other simplex and no scaling; if it
 * still does not verify the call fails with ENT_EINTERNAL and says so.
 */
#ifndef ENT_ANALYSIS_LP_H
#define ENT_ANALYSIS_LP_H

#include "entente/core.h"

#include <stddef.h>

typedef enum {
    ENT_I_LP_OPTIMAL = 0,
    ENT_I_LP_INFEASIBLE,
    ENT_I_LP_UNBOUNDED
} ent_i_lp_outcome_t;

typedef struct {
    size_t m, n;
    const double *A;    /* m × n, row-major */
    const double *b;    /* m row upper bounds */
    const double *c;    /* n objective */
    const double *ub;   /* n column upper bounds (INFINITY: none), or NULL for none at all */
    const double *tie;  /* n tie-break objective for the witness (see below), or NULL */
    const double *lb;   /* n finite column lower bounds, or NULL for all 0 */
    const double *point_below; /* if not NULL: compute the witness only when the optimum is
                                  below *point_below (res->has_point says whether it was) */
    int raw_point;      /* OPTIMAL with y: y is the solver's own optimal point, clamped into the
                           column bounds, neither pinned (no witness LPs) nor checked against
                           the rows: for a caller that checks the point itself and needs no
                           particular one (it retries with raw_point = 0 if its check fails) */
} ent_i_lp_t;

typedef struct {
    ent_i_lp_outcome_t outcome;
    double value;       /* OPTIMAL: the optimum as the solver found it */
    double lower;       /* OPTIMAL: proven lower bound on the optimum (rounded down) */
    int has_point;      /* y holds a verified point */
} ent_i_lp_result_t;

/* Relative slack of the witness stage: the witness is within this of the optimum. */
#define ENT_I_LP_SLACK 1e-9

/* Solve lp. On OPTIMAL, y (n, caller's) is the deterministic witness: over the rows tightened
 * by δ_i = ENT_I_LP_SLACK·(|b_i| + max_j |A_ij|), a second LP finds the tightened optimum v and
 * a third minimises tie·y under the extra row c·y <= v + ENT_I_LP_SLACK·(1 + |v|) (no third LP
 * when tie is NULL). So the same input gives the same point, strictly inside every row that
 * has room, run after run; its value exceeds the optimum by about ENT_I_LP_SLACK times the
 * problem's scale. On UNBOUNDED, y is a feasible point (minimising tie if given).
 * y may be NULL: then no point is computed, and OPTIMAL means that the solver found an optimum
 * `value` and that no feasible point does better than the proven `lower` (feasibility itself
 * is then not certified; callers that need a point pass y).
 * cert (if not NULL) receives the verified row multipliers u >= 0: on OPTIMAL those of the
 * lower bound, on INFEASIBLE the Farkas certificate (the bound multipliers v follow from u).
 * Returns ENT_OK (outcome in res), ENT_EINVAL (a NaN or infinite entry, or m, n too large
 * for the solver), ENT_ENOMEM, or ENT_EINTERNAL (the solver's answer did not verify).
 * Thread-safe: one solver model per call, no shared state. Time: the solver's simplex plus
 * O(m·n) rational operations per check. */
ent_status_t ent_i_lp_solve(const ent_i_lp_t *lp, double *y /* OUT n, may be NULL */, double *cert /* OUT m, may be NULL */,
                            ent_i_lp_result_t *res /* OUT */, ent_error_t *err);

/* Lower bound on min c·y from given row multipliers u (m, any values: negative or non-finite
 * entries count as 0, u is not changed): the weak-duality bound of lp.h's OPTIMAL case,
 * computed exactly in GMP (a quick pass in doubles first rejects multipliers whose bound is
 * plainly above `want`). Sets *lower (rounded down) and returns 1 when that exact bound is
 * >= want; returns 0 otherwise (nothing proven), -1 out of memory. Any u >= 0 is a valid
 * certificate for any program of the same size, so multipliers of an earlier, similar program
 * can settle a new one without a solve. Time: O(m·n) rational operations. */
int ent_i_lp_bound(const ent_i_lp_t *lp, const double *u, double want, double *lower /* OUT */);

/* ---------------------------------------------------------------- memo
 * An exact memo of ent_i_lp_solve answers, for a caller that solves many programs in one run
 * (analyze's sensitivity pass reruns the win-sets with one position moved; many of their
 * programs are byte for byte those of an earlier run). Key: every byte the answer depends on
 * (m, n, A, b, c, ub, tie, lb, *point_below, raw_point, and whether y and cert are asked for),
 * hashed (64 bits) and compared in full on a hit, so distinct programs never share an answer;
 * value: res, y and cert as the solver path returned them. Same input, same deterministic
 * answer: a hit returns what a fresh solve would. Errors are not stored. Memory: entries are
 * dropped oldest first so that keys and answers together stay within max_bytes (an entry
 * larger than that is not stored); a failed allocation only skips storing. Owned by the
 * caller's run; not for concurrent use (one memo per thread). */
typedef struct ent_i_lp_memo ent_i_lp_memo_t;

typedef struct {
    size_t hits, misses, stored, evicted, entries, bytes;
} ent_i_lp_memo_stats_t;

/* NULL when out of memory. max_bytes 0: a memo that stores nothing and costs nothing (its
 * counters still count the solves). */
ent_i_lp_memo_t *ent_i_lp_memo_new(size_t max_bytes);
void ent_i_lp_memo_free(ent_i_lp_memo_t *memo);
void ent_i_lp_memo_stats(const ent_i_lp_memo_t *memo, ent_i_lp_memo_stats_t *st /* OUT */);
/* ent_i_lp_solve through the memo (memo NULL: a plain solve). Same contract as ent_i_lp_solve. */
ent_status_t ent_i_lp_solve_memo(ent_i_lp_memo_t *memo, const ent_i_lp_t *lp, double *y /* OUT n, may be NULL */,
                                 double *cert /* OUT m, may be NULL */, ent_i_lp_result_t *res /* OUT */,
                                 ent_error_t *err);

#endif
