/* SPDX-License-Identifier: MIT */
/* enum.c — structured enumeration: the winning set of any rule as a bitmap of all 2^n
 * coalitions, and every power index's raw counts read off it with word-parallel bit
 * operations (docs/power.md, "enumeration").
 *
 * Build: players are split into the low b = min(n, 12) and the high n-b. For each leaf the
 * 2^b low partial sums are sorted and their superlevel sets stored as bitmaps (at most 2^b
 * sets of 2^b bits); for each high part a binary search per leaf picks the set of low parts
 * that reach the leaf's quota, and the and/or tree is evaluated on those 2^b/64 words.
 * Time O(2^(n-b) * leaves * (b + 2^b/64) + leaves * 4^b/64), memory 2^n bits + leaves *
 * 4^b/8 bytes (2 MiB per leaf at b = 12).
 * Bit order (ent_i_enum_counts): bit k is player perm[k], the players sorted by their summed
 * weight shares over the leaves, lightest first, so the six lightest share a word. A word's
 * 64 lanes then differ by little weight and mostly win or lose together, and the coalitions
 * near the quotas (the only ones with critical members) fill fewer words: EU27 Lisbon QMV has
 * about 0.4 M of its 2 M words with a critical lane (41 such lanes each) against over 1 M
 * (9 each) in player order, and all indices take 0.25 s instead of 0.73 s. Counts are mapped back through perm, so
 * every result is the same as in player order. (ent_i_bitmap_build keeps player order.)
 * Counts: coalition x holds the player of bit k when bit k of x is set; word W holds
 * x = 64W..64W+63.
 * One pass over the bitmap in chunks: for each player i the word of coalitions in which i is
 * critical (i < 6: a shift inside the word; i >= 6: the word W ^ 2^(i-6)); a critical i in y
 * is a swing for y - i, counted by size with 7 masked popcounts (lanes by popcount);
 * minimal winning lanes are those where every member is critical; Johnston counts the
 * critical members of each lane (branch-free 5-bit vertical counters), groups the lanes by
 * that count (masks E_k, one per distinct count in the word) and adds popcount(crit_i & E_k)
 * to cell (i, k). Rows of critical words are built branch-free per chunk of CH words.
 * O(2^n/64 * n * (8 + distinct counts per word)) time. Limit: n <= 30 (128 MiB bitmap),
 * checked by the caller.
 * Threads and progress: both passes split their range into equal parts, one per thread
 * (ent_power_opts_t.threads; the calling thread takes the first). Only the calling thread
 * ticks the progress callback (every
 * 16 high parts of the build, every 4 chunks of the count: 2^16 coalitions); on a stop it
 * raises an atomic flag that the worker reads between its own units, and the whole result is
 * discarded. The counts are integer sums over disjoint ranges, so they do not depend on the
 * number of threads.
 */
#include "game/game_i.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define LOWB 12

/* The kernels count bits: on x86-64 they are also compiled for x86-64-v3 (hardware popcnt,
 * AVX2) and the best version is chosen when the program starts. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define ENT_I_HOT __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define ENT_I_HOT
#endif

typedef struct {
    int kind;           /* ENT_I_LEAF / AND / OR */
    size_t leaf;        /* leaf number */
    size_t nkids;
    size_t kid0;        /* children: prog[kid0 .. kid0+nkids-1] are indices into nodes */
} flat_t;

typedef struct {
    const ent_i_node_t **leaves;
    size_t nleaves;
} leaves_t;

static void collect_leaves(const ent_i_node_t *nd, leaves_t *lv)
{
    if (nd->kind == ENT_I_LEAF) { lv->leaves[lv->nleaves++] = nd; return; }
    for (size_t i = 0; i < nd->nkids; i++) collect_leaves(nd->kids[i], lv);
}

/* Evaluate the tree on blocks of `nw` words: block[j] points to leaf j's words. */
static void eval_block(const ent_i_node_t *nd, const uint64_t *const *block, size_t *next_leaf, size_t nw,
                       uint64_t *out, uint64_t *scratch)
{
    if (nd->kind == ENT_I_LEAF) { memcpy(out, block[(*next_leaf)++], nw * sizeof *out); return; }
    int and = nd->kind == ENT_I_AND;
    for (size_t w = 0; w < nw; w++) out[w] = and ? ~(uint64_t)0 : 0;
    for (size_t i = 0; i < nd->nkids; i++) {
        eval_block(nd->kids[i], block, next_leaf, nw, scratch, scratch + nw);
        for (size_t w = 0; w < nw; w++) out[w] = and ? (out[w] & scratch[w]) : (out[w] | scratch[w]);
    }
}

