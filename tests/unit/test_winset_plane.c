/* SPDX-License-Identifier: MIT */
/* test_winset_plane.c — the win-set in the plane of two issues as polygons
 * (ent_winset_plane, src/analysis/plane.c) against the sampled membership: on a grid of
 * points of the plane, a point inside the union's rings (even-odd) must be one whose
 * preferrers (ent_utility strictly higher than at the status quo, the other issues at the
 * status quo) pass the rule, and a point outside must not — for every point farther than
 * a margin from the rings (0.1 % of the scale for straight losses, 0.5 % for inscribed
 * curves). The sampled side uses the rule's winning test on actor flags only, not the
 * minimal winning coalitions nor any geometry. Scenarios: the examples and the report's data
 * (every rule, every pair of 1-D issues with a status quo), written ones with one-sided,
 * asymmetric and quadratic losses and an actor with a position on one issue only (a strip),
 * and 40 seeded random ones. Also: pieces are convex and counter-clockwise; the area of the
 * union agrees with the share of grid points inside; an ordinal loss leaves the plane
 * UNKNOWN; bad issues are ENT_EINVAL.
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
#include "analysis/coalition.h"

#define GRID 90

static int in_rings(const ent_winset_plane_t *p, double x, double y, double *dmin)
{
    int in = 0;
    *dmin = INFINITY;
    for (size_t r = 0; r < p->nrings; r++) {
        const ent_ring_t *g = &p->rings[r];
        for (size_t k = 0; k < g->n; k++) {
            size_t l = (k + 1) % g->n;
            double ax = g->xy[2 * k], ay = g->xy[2 * k + 1], bx = g->xy[2 * l], by = g->xy[2 * l + 1];
            if ((ay > y) != (by > y) && x < ax + (y - ay) * (bx - ax) / (by - ay)) in = !in;
            double ex = bx - ax, ey = by - ay, len2 = ex * ex + ey * ey;
            double t = len2 > 0 ? ((x - ax) * ex + (y - ay) * ey) / len2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            *dmin = fmin(*dmin, hypot(x - ax - t * ex, y - ay - t * ey));
        }
    }
    return in;
}

/* The sampled membership: the actors who strictly prefer the point pass the rule. */
static int sampled(const ent_scenario_t *s, ent_i_rule_t *r, size_t i, size_t j, double x, double y)
{
    size_t ni = s->nissues;
    double v[64];
    const double *xp[64], *qp[64];
    unsigned char fl[512];
    assert_true(ni <= 64 && s->nactors <= 512);
    for (size_t k = 0; k < ni; k++) {
        qp[k] = xp[k] = s->issues[k].status_quo;
        if (k == i || k == j) {
            v[k] = k == i ? x : y;
            xp[k] = &v[k];
        }
    }
    for (size_t a = 0; a < s->nactors; a++) {
        double ux = ent_utility(s, a, xp), uq = ent_utility(s, a, qp);
        fl[a] = ux > uq;
    }
    return ent_i_rule_win_actors(r, fl);
}

/* Checks one plane; returns the number of grid points compared. */
static size_t check_plane(const ent_scenario_t *s, size_t rule, size_t i, size_t j, const char *name)
{
    ent_winset_plane_t p;
    ent_error_t err = {0};
    assert_int_equal(ent_winset_plane(s, rule, i, j, NULL, &p, &err), ENT_OK);
    if (p.status == ENT_WINSET_UNKNOWN) {
        ent_winset_plane_destroy(&p);
        return 0;
    }
    ent_i_rule_t r;
    assert_int_equal(ent_i_rule_open(&r, s, rule, &err), ENT_OK);
    assert_int_equal(ent_i_rule_abstain_unstaked(&r, s, &err), ENT_OK);
    const ent_issue_t *ii = &s->issues[i], *ij = &s->issues[j];
    double W = ii->hi[0] - ii->lo[0], H = ij->hi[0] - ij->lo[0];
    double margin = (p.arc_steps ? 5e-3 : 1e-3) * fmax(W, H);
    for (size_t k = 0; k < p.npieces; k++) { /* convex, counter-clockwise */
        const ent_ring_t *g = &p.pieces[k];
        assert_true(g->n >= 3);
        for (size_t v = 0; v < g->n; v++) {
            size_t w = (v + 1) % g->n, u = (v + 2) % g->n;
            double cr = (g->xy[2 * w] - g->xy[2 * v]) * (g->xy[2 * u + 1] - g->xy[2 * w + 1]) -
                        (g->xy[2 * w + 1] - g->xy[2 * v + 1]) * (g->xy[2 * u] - g->xy[2 * w]);
            assert_true(cr >= -1e-9 * W * H);
        }
    }
    size_t compared = 0, inside = 0;
    for (size_t a = 0; a < GRID; a++)
        for (size_t b = 0; b < GRID; b++) {
            double x = ii->lo[0] + W * ((double)a + 0.5 + 0.1234) / (GRID + 1);
            double y = ij->lo[0] + H * ((double)b + 0.5 + 0.0777) / (GRID + 1);
            double d;
            int poly = in_rings(&p, x, y, &d), samp = sampled(s, &r, i, j, x, y);
            inside += samp;
            if (d < margin) continue;
            if (poly != samp)
                fail_msg("%s: rule %zu, plane %s x %s, point (%g, %g): polygon says %d, sampled %d (%zu rings)", name,
                         rule, ii->id, ij->id, x, y, poly, samp, p.nrings);
            compared++;
        }
    /* the area against the share of grid points inside (the grid's error: its perimeter) */
    double share = (double)inside / (GRID * GRID) * W * H, per = 0;
    for (size_t k = 0; k < p.nrings; k++)
        for (size_t v = 0; v < p.rings[k].n; v++) {
            size_t w = (v + 1) % p.rings[k].n;
            per += hypot(p.rings[k].xy[2 * w] - p.rings[k].xy[2 * v], p.rings[k].xy[2 * w + 1] - p.rings[k].xy[2 * v + 1]);
        }
    if (fabs(share - p.area) > 1.5 * per * fmax(W, H) / GRID + 1e-9 * W * H)
        fail_msg("%s: area %g, grid estimate %g (perimeter %g)", name, p.area, share, per);
    assert_int_equal(p.status == ENT_WINSET_NONEMPTY, p.area > 0);
    ent_i_rule_close(&r);
    ent_winset_plane_destroy(&p);
    return compared;
}

