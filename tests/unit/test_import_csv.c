/* SPDX-License-Identifier: MIT */
/* test_import_csv.c — unit tests of the importers' delimited-text tokenizer and helpers
 * (src/scenario/csv.c): RFC 4180 quoting, CRLF, BOM, line/column tracking, error places,
 * strict numbers, UTF-8 validation, id derivation; and of format detection (detect.c). */
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "scenario/csv.h"
#include "scenario/loaders.h"

static int row(ent_i_csv_t *r, ent_error_t *e)
{
    int got = -1;
    assert_int_equal(ent_i_csv_row(r, &got, e), ENT_OK);
    return got;
}

static void tokenizer_quotes_crlf_bom(void **state)
{
    (void)state;
    const char *d = "\xEF\xBB\xBF" "a,\"b,1\",\"say \"\"hi\"\"\"\r\n"
                    "x,\"two\nlines\",  z \r\n"
                    "\n"
                    "last,row";
    ent_i_csv_t r;
    ent_error_t e = {0};
    ent_i_csv_init(&r, "t.csv", d, strlen(d), ',', '"');
    assert_int_equal(row(&r, &e), 1);
    assert_int_equal(r.nf, 3);
    assert_string_equal(r.f[0].s, "a");
    assert_int_equal(r.f[0].line, 1);
    assert_int_equal(r.f[0].col, 1);
    assert_string_equal(r.f[1].s, "b,1");
    assert_true(r.f[1].quoted);
    assert_int_equal(r.f[1].col, 3);
    assert_string_equal(r.f[2].s, "say \"hi\"");
    assert_int_equal(r.f[2].col, 9);
    assert_int_equal(row(&r, &e), 1);
    assert_int_equal(r.row_line, 2);
    assert_string_equal(r.f[1].s, "two\nlines");
    assert_string_equal(r.f[2].s, "  z ");
    assert_int_equal(r.f[2].line, 3);
    assert_int_equal(r.f[2].col, 8);
    ent_i_field_trim(&r.f[2]);
    assert_string_equal(r.f[2].s, "z");
    assert_int_equal(r.f[2].col, 10);
    assert_int_equal(row(&r, &e), 1);
    assert_true(ent_i_csv_blank(&r));
    assert_int_equal(r.row_line, 4);
    assert_int_equal(row(&r, &e), 1);
    assert_int_equal(r.row_line, 5);
    assert_string_equal(r.f[1].s, "row");
    assert_int_equal(row(&r, &e), 0);
    ent_i_csv_free(&r);
}

static void tokenizer_tab_and_utf8_columns(void **state)
{
    (void)state;
    const char *d = "Zo\xC3\xAB\tR\xC3\xA9publique\t42\n";
    ent_i_csv_t r;
    ent_error_t e = {0};
    ent_i_csv_init(&r, "t.tsv", d, strlen(d), '\t', '"');
    assert_int_equal(row(&r, &e), 1);
    assert_int_equal(r.nf, 3);
    assert_int_equal(r.f[1].col, 5);   /* "Zoë" is 3 code points + TAB */
    assert_int_equal(r.f[2].col, 16);
    ent_i_csv_free(&r);
}

static void tokenizer_errors(void **state)
{
    (void)state;
    ent_i_csv_t r;
    ent_error_t e = {0};
    int got;
    const char *d1 = "a,b\nc,\"open\nnever closed";
    ent_i_csv_init(&r, "u.csv", d1, strlen(d1), ',', '"');
    assert_int_equal(ent_i_csv_row(&r, &got, &e), ENT_OK);
    assert_int_equal(ent_i_csv_row(&r, &got, &e), ENT_EINPUT);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.col, 3);
    assert_non_null(strstr(e.msg, "unterminated quoted field"));
    ent_i_csv_free(&r);

    ent_error_clear(&e);
    const char d2[] = "a,b\nc,d\0e\n";
    ent_i_csv_init(&r, "n.csv", d2, sizeof d2 - 1, ',', '"');
    assert_int_equal(ent_i_csv_row(&r, &got, &e), ENT_OK);
    assert_int_equal(ent_i_csv_row(&r, &got, &e), ENT_EINPUT);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.col, 4);
    assert_non_null(strstr(e.msg, "NUL byte"));
    ent_i_csv_free(&r);

    ent_error_clear(&e);
    const char *d3 = "\"ab\"cd,e\n";
    ent_i_csv_init(&r, "q.csv", d3, strlen(d3), ',', '"');
    assert_int_equal(ent_i_csv_row(&r, &got, &e), ENT_EINPUT);
    assert_int_equal(e.col, 5);
    assert_non_null(strstr(e.msg, "after a closing quote"));
    ent_i_csv_free(&r);
}

