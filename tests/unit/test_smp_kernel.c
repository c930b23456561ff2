/* SPDX-License-Identifier: MIT */
/* test_smp_kernel.c — the SMP kernel's contracts beyond the reference vectors: the fast
 * solver equals the straightforward one bit for bit, results do not depend on the thread
 * count (deterministic and stochastic modes), input checks, stop reasons, the nine
 * parameters' alternatives, and the scenario adapter ent_smp_run (tracks, winning probabilities and risk attitudes, trace,
 * errors with file:line:col). Spec: ../shared/docs/models/smp.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "smp/smp_i.h"

/* ---- synthetic inputs (seeded splitmix64) ---- */
typedef struct {
    size_t n, d;
    double *cap, *x, *sal;
    ent_smp_input_t in;
} synth_t;

static uint64_t sm(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* positions and saliences on KTAB's 1e-2 grid of the 0..100 scale, like its CSV inputs */
static synth_t *synth(size_t n, size_t d, uint64_t seed)
{
    synth_t *s = calloc(1, sizeof *s);
    s->n = n;
    s->d = d;
    s->cap = malloc(n * sizeof(double));
    s->x = malloc(n * d * sizeof(double));
    s->sal = malloc(n * d * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        s->cap[i] = (double)(10 + sm(&seed) % 1000) / 10.0;
        double budget = 100.0;
        for (size_t k = 0; k < d; k++) {
            s->x[i * d + k] = (double)(sm(&seed) % 10001) / 100.0 / 100.0;
            double w = (double)(1 + sm(&seed) % (unsigned)(9000 / d)) / 100.0;
            if (w > budget) w = budget;
            budget -= w;
            s->sal[i * d + k] = w / 100.0;
        }
    }
    s->in.n = n;
    s->in.d = d;
    s->in.cap = s->cap;
    s->in.x = s->x;
    s->in.sal = s->sal;
    return s;
}

static void synth_free(synth_t *s)
{
    free(s->cap);
    free(s->x);
    free(s->sal);
    free(s);
}

/* Bit-identity of two results over everything they hold. */
static void same_result(const ent_smp_result_t *a, const ent_smp_result_t *b)
{
    assert_int_equal(a->nstates, b->nstates);
    assert_int_equal(a->stop, b->stop);
    size_t n = a->n, d = a->d, T = a->nstates, R = T - 1;
    assert_memory_equal(a->x, b->x, T * n * d * sizeof(double));
    assert_memory_equal(a->risk, b->risk, T * n * sizeof(double));
    assert_memory_equal(a->pneutral, b->pneutral, T * n * sizeof(double));
    assert_memory_equal(a->prob, b->prob, T * n * sizeof(double));
    assert_memory_equal(a->expected, b->expected, T * d * sizeof(double));
    assert_memory_equal(a->ratio + 1, b->ratio + 1, R * sizeof(double));
    assert_memory_equal(a->target, b->target, R * n * sizeof(long));
    assert_memory_equal(a->chosen, b->chosen, R * n * sizeof(long));
    assert_memory_equal(a->noptions, b->noptions, R * n * sizeof(int));
    for (size_t k = 0; k < R * n; k++) {
        if (a->target[k] < 0) continue;
        assert_true(a->tprob[k] == b->tprob[k] && a->tgain[k] == b->tgain[k]);
    }
    assert_memory_equal(a->chosen_q, b->chosen_q, R * n * sizeof(double));
}

static void run_opts(const ent_smp_input_t *in, const ent_smp_opts_t *o, int rounds,
                     ent_smp_result_t *r)
{
    ent_error_t e = {0};
    if (ent_smp_solve(in, o, rounds, r, &e) != ENT_OK) fail_msg("solve: %s", e.msg);
}

/* ---- tests ---- */

static void test_blocks(void **state)
{
    assert_true(ent_i_smp_util(0.3, 1.0) == (1.0 - 0.3) * (1.0 + 0.3));
    assert_true(ent_i_smp_util(0.0, -0.5) == 1.0);
    assert_true(ent_i_smp_util(1.0, 0.7) == 0.0);
    assert_true(ent_i_smp_vote(ENT_SMP_VR_PROP, 2.0, 0.75, 0.5) == 0.5);
    assert_true(ent_i_smp_vote(ENT_SMP_VR_BINARY, 2.0, 0.75, 0.5) == 2.0);
    assert_true(ent_i_smp_vote(ENT_SMP_VR_CUBIC, 2.0, 0.5, 0.0) == 0.25);
    assert_true(ent_i_smp_round4(0.24785) == 0.2479);
    assert_true(ent_i_smp_round4(0.2478499) == 0.2478);
    double a[2] = {0.2, 0.5}, b[2] = {0.6, 0.5}, s[2] = {0.3, 0.0};
    assert_true(fabs(ent_i_smp_delta(2, a, b, s) - 0.4) < 1e-15); /* salience-0 dim ignored */
    /* the counter-based draw is a pure function of (seed, round, actor) */
    assert_true(ent_i_smp_draw(7, 3, 11) == ent_i_smp_draw(7, 3, 11));
    assert_true(ent_i_smp_draw(7, 3, 11) != ent_i_smp_draw(7, 3, 12));
    assert_true(ent_i_smp_draw(7, 3, 11) >= 0.0 && ent_i_smp_draw(7, 3, 11) < 1.0);
    /* first strict maximum */
    double q[4] = {0.2, 0.3, 0.3, 0.2};
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    assert_int_equal(ent_i_smp_choose(&o, q, 4, 1, 0), 1);
}

static void test_defaults(void **state)
{
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    /* KTAB's [0,0,0,2,1,1,1,1,0] */
    int v[9] = {o.vpm, o.pcem, o.stm, o.vr, o.radj, o.rrng, o.tpc, o.ivb, o.bargn};
    int k[9] = {0, 0, 0, 2, 1, 1, 1, 1, 0};
    assert_memory_equal(v, k, sizeof v);
    assert_true(o.seed == UINT64_C(15455440707583219804));
    ent_forecast_opts_t fo;
    ent_forecast_opts_init(&fo);
    assert_int_equal(fo.smp.vr, ENT_SMP_VR_PROP);
}

/* PCE models on two options: Conditional gives p = (P(0>1), P(1>0)); MarkovUniform's fixed
 * point is the same (q_0 = (p_0 + P(0>1))/2 with p_0 + p_1 = 1); §4.4 coalitions by hand */
static void test_pce_two(void **state)
{
    const double w[3] = {1.0, 2.0, 4.0};
    /* voter k's utilities of options 0 and 1 */
    const double U[6] = {0.9, 0.1, 0.2, 0.6, 0.5, 0.25};
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    double C[4], P[4], pi[2];
    assert_int_equal(ent_i_smp_pce(3, 2, w, U, &o, 1, C, P, pi, NULL), ENT_OK);
    /* C(1,0): votes for option 1 over 0: voter 1 (2·0.4); C(0,1): voters 0 and 2 */
    assert_true(C[1 * 2 + 0] == 1e-8 + 2.0 * (0.6 - 0.2));
    assert_true(C[0 * 2 + 1] == (1e-8 + 1.0 * (0.9 - 0.1)) + 4.0 * (0.5 - 0.25));
    double a = P[0 * 2 + 1];
    assert_true(fabs(pi[0] - a) < 1e-15 && fabs(pi[1] - (1.0 - a)) < 1e-15);
    o.pcem = ENT_SMP_PCE_MARKOV_UNIFORM;
    double pu[2];
    assert_int_equal(ent_i_smp_pce(3, 2, w, U, &o, 1, NULL, P, pu, NULL), ENT_OK);
    assert_true(fabs(pu[0] - a) < 1e-5 && fabs(pu[1] - (1.0 - a)) < 1e-5);
    /* a Square victory model sharpens the stronger side */
    o.pcem = ENT_SMP_PCE_CONDITIONAL;
    o.vpm = ENT_SMP_VPM_SQUARE;
    double ps[2];
    assert_int_equal(ent_i_smp_pce(3, 2, w, U, &o, 1, NULL, P, ps, NULL), ENT_OK);
    assert_true(ps[0] > pi[0]);
}

/* Small N (issue 13): the 4-lane small-N paths (below 24 actors every target in short
 * vectors; elections of up to 12 options; one workspace per solve) against the
 * straightforward implementation, bit for bit, at sizes around every vector and threshold
 * edge (4, 8, 12, 24 actors; 1 to 4 options per list), for ρ's five BigRAdjust rules and
 * stochastic choices; each solve twice (the workspace holds nothing from one call to the
 * next). On this machine the AVX-512 code runs; under valgrind (no AVX-512) the AVX2 code. */
static void test_small_naive_equal(void **state)
{
    static const struct {
        size_t n, d;
        uint64_t seed;
        ent_smp_radj_t radj;
        ent_smp_stm_t stm;
    } cases[] = {
        {3, 1, 11, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_DETERMINISTIC},
        {4, 1, 12, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_DETERMINISTIC},
        {5, 2, 13, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_DETERMINISTIC},
        {7, 1, 14, ENT_SMP_RADJ_NONE, ENT_SMP_STM_DETERMINISTIC},
        {8, 3, 15, ENT_SMP_RADJ_HALF, ENT_SMP_STM_DETERMINISTIC},
        {10, 1, 16, ENT_SMP_RADJ_TWOTHIRDS, ENT_SMP_STM_DETERMINISTIC},
        {10, 2, 17, ENT_SMP_RADJ_FULL, ENT_SMP_STM_STOCHASTIC},
        {12, 1, 18, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_DETERMINISTIC},
        {13, 2, 19, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_STOCHASTIC},
        {17, 1, 20, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_DETERMINISTIC},
        {23, 3, 21, ENT_SMP_RADJ_HALF, ENT_SMP_STM_DETERMINISTIC},
        {24, 1, 22, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_DETERMINISTIC},
        {30, 2, 23, ENT_SMP_RADJ_ONETHIRD, ENT_SMP_STM_DETERMINISTIC},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        synth_t *s = synth(cases[c].n, cases[c].d, cases[c].seed);
        ent_smp_opts_t o;
        ent_smp_opts_init(&o);
        o.radj = cases[c].radj;
        o.stm = cases[c].stm;
        ent_smp_result_t a, a2, b;
        run_opts(&s->in, &o, 0, &a);
        run_opts(&s->in, &o, 0, &a2);
        o.naive = 1;
        run_opts(&s->in, &o, 0, &b);
        assert_true(a.nstates >= 2);
        same_result(&a, &b);
        same_result(&a, &a2);
        ent_smp_result_destroy(&a);
        ent_smp_result_destroy(&a2);
        ent_smp_result_destroy(&b);
        synth_free(s);
    }
}

/* fast kernel == straightforward implementation, bit for bit */
static void test_naive_equal(void **state)
{
    synth_t *s = synth(130, 3, 42);
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    ent_smp_result_t a, b;
    o.threads = 2;
    run_opts(&s->in, &o, 0, &a);
    o.naive = 1;
    run_opts(&s->in, &o, 0, &b);
    assert_true(a.nstates > 3);
    same_result(&a, &b);
    ent_smp_result_destroy(&a);
    ent_smp_result_destroy(&b);
    /* the generic (non-fused) path, with non-default parameters */
    ent_smp_opts_init(&o);
    o.vr = ENT_SMP_VR_CUBIC;
    o.tpc = ENT_SMP_TPC_NOCOMMIT;
    o.radj = ENT_SMP_RADJ_HALF;
    o.rrng = ENT_SMP_RRNG_MAX;
    o.ivb = ENT_SMP_IVB_S1P1;
    o.threads = 2;
    run_opts(&s->in, &o, 4, &a);
    o.naive = 1;
    run_opts(&s->in, &o, 4, &b);
    same_result(&a, &b);
    ent_smp_result_destroy(&a);
    ent_smp_result_destroy(&b);
    synth_free(s);
}

/* the vector challenge loop equals the scalar Chlg of §6 for every initiator and target,
 * also when some distance exceeds 1 (positions outside [0,1], u's second branch), with the
 * targets pruned by their gain bound (the default from 24 actors) or not (prune 0) */
static void test_targets_scalar(void **state)
{
    for (int mode = 0; mode < 4; mode++) {
        int stretch = mode % 2, prune = mode / 2;
        synth_t *s = synth(37, 2, 77);
        if (stretch)
            for (size_t k = 0; k < 37 * 2; k += 3) s->x[k] = 1.0 + s->x[k]; /* up to 2 */
        ent_i_smp_state_t st;
        assert_int_equal(ent_i_smp_state_init(&st, &s->in, NULL, NULL), ENT_OK);
        assert_int_equal(st.prune, 1);
        st.prune = prune;
        assert_int_equal(ent_i_smp_assess(&st, NULL), ENT_OK);
        if (stretch) assert_true(st.dmax > 1.0);
        else assert_true(st.dmax <= 1.0);
        long tg[37];
        double tp[37], tgn[37], U[37 * 37];
        ent_i_smp_targets(&st, tg, tp, tgn);
        for (size_t i = 0; i < 37; i++) {
            ent_i_smp_perceived(&st, i, U);
            double bestG = -1.0, bestP = NAN;
            long best = -1;
            for (size_t j = 0; j < 37; j++) {
                if (j == i) continue;
                double P, G;
                ent_i_smp_challenge(&st, U, i, i, j, &P, &G);
                if (G > 1e-5 && G > bestG) {
                    bestG = G;
                    bestP = P;
                    best = (long)j;
                }
            }
            assert_int_equal(tg[i], best);
            if (best >= 0) assert_true(tp[i] == bestP && tgn[i] == bestG);
        }
        ent_i_smp_state_destroy(&st);
        synth_free(s);
    }
}

/* pruned == full challenge loop over several rounds of a larger case, where the bound
 * leaves out most targets and more of them qualify as the actors converge */
static void test_targets_pruned_rounds(void **state)
{
    enum { N = 240 };
    synth_t *s = synth(N, 3, 1301);
    ent_i_smp_state_t st;
    assert_int_equal(ent_i_smp_state_init(&st, &s->in, NULL, NULL), ENT_OK);
    assert_int_equal(st.prune, 1);
    static long t1[N], t0[N];
    static double p1[N], p0[N], g1[N], g0[N];
    for (int r = 1; r <= 4; r++) {
        assert_int_equal(ent_i_smp_assess(&st, NULL), ENT_OK);
        st.prune = 1;
        ent_i_smp_targets(&st, t1, p1, g1);
        st.prune = 0;
        ent_i_smp_targets(&st, t0, p0, g0);
        st.prune = 1;
        size_t with = 0;
        for (size_t i = 0; i < N; i++) {
            assert_int_equal(t1[i], t0[i]);
            if (t0[i] < 0) continue;
            with++;
            assert_memory_equal(&p1[i], &p0[i], sizeof(double));
            assert_memory_equal(&g1[i], &g0[i], sizeof(double));
        }
        assert_true(with > N / 2);
        assert_int_equal(ent_i_smp_step(&st, r, NULL, NULL), ENT_OK);
    }
    ent_i_smp_state_destroy(&st);
    synth_free(s);
}

/* one thread == two threads == eight threads */
static void test_threads_equal(void **state)
{
    synth_t *s = synth(130, 2, 7);
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    ent_smp_result_t a, b, c;
    o.threads = 1;
    run_opts(&s->in, &o, 6, &a);
    o.threads = 2;
    run_opts(&s->in, &o, 6, &b);
    o.threads = 8;
    run_opts(&s->in, &o, 6, &c);
    same_result(&a, &b);
    same_result(&a, &c);
    assert_int_equal(a.stop, ENT_SMP_STOP_ROUNDS);
    assert_int_equal(a.nstates, 7);
    ent_smp_result_destroy(&a);
    ent_smp_result_destroy(&b);
    ent_smp_result_destroy(&c);
    synth_free(s);
}

/* stochastic transitions: reproducible per seed, independent of threads */
static void test_stochastic(void **state)
{
    synth_t *s = synth(140, 3, 99);
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    o.stm = ENT_SMP_STM_STOCHASTIC;
    o.seed = 12345;
    ent_smp_result_t a, b, c, d;
    o.threads = 1;
    run_opts(&s->in, &o, 5, &a);
    o.threads = 2;
    run_opts(&s->in, &o, 5, &b);
    run_opts(&s->in, &o, 5, &c);
    same_result(&a, &b);
    same_result(&b, &c);
    o.seed = 54321;
    run_opts(&s->in, &o, 5, &d);
    assert_int_equal(d.nstates, a.nstates);
    assert_true(memcmp(a.chosen, d.chosen, (a.nstates - 1) * a.n * sizeof(long)) != 0);
    /* a stochastic choice can differ from the argmax: over 5 rounds × 140 actors some do */
    ent_smp_opts_t od;
    ent_smp_opts_init(&od);
    ent_smp_result_t e;
    run_opts(&s->in, &od, 1, &e);
    assert_true(memcmp(a.chosen, e.chosen, a.n * sizeof(long)) != 0);
    ent_smp_result_destroy(&a);
    ent_smp_result_destroy(&b);
    ent_smp_result_destroy(&c);
    ent_smp_result_destroy(&d);
    ent_smp_result_destroy(&e);
    synth_free(s);
}

/* a long stochastic run (80 rounds) grows the result past its first 64 rounds; the naive
 * solver agrees bit for bit */
static void test_long_run(void **state)
{
    size_t n = 9, d = 2;
    uint64_t sd = 30;
    double cap[9], x[18], sal[18];
    for (size_t i = 0; i < n; i++) {
        sd = sd * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        cap[i] = (double)(1 + (sd >> 33) % 100);
        for (size_t k = 0; k < d; k++) {
            sd = sd * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            x[i * d + k] = (double)((sd >> 33) % 10001) / 100.0 / 100.0;
            sd = sd * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            sal[i * d + k] = (double)(1 + (sd >> 33) % 4000) / 100.0 / 100.0;
        }
    }
    ent_smp_input_t in = {n, d, cap, x, sal};
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    o.stm = ENT_SMP_STM_STOCHASTIC;
    o.seed = 30;
    o.max_rounds = 150;
    ent_smp_result_t a, b;
    run_opts(&in, &o, 0, &a);
    assert_true(a.nstates > 65);
    assert_int_equal(a.stop, ENT_SMP_STOP_CONVERGED);
    assert_true(a.ratio[a.nstates - 1] < 0.02);
    o.naive = 1;
    run_opts(&in, &o, 0, &b);
    same_result(&a, &b);
    ent_smp_result_destroy(&a);
    ent_smp_result_destroy(&b);
}

static void test_check(void **state)
{
    double cap[3] = {1, 2, 3}, x[3] = {0.1, 0.5, 0.9}, sal[3] = {0.5, 0.5, 0.5};
    ent_smp_input_t in = {3, 1, cap, x, sal};
    ent_error_t e = {0};
    assert_int_equal(ent_smp_check(&in, &e), ENT_OK);
    in.n = 2;
    assert_int_equal(ent_smp_check(&in, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "at least 3"));
    in.n = 3;
    cap[1] = 0;
    ent_error_clear(&e);
    assert_int_equal(ent_smp_check(&in, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "capability"));
    cap[1] = 2;
    sal[2] = 0;
    ent_error_clear(&e);
    assert_int_equal(ent_smp_check(&in, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "salience is 0"));
    double cap2[3] = {1, 1, 1}, x2[6] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6},
           s2[6] = {0.6, 0.5, 0.1, 0.1, 0.2, 0.2};
    ent_smp_input_t in2 = {3, 2, cap2, x2, s2};
    ent_error_clear(&e);
    assert_int_equal(ent_smp_check(&in2, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "more than 100%"));
    /* 33 + 56 + 11 = 100 rounds to 1.0000000000000002 in [0,1] units: accepted (KTAB
     * aborts at the first challenge of that actor; docs/models/smp.md) */
    double cap3[3] = {1, 2, 3}, x3[9] = {.1, .2, .3, .4, .5, .6, .7, .8, .9},
           s3[9] = {.33, .56, .11, .2, .2, .2, .3, .3, .3};
    ent_smp_input_t in3 = {3, 3, cap3, x3, s3};
    assert_int_equal(ent_smp_check(&in3, NULL), ENT_OK);
    ent_smp_result_t r;
    assert_int_equal(ent_smp_solve(&in3, NULL, 0, &r, NULL), ENT_OK);
    assert_true(r.nstates >= 2);
    ent_smp_result_destroy(&r);
}

