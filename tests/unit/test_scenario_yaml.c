/* SPDX-License-Identifier: MIT */
/* test_scenario_yaml.c — unit tests of the YAML/JSON scenario loader (src/scenario/yaml.c):
 * every field of docs/format.md read back with its value and location, JSON input, the
 * bad-input list of issue 2 (each with its exact file:line:col and message, status and an
 * empty scenario afterwards), UTF-8, CRLF, BOM, a 1 MB line, 100 000 actors, and the limits. */
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
#include "scenario/loaders.h"

static const char rich[] =
    "entente: 1\n"
    "title: \"Rich — test\"\n"
    "description: >\n"
    "  two\n"
    "  lines\n"
    "salience_scale: 100\n"
    "sources:\n"
    "  - {id: s1, text: \"Source one\", url: \"https://example.org\"}\n"
    "actors:\n"
    "  - id: UA\n"
    "    name: Україна\n"
    "    capability: 30\n"
    "    attributes: {population: 37000000, region: \"East\", code: '042'}\n"
    "    notes: \"n\"\n"
    "    source: s1\n"
    "  - {id: RU, capability: 80.5}\n"
    "issues:\n"
    "  - id: g\n"
    "    name: Guarantee\n"
    "    scale: [0, 100]\n"
    "    labels: {0: \"none\", 50: \"veto\", 100: \"Article 5\"}\n"
    "    status_quo: 10\n"
    "    outcome: 60\n"
    "  - id: plan\n"
    "    dimensions: [economy, security]\n"
    "    scale: [[0, 10], [-5, 5]]\n"
    "    status_quo: [1, -2]\n"
    "  - {id: n3, dimensions: 3, scale: [0, 1]}\n"
    "positions:\n"
    "  - {actor: UA, issue: g, position: 100, salience: 95, notes: pn, source: s1}\n"
    "  - {actor: RU, issue: g, position: 40, salience: 90, capability: 60}\n"
    "  - {actor: UA, issue: plan, position: [3, 4], salience: [50, 20]}\n"
    "  - {actor: RU, issue: n3, position: [0.5, 0.25, 1], salience: 7}\n"
    "groups:\n"
    "  - {id: both, name: Both, members: [RU, UA]}\n"
    "rules:\n"
    "  - id: r1\n"
    "    expr: \"all of both\"\n"
    "proposals:\n"
    "  - {id: p1, proposer: UA, rule: r1, point: {g: 80, plan: [5, 0]}}\n"
    "steps:\n"
    "  - id: summit\n"
    "    requires:\n"
    "      - agreed\n"
    "      - step: sign\n"
    "        insisted_by: [{actor: RU, salience: 90}, UA]\n"
    "    requires_any:\n"
    "      - steps: [agreed, sign]\n"
    "        notes: alt\n"
    "  - {id: agreed, requires: [summit]}\n"
    "  - {id: sign}\n";

static ent_status_t load(ent_scenario_t *s, const char *text, size_t len, ent_error_t *e)
{
    ent_scenario_init(s);
    ent_error_clear(e);
    return ent_i_load_yaml(s, "t.yaml", text, len, e);
}

