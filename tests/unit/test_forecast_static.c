/* SPDX-License-Identifier: MIT */
/* test_forecast_static.c — unit tests of the static forecast models (src/forecast/
 * compromise.c, median.c, nash.c) and the dispatcher (forecast.c): the 1-D kernels on
 * arrays, and the model runners on scenarios built in C.
 *
 * Data: the emission-standards table of Bueno de Mesquita & Stokman (eds.) 1994,
 * *European Community Decision Making*, Yale UP, p. 78 (= Scholz, Calbert & Smith 2011,
 * JTP 23(4), Table 1), ten actors, retyped below. Its c·s-weighted mean 7.389955686853767
 * and median 7 are quoted in ../shared/docs/models/bdm.md §C.1. Other cases are hand-made;
 * their expected values are derived in the comments.
 */
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "forecast/forecast_i.h"

/* cmocka 1.1 has no double comparison: |a − b| <= eps, printing both at full precision. */
#define assert_near(a, b, eps)                                                          \
    do {                                                                                \
        double a_ = (a), b_ = (b);                                                      \
        if (!(fabs(a_ - b_) <= (eps))) {                                                \
            print_error("%.17g != %.17g (eps %g)\n", a_, b_, (double)(eps));           \
            fail();                                                                     \
        }                                                                               \
    } while (0)

static const double em_c[10] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
static const double em_x[10] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
static const double em_s[10] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};

static char *dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    strcpy(d, s);
    return d;
}

/* One scenario, n actors, one issue of ndim dimensions on [0,100]^ndim (or [lo,hi]).
 * x and sal are n*ndim (row-major per actor); x NaN = no position. sq may be NULL. */
static void build(ent_scenario_t *s, size_t n, size_t ndim, const double *c, const double *x,
                  const double *sal, const double *sq, double lo, double hi)
{
    ent_scenario_init(s);
    s->nactors = n;
    s->actors = calloc(n, sizeof *s->actors);
    for (size_t a = 0; a < n; a++) {
        char id[32];
        snprintf(id, sizeof id, "A%zu", a);
        s->actors[a].id = dup(id);
        s->actors[a].capability = c[a];
    }
    s->nissues = 1;
    s->issues = calloc(1, sizeof *s->issues);
    ent_issue_t *is = &s->issues[0];
    is->id = dup("issue");
    is->ndim = ndim;
    is->lo = malloc(ndim * sizeof(double));
    is->hi = malloc(ndim * sizeof(double));
    for (size_t d = 0; d < ndim; d++) { is->lo[d] = lo; is->hi[d] = hi; }
    if (sq) {
        is->status_quo = malloc(ndim * sizeof(double));
        memcpy(is->status_quo, sq, ndim * sizeof(double));
    }
    s->pos = calloc(n, sizeof *s->pos);
    for (size_t a = 0; a < n; a++) {
        ent_position_t *p = &s->pos[a];
        p->capability = NAN;
        if (isnan(x[a * ndim])) continue;
        p->present = 1;
        p->x = malloc(ndim * sizeof(double));
        p->sal = malloc(ndim * sizeof(double));
        memcpy(p->x, x + a * ndim, ndim * sizeof(double));
        memcpy(p->sal, sal + a * ndim, ndim * sizeof(double));
    }
}

static void fill(ent_i_pt_t *p, size_t n, const double *x, const double *w)
{
    for (size_t k = 0; k < n; k++) {
        p[k].x = x[k];
        p[k].w = w[k];
        p[k].r = 0;
        p[k].actor = k;
    }
}

/* ---------------------------------------------------------------- kernels */

static void wmean_emission(void **state)
{
    (void)state;
    ent_i_pt_t p[10];
    double w[10];
    for (int k = 0; k < 10; k++) w[k] = em_c[k] * em_s[k];
    fill(p, 10, em_x, w);
    assert_near(ent_i_wmean(p, 10), 7.389955686853767, 1e-15);
    double z[2] = {0, 0}, xx[2] = {1, 2};
    fill(p, 2, xx, z);
    assert_true(isnan(ent_i_wmean(p, 2)));
}

