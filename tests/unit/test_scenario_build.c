/* SPDX-License-Identifier: MIT */
/* test_scenario_build.c — unit tests of the scenario builder (src/scenario/build.c): the UN
 * Security Council example (examples/un-security-council.yaml) built call by call equals the
 * loaded file (ent_scenario_equal) and emits the same canonical YAML; a small scenario that
 * uses every part of the format (attributes, a two-dimensional issue, labels, overrides,
 * proposals, steps with requires/requires_any/insisted_by, notes everywhere) does too; the
 * builder extends a loaded scenario; and every refusal leaves the scenario unchanged with
 * ENT_EINVAL and a message that names the problem. */
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

/* The calls pass `&e`: OK2 checks the status and prints the message on failure. */
#define OK2(call) do { ent_error_clear(&e); if ((call) != ENT_OK) fail_msg("%s: %s", #call, e.msg); } while (0)

static void load_file(ent_scenario_t *s, const char *path)
{
    ent_error_t e = {0};
    ent_scenario_init(s);
    if (ent_scenario_load(s, path, NULL, &e) != ENT_OK) fail_msg("%s", e.msg);
    if (ent_game_check_rules(s, &e) != ENT_OK) fail_msg("%s", e.msg);
}

static void load_text(ent_scenario_t *s, const char *text)
{
    ent_error_t e = {0};
    ent_scenario_init(s);
    if (ent_scenario_load_mem(s, "t.yaml", text, strlen(text), NULL, &e) != ENT_OK) fail_msg("%s", e.msg);
}

/* a and b are equal, and emit the same YAML and JSON. */
static void assert_same(const ent_scenario_t *a, const ent_scenario_t *b)
{
    char why[256] = "";
    if (!ent_scenario_equal(a, b, why, sizeof why)) fail_msg("not equal: %s", why);
    for (int k = 0; k < 2; k++) {
        ent_format_t f = k ? ENT_FMT_JSON : ENT_FMT_YAML;
        char *ta = NULL, *tb = NULL;
        ent_error_t e = {0};
        assert_int_equal(ent_scenario_emit(a, f, &ta, NULL, &e), ENT_OK);
        assert_int_equal(ent_scenario_emit(b, f, &tb, NULL, &e), ENT_OK);
        assert_string_equal(ta, tb);
        free(ta);
        free(tb);
    }
}

/* ---- examples/un-security-council.yaml, as data ---- */
static const struct {
    const char *id, *name, *source, *notes;
    double position, salience;
    const char *vote;
} unsc[15] = {
    {"CN", "China", "charter", "permanent member (Art. 23)", 50, 0, "abstained"},
    {"FR", "France", "charter", "permanent member (Art. 23)", 100, 100, "in favour"},
    {"RU", "Russian Federation", "charter", "permanent member (Art. 23)", 0, 100, "against"},
    {"UK", "United Kingdom", "charter", "permanent member (Art. 23)", 100, 100, "in favour"},
    {"US", "United States", "charter", "permanent member (Art. 23)", 100, 100, "in favour"},
    {"AL", "Albania", "sc14808", "elected member 2022-2023", 100, 100, "in favour"},
    {"BR", "Brazil", "sc14808", "elected member 2022-2023", 100, 100, "in favour"},
    {"GA", "Gabon", "sc14808", "elected member 2022-2023", 100, 100, "in favour"},
    {"GH", "Ghana", "sc14808", "elected member 2022-2023", 100, 100, "in favour"},
    {"AE", "United Arab Emirates", "sc14808", "elected member 2022-2023", 50, 0, "abstained"},
    {"IN", "India", "sc14808", "elected member 2021-2022", 50, 0, "abstained"},
    {"IE", "Ireland", "sc14808", "elected member 2021-2022", 100, 100, "in favour"},
    {"KE", "Kenya", "sc14808", "elected member 2021-2022", 100, 100, "in favour"},
    {"MX", "Mexico", "sc14808", "elected member 2021-2022", 100, 100, "in favour"},
    {"NO", "Norway", "sc14808", "elected member 2021-2022", 100, 100, "in favour"},
};

