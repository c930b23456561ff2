/* SPDX-License-Identifier: MIT */
/* report_html.c — the HTML briefing of `entente report` (docs/report.md): one self-contained
 * XHTML5 page, inline CSS and SVG (src/report/svg.c), no script, nothing fetched. It reads
 * the result structs of ent_analyze_run (entente/analysis.h), of ent_game_power per rule
 * (entente/game.h) and the forecasts' tracks (entente/forecast.h); it computes no model.
 * Sections: summary (the sentences of `analyze`, report_analyze.c), power (bars of
 * Shapley–Shubik and Banzhaf per player, veto players marked; the guarantee table "over the
 * objection"), forecasts (per issue and dimension: actors as dots sized by capability ×
 * salience, each model's forecast, status quo, outcome), dynamics (positions per round,
 * forecast line, verdict marked), proposals (gain over the status quo, diverging colours),
 * win-sets (intervals on the issue scales), preconditions (laid out by Graphviz's dot when
 * the build finds libgvc, else a layered graph: layers by longest path along the feasible
 * order; cycles in vermilion, the links to drop dashed, the order numbered), sensitivity. Every figure: caption, <title>/<desc>, data table,
 * data-marks = the number of marks its data calls for (checked in a browser by
 * tests/report/browser_check.py). Cost: O(size of the results); labels capped at
 * opts.max_labels per figure (top-k by weight, the rest drawn as a band).
 */
#include "entente/report.h"
#include "report/report_analysis_i.h"
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef ENT_HAVE_GVC
#include <gvc.h> /* Graphviz: the precondition graph by dot (Makefile: when pkg-config finds libgvc) */
#endif

void ent_report_html_opts_init(ent_report_html_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->max_labels = 30;
}

typedef struct {
    const ent_scenario_t *s;
    const ent_analyze_t *a;
    const ent_report_html_opts_t *o;
    ent_buf_t *out;
    int nfig;
    size_t svg_start;
    char stem[96];
} html_t;

#define ESC(b, str) ent_i_xml_escape((b), (str))

/* ---------------------------------------------------------------- figures */

static void stem_part(char *dst, size_t n, const char *src)
{
    size_t k = strlen(dst);
    for (; src && *src && k + 1 < n; src++) {
        char c = *src;
        dst[k++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '-';
    }
    dst[k] = 0;
}

/* Open a <figure> with its data-marks count; the caller then writes one <svg>. */
static void fig_begin(html_t *h, const char *kind, const char *subject, size_t marks)
{
    h->nfig++;
    snprintf(h->stem, sizeof h->stem, "%02d-%s-", h->nfig, kind);
    stem_part(h->stem, 64, subject);
    ent_buf_printf(h->out, "<figure class=\"fig\" id=\"fig-%d\" data-kind=\"%s\" data-marks=\"%zu\">\n", h->nfig,
                   kind, marks);
    h->svg_start = h->out->len;
}

/* After the <svg>: hand it to the figure callback, write the caption (plain text). */
static void fig_caption(html_t *h, const char *caption)
{
    if (h->o->figure && !h->out->oom)
        h->o->figure(h->o->figure_ctx, h->stem, h->out->data + h->svg_start, h->out->len - h->svg_start);
    ent_buf_printf(h->out, "<figcaption><b>Figure %d.</b> ", h->nfig);
    ESC(h->out, caption);
    ent_buf_puts(h->out, "</figcaption>\n");
}

static void fig_end(html_t *h) { ent_buf_puts(h->out, "</figure>\n"); }

static void data_begin(html_t *h, const char *const *head, size_t n)
{
    ent_buf_puts(h->out, "<details><summary>Data behind the figure</summary>\n<table class=\"data\"><thead><tr>");
    for (size_t k = 0; k < n; k++) {
        ent_buf_puts(h->out, "<th>");
        ESC(h->out, head[k]);
        ent_buf_puts(h->out, "</th>");
    }
    ent_buf_puts(h->out, "</tr></thead><tbody>\n");
}

static void data_end(html_t *h) { ent_buf_puts(h->out, "</tbody></table></details>\n"); }

static void td_text(ent_buf_t *b, const char *t)
{
    ent_buf_puts(b, "<td><bdi>");
    ESC(b, t);
    ent_buf_puts(b, "</bdi></td>");
}

static void td_num(ent_buf_t *b, double v, int dec)
{
    if (isnan(v)) ent_buf_puts(b, "<td class=\"n\">-</td>");
    else ent_buf_printf(b, "<td class=\"n\">%.*f</td>", dec, v);
}

static void sentence(ent_buf_t *b, const char *t)
{
    ent_buf_puts(b, "<p class=\"none\">");
    ESC(b, t);
    ent_buf_puts(b, "</p>\n");
}

/* Indices of the n weights sorted by decreasing weight (ties: index); caller frees. */
static size_t *rank_desc(const double *w, size_t n)
{
    size_t *r = malloc((n ? n : 1) * sizeof *r);
    if (!r) return NULL;
    for (size_t k = 0; k < n; k++) r[k] = k;
    for (size_t k = 1; k < n; k++) { /* insertion sort: stable; n is small or ties are few */
        size_t v = r[k], j = k;
        double wv = isnan(w[v]) ? -INFINITY : w[v];
        while (j > 0 && (isnan(w[r[j - 1]]) ? -INFINITY : w[r[j - 1]]) < wv) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = v;
    }
    return r;
}

/* A name cut to at most `max` code points ("…" added), for labels inside boxes. */
static void clip(char *dst, size_t n, const char *src, size_t max)
{
    size_t k = 0, cp = 0;
    for (; *src && k + 4 < n; src++) {
        if (((unsigned char)*src & 0xC0) != 0x80 && cp++ == max) break;
        dst[k++] = *src;
    }
    if (*src) {
        while (k > 0 && ((unsigned char)dst[k - 1] & 0xC0) == 0xC0) k--; /* no lead byte alone */
        memcpy(dst + k, "\xE2\x80\xA6", 3);
        k += 3;
    }
    dst[k] = 0;
}

/* SVG text of at most `max` code points (the whole text stays in the data table). */
static void label(ent_i_plot_t *pl, double px, double py, const char *anchor, double size, const char *text, size_t max)
{
    char c[200];
    clip(c, sizeof c, text, max);
    ent_i_svg_text(pl, px, py, anchor, size, c);
}

/* ---------------------------------------------------------------- header, summary */

static const char css[] =
    "body{font-family:system-ui,sans-serif;max-width:62rem;margin:1rem auto;padding:0 1rem;color:#222;line-height:1.4}"
    "h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2rem}"
    ".meta{color:#555}ul.summary li{margin:.3rem 0}figure{margin:1.2rem 0;break-inside:avoid;page-break-inside:avoid}"
    "figure svg{max-width:100%;height:auto;display:block}figcaption{font-size:.9rem;color:#333;margin-top:.3rem}"
    "table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.15rem .4rem}"
    "th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "td.yes{background:#cfe3f3}td.no{background:#f9d9bf}td.veto{outline:2px solid #000;font-weight:bold}"
    ".readings{font-size:.85rem;color:#555;white-space:pre-line}"
    ".readings.changed{color:#8a3b00;font-weight:600}"
    ".prob{font-size:.85rem;color:#0b4f7a;background:#e8f1f8;border-radius:3px;padding:0 .3rem;white-space:nowrap}"
    "details summary{cursor:pointer;color:#0072B2;font-size:.85rem}p.none{font-style:italic;color:#555}"
    ".heat td{text-align:center;min-width:4rem}tr.differs td:first-child{font-weight:bold}.key span{display:inline-block;width:1.2rem;height:.8rem}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{max-width:none;margin:0;font-size:10pt}details{display:none}h2{break-after:avoid}"
    "figure{break-inside:avoid}a{color:inherit;text-decoration:none}}";

/* The page up to <body>: doctype, head with the title (escaped) and the stylesheet. */
static void page_head(ent_buf_t *b, const char *title)
{
    ent_buf_puts(b, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n"
                    "<head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\"/>\n<title>");
    ESC(b, title);
    ent_buf_printf(b, " — briefing</title>\n<style>%s</style>\n</head>\n<body>\n", css);
}

static void header(html_t *h)
{
    const ent_scenario_t *s = h->s;
    ent_buf_t *b = h->out;
    page_head(b, s->title ? s->title : "Scenario");
    ent_buf_puts(b, "<header><h1><bdi>");
    ESC(b, s->title ? s->title : "Scenario");
    ent_buf_printf(b, "</bdi></h1>\n<p class=\"meta\">%zu actors, %zu issues, %zu rules, %zu proposals, %zu steps",
                   s->nactors, s->nissues, s->nrules, s->nproposals, s->nsteps);
    if (h->o->source) {
        ent_buf_puts(b, "; from <code>");
        ESC(b, h->o->source);
        ent_buf_puts(b, "</code>");
    }
    ent_buf_printf(b, "; briefing by entente %s.</p>\n", ent_version());
    if (s->description) {
        ent_buf_puts(b, "<p><bdi>");
        ESC(b, s->description);
        ent_buf_puts(b, "</bdi></p>\n");
    }
    ent_buf_puts(b, "</header>\n");
}

/* The simulation's line for summary item `it` of the briefing's own analysis: the nominal
 * run's item with the same kind and subjects (the briefing's run also has the sensitivity
 * items, which the simulation does not draw), or NULL. */
static const ent_sim_line_t *sim_line_of(const ent_simulation_t *sim, const ent_analyze_item_t *it)
{
    for (size_t l = 0; sim && l < sim->nlines; l++) {
        const ent_analyze_item_t *n = &sim->nominal.items[sim->lines[l].item];
        if (n->kind == it->kind && n->actor == it->actor && n->rule == it->rule && n->proposal == it->proposal &&
            n->step == it->step && n->issue == it->issue && n->index == it->index)
            return &sim->lines[l];
    }
    return NULL;
}

static int model_ok(const ent_analyze_t *a, size_t m) { return a->model_error[m].status == ENT_OK; }

/* The simulation's aggregate of model m's forecast on issue i, dimension d (its output
 * "forecast.MODEL.ISSUE" or "forecast.MODEL.ISSUE[d]", src/analysis/simulate.c), or NULL
 * without a simulation or when no draw made it. */
static const ent_sim_output_t *sim_forecast(const html_t *h, size_t m, size_t i, size_t d)
{
    const ent_simulation_t *sim = h->o->sim;
    if (!sim) return NULL;
    char name[300];
    if (h->s->issues[i].ndim > 1) snprintf(name, sizeof name, "forecast.%s.%s[%zu]", h->a->model[m], h->s->issues[i].id, d + 1);
    else snprintf(name, sizeof name, "forecast.%s.%s", h->a->model[m], h->s->issues[i].id);
    for (size_t o = 0; o < sim->noutputs; o++)
        if (sim->outputs[o].kind == ENT_SIM_NUMBER && sim->outputs[o].n > 0 && !strcmp(sim->outputs[o].name, name))
            return &sim->outputs[o];
    return NULL;
}

/* After the forecasts' summary line: each model's 5-95 % band over the drawn codings on the
 * issue (dimension 1), " — 5-95 % over 1000 drawn codings: bdm 36.2-49.3, ...". */
static void forecast_badge(html_t *h, size_t i)
{
    ent_buf_t *b = h->out;
    int any = 0;
    for (size_t m = 0; m < h->a->nmodels; m++) {
        const ent_sim_output_t *so = model_ok(h->a, m) ? sim_forecast(h, m, i, 0) : NULL;
        if (!so) continue;
        if (!any)
            ent_buf_printf(b, " <span class=\"prob\">5-95%% over %zu drawn codings:", h->o->sim->draws);
        ent_buf_printf(b, "%s ", any ? "," : "");
        ESC(b, h->a->model[m]);
        ent_buf_printf(b, " %.1f-%.1f", so->q[0], so->q[4]);
        any = 1;
    }
    if (any) ent_buf_puts(b, "</span>");
}

/* " — holds in 73.1 % of 1000 drawn codings [70.3, 75.7]" after a summary line. */
static void prob_badge(ent_buf_t *b, const ent_simulation_t *sim, const ent_sim_line_t *l)
{
    ent_buf_printf(b, " <span class=\"prob\" title=\"95%% Wilson interval %.1f-%.1f %%\">holds in %.1f%% of %zu "
                      "drawn codings [%.1f, %.1f]</span>", 100 * l->lo, 100 * l->hi, 100 * l->p, sim->draws,
                   100 * l->lo, 100 * l->hi);
}

static void summary(html_t *h)
{
    ent_buf_t *b = h->out, line = ENT_BUF_INIT;
    ent_buf_puts(b, "<section id=\"summary\"><h2>Summary (computed)</h2>\n");
    if (!h->a->nitems) sentence(b, "The analyses drew no conclusion to summarise.");
    else ent_buf_puts(b, "<ul class=\"summary\">\n");
    for (size_t i = 0; i < h->a->nitems; i++) {
        ent_buf_reset(&line);
        ent_i_analyze_summary_line(h->s, h->a, &h->a->items[i], &line);
        ent_buf_puts(b, "<li>");
        char *sec = line.data ? strstr(line.data, "section ") : NULL; /* the text report's numbering */
        int thr = h->a->items[i].kind == ENT_ANALYZE_THRESHOLDS;
        if (sec && (thr || h->a->items[i].kind == ENT_ANALYZE_SENSITIVITY_FLIPS ||
                    h->a->items[i].kind == ENT_ANALYZE_SENSITIVITY_LATER)) {
            ent_buf_append(b, line.data, (size_t)(sec - line.data));
            ent_buf_puts(b, thr ? "<a href=\"#thresholds\">Nearest thresholds</a>"
                                : "see <a href=\"#sensitivity\">Sensitivity</a>");
            sec += strlen("section ");
            while (*sec >= '0' && *sec <= '9') sec++;
            ESC(b, sec);
        } else if (line.data) ESC(b, line.data);
        const ent_sim_line_t *sl = sim_line_of(h->o->sim, &h->a->items[i]);
        if (sl) prob_badge(b, h->o->sim, sl);
        if (h->a->items[i].kind == ENT_ANALYZE_FORECAST && h->a->items[i].issue >= 0)
            forecast_badge(h, (size_t)h->a->items[i].issue);
        const ent_compare_t *rd = h->o->readings;
        if (rd && rd->ncolumns > 1) {
            ent_buf_reset(&line);
            if (ent_i_readings_text(h->s, h->a, rd, &h->a->items[i], &line) && line.data) {
                /* a line some reading changes stands out from "the same under all N" */
                int same = !strncmp(line.data, "the same", 8);
                ent_buf_puts(b, same ? "<br/><span class=\"readings\">readings: "
                                     : "<br/><span class=\"readings changed\">readings: ");
                ESC(b, line.data);
                ent_buf_puts(b, ".</span>");
            }
        }
        ent_buf_puts(b, "</li>\n");
    }
    if (h->a->nitems && h->o->readings && h->o->readings->ncolumns > 1) {
        ent_buf_reset(&line);
        ent_i_readings_extra_text(h->s, h->o->readings, "", &line);
        if (line.data && line.len) {
            ent_buf_puts(b, "<li>Only under some readings:<br/><span class=\"readings\">");
            ESC(b, line.data);
            ent_buf_puts(b, "</span></li>\n");
        }
    }
    if (h->a->nitems) ent_buf_puts(b, "</ul>\n");
    if (h->a->nskipped) { /* the parts the cost budget skipped, named with their estimates */
        ent_buf_printf(b, "<p class=\"none\">Not computed, over the cost budget of %.3g s of processor time "
                          "(<code>--budget SECONDS</code>, 0 = no limit):</p>\n<ul class=\"skipped\">\n", h->a->budget);
        for (size_t k = 0; k < h->a->nskipped; k++) {
            ent_buf_reset(&line);
            ent_i_analyze_skip_text(h->s, h->a, &h->a->skipped[k], &line);
            ent_buf_puts(b, "<li>");
            if (line.data) ESC(b, line.data);
            ent_buf_puts(b, ".</li>\n");
        }
        ent_buf_puts(b, "</ul>\n");
    }
    if (h->o->sim)
        ent_buf_printf(b, "<p class=\"meta\">Probabilities: the share of %zu codings drawn from the scenario's "
                          "uncertainty section (seed %llu) in which the line holds, with its 95%% Wilson interval; "
                          "see <a href=\"#probabilities\">Probabilities</a>.</p>\n", h->o->sim->draws,
                       (unsigned long long)h->o->sim->seed);
    if (line.oom) b->oom = 1;
    ent_buf_free(&line);
    ent_buf_puts(b, "</section>\n");
}

/* ---------------------------------------------------------------- probabilities */

/* The flags of the simulation (a proposal passes, is dead on arrival, a win-set is empty, the
 * chain is circular, ...): one bar per flag, its probability over the draws, the 95 % Wilson
 * interval as a whisker; at most max_labels - 1 flags drawn, every one in the table. */
static void sim_flags_figure(html_t *h, const ent_simulation_t *sim)
{
    ent_buf_t *b = h->out;
    size_t nf = 0;
    for (size_t o = 0; o < sim->noutputs; o++) nf += sim->outputs[o].kind == ENT_SIM_FLAG && sim->outputs[o].n;
    if (!nf) {
        sentence(b, "The simulation has no flag to draw (no proposal, rule or step).");
        return;
    }
    size_t k = nf < h->o->max_labels ? nf : (h->o->max_labels > 1 ? h->o->max_labels - 1 : 1);
    fig_begin(h, "probabilities", "flags", k);
    ent_i_plot_t pl;
    ent_i_svg_begin(&pl, b, 720, 60 + 22.0 * (double)k, NULL, "Probabilities of the flags",
                    "For each flag of the analyses, the share of the drawn codings in which it is true, as a bar, "
                    "with its 95 percent Wilson interval as a whisker.");
    ent_i_plot_area(&pl, 260, 60, 16, 38);
    ent_i_plot_range(&pl, 0, 100, 0, (double)k);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X, "probability over the drawn codings, %", NULL);
    size_t row = 0;
    for (size_t o = 0; o < sim->noutputs && row < k; o++) {
        const ent_sim_output_t *f = &sim->outputs[o];
        if (f->kind != ENT_SIM_FLAG || !f->n) continue;
        double y = (double)k - (double)row++ - 0.5;
        char tip[400], v[40];
        snprintf(tip, sizeof tip, "%s: %.1f%% [%.1f, %.1f] over %zu draws", f->name, 100 * f->p, 100 * f->lo,
                 100 * f->hi, f->n);
        label(&pl, 254, ent_i_py(&pl, y) + 4, "end", 10, f->name, 40);
        ent_i_plot_bar(&pl, 0, y - 0.32, 100 * f->p, y + 0.32, ent_i_palette(0), "flag", tip);
        double x0 = ent_i_px(&pl, 100 * f->lo), x1 = ent_i_px(&pl, 100 * f->hi), py = ent_i_py(&pl, y);
        ent_buf_printf(b, "<path class=\"ref whisker\" d=\"M%.1f %.1f H%.1f M%.1f %.1f v8 M%.1f %.1f v8\" "
                          "stroke=\"#000\" stroke-width=\"1.2\"/>\n", x0, py, x1, x0, py - 4, x1, py - 4);
        snprintf(v, sizeof v, "%.1f%%", 100 * f->p);
        ent_i_svg_text(&pl, x1 + 4, py + 4, "start", 9, v);
    }
    ent_i_svg_end(&pl);
    char cap[500];
    snprintf(cap, sizeof cap, "The probability of each flag over %zu codings drawn from the uncertainty section (seed "
                              "%llu): bars, with the 95%% Wilson interval as a whisker%s.", sim->draws,
             (unsigned long long)sim->seed, k < nf ? "; the first flags in output order, every one in the table" : "");
    fig_caption(h, cap);
    static const char *const head[] = {"flag", "draws", "true", "probability", "95% low", "95% high"};
    data_begin(h, head, 6);
    for (size_t o = 0; o < sim->noutputs; o++) {
        const ent_sim_output_t *f = &sim->outputs[o];
        if (f->kind != ENT_SIM_FLAG || !f->n) continue;
        ent_buf_puts(b, "<tr>");
        td_text(b, f->name);
        ent_buf_printf(b, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>", f->n, f->count);
        td_num(b, f->p, 4);
        td_num(b, f->lo, 4);
        td_num(b, f->hi, 4);
        ent_buf_puts(b, "</tr>\n");
    }
    data_end(h);
    fig_end(h);
}

/* One output's Sobol indices as a tornado chart: its inputs by total index, largest on top
 * (at most 10), the total index and the first-order index as two bars each. */
static void sim_tornado_figure(html_t *h, const ent_simulation_t *sim, const ent_sim_sobol_t *so)
{
    ent_buf_t *b = h->out;
    const ent_sim_output_t *f = &sim->outputs[so->output];
    size_t k = sim->sobol_inputs < 10 ? sim->sobol_inputs : 10;
    if (k > h->o->max_labels) k = h->o->max_labels;
    double top = 0;
    for (size_t q = 0; q < k; q++) {
        if (so->idx[q].total_hi > top) top = so->idx[q].total_hi;
        if (so->idx[q].total > top) top = so->idx[q].total;
    }
    top = top > 1 ? ceil(top * 10) / 10 : 1;
    char title[300];
    snprintf(title, sizeof title, "Which codings %s hinges on", f->name);
    fig_begin(h, "tornado", f->name, 2 * k);
    ent_i_plot_t pl;
    ent_i_svg_begin(&pl, b, 720, 70 + 26.0 * (double)k, NULL, title,
                    "The uncertain inputs ranked by their total Sobol index for this output, largest on top: the total "
                    "index and the first-order index as two bars each.");
    ent_i_plot_area(&pl, 230, 60, 30, 38);
    ent_i_plot_range(&pl, 0, top, 0, (double)k);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X, "Sobol index (share of the output's variance)", NULL);
    static const char *const names[] = {"total index", "first-order index"};
    const char *cols[] = {ent_i_palette(0), ent_i_palette(1)};
    ent_i_plot_legend(&pl, 230, 14, names, cols, 2);
    for (size_t q = 0; q < k; q++) {
        const ent_sim_index_t *x = &so->idx[q];
        double y = (double)k - (double)q - 0.5;
        const char *in = sim->inputs[x->input].name;
        char tip[400];
        label(&pl, 224, ent_i_py(&pl, y) + 4, "end", 10, in, 36);
        double tv = isnan(x->total) ? 0 : x->total < 0 ? 0 : x->total, fv = isnan(x->first) || x->first < 0 ? 0 : x->first;
        snprintf(tip, sizeof tip, "%s: total index %.3f [%.3f, %.3f]", in, x->total, x->total_lo, x->total_hi);
        ent_i_plot_bar(&pl, 0, y, tv, y + 0.4, cols[0], "total", tip);
        snprintf(tip, sizeof tip, "%s: first-order index %.3f [%.3f, %.3f]", in, x->first, x->first_lo, x->first_hi);
        ent_i_plot_bar(&pl, 0, y - 0.4, fv, y, cols[1], "first", tip);
    }
    ent_i_svg_end(&pl);
    char cap[600];
    snprintf(cap, sizeof cap, "Sobol indices of %s (variance %.4g over %zu base draws, %zu analysis runs): the %zu "
                              "inputs with the largest total index (blue; first-order in orange), negative estimates "
                              "drawn at 0; intervals in the table.", f->name, so->variance, so->n, sim->sobol_runs, k);
    fig_caption(h, cap);
    static const char *const head[] = {"input", "total", "total 95%", "first-order", "first-order 95%"};
    data_begin(h, head, 5);
    for (size_t q = 0; q < sim->sobol_inputs; q++) {
        const ent_sim_index_t *x = &so->idx[q];
        ent_buf_puts(b, "<tr>");
        td_text(b, sim->inputs[x->input].name);
        td_num(b, x->total, 3);
        ent_buf_printf(b, "<td class=\"n\">%.3f-%.3f</td>", x->total_lo, x->total_hi);
        td_num(b, x->first, 3);
        ent_buf_printf(b, "<td class=\"n\">%.3f-%.3f</td></tr>\n", x->first_lo, x->first_hi);
    }
    data_end(h);
    fig_end(h);
}

/* The section of the probabilities (only with a simulation): the flags, then with Sobol
 * indices a tornado chart per flag that varies (the numbers' indices are in the text report
 * of `entente simulate --sobol`). */
static void probabilities_section(html_t *h)
{
    const ent_simulation_t *sim = h->o->sim;
    if (!sim) return;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<section id=\"probabilities\"><h2>Probabilities over the codings</h2>\n");
    ent_buf_printf(b, "<p>%zu codings drawn from the scenario's uncertainty section (%zu uncertain inputs, seed "
                      "%llu), each analysed as the scenario is.</p>\n", sim->draws, sim->ninputs,
                   (unsigned long long)sim->seed);
    sim_flags_figure(h, sim);
    if (sim->sobol_n) {
        size_t drawn = 0;
        ent_buf_puts(b, "<h3>Which codings the flags hinge on (Sobol indices)</h3>\n");
        for (size_t k = 0; k < sim->nsobol; k++)
            if (sim->outputs[sim->sobol[k].output].kind == ENT_SIM_FLAG && sim->sobol_inputs)
                sim_tornado_figure(h, sim, &sim->sobol[k]), drawn++;
        if (!drawn) sentence(b, "No flag varies over the Sobol samples: there is no variance to apportion.");
    }
    ent_buf_puts(b, "</section>\n");
}

