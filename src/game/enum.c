/* enum.c — structured enumeration: the winning set of any rule as a bitmap of all 2^n
 * coalitions, and every power index's raw counts read off it with word-parallel bit
 * operations (docs/power.md, "enumeration").
 *
 * Build: players are split into the low b = min(n, 12) and the high n-b; for each leaf the
 * 2^b low partial sums are tabulated once, then for each high part each leaf yields a
 * 64-coalition word by 64 comparisons and the and/or tree is evaluated on whole words.
 * Time O(2^n * leaves), memory 2^n bits (+ 2^b * leaves sums).
 * Counts: coalition x has player k when bit k of x is set; word W holds x = 64W..64W+63.
 * Swings of player i (i < 6: a shift inside the word; i >= 6: the word W | 2^(i-6)) are
 * counted by coalition size with 7 masks of the low six bits: O(2^n/64 * n * 7) popcounts.
 * Minimal winning coalitions: win & not(win after removing any member), O(2^n/64 * n).
 * Johnston: per word, the critical players of each winning lane are counted, then each
 * critical incidence adds to its (player, number of critical players) cell:
 * O(2^n/64 * n + total swings). Limit: n <= 30 (128 MiB bitmap), checked by the caller.
 */
#include "game/game_i.h"

#include <stdlib.h>
#include <string.h>

#define LOWB 12

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