static void test_stops(void **state)
{
    /* every actor at the same point: all p equal, R undefined → degenerate, no round */
    double cap[4] = {1, 2, 3, 4}, x[4] = {0.5, 0.5, 0.5, 0.5}, sal[4] = {.5, .5, .5, .5};
    ent_smp_input_t in = {4, 1, cap, x, sal};
    ent_smp_result_t r;
    assert_int_equal(ent_smp_solve(&in, NULL, 0, &r, NULL), ENT_OK);
    assert_int_equal(r.stop, ENT_SMP_STOP_DEGENERATE);
    assert_int_equal(r.nstates, 1);
    assert_true(r.prob[0] == 1.0 && r.prob[3] == 1.0); /* one distinct position */
    ent_smp_result_destroy(&r);
    /* a round limit */
    synth_t *s = synth(12, 2, 5);
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    o.max_rounds = 2;
    assert_int_equal(ent_smp_solve(&s->in, &o, 0, &r, NULL), ENT_OK);
    assert_int_equal(r.nstates, 3);
    assert_int_equal(r.stop, ENT_SMP_STOP_ROUNDS);
    ent_smp_result_destroy(&r);
    assert_int_equal(ent_smp_solve(&s->in, &o, 1, &r, NULL), ENT_OK); /* rounds overrides */
    assert_int_equal(r.nstates, 2);
    ent_smp_result_destroy(&r);
    ent_smp_result_destroy(NULL);
    synth_free(s);
}

