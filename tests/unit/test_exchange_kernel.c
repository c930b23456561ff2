/* SPDX-License-Identifier: MIT */
/* test_exchange_kernel.c — unit tests of the equal-gain exchange kernel
 * (src/forecast/exchange_kernel.c, spec ../shared/docs/models/exchange.md).
 *
 * Cases:
 *   - the PRNG against CPython's random.seed(n); random.random() (values printed by
 *     CPython 3 on this machine);
 *   - the spec's worked example (§11.1, "the first exchange": Willems and Wcentr on
 *     tolheffing-binnenstad / extra-investering), retyped as a 2-issue case whose other actors
 *     are fillers on one issue each, chosen so that W and Σ x·s·c of both issues equal those
 *     of sample_data (W_p = 5.025, Σ = 248; W_q = 3.42, Σ = 169.25); the fillers cannot
 *     exchange (an exchange needs both issues), so the round has exactly one candidate;
 *   - a hand-made case where the outcome cap binds (§4.2), computed by hand;
 *   - a hand-countable candidate count (|A|·|D| + |B|·|C|);
 *   - seeded synthetic cases checked by independent computations: the equal-gain identity
 *     of every exchange whose sides had not moved before in the round, the outcome as the
 *     weighted mean of the voting positions, the voting positions as the last exchange per
 *     actor and issue, the next start positions as the §7 λ-mix;
 *   - the naive evaluation (benchmark baseline) gives bit-identical results; the seeded tie
 *     rule is reproducible and the deterministic rule ignores the seed;
 *   - rejected inputs and options.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente/exchange.h"
#include "forecast/exchange_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int results_equal(const ent_exchange_result_t *a, const ent_exchange_result_t *b);

/* ------------------------------------------------------------------ PRNG */

static void test_mt_matches_python(void **state)
{
    (void)state;
    ent_i_mt_t r;
    ent_i_mt_seed(&r, 0);
    assert_true(ent_i_mt_random(&r) == 0.8444218515250481);
    assert_true(ent_i_mt_random(&r) == 0.7579544029403025);
    ent_i_mt_seed(&r, 1);
    assert_true(ent_i_mt_random(&r) == 0.13436424411240122);
    ent_i_mt_seed(&r, (1ull << 40) + 5); /* a two-word key */
    assert_true(ent_i_mt_random(&r) == 0.5043802970418443);
}

/* ------------------------------------------------------------------ worked example */

/* Actors: 0 Willems, 1 Wcentr, 2-4 fillers on p only, 5-6 fillers on q only.
 * Issue 0 = p (tolheffing-binnenstad), issue 1 = q (extra-investering). */
enum { WN = 7, WP = 2 };
static const double w_x[WP * WN] = {100, 0, 46, 46, 50, 0, 0, /* p */
                                    25, 100, 0, 0, 0, 48, 25}; /* q */
static const double w_s[WP * WN] = {0.95, 0.95, 1, 1, 1, 1, 1, /* p */
                                    0.6, 0.9, 1, 1, 1, 1, 1};  /* q */
static const double w_c[WP * WN] = {1, 0.9, 1, 1, 1.22, 1, 1, /* p */
                                    1, 0.9, 1, 1, 1, 1, 1.01}; /* q */
static const unsigned char w_pr[WP * WN] = {1, 1, 1, 1, 1, 0, 0, /* p */
                                            1, 1, 0, 0, 0, 1, 1}; /* q */

