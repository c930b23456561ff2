/* entente/analysis.h — structural analyses of a negotiation: guarantee designs (can
 * assistance be triggered over an aggressor's objection?), proposals and the win-set of the
 * status quo, precondition sequencing (circular chains, cheapest links to drop, a feasible
 * order), and `analyze`, which runs every analysis a scenario supports.
 *
 * Definitions, utility function and algorithms with their complexity: docs/analyses.md.
 *
 * Conventions: every fallible function returns ent_status_t and fills `err`; results are
 * written into caller-provided structs that the function initialises, and are freed with
 * the matching *_destroy (NULL is a no-op), which frees every pointer inside. Outcomes
 * ("the proposal fails", "the win-set is empty", "the chain is circular") are result
 * fields, never errors. Actors, issues, steps and rules are scenario indices.
 */
#ifndef ENTENTE_ANALYSIS_H
#define ENTENTE_ANALYSIS_H

#include "entente/core.h"
#include "entente/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* =========================================================================
 * Sequencing (src/analysis/sequence.c)
 * ========================================================================= */

/* One arc of the precondition graph: step `step` needs, by its precondition `pre`,
 * alternative `alt` (index into steps[step].pre[pre].steps). Printed "step ⇐ target". */
typedef struct {
    size_t step, pre, alt;
} ent_seq_arc_t;

typedef struct {
    int limit_cycles;      /* most elementary cycles to list; default 100 */
    size_t exact_max;      /* exact minimum drop set when an SCC has at most this many
                              candidate preconditions; default 24 */
} ent_sequence_opts_t;

ENT_API void ent_sequence_opts_init(ent_sequence_opts_t *o);

typedef struct {
    size_t nsteps;
    /* strongly connected components (Tarjan) of the arc graph */
    size_t ncomp;
    size_t *comp;          /* nsteps: component id; ids numbered by first step in file order */
    size_t *comp_size;     /* ncomp */
    int circular;          /* 1 if some component has a cycle (size >= 2 or a self-arc) */
    /* elementary cycles (Johnson), each a closed chain of arcs */
    size_t ncycles;
    size_t *cycle_off;     /* ncycles + 1 offsets into cycle_arcs */
    ent_seq_arc_t *cycle_arcs;
    int cycles_complete;   /* 0 when the listing stopped at limit_cycles */
    /* cost of each precondition: sum over insisting actors of capability × salience (0..1) */
    size_t *pre_off;       /* nsteps + 1 offsets: cost of steps[s].pre[p] is pre_cost[pre_off[s] + p] */
    double *pre_cost;
    /* the cheapest preconditions to drop so that every step becomes reachable */
    size_t ndrop;
    ent_seq_arc_t *drop;   /* alt is 0 (the whole precondition is dropped) */
    double drop_cost;
    int drop_exact;        /* 1: proven minimum (branch and bound); 0: heuristic */
    double drop_lower;     /* lower bound on the minimum (= drop_cost when exact) */
    /* reachability before dropping, and a feasible order after dropping */
    unsigned char *reachable;  /* nsteps flags, with every precondition kept */
    size_t norder;
    size_t *order;         /* all steps, in a feasible order (ties: file order) */
} ent_sequence_t;

ENT_API void ent_sequence_init(ent_sequence_t *r);
ENT_API void ent_sequence_destroy(ent_sequence_t *r);
/* Analyse s->steps. O(V+E) for the components, O((V+E)(C+1)) for C cycles (Johnson),
 * exact drop set O(2^k (V+E)^2) worst case per component of k candidate preconditions
 * with branch-and-bound pruning. opts may be NULL. */
ENT_API ent_status_t ent_sequence_analyze(const ent_scenario_t *s, const ent_sequence_opts_t *opts,
                                          ent_sequence_t *out /* OUT */, ent_error_t *err);
/* Render as text (json = 0) or JSON (json = 1). */
ENT_API void ent_sequence_report(const ent_scenario_t *s, const ent_sequence_t *r, int json,
                                 ent_buf_t *out);

