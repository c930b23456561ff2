/* SPDX-License-Identifier: MIT */
/* dynamics.c — the convergence verdict of a round-by-round history (ent_track_t):
 * converged, cycling or still moving, and the "movement without progress" figure.
 *
 * Definitions (docs/verdict.md; issue 4 "Dynamics and the verdict"). States t = 0..T−1,
 * state 0 the input; the distance of two states is the largest absolute coordinate
 * difference over all actors and dimensions (actors without a position, NaN in both
 * states, are skipped; NaN in one state only counts as different).
 * Rounds are scanned in order t = 1, 2, …; at the first t where
 *   - dist(t, t−1) <= tol                      → CONVERGED at round t;
 *   - else dist(t, u) <= tol for some u <= t−2 → CYCLING with start u and period t − u
 *     (the latest such u, i.e. the shortest period, is reported);
 * if neither happens by t = T−1 → MOVING (`round` = T−1, the round limit), or STOPPED
 * when the model ended the run by its own rule (track->model_stop: SMP's 2 % rule, bdm's
 * stop_when_still) — never "at the round limit" then.
 * `exact` is 1 when the repeat is bit-exact (distance 0), 0 when only within tol.
 * movement = Σ_{t=1}^{T−1} Σ_a ||x_a(t) − x_a(t−1)||₂ over all recorded rounds (also those
 * after the verdict's round: a cycle keeps moving); net = ||fc(T−1) − fc(0)||₂;
 * mwp = movement / net, +Inf when net = 0 < movement, NaN when both are 0 (or net is NaN).
 * A history with no state gets ENT_VERDICT_NONE; one with only the input state is MOVING
 * at round 0 (no round was run).
 * Per round (ent_track_rounds): the same movement, net change and their ratio for each
 * round t alone (state t−1 → t), so that a reader sees whether movement without progress
 * comes from every round or from a few.
 * The tolerance (ent_forecast_tolerance) is the codings' precision: half the issue's
 * `step`, else precision × range / 2 with precision 0.01 by default — movement below half
 * a coding step could not change a coding (issue 11, item 7).
 * Source of the cycle cases: ../shared/docs/models/bdm.md §C.3 (UK-EMU: a 2-cycle from
 * round 1; Iran 2013: alternation from round 6).
 *
 * Complexity: O(T · n · d) to key every state by a fixed positive projection, then O(T²)
 * key comparisons; only pairs whose keys lie within the bound a repeat implies (C · tol plus
 * rounding slack) are compared coordinate by coordinate, O(n · d) each. The worst case
 * (every state near every other) stays O(T² · n · d). O(T) extra memory; without it
 * (allocation failure) every pair is compared.
 */
#include "entente/forecast.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Max-norm distance of states u and v; stops early (returning a value > tol) once a
 * coordinate differs by more than tol. */
static double state_dist(const ent_track_t *t, size_t u, size_t v, double tol)
{
    size_t len = t->nactors * t->ndim;
    const double *a = t->x + u * len, *b = t->x + v * len;
    double m = 0;
    for (size_t k = 0; k < len; k++) {
        int na = isnan(a[k]), nb = isnan(b[k]);
        if (na && nb) continue;
        if (na || nb) return INFINITY;
        double d = fabs(a[k] - b[k]);
        if (d > m) {
            m = d;
            if (m > tol) return m;
        }
    }
    return m;
}

/* Filter keys: key(t) = Σ c_j x_j(t) with fixed weights c_j in [0.5, 1]; two states within
 * tol (max norm) have keys within C·tol, C = Σ c_j, plus rounding slack (*window). Only
 * states that pass this O(1) test are compared coordinate by coordinate. Returns the T keys
 * (caller frees), or NULL when out of memory (then every pair is compared). */
static double *state_keys(const ent_track_t *track, double tol, double *window)
{
    size_t T = track->nstates, len = track->nactors * track->ndim;
    double *key = malloc(T * sizeof *key), *c = malloc((len ? len : 1) * sizeof *c);
    *window = INFINITY;
    if (!key || !c) {
        free(key);
        free(c);
        return NULL;
    }
    double C = 0, mag = 0;
    uint64_t r = 0x9E3779B97F4A7C15ULL;
    for (size_t j = 0; j < len; j++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        c[j] = 0.5 + 0.5 * (double)(r >> 11) / 9007199254740992.0;
        C += c[j];
    }
    for (size_t t = 0; t < T; t++) {
        const double *x = track->x + t * len;
        double k = 0, a = 0;
        for (size_t j = 0; j < len; j++) {
            if (isnan(x[j])) continue;
            k += c[j] * x[j];
            a += c[j] * fabs(x[j]);
        }
        key[t] = k;
        if (a > mag) mag = a;
    }
    *window = C * tol * (1 + 1e-9) + 1e-12 * mag;
    free(c);
    return key;
}

/* Converged or cycling: the first state equal (within tol) to the previous one, or to an
 * earlier one. v->kind stays MOVING when no state repeats. */
