/* SPDX-License-Identifier: MIT */
/* test_prefs.c — preference forms (issue 11, item 1; src/scenario/prefs.c, the utility in
 * src/analysis/winset.c): the loss of every form at hand-computed points, the resolution of
 * the scenario default (1-D issues only, a position's own form first), and, on random small
 * scenarios (3 actors, 2 issues, random forms, "K of 3"), the exact 1-D intervals and the
 * joint verdict (ordinal forms: one LP per combination of segments) against a brute-force grid
 * scan of the utilities, each witness re-checked. Designs (item 2): the discount by the
 * aggressor's power to prevent agrees with the veto coded as an issue of its own.
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
#include "analysis/winset.h"

static void load(ent_scenario_t *s, const char *yaml)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "test.yaml", yaml, strlen(yaml), NULL, &err);
    if (st != ENT_OK) print_error("load: %s\n", err.msg);
    assert_int_equal(st, ENT_OK);
}

/* The utility of actor a with issue i at v and every other issue left out. */
static double u1(const ent_scenario_t *s, size_t a, size_t i, double v)
{
    const double *xs[8] = {NULL};
    xs[i] = &v;
    return ent_utility(s, a, xs);
}

/* A at 40 with salience 0.5 on issues 0..100, one form per issue; labels at 0, 50, 100. */
static const char forms_yaml[] =
    "entente: 1\nactors: [{id: A, capability: 1}]\n"
    "issues:\n"
    "  - {id: lin}\n  - {id: least}\n  - {id: most}\n  - {id: slopes}\n  - {id: quad, scale: [0, 200]}\n"
    "  - {id: ord, labels: {0: none, 50: some, 100: all}}\n"
    "positions:\n"
    "  - {actor: A, issue: lin, position: 40, salience: 0.5}\n"
    "  - {actor: A, issue: least, position: 40, salience: 0.5, preference: at_least}\n"
    "  - {actor: A, issue: most, position: 40, salience: 0.5, preference: at_most}\n"
    "  - {actor: A, issue: slopes, position: 40, salience: 0.5, preference: {below: 2, above: 0.5}}\n"
    "  - {actor: A, issue: quad, position: 40, salience: 0.5, preference: quadratic}\n"
    "  - {actor: A, issue: ord, position: 40, salience: 0.5, preference: {ordinal: [some, all, none]}}\n";

static void loss_of_every_form(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, forms_yaml);
    /* linear 0.5|x − 40| */
    assert_true(u1(&s, 0, 0, 70) == -15 && u1(&s, 0, 0, 10) == -15);
    /* at_least 40: anything >= 40 as good as 40 ("at least 40") */
    assert_true(u1(&s, 0, 1, 70) == 0 && u1(&s, 0, 1, 40) == 0 && u1(&s, 0, 1, 10) == -15);
    assert_true(u1(&s, 0, 1, 70) > u1(&s, 0, 1, 10));  /* prefers 70 to 10 */
    /* at_most 40: anything <= 40 as good as 40 */
    assert_true(u1(&s, 0, 2, 10) == 0 && u1(&s, 0, 2, 70) == -15);
    assert_true(u1(&s, 0, 2, 70) < u1(&s, 0, 2, 10));  /* no longer prefers 70 to 10 */
    /* slopes: 0.5 (2 below, 0.5 above) */
    assert_true(u1(&s, 0, 3, 30) == -10 && u1(&s, 0, 3, 60) == -5);
    /* quadratic on a range of 200: 0.5 (x − 40)² / 200 */
    assert_true(u1(&s, 0, 4, 60) == -1 && u1(&s, 0, 4, 0) == -4 && u1(&s, 0, 4, 240 - 40) == -64);
    /* ordinal: some (50) rank 0, all (100) rank 1, none (0) rank 2; R = 100: values 0, 50, 100,
     * interpolated between the points, times 0.5 */
    assert_true(u1(&s, 0, 5, 50) == 0 && u1(&s, 0, 5, 100) == -25 && u1(&s, 0, 5, 0) == -50);
    assert_true(u1(&s, 0, 5, 75) == -12.5 && u1(&s, 0, 5, 25) == -25);
    /* the predicate of the threshold engine */
    assert_int_equal(ent_i_pref_linear(&s, 0, 0), 1);
    for (size_t i = 1; i < 6; i++) assert_int_equal(ent_i_pref_linear(&s, 0, i), 0);
    ent_scenario_destroy(&s);
}

