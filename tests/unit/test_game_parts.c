/* SPDX-License-Identifier: MIT */
/* test_game_parts.c — exact power of rules built from independent parts (src/game/parts.c,
 * issue 15 item 2): on random and/or rules over disjoint parts of up to 24 players, every
 * index the parts path gives (Penrose, Banzhaf, Shapley–Shubik, Coleman's prevent and
 * initiate, swings, winning coalitions; Holler, Deegan–Packel and the number of minimal
 * winning coalitions unless a part is a quota of several weight types) equals the structured
 * enumeration exactly, and for
 * up to 14 players the swings and winning coalitions equal a brute force over 2^n coalitions
 * with ent_game_winning written here. Parts are single quotas (several weight types: counted
 * by generating functions over types) or composites sharing players (enumerated), nested.
 * Also: the EU ordinary legislative procedure scenario (747 players) is counted exactly and
 * its Shapley–Shubik values sum to 1, Holler's too; Johnston alone is refused with the reason,
 * and Holler on the political groups as blocs (a quota of several weight types).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned m)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % m);
}

#define NMAX 24

/* A scenario of 24 actors a0..a23 with weights w in 1..3 (few types, so that large quota
 * parts go through the generating functions over types). */
static void load_scenario(ent_scenario_t *s, int *w)
{
    char y[8192];
    size_t at = (size_t)snprintf(y, sizeof y, "entente: 1\ntitle: parts\nactors:\n");
    for (int a = 0; a < NMAX; a++) {
        w[a] = 1 + (int)rnd(3);
        at += (size_t)snprintf(y + at, sizeof y - at, "  - {id: a%d, capability: 1, attributes: {w: %d}}\n", a, w[a]);
    }
    ent_error_t e = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(s);
    assert_int_equal(ent_scenario_load_mem(s, "parts.yaml", y, strlen(y), &lo, &e), ENT_OK);
}

static size_t set_text(char *b, size_t len, const int *pl, int m)
{
    size_t at = (size_t)snprintf(b, len, "{");
    for (int i = 0; i < m; i++) at += (size_t)snprintf(b + at, len - at, "%sa%d", i ? ", " : "", pl[i]);
    at += (size_t)snprintf(b + at, len - at, "}");
    return at;
}

/* A rule over exactly the players pl[0..m-1]: a quota, or an and/or of two quotas over
 * overlapping subsets that together cover pl (a part that shares players). */
static size_t part_text(char *b, size_t len, const int *pl, int m, const int *w, int quota_only)
{
    char set[512];
    set_text(set, sizeof set, pl, m);
    int tot = 0;
    for (int i = 0; i < m; i++) tot += w[pl[i]];
    unsigned kind = quota_only ? (unsigned)quota_only - 1 : m >= 3 ? rnd(4) : rnd(2);
    if (kind == 0) return (size_t)snprintf(b, len, "%d of %s", 1 + (int)rnd((unsigned)m), set);
    if (kind == 1) return (size_t)snprintf(b, len, ">= %d of %s by w", 1 + (int)rnd((unsigned)tot), set);
    /* two quotas sharing the middle player */
    int h = m / 2;
    char s1[512], s2[512];
    set_text(s1, sizeof s1, pl, h + 1);
    set_text(s2, sizeof s2, pl + h, m - h);
    return (size_t)snprintf(b, len, "(%d of %s %s >= %d%% of %s by w)", 1 + (int)rnd((unsigned)(h + 1)), s1,
                            kind == 2 ? "and" : "or", 20 + (int)rnd(70), s2);
}

/* A random rule of 2..4 disjoint parts over n players, nested as (P1 op P2) op2 P3 ...; with
 * big = 1 the first part is a count over at least 9 players, with big = 2 a weighted quota over
 * at least 18 (both counted by weight types, one type and up to three). */