/* every alternative of the nine parameters runs, keeps probabilities in [0,1] and
 * positions in [0,1], and changes something relative to the defaults */
static void test_alternatives(void **state)
{
    synth_t *s = synth(9, 2, 2024);
    ent_smp_opts_t d;
    ent_smp_opts_init(&d);
    ent_smp_result_t base;
    run_opts(&s->in, &d, 4, &base);
    ent_smp_opts_t o;
    int *f[9] = {(int *)&o.vpm, (int *)&o.pcem, (int *)&o.stm, (int *)&o.vr, (int *)&o.radj,
                 (int *)&o.rrng, (int *)&o.tpc, (int *)&o.ivb, (int *)&o.bargn};
    int hi[9] = {4, 2, 1, 5, 4, 2, 2, 2, 2};
    int changed = 0, runs = 0;
    for (int p = 0; p < 9; p++) {
        for (int v = 0; v <= hi[p]; v++) {
            ent_smp_opts_init(&o);
            *f[p] = v;
            ent_smp_result_t r;
            ent_error_t e = {0};
            if (ent_smp_solve(&s->in, &o, 4, &r, &e) != ENT_OK)
                fail_msg("parameter %d = %d: %s", p, v, e.msg);
            runs++;
            size_t T = r.nstates, n = r.n;
            for (size_t k = 0; k < T * n; k++) {
                assert_true(r.prob[k] >= 0.0 && r.prob[k] <= 1.0 + 1e-12);
            }
            for (size_t k = 0; k < T * n * r.d; k++)
                assert_true(r.x[k] >= -1e-12 && r.x[k] <= 1.0 + 1e-12);
            if (p == 5 && v == 0)
                for (size_t k = 0; k < n; k++) assert_true(r.risk[k] >= 0.0 && r.risk[k] <= 1.0);
            if (p == 5 && v == 2)
                for (size_t k = 0; k < n; k++)
                    assert_true(r.risk[k] >= -1.0 - 1e-12 && r.risk[k] <= 1.0 + 1e-12);
            if (r.nstates != base.nstates ||
                memcmp(r.prob, base.prob, T * n * sizeof(double)) != 0)
                changed++;
            ent_smp_result_destroy(&r);
        }
    }
    assert_int_equal(runs, 5 + 3 + 2 + 6 + 5 + 3 + 3 + 3 + 3);
    assert_true(changed >= 12); /* most alternatives move some number */
    ent_smp_result_destroy(&base);
    synth_free(s);
}

