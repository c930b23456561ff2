/* SPDX-License-Identifier: MIT */
/* test_analysis_threshold.c — the thresholds of src/analysis/threshold.c against brute-force
 * scans. 20 random small scenarios (seeded: 2–4 actors, 1–3 issues on 0..100, 1–2 proposals,
 * a unanimity, majority or "2 of" rule) are generated as YAML; for every position and salience
 * of every actor the proposals analysis is rerun on a grid of SCAN values over the input's
 * range, and
 *  (1) every flip the scan sees (first grid value, going up or down from the current one, at
 *      which a flag differs) has a threshold in that direction no farther than that value
 *      (plus the bisection tolerance);
 *  (2) every threshold is checked directly: the flag is `then` at `at` (closed), or `was` at
 *      `at` and `then` just past it (open, exact); the flag is `was` at the grid values
 *      between the current value and `at`;
 *  (3) the hand-derived case of docs/analyses.md §5: one issue, sq 0, A at 40 (salience 1),
 *      B at 100, unanimity, proposal at 100: A votes for iff 40 − |100 − p| > ... the exact
 *      threshold of A's position is 50 (A indifferent there: passes needs > 50).
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

#define SCAN 200

static void load(ent_scenario_t *s, const char *yaml)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "test.yaml", yaml, strlen(yaml), NULL, &err);
    if (st != ENT_OK) print_error("load: %s\n%s\n", err.msg, yaml);
    assert_int_equal(st, ENT_OK);
}

static uint64_t rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

/* A random scenario as YAML into buf. */
static void random_yaml(char *buf, size_t cap)
{
    static const char *const ids[] = {"A", "B", "C", "D"};
    static const char *const iss[] = {"i1", "i2", "i3"};
    size_t na = 2 + rnd(3), ni = 1 + rnd(3), np = 1 + rnd(2), w = 0;
#define P(...) (w += (size_t)snprintf(buf + w, cap - w, __VA_ARGS__))
    P("entente: 1\nactors:\n");
    for (size_t a = 0; a < na; a++) P("  - {id: %s, capability: %u}\n", ids[a], 1 + rnd(5));
    P("issues:\n");
    for (size_t i = 0; i < ni; i++) P("  - {id: %s, status_quo: %u}\n", iss[i], 5 * rnd(21));
    P("positions:\n");
    for (size_t a = 0; a < na; a++)
        for (size_t i = 0; i < ni; i++)
            if (rnd(8)) P("  - {actor: %s, issue: %s, position: %u, salience: 0.%u}\n", ids[a], iss[i], rnd(101),
                          1 + rnd(9));
    P("groups:\n  - {id: g, members: [");
    for (size_t a = 0; a < na; a++) P("%s%s", a ? ", " : "", ids[a]);
    unsigned rk = rnd(3);
    P("]}\nrules:\n  - {id: r, expr: \"%s\"}\nproposals:\n",
      rk == 0 ? "all of g" : rk == 1 ? "majority of g" : "2 of g");
    for (size_t p = 0; p < np; p++) {
        P("  - {id: p%zu, proposer: %s, rule: r, point: {", p, ids[rnd((unsigned)na)]);
        size_t first = rnd((unsigned)ni), k = 0;
        for (size_t i = 0; i < ni; i++)
            if (i == first || rnd(2)) P("%s%s: %u", k++ ? ", " : "", iss[i], rnd(101));
        P("}}\n");
    }
#undef P
}

/* The flags of the proposals analysis: per proposal passes, dead, better, then per win-set
 * 1 empty, 0 non-empty, 2 unknown (threshold.c's layout). */
static void flags(const ent_scenario_t *s, unsigned char *fl)
{
    ent_proposals_t r;
    ent_error_t err = {0};
    assert_int_equal(ent_proposals_analyze(s, NULL, &r, &err), ENT_OK);
    for (size_t k = 0; k < r.nproposals; k++) {
        fl[3 * k] = (unsigned char)r.eval[k].passes;
        fl[3 * k + 1] = (unsigned char)r.eval[k].dead_on_arrival;
        fl[3 * k + 2] = (unsigned char)r.eval[k].better_offer_existed;
    }
    for (size_t k = 0; k < r.nwinsets; k++)
        fl[3 * r.nproposals + k] = r.winset[k].joint == ENT_WINSET_EMPTY ? 1 : r.winset[k].joint == ENT_WINSET_NONEMPTY ? 0 : 2;
    ent_proposals_destroy(&r);
}

