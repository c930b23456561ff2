/* SPDX-License-Identifier: MIT */
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
 *  - a verdict (ent_guarantee_verdict_t) chosen from these numbers; the renderer
 *    (src/report/report_guarantee.c) words it (docs/analyses.md lists the sentences).
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
        free(r->block_off);
        free(r->block);
    }
    free(g->rows);
    free(g->group);
    memset(g, 0, sizeof *g);
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

/* More players than can be enumerated: the blocking coalitions are not listed, and the two
 * indices come from the game engine's exact methods (ent_game_power). */
static void eval_large(ent_i_rule_t *r, const ent_guarantee_t *g, const unsigned char *inagg,
                       ent_guarantee_row_t *row)
{
    if (!row->aggressor_player) { row->prevent = 0; row->banzhaf = 0; return; }
    ent_power_opts_t po;
    ent_power_opts_init(&po);
    po.indices = (1u << ENT_IDX_BANZHAF) | (1u << ENT_IDX_PREVENT);
    po.exact_strings = 0;
    ent_power_t pw;
    ent_error_t e2 = {0};
    if (ent_game_power(r->game, &po, &pw, &e2) != ENT_OK) return;  /* both stay NaN: not computed */
    double b = 0;
    for (size_t k = 0; k < pw.n; k++)
        if (inagg[r->actor[k]]) b += pw.value[ENT_IDX_BANZHAF][k];
    row->banzhaf = b;
    if (g->aggressor >= 0 && r->player[g->aggressor] >= 0)
        row->prevent = pw.value[ENT_IDX_PREVENT][r->player[g->aggressor]];
    ent_power_destroy(&pw);
}

/* Enumerable: the minimal blocking coalitions with the aggressor (counted, listed up to
 * limit), its swings, power to prevent and share of swings. */
static ent_status_t eval_enumerated(ent_i_rule_t *r, const ent_scenario_t *s, const ent_guarantee_t *g,
                                    const unsigned char *inagg, size_t limit, ent_guarantee_row_t *row,
                                    ent_error_t *err)
{
    uint64_t must = 0, within = r->n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << r->n) - 1), count = 0, *list = NULL;
    size_t nl = 0;
    double *sw = malloc((r->n + 1) * sizeof *sw), nwin = 0;
    ent_status_t st = ENT_OK;
    if (!sw) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    if (g->aggressor >= 0) must = (uint64_t)1 << r->player[g->aggressor];
    if (g->aggressor < 0) {  /* a group: blocking coalitions made of its members */
        within = 0;
        for (size_t a = 0; a < s->nactors; a++)
            if (inagg[a] && r->player[a] >= 0) within |= (uint64_t)1 << r->player[a];
    }
    if ((st = ent_i_rule_min_blocking(r, must, within, limit, &count, &list, &nl, err)) != ENT_OK) goto done;
    row->nblock = count;
    size_t tot = 0, w = 0;
    for (size_t c = 0; c < nl; c++)
        for (size_t k = 0; k < r->n; k++) tot += (list[c] >> k) & 1u;
    free(row->block_off);
    row->block_off = malloc((nl + 1) * sizeof *row->block_off);
    row->block = malloc((tot + 1) * sizeof *row->block);
    if (!row->block_off || !row->block) { st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    for (size_t c = 0; c < nl; c++) {
        row->block_off[c] = w;
        for (size_t k = 0; k < r->n; k++)
            if ((list[c] >> k) & 1u) row->block[w++] = r->actor[k];
    }
    row->block_off[nl] = w;
    row->nblock_listed = nl;
    if ((st = ent_i_rule_swings(r, sw, &nwin, err)) != ENT_OK) goto done;
    double tot_sw = 0, mine = 0;
    for (size_t k = 0; k < r->n; k++) {
        tot_sw += sw[k];
        if (inagg[r->actor[k]]) mine += sw[k];
    }
    row->banzhaf = tot_sw > 0 ? mine / tot_sw : 0;
    row->prevent = g->aggressor >= 0 ? (nwin > 0 ? mine / nwin : 0) : NAN;
done:
    free(sw);
    free(list);
    return st;
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
    row->rule = ri;
    row->kind = s->rules[ri].kind;
    row->veto = malloc((na + 1) * sizeof *row->veto);
    row->alone = malloc((na + 1) * sizeof *row->alone);
    row->block_off = calloc(1, sizeof *row->block_off);
    row->prevent = NAN;
    row->banzhaf = NAN;
    if (!flags || !veto || !row->veto || !row->alone || !row->block_off) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t a = 0; a < na; a++)
        if (inagg[a] && r.player[a] >= 0) row->aggressor_player = 1;
    for (size_t a = 0; a < na; a++) flags[a] = !inagg[a];
    row->passes_over_aggressor = ent_i_rule_win_actors(&r, flags);
    for (size_t a = 0; a < na; a++) flags[a] = !ingroup[a];
    row->passes_over_group = ent_i_rule_win_actors(&r, flags);
    if ((st = ent_i_rule_veto_actors(&r, veto, err)) != ENT_OK) goto done;
    for (size_t a = 0; a < na; a++)
        if (veto[a]) row->veto[row->nveto++] = a;
    for (size_t a = 0; a < na; a++) {
        if (r.player[a] < 0) continue;
        memset(flags, 0, na);
        flags[a] = 1;
        if (ent_i_rule_win_actors(&r, flags)) row->alone[row->nalone++] = a;
    }
    if (r.n > ENT_I_ENUM_MAX) {
        eval_large(&r, g, inagg, row);
    } else if (!row->aggressor_player) {
        row->blocking_counted = 1;
        row->prevent = 0;
        row->banzhaf = 0;
    } else {
        row->blocking_counted = 1;
        st = eval_enumerated(&r, s, g, inagg, limit, row, err);
    }
done:
    free(flags);
    free(veto);
    ent_i_rule_close(&r);
    return st;
}

/* The verdict kind, from the row's numbers (worded by ent_report_guarantee). */
static ent_guarantee_verdict_t verdict_of(const ent_guarantee_row_t *row)
{
    if (!row->aggressor_player) return ENT_GUARANTEE_NO_SAY;
    if (!row->passes_over_aggressor) return ENT_GUARANTEE_BLOCKS_ALONE;
    if (!row->passes_over_group) return ENT_GUARANTEE_BLOCKS_WITH_PARTNERS;
    return ENT_GUARANTEE_CANNOT_BLOCK;
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
    if (s->nrules == 0) goto done;  /* no design to analyse: an empty result */
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
    for (size_t ri = 0; ri < s->nrules; ri++) {
        if (ent_progress_tick(&opts->progress, "guarantee", (double)ri, (double)s->nrules)) {
            st = ent_i_interrupted(err, "guarantee");
            goto fail;
        }
        out->nrows++;
        if ((st = eval_rule(s, ri, out, inagg, ingroup, opts->limit, &out->rows[ri], err)) != ENT_OK) goto fail;
        out->rows[ri].verdict = verdict_of(&out->rows[ri]);
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
