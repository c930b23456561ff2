/* SPDX-License-Identifier: MIT */
/* test_forecast_verdict.c — unit tests of the convergence verdict and the movement-without-
 * progress figure (src/forecast/dynamics.c) on hand-made histories: one that converges,
 * a 2-cycle (the pattern bdm.md §C.3 reports for UK-EMU: a 2-cycle from round 1 on), a
 * near 3-cycle, one still moving at the round limit, and the edge cases of mwp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

#define assert_near(a, b, eps)                                                          \
    do {                                                                                \
        double a_ = (a), b_ = (b);                                                      \
        if (!(fabs(a_ - b_) <= (eps))) {                                                \
            print_error("%.17g != %.17g (eps %g)\n", a_, b_, (double)(eps));           \
            fail();                                                                     \
        }                                                                               \
    } while (0)

/* A 1-D track over `nstates` states of `nactors` actors; fc NULL = the plain mean. */
static ent_track_t mk(size_t nstates, size_t nactors, const double *x, const double *fc)
{
    ent_track_t t;
    memset(&t, 0, sizeof t);
    t.nstates = nstates;
    t.nactors = nactors;
    t.ndim = 1;
    t.x = (double *)x;
    t.fc = (double *)fc;
    return t;
}

static void converging(void **state)
{
    (void)state;
    /* two actors move together and stop: 0,10 → 2,8 → 3,7 → 3,7 */
    double x[] = {0, 10, 2, 8, 3, 7, 3, 7};
    double fc[] = {4, 4.5, 5, 5};
    ent_track_t t = mk(4, 2, x, fc);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(t.verdict.round, 3);
    assert_int_equal(t.verdict.exact, 1);
    assert_near(t.verdict.tol, 1e-9, 0);
    assert_near(t.verdict.movement, 6, 1e-15);   /* 2+2 + 1+1 + 0 */
    assert_near(t.verdict.net, 1, 1e-15);        /* |5 − 4| */
    assert_near(t.verdict.mwp, 6, 1e-15);
    assert_string_equal(ent_verdict_name(t.verdict.kind), "converged");
    /* a step below tol counts as converged, not exact */
    double y[] = {0, 10, 2, 8, 2 + 1e-12, 8};
    t = mk(3, 2, y, fc);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(t.verdict.round, 2);
    assert_int_equal(t.verdict.exact, 0);
    /* with tol 0 the same history is still moving */
    ent_track_verdict(&t, 0);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_MOVING);
    assert_int_equal(t.verdict.round, 2);
}

static void two_cycle(void **state)
{
    (void)state;
    /* input A, then B, C, B, C, B: a 2-cycle from round 1 (UK-EMU pattern) */
    double x[] = {5, 5, 4, 6, 6, 4, 4, 6, 6, 4, 4, 6};
    double fc[] = {5, 4.9, 5.1, 4.9, 5.1, 4.9};
    ent_track_t t = mk(6, 2, x, fc);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CYCLING);
    assert_int_equal(t.verdict.period, 2);
    assert_int_equal(t.verdict.cycle_start, 1);
    assert_int_equal(t.verdict.round, 3);
    assert_int_equal(t.verdict.exact, 1);
    /* movement: round 1: 1+1; rounds 2..5: 2+2 each → 2 + 16 = 18; net |4.9 − 5| = 0.1 */
    assert_near(t.verdict.movement, 18, 1e-14);
    assert_near(t.verdict.net, 0.1, 1e-14);
    assert_near(t.verdict.mwp, 180, 1e-9);
    assert_string_equal(ent_verdict_name(t.verdict.kind), "cycling");
}

static void near_three_cycle(void **state)
{
    (void)state;
    /* one actor 1 → 2 → 3 → 1+1e-11 → 2.5: a near repeat of state 0 at round 3 */
    double x[] = {1, 2, 3, 1 + 1e-11, 2.5};
    double fc[] = {1, 2, 3, 1 + 1e-11, 2.5};
    ent_track_t t = mk(5, 1, x, fc);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CYCLING);
    assert_int_equal(t.verdict.period, 3);
    assert_int_equal(t.verdict.cycle_start, 0);
    assert_int_equal(t.verdict.exact, 0);
    /* tolerance 0: no repeat → still moving at the limit */
    ent_track_verdict(&t, 0);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_MOVING);
    assert_int_equal(t.verdict.round, 4);
}

