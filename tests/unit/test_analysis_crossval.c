/* SPDX-License-Identifier: MIT */
/* test_analysis_crossval.c — unit tests of the cross-validation engine (src/analysis/
 * crossval.c, ent_crossval_run in entente/analysis.h) on the synthetic tables written by
 * tests/data/forecast/crossval.sh (their known answers are derived there):
 *   cv-exact.tsv      the compromise model is exact by construction → ensemble weight 1 on it,
 *                     out-of-sample MAE 0 for the ensemble and `select`, dossiers of 2 issues;
 *   cv-mix.tsv        outcome = 0.25 · compromise + 0.75 · median → those weights, MAE 0;
 *   cv-conformal.tsv  absolute errors 1..20, one issue per dossier → with 20 folds the
 *                     conformal coverage is exactly 80 % and 90 %, mean widths 33.6 and 37.8;
 *   cv-affine.tsv     outcome = 2 · compromise − 40: no convex weights reach it; the affine
 *                     fit (opts.affine) recovers 2, 0 and the intercept −40, MAE 0;
 *   cv-inst.tsv       the derived extra predictors (council_mean, council_median, qmv_pivot,
 *                     procedural, range_mid, status_quo) on four hand-made issues whose values
 *                     are derived by hand in institutional_predictors below.
 * Also: determinism of the fold assignment, refusals (folds, repeats, levels, a table without
 * outcomes) and the interrupt.
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

typedef struct {
    ent_scenario_t s;
    ent_validation_t v;
} fixture_t;

/* Load a table and run the validation with compromise and median. */
static fixture_t *load(const char *table)
{
    fixture_t *f = malloc(sizeof *f);
    assert_non_null(f);
    ent_scenario_init(&f->s);
    ent_validation_init(&f->v);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load(&f->s, table, &lo, &e) != ENT_OK) {
        print_error("cannot load %s: %s (run from the repository root)\n", table, e.msg);
        fail();
    }
    ent_validation_opts_t vo;
    ent_validation_opts_init(&vo);
    vo.models = "compromise,median";
    assert_int_equal(ent_validation_run(&f->s, &vo, &f->v, &e), ENT_OK);
    return f;
}

static void unload(fixture_t *f)
{
    ent_validation_destroy(&f->v);
    ent_scenario_destroy(&f->s);
    free(f);
}

static long method(const ent_crossval_t *c, const char *name)
{
    for (size_t j = 0; j < c->nmethods; j++)
        if (!strcmp(c->methods[j].name, name)) return (long)j;
    fail_msg("no method %s", name);
    return -1;
}

static void exact_model_gets_weight_one(void **state)
{
    (void)state;
    fixture_t *f = load("tests/data/forecast/cv-exact.tsv");
    ent_crossval_opts_t o;
    ent_crossval_opts_init(&o);
    assert_int_equal(o.folds, 10);
    assert_int_equal(o.repeats, 5);
    o.folds = 5;
    o.repeats = 2;
    ent_crossval_t c;
    ent_crossval_init(&c);
    ent_error_t e = {0};
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_int_equal(c.nissues, 30);
    assert_int_equal(c.ncommon, 30);
    assert_int_equal(c.ndossiers, 15);
    /* issues d01i1, d01i2 share a dossier; d02i1 is another */
    assert_int_equal(c.dossier[0], c.dossier[1]);
    assert_true(c.dossier[0] != c.dossier[2]);
    assert_int_equal(c.nmodels, 2);
    assert_string_equal(c.methods[0].name, "compromise");
    assert_near(c.weights[0], 1, 1e-9);
    assert_near(c.weights[1], 0, 1e-9);
    assert_near(c.weights_mean[0], 1, 1e-9);
    assert_near(c.weights_sd[0], 0, 1e-9);
    assert_near(c.methods[0].mae, 0, 1e-9);
    assert_true(c.methods[1].mae > 1); /* the median is not exact */
    long ens = method(&c, "ensemble"), sel = method(&c, "select");
    assert_near(c.methods[ens].mae, 0, 1e-9);
    assert_near(c.methods[ens].mae_in, 0, 1e-9);
    assert_near(c.methods[sel].mae, 0, 1e-9);
    assert_near(c.methods[ens].coverage[0], 1, 0);
    assert_near(c.methods[ens].width[1], 0, 1e-9);
    /* every feature-split ensemble also finds the exact model */
    assert_near(c.methods[method(&c, "ensemble|spread")].mae, 0, 1e-9);
    /* pair (compromise, median): compromise better by the median's MAE */
    assert_int_equal(c.pairs[0].a, 0);
    assert_int_equal(c.pairs[0].b, 1);
    assert_near(c.pairs[0].diff, -c.methods[1].mae, 1e-9);
    assert_true(c.pairs[0].p < 0.001);
    assert_true(c.nfits >= (size_t)(o.folds * o.repeats));
    ent_crossval_destroy(&c);
    ent_crossval_destroy(&c); /* twice is harmless */
    unload(f);
}

