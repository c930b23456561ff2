/* SPDX-License-Identifier: MIT */
/* test_forecast_validate.c — unit tests of the validation library (src/forecast/
 * deu_validate.c, entente/validate.h) on tests/data/forecast/deu-mini.tsv, a made-up DEU-style table.
 *
 * The table (4 actors a b c d, capability 1, saliences /100):
 *   i1: x = 0 50 100 100, s = 1 1 1 1, no rp, out 75
 *       compromise 62.5 (err 12.5); median: the weight splits at 50|100 → midpoint 75 (0);
 *       nash (worst-end disagreement, r = 100 50 100 100): on (50,100) the objective is
 *       2 log(100−x) + 2 log x, maximal at the kink 50 (err 25).
 *   i2: x = 20 20 80 -, s = 1 .5 .5, out 20
 *       compromise 35 (15); median 20 (0); nash: −1.5/(100−x) + .5/x = 0 → 25 (5).
 *   i3: two positioned actors → not counted (fewer than 3).
 *   i4: no outcome → not counted.
 *   i5: x = 10 30 60 90, s = 1, rp 0, out 46.25
 *       compromise 47.5 (1.25); median: split at 30|60 → 45 (1.25, a tie with compromise);
 *       nash with the status quo 0: feasible set (0, 20); 3/x = 1/(20−x) → 15 (31.25).
 * MAE: compromise 28.75/3, median 1.25/3, nash 61.25/3; median AE 12.5, 0, 25.
 * Closest: i1, i2 median; i5 compromise and median tie → ½ each: shares 1/6, 5/6, 0.
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

static const char *table = "tests/data/forecast/deu-mini.tsv";

static int load(void **state)
{
    ent_scenario_t *s = malloc(sizeof *s);
    ent_scenario_init(s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load(s, table, &lo, &e) != ENT_OK) {
        print_error("cannot load %s: %s (run from the repository root)\n", table, e.msg);
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int unload(void **state)
{
    ent_scenario_destroy(*state);
    free(*state);
    return 0;
}

static void scores(void **state)
{
    ent_scenario_t *s = *state;
    ent_validation_opts_t o;
    ent_validation_opts_init(&o);
    assert_int_equal(o.min_actors, 3);
    o.models = "compromise,median,nash";
    ent_validation_t v;
    ent_validation_init(&v);
    ent_error_t e = {0};
    assert_int_equal(ent_validation_run(s, &o, &v, &e), ENT_OK);
    assert_int_equal(v.nscen, 5);
    assert_int_equal(v.nissues, 3);
    assert_int_equal(v.no_outcome, 1);
    assert_int_equal(v.few_actors, 1);
    assert_int_equal(v.multidim, 0);
    assert_int_equal(v.nactors[0], 4);
    assert_int_equal(v.nactors[1], 3);
    assert_near(v.outcome[2], 46.25, 0);
    assert_int_equal(v.nmodels, 3);
    /* forecasts, row-major by issue */
    const double want[3][3] = {{62.5, 75, 50}, {35, 20, 25}, {47.5, 45, 15}};
    for (int c = 0; c < 3; c++)
        for (int m = 0; m < 3; m++) assert_near(v.forecast[c * 3 + m], want[c][m], 1e-9);
    assert_string_equal(v.models[0].name, "compromise");
    assert_int_equal(v.models[0].n, 3);
    assert_near(v.models[0].mae, 28.75 / 3, 1e-12);
    assert_near(v.models[1].mae, 1.25 / 3, 1e-12);
    assert_near(v.models[2].mae, 61.25 / 3, 1e-9);
    assert_near(v.models[0].mdae, 12.5, 1e-12);
    assert_near(v.models[1].mdae, 0, 0);
    assert_near(v.models[2].mdae, 25, 1e-9);
    assert_near(v.models[0].closest, 1.0 / 6, 1e-12);
    assert_near(v.models[1].closest, 5.0 / 6, 1e-12);
    assert_near(v.models[2].closest, 0, 0);
    assert_true(v.models[0].seconds >= 0);

    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_validation(s, &v, NULL, ENT_OUTPUT_CSV, &b), ENT_OK);
    assert_non_null(strstr(b.data, "issue,actors,outcome,compromise,compromise_error,median,"));
    assert_non_null(strstr(b.data, "\ni5,4,46.2500,47.5000,1.2500,45.0000,1.2500,15.0000,31.2500\n"));
    ent_buf_free(&b);
    ent_validation_destroy(&v);
    ent_validation_destroy(&v);
    ent_validation_destroy(NULL);
}

