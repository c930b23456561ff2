/* SPDX-License-Identifier: MIT */
/* game_i.h — internal representation of a compiled decision rule (entente/game.h).
 *
 * A game is an and/or tree whose leaves are weighted thresholds over the game's players:
 * leaf(S) = sum_{k in S} w[k] >= quota, with w dense over all n players (0 = not involved).
 * "all of G", "k of G", "any of G" and vetoes are leaves with unit weights; ">= 65% of all by
 * population" is a leaf with the attribute as weights. Every leaf is monotone and so is the
 * tree (the grammar has no `not`). Evaluating a coalition costs O(n * leaves).
 * Counts that need more than 64 bits use unsigned __int128 when n <= 127 (a count of
 * coalitions is at most 2^n) and GMP above; modular wrap-around keeps alternating sums exact
 * whenever the final value fits.
 */
#ifndef ENT_GAME_I_H
#define ENT_GAME_I_H

#include "entente/game.h"
#include "entente/core.h"

#include <gmp.h>
#include <stdatomic.h>

typedef unsigned __int128 ent_i_u128;

enum { ENT_I_LEAF = 0, ENT_I_AND, ENT_I_OR };

typedef struct ent_i_node {
    int kind;
    /* leaf */
    int64_t *w;        /* n weights (dense) */
    int64_t quota;     /* >= 1 and <= total */
    int64_t total;     /* sum of w */
    int not_against;   /* three-valued votes (ent_game_passes): 0 = the leaf weighs the
                        * players who vote for; 1 = those who do not vote against (for or
                        * abstain), as in "none against of G". With two-valued votes (nobody
                        * abstains) both read the same, so every two-valued method ignores it. */
    /* and / or */
    size_t nkids;
    struct ent_i_node **kids;
} ent_i_node_t;

struct ent_game {
    size_t n;
    size_t *actor;     /* n scenario actor indices (standalone: 0..n-1) */
    char **names;      /* n display names */
    ent_i_node_t *root;
    char *desc;        /* canonical description */
    size_t *pc;        /* n precoalition indices 0..npc-1 (ent_game_set_precoalitions), or NULL */
    size_t npc;
    uint64_t *tier_voters; /* n: voters of each player's constituency (two-tier rules), or NULL */
    uint64_t *tier_quota;  /* n: yes votes of its voters a player's vote needs (1..voters) */
    char *tier_text;       /* the clause as described: "constituencies: majority of voters" */
};

/* ---- index.c: the registry of power indices ---- */
/* Raw counts an index is made of (the kernels compute the union over the wanted indices). */
enum {
    ENT_I_NEED_SWINGS = 1u << 0,     /* Banzhaf swings and the winning count (always computed) */
    ENT_I_NEED_BY_SIZE = 1u << 1,    /* swings by coalition size: Shapley–Shubik numerators */
    ENT_I_NEED_MWC = 1u << 2,        /* minimal winning coalitions: per player, by size, total */
    ENT_I_NEED_JOHNSTON = 1u << 3    /* sums of 1/crit(S) over winning S where i is critical */
};
/* Numerator of player i's exact value (an ent_i_counts_t field). */
enum { ENT_I_NUM_SWINGS, ENT_I_NUM_PIVOTAL, ENT_I_NUM_MWC, ENT_I_NUM_DEEGAN, ENT_I_NUM_JOHNSTON };
/* The denominator shared by every player. */
enum {
    ENT_I_DEN_HALF_COALITIONS,   /* 2^(n-1) */
    ENT_I_DEN_SWINGS_SUM,        /* sum of the swings */
    ENT_I_DEN_FACTORIAL,         /* n! */
    ENT_I_DEN_MWC_SUM,           /* sum over players of MWC containing them */
    ENT_I_DEN_MINWIN,            /* number of minimal winning coalitions */
    ENT_I_DEN_JOHNSTON_SUM,      /* sum over players of the Johnston numerators */
    ENT_I_DEN_WINNING,           /* winning coalitions */
    ENT_I_DEN_LOSING             /* losing coalitions: 2^n - winning */
};
typedef struct {
    ent_power_index_info_t info;   /* the public part (ent_power_index_info) */
    unsigned needs;                /* ENT_I_NEED_* */
    int num, den;                  /* ENT_I_NUM_*, ENT_I_DEN_* */
} ent_i_index_t;
const ent_i_index_t *ent_i_index(int i);
/* Union of the counts needed by the indices in `want`. */
unsigned ent_i_index_needs(unsigned want);
/* The indices that need any of the counts in `need`. */
unsigned ent_i_index_mask(unsigned need);

/* ---- progress from the calling thread ----
 * Kernels add units of work as they go; the callback runs when at least `step` units were
 * added since its last call (so a NULL callback costs one comparison). Never called from a
 * worker thread: workers read `stop` (set by the calling thread) between their work units. */
