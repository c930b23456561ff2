/* SPDX-License-Identifier: MIT */
/* test_game_tiers.c — two-tier rules (src/game/tiers.c, the "; constituencies: ..." clause of
 * src/game/rule.c; issue 15 item 4):
 * - the probability that one voter decides a vote of N by quota q equals C(N-1, q-1)/2^(N-1)
 *   computed here with GMP rationals, for every N <= 60 and q <= N;
 * - the Stirling path (N above 10^6) against the exact GMP binomial at 10^6 + 1, 10^7 + 1 and
 *   2 * 10^7 voters, majority and two standard deviations above it;
 * - the square-root law: equal constituencies of N voters (N = 101 ... 10^8 + 1) under "3 of 5"
 *   give each voter C(N-1, (N-1)/2)/2^(N-1) * 6/16, above sqrt(2/(pi N)) by less than 1/(2N);
 * - the quota of each inner rule (majority, unanimity, >= P%, > P%), the description, Monte
 *   Carlo half-widths, and a table of bad clauses with their line:col and message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"
#include "game/game_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double exact_decisive(uint64_t N, uint64_t q)
{
    mpq_t r;
    mpq_init(r);
    mpz_bin_uiui(mpq_numref(r), (unsigned long)(N - 1), (unsigned long)(q - 1));
    mpz_set_ui(mpq_denref(r), 1);
    mpz_mul_2exp(mpq_denref(r), mpq_denref(r), (mp_bitcnt_t)(N - 1));
    mpq_canonicalize(r);
    double d = mpq_get_d(r);
    mpq_clear(r);
    return d;
}

/* Large N: exact binomial, converted with its binary exponent. */
static double exact_decisive_big(uint64_t N, uint64_t q)
{
    mpz_t z;
    mpz_init(z);
    mpz_bin_uiui(z, (unsigned long)(N - 1), (unsigned long)(q - 1));
    long e;
    double d = mpz_get_d_2exp(&e, z);
    mpz_clear(z);
    return ldexp(d, (int)(e - (long)(N - 1)));
}

static void test_decisive_small(void **state)
{
    (void)state;
    for (uint64_t N = 1; N <= 60; N++)
        for (uint64_t q = 1; q <= N; q++) {
            double a = ent_i_tier_decisive(N, q), b = exact_decisive(N, q);
            if (fabs(a - b) > 1e-15 * b) fail_msg("N %llu q %llu: %.17g != %.17g", (unsigned long long)N, (unsigned long long)q, a, b);
        }
    assert_true(ent_i_tier_decisive(5, 0) == 0 && ent_i_tier_decisive(5, 6) == 0);
    assert_true(ent_i_tier_decisive(1, 1) == 1);
}

static void test_decisive_stirling(void **state)
{
    (void)state;
    const uint64_t Ns[] = {1000001, 10000001, 20000000};
    for (size_t i = 0; i < sizeof Ns / sizeof *Ns; i++) {
        /* majority, and a quota two standard deviations above the middle (further out the
         * probability underflows a double) */
        uint64_t N = Ns[i], qs[2] = {N / 2 + 1, N / 2 + (uint64_t)sqrt((double)N)};
        for (int j = 0; j < 2; j++) {
            double a = ent_i_tier_decisive(N, qs[j]), b = exact_decisive_big(N, qs[j]);
            if (!(b > 0) || fabs(a - b) > 1e-12 * b)
                fail_msg("N %llu q %llu: %.17g != %.17g", (unsigned long long)N, (unsigned long long)qs[j], a, b);
        }
    }
}

static void load(ent_scenario_t *s, const char *y)
{
    ent_error_t e = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(s);
    if (ent_scenario_load_mem(s, "t.yaml", y, strlen(y), &lo, &e) != ENT_OK) fail_msg("%s", e.msg);
}

