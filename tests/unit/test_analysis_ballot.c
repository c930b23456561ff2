/* SPDX-License-Identifier: MIT */
/* test_analysis_ballot.c — proposals with three-valued votes (issue 11, items 3, 4 and 8;
 * src/analysis/proposals.c): an actor without a position on an issue a proposal changes
 * abstains ("no position"), and --no-position=indifferent restores the old rule; killing
 * sets and veto players name only those whose own vote kills; the warning when most
 * deciders have no position; "a better offer existed" with its witness restricted to the
 * proposal's issues, the proposer's forgone utility and the distance to the win-set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Salience 100 = weight 1. A at 100 on both issues (y at half weight), B at 100 on x only,
 * C at 30 on x and 100 on y, D with no position at all. */
static const char yaml[] =
    "entente: 1\n"
    "salience_scale: 100\n"
    "actors: [{id: A, capability: 1}, {id: B, capability: 1}, {id: C, capability: 1}, {id: D, capability: 1}]\n"
    "issues:\n"
    "  - {id: x, scale: [0, 100], status_quo: 0}\n"
    "  - {id: y, scale: [0, 100], status_quo: 0}\n"
    "positions:\n"
    "  - {actor: A, issue: x, position: 100, salience: 100}\n"
    "  - {actor: A, issue: y, position: 100, salience: 50}\n"
    "  - {actor: B, issue: x, position: 100, salience: 100}\n"
    "  - {actor: C, issue: x, position: 30, salience: 100}\n"
    "  - {actor: C, issue: y, position: 100, salience: 100}\n"
    "rules:\n"
    "  - {id: ab, expr: \"all of {A, B}\"}\n"
    "  - {id: abd, expr: \"any of {A, B, D}\"}\n"
    "  - {id: abc, expr: \"all of {A, B, C}\"}\n"
    "  - {id: practice, expr: \"none against of {A, B, C} and 2 of {A, B, C}\"}\n"
    "  - {id: ac, expr: \"all of {A, C}\"}\n"
    "proposals:\n"
    "  - {id: both_ab, proposer: A, rule: ab, point: {x: 100, y: 100}}\n"
    "  - {id: both_abd, proposer: A, rule: abd, point: {x: 100, y: 100}}\n"
    "  - {id: y_abc, proposer: A, rule: abc, point: {y: 100}}\n"
    "  - {id: y_practice, proposer: A, rule: practice, point: {y: 100}}\n"
    "  - {id: x_practice, proposer: A, rule: practice, point: {x: 100}}\n"
    "  - {id: x_ac, proposer: B, rule: ac, point: {x: 100}}\n";

enum { A, B, C, D };

static void run(ent_no_position_t np, ent_scenario_t *s, ent_proposals_t *r)
{
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_scenario_init(s);
    assert_int_equal(ent_scenario_load_mem(s, "ballot.yaml", yaml, strlen(yaml), &lo, &e), ENT_OK);
    ent_proposals_opts_t o;
    ent_proposals_opts_init(&o);
    o.no_position = np;
    assert_int_equal(ent_proposals_analyze(s, &o, r, &e), ENT_OK);
}

static void test_no_position(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_proposals_t r;
    run(ENT_NO_POSITION_ABSTAIN, &s, &r);
    const ent_proposal_eval_t *e = &r.eval[0];
    assert_int_equal(e->vote[A], ENT_VOTE_ACCEPT);
    assert_int_equal(e->vote[B], ENT_VOTE_NO_POSITION);   /* no position on y */
    assert_int_equal(e->vote[D], ENT_VOTE_NO_POSITION);
    assert_int_equal(e->nno_position, 2);
    assert_int_equal(e->passes, 0);                      /* B abstains: "all of" fails */
    assert_int_equal(e->nkill, 1);
    assert_int_equal(e->kill[0], B);
    assert_int_equal(e->thin_issue, -1);                 /* 1 of 2 deciders lacks y */
    assert_int_equal(r.eval[1].thin_issue, 1);           /* B and D of A, B, D lack y */
    assert_int_equal(r.eval[1].thin_missing, 2);
    assert_int_equal(r.eval[1].thin_deciders, 3);
    assert_int_equal(r.eval[1].passes, 1);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);

    run(ENT_NO_POSITION_INDIFFERENT, &s, &r);
    e = &r.eval[0];
    assert_int_equal(e->vote[B], ENT_VOTE_ACCEPT);       /* judged on x alone, as before */
    assert_int_equal(e->vote[D], ENT_VOTE_INDIFFERENT);
    assert_int_equal(e->nno_position, 0);
    assert_int_equal(e->passes, 1);
    assert_int_equal(r.eval[1].thin_issue, 1);           /* the warning does not depend on it */
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
}

