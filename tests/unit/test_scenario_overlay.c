/* SPDX-License-Identifier: MIT */
/* test_scenario_overlay.c — unit tests of the what-if changes (src/scenario/overlay.c) and
 * of the comparison of variants (src/analysis/compare.c), as data tables:
 *   - ent_change_parse: good and bad syntax, with the column of the bad part;
 *   - ent_scenario_apply: each path form changes exactly the value it names; each bad path
 *     or value is refused with ENT_EINPUT, the column of the bad part and what was expected;
 *   - variants: applying a variant equals applying its changes; a loaded file's variants
 *     survive emit/load in YAML and JSON; ent_scenario_check_variants changes nothing; an
 *     unknown variant is ENT_EINVAL; a bad change in a file fails at its line:col;
 *   - ent_compare_run: base and a variant that moves one position differ exactly on the
 *     rows whose conclusions change (checked by hand in tests/data/whatif/three-parties.yaml).
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

static const char base_yaml[] =
    "entente: 1\n"
    "salience_scale: 100\n"
    "actors:\n"
    "  - {id: RU, capability: 80}\n"
    "  - {id: UA, capability: 40}\n"
    "  - {id: eu.commission, capability: 10}\n"
    "  - {id: issue, capability: 1}\n"
    "issues:\n"
    "  - {id: guarantee, status_quo: 10}\n"
    "  - {id: plan, dimensions: [money, time], scale: [[0, 100], [0, 10]]}\n"
    "  - {id: x.y, scale: [-5, 5]}\n"
    "positions:\n"
    "  - {actor: RU, issue: guarantee, position: 40, salience: 90}\n"
    "  - {actor: UA, issue: guarantee, position: 100, salience: 95}\n"
    "  - {actor: UA, issue: plan, position: [20, 3], salience: [50, 60]}\n"
    "  - {actor: eu.commission, issue: x.y, position: 1, salience: 10}\n"
    "  - {actor: issue, issue: guarantee, position: 50, salience: 5}\n"
    "rules:\n"
    "  - {id: istanbul, expr: \"all of {RU, UA}\"}\n"
    "  - {id: any, expr: \"any of {RU, UA}\"}\n"
    "proposals:\n"
    "  - {id: P, proposer: UA, rule: istanbul, point: {guarantee: 75}}\n"
    "steps:\n"
    "  - {id: summit}\n"
    "  - {id: experts, requires: [summit]}\n"
    "  - {id: deal, requires: [experts], requires_any: [{steps: [summit, experts]}]}\n";

static void load_text(ent_scenario_t *s, const char *text)
{
    ent_error_t e = {0};
    ent_scenario_init(s);
    if (ent_scenario_load_mem(s, "t.yaml", text, strlen(text), NULL, &e) != ENT_OK) fail_msg("%s", e.msg);
}

/* ---- ent_change_parse ---- */
static const struct {
    ent_change_kind_t kind;
    const char *text;
    int col;             /* 0: accepted; else the column of the error */
    const char *expect;  /* part of the message */
} parse_cases[] = {
    {ENT_CHANGE_SET, "RU.guarantee.position=75", 0, NULL},
    {ENT_CHANGE_SET, "rule.istanbul.expr=any of {RU, UA}", 0, NULL},
    {ENT_CHANGE_SET, "UA.plan.position[2]=4", 0, NULL},
    {ENT_CHANGE_SET, "RU.guarantee.position", 22, "no '='"},
    {ENT_CHANGE_SET, "=75", 1, "empty path"},
    {ENT_CHANGE_SET, "RU.guarantee.position=", 23, "empty value"},
    {ENT_CHANGE_SET, "RU guarantee.position=75", 3, "unexpected ' '"},
    {ENT_CHANGE_SET, "rule.r.expr=any of {\xff}", 21, "byte 0xff is a control character or not UTF-8"},
    {ENT_CHANGE_SET, "rule.r.expr=a\tb", 14, "byte 0x09"},
    {ENT_CHANGE_SET, "rule.r.expr=\xc3\xa9lite", 0, NULL},
    {ENT_CHANGE_DROP, "experts:summit", 0, NULL},
    {ENT_CHANGE_DROP, "experts", 8, "no ':'"},
    {ENT_CHANGE_DROP, ":summit", 1, "empty step"},
    {ENT_CHANGE_DROP, "experts:", 9, "empty required step"},
    {ENT_CHANGE_DROP, "exp erts:summit", 4, "unexpected ' '"},
};