/* ---------------------------------------------------------------- power */

/* A player's display name: its scenario actor's name when it has one. */
static const char *player_name(const ent_scenario_t *s, const ent_game_t *g, size_t k)
{
    size_t a = ent_game_player_actor(g, k);
    return a < s->nactors ? ent_i_actor_name(s, a) : ent_game_player_name(g, k);
}

/* One rule's bars: Shapley–Shubik and Banzhaf per player (top max_labels by Banzhaf, the rest
 * summed into a band), veto players marked. */
static void power_figure(html_t *h, size_t r, const ent_game_t *g, const ent_power_t *p)
{
    ent_buf_t *b = h->out;
    const ent_ruledef_t *rd = &h->s->rules[r];
    /* label budget: a name and a value per row when every row fits so, else names only (values
       in the tooltips and the data table), one label kept for the band of the rest */
    size_t n = p->n, budget = h->o->max_labels > 1 ? h->o->max_labels - 1 : 1;
    int values = n <= budget / 2;
    size_t k = values ? n : n < budget ? n : budget;
    const double *ss = p->value[ENT_IDX_SHAPLEY], *bz = p->value[ENT_IDX_BANZHAF];
    /* a Monte Carlo run in which no sampled coalition had a swing leaves the normalized
       Banzhaf index not estimated (NaN, every player): no orange bars, ranked by Shapley-Shubik */
    int bz_na = n && isnan(bz[0]);
    size_t *rank = rank_desc(bz_na ? ss : bz, n);
    if (!rank) { b->oom = 1; return; }
    double vmax = 0, rest_ss = 0, rest_bz = 0;
    for (size_t q = 0; q < n; q++) {
        if (ss[q] > vmax) vmax = ss[q];
        if (bz[q] > vmax) vmax = bz[q];
    }
    for (size_t q = k; q < n; q++) rest_ss += ss[rank[q]], rest_bz += bz[rank[q]];
    double t[32], step;
    size_t nt = ent_i_nice_ticks(0, vmax > 0 ? vmax : 1, 5, t, &step);
    double top = t[nt - 1] < vmax ? t[nt - 1] + step : t[nt - 1];
    size_t rows = k + (k < n);
    int dec = vmax > 0 && vmax < 0.1 ? 2 + (int)ceil(-log10(vmax)) : 3; /* two significant digits at least */
    if (dec > 8) dec = 8;
    char title[300], *desc = NULL;
    snprintf(title, sizeof title, "Voting power under %s", rd->id);
    fig_begin(h, "power", rd->id, (bz_na ? 1 : 2) * k);
    ent_i_plot_t pl;
    ent_buf_t d = ENT_BUF_INIT;
    ent_buf_printf(&d, "Shapley-Shubik and normalized Banzhaf index of each of the %zu players of rule %s%s.", n, rd->id,
                   k < n ? "; the players beyond the first by Banzhaf are summed in one band" : "");
    desc = d.data;
    ent_i_svg_begin(&pl, b, 720, 60 + 22.0 * (double)rows, NULL, title, desc ? desc : "");
    ent_i_plot_area(&pl, 190, 90, 28, 34);
    ent_i_plot_range(&pl, 0, top > 0 ? top : 1, 0, (double)rows);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X, "index value", NULL);
    static const char *const names[] = {"Shapley-Shubik", "Banzhaf"};
    const char *cols[] = {ent_i_palette(0), ent_i_palette(1)};
    ent_i_plot_legend(&pl, 190, 16, names, cols, 2);
    for (size_t q = 0; q < k; q++) {
        size_t pq = rank[q];
        double y = (double)rows - (double)q; /* row q from the top */
        char lab[200], tip[300], name[120];
        int veto = p->veto && p->veto[pq];
        clip(name, sizeof name, player_name(h->s, g, pq), 24);
        snprintf(lab, sizeof lab, "%s%s", name, veto ? " \xE2\x97\x86 veto" : "");
        ent_i_svg_text(&pl, 184, ent_i_py(&pl, y - 0.5) + 4, "end", 11, lab);
        snprintf(tip, sizeof tip, "%s: Shapley-Shubik %.4f%s", player_name(h->s, g, pq), ss[pq], veto ? " (veto player)" : "");
        ent_i_plot_bar(&pl, 0, y - 0.1, ss[pq], y - 0.48, cols[0], veto ? "ss veto" : "ss", tip);
        if (!bz_na) {
            snprintf(tip, sizeof tip, "%s: Banzhaf %.4f%s", player_name(h->s, g, pq), bz[pq], veto ? " (veto player)" : "");
            ent_i_plot_bar(&pl, 0, y - 0.52, bz[pq], y - 0.9, cols[1], veto ? "bz veto" : "bz", tip);
            snprintf(lab, sizeof lab, "%.*f / %.*f", dec, ss[pq], dec, bz[pq]);
        } else
            snprintf(lab, sizeof lab, "%.*f / -", dec, ss[pq]);
        if (values)
            ent_i_svg_text(&pl, ent_i_px(&pl, !bz_na && bz[pq] > ss[pq] ? bz[pq] : ss[pq]) + 4, ent_i_py(&pl, y - 0.5) + 4,
                           "start", 9, lab);
    }
    if (k < n) {
        char lab[120];
        ent_i_plot_band(&pl, 0, 0.9, pl.x1, 0.1, "#999999", 0.25);
        if (bz_na) snprintf(lab, sizeof lab, "%zu others (sum %.3f / -)", n - k, rest_ss);
        else snprintf(lab, sizeof lab, "%zu others (sum %.3f / %.3f)", n - k, rest_ss, rest_bz);
        ent_i_svg_text(&pl, 184, ent_i_py(&pl, 0.5) + 4, "end", 11, lab);
    }
    ent_i_svg_end(&pl);
    char cap[1000], method[80];
    if (p->is_exact) snprintf(method, sizeof method, "exact");
    else snprintf(method, sizeof method, "Monte Carlo estimate, %llu samples, seed %llu", (unsigned long long)p->samples,
                  (unsigned long long)p->seed);
    snprintf(cap, sizeof cap, "Voting power under rule %s (%s; %s): Shapley-Shubik (blue) and normalized Banzhaf "
                              "(orange) per player%s; veto players marked \xE2\x97\x86.%s", rd->id, rd->expr ? rd->expr : "",
             method, k < n ? (bz_na ? ", the largest by Shapley-Shubik" : ", the largest by Banzhaf") : "",
             bz_na ? " Normalized Banzhaf not estimated: no sampled coalition had a swing (random coalitions of this "
                     "many players almost never reach the rule's threshold), so no orange bar is drawn."
                   : "");
    fig_caption(h, cap);
    static const char *const head[] = {"player", "Shapley-Shubik", "Banzhaf", "veto"};
    data_begin(h, head, 4);
    for (size_t q = 0; q < n; q++) {
        ent_buf_puts(b, "<tr>");
        td_text(b, player_name(h->s, g, q));
        td_num(b, ss[q], 4);
        td_num(b, bz[q], 4);
        ent_buf_printf(b, "<td>%s</td></tr>\n", p->veto && p->veto[q] ? "yes" : "");
    }
    data_end(h);
    fig_end(h);
    if (d.oom) b->oom = 1;
    ent_buf_free(&d);
    free(rank);
}

