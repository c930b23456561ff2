/* SPDX-License-Identifier: MIT */
/* test_game_progress.c — ent_power_opts_t.progress (src/game/enum.c, wdp.c, mc.c, power.c): the
 * callback is ticked from the calling thread between work units (enumeration: about every
 * 2^16 coalitions of each pass; generating functions: after each player's pass, at most
 * every 2^16 DP steps; Monte Carlo: every 1024 samples of the calling thread, counting
 * those of every thread), with done <= total and the phase
 * names documented in entente/game.h; ticking changes no result; a callback that asks to
 * stop gets ENT_EINTR, an empty result and no further ticks, for every method. The same for
 * ent_game_query (counting and listing minimal coalitions).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int ticks;
    int stop_at;            /* return non-zero on this tick (0: never) */
    int bad_order;          /* done decreased within a phase, or exceeded a known total */
    double last_done, total;
    char phases[8][16];
    int nphases;
} counter_t;

static int count_tick(void *user, const char *phase, double done, double total)
{
    counter_t *c = user;
    c->ticks++;
    if (!c->nphases || strcmp(c->phases[c->nphases - 1], phase)) {
        if (c->nphases < 8) snprintf(c->phases[c->nphases++], sizeof c->phases[0], "%s", phase);
        c->last_done = 0;
    }
    if (done < c->last_done || (total > 0 && done > total * (1 + 1e-9))) c->bad_order = 1;
    c->last_done = done;
    c->total = total;
    return c->stop_at && c->ticks >= c->stop_at;
}

static int has_phase(const counter_t *c, const char *phase)
{
    for (int i = 0; i < c->nphases; i++)
        if (!strcmp(c->phases[i], phase)) return 1;
    return 0;
}

static ent_game_t *text_game(const char *txt)
{
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_text(txt, &g, &e), ENT_OK);
    return g;
}

/* Every computed figure of a and b is the same (exact strings, or doubles bit for bit). */
static void assert_same(const ent_power_t *a, const ent_power_t *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->computed, b->computed);
    assert_int_equal(a->is_exact, b->is_exact);
    for (int i = 0; i < ENT_IDX_COUNT; i++) {
        if (!(a->computed & (1u << i))) continue;
        for (size_t k = 0; k < a->n; k++) {
            assert_memory_equal(&a->value[i][k], &b->value[i][k], sizeof(double));
            if (a->exact[i]) assert_string_equal(a->exact[i][k], b->exact[i][k]);
            if (a->ci[i]) assert_memory_equal(&a->ci[i][k], &b->ci[i][k], sizeof(double));
        }
    }
    if (a->winning) assert_string_equal(a->winning, b->winning);
    assert_memory_equal(&a->collective, &b->collective, sizeof(double));
}

/* Run with and without a counting callback; the results must agree. */
static void run_counted(const ent_game_t *g, ent_power_opts_t *o, counter_t *c)
{
    ent_error_t e = {0};
    ent_power_t plain, ticked;
    assert_int_equal(ent_game_power(g, o, &plain, &e), ENT_OK);
    memset(c, 0, sizeof *c);
    o->progress.fn = count_tick;
    o->progress.user = c;
    assert_int_equal(ent_game_power(g, o, &ticked, &e), ENT_OK);
    assert_same(&plain, &ticked);
    assert_int_equal(c->bad_order, 0);
    ent_power_destroy(&plain);
    ent_power_destroy(&ticked);
}

static void test_ticks_enumeration(void **state)
{
    (void)state;
    /* 22 players: 2^22 coalitions per pass, so at most 64 ticks a pass and at least a few */
    ent_game_t *g = text_game("[12; 1x22]");
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_ENUM;
    counter_t c;
    run_counted(g, &o, &c);
    assert_true(has_phase(&c, "build"));
    assert_true(has_phase(&c, "count"));
    assert_true(c.ticks >= 8);
    assert_true(c.ticks <= 2 * 64 + 2);
    assert_true(fabs(c.total - 4194304.0) < 0.5);
    ent_game_destroy(g);
}

static void test_ticks_generating_functions(void **state)
{
    (void)state;
    /* 70 players, quota 22596 of 45190: Banzhaf and Shapley–Shubik by the 128-bit DP */
    ent_game_t *g = text_game("[22596; 1001x30, 503x30, 7x10]");
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_DP;
    assert_int_equal(ent_power_index_parse("penrose,shapley", &o.indices, NULL), ENT_OK);
    counter_t c;
    run_counted(g, &o, &c);
    assert_true(has_phase(&c, "dp"));
    assert_int_equal(c.nphases, 1);
    /* about 70 * 11298 + 70^2 * 11298 / 2 = 2.8e7 steps: at most one tick per 2^16 */
    assert_true(c.ticks >= 20);
    assert_true(c.ticks <= (int)(c.total / 65536.0) + 2);
    ent_game_destroy(g);
    /* the critical-player tables (Holler, Deegan–Packel, Johnston) tick too */
    g = text_game("[2001; 301x10, 97x10, 13x10]");
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_DP;
    run_counted(g, &o, &c);
    assert_true(c.ticks >= 2);
    ent_game_destroy(g);
}

static void test_ticks_modular(void **state)
{
    (void)state;
    /* 200 players: Banzhaf modulo primes, shared by two threads; only the caller ticks */
    ent_game_t *g = text_game("[1501; 7x100, 23x100]");
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_DP;
    assert_int_equal(ent_power_index_parse("penrose,banzhaf", &o.indices, NULL), ENT_OK);
    counter_t c;
    run_counted(g, &o, &c);
    assert_true(c.ticks >= 1);
    ent_game_destroy(g);
}

