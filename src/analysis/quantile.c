/* SPDX-License-Identifier: MIT */
/* quantile.c — a deterministic compactor quantile summary with a proven rank-error bound
 * (Manku, Rajagopalan & Lindsay, SIGMOD 1998; Karnin, Lang & Liberty, FOCS 2016, with the
 * random choices replaced by alternation). The algorithm, its bound and its costs are stated
 * in quantile.h. Used by simulate.c for the quantiles of more draws than it keeps.
 */
#include "analysis/quantile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ent_i_qsum_init(ent_i_qsum_t *q, size_t k)
{
    memset(q, 0, sizeof *q);
    q->k = k < 2 ? 2 : k + (k & 1);
}

void ent_i_qsum_free(ent_i_qsum_t *q)
{
    for (size_t h = 0; h < q->nlev; h++) free(q->buf[h]);
    free(q->buf);
    free(q->len);
    free(q->ncomp);
    ent_i_qsum_init(q, q->k);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static int grow(ent_i_qsum_t *q, size_t h)
{
    if (h < q->nlev) return 0;
    size_t m = h + 1;
    double **buf = realloc(q->buf, m * sizeof *buf);
    if (!buf) return -1;
    q->buf = buf;
    size_t *len = realloc(q->len, m * sizeof *len);
    if (!len) return -1;
    q->len = len;
    uint64_t *nc = realloc(q->ncomp, m * sizeof *nc);
    if (!nc) return -1;
    q->ncomp = nc;
    for (; q->nlev < m; q->nlev++) {
        q->len[q->nlev] = 0;
        q->ncomp[q->nlev] = 0;
        if (!(q->buf[q->nlev] = malloc(q->k * sizeof **q->buf))) return -1;
    }
    return 0;
}

/* Put x (weight 2^h) at level h; a full level is sorted and half of it goes up. */
static int push(ent_i_qsum_t *q, size_t h, double x)
{
    if (grow(q, h)) return -1;
    q->buf[h][q->len[h]++] = x;
    if (q->len[h] < q->k) return 0;
    double *b = q->buf[h];
    qsort(b, q->k, sizeof *b, cmp_double);
    size_t off = (size_t)(q->ncomp[h] & 1);  /* alternate: positions 1, 3, ... then 2, 4, ... */
    q->ncomp[h]++;
    q->len[h] = 0;  /* nothing writes level h while the kept half goes up */
    for (size_t i = off; i < q->k; i += 2)
        if (push(q, h + 1, b[i])) return -1;
    return 0;
}

int ent_i_qsum_add(ent_i_qsum_t *q, double x)
{
    if (push(q, 0, x)) return -1;
    q->n++;
    return 0;
}

uint64_t ent_i_qsum_rank_error(const ent_i_qsum_t *q)
{
    uint64_t e = 0;
    for (size_t h = 0; h < q->nlev; h++) e += ((q->ncomp[h] + 1) / 2) << h;
    return e;
}

size_t ent_i_qsum_bytes(const ent_i_qsum_t *q)
{
    return sizeof *q + q->nlev * (q->k * sizeof(double) + sizeof(double *) + sizeof(size_t) + sizeof(uint64_t));
}

typedef struct {
    double v;
    uint64_t w;
} item_t;

static int cmp_item(const void *x, const void *y)
{
    return cmp_double(&((const item_t *)x)->v, &((const item_t *)y)->v);
}

/* The value at 0-based position j of the repeated sorted values (cum[i]: weight of items
 * 0..i); the search starts at *at and moves forward (positions asked in increasing order). */
static double at_rank(const item_t *it, const uint64_t *cum, size_t m, uint64_t j, size_t *at)
{
    while (*at + 1 < m && cum[*at] <= j) (*at)++;
    return it[*at].v;
}

int ent_i_qsum_quantiles(const ent_i_qsum_t *q, const double *p, size_t np, double *out)
{
    if (!q->n) {
        for (size_t i = 0; i < np; i++) out[i] = NAN;
        return 0;
    }
    size_t m = 0;
    for (size_t h = 0; h < q->nlev; h++) m += q->len[h];
    item_t *it = malloc(m * sizeof *it);
    uint64_t *cum = malloc(m * sizeof *cum);
    if (!it || !cum) { free(it); free(cum); return -1; }
    size_t k = 0;
    for (size_t h = 0; h < q->nlev; h++)
        for (size_t i = 0; i < q->len[h]; i++) it[k++] = (item_t){q->buf[h][i], (uint64_t)1 << h};
    qsort(it, m, sizeof *it, cmp_item);
    uint64_t c = 0;
    for (size_t i = 0; i < m; i++) cum[i] = c += it[i].w;
    for (size_t i = 0; i < np; i++) {
        double h = (double)(q->n - 1) * p[i];
        uint64_t j = (uint64_t)h;
        size_t at = 0;
        double lo = at_rank(it, cum, m, j, &at);
        if (j + 1 >= q->n) { out[i] = at_rank(it, cum, m, q->n - 1, &at); continue; }
        double hi = at_rank(it, cum, m, j + 1, &at);
        out[i] = lo + (h - (double)j) * (hi - lo);
    }
    free(it);
    free(cum);
    return 0;
}
