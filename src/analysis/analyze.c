/* analyze.c — `analyze`: every analysis a scenario supports in one report, with a summary
 * of the computed conclusions at the top and a sensitivity section (entente/analysis.h,
 * docs/analyses.md §4).
 *
 * Sections: guarantee designs (guarantee.c) when the scenario has rules; voting power of
 * each rule (normalized Banzhaf through ent_game_power, entente/game.h); forecasts of every
 * model (ent_forecast_run) with the convergence verdict and movement without progress
 * (docs/verdict.md) when it has positions; proposals and win-sets (proposals.c, winset.c)
 * when it has proposals; sequencing (sequence.c) when it has steps.
 * Sensitivity: for every actor position on a 1-D issue, the position is moved by −shift
 * and +shift (clamped to the scale), the proposals analysis is rerun, and every flag that
 * flips (passes, dead on arrival, designed to be rejected, no agreement possible) is
 * listed with the move that flips it; when nothing flips, the smallest multiple of the shift
 * that flips something is searched for (up to the widest scale) and reported, so the report
 * says how robust the flags are. Guarantee verdicts and the sequencing depend on rules,
 * capabilities and saliences of insistence, not on positions, so they are not rerun.
 * Complexity: one run of each analysis plus 2·(positions) reruns of the proposals analysis.
 * Deviation: the forecasts are not rerun in the sensitivity section (the models' own
 * commands do that), to keep `analyze` under a second on the examples.
 */
#include "analysis/coalition.h"
#include "entente/forecast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ent_analyze_opts_init(ent_analyze_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->sensitivity = 1;
    o->shift = 10;
    o->forecasts = 1;
}

static const char *aname(const ent_scenario_t *s, size_t a)
{
    return s->actors[a].name ? s->actors[a].name : s->actors[a].id;
}

static const char *sname(const ent_scenario_t *s, size_t v)
{
    return s->steps[v].name ? s->steps[v].name : s->steps[v].id;
}

static int has_positions(const ent_scenario_t *s)
{
    for (size_t k = 0; k < s->nactors * s->nissues; k++)
        if (s->pos[k].present) return 1;
    return 0;
}

/* ---------------------------------------------------------------- summary lines */

typedef struct {
    char **line;
    size_t n, cap;
    int oom;
} lines_t;

static void add_line(lines_t *L, ent_buf_t *b)
{
    if (L->oom || b->oom) { L->oom = 1; return; }
    if (L->n == L->cap) {
        size_t nc = L->cap ? 2 * L->cap : 8;
        char **nl = realloc(L->line, nc * sizeof *nl);
        if (!nl) { L->oom = 1; return; }
        L->line = nl;
        L->cap = nc;
    }
    L->line[L->n++] = ent_buf_take(b);
}

static void lines_free(lines_t *L)
{
    for (size_t i = 0; i < L->n; i++) free(L->line[i]);
    free(L->line);
}

static void summary_guarantee(const ent_scenario_t *s, const ent_guarantee_t *g, lines_t *L)
{
    if (g->aggressor < 0) return;
    const char *who = aname(s, (size_t)g->aggressor);
    ent_buf_t b = ENT_BUF_INIT;
    size_t nv = 0, nn = 0;
    for (size_t i = 0; i < g->nrows; i++) {
        int veto = 0;
        for (size_t k = 0; k < g->rows[i].nveto; k++)
            if ((long)g->rows[i].veto[k] == g->aggressor) veto = 1;
        if (veto) nv++; else nn++;
    }
    ent_buf_printf(&b, "%s is a veto player under ", who);
    if (!nv) ent_buf_puts(&b, "no rule");
    for (size_t i = 0, k = 0; i < g->nrows; i++) {
        int veto = 0;
        for (size_t q = 0; q < g->rows[i].nveto; q++)
            if ((long)g->rows[i].veto[q] == g->aggressor) veto = 1;
        if (veto) ent_buf_printf(&b, "%s%s", k++ ? ", " : "", s->rules[g->rows[i].rule].id);
    }
    if (nn) ent_buf_puts(&b, " and not under ");
    for (size_t i = 0, k = 0; i < g->nrows && nn; i++) {
        int veto = 0;
        for (size_t q = 0; q < g->rows[i].nveto; q++)
            if ((long)g->rows[i].veto[q] == g->aggressor) veto = 1;
        if (!veto) ent_buf_printf(&b, "%s%s", k++ ? ", " : "", s->rules[g->rows[i].rule].id);
    }
    ent_buf_puts(&b, ".");
    add_line(L, &b);
    for (size_t i = 0; i < g->nrows; i++) {
        ent_buf_printf(&b, "%s: %s", s->rules[g->rows[i].rule].id, g->rows[i].verdict);
        if (!isnan(g->rows[i].prevent)) ent_buf_printf(&b, " (power to prevent %.4f).", g->rows[i].prevent);
        else ent_buf_puts(&b, ".");
        add_line(L, &b);
    }
    ent_buf_free(&b);
}

