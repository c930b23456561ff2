/* SPDX-License-Identifier: MIT */
/* test_bdm.c — unit tests of the expected-utility kernel (src/forecast/bdm.c) on arrays.
 *
 * Reference values: ../shared/docs/models/bdm.md §C (test vectors of the jmckib replication,
 * variant scholz2011, printed with Python repr; and of the printed / eum-literal variants).
 * Input: the emission-standards table (BDM & Stokman 1994 p. 78 = Scholz et al. 2011 Table 1),
 * ten numbers per column, typed below. Full-precision values are compared bit for bit (==),
 * which also checks that the build does not contract a*b+c into fused multiply-adds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

enum { NL, BE, LU, DE, FR, IT, UK, IE, DK, GR, N_EM };
static const double em_c[N_EM] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
static const double em_x[N_EM] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
static const double em_s[N_EM] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};

/* §C.2: mean (repr) and median per round, rounds 0..10. */
static const double em_mean[11] = {7.389955686853767, 7.461314378277189, 7.552500865855845,
                                   7.590144997451547, 7.358130531334201, 7.3491739896752115,
                                   7.414877545372958, 7.510457183677219, 7.5724470975503,
                                   7.324989065683666, 7.242130958473938};
static const double em_median[11] = {7.0, 8.415932315426764, 9.610859134120188, 9.961979590401311,
                                     9.961979590401311, 9.961979590401311, 7.47204636191629,
                                     8.824593855262423, 9.671129769802048, 9.671129769802048, 7.0};
/* the published two-decimal path (issue 4) */
static const double em_mean2[11] = {7.39, 7.46, 7.55, 7.59, 7.36, 7.35, 7.41, 7.51, 7.57, 7.32, 7.24};

static ent_bdm_opts_t opts_variant(ent_bdm_variant_t v)
{
    ent_bdm_opts_t o;
    ent_bdm_opts_init(&o);
    o.variant = v;
    return o;
}

static void solve_ok(const ent_bdm_opts_t *o, int rounds, ent_bdm_result_t *r)
{
    ent_error_t e = {0};
    assert_int_equal(ent_bdm_solve(N_EM, em_c, em_x, em_s, rounds, o, r, &e), ENT_OK);
}

/* ---------------------------------------------------------------- scholz2011 */

static void scholz_mean_path_bit_exact(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_result_t r;
    solve_ok(&o, 10, &r);
    assert_int_equal(r.nstates, 11);
    assert_int_equal(r.exact, 1);
    assert_true(r.R == 6.0);
    for (int t = 0; t <= 10; t++) {
        assert_true(r.mean[t] == em_mean[t]);
        assert_true(r.median[t] == em_median[t]);
        assert_true(fabs(r.mean[t] - em_mean2[t]) <= 0.005 + 1e-12);
    }
    assert_int_equal(r.degenerate, 0);
    assert_int_equal(r.median_ties, 0);
    ent_bdm_result_destroy(&r);
    ent_bdm_result_destroy(&r); /* destroy twice: the second is a no-op */
    ent_bdm_result_destroy(NULL);
}

static void scholz_executed_offers(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_result_t r;
    solve_ok(&o, 10, &r);
    /* §C.2 table: Belgium's new position and proposer each round; Luxembourg follows
     * Belgium, Ireland follows Luxembourg (rounds 1-5) then Belgium (6-10). */
    static const double bel[11] = {0, 8.415932315426764, 9.610859134120188, 9.961979590401311,
                                   4.800881140632622, 5.524237694197356, 7.47204636191629,
                                   8.824593855262423, 9.671129769802048, 4.144849062500606,
                                   4.291541224979646};
    assert_int_equal(r.noffers, 30);
    for (int t = 1; t <= 10; t++) {
        const ent_bdm_offer_t *of = &r.offers[(t - 1) * 3];
        assert_int_equal(of[0].round, t);
        assert_int_equal(of[0].receiver, BE);
        assert_int_equal(of[0].proposer, (t == 4 || t == 9) ? NL : FR);
        assert_int_equal(of[0].kind, ENT_BDM_OFFER_COMPROMISE);
        assert_true(of[0].x_new == bel[t]);
        assert_true(r.x[t * N_EM + BE] == bel[t]);
        assert_int_equal(of[1].receiver, LU);
        assert_int_equal(of[1].proposer, BE);
        assert_true(of[1].x_new == r.x[(t - 1) * N_EM + BE]);
        assert_int_equal(of[2].receiver, IE);
        assert_int_equal(of[2].proposer, t <= 5 ? LU : BE);
        assert_true(of[2].x_new == r.x[(t - 1) * N_EM + of[2].proposer]);
    }
    /* round 1 in detail */
    assert_int_equal(r.offers[1].kind, ENT_BDM_OFFER_CONFRONTATION);
    assert_true(r.offers[1].x_new == 7.0);
    assert_int_equal(r.offers[2].kind, ENT_BDM_OFFER_CONFRONTATION);
    assert_true(r.offers[2].x_new == 4.0);
    /* the others never move */
    for (int t = 0; t <= 10; t++)
        for (int k = 0; k < N_EM; k++)
            if (k != BE && k != LU && k != IE) assert_true(r.x[t * N_EM + k] == em_x[k]);
    ent_bdm_result_destroy(&r);
}