/* The scenario default holds on 1-D issues without a form of their own; a position's form
 * (even linear) wins; a 2-D issue stays linear. */
static void default_and_overrides(void **state)
{
    (void)state;
    static const char y[] =
        "entente: 1\npreference: {below: 1, above: 0}\nactors: [{id: A, capability: 1}, {id: B, capability: 1}]\n"
        "issues: [{id: x}, {id: z, dimensions: 2}]\n"
        "positions:\n"
        "  - {actor: A, issue: x, position: 40, salience: 1}\n"
        "  - {actor: B, issue: x, position: 40, salience: 1, preference: linear}\n"
        "  - {actor: A, issue: z, position: [1, 1], salience: 1}\n";
    ent_scenario_t s;
    load(&s, y);
    assert_int_equal(ent_scenario_pref(&s, 0, 0)->kind, ENT_PREF_SLOPES);
    assert_int_equal(ent_scenario_pref(&s, 1, 0)->kind, ENT_PREF_LINEAR);
    assert_int_equal(ent_scenario_pref(&s, 0, 1)->kind, ENT_PREF_LINEAR);
    assert_true(u1(&s, 0, 0, 90) == 0 && u1(&s, 0, 0, 30) == -10);
    assert_true(u1(&s, 1, 0, 90) == -50);
    assert_string_equal(ent_pref_kind_name(ENT_PREF_AT_LEAST), "at_least");
    /* emit and load back: an equal scenario */
    char *out = NULL;
    ent_error_t err = {0};
    assert_int_equal(ent_scenario_emit(&s, ENT_FMT_JSON, &out, NULL, &err), ENT_OK);
    ent_scenario_t t;
    load(&t, out);
    char why[200];
    if (!ent_scenario_equal(&s, &t, why, sizeof why)) print_error("%s\n", why);
    assert_true(ent_scenario_equal(&s, &t, why, sizeof why));
    t.pref.below = 2;
    assert_false(ent_scenario_equal(&s, &t, why, sizeof why));
    free(out);
    ent_scenario_destroy(&t);
    ent_scenario_destroy(&s);
}

/* ---- random scenarios against a brute-force scan ---- */

static unsigned long long rng = 0x9E3779B97F4A7C15ull;
static double unif(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}
static int pick(int n) { return (int)(unif() * n); }

/* A random scenario: 3 actors, 2 issues on 0..100 with labels at 0, 50, 100, integer
 * positions and status quo, saliences in tenths, a form per position (ordinal only when
 * allow_ord), rule "K of g". */
static void random_yaml(char *buf, size_t n, int allow_ord, int *K)
{
    static const char *const forms[] = {"linear", "at_least", "at_most", "quadratic", "{below: 1.5, above: 0.5}",
                                        "{below: 0, above: 2}", "{ordinal: [50, 0, 100]}", "{ordinal: [100, 0, 50]}"};
    size_t off = (size_t)snprintf(buf, n, "entente: 1\nactors: [{id: A, capability: 1}, {id: B, capability: 1}, "
                                  "{id: C, capability: 1}]\nissues:\n");
    for (int i = 0; i < 2; i++)
        off += (size_t)snprintf(buf + off, n - off, "  - {id: i%d, status_quo: %d, labels: {0: lo, 50: mid, 100: hi}}\n",
                                i, 5 * pick(21));
    off += (size_t)snprintf(buf + off, n - off, "positions:\n");
    for (int a = 0; a < 3; a++)
        for (int i = 0; i < 2; i++)
            off += (size_t)snprintf(buf + off, n - off,
                                    "  - {actor: %c, issue: i%d, position: %d, salience: %.1f, preference: %s}\n",
                                    'A' + a, i, 5 * pick(21), 0.1 * (1 + pick(10)), forms[pick(allow_ord ? 8 : 6)]);
    *K = 2 + pick(2);  /* "2 of" or unanimity: empty win-sets happen */
    snprintf(buf + off, n - off, "groups: [{id: g, members: [A, B, C]}]\nrules: [{id: r, expr: \"%d of g\"}]\n", *K);
}

/* Actors whose utility at x exceeds that at the status quo by more than `margin` (a negative
 * margin counts near-ties as preferring). */
static int count_pref(const ent_scenario_t *s, const double *x, double margin)
{
    const double *xs[2] = {&x[0], &x[1]}, *qs[2] = {s->issues[0].status_quo, s->issues[1].status_quo};
    int n = 0;
    for (size_t a = 0; a < s->nactors; a++) n += ent_utility(s, a, xs) > ent_utility(s, a, qs) + margin;
    return n;
}