static void still_moving(void **state)
{
    (void)state;
    /* two actors, one absent (NaN throughout), the other walks 0,1,2,3 */
    double x[] = {0, NAN, 1, NAN, 2, NAN, 3, NAN};
    ent_track_t t = mk(4, 2, x, x /* fc unused layout: use fc below */);
    double fc[] = {0, 1, 2, 3};
    t.fc = fc;
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_MOVING);
    assert_int_equal(t.verdict.round, 3);
    assert_near(t.verdict.movement, 3, 0);
    assert_near(t.verdict.net, 3, 0);
    assert_near(t.verdict.mwp, 1, 0);
    assert_string_equal(ent_verdict_name(t.verdict.kind), "still moving");
}

static void mwp_edges_and_dims(void **state)
{
    (void)state;
    /* movement without any net change: +Inf */
    double x[] = {0, 10, 10, 0, 5, 5};
    double fc[] = {5, 5, 5};
    ent_track_t t = mk(3, 2, x, fc);
    ent_track_verdict(&t, 1e-9);
    assert_true(isinf(t.verdict.mwp) && t.verdict.mwp > 0);
    assert_near(t.verdict.movement, 30, 0);
    /* nothing moves at all: converged at round 1, mwp NaN */
    double y[] = {1, 1, 1, 1};
    double fy[] = {1, 1};
    t = mk(2, 2, y, fy);
    ent_track_verdict(&t, 0);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(t.verdict.round, 1);
    assert_true(isnan(t.verdict.mwp));
    /* two dimensions: Euclidean steps (3,4) → 5 */
    double z[] = {0, 0, 3, 4, 3, 4};
    double fz[] = {0, 0, 3, 4, 3, 4};
    t = mk(3, 1, z, fz);
    t.ndim = 2;
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(t.verdict.round, 2);
    assert_near(t.verdict.movement, 5, 0);
    assert_near(t.verdict.net, 5, 0);
    /* only the input state: still moving at round 0; no state: none */
    t = mk(1, 1, z, fz);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_MOVING);
    assert_int_equal(t.verdict.round, 0);
    t = mk(0, 1, NULL, NULL);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_NONE);
    assert_string_equal(ent_verdict_name(ENT_VERDICT_NONE), "none");
    ent_track_verdict(NULL, 0); /* no-op */
    /* an actor that appears (NaN → value) counts as a change, not a repeat */
    double w[] = {NAN, 1, 1};
    double fw[] = {0, 1, 1};
    t = mk(3, 1, w, fw);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(t.verdict.round, 2);
}

/* The plain definition: every pair compared (the reference for the filtered scan). */
static void brute(const ent_track_t *t, double tol, int *kind, int *round, int *start)
{
    size_t len = t->nactors * t->ndim;
    *kind = ENT_VERDICT_MOVING;
    *round = (int)t->nstates - 1;
    *start = 0;
    for (size_t a = 1; a < t->nstates; a++)
        for (size_t b = a; b-- > 0;) {
            double m = 0;
            for (size_t j = 0; j < len; j++) {
                double d = fabs(t->x[a * len + j] - t->x[b * len + j]);
                if (d > m) m = d;
            }
            if (m <= tol) {
                *kind = b == a - 1 ? ENT_VERDICT_CONVERGED : ENT_VERDICT_CYCLING;
                *round = (int)a;
                *start = (int)b;
                return;
            }
        }
}

static uint64_t seed = 42;
static double rnd(void)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(seed >> 11) / 9007199254740992.0;
}

/* Random walks with a repeat planted at a random place (exact, within tol, or just beyond
 * tol): the filtered scan agrees with the plain definition on every case. */
