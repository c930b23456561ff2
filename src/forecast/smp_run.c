/* SPDX-License-Identifier: MIT */
/* smp_run.c — ent_smp_run(): the forecast engine's adapter of KTAB's Spatial Model of
 * Politics (the kernel, src/smp/, works on plain arrays and knows nothing of scenarios; this
 * file is to src/smp/smp.c what bdm_run.c is to bdm.c).
 *
 * Spec: ../shared/docs/models/smp.md (KTAB, MIT licence; Efird, Lester & Wise 2016); our
 * account: docs/models/smp.md. What the adapter does, issue by issue (each issue, with all
 * its dimensions, is one independent SMP run):
 *   - takes the actors with a position on the issue, in actor order (KTAB's row order);
 *   - maps each dimension's scale lo..hi to KTAB's [0,1] as (x − lo)/(hi − lo) — for the
 *     default 0..100 scale that is x/100.0, KTAB's own scaling bit for bit (§2) — and the
 *     saliences with ent_scenario_salience() (raw / salience_scale, again /100.0);
 *   - checks the input as KTAB does, before the run, with file:line:col: at least 3 actors,
 *     capability > 0, every salience given, each actor's saliences summing (in the
 *     scenario's units, left to right) to at most salience_scale, not all 0;
 *   - runs ent_smp_solve() with opts->smp (rounds from opts->rounds when set) and maps
 *     back: tracks hold every actor's position per state in issue units (lo + x·(hi − lo)),
 *     fc the expected position Σ π_m·rep_m over the distinct positions (§10 probabilities),
 *     outcome the last state's fc; the verdict comes from ent_track_verdict();
 *   - the track's winprob and risk (see entente/smp.h): nstates×nactors printed winning
 *     probabilities and risk attitudes (NaN for actors without a position);
 *   - trace (opts->trace): per round every challenge (target, P*, G*, both bargain copies)
 *     and every choice, and per state the winning probabilities.
 * Complexity: the kernel's (O(rounds·N³) per issue), plus O(T·N·D) to copy the tracks.
 * Deliberate deviations: an issue's SMP stops where KTAB's stopping rule stops it (§10), which
 * may come before positions are still within the tolerance (ent_forecast_tolerance, the
 * codings' precision); the verdict then says STOPPED ("stopped by the model's own rule"),
 * never "still moving at the round limit"; why[i] notes how the run stopped (KTAB's rule and
 * the last round's movement relative to the first, the round limit, or a degenerate state),
 * and the trace repeats it. The tolerance touches the verdict only: KTAB's numbers are
 * unchanged bit for bit.
 */
#include "forecast/forecast_i.h"
#include "entente/smp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *stop_name(ent_smp_stop_t s)
{
    switch (s) {
    case ENT_SMP_STOP_CONVERGED: return "converged (KTAB's 2% rule)";
    case ENT_SMP_STOP_ROUNDS: return "round limit";
    default: return "degenerate state (KTAB would abort)";
    }
}

static const char *aname(const ent_scenario_t *s, size_t a)
{
    return s->actors[a].id ? s->actors[a].id : "?";
}

static const char *file_of(const ent_scenario_t *s, ent_loc_t loc)
{
    return loc.line > 0 && s->origin ? s->origin : NULL;
}

