/* SPDX-License-Identifier: MIT */
/* test_simulate.c — Monte Carlo over the codings (entente/simulate.h, issue 13) and the
 * uncertainty section it reads (docs/format.md "uncertainty"), against answers known in
 * advance, with tolerances from the standard error and fixed seeds:
 *   - the generator: deterministic in (seed, draw, input), in (0, 1), mean 1/2 and variance
 *     1/12 within 4 standard errors over 10^5 numbers;
 *   - the compromise of k = 4 actors with independent uniform [0, 100] positions and equal
 *     weights: the mean of four uniforms, mean 50 and sd 100 / sqrt(12 k) = 14.434;
 *   - a flag known by construction: one actor's acceptance of a proposal depends on one
 *     uniform [20, 100] draw (it accepts 60 over a status quo of 40 when its position is
 *     above 50): P(passes) = 50/80 = 0.625, within 4 SE over 10^5 draws;
 *   - every law: uniform, truncated normal, triangular, choice, empirical and a p_insisted,
 *     their drawn means and sds against the closed forms;
 *   - the same bits for 1, 2 and 3 threads;
 *   - correlated groups: a sample correlation of 0.8 for r = 0.8, lockstep for r = 1, each
 *     value's own law kept, and the groups round-trip;
 *   - the uncertainty section round-trips through YAML and JSON, and a change is seen;
 *   - --uncertainty overrides and their errors;
 *   - a kept per-draw table aggregated again (ent_simulate_aggregate) gives the same bits,
 *     and a run continued at first_draw gives the draws of one longer run;
 *   - Sobol indices: the Ishigami function's published values (estimators alone), and an
 *     additive compromise through the engine (S = ST = 0.8 and 0.2), same bits on 1 and 3
 *     threads.
 * Run from the repository root (as scripts/unit.sh does).
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

static void load_text(ent_scenario_t *s, const char *y)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "t.yaml", y, strlen(y), NULL, &err);
    if (st != ENT_OK) print_error("t.yaml:%d:%d: %s\n", err.line, err.col, err.msg);
    assert_int_equal(st, ENT_OK);
}

static const ent_sim_output_t *output(const ent_simulation_t *r, const char *name)
{
    for (size_t o = 0; o < r->noutputs; o++)
        if (!strcmp(r->outputs[o].name, name)) return &r->outputs[o];
    print_error("no output %s\n", name);
    fail();
    return NULL;
}

static const ent_sim_input_t *input(const ent_simulation_t *r, const char *name)
{
    for (size_t k = 0; k < r->ninputs; k++)
        if (!strcmp(r->inputs[k].name, name)) return &r->inputs[k];
    print_error("no input %s\n", name);
    fail();
    return NULL;
}

static void within(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.6f, want %.6f +- %.6f\n", what, got, want, tol);
        fail();
    }
}

static void run(const ent_scenario_t *s, size_t draws, unsigned threads, int forecasts, ent_simulation_t *r)
{
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = draws;
    o.seed = 7;
    o.threads = threads;
    o.forecasts = forecasts;
    ent_error_t err = {0};
    ent_status_t st = ent_simulate_run(s, &o, r, &err);
    if (st != ENT_OK) print_error("simulate: %s\n", err.msg);
    assert_int_equal(st, ENT_OK);
}

static void generator(void **state)
{
    (void)state;
    assert_true(ent_simulate_uniform(1, 2, 3) == ent_simulate_uniform(1, 2, 3));
    assert_true(ent_simulate_uniform(1, 2, 3) != ent_simulate_uniform(1, 2, 4));
    assert_true(ent_simulate_uniform(1, 2, 3) != ent_simulate_uniform(1, 3, 3));
    assert_true(ent_simulate_uniform(1, 2, 3) != ent_simulate_uniform(2, 2, 3));
    const size_t n = 100000;
    double sum = 0, ss = 0;
    for (size_t d = 0; d < n; d++) {
        double u = ent_simulate_uniform(42, d, 5);
        assert_true(u > 0 && u < 1);
        sum += u;
        ss += (u - 0.5) * (u - 0.5);
    }
    within(sum / (double)n, 0.5, 4 * sqrt(1.0 / 12 / (double)n), "mean of U");
    /* var of (U - 1/2)^2 is 1/80 - 1/144 */
    within(ss / (double)n, 1.0 / 12, 4 * sqrt((1.0 / 80 - 1.0 / 144) / (double)n), "variance of U");
}

