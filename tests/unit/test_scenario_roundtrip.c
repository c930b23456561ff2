/* SPDX-License-Identifier: MIT */
/* test_scenario_roundtrip.c — unit tests of the canonical emitter (src/scenario/emit.c) and
 * of equality (src/scenario/equal.c): load → emit → load → equal, in YAML and JSON, on a
 * scenario with every optional field, on awkward numbers (bit-exact) and strings (escaped),
 * on scenarios built in C (unnamed dimensions), the canonical form being a fixed point, and
 * equality noticing a one-ulp or one-byte difference. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "scenario/loaders.h"
#include "scenario/numfmt.h"

static const char rich[] =
    "entente: 1\ntitle: \"Every field\"\ndescription: \"d\"\nsalience_scale: 100\n"
    "sources:\n  - {id: s1, text: \"one\", url: \"https://example.org/x?a=1&b=2\"}\n  - {id: s2}\n"
    "actors:\n"
    "  - {id: UA, name: Україна, capability: 30, attributes: {pop: 37000000, gdp: 179.5, region: \"East\", flag: 'true'},"
    " notes: \"n: 1\", source: s1}\n"
    "  - {id: RU, capability: 0.1}\n  - {id: US, name: \"United States\", capability: 1e-7}\n"
    "issues:\n"
    "  - {id: g, name: G, scale: [-1.5, 2.25], labels: {-1.5: \"low end\", 0: mid, 2.25: \"high end\"}, status_quo: 0.1,"
    " outcome: 2, notes: x, source: s2}\n"
    "  - {id: plan, dimensions: [a, b, c], scale: [[0, 1], [0, 2], [0, 3]], status_quo: [0, 1, 2], outcome: [1, 2, 3]}\n"
    "  - {id: same, dimensions: [u, v], scale: [0, 10]}\n"
    "  - {id: anon, dimensions: 2}\n"
    "positions:\n"
    "  - {actor: UA, issue: g, position: 0.3, salience: 33.3, capability: 12, notes: \"p\", source: s1}\n"
    "  - {actor: RU, issue: plan, position: [0.5, 1.5, 2.5], salience: [1, 2, 3]}\n"
    "  - {actor: US, issue: anon, position: [1, 99], salience: 100}\n"
    "groups:\n  - {id: G1, name: \"group\", members: [US, UA]}\n"
    "rules:\n  - {id: r1, name: \"n\", expr: \"all of G1\", notes: rn, source: s2}\n"
    "proposals:\n  - {id: p1, name: pn, proposer: RU, rule: r1, point: {plan: [1, 2, 3], g: -1}, notes: x, source: y}\n"
    "  - {id: p2, point: {same: [5, 5]}}\n"
    "steps:\n"
    "  - {id: a, name: A, requires: [b, {step: c, insisted_by: [UA, {actor: RU, salience: 12.5}], notes: why, source: s1}],"
    " requires_any: [{steps: [b, c], insisted_by: [US]}, [c, d]], notes: sn, source: s2}\n"
    "  - {id: b, requires: [a]}\n  - {id: c}\n  - {id: d, requires: [{step: a, notes: only-notes}]}\n";

static void load_ok(ent_scenario_t *s, const char *name, const char *text, size_t len)
{
    ent_error_t e = {0};
    char buf[1200];
    ent_scenario_init(s);
    ent_status_t st = ent_i_load_yaml(s, name, text, len, &e);
    if (st != ENT_OK) {
        ent_error_format(&e, buf, sizeof buf);
        print_error("load failed: %s\n--- input ---\n%s\n", buf, text);
    }
    assert_int_equal(st, ENT_OK);
}

/* emit (yaml or json) → load → equal; returns the emitted text (caller frees). */
static char *round_trip(const ent_scenario_t *s, int json)
{
    char *out = NULL, why[300];
    size_t len = 0;
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_emit(s, json ? ENT_FMT_JSON : ENT_FMT_YAML, &out, &len, &e), ENT_OK);
    assert_int_equal(strlen(out), len);
    ent_scenario_t t;
    load_ok(&t, json ? "emitted.json" : "emitted.yaml", out, len);
    int eq = ent_scenario_equal(s, &t, why, sizeof why);
    if (!eq) print_error("not equal after %s round trip: %s\n%s\n", json ? "JSON" : "YAML", why, out);
    assert_true(eq);
    ent_scenario_destroy(&t);
    return out;
}

