/* SPDX-License-Identifier: MIT */
/* test_winset.c — the joint win-set on top of the verified LP (src/analysis/winset.c, lp.c):
 * scenarios as data with the expected verdict, each witness re-checked here (every member of
 * the unanimity rule strictly prefers it, by ent_utility), the same witness twice bit for bit,
 * badly scaled issues (scales 0..1e7 and 0..1e-3), and the emptiness that sits exactly on the
 * boundary (best common gain 0). Expected verdicts are derived in the comments. The
 * verdicts-only mode (analyze's sensitivity pass): the same verdicts as the full computation,
 * alone and through one context shared by many runs with positions moved, whose pooled points
 * and certificates decide some of them.
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

/* P and Q over two issues with status quo at the scale's low end L:
 *   P at (L + 4D, L) with saliences (1, 1); Q at (L, L + 4D) with saliences (s, 1).
 * A move (d1, d2) >= 0 helps P iff d2 < d1, helps Q iff s·d1 < d2 (both from the losses
 * 4D − d1 + d2 < 4D and s·d1 + 4D − d2 < 4D): common ground iff s < 1. With s = 1 the
 * best common gain is exactly 0 (the boundary case). */
#define PQ(scale1, scale2, p1, q2, s)                                                                \
    "entente: 1\nactors:\n  - {id: P, capability: 1}\n  - {id: Q, capability: 1}\n"                   \
    "issues:\n  - {id: i1, status_quo: 0, scale: " scale1 "}\n"                                      \
    "  - {id: i2, status_quo: 0, scale: " scale2 "}\npositions:\n"                                   \
    "  - {actor: P, issue: i1, position: " p1 ", salience: 1}\n"                                      \
    "  - {actor: P, issue: i2, position: 0, salience: 1}\n"                                           \
    "  - {actor: Q, issue: i1, position: 0, salience: " s "}\n"                                       \
    "  - {actor: Q, issue: i2, position: " q2 ", salience: 1}\n"                                      \
    "groups:\n  - {id: g, members: [P, Q]}\nrules:\n  - {id: unan, expr: \"all of g\"}\n"

/* Three actors, two issues, "2 of g": A and B agree on moving i1 up, so the win-set is not
 * empty whatever C wants. */
#define MAJ                                                                                           \
    "entente: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"                   \
    "  - {id: C, capability: 1}\n"                                                                    \
    "issues:\n  - {id: i1, status_quo: 20}\n  - {id: i2, status_quo: 50}\npositions:\n"              \
    "  - {actor: A, issue: i1, position: 80, salience: 0.7}\n"                                        \
    "  - {actor: A, issue: i2, position: 10, salience: 0.3}\n"                                        \
    "  - {actor: B, issue: i1, position: 60, salience: 0.4}\n"                                        \
    "  - {actor: B, issue: i2, position: 90, salience: 0.9}\n"                                        \
    "  - {actor: C, issue: i1, position: 0, salience: 1}\n"                                           \
    "  - {actor: C, issue: i2, position: 50, salience: 1}\n"                                          \
    "groups:\n  - {id: g, members: [A, B, C]}\nrules:\n  - {id: two, expr: \"2 of g\"}\n"

typedef struct {
    const char *name, *yaml;
    ent_winset_status_t joint;
    int unanimity;  /* every actor must prefer the witness */
} ws_case_t;

static const ws_case_t cases[] = {
    {"boundary-empty", PQ("[0, 100]", "[0, 100]", "40", "40", "1"), ENT_WINSET_EMPTY, 1},
    {"common-ground", PQ("[0, 100]", "[0, 100]", "40", "40", "0.5"), ENT_WINSET_NONEMPTY, 1},
    {"scaled-empty", PQ("[0, 1e7]", "[0, 1e-3]", "4e6", "4e-4", "1"), ENT_WINSET_EMPTY, 1},
    /* s = 0.5: d1 in (d2, 2 d2) with d2 <= 4e-4 on a 1e7-wide scale: gains about 1e-4 */
    {"scaled-common-ground", PQ("[0, 1e7]", "[0, 1e-3]", "4e6", "4e-4", "0.5"), ENT_WINSET_NONEMPTY, 1},
    {"tiny-scale", PQ("[0, 1e-3]", "[0, 1e-3]", "4e-4", "4e-4", "0.5"), ENT_WINSET_NONEMPTY, 1},
    {"majority", MAJ, ENT_WINSET_NONEMPTY, 0},
};

