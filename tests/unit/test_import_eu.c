/* SPDX-License-Identifier: MIT */
/* test_import_eu.c — unit tests of the expected-utility table importer (import_eu.c) and of
 * the dispatcher's common checks (load.c): values, salience-scale detection, synonyms,
 * delimiters, CRLF/BOM/UTF-8, every documented error with its line:col, 100 000 actors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entente.h"

static ent_status_t load(ent_scenario_t *s, const char *text, size_t len, ent_format_t fmt,
                         char **report, ent_error_t *e)
{
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.format = fmt;
    ent_scenario_init(s);
    ent_error_clear(e);
    ent_status_t st = ent_scenario_load_mem(s, "t.csv", text, len, &o, e);
    if (report) { /* the test takes the loader's notes over from the scenario */
        *report = s->load_report;
        s->load_report = NULL;
    }
    return st;
}

/* EC car emission standards (Bueno de Mesquita & Stokman 1994, European Community Decision
 * Making, ch. 4; retyped from Scholz, Calbert & Smith 2011, Table 1), TAB-separated. */
static const char emission[] =
    "# EC emission standards for medium cars; x = year of introduction\n"
    "# Scholz, Calbert & Smith 2011, Table 1\n"
    "actor\tcapability\tposition\tsalience\n"
    "Netherlands\t0.08\t4\t0.8\n" "Belgium\t0.08\t7\t0.4\n" "Luxembourg\t0.03\t4\t0.2\n"
    "Germany\t0.16\t4\t0.8\n" "France\t0.16\t10\t0.6\n" "Italy\t0.16\t10\t0.6\n"
    "UK\t0.16\t10\t0.9\n" "Ireland\t0.05\t7\t0.1\n" "Denmark\t0.05\t4\t1.0\n"
    "Greece\t0.08\t7\t0.7\n";

static void emission_table(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t e;
    char *rep = NULL;
    assert_int_equal(load(&s, emission, strlen(emission), ENT_FMT_AUTO, &rep, &e), ENT_OK);
    assert_int_equal(s.nactors, 10);
    assert_int_equal(s.nissues, 1);
    assert_true(s.salience_scale == 1);
    assert_string_equal(s.issues[0].id, "issue");
    assert_true(s.issues[0].lo[0] == 4 && s.issues[0].hi[0] == 10);
    assert_string_equal(s.actors[6].id, "UK");
    assert_true(s.actors[6].capability == 0.16);
    assert_int_equal(s.actors[6].loc.line, 10);
    assert_non_null(strstr(s.description, "Scholz, Calbert & Smith 2011"));
    /* capability x salience weighted mean: 7.390 (published) */
    double num = 0, den = 0;
    for (size_t a = 0; a < s.nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(&s, a, 0);
        assert_true(p->present);
        assert_true(isnan(p->capability));
        double w = s.actors[a].capability * ent_scenario_salience(&s, a, 0, 0);
        num += w * p->x[0];
        den += w;
    }
    assert_true(fabs(num / den - 7.390) < 5e-4);
    assert_non_null(rep);
    assert_string_equal(rep, "t.csv: salience read on a 0-1 scale (max 1)\n");
    free(rep);
    ent_scenario_destroy(&s);
}

static void synonyms_scale100_crlf_bom_utf8(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF" "Stakeholder;CLOUT;Position;Salience\r\n"
                    "\"Tsipras, Alexis\";100;40;95\r\n"
                    "Sch\xC3\xA4uble;100;100;80\r\n"
                    "IMF;20;70;100\r\n";
    ent_scenario_t s;
    ent_error_t e;
    char *rep = NULL;
    assert_int_equal(load(&s, t, strlen(t), ENT_FMT_AUTO, &rep, &e), ENT_OK);
    assert_int_equal(s.nactors, 3);
    assert_true(s.salience_scale == 100);
    assert_string_equal(s.actors[0].name, "Tsipras, Alexis");
    assert_string_equal(s.actors[0].id, "Tsipras_Alexis");
    assert_string_equal(s.actors[1].name, "Sch\xC3\xA4uble");
    assert_string_equal(s.actors[1].id, "Sch\xC3\xA4uble");
    assert_true(ent_scenario_pos(&s, 2, 0)->sal[0] == 100);
    assert_true(fabs(ent_scenario_salience(&s, 0, 0, 0) - 0.95) < 1e-15);
    assert_true(s.issues[0].lo[0] == 40 && s.issues[0].hi[0] == 100);
    assert_string_equal(rep, "t.csv: salience read on a 0-100 scale (max 100)\n");
    free(rep);
    ent_scenario_destroy(&s);
}

