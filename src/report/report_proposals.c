/* SPDX-License-Identifier: MIT */
/* report_proposals.c — renders ent_proposals_t (entente/analysis.h) as the text of
 * `entente proposals` (per proposal: the point, every actor's utilities and vote, whether
 * it passes, who kills it and the flags; then the win-set of the status quo under each
 * rule) or as JSON (entente/report.h); and the point helpers the other analysis renderers
 * share (report_analysis_i.h). Complexity: linear in the size of the result.
 */
#include "report/report_analysis_i.h"

#include <math.h>
#include <string.h>

void ent_i_point_text(const ent_scenario_t *s, const double *x, ent_buf_t *out)
{
    int first = 1;
    for (size_t i = 0, c = 0; i < s->nissues; c += s->issues[i].ndim, i++) {
        if (!s->issues[i].status_quo || isnan(x[c])) continue;
        ent_buf_printf(out, "%s%s ", first ? "" : ", ", s->issues[i].id);
        if (s->issues[i].ndim == 1) {
            ent_buf_printf(out, "%.1f", x[c]);
        } else {
            ent_buf_puts(out, "(");
            for (size_t d = 0; d < s->issues[i].ndim; d++) ent_buf_printf(out, "%s%.1f", d ? ", " : "", x[c + d]);
            ent_buf_puts(out, ")");
        }
        first = 0;
    }
}

void ent_i_point_json(const ent_scenario_t *s, const double *x, ent_json_t *j)
{
    ent_json_obj_begin(j);
    for (size_t i = 0, c = 0; i < s->nissues; c += s->issues[i].ndim, i++) {
        if (!s->issues[i].status_quo || isnan(x[c])) continue;
        ent_json_key(j, s->issues[i].id);
        if (s->issues[i].ndim == 1) {
            ent_json_num(j, x[c]);
        } else {
            ent_json_arr_begin(j);
            for (size_t d = 0; d < s->issues[i].ndim; d++) ent_json_num(j, x[c + d]);
            ent_json_arr_end(j);
        }
    }
    ent_json_obj_end(j);
}

void ent_i_distance_text(const ent_proposal_eval_t *e, ent_buf_t *out)
{
    if (isnan(e->distance)) ent_buf_puts(out, "distance to the win-set not measured");
    else if (e->distance_exact) ent_buf_printf(out, "distance from the proposal to the win-set %.1f", e->distance);
    else ent_buf_printf(out, "distance from the proposal to the win-set at most %.1f, its distance to that offer", e->distance);
}

static const char *vote_name(int v)
{
    return v == ENT_VOTE_ACCEPT ? "accept" : v == ENT_VOTE_REJECT ? "reject" : v == ENT_VOTE_NO_POSITION ? "no position" : "indifferent";
}

static const ent_winset_t *find_ws(const ent_proposals_t *r, long rule)
{
    for (size_t k = 0; k < r->nwinsets; k++)
        if (r->winset[k].rule == rule) return &r->winset[k];
    return NULL;
}

/* ---------------------------------------------------------------- JSON */

static void json_ids(ent_json_t *j, const ent_scenario_t *s, const size_t *a, size_t n)
{
    ent_json_arr_begin(j);
    for (size_t k = 0; k < n; k++) ent_json_str(j, s->actors[a[k]].id);
    ent_json_arr_end(j);
}

static void json_winset(ent_json_t *j, const ent_scenario_t *s, const ent_winset_t *w)
{
    ent_json_obj_begin(j);
    ent_json_key(j, "rule"); ent_json_str(j, s->rules[w->rule].id);
    ent_json_key(j, "veto_players"); json_ids(j, s, w->veto, w->nveto);
    ent_json_key(j, "along_issue");
    ent_json_obj_begin(j);
    for (size_t i = 0; i < w->nissues; i++) {
        if (!w->analysed[i]) continue;
        ent_json_key(j, s->issues[i].id);
        ent_json_arr_begin(j);
        for (size_t k = 0; k < w->nint[i]; k++) {
            const ent_interval_t *v = &w->ints[i][k];
            ent_json_obj_begin(j);
            ent_json_key(j, "lo"); ent_json_num(j, v->lo);
            ent_json_key(j, "hi"); ent_json_num(j, v->hi);
            ent_json_key(j, "lo_open"); ent_json_bool(j, v->lo_open);
            ent_json_key(j, "hi_open"); ent_json_bool(j, v->hi_open);
            ent_json_obj_end(j);
        }
        ent_json_arr_end(j);
    }
    ent_json_obj_end(j);
    ent_json_key(j, "joint");
    ent_json_str(j, w->joint == ENT_WINSET_EMPTY ? "empty" : w->joint == ENT_WINSET_NONEMPTY ? "nonempty" : "unknown");
    ent_json_key(j, "witness");
    if (w->witness) ent_i_point_json(s, w->witness, j);
    else ent_json_null(j);
    ent_json_key(j, "method"); ent_json_str(j, w->method[0] ? w->method : NULL);
    ent_json_key(j, "why"); ent_json_str(j, w->why[0] ? w->why : NULL);
    ent_json_key(j, "coalitions_checked"); ent_json_int(j, (long long)w->ncoal_checked);
    ent_json_obj_end(j);
}