static void load(ent_scenario_t *s, const char *yaml)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "test.yaml", yaml, strlen(yaml), NULL, &err);
    if (st != ENT_OK) print_error("load: %s\n", err.msg);
    assert_int_equal(st, ENT_OK);
}

/* Number of actors who strictly prefer the witness (ent_utility, double: the gains here are
 * far above rounding). */
static size_t preferring(const ent_scenario_t *s, const double *x)
{
    const double *xs[2] = {&x[0], &x[1]}, *qs[2] = {s->issues[0].status_quo, s->issues[1].status_quo};
    size_t n = 0;
    for (size_t a = 0; a < s->nactors; a++) n += ent_utility(s, a, xs) > ent_utility(s, a, qs);
    return n;
}

static void verdicts_and_witnesses(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        const ws_case_t *k = &cases[t];
        ent_scenario_t s;
        load(&s, k->yaml);
        ent_winset_t w;
        ent_error_t err = {0};
        ent_status_t st = ent_winset_compute(&s, 0, -1, NULL, &w, &err);
        if (st != ENT_OK) print_error("%s: %s\n", k->name, err.msg);
        assert_int_equal(st, ENT_OK);
        if (w.joint != k->joint) print_error("%s: joint %d\n", k->name, (int)w.joint);
        assert_int_equal(w.joint, k->joint);
        if (k->joint == ENT_WINSET_NONEMPTY) {
            assert_non_null(w.witness);
            for (size_t i = 0; i < 2; i++) {
                assert_true(w.witness[i] >= s.issues[i].lo[0] && w.witness[i] <= s.issues[i].hi[0]);
            }
            size_t need = k->unanimity ? s.nactors : 2;
            if (preferring(&s, w.witness) < need) print_error("%s: witness (%.17g, %.17g)\n", k->name, w.witness[0], w.witness[1]);
            assert_true(preferring(&s, w.witness) >= need);
            /* same input, same witness, bit for bit */
            ent_winset_t w2;
            assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w2, &err), ENT_OK);
            assert_memory_equal(w.witness, w2.witness, 2 * sizeof(double));
            ent_winset_destroy(&w2);
        } else {
            assert_null(w.witness);
        }
        ent_winset_destroy(&w);
        ent_scenario_destroy(&s);
    }
}

/* The witness rule: among the points of largest smallest gain, the nearest to the status quo
 * (1-norm). common-ground (P at (40, 0), Q at (0, 40) with saliences (0.5, 1)): for
 * x1 <= 40, x2 <= 40 the gains are P: x1 − x2, Q: x2 − x1/2; they are equal at
 * x2 = 3/4 x1 (both x1/4), largest at x1 = 40: (40, 30) with gain 10. Beyond x1 = 40 P's
 * gain 80 − x1 − x2 makes the smallest gain 40 − 3/4 x1 < 10. A single point. */
static void witness_rule(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, cases[1].yaml);
    ent_winset_t w;
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, NULL), ENT_OK);
    assert_int_equal(w.joint, ENT_WINSET_NONEMPTY);
    assert_true(fabs(w.witness[0] - 40) < 1e-5);
    assert_true(fabs(w.witness[1] - 30) < 1e-5);
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);
}


/* Three actors, three issues, status quo in the middle: A wants every issue up, B every
 * issue down, with saliences in proportion (B's twice A's). Near q, A gains a·d and B gains
 * −2a·d for a move d (a = A's saliences), never both, and the losses are convex, so no point
 * helps both: "all of g" has an empty win-set, not on the boundary. C is a third member;
 * D and E (where C is) make "all of ab and 1 of cde" three coalitions of the same size, all
 * empty for the same reason (A and B, the first rows of each LP). */