static void un_security_council(void **state)
{
    (void)state;
    ent_scenario_t b;
    ent_error_t e = {0};
    ent_scenario_init(&b);
    OK2(ent_scenario_set_info(&b, "UN Security Council, 25 February 2022: draft resolution S/2022/155 on Ukraine",
                              "Fifteen members under the Charter's Art. 27(3) rule, and the vote on the draft "
                              "resolution deploring Russia's aggression against Ukraine, vetoed by the Russian Federation.\n",
                              100, &e));
    OK2(ent_scenario_add_source(&b, "charter", "Charter of the United Nations, Arts. 23 and 27",
                                "https://www.un.org/en/about-us/un-charter/chapter-5", &e));
    OK2(ent_scenario_add_source(&b, "sc14808",
                                "UN Meetings Coverage SC/14808, 25 February 2022: Security Council fails to adopt draft "
                                "resolution on ending Ukraine crisis, as Russian Federation wields veto",
                                "https://press.un.org/en/2022/sc14808.doc.htm", &e));
    size_t issue, idx;
    OK2(ent_scenario_add_issue(&b, "draft", "Draft resolution S/2022/155 on Ukraine", 1, NULL, NULL, &issue, &e));
    assert_int_equal(issue, 0);
    OK2(ent_scenario_add_label(&b, issue, 0, "no Council decision", &e));
    OK2(ent_scenario_add_label(&b, issue, 100, "the draft as tabled", &e));
    double zero = 0;
    OK2(ent_scenario_set_status_quo(&b, issue, &zero, &e));
    OK2(ent_scenario_set_outcome(&b, issue, &zero, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_ISSUE, issue, 0, NULL, "sc14808", &e));
    size_t members[15];
    for (size_t a = 0; a < 15; a++) {
        OK2(ent_scenario_add_actor(&b, unsc[a].id, unsc[a].name, 1, &idx, &e));
        assert_int_equal(idx, a);
        members[a] = a;
        OK2(ent_scenario_set_notes(&b, ENT_ELEM_ACTOR, a, 0, unsc[a].notes, unsc[a].source, &e));
        OK2(ent_scenario_set_position(&b, a, issue, &unsc[a].position, &unsc[a].salience, &e));
        OK2(ent_scenario_set_notes(&b, ENT_ELEM_POSITION, a, issue, unsc[a].vote, "sc14808", &e));
    }
    OK2(ent_scenario_add_group(&b, "p5", "Permanent members (Art. 23)", 5, members, NULL, &e));
    OK2(ent_scenario_add_group(&b, "members", "All fifteen members", 15, members, NULL, &e));
    size_t ru = 2;
    OK2(ent_scenario_add_group(&b, "aggressor", "The member whose action the draft addressed", 1, &ru, NULL, &e));
    size_t rule, prop;
    OK2(ent_scenario_add_rule(&b, "art27",
                              "Charter Art. 27(3): nine votes including the concurring votes of the permanent members",
                              "all of p5 and 9 of members", &rule, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_RULE, rule, 0, NULL, "charter", &e));
    OK2(ent_scenario_add_rule(&b, "practice",
                              "Council practice since 1946: nine votes and no permanent member against (an abstention "
                              "is not a veto)",
                              "none against of p5 and 9 of members", &rule, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_RULE, rule, 0, NULL, "charter", &e));
    OK2(ent_scenario_add_proposal(&b, "s2022_155",
                                  "Draft resolution S/2022/155 (United States and Albania, with co-sponsors)", 4,
                                  (long)rule, &prop, &e));
    double hundred = 100;
    OK2(ent_scenario_add_proposal_point(&b, prop, issue, &hundred, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_PROPOSAL, prop, 0, NULL, "sc14808", &e));
    OK2(ent_scenario_validate(&b, "built", &e));
    OK2(ent_game_check_rules(&b, &e));

    ent_scenario_t f;
    load_file(&f, "examples/un-security-council.yaml");
    assert_same(&b, &f);
    /* and the rule compiles to the same game either way */
    ent_game_t *gb = NULL, *gf = NULL;
    OK2(ent_game_from_rule(&b, 0, NULL, &gb, &e));
    OK2(ent_game_from_rule(&f, 0, NULL, &gf, &e));
    unsigned char in[15];
    for (size_t a = 0; a < 15; a++) in[a] = unsc[a].salience > 0 && unsc[a].position == 100;
    assert_false(ent_game_winning(gb, in));  /* 11 in favour, but not China and Russia: vetoed */
    assert_int_equal(ent_game_winning(gb, in), ent_game_winning(gf, in));
    in[0] = in[2] = 1; /* China and Russia concur too: all five and 13 of 15 */
    assert_true(ent_game_winning(gb, in));
    ent_game_destroy(gb);
    ent_game_destroy(gf);
    ent_scenario_destroy(&b);
    ent_scenario_destroy(&f);
}

