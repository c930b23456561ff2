/* SPDX-License-Identifier: MIT */
/* bdm.c — Bueno de Mesquita's expected-utility model: the kernel on plain arrays.
 *
 * Source: the specification ../shared/docs/models/bdm.md, which describes
 *   - variant scholz2011: what jmckib/bdm-scholz-expected-utility-model (commit 55f63e9)
 *     computes, the only public code that reproduces the mean path of Scholz, Calbert &
 *     Smith (2011, J. Theoretical Politics 23(4):510-531); quirks Q1..Q7 are kept;
 *   - variant printed: equations (15)-(33) of Scholz et al. 2011 as printed, with the
 *     salience typo of (25b) fixed;
 *   - variant eum-literal: the printed equations read literally, as decisionmechanics/eum.
 * Our account of the equations and of every quirk is docs/models/bdm.md.
 *
 * Algorithm and complexity, per round, n actors:
 *   scholz2011, exact path: Z (quirk Q1, the global denominator) is a sequential sum of n^3
 *     terms in the reference order (voter, a, b), and every P numerator a sequential O(n)
 *     sum in actor order; P is tabulated for all n^2 pairs once per phase: O(n^3) time,
 *     O(n^2) memory. Bit-identical to the reference (verified in tests/unit/test_bdm.c).
 *   scholz2011, fast path: positions are sorted once per phase. A voter k's utility
 *     difference between x_i and x_j is positive exactly for the voters on x_i's side of
 *     the midpoint, a contiguous run of the sorted voters, so every P numerator is a
 *     difference of column prefix sums of w_k d(x_k, x_a)^r_k found by binary search:
 *     O(log n). Z is, per voter, a sum of pairwise absolute differences of values that are
 *     sorted by a two-pointer merge outward from the voter: O(n). Total O(n^2) time after an
 *     O(n log n) sort, O(n^2) memory (callgrind: instructions x3.99 from 400 to 800 actors,
 *     x4.00 from 800 to 1600; the CPU time per n^2 rises by ~15 % over that range as the
 *     tables leave the caches, docs/models/bdm.md). Equal to the exact path up to rounding
 *     (sums run in another order).
 *   exact path, per call (Monte Carlo runs it 10^4-10^5 times at 10-30 actors): one
 *     workspace, no pow for exponent 1, tables shared by actors at one position, P_ij and
 *     P_ji from one pass, Z's terms two at a time (SSE2) but added in order, proposers that
 *     cannot be chosen not evaluated, repeated states reusing their round; the same bits
 *     (docs/models/bdm.md, "Per-call cost at small n").
 *   printed / eum-literal: P (30) is O(n) per pair, all pairs tabulated once per round:
 *     O(n^3) time, O(n^2) memory.
 * Deliberate deviations (all documented in docs/models/bdm.md):
 *   - where the reference divides by zero (all dangers equal, Dmax == Dmin) the round is
 *     reported unchanged and counted in result.degenerate (scholz2011 and printed); the
 *     eum-literal sub-mode keeps eum's r := 0;
 *   - scholz2011 median ties keep the first position in actor order (the reference walks
 *     CPython set order); ties are counted in result.median_ties;
 *   - fix_capitulation (off by default) ranks capitulations after compromises.
 */
#include "entente/bdm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ------------------------------------------------------------------------------------ */
/* names and options                                                                     */
/* ------------------------------------------------------------------------------------ */

void ent_bdm_opts_init(ent_bdm_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->variant = ENT_BDM_SCHOLZ2011;
    o->q = 1.0;
    o->t = NAN;
    o->rounds = 10;
    o->stop_when_still = 0;
    o->fix_capitulation = 0;
    o->compromise = ENT_BDM_COMPROMISE_WEIGHTED;
    o->eps = 1e-4;
    o->path = ENT_BDM_PATH_AUTO;
    o->exact_max = 64;
}

const char *ent_bdm_variant_name(ent_bdm_variant_t v)
{
    switch (v) {
    case ENT_BDM_SCHOLZ2011: return "scholz2011";
    case ENT_BDM_PRINTED: return "printed";
    case ENT_BDM_EUM_LITERAL: return "eum-literal";
    }
    return "?";
}

ent_status_t ent_bdm_variant_parse(const char *name, ent_bdm_variant_t *out)
{
    if (!name || !out) return ENT_EINVAL;
    if (!strcmp(name, "scholz2011") || !strcmp(name, "scholz2011-replication")) *out = ENT_BDM_SCHOLZ2011;
    else if (!strcmp(name, "printed")) *out = ENT_BDM_PRINTED;
    else if (!strcmp(name, "eum-literal") || !strcmp(name, "eum")) *out = ENT_BDM_EUM_LITERAL;
    else return ENT_EINVAL;
    return ENT_OK;
}

const char *ent_bdm_offer_kind_name(ent_bdm_offer_kind_t k)
{
    switch (k) {
    case ENT_BDM_OFFER_NONE: return "none";
    case ENT_BDM_OFFER_CONFRONTATION: return "confrontation";
    case ENT_BDM_OFFER_COMPROMISE: return "compromise";
    case ENT_BDM_OFFER_CAPITULATION: return "capitulation";
    }
    return "?";
}

void ent_bdm_result_init(ent_bdm_result_t *r)
{
    if (r) memset(r, 0, sizeof *r);
}

void ent_bdm_result_destroy(ent_bdm_result_t *r)
{
    if (!r) return;
    free(r->x);
    free(r->mean);
    free(r->median);
    free(r->r);
    free(r->offers);
    memset(r, 0, sizeof *r);
}

void ent_bdm_round_init(ent_bdm_round_t *r)
{
    if (r) memset(r, 0, sizeof *r);
}

