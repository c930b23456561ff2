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
 * Complexity: O(P·A·I) utilities; per failing proposal O(2^k·|R|) for k non-acceptors; the
 * win-set as in winset.c. Deviation: proposals naming an issue without a status quo are
 * not evaluated (sq_missing), since "better than the status quo" is undefined there.
 */
#include "analysis/coalition.h"

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

static ent_status_t eval_one(const ent_scenario_t *s, size_t pi, const ent_proposals_opts_t *opts,
                             ent_proposal_eval_t *e, ent_error_t *err)
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
    uint64_t *list = NULL;
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
    if (!e->passes) {
        uint64_t within = 0;
        size_t k_non = 0;
        for (size_t k = 0; k < r.n && k < 64; k++)
            if (!acc[r.actor[k]]) { within |= (uint64_t)1 << k; k_non++; }
        if (k_non > ENT_I_ENUM_MAX || r.n > 64) {
            e->kill_complete = 0;
        } else {
            uint64_t count = 0;
            size_t nl = 0;
            if ((st = ent_i_rule_min_blocking(&r, 0, within, opts->limit_kill, &count, &list, &nl, err)) != ENT_OK)
                goto fail;
            e->kill_complete = count <= nl;
            size_t tot = 0;
            for (size_t c = 0; c < nl; c++)
                for (size_t k = 0; k < r.n; k++) tot += (list[c] >> k) & 1u;
            e->kill = malloc((tot + 1) * sizeof *e->kill);
            free(e->kill_off);
            e->kill_off = malloc((nl + 1) * sizeof *e->kill_off);
            if (!e->kill || !e->kill_off) goto oom;
            size_t w = 0;
            for (size_t c = 0; c < nl; c++) {
                e->kill_off[c] = w;
                for (size_t k = 0; k < r.n; k++)
                    if ((list[c] >> k) & 1u) e->kill[w++] = r.actor[k];
            }
            e->kill_off[nl] = w;
            e->nkill = nl;
        }
    }
    if (e->dead_on_arrival && p->proposer >= 0) {
        ent_winset_t w;
        if ((st = ent_winset_compute(s, (size_t)e->rule, p->proposer, opts, &w, err)) != ENT_OK) goto fail;
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
    free(list);
    return st;
}

ent_status_t ent_proposals_analyze(const ent_scenario_t *s, const ent_proposals_opts_t *opts,
                                   ent_proposals_t *out, ent_error_t *err)
{
    ent_proposals_opts_t dflt;
    if (!opts) { ent_proposals_opts_init(&dflt); opts = &dflt; }
    ent_proposals_init(out);
    ent_status_t st = ENT_OK;
    out->eval = calloc(s->nproposals + 1, sizeof *out->eval);
    out->winset = calloc(s->nproposals + 1, sizeof *out->winset);
    if (!out->eval || !out->winset) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < s->nproposals; i++) {
        out->nproposals++;
        if ((st = eval_one(s, i, opts, &out->eval[i], err)) != ENT_OK) goto fail;
    }
    /* one win-set per distinct rule used, in order of first use; rule 0 when no proposal */
    for (size_t i = 0; i <= s->nproposals; i++) {
        long rule = i < s->nproposals ? out->eval[i].rule : (out->nwinsets == 0 && s->nrules ? 0 : -1);
        if (rule < 0) continue;
        int seen = 0;
        for (size_t k = 0; k < out->nwinsets; k++)
            if (out->winset[k].rule == rule) seen = 1;
        if (seen) continue;
        if ((st = ent_winset_compute(s, (size_t)rule, -1, opts, &out->winset[out->nwinsets], err)) != ENT_OK)
            goto fail;
        out->nwinsets++;
    }
    return ENT_OK;
fail:
    ent_proposals_destroy(out);
    return st;
}

/* ---------------------------------------------------------------- report */

static const char *aname(const ent_scenario_t *s, size_t a)
{
    return s->actors[a].name ? s->actors[a].name : s->actors[a].id;
}

static const char *vote_name(int v)
{
    return v == ENT_VOTE_ACCEPT ? "accept" : v == ENT_VOTE_REJECT ? "reject" : "indifferent";
}

static void interval_text(const ent_interval_t *v, ent_buf_t *out)
{
    if (v->lo == v->hi) ent_buf_printf(out, "{%.2f}", v->lo);
    else ent_buf_printf(out, "%s%.2f, %.2f%s", v->lo_open ? "(" : "[", v->lo, v->hi, v->hi_open ? ")" : "]");
}

