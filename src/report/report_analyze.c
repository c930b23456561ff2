/* SPDX-License-Identifier: MIT */
/* report_analyze.c — renders ent_analyze_t (entente/analysis.h) as the report of
 * `entente analyze`: the title, the summary (one sentence per ent_analyze_item_t, worded
 * here for the role of its rule, item.rule_kind; docs/analyses.md §4), then one numbered
 * section per part that ran — guarantee designs, voting power, forecasts with their
 * dynamics, proposals and win-sets, sequencing, sensitivity — or as one JSON document (the summary sentences, the parts'
 * own JSON, the forecasts and the sensitivity). Complexity: linear in the result.
 */
#include "report/report_analysis_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- words */

static void verdict_words(const ent_verdict_t *v, ent_buf_t *b)
{
    switch (v->kind) {
    case ENT_VERDICT_CONVERGED: ent_buf_printf(b, "converged at round %d", v->round); break;
    case ENT_VERDICT_CYCLING: ent_buf_printf(b, "cycling with period %d from round %d", v->period, v->cycle_start); break;
    case ENT_VERDICT_MOVING: ent_buf_puts(b, "still moving at the round limit"); break;
    case ENT_VERDICT_STOPPED:
        ent_buf_printf(b, "stopped by the model's own rule after %d round%s", v->round, v->round == 1 ? "" : "s");
        break;
    default: ent_buf_puts(b, "static"); break;
    }
}

static void mwp_text(double m, ent_buf_t *b)
{
    if (isnan(m)) ent_buf_puts(b, "-");
    else if (isinf(m)) ent_buf_puts(b, "inf");
    else ent_buf_printf(b, "%.2f", m);
}

/* A forecast point: "61.4" on a 1-D issue, "(78.8, 60.1, 30.2)" on a multi-dimensional one. */
static void point_fc(const ent_scenario_t *s, size_t i, const double *x, int decimals, ent_buf_t *b)
{
    size_t nd = s->issues[i].ndim;
    if (nd == 1) { ent_buf_printf(b, "%.*f", decimals, x[0]); return; }
    ent_buf_puts(b, "(");
    for (size_t d = 0; d < nd; d++) ent_buf_printf(b, "%s%.*f", d ? ", " : "", decimals, x[d]);
    ent_buf_puts(b, ")");
}

/* Did model m forecast issue i? */
static int forecasted(const ent_analyze_t *a, size_t m, size_t i)
{
    return a->model_error[m].status == ENT_OK && a->forecast[m].outcome && a->forecast[m].outcome[i];
}

static int rule_veto(const ent_guarantee_row_t *row, long actor)
{
    for (size_t k = 0; k < row->nveto; k++)
        if ((long)row->veto[k] == actor) return 1;
    return 0;
}

/* ---------------------------------------------------------------- summary sentences */

static void line_veto(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it, ent_buf_t *b)
{
    const ent_guarantee_t *g = &a->guarantee;
    ent_buf_printf(b, "%s is a veto player under ", ent_i_actor_name(s, (size_t)it->actor));
    if (!it->count) ent_buf_puts(b, "no rule");
    for (size_t i = 0, k = 0; i < g->nrows; i++)
        if (rule_veto(&g->rows[i], it->actor)) ent_buf_printf(b, "%s%s", k++ ? ", " : "", s->rules[g->rows[i].rule].id);
    if (it->count < g->nrows) ent_buf_puts(b, " and not under ");
    for (size_t i = 0, k = 0; i < g->nrows; i++)
        if (!rule_veto(&g->rows[i], it->actor)) ent_buf_printf(b, "%s%s", k++ ? ", " : "", s->rules[g->rows[i].rule].id);
    ent_buf_puts(b, ".");
}

static void line_proposal(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it,
                          ent_buf_t *b)
{
    const ent_proposal_eval_t *e = &a->proposals.eval[it->index];
    ent_buf_printf(b, "Proposal %s", s->proposals[it->proposal].id);
    if (it->actor >= 0) ent_buf_printf(b, " (by %s)", ent_i_actor_name(s, (size_t)it->actor));
    if (it->kind == ENT_ANALYZE_PROPOSAL_PASSES) {
        ent_buf_printf(b, " passes under %s.", s->rules[it->rule].id);
        return;
    }
    if (it->kind == ENT_ANALYZE_PROPOSAL_FAILS) {
        ent_buf_printf(b, " fails under %s.", s->rules[it->rule].id);
        return;
    }
    ent_buf_puts(b, " is dead on arrival:");
    for (size_t k = 0, q = 0; k < e->nveto_against; k++) {
        size_t v = e->veto_against[k];
        if (e->vote[v] != ENT_VOTE_REJECT) continue;
        ent_buf_printf(b, "%s %s rejects it (U %.2f vs %.2f)", q++ ? "," : "", ent_i_actor_name(s, v), e->u_prop[v],
                       e->u_sq[v]);
    }
    if (it->value[0] == 1) {
        ent_buf_printf(b, "; a mutually acceptable offer, better for %s, existed on its issues: ",
                       ent_i_actor_name(s, (size_t)it->actor));
        ent_i_point_text(s, e->proposer_witness, b);
        ent_buf_printf(b, " (forgone utility %.2f; ", e->forgone);
        ent_i_distance_text(e, b);
        ent_buf_puts(b, ")");
    } else if (it->actor >= 0) {
        ent_buf_printf(b, "; no mutually acceptable offer better for %s existed on its issues",
                       ent_i_actor_name(s, (size_t)it->actor));
        if (!isnan(e->distance)) {
            ent_buf_puts(b, " (");
            ent_i_distance_text(e, b);
            ent_buf_puts(b, ")");
        }
    }
    ent_buf_puts(b, ".");
}

