/* SPDX-License-Identifier: MIT */
/* entente/validate.h — scoring forecast models against known outcomes: forecast every issue
 * of a DEU-style table that has an actual outcome, with every model, and report per model
 * the mean and median absolute error and the share of issues on which it is closest.
 *
 * Design: Thomson, Stokman, Achen & König (eds.) 2006, *The European Union Decides*; DEU III:
 * Arregui & Perarnaud 2022. Scoring rules: src/forecast/deu_validate.c and docs/models.md.
 * Rendering (text, JSON, CSV per issue): ent_report_validation() in entente/report.h.
 *
 * Ownership: ent_validation_t owns every array in it; ent_validation_destroy() frees them
 * (NULL is a no-op). The options only point at caller data (models, capability).
 */
#ifndef ENTENTE_VALIDATE_H
#define ENTENTE_VALIDATE_H

#include "entente/core.h"
#include "entente/scenario.h"
#include "entente/forecast.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *models;    /* comma-separated model names (ent_forecast_model_parse); NULL =
                              every model of the registry whose issues are independent (not
                              `joint`: compromise, median, nash, bdm, smp; not exchange) */
    int min_actors;        /* an issue counts when it has an outcome and at least this many
                              actors with a position: 3 */
    double tie_rel;        /* two errors tie for "closest" when they differ by at most
                              tie_rel × (scale range): 1e-9 */
    ent_forecast_opts_t fc; /* options handed to every model (capability, rounds, ...) */
    ent_progress_t progress; /* called from the calling thread after each model has run
                                (phase "validate", done = models run, total = models); it is
                                also handed to the models when fc.progress is unset, so they
                                tick per issue. Non-zero stops: ENT_EINTR, result destroyed. */
} ent_validation_opts_t;

typedef struct {
    char *name;       /* model name */
    size_t n;         /* counted issues the model forecast */
    double mae;       /* mean absolute error over those issues (NaN if n == 0) */
    double mdae;      /* median absolute error (mean of the two middle ones when n is even) */
    double closest;   /* share of the counted issues on which the model is closest (ties split) */
    size_t refused;   /* counted issues the model refused (ENT_EINPUT when run on its own) */
    double seconds;   /* wall time of the model's run over the whole table */
} ent_validation_model_t;

typedef struct {
    int min_actors;      /* the selection used (from the options) */
    size_t nscen;        /* issues in the scenario */
    size_t no_outcome;   /* skipped: no outcome */
    size_t few_actors;   /* skipped: an outcome but fewer than min_actors positions */
    size_t multidim;     /* skipped: more than one dimension */
    size_t nissues;      /* counted issues */
    size_t *issue;       /* nissues: their scenario indices */
    size_t *nactors;     /* nissues: their numbers of positioned actors */
    double *outcome;     /* nissues: their outcomes */
    size_t nmodels;
    ent_validation_model_t *models; /* nmodels */
    double *forecast;    /* nissues × nmodels, row-major by issue; NaN = no forecast */
} ent_validation_t;

ENT_API void ent_validation_opts_init(ent_validation_opts_t *o);
ENT_API void ent_validation_init(ent_validation_t *v);
ENT_API void ent_validation_destroy(ent_validation_t *v);
/* Forecast every counted issue of s with every model and score them (o NULL = defaults).
 * ENT_EINVAL for a bad model list. O(M · cost of the model on s) + O(I log I) per model
 * for the medians. */
ENT_API ent_status_t ent_validation_run(const ent_scenario_t *s, const ent_validation_opts_t *o,
                                        ent_validation_t *out /* OUT */, ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