/* Four actors, equal weights, positions uniform on [0, 100]: the compromise is their mean. */
static void compromise_of_uniforms(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, "entente: 1\nactors: [{id: A, capability: 1}, {id: B, capability: 1}, {id: C, capability: 1}, "
                  "{id: D, capability: 1}]\nissues: [{id: g}]\npositions:\n"
                  "  - {actor: A, issue: g, position: 10, salience: 1}\n"
                  "  - {actor: B, issue: g, position: 40, salience: 1}\n"
                  "  - {actor: C, issue: g, position: 60, salience: 1}\n"
                  "  - {actor: D, issue: g, position: 90, salience: 1}\n"
                  "uncertainty:\n  values:\n"
                  "    A.g.position: {uniform: [0, 100]}\n    B.g.position: {uniform: [0, 100]}\n"
                  "    C.g.position: {uniform: [0, 100]}\n    D.g.position: {uniform: [0, 100]}\n");
    ent_simulation_t r;
    const size_t n = 4000;
    run(&s, n, 0, 1, &r);
    const ent_sim_output_t *c = output(&r, "forecast.compromise.g");
    double sd = 100 / sqrt(12.0 * 4);
    assert_int_equal(c->n, n);
    within(c->mean, 50, 4 * sd / sqrt((double)n), "mean of the compromise");
    /* sd of the sample sd ~ sd * sqrt((kurtosis - 1) / (4 n)); the mean of 4 uniforms has
     * kurtosis 3 - 1.2/4 = 2.7 */
    within(c->sd, sd, 4 * sd * sqrt(1.7 / (4.0 * (double)n)), "sd of the compromise");
    within(c->q[2], 50, 4 * 1.2533 * sd / sqrt((double)n), "median of the compromise");
    assert_true(c->q[0] < c->q[1] && c->q[1] < c->q[2] && c->q[2] < c->q[3] && c->q[3] < c->q[4]);
    ent_simulation_destroy(&r);
    ent_scenario_destroy(&s);
}

/* A passes proposal p (60 against the status quo 40) exactly when its position is above 50;
 * its position is uniform on [20, 100], B always accepts: P(passes) = 0.625. */
static const char *flag_yaml =
    "entente: 1\nactors: [{id: A, capability: 1}, {id: B, capability: 1}]\n"
    "issues: [{id: g, status_quo: 40}]\npositions:\n"
    "  - {actor: A, issue: g, position: 50, salience: 1}\n"
    "  - {actor: B, issue: g, position: 100, salience: 1}\n"
    "rules: [{id: both, expr: \"all of {A, B}\"}]\n"
    "proposals: [{id: p, proposer: B, rule: both, point: {g: 60}}]\n"
    "uncertainty:\n  values:\n    A.g.position: {uniform: [20, 100]}\n";

static void flag_known_probability(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, flag_yaml);
    ent_simulation_t r;
    const size_t n = 100000;
    run(&s, n, 0, 0, &r);
    const ent_sim_output_t *f = output(&r, "proposal.p.passes");
    assert_int_equal(f->n, n);
    within(f->p, 0.625, 4 * sqrt(0.625 * 0.375 / (double)n), "P(p passes)");
    assert_true(f->lo < f->p && f->p < f->hi && f->hi - f->lo < 0.01);
    /* the summary line of the coded scenario (A at 50: indifferent, so p fails) holds when
     * A is at most 50: 30/80 */
    assert_true(r.nlines >= 1);
    ent_simulation_destroy(&r);
    ent_scenario_destroy(&s);
}