static void line_circular(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it,
                          ent_buf_t *b)
{
    const ent_sequence_t *q = &a->sequence;
    ent_buf_printf(b, "The precondition chain is circular (%zu elementary cycle%s%s); the cheapest links to drop "
                      "(%s, cost %.1f):", it->count, it->count == 1 ? "" : "s",
                   it->value[1] == 1 ? "" : " listed, more exist", it->value[2] == 1 ? "exact" : "heuristic",
                   it->value[0]);
    for (size_t i = 0; i < q->ndrop; i++) {
        const ent_seq_arc_t *arc = &q->drop[i];
        const ent_precond_t *pc = &s->steps[arc->step].pre[arc->pre];
        ent_buf_printf(b, "%s %s ⇐ ", i ? ";" : "", ent_i_step_name(s, arc->step));
        for (size_t k = 0; k < pc->nsteps; k++) ent_buf_printf(b, "%s%s", k ? " or " : "", ent_i_step_name(s, pc->steps[k]));
        if (pc->ninsist) {
            ent_buf_puts(b, " (insisted on by ");
            for (size_t k = 0; k < pc->ninsist; k++)
                ent_buf_printf(b, "%s%s, salience %.0f", k ? "; " : "", ent_i_actor_name(s, pc->insist[k].actor),
                               pc->insist[k].salience);
            ent_buf_printf(b, "; cost %.1f)", q->pre_cost[q->pre_off[arc->step] + arc->pre]);
        }
    }
    ent_buf_puts(b, ".");
}

static void line_forecast(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it,
                          ent_buf_t *b)
{
    size_t i = (size_t)it->issue;
    ent_buf_printf(b, "Forecast on %s:", s->issues[i].id);
    for (size_t m = 0, any = 0; m < a->nmodels; m++) {
        if (!forecasted(a, m, i)) continue;
        ent_buf_printf(b, "%s %s ", any++ ? ";" : "", a->model[m]);
        point_fc(s, i, a->forecast[m].outcome[i], 1, b);
        if (a->forecast[m].tracks) {
            const ent_verdict_t *v = &a->forecast[m].tracks[i].verdict;
            ent_buf_puts(b, " (");
            verdict_words(v, b);
            ent_buf_puts(b, ", movement without progress ");
            mwp_text(v->mwp, b);
            ent_buf_puts(b, ")");
        }
    }
    if (!it->count) ent_buf_puts(b, " no model could forecast it");
    ent_buf_puts(b, ".");
    if (!a->has_forecasts_by_rule) return;
    long r = a->issue_rule[i];
    ent_buf_puts(b, " These forecasts weigh actors by capability and ignore the decision rules; ");
    if (r < 0) {
        ent_buf_printf(b, "no proposal names %s, so no rule decides it.", s->issues[i].id);
        return;
    }
    ent_buf_printf(b, "with capabilities from the voting power under %s, which decides it:", s->rules[r].id);
    size_t c = 0, any = 0;
    for (size_t j = 0; j < i; j++) c += s->issues[j].ndim;
    for (size_t m = 0; m < a->nmodels; m++) {
        const double *x = a->ruled + m * a->ncoord + c;
        if (isnan(x[0])) continue;
        ent_buf_printf(b, "%s %s ", any++ ? ";" : "", a->model[m]);
        point_fc(s, i, x, 1, b);
    }
    ent_buf_puts(b, any ? "." : " no model could forecast it.");
}

void ent_i_analyze_skip_text(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_skip_t *k,
                             ent_buf_t *out)
{
    switch (k->part) {
    case ENT_ANALYZE_PART_FORECAST: ent_buf_printf(out, "model %s", k->model ? k->model : "?"); break;
    case ENT_ANALYZE_PART_FORECAST_BY_RULE:
        ent_buf_printf(out, "model %s with capabilities from the voting power under %s", k->model ? k->model : "?",
                       k->rule >= 0 && (size_t)k->rule < s->nrules ? s->rules[k->rule].id : "?");
        break;
    case ENT_ANALYZE_PART_THRESHOLDS: ent_buf_puts(out, "the thresholds"); break;
    case ENT_ANALYZE_PART_SENSITIVITY: ent_buf_puts(out, "the sensitivity search"); break;
    }
    ent_buf_printf(out, ": estimated %.3g s of processor time, more than the %.3g s left of the %.3g s budget "
                        "(--budget 0 runs it)", k->estimate, k->left, a->budget);
}

const ent_analyze_skip_t *ent_i_analyze_skipped(const ent_analyze_t *a, ent_analyze_part_t part)
{
    for (size_t k = 0; k < a->nskipped; k++)
        if (a->skipped[k].part == part) return &a->skipped[k];
    return NULL;
}

/* The list of the parts the budget skipped, after the summary (nothing when none was). */
static void text_skipped(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    if (!a->nskipped) return;
    ent_buf_printf(out, "\nNot computed, over the cost budget of %.3g s of processor time (--budget SECONDS, 0 = no "
                        "limit; docs/analyses.md):\n", a->budget);
    for (size_t k = 0; k < a->nskipped; k++) {
        ent_buf_puts(out, "  - ");
        ent_i_analyze_skip_text(s, a, &a->skipped[k], out);
        ent_buf_puts(out, "\n");
    }
}