static void scholz_round1_risk(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_round_t rd;
    ent_error_t e = {0};
    assert_int_equal(ent_bdm_round_inspect(N_EM, em_c, em_x, em_s, 0, &o, &rd, &e), ENT_OK);
    assert_true(rd.R == 6.0);
    assert_true(rd.z_risk == 28.23299999999985);
    assert_true(rd.z_offer == 28.333460341639505);
    static const double D[N_EM] = {-5.249282754223781, 1.4283356356037258, 5.437679311444056,
                                   -5.249282754223781, -2.0939326320263505, -2.0939326320263505,
                                   -8.640898948039528, 5.607083908900933, -8.811603442779726,
                                   -2.750412637693478};
    static const double R1[N_EM] = {1.4056527842180304, 0.7541959272436861, 0.5088637910269406,
                                    1.4056527842180304, 1.0465238960570615, 1.0465238960570615,
                                    1.9648982295073372, 0.5000000000000001, 1.9999999999999998,
                                    1.112124970858258};
    for (int k = 0; k < N_EM; k++) {
        assert_true(rd.danger[k] == D[k]);
        assert_true(rd.r[k] == R1[k]);
    }
    /* risk-phase probabilities (Q1: P(i,j) + P(j,i) far below 1) */
    assert_true(fabs(rd.p_risk[LU * N_EM + BE] - 0.00439202) < 5e-9);
    assert_true(fabs(rd.p_risk[BE * N_EM + LU] - 0.00759749) < 5e-9);
    assert_true(rd.p_risk[NL * N_EM + DE] == 0.0); /* equal positions */
    /* EU_1(Lux -> Bel) = 0.20351362 = 2 * 0.5 * (1 - 2 * 0.4 * (1 - P(Lux, Bel))) */
    double p = rd.p_risk[LU * N_EM + BE];
    assert_true(fabs(2 * 0.5 * (1 - 2 * 0.4 * (1 - p)) - 0.20351362) < 5e-9);
    ent_bdm_round_destroy(&rd);
    ent_bdm_round_destroy(NULL);
}

