/* SPDX-License-Identifier: MIT */
/* test_game_rule.c — the rule grammar and the rule queries (src/game/rule.c, power.c):
 * parsing against a scenario, errors with file:line:col, named rules and cycles, standalone
 * weighted games and weights files, winning/blocking, veto players, dummies, minimal
 * winning/blocking coalitions (counts and listings), passing over an objection, naming
 * players (ent_game_mark_players) and one query as `entente rule` asks it (ent_game_query).
 * Scenarios are built from YAML text in the test (the loader, src/scenario/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char base_yaml[] =
    "entente: 1\n"
    "actors:\n"
    "  - {id: A, capability: 1, attributes: {pop: 50, gdp: 1.5}}\n"
    "  - {id: B, capability: 2, attributes: {pop: 30, gdp: 2.25}}\n"
    "  - {id: C, capability: 3, attributes: {pop: 15, gdp: 0.5}}\n"
    "  - {id: D, capability: 4, attributes: {pop: 5, gdp: 4, label: small}}\n"
    "  - {id: E, capability: 5, attributes: {pop: 0}}\n"
    "groups:\n"
    "  - {id: big, members: [A, B]}\n"
    "  - {id: small, members: [C, D]}\n"
    "  - {id: everyone, members: [A, B, C, D, E]}\n"
    "rules:\n"
    "  - {id: maj, expr: \"majority of everyone\"}\n"
    "  - {id: dbl, expr: \">= 3 of everyone and >= 65% of everyone by pop\"}\n"
    "  - {id: alt, expr: \"dbl or all of small\"}\n";

static ent_scenario_t S;

static int setup(void **state)
{
    (void)state;
    ent_scenario_init(&S);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_status_t st = ent_scenario_load_mem(&S, "base.yaml", base_yaml, strlen(base_yaml), &lo, &e);
    if (st) fprintf(stderr, "load: %s\n", e.msg);
    return st == ENT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ent_scenario_destroy(&S);
    return 0;
}

static ent_game_t *compile(const char *expr)
{
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    ent_loc_t loc = {1, 1};
    ent_status_t st = ent_game_compile(&S, expr, "t", loc, &g, &e);
    if (st) fprintf(stderr, "%s: %s\n", expr, e.msg);
    assert_int_equal(st, ENT_OK);
    return g;
}

static void expect_error(const char *expr, int line, int col, const char *fragment)
{
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    ent_loc_t loc = {3, 10};
    assert_int_equal(ent_game_compile(&S, expr, "file.yaml", loc, &g, &e), ENT_EINPUT);
    assert_null(g);
    if (!strstr(e.msg, fragment) || e.line != line || e.col != col)
        fprintf(stderr, "'%s': got %d:%d %s\n", expr, e.line, e.col, e.msg);
    assert_string_equal(e.file, "file.yaml");
    assert_int_equal(e.line, line);
    assert_int_equal(e.col, col);
    assert_non_null(strstr(e.msg, fragment));
}

static int win(const ent_game_t *g, const char *members)
{
    unsigned char in[16] = {0};
    for (size_t k = 0; k < ent_game_nplayers(g); k++)
        in[k] = strchr(members, ent_game_player_name(g, k)[0]) != NULL;
    return ent_game_winning(g, in);
}

static void test_players_and_winning(void **state)
{
    (void)state;
    ent_game_t *g = compile("all of big and any of {C, D}");
    assert_int_equal(ent_game_nplayers(g), 4);   /* E is not involved */
    assert_string_equal(ent_game_player_name(g, 3), "D");
    assert_int_equal(ent_game_player_actor(g, 3), 3);
    assert_int_equal(win(g, "ABC"), 1);
    assert_int_equal(win(g, "ABD"), 1);
    assert_int_equal(win(g, "AB"), 0);
    assert_int_equal(win(g, "ACD"), 0);
    unsigned char veto[4];
    ent_error_t e = {0};
    assert_int_equal(ent_game_veto_players(g, veto, &e), ENT_OK);
    assert_int_equal(veto[0] + veto[1] * 2 + veto[2] * 4 + veto[3] * 8, 3);
    unsigned char in[4] = {0, 0, 1, 1};   /* C and D together block */
    assert_int_equal(ent_game_blocking(g, in), 1);
    in[3] = 0;
    assert_int_equal(ent_game_blocking(g, in), 0);
    ent_game_destroy(g);
}