static void filtered_scan_matches_definition(void **state)
{
    (void)state;
    for (int rep = 0; rep < 300; rep++) {
        size_t T = 3 + (size_t)(rnd() * 60), n = 1 + (size_t)(rnd() * 6), len = n;
        double *x = malloc(T * len * sizeof *x), *fc = calloc(T, sizeof *fc);
        for (size_t j = 0; j < len; j++) x[j] = rnd() * 100;
        for (size_t t = 1; t < T; t++)
            for (size_t j = 0; j < len; j++) x[t * len + j] = x[(t - 1) * len + j] + 1 + rnd() * 5;
        double tol = rep % 3 == 0 ? 0 : 1e-6;
        size_t t1 = 2 + (size_t)(rnd() * (double)(T - 2)), t0 = (size_t)(rnd() * (double)(t1 - 1));
        if (t1 < T) {
            double eps = rep % 4 == 1 ? 0.5e-6 : rep % 4 == 2 ? 2e-6 : 0;
            for (size_t j = 0; j < len; j++) x[t1 * len + j] = x[t0 * len + j] + (j == 0 ? eps : 0);
        }
        ent_track_t t = mk(T, n, x, fc);
        ent_track_verdict(&t, tol);
        int kind, round, start;
        brute(&t, tol, &kind, &round, &start);
        assert_int_equal(t.verdict.kind, kind);
        assert_int_equal(t.verdict.round, round);
        if (kind == ENT_VERDICT_CYCLING) assert_int_equal(t.verdict.cycle_start, start);
        free(x);
        free(fc);
    }
}

/* A long history: 20000 states of 100 actors, a near repeat of state 7000 at 19990. */
static void long_history(void **state)
{
    (void)state;
    size_t T = 20000, n = 100;
    double *x = malloc(T * n * sizeof *x), *fc = calloc(T, sizeof *fc);
    for (size_t t = 0; t < T; t++)
        for (size_t a = 0; a < n; a++) x[t * n + a] = sin((double)(t * 7 + a * 13)) * 50 + (double)t * 1e-3;
    for (size_t a = 0; a < n; a++) x[19990 * n + a] = x[7000 * n + a] + 1e-12;
    ent_track_t t = mk(T, n, x, fc);
    ent_track_verdict(&t, 1e-9);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CYCLING);
    assert_int_equal(t.verdict.cycle_start, 7000);
    assert_int_equal(t.verdict.period, 12990);
    assert_int_equal(t.verdict.exact, 0);
    free(x);
    free(fc);
}

/* A run the model ended by its own rule is STOPPED, never "still moving at the round
 * limit"; a repeat within tol still wins (converged / cycling). */
static void stopped_by_the_model(void **state)
{
    (void)state;
    double x[] = {0, 10, 2, 8, 3, 7.5};
    double fc[] = {5, 5, 5.25};
    ent_track_t t = mk(3, 2, x, fc);
    t.model_stop = 1;
    ent_track_verdict(&t, 0.1);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_STOPPED);
    assert_int_equal(t.verdict.round, 2);
    assert_string_equal(ent_verdict_name(t.verdict.kind), "stopped");
    /* at the codings' precision (half of a step of 5) no actor moved a coding: round 1 */
    ent_track_verdict(&t, 2.5);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(t.verdict.round, 1);
    ent_track_verdict(&t, 1.5);                     /* round 2 moves 1 and 0.5 */
    assert_int_equal(t.verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(t.verdict.round, 2);
    t.model_stop = 0;
    ent_track_verdict(&t, 0.1);
    assert_int_equal(t.verdict.kind, ENT_VERDICT_MOVING);
}

/* Movement without progress per round: round t alone, state t−1 → t. */
static void per_round(void **state)
{
    (void)state;
    /* two actors, one absent in state 0 only; forecast 4, 4.5, 4.5, 6 */
    double x[] = {0, NAN, 2, 8, 3, 7, 3, 7};
    double fc[] = {4, 4.5, 4.5, 6};
    ent_track_t t = mk(4, 2, x, fc);
    ent_error_t e = {0};
    assert_int_equal(ent_track_rounds(&t, &e), ENT_OK);
    assert_non_null(t.round_movement);
    assert_near(t.round_movement[0], 0, 0);
    assert_near(t.round_net[0], 0, 0);
    assert_true(isnan(t.round_mwp[0]));
    assert_near(t.round_movement[1], 2, 0);       /* actor 2 has no state-0 position */
    assert_near(t.round_net[1], 0.5, 0);
    assert_near(t.round_mwp[1], 4, 0);
    assert_near(t.round_movement[2], 2, 0);       /* 1 + 1, forecast unchanged */
    assert_true(isinf(t.round_mwp[2]));
    assert_near(t.round_movement[3], 0, 0);       /* nobody moves, the forecast does */
    assert_near(t.round_net[3], 1.5, 0);
    assert_near(t.round_mwp[3], 0, 0);
    /* the totals are the verdict's own: Σ movement per round = movement */
    ent_track_verdict(&t, 1e-9);
    assert_near(t.round_movement[1] + t.round_movement[2] + t.round_movement[3], t.verdict.movement, 1e-15);
    free(t.round_movement);
    free(t.round_net);
    free(t.round_mwp);
    /* no states: NULL series, no error */
    ent_track_t z;
    memset(&z, 0, sizeof z);
    assert_int_equal(ent_track_rounds(&z, &e), ENT_OK);
    assert_null(z.round_movement);
    assert_int_equal(ent_track_rounds(NULL, &e), ENT_EINVAL);
}