static size_t check_all(const ent_scenario_t *s, const char *name)
{
    size_t n = 0;
    for (size_t r = 0; r < s->nrules; r++)
        for (size_t i = 0; i < s->nissues; i++)
            for (size_t j = i + 1; j < s->nissues; j++)
                if (s->issues[i].ndim == 1 && s->issues[j].ndim == 1 && s->issues[i].status_quo &&
                    s->issues[j].status_quo)
                    n += check_plane(s, r, i, j, name);
    return n;
}

static void files_agree_with_sampling(void **state)
{
    (void)state;
    static const char *const files[] = {
        "examples/ukraine-guarantees.yaml", "examples/eu-council-qmv.yaml", "examples/un-security-council.yaml",
        "examples/emission-standards.yaml", "tests/data/report/plane.yaml", "tests/data/report/escape.yaml",
        "tests/data/report/plane-forms.yaml"};
    size_t total = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_error_t err = {0};
        assert_int_equal(ent_scenario_load(&s, files[f], NULL, &err), ENT_OK);
        total += check_all(&s, files[f]);
        ent_scenario_destroy(&s);
    }
    assert_true(total > 5 * GRID * GRID); /* several planes were really compared */
}

#define HEAD                                                                                          \
    "entente: 1\nsalience_scale: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n" \
    "  - {id: C, capability: 1}\n  - {id: D, capability: 1}\n"                                          \
    "issues:\n  - {id: x, scale: [0, 100], status_quo: 50}\n  - {id: y, scale: [-10, 10], status_quo: -2}\n" \
    "positions:\n"
#define TAIL "rules:\n  - {id: two, expr: \"2 of {A, B, C, D}\"}\n  - {id: vetoA, expr: \"all of {A} and 3 of {A, B, C, D}\"}\n"

static const char *const written[] = {
    /* one-sided and asymmetric losses (straight, exact) and a strip (D: no position on y) */
    HEAD "  - {actor: A, issue: x, position: 70, salience: 0.8, preference: at_least}\n"
         "  - {actor: A, issue: y, position: 4, salience: 0.5}\n"
         "  - {actor: B, issue: x, position: 20, salience: 0.6, preference: {below: 0.2, above: 1}}\n"
         "  - {actor: B, issue: y, position: 8, salience: 0.9, preference: at_most}\n"
         "  - {actor: C, issue: x, position: 55, salience: 0.3}\n"
         "  - {actor: C, issue: y, position: -9, salience: 1}\n"
         "  - {actor: D, issue: x, position: 90, salience: 0.7}\n" TAIL,
    /* quadratic losses: ellipses (A, C), a quadratic next to a linear loss (B) */
    HEAD "  - {actor: A, issue: x, position: 30, salience: 0.8, preference: quadratic}\n"
         "  - {actor: A, issue: y, position: 5, salience: 0.5, preference: quadratic}\n"
         "  - {actor: B, issue: x, position: 80, salience: 0.6, preference: quadratic}\n"
         "  - {actor: B, issue: y, position: 0, salience: 0.9}\n"
         "  - {actor: C, issue: x, position: 45, salience: 0.4, preference: quadratic}\n"
         "  - {actor: C, issue: y, position: 9, salience: 1, preference: quadratic}\n"
         "  - {actor: D, issue: x, position: 60, salience: 0.7}\n"
         "  - {actor: D, issue: y, position: -8, salience: 0.2}\n" TAIL,
    /* an actor at the status quo (prefers nothing) and one with salience 0 on y */
    HEAD "  - {actor: A, issue: x, position: 50, salience: 0.8}\n"
         "  - {actor: A, issue: y, position: -2, salience: 0.5}\n"
         "  - {actor: B, issue: x, position: 10, salience: 0.6}\n"
         "  - {actor: B, issue: y, position: 6, salience: 0}\n"
         "  - {actor: C, issue: x, position: 5, salience: 0.5}\n"
         "  - {actor: C, issue: y, position: 7, salience: 0.5}\n"
         "  - {actor: D, issue: x, position: 95, salience: 0.7}\n"
         "  - {actor: D, issue: y, position: 9, salience: 0.9}\n" TAIL,
};

