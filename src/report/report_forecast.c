/* SPDX-License-Identifier: MIT */
/* report_forecast.c — renderer of forecasts: ent_report_forecast() writes the results of one
 * or more models on one scenario side by side, as text, JSON or CSV.
 *
 * Text: the forecast per issue and dimension (one column per model, 2 decimals); for the
 * dynamic models a dynamics table (verdict, rounds, movement, net change, movement without
 * progress; docs/verdict.md); the models' notes (why[]); with opts.trace, every track's
 * positions per round with each round's movement, net change and mwp, and each model's
 * trace text. CSV: one row per issue, dimension and
 * model (6 decimals). JSON: the models, then per issue each model's outcome, note, verdict
 * and (with trace) the forecast, the movement, net change and mwp, and the positions per
 * round, numbers at opts.precision
 * significant digits. With a calibration (opts.calibration, opts.calibrated: `forecast
 * --calibration`, docs/validation.md), text and JSON add each forecast's calibrated interval
 * per level and the ensemble's forecast and intervals. Models: docs/models.md. The renderer
 * only reads the results.
 *
 * Complexity: O(I · D · M) cells, plus O(T · N) per track with trace.
 */
#include "entente/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ent_report_forecast_opts_init(ent_report_forecast_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->source = NULL;
    o->trace = 0;
    o->precision = 10;
}

static const char *dim_label(const ent_issue_t *is, size_t d, char *buf, size_t n)
{
    if (is->ndim <= 1) return is->id;
    if (is->dim_names && is->dim_names[d]) snprintf(buf, n, "%s.%s", is->id, is->dim_names[d]);
    else snprintf(buf, n, "%s.%zu", is->id, d + 1);
    return buf;
}

static void verdict_text(const ent_verdict_t *v, char *buf, size_t n)
{
    switch (v->kind) {
    case ENT_VERDICT_CONVERGED:
        snprintf(buf, n, "converged at round %d%s", v->round, v->exact ? "" : " (within tol)");
        break;
    case ENT_VERDICT_CYCLING:
        snprintf(buf, n, "cycling: period %d from round %d (%s)", v->period, v->cycle_start,
                 v->exact ? "exact" : "within tol");
        break;
    case ENT_VERDICT_MOVING: snprintf(buf, n, "still moving at round %d", v->round); break;
    case ENT_VERDICT_STOPPED:
        snprintf(buf, n, "stopped by the model's own rule after %d round%s", v->round, v->round == 1 ? "" : "s");
        break;
    default: snprintf(buf, n, "none"); break;
    }
}

/* The track of issue i, or NULL when the model has none there (static, or issue skipped). */
static const ent_track_t *track_of(const ent_forecast_t *f, size_t i)
{
    if (!f->tracks) return NULL;
    const ent_track_t *t = &f->tracks[i];
    return t->nstates > 0 && t->x ? t : NULL;
}

/* text: NaN prints "-"; CSV (csv = 1): empty */
static void put_ratio(ent_table_t *t, size_t col, double v, int dec, int csv)
{
    if (isinf(v)) ent_table_set(t, col, v > 0 ? "inf" : "-inf");
    else if (isnan(v) && !csv) ent_table_set(t, col, "-");
    else ent_table_num(t, col, v, dec);
}

/* ---------------------------------------------------------------- text */

