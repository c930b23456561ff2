/* SPDX-License-Identifier: MIT */
/* test_analysis_proposals.c — unit tests of the utility, the win-set of
 * the status quo and the proposal flags (src/analysis/winset.c, proposals.c).
 * Hand-made scenarios in YAML (docs/format.md); expected values are derived in comments.
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

#define assert_near(a, b, eps)                                                \
    do {                                                                      \
        double a_ = (a), b_ = (b);                                            \
        if (!(fabs(a_ - b_) <= (eps))) {                                      \
            print_error("%.17g != %.17g (eps %g)\n", a_, b_, (double)(eps)); \
            fail();                                                           \
        }                                                                     \
    } while (0)

static void load(ent_scenario_t *s, const char *yaml)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "test.yaml", yaml, strlen(yaml), NULL, &err);
    if (st != ENT_OK) print_error("load: %s\n", err.msg);
    assert_int_equal(st, ENT_OK);
}

/* ---- win-set along one issue ----
 * A at 20, B at 60, C at 90, status quo 50, saliences 1. Preferred-to sets: A [0, 50)
 * (2*20-50 = -10 lies below the scale), B (50, 70), C (50, 100] (2*90-50 = 130 lies
 * beyond it). "2 of g": (50, 70) (B and C); "all of g": empty; "any of g": [0, 50) u
 * (50, 100]. */
#define THREE                                                                              \
    "entente: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"         \
    "  - {id: C, capability: 1}\nissues:\n  - {id: x, status_quo: 50}\npositions:\n"        \
    "  - {actor: A, issue: x, position: 20, salience: 1}\n"                                 \
    "  - {actor: B, issue: x, position: 60, salience: 1}\n"                                 \
    "  - {actor: C, issue: x, position: 90, salience: 1}\n"                                 \
    "groups:\n  - {id: g, members: [A, B, C]}\n"                                            \
    "rules:\n  - {id: two, expr: \"2 of g\"}\n  - {id: unan, expr: \"all of g\"}\n"         \
    "  - {id: one, expr: \"any of g\"}\n"

static void test_winset_intervals(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, THREE);
    ent_winset_t w;
    ent_error_t err = {0};
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.nint[0], 1);
    assert_near(w.ints[0][0].lo, 50, 0);
    assert_near(w.ints[0][0].hi, 70, 0);
    assert_int_equal(w.ints[0][0].lo_open, 1);
    assert_int_equal(w.ints[0][0].hi_open, 1);
    assert_int_equal(w.joint, ENT_WINSET_NONEMPTY);
    assert_int_equal(w.nveto, 0);
    ent_winset_destroy(&w);

    assert_int_equal(ent_winset_compute(&s, 1, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.nint[0], 0);
    assert_int_equal(w.joint, ENT_WINSET_EMPTY);
    assert_int_equal(w.nveto, 3);
    ent_winset_destroy(&w);

    assert_int_equal(ent_winset_compute(&s, 2, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.nint[0], 2);
    assert_near(w.ints[0][0].lo, 0, 0);
    assert_int_equal(w.ints[0][0].lo_open, 0);  /* A prefers 0 itself */
    assert_near(w.ints[0][0].hi, 50, 0);
    assert_int_equal(w.ints[0][0].hi_open, 1);
    assert_near(w.ints[0][1].lo, 50, 0);
    assert_near(w.ints[0][1].hi, 100, 0);
    assert_int_equal(w.ints[0][1].lo_open, 1);
    assert_int_equal(w.ints[0][1].hi_open, 0);  /* C prefers 100 itself */
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);
}

/* ---- joint win-set over two issues (LP) ----
 * Two veto players (rule "all of g"), two issues, status quo (0, 0):
 * P at (40, 0) salience (1, 1): prefers x iff |x1-40| + |x2| < 40.
 * Q at (0, 40) salience (1, 1): prefers x iff |x1| + |x2-40| < 40.
 * Both hold (10, 10): P 30+10 = 40 is not < 40... take (10, 5): P 30+5 = 35 < 40, Q 10+35
 * = 45 no. In fact P's set lies in x1 + |x2| ... the two open diamonds touch only at the
 * status quo: along the line x1 = x2 = t both need 40 - t + t < 40, impossible. The joint
 * win-set is EMPTY although each issue alone has nobody vetoing... along issue 1, Q is
 * indifferent (no gain), so the 1-D intervals are empty too.
 * With Q's salience on issue 1 lowered to 0.5: Q prefers x iff 0.5|x1| + |x2-40| < 40:
 * the point (20, 10) gives P 20+10 = 30 < 40 and Q 10+30 = 40 (no); (20, 20): P 20+20 = 40
 * (no)... (30, 5): P 10+5 = 15 < 40, Q 15+35 = 50 (no). Q needs x2 > 0.5 x1 and P needs
 * x2 < x1 (from 40-x1+x2 < 40): e.g. (20, 15): P 20+15 = 35 < 40, Q 10+25 = 35 < 40: the
 * joint win-set is NON-EMPTY, found by the LP and not by any single-issue interval. */