static void wmedian_emission_and_ties(void **state)
{
    (void)state;
    ent_i_pt_t p[10];
    double w[10];
    int tie = -1;
    for (int k = 0; k < 10; k++) w[k] = em_c[k] * em_s[k];
    fill(p, 10, em_x, w);
    /* weights at 4: .064+.006+.128+.05 = .248; at 7: .032+.005+.056 = .093;
     * at 10: .096+.096+.144 = .336. W = .677, W/2 = .3385: cumulative .248 at 4, .341 at 7
     * → 7 (bdm.md §C.1: median 7.0). It is also the minimiser of Σ w |x − y| (Condorcet). */
    double m = ent_i_wmedian(p, 10, &tie);
    assert_near(m, 7, 0);
    double F4 = 0, F7 = 0, F10 = 0;
    for (int k = 0; k < 10; k++) {
        F4 += w[k] * fabs(em_x[k] - 4);
        F7 += w[k] * fabs(em_x[k] - 7);
        F10 += w[k] * fabs(em_x[k] - 10);
    }
    assert_true(F7 < F4 && F7 < F10);
    assert_int_equal(tie, 0);

    /* exact tie: weights 1,1 at 0 and 10 → every point of [0,10] splits: midpoint 5 */
    double x2[2] = {10, 0}, w2[2] = {1, 1};
    fill(p, 2, x2, w2);
    assert_near(ent_i_wmedian(p, 2, &tie), 5, 0);
    assert_int_equal(tie, 1);
    /* 0,10,20 with 1,1,2: cumulative 2 = W/2 at 10 → midpoint of 10 and 20 */
    double x3[3] = {20, 0, 10}, w3[3] = {2, 1, 1};
    fill(p, 3, x3, w3);
    assert_near(ent_i_wmedian(p, 3, &tie), 15, 0);
    assert_int_equal(tie, 1);
    /* the mirror image gives the mirror answer (100 − 15 = 85) */
    double x3m[3] = {80, 100, 90};
    fill(p, 3, x3m, w3);
    assert_near(ent_i_wmedian(p, 3, &tie), 85, 0);
    /* a tie in exact arithmetic that floating sums blur (0.1 + 0.2 vs 0.3): the 1e-12
     * relative tolerance still sees it, in both orientations of the scale */
    double xf[3] = {0, 1, 2}, wf[3] = {0.1, 0.2, 0.3};
    fill(p, 3, xf, wf);
    assert_near(ent_i_wmedian(p, 3, &tie), 1.5, 0);
    assert_int_equal(tie, 1);
    double xr[3] = {2, 1, 0};
    fill(p, 3, xr, wf);
    assert_near(ent_i_wmedian(p, 3, &tie), 0.5, 0);
    assert_int_equal(tie, 1);
    /* no tie: 1,1,3 → the heavy actor */
    double w4[3] = {3, 1, 1};
    fill(p, 3, x3, w4);
    assert_near(ent_i_wmedian(p, 3, &tie), 20, 0);
    assert_int_equal(tie, 0);
    /* zero weights are ignored; all zero → NaN */
    double w5[3] = {0, 0, 1};
    fill(p, 3, x3, w5);
    assert_near(ent_i_wmedian(p, 3, &tie), 10, 0);
    double w6[3] = {0, 0, 0};
    fill(p, 3, x3, w6);
    assert_true(isnan(ent_i_wmedian(p, 3, &tie)));
    /* several actors at the same point count together: 5 at 1 (w 1 each) vs 4 at 2 (w 1) */
    double x7[9] = {2, 1, 2, 1, 2, 1, 2, 1, 1}, w7[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    ent_i_pt_t q[9];
    fill(q, 9, x7, w7);
    assert_near(ent_i_wmedian(q, 9, &tie), 1, 0);
    assert_int_equal(tie, 0);
}

static double nash_obj(const ent_i_pt_t *p, size_t n, double x)
{
    double f = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(p[k].w > 0)) continue;
        double g = p[k].r - fabs(x - p[k].x);
        if (!(g > 0)) return -INFINITY;
        f += p[k].w * log(g);
    }
    return f;
}

