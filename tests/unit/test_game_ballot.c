/* SPDX-License-Identifier: MIT */
/* test_game_ballot.c — three-valued votes (for / abstain / against; issue 11, item 4):
 * ent_game_passes on rules with "none against of G" (src/game/rule.c), checked against an
 * evaluator written here from the rule's definition, on random rules over 1..6 actors and
 * every profile in {against, abstain, for}^n; that two-valued evaluation is unchanged
 * (profiles without abstentions agree with ent_game_winning); monotonicity; the canonical
 * description; parse errors of the new production.
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

/* ---- a random rule, kept as a tree so that the test can evaluate it itself ---- */
enum { L_ALL, L_ANY, L_COUNT, L_WEIGHT, L_MAJ, L_NONE_AGAINST, L_NKINDS, N_AND, N_OR };

typedef struct node {
    int kind;
    unsigned set;          /* actor bit mask (leaves) */
    int k;                 /* L_COUNT: count; L_WEIGHT: absolute threshold */
    int nkids;
    struct node *kids[3];
} node_t;

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned m)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % m);
}

static const int weight[6] = {3, 1, 4, 1, 5, 2};

static node_t *gen(int n, int depth)
{
    node_t *nd = calloc(1, sizeof *nd);
    assert_non_null(nd);
    if (depth == 0 || rnd(3) == 0) {
        nd->kind = (int)rnd(L_NKINDS);
        while (!nd->set) nd->set = rnd(1u << n);
        int m = __builtin_popcount(nd->set), tot = 0;
        for (int a = 0; a < n; a++)
            if (nd->set >> a & 1u) tot += weight[a];
        if (nd->kind == L_COUNT) nd->k = 1 + (int)rnd((unsigned)m);
        if (nd->kind == L_WEIGHT) nd->k = 1 + (int)rnd((unsigned)tot);
        return nd;
    }
    nd->kind = rnd(2) ? N_AND : N_OR;
    nd->nkids = 2 + (int)rnd(2);
    for (int i = 0; i < nd->nkids; i++) nd->kids[i] = gen(n, depth - 1);
    return nd;
}

static void node_free(node_t *nd)
{
    for (int i = 0; i < nd->nkids; i++) node_free(nd->kids[i]);
    free(nd);
}

static void text(const node_t *nd, int n, char *out, size_t cap)
{
    char set[64] = "{";
    for (int a = 0, first = 1; a < n; a++)
        if (nd->set >> a & 1u) {
            snprintf(set + strlen(set), sizeof set - strlen(set), "%sA%d", first ? "" : ", ", a);
            first = 0;
        }
    strcat(set, "}");
    size_t len = strlen(out);
    switch (nd->kind) {
    case L_ALL: snprintf(out + len, cap - len, "all of %s", set); return;
    case L_ANY: snprintf(out + len, cap - len, "any of %s", set); return;
    case L_COUNT: snprintf(out + len, cap - len, "%d of %s", nd->k, set); return;
    case L_WEIGHT: snprintf(out + len, cap - len, ">= %d of %s by w", nd->k, set); return;
    case L_MAJ: snprintf(out + len, cap - len, "majority of %s", set); return;
    case L_NONE_AGAINST: snprintf(out + len, cap - len, "none against of %s", set); return;
    default: break;
    }
    snprintf(out + len, cap - len, "(");
    for (int i = 0; i < nd->nkids; i++) {
        if (i) strncat(out, nd->kind == N_AND ? " and " : " or ", cap - strlen(out) - 1);
        text(nd->kids[i], n, out, cap);
    }
    strncat(out, ")", cap - strlen(out) - 1);
}