static void find_repeat(const ent_track_t *track, double tol, ent_verdict_t *v)
{
    double window;
    double *key = state_keys(track, tol, &window);
    for (size_t t = 1; t < track->nstates && v->kind == ENT_VERDICT_MOVING; t++) {
        double d = state_dist(track, t, t - 1, tol);
        if (d <= tol) {
            v->kind = ENT_VERDICT_CONVERGED;
            v->round = (int)t;
            v->exact = d == 0;
            break;
        }
        for (size_t u = t - 1; u-- > 0;) {
            if (key && !(fabs(key[t] - key[u]) <= window)) continue;
            d = state_dist(track, t, u, tol);
            if (d <= tol) {
                v->kind = ENT_VERDICT_CYCLING;
                v->round = (int)t;
                v->cycle_start = (int)u;
                v->period = (int)(t - u);
                v->exact = d == 0;
                break;
            }
        }
    }
    free(key);
}

/* Total distance moved by every actor over all recorded rounds (Euclidean per step). */
static double movement(const ent_track_t *track)
{
    size_t T = track->nstates, n = track->nactors, dd = track->ndim;
    double mv = 0;
    for (size_t t = 1; t < T; t++) {
        const double *a = track->x + (t - 1) * n * dd, *b = track->x + t * n * dd;
        for (size_t k = 0; k < n; k++) {
            double s2 = 0;
            int any = 0;
            for (size_t d = 0; d < dd; d++) {
                double p = a[k * dd + d], q = b[k * dd + d];
                if (isnan(p) || isnan(q)) continue;
                s2 += (q - p) * (q - p);
                any = 1;
            }
            if (any) mv += sqrt(s2);
        }
    }
    return mv;
}

void ent_track_verdict(ent_track_t *track, double tol)
{
    if (!track) return;
    ent_verdict_t v;
    memset(&v, 0, sizeof v);
    if (!(tol >= 0) || isinf(tol)) tol = 0;
    v.tol = tol;
    size_t T = track->nstates, dd = track->ndim;
    if (T == 0 || !track->x) {
        v.kind = ENT_VERDICT_NONE;
        v.net = NAN;
        v.mwp = NAN;
        track->verdict = v;
        return;
    }
    v.kind = ENT_VERDICT_MOVING;
    v.round = (int)(T - 1);
    find_repeat(track, tol, &v);
    if (v.kind == ENT_VERDICT_MOVING && track->model_stop) v.kind = ENT_VERDICT_STOPPED;
    double mv = movement(track);
    v.movement = mv;
    double net = NAN;
    if (track->fc) {
        double s2 = 0;
        for (size_t d = 0; d < dd; d++) {
            double p = track->fc[d], q = track->fc[(T - 1) * dd + d];
            s2 += (q - p) * (q - p);
        }
        net = sqrt(s2);
    }
    v.net = net;
    if (isnan(net)) v.mwp = NAN;
    else if (net > 0) v.mwp = mv / net;
    else v.mwp = mv > 0 ? INFINITY : NAN;
    track->verdict = v;
}

/* Euclidean distance of two nd-vectors over the coordinates given in both (NaN when none). */
static double euclid(const double *p, const double *q, size_t nd)
{
    double s2 = 0;
    int any = 0;
    for (size_t d = 0; d < nd; d++) {
        if (isnan(p[d]) || isnan(q[d])) continue;
        s2 += (q[d] - p[d]) * (q[d] - p[d]);
        any = 1;
    }
    return any ? sqrt(s2) : NAN;
}

ent_status_t ent_track_rounds(ent_track_t *track, ent_error_t *err)
{
    if (!track) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_track_rounds: no track");
    free(track->round_movement);
    free(track->round_net);
    free(track->round_mwp);
    track->round_movement = track->round_net = track->round_mwp = NULL;
    size_t T = track->nstates, n = track->nactors, dd = track->ndim;
    if (T == 0 || !track->x) return ENT_OK;
    double *mv = malloc(T * sizeof *mv), *net = malloc(T * sizeof *net), *mwp = malloc(T * sizeof *mwp);
    if (!mv || !net || !mwp) {
        free(mv);
        free(net);
        free(mwp);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (movement per round)");
    }
    mv[0] = net[0] = 0;
    mwp[0] = NAN;
    for (size_t t = 1; t < T; t++) {
        const double *a = track->x + (t - 1) * n * dd, *b = track->x + t * n * dd;
        double m = 0;
        for (size_t k = 0; k < n; k++) {
            double e = euclid(a + k * dd, b + k * dd, dd);
            if (!isnan(e)) m += e;
        }
        mv[t] = m;
        net[t] = track->fc ? euclid(track->fc + (t - 1) * dd, track->fc + t * dd, dd) : NAN;
        if (isnan(net[t])) mwp[t] = NAN;
        else if (net[t] > 0) mwp[t] = m / net[t];
        else mwp[t] = m > 0 ? INFINITY : NAN;
    }
    track->round_movement = mv;
    track->round_net = net;
    track->round_mwp = mwp;
    return ENT_OK;
}

const char *ent_verdict_name(ent_verdict_kind_t k)
{
    switch (k) {
    case ENT_VERDICT_NONE: return "none";
    case ENT_VERDICT_CONVERGED: return "converged";
    case ENT_VERDICT_CYCLING: return "cycling";
    case ENT_VERDICT_MOVING: return "still moving";
    case ENT_VERDICT_STOPPED: return "stopped";
    }
    return "unknown";
}
