/* deu_validate.h — the library side of `entente validate` (forecast every issue of a
 * DEU-style table with outcomes and score the models) and of the capability options that
 * `forecast` and `validate` share (capability from a decision rule's voting power).
 *
 * Ownership: ent_validation_t owns every array in it; ent_validation_destroy() frees them
 * (NULL is a no-op). Scoring rules are documented in deu_validate.c and docs/models.md.
 */
#ifndef ENT_FORECAST_DEU_VALIDATE_H
#define ENT_FORECAST_DEU_VALIDATE_H

#include "entente/forecast.h"
#include "entente/report.h"

typedef struct {
    const char *models;    /* comma-separated model names; NULL = every built 1-D model
                              (compromise, median, nash, bdm, smp; not exchange) */
    int min_actors;        /* an issue counts when it has an outcome and at least this many
                              actors with a position: 3 */
    double tie_rel;        /* two errors tie for "closest" when they differ by at most
                              tie_rel × (scale range): 1e-9 */
    ent_forecast_opts_t fc; /* options handed to every model (capability, rounds, ...) */
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
    size_t nscen;        /* issues in the scenario */
    size_t no_outcome;   /* skipped: no outcome */
    size_t few_actors;   /* skipped: an outcome but fewer than min_actors positions */
    size_t multidim;     /* skipped: more than one dimension */
    size_t nissues;      /* counted issues */
    size_t *issue;       /* their scenario indices */
    size_t *nactors;     /* their numbers of positioned actors */
    double *outcome;     /* their outcomes */
    size_t nmodels;
    ent_validation_model_t *models;
    double *forecast;    /* nissues × nmodels, row-major by issue; NaN = no forecast */
} ent_validation_t;

ENT_API void ent_validation_opts_init(ent_validation_opts_t *o);
ENT_API void ent_validation_init(ent_validation_t *v);
ENT_API void ent_validation_destroy(ent_validation_t *v);
/* Forecast every counted issue of s with every model and score them. O(M · cost of the
 * model on s) + O(I log I) per model for the medians. */
ENT_API ent_status_t ent_validation_run(const ent_scenario_t *s, const ent_validation_opts_t *o,
                                        ent_validation_t *out /* OUT */, ent_error_t *err);
/* Per-issue table: issue id, actors, outcome, then per model its forecast and |error|
 * (fixed 4 decimals). Appends CSV to `b`. */
ENT_API void ent_validation_csv(const ent_scenario_t *s, const ent_validation_t *v, ent_buf_t *b);

/* Run model `name` on every issue of s separately (a one-issue view of s per issue) and
 * gather the results in `out` as one forecast of s: outcome, why and track of each issue;
 * the trace texts concatenated (each track keeps its model-specific series). An issue
 * the model refuses with ENT_EINPUT gets no outcome and why = "refused: <message>", and is
 * counted in *refused (may be NULL). Other errors are returned. For models that treat
 * issues independently (compromise, median, nash, bdm, smp) the results equal a joint run;
 * not for exchange. O(I) model runs. */
ENT_API ent_status_t ent_forecast_run_each(const ent_scenario_t *s, const char *name,
                                           const ent_forecast_opts_t *o,
                                           ent_forecast_t *out /* OUT */, size_t *refused,
                                           ent_error_t *err);

/* 1 if model `name` is linked into this library (its runner is present), 0 otherwise. */
ENT_API int ent_forecast_model_built(const char *name);

/* Capability from a decision rule: spec "RULE[:shapley|banzhaf]" where RULE is the id of a
 * rule of s or a rule text (docs/rules.md); the index defaults to shapley (Shapley–Shubik;
 * banzhaf = normalized Banzhaf). cap[a] (nactors entries) = the actor's power in the game;
 * actors the rule does not involve get 0. */
ENT_API ent_status_t ent_forecast_capability_from_rule(const ent_scenario_t *s, const char *spec,
                                                       double *cap /* OUT nactors */,
                                                       ent_error_t *err);

#endif