#define SPLIT_ACTORS                                                                                  \
    "entente: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"                   \
    "  - {id: C, capability: 1}\n  - {id: D, capability: 1}\n  - {id: E, capability: 1}\n"           \
    "issues:\n  - {id: i1, status_quo: 50}\n  - {id: i2, status_quo: 50}\n"                           \
    "  - {id: i3, status_quo: 50}\npositions:\n"                                                      \
    "  - {actor: A, issue: i1, position: 90, salience: 0.25}\n"                                       \
    "  - {actor: A, issue: i2, position: 80, salience: 0.3}\n"                                        \
    "  - {actor: A, issue: i3, position: 70, salience: 0.35}\n"                                       \
    "  - {actor: B, issue: i1, position: 10, salience: 0.5}\n"                                        \
    "  - {actor: B, issue: i2, position: 20, salience: 0.6}\n"                                        \
    "  - {actor: B, issue: i3, position: 30, salience: 0.7}\n"                                        \
    "  - {actor: C, issue: i1, position: 60, salience: 1}\n"                                          \
    "  - {actor: C, issue: i2, position: 40, salience: 1}\n"                                          \
    "  - {actor: C, issue: i3, position: 55, salience: 1}\n"                                          \
    "  - {actor: D, issue: i1, position: 60, salience: 1}\n"                                          \
    "  - {actor: D, issue: i2, position: 40, salience: 1}\n"                                          \
    "  - {actor: D, issue: i3, position: 55, salience: 1}\n"                                          \
    "  - {actor: E, issue: i1, position: 60, salience: 1}\n"                                          \
    "  - {actor: E, issue: i2, position: 40, salience: 1}\n"                                          \
    "  - {actor: E, issue: i3, position: 55, salience: 1}\n"                                          \
    "groups:\n  - {id: g, members: [A, B, C]}\n  - {id: ab, members: [A, B]}\n"                       \
    "  - {id: cde, members: [C, D, E]}\n"
#define SPLIT SPLIT_ACTORS "rules:\n  - {id: all, expr: \"all of g\"}\n"
#define SPLIT3 SPLIT_ACTORS "rules:\n  - {id: three, expr: \"all of ab and 1 of cde\"}\n"

/* The full computation takes "empty" from a pooled certificate too: on SPLIT3 the first
 * coalition's LP proves emptiness, its multipliers (on A's and B's rows) settle the other two
 * without an LP; SPLIT is empty as well. */
static void certificates_settle_empty_coalitions(void **state)
{
    (void)state;
    const char *yamls[] = {SPLIT, SPLIT3};
    for (int t = 0; t < 2; t++) {
        ent_scenario_t s;
        load(&s, yamls[t]);
        ent_i_ws_ctx_t *ctx = ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES);
        assert_non_null(ctx);
        ent_winset_t w;
        assert_int_equal(ent_i_winset_run(&s, 0, -1, NULL, ctx, &w, NULL), ENT_OK);
        assert_int_equal(w.joint, ENT_WINSET_EMPTY);
        assert_int_equal(w.ncoal_checked, t == 0 ? 1 : 3);
        size_t solved, hits, bp, bc;
        ent_i_ws_ctx_stats(ctx, &solved, &hits, &bp, &bc);
        if (solved != 1 || bc != (t == 0 ? 0u : 2u)) print_error("case %d: solved %zu by_cert %zu\n", t, solved, bc);
        assert_int_equal(solved, 1);
        assert_int_equal(bc, t == 0 ? 0 : 2);
        ent_winset_destroy(&w);
        ent_i_ws_ctx_free(ctx);
        ent_scenario_destroy(&s);
    }
}

/* The context's cache of minimal winning coalitions: the second win-set of a rule reuses
 * the first's list (a hit) and gives the same answer as a run without a context; a changed
 * capability of a player, or other options, are new keys (misses). */