/* ---- the scenario adapter ---- */

static void test_run_scenario(void **state)
{
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load(&s, "tests/data/smp/dummyData_3Dim.yaml", &lo, &e) != ENT_OK)
        fail_msg("%s", e.msg);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    o.trace = 1;
    ent_forecast_t fc;
    ent_forecast_init(&fc);
    if (ent_forecast_run(&s, "smp", &o, &fc, &e) != ENT_OK) fail_msg("%s", e.msg);
    assert_string_equal(fc.model, "smp");
    assert_non_null(fc.tracks);
    const ent_track_t *t = &fc.tracks[0];
    assert_int_equal(t->nstates, 11);
    assert_int_equal(t->ndim, 3);
    assert_int_equal(t->nactors, 7);
    /* state 0 = the input in issue units; state 1, actor 6 = 75.61 24.79 71.95 (§14.6) */
    assert_true(t->x[0] == 75.79 / 100.0 * 100.0);
    char b[64];
    snprintf(b, sizeof b, "%.2f %.2f %.2f", t->x[(7 + 6) * 3], t->x[(7 + 6) * 3 + 1],
             t->x[(7 + 6) * 3 + 2]);
    assert_string_equal(b, "75.61 24.79 71.95");
    /* outcome = last state's expected position = Σ π·rep over distinct final positions */
    for (int d = 0; d < 3; d++) assert_true(fc.outcome[0][d] == t->fc[10 * 3 + d]);
    ent_smp_result_t r;
    double cap[7], x[21], sal[21];
    for (size_t a = 0; a < 7; a++) {
        cap[a] = s.actors[a].capability;
        for (size_t d = 0; d < 3; d++) {
            x[a * 3 + d] = ent_scenario_pos(&s, a, 0)->x[d] / 100.0;
            sal[a * 3 + d] = ent_scenario_salience(&s, a, 0, d);
        }
    }
    ent_smp_input_t in = {7, 3, cap, x, sal};
    assert_int_equal(ent_smp_solve(&in, NULL, 0, &r, NULL), ENT_OK);
    for (int d = 0; d < 3; d++) assert_true(fc.outcome[0][d] == r.expected[10 * 3 + d] * 100.0);
    /* typed series: 11×7 printed probabilities and 11×7 risk attitudes, equal to the kernel's */
    assert_non_null(t->winprob);
    assert_non_null(t->risk);
    assert_null(t->median);
    assert_true(t->winprob[0] == 0.0047361458499520582);
    assert_true(t->risk[4] == 1.0);
    assert_true(t->winprob[7 + 0] == 0.60592976622471562);
    for (size_t k = 0; k < 11 * 7; k++) {
        assert_true(t->winprob[k] == r.prob[k]);
        assert_true(t->risk[k] == r.risk[k]);
    }
    assert_true(t->verdict.kind != ENT_VERDICT_NONE);
    assert_true(t->verdict.movement > 0.0);
    assert_non_null(fc.trace);
    assert_non_null(strstr(fc.trace, "SActor-00 challenges SActor-06: P 0.7643, expected gain "
                                     "+0.0947, bargain [75.61 24.78 71.95] / [75.61 24.79 "
                                     "71.95]"));
    assert_non_null(strstr(fc.trace, "SActor-06 challenges SActor-01: P 0.3970"));
    assert_non_null(strstr(fc.trace, "SActor-00 chooses the bargain of SActor-04 (q 0.4968 of "
                                     "5 options) -> [79.54 44.71 72.05]"));
    assert_non_null(strstr(fc.trace, "10 round(s), stop: converged"));
    assert_non_null(fc.why[0]);
    assert_non_null(strstr(fc.why[0], "stopped by KTAB's rule after 10 rounds: the last round "
                                      "moved 0.45% of the first round's distance"));
    ent_smp_result_destroy(&r);
    ent_forecast_destroy(&fc);
    ent_scenario_destroy(&s);
}

