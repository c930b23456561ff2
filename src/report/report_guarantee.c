/* SPDX-License-Identifier: MIT */
/* report_guarantee.c — renders ent_guarantee_t (entente/analysis.h) as the text of
 * `entente guarantee` (a table of the designs side by side, then per design its verdict in
 * words and the numbers behind it) or as JSON (entente/report.h). The verdict sentences
 * are those of docs/analyses.md §1, worded for the rule's role (`kind:` guarantee,
 * settlement, deployment, decision; a rule without one reads as a guarantee, as before
 * kinds existed). Complexity: linear in the size of the result.
 */
#include "report/report_analysis_i.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *ent_i_actor_name(const ent_scenario_t *s, size_t a)
{
    return s->actors[a].name ? s->actors[a].name : s->actors[a].id;
}

const char *ent_i_step_name(const ent_scenario_t *s, size_t v)
{
    return s->steps[v].name ? s->steps[v].name : s->steps[v].id;
}

ent_status_t ent_i_report_status(const ent_buf_t *out)
{
    return out->oom ? ENT_ENOMEM : ENT_OK;
}

/* The aggressor as the sentences name it: the actor's name, else the group's id. */
static const char *who_of(const ent_scenario_t *s, const ent_guarantee_t *g)
{
    return g->aggressor >= 0 ? ent_i_actor_name(s, (size_t)g->aggressor)
           : g->aggressor_group >= 0 ? s->groups[g->aggressor_group].id : "the group";
}

/* How the sentences name a rule's role (ent_rule_kind_t): the decision it blocks, what
 * the deciders do, one and several of them. UNSET reads as a guarantee, as before kinds. */
typedef struct {
    const char *object;    /* " the settlement": "cannot block<object> alone" */
    const char *act;       /* "act": "X may act alone" */
    const char *member;    /* "guarantor": "any guarantor may act alone" */
    const char *members;   /* "guarantors": "any of 11 guarantors may act alone" */
    const char *over;      /* "assistance": "assistance over X's objection: yes" */
} role_words_t;

static const role_words_t *role_words(ent_rule_kind_t k)
{
    static const role_words_t w[] = {
        {"", "act", "guarantor", "guarantors", "assistance"},                         /* unset */
        {"", "act", "guarantor", "guarantors", "assistance"},                         /* guarantee */
        {" the settlement", "conclude it", "party", "parties", "the settlement"},      /* settlement */
        {" deployment", "deploy", "guarantor", "guarantors", "deployment"},           /* deployment */
        {"", "decide", "member", "members", "the decision"},                          /* decision */
    };
    return (unsigned)k < sizeof w / sizeof *w ? &w[k] : &w[0];
}

/* "A, B": the aggressor's partners in the group. */
static void partner_list(const ent_scenario_t *s, const ent_guarantee_t *g, ent_buf_t *out)
{
    for (size_t i = 0, k = 0; i < g->ngroup; i++) {
        if ((long)g->group[i] == g->aggressor) continue;
        ent_buf_printf(out, "%s%s", k++ ? ", " : "", ent_i_actor_name(s, g->group[i]));
    }
}

/* Sentences per verdict and role: docs/analyses.md §1 lists them all. */
void ent_i_guarantee_verdict_text(const ent_scenario_t *s, const ent_guarantee_t *g,
                                  const ent_guarantee_row_t *row, ent_buf_t *out)
{
    const char *who = who_of(s, g);
    ent_rule_kind_t k = row->kind;
    int guar = k == ENT_RULE_KIND_UNSET || k == ENT_RULE_KIND_GUARANTEE;
    const role_words_t *w = role_words(k);
    switch (row->verdict) {
    case ENT_GUARANTEE_NO_SAY:
        if (k == ENT_RULE_KIND_SETTLEMENT)
            ent_buf_printf(out, "%s has no say: the settlement does not need %s's consent", who, who);
        else
            ent_buf_printf(out, "%s has no say%s: the %s does not involve %s", who,
                           k == ENT_RULE_KIND_DEPLOYMENT ? " over deployment" : "",
                           k == ENT_RULE_KIND_DECISION ? "rule" : "design", who);
        if (row->nalone == 1) ent_buf_printf(out, "; %s may %s alone", ent_i_actor_name(s, row->alone[0]), w->act);
        else if (row->nalone > 1) ent_buf_printf(out, "; any of %zu %s may %s alone", row->nalone, w->members, w->act);
        return;
    case ENT_GUARANTEE_BLOCKS_ALONE:
        if (guar) ent_buf_printf(out, "%s alone can block assistance: the guarantee does not bind against %s", who, who);
        else if (k == ENT_RULE_KIND_SETTLEMENT)
            ent_buf_printf(out, "%s can block the settlement: none is concluded over %s's objection", who, who);
        else if (k == ENT_RULE_KIND_DEPLOYMENT)
            ent_buf_printf(out, "%s can block deployment, not a response once troops are in place", who);
        else ent_buf_printf(out, "%s alone can block the decision", who);
        return;
    case ENT_GUARANTEE_BLOCKS_WITH_PARTNERS:
        ent_buf_printf(out, "%s cannot block%s alone, but %s with ", who, w->object, who);
        partner_list(s, g, out);
        if (guar) ent_buf_printf(out, " can: the guarantee binds only while %s's partners do not object", who);
        else if (k == ENT_RULE_KIND_DEPLOYMENT) ent_buf_puts(out, " can block deployment, not a response once troops are in place");
        else ent_buf_printf(out, " can: %s passes only while %s's partners do not object", w->over, who);
        return;
    case ENT_GUARANTEE_CANNOT_BLOCK: {
        size_t others = 0;
        for (size_t i = 0; i < row->nalone; i++)
            if ((long)row->alone[i] != g->aggressor) others++;
        ent_buf_printf(out, "%s cannot block%s: ", who, w->object);
        if (others > 1)
            ent_buf_printf(out, "any %s may %s alone", w->member, w->act);
        else if (others == 1)
            ent_buf_printf(out, "%s may %s alone", ent_i_actor_name(s, row->alone[(long)row->alone[0] == g->aggressor ? 1 : 0]),
                           w->act);
        else
            ent_buf_printf(out, "the others can %s without %s", w->act, who);
        return;
    }
    }
}