static void test_shares_and_attributes(void **state)
{
    (void)state;
    /* pop total 100: >= 65% needs 65 */
    ent_game_t *g = compile(">= 65% of everyone by pop");
    assert_int_equal(ent_game_nplayers(g), 4);   /* E has weight 0: not a player */
    assert_int_equal(win(g, "AC"), 1);
    assert_int_equal(win(g, "AD"), 0);
    assert_int_equal(win(g, "BCD"), 0);
    int64_t q, t;
    assert_int_equal(ent_game_is_weighted(g, &q, &t), 1);
    assert_int_equal(q, 65);
    assert_int_equal(t, 100);
    ent_game_destroy(g);
    /* strictly more than half; decimals scaled to integers (gdp x 100) */
    g = compile("> 50% of everyone by pop");
    assert_int_equal(win(g, "A"), 0);
    assert_int_equal(win(g, "AD"), 1);
    ent_game_destroy(g);
    g = compile(">= 4 of {A, B, C, D} by gdp");
    assert_int_equal(ent_game_is_weighted(g, &q, &t), 1);
    assert_int_equal(q, 400);
    assert_int_equal(t, 825);
    assert_int_equal(win(g, "D"), 1);
    assert_int_equal(win(g, "ABC"), 1);
    assert_int_equal(win(g, "AB"), 0);
    ent_game_destroy(g);
    /* capability as weights; unicode >= */
    g = compile("\xE2\x89\xA5 8 of everyone by capability");
    assert_int_equal(win(g, "DE"), 1);
    assert_int_equal(win(g, "ABD"), 0);
    ent_game_destroy(g);
}

static void test_named_rules(void **state)
{
    (void)state;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_rule(&S, 2, "base.yaml", &g, &e), ENT_OK);   /* alt */
    assert_int_equal(ent_game_nplayers(g), 5);
    assert_int_equal(win(g, "CD"), 1);          /* all of small */
    assert_int_equal(win(g, "ABE"), 1);         /* 3 members, pop 80 */
    assert_int_equal(win(g, "ACE"), 1);         /* pop 65 */
    assert_int_equal(win(g, "ADE"), 0);         /* pop 55 */
    ent_game_destroy(g);
    g = compile("maj and veto E");
    assert_int_equal(win(g, "ABC"), 0);
    assert_int_equal(win(g, "ABE"), 1);
    ent_game_destroy(g);
    g = compile("(maj)");
    char *d = NULL;
    assert_int_equal(ent_game_describe(g, &d, NULL), ENT_OK);
    assert_string_equal(d, "3 of {A, B, C, D, E}");
    ent_free(d);
    ent_game_destroy(g);
}

static void test_errors(void **state)
{
    (void)state;
    /* the rule text starts at line 3, column 10 of file.yaml */
    expect_error("all of nobody", 3, 17, "unknown group or actor 'nobody'");
    expect_error("all of big and", 3, 24, "expected a rule");
    expect_error("all big", 3, 14, "expected 'of'");
    expect_error("6 of everyone", 3, 10, "between 1 and 5");
    expect_error(">= 101% of everyone by pop", 3, 10, "above the total weight");
    expect_error(">= 50% of {D} by label", 3, 27, "not a number");
    expect_error(">= 50% of everyone by label", 3, 32, "actor 'A' has no attribute 'label'");
    expect_error("all of big\n  or frob", 4, 6, "unknown rule 'frob'");
    expect_error("all of big )", 3, 21, "unexpected ')'");
    expect_error("", 3, 10, "empty rule");
    expect_error("(all of big", 3, 21, "expected ')'");
    expect_error("2.5 of big", 3, 10, "whole number");
}

