/* SPDX-License-Identifier: MIT */
/* entente/game.h — decision rules (simple games) and exact voting power.
 *
 * A decision rule says which sets of actors ("coalitions") can pass an action. entente
 * compiles a rule text (grammar: docs/rules.md), or a standalone weighted game
 * "[q; w1, w2, ...]", into an ent_game_t: a monotone simple game over its players, given
 * as an and/or tree of weighted-threshold leaves ("k of G", "all of G", "any of G",
 * ">= 65% of all by population", explicit vetoes, named rules).
 *
 * Players: a game compiled against a scenario has as players the scenario actors that the
 * rule involves, in scenario order (ent_game_player_actor maps back). A standalone game
 * has players 1..n (or the names of a weights table).
 *
 * Queries: winning / blocking tests, veto players, dummies, minimal winning and minimal
 * blocking coalitions (exact counts as decimal strings, listings up to a limit), "can it
 * pass over the objection of X", and power indices (docs/power.md): Penrose–Banzhaf
 * (absolute, raw swings), normalized Banzhaf, Shapley–Shubik, Holler public good,
 * Deegan–Packel, Johnston, Coleman's power of the collectivity to act, to prevent and to
 * initiate. Exact values use GMP; every count is also given as a decimal string.
 *
 * Ownership: ent_game_t is opaque, created by the compile/from_* functions and freed with
 * ent_game_destroy (NULL is a no-op). Result structs (ent_power_t, ent_coalitions_t,
 * ent_over_t, ent_rule_query_t) are filled by their function and freed with their *_destroy
 * function, which frees every pointer inside them and leaves the struct as its *_init left
 * it; destroy(NULL) is a no-op. *_init sets a result to the empty state, so that destroy is
 * safe on a struct whose computation failed or never ran. Strings the library hands out
 * (ent_game_describe) are freed with ent_free.
 */
#ifndef ENTENTE_GAME_H
#define ENTENTE_GAME_H

#include "entente/core.h"
#include "entente/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ent_game ent_game_t;

/* Limits of a rule text (docs/rules.md, "Limits"): its length in bytes, and how deep
 * parentheses and references to named rules may nest (counted together along one path).
 * Beyond either, compiling refuses with ENT_ELIMIT at the offending position. */
#define ENT_MAX_RULE_LEN 1048576
#define ENT_MAX_RULE_DEPTH 256

/* ---- building games ---- */

/* Parse a rule text against s's actors, groups, actor attributes and named rules.
 * `file` and `loc` (the position of the text's first character in its file) are used to
 * report errors at file:line:col inside the expression; file may be NULL.
 * Errors (ENT_EINPUT): syntax, unknown actor/group/attribute/rule, empty group, negative
 * or non-numeric attribute weight, quota above the total weight, cycle among named rules.
 * ENT_ELIMIT: a text longer than ENT_MAX_RULE_LEN bytes, or nesting deeper than
 * ENT_MAX_RULE_DEPTH (the error points at the parenthesis or rule id that crosses it). */
ENT_API ent_status_t ent_game_compile(const ent_scenario_t *s, const char *expr, const char *file,
                                      ent_loc_t loc, ent_game_t **out /* OUT */, ent_error_t *err);
/* Compile the scenario's named rule number `rule_index` (s->rules[rule_index]). */
ENT_API ent_status_t ent_game_from_rule(const ent_scenario_t *s, size_t rule_index, const char *file,
                                        ent_game_t **out /* OUT */, ent_error_t *err);
/* Compile every named rule of s once and discard it (src/game/check.c): the check the
 * front doors make right after ent_scenario_load, so a bad rule fails at its file:line:col
 * (the file is s->origin). Returns the first rule's error (ENT_EINPUT), else ENT_OK. */
ENT_API ent_status_t ent_game_check_rules(const ent_scenario_t *s, ent_error_t *err);
/* A standalone weighted game from text: "[q; w1, w2, ...]" with repetition "7x5" (five
 * players of weight 7), q an integer or a percentage of the total ("50%": weight >= 50% of
 * total). Several quotas: "[q1, q2; a1 b1, a2 b2, ...]" — player k has one weight per quota,
 * separated by spaces, and wins need every quota. Players are named 1..n. */