/* Evaluate the tree on words: leafword[j] for the j-th leaf in collection order. */
static uint64_t eval_words(const ent_i_node_t *nd, const uint64_t *leafword, size_t *next_leaf)
{
    if (nd->kind == ENT_I_LEAF) return leafword[(*next_leaf)++];
    uint64_t acc = nd->kind == ENT_I_AND ? ~(uint64_t)0 : 0;
    for (size_t i = 0; i < nd->nkids; i++) {
        uint64_t v = eval_words(nd->kids[i], leafword, next_leaf);
        acc = nd->kind == ENT_I_AND ? (acc & v) : (acc | v);
    }
    return acc;
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

ent_status_t ent_i_bitmap_build(const ent_game_t *g, ent_i_bitmap_t *bm, ent_error_t *err)
{
    size_t n = g->n;
    memset(bm, 0, sizeof *bm);
    if (n > 30) return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "enumeration is limited to 30 players (%zu)", n);
    bm->n = n;
    bm->nwords = n >= 6 ? ((size_t)1 << (n - 6)) : 1;
    bm->win = calloc(bm->nwords, sizeof *bm->win);
    size_t nl = ent_i_node_nleaves(g->root);
    leaves_t lv = {calloc(nl, sizeof *lv.leaves), 0};
    size_t b = n < LOWB ? n : LOWB;
    size_t nlow = (size_t)1 << b;
    int64_t *lowsum = malloc(nl * nlow * sizeof *lowsum);
    int64_t *hs = calloc(nl, sizeof *hs);
    uint64_t *lw = calloc(nl, sizeof *lw);
    ent_status_t rc = ENT_OK;
    if (!bm->win || !lv.leaves || !lowsum || !hs || !lw) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (bitmap of 2^%zu coalitions)", n); goto done; }
    collect_leaves(g->root, &lv);
    for (size_t j = 0; j < nl; j++) {
        int64_t *ls = lowsum + j * nlow;
        const int64_t *w = lv.leaves[j]->w;
        ls[0] = 0;
        for (size_t x = 1; x < nlow; x++) {
            size_t k = (size_t)__builtin_ctzll(x);
            ls[x] = ls[x & (x - 1)] + w[k];
        }
    }
    size_t nhigh = (size_t)1 << (n - b);
    uint64_t vm = valid_mask(n);
    for (size_t h = 0; h < nhigh; h++) {
        for (size_t j = 0; j < nl; j++) {
            int64_t s = 0;
            for (size_t k = b; k < n; k++)
                if ((h >> (k - b)) & 1) s += lv.leaves[j]->w[k];
            hs[j] = lv.leaves[j]->quota - s;   /* need low sum >= this */
        }
        size_t wpb = nlow >= 64 ? nlow / 64 : 1;
        for (size_t wi = 0; wi < wpb; wi++) {
            size_t lanes = nlow >= 64 ? 64 : nlow;
            for (size_t j = 0; j < nl; j++) {
                const int64_t *ls = lowsum + j * nlow + wi * 64;
                int64_t t = hs[j];
                uint64_t m = 0;
                for (size_t q = 0; q < lanes; q++) m |= (uint64_t)(ls[q] >= t) << q;
                lw[j] = m;
            }
            size_t nx = 0;
            uint64_t word = eval_words(g->root, lw, &nx) & vm;
            bm->win[h * wpb + wi] = word;
        }
    }
done:
    free(lv.leaves);
    free(lowsum);
    free(hs);
    free(lw);
    if (rc) ent_i_bitmap_free(bm);
    return rc;
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

ent_status_t ent_i_bitmap_minimal(const ent_i_bitmap_t *bm, int blocking, ent_i_bitmap_t *out, ent_error_t *err)
{
    size_t n = bm->n, nw = bm->nwords;
    memset(out, 0, sizeof *out);
    out->n = n;
    out->nwords = nw;
    out->win = malloc(nw * sizeof *out->win);
    uint64_t *fam = blocking ? malloc(nw * sizeof *fam) : NULL;
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
        fam[nw - 1] &= vm;
        if (n < 6) fam[0] &= vm;
        src = fam;
    }
    uint64_t hm[6];
    for (size_t i = 0; i < 6; i++) hm[i] = high_mask(i);
    for (size_t W = 0; W < nw; W++) {
        uint64_t m = src[W];
        for (size_t i = 0; i < n && m; i++) m &= ~without_wins(src, W, i, hm);
        out->win[W] = m & vm;
    }
    free(fam);
    return ENT_OK;
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

ent_status_t ent_i_enum_counts(const ent_game_t *g, unsigned want, ent_i_counts_t *c, ent_error_t *err)
{
    size_t n = g->n;
    ent_i_bitmap_t bm, mw = {0, NULL, 0};
    ent_status_t rc = ent_i_bitmap_build(g, &bm, err);
    if (rc) return rc;
    size_t nw = bm.nwords, K = n + 1;
    uint64_t *sw = calloc(n * K + 1, sizeof *sw);      /* swings by size of x (without i) */
    uint64_t *ms = calloc(n * K + 1, sizeof *ms);      /* MWC containing i by size */
    uint64_t *jc = calloc(n * K + 1, sizeof *jc);      /* critical incidences by #critical */
    uint64_t *crit = calloc(n + 1, sizeof *crit);
    unsigned char cnt[64];
    mpz_t t, f1, f2;
    mpz_inits(t, f1, f2, NULL);
    if (!sw || !ms || !jc || !crit) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    uint64_t Mc[7] = {0};
    for (unsigned p = 0; p < 64; p++) Mc[__builtin_popcount(p)] |= (uint64_t)1 << p;
    uint64_t hm[6], lm[6];
    for (size_t i = 0; i < 6; i++) { hm[i] = high_mask(i); lm[i] = ~hm[i]; }
    uint64_t vm = valid_mask(n);
    /* winning count */
    uint64_t nwin = 0;
    for (size_t W = 0; W < nw; W++) nwin += (uint64_t)__builtin_popcountll(bm.win[W]);
    mpz_set_ui(c->winning, (unsigned long)nwin);
    /* swings by size */
    for (size_t i = 0; i < n; i++) {
        uint64_t *row = sw + i * K;
        for (size_t W = 0; W < nw; W++) {
            uint64_t s;
            if (i < 6) s = (bm.win[W] >> (1u << i)) & ~bm.win[W] & lm[i] & vm;
            else {
                size_t bit = (size_t)1 << (i - 6);
                if (W & bit) continue;
                s = bm.win[W | bit] & ~bm.win[W];
            }
            if (!s) continue;
            size_t pw = (size_t)__builtin_popcountll((unsigned long long)W);
            for (size_t cc = 0; cc <= 6; cc++) {
                uint64_t u = s & Mc[cc];
                if (u) row[pw + cc] += (uint64_t)__builtin_popcountll(u);
            }
        }
        uint64_t tot = 0;
        for (size_t k = 0; k < K; k++) tot += row[k];
        mpz_set_ui(c->swings[i], (unsigned long)tot);
    }
    /* Shapley–Shubik numerators: sum_k s_i(k) k! (n-1-k)! */
    if (want & (1u << ENT_IDX_SHAPLEY)) {
        for (size_t i = 0; i < n; i++) {
            mpz_set_ui(c->ss_num[i], 0);
            for (size_t k = 0; k < n; k++) {
                uint64_t v = sw[i * K + k];
                if (!v) continue;
                mpz_fac_ui(f1, (unsigned long)k);
                mpz_fac_ui(f2, (unsigned long)(n - 1 - k));
                mpz_mul(t, f1, f2);
                mpz_mul_ui(t, t, (unsigned long)v);
                mpz_add(c->ss_num[i], c->ss_num[i], t);
            }
        }
        c->have_ss = 1;
    }
    /* minimal winning coalitions */
    if (want & ((1u << ENT_IDX_HOLLER) | (1u << ENT_IDX_DEEGAN))) {
        rc = ent_i_bitmap_minimal(&bm, 0, &mw, err);
        if (rc) goto done;
        uint64_t tot = 0;
        for (size_t W = 0; W < nw; W++) {
            uint64_t m = mw.win[W];
            if (!m) continue;
            tot += (uint64_t)__builtin_popcountll(m);
            size_t pw = (size_t)__builtin_popcountll((unsigned long long)W);
            for (size_t cc = 0; cc <= 6; cc++) {
                uint64_t u = m & Mc[cc];
                if (!u) continue;
                uint64_t pc = (uint64_t)__builtin_popcountll(u);
                for (size_t i = 0; i < n && i < 6; i++) ms[i * K + pw + cc] += (uint64_t)__builtin_popcountll(u & hm[i]);
                for (size_t i = 6; i < n; i++)
                    if ((W >> (i - 6)) & 1) ms[i * K + pw + cc] += pc;
            }
        }
        mpz_set_ui(c->minwin, (unsigned long)tot);
        for (size_t i = 0; i < n; i++) {
            uint64_t s = 0;
            mpq_set_ui(c->dp[i], 0, 1);
            mpq_t q;
            mpq_init(q);
            for (size_t k = 1; k < K; k++) {
                uint64_t v = ms[i * K + k];
                if (!v) continue;
                s += v;
                mpq_set_ui(q, (unsigned long)v, (unsigned long)k);
                mpq_canonicalize(q);
                mpq_add(c->dp[i], c->dp[i], q);
            }
            mpq_clear(q);
            mpz_set_ui(c->mwc[i], (unsigned long)s);
        }
        c->have_mwc = 1;
    }
    /* Johnston: critical players per winning coalition */
    if (want & (1u << ENT_IDX_JOHNSTON)) {
        for (size_t W = 0; W < nw; W++) {
            uint64_t wv = bm.win[W];
            if (!wv) continue;
            uint64_t any = 0;
            for (size_t i = 0; i < n; i++) {
                uint64_t has = i < 6 ? hm[i] : (((W >> (i - 6)) & 1) ? ~(uint64_t)0 : 0);
                crit[i] = wv & has & ~without_wins(bm.win, W, i, hm);
                any |= crit[i];
            }
            if (!any) continue;
            memset(cnt, 0, sizeof cnt);
            for (size_t i = 0; i < n; i++)
                for (uint64_t m = crit[i]; m; m &= m - 1) cnt[__builtin_ctzll(m)]++;
            for (size_t i = 0; i < n; i++)
                for (uint64_t m = crit[i]; m; m &= m - 1) jc[i * K + cnt[__builtin_ctzll(m)]]++;
        }
        mpq_t q;
        mpq_init(q);
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(c->johnston[i], 0, 1);
            for (size_t k = 1; k < K; k++) {
                uint64_t v = jc[i * K + k];
                if (!v) continue;
                mpq_set_ui(q, (unsigned long)v, (unsigned long)k);
                mpq_canonicalize(q);
                mpq_add(c->johnston[i], c->johnston[i], q);
            }
        }
        mpq_clear(q);
        c->have_johnston = 1;
    }
done:
    mpz_clears(t, f1, f2, NULL);
    free(sw);
    free(ms);
    free(jc);
    free(crit);
    ent_i_bitmap_free(&mw);
    ent_i_bitmap_free(&bm);
    return rc;
}
