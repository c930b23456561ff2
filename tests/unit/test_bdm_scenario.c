/* SPDX-License-Identifier: MIT */
/* test_bdm_scenario.c — unit tests of the scenario adapter ent_bdm_run() (src/forecast/
 * bdm_run.c): issue selection, actors without a position, saliences on 0..100, capability
 * override, tracks, medians in the track's `median`, the trace, the verdict, and the shipped example
 * examples/emission-standards.yaml (BDM & Stokman 1994 p. 78 = Scholz et al. 2011 Table 1).
 * Reference numbers: ../shared/docs/models/bdm.md §C.2 (jmckib, Python repr).
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

static const char *const em_id[10] = {"NL", "BE", "LU", "DE", "FR", "IT", "UK", "IE", "DK", "GR"};
static const char *const em_name[10] = {"Netherlands", "Belgium", "Luxembourg", "Germany", "France",
                                        "Italy", "UK", "Ireland", "Denmark", "Greece"};
static const double em_c[10] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
static const double em_x[10] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
static const double em_s100[10] = {80, 40, 20, 80, 60, 60, 90, 10, 100, 70};
static const double em_mean[11] = {7.389955686853767, 7.461314378277189, 7.552500865855845,
                                   7.590144997451547, 7.358130531334201, 7.3491739896752115,
                                   7.414877545372958, 7.510457183677219, 7.5724470975503,
                                   7.324989065683666, 7.242130958473938};
static const double em_median[11] = {7.0, 8.415932315426764, 9.610859134120188, 9.961979590401311,
                                     9.961979590401311, 9.961979590401311, 7.47204636191629,
                                     8.824593855262423, 9.671129769802048, 9.671129769802048, 7.0};

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    memcpy(d, s, n);
    return d;
}

/* Emission standards plus an 11th actor without a position on it; issue 1 is
 * two-dimensional; issue 2 has a single positioned actor. Saliences on 0..100. */
static void build(ent_scenario_t *s)
{
    ent_scenario_init(s);
    s->salience_scale = 100;
    s->nactors = 11;
    s->actors = calloc(11, sizeof *s->actors);
    for (size_t a = 0; a < 11; a++) {
        s->actors[a].id = dup(a < 10 ? em_id[a] : "XX");
        s->actors[a].name = dup(a < 10 ? em_name[a] : "Observer");
        s->actors[a].capability = a < 10 ? em_c[a] : 0.5;
    }
    s->nissues = 3;
    s->issues = calloc(3, sizeof *s->issues);
    const char *ids[3] = {"emission", "plan", "lonely"};
    for (size_t i = 0; i < 3; i++) {
        ent_issue_t *is = &s->issues[i];
        is->id = dup(ids[i]);
        is->ndim = i == 1 ? 2 : 1;
        is->lo = calloc(is->ndim, sizeof(double));
        is->hi = malloc(is->ndim * sizeof(double));
        for (size_t d = 0; d < is->ndim; d++) is->hi[d] = 10;
    }
    s->pos = calloc(11 * 3, sizeof *s->pos);
    for (size_t a = 0; a < 11; a++)
        for (size_t i = 0; i < 3; i++) {
            ent_position_t *p = ent_scenario_pos_mut(s, a, i);
            p->capability = NAN;
            int present = i == 0 ? a < 10 : i == 1 ? a < 4 : a == 0;
            if (!present) continue;
            size_t nd = s->issues[i].ndim;
            p->present = 1;
            p->x = malloc(nd * sizeof(double));
            p->sal = malloc(nd * sizeof(double));
            for (size_t d = 0; d < nd; d++) {
                p->x[d] = em_x[a] + (double)d;
                p->sal[d] = em_s100[a];
            }
        }
}

static void run_ok(const ent_scenario_t *s, const ent_forecast_opts_t *o, ent_forecast_t *f)
{
    ent_error_t e = {0};
    ent_forecast_init(f);
    assert_int_equal(ent_bdm_run(s, o, f, &e), ENT_OK);
}

