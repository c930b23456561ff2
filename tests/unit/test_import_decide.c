/* SPDX-License-Identifier: MIT */
/* test_import_decide.c — unit tests of the Decide exchange-model importer (import_decide.c):
 * TAB and ';' files, quotes, #M bounds and labels, capability = largest #D power with
 * per-issue overrides, comments, and the documented errors with their line:col.
 * Data: a synthetic 3-actor, 2-issue file. */
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

static ent_status_t load(ent_scenario_t *s, const char *text, ent_format_t fmt, char **report,
                         ent_error_t *e)
{
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.format = fmt;
    ent_scenario_init(s);
    ent_error_clear(e);
    ent_status_t st = ent_scenario_load_mem(s, "d.txt", text, strlen(text), &o, e);
    if (report) { /* the test takes the loader's notes over from the scenario */
        *report = s->load_report;
        s->load_report = NULL;
    }
    return st;
}

static const char tabbed[] =
    "'#A'\t'north'\t'Northern League'\t'regional party'\n"
    "'#A'\t'south'\t'South Front'\t''\n"
    "'#A'\t'Ünion'\t'Trade Ünion'\n"
    "#/\tthis row is a comment\n"
    "'#P'\t'tax'\t'Fuel tax'\t'cents per litre'\n"
    "'#M'\t'tax'\t2\t'two cents'\n"
    "'#M'\t'tax'\t12\t'twelve cents'\n"
    "'#M'\t'tax'\t7\n"
    "'#P'\t'route'\t'Ring road'\n"
    "\n"
    "'#D'\t'north'\t'tax'\t3.5\t0.9\t0.4\n"
    "'#D'\t'south'\t'tax'\t12\t0.5\t0.6\n"
    "'#D'\t'north'\t'route'\t80\t1\t0.7\n"
    "#0\tanother comment\n";

static void tab_file(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e;
    char *rep = NULL;
    assert_int_equal(load(&s, tabbed, ENT_FMT_AUTO, &rep, &e), ENT_OK);
    assert_int_equal(s.nactors, 3);
    assert_int_equal(s.nissues, 2);
    assert_true(s.salience_scale == 1);
    assert_string_equal(s.actors[0].id, "north");
    assert_string_equal(s.actors[0].name, "Northern League");
    assert_string_equal(s.actors[0].notes, "regional party");
    assert_null(s.actors[1].notes);
    assert_string_equal(s.actors[2].id, "Ünion");
    /* capability = largest #D power; no #D row → 1 */
    assert_true(s.actors[0].capability == 0.7);
    assert_true(s.actors[1].capability == 0.6);
    assert_true(s.actors[2].capability == 1);
    ent_issue_t *tax = &s.issues[0], *route = &s.issues[1];
    assert_string_equal(tax->id, "tax");
    assert_string_equal(tax->name, "Fuel tax");
    assert_string_equal(tax->notes, "cents per litre");
    assert_true(tax->lo[0] == 2 && tax->hi[0] == 12);
    assert_int_equal(tax->nlabels, 2);
    assert_true(tax->labels[1].at == 12);
    assert_string_equal(tax->labels[1].label, "twelve cents");
    assert_true(route->lo[0] == 0 && route->hi[0] == 100);
    assert_int_equal(route->nlabels, 0);
    const ent_position_t *p = ent_scenario_pos(&s, 0, 0);
    assert_true(p->present && p->x[0] == 3.5 && p->sal[0] == 0.9 && p->capability == 0.4);
    assert_int_equal(p->loc.line, 11);
    assert_true(ent_scenario_capability(&s, 0, 0) == 0.4);
    assert_true(ent_scenario_capability(&s, 0, 1) == 0.7);
    assert_false(ent_scenario_pos(&s, 1, 1)->present);
    assert_false(ent_scenario_pos(&s, 2, 0)->present);
    assert_non_null(strstr(rep, "3 actors x 2 issues, 3 #D rows"));
    assert_non_null(strstr(rep, "1 actor without #D rows: capability 1"));
    free(rep);
    ent_scenario_destroy(&s);
}

