/* SPDX-License-Identifier: MIT */
/* types.c — exact power indices of a composite rule by player types (docs/power.md, "player
 * types").
 *
 * Players whom the rule cannot tell apart form a type: two players are of one type when they
 * have the same weight in every leaf of the and/or tree (leaves are dense over the players, so
 * the same weights mean the same memberships and the same role in every sub-rule; swapping
 * them maps every leaf, hence the rule, onto itself). This is the symmetry behind Shapley &
 * Shubik's (1954, A method for evaluating the distribution of power in a committee system,
 * APSR 48) treatment of the US lawmaking rule: counting by how many members of each class of
 * equivalent players a coalition holds, with binomial multiplicities.
 * Detection: players sorted by their weight columns, O(n log n * leaves).
 *
 * Counting: with T types of sizes n_1..n_T, a coalition's "state" is the vector k of how many
 * members it takes from each type; every coalition of a state wins or loses together. There
 * are prod_t (n_t + 1) states and M(k) = prod_t C(n_t, k_t) coalitions in state k. Pass 1
 * evaluates the rule once per state (leaf sums updated as an odometer turns) into one byte
 * per state. Pass 2 visits the winning states; for a type t with k_t >= 1, its members are
 * critical in k when k - e_t loses, and the coalitions of k that contain a given member of t
 * number C(n_t - 1, k_t - 1) * prod_{s != t} C(n_s, k_s) = k_t M(k) / n_t. Summed with big
 * integers (GMP), grouped by the coalition size m = sum k (Shapley–Shubik, Deegan–Packel) and
 * by the number of critical members c = sum over critical types of k_t (Johnston); a state is
 * minimal winning when every type it takes members from is critical. At the end each group is
 * divided exactly by n_t and weighted: (m-1)!(n-m)! (Shapley–Shubik), 1/m (Deegan–Packel),
 * 1/c (Johnston). So every index of the single-quota path is exact here; the precoalition
 * values are not (owen.c).
 * Complexity: time O(S * (leaves * T + T)) for the rule and the critical tests plus O(W * T)
 * big-integer multiply-adds of O(n / 64) limbs (W <= S winning states), S = prod (n_t + 1);
 * memory S bytes plus 3 T (n + 1) big integers and n + T binomials. Limit:
 * ENT_I_TYPES_MAX_STATES states. US lawmaking: 4 types (President, Vice-President, 100
 * senators, 435 representatives), 2 * 2 * 101 * 436 = 176 144 states, 22 ms of processor time.
 * Minimal winning / blocking counts (ent_i_types_minimal, for `entente rule`): the same pass 1,
 * then the states of the family from which no type can lose a member, each adding M(k); a
 * state blocks when its complement state (index S - 1 - s) loses.
 * Progress: phase "build" (pass 1) and "count", ticked every 4096 states from the calling
 * thread; one thread.
 */
#include "game/game_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const int64_t *const *col;   /* leaf weight vectors */
    size_t L;
    size_t k;
} colkey_t;

static int cmp_colkey(const void *a, const void *b)
{
    const colkey_t *x = a, *y = b;
    for (size_t j = 0; j < x->L; j++) {
        int64_t u = x->col[j][x->k], v = y->col[j][y->k];
        if (u != v) return u < v ? -1 : 1;
    }
    return (x->k > y->k) - (x->k < y->k);
}

static void leaf_list(const ent_i_node_t *nd, const ent_i_node_t **out, size_t *nl)
{
    if (nd->kind == ENT_I_LEAF) { out[(*nl)++] = nd; return; }
    for (size_t i = 0; i < nd->nkids; i++) leaf_list(nd->kids[i], out, nl);
}

static int same_column(const colkey_t *x, const colkey_t *y)
{
    for (size_t j = 0; j < x->L; j++)
        if (x->col[j][x->k] != y->col[j][y->k]) return 0;
    return 1;
}