static void scholz_round1_offer_phase(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_round_t rd;
    ent_error_t e = {0};
    assert_int_equal(ent_bdm_round_inspect(N_EM, em_c, em_x, em_s, 0, &o, &rd, &e), ENT_OK);
    const double *P = rd.p_offer;
    struct { int i, j; double v; } pv[] = {
        {NL, BE, 0.003148}, {NL, FR, 0.008753}, {BE, NL, 0.008985}, {BE, FR, 0.007314},
        {FR, NL, 0.011859}, {FR, BE, 0.004583}, {BE, LU, 0.008985}, {LU, BE, 0.003148}};
    for (size_t k = 0; k < sizeof pv / sizeof pv[0]; k++)
        assert_true(fabs(P[pv[k].i * N_EM + pv[k].j] - pv[k].v) < 5e-7);
    for (int k = 0; k < N_EM; k++) assert_true(P[k * N_EM + k] == 0.0);
    /* selected EUs, from the first actor's perspective: eu_a[i][j] = EU^i(i->j),
     * eu_b[i][j] = EU^i(j->i) */
    assert_true(fabs(rd.eu_a[BE * N_EM + LU] - 0.605993) < 5e-7);
    assert_true(fabs(rd.eu_b[BE * N_EM + LU] - 0.242256) < 5e-7);
    assert_true(fabs(rd.eu_a[BE * N_EM + FR] - -0.114831) < 5e-7);
    assert_true(fabs(rd.eu_b[BE * N_EM + FR] - 0.243297) < 5e-7);
    assert_true(rd.eu_a[LU * N_EM + BE] == 0.24550922248250817);
    assert_true(rd.eu_b[LU * N_EM + BE] == 0.542246100211495);
    assert_true(fabs(rd.eu_a[NL * N_EM + UK] - -2.058700) < 5e-7);
    assert_true(fabs(rd.eu_b[NL * N_EM + UK] - -1.652263) < 5e-7);
    assert_true(fabs(rd.eu_a[DK * N_EM + BE] - -0.047482) < 5e-7);
    assert_true(fabs(rd.eu_b[DK * N_EM + BE] - -1.232030) < 5e-7);

    /* every offer generated in round 1 (§C.2), bit for bit */
    struct { int i, j; ent_bdm_offer_kind_t k; double a, b, x; } ofs[] = {
        {BE, FR, ENT_BDM_OFFER_COMPROMISE, -0.11483050347300794, 0.2432965945234421, 8.415932315426764},
        {BE, IT, ENT_BDM_OFFER_COMPROMISE, -0.11483050347300794, 0.2432965945234421, 8.415932315426764},
        {LU, BE, ENT_BDM_OFFER_CONFRONTATION, 0.24550922248250817, 0.542246100211495, 7.0},
        {LU, FR, ENT_BDM_OFFER_CONFRONTATION, 0.4321097568120107, 2.020589808451862, 10.0},
        {LU, IT, ENT_BDM_OFFER_CONFRONTATION, 0.4321097568120107, 2.020589808451862, 10.0},
        {LU, UK, ENT_BDM_OFFER_COMPROMISE, -0.7573867608596188, 2.020589808451862, 6.24900697120683},
        {LU, GR, ENT_BDM_OFFER_COMPROMISE, -0.19700490951022176, 0.542246100211495, 5.089938181759442},
        {IE, NL, ENT_BDM_OFFER_COMPROMISE, -0.33233030850517276, 0.6824778252511178, 5.539159971756335},
        {IE, LU, ENT_BDM_OFFER_CONFRONTATION, 0.5382377664333493, 0.6824778252511178, 4.0},
        {IE, DE, ENT_BDM_OFFER_COMPROMISE, -0.33233030850517276, 0.6824778252511178, 5.539159971756335},
        {IE, FR, ENT_BDM_OFFER_COMPROMISE, -0.04360889242325017, 0.6826878989111715, 7.191634680325238},
        {IE, IT, ENT_BDM_OFFER_COMPROMISE, -0.04360889242325017, 0.6826878989111715, 7.191634680325238},
        {IE, UK, ENT_BDM_OFFER_COMPROMISE, -0.47962690100797034, 0.6826878989111715, 9.107669852239656},
        {IE, DK, ENT_BDM_OFFER_COMPROMISE, -0.6225196668180133, 0.6824778252511178, 4.263560907979873},
    };
    size_t nof = sizeof ofs / sizeof ofs[0], found = 0;
    for (int i = 0; i < N_EM; i++)
        for (int j = 0; j < N_EM; j++)
            if (rd.cand[i * N_EM + j].kind != ENT_BDM_OFFER_NONE) found++;
    assert_int_equal(found, nof);
    for (size_t k = 0; k < nof; k++) {
        const ent_bdm_offer_t *c = &rd.cand[ofs[k].i * N_EM + ofs[k].j];
        assert_int_equal(c->kind, ofs[k].k);
        assert_true(c->a == ofs[k].a);
        assert_true(c->b == ofs[k].b);
        assert_true(c->x_new == ofs[k].x);
    }
    /* chosen: Belgium <- France (K tie with Italy), Luxembourg <- Belgium (nearest),
     * Ireland <- Luxembourg (only confrontation) */
    for (int i = 0; i < N_EM; i++) {
        long want = i == BE ? FR : i == LU ? BE : i == IE ? LU : -1;
        assert_int_equal(rd.chosen[i], want);
    }
    assert_true(rd.cand[BE * N_EM + FR].key == rd.cand[BE * N_EM + IT].key);
    ent_bdm_round_destroy(&rd);
}

static void scholz_round4_key_q7(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_result_t r;
    solve_ok(&o, 3, &r);
    ent_bdm_round_t rd;
    ent_error_t e = {0};
    /* round 4 starts from state 3; R stays that of the input (6) */
    assert_int_equal(ent_bdm_round_inspect(N_EM, em_c, r.x + 3 * N_EM, em_s, r.R, &o, &rd, &e), ENT_OK);
    assert_true(fabs(r.x[3 * N_EM + BE] - 9.96198) < 1e-5);
    const ent_bdm_offer_t *nl = &rd.cand[BE * N_EM + NL], *fr = &rd.cand[BE * N_EM + FR];
    assert_int_equal(nl->kind, ENT_BDM_OFFER_COMPROMISE);
    assert_true(fabs(nl->a - -0.715334) < 5e-7 && fabs(nl->b - 0.826337) < 5e-7);
    assert_true(fabs(nl->x_new - 4.800881) < 5e-7 && fabs(nl->key - 6.766353) < 5e-7);
    assert_int_equal(fr->kind, ENT_BDM_OFFER_COMPROMISE);
    assert_true(fabs(fr->a - -0.002183) < 5e-7 && fabs(fr->b - 0.002206) < 5e-7);
    assert_true(fabs(fr->x_new - 9.999607) < 5e-7 && fabs(fr->key - 9.981088) < 5e-7);
    assert_int_equal(rd.chosen[BE], NL); /* the key, not the least movement */
    assert_true(rd.cand[BE * N_EM + NL].x_new == 4.800881140632622);
    ent_bdm_round_destroy(&rd);
    ent_bdm_result_destroy(&r);
}

