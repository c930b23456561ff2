/* SPDX-License-Identifier: MIT */
/* proposals.c — proposals under their decision rule: utilities, votes, whether the
 * proposal passes, who kills it, and the flags *dead on arrival*, *a better offer existed*
 * and *no agreement possible* (entente/analysis.h, docs/analyses.md §2).
 *
 * For proposal x decided by rule R (the proposal's, else the scenario's first rule):
 *  - U_a(x) and U_a(q) by ent_utility over the issues the proposal names (the other issues
 *    stay at the status quo and cancel out); a accepts when U_a(x) > U_a(q) + 1e-9,
 *    rejects when U_a(x) < U_a(q) − 1e-9, is indifferent otherwise or without a stake;
 *    an actor without a position on an issue the proposal changes has *no position* and
 *    abstains (ENT_NO_POSITION_INDIFFERENT: the issue is left out of its utility instead);
 *  - three-valued ballots (entente/game.h): accept = for, reject = against, indifferent or
 *    no position = abstain; it passes when ent_game_passes says so;
 *  - if it fails: R's veto players that do not vote for and whose own ballot kills it with
 *    everybody else for, and the killing sets: minimal sets of non-supporters whose ballots
 *    as cast kill it with everybody else for (exhaustive over subsets of the non-supporters,
 *    at most ENT_I_ENUM_MAX of them); under a rule without "none against" these are the
 *    minimal blocking coalitions of the non-acceptors;
 *  - dead on arrival: some veto player rejects it;
 *  - a better offer existed: dead on arrival while the win-set of the status quo under R,
 *    over the proposal's own issues only (the others held at the status quo), holds a point
 *    that the proposer also strictly prefers to the status quo; the witness, the proposer's
 *    utility gain there (forgone by the dead offer) and the distance from the proposal to the
 *    win-set (exact intervals for one 1-D issue, else the distance to the witness) are kept;
 *  - no agreement possible: the win-set under R is empty.
 *  - a design (`design:`, issue 11 item 2): every actor's U(proposal) becomes
 *    (1 − π)·U(x) + π·U(x with the design's issues at the status quo), π the aggressor's
 *    Coleman power to prevent under the design's rule: the expected utility when the
 *    aggressor blocks the enforcement with that probability (docs/analyses.md §2, "Designs").
 * Rendering: src/report/report_proposals.c.
 * Complexity: O(P·A·I) utilities; per failing proposal O(2^k·|R|) for k non-supporters; the
 * win-set as in winset.c, once more per dead proposal (twice for a single 1-D issue).
 * Deviation: proposals naming an issue without a status quo are not evaluated (sq_missing),
 * since "better than the status quo" is undefined there.
 */
#include "analysis/coalition.h"
#include "analysis/winset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ent_proposals_init(ent_proposals_t *r) { memset(r, 0, sizeof *r); }

static void eval_free(ent_proposal_eval_t *e)
{
    free(e->u_prop);
    free(e->u_sq);
    free(e->vote);
    free(e->veto_against);
    free(e->kill_off);
    free(e->kill);
    free(e->proposer_witness);
}

void ent_proposals_destroy(ent_proposals_t *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nproposals; i++) eval_free(&r->eval[i]);
    free(r->eval);
    for (size_t i = 0; i < r->nwinsets; i++) ent_winset_destroy(&r->winset[i]);
    free(r->winset);
    memset(r, 0, sizeof *r);
}

/* ballot := every player for, except the players of `sub` (bits over obj[]), who vote as cast. */
static int fails_with(ent_i_rule_t *r, const unsigned char *cast, const size_t *obj, uint64_t sub,
                      unsigned char *ballot)
{
    memset(ballot, ENT_BALLOT_FOR, r->n);
    for (size_t j = 0; sub; j++, sub >>= 1)
        if (sub & 1u) ballot[obj[j]] = cast[obj[j]];
    return !ent_game_passes(r->game, ballot);
}

static int popcount64(uint64_t x)
{
    int c = 0;
    while (x) { x &= x - 1; c++; }
    return c;
}

/* By size, then lexicographically by player flags (player 0 first), as coalition.c lists. */
static int mask_cmp(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    int ca = popcount64(a), cb = popcount64(b);
    if (ca != cb) return ca < cb ? -1 : 1;
    for (int k = 0; k < 64; k++) {
        int x = (int)((a >> k) & 1u), y = (int)((b >> k) & 1u);
        if (x != y) return x ? -1 : 1;
    }
    return 0;
}

