/* SPDX-License-Identifier: MIT */
/* test_smp_ref.c — the SMP kernel against KTAB's reference runs and intermediate test vectors
 * (../shared/docs/models/smp.md §14), on the retyped inputs tests/data/smp/ (YAML).
 *
 * Exact figures (printed by the spec with 17 significant digits) are compared bit for bit;
 * tables printed with fewer digits are compared at half a unit of their last digit.
 * Run from the repository root (the Makefile does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "smp/smp_i.h"

#define F3DIM "tests/data/smp/dummyData_3Dim.yaml"
#define FSOE "tests/data/smp/SOE-Pol-Comp.yaml"

typedef struct {
    ent_scenario_t s;
    size_t n, d;
    double cap[64], x[64 * 8], sal[64 * 8];
    ent_smp_input_t in;
} fixture_t;

/* Load a retyped KTAB input and build the kernel input as ent_smp_run does. */
static fixture_t *load(const char *path)
{
    fixture_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    ent_scenario_init(&f->s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load(&f->s, path, &lo, &e) != ENT_OK) fail_msg("load %s: %s", path, e.msg);
    f->n = f->s.nactors;
    f->d = f->s.issues[0].ndim;
    for (size_t a = 0; a < f->n; a++) {
        const ent_position_t *p = ent_scenario_pos(&f->s, a, 0);
        f->cap[a] = ent_scenario_capability(&f->s, a, 0);
        for (size_t k = 0; k < f->d; k++) {
            f->x[a * f->d + k] = p->x[k] / 100.0;
            f->sal[a * f->d + k] = ent_scenario_salience(&f->s, a, 0, k);
        }
    }
    f->in.n = f->n;
    f->in.d = f->d;
    f->in.cap = f->cap;
    f->in.x = f->x;
    f->in.sal = f->sal;
    return f;
}

static void unload(fixture_t *f)
{
    ent_scenario_destroy(&f->s);
    free(f);
}

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))
#define EXACT(a, b) assert_true((a) == (b))

/* §14.1 derived inputs */
static void test_3dim_inputs(void **state)
{
    fixture_t *f = load(F3DIM);
    ent_i_smp_state_t st;
    assert_int_equal(ent_i_smp_state_init(&st, &f->in, NULL, NULL), ENT_OK);
    const double S[7] = {0.83589999999999998, 0.76339999999999997, 0.96639999999999993,
                         0.82210000000000005, 0.88979999999999992, 0.77690000000000003,
                         0.85709999999999997};
    const double W[7] = {85.715693700000003, 40.760216200000002, 125.28699519999999,
                         62.413832000000006, 56.256715199999995, 93.265291200000007,
                         46.435963799999996};
    for (int i = 0; i < 7; i++) {
        EXACT(st.S[i], S[i]);
        EXACT(st.W[i], W[i]);
    }
    ent_i_smp_state_destroy(&st);
    unload(f);
}

