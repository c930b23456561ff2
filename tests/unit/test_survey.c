/* SPDX-License-Identifier: MIT */
/* test_survey.c — unit tests of the survey API (entente/survey.h, src/scenario/survey.c) that
 * the goldens (tests/golden/survey-*) cannot reach: the cell-by-cell entry of the Python
 * package (NULL cells, places given or not), a bad table leaving the scenario unchanged, the
 * exact aggregates of the three-coder table, and the as_of selection of dated capabilities
 * and links (asof.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "entente.h"

static const char base[] =
    "entente: 1\nsalience_scale: 100\n"
    "actors: [{id: UA, capability: 1}, {id: RU, capability: 1}]\n"
    "issues: [{id: g, scale: [0, 100]}]\n"
    "positions: [{actor: UA, issue: g, position: 50, salience: 50}]\n";

static void load_ok(ent_scenario_t *s, const char *text)
{
    ent_error_t e = {0};
    ent_scenario_init(s);
    assert_int_equal(ent_scenario_load_mem(s, "t.yaml", text, strlen(text), NULL, &e), ENT_OK);
}

static void cells_and_places(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_ok(&s, base);
    ent_error_t e = {0};
    ent_survey_table_t *t;
    assert_int_equal(ent_survey_table_new(&s, "sheet.xlsx", &t, &e), ENT_OK);
    const char *h[] = {"Coder", " actor ", "ISSUE", "position", "salience", "confidence", NULL};
    assert_int_equal(ent_survey_header(t, 7, h, NULL, &e), ENT_OK); /* a trailing empty column */
    const char *r1[] = {"a", "UA", "g", "60", "40", NULL};        /* confidence empty: 1 */
    const char *r2[] = {"b", "UA", "g", "90", "80", "3"};
    assert_int_equal(ent_survey_row(t, 5, r1, NULL, 2, &e), ENT_OK);
    assert_int_equal(ent_survey_row(t, 6, r2, NULL, 3, &e), ENT_OK);
    const char *bad[] = {"c", "UA", "g", "101", "80", "1"};
    ent_loc_t at[6] = {{9, 1}, {9, 2}, {9, 3}, {9, 4}, {9, 5}, {9, 6}};
    assert_int_equal(ent_survey_row(t, 6, bad, at, 9, &e), ENT_EINPUT);
    assert_int_equal(e.line, 9);
    assert_int_equal(e.col, 4);
    assert_string_equal(e.file, "sheet.xlsx");
    ent_survey_t r;
    ent_survey_opts_t o;
    ent_survey_opts_init(&o);
    o.point = ENT_SURVEY_MEDIAN;
    assert_int_equal(ent_survey_apply(t, &s, &o, &r, &e), ENT_OK);
    assert_int_equal(r.nvalues, 2);
    assert_int_equal(r.values[0].target, ENT_UNC_POSITION);
    assert_true(r.values[0].mean == (60 + 3 * 90) / 4.0);     /* 82.5 */
    assert_true(r.values[0].median == 90);                    /* cumulative 1, 4 >= 2 */
    assert_true(r.values[0].point == 90);
    assert_true(fabs(r.values[0].sd - sqrt((22.5 * 22.5 + 3 * 7.5 * 7.5) / 4)) < 1e-12);
    assert_true(ent_scenario_pos(&s, 0, 0)->x[0] == 90);
    assert_true(ent_scenario_pos(&s, 0, 0)->sal[0] == 80);     /* salience median: 40(1), 80(3) */
    assert_non_null(s.uncertainty);
    assert_int_equal(s.uncertainty->nvalues, 2);
    assert_int_equal(s.uncertainty->values[0].dist.kind, ENT_DIST_CHOICE); /* weights 1 and 3 */
    assert_true(s.uncertainty->values[0].dist.p[1] == 0.75);
    ent_survey_destroy(&r);
    ent_survey_destroy(NULL);
    ent_survey_table_destroy(t);
    ent_survey_table_destroy(NULL);
    ent_scenario_destroy(&s);
}