static void test_square_root_law(void **state)
{
    (void)state;
    const uint64_t Ns[] = {101, 1001, 10001, 1000001, 100000001};
    for (size_t i = 0; i < sizeof Ns / sizeof *Ns; i++) {
        uint64_t N = Ns[i];
        char y[1024];
        snprintf(y, sizeof y,
                 "entente: 1\ntitle: law\nactors:\n"
                 "  - {id: A, capability: 1, attributes: {v: %llu}}\n  - {id: B, capability: 1, attributes: {v: %llu}}\n"
                 "  - {id: C, capability: 1, attributes: {v: %llu}}\n  - {id: D, capability: 1, attributes: {v: %llu}}\n"
                 "  - {id: E, capability: 1, attributes: {v: %llu}}\n",
                 (unsigned long long)N, (unsigned long long)N, (unsigned long long)N, (unsigned long long)N,
                 (unsigned long long)N);
        ent_scenario_t s;
        load(&s, y);
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        assert_int_equal(ent_game_compile(&s, "3 of {A, B, C, D, E}; constituencies: majority of v", "t", (ent_loc_t){1, 1}, &g, &e), ENT_OK);
        ent_power_t p;
        assert_int_equal(ent_game_power(g, NULL, &p, &e), ENT_OK);
        assert_non_null(p.tier_power);
        assert_null(p.tier_ci);
        double closed = sqrt(2.0 / (M_PI * (double)N)), exact = N <= 10001 ? exact_decisive(N, N / 2 + 1) : 0;
        for (size_t k = 0; k < 5; k++) {
            assert_int_equal(p.tier_voters[k], N);
            assert_true(p.value[ENT_IDX_PENROSE][k] == 0.375);
            assert_true(p.tier_power[k] == p.tier_inner[k] * 0.375);
            assert_true(p.tier_law[k] == closed);
            double rel = p.tier_inner[k] / closed - 1;
            if (!(rel > 0 && rel < 1.0 / (2.0 * (double)N))) fail_msg("N %llu: relative excess %g", (unsigned long long)N, rel);
            if (exact > 0) assert_true(fabs(p.tier_inner[k] - exact) <= 1e-15 * exact);
        }
        ent_power_destroy(&p);
        ent_game_destroy(g);
        ent_scenario_destroy(&s);
    }
}

static const char *Y =
    "entente: 1\ntitle: tiers\nactors:\n"
    "  - {id: A, capability: 1, attributes: {v: 10, w: 3}}\n"
    "  - {id: B, capability: 1, attributes: {v: 7, w: 0}}\n"
    "  - {id: C, capability: 1, attributes: {v: 1, w: 2.5, name: x}}\n"
    "  - {id: D, capability: 1}\n"
    "rules:\n"
    "  - {id: t, expr: \"2 of {A, B, C}; constituencies: majority of v\"}\n";

static void test_inner_quotas(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, Y);
    /* voters 10, 7, 1 */
    const struct { const char *clause; uint64_t q[3]; } cases[] = {
        {"majority of v", {6, 4, 1}},
        {"unanimity of v", {10, 7, 1}},
        {">= 50% of v", {5, 4, 1}},
        {"> 50% of v", {6, 4, 1}},
        {">= 60% of v", {6, 5, 1}},
        {"> 60% of v", {7, 5, 1}},
        {">= 100% of v", {10, 7, 1}},
        {">= 0.5% of v", {1, 1, 1}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char expr[200];
        snprintf(expr, sizeof expr, "2 of {A, B, C}; constituencies: %s", cases[i].clause);
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        if (ent_game_compile(&s, expr, "t", (ent_loc_t){1, 1}, &g, &e) != ENT_OK) fail_msg("%s: %s", expr, e.msg);
        const uint64_t N[3] = {10, 7, 1};
        for (size_t k = 0; k < 3; k++)
            if (g->tier_quota[k] != cases[i].q[k])
                fail_msg("%s: player %zu quota %llu, expected %llu", expr, k, (unsigned long long)g->tier_quota[k],
                         (unsigned long long)cases[i].q[k]);
        ent_power_opts_t o;
        ent_power_opts_init(&o);
        o.indices = 1u << ENT_IDX_PENROSE;
        ent_power_t p;
        assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
        for (size_t k = 0; k < 3; k++) {
            assert_true(fabs(p.tier_inner[k] - exact_decisive(N[k], cases[i].q[k])) <= 1e-15);
            /* the square-root law is shown for simple majorities only */
            assert_int_equal(isnan(p.tier_law[k]), cases[i].q[k] != N[k] / 2 + 1);
        }
        char *d = NULL;
        assert_int_equal(ent_game_describe(g, &d, &e), ENT_OK);
        char want[200];
        snprintf(want, sizeof want, "2 of {A, B, C}; constituencies: %s", cases[i].clause);
        assert_string_equal(d, want);
        ent_free(d);
        ent_power_destroy(&p);
        /* without Penrose: no two-tier figures */
        o.indices = 1u << ENT_IDX_SHAPLEY;
        assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
        assert_null(p.tier_power);
        ent_power_destroy(&p);
        /* Monte Carlo: half-widths scaled by the inner probability */
        o.indices = 1u << ENT_IDX_PENROSE;
        o.approx = 1;
        o.samples = 2000;
        assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
        assert_non_null(p.tier_ci);
        for (size_t k = 0; k < 3; k++) assert_true(p.tier_ci[k] == p.tier_inner[k] * p.ci[ENT_IDX_PENROSE][k]);
        ent_power_destroy(&p);
        ent_game_destroy(g);
    }
    /* a named rule with the clause compiles on its own */
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_rule(&s, 0, "t.yaml", &g, &e), ENT_OK);
    assert_non_null(g->tier_voters);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