typedef struct {
    const ent_progress_t *p;   /* NULL or without fn: never ticks, never stops */
    const char *phase;
    double done, total, next, step;
    int stop;                  /* the callback asked to stop */
} ent_i_ticker_t;
void ent_i_ticker_init(ent_i_ticker_t *t, const ent_progress_t *p, const char *phase, double total, double step);
/* Add `units` of work; returns non-zero once a stop was asked for. */
static inline int ent_i_tick(ent_i_ticker_t *t, double units)
{
    t->done += units;
    if (t->done < t->next) return t->stop;
    t->next = t->done + t->step;
    if (!t->stop && t->p && t->p->fn) t->stop = ent_progress_tick(t->p, t->phase, t->done, t->total) != 0;
    return t->stop;
}

/* Between two work units of a threaded kernel: the calling thread's job (tk != NULL) ticks
 * and raises *stop when asked to stop; a worker's job (tk == NULL) only reads *stop.
 * Returns non-zero when the job should stop. */
static inline int ent_i_unit_done(ent_i_ticker_t *tk, atomic_int *stop, double units)
{
    if (tk) {
        if (!ent_i_tick(tk, units)) return 0;
        atomic_store_explicit(stop, 1, memory_order_relaxed);
        return 1;
    }
    return atomic_load_explicit(stop, memory_order_relaxed);
}

/* ---- rule.c ---- */
ent_i_node_t *ent_i_node_new(int kind);
void ent_i_node_free(ent_i_node_t *nd);
int ent_i_node_eval(const ent_i_node_t *nd, size_t n, const unsigned char *in);
/* Three-valued evaluation: ballot[k] is an ent_ballot_t. */
int ent_i_node_eval3(const ent_i_node_t *nd, size_t n, const unsigned char *ballot);
/* Number of leaves of the tree. */
size_t ent_i_node_nleaves(const ent_i_node_t *nd);

/* ---- enum.c: structured enumeration of all 2^n coalitions (n <= 30) ---- */
typedef struct {
    size_t n;
    uint64_t *win;      /* 2^n bits: bit x set when coalition x (bit k = player k) wins */
    size_t nwords;
} ent_i_bitmap_t;
/* tk may be NULL; ENT_EINTR when it asks to stop. */
ent_status_t ent_i_bitmap_build(const ent_game_t *g, ent_i_ticker_t *tk, ent_i_bitmap_t *bm, ent_error_t *err);
void ent_i_bitmap_free(ent_i_bitmap_t *bm);
/* Derive the minimal sets of the monotone family `win` (minimal winning coalitions) into
 * a new bitmap; with blocking = 1, of the blocking family instead. */
ent_status_t ent_i_bitmap_minimal(const ent_i_bitmap_t *bm, int blocking, ent_i_bitmap_t *out,
                                  ent_error_t *err);

/* Raw counts every index is made of; filled by the exact kernels (enum.c, wdp.c). All
 * arrays are indexed by player; counts by size have n+1 entries per player. */
typedef struct {
    size_t n;
    mpz_t winning;          /* winning coalitions */
    mpz_t minwin;           /* minimal winning coalitions (valid when have_mwc) */
    mpz_t *swings;          /* n raw Banzhaf swing counts */
    mpz_t *ss_num;          /* n numerators over n!: sum_k s_i(k) k! (n-1-k)! (when have_ss) */
    mpz_t *mwc;             /* n: MWC containing i (when have_mwc) */
    mpq_t *dp;              /* n: sum over MWC containing i of 1/|S| (when have_mwc) */
    mpq_t *johnston;        /* n: sum over winning S where i is critical of 1/crit(S) */
    int have_ss, have_mwc, have_johnston;
} ent_i_counts_t;
void ent_i_counts_init(ent_i_counts_t *c, size_t n);
void ent_i_counts_clear(ent_i_counts_t *c);
/* Counts for the indices in `want`; progress may be NULL (phases "build", "count"); ENT_EINTR
 * when it asks to stop. */
ent_status_t ent_i_enum_counts(const ent_game_t *g, unsigned want, int threads, const ent_progress_t *progress,
                               ent_i_counts_t *c, ent_error_t *err);

/* ---- wdp.c: single weighted quota, generating functions ---- */
/* Estimated work (element operations) and memory (bytes) of the DP for the wanted indices;
 * returns 0 if the game is not a single weighted leaf. */
int ent_i_wdp_estimate(const ent_game_t *g, unsigned want, double *ops, double *bytes);
/* progress may be NULL (phase "dp", units: DP element steps); ENT_EINTR on a stop. */
ent_status_t ent_i_wdp_counts(const ent_game_t *g, unsigned want, int threads, const ent_progress_t *progress,
                              ent_i_counts_t *c, ent_error_t *err);

/* ---- types.c: composite rules by player types ---- */
/* Most type states (prod over types of size + 1) the counting takes (docs/power.md). */
#define ENT_I_TYPES_MAX_STATES (1 << 25)
typedef struct {
    size_t T;          /* number of types, numbered by their first player */
    size_t *type_of;   /* n: the type of each player */
    size_t *size;      /* T: members of each type */
    size_t *rep;       /* T: the first player of each type */
    double states;     /* prod (size[t] + 1) */
} ent_i_types_t;
/* Players with the same weight in every leaf form a type; -1 when out of memory (ty is then
 * empty). Free with ent_i_types_free. */