static void mixed_weights_recovered(void **state)
{
    (void)state;
    fixture_t *f = load("tests/data/forecast/cv-mix.tsv");
    ent_crossval_opts_t o;
    ent_crossval_opts_init(&o);
    o.folds = 5;
    o.repeats = 2;
    o.features = 0;
    ent_crossval_t c;
    ent_crossval_init(&c);
    ent_error_t e = {0};
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_near(c.weights[0], 0.25, 1e-9);
    assert_near(c.weights[1], 0.75, 1e-9);
    assert_near(c.weights_mean[0], 0.25, 1e-9);
    long ens = method(&c, "ensemble");
    assert_near(c.methods[ens].mae, 0, 1e-9);
    assert_true(c.methods[0].mae > 1 && c.methods[1].mae > 0.5); /* neither model alone is exact */
    ent_crossval_destroy(&c);
    unload(f);
}

static void conformal_coverage_exact(void **state)
{
    (void)state;
    fixture_t *f = load("tests/data/forecast/cv-conformal.tsv");
    ent_crossval_opts_t o;
    ent_crossval_opts_init(&o);
    o.folds = 20;
    o.repeats = 3;
    o.features = 0;
    ent_crossval_t c;
    ent_crossval_init(&c);
    ent_error_t e = {0};
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_int_equal(c.nmethods, 5); /* 2 models, mean, select, ensemble */
    for (size_t j = 0; j < c.nmethods; j++) {
        assert_near(c.methods[j].mae, 10.5, 1e-9);
        assert_near(c.methods[j].coverage[0], 0.8, 1e-12);
        assert_near(c.methods[j].coverage[1], 0.9, 1e-12);
        assert_near(c.methods[j].width[0], 33.6, 1e-9);
        assert_near(c.methods[j].width[1], 37.8, 1e-9);
        /* from all 20 errors: the ⌈21 · 0.8⌉ = 17th and ⌈21 · 0.9⌉ = 19th smallest */
        assert_near(c.methods[j].q[0], 17, 1e-12);
        assert_near(c.methods[j].q[1], 19, 1e-12);
    }
    ent_crossval_destroy(&c);
    /* a level the 19 training issues cannot support: ⌈20 · 0.99⌉ = 20 > 19 → the whole scale */
    o.nlevels = 1;
    o.levels[0] = 0.99;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_near(c.methods[0].coverage[0], 1, 0);
    assert_near(c.methods[0].width[0], 100, 1e-9);
    assert_true(isinf(c.methods[0].q[0])); /* ⌈21 · 0.99⌉ = 21 > 20 */
    ent_crossval_destroy(&c);
    unload(f);
}

