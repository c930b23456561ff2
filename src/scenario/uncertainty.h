/* SPDX-License-Identifier: MIT */
/* uncertainty.h — internal interface of src/scenario/uncertainty.c (the `uncertainty:`
 * section) for the loader, the emitter, the comparison and the simulation engine. */
#ifndef ENT_I_UNCERTAINTY_H
#define ENT_I_UNCERTAINTY_H

#include "entente/scenario.h"
#include "scenario/ynode.h"

/* NULL when a and b are equal (numbers bit for bit), else a static sentence naming the first
 * difference. */
const char *ent_i_uncertainty_diff(const ent_uncertainty_t *a, const ent_uncertainty_t *b);
/* The lower-triangular factor L (n × n, row-major) of a positive semi-definite matrix a,
 * a = L L^T, by Cholesky with zero pivots allowed (a column whose pivot is within 1e-10 of 0
 * is set to 0 and must have nothing left below it). Returns 0, or -1 when a is not positive
 * semi-definite. O(n^3). */
int ent_i_corr_factor(const double *a, size_t n, double *l);
/* Append the path of v as written in the file ("RU.guarantee.position", "UA.capability"). */
void ent_i_uncertainty_path(const ent_scenario_t *s, const ent_unc_value_t *v, ent_buf_t *b);

#endif