/* Whether the thresholds have a section: they ran, or the budget skipped them (it says so). */
static int thresholds_shown(const ent_analyze_t *a)
{
    return a->has_thresholds || ent_i_analyze_skipped(a, ENT_ANALYZE_PART_THRESHOLDS) != NULL;
}

/* The number of the sensitivity section: after guarantee and power (both printed whenever
 * the scenario has rules), forecasts, proposals and sequencing, each when it ran. */
static int thresholds_section(const ent_analyze_t *a)
{
    return 1 + (a->has_guarantee ? 2 : 0) + a->has_forecasts + a->has_proposals + a->has_sequence;
}

/* The sensitivity section comes after the thresholds. */
static int sensitivity_section(const ent_analyze_t *a)
{
    return thresholds_section(a) + thresholds_shown(a);
}

void ent_i_analyze_summary_line(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it, ent_buf_t *b)
{
    const char *rule = it->rule >= 0 ? s->rules[it->rule].id : "";
    const ent_winset_t *w = NULL;
    if (it->kind == ENT_ANALYZE_AGREEMENT_POSSIBLE || it->kind == ENT_ANALYZE_WINSET_UNKNOWN)
        w = &a->proposals.winset[it->index];
    switch (it->kind) {
    case ENT_ANALYZE_VETO_PLAYER: line_veto(s, a, it, b); break;
    case ENT_ANALYZE_DESIGN:
        ent_buf_printf(b, "%s: ", rule);
        ent_i_guarantee_verdict_text(s, &a->guarantee, &a->guarantee.rows[it->index], b);
        if (!isnan(it->value[0])) ent_buf_printf(b, " (power to prevent %.4f).", it->value[0]);
        else ent_buf_puts(b, ".");
        break;
    case ENT_ANALYZE_PROPOSAL_PASSES:
    case ENT_ANALYZE_PROPOSAL_DEAD:
    case ENT_ANALYZE_PROPOSAL_FAILS: line_proposal(s, a, it, b); break;
    case ENT_ANALYZE_PROPOSAL_NO_POSITION:
        ent_buf_printf(b, "Warning: proposal %s changes %s, on which %zu of its %.0f deciders under %s have no position; "
                          "its verdict rests on the others.", s->proposals[it->proposal].id, s->issues[it->issue].id,
                       it->count, it->value[0], rule);
        break;
    case ENT_ANALYZE_NO_AGREEMENT:
        ent_buf_printf(b, "No %s possible under %s: the win-set of the status quo is empty.",
                       it->rule_kind == ENT_RULE_KIND_SETTLEMENT   ? "settlement"
                       : it->rule_kind == ENT_RULE_KIND_DEPLOYMENT ? "agreement on deployment"
                                                                   : "agreement",
                       rule);
        break;
    case ENT_ANALYZE_AGREEMENT_POSSIBLE:
        ent_buf_printf(b, "%s possible under %s: e.g. ",
                       it->rule_kind == ENT_RULE_KIND_SETTLEMENT   ? "A settlement is"
                       : it->rule_kind == ENT_RULE_KIND_DEPLOYMENT ? "Agreement on deployment is"
                                                                   : "Agreement is",
                       rule);
        ent_i_point_text(s, w->witness, b);
        ent_buf_puts(b, " beats the status quo for a winning coalition.");
        break;
    case ENT_ANALYZE_WINSET_UNKNOWN: ent_buf_printf(b, "Win-set under %s not computed: %s.", rule, w->why); break;
    case ENT_ANALYZE_NOT_CIRCULAR:
        ent_buf_puts(b, "The preconditions are not circular: a feasible order exists as they stand.");
        break;
    case ENT_ANALYZE_CIRCULAR: line_circular(s, a, it, b); break;
    case ENT_ANALYZE_FORECAST: line_forecast(s, a, it, b); break;
    case ENT_ANALYZE_SENSITIVITY_FLIPS:
        ent_buf_printf(b, "Sensitivity: %zu flag%s flip when one position moves by %.0f (section %d).", it->count,
                       it->count == 1 ? "" : "s", it->value[0], sensitivity_section(a));
        break;
    case ENT_ANALYZE_SENSITIVITY_LATER:
        ent_buf_printf(b, "Sensitivity: no proposal flag flips when any one position moves by %.0f; the first "
                          "flips come with a move of %.0f (%zu flag%s, section %d).",
                       it->value[0], it->value[1], it->count, it->count == 1 ? "" : "s", sensitivity_section(a));
        break;
    case ENT_ANALYZE_SENSITIVITY_NONE:
        ent_buf_printf(b, "Sensitivity: no proposal flag flips when any one position moves by %.0f or more.",
                       it->value[0]);
        break;
    case ENT_ANALYZE_THRESHOLDS:
        if (!it->count) {
            ent_buf_printf(b, "Thresholds: no single position or salience flips any flag of the proposals within "
                              "its range (section %d).", thresholds_section(a));
            break;
        }
        ent_buf_puts(b, "Thresholds: the nearest flip: ");
        ent_i_threshold_text(s, &a->thresholds.thr[it->index], b);
        ent_buf_printf(b, "; %zu threshold%s in all, nearest first in section %d.", it->count,
                       it->count == 1 ? "" : "s", thresholds_section(a));
        break;
    case ENT_ANALYZE_NOTHING:
        ent_buf_puts(b, "Nothing to analyse: the scenario has no rules, positions, proposals or steps.");
        break;
    }
}