/* §14.2 assessment of state 0 */
static void test_3dim_state0(void **state)
{
    fixture_t *f = load(F3DIM);
    ent_i_smp_state_t st;
    assert_int_equal(ent_i_smp_state_init(&st, &f->in, NULL, NULL), ENT_OK);
    assert_int_equal(ent_i_smp_assess(&st, NULL), ENT_OK);
    const double D0[7] = {0, 0.096923724763470248, 0.36134584400378172, 0.12986359296213371,
                          0.071124050849965453, 0.11821898003364427, 0.11000514166130614};
    for (int j = 0; j < 7; j++) EXACT(st.delta[j], D0[j]);
    const double V[7][7] = {
        {1.000000, 0.903076, 0.638654, 0.870136, 0.928876, 0.881781, 0.889995},
        {0.674802, 1.000000, 0.634742, 0.824875, 0.858098, 0.767448, 0.746430},
        {0.556106, 0.635627, 1.000000, 0.603245, 0.573021, 0.484914, 0.464846},
        {0.642414, 0.801666, 0.570020, 1.000000, 0.895702, 0.799862, 0.810772},
        {0.804807, 0.861757, 0.621835, 0.838749, 1.000000, 0.913180, 0.872114},
        {0.765567, 0.665097, 0.453265, 0.806532, 0.889926, 1.000000, 0.935115},
        {0.812745, 0.725284, 0.422277, 0.815509, 0.865549, 0.912742, 1.000000}};
    const double C[7][7] = {
        {0.000000, 26.738547, 114.902726, 13.316602, 7.293274, 21.352100, 23.111438},
        {43.363767, 0.000000, 121.218539, 18.380942, 15.693051, 34.276229, 37.020836},
        {57.547766, 47.238360, 0.000000, 51.436445, 55.354851, 66.777337, 69.378947},
        {48.485725, 36.924845, 143.960528, 0.000000, 11.836720, 33.601566, 36.497112},
        {61.340100, 53.114658, 166.756637, 30.714423, 0.000000, 33.857094, 38.506746},
        {57.312784, 53.611694, 160.092981, 34.393127, 15.770952, 0.000000, 14.109546},
        {51.360599, 48.644778, 154.983068, 29.577151, 12.709082, 6.398023, 0.000000}};
    const double P[7][7] = {
        {0.500000, 0.381422, 0.666294, 0.215471, 0.106264, 0.271431, 0.310337},
        {0.618578, 0.500000, 0.719582, 0.332351, 0.228071, 0.389999, 0.432155},
        {0.333706, 0.280418, 0.500000, 0.263241, 0.249221, 0.294341, 0.309228},
        {0.784529, 0.667649, 0.736759, 0.500000, 0.278176, 0.494179, 0.552365},
        {0.893736, 0.771929, 0.750779, 0.721824, 0.500000, 0.682217, 0.751852},
        {0.728569, 0.610001, 0.705659, 0.505821, 0.317783, 0.500000, 0.688016},
        {0.689663, 0.567845, 0.690772, 0.447635, 0.248148, 0.311984, 0.500000}};
    double Vm[49], Cm[49], Pm[49], pi[7];
    for (int i = 0; i < 49; i++) Vm[i] = ent_i_smp_util(st.delta[i], 0.0);
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    assert_int_equal(ent_i_smp_pce(7, 7, st.cap, Vm, &o, 1, Cm, Pm, pi, NULL), ENT_OK);
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 7; j++) {
            NEAR(Vm[i * 7 + j], V[i][j], 5e-7);
            NEAR(Pm[i * 7 + j], P[i][j], 5e-7);
            if (i != j) NEAR(Cm[i * 7 + j], C[i][j], 5e-7);
            else EXACT(Cm[i * 7 + j], 1e-8);
        }
    const double p[7] = {0.0018029402527316089, 0.02091638824773118, 0.0020553150921273746,
                         0.1077840198510072, 0.70538399090043791, 0.1275741193999087,
                         0.034483226256055925};
    const double R[7] = {-0.5, -0.45925107424921968, -0.49946194932517701, -0.27405358025053905,
                         1, -0.23186206685485486, -0.43032724664790362};
    for (int i = 0; i < 7; i++) {
        EXACT(pi[i], p[i]);
        EXACT(st.p[i], p[i]);
        EXACT(st.R[i], R[i]);
    }
    /* perceived utilities U^0(0,·) and U^3(0,·) */
    double U[49];
    const double U00[7] = {1, 0.85931151706580711, 0.52326664348372998, 0.81363688694531688,
                           0.89584323902970608, 0.82965939356963125, 0.84104285310400284};
    const double U30[7] = {1, 0.8724961709589748, 0.55802850393172043, 0.83065803932194926,
                           0.90579473581145276, 0.84536165340410974, 0.85579022686711659};
    ent_i_smp_perceived(&st, 0, U);
    for (int j = 0; j < 7; j++) EXACT(U[j], U00[j]);
    ent_i_smp_perceived(&st, 3, U);
    for (int j = 0; j < 7; j++) EXACT(U[j], U30[j]);
    /* printed winning probabilities of state 0 */
    const double W0[7] = {0.0047361458499520582, 0.030216603864644968, 0.0054039238228310938,
                          0.14921294096925675, 0.60013284573960501, 0.14467074125259163,
                          0.065626798501118397};
    double prob[7], ex[3], lk[3];
    assert_int_equal(ent_i_smp_winprob(&st, prob, ex, lk, NULL), ENT_OK);
    for (int i = 0; i < 7; i++) EXACT(prob[i], W0[i]);
    /* most likely position = actor 4's (p 0.6001) */
    for (int k = 0; k < 3; k++) EXACT(lk[k], f->x[4 * 3 + k]);
    assert_false(st.degenerate);
    ent_i_smp_state_destroy(&st);
    unload(f);
}

