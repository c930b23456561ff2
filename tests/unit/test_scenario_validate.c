/* SPDX-License-Identifier: MIT */
/* test_scenario_validate.c — unit tests of ent_scenario_validate (src/scenario/validate.c) on
 * scenarios built in C, as importers build them: each rule of docs/format.md broken once, with
 * the message and status it must give, and the limits (ENT_ELIMIT). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "scenario/loaders.h"

/* A valid base: 3 actors, 2 issues (1-D and 2-D), positions, a group, a rule, a proposal,
 * two steps. Built through the loader, then broken field by field. */
static const char base[] =
    "entente: 1\nsalience_scale: 100\n"
    "actors:\n  - {id: a, capability: 1}\n  - {id: b, capability: 2}\n  - {id: c, capability: 3}\n"
    "issues:\n  - {id: x, scale: [0, 10], labels: {0: lo, 10: hi}, status_quo: 5}\n"
    "  - {id: y, dimensions: [u, v], scale: [0, 1]}\n"
    "positions:\n  - {actor: a, issue: x, position: 1, salience: 50}\n  - {actor: b, issue: y, position: [0.5, 0.5], salience: 10}\n"
    "groups:\n  - {id: g, members: [a, b]}\n"
    "rules:\n  - {id: r, expr: \"all of g\"}\n"
    "proposals:\n  - {id: p, proposer: a, rule: r, point: {x: 3}}\n"
    "steps:\n  - {id: s1, requires: [{step: s2, insisted_by: [{actor: c, salience: 40}]}]}\n  - {id: s2}\n";

static void load_base(ent_scenario_t *s)
{
    ent_error_t e = {0};
    ent_scenario_init(s);
    assert_int_equal(ent_i_load_yaml(s, "base.yaml", base, strlen(base), &e), ENT_OK);
}

static void expect(ent_scenario_t *s, ent_status_t want, const char *msg_part)
{
    ent_error_t e = {0};
    ent_status_t st = ent_scenario_validate(s, "v", &e);
    if (st != want || (msg_part && !strstr(e.msg, msg_part)))
        print_error("status %d (want %d), message: %s (want ...%s...)\n", (int)st, (int)want, e.msg, msg_part ? msg_part : "");
    assert_int_equal(st, want);
    if (msg_part) assert_non_null(strstr(e.msg, msg_part));
    ent_scenario_destroy(s);
}

static void valid_base(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_base(&s);
    expect(&s, ENT_OK, NULL);
}

