/* SPDX-License-Identifier: MIT */
/* test_game_precoalitions.c — the Owen, Banzhaf–Owen and symmetric coalitional Banzhaf
 * values (src/game/owen.c): against their definitions evaluated by brute force on seeded
 * random weighted and several-quota games with random partitions; the classical reductions
 * (singletons and a single precoalition give Shapley–Shubik and Penrose); efficiency of the
 * Owen value; EPIC precoalition files; the partition's errors (file:line:col).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"

#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ent_game_t *text_game(const char *txt)
{
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_text(txt, &g, &e), ENT_OK);
    return g;
}

static uint64_t rnd_state = 20261203;
static unsigned rnd(unsigned m)
{
    rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rnd_state >> 33) % m);
}

/* The three values by their definitions: every R (other precoalitions) and T (partners). */
static void brute(const ent_game_t *g, const size_t *of, size_t m, mpq_t *val[3])
{
    size_t n = ent_game_nplayers(g);
    unsigned char in[16];
    mpz_t fr, ft, den;
    mpz_inits(fr, ft, den, NULL);
    for (size_t i = 0; i < n; i++) {
        size_t k = of[i], pk = 0;
        for (size_t j = 0; j < n; j++) pk += of[j] == k;
        for (int v = 0; v < 3; v++) mpq_set_ui(val[v][i], 0, 1);
        for (uint64_t S = 0; S < (1ULL << n); S++) {
            if ((S >> i) & 1) continue;
            /* S must be a union of whole other precoalitions plus part of i's own */
            int ok = 1;
            size_t r = 0, t = 0;
            for (size_t u = 0; u < m && ok; u++) {
                if (u == k) continue;
                size_t in_u = 0, size_u = 0;
                for (size_t j = 0; j < n; j++)
                    if (of[j] == u) { size_u++; in_u += (S >> j) & 1; }
                if (in_u && in_u != size_u) ok = 0;
                r += in_u != 0;
            }
            if (!ok) continue;
            for (size_t j = 0; j < n; j++) t += of[j] == k && ((S >> j) & 1);
            for (size_t j = 0; j < n; j++) in[j] = (S >> j) & 1;
            if (ent_game_winning(g, in)) continue;
            in[i] = 1;
            if (!ent_game_winning(g, in)) continue;
            mpq_t a;
            mpq_init(a);
            /* Owen: r!(m-1-r)!/m! t!(pk-1-t)!/pk! */
            mpz_fac_ui(fr, r); mpz_fac_ui(den, m - 1 - r); mpz_mul(fr, fr, den);
            mpz_fac_ui(ft, t); mpz_fac_ui(den, pk - 1 - t); mpz_mul(ft, ft, den);
            mpz_mul(mpq_numref(a), fr, ft);
            mpz_fac_ui(den, m); mpz_fac_ui(ft, pk); mpz_mul(mpq_denref(a), den, ft);
            mpq_canonicalize(a);
            mpq_add(val[0][i], val[0][i], a);
            /* Banzhaf–Owen: 1/2^(m-1) 1/2^(pk-1) */
            mpq_set_ui(a, 1, 1);
            mpz_mul_2exp(mpq_denref(a), mpq_denref(a), (mp_bitcnt_t)(m - 1 + pk - 1));
            mpq_add(val[1][i], val[1][i], a);
            /* symmetric coalitional Banzhaf: r!(m-1-r)!/m! 1/2^(pk-1) */
            mpz_set(mpq_numref(a), fr);
            mpz_fac_ui(den, m);
            mpz_mul_2exp(mpq_denref(a), den, (mp_bitcnt_t)(pk - 1));
            mpq_canonicalize(a);
            mpq_add(val[2][i], val[2][i], a);
            mpq_clear(a);
        }
    }
    mpz_clears(fr, ft, den, NULL);
}

static const int pc_idx[3] = {ENT_IDX_OWEN, ENT_IDX_BANZHAF_OWEN, ENT_IDX_COALITIONAL_BANZHAF};

/* A random partition of n players into m precoalitions (every one non-empty). */
static size_t random_partition(size_t n, size_t *of)
{
    size_t m = 1 + rnd((unsigned)n);
    for (size_t k = 0; k < n; k++) of[k] = k < m ? k : rnd((unsigned)m);
    for (size_t k = n; k > 1; k--) { size_t j = rnd((unsigned)k), t = of[k - 1]; of[k - 1] = of[j]; of[j] = t; }
    return m;
}

