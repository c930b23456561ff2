/* SPDX-License-Identifier: MIT */
/* mc.c — Monte Carlo estimates of voting power for any rule (docs/power.md, "Monte Carlo").
 *
 * Estimators (Mann & Shapley 1960 for Shapley–Shubik by random orderings; Leech 2003 and
 * Bachrach et al. 2010 for Banzhaf by random coalitions): Penrose, Banzhaf, Coleman and
 * Johnston from N uniform random coalitions (every player's swing is read off the same
 * coalition), Shapley–Shubik from N uniform random orderings (the pivot found in one pass).
 * Normal-approximation confidence intervals (ratios: delta method ignoring the denominator's
 * variance). Holler and Deegan–Packel are not estimated (minimal winning coalitions are too
 * rare in random samples to estimate well).
 *
 * The rule is flattened for sampling: its weighted leaves (threshold sum_{k in S} w_k >= q)
 * with their members in decreasing weight, each player's leaves, and the and/or nodes in
 * postorder. A coalition is a bit set drawn 64 players at a time; a leaf's sum is a masked
 * popcount (all members of equal weight) or a sum over the members present. Swings come from
 * per-leaf slack: in a winning leaf of sum s a member of weight w turns it losing iff
 * w > s - q; in a losing leaf an absent player turns it winning iff w >= q - s. Only the
 * members heavier than that bound (a prefix of the sorted members) are looked at, and a leaf
 * whose heaviest member cannot cross is skipped, so most samples of a large rule touch no
 * player at all. A candidate's swing is the tree re-evaluated with its flipped leaves
 * (memoized by the set of flipped leaves when there are at most 64 leaves). An ordering adds
 * players one at a time, updating its leaves' sums; the tree is re-evaluated only when a leaf
 * reaches its quota (the rule is monotone, so nothing else can change the outcome).
 * Cost per coalition: O(n/64 * unit leaves + members of weighted leaves + candidates *
 * (degree + nodes)); per ordering: O(n) random draws + O(degree * position of the pivot +
 * leaves * nodes). Memory O(n + members + nodes) per thread.
 *
 * Reproducibility: the samples are cut into chunks of MC_CHUNK; chunk c draws its coalitions
 * and then its orderings from xoshiro256** seeded with seed XOR mix(c) (mix(0) = 0: a run of
 * at most MC_CHUNK samples draws exactly the stream of a single generator seeded with the
 * seed). Threads take chunks in rounds and the calling thread adds the chunks' sums in chunk
 * order, so every estimate is bit-identical for any number of threads. Progress ("samples")
 * ticks from the calling thread about every 1024 samples of all threads; workers read the
 * stop flag between batches.
 */
#include "game/game_i.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MC_BATCH = 1024 };          /* samples between two progress ticks or stop checks */
#define MC_CHUNK ((uint64_t)32768) /* samples per chunk (per random stream) */

/* ------------------------------------------------------------------ random numbers */

typedef struct { uint64_t s[4]; } rng_t;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) r->s[i] = splitmix(&seed);
}