/* Validation of one issue's positions (smp.md §2) with the scenario's locations. */
static ent_status_t check_issue(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                size_t i, size_t *nact, ent_error_t *err)
{
    const ent_issue_t *is = &s->issues[i];
    size_t D = is->ndim ? is->ndim : 1, n = 0;
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present || !p->x) continue;
        n++;
        ent_loc_t loc = p->loc.line > 0 ? p->loc : s->actors[a].loc;
        double c = ent_i_fc_capability(s, o, a, i);
        /* point at the capability where it was written: the position's override, else the
         * actor */
        ent_loc_t cl = (!o->capability && isnan(p->capability) && s->actors[a].loc.line > 0)
                           ? s->actors[a].loc : loc;
        if (!(c > 0.0) || !isfinite(c))
            return ent_error_set(err, ENT_EINPUT, file_of(s, cl), cl.line, cl.col,
                                 "smp: actor %s on issue %s has capability %g; the spatial "
                                 "model needs a capability > 0", aname(s, a), is->id, c);
        double sum = 0.0;
        for (size_t d = 0; d < D; d++) {
            double w = p->sal ? p->sal[d] : NAN;
            if (isnan(w))
                return ent_error_set(err, ENT_EINPUT, file_of(s, loc), loc.line, loc.col,
                                     "smp: actor %s on issue %s has no salience on dimension "
                                     "%zu; the spatial model needs one per dimension",
                                     aname(s, a), is->id, d + 1);
            sum += w;
            if (sum > s->salience_scale)
                return ent_error_set(err, ENT_EINPUT, file_of(s, loc), loc.line, loc.col,
                                     "smp: saliences of actor %s on issue %s sum to more than "
                                     "%g (%g after dimension %zu); the total must be at most "
                                     "%g", aname(s, a), is->id, s->salience_scale, sum, d + 1,
                                     s->salience_scale);
        }
        if (!(sum > 0.0))
            return ent_error_set(err, ENT_EINPUT, file_of(s, loc), loc.line, loc.col,
                                 "smp: every salience of actor %s on issue %s is 0; at least "
                                 "one must be > 0", aname(s, a), is->id);
    }
    if (n < 3)
        return ent_error_set(err, ENT_EINPUT, file_of(s, is->loc), is->loc.line, is->loc.col,
                             "smp: issue %s has %zu actor(s) with a position; the spatial "
                             "model needs at least 3", is->id, n);
    *nact = n;
    return ENT_OK;
}

static void trace_pos(ent_buf_t *b, const double *x, size_t D, const double *lo,
                      const double *rng)
{
    ent_buf_puts(b, "[");
    for (size_t d = 0; d < D; d++)
        ent_buf_printf(b, "%s%.2f", d ? " " : "", lo[d] + x[d] * rng[d]);
    ent_buf_puts(b, "]");
}

static void trace_issue(ent_buf_t *b, const ent_scenario_t *s, size_t i, const size_t *map,
                        size_t n, const ent_smp_result_t *r, const double *lo,
                        const double *rng)
{
    size_t D = r->d;
    ent_buf_printf(b, "smp issue %s: %zu actors, %zu dimension(s), %zu round(s), stop: %s\n",
                   s->issues[i].id, n, D, r->nstates - 1, stop_name(r->stop));
    for (size_t t = 0; t < r->nstates; t++) {
        if (t > 0) {
            size_t k = t - 1;
            ent_buf_printf(b, "round %zu (ratio to first step %.4f)\n", t, r->ratio[t]);
            for (size_t a = 0; a < n; a++) {
                long j = r->target[k * n + a];
                if (j < 0) {
                    ent_buf_printf(b, "  %s challenges nobody\n", aname(s, map[a]));
                    continue;
                }
                ent_buf_printf(b, "  %s challenges %s: P %.4f, expected gain %+.4f, bargain ",
                               aname(s, map[a]), aname(s, map[j]), r->tprob[k * n + a],
                               r->tgain[k * n + a]);
                trace_pos(b, r->bargain + (k * n + a) * 2 * D, D, lo, rng);
                ent_buf_puts(b, " / ");
                trace_pos(b, r->bargain + (k * n + a) * 2 * D + D, D, lo, rng);
                ent_buf_puts(b, "\n");
            }
            for (size_t a = 0; a < n; a++) {
                long c = r->chosen[k * n + a];
                ent_buf_printf(b, "  %s chooses ", aname(s, map[a]));
                if (c < 0) ent_buf_puts(b, "its status quo");
                else if ((size_t)c == a) ent_buf_puts(b, "its own bargain");
                else ent_buf_printf(b, "the bargain of %s", aname(s, map[c]));
                ent_buf_printf(b, " (q %.4f of %d options) -> ", r->chosen_q[k * n + a],
                               r->noptions[k * n + a]);
                trace_pos(b, r->x + (t * n + a) * D, D, lo, rng);
                ent_buf_puts(b, "\n");
            }
        }
        ent_buf_printf(b, "state %zu winning probabilities:", t);
        for (size_t a = 0; a < n; a++)
            ent_buf_printf(b, " %s %.4f", aname(s, map[a]), r->prob[t * n + a]);
        ent_buf_puts(b, "\nstate ");
        ent_buf_printf(b, "%zu risk attitudes:", t);
        for (size_t a = 0; a < n; a++)
            ent_buf_printf(b, " %s %+.3f", aname(s, map[a]), r->risk[t * n + a]);
        ent_buf_puts(b, "\n");
    }
}