static void coalitions_cached_per_rule(void **state)
{
    (void)state;
    ent_scenario_t s;
    load(&s, SPLIT3);
    ent_i_ws_ctx_t *ctx = ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES);
    assert_non_null(ctx);
    ent_proposals_opts_t o;
    ent_proposals_opts_init(&o);
    ent_winset_t ref;
    assert_int_equal(ent_i_winset_run(&s, 0, -1, &o, NULL, &ref, NULL), ENT_OK);
    size_t hits, misses;
    for (int k = 0; k < 4; k++) {
        if (k == 2) s.actors[0].capability += 1;   /* a new key: the same list, recomputed */
        if (k == 3) o.max_lp = 4000;                /* a new key */
        ent_winset_t w;
        assert_int_equal(ent_i_winset_run(&s, 0, -1, &o, ctx, &w, NULL), ENT_OK);
        assert_int_equal(w.joint, ref.joint);
        assert_int_equal(w.ncoal_checked, ref.ncoal_checked);
        ent_winset_destroy(&w);
        ent_i_ws_ctx_mwc_stats(ctx, &hits, &misses);
        assert_int_equal(misses, k == 0 || k == 1 ? 1 : (size_t)k);
        assert_int_equal(hits, k == 0 ? 0 : 1);
    }
    ent_winset_destroy(&ref);
    ent_i_ws_ctx_free(ctx);
    ent_scenario_destroy(&s);
}

/* verdicts_only gives the full computation's verdict on every case, with and without a
 * context, and a witness (any point) that the members strictly prefer. */
static void verdicts_only_same_verdicts(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        const ws_case_t *k = &cases[t];
        ent_scenario_t s;
        load(&s, k->yaml);
        ent_proposals_opts_t o;
        ent_proposals_opts_init(&o);
        o.verdicts_only = 1;
        for (int with_ctx = 0; with_ctx <= 1; with_ctx++) {
            ent_i_ws_ctx_t *ctx = with_ctx ? ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES) : NULL;
            ent_winset_t w;
            ent_error_t err = {0};
            ent_status_t st = ent_i_winset_run(&s, 0, -1, &o, ctx, &w, &err);
            if (st != ENT_OK) print_error("%s: %s\n", k->name, err.msg);
            assert_int_equal(st, ENT_OK);
            assert_int_equal(w.joint, k->joint);
            if (k->joint == ENT_WINSET_NONEMPTY) {
                assert_non_null(w.witness);
                assert_true(preferring(&s, w.witness) >= (k->unanimity ? s.nactors : 2));
            }
            ent_winset_destroy(&w);
            ent_i_ws_ctx_free(ctx);
        }
        ent_scenario_destroy(&s);
    }
}

/* The sensitivity pass in small: every position moved to each of 0, 15, ..., 90 (clamped to
 * the scale) in turn; each win-set computed in full from scratch and verdicts-only through one
 * context for the whole pass: the same verdict every time, and the context decided some by a
 * pooled point, some by a pooled certificate, and solved fewer LPs than it answered. */
static void one_context_many_moved_runs(void **state)
{
    (void)state;
    const char *yamls[] = {cases[0].yaml, cases[1].yaml, MAJ, SPLIT};
    size_t by_point = 0, by_cert = 0, runs = 0, solved = 0;
    for (size_t t = 0; t < sizeof yamls / sizeof yamls[0]; t++) {
        ent_scenario_t s;
        load(&s, yamls[t]);
        ent_proposals_opts_t full, vo;
        ent_proposals_opts_init(&full);
        ent_proposals_opts_init(&vo);
        vo.verdicts_only = 1;
        ent_i_ws_ctx_t *ctx = ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES);
        assert_non_null(ctx);
        size_t nempty = 0, nfull = 0;
        for (size_t cell = 0; cell < s.nactors * s.nissues; cell++) {
            ent_position_t *p = &s.pos[cell];
            const ent_issue_t *is = &s.issues[cell % s.nissues];
            if (!p->present) continue;
            double *saved = p->x;
            for (int v = 0; v <= 90; v += 15) {
                double x = fmin(fmax(is->lo[0] + (is->hi[0] - is->lo[0]) * v / 100.0, is->lo[0]), is->hi[0]);
                p->x = &x;
                ent_winset_t w1, w2;
                ent_error_t err = {0};
                assert_int_equal(ent_winset_compute(&s, 0, -1, &full, &w1, &err), ENT_OK);
                assert_int_equal(ent_i_winset_run(&s, 0, -1, &vo, ctx, &w2, &err), ENT_OK);
                if (w1.joint != w2.joint)
                    print_error("case %zu cell %zu at %g: %d vs %d\n", t, cell, x, (int)w1.joint, (int)w2.joint);
                assert_int_equal(w1.joint, w2.joint);
                nempty += w1.joint == ENT_WINSET_EMPTY;
                nfull += w1.joint == ENT_WINSET_NONEMPTY;
                ent_winset_destroy(&w1);
                ent_winset_destroy(&w2);
                runs++;
            }
            p->x = saved;
        }
        size_t a, h, bp, bc;
        ent_i_ws_ctx_stats(ctx, &a, &h, &bp, &bc);
        by_point += bp;
        by_cert += bc;
        solved += a;
        ent_i_ws_ctx_free(ctx);
        ent_scenario_destroy(&s);
        if (t == 3) assert_true(nempty > 0 && nfull > 0);  /* SPLIT moved: both verdicts occur */
    }
    assert_true(by_point > 0);
    assert_true(by_cert > 0);
    assert_true(solved < runs);
}