/* ---- every part of the format ---- */
static const char full_yaml[] =
    "entente: 1\n"
    "title: every part\n"
    "salience_scale: 1\n"
    "precision: 0.05\n"
    "sources:\n"
    "  - {id: S1, text: a book}\n"
    "actors:\n"
    "  - {id: A, capability: 2, attributes: {pop: 50.5, kind: \"state\"}, notes: first, source: S1}\n"
    "  - {id: B, name: Bee, capability: 0}\n"
    "  - {id: C, capability: 1.25}\n"
    "issues:\n"
    "  - id: plane\n"
    "    dimensions: [x, y]\n"
    "    scale: [[0, 10], [-5, 5]]\n"
    "    status_quo: [1, -1]\n"
    "  - id: line\n"
    "    name: a line\n"
    "    scale: [0, 1]\n"
    "    labels: {0: none, 0.5: half, 1: all}\n"
    "    step: 0.25\n"
    "    outcome: 0.75\n"
    "    notes: the second issue\n"
    "positions:\n"
    "  - {actor: A, issue: plane, position: [2, 3], salience: [0.5, 0.25], capability: 7, notes: n, source: S1}\n"
    "  - {actor: A, issue: line, position: 1, salience: 1}\n"
    "  - {actor: C, issue: line, position: 0.25, salience: 0.5}\n"
    "groups:\n"
    "  - {id: g, members: [C, A]}\n"
    "rules:\n"
    "  - {id: r, name: majority, kind: settlement, expr: \"2 of {A, B, C}\", notes: simple}\n"
    "proposals:\n"
    "  - {id: p, proposer: B, point: {line: 0.5, plane: [3, 0]}}\n"
    "  - {id: q, rule: r, point: {line: 1}, notes: nq}\n"
    "steps:\n"
    "  - id: s1\n"
    "  - id: s2\n"
    "    name: second\n"
    "    requires:\n"
    "      - s1\n"
    "      - {step: s3, insisted_by: [A, {actor: C, salience: 0.5}], notes: why, source: S1}\n"
    "  - id: s3\n"
    "    requires_any:\n"
    "      - {steps: [s1, s2], insisted_by: [B]}\n"
    "    source: S1\n";

