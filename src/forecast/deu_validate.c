/* SPDX-License-Identifier: MIT */
/* deu_validate.c — score forecast models on a table of issues with actual outcomes (the
 * DEU design: Thomson, Stokman, Achen & König (eds.) 2006, *The European Union Decides*;
 * DEU III: Arregui & Perarnaud 2022), and capability from a decision rule's voting power.
 *
 * Which issues count: one-dimensional issues with an outcome and at least `min_actors`
 * (3) actors with a position (a position without salience still counts as positioned; it
 * carries weight 0 in the models). This is the selection of the DEU literature that gives
 * 351 issues on DEU III.
 * Per model: absolute errors |forecast − outcome| over the counted issues the model
 * forecast; MAE = their mean; median AE = their median (mean of the two middle values for an
 * even count). "Closest": on every counted issue the models with the smallest error share
 * one point equally (errors within tie_rel × scale range tie); a model's share is its points
 * divided by the number of counted issues, so the shares sum to 1 over the models when every
 * issue is forecast by at least one model.
 * A model that refuses the table (ENT_EINPUT, e.g. an issue it cannot handle) is run issue by
 * issue instead; the issues it refuses get no forecast and are counted in `refused`.
 * Models: by default every model of the registry whose issues are independent (compromise,
 * median, nash, bdm, smp). The exchange model (`joint`) is left out: it trades between the
 * issues of one negotiation, and a DEU table mixes issues of many unrelated proposals.
 * Progress: o->progress after each model (and, unless o->fc.progress is set, per issue
 * inside the models).
 *
 * Complexity: each model runs once, on a view of the scenario restricted to the counted issues; scoring is O(I · M) plus one
 * sort per model for the median, O(I log I).
 */
#include "entente/validate.h"
#include "entente/game.h"
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ent_validation_opts_init(ent_validation_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->models = NULL;
    o->min_actors = 3;
    o->tie_rel = 1e-9;
    ent_forecast_opts_init(&o->fc);
}

void ent_validation_init(ent_validation_t *v)
{
    if (v) memset(v, 0, sizeof *v);
}

void ent_validation_destroy(ent_validation_t *v)
{
    if (!v) return;
    free(v->issue);
    free(v->nactors);
    free(v->outcome);
    if (v->models)
        for (size_t m = 0; m < v->nmodels; m++) free(v->models[m].name);
    free(v->models);
    free(v->forecast);
    memset(v, 0, sizeof *v);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The models to score: the list in o->models, or every model whose issues are independent. */
static ent_status_t pick_models(const ent_validation_opts_t *o,
                                const ent_forecast_model_t **models, size_t max, size_t *nm,
                                ent_error_t *err)
{
    if (o->models) return ent_forecast_model_parse(o->models, models, max, nm, err);
    const ent_forecast_model_t *m;
    *nm = 0;
    for (size_t k = 0; (m = ent_forecast_model_at(k)) && *nm < max; k++)
        if (!m->joint) models[(*nm)++] = m;
    return ENT_OK;
}

/* Which issues count: fill out->issue, nactors, outcome and the skip counts. */
static void select_issues(const ent_scenario_t *s, const ent_validation_opts_t *o,
                          ent_validation_t *out)
{
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        if (!is->outcome || isnan(is->outcome[0])) { out->no_outcome++; continue; }
        if (is->ndim != 1) { out->multidim++; continue; }
        size_t na = 0;
        for (size_t a = 0; a < s->nactors; a++) {
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            na += p->present && p->x && !isnan(p->x[0]);
        }
        if (na < (size_t)(o->min_actors > 0 ? o->min_actors : 0)) { out->few_actors++; continue; }
        out->issue[out->nissues] = i;
        out->nactors[out->nissues] = na;
        out->outcome[out->nissues] = is->outcome[0];
        out->nissues++;
    }
}

/* A read-only view of s holding only the counted issues (shallow copies of the issue and
 * position structs; nothing in it is owned but the two arrays), so that the models spend no
 * time on other issues and a model that refuses an issue it cannot handle (e.g. too few
 * actors) is not handed one. Returns 0, or -1 when out of memory. */
static int make_view(const ent_scenario_t *s, const ent_validation_t *v, ent_scenario_t *view)
{
    size_t NC = v->nissues;
    *view = *s;
    view->nissues = NC;
    view->issues = malloc((NC ? NC : 1) * sizeof *view->issues);
    view->pos = malloc((NC && s->nactors ? NC * s->nactors : 1) * sizeof *view->pos);
    if (!view->issues || !view->pos) return -1;
    for (size_t c = 0; c < NC; c++) {
        view->issues[c] = s->issues[v->issue[c]];
        for (size_t a = 0; a < s->nactors; a++)
            view->pos[a * NC + c] = *ent_scenario_pos(s, a, v->issue[c]);
    }
    return 0;
}