static void guarantee_table(html_t *h)
{
    const ent_guarantee_t *g = &h->a->guarantee;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<h3>Guarantee designs: can assistance pass over the objection?</h3>\n");
    if (!g->nrows) {
        sentence(b, "The scenario has no rules: there is no guarantee design to judge.");
        return;
    }
    ent_buf_puts(b, "<table class=\"guarantee\"><thead><tr><th>design</th><th>verdict</th><th>over the objection</th>"
                    "<th>over objection + partners</th><th>veto players</th><th>power to prevent</th></tr></thead>"
                    "<tbody>\n");
    for (size_t r = 0; r < g->nrows; r++) {
        const ent_guarantee_row_t *row = &g->rows[r];
        ent_buf_t v = ENT_BUF_INIT;
        ent_i_guarantee_verdict_text(h->s, g, row, &v);
        ent_buf_puts(b, "<tr>");
        td_text(b, h->s->rules[row->rule].id);
        td_text(b, v.data ? v.data : "");
        ent_buf_printf(b, "<td class=\"%s\">%s</td><td class=\"%s\">%s</td><td>", row->passes_over_aggressor ? "yes" : "no",
                       row->passes_over_aggressor ? "can act" : "blocked", row->passes_over_group ? "yes" : "no",
                       row->passes_over_group ? "can act" : "blocked");
        for (size_t k = 0; k < row->nveto; k++) {
            if (k) ent_buf_puts(b, ", ");
            ESC(b, h->s->actors[row->veto[k]].id);
        }
        ent_buf_puts(b, row->nveto ? "</td>" : "none</td>");
        td_num(b, row->prevent, 4);
        ent_buf_puts(b, "</tr>\n");
        if (v.oom) b->oom = 1;
        ent_buf_free(&v);
    }
    ent_buf_puts(b, "</tbody></table>\n<p class=\"meta\">Blue: assistance can be triggered over the objection; orange: "
                    "it is blocked.</p>\n");
}

static void power_section(html_t *h)
{
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<section id=\"power\"><h2>Voting power of the rules</h2>\n");
    if (!h->s->nrules) sentence(b, "The scenario has no rules: there is no voting power to draw.");
    for (size_t r = 0; r < h->s->nrules; r++) {
        const ent_power_t *p = r < h->o->npower ? &h->o->power[r] : NULL;
        const ent_game_t *g = p && h->o->games ? h->o->games[r] : NULL;
        unsigned want = (1u << ENT_IDX_SHAPLEY) | (1u << ENT_IDX_BANZHAF);
        if (p && g && (p->computed & want) == want && p->n) {
            power_figure(h, r, g, p);
            continue;
        }
        char t[900];
        const char *why = h->o->power_error && r < h->o->npower && h->o->power_error[r].status != ENT_OK
                              ? h->o->power_error[r].msg : "it was not computed";
        snprintf(t, sizeof t, "Rule %s: no power chart: %s.", h->s->rules[r].id, why);
        sentence(b, t);
    }
    if (h->a->has_guarantee) guarantee_table(h);
    ent_buf_puts(b, "</section>\n");
}

/* ---------------------------------------------------------------- forecasts */


/* Actors with a position on issue i, their weights (capability × salience on dimension d). */
static size_t issue_weights(const ent_scenario_t *s, size_t i, size_t d, double *w)
{
    size_t n = 0;
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        w[a] = p->present ? ent_scenario_capability(s, a, i) * ent_scenario_salience(s, a, i, d) : NAN;
        if (p->present) n++;
    }
    return n;
}

/* A vertical reference line across the plot (status quo, outcome), not a data mark. */
static void vline(ent_i_plot_t *pl, double x, const char *colour, const char *dash, const char *label)
{
    double px = ent_i_px(pl, x);
    ent_buf_printf(pl->out, "<line class=\"ref\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                            "stroke-width=\"1.5\"%s%s%s/>\n", px, pl->top, px, pl->bottom, colour,
                   dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
    if (label) ent_i_svg_text(pl, px, pl->top - 4, "middle", 10, label);
}

/* Model m's forecast by rule on coordinate d of issue i (a->ruled), NaN when none. */
static double ruled_at(const ent_scenario_t *s, const ent_analyze_t *a, size_t m, size_t i, size_t d)
{
    if (!a->has_forecasts_by_rule || !a->ruled || a->issue_rule[i] < 0) return NAN;
    size_t c = d;
    for (size_t j = 0; j < i; j++) c += s->issues[j].ndim;
    return a->ruled[m * a->ncoord + c];
}

/* Rows from the top: the models, then the top-k actors by weight, then one band of the rest.
 * A model's row carries its plain forecast (a filled diamond) and, when the issue is decided
 * by a rule, its forecast with capabilities from that rule's voting power (a hollow one). */
static void forecast_figure(html_t *h, size_t i, size_t d, double *w)
{
    const ent_scenario_t *s = h->s;
    const ent_analyze_t *a = h->a;
    const ent_issue_t *is = &s->issues[i];
    ent_buf_t *b = h->out;
    size_t npos = issue_weights(s, i, d, w), nfc = 0;
    size_t nruled = 0, nband = 0;
    for (size_t m = 0; m < a->nmodels; m++) {
        nfc += model_ok(a, m) && a->forecast[m].outcome[i];
        nruled += model_ok(a, m) && a->forecast[m].outcome[i] && !isnan(ruled_at(s, a, m, i, d));
        nband += model_ok(a, m) && a->forecast[m].outcome[i] && sim_forecast(h, m, i, d);
    }
    size_t *rank = rank_desc(w, s->nactors);
    if (!rank) { b->oom = 1; return; }
    size_t budget = h->o->max_labels > nfc + 6 ? h->o->max_labels - nfc - 6 : 1; /* models, "others", the
                                                                            references, scale ends */
    size_t k = npos < budget ? npos : budget;
    size_t rows = nfc + k + (k < npos);
    double wmax = 0;
    for (size_t q = 0; q < s->nactors; q++) if (w[q] > wmax) wmax = w[q];
    char title[400], subj[200];
    if (is->ndim > 1) snprintf(subj, sizeof subj, "%s-%s", is->id, is->dim_names && is->dim_names[d] ? is->dim_names[d] : "d");
    else snprintf(subj, sizeof subj, "%s", is->id);
    snprintf(title, sizeof title, "Forecasts on %s", subj);
    fig_begin(h, "forecast", subj, npos + nfc + nruled + nband);
    ent_i_plot_t pl;
    ent_i_svg_begin(&pl, b, 720, 84 + 18.0 * (double)rows, NULL, title,
                    "Each actor's position as a dot sized by capability times salience; each model's forecast as a "
                    "diamond; the status quo dashed and the outcome solid when known.");
    ent_i_plot_area(&pl, 170, 30, 30, 52); /* labels end at 154: a dot of radius 10 at the scale's low end
                                               stays clear of them; the scale's end labels go below the
                                               axis title */
    ent_i_plot_range(&pl, is->lo[d], is->hi[d], 0, (double)rows);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X, is->name ? is->name : is->id, NULL);
    size_t row = 0;
    for (size_t m = 0; m < a->nmodels; m++) {
        if (!model_ok(a, m) || !a->forecast[m].outcome[i]) continue;
        double y = (double)rows - (double)row++ - 0.5, x = a->forecast[m].outcome[i][d];
        char tip[200];
        snprintf(tip, sizeof tip, "%s forecast: %.1f", a->model[m], x);
        ent_i_svg_text(&pl, 154, ent_i_py(&pl, y) + 4, "end", 11, a->model[m]);
        if (row == nfc) /* a rule between the models and the actors */
            ent_buf_printf(b, "<line class=\"ref\" x1=\"10\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>\n",
                           ent_i_py(&pl, y - 0.5), pl.right, ent_i_py(&pl, y - 0.5));
        const ent_sim_output_t *so = sim_forecast(h, m, i, d);
        if (so) { /* the 5-95 % band over the drawn codings, under the diamonds */
            double x0 = ent_i_px(&pl, so->q[0]), x1 = ent_i_px(&pl, so->q[4]), py = ent_i_py(&pl, y);
            char btip[300];
            snprintf(btip, sizeof btip, "%s forecast over %zu drawn codings: 5%% %.1f, median %.1f, 95%% %.1f",
                     a->model[m], so->n, so->q[0], so->q[2], so->q[4]);
            ent_buf_printf(b, "<path class=\"mark band\" d=\"M%.1f %.1f H%.1f M%.1f %.1f V%.1f M%.1f %.1f V%.1f\" "
                              "stroke=\"#56B4E9\" stroke-width=\"3\" fill=\"none\"><title>", x0, py, x1 > x0 + 1 ? x1 : x0 + 1,
                           x0, py - 5, py + 5, x1, py - 5, py + 5);
            ESC(b, btip);
            ent_buf_puts(b, "</title></path>\n");
        }
        double xr = ruled_at(s, a, m, i, d);
        if (!isnan(xr)) { /* first and larger: a filled diamond at the same place shows inside it */
            char rtip[300];
            snprintf(rtip, sizeof rtip, "%s forecast by rule %s: %.1f", a->model[m], s->rules[a->issue_rule[i]].id, xr);
            ent_buf_printf(b, "<path class=\"mark model ruled\" d=\"M%.1f %.1f l8 8 l-8 8 l-8 -8 z\" fill=\"#fff\" "
                              "stroke=\"#000\" stroke-width=\"1.5\"><title>", ent_i_px(&pl, xr), ent_i_py(&pl, y) - 8);
            ESC(b, rtip);
            ent_buf_puts(b, "</title></path>\n");
        }
        ent_buf_printf(b, "<path class=\"mark model\" d=\"M%.1f %.1f l5 5 l-5 5 l-5 -5 z\" fill=\"#000\"><title>",
                       ent_i_px(&pl, x), ent_i_py(&pl, y) - 5);
        ESC(b, tip);
        ent_buf_puts(b, "</title></path>\n");
    }
    for (size_t q = 0; q < npos; q++) {
        size_t act = rank[q];
        double y = q < k ? (double)rows - (double)(nfc + q) - 0.5 : 0.5;
        const ent_position_t *p = ent_scenario_pos(s, act, i);
        double r = 2.5 + 7.5 * (wmax > 0 ? sqrt(w[act] / wmax) : 0);
        char tip[300];
        snprintf(tip, sizeof tip, "%s: position %.1f, capability x salience %.3f", ent_i_actor_name(s, act), p->x[d], w[act]);
        if (q < k) label(&pl, 154, ent_i_py(&pl, y) + 4, "end", 11, ent_i_actor_name(s, act), 26);
        ent_i_plot_point(&pl, p->x[d], y, r, ent_i_palette(q < k ? 0 : 7), "actor", tip);
    }
    if (k < npos) {
        char lab[80];
        ent_i_plot_band(&pl, is->lo[d], 0, is->hi[d], 1, "#999999", 0.15);
        snprintf(lab, sizeof lab, "%zu others", npos - k);
        ent_i_svg_text(&pl, 154, ent_i_py(&pl, 0.5) + 4, "end", 11, lab);
    }
    if (is->lo_label) label(&pl, pl.left, pl.height - 4, "start", 10, is->lo_label, 40);
    if (is->hi_label) label(&pl, pl.right, pl.height - 4, "end", 10, is->hi_label, 40);
    if (is->status_quo) vline(&pl, is->status_quo[d], "#D55E00", "5 3", "status quo");
    if (is->outcome) vline(&pl, is->outcome[d], "#009E73", NULL, "outcome");
    ent_i_svg_end(&pl);
    char cap[900], ruled[300] = "";
    if (nruled)
        snprintf(ruled, sizeof ruled, ", and the same models with capabilities from the voting power (Shapley-Shubik) "
                                      "of rule %s, which decides the issue (hollow diamonds)", s->rules[a->issue_rule[i]].id);
    char band[300] = "";
    if (nband)
        snprintf(band, sizeof band, "; light-blue whiskers: each model's forecast over %zu drawn codings of the uncertainty "
                                    "(entente simulate), from its 5 %% to its 95 %% quantile", h->o->sim->draws);
    snprintf(cap, sizeof cap, "%s: %zu actors with a position (dots, area by capability x salience%s), %zu model "
                              "forecasts (filled diamonds: capabilities as coded, rules ignored)%s%s%s%s.",
             is->name ? is->name : is->id, npos, k < npos ? "; the largest labelled, the rest in the bottom band" : "",
             nfc, ruled, is->status_quo ? ", the status quo (dashed)" : "", is->outcome ? ", the actual outcome (green)" : "",
             band);
    fig_caption(h, cap);
    static const char *const head[] = {"actor or model", "position", "capability x salience", "5 % (draws)",
                                       "95 % (draws)"};
    data_begin(h, head, nband ? 5 : 3);
    for (size_t m = 0; m < a->nmodels; m++) {
        if (!model_ok(a, m) || !a->forecast[m].outcome[i]) continue;
        ent_buf_puts(b, "<tr>");
        td_text(b, a->model[m]);
        td_num(b, a->forecast[m].outcome[i][d], 2);
        ent_buf_puts(b, "<td></td>");
        const ent_sim_output_t *so = sim_forecast(h, m, i, d);
        if (so) td_num(b, so->q[0], 2), td_num(b, so->q[4], 2);
        else if (nband) ent_buf_puts(b, "<td></td><td></td>");
        ent_buf_puts(b, "</tr>\n");
        double xr = ruled_at(s, a, m, i, d);
        if (isnan(xr)) continue;
        ent_buf_puts(b, "<tr><td>");
        ESC(b, a->model[m]);
        ent_buf_puts(b, " by rule <bdi>");
        ESC(b, s->rules[a->issue_rule[i]].id);
        ent_buf_puts(b, "</bdi></td>");
        td_num(b, xr, 2);
        ent_buf_puts(b, "<td></td></tr>\n");
    }
    for (size_t q = 0; q < npos; q++) {
        ent_buf_puts(b, "<tr>");
        td_text(b, ent_i_actor_name(s, rank[q]));
        td_num(b, ent_scenario_pos(s, rank[q], i)->x[d], 2);
        td_num(b, w[rank[q]], 4);
        ent_buf_puts(b, "</tr>\n");
    }
    data_end(h);
    fig_end(h);
    free(rank);
}