void ent_bdm_round_destroy(ent_bdm_round_t *r)
{
    if (!r) return;
    free(r->danger);
    free(r->r);
    free(r->p_risk);
    free(r->p_offer);
    free(r->eu_a);
    free(r->eu_b);
    free(r->cand);
    free(r->chosen);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------------------------ */
/* engine state                                                                          */
/* ------------------------------------------------------------------------------------ */

typedef struct {
    size_t n;
    const double *c, *s;
    double *w;          /* n: c_k * s_k */
    double R;
    const ent_bdm_opts_t *o;
    int fast;           /* fast path (sorted positions, prefix sums) */
    int scholz;         /* variant scholz2011 */
    double *x;          /* n: current positions */
    double *r;          /* n: exponents in force */
    double *tmp;        /* n */
    double *danger;     /* n */
    double mu;          /* printed: median at the start of the round */
    /* exact path / printed */
    double *pw;         /* n*n: exact: pw[k*n + a] = pow(|x_k - x_a| / R, r_k); fast: the same
                           times w_k, by sorted ranks */
    double *P;          /* n*n: P(x_i beats x_j) of the current phase */
    double *E;          /* n*n: printed: E(c -> t) with c's exponent, offer phase */
    double Z;
    size_t *grp;        /* n, exact scholz2011: grp[a] = the first actor at x_a's position;
                           every table entry of a is that of grp[a] (same inputs, same bits) */
    double *usr, *ufr;  /* n, exact scholz2011 offers: U_s, U_f of the receiver's row by grp */
    /* fast path */
    size_t *ord;        /* n: actors sorted by position (stable) */
    size_t *rank;       /* n: rank[ord[m]] = m */
    size_t *sortbuf;    /* n: merge buffer of sort_positions */
    double *xs;         /* n: sorted positions */
    double *colpre;     /* n*(n+1): colpre[q*(n+1) + m] = sum of the first m sorted voters'
                           w*pw towards the actor of rank q */
    double *row;        /* n */
    double *wpre, *wxpre; /* n+1: printed fast: prefix sums of w and w*x over sorted voters */
    double *ls, *lf;    /* n*n, fast paths: log(0.5 -/+ 0.5 |x_i - x_j| / R) by actor pair
                           (scholz2011 borrows pw and colpre for them once P is built) */
    double *dblock;     /* the one allocation behind every double array above */
    size_t *zblock;     /* the one allocation behind every size_t array above */
} eng_t;

static void eng_free(eng_t *e)
{
    free(e->dblock);
    free(e->zblock);
}

/* Carve `cnt` elements off *cur (a bump allocator over one block); NULL for cnt == 0. */
static double *carve_d(double **cur, size_t cnt)
{
    double *p = cnt ? *cur : NULL;
    *cur += cnt;
    return p;
}

static size_t *carve_z(size_t **cur, size_t cnt)
{
    size_t *p = cnt ? *cur : NULL;
    *cur += cnt;
    return p;
}

/* One workspace per call: every array of the engine comes out of one block of doubles and one
 * of size_t, allocated here once (not per round or phase). n <= ENT_BDM_MAX_ACTORS, so the
 * sizes below (at most 6 n^2 + 12 n + 8 doubles) do not overflow. */
static ent_status_t eng_alloc(eng_t *e, size_t n, int fast, int scholz, ent_error_t *err)
{
    e->n = n;
    e->fast = fast;
    e->scholz = scholz;
    size_t nn = n * n;
    size_t nd = 5 * n + nn                                   /* w x r tmp danger, P */
                + (scholz ? nn : 0)                          /* pw */
                + (!scholz ? nn : 0)                         /* E */
                + (scholz && !fast ? 2 * n : 0)              /* usr ufr */
                + (fast ? n : 0)                             /* xs */
                + (fast && scholz ? (n + 1) * n + (n + 2) : 0) /* colpre row */
                + (fast && !scholz ? 2 * (n + 1) + 2 * nn : 0); /* wpre wxpre ls lf */
    size_t nz = (scholz && !fast ? n : 0) + (fast ? 3 * n : 0);
    if (n > ENT_BDM_MAX_ACTORS || nd > ((size_t)-1) / sizeof(double))
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "bdm: %zu actors is too many", n);
    e->dblock = malloc(nd * sizeof *e->dblock);
    e->zblock = nz ? malloc(nz * sizeof *e->zblock) : NULL;
    if (!e->dblock || (nz && !e->zblock))
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory for %zu actors", n);
    double *d = e->dblock;
    size_t *z = e->zblock;
    e->w = carve_d(&d, n);
    e->x = carve_d(&d, n);
    e->r = carve_d(&d, n);
    e->tmp = carve_d(&d, n);
    e->danger = carve_d(&d, n);
    e->P = carve_d(&d, nn);
    e->pw = carve_d(&d, scholz ? nn : 0);
    e->E = carve_d(&d, !scholz ? nn : 0);
    e->usr = carve_d(&d, scholz && !fast ? n : 0);
    e->ufr = carve_d(&d, scholz && !fast ? n : 0);
    e->xs = carve_d(&d, fast ? n : 0);
    e->colpre = carve_d(&d, fast && scholz ? (n + 1) * n : 0);
    e->row = carve_d(&d, fast && scholz ? n + 2 : 0);
    e->wpre = carve_d(&d, fast && !scholz ? n + 1 : 0);
    e->wxpre = carve_d(&d, fast && !scholz ? n + 1 : 0);
    e->ls = carve_d(&d, fast && !scholz ? nn : 0);
    e->lf = carve_d(&d, fast && !scholz ? nn : 0);
    e->grp = carve_z(&z, scholz && !fast ? n : 0);
    e->ord = carve_z(&z, fast ? n : 0);
    e->rank = carve_z(&z, fast ? n : 0);
    e->sortbuf = carve_z(&z, fast ? n : 0);
    if (fast && scholz) {
        e->ls = e->pw;
        e->lf = e->colpre;
    }
    return ENT_OK;
}

/* ------------------------------------------------------------------------------------ */
/* scholz2011: probabilities (quirk Q1)                                                 */
/* ------------------------------------------------------------------------------------ */

/* grp[a] = the first actor at x_a's position (exact path, once per round: O(n^2) compares,
 * n <= exact_max). Actors that share a position share every row and column of pw and P. */
static void position_groups(eng_t *e)
{
    size_t n = e->n;
    for (size_t a = 0; a < n; a++) {
        size_t g = a;
        for (size_t b = 0; b < a; b++)
            if (e->x[b] == e->x[a]) { g = b; break; }
        e->grp[a] = g;
    }
}

/* Z + |w (p[0] - pa)| + |w (p[1] - pa)| + ... + |w (p[n-1] - pa)|, added one by one, left to
 * right. With SSE2 (every x86-64) the terms are computed two at a time (the same IEEE
 * operations on each lane, so the same doubles) and still added in order; the term b = a
 * is +0, which leaves Z (>= +0) unchanged. */
static inline double z_row(double Z, const double *p, size_t n, double pa, double w)
{
    size_t b = 0;
#if defined(__SSE2__)
    const __m128d vpa = _mm_set1_pd(pa), vw = _mm_set1_pd(w);
    const __m128d mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
    __m128d z = _mm_set_sd(Z);
    for (; b + 4 <= n; b += 4) {
        __m128d t = _mm_and_pd(_mm_mul_pd(vw, _mm_sub_pd(_mm_loadu_pd(p + b), vpa)), mask);
        __m128d u = _mm_and_pd(_mm_mul_pd(vw, _mm_sub_pd(_mm_loadu_pd(p + b + 2), vpa)), mask);
        z = _mm_add_sd(z, t);
        z = _mm_add_sd(z, _mm_unpackhi_pd(t, t));
        z = _mm_add_sd(z, u);
        z = _mm_add_sd(z, _mm_unpackhi_pd(u, u));
    }
    if (b + 2 <= n) {
        __m128d t = _mm_and_pd(_mm_mul_pd(vw, _mm_sub_pd(_mm_loadu_pd(p + b), vpa)), mask);
        z = _mm_add_sd(z, t);
        z = _mm_add_sd(z, _mm_unpackhi_pd(t, t));
        b += 2;
    }
    Z = _mm_cvtsd_f64(z);
#endif
    for (; b < n; b++) Z += fabs(w * (p[b] - pa));
    return Z;
}

