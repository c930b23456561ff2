/* SPDX-License-Identifier: MIT */
/* test_forecast_progress.c — progress and interruption of the forecast engine, the SMP and
 * exchange kernels, and validation (ent_progress_t, entente/core.h).
 *
 * Counts: every model ticks once per issue (phase = its name, done = 1..I, total = I) from
 * the calling thread; exchange, which runs the issues jointly, once per round; smp also once
 * per round of every issue ("smp round"); validation once per model ("validate").
 * Interruption: a callback that returns non-zero at the k-th tick makes the call return
 * ENT_EINTR with err set and the result destroyed (all-zero), for every model, the kernels,
 * ent_forecast_run_each and ent_validation_run. Data: examples/ukraine-guarantees.yaml
 * (13 actors, 5 issues) and tests/data/forecast/deu-mini.tsv.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

/* What the callback saw. stop_at > 0: return 1 at that tick (1-based). */
typedef struct {
    int calls;
    int stop_at;
    char phase[64][32];
    double done[64], total[64];
    int other_thread;
    pthread_t self;
} rec_t;

static int record(void *user, const char *phase, double done, double total)
{
    rec_t *r = user;
    if (!pthread_equal(pthread_self(), r->self)) r->other_thread = 1;
    if (r->calls < 64) {
        snprintf(r->phase[r->calls], sizeof r->phase[0], "%s", phase);
        r->done[r->calls] = done;
        r->total[r->calls] = total;
    }
    r->calls++;
    return r->stop_at > 0 && r->calls >= r->stop_at;
}

static void rec_init(rec_t *r, int stop_at)
{
    memset(r, 0, sizeof *r);
    r->stop_at = stop_at;
    r->self = pthread_self();
}

static int count_phase(const rec_t *r, const char *phase)
{
    int n = 0;
    for (int k = 0; k < r->calls && k < 64; k++) n += !strcmp(r->phase[k], phase);
    return n;
}

static int setup(void **state)
{
    ent_scenario_t *s = malloc(sizeof *s);
    ent_scenario_init(s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load(s, "tests/data/analysis/ukraine-flagship-v1.yaml", &lo, &e) != ENT_OK) {
        
        free(s);
        return -1;
    }
    
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    ent_scenario_destroy(*state);
    free(*state);
    return 0;
}

static void assert_empty(const ent_forecast_t *f)
{
    assert_null(f->model);
    assert_null(f->outcome);
    assert_null(f->why);
    assert_null(f->tracks);
    assert_null(f->trace);
    assert_int_equal(f->nissues, 0);
}

/* Every issue-by-issue model ticks once per issue, in order, from the calling thread. */
static void counts_per_issue(void **state)
{
    const ent_scenario_t *s = *state;
    assert_int_equal(s->nissues, 5);
    static const char *const models[] = {"compromise", "median", "nash", "bdm", "smp"};
    for (size_t m = 0; m < 5; m++) {
        rec_t r;
        rec_init(&r, 0);
        ent_forecast_opts_t o;
        ent_forecast_opts_init(&o);
        o.progress.fn = record;
        o.progress.user = &r;
        ent_forecast_t f;
        ent_forecast_init(&f);
        ent_error_t e = {0};
        assert_int_equal(ent_forecast_run(s, models[m], &o, &f, &e), ENT_OK);
        assert_int_equal(count_phase(&r, models[m]), 5);
        int k = 0;
        for (int c = 0; c < r.calls; c++) {
            if (strcmp(r.phase[c], models[m]) != 0) continue;
            k++;
            assert_true(r.done[c] == k);
            assert_true(r.total[c] == 5);
        }
        assert_false(r.other_thread);
        if (!strcmp(models[m], "smp")) {
            /* and once per round of every issue */
            int rounds = 0;
            for (size_t i = 0; i < 5; i++) rounds += (int)f.tracks[i].nstates - 1;
            assert_int_equal(count_phase(&r, "smp round"), rounds);
            assert_int_equal(r.calls, rounds + 5);
        } else {
            assert_int_equal(r.calls, 5);
        }
        ent_forecast_destroy(&f);
    }
}