static void scholz_exponents_per_round(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_result_t r;
    solve_ok(&o, 10, &r);
    static const double r2[N_EM] = {1.454545, 0.816632, 0.651820, 1.454545, 1.097323, 1.097323, 1.833582, 0.5, 2, 1.181359};
    static const double r3[N_EM] = {1.372701, 0.712545, 0.567530, 1.372701, 0.928421, 0.928421, 1.396771, 0.5, 2, 1.022520};
    static const double r10[N_EM] = {1.412499, 0.736010, 0.577685, 1.412499, 0.995724, 0.995724, 1.514411, 0.5, 2, 1.131895};
    for (int k = 0; k < N_EM; k++) {
        assert_true(r.r[k] == 1.0);
        assert_true(fabs(r.r[2 * N_EM + k] - r2[k]) < 5e-7);
        assert_true(fabs(r.r[3 * N_EM + k] - r3[k]) < 5e-7);
        assert_true(fabs(r.r[10 * N_EM + k] - r10[k]) < 5e-7);
    }
    ent_bdm_result_destroy(&r);
}

static void scholz_fast_path_matches_exact(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    o.path = ENT_BDM_PATH_FAST;
    ent_bdm_result_t r;
    solve_ok(&o, 10, &r);
    assert_int_equal(r.exact, 0);
    assert_int_equal(r.noffers, 30);
    for (int t = 0; t <= 10; t++) {
        assert_true(fabs(r.mean[t] - em_mean[t]) <= 1e-13 * em_mean[t]);
        assert_true(fabs(r.median[t] - em_median[t]) <= 1e-12 * em_median[t]);
        assert_true(fabs(r.mean[t] - em_mean2[t]) <= 0.005 + 1e-12);
    }
    ent_bdm_result_destroy(&r);
}

/* xorshift64*: seeded synthetic actors */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}
static double rng_unit(uint64_t *s) { return (double)(rng_next(s) >> 11) / 9007199254740992.0; }

static void scholz_fast_equals_exact_synthetic(void **state)
{
    (void)state;
    enum { NS = 60 };
    double c[NS], x[NS], s[NS];
    for (uint64_t seed = 1; seed <= 4; seed++) {
        uint64_t g = seed * 0x9E3779B97F4A7C15ULL;
        for (int k = 0; k < NS; k++) {
            c[k] = 0.05 + rng_unit(&g);
            x[k] = (double)(int)(rng_unit(&g) * 101.0); /* integer positions: shared positions too */
            s[k] = 0.1 + 0.9 * rng_unit(&g);
        }
        ent_bdm_opts_t oe = opts_variant(ENT_BDM_SCHOLZ2011), of = oe;
        oe.path = ENT_BDM_PATH_EXACT;
        of.path = ENT_BDM_PATH_FAST;
        ent_bdm_result_t re, rf;
        ent_error_t e = {0};
        assert_int_equal(ent_bdm_solve(NS, c, x, s, 10, &oe, &re, &e), ENT_OK);
        assert_int_equal(ent_bdm_solve(NS, c, x, s, 10, &of, &rf, &e), ENT_OK);
        assert_int_equal(re.nstates, rf.nstates);
        assert_int_equal(re.noffers, rf.noffers);
        for (size_t k = 0; k < re.noffers; k++) {
            assert_int_equal(re.offers[k].receiver, rf.offers[k].receiver);
            assert_int_equal(re.offers[k].proposer, rf.offers[k].proposer);
            assert_int_equal(re.offers[k].kind, rf.offers[k].kind);
            assert_true(fabs(re.offers[k].x_new - rf.offers[k].x_new) <= 1e-9);
        }
        for (size_t t = 0; t < re.nstates; t++)
            assert_true(fabs(re.mean[t] - rf.mean[t]) <= 1e-10);
        for (size_t k = 0; k < re.nstates * NS; k++)
            assert_true(fabs(re.r[k] - rf.r[k]) <= 1e-9);
        assert_true(re.noffers > 0);
        ent_bdm_result_destroy(&re);
        ent_bdm_result_destroy(&rf);
    }
}