/* The default tolerance: --tol, else half the issue's step, else precision × range / 2
 * (precision 0.01: 0.5 % of the range); precision 2e-9 gives the old 1e-9 × range. */
static void tolerance_from_the_codings(void **state)
{
    (void)state;
    static const char y[] =
        "entente: 1\n"
        "issues:\n"
        "  - {id: a}\n"
        "  - {id: b, scale: [1, 10], step: 0.5}\n"
        "  - {id: c, dimensions: 2, scale: [[0, 10], [0, 200]]}\n";
    ent_scenario_t s;
    ent_error_t e = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load_mem(&s, "t.yaml", y, strlen(y), NULL, &e), ENT_OK);
    assert_near(ent_forecast_tolerance(&s, 0, NULL), 0.5, 1e-15);
    assert_near(ent_forecast_tolerance(&s, 1, NULL), 0.25, 0);
    assert_near(ent_forecast_tolerance(&s, 2, NULL), 1.0, 1e-15);   /* widest range 200 */
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    assert_near(ent_forecast_tolerance(&s, 0, &o), 0.5, 1e-15);
    o.tol = 1e-7;
    assert_near(ent_forecast_tolerance(&s, 1, &o), 1e-7, 0);
    s.precision = 2e-9;
    assert_near(ent_forecast_tolerance(&s, 0, NULL), 1e-9 * 100, 1e-24);
    assert_near(ent_forecast_tolerance(&s, 1, NULL), 0.25, 0);      /* the step wins */
    ent_scenario_destroy(&s);
}

/* smp on a scenario whose run KTAB's 2 % rule ends: STOPPED at a tight tolerance, with the
 * same numbers at every tolerance (the tolerance only reads the history). */
static void smp_stop_label(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/analysis/ukraine-flagship-v1.yaml", NULL, &e), ENT_OK);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    ent_forecast_t tight, loose;
    ent_forecast_init(&tight);
    ent_forecast_init(&loose);
    o.tol = 1e-7;
    assert_int_equal(ent_forecast_run(&s, "smp", &o, &tight, &e), ENT_OK);
    o.tol = 0;
    assert_int_equal(ent_forecast_run(&s, "smp", &o, &loose, &e), ENT_OK);
    long g = ent_scenario_find_issue(&s, "guarantee");
    assert_true(g >= 0);
    const ent_track_t *a = &tight.tracks[g], *b = &loose.tracks[g];
    assert_int_equal(a->verdict.kind, ENT_VERDICT_STOPPED);   /* KTAB's rule after 9 rounds */
    assert_int_equal(a->verdict.round, 9);
    assert_non_null(strstr(tight.why[g], "stopped by KTAB's rule after 9 rounds"));
    assert_near(b->verdict.tol, 0.5, 1e-15);
    assert_int_equal(a->nstates, b->nstates);
    assert_memory_equal(a->x, b->x, a->nstates * a->nactors * sizeof *a->x);
    assert_memory_equal(a->fc, b->fc, a->nstates * sizeof *a->fc);
    assert_memory_equal(a->round_movement, b->round_movement, a->nstates * sizeof *a->fc);
    ent_forecast_destroy(&tight);
    ent_forecast_destroy(&loose);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(converging),
        cmocka_unit_test(two_cycle),
        cmocka_unit_test(near_three_cycle),
        cmocka_unit_test(still_moving),
        cmocka_unit_test(mwp_edges_and_dims),
        cmocka_unit_test(filtered_scan_matches_definition),
        cmocka_unit_test(long_history),
        cmocka_unit_test(stopped_by_the_model),
        cmocka_unit_test(per_round),
        cmocka_unit_test(tolerance_from_the_codings),
        cmocka_unit_test(smp_stop_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
