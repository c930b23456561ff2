/* SPDX-License-Identifier: MIT */
/* entente/analysis.h — structural analyses of a negotiation: guarantee designs (can
 * assistance be triggered over an aggressor's objection?), proposals and the win-set of the
 * status quo, precondition sequencing (circular chains, cheapest links to drop, a feasible
 * order), `analyze`, which runs every analysis a scenario supports, and the cross-validation
 * of forecast models and their ensembles on tables with outcomes (ent_crossval_run, below).
 *
 * Definitions, utility function and algorithms with their complexity: docs/analyses.md
 * (cross-validation: docs/validation.md).
 *
 * Conventions: every fallible function returns ent_status_t and fills `err`; results are
 * written into caller-provided structs that the function initialises, and are freed with
 * the matching *_destroy (NULL is a no-op), which frees every pointer inside. Outcomes
 * ("the proposal fails", "the win-set is empty", "the chain is circular") are result
 * fields, never errors. Actors, issues, steps and rules are scenario indices.
 * Results carry data only (kinds, indices, numbers); the sentences and tables are written
 * by the renderers of entente/report.h (ent_report_guarantee, ent_report_proposals,
 * ent_report_sequence, ent_report_analyze).
 * Long-running calls take an ent_progress_t in their options (`progress`); when it asks to
 * stop they return ENT_EINTR with the result destroyed (never partial).
 */
#ifndef ENTENTE_ANALYSIS_H
#define ENTENTE_ANALYSIS_H

#include "entente/core.h"
#include "entente/scenario.h"
#include "entente/forecast.h"
#include "entente/validate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Exact enumerations over all 2^n coalitions (blocking and minimal winning coalitions,
 * the joint win-set test) are refused above this many players. */
#define ENT_ANALYSIS_ENUM_MAX 22

/* =========================================================================
 * Sequencing (src/analysis/sequence.c)
 * ========================================================================= */

/* One arc of the precondition graph: step `step` needs, by its precondition `pre`,
 * alternative `alt` (index into steps[step].pre[pre].steps). Printed "step ⇐ target". */
typedef struct {
    size_t step, pre, alt;
} ent_seq_arc_t;

/* The weight of a precondition when choosing what to drop (`--cut-cost`). */
typedef enum {
    ENT_CUT_COST_CAPABILITY_SALIENCE = 0, /* sum over insisting actors of capability x salience/scale */
    ENT_CUT_COST_SALIENCE,                /* sum over insisting actors of salience/scale */
    ENT_CUT_COST_EQUAL                    /* 1 per precondition (fewest links) */
} ent_cut_cost_t;

typedef struct {
    int limit_cycles;      /* most elementary cycles to list; default 100 */
    size_t cuts;           /* how many cheapest alternative cuts to compute (0: none, and the
                              renderers print none); default 0 so that `analyze` and other
                              callers keep their output; `entente sequence --cuts K`; at most 100 */
    ent_cut_cost_t cut_cost; /* weight of a precondition; default capability x salience */
    size_t exact_max;      /* exact minimum drop set when an SCC has at most this many
                              candidate preconditions; default 24 */
    double max_seconds;    /* the exact search of a component is tried only when its bound,
                              2^(k+1) reachability passes of O(V+E) at 1 ns per unit, is at
                              most this; otherwise that component gets the greedy heuristic
                              (drop_exact = 0, with a lower bound); default 60 */
    ent_progress_t progress; /* phase "sequence": ticked per stage, per start vertex of the
                                cycle listing and every 256 branch-and-bound nodes (done =
                                nodes, total 0); default none */
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
    /* cost of each precondition under opts.cut_cost (default: sum over insisting actors of
       capability × salience (0..1)) */
    size_t *pre_off;       /* nsteps + 1 offsets: cost of steps[s].pre[p] is pre_cost[pre_off[s] + p] */
    double *pre_cost;
    /* the cheapest preconditions to drop so that every step becomes reachable */
    size_t ndrop;
    ent_seq_arc_t *drop;   /* alt is 0 (the whole precondition is dropped) */
    double drop_cost;
    int drop_exact;        /* 1: proven minimum (branch and bound); 0: heuristic */
    double drop_lower;     /* lower bound on the minimum (= drop_cost when exact) */
    /* The opts.cuts cheapest distinct minimal cuts (sets of whole preconditions whose removal
       makes every step reachable), ordered by cost, ties by the set that keeps the earlier
       precondition in file order. A cut is the union of one minimal cut per cyclic
       component; a component solved by the greedy heuristic contributes its one greedy
       set to every cut (then cut_exact is 0). 0 cuts when nothing is circular. */
    size_t ncuts;
    size_t *cut_off;       /* ncuts + 1 offsets into cut_drop */
    ent_seq_arc_t *cut_drop;   /* alt is 0 */
    double *cut_total;     /* ncuts: cost */
    unsigned char *cut_exact;  /* ncuts: 1 when every component's part was enumerated exactly */
    size_t cut_nactors;    /* = nactors of the scenario */
    double *cut_actor;     /* ncuts x cut_nactors: what actor a gives up in cut i,
                              cut_actor[i * cut_nactors + a] (under equal cost: links dropped) */
    ent_cut_cost_t cut_cost;   /* the weight used for pre_cost, drop and the cuts */
    /* reachability before dropping, and a feasible order after dropping */
    unsigned char *reachable;  /* nsteps flags, with every precondition kept */
    size_t norder;
    size_t *order;         /* all steps, in a feasible order (ties: file order) */
} ent_sequence_t;

ENT_API void ent_sequence_init(ent_sequence_t *r);
ENT_API void ent_sequence_destroy(ent_sequence_t *r);
/* Analyse s->steps. O(V+E) for the components, O((V+E)(C+1)) for C cycles (Johnson),
 * exact drop set O(2^k (V+E)^2) worst case per component of k candidate preconditions
 * with branch-and-bound pruning. opts may be NULL. ENT_EINTR when opts->progress asks
 * to stop. */