static void check_against_brute(ent_game_t *g, const size_t *of, size_t m)
{
    size_t n = ent_game_nplayers(g);
    assert_int_equal(ent_game_set_precoalitions(g, of, NULL), ENT_OK);
    assert_int_equal(ent_game_precoalitions(g, NULL), m);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = (1u << ENT_IDX_OWEN) | (1u << ENT_IDX_BANZHAF_OWEN) | (1u << ENT_IDX_COALITIONAL_BANZHAF);
    ent_power_t p;
    ent_error_t e = {0};
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
    assert_int_equal(p.computed, o.indices);
    mpq_t *val[3];
    for (int v = 0; v < 3; v++) {
        val[v] = malloc(n * sizeof(mpq_t));
        for (size_t k = 0; k < n; k++) mpq_init(val[v][k]);
    }
    brute(g, of, m, val);
    char buf[512];
    for (int v = 0; v < 3; v++)
        for (size_t k = 0; k < n; k++) {
            gmp_snprintf(buf, sizeof buf, "%Qd", val[v][k]);
            if (strcmp(p.exact[pc_idx[v]][k], buf)) fail_msg("value %d player %zu: %s, by definition %s", v, k, p.exact[pc_idx[v]][k], buf);
        }
    for (int v = 0; v < 3; v++) {
        for (size_t k = 0; k < n; k++) mpq_clear(val[v][k]);
        free(val[v]);
    }
    ent_power_destroy(&p);
}

static void test_weighted_random(void **state)
{
    (void)state;
    for (int it = 0; it < 300; it++) {
        size_t n = 1 + rnd(9);
        int64_t w[16], tot = 0;
        for (size_t k = 0; k < n; k++) { w[k] = it % 4 == 0 ? rnd(4) : 1 + rnd(12); tot += w[k]; }
        if (!tot) { w[0] = 1; tot = 1; }
        char txt[256];
        size_t len = (size_t)snprintf(txt, sizeof txt, "[%lld;", (long long)(1 + rnd((unsigned)tot)));
        for (size_t k = 0; k < n; k++) len += (size_t)snprintf(txt + len, sizeof txt - len, " %lld%s", (long long)w[k], k + 1 < n ? "," : "]");
        ent_game_t *g = text_game(txt);
        size_t of[16];
        size_t m = random_partition(n, of);
        check_against_brute(g, of, m);
        ent_game_destroy(g);
    }
}

/* Several quotas: not a single weighted quota, so every (R, T) is evaluated. */
static void test_composite_random(void **state)
{
    (void)state;
    for (int it = 0; it < 100; it++) {
        size_t n = 2 + rnd(8);
        char txt[512];
        int64_t t1 = 0, t2 = 0, a[16], b[16];
        for (size_t k = 0; k < n; k++) { a[k] = 1 + rnd(5); b[k] = rnd(9); t1 += a[k]; t2 += b[k]; }
        if (!t2) { b[0] = 1; t2 = 1; }
        size_t len = (size_t)snprintf(txt, sizeof txt, "[%lld, %lld;", (long long)(1 + rnd((unsigned)t1)), (long long)(1 + rnd((unsigned)t2)));
        for (size_t k = 0; k < n; k++) len += (size_t)snprintf(txt + len, sizeof txt - len, " %lld %lld%s", (long long)a[k], (long long)b[k], k + 1 < n ? "," : "]");
        ent_game_t *g = text_game(txt);
        assert_int_equal(ent_game_is_weighted(g, NULL, NULL), 0);
        size_t of[16];
        size_t m = random_partition(n, of);
        check_against_brute(g, of, m);
        ent_game_destroy(g);
    }
}

/* Singletons: Owen = coalitional Banzhaf = Shapley–Shubik, Banzhaf–Owen = Penrose. One
 * precoalition: Owen = Shapley–Shubik, Banzhaf–Owen = coalitional Banzhaf = Penrose. The
 * Owen value sums to 1. */
static void test_reductions(void **state)
{
    (void)state;
    /* the last game: one precoalition of 70 members takes the big-integer tables (above 62) */
    const char *games[] = {"[39; 7x5, 1x10]", "[51; 35,20,15,15,15]", "[129; 55,38,29,29,20,18,16,15,13,12,11]",
                           "[50; 1x60, 3x10]"};
    for (size_t gi = 0; gi < 4; gi++) {
        ent_game_t *g = text_game(games[gi]);
        size_t n = ent_game_nplayers(g), of[80];
        for (int single = 0; single < 2; single++) {
            for (size_t k = 0; k < n; k++) of[k] = single ? 0 : k;
            assert_int_equal(ent_game_set_precoalitions(g, of, NULL), ENT_OK);
            ent_power_t p;
            assert_int_equal(ent_game_power(g, NULL, &p, NULL), ENT_OK);
            assert_int_equal(p.computed, ENT_POWER_ALL);
            mpq_t sum, x;
            mpq_inits(sum, x, NULL);
            for (size_t k = 0; k < n; k++) {
                assert_string_equal(p.exact[ENT_IDX_OWEN][k], p.exact[ENT_IDX_SHAPLEY][k]);
                assert_string_equal(p.exact[ENT_IDX_BANZHAF_OWEN][k], p.exact[ENT_IDX_PENROSE][k]);
                assert_string_equal(p.exact[ENT_IDX_COALITIONAL_BANZHAF][k], p.exact[single ? ENT_IDX_PENROSE : ENT_IDX_SHAPLEY][k]);
                mpq_set_str(x, p.exact[ENT_IDX_OWEN][k], 10);
                mpq_canonicalize(x);
                mpq_add(sum, sum, x);
            }
            assert_int_equal(mpq_cmp_ui(sum, 1, 1), 0);
            mpq_clears(sum, x, NULL);
            ent_power_destroy(&p);
        }
        ent_game_destroy(g);
    }
}