/* two issues, an actor absent from one, a non-default scale: tracks, NaN, typed series */
static void test_run_multi(void **state)
{
    const char *yaml =
        "entente: 1\nsalience_scale: 1\nactors:\n"
        "  - {id: A, capability: 10}\n  - {id: B, capability: 20}\n"
        "  - {id: C, capability: 15}\n  - {id: D, capability: 5}\n"
        "issues:\n  - {id: tax, scale: [-1, 1]}\n"
        "  - {id: plan, dimensions: [x, y], scale: [[0, 10], [0, 100]]}\n"
        "positions:\n"
        "  - {actor: A, issue: tax, position: -0.8, salience: 0.9}\n"
        "  - {actor: B, issue: tax, position: 0.5, salience: 0.4}\n"
        "  - {actor: C, issue: tax, position: 0.9, salience: 0.7}\n"
        "  - {actor: A, issue: plan, position: [1, 20], salience: [0.3, 0.3]}\n"
        "  - {actor: B, issue: plan, position: [5, 60], salience: [0.6, 0.2]}\n"
        "  - {actor: C, issue: plan, position: [9, 10], salience: [0.5, 0.4]}\n"
        "  - {actor: D, issue: plan, position: [7, 90], salience: [0.2, 0.1]}\n";
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load_mem(&s, "multi.yaml", yaml, strlen(yaml), &lo, &e) != ENT_OK)
        fail_msg("%s", e.msg);
    ent_forecast_t fc;
    ent_forecast_init(&fc);
    if (ent_smp_run(&s, NULL, &fc, &e) != ENT_OK) fail_msg("%s", e.msg);
    const ent_track_t *t0 = &fc.tracks[0], *t1 = &fc.tracks[1];
    assert_int_equal(t0->ndim, 1);
    assert_int_equal(t1->ndim, 2);
    assert_int_equal(t0->nactors, 4);
    /* D has no position on tax: NaN in every state */
    for (size_t t = 0; t < t0->nstates; t++) assert_true(isnan(t0->x[t * 4 + 3]));
    /* state 0 is the input, in issue units */
    assert_true(fabs(t0->x[0] - -0.8) < 1e-12);
    assert_true(fabs(t1->x[(0 * 4 + 1) * 2 + 0] - 5.0) < 1e-12);
    assert_true(fabs(t1->x[(0 * 4 + 3) * 2 + 1] - 90.0) < 1e-12);
    /* every position stays within its scale; outcomes too */
    for (size_t t = 0; t < t1->nstates; t++)
        for (size_t a = 0; a < 4; a++) {
            assert_true(t1->x[(t * 4 + a) * 2] >= 0.0 && t1->x[(t * 4 + a) * 2] <= 10.0);
            assert_true(t1->x[(t * 4 + a) * 2 + 1] >= 0.0 && t1->x[(t * 4 + a) * 2 + 1] <= 100.0);
        }
    assert_true(fc.outcome[0][0] >= -1.0 && fc.outcome[0][0] <= 1.0);
    /* the same issue run on the kernel directly: identical up to the scale mapping */
    double cap[4] = {10, 20, 15, 5}, x[8] = {0.1, 0.2, 0.5, 0.6, 0.9, 0.1, 0.7, 0.9},
           sal[8] = {0.3, 0.3, 0.6, 0.2, 0.5, 0.4, 0.2, 0.1};
    ent_smp_input_t in = {4, 2, cap, x, sal};
    ent_smp_result_t r;
    assert_int_equal(ent_smp_solve(&in, NULL, 0, &r, NULL), ENT_OK);
    assert_int_equal(r.nstates, t1->nstates);
    size_t T = r.nstates;
    for (size_t a = 0; a < 4; a++) {
        assert_true(fabs(t1->x[((T - 1) * 4 + a) * 2] - 10.0 * r.x[((T - 1) * 4 + a) * 2]) < 1e-9);
        assert_true(fabs(t1->x[((T - 1) * 4 + a) * 2 + 1] -
                         100.0 * r.x[((T - 1) * 4 + a) * 2 + 1]) < 1e-9);
    }
    /* typed series: D holds no position on tax (NaN in every state); issue 1's series are
     * the kernel's, state by state */
    for (size_t t = 0; t < t0->nstates; t++) {
        assert_true(isnan(t0->winprob[t * 4 + 3]));
        assert_true(isnan(t0->risk[t * 4 + 3]));
        assert_false(isnan(t0->winprob[t * 4 + 0]));
    }
    for (size_t t = 0; t < T; t++)
        for (size_t a = 0; a < 4; a++) {
            assert_true(fabs(t1->winprob[t * 4 + a] - r.prob[t * 4 + a]) < 1e-12);
            assert_true(fabs(t1->risk[t * 4 + a] - r.risk[t * 4 + a]) < 1e-12);
        }
    assert_null(fc.trace);
    ent_smp_result_destroy(&r);
    ent_forecast_destroy(&fc);
    ent_scenario_destroy(&s);
}