static void forecast_section(html_t *h)
{
    const ent_scenario_t *s = h->s;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<section id=\"forecasts\"><h2>Forecasts per issue</h2>\n");
    if (!h->a->has_forecasts) sentence(b, "No forecast was run: the scenario has no positions (or forecasts were turned off).");
    double *w = malloc((s->nactors ? s->nactors : 1) * sizeof *w);
    if (!w) { b->oom = 1; return; }
    for (size_t m = 0; h->a->has_forecasts && m < h->a->nmodels; m++)
        if (!model_ok(h->a, m)) {
            char t[1100];
            snprintf(t, sizeof t, "Model %s did not run: %s.", h->a->model[m], h->a->model_error[m].msg);
            sentence(b, t);
        }
    for (size_t k = 0; h->a->has_forecasts && k < h->a->nskipped; k++) {
        const ent_analyze_skip_t *sk = &h->a->skipped[k];
        if (sk->part != ENT_ANALYZE_PART_FORECAST_BY_RULE) continue;
        ent_buf_t t = ENT_BUF_INIT;
        ent_buf_puts(&t, "Not rerun: ");
        ent_i_analyze_skip_text(s, h->a, sk, &t);
        ent_buf_puts(&t, ".");
        if (t.oom) b->oom = 1;
        sentence(b, t.data ? t.data : "");
        ent_buf_free(&t);
    }
    for (size_t i = 0; h->a->has_forecasts && i < s->nissues; i++) {
        if (!s->issues[i].lo) continue;
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            if (issue_weights(s, i, d, w)) forecast_figure(h, i, d, w);
            else {
                char t[400];
                snprintf(t, sizeof t, "Issue %s: no actor takes a position; nothing to draw.", s->issues[i].id);
                sentence(b, t);
            }
        }
    }
    free(w);
    ent_buf_puts(b, "</section>\n");
}

/* ---------------------------------------------------------------- dynamics */

static const char *verdict_name(ent_verdict_kind_t k)
{
    switch (k) {
    case ENT_VERDICT_CONVERGED: return "converged";
    case ENT_VERDICT_CYCLING: return "cycling";
    case ENT_VERDICT_MOVING: return "still moving at the round limit";
    case ENT_VERDICT_STOPPED: return "stopped by the model's rule";
    default: return "static";
    }
}

/* The colour of the q-th heaviest actor's line: six Okabe-Ito colours (not the yellow, too
 * pale on white, nor the black of the forecast), then grey. */
static const char *line_colour(size_t q)
{
    static const char *const c[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"};
    return q < 6 ? c[q] : "#9a9a9a";
}

/* The line-end labels of the dynamics, in their lines' colours, sorted by height and pushed
 * apart to 10 px. rank[k]: the actor's weight rank (its colour). */
static void end_labels(ent_i_plot_t *pl, const ent_scenario_t *s, size_t *act, size_t *rank, double *y, size_t n)
{
    for (size_t k = 1; k < n; k++) /* insertion sort by y */
        for (size_t j = k; j > 0 && y[j - 1] > y[j]; j--) {
            double ty = y[j]; y[j] = y[j - 1]; y[j - 1] = ty;
            size_t ta = act[j]; act[j] = act[j - 1]; act[j - 1] = ta;
            ta = rank[j]; rank[j] = rank[j - 1]; rank[j - 1] = ta;
        }
    for (size_t k = 1; k < n; k++)
        if (y[k] < y[k - 1] + 10) y[k] = y[k - 1] + 10;
    for (size_t k = 0; k < n; k++) {
        char c[100];
        clip(c, sizeof c, ent_i_actor_name(s, act[k]), 22);
        ent_buf_printf(pl->out, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"%s\">",
                       pl->right + 4, y[k], rank[k] < 6 ? line_colour(rank[k]) : "#555555");
        ESC(pl->out, c);
        ent_buf_puts(pl->out, "</text>\n");
    }
}

/* Per actor a line of its positions round by round, the forecast line, the verdict marked. */
static void dynamics_figure(html_t *h, size_t m, const ent_track_t *t, size_t d, double *w)
{
    const ent_scenario_t *s = h->s;
    const ent_issue_t *is = &s->issues[t->issue];
    ent_buf_t *b = h->out;
    size_t T = t->nstates, na = t->nactors, nlines = 0;
    double *xs = malloc(T * sizeof *xs), *ys = malloc(T * sizeof *ys);
    issue_weights(s, t->issue, d, w);
    size_t *rank = rank_desc(w, na);
    if (!xs || !ys || !rank) { b->oom = 1; free(xs); free(ys); free(rank); return; }
    for (size_t q = 0; q < na; q++) nlines += !isnan(t->x[q * t->ndim + d]);
    char title[300], subj[200];
    snprintf(subj, sizeof subj, "%s-%s", h->a->model[m], is->id);
    snprintf(title, sizeof title, "Dynamics of %s on %s", h->a->model[m], is->id);
    fig_begin(h, "dynamics", subj, nlines + 1);
    ent_i_plot_t pl;
    ent_i_svg_begin(&pl, b, 720, 380, NULL, title, "Each actor's position round by round as a line, the model's "
                    "forecast as a thick black line, the cycle's rounds shaded or the convergence round marked.");
    ent_i_plot_area(&pl, 60, 150, 24, 40);
    ent_i_plot_range(&pl, 0, T > 1 ? (double)(T - 1) : 1, is->lo[d], is->hi[d]);
    if (t->verdict.kind == ENT_VERDICT_CYCLING)
        ent_i_plot_band(&pl, t->verdict.cycle_start, is->lo[d], t->verdict.cycle_start + t->verdict.period,
                        is->hi[d], "#CC79A7", 0.18);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X | ENT_I_AXIS_Y, "round", is->name ? is->name : is->id);
    for (size_t k = 0; k < T; k++) xs[k] = (double)k;
    /* lightest first, so that the coloured lines of the heaviest actors are drawn on top;
       `heavy` is the line's rank among the actors with a position (its colour) */
    size_t heavy = nlines, nlab = 0, lab_act[12], lab_rank[12];
    double lab_y[12];
    for (size_t q = na; q-- > 0;) {
        size_t act = rank[q];
        if (isnan(t->x[act * t->ndim + d])) continue;
        heavy--;
        for (size_t k = 0; k < T; k++) ys[k] = t->x[(k * na + act) * t->ndim + d];
        ent_i_plot_line(&pl, xs, ys, T, line_colour(heavy), heavy < 6 ? 1.6 : 1.0, NULL, "actor", ent_i_actor_name(s, act));
        if (heavy < h->o->max_labels && heavy < 12 && isfinite(ys[T - 1])) {
            lab_act[nlab] = act;
            lab_rank[nlab] = heavy;
            lab_y[nlab++] = ent_i_py(&pl, ys[T - 1]) + 3;
        }
    }
    end_labels(&pl, s, lab_act, lab_rank, lab_y, nlab);
    for (size_t k = 0; k < T; k++) ys[k] = t->fc ? t->fc[k * t->ndim + d] : NAN;
    ent_i_plot_line(&pl, xs, ys, T, "#000000", 3, "6 3", "forecast", "forecast");
    if (t->verdict.kind == ENT_VERDICT_CONVERGED || t->verdict.kind == ENT_VERDICT_STOPPED) {
        double px = ent_i_px(&pl, t->verdict.round);
        ent_buf_printf(b, "<line class=\"ref\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#009E73\" "
                          "stroke-width=\"2\"/>\n", px, pl.top, px, pl.bottom);
        ent_i_svg_text(&pl, px, pl.top - 6, "middle", 10, t->verdict.kind == ENT_VERDICT_CONVERGED ? "converged" : "stopped");
    }
    ent_i_svg_end(&pl);
    char cap[700];
    snprintf(cap, sizeof cap, "%s on %s: %zu actors' positions over %zu rounds and the forecast (dashed black); verdict: "
                              "%s", h->a->model[m], is->name ? is->name : is->id, nlines, T ? T - 1 : 0,
             verdict_name(t->verdict.kind));
    size_t cl = strlen(cap);
    if (t->verdict.kind == ENT_VERDICT_CONVERGED || t->verdict.kind == ENT_VERDICT_STOPPED)
        snprintf(cap + cl, sizeof cap - cl, " at round %d (marked green).", t->verdict.round);
    else if (t->verdict.kind == ENT_VERDICT_CYCLING)
        snprintf(cap + cl, sizeof cap - cl, " with period %d from round %d (shaded).", t->verdict.period, t->verdict.cycle_start);
    else snprintf(cap + cl, sizeof cap - cl, ".");
    fig_caption(h, cap);
    ent_buf_puts(b, "<details><summary>Data behind the figure</summary>\n<table class=\"data\"><thead><tr><th>actor</th>");
    for (size_t k = 0; k < T; k++) ent_buf_printf(b, "<th>%zu</th>", k);
    ent_buf_puts(b, "</tr></thead><tbody>\n<tr><td>forecast</td>");
    for (size_t k = 0; k < T; k++) td_num(b, t->fc ? t->fc[k * t->ndim + d] : NAN, 1);
    ent_buf_puts(b, "</tr>\n");
    for (size_t act = 0; act < na; act++) {
        if (isnan(t->x[act * t->ndim + d])) continue;
        ent_buf_puts(b, "<tr>");
        td_text(b, ent_i_actor_name(s, act));
        for (size_t k = 0; k < T; k++) td_num(b, t->x[(k * na + act) * t->ndim + d], 1);
        ent_buf_puts(b, "</tr>\n");
    }
    data_end(h);
    fig_end(h);
    free(xs);
    free(ys);
    free(rank);
}

static void dynamics_section(html_t *h)
{
    const ent_analyze_t *a = h->a;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<section id=\"dynamics\"><h2>Dynamics of the models</h2>\n");
    double *w = malloc((h->s->nactors ? h->s->nactors : 1) * sizeof *w);
    if (!w) { b->oom = 1; return; }
    size_t drawn = 0;
    for (size_t m = 0; a->has_forecasts && m < a->nmodels; m++) {
        if (!model_ok(a, m) || !a->forecast[m].tracks) continue;
        for (size_t i = 0; i < a->forecast[m].nissues; i++) {
            const ent_track_t *t = &a->forecast[m].tracks[i];
            if (!t->nstates || !t->x) continue;
            for (size_t d = 0; d < t->ndim; d++, drawn++) dynamics_figure(h, m, t, d, w);
        }
    }
    for (size_t k = 0; k < a->nskipped; k++) { /* a dynamic model the cost budget skipped */
        const ent_analyze_skip_t *sk = &a->skipped[k];
        const ent_forecast_model_t *fm = sk->part == ENT_ANALYZE_PART_FORECAST ? ent_forecast_model_find(sk->model) : NULL;
        if (fm && fm->kind == ENT_FORECAST_DYNAMIC) {
            ent_buf_t t = ENT_BUF_INIT;
            ent_buf_puts(&t, "Rounds not drawn: ");
            ent_i_analyze_skip_text(h->s, a, sk, &t);
            ent_buf_puts(&t, ".");
            if (t.oom) b->oom = 1;
            sentence(b, t.data ? t.data : "");
            ent_buf_free(&t);
        }
    }
    if (!drawn) sentence(b, "No dynamic model ran on this scenario: there are no rounds to draw.");
    free(w);
    ent_buf_puts(b, "</section>\n");
}

