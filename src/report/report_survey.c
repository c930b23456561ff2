/* SPDX-License-Identifier: MIT */
/* report_survey.c — renders the inter-coder spread of an expert survey as `entente survey`
 * prints it (entente/report.h, ent_report_survey; the aggregation is src/scenario/survey.c,
 * docs/format.md "Expert surveys"). One row per surveyed value: its path (ACTOR.ISSUE.position,
 * ACTOR.ISSUE.salience, with [d] for dimension d of a multi-dimensional issue,
 * ACTOR.capability), date, number of coders, the point written into the scenario, weighted mean, weighted median, weighted sd, lowest and highest coding, range,
 * and a flag where the range exceeds the disagreement threshold. Text and CSV print numbers
 * with 2 decimals, JSON with 10 significant digits (stable for golden tests). Computes
 * nothing. O(values).
 */
#include "entente/report.h"

#include <math.h>
#include <stdio.h>

static void path_of(const ent_scenario_t *s, const ent_survey_value_t *v, char *buf, size_t n)
{
    const char *a = s->actors[v->actor].id;
    if (v->target == ENT_UNC_CAPABILITY) snprintf(buf, n, "%s.capability", a);
    else if (s->issues[v->issue].ndim == 1)
        snprintf(buf, n, "%s.%s.%s", a, s->issues[v->issue].id, v->target == ENT_UNC_POSITION ? "position" : "salience");
    else  /* a multi-dimensional issue: the dimension as `--set` and `uncertainty:` write it */
        snprintf(buf, n, "%s.%s.%s[%zu]", a, s->issues[v->issue].id,
                 v->target == ENT_UNC_POSITION ? "position" : "salience", v->dim + 1);
}

static void date_of(long d, char *buf, size_t n)
{
    if (d) snprintf(buf, n, "%04ld-%02ld-%02ld", d / 10000, d / 100 % 100, d % 100);
    else snprintf(buf, n, "%s", "");
}

static ent_table_t *table(const ent_scenario_t *s, const ent_survey_t *r, int csv)
{
    static const char *const h[] = {"value", "as_of", "coders", "point", "mean", "median", "sd", "min", "max", "range",
                                    "disagree"};
    ent_table_t *t = ent_table_new(11, h);
    for (size_t k = 0; t && k < r->nvalues; k++) {
        const ent_survey_value_t *v = &r->values[k];
        char p[512], d[48];
        path_of(s, v, p, sizeof p);
        date_of(v->as_of, d, sizeof d);
        ent_table_row(t);
        ent_table_set(t, 0, p);
        ent_table_set(t, 1, *d ? d : (csv ? "" : "-"));
        ent_table_setf(t, 2, "%zu", v->ncoders);
        ent_table_num(t, 3, v->point, 2);
        ent_table_num(t, 4, v->mean, 2);
        ent_table_num(t, 5, v->median, 2);
        ent_table_num(t, 6, v->sd, 2);
        ent_table_num(t, 7, v->min, 2);
        ent_table_num(t, 8, v->max, 2);
        ent_table_num(t, 9, v->max - v->min, 2);
        ent_table_set(t, 10, v->flagged ? (csv ? "yes" : "!") : (csv ? "no" : ""));
    }
    return t;
}

static void text(const ent_scenario_t *s, const ent_survey_t *r, ent_buf_t *b)
{
    ent_buf_printf(b, "Survey: %zu rows, %zu coders (", r->nrows, r->ncoders);
    for (size_t k = 0; k < r->ncoders; k++) ent_buf_printf(b, "%s%s", k ? ", " : "", r->coders[k]);
    ent_buf_printf(b, "), %zu values\n", r->nvalues);
    ent_buf_printf(b, "Point: weighted %s; distribution: %s\n", ent_survey_point_name(r->opts.point),
                   ent_survey_dist_name(r->opts.dist));
    if (isnan(r->opts.disagree)) ent_buf_puts(b, "Disagreement: no threshold (--disagree D flags a range above D)\n");
    else ent_buf_printf(b, "Disagreement: %zu of %zu values have coders more than %g apart (marked !)\n", r->nflagged,
                        r->nvalues, r->opts.disagree);
    ent_table_t *t = table(s, r, 0);
    if (!t) {
        b->oom = 1;
        return;
    }
    ent_buf_puts(b, "\n");
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static void json(const ent_scenario_t *s, const ent_survey_t *r, ent_json_t *j)
{
    ent_json_obj_begin(j);
    ent_json_key(j, "rows");
    ent_json_int(j, (long long)r->nrows);
    ent_json_key(j, "coders");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < r->ncoders; k++) ent_json_str(j, r->coders[k]);
    ent_json_arr_end(j);
    ent_json_key(j, "point");
    ent_json_str(j, ent_survey_point_name(r->opts.point));
    ent_json_key(j, "distribution");
    ent_json_str(j, ent_survey_dist_name(r->opts.dist));
    ent_json_key(j, "disagree");
    ent_json_num(j, r->opts.disagree);  /* null when not given */
    ent_json_key(j, "flagged");
    ent_json_int(j, (long long)r->nflagged);
    ent_json_key(j, "values");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < r->nvalues; k++) {
        const ent_survey_value_t *v = &r->values[k];
        char p[512], d[48];
        path_of(s, v, p, sizeof p);
        date_of(v->as_of, d, sizeof d);
        ent_json_obj_begin(j);
        ent_json_key(j, "value");
        ent_json_str(j, p);
        ent_json_key(j, "as_of");
        ent_json_str(j, *d ? d : NULL);
        ent_json_key(j, "coders");
        ent_json_int(j, (long long)v->ncoders);
        ent_json_key(j, "weight");
        ent_json_num(j, v->weight);
        ent_json_key(j, "point");
        ent_json_num(j, v->point);
        ent_json_key(j, "mean");
        ent_json_num(j, v->mean);
        ent_json_key(j, "median");
        ent_json_num(j, v->median);
        ent_json_key(j, "sd");
        ent_json_num(j, v->sd);
        ent_json_key(j, "min");
        ent_json_num(j, v->min);
        ent_json_key(j, "max");
        ent_json_num(j, v->max);
        ent_json_key(j, "range");
        ent_json_num(j, v->max - v->min);
        ent_json_key(j, "disagree");
        ent_json_bool(j, v->flagged);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
    ent_json_obj_end(j);
}

ent_status_t ent_report_survey(const ent_scenario_t *s, const ent_survey_t *r, ent_output_t fmt, ent_buf_t *out)
{
    if (!s || !r || !out) return ENT_EINVAL;
    if (fmt == ENT_OUTPUT_CSV) {
        ent_table_t *t = table(s, r, 1);
        if (!t) return ENT_ENOMEM;
        ent_table_render_csv(t, out);
        ent_table_free(t);
        return out->oom ? ENT_ENOMEM : ENT_OK;
    }
    if (fmt == ENT_OUTPUT_TEXT) {
        text(s, r, out);
        return out->oom ? ENT_ENOMEM : ENT_OK;
    }
    ent_json_t j;
    ent_json_init(&j, out);
    j.prec = 10;
    json(s, r, &j);
    return ent_json_status(&j);
}