void ent_i_types_free(ent_i_types_t *ty)
{
    if (!ty) return;
    free(ty->type_of);
    free(ty->size);
    free(ty->rep);
    memset(ty, 0, sizeof *ty);
}

int ent_i_types_detect(const ent_game_t *g, ent_i_types_t *ty)
{
    size_t n = g->n, L = ent_i_node_nleaves(g->root);
    memset(ty, 0, sizeof *ty);
    const ent_i_node_t **lv = calloc(L ? L : 1, sizeof *lv);
    const int64_t **col = calloc(L ? L : 1, sizeof *col);
    colkey_t *keys = calloc(n ? n : 1, sizeof *keys);
    size_t *rank = calloc(n ? n : 1, sizeof *rank);   /* group number in sorted order */
    ty->type_of = calloc(n ? n : 1, sizeof *ty->type_of);
    ty->size = calloc(n ? n : 1, sizeof *ty->size);
    ty->rep = calloc(n ? n : 1, sizeof *ty->rep);
    int rc = 0;
    if (!lv || !col || !keys || !rank || !ty->type_of || !ty->size || !ty->rep) { rc = -1; goto done; }
    size_t nl = 0;
    leaf_list(g->root, lv, &nl);
    for (size_t j = 0; j < L; j++) col[j] = lv[j]->w;
    for (size_t k = 0; k < n; k++) keys[k] = (colkey_t){col, L, k};
    qsort(keys, n, sizeof *keys, cmp_colkey);
    /* groups of equal columns; types numbered by their first (lowest) player */
    size_t *first = rank;   /* reuse: first player of each sorted group */
    size_t ng = 0;
    for (size_t r = 0; r < n; r++) {
        if (r == 0 || !same_column(&keys[r - 1], &keys[r])) first[ng++] = keys[r].k;   /* sorted by k inside */
        ty->type_of[keys[r].k] = ng - 1;
    }
    /* renumber groups by first player: group g -> its position among the sorted firsts */
    size_t *order = calloc(ng ? ng : 1, sizeof *order), *renum = calloc(ng ? ng : 1, sizeof *renum);
    if (!order || !renum) { free(order); free(renum); rc = -1; goto done; }
    for (size_t a = 0; a < ng; a++) order[a] = a;
    for (size_t a = 1; a < ng; a++)   /* insertion sort by first player (ng is small in practice) */
        for (size_t b = a; b > 0 && first[order[b - 1]] > first[order[b]]; b--) {
            size_t t = order[b]; order[b] = order[b - 1]; order[b - 1] = t;
        }
    for (size_t a = 0; a < ng; a++) renum[order[a]] = a;
    for (size_t k = 0; k < n; k++) {
        size_t t = renum[ty->type_of[k]];
        ty->type_of[k] = t;
        if (ty->size[t]++ == 0) ty->rep[t] = k;
    }
    free(order);
    free(renum);
    ty->T = ng;
    ty->states = 1;
    for (size_t t = 0; t < ng; t++) ty->states *= (double)(ty->size[t] + 1);
done:
    free(lv);
    free(col);
    free(keys);
    free(rank);
    if (rc) ent_i_types_free(ty);
    return rc;
}

void ent_i_types_estimate(const ent_game_t *g, const ent_i_types_t *ty, double *ops, double *bytes)
{
    double S = ty->states, T = (double)ty->T, n = (double)g->n, L = (double)ent_i_node_nleaves(g->root);
    double limbs = 1 + n / 64;                       /* coalition counts: up to 2^n */
    double flimbs = 1 + n * log2(n + 1) / 64;        /* Shapley-Shubik terms: up to n! */
    /* the rule and the odometer per state; about half the states winning, with T products
     * and multiply-adds each; the final weighting of T (n + 1) sums by factorials and
     * fractions. Fitted on two cases (docs/power.md): US lawmaking reads 16 ms for 22 ms
     * measured, 20 distinct players and a type of 30 (32.5 M states) 3.1 s for 1.9 s. */
    *ops = S * (2 * L + T + 10) + S / 2 * T * (2 + 2 * limbs) + T * (n + 1) * (200 + 20 * flimbs);
    *bytes = S + (4 * T * (n + 1) + 2 * (n + 1)) * (16 + 8 * limbs);
}

