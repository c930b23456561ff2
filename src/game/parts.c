/* SPDX-License-Identifier: MIT */
/* parts.c — exact power of a rule built from independent parts: an and/or of sub-rules over
 * disjoint sets of players (issue 15, item 2; docs/power.md, "Independent parts").
 *
 * A part P of m players is summarised by counts by coalition size: W_P(k) winning coalitions
 * of P with k members, and for each player i of P its swings by size s_i(k) (coalitions S of
 * P without i, |S| = k, S + i wins, S loses). Two disjoint parts A, B combine as
 *   and:  W(k) = sum_a W_A(a) W_B(k-a),   s_i(k) = sum_a s_i^A(a) W_B(k-a)  (i in A)
 *   or:   L(k) = sum_a L_A(a) L_B(k-a),   s_i(k) = sum_a s_i^A(a) L_B(k-a),
 * with L = C(m,k) - W the losing coalitions: a player of A swings in the and exactly when it
 * swings in A and B wins, in the or when it swings in A and B loses (Felsenthal & Machover,
 * The Measurement of Voting Power, 1998, ch. 2 on composite games). Banzhaf swings are the sums
 * over k; Shapley–Shubik is sum_k s_i(k) k! (n-1-k)! / n! (Shapley & Shubik 1954). Minimal
 * winning coalitions by size M(k), and those containing i, M_i(k), combine too: under and, S is
 * minimal winning exactly when every part of it is (M = M_A * M_B, M_i = M_i^A * M_B, with *
 * the convolution); under or, when one part of it is and the others are empty (M = M_A + M_B,
 * M_i = M_i^A). Holler is sum_k M_i(k) normalised, Deegan–Packel sum_k M_i(k)/k over sum_k M(k).
 * They are carried when every atomic part is enumerated or a quota of equal weights (its
 * minimal winning coalitions are those of ceil(q/w) members); a quota of several weight
 * types leaves them out. Johnston's critical sets are never carried: Johnston is refused.
 * A node's children are grouped by shared players (union–find over the players); a group of
 * one child recurses, a group of several is an atomic part. An atomic part is counted by the
 * structured enumeration's bitmap (enum.c, m <= 30: 2^m bits, sizes by masked popcounts) or,
 * when it is one weighted quota, by generating functions over its weight types (players of
 * equal weight; state (size, weight capped at the quota), binomial multiplicities, GMP).
 * Players the rule never weighs form a neutral part. Players with equal by-size swing
 * vectors share one vector (classes), so 720 equal members cost one convolution.
 * Cost: enumeration 2^m (leaves + m) word operations per part; types (T+1) * sum_t (m_t+1) *
 * (m+1)(q+1) big-integer steps; combination classes * m_A * m_B products.
 */
#include "game/game_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counts of one part, by coalition size. */
typedef struct {
    size_t m;          /* players */
    size_t *pl;        /* m global player indices */
    mpz_t *win;        /* m+1: winning coalitions of the part by size */
    size_t ncls;
    size_t *cls;       /* m: class of each player */
    mpz_t *sw;         /* ncls * max(m,1): swings of a class member by size 0..m-1 */
    int have_mw;       /* the minimal winning counts below are filled */
    mpz_t *mw;         /* m+1: minimal winning coalitions by size */
    mpz_t *mwi;        /* ncls * (m+1): those containing a class member, by size */
} pstat_t;

static void pstat_free(pstat_t *s)
{
    if (s->win) for (size_t k = 0; k <= s->m; k++) mpz_clear(s->win[k]);
    size_t w = s->m ? s->m : 1;
    if (s->sw) for (size_t k = 0; k < s->ncls * w; k++) mpz_clear(s->sw[k]);
    if (s->mw) for (size_t k = 0; k <= s->m; k++) mpz_clear(s->mw[k]);
    if (s->mwi) for (size_t k = 0; k < s->ncls * (s->m + 1); k++) mpz_clear(s->mwi[k]);
    free(s->mw);
    free(s->mwi);
    free(s->win);
    free(s->sw);
    free(s->pl);
    free(s->cls);
    memset(s, 0, sizeof *s);
}

static int pstat_alloc(pstat_t *s, size_t m, size_t ncls)
{
    memset(s, 0, sizeof *s);
    size_t w = m ? m : 1;
    s->m = m;
    s->ncls = ncls;
    s->pl = calloc(w, sizeof *s->pl);
    s->cls = calloc(w, sizeof *s->cls);
    s->win = malloc((m + 1) * sizeof *s->win);
    s->sw = malloc((ncls ? ncls : 1) * w * sizeof *s->sw);
    if (!s->pl || !s->cls || !s->win || !s->sw) {
        free(s->pl); free(s->cls); free(s->win); free(s->sw);
        memset(s, 0, sizeof *s);
        return -1;
    }
    for (size_t k = 0; k <= m; k++) mpz_init(s->win[k]);
    for (size_t k = 0; k < ncls * w; k++) mpz_init(s->sw[k]);
    return 0;
}