ENT_API ent_status_t ent_sequence_analyze(const ent_scenario_t *s, const ent_sequence_opts_t *opts,
                                          ent_sequence_t *out /* OUT */, ent_error_t *err);

/* =========================================================================
 * Proposals and win-sets (src/analysis/proposals.c, src/analysis/winset.c)
 * ========================================================================= */

/* Utility of actor a for a point given on every issue (x[i] points to issue i's ndim
 * coordinates): U_a(x) = − Σ_i || s_ai ∘ (x_i − p_ai) ||_2, the Euclidean norm of the
 * salience-weighted differences, which is s_ai·|x_i − p_ai| on a 1-D issue (saliences on
 * 0..1). Issues the actor takes no position on count 0. Returns NaN when the actor takes a
 * position on none of the issues. O(issues × dims). */
ENT_API double ent_utility(const ent_scenario_t *s, size_t actor, const double *const *x);

/* An actor's vote on a proposal, and the ballot it casts under the rule (ent_ballot_t,
 * entente/game.h): accept = for, reject = against, indifferent and no position = abstain. */
typedef enum {
    ENT_VOTE_REJECT = 0,       /* U(proposal) < U(status quo) */
    ENT_VOTE_ACCEPT = 1,       /* U(proposal) > U(status quo) */
    ENT_VOTE_INDIFFERENT = 2,  /* equal utilities (or, with ENT_NO_POSITION_INDIFFERENT, no
                                  position on any issue the proposal names) */
    ENT_VOTE_NO_POSITION = 3   /* no position on some issue the proposal changes (default
                                  ENT_NO_POSITION_ABSTAIN): it cannot judge the proposal */
} ent_vote_t;

/* How an actor without a position on an issue a proposal changes votes. */
typedef enum {
    ENT_NO_POSITION_ABSTAIN = 0,   /* it abstains (ENT_VOTE_NO_POSITION); the default */
    ENT_NO_POSITION_INDIFFERENT    /* the issue is left out of its utility (entente <= 0.x):
                                      it votes on the issues it has positions on */
} ent_no_position_t;

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
    size_t nno_position;       /* actors whose vote is ENT_VOTE_NO_POSITION */
    int passes;                /* the ballots (accept = for, reject = against, otherwise
                                  abstain) pass the rule (ent_game_passes) */
    size_t nveto_against;
    size_t *veto_against;      /* veto players that do not accept and whose own ballot kills
                                  the proposal even if every other actor votes for (an
                                  abstaining veto player is left out under "none against") */
    size_t nkill;              /* minimal killing sets (below) */
    size_t *kill_off;          /* nkill + 1 offsets into kill */
    size_t *kill;              /* killing set: actors who do not vote for and whose ballots
                                  as cast defeat the proposal even if every other actor votes
                                  for; minimal, by size then player order. With a rule that
                                  does not count abstentions apart, these are the minimal
                                  blocking coalitions of non-acceptors */
    int kill_complete;
    int counts_abstentions;    /* the rule counts an abstention apart from a vote against
                                  (ent_game_counts_abstentions) */
    int dead_on_arrival;       /* a veto player rejects it */
    int better_offer_existed;  /* dead on arrival while the win-set of the status quo,
                                  restricted to the proposal's issues (others at the status
                                  quo), holds a point the proposer also strictly prefers:
                                  a mutually acceptable offer, better for the proposer,
                                  existed. A statement about the model, not about intent */
    double *proposer_witness;  /* such a point (layout of ent_winset_t.witness, NaN off the
                                  proposal's issues), or NULL */
    double forgone;            /* when better_offer_existed: U_proposer(witness) − U_proposer(
                                  status quo), the utility the proposer gave up by making an
                                  offer that dies (a lower bound on the best such offer's);
                                  NaN otherwise */
    double distance;           /* when dead on arrival: distance (issue units, Euclidean over the
                                  proposal's coordinates) from the proposal's point to the
                                  win-set restricted to its issues; NaN when not known (empty
                                  or unknown win-set) */
    int distance_exact;        /* 1: exact (a single 1-D issue: the win-set's intervals);
                                  0: the distance to the witness, an upper bound */
    long thin_issue;           /* first issue the proposal changes on which most of the rule's
                                  players have no position, or -1 */
    size_t thin_missing, thin_deciders; /* on thin_issue: players without a position, players */
    int sq_missing;            /* some issue of the proposal has no status quo: not evaluated */
    double design_prevent;     /* with a `design:` (ent_design_t): π, the aggressor's Coleman
                                  power to prevent under the design's rule (0 when it is not a
                                  player); u_prop is then (1 − π)·U(proposal) + π·U(proposal
                                  with the design's issues at the status quo). NaN without */
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
    ent_no_position_t no_position; /* default ENT_NO_POSITION_ABSTAIN */
    ent_progress_t progress;   /* phase "proposals": ticked per proposal and per win-set
                                  (ent_proposals_analyze); default none */
    int verdicts_only;         /* for callers that read only the verdicts (analyze's sensitivity
                                  pass): every verdict is the same and still proven, but a
                                  witness is any verified point of the win-set, not the one of
                                  the witness rule (docs/analyses.md §2), and the joint test
                                  stops at the first coalition with a non-empty win-set
                                  (ncoal_checked counts the coalitions tested); default 0 */
} ent_proposals_opts_t;

ENT_API void ent_proposals_opts_init(ent_proposals_opts_t *o);
ENT_API void ent_proposals_init(ent_proposals_t *r);
ENT_API void ent_proposals_destroy(ent_proposals_t *r);
/* Evaluate every proposal and the win-set of each rule they use. ENT_EINTR when
 * opts->progress asks to stop. */
ENT_API ent_status_t ent_proposals_analyze(const ent_scenario_t *s, const ent_proposals_opts_t *opts,
                                           ent_proposals_t *out /* OUT */, ent_error_t *err);
/* The win-set of the status quo under rule `rule`. If `also` >= 0, the witness must also be
 * strictly preferred by actor `also` (used for "a better offer existed"). */
