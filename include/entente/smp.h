/* SPDX-License-Identifier: MIT */
/* entente/smp.h — KTAB's Spatial Model of Politics (SMP): options and the kernel API.
 *
 * Specification: ../shared/docs/models/smp.md (KTAB, KAPSARC, MIT licence; Efird, Lester &
 * Wise 2016), reproduced bit for bit with the default parameters. Our notes: docs/models/smp.md.
 *
 * Two layers:
 *   - the kernel ent_smp_solve() works on plain arrays: N actors, D dimensions, capabilities,
 *     positions and saliences on [0,1] (KTAB's internal scale). It returns every state's
 *     positions, risk attitudes, risk-neutral and printed winning probabilities, the stop
 *     ratios, and each round's challenges, bargains and choices (ent_smp_result_t);
 *   - ent_smp_run() (declared in entente/forecast.h, defined in src/forecast/smp_run.c: the
 *     kernel in src/smp/ depends on core only) adapts a scenario: one SMP run per issue,
 *     positions in issue units, a per-state forecast, the convergence verdict, trace text.
 *     Its ent_forecast_t holds: tracks[i].x every actor's position per state (issue units;
 *     NaN for actors without a position), tracks[i].fc the expected position Σ π_m·rep_m over
 *     the distinct positions of each state (§10 probabilities), outcome[i] the last fc;
 *     tracks[i].winprob and tracks[i].risk each actor's printed winning probability and
 *     risk attitude per state (nstates×nactors, [t*nactors + a], NaN for actors without a
 *     position); trace (opts.trace) the challenges, bargains and choices of every round
 *     and each state's probabilities and risk attitudes.
 *
 * Ownership: ent_smp_result_t owns its arrays; ent_smp_result_destroy() frees them
 * (NULL is a no-op). The kernel never keeps pointers to the caller's arrays.
 */
#ifndef ENTENTE_SMP_H
#define ENTENTE_SMP_H

#include "entente/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The nine KTAB model parameters (smp.md §13), numbered as KTAB numbers them. */
typedef enum { ENT_SMP_VPM_LINEAR = 0, ENT_SMP_VPM_SQUARE, ENT_SMP_VPM_QUARTIC,
               ENT_SMP_VPM_OCTIC, ENT_SMP_VPM_BINARY } ent_smp_vpm_t;
typedef enum { ENT_SMP_PCE_CONDITIONAL = 0, ENT_SMP_PCE_MARKOV_INCENTIVE,
               ENT_SMP_PCE_MARKOV_UNIFORM } ent_smp_pcem_t;
typedef enum { ENT_SMP_STM_DETERMINISTIC = 0, ENT_SMP_STM_STOCHASTIC } ent_smp_stm_t;
typedef enum { ENT_SMP_VR_BINARY = 0, ENT_SMP_VR_PROPBIN, ENT_SMP_VR_PROP, ENT_SMP_VR_PROPCBC,
               ENT_SMP_VR_CUBIC, ENT_SMP_VR_ASYMPROSP } ent_smp_vr_t;
typedef enum { ENT_SMP_RADJ_NONE = 0, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_RADJ_HALF,
               ENT_SMP_RADJ_TWOTHIRDS, ENT_SMP_RADJ_FULL } ent_smp_radj_t;
typedef enum { ENT_SMP_RRNG_MIN = 0, ENT_SMP_RRNG_MID, ENT_SMP_RRNG_MAX } ent_smp_rrng_t;
typedef enum { ENT_SMP_TPC_NOCOMMIT = 0, ENT_SMP_TPC_SEMICOMMIT,
               ENT_SMP_TPC_FULLCOMMIT } ent_smp_tpc_t;
typedef enum { ENT_SMP_IVB_S1P1 = 0, ENT_SMP_IVB_S2P2, ENT_SMP_IVB_S2PMAX } ent_smp_ivb_t;
typedef enum { ENT_SMP_BARGN_INITONLY = 0, ENT_SMP_BARGN_INITRCVR,
               ENT_SMP_BARGN_PWCOMP } ent_smp_bargn_t;

typedef struct {
    ent_smp_vpm_t vpm;       /* VictoryProbModel   (default LINEAR) */
    ent_smp_pcem_t pcem;     /* PCEModel           (default CONDITIONAL) */
    ent_smp_stm_t stm;       /* StateTransitions   (default DETERMINISTIC) */
    ent_smp_vr_t vr;         /* VotingRule         (default PROP) */
    ent_smp_radj_t radj;     /* BigRAdjust         (default ONETHIRD) */
    ent_smp_rrng_t rrng;     /* BigRRange          (default MID) */
    ent_smp_tpc_t tpc;       /* ThirdPartyCommit   (default SEMICOMMIT) */
    ent_smp_ivb_t ivb;       /* InterVecBrgn       (default S2P2) */
    ent_smp_bargn_t bargn;   /* BargnModel         (default INITONLY) */
    uint64_t seed;           /* STOCHASTIC only: draws are keyed by (seed, round, actor),
                                so results do not depend on the thread count.
                                Default 0xD67CC16FE69C185C (KTAB's default seed). */
    int threads;             /* worker threads; 0 = one per online CPU; runs with fewer than
                                128 actors always use 1. Results are bit-identical for
                                every value. */
    int max_rounds;          /* 0 = KTAB's 100 */
    int naive;               /* 1 = the straightforward reference implementation (baseline
                                for benchmarks and cross-checks; same numbers, slower) */
    ent_progress_t progress; /* called from the calling thread (never a worker) after every
                                round: phase "smp round", done = rounds run, total = the
                                round limit; non-zero stops the run with ENT_EINTR and no
                                result. ent_smp_run() uses ent_forecast_opts_t.progress when
                                this one is unset. Default: none. */
} ent_smp_opts_t;