static void json_proposal(ent_json_t *j, const ent_scenario_t *s, const ent_proposals_t *r,
                          const ent_proposal_eval_t *e)
{
    const ent_proposal_t *p = &s->proposals[e->proposal];
    ent_json_obj_begin(j);
    ent_json_key(j, "id"); ent_json_str(j, p->id);
    ent_json_key(j, "proposer"); ent_json_str(j, p->proposer >= 0 ? s->actors[p->proposer].id : NULL);
    ent_json_key(j, "rule"); ent_json_str(j, e->rule >= 0 ? s->rules[e->rule].id : NULL);
    ent_json_key(j, "evaluated"); ent_json_bool(j, !e->sq_missing && e->rule >= 0);
    ent_json_key(j, "actors");
    ent_json_arr_begin(j);
    for (size_t a = 0; a < e->nactors; a++) {
        if (isnan(e->u_prop[a]) && e->vote[a] != ENT_VOTE_NO_POSITION) continue;
        ent_json_obj_begin(j);
        ent_json_key(j, "actor"); ent_json_str(j, s->actors[a].id);
        ent_json_key(j, "u_proposal"); ent_json_num(j, e->u_prop[a]);
        ent_json_key(j, "u_status_quo"); ent_json_num(j, e->u_sq[a]);
        ent_json_key(j, "vote"); ent_json_str(j, vote_name(e->vote[a]));
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
    ent_json_key(j, "passes"); ent_json_bool(j, e->passes);
    ent_json_key(j, "veto_against"); json_ids(j, s, e->veto_against, e->nveto_against);
    ent_json_key(j, "killed_by");
    ent_json_arr_begin(j);
    for (size_t c = 0; c < e->nkill; c++) json_ids(j, s, e->kill + e->kill_off[c], e->kill_off[c + 1] - e->kill_off[c]);
    ent_json_arr_end(j);
    ent_json_key(j, "dead_on_arrival"); ent_json_bool(j, e->dead_on_arrival);
    ent_json_key(j, "better_offer_existed"); ent_json_bool(j, e->better_offer_existed);
    ent_json_key(j, "proposer_witness");
    if (e->proposer_witness) ent_i_point_json(s, e->proposer_witness, j);
    else ent_json_null(j);
    ent_json_key(j, "forgone_utility"); ent_json_num(j, e->forgone);
    ent_json_key(j, "distance_to_winset"); ent_json_num(j, e->distance);
    ent_json_key(j, "distance_exact"); ent_json_bool(j, e->distance_exact);
    ent_json_key(j, "no_position_issue");
    ent_json_str(j, e->thin_issue >= 0 ? s->issues[e->thin_issue].id : NULL);
    const ent_winset_t *w = find_ws(r, e->rule);
    ent_json_key(j, "no_agreement_possible"); ent_json_bool(j, w && w->joint == ENT_WINSET_EMPTY);
    if (p->design.set) {  /* issue 11, item 2: only with a design, so other outputs are as before */
        ent_json_key(j, "design");
        ent_json_obj_begin(j);
        ent_json_key(j, "rule"); ent_json_str(j, s->rules[p->design.rule].id);
        ent_json_key(j, "against"); ent_json_str(j, s->actors[p->design.against].id);
        ent_json_key(j, "issues");
        ent_json_arr_begin(j);
        for (size_t k = 0; k < p->npoints; k++) {
            int in = !p->design.nissues;
            for (size_t q = 0; q < p->design.nissues; q++) in |= p->design.issues[q] == p->issue[k];
            if (in) ent_json_str(j, s->issues[p->issue[k]].id);
        }
        ent_json_arr_end(j);
        ent_json_key(j, "power_to_prevent"); ent_json_num(j, e->design_prevent);
        ent_json_obj_end(j);
    }
    ent_json_obj_end(j);
}

/* The design line (issue 11, item 2): the rule, the aggressor, π and what it discounts. */
static void text_design(const ent_scenario_t *s, const ent_proposal_t *p, const ent_proposal_eval_t *e, ent_buf_t *out)
{
    const ent_design_t *d = &p->design;
    ent_buf_printf(out, "  design: enforced under rule %s; %s's power to prevent there %.4f discounts every actor's "
                   "utility on", s->rules[d->rule].id, ent_i_actor_name(s, d->against), e->design_prevent);
    for (size_t k = 0, n = 0; k < p->npoints; k++) {
        int in = !d->nissues;
        for (size_t q = 0; q < d->nissues; q++) in |= d->issues[q] == p->issue[k];
        if (in) ent_buf_printf(out, "%s %s", n++ ? "," : "", s->issues[p->issue[k]].id);
    }
    ent_buf_printf(out, ":\n    U(proposal) = %.4g U(point) + %.4g U(point with those issues at the status quo)\n",
                   1 - e->design_prevent, e->design_prevent);
}

static ent_status_t report_json(const ent_scenario_t *s, const ent_proposals_t *r, ent_buf_t *out)
{
    ent_json_t j;
    ent_json_init(&j, out);
    j.prec = 6;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "utility");
    ent_json_str(&j, "U_i(x) = -sum_j s_ij*|x_j - p_ij| (saliences on 0..1; Euclidean per multi-dimensional issue)");
    ent_json_key(&j, "proposals");
    ent_json_arr_begin(&j);
    for (size_t pi = 0; pi < r->nproposals; pi++) json_proposal(&j, s, r, &r->eval[pi]);
    ent_json_arr_end(&j);
    ent_json_key(&j, "winsets");
    ent_json_arr_begin(&j);
    for (size_t k = 0; k < r->nwinsets; k++) json_winset(&j, s, &r->winset[k]);
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(out, "\n");
    return ent_json_status(&j);
}