static void column_order_and_trailing_delims(void **state)
{
    (void)state;
    const char *t = "Salience,x,Name,c,Notes,\n0.5,3,A,2,first,\n0.25,3,B,1,,\n";
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, t, strlen(t), ENT_FMT_AUTO, NULL, &e), ENT_OK);
    assert_int_equal(s.nactors, 2);
    assert_true(s.actors[0].capability == 2);
    assert_string_equal(s.actors[0].notes, "first");
    assert_null(s.actors[1].notes);
    assert_true(ent_scenario_pos(&s, 1, 0)->sal[0] == 0.25);
    /* one distinct position inside 0..100: the scale is 0..100 */
    assert_true(s.issues[0].lo[0] == 0 && s.issues[0].hi[0] == 100);
    ent_scenario_destroy(&s);
    const char *h = "Actor,Capability,Position,Salience\n# a comment\n#5 list,1,40,0.5\n";
    assert_int_equal(load(&s, h, strlen(h), ENT_FMT_AUTO, NULL, &e), ENT_OK);
    assert_int_equal(s.nactors, 1);
    assert_string_equal(s.actors[0].name, "#5 list");
    assert_string_equal(s.actors[0].id, "5_list");
    ent_scenario_destroy(&s);
    const char *u = "Actor,Capability,Position,Salience\nA,1,-500,1\n";
    assert_int_equal(load(&s, u, strlen(u), ENT_FMT_AUTO, NULL, &e), ENT_OK);
    assert_true(s.issues[0].lo[0] == -501 && s.issues[0].hi[0] == -499);
    ent_scenario_destroy(&s);
}

static void errors(void **state)
{
    (void)state;
    static const struct { const char *text; int line, col; const char *msg; } cases[] = {
        {"", 1, 1, "empty file"},
        {" \r\n\n", 1, 1, "empty file"},
        {"Actor,Capability,Position,Salience\n", 1, 1, "no actor rows"},
        {"Actor|Capability|Position|Salience\nA|1|2|3\n", 1, 1, "header has 1 field; expected the columns"},
        {"Actor,Capability,Position\nA,1,2\n", 1, 1, "missing column 'salience'"},
        {"Actor,Capability,Position,Salience,Foo\n", 1, 36, "unknown column 'Foo'"},
        {"Actor,Capability,Position,Salience,Power\n", 1, 36, "second capability column 'Power'"},
        {"Actor,Capability,Position,Salience\nA,1,2\n", 2, 6, "row has 3 fields; expected 4"},
        {"Actor,Capability,Position,Salience\nA\t1\t2\t3\n", 2, 8, "row has 1 field; expected 4"},
        {"Actor,Capability,Position,Salience\nA,1,2,0.5,9\n", 2, 11, "extra field '9'"},
        {"Actor,Capability,Position,Salience\nA,x,2,0.5\n", 2, 3, "capability 'x' is not a number"},
        {"Actor,Capability,Position,Salience\nA,1,nan,0.5\n", 2, 5, "position 'nan' is not a finite number"},
        {"Actor,Capability,Position,Salience\nA,1,2,inf\n", 2, 7, "'inf' is not a finite number"},
        {"Actor,Capability,Position,Salience\nA,1,,0.5\n", 2, 5, "position is empty"},
        {"Actor,Capability,Position,Salience\nA,-1,2,0.5\n", 2, 3, "negative capability -1"},
        {"Actor,Capability,Position,Salience\nA,1,2,101\n", 2, 7, "salience 101 out of range"},
        {"Actor,Capability,Position,Salience\nA,1,2,-0.1\n", 2, 7, "salience -0.1 out of range"},
        {"Actor,Capability,Position,Salience\nA,1,2,.5\nB,1,2,.5\n A ,1,3,.5\n", 4, 2,
         "duplicate actor 'A' (first on line 2)"},
        {"Actor,Capability,Position,Salience\n,1,2,.5\n", 2, 1, "empty actor name"},
        {"Actor,Capability,Position,Salience\nA\xFF,1,2,.5\n", 2, 2, "not valid UTF-8"},
        {"Actor,Capability,Position,Salience\nA,1,2,\"0.5\n", 2, 7, "unterminated quoted field"},
        {"hello\nworld\n", 1, 1, "unrecognised format"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ent_scenario_t s;
        ent_error_t e;
        ent_format_t fmt = i == 3 || i == 4 ? ENT_FMT_EU_CSV : ENT_FMT_AUTO;
        ent_status_t st = load(&s, cases[i].text, strlen(cases[i].text), fmt, NULL, &e);
        if (st != ENT_EINPUT || e.line != cases[i].line || e.col != cases[i].col ||
            !strstr(e.msg, cases[i].msg) || strcmp(e.file, "t.csv") != 0)
            fail_msg("case %zu: status %d at %d:%d '%s'", i, st, e.line, e.col, e.msg);
        assert_int_equal(s.nactors, 0); /* left empty */
        assert_null(s.actors);
        ent_scenario_destroy(&s);
    }
    /* binary garbage */
    const char bin[] = "Actor,Capability,Position,Salience\nA,1\0\x01\x02,2,3\n";
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, bin, sizeof bin - 1, ENT_FMT_AUTO, NULL, &e), ENT_EINPUT);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.col, 4);
    assert_non_null(strstr(e.msg, "NUL byte"));
    ent_scenario_destroy(&s);
}