static void winset_text(const ent_scenario_t *s, const ent_winset_t *w, ent_buf_t *out)
{
    const ent_ruledef_t *rd = &s->rules[w->rule];
    ent_buf_printf(out, "Win-set of the status quo under rule %s", rd->id);
    if (w->nveto) {
        ent_buf_puts(out, " (veto players:");
        for (size_t k = 0; k < w->nveto; k++) ent_buf_printf(out, "%s %s", k ? "," : "", aname(s, w->veto[k]));
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
        return;
    }
    if (w->joint == ENT_WINSET_EMPTY) {
        ent_buf_printf(out, "  jointly: EMPTY - no agreement possible: no point beats the status quo for a "
                            "winning coalition [%s", w->method);
        if (w->ncoal_checked) ent_buf_printf(out, "; %zu coalition%s checked", w->ncoal_checked, w->ncoal_checked == 1 ? "" : "s");
        ent_buf_puts(out, "]\n");
        return;
    }
    ent_buf_puts(out, "  jointly: non-empty, e.g. ");
    ent_i_point_text(s, w->witness, out);
    ent_buf_printf(out, " [%s", w->method);
    if (w->ncoal_checked) ent_buf_printf(out, "; %zu coalition%s checked", w->ncoal_checked, w->ncoal_checked == 1 ? "" : "s");
    ent_buf_puts(out, "]\n");
}

static const ent_winset_t *find_ws(const ent_proposals_t *r, long rule)
{
    for (size_t k = 0; k < r->nwinsets; k++)
        if (r->winset[k].rule == rule) return &r->winset[k];
    return NULL;
}

static void json_winset(ent_json_t *j, const ent_scenario_t *s, const ent_winset_t *w)
{
    ent_json_obj_begin(j);
    ent_json_key(j, "rule"); ent_json_str(j, s->rules[w->rule].id);
    ent_json_key(j, "veto_players");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < w->nveto; k++) ent_json_str(j, s->actors[w->veto[k]].id);
    ent_json_arr_end(j);
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

