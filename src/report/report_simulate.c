/* SPDX-License-Identifier: MIT */
/* report_simulate.c — renders ent_simulation_t (entente/simulate.h) for `entente simulate`:
 * text (the coded scenario's summary lines each with the probability that it holds, then
 * tables of numbers, flags, verdicts and drop sets, the uncertain inputs, and with Sobol
 * indices a tornado table per output: its inputs by total index), one JSON
 * document with the same content, or CSV: the per-draw table (one row per draw: the drawn
 * inputs, then every output; needs keep_draws). docs/analyses.md §6 and docs/cli.md.
 * Nothing here depends on the number of threads, so the output is bit-identical for any.
 * Complexity: linear in the result (CSV: draws × (inputs + outputs)).
 */
#include "report/report_analysis_i.h"
#include "entente/simulate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A summary line of the coded scenario, in words that do not depend on one draw's numbers. */
static void line_words(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it, ent_buf_t *b)
{
    const char *rule = it->rule >= 0 ? s->rules[it->rule].id : "";
    const char *prop = it->proposal >= 0 ? s->proposals[it->proposal].id : "";
    switch (it->kind) {
    case ENT_ANALYZE_VETO_PLAYER: {
        ent_buf_printf(b, "%s is a veto player under %zu of %zu rules (", ent_i_actor_name(s, (size_t)it->actor), it->count,
                       a->guarantee.nrows);
        for (size_t r = 0, k = 0; r < a->guarantee.nrows; r++) {
            const ent_guarantee_row_t *row = &a->guarantee.rows[r];
            for (size_t v = 0; v < row->nveto; v++)
                if ((long)row->veto[v] == it->actor) ent_buf_printf(b, "%s%s", k++ ? ", " : "", s->rules[row->rule].id);
        }
        ent_buf_puts(b, ")");
        return;
    }
    case ENT_ANALYZE_DESIGN:
        ent_buf_printf(b, "%s: ", rule);
        ent_i_guarantee_verdict_text(s, &a->guarantee, &a->guarantee.rows[it->index], b);
        return;
    case ENT_ANALYZE_PROPOSAL_PASSES: ent_buf_printf(b, "Proposal %s passes under %s", prop, rule); return;
    case ENT_ANALYZE_PROPOSAL_DEAD: ent_buf_printf(b, "Proposal %s is dead on arrival under %s", prop, rule); return;
    case ENT_ANALYZE_PROPOSAL_FAILS: ent_buf_printf(b, "Proposal %s fails under %s", prop, rule); return;
    case ENT_ANALYZE_NO_AGREEMENT: ent_buf_printf(b, "No agreement is possible under %s (empty win-set)", rule); return;
    case ENT_ANALYZE_AGREEMENT_POSSIBLE: ent_buf_printf(b, "Agreement is possible under %s", rule); return;
    case ENT_ANALYZE_WINSET_UNKNOWN: ent_buf_printf(b, "The win-set under %s is not computed", rule); return;
    case ENT_ANALYZE_NOT_CIRCULAR: ent_buf_puts(b, "The preconditions admit a feasible order"); return;
    case ENT_ANALYZE_CIRCULAR: ent_buf_puts(b, "The precondition chain is circular"); return;
    case ENT_ANALYZE_PROPOSAL_NO_POSITION:
        ent_buf_printf(b, "Most deciders of proposal %s have no position on %s", prop,
                       it->issue >= 0 ? s->issues[it->issue].id : "?");
        return;
    default: ent_buf_puts(b, "?"); return;
    }
}

static void num_cell(ent_table_t *t, size_t col, double v, int dec)
{
    if (isnan(v)) ent_table_set(t, col, "-");
    else ent_table_num(t, col, v, dec);
}

