/* SPDX-License-Identifier: MIT */
/* test_report_svg.c — the SVG plotting module of the briefing (src/report/svg.c: escaping,
 * nice ticks, the diverging scale, the marks it writes) and the HTML briefing
 * (ent_report_html, src/report/report_html.c) on tests/data/report/escape.yaml, whose
 * names are markup: nothing of them may reach the page unescaped, every figure's
 * data-marks must equal the marks written inside it, and the figure callback must receive
 * each <svg> exactly as the page holds it. Run from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "report/svg.h"

static const char *text(ent_buf_t *b)
{
    ent_buf_puts(b, ""); /* make sure data is allocated and terminated */
    return b->data;
}

static void escape_all(void **state)
{
    (void)state;
    ent_buf_t b = ENT_BUF_INIT;
    ent_i_xml_escape(&b, "a<b>&\"c'\x01\td\xD7\xA9");
    assert_string_equal(text(&b), "a&lt;b&gt;&amp;&quot;c&#39;\xEF\xBF\xBD\td\xD7\xA9");
    ent_buf_reset(&b);
    ent_i_xml_escape(&b, NULL);
    ent_i_xml_escape(&b, "");
    assert_int_equal(b.len, 0);
    ent_buf_free(&b);
}

static void nice_ticks(void **state)
{
    (void)state;
    double t[32], step;
    size_t n = ent_i_nice_ticks(0, 100, 5, t, &step);
    assert_int_equal(n, 6);
    assert_true(step == 20 && t[0] == 0 && t[5] == 100);
    n = ent_i_nice_ticks(0, 1, 5, t, &step);
    assert_int_equal(n, 6);
    assert_true(fabs(step - 0.2) < 1e-12 && fabs(t[5] - 1) < 1e-12);
    n = ent_i_nice_ticks(0.0005, 0.0913, 5, t, &step); /* ticks inside the range only */
    assert_true(fabs(step - 0.02) < 1e-12);
    assert_int_equal(n, 4);
    assert_true(fabs(t[0] - 0.02) < 1e-12 && fabs(t[3] - 0.08) < 1e-12);
    n = ent_i_nice_ticks(-30, 30, 6, t, &step);
    assert_true(step == 10 && n == 7 && t[3] == 0); /* zero is exactly 0, not -1e-17 */
    assert_int_equal(ent_i_nice_ticks(5, 5, 5, t, &step), 1);
    assert_true(t[0] == 5 && step == 0);
    assert_int_equal(ent_i_nice_ticks(NAN, 1, 5, t, NULL), 1);
    n = ent_i_nice_ticks(0, 1e6, 1000, t, &step); /* capped at 32 ticks */
    assert_true(n <= 32);
}

static void diverging_scale(void **state)
{
    (void)state;
    char c[8];
    ent_i_diverging(-1, c);
    assert_string_equal(c, "#e66101");
    ent_i_diverging(-7, c); /* clamped */
    assert_string_equal(c, "#e66101");
    ent_i_diverging(0, c);
    assert_string_equal(c, "#ffffff");
    ent_i_diverging(1, c);
    assert_string_equal(c, "#2166ac");
    ent_i_diverging(NAN, c);
    assert_string_equal(c, "#eeeeee");
    assert_string_equal(ent_i_palette(0), ent_i_palette(8));
}

static void marks(void **state)
{
    (void)state;
    ent_buf_t b = ENT_BUF_INIT;
    ent_i_plot_t p;
    ent_i_svg_begin(&p, &b, 200, 100, "f<1>", "T & t", "D \"d\"");
    ent_i_plot_area(&p, 0, 0, 0, 0);
    ent_i_plot_range(&p, 0, 10, 0, 10);
    assert_true(ent_i_px(&p, 5) == 100 && ent_i_py(&p, 10) == 0 && ent_i_py(&p, 0) == 100);
    double x[] = {0, 5, NAN, 8, 10}, y[] = {0, 5, 5, 8, 10};
    ent_i_plot_line(&p, x, y, 5, "#000", 1, NULL, "l", "a<b");
    ent_i_plot_bar(&p, 2, 4, 0, 0, "#111", NULL, NULL);
    ent_i_plot_point(&p, 10, 10, 3, "#222", "pt", NULL);
    ent_i_svg_end(&p);
    const char *s = text(&b);
    assert_non_null(strstr(s, "id=\"f&lt;1&gt;\""));
    assert_non_null(strstr(s, "<title id=\"f&lt;1&gt;-t\">T &amp; t</title><desc>D &quot;d&quot;</desc>"));
    /* the NaN breaks the line: a second sub-path starts with M */
    assert_non_null(strstr(s, "d=\"M0.0 100.0 L100.0 50.0 M160.0 20.0 L200.0 0.0\""));
    assert_non_null(strstr(s, "<title>a&lt;b</title></path>"));
    /* the bar given corner to corner in any order */
    assert_non_null(strstr(s, "<rect class=\"mark\" x=\"0.0\" y=\"60.0\" width=\"40.0\" height=\"40.0\""));
    assert_non_null(strstr(s, "<circle class=\"mark pt\" cx=\"200.0\" cy=\"0.0\" r=\"3.0\""));
    size_t n = 0;
    for (const char *q = s; (q = strstr(q, "class=\"mark")); q++) n++;
    assert_int_equal(n, 3);
    assert_false(b.oom);
    ent_buf_free(&b);
}