static void test_parse(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof parse_cases / sizeof parse_cases[0]; k++) {
        ent_change_t c;
        ent_error_t e = {0};
        ent_status_t st = ent_change_parse(parse_cases[k].text, parse_cases[k].kind, &c, &e);
        if (!parse_cases[k].col) {
            if (st != ENT_OK) fail_msg("case %zu '%s': %s", k, parse_cases[k].text, e.msg);
            assert_string_equal(c.text, parse_cases[k].text);
            assert_int_equal(c.kind, parse_cases[k].kind);
            assert_int_equal(c.loc.line, 0);
            ent_change_destroy(&c);
            continue;
        }
        if (st != ENT_EINPUT) fail_msg("case %zu '%s': accepted", k, parse_cases[k].text);
        char want[32];
        snprintf(want, sizeof want, "col %d: ", parse_cases[k].col);
        if (strncmp(e.msg, want, strlen(want)) || !strstr(e.msg, parse_cases[k].expect))
            fail_msg("case %zu '%s': got '%s'; want '%s...%s'", k, parse_cases[k].text, e.msg, want, parse_cases[k].expect);
        assert_null(c.text);
    }
}

/* ---- ent_scenario_apply, good paths: what to read back after the change ---- */
enum { POS, SAL, CAP, ACAP, PRESENT, SQ, SQNULL, EXPR, PPOINT, PNPOINTS, PRULE, NPRE, PRESTEPS };
static const struct {
    ent_change_kind_t kind;
    const char *text;
    int probe;
    const char *a, *b;   /* ids the probe reads: actor/issue, issue, rule, proposal/issue, step */
    size_t d;            /* dimension, or precondition index */
    double want;
    const char *want_text;
} good[] = {
    {ENT_CHANGE_SET, "RU.guarantee.position=75", POS, "RU", "guarantee", 0, 75, NULL},
    {ENT_CHANGE_SET, "actor.RU.guarantee.position=0", POS, "RU", "guarantee", 0, 0, NULL},
    {ENT_CHANGE_SET, "RU.guarantee.salience=50", SAL, "RU", "guarantee", 0, 50, NULL},
    {ENT_CHANGE_SET, "RU.capability=3", ACAP, "RU", NULL, 0, 3, NULL},
    {ENT_CHANGE_SET, "RU.guarantee.capability=7", CAP, "RU", "guarantee", 0, 7, NULL},
    {ENT_CHANGE_SET, "RU.guarantee.position=none", PRESENT, "RU", "guarantee", 0, 0, NULL},
    {ENT_CHANGE_SET, "UA.plan.position=[30, 9.5]", POS, "UA", "plan", 1, 9.5, NULL},
    {ENT_CHANGE_SET, "UA.plan.position[2]=4", POS, "UA", "plan", 1, 4, NULL},
    {ENT_CHANGE_SET, "UA.plan.position[2]=4", POS, "UA", "plan", 0, 20, NULL},
    {ENT_CHANGE_SET, "UA.plan.salience[1]=0", SAL, "UA", "plan", 0, 0, NULL},
    {ENT_CHANGE_SET, "eu.commission.x.y.position=-5", POS, "eu.commission", "x.y", 0, -5, NULL},
    {ENT_CHANGE_SET, "actor.issue.guarantee.position=60", POS, "issue", "guarantee", 0, 60, NULL},
    {ENT_CHANGE_SET, "issue.guarantee.status_quo=40", SQ, "guarantee", NULL, 0, 40, NULL},
    {ENT_CHANGE_SET, "issue.guarantee.status_quo=none", SQNULL, "guarantee", NULL, 0, 0, NULL},
    {ENT_CHANGE_SET, "issue.plan.status_quo=[1, 2]", SQ, "plan", NULL, 1, 2, NULL},
    {ENT_CHANGE_SET, "rule.istanbul.expr=any of {RU, UA}", EXPR, "istanbul", NULL, 0, 0, "any of {RU, UA}"},
    {ENT_CHANGE_SET, "proposal.P.guarantee=90", PPOINT, "P", "guarantee", 0, 90, NULL},
    {ENT_CHANGE_SET, "proposal.P.plan=[5, 5]", PPOINT, "P", "plan", 1, 5, NULL},
    {ENT_CHANGE_SET, "proposal.P.plan=none", PNPOINTS, "P", NULL, 0, 1, NULL},  /* no point there: nothing to do */
    {ENT_CHANGE_SET, "proposal.P.rule=any", PRULE, "P", NULL, 0, 1, NULL},
    {ENT_CHANGE_DROP, "experts:summit", NPRE, "experts", NULL, 0, 0, NULL},
    {ENT_CHANGE_DROP, "deal:summit", NPRE, "deal", NULL, 0, 2, NULL},
    {ENT_CHANGE_DROP, "deal:summit", PRESTEPS, "deal", NULL, 1, 1, NULL},
    {ENT_CHANGE_DROP, "deal:experts", NPRE, "deal", NULL, 0, 1, NULL},
};