/* One line per flip: "  RU on guarantee 30 -> 40: us_offer passes becomes true". */
static void flips_text(const ent_scenario_t *s, const ent_analyze_flip_t *f, size_t n, ent_buf_t *out)
{
    static const char *const what[] = {"passes", "dead on arrival", "a better offer existed"};
    for (size_t k = 0; k < n; k++, f++) {
        ent_buf_printf(out, "  %s on %s %.0f -> %.0f: ", s->actors[f->actor].id, s->issues[f->issue].id, f->from,
                       f->to);
        if (f->flag == ENT_FLAG_NO_AGREEMENT)
            ent_buf_printf(out, "no agreement possible under %s", s->rules[f->rule].id);
        else
            ent_buf_printf(out, "%s %s", s->proposals[f->proposal].id, what[f->flag]);
        ent_buf_puts(out, f->now ? " becomes true\n" : " becomes false\n");
    }
}

/* ---------------------------------------------------------------- text sections */

static void text_power(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    if (!a->has_power) {
        ent_buf_puts(out, "Not computed (the analysis ran with opts.power = 0).\n");
        return;
    }
    size_t nr = a->nrules;
    const char **hdr = malloc((nr + 1) * sizeof *hdr);
    ent_table_t *t = NULL;
    if (hdr) {
        hdr[0] = "actor";
        for (size_t r = 0; r < nr; r++) hdr[r + 1] = s->rules[r].id;
        t = ent_table_new(nr + 1, hdr);
    }
    free(hdr);
    if (!t) { out->oom = 1; return; }
    for (size_t ac = 0; ac < a->nactors; ac++) {
        ent_table_row(t);
        ent_table_set(t, 0, s->actors[ac].id);
        for (size_t r = 0; r < nr; r++) {
            double v = a->banzhaf[r * a->nactors + ac];
            if (isnan(v)) ent_table_set(t, r + 1, "-");
            else ent_table_num(t, r + 1, v, 3);
        }
    }
    ent_buf_puts(out, "Normalized Banzhaf index of each actor under each rule (- = not a player):\n");
    ent_table_render_text(t, out);
    ent_table_free(t);
    for (size_t r = 0; r < nr; r++) {
        if (a->power_error[r].status == ENT_OK) continue;
        char why[320];
        ent_error_format(&a->power_error[r], why, sizeof why);
        ent_buf_printf(out, "  %s: not computed (%s)\n", s->rules[r].id, why);
    }
}

static void text_forecast_table(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    const char **hdr = malloc((a->nmodels + 1) * sizeof *hdr);
    ent_table_t *t = NULL;
    if (hdr) {
        hdr[0] = "issue";
        for (size_t m = 0; m < a->nmodels; m++) hdr[m + 1] = a->model[m];
        t = ent_table_new(a->nmodels + 1, hdr);
    }
    free(hdr);
    if (!t) { out->oom = 1; return; }
    for (size_t i = 0; i < s->nissues; i++) {
        ent_table_row(t);
        ent_table_set(t, 0, s->issues[i].id);
        for (size_t m = 0; m < a->nmodels; m++) {
            if (!forecasted(a, m, i)) { ent_table_set(t, m + 1, "-"); continue; }
            if (s->issues[i].ndim == 1) { ent_table_num(t, m + 1, a->forecast[m].outcome[i][0], 2); continue; }
            ent_buf_t pb = ENT_BUF_INIT;
            point_fc(s, i, a->forecast[m].outcome[i], 1, &pb);
            ent_table_set(t, m + 1, pb.data ? pb.data : "");
            ent_buf_free(&pb);
        }
    }
    ent_table_render_text(t, out);
    ent_table_free(t);
}

/* The forecasts by rule: issue, deciding rule, one column per model. */
static void text_forecasts_by_rule(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    const char **hdr = malloc((a->nmodels + 2) * sizeof *hdr);
    ent_table_t *t = NULL;
    if (hdr) {
        hdr[0] = "issue";
        hdr[1] = "decided by";
        for (size_t m = 0; m < a->nmodels; m++) hdr[m + 2] = a->model[m];
        t = ent_table_new(a->nmodels + 2, hdr);
    }
    free(hdr);
    if (!t) { out->oom = 1; return; }
    for (size_t i = 0, c = 0; i < s->nissues; c += s->issues[i].ndim, i++) {
        ent_table_row(t);
        ent_table_set(t, 0, s->issues[i].id);
        ent_table_set(t, 1, a->issue_rule[i] >= 0 ? s->rules[a->issue_rule[i]].id : "(none)");
        for (size_t m = 0; m < a->nmodels; m++) {
            const double *x = a->ruled + m * a->ncoord + c;
            if (isnan(x[0])) { ent_table_set(t, m + 2, "-"); continue; }
            if (s->issues[i].ndim == 1) { ent_table_num(t, m + 2, x[0], 2); continue; }
            ent_buf_t pb = ENT_BUF_INIT;
            point_fc(s, i, x, 1, &pb);
            ent_table_set(t, m + 2, pb.data ? pb.data : "");
            ent_buf_free(&pb);
        }
    }
    ent_buf_puts(out, "\nThe forecasts above weigh each actor by its capability and ignore the decision rules.\n"
                      "With capabilities from the voting power (Shapley-Shubik index) of the rule that decides\n"
                      "each issue (the rule of the first proposal naming it; none when no proposal does):\n");
    ent_table_render_text(t, out);
    ent_table_free(t);
    for (size_t m = 0; m < a->nmodels; m++) {
        if (a->ruled_error[m].status == ENT_OK) continue;
        char why[256];
        ent_error_format(&a->ruled_error[m], why, sizeof why);
        ent_buf_printf(out, "  %s: not run by rule (%s)\n", a->model[m], why);
    }
}