static void tokenizer_long_line(void **state)
{
    (void)state;
    size_t n = 2u << 20; /* a 2 MB field */
    char *d = malloc(n + 8);
    assert_non_null(d);
    memset(d, 'x', n);
    memcpy(d + n, ",y\n", 4);
    ent_i_csv_t r;
    ent_error_t e = {0};
    ent_i_csv_init(&r, "long.csv", d, n + 3, ',', '"');
    assert_int_equal(row(&r, &e), 1);
    assert_int_equal(r.nf, 2);
    assert_int_equal(r.f[0].len, n);
    assert_string_equal(r.f[1].s, "y");
    assert_int_equal(r.f[1].col, (int)n + 2);
    ent_i_csv_free(&r);
    free(d);
}

static ent_status_t num(const char *text, double *v, ent_error_t *e)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    ent_i_field_t f = {buf, strlen(buf), 3, 5, 0};
    ent_error_clear(e);
    return ent_i_num(&f, "n.csv", "capability", v, e);
}

static void numbers_strict(void **state)
{
    (void)state;
    double v = 0;
    ent_error_t e = {0};
    assert_int_equal(num("  12.5 ", &v, &e), ENT_OK);
    assert_true(v == 12.5);
    assert_int_equal(num("-1e-3", &v, &e), ENT_OK);
    assert_true(v == -1e-3);
    assert_int_equal(num(".5", &v, &e), ENT_OK);
    assert_true(v == 0.5);
    assert_int_equal(num("nan", &v, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "not a finite number"));
    assert_int_equal(e.line, 3);
    assert_int_equal(e.col, 5);
    assert_int_equal(num("-Infinity", &v, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "not a finite number"));
    assert_int_equal(num("1e999", &v, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "'1e999' is out of range; expected 0 or a magnitude from 1e-16 to 1e16"));
    assert_int_equal(num("1e-400", &v, &e), ENT_EINPUT); /* strtod: 0, ERANGE */
    assert_non_null(strstr(e.msg, "out of range"));
    assert_int_equal(num("-2e16", &v, &e), ENT_EINPUT);
    assert_int_equal(num("1e-17", &v, &e), ENT_EINPUT);
    assert_int_equal(num("-1e16", &v, &e), ENT_OK);
    assert_true(v == -1e16);
    assert_int_equal(num("1e-16", &v, &e), ENT_OK);
    assert_int_equal(num("0e-400", &v, &e), ENT_OK); /* zero written with a huge exponent */
    assert_true(v == 0);
    assert_int_equal(num("-0.0", &v, &e), ENT_OK);
    assert_int_equal(num("0x10", &v, &e), ENT_EINPUT);
    assert_int_equal(num("12abc", &v, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "'12abc' is not a number"));
    assert_int_equal(num("1,5", &v, &e), ENT_EINPUT);
    assert_int_equal(num("   ", &v, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "empty"));
    long l;
    ent_i_field_t f = {(char[]){" 27 "}, 4, 1, 1, 0};
    assert_int_equal(ent_i_int(&f, &l), 0);
    assert_int_equal(l, 27);
    ent_i_field_t g = {(char[]){"2.5"}, 3, 1, 1, 0};
    assert_int_equal(ent_i_int(&g, &l), -1);
}