/* ---------------------------------------------------------------- proposals, win-sets */

static const ent_winset_t *winset_of(const ent_proposals_t *p, long rule)
{
    for (size_t k = 0; k < p->nwinsets; k++)
        if (p->winset[k].rule == rule) return &p->winset[k];
    return NULL;
}

static int is_veto(const ent_winset_t *w, size_t actor)
{
    for (size_t k = 0; w && k < w->nveto; k++)
        if (w->veto[k] == actor) return 1;
    return 0;
}

static const char *eval_verdict(const ent_proposal_eval_t *e)
{
    return e->sq_missing ? "not evaluated" : e->passes ? "passes" : e->dead_on_arrival ? "dead on arrival" : "fails";
}

static const char *const vote_word[] = {"rejects", "accepts", "indifferent", "no position"};

/* One actor's row of the heat table. */
static void heat_row(html_t *h, size_t a, double gmax)
{
    const ent_proposals_t *p = &h->a->proposals;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<tr>");
    td_text(b, ent_i_actor_name(h->s, a));
    for (size_t k = 0; k < p->nproposals; k++) {
        const ent_proposal_eval_t *e = &p->eval[k];
        double g = e->u_prop[a] - e->u_sq[a];
        char col[8];
        ent_i_diverging(gmax > 0 ? g / gmax : 0, col);
        int veto = is_veto(winset_of(p, e->rule), a);
        int dark = gmax > 0 && fabs(g) / gmax > 0.55;
        ent_buf_printf(b, "<td class=\"mark%s\" style=\"background:%s%s\" title=\"%s%s\">", veto ? " veto" : "", col,
                       dark ? ";color:#fff" : "", vote_word[e->vote[a] < 4 ? e->vote[a] : 3], veto ? ", veto player" : "");
        if (isnan(g)) ent_buf_puts(b, "-");
        else ent_buf_printf(b, "%+.1f", g);
        ent_buf_printf(b, "%s</td>", veto ? " \xE2\x97\x86" : "");
    }
    ent_buf_puts(b, "</tr>\n");
}

/* The heat table: actors × proposals, cell colour = gain over the status quo on a diverging
 * scale (blue gain, orange loss), veto players of the proposal's rule outlined. Above
 * max_labels actors, the veto players and then the largest |gain| are shown; every actor is
 * in the data table. */
static void proposals_section(html_t *h)
{
    const ent_scenario_t *s = h->s;
    const ent_proposals_t *p = &h->a->proposals;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<section id=\"proposals\"><h2>Proposals: who gains over the status quo</h2>\n");
    if (!p->nproposals) {
        sentence(b, "The scenario has no proposals to evaluate.");
        ent_buf_puts(b, "</section>\n");
        return;
    }
    size_t na = p->eval[0].nactors, shown = na < h->o->max_labels ? na : h->o->max_labels;
    double gmax = 0, *w = malloc((na ? na : 1) * sizeof *w);
    if (!w) { b->oom = 1; return; }
    for (size_t a = 0; a < na; a++) {
        w[a] = -INFINITY;
        for (size_t k = 0; k < p->nproposals; k++) {
            double g = fabs(p->eval[k].u_prop[a] - p->eval[k].u_sq[a]);
            if (g > gmax) gmax = g;
            if (g > w[a]) w[a] = g;
            if (is_veto(winset_of(p, p->eval[k].rule), a)) w[a] = INFINITY;
        }
    }
    size_t *rank = shown < na ? rank_desc(w, na) : NULL;
    if (shown < na && !rank) { b->oom = 1; free(w); return; }
    h->nfig++;
    ent_buf_printf(b, "<figure class=\"fig table\" id=\"fig-%d\" data-kind=\"heat\" data-marks=\"%zu\">\n"
                      "<table class=\"heat\"><thead><tr><th>actor</th>", h->nfig, shown * p->nproposals);
    for (size_t k = 0; k < p->nproposals; k++) {
        ent_buf_puts(b, "<th><bdi>");
        ESC(b, s->proposals[p->eval[k].proposal].id);
        ent_buf_printf(b, "</bdi><br/>%s</th>", eval_verdict(&p->eval[k]));
    }
    ent_buf_puts(b, "</tr></thead><tbody>\n");
    for (size_t q = 0; q < shown; q++) heat_row(h, rank ? rank[q] : q, gmax);
    ent_buf_puts(b, "</tbody></table>\n<p class=\"key\">Scale: <span style=\"background:#e66101\"></span> loss "
                    "<span style=\"background:#ffffff;border:1px solid #ccc\"></span> no change "
                    "<span style=\"background:#2166ac\"></span> gain</p>\n");
    ent_buf_printf(b, "<figcaption><b>Figure %d.</b> Utility gain of each actor over the status quo, U(proposal) - "
                      "U(status quo), for every proposal (largest |gain| %.1f = full colour); the proposal's verdict "
                      "under its rule heads each column; veto players of that rule are outlined and marked "
                      "\xE2\x97\x86; '-' means no stake.", h->nfig, gmax);
    if (shown < na)
        ent_buf_printf(b, " Shown: the veto players and the largest gains or losses, %zu of %zu actors; all of them "
                          "are in the data table.", shown, na);
    ent_buf_puts(b, "</figcaption>\n");
    static const char *const head[] = {"actor", "proposal", "gain", "vote"};
    data_begin(h, head, 4);
    for (size_t a = 0; a < na; a++)
        for (size_t k = 0; k < p->nproposals; k++) {
            ent_buf_puts(b, "<tr>");
            td_text(b, ent_i_actor_name(s, a));
            td_text(b, s->proposals[p->eval[k].proposal].id);
            td_num(b, p->eval[k].u_prop[a] - p->eval[k].u_sq[a], 2);
            ent_buf_printf(b, "<td>%s</td></tr>\n", vote_word[p->eval[k].vote[a] < 4 ? p->eval[k].vote[a] : 3]);
        }
    data_end(h);
    ent_buf_puts(b, "</figure>\n</section>\n");
    free(rank);
    free(w);
}

/* Win-sets: per rule, each analysed 1-D issue as a row on its own scale (0..1 of its range),
 * the intervals of the win-set drawn, the status quo marked. */
static void winset_figure(html_t *h, const ent_winset_t *w)
{
    const ent_scenario_t *s = h->s;
    ent_buf_t *b = h->out;
    size_t rows = 0, marks = 0;
    for (size_t i = 0; i < w->nissues; i++)
        if (w->analysed[i] && s->issues[i].ndim == 1) rows++, marks += w->nint[i];
    const char *rid = w->rule >= 0 ? s->rules[w->rule].id : "default";
    fig_begin(h, "winset", rid, marks);
    ent_i_plot_t pl;
    char title[300];
    snprintf(title, sizeof title, "Win-set of the status quo under %s", rid);
    ent_i_svg_begin(&pl, b, 720, 40 + 34.0 * (double)rows, NULL, title,
                    "Per issue, the points that beat the status quo for a winning coalition, the other issues held at "
                    "the status quo, drawn as intervals on the issue's scale; the status quo as a vermilion tick.");
    ent_i_plot_area(&pl, 170, 60, 16, 16);
    ent_i_plot_range(&pl, 0, 1, 0, (double)rows);
    size_t row = 0;
    for (size_t i = 0; i < w->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        if (!w->analysed[i] || is->ndim != 1) continue;
        double y = (double)rows - (double)row++ - 0.5, span = is->hi[0] - is->lo[0];
        char lab[100];
        label(&pl, 164, ent_i_py(&pl, y) + 4, "end", 11, is->name ? is->name : is->id, 26);
        ent_buf_printf(b, "<line class=\"ref\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\"/>\n",
                       pl.left, ent_i_py(&pl, y), pl.right, ent_i_py(&pl, y));
        snprintf(lab, sizeof lab, "%g", is->lo[0]);
        ent_i_svg_text(&pl, pl.left, ent_i_py(&pl, y) + 14, "middle", 9, lab);
        snprintf(lab, sizeof lab, "%g", is->hi[0]);
        ent_i_svg_text(&pl, pl.right, ent_i_py(&pl, y) + 14, "middle", 9, lab);
        for (size_t k = 0; k < w->nint[i]; k++) {
            const ent_interval_t *iv = &w->ints[i][k];
            char tip[160];
            snprintf(tip, sizeof tip, "%s: %s%.2f, %.2f%s", is->id, iv->lo_open ? "(" : "[", iv->lo, iv->hi, iv->hi_open ? ")" : "]");
            ent_i_plot_bar(&pl, (iv->lo - is->lo[0]) / span, y - 0.3, (iv->hi - is->lo[0]) / span, y + 0.3,
                           ent_i_palette(2), "interval", tip);
        }
        if (!w->nint[i]) ent_i_svg_text(&pl, pl.right + 6, ent_i_py(&pl, y) + 4, "start", 10, "empty");
        if (is->status_quo) {
            double px = ent_i_px(&pl, (is->status_quo[0] - is->lo[0]) / span);
            ent_buf_printf(b, "<line class=\"ref\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#D55E00\" "
                              "stroke-width=\"3\"/>\n", px, ent_i_py(&pl, y + 0.45), px, ent_i_py(&pl, y - 0.45));
        }
    }
    ent_i_svg_end(&pl);
    char cap[500];
    snprintf(cap, sizeof cap, "Win-set of the status quo under %s, issue by issue (the others at the status quo): %s. "
                              "Jointly: %s.", rid, marks ? "green intervals beat the status quo for a winning coalition"
                                                         : "no interval beats the status quo",
             w->joint == ENT_WINSET_EMPTY ? "empty" : w->joint == ENT_WINSET_NONEMPTY ? "not empty" : w->why);
    fig_caption(h, cap);
    static const char *const head[] = {"issue", "from", "to"};
    data_begin(h, head, 3);
    for (size_t i = 0; i < w->nissues; i++)
        for (size_t k = 0; w->analysed[i] && k < w->nint[i]; k++) {
            ent_buf_puts(b, "<tr>");
            td_text(b, s->issues[i].id);
            td_num(b, w->ints[i][k].lo, 2);
            td_num(b, w->ints[i][k].hi, 2);
            ent_buf_puts(b, "</tr>\n");
        }
    data_end(h);
    fig_end(h);
}

/* The path data of a plane's rings ("M x y L ... Z" per ring) in plot coordinates. */
static void rings_path(ent_buf_t *b, ent_i_plot_t *pl, const ent_winset_plane_t *w)
{
    for (size_t r = 0; r < w->nrings; r++)
        for (size_t v = 0; v < w->rings[r].n; v++)
            ent_buf_printf(b, "%s%.2f %.2f%s", v ? " L" : r ? " M" : "M", ent_i_px(pl, w->rings[r].xy[2 * v]),
                           ent_i_py(pl, w->rings[r].xy[2 * v + 1]), v + 1 == w->rings[r].n ? " Z" : "");
}

/* The win-set of the status quo under rule w->rule in the plane of 1-D issues i and j (the
 * others at the status quo), as the engine computed it (ent_winset_plane, src/analysis/
 * plane.c): the union's rings as one even-odd path (the mark), each decider's indifference
 * contour through the status quo where both its losses are linear (the weighted-L1 diamond
 * s_i|x_i - p_i| + s_j|x_j - p_j| = its loss at the status quo), the status quo and the
 * proposals' points. */