static void printed_fast_equals_exact_synthetic(void **state)
{
    (void)state;
    enum { NS = 60 };
    double c[NS], x[NS], s[NS];
    for (int v = 0; v < 2; v++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            uint64_t g = seed * 0x2545F4914F6CDD1DULL;
            for (int k = 0; k < NS; k++) {
                c[k] = 0.05 + rng_unit(&g);
                x[k] = (double)(int)(rng_unit(&g) * 41.0);
                s[k] = 0.1 + 0.9 * rng_unit(&g);
            }
            ent_bdm_opts_t oe = opts_variant(v ? ENT_BDM_EUM_LITERAL : ENT_BDM_PRINTED), of;
            oe.q = seed == 3 ? 0.5 : 1.0;
            of = oe;
            oe.path = ENT_BDM_PATH_EXACT;
            of.path = ENT_BDM_PATH_FAST;
            ent_bdm_result_t re, rf;
            ent_error_t e = {0};
            assert_int_equal(ent_bdm_solve(NS, c, x, s, 10, &oe, &re, &e), ENT_OK);
            assert_int_equal(ent_bdm_solve(NS, c, x, s, 10, &of, &rf, &e), ENT_OK);
            assert_int_equal(re.exact, 1);
            assert_int_equal(rf.exact, 0);
            assert_int_equal(re.noffers, rf.noffers);
            assert_true(re.noffers > 0);
            for (size_t k = 0; k < re.noffers; k++) {
                assert_int_equal(re.offers[k].proposer, rf.offers[k].proposer);
                assert_int_equal(re.offers[k].kind, rf.offers[k].kind);
                assert_true(fabs(re.offers[k].x_new - rf.offers[k].x_new) <= 1e-9);
            }
            for (size_t t = 0; t < re.nstates; t++) {
                assert_true(fabs(re.mean[t] - rf.mean[t]) <= 1e-10);
                assert_true(fabs(re.median[t] - rf.median[t]) <= 1e-9);
            }
            ent_bdm_result_destroy(&re);
            ent_bdm_result_destroy(&rf);
        }
}

static void scholz_auto_path_threshold(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_result_t r;
    o.exact_max = 9; /* 10 actors > 9: fast */
    solve_ok(&o, 2, &r);
    assert_int_equal(r.exact, 0);
    ent_bdm_result_destroy(&r);
    o.exact_max = 10;
    solve_ok(&o, 2, &r);
    assert_int_equal(r.exact, 1);
    ent_bdm_result_destroy(&r);
}

/* ---------------------------------------------------------------- printed, eum-literal */

static void printed_round1_vectors(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_PRINTED);
    ent_bdm_round_t rd;
    ent_error_t e = {0};
    assert_int_equal(ent_bdm_round_inspect(N_EM, em_c, em_x, em_s, 0, &o, &rd, &e), ENT_OK);
    static const double S[N_EM] = {3.164942, 3.763368, 7.541236, 3.164942, 3.690006, 3.690006, 0.035009, 6.190842, 1.706178, 1.335894};
    static const double R1[N_EM] = {1.117181, 1.004407, 0.5, 1.117181, 1.017582, 1.017582, 2.0, 0.648264, 1.453712, 1.556875};
    for (int k = 0; k < N_EM; k++) {
        assert_true(fabs(rd.danger[k] - S[k]) < 5e-7);
        assert_true(fabs(rd.r[k] - R1[k]) < 5e-7);
    }
    assert_true(isnan(rd.z_risk));
    assert_true(fabs(rd.p_offer[BE * N_EM + LU] - 0.633678) < 5e-7);
    assert_true(fabs(rd.p_offer[LU * N_EM + BE] - 0.366322) < 5e-7);
    assert_true(fabs(rd.p_offer[BE * N_EM + FR] - 0.503693) < 5e-7);
    assert_true(fabs(rd.p_offer[FR * N_EM + BE] - 0.496307) < 5e-7);
    /* P_ij + P_ji = 1 for distinct positions */
    assert_true(fabs(rd.p_offer[NL * N_EM + UK] + rd.p_offer[UK * N_EM + NL] - 1.0) < 1e-15);
    assert_true(fabs(rd.eu_a[BE * N_EM + LU] - 0.853294) < 5e-7);
    assert_true(fabs(rd.eu_b[BE * N_EM + LU] - 0.457320) < 5e-7);
    assert_true(fabs(rd.eu_a[BE * N_EM + FR] - 0.403740) < 5e-7);
    assert_true(fabs(rd.eu_b[BE * N_EM + FR] - 0.595097) < 5e-7);
    /* round-1 moves: all confrontation(-) */
    static const double to[N_EM] = {7, 4, 7, 7, NAN, NAN, 4, 4, 10, 10};
    for (int i = 0; i < N_EM; i++) {
        if (isnan(to[i])) {
            assert_int_equal(rd.chosen[i], -1);
            continue;
        }
        assert_true(rd.chosen[i] >= 0);
        const ent_bdm_offer_t *c = &rd.cand[i * N_EM + rd.chosen[i]];
        assert_int_equal(c->kind, ENT_BDM_OFFER_CONFRONTATION);
        assert_true(c->x_new == to[i]);
    }
    ent_bdm_round_destroy(&rd);
    /* eum-literal: E_ji with the challenger's own salience s_Lux */
    o = opts_variant(ENT_BDM_EUM_LITERAL);
    assert_int_equal(ent_bdm_round_inspect(N_EM, em_c, em_x, em_s, 0, &o, &rd, &e), ENT_OK);
    assert_true(fabs(rd.eu_b[BE * N_EM + LU] - 0.642873) < 5e-7);
    ent_bdm_round_destroy(&rd);
}