static void test_worked_example(void **state)
{
    (void)state;
    ent_exchange_input_t in = {WN, WP, w_x, w_s, w_c, w_pr, NULL};
    ent_exchange_opts_t o;
    ent_exchange_opts_init(&o);
    o.rounds = 2;
    ent_exchange_result_t r;
    ent_error_t e = {0};
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_OK);
    assert_int_equal(r.nrounds, 2);
    /* round 0 outcomes: spec §11.1 table, O (normalised) */
    assert_true(fabs(r.outcome[0] - 49.35323383084577) < 1e-12);
    assert_true(fabs(r.outcome[1] - 49.48830409356725) < 1e-12);
    /* one candidate, valid, realised */
    assert_int_equal(r.ncand[0], 1);
    assert_int_equal(r.nvalid[0], 1);
    assert_int_equal(r.ndeals[0], 1);
    const ent_exchange_deal_t *d = &r.deals[0];
    /* I = Willems supplies q 25 -> 100 (step B: it moves all the way);
     * J = Wcentr supplies p 0 -> 61.05117364047237 */
    assert_int_equal(d->actor[0], 0);
    assert_int_equal(d->supply[0], 1);
    assert_int_equal(d->actor[1], 1);
    assert_int_equal(d->supply[1], 0);
    assert_true(d->x0[0] == 25 && d->y[0] == 100);
    assert_true(d->x0[1] == 0);
    assert_true(fabs(d->y[1] - 61.05117364047237) < 1e-11);
    assert_true(fabs(d->gain - 1.973684210526315) < 1e-12);
    /* hand: gain = Δ_I σ_I − Δ_J τ_I with Δ_I = 75·0.6·1/3.42, Δ_J = (1.5/1.9)·Δ_I */
    double dI = 75 * 0.6 / 3.42, dJ = 1.5 / 1.9 * dI;
    assert_true(fabs(d->gain - fabs(dI * 0.6 - dJ * 0.95)) < 1e-12);
    assert_true(fabs(d->y[1] - dJ * 5.025 / (0.9 * 0.95)) < 1e-11);
    /* round 1 outcomes = the spec's N1 of the two caps (the votes of this one exchange) */
    assert_true(fabs(r.outcome[2 + 0] - 59.741045465194794) < 1e-11);
    assert_true(fabs(r.outcome[2 + 1] - 62.64619883040935) < 1e-11);
    /* voting positions of state 1 */
    assert_true(r.vote[(1 * WP + 1) * WN + 0] == 100);
    assert_true(fabs(r.vote[(1 * WP + 0) * WN + 1] - 61.05117364047237) < 1e-11);
    assert_true(isnan(r.vote[(1 * WP + 1) * WN + 2])); /* filler without q */
    /* round 2 starts from the λ-mix of §7: Willems (σ = 0.6) 0.26·100 + 0.74·25 = 44.5;
     * Wcentr (σ = 0.95) 0.12·61.051... */
    assert_true(r.ndeals[1] >= 1);
    const ent_exchange_deal_t *d2 = &r.deals[r.first[1]];
    for (int k = 0; k < 2; k++) {
        if (d2->actor[k] == 0) assert_true(fabs(d2->x0[k] - 44.5) < 1e-12);
        if (d2->actor[k] == 1) assert_true(fabs(d2->x0[k] - 0.12 * d->y[1]) < 1e-12);
    }
    ent_exchange_result_destroy(&r);
    ent_exchange_result_destroy(&r); /* destroy twice is harmless */
    ent_exchange_result_destroy(NULL);
}

/* ------------------------------------------------------------------ the outcome cap */

/* A hand-made case where the cap binds (spec §4.2). Actors X, Y and fillers F (p only),
 * G (q only):
 *            p: x  s   c      q: x  s   c
 *   X           100 .5  1        0  .9  1
 *   Y            45 .8  1      100  .3  1
 *   F            35 1   2        -
 *   G             -              50 1   1
 * W_p = 3.3, Σ_p = 156, O_p = 47.27 (Y left, X right); W_q = 2.2, Σ_q = 80, O_q = 36.36
 * (X left, Y right): one candidate; X's ratio .5/.9 < Y's .8/.3, so I = Y supplies q and
 * J = X supplies p. Step A: X moves all the way to Y's 45 (55 units), Y moves 66.2 < 100.
 * CAP(J): the p outcome would go from 47.27 to 38.94, past Y's 45: X's move is cut to
 * h = |45·3.3 − 156| / (.5·1) = 15, which puts the outcome exactly on 45; Y's move is
 * re-derived: Δ_S = 15·.5/3.3, Δ_T = ((.5 + .8)/(.9 + .3))·Δ_S, m_T = Δ_T·2.2/.3; gains stay
 * equal: G = Δ_T·.3 − Δ_S·.8 in absolute value. */