/* The minimal winning arrays of s (zeros); have_mw = 1. */
static int pstat_alloc_mw(pstat_t *s)
{
    s->mw = malloc((s->m + 1) * sizeof *s->mw);
    s->mwi = malloc((s->ncls ? s->ncls : 1) * (s->m + 1) * sizeof *s->mwi);
    if (!s->mw || !s->mwi) { free(s->mw); free(s->mwi); s->mw = s->mwi = NULL; return -1; }
    for (size_t k = 0; k <= s->m; k++) mpz_init(s->mw[k]);
    for (size_t k = 0; k < s->ncls * (s->m + 1); k++) mpz_init(s->mwi[k]);
    s->have_mw = 1;
    return 0;
}

/* ------------------------------------------------------------------ players and groups */

static void mark_players(const ent_i_node_t *nd, size_t n, unsigned char *in)
{
    if (nd->kind == ENT_I_LEAF) {
        for (size_t k = 0; k < n; k++) if (nd->w[k] > 0) in[k] = 1;
        return;
    }
    for (size_t i = 0; i < nd->nkids; i++) mark_players(nd->kids[i], n, in);
}

static size_t uf_find(size_t *par, size_t x)
{
    while (par[x] != x) x = par[x] = par[par[x]];
    return x;
}

/* Group the children of an and/or node by shared players: grp[c] = group number (0..G-1,
 * numbered by first child). Returns G, or 0 when out of memory. */
static size_t group_kids(const ent_i_node_t *nd, size_t n, size_t *grp)
{
    size_t K = nd->nkids;
    size_t *par = malloc(K * sizeof *par), *owner = malloc((n ? n : 1) * sizeof *owner);
    unsigned char *in = malloc(n ? n : 1);
    if (!par || !owner || !in) { free(par); free(owner); free(in); return 0; }
    for (size_t c = 0; c < K; c++) par[c] = c;
    for (size_t k = 0; k < n; k++) owner[k] = (size_t)-1;
    for (size_t c = 0; c < K; c++) {
        memset(in, 0, n);
        mark_players(nd->kids[c], n, in);
        for (size_t k = 0; k < n; k++) {
            if (!in[k]) continue;
            if (owner[k] == (size_t)-1) owner[k] = c;
            else {
                size_t a = uf_find(par, owner[k]), b = uf_find(par, c);
                if (a != b) par[b] = a;
            }
        }
    }
    size_t G = 0;
    for (size_t c = 0; c < K; c++) grp[c] = (size_t)-1;
    for (size_t c = 0; c < K; c++) {
        size_t r = uf_find(par, c);
        if (grp[r] == (size_t)-1) grp[r] = G++;
        grp[c] = grp[r];
    }
    free(par); free(owner); free(in);
    return G;
}

/* ------------------------------------------------------------------ planning */

typedef struct {
    double ops, bytes;      /* estimated nanoseconds and peak bytes */
    size_t nparts, nenum, ntypes, maxm;
    int no_mw;              /* a part counted by several weight types: no minimal winning counts */
    int refused;            /* an atomic part no exact method takes */
    size_t refused_m;
} plan_t;

/* Distinct positive weights of a single leaf restricted to `in`; -1 on no memory. */
static long leaf_types(const ent_i_node_t *L, size_t n, const unsigned char *in, int64_t *wt, size_t *mt)
{
    long T = 0;
    for (size_t k = 0; k < n; k++) {
        if (!in[k] || L->w[k] <= 0) continue;
        long t = 0;
        while (t < T && wt[t] != L->w[k]) t++;
        if (t == T) { wt[T] = L->w[k]; mt[T] = 0; T++; }
        mt[t]++;
    }
    return T;
}