/* Exact path: pw, Z and the full P table with the reference's summation order (A.8).
 * The same expressions in the same order as the reference; what is skipped are calls and
 * operations whose result is known bit for bit: pow(d, 1) = d and pow(0, r > 0) = 0 (see
 * powr), pw entries of an actor that shares a position with an earlier one (the same pow
 * call), Z terms that are +0 (a == b, or a voter of weight 0: Z + 0 = Z, Z >= +0), and the
 * second half of P: P_ji's numerator sums, in the same voter order, the negated terms
 * -(w_k (pw_kj - pw_ki)) = w_k (pw_ki - pw_kj) that P_ij's leaves out, so both come from one
 * pass; P of actors that share positions is copied from their groups' first actors. */
static void exact_phase(eng_t *e)
{
    size_t n = e->n;
    const double R = e->R;
    const size_t *g = e->grp;
    for (size_t k = 0; k < n; k++) {
        const double xk = e->x[k], rk = e->r[k];
        double *pk = e->pw + k * n;
        for (size_t a = 0; a < n; a++) {
            if (g[a] != a) { pk[a] = pk[g[a]]; continue; }
            double d = fabs(xk - e->x[a]) / R;
            pk[a] = (rk == 1.0 || (d == 0.0 && rk > 0.0)) ? d : pow(d, rk);
        }
    }
    double Z = 0.0;
    for (size_t k = 0; k < n; k++) {
        const double wk = e->w[k];
        if (wk == 0.0) continue;
        const double *pk = e->pw + k * n;
        for (size_t a = 0; a < n; a++) Z = z_row(Z, pk, n, pk[a], wk);
    }
    e->Z = Z;
    double *P = e->P;
    for (size_t i = 0; i < n; i++) P[i * n + i] = 0.0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (e->x[i] == e->x[j]) { P[i * n + j] = P[j * n + i] = 0.0; continue; }
            if (g[i] != i || g[j] != j) { /* computed at the groups' first actors */
                P[i * n + j] = P[g[i] * n + g[j]];
                P[j * n + i] = P[g[j] * n + g[i]];
                continue;
            }
            double nij = 0.0, nji = 0.0;
            for (size_t k = 0; k < n; k++) {
                double d = e->w[k] * (e->pw[k * n + j] - e->pw[k * n + i]);
                if (d > 0) nij += d;
                else if (d < 0) nji += -d;
            }
            P[i * n + j] = nij / Z;
            P[j * n + i] = nji / Z;
        }
    }
}

/* Sort actor indices by (position, index): a stable merge sort (O(n log n)). */
static void sort_ord(size_t *ord, size_t *buf, const double *x, size_t n)
{
    if (n < 2) return;
    size_t h = n / 2;
    sort_ord(ord, buf, x, h);
    sort_ord(ord + h, buf, x, n - h);
    size_t i = 0, j = h, m = 0;
    while (i < h && j < n) {
        /* stable: take from the left half unless the right one is strictly smaller */
        if (x[ord[j]] < x[ord[i]]) buf[m++] = ord[j++];
        else buf[m++] = ord[i++];
    }
    while (i < h) buf[m++] = ord[i++];
    while (j < n) buf[m++] = ord[j++];
    memcpy(ord, buf, n * sizeof *ord);
}

/* Sort the current positions: ord, rank, xs. */
static ent_status_t sort_positions(eng_t *e, ent_error_t *err)
{
    size_t n = e->n;
    (void)err;
    for (size_t k = 0; k < n; k++) e->ord[k] = k;
    sort_ord(e->ord, e->sortbuf, e->x, n);
    for (size_t m = 0; m < n; m++) {
        e->rank[e->ord[m]] = m;
        e->xs[m] = e->x[e->ord[m]];
    }
    return ENT_OK;
}

/* Fast path, one phase: sort; V[m][q] = w_k d(x_k, x_q)^r_k for the voter k of rank m;
 * Z by per-voter sorted pairwise differences; column prefix sums C[q][m] = sum of V[0..m-1][q];
 * then the whole P table by one sweep per actor (the split between the supporters of x_i
 * and of x_j moves monotonically as x_j moves away from x_i). O(n^2 log n) for the sort of
 * nothing but positions, O(n^2) for the rest. */