/* The killing sets: minimal sets K of players who do not vote for such that the ballots of
 * K as cast defeat the proposal when every other player votes for; listed up to limit.
 * Exhaustive over the 2^m subsets of the m non-supporters (m <= ENT_I_ENUM_MAX; beyond,
 * kill_complete = 0 and nothing is listed). With a rule that does not count abstentions
 * apart these are the minimal blocking coalitions of the non-acceptors. */
static ent_status_t list_killers(ent_i_rule_t *r, const unsigned char *cast, size_t limit, ent_proposal_eval_t *e,
                                 ent_error_t *err)
{
    size_t m = 0, nl = 0, cap = 0, tot = 0, w = 0;
    uint64_t count = 0;
    if (r->n > 64) { e->kill_complete = 0; return ENT_OK; }
    size_t obj[64];
    for (size_t k = 0; k < r->n; k++)
        if (cast[k] != ENT_BALLOT_FOR) obj[m++] = k;
    if (m > ENT_I_ENUM_MAX) { e->kill_complete = 0; return ENT_OK; }
    uint64_t full = (uint64_t)1 << m, *list = NULL;
    unsigned char *fails = malloc(full), *ballot = malloc(r->n + 1);
    if (!fails || !ballot) goto oom;
    for (uint64_t sub = 0; sub < full; sub++) fails[sub] = (unsigned char)fails_with(r, cast, obj, sub, ballot);
    for (uint64_t sub = 0; sub < full; sub++) {
        if (!fails[sub]) continue;
        int minimal = 1;
        for (size_t j = 0; j < m && minimal; j++)
            if (((sub >> j) & 1u) && fails[sub & ~((uint64_t)1 << j)]) minimal = 0;
        if (!minimal) continue;
        count++;
        if (nl == cap) {
            size_t nc = cap ? 2 * cap : 16;
            uint64_t *nlst = realloc(list, nc * sizeof *nlst);
            if (!nlst) goto oom;
            list = nlst;
            cap = nc;
        }
        uint64_t pm = 0;
        for (size_t j = 0; j < m; j++)
            if ((sub >> j) & 1u) pm |= (uint64_t)1 << obj[j];
        list[nl++] = pm;
    }
    qsort(list, nl, sizeof *list, mask_cmp);
    if (nl > limit) nl = limit;
    e->kill_complete = count <= nl;
    for (size_t c = 0; c < nl; c++) tot += (size_t)popcount64(list[c]);
    e->kill = malloc((tot + 1) * sizeof *e->kill);
    free(e->kill_off);
    e->kill_off = malloc((nl + 1) * sizeof *e->kill_off);
    if (!e->kill || !e->kill_off) goto oom;
    for (size_t c = 0; c < nl; c++) {
        e->kill_off[c] = w;
        for (size_t k = 0; k < r->n; k++)
            if ((list[c] >> k) & 1u) e->kill[w++] = r->actor[k];
    }
    e->kill_off[nl] = w;
    e->nkill = nl;
    free(list);
    free(fails);
    free(ballot);
    return ENT_OK;
oom:
    free(list);
    free(fails);
    free(ballot);
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Issue i is one the proposal changes: its point differs from the status quo. */
static int changes_issue(const ent_scenario_t *s, const ent_proposal_t *p, size_t k)
{
    const ent_issue_t *is = &s->issues[p->issue[k]];
    if (!is->status_quo) return 1;
    for (size_t d = 0; d < is->ndim; d++)
        if (p->point[k][d] != is->status_quo[d]) return 1;
    return 0;
}

/* The first issue the proposal changes on which more than half of the rule's players have no
 * position (thin_*). */
static void find_thin_issue(const ent_scenario_t *s, const ent_proposal_t *p, const ent_i_rule_t *r,
                            ent_proposal_eval_t *e)
{
    for (size_t k = 0; k < p->npoints && e->thin_issue < 0; k++) {
        if (!changes_issue(s, p, k)) continue;
        size_t miss = 0;
        for (size_t j = 0; j < r->n; j++) miss += !ent_scenario_pos(s, r->actor[j], p->issue[k])->present;
        if (2 * miss > r->n) {
            e->thin_issue = (long)p->issue[k];
            e->thin_missing = miss;
            e->thin_deciders = r->n;
        }
    }
}

/* Issue 11, item 2: π, the power of the design's aggressor to prevent under the design's
 * rule (Coleman 1971: the share of the winning coalitions in which it is critical; the game
 * engine's exact methods, as `entente guarantee` reports it), and xd := xp with the design's
 * issues at the status quo (the outcome when the aggressor blocks the enforcement). */
static ent_status_t design_discount(const ent_scenario_t *s, const ent_proposal_t *p, ent_i_ws_ctx_t *ctx,
                                    const double **xp, const double **xq, const double **xd, double *pi,
                                    ent_error_t *err)
{
    const ent_design_t *d = &p->design;
    for (size_t i = 0; i < s->nissues; i++) xd[i] = xp[i];
    for (size_t k = 0; k < p->npoints; k++) {
        int in = !d->nissues;
        for (size_t j = 0; j < d->nissues; j++) in |= d->issues[j] == p->issue[k];
        if (in) xd[p->issue[k]] = xq[p->issue[k]];
    }
    ent_i_rule_t r;
    memset(&r, 0, sizeof r);
    ent_status_t st = ent_i_ws_rule_open(ctx, &r, s, d->rule, err);
    if (st != ENT_OK) return st;
    *pi = 0;
    /* the context keeps π across the runs that share it (winset.h): the draws of a simulation */
    if (r.player[d->against] >= 0 && !ent_i_ws_ctx_prevent_get(ctx, s, d->rule, r.actor, r.n, d->against, pi)) {
        ent_power_opts_t po;
        ent_power_opts_init(&po);
        po.indices = 1u << ENT_IDX_PREVENT;
        po.exact_strings = 0;
        ent_power_t pw;
        if ((st = ent_game_power(r.game, &po, &pw, err)) == ENT_OK) {
            *pi = pw.value[ENT_IDX_PREVENT][r.player[d->against]];
            ent_power_destroy(&pw);
            ent_i_ws_ctx_prevent_put(ctx, s, d->rule, r.actor, r.n, d->against, *pi);
        }
    }
    ent_i_ws_rule_close(ctx, &r);
    return st;
}

/* Votes: accept / reject / indifferent by utility over the proposal's issues, or no position
 * (see ent_no_position_t). With a design (xd non-NULL), U(proposal) is discounted by π. */
static void cast_votes(const ent_scenario_t *s, const ent_proposal_t *p, const ent_proposals_opts_t *opts,
                       const double **xp, const double **xq, const double **xd, double pi, ent_proposal_eval_t *e)
{
    for (size_t a = 0; a < s->nactors; a++) {
        double up = ent_utility(s, a, xp), uq = ent_utility(s, a, xq);
        if (xd) up = (1 - pi) * up + pi * ent_utility(s, a, xd);
        int lacks = 0;
        for (size_t k = 0; k < p->npoints && !lacks; k++)
            lacks = changes_issue(s, p, k) && !ent_scenario_pos(s, a, p->issue[k])->present;
        e->u_prop[a] = up;
        e->u_sq[a] = uq;
        if (lacks && opts->no_position == ENT_NO_POSITION_ABSTAIN && !e->sq_missing) e->vote[a] = ENT_VOTE_NO_POSITION;
        else if (isnan(up) || isnan(uq) || e->sq_missing) e->vote[a] = ENT_VOTE_INDIFFERENT;
        else if (up > uq + 1e-9) e->vote[a] = ENT_VOTE_ACCEPT;
        else if (up < uq - 1e-9) e->vote[a] = ENT_VOTE_REJECT;
        else e->vote[a] = ENT_VOTE_INDIFFERENT;
        e->nno_position += e->vote[a] == ENT_VOTE_NO_POSITION;
    }
}

/* Distance from the proposal's point to a set of points on its coordinates (Euclidean). */
static double dist_to(const ent_scenario_t *s, const ent_proposal_t *p, const double *x)
{
    double d2 = 0;
    for (size_t k = 0; k < p->npoints; k++) {
        size_t i = p->issue[k], c = 0;
        for (size_t j = 0; j < i; j++) c += s->issues[j].ndim;
        for (size_t d = 0; d < s->issues[i].ndim; d++) d2 += (p->point[k][d] - x[c + d]) * (p->point[k][d] - x[c + d]);
    }
    return sqrt(d2);
}

/* Item 8 of issue 11: with the issues the proposal does not name held at the status quo (a
 * view of s in which they have none, so the win-set leaves them out), is there a point of the
 * win-set that the proposer also strictly prefers? Its forgone utility, and the distance from
 * the proposal to the win-set (exact on a single 1-D issue, else to the witness). */
static ent_status_t better_offer(const ent_scenario_t *s, const ent_proposal_t *p, const ent_proposals_opts_t *opts,
                                 ent_i_ws_ctx_t *ctx, const double **xq, ent_proposal_eval_t *e, ent_error_t *err)
{
    ent_scenario_t view = *s;
    ent_issue_t *iss = malloc((s->nissues + 1) * sizeof *iss);
    const double **xw = calloc(s->nissues + 1, sizeof *xw);
    if (!iss || !xw) { free(iss); free(xw); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    memcpy(iss, s->issues, s->nissues * sizeof *iss);
    for (size_t i = 0; i < s->nissues; i++) {
        int named = 0;
        for (size_t k = 0; k < p->npoints; k++) named |= p->issue[k] == i;
        if (!named) iss[i].status_quo = NULL;
    }
    view.issues = iss;
    ent_winset_t w;
    ent_status_t st = ent_i_winset_run(&view, (size_t)e->rule, p->proposer, opts, ctx, &w, err);
    if (st != ENT_OK) goto done;
    if (w.joint == ENT_WINSET_NONEMPTY && w.witness) {
        e->better_offer_existed = 1;
        e->proposer_witness = w.witness;
        w.witness = NULL;
        for (size_t i = 0, c = 0; i < s->nissues; c += s->issues[i].ndim, i++)
            xw[i] = iss[i].status_quo ? e->proposer_witness + c : NULL;
        e->forgone = ent_utility(s, (size_t)p->proposer, xw) - ent_utility(s, (size_t)p->proposer, xq);
        e->distance = dist_to(s, p, e->proposer_witness);
    }
    ent_winset_destroy(&w);
    /* the distance is a figure, not a verdict: a verdicts-only pass (winset.h) skips it */
    if (p->npoints == 1 && s->issues[p->issue[0]].ndim == 1 && !(opts && opts->verdicts_only)) {
        size_t i = p->issue[0];
        if ((st = ent_i_winset_run(&view, (size_t)e->rule, -1, opts, ctx, &w, err)) != ENT_OK) goto done;
        double x = p->point[0][0], best = NAN;
        for (size_t k = 0; k < w.nint[i]; k++) {
            const ent_interval_t *v = &w.ints[i][k];
            double d = x < v->lo ? v->lo - x : x > v->hi ? x - v->hi : 0;
            if (isnan(best) || d < best) best = d;
        }
        e->distance = best;
        e->distance_exact = 1;
        ent_winset_destroy(&w);
    }
done:
    free(iss);
    free(xw);
    return st;
}

static ent_status_t eval_one(const ent_scenario_t *s, size_t pi, const ent_proposals_opts_t *opts,
                             ent_i_ws_ctx_t *ctx, ent_proposal_eval_t *e, ent_error_t *err)
{
    const ent_proposal_t *p = &s->proposals[pi];
    size_t na = s->nactors, ni = s->nissues;
    ent_status_t st = ENT_OK;
    e->proposal = pi;
    e->nactors = na;
    e->rule = p->rule >= 0 ? p->rule : (s->nrules ? 0 : -1);
    e->forgone = e->distance = NAN;
    e->thin_issue = -1;
    e->u_prop = malloc((na + 1) * sizeof *e->u_prop);
    e->u_sq = malloc((na + 1) * sizeof *e->u_sq);
    e->vote = calloc(na + 1, 1);
    e->veto_against = malloc((na + 1) * sizeof *e->veto_against);
    const double **xp = calloc(ni + 1, sizeof *xp), **xq = calloc(ni + 1, sizeof *xq);
    unsigned char *veto = calloc(na + 1, 1), *cast = NULL, *ballot = NULL;
    ent_i_rule_t r;
    memset(&r, 0, sizeof r);
    if (!e->u_prop || !e->u_sq || !e->vote || !e->veto_against || !xp || !xq || !veto) goto oom;
    for (size_t k = 0; k < p->npoints; k++) {
        size_t i = p->issue[k];
        if (!s->issues[i].status_quo) { e->sq_missing = 1; continue; }
        xp[i] = p->point[k];
        xq[i] = s->issues[i].status_quo;
    }
    e->design_prevent = NAN;
    if (p->design.set && !e->sq_missing) {
        double prevent = 0;
        const double **xd = calloc(ni + 1, sizeof *xd);
        if (!xd) goto oom;
        st = design_discount(s, p, ctx, xp, xq, xd, &prevent, err);
        if (st == ENT_OK) cast_votes(s, p, opts, xp, xq, xd, prevent, e);
        free(xd);
        if (st != ENT_OK) goto fail;
        e->design_prevent = prevent;
    } else {
        cast_votes(s, p, opts, xp, xq, NULL, 0, e);
    }
    e->kill_off = calloc(1, sizeof *e->kill_off);
    if (!e->kill_off) goto oom;
    e->kill_complete = 1;
    if (e->rule < 0 || e->sq_missing) goto done;
    if ((st = ent_i_ws_rule_open(ctx, &r, s, (size_t)e->rule, err)) != ENT_OK) goto fail;
    if ((st = ent_i_rule_veto_actors(&r, veto, err)) != ENT_OK) goto fail;
    find_thin_issue(s, p, &r, e);
    cast = malloc(r.n + 1);
    ballot = malloc(r.n + 1);
    if (!cast || !ballot) goto oom;
    for (size_t k = 0; k < r.n; k++) {
        int v = e->vote[r.actor[k]];
        cast[k] = v == ENT_VOTE_ACCEPT ? ENT_BALLOT_FOR : v == ENT_VOTE_REJECT ? ENT_BALLOT_AGAINST : ENT_BALLOT_ABSTAIN;
    }
    e->passes = ent_game_passes(r.game, cast);
    e->counts_abstentions = ent_game_counts_abstentions(r.game);
    for (size_t k = 0; k < r.n; k++) {
        size_t a = r.actor[k];
        if (!veto[a] || cast[k] == ENT_BALLOT_FOR) continue;
        memset(ballot, ENT_BALLOT_FOR, r.n);
        ballot[k] = cast[k];
        if (ent_game_passes(r.game, ballot)) continue;   /* its abstention does not kill */
        e->veto_against[e->nveto_against++] = a;
        if (e->vote[a] == ENT_VOTE_REJECT) e->dead_on_arrival = 1;
    }
    if (!e->passes && (st = list_killers(&r, cast, opts->limit_kill, e, err)) != ENT_OK) goto fail;
    if (e->dead_on_arrival && p->proposer >= 0 && (st = better_offer(s, p, opts, ctx, xq, e, err)) != ENT_OK) goto fail;
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
fail:
done:
    ent_i_ws_rule_close(ctx, &r);
    free(xp);
    free(xq);
    free(veto);
    free(cast);
    free(ballot);
    return st;
}

ent_status_t ent_proposals_analyze(const ent_scenario_t *s, const ent_proposals_opts_t *opts,
                                   ent_proposals_t *out, ent_error_t *err)
{
    return ent_i_proposals_run(s, opts, NULL, out, err);
}

/* ctx NULL: a context (the LP memo, winset.h) for this call alone. */
ent_status_t ent_i_proposals_run(const ent_scenario_t *s, const ent_proposals_opts_t *opts, ent_i_ws_ctx_t *ctx,
                                 ent_proposals_t *out, ent_error_t *err)
{
    ent_proposals_opts_t dflt;
    if (!opts) { ent_proposals_opts_init(&dflt); opts = &dflt; }
    ent_proposals_init(out);
    ent_i_ws_ctx_t *own = ctx ? NULL : ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES);
    if (!ctx) ctx = own;  /* NULL when out of memory: then no memo */
    ent_status_t st = ENT_OK;
    out->eval = calloc(s->nproposals + 1, sizeof *out->eval);
    out->winset = calloc(s->nproposals + 1, sizeof *out->winset);
    if (!out->eval || !out->winset) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    size_t total = s->nproposals + 1;  /* the proposals, then the win-sets */
    for (size_t i = 0; i < s->nproposals; i++) {
        if (ent_progress_tick(&opts->progress, "proposals", (double)i, (double)total)) {
            st = ent_i_interrupted(err, "proposals");
            goto fail;
        }
        out->nproposals++;
        if ((st = eval_one(s, i, opts, ctx, &out->eval[i], err)) != ENT_OK) goto fail;
    }
    /* one win-set per distinct rule used, in order of first use; rule 0 when no proposal */
    for (size_t i = 0; i <= s->nproposals; i++) {
        long rule = i < s->nproposals ? out->eval[i].rule : (out->nwinsets == 0 && s->nrules ? 0 : -1);
        if (rule < 0) continue;
        int seen = 0;
        for (size_t k = 0; k < out->nwinsets; k++)
            if (out->winset[k].rule == rule) seen = 1;
        if (seen) continue;
        if (ent_progress_tick(&opts->progress, "proposals", (double)s->nproposals, (double)total)) {
            st = ent_i_interrupted(err, "proposals");
            goto fail;
        }
        if ((st = ent_i_winset_run(s, (size_t)rule, -1, opts, ctx, &out->winset[out->nwinsets], err)) != ENT_OK)
            goto fail;
        out->nwinsets++;
    }
    ent_i_ws_ctx_free(own);
    return ENT_OK;
fail:
    ent_i_ws_ctx_free(own);
    ent_proposals_destroy(out);
    return st;
}
