/* SPDX-License-Identifier: MIT */
/* test_game_power.c — exact voting power (src/game/wdp.c, enum.c, power.c) against published
 * values and against a brute-force enumerator written here (tests only).
 *
 * Published values: UN Security Council (Shapley–Shubik 421/2145 and 4/2145, normalized
 * Banzhaf 106/635 and 21/1270, Penrose 53/1024 and 21/4096, Holler and Deegan–Packel 1/9 and
 * 2/45, Johnston 283/1590 and 7/636; 848 winning, 210 minimal winning coalitions; e.g.
 * Felsenthal & Machover 1998, The Measurement of Voting Power, §§3–6); textbook games
 * [6; 4,3,2,1] (Banzhaf = Shapley–Shubik = (5,3,3,1)/12) and [51; 35,20,15,15,15]
 * (Deegan–Packel (18,9,11,11,11)/60, Deegan & Packel 1978); US Electoral College with the
 * 2020-census apportionment (electors per state as published by the National Archives,
 * "Distribution of Electoral Votes", 2024 and 2028 elections): California Shapley–Shubik
 * 0.1080368337, normalized Banzhaf 0.1107964116, Penrose 0.4607113065; Wyoming
 * Shapley–Shubik 0.0054022786.
 * Brute force: every coalition of up to 11 players evaluated with ent_game_winning, all
 * indices computed from their definitions with GMP rationals; random games from a fixed seed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"

#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ent_game_t *text_game(const char *txt)
{
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    ent_status_t st = ent_game_from_text(txt, &g, &e);
    if (st) fprintf(stderr, "%s: %s\n", txt, e.msg);
    assert_int_equal(st, ENT_OK);
    return g;
}

static void power_of(const ent_game_t *g, ent_power_method_t m, ent_power_t *p)
{
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.method = m;
    ent_error_t e = {0};
    ent_status_t st = ent_game_power(g, &o, p, &e);
    if (st) fprintf(stderr, "power: %s\n", e.msg);
    assert_int_equal(st, ENT_OK);
}

static void check_unsc(const ent_power_t *p, const char *const *perm_first)
{
    /* players 0..4 permanent, 5..14 elected, unless perm_first maps otherwise */
    (void)perm_first;
    assert_int_equal(p->n, 15);
    assert_string_equal(p->winning, "848");
    assert_string_equal(p->min_winning, "210");
    assert_string_equal(p->exact[ENT_IDX_SHAPLEY][0], "421/2145");
    assert_string_equal(p->exact[ENT_IDX_SHAPLEY][14], "4/2145");
    assert_string_equal(p->exact[ENT_IDX_BANZHAF][0], "106/635");
    assert_string_equal(p->exact[ENT_IDX_BANZHAF][14], "21/1270");
    assert_string_equal(p->exact[ENT_IDX_PENROSE][0], "53/1024");
    assert_string_equal(p->exact[ENT_IDX_PENROSE][14], "21/4096");
    assert_string_equal(p->exact[ENT_IDX_HOLLER][0], "1/9");
    assert_string_equal(p->exact[ENT_IDX_HOLLER][14], "2/45");
    assert_string_equal(p->exact[ENT_IDX_DEEGAN][0], "1/9");
    assert_string_equal(p->exact[ENT_IDX_DEEGAN][14], "2/45");
    assert_string_equal(p->exact[ENT_IDX_JOHNSTON][0], "283/1590");
    assert_string_equal(p->exact[ENT_IDX_JOHNSTON][14], "7/636");
    for (size_t k = 0; k < 15; k++) {
        assert_int_equal(p->veto[k], k < 5);
        assert_int_equal(p->dummy[k], 0);
    }
}

static void test_unsc_weights(void **state)
{
    (void)state;
    ent_game_t *g = text_game("[39; 7x5, 1x10]");
    ent_power_t p;
    power_of(g, ENT_METHOD_AUTO, &p);
    assert_int_equal(p.method, ENT_METHOD_DP);
    check_unsc(&p, NULL);
    ent_power_destroy(&p);
    power_of(g, ENT_METHOD_ENUM, &p);
    assert_int_equal(p.method, ENT_METHOD_ENUM);
    check_unsc(&p, NULL);
    ent_power_destroy(&p);
    ent_game_destroy(g);
}

static void test_unsc_composite(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/game/unsc.yaml", &lo, &e), ENT_OK);
    const char *rules[] = {"substantive", "p5-veto"};
    for (int r = 0; r < 2; r++) {
        ent_game_t *g = NULL;
        assert_int_equal(ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, rules[r]), NULL, &g, &e), ENT_OK);
        ent_power_t p;
        power_of(g, ENT_METHOD_AUTO, &p);
        assert_int_equal(p.method, ENT_METHOD_ENUM);
        check_unsc(&p, NULL);
        ent_power_destroy(&p);
        ent_game_destroy(g);
    }
    /* the same rule written inline */
    ent_game_t *g = NULL;
    ent_loc_t loc = {1, 1};
    assert_int_equal(ent_game_compile(&s, ">= 9 of members and all of p5", NULL, loc, &g, &e), ENT_OK);
    ent_power_t p;
    power_of(g, ENT_METHOD_AUTO, &p);
    check_unsc(&p, NULL);
    ent_power_destroy(&p);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