static void every_part(void **state)
{
    (void)state;
    ent_scenario_t b;
    ent_error_t e = {0};
    ent_scenario_init(&b);
    OK2(ent_scenario_set_info(&b, "every part", NULL, 1, &e));
    OK2(ent_scenario_add_source(&b, "S1", "a book", NULL, &e));
    size_t plane, line, A, B, C, r, p, q, s1, s2, s3, k;
    double lo[2] = {0, -5}, hi[2] = {10, 5};
    OK2(ent_scenario_add_issue(&b, "plane", NULL, 2, lo, hi, &plane, &e));
    OK2(ent_scenario_set_dimension_name(&b, plane, 0, "x", &e));
    OK2(ent_scenario_set_dimension_name(&b, plane, 1, "y", &e));
    double sq[2] = {1, -1};
    OK2(ent_scenario_set_status_quo(&b, plane, sq, &e));
    OK2(ent_scenario_add_actor(&b, "A", NULL, 2, &A, &e));   /* an issue before, one after the actors */
    OK2(ent_scenario_add_attribute(&b, A, "pop", NULL, 50.5, &e));
    OK2(ent_scenario_add_attribute(&b, A, "kind", "state", NAN, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_ACTOR, A, 0, "first", "S1", &e));
    OK2(ent_scenario_add_actor(&b, "B", "Bee", 0, &B, &e));
    OK2(ent_scenario_add_actor(&b, "C", NULL, 1.25, &C, &e));
    double l1lo = 0, l1hi = 1;
    OK2(ent_scenario_add_issue(&b, "line", "a line", 1, &l1lo, &l1hi, &line, &e));
    OK2(ent_scenario_add_label(&b, line, 0, "none", &e));
    OK2(ent_scenario_add_label(&b, line, 0.5, "half", &e));
    OK2(ent_scenario_add_label(&b, line, 1, "all", &e));
    double out = 0.75;
    OK2(ent_scenario_set_outcome(&b, line, &out, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_ISSUE, line, 0, "the second issue", NULL, &e));
    double xa[2] = {2, 3}, sa[2] = {0.5, 0.25}, one = 1, quarter = 0.25, half = 0.5;
    OK2(ent_scenario_set_position(&b, A, plane, xa, sa, &e));
    OK2(ent_scenario_set_position_capability(&b, A, plane, 7, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_POSITION, A, plane, "n", "S1", &e));
    OK2(ent_scenario_set_position(&b, A, line, &one, &one, &e));
    OK2(ent_scenario_set_position(&b, C, line, &quarter, &half, &e));
    size_t g[2] = {C, A};
    OK2(ent_scenario_add_group(&b, "g", NULL, 2, g, NULL, &e));
    OK2(ent_scenario_add_rule(&b, "r", "majority", "2 of {A, B, C}", &r, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_RULE, r, 0, "simple", NULL, &e));
    OK2(ent_scenario_set_rule_kind(&b, r, ENT_RULE_KIND_SETTLEMENT, &e));
    OK2(ent_scenario_set_issue_step(&b, line, 0.25, &e));
    OK2(ent_scenario_set_precision(&b, 0.05, &e));
    OK2(ent_scenario_add_proposal(&b, "p", NULL, (long)B, -1, &p, &e));
    double pl[2] = {3, 0};
    OK2(ent_scenario_add_proposal_point(&b, p, line, &half, &e));
    OK2(ent_scenario_add_proposal_point(&b, p, plane, pl, &e));
    OK2(ent_scenario_add_proposal(&b, "q", NULL, -1, (long)r, &q, &e));
    OK2(ent_scenario_add_proposal_point(&b, q, line, &one, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_PROPOSAL, q, 0, "nq", NULL, &e));
    OK2(ent_scenario_add_step(&b, "s1", NULL, &s1, &e));
    OK2(ent_scenario_add_step(&b, "s2", "second", &s2, &e));
    OK2(ent_scenario_add_step(&b, "s3", NULL, &s3, &e));
    OK2(ent_scenario_add_precondition(&b, s2, 1, &s1, &k, &e));
    assert_int_equal(k, 0);
    OK2(ent_scenario_add_precondition(&b, s2, 1, &s3, &k, &e));
    OK2(ent_scenario_add_insist(&b, s2, k, A, NAN, &e));
    OK2(ent_scenario_add_insist(&b, s2, k, C, 0.5, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_PRECONDITION, s2, k, "why", "S1", &e));
    size_t any[2] = {s1, s2};
    OK2(ent_scenario_add_precondition(&b, s3, 2, any, &k, &e));
    OK2(ent_scenario_add_insist(&b, s3, k, B, NAN, &e));
    OK2(ent_scenario_set_notes(&b, ENT_ELEM_STEP, s3, 0, NULL, "S1", &e));
    OK2(ent_scenario_validate(&b, "built", &e));
    OK2(ent_game_check_rules(&b, &e));
    /* what the loader would have made */
    assert_string_equal(b.actors[C].name, "C");
    assert_string_equal(b.issues[line].lo_label, "none");
    assert_string_equal(b.issues[line].hi_label, "all");
    assert_true(b.steps[s2].pre[1].insist[0].salience == 1);
    assert_true(isnan(ent_scenario_pos(&b, C, line)->capability));
    assert_false(ent_scenario_pos(&b, B, plane)->present);

    ent_scenario_t f;
    load_text(&f, full_yaml);
    assert_same(&b, &f);
    ent_scenario_destroy(&f);

    /* removing a position and clearing a status quo */
    OK2(ent_scenario_set_position(&b, C, line, NULL, NULL, &e));
    assert_false(ent_scenario_pos(&b, C, line)->present);
    OK2(ent_scenario_set_status_quo(&b, plane, NULL, &e));
    assert_null(b.issues[plane].status_quo);
    OK2(ent_scenario_validate(&b, "built", &e));
    ent_scenario_destroy(&b);
}

