/* SPDX-License-Identifier: MIT */
/* wdp.c — exact power indices of a single-quota weighted game [q; w1..wn] by generating
 * functions (docs/power.md, "weighted games").
 *
 * References: Brams & Affuso (1976) and Mann & Shapley (1962) for the generating-function
 * counts; Uno (2012), "Efficient computation of power indices for weighted majority games",
 * for computing the full product once and removing each player from it.
 * Preparation: players of weight 0 are set aside (dummies; counts are multiplied by 2^z),
 * weights and quota are divided by their gcd (quota rounded up), and Banzhaf and
 * Shapley–Shubik count on the smaller side: with Q = min(q, W - q + 1) the swing counts of
 * the game and of its dual are equal (a coalition and its complement swap roles).
 * Banzhaf: c(x) = #{S : w(S) = x} for x < Q (the product prod_i (1 + z^{w_i}) truncated),
 *   O(nQ) time, O(Q) memory; prefix sums P; player i's swings are the coefficients of
 *   c/(1 + z^{w_i}) on [Q - w_i, Q - 1], which telescope to the alternating sum
 *   sum_j (-1)^j (P(Q-1-j w_i) - P(Q-1-(j+1) w_i)): O(Q / w_i) per player, O(nQ) in all.
 * Shapley–Shubik: the same with the coalition size as a second dimension, c(k, x):
 *   O(n^2 Q) time, O(nQ) memory; per player O(n Q / w_i).
 * Minimal winning coalitions (Holler, Deegan–Packel) and Johnston: players sorted by weight
 *   (heaviest first). In a winning S with excess e = w(S) - q the critical members are those
 *   heavier than e: a prefix of S in that order. S is split at its lightest critical member m
 *   into A (heavier members, all critical), m, and B (members after m, all of weight <= e).
 *   For each m a table G_m(a) counts the admissible B for a given w(A); prefix tables of A by
 *   size and weight, with each earlier player removed in turn, give the counts per player
 *   and per number of critical players. O(n^3 q) time, O(n q) memory. MWC are the case B
 *   empty.
 * Counts are exact: unsigned __int128 with wrap-around (exact since every count is at most
 *   2^n) when n <= 126; above, Banzhaf is computed modulo ceil((n+2)/31) primes below 2^31
 *   (uint32 passes, 16 lanes with AVX-512 or 8 with AVX2, reduced as min(s, s - p); the
 *   primes interleaved over ent_power_opts_t.threads threads) and recovered by the Chinese
 *   remainder theorem: O(n Q (n/31)) lane operations, O(Q) memory per thread. Shapley–Shubik
 *   likewise (also below 126 players when the 128-bit table would exceed 64 MiB), two
 *   players per pass over each row of the table: O(n^2 Q (n/31)) lane operations; memory per
 *   thread sum_{k<K} (Q - S[k]) residues (K: rows, the largest size of a coalition lighter
 *   than Q; row k stored from S[k], the k lightest weights: about 2/3 of K Q), the prefix
 *   sums by a vector scan, the alternating sums row by row.
 *   The estimate (ent_i_wdp_estimate) is processor time from the cells actually touched. Holler, Deegan–Packel and Johnston are refused
 *   above 126 players by the estimate in power.c.
 * Progress (phase "dp", units: DP element steps as in the estimate): ticked from the calling
 *   thread after each player's pass of a table (every prime pass has one job per thread: the
 *   calling thread's job ticks, the worker reads the stop flag between its players). A stop
 *   returns ENT_EINTR and discards every count; the counts never depend on the thread count.
 */
#include "game/game_i.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef ent_i_u128 u128;

typedef struct {
    size_t n, m, z;          /* players, positive-weight players, zero-weight players */
    size_t *idx;             /* m game indices of the positive players */
    int64_t *w;              /* m reduced weights */
    int64_t q, W;            /* reduced quota and total */
    int threads;             /* threads of the modular passes (>= 1) */
} wgame_t;

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) { int64_t t = a % b; a = b; b = t; }
    return a;
}

static int prepare(const ent_game_t *g, wgame_t *wg)
{
    const ent_i_node_t *L = g->root;
    memset(wg, 0, sizeof *wg);
    wg->n = g->n;
    wg->idx = malloc((g->n ? g->n : 1) * sizeof *wg->idx);
    wg->w = malloc((g->n ? g->n : 1) * sizeof *wg->w);
    if (!wg->idx || !wg->w) return -1;
    int64_t gg = 0;
    for (size_t k = 0; k < g->n; k++)
        if (L->w[k] > 0) { wg->idx[wg->m] = k; wg->w[wg->m++] = L->w[k]; gg = gcd64(L->w[k], gg); }
    wg->z = g->n - wg->m;
    if (gg < 1) gg = 1;
    wg->W = 0;
    for (size_t j = 0; j < wg->m; j++) { wg->w[j] /= gg; wg->W += wg->w[j]; }
    wg->q = (L->quota + gg - 1) / gg;
    /* ascending weights (ties by index): keeps the reach of the partial products small for
     * as long as possible and makes prefix sums the lightest-k bounds */
    for (size_t a = 1; a < wg->m; a++) {
        int64_t tw = wg->w[a];
        size_t ti = wg->idx[a], b = a;
        while (b > 0 && (wg->w[b - 1] > tw || (wg->w[b - 1] == tw && wg->idx[b - 1] > ti))) {
            wg->w[b] = wg->w[b - 1];
            wg->idx[b] = wg->idx[b - 1];
            b--;
        }
        wg->w[b] = tw;
        wg->idx[b] = ti;
    }
    return 0;
}

static void wg_free(wgame_t *wg)
{
    free(wg->idx);
    free(wg->w);
}

/* Shapley–Shubik modulo primes above 126 players, or when the 128-bit table of counts by
 * size and weight would exceed 64 MiB (4 bytes per residue instead of 16). */
static int ss_modular(const wgame_t *wg, int64_t Q)
{
    return wg->m > 126 || (double)(wg->m + 1) * (double)Q * 16.0 > 64.0 * 1048576.0;
}

/* Processor time of the modular passes, in nanoseconds per unit, fitted on this project's
 * build machine (AMD EPYC, AVX-512, 3 Dec 2026; `build/bench/bench_power 0` prints estimate
 * against measured processor time for several n and both indices, to re-check):
 * a cell-prime of the Banzhaf product (in cache: compute bound), a cell-prime of the
 * size-by-weight table (larger than the caches), a cell-prime of the scalar prefix sums
 * (Banzhaf) and of the vector prefix scan (the table), a step of the per-player alternating
 * sums (Banzhaf: one 64-bit remainder; the table: strided reads, comparisons). */
#define ENT_I_NS_BZ_CELL 0.065
#define ENT_I_NS_SS_CELL 0.18
#define ENT_I_NS_PREFIX 1.0
#define ENT_I_NS_ALT 8.0
#define ENT_I_NS_SS_PREFIX 0.3
#define ENT_I_NS_SS_ALT 3.0

