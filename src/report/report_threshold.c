/* SPDX-License-Identifier: MIT */
/* report_threshold.c — renders ent_thresholds_t (src/analysis/threshold.c): one sentence per
 * threshold ("us_offer passes if Russia's position on guarantee is ≥ 57.0 (now 40.0)"), as
 * a numbered text list, a JSON object (numbers at 10 significant digits), or a CSV table with the same fields. Used by
 * `entente analyze` (section "Thresholds", its JSON and --csv). Complexity: linear in the
 * thresholds.
 */
#include "report/report_analysis_i.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A threshold's number: up to 4 decimals, trailing zeros dropped, at least one ("57.0"). */
void ent_i_threshold_num(double v, ent_buf_t *b)
{
    char t[64];
    snprintf(t, sizeof t, "%.4f", v);
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == '0' && n >= 2 && t[n - 2] != '.') t[--n] = '\0';
    if (!strcmp(t, "-0.0")) strcpy(t, "0.0");
    ent_buf_puts(b, t);
}

static const char *rule_id(const ent_scenario_t *s, long r) { return r >= 0 ? s->rules[r].id : "(no rule)"; }

/* "us_offer passes", "no agreement is possible under settlement", ... */
static void flag_words(const ent_scenario_t *s, const ent_threshold_t *t, ent_buf_t *b)
{
    const char *p = t->proposal >= 0 ? s->proposals[t->proposal].id : "";
    switch (t->flag) {
    case ENT_FLAG_PASSES: ent_buf_printf(b, t->then ? "%s passes" : "%s no longer passes", p); break;
    case ENT_FLAG_DEAD_ON_ARRIVAL:
        ent_buf_printf(b, t->then ? "%s is dead on arrival" : "%s is no longer dead on arrival", p);
        break;
    case ENT_FLAG_BETTER_OFFER_EXISTED:
        ent_buf_printf(b, t->then ? "a mutually acceptable offer better for its proposer than %s exists"
                                  : "no mutually acceptable offer better for its proposer than %s exists", p);
        break;
    case ENT_FLAG_NO_AGREEMENT:
        ent_buf_printf(b, t->then == 1 ? "no agreement is possible under %s"
                          : t->then == 0 ? "agreement is possible under %s"
                                         : "the win-set under %s cannot be computed",
                       rule_id(s, t->rule));
        break;
    }
}

/* "Russia's position on guarantee", "Russia's salience on plan (north)", "Russia's capability". */
static void input_words(const ent_scenario_t *s, const ent_threshold_t *t, ent_buf_t *b)
{
    const char *nm = ent_i_actor_name(s, t->actor);
    size_t n = strlen(nm);
    ent_buf_printf(b, n && nm[n - 1] == 's' ? "%s' " : "%s's ", nm);
    if (t->input == ENT_THR_CAPABILITY) { ent_buf_puts(b, "capability"); return; }
    const ent_issue_t *is = &s->issues[t->issue];
    ent_buf_printf(b, "%s on %s", t->input == ENT_THR_POSITION ? "position" : "salience", is->id);
    if (is->ndim > 1) {
        if (is->dim_names && is->dim_names[t->dim]) ent_buf_printf(b, " (%s)", is->dim_names[t->dim]);
        else ent_buf_printf(b, " (dimension %zu)", t->dim + 1);
    }
}

static const char *op_of(const ent_threshold_t *t)
{
    return t->up ? (t->closed ? "≥" : ">") : (t->closed ? "≤" : "<");
}

static const char *op_ascii(const ent_threshold_t *t)
{
    return t->up ? (t->closed ? ">=" : ">") : (t->closed ? "<=" : "<");
}