/* The builder extends a loaded scenario (its ids are indexed on the first call); an issue
 * added after the actors keeps every earlier position where it was. */
static void extend_loaded(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e = {0};
    load_file(&s, "examples/un-security-council.yaml");
    assert_int_equal(ent_scenario_add_actor(&s, "FR", NULL, 1, NULL, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "duplicate actor id 'FR'"));
    size_t zz, j;
    OK2(ent_scenario_add_actor(&s, "ZZ", "Newcomer", 1, &zz, &e));
    assert_int_equal(zz, 15);
    assert_false(ent_scenario_pos(&s, zz, 0)->present);
    OK2(ent_scenario_add_issue(&s, "second", NULL, 1, NULL, NULL, &j, &e));
    assert_int_equal(j, 1);
    assert_int_equal(s.nissues, 2);
    for (size_t a = 0; a < 15; a++) {
        assert_true(ent_scenario_pos(&s, a, 0)->present);
        assert_true(ent_scenario_pos(&s, a, 0)->x[0] == unsc[a].position);
        assert_false(ent_scenario_pos(&s, a, 1)->present);
        assert_true(isnan(ent_scenario_pos(&s, a, 1)->capability));
    }
    double x = 40, sal = 60;
    OK2(ent_scenario_set_position(&s, zz, j, &x, &sal, &e));
    /* many actors after the issues: the position table grows with the actor array */
    char id[16];
    for (int k = 0; k < 100; k++) {
        snprintf(id, sizeof id, "n%d", k);
        OK2(ent_scenario_add_actor(&s, id, NULL, 1, NULL, &e));
        OK2(ent_scenario_set_position(&s, s.nactors - 1, j, &x, &sal, &e));
    }
    assert_true(ent_scenario_pos(&s, zz, j)->x[0] == 40);
    assert_true(ent_scenario_pos(&s, 2, 0)->x[0] == 0);
    OK2(ent_scenario_validate(&s, "extended", &e));
    OK2(ent_game_check_rules(&s, &e));
    ent_scenario_destroy(&s);
}