/* §14.3 worked challenge and §14.4 all own-perspective challenges */
static void test_3dim_challenges(void **state)
{
    fixture_t *f = load(F3DIM);
    ent_i_smp_state_t st;
    assert_int_equal(ent_i_smp_state_init(&st, &f->in, NULL, NULL), ENT_OK);
    assert_int_equal(ent_i_smp_assess(&st, NULL), ENT_OK);
    double U[49], Pv, Gv;
    ent_i_smp_perceived(&st, 0, U);
    EXACT(U[0 * 7 + 6], 0.84104285310400284);
    EXACT(U[6 * 7 + 0], 0.74018417923572866);
    ent_i_smp_challenge(&st, U, 0, 0, 6, &Pv, &Gv);
    EXACT(Pv, 0.7643091277590508);
    EXACT(Gv, 0.094735074844419787);
    /* the table of §14.4: P (4 dp) and G (5 dp) for every pair */
    static const double PG[7][7][2] = {
        {{0, 0}, {.2048, -.03011}, {.2529, -.21165}, {.1992, -.05901}, {.2414, -.03645},
         {.2269, -.03427}, {.7643, .09474}},
        {{.7964, .28100}, {0, 0}, {.1241, -.32692}, {.1999, -.07620}, {.7142, .09722},
         {.1482, -.10175}, {.6019, .10814}},
        {{.7471, .32737}, {.8759, .38910}, {0, 0}, {.7881, .33641}, {.8791, .43098},
         {.6767, .31845}, {.8334, .47113}},
        {{.8056, .28387}, {.7983, .16740}, {.2114, -.26061}, {0, 0}, {.6720, .05408},
         {.4263, .02651}, {.8125, .15695}},
        {{.5836, .01158}, {.0543, -.00848}, {.0800, -.11130}, {.0510, -.01457}, {0, 0},
         {.4686, .00131}, {.7137, .00833}},
        {{.7714, .17056}, {.8510, .29863}, {.3236, -.18564}, {.5707, .06754}, {.8231, .09099},
         {0, 0}, {.8757, .06214}},
        {{.2340, -.07094}, {.3970, .02858}, {.1669, -.41660}, {.1904, -.08253},
         {.2742, -.05383}, {.1280, -.04314}, {0, 0}}};
    for (size_t i = 0; i < 7; i++) {
        ent_i_smp_perceived(&st, i, U);
        for (size_t j = 0; j < 7; j++) {
            if (i == j) continue;
            ent_i_smp_challenge(&st, U, i, i, j, &Pv, &Gv);
            NEAR(Pv, PG[i][j][0], 5e-5 + 1e-12);
            NEAR(Gv, PG[i][j][1], 5e-6 + 1e-12);
        }
    }
    /* targets */
    long tg[7];
    double tp[7], tgn[7];
    ent_i_smp_targets(&st, tg, tp, tgn);
    const long TJ[7] = {6, 0, 6, 0, 0, 1, 1};
    const double TP[7] = {0.7643091277590508, 0.79642042016895442, 0.83344151804284217,
                          0.80560781664090375, 0.58359428091444865, 0.85103598473044373,
                          0.39697309077638449};
    const double TG[7] = {0.094735074844419787, 0.28099899143001883, 0.4711331886961625,
                          0.28387167584533168, 0.011576947086418432, 0.29863273661669698,
                          0.028583786713225257};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(tg[i], TJ[i]);
        EXACT(tp[i], TP[i]);
        EXACT(tgn[i], TG[i]);
    }
    ent_i_smp_state_destroy(&st);
    unload(f);
}