static void test_textbook(void **state)
{
    (void)state;
    ent_game_t *g = text_game("[6; 4,3,2,1]");
    ent_power_t p;
    power_of(g, ENT_METHOD_DP, &p);
    const char *want[] = {"5/12", "1/4", "1/4", "1/12"};
    for (int k = 0; k < 4; k++) {
        assert_string_equal(p.exact[ENT_IDX_BANZHAF][k], want[k]);
        assert_string_equal(p.exact[ENT_IDX_SHAPLEY][k], want[k]);
    }
    ent_power_destroy(&p);
    ent_game_destroy(g);
    g = text_game("[51; 35,20,15,15,15]");
    power_of(g, ENT_METHOD_DP, &p);
    const char *dp[] = {"3/10", "3/20", "11/60", "11/60", "11/60"};   /* (18,9,11,11,11)/60 */
    for (int k = 0; k < 5; k++) assert_string_equal(p.exact[ENT_IDX_DEEGAN][k], dp[k]);
    ent_power_destroy(&p);
    ent_game_destroy(g);
}

/* 2020-census apportionment, states in alphabetical order of postal code as listed by the
 * National Archives (AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS
 * MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY). */
static const int64_t us2020[51] = {9, 3, 11, 6, 54, 10, 7, 3, 3, 30, 16, 4, 4, 19, 11, 6, 6, 8, 8, 4, 10, 11, 15, 10, 6, 10,
                                   4, 5, 6, 4, 14, 5, 28, 16, 3, 17, 7, 8, 19, 4, 9, 3, 11, 40, 6, 3, 13, 12, 4, 10, 3};

static void test_us_electoral_college(void **state)
{
    (void)state;
    int64_t tot = 0;
    for (int k = 0; k < 51; k++) tot += us2020[k];
    assert_int_equal(tot, 538);
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_weights(51, us2020, NULL, 270, 0, &g, &e), ENT_OK);
    ent_power_t p;
    power_of(g, ENT_METHOD_AUTO, &p);
    assert_int_equal(p.method, ENT_METHOD_DP);
    assert_true(fabs(p.value[ENT_IDX_SHAPLEY][4] - 0.1080368337) < 6e-11);
    assert_true(fabs(p.value[ENT_IDX_BANZHAF][4] - 0.1107964116) < 6e-11);
    assert_true(fabs(p.value[ENT_IDX_PENROSE][4] - 0.4607113065) < 6e-11);
    assert_true(fabs(p.value[ENT_IDX_SHAPLEY][50] - 0.0054022786) < 6e-11);
    /* every index sums to one where it is normalized */
    const int norm[] = {ENT_IDX_BANZHAF, ENT_IDX_SHAPLEY, ENT_IDX_HOLLER, ENT_IDX_DEEGAN, ENT_IDX_JOHNSTON};
    for (size_t i = 0; i < sizeof norm / sizeof norm[0]; i++) {
        double s = 0;
        for (int k = 0; k < 51; k++) s += p.value[norm[i]][k];
        assert_true(fabs(s - 1) < 1e-12);
    }
    /* equal weights, equal power */
    assert_string_equal(p.exact[ENT_IDX_JOHNSTON][1], p.exact[ENT_IDX_JOHNSTON][50]);
    assert_string_equal(p.exact[ENT_IDX_DEEGAN][1], p.exact[ENT_IDX_DEEGAN][50]);
    ent_power_destroy(&p);
    ent_game_destroy(g);
}

/* ---------------------------------------------------------------- brute force */