static void printed_paths(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_PRINTED);
    ent_bdm_result_t r;
    solve_ok(&o, 10, &r);
    static const double m[5] = {7.389956, 7.518464, 7.886263, 7.163959, 7};
    for (int t = 0; t <= 10; t++) {
        assert_true(fabs(r.mean[t] - m[t < 4 ? t : 4]) < 5e-7);
        assert_true(r.median[t] == 7.0);
    }
    ent_bdm_result_destroy(&r);
    /* Q = 0.5: round 10 at 4 / 4 */
    o.q = 0.5;
    solve_ok(&o, 10, &r);
    assert_true(fabs(r.mean[10] - 4.0) < 1e-12);
    assert_true(r.median[10] == 4.0);
    ent_bdm_result_destroy(&r);
}

static void eum_literal_paths(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_EUM_LITERAL);
    ent_bdm_result_t r;
    solve_ok(&o, 10, &r);
    assert_true(fabs(r.mean[1] - 7.24815361890694) < 5e-14);
    for (int t = 2; t <= 10; t++) assert_true(fabs(r.mean[t] - 7.0) < 1e-14);
    /* after round 1 everyone is at 7 except Greece at 10 (§C.4) */
    for (int k = 0; k < N_EM; k++) assert_true(r.x[N_EM + k] == (k == GR ? 10.0 : 7.0));
    ent_bdm_result_destroy(&r);
    o.q = 0.5;
    solve_ok(&o, 10, &r);
    assert_true(fabs(r.mean[1] - 6.97341211225997) < 5e-14);
    assert_true(fabs(r.mean[2] - 6.75184638109306) < 5e-14);
    assert_true(fabs(r.mean[3] - 6.97341211225997) < 5e-14);
    assert_true(fabs(r.mean[10] - 7.0) < 1e-14);
    static const double x1[N_EM] = {4, 7, 4, 4, 10, 10, 7, 7, 7, 7};
    for (int k = 0; k < N_EM; k++) assert_true(r.x[N_EM + k] == x1[k]);
    for (int t = 0; t <= 10; t++) assert_true(r.median[t] == 7.0);
    ent_bdm_result_destroy(&r);
}

static void printed_compromise_ratio_option(void **state)
{
    (void)state;
    /* weighted and ratio differ only when a compromise is executed; the spec notes that
     * on emission at Q = 1 the choice makes no difference */
    ent_bdm_opts_t o = opts_variant(ENT_BDM_PRINTED);
    ent_bdm_result_t a, b;
    solve_ok(&o, 10, &a);
    o.compromise = ENT_BDM_COMPROMISE_RATIO;
    solve_ok(&o, 10, &b);
    for (int t = 0; t <= 10; t++) assert_true(a.mean[t] == b.mean[t]);
    ent_bdm_result_destroy(&a);
    ent_bdm_result_destroy(&b);
}

static void scholz_capitulation_q6(void **state)
{
    (void)state;
    /* made-up five actors where receiver 0 would give in to actor 2 if the capitulation
     * test were b < |a|; the reference's b < |b| (quirk Q6) never fires */
    double c[5] = {16, 15, 13, 5, 5}, x[5] = {3, 1, 4, 8, 5}, s[5] = {0.5, 1, 1, 0.8, 0.6};
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    ent_bdm_round_t rd;
    ent_error_t e = {0};
    assert_int_equal(ent_bdm_round_inspect(5, c, x, s, 0, &o, &rd, &e), ENT_OK);
    const ent_bdm_offer_t *p = &rd.cand[0 * 5 + 2];
    assert_true(p->a < 0 && p->b > 0 && p->b < fabs(p->a));
    assert_int_equal(p->kind, ENT_BDM_OFFER_NONE);
    for (int k = 0; k < 25; k++) assert_int_not_equal(rd.cand[k].kind, ENT_BDM_OFFER_CAPITULATION);
    ent_bdm_round_destroy(&rd);
    o.fix_capitulation = 1;
    assert_int_equal(ent_bdm_round_inspect(5, c, x, s, 0, &o, &rd, &e), ENT_OK);
    assert_int_equal(rd.cand[0 * 5 + 2].kind, ENT_BDM_OFFER_CAPITULATION);
    assert_int_equal(rd.chosen[0], 2);
    assert_true(rd.cand[0 * 5 + 2].x_new == 4.0);
    ent_bdm_round_destroy(&rd);
}