static void test_cap_binds(void **state)
{
    (void)state;
    enum { N = 4 };
    /*                       X    Y   F   G */
    const double x[2 * N] = {100, 45, 35, 0, /* p */
                             0, 100, 0, 50}; /* q */
    const double s[2 * N] = {0.5, 0.8, 1, 1, 0.9, 0.3, 1, 1};
    const double c[2 * N] = {1, 1, 2, 1, 1, 1, 1, 1};
    const unsigned char pr[2 * N] = {1, 1, 1, 0, 1, 1, 0, 1};
    ent_exchange_input_t in = {N, 2, x, s, c, pr, NULL};
    ent_exchange_opts_t o;
    ent_exchange_opts_init(&o);
    o.rounds = 1;
    ent_exchange_result_t r;
    ent_error_t e = {0};
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_OK);
    assert_int_equal(r.ncand[0], 1);
    assert_int_equal(r.ndeals[0], 1);
    const ent_exchange_deal_t *d = &r.deals[0];
    assert_int_equal(d->actor[0], 1); /* I = Y, supplies q */
    assert_int_equal(d->supply[0], 1);
    assert_int_equal(d->actor[1], 0); /* J = X, supplies p */
    assert_int_equal(d->supply[1], 0);
    double dS = 15 * 0.5 / 3.3, dT = (0.5 + 0.8) / (0.9 + 0.3) * dS, mT = dT * 2.2 / 0.3;
    assert_true(fabs(d->y[1] - 85) < 1e-9);
    assert_true(fabs(d->y[0] - (100 - mT)) < 1e-9);
    assert_true(fabs(d->gain - fabs(dT * 0.3 - dS * 0.8)) < 1e-12);
    /* equal gains after the cap: G_J = Δ_I τ_J − Δ_J σ_J with Δ_I = dT, Δ_J = dS */
    assert_true(fabs(d->gain - (dT * 0.9 - dS * 0.5)) < 1e-12);
    /* the capped outcome lands exactly on the demander's position */
    assert_true(fabs(r.outcome[2 + 0] - 45) < 1e-9);
    assert_true(fabs(r.outcome[2 + 1] - (50 + (100 - mT) * 0.3) / 2.2) < 1e-9);
    ent_exchange_result_destroy(&r);
}

/* Externalities (spec §8) on the cap case plus a bystander Z holding both issues, right of
 * both outcomes (group A), who cannot trade (group D is empty):
 *            p: x  s   c      q: x  s   c
 *   X           100 .5  1        0  .9  1
 *   Y            45 .8  1      100  .3  1
 *   F            35 1   2        -
 *   G             -              50 1   1
 *   Z            90 .4  1       90  .7  1
 * W_p = 3.7, Σ_p = 192; W_q = 2.9, Σ_q = 143. Step A: X (J) moves 100 -> 45, Y (I) moves
 * Δ_I·W_q/(κσ) from 100 towards 0. CAP(I): no crossing of X's 0; Y keeps N0_I = 143/2.9 and
 * N1_I = the q outcome with Y at its step-A vote (this value is NOT refreshed when the second
 * cap shortens Y's move: Decide's bookkeeping). CAP(J): the p outcome would cross Y's 45, so
 * X's move is cut to |45·3.7 − 192|/.5 = 51; N0_J = 192/3.7, N1_J = 45. Z is outer (A in a
 * B-C exchange): ext_Z = (|N0_J − 90| − |N1_J − 90|)·.4 + (|N0_I − 90| − |N1_I − 90|)·.7. */