static size_t tree_depth(const ent_i_node_t *nd)
{
    size_t d = 0;
    for (size_t i = 0; i < nd->nkids; i++) {
        size_t k = tree_depth(nd->kids[i]);
        if (k > d) d = k;
    }
    return d + 1;
}

void ent_i_bitmap_free(ent_i_bitmap_t *bm)
{
    if (!bm) return;
    free(bm->win);
    bm->win = NULL;
}

static uint64_t valid_mask(size_t n)
{
    return n >= 6 ? ~(uint64_t)0 : ((((uint64_t)1) << (1u << n)) - 1);
}

typedef struct {
    size_t nvals;        /* distinct low sums */
    int64_t *val;        /* ascending */
    uint64_t *sets;      /* (nvals + 1) blocks of wpb words: block r = patterns with sum >= val[r]
                          * (block nvals: empty set) */
} superlevel_t;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

typedef struct {
    const ent_game_t *g;
    const leaves_t *lv;
    const superlevel_t *sl;
    const int64_t *pw;   /* nleaves * n weights, columns in bit order (pw[j*n + k]) */
    size_t b, wpb, depth;
    size_t h_begin, h_end;
    uint64_t *win;
    ent_i_ticker_t *tk;  /* the calling thread's job: ticks (NULL in the worker's job) */
    atomic_int *stop;    /* raised by the calling thread when the callback asked to stop */
    double scale;        /* progress units per coalition of this job (2: two jobs share) */
    int failed;
} buildjob_t;

/* High parts [h_begin, h_end): leaf sums of the high bits (updated from h-1 to h), one
 * binary search per leaf, and the tree on the 2^b/64 words of the block. */
static void *build_worker(void *arg)
{
    buildjob_t *jb = arg;
    size_t nl = jb->lv->nleaves, b = jb->b, wpb = jb->wpb;
    int64_t *hs = calloc(nl ? nl : 1, sizeof *hs);
    const uint64_t **block = calloc(nl ? nl : 1, sizeof *block);
    uint64_t *scratch = malloc(2 * (jb->depth + 1) * wpb * sizeof *scratch);
    if (!hs || !block || !scratch) { free(hs); free(block); free(scratch); jb->failed = 1; return NULL; }
    for (size_t j = 0; j < nl; j++)
        for (size_t k = b; k < jb->g->n; k++)
            if ((jb->h_begin >> (k - b)) & 1) hs[j] += jb->pw[j * jb->g->n + k];
    for (size_t h = jb->h_begin; h < jb->h_end; h++) {
        if (h > jb->h_begin && ((h - jb->h_begin) & 15) == 0 &&
            ent_i_unit_done(jb->tk, jb->stop, jb->scale * 16.0 * (double)((size_t)1 << b)))
            break;
        if (h > jb->h_begin) {
            size_t diff = (h - 1) ^ h;
            for (size_t j = 0; j < nl; j++)
                for (size_t d = diff; d; d &= d - 1) {
                    size_t k = b + (size_t)__builtin_ctzll(d);
                    hs[j] += ((h >> (k - b)) & 1) ? jb->pw[j * jb->g->n + k] : -jb->pw[j * jb->g->n + k];
                }
        }
        for (size_t j = 0; j < nl; j++) {
            int64_t t = jb->lv->leaves[j]->quota - hs[j];   /* need low sum >= t */
            size_t lo = 0, hi = jb->sl[j].nvals;             /* first value >= t */
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (jb->sl[j].val[mid] >= t) hi = mid;
                else lo = mid + 1;
            }
            block[j] = jb->sl[j].sets + lo * wpb;
        }
        size_t nx = 0;
        eval_block(jb->g->root, block, &nx, wpb, jb->win + h * wpb, scratch);
    }
    free(hs);
    free(block);
    free(scratch);
    return NULL;
}

/* Build: per leaf, the superlevel sets of the 2^b low partial sums as bitmaps, so that the
 * 2^b-coalition block of a high part is found by one binary search per leaf. Bit k of a
 * coalition is player perm[k] (perm NULL: player k). */