/* An abstention kills under "all of", not under "none against". */
static void test_killers(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_proposals_t r;
    run(ENT_NO_POSITION_ABSTAIN, &s, &r);
    const ent_proposal_eval_t *e = &r.eval[2];           /* y_abc: B has no position on y */
    assert_int_equal(e->vote[B], ENT_VOTE_NO_POSITION);
    assert_int_equal(e->passes, 0);
    assert_int_equal(e->nveto_against, 1);
    assert_int_equal(e->veto_against[0], B);
    assert_int_equal(e->dead_on_arrival, 0);             /* nobody rejects */
    assert_int_equal(e->counts_abstentions, 0);
    e = &r.eval[3];                                      /* y_practice: the same votes */
    assert_int_equal(e->passes, 1);
    assert_int_equal(e->counts_abstentions, 1);
    e = &r.eval[4];                                      /* x_practice: C at 30 rejects x = 100 */
    assert_int_equal(e->vote[C], ENT_VOTE_REJECT);
    assert_int_equal(e->passes, 0);
    assert_int_equal(e->dead_on_arrival, 1);
    assert_int_equal(e->nkill, 1);
    assert_int_equal(e->kill_off[1], 1);
    assert_int_equal(e->kill[0], C);
    assert_int_equal(e->nveto_against, 1);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
}

/* x_ac: C (at 30) prefers (0, 60) to 0, A prefers (0, 200): the win-set on x is (0, 60), the
 * proposal at 100 lies 40 from it, and B (at 100) would have gained w at any w in it. */
static void test_better_offer(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_proposals_t r;
    run(ENT_NO_POSITION_ABSTAIN, &s, &r);
    const ent_proposal_eval_t *e = &r.eval[5];
    assert_int_equal(e->dead_on_arrival, 1);
    assert_int_equal(e->better_offer_existed, 1);
    double w = e->proposer_witness[0];
    assert_true(w > 0 && w < 60);
    assert_true(isnan(e->proposer_witness[1]));          /* y is not the proposal's issue */
    assert_true(fabs(e->forgone - w) < 1e-9);
    assert_int_equal(e->distance_exact, 1);
    assert_true(fabs(e->distance - 40) < 1e-9);
    /* x_practice: A proposes; C is against any x beyond 60, so no offer at x = 100 */
    e = &r.eval[4];
    assert_int_equal(e->better_offer_existed, 1);        /* A prefers (0, 60) too */
    assert_true(isnan(e->proposer_witness[1]));
    assert_int_equal(e->distance_exact, 1);
    assert_true(fabs(e->distance - 40) < 1e-9);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
}

/* Flagship: the witnesses no longer use issues the proposal does not name. */
static void test_flagship_witness(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/analysis/ukraine-flagship-v1.yaml", &lo, &err), ENT_OK);
    ent_proposals_t r;
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    long limits = ent_scenario_find_issue(&s, "limits");
    assert_true(limits >= 0);
    for (size_t k = 0; k < r.nproposals; k++) {
        const ent_proposal_eval_t *e = &r.eval[k];
        const ent_proposal_t *p = &s.proposals[e->proposal];
        if (!e->better_offer_existed) continue;
        int names_limits = 0;
        for (size_t j = 0; j < p->npoints; j++) names_limits |= p->issue[j] == (size_t)limits;
        size_t c = 0;
        for (long i = 0; i < limits; i++) c += s.issues[i].ndim;
        assert_int_equal(isnan(e->proposer_witness[c]), !names_limits);
        assert_true(e->forgone > 0);
        assert_int_equal(e->distance_exact, 0);
        assert_true(e->distance > 0);
    }
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_position),
        cmocka_unit_test(test_killers),
        cmocka_unit_test(test_better_offer),
        cmocka_unit_test(test_flagship_witness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
