/* SPDX-License-Identifier: MIT */
/* test_import_deu.c — unit tests of the DEU wide-table importer (import_deu.c): actor
 * columns, issue ids and names, notes from extra columns, rp/out, missing and out-of-range
 * cells (counted in the report), --skip-line, --capability-row, and the documented errors.
 * Data: a synthetic DEU-like table (3 actors, a non-data line 2 like the DEU III copy's). */
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

static ent_status_t load(ent_scenario_t *s, const char *text, ent_load_opts_t *o, ent_error_t *e)
{
    ent_scenario_init(s);
    ent_error_clear(e);
    return ent_scenario_load_mem(s, "deu.tsv", text, strlen(text), o, e);
}

static const char table[] =
    "\"prnr\"\t\"prname\"\t\"isnr\"\t\"isnrnmc\"\t\"type\"\t\"intro\"\t\"pcom\"\t\"pfr\"\t\"pxx\"\t\"scom\"\t\"sfr\"\t\"sxx\"\t\"rp\"\t\"out\"\n"
    "\t\t\t\t\t\t\"2.5\"\t\"0.75\"\t\"1\"\t\t\t\t\t\n"
    "\"d1\"\t\"fish quotas\"\t\"d1i1\"\t1\t\"Reg\"\t\"01-02-03\"\t100\t0\t50\t80\t60\t\t10\t70\n"
    "\"d1\"\t\"fish quotas\"\t\"d1i2\"\t2\t\"\"\t\t\t120\t30\t\t50\t40\t\t-5\n"
    "\"d2\"\t\"\"\t\"x7\"\t1\t\"Dir\"\t\t\"20\"\t\"40\"\t60\t\"90\"\t\"10\"\t\"30\"\t\t55.5\n";

static void skip_line_two(void **state)
{
    (void)state;
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.deu_skip_line = 2;
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, table, &o, &e), ENT_OK);
    assert_int_equal(s.nactors, 3);
    assert_int_equal(s.nissues, 3);
    assert_true(s.salience_scale == 100);
    assert_string_equal(s.actors[0].id, "com");
    assert_string_equal(s.actors[0].name, "European Commission");
    assert_string_equal(s.actors[1].name, "France");
    assert_string_equal(s.actors[2].id, "xx");
    assert_string_equal(s.actors[2].name, "xx");
    for (size_t a = 0; a < 3; a++) assert_true(s.actors[a].capability == 1);
    ent_issue_t *i1 = &s.issues[0], *i2 = &s.issues[1], *i3 = &s.issues[2];
    assert_string_equal(i1->id, "d1i1");
    assert_string_equal(i1->name, "fish quotas, issue 1");
    assert_string_equal(i1->notes, "type: Reg");
    assert_true(i1->status_quo && i1->status_quo[0] == 10);
    assert_true(i1->outcome && i1->outcome[0] == 70);
    assert_int_equal(i1->loc.line, 3);
    /* xx has a position but no salience on issue 1: left out */
    assert_true(ent_scenario_pos(&s, 0, 0)->present);
    assert_true(ent_scenario_pos(&s, 0, 0)->x[0] == 100 && ent_scenario_pos(&s, 0, 0)->sal[0] == 80);
    assert_false(ent_scenario_pos(&s, 2, 0)->present);
    /* issue 2: com empty, fr 120 out of range (missing), xx 30/40; out -5 → missing */
    assert_string_equal(i2->id, "d1i2");
    assert_null(i2->notes);
    assert_false(ent_scenario_pos(&s, 0, 1)->present);
    assert_false(ent_scenario_pos(&s, 1, 1)->present);
    assert_true(ent_scenario_pos(&s, 2, 1)->present && ent_scenario_pos(&s, 2, 1)->sal[0] == 40);
    assert_null(i2->status_quo);
    assert_null(i2->outcome);
    /* issue 3: isnr does not start with prnr → prnr-isnr; no prname → id as name */
    assert_string_equal(i3->id, "d2-x7");
    assert_string_equal(i3->name, "d2-x7");
    assert_true(i3->outcome[0] == 55.5);
    assert_true(ent_scenario_pos(&s, 2, 2)->x[0] == 60);
    assert_non_null(s.load_report);
    assert_non_null(strstr(s.load_report, "deu.tsv: DEU table, 3 issues x 3 actors\n"));
    assert_non_null(strstr(s.load_report, "line 2 skipped"));
    assert_non_null(strstr(s.load_report, "capability 1 for every actor"));
    assert_non_null(strstr(s.load_report, "2 values outside [0,100] treated as missing (positions 1, saliences 0, rp 0, out 1)"));
    assert_non_null(strstr(s.load_report, "1 positions without a salience left out"));
    ent_scenario_destroy(&s);
}

