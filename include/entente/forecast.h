/* entente/forecast.h — the forecasting engine's common types: per-issue histories,
 * the convergence verdict, the result of a model run, and the dispatcher.
 *
 * Every model (compromise, median, nash, bdm, exchange, smp) fills an ent_forecast_t.
 * Static models leave `tracks` NULL; dynamic models fill one track per issue.
 * Ownership: ent_forecast_destroy() frees everything in the result; NULL is a no-op.
 * "Did not converge" is the verdict's kind, never an error status.
 */
#ifndef ENTENTE_FORECAST_H
#define ENTENTE_FORECAST_H

#include "entente/core.h"
#include "entente/scenario.h"
#include "entente/bdm.h"
#include "entente/exchange.h"
#include "entente/smp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ENT_VERDICT_NONE = 0,  /* static model: no dynamics */
    ENT_VERDICT_CONVERGED, /* positions stopped moving (within tol) at `round` */
    ENT_VERDICT_CYCLING,   /* a state repeats (within tol) with `period` from `cycle_start` */
    ENT_VERDICT_MOVING     /* still moving at the round limit */
} ent_verdict_kind_t;

typedef struct {
    ent_verdict_kind_t kind;
    int round;        /* CONVERGED: first round whose state equals the previous one within tol */
    int period;       /* CYCLING: length of the cycle (>= 2) */
    int cycle_start;  /* CYCLING: first round of the repeating part */
    int exact;        /* CYCLING/CONVERGED: 1 if the repeat is bit-exact, 0 if within tol */
    double tol;       /* tolerance used (max abs coordinate difference, issue units) */
    double movement;  /* total distance moved by all actors over all rounds (issue units) */
    double net;       /* |forecast(last) - forecast(0)| (Euclidean over dims) */
    double mwp;       /* movement without progress: movement / net; +Inf if net == 0 < movement;
                         NaN if both are 0 */
} ent_verdict_t;

/* Round-by-round history of one issue. States 0..nstates-1 (state 0 = input).
 * The model-specific series are typed fields with stated lengths; a model that does not
 * produce a series leaves it NULL. An issue the model skipped has nstates == 0 and every
 * array NULL. */
typedef struct {
    size_t issue;    /* scenario issue index */
    size_t nactors;  /* = scenario nactors; actors without a position hold NaN */
    size_t ndim;
    size_t nstates;
    double *x;       /* nstates * nactors * ndim: x[(t*nactors + a)*ndim + d] */
    double *fc;      /* nstates * ndim: the model's forecast in each state */
    ent_verdict_t verdict;
    double *median;  /* bdm: nstates, the capability × salience weighted median position of
                        each state (bdm's fc is the weighted mean); NULL for other models */
    double *winprob; /* smp: nstates * nactors, each actor's printed winning probability per
                        state (smp.md §10): winprob[t*nactors + a]; NaN for actors without a
                        position; NULL for other models */
    double *risk;    /* smp: nstates * nactors, risk attitudes R (smp.md §5.4), same layout
                        as winprob; NULL for other models */
} ent_track_t;

typedef struct {
    char *model;       /* "compromise", "median", "nash", "bdm", "exchange", "smp" */
    char *variant;     /* e.g. "scholz2011", "printed"; NULL if none */
    size_t nissues;    /* = scenario nissues */
    double **outcome;  /* per issue: ndim coordinates of the forecast, or NULL if the model
                          could not forecast the issue (then why[i] says why) */
    char **why;        /* per issue: NULL, or a reason the issue was skipped */
    ent_track_t *tracks; /* per issue (nissues), or NULL for static models */
    char *trace;       /* model-specific trace text (challenges, offers, exchanges) when
                          opts.trace was set; NULL otherwise */
} ent_forecast_t;

typedef struct {
    int rounds;            /* round limit for dynamic models; 0 = the model's default */
    double tol;            /* convergence tolerance; 0 = model default (1e-9 × scale range) */
    int trace;             /* fill ent_forecast_t.trace */
    const double *capability; /* nactors capabilities replacing the scenario's; NULL = scenario */
    ent_progress_t progress;  /* called from the calling thread after every issue (phase =
                                 the model's name, done = issues finished, total = nissues;
                                 exchange, which runs all issues jointly: after every round,
                                 total = rounds). A non-zero return stops the run:
                                 ENT_EINTR, the result destroyed. Default: none. */
    ent_bdm_opts_t bdm;
    ent_exchange_opts_t exchange;
    ent_smp_opts_t smp;
} ent_forecast_opts_t;

ENT_API void ent_forecast_opts_init(ent_forecast_opts_t *o);
ENT_API void ent_forecast_init(ent_forecast_t *f);
ENT_API void ent_forecast_destroy(ent_forecast_t *f);

/* Names of the models in their canonical order, NULL-terminated. */
ENT_API const char *const *ent_forecast_models(void);
/* Run model `name` on scenario s. */
ENT_API ent_status_t ent_forecast_run(const ent_scenario_t *s, const char *name,
                                      const ent_forecast_opts_t *o, ent_forecast_t *out /* OUT */,
                                      ent_error_t *err);

/* The model runners (one module each). Same contract as ent_forecast_run. */
ENT_API ent_status_t ent_compromise_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                        ent_forecast_t *out, ent_error_t *err);
ENT_API ent_status_t ent_median_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                    ent_forecast_t *out, ent_error_t *err);
ENT_API ent_status_t ent_nash_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                  ent_forecast_t *out, ent_error_t *err);
ENT_API ent_status_t ent_bdm_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                 ent_forecast_t *out, ent_error_t *err);
ENT_API ent_status_t ent_exchange_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                      ent_forecast_t *out, ent_error_t *err);
ENT_API ent_status_t ent_smp_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                 ent_forecast_t *out, ent_error_t *err);

/* Fill track->verdict from its history (src/forecast/dynamics.c). */
ENT_API void ent_track_verdict(ent_track_t *track, double tol);
ENT_API const char *ent_verdict_name(ent_verdict_kind_t k);

#ifdef __cplusplus
}
#endif
#endif
