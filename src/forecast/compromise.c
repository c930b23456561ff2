/* SPDX-License-Identifier: MIT */
/* compromise.c — the compromise model: the capability × salience weighted mean of the
 * actors' positions, per issue and per dimension.
 *
 * Model (docs/models.md §1): x̂ = Σ_k c_k s_k x_k / Σ_k c_k s_k over the actors with a
 * position on the issue. Sources: van den Bos 1991, *Dutch EC Policy Making*; Achen 2006,
 * "Evaluating political decision-making models", in Thomson, Stokman, Achen & König (eds.)
 * *The European Union Decides*, CUP (the "compromise model"); Bueno de Mesquita & Stokman
 * 1994 report the same mean as the starting point of the expected-utility model.
 *
 * Complexity: O(n) per issue and dimension (n actors); sums run in actor order, so the
 * result is bit-for-bit reproducible. Multi-dimensional issues are forecast dimension by
 * dimension with that dimension's salience.
 * Deviations: an actor with a position but no salience (the DEU tables have a few) carries
 * weight 0; an issue where Σ c s = 0 gets no forecast (why says so).
 */
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdio.h>

double ent_i_wmean(const ent_i_pt_t *p, size_t n)
{
    double num = 0, den = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(p[k].w > 0)) continue;
        num += p[k].w * p[k].x;
        den += p[k].w;
    }
    if (!(den > 0)) return NAN;
    return num / den;
}

static ent_status_t compromise_dim(const ent_scenario_t *s, size_t issue, size_t dim,
                                   ent_i_pt_t *pts, size_t n, double *value, char *why,
                                   size_t whylen, ent_error_t *err)
{
    (void)s; (void)issue; (void)dim; (void)err;
    *value = ent_i_wmean(pts, n);
    if (isnan(*value))
        snprintf(why, whylen, n ? "no actor with positive capability x salience"
                                : "no actor takes a position");
    return ENT_OK;
}

ent_status_t ent_compromise_run(const ent_scenario_t *s, const ent_forecast_opts_t *o,
                                ent_forecast_t *out, ent_error_t *err)
{
    if (!s || !out)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "compromise: scenario and result are required");
    return ent_i_fc_static_run(s, o, "compromise", compromise_dim, out, err);
}