/* Cells the modular product touches: sum over players of (reach - w + 1), players ascending. */
static double banzhaf_cells(const wgame_t *wg, int64_t Q)
{
    double cells = 0;
    int64_t reach = 0;
    for (size_t j = 0; j < wg->m; j++) {
        reach = reach + wg->w[j] < Q - 1 ? reach + wg->w[j] : Q - 1;
        if (reach >= wg->w[j]) cells += (double)(reach - wg->w[j] + 1);
    }
    return cells;
}

/* Cells of the size-by-weight table that the product touches (row k after player j is
 * nonzero on [S[k], S[j+1] - S[j+1-k]]), the cells it stores (row k from S[k] to Q - 1,
 * the triangle the prefix scan covers), and the steps of the alternating sums (player j,
 * row r: min(m - r, (Q - 1 - S[r]) / w_j + 1)). O(m K). */
static void shapley_cells(const wgame_t *wg, int64_t Q, double *cells, double *stored, double *alt)
{
    size_t m = wg->m, kmax = 0;
    int64_t *S = malloc((m + 1) * sizeof *S);
    *cells = *stored = *alt = INFINITY;
    if (!S) return;
    S[0] = 0;
    for (size_t j = 0; j < m; j++) S[j + 1] = S[j] + wg->w[j];
    while (kmax < m && S[kmax + 1] <= Q - 1) kmax++;
    double c = 0, x = 0, t = 0;
    for (size_t k = 0; k <= kmax; k++) t += (double)(Q - S[k]);
    for (size_t j = 0; j < m; j++) {
        int64_t v = wg->w[j];
        size_t ktop = j + 1 < kmax ? j + 1 : kmax;
        for (size_t k = ktop; k >= 1; k--) {
            int64_t lo = S[k - 1] + v, hi = S[j] - S[j - (k - 1)] + v;
            if (hi > Q - 1) hi = Q - 1;
            if (hi >= lo) c += (double)(hi - lo + 1);
        }
        for (size_t r = 0; r <= kmax && r < m; r++) {
            double steps = floor((double)(Q - 1 - S[r]) / (double)v) + 1;
            x += steps < (double)(m - r) ? steps : (double)(m - r);
        }
    }
    free(S);
    *cells = c;
    *stored = t;
    *alt = x;
}

int ent_i_wdp_estimate(const ent_game_t *g, unsigned want, double *ops, double *bytes)
{
    if (!g->root || g->root->kind != ENT_I_LEAF) return 0;
    wgame_t wg;
    if (prepare(g, &wg)) { wg_free(&wg); *ops = INFINITY; *bytes = INFINITY; return 1; }
    double m = (double)wg.m, q = (double)wg.q;
    int64_t Qi = wg.q < wg.W - wg.q + 1 ? wg.q : wg.W - wg.q + 1;
    double Q = (double)Qi;
    double np = ceil((m + 2) / 30.9), nth = np > 1 ? 2 : 1;
    /* 128-bit product up to 126 players: ~1 ns a step; above, the modular passes */
    double o = m * Q, b = Q * 16;
    if (wg.m > 126) {
        double alt = 0;
        for (size_t j = 0; j < wg.m; j++) alt += ceil(Q / (double)wg.w[j]);
        o = np * (banzhaf_cells(&wg, Qi) * ENT_I_NS_BZ_CELL + Q * ENT_I_NS_PREFIX + alt * ENT_I_NS_ALT);
        b = Q * 4 * nth + (m + 1) * np * 4;
        o += (m + 1) * np * (5 + np / 4);   /* the Chinese remainder step */
    }
    unsigned needs = ent_i_index_needs(want);
    if (needs & ENT_I_NEED_BY_SIZE) {
        if (ss_modular(&wg, Qi)) {
            double cells, stored, alt;
            shapley_cells(&wg, Qi, &cells, &stored, &alt);
            o += np * (cells * ENT_I_NS_SS_CELL + stored * ENT_I_NS_SS_PREFIX + alt * ENT_I_NS_SS_ALT);
            o += m * m * np * (5 + np / 4);   /* Chinese remainder of every s_j(k) */
            b += stored * 4 * nth + np * m * m * 4;
        } else {
            o += m * m * Q / 2;
            b += (m + 1) * Q * 16;
        }
    }
    if (needs & (ENT_I_NEED_MWC | ENT_I_NEED_JOHNSTON)) {
        if (wg.m > 126) { o = INFINITY; b = INFINITY; }
        else { o += m * m * m * q / 2 + m * m * q; b += (2 * (m + 1) + m) * q * 16; }
    }
    wg_free(&wg);
    *ops = o;
    *bytes = b;
    return 1;
}

/* ---------------------------------------------------------------- Banzhaf */

static ent_status_t banzhaf_u128(const wgame_t *wg, int64_t Q, ent_i_ticker_t *tk, u128 *swings, u128 *losingQ,
                                 ent_error_t *err)
{
    size_t m = wg->m;
    u128 *c = calloc((size_t)Q, sizeof *c);
    if (!c) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%lld counts)", (long long)Q);
    c[0] = 1;
    int64_t reach = 0;
    for (size_t j = 0; j < m; j++) {
        int64_t v = wg->w[j];
        reach = reach + v < Q - 1 ? reach + v : Q - 1;
        for (int64_t x = reach; x >= v; x--) c[x] += c[x - v];
        if (ent_i_tick(tk, (double)(reach + 1))) { free(c); return ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted"); }
    }
    for (int64_t x = 1; x < Q; x++) c[x] += c[x - 1];   /* prefix sums */
    *losingQ = c[Q - 1];
    for (size_t j = 0; j < m; j++) {
        int64_t v = wg->w[j];
        u128 s = 0;
        int sign = 1;
        for (int64_t hi = Q - 1; hi >= 0; hi -= v, sign = -sign) {
            int64_t lo = hi - v;
            u128 d = c[hi] - (lo >= 0 ? c[lo] : 0);
            s = sign > 0 ? s + d : s - d;
        }
        swings[j] = s;
    }
    free(c);
    return ENT_OK;
}

/* Above 126 players: the same DP modulo r primes p < 2^31 (product > 2^(m+1), so every
 * count is recovered exactly by the Chinese remainder theorem). Each prime is an
 * independent pass over a uint32 array of Q entries, vectorized (8 lanes) and shared among
 * threads (primes interleaved). Time O(r n Q / lanes), memory O(Q) per thread. */