static double probe(const ent_scenario_t *s, size_t k, const char **text)
{
    long a = -1, i = -1;
    *text = NULL;
    switch (good[k].probe) {
    case POS: case SAL: case CAP: case PRESENT:
        a = ent_scenario_find_actor(s, good[k].a);
        i = ent_scenario_find_issue(s, good[k].b);
        assert_true(a >= 0 && i >= 0);
        {
            const ent_position_t *p = ent_scenario_pos(s, (size_t)a, (size_t)i);
            if (good[k].probe == PRESENT) return p->present;
            if (good[k].probe == CAP) return p->capability;
            assert_true(p->present);
            return good[k].probe == POS ? p->x[good[k].d] : p->sal[good[k].d];
        }
    case ACAP: return s->actors[ent_scenario_find_actor(s, good[k].a)].capability;
    case SQ: return s->issues[ent_scenario_find_issue(s, good[k].a)].status_quo[good[k].d];
    case SQNULL: return s->issues[ent_scenario_find_issue(s, good[k].a)].status_quo != NULL;
    case EXPR: *text = s->rules[ent_scenario_find_rule(s, good[k].a)].expr; return 0;
    case PPOINT: case PNPOINTS: case PRULE: {
        const ent_proposal_t *p = &s->proposals[0];
        if (good[k].probe == PNPOINTS) return (double)p->npoints;
        if (good[k].probe == PRULE) return (double)p->rule;
        i = ent_scenario_find_issue(s, good[k].b);
        for (size_t q = 0; q < p->npoints; q++)
            if ((long)p->issue[q] == i) return p->point[q][good[k].d];
        return NAN;
    }
    case NPRE: return (double)s->steps[ent_scenario_find_step(s, good[k].a)].npre;
    default: {
        const ent_step_t *st = &s->steps[ent_scenario_find_step(s, good[k].a)];
        return (double)st->pre[good[k].d].nsteps;
    }
    }
}

