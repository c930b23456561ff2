/* SPDX-License-Identifier: MIT */
/* report_analysis_i.h — internal: helpers shared by the analysis renderers
 * (src/report/report_guarantee.c, report_proposals.c, report_sequence.c,
 * report_analyze.c). Not installed. */
#ifndef ENT_REPORT_ANALYSIS_I_H
#define ENT_REPORT_ANALYSIS_I_H

#include "entente/report.h"

/* An actor's or a step's display name: its name, else its id. */
const char *ent_i_actor_name(const ent_scenario_t *s, size_t a);
const char *ent_i_step_name(const ent_scenario_t *s, size_t v);

/* A part the cost budget skipped, as a phrase: "model smp: estimated 78.7 s of processor
 * time, more than the 0.07 s left of the 1 s budget (--budget 0 runs it)" (report_analyze.c). */
void ent_i_analyze_skip_text(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_skip_t *k,
                             ent_buf_t *out);
/* The skipped entry of a->skipped for part (the first), or NULL. */
const ent_analyze_skip_t *ent_i_analyze_skipped(const ent_analyze_t *a, ent_analyze_part_t part);

/* A point of all issues' coordinates laid end to end (issue i starts after the ndim of the
 * issues before it), as in ent_winset_t.witness: "guarantee 40.0, plan (10.0, 20.0)" and
 * {"guarantee": 40, "plan": [10, 20]}. Issues without a status quo or with NaN are skipped.
 * (report_proposals.c) */
void ent_i_point_text(const ent_scenario_t *s, const double *x, ent_buf_t *out);
/* "distance from the proposal to the win-set 5.0" (exact, at most, or not measured). */
void ent_i_distance_text(const ent_proposal_eval_t *e, ent_buf_t *out);
void ent_i_point_json(const ent_scenario_t *s, const double *x, ent_json_t *j);

/* The verdict on one guarantee design in words, without the final period
 * (report_guarantee.c; docs/analyses.md §1 lists the sentences). */
void ent_i_guarantee_verdict_text(const ent_scenario_t *s, const ent_guarantee_t *g,
                                  const ent_guarantee_row_t *row, ent_buf_t *out);

/* One threshold as a sentence, "us_offer passes if Russia's position on guarantee is ≥ 57.0
 * (now 40.0)", and a threshold's number (up to 4 decimals, at least 1) (report_threshold.c). */
void ent_i_threshold_text(const ent_scenario_t *s, const ent_threshold_t *t, ent_buf_t *out);
void ent_i_threshold_num(double v, ent_buf_t *out);

/* One summary sentence of `analyze` (report_analyze.c; the HTML briefing reuses it). */
void ent_i_analyze_summary_line(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it,
                                ent_buf_t *b);

/* What the readings (c: the scenario and its variants compared) say of summary item it:
 * "the same under all N readings", "changed by V (cell), ...", or for a forecast "V moves
 * m1, m2"; returns 0 (nothing written) when c has no row for it. And the rows only some
 * readings have, one line each ("<lead><row>: only under V (cell)\n") (report_analyze.c). */
int ent_i_readings_text(const ent_scenario_t *s, const ent_analyze_t *a, const ent_compare_t *c,
                        const ent_analyze_item_t *it, ent_buf_t *b);
void ent_i_readings_extra_text(const ent_scenario_t *s, const ent_compare_t *c, const char *lead, ent_buf_t *out);

/* A row of `entente compare` named ("proposal us_offer (settlement)") and a cell worded
 * ("dead on arrival", "61.4 (converged)"; "-" when absent) (report_compare.c). */
void ent_i_compare_row_label(const ent_scenario_t *s, const ent_compare_t *c, const ent_compare_row_t *w, ent_buf_t *b);
void ent_i_compare_cell_text(const ent_scenario_t *s, const ent_compare_row_t *w, const ent_compare_cell_t *cl,
                             ent_buf_t *b);

/* The renderers' common ending: ENT_ENOMEM when out ran out of memory, else ENT_OK. */
ent_status_t ent_i_report_status(const ent_buf_t *out);

#endif
