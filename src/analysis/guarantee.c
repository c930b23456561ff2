/* guarantee.c — guarantee designs compared side by side: can assistance be triggered over
 * the objection of an aggressor, or of the aggressor and its partners? (entente/analysis.h,
 * docs/analyses.md §1).
 *
 * Every rule of the scenario is read as a guarantee design: the rule says which coalitions
 * of guarantors can trigger assistance. For the aggressor X (an actor, or a group of actors):
 *  - passes over X: is the coalition of all actors except X winning?
 *  - passes over X and its partners: the same without the partners as well;
 *  - veto players (ent_game_veto_players), and actors that can trigger assistance alone;
 *  - minimal blocking coalitions that contain X: B with X ∈ B whose complement loses and
 *    that stops blocking when any member leaves; exact count, listing up to a limit;
 *  - X's Coleman power to prevent, η_X / |W| (Coleman 1971), and its normalized Banzhaf
 *    index, η_X / Σ_k η_k (its share of all swings), η = number of winning coalitions in
 *    which the player is critical;
 *  - a verdict in words, chosen from these numbers (docs/analyses.md lists the sentences).
 * Default aggressor: the single member of the scenario's group `aggressor` when there is
 * one; otherwise the actor that is a veto player under the most rules (ties: higher
 * capability, then file order). Default partners: the actors whose position on the first
 * issue where the aggressor takes one lies strictly within 10 points of the aggressor's.
 * Complexity: per rule O(2^n · n · |rule|) for n players (exact enumeration, src/analysis/
 * coalition.c); rules with more than ENT_I_ENUM_MAX players get the passes/veto answers
 * (polynomial), the two indices from the game engine's exact methods (ent_game_power,
 * docs/power.md), and "not computed" for the blocking-coalition listing.
 */
#include "analysis/coalition.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ent_guarantee_opts_init(ent_guarantee_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 5;
}

void ent_guarantee_init(ent_guarantee_t *g) { memset(g, 0, sizeof *g); }

void ent_guarantee_destroy(ent_guarantee_t *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->nrows; i++) {
        ent_guarantee_row_t *r = &g->rows[i];
        free(r->veto);
        free(r->alone);
        free(r->nblock);
        free(r->block_off);
        free(r->block);
    }
    free(g->rows);
    free(g->group);
    memset(g, 0, sizeof *g);
}

static const char *aname(const ent_scenario_t *s, size_t a)
{
    return s->actors[a].name ? s->actors[a].name : s->actors[a].id;
}