static void test_cycles_and_empty_groups(void **state)
{
    (void)state;
    /* a valid scenario (loading compiles every rule), made bad in memory afterwards */
    const char y[] =
        "entente: 1\n"
        "actors:\n  - {id: A, capability: 1, attributes: {w: -3}}\n  - {id: B, capability: 1}\n"
        "groups:\n  - {id: solo, members: [B]}\n  - {id: ab, members: [A, B]}\n"
        "rules:\n"
        "  - {id: r1, expr: \"r2 and all of ab\"}\n"
        "  - {id: r2, expr: \"any of ab or r3\"}\n"
        "  - {id: r3, expr: \"all of ab\"}\n";
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load_mem(&s, "cyc.yaml", y, strlen(y), &lo, &e), ENT_OK);
    free(s.rules[2].expr);
    s.rules[2].expr = strdup("r1");          /* r1 -> r2 -> r3 -> r1 */
    s.groups[0].n = 0;                        /* 'solo' now has no members */
    ent_game_t *g = NULL;
    assert_int_equal(ent_game_from_rule(&s, 0, "cyc.yaml", &g, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "cycle: r1 -> r2 -> r3 -> r1"));
    assert_null(g);
    ent_error_clear(&e);
    ent_loc_t loc = {1, 1};
    assert_int_equal(ent_game_compile(&s, "all of solo", NULL, loc, &g, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "group 'solo' is empty"));
    ent_error_clear(&e);
    assert_int_equal(ent_game_compile(&s, ">= 1 of ab by w", NULL, loc, &g, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "negative weight"));
    ent_scenario_destroy(&s);
}

static void test_standalone_games(void **state)
{
    (void)state;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_text("[50%; 3x2, 1x4]", &g, &e), ENT_OK);
    int64_t q, t;
    assert_int_equal(ent_game_is_weighted(g, &q, &t), 1);
    assert_int_equal(q, 5);
    assert_int_equal(t, 10);
    assert_int_equal(ent_game_nplayers(g), 6);
    assert_string_equal(ent_game_player_name(g, 5), "6");
    assert_true(ent_game_player_weight(g, 0) == 3.0);
    ent_game_destroy(g);
    /* two quotas: members and weight */
    assert_int_equal(ent_game_from_text("[2, 60%; 1 50, 1 30, 1 20]", &g, &e), ENT_OK);
    assert_int_equal(ent_game_is_weighted(g, NULL, NULL), 0);
    unsigned char in[3] = {1, 1, 0};
    assert_int_equal(ent_game_winning(g, in), 1);
    in[0] = 0; in[2] = 1;   /* B, C: 50 of 100 */
    assert_int_equal(ent_game_winning(g, in), 0);
    ent_game_destroy(g);
    const char *bad[] = {"[11; 3, 4]", "[3; 2, -1]", "[0; 1]", "3; 1, 2", "[3; 1, 2", "[2.5; 3]", "[3; 1.5, 2]", "[2, 2; 1, 1]"};
    const char *why[] = {"above the total", "negative weight", "at least 1", "[q; w1", "',' or ']'", "whole number or a percentage", "whole numbers", "one weight per quota"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ent_error_clear(&e);
        g = NULL;
        assert_int_equal(ent_game_from_text(bad[i], &g, &e), ENT_EINPUT);
        if (!strstr(e.msg, why[i])) fprintf(stderr, "%s: %s\n", bad[i], e.msg);
        assert_non_null(strstr(e.msg, why[i]));
        assert_null(g);
    }
}

