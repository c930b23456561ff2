/* SPDX-License-Identifier: MIT */
/* smp_i.h — internals of the SMP engine (KTAB's Spatial Model of Politics), shared by
 * src/smp/smp.c (fast kernel), src/smp/smp_naive.c (straightforward baseline) and the unit
 * tests, which call the steps one by one to check smp.md §14.2–14.7.
 *
 * Spec: ../shared/docs/models/smp.md. Every function here evaluates its formula in the exact
 * order written there (§11); nothing is exported from the library (hidden visibility).
 */
#ifndef ENT_SMP_I_H
#define ENT_SMP_I_H

#include "entente/smp.h"

#define ENT_I_SMP_EPS_C 1e-8    /* coalition start / diagonal (§3) */
#define ENT_I_SMP_EPS_CH 1e-10  /* challenge coalition start */
#define ENT_I_SMP_EPS_W 1e-6    /* S2P2 interpolation */
#define ENT_I_SMP_EPS_EU 1e-5   /* smallest expected gain for a target */
#define ENT_I_SMP_TAU_POS 1e-3  /* "same position" for printed probabilities */
#define ENT_I_SMP_DMIN 1e-4     /* added to the first step in the stop rule */
#define ENT_I_SMP_RATIO 0.02
#define ENT_I_SMP_ITER_MAX 100

/* §4.1–4.3 building blocks */
double ent_i_smp_delta(size_t d, const double *a, const double *b, const double *s);
double ent_i_smp_util(double delta, double R);
double ent_i_smp_vote(ent_smp_vr_t vr, double w, double ua, double ub);
double ent_i_smp_round4(double z);

/* §4.4–4.6 (and §13 alternatives): PCE of m options voted by nv actors with weights w.
 * U is nv×m row-major (U[k*m + i] = voter k's utility of option i). C and P (m×m, may be
 * NULL for C) receive the coalitions and victory probabilities, pi the m option
 * probabilities. nthreads > 1 splits the coalition rows (results identical). */
ent_status_t ent_i_smp_pce(size_t nv, size_t m, const double *w, const double *U,
                           const ent_smp_opts_t *o, int nthreads, double *C, double *P,
                           double *pi, ent_error_t *err);

/* One assessed state (§5): positions (= ideals), distances, risk-neutral p, R, own-row
 * perceived utilities UT[m*n + a] = U^a(a, m). */
typedef struct {
    size_t n, d;
    ent_smp_opts_t o;
    int nthreads;
    double *cap, *sal;     /* n, n*d */
    double *S, *W;         /* total salience, challenge weight */
    double *x;             /* n*d */
    double *delta;         /* n*n: delta[i*n + j] = δ_i(y_i, x_j) */
    double *deltaT;        /* n*n transpose (deltaT[j*n + t] = delta[t*n + j]); NULL off the
                            * pruned challenge path */
    double dmax;           /* largest δ of the state (≤ 1 for positions in [0,1]); NaN-safe */
    double *p, *R;         /* n */
    double *UT;            /* n*n */
    double *pceP;          /* n*n scratch */
    double *pceC;          /* n*n scratch */
    double *H;             /* n*n scratch (printed probabilities / option values) */
    double **wsU;          /* per thread n*n */
    double **wsv;          /* per thread 16n + 64 */
    size_t **wsi;          /* per thread 2n + 16 (candidate and evaluated targets) */
    int prune;             /* challenges (§6): 0 = every target (the full loop), else targets
                            * pruned by their gain bound (default on the fused path from 24
                            * actors; needs deltaT) */
    int degenerate;        /* a state where KTAB aborts (§5.4 p_max == p_min, §5.7) */
    struct ent_i_smp_pool *pool; /* worker threads of this solve (NULL: one thread) */
    /* One workspace per solve (issue 13: no allocation per round at small N). Every array
     * above and below is carved out of `arena` (one aligned_alloc, owned by the state,
     * freed by ent_i_smp_state_destroy), except the per-thread option-list buffers `cw`,
     * which grow on demand (each thread touches only its own; freed with the state). */
    void *arena;
    double *Wp, *Sc;       /* W and min(S, 1), padded with zeros to a multiple of 4 */
    double *pceS;          /* PCE scratch of assess / winprob: pceSn doubles */
    size_t pceSn;
    long *s_target;        /* step: n targets */
    double *s_tP, *s_tG;   /* step: n each */
    void *s_bg;            /* step: n·per bargains (bargain_t, smp.c) */
    double *s_bpos;        /* step: n·per·2d bargain positions */
    double *s_newx;        /* step: n·d */
    size_t *s_lstart, *s_list, *s_fill; /* step: n+1, 2n·per, n */
    double *s_val;         /* step: (n·per + 1)·n option values */
    size_t *w_rep;         /* winprob: n representatives */
    double *w_pi;          /* winprob: n */
    double **cw;           /* per thread: option-list PCE buffer (grown on demand) */
    size_t *cwn;           /* per thread: its capacity in doubles */
} ent_i_smp_state_t;