static void summary_proposals(const ent_scenario_t *s, const ent_proposals_t *r, lines_t *L)
{
    ent_buf_t b = ENT_BUF_INIT;
    for (size_t pi = 0; pi < r->nproposals; pi++) {
        const ent_proposal_eval_t *e = &r->eval[pi];
        const ent_proposal_t *p = &s->proposals[e->proposal];
        if (e->sq_missing || e->rule < 0) continue;
        ent_buf_printf(&b, "Proposal %s", p->id);
        if (p->proposer >= 0) ent_buf_printf(&b, " (by %s)", aname(s, (size_t)p->proposer));
        if (e->passes) {
            ent_buf_printf(&b, " passes under %s.", s->rules[e->rule].id);
        } else if (e->dead_on_arrival) {
            ent_buf_puts(&b, " is dead on arrival:");
            for (size_t k = 0, q = 0; k < e->nveto_against; k++) {
                size_t a = e->veto_against[k];
                if (e->vote[a] != ENT_VOTE_REJECT) continue;
                ent_buf_printf(&b, "%s %s rejects it (U %.2f vs %.2f)", q++ ? "," : "", aname(s, a), e->u_prop[a], e->u_sq[a]);
            }
            if (e->designed_to_be_rejected) {
                ent_buf_printf(&b, "; designed to be rejected: every veto player and %s prefer ",
                               aname(s, (size_t)p->proposer));
                ent_i_point_text(s, e->proposer_witness, &b);
                ent_buf_puts(&b, " to the status quo");
            } else if (p->proposer >= 0) {
                ent_buf_puts(&b, "; not designed to be rejected");
            }
            ent_buf_puts(&b, ".");
        } else {
            ent_buf_printf(&b, " fails under %s.", s->rules[e->rule].id);
        }
        add_line(L, &b);
    }
    for (size_t k = 0; k < r->nwinsets; k++) {
        const ent_winset_t *w = &r->winset[k];
        if (w->joint == ENT_WINSET_EMPTY)
            ent_buf_printf(&b, "No agreement possible under %s: the win-set of the status quo is empty.", s->rules[w->rule].id);
        else if (w->joint == ENT_WINSET_NONEMPTY) {
            ent_buf_printf(&b, "Agreement is possible under %s: e.g. ", s->rules[w->rule].id);
            ent_i_point_text(s, w->witness, &b);
            ent_buf_puts(&b, " beats the status quo for a winning coalition.");
        } else {
            ent_buf_printf(&b, "Win-set under %s not computed: %s.", s->rules[w->rule].id, w->why);
        }
        add_line(L, &b);
    }
    ent_buf_free(&b);
}

static void summary_sequence(const ent_scenario_t *s, const ent_sequence_t *q, lines_t *L)
{
    ent_buf_t b = ENT_BUF_INIT;
    if (!q->circular) {
        ent_buf_puts(&b, "The preconditions are not circular: a feasible order exists as they stand.");
        add_line(L, &b);
        return;
    }
    ent_buf_printf(&b, "The precondition chain is circular (%zu elementary cycle%s%s); the cheapest links to drop "
                       "(%s, cost %.1f):", q->ncycles, q->ncycles == 1 ? "" : "s",
                   q->cycles_complete ? "" : " listed, more exist", q->drop_exact ? "exact" : "heuristic", q->drop_cost);
    for (size_t i = 0; i < q->ndrop; i++) {
        const ent_seq_arc_t *a = &q->drop[i];
        const ent_precond_t *pc = &s->steps[a->step].pre[a->pre];
        ent_buf_printf(&b, "%s %s ⇐ ", i ? ";" : "", sname(s, a->step));
        for (size_t k = 0; k < pc->nsteps; k++) ent_buf_printf(&b, "%s%s", k ? " or " : "", sname(s, pc->steps[k]));
        if (pc->ninsist) {
            ent_buf_puts(&b, " (insisted on by ");
            for (size_t k = 0; k < pc->ninsist; k++)
                ent_buf_printf(&b, "%s%s, salience %.0f", k ? "; " : "", aname(s, pc->insist[k].actor),
                               pc->insist[k].salience);
            ent_buf_printf(&b, "; cost %.1f)", q->pre_cost[q->pre_off[a->step] + a->pre]);
        }
    }
    ent_buf_puts(&b, ".");
    add_line(L, &b);
    ent_buf_free(&b);
}