/* Every law's drawn mean and sd against its closed form (inputs are reported with both). */
static void laws(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, "entente: 1\nactors: [{id: A, capability: 10}, {id: B, capability: 20}, {id: C, capability: 5}]\n"
                  "issues: [{id: g}]\npositions:\n"
                  "  - {actor: A, issue: g, position: 10, salience: 0.5}\n"
                  "  - {actor: B, issue: g, position: 90, salience: 0.5}\n"
                  "  - {actor: C, issue: g, position: 50, salience: 0.5}\n"
                  "steps: [{id: s1, requires: [s2]}, {id: s2, requires: [s1]}]\n"
                  "uncertainty:\n  capability: {relative: 0.5}\n  values:\n"
                  "    A.g.position: {normal: {mean: 20, sd: 5}}\n"
                  "    B.g.position: {triangular: [60, 90, 100]}\n"
                  "    C.g.position: {choice: {values: [0, 100], p: [0.2, 0.8]}}\n"
                  "    A.g.salience: {empirical: [0.1, 0.2, 0.6]}\n"
                  "    B.g.salience: {uniform: [0.2, 0.4]}\n"
                  "    C.g.salience: {normal: {sd: 0.5}}\n"
                  "  p_insisted: {\"s1:s2\": 0.3}\n");
    ent_simulation_t r;
    const size_t n = 20000;
    run(&s, n, 0, 0, &r);
    double rn = sqrt((double)n);
    const ent_sim_input_t *x = input(&r, "A.g.position");
    within(x->mean, 20, 4 * 5 / rn, "normal mean");
    within(x->sd, 5, 4 * 5 / sqrt(2.0 * (double)n), "normal sd");
    x = input(&r, "B.g.position");  /* triangular a=60, c=90, b=100 */
    double tm = (60 + 90 + 100) / 3.0, tv = (60.0 * 60 + 90 * 90 + 100 * 100 - 60 * 90 - 60 * 100 - 90 * 100) / 18.0;
    within(x->mean, tm, 4 * sqrt(tv) / rn, "triangular mean");
    within(x->sd, sqrt(tv), 0.05 * sqrt(tv), "triangular sd");
    x = input(&r, "C.g.position");
    within(x->mean, 80, 4 * 40 / rn, "choice mean");
    x = input(&r, "A.g.salience");
    within(x->mean, 0.3, 4 * 0.2160 / rn, "empirical mean");
    x = input(&r, "B.g.salience");
    within(x->mean, 0.3, 4 * 0.2 / sqrt(12.0) / rn, "uniform mean");
    within(x->sd, 0.2 / sqrt(12.0), 0.05 * 0.2 / sqrt(12.0), "uniform sd");
    /* normal(0.5, 0.5) truncated to [0, 1]: symmetric about 0.5 */
    x = input(&r, "C.g.salience");
    within(x->mean, 0.5, 4 * 0.3 / rn, "truncated normal mean");
    assert_true(x->sd < 0.3);
    x = input(&r, "B.capability");  /* uniform on [10, 30] */
    within(x->mean, 20, 4 * 20 / sqrt(12.0) / rn, "relative capability mean");
    within(x->sd, 20 / sqrt(12.0), 0.05 * 20 / sqrt(12.0), "relative capability sd");
    x = input(&r, "p_insisted.s1:s2");
    within(x->mean, 0.3, 4 * sqrt(0.21) / rn, "p_insisted share");
    const ent_sim_output_t *c = output(&r, "sequence.circular");
    within(c->p, 0.3, 4 * sqrt(0.21) / rn, "P(circular)");
    assert_int_equal(c->count, (size_t)llround(x->mean * (double)n));
    ent_simulation_destroy(&r);
    ent_scenario_destroy(&s);
}

static int same_output(const ent_sim_output_t *a, const ent_sim_output_t *b)
{
    if (a->kind != b->kind || strcmp(a->name, b->name) || a->n != b->n || a->count != b->count || a->ncat != b->ncat)
        return 0;
    double x[] = {a->mean, a->sd, a->q[0], a->q[1], a->q[2], a->q[3], a->q[4], a->p, a->lo, a->hi};
    double y[] = {b->mean, b->sd, b->q[0], b->q[1], b->q[2], b->q[3], b->q[4], b->p, b->lo, b->hi};
    for (size_t k = 0; k < sizeof x / sizeof x[0]; k++)
        if (memcmp(&x[k], &y[k], sizeof x[k]) && !(isnan(x[k]) && isnan(y[k]))) return 0;
    for (size_t c = 0; c < a->ncat; c++)
        if (strcmp(a->cat[c].label, b->cat[c].label) || a->cat[c].count != b->cat[c].count) return 0;
    return 1;
}

/* The flagship with every position and salience uncertain: 1, 2 and 3 threads agree bit for
 * bit, in the aggregates and in the rendered JSON. */
static void threads_same_bits(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/analysis/ukraine-flagship-v1.yaml", NULL, &err), ENT_OK);
    assert_int_equal(ent_scenario_uncertainty_override(&s, "position.sd=10", &err), ENT_OK);
    assert_int_equal(ent_scenario_uncertainty_override(&s, "salience.sd=15", &err), ENT_OK);
    ent_simulation_t r[3];
    char *json[3];
    for (unsigned t = 0; t < 3; t++) {
        run(&s, 40, t + 1, 1, &r[t]);
        ent_buf_t b = ENT_BUF_INIT;
        assert_int_equal(ent_report_simulate(&s, &r[t], ENT_OUTPUT_JSON, &b), ENT_OK);
        json[t] = ent_buf_take(&b);
    }
    for (unsigned t = 1; t < 3; t++) {
        assert_int_equal(r[t].noutputs, r[0].noutputs);
        for (size_t o = 0; o < r[0].noutputs; o++) assert_true(same_output(&r[0].outputs[o], &r[t].outputs[o]));
        assert_int_equal(r[t].nlines, r[0].nlines);
        for (size_t l = 0; l < r[0].nlines; l++) assert_int_equal(r[t].lines[l].count, r[0].lines[l].count);
        assert_string_equal(json[t], json[0]);
    }
    /* something did move: a forecast with a positive sd */
    assert_true(output(&r[0], "forecast.compromise.guarantee")->sd > 0);
    for (unsigned t = 0; t < 3; t++) {
        free(json[t]);
        ent_simulation_destroy(&r[t]);
    }
    ent_scenario_destroy(&s);
}