/* The best coalition is never skipped: nine actors on three issues (seeded positions), rule
 * "5 of g" (126 minimal winning coalitions, most of them skipped once a witness is in hand
 * because their gain_cap is below its gain). The same scenario also carries one unanimity rule
 * per coalition, whose win-set's witness shows that coalition's best common gain. The witness
 * of "5 of g" must reach the largest of them: its fifth-largest actor gain (the best common
 * gain of any five actors there) is at least every coalition's own, less the witness slack. */
static void skipped_coalitions_never_hold_the_best(void **state)
{
    (void)state;
    enum { N = 9, K = 5 };
    size_t cap = 1 << 16, k = 0;
    char *y = malloc(cap);
    assert_non_null(y);
    uint64_t rng = 12345;
    k += (size_t)snprintf(y + k, cap - k, "entente: 1\nsalience_scale: 100\nactors:\n");
    for (int a = 0; a < N; a++) k += (size_t)snprintf(y + k, cap - k, "  - {id: a%d, capability: 1}\n", a);
    k += (size_t)snprintf(y + k, cap - k, "issues:\n");
    for (int i = 0; i < 3; i++) k += (size_t)snprintf(y + k, cap - k, "  - {id: i%d, status_quo: 50}\n", i);
    k += (size_t)snprintf(y + k, cap - k, "positions:\n");
    for (int a = 0; a < N; a++)
        for (int i = 0; i < 3; i++) {
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned pos = (unsigned)((rng >> 33) % 101);
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned sal = 10 + (unsigned)((rng >> 33) % 90);
            k += (size_t)snprintf(y + k, cap - k, "  - {actor: a%d, issue: i%d, position: %u, salience: %u}\n", a, i,
                                  pos, sal);
        }
    k += (size_t)snprintf(y + k, cap - k, "groups:\n  - {id: g, members: [a0, a1, a2, a3, a4, a5, a6, a7, a8]}\n");
    size_t ncoal = 0;
    unsigned masks[256];
    for (unsigned m = 0; m < (1u << N); m++) {
        if (__builtin_popcount(m) != K) continue;
        masks[ncoal] = m;
        k += (size_t)snprintf(y + k, cap - k, "  - {id: c%u, members: [", m);
        for (int a = 0, first = 1; a < N; a++)
            if ((m >> a) & 1u) { k += (size_t)snprintf(y + k, cap - k, "%sa%d", first ? "" : ", ", a); first = 0; }
        k += (size_t)snprintf(y + k, cap - k, "]}\n");
        ncoal++;
    }
    k += (size_t)snprintf(y + k, cap - k, "rules:\n  - {id: r, expr: \"%d of g\"}\n", K);
    for (unsigned m = 0; m < (1u << N); m++)
        if (__builtin_popcount(m) == K)
            k += (size_t)snprintf(y + k, cap - k, "  - {id: u%u, expr: \"all of c%u\"}\n", m, m);
    assert_true(k < cap);
    ent_scenario_t s;
    load(&s, y);
    free(y);
    assert_int_equal(s.nrules, ncoal + 1);
    const double *qs[3] = {s.issues[0].status_quo, s.issues[1].status_quo, s.issues[2].status_quo};
    ent_winset_t w;
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, NULL), ENT_OK);
    assert_int_equal(w.joint, ENT_WINSET_NONEMPTY);
    assert_int_equal(w.ncoal_checked, ncoal);
    const double *xs[3] = {&w.witness[0], &w.witness[1], &w.witness[2]};
    double g[N];
    for (int a = 0; a < N; a++) g[a] = ent_utility(&s, (size_t)a, xs) - ent_utility(&s, (size_t)a, qs);
    for (int i = 0; i < N; i++)  /* sort descending */
        for (int j = i + 1; j < N; j++)
            if (g[j] > g[i]) { double t = g[i]; g[i] = g[j]; g[j] = t; }
    double got = g[K - 1], best = -INFINITY;
    for (size_t r = 1; r <= ncoal; r++) {
        ent_winset_t wc;
        assert_int_equal(ent_winset_compute(&s, r, -1, NULL, &wc, NULL), ENT_OK);
        if (wc.joint == ENT_WINSET_NONEMPTY) {
            const double *xc[3] = {&wc.witness[0], &wc.witness[1], &wc.witness[2]};
            double mn = INFINITY;
            for (size_t a = 0; a < N; a++) {
                if (!((masks[r - 1] >> a) & 1u)) continue;
                mn = fmin(mn, ent_utility(&s, a, xc) - ent_utility(&s, a, qs));
            }
            best = fmax(best, mn);
        }
        ent_winset_destroy(&wc);
    }
    if (!(got >= best - 1e-6)) print_error("witness gain %.17g, best coalition %.17g\n", got, best);
    assert_true(got >= best - 1e-6);
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);
}