static void brute_check(const ent_game_t *g, const ent_power_t *p)
{
    size_t n = ent_game_nplayers(g);
    size_t N = (size_t)1 << n;
    unsigned char *win = malloc(N), in[16];
    assert_non_null(win);
    for (size_t x = 0; x < N; x++) {
        for (size_t k = 0; k < n; k++) in[k] = (x >> k) & 1;
        win[x] = (unsigned char)ent_game_winning(g, in);
    }
    mpz_t sw[16], ssn[16], mwc[16], fa, fb, nwin, nmwc;
    mpq_t dp[16], jo[16], t;
    mpz_inits(fa, fb, nwin, nmwc, NULL);
    mpq_init(t);
    for (size_t k = 0; k < n; k++) { mpz_inits(sw[k], ssn[k], mwc[k], NULL); mpq_init(dp[k]); mpq_init(jo[k]); }
    for (size_t x = 0; x < N; x++) {
        if (!win[x]) continue;
        mpz_add_ui(nwin, nwin, 1);
        size_t size = (size_t)__builtin_popcountll(x), crit = 0;
        for (size_t k = 0; k < n; k++)
            if (((x >> k) & 1) && !win[x & ~((size_t)1 << k)]) crit++;
        for (size_t k = 0; k < n; k++) {
            if (!((x >> k) & 1) || win[x & ~((size_t)1 << k)]) continue;
            /* k is critical in x: a swing of k at x minus k (size-1 others) */
            mpz_add_ui(sw[k], sw[k], 1);
            mpz_fac_ui(fa, size - 1);
            mpz_fac_ui(fb, n - size);
            mpz_addmul(ssn[k], fa, fb);
            mpq_set_ui(t, 1, (unsigned long)crit);
            mpq_add(jo[k], jo[k], t);
            if (crit == size) {
                mpz_add_ui(mwc[k], mwc[k], 1);
                mpq_set_ui(t, 1, (unsigned long)size);
                mpq_add(dp[k], dp[k], t);
            }
        }
        if (crit == size) mpz_add_ui(nmwc, nmwc, 1);
    }
    char buf[256];
    gmp_snprintf(buf, sizeof buf, "%Zd", nwin);
    assert_string_equal(p->winning, buf);
    gmp_snprintf(buf, sizeof buf, "%Zd", nmwc);
    assert_string_equal(p->min_winning, buf);
    mpz_t tsw, tmwc;
    mpq_t tjo, v, den;
    mpz_inits(tsw, tmwc, NULL);
    mpq_inits(tjo, v, den, NULL);
    for (size_t k = 0; k < n; k++) { mpz_add(tsw, tsw, sw[k]); mpz_add(tmwc, tmwc, mwc[k]); mpq_add(tjo, tjo, jo[k]); }
    for (size_t k = 0; k < n; k++) {
        gmp_snprintf(buf, sizeof buf, "%Zd", sw[k]);
        assert_string_equal(p->swings[k], buf);
        for (int idx = 0; idx < ENT_IDX_COUNT; idx++) {
            if (ent_power_index_info((ent_power_index_t)idx)->flags & ENT_POWER_INDEX_PRECOALITIONS) continue;
            switch (idx) {
            case ENT_IDX_PENROSE: mpq_set_z(v, sw[k]); mpz_set_ui(mpq_denref(v), 1); mpz_mul_2exp(mpq_denref(v), mpq_denref(v), n - 1); break;
            case ENT_IDX_BANZHAF: if (mpz_sgn(tsw)) { mpq_set_z(v, sw[k]); mpq_set_z(den, tsw); mpq_div(v, v, den); } else mpq_set_ui(v, 0, 1); break;
            case ENT_IDX_SHAPLEY: mpq_set_z(v, ssn[k]); mpz_fac_ui(mpq_denref(v), n); break;
            case ENT_IDX_HOLLER: mpq_set_z(v, mwc[k]); mpq_set_z(den, tmwc); mpq_div(v, v, den); break;
            case ENT_IDX_DEEGAN: mpq_set_z(den, nmwc); mpq_div(v, dp[k], den); break;
            case ENT_IDX_JOHNSTON: if (mpq_sgn(tjo)) mpq_div(v, jo[k], tjo); else mpq_set_ui(v, 0, 1); break;
            case ENT_IDX_PREVENT: mpq_set_z(v, sw[k]); mpq_set_z(den, nwin); mpq_div(v, v, den); break;
            case ENT_IDX_INITIATE: mpq_set_z(v, sw[k]); mpz_set_ui(mpq_numref(den), 1); mpz_mul_2exp(mpq_numref(den), mpq_numref(den), n); mpz_sub(mpq_numref(den), mpq_numref(den), nwin); mpz_set_ui(mpq_denref(den), 1); mpq_div(v, v, den); break;
            default: break;
            }
            mpq_canonicalize(v);
            gmp_snprintf(buf, sizeof buf, "%Qd", v);
            if (strcmp(p->exact[idx][k], buf) != 0)
                fprintf(stderr, "index %s player %zu: got %s, brute force %s\n", ent_power_index_name(idx), k, p->exact[idx][k], buf);
            assert_string_equal(p->exact[idx][k], buf);
        }
    }
    mpz_clears(tsw, tmwc, fa, fb, nwin, nmwc, NULL);
    mpq_clears(tjo, v, den, t, NULL);
    for (size_t k = 0; k < n; k++) { mpz_clears(sw[k], ssn[k], mwc[k], NULL); mpq_clear(dp[k]); mpq_clear(jo[k]); }
    free(win);
}

static uint64_t rnd_state = 20240601;
static unsigned rnd(unsigned m)
{
    rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rnd_state >> 33) % m);
}

static void test_random_weighted(void **state)
{
    (void)state;
    for (int it = 0; it < 300; it++) {
        int n = 1 + (int)rnd(11);
        char txt[512];
        int64_t tot = 0, w[16];
        for (int k = 0; k < n; k++) { w[k] = it % 3 == 0 ? rnd(40) : rnd(10); tot += w[k]; }
        if (tot == 0) { w[0] = 1; tot = 1; }
        int64_t q = 1 + (int64_t)rnd((unsigned)tot);
        size_t len = (size_t)snprintf(txt, sizeof txt, "[%lld;", (long long)q);
        for (int k = 0; k < n; k++) len += (size_t)snprintf(txt + len, sizeof txt - len, " %lld%s", (long long)w[k], k + 1 < n ? "," : "]");
        ent_game_t *g = text_game(txt);
        ent_power_t p;
        power_of(g, ENT_METHOD_DP, &p);
        brute_check(g, &p);
        ent_power_destroy(&p);
        power_of(g, ENT_METHOD_ENUM, &p);
        brute_check(g, &p);
        ent_power_destroy(&p);
        ent_game_destroy(g);
    }
}

/* A random scenario of 2..11 actors with three random groups and three rules: and/or of
 * count, share and weighted leaves, a named rule and a veto. Returns the text's length. */