/* position on the 1e-4 grid, in hundredths ×100 (e.g. 75.61 → 7561) */
static long grid(double x) { return lround(x * 10000.0); }

/* §14.5 bargains and §14.6 resolution of round 1 */
static void test_3dim_round1(void **state)
{
    fixture_t *f = load(F3DIM);
    ent_i_smp_state_t st;
    assert_int_equal(ent_i_smp_state_init(&st, &f->in, NULL, NULL), ENT_OK);
    assert_int_equal(ent_i_smp_assess(&st, NULL), ENT_OK);
    long tg[7];
    double tp[7], tgn[7], bI[7][3], bJ[7][3];
    ent_i_smp_targets(&st, tg, tp, tgn);
    static const long B[7][2][3] = {
        {{7561, 2478, 7195}, {7561, 2479, 7195}}, {{8169, 7316, 6450}, {8169, 7316, 6450}},
        {{8226, 8256, 206}, {8226, 8256, 206}},   {{6582, 5076, 6302}, {6582, 5076, 6302}},
        {{7954, 4472, 7205}, {7954, 4471, 7205}}, {{8439, 3405, 8634}, {8439, 3405, 8634}},
        {{7893, 5633, 7252}, {7893, 5633, 7252}}};
    for (size_t i = 0; i < 7; i++) {
        ent_i_smp_interp(&st, i, (size_t)tg[i], tp[i], 1.0 - tp[i], bI[i], bJ[i]);
        for (int k = 0; k < 3; k++) {
            assert_int_equal(grid(bI[i][k]), B[i][0][k]);
            assert_int_equal(grid(bJ[i][k]), B[i][1][k]);
            EXACT(bI[i][k], (double)B[i][0][k] / 10000.0); /* exactly on the grid */
        }
    }
    /* k = 0: options SQ, 0:6, 1:0, 3:0, 4:0 — option values (5 dp), coalitions (3 dp), q */
    const size_t oi[5] = {0, 0, 1, 3, 4}, oj[5] = {0, 6, 0, 0, 0};
    static const double UV[7][5] = {{0.82325, 0.83726, 0.80570, 0.80676, 0.81633},
                                    {0.71543, 0.73202, 0.77307, 0.74814, 0.74652},
                                    {0.51258, 0.52804, 0.52407, 0.52177, 0.51692},
                                    {0.74789, 0.76561, 0.77479, 0.80283, 0.79217},
                                    {0.96427, 0.96840, 0.96715, 0.96810, 0.96956},
                                    {0.75597, 0.77250, 0.74109, 0.76567, 0.77766},
                                    {0.73554, 0.72736, 0.72174, 0.73902, 0.74794}};
    static const double CC[5][5] = {{0.000, 0.443, 4.336, 1.692, 0.710},
                                    {7.917, 0.000, 7.906, 4.778, 3.588},
                                    {6.792, 2.889, 0.000, 1.630, 2.346},
                                    {8.705, 4.318, 6.186, 0.000, 1.525},
                                    {9.194, 4.598, 8.373, 2.996, 0.000}};
    double H[7 * 5], Cm[25], Pm[25], q[5];
    for (size_t a = 0; a < 7; a++)
        for (size_t c = 0; c < 5; c++) {
            H[a * 5 + c] = c == 0 ? ent_i_smp_value_sq(&st, a)
                                  : ent_i_smp_value(&st, a, oi[c], oj[c], bI[oi[c]], bJ[oi[c]]);
            NEAR(H[a * 5 + c], UV[a][c], 5e-6);
        }
    assert_int_equal(ent_i_smp_pce(7, 5, st.cap, H, &st.o, 1, Cm, Pm, q, NULL), ENT_OK);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            if (i != j) NEAR(Cm[i * 5 + j], CC[i][j], 5e-4);
    const double Q0[5] = {0.00044305, 0.29381862, 0.01371322, 0.19527509, 0.49675002};
    for (int c = 0; c < 5; c++) NEAR(q[c], Q0[c], 5e-9);
    assert_int_equal(ent_i_smp_choose(&st.o, q, 5, 1, 0), 4);

    /* the full step: every actor's new position (§14.6 last column) */
    ent_smp_result_t r;
    assert_int_equal(ent_i_smp_result_alloc(&r, 7, 3, 2, NULL), ENT_OK);
    ent_i_smp_round_t rec = {r.target, r.tprob, r.tgain, r.bargain, r.chosen, r.chosen_q,
                             r.noptions};
    assert_int_equal(ent_i_smp_step(&st, 1, &rec, NULL), ENT_OK);
    static const long X1[7][3] = {{7954, 4471, 7205}, {7893, 5633, 7252}, {8245, 9089, 7},
                                  {6582, 5076, 6302}, {7954, 4472, 7205}, {8439, 3405, 8634},
                                  {7561, 2479, 7195}};
    const long CH[7] = {4, 6, -1, 3, 4, 5, 0};
    const int NO[7] = {5, 4, 2, 2, 2, 2, 4};
    const double CQ[7] = {0.49675002, 0.56962153, 0.63467408, 0.83729477,
                          0.92835203, 0.62707262, 0.66340277};
    for (int i = 0; i < 7; i++) {
        for (int k = 0; k < 3; k++) assert_int_equal(grid(st.x[i * 3 + k]), X1[i][k]);
        assert_int_equal(r.chosen[i], CH[i]);
        assert_int_equal(r.noptions[i], NO[i]);
        NEAR(r.chosen_q[i], CQ[i], 5e-9);
    }
    ent_smp_result_destroy(&r);
    ent_i_smp_state_destroy(&st);
    unload(f);
}