static void plan_atomic(const ent_i_node_t *nd, size_t n, const unsigned char *in, size_t m, plan_t *pl)
{
    pl->nparts++;
    if (m > pl->maxm) pl->maxm = m;
    double eops = m <= 30 ? ldexp(1.0, (int)m) * ((double)ent_i_node_nleaves(nd) + (double)m * 0.3) : INFINITY;
    double tops = INFINITY, tbytes = INFINITY;
    if (nd->kind == ENT_I_LEAF) {
        int64_t *wt = malloc((m ? m : 1) * sizeof *wt);
        size_t *mt = malloc((m ? m : 1) * sizeof *mt);
        if (wt && mt) {
            long T = leaf_types(nd, n, in, wt, mt);
            double cells = (double)(m + 1) * (double)(nd->quota + 1), steps = 0;
            for (long t = 0; t < T; t++) steps += (double)mt[t] + 1;
            /* a single type has one reachable state per size */
            tops = T == 1 ? 2.0 * (double)(m + 1) * 50 : (double)(T + 1) * steps * cells * 30.0;
            tbytes = T == 1 ? (double)(m + 1) * (32 + (double)m / 8) : 2.0 * cells * (32 + (double)m / 8);
            if (tops < eops) { pl->ntypes++; if (T > 1) pl->no_mw = 1; }
        }
        free(wt);
        free(mt);
    }
    if (tops < eops) { pl->ops += tops; if (tbytes > pl->bytes) pl->bytes = tbytes; }
    else if (isfinite(eops)) {
        pl->nenum++;
        pl->ops += eops;
        double b = ldexp(1.0, (int)m) / 8.0;
        if (b > pl->bytes) pl->bytes = b;
    } else { pl->refused = 1; if (m > pl->refused_m) pl->refused_m = m; }
}

/* Plan node nd over the players in `in` (m of them). */
static void plan_node(const ent_i_node_t *nd, size_t n, const unsigned char *in, size_t m, plan_t *pl)
{
    size_t G = 0, *grp = NULL;
    if (nd->kind != ENT_I_LEAF && nd->nkids >= 2) {
        grp = malloc(nd->nkids * sizeof *grp);
        if (grp) G = group_kids(nd, n, grp);
    }
    if (G < 2) { free(grp); plan_atomic(nd, n, in, m, pl); return; }
    unsigned char *sub = malloc(n ? n : 1);
    if (!sub) { free(grp); pl->refused = 1; return; }
    size_t macc = 0;
    for (size_t gi = 0; gi < G; gi++) {
        memset(sub, 0, n);
        size_t nk = 0, last = 0;
        for (size_t c = 0; c < nd->nkids; c++)
            if (grp[c] == gi) { mark_players(nd->kids[c], n, sub); nk++; last = c; }
        size_t mg = 0;
        for (size_t k = 0; k < n; k++) mg += sub[k];
        if (nk == 1) plan_node(nd->kids[last], n, sub, mg, pl);
        else plan_atomic(nd, n, sub, mg, pl);   /* group of several children: counted whole */
        /* combination: every player's vector against the other side */
        macc += mg;
        pl->ops += (double)(mg + 1) * (double)(macc + 1) * 2.0 * 60.0 * (1 + (double)macc / 512.0);
    }
    free(sub);
    free(grp);
}

int ent_i_parts_plan(const ent_game_t *g, double *ops, double *bytes, int *mwc, char *desc, size_t len)
{
    const ent_i_node_t *r = g->root;
    if (r->kind == ENT_I_LEAF || r->nkids < 2) return 0;
    size_t *grp = malloc(r->nkids * sizeof *grp);
    if (!grp) return 0;
    size_t G = group_kids(r, g->n, grp);
    free(grp);
    if (G < 2) return 0;
    unsigned char *in = calloc(g->n ? g->n : 1, 1);
    if (!in) return 0;
    mark_players(r, g->n, in);
    size_t m = 0;
    for (size_t k = 0; k < g->n; k++) m += in[k];
    plan_t pl = {0};
    plan_node(r, g->n, in, m, &pl);
    free(in);
    if (pl.refused) {
        snprintf(desc, len, "a part of %zu players that shares players across its rules and is not a single "
                 "weighted quota (exact for such a part only up to 30 players)", pl.refused_m);
        *ops = INFINITY;
        *bytes = INFINITY;
        return 1;
    }
    *ops = pl.ops;
    *mwc = !pl.no_mw;
    *bytes = pl.bytes + (double)g->n * (double)g->n * (16 + (double)g->n / 8);
    snprintf(desc, len, "%zu independent parts (largest %zu players; %zu enumerated, %zu by weight types), "
             "counts by coalition size combined", pl.nparts, pl.maxm, pl.nenum, pl.ntypes);
    return 1;
}

/* ------------------------------------------------------------------ atomic parts */