/* Seeded random inputs (duplicated positions, zero saliences and capabilities): every
 * variant and path runs, positions stay inside the initial hull, means and medians are
 * finite and inside it too, exponents lie in [0.5, 2] (scholz2011, printed). */
static void random_inputs_invariants(void **state)
{
    (void)state;
    uint64_t g = 0xC0FFEE;
    double c[40], x[40], s[40];
    for (int trial = 0; trial < 60; trial++) {
        size_t n = 2 + (size_t)(rng_unit(&g) * 38);
        for (size_t k = 0; k < n; k++) {
            c[k] = rng_unit(&g) < 0.1 ? 0.0 : rng_unit(&g) * 10;
            x[k] = (double)(int)(rng_unit(&g) * 7) * 1.5 - 3;
            s[k] = rng_unit(&g) < 0.1 ? 0.0 : rng_unit(&g);
        }
        c[0] = 1;
        s[0] = 0.5;
        double lo = x[0], hi = x[0];
        for (size_t k = 1; k < n; k++) {
            if (x[k] < lo) lo = x[k];
            if (x[k] > hi) hi = x[k];
        }
        for (int v = 0; v < 3; v++)
            for (int path = 1; path <= 2; path++) {
                ent_bdm_opts_t o = opts_variant((ent_bdm_variant_t)v);
                o.path = (ent_bdm_path_t)path;
                o.q = trial % 3 == 0 ? 0.5 : 1.0;
                o.fix_capitulation = trial % 2;
                ent_bdm_result_t r;
                ent_error_t e = {0};
                assert_int_equal(ent_bdm_solve(n, c, x, s, 6, &o, &r, &e), ENT_OK);
                assert_int_equal(r.nstates, 7);
                for (size_t k = 0; k < r.nstates * n; k++) {
                    assert_true(r.x[k] >= lo - 1e-12 && r.x[k] <= hi + 1e-12);
                    if (v != ENT_BDM_EUM_LITERAL) assert_true(r.r[k] >= 0.5 - 1e-12 && r.r[k] <= 2 + 1e-12);
                }
                for (size_t t = 0; t < r.nstates; t++) {
                    assert_true(isfinite(r.mean[t]) && r.mean[t] >= lo - 1e-12 && r.mean[t] <= hi + 1e-12);
                    assert_true(isfinite(r.median[t]) && r.median[t] >= lo && r.median[t] <= hi);
                }
                ent_bdm_result_destroy(&r);
            }
    }
}

/* ---------------------------------------------------------------- edges and errors */

static void stop_when_still(void **state)
{
    (void)state;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_PRINTED);
    o.stop_when_still = 1;
    ent_bdm_result_t r;
    solve_ok(&o, 10, &r);
    /* positions stop changing from state 4 on: round 5 moves nobody */
    assert_int_equal(r.nstates, 6);
    for (int k = 0; k < N_EM; k++) assert_true(r.x[5 * N_EM + k] == r.x[4 * N_EM + k]);
    ent_bdm_result_destroy(&r);
}

static void degenerate_and_equal_positions(void **state)
{
    (void)state;
    ent_error_t e = {0};
    ent_bdm_result_t r;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    /* all positions equal: R = 0, nothing moves, mean = the position */
    double c[3] = {1, 2, 3}, x[3] = {5, 5, 5}, s[3] = {0.5, 0.5, 0.5};
    assert_int_equal(ent_bdm_solve(3, c, x, s, 4, &o, &r, &e), ENT_OK);
    assert_int_equal(r.nstates, 5);
    for (int t = 0; t < 5; t++) {
        assert_true(r.mean[t] == 5.0);
        assert_true(r.median[t] == 5.0);
    }
    assert_int_equal(r.noffers, 0);
    ent_bdm_result_destroy(&r);
    /* two symmetric actors: equal dangers (Dmax == Dmin), the round is reported unchanged */
    double c2[2] = {1, 1}, x2[2] = {0, 1}, s2[2] = {0.5, 0.5};
    for (int v = 0; v < 2; v++) {
        o = opts_variant(v ? ENT_BDM_PRINTED : ENT_BDM_SCHOLZ2011);
        assert_int_equal(ent_bdm_solve(2, c2, x2, s2, 3, &o, &r, &e), ENT_OK);
        assert_int_equal(r.degenerate, 3);
        assert_int_equal(r.noffers, 0);
        assert_true(r.mean[3] == 0.5);
        /* exact tie of the median: first position in actor order kept, and counted */
        assert_true(r.median[0] == 0.0);
        assert_true(r.median_ties > 0);
        ent_bdm_result_destroy(&r);
    }
}