static void text_tables(const ent_simulation_t *r, ent_buf_t *out)
{
    static const char *const hn[] = {"number", "n", "mean", "sd", "5%", "25%", "50%", "75%", "95%"};
    static const char *const hf[] = {"flag", "n", "p", "95% low", "95% high"};
    static const char *const hc[] = {"verdict or drop set", "n", "value", "share"};
    ent_table_t *tn = ent_table_new(9, hn), *tf = ent_table_new(5, hf), *tc = ent_table_new(4, hc);
    if (!tn || !tf || !tc) {
        out->oom = 1;
        ent_table_free(tn);
        ent_table_free(tf);
        ent_table_free(tc);
        return;
    }
    for (size_t o = 0; o < r->noutputs; o++) {
        const ent_sim_output_t *x = &r->outputs[o];
        if (x->kind == ENT_SIM_NUMBER) {
            ent_table_row(tn);
            ent_table_set(tn, 0, x->name);
            ent_table_setf(tn, 1, "%zu", x->n);
            num_cell(tn, 2, x->mean, 2);
            num_cell(tn, 3, x->sd, 2);
            for (int k = 0; k < 5; k++) num_cell(tn, 4 + (size_t)k, x->q[k], 2);
        } else if (x->kind == ENT_SIM_FLAG) {
            ent_table_row(tf);
            ent_table_set(tf, 0, x->name);
            ent_table_setf(tf, 1, "%zu", x->n);
            num_cell(tf, 2, x->p, 4);
            num_cell(tf, 3, x->lo, 4);
            num_cell(tf, 4, x->hi, 4);
        } else {
            for (size_t c = 0; c < x->ncat; c++) {
                ent_table_row(tc);
                ent_table_set(tc, 0, c ? "" : x->name);
                if (!c) ent_table_setf(tc, 1, "%zu", x->n);
                ent_table_set(tc, 2, x->cat[c].label);
                ent_table_num(tc, 3, (double)x->cat[c].count / (double)x->n, 4);
            }
        }
    }
    if (ent_table_nrows(tn)) { ent_buf_puts(out, "\nNumbers (over the draws where defined):\n\n"); ent_table_render_text(tn, out); }
    size_t qerr = 0;  /* above the exact limit: the largest proven rank error of a quantile */
    for (size_t o = 0; o < r->noutputs; o++)
        if (r->outputs[o].kind == ENT_SIM_NUMBER && r->outputs[o].q_error > qerr) qerr = r->outputs[o].q_error;
    if (qerr)
        ent_buf_printf(out, "\nQuantiles estimated, not exact (%zu draws, above the exact limit %zu): each within %zu "
                       "ranks (%.2g x draws) of the exact one, a proven bound (docs/analyses.md section 6).\n",
                       r->draws, r->exact_limit, qerr, (double)qerr / (double)r->draws);
    if (ent_table_nrows(tf)) { ent_buf_puts(out, "\nFlags (probability, 95 % Wilson interval):\n\n"); ent_table_render_text(tf, out); }
    if (ent_table_nrows(tc)) { ent_buf_puts(out, "\nVerdicts and drop sets (frequency):\n\n"); ent_table_render_text(tc, out); }
    ent_table_free(tn);
    ent_table_free(tf);
    ent_table_free(tc);
}

static void text_inputs(const ent_simulation_t *r, ent_buf_t *out)
{
    static const char *const h[] = {"input", "coded", "mean drawn", "sd drawn"};
    if (!r->ninputs) { ent_buf_puts(out, "\nNo uncertain inputs: every draw is the coded scenario.\n"); return; }
    ent_table_t *t = ent_table_new(4, h);
    if (!t) { out->oom = 1; return; }
    for (size_t k = 0; k < r->ninputs; k++) {
        ent_table_row(t);
        ent_table_set(t, 0, r->inputs[k].name);
        num_cell(t, 1, r->inputs[k].nominal, 2);
        num_cell(t, 2, r->inputs[k].mean, 2);
        num_cell(t, 3, r->inputs[k].sd, 2);
    }
    ent_buf_puts(out, "\nUncertain inputs:\n\n");
    ent_table_render_text(t, out);
    ent_table_free(t);
}

