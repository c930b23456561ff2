/* SPDX-License-Identifier: MIT */
/* test_analysis_guarantee.c — unit tests of the guarantee-design analysis
 * (src/analysis/guarantee.c) and of the flagship conclusions, computed from
 * examples/ukraine-guarantees.yaml and its variants in tests/data/analysis/ (each changes
 * one input on purpose, and the test checks that the conclusion changes with it).
 * Run from the repository root (as scripts/unit.sh does).
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

#include <libfyaml.h>

#define assert_near(a, b, eps)                                                \
    do {                                                                      \
        double a_ = (a), b_ = (b);                                            \
        if (!(fabs(a_ - b_) <= (eps))) {                                      \
            print_error("%.17g != %.17g (eps %g)\n", a_, b_, (double)(eps)); \
            fail();                                                           \
        }                                                                     \
    } while (0)

static void load_mem(ent_scenario_t *s, const char *yaml)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load_mem(s, "test.yaml", yaml, strlen(yaml), NULL, &err);
    if (st != ENT_OK) print_error("load: %s\n", err.msg);
    assert_int_equal(st, ENT_OK);
}

static void load_file(ent_scenario_t *s, const char *path)
{
    ent_error_t err = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(s);
    ent_status_t st = ent_scenario_load(s, path, &lo, &err);
    if (st != ENT_OK) print_error("load %s: %s\n", path, err.msg);
    assert_int_equal(st, ENT_OK);
}

static size_t rule_row(const ent_scenario_t *s, const ent_guarantee_t *g, const char *id)
{
    long r = ent_scenario_find_rule(s, id);
    assert_true(r >= 0);
    for (size_t i = 0; i < g->nrows; i++)
        if (g->rows[i].rule == (size_t)r) return i;
    fail();
    return 0;
}

/* The verdict sentence of design `row` as ent_report_guarantee words it ("  => ...\n"),
 * written into buf. */
static const char *verdict_text(const ent_scenario_t *s, const ent_guarantee_t *g, size_t row, char *buf, size_t n)
{
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_guarantee(s, g, ENT_OUTPUT_TEXT, &b), ENT_OK);
    const char *p = b.data;
    for (size_t k = 0; k <= row; k++) {
        p = strstr(p, "\n  => ");
        assert_non_null(p);
        p += 6;
    }
    const char *end = strstr(p, ".\n");
    assert_non_null(end);
    assert_true((size_t)(end - p) < n);
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = 0;
    ent_buf_free(&b);
    return buf;
}

static int is_veto(const ent_guarantee_row_t *row, long actor)
{
    for (size_t k = 0; k < row->nveto; k++)
        if ((long)row->veto[k] == actor) return 1;
    return 0;
}

/* Three guarantors A, B, C. "all of g": one winning coalition {A,B,C}, each member is a
 * swing in it: A's power to prevent 1/1, Banzhaf 1/3; the only minimal blocking coalition
 * with A is {A}. "any of g": 7 winning coalitions, A is a swing only in {A}: prevent 1/7,
 * Banzhaf 1/3; the only minimal blocking coalition is {A, B, C}. "2 of g": 4 winning, A a
 * swing in {A,B} and {A,C}: prevent 2/4; blocking coalitions with A: {A,B}, {A,C}. */