static void json_ids(ent_json_t *j, const ent_scenario_t *s, const size_t *a, size_t n)
{
    ent_json_arr_begin(j);
    for (size_t k = 0; k < n; k++) ent_json_str(j, s->actors[a[k]].id);
    ent_json_arr_end(j);
}

static void json_row(ent_json_t *j, const ent_scenario_t *s, const ent_guarantee_t *g,
                     const ent_guarantee_row_t *r)
{
    ent_buf_t v = ENT_BUF_INIT;
    char count[32];
    ent_json_obj_begin(j);
    ent_json_key(j, "rule"); ent_json_str(j, s->rules[r->rule].id);
    if (r->kind != ENT_RULE_KIND_UNSET) { ent_json_key(j, "kind"); ent_json_str(j, ent_rule_kind_name(r->kind)); }
    ent_json_key(j, "expr"); ent_json_str(j, s->rules[r->rule].expr);
    ent_json_key(j, "aggressor_takes_part"); ent_json_bool(j, r->aggressor_player);
    ent_json_key(j, "passes_over_aggressor"); ent_json_bool(j, r->passes_over_aggressor);
    ent_json_key(j, "passes_over_aggressor_and_partners"); ent_json_bool(j, r->passes_over_group);
    ent_json_key(j, "veto_players"); json_ids(j, s, r->veto, r->nveto);
    ent_json_key(j, "act_alone"); json_ids(j, s, r->alone, r->nalone);
    /* a decimal string: the exact count may exceed a double's integers */
    snprintf(count, sizeof count, "%llu", (unsigned long long)r->nblock);
    ent_json_key(j, "minimal_blocking_with_aggressor"); ent_json_str(j, r->blocking_counted ? count : NULL);
    ent_json_key(j, "blocking_listed");
    ent_json_arr_begin(j);
    for (size_t c = 0; c < r->nblock_listed; c++)
        json_ids(j, s, r->block + r->block_off[c], r->block_off[c + 1] - r->block_off[c]);
    ent_json_arr_end(j);
    ent_json_key(j, "power_to_prevent"); ent_json_num(j, r->prevent);
    ent_json_key(j, "banzhaf_share"); ent_json_num(j, r->banzhaf);
    ent_i_guarantee_verdict_text(s, g, r, &v);
    ent_json_key(j, "verdict"); ent_json_str(j, v.data ? v.data : "");
    if (v.oom) j->out->oom = 1;
    ent_buf_free(&v);
    ent_json_obj_end(j);
}

static ent_status_t report_json(const ent_scenario_t *s, const ent_guarantee_t *g, ent_buf_t *out)
{
    ent_json_t j;
    ent_json_init(&j, out);
    j.prec = 6;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "aggressor");
    ent_json_str(&j, g->aggressor >= 0 ? s->actors[g->aggressor].id : NULL);
    ent_json_key(&j, "with_partners"); json_ids(&j, s, g->group, g->ngroup);
    ent_json_key(&j, "designs");
    ent_json_arr_begin(&j);
    for (size_t i = 0; i < g->nrows; i++) json_row(&j, s, g, &g->rows[i]);
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(out, "\n");
    return ent_json_status(&j);
}