static ent_status_t bitmap_build_perm(const ent_game_t *g, const size_t *perm, ent_i_ticker_t *tk, int threads,
                                      ent_i_bitmap_t *bm, ent_error_t *err)
{
    size_t n = g->n;
    memset(bm, 0, sizeof *bm);
    if (n > 30) return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "enumeration is limited to 30 players (%zu)", n);
    bm->n = n;
    bm->nwords = n >= 6 ? ((size_t)1 << (n - 6)) : 1;
    bm->win = calloc(bm->nwords, sizeof *bm->win);
    size_t nl = ent_i_node_nleaves(g->root), depth = tree_depth(g->root);
    leaves_t lv = {calloc(nl, sizeof *lv.leaves), 0};
    size_t b = n < LOWB ? n : LOWB;
    size_t nlow = (size_t)1 << b, wpb = nlow >= 64 ? nlow / 64 : 1;
    int64_t *lowsum = malloc(nlow * sizeof *lowsum), *sorted = malloc(nlow * sizeof *sorted);
    superlevel_t *sl = calloc(nl, sizeof *sl);
    int64_t *pw = malloc((nl && n ? nl * n : 1) * sizeof *pw);
    ent_status_t rc = ENT_OK;
    if (!bm->win || !lv.leaves || !lowsum || !sorted || !sl || !pw) goto nomem;
    collect_leaves(g->root, &lv);
    for (size_t j = 0; j < nl; j++)
        for (size_t k = 0; k < n; k++) pw[j * n + k] = lv.leaves[j]->w[perm ? perm[k] : k];
    for (size_t j = 0; j < nl; j++) {
        const int64_t *w = pw + j * n;
        lowsum[0] = 0;
        for (size_t x = 1; x < nlow; x++) lowsum[x] = lowsum[x & (x - 1)] + w[__builtin_ctzll(x)];
        memcpy(sorted, lowsum, nlow * sizeof *sorted);
        qsort(sorted, nlow, sizeof *sorted, cmp_i64);
        size_t nv = 0;
        for (size_t x = 0; x < nlow; x++)
            if (!nv || sorted[x] != sorted[nv - 1]) sorted[nv++] = sorted[x];
        sl[j].nvals = nv;
        sl[j].val = malloc(nv * sizeof *sl[j].val);
        sl[j].sets = calloc((nv + 1) * wpb, sizeof *sl[j].sets);
        if (!sl[j].val || !sl[j].sets) goto nomem;
        memcpy(sl[j].val, sorted, nv * sizeof *sorted);
        /* block r = block r+1 plus the patterns whose sum is val[r] */
        for (size_t x = 0; x < nlow; x++) {
            int64_t *pos = bsearch(&lowsum[x], sl[j].val, nv, sizeof *sl[j].val, cmp_i64);
            size_t r = (size_t)(pos - sl[j].val);
            sl[j].sets[r * wpb + x / 64] |= (uint64_t)1 << (x % 64);
        }
        for (size_t r = nv; r-- > 0;)
            for (size_t w2 = 0; w2 < wpb; w2++) sl[j].sets[r * wpb + w2] |= sl[j].sets[(r + 1) * wpb + w2];
    }
    size_t nhigh = (size_t)1 << (n - b);
    uint64_t vm = valid_mask(n);
    /* the high parts in equal ranges, one per thread (at least 32 high parts each); the
     * ranges write disjoint words, so the bitmap is the same for any number of threads */
    atomic_int stop;
    atomic_init(&stop, 0);
    size_t nth = (size_t)(threads > 1 ? threads : 1);
    if (nth > nhigh / 32) nth = nhigh / 32 ? nhigh / 32 : 1;
    buildjob_t *bj = calloc(nth, sizeof *bj);
    pthread_t *th = calloc(nth, sizeof *th);
    int *started = calloc(nth, sizeof *started), failed = 0;
    if (!bj || !th || !started) { free(bj); free(th); free(started); goto nomem; }
    for (size_t k = 0; k < nth; k++)
        bj[k] = (buildjob_t){g, &lv, sl, pw, b, wpb, depth, nhigh * k / nth, nhigh * (k + 1) / nth, bm->win,
                             k ? NULL : tk, &stop, (double)nth, 0};
    for (size_t k = 1; k < nth; k++) started[k] = pthread_create(&th[k], NULL, build_worker, &bj[k]) == 0;
    build_worker(&bj[0]);
    for (size_t k = 1; k < nth; k++) {
        if (started[k]) pthread_join(th[k], NULL);
        else build_worker(&bj[k]);   /* no thread: the same range on the calling thread */
    }
    for (size_t k = 0; k < nth; k++) failed |= bj[k].failed;
    free(bj); free(th); free(started);
    if (failed) goto nomem;
    if (atomic_load(&stop)) {
        rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
        goto done;
    }
    if (n < 6) bm->win[0] &= vm;
    goto done;
