/* SPDX-License-Identifier: MIT */
/* report_sequence.c — renders ent_sequence_t (entente/analysis.h) as the text of
 * `entente sequence` (the circular chains with who insists on each link, the cheapest
 * preconditions to drop and a feasible order) or as JSON (entente/report.h).
 * Complexity: O(C·V) for the component listings, linear in the result otherwise.
 */
#include "report/report_analysis_i.h"

static void insisters_text(const ent_scenario_t *s, const ent_precond_t *pc, ent_buf_t *out)
{
    if (!pc->ninsist) { ent_buf_puts(out, "nobody named insists"); return; }
    ent_buf_puts(out, "insisted on by ");
    for (size_t k = 0; k < pc->ninsist; k++)
        ent_buf_printf(out, "%s%s, salience %g", k ? "; " : "", ent_i_actor_name(s, pc->insist[k].actor),
                       pc->insist[k].salience);
}

static void pre_targets_text(const ent_scenario_t *s, const ent_precond_t *pc, ent_buf_t *out)
{
    for (size_t a = 0; a < pc->nsteps; a++)
        ent_buf_printf(out, "%s%s", a ? " or " : "", ent_i_step_name(s, pc->steps[a]));
}

static const char *cost_name(ent_cut_cost_t c)
{
    return c == ENT_CUT_COST_SALIENCE ? "salience" : c == ENT_CUT_COST_EQUAL ? "equal" : "capability-salience";
}

/* One sentence for cut i, from the data: for each dropped precondition, who gives it up
 * and what then happens, e.g. "Ukraine drops 'Summit only after Experts finish' (Summit
 * may be held before Experts finish)". */
static void cut_sentence(const ent_scenario_t *s, const ent_sequence_t *r, size_t i, ent_buf_t *out)
{
    for (size_t e = r->cut_off[i]; e < r->cut_off[i + 1]; e++) {
        const ent_seq_arc_t *a = &r->cut_drop[e];
        const ent_precond_t *pc = &s->steps[a->step].pre[a->pre];
        const char *name = ent_i_step_name(s, a->step);
        if (e > r->cut_off[i]) ent_buf_puts(out, "; ");
        if (!pc->ninsist) ent_buf_puts(out, "nobody named insists, and the link ");
        for (size_t k = 0; k < pc->ninsist; k++)
            ent_buf_printf(out, "%s%s", k == 0 ? "" : k + 1 == pc->ninsist ? " and " : ", ",
                           ent_i_actor_name(s, pc->insist[k].actor));
        if (pc->ninsist) ent_buf_puts(out, pc->ninsist > 1 ? " drop " : " drops ");
        ent_buf_printf(out, "'%s only after ", name);
        pre_targets_text(s, pc, out);
        ent_buf_printf(out, "'%s (%s may come before ", pc->ninsist ? "" : " goes", name);
        pre_targets_text(s, pc, out);
        ent_buf_puts(out, ")");
    }
    ent_buf_puts(out, ".");
}

/* ---------------------------------------------------------------- JSON */

static void json_arc(ent_json_t *j, const ent_scenario_t *s, const ent_sequence_t *r,
                     const ent_seq_arc_t *a, int whole)
{
    const ent_precond_t *pc = &s->steps[a->step].pre[a->pre];
    ent_json_obj_begin(j);
    ent_json_key(j, "step");
    ent_json_str(j, s->steps[a->step].id);
    if (whole) {
        ent_json_key(j, "requires_any");
        ent_json_arr_begin(j);
        for (size_t k = 0; k < pc->nsteps; k++) ent_json_str(j, s->steps[pc->steps[k]].id);
        ent_json_arr_end(j);
    } else {
        ent_json_key(j, "requires");
        ent_json_str(j, s->steps[pc->steps[a->alt]].id);
    }
    ent_json_key(j, "insisted_by");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < pc->ninsist; k++) {
        ent_json_obj_begin(j);
        ent_json_key(j, "actor");
        ent_json_str(j, s->actors[pc->insist[k].actor].id);
        ent_json_key(j, "salience");
        ent_json_num(j, pc->insist[k].salience);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
    ent_json_key(j, "cost");
    ent_json_num(j, r->pre_cost[r->pre_off[a->step] + a->pre]);
    ent_json_obj_end(j);
}