static ent_status_t fast_phase(eng_t *e, ent_error_t *err)
{
    size_t n = e->n, n1 = n + 1;
    const double R = e->R;
    ent_status_t st = sort_positions(e, err);
    if (st) return st;
    double *V = e->pw, *C = e->colpre, *P = e->P;
    int all1 = 1;
    for (size_t k = 0; k < n; k++)
        if (e->r[k] != 1.0) all1 = 0;
    if (!all1) /* log distances by rank pair, symmetric: n^2/2 logs; parked in P */
        for (size_t m = 0; m < n; m++) {
            P[m * n + m] = -INFINITY;
            for (size_t q = m + 1; q < n; q++)
                P[m * n + q] = P[q * n + m] = log(fabs(e->xs[m] - e->xs[q]) / R);
        }
    double Z = 0.0;
    double *row = e->row + 1; /* row[-1] and row[n] are +Inf sentinels for the merge */
    row[-1] = row[n] = INFINITY;
    for (size_t m = 0; m < n; m++) {
        size_t k = e->ord[m];
        const double xk = e->xs[m], wk = e->w[k], rk = e->r[k];
        if (all1) {
            for (size_t q = 0; q < n; q++) row[q] = fabs(xk - e->xs[q]) / R;
        } else {
            const double *lg = P + m * n;
            for (size_t q = 0; q < n; q++) row[q] = exp(rk * lg[q]); /* = d^r_k */
        }
        double *vm = V + m * n;
        for (size_t q = 0; q < n; q++) vm[q] = wk * row[q];
        /* row[] is non-increasing on ranks < m and non-decreasing on ranks > m (as the
         * distance to x_k): merge both runs outward into ascending order and accumulate
         * sum_t (2t - n + 1) u_(t), which is half the sum of |u_b - u_a| over ordered pairs. */
        double acc = 0.0, base = -(double)n + 1.0, t = 1.0;
        ptrdiff_t lo = (ptrdiff_t)m - 1, hi = (ptrdiff_t)m + 1; /* next candidates */
        acc += base * row[m];
        for (size_t step = 1; step < n; step++) {
            double ul = row[lo], ur = row[hi];
            int left = ul <= ur;
            double u = left ? ul : ur;
            lo -= left;
            hi += !left;
            acc += (2.0 * t + base) * u;
            t += 1.0;
        }
        Z += wk * 2.0 * acc;
    }
    e->Z = Z;
    const double invZ = 1.0 / Z;
    /* column prefix sums, in blocks of columns so that the strided writes stay in cache */
    for (size_t q0 = 0; q0 < n; q0 += 32) {
        size_t q1 = q0 + 32 < n ? q0 + 32 : n;
        for (size_t q = q0; q < q1; q++) C[q * n1] = 0.0;
        for (size_t m = 0; m < n; m++) {
            const double *vm = V + m * n;
            for (size_t q = q0; q < q1; q++) C[q * n1 + m + 1] = C[q * n1 + m] + vm[q];
        }
    }
    /* P table: for x_i < x_j the supporters of i are the sorted prefix [0, m) of voters
     * strictly closer to x_i, those of j the suffix [m, n) (voters at equal distance
     * contribute 0 to both) */
    /* the sweep below reads C[q][m] for a new row q at every step; C[q][0] is 0 and the
     * totals C[q][n] are copied into one array, so that each step touches one line of C
     * instead of three (the same values, so the same bits) */
    double *tot = e->row;
    for (size_t q = 0; q < n; q++) tot[q] = C[q * n1 + n];
    for (size_t k = 0; k < n; k++) P[k * n + k] = 0.0;
    for (size_t qi = 0; qi < n; qi++) {
        size_t i = e->ord[qi];
        const double xi = e->xs[qi];
        const double *ci = C + qi * n1;
        const double ci0 = ci[0], cin = ci[n];
        size_t q = qi + 1;
        for (; q < n && e->xs[q] == xi; q++) { /* equal positions: P = 0 both ways */
            size_t j = e->ord[q];
            P[i * n + j] = P[j * n + i] = 0.0;
        }
        size_t m = q; /* voters at or left of x_i are closer to it */
        for (; q < n; q++) {
            size_t j = e->ord[q];
            const double xj = e->xs[q];
            while (m < n && e->xs[m] <= xj && fabs(e->xs[m] - xi) < fabs(e->xs[m] - xj)) m++;
            const double *cj = C + q * n1;
            const double cjm = cj[m], cim = ci[m];
            double nij = (cjm - 0.0) - (cim - ci0);
            double nji = (cin - cim) - (tot[q] - cjm);
            if (nij < 0) nij = 0.0; /* rounding of prefix-sum differences */
            if (nji < 0) nji = 0.0;
            P[i * n + j] = nij * invZ;
            P[j * n + i] = nji * invZ;
        }
    }
    return ENT_OK;
}

/* Fast paths: ls/lf = log(0.5 -/+ 0.5 |x_i - x_j| / R) for every actor pair (n^2 logs), so
 * that U_s and U_f cost one exp each: pow(b, r) = exp(r log b). */
static void fast_log_tables(eng_t *e)
{
    size_t n = e->n;
    const double R = e->R;
    for (size_t i = 0; i < n; i++) {
        e->ls[i * n + i] = e->lf[i * n + i] = log(0.5);
        for (size_t j = i + 1; j < n; j++) {
            double adx = fabs(e->x[i] - e->x[j]);
            e->ls[i * n + j] = e->ls[j * n + i] = log(0.5 - (0.5 * adx) / R);
            e->lf[i * n + j] = e->lf[j * n + i] = log(0.5 + (0.5 * adx) / R);
        }
    }
}

static double sch_p(const eng_t *e, size_t i, size_t j)
{
    return e->P[i * e->n + j];
}

static ent_status_t sch_phase(eng_t *e, ent_error_t *err)
{
    if (e->fast) return fast_phase(e, err);
    exact_phase(e);
    return ENT_OK;
}

/* pow, without the call for rho == 1: pow(b, 1) is b itself, bit for bit (glibc's pow is
 * within 0.54 ulp of the exact result, and b is exact; checked on every power of two and its
 * neighbours and on 5e7 random doubles), so the exact paths keep the reference's bits while
 * the risk phase, the dangers and the median walk (all with exponent 1) make no call at all.
 * `fast` is kept for the callers' sake. */
static inline double powr(double b, double rho, int fast)
{
    (void)fast;
    return rho == 1.0 ? b : pow(b, rho);
}

/* EU_rho(i -> j) of A.1 with target salience st, probability p, distance |dx|, q. */
static double sch_eu(double st, double p, double adx, double R, double rho, double q, int fast)
{
    double us = 2.0 - 4.0 * powr(0.5 - (0.5 * adx) / R, rho, fast);
    double uf = 2.0 - 4.0 * powr(0.5 + (0.5 * adx) / R, rho, fast);
    double usq = 2.0 - 4.0 * powr(0.5, rho, fast);
    return (st * (p * us + (1.0 - p) * uf) + (1.0 - st) * us) - q * usq;
}

/* Risk exponents from dangers (A.2 step 3 / (32)-(33)). Returns 0 when max == min. */
static int risk_exponents(const double *D, size_t n, double *r, double spread_min)
{
    double dmax = D[0], dmin = D[0];
    for (size_t i = 1; i < n; i++) {
        if (D[i] > dmax) dmax = D[i];
        if (D[i] < dmin) dmin = D[i];
    }
    if (!(dmax - dmin > spread_min)) return 0;
    for (size_t i = 0; i < n; i++) {
        double Ri = (2.0 * D[i] - dmax - dmin) / (dmax - dmin);
        r[i] = (1.0 - Ri / 3.0) / (1.0 + Ri / 3.0);
    }
    return 1;
}

/* ------------------------------------------------------------------------------------ */
/* printed / eum-literal                                                                 */
/* ------------------------------------------------------------------------------------ */

/* P (30) for all pairs of the current positions: O(n^3) direct; fast: O(n^2) after a sort,
 * from prefix sums of w and w*x over the sorted voters. With a < b the two positions,
 * v_k = b - a left of a, a + b - 2 x_k between them, a - b right of b; for fixed a the
 * boundaries (b's block, the midpoint) move monotonically as b grows. */