/* §14.7 state 1 and §14.8 convergence, through the public solver */
static void test_3dim_run(void **state)
{
    fixture_t *f = load(F3DIM);
    ent_smp_result_t r;
    ent_smp_opts_t o;
    ent_smp_opts_init(&o);
    assert_int_equal(ent_smp_solve(&f->in, &o, 0, &r, NULL), ENT_OK);
    assert_int_equal(r.nstates, 11); /* 10 rounds */
    assert_int_equal(r.stop, ENT_SMP_STOP_CONVERGED);
    const double R1[7] = {0.99999999999999978, -0.46874971662336118, -0.5, -0.4737382594885246,
                          0.65483766122826059, -0.46215455435577057, -0.46894972875542984};
    const double W1[7] = {0.60592976622471562, 0.050924297873814688, 0.0096116368142321312,
                          0.14058082669800284, 0.60592976622471562, 0.12169699717509372,
                          0.071256475214141038};
    for (int i = 0; i < 7; i++) {
        EXACT(r.risk[7 + i], R1[i]);
        EXACT(r.prob[7 + i], W1[i]);
    }
    /* round-2 targets */
    const long T2[7] = {5, 0, 1, 6, 5, 1, 1};
    const double P2[7] = {.47202, .86983, .86830, .82832, .40852, .87666, .71290};
    const double G2[7] = {.0012237, .062719, .43167, .20646, .0028532, .21139, .13902};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(r.target[7 + i], T2[i]);
        NEAR(r.tprob[7 + i], P2[i], 5e-6);
        assert_true(fabs(r.tgain[7 + i] - G2[i]) <= 5e-5 * fabs(G2[i]) + 1e-12);
    }
    /* §14.8: first step distance and every ratio */
    EXACT(ent_i_smp_dist(7, 3, r.x + 21, r.x), 0.87392256007781266);
    const double RT[10] = {0.999886, 0.763125, 0.177981, 0.080077, 0.085275,
                           0.068615, 0.063851, 0.105805, 0.039823, 0.004529};
    for (int t = 1; t <= 10; t++) NEAR(r.ratio[t], RT[t - 1], 5e-7);
    /* final state at printed precision: positions %5.1f of x·100, probabilities %.4f */
    static const char *FX[7] = {" 78.6  31.8  74.1", " 78.6  31.8  74.1", " 82.5  90.9   0.1",
                                " 67.1  50.1  63.7", " 78.6  31.6  74.1", " 79.9  34.4  75.2",
                                " 78.6  31.6  74.1"};
    static const char *FP[7] = {"0.3340", "0.3340", "0.0183", "0.0957", "0.1512", "0.4009",
                                "0.1512"};
    for (int i = 0; i < 7; i++) {
        char b[64], c[16];
        snprintf(b, sizeof b, "%5.1f %5.1f %5.1f", r.x[(70 + i) * 3] * 100.0,
                 r.x[(70 + i) * 3 + 1] * 100.0, r.x[(70 + i) * 3 + 2] * 100.0);
        assert_string_equal(b, FX[i]);
        snprintf(c, sizeof c, "%.4f", r.prob[70 + i]);
        assert_string_equal(c, FP[i]);
    }
    /* two-decimal final positions of §14.8 */
    static const long FX2[7][3] = {{7856, 3176, 7405}, {7856, 3176, 7405}, {8245, 9089, 7},
                                   {6712, 5012, 6373}, {7860, 3165, 7411}, {7988, 3437, 7516},
                                   {7860, 3165, 7411}};
    for (int i = 0; i < 7; i++)
        for (int k = 0; k < 3; k++) assert_int_equal(grid(r.x[(70 + i) * 3 + k]), FX2[i][k]);
    ent_smp_result_destroy(&r);
    unload(f);
}