/* An EPIC precoalition file (EPIC's unit case 2): quota, then one precoalition a line. */
static void test_epic_file(void **state)
{
    (void)state;
    char path[] = "/tmp/ent_pc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char txt[] = "68\n60\n34,13,11\n17\n";
    assert_int_equal(write(fd, txt, sizeof txt - 1), (ssize_t)(sizeof txt - 1));
    close(fd);
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_read_weights(path, NULL, 0, &g, &e), ENT_OK);
    const size_t *of = NULL;
    assert_int_equal(ent_game_precoalitions(g, &of), 3);
    assert_int_equal(of[0], 0);
    assert_int_equal(of[1], 1);
    assert_int_equal(of[3], 1);
    assert_int_equal(of[4], 2);
    ent_power_t p;
    assert_int_equal(ent_game_power(g, NULL, &p, NULL), ENT_OK);
    const char *owen[] = {"1/3", "1/9", "1/9", "1/9", "1/3"}, *bo[] = {"1/2", "1/8", "1/8", "1/8", "1/2"};
    for (size_t k = 0; k < 5; k++) {
        assert_string_equal(p.exact[ENT_IDX_OWEN][k], owen[k]);
        assert_string_equal(p.exact[ENT_IDX_BANZHAF_OWEN][k], bo[k]);
    }
    ent_power_destroy(&p);
    ent_game_destroy(g);
    /* an empty weight inside a precoalition line: file:line:col */
    FILE *f = fopen(path, "w");
    fputs("68\n60\n34,,11\n17\n", f);
    fclose(f);
    assert_int_equal(ent_game_read_weights(path, NULL, 0, &g, &e), ENT_EINPUT);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.col, 4);
    unlink(path);
}

static void expect_error(const char *text, int col, const char *what)
{
    ent_game_t *g = text_game("[11; 9,5,3,3]");
    ent_error_t e = {0};
    assert_int_equal(ent_game_parse_precoalitions(g, NULL, text, "--precoalitions", (ent_loc_t){1, 1}, &e), ENT_EINPUT);
    assert_string_equal(e.file, "--precoalitions");
    assert_int_equal(e.line, 1);
    assert_int_equal(e.col, col);
    assert_non_null(strstr(e.msg, what));
    assert_int_equal(ent_game_precoalitions(g, NULL), 0);   /* nothing set on failure */
    ent_game_destroy(g);
}

static void test_parse_errors(void **state)
{
    (void)state;
    expect_error("1; 2; 3", 1, "player '4' is in no precoalition");
    expect_error("1, 2; 2, 3, 4", 7, "already in precoalition 1");
    expect_error("1; 2; 3, x", 10, "unknown player or group 'x'");
    expect_error("1;; 2, 3, 4", 3, "empty precoalition");
    expect_error("1; 2; 3, 4;", 12, "empty precoalition");
    /* and a good one */
    ent_game_t *g = text_game("[11; 9,5,3,3]");
    assert_int_equal(ent_game_parse_precoalitions(g, NULL, " 1 ; 2 ; 3 , 4 ", "x", (ent_loc_t){1, 1}, NULL), ENT_OK);
    const size_t *of = NULL;
    assert_int_equal(ent_game_precoalitions(g, &of), 3);
    assert_int_equal(of[2], 2);
    assert_int_equal(of[3], 2);
    /* an empty precoalition number given directly */
    size_t bad[4] = {0, 2, 2, 2};
    ent_error_t e = {0};
    assert_int_equal(ent_game_set_precoalitions(g, bad, &e), ENT_EINVAL);
    assert_int_equal(ent_game_precoalitions(g, NULL), 3);   /* the previous one is kept */
    assert_int_equal(ent_game_set_precoalitions(g, NULL, NULL), ENT_OK);
    assert_int_equal(ent_game_precoalitions(g, NULL), 0);
    /* precoalition values without precoalitions */
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = 1u << ENT_IDX_OWEN;
    ent_power_t p;
    assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_EINVAL);
    assert_int_equal(p.computed, 0);
    ent_game_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weighted_random),
        cmocka_unit_test(test_composite_random),
        cmocka_unit_test(test_reductions),
        cmocka_unit_test(test_epic_file),
        cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