static ent_status_t printed_p(eng_t *e, ent_error_t *err)
{
    size_t n = e->n;
    double eps = e->o->eps;
    if (e->fast) {
        ent_status_t st = sort_positions(e, err);
        if (st) return st;
        double *W = e->wpre, *WX = e->wxpre, *P = e->P;
        const double *xs = e->xs;
        W[0] = WX[0] = 0.0;
        for (size_t m = 0; m < n; m++) {
            double wk = e->w[e->ord[m]];
            W[m + 1] = W[m] + wk;
            WX[m + 1] = WX[m] + wk * xs[m];
        }
        for (size_t k = 0; k < n; k++) P[k * n + k] = 0.0;
        for (size_t qi = 0; qi < n; qi++) {
            size_t i = e->ord[qi];
            const double xa = xs[qi];
            size_t q = qi + 1;
            for (; q < n && xs[q] - xa < eps; q++) { /* (nearly) equal positions: P = 0 */
                size_t j = e->ord[q];
                P[i * n + j] = P[j * n + i] = 0.0;
            }
            size_t L = qi + 1; /* first rank right of x_a */
            while (L < n && xs[L] <= xa) L++;
            size_t B = q, M = L, M2 = L;
            for (; q < n; q++) {
                size_t j = e->ord[q];
                const double xb = xs[q], mid = xa + (xb - xa) / 2;
                if (xs[B] < xb) B = q;          /* first rank of x_b's block */
                while (M < n && xs[M] < mid) M++;   /* first rank >= mid */
                if (M2 < M) M2 = M;
                while (M2 < n && xs[M2] <= mid) M2++; /* first rank > mid */
                size_t m1 = M < B ? M : B, m2 = M2 < B ? M2 : B;
                double left = (xa + xb) * (W[m1] - W[L]) - 2.0 * (WX[m1] - WX[L]);
                double right = 2.0 * (WX[B] - WX[m2]) - (xa + xb) * (W[B] - W[m2]);
                if (left < 0) left = 0;
                if (right < 0) right = 0;
                double outl = (xb - xa) * W[L], outr = (xb - xa) * (W[n] - W[B]);
                double den = outl + outr + left + right;
                P[i * n + j] = den > 0 ? (outl + left) / den : 0.0;
                P[j * n + i] = den > 0 ? (outr + right) / den : 0.0;
            }
        }
        return ENT_OK;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double xi = e->x[i], xj = e->x[j];
            if (fabs(xi - xj) < eps) { e->P[i * n + j] = 0.0; continue; }
            double num = 0.0, den = 0.0;
            for (size_t k = 0; k < n; k++) {
                double v = fabs(e->x[k] - xj) - fabs(e->x[k] - xi);
                double wv = e->w[k] * v;
                if (v > 0) num += wv;
                den += fabs(wv);
            }
            e->P[i * n + j] = den > 0 ? num / den : 0.0;
        }
    }
    return ENT_OK;
}

/* E(c -> t) of (25a) with the challenger's exponent rho, the target's salience st, P_ct,
 * and the T / U_b / U_w terms measured from `from` (the challenger, or in eum-literal's
 * E_ji the receiver i). */
static double printed_eu(const eng_t *e, double st, double p, double adx, double from_mu,
                         double from_adx, double rho, size_t pair)
{
    const double R = e->R, Q = e->o->q;
    const int fast = e->fast;
    double us, uf;
    if (fast && rho != 1.0) { /* fast path: pow(b, r) = exp(r log b), logs by actor pair */
        us = 2.0 - 4.0 * exp(rho * e->ls[pair]);
        uf = 2.0 - 4.0 * exp(rho * e->lf[pair]);
    } else {
        us = 2.0 - 4.0 * powr(0.5 - (0.5 * adx) / R, rho, fast);
        uf = 2.0 - 4.0 * powr(0.5 + (0.5 * adx) / R, rho, fast);
    }
    double usq = 2.0 - 4.0 * powr(0.5, rho, fast);
    double eu = st * (p * us + (1.0 - p) * uf) + (1.0 - st) * us - Q * usq;
    if (Q != 1.0) {
        double T = isnan(e->o->t) ? (from_mu < from_adx ? 1.0 : 0.0) : e->o->t;
        double ub = 2.0 - 4.0 * powr(0.5 - 0.25 * (from_mu + from_adx) / R, rho, fast);
        double uw = 2.0 - 4.0 * powr(0.5 + 0.25 * (from_mu + from_adx) / R, rho, fast);
        eu -= (1.0 - Q) * (T * ub + (1.0 - T) * uw);
    }
    return eu;
}

/* Fixed E(c -> t): everything from the challenger's side. */
static double printed_e(const eng_t *e, size_t c, size_t t, double rho)
{
    double adx = fabs(e->x[c] - e->x[t]);
    return printed_eu(e, e->s[t], e->P[c * e->n + t], adx, fabs(e->x[c] - e->mu), adx, rho,
                      c * e->n + t);
}

/* ------------------------------------------------------------------------------------ */
/* median                                                                                */
/* ------------------------------------------------------------------------------------ */

/* scholz2011 (A.6): walk distinct positions in first-appearance order, moving m to y when
 * V(y, m) > 0. *tie is set when a later position has V == 0 exactly against the winner. */
static double median_walk(const double *x, const double *w, size_t n, double R, int fast, int *tie)
{
    double m = x[0];
    *tie = 0;
    for (size_t a = 1; a < n; a++) {
        double y = x[a];
        int seen = 0;
        for (size_t b = 0; b < a; b++)
            if (x[b] == y) { seen = 1; break; }
        if (seen || y == m) continue;
        double V = 0.0;
        for (size_t k = 0; k < n; k++)
            V += w[k] * (powr(fabs(x[k] - m) / R, 1.0, fast) - powr(fabs(x[k] - y) / R, 1.0, fast));
        if (V > 0) { m = y; *tie = 0; }
        else if (V == 0) *tie = 1;
    }
    return m;
}

/* printed (B.3): the held position minimising F(y) = sum_k w_k |x_k - y|, first on ties. */
static double median_argmin(const double *x, const double *w, size_t n, int *tie)
{
    double best = x[0], fbest = INFINITY;
    *tie = 0;
    for (size_t a = 0; a < n; a++) {
        double F = 0.0;
        for (size_t k = 0; k < n; k++) F += w[k] * fabs(x[k] - x[a]);
        if (F < fbest) { fbest = F; best = x[a]; *tie = 0; }
        else if (F == fbest && x[a] != best) *tie = 1;
    }
    return best;
}

static double weighted_mean(const double *x, const double *w, size_t n)
{
    double num = 0.0, den = 0.0;
    for (size_t k = 0; k < n; k++) num += w[k] * x[k];
    for (size_t k = 0; k < n; k++) den += w[k];
    return num / den;
}

/* ------------------------------------------------------------------------------------ */
/* one round                                                                             */
/* ------------------------------------------------------------------------------------ */

typedef struct {
    ent_bdm_round_t *insp; /* optional: record everything */
    ent_bdm_offer_t *best; /* n: chosen offer per receiver (kind NONE = none) */
    int degenerate;
} round_out_t;

static void record_cand(round_out_t *ro, size_t n, size_t i, size_t j, const ent_bdm_offer_t *of)
{
    if (ro->insp) ro->insp->cand[i * n + j] = *of;
}

