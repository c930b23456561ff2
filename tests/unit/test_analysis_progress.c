/* SPDX-License-Identifier: MIT */
/* test_analysis_progress.c — progress and interruption of the long-running analyses
 * (ent_guarantee_analyze, ent_proposals_analyze, ent_sequence_analyze, ent_analyze_run;
 * entente/core.h ent_progress_t). For each call: a counting callback that never stops sees
 * ticks (a phase name, done <= total when total is known) and leaves the result exactly as
 * a run without a callback; a callback that asks to stop at its k-th tick (k = 1, 2, the
 * middle and the last tick of the counted run) gets ENT_EINTR, an error record with that
 * status, and a result that is all zero (destroyed, never partial). Scenarios: the flagship
 * examples/ukraine-guarantees.yaml, and a 10-step ring whose drop set needs branch and bound.
 * Run from the repository root (as scripts/unit.sh does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

static void load_file(ent_scenario_t *s, const char *path)
{
    ent_error_t err = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load(s, path, &lo, &err);
    
    if (st != ENT_OK) print_error("load %s: %s\n", path, err.msg);
    assert_int_equal(st, ENT_OK);
}

/* A ring of 10 steps, step i requiring steps i+1 and i+3 (mod 10), each link insisted on
 * by X with its own salience: one component with 20 candidate links, solved exactly. */
static void load_ring(ent_scenario_t *s)
{
    char y[4096];
    size_t k = (size_t)snprintf(y, sizeof y, "entente: 1\nsalience_scale: 100\nactors:\n  - {id: X, capability: 10}\nsteps:\n");
    for (int i = 0; i < 10; i++)
        k += (size_t)snprintf(y + k, sizeof y - k,
                              "  - id: s%d\n    requires:\n"
                              "      - {step: s%d, insisted_by: [{actor: X, salience: %d}]}\n"
                              "      - {step: s%d, insisted_by: [{actor: X, salience: %d}]}\n",
                              i, (i + 1) % 10, 10 + (7 * i) % 90, (i + 3) % 10, 15 + (11 * i) % 80);
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "ring.yaml", y, strlen(y), NULL, &err);
    if (st != ENT_OK) print_error("ring: %s:%d:%d: %s\n", err.file, err.line, err.col, err.msg);
    assert_int_equal(st, ENT_OK);
}

/* ---- the callback */

typedef struct {
    long ticks;       /* ticks seen */
    long stop_at;     /* return 1 at this tick (0 = never) */
    long bnb_ticks;   /* ticks from the sequencing's branch and bound (done >= 256, total 0) */
    long first_bnb;   /* the number of the first of them */
    int bad;          /* a tick broke the contract */
} counter_t;

static int count_tick(void *user, const char *phase, double done, double total)
{
    counter_t *c = user;
    c->ticks++;
    if (!phase || !phase[0] || done < 0 || total < 0 || (total > 0 && done > total)) c->bad = 1;
    if (phase && !strcmp(phase, "sequence") && total == 0 && done >= 256 && !c->bnb_ticks++) c->first_bnb = c->ticks;
    return c->stop_at > 0 && c->ticks >= c->stop_at;
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i]) return 0;
    return 1;
}

/* One analysis behind a common signature: run with progress p into *out (sized n). */
typedef ent_status_t (*run_fn)(const ent_scenario_t *s, const ent_progress_t *p, void *out, ent_error_t *err);
typedef void (*destroy_fn)(void *out);
typedef void (*render_fn)(const ent_scenario_t *s, const void *out, ent_buf_t *b);

/* Count the ticks of an uninterrupted run (checking that its rendering equals a run
 * without a callback), then interrupt at k = 1, 2, middle, last. Returns the count. */
static long check_call(const ent_scenario_t *s, run_fn run, destroy_fn destroy, render_fn render, size_t size)
{
    void *out = malloc(size);
    ent_buf_t plain = ENT_BUF_INIT, counted = ENT_BUF_INIT;
    ent_error_t err = {0};
    ent_progress_t none = {0};
    assert_int_equal(run(s, &none, out, &err), ENT_OK);
    render(s, out, &plain);
    destroy(out);

    counter_t c = {0};
    ent_progress_t p = {count_tick, &c};
    assert_int_equal(run(s, &p, out, &err), ENT_OK);
    assert_int_equal(c.bad, 0);
    assert_true(c.ticks >= 2);
    render(s, out, &counted);
    assert_string_equal(plain.data, counted.data);   /* watching does not change the answer */
    destroy(out);
    long n = c.ticks;

    const long ks[4] = {1, 2, n / 2 > 0 ? n / 2 : 1, n};
    for (int i = 0; i < 4; i++) {
        counter_t ci = {0, ks[i], 0, 0, 0};
        ent_progress_t pi = {count_tick, &ci};
        ent_error_t e = {0};
        memset(out, 0xA5, size);
        assert_int_equal(run(s, &pi, out, &e), ENT_EINTR);
        assert_int_equal(e.status, ENT_EINTR);
        assert_non_null(strstr(e.msg, "interrupted"));
        assert_int_equal(ci.ticks, ks[i]);   /* it stopped at the tick that asked */
        assert_true(all_zero(out, size));    /* destroyed, never partial */
        destroy(out);                        /* and destroying it again is harmless */
    }
    ent_buf_free(&plain);
    ent_buf_free(&counted);
    free(out);
    return n;
}