/* The rule's definition: ballots b[a] per actor (0 against, 1 abstain, 2 for). */
static int eval(const node_t *nd, int n, const unsigned char *b)
{
    int cnt = 0, m = 0, w = 0, against = 0;
    for (int a = 0; a < n; a++) {
        if (!(nd->set >> a & 1u)) continue;
        m++;
        cnt += b[a] == 2;
        w += b[a] == 2 ? weight[a] : 0;
        against += b[a] == 0;
    }
    switch (nd->kind) {
    case L_ALL: return cnt == m;
    case L_ANY: return cnt >= 1;
    case L_COUNT: return cnt >= nd->k;
    case L_WEIGHT: return w >= nd->k;
    case L_MAJ: return 2 * cnt > m;
    case L_NONE_AGAINST: return against == 0;
    default: break;
    }
    for (int i = 0; i < nd->nkids; i++) {
        int v = eval(nd->kids[i], n, b);
        if (nd->kind == N_AND && !v) return 0;
        if (nd->kind == N_OR && v) return 1;
    }
    return nd->kind == N_AND;
}

static void load_n(ent_scenario_t *s, int n)
{
    char y[1024] = "entente: 1\nactors:\n";
    for (int a = 0; a < n; a++)
        snprintf(y + strlen(y), sizeof y - strlen(y), "  - {id: A%d, capability: 1, attributes: {w: %d}}\n", a,
                 weight[a]);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_scenario_init(s);
    assert_int_equal(ent_scenario_load_mem(s, "ballot.yaml", y, strlen(y), &lo, &e), ENT_OK);
}

/* 200 random rules per n = 1..6, every one of the 3^n profiles. */
static void test_brute_force(void **state)
{
    (void)state;
    size_t profiles = 0, with_abstain_leaf = 0;
    for (int n = 1; n <= 6; n++) {
        ent_scenario_t s;
        load_n(&s, n);
        for (int r = 0; r < 200; r++) {
            node_t *root = gen(n, 3);
            char expr[4096] = "";
            text(root, n, expr, sizeof expr);
            ent_game_t *g = NULL;
            ent_error_t e = {0};
            if (ent_game_compile(&s, expr, "t", (ent_loc_t){1, 1}, &g, &e) != ENT_OK) {
                fprintf(stderr, "%s: %s\n", expr, e.msg);
                fail();
            }
            with_abstain_leaf += (size_t)ent_game_counts_abstentions(g);
            size_t np = ent_game_nplayers(g);
            int total = 1;
            for (int a = 0; a < n; a++) total *= 3;
            for (int code = 0; code < total; code++) {
                unsigned char b[6], pb[6], in[6];
                int c = code, abst = 0;
                for (int a = 0; a < n; a++) { b[a] = (unsigned char)(c % 3); c /= 3; abst |= b[a] == 1; }
                for (size_t k = 0; k < np; k++) {
                    pb[k] = b[ent_game_player_actor(g, k)];
                    in[k] = pb[k] == ENT_BALLOT_FOR;
                }
                /* actors outside the rule are not players: they cannot change the outcome */
                int want = eval(root, n, b), got = ent_game_passes(g, pb);
                if (want != got) {
                    fprintf(stderr, "%s: profile %d: want %d got %d\n", expr, code, want, got);
                    fail();
                }
                if (!abst) assert_int_equal(got, ent_game_winning(g, in));
                /* monotone: raising any one ballot never makes it fail */
                for (size_t k = 0; k < np && got; k++)
                    if (pb[k] < ENT_BALLOT_FOR) {
                        pb[k]++;
                        assert_int_equal(ent_game_passes(g, pb), 1);
                        pb[k]--;
                    }
                profiles++;
            }
            ent_game_destroy(g);
            node_free(root);
        }
        ent_scenario_destroy(&s);
    }
    assert_true(with_abstain_leaf > 100);  /* the generator does exercise the new leaf */
    assert_true(profiles > 100000);
}