/* §14.9 SOE-Pol-Comp state 0 and round 1 */
static void test_soe_round1(void **state)
{
    fixture_t *f = load(FSOE);
    assert_int_equal(f->n, 13);
    assert_int_equal(f->d, 2);
    ent_smp_result_t r;
    assert_int_equal(ent_smp_solve(&f->in, NULL, 0, &r, NULL), ENT_OK);
    ent_i_smp_state_t st;
    assert_int_equal(ent_i_smp_state_init(&st, &f->in, NULL, NULL), ENT_OK);
    const double S[13] = {.72, .86, .94, .70, .925, .64, .64, .94, .44, .825, .925, .88, .95};
    const double W[13] = {72.0, 51.772, 32.9, 24.5, 37.0, 12.8, 9.6, 23.5, 8.8, 28.875, 18.5,
                          17.6, 38.0};
    for (int i = 0; i < 13; i++) {
        NEAR(st.S[i], S[i], 1e-12);
        NEAR(st.W[i], W[i], 1e-9);
    }
    ent_i_smp_state_destroy(&st);
    const double R0[13] = {1, -0.49761046531236136, -0.45180149973270672, 0.36159118568742127,
                           -0.49967572206291638, -0.5, -0.49745031897286318,
                           -0.49938426393582003, -0.45180149973270672, 0.64325060932084266,
                           -0.38330366447413444, -0.19611311858199676, -0.49992190538964676};
    for (int i = 0; i < 13; i++) EXACT(r.risk[i], R0[i]);
    EXACT(r.pneutral[2], 0.011966693342185333);
    EXACT(r.pneutral[8], 0.011966693342185333);
    const long TJ[13] = {10, 5, 10, 8, 5, 8, 5, 6, 5, 5, 8, 5, 8};
    const double TP[13] = {0.76757715399520099, 0.89735298273012454, 0.79127590982231499,
                           0.93607067720074966, 0.8681569932267813, 0.11638745064821129,
                           0.97681947587244278, 0.89648191001005351, 0.88493151796138791,
                           0.7667279152030918, 0.91128728032755779, 0.93222003421720823,
                           0.9602194001360822};
    const double TG[13] = {0.04560141879128965, 0.48262495527264426, 0.26391373262222406,
                           0.19771218189543793, 0.49197608520407843, 0.035910997409834833,
                           0.071444242132477687, 0.42444447233387606, 0.15197945106177957,
                           0.11567497947224203, 0.33995861525595172, 0.14475933348741266,
                           0.42153344692732864};
    static const long BG[13][4] = {{3483, 2250, 3483, 2250}, {4480, 6457, 4480, 6457},
                                   {3285, 1627, 3285, 1627}, {4489, 4498, 4489, 4498},
                                   {4959, 6444, 4959, 6444}, {2963, 1473, 2963, 1473},
                                   {2000, 1500, 2000, 1500}, {5972, 4981, 5972, 4981},
                                   {2964, 1474, 2964, 1474}, {4294, 3875, 4294, 3875},
                                   {4993, 4996, 4993, 4995}, {1999, 2993, 1999, 2993},
                                   {1501, 5999, 1501, 5999}};
    static const long X1[13][2] = {{3000, 2000}, {4480, 6457}, {3000, 1500}, {4489, 4498},
                                   {4959, 6444}, {4294, 3875}, {2000, 1500}, {5972, 4981},
                                   {2964, 1474}, {4294, 3875}, {4993, 4996}, {1999, 2993},
                                   {1500, 6000}};
    const long CH[13] = {-1, 1, -1, 3, 4, 9, 6, 7, 8, 9, 10, 11, -1};
    const double CQ[13] = {.5458, .5951, .5803, .6143, .5847, .4645, .6333, .5402, .5179,
                           .7577, .3684, .8244, .5732};
    for (int i = 0; i < 13; i++) {
        assert_int_equal(r.target[i], TJ[i]);
        EXACT(r.tprob[i], TP[i]);
        EXACT(r.tgain[i], TG[i]);
        for (int k = 0; k < 4; k++) assert_int_equal(grid(r.bargain[i * 4 + k]), BG[i][k]);
        for (int k = 0; k < 2; k++) assert_int_equal(grid(r.x[(13 + i) * 2 + k]), X1[i][k]);
        assert_int_equal(r.chosen[i], CH[i]);
        NEAR(r.chosen_q[i], CQ[i], 5e-5);
    }
    assert_int_equal(r.noptions[5], 8); /* XS: SQ, 5:8, 1:5, 4:5, 6:5, 8:5, 9:5, 11:5 */
    assert_int_equal(r.noptions[8], 6);
    assert_int_equal(r.noptions[10], 4);
    ent_smp_result_destroy(&r);
    unload(f);
}