/* Pick the default aggressor. */
static long default_aggressor(const ent_scenario_t *s, ent_error_t *err, ent_status_t *st)
{
    size_t *cnt = calloc(s->nactors + 1, sizeof *cnt);
    unsigned char *veto = calloc(s->nactors + 1, 1);
    long best = s->nactors ? 0 : -1;
    *st = ENT_OK;
    if (!cnt || !veto) { *st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    for (size_t ri = 0; ri < s->nrules; ri++) {
        ent_i_rule_t r;
        if ((*st = ent_i_rule_open(&r, s, ri, err)) != ENT_OK) goto done;
        *st = ent_i_rule_veto_actors(&r, veto, err);
        ent_i_rule_close(&r);
        if (*st != ENT_OK) goto done;
        for (size_t a = 0; a < s->nactors; a++) cnt[a] += veto[a];
    }
    for (size_t a = 1; a < s->nactors; a++) {
        size_t b = (size_t)best;
        if (cnt[a] > cnt[b] || (cnt[a] == cnt[b] && s->actors[a].capability > s->actors[b].capability))
            best = (long)a;
    }
done:
    free(cnt);
    free(veto);
    return best;
}

static ent_status_t eval_rule(const ent_scenario_t *s, size_t ri, const ent_guarantee_t *g,
                              const unsigned char *inagg, const unsigned char *ingroup, size_t limit,
                              ent_guarantee_row_t *row, ent_error_t *err)
{
    ent_i_rule_t r;
    ent_status_t st = ent_i_rule_open(&r, s, ri, err);
    if (st != ENT_OK) return st;
    size_t na = s->nactors;
    unsigned char *flags = malloc(na + 1), *veto = calloc(na + 1, 1);
    double *sw = malloc((r.n + 1) * sizeof *sw);
    uint64_t *list = NULL;
    row->rule = ri;
    row->veto = malloc((na + 1) * sizeof *row->veto);
    row->alone = malloc((na + 1) * sizeof *row->alone);
    row->block_off = calloc(1, sizeof *row->block_off);
    row->prevent = NAN;
    row->banzhaf = NAN;
    if (!flags || !veto || !sw || !row->veto || !row->alone || !row->block_off) goto oom;
    for (size_t a = 0; a < na; a++)
        if (inagg[a] && r.player[a] >= 0) row->aggressor_player = 1;
    for (size_t a = 0; a < na; a++) flags[a] = !inagg[a];
    row->passes_over_aggressor = ent_i_rule_win_actors(&r, flags);
    for (size_t a = 0; a < na; a++) flags[a] = !ingroup[a];
    row->passes_over_group = ent_i_rule_win_actors(&r, flags);
    if ((st = ent_i_rule_veto_actors(&r, veto, err)) != ENT_OK) goto fail;
    for (size_t a = 0; a < na; a++)
        if (veto[a]) row->veto[row->nveto++] = a;
    for (size_t a = 0; a < na; a++) {
        if (r.player[a] < 0) continue;
        memset(flags, 0, na);
        flags[a] = 1;
        if (ent_i_rule_win_actors(&r, flags)) row->alone[row->nalone++] = a;
    }
    if (r.n > ENT_I_ENUM_MAX) {
        /* too many players to enumerate: the blocking coalitions are not listed, and the
         * two indices come from the game engine's exact methods (ent_game_power) */
        row->nblock = NULL;
        if (!row->aggressor_player) { row->prevent = 0; row->banzhaf = 0; goto done; }
        ent_power_opts_t po;
        ent_power_opts_init(&po);
        po.indices = (1u << ENT_IDX_BANZHAF) | (1u << ENT_IDX_PREVENT);
        po.exact_strings = 0;
        ent_power_t pw;
        ent_error_t e2 = {0};
        if (ent_game_power(r.game, &po, &pw, &e2) == ENT_OK) {
            double b = 0;
            for (size_t k = 0; k < pw.n; k++)
                if (inagg[r.actor[k]]) b += pw.value[ENT_IDX_BANZHAF][k];
            row->banzhaf = b;
            if (g->aggressor >= 0 && r.player[g->aggressor] >= 0)
                row->prevent = pw.value[ENT_IDX_PREVENT][r.player[g->aggressor]];
            ent_power_destroy(&pw);
        }
        goto done;
    }
    if (!row->aggressor_player) {
        row->nblock = malloc(2);
        if (!row->nblock) goto oom;
        strcpy(row->nblock, "0");
        row->prevent = 0;
        row->banzhaf = 0;
        goto done;
    }
    {
        uint64_t must = 0, all = r.n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << r.n) - 1), count = 0;
        size_t nl = 0;
        if (g->aggressor >= 0) must = (uint64_t)1 << r.player[g->aggressor];
        uint64_t within = all;
        if (g->aggressor < 0) {  /* a group: blocking coalitions made of its members */
            within = 0;
            for (size_t a = 0; a < na; a++)
                if (inagg[a] && r.player[a] >= 0) within |= (uint64_t)1 << r.player[a];
        }
        if ((st = ent_i_rule_min_blocking(&r, must, within, limit, &count, &list, &nl, err)) != ENT_OK) goto fail;
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)count);
        row->nblock = malloc(strlen(buf) + 1);
        if (!row->nblock) goto oom;
        strcpy(row->nblock, buf);
        size_t tot = 0;
        for (size_t c = 0; c < nl; c++)
            for (size_t k = 0; k < r.n; k++) tot += (list[c] >> k) & 1u;
        free(row->block_off);
        row->block_off = malloc((nl + 1) * sizeof *row->block_off);
        row->block = malloc((tot + 1) * sizeof *row->block);
        if (!row->block_off || !row->block) goto oom;
        size_t w = 0;
        for (size_t c = 0; c < nl; c++) {
            row->block_off[c] = w;
            for (size_t k = 0; k < r.n; k++)
                if ((list[c] >> k) & 1u) row->block[w++] = r.actor[k];
        }
        row->block_off[nl] = w;
        row->nblock_listed = nl;
        double nwin = 0;
        if ((st = ent_i_rule_swings(&r, sw, &nwin, err)) != ENT_OK) goto fail;
        double tot_sw = 0, mine = 0;
        for (size_t k = 0; k < r.n; k++) {
            tot_sw += sw[k];
            if (inagg[r.actor[k]]) mine += sw[k];
        }
        row->banzhaf = tot_sw > 0 ? mine / tot_sw : 0;
        row->prevent = g->aggressor >= 0 ? (nwin > 0 ? mine / nwin : 0) : NAN;
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
fail:
done:
    free(flags);
    free(veto);
    free(sw);
    free(list);
    ent_i_rule_close(&r);
    return st;
}

