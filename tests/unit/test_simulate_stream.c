/* SPDX-License-Identifier: MIT */
/* test_simulate_stream.c — `entente simulate` above its exact limit (entente/simulate.h
 * ent_simulate_opts_t.exact_limit, docs/analyses.md §6): the draws aggregated block by block
 * and dropped, the quantiles from the summary of src/analysis/quantile.h. The limit is
 * lowered (64 draws) so that a few thousand draws reach that path:
 *   - the same bits for 1, 2 and 3 threads;
 *   - against the exact run of the same draws: the same n, mean (the same sum in draw order),
 *     flag counts, frequency tables, summary lines and inputs; sd within 1e-9 relative; each
 *     estimated quantile between the exact order statistics of ranks floor(h) + 1 - E and
 *     floor(h) + 2 + E (E = the output's q_error), and q_error 0 in the exact run;
 *   - the kept table (keep_draws) equal to the exact run's, categories included, and its
 *     re-aggregation (ent_simulate_aggregate: `--from`, MPI's rank 0) the same bits;
 *   - a sink gets every draw, in order, in batches whose first draws follow without a gap;
 *   - a stop asked by the progress callback stops the blocks still to come (ENT_EINTR, the
 *     sink holding a prefix of the draws, fewer than all);
 *   - an exact limit of 0 refused.
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

#define DATA "tests/data/simulate/uncertain.yaml"
enum { DRAWS = 2500, LIMIT = 64 };

static void load(ent_scenario_t *s)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load(s, DATA, NULL, &err);
    if (st != ENT_OK) print_error("%s:%d:%d: %s\n", DATA, err.line, err.col, err.msg);
    assert_int_equal(st, ENT_OK);
}

static void run(const ent_scenario_t *s, size_t limit, unsigned threads, int keep, ent_simulation_t *r)
{
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = DRAWS;
    o.seed = 11;
    o.threads = threads;
    o.exact_limit = limit;
    o.keep_draws = keep;
    ent_error_t err = {0};
    ent_status_t st = ent_simulate_run(s, &o, r, &err);
    if (st != ENT_OK) print_error("%s\n", err.msg);
    assert_int_equal(st, ENT_OK);
}

static void same_double(double a, double b, const char *what, const char *name)
{
    if (memcmp(&a, &b, sizeof a) && !(isnan(a) && isnan(b)))
        fail_msg("%s of %s: %.17g against %.17g", what, name, a, b);
}

/* Every aggregate bit for bit (sd too when sd_exact). */
static void same_result(const ent_simulation_t *a, const ent_simulation_t *b, int sd_exact)
{
    assert_int_equal(a->noutputs, b->noutputs);
    assert_int_equal(a->nlines, b->nlines);
    assert_int_equal(a->ninputs, b->ninputs);
    for (size_t o = 0; o < a->noutputs; o++) {
        const ent_sim_output_t *x = &a->outputs[o], *y = &b->outputs[o];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->n, y->n);
        assert_int_equal(x->count, y->count);
        same_double(x->mean, y->mean, "mean", x->name);
        if (sd_exact) same_double(x->sd, y->sd, "sd", x->name);
        else if (!isnan(x->sd)) assert_true(fabs(x->sd - y->sd) <= 1e-9 * (fabs(y->sd) + 1e-300));
        same_double(x->p, y->p, "p", x->name);
        same_double(x->lo, y->lo, "lo", x->name);
        same_double(x->hi, y->hi, "hi", x->name);
        assert_int_equal(x->ncat, y->ncat);
        for (size_t c = 0; c < x->ncat; c++) {
            assert_string_equal(x->cat[c].label, y->cat[c].label);
            assert_int_equal(x->cat[c].count, y->cat[c].count);
        }
    }
    for (size_t l = 0; l < a->nlines; l++) {
        assert_int_equal(a->lines[l].count, b->lines[l].count);
        same_double(a->lines[l].p, b->lines[l].p, "line p", "line");
    }
    for (size_t k = 0; k < a->ninputs; k++) {
        same_double(a->inputs[k].mean, b->inputs[k].mean, "input mean", a->inputs[k].name);
        same_double(a->inputs[k].sd, b->inputs[k].sd, "input sd", a->inputs[k].name);
    }
}

