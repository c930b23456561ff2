/* SPDX-License-Identifier: MIT */
/* test_scenario_formats.c — unit tests of the importer registry (src/scenario/formats.c):
 * every row's name parses back to its format, ent_format_name agrees, detection picks each
 * format from a minimal sample (and the rank order decides between look-alikes), and the
 * messages for an empty or unrecognised input list the registry's formats. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "entente.h"

static void names_round_trip(void **state)
{
    (void)state;
    static const char *const expected[] = {"yaml", "json", "eu", "ktab", "decide", "deu"};
    size_t n = 0;
    const ent_format_info_t *fi;
    for (; (fi = ent_format_info(n)) != NULL; n++) {
        assert_true(n < 6);
        assert_string_equal(fi->name, expected[n]);
        assert_non_null(fi->help);
        ent_format_t f = ENT_FMT_AUTO;
        assert_int_equal(ent_format_parse(fi->name, &f), ENT_OK);
        assert_int_equal(f, fi->format);
        assert_string_equal(ent_format_name(f), fi->name);
    }
    assert_int_equal(n, 6);
    ent_format_t f = ENT_FMT_DEU;
    assert_int_equal(ent_format_parse("auto", &f), ENT_OK);
    assert_int_equal(f, ENT_FMT_AUTO);
    assert_string_equal(ent_format_name(ENT_FMT_AUTO), "auto");
    assert_int_equal(ent_format_parse("csv", &f), ENT_EINVAL);
    assert_int_equal(ent_format_parse(NULL, &f), ENT_EINVAL);
    assert_string_equal(ent_format_name((ent_format_t)99), "unknown");
}

/* Load `text` by detection; the scenario's origin names the importer (or the file for YAML). */
static ent_status_t detect(const char *text, ent_scenario_t *s, ent_error_t *e)
{
    ent_scenario_init(s);
    ent_error_clear(e);
    return ent_scenario_load_mem(s, "t", text, strlen(text), NULL, e);
}

static void detection(void **state)
{
    (void)state;
    static const struct {
        const char *text, *origin;
    } cases[] = {
        {"entente: 1\nactors:\n  - {id: A, capability: 1}\n", "t"},
        {"  {\"entente\": 1, \"actors\": [{\"id\": \"A\", \"capability\": 1}]}", "t"},
        {"Actor,Capability,Position,Salience\nA,1,50,0.5\nB,2,10,1\n", "eu"},
        {"t,d,3,1,\nActor,Description,Power,x,sal\nA,a,1,10,50\nB,b,2,20,60\nC,c,3,30,70\n", "ktab"},
        {"#A\ta\tA\n#A\tb\tB\n#P\tp\tP\n#D\ta\tp\t10\t0.5\t1\n#D\tb\tp\t20\t0.5\t1\n", "decide"},
        {"id\tpA\tsA\tpB\tsB\nx\t10\t50\t20\t60\n", "deu"},
        /* a Decide tag wins over a KTAB-looking first line (rank 3 before 4) */
        {"#A,x,1,2\nActor,b\n", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ent_scenario_t s;
        ent_error_t e = {0};
        ent_status_t st = detect(cases[k].text, &s, &e);
        if (cases[k].origin) {
            if (st != ENT_OK) fail_msg("case %zu: %s", k, e.msg);
            assert_string_equal(s.origin, cases[k].origin);
        } else {
            /* the Decide importer's own message, not "unrecognised format" */
            assert_int_equal(st, ENT_EINPUT);
            assert_null(strstr(e.msg, "unrecognised format"));
        }
        ent_scenario_destroy(&s);
    }
}

static void messages(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e = {0};
    assert_int_equal(detect(" \n\t\n", &s, &e), ENT_EINPUT);
    assert_string_equal(e.msg, "empty file; expected a scenario (YAML or JSON) or a table "
                               "(expected-utility CSV, KTAB, Decide or DEU)");
    assert_int_equal(detect("hello\nworld\n", &s, &e), ENT_EINPUT);
    assert_string_equal(e.msg, "unrecognised format; expected a YAML/JSON scenario (entente: 1), an "
                               "expected-utility table (Actor,Capability,Position,Salience), a KTAB SMP "
                               "CSV, Decide #A/#P/#M/#D rows or a DEU table (p<actor>/s<actor> "
                               "columns); use --format to force one");
    assert_int_equal(e.line, 1);
    assert_int_equal(e.col, 1);
    /* emit writes the two whole-scenario formats only */
    char *out = NULL;
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_emit(&s, ENT_FMT_KTAB, &out, NULL, &e), ENT_EINVAL);
    assert_non_null(strstr(e.msg, "cannot write format 'ktab'"));
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(detection),
        cmocka_unit_test(messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