static void test_three_guarantors(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_mem(&s, "entente: 1\nactors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"
                 "  - {id: C, capability: 1}\n  - {id: D, capability: 1}\n"
                 "groups:\n  - {id: g, members: [A, B, C]}\n  - {id: ad, members: [A, D]}\n"
                 "rules:\n  - {id: unan, expr: \"all of g\"}\n  - {id: each, expr: \"any of g\"}\n"
                 "  - {id: two, expr: \"2 of g\"}\n");
    ent_guarantee_opts_t o;
    ent_guarantee_opts_init(&o);
    o.against = "A";
    ent_guarantee_t g;
    ent_error_t err = {0};
    char v[512];
    assert_int_equal(ent_guarantee_analyze(&s, &o, &g, &err), ENT_OK);
    assert_int_equal(g.nrows, 3);
    const ent_guarantee_row_t *u = &g.rows[0], *e = &g.rows[1], *t = &g.rows[2];
    assert_int_equal(u->passes_over_aggressor, 0);
    assert_int_equal(u->nveto, 3);
    assert_int_equal(u->blocking_counted, 1);
    assert_int_equal(u->nblock, 1);
    assert_near(u->prevent, 1.0, 1e-12);
    assert_near(u->banzhaf, 1.0 / 3, 1e-12);
    assert_int_equal(u->verdict, ENT_GUARANTEE_BLOCKS_ALONE);
    assert_string_equal(verdict_text(&s, &g, 0, v, sizeof v),
                        "A alone can block assistance: the guarantee does not bind against A");
    assert_int_equal(e->passes_over_aggressor, 1);
    assert_int_equal(e->nveto, 0);
    assert_int_equal(e->nalone, 3);
    assert_int_equal(e->nblock, 1);
    assert_int_equal(e->block_off[1] - e->block_off[0], 3);
    assert_near(e->prevent, 1.0 / 7, 1e-12);
    assert_near(e->banzhaf, 1.0 / 3, 1e-12);
    assert_int_equal(e->verdict, ENT_GUARANTEE_CANNOT_BLOCK);
    assert_string_equal(verdict_text(&s, &g, 1, v, sizeof v), "A cannot block: any guarantor may act alone");
    assert_int_equal(t->passes_over_aggressor, 1);
    assert_int_equal(t->nblock, 2);
    assert_int_equal(t->nalone, 0);
    assert_int_equal(t->verdict, ENT_GUARANTEE_CANNOT_BLOCK);
    assert_string_equal(verdict_text(&s, &g, 2, v, sizeof v), "A cannot block: the others can act without A");
    assert_near(t->prevent, 0.5, 1e-12);
    ent_guarantee_destroy(&g);

    /* with partner B: under "2 of g" A and B together block */
    s.groups[1].members[1] = 1;  /* group ad = [A, B] */
    o.partners = "ad";
    assert_int_equal(ent_guarantee_analyze(&s, &o, &g, &err), ENT_OK);
    assert_int_equal(g.rows[2].passes_over_aggressor, 1);
    assert_int_equal(g.rows[2].passes_over_group, 0);
    assert_int_equal(g.rows[2].verdict, ENT_GUARANTEE_BLOCKS_WITH_PARTNERS);
    assert_string_equal(verdict_text(&s, &g, 2, v, sizeof v),
                        "A cannot block alone, but A with B can: the guarantee binds only while A's partners "
                        "do not object");
    ent_guarantee_destroy(&g);

    /* D takes part in no rule */
    o.against = "D";
    o.partners = NULL;
    assert_int_equal(ent_guarantee_analyze(&s, &o, &g, &err), ENT_OK);
    assert_int_equal(g.rows[0].aggressor_player, 0);
    assert_int_equal(g.rows[0].verdict, ENT_GUARANTEE_NO_SAY);
    assert_int_equal(g.rows[0].nalone, 0);
    assert_string_equal(verdict_text(&s, &g, 0, v, sizeof v), "D has no say: the design does not involve D");
    assert_int_equal(g.rows[1].verdict, ENT_GUARANTEE_NO_SAY);  /* any of A, B, C: 3 may act alone */
    assert_string_equal(verdict_text(&s, &g, 1, v, sizeof v),
                        "D has no say: the design does not involve D; any of 3 guarantors may act alone");
    ent_guarantee_destroy(&g);

    o.against = "nobody";
    assert_int_equal(ent_guarantee_analyze(&s, &o, &g, &err), ENT_EINVAL);
    ent_scenario_destroy(&s);
}

/* The flagship: Russia is a veto player under the Istanbul design and not under the
 * Article 5-style one; under "any of" the 11 guarantors there are 2^11 - 1 = 2047 winning
 * coalitions and Russia is critical only alone: power to prevent 1/2047. */
