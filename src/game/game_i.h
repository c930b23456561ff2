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

typedef unsigned __int128 ent_i_u128;

enum { ENT_I_LEAF = 0, ENT_I_AND, ENT_I_OR };

typedef struct ent_i_node {
    int kind;
    /* leaf */
    int64_t *w;        /* n weights (dense) */
    int64_t quota;     /* >= 1 and <= total */
    int64_t total;     /* sum of w */
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
};

/* ---- rule.c ---- */
ent_i_node_t *ent_i_node_new(int kind);
void ent_i_node_free(ent_i_node_t *nd);
int ent_i_node_eval(const ent_i_node_t *nd, size_t n, const unsigned char *in);
/* Number of leaves of the tree. */
size_t ent_i_node_nleaves(const ent_i_node_t *nd);

/* ---- enum.c: structured enumeration of all 2^n coalitions (n <= 30) ---- */
typedef struct {
    size_t n;
    uint64_t *win;      /* 2^n bits: bit x set when coalition x (bit k = player k) wins */
    size_t nwords;
} ent_i_bitmap_t;
ent_status_t ent_i_bitmap_build(const ent_game_t *g, ent_i_bitmap_t *bm, ent_error_t *err);
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
ent_status_t ent_i_enum_counts(const ent_game_t *g, unsigned want, ent_i_counts_t *c, ent_error_t *err);

/* ---- wdp.c: single weighted quota, generating functions ---- */
/* Estimated work (element operations) and memory (bytes) of the DP for the wanted indices;
 * returns 0 if the game is not a single weighted leaf. */
int ent_i_wdp_estimate(const ent_game_t *g, unsigned want, double *ops, double *bytes);
ent_status_t ent_i_wdp_counts(const ent_game_t *g, unsigned want, ent_i_counts_t *c, ent_error_t *err);

/* helpers */
void ent_i_game_u128_to_mpz(mpz_t z, ent_i_u128 v);
char *ent_i_game_strdup(const char *s);

#endif