/* The uncertainty section survives YAML and JSON; a changed distribution is a difference. */
static void round_trip(void **state)
{
    (void)state;
    ent_scenario_t s, t;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/simulate/uncertain.yaml", NULL, &err), ENT_OK);
    assert_true(ent_scenario_uncertain(&s));
    for (int json = 0; json < 2; json++) {
        char *text = NULL;
        size_t len = 0;
        assert_int_equal(ent_scenario_emit(&s, json ? ENT_FMT_JSON : ENT_FMT_YAML, &text, &len, &err), ENT_OK);
        ent_scenario_init(&t);
        assert_int_equal(ent_scenario_load_mem(&t, "back", text, len, NULL, &err), ENT_OK);
        char why[200];
        if (!ent_scenario_equal(&s, &t, why, sizeof why)) print_error("%s\n", why);
        assert_true(ent_scenario_equal(&s, &t, NULL, 0));
        t.uncertainty->values[0].dist.b += 1;
        assert_false(ent_scenario_equal(&s, &t, why, sizeof why));
        assert_non_null(strstr(why, "uncertainty"));
        ent_scenario_destroy(&t);
        free(text);
    }
    ent_scenario_destroy(&s);
}

static void overrides(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    load_text(&s, flag_yaml);
    assert_true(isnan(s.uncertainty->position.sd));
    assert_int_equal(ent_scenario_uncertainty_override(&s, "position.sd=10", &err), ENT_OK);
    assert_true(s.uncertainty->position.sd == 10 && isnan(s.uncertainty->position.relative));
    assert_int_equal(ent_scenario_uncertainty_override(&s, "position.relative=0.1", &err), ENT_OK);
    assert_true(isnan(s.uncertainty->position.sd) && s.uncertainty->position.relative == 0.1);
    static const struct { const char *text, *msg; } bad[] = {
        {"position", "--uncertainty position: col 1: 'position' is not KIND.PARAM=NUMBER; expected e.g. position.sd=10 or capability.relative=0.2"},
        {"weight.sd=1", "--uncertainty weight.sd=1: col 1: unknown kind 'weight'; expected position, salience or capability"},
        {"salience.var=1", "--uncertainty salience.var=1: col 10: unknown parameter 'var'; expected sd or relative"},
        {"salience.sd=-1", "--uncertainty salience.sd=-1: col 13: '-1' is not a number >= 0; expected e.g. 10"},
        {"salience.sd=1e999", "--uncertainty salience.sd=1e999: col 13: '1e999' is not a number >= 0; expected e.g. 10"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ent_error_t e = {0};
        assert_int_equal(ent_scenario_uncertainty_override(&s, bad[k].text, &e), ENT_EINPUT);
        assert_string_equal(e.msg, bad[k].msg);
    }
    ent_scenario_destroy(&s);
    /* a scenario without the section gets one */
    load_text(&s, "entente: 1\nactors: [{id: A, capability: 1}]\n");
    assert_false(ent_scenario_uncertain(&s));
    assert_int_equal(ent_scenario_uncertainty_override(&s, "capability.relative=0.2", &err), ENT_OK);
    assert_true(ent_scenario_uncertain(&s));
    ent_scenario_destroy(&s);
}

static void limits(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, flag_yaml);
    ent_simulate_opts_t o;
    ent_simulation_t r;
    ent_error_t err = {0};
    ent_simulate_opts_init(&o);
    o.draws = 0;
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_EINVAL);
    o.draws = ENT_SIMULATE_MAX_DRAWS + 1;
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_ELIMIT);
    assert_null(r.outputs);
    ent_scenario_destroy(&s);
}

static int stop_now(void *user, const char *phase, double done, double total)
{
    (void)user; (void)phase; (void)done; (void)total;
    return 1;
}

static void interrupted(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, flag_yaml);
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = ENT_SIMULATE_MAX_DRAWS;
    o.forecasts = 0;
    o.progress.fn = stop_now;
    ent_simulation_t r;
    ent_error_t err = {0};
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_EINTR);
    assert_null(r.outputs);
    assert_int_equal(r.noutputs, 0);
    ent_scenario_destroy(&s);
}

/* A run kept with keep_draws, aggregated again from its table: the same bits, and a table
 * of another scenario is refused. */