/* =========================================================================
 * Proposals and win-sets (src/analysis/proposals.c, src/analysis/winset.c)
 * ========================================================================= */

/* Utility of actor a for a point given on every issue (x[i] points to issue i's ndim
 * coordinates): U_a(x) = − Σ_i || s_ai ∘ (x_i − p_ai) ||_2, the Euclidean norm of the
 * salience-weighted differences, which is s_ai·|x_i − p_ai| on a 1-D issue (saliences on
 * 0..1). Issues the actor takes no position on count 0. Returns NaN when the actor takes a
 * position on none of the issues. O(issues × dims). */
ENT_API double ent_utility(const ent_scenario_t *s, size_t actor, const double *const *x);

typedef enum { ENT_VOTE_REJECT = 0, ENT_VOTE_ACCEPT = 1, ENT_VOTE_INDIFFERENT = 2 } ent_vote_t;

typedef enum {
    ENT_WINSET_EMPTY = 0,   /* no point beats the status quo for a winning coalition */
    ENT_WINSET_NONEMPTY,    /* a witness point is given */
    ENT_WINSET_UNKNOWN      /* not computed (reason in `why`) */
} ent_winset_status_t;

typedef struct {
    double lo, hi;
    int lo_open, hi_open;
} ent_interval_t;

/* The win-set of the status quo under one rule. */
typedef struct {
    long rule;
    /* per 1-D issue with a status quo: exact intervals along that issue, the other issues
     * held at the status quo; `joint` covers every issue with a status quo, 1-D or not */
    size_t nissues;
    size_t *nint;              /* nissues counts (0 for issues not analysed) */
    ent_interval_t **ints;     /* nissues arrays */
    unsigned char *analysed;   /* nissues flags */
    /* jointly over every analysed issue */
    ent_winset_status_t joint;
    double *witness;           /* a point of the win-set: every issue's coordinates laid end to
                                  end (issue i starts after the ndim of issues 0..i-1; equal to
                                  index i when all issues are 1-D); NaN on issues left out */
    size_t ncoal_checked;      /* minimal winning coalitions checked by LP */
    char method[256];
    char why[256];
    size_t nveto;
    size_t *veto;              /* actor indices of the rule's veto players */
} ent_winset_t;

typedef struct {
    size_t proposal;
    long rule;                 /* rule used (the proposal's, else the scenario's first) */
    size_t nactors;
    double *u_prop, *u_sq;     /* per actor; NaN when the actor has no stake */
    unsigned char *vote;       /* ent_vote_t per actor */
    int passes;                /* the acceptors form a winning coalition */
    size_t nveto_against;
    size_t *veto_against;      /* veto players that reject or are indifferent */
    size_t nkill;              /* minimal blocking coalitions among the non-acceptors */
    size_t *kill_off;          /* nkill + 1 offsets into kill */
    size_t *kill;
    int kill_complete;
    int dead_on_arrival;       /* a veto player rejects it */
    int designed_to_be_rejected; /* dead on arrival while the win-set holds a point the
                                    proposer prefers to the status quo */
    double *proposer_witness;  /* such a point (layout of ent_winset_t.witness), or NULL */
    int sq_missing;            /* some issue of the proposal has no status quo: not evaluated */
} ent_proposal_eval_t;

typedef struct {
    size_t nproposals;
    ent_proposal_eval_t *eval;
    size_t nwinsets;
    ent_winset_t *winset;      /* one per distinct rule used by a proposal (or rule 0) */
} ent_proposals_t;

typedef struct {
    size_t max_enum_players;   /* enumerate coalitions of at most this many players; default 22 */
    size_t max_lp;             /* most minimal winning coalitions checked by LP; default 5000 */
    size_t limit_kill;         /* most killing coalitions listed; default 10 */
    int all_winning;           /* baseline for benchmarks: run the joint LP on every winning
                                  coalition, not only the minimal ones (same answer); default 0 */
} ent_proposals_opts_t;