static void text_outcomes(const ent_scenario_t *s, const ent_forecast_t *fs, size_t nm,
                          ent_buf_t *b)
{
    const char **hdr = malloc((nm + 1) * sizeof *hdr);
    if (!hdr) { b->oom = 1; return; }
    hdr[0] = "issue";
    for (size_t m = 0; m < nm; m++) hdr[m + 1] = fs[m].model;
    ent_table_t *t = ent_table_new(nm + 1, hdr);
    free(hdr);
    if (!t) { b->oom = 1; return; }
    char lab[512];
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        for (size_t d = 0; d < (is->ndim ? is->ndim : 1); d++) {
            ent_table_row(t);
            ent_table_set(t, 0, dim_label(is, d, lab, sizeof lab));
            for (size_t m = 0; m < nm; m++) {
                if (fs[m].outcome && fs[m].outcome[i]) ent_table_num(t, m + 1, fs[m].outcome[i][d], 2);
                else ent_table_set(t, m + 1, "-");
            }
        }
    }
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static void text_dynamics(const ent_scenario_t *s, const ent_forecast_t *fs, size_t nm,
                          ent_buf_t *b)
{
    int anydyn = 0;
    for (size_t m = 0; m < nm; m++)
        for (size_t i = 0; i < s->nissues; i++) anydyn |= track_of(&fs[m], i) != NULL;
    if (!anydyn) return;
    static const char *const dh[] = {"model", "issue", "verdict", "rounds", "movement", "net", "mwp"};
    ent_buf_puts(b, "\ndynamics (mwp = movement without progress = movement / net change of the forecast)\n");
    ent_table_t *t = ent_table_new(7, dh);
    if (!t) { b->oom = 1; return; }
    char vt[160];
    for (size_t m = 0; m < nm; m++)
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_track_t *tk = track_of(&fs[m], i);
            if (!tk) continue;
            ent_table_row(t);
            ent_table_set(t, 0, fs[m].model);
            ent_table_set(t, 1, s->issues[i].id);
            verdict_text(&tk->verdict, vt, sizeof vt);
            ent_table_set(t, 2, vt);
            ent_table_setf(t, 3, "%zu", tk->nstates - 1);
            ent_table_num(t, 4, tk->verdict.movement, 2);
            ent_table_num(t, 5, tk->verdict.net, 2);
            put_ratio(t, 6, tk->verdict.mwp, 2, 0);
        }
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static void text_notes(const ent_scenario_t *s, const ent_forecast_t *fs, size_t nm,
                       ent_buf_t *b)
{
    int anynote = 0;
    for (size_t m = 0; m < nm; m++)
        for (size_t i = 0; i < s->nissues; i++)
            if (fs[m].why && fs[m].why[i]) {
                if (!anynote) ent_buf_puts(b, "\nnotes\n");
                anynote = 1;
                ent_buf_printf(b, "  %s, %s: %s\n", fs[m].model, s->issues[i].id, fs[m].why[i]);
            }
}

/* One cell of a trace row: an actor's (or the forecast's) position, "a/b/c" when the issue
 * has several dimensions. */
static void trace_cell(ent_table_t *t, size_t col, const double *v, size_t dd)
{
    if (dd == 1) {
        ent_table_num(t, col, v[0], 2);
        return;
    }
    ent_buf_t cell = ENT_BUF_INIT;
    for (size_t d = 0; d < dd; d++) ent_buf_printf(&cell, "%s%.2f", d ? "/" : "", v[d]);
    ent_table_set(t, col, cell.data ? cell.data : "");
    ent_buf_free(&cell);
}