static void rich_round_trips(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_ok(&s, "rich.yaml", rich, strlen(rich));
    char *y = round_trip(&s, 0), *j = round_trip(&s, 1);
    /* the canonical form is a fixed point: emitting what was loaded from it gives it back */
    ent_scenario_t t;
    load_ok(&t, "y", y, strlen(y));
    char *y2 = NULL, *j2 = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_emit(&t, ENT_FMT_YAML, &y2, NULL, &e), ENT_OK);
    assert_string_equal(y, y2);
    ent_scenario_destroy(&t);
    load_ok(&t, "j", j, strlen(j));
    assert_int_equal(ent_scenario_emit(&t, ENT_FMT_JSON, &j2, NULL, &e), ENT_OK);
    assert_string_equal(j, j2);
    /* key order of docs/format.md */
    const char *order[] = {"entente:", "title:", "description:", "salience_scale:", "sources:", "actors:", "issues:",
                           "positions:", "groups:", "rules:", "proposals:", "steps:"};
    const char *prev = y;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        const char *p = strstr(y, order[k]);
        assert_non_null(p);
        assert_true(p >= prev);
        prev = p;
    }
    /* a few canonical spellings */
    assert_non_null(strstr(y, "  - id: RU\n    capability: 0.1\n"));
    assert_non_null(strstr(y, "capability: 1e-07"));
    assert_non_null(strstr(y, "dimensions: 2\n"));
    assert_non_null(strstr(y, "labels: {-1.5: \"low end\", 0: \"mid\", 2.25: \"high end\"}"));
    assert_non_null(strstr(j, "\"labels\": {\"-1.5\": \"low end\""));
    assert_non_null(strstr(y, "insisted_by: [UA, {actor: RU, salience: 12.5}]"));
    assert_non_null(strstr(y, "requires_any: [{steps: [b, c], insisted_by: [US]}, {steps: [c, d]}]"));
    assert_non_null(strstr(y, "attributes: {pop: 37000000, gdp: 179.5, region: \"East\", flag: \"true\"}"));
    free(y);
    free(j);
    free(y2);
    free(j2);
    ent_scenario_destroy(&t);
    ent_scenario_destroy(&s);
}

static void numbers_are_bit_exact(void **state)
{
    (void)state;
    /* every number a scenario may hold round-trips bit for bit: 0, or a magnitude in
     * [1e-16, 1e16] (numfmt.h); the edges and the doubles that need 17 digits included */
    const double v[] = {0.1, 1.0 / 3, 2.0 / 3, 1e-16, 1.0000000000000002e-16, 1e16, 123456789012345.0,
                        9999999999999998.0, 0.30000000000000004, 100.25, 1e15, 1e16 - 2, 7.0, 0.0,
                        -0.0, 33.333333333333336, 9007199254740993.0};
    ent_scenario_t s;
    ent_scenario_init(&s);
    size_t n = sizeof v / sizeof v[0];
    s.nactors = n;
    s.actors = calloc(n, sizeof *s.actors);
    assert_non_null(s.actors);
    for (size_t i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "a%zu", i);
        s.actors[i].id = strdup(id);
        s.actors[i].name = strdup(id);
        s.actors[i].capability = v[i];
    }
    char why[200];
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_validate(&s, "c", &e), ENT_OK);
    for (int json = 0; json < 2; json++) {
        char *out = round_trip(&s, json);
        ent_scenario_t t;
        load_ok(&t, "x", out, strlen(out));
        for (size_t i = 0; i < n; i++) assert_memory_equal(&t.actors[i].capability, &v[i], sizeof(double));
        assert_true(ent_scenario_equal(&s, &t, why, sizeof why));
        ent_scenario_destroy(&t);
        free(out);
    }
    char buf[ENT_I_NUMBUF];
    /* beyond that range the text still reads back exactly (the emitter is not the limit)... */
    const double far[] = {1e-300, 4.9406564584124654e-324, DBL_MAX, DBL_MIN, 1234567890123456789.0,
                          1e16 + 2, 5e-324 * 3};
    for (size_t i = 0; i < sizeof far / sizeof far[0]; i++) {
        double back = strtod(ent_i_fmt_double(buf, far[i]), NULL);
        assert_memory_equal(&back, &far[i], sizeof(double));
    }
    /* ...but a scenario holding such a capability is refused, from C as from a file */
    s.actors[0].capability = DBL_MAX;
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_validate(&s, "c", &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "1e16"));
    ent_scenario_destroy(&s);
    /* shortest form: 0.1 is written "0.1", not 0.10000000000000001 */
    assert_string_equal(ent_i_fmt_double(buf, 0.1), "0.1");
    assert_string_equal(ent_i_fmt_double(buf, 1.0 / 3), "0.3333333333333333");
    assert_string_equal(ent_i_fmt_double(buf, 37000000), "37000000");
    assert_string_equal(ent_i_fmt_double(buf, -0.0), "-0");
}