static void make_verdict(const ent_scenario_t *s, const ent_guarantee_t *g, const char *who,
                         ent_guarantee_row_t *row)
{
    char *v = row->verdict;
    size_t n = sizeof row->verdict;
    if (!row->aggressor_player) {
        int k = snprintf(v, n, "%s has no say: the design does not involve %s", who, who);
        if (row->nalone == 1 && k > 0 && (size_t)k < n)
            snprintf(v + k, n - (size_t)k, "; %s may act alone", aname(s, row->alone[0]));
        else if (row->nalone > 1 && k > 0 && (size_t)k < n)
            snprintf(v + k, n - (size_t)k, "; any of %zu guarantors may act alone", row->nalone);
        return;
    }
    if (!row->passes_over_aggressor) {
        snprintf(v, n, "%s alone can block assistance: the guarantee does not bind against %s", who, who);
        return;
    }
    if (!row->passes_over_group) {
        char partners[256] = "";
        size_t k = 0;
        for (size_t i = 0; i < g->ngroup; i++) {
            size_t a = g->group[i];
            if ((long)a == g->aggressor) continue;
            int w = snprintf(partners + k, sizeof partners - k, "%s%s", k ? ", " : "", aname(s, a));
            if (w < 0 || (size_t)w >= sizeof partners - k) break;
            k += (size_t)w;
        }
        ent_buf_t b = ENT_BUF_INIT;
        ent_buf_printf(&b, "%s cannot block alone, but %s with %s can: the guarantee binds only while %s's partners do not object",
                       who, who, partners, who);
        snprintf(v, n, "%s", b.data ? b.data : "");
        ent_buf_free(&b);
        return;
    }
    size_t others = 0;
    for (size_t i = 0; i < row->nalone; i++)
        if ((long)row->alone[i] != g->aggressor) others++;
    if (others > 1)
        snprintf(v, n, "%s cannot block: any guarantor may act alone", who);
    else if (others == 1)
        snprintf(v, n, "%s cannot block: %s may act alone", who,
                 aname(s, row->alone[(long)row->alone[0] == g->aggressor ? 1 : 0]));
    else
        snprintf(v, n, "%s cannot block: the others can act without %s", who, who);
}