static int in_intervals(const ent_winset_t *w, size_t i, double v)
{
    for (size_t k = 0; k < w->nint[i]; k++) {
        const ent_interval_t *iv = &w->ints[i][k];
        if ((v > iv->lo || (v == iv->lo && !iv->lo_open)) && (v < iv->hi || (v == iv->hi && !iv->hi_open))) return 1;
    }
    return 0;
}

static void random_against_brute_force(void **state)
{
    (void)state;
    char y[4096];
    size_t nonempty = 0, empty = 0, unknown = 0, checked_points = 0, nonempty_ord = 0, empty_ord = 0;
    for (int t = 0; t < 150; t++) {
        int K, allow_ord = t % 2;
        random_yaml(y, sizeof y, allow_ord, &K);
        ent_scenario_t s;
        load(&s, y);
        ent_winset_t w;
        ent_error_t err = {0};
        ent_status_t st = ent_winset_compute(&s, 0, -1, NULL, &w, &err);
        if (st != ENT_OK) print_error("case %d: %s\n%s", t, err.msg, y);
        assert_int_equal(st, ENT_OK);
        int has_ord = 0, has_quad = 0;
        for (size_t a = 0; a < 3; a++)
            for (size_t i = 0; i < 2; i++) {
                has_ord |= ent_scenario_pref(&s, a, i)->kind == ENT_PREF_ORDINAL;
                has_quad |= ent_scenario_pref(&s, a, i)->kind == ENT_PREF_QUADRATIC;
            }
        /* 1-D intervals: every point of the scale, the other issue at the status quo */
        for (size_t i = 0; i < 2; i++)
            for (int k = 0; k <= 400; k++) {
                double x[2] = {s.issues[0].status_quo[0], s.issues[1].status_quo[0]};
                x[i] = k * 0.25;
                int sure = count_pref(&s, x, 1e-9) >= K, maybe = count_pref(&s, x, -1e-9) >= K;
                if (sure != maybe) continue;  /* a tie within rounding: either answer is exact */
                if (sure != in_intervals(&w, i, x[i]))
                    print_error("case %d: issue %zu at %g: brute %d, intervals %d\n%s", t, i, x[i], sure,
                                in_intervals(&w, i, x[i]), y);
                assert_int_equal(sure, in_intervals(&w, i, x[i]));
                checked_points++;
            }
        /* jointly: a grid point a winning coalition prefers means "non-empty" */
        int grid = 0;
        for (int a = 0; a <= 200 && !grid; a++)
            for (int b = 0; b <= 200 && !grid; b++) {
                double x[2] = {a * 0.5, b * 0.5};
                grid = count_pref(&s, x, 1e-9) >= K;
            }
        if (w.joint == ENT_WINSET_UNKNOWN) {
            /* only where the LP found nothing and the cone test would need convexity */
            if (!(has_ord && has_quad)) print_error("case %d: unknown (%s)\n%s", t, w.why, y);
            assert_true(has_ord && has_quad);
            assert_true(strstr(w.why, "ordinal") != NULL);
            assert_false(grid);
            unknown++;
        } else if (w.joint == ENT_WINSET_NONEMPTY) {
            assert_non_null(w.witness);
            if (count_pref(&s, w.witness, 0) < K)
                print_error("case %d: witness (%.17g, %.17g)\n%s", t, w.witness[0], w.witness[1], y);
            assert_true(count_pref(&s, w.witness, 0) >= K);
            nonempty++;
            nonempty_ord += has_ord;
        } else {
            if (grid) print_error("case %d: grid finds a point, verdict %d\n%s", t, (int)w.joint, y);
            assert_int_equal(w.joint, ENT_WINSET_EMPTY);
            assert_false(grid);
            empty++;
            empty_ord += has_ord;
        }
        ent_winset_destroy(&w);
        ent_scenario_destroy(&s);
    }
    print_message("random: %zu non-empty (%zu with ordinal forms), %zu empty (%zu), %zu undecided (ordinal and "
                  "quadratic); %zu interval points checked\n", nonempty, nonempty_ord, empty, empty_ord, unknown,
                  checked_points);
    assert_true(nonempty > 0 && empty > 0 && nonempty_ord > 0 && empty_ord > 0);
}

