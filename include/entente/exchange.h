/* SPDX-License-Identifier: MIT */
/* entente/exchange.h — Stokman's equal-gain exchange model: options, and the kernel on
 * plain arrays that ent_exchange_run() (entente/forecast.h) wraps for scenarios.
 *
 * Model and source: the exchange of voting positions of F. N. Stokman & J. M. M. van Oosten
 * (1994), "The exchange of voting positions: an object-oriented model of policy networks", in
 * Bueno de Mesquita & Stokman (eds.), European Community Decision Making, Yale UP — in its
 * equal-gain form as implemented by Decide (foarsitter/decide-exchange-model, commit 51dee66)
 * and specified in ../shared/docs/models/exchange.md. Our account, with the tie rule, numerics
 * and deviations, is docs/models/exchange.md.
 *
 * Ownership: ent_exchange_result_t owns its arrays; ent_exchange_result_destroy() frees them
 * (NULL is a no-op). The input arrays are the caller's and are only read.
 */
#ifndef ENTENTE_EXCHANGE_H
#define ENTENTE_EXCHANGE_H

#include "entente/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How PICK breaks ties between exchanges of (numerically) equal gain. */
typedef enum {
    ENT_EXCHANGE_TIE_DETERMINISTIC = 0, /* spec §5.2: among gains >= max - tie_tol, the lowest
                                           creation index; no random numbers */
    ENT_EXCHANGE_TIE_SEEDED             /* spec §5.1: Decide's list mechanics (stable sort,
                                           top-two comparison, coin flip, duplicate reference)
                                           with MT19937 seeded like Python's random.seed(seed) */
} ent_exchange_tie_t;

typedef struct {
    int rounds;              /* rounds to run (default 10); ent_forecast_opts_t.rounds > 0
                                overrides it in ent_exchange_run() */
    ent_exchange_tie_t tie;  /* ENT_EXCHANGE_TIE_DETERMINISTIC */
    uint64_t seed;           /* seeded tie mode only (default 0) */
    double tie_tol;          /* absolute gain tolerance of a tie (default 1e-12, spec §5.2) */
    int cap_snap;            /* 1 (default): in the outcome cap, differences |t - N| <= 1e-9 count
                                as 0 (spec §10.2 item 2); 0: plain double comparisons */
    int naive;               /* 0 (default). 1: straightforward evaluation used as the benchmark
                                baseline and as a cross-check: every pick re-sorts the whole
                                candidate list and every realisation re-examines every
                                candidate. Same results, more work. */
    int externalities;       /* 0 (default). 1: also compute Decide's externalities (spec §8):
                                for each realised exchange, the effect of its two outcome shifts
                                on every other actor holding both issues. Reporting only: the
                                dynamics are the same. */
    ent_progress_t progress; /* called from the calling thread after every round (phase
                                "exchange", done = rounds run, total = rounds); non-zero stops
                                the run with ENT_EINTR and no result. ent_exchange_run() uses
                                ent_forecast_opts_t.progress when this one is unset. */
} ent_exchange_opts_t;

/* Classes of externalities (spec §8), the last index of ent_exchange_result_t.ext: inner =
 * the actor is in one of the two groups of the exchange's issue pair (A and D for an A-D
 * exchange, B and C for a B-C one), outer otherwise; positive if > 0 (0 counts as negative);
 * own = the two exchanging actors, whose value is the exchange's gain. */
enum {
    ENT_EXCHANGE_EXT_INNER_POS = 0,
    ENT_EXCHANGE_EXT_INNER_NEG,
    ENT_EXCHANGE_EXT_OUTER_POS,
    ENT_EXCHANGE_EXT_OUTER_NEG,
    ENT_EXCHANGE_EXT_OWN,
    ENT_EXCHANGE_EXT_N
};

ENT_API void ent_exchange_opts_init(ent_exchange_opts_t *o);

/* A round builds one candidate per pair of actors on opposite sides of two issues' outcomes,
 * O(P² N²) of them (CoP21, 15 × 13: 2094). Runs that would build more than this many in a
 * round are refused with ENT_ELIMIT (each candidate takes a few hundred bytes). */
#define ENT_EXCHANGE_MAX_CANDIDATES 1000000

/* Input of the kernel. All arrays are nissues * nactors, issue-major: a[p * nactors + k]. */
typedef struct {
    size_t nactors, nissues;
    const double *x;               /* positions on the model scale 0..100 (spec §1) */
    const double *sal;             /* saliences in (0, 1] */
    const double *power;           /* powers (capabilities) > 0 */
    const unsigned char *present;  /* 1 if actor k takes a position on issue p; NULL = all */
    const size_t *order;           /* per issue, a permutation of 0..nactors-1: the order in
                                      which sums over actors run (Decide: #D row order);
                                      NULL = actor order */
} ent_exchange_input_t;

/* One realised exchange. Side 0 is the spec's I, side 1 its J; each side moves its vote on its
 * supply issue from x0 (round start) to y (its voting position after this exchange). */
typedef struct {
    size_t index;          /* creation index among the round's candidates (0-based) */
    double gain;           /* equal gain of both sides (salience-weighted outcome shift) */
    size_t actor[2];
    size_t supply[2];      /* issue each side supplies; side 0 demands supply[1] and vice versa */
    double x0[2], y[2];    /* model scale 0..100 */
} ent_exchange_deal_t;

typedef struct {
    size_t nactors, nissues;
    int nrounds;           /* rounds run */
    double *outcome;       /* (nrounds+1) * nissues, model scale: state 0 = input positions,
                              state t = voting positions at the end of round t (spec §2, §7) */
    double *vote;          /* (nrounds+1) * nissues * nactors: vote[(t*nissues + p)*nactors + k],
                              the voting position in state t (NaN if absent) */
    size_t *ncand;         /* per round (index t-1): candidates built */
    size_t *nvalid;        /* per round: candidates valid when built */
    size_t *nties;         /* per round: tie events (seeded: coin flips; deterministic: picks
                              where another exchange was within tie_tol of the top gain) */
    size_t *first;         /* per round: index in `deals` of the round's first realised exchange */
    size_t *ndeals;        /* per round: realised exchanges */
    size_t ndeals_total;
    ent_exchange_deal_t *deals;  /* all rounds, in realisation order */
    /* Externalities, NULL unless opts.externalities:
     * ext[((t-1)*nactors + k)*ENT_EXCHANGE_EXT_N + j]: round t, actor k, class j (sums over the
     * round's realised exchanges); deal_ext[d*ENT_EXCHANGE_EXT_N + j]: realised exchange d,
     * class j (sums over actors). */
    double *ext;
    double *deal_ext;
} ent_exchange_result_t;

ENT_API void ent_exchange_result_init(ent_exchange_result_t *r);
ENT_API void ent_exchange_result_destroy(ent_exchange_result_t *r);

/* Run o->rounds rounds of the equal-gain model on `in`. Rejects (ENT_EINPUT) saliences or
 * powers outside their ranges and positions outside 0..100; ENT_EINVAL for bad options;
 * ENT_ELIMIT when a round exceeds ENT_EXCHANGE_MAX_CANDIDATES.
 * Cost per round: C = O(P² N²) candidates built (P issues, N actors), each in O(N); then for
 * each of R realisations an O(log C) pick plus O(N) per candidate the realisation changes
 * (default), or an O(C log C) sort plus an O(C) scan (naive and seeded modes). */
ENT_API ent_status_t ent_exchange_solve(const ent_exchange_input_t *in,
                                        const ent_exchange_opts_t *o,
                                        ent_exchange_result_t *out /* OUT */, ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