/* The seed of chunk c: seed XOR a mix of c (0 for c = 0). */
static uint64_t chunk_seed(uint64_t seed, uint64_t c)
{
    if (c == 0) return seed;
    uint64_t x = c * 0xD1B54A32D192ED03ULL;
    return seed ^ splitmix(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

static inline uint64_t rng_below(rng_t *r, uint64_t n)
{
    /* Lemire's multiply-shift with rejection: unbiased */
    uint64_t x = rng_next(r);
    __uint128_t m = (__uint128_t)x * n;
    uint64_t l = (uint64_t)m;
    if (l < n) {
        uint64_t t = -n % n;
        while (l < t) { x = rng_next(r); m = (__uint128_t)x * n; l = (uint64_t)m; }
    }
    return (uint64_t)(m >> 64);
}

/* ------------------------------------------------------------------ the flattened rule */

typedef struct {
    size_t n, nw;              /* players, 64-bit words of a coalition */
    size_t nleaves, nnodes;
    int64_t *quota, *maxw;     /* per leaf */
    int64_t *unit;             /* per leaf: the common weight of its members, or 0 */
    const int64_t **w;         /* per leaf: its dense weights (the game's, not owned) */
    uint64_t *bits;            /* nleaves x nw membership masks */
    size_t *mstart, *mplayer;  /* members of leaf L, by decreasing weight (ties by index) */
    int64_t *mw;
    size_t *pstart, *pleaf;    /* leaves of player k: pleaf/pw[pstart[k] .. pstart[k+1]) */
    int64_t *pw;
    unsigned char *kind;       /* nodes in postorder, root last */
    size_t *arg;               /* leaf node: its leaf; and/or: its first slot in kid[] */
    size_t *nk, *kid;
} mc_rule_t;

static void rule_free(mc_rule_t *R)
{
    free(R->quota); free(R->maxw); free(R->unit); free(R->w); free(R->bits);
    free(R->mstart); free(R->mplayer); free(R->mw);
    free(R->pstart); free(R->pleaf); free(R->pw);
    free(R->kind); free(R->arg); free(R->nk); free(R->kid);
}

static size_t count_nodes(const ent_i_node_t *nd)
{
    size_t s = 1;
    for (size_t i = 0; nd->kind != ENT_I_LEAF && i < nd->nkids; i++) s += count_nodes(nd->kids[i]);
    return s;
}

/* Emit nd's subtree in postorder; returns nd's node index. Depth <= ENT_MAX_RULE_DEPTH. */
static size_t flatten(mc_rule_t *R, const ent_i_node_t *nd, size_t *nnode, size_t *nleaf, size_t *nkid)
{
    if (nd->kind == ENT_I_LEAF) {
        size_t L = (*nleaf)++, i = (*nnode)++;
        R->quota[L] = nd->quota;
        R->w[L] = nd->w;
        R->kind[i] = ENT_I_LEAF;
        R->arg[i] = L;
        return i;
    }
    /* the kids' slots are reserved before the kids are emitted, so they stay contiguous */
    size_t first = *nkid;
    *nkid += nd->nkids;
    for (size_t j = 0; j < nd->nkids; j++) R->kid[first + j] = flatten(R, nd->kids[j], nnode, nleaf, nkid);
    size_t i = (*nnode)++;
    R->kind[i] = (unsigned char)nd->kind;
    R->arg[i] = first;
    R->nk[i] = nd->nkids;
    return i;
}

typedef struct { int64_t w; size_t k; } wk_t;

static int cmp_wk(const void *a, const void *b)
{
    const wk_t *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* The leaves' member lists and masks, and the players' leaf lists. -1 when out of memory. */
static int rule_members(mc_rule_t *R)
{
    size_t n = R->n, nl = R->nleaves, nnz = 0;
    for (size_t L = 0; L < nl; L++)
        for (size_t k = 0; k < n; k++) nnz += R->w[L][k] != 0;
    R->mstart = malloc((nl + 1) * sizeof *R->mstart);
    R->mplayer = malloc((nnz ? nnz : 1) * sizeof *R->mplayer);
    R->mw = malloc((nnz ? nnz : 1) * sizeof *R->mw);
    R->pstart = calloc(n + 2, sizeof *R->pstart);
    R->pleaf = malloc((nnz ? nnz : 1) * sizeof *R->pleaf);
    R->pw = malloc((nnz ? nnz : 1) * sizeof *R->pw);
    R->bits = calloc(nl * R->nw + 1, sizeof *R->bits);
    wk_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!R->mstart || !R->mplayer || !R->mw || !R->pstart || !R->pleaf || !R->pw || !R->bits || !tmp) { free(tmp); return -1; }
    size_t at = 0;
    for (size_t L = 0; L < nl; L++) {
        size_t m = 0;
        int64_t u = -1;
        for (size_t k = 0; k < n; k++) {
            int64_t w = R->w[L][k];
            if (!w) continue;
            tmp[m++] = (wk_t){w, k};
            R->bits[L * R->nw + k / 64] |= 1ULL << (k % 64);
            u = u == -1 || u == w ? w : 0;
            R->pstart[k + 2]++;
        }
        qsort(tmp, m, sizeof *tmp, cmp_wk);
        R->mstart[L] = at;
        for (size_t j = 0; j < m; j++) { R->mplayer[at + j] = tmp[j].k; R->mw[at + j] = tmp[j].w; }
        at += m;
        R->maxw[L] = m ? tmp[0].w : 0;
        R->unit[L] = u > 0 ? u : 0;
    }
    R->mstart[nl] = at;
    free(tmp);
    /* counting sort of the (leaf, player) pairs by player */
    for (size_t k = 0; k < n; k++) R->pstart[k + 2] += R->pstart[k + 1];
    for (size_t L = 0; L < nl; L++)
        for (size_t j = R->mstart[L]; j < R->mstart[L + 1]; j++) {
            size_t k = R->mplayer[j], slot = R->pstart[k + 1]++;
            R->pleaf[slot] = L;
            R->pw[slot] = R->mw[j];
        }
    /* pstart[k] .. pstart[k+1] now; leaves of a player in increasing order */
    return 0;
}

static ent_status_t rule_build(const ent_game_t *g, mc_rule_t *R, ent_error_t *err)
{
    memset(R, 0, sizeof *R);
    R->n = g->n;
    R->nw = (g->n + 63) / 64;
    R->nleaves = ent_i_node_nleaves(g->root);
    R->nnodes = count_nodes(g->root);
    size_t nl = R->nleaves, nn = R->nnodes;
    R->quota = malloc(nl * sizeof *R->quota);
    R->maxw = malloc(nl * sizeof *R->maxw);
    R->unit = malloc(nl * sizeof *R->unit);
    R->w = malloc(nl * sizeof *R->w);
    R->kind = malloc(nn);
    R->arg = malloc(nn * sizeof *R->arg);
    R->nk = calloc(nn, sizeof *R->nk);
    R->kid = malloc(nn * sizeof *R->kid);
    if (!R->quota || !R->maxw || !R->unit || !R->w || !R->kind || !R->arg || !R->nk || !R->kid) goto nomem;
    size_t a = 0, b = 0, c = 0;
    flatten(R, g->root, &a, &b, &c);
    if (rule_members(R)) goto nomem;
    return ENT_OK;
nomem:
    rule_free(R);
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The root's value for leaf values lv (bit 0: the leaf's value; bit 1: read it turned over);
 * nv is scratch (nnodes). */
static int rule_eval(const mc_rule_t *R, const unsigned char *lv, unsigned char *nv)
{
    for (size_t i = 0; i < R->nnodes; i++) {
        if (R->kind[i] == ENT_I_LEAF) { unsigned char v = lv[R->arg[i]]; nv[i] = (v & 1) ^ (v >> 1); continue; }
        unsigned char and = R->kind[i] == ENT_I_AND, v = and;
        const size_t *kd = R->kid + R->arg[i];
        for (size_t j = 0; j < R->nk[i]; j++)
            if (nv[kd[j]] != and) { v = !and; break; }
        nv[i] = v;
    }
    return nv[R->nnodes - 1];
}

/* ------------------------------------------------------------------ one job: one chunk */

typedef struct {
    double wins;
    double *sw, *js, *js2, *ss;   /* n each: swings, Johnston shares and their squares, pivots */
} mc_sums_t;

typedef struct {
    const mc_rule_t *R;
    int coal, ord;
    uint64_t seed;
    uint64_t chunk, count;        /* this round's chunk and its number of samples */
    mc_sums_t sums;               /* of this chunk */
    /* scratch */
    uint64_t *in;                 /* nw words: the coalition */
    int64_t *s, *t;               /* per leaf: sum, and the weight that crosses its quota */
    unsigned char *lv, *nv;       /* leaf values, node values */
    size_t *cand, *perm;          /* candidates, the ordering */
    uint32_t *mark;               /* per player: stamp of the sample that made it a candidate */
    uint32_t stamp;
    uint64_t memo_key[8];         /* flipped-leaf sets (<= 64 leaves) and their outcomes */
    unsigned char memo_val[8];
    size_t nmemo;
    /* threads */
    ent_i_ticker_t *tk;           /* the calling thread's job: ticks; NULL in a worker's */
    atomic_int *stop;
    _Atomic uint64_t *done;       /* samples done by every thread (for the ticks) */
    uint64_t ticked;
    int rc;
} mc_job_t;

static void job_free(mc_job_t *j)
{
    free(j->sums.sw); free(j->sums.js); free(j->sums.js2); free(j->sums.ss);
    free(j->in); free(j->s); free(j->t); free(j->lv); free(j->nv);
    free(j->cand); free(j->perm); free(j->mark);
}

static int job_alloc(mc_job_t *j, const mc_rule_t *R)
{
    size_t n1 = R->n ? R->n : 1;
    j->R = R;
    j->sums.sw = calloc(n1, sizeof(double));
    j->sums.js = calloc(n1, sizeof(double));
    j->sums.js2 = calloc(n1, sizeof(double));
    j->sums.ss = calloc(n1, sizeof(double));
    j->in = calloc(R->nw + 1, sizeof *j->in);
    j->s = malloc(R->nleaves * sizeof *j->s);
    j->t = malloc(R->nleaves * sizeof *j->t);
    j->lv = malloc(R->nleaves);
    j->nv = malloc(R->nnodes);
    j->cand = malloc(n1 * sizeof *j->cand);
    j->perm = malloc(n1 * sizeof *j->perm);
    j->mark = calloc(n1, sizeof *j->mark);
    return j->sums.sw && j->sums.js && j->sums.js2 && j->sums.ss && j->in && j->s && j->t && j->lv && j->nv && j->cand &&
                   j->perm && j->mark
               ? 0 : -1;
}

/* Between two batches: the calling thread's job ticks with the samples of every thread; a
 * worker's adds its own and reads the stop flag. Non-zero: stop. */
static int job_batch(mc_job_t *j, uint64_t samples)
{
    uint64_t all = atomic_fetch_add_explicit(j->done, samples, memory_order_relaxed) + samples;
    if (!j->tk) return atomic_load_explicit(j->stop, memory_order_relaxed);
    double d = (double)(all - j->ticked);
    j->ticked = all;
    return ent_i_unit_done(j->tk, j->stop, d);
}

static inline int has(const uint64_t *in, size_t k) { return (int)((in[k / 64] >> (k % 64)) & 1); }

/* The root's value with the leaves that player k flips turned over (lv restored). */
static int flipped_outcome(mc_job_t *j, size_t k)
{
    const mc_rule_t *R = j->R;
    int present = has(j->in, k);
    uint64_t key = 0;
    size_t a = R->pstart[k], b = R->pstart[k + 1];
    if (R->nleaves <= 64) {
        for (size_t x = a; x < b; x++) {
            size_t L = R->pleaf[x];
            if (j->lv[L] == present && R->pw[x] >= j->t[L]) key |= 1ULL << L;
        }
        for (size_t m = 0; m < j->nmemo; m++)
            if (j->memo_key[m] == key) return j->memo_val[m];
    }
    for (size_t x = a; x < b; x++) {
        size_t L = R->pleaf[x];
        if (j->lv[L] == present && R->pw[x] >= j->t[L]) j->lv[L] |= 2;   /* read turned over */
    }
    int v = rule_eval(R, j->lv, j->nv);
    for (size_t x = a; x < b; x++) j->lv[R->pleaf[x]] &= 1;
    if (R->nleaves <= 64 && j->nmemo < 8) { j->memo_key[j->nmemo] = key; j->memo_val[j->nmemo++] = (unsigned char)v; }
    return v;
}

/* Coalition samples of this chunk: swings, wins and Johnston shares. */
static void sample_coalitions(mc_job_t *j, rng_t *r)
{
    const mc_rule_t *R = j->R;
    size_t n = R->n, nw = R->nw, nl = R->nleaves;
    uint64_t last = n % 64 ? (1ULL << (n % 64)) - 1 : ~0ULL;
    mc_sums_t *m = &j->sums;
    for (uint64_t smp = 0; smp < j->count; smp++) {
        if (smp && smp % MC_BATCH == 0 && job_batch(j, MC_BATCH)) { j->rc = ENT_EINTR; return; }
        for (size_t w = 0; w < nw; w++) j->in[w] = rng_next(r);
        if (nw) j->in[nw - 1] &= last;
        for (size_t L = 0; L < nl; L++) {
            int64_t s = 0;
            const uint64_t *bm = R->bits + L * nw;
            if (R->unit[L]) {
                int64_t c = 0;
                for (size_t w = 0; w < nw; w++) c += __builtin_popcountll(j->in[w] & bm[w]);
                s = c * R->unit[L];
            } else {
                for (size_t w = 0; w < nw; w++)
                    for (uint64_t x = j->in[w] & bm[w]; x; x &= x - 1) s += R->w[L][w * 64 + (size_t)__builtin_ctzll(x)];
            }
            j->s[L] = s;
            j->lv[L] = s >= R->quota[L];
            /* a member present in a winning leaf flips it when w > s - q; an absent player
             * in a losing leaf when w >= q - s */
            j->t[L] = j->lv[L] ? s - R->quota[L] + 1 : R->quota[L] - s;
        }
        int win = rule_eval(R, j->lv, j->nv);
        m->wins += win;
        /* candidates: players who flip at least one leaf */
        size_t nc = 0;
        if (++j->stamp == 0) { memset(j->mark, 0, n * sizeof *j->mark); j->stamp = 1; }
        for (size_t L = 0; L < nl; L++) {
            if (R->maxw[L] < j->t[L]) continue;
            for (size_t x = R->mstart[L]; x < R->mstart[L + 1] && R->mw[x] >= j->t[L]; x++) {
                size_t k = R->mplayer[x];
                if (has(j->in, k) != j->lv[L] || j->mark[k] == j->stamp) continue;
                j->mark[k] = j->stamp;
                j->cand[nc++] = k;
            }
        }
        if (!nc) continue;
        j->nmemo = 0;
        size_t ncrit = 0;
        for (size_t c = 0; c < nc; c++) {
            size_t k = j->cand[c];
            if (flipped_outcome(j, k) == win) { j->cand[c] = (size_t)-1; continue; }
            m->sw[k] += 1;
            if (has(j->in, k)) ncrit++;
            else j->cand[c] = (size_t)-1;
        }
        if (!ncrit) continue;
        double v = 1.0 / (double)ncrit;
        for (size_t c = 0; c < nc; c++)
            if (j->cand[c] != (size_t)-1) { j->sums.js[j->cand[c]] += v; j->sums.js2[j->cand[c]] += v * v; }
    }
}

/* Ordering samples of this chunk: who is pivotal (Shapley–Shubik). */
static void sample_orderings(mc_job_t *j, rng_t *r)
{
    const mc_rule_t *R = j->R;
    size_t n = R->n, nl = R->nleaves, *perm = j->perm;
    for (uint64_t smp = 0; smp < j->count; smp++) {
        if (smp && smp % MC_BATCH == 0 && job_batch(j, MC_BATCH)) { j->rc = ENT_EINTR; return; }
        for (size_t k = 0; k < n; k++) perm[k] = k;
        for (size_t k = n; k > 1; k--) { size_t x = (size_t)rng_below(r, k); size_t t = perm[k - 1]; perm[k - 1] = perm[x]; perm[x] = t; }
        memset(j->s, 0, nl * sizeof *j->s);
        memset(j->lv, 0, nl);
        for (size_t k = 0; k < n; k++) {
            size_t pl = perm[k];
            int changed = 0;
            for (size_t x = R->pstart[pl]; x < R->pstart[pl + 1]; x++) {
                size_t L = R->pleaf[x];
                j->s[L] += R->pw[x];
                if (!j->lv[L] && j->s[L] >= R->quota[L]) { j->lv[L] = 1; changed = 1; }
            }
            if (changed && rule_eval(R, j->lv, j->nv)) { j->sums.ss[pl] += 1; break; }
        }
    }
}

static void job_run(mc_job_t *j)
{
    size_t n1 = j->R->n ? j->R->n : 1;
    j->sums.wins = 0;
    memset(j->sums.sw, 0, n1 * sizeof(double));
    memset(j->sums.js, 0, n1 * sizeof(double));
    memset(j->sums.js2, 0, n1 * sizeof(double));
    memset(j->sums.ss, 0, n1 * sizeof(double));
    j->rc = ENT_OK;
    rng_t r;
    rng_seed(&r, chunk_seed(j->seed, j->chunk));
    if (j->coal) {
        sample_coalitions(j, &r);
        if (j->rc) return;
        /* the samples since the last batch boundary */
        if (job_batch(j, j->count % MC_BATCH ? j->count % MC_BATCH : (j->count ? MC_BATCH : 0))) { j->rc = ENT_EINTR; return; }
    }
    if (j->ord) {
        sample_orderings(j, &r);
        if (j->rc) return;
        if (job_batch(j, j->count % MC_BATCH ? j->count % MC_BATCH : (j->count ? MC_BATCH : 0))) j->rc = ENT_EINTR;
    }
}

static void *job_thread(void *arg)
{
    job_run(arg);
    return NULL;
}

/* ------------------------------------------------------------------ estimates */

/* Estimates and normal-approximation half-widths (z) from the sums over N samples. */
static ent_status_t mc_estimates(const ent_game_t *g, unsigned want, const mc_sums_t *m, double Nd, double z,
                                 ent_power_t *p, ent_error_t *err)
{
    size_t n = g->n;
    double pw = m->wins / Nd;
    p->collective = pw;
    p->collective_ci = z * sqrt(pw * (1 - pw) / Nd);
    double tot = 0, jtot = 0;
    for (size_t k = 0; k < n; k++) { tot += m->sw[k] / Nd; jtot += m->js[k] / Nd; }
    for (int idx = 0; idx < ENT_IDX_COUNT; idx++) {
        if (!(want & (1u << idx)) || (ent_i_index(idx)->info.flags & ENT_POWER_INDEX_NO_ESTIMATE)) continue;
        if (ent_i_power_alloc_index(p, idx, 0, 1, 0)) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t k = 0; k < n; k++) {
            double ph = m->sw[k] / Nd, h = z * sqrt(ph * (1 - ph) / Nd), v = 0, c = 0;
            switch (idx) {
            case ENT_IDX_PENROSE: v = ph; c = h; break;
            /* no swing in any sample: the shares are not estimated (NaN), not zero */
            case ENT_IDX_BANZHAF: v = tot > 0 ? ph / tot : NAN; c = tot > 0 ? h / tot : NAN; break;
            case ENT_IDX_SHAPLEY: { double s = m->ss[k] / Nd; v = s; c = z * sqrt(s * (1 - s) / Nd); break; }
            case ENT_IDX_JOHNSTON: {
                double mean = m->js[k] / Nd, var = m->js2[k] / Nd - mean * mean;
                v = jtot > 0 ? mean / jtot : 0;
                c = jtot > 0 ? z * sqrt((var > 0 ? var : 0) / Nd) / jtot : 0;
                break;
            }
            case ENT_IDX_PREVENT: v = pw > 0 ? ph / (2 * pw) : 0; c = pw > 0 ? h / (2 * pw) : 0; break;
            case ENT_IDX_INITIATE: v = pw < 1 ? ph / (2 * (1 - pw)) : 0; c = pw < 1 ? h / (2 * (1 - pw)) : 0; break;
            default: break;
            }
            p->value[idx][k] = v;
            p->ci[idx][k] = c;
        }
    }
    /* dummies are not decided from samples: p->dummy stays all zero */
    return ENT_OK;
}

static double z_of(double conf)
{
    double lo = 0, hi = 10, target = 1 - conf;
    for (int it = 0; it < 100; it++) {
        double mid = (lo + hi) / 2;
        if (erfc(mid / sqrt(2.0)) > target) lo = mid;
        else hi = mid;
    }
    return (lo + hi) / 2;
}

/* ------------------------------------------------------------------ entry points */

/* Per leaf of nd's subtree: the ns of its sum in a coalition (into *sum), its expected
 * candidates (*cand), its (player, leaf) pairs (*nnz), and the leaves and nodes. */
static void sample_cost(const ent_game_t *g, const ent_i_node_t *nd, double nw, double *sum, double *cand,
                        double *nnz, double *nl, double *nodes)
{
    *nodes += 1;
    if (nd->kind != ENT_I_LEAF) {
        for (size_t i = 0; i < nd->nkids; i++) sample_cost(g, nd->kids[i], nw, sum, cand, nnz, nl, nodes);
        return;
    }
    double m = 0, W = 0, W2 = 0;
    int64_t u = -1;
    for (size_t k = 0; k < g->n; k++) {
        int64_t w = nd->w[k];
        if (!w) continue;
        m += 1; W += (double)w; W2 += (double)w * (double)w;
        u = u == -1 || u == w ? w : 0;
    }
    /* masked popcounts (equal weights), or a sum over the present members */
    *sum += u > 0 ? 1.5 * nw : m / 2;
    /* a member of weight w can flip the leaf when the sum is within w of the quota; with the
     * sum about normal (mean W/2, variance sum w^2 / 4) that is about W * density(q) members */
    double sd = sqrt(W2) / 2, zq = sd > 0 ? ((double)nd->quota - W / 2) / sd : 0;
    *cand += sd > 0 ? W * exp(-zq * zq / 2) / (sd * 2.5066282746310002) : 0;
    *nnz += m;
    *nl += 1;
}

double ent_i_mc_seconds(const ent_game_t *g, unsigned want, uint64_t samples, int threads)
{
    /* ns per sample, fitted on a shared 2-core AMD EPYC to measured runs of the US lawmaking
     * rule, EU27, and weighted games of 15 to 1000 players (bench/bench_power.c prints this
     * estimate beside the measured time): a coalition costs its random words, each leaf's sum
     * and each candidate near a quota (its leaves and a look at the tree); an ordering the
     * shuffle (2 ns a player), the leaves' sums up to the pivot, and the tree at each leaf
     * that reaches its quota. */
    int coal = (want & ~(1u << ENT_IDX_SHAPLEY)) != 0, ord = (want & (1u << ENT_IDX_SHAPLEY)) != 0;
    double n = (double)g->n, nw = ceil(n / 64), sum = 0, cand = 0, nnz = 0, nl = 0, nodes = 0;
    sample_cost(g, g->root, nw, &sum, &cand, &nnz, &nl, &nodes);
    double c = 10 + 1.5 * nw + sum + cand * (6 + nnz / (n > 0 ? n : 1) + nodes) + 0.1 * n;
    double o = 20 + 2 * n + 0.5 * nnz + 1.5 * (nnz > n ? nnz - n : 0) + 2 * nl * nodes;
    double per = (coal ? c : 0) + (ord ? o : 0);
    double chunks = ceil((double)samples / (double)MC_CHUNK), T = threads < 1 ? 1 : threads;
    double par = chunks < T ? chunks : T;
    return (double)samples * per * 1e-9 / (par > 1 ? par : 1);
}

ent_status_t ent_i_monte_carlo(const ent_game_t *g, unsigned want, const ent_power_opts_t *o, ent_power_t *p,
                               ent_error_t *err)
{
    size_t n = g->n, n1 = n ? n : 1;
    uint64_t N = o->samples ? o->samples : 1;
    int coal = (want & ~(1u << ENT_IDX_SHAPLEY)) != 0, ord = (want & (1u << ENT_IDX_SHAPLEY)) != 0;
    uint64_t nchunks = (N + MC_CHUNK - 1) / MC_CHUNK;
    int T = ent_i_threads(o->threads);
    if ((uint64_t)T > nchunks) T = (int)nchunks;
    double conf = o->confidence > 0 && o->confidence < 1 ? o->confidence : 0.95;
    double z = z_of(conf);
    mc_rule_t R;
    ent_status_t rc = rule_build(g, &R, err);
    if (rc) return rc;
    mc_sums_t all = {0, calloc(n1, sizeof(double)), calloc(n1, sizeof(double)), calloc(n1, sizeof(double)),
                     calloc(n1, sizeof(double))};
    mc_job_t *jobs = calloc((size_t)T, sizeof *jobs);
    pthread_t *th = malloc((size_t)T * sizeof *th);
    int *started = calloc((size_t)T, sizeof *started);
    int ok = all.sw && all.js && all.js2 && all.ss && jobs && th && started;
    for (int t = 0; ok && t < T; t++) ok = job_alloc(&jobs[t], &R) == 0;
    if (!ok) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, &o->progress, "samples", (double)N * (coal + ord), MC_BATCH);
    atomic_int stop;
    atomic_init(&stop, 0);
    _Atomic uint64_t done_samples;
    atomic_init(&done_samples, 0);
    for (uint64_t c0 = 0; c0 < nchunks && !rc; c0 += (uint64_t)T) {
        int nj = (int)(nchunks - c0 < (uint64_t)T ? nchunks - c0 : (uint64_t)T);
        for (int t = 0; t < nj; t++) {
            mc_job_t *j = &jobs[t];
            j->coal = coal; j->ord = ord; j->seed = o->seed;
            j->chunk = c0 + (uint64_t)t;
            j->count = j->chunk + 1 < nchunks ? MC_CHUNK : N - j->chunk * MC_CHUNK;
            j->tk = t == 0 ? &tk : NULL;
            j->stop = &stop;
            j->done = &done_samples;
            started[t] = t > 0 && pthread_create(&th[t], NULL, job_thread, j) == 0;
        }
        job_run(&jobs[0]);
        for (int t = 1; t < nj; t++) {
            if (started[t]) pthread_join(th[t], NULL);
            else job_run(&jobs[t]);   /* no thread: the same chunk on the calling thread */
        }
        /* the chunks' sums in chunk order: the same additions for any number of threads */
        for (int t = 0; t < nj && !rc; t++) {
            if (jobs[t].rc) { rc = jobs[t].rc; break; }
            all.wins += jobs[t].sums.wins;
            for (size_t k = 0; k < n; k++) {
                all.sw[k] += jobs[t].sums.sw[k];
                all.js[k] += jobs[t].sums.js[k];
                all.js2[k] += jobs[t].sums.js2[k];
                all.ss[k] += jobs[t].sums.ss[k];
            }
        }
        if (!rc && tk.stop) rc = ENT_EINTR;
    }
    if (rc) { rc = ent_error_set(err, rc, NULL, 0, 0, "interrupted"); goto done; }
    p->is_exact = 0;
    p->samples = N;
    p->seed = o->seed;
    p->confidence = o->confidence;
    rc = mc_estimates(g, want, &all, (double)N, z, p, err);
done:
    for (int t = 0; jobs && t < T; t++) job_free(&jobs[t]);
    free(jobs);
    free(th);
    free(started);
    free(all.sw); free(all.js); free(all.js2); free(all.ss);
    rule_free(&R);
    return rc;
}
