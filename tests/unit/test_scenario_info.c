/* SPDX-License-Identifier: MIT */
/* test_scenario_info.c — unit tests of ent_scenario_issue_stats and ent_scenario_info
 * (src/scenario/stats.c), the capability x salience weighted mean and weighted median that
 * `entente info` prints: the published EC emission-standards figures, the tie rule,
 * per-issue capability overrides, per-dimension saliences, zero weight, the empty issue, and
 * the whole-scenario gathering. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "entente.h"
#include "scenario/loaders.h"

static void load_ok(ent_scenario_t *s, const char *text)
{
    ent_error_t e = {0};
    ent_scenario_init(s);
    assert_int_equal(ent_i_load_yaml(s, "t.yaml", text, strlen(text), &e), ENT_OK);
}

/* Bueno de Mesquita & Stokman (1994), EC emission standards for medium cars, as tabulated by
 * Scholz, Calbert & Smith (2011), Table 1 (retyped). Published: weighted mean 7.390, median 7. */
static const char emission[] =
    "entente: 1\nactors:\n"
    "  - {id: NL, capability: 0.08}\n  - {id: BE, capability: 0.08}\n  - {id: LU, capability: 0.03}\n"
    "  - {id: DE, capability: 0.16}\n  - {id: FR, capability: 0.16}\n  - {id: IT, capability: 0.16}\n"
    "  - {id: UK, capability: 0.16}\n  - {id: IE, capability: 0.05}\n  - {id: DK, capability: 0.05}\n"
    "  - {id: GR, capability: 0.08}\n"
    "issues:\n  - {id: x, scale: [4, 10]}\npositions:\n"
    "  - {actor: NL, issue: x, position: 4, salience: 0.8}\n  - {actor: BE, issue: x, position: 7, salience: 0.4}\n"
    "  - {actor: LU, issue: x, position: 4, salience: 0.2}\n  - {actor: DE, issue: x, position: 4, salience: 0.8}\n"
    "  - {actor: FR, issue: x, position: 10, salience: 0.6}\n  - {actor: IT, issue: x, position: 10, salience: 0.6}\n"
    "  - {actor: UK, issue: x, position: 10, salience: 0.9}\n  - {actor: IE, issue: x, position: 7, salience: 0.1}\n"
    "  - {actor: DK, issue: x, position: 4, salience: 1.0}\n  - {actor: GR, issue: x, position: 7, salience: 0.7}\n";

static void emission_standards(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_issue_stats_t st;
    ent_error_t e = {0};
    load_ok(&s, emission);
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 0, &st, &e), ENT_OK);
    assert_int_equal(st.npositions, 10);
    assert_true(fabs(st.weight - 0.677) < 1e-12);
    assert_true(fabs(st.mean - 7.390) < 5e-4);        /* published to 3 decimals */
    assert_true(fabs(st.mean - 5.003 / 0.677) < 1e-12); /* exact: sum(c s x) / sum(c s) */
    assert_true(st.median == 7);
    ent_scenario_destroy(&s);
}

static void tie_rule_and_overrides(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_issue_stats_t st;
    ent_error_t e = {0};
    /* two equal weights: the halves balance exactly, the lower position is the median */
    load_ok(&s, "entente: 1\nactors:\n  - {id: a, capability: 1}\n  - {id: b, capability: 1}\n"
                "issues:\n  - {id: x}\npositions:\n  - {actor: b, issue: x, position: 90, salience: 1}\n"
                "  - {actor: a, issue: x, position: 10, salience: 1}\n");
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 0, &st, &e), ENT_OK);
    assert_true(st.median == 10);
    assert_true(st.mean == 50);
    /* a slightly heavier upper actor moves the median up */
    ent_scenario_pos_mut(&s, 1, 0)->sal[0] = 0.5;
    ent_scenario_pos_mut(&s, 0, 0)->sal[0] = 0.4999;
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 0, &st, &e), ENT_OK);
    assert_true(st.median == 90);
    /* the per-issue capability override replaces the actor's */
    ent_scenario_pos_mut(&s, 0, 0)->capability = 3;
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 0, &st, &e), ENT_OK);
    assert_true(st.median == 10);
    assert_true(fabs(st.mean - (3 * 0.4999 * 10 + 0.5 * 90) / (3 * 0.4999 + 0.5)) < 1e-12);
    /* zero total weight: no mean, no median */
    ent_scenario_pos_mut(&s, 0, 0)->sal[0] = 0;
    ent_scenario_pos_mut(&s, 1, 0)->sal[0] = 0;
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 0, &st, &e), ENT_OK);
    assert_int_equal(st.npositions, 2);
    assert_true(isnan(st.mean) && isnan(st.median));
    /* bad arguments */
    assert_int_equal(ent_scenario_issue_stats(&s, 1, 0, &st, &e), ENT_EINVAL);
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 1, &st, &e), ENT_EINVAL);
    ent_scenario_destroy(&s);
}