static void text_table(const ent_scenario_t *s, const ent_guarantee_t *g, ent_buf_t *out)
{
    static const char *const hdr[] = {"design", "over objection", "over objection+partners", "veto players",
                                      "min. blocking incl.", "power to prevent", "share of swings"};
    ent_table_t *t = ent_table_new(7, hdr);
    if (!t) { out->oom = 1; return; }
    for (size_t i = 0; i < g->nrows; i++) {
        const ent_guarantee_row_t *r = &g->rows[i];
        ent_table_row(t);
        ent_table_set(t, 0, s->rules[r->rule].id);
        ent_table_set(t, 1, r->passes_over_aggressor ? "can act" : "blocked");
        ent_table_set(t, 2, r->passes_over_group ? "can act" : "blocked");
        ent_table_setf(t, 3, "%zu", r->nveto);
        if (r->blocking_counted) ent_table_setf(t, 4, "%llu", (unsigned long long)r->nblock);
        else ent_table_set(t, 4, "-");
        ent_table_num(t, 5, r->prevent, 4);
        ent_table_num(t, 6, r->banzhaf, 4);
    }
    ent_table_render_text(t, out);
    ent_table_free(t);
}

static void text_ids(const ent_scenario_t *s, const size_t *a, size_t n, const char *sep, ent_buf_t *out)
{
    for (size_t k = 0; k < n; k++) ent_buf_printf(out, "%s%s", k ? sep : "", s->actors[a[k]].id);
}

static void text_design(const ent_scenario_t *s, const ent_guarantee_t *g, const ent_guarantee_row_t *r,
                        ent_buf_t *out)
{
    static const char *const yes_no[] = {"no", "yes"};
    const char *who = who_of(s, g);
    const ent_ruledef_t *rd = &s->rules[r->rule];
    ent_buf_printf(out, "%s: %s\n", rd->id, rd->name ? rd->name : rd->expr);
    ent_buf_puts(out, "  => ");
    ent_i_guarantee_verdict_text(s, g, r, out);
    ent_buf_puts(out, ".\n");
    ent_buf_printf(out, "  rule \"%s\"", rd->expr);
    if (r->kind != ENT_RULE_KIND_UNSET) ent_buf_printf(out, " (%s)", ent_rule_kind_name(r->kind));
    ent_buf_printf(out, "; %s over %s's objection: %s; over its partners' too: %s\n", role_words(r->kind)->over, who,
                   yes_no[!!r->passes_over_aggressor], yes_no[!!r->passes_over_group]);
    ent_buf_puts(out, "  veto players:");
    if (!r->nveto) ent_buf_puts(out, " none");
    else { ent_buf_puts(out, " "); text_ids(s, r->veto, r->nveto, ", ", out); }
    ent_buf_puts(out, "\n");
    if (r->nalone) {
        ent_buf_printf(out, "  may %s alone: ", role_words(r->kind)->act);
        text_ids(s, r->alone, r->nalone, ", ", out);
        ent_buf_puts(out, "\n");
    }
    if (r->blocking_counted) {
        ent_buf_printf(out, g->aggressor >= 0 ? "  minimal blocking coalitions including %s: %llu"
                                              : "  minimal blocking coalitions made of members of %s: %llu",
                       who, (unsigned long long)r->nblock);
        for (size_t c = 0; c < r->nblock_listed; c++) {
            ent_buf_puts(out, c ? "; {" : " - {");
            text_ids(s, r->block + r->block_off[c], r->block_off[c + 1] - r->block_off[c], ", ", out);
            ent_buf_puts(out, "}");
        }
        if (r->nblock > r->nblock_listed) ent_buf_puts(out, "; ...");
        ent_buf_puts(out, "\n");
    } else {
        ent_buf_printf(out, "  minimal blocking coalitions including %s: not listed (more than %d players)\n", who,
                       ENT_ANALYSIS_ENUM_MAX);
    }
    if (!isnan(r->prevent))
        ent_buf_printf(out, "  %s's power to prevent (Coleman) %.4f; share of swings (normalized Banzhaf) %.4f\n",
                       who, r->prevent, r->banzhaf);
}

static void report_text(const ent_scenario_t *s, const ent_guarantee_t *g, ent_buf_t *out)
{
    ent_buf_printf(out, "Guarantee designs against %s", who_of(s, g));
    if (g->ngroup > 1 || g->aggressor < 0) {
        ent_buf_puts(out, " (with partners:");
        for (size_t i = 0, k = 0; i < g->ngroup; i++) {
            if ((long)g->group[i] == g->aggressor) continue;
            ent_buf_printf(out, "%s %s", k++ ? "," : "", ent_i_actor_name(s, g->group[i]));
        }
        ent_buf_puts(out, ")");
    }
    ent_buf_puts(out, "\n\n");
    text_table(s, g, out);
    ent_buf_puts(out, "\n");
    for (size_t i = 0; i < g->nrows; i++) text_design(s, g, &g->rows[i], out);
}

ent_status_t ent_report_guarantee(const ent_scenario_t *s, const ent_guarantee_t *r, ent_output_t fmt,
                                  ent_buf_t *out)
{
    if (fmt != ENT_OUTPUT_TEXT && fmt != ENT_OUTPUT_JSON) return ENT_EINVAL;
    if (s->nrules == 0)  /* in either format, as `entente guarantee` has always said it */
        ent_buf_puts(out, "The scenario has no rules: there is no guarantee design to analyse.\n");
    else if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = report_json(s, r, out);
        if (st) return st;
    } else report_text(s, r, out);
    return ent_i_report_status(out);
}