/* KTAB's CSV (importer) and entente's YAML of the same input give the same bits: the CSV is
 * written here from the retyped YAML scenario, loaded with the KTAB importer, and both are
 * forecast */
static void test_ktab_csv_equals_yaml(void **state)
{
    ent_scenario_t y, c;
    ent_scenario_init(&y);
    ent_scenario_init(&c);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load(&y, "tests/data/smp/SOE-Pol-Comp.yaml", &lo, &e) != ENT_OK)
        fail_msg("%s", e.msg);
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_printf(&b, "test,written from YAML,%zu,%zu,\nActor,Description,Power", y.nactors,
                   y.issues[0].ndim);
    for (size_t d = 0; d < y.issues[0].ndim; d++)
        ent_buf_printf(&b, ",%s,sal%zu", y.issues[0].dim_names[d], d);
    ent_buf_puts(&b, "\n");
    for (size_t a = 0; a < y.nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(&y, a, 0);
        ent_buf_printf(&b, "%s,actor,%.17g", y.actors[a].id, y.actors[a].capability);
        for (size_t d = 0; d < y.issues[0].ndim; d++)
            ent_buf_printf(&b, ",%.17g,%.17g", p->x[d], p->sal[d]);
        ent_buf_puts(&b, "\n");
    }
    lo.format = ENT_FMT_KTAB;
    if (ent_scenario_load_mem(&c, "mem.csv", b.data, b.len, &lo, &e) != ENT_OK)
        fail_msg("%s", e.msg);
    ent_buf_free(&b);
    ent_forecast_t fy, fc;
    ent_forecast_init(&fy);
    ent_forecast_init(&fc);
    assert_int_equal(ent_smp_run(&y, NULL, &fy, &e), ENT_OK);
    assert_int_equal(ent_smp_run(&c, NULL, &fc, &e), ENT_OK);
    const ent_track_t *ty = &fy.tracks[0], *tc = &fc.tracks[0];
    assert_int_equal(ty->nstates, 28);
    assert_int_equal(tc->nstates, 28);
    assert_memory_equal(ty->x, tc->x, 28 * 13 * 2 * sizeof(double));
    assert_memory_equal(ty->winprob, tc->winprob, 28 * 13 * sizeof(double));
    assert_memory_equal(ty->risk, tc->risk, 28 * 13 * sizeof(double));
    assert_memory_equal(fy.outcome[0], fc.outcome[0], 2 * sizeof(double));
    ent_forecast_destroy(&fy);
    ent_forecast_destroy(&fc);
    ent_scenario_destroy(&y);
    ent_scenario_destroy(&c);
}