/* Positions per round of one track: round, the actors with a position in state 0, forecast. */
static void text_track(const ent_scenario_t *s, const char *model, const ent_track_t *tk,
                       ent_buf_t *b)
{
    size_t na = tk->nactors, dd = tk->ndim;
    size_t *cols = malloc((na ? na : 1) * sizeof *cols), nc = 0;
    if (!cols) { b->oom = 1; return; }
    for (size_t a = 0; a < na; a++)
        if (!isnan(tk->x[a * dd])) cols[nc++] = a;
    int per_round = tk->round_movement && tk->round_net && tk->round_mwp;
    size_t ncol = nc + 2 + (per_round ? 3 : 0);
    const char **th = malloc(ncol * sizeof *th);
    if (!th) { free(cols); b->oom = 1; return; }
    th[0] = "round";
    for (size_t k = 0; k < nc; k++) th[k + 1] = s->actors[cols[k]].id;
    th[nc + 1] = "forecast";
    if (per_round) {
        th[nc + 2] = "movement";
        th[nc + 3] = "net";
        th[nc + 4] = "mwp";
    }
    ent_buf_printf(b, "\ntrace %s, %s: positions per round%s\n", model, s->issues[tk->issue].id,
                   per_round ? "; the round's movement, net change of the forecast and their ratio (mwp)" : "");
    ent_table_t *t = ent_table_new(ncol, th);
    if (!t) { free(th); free(cols); b->oom = 1; return; }
    for (size_t r = 0; r < tk->nstates; r++) {
        ent_table_row(t);
        ent_table_setf(t, 0, "%zu", r);
        for (size_t k = 0; k <= nc; k++) {
            const double *v = k < nc ? tk->x + (r * na + cols[k]) * dd : tk->fc ? tk->fc + r * dd : NULL;
            if (v) trace_cell(t, k + 1, v, dd);
        }
        if (per_round && r == 0) { /* the input state: no round was run */
            for (size_t k = nc + 2; k < nc + 5; k++) ent_table_set(t, k, "-");
        } else if (per_round) {
            ent_table_num(t, nc + 2, tk->round_movement[r], 2);
            put_ratio(t, nc + 3, tk->round_net[r], 2, 0);
            put_ratio(t, nc + 4, tk->round_mwp[r], 2, 0);
        }
    }
    ent_table_render_text(t, b);
    ent_table_free(t);
    free(th);
    free(cols);
}

/* "lo..hi" of an interval, or "-". */
static void put_interval(ent_table_t *t, size_t col, double lo, double hi)
{
    if (isnan(lo)) ent_table_set(t, col, "-");
    else ent_table_setf(t, col, "%.2f..%.2f", lo, hi);
}

