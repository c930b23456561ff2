/* SPDX-License-Identifier: MIT */
/* tiers.c — two-tier games: a rule whose members are each decided by a vote of their own
 * voters (voters in states electing delegations, party members deciding a group's vote;
 * issue 15, item 4; docs/power.md, "Two-tier games"; syntax in docs/rules.md).
 *
 * A voter of member k's constituency (N_k voters, the member votes yes when at least q_k of
 * them do) is decisive for k's vote when exactly q_k - 1 of the other N_k - 1 vote yes:
 * probability C(N_k - 1, q_k - 1) / 2^(N_k - 1) under the Penrose–Banzhaf assumption of
 * independent equiprobable votes. The voter's absolute Banzhaf power in the composite game is
 * that probability times member k's absolute Banzhaf (Penrose) power in the top tier
 * (Penrose 1946; Felsenthal & Machover, The Measurement of Voting Power, 1998, sec. 3.4):
 * the two events are independent because the constituencies are disjoint. For a simple
 * majority of odd N the probability is C(N-1, (N-1)/2) / 2^(N-1) ~ sqrt(2 / (pi N)), the
 * square-root law; it is reported beside the exact value as a check.
 * Up to ENT_I_TIER_EXACT_MAX (10^6) voters: the binomial exactly in GMP (mpz_bin_uiui)
 * converted to a double with its binary exponent, so that 2^-(N-1) never underflows (the
 * double is the exact value truncated to 53 bits). Above, where the exact integer costs
 * O(N log^2 N) (2 s at 10^8) and 27 such constituencies would take tens of seconds: the log of
 * C(n, k) / 2^n by Stirling's series, with the large terms combined as
 * -k log1p((2k-n)/n) - (n-k) log1p((n-2k)/n) so that nothing cancels, plus
 * 0.5 log(n / (2 pi k (n-k))) and the 1/(12x) - 1/(360x^3) + 1/(1260x^5) corrections (or, when
 * k or n-k is below 1000, the sum of log((n-k+i)/i) in long double): within 1e-12 (relative)
 * of the exact value, checked against GMP at 10^6 + 1, 10^7 + 1 and 2 * 10^7 voters
 * (tests/unit/test_game_tiers.c). O(1) per constituency; equal (N, q) pairs are computed once.
 */
#include "game/game_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ENT_I_TIER_EXACT_MAX 1000000ull

/* Stirling's series remainder of log Gamma(x+1) - (x log x - x + 0.5 log(2 pi x)). */
static double stirling_tail(double x)
{
    double r = 1.0 / x, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 / 1260));
}

/* log(C(n, k) / 2^n) for large n. */
static double log_binom_half(uint64_t n, uint64_t k)
{
    uint64_t m = k < n - k ? k : n - k;
    if (m < 1000) {
        long double s = 0;
        for (uint64_t i = 1; i <= m; i++) s += logl((long double)(n - m + i) / (long double)i);
        return (double)(s - (long double)n * logl(2.0L));
    }
    double N = (double)n, K = (double)k, J = (double)(n - k), d = (double)((int64_t)n - 2 * (int64_t)k) / N;
    double big = -K * log1p(-d) - J * log1p(d);
    return big + 0.5 * log(N / (2 * M_PI * K * J)) + stirling_tail(N) - stirling_tail(K) - stirling_tail(J);
}

double ent_i_tier_decisive(uint64_t N, uint64_t q)
{
    if (N == 0 || q == 0 || q > N) return 0;
    if (N <= ENT_I_TIER_EXACT_MAX) {
        mpz_t z;
        mpz_init(z);
        mpz_bin_uiui(z, (unsigned long)(N - 1), (unsigned long)(q - 1));
        long e = 0;
        double d = mpz_get_d_2exp(&e, z);
        mpz_clear(z);
        return ldexp(d, (int)(e - (long)(N - 1)));
    }
    return exp(log_binom_half(N - 1, q - 1));
}

ent_status_t ent_i_tiers_fill(const ent_game_t *g, ent_power_t *p, ent_error_t *err)
{
    if (!g->tier_voters || !(p->computed & (1u << ENT_IDX_PENROSE))) return ENT_OK;
    size_t n = g->n, w = n ? n : 1;
    p->tier_voters = calloc(w, sizeof *p->tier_voters);
    p->tier_inner = calloc(w, sizeof *p->tier_inner);
    p->tier_law = calloc(w, sizeof *p->tier_law);
    p->tier_power = calloc(w, sizeof *p->tier_power);
    if (p->ci[ENT_IDX_PENROSE]) p->tier_ci = calloc(w, sizeof *p->tier_ci);
    if (!p->tier_voters || !p->tier_inner || !p->tier_law || !p->tier_power ||
        (p->ci[ENT_IDX_PENROSE] && !p->tier_ci))
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < n; k++) {
        uint64_t N = g->tier_voters[k], q = g->tier_quota[k];
        size_t j = 0;
        while (j < k && (g->tier_voters[j] != N || g->tier_quota[j] != q)) j++;
        p->tier_inner[k] = j < k ? p->tier_inner[j] : ent_i_tier_decisive(N, q);
        p->tier_voters[k] = N;
        /* the square-root law is the closed form of a simple majority only */
        p->tier_law[k] = q == N / 2 + 1 ? sqrt(2.0 / (M_PI * (double)N)) : NAN;
        p->tier_power[k] = p->tier_inner[k] * p->value[ENT_IDX_PENROSE][k];
        if (p->tier_ci) p->tier_ci[k] = p->tier_inner[k] * p->ci[ENT_IDX_PENROSE][k];
    }
    return ENT_OK;
}