/* Refusals: ENT_EINVAL, a clear message, and nothing changed. */
static void refusals(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e = {0};
    ent_scenario_init(&s);
    size_t a, i, st1;
    OK2(ent_scenario_add_actor(&s, "A", NULL, 1, &a, &e));
    OK2(ent_scenario_add_issue(&s, "i", NULL, 1, NULL, NULL, &i, &e));
    OK2(ent_scenario_add_step(&s, "s", NULL, &st1, &e));
#define REFUSE(call, text)                                               \
    do {                                                                 \
        ent_error_clear(&e);                                             \
        assert_int_equal((call), ENT_EINVAL);                            \
        if (!strstr(e.msg, text)) fail_msg("'%s' lacks '%s'", e.msg, text); \
    } while (0)
    REFUSE(ent_scenario_add_actor(&s, "A", NULL, 1, NULL, &e), "duplicate actor id 'A'");
    REFUSE(ent_scenario_add_actor(&s, "bad id", NULL, 1, NULL, &e), "invalid actor id 'bad id'");
    REFUSE(ent_scenario_add_actor(&s, "", NULL, 1, NULL, &e), "empty actor id");
    REFUSE(ent_scenario_add_actor(&s, "B", NULL, -1, NULL, &e), "capability -1 of actor 'B'");
    REFUSE(ent_scenario_add_actor(&s, "B", NULL, NAN, NULL, &e), "expected a finite number >= 0");
    REFUSE(ent_scenario_add_issue(&s, "i", NULL, 1, NULL, NULL, NULL, &e), "duplicate issue id 'i'");
    REFUSE(ent_scenario_add_issue(&s, "j", NULL, 0, NULL, NULL, NULL, &e), "0 dimensions");
    double lo = 5, hi = 5;
    REFUSE(ent_scenario_add_issue(&s, "j", NULL, 1, &lo, &hi, NULL, &e), "expected finite lo < hi");
    double x = 101, sal = 1, ok = 50;
    REFUSE(ent_scenario_set_position(&s, a, i, &x, &sal, &e), "position 101 is outside the scale of issue 'i'");
    sal = 1.5;
    REFUSE(ent_scenario_set_position(&s, a, i, &ok, &sal, &e), "salience 1.5 is out of range");
    REFUSE(ent_scenario_set_position(&s, 1, i, &ok, &sal, &e), "actor index 1");
    REFUSE(ent_scenario_set_position_capability(&s, a, i, 2, &e), "has no position");
    REFUSE(ent_scenario_set_info(&s, NULL, NULL, 10, &e), "salience_scale 10; expected 1 or 100");
    REFUSE(ent_scenario_add_label(&s, i, 200, "x", &e), "outside its scale");
    OK2(ent_scenario_add_label(&s, i, 20, "x", &e));
    REFUSE(ent_scenario_add_label(&s, i, 20, "y", &e), "two labels at 20");
    size_t twice[2] = {a, a};
    REFUSE(ent_scenario_add_group(&s, "g", NULL, 2, twice, NULL, &e), "lists actor 0 twice");
    REFUSE(ent_scenario_add_group(&s, "g", NULL, 0, twice, NULL, &e), "has no members");
    REFUSE(ent_scenario_add_rule(&s, "r", NULL, "", NULL, &e), "has no expression");
    REFUSE(ent_scenario_set_rule_kind(&s, 0, ENT_RULE_KIND_DECISION, &e), "rule index 0");
    REFUSE(ent_scenario_set_issue_step(&s, i, 101, &e), "at most the scale's range 100");
    REFUSE(ent_scenario_set_issue_step(&s, i, -1, &e), "a number > 0");
    REFUSE(ent_scenario_set_issue_step(&s, i, NAN, &e), "a number > 0");
    REFUSE(ent_scenario_set_precision(&s, 1.5, &e), "in (0, 1]");
    REFUSE(ent_scenario_set_precision(&s, NAN, &e), "in (0, 1]");
    REFUSE(ent_scenario_add_proposal(&s, "p", NULL, 3, -1, NULL, &e), "proposer 3");
    REFUSE(ent_scenario_add_proposal(&s, "p", NULL, -1, 0, NULL, &e), "rule 0 of proposal 'p'");
    size_t p;
    OK2(ent_scenario_add_proposal(&s, "p", NULL, -1, -1, &p, &e));
    OK2(ent_scenario_add_proposal_point(&s, p, i, &ok, &e));
    REFUSE(ent_scenario_add_proposal_point(&s, p, i, &ok, &e), "names issue 'i' twice");
    REFUSE(ent_scenario_add_precondition(&s, st1, 1, &st1, NULL, &e), "requires itself");
    REFUSE(ent_scenario_add_insist(&s, st1, 0, a, NAN, &e), "no precondition 0");
    REFUSE(ent_scenario_set_notes(&s, ENT_ELEM_POSITION, a, i, "n", NULL, &e), "has no position");
    REFUSE(ent_scenario_set_notes(&s, ENT_ELEM_RULE, 0, 0, "n", NULL, &e), "no element (0, 0)");
#undef REFUSE
    /* nothing of the refused calls stuck */
    assert_int_equal(s.nactors, 1);
    assert_int_equal(s.nissues, 1);
    assert_int_equal(s.ngroups, 0);
    assert_int_equal(s.nrules, 0);
    assert_int_equal(s.nproposals, 1);
    assert_int_equal(s.proposals[0].npoints, 1);
    assert_int_equal(s.steps[0].npre, 0);
    assert_int_equal(s.issues[0].nlabels, 1);
    assert_true(s.salience_scale == 1);
    assert_false(ent_scenario_pos(&s, a, i)->present);
    OK2(ent_scenario_validate(&s, "refusals", &e));
    /* a salience_scale that existing saliences do not fit */
    OK2(ent_scenario_set_info(&s, NULL, NULL, 100, &e));
    sal = 60;
    OK2(ent_scenario_set_position(&s, a, i, &ok, &sal, &e));
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_set_info(&s, NULL, NULL, 1, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "exceeds salience_scale 1"));
    assert_true(s.salience_scale == 100);
    ent_scenario_destroy(&s);
}