static void loads_every_field(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, rich, strlen(rich), &e), ENT_OK);
    assert_string_equal(s.title, "Rich — test");
    assert_string_equal(s.description, "two lines\n");
    assert_true(s.salience_scale == 100);
    assert_int_equal(s.nsources, 1);
    assert_string_equal(s.sources[0].url, "https://example.org");
    assert_int_equal(s.nactors, 2);
    assert_string_equal(s.actors[0].name, "Україна");
    assert_string_equal(s.actors[1].name, "RU"); /* defaults to the id */
    assert_true(s.actors[1].capability == 80.5);
    assert_int_equal(s.actors[0].loc.line, 10);
    assert_int_equal(s.actors[0].nattrs, 3);
    assert_true(s.actors[0].attrs[0].num == 37000000);
    assert_true(isnan(s.actors[0].attrs[1].num));
    assert_string_equal(s.actors[0].attrs[1].text, "East");
    assert_true(isnan(s.actors[0].attrs[2].num)); /* quoted: text */
    assert_string_equal(s.actors[0].attrs[2].text, "042");
    assert_int_equal(s.nissues, 3);
    const ent_issue_t *g = &s.issues[0], *plan = &s.issues[1], *n3 = &s.issues[2];
    assert_int_equal(g->ndim, 1);
    assert_int_equal(g->nlabels, 3);
    assert_string_equal(g->lo_label, "none");
    assert_string_equal(g->hi_label, "Article 5");
    assert_true(g->labels[1].at == 50);
    assert_true(g->status_quo[0] == 10 && g->outcome[0] == 60);
    assert_int_equal(plan->ndim, 2);
    assert_string_equal(plan->dim_names[1], "security");
    assert_true(plan->lo[1] == -5 && plan->hi[1] == 5 && plan->hi[0] == 10);
    assert_null(plan->outcome);
    assert_int_equal(n3->ndim, 3);
    assert_null(n3->dim_names[0]);
    assert_true(n3->hi[2] == 1);
    const ent_position_t *p = ent_scenario_pos(&s, 1, 0);
    assert_true(p->present && p->x[0] == 40 && p->sal[0] == 90 && p->capability == 60);
    assert_true(ent_scenario_capability(&s, 1, 0) == 60);
    assert_true(ent_scenario_capability(&s, 0, 0) == 30);
    assert_true(fabs(ent_scenario_salience(&s, 0, 0, 0) - 0.95) < 1e-15);
    p = ent_scenario_pos(&s, 0, 1);
    assert_true(p->x[1] == 4 && p->sal[1] == 20);
    p = ent_scenario_pos(&s, 1, 2);
    assert_true(p->sal[0] == 7 && p->sal[2] == 7 && p->x[1] == 0.25);
    assert_false(ent_scenario_pos(&s, 0, 2)->present);
    assert_int_equal(s.ngroups, 1);
    assert_int_equal(s.groups[0].members[0], 1);
    assert_string_equal(s.rules[0].expr, "all of both");
    assert_int_equal(s.rules[0].loc.line, 38);   /* the expr value */
    assert_int_equal(s.rules[0].loc.col, 11);
    assert_int_equal(s.proposals[0].proposer, 0);
    assert_int_equal(s.proposals[0].rule, 0);
    assert_int_equal(s.proposals[0].npoints, 2);
    assert_true(s.proposals[0].point[1][0] == 5);
    assert_int_equal(s.nsteps, 3);
    const ent_step_t *st = &s.steps[0];
    assert_int_equal(st->npre, 3);
    assert_int_equal(st->pre[0].nsteps, 1);
    assert_int_equal(st->pre[0].steps[0], 1);
    assert_int_equal(st->pre[1].ninsist, 2);
    assert_true(st->pre[1].insist[0].salience == 90);
    assert_true(st->pre[1].insist[1].salience == 100); /* bare actor: scale max */
    assert_int_equal(st->pre[2].nsteps, 2);
    assert_string_equal(st->pre[2].notes, "alt");
    assert_string_equal(s.origin, "t.yaml");
    ent_scenario_destroy(&s);
}

static void json_equals_yaml(void **state)
{
    (void)state;
    static const char y[] = "entente: 1\nactors:\n  - {id: a, capability: 2}\nissues:\n  - {id: x, labels: {0: lo}}\n"
                            "positions:\n  - {actor: a, issue: x, position: 25.5, salience: 0.5}\n";
    static const char j[] = "{\"entente\":1,\"actors\":[{\"id\":\"a\",\"capability\":2}],\n"
                            "\"issues\":[{\"id\":\"x\",\"labels\":{\"0\":\"lo\"}}],\n"
                            "\"positions\":[{\"actor\":\"a\",\"issue\":\"x\",\"position\":25.5,\"salience\":0.5}]}";
    ent_scenario_t a, b;
    ent_error_t e;
    char why[256];
    assert_int_equal(load(&a, y, strlen(y), &e), ENT_OK);
    assert_int_equal(load(&b, j, strlen(j), &e), ENT_OK);
    assert_true(ent_scenario_equal(&a, &b, why, sizeof why));
    ent_scenario_destroy(&a);
    ent_scenario_destroy(&b);
    /* through the public entry point with the format forced */
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.format = ENT_FMT_JSON;
    ent_scenario_init(&b);
    assert_int_equal(ent_scenario_load_mem(&b, "j.json", j, strlen(j), &o, &e), ENT_OK);
    assert_int_equal(b.nactors, 1);
    ent_scenario_destroy(&b);
}