/* A tie that only the rationals settle: one issue on [0, 100] with status quo 50, "2 of g";
 * A at 100 and B at 90 prefer all of (50, 100], C at 62.5 prefers (50, 75). The win-set is
 * (50, 100], its middle 75, where C is exactly indifferent (|75 − 62.5| = |50 − 62.5|): the
 * check in doubles cannot tell, the rational one says C does not strictly prefer, and A and
 * B still win. */
static void exact_tie_at_the_witness(void **state)
{
    (void)state;
    const char *yaml =
        "entente: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n  - {id: C, capability: 1}\n"
        "issues:\n  - {id: i1, status_quo: 50}\npositions:\n"
        "  - {actor: A, issue: i1, position: 100, salience: 1}\n"
        "  - {actor: B, issue: i1, position: 90, salience: 1}\n"
        "  - {actor: C, issue: i1, position: 62.5, salience: 1}\n"
        "groups:\n  - {id: g, members: [A, B, C]}\nrules:\n  - {id: two, expr: \"2 of g\"}\n";
    ent_scenario_t s;
    load(&s, yaml);
    ent_winset_t w;
    ent_error_t err = {0};
    assert_int_equal(ent_winset_compute(&s, 0, -1, NULL, &w, &err), ENT_OK);
    assert_int_equal(w.joint, ENT_WINSET_NONEMPTY);
    assert_int_equal(w.nint[0], 1);
    assert_true(w.ints[0][0].lo == 50 && w.ints[0][0].hi == 100);
    assert_true(w.witness[0] == 75);
    ent_winset_destroy(&w);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verdicts_and_witnesses),
        cmocka_unit_test(witness_rule),
        cmocka_unit_test(verdicts_only_same_verdicts),
        cmocka_unit_test(one_context_many_moved_runs),
        cmocka_unit_test(skipped_coalitions_never_hold_the_best),
        cmocka_unit_test(exact_tie_at_the_witness),
        cmocka_unit_test(certificates_settle_empty_coalitions),
        cmocka_unit_test(coalitions_cached_per_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