ent_status_t ent_i_smp_state_init(ent_i_smp_state_t *st, const ent_smp_input_t *in,
                                  const ent_smp_opts_t *o, ent_error_t *err);
void ent_i_smp_state_destroy(ent_i_smp_state_t *st);
/* §5: distances, V, p, R, UT; sets st->degenerate. */
ent_status_t ent_i_smp_assess(ent_i_smp_state_t *st, ent_error_t *err);
/* ρ(h,i) per BigRAdjust. */
double ent_i_smp_rho(const ent_i_smp_state_t *st, size_t h, size_t i);
/* U^h into Uh (n*n, Uh[i*n + j] = u(Δ(i,j), ρ(h,i))). */
void ent_i_smp_perceived(const ent_i_smp_state_t *st, size_t h, double *Uh);
/* §6: Chlg(h,k,i,j) given Uh = U^h. */
void ent_i_smp_challenge(const ent_i_smp_state_t *st, const double *Uh, size_t k, size_t i,
                         size_t j, double *P /* OUT */, double *G /* OUT */);
/* §6 target choice for every initiator (vectorised over targets, threaded over initiators).
 * target[i] = -1 when i challenges nobody. */
void ent_i_smp_targets(ent_i_smp_state_t *st, long *target, double *P, double *G);
/* §7 (and §13 InterVecBrgn): interpolate between i's and j's positions with probabilities
 * pI, pJ; bI, bJ receive d coordinates each. */
void ent_i_smp_interp(const ent_i_smp_state_t *st, size_t i, size_t j, double pI, double pJ,
                      double *bI, double *bJ);
/* §8 value of a bargain (i→j giving positions bI, bJ) to actor a. */
double ent_i_smp_value(const ent_i_smp_state_t *st, size_t a, size_t i, size_t j,
                       const double *bI, const double *bJ);
double ent_i_smp_value_sq(const ent_i_smp_state_t *st, size_t a);

/* Per-round record filled by the step. Arrays of n (bargain: n*2*d). */
typedef struct {
    long *target;
    double *tprob, *tgain, *bargain;
    long *chosen;
    double *chosen_q;
    int *noptions;
} ent_i_smp_round_t;

/* One step (§6–§9) from the assessed state st: writes the new positions into st->x (does
 * not assess). round is 1-based (keys the stochastic draws). */
ent_status_t ent_i_smp_step(ent_i_smp_state_t *st, int round, ent_i_smp_round_t *rec,
                            ent_error_t *err);
/* §10 printed winning probabilities, plus the expected and most likely positions. */
ent_status_t ent_i_smp_winprob(ent_i_smp_state_t *st, double *prob, double *expected,
                               double *likely, ent_error_t *err);
/* §10 distance between two position sets. */
double ent_i_smp_dist(size_t n, size_t d, const double *a, const double *b);

/* The straightforward reference implementation (src/smp/smp_naive.c): same results. */
ent_status_t ent_i_smp_solve_naive(const ent_smp_input_t *in, const ent_smp_opts_t *o,
                                   int rounds, ent_smp_result_t *out, ent_error_t *err);
/* Shared by both solvers: allocate out for up to maxstates states; reserve grows it (keeping
 * its contents; on failure out is destroyed). */
ent_status_t ent_i_smp_result_reserve(ent_smp_result_t *r, size_t maxstates, ent_error_t *err);
ent_status_t ent_i_smp_result_alloc(ent_smp_result_t *r, size_t n, size_t d, size_t maxstates,
                                    ent_error_t *err);
/* Counter-based uniform draw in [0,1) keyed by (seed, round, actor). */
double ent_i_smp_draw(uint64_t seed, int round, size_t actor);
/* Index chosen from option probabilities q[0..m-1] (first strict max, or a seeded draw). */
size_t ent_i_smp_choose(const ent_smp_opts_t *o, const double *q, size_t m, int round,
                        size_t actor);

#endif