/* scholz2011 round (A.2-A.4) on e->x; fills ro->best. */
static ent_status_t scholz_round(eng_t *e, round_out_t *ro, ent_error_t *err)
{
    size_t n = e->n;
    const double R = e->R, q = e->o->q;
    ent_status_t st;
    for (size_t k = 0; k < n; k++) e->r[k] = 1.0;
    if (!e->fast) position_groups(e); /* positions are fixed for the round's two phases */
    if ((st = sch_phase(e, err))) return st;
    if (ro->insp) {
        ro->insp->z_risk = e->Z;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) ro->insp->p_risk[i * n + j] = sch_p(e, i, j);
    }
    for (size_t i = 0; i < n; i++) {
        double D = 0.0;
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            D += sch_eu(e->s[i], sch_p(e, j, i), fabs(e->x[j] - e->x[i]), R, 1.0, q, e->fast);
        }
        e->danger[i] = D;
    }
    for (size_t i = 0; i < n; i++) ro->best[i].kind = ENT_BDM_OFFER_NONE;
    if (!risk_exponents(e->danger, n, e->tmp, 0.0)) {
        ro->degenerate = 1;
        return ENT_OK;
    }
    memcpy(e->r, e->tmp, n * sizeof *e->r);
    if ((st = sch_phase(e, err))) return st;
    if (ro->insp) {
        ro->insp->z_offer = e->Z;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) ro->insp->p_offer[i * n + j] = sch_p(e, i, j);
    }
    const int fixcap = e->o->fix_capitulation, fast = e->fast;
    if (fast) fast_log_tables(e); /* pw and colpre are free again */
    for (size_t i = 0; i < n; i++) {
        const double xi = e->x[i], ri = e->r[i];
        const double usq = 2.0 - 4.0 * powr(0.5, ri, 0);
        long conf = -1, comp = -1, cap = -1;
        ent_bdm_offer_t oc = {0}, om = {0}, ok = {0};
        for (size_t j = 0; j < n; j++) {
            const double xj = e->x[j];
            if (xj == xi) continue;
            double adx = fabs(xi - xj);
            /* i's choice is its nearest confrontation (the first in actor order at equal
             * distance) when it has one: once one is found at distance oc.key, a proposer
             * at least as far can change nothing, so its EU (two pow calls) is skipped
             * (unless every pair is being recorded); an actor at j's position is skipped
             * alike, as its distance is the same and oc.key only decreases */
            if (conf >= 0 && adx >= oc.key && !ro->insp) continue;
            double pij = sch_p(e, i, j), pji = sch_p(e, j, i);
            /* both from i's perspective (quirk Q2) */
            double us, uf;
            if (fast) {
                us = 2.0 - 4.0 * exp(ri * e->ls[i * n + j]);
                uf = 2.0 - 4.0 * exp(ri * e->lf[i * n + j]);
            } else if (e->grp[j] != j) { /* the same position as an earlier j: same values */
                us = e->usr[e->grp[j]];
                uf = e->ufr[e->grp[j]];
            } else {
                us = 2.0 - 4.0 * powr(0.5 - (0.5 * adx) / R, ri, 0);
                uf = 2.0 - 4.0 * powr(0.5 + (0.5 * adx) / R, ri, 0);
                e->usr[j] = us;
                e->ufr[j] = uf;
            }
            double a = (e->s[j] * (pij * us + (1.0 - pij) * uf) + (1.0 - e->s[j]) * us) - q * usq;
            double b = (e->s[i] * (pji * us + (1.0 - pji) * uf) + (1.0 - e->s[i]) * us) - q * usq;
            ent_bdm_offer_t of = {1, i, j, ENT_BDM_OFFER_NONE, a, b, xi, 0.0};
            if (b > a && a > 0) {
                of.kind = ENT_BDM_OFFER_CONFRONTATION;
                of.x_new = xj;
                of.key = adx;
                if (conf < 0 || of.key < oc.key) { conf = (long)j; oc = of; }
            } else if (b > 0 && a < 0 && b > fabs(a)) {
                of.kind = ENT_BDM_OFFER_COMPROMISE;
                of.x_new = xi + (xj - xi) * fabs(a / b);
                of.key = (fabs(a) * xi + fabs(b) * xj) / (fabs(a) + fabs(b)); /* quirk Q7 */
                if (comp < 0 || of.key < om.key) { comp = (long)j; om = of; }
            } else if (b > 0 && a < 0 && (fixcap ? b < fabs(a) : b < fabs(b))) { /* quirk Q6 */
                of.kind = ENT_BDM_OFFER_CAPITULATION;
                of.x_new = xj;
                of.key = adx;
                if (cap < 0 || of.key < ok.key) { cap = (long)j; ok = of; }
            }
            if (ro->insp) {
                ro->insp->eu_a[i * n + j] = a;
                ro->insp->eu_b[i * n + j] = b;
            }
            record_cand(ro, n, i, j, &of);
        }
        if (conf >= 0) ro->best[i] = oc;
        else if (comp >= 0) ro->best[i] = om;
        else if (cap >= 0) ro->best[i] = ok;
    }
    return ENT_OK;
}

/* printed / eum-literal round (B.4-B.6) on e->x with e->mu set; fills ro->best. */
static ent_status_t printed_round(eng_t *e, round_out_t *ro, ent_error_t *err)
{
    size_t n = e->n;
    const double eps = e->o->eps;
    const int literal = e->o->variant == ENT_BDM_EUM_LITERAL;
    ent_status_t st = printed_p(e, err);
    if (st) return st;
    if (ro->insp) {
        memcpy(ro->insp->p_risk, e->P, n * n * sizeof *e->P);
        memcpy(ro->insp->p_offer, e->P, n * n * sizeof *e->P);
    }
    for (size_t i = 0; i < n; i++) {
        double S = 0.0;
        for (size_t j = 0; j < n; j++)
            if (j != i) S += printed_e(e, j, i, 1.0);
        e->danger[i] = S;
    }
    for (size_t i = 0; i < n; i++) ro->best[i].kind = ENT_BDM_OFFER_NONE;
    if (!risk_exponents(e->danger, n, e->r, eps)) {
        if (!literal) {
            for (size_t k = 0; k < n; k++) e->r[k] = 1.0;
            ro->degenerate = 1;
            return ENT_OK;
        }
        for (size_t k = 0; k < n; k++) e->r[k] = 0.0; /* eum */
        ro->degenerate = 1;
    }
    /* E(c -> t) with the challenger's new exponent, every ordered pair: O(n^2) */
    if (e->fast) fast_log_tables(e);
    for (size_t c = 0; c < n; c++)
        for (size_t t = 0; t < n; t++)
            e->E[c * n + t] = t == c ? 0.0 : printed_e(e, c, t, e->r[c]);
    for (size_t i = 0; i < n; i++) {
        const double xi = e->x[i];
        long cls[3] = {-1, -1, -1}; /* confrontation(-), compromise(-), compel(-) */
        ent_bdm_offer_t bo[3];
        memset(bo, 0, sizeof bo);
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            const double xj = e->x[j];
            if (!literal && fabs(xi - xj) < eps) continue;
            double adx = fabs(xi - xj);
            double a = e->E[i * n + j];
            double b;
            if (literal) /* (25b) as printed: s_j, T and distances from i, exponent r_j */
                b = printed_eu(e, e->s[j], e->P[j * n + i], adx, fabs(xi - e->mu), adx, e->r[j],
                               i * n + j);
            else
                b = e->E[j * n + i];
            int az = fabs(a) < eps, bz = fabs(b) < eps;
            ent_bdm_offer_t of = {1, i, j, ENT_BDM_OFFER_NONE, a, b, xi, 0.0};
            int c = -1;
            if (bz) c = -1;
            else if (az) c = b > 0 ? 1 : -1;
            else if (a > 0 && b > 0 && a < b) c = 0;
            else if (a < 0 && b > 0) c = fabs(a) > b ? 2 : 1;
            if (c == 0 || c == 2) {
                of.kind = c == 0 ? ENT_BDM_OFFER_CONFRONTATION : ENT_BDM_OFFER_CAPITULATION;
                of.x_new = xj;
            } else if (c == 1) {
                of.kind = ENT_BDM_OFFER_COMPROMISE;
                if (e->o->compromise == ENT_BDM_COMPROMISE_RATIO)
                    of.x_new = xi + (xj - xi) * fabs(a / b);
                else
                    of.x_new = (fabs(a) * xi + fabs(b) * xj) / (fabs(a) + fabs(b));
            }
            if (ro->insp) {
                ro->insp->eu_a[i * n + j] = a;
                ro->insp->eu_b[i * n + j] = b;
            }
            if (c >= 0) {
                of.key = fabs(xi - of.x_new);
                if (cls[c] < 0 || of.key < bo[c].key) { cls[c] = (long)j; bo[c] = of; }
            }
            record_cand(ro, n, i, j, &of);
        }
        for (int c = 0; c < 3; c++)
            if (cls[c] >= 0) { ro->best[i] = bo[c]; break; }
    }
    return ENT_OK;
}