ENT_API ent_status_t ent_game_from_text(const char *text, ent_game_t **out /* OUT */, ent_error_t *err);
/* A standalone single-quota weighted game. names may be NULL (players 1..n). quota_num /
 * quota_den: when quota_den == 0 the quota is the integer quota_num; otherwise the quota is
 * the fraction quota_num/quota_den of the total weight (weight*den >= num*total). */
ENT_API ent_status_t ent_game_from_weights(size_t n, const int64_t *weights, const char *const *names,
                                           int64_t quota_num, int64_t quota_den,
                                           ent_game_t **out /* OUT */, ent_error_t *err);
/* Read a weights table: a CSV with a header row (first column the name, last column the
 * weight, e.g. "state,electors") or a plain file of one number per line (EPIC game files).
 * A plain file's first line is the quota (0 = none) unless weights_only is set, when every
 * line is a weight. quota_text: "Q", "P%" or NULL (the file's own quota; error if none). */
ENT_API ent_status_t ent_game_read_weights(const char *path, const char *quota_text, int weights_only,
                                           ent_game_t **out /* OUT */, ent_error_t *err);
ENT_API void ent_game_destroy(ent_game_t *g);

/* ---- basic queries ---- */
ENT_API size_t ent_game_nplayers(const ent_game_t *g);
/* Scenario actor index of player k; for standalone games k itself. */
ENT_API size_t ent_game_player_actor(const ent_game_t *g, size_t k);
/* Display name of player k (actor id, or "1".."n", or the weights table's name). */
ENT_API const char *ent_game_player_name(const ent_game_t *g, size_t k);
/* Player k's weight in a single-quota weighted game; NaN when the game is not one. */
ENT_API double ent_game_player_weight(const ent_game_t *g, size_t k);
/* 1 if the game is a single weighted quota (then quota/total are meaningful). */
ENT_API int ent_game_is_weighted(const ent_game_t *g, int64_t *quota /* OUT, may be NULL */,
                                 int64_t *total /* OUT, may be NULL */);
/* A one-line canonical description of the compiled game into *out (caller frees with
 * ent_free). ENT_ENOMEM when the copy cannot be made (*out is then NULL). */
ENT_API ent_status_t ent_game_describe(const ent_game_t *g, char **out /* OUT */, ent_error_t *err);

/* in[k] = 1 if player k votes yes. Returns 1 if the yes-voters pass the action. */
ENT_API int ent_game_winning(const ent_game_t *g, const unsigned char *in);
/* Three-valued votes. A rule text's leaves count the players who vote *for* ("9 of members",
 * "all of p5"), except "none against of G", which counts those who do *not* vote against (an
 * abstention is not a veto: the Security Council's practice since 1946). When nobody
 * abstains the two readings agree, so the two-valued game (winning, power, vetoes) is the
 * restriction of the three-valued one to profiles without abstentions. */
typedef enum { ENT_BALLOT_AGAINST = 0, ENT_BALLOT_ABSTAIN = 1, ENT_BALLOT_FOR = 2 } ent_ballot_t;
/* ballot[k] (an ent_ballot_t) is player k's vote. Returns 1 if the profile passes the action.
 * Monotone: changing a vote from against to abstain, or from abstain to for, never makes a
 * passing profile fail. O(n * leaves). */
ENT_API int ent_game_passes(const ent_game_t *g, const unsigned char *ballot);
/* 1 if the rule has a "none against" part, so that an abstention can differ from a vote
 * against; 0 when abstaining and voting against always have the same effect. */
ENT_API int ent_game_counts_abstentions(const ent_game_t *g);
/* 1 if the players in `in` can stop any action: their complement is not winning. */
ENT_API int ent_game_blocking(const ent_game_t *g, const unsigned char *in);
/* veto[k] = 1 if player k belongs to every winning coalition. Polynomial in the rule size. */
ENT_API ent_status_t ent_game_veto_players(const ent_game_t *g, unsigned char *veto /* OUT n */,
                                           ent_error_t *err);
/* dummy[k] = 1 if player k is never critical (never turns a losing coalition into a
 * winning one). Exact; may refuse (ENT_ELIMIT) on games too large for exact methods. */