static size_t random_composite_yaml(char *y, size_t cap)
{
    int n = 2 + (int)rnd(10);
    size_t len = (size_t)snprintf(y, cap, "entente: 1\nactors:\n");
    for (int k = 0; k < n; k++)
        len += (size_t)snprintf(y + len, cap - len, "  - {id: a%d, capability: 1, attributes: {pop: %u}}\n", k, rnd(100));
    len += (size_t)snprintf(y + len, cap - len, "groups:\n");
    for (int gi = 0; gi < 3; gi++) {
        len += (size_t)snprintf(y + len, cap - len, "  - {id: g%d, members: [", gi);
        int first = 1;
        for (int k = 0; k < n; k++)
            if (rnd(2) || (k == n - 1 && first)) { len += (size_t)snprintf(y + len, cap - len, "%sa%d", first ? "" : ", ", k); first = 0; }
        len += (size_t)snprintf(y + len, cap - len, "]}\n");
    }
    len += (size_t)snprintf(y + len, cap - len,
                            "rules:\n  - {id: base, expr: \"%u of g0 or any of g1\"}\n"
                            "  - {id: r, expr: \"(base and >= %u%% of all by pop) or (all of g2 and majority of all)\"}\n"
                            "  - {id: v, expr: \"veto a%u and r\"}\n",
                            1 + rnd(2), 10 + rnd(80), rnd((unsigned)n));
    return len;
}

/* Random composite rules over a generated scenario: and/or of count, share and weighted
 * leaves on random groups, with named rules and vetoes. */
static void test_random_composite(void **state)
{
    (void)state;
    int checked = 0;
    for (int it = 0; it < 120; it++) {
        char y[8192];
        size_t len = random_composite_yaml(y, sizeof y);
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        ent_status_t st = ent_scenario_load_mem(&s, "random.yaml", y, len, &lo, &e);
        if (st) {
            /* a generated group may be too small for "2 of g0", or pop may sum to 0:
             * both must be rejected as bad input, never crash */
            assert_int_equal(st, ENT_EINPUT);
            ent_scenario_destroy(&s);
            continue;
        }
        for (size_t r = 0; r < s.nrules; r++) {
            ent_game_t *g = NULL;
            st = ent_game_from_rule(&s, r, NULL, &g, &e);
            if (st) { assert_int_equal(st, ENT_EINPUT); ent_error_clear(&e); continue; }
            ent_power_t p;
            power_of(g, ENT_METHOD_ENUM, &p);
            brute_check(g, &p);
            ent_power_destroy(&p);
            ent_game_destroy(g);
            checked++;
        }
        ent_scenario_destroy(&s);
    }
    fprintf(stderr, "composite rules checked against brute force: %d\n", checked);
    assert_true(checked >= 150);
}

/* Several quotas written as a standalone game ("[q1, q2; a1 b1, ...]"): enumeration against
 * brute force on seeded random games. */
static void test_random_multi_quota(void **state)
{
    (void)state;
    for (int it = 0; it < 60; it++) {
        int n = 2 + (int)rnd(9);
        int64_t a[16], b[16], ta = 0, tb = 0;
        for (int k = 0; k < n; k++) { a[k] = rnd(6); b[k] = 1 + rnd(20); ta += a[k]; tb += b[k]; }
        if (!ta) { a[0] = 1; ta = 1; }
        char txt[512];
        size_t len = (size_t)snprintf(txt, sizeof txt, "[%lld, %u%%;", (long long)(1 + rnd((unsigned)ta)), 1 + rnd(99));
        for (int k = 0; k < n; k++) len += (size_t)snprintf(txt + len, sizeof txt - len, " %lld %lld%s", (long long)a[k], (long long)b[k], k + 1 < n ? "," : "]");
        ent_game_t *g = text_game(txt);
        assert_int_equal(ent_game_is_weighted(g, NULL, NULL), 0);
        ent_power_t p;
        power_of(g, ENT_METHOD_AUTO, &p);
        assert_int_equal(p.method, ENT_METHOD_ENUM);
        brute_check(g, &p);
        ent_power_destroy(&p);
        ent_game_destroy(g);
    }
}

static void test_monte_carlo(void **state)
{
    (void)state;
    ent_game_t *g = text_game("[39; 7x5, 1x10]");
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.approx = 1;
    o.samples = 200000;
    o.seed = 7;
    ent_power_t p, p2, ex;
    ent_error_t e = {0};
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
    assert_int_equal(ent_game_power(g, &o, &p2, &e), ENT_OK);
    power_of(g, ENT_METHOD_AUTO, &ex);
    assert_int_equal(p.is_exact, 0);
    assert_int_equal(p.method, ENT_METHOD_MC);
    assert_false(p.computed & (1u << ENT_IDX_HOLLER));
    const int idx[] = {ENT_IDX_PENROSE, ENT_IDX_BANZHAF, ENT_IDX_SHAPLEY, ENT_IDX_JOHNSTON, ENT_IDX_PREVENT, ENT_IDX_INITIATE};
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++)
        for (size_t k = 0; k < 15; k += 7) {
            double d = fabs(p.value[idx[i]][k] - ex.value[idx[i]][k]);
            /* well inside four half-widths of the 95% interval (or an absolute 2e-3) */
            assert_true(d <= 4 * p.ci[idx[i]][k] + 2e-3);
            assert_true(p.value[idx[i]][k] == p2.value[idx[i]][k]);   /* seeded: reproducible */
        }
    ent_power_destroy(&p);
    ent_power_destroy(&p2);
    ent_power_destroy(&ex);
    ent_game_destroy(g);
}

/* Every estimated index is within four half-widths of its 95% interval (about eight standard
 * errors) of the exact value, plus 1e-3. Normalized Banzhaf divides by the estimated sum of
 * the swings, Coleman's prevent and initiate by the estimated share of winning (losing)
 * coalitions; their reported intervals leave the denominator's error out (docs/power.md),
 * so it is added here (the sum of the Penrose half-widths bounds that of the swing sum). */
