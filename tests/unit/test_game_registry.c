/* SPDX-License-Identifier: MIT */
/* test_game_registry.c — the registry of power indices (src/game/index.c) and what it drives:
 * ent_power_index_parse and its "unknown index" message, the raw columns and the flags
 * (EXACT_ARITH: fractional raw numerators; NO_ESTIMATE: left out by Monte Carlo) checked
 * against what ent_game_power actually returns, and the columns of ent_report_power
 * (src/report/report_power.c) built from the same rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "entente.h"
#include "entente/report.h"

#include <stdio.h>
#include <string.h>

static ent_game_t *text_game(const char *txt)
{
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    assert_int_equal(ent_game_from_text(txt, &g, &e), ENT_OK);
    return g;
}

static void test_rows(void **state)
{
    (void)state;
    assert_int_equal(ent_power_index_count(), ENT_IDX_COUNT);
    for (size_t i = 0; i < ent_power_index_count(); i++) {
        const ent_power_index_info_t *ix = ent_power_index_info((ent_power_index_t)i);
        assert_non_null(ix);
        assert_int_equal(ix->index, (int)i);
        assert_true(ix->name[0] && ix->column[0] && ix->title[0] && ix->short_title[0] && ix->help[0]);
        assert_string_equal(ent_power_index_name((ent_power_index_t)i), ix->name);
        assert_string_equal(ent_power_index_title((ent_power_index_t)i), ix->title);
        assert_null(strchr(ix->name, ','));
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(ent_power_index_info((ent_power_index_t)j)->name, ix->name);
            assert_string_not_equal(ent_power_index_info((ent_power_index_t)j)->column, ix->column);
        }
        unsigned mask = 0;
        assert_int_equal(ent_power_index_parse(ix->name, &mask, NULL), ENT_OK);
        assert_int_equal(mask, 1u << i);
    }
    assert_null(ent_power_index_info(ENT_IDX_COUNT));
    assert_string_equal(ent_power_index_name(ENT_IDX_COUNT), "?");
}

static void test_parse(void **state)
{
    (void)state;
    unsigned mask = 0;
    ent_error_t e = {0};
    assert_int_equal(ent_power_index_parse("all", &mask, &e), ENT_OK);
    assert_int_equal(mask, ENT_POWER_ALL);
    assert_int_equal(ent_power_index_parse("shapley,penrose,shapley", &mask, &e), ENT_OK);
    assert_int_equal(mask, (1u << ENT_IDX_SHAPLEY) | (1u << ENT_IDX_PENROSE));
    assert_int_equal(ent_power_index_parse("", &mask, &e), ENT_EINVAL);
    assert_string_equal(e.msg, "empty list of indices");
    /* the message lists every row's name, in registry order */
    ent_error_clear(&e);
    assert_int_equal(ent_power_index_parse("penrose,shap", &mask, &e), ENT_EINVAL);
    char want[512] = "unknown index 'shap'; expected all";
    for (size_t i = 0; i < ent_power_index_count(); i++) {
        strcat(want, ", ");
        strcat(want, ent_power_index_name((ent_power_index_t)i));
    }
    assert_string_equal(e.msg, want);
}

/* Flags and raw columns agree with what the engine returns on games with fractional raw
 * numerators (Deegan–Packel and Johnston sums of 1/k). */