void ent_i_threshold_text(const ent_scenario_t *s, const ent_threshold_t *t, ent_buf_t *b)
{
    flag_words(s, t, b);
    ent_buf_puts(b, " if ");
    input_words(s, t, b);
    ent_buf_printf(b, " is %s ", op_of(t));
    ent_i_threshold_num(t->at, b);
    ent_buf_puts(b, " (now ");
    ent_i_threshold_num(t->now, b);
    if (!t->exact) ent_buf_printf(b, "; by bisection, within %.2g", t->tol);
    if (!isnan(t->back)) {
        ent_buf_puts(b, "; back again by ");
        ent_i_threshold_num(t->back, b);
    }
    ent_buf_puts(b, ")");
}

static const char *const flag_names[] = {"passes", "dead_on_arrival", "better_offer_existed", "no_agreement"};
static const char *const input_names[] = {"position", "salience", "capability"};

static void report_text(const ent_scenario_t *s, const ent_thresholds_t *t, ent_buf_t *out)
{
    ent_buf_printf(out,
                   "Each position, salience and (under a rule weighted by capability) capability moved alone, every\n"
                   "other input held: the nearest value on each side at which a flag of the proposals flips, nearest\n"
                   "first (distance as a share of the input's range). Exact: a breakpoint of the linear utility\n"
                   "(the votes); otherwise bisection to %.0e of the range, after sampling a grid and the breakpoints.\n",
                   t->tol);
    ent_buf_printf(out, "%zu input%s examined (%zu on the exact path), %zu proposals analyses.\n", t->ninputs,
                   t->ninputs == 1 ? "" : "s", t->nexact, t->nevals);
    if (t->nfailed)
        ent_buf_printf(out, "%zu sampled value%s skipped: the proposals analysis failed there (an LP it could not "
                            "verify).\n", t->nfailed, t->nfailed == 1 ? "" : "s");
    if (!t->n) ent_buf_puts(out, "  none: no single input flips any flag within its range\n");
    for (size_t k = 0; k < t->n; k++) {
        ent_buf_printf(out, "  %zu. ", k + 1);
        ent_i_threshold_text(s, &t->thr[k], out);
        ent_buf_puts(out, "\n");
    }
    ent_buf_puts(out, "Veto players and the circularity of the preconditions depend on the rules and on which\n"
                      "preconditions exist, not on any position, salience or precondition salience: no single such\n"
                      "input flips them (a precondition salience only prices the cuts).\n");
}

static void report_json(const ent_scenario_t *s, const ent_thresholds_t *t, ent_json_t *j)
{
    ent_json_obj_begin(j);
    ent_json_key(j, "inputs");
    ent_json_int(j, (long long)t->ninputs);
    ent_json_key(j, "exact_inputs");
    ent_json_int(j, (long long)t->nexact);
    ent_json_key(j, "evaluations");
    ent_json_int(j, (long long)t->nevals);
    ent_json_key(j, "tolerance");
    ent_json_num(j, t->tol);
    ent_json_key(j, "thresholds");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < t->n; k++) {
        const ent_threshold_t *h = &t->thr[k];
        ent_json_obj_begin(j);
        ent_json_key(j, "flag");
        ent_json_str(j, flag_names[h->flag]);
        ent_json_key(j, "proposal");
        if (h->proposal >= 0) ent_json_str(j, s->proposals[h->proposal].id);
        else ent_json_null(j);
        ent_json_key(j, "rule");
        if (h->rule >= 0) ent_json_str(j, s->rules[h->rule].id);
        else ent_json_null(j);
        ent_json_key(j, "input");
        ent_json_str(j, input_names[h->input]);
        ent_json_key(j, "actor");
        ent_json_str(j, s->actors[h->actor].id);
        ent_json_key(j, "issue");
        if (h->input != ENT_THR_CAPABILITY) ent_json_str(j, s->issues[h->issue].id);
        else ent_json_null(j);
        ent_json_key(j, "dim");
        ent_json_int(j, (long long)h->dim);
        ent_json_key(j, "now");
        ent_json_num(j, h->now);
        ent_json_key(j, "at");
        ent_json_num(j, h->at);
        ent_json_key(j, "op");
        ent_json_str(j, op_ascii(h));
        ent_json_key(j, "was");
        ent_json_int(j, h->was);
        ent_json_key(j, "then");
        ent_json_int(j, h->then);
        ent_json_key(j, "exact");
        ent_json_bool(j, h->exact);
        ent_json_key(j, "tolerance");
        ent_json_num(j, h->tol);
        ent_json_key(j, "distance");
        ent_json_num(j, h->distance);
        ent_json_key(j, "back");
        ent_json_num(j, h->back);
        ent_buf_t b = ENT_BUF_INIT;
        ent_i_threshold_text(s, h, &b);
        ent_json_key(j, "text");
        ent_json_str(j, b.data ? b.data : "");
        ent_buf_free(&b);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
    ent_json_obj_end(j);
}