void ent_proposals_report(const ent_scenario_t *s, const ent_proposals_t *r, int json, ent_buf_t *out)
{
    if (json) {
        ent_json_t j;
        ent_json_init(&j, out);
        j.prec = 6;
        ent_json_obj_begin(&j);
        ent_json_key(&j, "utility");
        ent_json_str(&j, "U_i(x) = -sum_j s_ij*|x_j - p_ij| (saliences on 0..1; Euclidean per multi-dimensional issue)");
        ent_json_key(&j, "proposals");
        ent_json_arr_begin(&j);
        for (size_t pi = 0; pi < r->nproposals; pi++) {
            const ent_proposal_eval_t *e = &r->eval[pi];
            const ent_proposal_t *p = &s->proposals[e->proposal];
            ent_json_obj_begin(&j);
            ent_json_key(&j, "id"); ent_json_str(&j, p->id);
            ent_json_key(&j, "proposer"); ent_json_str(&j, p->proposer >= 0 ? s->actors[p->proposer].id : NULL);
            ent_json_key(&j, "rule"); ent_json_str(&j, e->rule >= 0 ? s->rules[e->rule].id : NULL);
            ent_json_key(&j, "evaluated"); ent_json_bool(&j, !e->sq_missing && e->rule >= 0);
            ent_json_key(&j, "actors");
            ent_json_arr_begin(&j);
            for (size_t a = 0; a < e->nactors; a++) {
                if (isnan(e->u_prop[a])) continue;
                ent_json_obj_begin(&j);
                ent_json_key(&j, "actor"); ent_json_str(&j, s->actors[a].id);
                ent_json_key(&j, "u_proposal"); ent_json_num(&j, e->u_prop[a]);
                ent_json_key(&j, "u_status_quo"); ent_json_num(&j, e->u_sq[a]);
                ent_json_key(&j, "vote"); ent_json_str(&j, vote_name(e->vote[a]));
                ent_json_obj_end(&j);
            }
            ent_json_arr_end(&j);
            ent_json_key(&j, "passes"); ent_json_bool(&j, e->passes);
            ent_json_key(&j, "veto_against");
            ent_json_arr_begin(&j);
            for (size_t k = 0; k < e->nveto_against; k++) ent_json_str(&j, s->actors[e->veto_against[k]].id);
            ent_json_arr_end(&j);
            ent_json_key(&j, "killed_by");
            ent_json_arr_begin(&j);
            for (size_t c = 0; c < e->nkill; c++) {
                ent_json_arr_begin(&j);
                for (size_t k = e->kill_off[c]; k < e->kill_off[c + 1]; k++) ent_json_str(&j, s->actors[e->kill[k]].id);
                ent_json_arr_end(&j);
            }
            ent_json_arr_end(&j);
            ent_json_key(&j, "dead_on_arrival"); ent_json_bool(&j, e->dead_on_arrival);
            ent_json_key(&j, "designed_to_be_rejected"); ent_json_bool(&j, e->designed_to_be_rejected);
            ent_json_key(&j, "proposer_witness");
            if (e->proposer_witness) ent_i_point_json(s, e->proposer_witness, &j);
            else ent_json_null(&j);
            const ent_winset_t *w = find_ws(r, e->rule);
            ent_json_key(&j, "no_agreement_possible"); ent_json_bool(&j, w && w->joint == ENT_WINSET_EMPTY);
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_key(&j, "winsets");
        ent_json_arr_begin(&j);
        for (size_t k = 0; k < r->nwinsets; k++) json_winset(&j, s, &r->winset[k]);
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
        ent_buf_puts(out, "\n");
        return;
    }
    ent_buf_puts(out, "Utility: U_i(x) = -sum over issues of s_ij * |x_j - p_ij| (salience-weighted linear loss,\n"
                      "saliences on 0..1; Euclidean per multi-dimensional issue). An actor accepts when\n"
                      "U(proposal) > U(status quo), computed over the issues the proposal names.\n");
    if (r->nproposals == 0) ent_buf_puts(out, "\nThe scenario has no proposals.\n");
    for (size_t pi = 0; pi < r->nproposals; pi++) {
        const ent_proposal_eval_t *e = &r->eval[pi];
        const ent_proposal_t *p = &s->proposals[e->proposal];
        ent_buf_printf(out, "\nProposal %s: %s\n", p->id, p->name ? p->name : p->id);
        ent_buf_printf(out, "  proposed by %s; decided by rule %s\n",
                       p->proposer >= 0 ? aname(s, (size_t)p->proposer) : "(nobody named)",
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
            continue;
        }
        static const char *const hdr[] = {"actor", "U(proposal)", "U(status quo)", "vote"};
        ent_table_t *t = ent_table_new(4, hdr);
        if (!t) { out->oom = 1; return; }
        for (size_t a = 0; a < e->nactors; a++) {
            if (isnan(e->u_prop[a])) continue;
            ent_table_row(t);
            ent_table_set(t, 0, aname(s, a));
            ent_table_num(t, 1, e->u_prop[a], 2);
            ent_table_num(t, 2, e->u_sq[a], 2);
            ent_table_set(t, 3, vote_name(e->vote[a]));
        }
        ent_buf_t tb = ENT_BUF_INIT;
        ent_table_render_text(t, &tb);
        ent_table_free(t);
        if (tb.data) {
            const char *line = tb.data;
            while (*line) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                ent_buf_puts(out, "    ");
                ent_buf_append(out, line, len);
                ent_buf_puts(out, "\n");
                line += len + (nl ? 1 : 0);
            }
        }
        ent_buf_free(&tb);
        if (e->rule < 0) continue;
        ent_buf_printf(out, "  passes: %s\n", e->passes ? "yes (the acceptors form a winning coalition)" : "no");
        if (!e->passes) {
            if (e->nveto_against) {
                ent_buf_puts(out, "  veto players who do not accept:");
                for (size_t k = 0; k < e->nveto_against; k++)
                    ent_buf_printf(out, "%s %s", k ? "," : "", aname(s, e->veto_against[k]));
                ent_buf_puts(out, "\n");
            }
            if (e->nkill) {
                ent_buf_puts(out, "  killed by (minimal blocking coalitions of non-acceptors):");
                for (size_t c = 0; c < e->nkill; c++) {
                    ent_buf_puts(out, c ? "; {" : " {");
                    for (size_t k = e->kill_off[c]; k < e->kill_off[c + 1]; k++)
                        ent_buf_printf(out, "%s%s", k > e->kill_off[c] ? ", " : "", aname(s, e->kill[k]));
                    ent_buf_puts(out, "}");
                }
                if (!e->kill_complete) ent_buf_puts(out, " ... (more)");
                ent_buf_puts(out, "\n");
            }
        }
        if (e->dead_on_arrival) {
            ent_buf_puts(out, "  FLAG dead on arrival:");
            int k2 = 0;
            for (size_t k = 0; k < e->nveto_against; k++) {
                size_t a = e->veto_against[k];
                if (e->vote[a] != ENT_VOTE_REJECT) continue;
                ent_buf_printf(out, "%s %s, a veto player, rejects it (U %.2f < %.2f at the status quo)",
                               k2++ ? ";" : "", aname(s, a), e->u_prop[a], e->u_sq[a]);
            }
            ent_buf_puts(out, "\n");
        }
        if (e->designed_to_be_rejected) {
            ent_buf_printf(out, "  FLAG designed to be rejected: an offer that every veto player and %s prefer to the "
                                "status quo existed: ", aname(s, (size_t)p->proposer));
            ent_i_point_text(s, e->proposer_witness, out);
            ent_buf_puts(out, "\n");
        } else if (e->dead_on_arrival && p->proposer >= 0) {
            ent_buf_printf(out, "  not designed to be rejected: no point of the win-set is preferred by %s too\n",
                           aname(s, (size_t)p->proposer));
        }
        const ent_winset_t *w = find_ws(r, e->rule);
        if (w && w->joint == ENT_WINSET_EMPTY) ent_buf_puts(out, "  FLAG no agreement possible: the win-set of the status quo is empty\n");
    }
    for (size_t k = 0; k < r->nwinsets; k++) {
        ent_buf_puts(out, "\n");
        winset_text(s, &r->winset[k], out);
    }
}