static void test_flagship_guarantee(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    ent_guarantee_t g;
    ent_error_t err = {0};
    assert_int_equal(ent_guarantee_analyze(&s, NULL, &g, &err), ENT_OK);
    long ru = ent_scenario_find_actor(&s, "RU");
    assert_int_equal(g.aggressor, ru);
    const ent_guarantee_row_t *ist = &g.rows[rule_row(&s, &g, "istanbul")];
    const ent_guarantee_row_t *a5 = &g.rows[rule_row(&s, &g, "article5")];
    assert_true(is_veto(ist, ru));
    assert_int_equal(ist->passes_over_aggressor, 0);
    assert_near(ist->prevent, 1.0, 1e-12);
    char v[512];
    assert_int_equal(ist->verdict, ENT_GUARANTEE_BLOCKS_ALONE);
    assert_string_equal(verdict_text(&s, &g, rule_row(&s, &g, "istanbul"), v, sizeof v),
                        "Russia alone can block assistance: the guarantee does not bind against Russia");
    assert_false(is_veto(a5, ru));
    assert_int_equal(a5->passes_over_aggressor, 1);
    assert_near(a5->prevent, 1.0 / 2047, 1e-12);
    assert_near(a5->banzhaf, 1.0 / 11, 1e-12);
    assert_int_equal(a5->verdict, ENT_GUARANTEE_CANNOT_BLOCK);
    assert_string_equal(verdict_text(&s, &g, rule_row(&s, &g, "article5"), v, sizeof v),
                        "Russia cannot block: any guarantor may act alone");
    ent_guarantee_destroy(&g);
    ent_scenario_destroy(&s);

    /* variant: Russia is not among the Istanbul guarantors: it cannot block that design,
     * but China (its partner by position) still can */
    load_file(&s, "tests/data/analysis/ukraine-istanbul-without-russia.yaml");
    assert_int_equal(ent_guarantee_analyze(&s, NULL, &g, &err), ENT_OK);
    ist = &g.rows[rule_row(&s, &g, "istanbul")];
    assert_false(is_veto(ist, ru));
    assert_int_equal(ist->passes_over_aggressor, 1);
    assert_int_equal(ist->passes_over_group, 0);
    ent_guarantee_destroy(&g);
    ent_scenario_destroy(&s);
}

static const ent_proposal_eval_t *prop(const ent_scenario_t *s, const ent_proposals_t *r, const char *id)
{
    for (size_t i = 0; i < r->nproposals; i++)
        if (!strcmp(s->proposals[r->eval[i].proposal].id, id)) return &r->eval[i];
    fail();
    return NULL;
}

/* Russia's Istanbul-model proposal is dead on arrival for Ukraine, and a better offer
 * (for Russia) existed under the coded positions; the variants flip each conclusion. */
static void test_flagship_proposals(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_proposals_t r;
    ent_error_t err = {0};
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    long ua = ent_scenario_find_actor(&s, "UA");
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    const ent_proposal_eval_t *e = prop(&s, &r, "ru_istanbul");
    assert_int_equal(e->vote[ua], ENT_VOTE_REJECT);
    /* Ukraine: U(prop) = -(0.95*60 + 0.85*90 + 0.8*70) = -189.5; U(sq) = -(0.95*90 + 0.8*70) = -141.5 */
    assert_near(e->u_prop[ua], -189.5, 1e-9);
    assert_near(e->u_sq[ua], -141.5, 1e-9);
    assert_int_equal(e->dead_on_arrival, 1);
    assert_int_equal(e->better_offer_existed, 1);
    assert_int_equal(prop(&s, &r, "us_offer")->dead_on_arrival, 1);
    assert_int_equal(r.winset[0].joint, ENT_WINSET_NONEMPTY);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);

    load_file(&s, "tests/data/analysis/ukraine-low-limits-salience.yaml");
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    e = prop(&s, &r, "ru_istanbul");
    assert_int_equal(e->vote[ua], ENT_VOTE_ACCEPT);
    assert_int_equal(e->dead_on_arrival, 0);
    assert_int_equal(e->passes, 1);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);

    load_file(&s, "tests/data/analysis/ukraine-russia-no-guarantee.yaml");
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    e = prop(&s, &r, "ru_istanbul");
    assert_int_equal(e->dead_on_arrival, 1);
    assert_int_equal(e->better_offer_existed, 0);
    assert_int_equal(r.winset[0].joint, ENT_WINSET_EMPTY);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
}