/* The rule on the leaf sums (no short cut: leaves are numbered in depth-first order). */
static int eval_sums(const ent_i_node_t *nd, const int64_t *sum, size_t *next)
{
    if (nd->kind == ENT_I_LEAF) {
        size_t j = (*next)++;
        return sum[j] >= nd->quota;
    }
    int and = nd->kind == ENT_I_AND, v = and;
    for (size_t i = 0; i < nd->nkids; i++) {
        int x = eval_sums(nd->kids[i], sum, next);
        v = and ? (v && x) : (v || x);
    }
    return v;
}

typedef struct {
    size_t T, n, K;          /* K = n + 1 */
    size_t *size, *stride;
    mpz_t *binom;            /* binom[off[t] + k] = C(n_t, k) */
    size_t *off;
    mpz_t *sw;               /* T*K: sum of k_t M(k) over states where t is critical, by m (or m = 0 total) */
    mpz_t *jc;               /* T*K: the same, by the number of critical members */
    mpz_t *mw;               /* T*K: sum of k_t M(k) over minimal winning states, by m */
    mpz_t win, minwin, M, X;
} tstate_t;

/* Pass 1: one byte per state, 1 when its coalitions win. Digit t of state s is
 * (s / stride[t]) % (size[t] + 1); the last type turns fastest. */