static ent_status_t run_text(const char *yaml, ent_error_t *e)
{
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_status_t st = ent_scenario_load_mem(&s, "mem.yaml", yaml, strlen(yaml), &lo, e);
    if (st != ENT_OK) fail_msg("load: %s", e->msg);
    ent_forecast_t fc;
    ent_forecast_init(&fc);
    st = ent_smp_run(&s, NULL, &fc, e);
    ent_forecast_destroy(&fc);
    ent_scenario_destroy(&s);
    return st;
}

static void test_run_errors(void **state)
{
    const char *head = "entente: 1\nsalience_scale: 100\nactors:\n"
                       "  - {id: A, capability: 10}\n  - {id: B, capability: 20}\n"
                       "  - {id: C, capability: %s}\n"
                       "issues:\n  - {id: q, dimensions: [x, y]}\npositions:\n"
                       "  - {actor: A, issue: q, position: [10, 20], salience: [30, 30]}\n"
                       "  - {actor: B, issue: q, position: [50, 60], salience: [%s]}\n"
                       "%s";
    char buf[1024];
    ent_error_t e = {0};
    const char *pc = "  - {actor: C, issue: q, position: [90, 10], salience: [50, 40]}\n";
    snprintf(buf, sizeof buf, head, "5", "60, 50", pc);
    assert_int_equal(run_text(buf, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "sum to more than 100"));
    assert_string_equal(e.file, "mem.yaml");
    assert_int_equal(e.line, 11);
    assert_true(e.col > 0);
    ent_error_clear(&e);
    snprintf(buf, sizeof buf, head, "0", "60, 40", pc);
    assert_int_equal(run_text(buf, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "capability 0"));
    assert_int_equal(e.line, 6); /* the actor's line, where the capability is written */
    ent_error_clear(&e);
    snprintf(buf, sizeof buf, head, "5", "60, 40", "");
    assert_int_equal(run_text(buf, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "needs at least 3"));
    assert_int_equal(e.line, 8);
    ent_error_clear(&e);
    snprintf(buf, sizeof buf, head, "5", "60, 40", pc);
    assert_int_equal(run_text(buf, &e), ENT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks),        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_pce_two),
        cmocka_unit_test(test_naive_equal),   cmocka_unit_test(test_targets_scalar),
        cmocka_unit_test(test_small_naive_equal),
        cmocka_unit_test(test_targets_pruned_rounds),
        cmocka_unit_test(test_threads_equal),
        cmocka_unit_test(test_stochastic),    cmocka_unit_test(test_long_run),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_stops),         cmocka_unit_test(test_alternatives),
        cmocka_unit_test(test_run_scenario),  cmocka_unit_test(test_run_multi),
        cmocka_unit_test(test_ktab_csv_equals_yaml), cmocka_unit_test(test_run_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
