/* SPDX-License-Identifier: MIT */
/* analyze_i.h — internal: ent_analyze_run with parts supplied by the caller
 * (src/analysis/analyze.c), for the draws of a simulation (src/analysis/simulate.c): a
 * guarantee part whose inputs do not move, a win-set context kept across the draws of one
 * worker thread, a verdicts-only proposals pass, a subset of the forecast models. Not
 * installed. */
#ifndef ENT_ANALYSIS_ANALYZE_I_H
#define ENT_ANALYSIS_ANALYZE_I_H

#include "entente/analysis.h"
#include "analysis/winset.h"

typedef struct {
    const ent_guarantee_t *guarantee; /* not NULL and s has rules: out->guarantee is a shallow
                                         copy of it instead of ent_guarantee_analyze(s,
                                         defaults); the caller vouches that the two are equal,
                                         keeps ownership, and resets out->guarantee
                                         (ent_guarantee_init) before ent_analyze_destroy */
    ent_i_ws_ctx_t *ws;               /* not NULL: the proposals run uses this win-set context
                                         (winset.h: LP memo, certificates, coalition lists)
                                         instead of one of its own; the caller vouches that
                                         its scenarios differ only in positions, saliences and
                                         capabilities, and uses it from one thread */
    int verdicts_only;                /* the proposals run with verdicts_only (analysis.h):
                                         the same flags and summary lines, other witnesses,
                                         no distance */
    const char *const *models;        /* not NULL: the forecast models to run (NULL-ended, in
                                         registry order), instead of every registered one */
    const ent_sequence_t *sequence;   /* not NULL and s has steps: out->sequence is a shallow
                                         copy of it instead of ent_sequence_analyze(s,
                                         defaults), as for guarantee (the caller vouches,
                                         owns, and resets out->sequence with
                                         ent_sequence_init before ent_analyze_destroy) */
    int one_thread;                   /* every part on the calling thread (SMP's threads = 1):
                                         the caller runs its own threads, and a part's default
                                         "every core" only costs a sysconf per call */
} ent_i_analyze_given_t;

/* ent_analyze_run with the parts of `given` (NULL: none). On failure out is already reset. */
ent_status_t ent_i_analyze_run_given(const ent_scenario_t *s, const ent_analyze_opts_t *opts,
                                     const ent_i_analyze_given_t *given, ent_analyze_t *out, ent_error_t *err);

#endif
