/* SPDX-License-Identifier: MIT */
/* forecast.c — the forecast engine's front door: options, result lifetime, the dispatcher
 * ent_forecast_run() (which looks the model up in the registry, models.c), the issue-by-issue
 * runner ent_forecast_run_each(), plus the helpers the models share (forecast_i.h).
 *
 * Models: compromise, median, nash (static: compromise.c, median.c, nash.c); bdm, exchange,
 * smp (dynamic: bdm_run.c over bdm.c, exchange.c over exchange_kernel.c, smp_run.c over the
 * kernel in src/smp/). Sources of each model: docs/models.md.
 *
 * Complexity: the dispatcher is a scan of the registry; ent_i_fc_static_run() is
 * O(I · D · n log n) for I issues, D dimensions, n actors (the kernels sort).
 *
 * Deliberate deviation from forecast.h's one-line description of `why`: a static model may
 * leave a note in why[i] *with* an outcome (the Nash model says which disagreement point it
 * used when it falls back); outcome[i] == NULL is what marks a skipped issue.
 */
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ options, lifetime */

void ent_forecast_opts_init(ent_forecast_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->rounds = 0;
    o->tol = 0.0;
    o->trace = 0;
    o->capability = NULL;
    /* every model's own options, from the registry */
    const ent_forecast_model_t *m;
    for (size_t k = 0; (m = ent_forecast_model_at(k)); k++)
        if (m->opts_init) m->opts_init(o);
}

void ent_forecast_init(ent_forecast_t *f)
{
    if (f) memset(f, 0, sizeof *f);
}

void ent_forecast_destroy(ent_forecast_t *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->nissues; i++) {
        if (f->outcome) free(f->outcome[i]);
        if (f->why) free(f->why[i]);
        if (f->tracks) {
            free(f->tracks[i].x);
            free(f->tracks[i].fc);
            free(f->tracks[i].median);
            free(f->tracks[i].winprob);
            free(f->tracks[i].risk);
            free(f->tracks[i].round_movement);
            free(f->tracks[i].round_net);
            free(f->tracks[i].round_mwp);
        }
    }
    free(f->outcome);
    free(f->why);
    free(f->tracks);
    free(f->model);
    free(f->variant);
    free(f->trace);
    memset(f, 0, sizeof *f);
}

/* ------------------------------------------------------------------ dispatcher */

/* The last guard of the models' arithmetic: a forecast (an outcome, or a track's forecast
 * and median per round) that is infinite or NaN is never returned. The loader bounds every
 * number (0 or 1e-16..1e16 in magnitude), which keeps the models finite; a model that still
 * overflows refuses the scenario (ENT_EINPUT) and the result is emptied. NaN in a track's
 * positions is allowed: it marks an actor left out of a round. O(I * D * rounds). */
static ent_status_t check_finite(const ent_scenario_t *s, const char *model, ent_forecast_t *out,
                                 ent_error_t *err)
{
    for (size_t i = 0; i < out->nissues; i++) {
        size_t nd = i < s->nissues && s->issues[i].ndim ? s->issues[i].ndim : 1;
        int bad = 0;
        if (out->outcome && out->outcome[i])
            for (size_t d = 0; d < nd; d++) bad |= !isfinite(out->outcome[i][d]);
        const ent_track_t *t = out->tracks ? &out->tracks[i] : NULL;
        if (t && t->fc)
            for (size_t k = 0; k < t->nstates * t->ndim; k++) bad |= !isfinite(t->fc[k]);
        if (t && t->median)
            for (size_t k = 0; k < t->nstates; k++) bad |= !isfinite(t->median[k]);
        if (!bad) continue;
        const char *id = i < s->nissues ? s->issues[i].id : "?";
        ent_forecast_destroy(out);
        return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                             "model %s: the arithmetic overflowed on issue '%s' (a forecast is "
                             "infinite or not a number); expected smaller or less extreme "
                             "magnitudes: rescale the capabilities, positions or saliences", model, id);
    }
    return ENT_OK;
}

ent_status_t ent_forecast_run(const ent_scenario_t *s, const char *name,
                              const ent_forecast_opts_t *o, ent_forecast_t *out,
                              ent_error_t *err)
{
    if (!s || !name || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "ent_forecast_run: scenario, model name and result are required");
    const ent_forecast_model_t *m = ent_forecast_model_find(name);
    if (!m) {
        char names[256];
        ent_i_fc_model_names(names, sizeof names);
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "unknown model '%s'; expected one of %s",
                             name, names);
    }
    ent_forecast_opts_t defaults;
    if (!o) {
        ent_forecast_opts_init(&defaults);
        o = &defaults;
    }
    ent_status_t st = m->run(s, o, out, err);
    if (st == ENT_OK) st = check_finite(s, m->name, out, err);
    return st;
}

/* ------------------------------------------------------------------ issue by issue */