/* Issue 11, item 2: design.yaml's `package` discounted by RU's power to prevent (0.5) and
 * design-veto-issue.yaml's veto coded as an issue agree: the same utility differences and
 * votes, the same verdicts. A design under a rule RU vetoes (pi = 1) makes a pure guarantee
 * worth nothing: every actor indifferent. */
static const ent_proposal_eval_t *find_eval(const ent_scenario_t *s, const ent_proposals_t *r, const char *id)
{
    for (size_t k = 0; k < r->nproposals; k++)
        if (!strcmp(s->proposals[r->eval[k].proposal].id, id)) return &r->eval[k];
    fail_msg("no proposal %s", id);
    return NULL;
}

static void analyze_file(const char *path, ent_scenario_t *s, ent_proposals_t *r)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    assert_int_equal(ent_scenario_load(s, path, NULL, &err), ENT_OK);
    assert_int_equal(ent_game_check_rules(s, &err), ENT_OK);
    assert_int_equal(ent_proposals_analyze(s, NULL, r, &err), ENT_OK);
}

static void design_agrees_with_veto_issue(void **state)
{
    (void)state;
    ent_scenario_t sd, sv;
    ent_proposals_t rd, rv;
    analyze_file("tests/data/analysis/design.yaml", &sd, &rd);
    analyze_file("tests/data/analysis/design-veto-issue.yaml", &sv, &rv);
    const ent_proposal_eval_t *d = find_eval(&sd, &rd, "package"), *v = find_eval(&sv, &rv, "package");
    const ent_proposal_eval_t *plain = find_eval(&sd, &rd, "package_plain");
    assert_true(d->design_prevent == 0.5);
    assert_true(isnan(plain->design_prevent));
    for (size_t a = 0; a < sd.nactors; a++) {
        assert_int_equal(d->vote[a], v->vote[a]);
        if (isnan(d->u_prop[a])) continue;
        double dd = d->u_prop[a] - d->u_sq[a], dv = v->u_prop[a] - v->u_sq[a];
        if (fabs(dd - dv) > 1e-9) print_error("actor %zu: %.17g vs %.17g\n", a, dd, dv);
        assert_true(fabs(dd - dv) <= 1e-9);
    }
    assert_int_equal(d->passes, v->passes);
    assert_int_equal(d->dead_on_arrival, v->dead_on_arrival);
    /* the design changes the verdict: UA accepts the plain package, rejects the designed one */
    assert_int_equal(plain->vote[0], ENT_VOTE_ACCEPT);
    assert_int_equal(d->vote[0], ENT_VOTE_REJECT);
    assert_int_equal(plain->passes, 1);
    assert_int_equal(d->passes, 0);
    ent_proposals_destroy(&rd);
    ent_proposals_destroy(&rv);
    ent_scenario_destroy(&sv);
    /* pi = 1: RU vetoes "all of {RU, US}"; the guarantee alone is then worth nothing */
    ent_scenario_t s2;
    static const char y[] =
        "entente: 1\nactors: [{id: UA, capability: 1}, {id: RU, capability: 1}, {id: US, capability: 1}]\n"
        "issues: [{id: g, status_quo: 0}]\n"
        "positions: [{actor: UA, issue: g, position: 100, salience: 1}, {actor: RU, issue: g, position: 0, salience: 1},"
        " {actor: US, issue: g, position: 100, salience: 1}]\n"
        "rules: [{id: s, expr: \"all of {UA, US}\"}, {id: veto, expr: \"all of {RU, US}\"}]\n"
        "proposals: [{id: p, rule: s, point: {g: 100}, design: {rule: veto, against: RU}}]\n";
    load(&s2, y);
    ent_error_t err = {0};
    assert_int_equal(ent_proposals_analyze(&s2, NULL, &rd, &err), ENT_OK);
    assert_true(rd.eval[0].design_prevent == 1);
    for (size_t a = 0; a < 3; a++) assert_int_equal(rd.eval[0].vote[a], ENT_VOTE_INDIFFERENT);
    assert_int_equal(rd.eval[0].passes, 0);
    ent_proposals_destroy(&rd);
    ent_scenario_destroy(&s2);
    ent_scenario_destroy(&sd);
}

