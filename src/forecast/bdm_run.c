/* SPDX-License-Identifier: MIT */
/* bdm_run.c — scenario adapter of the expected-utility model: ent_bdm_run().
 *
 * Runs the kernel of bdm.c (spec ../shared/docs/models/bdm.md; our account
 * docs/models/bdm.md) on every one-dimensional issue of a scenario, with the actors that
 * hold a position on it, in scenario order (the model's tie-breaks follow input order).
 * Capability: ent_scenario_capability, or o->capability when given; salience:
 * ent_scenario_salience (already on [0,1]); a missing salience counts as 0.
 * Fills, per issue: outcome = the mean position of the last state (the model's forecast),
 * a track with every actor's position per state and the mean per state (fc), the verdict
 * (ent_track_verdict, tolerance ent_forecast_tolerance: o->tol, else the codings'
 * precision; STOPPED when stop_when_still ended the run early), the movement per round,
 * and the weighted median per state in the track's `median` (nstates entries).
 * With o->trace, the trace lists per issue and round the mean, the median, the round's risk
 * exponents r (positioned actors in scenario order) and every executed offer (receiver <-
 * proposer, type, a, b, new position), at 6 decimals.
 *
 * Complexity: that of the kernel per issue (bdm.c), plus O(S · n) to copy each track.
 * Deviations: issues with more than one dimension are skipped with a `why` (the model is
 * one-dimensional); so are issues with fewer than two positioned actors or no weight.
 */
#include "forecast/forecast_i.h"
#include "entente/core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *actor_name(const ent_scenario_t *s, size_t a)
{
    const ent_actor_t *ac = &s->actors[a];
    return ac->name ? ac->name : ac->id ? ac->id : "?";
}

/* Scratch arrays for one issue: the positioned actors in scenario order. */
typedef struct {
    double *c, *x, *sal;
    size_t *idx; /* kernel row k -> scenario actor */
} bdm_scratch_t;

/* The actors with a position on 1-D issue i: capability, position, salience clamped to
 * [0,1] (missing = 0). *n positioned, *wsum = Σ c·s. */
static ent_status_t gather(const ent_scenario_t *s, const ent_forecast_opts_t *o, size_t i,
                           bdm_scratch_t *w, size_t *n, double *wsum, ent_error_t *err)
{
    *n = 0;
    *wsum = 0;
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present || !p->x || isnan(p->x[0])) continue;
        double ca = o->capability ? o->capability[a] : ent_scenario_capability(s, a, i);
        double sa = ent_scenario_salience(s, a, i, 0);
        if (isnan(sa) || sa < 0) sa = 0;
        if (sa > 1) sa = 1;
        if (!(ca >= 0) || isinf(ca))
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: capability of actor %s must be finite and >= 0",
                                 s->actors[a].id ? s->actors[a].id : "?");
        w->c[*n] = ca;
        w->x[*n] = p->x[0];
        w->sal[*n] = sa;
        w->idx[*n] = a;
        *wsum += ca * sa;
        (*n)++;
    }
    return ENT_OK;
}

/* The kernel's states into the track of issue i (n positioned actors) and the outcome. */
static int fill_track(ent_forecast_t *out, size_t i, const bdm_scratch_t *w, size_t n,
                      const ent_bdm_result_t *res)
{
    ent_track_t *tk = &out->tracks[i];
    size_t na = tk->nactors;
    tk->nstates = res->nstates;
    tk->x = malloc(res->nstates * na * sizeof *tk->x);
    tk->fc = malloc(res->nstates * sizeof *tk->fc);
    tk->median = malloc(res->nstates * sizeof *tk->median);
    out->outcome[i] = malloc(sizeof(double));
    if (!tk->x || !tk->fc || !tk->median || !out->outcome[i]) return -1;
    for (size_t t = 0; t < res->nstates; t++) {
        for (size_t a = 0; a < na; a++) tk->x[t * na + a] = NAN;
        for (size_t k = 0; k < n; k++) tk->x[t * na + w->idx[k]] = res->x[t * n + k];
        tk->fc[t] = res->mean[t];
        tk->median[t] = res->median[t];
    }
    out->outcome[i][0] = res->mean[res->nstates - 1];
    return 0;
}