/* KTAB's defaults: [0,0,0,2,1,1,1,1,0], seed 0xD67CC16FE69C185C, threads 0, 100 rounds.
 * The enums follow KTAB's numbering, so an all-zero struct is NOT the default: always start
 * from ent_smp_opts_init() (ent_forecast_opts_init() calls it). */
ENT_API void ent_smp_opts_init(ent_smp_opts_t *o);

/* Kernel input: plain arrays on KTAB's internal scale. */
typedef struct {
    size_t n, d;
    const double *cap;  /* n capabilities, > 0, used as given */
    const double *x;    /* n*d initial positions in [0,1], x[i*d + k] */
    const double *sal;  /* n*d saliences in [0,1], each actor's sum in (0,1] */
} ent_smp_input_t;

/* Why the run stopped (a model outcome, not an error). */
typedef enum {
    ENT_SMP_STOP_CONVERGED = 0, /* ratio < 0.02 after >= 2 rounds (smp.md §10) */
    ENT_SMP_STOP_ROUNDS,        /* round limit reached */
    ENT_SMP_STOP_DEGENERATE     /* a state where KTAB aborts (all risk-neutral p equal, or
                                   ‖V − A‖ / ‖U^h − A‖ ≤ 1e-6, smp.md §5.7): no further step */
} ent_smp_stop_t;

/* Result of a run. States t = 0..nstates-1; rounds r = 1..nstates-1 (round r steps from
 * state r-1 to state r; arrays indexed by round use [r-1]). */
typedef struct {
    size_t n, d, nstates;
    ent_smp_stop_t stop;
    double *x;        /* nstates*n*d positions [0,1]: x[(t*n + i)*d + k] */
    double *risk;     /* nstates*n risk attitudes R (§5.4) */
    double *pneutral; /* nstates*n risk-neutral winning probabilities p (§5.3) */
    double *prob;     /* nstates*n printed winning probabilities (§10, "History of actors'
                         winning probabilities") */
    double *expected; /* nstates*d: Σ_m π_m · rep_m over the unique positions (the forecast) */
    double *likely;   /* nstates*d: the unique position with the largest π (first on ties) */
    double *ratio;    /* nstates: ratio[t] = dist(t, t-1) / d01 (§10); ratio[0] = NaN */
    /* per round r (index r-1), per actor i: */
    long *target;     /* (nstates-1)*n: i's target j*, or -1 */
    double *tprob;    /* P* of i's challenge (NaN when no target) */
    double *tgain;    /* G* */
    double *bargain;  /* (nstates-1)*n*2*d: the bargain i initiated (S2P2...): initiator copy
                         then receiver copy, NaN when none */
    long *chosen;     /* (nstates-1)*n: -1 = status quo, else the initiator of the chosen
                         bargain (k itself for its own bargain) */
    double *chosen_q; /* (nstates-1)*n: probability q of the chosen option */
    int *noptions;    /* (nstates-1)*n: length of k's option list */
} ent_smp_result_t;

ENT_API void ent_smp_result_init(ent_smp_result_t *r);
ENT_API void ent_smp_result_destroy(ent_smp_result_t *r); /* NULL is a no-op */

/* Check the input as KTAB does (smp.md §2, §12): n >= 3, d >= 1, capabilities > 0 and
 * finite, positions and saliences within [0,1], each actor's salience sum in (0,1]
 * (a sum that rounds to just above 1, e.g. 0.33+0.56+0.11, is accepted: see docs).
 * On failure writes "actor i: ..." into err and returns ENT_EINPUT. */
ENT_API ent_status_t ent_smp_check(const ent_smp_input_t *in, ent_error_t *err);

/* Run SMP from the input state until KTAB's stopping rule (smp.md §10) or the round
 * limit (rounds > 0 overrides o->max_rounds). o may be NULL (defaults).
 * Time O(rounds · N²·(N + D)); memory O(N²) plus O(N) per thread (O(N²) per thread with a
 * non-default voting rule or third-party commitment) — never O(N³). */
ENT_API ent_status_t ent_smp_solve(const ent_smp_input_t *in, const ent_smp_opts_t *o,
                                   int rounds, ent_smp_result_t *out /* OUT */,
                                   ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