typedef struct {
    const char *text;
    ent_status_t st;
    const char *msg; /* exact "file:line:col: message" */
} bad_t;

static const bad_t bad[] = {
    {"", ENT_EINPUT, "t.yaml:1:1: empty file; expected a scenario (a YAML or JSON mapping starting with 'entente: 1')"},
    {"# only a comment\n", ENT_EINPUT, "t.yaml:1:1: empty document; expected a scenario (a YAML or JSON mapping starting with 'entente: 1')"},
    {"\x89PNG\r\n\x1a\n", ENT_EINPUT, "t.yaml:1:1: binary data: byte 0x89 is not valid UTF-8; expected a UTF-8 YAML or JSON text file"},
    {"entente: 1\n\x01\x02", ENT_EINPUT, "t.yaml:2:1: binary data: control byte 0x01; expected a UTF-8 YAML or JSON text file"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 3\n", ENT_EINPUT,
     "t.yaml:4:1: invalid YAML: missing comma in flow mapping; expected a well-formed YAML or JSON document"},
    {"{\"entente\": 1, \"actors\": [{\"id\": \"UA\", \"capa", ENT_EINPUT,
     "t.yaml:1:41: invalid YAML: double-quoted scalar without closing quote; expected a well-formed YAML or JSON document"},
    {"entente: 1\nactors:\n  - id: UA\n    capabilty: 3\n", ENT_EINPUT,
     "t.yaml:4:5: unknown key 'capabilty' in actor; expected one of id, name, capability, attributes, notes, source, member_of"},
    {"entente: 1\ntitel: x\n", ENT_EINPUT,
     "t.yaml:2:1: unknown key 'titel' in the scenario; expected one of entente, title, description, salience_scale, sources, actors, issues, positions, groups, rules, proposals, steps, precision, variants, preference, uncertainty, precoalitions, calibration"},
    {"entente: 1\nactors:\n  - id: UA\n    name: Ukraine\n", ENT_EINPUT, "t.yaml:3:5: actor 'UA' has no 'capability'; expected a number >= 0"},
    {"entente: 1\nactors:\n  - {name: x, capability: 1}\n", ENT_EINPUT, "t.yaml:3:5: actor has no 'id'; expected an id"},
    {"actors: []\n", ENT_EINPUT, "t.yaml:1:1: the scenario has no 'entente' key; expected 'entente: 1' (the format version)"},
    {"entente: 2\n", ENT_EINPUT, "t.yaml:1:10: format version 2 is not supported; expected 'entente: 1'"},
    {"entente: 1\nactors:\n  - {id: UA, capability: lots}\n", ENT_EINPUT, "t.yaml:3:26: capability must be a number; got 'lots'"},
    {"entente: 1\nactors:\n  - {id: UA, capability: \"3\"}\n", ENT_EINPUT,
     "t.yaml:3:26: capability must be a number; got the string '3' (write numbers without quotes)"},
    {"entente: 1\nactors:\n  - {id: UA, capability: .nan}\n", ENT_EINPUT, "t.yaml:3:26: capability is NaN; expected a finite number"},
    {"entente: 1\nactors:\n  - {id: UA, capability: NaN}\n", ENT_EINPUT, "t.yaml:3:26: capability is NaN; expected a finite number"},
    {"entente: 1\nactors:\n  - {id: UA, capability: .inf}\n", ENT_EINPUT, "t.yaml:3:26: capability is infinite (.inf); expected a finite number"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1e400}\n", ENT_EINPUT, "t.yaml:3:26: capability 1e400 is out of range; expected 0 or a magnitude from 1e-16 to 1e16"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1e-400}\n", ENT_EINPUT, "t.yaml:3:26: capability 1e-400 is out of range; expected 0 or a magnitude from 1e-16 to 1e16"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 2e16}\n", ENT_EINPUT, "t.yaml:3:26: capability 2e16 is out of range; expected 0 or a magnitude from 1e-16 to 1e16"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 0x10}\n", ENT_EINPUT, "t.yaml:3:26: capability must be a number; got '0x10'"},
    {"entente: 1\nactors:\n  - {id: UA, capability: -1}\n", ENT_EINPUT, "t.yaml:3:26: capability -1 of actor 'UA' is negative; expected a number >= 0"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\nissues:\n  - {id: g, scale: [0, 10]}\npositions:\n"
     "  - {actor: UA, issue: g, position: 11, salience: 0.5}\n",
     ENT_EINPUT, "t.yaml:7:37: position 11 is outside the scale of issue 'g'; expected a number in [0, 10]"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\nissues:\n  - {id: g}\npositions:\n"
     "  - {actor: UA, issue: g, position: 1, salience: 1.5}\n",
     ENT_EINPUT, "t.yaml:7:50: salience 1.5 is out of range; expected a number in [0, 1] (salience_scale)"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\nissues:\n  - {id: g}\npositions:\n"
     "  - {actor: UA, issue: g, position: 1}\n",
     ENT_EINPUT, "t.yaml:7:5: position of actor 'UA' on issue 'g' has no 'salience'; expected a number in [0, 1]"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\n  - {id: UA, capability: 2}\n", ENT_EINPUT,
     "t.yaml:4:10: duplicate actor id 'UA' (first at line 3); expected unique actor ids"},
    {"entente: 1\nissues:\n  - {id: g}\n  - {id: g}\n", ENT_EINPUT, "t.yaml:4:10: duplicate issue id 'g' (first at line 3); expected unique issue ids"},
    {"entente: 1\nrules:\n  - {id: r, expr: a}\n  - {id: r, expr: b}\n", ENT_EINPUT, "t.yaml:4:10: duplicate rule id 'r' (first at line 3); expected unique rule ids"},
    {"entente: 1\nsteps:\n  - {id: a}\n  - {id: a}\n", ENT_EINPUT, "t.yaml:4:10: duplicate step id 'a' (first at line 3); expected unique step ids"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\ngroups:\n  - {id: g, members: [UA]}\n  - {id: g, members: [UA]}\n", ENT_EINPUT,
     "t.yaml:6:10: duplicate group id 'g' (first at line 5); expected unique group ids"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\nissues:\n  - {id: g}\npositions:\n"
     "  - {actor: RU, issue: g, position: 1, salience: 1}\n",
     ENT_EINPUT, "t.yaml:7:13: unknown actor 'RU' in position; expected the id of one of the 1 entries under 'actors'"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\nissues:\n  - {id: g}\npositions:\n"
     "  - {actor: UA, issue: h, position: 1, salience: 1}\n",
     ENT_EINPUT, "t.yaml:7:24: unknown issue 'h' in position; expected the id of one of the 1 entries under 'issues'"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\ngroups:\n  - {id: g1, members: [UA, RU]}\n", ENT_EINPUT,
     "t.yaml:5:28: unknown actor 'RU' in group members; expected the id of one of the 1 entries under 'actors'"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\ngroups:\n  - {id: g1, members: [UA, UA]}\n", ENT_EINPUT,
     "t.yaml:5:28: group 'g1' lists actor 'UA' twice; expected each member once"},
    {"entente: 1\nsteps:\n  - {id: a, requires: [b]}\n", ENT_EINPUT,
     "t.yaml:3:24: unknown step 'b' in requires; expected the id of one of the 1 entries under 'steps'"},
    {"entente: 1\nsteps:\n  - {id: a, requires: [a]}\n", ENT_EINPUT, "t.yaml:3:24: step 'a' requires itself; expected another step's id"},
    {"entente: 1\nsteps:\n  - {id: a, requires_any: [[b, a]]}\n  - {id: b}\n", ENT_EINPUT,
     "t.yaml:3:32: step 'a' requires itself; expected another step's id"},
    {"entente: 1\nsteps:\n  - {id: a, requires_any: [{steps: [b]}]}\n  - {id: b}\n", ENT_EINPUT,
     "t.yaml:3:36: a requires_any entry lists 1 step(s); expected at least 2 alternatives (use 'requires' for one)"},
    {"entente: 1\nsteps:\n  - {id: a, requires: [{step: b, insisted_by: [XX]}]}\n  - {id: b}\n", ENT_EINPUT,
     "t.yaml:3:48: unknown actor 'XX' in insisted_by; expected the id of one of the 0 entries under 'actors'"},
    {"entente: 1\nrules:\n  - {id: r, expr: x}\nproposals:\n  - {id: p, rule: q, point: {}}\n", ENT_EINPUT,
     "t.yaml:5:19: unknown rule 'q' in proposal rule; expected the id of one of the 1 entries under 'rules'"},
    {"entente: 1\nissues:\n  - {id: g}\nproposals:\n  - {id: p, point: {g: 120}}\n", ENT_EINPUT,
     "t.yaml:5:24: proposed position 120 is outside the scale of issue 'g'; expected a number in [0, 100]"},
    {"entente: 1\nissues:\n  - {id: g, scale: [10, 0]}\n", ENT_EINPUT, "t.yaml:3:20: scale [10, 0] of issue 'g' has lo >= hi; expected lo < hi"},
    {"entente: 1\nissues:\n  - {id: g, labels: {101: x}}\n", ENT_EINPUT,
     "t.yaml:3:22: label point 101 of issue 'g' is outside its scale; expected a number in [0, 100]"},
    {"entente: 1\nactors:\n  - {id: UA, capability: 1}\nissues:\n  - {id: p, dimensions: [x, y]}\npositions:\n"
     "  - {actor: UA, issue: p, position: 5, salience: 1}\n",
     ENT_EINPUT, "t.yaml:7:37: position must be a list of 2 numbers (issue 'p' has 2 dimensions); got '5'"},
    {"entente: 1\nissues:\n  - {id: p, dimensions: [x, x]}\n", ENT_EINPUT, "t.yaml:3:29: issue 'p' names dimension 'x' twice; expected distinct names"},
    {"entente: 1\nissues:\n  - {id: p, dimensions: 65}\n", ENT_ELIMIT,
     "t.yaml:3:25: issue 'p' has 65 dimensions; expected a list of names or a whole number from 1 to 64"},
    {"entente: 1\nactors:\n  - {id: \"U A\", capability: 1}\n", ENT_EINPUT,
     "t.yaml:3:10: invalid actor id 'U A'; expected letters, digits, '_', '-', '.' starting with a letter or digit"},
    {"entente: 1\nentente: 1\n", ENT_EINPUT, "t.yaml:2:1: duplicate key 'entente' in the scenario (first at line 1); expected each key once"},
    {"entente: 1\ntitle: &t x\ndescription: *t\n", ENT_EINPUT, "t.yaml:3:14: aliases (*t) are not supported; expected the value written out in full"},
    {"entente: 1\ntitle: !!str x\n", ENT_EINPUT, "t.yaml:2:8: tags (!!str) are not supported; expected plain values"},
    {"entente: 1\n---\nentente: 1\n", ENT_EINPUT, "t.yaml:2:1: a second YAML document starts here; expected one scenario per file"},
    {"entente: 1\ntitle: \"a\\0b\"\n", ENT_EINPUT, "t.yaml:2:8: title contains a NUL character; expected text without \\0"},
    {"entente: 1\nsalience_scale: 10\n", ENT_EINPUT, "t.yaml:2:17: salience_scale 10 is not supported; expected 1 or 100"},
    {"- a\n- b\n", ENT_EINPUT, "t.yaml:1:1: the document is a list; expected a scenario mapping starting with 'entente: 1'"},
    {"entente: 1\nactors: {id: a}\n", ENT_EINPUT, "t.yaml:2:9: 'actors' must be a list; got a mapping"},
};

