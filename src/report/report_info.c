/* SPDX-License-Identifier: MIT */
/* report_info.c — renders a scenario summary as `entente info` prints it (entente/report.h,
 * ent_report_info): title, file and counts; actors (id, name, capability); issues with their
 * scale, status quo, outcome and the capability x salience weighted mean and median of the
 * positions per dimension (computed by ent_scenario_info, src/scenario/stats.c); groups;
 * rules; proposals; steps with their preconditions. Text prints numbers with 2 decimals;
 * JSON with 10 significant digits (stable for golden tests). Fields: docs/format.md
 * ("entente info"). Computes nothing. O(size of the scenario).
 */
#include "entente/report.h"

#include <math.h>
#include <stdio.h>

static const char *nz(const char *s) { return s ? s : ""; }

static void fmt_num(char *buf, size_t n, double v)
{
    if (isnan(v)) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.2f", v);
}

/* "id=1.00" or "id=(1.00, 2.00)" pieces of a proposal's point. */
static void point_text(ent_buf_t *b, const ent_scenario_t *s, const ent_proposal_t *p)
{
    for (size_t q = 0; q < p->npoints; q++) {
        const ent_issue_t *is = &s->issues[p->issue[q]];
        ent_buf_printf(b, "%s%s=", q ? ", " : "", is->id);
        if (is->ndim > 1) ent_buf_puts(b, "(");
        for (size_t d = 0; d < is->ndim; d++) ent_buf_printf(b, "%s%.2f", d ? ", " : "", p->point[q][d]);
        if (is->ndim > 1) ent_buf_puts(b, ")");
    }
}

static void precond_text(ent_buf_t *b, const ent_scenario_t *s, const ent_precond_t *pc)
{
    for (size_t j = 0; j < pc->nsteps; j++) ent_buf_printf(b, "%s%s", j ? " or " : "", s->steps[pc->steps[j]].id);
    if (pc->ninsist) {
        ent_buf_puts(b, " (insisted on by ");
        for (size_t j = 0; j < pc->ninsist; j++)
            ent_buf_printf(b, "%s%s %.2f", j ? ", " : "", s->actors[pc->insist[j].actor].id, pc->insist[j].salience);
        ent_buf_puts(b, ")");
    }
}

