/* SPDX-License-Identifier: MIT */
/* analyze_i.h — internal: ent_analyze_run with the guarantee part given by the caller
 * (src/analysis/analyze.c), for the draws of a simulation (src/analysis/simulate.c) whose
 * guarantee inputs do not move. Not installed. */
#ifndef ENT_ANALYSIS_ANALYZE_I_H
#define ENT_ANALYSIS_ANALYZE_I_H

#include "entente/analysis.h"

/* ent_analyze_run, except that when `given` is not NULL and s has rules, out->guarantee is a
 * shallow copy of *given instead of ent_guarantee_analyze(s, defaults): the caller vouches
 * that the two are equal. Ownership: *given stays the caller's; before ent_analyze_destroy
 * the caller resets out->guarantee (ent_guarantee_init). On failure out is already reset. */
ent_status_t ent_i_analyze_run_given(const ent_scenario_t *s, const ent_analyze_opts_t *opts,
                                     const ent_guarantee_t *given, ent_analyze_t *out, ent_error_t *err);

#endif