/* One row per issue and calibrated forecast, then the ensemble: forecast and intervals. */
static void text_calibrated(const ent_scenario_t *s, const ent_forecast_t *fs, size_t nm,
                            const ent_calibration_t *c, const ent_calibrated_t *k, ent_buf_t *b)
{
    size_t L = k->nlevels;
    const char **hdr = malloc((L + 3) * sizeof *hdr);
    char *lev = malloc(L * 16 + 1);
    if (!hdr || !lev) { free(hdr); free(lev); b->oom = 1; return; }
    hdr[0] = "issue";
    hdr[1] = "method";
    hdr[2] = "forecast";
    for (size_t l = 0; l < L; l++) {
        snprintf(lev + 16 * l, 16, "%.4g %%", 100 * c->levels[l]);
        hdr[3 + l] = lev + 16 * l;
    }
    ent_table_t *t = ent_table_new(L + 3, hdr);
    free(hdr);
    if (!t) { free(lev); b->oom = 1; return; }
    size_t fallback = 0, multi = 0;
    for (size_t i = 0; i < s->nissues; i++) {
        if (s->issues[i].ndim != 1) { multi++; continue; }
        for (size_t m = 0; m < nm; m++) {
            if (k->model[m] < 0) continue;
            ent_table_row(t);
            ent_table_set(t, 0, s->issues[i].id);
            ent_table_set(t, 1, fs[m].model);
            if (fs[m].outcome && fs[m].outcome[i]) ent_table_num(t, 2, fs[m].outcome[i][0], 2);
            else ent_table_set(t, 2, "-");
            for (size_t l = 0; l < L; l++)
                put_interval(t, 3 + l, k->lo[(i * nm + m) * L + l], k->hi[(i * nm + m) * L + l]);
        }
        if (!k->ensemble) continue;
        ent_table_row(t);
        ent_table_set(t, 0, s->issues[i].id);
        ent_table_set(t, 1, k->fallback[i] ? "ensemble*" : "ensemble");
        fallback += k->fallback[i];
        if (isnan(k->ens[i])) ent_table_set(t, 2, "-");
        else ent_table_num(t, 2, k->ens[i], 2);
        for (size_t l = 0; l < L; l++) put_interval(t, 3 + l, k->ens_lo[i * L + l], k->ens_hi[i * L + l]);
    }
    ent_buf_printf(b, "\ncalibrated intervals: forecast +- the half-width fitted out of sample on %s "
                   "(%s, %zu issues, scale %g..%g, %d folds x %d repeats, seed %llu; calibration %s),\n"
                   "clipped to the issue's scale; they hold on average over issues like the table's\n\n",
                   c->table ? c->table : "?", c->table_hash ? c->table_hash : "no hash", c->issues,
                   c->scale_lo, c->scale_hi, c->folds, c->repeats, c->seed, c->path ? c->path : "");
    ent_table_render_text(t, b);
    ent_table_free(t);
    free(lev);
    if (k->ensemble && c->affine) { /* calibrate --affine: intercept + Σ w·x, clipped */
        ent_buf_printf(b, "ensemble (affine): %.10g", c->intercept);
        for (size_t m = 0; m < c->nmodels; m++)
            if (c->models[m].affine_weight != 0)
                ent_buf_printf(b, " %s %.10g x %s", c->models[m].affine_weight < 0 ? "-" : "+",
                               fabs(c->models[m].affine_weight), c->models[m].name);
        ent_buf_printf(b, ", clipped to the scale (out-of-sample MAE %.2f)\n", c->affine_mae);
    } else if (k->ensemble) {
        ent_buf_puts(b, "ensemble weights:");
        for (size_t m = 0; m < c->nmodels; m++)
            if (c->models[m].weight > 0) ent_buf_printf(b, " %s %.3f", c->models[m].name, c->models[m].weight);
        ent_buf_printf(b, " (out-of-sample MAE %.2f)\n", c->mae);
    }
    if (fallback && c->affine)
        ent_buf_printf(b, "* %zu issue(s): a predictor of the affine ensemble has no value there; the convex "
                       "ensemble instead (weights renormalised over the predictors that have one)\n", fallback);
    else if (fallback)
        ent_buf_printf(b, "* %zu issue(s): a weighted model did not forecast it; the weights are renormalised "
                       "over those that did\n", fallback);
    for (size_t m = 0; m < c->nmodels && !k->ensemble; m++) {
        size_t r = 0;
        while (r < nm && k->model[r] != (int)m) r++;
        if (r == nm && !c->models[m].input && (c->models[m].weight > 0 || c->models[m].affine_weight != 0))
            ent_buf_printf(b, "no ensemble: model %s (weight %.3f) was not run\n", c->models[m].name,
                           c->affine ? c->models[m].affine_weight : c->models[m].weight);
    }
    for (size_t m = 0; m < nm; m++)
        if (k->model[m] < 0) ent_buf_printf(b, "no interval for %s: not in the calibration\n", fs[m].model);
    if (multi) ent_buf_printf(b, "no interval for %zu issue(s) with more than one dimension\n", multi);
}

static void render_text(const ent_scenario_t *s, const ent_forecast_t *fs, size_t nm,
                        const ent_report_forecast_opts_t *o, ent_buf_t *b)
{
    const char *name = s->title ? s->title : o->source ? o->source : "";
    ent_buf_printf(b, "forecast: %s (%zu actors, %zu issues)\n\n", name, s->nactors, s->nissues);
    text_outcomes(s, fs, nm, b);
    text_dynamics(s, fs, nm, b);
    text_notes(s, fs, nm, b);
    if (o->calibration && o->calibrated) text_calibrated(s, fs, nm, o->calibration, o->calibrated, b);
    if (!o->trace) return;
    for (size_t m = 0; m < nm && !b->oom; m++) {
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_track_t *tk = track_of(&fs[m], i);
            if (tk) text_track(s, fs[m].model, tk, b);
        }
        if (fs[m].trace) {
            ent_buf_printf(b, "\ntrace %s\n", fs[m].model);
            ent_buf_puts(b, fs[m].trace);
            if (b->len && b->data[b->len - 1] != '\n') ent_buf_puts(b, "\n");
        }
    }
}

/* ---------------------------------------------------------------- CSV */