ent_status_t ent_guarantee_analyze(const ent_scenario_t *s, const ent_guarantee_opts_t *opts,
                                   ent_guarantee_t *out, ent_error_t *err)
{
    ent_guarantee_opts_t dflt;
    if (!opts) { ent_guarantee_opts_init(&dflt); opts = &dflt; }
    ent_guarantee_init(out);
    ent_status_t st = ENT_OK;
    size_t na = s->nactors;
    unsigned char *inagg = calloc(na + 1, 1), *ingroup = calloc(na + 1, 1);
    out->group = malloc((na + 1) * sizeof *out->group);
    out->rows = calloc(s->nrules + 1, sizeof *out->rows);
    if (!inagg || !ingroup || !out->group || !out->rows) goto oom;
    out->aggressor = -1;
    out->aggressor_group = -1;
    if (na == 0) { st = ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "the scenario has no actors"); goto fail; }
    if (opts->against) {
        long a = ent_scenario_find_actor(s, opts->against);
        long gi = a < 0 ? ent_scenario_find_group(s, opts->against) : -1;
        if (a < 0 && gi < 0) {
            st = ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "--against '%s' is neither an actor nor a group", opts->against);
            goto fail;
        }
        if (a >= 0) {
            out->aggressor = a;
            inagg[a] = 1;
        } else {
            out->aggressor_group = gi;
            for (size_t k = 0; k < s->groups[gi].n; k++) inagg[s->groups[gi].members[k]] = 1;
        }
    } else if (ent_scenario_find_group(s, "aggressor") >= 0 &&
               s->groups[ent_scenario_find_group(s, "aggressor")].n == 1) {
        out->aggressor = (long)s->groups[ent_scenario_find_group(s, "aggressor")].members[0];
        inagg[out->aggressor] = 1;
    } else {
        out->aggressor = default_aggressor(s, err, &st);
        if (st != ENT_OK) goto fail;
        inagg[out->aggressor] = 1;
    }
    memcpy(ingroup, inagg, na);
    if (opts->partners) {
        long gi = ent_scenario_find_group(s, opts->partners);
        if (gi < 0) { st = ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "--partners '%s' is not a group", opts->partners); goto fail; }
        for (size_t k = 0; k < s->groups[gi].n; k++) ingroup[s->groups[gi].members[k]] = 1;
    } else if (out->aggressor >= 0) {
        size_t x = (size_t)out->aggressor;
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_position_t *px = ent_scenario_pos(s, x, i);
            if (!px->present) continue;
            for (size_t a = 0; a < na; a++) {
                const ent_position_t *pa = ent_scenario_pos(s, a, i);
                if (a == x || !pa->present) continue;
                double d = 0;
                for (size_t k = 0; k < s->issues[i].ndim; k++) d += (pa->x[k] - px->x[k]) * (pa->x[k] - px->x[k]);
                if (sqrt(d) < 10) ingroup[a] = 1;
            }
            break;
        }
    }
    for (size_t a = 0; a < na; a++)
        if (ingroup[a]) out->group[out->ngroup++] = a;
    char who[200];
    if (out->aggressor >= 0) snprintf(who, sizeof who, "%s", aname(s, (size_t)out->aggressor));
    else snprintf(who, sizeof who, "%s", s->groups[out->aggressor_group].id);
    for (size_t ri = 0; ri < s->nrules; ri++) {
        out->nrows++;
        if ((st = eval_rule(s, ri, out, inagg, ingroup, opts->limit, &out->rows[ri], err)) != ENT_OK) goto fail;
        make_verdict(s, out, who, &out->rows[ri]);
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    ent_guarantee_destroy(out);
done:
    free(inagg);
    free(ingroup);
    return st;
}

/* ---------------------------------------------------------------- report */

static const char *yes_no(int v) { return v ? "yes" : "no"; }