static void broken_fields(void **state)
{
    (void)state;
    ent_scenario_t s;

    load_base(&s); free(s.actors[2].id); s.actors[2].id = strdup("a");
    expect(&s, ENT_EINPUT, "duplicate actor id 'a' (first at line 4)");
    load_base(&s); free(s.actors[1].id); s.actors[1].id = strdup("has space");
    expect(&s, ENT_EINPUT, "actor 2 has an invalid id 'has space'");
    load_base(&s); free(s.issues[1].id); s.issues[1].id = strdup("x");
    expect(&s, ENT_EINPUT, "duplicate issue id 'x'");
    load_base(&s); s.actors[0].capability = -0.5;
    expect(&s, ENT_EINPUT, "actor 'a' has capability -0.5; expected a finite number >= 0");
    load_base(&s); s.actors[0].capability = NAN;
    expect(&s, ENT_EINPUT, "actor 'a' has capability nan");
    load_base(&s); s.actors[0].capability = INFINITY;
    expect(&s, ENT_EINPUT, "actor 'a' has capability inf");
    load_base(&s); ent_scenario_pos_mut(&s, 0, 0)->x[0] = 10.5;
    expect(&s, ENT_EINPUT, "position 10.5 of actor 'a' is outside issue 'x' scale");
    load_base(&s); ent_scenario_pos_mut(&s, 0, 0)->x[0] = NAN;
    expect(&s, ENT_EINPUT, "position of actor 'a' on issue 'x' is not finite");
    load_base(&s); ent_scenario_pos_mut(&s, 1, 1)->x[1] = -0.1;
    expect(&s, ENT_EINPUT, "(dimension 'v')");
    load_base(&s); ent_scenario_pos_mut(&s, 0, 0)->sal[0] = 100.5;
    expect(&s, ENT_EINPUT, "salience 100.5 of actor 'a' on issue 'x' is out of range; expected a number in [0, 100]");
    load_base(&s); ent_scenario_pos_mut(&s, 0, 0)->sal[0] = NAN;
    expect(&s, ENT_EINPUT, "out of range");
    load_base(&s); ent_scenario_pos_mut(&s, 0, 0)->capability = -1;
    expect(&s, ENT_EINPUT, "capability -1 of actor 'a' on issue 'x' is invalid");
    load_base(&s); s.issues[0].lo[0] = 20;
    expect(&s, ENT_EINPUT, "issue 'x' has scale [20, 10]");
    load_base(&s); s.issues[0].status_quo[0] = 11;
    expect(&s, ENT_EINPUT, "status quo 11 of the issue is outside issue 'x' scale");
    load_base(&s); s.issues[0].labels[1].at = 0;
    expect(&s, ENT_EINPUT, "issue 'x' has two labels at 0");
    load_base(&s); free(s.issues[1].dim_names[1]); s.issues[1].dim_names[1] = strdup("u");
    expect(&s, ENT_EINPUT, "issue 'y' names dimension 'u' twice");
    load_base(&s); s.groups[0].members[1] = 0;
    expect(&s, ENT_EINPUT, "group 'g' lists actor 'a' twice");
    load_base(&s); s.groups[0].members[1] = 3;
    expect(&s, ENT_EINPUT, "group 'g' member 2 refers to actor #3; expected a known actor");
    load_base(&s); s.proposals[0].proposer = 7;
    expect(&s, ENT_EINPUT, "proposal 'p' proposer refers to actor #7");
    load_base(&s); s.proposals[0].rule = 1;
    expect(&s, ENT_EINPUT, "proposal 'p' rule refers to rule #1");
    load_base(&s); s.proposals[0].point[0][0] = -3;
    expect(&s, ENT_EINPUT, "point -3 of proposal 'p' is outside issue 'x' scale");
    load_base(&s); s.steps[0].pre[0].steps[0] = 0;
    expect(&s, ENT_EINPUT, "step 's1' requires itself");
    load_base(&s); s.steps[0].pre[0].steps[0] = 5;
    expect(&s, ENT_EINPUT, "step 's1' requires step #5; expected a known step");
    load_base(&s); s.steps[0].pre[0].insist[0].salience = 101;
    expect(&s, ENT_EINPUT, "salience 101 of actor 'c' insisting on a precondition of step 's1' is out of range");
    load_base(&s); s.steps[0].pre[0].insist[0].actor = 9;
    expect(&s, ENT_EINPUT, "insisted on by actor #9");
    load_base(&s); free(s.rules[0].expr); s.rules[0].expr = NULL;
    expect(&s, ENT_EINPUT, "rule 'r' has no expression");
    load_base(&s); s.salience_scale = 10;
    expect(&s, ENT_EINPUT, "salience_scale is 10; expected 1 or 100");
}

static void limits(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    s.nactors = (size_t)ENT_MAX_ACTORS + 1;   /* checked before any element is read */
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_validate(&s, "v", &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "1000001 actors exceed the limit; expected at most 1000000"));
    s.nactors = 1000;
    s.nissues = 50001;
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_validate(&s, "v", &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "1000 actors x 50001 issues exceed the limit"));
    s.nactors = s.nissues = 0;
    load_base(&s);
    s.issues[1].ndim = ENT_MAX_DIMS + 1;   /* only the count is read before refusing */
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_validate(&s, "v", &e), ENT_ELIMIT);
    s.issues[1].ndim = 2;
    ent_scenario_destroy(&s);
    assert_int_equal(ent_scenario_validate(NULL, "v", &e), ENT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_base),
        cmocka_unit_test(broken_fields),
        cmocka_unit_test(limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