static void winset_plane_figure(html_t *h, const ent_winset_plane_t *w)
{
    const ent_scenario_t *s = h->s;
    size_t i = w->issue[0], j = w->issue[1];
    const ent_issue_t *ii = &s->issues[i], *ij = &s->issues[j];
    ent_buf_t *b = h->out;
    const char *rid = s->rules[w->rule].id;
    char subj[300], title[400];
    snprintf(subj, sizeof subj, "%s-%s-%s", rid, ii->id, ij->id);
    snprintf(title, sizeof title, "Win-set of the status quo under %s in the plane of %s and %s", rid, ii->id, ij->id);
    if (w->status == ENT_WINSET_UNKNOWN) {
        ent_buf_puts(b, "<p class=\"note\">");
        ESC(b, title);
        ent_buf_puts(b, ": ");
        ESC(b, w->why);
        ent_buf_puts(b, ".</p>\n");
        return;
    }
    int full = w->status == ENT_WINSET_NONEMPTY;
    fig_begin(h, "winset-plane", subj, full ? 1 : 0);
    ent_i_plot_t pl;
    ent_i_svg_begin(&pl, b, 560, 500, NULL, title,
                    "The points of the plane of two issues that beat the status quo for a winning coalition, as a "
                    "shaded polygon, each decider's indifference contour through the status quo as a grey outline, "
                    "the status quo as a vermilion cross and the proposals as black squares.");
    ent_i_plot_area(&pl, 70, 30, 20, 50);
    ent_i_plot_range(&pl, ii->lo[0], ii->hi[0], ij->lo[0], ij->hi[0]);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X | ENT_I_AXIS_Y, ii->name ? ii->name : ii->id, ij->name ? ij->name : ij->id);
    if (full) {
        ent_buf_puts(b, "<path class=\"mark region\" fill=\"#009E73\" fill-opacity=\"0.45\" fill-rule=\"evenodd\" "
                        "stroke=\"#007a59\" stroke-width=\"1.5\" stroke-linejoin=\"round\" d=\"");
        rings_path(b, &pl, w);
        ent_buf_printf(b, "\"><title>win-set: area %.4g</title></path>\n", w->area);
    }
    ent_buf_printf(b, "<defs><clipPath id=\"clip-%d\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
                      "</clipPath></defs>\n<g clip-path=\"url(#clip-%d)\">\n", h->nfig, pl.left, pl.top,
                   pl.right - pl.left, pl.bottom - pl.top, h->nfig);
    size_t ncont = 0;
    const ent_game_t *g = (size_t)w->rule < h->o->npower && h->o->games ? h->o->games[w->rule] : NULL;
    for (size_t k = 0; g && k < ent_game_nplayers(g); k++) { /* the deciders' contours, where both losses are linear */
        size_t a = ent_game_player_actor(g, k);
        if (a >= s->nactors) continue;
        const ent_position_t *pi = ent_scenario_pos(s, a, i), *pj = ent_scenario_pos(s, a, j);
        if (!pi->present || !pj->present || ent_scenario_pref(s, a, i)->kind != ENT_PREF_LINEAR ||
            ent_scenario_pref(s, a, j)->kind != ENT_PREF_LINEAR)
            continue;
        double si = ent_scenario_salience(s, a, i, 0), sj = ent_scenario_salience(s, a, j, 0);
        double rad = si * fabs(ii->status_quo[0] - pi->x[0]) + sj * fabs(ij->status_quo[0] - pj->x[0]);
        if (!(si > 0) || !(sj > 0) || !(rad > 0)) continue;
        ent_buf_printf(b, "<path class=\"ref contour\" fill=\"none\" stroke=\"#777\" stroke-width=\"1\" "
                          "d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z\"><title>", ent_i_px(&pl, pi->x[0] - rad / si),
                       ent_i_py(&pl, pj->x[0]), ent_i_px(&pl, pi->x[0]), ent_i_py(&pl, pj->x[0] + rad / sj),
                       ent_i_px(&pl, pi->x[0] + rad / si), ent_i_py(&pl, pj->x[0]), ent_i_px(&pl, pi->x[0]),
                       ent_i_py(&pl, pj->x[0] - rad / sj));
        ESC(b, ent_i_actor_name(s, a));
        ent_buf_puts(b, " is indifferent to the status quo on this outline and prefers the inside</title></path>\n");
        ncont++;
    }
    ent_buf_puts(b, "</g>\n");
    if (!full)
        ent_i_svg_text(&pl, (pl.left + pl.right) / 2, (pl.top + pl.bottom) / 2, "middle", 13,
                       "no point of the plane beats the status quo (empty win-set)");
    for (size_t k = 0; k < s->nproposals; k++) {
        const ent_proposal_t *pr = &s->proposals[k];
        double px = ii->status_quo[0], py = ij->status_quo[0];
        int on = 0;
        for (size_t q = 0; q < pr->npoints; q++) {
            if (pr->issue[q] == i) px = pr->point[q][0], on = 1;
            if (pr->issue[q] == j) py = pr->point[q][0], on = 1;
        }
        if (!on || isnan(px) || isnan(py)) continue;
        ent_buf_printf(b, "<rect class=\"ref proposal\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#000\">"
                          "<title>proposal ", ent_i_px(&pl, px) - 4, ent_i_py(&pl, py) - 4);
        ESC(b, pr->id);
        ent_buf_puts(b, "</title></rect>\n");
        label(&pl, ent_i_px(&pl, px) + 7, ent_i_py(&pl, py) - 6, "start", 10, pr->id, 20);
    }
    double px = ent_i_px(&pl, ii->status_quo[0]), py = ent_i_py(&pl, ij->status_quo[0]);
    ent_buf_printf(b, "<path class=\"ref sq\" d=\"M%.1f %.1f l12 12 m0 -12 l-12 12\" stroke=\"#D55E00\" "
                      "stroke-width=\"3\"><title>status quo</title></path>\n", px - 6, py - 6);
    ent_i_svg_text(&pl, px + 70 > pl.right ? px - 9 : px + 9, py - 14 < pl.top + 10 ? py + 18 : py - 9,
                   px + 70 > pl.right ? "end" : "start", 10, "status quo");
    ent_i_svg_end(&pl);
    char cap[1100], how[300], conts[200];
    if (ncont)
        snprintf(conts, sizeof conts, "grey outlines: %zu decider%s' indifference contours through the status quo "
                                      "(linear losses; each prefers the inside)", ncont, ncont == 1 ? "" : "s");
    else
        snprintf(conts, sizeof conts, "no decider has linear losses on both issues, so no indifference contour is drawn");
    if (w->arc_steps)
        snprintf(how, sizeof how, "exact where the boundaries are straight; the curved boundaries of quadratic losses "
                                  "are inscribed polygons with a vertex on the true boundary every 360/%zu degrees "
                                  "around the actor's position", w->arc_steps);
    else
        snprintf(how, sizeof how, "exact: every loss here is linear, one-sided or asymmetric, so every boundary is "
                                  "straight");
    snprintf(cap, sizeof cap, "Win-set of the status quo under %s in the plane of %s and %s (the other issues at the "
                              "status quo): green, the points that every member of some minimal winning coalition "
                              "prefers to the status quo — the union over the %zu minimal winning coalitions of the "
                              "intersections of their members' preferred-to sets, computed as polygons (%s); area "
                              "%.6g of %.6g (%.1f%% of the plane), %zu ring%s; %s.",
             rid, ii->id, ij->id, w->ncoal, how, w->area, (ii->hi[0] - ii->lo[0]) * (ij->hi[0] - ij->lo[0]),
             100 * w->area / ((ii->hi[0] - ii->lo[0]) * (ij->hi[0] - ij->lo[0])), w->nrings,
             w->nrings == 1 ? "" : "s", conts);
    fig_caption(h, cap);
    static const char *const head[] = {"ring", "vertex", "issue 1", "issue 2"};
    data_begin(h, head, 4);
    for (size_t r = 0; r < w->nrings; r++)
        for (size_t v = 0; v < w->rings[r].n; v++) {
            ent_buf_printf(b, "<tr><td>%zu</td><td>%zu</td>", r + 1, v + 1);
            td_num(b, w->rings[r].xy[2 * v], 3);
            td_num(b, w->rings[r].xy[2 * v + 1], 3);
            ent_buf_puts(b, "</tr>\n");
        }
    data_end(h);
    fig_end(h);
}

/* The planes of win-set w that the caller computed (opts.planes), in their order. */
static size_t winset_planes(html_t *h, const ent_winset_t *w)
{
    size_t drawn = 0;
    for (size_t k = 0; k < h->o->nplanes; k++)
        if (h->o->planes[k].rule == w->rule && w->rule >= 0 && (size_t)w->rule < h->s->nrules)
            winset_plane_figure(h, &h->o->planes[k]), drawn++;
    return drawn;
}

static void winset_section(html_t *h)
{
    const ent_proposals_t *p = &h->a->proposals;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<section id=\"winsets\"><h2>Win-sets of the status quo</h2>\n");
    size_t drawn = 0;
    for (size_t k = 0; k < p->nwinsets; k++) {
        size_t rows = 0;
        for (size_t i = 0; i < p->winset[k].nissues; i++)
            rows += p->winset[k].analysed[i] && h->s->issues[i].ndim == 1;
        if (rows) winset_figure(h, &p->winset[k]), drawn++;
        drawn += winset_planes(h, &p->winset[k]);
    }
    if (!drawn) sentence(b, "No win-set was computed on a one-dimensional issue with a status quo: nothing to draw.");
    ent_buf_puts(b, "</section>\n");
}

/* ---------------------------------------------------------------- preconditions */

static int dropped(const ent_sequence_t *q, size_t step, size_t pre)
{
    for (size_t k = 0; k < q->ndrop; k++)
        if (q->drop[k].step == step && q->drop[k].pre == pre) return 1;
    return 0;
}

/* Layer of each step: longest path along the feasible order over the kept preconditions (a
 * precondition met by its earliest-placed alternative); steps outside the order go last. */
static void layers(const ent_scenario_t *s, const ent_sequence_t *q, size_t *layer, size_t *pos)
{
    size_t n = s->nsteps;
    for (size_t v = 0; v < n; v++) layer[v] = 0, pos[v] = (size_t)-1;
    for (size_t k = 0; k < q->norder; k++) pos[q->order[k]] = k;
    for (size_t k = 0; k < q->norder; k++) {
        size_t v = q->order[k];
        for (size_t p = 0; p < s->steps[v].npre; p++) {
            if (dropped(q, v, p)) continue;
            size_t best = (size_t)-1;
            for (size_t a = 0; a < s->steps[v].pre[p].nsteps; a++) {
                size_t u = s->steps[v].pre[p].steps[a];
                if (pos[u] < k && (best == (size_t)-1 || layer[u] + 1 < best)) best = layer[u] + 1;
            }
            if (best != (size_t)-1 && best > layer[v]) layer[v] = best;
        }
    }
}

#ifdef ENT_HAVE_GVC
/* The graph laid out by Graphviz's dot (libgvc/libcgraph, EPL-1.0; Gansner, Koutsofios, North
 * and Vo, "A technique for drawing directed graphs", IEEE TSE 19(3), 1993): one box of 220×36
 * units per step, one edge per precondition alternative in the order graph_arcs visits them;
 * the cheapest links to drop do not constrain the ranks (constraint=false), so dot breaks
 * the cycles where the sequencing does. Fills nx/ny (boxes' top-left corners, y down), the
 * drawing's width and height, and in d the arcs' path data, arc k at d->data + off[k] up to
 * off[k + 1]. Graphviz's own messages are silenced (the library never prints); its error
 * state is process-wide, and so is the one Graphviz context, made on first use and kept (the
 * plugin table it loads points into a buffer gvFreeContext never frees, so a context per
 * figure would lose that buffer each time): two reports must not be rendered at once in
 * threads. Returns 0,
 * or -1 when Graphviz fails (the caller then uses the layered layout). Cost: dot's, about
 * O((steps + links)^2) for graphs of this size. */
static int gv_quiet(char *msg)
{
    (void)msg;
    return 0;
}

static void gv_point(ent_buf_t *d, const char *op, pointf p, const boxf *bb, double x0)
{
    ent_buf_printf(d, "%s%.1f %.1f", op, x0 + p.x - bb->LL.x, 20 + bb->UR.y - p.y);
}

static int gv_layout(const ent_scenario_t *s, const ent_sequence_t *q, size_t narcs, double minw, double *nx,
                     double *ny, ent_buf_t *d, size_t *off, double *w, double *hgt)
{
    size_t n = s->nsteps, k = 0;
    int rc = -1;
    agseterr(AGMAX);
    agseterrf(gv_quiet);
    static GVC_t *gvc;
    if (!gvc) gvc = gvContext();
    Agnode_t **node = calloc(n ? n : 1, sizeof *node);
    Agedge_t **edge = calloc(narcs ? narcs : 1, sizeof *edge);
    Agraph_t *g = gvc ? agopen("preconditions", Agdirected, NULL) : NULL;
    if (!g || !node || !edge) goto out;
    agattr(g, AGRAPH, "nodesep", "0.35");
    agattr(g, AGRAPH, "ranksep", "0.45");
    agattr(g, AGNODE, "shape", "box");
    agattr(g, AGNODE, "fixedsize", "true");
    agattr(g, AGNODE, "width", "3.0556"); /* 220 / 72 */
    agattr(g, AGNODE, "height", "0.5");   /* 36 / 72 */
    agattr(g, AGNODE, "label", "");
    agattr(g, AGEDGE, "constraint", "true");
    char name[32];
    for (size_t v = 0; v < n; v++) {
        snprintf(name, sizeof name, "s%zu", v);
        if (!(node[v] = agnode(g, name, 1))) goto out;
    }
    for (size_t v = 0; v < n; v++)
        for (size_t p = 0; p < s->steps[v].npre; p++)
            for (size_t a = 0; a < s->steps[v].pre[p].nsteps; a++, k++) {
                snprintf(name, sizeof name, "e%zu", k);
                if (!(edge[k] = agedge(g, node[s->steps[v].pre[p].steps[a]], node[v], name, 1))) goto out;
                if (dropped(q, v, p)) agset(edge[k], "constraint", "false");
            }
    if (gvLayout(gvc, g, "dot") != 0) goto out;
    boxf bb = GD_bb(g);
    double bw = bb.UR.x - bb.LL.x, x0 = bw + 40 < minw ? (minw - bw) / 2 : 20;
    *w = bw + 40 < minw ? minw : bw + 40;
    *hgt = bb.UR.y - bb.LL.y + 40;
    for (size_t v = 0; v < n; v++) {
        nx[v] = x0 + ND_coord(node[v]).x - bb.LL.x - 110;
        ny[v] = 20 + bb.UR.y - ND_coord(node[v]).y - 18;
    }
    for (k = 0; k < narcs; k++) {
        off[k] = d->len;
        splines *sp = ED_spl(edge[k]);
        if (sp && sp->size > 0 && sp->list[0].size >= 4) {
            bezier *bz = &sp->list[0];
            gv_point(d, "M", bz->list[0], &bb, x0);
            for (size_t i = 1; i + 2 < (size_t)bz->size; i += 3) {
                gv_point(d, " C", bz->list[i], &bb, x0);
                gv_point(d, " ", bz->list[i + 1], &bb, x0);
                gv_point(d, " ", bz->list[i + 2], &bb, x0);
            }
            if (bz->eflag) gv_point(d, " L", bz->ep, &bb, x0);
        } else { /* no spline (dot gave none): a straight line between the centres */
            gv_point(d, "M", ND_coord(agtail(edge[k])), &bb, x0);
            gv_point(d, " L", ND_coord(aghead(edge[k])), &bb, x0);
        }
    }
    off[narcs] = d->len;
    rc = d->oom ? -1 : 0;
    gvFreeLayout(gvc, g);
out:
    if (g) agclose(g);
    free(node);
    free(edge);
    return rc;
}
#endif

/* The arcs: with Graphviz, dot's splines (gvd, arc k from goff[k]); without, straight down to a
 * later layer and curved out on the right for a back or same-layer arc. */
