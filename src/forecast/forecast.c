/* forecast.c — the forecast engine's front door: options, result lifetime, the list of
 * models and the dispatcher ent_forecast_run(), plus the helpers the static models share
 * (forecast_i.h).
 *
 * Models: compromise, median, nash (static, this engine: compromise.c, median.c, nash.c);
 * bdm, exchange, smp (dynamic, written by colleagues in src/forecast/bdm.c, exchange.c and
 * src/smp/). While a runner had not landed it was referenced through a weak declaration, so
 * that this file linked before its module existed; ent_forecast_run() fails with
 * ENT_EINTERNAL "model X is not built" for a runner that is absent (a NULL entry).
 * Sources of each model: docs/models.md.
 *
 * Complexity: the dispatcher is O(1); ent_i_fc_static_run() is O(I · D · n log n) for I
 * issues, D dimensions, n actors (the kernels sort).
 *
 * Deliberate deviation from forecast.h's one-line description of `why`: a static model may
 * leave a note in why[i] *with* an outcome (the Nash model says which disagreement point it
 * used when it falls back); outcome[i] == NULL is what marks a skipped issue.
 */
#include "forecast/forecast_i.h"
#include "forecast/deu_validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dynamic models (bdm, exchange, smp) are declared in entente/forecast.h and defined
 * by their modules. While a module had not landed its runner was declared weak here; a weak
 * reference does not make the linker pull a module out of libentente.a, so every landed
 * runner is a plain reference. */

/* ------------------------------------------------------------------ options, lifetime */

void ent_forecast_opts_init(ent_forecast_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->rounds = 0;
    o->tol = 0.0;
    o->trace = 0;
    o->capability = NULL;
    ent_bdm_opts_init(&o->bdm);
    ent_exchange_opts_init(&o->exchange);
    ent_smp_opts_init(&o->smp);
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

static const char *const model_names[] = {"compromise", "median", "nash", "bdm",
                                          "exchange", "smp", NULL};

const char *const *ent_forecast_models(void)
{
    return model_names;
}

typedef ent_status_t (*runner_fn)(const ent_scenario_t *, const ent_forecast_opts_t *,
                                  ent_forecast_t *, ent_error_t *);
static runner_fn find_runner(const char *name, int *known);

int ent_forecast_model_built(const char *name)
{
    if (!name) return 0;
    int known;
    return find_runner(name, &known) != NULL;
}

static runner_fn find_runner(const char *name, int *known)
{
    *known = 1;
    if (!strcmp(name, "compromise")) return ent_compromise_run;
    if (!strcmp(name, "median")) return ent_median_run;
    if (!strcmp(name, "nash")) return ent_nash_run;
    if (!strcmp(name, "bdm")) return ent_bdm_run;
    if (!strcmp(name, "exchange")) return ent_exchange_run;
    if (!strcmp(name, "smp")) return ent_smp_run;
    *known = 0;
    return NULL;
}

ent_status_t ent_forecast_run(const ent_scenario_t *s, const char *name,
                              const ent_forecast_opts_t *o, ent_forecast_t *out,
                              ent_error_t *err)
{
    if (!s || !name || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "ent_forecast_run: scenario, model name and result are required");
    int known;
    runner_fn fn = find_runner(name, &known);
    if (!known)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "unknown model '%s'; expected one of compromise median nash bdm "
                             "exchange smp", name);
    if (!fn)
        return ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0, "model %s is not built", name);
    ent_forecast_opts_t defaults;
    if (!o) {
        ent_forecast_opts_init(&defaults);
        o = &defaults;
    }
    return fn(s, o, out, err);
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