static void test_ticks_monte_carlo(void **state)
{
    (void)state;
    ent_game_t *g = text_game("[39; 7x5, 1x10]");
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.approx = 1;
    o.samples = 50000;
    o.threads = 1;
    counter_t c;
    run_counted(g, &o, &c);
    assert_true(has_phase(&c, "samples"));
    /* two passes (coalitions, orderings) of 50000 samples, a tick per 1024 */
    assert_true(c.ticks >= 90 && c.ticks <= 100);
    assert_true(fabs(c.total - 100000.0) < 0.5);
    /* three threads on the two chunks of 32768 samples: the calling thread ticks with the
     * samples of all (done <= total, checked by the counter), less often */
    o.threads = 3;
    o.progress.fn = NULL;
    run_counted(g, &o, &c);
    assert_true(c.ticks >= 1 && c.ticks <= 100);
    assert_true(fabs(c.total - 100000.0) < 0.5);
    ent_game_destroy(g);
}

/* Stop at tick `at`: ENT_EINTR, an empty result, no tick after the stop. */
static void interrupt_at(const ent_game_t *g, ent_power_opts_t *o, int at)
{
    counter_t c;
    memset(&c, 0, sizeof c);
    c.stop_at = at;
    o->progress.fn = count_tick;
    o->progress.user = &c;
    ent_error_t e = {0};
    ent_power_t p;
    assert_int_equal(ent_game_power(g, o, &p, &e), ENT_EINTR);
    assert_int_equal(e.status, ENT_EINTR);
    assert_string_equal(e.msg, "interrupted");
    assert_int_equal(c.ticks, at);
    assert_int_equal(p.computed, 0);
    assert_null(p.veto);
    assert_null(p.swings);
    assert_null(p.winning);
    for (int i = 0; i < ENT_IDX_COUNT; i++) assert_null(p.value[i]);
    ent_power_destroy(&p);   /* safe on the empty result */
    /* and the same call without the callback still works */
    o->progress.fn = NULL;
    assert_int_equal(ent_game_power(g, o, &p, &e), ENT_OK);
    assert_int_not_equal(p.computed, 0);
    ent_power_destroy(&p);
}

static void test_interrupt(void **state)
{
    (void)state;
    ent_power_opts_t o;
    ent_game_t *g = text_game("[12; 1x22]");
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_ENUM;
    interrupt_at(g, &o, 1);    /* in the build pass */
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_ENUM;
    interrupt_at(g, &o, 40);   /* in the counting pass */
    ent_game_destroy(g);
    g = text_game("[22596; 1001x30, 503x30, 7x10]");
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_DP;
    assert_int_equal(ent_power_index_parse("penrose,shapley", &o.indices, NULL), ENT_OK);
    interrupt_at(g, &o, 3);
    ent_game_destroy(g);
    g = text_game("[39; 7x5, 1x10]");
    ent_power_opts_init(&o);
    o.approx = 1;
    o.samples = 50000;
    interrupt_at(g, &o, 5);
    ent_game_destroy(g);
}

static void test_query_progress(void **state)
{
    (void)state;
    /* 20 players: the counts enumerate 2^20 coalitions; 184756 minimal winning coalitions,
     * of which listing 100000 takes millions of rule evaluations */
    ent_game_t *g = text_game("[10; 1x20]");
    ent_rule_query_opts_t o;
    ent_rule_query_opts_init(&o);
    o.summary = 0;
    o.list_minimal = 1;
    o.limit = 100000;
    counter_t c;
    memset(&c, 0, sizeof c);
    o.progress.fn = count_tick;
    o.progress.user = &c;
    ent_rule_query_t q;
    ent_error_t e = {0};
    assert_int_equal(ent_game_query(g, &o, &q, &e), ENT_OK);
    assert_string_equal(q.listing.count, "184756");
    assert_int_equal(q.listing.nlisted, 100000);
    assert_true(has_phase(&c, "build"));
    assert_true(has_phase(&c, "list"));
    assert_int_equal(c.bad_order, 0);
    ent_rule_query_destroy(&q);
    /* stop in the counting pass, then in the listing */
    int stops[2] = {1, c.ticks - 1};
    for (int i = 0; i < 2; i++) {
        memset(&c, 0, sizeof c);
        c.stop_at = stops[i];
        ent_error_clear(&e);
        assert_int_equal(ent_game_query(g, &o, &q, &e), ENT_EINTR);
        assert_string_equal(e.msg, "interrupted");
        assert_int_equal(c.ticks, stops[i]);
        assert_null(q.rule);
        assert_null(q.listing.members);
        ent_rule_query_destroy(&q);
    }
    /* a stop inside the summary (here: while counting) fails the call; it is not kept as a note */
    ent_rule_query_opts_init(&o);
    memset(&c, 0, sizeof c);
    c.stop_at = 1;
    o.progress.fn = count_tick;
    o.progress.user = &c;
    ent_error_clear(&e);
    assert_int_equal(ent_game_query(g, &o, &q, &e), ENT_EINTR);
    assert_null(q.dummy);
    ent_rule_query_destroy(&q);
    ent_game_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticks_enumeration),
        cmocka_unit_test(test_ticks_generating_functions),
        cmocka_unit_test(test_ticks_modular),
        cmocka_unit_test(test_ticks_monte_carlo),
        cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_query_progress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