static void test_externalities(void **state)
{
    (void)state;
    enum { N = 5 };
    /*                       X    Y   F   G   Z */
    const double x[2 * N] = {100, 45, 35, 0, 90, /* p */
                             0, 100, 0, 50, 90}; /* q */
    const double s[2 * N] = {0.5, 0.8, 1, 1, 0.4, 0.9, 0.3, 1, 1, 0.7};
    const double c[2 * N] = {1, 1, 2, 1, 1, 1, 1, 1, 1, 1};
    const unsigned char pr[2 * N] = {1, 1, 1, 0, 1, 1, 1, 0, 1, 1};
    ent_exchange_input_t in = {N, 2, x, s, c, pr, NULL};
    ent_exchange_opts_t o;
    ent_exchange_opts_init(&o);
    o.rounds = 1;
    ent_exchange_result_t r, plain;
    ent_error_t e = {0};
    assert_int_equal(ent_exchange_solve(&in, &o, &plain, &e), ENT_OK);
    assert_null(plain.ext);
    o.externalities = 1;
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_OK);
    assert_int_equal(r.ncand[0], 1);
    assert_int_equal(r.ndeals[0], 1);
    assert_true(results_equal(&r, &plain)); /* reporting only */
    const ent_exchange_deal_t *d = &r.deals[0];
    assert_int_equal(d->actor[0], 1);
    assert_int_equal(d->actor[1], 0);
    assert_true(fabs(d->y[1] - 49) < 1e-9); /* X's capped move: 51 */
    double dJ = 55 * 0.5 / 3.7, dI = (0.5 + 0.8) / (0.9 + 0.3) * dJ, mI = dI * 2.9 / 0.3;
    double N0I = 143 / 2.9, N1I = (143 - 30 + (100 - mI) * 0.3) / 2.9;
    double N0J = 192 / 3.7, N1J = 45;
    double extZ = (fabs(N0J - 90) - fabs(N1J - 90)) * 0.4 + (fabs(N0I - 90) - fabs(N1I - 90)) * 0.7;
    assert_true(extZ < 0);
    const double *z = r.ext + (size_t)4 * ENT_EXCHANGE_EXT_N;
    assert_true(fabs(z[ENT_EXCHANGE_EXT_OUTER_NEG] - extZ) < 1e-9);
    assert_true(z[ENT_EXCHANGE_EXT_OUTER_POS] == 0 && z[ENT_EXCHANGE_EXT_INNER_POS] == 0 &&
                z[ENT_EXCHANGE_EXT_INNER_NEG] == 0 && z[ENT_EXCHANGE_EXT_OWN] == 0);
    /* the two traders count the gain as own; F and G lack an issue: nothing */
    assert_true(r.ext[0 * ENT_EXCHANGE_EXT_N + ENT_EXCHANGE_EXT_OWN] == d->gain);
    assert_true(r.ext[1 * ENT_EXCHANGE_EXT_N + ENT_EXCHANGE_EXT_OWN] == d->gain);
    for (int j = 0; j < ENT_EXCHANGE_EXT_N; j++) {
        assert_true(r.ext[2 * ENT_EXCHANGE_EXT_N + j] == 0);
        assert_true(r.ext[3 * ENT_EXCHANGE_EXT_N + j] == 0);
    }
    /* per exchange: the sums over actors */
    assert_true(fabs(r.deal_ext[ENT_EXCHANGE_EXT_OUTER_NEG] - extZ) < 1e-9);
    assert_true(r.deal_ext[ENT_EXCHANGE_EXT_OWN] == 2 * d->gain);
    ent_exchange_result_destroy(&r);
    ent_exchange_result_destroy(&plain);
}

/* ------------------------------------------------------------------ candidate count */

static void test_candidate_count(void **state)
{
    (void)state;
    enum { N = 7 };
    /* Two issues; actors a0 a1 d0 b0 c0 c1 c2 at 0 or 100; with the saliences below
     * O_p = 290/3.9 = 74.4: right (x = 100) a0,a1,c0,c1,c2; left (x = 0) d0,b0;
     * O_q = 180/3.6 = 50: right a0,a1,b0; left d0,c0,c1,c2.
     * A = {a0,a1}, D = {d0}, B = {b0}, C = {c0,c1,c2}: 2·1 + 1·3 = 5 candidates. */
    double x[2 * N] = {100, 100, 0, 0, 100, 100, 100, /* p */
                       100, 100, 0, 100, 0, 0, 0};    /* q */
    double s[2 * N], c[2 * N];
    for (int k = 0; k < 2 * N; k++) { s[k] = 0.5; c[k] = 1; }
    s[0 * N + 0] = 0.9; /* unequal salience ratios so that gains are non-zero */
    s[1 * N + 3] = 0.8;
    s[1 * N + 4] = 0.3;
    ent_exchange_input_t in = {N, 2, x, s, c, NULL, NULL};
    ent_exchange_opts_t o;
    ent_exchange_opts_init(&o);
    o.rounds = 1;
    ent_exchange_result_t r;
    ent_error_t e = {0};
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_OK);
    assert_int_equal(r.ncand[0], 5);
    assert_true(r.nvalid[0] <= 5);
    /* every realised exchange pairs A with D or B with C */
    int grp[N] = {0, 0, 3, 1, 2, 2, 2};
    for (size_t i = 0; i < r.ndeals[0]; i++) {
        int g0 = grp[r.deals[i].actor[0]], g1 = grp[r.deals[i].actor[1]];
        assert_int_equal(g0 + g1, 3);
        assert_true(r.deals[i].gain > 0);
    }
    ent_exchange_result_destroy(&r);
}