ENT_API ent_status_t ent_winset_compute(const ent_scenario_t *s, size_t rule, long also,
                                        const ent_proposals_opts_t *opts,
                                        ent_winset_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_winset_destroy(ent_winset_t *w);

/* The win-set of the status quo in the plane of two 1-D issues (src/analysis/plane.c,
 * docs/report.md "The win-set in the plane of two issues"): the points (x on issue i, y on
 * issue j; every other issue at the status quo, the plane clipped to the two scales) that
 * every member of some minimal winning coalition of the rule strictly prefers to the status
 * quo — the union, over minimal winning coalitions, of the intersections of the members'
 * preferred-to sets. A ring is a closed polygon: n vertices, xy = x0 y0 x1 y1 ... (owned by
 * the plane). */
typedef struct {
    size_t n;
    double *xy;
} ent_ring_t;

typedef struct {
    long rule;
    size_t issue[2];           /* i (x), j (y) */
    ent_winset_status_t status; /* EMPTY, NONEMPTY, or UNKNOWN (why says why: an ordinal form,
                                  too many players or coalitions) */
    size_t ncoal;              /* minimal winning coalitions intersected */
    size_t npieces;
    ent_ring_t *pieces;        /* the non-empty intersections, one per coalition: convex,
                                  counter-clockwise */
    size_t nrings;
    ent_ring_t *rings;         /* the union's boundary: outer rings counter-clockwise, holes
                                  clockwise (fill with the even-odd or non-zero rule) */
    double area;               /* of the union, in issue units squared */
    size_t arc_steps;          /* 0: every boundary is straight (linear, one-sided, asymmetric
                                  losses) and the polygon is exact up to rounding; else the
                                  quadratic losses' curved boundaries are inscribed polygons with
                                  vertices on the true boundary every 2π/arc_steps of angle
                                  around the actor's position (inside the true set) */
    char why[256];
} ent_winset_plane_t;

/* The plane of 1-D issues i and j (both with a status quo) under rule `rule`. opts (may be
 * NULL) gives max_enum_players and max_lp (coalitions) as for ent_winset_compute. Bad
 * indices: ENT_EINVAL. O(C · m · v) for C coalitions of m members with v vertices each
 * (v = 4 for straight losses), plus O(E²) for the union of E edges. */
ENT_API ent_status_t ent_winset_plane(const ent_scenario_t *s, size_t rule, size_t i, size_t j,
                                      const ent_proposals_opts_t *opts, ent_winset_plane_t *out /* OUT */,
                                      ent_error_t *err);
ENT_API void ent_winset_plane_destroy(ent_winset_plane_t *p);
/* The planes a briefing draws for the win-sets in p: for each win-set, its two issues when it
 * analysed exactly two 1-D issues with a status quo, and every pair of such issues that a
 * proposal under its rule names together (at most 16 per win-set). *out is an array the
 * caller frees with ent_winset_planes_free. */
ENT_API ent_status_t ent_winset_planes(const ent_scenario_t *s, const ent_proposals_t *p,
                                       const ent_proposals_opts_t *opts, ent_winset_plane_t **out /* OUT */,
                                       size_t *nout /* OUT */, ent_error_t *err);
ENT_API void ent_winset_planes_free(ent_winset_plane_t *planes, size_t n);

/* =========================================================================
 * Guarantees (src/analysis/guarantee.c)
 * ========================================================================= */

/* The verdict on one design, chosen from the row's numbers (the renderer words it,
 * docs/analyses.md lists the sentences). */
typedef enum {
    ENT_GUARANTEE_NO_SAY = 0,        /* the aggressor takes no part in the rule (the row's
                                        `alone` says who may act alone) */
    ENT_GUARANTEE_BLOCKS_ALONE,      /* the aggressor alone can block assistance */
    ENT_GUARANTEE_BLOCKS_WITH_PARTNERS, /* it cannot block alone, but with its partners it can */
    ENT_GUARANTEE_CANNOT_BLOCK       /* assistance passes over the aggressor and its partners
                                        (the row's `alone` says who may act alone) */
} ent_guarantee_verdict_t;

typedef struct {
    size_t rule;
    ent_rule_kind_t kind;          /* the rule's role (s->rules[rule].kind): the renderer words
                                      the verdict for it */
    ent_guarantee_verdict_t verdict;
    int aggressor_player;          /* 1 if the aggressor takes part in the rule */
    int passes_over_aggressor;     /* assistance can be triggered if the aggressor objects */
    int passes_over_group;         /* ... if the aggressor and its partners object */
    size_t nveto;
    size_t *veto;                  /* actor indices */
    size_t nalone;
    size_t *alone;                 /* actors that can trigger assistance alone */
    int blocking_counted;          /* 0 when the rule has more than ENT_ANALYSIS_ENUM_MAX
                                      players: the blocking coalitions are not enumerated
                                      (nblock is 0) */
    uint64_t nblock;               /* exact count of minimal blocking coalitions containing the
                                      aggressor (made of the group's members for a group) */
    size_t nblock_listed;          /* at most opts.limit of them are listed */
    size_t *block_off;             /* nblock_listed + 1 offsets into block */
    size_t *block;
    double prevent;                /* aggressor's Coleman power to prevent (NaN for a group when
                                      enumerated, or when not computed) */
    double banzhaf;                /* aggressor's normalized Banzhaf index (a group's: summed) */
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
    ent_progress_t progress;       /* phase "guarantee": ticked once per rule; default none */
} ent_guarantee_opts_t;

ENT_API void ent_guarantee_opts_init(ent_guarantee_opts_t *o);
ENT_API void ent_guarantee_init(ent_guarantee_t *g);
ENT_API void ent_guarantee_destroy(ent_guarantee_t *g);
/* Every rule of s as a guarantee design. A scenario without rules gives an empty result
 * (nrows 0). ENT_EINVAL for an unknown --against/--partners, ENT_EINPUT without actors,
 * ENT_EINTR when opts->progress asks to stop. */
ENT_API ent_status_t ent_guarantee_analyze(const ent_scenario_t *s, const ent_guarantee_opts_t *opts,
                                           ent_guarantee_t *out /* OUT */, ent_error_t *err);

/* =========================================================================
 * Thresholds: where each flag flips (src/analysis/threshold.c)
 * ========================================================================= */

/* A flag of the proposals analysis (the sensitivity analysis and the thresholds). */
typedef enum {
    ENT_FLAG_PASSES = 0,
    ENT_FLAG_DEAD_ON_ARRIVAL,
    ENT_FLAG_BETTER_OFFER_EXISTED, /* ent_proposal_eval_t.better_offer_existed */
    ENT_FLAG_NO_AGREEMENT          /* the win-set under `rule` is empty */
} ent_analyze_flag_t;

/* The single input a threshold is about. */
typedef enum {
    ENT_THR_POSITION = 0, /* coordinate `dim` of actor's position on issue (issue units) */
    ENT_THR_SALIENCE,     /* salience `dim` of actor on issue, raw (0..salience_scale) */
    ENT_THR_CAPABILITY    /* the actor's capability (only when a rule weighs by capability) */
} ent_thr_input_t;

/* One threshold: with every other input as it is, flag (of proposal, or of the win-set under
 * rule) changes from `was` to `then` when the input crosses `at`, moving from its value
 * `now` in direction `up` (1: the flag is `then` for input >= at (closed) or > at (open);
 * 0: for input <= at or < at). Only the nearest such value on each side of `now` is listed
 * per flag and input; the flag may flip back further on. */
typedef struct {
    ent_analyze_flag_t flag;
    long proposal;        /* the proposal (flags PASSES, DEAD_ON_ARRIVAL, BETTER_OFFER_EXISTED), else -1 */
    long rule;            /* the rule deciding it (every flag; -1 when none) */
    ent_thr_input_t input;
    size_t actor, issue, dim; /* issue and dim are 0 for ENT_THR_CAPABILITY */
    double now;           /* the input's value in the scenario */
    double at;            /* the threshold */
    int up;               /* 1: reached by raising the input; 0: by lowering it */
    int closed;           /* 1: the flag already has `then` at `at` itself (>=, <=); 0: strict */
    int was, then;        /* the flag's value now and past `at` (NO_AGREEMENT: 1 = empty,
                             0 = non-empty, 2 = not computed) */
    int exact;            /* 1: a breakpoint of the piecewise-linear utility difference (the
                             votes' flags under the linear utility); 0: by bisection, `at` is
                             within tol of the flip (and on the flipped side) */
    double tol;           /* the bisection's tolerance in input units (0 when exact) */
    double distance;      /* |at - now| / width of the input's range: the ordering key */
    double back;          /* the first sampled value past `at` where the flag is `was` again
                             (it flips back by there; a single point such as "empty only when
                             the actor's ideal is the status quo"); NaN when it stays flipped
                             up to the end of the range as sampled */
} ent_threshold_t;

typedef struct {
    int positions;        /* every coordinate of every position; default 1 */
    int saliences;        /* every salience of every position; default 1 */
    int capabilities;     /* every capability, when some rule weighs by capability; default 1 */
    size_t grid;          /* cells of the uniform grid sampled for the win-set flags (and every
                             flag off the exact path) before bisection; default 8 */
    double tol;           /* bisection tolerance as a fraction of the input's range; default
                             1e-6 */
    ent_no_position_t no_position; /* handed to the proposals analysis; default abstain */
    ent_progress_t progress; /* phase "thresholds", ticked per input; default none */
} ent_threshold_opts_t;

/* Every threshold found, nearest first (by distance, ties in input order: actor, issue,
 * dim, position before salience before capability; then flag order). Owns `thr`. */
typedef struct {
    size_t n;
    ent_threshold_t *thr;
    size_t ninputs;       /* inputs examined (the inputs of actors that decide a rule used by a
                             proposal or make a proposal; the others cannot move a flag) */
    size_t nexact;        /* inputs examined on the exact path */
    size_t nevals;        /* proposals analyses run (one per sampled or bisected value) */
    size_t nfailed;       /* sampled values skipped: the proposals analysis failed there and
                             1e-9 of the range away (an LP it could not verify on a
                             degenerate boundary); the walk and bisection step over them */
    double tol;           /* opts.tol */
} ent_thresholds_t;

ENT_API void ent_threshold_opts_init(ent_threshold_opts_t *o);
ENT_API void ent_thresholds_init(ent_thresholds_t *t);
ENT_API void ent_thresholds_destroy(ent_thresholds_t *t);
/* For every flag of the proposals analysis of s (passes, dead on arrival, a better offer
 * existed, no agreement possible) and every single input (position coordinate, salience,
 * capability), the nearest values on either side at which the flag flips (docs/analyses.md
 * §4, "Thresholds"). Exact on the linear utility for the vote flags (passes, dead on arrival): the vote of
 * the moved actor changes only at the roots and kinks of its utility difference, which are
 * computed in closed form; every other case by sampling (those breakpoints, the input's
 * current value and a uniform grid of opts.grid cells) and bisection to opts.tol × range.
 * Cost: per input O(breakpoints + grid + 2·log2(1/tol)·flips) proposals analyses, sharing
 * one LP memo. ENT_EINTR when opts->progress asks to stop. opts may be NULL. */
ENT_API ent_status_t ent_thresholds_compute(const ent_scenario_t *s, const ent_threshold_opts_t *opts,
                                            ent_thresholds_t *out /* OUT */, ent_error_t *err);

/* =========================================================================
 * analyze: every analysis, one report (src/analysis/analyze.c)
 * ========================================================================= */

typedef struct {
    int sensitivity;      /* move each position by ±shift and report flipped conclusions, and
                             search the smallest multiple of shift that flips one (the older
                             one-at-a-time search); default 1 (`entente analyze` runs it only
                             with --shift; `compare` reads it) */
    double shift;         /* default 10 (issue units) */
    int thresholds;       /* the thresholds of every flag (ent_thresholds_compute, options
                             threshold_opts); default 1 */
    ent_threshold_opts_t threshold_opts; /* defaults of ent_threshold_opts_init; its
                             no_position and progress are set from this struct's */
    int forecasts;        /* run the forecast models; default 1 */
    const char *models;   /* with forecasts: the models to run, a comma list of registered
                             names (ent_forecast_model_parse); NULL = every model (default) */
    int forecasts_by_rule; /* with forecasts: run every model again with capabilities from the
                             voting power (Shapley-Shubik) of the rule that decides each issue
                             (ent_forecast_capability_from_rule); default 1 */
    int power;            /* compute the voting-power table (text report, section 2); default
                             1; the JSON report does not print it, so `entente analyze --json`
                             sets 0 */
    ent_no_position_t no_position; /* handed to the proposals analysis; default abstain */
    ent_progress_t progress; /* phases "analyze" (between parts), "forecasts" (per model),
                                "sensitivity" (per position moved); handed to the guarantee,
                                proposals and sequencing calls, which tick as "guarantee",
                                "proposals", "sequence"; default none */
    double budget;        /* seconds of processor time for the parts whose cost grows fast
                             with the scenario (each forecast model, each model again per
                             deciding rule, the thresholds, the sensitivity search): each
                             part's cost is estimated before it runs (ent_analyze_estimate,
                             docs/analyses.md §4 "Cost budget"), and a part whose estimate
                             exceeds what the parts run so far have left of the budget is
                             skipped and listed in ent_analyze_t.skipped; 0 = no limit;
                             default ENT_ANALYZE_BUDGET (`--budget SECONDS`) */
} ent_analyze_opts_t;

/* The default budget of ent_analyze_opts_t, in seconds of estimated processor time: the
 * examples' parts are estimated at most at a tenth of it (the flagship: 0.10 s); a scenario of 1 000 actors
 * runs its cheap models within it and skips SMP, the thresholds and what does not fit. */
#define ENT_ANALYZE_BUDGET 1.0

/* A part of `analyze` that can be skipped by the budget. */
typedef enum {
    ENT_ANALYZE_PART_FORECAST = 0, /* one forecast model (model) */
    ENT_ANALYZE_PART_FORECAST_BY_RULE, /* one model again with capabilities from rule's power */
    ENT_ANALYZE_PART_THRESHOLDS,   /* the thresholds (ent_thresholds_compute) */
    ENT_ANALYZE_PART_SENSITIVITY   /* the one-at-a-time search of opts.shift */
} ent_analyze_part_t;

/* A part skipped because its estimated cost did not fit in the budget. */
typedef struct {
    ent_analyze_part_t part;
    const char *model;    /* the model's name (static) for the forecast parts, else NULL */
    long rule;            /* the rule for ENT_ANALYZE_PART_FORECAST_BY_RULE, else -1 */
    double estimate;      /* its estimated processor time, seconds */
    double left;          /* what was left of the budget when it was skipped, seconds */
} ent_analyze_skip_t;

ENT_API void ent_analyze_opts_init(ent_analyze_opts_t *o);

/* What one summary item states. The subjects (actor, rule, proposal, step, issue) are
 * scenario indices, -1 when they do not apply; `index` points into the sub-result named
 * below; ent_report_analyze words each kind (src/report/report_analyze.c). */
typedef enum {
    ENT_ANALYZE_VETO_PLAYER = 0,   /* actor (the aggressor) is a veto player under the rules
                                      whose guarantee row lists it in `veto` and not under the
                                      others; count = rules where it is one */
    ENT_ANALYZE_DESIGN,            /* one guarantee design: rule, actor = aggressor, index =
                                      guarantee row, verdict = that row's verdict; value[0] =
                                      the aggressor's power to prevent (NaN: not computed) */
    ENT_ANALYZE_PROPOSAL_PASSES,   /* proposal passes under rule; actor = proposer (or -1);
                                      index = proposals.eval row */
    ENT_ANALYZE_PROPOSAL_DEAD,     /* dead on arrival under rule: count = veto players that
                                      reject it (their votes and utilities in proposals.eval
                                      [index]); value[0] = 1 if a mutually acceptable offer,
                                      better for the proposer, existed (that row's
                                      better_offer_existed, proposer_witness, forgone,
                                      distance), else 0 */
    ENT_ANALYZE_PROPOSAL_FAILS,    /* fails under rule without a rejecting veto player */
    ENT_ANALYZE_NO_AGREEMENT,      /* the win-set under rule is empty; index = proposals.winset */
    ENT_ANALYZE_AGREEMENT_POSSIBLE,/* the win-set under rule holds a point (its witness) */
    ENT_ANALYZE_WINSET_UNKNOWN,    /* the joint win-set under rule was not computed (its why) */
    ENT_ANALYZE_NOT_CIRCULAR,      /* the preconditions admit a feasible order as they stand */
    ENT_ANALYZE_CIRCULAR,          /* circular: count = elementary cycles listed (value[1] = 1
                                      if the listing is complete), value[0] = cost of the
                                      cheapest drop set (sequence.drop, value[2] = 1 if exact) */
    ENT_ANALYZE_FORECAST,          /* forecasts on issue (the first): count = models that
                                      forecast it (per model in forecast[] / model_error[]) */
    ENT_ANALYZE_PROPOSAL_NO_POSITION, /* most of the deciders of proposal (players of rule) have
                                      no position on issue, which the proposal changes: count =
                                      those without, value[0] = the deciders (proposals.eval
                                      [index].thin_*) */
    ENT_ANALYZE_SENSITIVITY_FLIPS, /* count = flags that flip when one position moves by
                                      value[0] (= shift); listed in flips[] */
    ENT_ANALYZE_SENSITIVITY_LATER, /* none flips at value[0] = shift; the first flips come at
                                      value[1] = first_shift: count = nfirst_flips */
    ENT_ANALYZE_SENSITIVITY_NONE,  /* none flips at value[0] = shift or any multiple tried */
    ENT_ANALYZE_THRESHOLDS,        /* count = thresholds found (thresholds.n); when count > 0,
                                      index = 0, the nearest (thresholds.thr[0]) and value[0] =
                                      its distance (a fraction of the input's range) */
    ENT_ANALYZE_NOTHING            /* no rules, positions, proposals or steps */
} ent_analyze_kind_t;

typedef struct {
    ent_analyze_kind_t kind;
    long actor, rule, proposal, step, issue; /* subjects (scenario indices), -1 = none; no
                                                current kind names a single step */
    size_t index;         /* row of the sub-result the kind names (0 when none) */
    size_t count;         /* see the kind */
    double value[3];      /* see the kind; NaN when unused */
    ent_guarantee_verdict_t verdict; /* ENT_ANALYZE_DESIGN only */
    ent_rule_kind_t rule_kind; /* the role of `rule` (UNSET when rule is -1 or has none): the
                                  renderer words the sentence for it */
} ent_analyze_item_t;

typedef struct {
    size_t actor, issue;  /* the position moved */
    double from, to;      /* its coordinate before and after the move (clamped to the scale) */
    ent_analyze_flag_t flag;
    long proposal;        /* the proposal whose flag flipped; -1 for ENT_FLAG_NO_AGREEMENT */
    long rule;            /* the win-set's rule for ENT_FLAG_NO_AGREEMENT; else -1 */
    int now;              /* the flag's value after the move */
} ent_analyze_flip_t;

/* Everything `entente analyze` computes. Each has_* flag says whether that part ran; the
 * sub-results of parts that did not run are empty (initialised). Owns every pointer. */
typedef struct {
    /* which parts ran */
    int has_guarantee;    /* the scenario has rules: guarantee designs */
    int has_power;        /* it has rules and opts.power: the voting-power table */
    int has_forecasts;    /* it has positions and opts.forecasts */
    int has_proposals;    /* it has proposals or rules */
    int has_sequence;     /* it has steps */
    int has_sensitivity;  /* it has proposals and opts.sensitivity */
    int has_thresholds;   /* it has proposals and opts.thresholds */
    /* sub-results (default options, opts.progress handed down) */
    ent_guarantee_t guarantee;
    ent_proposals_t proposals;
    ent_sequence_t sequence;
    ent_thresholds_t thresholds; /* has_thresholds: nearest first */
    /* voting power: normalized Banzhaf index of each actor under each rule (has_power; else
       nrules = nactors = 0 and the pointers NULL) */
    size_t nrules, nactors;
    double *banzhaf;      /* nrules × nactors, by rule: banzhaf[r * nactors + a]; NaN when the
                             actor is not a player or the rule was not computed */
    ent_error_t *power_error; /* nrules: status ENT_OK, or why rule r was not computed */
    /* forecasts: every registered model with default options (has_forecasts; else 0 models) */
    size_t nmodels;
    const char **model;   /* nmodels model names (static strings of ent_forecast_models) */
    ent_forecast_t *forecast; /* nmodels; filled when model_error[m].status == ENT_OK, else
                                 empty (destroyed) */
    ent_error_t *model_error; /* nmodels: ENT_OK, or why the model did not run */
    /* forecasts by rule (has_forecasts and opts.forecasts_by_rule; else NULL): the rule that
       decides issue i is the rule of the first proposal (file order) that names it (the
       scenario's first rule for a proposal without one); an issue no proposal names has none.
       Per rule r deciding some issue, each model that ran above is run again with every
       actor's capability replaced by its Shapley-Shubik index under r (0 for non-players),
       and the outcomes of the issues r decides are kept. */
    /* blocs (`member_of:`, docs/format.md): on an issue where a bloc actor and at least one of
       its members take positions, the bloc's position is left out of the plain forecasts: its
       members carry its weight, and it is not counted twice. The forecasts by rule see every
       position: there the rule's voting power says who counts (a bloc that votes, members
       that do not get 0; a rule naming both states a double vote, as written). */
    size_t nbloc_dropped;          /* (bloc, issue) positions left out */
    unsigned char *bloc_dropped;   /* NULL, or nactors × nissues flags [a * nissues + i] */
    int has_forecasts_by_rule;
    long *issue_rule;     /* nissues: the deciding rule, or -1 */
    size_t ncoord;        /* coordinates of all issues laid end to end */
    double *ruled;        /* nmodels × ncoord: ruled[m * ncoord + c]; NaN where not forecast */
    ent_error_t *ruled_error; /* nmodels: ENT_OK, or the first reason a run by rule failed */
    /* sensitivity */
    double shift;         /* the move tried (opts.shift) */
    size_t nflips;
    ent_analyze_flip_t *flips;       /* flags that flip at ±shift, in the order of the moves:
                                        actor by actor, issue by issue, −shift then +shift;
                                        per move the proposals' flags, then the win-sets' */
    double first_shift;   /* when none flips at shift: the smallest multiple k·shift (k = 2..20,
                             within the widest 1-D scale) at which some flag flips; 0 if none */
    size_t nfirst_flips;
    ent_analyze_flip_t *first_flips; /* the flips at ±first_shift */
    /* the summary, in report order */
    size_t nitems;
    ent_analyze_item_t *items;
    /* the cost budget (opts.budget): the parts skipped, in run order; a skipped model also
       has model_error (ruled_error) ENT_ELIMIT saying so, skipped thresholds or sensitivity
       leave has_thresholds (has_sensitivity) 0 */
    double budget;        /* opts.budget */
    double estimated;     /* the estimated processor time of the budgeted parts that ran */
    size_t nskipped;
    ent_analyze_skip_t *skipped;
} ent_analyze_t;

ENT_API void ent_analyze_init(ent_analyze_t *a);
ENT_API void ent_analyze_destroy(ent_analyze_t *a);
/* Run every analysis s supports (see ent_analyze_t) and summarise it as data. opts may be
 * NULL. Complexity: one run of each analysis, the forecasts once more per deciding rule, the
 * thresholds' reruns of the proposals analysis (ent_thresholds_compute), plus up to 2·(1-D
 * positions)·20 reruns for the sensitivity. ENT_EINTR when opts->progress asks to stop (out
 * is then destroyed). */
ENT_API ent_status_t ent_analyze_run(const ent_scenario_t *s, const ent_analyze_opts_t *opts,
                                     ent_analyze_t *out /* OUT */, ent_error_t *err);
/* The estimated processor time, in seconds, of one budgeted part of ent_analyze_run on s
 * with opts (NULL: defaults): `model` names the forecast model for the forecast parts (the
 * by-rule figure is one rerun). Deterministic: counts of actors, positions, issues,
 * proposals and rules times constants fitted on the reference machine (docs/analyses.md §4,
 * "Cost budget"); a model without a cost model is estimated at 0. O(actors · issues). */
ENT_API double ent_analyze_estimate(const ent_scenario_t *s, const ent_analyze_opts_t *opts, ent_analyze_part_t part,
                                    const char *model);

/* =========================================================================
 * compare: the conclusions of several runs side by side (src/analysis/compare.c)
 * ========================================================================= */

/* What a row of the comparison is about. A row is matched across runs by its topic and
 * subjects, not by the summary item's kind, so that "us_offer passes" and "us_offer is dead
 * on arrival" sit on one row. */
typedef enum {
    ENT_TOPIC_VETO = 0,   /* actor: a veto player (ENT_ANALYZE_VETO_PLAYER) or not */
    ENT_TOPIC_DESIGN,     /* rule: the guarantee design's verdict (ENT_ANALYZE_DESIGN) */
    ENT_TOPIC_PROPOSAL,   /* proposal (under rule): passes, dead on arrival or fails */
    ENT_TOPIC_WINSET,     /* rule: agreement possible, no agreement, not computed */
    ENT_TOPIC_SEQUENCE,   /* circular or not, and the cost of the cheapest cut */
    ENT_TOPIC_FORECAST,   /* issue and model: the forecast point and its verdict */
    ENT_TOPIC_SENSITIVITY,/* how many flags flip at the shift */
    ENT_TOPIC_NOTHING     /* nothing to analyse */
} ent_compare_topic_t;

/* One run's value on a row. Two cells are equal when `present`, `kind`, `count` and
 * `verdict` are equal and so are `value` (NaN equals NaN; forecast coordinates compared
 * at 0.1, the precision reports print). */
typedef struct {
    int present;            /* the run says something on this topic (a veto player: it is one) */
    ent_analyze_kind_t kind;/* the summary item's kind (ENT_ANALYZE_FORECAST for forecasts) */
    size_t item;            /* index into that run's items; for forecasts, of its FORECAST item */
    size_t count;           /* the item's count; forecasts: the verdict kind (ent_verdict_kind_t) */
    double value[3];        /* the item's values; forecasts: the first 3 coordinates (NaN past ndim) */
    ent_guarantee_verdict_t verdict; /* ENT_TOPIC_DESIGN */
    int differs;            /* differs from column 0 (always 0 in column 0) */
} ent_compare_cell_t;

typedef struct {
    ent_compare_topic_t topic;
    long actor, rule, proposal, issue, model; /* subjects (scenario indices; model index into
                                                 runs[0].model), -1 when they do not apply */
    ent_compare_cell_t *cell;                 /* ncolumns cells */
    int differs;                              /* some cell differs from column 0 */
} ent_compare_row_t;

/* Owns every pointer. Rows come in the order of the first run's summary, then those only
 * later runs have, in their order. */
typedef struct {
    size_t ncolumns;
    char **column;          /* ncolumns names (copied): "base", then the variants' ids */
    ent_analyze_t *runs;    /* ncolumns analyses */
    size_t nrows;
    ent_compare_row_t *rows;
    size_t ndiffer;         /* rows with a differing cell */
    /* Variants may add actors and rules (docs/format.md, "Variants"): a row's actor (rule)
     * index below the first scenario's count is that scenario's; index nactors + j (nrules +
     * j) names the j-th id that only later runs have, matched across runs by id. */
    size_t nextra_actors, nextra_rules;
    char **extra_actor, **extra_rule;
} ent_compare_t;

ENT_API void ent_compare_init(ent_compare_t *c);
ENT_API void ent_compare_destroy(ent_compare_t *c);
/* Run ent_analyze_run on each of the n scenarios s[k] (named name[k]; column 0 is the
 * reference) and match their conclusions. The scenarios must have the same actors, issues,
 * rules, proposals and steps in the same order (true of a scenario and its variants, which
 * change values only; ENT_EINVAL otherwise). opts as ent_analyze_run's (NULL: defaults).
 * Cost: n analyses plus O(rows × n). ENT_EINTR when opts->progress asks to stop. */
ENT_API ent_status_t ent_compare_run(const ent_scenario_t *const *s, const char *const *name, size_t n,
                                     const ent_analyze_opts_t *opts, ent_compare_t *out /* OUT */,
                                     ent_error_t *err);
/* The row of c that holds the first run's summary item `it` (an item of an analysis of the
 * first scenario, e.g. the full `analyze` run whose summary the readings annotate); for a
 * FORECAST item, the row of the model named `model` (NULL for any other kind). NULL when c has
 * no such row (thresholds and other items the comparison does not compute). O(rows). */
ENT_API const ent_compare_row_t *ent_compare_row_of(const ent_compare_t *c, const ent_analyze_item_t *it,
                                                    const char *model);

/* ---------------------------------------------------------------- cross-validation
 * Out-of-sample scoring of the forecast models of a validation (entente/validate.h) and of
 * combinations of them: K-fold cross-validation by dossier, repeated; convex ensembles fitted
 * by least absolute deviation (an LP through Clp) on the training folds only; split-conformal
 * intervals calibrated on the training folds. Method, formulas and complexity:
 * src/analysis/crossval.c and docs/validation.md. Rendering: ent_report_crossval (report.h).
 * Ownership: ent_crossval_t owns every array in it; ent_crossval_destroy frees them. */

#define ENT_CROSSVAL_MAX_LEVELS 8
#define ENT_CROSSVAL_MAX_EXTRA 16

typedef struct {
    int folds;              /* K >= 2 (at most the number of dossiers): 10 */
    int repeats;            /* R >= 1: 5 */
    unsigned long long seed; /* fold assignment (splitmix64, platform-independent): 1 */
    size_t nlevels;         /* interval levels in (0, 1): 2 */
    double levels[ENT_CROSSVAL_MAX_LEVELS]; /* {0.8, 0.9} */
    int features;           /* also fit the feature-split ensembles: 1 */
    const char *extra;      /* extra predictors, comma-separated: an actor id (its position on
                               the issue), status_quo, or a derived predictor (council_mean,
                               council_median, qmv_pivot, procedural, range_mid; defined in
                               src/analysis/crossval.c); they join the models in every
                               combination. NULL = none (at most ENT_CROSSVAL_MAX_EXTRA) */
    ent_progress_t progress; /* phase "crossval", done = repeats finished; non-zero stops
                                (ENT_EINTR, result destroyed) */
    int affine;             /* also fit `affine`: free weights and an intercept by least
                               absolute deviation (an LP), the last method: 0 */
} ent_crossval_opts_t;

typedef enum {
    ENT_CV_MODEL = 0,       /* one model's own forecast (no fitting) */
    ENT_CV_MEAN,            /* the equal-weight mean of the models */
    ENT_CV_SELECT,          /* the model with the smallest training MAE */
    ENT_CV_ENSEMBLE,        /* convex weights by least absolute deviation on the training folds */
    ENT_CV_SPLIT,           /* two ensembles, one per side of a feature's training median */
    ENT_CV_INPUT            /* an extra predictor from the table ("pos:ID", "status_quo", or a
                               derived one such as "qmv_pivot") */,
    ENT_CV_AFFINE           /* free weights and an intercept by least absolute deviation on the
                               training folds (opts.affine) */
} ent_crossval_kind_t;

typedef struct {
    char *name;             /* model name, "pos:ID", "status_quo", "mean", "select", "ensemble",
                               "ensemble|FEATURE" */
    ent_crossval_kind_t kind;
    size_t n;               /* issues scored on the method's own set: a model's, the issues
                               it forecast; a combination's, every counted issue (fallback:
                               weights renormalised over the models that forecast it) */
    double mae, se;         /* out-of-sample MAE on that set, mean over the repeats, and its
                               standard error clustered by dossier */
    double mae_common, se_common; /* the same on the common set (issues every model forecast) */
    double mae_in;          /* in-sample MAE on the common set of the fit to every common
                               issue (NaN for a model: nothing is fitted) */
    double *coverage;       /* nlevels: out-of-sample coverage of the conformal intervals on
                               the common set, mean over the repeats */
    double *coverage_se;    /* nlevels: its standard error, clustered by dossier */
    double *width;          /* nlevels: mean width of the intervals clipped to the issue's
                               scale (the whole scale when the training set is too small for
                               the level: the conformal quantile is then infinite) */
    double *q;              /* nlevels: the conformal quantile from every common issue (the
                               combinations fitted on all of them): the half-width to put
                               around the method's forecast of a new issue (INFINITY when
                               there are too few issues for the level) */
} ent_crossval_method_t;

typedef struct {
    size_t a, b;            /* method indices, a < b */
    size_t n;               /* common issues */
    double diff;            /* mean over issues of (error of a − error of b), out of sample */
    double se;              /* its standard error, clustered by dossier */
    double z, p;            /* diff / se and the two-sided normal p-value */
} ent_crossval_pair_t;

typedef struct {
    int folds, repeats;
    unsigned long long seed;
    size_t nissues;         /* counted issues of the validation */
    size_t ncommon;         /* of them, forecast by every model (and with every extra predictor) */
    size_t ndossiers;       /* dossiers among the counted issues */
    size_t *dossier;        /* nissues: dossier index of each counted issue */
    size_t nmodels;         /* methods 0 .. nmodels-1 are the models, in the validation's order,
                               then the extra predictors (ENT_CV_INPUT) */
    size_t nmethods;
    ent_crossval_method_t *methods;
    size_t nlevels;
    double *levels;         /* nlevels */
    double *weights;        /* nmodels: ensemble weights fitted on every common issue */
    double *weights_mean;   /* nmodels: mean of the weights over the R × K training fits */
    double *weights_sd;     /* nmodels: their standard deviation */
    double *affine;         /* nmodels + 1 when opts.affine (else NULL): the affine fit on every
                               common issue, a weight per model then the intercept */
    size_t npairs;
    ent_crossval_pair_t *pairs; /* every pair of methods, (0,1), (0,2), ... */
    size_t nfits;           /* LPs solved */
    double fit_seconds;     /* wall time of those solves */
    double seconds;         /* wall time of the whole call */
    double scale_lo, scale_hi; /* the scale (first dimension) every common issue shares, the
                                  unit of the half-widths; both NaN when the scales differ */
} ent_crossval_t;

ENT_API void ent_crossval_opts_init(ent_crossval_opts_t *o);
ENT_API void ent_crossval_init(ent_crossval_t *c);
ENT_API void ent_crossval_destroy(ent_crossval_t *c);
/* Cross-validate the forecasts of v (made on s by ent_validation_run) and their
 * combinations. The models' forecasts do not depend on the folds, so nothing is re-forecast.
 * ENT_EINVAL: K < 2, K > dossiers, R < 1, a level outside (0, 1), no issue every model
 * forecast. Cost: R·K·(1 + 2·features) LPs with about 2·I rows, plus O(R·I·methods·log I). */
ENT_API ent_status_t ent_crossval_run(const ent_scenario_t *s, const ent_validation_t *v,
                                      const ent_crossval_opts_t *o, ent_crossval_t *out /* OUT */,
                                      ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