static void assert_near_exact(const ent_power_t *mc, const ent_power_t *ex)
{
    const int idx[] = {ENT_IDX_PENROSE, ENT_IDX_BANZHAF, ENT_IDX_SHAPLEY, ENT_IDX_JOHNSTON, ENT_IDX_PREVENT, ENT_IDX_INITIATE};
    double psum = 0, pci = 0;
    for (size_t k = 0; k < mc->n; k++) { psum += mc->value[ENT_IDX_PENROSE][k]; pci += mc->ci[ENT_IDX_PENROSE][k]; }
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) {
        assert_true(mc->computed & (1u << idx[i]));
        for (size_t k = 0; k < mc->n; k++) {
            double d = fabs(mc->value[idx[i]][k] - ex->value[idx[i]][k]), tol = mc->ci[idx[i]][k];
            double pw = mc->collective, den = idx[i] == ENT_IDX_PREVENT ? pw : idx[i] == ENT_IDX_INITIATE ? 1 - pw : 0;
            if (den > 0) tol += mc->value[idx[i]][k] * mc->collective_ci / den;
            if (idx[i] == ENT_IDX_BANZHAF && psum > 0) tol += mc->value[idx[i]][k] * pci / psum;
            if (d > 4 * tol + 1e-3)
                fail_msg("index %d player %zu: estimate %.6f +- %.6f, exact %.6f", idx[i], k, mc->value[idx[i]][k],
                         mc->ci[idx[i]][k], ex->value[idx[i]][k]);
        }
    }
    assert_true(fabs(mc->collective - ex->collective) <= 4 * mc->collective_ci + 1e-3);
}

/* Monte Carlo on composite rules (src/game/mc.c: leaf sums, swings from per-leaf slack, the
 * tree re-evaluated for players who flip a leaf, orderings that stop at the pivot) against
 * the exact enumeration: random rules with named rules, vetoes and weighted leaves, and a
 * small Congress (President, Vice-President breaking Senate ties, a veto override). */
static void test_monte_carlo_composite(void **state)
{
    (void)state;
    int checked = 0;
    for (int it = 0; it < 40; it++) {
        char y[8192];
        size_t len = random_composite_yaml(y, sizeof y);
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        if (ent_scenario_load_mem(&s, "random.yaml", y, len, &lo, &e)) { ent_scenario_destroy(&s); continue; }
        for (size_t r = 0; r < s.nrules; r++) {
            ent_game_t *g = NULL;
            if (ent_game_from_rule(&s, r, NULL, &g, &e)) { ent_error_clear(&e); continue; }
            ent_power_t ex, mc;
            power_of(g, ENT_METHOD_ENUM, &ex);
            ent_power_opts_t o;
            ent_power_opts_init(&o);
            o.approx = 1;
            o.samples = 40000 + (uint64_t)rnd(40000);   /* two or three chunks */
            o.seed = (uint64_t)it;
            assert_int_equal(ent_game_power(g, &o, &mc, &e), ENT_OK);
            assert_near_exact(&mc, &ex);
            ent_power_destroy(&ex);
            ent_power_destroy(&mc);
            ent_game_destroy(g);
            checked++;
        }
        ent_scenario_destroy(&s);
    }
    assert_true(checked >= 50);
    /* a small Congress: 8 senators, 13 representatives */
    char y[4096];
    size_t len = (size_t)snprintf(y, sizeof y, "entente: 1\nactors:\n  - {id: P, capability: 1}\n  - {id: VP, capability: 1}\n");
    for (int k = 0; k < 8; k++) len += (size_t)snprintf(y + len, sizeof y - len, "  - {id: S%d, capability: 1}\n", k);
    for (int k = 0; k < 13; k++) len += (size_t)snprintf(y + len, sizeof y - len, "  - {id: H%d, capability: 1}\n", k);
    len += (size_t)snprintf(y + len, sizeof y - len, "groups:\n  - {id: senate, members: [S0");
    for (int k = 1; k < 8; k++) len += (size_t)snprintf(y + len, sizeof y - len, ", S%d", k);
    len += (size_t)snprintf(y + len, sizeof y - len, "]}\n  - {id: house, members: [H0");
    for (int k = 1; k < 13; k++) len += (size_t)snprintf(y + len, sizeof y - len, ", H%d", k);
    len += (size_t)snprintf(y + len, sizeof y - len,
                            "]}\nrules:\n  - {id: law, expr: \"(>= 7 of house and (>= 5 of senate or (>= 4 of senate and all "
                            "of {VP})) and all of {P}) or (>= 9 of house and >= 6 of senate)\"}\n");
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load_mem(&s, "congress.yaml", y, len, &lo, &e), ENT_OK);
    ent_game_t *g = NULL;
    assert_int_equal(ent_game_from_rule(&s, 0, NULL, &g, &e), ENT_OK);
    assert_int_equal(ent_game_nplayers(g), 23);
    ent_power_t ex, mc;
    power_of(g, ENT_METHOD_ENUM, &ex);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.approx = 1;
    o.samples = 200000;
    assert_int_equal(ent_game_power(g, &o, &mc, &e), ENT_OK);
    assert_near_exact(&mc, &ex);
    ent_power_destroy(&ex);
    ent_power_destroy(&mc);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

