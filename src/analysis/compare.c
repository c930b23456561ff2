/* SPDX-License-Identifier: MIT */
/* compare.c — ent_compare_run: the conclusions of several runs of `entente analyze` side by
 * side (entente/analysis.h, "compare"), the engine of `entente compare` (a scenario and its
 * named variants; docs/analyses.md, "Comparing variants").
 *
 * Each scenario is analysed with ent_analyze_run; every summary item becomes a row keyed by
 * its topic and subjects (ent_compare_topic_t: a proposal's outcome is one row whatever the
 * outcome), forecasts one row per issue and model. A cell differs when its data differ
 * from column 0's (kind, count, values, verdict; forecast coordinates at the 0.1 the reports
 * print). No sentence is written here: src/report/report_compare.c words the cells.
 *
 * Complexity: n analyses, then O(items × rows) to match (linear search over rows; a summary
 * has tens of items).
 */
#include "entente/analysis.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ent_compare_init(ent_compare_t *c)
{
    if (c) memset(c, 0, sizeof *c);
}

void ent_compare_destroy(ent_compare_t *c)
{
    if (!c) return;
    for (size_t k = 0; k < c->ncolumns; k++) {
        if (c->column) free(c->column[k]);
        if (c->runs) ent_analyze_destroy(&c->runs[k]);
    }
    for (size_t r = 0; r < c->nrows; r++) free(c->rows[r].cell);
    for (size_t k = 0; k < c->nextra_actors; k++) free(c->extra_actor[k]);
    for (size_t k = 0; k < c->nextra_rules; k++) free(c->extra_rule[k]);
    free(c->extra_actor);
    free(c->extra_rule);
    free(c->column);
    free(c->runs);
    free(c->rows);
    ent_compare_init(c);
}

static ent_compare_topic_t topic_of(ent_analyze_kind_t k)
{
    switch (k) {
    case ENT_ANALYZE_VETO_PLAYER: return ENT_TOPIC_VETO;
    case ENT_ANALYZE_DESIGN: return ENT_TOPIC_DESIGN;
    case ENT_ANALYZE_PROPOSAL_PASSES:
    case ENT_ANALYZE_PROPOSAL_DEAD:
    case ENT_ANALYZE_PROPOSAL_FAILS: return ENT_TOPIC_PROPOSAL;
    case ENT_ANALYZE_NO_AGREEMENT:
    case ENT_ANALYZE_AGREEMENT_POSSIBLE:
    case ENT_ANALYZE_WINSET_UNKNOWN: return ENT_TOPIC_WINSET;
    case ENT_ANALYZE_NOT_CIRCULAR:
    case ENT_ANALYZE_CIRCULAR: return ENT_TOPIC_SEQUENCE;
    case ENT_ANALYZE_FORECAST: return ENT_TOPIC_FORECAST;
    case ENT_ANALYZE_SENSITIVITY_FLIPS:
    case ENT_ANALYZE_SENSITIVITY_LATER:
    case ENT_ANALYZE_SENSITIVITY_NONE: return ENT_TOPIC_SENSITIVITY;
    default: return ENT_TOPIC_NOTHING;
    }
}

/* The subjects that key a row of a non-forecast topic (-1 where they do not apply). */
static void subjects(const ent_analyze_item_t *it, ent_compare_topic_t topic, long *actor, long *rule, long *proposal)
{
    *actor = topic == ENT_TOPIC_VETO || topic == ENT_TOPIC_DESIGN ? it->actor : -1;
    *rule = topic == ENT_TOPIC_DESIGN || topic == ENT_TOPIC_PROPOSAL || topic == ENT_TOPIC_WINSET ? it->rule : -1;
    *proposal = topic == ENT_TOPIC_PROPOSAL ? it->proposal : -1;
}

/* The row with this key, added (cells zeroed) when absent; NULL when out of memory. */
static ent_compare_row_t *row_for(ent_compare_t *c, size_t *cap, ent_compare_topic_t topic, long actor, long rule,
                                  long proposal, long issue, long model)
{
    for (size_t r = 0; r < c->nrows; r++) {
        ent_compare_row_t *w = &c->rows[r];
        if (w->topic == topic && w->actor == actor && w->rule == rule && w->proposal == proposal && w->issue == issue
            && w->model == model)
            return w;
    }
    if (c->nrows == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        ent_compare_row_t *p = realloc(c->rows, nc * sizeof *p);
        if (!p) return NULL;
        c->rows = p;
        *cap = nc;
    }
    ent_compare_row_t *w = &c->rows[c->nrows];
    memset(w, 0, sizeof *w);
    if (!(w->cell = calloc(c->ncolumns, sizeof *w->cell))) return NULL;
    c->nrows++;
    w->topic = topic;
    w->actor = actor;
    w->rule = rule;
    w->proposal = proposal;
    w->issue = issue;
    w->model = model;
    return w;
}