static void bad_inputs(void **state)
{
    (void)state;
    ent_error_t e = {0};
    ent_bdm_result_t r;
    ent_bdm_opts_t o = opts_variant(ENT_BDM_SCHOLZ2011);
    double c[2] = {1, 1}, x[2] = {0, 1}, s[2] = {0.5, 1.5};
    assert_int_equal(ent_bdm_solve(0, c, x, s, 3, &o, &r, &e), ENT_EINVAL);
    ent_error_clear(&e);
    assert_int_equal(ent_bdm_solve(2, c, x, s, 3, &o, &r, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "salience"));
    s[1] = 0.5;
    x[0] = NAN;
    ent_error_clear(&e);
    assert_int_equal(ent_bdm_solve(2, c, x, s, 3, &o, &r, &e), ENT_EINVAL);
    x[0] = 0;
    c[0] = -1;
    assert_int_equal(ent_bdm_solve(2, c, x, s, 3, &o, &r, NULL), ENT_EINVAL);
    c[0] = 1;
    o.q = 1.5;
    assert_int_equal(ent_bdm_solve(2, c, x, s, 3, &o, &r, NULL), ENT_EINVAL);
    o.q = 1;
    assert_int_equal(ent_bdm_solve(ENT_BDM_MAX_ACTORS + 1, c, x, s, 3, &o, &r, NULL), ENT_ELIMIT);
    o.variant = (ent_bdm_variant_t)7;
    assert_int_equal(ent_bdm_solve(2, c, x, s, 3, &o, &r, NULL), ENT_EINVAL);
    assert_null(r.x);
}

static void names_and_parse(void **state)
{
    (void)state;
    ent_bdm_variant_t v;
    assert_int_equal(ent_bdm_variant_parse("printed", &v), ENT_OK);
    assert_int_equal(v, ENT_BDM_PRINTED);
    assert_int_equal(ent_bdm_variant_parse("eum-literal", &v), ENT_OK);
    assert_int_equal(v, ENT_BDM_EUM_LITERAL);
    assert_int_equal(ent_bdm_variant_parse("scholz2011", &v), ENT_OK);
    assert_int_equal(v, ENT_BDM_SCHOLZ2011);
    assert_int_equal(ent_bdm_variant_parse("nope", &v), ENT_EINVAL);
    assert_string_equal(ent_bdm_variant_name(ENT_BDM_EUM_LITERAL), "eum-literal");
    assert_string_equal(ent_bdm_offer_kind_name(ENT_BDM_OFFER_COMPROMISE), "compromise");
    ent_bdm_opts_t o;
    ent_bdm_opts_init(&o);
    assert_int_equal(o.variant, ENT_BDM_SCHOLZ2011);
    assert_true(o.q == 1.0);
    assert_int_equal(o.rounds, 10);
    assert_true(isnan(o.t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scholz_mean_path_bit_exact),
        cmocka_unit_test(scholz_executed_offers),
        cmocka_unit_test(scholz_round1_risk),
        cmocka_unit_test(scholz_round1_offer_phase),
        cmocka_unit_test(scholz_round4_key_q7),
        cmocka_unit_test(scholz_exponents_per_round),
        cmocka_unit_test(scholz_fast_path_matches_exact),
        cmocka_unit_test(scholz_fast_equals_exact_synthetic),
        cmocka_unit_test(printed_fast_equals_exact_synthetic),
        cmocka_unit_test(scholz_auto_path_threshold),
        cmocka_unit_test(scholz_capitulation_q6),
        cmocka_unit_test(printed_round1_vectors),
        cmocka_unit_test(printed_paths),
        cmocka_unit_test(eum_literal_paths),
        cmocka_unit_test(printed_compromise_ratio_option),
        cmocka_unit_test(random_inputs_invariants),
        cmocka_unit_test(stop_when_still),
        cmocka_unit_test(degenerate_and_equal_positions),
        cmocka_unit_test(bad_inputs),
        cmocka_unit_test(names_and_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