/* Loading keeps rule texts as data; ent_game_check_rules (the front doors' call) reports a
 * bad one at its file:line:col, and accepts what the builder made once it is fixed. */
static void rules_checked_after_loading(void **state)
{
    (void)state;
    static const char yaml[] =
        "entente: 1\n"
        "actors:\n"
        "  - {id: A, capability: 1}\n"
        "  - {id: B, capability: 1}\n"
        "rules:\n"
        "  - {id: ok, expr: \"all of {A, B}\"}\n"
        "  - id: bad\n"
        "    expr: \"all of {A, Z}\"\n";
    ent_scenario_t s;
    ent_error_t e = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load_mem(&s, "r.yaml", yaml, strlen(yaml), NULL, &e), ENT_OK);
    assert_int_equal(s.nrules, 2);
    assert_int_equal(ent_game_check_rules(&s, &e), ENT_EINPUT);
    assert_string_equal(e.file, "r.yaml");
    assert_int_equal(e.line, 8);
    assert_true(e.col > 11);   /* inside the expression, at the unknown name */
    assert_non_null(strstr(e.msg, "'Z'"));
    ent_scenario_destroy(&s);
    /* the same through the builder: no file, and fixed it passes */
    ent_scenario_init(&s);
    OK2(ent_scenario_add_actor(&s, "A", NULL, 1, NULL, &e));
    OK2(ent_scenario_add_rule(&s, "bad", NULL, "all of {A, Z}", NULL, &e));
    ent_error_clear(&e);
    assert_int_equal(ent_game_check_rules(&s, &e), ENT_EINPUT);
    OK2(ent_scenario_add_actor(&s, "Z", NULL, 1, NULL, &e));
    OK2(ent_game_check_rules(&s, &e));
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(un_security_council),
        cmocka_unit_test(every_part),
        cmocka_unit_test(extend_loaded),
        cmocka_unit_test(refusals),
        cmocka_unit_test(rules_checked_after_loading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