static void strings_are_escaped(void **state)
{
    (void)state;
    const char *v[] = {"", "null", "true", "No", "123", "1e5", "~", "- x", "a: b", "#c", "[x]", "{y}", "\"q\"", "back\\slash",
                       "line\nbreak", "tab\there", "cr\rhere", "ctl\x01\x1f\x7f", " lead", "trail ", "é ü ß", "中文",
                       "emoji \xF0\x9F\x98\x80", "nel \xC2\x85 ls \xE2\x80\xA8 ps \xE2\x80\xA9 bom \xEF\xBB\xBF",
                       "c1 \xC2\x80\xC2\x9F", "'single'", "%percent", "@at", "`tick`", "*star", "&amp", "!bang", "|pipe",
                       ">gt", "?q", ",comma", "a  b", "...", "---", ".inf", ".nan", "0x1F"};
    size_t n = sizeof v / sizeof v[0];
    ent_scenario_t s;
    ent_scenario_init(&s);
    s.nactors = n;
    s.actors = calloc(n, sizeof *s.actors);
    assert_non_null(s.actors);
    for (size_t i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "a%zu", i);
        s.actors[i].id = strdup(id);
        s.actors[i].name = strdup(v[i]);
        s.actors[i].notes = strdup(v[i]);
        s.actors[i].capability = 1;
        s.actors[i].nattrs = 1;
        s.actors[i].attrs = calloc(1, sizeof *s.actors[i].attrs);
        s.actors[i].attrs[0].key = strdup(i ? v[i] : "k"); /* attribute names: any text but empty */
        s.actors[i].attrs[0].text = strdup(v[i]);
        s.actors[i].attrs[0].num = NAN;
    }
    s.title = strdup("title with \"quotes\" and \\ and\nnewline");
    for (int json = 0; json < 2; json++) free(round_trip(&s, json));
    ent_scenario_destroy(&s);
}

static void built_in_c(void **state)
{
    (void)state;
    /* a 3-D issue without dimension names, a position, a step: as an importer would build it */
    ent_scenario_t s;
    ent_scenario_init(&s);
    s.nactors = 1;
    s.actors = calloc(1, sizeof *s.actors);
    s.actors[0].id = strdup("x");
    s.actors[0].name = strdup("X");
    s.actors[0].capability = 2;
    s.nissues = 1;
    s.issues = calloc(1, sizeof *s.issues);
    ent_issue_t *is = &s.issues[0];
    is->id = strdup("i");
    is->ndim = 3;
    is->lo = calloc(3, sizeof(double));
    is->hi = malloc(3 * sizeof(double));
    for (int d = 0; d < 3; d++) is->hi[d] = 100;
    s.pos = calloc(1, sizeof *s.pos);
    s.pos[0].present = 1;
    s.pos[0].capability = NAN;
    s.pos[0].x = calloc(3, sizeof(double));
    s.pos[0].sal = calloc(3, sizeof(double));
    s.pos[0].x[2] = 50;
    s.pos[0].sal[1] = 0.5;
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_validate(&s, "c", &e), ENT_OK);
    for (int json = 0; json < 2; json++) free(round_trip(&s, json));
    ent_scenario_destroy(&s);
}

static void equality_sees_differences(void **state)
{
    (void)state;
    ent_scenario_t a, b;
    char why[300];
    load_ok(&a, "a", rich, strlen(rich));
    load_ok(&b, "b", rich, strlen(rich));
    assert_true(ent_scenario_equal(&a, &b, why, sizeof why)); /* origin and locations ignored */
    b.actors[1].capability = nextafter(b.actors[1].capability, 1);
    assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "actor 2 'RU': capability"));
    b.actors[1].capability = a.actors[1].capability;
    ent_scenario_pos_mut(&b, 1, 1)->sal[2] = 2.5;
    assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_string_equal(why, "position of 'RU' on 'plan': saliences differ");
    ent_scenario_pos_mut(&b, 1, 1)->sal[2] = 3;
    b.steps[0].pre[1].insist[1].salience = 12.25;
    assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "step 1 'a': insist salience"));
    b.steps[0].pre[1].insist[1].salience = 12.5;
    b.issues[0].labels[1].label[0] = 'M';
    assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "issue 1 'g': label"));
    b.issues[0].labels[1].label[0] = 'm';
    assert_true(ent_scenario_equal(&a, &b, NULL, 0));
    /* the codings' precision and a rule's role are compared too */
    b.issues[0].step = 5;
    assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "issue 1 'g': step"));
    b.issues[0].step = a.issues[0].step;
    b.precision = 0.02;
    assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "precision"));
    b.precision = a.precision;
    if (b.nrules) {
        b.rules[0].kind = ENT_RULE_KIND_DEPLOYMENT;
        assert_false(ent_scenario_equal(&a, &b, why, sizeof why));
        assert_non_null(strstr(why, "kind differs"));
        b.rules[0].kind = a.rules[0].kind;
    }
    assert_true(ent_scenario_equal(&a, &b, NULL, 0));
    ent_scenario_destroy(&a);
    ent_scenario_destroy(&b);
}