#define TWO_ISSUES(qs1)                                                                     \
    "entente: 1\nactors:\n  - {id: P, capability: 1}\n  - {id: Q, capability: 1}\n"          \
    "issues:\n  - {id: i1, status_quo: 0}\n  - {id: i2, status_quo: 0}\npositions:\n"       \
    "  - {actor: P, issue: i1, position: 40, salience: 1}\n"                                 \
    "  - {actor: P, issue: i2, position: 0, salience: 1}\n"                                  \
    "  - {actor: Q, issue: i1, position: 0, salience: " qs1 "}\n"                             \
    "  - {actor: Q, issue: i2, position: 40, salience: 1}\n"                                 \
    "groups:\n  - {id: g, members: [P, Q]}\nrules:\n  - {id: unan, expr: \"all of g\"}\n"

static void test_winset_joint_lp(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, TWO_ISSUES("1"));
    ent_winset_t w;
    ent_error_t err = {0};
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.nint[0], 0);
    assert_int_equal(w.nint[1], 0);
    assert_int_equal(w.joint, ENT_WINSET_EMPTY);
    assert_int_equal(w.ncoal_checked, 1);
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);

    load(&s, TWO_ISSUES("0.5"));
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.nint[0], 0);
    assert_int_equal(w.nint[1], 0);
    assert_int_equal(w.joint, ENT_WINSET_NONEMPTY);
    /* the witness is strictly preferred by both */
    const double *xs[2] = {&w.witness[0], &w.witness[1]};
    double q0 = 0, q1 = 0;
    const double *sq[2] = {&q0, &q1};
    for (size_t a = 0; a < 2; a++) assert_true(ent_utility(&s, a, xs) > ent_utility(&s, a, sq) + 1e-6);
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);
}

/* ---- proposals and flags ----
 * Veto players U (position 100, salience 0.9) and R (position 40, salience 0.9) on issue
 * g (status quo 10), and issue l (status quo 0) where U sits at 0 and R at 90 (salience
 * 0.8 each). Proposal r_offer by R: g 40, l 90.
 *   U: U(prop) = -(0.9*60 + 0.8*90) = -126, U(sq) = -(0.9*90 + 0) = -81: rejects.
 *   R: U(prop) = 0, U(sq) = -(0.9*30 + 0.8*90) = -99: accepts.
 * Dead on arrival (U is a veto player). The win-set holds g in (10, 70) with l at 0, which
 * R also prefers (g = 40: R gains 27): a better offer existed.
 * Proposal u_offer by U: g 40 only: both gain on g: passes.
 * Variant: R at 5 on g (below the status quo): the veto players pull apart on g and on l,
 * so the win-set is empty: no agreement possible, and no better offer existed for r_offer. */
#define FLAGS(rg)                                                                           \
    "entente: 1\nactors:\n  - {id: U, capability: 1}\n  - {id: R, capability: 1}\n"          \
    "  - {id: O, capability: 1}\n"                                                           \
    "issues:\n  - {id: g, status_quo: 10}\n  - {id: l, status_quo: 0}\npositions:\n"        \
    "  - {actor: U, issue: g, position: 100, salience: 0.9}\n"                               \
    "  - {actor: R, issue: g, position: " rg ", salience: 0.9}\n"                            \
    "  - {actor: O, issue: g, position: 0, salience: 0.5}\n"                                 \
    "  - {actor: U, issue: l, position: 0, salience: 0.8}\n"                                 \
    "  - {actor: R, issue: l, position: 90, salience: 0.8}\n"                                \
    "groups:\n  - {id: b, members: [U, R]}\nrules:\n  - {id: settle, expr: \"all of b\"}\n" \
    "proposals:\n  - {id: r_offer, proposer: R, rule: settle, point: {g: 40, l: 90}}\n"      \
    "  - {id: u_offer, proposer: U, rule: settle, point: {g: 40}}\n"