/* ---------------------------------------------------------------- text */

static void interval_text(const ent_interval_t *v, ent_buf_t *out)
{
    if (v->lo == v->hi) ent_buf_printf(out, "{%.2f}", v->lo);
    else ent_buf_printf(out, "%s%.2f, %.2f%s", v->lo_open ? "(" : "[", v->lo, v->hi, v->hi_open ? ")" : "]");
}

static void method_text(const ent_winset_t *w, ent_buf_t *out)
{
    ent_buf_printf(out, " [%s", w->method);
    if (w->ncoal_checked) ent_buf_printf(out, "; %zu coalition%s checked", w->ncoal_checked, w->ncoal_checked == 1 ? "" : "s");
    ent_buf_puts(out, "]\n");
}

static void winset_text(const ent_scenario_t *s, const ent_winset_t *w, ent_buf_t *out)
{
    ent_buf_printf(out, "Win-set of the status quo under rule %s", s->rules[w->rule].id);
    if (w->nveto) {
        ent_buf_puts(out, " (veto players:");
        for (size_t k = 0; k < w->nveto; k++) ent_buf_printf(out, "%s %s", k ? "," : "", ent_i_actor_name(s, w->veto[k]));
        ent_buf_puts(out, ")");
    }
    ent_buf_puts(out, ":\n");
    for (size_t i = 0; i < w->nissues; i++) {
        if (!w->analysed[i]) continue;
        ent_buf_printf(out, "  along %s (status quo %.1f, others held there): ", s->issues[i].id,
                       s->issues[i].status_quo[0]);
        if (!w->nint[i]) ent_buf_puts(out, "empty");
        for (size_t k = 0; k < w->nint[i]; k++) {
            if (k) ent_buf_puts(out, " u ");
            interval_text(&w->ints[i][k], out);
        }
        ent_buf_puts(out, "\n");
    }
    if (w->joint == ENT_WINSET_UNKNOWN) {
        ent_buf_printf(out, "  jointly: not computed (%s)\n", w->why);
    } else if (w->joint == ENT_WINSET_EMPTY) {
        ent_buf_puts(out, "  jointly: EMPTY - no agreement possible: no point beats the status quo for a "
                          "winning coalition");
        method_text(w, out);
    } else {
        ent_buf_puts(out, "  jointly: non-empty, e.g. ");
        ent_i_point_text(s, w->witness, out);
        method_text(w, out);
    }
}