/* ------------------------------------------------------------------ synthetic cases */

typedef struct {
    size_t n, P;
    double *x, *s, *c;
    unsigned char *pr;
} synth_t;

static void synth_make(synth_t *y, size_t n, size_t P, uint64_t seed)
{
    ent_i_mt_t r;
    ent_i_mt_seed(&r, seed);
    y->n = n;
    y->P = P;
    y->x = malloc(n * P * sizeof(double));
    y->s = malloc(n * P * sizeof(double));
    y->c = malloc(n * P * sizeof(double));
    y->pr = malloc(n * P);
    double *cap = malloc(n * sizeof(double));
    for (size_t k = 0; k < n; k++) cap[k] = 0.1 + 0.9 * ent_i_mt_random(&r);
    for (size_t i = 0; i < n * P; i++) {
        double u = ent_i_mt_random(&r); /* a third of the positions on a 25-point grid */
        y->x[i] = u < 0.33 ? 25.0 * (double)(ent_i_mt_next32(&r) % 5) : 100.0 * ent_i_mt_random(&r);
        y->s[i] = 0.1 + 0.9 * ent_i_mt_random(&r);
        y->c[i] = cap[i % n];
        y->pr[i] = ent_i_mt_random(&r) < 0.9;
    }
    /* the last actor is a twin of the one before (as LDCs_BGD and AOSISs in CoP21), so that
     * exchanges with either of them have exactly equal gains */
    for (size_t p = 0; p < P && n >= 2; p++) {
        size_t a = p * n + n - 2, b = p * n + n - 1;
        y->x[b] = y->x[a];
        y->s[b] = y->s[a];
        y->c[b] = y->c[a];
        y->pr[b] = y->pr[a];
    }
    free(cap);
}

static void synth_free(synth_t *y)
{
    free(y->x);
    free(y->s);
    free(y->c);
    free(y->pr);
}

/* Independent checks of one run (see the file comment). */
static void check_run(const synth_t *y, const ent_exchange_result_t *r)
{
    size_t n = y->n, P = y->P, np = n * P;
    double W[64];
    for (size_t p = 0; p < P; p++) {
        W[p] = 0;
        for (size_t k = 0; k < n; k++)
            if (y->pr[p * n + k]) W[p] += y->s[p * n + k] * y->c[p * n + k];
    }
    double *start = malloc(np * sizeof(double)), *next = malloc(np * sizeof(double));
    int *last = malloc(np * sizeof(int));
    memcpy(start, y->x, np * sizeof(double));
    for (int t = 0; t <= r->nrounds; t++) {
        const double *vote = r->vote + (size_t)t * np;
        /* the outcome is the weighted mean of the voting positions */
        for (size_t p = 0; p < P; p++) {
            double num = 0;
            for (size_t k = 0; k < n; k++)
                if (y->pr[p * n + k]) num += vote[p * n + k] * y->s[p * n + k] * y->c[p * n + k];
            assert_true(fabs(r->outcome[(size_t)t * P + p] - num / W[p]) < 1e-9);
        }
        if (t == 0) {
            for (size_t i = 0; i < np; i++)
                if (y->pr[i]) assert_true(vote[i] == y->x[i]);
            continue;
        }
        size_t f = r->first[t - 1], nd = r->ndeals[t - 1];
        for (size_t i = 0; i < np; i++) last[i] = -1;
        for (size_t di = 0; di < nd; di++) {
            const ent_exchange_deal_t *d = &r->deals[f + di];
            assert_true(d->actor[0] != d->actor[1]);
            assert_true(d->supply[0] != d->supply[1]);
            assert_true(d->gain > 0);
            int fresh = 1;
            for (int k = 0; k < 2; k++) {
                size_t j = d->supply[k] * n + d->actor[k];
                assert_true(y->pr[j] && y->pr[d->supply[1 - k] * n + d->actor[k]]);
                assert_true(d->y[k] >= 0 && d->y[k] <= 100);
                assert_true(d->y[k] != d->x0[k]);
                /* each side starts from its round-start position */
                assert_true(fabs(d->x0[k] - start[j]) < 1e-12);
                if (last[j] >= 0) fresh = 0;
            }
            if (fresh) {
                /* ξ = x0 for both sides: the gains of the two sides are equal (§4.1) */
                double D[2], sig[2], tau[2];
                for (int k = 0; k < 2; k++) {
                    size_t j = d->supply[k] * n + d->actor[k];
                    sig[k] = y->s[j];
                    tau[k] = y->s[d->supply[1 - k] * n + d->actor[k]];
                    D[k] = fabs(d->y[k] - d->x0[k]) * y->s[j] * y->c[j] / W[d->supply[k]];
                }
                double gI = D[1] * tau[0] - D[0] * sig[0], gJ = D[0] * tau[1] - D[1] * sig[1];
                assert_true(fabs(gI - gJ) < 1e-9);
                assert_true(fabs(gI - d->gain) < 1e-9);
            }
            for (int k = 0; k < 2; k++) last[d->supply[k] * n + d->actor[k]] = (int)(f + di);
        }
        /* voting positions: the last exchange per actor and supply issue, else the start;
         * next start: the λ-mix of §7 of that exchange side */
        memcpy(next, start, np * sizeof(double));
        for (size_t i = 0; i < np; i++) {
            if (!y->pr[i]) {
                assert_true(isnan(vote[i]));
                continue;
            }
            if (last[i] < 0) {
                assert_true(vote[i] == start[i]);
                continue;
            }
            const ent_exchange_deal_t *d = &r->deals[last[i]];
            int k = d->supply[0] * n + d->actor[0] == i ? 0 : 1;
            assert_true(vote[i] == d->y[k]);
            double sg = y->s[i];
            next[i] = (((1.0 - sg) * 0.4) * d->y[k] + 0.1 * d->y[k]) +
                      ((1.0 - (1.0 - sg) * 0.4) - 0.1) * d->x0[k];
        }
        memcpy(start, next, np * sizeof(double));
    }
    free(start);
    free(next);
    free(last);
}