static void test_apply_good(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        ent_scenario_t s;
        load_text(&s, base_yaml);
        ent_change_t c;
        ent_error_t e = {0};
        assert_int_equal(ent_change_parse(good[k].text, good[k].kind, &c, &e), ENT_OK);
        if (ent_scenario_apply(&s, &c, 1, NULL, &e) != ENT_OK) fail_msg("case %zu '%s': %s", k, good[k].text, e.msg);
        const char *t;
        double v = probe(&s, k, &t);
        if (good[k].want_text) assert_string_equal(t, good[k].want_text);
        else if (v != good[k].want) fail_msg("case %zu '%s': read %g, want %g", k, good[k].text, v, good[k].want);
        /* the result still validates and its rules still compile */
        if (ent_scenario_validate(&s, "t", &e) != ENT_OK || ent_game_check_rules(&s, &e) != ENT_OK)
            fail_msg("case %zu '%s': %s", k, good[k].text, e.msg);
        ent_change_destroy(&c);
        ent_scenario_destroy(&s);
    }
}

/* Several changes apply in order: a point added, then the other removed. */
static void test_apply_in_order(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_text(&s, base_yaml);
    ent_change_t c[3];
    ent_error_t e = {0};
    assert_int_equal(ent_change_parse("proposal.P.plan=[5, 5]", ENT_CHANGE_SET, &c[0], &e), ENT_OK);
    assert_int_equal(ent_change_parse("proposal.P.guarantee=none", ENT_CHANGE_SET, &c[1], &e), ENT_OK);
    assert_int_equal(ent_change_parse("proposal.P.plan[1]=7", ENT_CHANGE_SET, &c[2], &e), ENT_OK);
    assert_int_equal(ent_scenario_apply(&s, c, 3, NULL, &e), ENT_OK);
    assert_int_equal(s.proposals[0].npoints, 1);
    assert_int_equal(s.proposals[0].issue[0], 1);
    assert_true(s.proposals[0].point[0][0] == 7 && s.proposals[0].point[0][1] == 5);
    assert_int_equal(ent_scenario_validate(&s, "t", &e), ENT_OK);
    for (int k = 0; k < 3; k++) ent_change_destroy(&c[k]);
    ent_scenario_destroy(&s);
}

/* ---- ent_scenario_apply, bad paths and values ---- */
static const struct {
    ent_change_kind_t kind;
    const char *text;
    int col;
    const char *expect;
} bad[] = {
    {ENT_CHANGE_SET, "RU.guarantee.positon=75", 14, "unknown field 'positon'; expected position, salience, capability or preference"},
    {ENT_CHANGE_SET, "XX.guarantee.position=75", 1, "unknown actor 'XX'"},
    {ENT_CHANGE_SET, "RU.guarante.position=75", 4, "unknown issue 'guarante'"},
    {ENT_CHANGE_SET, "RU.guarantee.position=750", 23, "outside the scale"},
    {ENT_CHANGE_SET, "RU.guarantee.position=abc", 23, "'abc' is not a number"},
    {ENT_CHANGE_SET, "RU.guarantee.position=[1, 2]", 23, "2 numbers for issue 'guarantee'; expected 1"},
    {ENT_CHANGE_SET, "RU.guarantee.salience=101", 23, "salience 101 is out of range"},
    {ENT_CHANGE_SET, "RU.guarantee.salience=none", 23, "none for a salience"},
    {ENT_CHANGE_SET, "RU.plan.position=[1, 2]", 1, "actor 'RU' has no position on issue 'plan'"},
    {ENT_CHANGE_SET, "RU.capability=-1", 15, "expected one number >= 0"},
    {ENT_CHANGE_SET, "RU.power=1", 4, "unknown field 'power' of actor 'RU'"},
    {ENT_CHANGE_SET, "UA.plan.position[3]=1", 17, "has 2 dimensions"},
    {ENT_CHANGE_SET, "UA.plan.position[0]=1", 17, "bad dimension"},
    {ENT_CHANGE_SET, "UA.plan.position=[1, 20]", 18, "outside the scale"},
    {ENT_CHANGE_SET, "UA.plan.position=[1, 2", 23, "expected ',' or a final ']'"},
    {ENT_CHANGE_SET, "issue.nope.status_quo=1", 7, "unknown issue 'nope'"},
    {ENT_CHANGE_SET, "issue.guarantee.outcome=1", 17, "expected status_quo"},
    {ENT_CHANGE_SET, "rule.nope.expr=any of {RU}", 6, "unknown rule 'nope'"},
    {ENT_CHANGE_SET, "rule.istanbul.name=x", 15, "expected expr"},
    {ENT_CHANGE_SET, "proposal.Q.guarantee=1", 10, "unknown proposal 'Q'"},
    {ENT_CHANGE_SET, "proposal.P.nope=1", 12, "expected an issue id or rule"},
    {ENT_CHANGE_SET, "proposal.P.rule=nope", 17, "unknown rule 'nope'"},
    {ENT_CHANGE_SET, "proposal.P.guarantee=none", 22, "would propose nothing"},
    {ENT_CHANGE_SET, "proposal.P.plan[1]=5", 20, "no proposed position to change one dimension of"},
    {ENT_CHANGE_SET, "RU.guarantee.position", 22, "no '='"},
    {ENT_CHANGE_DROP, "nope:summit", 1, "unknown step 'nope'"},
    {ENT_CHANGE_DROP, "experts:nope", 9, "unknown step 'nope'"},
    {ENT_CHANGE_DROP, "summit:experts", 8, "step 'summit' has no precondition 'experts'"},
};