static void same_quantiles(const ent_simulation_t *a, const ent_simulation_t *b)
{
    for (size_t o = 0; o < a->noutputs; o++) {
        assert_int_equal(a->outputs[o].q_error, b->outputs[o].q_error);
        for (int k = 0; k < 5; k++) same_double(a->outputs[o].q[k], b->outputs[o].q[k], "quantile", a->outputs[o].name);
    }
}

static void threads(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s);
    ent_simulation_t r1, r2, r3;
    run(&s, LIMIT, 1, 0, &r1);
    run(&s, LIMIT, 2, 0, &r2);
    run(&s, LIMIT, 3, 0, &r3);
    size_t estimated = 0;
    for (size_t o = 0; o < r1.noutputs; o++) estimated += r1.outputs[o].q_error > 0;
    assert_true(estimated >= 5);  /* the path under test was taken */
    assert_int_equal(r1.exact_limit, LIMIT);
    same_result(&r1, &r2, 1);
    same_result(&r1, &r3, 1);
    same_quantiles(&r1, &r2);
    same_quantiles(&r1, &r3);
    ent_simulation_destroy(&r1);
    ent_simulation_destroy(&r2);
    ent_simulation_destroy(&r3);
    ent_scenario_destroy(&s);
}

static int cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static void against_exact(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s);
    ent_simulation_t ex, st;
    run(&s, ENT_SIMULATE_EXACT_DRAWS, 2, 1, &ex);
    run(&s, LIMIT, 2, 1, &st);
    same_result(&st, &ex, 0);
    /* the kept tables: the same draws, categories numbered alike */
    assert_memory_equal(st.drawn, ex.drawn, DRAWS * ex.ninputs * sizeof(double));
    for (size_t i = 0; i < DRAWS * ex.noutputs; i++) same_double(st.values[i], ex.values[i], "value", "table");
    assert_memory_equal(st.holds, ex.holds, DRAWS * ex.nlines * sizeof(double));
    static const double P[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    double *col = malloc(DRAWS * sizeof *col);
    assert_non_null(col);
    for (size_t o = 0; o < ex.noutputs; o++) {
        const ent_sim_output_t *x = &st.outputs[o];
        assert_int_equal(ex.outputs[o].q_error, 0);
        if (x->kind != ENT_SIM_NUMBER || !x->n) continue;
        size_t n = 0;
        for (size_t d = 0; d < DRAWS; d++)
            if (!isnan(ex.values[d * ex.noutputs + o])) col[n++] = ex.values[d * ex.noutputs + o];
        assert_int_equal(n, x->n);
        qsort(col, n, sizeof *col, cmp);
        long long e = (long long)x->q_error;
        for (int k = 0; k < 5; k++) {
            long long j = (long long)((double)(n - 1) * P[k]), lo = j - e, hi = j + 1 + e;
            if (lo < 0) lo = 0;
            if (hi > (long long)n - 1) hi = (long long)n - 1;
            if (!(col[lo] <= x->q[k] && x->q[k] <= col[hi]))
                fail_msg("%s q%d: %.17g outside [%.17g, %.17g] (E %lld)", x->name, k, x->q[k], col[lo], col[hi], e);
            if (!e) same_double(x->q[k], ex.outputs[o].q[k], "quantile", x->name);
        }
    }
    free(col);
    /* the kept table aggregated again (--from, MPI): the streamed run's bits */
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = DRAWS;
    o.seed = 11;
    o.exact_limit = LIMIT;
    ent_simulation_t ag;
    ent_error_t err = {0};
    assert_int_equal(ent_simulate_aggregate(&s, &o, &st, &ag, &err), ENT_OK);
    same_result(&ag, &st, 1);
    same_quantiles(&ag, &st);
    for (size_t i = 0; i < DRAWS * ex.noutputs; i++) same_double(ag.values[i], st.values[i], "value", "re-aggregated");
    ent_simulation_destroy(&ag);
    ent_simulation_destroy(&ex);
    ent_simulation_destroy(&st);
    ent_scenario_destroy(&s);
}