static void aggregate_again(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/simulate/uncertain.yaml", NULL, &err), ENT_OK);
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = 300;
    o.keep_draws = 1;
    ent_simulation_t r, a;
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_OK);
    assert_non_null(r.drawn);
    assert_non_null(r.values);
    assert_non_null(r.holds);
    o.keep_draws = 0;
    assert_int_equal(ent_simulate_aggregate(&s, &o, &r, &a, &err), ENT_OK);
    ent_buf_t b1 = ENT_BUF_INIT, b2 = ENT_BUF_INIT, c1 = ENT_BUF_INIT, c2 = ENT_BUF_INIT;
    assert_int_equal(ent_report_simulate(&s, &r, ENT_OUTPUT_JSON, &b1), ENT_OK);
    assert_int_equal(ent_report_simulate(&s, &a, ENT_OUTPUT_JSON, &b2), ENT_OK);
    assert_string_equal(b1.data, b2.data);
    assert_int_equal(ent_report_simulate(&s, &r, ENT_OUTPUT_CSV, &c1), ENT_OK);
    assert_int_equal(ent_report_simulate(&s, &a, ENT_OUTPUT_CSV, &c2), ENT_OK);
    assert_string_equal(c1.data, c2.data);
    ent_buf_free(&b1); ent_buf_free(&b2); ent_buf_free(&c1); ent_buf_free(&c2);
    ent_simulation_destroy(&a);
    /* the table of this run does not fit another scenario */
    ent_scenario_t other;
    load_text(&other, flag_yaml);
    ent_error_t e = {0};
    assert_int_equal(ent_simulate_aggregate(&other, &o, &r, &a, &e), ENT_EINPUT);
    assert_null(a.outputs);
    ent_scenario_destroy(&other);
    /* a table that kept nothing */
    ent_simulation_t empty;
    ent_simulation_init(&empty);
    empty.ninputs = 1;
    assert_int_equal(ent_simulate_aggregate(&s, &o, &empty, &a, &e), ENT_EINVAL);
    ent_simulation_destroy(&r);
    ent_scenario_destroy(&s);
}

/* The sink (ent_sim_sink_t): heads once, then batches in draw order without a gap whose
 * rows are the kept table's, categories as their labels; a failing sink stops the run. */
typedef struct {
    const ent_simulation_t *ref;  /* a run with keep_draws */
    size_t heads, batches, next;
    int mismatch, fail_at;        /* fail_at > 0: the batch that fails */
} sink_check_t;

static ent_status_t check_heads(void *user, const ent_simulation_t *h, ent_error_t *err)
{
    sink_check_t *c = user;
    (void)err;
    c->heads++;
    if (h->ninputs != c->ref->ninputs || h->noutputs != c->ref->noutputs || h->nlines != c->ref->nlines) c->mismatch = 1;
    for (size_t o = 0; !c->mismatch && o < h->noutputs; o++)
        if (strcmp(h->outputs[o].name, c->ref->outputs[o].name) || h->outputs[o].kind != c->ref->outputs[o].kind) c->mismatch = 2;
    for (size_t k = 0; !c->mismatch && k < h->ninputs; k++)
        if (strcmp(h->inputs[k].name, c->ref->inputs[k].name)) c->mismatch = 3;
    return ENT_OK;
}

static int same_double(double a, double b) { return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0; }

static ent_status_t check_rows(void *user, const ent_sim_rows_t *b, ent_error_t *err)
{
    sink_check_t *c = user;
    const ent_simulation_t *r = c->ref;
    if (++c->batches == (size_t)c->fail_at) return ent_error_set(err, ENT_EIO, NULL, 0, 0, "the sink failed");
    if (b->first != c->next || !b->count) c->mismatch = 4;
    for (size_t j = 0; !c->mismatch && j < b->count; j++) {
        size_t d = b->first + j;
        for (size_t k = 0; k < r->ninputs; k++)
            if (!same_double(b->drawn[j * r->ninputs + k], r->drawn[d * r->ninputs + k])) c->mismatch = 5;
        for (size_t o = 0; o < r->noutputs; o++) {
            double v = r->values[d * r->noutputs + o];
            const char *lab = b->labels[j * r->noutputs + o];
            if (r->outputs[o].kind == ENT_SIM_CATEGORY) {
                if (isnan(v) ? lab != NULL : !lab || strcmp(lab, r->outputs[o].cat[(size_t)v].label)) c->mismatch = 6;
            } else if (lab || !same_double(b->values[j * r->noutputs + o], v)) c->mismatch = 7;
        }
        for (size_t l = 0; l < r->nlines; l++)
            if (!same_double(b->holds[j * r->nlines + l], r->holds[d * r->nlines + l])) c->mismatch = 8;
    }
    c->next = b->first + b->count;
    return ENT_OK;
}

