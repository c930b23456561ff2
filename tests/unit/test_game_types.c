/* SPDX-License-Identifier: MIT */
/* test_game_types.c — exact power by player types (src/game/types.c) against brute force.
 *
 * Property tests: random composite rules (and/or of counts, shares by an attribute, weighted
 * quotas, named rules, vetoes) over seeded random scenarios of 2..24 actors whose actors fall
 * into a few classes (same attribute, same groups), so that player types exist, plus a few
 * actors of their own. Every index, the winning and minimal winning counts and the swings of
 * the types method (forced with ENT_METHOD_TYPES) are compared with a brute force written
 * here from the definitions (every coalition evaluated with ent_game_winning, up to 16
 * players) and, for every size up to 24, with the structured enumeration of all 2^n
 * coalitions (itself checked against brute force in test_game_power.c).
 * Also: type detection on the US federal lawmaking rule (4 types, AUTO picks the method,
 * values that must hold: Shapley–Shubik and normalized Banzhaf sum to 1, members of one
 * chamber are equal, the President is a veto player only on one route), and the refusal above
 * the state limit with the estimate and the --approx hint.
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

#define MAXN 24

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

/* Every index from its definition over all 2^n coalitions (n <= 16). */
static void brute_check(const ent_game_t *g, const ent_power_t *p)
{
    size_t n = ent_game_nplayers(g);
    assert_true(n <= 16);
    size_t N = (size_t)1 << n;
    unsigned char *win = malloc(N), in[MAXN];
    assert_non_null(win);
    for (size_t x = 0; x < N; x++) {
        for (size_t k = 0; k < n; k++) in[k] = (x >> k) & 1;
        win[x] = (unsigned char)ent_game_winning(g, in);
    }
    mpz_t sw[MAXN], ssn[MAXN], mwc[MAXN], fa, fb, nwin, nmwc;
    mpq_t dp[MAXN], jo[MAXN], t;
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
    char buf[512];
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
            case ENT_IDX_HOLLER: if (mpz_sgn(tmwc)) { mpq_set_z(v, mwc[k]); mpq_set_z(den, tmwc); mpq_div(v, v, den); } else mpq_set_ui(v, 0, 1); break;
            case ENT_IDX_DEEGAN: if (mpz_sgn(nmwc)) { mpq_set_z(den, nmwc); mpq_div(v, dp[k], den); } else mpq_set_ui(v, 0, 1); break;
            case ENT_IDX_JOHNSTON: if (mpq_sgn(tjo)) mpq_div(v, jo[k], tjo); else mpq_set_ui(v, 0, 1); break;
            case ENT_IDX_PREVENT: if (mpz_sgn(nwin)) { mpq_set_z(v, sw[k]); mpq_set_z(den, nwin); mpq_div(v, v, den); } else mpq_set_ui(v, 0, 1); break;
            case ENT_IDX_INITIATE: mpq_set_z(v, sw[k]); mpz_set_ui(mpq_numref(den), 1); mpz_mul_2exp(mpq_numref(den), mpq_numref(den), n); mpz_sub(mpq_numref(den), mpq_numref(den), nwin); mpz_set_ui(mpq_denref(den), 1); if (mpq_sgn(den)) mpq_div(v, v, den); else mpq_set_ui(v, 0, 1); break;
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

/* Two exact results agree on every count and every exact value. */
static void same_exact(const ent_power_t *a, const ent_power_t *b)
{
    assert_int_equal(a->n, b->n);
    assert_string_equal(a->winning, b->winning);
    assert_string_equal(a->min_winning, b->min_winning);
    assert_string_equal(a->collective_exact, b->collective_exact);
    for (size_t k = 0; k < a->n; k++) {
        assert_string_equal(a->swings[k], b->swings[k]);
        assert_int_equal(a->dummy[k], b->dummy[k]);
        for (int idx = 0; idx < ENT_IDX_COUNT; idx++) {
            if (!(a->computed & (1u << idx))) continue;
            assert_true(b->computed & (1u << idx));
            if (strcmp(a->exact[idx][k], b->exact[idx][k]))
                fprintf(stderr, "index %s player %zu: %s against %s\n", ent_power_index_name(idx), k, a->exact[idx][k], b->exact[idx][k]);
            assert_string_equal(a->exact[idx][k], b->exact[idx][k]);
            if (a->raw[idx]) assert_string_equal(a->raw[idx][k], b->raw[idx][k]);
        }
    }
}

static uint64_t rnd_state = 20261203;
static unsigned rnd(unsigned m)
{
    rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rnd_state >> 33) % m);
}

/* A random scenario of n actors in 1..4 classes (same attribute, same groups) plus about one
 * actor in six of its own (own attribute, own group memberships), three groups and four rules.
 * Returns the text's length. */