static void random_rule(char *b, size_t len, int n, const int *w, int big)
{
    int perm[NMAX];
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = n - 1; i > 0; i--) { int j = (int)rnd((unsigned)i + 1); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
    int np = 2 + (int)rnd(3);
    if (np > n) np = n;
    int cut[5] = {0};
    /* sizes: at least one each */
    int left = n - np, sizes[4];
    for (int p = 0; p < np; p++) sizes[p] = 1;
    if (big) { sizes[0] += big == 1 ? 8 : 17; left -= big == 1 ? 8 : 17; }
    while (left-- > 0) sizes[rnd((unsigned)np)]++;
    for (int p = 0; p < np; p++) cut[p + 1] = cut[p] + sizes[p];
    size_t at = 0;
    for (int p = 0; p < np; p++) {
        if (p) at += (size_t)snprintf(b + at, len - at, ") %s (", rnd(2) ? "and" : "or");
        else at += (size_t)snprintf(b + at, len - at, "%s(", np > 2 ? "(" : "");
        at += part_text(b + at, len - at, perm + cut[p], sizes[p], w, p == 0 ? big : 0);
        if (p == 1 && np > 2) at += (size_t)snprintf(b + at, len - at, ")");
    }
    snprintf(b + at, len - at, ")");
}

static unsigned parts_mask(void)
{
    return (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF) | (1u << ENT_IDX_SHAPLEY) | (1u << ENT_IDX_PREVENT) |
           (1u << ENT_IDX_INITIATE);
}

static unsigned mwc_mask(void) { return (1u << ENT_IDX_HOLLER) | (1u << ENT_IDX_DEEGAN); }

static void brute(const ent_game_t *g, unsigned long long *win, unsigned long long *sw)
{
    size_t n = ent_game_nplayers(g);
    unsigned char in[NMAX];
    *win = 0;
    for (size_t i = 0; i < n; i++) sw[i] = 0;
    for (uint32_t x = 0; x < (1u << n); x++) {
        for (size_t i = 0; i < n; i++) in[i] = x >> i & 1u;
        int wv = ent_game_winning(g, in);
        *win += (unsigned long long)wv;
        if (!wv) continue;
        for (size_t i = 0; i < n; i++) {
            if (!in[i]) continue;
            in[i] = 0;
            if (!ent_game_winning(g, in)) sw[i]++;
            in[i] = 1;
        }
    }
}

static void test_random_parts(void **state)
{
    (void)state;
    ent_scenario_t s;
    int w[NMAX];
    load_scenario(&s, w);
    int checked = 0, brute_checked = 0, with_types = 0, with_mwc = 0;
    for (int it = 0; it < 160; it++) {
        int n = it < 100 ? 2 + (int)rnd(13) : 13 + (int)rnd(NMAX - 12);
        char rule[4096];
        random_rule(rule, sizeof rule, n, w, it < 100 ? 0 : it % 2 ? 1 : n >= 20 ? 2 : 0);
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        if (ent_game_compile(&s, rule, "t", (ent_loc_t){1, 1}, &g, &e) != ENT_OK) fail_msg("%s: %s", rule, e.msg);
        ent_power_opts_t o;
        ent_power_opts_init(&o);
        o.indices = parts_mask() | mwc_mask() | (1u << ENT_IDX_JOHNSTON);
        o.threads = 1;
        ent_power_t a, b;
        o.method = ENT_METHOD_PARTS;
        if (ent_game_power(g, &o, &a, &e) != ENT_OK) fail_msg("%s: %s", rule, e.msg);
        assert_int_equal(a.method, ENT_METHOD_PARTS);
        const char *ty = strstr(a.why, " enumerated, ");
        assert_non_null(ty);
        with_types += atoi(ty + 13) > 0;
        o.method = ENT_METHOD_ENUM;
        assert_int_equal(ent_game_power(g, &o, &b, &e), ENT_OK);
        size_t m = ent_game_nplayers(g);
        assert_true(a.computed == parts_mask() || a.computed == (parts_mask() | mwc_mask()));
        with_mwc += (a.computed & mwc_mask()) != 0;
        assert_string_equal(a.winning, b.winning);
        if (a.computed & mwc_mask()) assert_string_equal(a.min_winning, b.min_winning);
        for (size_t k = 0; k < m; k++) {
            assert_string_equal(a.swings[k], b.swings[k]);
            for (int idx = 0; idx < ENT_IDX_COUNT; idx++)
                if (a.computed & (1u << idx)) {
                    if (strcmp(a.exact[idx][k], b.exact[idx][k]))
                        fail_msg("%s: player %zu %s %s != %s", rule, k, ent_power_index_name((ent_power_index_t)idx),
                                 a.exact[idx][k], b.exact[idx][k]);
                }
        }
        if (m <= 14) {
            unsigned long long win, sw[NMAX];
            brute(g, &win, sw);
            assert_int_equal(strtoull(a.winning, NULL, 10), win);
            for (size_t k = 0; k < m; k++) assert_int_equal(strtoull(a.swings[k], NULL, 10), sw[k]);
            brute_checked++;
        }
        checked++;
        ent_power_destroy(&a);
        ent_power_destroy(&b);
        ent_game_destroy(g);
    }
    printf("parts: %d rules, %d against brute force, %d with a part counted by weight types, %d with Holler and "
           "Deegan-Packel\n", checked, brute_checked, with_types, with_mwc);
    assert_true(checked == 160 && brute_checked >= 90 && with_types >= 30 && with_mwc >= 100);
    ent_scenario_destroy(&s);
}