static void csv_verdict(ent_table_t *t, const ent_track_t *tk)
{
    if (!tk) {
        ent_table_set(t, 4, "none");
        return;
    }
    const ent_verdict_t *v = &tk->verdict;
    ent_table_set(t, 4, ent_verdict_name(v->kind));
    ent_table_setf(t, 5, "%d", v->round);
    if (v->kind == ENT_VERDICT_CYCLING) {
        ent_table_setf(t, 6, "%d", v->period);
        ent_table_setf(t, 7, "%d", v->cycle_start);
    }
    if (v->kind == ENT_VERDICT_CYCLING || v->kind == ENT_VERDICT_CONVERGED)
        ent_table_setf(t, 8, "%d", v->exact);
    ent_table_num(t, 9, v->movement, 6);
    ent_table_num(t, 10, v->net, 6);
    put_ratio(t, 11, v->mwp, 6, 1);
}

static void render_csv(const ent_scenario_t *s, const ent_forecast_t *fs, size_t nm, ent_buf_t *b)
{
    static const char *const h[] = {"issue", "dimension", "model", "forecast", "verdict", "round",
                                    "period", "cycle_start", "exact", "movement", "net", "mwp", "why"};
    ent_table_t *t = ent_table_new(13, h);
    if (!t) { b->oom = 1; return; }
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        for (size_t d = 0; d < (is->ndim ? is->ndim : 1); d++)
            for (size_t m = 0; m < nm; m++) {
                ent_table_row(t);
                ent_table_set(t, 0, is->id);
                if (is->ndim > 1 && is->dim_names && is->dim_names[d]) ent_table_set(t, 1, is->dim_names[d]);
                else ent_table_setf(t, 1, "%zu", d + 1);
                ent_table_set(t, 2, fs[m].model);
                if (fs[m].outcome && fs[m].outcome[i]) ent_table_num(t, 3, fs[m].outcome[i][d], 6);
                csv_verdict(t, track_of(&fs[m], i));
                if (fs[m].why && fs[m].why[i]) ent_table_set(t, 12, fs[m].why[i]);
            }
    }
    ent_table_render_csv(t, b);
    ent_table_free(t);
}

/* ---------------------------------------------------------------- JSON */

static void json_numarr(ent_json_t *j, const double *v, size_t n)
{
    ent_json_arr_begin(j);
    for (size_t k = 0; k < n; k++) ent_json_num(j, v[k]);
    ent_json_arr_end(j);
}

static void json_verdict(ent_json_t *j, const ent_verdict_t *v)
{
    ent_json_obj_begin(j);
    ent_json_key(j, "kind");
    ent_json_str(j, ent_verdict_name(v->kind));
    ent_json_key(j, "round");
    ent_json_int(j, v->round);
    if (v->kind == ENT_VERDICT_CYCLING) {
        ent_json_key(j, "period");
        ent_json_int(j, v->period);
        ent_json_key(j, "cycle_start");
        ent_json_int(j, v->cycle_start);
    }
    ent_json_key(j, "exact");
    ent_json_bool(j, v->exact);
    ent_json_key(j, "tol");
    ent_json_num(j, v->tol);
    ent_json_key(j, "movement");
    ent_json_num(j, v->movement);
    ent_json_key(j, "net");
    ent_json_num(j, v->net);
    ent_json_key(j, "mwp");
    if (isinf(v->mwp)) ent_json_str(j, "inf");
    else ent_json_num(j, v->mwp);
    ent_json_obj_end(j);
}

