/* bdm_run.c — scenario adapter of the expected-utility model: ent_bdm_run().
 *
 * Runs the kernel of bdm.c (spec ../shared/docs/models/bdm.md; our account
 * docs/models/bdm.md) on every one-dimensional issue of a scenario, with the actors that
 * hold a position on it, in scenario order (the model's tie-breaks follow input order).
 * Capability: ent_scenario_capability, or o->capability when given; salience:
 * ent_scenario_salience (already on [0,1]); a missing salience counts as 0.
 * Fills, per issue: outcome = the mean position of the last state (the model's forecast),
 * a track with every actor's position per state and the mean per state (fc), the verdict
 * (ent_track_verdict, tolerance o->tol or 1e-9 × the issue's scale range), and the
 * weighted median per state in the track's `median` (nstates entries).
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

ent_status_t ent_bdm_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                         ent_forecast_t *out, ent_error_t *err)
{
    if (!s || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: scenario and result are required");
    ent_forecast_opts_t defo;
    if (!o) {
        ent_forecast_opts_init(&defo);
        ent_bdm_opts_init(&defo.bdm);
        o = &defo;
    }
    const ent_bdm_opts_t *bo = &o->bdm;
    int rounds = o->rounds > 0 ? o->rounds : bo->rounds > 0 ? bo->rounds : 10;
    if (rounds > 1000000)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "bdm: at most 1000000 rounds");
    ent_status_t st = ent_i_fc_begin(out, s, "bdm", ent_bdm_variant_name(bo->variant), err);
    if (st) return st;
    size_t na = s->nactors, ni = s->nissues;
    double *c = malloc((na ? na : 1) * sizeof *c);
    double *x = malloc((na ? na : 1) * sizeof *x);
    double *sal = malloc((na ? na : 1) * sizeof *sal);
    size_t *idx = malloc((na ? na : 1) * sizeof *idx);
    ent_buf_t tr = ENT_BUF_INIT;
    ent_bdm_result_t res;
    ent_bdm_result_init(&res);
    out->tracks = calloc(ni ? ni : 1, sizeof *out->tracks);
    if (!c || !x || !sal || !idx || !out->tracks) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory");
        goto done;
    }
    for (size_t i = 0; i < ni; i++) {
        /* progress after every issue (this one ticks for the previous; the last after the loop) */
        if (i > 0 && (st = ent_i_fc_tick(o, "bdm", i, ni, err))) goto done;
        const ent_issue_t *is = &s->issues[i];
        ent_track_t *tk = &out->tracks[i];
        tk->issue = i;
        tk->nactors = na;
        tk->ndim = is->ndim ? is->ndim : 1;
        if (tk->ndim != 1) {
            if ((st = ent_i_fc_note(out, i, err, "bdm works on one-dimensional issues; this one has %zu dimensions", tk->ndim)))
                goto done;
            continue;
        }
        size_t n = 0;
        double wsum = 0;
        for (size_t a = 0; a < na; a++) {
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (!p->present || !p->x || isnan(p->x[0])) continue;
            double ca = o->capability ? o->capability[a] : ent_scenario_capability(s, a, i);
            double sa = ent_scenario_salience(s, a, i, 0);
            if (isnan(sa) || sa < 0) sa = 0;
            if (sa > 1) sa = 1;
            if (!(ca >= 0) || isinf(ca)) {
                st = ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: capability of actor %s must be finite and >= 0",
                                   s->actors[a].id ? s->actors[a].id : "?");
                goto done;
            }
            c[n] = ca;
            x[n] = p->x[0];
            sal[n] = sa;
            idx[n] = a;
            wsum += ca * sa;
            n++;
        }
        if (n < 2 || !(wsum > 0)) {
            if ((st = ent_i_fc_note(out, i, err, n < 2 ? "bdm needs at least two actors with a position (has %zu)"
                                                      : "no actor has both capability and salience (%zu positioned)", n)))
                goto done;
            continue;
        }
        if ((st = ent_bdm_solve(n, c, x, sal, rounds, bo, &res, err))) goto done;
        tk->nstates = res.nstates;
        tk->x = malloc(res.nstates * na * sizeof *tk->x);
        tk->fc = malloc(res.nstates * sizeof *tk->fc);
        tk->median = malloc(res.nstates * sizeof *tk->median);
        out->outcome[i] = malloc(sizeof(double));
        if (!tk->x || !tk->fc || !tk->median || !out->outcome[i]) {
            st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory");
            goto done;
        }
        for (size_t t = 0; t < res.nstates; t++) {
            for (size_t a = 0; a < na; a++) tk->x[t * na + a] = NAN;
            for (size_t k = 0; k < n; k++) tk->x[t * na + idx[k]] = res.x[t * n + k];
            tk->fc[t] = res.mean[t];
            tk->median[t] = res.median[t];
        }
        out->outcome[i][0] = res.mean[res.nstates - 1];
        double tol = o->tol > 0 ? o->tol : 1e-9 * (is->hi && is->lo ? is->hi[0] - is->lo[0] : res.R);
        ent_track_verdict(tk, tol);
        if (res.degenerate &&
            (st = ent_i_fc_note(out, i, err, "%d round(s) kept positions unchanged: every actor equally endangered (no risk differences, e.g. all at one position)", res.degenerate)))
            goto done;
        if (res.median_ties &&
            (st = ent_i_fc_note(out, i, err, "median tied exactly in %d state(s); first position in actor order kept", res.median_ties)))
            goto done;
        if (o->trace) {
            ent_buf_printf(&tr, "issue %s (bdm %s, %zu actors, R %.6f)\n", is->id ? is->id : "?",
                           ent_bdm_variant_name(bo->variant), n, res.R);
            size_t f = 0;
            for (size_t t = 0; t < res.nstates; t++) {
                ent_buf_printf(&tr, "  round %zu: mean %.6f median %.6f\n", t, res.mean[t], res.median[t]);
                if (t > 0) {
                    ent_buf_puts(&tr, "    r:");
                    for (size_t k = 0; k < n; k++) ent_buf_printf(&tr, " %.6f", res.r[t * n + k]);
                    ent_buf_puts(&tr, "\n");
                }
                for (; f < res.noffers && (size_t)res.offers[f].round == t; f++) {
                    const ent_bdm_offer_t *of = &res.offers[f];
                    ent_buf_printf(&tr, "    %s <- %s: %s a=%.6f b=%.6f -> %.6f\n",
                                   actor_name(s, idx[of->receiver]), actor_name(s, idx[of->proposer]),
                                   ent_bdm_offer_kind_name(of->kind), of->a, of->b, of->x_new);
                }
            }
        }
        ent_bdm_result_destroy(&res);
    }
    if (ni > 0 && (st = ent_i_fc_tick(o, "bdm", ni, ni, err))) goto done;
    if (o->trace) {
        if (tr.oom) {
            st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory (trace)");
            goto done;
        }
        out->trace = ent_buf_take(&tr);
        if (!out->trace) {
            st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory (trace)");
            goto done;
        }
    }
done:
    ent_bdm_result_destroy(&res);
    ent_buf_free(&tr);
    free(c);
    free(x);
    free(sal);
    free(idx);
    if (st) ent_forecast_destroy(out);
    return st;
}