static void test_weights_files(void **state)
{
    (void)state;
    char path[] = "/tmp/ent_game_weightsXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("state,electors\nX,5\nY,3\nZ,1\n", f);
    fclose(f);
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_read_weights(path, "5", 0, &g, &e), ENT_OK);
    assert_string_equal(ent_game_player_name(g, 1), "Y");
    assert_true(ent_game_player_weight(g, 2) == 1.0);
    ent_game_destroy(g);
    assert_int_equal(ent_game_read_weights(path, "10", 0, &g, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "above the total"));
    ent_error_clear(&e);
    assert_int_equal(ent_game_read_weights(path, NULL, 0, &g, &e), ENT_EINVAL);
    /* EPIC game file: first line the quota */
    f = fopen(path, "w");
    fputs("6\n4\n3\n2\n1\n", f);
    fclose(f);
    ent_error_clear(&e);
    assert_int_equal(ent_game_read_weights(path, NULL, 0, &g, &e), ENT_OK);
    assert_int_equal(ent_game_nplayers(g), 4);
    int64_t q;
    ent_game_is_weighted(g, &q, NULL);
    assert_int_equal(q, 6);
    ent_game_destroy(g);
    /* the same lines as weights only */
    assert_int_equal(ent_game_read_weights(path, "50%", 1, &g, &e), ENT_OK);
    assert_int_equal(ent_game_nplayers(g), 5);
    ent_game_is_weighted(g, &q, NULL);
    assert_int_equal(q, 8);
    ent_game_destroy(g);
    f = fopen(path, "w");
    fputs("name,weight\nX,5\nY,-2\n", f);
    fclose(f);
    ent_error_clear(&e);
    assert_int_equal(ent_game_read_weights(path, "1", 0, &g, &e), ENT_EINPUT);
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.msg, "negative weight"));
    remove(path);
}

static void test_minimal_and_dummies(void **state)
{
    (void)state;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    /* [6; 4,3,2,1,0]: MWC {1,2}, {1,3}, {2,3,4}; player 5 is a dummy */
    assert_int_equal(ent_game_from_text("[6; 4,3,2,1,0]", &g, &e), ENT_OK);
    ent_coalitions_t c;
    assert_int_equal(ent_game_minimal(g, ENT_COALITIONS_WINNING, 10, &c, &e), ENT_OK);
    assert_string_equal(c.count, "3");
    assert_int_equal(c.nlisted, 3);
    assert_int_equal(c.complete, 1);
    const unsigned char want[3][5] = {{1, 1, 0, 0, 0}, {1, 0, 1, 0, 0}, {0, 1, 1, 1, 0}};
    for (int i = 0; i < 3; i++) assert_memory_equal(c.members[i], want[i], 5);
    ent_coalitions_destroy(&c);
    /* minimal blocking: S blocks when w(S) >= 5: {1,2}, {1,3}, {1,4}, {2,3} */
    assert_int_equal(ent_game_minimal(g, ENT_COALITIONS_BLOCKING, 1, &c, &e), ENT_OK);
    assert_string_equal(c.count, "4");
    assert_int_equal(c.nlisted, 1);
    assert_int_equal(c.complete, 0);
    ent_coalitions_destroy(&c);
    unsigned char dummy[5];
    assert_int_equal(ent_game_dummy_players(g, dummy, &e), ENT_OK);
    assert_int_equal(dummy[4], 1);
    assert_int_equal(dummy[3], 0);
    ent_game_destroy(g);
}

/* Minimal blocking coalitions by brute force on random games, against ent_game_minimal. */
static void test_minimal_brute(void **state)
{
    (void)state;
    uint64_t r = 99;
    for (int it = 0; it < 200; it++) {
        char txt[256];
        int n = 1 + (int)((r = r * 6364136223846793005ULL + 1) >> 60) % 9;
        int64_t w[16], tot = 0;
        for (int k = 0; k < n; k++) { w[k] = (int64_t)((r = r * 6364136223846793005ULL + 1) >> 59); tot += w[k]; }
        if (!tot) { w[0] = 1; tot = 1; }
        int64_t q = 1 + (int64_t)(((r = r * 6364136223846793005ULL + 1) >> 33) % (uint64_t)tot);
        size_t len = (size_t)snprintf(txt, sizeof txt, "[%lld;", (long long)q);
        for (int k = 0; k < n; k++) len += (size_t)snprintf(txt + len, sizeof txt - len, " %lld%s", (long long)w[k], k + 1 < n ? "," : "]");
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        assert_int_equal(ent_game_from_text(txt, &g, &e), ENT_OK);
        for (int bl = 0; bl < 2; bl++) {
            size_t N = (size_t)1 << n, cnt = 0;
            for (size_t x = 0; x < N; x++) {
                unsigned char in[16];
                for (int k = 0; k < n; k++) in[k] = (x >> k) & 1;
                int f = bl ? ent_game_blocking(g, in) : ent_game_winning(g, in);
                if (!f) continue;
                int minimal = 1;
                for (int k = 0; k < n && minimal; k++) {
                    if (!in[k]) continue;
                    in[k] = 0;
                    if (bl ? ent_game_blocking(g, in) : ent_game_winning(g, in)) minimal = 0;
                    in[k] = 1;
                }
                cnt += (size_t)minimal;
            }
            ent_coalitions_t c;
            assert_int_equal(ent_game_minimal(g, bl ? ENT_COALITIONS_BLOCKING : ENT_COALITIONS_WINNING, 1000, &c, &e), ENT_OK);
            char buf[32];
            snprintf(buf, sizeof buf, "%zu", cnt);
            assert_string_equal(c.count, buf);
            assert_int_equal(c.nlisted, cnt);
            assert_int_equal(c.complete, 1);
            /* listed in lexicographic order of member lists, each minimal */
            for (size_t i = 0; i + 1 < c.nlisted; i++) {
                int k = 0;
                while (k < n && c.members[i][k] == c.members[i + 1][k]) k++;
                assert_true(k < n && c.members[i][k] == 1);
            }
            ent_coalitions_destroy(&c);
        }
        ent_game_destroy(g);
    }
}