/* "Blocs counted once (member_of): EU left out on guarantee, troops, where its members take
 * positions." */
static void text_blocs(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    if (!a->nbloc_dropped || !a->bloc_dropped) return;
    ent_buf_puts(out, "Blocs counted once (member_of): ");
    for (size_t b = 0, nb = 0; b < s->nactors; b++) {
        size_t k = 0;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!a->bloc_dropped[b * s->nissues + i]) continue;
            if (!k++) ent_buf_printf(out, "%s%s left out on ", nb++ ? "; " : "", s->actors[b].id);
            else ent_buf_puts(out, ", ");
            ent_buf_puts(out, s->issues[i].id);
        }
    }
    ent_buf_puts(out, ", where its members take positions.\n");
}

static void text_forecasts(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    text_blocs(s, a, out);
    text_forecast_table(s, a, out);
    static const char *const dh[] = {"model", "issue", "verdict", "movement", "net", "mwp"};
    ent_table_t *d = ent_table_new(6, dh);
    if (!d) { out->oom = 1; return; }
    for (size_t m = 0; m < a->nmodels; m++) {
        if (a->model_error[m].status != ENT_OK || !a->forecast[m].tracks) continue;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!forecasted(a, m, i)) continue;
            const ent_verdict_t *v = &a->forecast[m].tracks[i].verdict;
            ent_buf_t vb = ENT_BUF_INIT, mb = ENT_BUF_INIT;
            verdict_words(v, &vb);
            mwp_text(v->mwp, &mb);
            ent_table_row(d);
            ent_table_set(d, 0, a->model[m]);
            ent_table_set(d, 1, s->issues[i].id);
            ent_table_set(d, 2, vb.data ? vb.data : "");
            ent_table_num(d, 3, v->movement, 2);
            ent_table_num(d, 4, v->net, 2);
            ent_table_set(d, 5, mb.data ? mb.data : "-");
            ent_buf_free(&vb);
            ent_buf_free(&mb);
        }
    }
    if (ent_table_nrows(d)) {
        ent_buf_puts(out, "\nDynamics (mwp = movement without progress = total movement / net change of the forecast):\n");
        ent_table_render_text(d, out);
    }
    ent_table_free(d);
    for (size_t m = 0; m < a->nmodels; m++) {
        if (a->model_error[m].status == ENT_OK) continue;
        char why[256];
        ent_error_format(&a->model_error[m], why, sizeof why);
        ent_buf_printf(out, "  %s: not run (%s)\n", a->model[m], why);
    }
    if (a->has_forecasts_by_rule) text_forecasts_by_rule(s, a, out);
}

static void text_sensitivity(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    ent_buf_printf(out, "Each position moved by -%.0f and +%.0f (clamped to the scale), one at a time;\n"
                        "flags of the proposals and win-sets that flip:\n", a->shift, a->shift);
    if (a->nflips) flips_text(s, a->flips, a->nflips, out);
    else ent_buf_puts(out, "  none: every flag holds under each such move\n");
    if (!a->nflips && a->nfirst_flips) {
        ent_buf_printf(out, "\nThe smallest multiple of %.0f that flips a flag is %.0f:\n", a->shift, a->first_shift);
        flips_text(s, a->first_flips, a->nfirst_flips, out);
    }
}

static void section(ent_buf_t *out, int n, const char *title)
{
    ent_buf_printf(out, "\n== %d. %s ==\n\n", n, title);
}

/* ---------------------------------------------------------------- readings
 * What the variants (the readings of the scenario) say of each summary line: rows of the
 * comparison (ent_compare_row_of), the variants' cells worded as `entente compare` words them. */

/* The variants whose cell on row w differs from column 0, "V (value), V (value)"; 0 when none. */
static size_t changed_by(const ent_scenario_t *s, const ent_compare_t *c, const ent_compare_row_t *w, ent_buf_t *b)
{
    size_t n = 0;
    for (size_t k = 1; w && k < c->ncolumns; k++) {
        if (!w->cell[k].differs) continue;
        ent_buf_printf(b, "%s%s (", n++ ? ", " : "", c->column[k]);
        if (w->cell[k].present) ent_i_compare_cell_text(s, w, &w->cell[k], b);
        else ent_buf_puts(b, "not drawn");   /* the reading moves the line's subject elsewhere */
        ent_buf_puts(b, ")");
    }
    return n;
}