static void nash_kernel_hand_cases(void **state)
{
    (void)state;
    ent_i_pt_t p[3];
    /* sq = 0; actors at 60 and 100, equal weight. On (0,60) both gains are x: increasing.
     * On (60,100): log(120 − x) + log x has derivative −1/(120−x) + 1/x = 0 at x = 60:
     * the maximum is the kink 60, exactly. */
    double x[2] = {60, 100}, w[2] = {1, 1};
    fill(p, 2, x, w);
    p[0].r = 60; p[1].r = 100;
    assert_near(ent_i_nash1d(p, 2, 0, 100), 60, 0);
    /* weight 2 on the actor at 100: −1/(120−x) + 2/x = 0 → x = 80 */
    double w2[2] = {1, 2};
    fill(p, 2, x, w2);
    p[0].r = 60; p[1].r = 100;
    assert_near(ent_i_nash1d(p, 2, 0, 100), 80, 1e-12);
    /* mirror: sq = 100, actors at 40 and 0 → 20 */
    double xm[2] = {40, 0};
    fill(p, 2, xm, w2);
    p[0].r = 60; p[1].r = 100;
    assert_near(ent_i_nash1d(p, 2, 0, 100), 20, 1e-12);
    /* disagreement at the worst scale end: actors at 0 and 100 (r = 100 each), weights 1, 3:
     * −1/(100−x) + 3/x = 0 → x = 75 */
    double xe[2] = {0, 100}, we[2] = {1, 3};
    fill(p, 2, xe, we);
    p[0].r = 100; p[1].r = 100;
    assert_near(ent_i_nash1d(p, 2, 0, 100), 75, 1e-12);
    /* everyone at one end: the answer is that end (closed bound of the scale) */
    double xa[2] = {0, 0};
    fill(p, 2, xa, w);
    p[0].r = 100; p[1].r = 100;
    assert_near(ent_i_nash1d(p, 2, 0, 100), 0, 0);
    /* an actor at the status quo (r = 0) cannot gain: no feasible point */
    fill(p, 2, x, w);
    p[0].r = 0; p[1].r = 100;
    assert_true(isnan(ent_i_nash1d(p, 2, 0, 100)));
    /* actors on both sides of sq = 50: gain sets (20−30, 50) and (50, 80+30) are disjoint */
    double xb[2] = {20, 80};
    fill(p, 2, xb, w);
    p[0].r = 30; p[1].r = 30;
    assert_true(isnan(ent_i_nash1d(p, 2, 0, 100)));
}

/* Property: on random instances the kernel's answer beats a fine grid (seeded LCG). */
static void nash_kernel_beats_grid(void **state)
{
    (void)state;
    uint64_t seed = 20261129;
    for (int rep = 0; rep < 200; rep++) {
        ent_i_pt_t p[7], q[7];
        size_t n = 1 + (size_t)(rep % 7);
        int endcase = rep % 2; /* 0: sq disagreement, 1: worst-end disagreement */
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double sq = (double)(seed >> 33) / (double)(1ULL << 31) * 20; /* sq in [0,20) */
        for (size_t k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(seed >> 33) / (double)(1ULL << 31);
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            double v = (double)(seed >> 33) / (double)(1ULL << 31);
            p[k].x = endcase ? floor(u * 100) : 20 + floor(u * 80);
            p[k].w = 0.1 + v;
            p[k].actor = k;
            p[k].r = endcase ? fmax(p[k].x, 100 - p[k].x) : p[k].x - sq;
        }
        memcpy(q, p, sizeof p);
        double xs = ent_i_nash1d(p, n, 0, 100);
        assert_false(isnan(xs));
        double fs = nash_obj(q, n, xs);
        for (int g = 0; g <= 20000; g++) {
            double y = g * 0.005;
            assert_true(nash_obj(q, n, y) <= fs + 1e-9);
        }
    }
}

/* Regression: issues larger than the insertion-sort cut-off (32) go through qsort; the
 * median equals the brute-force Condorcet minimiser and the Nash answer beats a grid. */
static void kernels_on_large_issues(void **state)
{
    (void)state;
    uint64_t seed = 7;
    for (size_t n = 33; n <= 2000; n = n * 3 + 1) {
        ent_i_pt_t *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
        for (size_t k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            p[k].x = (double)((seed >> 33) % 1000) / 10;
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            p[k].w = 0.5 + (double)((seed >> 33) % 1000) / 997.0;
            p[k].r = fmax(p[k].x, 100 - p[k].x);
            p[k].actor = k;
        }
        memcpy(q, p, n * sizeof *p);
        int tie;
        double m = ent_i_wmedian(q, n, &tie);
        for (size_t k = 1; k < n; k++) assert_true(q[k - 1].x <= q[k].x); /* sorted */
        double best = INFINITY;
        for (size_t j = 0; j < n; j++) {
            double F = 0;
            for (size_t k = 0; k < n; k++) F += p[k].w * fabs(p[k].x - p[j].x);
            if (F < best) best = F;
        }
        double Fm = 0;
        for (size_t k = 0; k < n; k++) Fm += p[k].w * fabs(p[k].x - m);
        assert_true(Fm <= best * (1 + 1e-12));
        memcpy(q, p, n * sizeof *p);
        double xs = ent_i_nash1d(q, n, 0, 100);
        double fs = nash_obj(p, n, xs);
        for (int g = 1; g < 1000; g++) assert_true(nash_obj(p, n, g * 0.1) <= fs + 1e-9);
        free(p);
        free(q);
    }
}

/* ---------------------------------------------------------------- model runners */