static void bad_inputs_fail_cleanly(void **state)
{
    (void)state;
    char buf[1200];
    int nfail = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ent_scenario_t s;
        ent_error_t e;
        ent_status_t st = load(&s, bad[i].text, strlen(bad[i].text), &e);
        ent_error_format(&e, buf, sizeof buf);
        if (st != bad[i].st || strcmp(buf, bad[i].msg) != 0) {
            print_error("case %zu: status %d, message\n  got:  %s\n  want: %s\n", i, (int)st, buf, bad[i].msg);
            nfail++;
        }
        /* the scenario is left empty */
        assert_int_equal(s.nactors, 0);
        assert_int_equal(s.nissues, 0);
        assert_int_equal(s.nsteps, 0);
        assert_null(s.title);
        assert_null(s.pos);
        ent_scenario_destroy(&s);
    }
    assert_int_equal(nfail, 0);
}

/* Every prefix of a valid file either loads or fails with a located message: never crashes. */
static void truncations_never_crash(void **state)
{
    (void)state;
    size_t n = strlen(rich), ok = 0;
    for (size_t k = 0; k < n; k++) {
        ent_scenario_t s;
        ent_error_t e;
        ent_status_t st = load(&s, rich, k, &e);
        if (st == ENT_OK) ok++;
        else {
            assert_int_equal(st, ENT_EINPUT);
            assert_string_equal(e.file, "t.yaml");
            assert_true(e.line >= 1);
            assert_true(strlen(e.msg) > 10);
        }
        ent_scenario_destroy(&s);
    }
    assert_true(ok < n / 2); /* most prefixes are incomplete */
}