/* ------------------------------------------------------------------------------------ */
/* public entry points                                                                   */
/* ------------------------------------------------------------------------------------ */

static ent_status_t check_inputs(size_t n, const double *c, const double *x, const double *s,
                                 const ent_bdm_opts_t *o, ent_error_t *err)
{
    if (n == 0 || !c || !x || !s || !o)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: no actors");
    if (n > ENT_BDM_MAX_ACTORS)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0,
                             "bdm: %zu actors on one issue; at most %d (memory grows as n^2)",
                             n, ENT_BDM_MAX_ACTORS);
    if (o->variant != ENT_BDM_SCHOLZ2011 && o->variant != ENT_BDM_PRINTED &&
        o->variant != ENT_BDM_EUM_LITERAL)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: unknown variant %d", (int)o->variant);
    if (!isfinite(o->q) || o->q < 0 || o->q > 1)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: Q must lie in [0,1]; got %g", o->q);
    if (!isnan(o->t) && !(o->t >= 0 && o->t <= 1))
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: T must lie in [0,1] or be NaN; got %g", o->t);
    if (!(o->eps >= 0) || !isfinite(o->eps))
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: eps must be finite and >= 0");
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(c[k]) || c[k] < 0)
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: actor %zu: capability must be finite and >= 0", k + 1);
        if (!isfinite(x[k]))
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: actor %zu: position must be finite", k + 1);
        if (!(s[k] >= 0 && s[k] <= 1))
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: actor %zu: salience must lie in [0,1]", k + 1);
    }
    return ENT_OK;
}

static double range_of(const double *x, size_t n)
{
    double lo = x[0], hi = x[0];
    for (size_t k = 1; k < n; k++) {
        if (x[k] < lo) lo = x[k];
        if (x[k] > hi) hi = x[k];
    }
    return hi - lo;
}

/* A round is a function of the positions it starts from alone (w, s, R and the options are
 * fixed for the run; the exponents start at 1 in every round; printed's median is a function
 * of the positions). When state t - 1 equals, bit for bit, an earlier state u (a model that
 * has converged: u = t - 2; a cycle: u further back), round t repeats round u + 1 exactly:
 * the caller copies that round's offers (out->offers[rmemo[u + 1] .. rmemo[u + 2])), its
 * exponents and its degenerate count instead of computing them. Returns u + 1, or 0 when
 * none of the last 16 states matches. O(16 n) per round. */
static size_t round_memo(const ent_bdm_result_t *out, size_t n, int t)
{
    const double *cur = out->x + (size_t)(t - 1) * n;
    for (int u = t - 2; u >= 0 && u >= t - 17; u--)
        if (!memcmp(out->x + (size_t)u * n, cur, n * sizeof *cur)) return (size_t)u + 1;
    return 0;
}

/* Over 100 lines on purpose: state 0, then per round the memo lookup (round_memo), the round,
 * the record of its offers and the simultaneous update, in the order the reference runs them;
 * split up, the round's bookkeeping (best[], rmemo, cap_off) would have to travel in a struct. */