static ent_status_t report_csv(const ent_scenario_t *s, const ent_thresholds_t *t, ent_buf_t *out)
{
    static const char *const hd[] = {"rank", "flag", "proposal", "rule", "input", "actor", "issue", "dim",
                                     "now", "op", "at", "was", "then", "exact", "tolerance", "distance", "back", "text"};
    ent_table_t *tb = ent_table_new(18, hd);
    if (!tb) return ENT_ENOMEM;
    for (size_t k = 0; k < t->n; k++) {
        const ent_threshold_t *h = &t->thr[k];
        ent_table_row(tb);
        ent_table_setf(tb, 0, "%zu", k + 1);
        ent_table_set(tb, 1, flag_names[h->flag]);
        ent_table_set(tb, 2, h->proposal >= 0 ? s->proposals[h->proposal].id : "");
        ent_table_set(tb, 3, h->rule >= 0 ? s->rules[h->rule].id : "");
        ent_table_set(tb, 4, input_names[h->input]);
        ent_table_set(tb, 5, s->actors[h->actor].id);
        ent_table_set(tb, 6, h->input != ENT_THR_CAPABILITY ? s->issues[h->issue].id : "");
        ent_table_setf(tb, 7, "%zu", h->dim);
        ent_table_setf(tb, 8, "%.10g", h->now);
        ent_table_set(tb, 9, op_ascii(h));
        ent_table_setf(tb, 10, "%.10g", h->at);
        ent_table_setf(tb, 11, "%d", h->was);
        ent_table_setf(tb, 12, "%d", h->then);
        ent_table_set(tb, 13, h->exact ? "yes" : "no");
        ent_table_setf(tb, 14, "%.3g", h->tol);
        ent_table_setf(tb, 15, "%.6f", h->distance);
        ent_buf_t b = ENT_BUF_INIT;
        ent_i_threshold_text(s, h, &b);
        if (!isnan(h->back)) ent_table_setf(tb, 16, "%.10g", h->back);
        ent_table_set(tb, 17, b.data ? b.data : "");
        ent_buf_free(&b);
    }
    ent_table_render_csv(tb, out);
    ent_table_free(tb);
    return ENT_OK;
}

ent_status_t ent_report_thresholds(const ent_scenario_t *s, const ent_thresholds_t *t, ent_output_t fmt,
                                   ent_buf_t *out)
{
    if (fmt == ENT_OUTPUT_TEXT) report_text(s, t, out);
    else if (fmt == ENT_OUTPUT_JSON) {
        ent_json_t j;
        ent_json_init(&j, out);
        j.prec = 10;  /* thresholds are rationals: 10 significant digits */
        report_json(s, t, &j);
        ent_status_t st = ent_json_status(&j);
        if (st != ENT_OK) return st;
    } else if (fmt == ENT_OUTPUT_CSV) {
        ent_status_t st = report_csv(s, t, out);
        if (st != ENT_OK) return st;
    } else return ENT_EINVAL;
    return ent_i_report_status(out);
}
