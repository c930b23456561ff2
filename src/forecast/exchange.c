/* SPDX-License-Identifier: MIT */
/* exchange.c — ent_exchange_run(): Stokman's equal-gain exchange model on a scenario.
 *
 * The scenario adapter around the kernel (exchange_kernel.c). Source: Stokman & Van Oosten
 * (1994) and Decide's EqualGainModel as specified in ../shared/docs/models/exchange.md;
 * our own account is docs/models/exchange.md.
 *
 * What it does:
 *   - takes every one-dimensional issue (multi-dimensional ones are skipped with a `why`);
 *   - maps each issue's scale lo..hi to 0..100 (spec §1: step = 100/(hi−lo) in double,
 *     x = (position − lo)·step with the subtraction first), saliences from
 *     ent_scenario_salience() ([0,1]), power per actor-issue from the capability (the Decide
 *     importer's #D power is the per-position override; opts->capability replaces both);
 *   - sums over an issue's actors in the order their positions were written in the source
 *     file (the loader's line:col; Decide's #D row order), else in actor order;
 *   - runs the kernel and de-normalises (value/step + lo) the outcome per round, the voting
 *     positions per round (tracks: state 0 = input, state t = votes at the end of round t)
 *     and, when opts->trace is set, the realised exchanges of every round;
 *   - fills each track's verdict and movement per round (ent_i_fc_verdict; tolerance
 *     ent_forecast_tolerance: opts->tol, else the codings' precision, docs/verdict.md);
 *   - with opts->exchange.externalities, adds Decide's externalities (spec §8) to the trace:
 *     per exchange the inner/outer positive/negative sums, per round and actor the five sums.
 * Complexity: the kernel's (see exchange_kernel.c), plus O(T·N·P) to copy the tracks.
 *
 * Deliberate deviations: a position with salience 0 or capability 0 carries no weight in the
 * outcome and would make the exchange ratio undefined (a division by zero in Decide, whose
 * reader rejects it); we leave such a position out of the model and say so in why[] of that
 * issue instead of failing the whole forecast. An issue with no remaining position gets no
 * outcome. With fewer than two usable issues no exchange is possible: every issue gets a
 * `why` and no outcome (a model outcome, not an error).
 */
#include "entente/exchange.h"
#include "entente/forecast.h"
#include "entente/core.h"
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t n, P;          /* actors, kernel issues */
    size_t *issue;        /* P: scenario index of kernel issue p */
    double *lo, *step;    /* P */
    double *x, *sal, *pow;
    unsigned char *present;
    size_t *order;
} adapt_t;

static void adapt_free(adapt_t *a)
{
    free(a->issue);
    free(a->lo);
    free(a->step);
    free(a->x);
    free(a->sal);
    free(a->pow);
    free(a->present);
    free(a->order);
}

static double denorm(const adapt_t *a, size_t p, double v)
{
    if (isnan(v)) return v;
    return a->step[p] == 0.0 ? a->lo[p] : v / a->step[p] + a->lo[p];
}

typedef struct {
    size_t actor;
    int line, col;
} ord_t;

static int cmp_ord(const void *pa, const void *pb)
{
    const ord_t *a = pa, *b = pb;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return a->actor < b->actor ? -1 : a->actor > b->actor;
}

/* Actors of kernel issue p in summation order: by source position when every present
 * position has a known line, otherwise by actor index; absent actors last. */
static void summation_order(const ent_scenario_t *s, adapt_t *a, size_t p, ord_t *tmp)
{
    size_t n = a->n, i = a->issue[p], k = 0;
    int known = 1;
    for (size_t act = 0; act < n; act++) {
        if (!a->present[p * n + act]) continue;
        const ent_position_t *pos = ent_scenario_pos(s, act, i);
        tmp[k].actor = act;
        tmp[k].line = pos->loc.line;
        tmp[k].col = pos->loc.col;
        if (pos->loc.line <= 0) known = 0;
        k++;
    }
    if (!known)
        for (size_t r = 0; r < k; r++) tmp[r].line = tmp[r].col = 0;
    qsort(tmp, k, sizeof *tmp, cmp_ord);
    for (size_t r = 0; r < k; r++) a->order[p * n + r] = tmp[r].actor;
    for (size_t act = 0; act < n; act++)
        if (!a->present[p * n + act]) a->order[p * n + k++] = act;
}

static const char *actor_name(const ent_scenario_t *s, size_t a)
{
    return s->actors[a].id ? s->actors[a].id : "?";
}

static const char *issue_name(const ent_scenario_t *s, size_t i)
{
    return s->issues[i].id ? s->issues[i].id : "?";
}