static ent_status_t pass_rule(const ent_game_t *g, const tstate_t *z, const ent_i_types_t *ty, size_t S,
                              unsigned char *win, ent_i_ticker_t *tk, ent_error_t *err)
{
    size_t L = ent_i_node_nleaves(g->root), T = z->T;
    const ent_i_node_t **lv = calloc(L ? L : 1, sizeof *lv);
    int64_t *wt = calloc(L * T > 0 ? L * T : 1, sizeof *wt), *sum = calloc(L ? L : 1, sizeof *sum);
    size_t *k = calloc(T ? T : 1, sizeof *k);
    if (!lv || !wt || !sum || !k) {
        free(lv); free(wt); free(sum); free(k);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t nl = 0;
    leaf_list(g->root, lv, &nl);
    for (size_t j = 0; j < L; j++)
        for (size_t t = 0; t < T; t++) wt[j * T + t] = lv[j]->w[ty->rep[t]];
    ent_status_t rc = ENT_OK;
    for (size_t s = 0; s < S; s++) {
        if ((s & 4095) == 4095 && ent_i_tick(tk, 4096.0)) {
            rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
            break;
        }
        size_t next = 0;
        win[s] = (unsigned char)eval_sums(g->root, sum, &next);
        /* odometer: the last digit turns; a digit at its size wraps to 0 and carries */
        for (size_t t = T; t-- > 0;) {
            if (k[t] < z->size[t]) {
                k[t]++;
                for (size_t j = 0; j < L; j++) sum[j] += wt[j * T + t];
                break;
            }
            for (size_t j = 0; j < L; j++) sum[j] -= (int64_t)k[t] * wt[j * T + t];
            k[t] = 0;
        }
    }
    free(lv); free(wt); free(sum); free(k);
    return rc;
}

/* Pass 2 over the winning states: M(k), the critical types, their sums by size and by the
 * number of critical members, and the minimal winning states. */
static ent_status_t pass_count(tstate_t *z, size_t S, const unsigned char *win, unsigned needs, ent_i_ticker_t *tk,
                               ent_error_t *err)
{
    size_t T = z->T, K = z->K;
    size_t *k = calloc(T ? T : 1, sizeof *k);
    unsigned char *crit = calloc(T ? T : 1, 1);
    if (!k || !crit) { free(k); free(crit); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    int by_size = (needs & ENT_I_NEED_BY_SIZE) != 0, want_mwc = (needs & ENT_I_NEED_MWC) != 0,
        want_j = (needs & ENT_I_NEED_JOHNSTON) != 0;
    ent_status_t rc = ENT_OK;
    for (size_t s = 0; s < S; s++) {
        if ((s & 4095) == 4095 && ent_i_tick(tk, 4096.0)) {
            rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
            break;
        }
        if (win[s]) {
            size_t m = 0, c = 0;
            int minimal = 1;
            mpz_set_ui(z->M, 1);
            for (size_t t = 0; t < T; t++) {
                m += k[t];
                if (k[t]) mpz_mul(z->M, z->M, z->binom[z->off[t] + k[t]]);
                crit[t] = k[t] && !win[s - z->stride[t]];
                if (crit[t]) c += k[t];
                else if (k[t]) minimal = 0;
            }
            mpz_add(z->win, z->win, z->M);
            for (size_t t = 0; t < T; t++) {
                if (!crit[t]) continue;
                mpz_mul_ui(z->X, z->M, (unsigned long)k[t]);
                mpz_add(z->sw[t * K + (by_size ? m : 0)], z->sw[t * K + (by_size ? m : 0)], z->X);
                if (want_j) mpz_add(z->jc[t * K + c], z->jc[t * K + c], z->X);
            }
            if (want_mwc && minimal) {
                mpz_add(z->minwin, z->minwin, z->M);
                for (size_t t = 0; t < T; t++)
                    if (k[t]) mpz_addmul_ui(z->mw[t * K + m], z->M, (unsigned long)k[t]);
            }
        }
        for (size_t t = T; t-- > 0;) {
            if (k[t] < z->size[t]) { k[t]++; break; }
            k[t] = 0;
        }
    }
    free(k);
    free(crit);
    return rc;
}

/* The per-type sums into per-player counts: divide by n_t exactly, weight by size. */
static void counts_from_types(const tstate_t *z, const ent_i_types_t *ty, unsigned needs, ent_i_counts_t *c)
{
    size_t T = z->T, K = z->K, n = z->n;
    int by_size = (needs & ENT_I_NEED_BY_SIZE) != 0, want_mwc = (needs & ENT_I_NEED_MWC) != 0,
        want_j = (needs & ENT_I_NEED_JOHNSTON) != 0;
    mpz_t a, f, f1, f2, fn1;
    mpq_t q;
    mpz_inits(a, f, f1, f2, fn1, NULL);
    mpq_init(q);
    if (by_size && n) mpz_fac_ui(fn1, (unsigned long)(n - 1));
    mpz_set(c->winning, z->win);
    for (size_t t = 0; t < T; t++) {
        size_t r = ty->rep[t];
        unsigned long nt = (unsigned long)z->size[t];
        mpz_set_ui(c->swings[r], 0);
        mpz_set_ui(c->ss_num[r], 0);
        /* f1 = (m-1)!, f2 = (n-m)!, stepped with m: |S without i| = m - 1 */
        mpz_set_ui(f1, 1);
        mpz_set(f2, fn1);
        for (size_t m = 0; m < K; m++) {
            if (by_size && m >= 2) {
                mpz_mul_ui(f1, f1, (unsigned long)(m - 1));
                mpz_divexact_ui(f2, f2, (unsigned long)(n - m + 1));
            }
            if (!mpz_sgn(z->sw[t * K + m])) continue;
            mpz_divexact_ui(a, z->sw[t * K + m], nt);
            mpz_add(c->swings[r], c->swings[r], a);
            if (by_size && m >= 1) {
                mpz_mul(f, f1, f2);
                mpz_addmul(c->ss_num[r], a, f);
            }
        }
        if (want_mwc) {
            mpz_set_ui(c->mwc[r], 0);
            mpq_set_ui(c->dp[r], 0, 1);
            for (size_t m = 1; m < K; m++) {
                if (!mpz_sgn(z->mw[t * K + m])) continue;
                mpz_divexact_ui(a, z->mw[t * K + m], nt);
                mpz_add(c->mwc[r], c->mwc[r], a);
                mpq_set_z(q, a);
                mpz_set_ui(mpq_denref(q), (unsigned long)m);
                mpq_canonicalize(q);
                mpq_add(c->dp[r], c->dp[r], q);
            }
        }
        if (want_j) {
            mpq_set_ui(c->johnston[r], 0, 1);
            for (size_t cc = 1; cc < K; cc++) {
                if (!mpz_sgn(z->jc[t * K + cc])) continue;
                mpz_divexact_ui(a, z->jc[t * K + cc], nt);
                mpq_set_z(q, a);
                mpz_set_ui(mpq_denref(q), (unsigned long)cc);
                mpq_canonicalize(q);
                mpq_add(c->johnston[r], c->johnston[r], q);
            }
        }
    }
    /* every member of a type has its representative's counts */
    for (size_t i = 0; i < n; i++) {
        size_t r = ty->rep[ty->type_of[i]];
        if (r == i) continue;
        mpz_set(c->swings[i], c->swings[r]);
        mpz_set(c->ss_num[i], c->ss_num[r]);
        if (want_mwc) { mpz_set(c->mwc[i], c->mwc[r]); mpq_set(c->dp[i], c->dp[r]); }
        if (want_j) mpq_set(c->johnston[i], c->johnston[r]);
    }
    if (want_mwc) mpz_set(c->minwin, z->minwin);
    c->have_ss = by_size;
    c->have_mwc = want_mwc;
    c->have_johnston = want_j;
    mpq_clear(q);
    mpz_clears(a, f, f1, f2, fn1, NULL);
}

static void tstate_clear(tstate_t *z)
{
    size_t TK = z->T * z->K;
    if (z->sw)
        for (size_t v = 0; v < TK; v++) { mpz_clear(z->sw[v]); mpz_clear(z->jc[v]); mpz_clear(z->mw[v]); }
    if (z->binom)
        for (size_t v = 0; v < z->off[z->T]; v++) mpz_clear(z->binom[v]);
    free(z->sw); free(z->jc); free(z->mw); free(z->binom); free(z->off); free(z->stride);
    mpz_clears(z->win, z->minwin, z->M, z->X, NULL);
}

/* The state layout (strides, the last type fastest), the binomials and the rule's byte per
 * state (pass 1, phase "build"). On failure z is cleared and *win is NULL. */
static ent_status_t types_setup(const ent_game_t *g, const ent_i_types_t *ty, const ent_progress_t *progress,
                                tstate_t *z, unsigned char **win, ent_error_t *err)
{
    *win = NULL;
    if (ty->states > (double)ENT_I_TYPES_MAX_STATES)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "%zu player types need %.3g states (limit %d)", ty->T,
                             ty->states, ENT_I_TYPES_MAX_STATES);
    size_t T = ty->T, n = g->n, S = (size_t)ty->states;
    *z = (tstate_t){T, n, n + 1, ty->size, NULL, NULL, NULL, NULL, NULL, NULL, {{0}}, {{0}}, {{0}}, {{0}}};
    mpz_inits(z->win, z->minwin, z->M, z->X, NULL);
    z->stride = calloc(T ? T : 1, sizeof *z->stride);
    z->off = calloc(T + 1, sizeof *z->off);
    *win = malloc(S ? S : 1);
    if (!z->stride || !z->off || !*win) goto nomem;
    for (size_t t = T, st = 1; t-- > 0;) { z->stride[t] = st; st *= ty->size[t] + 1; }
    for (size_t t = 0; t < T; t++) z->off[t + 1] = z->off[t] + ty->size[t] + 1;
    z->binom = malloc((z->off[T] ? z->off[T] : 1) * sizeof *z->binom);
    if (!z->binom) goto nomem;
    for (size_t t = 0; t < T; t++)
        for (size_t k = 0; k <= ty->size[t]; k++) {
            mpz_init(z->binom[z->off[t] + k]);
            mpz_bin_uiui(z->binom[z->off[t] + k], (unsigned long)ty->size[t], (unsigned long)k);
        }
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, progress, "build", (double)S, 4096.0);
    ent_status_t rc = pass_rule(g, z, ty, S, *win, &tk, err);
    if (rc) {
        free(*win);
        *win = NULL;
        tstate_clear(z);
    }
    return rc;
nomem:
    free(*win);
    *win = NULL;
    tstate_clear(z);
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%.3g type states)", ty->states);
}

