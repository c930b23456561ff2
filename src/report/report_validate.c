/* SPDX-License-Identifier: MIT */
/* report_validate.c — renderer of a validation (entente/validate.h): how well each model
 * forecast the issues of a table with known outcomes.
 *
 * Text: what was counted and skipped, how capabilities were set, then per model the issues
 * forecast, mean absolute error, median absolute error and the share of issues on which it
 * was closest, and the issues each model refused. JSON: the same figures (10 significant
 * digits). CSV: the per-issue table — issue id, positioned actors, outcome, then per model
 * its forecast and absolute error (4 decimals; empty when the model gave none). Scoring
 * rules: src/forecast/deu_validate.c, docs/models.md.
 *
 * Complexity: O(I · M) for the CSV table, O(M) otherwise.
 */
#include "entente/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ent_report_validation_opts_init(ent_report_validation_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->source = NULL;
    o->capability = NULL;
}

/* Append s as one CSV field (RFC 4180 quoting when it holds a comma, quote or newline). */
static void csv_field(ent_buf_t *b, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\n")) {
        ent_buf_puts(b, s);
        return;
    }
    ent_buf_puts(b, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"') ent_buf_puts(b, "\"");
        ent_buf_append(b, p, 1);
    }
    ent_buf_puts(b, "\"");
}

static void render_csv(const ent_scenario_t *s, const ent_validation_t *v, ent_buf_t *b)
{
    ent_buf_puts(b, "issue,actors,outcome");
    for (size_t m = 0; m < v->nmodels; m++)
        ent_buf_printf(b, ",%s,%s_error", v->models[m].name, v->models[m].name);
    ent_buf_puts(b, "\n");
    for (size_t c = 0; c < v->nissues; c++) {
        csv_field(b, s->issues[v->issue[c]].id);
        ent_buf_printf(b, ",%zu,%.4f", v->nactors[c], v->outcome[c]);
        for (size_t m = 0; m < v->nmodels; m++) {
            double fc = v->forecast[c * v->nmodels + m];
            if (isnan(fc)) ent_buf_puts(b, ",,");
            else ent_buf_printf(b, ",%.4f,%.4f", fc, fabs(fc - v->outcome[c]));
        }
        ent_buf_puts(b, "\n");
    }
}

static ent_status_t render_json(const ent_validation_t *v, const ent_report_validation_opts_t *o,
                        ent_buf_t *b)
{
    ent_json_t j;
    ent_json_init(&j, b);
    j.prec = 10; /* fixed precision: 10 significant digits */
    ent_json_obj_begin(&j);
    ent_json_key(&j, "table");
    ent_json_str(&j, o->source);
    ent_json_key(&j, "issues_in_table");
    ent_json_int(&j, (long long)v->nscen);
    ent_json_key(&j, "issues_counted");
    ent_json_int(&j, (long long)v->nissues);
    ent_json_key(&j, "skipped_no_outcome");
    ent_json_int(&j, (long long)v->no_outcome);
    ent_json_key(&j, "skipped_few_actors");
    ent_json_int(&j, (long long)v->few_actors);
    ent_json_key(&j, "skipped_multidimensional");
    ent_json_int(&j, (long long)v->multidim);
    ent_json_key(&j, "models");
    ent_json_arr_begin(&j);
    for (size_t m = 0; m < v->nmodels; m++) {
        const ent_validation_model_t *vm = &v->models[m];
        ent_json_obj_begin(&j);
        ent_json_key(&j, "name");
        ent_json_str(&j, vm->name);
        ent_json_key(&j, "issues");
        ent_json_int(&j, (long long)vm->n);
        ent_json_key(&j, "refused");
        ent_json_int(&j, (long long)vm->refused);
        ent_json_key(&j, "mae");
        ent_json_num(&j, vm->mae);
        ent_json_key(&j, "median_ae");
        ent_json_num(&j, vm->mdae);
        ent_json_key(&j, "closest_share");
        ent_json_num(&j, vm->closest);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(b, "\n");
    return ent_json_status(&j);
}

static void render_text(const ent_validation_t *v, const ent_report_validation_opts_t *o,
                        ent_buf_t *b)
{
    ent_buf_printf(b, "validate: %s: %zu issues counted (an outcome and >= %d positioned actors) of %zu",
                   o->source ? o->source : "", v->nissues, v->min_actors, v->nscen);
    ent_buf_printf(b, "; skipped: %zu without outcome, %zu with fewer actors", v->no_outcome, v->few_actors);
    if (v->multidim) ent_buf_printf(b, ", %zu multi-dimensional", v->multidim);
    ent_buf_printf(b, "\ncapability: %s\n\n", o->capability ? o->capability : "as loaded");
    static const char *const h[] = {"model", "issues", "MAE", "median AE", "closest"};
    ent_table_t *t = ent_table_new(5, h);
    if (!t) { b->oom = 1; return; }
    for (size_t m = 0; m < v->nmodels; m++) {
        const ent_validation_model_t *vm = &v->models[m];
        ent_table_row(t);
        ent_table_set(t, 0, vm->name);
        ent_table_setf(t, 1, "%zu", vm->n);
        ent_table_num(t, 2, vm->mae, 2);
        ent_table_num(t, 3, vm->mdae, 2);
        if (isnan(vm->closest)) ent_table_set(t, 4, "-");
        else ent_table_setf(t, 4, "%.1f%%", 100 * vm->closest);
    }
    ent_table_render_text(t, b);
    ent_table_free(t);
    ent_buf_puts(b, "(closest: share of the counted issues on which the model's error is the "
                    "smallest; ties split equally)\n");
    for (size_t m = 0; m < v->nmodels; m++)
        if (v->models[m].refused)
            ent_buf_printf(b, "%s refused %zu of the counted issues (no forecast for them)\n",
                           v->models[m].name, v->models[m].refused);
}

ent_status_t ent_report_validation(const ent_scenario_t *s, const ent_validation_t *v,
                                   const ent_report_validation_opts_t *o, ent_output_t fmt,
                                   ent_buf_t *out)
{
    if (!s || !v || !out) return ENT_EINVAL;
    ent_report_validation_opts_t defaults;
    if (!o) {
        ent_report_validation_opts_init(&defaults);
        o = &defaults;
    }
    if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = render_json(v, o, out);
        if (st) return st;
    } else if (fmt == ENT_OUTPUT_CSV) render_csv(s, v, out);
    else render_text(v, o, out);
    return out->oom ? ENT_ENOMEM : ENT_OK;
}