/* The proposal's heading, point and utility table (indented by four spaces). */
static void text_votes(const ent_scenario_t *s, const ent_proposal_eval_t *e, ent_buf_t *out)
{
    static const char *const hdr[] = {"actor", "U(proposal)", "U(status quo)", "vote"};
    ent_table_t *t = ent_table_new(4, hdr);
    if (!t) { out->oom = 1; return; }
    for (size_t a = 0; a < e->nactors; a++) {
        if (isnan(e->u_prop[a]) && e->vote[a] != ENT_VOTE_NO_POSITION) continue;
        ent_table_row(t);
        ent_table_set(t, 0, ent_i_actor_name(s, a));
        ent_table_num(t, 1, e->u_prop[a], 2);
        ent_table_num(t, 2, e->u_sq[a], 2);
        ent_table_set(t, 3, e->vote[a] == ENT_VOTE_INDIFFERENT ? "abstain (indifferent)" : vote_name(e->vote[a]));
    }
    ent_buf_t tb = ENT_BUF_INIT;
    ent_table_render_text(t, &tb);
    ent_table_free(t);
    if (tb.oom) out->oom = 1;
    for (const char *line = tb.data; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        ent_buf_puts(out, "    ");
        ent_buf_append(out, line, len);
        ent_buf_puts(out, "\n");
        line += len + (nl ? 1 : 0);
    }
    ent_buf_free(&tb);
}

static void text_killers(const ent_scenario_t *s, const ent_proposal_eval_t *e, ent_buf_t *out)
{
    if (e->nveto_against) {
        ent_buf_puts(out, "  veto players who do not accept:");
        for (size_t k = 0; k < e->nveto_against; k++)
            ent_buf_printf(out, "%s %s", k ? "," : "", ent_i_actor_name(s, e->veto_against[k]));
        ent_buf_puts(out, "\n");
    }
    if (e->nkill) {
        ent_buf_puts(out, e->counts_abstentions ? "  killed by (minimal sets of non-supporters whose votes as cast kill it, all others for):"
                                                : "  killed by (minimal blocking coalitions of non-acceptors):");
        for (size_t c = 0; c < e->nkill; c++) {
            ent_buf_puts(out, c ? "; {" : " {");
            for (size_t k = e->kill_off[c]; k < e->kill_off[c + 1]; k++)
                ent_buf_printf(out, "%s%s", k > e->kill_off[c] ? ", " : "", ent_i_actor_name(s, e->kill[k]));
            ent_buf_puts(out, "}");
        }
        if (!e->kill_complete) ent_buf_puts(out, " ... (more)");
        ent_buf_puts(out, "\n");
    }
}

static void text_flags(const ent_scenario_t *s, const ent_proposals_t *r, const ent_proposal_eval_t *e,
                       ent_buf_t *out)
{
    const ent_proposal_t *p = &s->proposals[e->proposal];
    if (e->dead_on_arrival) {
        ent_buf_puts(out, "  FLAG dead on arrival:");
        for (size_t k = 0, k2 = 0; k < e->nveto_against; k++) {
            size_t a = e->veto_against[k];
            if (e->vote[a] != ENT_VOTE_REJECT) continue;
            ent_buf_printf(out, "%s %s, a veto player, rejects it (U %.2f < %.2f at the status quo)",
                           k2++ ? ";" : "", ent_i_actor_name(s, a), e->u_prop[a], e->u_sq[a]);
        }
        ent_buf_puts(out, "\n");
    }
    if (e->better_offer_existed) {
        ent_buf_printf(out, "  FLAG a mutually acceptable offer, better for %s, existed on the proposal's issues: ",
                       ent_i_actor_name(s, (size_t)p->proposer));
        ent_i_point_text(s, e->proposer_witness, out);
        ent_buf_printf(out, "\n    %s forgoes %.2f of utility there; ", ent_i_actor_name(s, (size_t)p->proposer), e->forgone);
        ent_i_distance_text(e, out);
        ent_buf_puts(out, "\n");
    } else if (e->dead_on_arrival && p->proposer >= 0) {
        ent_buf_printf(out, "  no mutually acceptable offer better for %s existed on the proposal's issues",
                       ent_i_actor_name(s, (size_t)p->proposer));
        if (!isnan(e->distance)) {
            ent_buf_puts(out, "; ");
            ent_i_distance_text(e, out);
        }
        ent_buf_puts(out, "\n");
    }
    const ent_winset_t *w = find_ws(r, e->rule);
    if (w && w->joint == ENT_WINSET_EMPTY) ent_buf_puts(out, "  FLAG no agreement possible: the win-set of the status quo is empty\n");
}