/* dst[i] += src[i] (mod p) for i = len-1 down to 0, every residue below p < 2^31. Descending
 * blocks: with src = dst - v (the in-place product step c[x] += c[x - v]) every block loads
 * its sources before any lower cell is written, so only old values are read; with src a
 * different row the order does not matter. The reduction is min(s, s - p) (unsigned: s - p
 * wraps above s when s < p), three vector operations per 16 (AVX-512) or 8 (AVX2) lanes;
 * the kernel is picked at run time, so one binary serves every x86-64 processor. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("avx512f")))
static void addmod_desc_512(uint32_t *dst, const uint32_t *src, int64_t len, uint32_t p)
{
    __m512i pv = _mm512_set1_epi32((int)p);
    int64_t i = len;
    /* scalar cells at the top until dst + i is 64-byte aligned (aligned stores) */
    for (; i > 0 && ((uintptr_t)(dst + i) & 63); i--) {
        uint32_t t = dst[i - 1] + src[i - 1];
        dst[i - 1] = t >= p ? t - p : t;
    }
    for (; i >= 32; i -= 32) {
        __m512i s1 = _mm512_add_epi32(_mm512_load_si512(dst + i - 16), _mm512_loadu_si512(src + i - 16));
        __m512i s0 = _mm512_add_epi32(_mm512_load_si512(dst + i - 32), _mm512_loadu_si512(src + i - 32));
        _mm512_store_si512(dst + i - 16, _mm512_min_epu32(s1, _mm512_sub_epi32(s1, pv)));
        _mm512_store_si512(dst + i - 32, _mm512_min_epu32(s0, _mm512_sub_epi32(s0, pv)));
    }
    for (; i >= 16; i -= 16) {
        __m512i s = _mm512_add_epi32(_mm512_loadu_si512(dst + i - 16), _mm512_loadu_si512(src + i - 16));
        _mm512_storeu_si512(dst + i - 16, _mm512_min_epu32(s, _mm512_sub_epi32(s, pv)));
    }
    for (; i > 0; i--) {
        uint32_t t = dst[i - 1] + src[i - 1];
        dst[i - 1] = t >= p ? t - p : t;
    }
}

__attribute__((target("avx2")))
static void addmod_desc_256(uint32_t *dst, const uint32_t *src, int64_t len, uint32_t p)
{
    __m256i pv = _mm256_set1_epi32((int)p);
    int64_t i = len;
    for (; i >= 8; i -= 8) {
        __m256i s = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(dst + i - 8)),
                                     _mm256_loadu_si256((const __m256i *)(src + i - 8)));
        _mm256_storeu_si256((__m256i *)(dst + i - 8), _mm256_min_epu32(s, _mm256_sub_epi32(s, pv)));
    }
    for (; i > 0; i--) {
        uint32_t t = dst[i - 1] + src[i - 1];
        dst[i - 1] = t >= p ? t - p : t;
    }
}
#endif

static void addmod_desc(uint32_t *dst, const uint32_t *src, int64_t len, uint32_t p)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f")) { addmod_desc_512(dst, src, len, p); return; }
    if (__builtin_cpu_supports("avx2")) { addmod_desc_256(dst, src, len, p); return; }
#endif
    for (int64_t i = len; i > 0; i--) {
        uint32_t t = dst[i - 1] + src[i - 1];
        dst[i - 1] = t >= p ? t - p : t;
    }
}

/* dst[i] += a[i] + b[i] + c[i] (mod p), i in [0, len): four different arrays or rows (the
 * size-by-weight product step for two players at once, below). One pass over dst instead of
 * two: the table is far larger than the caches, so the pass is bound by memory traffic. */
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512f")))
static void addmod3_512(uint32_t *dst, const uint32_t *a, const uint32_t *b, const uint32_t *c, int64_t len,
                        uint32_t p)
{
    __m512i pv = _mm512_set1_epi32((int)p);
    int64_t i = 0;
    /* scalar cells until dst + i is 64-byte aligned: an unaligned 64-byte store spans two
     * cache lines (the sources stay unaligned: their shifts are arbitrary) */
    for (; i < len && ((uintptr_t)(dst + i) & 63); i++) {
        uint32_t t = dst[i] + a[i];
        t = t >= p ? t - p : t;
        t += b[i];
        t = t >= p ? t - p : t;
        t += c[i];
        dst[i] = t >= p ? t - p : t;
    }
    for (; i + 16 <= len; i += 16) {
        __m512i s = _mm512_add_epi32(_mm512_loadu_si512(dst + i), _mm512_loadu_si512(a + i));
        s = _mm512_min_epu32(s, _mm512_sub_epi32(s, pv));
        s = _mm512_add_epi32(s, _mm512_loadu_si512(b + i));
        s = _mm512_min_epu32(s, _mm512_sub_epi32(s, pv));
        s = _mm512_add_epi32(s, _mm512_loadu_si512(c + i));
        _mm512_store_si512(dst + i, _mm512_min_epu32(s, _mm512_sub_epi32(s, pv)));
    }
    for (; i < len; i++) {
        uint32_t t = dst[i] + a[i];
        t = t >= p ? t - p : t;
        t += b[i];
        t = t >= p ? t - p : t;
        t += c[i];
        dst[i] = t >= p ? t - p : t;
    }
}
#endif

static void addmod3(uint32_t *dst, const uint32_t *a, const uint32_t *b, const uint32_t *c, int64_t len, uint32_t p)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f")) { addmod3_512(dst, a, b, c, len, p); return; }
#endif
    addmod_desc(dst, a, len, p);
    addmod_desc(dst, b, len, p);
    addmod_desc(dst, c, len, p);
}

/* row[x] = row[0] + ... + row[x] (mod p), x in [0, len): the prefix sums of a table row.
 * AVX-512: an in-register scan of 16 lanes (shifts by 1, 2, 4, 8 lanes, each reduced as
 * min(s, s - p)) plus the carry of the block below, broadcast from its last lane; the scalar
 * loop's chain of dependent add/compare/select costs about 1 ns a cell, the scan about 4
 * times less. */
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512f")))
static void prefix_mod_512(uint32_t *row, int64_t len, uint32_t p)
{
    __m512i pv = _mm512_set1_epi32((int)p), zero = _mm512_setzero_si512(), carry = zero;
    __m512i top = _mm512_set1_epi32(15);
    int64_t i = 0;
    for (; i + 16 <= len; i += 16) {
        __m512i s = _mm512_loadu_si512(row + i);
        s = _mm512_add_epi32(s, _mm512_alignr_epi32(s, zero, 15));
        s = _mm512_min_epu32(s, _mm512_sub_epi32(s, pv));
        s = _mm512_add_epi32(s, _mm512_alignr_epi32(s, zero, 14));
        s = _mm512_min_epu32(s, _mm512_sub_epi32(s, pv));
        s = _mm512_add_epi32(s, _mm512_alignr_epi32(s, zero, 12));
        s = _mm512_min_epu32(s, _mm512_sub_epi32(s, pv));
        s = _mm512_add_epi32(s, _mm512_alignr_epi32(s, zero, 8));
        s = _mm512_min_epu32(s, _mm512_sub_epi32(s, pv));
        s = _mm512_add_epi32(s, carry);
        s = _mm512_min_epu32(s, _mm512_sub_epi32(s, pv));
        _mm512_storeu_si512(row + i, s);
        carry = _mm512_permutexvar_epi32(top, s);
    }
    uint32_t c = i ? row[i - 1] : 0;
    for (; i < len; i++) {
        uint32_t t = row[i] + c;
        c = t >= p ? t - p : t;
        row[i] = c;
    }
}
#endif

static void prefix_mod(uint32_t *row, int64_t len, uint32_t p)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f")) { prefix_mod_512(row, len, p); return; }
#endif
    uint32_t c = 0;
    for (int64_t i = 0; i < len; i++) {
        uint32_t t = row[i] + c;
        c = t >= p ? t - p : t;
        row[i] = c;
    }
}

/* c[x] += c[x - v] (mod p) for x = hi down to lo */
static void add_shift_mod(uint32_t *c, int64_t lo, int64_t hi, int64_t v, uint32_t p)
{
    addmod_desc(c + lo, c + lo - v, hi - lo + 1, p);
}