nomem:
    rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (bitmap of 2^%zu coalitions)", n);
done:
    if (sl)
        for (size_t j = 0; j < nl; j++) { free(sl[j].val); free(sl[j].sets); }
    free(sl);
    free(pw);
    free(lv.leaves);
    free(lowsum);
    free(sorted);
    if (rc) ent_i_bitmap_free(bm);
    return rc;
}

ent_status_t ent_i_bitmap_build(const ent_game_t *g, ent_i_ticker_t *tk, ent_i_bitmap_t *bm, ent_error_t *err)
{
    return bitmap_build_perm(g, NULL, tk, ent_i_threads(0), bm, err);
}

/* Positions 0..63 with bit i set (i < 6). */
static uint64_t high_mask(size_t i)
{
    uint64_t m = 0;
    for (unsigned p = 0; p < 64; p++)
        if ((p >> i) & 1) m |= (uint64_t)1 << p;
    return m;
}

/* Word of coalitions x (in word W) that contain i and for which x minus i wins. */
static inline uint64_t without_wins(const uint64_t *win, size_t W, size_t i, const uint64_t *hm)
{
    if (i < 6) return (win[W] << (1u << i)) & hm[i];
    size_t bit = (size_t)1 << (i - 6);
    return (W & bit) ? win[W ^ bit] : 0;
}