static void min_actors_and_even_median(void **state)
{
    ent_scenario_t *s = *state;
    ent_validation_opts_t o;
    ent_validation_opts_init(&o);
    o.models = "compromise";
    o.min_actors = 2;
    ent_validation_t v;
    ent_validation_init(&v);
    ent_error_t e = {0};
    assert_int_equal(ent_validation_run(s, &o, &v, &e), ENT_OK);
    /* i3 now counts: x = 10 90, s = 1 1 → 50, out 50 (error 0). Errors 12.5 15 0 1.25:
     * median AE = (1.25 + 12.5) / 2 (even count) */
    assert_int_equal(v.nissues, 4);
    assert_int_equal(v.few_actors, 0);
    assert_near(v.models[0].mdae, (1.25 + 12.5) / 2, 1e-12);
    assert_near(v.models[0].mae, (12.5 + 15 + 0 + 1.25) / 4, 1e-12);
    assert_near(v.models[0].closest, 1, 0);
    ent_validation_destroy(&v);
}

static void capability_override(void **state)
{
    ent_scenario_t *s = *state;
    ent_validation_opts_t o;
    ent_validation_opts_init(&o);
    o.models = "compromise";
    double cap[4] = {3, 1, 1, 1}; /* a counts three times */
    o.fc.capability = cap;
    ent_validation_t v;
    ent_validation_init(&v);
    ent_error_t e = {0};
    assert_int_equal(ent_validation_run(s, &o, &v, &e), ENT_OK);
    /* i1: (0·3 + 50 + 100 + 100) / 6 = 41.666…; i2: (20·3 + 10 + 40) / 4 = 27.5;
     * i5: (30 + 30 + 60 + 90) / 6 = 35 */
    assert_near(v.forecast[0], 250.0 / 6, 1e-12);
    assert_near(v.forecast[1], 27.5, 1e-12);
    assert_near(v.forecast[2], 35, 1e-12);
    ent_validation_destroy(&v);
}

static void bad_model_lists(void **state)
{
    ent_scenario_t *s = *state;
    ent_validation_opts_t o;
    ent_validation_opts_init(&o);
    ent_validation_t v;
    ent_validation_init(&v);
    ent_error_t e = {0};
    o.models = "compromise,oracle";
    assert_int_equal(ent_validation_run(s, &o, &v, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "unknown model 'oracle'"));
    ent_error_clear(&e);
    o.models = "median,median";
    assert_int_equal(ent_validation_run(s, &o, &v, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "listed twice"));
    ent_error_clear(&e);
    o.models = "";
    assert_int_equal(ent_validation_run(s, &o, &v, &e), ENT_EINVAL);
    assert_int_equal(v.nmodels, 0);
    assert_non_null(strstr(e.msg, "empty model list"));
    /* the default list: every model whose issues are independent, in registry order */
    ent_error_clear(&e);
    o.models = NULL;
    assert_int_equal(ent_validation_run(s, &o, &v, &e), ENT_OK);
    assert_int_equal(v.nmodels, 5);
    assert_string_equal(v.models[0].name, "compromise");
    assert_string_equal(v.models[2].name, "nash");
    assert_string_equal(v.models[3].name, "bdm");
    assert_string_equal(v.models[4].name, "smp");
    ent_validation_destroy(&v);
}

