/* SPDX-License-Identifier: MIT */
/* forecast_i.h — internal interface of the forecast engine core (not installed).
 *
 * Shared by forecast.c (dispatcher, result lifetime), models.c (the registry), every model
 * adapter (compromise.c, median.c, nash.c, bdm_run.c, exchange.c, smp_run.c) and
 * deu_validate.c. It holds:
 *   - the one-dimensional kernels on plain arrays of weighted points, so that unit tests
 *     and the validation command can call them without a scenario;
 *   - the driver that runs a static model issue by issue and dimension by dimension;
 *   - helpers that fill an ent_forecast_t (outcome arrays, per-issue `why` notes) and
 *     report progress (ent_i_fc_tick).
 * Every kernel is deterministic: ties are broken by position, then by actor index.
 */
#ifndef ENT_I_FORECAST_H
#define ENT_I_FORECAST_H

#include "entente/forecast.h"

/* One actor on one dimension of one issue: position x, weight w = capability × salience,
 * r = the actor's gain capacity for the Nash kernel (see nash.c), actor = scenario index. */
typedef struct {
    double x;
    double w;
    double r;
    size_t actor;
} ent_i_pt_t;

/* ---- kernels (O(n) for the mean; O(n log n) for median and Nash) ---- */

/* Capability × salience weighted mean Σ w x / Σ w (sums in array order). NaN when Σ w <= 0. */
double ent_i_wmean(const ent_i_pt_t *p, size_t n);
/* Sort points by (x, actor): insertion sort up to 32 points, qsort above; the same order
 * either way (used by the median and Nash kernels). */
void ent_i_sort_pts(ent_i_pt_t *p, size_t m);

/* Weighted median. Sorts p by (x, actor). Returns the smallest x_k whose cumulative weight
 * from below exceeds half the total; when the cumulative weight equals half the total
 * exactly (within 1e-12 relative), every point of [x_k, x_{k+1}] splits the weight in half
 * and the midpoint (x_k + x_{k+1}) / 2 is returned with *tie = 1 (tie may be NULL).
 * Points with w <= 0 are ignored (moved behind the others: p stays a permutation of the
 * input). NaN when Σ w <= 0. */
double ent_i_wmedian(ent_i_pt_t *p, size_t n, int *tie);

/* Weighted Nash product: maximise Σ_k w_k log(r_k − |x − x_k|) over x in [lo, hi] where
 * every gain r_k − |x − x_k| with w_k > 0 is > 0. Reorders p (a permutation of the input:
 * positive weights first, sorted). Returns NaN when that set is empty or Σ w <= 0.
 * Exact at a kink (returns the actor position bit for bit), otherwise the root of the
 * derivative on the piece between two kinks, to adjacent doubles (bisection). */
double ent_i_nash1d(ent_i_pt_t *p, size_t n, double lo, double hi);

/* ---- the registry (models.c) ---- */

/* The model names separated by single spaces, for "expected one of ..." messages. */
void ent_i_fc_model_names(char *buf, size_t n);

/* ---- filling results ---- */

/* The verdict of a dynamic model's track: sets track->model_stop (1 when the model ended
 * the run by its own rule before the round limit), ent_track_verdict with tol (from
 * ent_forecast_tolerance), then the per-round series (ent_track_rounds). ENT_ENOMEM. */
ent_status_t ent_i_fc_verdict(ent_track_t *track, double tol, int model_stop, ent_error_t *err);

/* Prepare `out` (initialised or previously filled; it is emptied) for `model` on s:
 * allocates the per-issue outcome and why arrays (all NULL). */
ent_status_t ent_i_fc_begin(ent_forecast_t *out, const ent_scenario_t *s, const char *model,
                            const char *variant, ent_error_t *err);
/* Append a note to out->why[issue] ("; " between notes). Returns ENT_ENOMEM on failure. */
ent_status_t ent_i_fc_note(ent_forecast_t *out, size_t issue, ent_error_t *err,
                           const char *fmt, ...) ENT_PRINTF(4, 5);

/* Report progress through o->progress (entente/core.h): ENT_OK to go on, or ENT_EINTR
 * with err set ("<phase> forecast interrupted") when the callback asked to stop. The
 * caller then destroys its result. Call only from the calling thread. */
ent_status_t ent_i_fc_tick(const ent_forecast_opts_t *o, const char *phase, size_t done,
                           size_t total, ent_error_t *err);

/* Capability of actor a on issue i under the options (opts->capability replaces both the
 * actor's capability and any per-issue override). */
double ent_i_fc_capability(const ent_scenario_t *s, const ent_forecast_opts_t *o, size_t a,
                           size_t i);

/* Collect the actors with a position on (issue, dim): x, w = capability × salience
 * (a missing salience counts as 0), r = 0. `pts` holds at least s->nactors entries.
 * Returns the number of positioned actors in *n and those with w > 0 in *npos. */
ent_status_t ent_i_fc_points(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                             size_t issue, size_t dim, ent_i_pt_t *pts, size_t *n,
                             size_t *npos, ent_error_t *err);

/* A static model on one dimension: fill *value (NaN = no forecast) and optionally a note
 * (`why`, NUL-terminated, empty = none) given the issue's positioned actors. */
typedef ent_status_t (*ent_i_static_fn)(const ent_scenario_t *s, size_t issue, size_t dim,
                                        ent_i_pt_t *pts, size_t n, double *value, char *why,
                                        size_t whylen, ent_error_t *err);

/* Run a static model over every issue and dimension of s. An issue gets an outcome when
 * every dimension has a value; otherwise outcome[i] is NULL and why[i] says why. */
ent_status_t ent_i_fc_static_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                 const char *model, ent_i_static_fn fn, ent_forecast_t *out,
                                 ent_error_t *err);

/* ---- extra predictors of an ensemble (validate --extra; a calibration's inputs) ----
 * Defined in calibration.c (method and sources there). A predictor's id is a derived name
 * (status_quo, council_mean, council_median, qmv_pivot, procedural, range_mid) or an actor
 * id. ent_i_extra_code: its code (negative for a derived one, else the actor's index), or
 * ENT_I_EXTRA_NONE when it is neither. ent_i_extra_value: its value on scenario issue i
 * (first dimension), NaN when the issue lacks what it needs. O(actors log actors). */
#define ENT_I_EXTRA_NONE (-1000L)
long ent_i_extra_code(const ent_scenario_t *s, const char *id);
double ent_i_extra_value(const ent_scenario_t *s, size_t i, long code);
/* The actor a predictor cannot do without, or NULL: "com" for procedural, ID for pos:ID
 * (name as a calibration writes it: a derived name or "pos:ID"). */
const char *ent_i_extra_actor(const char *name);

#endif