void ent_guarantee_report(const ent_scenario_t *s, const ent_guarantee_t *g, int json, ent_buf_t *out)
{
    if (json) {
        ent_json_t j;
        ent_json_init(&j, out);
        j.prec = 6;
        ent_json_obj_begin(&j);
        ent_json_key(&j, "aggressor");
        ent_json_str(&j, g->aggressor >= 0 ? s->actors[g->aggressor].id : NULL);
        ent_json_key(&j, "with_partners");
        ent_json_arr_begin(&j);
        for (size_t i = 0; i < g->ngroup; i++) ent_json_str(&j, s->actors[g->group[i]].id);
        ent_json_arr_end(&j);
        ent_json_key(&j, "designs");
        ent_json_arr_begin(&j);
        for (size_t i = 0; i < g->nrows; i++) {
            const ent_guarantee_row_t *r = &g->rows[i];
            ent_json_obj_begin(&j);
            ent_json_key(&j, "rule"); ent_json_str(&j, s->rules[r->rule].id);
            ent_json_key(&j, "expr"); ent_json_str(&j, s->rules[r->rule].expr);
            ent_json_key(&j, "aggressor_takes_part"); ent_json_bool(&j, r->aggressor_player);
            ent_json_key(&j, "passes_over_aggressor"); ent_json_bool(&j, r->passes_over_aggressor);
            ent_json_key(&j, "passes_over_aggressor_and_partners"); ent_json_bool(&j, r->passes_over_group);
            ent_json_key(&j, "veto_players");
            ent_json_arr_begin(&j);
            for (size_t k = 0; k < r->nveto; k++) ent_json_str(&j, s->actors[r->veto[k]].id);
            ent_json_arr_end(&j);
            ent_json_key(&j, "act_alone");
            ent_json_arr_begin(&j);
            for (size_t k = 0; k < r->nalone; k++) ent_json_str(&j, s->actors[r->alone[k]].id);
            ent_json_arr_end(&j);
            ent_json_key(&j, "minimal_blocking_with_aggressor"); ent_json_str(&j, r->nblock);
            ent_json_key(&j, "blocking_listed");
            ent_json_arr_begin(&j);
            for (size_t c = 0; c < r->nblock_listed; c++) {
                ent_json_arr_begin(&j);
                for (size_t k = r->block_off[c]; k < r->block_off[c + 1]; k++) ent_json_str(&j, s->actors[r->block[k]].id);
                ent_json_arr_end(&j);
            }
            ent_json_arr_end(&j);
            ent_json_key(&j, "power_to_prevent"); ent_json_num(&j, r->prevent);
            ent_json_key(&j, "banzhaf_share"); ent_json_num(&j, r->banzhaf);
            ent_json_key(&j, "verdict"); ent_json_str(&j, r->verdict);
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
        ent_buf_puts(out, "\n");
        return;
    }
    const char *who = g->aggressor >= 0 ? aname(s, (size_t)g->aggressor)
                      : g->aggressor_group >= 0 ? s->groups[g->aggressor_group].id : "the group";
    ent_buf_printf(out, "Guarantee designs against %s", who);
    if (g->ngroup > 1 || g->aggressor < 0) {
        ent_buf_puts(out, " (with partners:");
        size_t k = 0;
        for (size_t i = 0; i < g->ngroup; i++) {
            if ((long)g->group[i] == g->aggressor) continue;
            ent_buf_printf(out, "%s %s", k++ ? "," : "", aname(s, g->group[i]));
        }
        ent_buf_puts(out, ")");
    }
    ent_buf_puts(out, "\n\n");
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
        ent_table_set(t, 4, r->nblock ? r->nblock : "-");
        ent_table_num(t, 5, r->prevent, 4);
        ent_table_num(t, 6, r->banzhaf, 4);
    }
    ent_table_render_text(t, out);
    ent_table_free(t);
    ent_buf_puts(out, "\n");
    for (size_t i = 0; i < g->nrows; i++) {
        const ent_guarantee_row_t *r = &g->rows[i];
        const ent_ruledef_t *rd = &s->rules[r->rule];
        ent_buf_printf(out, "%s: %s\n", rd->id, rd->name ? rd->name : rd->expr);
        ent_buf_printf(out, "  => %s.\n", r->verdict);
        ent_buf_printf(out, "  rule \"%s\"; assistance over %s's objection: %s; over its partners' too: %s\n",
                       rd->expr, who, yes_no(r->passes_over_aggressor), yes_no(r->passes_over_group));
        ent_buf_puts(out, "  veto players:");
        if (!r->nveto) ent_buf_puts(out, " none");
        for (size_t k = 0; k < r->nveto; k++) ent_buf_printf(out, "%s %s", k ? "," : "", s->actors[r->veto[k]].id);
        ent_buf_puts(out, "\n");
        if (r->nalone) {
            ent_buf_puts(out, "  may act alone:");
            for (size_t k = 0; k < r->nalone; k++) ent_buf_printf(out, "%s %s", k ? "," : "", s->actors[r->alone[k]].id);
            ent_buf_puts(out, "\n");
        }
        if (r->nblock) {
            ent_buf_printf(out, g->aggressor >= 0 ? "  minimal blocking coalitions including %s: %s"
                                                  : "  minimal blocking coalitions made of members of %s: %s",
                           who, r->nblock);
            for (size_t c = 0; c < r->nblock_listed; c++) {
                ent_buf_puts(out, c ? "; {" : " - {");
                for (size_t k = r->block_off[c]; k < r->block_off[c + 1]; k++)
                    ent_buf_printf(out, "%s%s", k > r->block_off[c] ? ", " : "", s->actors[r->block[k]].id);
                ent_buf_puts(out, "}");
            }
            if (strcmp(r->nblock, "0") != 0 && (size_t)strtoull(r->nblock, NULL, 10) > r->nblock_listed)
                ent_buf_puts(out, "; ...");
            ent_buf_puts(out, "\n");
        } else {
            ent_buf_printf(out, "  minimal blocking coalitions including %s: not listed (more than %d players)\n",
                           who, ENT_I_ENUM_MAX);
        }
        if (!isnan(r->prevent))
            ent_buf_printf(out, "  %s's power to prevent (Coleman) %.4f; share of swings (normalized Banzhaf) %.4f\n",
                           who, r->prevent, r->banzhaf);
    }
}