/* The repository's own example scenarios round-trip too. Run from the repository root (as
 * make test does); a missing file is a failure, not a skip. */
static void examples_round_trip(void **state)
{
    (void)state;
    const char *files[] = {"examples/ukraine-guarantees.yaml", "examples/emission-standards.yaml",
                           "tests/golden/yaml-rich/scenario.yaml", "tests/golden/convert-json-input/scenario.json",
                           "tests/data/analysis/rule-kinds.yaml"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        FILE *f = fopen(files[k], "rb");
        if (!f) print_error("%s: cannot open (run from the repository root)\n", files[k]);
        assert_non_null(f);
        ent_buf_t b = ENT_BUF_INIT;
        char chunk[4096];
        size_t r;
        while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) ent_buf_append(&b, chunk, r);
        fclose(f);
        ent_scenario_t s;
        load_ok(&s, files[k], b.data, b.len);
        free(round_trip(&s, 0));
        free(round_trip(&s, 1));
        ent_scenario_destroy(&s);
        ent_buf_free(&b);
    }
}

/* Imported tables become editable scenarios: import → emit → load gives back the same scenario. */
static void imports_round_trip(void **state)
{
    (void)state;
    static const struct {
        ent_format_t fmt;
        const char *text;
    } in[] = {
        {ENT_FMT_EU_CSV, "Actor,Capability,Position,Salience\nNorth,0.3,4,0.8\n\"South, the\",0.7,10,0.25\nÉire,0.05,7,1\n"},
        {ENT_FMT_EU_CSV, "actor\tcapability\tposition\tsalience\r\nA\t10\t0.5\t80\r\nB\t20\t100\t40\r\n"},
    };
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        ent_load_opts_t o;
        ent_load_opts_init(&o);
        o.format = in[k].fmt;
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_error_t e = {0};
        ent_status_t st = ent_scenario_load_mem(&s, "table", in[k].text, strlen(in[k].text), &o, &e);
        if (st != ENT_OK) print_error("import %zu failed: %s\n", k, e.msg);
        assert_int_equal(st, ENT_OK);
        assert_true(s.nactors >= 2);
        free(round_trip(&s, 0));
        free(round_trip(&s, 1));
        ent_scenario_destroy(&s);
    }
}

static void emit_arguments(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    char *out = (char *)1;
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_emit(NULL, ENT_FMT_YAML, &out, NULL, &e), ENT_EINVAL);
    assert_null(out);
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_emit(&s, ENT_FMT_YAML, NULL, NULL, &e), ENT_EINVAL);
    size_t len = 0;
    assert_int_equal(ent_scenario_emit(&s, ENT_FMT_YAML, &out, &len, &e), ENT_OK);
    assert_string_equal(out, "entente: 1\nsalience_scale: 1\n");
    assert_int_equal(len, strlen(out));
    free(out);
    assert_int_equal(ent_scenario_emit(&s, ENT_FMT_JSON, &out, &len, &e), ENT_OK);
    assert_string_equal(out, "{\n  \"entente\": 1,\n  \"salience_scale\": 1\n}\n");
    free(out);
    assert_true(ent_scenario_equal(NULL, NULL, NULL, 0));
    assert_false(ent_scenario_equal(&s, NULL, NULL, 0));
    ent_scenario_destroy(&s);
    ent_scenario_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rich_round_trips),
        cmocka_unit_test(numbers_are_bit_exact),
        cmocka_unit_test(strings_are_escaped),
        cmocka_unit_test(built_in_c),
        cmocka_unit_test(equality_sees_differences),
        cmocka_unit_test(examples_round_trip),
        cmocka_unit_test(imports_round_trip),
        cmocka_unit_test(emit_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
