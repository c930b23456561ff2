/* SPDX-License-Identifier: MIT */
/* entente/forecast.h — the forecasting engine's common types: per-issue histories,
 * the convergence verdict, the result of a model run, the options, the model registry and
 * the dispatcher.
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
    ENT_VERDICT_MOVING,    /* still moving at the round limit */
    ENT_VERDICT_STOPPED    /* the model stopped by its own rule (smp: KTAB's 2 % rule or a
                              degenerate state; bdm: stop_when_still) at `round`, before the
                              round limit, while positions still moved more than tol */
} ent_verdict_kind_t;

typedef struct {
    ent_verdict_kind_t kind;
    int round;        /* CONVERGED: first round whose state equals the previous one within tol */
    int period;       /* CYCLING: length of the cycle (>= 2) */
    int cycle_start;  /* CYCLING: first round of the repeating part */
    int exact;        /* CYCLING/CONVERGED: 1 if the repeat is bit-exact, 0 if within tol */
    double tol;       /* tolerance used (max abs coordinate difference, issue units; by
                         default half the issue's coding step: ent_forecast_tolerance) */
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
    int model_stop;  /* 1 when the model ended the run by its own rule before the round
                        limit (read by ent_track_verdict: STOPPED instead of MOVING) */
    /* Movement without progress round by round (docs/verdict.md), nstates entries each,
     * entry 0 (the input state) = 0, 0, NaN; filled by the dynamic models, NULL otherwise:
     * round_movement[t] = Σ_a ||x_a(t) − x_a(t−1)||₂, round_net[t] = ||fc(t) − fc(t−1)||₂,
     * round_mwp[t] = round_movement[t] / round_net[t] (+Inf when round_net[t] = 0 <
     * round_movement[t], NaN when both are 0). */
    double *round_movement;
    double *round_net;
    double *round_mwp;
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

/* Options of a forecast. Always start from ent_forecast_opts_init(): it sets the common
 * fields and, through the model registry, every model's own defaults.
 *
 * Per-model options (design decision): each model with parameters of its own has ONE typed
 * struct, declared in its own header (entente/bdm.h, exchange.h, smp.h) with its own
 * *_opts_init, and reachable here as one field named after the model. The registry entry of
 * the model (ent_forecast_model_t.opts_init) fills that field with the defaults, so
 * ent_forecast_opts_init() never names a model. Adding a model without parameters changes
 * nothing here; a model with parameters adds one field. A runner reads its own field and the
 * common ones, never another model's. (Typed fields rather than a void pointer keyed by name:
 * the compiler checks every access, and an embedder sets bdm.q as plainly as rounds.) */
typedef struct {
    int rounds;            /* round limit for dynamic models; 0 = the model's default */
    double tol;            /* convergence tolerance in issue units, for every issue; 0 = the
                              codings' precision (ent_forecast_tolerance: half the issue's
                              `step`, else precision × range / 2, 0.5 % of the range by
                              default). Before issue 11 the default was 1e-9 × range. */
    int trace;             /* fill ent_forecast_t.trace */
    const double *capability; /* nactors capabilities replacing the scenario's; NULL = scenario */
    ent_progress_t progress;  /* called from the calling thread after every issue (phase =
                                 the model's name, done = issues finished, total = nissues;
                                 exchange, which runs all issues jointly: after every round,
                                 total = rounds; smp in addition after every round of an
                                 issue, phase "smp round"). A non-zero return stops the run:
                                 ENT_EINTR, the result destroyed. Default: none. */
    /* per-model options (see above) */
    ent_bdm_opts_t bdm;
    ent_exchange_opts_t exchange;
    ent_smp_opts_t smp;
} ent_forecast_opts_t;

ENT_API void ent_forecast_opts_init(ent_forecast_opts_t *o);
ENT_API void ent_forecast_init(ent_forecast_t *f);
ENT_API void ent_forecast_destroy(ent_forecast_t *f);

/* ---- the model registry ----
 * One table (src/forecast/models.c) lists every model; it drives ent_forecast_run()'s
 * dispatch, the list of names, the "unknown model" messages, the defaults of the options and
 * the CLI's --help and default model set. docs/howto/add-a-model.md says how to add one. */

/* A model runner: forecast every issue of s into out (initialised or previously filled; it
 * is emptied first). On failure out is left empty. */
typedef ent_status_t (*ent_forecast_fn)(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                        ent_forecast_t *out, ent_error_t *err);

typedef enum {
    ENT_FORECAST_STATIC = 0, /* one forecast per issue, no dynamics (tracks NULL) */
    ENT_FORECAST_DYNAMIC     /* rounds of moves: tracks and a verdict per issue */
} ent_forecast_kind_t;

typedef struct {
    const char *name;          /* what ent_forecast_run() and --model take: "bdm" */
    const char *help;          /* one line for --help and docs */
    ent_forecast_kind_t kind;
    int joint;                 /* 1: the issues interact (exchange trades across them), so the
                                  model is never run issue by issue and validation leaves it
                                  out of its default set; 0: issues are independent */
    size_t min_issues;         /* the CLI's default set skips the model on scenarios with
                                  fewer issues (exchange: 2); 0 = no minimum */
    size_t default_max_issues; /* ... and leaves it out above this many, saying so; 0 = none */
    ent_forecast_fn run;
    void (*opts_init)(ent_forecast_opts_t *o); /* set the model's own options (its field of
                                                  ent_forecast_opts_t) to their defaults;
                                                  NULL when it has none */
} ent_forecast_model_t;

/* The k-th model in canonical order (compromise, median, nash, bdm, exchange, smp), or NULL
 * when k is past the end: for (k = 0; (m = ent_forecast_model_at(k)); k++). */
ENT_API const ent_forecast_model_t *ent_forecast_model_at(size_t k);
/* The model called `name`, or NULL. */
ENT_API const ent_forecast_model_t *ent_forecast_model_find(const char *name);
/* Names of the models in their canonical order, NULL-terminated. */
ENT_API const char *const *ent_forecast_models(void);
/* Parse a comma-separated list of model names ("bdm,smp") into models[0..*n-1] (room for
 * max entries). ENT_EINVAL, with a message that lists the known names, for an unknown or
 * repeated name or an empty list. */
ENT_API ent_status_t ent_forecast_model_parse(const char *list,
                                              const ent_forecast_model_t **models /* OUT */,
                                              size_t max, size_t *n /* OUT */,
                                              ent_error_t *err);

/* Run model `name` on scenario s (o NULL = defaults). ENT_EINVAL for an unknown name. */
ENT_API ent_status_t ent_forecast_run(const ent_scenario_t *s, const char *name,
                                      const ent_forecast_opts_t *o, ent_forecast_t *out /* OUT */,
                                      ent_error_t *err);

/* Run model `name` on every issue of s separately (a one-issue view of s per issue) and
 * gather the results in `out` as one forecast of s: outcome, why and track of each issue
 * (with every series of the track); the trace texts concatenated. An issue the model refuses
 * with ENT_EINPUT gets no outcome and why = "refused: <message>", and is counted in *refused
 * (may be NULL). Other errors are returned (ENT_EINTR when o->progress asks to stop). For
 * models whose issues are independent (not `joint`) the results equal a joint run.
 * O(I) model runs. */
ENT_API ent_status_t ent_forecast_run_each(const ent_scenario_t *s, const char *name,
                                           const ent_forecast_opts_t *o,
                                           ent_forecast_t *out /* OUT */, size_t *refused,
                                           ent_error_t *err);

/* Capability from a decision rule: spec "RULE[:shapley|banzhaf]" where RULE is the id of a
 * rule of s or a rule text (docs/rules.md); the index defaults to shapley (Shapley–Shubik;
 * banzhaf = normalized Banzhaf). cap[a] (nactors entries) = the actor's power in the game;
 * actors the rule does not involve get 0. For ent_forecast_opts_t.capability. */
ENT_API ent_status_t ent_forecast_capability_from_rule(const ent_scenario_t *s, const char *spec,
                                                       double *cap /* OUT nactors */,
                                                       ent_error_t *err);

/* The model runners (one module each; each is the `run` of its registry entry). Same
 * contract as ent_forecast_run. */
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

/* Fill track->verdict from its history (src/forecast/dynamics.c). Allocates nothing (the
 * per-round series are the models' to fill: ent_track_rounds). */
ENT_API void ent_track_verdict(ent_track_t *track, double tol);
/* Fill (allocate) track->round_movement, round_net and round_mwp from its history; they
 * are freed with the forecast (ent_forecast_destroy), or by the caller for a track of its
 * own. ENT_ENOMEM (the three left NULL) when out of memory; a track without states gets
 * NULL series and ENT_OK. O(T · n · d). */
ENT_API ent_status_t ent_track_rounds(ent_track_t *track, ent_error_t *err);
/* The default convergence tolerance of issue `issue` of s (issue units): o->tol when o is
 * non-NULL and o->tol > 0; else half the issue's `step` when given; else s->precision (0.01
 * when not given) × the issue's widest range / 2. docs/verdict.md. */
ENT_API double ent_forecast_tolerance(const ent_scenario_t *s, size_t issue,
                                      const ent_forecast_opts_t *o);
ENT_API const char *ent_verdict_name(ent_verdict_kind_t k);

#ifdef __cplusplus
}
#endif
#endif