int ent_i_types_detect(const ent_game_t *g, ent_i_types_t *ty);
void ent_i_types_free(ent_i_types_t *ty);
/* Estimated element operations (~1 ns each) and bytes of the counting. */
void ent_i_types_estimate(const ent_game_t *g, const ent_i_types_t *ty, double *ops, double *bytes);
/* Counts for the indices in want (every index of the kernels); progress may be NULL (phases
 * "build": the rule per state, "count"); ENT_EINTR on a stop; ENT_ELIMIT above
 * ENT_I_TYPES_MAX_STATES. */
ent_status_t ent_i_types_counts(const ent_game_t *g, const ent_i_types_t *ty, unsigned want,
                                const ent_progress_t *progress, ent_i_counts_t *c, ent_error_t *err);
/* Number of minimal winning (blocking = 0) or minimal blocking (1) coalitions into count
 * (initialised by the caller); the same errors. */
ent_status_t ent_i_types_minimal(const ent_game_t *g, const ent_i_types_t *ty, int blocking,
                                 const ent_progress_t *progress, mpz_t count, ent_error_t *err);

/* ---- parts.c: and/or of rules over disjoint players ---- */
/* 0 when the root is not an and/or whose children fall into two or more groups over
 * disjoint players; else 1 with the estimated nanoseconds and bytes (INFINITY when a part is
 * beyond the exact methods), *mwc = 1 when the minimal winning counts combine too (no part
 * is a quota of several weight types), and a description of the parts (or of the part
 * refused). */
int ent_i_parts_plan(const ent_game_t *g, double *ops, double *bytes, int *mwc, char *desc, size_t len);
/* Swings, winning coalitions and, when want needs them, Shapley–Shubik numerators and (when
 * the plan allows) the minimal winning counts (Holler, Deegan–Packel); never Johnston's. */
ent_status_t ent_i_parts_counts(const ent_game_t *g, unsigned want, ent_i_counts_t *c, ent_error_t *err);

/* ---- tiers.c: two-tier rules ---- */
/* Probability that one of N voters decides a vote that needs q yes votes:
 * C(N-1, q-1) / 2^(N-1); 0 when q is 0 or above N. */
double ent_i_tier_decisive(uint64_t N, uint64_t q);
/* The tier_* fields of p from the game's constituencies and p's Penrose values (nothing
 * when the game has no constituencies or Penrose was not computed). */
ent_status_t ent_i_tiers_fill(const ent_game_t *g, ent_power_t *p, ent_error_t *err);

/* ---- mc.c: Monte Carlo ---- */
/* Estimated seconds of a run of `samples` samples on `threads` threads (>= 1). */
double ent_i_mc_seconds(const ent_game_t *g, unsigned want, uint64_t samples, int threads);
/* Fill p with the estimates of the indices in want (o->samples, seed, confidence, threads,
 * progress). ENT_EINTR when the progress callback asks to stop. */
ent_status_t ent_i_monte_carlo(const ent_game_t *g, unsigned want, const ent_power_opts_t *o, ent_power_t *p,
                               ent_error_t *err);

/* ---- owen.c: precoalitions ---- */
/* 1: weighted generating functions; 2: enumeration (<= 24 players); 0: refused. */
int ent_i_owen_method(const ent_game_t *g);
/* Estimated big-integer operations and bytes of the weighted method. */
void ent_i_owen_estimate(const ent_game_t *g, double *ops, double *bytes);
/* Owen, Banzhaf–Owen and symmetric coalitional Banzhaf values (those in want) into p. */
ent_status_t ent_i_owen_values(const ent_game_t *g, unsigned want, const ent_progress_t *progress, int strings,
                               ent_power_t *p, ent_error_t *err);

/* ---- power.c: the public calls with a progress callback (may be NULL) ---- */
/* ent_game_minimal: the count ticks as its kernel does ("build" or "dp"), the listing every
 * 2^16 rule evaluations ("list"). */
ent_status_t ent_i_game_minimal(const ent_game_t *g, ent_coalition_kind_t kind, size_t limit,
                                const ent_progress_t *progress, ent_coalitions_t *out, ent_error_t *err);
ent_status_t ent_i_dummy_players(const ent_game_t *g, const ent_progress_t *progress, unsigned char *dummy,
                                 ent_error_t *err);

/* Allocate index i of p (values; exact strings, half-widths, raw numerators when asked) and
 * mark it computed; -1 when out of memory. */
int ent_i_power_alloc_index(ent_power_t *p, int i, int exact, int ci, int raw);
/* Threads to use: requested when > 0, else the online processors (1..ENT_POWER_MAX_THREADS). */
int ent_i_threads(int requested);

/* helpers */
void ent_i_game_u128_to_mpz(mpz_t z, ent_i_u128 v);
char *ent_i_game_strdup(const char *s);

#endif