typedef struct {
    const wgame_t *wg;
    int64_t Q;
    const uint32_t *primes;
    size_t first, step, nprimes;
    uint32_t *res;       /* nprimes * (m + 1): swings then the losing count, per prime */
    ent_i_ticker_t *tk;  /* the calling thread's job: ticks; NULL in the worker's */
    atomic_int *stop;
    int failed;
} modjob_t;

static void *mod_worker(void *arg)
{
    modjob_t *jb = arg;
    const wgame_t *wg = jb->wg;
    size_t m = wg->m;
    int64_t Q = jb->Q;
    uint32_t *c = malloc((size_t)Q * sizeof *c);
    if (!c) { jb->failed = 1; return NULL; }
    for (size_t r = jb->first; r < jb->nprimes; r += jb->step) {
        uint32_t p = jb->primes[r];
        memset(c, 0, (size_t)Q * sizeof *c);
        c[0] = 1;
        int64_t reach = 0;
        for (size_t j = 0; j < m; j++) {
            int64_t v = wg->w[j];
            reach = reach + v < Q - 1 ? reach + v : Q - 1;
            if (reach >= v) add_shift_mod(c, v, reach, v, p);
            if (ent_i_unit_done(jb->tk, jb->stop, (double)(reach + 1) / 8.0)) { free(c); return NULL; }
        }
        for (int64_t x = 1; x < Q; x++) {
            uint32_t t = c[x] + c[x - 1];
            c[x] = t >= p ? t - p : t;
        }
        uint32_t *out = jb->res + r * (m + 1);
        out[m] = c[Q - 1];
        for (size_t j = 0; j < m; j++) {
            int64_t v = wg->w[j];
            uint64_t acc = 0;
            int sign = 1;
            for (int64_t hi = Q - 1; hi >= 0; hi -= v, sign = -sign) {
                int64_t lo = hi - v;
                uint64_t d = (uint64_t)c[hi] + p - (lo >= 0 ? c[lo] : 0);
                acc = sign > 0 ? acc + d : acc + 2ULL * p - d;
                acc %= p;
            }
            out[j] = (uint32_t)acc;
        }
    }
    free(c);
    return NULL;
}

static int is_prime32(uint32_t n)
{
    if (n < 2) return 0;
    for (uint32_t d = 2; (uint64_t)d * d <= n; d++)
        if (n % d == 0) return 0;
    return 1;
}