static void test_apply_bad(void **state)
{
    (void)state;
    ent_scenario_t ref;
    load_text(&ref, base_yaml);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ent_scenario_t s;
        load_text(&s, base_yaml);
        /* built by hand, so that a syntax error reaches ent_scenario_apply too */
        ent_change_t c = {bad[k].kind, (char *)bad[k].text, {0, 0}};
        ent_error_t e = {0};
        if (ent_scenario_apply(&s, &c, 1, NULL, &e) != ENT_EINPUT) fail_msg("case %zu '%s': accepted", k, bad[k].text);
        char want[200];
        snprintf(want, sizeof want, "%s %s: col %d: ", bad[k].kind == ENT_CHANGE_SET ? "--set" : "--drop-precondition",
                 bad[k].text, bad[k].col);
        if (strncmp(e.msg, want, strlen(want)) || !strstr(e.msg, bad[k].expect))
            fail_msg("case %zu: got '%s'; want '%s...%s'", k, e.msg, want, bad[k].expect);
        /* a refused change leaves the scenario as it was */
        char why[200];
        if (!ent_scenario_equal(&s, &ref, why, sizeof why)) fail_msg("case %zu changed the scenario: %s", k, why);
        ent_scenario_destroy(&s);
    }
    ent_scenario_destroy(&ref);
}

/* ---- variants ---- */
static const char variants_yaml[] =
    "variants:\n"
    "  - id: witkoff\n"
    "    description: \"Russia at Article 5-like\"\n"
    "    changes: [\"RU.guarantee.position=75\", \"RU.guarantee.salience=50\"]\n"
    "  - id: no_experts\n"
    "    changes:\n"
    "      - drop-precondition experts:summit\n"
    "      - \"rule.istanbul.expr=any of {RU, UA}\"\n";

static void with_variants(ent_scenario_t *s, const char *tail)
{
    size_t n = strlen(base_yaml) + strlen(tail) + 1;
    char *t = malloc(n);
    assert_non_null(t);
    snprintf(t, n, "%s%s", base_yaml, tail);
    load_text(s, t);
    free(t);
}