typedef struct {
    size_t next, batches, nout;
    const ent_simulation_t *ref;
    int bad;
} sink_state_t;

static ent_status_t heads(void *user, const ent_simulation_t *h, ent_error_t *err)
{
    (void)err;
    ((sink_state_t *)user)->nout = h->noutputs;
    return ENT_OK;
}

static ent_status_t rows(void *user, const ent_sim_rows_t *r, ent_error_t *err)
{
    (void)err;
    sink_state_t *ss = user;
    if (r->first != ss->next || r->noutputs != ss->nout) ss->bad = 1;
    for (size_t j = 0; j < r->count && !ss->bad; j++)
        for (size_t k = 0; k < r->ninputs; k++)
            if (r->drawn[j * r->ninputs + k] != ss->ref->drawn[(r->first + j) * r->ninputs + k]) ss->bad = 2;
    for (size_t j = 0; j < r->count && !ss->bad; j++)
        for (size_t o = 0; o < r->noutputs; o++) {
            double v = r->values[j * r->noutputs + o], w = ss->ref->values[(r->first + j) * r->noutputs + o];
            if (ss->ref->outputs[o].kind == ENT_SIM_CATEGORY) {
                const char *lab = r->labels[j * r->noutputs + o];
                if (isnan(w) != !lab || (lab && strcmp(lab, ss->ref->outputs[o].cat[(size_t)w].label))) ss->bad = 3;
            } else if (memcmp(&v, &w, sizeof v) && !(isnan(v) && isnan(w))) ss->bad = 4;
        }
    ss->next += r->count;
    ss->batches++;
    return ENT_OK;
}

static void sink(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s);
    ent_simulation_t ref, r;
    run(&s, ENT_SIMULATE_EXACT_DRAWS, 1, 1, &ref);
    sink_state_t ss = {0, 0, 0, &ref, 0};
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = DRAWS;
    o.seed = 11;
    o.threads = 2;
    o.exact_limit = LIMIT;
    o.sink = (ent_sim_sink_t){heads, rows, &ss};
    ent_error_t err = {0};
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_OK);
    assert_int_equal(ss.bad, 0);
    assert_int_equal(ss.next, DRAWS);
    assert_true(ss.batches >= DRAWS / LIMIT);  /* at least one batch per block */
    ent_simulation_destroy(&r);
    o.exact_limit = 0;
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_EINVAL);
    ent_simulation_destroy(&ref);
    ent_scenario_destroy(&s);
}

static int stop_late(void *user, const char *phase, double done, double total)
{
    (void)user; (void)phase; (void)total;
    return done >= 200;
}

static void interrupted(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s);
    ent_simulation_t ref, r;
    run(&s, ENT_SIMULATE_EXACT_DRAWS, 1, 1, &ref);
    sink_state_t ss = {0, 0, 0, &ref, 0};
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = DRAWS;
    o.seed = 11;
    o.threads = 2;
    o.exact_limit = LIMIT;
    o.sink = (ent_sim_sink_t){heads, rows, &ss};
    o.progress.fn = stop_late;
    ent_error_t err = {0};
    assert_int_equal(ent_simulate_run(&s, &o, &r, &err), ENT_EINTR);
    assert_null(r.outputs);
    assert_int_equal(ss.bad, 0);
    assert_true(ss.next >= 200 && ss.next < DRAWS);
    ent_simulation_destroy(&ref);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads),
        cmocka_unit_test(against_exact),
        cmocka_unit_test(sink),
        cmocka_unit_test(interrupted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