ent_status_t ent_forecast_run_each(const ent_scenario_t *s, const char *name,
                                   const ent_forecast_opts_t *o, ent_forecast_t *out,
                                   size_t *refused, ent_error_t *err)
{
    if (!s || !name || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_forecast_run_each: scenario, model and result are required");
    ent_status_t st = ent_i_fc_begin(out, s, name, NULL, err);
    if (st != ENT_OK) return st;
    if (refused) *refused = 0;
    ent_scenario_t one = *s;
    one.nissues = 1;
    one.pos = malloc((s->nactors ? s->nactors : 1) * sizeof *one.pos);
    ent_buf_t trace = ENT_BUF_INIT;
    ent_forecast_t f;
    ent_forecast_init(&f);
    if (!one.pos) goto oom;
    for (size_t i = 0; i < s->nissues; i++) {
        one.issues = &s->issues[i];
        for (size_t a = 0; a < s->nactors; a++) one.pos[a] = *ent_scenario_pos(s, a, i);
        ent_error_t e1;
        ent_error_clear(&e1);
        st = ent_forecast_run(&one, name, o, &f, &e1);
        if (st == ENT_EINPUT) {
            char msg[1100];
            ent_error_format(&e1, msg, sizeof msg);
            if ((st = ent_i_fc_note(out, i, err, "refused: %s", msg)) != ENT_OK) goto fail;
            if (refused) (*refused)++;
            ent_forecast_destroy(&f);
            continue;
        }
        if (st != ENT_OK) {
            ent_error_set(err, st, e1.file, e1.line, e1.col, "%s", e1.msg);
            goto fail;
        }
        if (!out->variant && f.variant) {
            out->variant = f.variant;
            f.variant = NULL;
        }
        out->outcome[i] = f.outcome[0];
        f.outcome[0] = NULL;
        out->why[i] = f.why[0];
        f.why[0] = NULL;
        if (f.tracks) {
            if (!out->tracks) {
                out->tracks = calloc(s->nissues, sizeof *out->tracks);
                if (!out->tracks) goto oom;
            }
            out->tracks[i] = f.tracks[0]; /* every series moves with the track */
            out->tracks[i].issue = i;
            memset(&f.tracks[0], 0, sizeof f.tracks[0]);
        }
        if (f.trace) ent_buf_puts(&trace, f.trace);
        ent_forecast_destroy(&f);
    }
    if (o && o->trace) {
        if (trace.oom) goto oom;
        out->trace = ent_buf_take(&trace);
        if (!out->trace) goto oom;
    }
    ent_buf_free(&trace);
    free(one.pos);
    return ENT_OK;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%s, issue by issue)", name);
fail:
    ent_forecast_destroy(&f);
    ent_buf_free(&trace);
    free(one.pos);
    ent_forecast_destroy(out);
    return st;
}

/* ------------------------------------------------------------------ tolerance */

double ent_forecast_tolerance(const ent_scenario_t *s, size_t issue, const ent_forecast_opts_t *o)
{
    if (o && o->tol > 0) return o->tol;
    if (!s || issue >= s->nissues) return 0;
    const ent_issue_t *is = &s->issues[issue];
    if (is->step > 0) return is->step / 2;
    double range = 0;
    for (size_t d = 0; d < (is->ndim ? is->ndim : 1); d++) {
        double r = is->lo && is->hi ? is->hi[d] - is->lo[d] : 100.0;
        if (r > range) range = r;
    }
    double precision = s->precision > 0 ? s->precision : 0.01;
    return precision * range / 2;
}

ent_status_t ent_i_fc_verdict(ent_track_t *track, double tol, int model_stop, ent_error_t *err)
{
    track->model_stop = model_stop;
    ent_track_verdict(track, tol);
    return ent_track_rounds(track, err);
}

/* ------------------------------------------------------------------ helpers for models */

static char *dupstr(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

ent_status_t ent_i_fc_begin(ent_forecast_t *out, const ent_scenario_t *s, const char *model,
                            const char *variant, ent_error_t *err)
{
    ent_forecast_destroy(out);
    size_t ni = s->nissues;
    out->nissues = ni;
    out->model = dupstr(model);
    out->variant = variant ? dupstr(variant) : NULL;
    out->outcome = calloc(ni ? ni : 1, sizeof *out->outcome);
    out->why = calloc(ni ? ni : 1, sizeof *out->why);
    if (!out->model || (variant && !out->variant) || !out->outcome || !out->why) {
        ent_forecast_destroy(out);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%s forecast)", model);
    }
    return ENT_OK;
}

ent_status_t ent_i_fc_note(ent_forecast_t *out, size_t issue, ent_error_t *err,
                           const char *fmt, ...)
{
    char note[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note, sizeof note, fmt, ap);
    va_end(ap);
    const char *old = out->why[issue];
    size_t lo = old ? strlen(old) : 0, ln = strlen(note);
    char *w = malloc(lo + 2 + ln + 1);
    if (!w) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (forecast note)");
    if (old) {
        memcpy(w, old, lo);
        memcpy(w + lo, "; ", 2);
        lo += 2;
    }
    memcpy(w + lo, note, ln + 1);
    free(out->why[issue]);
    out->why[issue] = w;
    return ENT_OK;
}