static uint64_t rev64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
    x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
    x = ((x >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((x & 0x0F0F0F0F0F0F0F0FULL) << 4);
    return __builtin_bswap64(x);
}

ENT_I_HOT static ent_status_t bitmap_minimal(const ent_i_bitmap_t *bm, int blocking, ent_i_bitmap_t *out, ent_error_t *err)
{
    size_t n = bm->n, nw = bm->nwords;
    memset(out, 0, sizeof *out);
    out->n = n;
    out->nwords = nw;
    out->win = malloc(nw * sizeof *out->win);
    uint64_t *fam = blocking ? calloc(nw, sizeof *fam) : NULL;
    if (!out->win || (blocking && !fam)) {
        free(fam);
        ent_i_bitmap_free(out);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    uint64_t vm = valid_mask(n);
    const uint64_t *src = bm->win;
    if (blocking) {
        /* blk(x) = !win(full ^ x) */
        if (n >= 6) {
            for (size_t W = 0; W < nw; W++) fam[W] = ~rev64(bm->win[(nw - 1) ^ W]);
        } else {
            size_t N = (size_t)1 << n;
            uint64_t v = 0;
            for (size_t x = 0; x < N; x++)
                if (!((bm->win[0] >> ((N - 1) ^ x)) & 1)) v |= (uint64_t)1 << x;
            fam[0] = v;
        }
        if (n < 6) fam[0] &= vm;
        src = fam;
    }
    uint64_t hm[6];
    for (size_t i = 0; i < 6; i++) hm[i] = high_mask(i);
    /* player by player over the whole bitmap: sequential access to win[W] and win[W ^ 2^(i-6)] */
    for (size_t W = 0; W < nw; W++) out->win[W] = src[W] & vm;
    for (size_t i = 0; i < n; i++)
        for (size_t W = 0; W < nw; W++)
            if (out->win[W]) out->win[W] &= ~without_wins(src, W, i, hm);
    free(fam);
    return ENT_OK;
}

/* Not cloned itself: GCC gives a target_clones function with external linkage a default-
 * visibility ifunc symbol, even under -fvisibility=hidden, so libentente.so exported it. */
ent_status_t ent_i_bitmap_minimal(const ent_i_bitmap_t *bm, int blocking, ent_i_bitmap_t *out, ent_error_t *err)
{
    return bitmap_minimal(bm, blocking, out, err);
}

void ent_i_counts_init(ent_i_counts_t *c, size_t n)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    mpz_init(c->winning);
    mpz_init(c->minwin);
    c->swings = malloc((n ? n : 1) * sizeof *c->swings);
    c->ss_num = malloc((n ? n : 1) * sizeof *c->ss_num);
    c->mwc = malloc((n ? n : 1) * sizeof *c->mwc);
    c->dp = malloc((n ? n : 1) * sizeof *c->dp);
    c->johnston = malloc((n ? n : 1) * sizeof *c->johnston);
    for (size_t i = 0; i < n; i++) {
        mpz_init(c->swings[i]);
        mpz_init(c->ss_num[i]);
        mpz_init(c->mwc[i]);
        mpq_init(c->dp[i]);
        mpq_init(c->johnston[i]);
    }
}

void ent_i_counts_clear(ent_i_counts_t *c)
{
    if (!c || !c->swings) return;
    for (size_t i = 0; i < c->n; i++) {
        mpz_clear(c->swings[i]);
        mpz_clear(c->ss_num[i]);
        mpz_clear(c->mwc[i]);
        mpq_clear(c->dp[i]);
        mpq_clear(c->johnston[i]);
    }
    mpz_clear(c->winning);
    mpz_clear(c->minwin);
    free(c->swings);
    free(c->ss_num);
    free(c->mwc);
    free(c->dp);
    free(c->johnston);
    memset(c, 0, sizeof *c);
}

enum { CH = 256 };

typedef struct {
    const ent_i_bitmap_t *bm;
    size_t n, K;
    int by_size, want_mwc, want_j;
    size_t W_begin, W_end;
    uint64_t *sw, *ms, *jc, *tot;    /* n*K, n*K, n*K, n */
    uint64_t nwin, nmwc;
    ent_i_ticker_t *tk;              /* the calling thread's job: ticks; NULL in the worker's */
    atomic_int *stop;
    double scale;                    /* progress units per coalition (2: two jobs share) */
    int failed;
} enumjob_t;

/* Rows of critical words for the chunk of nc words at W0: row i, word d = lanes of W0 + d
 * that win, contain i and lose without i. Branch-free: a shift inside the word (i < 6), the
 * word W ^ 2^(i-6) masked by bit i-6 of W (inside the chunk), or a whole row that is 0 or
 * win & ~win[W ^ bit]. */
static inline __attribute__((always_inline)) void critical_rows(const uint64_t *win, size_t n, size_t W0,
                                                                 size_t nc, const uint64_t *hm, uint64_t *cw)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t *row = cw + i * CH;
        const uint64_t *wc = win + W0;
        if (i < 6) {
            unsigned sh = 1u << i;
            uint64_t h = hm[i];
            for (size_t d = 0; d < nc; d++) row[d] = wc[d] & h & ~(wc[d] << sh);
            continue;
        }
        size_t bit = (size_t)1 << (i - 6);
        if (bit >= CH) {
            if (!(W0 & bit)) { memset(row, 0, nc * sizeof *row); continue; }
            const uint64_t *wo = win + (W0 ^ bit);
            for (size_t d = 0; d < nc; d++) row[d] = wc[d] & ~wo[d];
            continue;
        }
        for (size_t d = 0; d < nc; d++) {
            uint64_t m = (uint64_t)0 - (uint64_t)((d >> (i - 6)) & 1);
            row[d] = m & wc[d] & ~wc[d ^ bit];
        }
    }
}

/* Minimal winning lanes of word W (pw = popcount(W)): count them, and per player by size. */
static inline __attribute__((always_inline)) void count_minimal_lanes(enumjob_t *jb, size_t W, size_t pw,
                                                                       uint64_t minimal, const uint64_t *Mc,
                                                                       const uint64_t *hm)
{
    size_t n = jb->n, K = jb->K;
    jb->nmwc += (uint64_t)__builtin_popcountll(minimal);
    for (size_t cc = 0; cc <= 6; cc++) {
        uint64_t u = minimal & Mc[cc];
        if (!u) continue;
        uint64_t pc = (uint64_t)__builtin_popcountll(u);
        for (size_t i = 0; i < n && i < 6; i++) jb->ms[i * K + pw + cc] += (uint64_t)__builtin_popcountll(u & hm[i]);
        for (size_t i = 6; i < n; i++)
            if ((W >> (i - 6)) & 1) jb->ms[i * K + pw + cc] += pc;
    }
}