/* Scratch arrays of one run, sized for the scenario's actors and widest issue. */
typedef struct {
    size_t *map;  /* kernel row k -> scenario actor */
    double *cap, *x, *sal;
    double lo[ENT_MAX_DIMS], rng[ENT_MAX_DIMS];
} smp_scratch_t;

/* Why the run of issue i stopped, in why[i]. */
static ent_status_t note_stop(ent_forecast_t *out, size_t i, const ent_smp_result_t *r,
                              ent_error_t *err)
{
    size_t T = r->nstates;
    if (r->stop == ENT_SMP_STOP_CONVERGED)
        return ent_i_fc_note(out, i, err, "stopped by KTAB's rule after %zu rounds: the "
                             "last round moved %.2f%% of the first round's distance (< 2%%)",
                             T - 1, 100.0 * r->ratio[T - 1]);
    if (r->stop == ENT_SMP_STOP_ROUNDS && T > 1)
        return ent_i_fc_note(out, i, err, "reached the round limit (%zu rounds) before "
                             "KTAB's stopping rule: the last round moved %.2f%% of the first "
                             "round's distance", T - 1, 100.0 * r->ratio[T - 1]);
    if (r->stop == ENT_SMP_STOP_DEGENERATE)
        return ent_i_fc_note(out, i, err, "stopped after %zu round(s) at a degenerate "
                             "state (all positions equally likely, or utilities that do "
                             "not depend on risk): KTAB aborts there", T - 1);
    return ENT_OK;
}

/* Copy the kernel's result back into issue units: positions, forecast, outcome, winning
 * probabilities and risk attitudes (n positioned actors, rows map[k]). */
static int fill_track(const ent_scenario_t *s, ent_forecast_t *out, size_t i,
                      const smp_scratch_t *w, size_t n, const ent_smp_result_t *r)
{
    ent_track_t *tr = &out->tracks[i];
    size_t NA = s->nactors, D = tr->ndim, T = r->nstates;
    tr->nstates = T;
    tr->x = malloc(T * NA * D * sizeof(double));
    tr->fc = malloc(T * D * sizeof(double));
    tr->winprob = malloc(T * NA * sizeof(double));
    tr->risk = malloc(T * NA * sizeof(double));
    out->outcome[i] = malloc(D * sizeof(double));
    if (!tr->x || !tr->fc || !tr->winprob || !tr->risk || !out->outcome[i]) return -1;
    for (size_t k = 0; k < T * NA * D; k++) tr->x[k] = NAN;
    for (size_t k = 0; k < T * NA; k++) tr->winprob[k] = tr->risk[k] = NAN;
    for (size_t t = 0; t < T; t++) {
        for (size_t k = 0; k < n; k++) {
            for (size_t d = 0; d < D; d++)
                tr->x[(t * NA + w->map[k]) * D + d] =
                    w->lo[d] + r->x[(t * n + k) * D + d] * w->rng[d];
            tr->winprob[t * NA + w->map[k]] = r->prob[t * r->n + k];
            tr->risk[t * NA + w->map[k]] = r->risk[t * r->n + k];
        }
        for (size_t d = 0; d < D; d++)
            tr->fc[t * D + d] = w->lo[d] + r->expected[t * D + d] * w->rng[d];
    }
    memcpy(out->outcome[i], tr->fc + (T - 1) * D, D * sizeof(double));
    return 0;
}