static void crlf_bom_utf8(void **state)
{
    (void)state;
    static const char lf[] = "entente: 1\ntitle: \"Ünal — 談判\"\nactors:\n  - id: a\n    name: \"Ελλάδα\"\n    capability: 1\n"
                             "description: |\n  line one\n  line two\n";
    static const char crlf[] = "\xEF\xBB\xBF" "entente: 1\r\ntitle: \"Ünal — 談判\"\r\nactors:\r\n  - id: a\r\n    name: \"Ελλάδα\"\r\n"
                               "    capability: 1\r\ndescription: |\r\n  line one\r\n  line two\r\n";
    ent_scenario_t a, b;
    ent_error_t e;
    char why[256];
    assert_int_equal(load(&a, lf, strlen(lf), &e), ENT_OK);
    assert_int_equal(load(&b, crlf, strlen(crlf), &e), ENT_OK);
    assert_string_equal(b.title, "Ünal — 談判");
    assert_string_equal(b.description, "line one\nline two\n");
    assert_true(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_int_equal(b.actors[0].loc.line, 4); /* lines count the same with CRLF and a BOM */
    ent_scenario_destroy(&a);
    ent_scenario_destroy(&b);
    /* a malformed UTF-8 escape result is refused */
    static const char sur[] = "entente: 1\ntitle: \"\\ud800\"\n";
    ent_status_t st = load(&a, sur, strlen(sur), &e);
    assert_int_equal(st, ENT_EINPUT);
    ent_scenario_destroy(&a);
}

static void very_long_line(void **state)
{
    (void)state;
    size_t big = 1 << 20;
    const char *head = "entente: 1\nactors:\n  - {id: a, capability: 1, notes: \"";
    const char *tail = "\"}\n";
    size_t n = strlen(head) + big + strlen(tail);
    char *t = malloc(n + 1);
    assert_non_null(t);
    strcpy(t, head);
    memset(t + strlen(head), 'x', big);
    strcpy(t + strlen(head) + big, tail);
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, t, n, &e), ENT_OK);
    assert_int_equal(strlen(s.actors[0].notes), big);
    ent_scenario_destroy(&s);
    /* the same line without its closing quote: a located error, not a hang */
    t[n - 3] = ' ';
    assert_int_equal(load(&s, t, n, &e), ENT_EINPUT);
    assert_int_equal(e.line, 3);
    ent_scenario_destroy(&s);
    free(t);
}