/* Johnston: the critical members of each lane (branch-free 5-bit vertical counters, n <= 30),
 * lanes grouped by that count k (E_k = lanes whose counter equals k); each player's critical
 * word adds popcount(x & E_k) to cell (i, k). `any` = lanes with a critical member. */
static inline __attribute__((always_inline)) void count_johnston_lanes(enumjob_t *jb, const uint64_t *cw, size_t d,
                                                                        uint64_t any)
{
    size_t n = jb->n, K = jb->K;
    uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t x = cw[i * CH + d], t;   /* branch-free ripple add */
        t = c0 & x; c0 ^= x; x = t;
        t = c1 & x; c1 ^= x; x = t;
        t = c2 & x; c2 ^= x; x = t;
        t = c3 & x; c3 ^= x; x = t;
        c4 ^= x;
    }
    uint64_t Ek[32];
    unsigned kk[32], nk = 0;
    for (uint64_t rem = any; rem;) {
        unsigned l = (unsigned)__builtin_ctzll(rem);
        unsigned k = (unsigned)(((c0 >> l) & 1) | ((c1 >> l) & 1) << 1 | ((c2 >> l) & 1) << 2 |
                                ((c3 >> l) & 1) << 3 | ((c4 >> l) & 1) << 4);
        uint64_t e = rem & ((k & 1) ? c0 : ~c0) & ((k & 2) ? c1 : ~c1) & ((k & 4) ? c2 : ~c2) &
                     ((k & 8) ? c3 : ~c3) & ((k & 16) ? c4 : ~c4);
        Ek[nk] = e;
        kk[nk++] = k;
        rem &= ~e;
    }
    if (nk == 1) {
        for (size_t i = 0; i < n; i++) jb->jc[i * K + kk[0]] += (uint64_t)__builtin_popcountll(cw[i * CH + d]);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t x = cw[i * CH + d];
        if (!x) continue;
        for (unsigned r = 0; r < nk; r++) jb->jc[i * K + kk[r]] += (uint64_t)__builtin_popcountll(x & Ek[r]);
    }
}

/* One pass over words [W_begin, W_end) in chunks of CH words. crit_i(W) = lanes of W that
 * win, contain i, and lose without i. Player i is a swing for S = y - i exactly when it is
 * critical in y, so the swings by size come from crit (|S| = |y| - 1); the minimal winning
 * lanes are those in which every member is critical; Johnston counts critical members. */
ENT_I_HOT static void *enum_worker(void *arg)
{
    enumjob_t *jb = arg;
    const uint64_t *win = jb->bm->win;
    size_t n = jb->n, K = jb->K;
    uint64_t *cw = malloc((size_t)CH * (n ? n : 1) * sizeof *cw);
    if (!cw) { jb->failed = 1; return NULL; }
    uint64_t Mc[7] = {0};
    for (unsigned p = 0; p < 64; p++) Mc[__builtin_popcount(p)] |= (uint64_t)1 << p;
    uint64_t hm[6];
    for (size_t i = 0; i < 6; i++) hm[i] = high_mask(i);
    for (size_t W0 = jb->W_begin; W0 < jb->W_end; W0 += CH) {
        if (W0 > jb->W_begin && ((W0 - jb->W_begin) / CH) % 4 == 0 &&
            ent_i_unit_done(jb->tk, jb->stop, jb->scale * 4.0 * CH * 64.0))
            break;
        size_t nc = jb->W_end - W0 < CH ? jb->W_end - W0 : CH;
        critical_rows(win, n, W0, nc, hm, cw);
        for (size_t d = 0; d < nc; d++) {
            size_t W = W0 + d;
            uint64_t wv = win[W];
            if (!wv) continue;
            jb->nwin += (uint64_t)__builtin_popcountll(wv);
            size_t pw = (size_t)__builtin_popcountll((unsigned long long)W);
            uint64_t any = 0, minimal = wv;
            for (size_t i = 0; i < n; i++) {
                uint64_t x = cw[i * CH + d];
                if (jb->want_mwc) {
                    uint64_t has = i < 6 ? hm[i] : (((W >> (i - 6)) & 1) ? ~(uint64_t)0 : 0);
                    minimal &= x | ~has;
                }
                if (!x) continue;
                any |= x;
                if (!jb->by_size) { jb->tot[i] += (uint64_t)__builtin_popcountll(x); continue; }
                /* lanes of class c = popcount(lane) have |y| = pw + c, so |S| = pw + c - 1 */
                uint64_t *row = jb->sw + i * K + pw;
                row[0] += (uint64_t)__builtin_popcountll(x & Mc[0]);
                row[1] += (uint64_t)__builtin_popcountll(x & Mc[1]);
                row[2] += (uint64_t)__builtin_popcountll(x & Mc[2]);
                row[3] += (uint64_t)__builtin_popcountll(x & Mc[3]);
                row[4] += (uint64_t)__builtin_popcountll(x & Mc[4]);
                row[5] += (uint64_t)__builtin_popcountll(x & Mc[5]);
                row[6] += (uint64_t)__builtin_popcountll(x & Mc[6]);
            }
            if (jb->want_mwc && minimal) count_minimal_lanes(jb, W, pw, minimal, Mc, hm);
            if (jb->want_j && any) count_johnston_lanes(jb, cw, d, any);
        }
    }
    /* swings: row[pw + c] counted |y| = pw + c; shift to |S| = |y| - 1 (|y| >= 1 always) */
    if (jb->by_size)
        for (size_t i = 0; i < n; i++) {
            uint64_t *row = jb->sw + i * K;
            for (size_t k = 1; k < K; k++) { row[k - 1] = row[k]; jb->tot[i] += row[k]; }
            row[K - 1] = 0;
        }
    free(cw);
    return NULL;
}