static int results_equal(const ent_exchange_result_t *a, const ent_exchange_result_t *b)
{
    size_t np = a->nactors * a->nissues, T = (size_t)a->nrounds + 1;
    if (a->nrounds != b->nrounds || a->ndeals_total != b->ndeals_total) return 0;
    if (memcmp(a->outcome, b->outcome, T * a->nissues * sizeof(double))) return 0;
    for (size_t i = 0; i < T * np; i++)
        if (!(a->vote[i] == b->vote[i] || (isnan(a->vote[i]) && isnan(b->vote[i])))) return 0;
    for (size_t i = 0; i < a->ndeals_total; i++) {
        const ent_exchange_deal_t *x = &a->deals[i], *y = &b->deals[i];
        if (x->index != y->index || x->gain != y->gain || x->actor[0] != y->actor[0] ||
            x->actor[1] != y->actor[1] || x->y[0] != y->y[0] || x->y[1] != y->y[1])
            return 0;
    }
    for (int t = 0; t < a->nrounds; t++)
        if (a->ncand[t] != b->ncand[t] || a->nties[t] != b->nties[t]) return 0;
    return 1;
}

static void test_synthetic_properties(void **state)
{
    (void)state;
    size_t total_deals = 0, total_ties = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        synth_t y;
        size_t n = 5 + (size_t)(seed % 6), P = 2 + (size_t)(seed % 5);
        synth_make(&y, n, P, seed);
        ent_exchange_input_t in = {n, P, y.x, y.s, y.c, y.pr, NULL};
        ent_exchange_opts_t o;
        ent_exchange_opts_init(&o);
        o.rounds = 6;
        ent_exchange_result_t fast, naive, other_seed;
        ent_error_t e = {0};
        assert_int_equal(ent_exchange_solve(&in, &o, &fast, &e), ENT_OK);
        check_run(&y, &fast);
        total_deals += fast.ndeals_total;
        for (int t = 0; t < fast.nrounds; t++) total_ties += fast.nties[t];
        o.naive = 1;
        assert_int_equal(ent_exchange_solve(&in, &o, &naive, &e), ENT_OK);
        assert_true(results_equal(&fast, &naive));
        o.naive = 0;
        o.seed = 99; /* the deterministic rule draws no random number */
        assert_int_equal(ent_exchange_solve(&in, &o, &other_seed, &e), ENT_OK);
        assert_true(results_equal(&fast, &other_seed));
        ent_exchange_result_destroy(&other_seed);
        o.externalities = 1; /* reporting only: same dynamics; own = the gain, twice */
        assert_int_equal(ent_exchange_solve(&in, &o, &other_seed, &e), ENT_OK);
        assert_true(results_equal(&fast, &other_seed));
        for (size_t d = 0; d < other_seed.ndeals_total; d++)
            assert_true(other_seed.deal_ext[d * ENT_EXCHANGE_EXT_N + ENT_EXCHANGE_EXT_OWN] ==
                        2 * other_seed.deals[d].gain);
        o.externalities = 0;
        ent_exchange_result_destroy(&fast);
        ent_exchange_result_destroy(&naive);
        ent_exchange_result_destroy(&other_seed);
        synth_free(&y);
    }
    /* the cases do exercise the loop, and the twins produce tied gains */
    assert_true(total_deals > 100);
    assert_true(total_ties > 0);
}