static void test_flags_match_results(void **state)
{
    (void)state;
    static const char *const games[] = {"[51; 35,20,15,15,15]", "[6; 4,3,2,1]", "[8; 5,4,3,2,1]", "[5, 2; 3 1,2 1,2 1,1 1]"};
    for (size_t gi = 0; gi < sizeof games / sizeof *games; gi++) {
        ent_game_t *g = text_game(games[gi]);
        /* a partition, so that every index is computed: players 1-2 together, the rest alone */
        size_t of[5] = {0, 0, 1, 2, 3};
        assert_int_equal(ent_game_set_precoalitions(g, of, NULL), ENT_OK);
        ent_power_opts_t o;
        ent_power_opts_init(&o);
        ent_power_t p;
        ent_error_t e = {0};
        assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
        assert_int_equal(p.computed, ENT_POWER_ALL);
        for (size_t i = 0; i < ent_power_index_count(); i++) {
            const ent_power_index_info_t *ix = ent_power_index_info((ent_power_index_t)i);
            /* precoalition values have no raw numerator (their denominators differ by
             * precoalition) and no raw column */
            if (ix->flags & ENT_POWER_INDEX_PRECOALITIONS) { assert_null(p.raw[i]); assert_null(ix->raw_column); continue; }
            assert_non_null(p.raw[i]);
            int fraction = 0;
            for (size_t k = 0; k < p.n; k++) fraction |= strchr(p.raw[i][k], '/') != NULL;
            /* only an EXACT_ARITH row may have a fractional raw numerator */
            if (fraction) assert_true(ix->flags & ENT_POWER_INDEX_EXACT_ARITH);
            /* a row without its own raw column counts swings */
            if (!ix->raw_column)
                for (size_t k = 0; k < p.n; k++) assert_string_equal(p.raw[i][k], p.swings[k]);
        }
        ent_power_destroy(&p);
        o.approx = 1;
        o.samples = 2000;
        assert_int_equal(ent_game_power(g, &o, &p, &e), ENT_OK);
        for (size_t i = 0; i < ent_power_index_count(); i++) {
            int skipped = (ent_power_index_info((ent_power_index_t)i)->flags & ENT_POWER_INDEX_NO_ESTIMATE) != 0;
            assert_int_equal((p.computed >> i) & 1u, !skipped);
        }
        ent_power_destroy(&p);
        ent_game_destroy(g);
    }
    /* [51; 35,20,15,15,15]: Deegan–Packel raw of player 1 is 1/2+1/3+1/3+1/3... a fraction */
    ent_game_t *g = text_game("[51; 35,20,15,15,15]");
    ent_power_t p;
    assert_int_equal(ent_game_power(g, NULL, &p, NULL), ENT_OK);
    assert_non_null(strchr(p.raw[ENT_IDX_DEEGAN][0], '/'));
    ent_power_destroy(&p);
    ent_game_destroy(g);
}

/* The CSV header of ent_report_power is the registry's columns, in order. */
static void test_report_columns(void **state)
{
    (void)state;
    ent_game_t *g = text_game("[6; 4,3,2,1]");
    size_t of[4] = {0, 1, 1, 2};
    assert_int_equal(ent_game_set_precoalitions(g, of, NULL), ENT_OK);
    ent_power_t p;
    ent_power_init(&p);
    assert_int_equal(ent_game_power(g, NULL, &p, NULL), ENT_OK);
    ent_report_power_opts_t ro;
    ent_report_power_opts_init(&ro);
    ro.raw = 1;
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_power(g, &p, &ro, ENT_OUTPUT_CSV, &b), ENT_OK);
    char want[512] = "player,weight";
    for (size_t i = 0; i < ent_power_index_count(); i++) {
        strcat(want, ",");
        strcat(want, ent_power_index_info((ent_power_index_t)i)->column);
    }
    strcat(want, ",swings");
    for (size_t i = 0; i < ent_power_index_count(); i++) {
        const char *rc = ent_power_index_info((ent_power_index_t)i)->raw_column;
        if (rc) { strcat(want, ","); strcat(want, rc); }
    }
    strcat(want, ",collective,flags\n");
    assert_non_null(b.data);
    assert_memory_equal(b.data, want, strlen(want));
    /* JSON keys are the registry names */
    ent_buf_reset(&b);
    assert_int_equal(ent_report_power(g, &p, NULL, ENT_OUTPUT_JSON, &b), ENT_OK);
    for (size_t i = 0; i < ent_power_index_count(); i++) {
        char key[64];
        snprintf(key, sizeof key, "\"%s\": {", ent_power_index_name((ent_power_index_t)i));
        assert_non_null(strstr(b.data, key));
    }
    ent_buf_free(&b);
    ent_power_destroy(&p);
    ent_power_destroy(&p);   /* destroy twice: the struct was reset to the empty state */
    ent_game_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_flags_match_results),
        cmocka_unit_test(test_report_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