static void test_bad_clauses(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, Y);
    const struct { const char *expr; int col; const char *msg; } bad[] = {
        {"2 of {A, B, C}; constituencies: banana of v", 33, "'banana', is not a rule"},
        {"2 of {A, B, C}; constituencies: 7 of v", 33, "'7', is not a rule"},
        {"2 of {A, B, C}; constituencies: majority", 41, "expected 'of'"},
        {"2 of {A, B, C}; constituencies: majority of", 44, "expected an attribute name"},
        {"2 of {A, B, C}; constituencies: majority of nope", 45, "actor 'A' has no attribute 'nope'"},
        {"2 of {A, B, C}; constituencies: majority of w", 45, "actor 'B' has 0 voters"},
        {"2 of {A, B}; constituencies: majority of w", 42, "actor 'B' has 0 voters"},
        {"2 of {A, C}; constituencies: majority of w", 42, "actor 'C' has 2.5 voters"},
        {"2 of {A, C}; constituencies: majority of name", 42, "actor 'A' has no attribute 'name'"},
        {"2 of {A, B, C}; constituencies: >= 0% of v", 36, "out of range"},
        {"2 of {A, B, C}; constituencies: > 100% of v", 35, "out of range"},
        {"2 of {A, B, C}; constituencies: >= 120% of v", 36, "out of range"},
        {"2 of {A, B, C}; constituencies: >= 50 of v", 36, "expected a percentage"},
        {"2 of {A, B, C}; constituencies: majority of v and A", 47, "expected the end of the rule"},
        {"2 of {A, B, C}; constituencies majority of v", 32, "expected ':'"},
        {"2 of {A, B, C}; voters: majority of v", 17, "expected a two-tier clause"},
        {"2 of {A, B, C};", 16, "expected a two-tier clause"},
        {"(2 of {A, B, C}; constituencies: majority of v)", 16, "expected ')'"},
        {"t and all of {D}", 1, "rule 't' has constituencies"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        ent_status_t rc = ent_game_compile(&s, bad[i].expr, "t", (ent_loc_t){1, 1}, &g, &e);
        if (rc != ENT_EINPUT || e.line != 1 || e.col != bad[i].col || !strstr(e.msg, bad[i].msg))
            fail_msg("%s: status %d at 1:%d: %s", bad[i].expr, rc, e.col, e.msg);
        assert_null(g);
    }
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decisive_small),
        cmocka_unit_test(test_decisive_stirling),
        cmocka_unit_test(test_square_root_law),
        cmocka_unit_test(test_inner_quotas),
        cmocka_unit_test(test_bad_clauses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
