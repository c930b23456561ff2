/* SPDX-License-Identifier: MIT */
/* winset.h — internal: the run context of the win-set computations (src/analysis/winset.c)
 * and the entry points that take it (winset.c, proposals.c). Not installed.
 *
 * A context is shared by every win-set of one run — one proposals analysis, or the whole
 * sensitivity pass of `analyze`, which reruns the proposals with one position moved — and
 * owned by that run's caller: no globals, so concurrent runs share nothing; one context is
 * not for concurrent use. It holds
 *  - an exact memo of LP answers (lp.h, ent_i_lp_memo_t), bounded in memory;
 *  - a few LP certificates of earlier "empty" coalitions, tried first on a new one: one that
 *    bounds the common gain near 0, checked exactly, decides "empty" (as the LP would);
 *  - for opts->verdicts_only: a few verified witness points, tried first too: one that every
 *    member strictly prefers (exactly) by a margin decides "non-empty" (as the LP would);
 *  - the last ENT_I_WS_MWC lists of coalitions to test (the minimal winning coalitions of a
 *    rule), keyed by the rule, its players' abstentions and capabilities and the options:
 *    they depend on the rule, not on positions, so the thresholds' hundreds of samples
 *    enumerate each rule's 2^n coalitions once instead of once per sample. The key assumes
 *    what every run does: its scenarios share the rules, groups and actors' other attributes.
 * Memory: the memo's bound plus O(ENT_I_WS_POOL · (points + rows)) doubles plus
 * ENT_I_WS_MWC lists of at most opts->max_lp masks.
 */
#ifndef ENT_ANALYSIS_WINSET_H
#define ENT_ANALYSIS_WINSET_H

#include "analysis/coalition.h"
#include "entente/analysis.h"

/* 1 iff actor a's utility on issue i is today's symmetric linear loss (its preference form,
 * entente/scenario.h, resolves to LINEAR): the exact threshold and sensitivity arguments
 * written for that loss hold for it. */
int ent_i_pref_linear(const ent_scenario_t *s, size_t a, size_t i);

/* The memo's default bound, in bytes. */
#define ENT_I_WS_MEMO_BYTES ((size_t)8 << 20)
/* Points (verdicts_only) and certificates kept. */
#define ENT_I_WS_POOL 8

typedef struct ent_i_ws_ctx ent_i_ws_ctx_t;

/* A context whose memo holds at most memo_bytes; NULL when out of memory. */
ent_i_ws_ctx_t *ent_i_ws_ctx_new(size_t memo_bytes);
void ent_i_ws_ctx_free(ent_i_ws_ctx_t *ctx);
/* Offer a verified point of the win-set of some coalition (ncoord coordinates, layout of
 * ent_winset_t.witness) as a first candidate for later verdicts. Copies it; ignores NULL and
 * out-of-memory. */
void ent_i_ws_ctx_add_point(ent_i_ws_ctx_t *ctx, const double *x, size_t ncoord);
/* Verdicts only: before an LP, search for a point every member of the coalition strictly
 * prefers (winset.c, search_point), off by default. The verdicts are the LP's; where the LP
 * cannot be verified (ENT_EINTERNAL) the search may still find a point, so a run that used
 * to fail there may now pass: on for the draws of a simulation (simulate.c), off elsewhere
 * so that `analyze`'s thresholds and sensitivity keep their counts. With the search on, a
 * verdicts-only win-set also leaves out the 1-D intervals (ent_winset_t.nint, ints and
 * analysed stay empty) unless they decide it (one 1-D issue with a status quo, no extra
 * actor): the draws read the joint verdict only. */
void ent_i_ws_ctx_search(ent_i_ws_ctx_t *ctx, int on);
/* The memo's counters (lp.h), for tests and measurements. */
void ent_i_ws_ctx_stats(const ent_i_ws_ctx_t *ctx, size_t *lp_solved, size_t *memo_hits, size_t *by_point,
                        size_t *by_cert);

/* The context's cache of coalition lists (minimal winning coalitions per rule, reused by
 * every later win-set of the same rule, abstentions and capabilities): hits and misses. */
void ent_i_ws_ctx_mwc_stats(const ent_i_ws_ctx_t *ctx, size_t *hits, size_t *misses);

/* The power to prevent of a design's aggressor (proposals.c, design_discount) kept by the
 * context: it depends on the design's rule, compiled as r, and the aggressor, not on the
 * positions or saliences, so the draws of a simulation compute it once. Keyed by the rule's
 * index and text, its players (actors) and their capabilities (weights by capability), with
 * the assumption of the coalition lists above. get: 1 and *pi when kept, else 0; put: keeps
 * it (out of memory or a full table only skips it). */
int ent_i_ws_ctx_prevent_get(ent_i_ws_ctx_t *ctx, const ent_scenario_t *s, size_t rule, const size_t *actor,
                             size_t n, size_t against, double *pi);
void ent_i_ws_ctx_prevent_put(ent_i_ws_ctx_t *ctx, const ent_scenario_t *s, size_t rule, const size_t *actor,
                              size_t n, size_t against, double pi);

/* ent_i_rule_open / ent_i_rule_close (coalition.h) through the context: with the search on
 * (ent_i_ws_ctx_search), the compiled game of each rule is kept by the context and lent to
 * r (r->game is the context's until ent_i_ws_rule_close), keyed by the rule's index and
 * text and every actor's capability (a rule may weigh by them), with the assumption of the
 * coalition lists above (no other attribute moves). A compiled game depends on nothing
 * else (src/game/rule.c reads the groups, attributes, capabilities and ids), and the calls
 * made on it read it only. ctx NULL or the search off: the plain calls. */
ent_status_t ent_i_ws_rule_open(ent_i_ws_ctx_t *ctx, ent_i_rule_t *r, const ent_scenario_t *s, size_t rule,
                                ent_error_t *err);
void ent_i_ws_rule_close(ent_i_ws_ctx_t *ctx, ent_i_rule_t *r);

/* ent_winset_compute with a context (NULL: none). */
ent_status_t ent_i_winset_run(const ent_scenario_t *s, size_t rule, long also, const ent_proposals_opts_t *opts,
                              ent_i_ws_ctx_t *ctx, ent_winset_t *w /* OUT */, ent_error_t *err);
/* ent_proposals_analyze with a context (NULL: one for this call alone). */
ent_status_t ent_i_proposals_run(const ent_scenario_t *s, const ent_proposals_opts_t *opts, ent_i_ws_ctx_t *ctx,
                                 ent_proposals_t *out /* OUT */, ent_error_t *err);

#endif
