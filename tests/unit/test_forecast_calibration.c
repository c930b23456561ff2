/* SPDX-License-Identifier: MIT */
/* test_forecast_calibration.c — unit tests of the calibration reader and its application
 * (src/forecast/calibration.c, entente/validate.h) with hand-computed answers: a calibration
 * with weights 0.25 (compromise) and 0.75 (median), half-widths 10 / 20 (compromise), 4 / 8
 * (median), 5 / 30 (ensemble) at levels 0.8 / 0.9, on a scenario of three issues on 0..100
 * and forecasts set by hand:
 *   issue a: compromise 40, median 60 → ensemble 55, intervals 50..60 and 25..85;
 *   issue b: compromise 95, median missing → ensemble 95 (renormalised, flagged),
 *            compromise 85..100 (clipped) and 75..100;
 *   issue c: nobody → no interval, no ensemble, not flagged.
 * The settings and scale refusals, and the settings string of every model kind.
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

static const char cal_text[] =
    "calibration:\n"
    "  entente: \"" ENT_VERSION "\"\n"
    "  scale: [0, 100]\n"
    "  levels: [0.8, 0.9]\n"
    "  ensemble:\n"
    "    weights: {compromise: 0.25, median: 0.75}\n"
    "    half_width: [5, 30]\n"
    "    mae_out_of_sample: 1.5\n"
    "  models:\n"
    "    compromise: {settings: none, half_width: [10, 20], mae_out_of_sample: 3}\n"
    "    median: {settings: none, half_width: [4, 8], mae_out_of_sample: 2}\n";

static const char scen_text[] =
    "entente: 1\n"
    "actors: [{id: A, capability: 1}]\n"
    "issues: [{id: a}, {id: b}, {id: c}]\n";

static void forecast_of(ent_forecast_t *f, const char *model, double *x[3])
{
    ent_forecast_init(f);
    f->model = strdup(model);
    f->nissues = 3;
    f->outcome = calloc(3, sizeof *f->outcome);
    assert_non_null(f->model);
    assert_non_null(f->outcome);
    for (int i = 0; i < 3; i++) {
        if (!x[i]) continue;
        f->outcome[i] = malloc(sizeof(double));
        assert_non_null(f->outcome[i]);
        f->outcome[i][0] = *x[i];
    }
}

static void test_apply(void **state)
{
    (void)state;
    ent_error_t err = {0};
    ent_calibration_t c;
    assert_int_equal(ent_calibration_parse("cal.yaml", cal_text, strlen(cal_text), &c, &err), ENT_OK);
    assert_int_equal(c.nmodels, 2);
    assert_true(c.models[0].weight == 0.25 && c.models[1].weight == 0.75);
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_status_t st = ent_scenario_load_mem(&s, "s.yaml", scen_text, strlen(scen_text), NULL, &err);
    if (st != ENT_OK) print_error("%s\n", err.msg);
    assert_int_equal(st, ENT_OK);
    double c40 = 40, c95 = 95, m60 = 60;
    ent_forecast_t f[2];
    forecast_of(&f[0], "compromise", (double *[3]){&c40, &c95, NULL});
    forecast_of(&f[1], "median", (double *[3]){&m60, NULL, NULL});
    ent_calibrated_t k;
    assert_int_equal(ent_calibration_apply(&c, &s, f, 2, NULL, &k, &err), ENT_OK);
    assert_true(k.ensemble);
    assert_true(k.ens[0] == 55 && !k.fallback[0]);
    assert_true(k.ens_lo[0] == 50 && k.ens_hi[0] == 60 && k.ens_lo[1] == 25 && k.ens_hi[1] == 85);
    assert_true(k.ens[1] == 95 && k.fallback[1]);
    /* compromise on issue b: 95 +- 10 and 95 +- 20, clipped at 100 */
    assert_true(k.lo[(1 * 2 + 0) * 2 + 0] == 85 && k.hi[(1 * 2 + 0) * 2 + 0] == 100);
    assert_true(k.lo[(1 * 2 + 0) * 2 + 1] == 75 && k.hi[(1 * 2 + 0) * 2 + 1] == 100);
    /* median on issue a: 60 +- 4 */
    assert_true(k.lo[(0 * 2 + 1) * 2 + 0] == 56 && k.hi[(0 * 2 + 1) * 2 + 0] == 64);
    assert_true(isnan(k.lo[(1 * 2 + 1) * 2]) && isnan(k.ens[2]) && !k.fallback[2]);
    ent_calibrated_destroy(&k);

    /* a model run with other settings: bdm calibrated with defaults, run as printed */
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    char set[256];
    ent_forecast_model_settings("compromise", &o, set, sizeof set);
    assert_string_equal(set, "none");
    ent_forecast_model_settings("bdm", &o, set, sizeof set);
    assert_string_equal(set, "variant=scholz2011 q=1 rounds=default tol=default");
    o.rounds = 7;
    ent_forecast_model_settings("smp", &o, set, sizeof set);
    assert_string_equal(set, "params=0,0,0,2,1,1,1,1,0 rounds=7 tol=default");
    free(c.models[0].settings);
    c.models[0].settings = strdup("variant=printed");
    assert_int_equal(ent_calibration_apply(&c, &s, f, 2, NULL, &k, &err), ENT_EINPUT);
    assert_non_null(strstr(err.msg, "'variant=printed' but runs with 'none'"));
    assert_int_equal(err.line, 10);
    free(c.models[0].settings);
    c.models[0].settings = strdup("none");
    c.scale_hi = 10;
    ent_error_clear(&err);
    assert_int_equal(ent_calibration_apply(&c, &s, f, 2, NULL, &k, &err), ENT_EINPUT);
    assert_non_null(strstr(err.msg, "issue a has the scale 0..100"));
    ent_forecast_destroy(&f[0]);
    ent_forecast_destroy(&f[1]);
    ent_scenario_destroy(&s);
    ent_calibration_destroy(&c);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct { const char *text, *want; } cases[] = {
        {"calibration: 3\n", "t.yaml:1:14: calibration must be a mapping"},
        {"x: 1\n", "t.yaml:1:1: not a calibration"},
        {"calibration:\n  entente: \"0.1.0\"\n  scale: [5, 5]\n  levels: [0.8]\n  ensemble: {}\n  models: {}\n",
         "t.yaml:3:10: scale [5, 5] is empty; expected lo < hi"},
        {"calibration:\n  entente: \"0.1.0\"\n  scale: [0, 1]\n  levels: [0]\n  ensemble: {}\n  models: {}\n",
         "t.yaml:4:12: level 0 is outside (0, 1)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ent_error_t err = {0};
        ent_calibration_t c;
        assert_int_equal(ent_calibration_parse("t.yaml", cases[k].text, strlen(cases[k].text), &c, &err), ENT_EINPUT);
        char msg[1200];
        ent_error_format(&err, msg, sizeof msg);
        if (strncmp(msg, cases[k].want, strlen(cases[k].want))) {
            print_error("case %zu: got '%s'\n", k, msg);
            fail();
        }
        assert_null(c.models);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