ENT_API ent_status_t ent_game_dummy_players(const ent_game_t *g, unsigned char *dummy /* OUT n */,
                                            ent_error_t *err);

/* ---- minimal coalitions ---- */
/* Which family of coalitions a query is about. */
typedef enum {
    ENT_COALITIONS_WINNING = 0,   /* coalitions that pass an action */
    ENT_COALITIONS_BLOCKING       /* coalitions that can stop any action */
} ent_coalition_kind_t;

typedef struct {
    char *count;        /* exact number of minimal coalitions, decimal string */
    size_t nlisted;     /* listed below (<= limit) */
    unsigned char **members;  /* nlisted rows of nplayers flags */
    size_t nplayers;
    int complete;       /* 1 if every minimal coalition is listed */
} ent_coalitions_t;

/* The empty result (no count, nothing listed). */
ENT_API void ent_coalitions_init(ent_coalitions_t *c);
/* Minimal winning or minimal blocking coalitions, listed in lexicographic order of their
 * sorted member lists ({0,1,5} before {0,2} before {1}), at most `limit` (the listing search
 * stops after 5e7 rule evaluations: complete = 0 then). Exact count; refuses (ENT_ELIMIT)
 * beyond the exact methods' limits (docs/power.md). On failure *out is left empty. */
ENT_API ent_status_t ent_game_minimal(const ent_game_t *g, ent_coalition_kind_t kind, size_t limit,
                                      ent_coalitions_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_coalitions_destroy(ent_coalitions_t *c);

/* ---- can it pass over an objection? ---- */
typedef struct {
    int passes;               /* 1 if the players not in `objectors` form a winning coalition */
    size_t nplayers;
    unsigned char *veto;      /* objectors who are veto players of the game (each blocks alone) */
    size_t nveto;
    unsigned char *must_switch;  /* when !passes: a smallest set of objectors whose switch to
                                  * yes makes the action pass (single weighted quota: the
                                  * heaviest objectors, ties by player index; other rules: the
                                  * lexicographically first smallest set); empty when passes */
    size_t nmust;             /* its size; (size_t)-1 if no switch can make it pass */
} ent_over_t;

/* The empty result. */
ENT_API void ent_over_init(ent_over_t *o);
/* objectors[k] = 1 for the players who vote no; everybody else votes yes. */
ENT_API ent_status_t ent_game_over(const ent_game_t *g, const unsigned char *objectors,
                                   ent_over_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_over_destroy(ent_over_t *o);

/* ---- naming players, and one query of a rule ---- */
/* Set flags[k] = 1 (n = ent_game_nplayers flags, not cleared first) for the players named in
 * a comma list: player names, or, when s is not NULL, scenario groups (their members whom
 * the rule involves) and scenario actors that the rule does not involve (no effect on the
 * vote). ENT_EINVAL for an empty or over-long name; ENT_EINPUT "unknown player or group". */
ENT_API ent_status_t ent_game_mark_players(const ent_game_t *g, const ent_scenario_t *s, const char *list,
                                           unsigned char *flags /* OUT n */, ent_error_t *err);

typedef struct {
    const unsigned char *coalition;  /* n flags: is this coalition winning? blocking? NULL: no */
    const unsigned char *objectors;  /* n flags: can an action pass over them? NULL: no */
    int summary;                     /* 1: dummies and (unless list_minimal) the numbers of
                                      * minimal winning and minimal blocking coalitions */
    int list_minimal;                /* 1: list the minimal coalitions of kind list_kind */
    ent_coalition_kind_t list_kind;
    size_t limit;                    /* listed at most; default 20 */
    ent_progress_t progress;         /* as in ent_power_opts_t (phases "build", "dp", "count",
                                      * and "list": rule evaluations of a listing); a stop
                                      * request returns ENT_EINTR. Default none. */
} ent_rule_query_opts_t;
ENT_API void ent_rule_query_opts_init(ent_rule_query_opts_t *o);

/* What `entente rule` reports. Parts that were not asked for stay empty (has_* = 0). Parts of
 * the summary that the exact methods refuse are not errors of the call: their status and
 * message are kept (dummy_error, count_error) and the rest is reported. */
typedef struct {
    size_t n;
    char *rule;                      /* ent_game_describe */
    unsigned char *veto;             /* n flags: veto players */
    int has_coalition;
    unsigned char *coalition;        /* n flags (a copy of the query's) */
    int winning, blocking;
    int has_over;
    unsigned char *objectors;        /* n flags (a copy of the query's) */
    ent_over_t over;
    int has_summary;
    ent_error_t dummy_error;         /* status ENT_OK when dummy is filled */
    unsigned char *dummy;            /* n flags */
    int has_counts;
    ent_error_t count_error[2];      /* per ent_coalition_kind_t: ENT_OK when count is set */
    char *count[2];                  /* numbers of minimal winning / blocking coalitions */
    int has_listing;
    ent_coalition_kind_t listing_kind;
    ent_coalitions_t listing;
} ent_rule_query_t;

ENT_API void ent_rule_query_init(ent_rule_query_t *q);
/* Answer a query (NULL opts: the summary). Fails when out of memory, on the veto computation,
 * on ent_game_over and on a refused listing (ENT_ELIMIT); *out is then left empty. */
ENT_API ent_status_t ent_game_query(const ent_game_t *g, const ent_rule_query_opts_t *opts,
                                    ent_rule_query_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_rule_query_destroy(ent_rule_query_t *q);

/* ---- precoalitions (a priori unions) ----
 * A partition of the players into precoalitions, used by the Owen, Banzhaf–Owen and
 * symmetric coalitional Banzhaf values (docs/power.md, "Precoalitions"). */
/* union_of[k] = the precoalition of player k, numbered 0..m-1 with every number used; the
 * game keeps a copy. NULL removes the partition. ENT_EINVAL for an empty precoalition
 * (a number in 0..m-1 that no player has). */
ENT_API ent_status_t ent_game_set_precoalitions(ent_game_t *g, const size_t *union_of, ent_error_t *err);
/* Number of precoalitions (0: none) and, when union_of is not NULL, the game's array. */
ENT_API size_t ent_game_precoalitions(const ent_game_t *g, const size_t **union_of /* OUT, may be NULL */);
/* Parse "a, b; c; d, e" (precoalitions separated by ';', names by ','; names as in
 * ent_game_mark_players: players, or with s groups of the scenario) and set the partition.
 * file and loc place errors (ENT_EINPUT at file:line:col): an unknown name, a player in two
 * precoalitions, an empty precoalition, a player in none. */
ENT_API ent_status_t ent_game_parse_precoalitions(ent_game_t *g, const ent_scenario_t *s, const char *text,
                                                  const char *file, ent_loc_t loc, ent_error_t *err);

/* ---- power indices: the registry ----
 * One table (src/game/index.c) holds every index: its enum value, the name typed on the
 * command line (also its JSON key), its column title, a one-line help and flags. It drives
 * the parsing of index lists, the CLI's --help text, the "unknown index" message and the
 * renderers' columns. docs/howto/add-a-power-index.md lists what a new index needs. */
typedef enum {
    ENT_IDX_PENROSE = 0,    /* absolute Banzhaf: swings / 2^(n-1) */
    ENT_IDX_BANZHAF,        /* normalized Banzhaf: swings / total swings */
    ENT_IDX_SHAPLEY,        /* Shapley–Shubik */
    ENT_IDX_HOLLER,         /* Holler public good: MWC containing i / sum over players */
    ENT_IDX_DEEGAN,         /* Deegan–Packel */
    ENT_IDX_JOHNSTON,       /* Johnston (normalized) */
    ENT_IDX_PREVENT,        /* Coleman's power to prevent: swings / winning coalitions */
    ENT_IDX_INITIATE,       /* Coleman's power to initiate: swings / losing coalitions */
    ENT_IDX_OWEN,           /* Owen value: Shapley between and inside precoalitions */
    ENT_IDX_BANZHAF_OWEN,   /* Banzhaf–Owen value: Banzhaf between and inside */
    ENT_IDX_COALITIONAL_BANZHAF,  /* symmetric coalitional Banzhaf: Shapley between, Banzhaf inside */
    ENT_IDX_COUNT
} ent_power_index_t;

#define ENT_POWER_ALL ((1u << ENT_IDX_COUNT) - 1u)

/* Flags of a registry row. */
enum {
    /* The raw numerator is a fraction, not an integer count: exact rational arithmetic
     * (GMP mpq) throughout, and text output shows it as a decimal unless asked for exact. */
    ENT_POWER_INDEX_EXACT_ARITH = 1u << 0,
    /* Monte Carlo does not estimate this index (it is left out of ent_power_t.computed). */
    ENT_POWER_INDEX_NO_ESTIMATE = 1u << 1,
    /* The index needs a partition of the players into precoalitions
     * (ent_game_set_precoalitions); for a game without one it is left out of computed. */
    ENT_POWER_INDEX_PRECOALITIONS = 1u << 2
};

typedef struct {
    ent_power_index_t index;
    const char *name;        /* as typed in --index lists and used as JSON key: "shapley" */
    const char *column;      /* column title in tables */
    const char *raw_column;  /* column title of its raw numerator (--raw), or NULL when the
                              * numerator is the swing count (its own "swings" column) */
    const char *title;       /* display name: "Shapley-Shubik" */
    const char *short_title; /* in sentences: "Holler and Deegan-Packel are not estimated" */
    const char *help;        /* one line: what it measures */
    unsigned flags;          /* ENT_POWER_INDEX_* */
} ent_power_index_info_t;

/* Number of rows of the registry (ENT_IDX_COUNT). */
ENT_API size_t ent_power_index_count(void);
/* Row i of the registry (static storage), or NULL when i is out of range. */
ENT_API const ent_power_index_info_t *ent_power_index_info(ent_power_index_t i);
/* Short machine name ("penrose", ...) and display name; "?" when out of range. */
ENT_API const char *ent_power_index_name(ent_power_index_t i);
ENT_API const char *ent_power_index_title(ent_power_index_t i);
/* Parse a comma-separated list of names (or "all") into a bit mask. ENT_EINVAL on an
 * unknown name (the message lists the valid ones) or an empty list. */
ENT_API ent_status_t ent_power_index_parse(const char *list, unsigned *mask /* OUT */, ent_error_t *err);

/* Upper bound of ent_power_opts_t.threads. */
#define ENT_POWER_MAX_THREADS 256

typedef enum {
    ENT_METHOD_AUTO = 0,   /* choose per game (docs/power.md) */
    ENT_METHOD_ENUM,       /* structured enumeration of all 2^n coalitions (n <= 30) */
    ENT_METHOD_DP,         /* generating functions / DP (single weighted quota) */
    ENT_METHOD_MC,         /* Monte Carlo estimate */
    ENT_METHOD_TYPES,      /* counting by player types: coalitions grouped by how many members
                            * they take from each class of interchangeable players (any rule;
                            * AUTO uses it for composite rules that enumeration cannot take) */
    ENT_METHOD_PARTS       /* an and/or of rules over disjoint players: the parts' counts by
                            * coalition size combined (AUTO uses it when no other exact
                            * method fits, after types; docs/power.md, "Independent parts") */
} ent_power_method_t;
ENT_API const char *ent_power_method_name(ent_power_method_t m);

typedef struct {
    unsigned indices;           /* bit mask of 1u << ent_power_index_t; default ENT_POWER_ALL */
    int exact_strings;          /* 1: fill the exact fraction strings (num/den); default 1 */
    ent_power_method_t method;  /* default AUTO */
    int approx;                 /* 1: Monte Carlo instead of exact; default 0 */
    int approx_on_refusal;      /* 1: when exact is refused, fall back to Monte Carlo; default 0 */
    uint64_t samples;           /* Monte Carlo samples per estimate; default 100000 */
    uint64_t seed;              /* default 1 */
    double confidence;          /* confidence level of the intervals; default 0.95 */
    double max_memory;          /* bytes an exact method may use; default 4 GiB */
    double max_seconds;         /* estimated seconds an exact method, or Monte Carlo with
                                   `samples`, may take (else ENT_ELIMIT); default 60 */
    int threads;                /* threads, counting the calling one: 0 (default) = one per
                                 * online processor (at most ENT_POWER_MAX_THREADS). Used by
                                 * Monte Carlo (chunks of samples), the enumeration (ranges of
                                 * the bitmap) and the modular generating functions (primes);
                                 * every result is identical for any number. The estimates
                                 * behind the limits still assume two. */
    ent_progress_t progress;    /* ticked from the calling thread about every 2^16 coalitions
                                 * (enumeration), DP steps (generating functions) or per batch
                                 * of samples (Monte Carlo); phases "build", "count", "dp",
                                 * "samples". A stop request returns ENT_EINTR. Default none. */
} ent_power_opts_t;
ENT_API void ent_power_opts_init(ent_power_opts_t *o);

typedef struct {
    size_t n;
    unsigned computed;              /* bit mask of the indices filled below */
    double *value[ENT_IDX_COUNT];   /* n values each, or NULL */
    char **exact[ENT_IDX_COUNT];    /* n reduced fractions "num/den" (or "0"), or NULL */
    double *ci[ENT_IDX_COUNT];      /* Monte Carlo: half-widths of the confidence
                                     * intervals; NULL for exact results */
    char **swings;                  /* raw Banzhaf swing counts (decimal strings), or NULL */
    char **raw[ENT_IDX_COUNT];      /* raw numerators, exact strings, or NULL: penrose,
                                     * banzhaf, prevent, initiate: swings; shapley: orderings
                                     * in which i is pivotal (out of n!); holler: minimal
                                     * winning coalitions containing i; deegan: sum of 1/|S|
                                     * over them; johnston: sum over winning S in which i is
                                     * critical of 1/(number of critical members of S) */
    double *raw_value[ENT_IDX_COUNT];  /* the raw numerators as doubles (when raw[i] is set) */
    char *winning;                  /* number of winning coalitions (decimal; NULL for MC) */
    char *min_winning;              /* number of minimal winning coalitions, or NULL */
    double collective;              /* Coleman's power of the collectivity to act: winning/2^n */
    char *collective_exact;         /* as a fraction, or NULL */
    double collective_ci;           /* Monte Carlo half-width, 0 for exact */
    unsigned char *veto;            /* n flags */
    unsigned char *dummy;           /* n flags (exact methods only; all 0 for Monte Carlo) */
    int is_exact;                   /* 1 exact, 0 Monte Carlo */
    ent_power_method_t method;      /* method used */
    char why[640];                  /* why this method (and what was refused, if anything) */
    uint64_t samples, seed;         /* Monte Carlo only */
    double confidence;              /* Monte Carlo only: level of the intervals in ci */
    /* Two-tier rules ("...; constituencies: majority of voters", docs/rules.md): each player
     * is decided by a vote of its own voters. Filled when the rule has constituencies and
     * the Penrose index was computed; NULL otherwise (docs/power.md, "Two-tier games"). */
    uint64_t *tier_voters;          /* n: voters N of player k's constituency */
    double *tier_inner;             /* n: probability that one voter decides k's vote,
                                     * C(N-1, q-1) / 2^(N-1) (q: yes votes k's vote needs) */
    double *tier_law;               /* n: sqrt(2 / (pi N)), the square-root law's closed form
                                     * (NaN when k's voters do not decide by simple majority) */
    double *tier_power;             /* n: a voter's absolute Banzhaf power in the two-tier
                                     * game: tier_inner[k] * value[ENT_IDX_PENROSE][k] */
    double *tier_ci;                /* Monte Carlo: half-widths of tier_power; else NULL */
} ent_power_t;

/* The empty result: nothing computed, every pointer NULL. */
ENT_API void ent_power_init(ent_power_t *p);
/* Compute the indices in opts->indices (NULL opts = defaults). Refuses with ENT_ELIMIT and a
 * message giving the estimated memory and time when no exact method fits the limits and
 * neither approx nor approx_on_refusal is set. Returns ENT_EINTR when opts->progress asked
 * to stop. On any failure *out is left empty (as ent_power_init leaves it). */
ENT_API ent_status_t ent_game_power(const ent_game_t *g, const ent_power_opts_t *opts,
                                    ent_power_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_power_destroy(ent_power_t *p);

#ifdef __cplusplus
}
#endif
#endif