static void text_proposal(const ent_scenario_t *s, const ent_proposals_t *r, const ent_proposal_eval_t *e,
                          ent_buf_t *out)
{
    const ent_proposal_t *p = &s->proposals[e->proposal];
    ent_buf_printf(out, "\nProposal %s: %s\n", p->id, p->name ? p->name : p->id);
    ent_buf_printf(out, "  proposed by %s; decided by rule %s\n",
                   p->proposer >= 0 ? ent_i_actor_name(s, (size_t)p->proposer) : "(nobody named)",
                   e->rule >= 0 ? s->rules[e->rule].id : "(none: the scenario has no rules)");
    ent_buf_puts(out, "  point:");
    for (size_t k = 0; k < p->npoints; k++) {
        const ent_issue_t *is = &s->issues[p->issue[k]];
        ent_buf_printf(out, "%s %s %.1f", k ? "," : "", is->id, p->point[k][0]);
        if (is->status_quo) ent_buf_printf(out, " (status quo %.1f)", is->status_quo[0]);
        else ent_buf_puts(out, " (no status quo)");
    }
    ent_buf_puts(out, "\n");
    if (e->sq_missing) {
        ent_buf_puts(out, "  not evaluated: an issue it names has no status quo\n");
        return;
    }
    if (p->design.set) text_design(s, p, e, out);
    text_votes(s, e, out);
    if (e->rule < 0) return;
    ent_buf_printf(out, "  passes: %s\n", !e->passes ? "no"
                                          : e->counts_abstentions ? "yes (no veto is cast and the votes for suffice)"
                                                                  : "yes (the acceptors form a winning coalition)");
    if (!e->passes) text_killers(s, e, out);
    text_flags(s, r, e, out);
}

/* The preference forms other than linear (issue 11, item 1), one line each, at most 12; no
 * line when every actor's loss is linear (then the output is as before forms existed). */
static void text_prefs(const ent_scenario_t *s, ent_buf_t *out)
{
    size_t n = 0;
    for (size_t a = 0; a < s->nactors; a++)
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_pref_t *pf = ent_scenario_pref(s, a, i);
            if (!ent_scenario_pos(s, a, i)->present || pf->kind == ENT_PREF_LINEAR) continue;
            if (n++ == 0)
                ent_buf_puts(out, "Other preference forms (docs/analyses.md, \"Preference forms\"); every other loss "
                                  "is linear:\n");
            if (n > 12) continue;
            ent_buf_printf(out, "  %s on %s: %s", s->actors[a].id, s->issues[i].id, ent_pref_kind_name(pf->kind));
            if (pf->kind == ENT_PREF_AT_LEAST || pf->kind == ENT_PREF_AT_MOST)
                ent_buf_printf(out, " %g (anything %s it is as good)", ent_scenario_pos(s, a, i)->x[0],
                               pf->kind == ENT_PREF_AT_LEAST ? "above" : "below");
            else if (pf->kind == ENT_PREF_SLOPES)
                ent_buf_printf(out, " (below %g, above %g)", pf->below, pf->above);
            else if (pf->kind == ENT_PREF_QUADRATIC)
                ent_buf_puts(out, " (s * (x - p)^2 / range)");
            else if (pf->kind == ENT_PREF_ORDINAL) {
                ent_buf_puts(out, ", best first:");
                for (size_t k = 0; k < pf->nord; k++) ent_buf_printf(out, "%s %g", k ? "," : "", pf->ord[k]);
            }
            ent_buf_puts(out, "\n");
        }
    if (n > 12) ent_buf_printf(out, "  ... and %zu more\n", n - 12);
}

static void report_text(const ent_scenario_t *s, const ent_proposals_t *r, ent_buf_t *out)
{
    ent_buf_puts(out, "Utility: U_i(x) = -sum over issues of s_ij * |x_j - p_ij| (salience-weighted linear loss,\n"
                      "saliences on 0..1; Euclidean per multi-dimensional issue). An actor accepts when\n"
                      "U(proposal) > U(status quo), computed over the issues the proposal names.\n");
    text_prefs(s, out);
    int nopos = 0;
    for (size_t pi = 0; pi < r->nproposals; pi++) nopos |= r->eval[pi].nno_position > 0;
    if (nopos)
        ent_buf_puts(out, "An actor without a position on an issue a proposal changes abstains (\"no position\").\n");
    if (r->nproposals == 0) ent_buf_puts(out, "\nThe scenario has no proposals.\n");
    for (size_t pi = 0; pi < r->nproposals; pi++) text_proposal(s, r, &r->eval[pi], out);
    for (size_t k = 0; k < r->nwinsets; k++) {
        ent_buf_puts(out, "\n");
        winset_text(s, &r->winset[k], out);
    }
}

ent_status_t ent_report_proposals(const ent_scenario_t *s, const ent_proposals_t *r, ent_output_t fmt,
                                  ent_buf_t *out)
{
    if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = report_json(s, r, out);
        if (st) return st;
    } else if (fmt == ENT_OUTPUT_TEXT) report_text(s, r, out);
    else return ENT_EINVAL;
    return ent_i_report_status(out);
}
