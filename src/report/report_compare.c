/* SPDX-License-Identifier: MIT */
/* report_compare.c — renders ent_compare_t (entente/analysis.h, "compare") for
 * `entente compare`: one row per conclusion of `entente analyze`'s summary, one column per
 * run ("base", then each variant), each cell a short statement of that run's conclusion;
 * a cell that differs from base is marked '*' (text, CSV) or "differs": true (JSON).
 * The words of the cells are listed in docs/analyses.md ("Comparing variants").
 * Complexity: linear in rows × columns.
 */
#include "report/report_analysis_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const topic_name[] = {"veto", "design", "proposal", "winset", "sequence", "forecast",
                                         "sensitivity", "nothing"};

static const char *design_word(ent_guarantee_verdict_t v)
{
    switch (v) {
    case ENT_GUARANTEE_NO_SAY: return "no say";
    case ENT_GUARANTEE_BLOCKS_ALONE: return "blocks alone";
    case ENT_GUARANTEE_BLOCKS_WITH_PARTNERS: return "blocks with partners";
    default: return "cannot block";
    }
}

/* The row's label: "proposal us_offer (settlement)", "forecast guarantee: bdm", ... */
/* The ids of a row's actor and rule (entente/analysis.h: indices past the first scenario's
 * name the elements only variants add). */
static const char *actor_id(const ent_scenario_t *s, const ent_compare_t *c, long a)
{
    if ((size_t)a < s->nactors) return s->actors[a].id;
    return (size_t)a - s->nactors < c->nextra_actors ? c->extra_actor[(size_t)a - s->nactors] : "?";
}

static const char *rule_id(const ent_scenario_t *s, const ent_compare_t *c, long r)
{
    if ((size_t)r < s->nrules) return s->rules[r].id;
    return (size_t)r - s->nrules < c->nextra_rules ? c->extra_rule[(size_t)r - s->nrules] : "?";
}

void ent_i_compare_row_label(const ent_scenario_t *s, const ent_compare_t *c, const ent_compare_row_t *w, ent_buf_t *b)
{
    switch (w->topic) {
    case ENT_TOPIC_VETO: ent_buf_printf(b, "veto player: %s", actor_id(s, c, w->actor)); break;
    case ENT_TOPIC_DESIGN:
        ent_buf_printf(b, "design %s", rule_id(s, c, w->rule));
        if (w->actor >= 0) ent_buf_printf(b, " (against %s)", actor_id(s, c, w->actor));
        break;
    case ENT_TOPIC_PROPOSAL:
        ent_buf_printf(b, "proposal %s", s->proposals[w->proposal].id);
        if (w->rule >= 0) ent_buf_printf(b, " (%s)", rule_id(s, c, w->rule));
        break;
    case ENT_TOPIC_WINSET: ent_buf_printf(b, "win-set under %s", rule_id(s, c, w->rule)); break;
    case ENT_TOPIC_SEQUENCE: ent_buf_puts(b, "preconditions"); break;
    case ENT_TOPIC_FORECAST:
        ent_buf_printf(b, "forecast %s: %s", s->issues[w->issue].id, c->runs[0].nmodels > (size_t)w->model
                       ? c->runs[0].model[w->model] : "?");
        break;
    case ENT_TOPIC_SENSITIVITY: ent_buf_puts(b, "sensitivity"); break;
    default: ent_buf_puts(b, "nothing to analyse"); break;
    }
}

/* The cell's statement: "passes", "dead on arrival, designed to be rejected", "61.4
 * (converged)", "circular, cut 52.0", ... "-" when the run says nothing on the topic. */