static void sink_streams_the_table(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/simulate/uncertain.yaml", NULL, &err), ENT_OK);
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = 400;
    o.threads = 3;
    o.keep_draws = 1;
    ent_simulation_t ref, r;
    assert_int_equal(ent_simulate_run(&s, &o, &ref, &err), ENT_OK);
    sink_check_t c = {&ref, 0, 0, 0, 0, 0};
    o.keep_draws = 0;
    o.sink = (ent_sim_sink_t){check_heads, check_rows, &c};
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_OK);
    assert_int_equal(c.mismatch, 0);
    assert_int_equal(c.heads, 1);
    assert_true(c.batches >= 1);
    assert_int_equal(c.next, 400);
    assert_null(r.drawn);  /* streamed, not held */
    ent_buf_t b1 = ENT_BUF_INIT, b2 = ENT_BUF_INIT;
    assert_int_equal(ent_report_simulate(&s, &ref, ENT_OUTPUT_JSON, &b1), ENT_OK);
    assert_int_equal(ent_report_simulate(&s, &r, ENT_OUTPUT_JSON, &b2), ENT_OK);
    assert_string_equal(b1.data, b2.data);
    ent_buf_free(&b1);
    ent_buf_free(&b2);
    ent_simulation_destroy(&r);
    /* a sink that fails stops the run with its status and message */
    sink_check_t f = {&ref, 0, 0, 0, 0, 1};
    o.sink.user = &f;
    ent_error_t e = {0};
    assert_int_equal(ent_simulate_run(&s, &o, &r, &e), ENT_EIO);
    assert_non_null(strstr(e.msg, "the sink failed"));
    assert_null(r.outputs);
    ent_simulation_destroy(&ref);
    ent_scenario_destroy(&s);
}

/* The Sobol design run in two slices (sobol_first, sobol_count), their values put together
 * and aggregated: the report of one whole run, bit for bit (the MPI path). */
static void sobol_slices(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/simulate/uncertain.yaml", NULL, &err), ENT_OK);
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = 40;
    o.sobol = 15;
    o.threads = 2;
    o.keep_draws = 1;
    ent_simulation_t whole, a, b, again;
    assert_int_equal(ent_simulate_run(&s, &o, &whole, &err), ENT_OK);
    assert_true(whole.nsobol > 0);
    assert_null(whole.sobol_values);
    size_t rows = whole.sobol_runs, cut = rows / 3, no = whole.noutputs;
    o.sobol_first = 0;
    o.sobol_count = cut;
    assert_int_equal(ent_simulate_run(&s, &o, &a, &err), ENT_OK);
    o.sobol_first = cut;
    o.sobol_count = rows - cut;
    assert_int_equal(ent_simulate_run(&s, &o, &b, &err), ENT_OK);
    assert_int_equal(a.nsobol, 0);  /* a slice: values, no index */
    assert_int_equal(a.sobol_rows, cut);
    double *all = malloc(rows * no * sizeof *all);
    assert_non_null(all);
    for (size_t k = 0; k < no; k++) {
        memcpy(all + k * rows, a.sobol_values + k * cut, cut * sizeof *all);
        memcpy(all + k * rows + cut, b.sobol_values + k * (rows - cut), (rows - cut) * sizeof *all);
    }
    whole.sobol_values = all;  /* the table: whole's draws and the gathered design */
    whole.sobol_rows = rows;
    o.sobol_first = o.sobol_count = 0;
    assert_int_equal(ent_simulate_aggregate(&s, &o, &whole, &again, &err), ENT_OK);
    ent_buf_t b1 = ENT_BUF_INIT, b2 = ENT_BUF_INIT;
    assert_int_equal(ent_report_simulate(&s, &whole, ENT_OUTPUT_JSON, &b1), ENT_OK);
    assert_int_equal(ent_report_simulate(&s, &again, ENT_OUTPUT_JSON, &b2), ENT_OK);
    assert_non_null(strstr(b1.data, "\"sobol\""));
    assert_string_equal(b1.data, b2.data);
    /* a design of the wrong size is refused */
    ent_simulation_t bad;
    whole.sobol_rows = rows - 1;
    ent_error_t e = {0};
    assert_int_equal(ent_simulate_aggregate(&s, &o, &whole, &bad, &e), ENT_EINPUT);
    ent_buf_free(&b1);
    ent_buf_free(&b2);
    ent_simulation_destroy(&again);
    ent_simulation_destroy(&a);
    ent_simulation_destroy(&b);
    ent_simulation_destroy(&whole);  /* frees all */
    ent_scenario_destroy(&s);
}

/* Ishigami, f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3: the published indices
 * (Ishigami & Homma 1990; Saltelli et al. 2008, Global Sensitivity Analysis, §4.4):
 * S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437. */