/* XS's option probabilities in the canonical order (§14.9) */
static void test_soe_xs_options(void **state)
{
    fixture_t *f = load(FSOE);
    ent_i_smp_state_t st;
    assert_int_equal(ent_i_smp_state_init(&st, &f->in, NULL, NULL), ENT_OK);
    assert_int_equal(ent_i_smp_assess(&st, NULL), ENT_OK);
    long tg[13];
    double tp[13], tgn[13], bI[13][2], bJ[13][2];
    ent_i_smp_targets(&st, tg, tp, tgn);
    for (size_t i = 0; i < 13; i++)
        ent_i_smp_interp(&st, i, (size_t)tg[i], tp[i], 1.0 - tp[i], bI[i], bJ[i]);
    const size_t init[8] = {5, 5, 1, 4, 6, 8, 9, 11};
    double H[13 * 8], Pm[64], q[8];
    for (size_t a = 0; a < 13; a++)
        for (size_t c = 0; c < 8; c++)
            H[a * 8 + c] = c == 0 ? ent_i_smp_value_sq(&st, a)
                                  : ent_i_smp_value(&st, a, init[c], (size_t)tg[init[c]],
                                                    bI[init[c]], bJ[init[c]]);
    assert_int_equal(ent_i_smp_pce(13, 8, st.cap, H, &st.o, 1, NULL, Pm, q, NULL), ENT_OK);
    const double Q[8] = {7.3134e-05, 0.017255, 0.096738, 0.039380, 0.018723, 0.136951, 0.464471,
                         0.226409};
    for (int c = 0; c < 8; c++) assert_true(fabs(q[c] - Q[c]) <= 5e-7 + 1e-4 * Q[c]);
    assert_int_equal(ent_i_smp_choose(&st.o, q, 8, 1, 5), 6);
    ent_i_smp_state_destroy(&st);
    unload(f);
}