static void semicolon_file_crlf(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF#A;a;A\r\n#A;\"b\";B\r\n#P;i\r\n#D;a;i;10;0.5;1\r\n#D;b;i;90;0.25;0.5\r\n";
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, t, ENT_FMT_AUTO, NULL, &e), ENT_OK);
    assert_int_equal(s.nactors, 2);
    assert_string_equal(s.actors[1].id, "b");
    assert_true(ent_scenario_pos(&s, 1, 0)->x[0] == 90);
    assert_true(s.actors[1].capability == 0.5);
    assert_string_equal(s.issues[0].name, "i"); /* #P without a name */
    ent_scenario_destroy(&s);
}

static void errors(void **state)
{
    (void)state;
    static const struct { const char *text; int line, col; const char *msg; } cases[] = {
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\t50\t0\t1\n", 3, 11, "salience 0 out of range; expected a value in (0, 1] (zero divides"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\t50\t1\t0\n", 3, 13, "power 0 out of range"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\t50\t1.5\t1\n", 3, 11, "salience 1.5 out of range"},
        {"#A\tx\tX\n#P\ti\tI\n#D\ty\ti\t50\t1\t1\n", 3, 4, "#D names unknown actor 'y'"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\tj\t50\t1\t1\n", 3, 6, "#D names unknown issue 'j'"},
        {"#A\tx\tX\n#P\ti\tI\n#M\tk\t1\n", 3, 4, "#M names unknown issue 'k'"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\t101\t1\t1\n", 3, 8, "position 101 out of range; expected 0..100"},
        {"#A\tx\tX\n#P\ti\tI\n#M\ti\t1\n#M\ti\t5\n#D\tx\ti\t0\t1\t1\n", 5, 8, "expected 1..5"},
        {"#A\tx\tX\n#P\ti\tI\n#M\ti\t5\n", 3, 1, "#M points only at 5"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\t5\t1\t1\n#D\tx\ti\t6\t1\t1\n", 4, 1, "second #D row for actor 'x' on issue 'i' (first on line 3)"},
        {"#A\tx\tX\n#A\tx\tY\n#P\ti\tI\n", 2, 4, "duplicate #A actor id 'x'"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\t5\t1\n", 3, 11, "#D row has 5 fields"},
        {"#A\n#P\ti\tI\n", 1, 3, "#A row has 1 field; expected #A id [name [note]]"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\t5\t1\t1\t9\n", 3, 14, "extra field '9'"},
        {"#A\tx\tX\n#P\ti\tI\n#X\tfoo\n", 3, 1, "unknown row tag '#X'"},
        {"#A\tx\tX\nfoo\tbar\n", 2, 1, "unknown row tag 'foo'"},
        {"#A,x,X\n#P,i,I\n", 1, 1, "row is not split by ';'"},
        {"#A\tx\tX\n", 1, 1, "no #P rows"},
        {"#P\ti\tI\n", 1, 1, "no #A rows"},
        {"#A\tx\tX\n#P\ti\tI\n#D\tx\ti\tabc\t1\t1\n", 3, 8, "'abc' is not a number"},
        {"#A\tx\tX\n#P\ti\tI\n#M\ti\t1\ta\n#M\ti\t1\tb\n", 4, 6, "second meaning for point 1"},
        {"#A\t\tX\n#P\ti\tI\n", 1, 4, "empty actor id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ent_scenario_t s;
        ent_error_t e;
        ent_status_t st = load(&s, cases[i].text, ENT_FMT_AUTO, NULL, &e);
        if (st != ENT_EINPUT || e.line != cases[i].line || e.col != cases[i].col ||
            !strstr(e.msg, cases[i].msg))
            fail_msg("case %zu: status %d at %d:%d '%s'", i, st, e.line, e.col, e.msg);
        assert_int_equal(s.nactors, 0);
        ent_scenario_destroy(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tab_file),
        cmocka_unit_test(semicolon_file_crlf),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