/* A forecast line: per variant, the models whose forecast it moves; 0 when none. */
static size_t forecast_changed_by(const ent_compare_t *c, const ent_analyze_t *a, const ent_analyze_item_t *it,
                                  ent_buf_t *b)
{
    const ent_compare_row_t *row[64];   /* each model's row, looked up once */
    size_t nm = a->nmodels < 64 ? a->nmodels : 64, n = 0;
    for (size_t m = 0; m < nm; m++) row[m] = ent_compare_row_of(c, it, a->model[m]);
    for (size_t k = 1; k < c->ncolumns; k++) {
        size_t moved = 0;
        for (size_t m = 0; m < nm; m++) {
            if (!row[m] || !row[m]->cell[k].differs) continue;
            if (!moved++) ent_buf_printf(b, "%s%s moves %s", n++ ? "; " : "", c->column[k], a->model[m]);
            else ent_buf_printf(b, ", %s", a->model[m]);
        }
    }
    return n;
}

/* The readings' words on item it: "the same under all 7 readings" or "changed by ...";
 * 0 (nothing written) when the comparison has no row for it. */
int ent_i_readings_text(const ent_scenario_t *s, const ent_analyze_t *a, const ent_compare_t *c,
                        const ent_analyze_item_t *it, ent_buf_t *b)
{
    size_t nv = c->ncolumns - 1;
    ent_buf_t t = ENT_BUF_INIT;
    size_t n;
    if (it->kind == ENT_ANALYZE_FORECAST) {
        n = forecast_changed_by(c, a, it, &t);
    } else {
        const ent_compare_row_t *w = ent_compare_row_of(c, it, NULL);
        if (!w) { ent_buf_free(&t); return 0; }
        n = changed_by(s, c, w, &t);
    }
    if (t.oom) b->oom = 1;
    if (!n && nv == 1) ent_buf_puts(b, "the same under its one reading");
    else if (!n && nv == 2) ent_buf_puts(b, "the same under both readings");
    else if (!n) ent_buf_printf(b, "the same under all %zu readings", nv);
    else ent_buf_printf(b, "%s%s", it->kind == ENT_ANALYZE_FORECAST ? "" : "changed by ", t.data);
    ent_buf_free(&t);
    return 1;
}

/* Rows that column 0 does not have but some variant does, as "label: V (value), ..." lines. */
void ent_i_readings_extra_text(const ent_scenario_t *s, const ent_compare_t *c, const char *lead, ent_buf_t *out)
{
    for (size_t r = 0; r < c->nrows; r++) {
        const ent_compare_row_t *w = &c->rows[r];
        if (w->cell[0].present || !w->differs || w->topic == ENT_TOPIC_FORECAST) continue;
        ent_buf_puts(out, lead);
        ent_i_compare_row_label(s, c, w, out);
        ent_buf_puts(out, ": only under ");
        changed_by(s, c, w, out);
        ent_buf_puts(out, "\n");
    }
}

static void report_text(const ent_scenario_t *s, const ent_analyze_t *a, const ent_compare_t *rd, ent_buf_t *out)
{
    ent_buf_printf(out, "%s\n", s->title ? s->title : "Scenario");
    ent_buf_printf(out, "%zu actors, %zu issues, %zu rules, %zu proposals, %zu steps\n", s->nactors, s->nissues,
                   s->nrules, s->nproposals, s->nsteps);
    if (rd && rd->ncolumns > 1)
        ent_buf_printf(out, "\nSummary (computed; under each line, what the file's %zu readings (variants) change):\n",
                       rd->ncolumns - 1);
    else
        ent_buf_puts(out, "\nSummary (computed):\n");
    for (size_t i = 0; i < a->nitems; i++) {
        ent_buf_puts(out, "  - ");
        ent_i_analyze_summary_line(s, a, &a->items[i], out);
        ent_buf_puts(out, "\n");
        if (rd && rd->ncolumns > 1) {
            ent_buf_t t = ENT_BUF_INIT;
            if (ent_i_readings_text(s, a, rd, &a->items[i], &t)) ent_buf_printf(out, "      readings: %s.\n", t.data);
            if (t.oom) out->oom = 1;
            ent_buf_free(&t);
        }
    }
    if (rd && rd->ncolumns > 1) ent_i_readings_extra_text(s, rd, "  - ", out);
    text_skipped(s, a, out);
    int n = 1;
    if (a->has_guarantee) {
        section(out, n++, "Guarantee designs");
        ent_report_guarantee(s, &a->guarantee, ENT_OUTPUT_TEXT, out);
        section(out, n++, "Voting power of the rules");
        text_power(s, a, out);
    }
    if (a->has_forecasts) {
        section(out, n++, "Forecasts (every model, default options)");
        text_forecasts(s, a, out);
    }
    if (a->has_proposals) {
        section(out, n++, "Proposals and win-sets");
        ent_report_proposals(s, &a->proposals, ENT_OUTPUT_TEXT, out);
    }
    if (a->has_sequence) {
        section(out, n++, "Sequencing of the preconditions");
        ent_report_sequence(s, &a->sequence, ENT_OUTPUT_TEXT, out);
    }
    const ent_analyze_skip_t *k;
    if (a->has_thresholds) {
        section(out, n++, "Thresholds");
        ent_report_thresholds(s, &a->thresholds, ENT_OUTPUT_TEXT, out);
    } else if ((k = ent_i_analyze_skipped(a, ENT_ANALYZE_PART_THRESHOLDS))) {
        section(out, n++, "Thresholds");
        ent_buf_puts(out, "Not computed: ");
        ent_i_analyze_skip_text(s, a, k, out);
        ent_buf_puts(out, ".\n");
    }
    if (a->has_sensitivity) {
        section(out, n++, "Sensitivity to the codings");
        text_sensitivity(s, a, out);
    } else if ((k = ent_i_analyze_skipped(a, ENT_ANALYZE_PART_SENSITIVITY))) {
        section(out, n++, "Sensitivity to the codings");
        ent_buf_puts(out, "Not computed: ");
        ent_i_analyze_skip_text(s, a, k, out);
        ent_buf_puts(out, ".\n");
    }
}