/* One issue: gather the positioned actors on KTAB's [0,1] scale, solve, map back. */
static ent_status_t run_issue(const ent_scenario_t *s, const ent_forecast_opts_t *o, size_t i,
                              smp_scratch_t *w, ent_forecast_t *out, ent_buf_t *tb,
                              ent_error_t *err)
{
    const ent_issue_t *is = &s->issues[i];
    size_t D = is->ndim ? is->ndim : 1, n = 0;
    ent_track_t *tr = &out->tracks[i];
    tr->issue = i;
    tr->nactors = s->nactors;
    tr->ndim = D;
    if (D > ENT_MAX_DIMS)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "smp: issue %s has %zu dimensions; "
                             "at most %d", is->id, D, ENT_MAX_DIMS);
    for (size_t d = 0; d < D; d++) {
        w->lo[d] = is->lo ? is->lo[d] : 0.0;
        w->rng[d] = (is->hi ? is->hi[d] : 100.0) - w->lo[d];
    }
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present || !p->x) continue;
        w->map[n] = a;
        w->cap[n] = ent_i_fc_capability(s, o, a, i);
        for (size_t d = 0; d < D; d++) {
            double v = (p->x[d] - w->lo[d]) / w->rng[d];
            w->x[n * D + d] = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
            w->sal[n * D + d] = ent_scenario_salience(s, a, i, d);
        }
        n++;
    }
    ent_smp_input_t in = {n, D, w->cap, w->x, w->sal};
    ent_smp_result_t r;
    ent_smp_result_init(&r);
    ent_smp_opts_t so = o->smp;
    if (!so.progress.fn) so.progress = o->progress; /* the kernel ticks once per round */
    ent_status_t st = ent_smp_solve(&in, &so, o->rounds, &r, err);
    if (st != ENT_OK) return st;
    if (fill_track(s, out, i, w, n, &r)) goto oom;
    /* KTAB's 2 % rule and a degenerate state end the run by the model's own rule */
    int own_stop = r.stop == ENT_SMP_STOP_CONVERGED || r.stop == ENT_SMP_STOP_DEGENERATE;
    if ((st = ent_i_fc_verdict(tr, ent_forecast_tolerance(s, i, o), own_stop, err)) != ENT_OK) goto done;
    if ((st = note_stop(out, i, &r, err)) != ENT_OK) goto done;
    if (o->trace) {
        trace_issue(tb, s, i, w->map, n, &r, w->lo, w->rng);
        if (tb->oom) goto oom;
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (smp forecast)");
done:
    ent_smp_result_destroy(&r);
    return st;
}

ent_status_t ent_smp_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                         ent_forecast_t *out, ent_error_t *err)
{
    if (!s || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "ent_smp_run: scenario and result are required");
    ent_forecast_opts_t defaults;
    if (!o) {
        ent_forecast_opts_init(&defaults);
        o = &defaults;
    }
    size_t NA = s->nactors, NI = s->nissues;
    /* validate every issue before running anything */
    for (size_t i = 0; i < NI; i++) {
        size_t n;
        ent_status_t vs = check_issue(s, o, i, &n, err);
        if (vs != ENT_OK) return vs;
    }
    const char *variant = o->smp.stm == ENT_SMP_STM_STOCHASTIC ? "stochastic" : NULL;
    ent_status_t st = ent_i_fc_begin(out, s, "smp", variant, err);
    if (st != ENT_OK) return st;

    ent_buf_t tb = ENT_BUF_INIT;
    size_t maxD = 1;
    for (size_t i = 0; i < NI; i++)
        if (s->issues[i].ndim > maxD) maxD = s->issues[i].ndim;
    if (maxD > ENT_MAX_DIMS) maxD = ENT_MAX_DIMS;
    smp_scratch_t w;
    w.map = malloc((NA ? NA : 1) * sizeof *w.map);
    w.cap = malloc((NA ? NA : 1) * sizeof *w.cap);
    w.x = malloc((NA ? NA : 1) * maxD * sizeof *w.x);
    w.sal = malloc((NA ? NA : 1) * maxD * sizeof *w.sal);
    out->tracks = calloc(NI ? NI : 1, sizeof *out->tracks);
    if (!w.map || !w.cap || !w.x || !w.sal || !out->tracks) goto oom;
    for (size_t i = 0; i < NI; i++) {
        if ((st = run_issue(s, o, i, &w, out, &tb, err)) != ENT_OK) goto done;
        if ((st = ent_i_fc_tick(o, "smp", i + 1, NI, err)) != ENT_OK) goto done;
    }
    if (o->trace) {
        out->trace = ent_buf_take(&tb);
        if (!out->trace) goto oom;
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (smp forecast)");
done:
    ent_buf_free(&tb);
    free(w.map);
    free(w.cap);
    free(w.x);
    free(w.sal);
    if (st != ENT_OK) ent_forecast_destroy(out);
    return st;
}