static void graph_arcs(html_t *h, ent_i_plot_t *pl, const size_t *layer, const double *nx, const double *ny,
                       const ent_buf_t *gvd, const size_t *goff)
{
    const ent_scenario_t *s = h->s;
    const ent_sequence_t *q = &h->a->sequence;
    ent_buf_t *b = pl->out;
    size_t nback = 0, k = 0;
    for (size_t v = 0; v < s->nsteps; v++)
        for (size_t p = 0; p < s->steps[v].npre; p++)
            for (size_t a = 0; a < s->steps[v].pre[p].nsteps; a++, k++) {
                size_t u = s->steps[v].pre[p].steps[a];
                int cyc = q->comp && q->comp[u] == q->comp[v] && (q->comp_size[q->comp[v]] > 1 || u == v);
                int drop = dropped(q, v, p);
                const char *col = cyc ? "#D55E00" : "#555555";
                ent_buf_printf(b, "<path class=\"mark arc%s%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s "
                                  "marker-end=\"url(#arrow-%d%s)\" d=\"", cyc ? " cycle" : "", drop ? " dropped" : "",
                               col, cyc ? "2" : "1.2", drop ? " stroke-dasharray=\"6 4\"" : "", h->nfig,
                               cyc ? "c" : "");
                if (gvd) /* dot's spline */
                    ent_buf_append(b, gvd->data + goff[k], goff[k + 1] - goff[k]);
                else if (layer[u] < layer[v]) /* down to the next layers */
                    ent_buf_printf(b, "M%.1f %.1f L%.1f %.1f", nx[u] + 110, ny[u] + 36, nx[v] + 110, ny[v] - 2);
                else { /* a back or same-layer arc: a curve out on the right of the boxes */
                    double off = 40 + 14.0 * (double)(nback++ % 4);
                    ent_buf_printf(b, "M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f", nx[u] + 220, ny[u] + 14,
                                   nx[u] + 220 + off, ny[u] + 14, nx[v] + 220 + off, ny[v] + 22, nx[v] + 222, ny[v] + 22);
                }
                ent_buf_puts(b, "\"><title>");
                ESC(b, ent_i_step_name(s, v));
                ent_buf_puts(b, " needs ");
                ESC(b, ent_i_step_name(s, u));
                ent_buf_printf(b, "%s%s</title></path>\n", cyc ? " (on a cycle)" : "", drop ? " (cheapest link to drop)" : "");
            }
}

static void graph_figure(html_t *h)
{
    const ent_scenario_t *s = h->s;
    const ent_sequence_t *q = &h->a->sequence;
    ent_buf_t *b = h->out;
    size_t n = s->nsteps, narcs = 0, nl = 0, maxrow = 0;
    size_t *layer = calloc(n, sizeof *layer), *pos = calloc(n, sizeof *pos), *cnt = calloc(n + 1, sizeof *cnt);
    double *nx = calloc(n, sizeof *nx), *ny = calloc(n, sizeof *ny), width = 0, height = 0;
    ent_buf_t gvbuf = ENT_BUF_INIT, *gvd = NULL;
    size_t *off = NULL;
    if (!layer || !pos || !cnt || !nx || !ny) { b->oom = 1; goto done; }
    layers(s, q, layer, pos);
    for (size_t v = 0; v < n; v++) {
        for (size_t p = 0; p < s->steps[v].npre; p++) narcs += s->steps[v].pre[p].nsteps;
        if (layer[v] + 1 > nl) nl = layer[v] + 1;
    }
#ifdef ENT_HAVE_GVC
    if (!(off = calloc(narcs + 1, sizeof *off))) { b->oom = 1; goto done; }
    if (gv_layout(s, q, narcs, 720, nx, ny, &gvbuf, off, &width, &height) == 0) gvd = &gvbuf;
#endif
    for (size_t k = 0; k <= n && !gvd; k++) { /* place by order, then the unordered steps */
        for (size_t v = 0; v < n; v++) {
            if (k < n ? pos[v] != k : pos[v] != (size_t)-1) continue;
            nx[v] = 20 + 250.0 * (double)cnt[layer[v]]++;
            ny[v] = 30 + 70.0 * (double)layer[v];
            if (cnt[layer[v]] > maxrow) maxrow = cnt[layer[v]];
        }
    }
    fig_begin(h, "preconditions", "graph", n + narcs);
    ent_i_plot_t pl;
    if (!gvd) { /* the layered layout (Graphviz absent at build time, or failed) */
        width = 130 + 250.0 * (double)maxrow;
        width = width < 720 ? 720 : width;
        height = 40 + 70.0 * (double)nl;
    }
    ent_i_svg_begin(&pl, b, width, height, NULL, "The precondition graph",
                    "Steps as boxes numbered in a feasible order, top to bottom, an arrow from each step to the "
                    "steps that need it; arcs on a cycle in vermilion, the cheapest links to drop dashed.");
    ent_buf_printf(b, "<defs><marker id=\"arrow-%d\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                      "markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#555555\"/></marker>"
                      "<marker id=\"arrow-%dc\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                      "markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#D55E00\"/></marker>"
                      "</defs>\n", h->nfig, h->nfig);
    graph_arcs(h, &pl, layer, nx, ny, gvd, off);
    for (size_t v = 0; v < n; v++) {
        char lab[130], name[100];
        clip(name, sizeof name, ent_i_step_name(s, v), 36);
        if (pos[v] != (size_t)-1) snprintf(lab, sizeof lab, "%zu. %s", pos[v] + 1, name);
        else snprintf(lab, sizeof lab, "%s", name);
        int cyc = q->comp && q->comp_size[q->comp[v]] > 1;
        ent_buf_printf(b, "<rect class=\"mark step\" x=\"%.1f\" y=\"%.1f\" width=\"220\" height=\"36\" rx=\"5\" "
                          "fill=\"%s\" stroke=\"%s\"><title>", nx[v], ny[v], cyc ? "#fbe3d3" : "#e3eef8",
                       cyc ? "#D55E00" : "#0072B2");
        ESC(b, ent_i_step_name(s, v));
        ent_buf_puts(b, "</title></rect>\n");
        ent_i_svg_text(&pl, nx[v] + 110, ny[v] + 22, "middle", 10, lab);
    }
    ent_i_svg_end(&pl);
    char cap[500];
    snprintf(cap, sizeof cap, "The %zu steps and %zu precondition links (an arrow points from what is needed to the "
                              "step that needs it); %s; boxes numbered in a feasible order%s.", n, narcs,
             q->circular ? "the chain is circular: arcs on a cycle in vermilion, the cheapest links to drop dashed"
                         : "the chain is not circular",
             q->circular ? " once those links are dropped" : "");
    fig_caption(h, cap);
    static const char *const head[] = {"order", "step", "needs (one of)", "on a cycle", "dropped"};
    data_begin(h, head, 5);
    for (size_t k = 0; k < q->norder; k++) {
        size_t v = q->order[k];
        for (size_t p = 0; p <= s->steps[v].npre; p++) {
            if (p == s->steps[v].npre && p) break;
            ent_buf_printf(b, "<tr><td class=\"n\">%zu</td>", k + 1);
            td_text(b, ent_i_step_name(s, v));
            ent_buf_puts(b, "<td>");
            for (size_t a = 0; p < s->steps[v].npre && a < s->steps[v].pre[p].nsteps; a++) {
                if (a) ent_buf_puts(b, " or ");
                ESC(b, ent_i_step_name(s, s->steps[v].pre[p].steps[a]));
            }
            ent_buf_printf(b, "</td><td>%s</td><td>%s</td></tr>\n", q->comp && q->comp_size[q->comp[v]] > 1 ? "yes" : "",
                           p < s->steps[v].npre && dropped(q, v, p) ? "yes" : "");
        }
    }
    data_end(h);
    fig_end(h);
done:
    ent_buf_free(&gvbuf);
    free(off);
    free(layer);
    free(pos);
    free(cnt);
    free(nx);
    free(ny);
}

static void sequence_section(html_t *h)
{
    ent_buf_puts(h->out, "<section id=\"preconditions\"><h2>Preconditions</h2>\n");
    if (!h->a->has_sequence || !h->s->nsteps) sentence(h->out, "The scenario has no steps: there is no precondition graph to draw.");
    else graph_figure(h);
    ent_buf_puts(h->out, "</section>\n");
}

/* ---------------------------------------------------------------- sensitivity, page */

/* The nearest thresholds (a->thresholds, nearest first): one bar per threshold, its length the
 * distance from the input's value to the flip as a percent of the input's range, the sentence
 * of `analyze` as its label; at most min(12, max_labels) rows, every one in the table. */
/* "Not computed: the thresholds: estimated ... (--budget 0 runs it)." */
static void skipped_sentence(html_t *h, const ent_analyze_skip_t *sk)
{
    ent_buf_t t = ENT_BUF_INIT;
    ent_buf_puts(&t, "Not computed: ");
    ent_i_analyze_skip_text(h->s, h->a, sk, &t);
    ent_buf_puts(&t, ".");
    if (t.oom) h->out->oom = 1;
    sentence(h->out, t.data ? t.data : "");
    ent_buf_free(&t);
}

static void thresholds_figure(html_t *h)
{
    const ent_thresholds_t *t = &h->a->thresholds;
    const ent_scenario_t *s = h->s;
    ent_buf_t *b = h->out, line = ENT_BUF_INIT;
    ent_buf_puts(b, "<h3 id=\"thresholds\">Nearest thresholds</h3>\n");
    if (!t->n) {
        char m[200];
        snprintf(m, sizeof m, "No flag of a proposal or win-set flips when any one of the %zu inputs examined moves "
                              "across its whole range.", t->ninputs);
        sentence(b, m);
        return;
    }
    size_t k = t->n < 12 ? t->n : 12;
    if (k > h->o->max_labels) k = h->o->max_labels;
    double dmax = 0;
    for (size_t q = 0; q < k; q++) if (t->thr[q].distance > dmax) dmax = t->thr[q].distance;
    double ticks[32], step;
    size_t nt = ent_i_nice_ticks(0, dmax > 0 ? 100 * dmax : 1, 5, ticks, &step);
    double top = ticks[nt - 1] < 100 * dmax ? ticks[nt - 1] + step : ticks[nt - 1];
    fig_begin(h, "thresholds", "nearest", k);
    ent_i_plot_t pl;
    ent_i_svg_begin(&pl, b, 720, 60 + 36.0 * (double)k, NULL, "Nearest thresholds",
                    "For the nearest thresholds, the distance from the input's coded value to the value at which a "
                    "proposal's or win-set's flag flips, in percent of the input's range, one bar each.");
    ent_i_plot_area(&pl, 16, 60, 10, 38); /* each row: the whole sentence above its bar */
    ent_i_plot_range(&pl, 0, top > 0 ? top : 1, 0, (double)k);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X, "distance to the flip, % of the input's range", NULL);
    for (size_t q = 0; q < k; q++) {
        const ent_threshold_t *r = &t->thr[q];
        double y = (double)k - (double)q - 0.5;
        ent_buf_reset(&line);
        ent_i_threshold_text(s, r, &line);
        ent_buf_puts(&line, "");
        char v[40];
        snprintf(v, sizeof v, "%zu. ", q + 1);
        ent_buf_t t2 = ENT_BUF_INIT;
        ent_buf_puts(&t2, v);
        ent_buf_puts(&t2, line.data);
        label(&pl, pl.left, ent_i_py(&pl, y + 0.5) + 12, "start", 10, t2.data ? t2.data : "", 128);
        if (t2.oom) b->oom = 1;
        ent_buf_free(&t2);
        /* at least 2 px wide: a flip right at the coded value (a strict threshold, "> 0.0 (now
           0.0)") stays visible; its number says 0.0% */
        double len = 100 * r->distance, minlen = 2 * (pl.x1 - pl.x0) / (pl.right - pl.left);
        ent_i_plot_bar(&pl, 0, y - 0.42, len > minlen ? len : minlen, y - 0.02,
                       r->then ? ent_i_palette(0) : ent_i_palette(1), "threshold", line.data);
        snprintf(v, sizeof v, "%.1f%%", 100 * r->distance);
        ent_i_svg_text(&pl, ent_i_px(&pl, 100 * r->distance) + 4, ent_i_py(&pl, y - 0.22) + 3, "start", 9, v);
    }
    ent_i_svg_end(&pl);
    char cap[400];
    snprintf(cap, sizeof cap, "The %zu nearest of %zu thresholds over %zu inputs (each position, salience and "
                              "capability moved alone, the others as coded): the bar is how far the input must move "
                              "for the flag to flip, in percent of its range; blue: the flag becomes true, orange: "
                              "false.", k, t->n, t->ninputs);
    fig_caption(h, cap);
    static const char *const head[] = {"threshold", "now", "at", "distance (% of range)", "exact"};
    data_begin(h, head, 5);
    for (size_t q = 0; q < t->n; q++) {
        const ent_threshold_t *r = &t->thr[q];
        ent_buf_reset(&line);
        ent_i_threshold_text(s, r, &line);
        ent_buf_puts(&line, "");
        ent_buf_puts(b, "<tr>");
        td_text(b, line.data);
        td_num(b, r->now, 4);
        td_num(b, r->at, 4);
        td_num(b, 100 * r->distance, 2);
        ent_buf_printf(b, "<td>%s</td></tr>\n", r->exact ? "yes" : "bisection");
    }
    data_end(h);
    fig_end(h);
    if (line.oom) b->oom = 1;
    ent_buf_free(&line);
}

static void sensitivity_section(html_t *h)
{
    const ent_analyze_t *a = h->a;
    ent_buf_t *b = h->out;
    ent_buf_puts(b, "<section id=\"sensitivity\"><h2>Sensitivity to the codings</h2>\n");
    const ent_analyze_flip_t *f = a->nflips ? a->flips : a->first_flips;
    size_t n = a->nflips ? a->nflips : a->nfirst_flips;
    const ent_analyze_skip_t *sk = ent_i_analyze_skipped(a, ENT_ANALYZE_PART_SENSITIVITY);
    if (!a->has_sensitivity && sk) skipped_sentence(h, sk);
    else if (!a->has_sensitivity) sentence(b, "No sensitivity analysis ran (the scenario has no proposals).");
    else if (!n) sentence(b, "No proposal flag flips when any one position moves.");
    else {
        static const char *const what[] = {"passes", "dead on arrival", "a better offer existed", "no agreement"};
        ent_buf_printf(b, "<p>Flags that flip when one position moves by %.0f:</p>\n<table><thead><tr><th>actor</th>"
                          "<th>issue</th><th>from</th><th>to</th><th>flag</th><th>of</th><th>becomes</th></tr></thead>"
                          "<tbody>\n", a->nflips ? a->shift : a->first_shift);
        for (size_t k = 0; k < n; k++, f++) {
            ent_buf_puts(b, "<tr>");
            td_text(b, h->s->actors[f->actor].id);
            td_text(b, h->s->issues[f->issue].id);
            td_num(b, f->from, 1);
            td_num(b, f->to, 1);
            ent_buf_printf(b, "<td>%s</td>", what[f->flag <= 3 ? f->flag : 3]);
            td_text(b, f->proposal >= 0 ? h->s->proposals[f->proposal].id : f->rule >= 0 ? h->s->rules[f->rule].id : "");
            ent_buf_printf(b, "<td>%s</td></tr>\n", f->now ? "true" : "false");
        }
        ent_buf_puts(b, "</tbody></table>\n");
    }
    if (a->has_thresholds) thresholds_figure(h);
    else if ((sk = ent_i_analyze_skipped(a, ENT_ANALYZE_PART_THRESHOLDS))) {
        ent_buf_puts(b, "<h3 id=\"thresholds\">Nearest thresholds</h3>\n");
        skipped_sentence(h, sk);
    }
    ent_buf_puts(b, "</section>\n");
}