/* The tornado tables: per output, its inputs by total index (the first 10). */
static void text_sobol(const ent_simulation_t *r, ent_buf_t *out)
{
    static const char *const h[] = {"input", "first-order", "95% interval", "total", "95% interval"};
    if (!r->sobol_n) return;
    ent_buf_printf(out, "\nWhich codings matter: Sobol indices over the first %zu inputs, %zu base draws, %zu analysis "
                        "runs (Saltelli 2010 first-order, Jansen 1999 total; 95 %% bootstrap intervals):\n",
                   r->sobol_inputs, r->sobol_n, r->sobol_runs);
    if (!r->nsobol) ent_buf_puts(out, "\nNo number or flag varies over the draws.\n");
    for (size_t k = 0; k < r->nsobol; k++) {
        const ent_sim_sobol_t *x = &r->sobol[k];
        ent_table_t *t = ent_table_new(5, h);
        if (!t) { out->oom = 1; return; }
        for (size_t i = 0; i < r->sobol_inputs && i < 10; i++) {
            const ent_sim_index_t *y = &x->idx[i];
            ent_table_row(t);
            ent_table_set(t, 0, r->inputs[y->input].name);
            num_cell(t, 1, y->first, 3);
            ent_table_setf(t, 2, "[%.3f, %.3f]", y->first_lo, y->first_hi);
            num_cell(t, 3, y->total, 3);
            ent_table_setf(t, 4, "[%.3f, %.3f]", y->total_lo, y->total_hi);
        }
        ent_buf_printf(out, "\n%s (variance %.4g over %zu base draws):\n\n", r->outputs[x->output].name, x->variance, x->n);
        ent_table_render_text(t, out);
        ent_table_free(t);
    }
}

static void report_text(const ent_scenario_t *s, const ent_simulation_t *r, ent_buf_t *out)
{
    ent_buf_printf(out, "%s\n", s->title ? s->title : "Simulation");
    ent_buf_printf(out, "%zu draws, seed %llu, %zu uncertain input%s\n", r->draws, (unsigned long long)r->seed, r->ninputs,
                   r->ninputs == 1 ? "" : "s");
    if (r->nlines) {
        ent_buf_puts(out, "\nSummary of the coded scenario, each line with the probability that it holds "
                          "(95 % Wilson interval):\n");
        for (size_t l = 0; l < r->nlines; l++) {
            const ent_sim_line_t *x = &r->lines[l];
            ent_buf_printf(out, "  - %.3f [%.3f, %.3f]  ", x->p, x->lo, x->hi);
            line_words(s, &r->nominal, &r->nominal.items[x->item], out);
            ent_buf_puts(out, ".\n");
        }
    }
    text_tables(r, out);
    text_inputs(r, out);
    text_sobol(r, out);
}

/* One JSON document: title, draws, seed, summary, outputs, inputs, sobol. Over 100 lines: one
 * flat sequence of keys in document order, which reads best unsplit. */