static size_t flag_index(const ent_scenario_t *s, const ent_threshold_t *t)
{
    return t->flag == ENT_FLAG_NO_AGREEMENT ? 3 * s->nproposals : 3 * (size_t)t->proposal + (size_t)t->flag;
}

/* The input's value set to v (in place), the flags read, the value restored. */
static unsigned char flag_at(ent_scenario_t *s, int kind, size_t a, size_t i, double v, size_t f)
{
    ent_position_t *p = ent_scenario_pos_mut(s, a, i);
    double *cell = kind == ENT_THR_POSITION ? &p->x[0] : &p->sal[0];
    double old = *cell;
    unsigned char fl[64];
    *cell = v;
    flags(s, fl);
    *cell = old;
    return fl[f];
}

static size_t checked_scan, checked_direct;
static const char *current_yaml;

/* Checks (1) and (2) for one input. */
static void check_input(ent_scenario_t *s, const ent_thresholds_t *T, int kind, size_t a, size_t i)
{
    const ent_position_t *p = ent_scenario_pos(s, a, i);
    double lo = kind == ENT_THR_POSITION ? s->issues[i].lo[0] : 0;
    double hi = kind == ENT_THR_POSITION ? s->issues[i].hi[0] : s->salience_scale;
    double now = kind == ENT_THR_POSITION ? p->x[0] : p->sal[0], range = hi - lo, tol = T->tol * range + 1e-9;
    size_t nf = 3 * s->nproposals + 1;
    unsigned char base[64], grid[SCAN + 1][64];
    flags(s, base);
    for (size_t g = 0; g <= SCAN; g++) {
        double v = lo + range * (double)g / SCAN;
        ent_position_t *pm = ent_scenario_pos_mut(s, a, i);
        double *cell = kind == ENT_THR_POSITION ? &pm->x[0] : &pm->sal[0];
        *cell = v;
        flags(s, grid[g]);
        *cell = now;
    }
    for (size_t f = 0; f < nf; f++) {
        for (int up = 0; up <= 1; up++) {
            /* the scan's first flip from now in this direction */
            double flip = NAN;
            for (size_t g0 = 0; g0 <= SCAN; g0++) {
                size_t g = up ? g0 : SCAN - g0;
                double v = lo + range * (double)g / SCAN;
                if (up ? v <= now : v >= now) continue;
                if (grid[g][f] != base[f]) { flip = v; break; }
            }
            const ent_threshold_t *t = NULL;
            for (size_t k = 0; k < T->n && !t; k++) {
                const ent_threshold_t *h = &T->thr[k];
                if ((int)h->input == kind && h->actor == a && h->issue == i && flag_index(s, h) == f && h->up == up) t = h;
            }
            if (!isnan(flip)) {
                if (!t) print_error("no threshold: input %d actor %zu issue %zu flag %zu up %d, scan flips at %g\n%s",
                                    kind, a, i, f, up, flip, current_yaml);
                assert_non_null(t);
                assert_true(up ? t->at <= flip + tol : t->at >= flip - tol);
                checked_scan++;
            }
            if (!t) continue;
            /* (2) directly */
            assert_int_equal(t->was, base[f]);
            assert_true(up ? t->at > now - tol : t->at < now + tol);
            if (t->closed) assert_int_equal(flag_at(s, kind, a, i, t->at, f), t->then);
            else {
                /* open: `was` at `at`, `then` just past it (exact: the engine's 1e-9 band;
                   by bisection: somewhere within tol past it, tried at tol/4 and tol) */
                assert_int_equal(flag_at(s, kind, a, i, t->at, f), t->was);
                double step = t->exact ? 1e-6 * range : t->tol, dir = up ? 1 : -1;
                assert_true(flag_at(s, kind, a, i, t->at + dir * step, f) == t->then ||
                            flag_at(s, kind, a, i, t->at + dir * step / 4, f) == t->then);
            }
            for (size_t g = 0; g <= SCAN; g++) {
                double v = lo + range * (double)g / SCAN;
                if (up ? v > now && v < t->at - tol : v < now && v > t->at + tol) assert_int_equal(grid[g][f], base[f]);
            }
            checked_direct++;
        }
    }
}