static void bad_table_leaves_scenario(void **state)
{
    (void)state;
    ent_scenario_t s, copy;
    load_ok(&s, base);
    load_ok(&copy, base);
    static const char csv[] = "coder,actor,issue,position,salience\n"
                              "a,UA,g,10,10\nb,RU,g,20,20\na,UA,g,30,30\n";
    ent_error_t e = {0};
    ent_survey_table_t *t;
    ent_survey_t r;
    assert_int_equal(ent_survey_table_new(&s, "t.csv", &t, &e), ENT_OK);
    assert_int_equal(ent_survey_read_csv(t, csv, sizeof csv - 1, &e), ENT_OK);
    assert_int_equal(ent_survey_apply(t, &s, NULL, &r, &e), ENT_EINPUT);
    assert_int_equal(e.line, 4);
    assert_non_null(strstr(e.msg, "already coded actor 'UA' on issue 'g' (line 2)"));
    char why[256];
    assert_true(ent_scenario_equal(&s, &copy, why, sizeof why));
    ent_survey_table_destroy(t);
    ent_scenario_destroy(&s);
    ent_scenario_destroy(&copy);
}

static const char dated[] =
    "entente: 1\n"
    "actors:\n  - {id: UA, capability: 1}\n"
    "  - {id: RU, capability: [{value: 6, as_of: 2025-09-01}, {value: 4, as_of: 2025-01-01}, {value: 5, as_of: 2025-05-01}]}\n"
    "issues: [{id: g}]\n"
    "steps:\n  - id: a\n  - id: b\n    requires:\n"
    "      - {step: a, insisted_by: [UA], as_of: 2025-06-01}\n"
    "      - {step: a, insisted_by: [UA, RU], as_of: 2025-08-01}\n"
    "      - a\n"  /* an undated repeat of a dated link: bad input */
    "";

static void as_of_capabilities_and_links(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load_mem(&s, "d.yaml", dated, strlen(dated), NULL, &e), ENT_EINPUT);
    assert_int_equal(e.line, 12);
    /* without the undated repeat */
    char text[sizeof dated];
    memcpy(text, dated, sizeof dated);
    *strstr(text, "      - a\n") = 0;
    load_ok(&s, text);
    assert_true(s.actors[1].capability == 6);
    assert_int_equal(s.actors[1].ncap_earlier, 2);
    assert_int_equal(s.actors[1].cap_earlier[0].as_of, 20250501); /* newest first */
    assert_int_equal(s.steps[1].npre, 1);
    assert_int_equal(s.steps[1].pre[0].ninsist, 2);
    assert_non_null(s.steps[1].pre[0].earlier);
    ent_scenario_t t;
    load_ok(&t, text);
    assert_int_equal(ent_scenario_as_of(&t, 20250701, &e), ENT_OK);
    assert_true(t.actors[1].capability == 5);
    assert_int_equal(t.actors[1].ncap_earlier, 1);
    assert_int_equal(t.steps[1].npre, 1);
    assert_int_equal(t.steps[1].pre[0].ninsist, 1);
    assert_null(t.steps[1].pre[0].earlier);
    assert_int_equal(ent_scenario_as_of(&t, 20250301, &e), ENT_OK);
    assert_true(t.actors[1].capability == 4);
    assert_int_equal(t.steps[1].npre, 0);                        /* the link was not there yet */
    ent_scenario_destroy(&t);
    load_ok(&t, text);
    assert_int_equal(ent_scenario_as_of(&t, 20240101, &e), ENT_OK);
    assert_true(t.actors[1].capability == 4);                    /* all later: the earliest */
    ent_scenario_destroy(&t);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cells_and_places),
        cmocka_unit_test(bad_table_leaves_scenario),
        cmocka_unit_test(as_of_capabilities_and_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