/* The precondition chain is circular; the cheapest links to drop are Ukraine's two
 * (territory only at the summit: 40 x 0.70 = 28; the amended law after a ceasefire:
 * 40 x 0.60 = 24), 52 in all. Without Russia's no-truce link and Ukraine's territory link
 * the chain is not circular. */
static void test_flagship_sequence(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_sequence_t q;
    ent_error_t err = {0};
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    assert_int_equal(ent_sequence_analyze(&s, NULL, &q, &err), ENT_OK);
    assert_int_equal(q.circular, 1);
    assert_int_equal(q.ncycles, 6);
    assert_int_equal(q.drop_exact, 1);
    assert_near(q.drop_cost, 52.0, 1e-9);
    assert_int_equal(q.ndrop, 2);
    assert_int_equal(q.drop[0].step, (size_t)ent_scenario_find_step(&s, "all_issues_agreed"));
    assert_int_equal(q.drop[1].step, (size_t)ent_scenario_find_step(&s, "law_amended"));
    for (size_t v = 0; v < s.nsteps; v++) assert_int_equal(q.reachable[v], 0);
    ent_sequence_destroy(&q);
    ent_scenario_destroy(&s);

    /* each way out the parties proposed, taken alone, leaves a circle: the summit and "all
     * issues agreed" still wait for each other; dropping Ukraine's territory link (28)
     * then opens the chain */
    const char *ways[2] = {"tests/data/analysis/ukraine-sign-first.yaml", "tests/data/analysis/ukraine-ceasefire-first.yaml"};
    for (int k = 0; k < 2; k++) {
        load_file(&s, ways[k]);
        assert_int_equal(ent_sequence_analyze(&s, NULL, &q, &err), ENT_OK);
        assert_int_equal(q.circular, 1);
        assert_near(q.drop_cost, 28.0, 1e-9);
        assert_int_equal(q.ndrop, 1);
        assert_int_equal(q.drop[0].step, (size_t)ent_scenario_find_step(&s, "all_issues_agreed"));
        ent_sequence_destroy(&q);
        ent_scenario_destroy(&s);
    }

    load_file(&s, "tests/data/analysis/ukraine-truce-first.yaml");
    assert_int_equal(ent_sequence_analyze(&s, NULL, &q, &err), ENT_OK);
    assert_int_equal(q.circular, 0);
    assert_int_equal(q.ndrop, 0);
    ent_sequence_destroy(&q);
    ent_scenario_destroy(&s);
}

/* The whole report: summary lines that state the computed conclusions. */
static void test_flagship_analyze(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    ent_buf_t b = ENT_BUF_INIT;
    ent_analyze_t a;
    assert_int_equal(ent_analyze_run(&s, NULL, &a, &err), ENT_OK);
    assert_int_equal(ent_report_analyze(&s, &a, ENT_OUTPUT_TEXT, &b), ENT_OK);
    assert_non_null(strstr(b.data, "Russia is a veto player under istanbul"));
    assert_non_null(strstr(b.data, "not under article5"));
    assert_non_null(strstr(b.data, "Proposal ru_istanbul (by Russia) is dead on arrival: Ukraine rejects it"));
    assert_non_null(strstr(b.data, "The precondition chain is circular"));
    assert_non_null(strstr(b.data, "Forecast on guarantee:"));
    assert_non_null(strstr(b.data, "== 6. Thresholds =="));
    assert_non_null(strstr(b.data, "== 7. Sensitivity to the codings =="));
    assert_non_null(strstr(b.data, "us_offer passes if Russia's position on guarantee is > 58.3333 (now 40.0)"));
    ent_buf_reset(&b);
    assert_int_equal(ent_report_analyze(&s, &a, ENT_OUTPUT_JSON, &b), ENT_OK);
    assert_non_null(strstr(b.data, "\"summary\": ["));
    assert_non_null(strstr(b.data, "\"better_offer_existed\": true"));
    assert_non_null(strstr(b.data, "\"thresholds\": {"));
    assert_int_equal(ent_report_analyze(&s, &a, ENT_OUTPUT_CSV, &b), ENT_EINVAL);
    ent_analyze_destroy(&a);
    ent_analyze_destroy(&a);  /* twice is harmless: destroy leaves it empty */
    ent_analyze_destroy(NULL);
    ent_buf_free(&b);
    ent_scenario_destroy(&s);
}