/* Every figure of a Monte Carlo result, bit for bit. */
static void assert_same_estimates(const ent_power_t *a, const ent_power_t *b)
{
    assert_int_equal(a->computed, b->computed);
    for (int i = 0; i < ENT_IDX_COUNT; i++) {
        if (!(a->computed & (1u << i))) continue;
        assert_memory_equal(a->value[i], b->value[i], a->n * sizeof(double));
        assert_memory_equal(a->ci[i], b->ci[i], a->n * sizeof(double));
    }
    assert_memory_equal(&a->collective, &b->collective, sizeof(double));
}

/* Seeded Monte Carlo is identical on any number of threads (chunks of 32768 samples with
 * their own streams, summed in chunk order), and a different seed gives other samples. */
static void test_monte_carlo_threads(void **state)
{
    (void)state;
    const char *games[] = {"[39; 7x5, 1x10]", "[2, 60%; 1 50, 1 30, 1 20, 1 9, 1 7]", "[101; 1x200]"};
    for (size_t gi = 0; gi < 3; gi++) {
        ent_game_t *g = text_game(games[gi]);
        ent_power_opts_t o;
        ent_power_opts_init(&o);
        o.approx = 1;
        o.samples = 100001;   /* four chunks, the last of 1697 samples */
        o.seed = 11;
        ent_power_t p[4];
        const int threads[4] = {1, 2, 3, 8};
        for (int t = 0; t < 4; t++) {
            o.threads = threads[t];
            assert_int_equal(ent_game_power(g, &o, &p[t], NULL), ENT_OK);
            if (t) assert_same_estimates(&p[0], &p[t]);
        }
        o.seed = 12;
        ent_power_t q;
        assert_int_equal(ent_game_power(g, &o, &q, NULL), ENT_OK);
        int differ = 0;
        for (size_t k = 0; k < q.n; k++) differ |= q.value[ENT_IDX_PENROSE][k] != p[0].value[ENT_IDX_PENROSE][k];
        assert_true(differ);
        ent_power_destroy(&q);
        for (int t = 0; t < 4; t++) ent_power_destroy(&p[t]);
        ent_game_destroy(g);
    }
}

/* Exact results are the same on 1, 2, 3 and 5 threads: the enumeration (ranges of the
 * bitmap), and the modular generating functions above 126 players (primes interleaved). */
static void test_exact_threads(void **state)
{
    (void)state;
    /* the last: 131 players, Banzhaf and Shapley–Shubik modulo 5 primes (odd: paired rows
     * and a last single player) */
    const char *games[] = {"[12; 1x22]", "[2, 60%; 1 50, 1 30, 1 20, 1 9, 1 7, 1 7, 1 5, 1 3, 1 3, 1 2, 1 1, 1 1, 1 1]",
                           "[50%; 7x100, 23x100, 5x50]", "[50%; 9x20, 7x30, 4x40, 2x41]"};
    for (size_t gi = 0; gi < 4; gi++) {
        ent_game_t *g = text_game(games[gi]);
        ent_power_opts_t o;
        ent_power_opts_init(&o);
        if (gi >= 2) o.indices = (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF) | (1u << ENT_IDX_SHAPLEY);
        ent_power_t p[4];
        const int threads[4] = {1, 2, 3, 5};
        for (int t = 0; t < 4; t++) {
            o.threads = threads[t];
            assert_int_equal(ent_game_power(g, &o, &p[t], NULL), ENT_OK);
            assert_int_equal(p[t].is_exact, 1);
            if (!t) continue;
            assert_int_equal(p[t].computed, p[0].computed);
            assert_string_equal(p[t].winning, p[0].winning);
            for (int i = 0; i < ENT_IDX_COUNT; i++)
                if (p[0].computed & (1u << i))
                    for (size_t k = 0; k < p[0].n; k++) assert_string_equal(p[t].exact[i][k], p[0].exact[i][k]);
        }
        for (int t = 0; t < 4; t++) ent_power_destroy(&p[t]);
        ent_game_destroy(g);
    }
}

static void test_refusal(void **state)
{
    (void)state;
    /* 200 players of distinct large weights: exact Shapley–Shubik is beyond 126 players */
    int64_t w[200];
    for (int k = 0; k < 200; k++) w[k] = 100 + 7 * k;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_weights(200, w, NULL, 50, 100, &g, &e), ENT_OK);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    ent_power_t p;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "refused"));
    o.approx_on_refusal = 1;
    o.samples = 2000;
    ent_error_clear(&e);
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
    assert_int_equal(p.is_exact, 0);
    assert_non_null(strstr(p.why, "refused"));
    ent_power_destroy(&p);
    /* Banzhaf alone is exact (GMP path above 126 players) */
    o.indices = (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF);
    o.approx_on_refusal = 0;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
    assert_int_equal(p.is_exact, 1);
    /* symmetric near-equal weights: all positive, heavier players at least as strong */
    for (int k = 1; k < 200; k++) assert_true(p.value[ENT_IDX_PENROSE][k] >= p.value[ENT_IDX_PENROSE][k - 1]);
    ent_power_destroy(&p);
    ent_game_destroy(g);
}