/* cv-inst.tsv (written by hand): members a b c d (votes 1 each), the Commission com and the
 * Parliament ep; outcome = the procedural prediction on the issues with a status quo.
 *  d1i1 COD QMV, sq 0, com 80, ep 15; a 20 (sal 100), b 50 (50), c 90 (50), d 60 (100).
 *       council_mean (2000+2500+4500+6000)/300 = 50; weights 100 | 50 | 100 | 50 in order
 *       20 50 60 90 reach W/2 = 150 exactly at 50 → median (50+60)/2 = 55; QMV needs 3 of 4
 *       votes: 90, 60, 50 → q_hi = 50 > 0: pivot 50, Council win-set [0, 100]; the EP's
 *       [0, 30]; com 80 projected: 30 = outcome. range 15..90 → 52.5.
 *  d2i1 CNS Unan, sq 100, com 30, ep 90; a 40 b 70 c 60 d 45 (sal 100). Unanimity needs all 4:
 *       q_lo = 70 < 100, pivot 70, win-set [40, 100], com → 40 = outcome (QMV would give
 *       q_lo = 60 and 30; co-decision would give the EP's [80, 100] and 80). mean 53.75,
 *       median (45+60)/2 = 52.5, range 30..90 → 60.
 *  d3i1 COD QMV, sq 50, com 10, ep 90; a 20 b 80 c 50 d 55. q_hi = 50 (not above sq), q_lo =
 *       55 (not below): gridlock, pivot and procedural 50 = outcome. mean 51.25, median 52.5,
 *       range 10..90 → 50.
 *  d4i1 CNS QMV, no status quo (pivot and procedural missing), outcome 20; a 10 b 20 c 30
 *       d 20, com 50, ep 50: mean 20, median 20, range 10..50 → 30.
 * MAE (unfitted predictors: out of sample = in sample): procedural 0 (3 issues); qmv_pivot
 * (20+30+0)/3; status_quo (30+60+0)/3 = 30; council_mean (20+13.75+1.25+0)/4 = 8.75;
 * council_median (25+12.5+2.5+0)/4 = 10; range_mid (22.5+20+0+10)/4 = 13.125. */
static void institutional_predictors(void **state)
{
    (void)state;
    fixture_t *f = load("tests/data/forecast/cv-inst.tsv");
    ent_crossval_opts_t o;
    ent_crossval_opts_init(&o);
    o.folds = 3;
    o.repeats = 2;
    o.features = 0;
    o.extra = "status_quo,council_mean,council_median,qmv_pivot,procedural,range_mid";
    ent_crossval_t c;
    ent_crossval_init(&c);
    ent_error_t e = {0};
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_int_equal(c.nissues, 4);
    assert_int_equal(c.ncommon, 3); /* d4i1 has no status quo */
    assert_int_equal(c.nmodels, 8);
    static const struct { const char *name; size_t n; double mae; } want[] = {
        {"status_quo", 3, 30}, {"council_mean", 4, 8.75}, {"council_median", 4, 10},
        {"qmv_pivot", 3, 50.0 / 3}, {"procedural", 3, 0}, {"range_mid", 4, 13.125},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const ent_crossval_method_t *m = &c.methods[method(&c, want[k].name)];
        assert_int_equal(m->kind, ENT_CV_INPUT);
        assert_int_equal(m->n, want[k].n);
        assert_near(m->mae, want[k].mae, 1e-9);
    }
    assert_near(c.methods[method(&c, "ensemble")].mae_in, 0, 1e-9);
    ent_crossval_destroy(&c);
    /* an actor id still names the actor's position */
    o.extra = "com,ep";
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_int_equal(c.ncommon, 4);
    assert_string_equal(c.methods[2].name, "pos:com");
    ent_crossval_destroy(&c);
    unload(f);
}