static void test_over(void **state)
{
    (void)state;
    ent_game_t *g = compile("all of big and 3 of everyone");   /* players A..E */
    ent_over_t o;
    ent_error_t e = {0};
    unsigned char obj[5] = {0, 0, 1, 1, 1};   /* C, D, E object: A, B alone fail */
    assert_int_equal(ent_game_over(g, obj, &o, &e), ENT_OK);
    assert_int_equal(o.passes, 0);
    assert_int_equal(o.nveto, 0);
    assert_int_equal(o.nmust, 1);
    assert_int_equal(o.must_switch[2], 1);   /* first in order: C */
    ent_over_destroy(&o);
    unsigned char obj2[5] = {1, 0, 0, 0, 0};  /* A is a veto player */
    assert_int_equal(ent_game_over(g, obj2, &o, &e), ENT_OK);
    assert_int_equal(o.passes, 0);
    assert_int_equal(o.nveto, 1);
    assert_int_equal(o.veto[0], 1);
    assert_int_equal(o.nmust, 1);
    assert_int_equal(o.must_switch[0], 1);
    ent_over_destroy(&o);
    unsigned char obj3[5] = {0, 0, 0, 1, 1};
    assert_int_equal(ent_game_over(g, obj3, &o, &e), ENT_OK);
    assert_int_equal(o.passes, 1);
    assert_int_equal(o.nmust, 0);
    ent_over_destroy(&o);
    ent_game_destroy(g);
    /* weighted: the heaviest objectors switch first */
    assert_int_equal(ent_game_from_text("[7; 1, 5, 3, 2, 1]", &g, &e), ENT_OK);
    unsigned char obj4[5] = {0, 1, 1, 1, 0};
    assert_int_equal(ent_game_over(g, obj4, &o, &e), ENT_OK);
    assert_int_equal(o.passes, 0);
    assert_int_equal(o.nmust, 1);
    assert_int_equal(o.must_switch[1], 1);
    ent_over_destroy(&o);
    ent_over_destroy(NULL);
    ent_game_destroy(g);
    ent_game_destroy(NULL);
}

static void test_mark_players(void **state)
{
    (void)state;
    ent_game_t *g = compile("all of small");   /* players C, D */
    assert_int_equal(ent_game_nplayers(g), 2);
    unsigned char f[2] = {0, 0};
    ent_error_t e = {0};
    assert_int_equal(ent_game_mark_players(g, &S, "small", f, &e), ENT_OK);
    assert_true(f[0] && f[1]);
    memset(f, 0, 2);
    assert_int_equal(ent_game_mark_players(g, &S, "A,D", f, &e), ENT_OK);   /* A: not involved */
    assert_true(!f[0] && f[1]);
    assert_int_equal(ent_game_mark_players(g, &S, "D,Z", f, &e), ENT_EINPUT);
    assert_string_equal(e.msg, "unknown player or group 'Z'");
    ent_error_clear(&e);
    assert_int_equal(ent_game_mark_players(g, NULL, "small", f, &e), ENT_EINPUT);   /* no scenario: no groups */
    ent_error_clear(&e);
    assert_int_equal(ent_game_mark_players(g, &S, "C,,D", f, &e), ENT_EINVAL);
    ent_game_destroy(g);
}