/* ---------------------------------------------------------------- JSON */

static void json_forecasts(const ent_scenario_t *s, const ent_analyze_t *a, ent_buf_t *out)
{
    ent_buf_puts(out, ",\n  \"forecasts\": {");
    for (size_t m = 0, k = 0; m < a->nmodels; m++) {
        if (a->model_error[m].status != ENT_OK) continue;
        const ent_forecast_t *f = &a->forecast[m];
        ent_buf_printf(out, "%s\n    \"%s\": {", k++ ? "," : "", a->model[m]);
        for (size_t i = 0, q = 0; i < s->nissues; i++) {
            if (!f->outcome || !f->outcome[i]) continue;
            ent_buf_printf(out, "%s\"", q++ ? ", " : "");
            ent_json_escape(out, s->issues[i].id);
            if (s->issues[i].ndim == 1) {
                ent_buf_printf(out, "\": {\"forecast\": %.6g", f->outcome[i][0]);
            } else {
                ent_buf_puts(out, "\": {\"forecast\": [");
                for (size_t d = 0; d < s->issues[i].ndim; d++) ent_buf_printf(out, "%s%.6g", d ? ", " : "", f->outcome[i][d]);
                ent_buf_puts(out, "]");
            }
            if (f->tracks) {
                const ent_verdict_t *v = &f->tracks[i].verdict;
                ent_buf_printf(out, ", \"verdict\": \"%s\"", ent_verdict_name(v->kind));
                if (isfinite(v->mwp)) ent_buf_printf(out, ", \"mwp\": %.6g", v->mwp);
                else ent_buf_puts(out, ", \"mwp\": null");
            }
            ent_buf_puts(out, "}");
        }
        ent_buf_puts(out, "}");
    }
    ent_buf_puts(out, "\n  }");
    if (!a->has_forecasts_by_rule) return;
    ent_buf_puts(out, ",\n  \"forecasts_by_rule\": {");
    for (size_t i = 0, c = 0; i < s->nissues; c += s->issues[i].ndim, i++) {
        ent_buf_puts(out, i ? ",\n    \"" : "\n    \"");
        ent_json_escape(out, s->issues[i].id);
        ent_buf_puts(out, "\": {\"rule\": ");
        if (a->issue_rule[i] >= 0) {
            ent_buf_puts(out, "\"");
            ent_json_escape(out, s->rules[a->issue_rule[i]].id);
            ent_buf_puts(out, "\"");
        } else ent_buf_puts(out, "null");
        for (size_t m = 0; m < a->nmodels; m++) {
            const double *x = a->ruled + m * a->ncoord + c;
            if (isnan(x[0])) continue;
            ent_buf_printf(out, ", \"%s\": ", a->model[m]);
            if (s->issues[i].ndim == 1) ent_buf_printf(out, "%.6g", x[0]);
            else {
                ent_buf_puts(out, "[");
                for (size_t d = 0; d < s->issues[i].ndim; d++) ent_buf_printf(out, "%s%.6g", d ? ", " : "", x[d]);
                ent_buf_puts(out, "]");
            }
        }
        ent_buf_puts(out, "}");
    }
    ent_buf_puts(out, "\n  }");
}

/* A JSON string of the flips' text lines. */
static void json_flips(const ent_scenario_t *s, const ent_analyze_flip_t *f, size_t n, ent_buf_t *out)
{
    ent_buf_t t = ENT_BUF_INIT;
    flips_text(s, f, n, &t);
    if (t.oom) out->oom = 1;
    ent_buf_puts(out, "\"");
    ent_json_escape(out, t.data ? t.data : "");
    ent_buf_puts(out, "\"");
    ent_buf_free(&t);
}