static size_t random_typed_yaml(int n, char *y, size_t cap)
{
    int ncls = 1 + (int)rnd(4), cls[MAXN], solo[MAXN];
    unsigned cpop[4], cin[3][4];
    for (int c = 0; c < ncls; c++) {
        cpop[c] = rnd(6);
        for (int gi = 0; gi < 3; gi++) cin[gi][c] = rnd(2);
    }
    size_t len = (size_t)snprintf(y, cap, "entente: 1\nactors:\n");
    for (int k = 0; k < n; k++) {
        cls[k] = (int)rnd((unsigned)ncls);
        solo[k] = rnd(6) == 0;
        len += (size_t)snprintf(y + len, cap - len, "  - {id: a%d, capability: 1, attributes: {pop: %u}}\n", k,
                                solo[k] ? rnd(30) : cpop[cls[k]]);
    }
    len += (size_t)snprintf(y + len, cap - len, "groups:\n");
    for (int gi = 0; gi < 3; gi++) {
        len += (size_t)snprintf(y + len, cap - len, "  - {id: g%d, members: [", gi);
        int first = 1;
        for (int k = 0; k < n; k++) {
            int member = solo[k] ? (int)rnd(2) : (int)cin[gi][cls[k]];
            if (member || (k == n - 1 && first)) {
                len += (size_t)snprintf(y + len, cap - len, "%sa%d", first ? "" : ", ", k);
                first = 0;
            }
        }
        len += (size_t)snprintf(y + len, cap - len, "]}\n");
    }
    len += (size_t)snprintf(y + len, cap - len,
                            "rules:\n  - {id: base, expr: \"%u of g0 or any of g1\"}\n"
                            "  - {id: r, expr: \"(base and >= %u%% of all by pop) or (all of g2 and majority of all)\"}\n"
                            "  - {id: v, expr: \"veto a%u and r\"}\n"
                            "  - {id: w, expr: \"(>= %u%% of g0 by pop and %u of g2) or (>= %u%% of all and %u of g1)\"}\n",
                            1 + rnd(3), 10 + rnd(80), rnd((unsigned)n), 1 + rnd(90), 1 + rnd(2), 30 + rnd(60), 1 + rnd(3));
    return len;
}

static void test_random_typed_rules(void **state)
{
    (void)state;
    int checked = 0, brute = 0, big = 0;
    size_t fewer_types = 0;
    for (int it = 0; it < 110; it++) {
        int n = it < 90 ? 2 + (int)rnd(15) : 17 + (int)rnd(8);   /* 2..16, then 17..24 */
        char y[16384];
        size_t len = random_typed_yaml(n, y, sizeof y);
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        ent_status_t st = ent_scenario_load_mem(&s, "typed.yaml", y, len, &lo, &e);
        if (st) {
            /* a quota above a small group, or an attribute summing to 0: bad input, no crash */
            assert_int_equal(st, ENT_EINPUT);
            ent_error_clear(&e);
            ent_scenario_destroy(&s);
            continue;
        }
        for (size_t r = 0; r < s.nrules; r++) {
            ent_game_t *g = NULL;
            st = ent_game_from_rule(&s, r, NULL, &g, &e);
            if (st) { assert_int_equal(st, ENT_EINPUT); ent_error_clear(&e); continue; }
            ent_power_t pt, pe;
            power_of(g, ENT_METHOD_TYPES, &pt);
            assert_int_equal(pt.method, ENT_METHOD_TYPES);
            assert_non_null(strstr(pt.why, "states"));
            /* "in T types": fewer types than players whenever two players share a class */
            const char *in = strstr(pt.why, " in ");
            assert_non_null(in);
            if ((size_t)strtoul(in + 4, NULL, 10) < ent_game_nplayers(g)) fewer_types++;
            if (ent_game_nplayers(g) <= 16) { brute_check(g, &pt); brute++; }
            else big++;
            power_of(g, ENT_METHOD_ENUM, &pe);
            same_exact(&pt, &pe);
            ent_power_destroy(&pe);
            ent_power_destroy(&pt);
            ent_game_destroy(g);
            checked++;
        }
        ent_scenario_destroy(&s);
    }
    fprintf(stderr, "typed rules: %d checked (%d by brute force, %d of 17..24 players against enumeration), %zu with fewer types than players\n",
            checked, brute, big, fewer_types);
    assert_true(brute >= 200);
    assert_true(big >= 40);
    assert_true(fewer_types * 2 >= (size_t)checked);
}