static void test_query(void **state)
{
    (void)state;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_text("[6; 4,3,2,1,0]", &g, &e), ENT_OK);
    ent_rule_query_t q;
    /* the summary (NULL options) */
    assert_int_equal(ent_game_query(g, NULL, &q, &e), ENT_OK);
    assert_string_equal(q.rule, ">= 6 of {1:4, 2:3, 3:2, 4:1}");   /* weight 0: not listed */
    assert_int_equal(q.n, 5);
    assert_true(q.has_summary && q.has_counts && !q.has_coalition && !q.has_over && !q.has_listing);
    const unsigned char none[5] = {0, 0, 0, 0, 0}, dummy[5] = {0, 0, 0, 0, 1};
    assert_memory_equal(q.veto, none, 5);
    assert_int_equal(q.dummy_error.status, ENT_OK);
    assert_memory_equal(q.dummy, dummy, 5);
    assert_string_equal(q.count[ENT_COALITIONS_WINNING], "3");
    assert_string_equal(q.count[ENT_COALITIONS_BLOCKING], "4");
    ent_rule_query_destroy(&q);
    ent_rule_query_destroy(&q);   /* the struct is empty again */
    /* a coalition, objectors and a listing, no summary */
    ent_rule_query_opts_t o;
    ent_rule_query_opts_init(&o);
    const unsigned char c12[5] = {1, 1, 0, 0, 0}, c34[5] = {0, 0, 1, 1, 0};
    o.coalition = c12;
    o.objectors = c12;
    o.summary = 0;
    o.list_minimal = 1;
    o.list_kind = ENT_COALITIONS_BLOCKING;
    o.limit = 2;
    assert_int_equal(ent_game_query(g, &o, &q, &e), ENT_OK);
    assert_true(q.has_coalition && q.winning && q.blocking);
    assert_true(q.has_over && !q.over.passes && q.over.nmust == 1 && q.over.must_switch[0]);
    assert_true(!q.has_summary && !q.has_counts && q.has_listing);
    assert_int_equal(q.listing_kind, ENT_COALITIONS_BLOCKING);
    assert_string_equal(q.listing.count, "4");
    assert_int_equal(q.listing.nlisted, 2);
    assert_int_equal(q.listing.complete, 0);
    ent_rule_query_destroy(&q);
    o.coalition = c34;
    o.objectors = NULL;
    o.list_minimal = 0;
    assert_int_equal(ent_game_query(g, &o, &q, &e), ENT_OK);
    assert_true(!q.winning && !q.blocking && !q.has_over);
    ent_rule_query_destroy(&q);
    ent_game_destroy(g);
    /* refusals inside the summary are kept in the result, the call succeeds */
    assert_int_equal(ent_game_from_text("[101; 1x200]", &g, &e), ENT_OK);
    assert_int_equal(ent_game_query(g, NULL, &q, &e), ENT_OK);
    assert_int_equal(q.count_error[ENT_COALITIONS_WINNING].status, ENT_ELIMIT);
    assert_null(q.count[ENT_COALITIONS_WINNING]);
    ent_rule_query_destroy(&q);
    /* a refused listing is an error of the call, and leaves the result empty */
    ent_rule_query_opts_init(&o);
    o.list_minimal = 1;
    assert_int_equal(ent_game_query(g, &o, &q, &e), ENT_ELIMIT);
    assert_null(q.rule);
    assert_null(q.veto);
    ent_game_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_players_and_winning),
        cmocka_unit_test(test_shares_and_attributes),
        cmocka_unit_test(test_named_rules),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_cycles_and_empty_groups),
        cmocka_unit_test(test_standalone_games),
        cmocka_unit_test(test_weights_files),
        cmocka_unit_test(test_minimal_and_dummies),
        cmocka_unit_test(test_minimal_brute),
        cmocka_unit_test(test_over),
        cmocka_unit_test(test_mark_players),
        cmocka_unit_test(test_query),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