static void load(ent_scenario_t *s, const char *yaml)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "test.yaml", yaml, strlen(yaml), NULL, &err);
    if (st != ENT_OK) fail_msg("load: %s", err.msg);
}

static void written_agree_with_sampling(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof written / sizeof *written; k++) {
        ent_scenario_t s;
        load(&s, written[k]);
        char name[32];
        snprintf(name, sizeof name, "written %zu", k);
        assert_true(check_all(&s, name) > GRID * GRID);
        ent_winset_plane_t p;
        ent_error_t err = {0};
        assert_int_equal(ent_winset_plane(&s, 0, 0, 1, NULL, &p, &err), ENT_OK);
        assert_int_equal(p.arc_steps != 0, k == 1); /* only the quadratic losses are inscribed */
        ent_winset_plane_destroy(&p);
        ent_scenario_destroy(&s);
    }
}

static void random_agree_with_sampling(void **state)
{
    (void)state;
    unsigned long long seed = 12345;
    static const char *const forms[] = {"", ", preference: quadratic", ", preference: at_least",
                                        ", preference: {below: 0.3, above: 1}"};
    for (int t = 0; t < 40; t++) {
        char y[4096];
        size_t n = 0;
        int na = 3 + t % 4;
        n += (size_t)snprintf(y + n, sizeof y - n, "entente: 1\nsalience_scale: 1\nactors:\n");
        for (int a = 0; a < na; a++) n += (size_t)snprintf(y + n, sizeof y - n, "  - {id: a%d, capability: 1}\n", a);
        n += (size_t)snprintf(y + n, sizeof y - n, "issues:\n  - {id: x, status_quo: %d}\n  - {id: y, status_quo: %d}\n"
                                                   "positions:\n", t * 7 % 100, t * 13 % 100);
        for (int a = 0; a < na; a++)
            for (int i = 0; i < 2; i++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                int pos = (int)((seed >> 33) % 101), sal = 1 + (int)((seed >> 20) % 10);
                const char *f = t < 20 ? "" : forms[(seed >> 45) % 4];
                n += (size_t)snprintf(y + n, sizeof y - n, "  - {actor: a%d, issue: %s, position: %d, salience: 0.%d%s}\n",
                                      a, i ? "y" : "x", pos, sal == 10 ? 9 : sal, f);
            }
        n += (size_t)snprintf(y + n, sizeof y - n, "rules:\n  - {id: maj, expr: \"%d of {", na / 2 + 1);
        for (int a = 0; a < na; a++) n += (size_t)snprintf(y + n, sizeof y - n, "%sa%d", a ? ", " : "", a);
        n += (size_t)snprintf(y + n, sizeof y - n, "}\"}\n");
        ent_scenario_t s;
        load(&s, y);
        check_all(&s, "random");
        ent_scenario_destroy(&s);
    }
}

static void ordinal_and_bad_input(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, "entente: 1\nsalience_scale: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"
             "  - {id: C, capability: 1}\n  - {id: D, capability: 1}\n"
             "issues:\n  - {id: x, scale: [0, 100], status_quo: 50, labels: {10: low, 50: mid, 90: high}}\n"
             "  - {id: y, scale: [-10, 10], status_quo: -2}\npositions:\n"
             "  - {actor: A, issue: x, position: 70, salience: 0.8, preference: {ordinal: [low, high, mid]}}\n"
             "  - {actor: A, issue: y, position: 4, salience: 0.5}\n" TAIL);
    ent_winset_plane_t p;
    ent_error_t err = {0};
    assert_int_equal(ent_winset_plane(&s, 0, 0, 1, NULL, &p, &err), ENT_OK);
    assert_int_equal(p.status, ENT_WINSET_UNKNOWN);
    assert_non_null(strstr(p.why, "ordinal"));
    ent_winset_plane_destroy(&p);
    assert_int_equal(ent_winset_plane(&s, 0, 0, 0, NULL, &p, &err), ENT_EINVAL);
    assert_int_equal(ent_winset_plane(&s, 0, 0, 7, NULL, &p, &err), ENT_EINVAL);
    assert_int_equal(ent_winset_plane(&s, 9, 0, 1, NULL, &p, &err), ENT_EINVAL);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_agree_with_sampling),
        cmocka_unit_test(written_agree_with_sampling),
        cmocka_unit_test(random_agree_with_sampling),
        cmocka_unit_test(ordinal_and_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