/* Several quotas as a standalone game with repeated weight pairs: types against brute force. */
static void test_random_multi_quota_types(void **state)
{
    (void)state;
    for (int it = 0; it < 60; it++) {
        int n = 2 + (int)rnd(13);
        int64_t a[MAXN], b[MAXN], ta = 0, tb = 0;
        int64_t pa[3], pb[3];
        for (int c = 0; c < 3; c++) { pa[c] = rnd(6); pb[c] = 1 + rnd(20); }
        for (int k = 0; k < n; k++) { int c = (int)rnd(3); a[k] = pa[c]; b[k] = pb[c]; ta += a[k]; tb += b[k]; }
        if (!ta) { a[0] = 1; ta = 1; }
        char txt[1024];
        size_t len = (size_t)snprintf(txt, sizeof txt, "[%lld, %u%%;", (long long)(1 + rnd((unsigned)ta)), 1 + rnd(99));
        for (int k = 0; k < n; k++) len += (size_t)snprintf(txt + len, sizeof txt - len, " %lld %lld%s", (long long)a[k], (long long)b[k], k + 1 < n ? "," : "]");
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        assert_int_equal(ent_game_from_text(txt, &g, &e), ENT_OK);
        ent_power_t p;
        power_of(g, ENT_METHOD_TYPES, &p);
        brute_check(g, &p);
        ent_power_destroy(&p);
        ent_game_destroy(g);
    }
}

static ent_game_t *lawmaking(ent_scenario_t *s)
{
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load(s, "tests/data/game/us_lawmaking.yaml", &lo, &e);
    if (st) fprintf(stderr, "%s\n", e.msg);
    assert_int_equal(st, ENT_OK);
    ent_game_t *g = NULL;
    long r = ent_scenario_find_rule(s, "lawmaking");
    assert_true(r >= 0);
    assert_int_equal(ent_game_from_rule(s, (size_t)r, NULL, &g, &e), ENT_OK);
    return g;
}

static void test_us_lawmaking(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_game_t *g = lawmaking(&s);
    assert_int_equal(ent_game_nplayers(g), 537);
    ent_power_t p;
    power_of(g, ENT_METHOD_AUTO, &p);
    assert_int_equal(p.method, ENT_METHOD_TYPES);
    assert_int_equal(p.is_exact, 1);
    assert_non_null(strstr(p.why, "537 players in 4 types (sizes 1, 1, 100, 435)"));
    assert_non_null(strstr(p.why, "176144 states"));
    assert_int_equal(p.computed & ENT_POWER_ALL & ~((1u << ENT_IDX_OWEN) | (1u << ENT_IDX_BANZHAF_OWEN) | (1u << ENT_IDX_COALITIONAL_BANZHAF)),
                     (1u << ENT_IDX_OWEN) - 1);
    /* sums of the normalized indices are exactly 1 */
    int norm[] = {ENT_IDX_BANZHAF, ENT_IDX_SHAPLEY, ENT_IDX_HOLLER, ENT_IDX_DEEGAN, ENT_IDX_JOHNSTON};
    mpq_t sum, v;
    mpq_inits(sum, v, NULL);
    for (size_t i = 0; i < sizeof norm / sizeof *norm; i++) {
        mpq_set_ui(sum, 0, 1);
        for (size_t k = 0; k < p.n; k++) {
            assert_int_equal(mpq_set_str(v, p.exact[norm[i]][k], 10), 0);
            mpq_canonicalize(v);
            mpq_add(sum, sum, v);
        }
        assert_int_equal(mpq_cmp_ui(sum, 1, 1), 0);
    }
    mpq_clears(sum, v, NULL);
    /* players 0 P, 1 VP, 2..101 senators, 102..536 representatives: equal inside a chamber */
    for (int idx = 0; idx < 8; idx++) {
        for (size_t k = 3; k < 102; k++) assert_string_equal(p.exact[idx][k], p.exact[idx][2]);
        for (size_t k = 103; k < 537; k++) assert_string_equal(p.exact[idx][k], p.exact[idx][102]);
    }
    /* nobody is a veto player (the override route), nobody is a dummy; the President is the
     * strongest single player by every index; the Vice-President swings exactly where a
     * 50-50 Senate is decisive, which happens as often as a single senator swings through the
     * first route only, so VP < senator by Shapley-Shubik */
    for (size_t k = 0; k < 537; k++) { assert_int_equal(p.veto[k], 0); assert_int_equal(p.dummy[k], 0); }
    for (int idx = 0; idx < 8; idx++) assert_true(p.value[idx][0] > p.value[idx][2] && p.value[idx][0] > p.value[idx][102]);
    assert_true(p.value[ENT_IDX_SHAPLEY][1] < p.value[ENT_IDX_SHAPLEY][2]);
    /* collectivity: the same count as the winning coalitions over 2^537 */
    assert_non_null(p.collective_exact);
    ent_power_destroy(&p);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

/* A composite rule whose players are all different: the types method is refused above the
 * state limit, with the estimate and the hint; --fallback gives Monte Carlo. */
static void test_refused(void **state)
{
    (void)state;
    char txt[4096];
    size_t len = (size_t)snprintf(txt, sizeof txt, "[500, 60%%;");
    for (int k = 0; k < 40; k++) len += (size_t)snprintf(txt + len, sizeof txt - len, " %d %d%s", 10 + k, 3 + 2 * k, k < 39 ? "," : "]");
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_text(txt, &g, &e), ENT_OK);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    ent_power_t p;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "40 types"));
    assert_non_null(strstr(e.msg, "1.1e+12 type states"));
    assert_non_null(strstr(e.msg, "--approx"));
    ent_error_clear(&e);
    o.method = ENT_METHOD_TYPES;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_ELIMIT);
    ent_error_clear(&e);
    o.method = ENT_METHOD_AUTO;
    o.approx_on_refusal = 1;
    o.samples = 500;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
    assert_int_equal(p.is_exact, 0);
    assert_non_null(strstr(p.why, "type states"));
    ent_power_destroy(&p);
    ent_game_destroy(g);
}