static void test_variants(void **state)
{
    (void)state;
    ent_scenario_t s, ref, m;
    ent_error_t e = {0};
    with_variants(&s, variants_yaml);
    assert_int_equal(s.nvariants, 2);
    assert_int_equal(s.variants[1].changes[0].kind, ENT_CHANGE_DROP);
    assert_string_equal(s.variants[1].changes[0].text, "experts:summit");
    assert_int_equal(s.variants[1].changes[0].loc.line, 33);
    /* a variant = its changes, applied in order */
    with_variants(&ref, variants_yaml);
    assert_int_equal(ent_scenario_apply(&ref, s.variants[0].changes, s.variants[0].nchanges, "t", &e), ENT_OK);
    assert_int_equal(ent_scenario_apply_variant(&s, "witkoff", "t", &e), ENT_OK);
    assert_true(ent_scenario_equal(&s, &ref, NULL, 0));
    assert_int_equal(ent_scenario_pos(&s, 0, 0)->x[0], 75);
    /* unknown variant: a usage error naming the ones that exist */
    assert_int_equal(ent_scenario_apply_variant(&s, "lavrov", "t", &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "unknown variant 'lavrov'; expected one of witkoff, no_experts"));
    ent_scenario_destroy(&ref);
    /* canonical output keeps the variants, in YAML and JSON */
    for (int k = 0; k < 2; k++) {
        char *out = NULL;
        ent_scenario_destroy(&s);
        with_variants(&s, variants_yaml);
        assert_int_equal(ent_scenario_emit(&s, k ? ENT_FMT_JSON : ENT_FMT_YAML, &out, NULL, &e), ENT_OK);
        ent_scenario_init(&m);
        if (ent_scenario_load_mem(&m, "emitted", out, strlen(out), NULL, &e) != ENT_OK) fail_msg("%s\n%s", e.msg, out);
        char why[200];
        if (!ent_scenario_equal(&s, &m, why, sizeof why)) fail_msg("%s", why);
        assert_non_null(strstr(out, "drop-precondition experts:summit"));
        free(out);
        ent_scenario_destroy(&m);
    }
    /* checking the variants changes nothing */
    with_variants(&ref, variants_yaml);
    assert_int_equal(ent_scenario_check_variants(&s, "t", &e), ENT_OK);
    assert_true(ent_scenario_equal(&s, &ref, NULL, 0));
    ent_scenario_destroy(&ref);
    ent_scenario_destroy(&s);
}

/* A bad variant in a file: the error names the file, the change's line:col, the variant and
 * the column inside the change. */
static const struct {
    const char *tail;
    const char *expect;
} bad_variants[] = {
    {"variants:\n  - id: v\n    changes: [\"RU.guarantee.positon=1\"]\n",
     "t.yaml:29:15: variant 'v': change 'RU.guarantee.positon=1': col 14: unknown field 'positon'"},
    {"variants:\n  - id: v\n    changes:\n      - RU.guarantee.position\n",
     "t.yaml:30:9: variant 'v': change: col 22: no '='"},
    {"variants:\n  - id: v\n    changes: [\"drop-precondition deal:nope\"]\n",
     "t.yaml:29:15: variant 'v': change 'deal:nope': col 6: unknown step 'nope'"},
    {"variants:\n  - id: v\n    changes: []\n  - id: v\n    changes: []\n",
     "t.yaml:30:9: duplicate variant id 'v' (first at line 28)"},
    {"variants:\n  - id: v\n", "t.yaml:28:5: variant has no 'changes'"},
    {"variants:\n  - {id: v, changes: [], when: 2025}\n", "t.yaml:28:26: unknown key 'when' in variant"},
};

static void test_bad_variants(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof bad_variants / sizeof bad_variants[0]; k++) {
        size_t n = strlen(base_yaml) + strlen(bad_variants[k].tail) + 1;
        char *t = malloc(n), buf[1200];
        assert_non_null(t);
        snprintf(t, n, "%s%s", base_yaml, bad_variants[k].tail);
        ent_scenario_t s;
        ent_error_t e = {0};
        ent_scenario_init(&s);
        assert_int_equal(ent_scenario_load_mem(&s, "t.yaml", t, strlen(t), NULL, &e), ENT_EINPUT);
        ent_error_format(&e, buf, sizeof buf);
        if (!strstr(buf, bad_variants[k].expect)) fail_msg("case %zu: got '%s'; want '%s'", k, buf, bad_variants[k].expect);
        assert_int_equal(s.nvariants, 0);
        free(t);
    }
}

