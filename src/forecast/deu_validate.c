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
 * Models: by default every built model that forecasts issues one at a time (compromise,
 * median, nash, bdm, smp). The exchange model is left out: it trades between the issues of
 * one negotiation, and a DEU table mixes issues of many unrelated proposals.
 *
 * Complexity: each model runs once, on a view of the scenario restricted to the counted issues; scoring is O(I · M) plus one
 * sort per model for the median, O(I log I).
 */
#include "forecast/deu_validate.h"
#include "entente/game.h"
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const default_models[] = {"compromise", "median", "nash", "bdm", "smp"};

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

/* Split the comma-separated list into names (at most 16). */
static ent_status_t parse_models(const char *list, char names[16][32], size_t *n,
                                 ent_error_t *err)
{
    *n = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 0 || len >= 32 || *n >= 16)
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bad model list '%s'", list);
        memcpy(names[*n], p, len);
        names[*n][len] = 0;
        const char *const *all = ent_forecast_models();
        int known = 0;
        for (size_t k = 0; all[k]; k++) known |= !strcmp(all[k], names[*n]);
        if (!known)
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                                 "unknown model '%s'; expected one of compromise median nash bdm "
                                 "exchange smp", names[*n]);
        for (size_t k = 0; k < *n; k++)
            if (!strcmp(names[k], names[*n]))
                return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "model '%s' listed twice", names[k]);
        (*n)++;
        p += len;
        if (*p == ',') p++;
    }
    if (*n == 0) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "empty model list");
    return ENT_OK;
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
    char names[16][32];
    size_t nm = 0;
    ent_status_t st = ENT_OK;
    if (o->models) {
        st = parse_models(o->models, names, &nm, err);
        if (st != ENT_OK) return st;
    } else {
        for (size_t k = 0; k < sizeof default_models / sizeof default_models[0]; k++)
            if (ent_forecast_model_built(default_models[k])) strcpy(names[nm++], default_models[k]);
    }
    size_t NI = s->nissues;
    ent_forecast_t f;
    ent_forecast_init(&f);
    double *errs = NULL;
    ent_scenario_t view;
    view.issues = NULL;
    view.pos = NULL;
    out->nscen = NI;
    out->issue = malloc((NI ? NI : 1) * sizeof *out->issue);
    out->nactors = malloc((NI ? NI : 1) * sizeof *out->nactors);
    out->outcome = malloc((NI ? NI : 1) * sizeof *out->outcome);
    out->models = calloc(nm ? nm : 1, sizeof *out->models);
    if (!out->issue || !out->nactors || !out->outcome || !out->models) goto oom;
    out->nmodels = nm;
    for (size_t m = 0; m < nm; m++) {
        out->models[m].name = malloc(strlen(names[m]) + 1);
        if (!out->models[m].name) goto oom;
        strcpy(out->models[m].name, names[m]);
    }
    /* which issues count */
    for (size_t i = 0; i < NI; i++) {
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
    size_t NC = out->nissues;
    out->forecast = malloc((NC && nm ? NC * nm : 1) * sizeof *out->forecast);
    errs = malloc((NC ? NC : 1) * sizeof *errs);
    if (!out->forecast || !errs) goto oom;
    /* A read-only view of s holding only the counted issues (shallow copies of the issue
     * and position structs; nothing in it is owned), so that the models spend no time on
     * other issues and a model that refuses an issue it cannot handle (e.g. too few
     * actors) is not handed one. */
    view = *s;
    view.nissues = NC;
    view.issues = malloc((NC ? NC : 1) * sizeof *view.issues);
    view.pos = malloc((NC && s->nactors ? NC * s->nactors : 1) * sizeof *view.pos);
    if (!view.issues || !view.pos) goto oom;
    for (size_t c = 0; c < NC; c++) {
        view.issues[c] = s->issues[out->issue[c]];
        for (size_t a = 0; a < s->nactors; a++)
            view.pos[a * NC + c] = *ent_scenario_pos(s, a, out->issue[c]);
    }
    /* run the models */
    for (size_t m = 0; m < nm; m++) {
        double t0 = now_seconds();
        ent_error_t e1;
        ent_error_clear(&e1);
        st = ent_forecast_run(&view, names[m], &o->fc, &f, &e1);
        if (st == ENT_OK) {
            for (size_t c = 0; c < NC; c++)
                out->forecast[c * nm + m] = f.outcome && f.outcome[c] ? f.outcome[c][0] : NAN;
            ent_forecast_destroy(&f);
        } else if (st == ENT_EINPUT) {
            /* the model refuses some issue of the table: run it issue by issue; the issues it
             * refuses get no forecast */
            ent_error_clear(&e1);
            st = ent_forecast_run_each(&view, names[m], &o->fc, &f, &out->models[m].refused, &e1);
            if (st == ENT_OK)
                for (size_t c = 0; c < NC; c++)
                    out->forecast[c * nm + m] = f.outcome[c] ? f.outcome[c][0] : NAN;
            ent_forecast_destroy(&f);
        }
        out->models[m].seconds = now_seconds() - t0;
        if (st != ENT_OK) {
            ent_error_set(err, st, e1.file, e1.line, e1.col, "%s", e1.msg);
            goto fail;
        }
    }
    free(view.issues);
    free(view.pos);
    view.issues = NULL;
    view.pos = NULL;
    /* score */
    double *points = calloc(nm ? nm : 1, sizeof *points);
    if (!points) goto oom;
    for (size_t c = 0; c < NC; c++) {
        const ent_issue_t *is = &s->issues[out->issue[c]];
        double range = is->hi && is->lo ? is->hi[0] - is->lo[0] : 100;
        double best = INFINITY;
        for (size_t m = 0; m < nm; m++) {
            double e = fabs(out->forecast[c * nm + m] - out->outcome[c]);
            if (e < best) best = e;
        }
        if (isinf(best)) continue;
        size_t k = 0;
        for (size_t m = 0; m < nm; m++) {
            double e = fabs(out->forecast[c * nm + m] - out->outcome[c]);
            k += e <= best + o->tie_rel * range;
        }
        for (size_t m = 0; m < nm; m++) {
            double e = fabs(out->forecast[c * nm + m] - out->outcome[c]);
            if (e <= best + o->tie_rel * range) points[m] += 1.0 / (double)k;
        }
    }
    for (size_t m = 0; m < nm; m++) {
        size_t n = 0;
        double sum = 0;
        for (size_t c = 0; c < NC; c++) {
            double fc = out->forecast[c * nm + m];
            if (isnan(fc)) continue;
            errs[n] = fabs(fc - out->outcome[c]);
            sum += errs[n];
            n++;
        }
        ent_validation_model_t *vm = &out->models[m];
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
    free(points);
    free(errs);
    return ENT_OK;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (validation)");
fail:
    ent_forecast_destroy(&f);
    free(view.issues);
    free(view.pos);
    free(errs);
    ent_validation_destroy(out);
    return st;
}

void ent_validation_csv(const ent_scenario_t *s, const ent_validation_t *v, ent_buf_t *b)
{
    ent_buf_puts(b, "issue,actors,outcome");
    for (size_t m = 0; m < v->nmodels; m++)
        ent_buf_printf(b, ",%s,%s_error", v->models[m].name, v->models[m].name);
    ent_buf_puts(b, "\n");
    for (size_t c = 0; c < v->nissues; c++) {
        const char *id = s->issues[v->issue[c]].id;
        ent_buf_t q = ENT_BUF_INIT;
        /* quote ids that need it (RFC 4180) */
        if (id && strpbrk(id, ",\"\n")) {
            ent_buf_puts(&q, "\"");
            for (const char *p = id; *p; p++) {
                if (*p == '"') ent_buf_puts(&q, "\"");
                ent_buf_append(&q, p, 1);
            }
            ent_buf_puts(&q, "\"");
        } else {
            ent_buf_puts(&q, id ? id : "");
        }
        ent_buf_printf(b, "%s,%zu,%.4f", q.data ? q.data : "", v->nactors[c], v->outcome[c]);
        ent_buf_free(&q);
        for (size_t m = 0; m < v->nmodels; m++) {
            double fc = v->forecast[c * v->nmodels + m];
            if (isnan(fc)) ent_buf_puts(b, ",,");
            else ent_buf_printf(b, ",%.4f,%.4f", fc, fabs(fc - v->outcome[c]));
        }
        ent_buf_puts(b, "\n");
    }
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