static char *make_trace(const ent_scenario_t *s, const adapt_t *a, const ent_exchange_opts_t *eo,
                        const ent_exchange_result_t *r)
{
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_printf(&b, "exchange model (equal gain): %zu issues, %zu actors, %d rounds, ties %s",
                   a->P, a->n, r->nrounds,
                   eo->tie == ENT_EXCHANGE_TIE_SEEDED ? "seeded" : "deterministic");
    if (eo->tie == ENT_EXCHANGE_TIE_SEEDED)
        ent_buf_printf(&b, " (seed %llu)", (unsigned long long)eo->seed);
    ent_buf_puts(&b, "\n");
    for (int t = 1; t <= r->nrounds; t++) {
        size_t k = (size_t)t - 1;
        ent_buf_printf(&b, "round %d: %zu candidates, %zu valid, %zu realised, ties %zu\n", t,
                       r->ncand[k], r->nvalid[k], r->ndeals[k], r->nties[k]);
        for (size_t d = 0; d < r->ndeals[k]; d++) {
            const ent_exchange_deal_t *e = &r->deals[r->first[k] + d];
            ent_buf_printf(&b, "  r%d #%zu gain %.12f", t, d + 1, e->gain);
            for (int side = 0; side < 2; side++) {
                size_t p = e->supply[side];
                ent_buf_printf(&b, " | %s %s %.6f -> %.6f", actor_name(s, e->actor[side]),
                               issue_name(s, a->issue[p]), denorm(a, p, e->x0[side]),
                               denorm(a, p, e->y[side]));
            }
            if (r->deal_ext) {
                const double *x = r->deal_ext + (r->first[k] + d) * ENT_EXCHANGE_EXT_N;
                ent_buf_printf(&b, " | ext inner %+.6f %+.6f outer %+.6f %+.6f",
                               x[ENT_EXCHANGE_EXT_INNER_POS], x[ENT_EXCHANGE_EXT_INNER_NEG],
                               x[ENT_EXCHANGE_EXT_OUTER_POS], x[ENT_EXCHANGE_EXT_OUTER_NEG]);
            }
            ent_buf_puts(&b, "\n");
        }
        if (r->ext) {
            ent_buf_printf(&b, "  externalities of round %d per actor: inner+ inner- outer+ "
                               "outer- own\n", t);
            for (size_t act = 0; act < a->n; act++) {
                const double *x = r->ext + (k * a->n + act) * ENT_EXCHANGE_EXT_N;
                ent_buf_printf(&b, "    %s %.6f %.6f %.6f %.6f %.6f\n", actor_name(s, act),
                               x[0], x[1], x[2], x[3], x[4]);
            }
        }
    }
    if (b.oom) {
        ent_buf_free(&b);
        return NULL;
    }
    return ent_buf_take(&b);
}

/* Which issues enter the model: one-dimensional ones with at least one usable position (a
 * position with salience in (0,1] and capability > 0); the others get a note. Fills
 * a->issue[0..a->P-1]. */
static ent_status_t select_issues(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                  ent_forecast_t *out, adapt_t *a, ent_error_t *err)
{
    ent_status_t st;
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        if (is->ndim != 1) {
            st = ent_i_fc_note(out, i, err, "multi-dimensional issue (%zu dimensions): the "
                               "exchange model trades votes on one-dimensional issues", is->ndim);
            if (st != ENT_OK) return st;
            continue;
        }
        size_t usable = 0, dropped = 0;
        for (size_t k = 0; k < a->n; k++) {
            const ent_position_t *pos = ent_scenario_pos(s, k, i);
            if (!pos->present || !pos->x || isnan(pos->x[0])) continue;
            double sal = ent_scenario_salience(s, k, i, 0), c = ent_i_fc_capability(s, o, k, i);
            if (sal > 0 && sal <= 1 && c > 0 && isfinite(c)) usable++;
            else dropped++;
        }
        if (dropped) {
            st = ent_i_fc_note(out, i, err, "%zu position(s) with salience or capability not > 0 "
                               "left out of the exchange model", dropped);
            if (st != ENT_OK) return st;
        }
        if (!usable) {
            st = ent_i_fc_note(out, i, err, "no actor with a weighted position");
            if (st != ENT_OK) return st;
            continue;
        }
        a->issue[a->P++] = i;
    }
    return ENT_OK;
}

/* The kernel's input on the model scale 0..100 (spec §1) for the selected issues, with each
 * issue's summation order. Returns 0, or -1 when out of memory. */