static void test_zero_weights_and_gcd(void **state)
{
    (void)state;
    /* [12; 8,6,4,0,0] is [3; 4,3,2] with gcd 2 and two dummies */
    ent_game_t *g = text_game("[12; 8,6,4,0,0]"), *h = text_game("[6; 4,3,2,0,0]");
    ent_power_t p, q;
    power_of(g, ENT_METHOD_DP, &p);
    power_of(h, ENT_METHOD_ENUM, &q);
    brute_check(g, &p);
    assert_int_equal(p.computed, q.computed);
    for (int idx = 0; idx < ENT_IDX_COUNT; idx++)
        if (p.computed & (1u << idx))
            for (int k = 0; k < 5; k++) assert_string_equal(p.exact[idx][k], q.exact[idx][k]);
    assert_int_equal(p.dummy[3], 1);
    assert_int_equal(p.dummy[4], 1);
    assert_int_equal(p.dummy[0], 0);
    ent_power_destroy(&p);
    ent_power_destroy(&q);
    ent_game_destroy(g);
    ent_game_destroy(h);
}

/* Above 126 players Banzhaf runs modulo many primes (CRT): compare with a plain big-integer
 * per-player DP (the O(n^2 q) textbook method) on a seeded random game of 150 players. */
static void test_modular_vs_plain(void **state)
{
    (void)state;
    enum { N = 150 };
    int64_t w[N], tot = 0;
    for (int k = 0; k < N; k++) { w[k] = 1 + rnd(9); tot += w[k]; }
    int64_t q = tot * 2 / 3;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_weights(N, w, NULL, q, 0, &g, &e), ENT_OK);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = 1u << ENT_IDX_PENROSE;
    ent_power_t p;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
    mpz_t *c = malloc((size_t)tot * sizeof *c), s;
    mpz_init(s);
    for (int64_t x = 0; x < tot; x++) mpz_init(c[x]);
    char buf[128];
    for (int i = 0; i < N; i++) {
        for (int64_t x = 0; x < tot; x++) mpz_set_ui(c[x], x == 0);
        for (int k = 0; k < N; k++) {
            if (k == i) continue;
            for (int64_t x = tot - 1; x >= w[k]; x--) mpz_add(c[x], c[x], c[x - w[k]]);
        }
        mpz_set_ui(s, 0);
        for (int64_t x = q - w[i]; x < q; x++)
            if (x >= 0) mpz_add(s, s, c[x]);
        gmp_snprintf(buf, sizeof buf, "%Zd", s);
        assert_string_equal(p.swings[i], buf);
    }
    for (int64_t x = 0; x < tot; x++) mpz_clear(c[x]);
    free(c);
    mpz_clear(s);
    ent_power_destroy(&p);
    ent_game_destroy(g);
}

/* Shapley–Shubik by residues modulo primes (used when the 128-bit table would exceed 64 MiB)
 * against the enumeration of all 2^20 (2^21) coalitions, on seeded games with large weights;
 * 21 players: the table takes players two at a time, and the last one alone. */
static void test_modular_shapley_vs_enum(void **state)
{
    (void)state;
    for (int it = 0; it < 3; it++) {
        size_t n = it == 2 ? 21 : 20;
        int64_t w[21], tot = 0;
        for (size_t k = 0; k < n; k++) { w[k] = 20000 + (int64_t)rnd(40000); tot += w[k]; }
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        assert_int_equal(ent_game_from_weights(n, w, NULL, it ? tot / 2 + 1 : tot * 2 / 3, 0, &g, &e), ENT_OK);
        ent_power_opts_t o;
        ent_power_opts_init(&o);
        o.indices = 1u << ENT_IDX_SHAPLEY;
        ent_power_t a, b;
        o.method = ENT_METHOD_DP;
        assert_int_equal(ent_game_power(g, &o, &a, &e), ENT_OK);
        o.method = ENT_METHOD_ENUM;
        assert_int_equal(ent_game_power(g, &o, &b, &e), ENT_OK);
        for (size_t k = 0; k < n; k++) assert_string_equal(a.exact[ENT_IDX_SHAPLEY][k], b.exact[ENT_IDX_SHAPLEY][k]);
        ent_power_destroy(&a);
        ent_power_destroy(&b);
        ent_game_destroy(g);
    }
}

/* The same residue path on games that mix light and heavy players (the stored triangle's rows
 * start at the sums of the lightest players, and the alternating sums stop at a row's first
 * empty window, both of which depend on the spread of the weights), with quotas from 30 % to
 * 80 % and 14 to 20 players (even and odd counts), against the enumeration. */
static void test_modular_shapley_mixed(void **state)
{
    (void)state;
    for (int it = 0; it < 12; it++) {
        size_t n = 14 + (size_t)rnd(7);
        int64_t w[20], tot = 0;
        for (size_t k = 0; k < n; k++) {
            w[k] = k % 3 == 0 ? 1 + (int64_t)rnd(3000) : 150000 + (int64_t)rnd(250000);
            tot += w[k];
        }
        int64_t q = tot * (30 + (int64_t)rnd(51)) / 100 + 1;
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        assert_int_equal(ent_game_from_weights(n, w, NULL, q, 0, &g, &e), ENT_OK);
        ent_power_opts_t o;
        ent_power_opts_init(&o);
        o.indices = 1u << ENT_IDX_SHAPLEY;
        ent_power_t a, b;
        o.method = ENT_METHOD_DP;
        assert_int_equal(ent_game_power(g, &o, &a, &e), ENT_OK);
        o.method = ENT_METHOD_ENUM;
        assert_int_equal(ent_game_power(g, &o, &b, &e), ENT_OK);
        for (size_t k = 0; k < n; k++) assert_string_equal(a.exact[ENT_IDX_SHAPLEY][k], b.exact[ENT_IDX_SHAPLEY][k]);
        ent_power_destroy(&a);
        ent_power_destroy(&b);
        ent_game_destroy(g);
    }
}