static ent_status_t banzhaf_modular(const wgame_t *wg, int64_t Q, ent_i_ticker_t *tk, mpz_t *swings, mpz_t losingQ,
                                    ent_error_t *err)
{
    size_t m = wg->m;
    /* primes below 2^31 until their product exceeds 2^(m+2) */
    size_t cap = m / 30 + 4, np = 0;
    uint32_t *primes = malloc(cap * sizeof *primes);
    if (!primes) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    double bits = 0;
    for (uint32_t cand = 2147483647u; bits < (double)m + 2 && np < cap; cand -= 2)
        if (is_prime32(cand)) { primes[np++] = cand; bits += log2((double)cand); }
    uint32_t *res = malloc(np * (m + 1) * sizeof *res);
    if (!res) { free(primes); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    atomic_int stop;
    atomic_init(&stop, 0);
    /* one job per thread, primes interleaved (job t takes primes t, t + nth, ...): every
     * residue is computed the same way whatever the number of threads */
    size_t nth = (size_t)(wg->threads > 1 ? wg->threads : 1);
    if (nth > np) nth = np ? np : 1;
    modjob_t *jobs = calloc(nth, sizeof *jobs);
    pthread_t *th = calloc(nth, sizeof *th);
    int *started = calloc(nth, sizeof *started), failed = 0;
    ent_status_t rc = ENT_OK;
    if (!jobs || !th || !started) { free(jobs); free(th); free(started); free(primes); free(res); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    for (size_t t = 0; t < nth; t++) {
        jobs[t].wg = wg; jobs[t].Q = Q; jobs[t].primes = primes; jobs[t].first = t; jobs[t].step = nth;
        jobs[t].nprimes = np; jobs[t].res = res; jobs[t].tk = t ? NULL : tk; jobs[t].stop = &stop; jobs[t].failed = 0;
    }
    for (size_t t = 1; t < nth; t++) started[t] = pthread_create(&th[t], NULL, mod_worker, &jobs[t]) == 0;
    mod_worker(&jobs[0]);
    for (size_t t = 1; t < nth; t++) {
        if (started[t]) pthread_join(th[t], NULL);
        else mod_worker(&jobs[t]);   /* no thread: the same primes on the calling thread */
    }
    for (size_t t = 0; t < nth; t++) failed |= jobs[t].failed;
    free(jobs); free(th); free(started);
    if (failed) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%lld residues)", (long long)Q); goto done; }
    if (atomic_load(&stop)) { rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted"); goto done; }
    /* Chinese remainder (Garner, incremental): X = X + M * ((x_r - X) * M^-1 mod p_r) */
    mpz_t M, t, pz, inv;
    mpz_inits(M, t, pz, inv, NULL);
    for (size_t v = 0; v <= m; v++) {
        mpz_ptr X = v < m ? swings[v] : losingQ;
        mpz_set_ui(X, res[v]);
        mpz_set_ui(M, primes[0]);
        for (size_t r = 1; r < np; r++) {
            mpz_set_ui(pz, primes[r]);
            mpz_set_ui(t, res[r * (m + 1) + v]);
            mpz_sub(t, t, X);
            mpz_mod(t, t, pz);
            mpz_invert(inv, M, pz);
            mpz_mul(t, t, inv);
            mpz_mod(t, t, pz);
            mpz_addmul(X, M, t);
            mpz_mul(M, M, pz);
        }
    }
    mpz_clears(M, t, pz, inv, NULL);
done:
    free(res);
    free(primes);
    return rc;
}

/* ---------------------------------------------------------------- Shapley–Shubik */

/* s[j * m + k] = swings of player j at coalition size k (k players besides j). */
static ent_status_t shapley_u128(const wgame_t *wg, int64_t Q, ent_i_ticker_t *tk, u128 *s, ent_error_t *err)
{
    size_t m = wg->m;
    /* S[k] = sum of the k lightest weights: no k-subset weighs less (players are sorted
     * ascending), so rows k with S[k] > Q-1 stay empty and row k starts at S[k]. */
    int64_t *S = malloc((m + 1) * sizeof *S);
    if (!S) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    S[0] = 0;
    for (size_t j = 0; j < m; j++) S[j + 1] = S[j] + wg->w[j];
    size_t kmax = 0;
    while (kmax < m && S[kmax + 1] <= Q - 1) kmax++;
    size_t K = kmax + 1;
    u128 *c = calloc((size_t)Q * K, sizeof *c);   /* c[k * Q + x] */
    if (!c) { free(S); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%zu x %lld counts)", K, (long long)Q); }
    c[0] = 1;
    for (size_t j = 0; j < m; j++) {
        int64_t v = wg->w[j];
        size_t ktop = j + 1 < kmax ? j + 1 : kmax;
        for (size_t k = ktop; k >= 1; k--) {
            /* src row k-1 over players 0..j-1 is nonzero on [S[k-1], S[j] - S[j-k+1]] */
            int64_t lo = S[k - 1] + v, hi = S[j] - S[j - (k - 1)] + v;
            if (hi > Q - 1) hi = Q - 1;
            u128 *dst = c + k * (size_t)Q, *src = c + (k - 1) * (size_t)Q;
            for (int64_t x = hi; x >= lo; x--) dst[x] += src[x - v];
        }
        if (ent_i_tick(tk, (double)ktop * (double)Q)) {
            free(c);
            free(S);
            return ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
        }
    }
    for (size_t k = 0; k < K; k++) {
        u128 *row = c + k * (size_t)Q;
        for (int64_t x = 1; x < Q; x++) row[x] += row[x - 1];
    }
    for (size_t j = 0; j < m; j++) {
        int64_t v = wg->w[j];
        for (size_t k = 0; k < m; k++) {
            u128 acc = 0;
            int sign = 1;
            size_t kk = k;
            for (int64_t hi = Q - 1; hi >= 0; hi -= v, sign = -sign) {
                if (kk < K) {
                    const u128 *row = c + kk * (size_t)Q;
                    int64_t lo = hi - v;
                    u128 d = row[hi] - (lo >= 0 ? row[lo] : 0);
                    acc = sign > 0 ? acc + d : acc - d;
                }
                if (kk == 0) break;
                kk--;
            }
            s[j * m + k] = acc;
        }
    }
    free(c);
    free(S);
    return ENT_OK;
}

/* Shapley–Shubik modulo primes: the same size-by-weight DP in uint32 rows (4 bytes per
 * count instead of 16), one prime per pass, passes shared by the threads; CRT as above.
 * Used above 126 players and when the 128-bit table would exceed 64 MiB. */
typedef struct {
    const wgame_t *wg;
    int64_t Q;
    const int64_t *S;
    size_t K;
    const uint32_t *primes;
    size_t first, step, nprimes;
    uint32_t *res;       /* nprimes * m * m: s_j(k) mod p */
    ent_i_ticker_t *tk;  /* the calling thread's job: ticks; NULL in the worker's */
    atomic_int *stop;
    int failed;
} ssjob_t;

/* Cells of the triangular size-by-weight table: row k holds x in [S[k], Q - 1] only (no
 * k-subset weighs less than the k lightest players), a third less than K full rows. */
static size_t ss_table_cells(const int64_t *S, size_t K, int64_t Q)
{
    size_t cells = 0;
    for (size_t k = 0; k < K; k++) cells += (size_t)(Q - S[k]);
    return cells;
}

/* The table of one thread: 2 MiB aligned and advised for transparent huge pages (fewer page
 * faults and TLB misses over a table of up to a few GiB; a hint the kernel may ignore). */
static uint32_t *ss_table_alloc(size_t cells)
{
    size_t bytes = cells * sizeof(uint32_t), align = (size_t)2 << 20;
    bytes = (bytes + align - 1) / align * align;
    void *t = NULL;
    if (posix_memalign(&t, align, bytes)) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(t, bytes, MADV_HUGEPAGE);
#endif
    return t;
}

/* Row k of the size-by-weight table after players j and j+1 (weights a <= b, ascending order)
 * from the rows before them: c'(k, x) = c(k, x) + c(k-1, x-a) + c(k-1, x-b) + c(k-2, x-a-b).
 * rows[r] + x is cell (r, x), valid for x in [S[r], Q - 1]. Rows are updated from the highest
 * k down, so rows k-1 and k-2 still hold the values before the pair. Each source row r is
 * nonzero on [S[r], S[j] - S[j-r]] (S: prefix sums of the ascending weights), which bounds
 * the three terms A, B, C (every cell read or written lies in its row's stored range, since
 * a >= w[k-2] and b >= w[k-1]); where C can be nonzero one fused pass adds the three (cells
 * outside a source's nonzero range read zeros), below lo_C A and B are added alone. */
static void ss_pair_row(uint32_t *const *rows, int64_t Q, const int64_t *S, const int64_t *w, size_t j, size_t k,
                        uint32_t p)
{
    int64_t a = w[j], b = w[j + 1];
    uint32_t *dst = rows[k], *r1 = rows[k - 1];
    int hasA = k - 1 <= j, hasC = k >= 2 && k - 2 <= j;
    int64_t loA = 0, hiA = -1, loB = 0, hiB = -1, loC = 0, hiC = -1;
    if (hasA) {
        int64_t top = S[j] - S[j - (k - 1)];
        loA = S[k - 1] + a; hiA = top + a < Q - 1 ? top + a : Q - 1;
        loB = S[k - 1] + b; hiB = top + b < Q - 1 ? top + b : Q - 1;
    }
    if (hasC) {
        int64_t top = S[j] - S[j - (k - 2)];
        loC = S[k - 2] + a + b; hiC = top + a + b < Q - 1 ? top + a + b : Q - 1;
    }
    int64_t cut = hiC >= loC ? loC : Q;   /* A and B alone below cut */
    if (hiC >= loC) {
        const uint32_t *r2 = rows[k - 2];
        if (hasA) addmod3(dst + loC, r1 + loC - a, r1 + loC - b, r2 + loC - a - b, hiC - loC + 1, p);
        else addmod_desc(dst + loC, r2 + loC - a - b, hiC - loC + 1, p);
    }
    if (hasA) {
        int64_t h = hiA < cut - 1 ? hiA : cut - 1;
        if (h >= loA) addmod_desc(dst + loA, r1 + loA - a, h - loA + 1, p);
        h = hiB < cut - 1 ? hiB : cut - 1;
        if (h >= loB) addmod_desc(dst + loB, r1 + loB - b, h - loB + 1, p);
    }
}

/* s_j(k) mod p for every player j and size k from the prefix-summed rows P:
 * s_j(k) = sum_t (-1)^t (P(k-t, x_t) - P(k-t, x_{t+1})), x_t = Q - 1 - t w_j (player j removed
 * from the product by alternating windows; rows >= K are empty). Read row by row: row r
 * gives the term t of s_j(r + t) for t = 0, 1, ... (its points x_t descend with stride w_j,
 * each read once, a pattern the prefetchers follow), and stops at the first window below
 * S[r] (the row is zero there). Per player O(sum_r min(m - r, (Q - S[r]) / w_j)). */
static void ss_alternating(const wgame_t *wg, int64_t Q, const int64_t *S, size_t K, uint32_t *const *rows,
                           uint32_t p, uint32_t *out)
{
    size_t m = wg->m;
    for (size_t j = 0; j < m; j++) {
        int64_t v = wg->w[j];
        uint32_t *acc = out + j * m;
        memset(acc, 0, m * sizeof *acc);
        for (size_t r = 0; r < K && r < m; r++) {
            const uint32_t *row = rows[r];
            int64_t s0 = S[r], x = Q - 1;
            uint32_t cur = row[x];
            for (size_t k = r; k < m; k++) {
                int64_t lo = x - v;
                uint32_t nxt = lo >= s0 ? row[lo] : 0;
                uint32_t d = cur >= nxt ? cur - nxt : cur + p - nxt;
                uint32_t a = acc[k];
                if ((k - r) & 1) acc[k] = a >= d ? a - d : a + p - d;
                else { a += d; acc[k] = a >= p ? a - p : a; }
                if (lo < s0) break;
                x = lo;
                cur = nxt;
            }
        }
    }
}

static void *ss_worker(void *arg)
{
    ssjob_t *jb = arg;
    const wgame_t *wg = jb->wg;
    size_t m = wg->m, K = jb->K;
    int64_t Q = jb->Q;
    const int64_t *S = jb->S;
    size_t cells = ss_table_cells(S, K, Q), off = 0;
    uint32_t *c = ss_table_alloc(cells);
    uint32_t **rows = malloc(K * sizeof *rows);
    if (!c || !rows) { free(c); free(rows); jb->failed = 1; return NULL; }
    /* rows[k] = c + off_k - S[k] stays inside the table: off_k >= Q > S[k] for k >= 1 */
    for (size_t k = 0; k < K; k++) { rows[k] = c + off - (size_t)S[k]; off += (size_t)(Q - S[k]); }
    for (size_t r = jb->first; r < jb->nprimes; r += jb->step) {
        uint32_t p = jb->primes[r];
        memset(c, 0, cells * sizeof *c);
        rows[0][0] = 1;
        size_t kmax = K - 1, jp = 0;
        for (; jp + 1 < m; jp += 2) {   /* two players a time: one pass over each row */
            size_t ktop = jp + 2 < kmax ? jp + 2 : kmax;
            for (size_t k = ktop; k >= 1; k--) ss_pair_row(rows, Q, S, wg->w, jp, k, p);
            if (ent_i_unit_done(jb->tk, jb->stop, 2.0 * (double)ktop * (double)Q / 8.0)) { free(c); free(rows); return NULL; }
        }
        for (; jp < m; jp++) {
            int64_t v = wg->w[jp];
            size_t ktop = jp + 1 < kmax ? jp + 1 : kmax;
            for (size_t k = ktop; k >= 1; k--) {
                int64_t lo = S[k - 1] + v, hi = S[jp] - S[jp - (k - 1)] + v;
                if (hi > Q - 1) hi = Q - 1;
                if (hi < lo) continue;
                addmod_desc(rows[k] + lo, rows[k - 1] + (lo - v), hi - lo + 1, p);
            }
            if (ent_i_unit_done(jb->tk, jb->stop, (double)ktop * (double)Q / 8.0)) { free(c); free(rows); return NULL; }
        }
        for (size_t k = 0; k < K; k++) prefix_mod(rows[k] + S[k], Q - S[k], p);
        ss_alternating(wg, Q, S, K, rows, p, jb->res + r * m * m);
    }
    free(c);
    free(rows);
    return NULL;
}

static size_t pick_primes(size_t bits_needed, uint32_t **out)
{
    size_t cap = bits_needed / 30 + 4, np = 0;
    uint32_t *primes = malloc(cap * sizeof *primes);
    if (!primes) return 0;
    double bits = 0;
    for (uint32_t cand = 2147483647u; bits < (double)bits_needed && np < cap; cand -= 2)
        if (is_prime32(cand)) { primes[np++] = cand; bits += log2((double)cand); }
    *out = primes;
    return np;
}

/* Garner's incremental CRT of residues res[r * stride + v] (r < np) into X. */
static void crt(mpz_t X, const uint32_t *res, size_t stride, size_t v, const uint32_t *primes, size_t np,
                mpz_t M, mpz_t t, mpz_t pz, mpz_t inv)
{
    mpz_set_ui(X, res[v]);
    mpz_set_ui(M, primes[0]);
    for (size_t r = 1; r < np; r++) {
        mpz_set_ui(pz, primes[r]);
        mpz_set_ui(t, res[r * stride + v]);
        mpz_sub(t, t, X);
        mpz_mod(t, t, pz);
        mpz_invert(inv, M, pz);
        mpz_mul(t, t, inv);
        mpz_mod(t, t, pz);
        mpz_addmul(X, M, t);
        mpz_mul(M, M, pz);
    }
}

static ent_status_t shapley_modular(const wgame_t *wg, int64_t Q, ent_i_ticker_t *tk, mpz_t *out, ent_error_t *err)
{
    size_t m = wg->m;
    int64_t *S = malloc((m + 1) * sizeof *S);
    uint32_t *primes = NULL, *res = NULL;
    ent_status_t rc = ENT_OK;
    if (!S) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    S[0] = 0;
    for (size_t j = 0; j < m; j++) S[j + 1] = S[j] + wg->w[j];
    size_t kmax = 0;
    while (kmax < m && S[kmax + 1] <= Q - 1) kmax++;
    size_t np = pick_primes(m + 2, &primes);
    res = np ? malloc(np * m * m * sizeof *res) : NULL;
    if (!np || !res) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    atomic_int stop;
    atomic_init(&stop, 0);
    size_t nth = (size_t)(wg->threads > 1 ? wg->threads : 1);
    if (nth > np) nth = np;
    ssjob_t *jobs = calloc(nth, sizeof *jobs);
    pthread_t *th = calloc(nth, sizeof *th);
    int *started = calloc(nth, sizeof *started), failed = 0;
    if (!jobs || !th || !started) { free(jobs); free(th); free(started); rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    for (size_t t = 0; t < nth; t++) {
        jobs[t].wg = wg; jobs[t].Q = Q; jobs[t].S = S; jobs[t].K = kmax + 1; jobs[t].primes = primes;
        jobs[t].first = t; jobs[t].step = nth; jobs[t].nprimes = np; jobs[t].res = res;
        jobs[t].tk = t ? NULL : tk; jobs[t].stop = &stop; jobs[t].failed = 0;
    }
    for (size_t t = 1; t < nth; t++) started[t] = pthread_create(&th[t], NULL, ss_worker, &jobs[t]) == 0;
    ss_worker(&jobs[0]);
    for (size_t t = 1; t < nth; t++) {
        if (started[t]) pthread_join(th[t], NULL);
        else ss_worker(&jobs[t]);
    }
    for (size_t t = 0; t < nth; t++) failed |= jobs[t].failed;
    free(jobs); free(th); free(started);
    if (failed) {
        rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (%zu x %lld residues)", kmax + 1, (long long)Q);
        goto done;
    }
    if (atomic_load(&stop)) { rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted"); goto done; }
    mpz_t M, t, pz, inv;
    mpz_inits(M, t, pz, inv, NULL);
    for (size_t v = 0; v < m * m; v++) crt(out[v], res, m * m, v, primes, np, M, t, pz, inv);
    mpz_clears(M, t, pz, inv, NULL);
done:
    free(S);
    free(primes);
    free(res);
    return rc;
}

/* ---------------------------------------------------------------- MWC and Johnston */

/* o = the positive players by weight descending, index ascending (insertion sort: m <= 126). */
static void heaviest_first(const wgame_t *wg, size_t *o)
{
    size_t m = wg->m;
    for (size_t j = 0; j < m; j++) o[j] = j;
    for (size_t a = 1; a < m; a++) {
        size_t t = o[a], b = a;
        while (b > 0 && (wg->w[o[b - 1]] < wg->w[t] || (wg->w[o[b - 1]] == wg->w[t] && o[b - 1] > t))) { o[b] = o[b - 1]; b--; }
        o[b] = t;
    }
}

/* Suffix subset counts: for f = m-1 down to 0, row f of S = prefix sums over the weight of
 * the subsets of o[f+1..m-1] (suf: q scratch counts, suf[0] = 1 on entry, others 0). */
static void suffix_tables(const wgame_t *wg, const size_t *o, u128 *S, u128 *suf)
{
    int64_t q = wg->q;
    suf[0] = 1;
    for (size_t f = wg->m; f-- > 0;) {
        u128 *row = S + f * (size_t)q;
        row[0] = suf[0];
        for (int64_t x = 1; x < q; x++) row[x] = row[x - 1] + suf[x];
        int64_t v = wg->w[o[f]];
        for (int64_t x = q - 1; x >= v; x--) suf[x] += suf[x - v];
    }
}

/* G(a), a in [0, q-1]: the admissible B (members after o[t], each lighter than the excess)
 * when A weighs a and o[t] is the lightest critical member. */
static void tail_counts(const wgame_t *wg, const size_t *o, const u128 *S, size_t t, u128 *G)
{
    size_t m = wg->m;
    int64_t q = wg->q, wm = wg->w[o[t]];
    for (int64_t a = 0; a < q; a++) {
        u128 gsum = (a >= q - wm) ? 1 : 0;
        for (size_t f = t + 1; f < m; f++) {
            int64_t wf = wg->w[o[f]];
            if (wf >= wm) continue;
            int64_t lo = q - a - wm, hi = q - a - wf - 1;
            if (hi < 0) continue;
            if (hi > q - 1) hi = q - 1;
            if (lo < 0) lo = 0;
            if (lo > hi) continue;
            const u128 *row = S + f * (size_t)q;
            gsum += row[hi] - (lo > 0 ? row[lo - 1] : 0);
        }
        G[a] = gsum;
    }
}

static ent_status_t critical_u128(const wgame_t *wg, ent_i_ticker_t *tk, u128 *JC, u128 *MS, ent_error_t *err)
{
    size_t m = wg->m, K = m + 1;
    int64_t q = wg->q;
    size_t *o = malloc(m * sizeof *o);
    u128 *P = calloc(K * (size_t)q, sizeof *P);     /* P[k*q + a] over sorted prefix */
    u128 *R = calloc(K * (size_t)q, sizeof *R);     /* P with one player removed */
    u128 *S = calloc((m + 1) * (size_t)q, sizeof *S);   /* S[f*q + x]: prefix sums of subsets of o[f+1..] */
    u128 *G = calloc((size_t)q, sizeof *G);
    u128 *suf = calloc((size_t)q, sizeof *suf);
    u128 *JS = calloc(K, sizeof *JS), *MSK = calloc(K, sizeof *MSK);
    ent_status_t rc = ENT_OK;
    if (!o || !P || !R || !S || !G || !suf || !JS || !MSK) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (critical-player tables)"); goto done; }
    heaviest_first(wg, o);
    suffix_tables(wg, o, S, suf);
    P[0] = 1;
    for (size_t t = 0; t < m; t++) {
        size_t mp = o[t];
        int64_t wm = wg->w[mp];
        tail_counts(wg, o, S, t, G);
        int64_t mlo = q - wm > 0 ? q - wm : 0;
        /* i = m itself: A = any subset of the prefix */
        for (size_t k = 0; k <= t; k++) {
            const u128 *row = P + k * (size_t)q;
            u128 jsum = 0, msum = 0;
            for (int64_t a = 0; a < q; a++) {
                if (!row[a]) continue;
                jsum += row[a] * G[a];
                if (a >= mlo) msum += row[a];
            }
            JC[mp * K + k + 1] += jsum;
            MS[mp * K + k + 1] += msum;
        }
        /* i in the prefix: remove i from P. Players of equal weight are adjacent in o and
         * give the same tables, so their sums are computed once (JS/MSK keep the last). */
        for (size_t sidx = 0; sidx < t; sidx++) {
            size_t ip = o[sidx];
            int64_t wi = wg->w[ip];
            if (sidx > 0 && wg->w[o[sidx - 1]] == wi) {
                for (size_t k = 0; k < t; k++) {
                    JC[ip * K + k + 2] += JS[k];
                    MS[ip * K + k + 2] += MSK[k];
                }
                continue;
            }
            for (size_t k = 0; k < t; k++) {
                u128 *r = R + k * (size_t)q;
                const u128 *p = P + k * (size_t)q, *rprev = k ? R + (k - 1) * (size_t)q : NULL;
                for (int64_t a = 0; a < q; a++) r[a] = p[a] - ((k && a >= wi) ? rprev[a - wi] : 0);
            }
            for (size_t k = 0; k < t; k++) {
                const u128 *r = R + k * (size_t)q;
                u128 jsum = 0, msum = 0;
                for (int64_t a = 0; a + wi < q; a++) {
                    if (!r[a]) continue;
                    jsum += r[a] * G[a + wi];
                    if (a + wi >= mlo) msum += r[a];
                }
                JC[ip * K + k + 2] += jsum;
                MS[ip * K + k + 2] += msum;
                JS[k] = jsum;
                MSK[k] = msum;
            }
        }
        /* add m to the prefix */
        for (size_t k = t + 1; k >= 1; k--) {
            u128 *dst = P + k * (size_t)q, *src = P + (k - 1) * (size_t)q;
            for (int64_t x = q - 1; x >= wm; x--) dst[x] += src[x - wm];
        }
        if (ent_i_tick(tk, (1.5 * (double)t * (double)t + (double)m) * (double)q)) {
            rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
            goto done;
        }
    }
done:
    free(o);
    free(P);
    free(R);
    free(S);
    free(G);
    free(suf);
    free(JS);
    free(MSK);
    return rc;
}

/* ---------------------------------------------------------------- driver */

/* Banzhaf swings and the winning count of the game (zero-weight players multiply by 2^z). */
static ent_status_t wdp_swings(const wgame_t *wg, int64_t Q, ent_i_ticker_t *tk, ent_i_counts_t *c, ent_error_t *err)
{
    size_t m = wg->m, n = wg->n, z = wg->z;
    ent_status_t rc = ENT_OK;
    mpz_t lq;
    mpz_init(lq);
    for (size_t k = 0; k < n; k++) mpz_set_ui(c->swings[k], 0);
    if (m <= 126) {
        u128 *sw = calloc(m ? m : 1, sizeof *sw), L = 0;
        if (!sw) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        rc = banzhaf_u128(wg, Q, tk, sw, &L, err);
        for (size_t j = 0; j < m && !rc; j++) ent_i_game_u128_to_mpz(c->swings[wg->idx[j]], sw[j]);
        ent_i_game_u128_to_mpz(lq, L);
        free(sw);
    } else {
        mpz_t *zs = malloc(m * sizeof *zs);
        if (!zs) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        for (size_t j = 0; j < m; j++) mpz_init(zs[j]);
        rc = banzhaf_modular(wg, Q, tk, zs, lq, err);
        for (size_t j = 0; j < m && !rc; j++) mpz_set(c->swings[wg->idx[j]], zs[j]);
        for (size_t j = 0; j < m; j++) mpz_clear(zs[j]);
        free(zs);
    }
    if (rc) goto done;
    if (Q != wg->q) mpz_set(c->winning, lq);   /* counted on the dual side */
    else { mpz_set_ui(c->winning, 1); mpz_mul_2exp(c->winning, c->winning, (mp_bitcnt_t)m); mpz_sub(c->winning, c->winning, lq); }
    mpz_mul_2exp(c->winning, c->winning, (mp_bitcnt_t)z);
    for (size_t k = 0; k < n; k++) mpz_mul_2exp(c->swings[k], c->swings[k], (mp_bitcnt_t)z);
done:
    mpz_clear(lq);
    return rc;
}

/* Shapley–Shubik numerators over n!: sum_k s_j(k) k! (m-1-k)!, scaled by n!/m!. */
static ent_status_t wdp_shapley(const wgame_t *wg, int64_t Q, ent_i_ticker_t *tk, ent_i_counts_t *c, ent_error_t *err)
{
    size_t m = wg->m, n = wg->n;
    ent_status_t rc = ENT_OK;
    u128 *ss = NULL;
    mpz_t *ssz = malloc((m * m + 1) * sizeof *ssz);
    if (!ssz) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t v = 0; v < m * m; v++) mpz_init(ssz[v]);
    mpz_t t, f1, f2, scale, acc;
    mpz_inits(t, f1, f2, scale, acc, NULL);
    if (ss_modular(wg, Q)) {
        rc = shapley_modular(wg, Q, tk, ssz, err);
    } else {
        ss = calloc(m * (m ? m : 1) + 1, sizeof *ss);
        if (!ss) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        rc = shapley_u128(wg, Q, tk, ss, err);
        for (size_t v = 0; v < m * m && !rc; v++) ent_i_game_u128_to_mpz(ssz[v], ss[v]);
    }
    if (rc) goto done;
    /* scale from m! to n!: multiply by n!/m! */
    mpz_fac_ui(scale, (unsigned long)n);
    mpz_fac_ui(f1, (unsigned long)m);
    mpz_divexact(scale, scale, f1);
    for (size_t k = 0; k < n; k++) mpz_set_ui(c->ss_num[k], 0);
    for (size_t j = 0; j < m; j++) {
        mpz_set_ui(acc, 0);
        for (size_t k = 0; k < m; k++) {
            if (!mpz_sgn(ssz[j * m + k])) continue;
            mpz_set(t, ssz[j * m + k]);
            mpz_fac_ui(f1, (unsigned long)k);
            mpz_fac_ui(f2, (unsigned long)(m - 1 - k));
            mpz_mul(f1, f1, f2);
            mpz_addmul(acc, t, f1);
        }
        mpz_mul(c->ss_num[wg->idx[j]], acc, scale);
    }
    c->have_ss = 1;
done:
    mpz_clears(t, f1, f2, scale, acc, NULL);
    for (size_t v = 0; v < m * m; v++) mpz_clear(ssz[v]);
    free(ssz);
    free(ss);
    return rc;
}

/* Minimal winning coalitions per player, the Deegan–Packel sums, the Johnston sums and the
 * number of minimal winning coalitions, from the critical-player tables (m <= 126). */
static ent_status_t wdp_critical(const wgame_t *wg, ent_i_ticker_t *tk, ent_i_counts_t *c, ent_error_t *err)
{
    size_t m = wg->m, n = wg->n, z = wg->z, K = m + 1;
    if (m > 126) return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "exact minimal-winning and Johnston counts are limited to 126 players of positive weight");
    u128 *JC = calloc(m * K + 1, sizeof *JC), *MS = calloc(m * K + 1, sizeof *MS);
    ent_status_t rc = ENT_OK;
    if (!JC || !MS) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    rc = critical_u128(wg, tk, JC, MS, err);
    if (rc) goto done;
    mpz_t t, kz;
    mpq_t qv;
    mpz_inits(t, kz, NULL);
    mpq_init(qv);
    for (size_t k = 0; k < n; k++) { mpz_set_ui(c->mwc[k], 0); mpq_set_ui(c->dp[k], 0, 1); mpq_set_ui(c->johnston[k], 0, 1); }
    for (size_t j = 0; j < m; j++) {
        size_t gi = wg->idx[j];
        u128 mw = 0;
        for (size_t k = 1; k < K; k++) {
            mpz_set_ui(kz, (unsigned long)k);
            if (MS[j * K + k]) {
                mw += MS[j * K + k];
                ent_i_game_u128_to_mpz(t, MS[j * K + k]);
                mpq_set_z(qv, t);
                mpq_set_den(qv, kz);
                mpq_canonicalize(qv);
                mpq_add(c->dp[gi], c->dp[gi], qv);
            }
            if (JC[j * K + k]) {
                ent_i_game_u128_to_mpz(t, JC[j * K + k]);
                mpz_mul_2exp(t, t, (mp_bitcnt_t)z);
                mpq_set_z(qv, t);
                mpq_set_den(qv, kz);
                mpq_canonicalize(qv);
                mpq_add(c->johnston[gi], c->johnston[gi], qv);
            }
        }
        ent_i_game_u128_to_mpz(c->mwc[gi], mw);
    }
    /* number of MWC = sum over sizes of (incidences of size k) / k */
    mpz_set_ui(c->minwin, 0);
    for (size_t k = 1; k < K; k++) {
        u128 inc = 0;
        for (size_t j = 0; j < m; j++) inc += MS[j * K + k];
        if (!inc) continue;
        ent_i_game_u128_to_mpz(t, inc);
        mpz_divexact_ui(t, t, (unsigned long)k);
        mpz_add(c->minwin, c->minwin, t);
    }
    mpq_clear(qv);
    mpz_clears(t, kz, NULL);
    c->have_mwc = 1;
    c->have_johnston = 1;
done:
    free(JC);
    free(MS);
    return rc;
}

ent_status_t ent_i_wdp_counts(const ent_game_t *g, unsigned want, int threads, const ent_progress_t *progress,
                              ent_i_counts_t *c, ent_error_t *err)
{
    wgame_t wg;
    ent_status_t rc = ENT_OK;
    if (prepare(g, &wg)) { wg_free(&wg); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    wg.threads = threads;
    double ops = 0, bytes = 0;
    ent_i_ticker_t tk;
    if (progress && progress->fn) ent_i_wdp_estimate(g, want, &ops, &bytes);
    ent_i_ticker_init(&tk, progress, "dp", ops, 65536.0);
    int64_t Q = wg.q < wg.W - wg.q + 1 ? wg.q : wg.W - wg.q + 1;
    unsigned needs = ent_i_index_needs(want);
    rc = wdp_swings(&wg, Q, &tk, c, err);
    if (!rc && (needs & ENT_I_NEED_BY_SIZE)) rc = wdp_shapley(&wg, Q, &tk, c, err);
    if (!rc && (needs & (ENT_I_NEED_MWC | ENT_I_NEED_JOHNSTON))) rc = wdp_critical(&wg, &tk, c, err);
    wg_free(&wg);
    return rc;
}