/* Minimal winning and blocking coalitions of a composite rule of 41 players, counted by
 * types: "(25 of g) or (10 of g and all of {P})" over P and a 40-member group g. Minimal
 * winning: 25 of g without P, or P and 10 of g: C(40,25) + C(40,10). Minimal blocking (the
 * complement loses): P and 16 of g, or 31 of g without P: C(40,16) + C(40,31). */
static void test_minimal_counts(void **state)
{
    (void)state;
    char y[8192];
    size_t len = (size_t)snprintf(y, sizeof y, "entente: 1\nactors:\n  - {id: P, capability: 1}\n");
    for (int k = 0; k < 40; k++) len += (size_t)snprintf(y + len, sizeof y - len, "  - {id: m%d, capability: 1}\n", k);
    len += (size_t)snprintf(y + len, sizeof y - len, "groups:\n  - {id: g, members: [m0");
    for (int k = 1; k < 40; k++) len += (size_t)snprintf(y + len, sizeof y - len, ", m%d", k);
    len += (size_t)snprintf(y + len, sizeof y - len, "]}\nrules:\n  - {id: r, expr: \"25 of g or (10 of g and all of {P})\"}\n");
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load_mem(&s, "minimal.yaml", y, len, &lo, &e), ENT_OK);
    ent_game_t *g = NULL;
    assert_int_equal(ent_game_from_rule(&s, 0, NULL, &g, &e), ENT_OK);
    assert_int_equal(ent_game_nplayers(g), 41);
    mpz_t a, b;
    mpz_inits(a, b, NULL);
    char want[128];
    for (int kind = 0; kind < 2; kind++) {
        ent_coalitions_t c;
        assert_int_equal(ent_game_minimal(g, kind ? ENT_COALITIONS_BLOCKING : ENT_COALITIONS_WINNING, 0, &c, &e), ENT_OK);
        mpz_bin_uiui(a, 40, kind ? 16 : 25);
        mpz_bin_uiui(b, 40, kind ? 31 : 10);
        mpz_add(a, a, b);
        gmp_snprintf(want, sizeof want, "%Zd", a);
        assert_string_equal(c.count, want);
        ent_coalitions_destroy(&c);
    }
    /* and the power report's count of minimal winning coalitions is the same */
    ent_power_t p;
    power_of(g, ENT_METHOD_AUTO, &p);
    assert_int_equal(p.method, ENT_METHOD_TYPES);
    mpz_bin_uiui(a, 40, 25);
    mpz_bin_uiui(b, 40, 10);
    mpz_add(a, a, b);
    gmp_snprintf(want, sizeof want, "%Zd", a);
    assert_string_equal(p.min_winning, want);
    ent_power_destroy(&p);
    mpz_clears(a, b, NULL);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

/* A stop asked by the progress callback returns ENT_EINTR and an empty result. */
static int stop_now(void *ud, const char *phase, double done, double total)
{
    (void)phase; (void)done; (void)total;
    ++*(int *)ud;
    return 1;
}

static void test_interrupt(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_game_t *g = lawmaking(&s);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    int calls = 0;
    o.progress.fn = stop_now;
    o.progress.user = &calls;
    ent_power_t p;
    ent_error_t e = {0};
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_EINTR);
    assert_true(calls >= 1);
    assert_int_equal(p.computed, 0);
    assert_null(p.winning);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_typed_rules),
        cmocka_unit_test(test_random_multi_quota_types),
        cmocka_unit_test(test_us_lawmaking),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_minimal_counts),
        cmocka_unit_test(test_interrupt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