static void models_on_emission_scenario(void **state)
{
    (void)state;
    ent_scenario_t s;
    build(&s, 10, 1, em_c, em_x, em_s, NULL, 4, 10);
    ent_forecast_t f;
    ent_forecast_init(&f);
    ent_error_t e = {0};
    assert_int_equal(ent_forecast_run(&s, "compromise", NULL, &f, &e), ENT_OK);
    assert_string_equal(f.model, "compromise");
    assert_int_equal(f.nissues, 1);
    assert_null(f.tracks);
    assert_non_null(f.outcome[0]);
    assert_near(f.outcome[0][0], 7.389955686853767, 1e-15);
    assert_null(f.why[0]);
    /* running again into the same result frees the old one (checked under ASan) */
    assert_int_equal(ent_forecast_run(&s, "median", NULL, &f, &e), ENT_OK);
    assert_string_equal(f.model, "median");
    assert_near(f.outcome[0][0], 7, 0);
    assert_int_equal(ent_forecast_run(&s, "nash", NULL, &f, &e), ENT_OK);
    assert_non_null(f.outcome[0]);
    assert_non_null(f.why[0]);
    assert_non_null(strstr(f.why[0], "no status quo"));
    assert_true(f.outcome[0][0] >= 4 && f.outcome[0][0] <= 10);
    ent_forecast_destroy(&f);
    ent_forecast_destroy(&f); /* idempotent */
    ent_forecast_destroy(NULL);

    /* equal capabilities through the options: mean = Σ s x / Σ s */
    double ones[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    double num = 0, den = 0;
    for (int k = 0; k < 10; k++) { num += em_s[k] * em_x[k]; den += em_s[k]; }
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    o.capability = ones;
    assert_int_equal(ent_forecast_run(&s, "compromise", &o, &f, &e), ENT_OK);
    assert_near(f.outcome[0][0], num / den, 1e-14);
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

static void nash_status_quo_and_fallback(void **state)
{
    (void)state;
    ent_scenario_t s;
    double c[3] = {1, 2, 5};
    double x[3] = {60, 100, NAN}; /* third actor takes no position */
    double sal[3] = {1, 1, 1};
    double sq = 0;
    build(&s, 3, 1, c, x, sal, &sq, 0, 100);
    ent_forecast_t f;
    ent_forecast_init(&f);
    ent_error_t e = {0};
    assert_int_equal(ent_nash_run(&s, NULL, &f, &e), ENT_OK);
    assert_near(f.outcome[0][0], 80, 1e-12);
    assert_null(f.why[0]);
    /* the status quo between the two actors: nobody-loses set is empty → fallback */
    s.issues[0].status_quo[0] = 80;
    assert_int_equal(ent_nash_run(&s, NULL, &f, &e), ENT_OK);
    assert_non_null(f.why[0]);
    assert_non_null(strstr(f.why[0], "1 below, 0 at, 1 above"));
    /* fallback r = 60 and 100: maximise log(60 − |x − 60|) + 2 log(100 − |x − 100|) on
     * (60,100): −1/(120 − x) + 2/x = 0 → 80 again */
    assert_near(f.outcome[0][0], 80, 1e-12);
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

static void multidim_and_skipped(void **state)
{
    (void)state;
    ent_scenario_t s;
    double c[3] = {1, 1, 2};
    double x[6] = {0, 100, 50, 50, 100, 0};
    double sal[6] = {1, 0.5, 1, 0.5, 1, 0};
    build(&s, 3, 2, c, x, sal, NULL, 0, 100);
    s.issues[0].dim_names = calloc(2, sizeof(char *));
    s.issues[0].dim_names[0] = dup("economy");
    s.issues[0].dim_names[1] = dup("security");
    ent_forecast_t f;
    ent_forecast_init(&f);
    ent_error_t e = {0};
    assert_int_equal(ent_compromise_run(&s, NULL, &f, &e), ENT_OK);
    /* dim 0: (0·1 + 50·1 + 100·2)/4 = 62.5; dim 1: (100·.5 + 50·.5 + 0·0)/1 = 75 */
    assert_near(f.outcome[0][0], 62.5, 1e-14);
    assert_near(f.outcome[0][1], 75, 1e-14);
    /* all saliences of dimension 1 zero → no forecast for the issue, why names the dim */
    for (int a = 0; a < 3; a++) s.pos[a].sal[1] = 0;
    assert_int_equal(ent_median_run(&s, NULL, &f, &e), ENT_OK);
    assert_null(f.outcome[0]);
    assert_non_null(f.why[0]);
    assert_non_null(strstr(f.why[0], "security: no actor with positive"));
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

static void dispatcher_errors(void **state)
{
    (void)state;
    ent_scenario_t s;
    build(&s, 10, 1, em_c, em_x, em_s, NULL, 4, 10);
    ent_forecast_t f;
    ent_forecast_init(&f);
    ent_error_t e = {0};
    assert_int_equal(ent_forecast_run(&s, "oracle", NULL, &f, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "unknown model 'oracle'"));
    const char *const *m = ent_forecast_models();
    assert_string_equal(m[0], "compromise");
    assert_string_equal(m[2], "nash");
    assert_string_equal(m[5], "smp");
    /* the registry: names, kinds and runners agree with the public runners, in order */
    static const ent_forecast_fn runners[] = {ent_compromise_run, ent_median_run, ent_nash_run,
                                              ent_bdm_run, ent_exchange_run, ent_smp_run};
    size_t nnames = 0;
    while (m[nnames]) nnames++;
    assert_true(nnames >= 6);
    assert_null(ent_forecast_model_at(nnames)); /* one name per registry row */
    for (size_t k = 0; k < 6; k++) {
        const ent_forecast_model_t *r = ent_forecast_model_at(k);
        assert_non_null(r);
        assert_string_equal(r->name, m[k]);
        assert_ptr_equal(ent_forecast_model_find(m[k]), r);
        assert_true(r->run == runners[k]);
        assert_non_null(r->help);
        assert_true(strlen(r->help) > 10 && !strchr(r->help, '\n'));
        assert_int_equal(r->kind, k < 3 ? ENT_FORECAST_STATIC : ENT_FORECAST_DYNAMIC);
        assert_int_equal(r->joint, !strcmp(m[k], "exchange"));
    }
    assert_non_null(ent_forecast_model_at(nnames - 1));
    assert_null(ent_forecast_model_find("oracle"));
    assert_null(ent_forecast_model_find(NULL));
    /* the unknown-model message lists every registered name */
    assert_non_null(strstr(e.msg, "expected one of compromise median nash bdm exchange smp"));
    /* list parsing: order kept, duplicates, unknown and empty lists refused */
    const ent_forecast_model_t *pick[6];
    size_t np = 0;
    assert_int_equal(ent_forecast_model_parse("smp,median", pick, 6, &np, &e), ENT_OK);
    assert_int_equal(np, 2);
    assert_string_equal(pick[0]->name, "smp");
    assert_string_equal(pick[1]->name, "median");
    ent_error_clear(&e);
    assert_int_equal(ent_forecast_model_parse("bdm,bdm", pick, 6, &np, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "model 'bdm' listed twice"));
    ent_error_clear(&e);
    assert_int_equal(ent_forecast_model_parse("bdm,,nash", pick, 6, &np, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "unknown model ''"));
    ent_error_clear(&e);
    assert_int_equal(ent_forecast_model_parse("", pick, 6, &np, &e), ENT_EINVAL);
    assert_int_equal(np, 0);
    ent_error_clear(&e);
    assert_int_equal(ent_forecast_model_parse("bdm,nash,median", pick, 2, &np, &e), ENT_EINVAL);
    /* the registry sets every model's default options */
    ent_forecast_opts_t d;
    ent_forecast_opts_init(&d);
    ent_bdm_opts_t bd;
    ent_bdm_opts_init(&bd);
    ent_smp_opts_t sd;
    ent_smp_opts_init(&sd);
    assert_int_equal(d.bdm.rounds, bd.rounds);
    assert_true(d.bdm.q == bd.q);
    assert_int_equal(d.exchange.rounds, 10);
    assert_true(d.smp.seed == sd.seed);
    assert_int_equal(d.smp.vr, ENT_SMP_VR_PROP);
    /* a negative capability in the options is refused */
    double bad[10] = {1, 1, -1, 1, 1, 1, 1, 1, 1, 1};
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    o.capability = bad;
    ent_error_clear(&e);
    assert_int_equal(ent_forecast_run(&s, "median", &o, &f, &e), ENT_EINVAL);
    assert_null(f.outcome);
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wmean_emission),
        cmocka_unit_test(wmedian_emission_and_ties),
        cmocka_unit_test(nash_kernel_hand_cases),
        cmocka_unit_test(nash_kernel_beats_grid),
        cmocka_unit_test(kernels_on_large_issues),
        cmocka_unit_test(models_on_emission_scenario),
        cmocka_unit_test(nash_status_quo_and_fallback),
        cmocka_unit_test(multidim_and_skipped),
        cmocka_unit_test(dispatcher_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