static void test_eu27_invariants(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/game/eu27.yaml", &lo, &e), ENT_OK);
    ent_game_t *g = NULL;
    assert_int_equal(ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, "qmv"), NULL, &g, &e), ENT_OK);
    assert_int_equal(ent_game_nplayers(g), 27);
    ent_power_t p;
    power_of(g, ENT_METHOD_AUTO, &p);
    assert_int_equal(p.method, ENT_METHOD_ENUM);
    for (int idx = ENT_IDX_BANZHAF; idx <= ENT_IDX_JOHNSTON; idx++) {
        double sum = 0;
        for (int k = 0; k < 27; k++) sum += p.value[idx][k];
        assert_true(fabs(sum - 1) < 1e-12);
    }
    /* larger population, at least as much power (players are in decreasing population) */
    for (int k = 1; k < 27; k++) {
        assert_true(p.value[ENT_IDX_SHAPLEY][k] <= p.value[ENT_IDX_SHAPLEY][k - 1]);
        assert_true(p.value[ENT_IDX_PENROSE][k] <= p.value[ENT_IDX_PENROSE][k - 1]);
        assert_int_equal(p.veto[k], 0);
        assert_int_equal(p.dummy[k], 0);
    }
    /* 24 members always pass: the 24 smallest (3 largest objecting) win */
    unsigned char in[27];
    for (int k = 0; k < 27; k++) in[k] = k >= 3;
    assert_int_equal(ent_game_winning(g, in), 1);
    /* Germany, France, Italy and Spain (over 35% of the population) block */
    for (int k = 0; k < 27; k++) in[k] = k < 4;
    assert_int_equal(ent_game_blocking(g, in), 1);
    /* three of them do not: the four-member clause */
    in[3] = 0;
    assert_int_equal(ent_game_blocking(g, in), 0);
    ent_power_destroy(&p);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

/* FNV-1a over a string and a separator */
static uint64_t fnv_str(uint64_t h, const char *str)
{
    for (const char *c = str ? str : "(null)"; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211u;
    return (h ^ '|') * 1099511628211u;
}

/* Regression (issue 3): every exact value of the EU27 Lisbon QMV game, unchanged by the
 * enumeration's speed-ups (bit order, kernels). The hash covers every index's exact fraction
 * and raw numerator, the swings, veto/dummy flags, winning and minimal winning counts. */
static void test_eu27_exact_values(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/game/eu27.yaml", &lo, &e), ENT_OK);
    ent_game_t *g = NULL;
    assert_int_equal(ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, "qmv"), NULL, &g, &e), ENT_OK);
    ent_power_t p;
    power_of(g, ENT_METHOD_ENUM, &p);
    assert_string_equal(p.winning, "17787201");
    assert_string_equal(p.min_winning, "4379988");
    assert_string_equal(p.swings[0], "14302515");
    assert_string_equal(p.exact[ENT_IDX_SHAPLEY][0], "1596882659/8923714800");
    assert_string_equal(p.exact[ENT_IDX_HOLLER][0], "4071039/65930225");
    assert_string_equal(p.exact[ENT_IDX_DEEGAN][0], "111522369680369/1803958326434880");
    assert_string_equal(p.exact[ENT_IDX_JOHNSTON][0], "4415745020835157/17181493456615488");
    uint64_t h = 14695981039346656037u;
    h = fnv_str(h, p.winning);
    h = fnv_str(h, p.min_winning);
    h = fnv_str(h, p.collective_exact);
    for (size_t k = 0; k < p.n; k++) {
        h = fnv_str(h, p.swings[k]);
        h = fnv_str(h, p.veto[k] ? "veto" : "-");
        h = fnv_str(h, p.dummy[k] ? "dummy" : "-");
        for (int idx = 0; idx < ENT_IDX_COUNT; idx++) {
            /* the precoalition values (none here) came after this hash */
            if (ent_power_index_info((ent_power_index_t)idx)->flags & ENT_POWER_INDEX_PRECOALITIONS) continue;
            h = fnv_str(h, p.exact[idx] ? p.exact[idx][k] : NULL);
            h = fnv_str(h, p.raw[idx] ? p.raw[idx][k] : NULL);
        }
    }
    /* computed with the enumeration of commit a64c1f0 (before the speed-ups) */
    if (h != 0x3aeae1c22a0a5559u) fprintf(stderr, "eu27 exact hash %016llx\n", (unsigned long long)h);
    assert_true(h == 0x3aeae1c22a0a5559u);
    ent_power_destroy(&p);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsc_weights),
        cmocka_unit_test(test_unsc_composite),
        cmocka_unit_test(test_textbook),
        cmocka_unit_test(test_us_electoral_college),
        cmocka_unit_test(test_random_weighted),
        cmocka_unit_test(test_random_composite),
        cmocka_unit_test(test_random_multi_quota),
        cmocka_unit_test(test_monte_carlo),
        cmocka_unit_test(test_monte_carlo_composite),
        cmocka_unit_test(test_monte_carlo_threads),
        cmocka_unit_test(test_exact_threads),
        cmocka_unit_test(test_refusal),
        cmocka_unit_test(test_zero_weights_and_gcd),
        cmocka_unit_test(test_modular_vs_plain),
        cmocka_unit_test(test_modular_shapley_vs_enum),
        cmocka_unit_test(test_modular_shapley_mixed),
        cmocka_unit_test(test_eu27_invariants),
        cmocka_unit_test(test_eu27_exact_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