/* Trace of one issue: per round the mean, the median, the risk exponents, the offers. */
static void trace_issue(ent_buf_t *tr, const ent_scenario_t *s, const ent_issue_t *is,
                        const ent_bdm_opts_t *bo, const bdm_scratch_t *w, size_t n,
                        const ent_bdm_result_t *res)
{
    ent_buf_printf(tr, "issue %s (bdm %s, %zu actors, R %.6f)\n", is->id ? is->id : "?",
                   ent_bdm_variant_name(bo->variant), n, res->R);
    size_t f = 0;
    for (size_t t = 0; t < res->nstates; t++) {
        ent_buf_printf(tr, "  round %zu: mean %.6f median %.6f\n", t, res->mean[t], res->median[t]);
        if (t > 0) {
            ent_buf_puts(tr, "    r:");
            for (size_t k = 0; k < n; k++) ent_buf_printf(tr, " %.6f", res->r[t * n + k]);
            ent_buf_puts(tr, "\n");
        }
        for (; f < res->noffers && (size_t)res->offers[f].round == t; f++) {
            const ent_bdm_offer_t *of = &res->offers[f];
            ent_buf_printf(tr, "    %s <- %s: %s a=%.6f b=%.6f -> %.6f\n",
                           actor_name(s, w->idx[of->receiver]), actor_name(s, w->idx[of->proposer]),
                           ent_bdm_offer_kind_name(of->kind), of->a, of->b, of->x_new);
        }
    }
}

/* One issue: skip it with a note, or solve it and fill its track, notes and trace. */
static ent_status_t run_issue(const ent_scenario_t *s, const ent_forecast_opts_t *o, int rounds,
                              size_t i, bdm_scratch_t *w, ent_forecast_t *out, ent_buf_t *tr,
                              ent_error_t *err)
{
    const ent_issue_t *is = &s->issues[i];
    ent_track_t *tk = &out->tracks[i];
    tk->issue = i;
    tk->nactors = s->nactors;
    tk->ndim = is->ndim ? is->ndim : 1;
    if (tk->ndim != 1)
        return ent_i_fc_note(out, i, err, "bdm works on one-dimensional issues; this one has %zu dimensions", tk->ndim);
    size_t n;
    double wsum;
    ent_status_t st = gather(s, o, i, w, &n, &wsum, err);
    if (st) return st;
    if (n < 2 || !(wsum > 0))
        return ent_i_fc_note(out, i, err, n < 2 ? "bdm needs at least two actors with a position (has %zu)"
                                                : "no actor has both capability and salience (%zu positioned)", n);
    ent_bdm_result_t res;
    ent_bdm_result_init(&res);
    if ((st = ent_bdm_solve(n, w->c, w->x, w->sal, rounds, &o->bdm, &res, err))) goto done;
    if (fill_track(out, i, w, n, &res)) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory");
        goto done;
    }
    /* the model's own stop: stop_when_still ended the run before `rounds` */
    int own_stop = o->bdm.stop_when_still && res.nstates < (size_t)rounds + 1;
    if ((st = ent_i_fc_verdict(tk, ent_forecast_tolerance(s, i, o), own_stop, err))) goto done;
    if (res.degenerate &&
        (st = ent_i_fc_note(out, i, err, "%d round(s) kept positions unchanged: every actor equally endangered (no risk differences, e.g. all at one position)", res.degenerate)))
        goto done;
    if (res.median_ties &&
        (st = ent_i_fc_note(out, i, err, "median tied exactly in %d state(s); first position in actor order kept", res.median_ties)))
        goto done;
    if (o->trace) trace_issue(tr, s, is, &o->bdm, w, n, &res);
done:
    ent_bdm_result_destroy(&res);
    return st;
}

ent_status_t ent_bdm_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                         ent_forecast_t *out, ent_error_t *err)
{
    if (!s || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: scenario and result are required");
    ent_forecast_opts_t defo;
    if (!o) {
        ent_forecast_opts_init(&defo);
        o = &defo;
    }
    const ent_bdm_opts_t *bo = &o->bdm;
    int rounds = o->rounds > 0 ? o->rounds : bo->rounds > 0 ? bo->rounds : 10;
    if (rounds > 1000000)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "bdm: at most 1000000 rounds");
    ent_status_t st = ent_i_fc_begin(out, s, "bdm", ent_bdm_variant_name(bo->variant), err);
    if (st) return st;
    size_t na = s->nactors, ni = s->nissues;
    bdm_scratch_t w;
    w.c = malloc((na ? na : 1) * sizeof *w.c);
    w.x = malloc((na ? na : 1) * sizeof *w.x);
    w.sal = malloc((na ? na : 1) * sizeof *w.sal);
    w.idx = malloc((na ? na : 1) * sizeof *w.idx);
    ent_buf_t tr = ENT_BUF_INIT;
    out->tracks = calloc(ni ? ni : 1, sizeof *out->tracks);
    if (!w.c || !w.x || !w.sal || !w.idx || !out->tracks) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory");
        goto done;
    }
    for (size_t i = 0; i < ni; i++) {
        if ((st = run_issue(s, o, rounds, i, &w, out, &tr, err))) goto done;
        if ((st = ent_i_fc_tick(o, "bdm", i + 1, ni, err))) goto done;
    }
    if (o->trace) {
        out->trace = tr.oom ? NULL : ent_buf_take(&tr);
        if (!out->trace) {
            st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory (trace)");
            goto done;
        }
    }
done:
    ent_buf_free(&tr);
    free(w.c);
    free(w.x);
    free(w.sal);
    free(w.idx);
    if (st) ent_forecast_destroy(out);
    return st;
}