static int build_input(const ent_scenario_t *s, const ent_forecast_opts_t *o, adapt_t *a)
{
    size_t n = a->n, P = a->P, np = n * P;
    a->lo = malloc(P * sizeof(double));
    a->step = malloc(P * sizeof(double));
    a->x = calloc(np ? np : 1, sizeof(double));
    a->sal = malloc((np ? np : 1) * sizeof(double));
    a->pow = malloc((np ? np : 1) * sizeof(double));
    a->present = calloc(np ? np : 1, 1);
    a->order = malloc((np ? np : 1) * sizeof(size_t));
    ord_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!a->lo || !a->step || !a->x || !a->sal || !a->pow || !a->present || !a->order || !tmp) {
        free(tmp);
        return -1;
    }
    for (size_t p = 0; p < P; p++) {
        const ent_issue_t *is = &s->issues[a->issue[p]];
        double lo = is->lo ? is->lo[0] : 0.0, hi = is->hi ? is->hi[0] : 100.0;
        a->lo[p] = lo;
        a->step[p] = hi == lo ? 0.0 : 100.0 / (hi - lo);
        for (size_t k = 0; k < n; k++) {
            size_t j = p * n + k;
            a->sal[j] = 1.0;
            a->pow[j] = 1.0;
            const ent_position_t *pos = ent_scenario_pos(s, k, a->issue[p]);
            if (!pos->present || !pos->x || isnan(pos->x[0])) continue;
            double sal = ent_scenario_salience(s, k, a->issue[p], 0);
            double c = ent_i_fc_capability(s, o, k, a->issue[p]);
            if (!(sal > 0 && sal <= 1 && c > 0 && isfinite(c))) continue;
            double x = (pos->x[0] - lo) * a->step[p];
            a->x[j] = x < 0.0 ? 0.0 : x > 100.0 ? 100.0 : x;
            a->sal[j] = sal;
            a->pow[j] = c;
            a->present[j] = 1;
        }
        summation_order(s, a, p, tmp);
    }
    free(tmp);
    return 0;
}

/* Tracks and outcomes of the selected issues in issue units. Returns 0, or -1 (OOM). */
static int fill_tracks(ent_forecast_t *out, const adapt_t *a, const ent_exchange_result_t *r)
{
    size_t T = (size_t)r->nrounds + 1, n = a->n, P = a->P;
    for (size_t p = 0; p < P; p++) {
        size_t i = a->issue[p];
        ent_track_t *tr = &out->tracks[i];
        out->outcome[i] = malloc(sizeof(double));
        tr->x = malloc(T * (n ? n : 1) * sizeof(double));
        tr->fc = malloc(T * sizeof(double));
        if (!out->outcome[i] || !tr->x || !tr->fc) return -1;
        tr->nstates = T;
        for (size_t t = 0; t < T; t++) {
            tr->fc[t] = denorm(a, p, r->outcome[t * P + p]);
            for (size_t k = 0; k < n; k++)
                tr->x[t * n + k] = denorm(a, p, r->vote[(t * P + p) * n + k]);
        }
        out->outcome[i][0] = tr->fc[T - 1];
    }
    return 0;
}

ent_status_t ent_exchange_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                              ent_forecast_t *out, ent_error_t *err)
{
    if (!s || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "ent_exchange_run: scenario and result are required");
    ent_forecast_opts_t defaults;
    if (!o) {
        ent_forecast_opts_init(&defaults);
        o = &defaults;
    }
    ent_exchange_opts_t eo = o->exchange;
    if (o->rounds > 0) eo.rounds = o->rounds;
    if (!eo.progress.fn) eo.progress = o->progress; /* the kernel ticks once per round */
    const char *variant = eo.tie == ENT_EXCHANGE_TIE_SEEDED ? "seeded" : "deterministic";
    ent_status_t st = ent_i_fc_begin(out, s, "exchange", variant, err);
    if (st != ENT_OK) return st;

    adapt_t a;
    memset(&a, 0, sizeof a);
    ent_exchange_result_t r;
    ent_exchange_result_init(&r);
    size_t n = s->nactors, NI = s->nissues;
    a.n = n;
    out->tracks = calloc(NI ? NI : 1, sizeof *out->tracks);
    a.issue = malloc((NI ? NI : 1) * sizeof *a.issue);
    if (!out->tracks || !a.issue) goto oom;
    for (size_t i = 0; i < NI; i++) {
        out->tracks[i].issue = i;
        out->tracks[i].nactors = n;
        out->tracks[i].ndim = s->issues[i].ndim ? s->issues[i].ndim : 1;
    }
    if ((st = select_issues(s, o, out, &a, err)) != ENT_OK) goto done;
    if (a.P < 2) {
        for (size_t p = 0; p < a.P; p++) {
            st = ent_i_fc_note(out, a.issue[p], err, "the exchange model needs at least two "
                               "one-dimensional issues with positions; the scenario has %zu",
                               a.P);
            if (st != ENT_OK) goto done;
        }
        for (size_t i = 0; i < NI; i++) ent_track_verdict(&out->tracks[i], 0);
        goto done;
    }
    if (build_input(s, o, &a)) goto oom;
    ent_exchange_input_t in = {n, a.P, a.x, a.sal, a.pow, a.present, a.order};
    st = ent_exchange_solve(&in, &eo, &r, err);
    if (st != ENT_OK) goto done;
    if (fill_tracks(out, &a, &r)) goto oom;
    for (size_t i = 0; i < NI; i++)
        if ((st = ent_i_fc_verdict(&out->tracks[i], ent_forecast_tolerance(s, i, o), 0, err)) != ENT_OK) goto done;
    if (o->trace) {
        out->trace = make_trace(s, &a, &eo, &r);
        if (!out->trace) goto oom;
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (exchange forecast)");
done:
    adapt_free(&a);
    ent_exchange_result_destroy(&r);
    if (st != ENT_OK) ent_forecast_destroy(out);
    return st;
}