static void verdict_words(const ent_verdict_t *v, ent_buf_t *b)
{
    switch (v->kind) {
    case ENT_VERDICT_CONVERGED: ent_buf_printf(b, "converged at round %d", v->round); break;
    case ENT_VERDICT_CYCLING: ent_buf_printf(b, "cycling with period %d from round %d", v->period, v->cycle_start); break;
    case ENT_VERDICT_MOVING: ent_buf_puts(b, "still moving at the round limit"); break;
    default: ent_buf_puts(b, "static"); break;
    }
}

static void mwp_text(double m, ent_buf_t *b)
{
    if (isnan(m)) ent_buf_puts(b, "-");
    else if (isinf(m)) ent_buf_puts(b, "inf");
    else ent_buf_printf(b, "%.2f", m);
}

/* ---------------------------------------------------------------- forecasts */

typedef struct {
    size_t nmodels;
    const char *name[16];
    ent_forecast_t f[16];
    int ok[16];
    char why[16][256];
} fc_all_t;

static void run_forecasts(const ent_scenario_t *s, fc_all_t *F)
{
    memset(F, 0, sizeof *F);
    const char *const *models = ent_forecast_models();
    for (size_t m = 0; models && models[m] && m < 16; m++) {
        ent_forecast_opts_t o;
        ent_forecast_opts_init(&o);
        ent_error_t err = {0};
        F->name[m] = models[m];
        ent_forecast_init(&F->f[m]);
        F->ok[m] = ent_forecast_run(s, models[m], &o, &F->f[m], &err) == ENT_OK;
        if (!F->ok[m]) {
            ent_error_format(&err, F->why[m], sizeof F->why[m]);
            ent_forecast_destroy(&F->f[m]);
        }
        F->nmodels = m + 1;
    }
}