void ent_i_compare_cell_text(const ent_scenario_t *s, const ent_compare_row_t *w, const ent_compare_cell_t *cl, ent_buf_t *b)
{
    if (!cl->present) {
        ent_buf_puts(b, w->topic == ENT_TOPIC_VETO ? "no" : "-");
        return;
    }
    switch (cl->kind) {
    case ENT_ANALYZE_VETO_PLAYER:
        if (!cl->count) ent_buf_puts(b, "no");
        else ent_buf_printf(b, "yes (%zu rule%s)", cl->count, cl->count == 1 ? "" : "s");
        break;
    case ENT_ANALYZE_DESIGN:
        ent_buf_puts(b, design_word(cl->verdict));
        if (!isnan(cl->value[0])) ent_buf_printf(b, ", prevent %.4f", cl->value[0]);
        break;
    case ENT_ANALYZE_PROPOSAL_PASSES: ent_buf_puts(b, "passes"); break;
    case ENT_ANALYZE_PROPOSAL_DEAD:
        ent_buf_puts(b, cl->value[0] == 1 ? "dead on arrival, designed to be rejected" : "dead on arrival");
        break;
    case ENT_ANALYZE_PROPOSAL_FAILS: ent_buf_puts(b, "fails"); break;
    case ENT_ANALYZE_NO_AGREEMENT: ent_buf_puts(b, "no agreement"); break;
    case ENT_ANALYZE_AGREEMENT_POSSIBLE: ent_buf_puts(b, "agreement possible"); break;
    case ENT_ANALYZE_WINSET_UNKNOWN: ent_buf_puts(b, "not computed"); break;
    case ENT_ANALYZE_NOT_CIRCULAR: ent_buf_puts(b, "not circular"); break;
    case ENT_ANALYZE_CIRCULAR: ent_buf_printf(b, "circular, cut %.1f", cl->value[0]); break;
    case ENT_ANALYZE_FORECAST: {
        size_t nd = s->issues[w->issue].ndim;
        if (nd == 1) ent_buf_printf(b, "%.1f", cl->value[0]);
        else {
            ent_buf_puts(b, "(");
            for (size_t d = 0; d < nd && d < 3; d++) ent_buf_printf(b, "%s%.1f", d ? ", " : "", cl->value[d]);
            ent_buf_puts(b, nd > 3 ? ", ...)" : ")");
        }
        if (cl->count != ENT_VERDICT_NONE) ent_buf_printf(b, " (%s)", ent_verdict_name((ent_verdict_kind_t)cl->count));
        break;
    }
    case ENT_ANALYZE_SENSITIVITY_FLIPS: ent_buf_printf(b, "%zu flips at %.0f", cl->count, cl->value[0]); break;
    case ENT_ANALYZE_SENSITIVITY_LATER:
        ent_buf_printf(b, "none at %.0f; %zu at %.0f", cl->value[0], cl->count, cl->value[1]);
        break;
    case ENT_ANALYZE_SENSITIVITY_NONE: ent_buf_printf(b, "none at %.0f or more", cl->value[0]); break;
    default: ent_buf_puts(b, "nothing"); break;
    }
}

static void render_table(const ent_scenario_t *s, const ent_compare_t *c, int csv, ent_buf_t *out)
{
    size_t ncol = c->ncolumns + 1 + (size_t)csv;
    const char **hdr = calloc(ncol, sizeof *hdr);
    if (!hdr) { out->oom = 1; return; }
    hdr[0] = "conclusion";
    for (size_t k = 0; k < c->ncolumns; k++) hdr[k + 1] = c->column[k];
    if (csv) hdr[ncol - 1] = "differs";
    ent_table_t *t = ent_table_new(ncol, hdr);
    free(hdr);
    if (!t) { out->oom = 1; return; }
    ent_buf_t b = ENT_BUF_INIT;
    for (size_t r = 0; r < c->nrows; r++) {
        const ent_compare_row_t *w = &c->rows[r];
        ent_table_row(t);
        ent_buf_reset(&b);
        ent_i_compare_row_label(s, c, w, &b);
        ent_table_set(t, 0, b.data ? b.data : "");
        for (size_t k = 0; k < c->ncolumns; k++) {
            ent_buf_reset(&b);
            if (w->cell[k].differs) ent_buf_puts(&b, "*");
            ent_i_compare_cell_text(s, w, &w->cell[k], &b);
            ent_table_set(t, k + 1, b.data ? b.data : "");
        }
        if (csv) ent_table_set(t, ncol - 1, w->differs ? "yes" : "no");
    }
    if (b.oom) out->oom = 1;
    ent_buf_free(&b);
    if (csv) ent_table_render_csv(t, out);
    else ent_table_render_text(t, out);
    ent_table_free(t);
    if (!csv)
        ent_buf_printf(out, "\n%zu of %zu conclusion%s differ%s from %s (cells marked *).\n", c->ndiffer, c->nrows,
                       c->nrows == 1 ? "" : "s", c->ndiffer == 1 ? "s" : "", c->ncolumns ? c->column[0] : "base");
}