/* The forecast and every positioned actor's position per round. */
static void json_rounds(ent_json_t *j, const ent_scenario_t *s, const ent_track_t *tk)
{
    ent_json_key(j, "forecast_per_round");
    ent_json_arr_begin(j);
    for (size_t r = 0; r < tk->nstates; r++)
        if (tk->fc) json_numarr(j, tk->fc + r * tk->ndim, tk->ndim);
    ent_json_arr_end(j);
    if (tk->round_movement && tk->round_net && tk->round_mwp) {
        /* round 0 is the input: no movement; the ratio is null where undefined, "inf" where
         * the forecast did not move */
        ent_json_key(j, "movement_per_round");
        json_numarr(j, tk->round_movement, tk->nstates);
        ent_json_key(j, "net_per_round");
        json_numarr(j, tk->round_net, tk->nstates);
        ent_json_key(j, "mwp_per_round");
        ent_json_arr_begin(j);
        for (size_t r = 0; r < tk->nstates; r++) {
            if (isinf(tk->round_mwp[r])) ent_json_str(j, "inf");
            else ent_json_num(j, tk->round_mwp[r]);
        }
        ent_json_arr_end(j);
    }
    ent_json_key(j, "positions_per_round");
    ent_json_arr_begin(j);
    for (size_t r = 0; r < tk->nstates; r++) {
        ent_json_obj_begin(j);
        for (size_t a = 0; a < tk->nactors; a++) {
            const double *x = tk->x + (r * tk->nactors + a) * tk->ndim;
            if (isnan(x[0])) continue;
            ent_json_key(j, s->actors[a].id);
            json_numarr(j, x, tk->ndim);
        }
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

/* One model's forecast of issue i with nd dimensions. */
static void json_model_issue(ent_json_t *j, const ent_scenario_t *s, const ent_forecast_t *f,
                             size_t i, size_t nd, int trace)
{
    ent_json_key(j, f->model);
    ent_json_obj_begin(j);
    ent_json_key(j, "outcome");
    if (f->outcome && f->outcome[i]) json_numarr(j, f->outcome[i], nd);
    else ent_json_null(j);
    ent_json_key(j, "why");
    ent_json_str(j, f->why ? f->why[i] : NULL);
    const ent_track_t *tk = track_of(f, i);
    if (tk) {
        ent_json_key(j, "verdict");
        json_verdict(j, &tk->verdict);
        ent_json_key(j, "rounds");
        ent_json_int(j, (long long)tk->nstates - 1);
        if (trace) json_rounds(j, s, tk);
    }
    ent_json_obj_end(j);
}

static void json_models(ent_json_t *j, const ent_forecast_t *fs, size_t nm, int trace)
{
    ent_json_key(j, "models");
    ent_json_arr_begin(j);
    for (size_t m = 0; m < nm; m++) {
        ent_json_obj_begin(j);
        ent_json_key(j, "name");
        ent_json_str(j, fs[m].model);
        ent_json_key(j, "variant");
        ent_json_str(j, fs[m].variant);
        if (trace) {
            ent_json_key(j, "trace");
            ent_json_str(j, fs[m].trace);
        }
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

/* The calibration's provenance (top level). */
static void json_calibration(ent_json_t *j, const ent_calibration_t *c, const ent_calibrated_t *k)
{
    ent_json_key(j, "calibration");
    ent_json_obj_begin(j);
    ent_json_key(j, "file");
    ent_json_str(j, c->path);
    ent_json_key(j, "table");
    ent_json_str(j, c->table);
    ent_json_key(j, "table_hash");
    ent_json_str(j, c->table_hash);
    ent_json_key(j, "issues");
    ent_json_int(j, (long long)c->issues);
    ent_json_key(j, "scale");
    ent_json_arr_begin(j);
    ent_json_num(j, c->scale_lo);
    ent_json_num(j, c->scale_hi);
    ent_json_arr_end(j);
    ent_json_key(j, "levels");
    json_numarr(j, c->levels, c->nlevels);
    ent_json_key(j, "ensemble_weights");
    ent_json_obj_begin(j);
    for (size_t m = 0; m < c->nmodels; m++) {
        ent_json_key(j, c->models[m].name);
        ent_json_num(j, c->models[m].weight);
    }
    ent_json_obj_end(j);
    if (c->affine) { /* calibrate --affine */
        ent_json_key(j, "affine");
        ent_json_obj_begin(j);
        ent_json_key(j, "intercept");
        ent_json_num(j, c->intercept);
        ent_json_key(j, "weights");
        ent_json_obj_begin(j);
        for (size_t m = 0; m < c->nmodels; m++) {
            ent_json_key(j, c->models[m].name);
            ent_json_num(j, c->models[m].affine_weight);
        }
        ent_json_obj_end(j);
        ent_json_obj_end(j);
    }
    ent_json_key(j, "ensemble");
    ent_json_bool(j, k->ensemble);
    ent_json_obj_end(j);
}

/* [[lo, hi], ...] per level, or null when there is no interval. */
static void json_intervals(ent_json_t *j, const double *lo, const double *hi, size_t L)
{
    if (!L || isnan(lo[0])) {
        ent_json_null(j);
        return;
    }
    ent_json_arr_begin(j);
    for (size_t l = 0; l < L; l++) {
        ent_json_arr_begin(j);
        ent_json_num(j, lo[l]);
        ent_json_num(j, hi[l]);
        ent_json_arr_end(j);
    }
    ent_json_arr_end(j);
}

/* Issue i's intervals: per calibrated model, then the ensemble. */
static void json_issue_intervals(ent_json_t *j, const ent_forecast_t *fs, size_t nm, const ent_calibrated_t *k,
                                 size_t i)
{
    size_t L = k->nlevels;
    ent_json_key(j, "intervals");
    ent_json_obj_begin(j);
    for (size_t m = 0; m < nm; m++) {
        if (k->model[m] < 0) continue;
        ent_json_key(j, fs[m].model);
        json_intervals(j, &k->lo[(i * nm + m) * L], &k->hi[(i * nm + m) * L], L);
    }
    ent_json_obj_end(j);
    if (!k->ensemble) return;
    ent_json_key(j, "ensemble");
    ent_json_obj_begin(j);
    ent_json_key(j, "forecast");
    if (isnan(k->ens[i])) ent_json_null(j);
    else ent_json_num(j, k->ens[i]);
    ent_json_key(j, "intervals");
    json_intervals(j, &k->ens_lo[i * L], &k->ens_hi[i * L], L);
    ent_json_key(j, "renormalised");
    ent_json_bool(j, k->fallback[i]);
    ent_json_obj_end(j);
}

static ent_status_t render_json(const ent_scenario_t *s, const ent_forecast_t *fs, size_t nm,
                        const ent_report_forecast_opts_t *o, ent_buf_t *b)
{
    ent_json_t j;
    ent_json_init(&j, b);
    j.prec = o->precision;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "scenario");
    ent_json_str(&j, s->title ? s->title : o->source);
    json_models(&j, fs, nm, o->trace);
    int cal = o->calibration && o->calibrated;
    if (cal) json_calibration(&j, o->calibration, o->calibrated);
    ent_json_key(&j, "issues");
    ent_json_arr_begin(&j);
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        size_t nd = is->ndim ? is->ndim : 1;
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id");
        ent_json_str(&j, is->id);
        ent_json_key(&j, "dimensions");
        ent_json_arr_begin(&j);
        for (size_t d = 0; d < nd; d++)
            ent_json_str(&j, is->dim_names && is->dim_names[d] ? is->dim_names[d] : NULL);
        ent_json_arr_end(&j);
        ent_json_key(&j, "forecasts");
        ent_json_obj_begin(&j);
        for (size_t m = 0; m < nm; m++) json_model_issue(&j, s, &fs[m], i, nd, o->trace);
        ent_json_obj_end(&j);
        if (cal) json_issue_intervals(&j, fs, nm, o->calibrated, i);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(b, "\n");
    return ent_json_status(&j);
}

/* ---------------------------------------------------------------- entry */

ent_status_t ent_report_forecast(const ent_scenario_t *s, const ent_forecast_t *f, size_t nf,
                                 const ent_report_forecast_opts_t *o, ent_output_t fmt,
                                 ent_buf_t *out)
{
    if (!s || (!f && nf) || !out) return ENT_EINVAL;
    ent_report_forecast_opts_t defaults;
    if (!o) {
        ent_report_forecast_opts_init(&defaults);
        o = &defaults;
    }
    if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = render_json(s, f, nf, o, out);
        if (st) return st;
    } else if (fmt == ENT_OUTPUT_CSV) render_csv(s, f, nf, out);
    else render_text(s, f, nf, o, out);
    return out->oom ? ENT_ENOMEM : ENT_OK;
}