static void hundred_thousand_actors(void **state)
{
    (void)state;
    enum { N = 100000 };
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_puts(&b, "entente: 1\nissues:\n  - {id: x}\n  - {id: y}\nactors:\n");
    for (int i = 0; i < N; i++) ent_buf_printf(&b, "  - {id: a%d, capability: %d}\n", i, i % 7 + 1);
    ent_buf_puts(&b, "positions:\n");
    for (int i = 0; i < N; i++) ent_buf_printf(&b, "  - {actor: a%d, issue: %s, position: %d, salience: 0.5}\n", i, i % 2 ? "y" : "x", i % 101);
    ent_buf_puts(&b, "groups:\n  - id: everyone\n    members: [a0");   /* 100 000 members: duplicates checked in O(n) */
    for (int i = 1; i < N; i++) ent_buf_printf(&b, ", a%d", N - i);
    ent_buf_puts(&b, "]\n");
    assert_false(b.oom);
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, b.data, b.len, &e), ENT_OK);
    assert_int_equal(s.nactors, N);
    assert_string_equal(s.actors[N - 1].id, "a99999");
    assert_true(s.actors[N - 1].capability == 99999 % 7 + 1);
    assert_int_equal(ent_scenario_find_actor(&s, "a54321"), 54321);
    const ent_position_t *p = ent_scenario_pos(&s, 54321, 1);
    assert_true(p->present && p->x[0] == 54321 % 101);
    assert_false(ent_scenario_pos(&s, 54321, 0)->present);
    assert_int_equal(s.groups[0].n, N);
    assert_int_equal(s.groups[0].members[1], N - 1);
    ent_scenario_destroy(&s);
    /* a duplicate member at the very end is found */
    b.len -= 2;
    ent_buf_puts(&b, ", a77]\n");
    assert_int_equal(load(&s, b.data, b.len, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "group 'everyone' lists actor 'a77' twice"));
    ent_scenario_destroy(&s);
    /* a duplicate position at the very end is still found, with the first line */
    ent_buf_printf(&b, "positions:\n  - {actor: a0, issue: x, position: 1, salience: 0.5}\n");
    assert_int_equal(load(&s, b.data, b.len, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "duplicate key 'positions' in the scenario"));
    ent_scenario_destroy(&s);
    ent_buf_free(&b);
    ent_buf_puts(&b, "entente: 1\nactors:\n  - {id: a0, capability: 1}\nissues:\n  - {id: x}\npositions:\n");
    for (int i = 0; i < 3; i++) ent_buf_puts(&b, "  - {actor: a0, issue: x, position: 1, salience: 0.5}\n");
    assert_int_equal(load(&s, b.data, b.len, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "already has a position on issue 'x' (line 7)"));
    ent_scenario_destroy(&s);
    /* more issues than ENT_MAX_ISSUES: refused as a limit */
    ent_buf_free(&b);
    ent_buf_puts(&b, "entente: 1\nissues:\n");
    for (int i = 0; i <= ENT_MAX_ISSUES; i++) ent_buf_printf(&b, "  - {id: i%d}\n", i);
    assert_int_equal(load(&s, b.data, b.len, &e), ENT_ELIMIT);
    assert_string_equal(e.msg, "100001 issues exceed the limit; expected at most 100000");
    assert_int_equal(e.line, 3);
    ent_scenario_destroy(&s);
    ent_buf_free(&b);
}

