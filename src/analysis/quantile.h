/* SPDX-License-Identifier: MIT */
/* quantile.h — internal: a deterministic quantile summary of a stream of doubles with a
 * proven rank-error bound (src/analysis/quantile.c; used by simulate.c above the exact
 * limit, docs/analyses.md §6). Not installed.
 *
 * A stack of compactors in the manner of Manku, Rajagopalan & Lindsay ("Approximate medians
 * and other quantiles in one pass and with limited memory", SIGMOD 1998) and Karnin, Lang &
 * Liberty ("Optimal quantile approximation in streams", FOCS 2016), with every choice
 * deterministic: level h holds up to k values of weight 2^h; when it fills it is sorted and
 * every other value goes up to level h + 1 with twice the weight, the kept half alternating
 * between the odd and the even positions (compaction c of level h keeps positions 1, 3, ...
 * when c is even, 2, 4, ... when it is odd). The result is a function of the sequence of
 * values alone.
 *
 * Bound. Let R(q) be the number of values <= q and R^(q) the weight of the summary's values
 * <= q. A compaction at level h changes R^(q) by +2^h or 0 (odd positions kept) and by -2^h
 * or 0 (even positions), so the m_h compactions of level h, alternating, change it by at most
 * ceil(m_h / 2) 2^h in all: |R^(q) - R(q)| <= E = sum_h ceil(m_h / 2) 2^h for every q, and
 * ent_i_qsum_rank_error returns this E of the values seen. A compaction at level h consumes
 * k values of weight 2^h, so m_h <= N / (k 2^h) and, with H levels that ever compacted
 * (H <= floor(log2(N / k)) + 1), E <= H N / (2k) + 2^(H-1).  For k = 16384 and N <= 10^9:
 * E <= 0.0006 N.
 *
 * Quantile p: the type-7 rule (Hyndman & Fan) on the summary's values each repeated by its
 * weight: with h = (N - 1) p and y the repeated values sorted, y[floor h] + frac(h)
 * (y[floor h + 1] - y[floor h]). Exact (the bits of a sort of every value) while nothing
 * has compacted (E = 0); otherwise it lies between the exact order statistics of ranks
 * floor(h) + 1 - E and floor(h) + 2 + E (1-based, clamped to 1..N).
 *
 * Memory: k doubles per level, at most floor(log2(N / k)) + 2 levels: 8 k (log2(N / k) + 2)
 * bytes. Time: O(log k) amortised per value (one sort of k values per k values per level).
 */
#ifndef ENT_ANALYSIS_QUANTILE_H
#define ENT_ANALYSIS_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

/* The default compactor size: E <= 0.0006 N up to N = 10^9 (above). */
#define ENT_I_QSUM_K 16384

typedef struct {
    size_t k;          /* values per level before it compacts; even, >= 2 */
    size_t nlev;       /* levels allocated */
    double **buf;      /* buf[h]: len[h] values of weight 2^h (k allocated) */
    size_t *len;
    uint64_t *ncomp;   /* compactions of level h so far */
    uint64_t n;        /* values added */
} ent_i_qsum_t;

/* An empty summary of compactor size k (rounded up to an even number >= 2). Owns nothing
 * until the first add; free with ent_i_qsum_free. */
void ent_i_qsum_init(ent_i_qsum_t *q, size_t k);
void ent_i_qsum_free(ent_i_qsum_t *q);
/* Add x (not NaN). 0, or -1 when out of memory (the summary is then unchanged in n but may
 * have lost values: discard it). */
int ent_i_qsum_add(ent_i_qsum_t *q, double x);
/* E above: the proven bound on |R^(q) - R(q)|; 0 while the summary is exact. */
uint64_t ent_i_qsum_rank_error(const ent_i_qsum_t *q);
/* The type-7 quantiles of the np probabilities p (in [0, 1]) into out; NaN for an empty
 * summary. 0, or -1 when out of memory. O(s log s) for s values held. */
int ent_i_qsum_quantiles(const ent_i_qsum_t *q, const double *p, size_t np, double *out);
/* Bytes held (buffers and level arrays). */
size_t ent_i_qsum_bytes(const ent_i_qsum_t *q);

#endif