ent_status_t ent_i_fc_tick(const ent_forecast_opts_t *o, const char *phase, size_t done,
                           size_t total, ent_error_t *err)
{
    if (o && ent_progress_tick(&o->progress, phase, (double)done, (double)total))
        return ent_error_set(err, ENT_EINTR, NULL, 0, 0, "%s forecast interrupted", phase);
    return ENT_OK;
}

double ent_i_fc_capability(const ent_scenario_t *s, const ent_forecast_opts_t *o, size_t a,
                           size_t i)
{
    if (o && o->capability) return o->capability[a];
    return ent_scenario_capability(s, a, i);
}

ent_status_t ent_i_fc_points(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                             size_t issue, size_t dim, ent_i_pt_t *pts, size_t *n,
                             size_t *npos, ent_error_t *err)
{
    size_t k = 0, kp = 0;
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, issue);
        if (!p->present || !p->x || isnan(p->x[dim])) continue;
        double c = ent_i_fc_capability(s, o, a, issue);
        if (!(c >= 0) || isinf(c))
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                                 "capability of actor %s must be finite and >= 0",
                                 s->actors[a].id ? s->actors[a].id : "?");
        double sal = ent_scenario_salience(s, a, issue, dim);
        if (isnan(sal) || sal < 0) sal = 0; /* a missing salience carries no weight */
        pts[k].x = p->x[dim];
        pts[k].w = c * sal;
        pts[k].r = 0;
        pts[k].actor = a;
        if (pts[k].w > 0) kp++;
        k++;
    }
    *n = k;
    *npos = kp;
    return ENT_OK;
}

ent_status_t ent_i_fc_static_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                 const char *model, ent_i_static_fn fn, ent_forecast_t *out,
                                 ent_error_t *err)
{
    ent_status_t st = ent_i_fc_begin(out, s, model, NULL, err);
    if (st != ENT_OK) return st;
    ent_i_pt_t *pts = malloc((s->nactors ? s->nactors : 1) * sizeof *pts);
    double *val = malloc(ENT_MAX_DIMS * sizeof *val);
    char why[400];
    if (!pts || !val) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%s forecast)", model);
        goto done;
    }
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        size_t ndim = is->ndim ? is->ndim : 1;
        if (ndim > ENT_MAX_DIMS) {
            st = ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "issue %s has more than %d dimensions",
                               is->id ? is->id : "?", ENT_MAX_DIMS);
            goto done;
        }
        int ok = 1, same = 1;
        char first[400];
        first[0] = 0;
        for (size_t d = 0; d < ndim; d++) {
            size_t n, npos;
            st = ent_i_fc_points(s, o, i, d, pts, &n, &npos, err);
            if (st != ENT_OK) goto done;
            why[0] = 0;
            val[d] = NAN;
            st = fn(s, i, d, pts, n, &val[d], why, sizeof why, err);
            if (st != ENT_OK) goto done;
            if (isnan(val[d])) ok = 0;
            if (d == 0) memcpy(first, why, sizeof first);
            else same &= !strcmp(first, why);
            if (why[0] && ndim > 1) {
                st = ent_i_fc_note(out, i, err, "%s: %s",
                                   is->dim_names && is->dim_names[d] ? is->dim_names[d] : "dim", why);
                if (st != ENT_OK) goto done;
            }
        }
        /* one note for the issue when every dimension says the same */
        if (first[0] && (ndim == 1 || same)) {
            free(out->why[i]);
            out->why[i] = NULL;
            st = ent_i_fc_note(out, i, err, "%s%s", ndim > 1 ? "every dimension: " : "", first);
            if (st != ENT_OK) goto done;
        }
        if (ok) {
            out->outcome[i] = malloc(ndim * sizeof(double));
            if (!out->outcome[i]) {
                st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%s forecast)", model);
                goto done;
            }
            memcpy(out->outcome[i], val, ndim * sizeof(double));
        }
        if ((st = ent_i_fc_tick(o, model, i + 1, s->nissues, err)) != ENT_OK) goto done;
    }
done:
    free(pts);
    free(val);
    if (st != ENT_OK) ent_forecast_destroy(out);
    return st;
}

/* ---------------------------------------------------------------- shared sort */

static int cmp_pt(const void *a, const void *b)
{
    const ent_i_pt_t *p = a, *q = b;
    if (p->x < q->x) return -1;
    if (p->x > q->x) return 1;
    return (p->actor > q->actor) - (p->actor < q->actor);
}

/* Sort by (x, actor): insertion sort for the small issues of real tables (n <= 32, where
 * qsort's call overhead dominates), qsort above. Same order either way. */
void ent_i_sort_pts(ent_i_pt_t *p, size_t m)
{
    if (m > 32) {
        qsort(p, m, sizeof *p, cmp_pt);
        return;
    }
    for (size_t k = 1; k < m; k++) {
        ent_i_pt_t t = p[k];
        size_t j = k;
        while (j > 0 && cmp_pt(&p[j - 1], &t) > 0) {
            p[j] = p[j - 1];
            j--;
        }
        p[j] = t;
    }
}