static void test_not_parts(void **state)
{
    (void)state;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_text("[3; 1, 1, 1, 1]", &g, &e), ENT_OK);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.method = ENT_METHOD_PARTS;
    ent_power_t p;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "not an and/or of rules over disjoint players"));
    ent_game_destroy(g);
}

static void test_eu_olp(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/game/eu_olp.yaml", &lo, &e), ENT_OK);
    size_t ri = 0;
    while (ri < s.nrules && strcmp(s.rules[ri].id, "olp")) ri++;
    ent_game_t *g = NULL;
    assert_int_equal(ent_game_from_rule(&s, ri, NULL, &g, &e), ENT_OK);
    assert_int_equal(ent_game_nplayers(g), 747);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    ent_power_t p;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
    assert_int_equal(p.method, ENT_METHOD_PARTS);
    assert_true(p.is_exact);
    assert_int_equal(p.computed, parts_mask() | mwc_mask());
    double sum = 0, hsum = 0;
    for (size_t k = 0; k < 747; k++) sum += p.value[ENT_IDX_SHAPLEY][k], hsum += p.value[ENT_IDX_HOLLER][k];
    assert_true(sum > 1 - 1e-9 && sum < 1 + 1e-9);
    assert_true(hsum > 1 - 1e-9 && hsum < 1 + 1e-9);
    /* every MEP has the same swings; Germany more than Malta */
    assert_string_equal(p.swings[27], p.swings[746]);
    assert_true(p.value[ENT_IDX_PENROSE][0] > p.value[ENT_IDX_PENROSE][26]);
    ent_power_destroy(&p);
    /* only Johnston: refused with the reason */
    o.indices = 1u << ENT_IDX_JOHNSTON;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "Johnston is not computed over independent parts"));
    ent_game_destroy(g);
    /* the groups as blocs: a quota of several weight types, no Holler */
    ri = 0;
    while (ri < s.nrules && strcmp(s.rules[ri].id, "olp-blocs")) ri++;
    assert_int_equal(ent_game_from_rule(&s, ri, NULL, &g, &e), ENT_OK);
    o.indices = 1u << ENT_IDX_HOLLER;
    ent_error_t e2 = {0};
    assert_int_equal(ent_game_power(g, &o, &p, &e2), ENT_ELIMIT);
    assert_non_null(strstr(e2.msg, "several weight types"));
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_parts),
        cmocka_unit_test(test_not_parts),
        cmocka_unit_test(test_eu_olp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
