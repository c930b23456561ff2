/* SPDX-License-Identifier: MIT */
/* test_core_report.c — unit tests of the error record, the string buffer, the JSON
 * writer and the tables (src/core, src/report). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

static void error_format_and_first_wins(void **state)
{
    (void)state;
    ent_error_t e = {0};
    char buf[256];
    assert_int_equal(ent_error_set(&e, ENT_EINPUT, "a.yaml", 3, 7, "bad %s; expected %d", "x", 2), ENT_EINPUT);
    ent_error_set(&e, ENT_EIO, "b", 1, 1, "second");
    ent_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "a.yaml:3:7: bad x; expected 2");
    ent_error_clear(&e);
    ent_error_set(&e, ENT_EINVAL, NULL, 0, 0, "no place");
    ent_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "no place");
    assert_int_equal(ent_error_set(NULL, ENT_ELIMIT, "f", 1, 1, "ignored"), ENT_ELIMIT);
    assert_string_equal(ent_status_name(ENT_ELIMIT), "limit exceeded");
}

static void buf_grows(void **state)
{
    (void)state;
    ent_buf_t b = ENT_BUF_INIT;
    for (int i = 0; i < 1000; i++) ent_buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, strlen(b.data));
    assert_true(strncmp(b.data, "0,1,2,", 6) == 0);
    assert_non_null(strstr(b.data, "999,"));
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    ent_buf_reset(&b);
    ent_buf_printf(&b, "<%s>", big);
    assert_int_equal(b.len, 601);
    char *s = ent_buf_take(&b);
    assert_null(b.data);
    free(s);
    ent_buf_free(&b);
}

static void json_writer(void **state)
{
    (void)state;
    ent_buf_t b = ENT_BUF_INIT;
    ent_json_t j;
    ent_json_init(&j, &b);
    ent_json_obj_begin(&j);
    ent_json_key(&j, "name");
    ent_json_str(&j, "a\"b\n");
    ent_json_key(&j, "xs");
    ent_json_arr_begin(&j);
    ent_json_num(&j, 1.5);
    ent_json_num(&j, NAN);
    ent_json_int(&j, -3);
    ent_json_arr_end(&j);
    ent_json_key(&j, "empty");
    ent_json_obj_begin(&j);
    ent_json_obj_end(&j);
    ent_json_key(&j, "ok");
    ent_json_bool(&j, 1);
    ent_json_obj_end(&j);
    assert_string_equal(b.data, "{\n  \"name\": \"a\\\"b\\n\",\n  \"xs\": [\n    1.5,\n    null,\n    -3\n  ],\n"
                                "  \"empty\": {},\n  \"ok\": true\n}\n");
    ent_buf_free(&b);
}

/* Nesting: ENT_JSON_MAX_DEPTH (63) levels are fine and balanced; the 64th open is refused,
 * the writer goes silent and reports ENT_ELIMIT (formerly the depth was clamped at 63 and the
 * output silently malformed). A close without an open is ENT_EINTERNAL. */
static void json_depth_limit(void **state)
{
    (void)state;
    ent_buf_t b = ENT_BUF_INIT;
    ent_json_t j;
    ent_json_init(&j, &b);
    for (int d = 0; d < ENT_JSON_MAX_DEPTH; d++) ent_json_arr_begin(&j);
    ent_json_int(&j, 7);
    for (int d = 0; d < ENT_JSON_MAX_DEPTH; d++) ent_json_arr_end(&j);
    assert_int_equal(ent_json_status(&j), ENT_OK);
    size_t open = 0, close = 0;
    for (const char *p = b.data; *p; p++) open += *p == '[', close += *p == ']';
    assert_int_equal(open, ENT_JSON_MAX_DEPTH);
    assert_int_equal(close, ENT_JSON_MAX_DEPTH);
    assert_non_null(strstr(b.data, "7"));

    ent_buf_reset(&b);
    ent_json_init(&j, &b);
    for (int d = 0; d < ENT_JSON_MAX_DEPTH + 1; d++) ent_json_obj_begin(&j);  /* 64 */
    assert_int_equal(ent_json_status(&j), ENT_ELIMIT);
    size_t len = b.len;
    ent_json_key(&j, "k");
    ent_json_str(&j, "v");
    ent_json_num(&j, 1);
    for (int d = 0; d < 100; d++) ent_json_obj_end(&j);
    assert_int_equal(b.len, len);  /* silent after the error */
    assert_int_equal(ent_json_status(&j), ENT_ELIMIT);

    ent_buf_reset(&b);
    ent_json_init(&j, &b);
    ent_json_arr_end(&j);
    assert_int_equal(ent_json_status(&j), ENT_EINTERNAL);
    assert_int_equal(b.len, 0);
    ent_buf_free(&b);
}

static void table_text_and_csv(void **state)
{
    (void)state;
    const char *h[] = {"actor", "weight"};
    ent_table_t *t = ent_table_new(2, h);
    ent_table_row(t);
    ent_table_set(t, 0, "Ukraine");
    ent_table_num(t, 1, 3.14159, 2);
    ent_table_row(t);
    ent_table_set(t, 0, "Türkiye, \"TR\"");
    ent_table_num(t, 1, 10, 2);
    ent_buf_t b = ENT_BUF_INIT;
    ent_table_render_text(t, &b);
    assert_string_equal(b.data, "actor          weight\n"
                                "-------------  ------\n"
                                "Ukraine          3.14\n"
                                "Türkiye, \"TR\"   10.00\n");
    ent_buf_reset(&b);
    ent_table_render_csv(t, &b);
    assert_string_equal(b.data, "actor,weight\nUkraine,3.14\n\"Türkiye, \"\"TR\"\"\",10.00\n");
    ent_buf_free(&b);
    ent_table_free(t);
    ent_table_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_format_and_first_wins),
        cmocka_unit_test(buf_grows),
        cmocka_unit_test(json_writer),
        cmocka_unit_test(json_depth_limit),
        cmocka_unit_test(table_text_and_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