/* The builder gives what the loader gives (ent_scenario_equal), and refuses what it refuses. */
static void builder_equals_loader(void **state)
{
    (void)state;
    static const char y[] =
        "entente: 1\npreference: at_least\nactors: [{id: A, capability: 1}]\n"
        "issues: [{id: x, status_quo: 0, labels: {0: none, 50: some, 100: all}}, {id: z, dimensions: 2}]\n"
        "positions: [{actor: A, issue: x, position: 40, salience: 1, preference: {ordinal: [some, 100, none]}},"
        " {actor: A, issue: z, position: [1, 1], salience: 1}]\n"
        "rules: [{id: r, expr: \"all of {A}\"}]\n"
        "proposals: [{id: p, rule: r, point: {x: 50}, design: {rule: r, against: A, issues: [x]}}]\n";
    ent_scenario_t a, b;
    load(&a, y);
    ent_error_t err = {0};
    ent_scenario_init(&b);
    size_t A, x, z, r, p;
    double lo0 = 0, hi100 = 100, q = 0, p40 = 40, one = 1, z11[2] = {1, 1}, s11[2] = {1, 1};
    assert_int_equal(ent_scenario_add_issue(&b, "x", NULL, 1, &lo0, &hi100, &x, &err), ENT_OK);
    assert_int_equal(ent_scenario_add_issue(&b, "z", NULL, 2, NULL, NULL, &z, &err), ENT_OK);
    assert_int_equal(ent_scenario_add_label(&b, x, 0, "none", &err), ENT_OK);
    assert_int_equal(ent_scenario_add_label(&b, x, 50, "some", &err), ENT_OK);
    assert_int_equal(ent_scenario_add_label(&b, x, 100, "all", &err), ENT_OK);
    assert_int_equal(ent_scenario_set_status_quo(&b, x, &q, &err), ENT_OK);
    assert_int_equal(ent_scenario_add_actor(&b, "A", NULL, 1, &A, &err), ENT_OK);
    assert_int_equal(ent_scenario_set_position(&b, A, x, &p40, &one, &err), ENT_OK);
    assert_int_equal(ent_scenario_set_position(&b, A, z, z11, s11, &err), ENT_OK);
    ent_pref_t least = {ENT_PREF_AT_LEAST, 0, 0, 0, NULL, {0, 0}}, quad = {ENT_PREF_QUADRATIC, 0, 0, 0, NULL, {0, 0}};
    double ranks[3] = {50, 100, 0};
    ent_pref_t ord = {ENT_PREF_ORDINAL, 0, 0, 3, ranks, {0, 0}};
    assert_int_equal(ent_scenario_set_preference(&b, -1, -1, &least, &err), ENT_OK);
    assert_int_equal(ent_scenario_set_preference(&b, -1, -1, &ord, &err), ENT_EINVAL);  /* no ordinal default */
    assert_int_equal(ent_scenario_set_preference(&b, (long)A, (long)z, &quad, &err), ENT_EINVAL);  /* 2-D */
    ranks[1] = 60;
    assert_int_equal(ent_scenario_set_preference(&b, (long)A, (long)x, &ord, &err), ENT_EINVAL);  /* not labelled */
    ranks[1] = 100;
    assert_int_equal(ent_scenario_set_preference(&b, (long)A, (long)x, &ord, &err), ENT_OK);
    ranks[1] = 60;  /* copied: the scenario keeps 100 */
    assert_int_equal(ent_scenario_add_rule(&b, "r", NULL, "all of {A}", &r, &err), ENT_OK);
    assert_int_equal(ent_scenario_add_proposal(&b, "p", NULL, -1, (long)r, &p, &err), ENT_OK);
    double fifty = 50;
    assert_int_equal(ent_scenario_add_proposal_point(&b, p, x, &fifty, &err), ENT_OK);
    assert_int_equal(ent_scenario_set_design(&b, p, (long)r, A, 1, &z, &err), ENT_EINVAL);  /* z not proposed */
    assert_int_equal(ent_scenario_set_design(&b, p, (long)r, A, 1, &x, &err), ENT_OK);
    char why[200];
    if (!ent_scenario_equal(&a, &b, why, sizeof why)) print_error("%s\n", why);
    assert_true(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_int_equal(ent_scenario_set_design(&b, p, -1, 0, 0, NULL, &err), ENT_OK);
    assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
    ent_scenario_destroy(&a);
    ent_scenario_destroy(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loss_of_every_form),
        cmocka_unit_test(default_and_overrides),
        cmocka_unit_test(random_against_brute_force),
        cmocka_unit_test(design_agrees_with_veto_issue),
        cmocka_unit_test(builder_equals_loader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