static void test_random_scans(void **state)
{
    (void)state;
    rng_state = 20261203;
    size_t total = 0, exact = 0;
    for (int sc = 0; sc < 20; sc++) {
        char yaml[8192];
        random_yaml(yaml, sizeof yaml);
        ent_scenario_t s;
        load(&s, yaml);
        current_yaml = yaml;
        ent_thresholds_t T;
        ent_error_t err = {0};
        assert_int_equal(ent_thresholds_compute(&s, NULL, &T, &err), ENT_OK);
        for (size_t k = 1; k < T.n; k++) assert_true(T.thr[k - 1].distance <= T.thr[k].distance);
        for (size_t k = 0; k < T.n; k++) exact += (size_t)T.thr[k].exact;
        total += T.n;
        for (size_t a = 0; a < s.nactors; a++)
            for (size_t i = 0; i < s.nissues; i++) {
                if (!ent_scenario_pos(&s, a, i)->present) continue;
                check_input(&s, &T, ENT_THR_POSITION, a, i);
                check_input(&s, &T, ENT_THR_SALIENCE, a, i);
            }
        ent_thresholds_destroy(&T);
        ent_scenario_destroy(&s);
    }
    /* the seed gives flips of every kind to check, some exact */
    assert_true(total >= 20);
    assert_true(exact >= 10);
    assert_true(checked_scan >= 20);
    print_message("thresholds %zu (exact %zu), scan flips matched %zu, checked directly %zu\n", total, exact,
                  checked_scan, checked_direct);
}

/* (3): sq 0; A at 40 (salience 1), B at 100; unanimity; proposal x = 100. A's difference
 * D(p) = |0 − p| − |100 − p| = 2p − 100 on [0, 100]: A accepts iff p > 50, is indifferent
 * at 50 (abstains, and "all of g" needs every vote for). So "p passes if A's position is
 * > 50" exactly, open. A's salience cannot flip it (D = s·(40 − 60) < 0 for every s > 0,
 * and s = 0 makes A indifferent, which still fails). */
static void test_hand_case(void **state)
{
    (void)state;
    static const char yaml[] =
        "entente: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"
        "issues:\n  - {id: i1, status_quo: 0}\npositions:\n"
        "  - {actor: A, issue: i1, position: 40, salience: 1}\n"
        "  - {actor: B, issue: i1, position: 100, salience: 1}\n"
        "groups:\n  - {id: g, members: [A, B]}\nrules:\n  - {id: u, expr: \"all of g\"}\n"
        "proposals:\n  - {id: p, proposer: B, rule: u, point: {i1: 100}}\n";
    ent_scenario_t s;
    load(&s, yaml);
    ent_thresholds_t T;
    ent_error_t err = {0};
    assert_int_equal(ent_thresholds_compute(&s, NULL, &T, &err), ENT_OK);
    const ent_threshold_t *t = NULL;
    for (size_t k = 0; k < T.n; k++)
        if (T.thr[k].flag == ENT_FLAG_PASSES && T.thr[k].actor == 0 && T.thr[k].input == ENT_THR_POSITION) t = &T.thr[k];
    assert_non_null(t);
    assert_true(t->exact);
    assert_true(t->up);
    assert_false(t->closed);
    assert_true(t->at == 50.0);
    assert_int_equal(t->was, 0);
    assert_int_equal(t->then, 1);
    for (size_t k = 0; k < T.n; k++)
        if (T.thr[k].flag == ENT_FLAG_PASSES && T.thr[k].actor == 0) assert_int_equal(T.thr[k].input, ENT_THR_POSITION);
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_thresholds(&s, &T, ENT_OUTPUT_TEXT, &b), ENT_OK);
    assert_non_null(strstr(b.data, "p passes if A's position on i1 is > 50.0 (now 40.0)"));
    ent_buf_free(&b);
    ent_thresholds_destroy(&T);
    ent_scenario_destroy(&s);
}

/* A rule weighted by capability (tests/data/analysis/threshold-capability.yaml): ">= 60% of
 * g by capability" with A + C = 65 of 100 for the proposal; B's capability kills it from
 * 65/(65 + B) < 0.6, i.e. B > 43.33..., found by bisection within tol of that. */
static void test_capability_case(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/analysis/threshold-capability.yaml", &lo, &err), ENT_OK);
    ent_thresholds_t T;
    assert_int_equal(ent_thresholds_compute(&s, NULL, &T, &err), ENT_OK);
    int found = 0;
    for (size_t k = 0; k < T.n; k++) {
        const ent_threshold_t *t = &T.thr[k];
        if (t->input != ENT_THR_CAPABILITY || t->flag != ENT_FLAG_PASSES || t->actor != 1) continue;
        assert_true(t->up);
        assert_false(t->exact);
        assert_true(fabs(t->at - 130.0 / 3.0) <= t->tol + 1e-12);
        assert_int_equal(t->was, 1);
        assert_int_equal(t->then, 0);
        found = 1;
    }
    assert_true(found);
    ent_thresholds_destroy(&T);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_random_scans),
        cmocka_unit_test(test_capability_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