typedef struct {
    const char *page;
    size_t calls, bad;
} figs_t;

static void on_figure(void *ctx, const char *name, const char *svg, size_t len)
{
    figs_t *f = ctx;
    f->calls++;
    if (len < 12 || strncmp(svg, "<svg ", 5) || strncmp(svg + len - 7, "</svg>\n", 7) || !isdigit((unsigned char)name[0]))
        f->bad++;
    for (const char *c = name; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '-' || *c == '_')) f->bad++;
}

static void briefing_escapes_and_counts(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t err = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/report/escape.yaml", NULL, &err), ENT_OK);
    ent_analyze_t a;
    assert_int_equal(ent_analyze_run(&s, NULL, &a, &err), ENT_OK);
    ent_report_html_opts_t o;
    ent_report_html_opts_init(&o);
    assert_int_equal(o.max_labels, 30);
    figs_t f = {0};
    o.figure = on_figure;
    o.figure_ctx = &f;
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_html(&s, &a, &o, &b), ENT_OK);
    const char *page = text(&b);
    assert_null(strstr(page, "<script"));
    assert_null(strstr(page, "<img"));
    assert_null(strstr(page, "<b>bold"));
    assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(page, "Tom &amp; Jerry &quot;the &#39;pair&#39;&quot;"));
    assert_non_null(strstr(page, "<bdi>\xD9\x85\xD8\xB5\xD8\xB1</bdi>")); /* مصر, isolated */
    /* no power given: a sentence per rule instead of a chart */
    assert_non_null(strstr(page, "Rule r_amp: no power chart: it was not computed."));
    /* every figure: data-marks equals the marks written before its </figure> */
    size_t nfig = 0, nsvg = 0;
    for (const char *q = page; (q = strstr(q, "<figure ")); q++) {
        const char *end = strstr(q, "</figure>");
        assert_non_null(end);
        const char *dm = strstr(q, "data-marks=\"");
        assert_true(dm && dm < end);
        size_t want = strtoul(dm + 12, NULL, 10), got = 0;
        for (const char *m = q; (m = strstr(m, "class=\"mark")) && m < end; m++) got++;
        assert_int_equal(got, want);
        nfig++;
        const char *sv = strstr(q, "<svg ");
        nsvg += sv && sv < end;
    }
    assert_true(nfig >= 8);
    assert_int_equal(f.calls, nsvg);
    assert_int_equal(f.bad, 0);
    ent_buf_free(&b);
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
}

/* With the power of each rule given: one bar per player and index, veto players marked. */
static void briefing_power_bars(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t err = {0};
    assert_int_equal(ent_scenario_load(&s, "tests/data/report/escape.yaml", NULL, &err), ENT_OK);
    ent_analyze_opts_t ao;
    ent_analyze_opts_init(&ao);
    ao.forecasts = 0;
    ao.sensitivity = 0;
    ent_analyze_t a;
    assert_int_equal(ent_analyze_run(&s, &ao, &a, &err), ENT_OK);
    ent_game_t *g[2] = {NULL, NULL};
    ent_power_t p[2];
    ent_power_opts_t po;
    ent_power_opts_init(&po);
    po.indices = (1u << ENT_IDX_SHAPLEY) | (1u << ENT_IDX_BANZHAF);
    for (size_t r = 0; r < 2; r++) {
        assert_int_equal(ent_game_from_rule(&s, r, NULL, &g[r], &err), ENT_OK);
        assert_int_equal(ent_game_power(g[r], &po, &p[r], &err), ENT_OK);
    }
    ent_report_html_opts_t o;
    ent_report_html_opts_init(&o);
    o.npower = 2;
    o.games = (const ent_game_t *const *)g;
    o.power = p;
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_html(&s, &a, &o, &b), ENT_OK);
    const char *page = text(&b);
    /* r_amp = all of {A, B}: 2 players, both veto; r_maj = 3 of 4: 4 players, none veto */
    assert_non_null(strstr(page, "data-kind=\"power\" data-marks=\"4\""));
    assert_non_null(strstr(page, "data-kind=\"power\" data-marks=\"8\""));
    size_t veto = 0;
    for (const char *q = page; (q = strstr(q, "class=\"mark ss veto\"")); q++) veto++;
    assert_int_equal(veto, 2);
    assert_non_null(strstr(page, "Shapley-Shubik 0.5000 (veto player)"));
    assert_null(strstr(page, "no power chart"));
    ent_buf_free(&b);
    for (size_t r = 0; r < 2; r++) {
        ent_power_destroy(&p[r]);
        ent_game_destroy(g[r]);
    }
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escape_all),
        cmocka_unit_test(nice_ticks),
        cmocka_unit_test(diverging_scale),
        cmocka_unit_test(marks),
        cmocka_unit_test(briefing_escapes_and_counts),
        cmocka_unit_test(briefing_power_bars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