static double ishigami(const double *x)
{
    return sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static void sobol_ishigami(void **state)
{
    (void)state;
    const size_t n = 40000, k = 3;
    double *fa = malloc(n * sizeof *fa), *fb = malloc(n * sizeof *fb), *fab = malloc(k * n * sizeof *fab);
    assert_non_null(fa);
    assert_non_null(fb);
    assert_non_null(fab);
    for (size_t d = 0; d < n; d++) {
        double a[3], b[3], m[3];
        for (size_t i = 0; i < k; i++) {
            a[i] = -M_PI + 2 * M_PI * ent_simulate_uniform(11, d, i);
            b[i] = -M_PI + 2 * M_PI * ent_simulate_uniform(11, n + d, i);
        }
        fa[d] = ishigami(a);
        fb[d] = ishigami(b);
        for (size_t i = 0; i < k; i++) {
            memcpy(m, a, sizeof m);
            m[i] = b[i];
            fab[i * n + d] = ishigami(m);
        }
    }
    ent_sim_index_t idx[3];
    double v;
    ent_error_t err = {0};
    assert_int_equal(ent_sobol_indices(n, k, fa, fb, fab, 3, 50, idx, &v, &err), ENT_OK);
    static const double s[3] = {0.3139, 0.4424, 0}, st[3] = {0.5576, 0.4424, 0.2437};
    within(v, 13.8446, 0.4, "variance of Ishigami");  /* a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 */
    for (size_t i = 0; i < k; i++) {
        assert_int_equal(idx[i].input, i);
        within(idx[i].first, s[i], 0.03, "Ishigami first-order index");
        within(idx[i].total, st[i], 0.03, "Ishigami total index");
        assert_true(idx[i].first_lo <= idx[i].first && idx[i].first <= idx[i].first_hi);
        assert_true(idx[i].total_lo <= idx[i].total && idx[i].total <= idx[i].total_hi);
    }
    free(fa);
    free(fb);
    free(fab);
}

/* Through the engine: the compromise of A uniform on [0, 100] and B uniform on [0, 50] with
 * equal weights is (xA + xB) / 2, additive: S_A = ST_A = 100^2 / (100^2 + 50^2) = 0.8 and
 * S_B = ST_B = 0.2; C's salience moves nothing the compromise reads. Same bits for 1 and 3
 * threads. */
static void sobol_additive(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, "entente: 1\nactors: [{id: A, capability: 1}, {id: B, capability: 1}, {id: C, capability: 1}]\n"
                  "issues: [{id: g}, {id: h}]\npositions:\n"
                  "  - {actor: A, issue: g, position: 50, salience: 1}\n"
                  "  - {actor: B, issue: g, position: 25, salience: 1}\n"
                  "  - {actor: C, issue: h, position: 25, salience: 0.5}\n"
                  "uncertainty:\n  values:\n"
                  "    A.g.position: {uniform: [0, 100]}\n    B.g.position: {uniform: [0, 50]}\n"
                  "    C.h.salience: {uniform: [0.1, 0.9]}\n");
    ent_simulation_t r[2];
    for (int t = 0; t < 2; t++) {
        ent_simulate_opts_t o;
        ent_simulate_opts_init(&o);
        o.draws = 10;
        o.sobol = 2000;
        o.bootstrap = 30;
        o.threads = t ? 3 : 1;
        ent_error_t err = {0};
        assert_int_equal(ent_simulate_run(&s, &o, &r[t], &err), ENT_OK);
    }
    assert_int_equal(r[0].sobol_inputs, 3);
    assert_int_equal(r[0].sobol_runs, 2000 * 5);
    const ent_sim_sobol_t *x = NULL;
    for (size_t k = 0; k < r[0].nsobol; k++)
        if (!strcmp(r[0].outputs[r[0].sobol[k].output].name, "forecast.compromise.g")) x = &r[0].sobol[k];
    assert_non_null(x);
    assert_string_equal(r[0].inputs[x->idx[0].input].name, "A.g.position");
    assert_string_equal(r[0].inputs[x->idx[1].input].name, "B.g.position");
    within(x->idx[0].first, 0.8, 0.06, "S_A");
    within(x->idx[0].total, 0.8, 0.06, "ST_A");
    within(x->idx[1].first, 0.2, 0.06, "S_B");
    within(x->idx[1].total, 0.2, 0.06, "ST_B");
    within(x->idx[2].total, 0, 1e-12, "ST_C");
    ent_buf_t b0 = ENT_BUF_INIT, b1 = ENT_BUF_INIT;
    assert_int_equal(ent_report_simulate(&s, &r[0], ENT_OUTPUT_JSON, &b0), ENT_OK);
    assert_int_equal(ent_report_simulate(&s, &r[1], ENT_OUTPUT_JSON, &b1), ENT_OK);
    assert_string_equal(b0.data, b1.data);
    ent_buf_free(&b0);
    ent_buf_free(&b1);
    ent_simulation_destroy(&r[0]);
    ent_simulation_destroy(&r[1]);
    ent_scenario_destroy(&s);
}