/* A copy of nd with weights restricted to the m players map[0..m-1]. */
static ent_i_node_t *restrict_node(const ent_i_node_t *nd, const size_t *map, size_t m)
{
    ent_i_node_t *c = ent_i_node_new(nd->kind);
    if (!c) return NULL;
    if (nd->kind == ENT_I_LEAF) {
        c->w = calloc(m ? m : 1, sizeof *c->w);
        if (!c->w) { free(c); return NULL; }
        for (size_t j = 0; j < m; j++) c->w[j] = nd->w[map[j]];
        c->quota = nd->quota;
        c->total = nd->total;
        c->not_against = nd->not_against;
        return c;
    }
    c->kids = calloc(nd->nkids, sizeof *c->kids);
    if (!c->kids) { free(c); return NULL; }
    for (size_t i = 0; i < nd->nkids; i++) {
        c->kids[i] = restrict_node(nd->kids[i], map, m);
        c->nkids = i + 1;
        if (!c->kids[i]) { ent_i_node_free(c); return NULL; }
    }
    return c;
}

/* Masks of the lanes of a word by their popcount (lane b = coalition bits b of the low 6). */
static void lane_masks(uint64_t *M)
{
    for (int j = 0; j <= 6; j++) M[j] = 0;
    for (unsigned b = 0; b < 64; b++) M[__builtin_popcount(b)] |= (uint64_t)1 << b;
}