static void test_proposal_flags(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, FLAGS("40"));
    ent_proposals_t r;
    ent_error_t err = {0};
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    assert_int_equal(r.nproposals, 2);
    const ent_proposal_eval_t *e = &r.eval[0];
    assert_near(e->u_prop[0], -126, 1e-9);
    assert_near(e->u_sq[0], -81, 1e-9);
    assert_near(e->u_prop[1], 0, 1e-9);
    assert_near(e->u_sq[1], -99, 1e-9);
    assert_int_equal(e->vote[0], ENT_VOTE_REJECT);
    assert_int_equal(e->vote[1], ENT_VOTE_ACCEPT);
    assert_int_equal(e->vote[2], ENT_VOTE_NO_POSITION);  /* O: no position on l, which moves */
    assert_int_equal(e->passes, 0);
    assert_int_equal(e->dead_on_arrival, 1);
    assert_int_equal(e->nveto_against, 1);
    assert_int_equal(e->veto_against[0], 0);
    assert_int_equal(e->nkill, 1);               /* {U}; O is not a player of "all of b" */
    assert_int_equal(e->kill_off[1] - e->kill_off[0], 1);
    assert_int_equal(e->kill[0], 0);
    assert_int_equal(e->better_offer_existed, 1);
    assert_non_null(e->proposer_witness);
    assert_true(e->proposer_witness[0] > 10 && e->proposer_witness[0] < 70);
    const ent_proposal_eval_t *f = &r.eval[1];
    assert_int_equal(f->passes, 1);
    assert_int_equal(f->dead_on_arrival, 0);
    assert_int_equal(r.nwinsets, 1);
    assert_int_equal(r.winset[0].joint, ENT_WINSET_NONEMPTY);
    assert_int_equal(r.winset[0].nint[0], 1);
    assert_near(r.winset[0].ints[0][0].lo, 10, 0);
    assert_near(r.winset[0].ints[0][0].hi, 70, 0);
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_proposals(&s, &r, ENT_OUTPUT_TEXT, &b), ENT_OK);
    assert_non_null(strstr(b.data, "FLAG dead on arrival: U, a veto player, rejects it"));
    assert_non_null(strstr(b.data, "FLAG a mutually acceptable offer, better for R, existed"));
    ent_buf_free(&b);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);

    load(&s, FLAGS("5"));
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    assert_int_equal(r.eval[0].dead_on_arrival, 1);
    assert_int_equal(r.eval[0].better_offer_existed, 0);
    assert_int_equal(r.eval[1].passes, 0);
    assert_int_equal(r.winset[0].joint, ENT_WINSET_EMPTY);
    assert_int_equal(ent_report_proposals(&s, &r, ENT_OUTPUT_TEXT, &b), ENT_OK);
    assert_non_null(strstr(b.data, "FLAG no agreement possible"));
    assert_int_equal(ent_report_proposals(&s, &r, ENT_OUTPUT_CSV, &b), ENT_EINVAL);
    ent_buf_free(&b);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
}

/* Utility on a two-dimensional issue: Euclidean norm of salience-weighted differences:
 * saliences (0.6, 0.8), position (0, 0), point (10, 10): sqrt(36 + 64) = 10. */
static void test_utility_multidim(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, "entente: 1\nactors:\n  - {id: A, capability: 1}\nissues:\n"
             "  - {id: p, dimensions: [a, b], scale: [0, 100]}\npositions:\n"
             "  - {actor: A, issue: p, position: [0, 0], salience: [0.6, 0.8]}\n");
    double pt[2] = {10, 10};
    const double *x[1] = {pt};
    assert_near(ent_utility(&s, 0, x), -10, 1e-12);
    ent_scenario_destroy(&s);
}

/* ---- joint win-set on a two-dimensional issue (Euclidean loss) ----
 * P at (40, 0) and Q at (0, 40), status quo (0, 0), saliences 1: each prefers the open disc
 * of radius 40 around its position, which passes through the status quo. The discs overlap
 * near the origin in direction (1, 1) (e.g. (5, 5): 35.4 < 40 for both), although the 1-norm
 * balls do not (they would need x2 < x1 and x1 < x2): the 1-norm LP finds nothing and the
 * tangent-cone test (derivatives -d1 and -d2) finds the direction (1, 1).
 * With P at (100, 50), Q at (0, 50) and the status quo at (50, 50), the derivatives are -d1
 * and +d1: no common direction, and the win-set is proven empty. */
#define TWO_D(p, q, sq)                                                                     \
    "entente: 1\nactors:\n  - {id: P, capability: 1}\n  - {id: Q, capability: 1}\n"          \
    "issues:\n  - {id: plan, dimensions: [a, b], status_quo: " sq "}\npositions:\n"          \
    "  - {actor: P, issue: plan, position: " p ", salience: [1, 1]}\n"                      \
    "  - {actor: Q, issue: plan, position: " q ", salience: [1, 1]}\n"                      \
    "groups:\n  - {id: g, members: [P, Q]}\nrules:\n  - {id: unan, expr: \"all of g\"}\n"