static void adapter_emission_scholz(void **state)
{
    (void)state;
    ent_scenario_t s;
    build(&s);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    o.trace = 1;
    ent_forecast_t f;
    run_ok(&s, &o, &f);
    assert_string_equal(f.model, "bdm");
    assert_string_equal(f.variant, "scholz2011");
    assert_int_equal(f.nissues, 3);
    assert_non_null(f.outcome[0]);
    assert_true(f.outcome[0][0] == em_mean[10]);
    assert_null(f.why[0]);
    const ent_track_t *t = &f.tracks[0];
    assert_int_equal(t->nstates, 11);
    assert_int_equal(t->nactors, 11);
    assert_int_equal(t->ndim, 1);
    for (size_t k = 0; k < 11; k++) {
        assert_true(t->fc[k] == em_mean[k]);
        assert_true(t->median[k] == em_median[k]);
        assert_true(isnan(t->x[k * 11 + 10]));    /* the observer holds no position */
        assert_true(t->x[k * 11 + 0] == 4.0);      /* the Netherlands never move */
    }
    assert_true(t->x[1 * 11 + 1] == 8.415932315426764);
    /* an oscillating path: no convergence within 10 rounds */
    assert_int_not_equal(t->verdict.kind, ENT_VERDICT_CONVERGED);
    assert_true(t->verdict.movement > 0);
    /* skipped issues */
    assert_null(f.outcome[1]);
    assert_non_null(strstr(f.why[1], "one-dimensional"));
    assert_null(f.outcome[2]);
    assert_non_null(strstr(f.why[2], "at least two actors"));
    assert_int_equal(f.tracks[1].nstates, 0); /* a skipped issue has no series */
    assert_null(f.tracks[1].median);
    assert_null(f.tracks[0].winprob);
    assert_null(f.tracks[0].risk);
    /* the trace */
    assert_non_null(f.trace);
    assert_non_null(strstr(f.trace, "issue emission (bdm scholz2011, 10 actors, R 6.000000)"));
    assert_non_null(strstr(f.trace, "  round 1: mean 7.461314 median 8.415932\n"
                                    "    r: 1.405653 0.754196 0.508864 1.405653 1.046524 1.046524 1.964898 0.500000 2.000000 1.112125\n"
                                    "    Belgium <- France: compromise a=-0.114831 b=0.243297 -> 8.415932\n"
                                    "    Luxembourg <- Belgium: confrontation a=0.245509 b=0.542246 -> 7.000000\n"
                                    "    Ireland <- Luxembourg: confrontation a=0.538238 b=0.682478 -> 4.000000\n"));
    assert_non_null(strstr(f.trace, "Belgium <- Netherlands: compromise"));
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

static void adapter_options(void **state)
{
    (void)state;
    ent_scenario_t s;
    build(&s);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    ent_forecast_t f;
    /* rounds */
    o.rounds = 3;
    run_ok(&s, &o, &f);
    assert_int_equal(f.tracks[0].nstates, 4);
    assert_true(f.outcome[0][0] == em_mean[3]);
    assert_null(f.trace);
    ent_forecast_destroy(&f);
    /* the printed variant converges (to 7 after round 4; round 5 repeats) */
    o.rounds = 10;
    o.bdm.variant = ENT_BDM_PRINTED;
    run_ok(&s, &o, &f);
    assert_string_equal(f.variant, "printed");
    assert_int_equal(f.tracks[0].verdict.kind, ENT_VERDICT_CONVERGED);
    assert_int_equal(f.tracks[0].verdict.round, 5);
    assert_true(fabs(f.outcome[0][0] - 7.0) < 1e-12);
    ent_forecast_destroy(&f);
    /* capability override: equal capabilities give the salience-weighted mean in state 0 */
    double cap[11];
    for (int a = 0; a < 11; a++) cap[a] = 1.0;
    o.bdm.variant = ENT_BDM_SCHOLZ2011;
    o.capability = cap;
    run_ok(&s, &o, &f);
    double num = 0, den = 0;
    for (int a = 0; a < 10; a++) {
        num += em_s100[a] / 100 * em_x[a];
        den += em_s100[a] / 100;
    }
    assert_true(fabs(f.tracks[0].fc[0] - num / den) < 1e-12);
    assert_true(f.tracks[0].fc[10] != em_mean[10]);
    ent_forecast_destroy(&f);
    /* a negative capability is an error, not an outcome */
    cap[3] = -1;
    ent_error_t e = {0};
    ent_forecast_init(&f);
    assert_int_equal(ent_bdm_run(&s, &o, &f, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "DE"));
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

static void example_yaml(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    ent_status_t st = ent_scenario_load(&s, "examples/emission-standards.yaml", NULL, &e);
    assert_int_equal(st, ENT_OK);
    assert_int_equal(s.nactors, 10);
    assert_int_equal(s.nissues, 1);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    ent_forecast_t f;
    run_ok(&s, &o, &f);
    for (size_t k = 0; k < 11; k++) {
        assert_true(f.tracks[0].fc[k] == em_mean[k]);
        assert_true(f.tracks[0].median[k] == em_median[k]);
    }
    ent_forecast_destroy(&f);
    /* the dispatcher reaches the same runner */
    ent_forecast_init(&f);
    assert_int_equal(ent_forecast_run(&s, "bdm", &o, &f, &e), ENT_OK);
    assert_true(f.outcome[0][0] == em_mean[10]);
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

/* A made-up four-actor case in which the third actor alternates between 10 and 0 forever
 * (every second state identical, bit for bit): the verdict must say cycling, period 2. */
static void two_cycle_verdict(void **state)
{
    (void)state;
    static const char yaml[] =
        "entente: 1\n"
        "title: two-cycle\n"
        "actors:\n"
        "  - {id: a, capability: 2}\n"
        "  - {id: b, capability: 4}\n"
        "  - {id: c, capability: 2}\n"
        "  - {id: d, capability: 7}\n"
        "issues:\n"
        "  - {id: q, scale: [0, 10]}\n"
        "positions:\n"
        "  - {actor: a, issue: q, position: 0, salience: 0.6}\n"
        "  - {actor: b, issue: q, position: 10, salience: 0.7}\n"
        "  - {actor: c, issue: q, position: 10, salience: 0.2}\n"
        "  - {actor: d, issue: q, position: 0, salience: 0.5}\n";
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    ent_status_t st = ent_scenario_load_mem(&s, "two-cycle.yaml", yaml, sizeof yaml - 1, NULL, &e);
    assert_int_equal(st, ENT_OK);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    ent_forecast_t f;
    run_ok(&s, &o, &f);
    const ent_track_t *t = &f.tracks[0];
    assert_int_equal(t->nstates, 11);
    for (size_t k = 2; k < 11; k++)
        for (size_t a = 0; a < 4; a++) assert_true(t->x[k * 4 + a] == t->x[(k - 2) * 4 + a]);
    assert_true(t->x[1 * 4 + 2] == 0.0);
    assert_true(t->x[2 * 4 + 2] == 10.0);
    assert_int_equal(t->verdict.kind, ENT_VERDICT_CYCLING);
    assert_int_equal(t->verdict.period, 2);
    assert_int_equal(t->verdict.exact, 1);
    assert_true(t->verdict.movement == 100.0); /* ten moves of 10 */
    ent_forecast_destroy(&f);
    /* the stopping rule does not stop a cycle: someone moves every round */
    o.bdm.stop_when_still = 1;
    run_ok(&s, &o, &f);
    assert_int_equal(f.tracks[0].nstates, 11);
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adapter_emission_scholz),
        cmocka_unit_test(adapter_options),
        cmocka_unit_test(example_yaml),
        cmocka_unit_test(two_cycle_verdict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