static ent_status_t json_summary(const ent_scenario_t *s, const ent_analyze_t *a, const ent_compare_t *rd,
                                ent_buf_t *out)
{
    ent_json_t j;
    ent_buf_t tmp = ENT_BUF_INIT;
    ent_buf_puts(out, "{\n  \"title\": ");
    ent_json_init(&j, &tmp);
    ent_json_str(&j, s->title);
    ent_buf_puts(out, tmp.data ? tmp.data : "null");
    ent_buf_puts(out, ",\n  \"summary\": [");
    for (size_t i = 0; i < a->nitems; i++) {
        ent_buf_reset(&tmp);
        ent_i_analyze_summary_line(s, a, &a->items[i], &tmp);
        ent_buf_puts(out, i ? ",\n    \"" : "\n    \"");
        ent_json_escape(out, tmp.data ? tmp.data : "");
        ent_buf_puts(out, "\"");
    }
    ent_buf_puts(out, "\n  ]");
    if (rd && rd->ncolumns > 1) {
        /* one entry per summary line: the readings' words, or null where the comparison
           has no row (thresholds) */
        ent_buf_puts(out, ",\n  \"readings\": {\"variants\": [");
        for (size_t k = 1; k < rd->ncolumns; k++) {
            ent_buf_puts(out, k > 1 ? ", \"" : "\"");
            ent_json_escape(out, rd->column[k]);
            ent_buf_puts(out, "\"");
        }
        ent_buf_puts(out, "], \"lines\": [");
        for (size_t i = 0; i < a->nitems; i++) {
            ent_buf_reset(&tmp);
            ent_buf_puts(out, i ? ",\n    " : "\n    ");
            if (ent_i_readings_text(s, a, rd, &a->items[i], &tmp)) {
                ent_buf_puts(out, "\"");
                ent_json_escape(out, tmp.data ? tmp.data : "");
                ent_buf_puts(out, "\"");
            } else ent_buf_puts(out, "null");
        }
        ent_buf_reset(&tmp);
        ent_i_readings_extra_text(s, rd, "", &tmp);
        ent_buf_puts(out, "\n  ], \"only_under_some\": \"");
        ent_json_escape(out, tmp.data ? tmp.data : "");
        ent_buf_puts(out, "\"}");
    }
    if (tmp.oom) out->oom = 1;
    ent_buf_free(&tmp);
    return ent_json_status(&j) == ENT_ENOMEM ? ENT_OK : ent_json_status(&j);   /* oom: in out */
}

/* The sections are rendered by their own reports; a status other than OK (a JSON writer's
 * overflow or misuse) stops the document and is returned. */
static ent_status_t report_json(const ent_scenario_t *s, const ent_analyze_t *a, const ent_compare_t *rd,
                               ent_buf_t *out)
{
    ent_status_t st = json_summary(s, a, rd, out);
    if (st) return st;
    if (a->has_guarantee) {
        ent_buf_puts(out, ",\n  \"guarantee\": ");
        if ((st = ent_report_guarantee(s, &a->guarantee, ENT_OUTPUT_JSON, out)) != ENT_OK) return st;
    }
    if (a->has_proposals) {
        ent_buf_puts(out, ",\n  \"proposals\": ");
        if ((st = ent_report_proposals(s, &a->proposals, ENT_OUTPUT_JSON, out)) != ENT_OK) return st;
    }
    if (a->has_sequence) {
        ent_buf_puts(out, ",\n  \"sequence\": ");
        if ((st = ent_report_sequence(s, &a->sequence, ENT_OUTPUT_JSON, out)) != ENT_OK) return st;
    }
    if (a->has_forecasts) json_forecasts(s, a, out);
    if (a->has_thresholds) {
        ent_buf_puts(out, ",\n  \"thresholds\": ");
        if ((st = ent_report_thresholds(s, &a->thresholds, ENT_OUTPUT_JSON, out)) != ENT_OK) return st;
    }
    if (a->has_sensitivity) {
        ent_buf_printf(out, ",\n  \"sensitivity\": {\"shift\": %.6g, \"flips\": ", a->shift);
        json_flips(s, a->flips, a->nflips, out);
        if (!a->nflips && a->nfirst_flips) {
            ent_buf_printf(out, ", \"first_flipping_shift\": %.6g, \"first_flips\": ", a->first_shift);
            json_flips(s, a->first_flips, a->nfirst_flips, out);
        }
        ent_buf_puts(out, "}");
    }
    if (a->nskipped) { /* only when the budget skipped a part: the other documents keep their shape */
        static const char *const part[] = {"forecast", "forecast_by_rule", "thresholds", "sensitivity"};
        ent_buf_printf(out, ",\n  \"budget_s\": %.6g,\n  \"skipped\": [", a->budget);
        for (size_t q = 0; q < a->nskipped; q++) {
            const ent_analyze_skip_t *k = &a->skipped[q];
            ent_buf_printf(out, "%s\n    {\"part\": \"%s\", \"model\": ", q ? "," : "", part[k->part <= 3 ? k->part : 3]);
            if (k->model) {
                ent_buf_puts(out, "\"");
                ent_json_escape(out, k->model);
                ent_buf_puts(out, "\"");
            } else ent_buf_puts(out, "null");
            ent_buf_puts(out, ", \"rule\": ");
            if (k->rule >= 0 && (size_t)k->rule < s->nrules) {
                ent_buf_puts(out, "\"");
                ent_json_escape(out, s->rules[k->rule].id);
                ent_buf_puts(out, "\"");
            } else ent_buf_puts(out, "null");
            ent_buf_printf(out, ", \"estimate_s\": %.6g, \"left_s\": %.6g}", k->estimate, k->left);
        }
        ent_buf_puts(out, "\n  ]");
    }
    ent_buf_puts(out, "\n}\n");
    return ENT_OK;
}

ent_status_t ent_report_analyze_readings(const ent_scenario_t *s, const ent_analyze_t *r, const ent_compare_t *readings,
                                         ent_output_t fmt, ent_buf_t *out)
{
    if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = report_json(s, r, readings, out);
        if (st) return st;
    } else if (fmt == ENT_OUTPUT_TEXT) report_text(s, r, readings, out);
    else return ENT_EINVAL;
    return ent_i_report_status(out);
}

ent_status_t ent_report_analyze(const ent_scenario_t *s, const ent_analyze_t *r, ent_output_t fmt, ent_buf_t *out)
{
    return ent_report_analyze_readings(s, r, NULL, fmt, out);
}
