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

/* ---------------------------------------------------------------- calibrations
 * A calibration (docs/validation.md): what `entente calibrate` (or `validate --cv K
 * --calibration-out F`) fitted on a table with outcomes, read back to put intervals around the
 * forecasts of new issues: the ensemble's convex weights and, per level, the split-conformal
 * half-width of the ensemble and of each model, in the units of one scale. Reader and
 * application: src/forecast/calibration.c. Ownership: ent_calibration_t and ent_calibrated_t
 * own every array and string in them; their *_destroy frees them (NULL is a no-op). */

typedef struct {
    char *name;          /* model name (the registry's) */
    char *settings;      /* the model's settings when fitted (ent_forecast_model_settings) */
    ent_loc_t loc;       /* where the model's entry starts in the file */
    double weight;       /* its ensemble weight (>= 0; the weights sum to 1) */
    double affine_weight; /* its weight in the affine ensemble (any sign; 0 without one) */
    int input;           /* 1: an extra predictor (settings "input": a derived name such as
                            council_mean, or "pos:ID", an actor's position), computed from the
                            scenario by ent_calibration_apply, not a forecast model */
    double *half_width;  /* nlevels; INFINITY when the table had too few issues for the level */
    double mae;          /* out-of-sample MAE on the common set */
} ent_calibration_model_t;

typedef struct {
    char *path;          /* the file read */
    char *entente;       /* version of entente that wrote it */
    ent_loc_t entente_loc;
    char *table, *table_hash, *capability; /* provenance */
    int folds, repeats;
    unsigned long long seed;
    size_t issues;       /* common issues fitted on */
    double scale_lo, scale_hi; /* the scale of those issues: the half-widths' unit */
    ent_loc_t scale_loc;
    size_t nlevels;
    double *levels;      /* nlevels, each in (0, 1) */
    double *half_width;  /* nlevels: the ensemble's */
    double mae;          /* the ensemble's out-of-sample MAE */
    int affine;          /* 1: the file has an `affine:` block (calibrate --affine); the
                            ensemble forecast is then intercept + Σ affine_weight·x */
    double intercept;
    double *affine_half_width; /* nlevels (affine only) */
    double affine_mae;   /* the affine ensemble's out-of-sample MAE */
    size_t nmodels;
    ent_calibration_model_t *models;
} ent_calibration_t;

ENT_API void ent_calibration_init(ent_calibration_t *c);
ENT_API void ent_calibration_destroy(ent_calibration_t *c);
/* Read the calibration file at path (YAML, the layout ent_report_calibration writes). Bad
 * input (ENT_EINPUT, file:line:col; what was expected): unknown or missing keys, numbers out
 * of range, a level outside (0, 1), half-width lists of another length than the levels,
 * weights that are negative or do not sum to 1, an unknown model, an empty scale.
 * ENT_EIO when the file cannot be read. O(file size). */
ENT_API ent_status_t ent_calibration_read(const char *path, ent_calibration_t *out /* OUT */,
                                          ent_error_t *err);
/* The same from text[0..len), `name` naming it in messages. */
ENT_API ent_status_t ent_calibration_parse(const char *name, const char *text, size_t len,
                                           ent_calibration_t *out /* OUT */, ent_error_t *err);
/* A model's settings that change its forecasts, as one line ("variant=scholz2011 q=1
 * rounds=default tol=default" for bdm; "none" for the static models); a calibration is valid
 * only for the settings it was fitted with. Writes at most n bytes (NUL included). */
ENT_API void ent_forecast_model_settings(const char *model, const ent_forecast_opts_t *o,
                                         char *buf, size_t n);

/* Calibrated forecasts of one scenario: for each issue and each forecast f[m], the interval
 * at each level; the ensemble's forecast and intervals. NaN where there is none (the model
 * is not in the calibration or did not forecast the issue; the issue has more than one
 * dimension). */
typedef struct {
    size_t nissues, nforecasts, nlevels;
    double *lo, *hi;     /* (i · nforecasts + m) · nlevels + l */
    int *model;          /* nforecasts: index of f[m]'s model in the calibration, or -1 */
    int ensemble;        /* 1 when every model with a positive weight was run */
    double *ens;         /* nissues: the ensemble forecast (convex: weights renormalised over
                            the weighted models that forecast the issue; affine: intercept +
                            Σ w·x clipped to the scale, the convex one where a predictor is
                            missing) */
    double *ens_lo, *ens_hi; /* nissues · nlevels (affine: its half-widths; the convex ones
                                where it fell back) */
    unsigned char *fallback; /* nissues: 1 when some weighted model did not forecast it */
} ent_calibrated_t;

ENT_API void ent_calibrated_init(ent_calibrated_t *c);
ENT_API void ent_calibrated_destroy(ent_calibrated_t *c);
/* Check calibration c against scenario s and the forecasts f[0..nf-1] run with options o,
 * then compute the intervals (forecast ± half-width, clipped to the issue's scale). Refused
 * (ENT_EINPUT): a calibration written by another entente version (at the file's `entente:`
 * key, both versions named); a model run with other settings than those it was calibrated
 * with (at the model's entry, both settings named); a one-dimensional issue on another scale
 * than the calibration's (at the issue, both scales named); an extra predictor whose actor
 * the scenario lacks (at the predictor's entry, the actor named). O(I · (nf + models) · levels). */
ENT_API ent_status_t ent_calibration_apply(const ent_calibration_t *c, const ent_scenario_t *s,
                                           const ent_forecast_t *f, size_t nf,
                                           const ent_forecast_opts_t *o,
                                           ent_calibrated_t *out /* OUT */, ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