static int num_eq(double a, double b, double quantum)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (quantum > 0) return llround(a / quantum) == llround(b / quantum);
    return a == b;
}

static int cell_eq(const ent_compare_cell_t *a, const ent_compare_cell_t *b, ent_compare_topic_t topic)
{
    if (a->present != b->present) return 0;
    if (!a->present) return 1;
    if (a->kind != b->kind || a->count != b->count || a->verdict != b->verdict) return 0;
    double q = topic == ENT_TOPIC_FORECAST ? 0.1 : 0;
    for (int k = 0; k < 3; k++)
        if (!num_eq(a->value[k], b->value[k], q)) return 0;
    return 1;
}

/* Same shape: the ids of actors, issues, rules, proposals and steps, in order; b may add
 * actors and rules after a's (a variant's add.actor, add.rule). */
static int same_shape(const ent_scenario_t *a, const ent_scenario_t *b)
{
    if (a->nactors > b->nactors || a->nissues != b->nissues || a->nrules > b->nrules
        || a->nproposals != b->nproposals || a->nsteps != b->nsteps)
        return 0;
    for (size_t i = 0; i < a->nactors; i++) if (strcmp(a->actors[i].id, b->actors[i].id)) return 0;
    for (size_t i = 0; i < a->nissues; i++) if (strcmp(a->issues[i].id, b->issues[i].id)) return 0;
    for (size_t i = 0; i < a->nrules; i++) if (strcmp(a->rules[i].id, b->rules[i].id)) return 0;
    for (size_t i = 0; i < a->nproposals; i++) if (strcmp(a->proposals[i].id, b->proposals[i].id)) return 0;
    for (size_t i = 0; i < a->nsteps; i++) if (strcmp(a->steps[i].id, b->steps[i].id)) return 0;
    return 1;
}

/* The comparison's index of element `i` (id `id`) of a later run: its own below `base`
 * (the first scenario's count), else base + its place among the extra ids (added when new);
 * -2 when out of memory. */
static long extra_index(long i, size_t base, const char *id, char ***ids, size_t *n)
{
    if (i < 0 || (size_t)i < base) return i;
    for (size_t k = 0; k < *n; k++)
        if (!strcmp((*ids)[k], id)) return (long)(base + k);
    char **p = realloc(*ids, (*n + 1) * sizeof *p);
    if (!p) return -2;
    *ids = p;
    if (!(p[*n] = strdup(id))) return -2;
    return (long)(base + (*n)++);
}

/* The rows of run k (its summary items; each FORECAST item one row per model). */
static ent_status_t add_run(ent_compare_t *c, const ent_scenario_t *s0, const ent_scenario_t *sc, size_t *cap,
                            size_t k, ent_error_t *err)
{
    const ent_analyze_t *a = &c->runs[k];
    for (size_t i = 0; i < a->nitems; i++) {
        const ent_analyze_item_t *it = &a->items[i];
        ent_compare_topic_t topic = topic_of(it->kind);
        if (topic == ENT_TOPIC_FORECAST) {
            size_t is = (size_t)it->issue;
            for (size_t m = 0; m < a->nmodels; m++) {
                if (a->model_error[m].status != ENT_OK || !a->forecast[m].outcome || !a->forecast[m].outcome[is]) continue;
                ent_compare_row_t *w = row_for(c, cap, topic, -1, -1, -1, it->issue, (long)m);
                if (!w) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory comparing the runs");
                ent_compare_cell_t *cl = &w->cell[k];
                cl->present = 1;
                cl->kind = it->kind;
                cl->item = i;
                cl->count = a->forecast[m].tracks ? (size_t)a->forecast[m].tracks[is].verdict.kind : 0;
                const double *x = a->forecast[m].outcome[is];
                for (size_t d = 0; d < 3; d++) cl->value[d] = d < sc->issues[is].ndim ? x[d] : NAN;
            }
            continue;
        }
        long actor, rule, proposal;
        subjects(it, topic, &actor, &rule, &proposal);
        if (actor >= 0) actor = extra_index(actor, s0->nactors, sc->actors[actor].id, &c->extra_actor, &c->nextra_actors);
        if (rule >= 0) rule = extra_index(rule, s0->nrules, sc->rules[rule].id, &c->extra_rule, &c->nextra_rules);
        if (actor == -2 || rule == -2) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory comparing the runs");
        ent_compare_row_t *w = row_for(c, cap, topic, actor, rule, proposal, -1, -1);
        if (!w) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory comparing the runs");
        ent_compare_cell_t *cl = &w->cell[k];
        cl->present = 1;
        cl->kind = it->kind;
        cl->item = i;
        cl->count = it->count;
        memcpy(cl->value, it->value, sizeof cl->value);
        cl->verdict = topic == ENT_TOPIC_DESIGN ? it->verdict : 0;
    }
    return ENT_OK;
}