static void table_out(ent_buf_t *b, const char *title, ent_table_t *t)
{
    if (!t) { b->oom = 1; return; }
    ent_buf_printf(b, "\n%s\n", title);
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static void text_actors(const ent_scenario_t *s, ent_buf_t *b)
{
    static const char *const h[] = {"id", "name", "capability"};
    ent_table_t *t = ent_table_new(3, h);
    for (size_t a = 0; t && a < s->nactors; a++) {
        ent_table_row(t);
        ent_table_set(t, 0, s->actors[a].id);
        ent_table_set(t, 1, nz(s->actors[a].name));
        ent_table_num(t, 2, s->actors[a].capability, 2);
    }
    table_out(b, "Actors", t);
}

static void text_issues(const ent_scenario_t *s, const ent_scenario_info_t *info, ent_buf_t *b)
{
    static const char *const h[] = {"issue", "dim", "scale", "status quo", "outcome", "positions", "mean", "median"};
    ent_table_t *t = ent_table_new(8, h);
    for (size_t i = 0; t && i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        for (size_t d = 0; d < is->ndim; d++) {
            const ent_issue_stats_t *st = &info->dims[i][d];
            char lo[32], hi[32];
            fmt_num(lo, sizeof lo, is->lo[d]);
            fmt_num(hi, sizeof hi, is->hi[d]);
            ent_table_row(t);
            ent_table_set(t, 0, d == 0 ? is->id : "");
            if (is->dim_names && is->dim_names[d]) ent_table_set(t, 1, is->dim_names[d]);
            else ent_table_setf(t, 1, "%zu", d + 1);
            ent_table_setf(t, 2, "%s..%s", lo, hi);
            ent_table_num(t, 3, is->status_quo ? is->status_quo[d] : NAN, 2);
            ent_table_num(t, 4, is->outcome ? is->outcome[d] : NAN, 2);
            ent_table_setf(t, 5, "%zu", st->npositions);
            ent_table_num(t, 6, st->mean, 2);
            ent_table_num(t, 7, st->median, 2);
        }
    }
    table_out(b, "Issues (mean and median weighted by capability x salience)", t);
}

static void text_groups_rules(const ent_scenario_t *s, ent_buf_t *b)
{
    if (s->ngroups) {
        static const char *const h[] = {"group", "members"};
        ent_table_t *t = ent_table_new(2, h);
        ent_buf_t m = ENT_BUF_INIT;
        for (size_t g = 0; t && g < s->ngroups; g++) {
            ent_buf_reset(&m);
            for (size_t k = 0; k < s->groups[g].n; k++)
                ent_buf_printf(&m, "%s%s", k ? " " : "", s->actors[s->groups[g].members[k]].id);
            ent_table_row(t);
            ent_table_set(t, 0, s->groups[g].id);
            ent_table_set(t, 1, m.data ? m.data : "");
        }
        ent_buf_free(&m);
        table_out(b, "Groups", t);
    }
    if (s->nrules) {
        static const char *const h[] = {"rule", "expr"};
        ent_table_t *t = ent_table_new(2, h);
        for (size_t r = 0; t && r < s->nrules; r++) {
            ent_table_row(t);
            ent_table_set(t, 0, s->rules[r].id);
            ent_table_set(t, 1, nz(s->rules[r].expr));
        }
        table_out(b, "Rules", t);
    }
}

static void text_proposals(const ent_scenario_t *s, ent_buf_t *b)
{
    static const char *const h[] = {"proposal", "proposer", "rule", "point"};
    ent_table_t *t = ent_table_new(4, h);
    ent_buf_t m = ENT_BUF_INIT;
    for (size_t k = 0; t && k < s->nproposals; k++) {
        const ent_proposal_t *p = &s->proposals[k];
        ent_buf_reset(&m);
        point_text(&m, s, p);
        ent_table_row(t);
        ent_table_set(t, 0, p->id);
        ent_table_set(t, 1, p->proposer >= 0 ? s->actors[p->proposer].id : "-");
        ent_table_set(t, 2, p->rule >= 0 ? s->rules[p->rule].id : "-");
        ent_table_set(t, 3, m.data ? m.data : "");
    }
    ent_buf_free(&m);
    table_out(b, "Proposals", t);
}

static void text_steps(const ent_scenario_t *s, ent_buf_t *b)
{
    static const char *const h[] = {"step", "requires"};
    ent_table_t *t = ent_table_new(2, h);
    ent_buf_t m = ENT_BUF_INIT;
    for (size_t k = 0; t && k < s->nsteps; k++) {
        const ent_step_t *st = &s->steps[k];
        if (!st->npre) {
            ent_table_row(t);
            ent_table_set(t, 0, st->id);
            ent_table_set(t, 1, "-");
        }
        for (size_t q = 0; q < st->npre; q++) {
            ent_buf_reset(&m);
            precond_text(&m, s, &st->pre[q]);
            ent_table_row(t);
            ent_table_set(t, 0, q == 0 ? st->id : "");
            ent_table_set(t, 1, m.data ? m.data : "");
        }
    }
    ent_buf_free(&m);
    table_out(b, "Steps (each line is one precondition; 'or' separates alternatives)", t);
}

static void date_text(long d, char *buf, size_t n)
{
    snprintf(buf, n, "%04ld-%02ld-%02ld", d / 10000 % 10000, d / 100 % 100, d % 100);
}

static void text_info(const ent_scenario_t *s, const ent_scenario_info_t *info, const char *path, ent_buf_t *b)
{
    ent_buf_printf(b, "%s\n", s->title ? s->title : "(untitled scenario)");
    ent_buf_printf(b, "file: %s\n", path);
    ent_buf_printf(b, "%zu actors, %zu issues, %zu positions, %zu groups, %zu rules, %zu proposals, %zu steps; "
                      "saliences on 0..%g\n",
                   s->nactors, s->nissues, info->npositions, s->ngroups, s->nrules, s->nproposals, s->nsteps,
                   s->salience_scale);
    if (info->ndated) {
        char d0[48], d1[48];
        date_text(info->first_date, d0, sizeof d0);
        date_text(info->last_date, d1, sizeof d1);
        ent_buf_printf(b, "dates: %s .. %s (%zu dated codings; the latest of each value counts, "
                          "--as-of DATE shows another day)\n", d0, d1, info->ndated);
    }
    if (s->nactors) text_actors(s, b);
    if (s->nissues) text_issues(s, info, b);
    text_groups_rules(s, b);
    if (s->nproposals) text_proposals(s, b);
    if (s->nsteps) text_steps(s, b);
}

/* ---- JSON ---- */

static void json_num(ent_json_t *j, double v)
{
    if (isnan(v)) ent_json_null(j);
    else ent_json_num(j, v);
}

static void json_head(ent_json_t *j, const ent_scenario_t *s, const ent_scenario_info_t *info, const char *path)
{
    ent_json_key(j, "file"); ent_json_str(j, path);
    ent_json_key(j, "title"); ent_json_str(j, s->title);
    ent_json_key(j, "salience_scale"); ent_json_num(j, s->salience_scale);
    ent_json_key(j, "counts");
    ent_json_obj_begin(j);
    ent_json_key(j, "actors"); ent_json_int(j, (long long)s->nactors);
    ent_json_key(j, "issues"); ent_json_int(j, (long long)s->nissues);
    ent_json_key(j, "positions"); ent_json_int(j, (long long)info->npositions);
    ent_json_key(j, "groups"); ent_json_int(j, (long long)s->ngroups);
    ent_json_key(j, "rules"); ent_json_int(j, (long long)s->nrules);
    ent_json_key(j, "proposals"); ent_json_int(j, (long long)s->nproposals);
    ent_json_key(j, "steps"); ent_json_int(j, (long long)s->nsteps);
    ent_json_obj_end(j);
    if (info->ndated) {  /* only for a dated scenario: undated ones print what they did */
        char d[48];
        ent_json_key(j, "dates");
        ent_json_obj_begin(j);
        date_text(info->first_date, d, sizeof d);
        ent_json_key(j, "first"); ent_json_str(j, d);
        date_text(info->last_date, d, sizeof d);
        ent_json_key(j, "last"); ent_json_str(j, d);
        ent_json_key(j, "codings"); ent_json_int(j, (long long)info->ndated);
        ent_json_obj_end(j);
    }
    ent_json_key(j, "actors");
    ent_json_arr_begin(j);
    for (size_t a = 0; a < s->nactors; a++) {
        ent_json_obj_begin(j);
        ent_json_key(j, "id"); ent_json_str(j, s->actors[a].id);
        ent_json_key(j, "name"); ent_json_str(j, s->actors[a].name);
        ent_json_key(j, "capability"); ent_json_num(j, s->actors[a].capability);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

static void json_issues(ent_json_t *j, const ent_scenario_t *s, const ent_scenario_info_t *info)
{
    ent_json_key(j, "issues");
    ent_json_arr_begin(j);
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        ent_json_obj_begin(j);
        ent_json_key(j, "id"); ent_json_str(j, is->id);
        ent_json_key(j, "name"); ent_json_str(j, is->name);
        ent_json_key(j, "ndim"); ent_json_int(j, (long long)is->ndim);
        ent_json_key(j, "dimensions");
        ent_json_arr_begin(j);
        for (size_t d = 0; d < is->ndim; d++) {
            const ent_issue_stats_t *st = &info->dims[i][d];
            ent_json_obj_begin(j);
            ent_json_key(j, "name"); ent_json_str(j, is->dim_names ? is->dim_names[d] : NULL);
            ent_json_key(j, "lo"); ent_json_num(j, is->lo[d]);
            ent_json_key(j, "hi"); ent_json_num(j, is->hi[d]);
            ent_json_key(j, "status_quo"); json_num(j, is->status_quo ? is->status_quo[d] : NAN);
            ent_json_key(j, "outcome"); json_num(j, is->outcome ? is->outcome[d] : NAN);
            ent_json_key(j, "positions"); ent_json_int(j, (long long)st->npositions);
            ent_json_key(j, "weight"); ent_json_num(j, st->weight);
            ent_json_key(j, "mean"); json_num(j, st->mean);
            ent_json_key(j, "median"); json_num(j, st->median);
            ent_json_obj_end(j);
        }
        ent_json_arr_end(j);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

static void json_groups_rules(ent_json_t *j, const ent_scenario_t *s)
{
    ent_json_key(j, "groups");
    ent_json_arr_begin(j);
    for (size_t g = 0; g < s->ngroups; g++) {
        ent_json_obj_begin(j);
        ent_json_key(j, "id"); ent_json_str(j, s->groups[g].id);
        ent_json_key(j, "name"); ent_json_str(j, s->groups[g].name);
        ent_json_key(j, "members");
        ent_json_arr_begin(j);
        for (size_t k = 0; k < s->groups[g].n; k++) ent_json_str(j, s->actors[s->groups[g].members[k]].id);
        ent_json_arr_end(j);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
    ent_json_key(j, "rules");
    ent_json_arr_begin(j);
    for (size_t r = 0; r < s->nrules; r++) {
        ent_json_obj_begin(j);
        ent_json_key(j, "id"); ent_json_str(j, s->rules[r].id);
        ent_json_key(j, "name"); ent_json_str(j, s->rules[r].name);
        ent_json_key(j, "expr"); ent_json_str(j, s->rules[r].expr);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

static void json_proposals(ent_json_t *j, const ent_scenario_t *s)
{
    ent_json_key(j, "proposals");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < s->nproposals; k++) {
        const ent_proposal_t *p = &s->proposals[k];
        ent_json_obj_begin(j);
        ent_json_key(j, "id"); ent_json_str(j, p->id);
        ent_json_key(j, "name"); ent_json_str(j, p->name);
        ent_json_key(j, "proposer"); ent_json_str(j, p->proposer >= 0 ? s->actors[p->proposer].id : NULL);
        ent_json_key(j, "rule"); ent_json_str(j, p->rule >= 0 ? s->rules[p->rule].id : NULL);
        ent_json_key(j, "point");
        ent_json_obj_begin(j);
        for (size_t q = 0; q < p->npoints; q++) {
            const ent_issue_t *is = &s->issues[p->issue[q]];
            ent_json_key(j, is->id);
            ent_json_arr_begin(j);
            for (size_t d = 0; d < is->ndim; d++) ent_json_num(j, p->point[q][d]);
            ent_json_arr_end(j);
        }
        ent_json_obj_end(j);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

static void json_steps(ent_json_t *j, const ent_scenario_t *s)
{
    ent_json_key(j, "steps");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < s->nsteps; k++) {
        const ent_step_t *st = &s->steps[k];
        ent_json_obj_begin(j);
        ent_json_key(j, "id"); ent_json_str(j, st->id);
        ent_json_key(j, "name"); ent_json_str(j, st->name);
        ent_json_key(j, "requires");
        ent_json_arr_begin(j);
        for (size_t q = 0; q < st->npre; q++) {
            const ent_precond_t *pc = &st->pre[q];
            ent_json_obj_begin(j);
            ent_json_key(j, "any_of");
            ent_json_arr_begin(j);
            for (size_t x = 0; x < pc->nsteps; x++) ent_json_str(j, s->steps[pc->steps[x]].id);
            ent_json_arr_end(j);
            ent_json_key(j, "insisted_by");
            ent_json_arr_begin(j);
            for (size_t x = 0; x < pc->ninsist; x++) {
                ent_json_obj_begin(j);
                ent_json_key(j, "actor"); ent_json_str(j, s->actors[pc->insist[x].actor].id);
                ent_json_key(j, "salience"); ent_json_num(j, pc->insist[x].salience);
                ent_json_obj_end(j);
            }
            ent_json_arr_end(j);
            ent_json_obj_end(j);
        }
        ent_json_arr_end(j);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

ent_status_t ent_report_info(const ent_scenario_t *s, const ent_scenario_info_t *info, const char *path,
                             ent_output_t fmt, ent_buf_t *out)
{
    if (fmt == ENT_OUTPUT_CSV) return ENT_EINVAL;
    if (fmt == ENT_OUTPUT_TEXT) {
        text_info(s, info, path, out);
        return out->oom ? ENT_ENOMEM : ENT_OK;
    }
    ent_json_t j;
    ent_json_init(&j, out);
    j.prec = 10;
    ent_json_obj_begin(&j);
    json_head(&j, s, info, path);
    json_issues(&j, s, info);
    json_groups_rules(&j, s);
    json_proposals(&j, s);
    json_steps(&j, s);
    ent_json_obj_end(&j);   /* the writer ends the document with a newline */
    return ent_json_status(&j);
}