/* ---- the four calls */

static ent_status_t run_guarantee(const ent_scenario_t *s, const ent_progress_t *p, void *out, ent_error_t *err)
{
    ent_guarantee_opts_t o;
    ent_guarantee_opts_init(&o);
    o.progress = *p;
    return ent_guarantee_analyze(s, &o, out, err);
}
static void destroy_guarantee(void *out) { ent_guarantee_destroy(out); }
static void render_guarantee(const ent_scenario_t *s, const void *out, ent_buf_t *b)
{
    assert_int_equal(ent_report_guarantee(s, out, ENT_OUTPUT_JSON, b), ENT_OK);
}

static ent_status_t run_proposals(const ent_scenario_t *s, const ent_progress_t *p, void *out, ent_error_t *err)
{
    ent_proposals_opts_t o;
    ent_proposals_opts_init(&o);
    o.progress = *p;
    return ent_proposals_analyze(s, &o, out, err);
}
static void destroy_proposals(void *out) { ent_proposals_destroy(out); }
static void render_proposals(const ent_scenario_t *s, const void *out, ent_buf_t *b)
{
    assert_int_equal(ent_report_proposals(s, out, ENT_OUTPUT_JSON, b), ENT_OK);
}

static ent_status_t run_sequence(const ent_scenario_t *s, const ent_progress_t *p, void *out, ent_error_t *err)
{
    ent_sequence_opts_t o;
    ent_sequence_opts_init(&o);
    o.progress = *p;
    return ent_sequence_analyze(s, &o, out, err);
}
static void destroy_sequence(void *out) { ent_sequence_destroy(out); }
static void render_sequence(const ent_scenario_t *s, const void *out, ent_buf_t *b)
{
    assert_int_equal(ent_report_sequence(s, out, ENT_OUTPUT_JSON, b), ENT_OK);
}

static ent_status_t run_analyze(const ent_scenario_t *s, const ent_progress_t *p, void *out, ent_error_t *err)
{
    ent_analyze_opts_t o;
    ent_analyze_opts_init(&o);
    o.forecasts = 0;  /* the forecast models take no callback yet; the rest is all ticked */
    o.progress = *p;
    return ent_analyze_run(s, &o, out, err);
}
static void destroy_analyze(void *out) { ent_analyze_destroy(out); }
static void render_analyze(const ent_scenario_t *s, const void *out, ent_buf_t *b)
{
    assert_int_equal(ent_report_analyze(s, out, ENT_OUTPUT_JSON, b), ENT_OK);
}

/* Guarantee: one tick per rule (6 rules in the flagship). */
static void test_guarantee(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    long n = check_call(&s, run_guarantee, destroy_guarantee, render_guarantee, sizeof(ent_guarantee_t));
    assert_int_equal(n, (long)s.nrules);
    ent_scenario_destroy(&s);
}

/* Proposals: one tick per proposal and one per distinct rule's win-set. */
static void test_proposals(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    ent_proposals_t r;
    ent_error_t err = {0};
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    long expect = (long)(s.nproposals + r.nwinsets);
    ent_proposals_destroy(&r);
    long n = check_call(&s, run_proposals, destroy_proposals, render_proposals, sizeof(ent_proposals_t));
    assert_int_equal(n, expect);
    ent_scenario_destroy(&s);
}

/* Sequencing: the flagship (stages, cycle listing), and the ring, whose branch and bound
 * ticks every 256 nodes and can be stopped there. */
static void test_sequence(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    long n = check_call(&s, run_sequence, destroy_sequence, render_sequence, sizeof(ent_sequence_t));
    assert_true(n >= (long)s.nsteps);  /* at least one tick per start vertex of the cycle listing */
    ent_scenario_destroy(&s);

    load_ring(&s);
    check_call(&s, run_sequence, destroy_sequence, render_sequence, sizeof(ent_sequence_t));
    counter_t c = {0};
    ent_progress_t p = {count_tick, &c};
    ent_sequence_t q;
    ent_error_t err = {0};
    assert_int_equal(run_sequence(&s, &p, &q, &err), ENT_OK);
    assert_int_equal(q.drop_exact, 1);
    assert_true(c.bnb_ticks > 0);
    ent_sequence_destroy(&q);
    /* stop at the first branch-and-bound tick */
    counter_t c2 = {0, c.first_bnb, 0, 0, 0};
    ent_progress_t p2 = {count_tick, &c2};
    assert_int_equal(run_sequence(&s, &p2, &q, &err), ENT_EINTR);
    assert_int_equal(c2.bnb_ticks, 1);
    assert_true(all_zero(&q, sizeof q));
    ent_scenario_destroy(&s);
}

/* analyze: its own ticks (stages, sensitivity reruns) plus those of the calls it makes. */
static void test_analyze(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    long n = check_call(&s, run_analyze, destroy_analyze, render_analyze, sizeof(ent_analyze_t));
    assert_true(n > (long)(s.nrules + s.nsteps));
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guarantee),
        cmocka_unit_test(test_proposals),
        cmocka_unit_test(test_sequence),
        cmocka_unit_test(test_analyze),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
