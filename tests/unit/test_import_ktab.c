/* SPDX-License-Identifier: MIT */
/* test_import_ktab.c — unit tests of the KTAB SMP CSV importer (import_ktab.c): layout,
 * dimension names, per-dimension saliences, descriptions as notes, and KTAB's validation
 * rules (smp.md §2) with their line:col. Data: a synthetic 4-actor, 2-dimension scenario. */
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
    ent_status_t st = ent_scenario_load_mem(s, "k.csv", text, strlen(text), &o, e);
    if (report) { /* the test takes the loader's notes over from the scenario */
        *report = s->load_report;
        s->load_report = NULL;
    }
    return st;
}

static const char good[] =
    "Water rights,\"Synthetic basin, two dimensions\", 4, 2, ,\r\n"
    "Actor,Description,Power,Quota Position,Quota Salience,Dam Position,Dam Salience,\r\n"
    "UP,Upstream state,  120.5, 10, 60, 90.25, 40,\r\n"
    "DN,\"Downstream state, delta\",80,95,70,5,30\r\n"
    "WB,World Bank,30,50,20,50,20,\r\n"
    "NGO,,5,100,100,0,0,\r\n";

static void good_file(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e;
    char *rep = NULL;
    assert_int_equal(load(&s, good, ENT_FMT_AUTO, &rep, &e), ENT_OK);
    assert_string_equal(s.title, "Water rights");
    assert_string_equal(s.description, "Synthetic basin, two dimensions");
    assert_true(s.salience_scale == 100);
    assert_int_equal(s.nactors, 4);
    assert_int_equal(s.nissues, 1);
    ent_issue_t *is = &s.issues[0];
    assert_int_equal(is->ndim, 2);
    assert_string_equal(is->dim_names[0], "Quota Position");
    assert_string_equal(is->dim_names[1], "Dam Position");
    assert_true(is->lo[1] == 0 && is->hi[1] == 100);
    assert_string_equal(s.actors[0].id, "UP");
    assert_string_equal(s.actors[0].notes, "Upstream state");
    assert_string_equal(s.actors[1].notes, "Downstream state, delta");
    assert_null(s.actors[3].notes);
    assert_true(s.actors[0].capability == 120.5);
    const ent_position_t *p = ent_scenario_pos(&s, 0, 0);
    assert_true(p->x[0] == 10 && p->x[1] == 90.25);
    assert_true(p->sal[0] == 60 && p->sal[1] == 40);
    assert_true(fabs(ent_scenario_salience(&s, 1, 0, 0) - 0.70) < 1e-15);
    assert_int_equal(s.actors[2].loc.line, 5);
    assert_string_equal(rep, "k.csv: KTAB SMP table, 4 actors x 2 dimensions, saliences on a 0-100 scale\n");
    free(rep);
    ent_scenario_destroy(&s);
}

/* Replace line `n` (1-based) of `good` with `with`, into buf. */
static const char *patch(char *buf, size_t cap, int n, const char *with)
{
    const char *p = good;
    size_t k = 0;
    for (int line = 1; *p; line++) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p + 1) : strlen(p);
        if (line == n) {
            k += (size_t)snprintf(buf + k, cap - k, "%s", with);
        } else {
            memcpy(buf + k, p, len);
            k += len;
        }
        p += len;
    }
    buf[k] = 0;
    return buf;
}

static void errors(void **state)
{
    (void)state;
    static const struct { int line; const char *with; int eline, ecol; const char *msg; } cases[] = {
        {1, "Water rights,desc,4\r\n", 1, 20, "line 1 has 3 fields"},
        {1, "Water rights,desc,four,2\r\n", 1, 19, "nActors 'four' is not an integer"},
        {1, "Water rights,desc,2,2\r\n", 1, 19, "KTAB expects 3 to 250 actors"},
        {1, "Water rights,desc,4,0\r\n", 1, 21, "nDims is 0"},
        {2, "Actor,Description,Power,Q,QS,D\r\n", 2, 31, "header has 6 fields; expected 7"},
        {3, "UP,Upstream,120,10,60,90\r\n", 3, 25, "actor row has 6 fields; expected 7"},
        {3, "UP,Upstream,120,10,60,90,40,7\r\n", 3, 29, "extra field '7'"},
        {3, "Upstream-state-of-the-basin,x,120,10,60,90,40\r\n", 3, 1, "actor name has 27 bytes"},
        {3, "UP,x,0,10,60,90,40\r\n", 3, 6, "zero power 0"},
        {3, "UP,x,-3,10,60,90,40\r\n", 3, 6, "negative power -3"},
        {3, "UP,x,1e9,10,60,90,40\r\n", 3, 6, "too large power 1e9"},
        {3, "UP,x,1,10,60,101,40\r\n", 3, 14, "position 101 out of range"},
        {3, "UP,x,1,10,60,-1,40\r\n", 3, 14, "position -1 out of range"},
        {3, "UP,x,1,10,60,50,-5\r\n", 3, 17, "salience -5 out of range"},
        {3, "UP,x,1,10,60.5,50,40\r\n", 3, 19, "add up to 100.5"},
        {3, "UP,x,1,10,0,50,0\r\n", 3, 11, "every salience of 'UP' is 0"},
        {3, "UP,x,1,10,NaN,50,0\r\n", 3, 11, "'NaN' is not a finite number"},
        {3, "UP,x,1,10,,50,0\r\n", 3, 11, "is empty"},
        {4, "UP,again,1,10,10,50,10\r\n", 4, 1, "duplicate actor 'UP' (first on line 3)"},
        {6, "", 6, 1, "truncated file: 3 actor rows; line 1 declares nActors = 4"},
        {6, "NGO,,5,100,100,0,0,\r\nXTRA,,5,1,1,1,1\r\n", 7, 1, "extra row after the 4 actors"},
    };
    char buf[2048];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ent_scenario_t s;
        ent_error_t e;
        ent_status_t st = load(&s, patch(buf, sizeof buf, cases[i].line, cases[i].with),
                               ENT_FMT_KTAB, NULL, &e);
        if (st != ENT_EINPUT || e.line != cases[i].eline || e.col != cases[i].ecol ||
            !strstr(e.msg, cases[i].msg))
            fail_msg("case %zu: status %d at %d:%d '%s'", i, st, e.line, e.col, e.msg);
        assert_int_equal(s.nactors, 0);
        ent_scenario_destroy(&s);
    }
}

static void running_sum_exactness(void **state)
{
    (void)state;
    /* 33.3 + 33.3 + 33.4 sums to exactly 100 in double: accepted, as KTAB does */
    const char *t = "S,d,3,3\nActor,Description,Power,A,a,B,b,C,c\n"
                    "X,,1,1,33.3,2,33.3,3,33.4\nY,,1,1,1,1,1,1,1\nZ,,1,1,1,1,1,1,1\n";
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, t, ENT_FMT_AUTO, NULL, &e), ENT_OK);
    assert_int_equal(s.issues[0].ndim, 3);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_file),
        cmocka_unit_test(errors),
        cmocka_unit_test(running_sum_exactness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