ent_status_t ent_compare_run(const ent_scenario_t *const *s, const char *const *name, size_t n,
                             const ent_analyze_opts_t *opts, ent_compare_t *out, ent_error_t *err)
{
    if (!out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_compare_run: no output");
    ent_compare_init(out);
    if (!s || !name || n == 0) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_compare_run: no scenarios");
    for (size_t k = 1; k < n; k++)
        if (!same_shape(s[0], s[k]))
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                                 "ent_compare_run: '%s' and '%s' differ in their actors, issues, rules, proposals "
                                 "or steps; expected variants of one scenario", name[0], name[k]);
    out->column = calloc(n, sizeof *out->column);
    out->runs = calloc(n, sizeof *out->runs);
    if (!out->column || !out->runs) {
        free(out->column);
        free(out->runs);
        ent_compare_init(out);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory comparing the runs");
    }
    out->ncolumns = n;
    for (size_t k = 0; k < n; k++) ent_analyze_init(&out->runs[k]);
    ent_status_t st = ENT_OK;
    /* the comparison has no row for thresholds nor for the forecasts by rule (analyze.c):
       they are not computed */
    ent_analyze_opts_t ro;
    if (opts) ro = *opts;
    else ent_analyze_opts_init(&ro);
    ro.thresholds = 0;
    ro.forecasts_by_rule = 0;
    for (size_t k = 0; k < n && st == ENT_OK; k++) {
        if (!(out->column[k] = strdup(name[k] ? name[k] : "")))
            st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory comparing the runs");
        else
            st = ent_analyze_run(s[k], &ro, &out->runs[k], err);
    }
    size_t cap = 0;
    for (size_t k = 0; k < n && st == ENT_OK; k++) st = add_run(out, s[0], s[k], &cap, k, err);
    if (st != ENT_OK) {
        ent_compare_destroy(out);
        return st;
    }
    for (size_t r = 0; r < out->nrows; r++) {
        ent_compare_row_t *w = &out->rows[r];
        for (size_t k = 1; k < n; k++)
            if ((w->cell[k].differs = !cell_eq(&w->cell[0], &w->cell[k], w->topic))) w->differs = 1;
        out->ndiffer += (size_t)w->differs;
    }
    return ENT_OK;
}

const ent_compare_row_t *ent_compare_row_of(const ent_compare_t *c, const ent_analyze_item_t *it, const char *model)
{
    if (!c || !it || !c->ncolumns) return NULL;
    ent_compare_topic_t topic = topic_of(it->kind);
    if (topic == ENT_TOPIC_NOTHING) return NULL;
    long actor = -1, rule = -1, proposal = -1, issue = -1, m = -1;
    if (topic == ENT_TOPIC_FORECAST) {
        if (!model) return NULL;
        const ent_analyze_t *a = &c->runs[0];
        for (size_t k = 0; k < a->nmodels && m < 0; k++)
            if (!strcmp(a->model[k], model)) m = (long)k;
        if (m < 0) return NULL;
        issue = it->issue;
    } else {
        subjects(it, topic, &actor, &rule, &proposal);   /* column 0 has no extra ids */
    }
    for (size_t r = 0; r < c->nrows; r++) {
        const ent_compare_row_t *w = &c->rows[r];
        if (w->topic == topic && w->actor == actor && w->rule == rule && w->proposal == proposal && w->issue == issue
            && w->model == m)
            return w;
    }
    return NULL;
}