static void affine_fit_recovered(void **state)
{
    (void)state;
    fixture_t *f = load("tests/data/forecast/cv-affine.tsv");
    ent_crossval_opts_t o;
    ent_crossval_opts_init(&o);
    assert_int_equal(o.affine, 0);
    o.folds = 5;
    o.repeats = 2;
    o.features = 0;
    ent_crossval_t c;
    ent_crossval_init(&c);
    ent_error_t e = {0};
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_null(c.affine); /* off by default: no method, no weights */
    assert_int_equal(c.nmethods, 2 + 3);
    ent_crossval_destroy(&c);
    o.affine = 1;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_OK);
    assert_int_equal(c.nmethods, 2 + 3 + 1);
    long aff = method(&c, "affine"), ens = method(&c, "ensemble");
    assert_int_equal(aff, (long)c.nmethods - 1);
    assert_int_equal(c.methods[aff].kind, ENT_CV_AFFINE);
    assert_non_null(c.affine);
    assert_near(c.affine[0], 2, 1e-7);   /* compromise */
    assert_near(c.affine[1], 0, 1e-7);   /* median */
    assert_near(c.affine[2], -40, 1e-5); /* intercept */
    assert_near(c.methods[aff].mae, 0, 1e-6);
    assert_near(c.methods[aff].mae_in, 0, 1e-6);
    assert_true(c.methods[ens].mae > 1); /* the convex ensemble cannot stretch */
    ent_crossval_destroy(&c);
    unload(f);
}

static void deterministic(void **state)
{
    (void)state;
    fixture_t *f = load("tests/data/forecast/cv-exact.tsv");
    ent_crossval_opts_t o;
    ent_crossval_opts_init(&o);
    o.folds = 4;
    o.repeats = 3;
    o.seed = 42;
    ent_crossval_t a, b;
    ent_crossval_init(&a);
    ent_crossval_init(&b);
    ent_error_t e = {0};
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &a, &e), ENT_OK);
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &b, &e), ENT_OK);
    assert_int_equal(a.nmethods, b.nmethods);
    for (size_t j = 0; j < a.nmethods; j++) {
        assert_memory_equal(&a.methods[j].mae, &b.methods[j].mae, sizeof(double));
        assert_memory_equal(a.methods[j].coverage, b.methods[j].coverage, a.nlevels * sizeof(double));
        assert_memory_equal(a.methods[j].width, b.methods[j].width, a.nlevels * sizeof(double));
    }
    ent_crossval_destroy(&a);
    ent_crossval_destroy(&b);
    unload(f);
}

static int stop_now(void *user, const char *phase, double done, double total)
{
    (void)phase; (void)done; (void)total;
    ++*(int *)user;
    return 1;
}

static void refusals(void **state)
{
    (void)state;
    fixture_t *f = load("tests/data/forecast/cv-exact.tsv");
    ent_crossval_opts_t o;
    ent_crossval_t c;
    ent_crossval_init(&c);
    ent_error_t e = {0};
    ent_crossval_opts_init(&o);
    o.folds = 1;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_EINVAL);
    assert_int_equal(c.nmethods, 0);
    o.folds = 16; /* 15 dossiers */
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "expected 2 to 15"));
    o.folds = 15;
    o.repeats = 0;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_EINVAL);
    o.repeats = 1;
    o.levels[1] = 1;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_EINVAL);
    o.levels[1] = 0.9;
    o.nlevels = ENT_CROSSVAL_MAX_LEVELS + 1;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_EINVAL);
    o.nlevels = 2;
    int calls = 0;
    o.progress.fn = stop_now;
    o.progress.user = &calls;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_EINTR);
    assert_int_equal(calls, 1);
    assert_int_equal(c.nmethods, 0);
    assert_null(c.methods);
    assert_int_equal(ent_crossval_run(NULL, &f->v, &o, &c, &e), ENT_EINVAL);
    unload(f);
    f = load("tests/data/forecast/cv-no-outcome.tsv");
    ent_crossval_opts_init(&o);
    o.folds = 2;
    assert_int_equal(ent_crossval_run(&f->s, &f->v, &o, &c, &e), ENT_EINPUT);
    unload(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_model_gets_weight_one),
        cmocka_unit_test(mixed_weights_recovered),
        cmocka_unit_test(conformal_coverage_exact),
        cmocka_unit_test(institutional_predictors),
        cmocka_unit_test(affine_fit_recovered),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