static void hundred_thousand_actors(void **state)
{
    (void)state;
    size_t n = 100000;
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_puts(&b, "Actor,Capability,Position,Salience\n");
    uint32_t x = 20240601u; /* xorshift32, seeded */
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        ent_buf_printf(&b, "actor %zu,%u,%u,%u\n", i, x % 1000, (x >> 10) % 101, (x >> 20) % 101);
    }
    assert_false(b.oom);
    ent_scenario_t s;
    ent_error_t e;
    char *rep = NULL;
    assert_int_equal(load(&s, b.data, b.len, ENT_FMT_AUTO, &rep, &e), ENT_OK);
    assert_int_equal(s.nactors, n);
    assert_true(s.salience_scale == 100);
    assert_string_equal(s.actors[n - 1].id, "actor_99999");
    assert_string_equal(s.actors[n - 1].name, "actor 99999");
    assert_int_equal(s.actors[n - 1].loc.line, (int)n + 1);
    for (size_t a = 0; a < n; a++) assert_true(ent_scenario_pos(&s, a, 0)->present);
    free(rep);
    ent_scenario_destroy(&s);
    ent_buf_free(&b);
}

static void very_long_line(void **state)
{
    (void)state;
    size_t n = 1536u * 1024u;
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_puts(&b, "Actor,Capability,Position,Salience,Notes\nA,1,2,0.5,\"");
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'n', n);
    big[n] = 0;
    big[10] = ',';
    ent_buf_puts(&b, big);
    ent_buf_puts(&b, "\"\nB,2,3,0.25,short\n");
    ent_scenario_t s;
    ent_error_t e;
    assert_int_equal(load(&s, b.data, b.len, ENT_FMT_AUTO, NULL, &e), ENT_OK);
    assert_int_equal(s.nactors, 2);
    assert_int_equal(strlen(s.actors[0].notes), n);
    assert_string_equal(s.actors[1].notes, "short");
    ent_scenario_destroy(&s);
    free(big);
    ent_buf_free(&b);
}

static void load_file_errors(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load(&s, "/nonexistent/dir/x.csv", NULL, &e), ENT_EIO);
    assert_string_equal(e.file, "/nonexistent/dir/x.csv");
    assert_non_null(strstr(e.msg, "cannot open"));
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_load(&s, "tests", NULL, &e), ENT_EINPUT); /* a directory: bad input */
    assert_non_null(strstr(e.msg, "is a directory"));
    char path[] = "/tmp/ent_eu_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs(emission, f);
    fclose(f);
    ent_error_clear(&e);
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    assert_int_equal(ent_scenario_load(&s, path, &o, &e), ENT_OK);
    assert_int_equal(s.nactors, 10);
    assert_non_null(s.load_report);
    ent_scenario_destroy(&s);
    /* a (sparse) file over 256 MiB is refused before it is read */
    f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)257 << 20), 0);
    fclose(f);
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_load(&s, path, NULL, &e), ENT_ELIMIT);
    assert_non_null(strstr(e.msg, "the limit is 256 MiB"));
    assert_int_equal(s.nactors, 0);
    remove(path);
}

static void capability_file(void **state)
{
    (void)state;
    char path[] = "/tmp/ent_cap_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs("actor,capability\nGermany,0.5\nUK, 0.25\n", f);
    fclose(f);
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.capability_file = path;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load_mem(&s, "t.csv", emission, strlen(emission), &o, &e), ENT_OK);
    assert_true(s.actors[3].capability == 0.5);
    assert_true(s.actors[6].capability == 0.25);
    assert_true(s.actors[0].capability == 0.08);
    assert_non_null(strstr(s.load_report, "capabilities of 2 of 10 actors"));
    ent_scenario_destroy(&s);
    f = fopen(path, "wb");
    fputs("Germany,0.5\nMars,1\n", f);
    fclose(f);
    ent_load_opts_init(&o);
    o.capability_file = path;
    assert_int_equal(ent_scenario_load_mem(&s, "t.csv", emission, strlen(emission), &o, &e), ENT_EINPUT);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "unknown actor 'Mars'"));
    assert_int_equal(s.nactors, 0);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emission_table),
        cmocka_unit_test(synonyms_scale100_crlf_bom_utf8),
        cmocka_unit_test(column_order_and_trailing_delims),
        cmocka_unit_test(errors),
        cmocka_unit_test(hundred_thousand_actors),
        cmocka_unit_test(very_long_line),
        cmocka_unit_test(load_file_errors),
        cmocka_unit_test(capability_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