/* ---- ent_compare_run on tests/data/whatif/three-parties.yaml ---- */
static void test_compare(void **state)
{
    (void)state;
    ent_scenario_t s[3];
    ent_error_t e = {0};
    for (int k = 0; k < 3; k++) {
        ent_scenario_init(&s[k]);
        assert_int_equal(ent_scenario_load(&s[k], "tests/data/whatif/three-parties.yaml", NULL, &e), ENT_OK);
    }
    assert_int_equal(ent_scenario_apply_variant(&s[1], "c_moves", "t", &e), ENT_OK);
    assert_int_equal(ent_scenario_apply_variant(&s[2], "no_cycle", "t", &e), ENT_OK);
    for (int k = 0; k < 3; k++) assert_int_equal(ent_game_check_rules(&s[k], &e), ENT_OK);
    const ent_scenario_t *sp[3] = {&s[0], &s[1], &s[2]};
    const char *names[3] = {"base", "c_moves", "no_cycle"};
    ent_analyze_opts_t o;
    ent_analyze_opts_init(&o);
    o.sensitivity = 0;
    o.forecasts = 0;
    o.power = 0;
    ent_compare_t c;
    assert_int_equal(ent_compare_run(sp, names, 3, &o, &c, &e), ENT_OK);
    assert_int_equal(c.ncolumns, 3);
    assert_string_equal(c.column[1], "c_moves");
    int seen_prop = 0, seen_seq = 0;
    for (size_t r = 0; r < c.nrows; r++) {
        const ent_compare_row_t *w = &c.rows[r];
        assert_int_equal(w->cell[0].differs, 0);
        if (w->topic == ENT_TOPIC_PROPOSAL) {
            seen_prop = 1;
            /* C at 10 rejects p (dead on arrival); at 50 it accepts: p passes */
            assert_int_equal(w->cell[0].kind, ENT_ANALYZE_PROPOSAL_DEAD);
            assert_int_equal(w->cell[1].kind, ENT_ANALYZE_PROPOSAL_PASSES);
            assert_true(w->cell[1].differs);
            assert_false(w->cell[2].differs);
        } else if (w->topic == ENT_TOPIC_SEQUENCE) {
            seen_seq = 1;
            assert_int_equal(w->cell[0].kind, ENT_ANALYZE_CIRCULAR);
            assert_int_equal(w->cell[2].kind, ENT_ANALYZE_NOT_CIRCULAR);
            assert_false(w->cell[1].differs);
            assert_true(w->cell[2].differs);
        } else {
            assert_false(w->differs);
        }
    }
    assert_true(seen_prop && seen_seq);
    assert_int_equal(c.ndiffer, 2);
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_compare(&s[0], &c, ENT_OUTPUT_CSV, &b), ENT_OK);
    assert_non_null(strstr(b.data, "proposal p (unanimity),\"dead on arrival, designed to be rejected\",*passes,"));
    ent_buf_free(&b);
    ent_compare_destroy(&c);
    /* scenarios of different shapes are refused */
    ent_scenario_t other;
    ent_scenario_init(&other);
    assert_int_equal(ent_scenario_load(&other, "examples/un-security-council.yaml", NULL, &e), ENT_OK);
    const ent_scenario_t *mix[2] = {&s[0], &other};
    assert_int_equal(ent_compare_run(mix, names, 2, &o, &c, &e), ENT_EINVAL);
    ent_scenario_destroy(&other);
    for (int k = 0; k < 3; k++) ent_scenario_destroy(&s[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_apply_good),
        cmocka_unit_test(test_apply_in_order),
        cmocka_unit_test(test_apply_bad),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_bad_variants),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