static void capability_row(void **state)
{
    (void)state;
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.deu_capability_row = "line:2";
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, table, &o, &e), ENT_OK);
    assert_int_equal(s.nissues, 3);
    assert_true(s.actors[0].capability == 2.5);
    assert_true(s.actors[1].capability == 0.75);
    assert_true(s.actors[2].capability == 1);
    assert_non_null(strstr(s.load_report, "capabilities from the row on line 2"));
    assert_null(strstr(s.load_report, "capability 1 for every actor"));
    ent_scenario_destroy(&s);
    /* by id: the issue x7 row as the capability row (and line 2 skipped) */
    ent_load_opts_init(&o);
    o.deu_skip_line = 2;
    o.deu_capability_row = "x7";
    assert_int_equal(load(&s, table, &o, &e), ENT_OK);
    assert_int_equal(s.nissues, 2);
    assert_true(s.actors[0].capability == 20 && s.actors[2].capability == 60);
    ent_scenario_destroy(&s);
}

static void errors(void **state)
{
    (void)state;
    char buf[4096];
    static const struct { int skip; const char *caprow; const char *from, *to; int line, col; const char *msg; } cases[] = {
        {0, NULL, NULL, NULL, 2, 1, "row has no issue id (isnr, prnrnmc/isnrnmc empty); expected an id, or --skip-line 2 / --capability-row line:2"},
        {2, NULL, "\t120\t30\t", "\t120\tthirty\t", 4, 38, "position of 'xx' 'thirty' is not a number"},
        {2, NULL, "\t-5\n", "\t-5\t9\n", 4, 52, "extra field '9'"},
        {2, NULL, "\t\t55.5\n", "\t55.5\n", 5, 55, "row has 13 fields; expected 14"},
        {2, NULL, "\"d2\"\t\"\"\t\"x7\"", "\"d1\"\t\"\"\t\"d1i1\"", 5, 1, "duplicate issue id 'd1i1' (first on line 3)"},
        {2, NULL, "\"intro\"", "\"type\"", 1, 41, "duplicate column 'type'"},
        {2, "nothere", NULL, NULL, 1, 1, "no row matches --capability-row 'nothere'"},
        {0, "line:2", "\"0.75\"", "\"-1\"", 2, 13, "negative capability -1"},
        {0, "line:2", "\"0.75\"", "\"\"", 2, 13, "capability of 'fr' (--capability-row) is empty"},
        {2, NULL, "\"rp\"", "\"rp\t", 1, 93, "text after a closing quote"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(buf, sizeof buf, "%s", table);
        if (cases[i].from) {
            char *at = strstr(buf, cases[i].from);
            assert_non_null(at);
            char rest[4096];
            snprintf(rest, sizeof rest, "%s", at + strlen(cases[i].from));
            snprintf(at, sizeof buf - (size_t)(at - buf), "%s%s", cases[i].to, rest);
        }
        ent_load_opts_t o;
        ent_load_opts_init(&o);
        o.format = ENT_FMT_DEU;
        o.deu_skip_line = cases[i].skip;
        o.deu_capability_row = cases[i].caprow;
        ent_scenario_t s;
        ent_error_t e;
        ent_status_t st = load(&s, buf, &o, &e);
        if (st != ENT_EINPUT || e.line != cases[i].line || e.col != cases[i].col ||
            !strstr(e.msg, cases[i].msg))
            fail_msg("case %zu: status %d at %d:%d '%s'", i, st, e.line, e.col, e.msg);
        assert_int_equal(s.nissues, 0);
        ent_scenario_destroy(&s);
    }
    static const struct { const char *text; int line, col; const char *msg; } raw[] = {
        {"\"a\"\t\"b\"\n1\t2\n", 1, 1, "no p<actor>/s<actor> column pairs"},
        {"\"pa\"\t\"sa\"\t\"pb\"\t\"sb\"\n", 1, 1, "no issue rows after the header"},
        {"\"pa\"\t\"sa\"\t\"pb\"\t\"sb\"\n\t\t\t\t\n\n", 1, 1, "no issue rows"},
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        ent_load_opts_t o;
        ent_load_opts_init(&o);
        o.format = ENT_FMT_DEU;
        ent_scenario_t s;
        ent_error_t e;
        ent_status_t st = load(&s, raw[i].text, &o, &e);
        if (st != ENT_EINPUT || e.line != raw[i].line || e.col != raw[i].col ||
            !strstr(e.msg, raw[i].msg))
            fail_msg("raw case %zu: status %d at %d:%d '%s'", i, st, e.line, e.col, e.msg);
        ent_scenario_destroy(&s);
    }
}

static void no_id_columns(void **state)
{
    (void)state;
    const char *t = "pa,sa,pb,sb,out\n10,50,90,50,40\n20,10,,,\n";
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, t, &o, &e), ENT_OK);
    assert_int_equal(s.nissues, 2);
    assert_string_equal(s.issues[1].id, "issue2");
    assert_true(s.issues[0].outcome[0] == 40);
    assert_false(ent_scenario_pos(&s, 1, 1)->present);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(skip_line_two),
        cmocka_unit_test(capability_row),
        cmocka_unit_test(errors),
        cmocka_unit_test(no_id_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