/* Capability from a rule: tests/data/forecast/council.yaml (the UN Security Council's rule,
 * exact Shapley–Shubik 421/2145 and 4/2145, normalized Banzhaf 106/635 and 21/1270). */
static void capability_from_rule(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/forecast/council.yaml", &lo, &e), ENT_OK);
    assert_int_equal(s.nactors, 16);
    double cap[16];
    assert_int_equal(ent_forecast_capability_from_rule(&s, "art27", cap, &e), ENT_OK);
    for (int a = 0; a < 5; a++) assert_near(cap[a], 421.0 / 2145, 1e-12);
    for (int a = 5; a < 15; a++) assert_near(cap[a], 4.0 / 2145, 1e-12);
    assert_near(cap[15], 0, 0); /* OBS: not a player of the rule */
    assert_int_equal(ent_forecast_capability_from_rule(&s, "art27:banzhaf", cap, &e), ENT_OK);
    assert_near(cap[0], 106.0 / 635, 1e-12);
    assert_near(cap[14], 21.0 / 1270, 1e-12);
    /* a rule text instead of a rule id: only the permanent members are players */
    assert_int_equal(ent_forecast_capability_from_rule(&s, "all of permanent:shapley", cap, &e), ENT_OK);
    assert_near(cap[0], 0.2, 1e-12);
    assert_near(cap[5], 0, 0);
    /* the forecast with that capability: 100 · 2105 / 2145 */
    assert_int_equal(ent_forecast_capability_from_rule(&s, "art27", cap, &e), ENT_OK);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    o.capability = cap;
    ent_forecast_t f;
    ent_forecast_init(&f);
    assert_int_equal(ent_forecast_run(&s, "compromise", &o, &f, &e), ENT_OK);
    assert_near(f.outcome[0][0], 100.0 * 2105 / 2145, 1e-9);
    ent_forecast_destroy(&f);
    /* errors: an unknown rule is bad input */
    assert_int_equal(ent_forecast_capability_from_rule(&s, "nosuchrule", cap, &e), ENT_EINPUT);
    ent_error_clear(&e);
    assert_int_equal(ent_forecast_capability_from_rule(&s, ":banzhaf", cap, &e), ENT_EINVAL);
    ent_scenario_destroy(&s);
}

/* Issue by issue: equals the joint run for an issue-wise model; refused issues are noted. */
static void run_each_issue(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/forecast/mixed.yaml", &lo, &e), ENT_OK);
    ent_forecast_t joint, each;
    ent_forecast_init(&joint);
    ent_forecast_init(&each);
    size_t refused = 99;
    const char *const models[] = {"compromise", "median", "nash", "bdm"};
    for (int m = 0; m < 4; m++) {
        assert_int_equal(ent_forecast_run(&s, models[m], NULL, &joint, &e), ENT_OK);
        assert_int_equal(ent_forecast_run_each(&s, models[m], NULL, &each, &refused, &e), ENT_OK);
        assert_int_equal(refused, 0);
        assert_int_equal(each.nissues, s.nissues);
        assert_string_equal(each.model, models[m]);
        for (size_t i = 0; i < s.nissues; i++) {
            assert_int_equal(joint.outcome[i] == NULL, each.outcome[i] == NULL);
            for (size_t d = 0; joint.outcome[i] && d < s.issues[i].ndim; d++)
                assert_near(each.outcome[i][d], joint.outcome[i][d], 0);
            assert_int_equal(joint.why[i] == NULL, each.why[i] == NULL);
            if (joint.why[i]) assert_string_equal(each.why[i], joint.why[i]);
            if (joint.tracks && joint.tracks[i].nstates) {
                assert_non_null(each.tracks);
                assert_int_equal(each.tracks[i].issue, i);
                assert_int_equal(each.tracks[i].nstates, joint.tracks[i].nstates);
                assert_int_equal(each.tracks[i].verdict.kind, joint.tracks[i].verdict.kind);
            }
        }
    }
    /* smp refuses the whole scenario; issue by issue it refuses only plan (saliences sum to
     * more than 100) and quiet (all saliences 0), with a 'refused:' note carrying its message,
     * and forecasts the other issues. */
    {
        assert_int_equal(ent_forecast_run_each(&s, "smp", NULL, &each, &refused, &e), ENT_OK);
        assert_int_equal(refused, 2);
        long plan = ent_scenario_find_issue(&s, "plan"), budget = ent_scenario_find_issue(&s, "budget");
        assert_null(each.outcome[plan]);
        assert_non_null(strstr(each.why[plan], "refused: "));
        assert_non_null(each.outcome[budget]);
        /* the typed series travel with each issue's track */
        assert_non_null(each.tracks[budget].winprob);
        assert_non_null(each.tracks[budget].risk);
        assert_null(each.tracks[plan].winprob);
    }
    ent_forecast_destroy(&joint);
    ent_forecast_destroy(&each);
    ent_scenario_destroy(&s);
}

