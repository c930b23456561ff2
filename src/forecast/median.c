/* SPDX-License-Identifier: MIT */
/* median.c — the weighted median (median voter) model: the position at which the
 * capability × salience weight of the actors splits in half, per issue and dimension.
 *
 * Model (docs/models.md §2): sort the actors with w_k = c_k s_k > 0 by position; the
 * forecast is the smallest x_(j) with Σ_{k<=j} w_(k) > W/2, W = Σ w. With linear loss
 * utilities it is the Condorcet winner of majority voting weighted by w (Black 1958, *The
 * Theory of Committees and Elections*; Achen 2006 in *The European Union Decides*, the
 * "median voter" / "weighted median" model).
 * Tie rule: when the cumulative weight equals W/2 exactly at x_(j) (|2·cum − W| <= 1e-12·W),
 * every point of [x_(j), x_(j+1)] splits the weight in half; we report the midpoint
 * (x_(j) + x_(j+1)) / 2 and note the tie in `why`. The midpoint is the only choice that is
 * symmetric under reversing the scale and independent of the order of the input rows.
 * (The bdm engine's per-round median follows bdm.md §A.6 instead: first held position.)
 *
 * Complexity: O(n log n) per issue and dimension (one sort by (position, actor index)).
 * Deviations: actors with weight 0 (no salience or no capability) are ignored.
 */
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>


double ent_i_wmedian(ent_i_pt_t *p, size_t n, int *tie)
{
    if (tie) *tie = 0;
    /* positive weights first (the rest keep their entries), in place */
    size_t m = 0;
    double W = 0;
    for (size_t k = 0; k < n; k++)
        if (p[k].w > 0) { /* partition by swapping: p stays a permutation of the input */
            ent_i_pt_t t = p[m];
            p[m++] = p[k];
            p[k] = t;
            W += p[m - 1].w;
        }
    if (!(W > 0) || m == 0) return NAN;
    ent_i_sort_pts(p, m);
    double cum = 0;
    for (size_t k = 0; k < m; k++) {
        cum += p[k].w;
        /* all actors at the same position count together */
        if (k + 1 < m && p[k + 1].x == p[k].x) continue;
        double d = 2 * cum - W;
        if (fabs(d) <= 1e-12 * W) {
            if (k + 1 < m) {
                if (tie) *tie = 1;
                return p[k].x + (p[k + 1].x - p[k].x) / 2;
            }
            return p[k].x;
        }
        if (d > 0) return p[k].x;
    }
    return p[m - 1].x; /* unreachable: cum reaches W */
}

static ent_status_t median_dim(const ent_scenario_t *s, size_t issue, size_t dim,
                               ent_i_pt_t *pts, size_t n, double *value, char *why,
                               size_t whylen, ent_error_t *err)
{
    (void)s; (void)issue; (void)dim; (void)err;
    int tie = 0;
    *value = ent_i_wmedian(pts, n, &tie);
    if (isnan(*value))
        snprintf(why, whylen, n ? "no actor with positive capability x salience"
                                : "no actor takes a position");
    else if (tie)
        snprintf(why, whylen, "weight splits exactly in half: midpoint of the two middle positions");
    return ENT_OK;
}

ent_status_t ent_median_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                            ent_forecast_t *out, ent_error_t *err)
{
    if (!s || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "median: scenario and result are required");
    return ent_i_fc_static_run(s, o, "median", median_dim, out, err);
}