static ent_status_t render_json(const ent_scenario_t *s, const ent_compare_t *c, ent_buf_t *out)
{
    ent_json_t j;
    ent_json_init(&j, out);
    ent_buf_t b = ENT_BUF_INIT;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "columns");
    ent_json_arr_begin(&j);
    for (size_t k = 0; k < c->ncolumns; k++) ent_json_str(&j, c->column[k]);
    ent_json_arr_end(&j);
    ent_json_key(&j, "differ");
    ent_json_int(&j, (long long)c->ndiffer);
    ent_json_key(&j, "rows");
    ent_json_arr_begin(&j);
    for (size_t r = 0; r < c->nrows; r++) {
        const ent_compare_row_t *w = &c->rows[r];
        ent_json_obj_begin(&j);
        ent_buf_reset(&b);
        ent_i_compare_row_label(s, c, w, &b);
        ent_json_key(&j, "conclusion");
        ent_json_str(&j, b.data ? b.data : "");
        ent_json_key(&j, "topic");
        ent_json_str(&j, topic_name[w->topic]);
        if (w->actor >= 0) { ent_json_key(&j, "actor"); ent_json_str(&j, actor_id(s, c, w->actor)); }
        if (w->rule >= 0) { ent_json_key(&j, "rule"); ent_json_str(&j, rule_id(s, c, w->rule)); }
        if (w->proposal >= 0) { ent_json_key(&j, "proposal"); ent_json_str(&j, s->proposals[w->proposal].id); }
        if (w->issue >= 0) { ent_json_key(&j, "issue"); ent_json_str(&j, s->issues[w->issue].id); }
        if (w->model >= 0) { ent_json_key(&j, "model"); ent_json_str(&j, c->runs[0].model[w->model]); }
        ent_json_key(&j, "differs");
        ent_json_bool(&j, w->differs);
        ent_json_key(&j, "cells");
        ent_json_arr_begin(&j);
        for (size_t k = 0; k < c->ncolumns; k++) {
            ent_json_obj_begin(&j);
            ent_json_key(&j, "value");
            ent_buf_reset(&b);
            ent_i_compare_cell_text(s, w, &w->cell[k], &b);
            ent_json_str(&j, b.data ? b.data : "");
            ent_json_key(&j, "differs");
            ent_json_bool(&j, w->cell[k].differs);
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(out, "\n");
    if (b.oom) out->oom = 1;
    ent_buf_free(&b);
    return ent_json_status(&j);
}

ent_status_t ent_report_compare(const ent_scenario_t *s, const ent_compare_t *c, ent_output_t fmt, ent_buf_t *out)
{
    if (!s || !c || !out) return ENT_EINVAL;
    switch (fmt) {
    case ENT_OUTPUT_TEXT: render_table(s, c, 0, out); break;
    case ENT_OUTPUT_CSV: render_table(s, c, 1, out); break;
    case ENT_OUTPUT_JSON: {
        ent_status_t st = render_json(s, c, out);
        if (st != ENT_OK) return st;
        break;
    }
    default: return ENT_EINVAL;
    }
    return ent_i_report_status(out);
}