static void per_dimension_saliences(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_issue_stats_t st;
    ent_error_t e = {0};
    load_ok(&s, "entente: 1\nsalience_scale: 100\nactors:\n  - {id: a, capability: 30}\n  - {id: b, capability: 80}\n"
                "  - {id: c, capability: 5}\n"
                "issues:\n  - {id: p, dimensions: [econ, sec], scale: [[0, 10], [-5, 5]]}\n  - {id: empty}\n"
                "positions:\n  - {actor: a, issue: p, position: [3, 4], salience: [50, 20]}\n"
                "  - {actor: b, issue: p, position: [8, -5], salience: 70}\n");
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 0, &st, &e), ENT_OK);
    assert_int_equal(st.npositions, 2);
    assert_true(fabs(st.mean - (15.0 * 3 + 56.0 * 8) / 71.0) < 1e-12);
    assert_true(st.median == 8);
    assert_int_equal(ent_scenario_issue_stats(&s, 0, 1, &st, &e), ENT_OK);
    assert_true(fabs(st.mean - (6.0 * 4 + 56.0 * -5) / 62.0) < 1e-12);
    assert_true(st.median == -5);
    assert_int_equal(ent_scenario_issue_stats(&s, 1, 0, &st, &e), ENT_OK);
    assert_int_equal(st.npositions, 0);
    assert_true(isnan(st.mean) && isnan(st.median));
    ent_scenario_destroy(&s);
}

/* ent_scenario_info: every dimension of every issue, as ent_scenario_issue_stats gives it,
 * and the number of positions given. */
static void whole_scenario_info(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_info_t info;
    ent_issue_stats_t st;
    ent_error_t e = {0};
    load_ok(&s, "entente: 1\nsalience_scale: 100\nactors:\n  - {id: a, capability: 30}\n  - {id: b, capability: 80}\n"
                "  - {id: c, capability: 5}\n"
                "issues:\n  - {id: p, dimensions: [econ, sec], scale: [[0, 10], [-5, 5]]}\n  - {id: empty}\n"
                "positions:\n  - {actor: a, issue: p, position: [3, 4], salience: [50, 20]}\n"
                "  - {actor: b, issue: p, position: [8, -5], salience: 70}\n");
    assert_int_equal(ent_scenario_info(&s, &info, &e), ENT_OK);
    assert_int_equal(info.npositions, 2);
    assert_int_equal(info.nissues, 2);
    for (size_t i = 0; i < s.nissues; i++)
        for (size_t d = 0; d < s.issues[i].ndim; d++) {
            assert_int_equal(ent_scenario_issue_stats(&s, i, d, &st, &e), ENT_OK);
            assert_int_equal(info.dims[i][d].npositions, st.npositions);
            assert_memory_equal(&info.dims[i][d].weight, &st.weight, sizeof st.weight);
            assert_true(info.dims[i][d].median == st.median || (isnan(st.median) && isnan(info.dims[i][d].median)));
        }
    assert_true(info.dims[0][1].median == -5);
    ent_scenario_info_destroy(&info);
    ent_scenario_info_destroy(&info);   /* destroy leaves it empty */
    ent_scenario_info_destroy(NULL);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emission_standards),
        cmocka_unit_test(tie_rule_and_overrides),
        cmocka_unit_test(per_dimension_saliences),
        cmocka_unit_test(whole_scenario_info),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