/* The Security Council: the text rule against the practice. */
static void test_security_council(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "examples/un-security-council.yaml", &lo, &e), ENT_OK);
    ent_game_t *text_rule = NULL, *practice = NULL;
    assert_int_equal(ent_game_compile(&s, "all of p5 and 9 of members", NULL, (ent_loc_t){1, 1}, &text_rule, &e), ENT_OK);
    assert_int_equal(ent_game_compile(&s, "none against of p5 and 9 of members", NULL, (ent_loc_t){1, 1}, &practice, &e), ENT_OK);
    assert_int_equal(ent_game_counts_abstentions(text_rule), 0);
    assert_int_equal(ent_game_counts_abstentions(practice), 1);
    char *d = NULL;
    assert_int_equal(ent_game_describe(practice, &d, &e), ENT_OK);
    assert_string_equal(d, "none against of {CN, FR, RU, UK, US} and 9 of {CN, FR, RU, UK, US, AL, BR, GA, GH, AE, IN, IE, KE, MX, NO}");
    ent_free(d);
    /* S/2022/155: players in scenario order CN FR RU UK US AL BR GA GH AE IN IE KE MX NO */
    unsigned char b[15];
    memset(b, ENT_BALLOT_FOR, sizeof b);
    b[0] = b[9] = b[10] = ENT_BALLOT_ABSTAIN;   /* China, UAE, India */
    assert_int_equal(ent_game_passes(practice, b), 1);
    assert_int_equal(ent_game_passes(text_rule, b), 0);
    b[2] = ENT_BALLOT_AGAINST;                  /* Russia */
    assert_int_equal(ent_game_passes(practice, b), 0);
    b[2] = ENT_BALLOT_ABSTAIN;                  /* seven abstentions leave 8 votes for */
    b[11] = b[12] = b[13] = ENT_BALLOT_ABSTAIN;
    assert_int_equal(ent_game_passes(practice, b), 0);
    /* the same voting power: two-valued games agree */
    ent_power_t p1, p2;
    ent_power_init(&p1);
    ent_power_init(&p2);
    assert_int_equal(ent_game_power(text_rule, NULL, &p1, &e), ENT_OK);
    assert_int_equal(ent_game_power(practice, NULL, &p2, &e), ENT_OK);
    for (size_t k = 0; k < 15; k++) assert_string_equal(p1.exact[ENT_IDX_BANZHAF][k], p2.exact[ENT_IDX_BANZHAF][k]);
    assert_string_equal(p2.exact[ENT_IDX_BANZHAF][0], "106/635");
    ent_power_destroy(&p1);
    ent_power_destroy(&p2);
    ent_game_destroy(text_rule);
    ent_game_destroy(practice);
    ent_scenario_destroy(&s);
}

/* "none" is a rule id unless "against" follows; errors point into the text. */
static void test_parse(void **state)
{
    (void)state;
    static const char y[] =
        "entente: 1\n"
        "actors: [{id: A, capability: 1}, {id: B, capability: 1}]\n"
        "groups: [{id: g, members: [A, B]}]\n"
        "rules:\n"
        "  - {id: none, expr: \"any of g\"}\n"
        "  - {id: r2, expr: \"none and none against of g\"}\n";
    ent_scenario_t s;
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load_mem(&s, "p.yaml", y, strlen(y), &lo, &e), ENT_OK);
    ent_game_t *g = NULL;
    assert_int_equal(ent_game_from_rule(&s, 1, "p.yaml", &g, &e), ENT_OK);
    char *d = NULL;
    assert_int_equal(ent_game_describe(g, &d, &e), ENT_OK);
    assert_string_equal(d, "any of {A, B} and none against of {A, B}");
    ent_free(d);
    unsigned char b[2] = {ENT_BALLOT_FOR, ENT_BALLOT_ABSTAIN};
    assert_int_equal(ent_game_passes(g, b), 1);
    b[1] = ENT_BALLOT_AGAINST;
    assert_int_equal(ent_game_passes(g, b), 0);
    ent_game_destroy(g);
    assert_int_equal(ent_game_compile(&s, "none against g", "x", (ent_loc_t){3, 5}, &g, &e), ENT_EINPUT);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.col, 18);
    assert_non_null(strstr(e.msg, "expected 'of'"));
    memset(&e, 0, sizeof e);
    assert_int_equal(ent_game_compile(&s, "none against of nobody", "x", (ent_loc_t){1, 1}, &g, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "unknown group or actor 'nobody'"));
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brute_force),
        cmocka_unit_test(test_security_council),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