/* The other examples. UN Security Council (Art. 27(3)): a permanent member's share of swings
 * is the textbook normalized Banzhaf value 106/635; the draft S/2022/155 is dead on arrival
 * (Russia, a veto player, voted against) and nothing beats the status quo for a winning
 * coalition that includes the Russian Federation. EU Council: 27 players exceed the
 * enumeration limit, so the indices come from the game engine and equal its values; the
 * adopted text (DEU outcome 80) passes by QMV, and the QMV win-set along the issue is (0, 100]. */
static void test_other_examples(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_guarantee_t g;
    ent_proposals_t r;
    load_file(&s, "examples/un-security-council.yaml");
    assert_int_equal(ent_guarantee_analyze(&s, NULL, &g, &err), ENT_OK);
    assert_int_equal(g.aggressor, ent_scenario_find_actor(&s, "RU"));
    assert_near(g.rows[0].banzhaf, 106.0 / 635, 1e-12);
    assert_near(g.rows[0].prevent, 1.0, 1e-12);
    assert_int_equal(g.rows[0].nveto, 5);
    ent_guarantee_destroy(&g);
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    assert_int_equal(r.eval[0].passes, 0);
    assert_int_equal(r.eval[0].dead_on_arrival, 1);
    assert_int_equal(r.eval[0].better_offer_existed, 0);
    assert_int_equal(r.winset[0].joint, ENT_WINSET_EMPTY);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);

    load_file(&s, "examples/eu-council-qmv.yaml");
    ent_guarantee_opts_t o;
    ent_guarantee_opts_init(&o);
    o.against = "DE";
    assert_int_equal(ent_guarantee_analyze(&s, &o, &g, &err), ENT_OK);
    const ent_guarantee_row_t *q = &g.rows[rule_row(&s, &g, "qmv")];
    assert_int_equal(q->blocking_counted, 0);   /* 27 players: not listed */
    assert_int_equal(q->nblock_listed, 0);
    assert_int_equal(q->passes_over_aggressor, 1);
    assert_int_equal(q->nveto, 0);
    ent_game_t *game = NULL;
    assert_int_equal(ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, "qmv"), NULL, &game, &err), ENT_OK);
    ent_power_t pw;
    assert_int_equal(ent_game_power(game, NULL, &pw, &err), ENT_OK);
    size_t de = 0;
    while (ent_game_player_actor(game, de) != (size_t)ent_scenario_find_actor(&s, "DE")) de++;
    assert_near(q->prevent, pw.value[ENT_IDX_PREVENT][de], 1e-12);
    assert_near(q->banzhaf, pw.value[ENT_IDX_BANZHAF][de], 1e-12);
    assert_true(q->prevent > 0 && q->prevent < 1);
    ent_power_destroy(&pw);
    ent_game_destroy(game);
    assert_int_equal(g.rows[rule_row(&s, &g, "unanimity")].nveto, 27);
    ent_guarantee_destroy(&g);
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    assert_int_equal(prop(&s, &r, "adopted")->passes, 1);
    assert_int_equal(prop(&s, &r, "com_proposal")->passes, 1);
    assert_int_equal(r.winset[0].nint[0], 1);
    assert_near(r.winset[0].ints[0][0].lo, 0, 0);
    assert_int_equal(r.winset[0].ints[0][0].lo_open, 1);
    assert_near(r.winset[0].ints[0][0].hi, 100, 0);
    assert_int_equal(r.winset[0].ints[0][0].hi_open, 0);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
}