ent_status_t ent_bdm_solve(size_t n, const double *c, const double *x, const double *s, int rounds,
                           const ent_bdm_opts_t *o, ent_bdm_result_t *out, ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    ent_bdm_opts_t defo;
    if (!o) { ent_bdm_opts_init(&defo); o = &defo; }
    if (!out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: no result");
    ent_bdm_result_init(out);
    if ((st = check_inputs(n, c, x, s, o, err))) return st;
    if (rounds <= 0) rounds = o->rounds > 0 ? o->rounds : 10;
    if (rounds > 1000000) return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "bdm: at most 1000000 rounds");
    const int scholz = o->variant == ENT_BDM_SCHOLZ2011;
    int fast = o->path == ENT_BDM_PATH_FAST || (o->path == ENT_BDM_PATH_AUTO && n > o->exact_max);
    eng_t e;
    memset(&e, 0, sizeof e);
    ent_bdm_offer_t *best = NULL;
    size_t cap_off = 0;
    /* rmemo[t]: index of round t's first offer in out->offers; rmemo[ns + t]: its degenerate
     * count (round_memo) */
    size_t *rmemo = NULL;
    if ((st = eng_alloc(&e, n, fast, scholz, err))) goto done;
    e.c = c;
    e.s = s;
    e.o = o;
    for (size_t k = 0; k < n; k++) e.w[k] = c[k] * s[k];
    memcpy(e.x, x, n * sizeof *x);
    e.R = range_of(x, n);
    size_t ns = (size_t)rounds + 1;
    out->n = n;
    out->R = e.R;
    out->exact = !fast;
    out->x = malloc(ns * n * sizeof *out->x);
    out->r = malloc(ns * n * sizeof *out->r);
    out->mean = malloc(ns * sizeof *out->mean);
    out->median = malloc(ns * sizeof *out->median);
    best = malloc(n * sizeof *best);
    rmemo = malloc(2 * (ns + 1) * sizeof *rmemo);
    if (!out->x || !out->r || !out->mean || !out->median || !best || !rmemo) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory");
        goto done;
    }
    double wsum = 0.0;
    for (size_t k = 0; k < n; k++) wsum += e.w[k];
    /* state 0 */
    int tie = 0;
    memcpy(out->x, x, n * sizeof *x);
    for (size_t k = 0; k < n; k++) out->r[k] = 1.0;
    out->mean[0] = wsum > 0 ? weighted_mean(e.x, e.w, n) : NAN;
    if (e.R > 0) {
        out->median[0] = scholz ? median_walk(e.x, e.w, n, e.R, fast, &tie) : median_argmin(e.x, e.w, n, &tie);
    } else {
        out->median[0] = x[0];
    }
    out->median_ties += tie;
    out->nstates = 1;
    for (int t = 1; t <= rounds; t++) {
        round_out_t ro = {NULL, best, 0};
        int moved = 0;
        rmemo[t] = out->noffers;
        size_t again = round_memo(out, n, t);
        if (again) { /* round `again` started from the same positions */
            for (size_t i = 0; i < n; i++) best[i].kind = ENT_BDM_OFFER_NONE;
            for (size_t f = rmemo[again]; f < rmemo[again + 1]; f++)
                best[out->offers[f].receiver] = out->offers[f];
            memcpy(e.r, out->r + again * n, n * sizeof *e.r);
            ro.degenerate = (int)rmemo[ns + again];
        } else if (e.R > 0 && wsum > 0) {
            e.mu = out->median[t - 1];
            if (scholz) st = scholz_round(&e, &ro, err);
            else st = printed_round(&e, &ro, err);
            if (st) goto done;
        } else {
            for (size_t i = 0; i < n; i++) best[i].kind = ENT_BDM_OFFER_NONE;
            for (size_t k = 0; k < n; k++) e.r[k] = 1.0;
        }
        out->degenerate += ro.degenerate;
        rmemo[ns + (size_t)t] = (size_t)ro.degenerate;
        for (size_t i = 0; i < n; i++) {
            if (best[i].kind == ENT_BDM_OFFER_NONE) continue;
            if (out->noffers == cap_off) {
                size_t nc = cap_off ? cap_off * 2 : 16;
                ent_bdm_offer_t *no = realloc(out->offers, nc * sizeof *no);
                if (!no) { st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory"); goto done; }
                out->offers = no;
                cap_off = nc;
            }
            best[i].round = t;
            out->offers[out->noffers++] = best[i];
        }
        /* simultaneous update (quirk Q5) */
        for (size_t i = 0; i < n; i++) {
            if (best[i].kind == ENT_BDM_OFFER_NONE) continue;
            if (best[i].x_new != e.x[i]) moved = 1;
            e.x[i] = best[i].x_new;
        }
        memcpy(out->x + (size_t)t * n, e.x, n * sizeof *e.x);
        memcpy(out->r + (size_t)t * n, e.r, n * sizeof *e.r);
        out->mean[t] = wsum > 0 ? weighted_mean(e.x, e.w, n) : NAN;
        if (e.R > 0)
            out->median[t] = scholz ? median_walk(e.x, e.w, n, e.R, fast, &tie) : median_argmin(e.x, e.w, n, &tie);
        else {
            out->median[t] = e.x[0];
            tie = 0;
        }
        out->median_ties += tie;
        out->nstates = (size_t)t + 1;
        if (o->stop_when_still && !moved) break;
    }
done:
    free(best);
    free(rmemo);
    eng_free(&e);
    if (st) ent_bdm_result_destroy(out);
    return st;
}

ent_status_t ent_bdm_round_inspect(size_t n, const double *c, const double *x, const double *s,
                                   double R, const ent_bdm_opts_t *o, ent_bdm_round_t *out,
                                   ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    ent_bdm_opts_t defo;
    if (!o) { ent_bdm_opts_init(&defo); o = &defo; }
    if (!out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: no result");
    ent_bdm_round_init(out);
    if ((st = check_inputs(n, c, x, s, o, err))) return st;
    eng_t e;
    memset(&e, 0, sizeof e);
    ent_bdm_offer_t *best = NULL;
    if ((st = eng_alloc(&e, n, 0, o->variant == ENT_BDM_SCHOLZ2011, err))) goto done;
    e.c = c;
    e.s = s;
    e.o = o;
    for (size_t k = 0; k < n; k++) e.w[k] = c[k] * s[k];
    memcpy(e.x, x, n * sizeof *x);
    e.R = R > 0 ? R : range_of(x, n);
    out->n = n;
    out->R = e.R;
    out->z_risk = out->z_offer = NAN;
    out->danger = malloc(n * sizeof *out->danger);
    out->r = malloc(n * sizeof *out->r);
    out->p_risk = calloc(n * n, sizeof *out->p_risk);
    out->p_offer = calloc(n * n, sizeof *out->p_offer);
    out->eu_a = malloc(n * n * sizeof *out->eu_a);
    out->eu_b = malloc(n * n * sizeof *out->eu_b);
    out->cand = calloc(n * n, sizeof *out->cand);
    out->chosen = malloc(n * sizeof *out->chosen);
    best = malloc(n * sizeof *best);
    if (!out->danger || !out->r || !out->p_risk || !out->p_offer || !out->eu_a || !out->eu_b ||
        !out->cand || !out->chosen || !best) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "bdm: out of memory");
        goto done;
    }
    for (size_t k = 0; k < n * n; k++) out->eu_a[k] = out->eu_b[k] = NAN;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            ent_bdm_offer_t *cd = &out->cand[i * n + j];
            cd->round = 1;
            cd->receiver = i;
            cd->proposer = j;
            cd->x_new = x[i];
        }
    double wsum = 0.0;
    for (size_t k = 0; k < n; k++) wsum += e.w[k];
    if (!(e.R > 0) || !(wsum > 0)) {
        st = ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bdm: positions all equal or no weight; nothing to inspect");
        goto done;
    }
    int tie = 0;
    e.mu = o->variant == ENT_BDM_SCHOLZ2011 ? median_walk(e.x, e.w, n, e.R, 0, &tie)
                                            : median_argmin(e.x, e.w, n, &tie);
    out->mu = e.mu;
    round_out_t ro = {out, best, 0};
    if (o->variant == ENT_BDM_SCHOLZ2011) st = scholz_round(&e, &ro, err);
    else st = printed_round(&e, &ro, err);
    if (st) goto done;
    memcpy(out->danger, e.danger, n * sizeof *e.danger);
    memcpy(out->r, e.r, n * sizeof *e.r);
    out->degenerate = ro.degenerate;
    for (size_t i = 0; i < n; i++)
        out->chosen[i] = best[i].kind == ENT_BDM_OFFER_NONE ? -1 : (long)best[i].proposer;
done:
    free(best);
    eng_free(&e);
    if (st) ent_bdm_round_destroy(out);
    return st;
}