static void free_forecasts(fc_all_t *F)
{
    for (size_t m = 0; m < F->nmodels; m++)
        if (F->ok[m]) ent_forecast_destroy(&F->f[m]);
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

static void summary_forecast(const ent_scenario_t *s, const fc_all_t *F, lines_t *L)
{
    if (!s->nissues) return;
    size_t i = 0;  /* the first issue is the scenario's main one */
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_printf(&b, "Forecast on %s:", s->issues[i].id);
    int any = 0;
    for (size_t m = 0; m < F->nmodels; m++) {
        if (!F->ok[m] || !F->f[m].outcome || !F->f[m].outcome[i]) continue;
        ent_buf_printf(&b, "%s %s ", any ? ";" : "", F->name[m]);
        point_fc(s, i, F->f[m].outcome[i], 1, &b);
        any = 1;
        if (F->f[m].tracks) {
            const ent_verdict_t *v = &F->f[m].tracks[i].verdict;
            ent_buf_puts(&b, " (");
            verdict_words(v, &b);
            ent_buf_puts(&b, ", movement without progress ");
            mwp_text(v->mwp, &b);
            ent_buf_puts(&b, ")");
        }
    }
    if (!any) ent_buf_puts(&b, " no model could forecast it");
    ent_buf_puts(&b, ".");
    add_line(L, &b);
    ent_buf_free(&b);
}

static void report_forecasts(const ent_scenario_t *s, const fc_all_t *F, ent_buf_t *out)
{
    const char *hdr[17];
    hdr[0] = "issue";
    size_t nc = 1;
    for (size_t m = 0; m < F->nmodels; m++) hdr[nc++] = F->name[m];
    ent_table_t *t = ent_table_new(nc, hdr);
    if (!t) { out->oom = 1; return; }
    for (size_t i = 0; i < s->nissues; i++) {
        ent_table_row(t);
        ent_table_set(t, 0, s->issues[i].id);
        for (size_t m = 0; m < F->nmodels; m++) {
            if (!F->ok[m] || !F->f[m].outcome || !F->f[m].outcome[i]) { ent_table_set(t, m + 1, "-"); continue; }
            if (s->issues[i].ndim == 1) ent_table_num(t, m + 1, F->f[m].outcome[i][0], 2);
            else {
                ent_buf_t pb = ENT_BUF_INIT;
                point_fc(s, i, F->f[m].outcome[i], 1, &pb);
                ent_table_set(t, m + 1, pb.data ? pb.data : "");
                ent_buf_free(&pb);
            }
        }
    }
    ent_table_render_text(t, out);
    ent_table_free(t);
    static const char *const dh[] = {"model", "issue", "verdict", "movement", "net", "mwp"};
    ent_table_t *d = ent_table_new(6, dh);
    if (!d) { out->oom = 1; return; }
    for (size_t m = 0; m < F->nmodels; m++) {
        if (!F->ok[m] || !F->f[m].tracks) continue;
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_verdict_t *v = &F->f[m].tracks[i].verdict;
            if (!F->f[m].outcome || !F->f[m].outcome[i]) continue;
            ent_buf_t vb = ENT_BUF_INIT, mb = ENT_BUF_INIT;
            verdict_words(v, &vb);
            mwp_text(v->mwp, &mb);
            ent_table_row(d);
            ent_table_set(d, 0, F->name[m]);
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
    for (size_t m = 0; m < F->nmodels; m++)
        if (!F->ok[m]) ent_buf_printf(out, "  %s: not run (%s)\n", F->name[m], F->why[m]);
}

/* ---------------------------------------------------------------- voting power */

static ent_status_t report_power(const ent_scenario_t *s, ent_buf_t *out, ent_error_t *err)
{
    size_t nr = s->nrules;
    const char **hdr = malloc((nr + 1) * sizeof *hdr);
    double *val = malloc((nr * s->nactors + 1) * sizeof *val);
    char (*why)[320] = calloc(nr + 1, sizeof *why);
    if (!hdr || !val || !why) { free(hdr); free(val); free(why); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    hdr[0] = "actor";
    for (size_t r = 0; r < nr; r++) {
        hdr[r + 1] = s->rules[r].id;
        for (size_t a = 0; a < s->nactors; a++) val[r * s->nactors + a] = NAN;
        ent_game_t *g = NULL;
        ent_error_t e2 = {0};
        if (ent_game_from_rule(s, r, s->origin, &g, &e2) != ENT_OK) {
            ent_error_format(&e2, why[r], sizeof why[r]);
            continue;
        }
        ent_power_opts_t po;
        ent_power_opts_init(&po);
        po.indices = 1u << ENT_IDX_BANZHAF;
        po.exact_strings = 0;
        ent_power_t pw;
        if (ent_game_power(g, &po, &pw, &e2) == ENT_OK) {
            for (size_t k = 0; k < pw.n; k++)
                val[r * s->nactors + ent_game_player_actor(g, k)] = pw.value[ENT_IDX_BANZHAF][k];
            ent_power_destroy(&pw);
        } else {
            ent_error_format(&e2, why[r], sizeof why[r]);
        }
        ent_game_destroy(g);
    }
    ent_table_t *t = ent_table_new(nr + 1, hdr);
    if (t) {
        for (size_t a = 0; a < s->nactors; a++) {
            ent_table_row(t);
            ent_table_set(t, 0, s->actors[a].id);
            for (size_t r = 0; r < nr; r++) {
                double v = val[r * s->nactors + a];
                if (isnan(v)) ent_table_set(t, r + 1, "-");
                else ent_table_num(t, r + 1, v, 3);
            }
        }
        ent_buf_puts(out, "Normalized Banzhaf index of each actor under each rule (- = not a player):\n");
        ent_table_render_text(t, out);
        ent_table_free(t);
    } else {
        out->oom = 1;
    }
    for (size_t r = 0; r < nr; r++)
        if (why[r][0]) ent_buf_printf(out, "  %s: not computed (%s)\n", s->rules[r].id, why[r]);
    free(hdr);
    free(val);
    free(why);
    return ENT_OK;
}

/* ---------------------------------------------------------------- sensitivity */

static ent_status_t sensitivity(const ent_scenario_t *s0, const ent_proposals_t *base, double shift,
                                ent_buf_t *out, size_t *nflips, ent_error_t *err)
{
    /* the positions are edited in place on a shallow copy sharing every array but pos */
    ent_scenario_t s = *s0;
    size_t ncell = s0->nactors * s0->nissues;
    ent_position_t *pos = malloc((ncell + 1) * sizeof *pos);
    if (!pos) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(pos, s0->pos, ncell * sizeof *pos);
    s.pos = pos;
    *nflips = 0;
    ent_status_t st = ENT_OK;
    for (size_t a = 0; a < s0->nactors; a++)
        for (size_t i = 0; i < s0->nissues; i++) {
            ent_position_t *p = &pos[a * s0->nissues + i];
            if (!p->present || s0->issues[i].ndim != 1) continue;
            double orig = p->x[0];
            for (int dir = -1; dir <= 1; dir += 2) {
                double v = orig + dir * shift;
                if (v < s0->issues[i].lo[0]) v = s0->issues[i].lo[0];
                if (v > s0->issues[i].hi[0]) v = s0->issues[i].hi[0];
                if (v == orig) continue;
                double x = v;
                double *saved = p->x;
                p->x = &x;
                ent_proposals_t r;
                st = ent_proposals_analyze(&s, NULL, &r, err);
                p->x = saved;
                if (st != ENT_OK) goto done;
                for (size_t k = 0; k < r.nproposals; k++) {
                    const ent_proposal_eval_t *e0 = &base->eval[k], *e1 = &r.eval[k];
                    const char *pid = s0->proposals[k].id;
                    struct { const char *what; int was, now; } f[3] = {
                        {"passes", e0->passes, e1->passes},
                        {"dead on arrival", e0->dead_on_arrival, e1->dead_on_arrival},
                        {"designed to be rejected", e0->designed_to_be_rejected, e1->designed_to_be_rejected}};
                    for (int q = 0; q < 3; q++)
                        if (f[q].was != f[q].now) {
                            ent_buf_printf(out, "  %s on %s %.0f -> %.0f: %s %s %s\n", s0->actors[a].id,
                                           s0->issues[i].id, orig, v, pid, f[q].what,
                                           f[q].now ? "becomes true" : "becomes false");
                            (*nflips)++;
                        }
                }
                for (size_t k = 0; k < r.nwinsets && k < base->nwinsets; k++) {
                    int was = base->winset[k].joint == ENT_WINSET_EMPTY, now = r.winset[k].joint == ENT_WINSET_EMPTY;
                    if (was != now) {
                        ent_buf_printf(out, "  %s on %s %.0f -> %.0f: no agreement possible under %s %s\n",
                                       s0->actors[a].id, s0->issues[i].id, orig, v, s0->rules[base->winset[k].rule].id,
                                       now ? "becomes true" : "becomes false");
                        (*nflips)++;
                    }
                }
                ent_proposals_destroy(&r);
            }
        }
done:
    free(pos);
    return st;
}

/* ---------------------------------------------------------------- the report */

static void section(ent_buf_t *out, int n, const char *title)
{
    ent_buf_printf(out, "\n== %d. %s ==\n\n", n, title);
}

ent_status_t ent_analyze_report(const ent_scenario_t *s, const ent_analyze_opts_t *opts, int json,
                                ent_buf_t *out, ent_error_t *err)
{
    ent_analyze_opts_t dflt;
    if (!opts) { ent_analyze_opts_init(&dflt); opts = &dflt; }
    ent_status_t st = ENT_OK;
    lines_t L = {0};
    ent_guarantee_t g;
    ent_proposals_t pr;
    ent_sequence_t sq;
    fc_all_t *F = calloc(1, sizeof *F);
    ent_buf_t body = ENT_BUF_INIT, sens = ENT_BUF_INIT, sens2 = ENT_BUF_INIT;
    size_t nflips2 = 0;
    double shift2 = 0;
    ent_guarantee_init(&g);
    ent_proposals_init(&pr);
    ent_sequence_init(&sq);
    if (!F) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    int have_rules = s->nrules > 0, have_pos = has_positions(s), have_prop = s->nproposals > 0,
        have_steps = s->nsteps > 0;
    int ran_fc = 0;
    size_t nflips = 0;

    if (have_rules && (st = ent_guarantee_analyze(s, NULL, &g, err)) != ENT_OK) goto done;
    if (have_pos && opts->forecasts) { run_forecasts(s, F); ran_fc = 1; }
    if ((have_prop || have_rules) && (st = ent_proposals_analyze(s, NULL, &pr, err)) != ENT_OK) goto done;
    if (have_steps && (st = ent_sequence_analyze(s, NULL, &sq, err)) != ENT_OK) goto done;
    if (have_prop && opts->sensitivity &&
        (st = sensitivity(s, &pr, opts->shift, &sens, &nflips, err)) != ENT_OK)
        goto done;
    /* nothing flips at the requested shift: find the smallest multiple of it that flips
     * something, up to the widest scale, so the report says how robust the flags are */
    if (have_prop && opts->sensitivity && nflips == 0 && opts->shift > 0) {
        double range = 0;
        for (size_t i = 0; i < s->nissues; i++)
            if (s->issues[i].ndim == 1 && s->issues[i].hi[0] - s->issues[i].lo[0] > range)
                range = s->issues[i].hi[0] - s->issues[i].lo[0];
        for (int k = 2; k * opts->shift <= range && k <= 20; k++) {
            ent_buf_reset(&sens2);
            if ((st = sensitivity(s, &pr, k * opts->shift, &sens2, &nflips2, err)) != ENT_OK) goto done;
            if (nflips2) { shift2 = k * opts->shift; break; }
        }
    }
    int sens_section = 1 + (have_rules ? 2 : 0) + ran_fc + (have_prop || have_rules) + have_steps;

    if (have_rules) summary_guarantee(s, &g, &L);
    if (have_prop || have_rules) summary_proposals(s, &pr, &L);
    if (have_steps) summary_sequence(s, &sq, &L);
    if (ran_fc) summary_forecast(s, F, &L);
    if (have_prop && opts->sensitivity) {
        ent_buf_t b = ENT_BUF_INIT;
        if (nflips) ent_buf_printf(&b, "Sensitivity: %zu flag%s flip when one position moves by %.0f (section %d).",
                                   nflips, nflips == 1 ? "" : "s", opts->shift, sens_section);
        else if (nflips2)
            ent_buf_printf(&b, "Sensitivity: no proposal flag flips when any one position moves by %.0f; the first "
                               "flips come with a move of %.0f (%zu flag%s, section %d).",
                           opts->shift, shift2, nflips2, nflips2 == 1 ? "" : "s", sens_section);
        else ent_buf_printf(&b, "Sensitivity: no proposal flag flips when any one position moves by %.0f or more.",
                            opts->shift);
        add_line(&L, &b);
        ent_buf_free(&b);
    }
    if (L.n == 0 && !L.oom) {
        ent_buf_t b = ENT_BUF_INIT;
        ent_buf_puts(&b, "Nothing to analyse: the scenario has no rules, positions, proposals or steps.");
        add_line(&L, &b);
        ent_buf_free(&b);
    }
    if (L.oom) { st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }

    if (json) {
        ent_json_t j;
        ent_buf_t tmp = ENT_BUF_INIT;
        ent_buf_puts(out, "{\n  \"title\": ");
        ent_json_init(&j, &tmp);
        ent_json_str(&j, s->title);
        ent_buf_puts(out, tmp.data ? tmp.data : "null");
        ent_buf_puts(out, ",\n  \"summary\": [");
        for (size_t i = 0; i < L.n; i++) {
            ent_buf_puts(out, i ? ",\n    \"" : "\n    \"");
            ent_json_escape(out, L.line[i]);
            ent_buf_puts(out, "\"");
        }
        ent_buf_puts(out, "\n  ]");
        ent_buf_free(&tmp);
        if (have_rules) { ent_buf_puts(out, ",\n  \"guarantee\": "); ent_guarantee_report(s, &g, 1, out); }
        if (have_prop || have_rules) { ent_buf_puts(out, ",\n  \"proposals\": "); ent_proposals_report(s, &pr, 1, out); }
        if (have_steps) { ent_buf_puts(out, ",\n  \"sequence\": "); ent_sequence_report(s, &sq, 1, out); }
        if (ran_fc) {
            ent_buf_puts(out, ",\n  \"forecasts\": {");
            for (size_t m = 0, k = 0; m < F->nmodels; m++) {
                if (!F->ok[m]) continue;
                ent_buf_printf(out, "%s\n    \"%s\": {", k++ ? "," : "", F->name[m]);
                for (size_t i = 0, q = 0; i < s->nissues; i++) {
                    if (!F->f[m].outcome || !F->f[m].outcome[i]) continue;
                    ent_buf_printf(out, "%s\"", q++ ? ", " : "");
                    ent_json_escape(out, s->issues[i].id);
                    if (s->issues[i].ndim == 1) {
                        ent_buf_printf(out, "\": {\"forecast\": %.6g", F->f[m].outcome[i][0]);
                    } else {
                        ent_buf_puts(out, "\": {\"forecast\": [");
                        for (size_t d = 0; d < s->issues[i].ndim; d++)
                            ent_buf_printf(out, "%s%.6g", d ? ", " : "", F->f[m].outcome[i][d]);
                        ent_buf_puts(out, "]");
                    }
                    if (F->f[m].tracks) {
                        const ent_verdict_t *v = &F->f[m].tracks[i].verdict;
                        ent_buf_printf(out, ", \"verdict\": \"%s\"", ent_verdict_name(v->kind));
                        if (isfinite(v->mwp)) ent_buf_printf(out, ", \"mwp\": %.6g", v->mwp);
                        else ent_buf_puts(out, ", \"mwp\": null");
                    }
                    ent_buf_puts(out, "}");
                }
                ent_buf_puts(out, "}");
            }
            ent_buf_puts(out, "\n  }");
        }
        if (have_prop && opts->sensitivity) {
            ent_buf_printf(out, ",\n  \"sensitivity\": {\"shift\": %.6g, \"flips\": \"", opts->shift);
            ent_json_escape(out, sens.data ? sens.data : "");
            ent_buf_puts(out, "\"");
            if (!nflips && nflips2) {
                ent_buf_printf(out, ", \"first_flipping_shift\": %.6g, \"first_flips\": \"", shift2);
                ent_json_escape(out, sens2.data);
                ent_buf_puts(out, "\"");
            }
            ent_buf_puts(out, "}");
        }
        ent_buf_puts(out, "\n}\n");
        goto done;
    }

    ent_buf_printf(out, "%s\n", s->title ? s->title : "Scenario");
    ent_buf_printf(out, "%zu actors, %zu issues, %zu rules, %zu proposals, %zu steps\n", s->nactors, s->nissues,
                   s->nrules, s->nproposals, s->nsteps);
    ent_buf_puts(out, "\nSummary (computed):\n");
    for (size_t i = 0; i < L.n; i++) ent_buf_printf(out, "  - %s\n", L.line[i]);
    int n = 1;
    if (have_rules) {
        section(out, n++, "Guarantee designs");
        ent_guarantee_report(s, &g, 0, out);
        section(out, n++, "Voting power of the rules");
        if ((st = report_power(s, out, err)) != ENT_OK) goto done;
    }
    if (ran_fc) {
        section(out, n++, "Forecasts (every model, default options)");
        report_forecasts(s, F, out);
    }
    if (have_prop || have_rules) {
        section(out, n++, "Proposals and win-sets");
        ent_proposals_report(s, &pr, 0, out);
    }
    if (have_steps) {
        section(out, n++, "Sequencing of the preconditions");
        ent_sequence_report(s, &sq, 0, out);
    }
    if (have_prop && opts->sensitivity) {
        section(out, n++, "Sensitivity to the codings");
        ent_buf_printf(out, "Each position moved by -%.0f and +%.0f (clamped to the scale), one at a time;\n"
                            "flags of the proposals and win-sets that flip:\n", opts->shift, opts->shift);
        if (sens.data && sens.len) ent_buf_puts(out, sens.data);
        else ent_buf_puts(out, "  none: every flag holds under each such move\n");
        if (!nflips && nflips2) {
            ent_buf_printf(out, "\nThe smallest multiple of %.0f that flips a flag is %.0f:\n", opts->shift, shift2);
            ent_buf_puts(out, sens2.data);
        }
    }
done:
    if (F) {
        if (ran_fc) free_forecasts(F);
        free(F);
    }
    lines_free(&L);
    ent_buf_free(&body);
    ent_buf_free(&sens);
    ent_buf_free(&sens2);
    ent_guarantee_destroy(&g);
    ent_proposals_destroy(&pr);
    ent_sequence_destroy(&sq);
    return st;
}
