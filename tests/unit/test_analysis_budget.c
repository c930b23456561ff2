/* SPDX-License-Identifier: MIT */
/* test_analysis_budget.c — the cost budget of ent_analyze_run (src/analysis/analyze.c,
 * docs/analyses.md §4 "Cost budget"):
 *  (1) every example's budgeted parts are estimated at under a fifth of the default budget (the flagship: 0.10 s),
 *      so the default run is the full run (their goldens do not move);
 *  (2) the estimates grow with the scenario: the generated scenario of 40 actors
 *      (tests/data/budget/mid40.yaml) costs more than the flagship, and smp more than bdm;
 *  (3) a tiny budget skips, in run order, exactly the parts whose estimate does not fit in
 *      what is left, records each (estimate, what was left), marks a skipped model with
 *      ENT_ELIMIT and leaves the thresholds out; the charged total stays within the budget;
 *  (4) budget 0 skips nothing and runs the thresholds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "entente.h"

static void load(ent_scenario_t *s, const char *path)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load(s, path, NULL, &err);
    if (st != ENT_OK) print_error("load %s: %s\n", path, err.msg);
    assert_int_equal(st, ENT_OK);
}

/* Every budgeted part of a default run, estimated. */
static double total(const ent_scenario_t *s)
{
    double t = 0;
    const char *const *m = ent_forecast_models();
    for (size_t k = 0; m[k]; k++)
        t += ent_analyze_estimate(s, NULL, ENT_ANALYZE_PART_FORECAST, m[k]) +
             (double)s->nrules * ent_analyze_estimate(s, NULL, ENT_ANALYZE_PART_FORECAST_BY_RULE, m[k]);
    return t + ent_analyze_estimate(s, NULL, ENT_ANALYZE_PART_THRESHOLDS, NULL) +
           ent_analyze_estimate(s, NULL, ENT_ANALYZE_PART_SENSITIVITY, NULL);
}

static void examples_under_budget(void **state)
{
    (void)state;
    static const char *const ex[] = {"examples/ukraine-guarantees.yaml", "examples/eu-council-qmv.yaml",
                                      "examples/un-security-council.yaml", "examples/emission-standards.yaml"};
    for (size_t k = 0; k < sizeof ex / sizeof *ex; k++) {
        ent_scenario_t s;
        load(&s, ex[k]);
        double t = total(&s);
        if (!(t < ENT_ANALYZE_BUDGET / 5)) print_error("%s: estimated %g s\n", ex[k], t);
        assert_true(t >= 0 && t < ENT_ANALYZE_BUDGET / 5);
        ent_scenario_destroy(&s);
    }
}

static void estimates_grow(void **state)
{
    (void)state;
    ent_scenario_t a, b;
    load(&a, "examples/ukraine-guarantees.yaml");
    load(&b, "tests/data/budget/mid40.yaml");
    assert_true(total(&b) > total(&a));
    assert_true(ent_analyze_estimate(&b, NULL, ENT_ANALYZE_PART_FORECAST, "smp") >
                ent_analyze_estimate(&b, NULL, ENT_ANALYZE_PART_FORECAST, "bdm"));
    assert_true(ent_analyze_estimate(&b, NULL, ENT_ANALYZE_PART_THRESHOLDS, NULL) >
                ent_analyze_estimate(&a, NULL, ENT_ANALYZE_PART_THRESHOLDS, NULL));
    assert_true(ent_analyze_estimate(&b, NULL, ENT_ANALYZE_PART_FORECAST, "no-such-model") == 0);
    ent_scenario_destroy(&a);
    ent_scenario_destroy(&b);
}

static void tiny_budget_skips(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, "tests/data/budget/mid40.yaml");
    ent_analyze_opts_t o;
    ent_analyze_opts_init(&o);
    assert_true(o.budget == ENT_ANALYZE_BUDGET);
    o.budget = 0.0005;
    o.sensitivity = 0;
    ent_analyze_t a;
    ent_error_t err = {0};
    assert_int_equal(ent_analyze_run(&s, &o, &a, &err), ENT_OK);
    assert_true(a.nskipped >= 2);
    assert_true(a.estimated <= o.budget);
    assert_int_equal(a.has_thresholds, 0);
    int thr = 0, smp = 0;
    double spent = 0; /* replay the greedy rule: each part skipped did not fit in what was left */
    for (size_t k = 0; k < a.nskipped; k++) {
        const ent_analyze_skip_t *q = &a.skipped[k];
        assert_true(q->estimate > q->left);
        assert_true(q->left >= 0 && q->left <= o.budget);
        if (k) assert_true(q->left <= a.skipped[k - 1].left); /* what is left only shrinks */
        thr += q->part == ENT_ANALYZE_PART_THRESHOLDS;
        if (q->part == ENT_ANALYZE_PART_FORECAST && !strcmp(q->model, "smp")) smp = 1;
        spent = o.budget - q->left;
    }
    assert_true(spent <= a.estimated + 1e-12);
    assert_int_equal(thr, 1);
    assert_int_equal(smp, 1);
    for (size_t m = 0; m < a.nmodels; m++)
        if (!strcmp(a.model[m], "smp")) assert_int_equal(a.model_error[m].status, ENT_ELIMIT);
        else if (!strcmp(a.model[m], "compromise")) assert_int_equal(a.model_error[m].status, ENT_OK);
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
}

static void no_limit_runs_all(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, "tests/data/budget/mid40.yaml");
    ent_analyze_opts_t o;
    ent_analyze_opts_init(&o);
    o.budget = 0;
    o.sensitivity = 0;
    o.models = "compromise,bdm"; /* smp by rule would add a second of nothing tested here */
    ent_analyze_t a;
    ent_error_t err = {0};
    assert_int_equal(ent_analyze_run(&s, &o, &a, &err), ENT_OK);
    assert_int_equal(a.nskipped, 0);
    assert_int_equal(a.has_thresholds, 1);
    assert_true(a.thresholds.ninputs > 0);
    assert_true(a.estimated > 0.0005); /* what the tiny budget above refused, charged here */
    for (size_t m = 0; m < a.nmodels; m++) assert_int_equal(a.model_error[m].status, ENT_OK);
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(examples_under_budget),
        cmocka_unit_test(estimates_grow),
        cmocka_unit_test(tiny_budget_skips),
        cmocka_unit_test(no_limit_runs_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