ent_status_t ent_i_types_counts(const ent_game_t *g, const ent_i_types_t *ty, unsigned want,
                                const ent_progress_t *progress, ent_i_counts_t *c, ent_error_t *err)
{
    tstate_t z;
    unsigned char *win;
    ent_status_t rc = types_setup(g, ty, progress, &z, &win, err);
    if (rc) return rc;
    size_t S = (size_t)ty->states, TK = z.T * z.K;
    unsigned needs = ent_i_index_needs(want);
    z.sw = malloc((TK ? TK : 1) * sizeof *z.sw);
    z.jc = malloc((TK ? TK : 1) * sizeof *z.jc);
    z.mw = malloc((TK ? TK : 1) * sizeof *z.mw);
    if (!z.sw || !z.jc || !z.mw) {
        free(z.sw); free(z.jc); free(z.mw);
        z.sw = z.jc = z.mw = NULL;
        free(win);
        tstate_clear(&z);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%.3g type states)", ty->states);
    }
    for (size_t v = 0; v < TK; v++) { mpz_init(z.sw[v]); mpz_init(z.jc[v]); mpz_init(z.mw[v]); }
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, progress, "count", (double)S, 4096.0);
    rc = pass_count(&z, S, win, needs, &tk, err);
    if (!rc) counts_from_types(&z, ty, needs, c);
    free(win);
    tstate_clear(&z);
    return rc;
}