/* Enumeration of a part of m <= 30 players: by-size counts off the winning bitmap. */
static ent_status_t count_enum(const ent_i_node_t *root, pstat_t *s, ent_error_t *err)
{
    size_t m = s->m;
    ent_i_node_t *sub = restrict_node(root, s->pl, m);
    if (!sub) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    struct ent_game g;
    memset(&g, 0, sizeof g);
    g.n = m;
    g.root = sub;
    ent_i_bitmap_t bm;
    ent_status_t rc = ent_i_bitmap_build(&g, NULL, &bm, err);
    ent_i_node_free(sub);
    if (rc) return rc;
    uint64_t *win = calloc(m + 1, sizeof *win), *sw = calloc((m ? m : 1) * (m + 1), sizeof *sw);
    if (!win || !sw) { free(win); free(sw); ent_i_bitmap_free(&bm); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    uint64_t M[7], valid = m >= 6 ? ~(uint64_t)0 : ((((uint64_t)1) << (1u << m)) - 1), H[6];
    lane_masks(M);
    for (int i = 0; i < 6; i++) {
        H[i] = 0;
        for (unsigned b = 0; b < 64; b++) if (b >> i & 1) H[i] |= (uint64_t)1 << b;
    }
    size_t lo = m < 6 ? m : 6;
    /* a lane of word W holds popcount(W) + j <= m players: sizes beyond m are never indexed */
    for (size_t W = 0; W < bm.nwords; W++) {
        uint64_t x = bm.win[W] & valid;
        if (!x) continue;
        size_t pw = (size_t)__builtin_popcountll((unsigned long long)W);
        for (int j = 0; j <= 6 && pw + (size_t)j <= m; j++) win[pw + (size_t)j] += (uint64_t)__builtin_popcountll(x & M[j]);
        for (size_t i = 0; i < m; i++) {
            uint64_t crit;
            if (i < lo) crit = x & ~(bm.win[W] << (1u << i)) & H[i];
            else if (W >> (i - 6) & 1) crit = x & ~bm.win[W ^ ((size_t)1 << (i - 6))];
            else continue;
            if (!crit) continue;
            for (int j = 0; j <= 6; j++) {
                uint64_t c = crit & M[j];
                if (c) sw[i * (m + 1) + pw + (size_t)j - 1] += (uint64_t)__builtin_popcountll(c);
            }
        }
    }
    /* minimal winning coalitions by size, and per member */
    ent_i_bitmap_t mwb;
    rc = ent_i_bitmap_minimal(&bm, 0, &mwb, err);
    ent_i_bitmap_free(&bm);
    if (rc) { free(win); free(sw); return rc; }
    if (pstat_alloc_mw(s)) { free(win); free(sw); ent_i_bitmap_free(&mwb); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    uint64_t *mw = calloc((m + 1) * (m + 1), sizeof *mw);   /* row 0: all; row i+1: containing i */
    if (!mw) { free(win); free(sw); ent_i_bitmap_free(&mwb); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    for (size_t W = 0; W < mwb.nwords; W++) {
        uint64_t x = mwb.win[W] & valid;
        if (!x) continue;
        size_t pw = (size_t)__builtin_popcountll((unsigned long long)W);
        for (int j = 0; j <= 6 && pw + (size_t)j <= m; j++) mw[pw + (size_t)j] += (uint64_t)__builtin_popcountll(x & M[j]);
        for (size_t i = 0; i < m; i++) {
            uint64_t y = i < lo ? x & H[i] : (W >> (i - 6) & 1) ? x : 0;
            if (!y) continue;
            for (int j = 0; j <= 6 && pw + (size_t)j <= m; j++) mw[(i + 1) * (m + 1) + pw + (size_t)j] += (uint64_t)__builtin_popcountll(y & M[j]);
        }
    }
    ent_i_bitmap_free(&mwb);
    for (size_t k = 0; k <= m; k++) mpz_set_ui(s->mw[k], (unsigned long)mw[k]);
    for (size_t i = 0; i < m; i++)
        for (size_t k = 0; k <= m; k++) mpz_set_ui(s->mwi[i * (m + 1) + k], (unsigned long)mw[(i + 1) * (m + 1) + k]);
    free(mw);
    for (size_t k = 0; k <= m; k++) mpz_set_ui(s->win[k], (unsigned long)win[k]);
    for (size_t i = 0; i < m; i++) {
        s->cls[i] = i;
        for (size_t k = 0; k < m; k++) mpz_set_ui(s->sw[i * m + k], (unsigned long)sw[i * (m + 1) + k]);
    }
    free(win);
    free(sw);
    return ENT_OK;
}

/* Generating function over weight types: cnt[k][w] = coalitions of size k and weight
 * min(w, q), with type `skip` (or none: -1) short of one member. */
static int types_dp(const int64_t *wt, const size_t *mt, long T, long skip, int64_t q, size_t m, mpz_t *cnt)
{
    size_t Q = (size_t)q + 1;
    for (size_t c = 0; c < (m + 1) * Q; c++) mpz_set_ui(cnt[c], 0);
    mpz_set_ui(cnt[0], 1);
    size_t ksz = 0;        /* sizes reached so far */
    mpz_t b;
    mpz_init(b);
    mpz_t *nxt = malloc((m + 1) * Q * sizeof *nxt);
    if (!nxt) { mpz_clear(b); return -1; }
    for (size_t c = 0; c < (m + 1) * Q; c++) mpz_init(nxt[c]);
    for (long t = 0; t < T; t++) {
        size_t mm = mt[t] - (t == skip ? 1 : 0);
        if (!mm) continue;
        for (size_t c = 0; c < (ksz + mm + 1) * Q && c < (m + 1) * Q; c++) mpz_set_ui(nxt[c], 0);
        for (size_t k = 0; k <= ksz; k++)
            for (size_t w = 0; w < Q; w++) {
                const mpz_t *src = &cnt[k * Q + w];
                if (mpz_sgn(*src) == 0) continue;
                mpz_set_ui(b, 1);
                for (size_t j = 0; j <= mm; j++) {
                    if (j) { mpz_mul_ui(b, b, (unsigned long)(mm - j + 1)); mpz_divexact_ui(b, b, (unsigned long)j); }
                    int64_t ww = (int64_t)w + (int64_t)j * wt[t];
                    size_t wc = ww >= q ? (size_t)q : (size_t)ww;
                    mpz_addmul(nxt[(k + j) * Q + wc], *src, b);
                }
            }
        ksz += mm;
        for (size_t c = 0; c < (ksz + 1) * Q; c++) mpz_swap(cnt[c], nxt[c]);
    }
    for (size_t c = 0; c < (m + 1) * Q; c++) mpz_clear(nxt[c]);
    free(nxt);
    mpz_clear(b);
    return 0;
}

/* One weighted quota over the part's players, by weight types. */
static ent_status_t count_types(const ent_i_node_t *L, size_t n, pstat_t *s, ent_error_t *err)
{
    size_t m = s->m;
    unsigned char *in = calloc(n ? n : 1, 1);
    int64_t *wt = malloc((m ? m : 1) * sizeof *wt);
    size_t *mt = malloc((m ? m : 1) * sizeof *mt);
    size_t Q = (size_t)L->quota + 1;
    mpz_t *cnt = malloc((m + 1) * Q * sizeof *cnt);
    if (!in || !wt || !mt || !cnt) {
        free(in); free(wt); free(mt); free(cnt);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < m; j++) in[s->pl[j]] = 1;
    long T = leaf_types(L, n, in, wt, mt);
    for (size_t c = 0; c < (m + 1) * Q; c++) mpz_init(cnt[c]);
    ent_status_t rc = ENT_OK;
    if (types_dp(wt, mt, T, -1, L->quota, m, cnt)) rc = ENT_ENOMEM;
    for (size_t k = 0; k <= m && !rc; k++) mpz_set(s->win[k], cnt[k * Q + (size_t)L->quota]);
    for (long t = 0; t < T && !rc; t++) {
        if (types_dp(wt, mt, T, t, L->quota, m, cnt)) { rc = ENT_ENOMEM; break; }
        int64_t w0 = L->quota - wt[t] > 0 ? L->quota - wt[t] : 0;
        for (size_t k = 0; k < m; k++)
            for (int64_t w = w0; w < L->quota; w++) mpz_add(s->sw[(size_t)t * m + k], s->sw[(size_t)t * m + k], cnt[k * Q + (size_t)w]);
    }
    for (size_t j = 0; j < m; j++) {
        long t = 0;
        while (wt[t] != L->w[s->pl[j]]) t++;
        s->cls[j] = (size_t)t;
    }
    if (!rc && T == 1) {
        /* equal weights: the minimal winning coalitions are those of ceil(q/w) members */
        size_t k0 = (size_t)((L->quota + wt[0] - 1) / wt[0]);
        if (pstat_alloc_mw(s)) rc = ENT_ENOMEM;
        else if (k0 >= 1 && k0 <= m) {
            mpz_bin_uiui(s->mw[k0], (unsigned long)m, (unsigned long)k0);
            mpz_bin_uiui(s->mwi[k0], (unsigned long)(m - 1), (unsigned long)(k0 - 1));
        }
    }
    for (size_t c = 0; c < (m + 1) * Q; c++) mpz_clear(cnt[c]);
    free(cnt); free(in); free(wt); free(mt);
    if (rc) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    return ENT_OK;
}

/* ------------------------------------------------------------------ combination */

/* out[k] = sum_a x[a] y[k-a], lengths lx, ly; out has lx+ly-1 entries (initialised). */
static void convolve(const mpz_t *x, size_t lx, const mpz_t *y, size_t ly, mpz_t *out, mpz_t tmp)
{
    (void)tmp;
    for (size_t k = 0; k + 1 < lx + ly; k++) mpz_set_ui(out[k], 0);
    for (size_t a = 0; a < lx; a++) {
        if (mpz_sgn(x[a]) == 0) continue;
        for (size_t b = 0; b < ly; b++) mpz_addmul(out[a + b], x[a], y[b]);
    }
}

/* lose[k] = C(m,k) - win[k]. */
static void losing(const pstat_t *s, mpz_t *lose)
{
    for (size_t k = 0; k <= s->m; k++) {
        mpz_bin_uiui(lose[k], (unsigned long)s->m, (unsigned long)k);
        mpz_sub(lose[k], lose[k], s->win[k]);
    }
}

/* A and B (disjoint) under kind (ENT_I_AND / ENT_I_OR) into out; A and B are freed. */
static ent_status_t combine(int kind, pstat_t *A, pstat_t *B, pstat_t *out, ent_error_t *err)
{
    size_t m = A->m + B->m;
    if (pstat_alloc(out, m, A->ncls + B->ncls)) { pstat_free(A); pstat_free(B); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    mpz_t *fa = malloc((A->m + 1) * sizeof *fa), *fb = malloc((B->m + 1) * sizeof *fb), tmp;
    if (!fa || !fb) { free(fa); free(fb); pstat_free(A); pstat_free(B); pstat_free(out); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    mpz_init(tmp);
    for (size_t k = 0; k <= A->m; k++) mpz_init(fa[k]);
    for (size_t k = 0; k <= B->m; k++) mpz_init(fb[k]);
    /* the factor each side's swings meet on the other side: its winning (and) or losing (or) */
    if (kind == ENT_I_AND) {
        for (size_t k = 0; k <= A->m; k++) mpz_set(fa[k], A->win[k]);
        for (size_t k = 0; k <= B->m; k++) mpz_set(fb[k], B->win[k]);
        convolve(fa, A->m + 1, fb, B->m + 1, out->win, tmp);
    } else {
        losing(A, fa);
        losing(B, fb);
        convolve(fa, A->m + 1, fb, B->m + 1, out->win, tmp);
        for (size_t k = 0; k <= m; k++) {
            mpz_bin_uiui(tmp, (unsigned long)m, (unsigned long)k);
            mpz_sub(out->win[k], tmp, out->win[k]);
        }
    }
    for (size_t c = 0; c < A->ncls && A->m; c++) convolve(&A->sw[c * A->m], A->m, fb, B->m + 1, &out->sw[c * m], tmp);
    for (size_t c = 0; c < B->ncls && B->m; c++) convolve(&B->sw[c * B->m], B->m, fa, A->m + 1, &out->sw[(A->ncls + c) * m], tmp);
    if (A->have_mw && B->have_mw && pstat_alloc_mw(out) == 0) {
        size_t w = m + 1;
        if (kind == ENT_I_AND) {
            /* every part of S minimal winning */
            convolve(A->mw, A->m + 1, B->mw, B->m + 1, out->mw, tmp);
            for (size_t c = 0; c < A->ncls; c++) convolve(&A->mwi[c * (A->m + 1)], A->m + 1, B->mw, B->m + 1, &out->mwi[c * w], tmp);
            for (size_t c = 0; c < B->ncls; c++) convolve(&B->mwi[c * (B->m + 1)], B->m + 1, A->mw, A->m + 1, &out->mwi[(A->ncls + c) * w], tmp);
        } else {
            /* one part minimal winning, the others empty */
            for (size_t k = 0; k <= A->m; k++) mpz_add(out->mw[k], out->mw[k], A->mw[k]);
            for (size_t k = 0; k <= B->m; k++) mpz_add(out->mw[k], out->mw[k], B->mw[k]);
            for (size_t c = 0; c < A->ncls; c++)
                for (size_t k = 0; k <= A->m; k++) mpz_set(out->mwi[c * w + k], A->mwi[c * (A->m + 1) + k]);
            for (size_t c = 0; c < B->ncls; c++)
                for (size_t k = 0; k <= B->m; k++) mpz_set(out->mwi[(A->ncls + c) * w + k], B->mwi[c * (B->m + 1) + k]);
        }
    }
    for (size_t j = 0; j < A->m; j++) { out->pl[j] = A->pl[j]; out->cls[j] = A->cls[j]; }
    for (size_t j = 0; j < B->m; j++) { out->pl[A->m + j] = B->pl[j]; out->cls[A->m + j] = A->ncls + B->cls[j]; }
    for (size_t k = 0; k <= A->m; k++) mpz_clear(fa[k]);
    for (size_t k = 0; k <= B->m; k++) mpz_clear(fb[k]);
    free(fa);
    free(fb);
    mpz_clear(tmp);
    pstat_free(A);
    pstat_free(B);
    return ENT_OK;
}

/* ------------------------------------------------------------------ recursion */

static ent_status_t count_atomic(const ent_i_node_t *nd, size_t n, const unsigned char *in, pstat_t *s,
                                 ent_error_t *err)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++) m += in[k];
    int use_types = 0;
    if (nd->kind == ENT_I_LEAF) {
        plan_t pl = {0};
        plan_atomic(nd, n, in, m, &pl);
        use_types = pl.ntypes == 1;
    }
    size_t ncls = use_types ? 0 : m;
    if (use_types) {
        int64_t *wt = malloc((m ? m : 1) * sizeof *wt);
        size_t *mt = malloc((m ? m : 1) * sizeof *mt);
        if (!wt || !mt) { free(wt); free(mt); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
        ncls = (size_t)leaf_types(nd, n, in, wt, mt);
        free(wt);
        free(mt);
    }
    if (pstat_alloc(s, m, ncls)) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    size_t j = 0;
    for (size_t k = 0; k < n; k++) if (in[k]) s->pl[j++] = k;
    if (!use_types && m > 30) { pstat_free(s); return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "a part of %zu players is too large to enumerate", m); }
    ent_status_t rc = use_types ? count_types(nd, n, s, err) : count_enum(nd, s, err);
    if (rc) pstat_free(s);
    return rc;
}

static ent_status_t count_node(const ent_i_node_t *nd, size_t n, const unsigned char *in, pstat_t *s,
                               ent_error_t *err)
{
    size_t G = 0, *grp = NULL;
    if (nd->kind != ENT_I_LEAF && nd->nkids >= 2) {
        grp = malloc(nd->nkids * sizeof *grp);
        if (!grp) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
        G = group_kids(nd, n, grp);
    }
    if (G < 2) { free(grp); return count_atomic(nd, n, in, s, err); }
    unsigned char *sub = malloc(n ? n : 1);
    ent_i_node_t **kids = malloc(nd->nkids * sizeof *kids);
    if (!sub || !kids) { free(sub); free(kids); free(grp); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    ent_status_t rc = ENT_OK;
    int have = 0;
    for (size_t gi = 0; gi < G && !rc; gi++) {
        memset(sub, 0, n);
        size_t nk = 0;
        for (size_t c = 0; c < nd->nkids; c++)
            if (grp[c] == gi) { mark_players(nd->kids[c], n, sub); kids[nk++] = nd->kids[c]; }
        pstat_t part;
        if (nk == 1) rc = count_node(kids[0], n, sub, &part, err);
        else {
            /* several children sharing players: one atomic part, a node of the same kind
             * over them (borrowed children, not freed) */
            ent_i_node_t tmp = *nd;
            tmp.nkids = nk;
            tmp.kids = kids;
            rc = count_atomic(&tmp, n, sub, &part, err);
        }
        if (rc) break;
        if (!have) { *s = part; have = 1; }
        else {
            pstat_t acc = *s;
            rc = combine(nd->kind, &acc, &part, s, err);
            if (rc) have = 0;
        }
    }
    if (rc && have) pstat_free(s);
    free(sub);
    free(kids);
    free(grp);
    return rc;
}

ent_status_t ent_i_parts_counts(const ent_game_t *g, unsigned want, ent_i_counts_t *c, ent_error_t *err)
{
    size_t n = g->n;
    unsigned char *in = calloc(n ? n : 1, 1);
    if (!in) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    mark_players(g->root, n, in);
    size_t z = 0;
    for (size_t k = 0; k < n; k++) z += !in[k];
    pstat_t s;
    ent_status_t rc = count_node(g->root, n, in, &s, err);
    if (!rc && z) {
        /* players the rule never weighs: always winning (and) or never (or), never a swing */
        pstat_t nul;
        if (pstat_alloc(&nul, z, 1)) { free(in); pstat_free(&s); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
        size_t j = 0;
        for (size_t k = 0; k < n; k++) if (!in[k]) { nul.pl[j] = k; nul.cls[j] = 0; j++; }
        if (g->root->kind == ENT_I_AND)
            for (size_t k = 0; k <= z; k++) mpz_bin_uiui(nul.win[k], (unsigned long)z, (unsigned long)k);
        /* and: only its empty part is minimal; or: it never wins */
        if (pstat_alloc_mw(&nul)) { free(in); pstat_free(&nul); pstat_free(&s); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
        if (g->root->kind == ENT_I_AND) mpz_set_ui(nul.mw[0], 1);
        pstat_t acc = s;
        rc = combine(g->root->kind, &acc, &nul, &s, err);
    }
    free(in);
    if (rc) return rc;
    /* read off: swings, Shapley–Shubik numerators, winning coalitions */
    mpz_t *fac = malloc((n + 1) * sizeof *fac), t;
    mpz_t *ss = malloc((s.ncls ? s.ncls : 1) * sizeof *ss), *tot = malloc((s.ncls ? s.ncls : 1) * sizeof *tot);
    if (!fac || !ss || !tot) { free(fac); free(ss); free(tot); pstat_free(&s); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    mpz_init(t);
    for (size_t k = 0; k <= n; k++) { mpz_init(fac[k]); mpz_fac_ui(fac[k], (unsigned long)k); }
    int want_ss = (ent_i_index_needs(want) & ENT_I_NEED_BY_SIZE) != 0;
    for (size_t cl = 0; cl < s.ncls; cl++) {
        mpz_inits(ss[cl], tot[cl], NULL);
        for (size_t k = 0; k < n; k++) {
            const mpz_t *v = &s.sw[cl * n + k];
            if (mpz_sgn(*v) == 0) continue;
            mpz_add(tot[cl], tot[cl], *v);
            if (want_ss) { mpz_mul(t, fac[k], fac[n - 1 - k]); mpz_addmul(ss[cl], t, *v); }
        }
    }
    mpz_set_ui(c->winning, 0);
    for (size_t k = 0; k <= n; k++) mpz_add(c->winning, c->winning, s.win[k]);
    for (size_t j = 0; j < n; j++) {
        mpz_set(c->swings[s.pl[j]], tot[s.cls[j]]);
        if (want_ss) mpz_set(c->ss_num[s.pl[j]], ss[s.cls[j]]);
    }
    c->have_ss = want_ss;
    if (s.have_mw && (ent_i_index_needs(want) & ENT_I_NEED_MWC)) {
        /* minimal winning: count, per player, and Deegan–Packel's sum of 1/|S| */
        mpq_t q;
        mpq_init(q);
        mpz_set_ui(c->minwin, 0);
        for (size_t k = 0; k <= n; k++) mpz_add(c->minwin, c->minwin, s.mw[k]);
        for (size_t j = 0; j < n; j++) {
            size_t cl = s.cls[j], i = s.pl[j];
            mpz_set_ui(c->mwc[i], 0);
            mpq_set_ui(c->dp[i], 0, 1);
            for (size_t k = 1; k <= n; k++) {
                const mpz_t *v = &s.mwi[cl * (n + 1) + k];
                if (mpz_sgn(*v) == 0) continue;
                mpz_add(c->mwc[i], c->mwc[i], *v);
                mpq_set_z(q, *v);
                mpz_mul_ui(mpq_denref(q), mpq_denref(q), (unsigned long)k);
                mpq_canonicalize(q);
                mpq_add(c->dp[i], c->dp[i], q);
            }
        }
        mpq_clear(q);
        c->have_mwc = 1;
    }
    for (size_t cl = 0; cl < s.ncls; cl++) mpz_clears(ss[cl], tot[cl], NULL);
    for (size_t k = 0; k <= n; k++) mpz_clear(fac[k]);
    mpz_clear(t);
    free(fac); free(ss); free(tot);
    pstat_free(&s);
    return ENT_OK;
}