/* Components listed in JSON: those of two or more steps, and single steps that require
 * themselves. */
static void json_components(ent_json_t *j, const ent_scenario_t *s, const ent_sequence_t *r)
{
    ent_json_arr_begin(j);
    for (size_t c = 0; c < r->ncomp; c++) {
        if (r->comp_size[c] < 2) {
            int self = 0;
            for (size_t v = 0; v < r->nsteps; v++)
                if (r->comp[v] == c)
                    for (size_t p = 0; p < s->steps[v].npre; p++)
                        for (size_t a = 0; a < s->steps[v].pre[p].nsteps; a++)
                            if (s->steps[v].pre[p].steps[a] == v) self = 1;
            if (!self) continue;
        }
        ent_json_arr_begin(j);
        for (size_t v = 0; v < r->nsteps; v++)
            if (r->comp[v] == c) ent_json_str(j, s->steps[v].id);
        ent_json_arr_end(j);
    }
    ent_json_arr_end(j);
}

/* The alternative cuts (only when some were asked for: without them the JSON is as before). */
static void json_cuts(ent_json_t *j, const ent_scenario_t *s, const ent_sequence_t *r)
{
    ent_json_key(j, "cut_cost"); ent_json_str(j, cost_name(r->cut_cost));
    ent_json_key(j, "cuts");
    ent_json_arr_begin(j);
    for (size_t i = 0; i < r->ncuts; i++) {
        ent_json_obj_begin(j);
        ent_json_key(j, "cost"); ent_json_num(j, r->cut_total[i]);
        ent_json_key(j, "exact"); ent_json_bool(j, r->cut_exact[i]);
        ent_json_key(j, "drop");
        ent_json_arr_begin(j);
        for (size_t e = r->cut_off[i]; e < r->cut_off[i + 1]; e++) json_arc(j, s, r, &r->cut_drop[e], 1);
        ent_json_arr_end(j);
        ent_json_key(j, "by_actor");
        ent_json_arr_begin(j);
        for (size_t a = 0; a < r->cut_nactors; a++) {
            double c = r->cut_actor[i * r->cut_nactors + a];
            if (c == 0) continue;
            ent_json_obj_begin(j);
            ent_json_key(j, "actor"); ent_json_str(j, s->actors[a].id);
            ent_json_key(j, "cost"); ent_json_num(j, c);
            ent_json_obj_end(j);
        }
        ent_json_arr_end(j);
        ent_buf_t m = ENT_BUF_INIT;
        cut_sentence(s, r, i, &m);
        ent_json_key(j, "meaning"); ent_json_str(j, m.data ? m.data : "");
        ent_buf_free(&m);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

static ent_status_t report_json(const ent_scenario_t *s, const ent_sequence_t *r, size_t nlinks, ent_buf_t *out)
{
    ent_json_t j;
    ent_json_init(&j, out);
    j.prec = 6;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "steps"); ent_json_int(&j, (long long)r->nsteps);
    ent_json_key(&j, "preconditions"); ent_json_int(&j, (long long)nlinks);
    ent_json_key(&j, "circular"); ent_json_bool(&j, r->circular);
    ent_json_key(&j, "components"); json_components(&j, s, r);
    ent_json_key(&j, "cycles");
    ent_json_arr_begin(&j);
    for (size_t c = 0; c < r->ncycles; c++) {
        ent_json_arr_begin(&j);
        for (size_t i = r->cycle_off[c]; i < r->cycle_off[c + 1]; i++) json_arc(&j, s, r, &r->cycle_arcs[i], 0);
        ent_json_arr_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "cycles_complete"); ent_json_bool(&j, r->cycles_complete);
    ent_json_key(&j, "unreachable");
    ent_json_arr_begin(&j);
    for (size_t v = 0; v < r->nsteps; v++)
        if (!r->reachable[v]) ent_json_str(&j, s->steps[v].id);
    ent_json_arr_end(&j);
    ent_json_key(&j, "drop");
    ent_json_arr_begin(&j);
    for (size_t i = 0; i < r->ndrop; i++) json_arc(&j, s, r, &r->drop[i], 1);
    ent_json_arr_end(&j);
    ent_json_key(&j, "drop_cost"); ent_json_num(&j, r->drop_cost);
    ent_json_key(&j, "drop_exact"); ent_json_bool(&j, r->drop_exact);
    ent_json_key(&j, "drop_lower_bound"); ent_json_num(&j, r->drop_lower);
    if (r->ncuts) json_cuts(&j, s, r);
    ent_json_key(&j, "order");
    ent_json_arr_begin(&j);
    for (size_t i = 0; i < r->norder; i++) ent_json_str(&j, s->steps[r->order[i]].id);
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(out, "\n");
    return ent_json_status(&j);
}

/* ---------------------------------------------------------------- text */

static int comp_has_cycle(const ent_sequence_t *r, size_t c)
{
    for (size_t i = 0; i < r->ncycles; i++)
        if (r->comp[r->cycle_arcs[r->cycle_off[i]].step] == c) return 1;
    return 0;
}

/* The components with a listed cycle, and the steps unreachable as things stand. */
static void text_components(const ent_scenario_t *s, const ent_sequence_t *r, ent_buf_t *out)
{
    size_t ncyc = 0, nunreach = 0;
    for (size_t c = 0; c < r->ncomp; c++) ncyc += (size_t)comp_has_cycle(r, c);
    ent_buf_printf(out, "Circular: yes. %zu elementary cycle%s%s in %zu strongly connected component%s.\n",
                   r->ncycles, r->ncycles == 1 ? "" : "s", r->cycles_complete ? "" : " (listing stopped at the limit)",
                   ncyc, ncyc == 1 ? "" : "s");
    for (size_t c = 0, k = 0; c < r->ncomp; c++) {
        if (!comp_has_cycle(r, c)) continue;
        ent_buf_printf(out, "Component %zu (%zu steps):", ++k, r->comp_size[c]);
        for (size_t v = 0, q = 0; v < r->nsteps; v++)
            if (r->comp[v] == c) ent_buf_printf(out, "%s %s", q++ ? "," : "", ent_i_step_name(s, v));
        ent_buf_puts(out, "\n");
    }
    for (size_t v = 0; v < r->nsteps; v++) nunreach += !r->reachable[v];
    if (nunreach) {
        ent_buf_printf(out, "Unreachable as the preconditions stand (%zu of %zu steps):", nunreach, r->nsteps);
        for (size_t v = 0, k = 0; v < r->nsteps; v++)
            if (!r->reachable[v]) ent_buf_printf(out, "%s %s", k++ ? "," : "", ent_i_step_name(s, v));
        ent_buf_puts(out, "\n");
    }
}

static void text_cycles(const ent_scenario_t *s, const ent_sequence_t *r, ent_buf_t *out)
{
    ent_buf_puts(out, "\nCycles (read A ⇐ B as: A cannot happen before B):\n");
    for (size_t c = 0; c < r->ncycles; c++) {
        size_t first = r->cycle_off[c];
        ent_buf_printf(out, "  %zu. %s", c + 1, ent_i_step_name(s, r->cycle_arcs[first].step));
        for (size_t i = first; i < r->cycle_off[c + 1]; i++) {
            const ent_seq_arc_t *a = &r->cycle_arcs[i];
            const ent_precond_t *pc = &s->steps[a->step].pre[a->pre];
            ent_buf_printf(out, "\n       ⇐ %s (", ent_i_step_name(s, pc->steps[a->alt]));
            insisters_text(s, pc, out);
            if (pc->nsteps > 1) ent_buf_puts(out, "; one alternative of several");
            ent_buf_puts(out, ")");
        }
        ent_buf_puts(out, "\n");
    }
}

static void text_drop(const ent_scenario_t *s, const ent_sequence_t *r, ent_buf_t *out)
{
    ent_buf_printf(out, "\nCheapest preconditions to drop so that every step can happen (%s, total cost %.1f",
                   r->drop_exact ? "exact minimum" : "greedy heuristic", r->drop_cost);
    if (!r->drop_exact) ent_buf_printf(out, "; the minimum is at least %.1f", r->drop_lower);
    if (r->cut_cost == ENT_CUT_COST_SALIENCE) ent_buf_puts(out, "; cost = sum of salience/scale of the actors who insist):\n");
    else if (r->cut_cost == ENT_CUT_COST_EQUAL) ent_buf_puts(out, "; cost = 1 per precondition):\n");
    else ent_buf_puts(out, "; cost = sum of capability x salience/scale of the actors who insist):\n");
    for (size_t i = 0; i < r->ndrop; i++) {
        const ent_seq_arc_t *a = &r->drop[i];
        const ent_precond_t *pc = &s->steps[a->step].pre[a->pre];
        ent_buf_printf(out, "  - %s ⇐ ", ent_i_step_name(s, a->step));
        pre_targets_text(s, pc, out);
        ent_buf_puts(out, " (");
        insisters_text(s, pc, out);
        ent_buf_printf(out, "): cost %.1f\n", r->pre_cost[r->pre_off[a->step] + a->pre]);
    }
}

/* The alternative cuts, each with who gives up what and a sentence (only when asked). */
static void text_cuts(const ent_scenario_t *s, const ent_sequence_t *r, ent_buf_t *out)
{
    ent_buf_printf(out, "\nThe %zu cheapest cut%s (minimal sets of preconditions to drop; cost: %s; "
                   "ties: the cut that keeps the earlier precondition first):\n",
                   r->ncuts, r->ncuts == 1 ? "" : "s", cost_name(r->cut_cost));
    for (size_t i = 0; i < r->ncuts; i++) {
        ent_buf_printf(out, "  %zu. cost %.1f (%s)\n", i + 1, r->cut_total[i],
                       r->cut_exact[i] ? "exact" : "includes a greedy component: alternatives there not enumerated");
        for (size_t e = r->cut_off[i]; e < r->cut_off[i + 1]; e++) {
            const ent_seq_arc_t *a = &r->cut_drop[e];
            const ent_precond_t *pc = &s->steps[a->step].pre[a->pre];
            ent_buf_printf(out, "     - %s ⇐ ", ent_i_step_name(s, a->step));
            pre_targets_text(s, pc, out);
            ent_buf_printf(out, ": cost %.1f\n", r->pre_cost[r->pre_off[a->step] + a->pre]);
        }
        ent_buf_puts(out, "     Who gives up what:");
        for (size_t a = 0, k = 0; a < r->cut_nactors; a++) {
            double c = r->cut_actor[i * r->cut_nactors + a];
            if (c != 0) ent_buf_printf(out, "%s %s %.1f", k++ ? "," : "", ent_i_actor_name(s, a), c);
        }
        ent_buf_puts(out, "\n     Meaning: ");
        cut_sentence(s, r, i, out);
        ent_buf_puts(out, "\n");
    }
}

static void report_text(const ent_scenario_t *s, const ent_sequence_t *r, size_t nlinks, size_t nany,
                        ent_buf_t *out)
{
    if (s->nsteps == 0) {
        ent_buf_puts(out, "The scenario has no steps.\n");
        return;
    }
    ent_buf_printf(out, "Precondition graph: %zu steps, %zu preconditions (%zu with alternatives)\n",
                   r->nsteps, nlinks, nany);
    if (!r->circular) {
        ent_buf_puts(out, "No circular chain: every step can be reached as the preconditions stand.\n");
    } else {
        text_components(s, r, out);
        text_cycles(s, r, out);
        text_drop(s, r, out);
        if (r->ncuts) text_cuts(s, r, out);
    }
    ent_buf_printf(out, "\n%s:\n", r->circular ? "A feasible order once they are dropped" : "A feasible order");
    for (size_t i = 0; i < r->norder; i++)
        ent_buf_printf(out, "  %zu. %s\n", i + 1, ent_i_step_name(s, r->order[i]));
}

ent_status_t ent_report_sequence(const ent_scenario_t *s, const ent_sequence_t *r, ent_output_t fmt,
                                 ent_buf_t *out)
{
    size_t nlinks = 0, nany = 0;
    for (size_t v = 0; v < s->nsteps; v++)
        for (size_t p = 0; p < s->steps[v].npre; p++) {
            nlinks++;
            if (s->steps[v].pre[p].nsteps > 1) nany++;
        }
    if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = report_json(s, r, nlinks, out);
        if (st) return st;
    } else if (fmt == ENT_OUTPUT_TEXT) report_text(s, r, nlinks, nany, out);
    else return ENT_EINVAL;
    return ent_i_report_status(out);
}