ENT_API void ent_proposals_opts_init(ent_proposals_opts_t *o);
ENT_API void ent_proposals_init(ent_proposals_t *r);
ENT_API void ent_proposals_destroy(ent_proposals_t *r);
/* Evaluate every proposal and the win-set of each rule they use. */
ENT_API ent_status_t ent_proposals_analyze(const ent_scenario_t *s, const ent_proposals_opts_t *opts,
                                           ent_proposals_t *out /* OUT */, ent_error_t *err);
/* The win-set of the status quo under rule `rule`. If `also` >= 0, the witness must also be
 * strictly preferred by actor `also` (used for "designed to be rejected"). */
ENT_API ent_status_t ent_winset_compute(const ent_scenario_t *s, size_t rule, long also,
                                        const ent_proposals_opts_t *opts,
                                        ent_winset_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_winset_destroy(ent_winset_t *w);
ENT_API void ent_proposals_report(const ent_scenario_t *s, const ent_proposals_t *r, int json,
                                  ent_buf_t *out);

/* =========================================================================
 * Guarantees (src/analysis/guarantee.c)
 * ========================================================================= */

typedef struct {
    size_t rule;
    int aggressor_player;          /* 1 if the aggressor takes part in the rule */
    int passes_over_aggressor;     /* assistance can be triggered if the aggressor objects */
    int passes_over_group;         /* ... if the aggressor and its partners object */
    size_t nveto;
    size_t *veto;                  /* actor indices */
    size_t nalone;
    size_t *alone;                 /* actors that can trigger assistance alone */
    char *nblock;                  /* exact count of minimal blocking coalitions containing the
                                      aggressor (decimal string) */
    size_t nblock_listed;
    size_t *block_off;             /* nblock_listed + 1 offsets into block */
    size_t *block;
    double prevent;                /* aggressor's Coleman power to prevent */
    double banzhaf;                /* aggressor's normalized Banzhaf index */
    char verdict[512];             /* one line in words */
} ent_guarantee_row_t;

typedef struct {
    long aggressor;                /* actor index, or -1 when a group was given */
    long aggressor_group;          /* group index when a group was given, else -1 */
    size_t ngroup;
    size_t *group;                 /* the aggressor and its partners (actor indices) */
    size_t nrows;
    ent_guarantee_row_t *rows;     /* one per rule, in file order */
} ent_guarantee_t;

typedef struct {
    const char *against;           /* actor or group id; NULL = the single member of the group
                                      `aggressor` if the scenario has one, else the actor that is a
                                      veto player under the most rules (ties: higher capability,
                                      file order) */
    const char *partners;          /* group id; NULL = actors within 10 points of the aggressor
                                      on the first issue where it takes a position */
    size_t limit;                  /* most blocking coalitions listed per rule; default 5 */
} ent_guarantee_opts_t;

ENT_API void ent_guarantee_opts_init(ent_guarantee_opts_t *o);
ENT_API void ent_guarantee_init(ent_guarantee_t *g);
ENT_API void ent_guarantee_destroy(ent_guarantee_t *g);
ENT_API ent_status_t ent_guarantee_analyze(const ent_scenario_t *s, const ent_guarantee_opts_t *opts,
                                           ent_guarantee_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_guarantee_report(const ent_scenario_t *s, const ent_guarantee_t *g, int json,
                                  ent_buf_t *out);

/* =========================================================================
 * analyze: every analysis, one report (src/analysis/analyze.c)
 * ========================================================================= */

typedef struct {
    int sensitivity;      /* move each position by ±shift and report flipped conclusions; default 1 */
    double shift;         /* default 10 (issue units) */
    int forecasts;        /* run the forecast models; default 1 */
} ent_analyze_opts_t;

ENT_API void ent_analyze_opts_init(ent_analyze_opts_t *o);
/* Write the full report for s into out (text, or JSON when json = 1). */
ENT_API ent_status_t ent_analyze_report(const ent_scenario_t *s, const ent_analyze_opts_t *opts,
                                        int json, ent_buf_t *out, ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
