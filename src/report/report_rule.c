/* SPDX-License-Identifier: MIT */
/* report_rule.c — renders an ent_rule_query_t (entente/game.h, ent_game_query) as `entente
 * rule` prints it: the rule and its players, then each part that was asked for (a coalition:
 * winning? blocking?; objectors: does it pass over them, who among them has a veto, who must
 * switch; the summary: veto players, dummies, numbers of minimal winning and blocking
 * coalitions; a listing of minimal coalitions). Text or JSON; refusals inside the summary are
 * printed as "(not computed: ...)" / null. Computes nothing. O(players * listed coalitions).
 */
#include "entente/report.h"

static void names_list(ent_buf_t *b, const ent_game_t *g, const unsigned char *f)
{
    int first = 1;
    for (size_t k = 0; k < ent_game_nplayers(g); k++)
        if (f[k]) { ent_buf_printf(b, "%s%s", first ? "" : ", ", ent_game_player_name(g, k)); first = 0; }
    if (first) ent_buf_puts(b, "(none)");
}

static void json_names(ent_json_t *j, const ent_game_t *g, const unsigned char *f)
{
    ent_json_arr_begin(j);
    for (size_t k = 0; k < ent_game_nplayers(g); k++)
        if (f[k]) ent_json_str(j, ent_game_player_name(g, k));
    ent_json_arr_end(j);
}

static const char *const kind_title[2] = {"minimal winning coalitions", "minimal blocking coalitions"};
static const char *const kind_key[2] = {"minimal_winning", "minimal_blocking"};

static void text_over(const ent_game_t *g, const ent_rule_query_t *q, ent_buf_t *b)
{
    ent_buf_puts(b, "over the objection of: ");
    names_list(b, g, q->objectors);
    ent_buf_printf(b, "\npasses: %s\n", q->over.passes ? "yes" : "no");
    if (q->over.passes) return;
    ent_buf_puts(b, "veto players among the objectors: ");
    names_list(b, g, q->over.veto);
    ent_buf_puts(b, "\n");
    if (q->over.nmust == (size_t)-1) {
        ent_buf_puts(b, "no change of votes can pass it\n");
        return;
    }
    ent_buf_printf(b, "smallest set of objectors that must switch (%zu): ", q->over.nmust);
    names_list(b, g, q->over.must_switch);
    ent_buf_puts(b, "\n");
}

static void text_rule(const ent_game_t *g, const ent_rule_query_t *q, ent_buf_t *b)
{
    ent_buf_printf(b, "rule: %s\n", q->rule ? q->rule : "");
    ent_buf_printf(b, "players: %zu\n", q->n);
    if (q->has_coalition) {
        ent_buf_puts(b, "coalition: ");
        names_list(b, g, q->coalition);
        ent_buf_printf(b, "\nwinning: %s\nblocking: %s\n", q->winning ? "yes" : "no", q->blocking ? "yes" : "no");
    }
    if (q->has_over) text_over(g, q, b);
    if (q->has_summary) {
        ent_buf_puts(b, "veto players: ");
        names_list(b, g, q->veto);
        ent_buf_puts(b, "\ndummies: ");
        if (q->dummy_error.status) ent_buf_printf(b, "(not computed: %s)", q->dummy_error.msg);
        else names_list(b, g, q->dummy);
        ent_buf_puts(b, "\n");
    }
    for (int k = 0; k < 2 && q->has_counts; k++) {
        if (q->count_error[k].status) ent_buf_printf(b, "%s: (not counted: %s)\n", kind_title[k], q->count_error[k].msg);
        else ent_buf_printf(b, "%s: %s\n", kind_title[k], q->count[k]);
    }
    if (q->has_listing) {
        const ent_coalitions_t *mc = &q->listing;
        ent_buf_printf(b, "%s: %s", kind_title[q->listing_kind != ENT_COALITIONS_WINNING], mc->count);
        if (!mc->complete) ent_buf_printf(b, " (first %zu listed)", mc->nlisted);
        ent_buf_puts(b, "\n");
        for (size_t i = 0; i < mc->nlisted; i++) {
            ent_buf_puts(b, "  {");
            names_list(b, g, mc->members[i]);
            ent_buf_puts(b, "}\n");
        }
    }
}

static ent_status_t json_rule(const ent_game_t *g, const ent_rule_query_t *q, ent_buf_t *b)
{
    ent_json_t j;
    ent_json_init(&j, b);
    j.prec = 10;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "rule"); ent_json_str(&j, q->rule);
    ent_json_key(&j, "players");
    ent_json_arr_begin(&j);
    for (size_t k = 0; k < q->n; k++) ent_json_str(&j, ent_game_player_name(g, k));
    ent_json_arr_end(&j);
    if (q->has_coalition) {
        ent_json_key(&j, "coalition"); json_names(&j, g, q->coalition);
        ent_json_key(&j, "winning"); ent_json_bool(&j, q->winning);
        ent_json_key(&j, "blocking"); ent_json_bool(&j, q->blocking);
    }
    if (q->has_over) {
        ent_json_key(&j, "over");
        ent_json_obj_begin(&j);
        ent_json_key(&j, "objectors"); json_names(&j, g, q->objectors);
        ent_json_key(&j, "passes"); ent_json_bool(&j, q->over.passes);
        ent_json_key(&j, "veto_objectors"); json_names(&j, g, q->over.veto);
        ent_json_key(&j, "must_switch");
        if (q->over.nmust == (size_t)-1) ent_json_null(&j);
        else json_names(&j, g, q->over.must_switch);
        ent_json_obj_end(&j);
    }
    if (q->has_summary) {
        ent_json_key(&j, "veto"); json_names(&j, g, q->veto);
        ent_json_key(&j, "dummies");
        if (q->dummy_error.status) ent_json_null(&j); else json_names(&j, g, q->dummy);
    }
    for (int k = 0; k < 2 && q->has_counts; k++) {
        ent_json_key(&j, kind_key[k]);
        if (q->count_error[k].status) ent_json_null(&j); else ent_json_str(&j, q->count[k]);
    }
    if (q->has_listing) {
        const ent_coalitions_t *mc = &q->listing;
        ent_json_key(&j, kind_key[q->listing_kind != ENT_COALITIONS_WINNING]);
        ent_json_obj_begin(&j);
        ent_json_key(&j, "count"); ent_json_str(&j, mc->count);
        ent_json_key(&j, "complete"); ent_json_bool(&j, mc->complete);
        ent_json_key(&j, "listed");
        ent_json_arr_begin(&j);
        for (size_t i = 0; i < mc->nlisted; i++) json_names(&j, g, mc->members[i]);
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_obj_end(&j);
    ent_buf_puts(b, "\n");
    return ent_json_status(&j);
}

ent_status_t ent_report_rule(const ent_game_t *g, const ent_rule_query_t *q, ent_output_t fmt, ent_buf_t *out)
{
    if (fmt == ENT_OUTPUT_CSV) return ENT_EINVAL;
    if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = json_rule(g, q, out);
        if (st) return st;
    } else text_rule(g, q, out);
    return out->oom ? ENT_ENOMEM : ENT_OK;
}