/* Run model m (column k of out->forecast) on the view. A model that refuses some issue of
 * the table (ENT_EINPUT) is run issue by issue; the issues it refuses get no forecast. */
static ent_status_t run_model(const ent_scenario_t *view, const ent_forecast_opts_t *fo,
                              const ent_forecast_model_t *m, size_t k, ent_validation_t *out,
                              ent_error_t *err)
{
    size_t NC = out->nissues, nm = out->nmodels;
    ent_forecast_t f;
    ent_forecast_init(&f);
    ent_error_t e1;
    ent_error_clear(&e1);
    double t0 = now_seconds();
    ent_status_t st = m->run(view, fo, &f, &e1);
    if (st == ENT_EINPUT) {
        ent_error_clear(&e1);
        st = ent_forecast_run_each(view, m->name, fo, &f, &out->models[k].refused, &e1);
    }
    out->models[k].seconds = now_seconds() - t0;
    if (st == ENT_OK)
        for (size_t c = 0; c < NC; c++)
            out->forecast[c * nm + k] = f.outcome && f.outcome[c] ? f.outcome[c][0] : NAN;
    else
        ent_error_set(err, st, e1.file, e1.line, e1.col, "%s", e1.msg);
    ent_forecast_destroy(&f);
    return st;
}

/* "Closest" points: on every counted issue the models with the smallest error (within
 * tie_rel × scale range) share one point. points has nmodels entries, zeroed. */
static void closest_points(const ent_scenario_t *s, const ent_validation_t *v, double tie_rel,
                           double *points)
{
    size_t nm = v->nmodels;
    for (size_t c = 0; c < v->nissues; c++) {
        const ent_issue_t *is = &s->issues[v->issue[c]];
        double range = is->hi && is->lo ? is->hi[0] - is->lo[0] : 100;
        double best = INFINITY;
        for (size_t m = 0; m < nm; m++) {
            double e = fabs(v->forecast[c * nm + m] - v->outcome[c]);
            if (e < best) best = e;
        }
        if (isinf(best)) continue;
        size_t k = 0;
        for (size_t m = 0; m < nm; m++) {
            double e = fabs(v->forecast[c * nm + m] - v->outcome[c]);
            k += e <= best + tie_rel * range;
        }
        for (size_t m = 0; m < nm; m++) {
            double e = fabs(v->forecast[c * nm + m] - v->outcome[c]);
            if (e <= best + tie_rel * range) points[m] += 1.0 / (double)k;
        }
    }
}

/* MAE, median AE and closest share of every model. errs has room for nissues values. */
static void score(ent_validation_t *v, const double *points, double *errs)
{
    size_t NC = v->nissues, nm = v->nmodels;
    for (size_t m = 0; m < nm; m++) {
        size_t n = 0;
        double sum = 0;
        for (size_t c = 0; c < NC; c++) {
            double fc = v->forecast[c * nm + m];
            if (isnan(fc)) continue;
            errs[n] = fabs(fc - v->outcome[c]);
            sum += errs[n];
            n++;
        }
        ent_validation_model_t *vm = &v->models[m];
        vm->n = n;
        vm->mae = n ? sum / (double)n : NAN;
        if (n) {
            qsort(errs, n, sizeof *errs, cmp_double);
            vm->mdae = n % 2 ? errs[n / 2] : (errs[n / 2 - 1] + errs[n / 2]) / 2;
        } else {
            vm->mdae = NAN;
        }
        vm->closest = NC ? points[m] / (double)NC : NAN;
    }
}

/* Allocate the result's arrays for NI scenario issues and the chosen models. */
static int alloc_result(ent_validation_t *out, size_t NI, const ent_forecast_model_t **models,
                        size_t nm)
{
    out->issue = malloc((NI ? NI : 1) * sizeof *out->issue);
    out->nactors = malloc((NI ? NI : 1) * sizeof *out->nactors);
    out->outcome = malloc((NI ? NI : 1) * sizeof *out->outcome);
    out->models = calloc(nm ? nm : 1, sizeof *out->models);
    if (!out->issue || !out->nactors || !out->outcome || !out->models) return -1;
    out->nmodels = nm;
    for (size_t m = 0; m < nm; m++) {
        out->models[m].name = malloc(strlen(models[m]->name) + 1);
        if (!out->models[m].name) return -1;
        strcpy(out->models[m].name, models[m]->name);
    }
    return 0;
}

