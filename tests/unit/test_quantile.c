/* SPDX-License-Identifier: MIT */
/* test_quantile.c — the deterministic quantile summary (src/analysis/quantile.h) used by
 * `entente simulate` above the exact limit, against exact quantiles of the same values:
 *   - seeded uniform, normal-like and heavy-tailed data, and adversarial orders (sorted,
 *     reversed, all equal, two values alternating, a sawtooth): every estimated 5/25/50/75/95 %
 *     (and 0 and 100 %) quantile lies between the exact order statistics of ranks
 *     floor(h) + 1 - E and floor(h) + 2 + E (h = (N - 1) p), E the summary's own bound;
 *   - E itself within the a priori bound H N / (2k) + 2^(H-1), H = floor(log2(N / k)) + 1;
 *   - while nothing compacted (N < k) the quantiles are the exact type-7 ones, bit for bit;
 *   - the same values in the same order give the same bits (no hidden state);
 *   - memory: the levels held stay within floor(log2(N / k)) + 2.
 * Run from the repository root (as scripts/unit.sh does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"
#include "analysis/quantile.h"

static const double P[7] = {0, 0.05, 0.25, 0.5, 0.75, 0.95, 1};

static int cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double exact7(const double *s, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t i = (size_t)h;
    if (i + 1 >= n) return s[n - 1];
    return s[i] + (h - (double)i) * (s[i + 1] - s[i]);
}

/* Feed x (n values) to a summary of size k and check every quantile against the sort. */
static void check(const double *x, size_t n, size_t k)
{
    ent_i_qsum_t q;
    ent_i_qsum_init(&q, k);
    for (size_t i = 0; i < n; i++) assert_int_equal(ent_i_qsum_add(&q, x[i]), 0);
    double *s = malloc(n * sizeof *s);
    assert_non_null(s);
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp);
    uint64_t e = ent_i_qsum_rank_error(&q);
    size_t hmax = 0;
    while (n / k >> hmax) hmax++;  /* H = floor(log2(n / k)) + 1 when n >= k, else 0 */
    double bound = hmax ? (double)hmax * (double)n / (2.0 * (double)k) + (double)(1ull << (hmax - 1)) : 0;
    assert_true((double)e <= bound);
    assert_true(q.nlev <= hmax + 1);
    double est[7];
    assert_int_equal(ent_i_qsum_quantiles(&q, P, 7, est), 0);
    for (int i = 0; i < 7; i++) {
        double h = (double)(n - 1) * P[i];
        long long j = (long long)h;  /* 0-based order statistics j - E .. j + 1 + E */
        long long lo = j - (long long)e, hi = j + 1 + (long long)e;
        if (lo < 0) lo = 0;
        if (hi > (long long)n - 1) hi = (long long)n - 1;
        if (!(s[lo] <= est[i] && est[i] <= s[hi]))
            fail_msg("p %g: estimate %.17g outside [%.17g, %.17g] (ranks %lld..%lld, E %llu, n %zu, k %zu)", P[i],
                     est[i], s[lo], s[hi], lo + 1, hi + 1, (unsigned long long)e, n, k);
        if (e == 0) assert_memory_equal(&est[i], &(double){exact7(s, n, P[i])}, sizeof(double));
    }
    /* again from scratch: the same bits */
    ent_i_qsum_t r;
    ent_i_qsum_init(&r, k);
    for (size_t i = 0; i < n; i++) assert_int_equal(ent_i_qsum_add(&r, x[i]), 0);
    double est2[7];
    assert_int_equal(ent_i_qsum_quantiles(&r, P, 7, est2), 0);
    assert_memory_equal(est, est2, sizeof est);
    assert_int_equal(ent_i_qsum_rank_error(&r), e);
    ent_i_qsum_free(&r);
    ent_i_qsum_free(&q);
    free(s);
}

enum { N = 200000 };

static double *data(int kind, size_t n)
{
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++) {
        double u = ent_simulate_uniform(7, i, (uint64_t)kind);
        switch (kind) {
        case 0: x[i] = u; break;                                         /* uniform */
        case 1: x[i] = u + ent_simulate_uniform(7, i, 99) + ent_simulate_uniform(8, i, 99); break;  /* bell */
        case 2: x[i] = 1 / u; break;                                     /* Pareto, heavy tail */
        case 3: x[i] = (double)i; break;                                 /* sorted */
        case 4: x[i] = (double)(n - i); break;                           /* reversed */
        case 5: x[i] = 42; break;                                        /* all equal */
        case 6: x[i] = (double)(i & 1); break;                           /* two values alternating */
        case 7: x[i] = (double)(i % 1000); break;                        /* sawtooth */
        default: x[i] = floor(u * 5); break;                             /* five values, random order */
        }
    }
    return x;
}

static void test_against_exact(void **state)
{
    (void)state;
    static const size_t ks[] = {8, 64, 1024, ENT_I_QSUM_K};
    for (int kind = 0; kind <= 8; kind++) {
        double *x = data(kind, N);
        for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) check(x, N, ks[i]);
        check(x, 1, 8);
        check(x, 7, 8);    /* below k: exact */
        check(x, 8, 8);    /* one compaction */
        check(x, 1000, 8);
        free(x);
    }
}

/* The bound is met tightly enough to be useful: at k = 16384 and 4 10^6 values, E <= 0.001 N
 * (the documented bound of `entente simulate`, docs/analyses.md §6), and the memory is
 * 8 k (log2(N / k) + 2) bytes at most. */
static void test_default_size(void **state)
{
    (void)state;
    size_t n = 4000000;
    ent_i_qsum_t q;
    ent_i_qsum_init(&q, ENT_I_QSUM_K);
    for (size_t i = 0; i < n; i++) assert_int_equal(ent_i_qsum_add(&q, ent_simulate_uniform(3, i, 0)), 0);
    uint64_t e = ent_i_qsum_rank_error(&q);
    assert_true(e > 0);
    assert_true((double)e <= 0.001 * (double)n);
    assert_true(ent_i_qsum_bytes(&q) <= 8 * ENT_I_QSUM_K * (8 + 2) + 4096);  /* log2(4e6 / 16384) < 8 */
    double est[7];
    assert_int_equal(ent_i_qsum_quantiles(&q, P, 7, est), 0);
    for (int i = 1; i < 6; i++) assert_true(fabs(est[i] - P[i]) < 0.002);  /* uniform: the quantile is p */
    ent_i_qsum_free(&q);
}

static void test_empty(void **state)
{
    (void)state;
    ent_i_qsum_t q;
    ent_i_qsum_init(&q, 3);
    assert_int_equal(q.k, 4);
    double est[7];
    assert_int_equal(ent_i_qsum_quantiles(&q, P, 7, est), 0);
    for (int i = 0; i < 7; i++) assert_true(isnan(est[i]));
    assert_int_equal(ent_i_qsum_rank_error(&q), 0);
    ent_i_qsum_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_exact),
        cmocka_unit_test(test_default_size),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