typedef struct {
    double key;
    size_t player;
} permkey_t;

static int cmp_permkey(const void *a, const void *b)
{
    const permkey_t *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->player > y->player) - (x->player < y->player);
}

static void share_keys(const ent_i_node_t *nd, permkey_t *pk, size_t n)
{
    if (nd->kind != ENT_I_LEAF) {
        for (size_t i = 0; i < nd->nkids; i++) share_keys(nd->kids[i], pk, n);
        return;
    }
    for (size_t k = 0; k < n; k++)
        if (nd->total > 0) pk[k].key += (double)nd->w[k] / (double)nd->total;
}

/* Exact counts from the merged machine counters (bit k = player perm[k]): the winning count,
 * swings, Shapley–Shubik numerators sum_k s_i(k) k! (n-1-k)!, MWC per player and the
 * Deegan–Packel and Johnston sums. */
static void counts_from_cells(const enumjob_t *jb, uint64_t nwin, uint64_t nmwc, const size_t *perm,
                              ent_i_counts_t *c)
{
    size_t n = jb->n, K = jb->K;
    mpz_t t, f1, f2;
    mpz_inits(t, f1, f2, NULL);
    mpz_set_ui(c->winning, (unsigned long)nwin);
    for (size_t i = 0; i < n; i++) mpz_set_ui(c->swings[perm[i]], (unsigned long)jb->tot[i]);
    if (jb->by_size) {
        for (size_t i = 0; i < n; i++) {
            mpz_set_ui(c->ss_num[perm[i]], 0);
            for (size_t k = 0; k < n; k++) {
                uint64_t v = jb->sw[i * K + k];
                if (!v) continue;
                mpz_fac_ui(f1, (unsigned long)k);
                mpz_fac_ui(f2, (unsigned long)(n - 1 - k));
                mpz_mul(t, f1, f2);
                mpz_mul_ui(t, t, (unsigned long)v);
                mpz_add(c->ss_num[perm[i]], c->ss_num[perm[i]], t);
            }
        }
        c->have_ss = 1;
    }
    mpq_t q;
    mpq_init(q);
    if (jb->want_mwc) {
        mpz_set_ui(c->minwin, (unsigned long)nmwc);
        for (size_t i = 0; i < n; i++) {
            uint64_t s2 = 0;
            mpq_set_ui(c->dp[perm[i]], 0, 1);
            for (size_t k = 1; k < K; k++) {
                uint64_t v = jb->ms[i * K + k];
                if (!v) continue;
                s2 += v;
                mpq_set_ui(q, (unsigned long)v, (unsigned long)k);
                mpq_canonicalize(q);
                mpq_add(c->dp[perm[i]], c->dp[perm[i]], q);
            }
            mpz_set_ui(c->mwc[perm[i]], (unsigned long)s2);
        }
        c->have_mwc = 1;
    }
    if (jb->want_j) {
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(c->johnston[perm[i]], 0, 1);
            for (size_t k = 1; k < K; k++) {
                uint64_t v = jb->jc[i * K + k];
                if (!v) continue;
                mpq_set_ui(q, (unsigned long)v, (unsigned long)k);
                mpq_canonicalize(q);
                mpq_add(c->johnston[perm[i]], c->johnston[perm[i]], q);
            }
        }
        c->have_johnston = 1;
    }
    mpq_clear(q);
    mpz_clears(t, f1, f2, NULL);
}