static void utf8_validation(void **state)
{
    (void)state;
    assert_true(ent_i_utf8_bad("plain", 5) == (size_t)-1);
    assert_true(ent_i_utf8_bad("\xC3\xA9t\xC3\xA9", 5) == (size_t)-1);
    assert_true(ent_i_utf8_bad("\xF0\x9F\x87\xBA", 4) == (size_t)-1);
    assert_int_equal(ent_i_utf8_bad("ab\xFF", 3), 2);
    assert_int_equal(ent_i_utf8_bad("a\xC0\xAF", 3), 1);       /* overlong '/' */
    assert_int_equal(ent_i_utf8_bad("\xED\xA0\x80", 3), 0);     /* surrogate */
    assert_int_equal(ent_i_utf8_bad("x\xE2\x82", 3), 1);        /* truncated */
}

static void ids_from_names(void **state)
{
    (void)state;
    ent_i_idmap_t m;
    ent_i_idmap_init(&m);
    char *ids[8];
    ids[0] = ent_i_make_id("Labour (pro-euro)", "actor1", &m);
    ids[1] = ent_i_make_id("Labour_pro-euro", "actor2", &m);
    ids[2] = ent_i_make_id("Labour (pro euro)", "actor3", &m);
    ids[3] = ent_i_make_id("  ***  ", "actor4", &m);
    ids[4] = ent_i_make_id("Côte d'Ivoire", "actor5", &m);
    ids[5] = ent_i_make_id("STU/INTEL", "actor6", &m);
    ids[6] = ent_i_make_id("Labour (pro-euro)", "actor7", &m);
    ids[7] = ent_i_make_id("-x-", "actor8", &m);
    assert_string_equal(ids[0], "Labour_pro-euro");
    assert_string_equal(ids[1], "Labour_pro-euro_2");
    assert_string_equal(ids[2], "Labour_pro_euro");
    assert_string_equal(ids[3], "actor4");
    assert_string_equal(ids[4], "Côte_d_Ivoire");
    assert_string_equal(ids[5], "STU_INTEL");
    assert_string_equal(ids[6], "Labour_pro-euro_3");
    assert_string_equal(ids[7], "x-");
    for (int i = 0; i < 8; i++) {
        assert_true(ent_i_id_ok(ids[i]));
    }
    ent_i_idmap_free(&m);
    for (int i = 0; i < 8; i++) free(ids[i]);
}

static void detection(void **state)
{
    (void)state;
    static const struct { const char *text; ent_format_t want; } cases[] = {
        {"entente: 1\ntitle: x\n", ENT_FMT_YAML},
        {"# a comment\n---\nentente: 1\n", ENT_FMT_YAML},
        {"  {\"entente\": 1}", ENT_FMT_JSON},
        {"'#A'\t'x'\t'x'\t''\n", ENT_FMT_DECIDE},
        {"\n#A;x;x\n#P;i;i\n", ENT_FMT_DECIDE},
        {"Scn,desc, 3, 2,\nActor,Description,Power,P1,S1,P2,S2\n", ENT_FMT_KTAB},
        {"\"prnr\"\t\"pcom\"\t\"pep\"\t\"scom\"\t\"sep\"\t\"out\"\n", ENT_FMT_DEU},
        {"Actor,Capability,Position,Salience\nA,1,2,3\n", ENT_FMT_EU_CSV},
        {"\xEF\xBB\xBFName\tx\tc\ts\n", ENT_FMT_EU_CSV},
        {"# source: a book\nstakeholder;CLOUT;position;salience\n", ENT_FMT_EU_CSV},
        {"hello world\n", ENT_FMT_AUTO},
        {"Actor,Capability,Position\n", ENT_FMT_EU_CSV},
        {"Actor,Capability,Position,Colour\n", ENT_FMT_AUTO},
        {"Capability,Position,Salience\n", ENT_FMT_AUTO},
        {"a,b,3,x\nActor\n", ENT_FMT_AUTO},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ent_format_t got = ent_i_detect(cases[i].text, strlen(cases[i].text));
        if (got != cases[i].want) fail_msg("case %zu: got %s, want %s", i, ent_format_name(got),
                                           ent_format_name(cases[i].want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokenizer_quotes_crlf_bom),
        cmocka_unit_test(tokenizer_tab_and_utf8_columns),
        cmocka_unit_test(tokenizer_errors),
        cmocka_unit_test(tokenizer_long_line),
        cmocka_unit_test(numbers_strict),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(ids_from_names),
        cmocka_unit_test(detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
