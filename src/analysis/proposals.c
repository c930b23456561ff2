/* proposals.c — proposals under their decision rule: utilities, who accepts, whether the
 * proposal passes, who kills it, and the flags *dead on arrival*, *designed to be rejected*
 * and *no agreement possible* (entente/analysis.h, docs/analyses.md §2).
 *
 * For proposal x decided by rule R (the proposal's, else the scenario's first rule):
 *  - U_a(x) and U_a(q) by ent_utility over the issues the proposal names (the other issues
 *    stay at the status quo and cancel out); a accepts when U_a(x) > U_a(q) + 1e-9,
 *    rejects when U_a(x) < U_a(q) − 1e-9, is indifferent otherwise or without a stake;
 *  - it passes when the acceptors form a winning coalition of R;
 *  - if it fails: R's veto players that do not accept, and the minimal blocking coalitions
 *    made only of non-acceptors (exact enumeration of subsets of the non-acceptors, at
 *    most ENT_I_ENUM_MAX players);
 *  - dead on arrival: some veto player rejects it;
 *  - designed to be rejected: dead on arrival while the win-set of the status quo under R
 *    holds a point that the proposer also strictly prefers to the status quo (an acceptable
 *    offer existed and was not made); the witness point is reported;
 *  - no agreement possible: the win-set under R is empty.
 * Rendering: src/report/report_proposals.c.
 * Complexity: O(P·A·I) utilities; per failing proposal O(2^k·|R|) for k non-acceptors; the
 * win-set as in winset.c. Deviation: proposals naming an issue without a status quo are
 * not evaluated (sq_missing), since "better than the status quo" is undefined there.
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

/* The minimal blocking coalitions made only of non-acceptors (acc[a] = 0), listed up to
 * limit; kill_complete = 0 when they cannot be enumerated or more exist. */
static ent_status_t list_killers(ent_i_rule_t *r, const unsigned char *acc, size_t limit, ent_proposal_eval_t *e,
                                 ent_error_t *err)
{
    uint64_t within = 0, count = 0, *list = NULL;
    size_t k_non = 0, nl = 0, tot = 0, w = 0;
    for (size_t k = 0; k < r->n && k < 64; k++)
        if (!acc[r->actor[k]]) { within |= (uint64_t)1 << k; k_non++; }
    if (k_non > ENT_I_ENUM_MAX || r->n > 64) {
        e->kill_complete = 0;
        return ENT_OK;
    }
    ent_status_t st = ent_i_rule_min_blocking(r, 0, within, limit, &count, &list, &nl, err);
    if (st != ENT_OK) return st;
    e->kill_complete = count <= nl;
    for (size_t c = 0; c < nl; c++)
        for (size_t k = 0; k < r->n; k++) tot += (list[c] >> k) & 1u;
    e->kill = malloc((tot + 1) * sizeof *e->kill);
    free(e->kill_off);
    e->kill_off = malloc((nl + 1) * sizeof *e->kill_off);
    if (!e->kill || !e->kill_off) {
        free(list);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t c = 0; c < nl; c++) {
        e->kill_off[c] = w;
        for (size_t k = 0; k < r->n; k++)
            if ((list[c] >> k) & 1u) e->kill[w++] = r->actor[k];
    }
    e->kill_off[nl] = w;
    e->nkill = nl;
    free(list);
    return ENT_OK;
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
    e->u_prop = malloc((na + 1) * sizeof *e->u_prop);
    e->u_sq = malloc((na + 1) * sizeof *e->u_sq);
    e->vote = calloc(na + 1, 1);
    e->veto_against = malloc((na + 1) * sizeof *e->veto_against);
    const double **xp = calloc(ni + 1, sizeof *xp), **xq = calloc(ni + 1, sizeof *xq);
    unsigned char *acc = calloc(na + 1, 1), *veto = calloc(na + 1, 1);
    ent_i_rule_t r;
    memset(&r, 0, sizeof r);
    if (!e->u_prop || !e->u_sq || !e->vote || !e->veto_against || !xp || !xq || !acc || !veto) goto oom;
    for (size_t k = 0; k < p->npoints; k++) {
        size_t i = p->issue[k];
        if (!s->issues[i].status_quo) { e->sq_missing = 1; continue; }
        xp[i] = p->point[k];
        xq[i] = s->issues[i].status_quo;
    }
    for (size_t a = 0; a < na; a++) {
        double up = ent_utility(s, a, xp), uq = ent_utility(s, a, xq);
        e->u_prop[a] = up;
        e->u_sq[a] = uq;
        if (isnan(up) || isnan(uq) || e->sq_missing) e->vote[a] = ENT_VOTE_INDIFFERENT;
        else if (up > uq + 1e-9) e->vote[a] = ENT_VOTE_ACCEPT;
        else if (up < uq - 1e-9) e->vote[a] = ENT_VOTE_REJECT;
        else e->vote[a] = ENT_VOTE_INDIFFERENT;
        acc[a] = e->vote[a] == ENT_VOTE_ACCEPT;
    }
    e->kill_off = calloc(1, sizeof *e->kill_off);
    if (!e->kill_off) goto oom;
    e->kill_complete = 1;
    if (e->rule < 0 || e->sq_missing) goto done;
    if ((st = ent_i_rule_open(&r, s, (size_t)e->rule, err)) != ENT_OK) goto fail;
    if ((st = ent_i_rule_veto_actors(&r, veto, err)) != ENT_OK) goto fail;
    e->passes = ent_i_rule_win_actors(&r, acc);
    for (size_t a = 0; a < na; a++) {
        if (!veto[a] || acc[a]) continue;
        e->veto_against[e->nveto_against++] = a;
        if (e->vote[a] == ENT_VOTE_REJECT) e->dead_on_arrival = 1;
    }
    if (!e->passes && (st = list_killers(&r, acc, opts->limit_kill, e, err)) != ENT_OK) goto fail;
    if (e->dead_on_arrival && p->proposer >= 0) {
        ent_winset_t w;
        if ((st = ent_i_winset_run(s, (size_t)e->rule, p->proposer, opts, ctx, &w, err)) != ENT_OK) goto fail;
        if (w.joint == ENT_WINSET_NONEMPTY && w.witness) {
            e->designed_to_be_rejected = 1;
            e->proposer_witness = w.witness;
            w.witness = NULL;
        }
        ent_winset_destroy(&w);
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
fail:
done:
    ent_i_rule_close(&r);
    free(xp);
    free(xq);
    free(acc);
    free(veto);
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