ent_status_t ent_i_enum_counts(const ent_game_t *g, unsigned want, int threads, const ent_progress_t *progress,
                               ent_i_counts_t *c, ent_error_t *err)
{
    size_t n = g->n;
    ent_i_bitmap_t bm;
    /* bit order: lightest players (summed weight shares over the leaves) in the low bits */
    size_t perm[30];
    permkey_t pk[30];
    if (n > 30) return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "enumeration is limited to 30 players (%zu)", n);
    for (size_t k = 0; k < n; k++) pk[k] = (permkey_t){0.0, k};
    share_keys(g->root, pk, n);
    qsort(pk, n, sizeof *pk, cmp_permkey);
    for (size_t k = 0; k < n; k++) perm[k] = pk[k].player;
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, progress, "build", ldexp(1.0, (int)n), 65536.0);
    ent_status_t rc = bitmap_build_perm(g, perm, &tk, threads, &bm, err);
    if (rc) return rc;
    ent_i_ticker_init(&tk, progress, "count", ldexp(1.0, (int)n), 65536.0);
    size_t nw = bm.nwords, K = n + 1;
    size_t cells = 3 * n * K + n + 1;
    /* one worker per thread on equal ranges of the bitmap, cut at multiples of CH words; the
     * integer counters are added afterwards, so the counts do not depend on the threads */
    size_t nchunk = (nw + CH - 1) / CH, nth = (size_t)(threads > 1 ? threads : 1);
    if (nth > nchunk) nth = nchunk ? nchunk : 1;
    uint64_t *acc = calloc(nth * cells, sizeof *acc);   /* the workers' counters */
    enumjob_t *jobs = calloc(nth, sizeof *jobs);
    pthread_t *th = calloc(nth, sizeof *th);
    int *started = calloc(nth, sizeof *started), failed = 0;
    if (!acc || !jobs || !th || !started) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    unsigned needs = ent_i_index_needs(want);
    atomic_int stop;
    atomic_init(&stop, 0);
    for (size_t k = 0; k < nth; k++) {
        uint64_t *base = acc + k * cells;
        size_t w0 = nchunk * k / nth * CH, w1 = k + 1 == nth ? nw : nchunk * (k + 1) / nth * CH;
        jobs[k] = (enumjob_t){&bm, n, K, (needs & ENT_I_NEED_BY_SIZE) != 0, (needs & ENT_I_NEED_MWC) != 0,
                              (needs & ENT_I_NEED_JOHNSTON) != 0, w0, w1,
                              base, base + n * K, base + 2 * n * K, base + 3 * n * K, 0, 0,
                              k ? NULL : &tk, &stop, (double)nth, 0};
    }
    for (size_t k = 1; k < nth; k++) started[k] = pthread_create(&th[k], NULL, enum_worker, &jobs[k]) == 0;
    enum_worker(&jobs[0]);
    for (size_t k = 1; k < nth; k++) {
        if (started[k]) pthread_join(th[k], NULL);
        else enum_worker(&jobs[k]);
    }
    for (size_t k = 0; k < nth; k++) failed |= jobs[k].failed;
    if (failed) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    if (atomic_load(&stop)) { rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted"); goto done; }
    /* merge the other workers' counters into the first's */
    uint64_t nwin = jobs[0].nwin, nmwc = jobs[0].nmwc;
    for (size_t k = 1; k < nth; k++) {
        for (size_t v = 0; v < cells; v++) acc[v] += acc[k * cells + v];
        nwin += jobs[k].nwin;
        nmwc += jobs[k].nmwc;
    }
    counts_from_cells(&jobs[0], nwin, nmwc, perm, c);
done:
    free(jobs);
    free(th);
    free(started);
    free(acc);
    ent_i_bitmap_free(&bm);
    return rc;
}