static void test_winset_two_dimensional(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_winset_t w;
    ent_error_t err = {0};
    load(&s, TWO_D("[40, 0]", "[0, 40]", "[0, 0]"));
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.joint, ENT_WINSET_NONEMPTY);
    assert_non_null(w.witness);
    const double *xs[1] = {w.witness};
    double q[2] = {0, 0};
    const double *qs[1] = {q};
    for (size_t a = 0; a < 2; a++) assert_true(ent_utility(&s, a, xs) > ent_utility(&s, a, qs));
    assert_non_null(strstr(w.method, "tangent-cone"));
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);

    load(&s, TWO_D("[100, 50]", "[0, 50]", "[50, 50]"));
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.joint, ENT_WINSET_EMPTY);
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);
}

/* Seeded random cross-check of the joint win-set on a 2-D plus a 1-D issue with five veto
 * players: whenever a sampled point (rings around the status quo and uniform points) is
 * strictly preferred by all five, the analysis must not claim EMPTY; whenever it claims
 * NONEMPTY, its witness must be strictly preferred by all five under the true utility. */
static uint64_t rs = 7;
static double urand(void)
{
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rs >> 11) / 9007199254740992.0;
}

static void test_winset_random_crosscheck(void **state)
{
    (void)state;
    int nonempty = 0, empty = 0;
    for (int trial = 0; trial < 150; trial++) {
        char y[4096];
        int q1 = 10 + (int)(urand() * 80), q2 = 10 + (int)(urand() * 80), q3 = 10 + (int)(urand() * 80);
        int k = snprintf(y, sizeof y,
                         "entente: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"
                         "  - {id: C, capability: 1}\n  - {id: D, capability: 1}\n  - {id: E, capability: 1}\n"
                         "issues:\n"
                         "  - {id: plan, dimensions: [a, b], status_quo: [%d, %d]}\n  - {id: x, status_quo: %d}\n"
                         "positions:\n", q1, q2, q3);
        const char *ids[5] = {"A", "B", "C", "D", "E"};
        for (int a = 0; a < 5; a++)
            k += snprintf(y + k, sizeof y - (size_t)k,
                          "  - {actor: %s, issue: plan, position: [%d, %d], salience: [%.2f, %.2f]}\n"
                          "  - {actor: %s, issue: x, position: %d, salience: %.2f}\n",
                          ids[a], (int)(urand() * 101), (int)(urand() * 101), 0.1 + 0.9 * urand(), 0.1 + 0.9 * urand(),
                          ids[a], (int)(urand() * 101), 0.9 * urand());
        snprintf(y + k, sizeof y - (size_t)k, "groups:\n  - {id: g, members: [A, B, C, D, E]}\nrules:\n"
                                             "  - {id: unan, expr: \"all of g\"}\n");
        ent_scenario_t s;
        load(&s, y);
        ent_winset_t w;
        ent_error_t err = {0};
        assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, &err), ENT_OK);
        double sq[3] = {q1, q2, q3}, pt[3];
        const double *qs[2] = {sq, sq + 2}, *ps[2] = {pt, pt + 2};
        int sampled = 0;
        for (int n = 0; n < 4000 && !sampled; n++) {
            if (n < 2000) {
                double r = 0.05 * (1 + n % 20), th = 2 * 3.141592653589793 * (n / 20) / 100.0;
                pt[0] = q1 + r * cos(th); pt[1] = q2 + r * sin(th);
                pt[2] = q3 + ((n % 3) - 1) * 0.05;
            } else {
                pt[0] = urand() * 100; pt[1] = urand() * 100; pt[2] = urand() * 100;
            }
            int all = 1;
            for (size_t a = 0; a < 5 && all; a++)
                if (!(ent_utility(&s, a, ps) > ent_utility(&s, a, qs) + 1e-12)) all = 0;
            if (all) sampled = 1;
        }
        if (sampled) assert_int_not_equal(w.joint, ENT_WINSET_EMPTY);
        if (w.joint == ENT_WINSET_NONEMPTY) {
            const double *ws[2] = {w.witness, w.witness + 2};
            for (size_t a = 0; a < 5; a++) assert_true(ent_utility(&s, a, ws) > ent_utility(&s, a, qs));
            nonempty++;
        }
        if (w.joint == ENT_WINSET_EMPTY) empty++;
        ent_winset_destroy(&w);
        ent_scenario_destroy(&s);
    }
    print_message("random win-sets: %d non-empty, %d empty, %d undecided\n", nonempty, empty, 150 - nonempty - empty);
    assert_true(nonempty >= 10);
    assert_true(empty >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_winset_intervals),
        cmocka_unit_test(test_winset_joint_lp),
        cmocka_unit_test(test_proposal_flags),
        cmocka_unit_test(test_utility_multidim),
        cmocka_unit_test(test_winset_two_dimensional),
        cmocka_unit_test(test_winset_random_crosscheck),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