/* A correlated group: two normal positions with correlation 0.8 give drawn values with a
 * sample correlation near 0.8; two uniform laws with correlation 1 move in lockstep. */
static void correlated_groups(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, "entente: 1\nactors: [{id: A, capability: 1}, {id: B, capability: 1}, {id: C, capability: 1}, "
                  "{id: D, capability: 1}]\nissues: [{id: g}]\npositions:\n"
                  "  - {actor: A, issue: g, position: 50, salience: 1}\n"
                  "  - {actor: B, issue: g, position: 50, salience: 1}\n"
                  "  - {actor: C, issue: g, position: 20, salience: 1}\n"
                  "  - {actor: D, issue: g, position: 80, salience: 1}\n"
                  "uncertainty:\n  position: {sd: 10}\n  values:\n"
                  "    C.g.position: {uniform: [0, 40]}\n    D.g.position: {uniform: [60, 100]}\n"
                  "  correlated:\n"
                  "    - {values: [A.g.position, B.g.position], correlation: 0.8}\n"
                  "    - {values: [C.g.position, D.g.position], matrix: [[1, 1], [1, 1]]}\n");
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = 20000;
    o.forecasts = 0;
    o.keep_draws = 1;
    ent_simulation_t r;
    ent_error_t err = {0};
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_OK);
    assert_int_equal(r.ninputs, 4);
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = (double)o.draws;
    for (size_t d = 0; d < o.draws; d++) {
        double a = r.drawn[d * 4 + 0], b = r.drawn[d * 4 + 1], c = r.drawn[d * 4 + 2], e = r.drawn[d * 4 + 3];
        sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
        if (fabs((c - 0) / 40 - (e - 60) / 40) > 1e-9) {
            print_error("draw %zu: C %.17g and D %.17g do not move in lockstep\n", d, c, e);
            fail();
        }
    }
    double cov = sab / n - (sa / n) * (sb / n), rho = cov / sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
    within(rho, 0.8, 0.02, "sample correlation of A and B");
    within(r.inputs[0].sd, 10, 0.3, "sd of A (its own law kept)");
    within(r.inputs[2].mean, 20, 4 * 40 / sqrt(12.0) / sqrt(n), "mean of C (its own law kept)");
    ent_simulation_destroy(&r);
    /* the group survives YAML and JSON */
    for (int json = 0; json < 2; json++) {
        char *text = NULL;
        size_t len = 0;
        assert_int_equal(ent_scenario_emit(&s, json ? ENT_FMT_JSON : ENT_FMT_YAML, &text, &len, &err), ENT_OK);
        ent_scenario_t t;
        ent_scenario_init(&t);
        if (ent_scenario_load_mem(&t, "back", text, len, NULL, &err) != ENT_OK) print_error("%s\n%s\n", err.msg, text);
        assert_true(ent_scenario_equal(&s, &t, NULL, 0));
        t.uncertainty->groups[0].corr[1] = 0.5;
        assert_false(ent_scenario_equal(&s, &t, NULL, 0));
        ent_scenario_destroy(&t);
        free(text);
    }
    ent_scenario_destroy(&s);
}

/* first_draw: 40 draws then 60 from draw 40 are the draws of one run of 100. */
static void continued_run(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/simulate/correlated.yaml", NULL, &err), ENT_OK);
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.forecasts = 0;
    o.keep_draws = 1;
    ent_simulation_t a, b, whole;
    o.draws = 40;
    assert_int_equal(ent_simulate_run(&s, &o, &a, &err), ENT_OK);
    o.draws = 60;
    o.first_draw = 40;
    assert_int_equal(ent_simulate_run(&s, &o, &b, &err), ENT_OK);
    o.draws = 100;
    o.first_draw = 0;
    assert_int_equal(ent_simulate_run(&s, &o, &whole, &err), ENT_OK);
    size_t k = whole.ninputs;
    assert_memory_equal(whole.drawn, a.drawn, 40 * k * sizeof *a.drawn);
    assert_memory_equal(whole.drawn + 40 * k, b.drawn, 60 * k * sizeof *b.drawn);
    ent_simulation_destroy(&a);
    ent_simulation_destroy(&b);
    ent_simulation_destroy(&whole);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generator),
        cmocka_unit_test(compromise_of_uniforms),
        cmocka_unit_test(flag_known_probability),
        cmocka_unit_test(laws),
        cmocka_unit_test(threads_same_bits),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(overrides),
        cmocka_unit_test(limits),
        cmocka_unit_test(interrupted),
        cmocka_unit_test(aggregate_again),
        cmocka_unit_test(sink_streams_the_table),
        cmocka_unit_test(sobol_slices),
        cmocka_unit_test(sobol_ishigami),
        cmocka_unit_test(sobol_additive),
        cmocka_unit_test(correlated_groups),
        cmocka_unit_test(continued_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