/* Scenario from memory: a 2-D issue with an outcome is skipped (validate is 1-D); a bad
 * capability is an error from run_each too (not a refusal). */
static void multidim_skipped_and_errors(void **state)
{
    (void)state;
    static const char yaml[] =
        "entente: 1\n"
        "actors:\n"
        "  - {id: A, capability: 1}\n"
        "  - {id: B, capability: 1}\n"
        "  - {id: C, capability: 1}\n"
        "issues:\n"
        "  - {id: one, outcome: 40}\n"
        "  - {id: two, dimensions: [x, y], outcome: [10, 20]}\n"
        "positions:\n"
        "  - {actor: A, issue: one, position: 0, salience: 1}\n"
        "  - {actor: B, issue: one, position: 50, salience: 1}\n"
        "  - {actor: C, issue: one, position: 100, salience: 0.5}\n"
        "  - {actor: A, issue: two, position: [0, 0], salience: [1, 1]}\n"
        "  - {actor: B, issue: two, position: [10, 10], salience: [1, 1]}\n"
        "  - {actor: C, issue: two, position: [20, 20], salience: [1, 1]}\n";
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load_mem(&s, "mem.yaml", yaml, sizeof yaml - 1, &lo, &e), ENT_OK);
    ent_validation_opts_t o;
    ent_validation_opts_init(&o);
    o.models = "compromise,median";
    ent_validation_t v;
    ent_validation_init(&v);
    assert_int_equal(ent_validation_run(&s, &o, &v, &e), ENT_OK);
    assert_int_equal(v.nissues, 1);
    assert_int_equal(v.multidim, 1);
    /* (0 + 50 + 50) / 2.5 = 40 → error 0; median: W = 2.5, cumulative 1, 2 > 1.25 → 50 */
    assert_near(v.forecast[0], 40, 1e-12);
    assert_near(v.forecast[1], 50, 0);
    assert_near(v.models[0].closest, 1, 0);
    ent_validation_destroy(&v);
    /* a negative capability: EINVAL from the model, passed through run_each */
    double cap[3] = {1, -1, 1};
    ent_forecast_opts_t fo;
    ent_forecast_opts_init(&fo);
    fo.capability = cap;
    ent_forecast_t f;
    ent_forecast_init(&f);
    size_t refused = 7;
    assert_int_equal(ent_forecast_run_each(&s, "compromise", &fo, &f, &refused, &e), ENT_EINVAL);
    assert_null(f.outcome);
    assert_int_equal(f.nissues, 0);
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores),
        cmocka_unit_test(min_actors_and_even_median),
        cmocka_unit_test(capability_override),
        cmocka_unit_test(bad_model_lists),
        cmocka_unit_test(capability_from_rule),
        cmocka_unit_test(run_each_issue),
        cmocka_unit_test(multidim_skipped_and_errors),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