ent_status_t ent_validation_run(const ent_scenario_t *s, const ent_validation_opts_t *o,
                                ent_validation_t *out, ent_error_t *err)
{
    ent_validation_opts_t defaults;
    if (!o) {
        ent_validation_opts_init(&defaults);
        o = &defaults;
    }
    if (!s || !out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "validation: scenario and result are required");
    ent_validation_destroy(out);
    const ent_forecast_model_t *models[32];
    size_t nm = 0;
    ent_status_t st = pick_models(o, models, sizeof models / sizeof models[0], &nm, err);
    if (st != ENT_OK) return st;
    ent_forecast_opts_t fo = o->fc;
    if (!fo.progress.fn) fo.progress = o->progress;
    double *errs = NULL, *points = NULL;
    ent_scenario_t view;
    view.issues = NULL;
    view.pos = NULL;
    out->nscen = s->nissues;
    out->min_actors = o->min_actors;
    if (alloc_result(out, s->nissues, models, nm)) goto oom;
    select_issues(s, o, out);
    size_t NC = out->nissues;
    out->forecast = malloc((NC && nm ? NC * nm : 1) * sizeof *out->forecast);
    errs = malloc((NC ? NC : 1) * sizeof *errs);
    points = calloc(nm ? nm : 1, sizeof *points);
    if (!out->forecast || !errs || !points || make_view(s, out, &view)) goto oom;
    for (size_t m = 0; m < nm; m++) {
        if ((st = run_model(&view, &fo, models[m], m, out, err)) != ENT_OK) goto fail;
        if (ent_progress_tick(&o->progress, "validate", (double)(m + 1), (double)nm)) {
            st = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "validation interrupted");
            goto fail;
        }
    }
    closest_points(s, out, o->tie_rel, points);
    score(out, points, errs);
    st = ENT_OK;
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (validation)");
fail:
    ent_validation_destroy(out);
done:
    free(view.issues);
    free(view.pos);
    free(errs);
    free(points);
    return st;
}

/* ------------------------------------------------------------------ capability from a rule */

ent_status_t ent_forecast_capability_from_rule(const ent_scenario_t *s, const char *spec,
                                               double *cap, ent_error_t *err)
{
    if (!s || !spec || !cap)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "capability from rule: scenario, rule and output are required");
    ent_power_index_t idx = ENT_IDX_SHAPLEY;
    size_t len = strlen(spec);
    const char *colon = strrchr(spec, ':');
    if (colon) {
        if (!strcmp(colon + 1, "shapley")) { idx = ENT_IDX_SHAPLEY; len = (size_t)(colon - spec); }
        else if (!strcmp(colon + 1, "banzhaf")) { idx = ENT_IDX_BANZHAF; len = (size_t)(colon - spec); }
    }
    if (len == 0) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "capability from rule: empty rule");
    char *rule = malloc(len + 1);
    if (!rule) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(rule, spec, len);
    rule[len] = 0;
    ent_game_t *g = NULL;
    ent_power_t pw;
    memset(&pw, 0, sizeof pw);
    ent_status_t st;
    long ri = ent_scenario_find_rule(s, rule);
    ent_loc_t loc = {0, 0};
    if (ri >= 0) st = ent_game_from_rule(s, (size_t)ri, NULL, &g, err);
    else st = ent_game_compile(s, rule, NULL, loc, &g, err);
    if (st != ENT_OK) goto done;
    ent_power_opts_t po;
    ent_power_opts_init(&po);
    po.indices = 1u << idx;
    po.exact_strings = 0;
    st = ent_game_power(g, &po, &pw, err);
    if (st != ENT_OK) goto done;
    if (!pw.value[idx]) {
        st = ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0, "power index %s was not computed",
                           idx == ENT_IDX_SHAPLEY ? "shapley" : "banzhaf");
        goto done;
    }
    for (size_t a = 0; a < s->nactors; a++) cap[a] = 0;
    for (size_t k = 0; k < ent_game_nplayers(g); k++) {
        size_t a = ent_game_player_actor(g, k);
        if (a < s->nactors) cap[a] = pw.value[idx][k];
    }
done:
    ent_power_destroy(&pw);
    ent_game_destroy(g);
    free(rule);
    return st;
}