/* exchange runs every issue at once: one tick per round. */
static void counts_exchange(void **state)
{
    const ent_scenario_t *s = *state;
    rec_t r;
    rec_init(&r, 0);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    o.rounds = 7;
    o.progress.fn = record;
    o.progress.user = &r;
    ent_forecast_t f;
    ent_forecast_init(&f);
    ent_error_t e = {0};
    assert_int_equal(ent_forecast_run(s, "exchange", &o, &f, &e), ENT_OK);
    assert_int_equal(r.calls, 7);
    for (int c = 0; c < 7; c++) {
        assert_string_equal(r.phase[c], "exchange");
        assert_true(r.done[c] == c + 1);
        assert_true(r.total[c] == 7);
    }
    ent_forecast_destroy(&f);
}

/* A stop at tick k: ENT_EINTR, the message says so, the result is destroyed, no tick after. */
static void interrupt_every_model(void **state)
{
    const ent_scenario_t *s = *state;
    const char *const *names = ent_forecast_models();
    for (size_t m = 0; names[m]; m++)
        for (int stop = 1; stop <= 3; stop++) {
            rec_t r;
            rec_init(&r, stop);
            ent_forecast_opts_t o;
            ent_forecast_opts_init(&o);
            o.trace = 1;
            o.progress.fn = record;
            o.progress.user = &r;
            ent_forecast_t f;
            ent_forecast_init(&f);
            ent_error_t e = {0};
            assert_int_equal(ent_forecast_run(s, names[m], &o, &f, &e), ENT_EINTR);
            assert_int_equal(e.status, ENT_EINTR);
            assert_non_null(strstr(e.msg, "interrupted"));
            assert_int_equal(r.calls, stop);
            assert_empty(&f);
            ent_forecast_destroy(&f); /* still safe */
        }
}

/* A result filled by an earlier run is emptied, not left half-overwritten. */
static void interrupt_refills_nothing(void **state)
{
    const ent_scenario_t *s = *state;
    ent_forecast_t f;
    ent_forecast_init(&f);
    ent_error_t e = {0};
    assert_int_equal(ent_forecast_run(s, "median", NULL, &f, &e), ENT_OK);
    assert_non_null(f.outcome);
    rec_t r;
    rec_init(&r, 2);
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    o.progress.fn = record;
    o.progress.user = &r;
    assert_int_equal(ent_forecast_run(s, "bdm", &o, &f, &e), ENT_EINTR);
    assert_empty(&f);
    /* issue by issue: the interruption is an error, not a refusal */
    rec_init(&r, 3);
    ent_error_clear(&e);
    size_t refused = 99;
    assert_int_equal(ent_forecast_run_each(s, "compromise", &o, &f, &refused, &e), ENT_EINTR);
    assert_int_equal(r.calls, 3);
    assert_empty(&f);
}