ent_status_t ent_i_types_minimal(const ent_game_t *g, const ent_i_types_t *ty, int blocking,
                                 const ent_progress_t *progress, mpz_t count, ent_error_t *err)
{
    tstate_t z;
    unsigned char *win;
    ent_status_t rc = types_setup(g, ty, progress, &z, &win, err);
    if (rc) return rc;
    size_t T = z.T, S = (size_t)ty->states;
    size_t *k = calloc(T ? T : 1, sizeof *k);
    if (!k) {
        free(win);
        tstate_clear(&z);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    /* the family: winning states, or blocking ones (the complement state, index S-1-s, loses) */
#define FAM(s) (blocking ? !win[S - 1 - (s)] : win[s])
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, progress, "count", (double)S, 4096.0);
    mpz_set_ui(count, 0);
    for (size_t s = 0; s < S; s++) {
        if ((s & 4095) == 4095 && ent_i_tick(&tk, 4096.0)) {
            rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
            break;
        }
        int minimal = FAM(s);
        for (size_t t = 0; t < T && minimal; t++)
            if (k[t] && FAM(s - z.stride[t])) minimal = 0;
        if (minimal) {
            mpz_set_ui(z.M, 1);
            for (size_t t = 0; t < T; t++)
                if (k[t]) mpz_mul(z.M, z.M, z.binom[z.off[t] + k[t]]);
            mpz_add(count, count, z.M);
        }
        for (size_t t = T; t-- > 0;) {
            if (k[t] < z.size[t]) { k[t]++; break; }
            k[t] = 0;
        }
    }
#undef FAM
    free(k);
    free(win);
    tstate_clear(&z);
    return rc;
}
