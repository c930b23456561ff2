/* SPDX-License-Identifier: MIT */
/* entente/bdm.h — Bueno de Mesquita's expected-utility model: options, the kernel on plain
 * arrays, and a one-round inspection API for test vectors.
 *
 * Specification: ../shared/docs/models/bdm.md (our account: docs/models/bdm.md).
 * Variants:
 *   ENT_BDM_SCHOLZ2011  the replication of Scholz, Calbert & Smith (2011) as computed by
 *                       jmckib/bdm-scholz-expected-utility-model; quirks Q1..Q7 kept. Default.
 *   ENT_BDM_PRINTED     the equations of Scholz et al. 2011 as printed, typo of (25b) fixed.
 *   ENT_BDM_EUM_LITERAL the printed equations read literally, as decisionmechanics/eum does
 *                       (spec §B.7).
 * The scenario adapter is ent_bdm_run() (declared in entente/forecast.h). It fills, per
 * one-dimensional issue, outcome = the mean of the last state, a track (positions and mean
 * per state, verdict, and the median per state in ent_track_t.median); the trace
 * (opts.trace) lists per round the mean, the median, the risk exponents and every executed
 * offer.
 *
 * Ownership: ent_bdm_result_t and ent_bdm_round_t own their arrays; destroy them with
 * ent_bdm_result_destroy() / ent_bdm_round_destroy() (NULL is a no-op).
 */
#ifndef ENTENTE_BDM_H
#define ENTENTE_BDM_H
#include "entente/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest number of actors on one issue (the n*n tables of the fast path take 3 n^2
 * doubles, 2.4 GB here); larger inputs are refused with ENT_ELIMIT. */
#define ENT_BDM_MAX_ACTORS 10000

typedef enum {
    ENT_BDM_SCHOLZ2011 = 0,
    ENT_BDM_PRINTED,
    ENT_BDM_EUM_LITERAL
} ent_bdm_variant_t;

/* How a compromise moves the receiver (printed variants; scholz2011 always uses RATIO,
 * ranked by the K key of quirk Q7). */
typedef enum {
    ENT_BDM_COMPROMISE_WEIGHTED = 0, /* p = (|a| x_i + |b| x_j) / (|a| + |b|)   (eum) */
    ENT_BDM_COMPROMISE_RATIO         /* p = x_i + (x_j - x_i) |a / b|            (jmckib, dmasad) */
} ent_bdm_compromise_t;

/* Which summation scheme scholz2011 uses (the printed variants always use the direct one). */
typedef enum {
    ENT_BDM_PATH_AUTO = 0, /* EXACT when n <= exact_max, FAST above */
    ENT_BDM_PATH_EXACT,    /* the reference's summation order: bit-identical to jmckib, O(n^3)/round */
    ENT_BDM_PATH_FAST      /* sorted positions + prefix sums: O(n^2 log n)/round, equal to
                              the exact path up to rounding (about 1e-15 relative) */
} ent_bdm_path_t;

typedef struct {
    ent_bdm_variant_t variant;  /* ENT_BDM_SCHOLZ2011 */
    double q;                   /* Q, probability the status quo persists: 1.0. scholz2011
                                   multiplies U_sq by q and has no T term (quirk Q3). */
    double t;                   /* T for the printed variants when q < 1: NaN (default) = eum's
                                   rule T_ij = 1 if |x_i - mu| < |x_i - x_j| else 0; a value in
                                   [0,1] fixes T for every pair */
    int rounds;                 /* default round count when ent_forecast_opts_t.rounds == 0: 10 */
    int stop_when_still;        /* 1: stop early at the first round in which no actor moves
                                   (the remaining states are not produced); 0 (default): run
                                   all rounds */
    int fix_capitulation;       /* scholz2011 only: 1 tests b < |a| instead of the reference's
                                   b < |b| (quirk Q6); 0 (default) keeps the typo */
    ent_bdm_compromise_t compromise; /* printed variants: WEIGHTED */
    double eps;                 /* printed variants: |v| < eps counts as zero (1e-4) */
    ent_bdm_path_t path;        /* ENT_BDM_PATH_AUTO */
    size_t exact_max;           /* AUTO uses the exact path up to this many actors: 64 */
} ent_bdm_opts_t;

ENT_API void ent_bdm_opts_init(ent_bdm_opts_t *o);
/* "scholz2011", "printed", "eum-literal". */
ENT_API const char *ent_bdm_variant_name(ent_bdm_variant_t v);
/* Parse a variant name (also accepts "scholz2011-replication", "eum"). ENT_EINVAL otherwise. */
ENT_API ent_status_t ent_bdm_variant_parse(const char *name, ent_bdm_variant_t *out /* OUT */);