static void test_seeded_reproducible(void **state)
{
    (void)state;
    synth_t y;
    synth_make(&y, 9, 5, 4242);
    ent_exchange_input_t in = {9, 5, y.x, y.s, y.c, y.pr, NULL};
    ent_exchange_opts_t o;
    ent_exchange_opts_init(&o);
    o.rounds = 8;
    o.tie = ENT_EXCHANGE_TIE_SEEDED;
    o.seed = 7;
    ent_exchange_result_t a, b;
    ent_error_t e = {0};
    assert_int_equal(ent_exchange_solve(&in, &o, &a, &e), ENT_OK);
    assert_int_equal(ent_exchange_solve(&in, &o, &b, &e), ENT_OK);
    assert_true(results_equal(&a, &b));
    check_run(&y, &a);
    size_t ties = 0;
    for (int t = 0; t < a.nrounds; t++) ties += a.nties[t];
    assert_true(ties > 0); /* coin flips happened */
    ent_exchange_result_destroy(&a);
    ent_exchange_result_destroy(&b);
    synth_free(&y);
}

/* ------------------------------------------------------------------ errors */

static void test_rejects(void **state)
{
    (void)state;
    double x[4] = {10, 90, 20, 80}, s[4] = {0.5, 0.5, 0.5, 0.5}, c[4] = {1, 1, 1, 1};
    ent_exchange_input_t in = {2, 2, x, s, c, NULL, NULL};
    ent_exchange_opts_t o;
    ent_exchange_opts_init(&o);
    ent_exchange_result_t r;
    ent_error_t e = {0};
    assert_int_equal(o.rounds, 10);
    assert_int_equal(o.tie, ENT_EXCHANGE_TIE_DETERMINISTIC);
    assert_true(o.tie_tol == 1e-12 && o.cap_snap == 1 && o.naive == 0);
    s[1] = 0;
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "salience"));
    s[1] = 0.5;
    c[2] = 0;
    ent_error_clear(&e);
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "power"));
    c[2] = 1;
    x[3] = 100.5;
    ent_error_clear(&e);
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_EINPUT);
    x[3] = 80;
    o.rounds = -1;
    ent_error_clear(&e);
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_EINVAL);
    o.rounds = 0; /* zero rounds: only the input state */
    assert_int_equal(ent_exchange_solve(&in, &o, &r, &e), ENT_OK);
    assert_int_equal(r.nrounds, 0);
    assert_true(fabs(r.outcome[0] - 50) < 1e-12 && fabs(r.outcome[1] - 50) < 1e-12);
    ent_exchange_result_destroy(&r);
    assert_int_equal(ent_exchange_solve(NULL, &o, &r, &e), ENT_EINVAL);

    /* 1000 actors x 30 issues: 435 issue pairs x about 1000²/8 candidates each, 50 times the
     * limit; refused after counting, before anything is built */
    synth_t y;
    synth_make(&y, 1000, 30, 5);
    ent_exchange_input_t big = {1000, 30, y.x, y.s, y.c, y.pr, NULL};
    ent_error_clear(&e);
    o.rounds = 1;
    assert_int_equal(ent_exchange_solve(&big, &o, &r, &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "candidate"));
    assert_null(r.outcome);
    synth_free(&y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mt_matches_python),
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_cap_binds),
        cmocka_unit_test(test_externalities),
        cmocka_unit_test(test_candidate_count),
        cmocka_unit_test(test_synthetic_properties),
        cmocka_unit_test(test_seeded_reproducible),
        cmocka_unit_test(test_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