static void step_cycles_are_not_errors(void **state)
{
    (void)state;
    static const char t[] = "entente: 1\nsteps:\n  - {id: a, requires: [b]}\n  - {id: b, requires: [c]}\n  - {id: c, requires: [a]}\n";
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, t, strlen(t), &e), ENT_OK);
    assert_int_equal(s.steps[2].pre[0].steps[0], 0);
    ent_scenario_destroy(&s);
}

static void numbers_and_nulls(void **state)
{
    (void)state;
    static const char t[] = "entente: 1\ntitle: ~\ndescription: null\nactors:\n"
                            "  - {id: a, capability: +1.5e2, notes: }\n  - {id: b, capability: .5}\n  - {id: c, capability: 7.}\n"
                            "  - {id: '2022', capability: -0}\n";
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, t, strlen(t), &e), ENT_OK);
    assert_null(s.title);
    assert_null(s.description);
    assert_null(s.actors[0].notes);
    assert_true(s.actors[0].capability == 150);
    assert_true(s.actors[1].capability == 0.5);
    assert_true(s.actors[2].capability == 7);
    assert_string_equal(s.actors[3].id, "2022");
    assert_true(s.actors[3].capability == 0 && signbit(s.actors[3].capability));
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_every_field),
        cmocka_unit_test(json_equals_yaml),
        cmocka_unit_test(bad_inputs_fail_cleanly),
        cmocka_unit_test(truncations_never_crash),
        cmocka_unit_test(crlf_bom_utf8),
        cmocka_unit_test(very_long_line),
        cmocka_unit_test(hundred_thousand_actors),
        cmocka_unit_test(step_cycles_are_not_errors),
        cmocka_unit_test(numbers_and_nulls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