typedef enum {
    ENT_BDM_OFFER_NONE = 0,
    ENT_BDM_OFFER_CONFRONTATION, /* receiver expects to lose a conflict; moves to x_j */
    ENT_BDM_OFFER_COMPROMISE,    /* receiver moves part of the way to x_j */
    ENT_BDM_OFFER_CAPITULATION   /* receiver gives in (printed: compel(-)); moves to x_j */
} ent_bdm_offer_kind_t;

ENT_API const char *ent_bdm_offer_kind_name(ent_bdm_offer_kind_t k);

/* One offer: `receiver` is offered `x_new` by `proposer`. a = EU(receiver -> proposer),
 * b = EU(proposer -> receiver), both as the variant defines them. */
typedef struct {
    int round;            /* 1-based round in which it was made */
    size_t receiver, proposer;
    ent_bdm_offer_kind_t kind;
    double a, b;
    double x_new;
    double key;           /* scholz2011 compromise ranking key K (quirk Q7); else |x_new - x_i| */
} ent_bdm_offer_t;

/* Result of a run on arrays. States 0..nstates-1 (state 0 = input). */
typedef struct {
    size_t n;
    size_t nstates;       /* executed rounds + 1 */
    double R;             /* position scale: max - min of the initial positions */
    double *x;            /* nstates * n: x[t*n + k] */
    double *mean;         /* nstates: the c*s weighted mean (the forecast) */
    double *median;       /* nstates: the c*s weighted Condorcet median of held positions */
    double *r;            /* nstates * n: risk exponents used in round t (row 0 = all 1) */
    size_t noffers;       /* executed offers, by round then receiver */
    ent_bdm_offer_t *offers;
    int degenerate;       /* rounds reported unchanged because all dangers were equal
                             (Dmax == Dmin; scholz2011) or within eps (printed) */
    int median_ties;      /* states whose median had an exact tie (first in actor order kept) */
    int exact;            /* 1 if the exact (reference-order) path was used */
} ent_bdm_result_t;

ENT_API void ent_bdm_result_init(ent_bdm_result_t *r);
ENT_API void ent_bdm_result_destroy(ent_bdm_result_t *r);

/* Run the model on n actors given capability c[k] > 0 (any positive scale), position x[k]
 * and salience s[k] in [0,1], in input order, for `rounds` rounds (<= 0: o->rounds).
 * Errors: ENT_EINVAL for n == 0, a non-finite input, a salience outside [0,1], a negative
 * capability, or bad options; ENT_ELIMIT for n > ENT_BDM_MAX_ACTORS or more than 1000000
 * rounds; ENT_ENOMEM. */
ENT_API ent_status_t ent_bdm_solve(size_t n, const double *c, const double *x, const double *s,
                                   int rounds, const ent_bdm_opts_t *o,
                                   ent_bdm_result_t *out /* OUT */, ent_error_t *err);

/* Everything one round computes from positions x (round-1 test vectors of the spec).
 * Matrices are n*n, row-major [i*n + j]. */
typedef struct {
    size_t n;
    double R;
    double z_risk, z_offer;  /* scholz2011: global denominators Z (quirk Q1); printed: NaN */
    double mu;               /* median position at the start of the round */
    double *danger;          /* n: D_i (scholz2011) or S_i (printed) = sum_j EU(j -> i) at r = 1 */
    double *r;               /* n: risk exponents derived from danger */
    double *p_risk;          /* n*n: P(x_i beats x_j) in the risk phase */
    double *p_offer;         /* n*n: P(x_i beats x_j) in the offer phase */
    double *eu_a;            /* n*n: a = EU(i -> j) as receiver i evaluates it in the offer phase */
    double *eu_b;            /* n*n: b = EU(j -> i) as the variant defines it */
    ent_bdm_offer_t *cand;   /* n*n: the classification of every pair (kind NONE if skipped
                                or no offer); round = 1 */
    long *chosen;            /* n: proposer chosen for receiver i, or -1 */
    int degenerate;          /* 1 if the danger spread was zero (then r is all 1 and no offers) */
} ent_bdm_round_t;

ENT_API void ent_bdm_round_init(ent_bdm_round_t *r);
ENT_API void ent_bdm_round_destroy(ent_bdm_round_t *r);
/* Inspect one round starting from positions x with scale R (R <= 0: max - min of x).
 * Always uses the exact summation order. O(n^3) time, O(n^2) memory. */
ENT_API ent_status_t ent_bdm_round_inspect(size_t n, const double *c, const double *x,
                                           const double *s, double R, const ent_bdm_opts_t *o,
                                           ent_bdm_round_t *out /* OUT */, ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
