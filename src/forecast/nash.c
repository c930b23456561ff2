/* SPDX-License-Identifier: MIT */
/* nash.c — the Nash bargaining solution (NBS) with the status quo as disagreement point,
 * in the weighted ("asymmetric") form used in the DEU literature, per issue and dimension.
 *
 * Model (docs/models.md §3): actors have linear loss utilities U_k(x) = −|x − x_k| and
 * bargaining weights w_k = c_k s_k. With the status quo q as disagreement point the
 * forecast is
 *     x* = argmax_{x ∈ [lo, hi], g_k(x) > 0 ∀k: w_k > 0}  Σ_k w_k log g_k(x),
 *     g_k(x) = U_k(x) − U_k(q) = |q − x_k| − |x − x_k|,
 * i.e. the maximiser of the weighted Nash product Π_k (U_k(x) − U_k(q))^{w_k} over the
 * points that every actor with positive weight prefers to the status quo. Sources: Nash
 * 1950; the asymmetric form, Kalai 1977; in the DEU studies: Achen 2006, "Institutional
 * realism and bargaining models", in Thomson, Stokman, Achen & König (eds.), *The European
 * Union Decides*, CUP, ch. 4; Schneider, Finke & Bailer 2010, Political Studies 58(1).
 * Fallback (documented in docs/models.md and in the per-issue `why`): when the issue has no
 * status quo, or no point improves every weighted actor on it (an actor sits at q, or
 * actors lie on both sides of q), the disagreement point of each actor is its worst point
 * of the issue scale: g_k(x) = max(x_k − lo, hi − x_k) − |x − x_k|. This is the asymmetric
 * NBS with the reference point at the scale end, always defined on [lo, hi].
 *
 * Algorithm (exact in 1-D): every g_k is piecewise linear and concave with one kink at x_k,
 * so Σ w_k log g_k is strictly concave on the feasible interval and its one-sided
 * derivatives are monotone. A binary search over the sorted kinks finds either a kink where
 * the left derivative is >= 0 >= the right derivative (the answer is that actor's position,
 * bit for bit), or the smooth piece holding the root of the derivative, solved by bisection
 * down to adjacent doubles. Complexity O(n log n) per issue and dimension (sort, then
 * O(log n) derivative evaluations of O(n) each, then at most ~1100 bisection steps of O(n),
 * about 60 for scales of ordinary size). Deterministic.
 */
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>


/* Right (side > 0), left (side < 0) or plain (side == 0, x not a kink) derivative. */
static double deriv(const ent_i_pt_t *p, size_t n, double x, int side)
{
    double up = 0, down = 0;
    for (size_t k = 0; k < n; k++) {
        double g = p[k].r - fabs(x - p[k].x);
        double t = p[k].w / g;
        if (p[k].x > x) up += t;
        else if (p[k].x < x) down += t;
        else if (side > 0) down += t;
        else if (side < 0) up += t;
    }
    return up - down;
}

double ent_i_nash1d(ent_i_pt_t *p, size_t n, double lo, double hi)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (p[k].w > 0) { /* partition by swapping: p stays a permutation of the input */
            ent_i_pt_t t = p[m];
            p[m++] = p[k];
            p[k] = t;
        }
    if (m == 0) return NAN;
    double L = lo, U = hi;
    int lopen = 0, uopen = 0;
    for (size_t k = 0; k < m; k++) {
        if (!(p[k].r > 0)) return NAN;
        double a = p[k].x - p[k].r, b = p[k].x + p[k].r;
        if (a >= L) { L = a; lopen = 1; }
        if (b <= U) { U = b; uopen = 1; }
    }
    if (!(L < U)) return NAN;
    ent_i_sort_pts(p, m);
    if (!lopen && deriv(p, m, L, +1) <= 0) return L;
    if (!uopen && deriv(p, m, U, -1) >= 0) return U;
    /* kinks strictly inside (L, U): indices [k0, k1) of the sorted array */
    size_t k0 = 0, k1 = m;
    while (k0 < m && !(p[k0].x > L)) k0++;
    while (k1 > k0 && !(p[k1 - 1].x < U)) k1--;
    /* first kink (in [k0, k1)) with right derivative <= 0: monotone predicate */
    size_t a = k0, b = k1;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (deriv(p, m, p[mid].x, +1) <= 0) b = mid;
        else a = mid + 1;
    }
    double left = L, right = U;
    if (a < k1) {
        /* the first of equal kinks */
        size_t j = a;
        while (j > k0 && p[j - 1].x == p[a].x) j--;
        if (deriv(p, m, p[j].x, -1) >= 0) return p[j].x;
        right = p[j].x;
        if (j > k0) left = p[j - 1].x;
    } else if (k1 > k0) {
        left = p[k1 - 1].x;
    }
    /* smooth, strictly decreasing derivative on (left, right): bisect to adjacent doubles */
    for (int it = 0; it < 2200; it++) {
        double mid = left + (right - left) / 2;
        if (!(mid > left && mid < right)) break;
        if (deriv(p, m, mid, 0) > 0) left = mid;
        else right = mid;
    }
    return left + (right - left) / 2;
}

static ent_status_t nash_dim(const ent_scenario_t *s, size_t issue, size_t dim,
                             ent_i_pt_t *pts, size_t n, double *value, char *why,
                             size_t whylen, ent_error_t *err)
{
    (void)err;
    const ent_issue_t *is = &s->issues[issue];
    double lo = is->lo ? is->lo[dim] : 0, hi = is->hi ? is->hi[dim] : 100;
    size_t npos = 0;
    for (size_t k = 0; k < n; k++) npos += pts[k].w > 0;
    *value = NAN;
    if (npos == 0) {
        snprintf(why, whylen, n ? "no actor with positive capability x salience"
                                : "no actor takes a position");
        return ENT_OK;
    }
    const char *reason = "no status quo";
    char buf[200];
    if (is->status_quo && !isnan(is->status_quo[dim])) {
        double q = is->status_quo[dim];
        size_t below = 0, at = 0, above = 0;
        for (size_t k = 0; k < n; k++) {
            pts[k].r = fabs(q - pts[k].x);
            if (!(pts[k].w > 0)) continue;
            if (pts[k].x < q) below++;
            else if (pts[k].x > q) above++;
            else at++;
        }
        *value = ent_i_nash1d(pts, n, lo, hi);
        if (!isnan(*value)) return ENT_OK;
        snprintf(buf, sizeof buf,
                 "no point improves every actor on the status quo (%zu below, %zu at, %zu above it)",
                 below, at, above);
        reason = buf;
    }
    for (size_t k = 0; k < n; k++) {
        double r1 = pts[k].x - lo, r2 = hi - pts[k].x;
        pts[k].r = r1 > r2 ? r1 : r2;
    }
    *value = ent_i_nash1d(pts, n, lo, hi);
    snprintf(why, whylen, "%s: disagreement point at each actor's worst end of the scale", reason);
    return ENT_OK;
}

ent_status_t ent_nash_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                          ent_forecast_t *out, ent_error_t *err)
{
    if (!s || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "nash: scenario and result are required");
    return ent_i_fc_static_run(s, o, "nash", nash_dim, out, err);
}