/* Every --json report on the flagship is well-formed JSON (parsed with libfyaml, whose
 * YAML 1.2 parser accepts exactly JSON's syntax for these documents) and holds its keys. */
static int parses(const char *text)
{
    struct fy_document *fyd = fy_document_build_from_string(NULL, text, strlen(text));
    if (!fyd) return 0;
    fy_document_destroy(fyd);
    return 1;
}

static void test_json_reports(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    load_file(&s, "tests/data/analysis/ukraine-flagship-v1.yaml");
    ent_buf_t b = ENT_BUF_INIT;
    ent_guarantee_t g;
    assert_int_equal(ent_guarantee_analyze(&s, NULL, &g, &err), ENT_OK);
    assert_int_equal(ent_report_guarantee(&s, &g, ENT_OUTPUT_JSON, &b), ENT_OK);
    assert_true(parses(b.data));
    assert_non_null(strstr(b.data, "\"power_to_prevent\""));
    ent_guarantee_destroy(&g);
    ent_buf_reset(&b);
    ent_proposals_t r;
    assert_int_equal(ent_proposals_analyze(&s, NULL, &r, &err), ENT_OK);
    assert_int_equal(ent_report_proposals(&s, &r, ENT_OUTPUT_JSON, &b), ENT_OK);
    assert_true(parses(b.data));
    assert_non_null(strstr(b.data, "\"winsets\""));
    ent_proposals_destroy(&r);
    ent_buf_reset(&b);
    ent_sequence_t q;
    assert_int_equal(ent_sequence_analyze(&s, NULL, &q, &err), ENT_OK);
    assert_int_equal(ent_report_sequence(&s, &q, ENT_OUTPUT_JSON, &b), ENT_OK);
    assert_true(parses(b.data));
    ent_sequence_destroy(&q);
    ent_buf_reset(&b);
    ent_analyze_t a;
    assert_int_equal(ent_analyze_run(&s, NULL, &a, &err), ENT_OK);
    assert_int_equal(ent_report_analyze(&s, &a, ENT_OUTPUT_JSON, &b), ENT_OK);
    ent_analyze_destroy(&a);
    assert_true(parses(b.data));
    assert_non_null(strstr(b.data, "\"sensitivity\""));
    ent_buf_free(&b);
    ent_scenario_destroy(&s);
}

/* Without rules there is no design: an empty result (even for an unknown --against, and
 * without actors), which the renderer states in words in either format; CSV is refused. */
static void test_no_rules(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_mem(&s, "entente: 1\nissues:\n  - {id: i, scale: [0, 100]}\n");
    ent_guarantee_opts_t o;
    ent_guarantee_opts_init(&o);
    o.against = "nobody";
    ent_guarantee_t g;
    ent_error_t err = {0};
    assert_int_equal(ent_guarantee_analyze(&s, &o, &g, &err), ENT_OK);
    assert_int_equal(g.nrows, 0);
    assert_int_equal(g.aggressor, -1);
    ent_buf_t b = ENT_BUF_INIT;
    for (int f = ENT_OUTPUT_TEXT; f <= ENT_OUTPUT_JSON; f++) {
        ent_buf_reset(&b);
        assert_int_equal(ent_report_guarantee(&s, &g, (ent_output_t)f, &b), ENT_OK);
        assert_string_equal(b.data, "The scenario has no rules: there is no guarantee design to analyse.\n");
    }
    assert_int_equal(ent_report_guarantee(&s, &g, ENT_OUTPUT_CSV, &b), ENT_EINVAL);
    ent_buf_free(&b);
    ent_guarantee_destroy(&g);
    ent_guarantee_destroy(NULL);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_guarantors),
        cmocka_unit_test(test_flagship_guarantee),
        cmocka_unit_test(test_flagship_proposals),
        cmocka_unit_test(test_flagship_sequence),
        cmocka_unit_test(test_flagship_analyze),
        cmocka_unit_test(test_other_examples),
        cmocka_unit_test(test_json_reports),
        cmocka_unit_test(test_no_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