ent_status_t ent_report_html(const ent_scenario_t *s, const ent_analyze_t *a, const ent_report_html_opts_t *o,
                             ent_buf_t *out)
{
    ent_report_html_opts_t def;
    if (!o) {
        ent_report_html_opts_init(&def);
        o = &def;
    }
    html_t h = {s, a, o, out, 0, 0, {0}};
    header(&h);
    summary(&h);
    probabilities_section(&h);
    power_section(&h);
    forecast_section(&h);
    dynamics_section(&h);
    proposals_section(&h);
    winset_section(&h);
    sequence_section(&h);
    sensitivity_section(&h);
    ent_buf_printf(out, "<footer><p class=\"meta\">Every figure and sentence above was computed by entente %s from the "
                        "scenario; docs/report.md says how to read each figure.</p></footer>\n</body>\n</html>\n",
                   ent_version());
    return ent_i_report_status(out);
}

/* ---------------------------------------------------------------- two scenarios */

/* "62.0 (salience 80)" or "no position". */
static void position_text(const ent_scenario_t *s, size_t a, size_t i, ent_buf_t *b)
{
    const ent_position_t *p = ent_scenario_pos(s, a, i);
    if (!p->present) {
        ent_buf_puts(b, "no position");
        return;
    }
    for (size_t d = 0; d < s->issues[i].ndim; d++)
        ent_buf_printf(b, "%s%.1f (salience %g)", d ? ", " : "", p->x[d], p->sal[d]);
}

static void change_row(ent_buf_t *b, const char *what, const char *id, const char *va, const char *vb)
{
    ent_buf_puts(b, "<tr><td>");
    ESC(b, what);
    ent_buf_puts(b, " <bdi>");
    ESC(b, id);
    ent_buf_puts(b, "</bdi></td>");
    td_text(b, va);
    ent_buf_puts(b, "<td class=\"no\"><bdi>");
    ESC(b, vb);
    ent_buf_puts(b, "</bdi></td></tr>\n");
}

static void steps_text(const ent_scenario_t *s, size_t v, ent_buf_t *b)
{
    if (!s->steps[v].npre) ent_buf_puts(b, "needs nothing");
    for (size_t p = 0; p < s->steps[v].npre; p++) {
        ent_buf_puts(b, p ? "; " : "needs ");
        for (size_t k = 0; k < s->steps[v].pre[p].nsteps; k++)
            ent_buf_printf(b, "%s%s", k ? " or " : "", s->steps[v].pre[p].steps[k] < s->nsteps
                           ? s->steps[s->steps[v].pre[p].steps[k]].id : "?");
    }
}

/* The inputs that differ between two scenarios of the same shape (ent_compare_run checked
 * it): capabilities, status quo, positions, group members, rule texts, proposals' points,
 * preconditions. */
static size_t input_changes(const ent_scenario_t *x, const ent_scenario_t *y, ent_buf_t *b)
{
    ent_buf_t va = ENT_BUF_INIT, vb = ENT_BUF_INIT;
    size_t n = 0;
#define CHANGE(what, id) (ent_buf_puts(&va, ""), ent_buf_puts(&vb, ""), \
                          strcmp(va.data, vb.data) ? (change_row(b, what, id, va.data, vb.data), n++) : 0, \
                          ent_buf_reset(&va), ent_buf_reset(&vb))
    for (size_t a = 0; a < x->nactors; a++) {
        ent_buf_printf(&va, "%g", x->actors[a].capability);
        ent_buf_printf(&vb, "%g", y->actors[a].capability);
        CHANGE("capability of", x->actors[a].id);
    }
    for (size_t i = 0; i < x->nissues; i++) {
        for (size_t d = 0; d < x->issues[i].ndim; d++) {
            if (x->issues[i].status_quo) ent_buf_printf(&va, "%s%.1f", d ? ", " : "", x->issues[i].status_quo[d]);
            if (y->issues[i].status_quo) ent_buf_printf(&vb, "%s%.1f", d ? ", " : "", y->issues[i].status_quo[d]);
        }
        CHANGE("status quo of", x->issues[i].id);
        for (size_t a = 0; a < x->nactors; a++) {
            char id[300];
            snprintf(id, sizeof id, "%s on %s", x->actors[a].id, x->issues[i].id);
            position_text(x, a, i, &va);
            position_text(y, a, i, &vb);
            CHANGE("position of", id);
        }
    }
    for (size_t g = 0; g < x->ngroups && g < y->ngroups; g++) {
        for (size_t k = 0; k < x->groups[g].n; k++) ent_buf_printf(&va, "%s%s", k ? ", " : "", x->actors[x->groups[g].members[k]].id);
        for (size_t k = 0; k < y->groups[g].n; k++) ent_buf_printf(&vb, "%s%s", k ? ", " : "", y->actors[y->groups[g].members[k]].id);
        CHANGE("members of group", x->groups[g].id);
    }
    for (size_t r = 0; r < x->nrules; r++) {
        ent_buf_puts(&va, x->rules[r].expr ? x->rules[r].expr : "");
        ent_buf_puts(&vb, y->rules[r].expr ? y->rules[r].expr : "");
        CHANGE("rule", x->rules[r].id);
    }
    for (size_t k = 0; k < x->nproposals; k++) {
        for (size_t q = 0; q < x->proposals[k].npoints; q++)
            ent_buf_printf(&va, "%s%s %.1f", q ? ", " : "", x->issues[x->proposals[k].issue[q]].id, x->proposals[k].point[q][0]);
        for (size_t q = 0; q < y->proposals[k].npoints; q++)
            ent_buf_printf(&vb, "%s%s %.1f", q ? ", " : "", y->issues[y->proposals[k].issue[q]].id, y->proposals[k].point[q][0]);
        CHANGE("proposal", x->proposals[k].id);
    }
    for (size_t v = 0; v < x->nsteps; v++) {
        steps_text(x, v, &va);
        steps_text(y, v, &vb);
        CHANGE("step", x->steps[v].id);
    }
#undef CHANGE
    if (va.oom || vb.oom) b->oom = 1;
    ent_buf_free(&va);
    ent_buf_free(&vb);
    return n;
}

/* The forecasts of every model on every 1-D issue, column 0 → column 1, as arrows on the
 * issues' scales in percent (one row per model and issue). */
static void compare_forecast_figure(html_t *h, const ent_scenario_t *x, const ent_compare_t *c)
{
    ent_buf_t *b = h->out;
    size_t rows = 0;
    for (size_t r = 0; r < c->nrows; r++) {
        const ent_compare_row_t *w = &c->rows[r];
        rows += w->topic == ENT_TOPIC_FORECAST && x->issues[w->issue].ndim == 1 && w->cell[0].present && w->cell[1].present;
    }
    if (!rows) {
        sentence(b, "No model forecast a one-dimensional issue in both scenarios: no forecast shift to draw.");
        return;
    }
    fig_begin(h, "forecast-shift", "compare", 2 * rows);
    ent_i_plot_t pl;
    ent_i_svg_begin(&pl, b, 720, 60 + 18.0 * (double)rows, NULL, "Forecasts, first scenario to second",
                    "For each model and issue, the first scenario's forecast (hollow) and the second's (filled), "
                    "in percent of the issue's scale, joined by a line.");
    ent_i_plot_area(&pl, 200, 30, 20, 38);
    ent_i_plot_range(&pl, 0, 100, 0, (double)rows);
    ent_i_plot_axes(&pl, ENT_I_AXIS_X, "percent of the issue's scale", NULL);
    size_t row = 0;
    for (size_t r = 0; r < c->nrows; r++) {
        const ent_compare_row_t *w = &c->rows[r];
        if (!(w->topic == ENT_TOPIC_FORECAST && x->issues[w->issue].ndim == 1 && w->cell[0].present && w->cell[1].present))
            continue;
        const ent_issue_t *is = &x->issues[w->issue];
        double y = (double)rows - (double)row++ - 0.5, span = is->hi[0] - is->lo[0];
        double u = (w->cell[0].value[0] - is->lo[0]) / span * 100, v = (w->cell[1].value[0] - is->lo[0]) / span * 100;
        ent_buf_t lab = ENT_BUF_INIT;
        ent_i_compare_row_label(x, c, w, &lab);
        ent_buf_puts(&lab, "");
        label(&pl, 194, ent_i_py(&pl, y) + 4, "end", 10, lab.data + strlen("forecast "), 34);
        double xs[2] = {u, v}, ys[2] = {y, y};
        ent_buf_printf(b, "<path class=\"ref\" d=\"M%.1f %.1f L%.1f %.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                       ent_i_px(&pl, xs[0]), ent_i_py(&pl, ys[0]), ent_i_px(&pl, xs[1]), ent_i_py(&pl, ys[1]),
                       w->differs ? "#D55E00" : "#999999");
        char tip[200];
        snprintf(tip, sizeof tip, "%s: %.1f", c->column[0], w->cell[0].value[0]);
        ent_buf_printf(b, "<circle class=\"mark first\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#fff\" stroke=\"#0072B2\" "
                          "stroke-width=\"2\"><title>", ent_i_px(&pl, u), ent_i_py(&pl, y));
        ESC(b, tip);
        ent_buf_puts(b, "</title></circle>\n");
        snprintf(tip, sizeof tip, "%s: %.1f", c->column[1], w->cell[1].value[0]);
        ent_i_plot_point(&pl, v, y, 5, ent_i_palette(0), "second", tip);
        ent_buf_free(&lab);
    }
    ent_i_svg_end(&pl);
    fig_caption(h, "Each model's forecast on each issue in the first scenario (hollow) and the second (filled), in "
                   "percent of the issue's scale; a vermilion line where the forecast differs (at the 0.1 precision "
                   "of the reports).");
    fig_end(h);
}

/* The conclusions side by side, the differing cells marked. */
static void compare_table(html_t *h, const ent_scenario_t *x, const ent_compare_t *c)
{
    ent_buf_t *b = h->out, t = ENT_BUF_INIT;
    ent_buf_printf(b, "<p>%zu of %zu conclusions differ.</p>\n<table class=\"compare\"><thead><tr><th>conclusion</th>",
                   c->ndiffer, c->nrows);
    for (size_t k = 0; k < c->ncolumns; k++) {
        ent_buf_puts(b, "<th><bdi>");
        ESC(b, c->column[k]);
        ent_buf_puts(b, "</bdi></th>");
    }
    ent_buf_puts(b, "</tr></thead><tbody>\n");
    for (size_t r = 0; r < c->nrows; r++) {
        const ent_compare_row_t *w = &c->rows[r];
        ent_buf_reset(&t);
        ent_i_compare_row_label(x, c, w, &t);
        ent_buf_puts(&t, "");
        ent_buf_printf(b, "<tr%s>", w->differs ? " class=\"differs\"" : "");
        td_text(b, t.data);
        for (size_t k = 0; k < c->ncolumns; k++) {
            ent_buf_reset(&t);
            ent_i_compare_cell_text(x, w, &w->cell[k], &t);
            ent_buf_puts(&t, "");
            ent_buf_puts(b, w->cell[k].differs ? "<td class=\"no\"><b>\xE2\x89\xA0</b> " : "<td>");
            ESC(b, t.data);
            ent_buf_puts(b, "</td>");
        }
        ent_buf_puts(b, "</tr>\n");
    }
    ent_buf_puts(b, "</tbody></table>\n<p class=\"meta\">\xE2\x89\xA0 and orange: differs from the first "
                    "column.</p>\n");
    if (t.oom) b->oom = 1;
    ent_buf_free(&t);
}

ent_status_t ent_report_html_compare(const ent_scenario_t *const *s, const ent_compare_t *c,
                                     const ent_report_html_opts_t *o, ent_buf_t *out)
{
    if (!c || c->ncolumns != 2) return ENT_EINVAL;
    ent_report_html_opts_t def;
    if (!o) {
        ent_report_html_opts_init(&def);
        o = &def;
    }
    html_t h = {s[0], &c->runs[0], o, out, 0, 0, {0}};
    page_head(out, "Two scenarios side by side");
    ent_buf_puts(out, "<header><h1>Two scenarios side by side</h1>\n<p class=\"meta\">");
    for (size_t k = 0; k < 2; k++) {
        ent_buf_puts(out, k ? "<br/>against " : "");
        ent_buf_puts(out, "<code>");
        ESC(out, c->column[k]);
        ent_buf_puts(out, "</code>: <bdi>");
        ESC(out, s[k]->title ? s[k]->title : "(untitled)");
        ent_buf_puts(out, "</bdi>");
    }
    ent_buf_printf(out, "<br/>briefing by entente %s.</p>\n</header>\n", ent_version());
    ent_buf_puts(out, "<section id=\"inputs\"><h2>What changed in the inputs</h2>\n");
    ent_buf_t rows = ENT_BUF_INIT;
    size_t n = input_changes(s[0], s[1], &rows);
    if (n) {
        ent_buf_printf(out, "<p>%zu input%s differ%s (orange: the second scenario's value).</p>\n<table><thead><tr>"
                            "<th>what</th><th>first</th><th>second</th></tr></thead><tbody>\n", n, n == 1 ? "" : "s",
                       n == 1 ? "s" : "");
        ent_buf_append(out, rows.data, rows.len);
        ent_buf_puts(out, "</tbody></table>\n");
    } else sentence(out, "The inputs are the same: every capability, position, status quo, group, rule, proposal "
                         "and precondition is equal.");
    if (rows.oom) out->oom = 1;
    ent_buf_free(&rows);
    ent_buf_puts(out, "</section>\n<section id=\"conclusions\"><h2>What changed in the conclusions</h2>\n");
    compare_table(&h, s[0], c);
    compare_forecast_figure(&h, s[0], c);
    ent_buf_puts(out, "</section>\n<footer><p class=\"meta\">Both columns were computed by the same analyses "
                      "(entente compare, docs/analyses.md §5).</p></footer>\n</body>\n</html>\n");
    return ent_i_report_status(out);
}