/* §14.10 SOE-Pol-Comp convergence, final state, and the round-26 knife edge */
static void test_soe_run(void **state)
{
    fixture_t *f = load(FSOE);
    ent_smp_result_t r;
    assert_int_equal(ent_smp_solve(&f->in, NULL, 0, &r, NULL), ENT_OK);
    assert_int_equal(r.nstates, 28); /* 27 rounds */
    assert_int_equal(r.stop, ENT_SMP_STOP_CONVERGED);
    EXACT(ent_i_smp_dist(13, 2, r.x + 26, r.x), 0.44713429625677359);
    const double RT[27] = {0.999776, 1.558058, 1.275953, 1.488665, 1.412476, 0.806857, 1.778773,
                           0.429343, 0.588656, 0.660162, 0.605565, 0.483482, 0.424445, 0.439707,
                           0.470716, 0.358848, 0.463856, 0.236429, 0.363460, 0.205502, 0.934960,
                           0.186893, 0.180068, 0.055019, 0.093028, 0.087378, 0.008327};
    for (int t = 1; t <= 27; t++) NEAR(r.ratio[t], RT[t - 1], 5e-7);
    static const long FX[13][2] = {{4318, 4330}, {4323, 4327}, {3866, 2882}, {3857, 2879},
                                   {3866, 2882}, {3859, 2952}, {3872, 2897}, {3872, 2897},
                                   {3871, 2895}, {3882, 3072}, {3882, 3077}, {3882, 3077},
                                   {1500, 6000}};
    static const char *FP[13] = {"0.2299", "0.2299", "0.1104", "0.1104", "0.1104",
                                 "0.2202", "0.2063", "0.2063", "0.2063", "0.2330",
                                 "0.2330", "0.2330", "0.0002"};
    size_t T = 27;
    for (int i = 0; i < 13; i++) {
        for (int k = 0; k < 2; k++) assert_int_equal(grid(r.x[(T * 13 + i) * 2 + k]), FX[i][k]);
        char c[16];
        snprintf(c, sizeof c, "%.4f", r.prob[T * 13 + i]);
        assert_string_equal(c, FP[i]);
    }
    /* round 26: HLJ (11) takes SHX's (10) bargain, q 0.2768649820753314 */
    assert_int_equal(r.chosen[25 * 13 + 11], 10);
    NEAR(r.chosen_q[25 * 13 + 11], 0.2768649820753314, 1e-15);
    ent_smp_result_destroy(&r);
    unload(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_3dim_inputs),     cmocka_unit_test(test_3dim_state0),
        cmocka_unit_test(test_3dim_challenges), cmocka_unit_test(test_3dim_round1),
        cmocka_unit_test(test_3dim_run),        cmocka_unit_test(test_soe_round1),
        cmocka_unit_test(test_soe_xs_options),  cmocka_unit_test(test_soe_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