/* The kernels on their own: smp (fast and naive) and exchange stop after the given round. */
static void interrupt_kernels(void **state)
{
    (void)state;
    double cap[4] = {10, 20, 15, 5}, x[8] = {0.1, 0.2, 0.5, 0.6, 0.9, 0.1, 0.7, 0.9},
           sal[8] = {0.3, 0.3, 0.6, 0.2, 0.5, 0.4, 0.2, 0.1};
    ent_smp_input_t in = {4, 2, cap, x, sal};
    for (int naive = 0; naive <= 1; naive++) {
        ent_smp_opts_t o;
        ent_smp_opts_init(&o);
        o.naive = naive;
        rec_t r;
        rec_init(&r, 0);
        o.progress.fn = record;
        o.progress.user = &r;
        ent_smp_result_t res;
        assert_int_equal(ent_smp_solve(&in, &o, 0, &res, NULL), ENT_OK);
        assert_int_equal(r.calls, (int)res.nstates - 1);
        assert_true(r.calls >= 2);
        assert_string_equal(r.phase[0], "smp round");
        assert_true(r.total[0] == 100);
        ent_smp_result_destroy(&res);
        rec_init(&r, 2);
        ent_error_t e = {0};
        assert_int_equal(ent_smp_solve(&in, &o, 0, &res, &e), ENT_EINTR);
        assert_int_equal(r.calls, 2);
        assert_null(res.x);
        assert_int_equal(res.nstates, 0);
    }
    /* with worker threads (>= 128 actors use the pool): ticks still come from the caller */
    {
        enum { N = 130 };
        static double bc[N], bx[N], bs[N];
        uint64_t z = 12345;
        for (size_t a = 0; a < N; a++) {
            z = z * 6364136223846793005ULL + 1442695040888963407ULL;
            bc[a] = 1.0 + (double)(z >> 40) / 16777216.0 * 99.0;
            bx[a] = (double)((z >> 20) & 1023) / 1023.0;
            bs[a] = 0.1 + 0.9 * (double)((z >> 8) & 255) / 255.0;
        }
        ent_smp_input_t big = {N, 1, bc, bx, bs};
        ent_smp_opts_t o;
        ent_smp_opts_init(&o);
        o.threads = 2;
        rec_t r;
        rec_init(&r, 0);
        o.progress.fn = record;
        o.progress.user = &r;
        ent_smp_result_t res;
        assert_int_equal(ent_smp_solve(&big, &o, 2, &res, NULL), ENT_OK);
        assert_int_equal(r.calls, (int)res.nstates - 1);
        assert_true(r.calls >= 1);
        assert_true(r.total[0] == 2);
        assert_false(r.other_thread);
        ent_smp_result_destroy(&res);
    }
    /* exchange: two actors on opposite sides of two issues trade; stop after round 1 */
    double ex[4] = {0, 100, 100, 0}, es[4] = {0.9, 0.2, 0.2, 0.9}, ep[4] = {1, 1, 1, 1};
    ent_exchange_input_t ein = {2, 2, ex, es, ep, NULL, NULL};
    ent_exchange_opts_t eo;
    ent_exchange_opts_init(&eo);
    rec_t r;
    rec_init(&r, 1);
    eo.progress.fn = record;
    eo.progress.user = &r;
    ent_exchange_result_t er;
    ent_error_t e = {0};
    assert_int_equal(ent_exchange_solve(&ein, &eo, &er, &e), ENT_EINTR);
    assert_int_equal(r.calls, 1);
    assert_null(er.outcome);
}

/* Validation: one tick per model ("validate"), and the models' own ticks per issue. */
static void validation_progress(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/forecast/deu-mini.tsv", &lo, &e), ENT_OK);
    
    ent_validation_opts_t o;
    ent_validation_opts_init(&o);
    o.models = "compromise,median,bdm";
    rec_t r;
    rec_init(&r, 0);
    o.progress.fn = record;
    o.progress.user = &r;
    ent_validation_t v;
    ent_validation_init(&v);
    assert_int_equal(ent_validation_run(&s, &o, &v, &e), ENT_OK);
    assert_int_equal(count_phase(&r, "validate"), 3);
    /* 3 counted issues per model */
    assert_int_equal(v.nissues, 3);
    assert_int_equal(count_phase(&r, "compromise"), 3);
    assert_int_equal(count_phase(&r, "bdm"), 3);
    assert_int_equal(r.calls, 12);
    /* stop at the second model's end: EINTR and an empty result */
    rec_init(&r, 8);
    assert_int_equal(ent_validation_run(&s, &o, &v, &e), ENT_EINTR);
    assert_int_equal(r.calls, 8);
    assert_string_equal(r.phase[7], "validate");
    assert_null(v.models);
    assert_null(v.forecast);
    assert_int_equal(v.nmodels, 0);
    ent_validation_destroy(&v);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_per_issue),
        cmocka_unit_test(counts_exchange),
        cmocka_unit_test(interrupt_every_model),
        cmocka_unit_test(interrupt_refills_nothing),
        cmocka_unit_test(interrupt_kernels),
        cmocka_unit_test(validation_progress),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