static ent_status_t report_json(const ent_scenario_t *s, const ent_simulation_t *r, ent_buf_t *out)
{
    ent_json_t j;
    ent_json_init(&j, out);
    ent_json_obj_begin(&j);
    ent_json_key(&j, "title"); ent_json_str(&j, s->title);
    ent_json_key(&j, "draws"); ent_json_int(&j, (long long)r->draws);
    ent_json_key(&j, "seed"); ent_json_num(&j, (double)r->seed);
    ent_json_key(&j, "summary");
    ent_json_arr_begin(&j);
    for (size_t l = 0; l < r->nlines; l++) {
        const ent_sim_line_t *x = &r->lines[l];
        ent_buf_t w = ENT_BUF_INIT;
        line_words(s, &r->nominal, &r->nominal.items[x->item], &w);
        if (w.oom) out->oom = 1;
        ent_json_obj_begin(&j);
        ent_json_key(&j, "line"); ent_json_str(&j, w.data ? w.data : "");
        ent_json_key(&j, "count"); ent_json_int(&j, (long long)x->count);
        ent_json_key(&j, "p"); ent_json_num(&j, x->p);
        ent_json_key(&j, "low"); ent_json_num(&j, x->lo);
        ent_json_key(&j, "high"); ent_json_num(&j, x->hi);
        ent_json_obj_end(&j);
        ent_buf_free(&w);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "outputs");
    ent_json_arr_begin(&j);
    for (size_t o = 0; o < r->noutputs; o++) {
        const ent_sim_output_t *x = &r->outputs[o];
        ent_json_obj_begin(&j);
        ent_json_key(&j, "name"); ent_json_str(&j, x->name);
        ent_json_key(&j, "kind"); ent_json_str(&j, x->kind == ENT_SIM_NUMBER ? "number" : x->kind == ENT_SIM_FLAG ? "flag" : "category");
        ent_json_key(&j, "n"); ent_json_int(&j, (long long)x->n);
        if (x->kind == ENT_SIM_NUMBER) {
            static const char *const qn[5] = {"q05", "q25", "q50", "q75", "q95"};
            ent_json_key(&j, "mean"); ent_json_num(&j, x->mean);
            ent_json_key(&j, "sd"); ent_json_num(&j, x->sd);
            for (int k = 0; k < 5; k++) { ent_json_key(&j, qn[k]); ent_json_num(&j, x->q[k]); }
            if (x->q_error) {  /* absent: the quantiles are exact */
                ent_json_key(&j, "quantiles"); ent_json_str(&j, "estimated");
                ent_json_key(&j, "rank_error"); ent_json_int(&j, (long long)x->q_error);
            }
        } else if (x->kind == ENT_SIM_FLAG) {
            ent_json_key(&j, "count"); ent_json_int(&j, (long long)x->count);
            ent_json_key(&j, "p"); ent_json_num(&j, x->p);
            ent_json_key(&j, "low"); ent_json_num(&j, x->lo);
            ent_json_key(&j, "high"); ent_json_num(&j, x->hi);
        } else {
            ent_json_key(&j, "frequencies");
            ent_json_arr_begin(&j);
            for (size_t c = 0; c < x->ncat; c++) {
                ent_json_obj_begin(&j);
                ent_json_key(&j, "value"); ent_json_str(&j, x->cat[c].label);
                ent_json_key(&j, "count"); ent_json_int(&j, (long long)x->cat[c].count);
                ent_json_obj_end(&j);
            }
            ent_json_arr_end(&j);
        }
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "inputs");
    ent_json_arr_begin(&j);
    for (size_t k = 0; k < r->ninputs; k++) {
        ent_json_obj_begin(&j);
        ent_json_key(&j, "name"); ent_json_str(&j, r->inputs[k].name);
        ent_json_key(&j, "coded"); ent_json_num(&j, r->inputs[k].nominal);
        ent_json_key(&j, "mean"); ent_json_num(&j, r->inputs[k].mean);
        ent_json_key(&j, "sd"); ent_json_num(&j, r->inputs[k].sd);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    if (r->sobol_n) {
        ent_json_key(&j, "sobol");
        ent_json_obj_begin(&j);
        ent_json_key(&j, "base_draws"); ent_json_int(&j, (long long)r->sobol_n);
        ent_json_key(&j, "inputs"); ent_json_int(&j, (long long)r->sobol_inputs);
        ent_json_key(&j, "runs"); ent_json_int(&j, (long long)r->sobol_runs);
        ent_json_key(&j, "outputs");
        ent_json_arr_begin(&j);
        for (size_t k = 0; k < r->nsobol; k++) {
            const ent_sim_sobol_t *x = &r->sobol[k];
            ent_json_obj_begin(&j);
            ent_json_key(&j, "name"); ent_json_str(&j, r->outputs[x->output].name);
            ent_json_key(&j, "variance"); ent_json_num(&j, x->variance);
            ent_json_key(&j, "n"); ent_json_int(&j, (long long)x->n);
            ent_json_key(&j, "ranking");
            ent_json_arr_begin(&j);
            for (size_t i = 0; i < r->sobol_inputs; i++) {
                const ent_sim_index_t *y = &x->idx[i];
                ent_json_obj_begin(&j);
                ent_json_key(&j, "input"); ent_json_str(&j, r->inputs[y->input].name);
                ent_json_key(&j, "first"); ent_json_num(&j, y->first);
                ent_json_key(&j, "first_low"); ent_json_num(&j, y->first_lo);
                ent_json_key(&j, "first_high"); ent_json_num(&j, y->first_hi);
                ent_json_key(&j, "total"); ent_json_num(&j, y->total);
                ent_json_key(&j, "total_low"); ent_json_num(&j, y->total_lo);
                ent_json_key(&j, "total_high"); ent_json_num(&j, y->total_hi);
                ent_json_obj_end(&j);
            }
            ent_json_arr_end(&j);
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_obj_end(&j);
    ent_buf_puts(out, "\n");
    return ent_json_status(&j);
}

/* RFC 4180 field: quoted when it holds a comma, quote or line end. */
static void csv_field(ent_buf_t *out, const char *f)
{
    if (!strpbrk(f, ",\"\r\n")) { ent_buf_puts(out, f); return; }
    ent_buf_puts(out, "\"");
    for (const char *p = f; *p; p++) ent_buf_puts(out, *p == '"' ? "\"\"" : (char[]){*p, 0});
    ent_buf_puts(out, "\"");
}

static void csv_num(ent_buf_t *out, double v)
{
    if (!isnan(v)) ent_buf_printf(out, "%.17g", v);
}

static ent_status_t report_csv(const ent_simulation_t *r, ent_buf_t *out)
{
    if ((r->ninputs && !r->drawn) || (r->noutputs && !r->values))
        return ENT_EINVAL;  /* the run did not keep its draws */
    ent_buf_puts(out, "draw");
    for (size_t k = 0; k < r->ninputs; k++) { ent_buf_puts(out, ","); csv_field(out, r->inputs[k].name); }
    for (size_t o = 0; o < r->noutputs; o++) { ent_buf_puts(out, ","); csv_field(out, r->outputs[o].name); }
    ent_buf_puts(out, "\n");
    for (size_t d = 0; d < r->draws && !out->oom; d++) {
        ent_buf_printf(out, "%zu", d);
        for (size_t k = 0; k < r->ninputs; k++) { ent_buf_puts(out, ","); csv_num(out, r->drawn[d * r->ninputs + k]); }
        for (size_t o = 0; o < r->noutputs; o++) {
            const ent_sim_output_t *x = &r->outputs[o];
            double v = r->values[d * r->noutputs + o];
            ent_buf_puts(out, ",");
            if (isnan(v)) continue;
            if (x->kind == ENT_SIM_CATEGORY) csv_field(out, x->cat[(size_t)v].label);
            else if (x->kind == ENT_SIM_FLAG) ent_buf_puts(out, v != 0 ? "1" : "0");
            else csv_num(out, v);
        }
        ent_buf_puts(out, "\n");
    }
    return ENT_OK;
}

ent_status_t ent_report_simulate_line(const ent_scenario_t *s, const ent_simulation_t *r, size_t l, ent_buf_t *out)
{
    if (!s || !r || !out || l >= r->nlines) return ENT_EINVAL;
    line_words(s, &r->nominal, &r->nominal.items[r->lines[l].item], out);
    return ent_i_report_status(out);
}

ent_status_t ent_report_simulate(const ent_scenario_t *s, const ent_simulation_t *r, ent_output_t fmt, ent_buf_t *out)
{
    if (!s || !r || !out) return ENT_EINVAL;
    if (fmt == ENT_OUTPUT_JSON) return report_json(s, r, out);
    if (fmt == ENT_OUTPUT_CSV) {
        ent_status_t st = report_csv(r, out);
        return st != ENT_OK ? st : ent_i_report_status(out);
    }
    report_text(s, r, out);
    return ent_i_report_status(out);
}
