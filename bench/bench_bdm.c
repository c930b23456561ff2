/* SPDX-License-Identifier: MIT */
/* bench_bdm.c — benchmark of the expected-utility model (src/forecast/bdm.c), 10 rounds.
 *
 * Methods timed per case, in the same run:
 *   naive   the reference's structure (jmckib, spec ../shared/docs/models/bdm.md A.1):
 *           every P call recomputes the global denominator Z, O(n^3) per call, O(n^5) per
 *           round; written here, straightforwardly, as the baseline for small n;
 *   exact   ent_bdm_solve with ENT_BDM_PATH_EXACT: Z once per phase, P tabulated, the
 *           reference's summation order, O(n^3) per round; the baseline for large n;
 *   fast    ENT_BDM_PATH_FAST: sorted positions and prefix sums, O(n^2 log n) per round;
 *   printed-exact / printed-fast  the printed variant with the direct O(n^3) P table
 *           (the baseline of the printed rows) or with prefix sums, O(n^2 log n).
 * For 1000 actors the O(n^3) baselines run one round; their time is multiplied by 10
 * (marked "1 round x10").
 * Each line: case, method, process CPU time and wall time per 10-round run (best of
 * repeats; the machine is shared, so CPU time is the robust figure), ratio of CPU times to
 * the case's baseline, peak resident memory of the process so far, the model's own working memory,
 * and whether the mean path equals the baseline's (bit for bit, or max |difference|).
 * Synthetic 250, 500 and 1000 actors: fast against exact (the old path) in the same run;
 * then the fast path's growth from 400 to 1600 actors (scaling()); then the per-call cost at
 * 10 and 30 actors over many codings, the sizes Monte Carlo multiplies (per_call()).
 * Targets (issue 4): 17 actors < 5 ms, 200 actors < 50 ms, 1000 actors < 2 s.
 * Reads ../shared/data/bdm/saudi_oil_price.csv (17 actors) when present and says so when not.
 * Synthetic actors come from a seeded xorshift64* generator. Timings are not asserted.
 */
#include "entente.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}
static double rng_unit(uint64_t *s) { return (double)(rng_next(s) >> 11) / 9007199254740992.0; }

/* ---------------------------------------------------------------- naive baseline */

typedef struct {
    size_t n;
    const double *w, *s, *x, *r;
    double R;
} nv_t;

static double nv_z(const nv_t *m)
{
    double Z = 0.0;
    for (size_t k = 0; k < m->n; k++)
        for (size_t a = 0; a < m->n; a++)
            for (size_t b = 0; b < m->n; b++)
                Z += fabs(m->w[k] * (pow(fabs(m->x[k] - m->x[b]) / m->R, m->r[k]) -
                                     pow(fabs(m->x[k] - m->x[a]) / m->R, m->r[k])));
    return Z;
}

static double nv_p(const nv_t *m, size_t i, size_t j)
{
    if (m->x[i] == m->x[j]) return 0.0;
    double num = 0.0;
    for (size_t k = 0; k < m->n; k++) {
        double d = m->w[k] * (pow(fabs(m->x[k] - m->x[j]) / m->R, m->r[k]) -
                              pow(fabs(m->x[k] - m->x[i]) / m->R, m->r[k]));
        if (d > 0) num += d;
    }
    return num / nv_z(m); /* Z recomputed in every call, as the reference does */
}

static double nv_eu(const nv_t *m, size_t i, size_t j, double st, double p, double rho)
{
    double adx = fabs(m->x[i] - m->x[j]);
    double us = 2.0 - 4.0 * pow(0.5 - (0.5 * adx) / m->R, rho);
    double uf = 2.0 - 4.0 * pow(0.5 + (0.5 * adx) / m->R, rho);
    double usq = 2.0 - 4.0 * pow(0.5, rho);
    return (st * (p * us + (1.0 - p) * uf) + (1.0 - st) * us) - 1.0 * usq;
}

/* Runs 10 rounds of scholz2011 the reference's way; writes the mean path (11 values). */
static void naive_run(size_t n, const double *c, const double *x0, const double *s, double *mean)
{
    double *w = malloc(n * sizeof *w), *x = malloc(n * sizeof *x), *r = malloc(n * sizeof *r);
    double *D = malloc(n * sizeof *D), *xn = malloc(n * sizeof *xn);
    for (size_t k = 0; k < n; k++) w[k] = c[k] * s[k];
    memcpy(x, x0, n * sizeof *x);
    double lo = x[0], hi = x[0];
    for (size_t k = 0; k < n; k++) {
        if (x[k] < lo) lo = x[k];
        if (x[k] > hi) hi = x[k];
    }
    nv_t m = {n, w, s, x, r, hi - lo};
    for (int t = 0; t <= 10; t++) {
        if (t > 0) {
            for (size_t k = 0; k < n; k++) r[k] = 1.0;
            for (size_t i = 0; i < n; i++) {
                D[i] = 0.0;
                for (size_t j = 0; j < n; j++)
                    if (j != i) D[i] += nv_eu(&m, j, i, s[i], nv_p(&m, j, i), 1.0);
            }
            double dmax = D[0], dmin = D[0];
            for (size_t i = 1; i < n; i++) {
                if (D[i] > dmax) dmax = D[i];
                if (D[i] < dmin) dmin = D[i];
            }
            for (size_t i = 0; i < n; i++) {
                double Ri = (2.0 * D[i] - dmax - dmin) / (dmax - dmin);
                r[i] = (1.0 - Ri / 3.0) / (1.0 + Ri / 3.0);
            }
            for (size_t i = 0; i < n; i++) {
                long conf = -1, comp = -1;
                double cd = 0, ck = 0, cx = 0;
                for (size_t j = 0; j < n; j++) {
                    if (x[j] == x[i]) continue;
                    double a = nv_eu(&m, i, j, s[j], nv_p(&m, i, j), r[i]);
                    double b = nv_eu(&m, i, j, s[i], nv_p(&m, j, i), r[i]);
                    if (b > a && a > 0) {
                        double d = fabs(x[i] - x[j]);
                        if (conf < 0 || d < cd) { conf = (long)j; cd = d; }
                    } else if (b > 0 && a < 0 && b > fabs(a)) {
                        double K = (fabs(a) * x[i] + fabs(b) * x[j]) / (fabs(a) + fabs(b));
                        if (comp < 0 || K < ck) { comp = (long)j; ck = K; cx = x[i] + (x[j] - x[i]) * fabs(a / b); }
                    }
                }
                xn[i] = conf >= 0 ? x[conf] : comp >= 0 ? cx : x[i];
            }
            memcpy(x, xn, n * sizeof *x);
        }
        double num = 0.0, den = 0.0;
        for (size_t k = 0; k < n; k++) num += w[k] * x[k];
        for (size_t k = 0; k < n; k++) den += w[k];
        mean[t] = num / den;
    }
    free(w); free(x); free(r); free(D); free(xn);
}

/* ---------------------------------------------------------------- timing */

enum { M_NAIVE, M_EXACT, M_FAST, M_PEXACT, M_PFAST };
static const char *mname[] = {"naive", "exact", "fast", "printed-exact", "printed-fast"};

/* Time one method: best of repeats within ~budget seconds, as process CPU time (returned)
 * and wall time (*wall). mean[] gets its path. */
static double time_method(int meth, size_t n, const double *c, const double *x, const double *s,
                          int rounds, double budget, double *mean, double *wall)
{
    double best = INFINITY, spent = 0;
    int reps = 0;
    *wall = INFINITY;
    do {
        double t0 = now(), c0 = cpu_now();
        if (meth == M_NAIVE) {
            naive_run(n, c, x, s, mean);
        } else {
            ent_bdm_opts_t o;
            ent_bdm_opts_init(&o);
            o.variant = meth >= M_PEXACT ? ENT_BDM_PRINTED : ENT_BDM_SCHOLZ2011;
            o.path = (meth == M_FAST || meth == M_PFAST) ? ENT_BDM_PATH_FAST : ENT_BDM_PATH_EXACT;
            ent_bdm_result_t r;
            ent_error_t e = {0};
            if (ent_bdm_solve(n, c, x, s, rounds, &o, &r, &e) != ENT_OK) {
                fprintf(stderr, "bench_bdm: %s\n", e.msg);
                exit(1);
            }
            for (size_t t = 0; t < r.nstates && t < 11; t++) mean[t] = r.mean[t];
            ent_bdm_result_destroy(&r);
        }
        double dw = now() - t0, dt = cpu_now() - c0;
        if (dt < best) best = dt;
        if (dw < *wall) *wall = dw;
        spent += dw;
        reps++;
    } while (spent < budget && reps < 1000);
    return best;
}

static double model_mb(int meth, size_t n)
{
    double d = (double)n;
    if (meth == M_FAST) return (3 * d * d + 10 * d) * 8 / 1048576.0;   /* V, C, P */
    if (meth == M_PFAST) return (4 * d * d + 10 * d) * 8 / 1048576.0;  /* P, E, logs */
    if (meth == M_NAIVE) return 5 * d * 8 / 1048576.0;
    return (2 * d * d + 10 * d) * 8 / 1048576.0; /* two n*n tables */
}

static void synth(size_t n, uint64_t seed, double *c, double *x, double *s);

/* Growth of the fast path: CPU time per round divided by n^2 at n = 400 .. 1600 (issue 13
 * read n^2.5 between 400 and 1600). The instruction count grows exactly as n^2 (callgrind:
 * x3.99 from 400 to 800, x4.00 from 800 to 1600); what rises with n is the time per
 * instruction, as the n x n tables (3n^2 doubles: 3.7 MB at 400, 59 MB at 1600) leave the
 * caches and the P sweep misses once per actor pair. */
static void scaling(void)
{
    static const size_t ns[] = {400, 800, 1600};
    double prev = 0;
    printf("fast path growth (scholz2011, 10 rounds, best of repeats):\n");
    for (size_t q = 0; q < sizeof ns / sizeof *ns; q++) {
        size_t n = ns[q];
        double *c = malloc(n * sizeof *c), *x = malloc(n * sizeof *x), *s = malloc(n * sizeof *s);
        double mean[11], wall;
        if (!c || !x || !s) exit(1);
        synth(n, n, c, x, s);
        double t = time_method(M_FAST, n, c, x, s, 10, 1.0, mean, &wall);
        double per = t / 10.0 / ((double)n * (double)n) * 1e9;
        printf("  n %5zu  cpu %9.3f ms per 10 rounds  %6.2f ns per n^2 per round", n, t * 1e3, per);
        if (prev > 0) printf("  exponent vs n/2: %.2f", log(t / prev) / log(2.0));
        printf("\n");
        prev = t;
        free(c); free(x); free(s);
    }
}

static void run_case(const char *name, size_t n, const double *c, const double *x, const double *s,
                     const int *meths, int nm, int base_rounds)
{
    double base_t = 0, base_mean[11], mean[11];
    for (int k = 0; k < nm; k++) {
        int meth = meths[k];
        int rounds = k == 0 ? base_rounds : 10;
        double budget = n >= 1000 ? 0 : n >= 200 ? 0.5 : 0.3;
        double wall;
        double t = time_method(meth, n, c, x, s, rounds, budget, mean, &wall);
        double t10 = t * 10.0 / rounds, w10 = wall * 10.0 / rounds; /* per 10 rounds */
        char same[64];
        if (k == 0) {
            base_t = t10;
            memcpy(base_mean, mean, sizeof mean);
            snprintf(same, sizeof same, "baseline");
        } else {
            int upto = base_rounds;
            double dmax = 0;
            int bit = 1;
            for (int r = 0; r <= upto; r++) {
                if (mean[r] != base_mean[r]) bit = 0;
                if (fabs(mean[r] - base_mean[r]) > dmax) dmax = fabs(mean[r] - base_mean[r]);
            }
            if (bit) snprintf(same, sizeof same, "mean path identical (rounds 0-%d)", upto);
            else snprintf(same, sizeof same, "mean path max |diff| %.1e (rounds 0-%d)", dmax, upto);
        }
        printf("%-22s %-13s cpu %10.3f ms  wall %10.3f ms%s  ratio %8.2fx  peak %6.1f MB  "
               "model %6.2f MB  %s\n", name, mname[meth], t10 * 1e3, w10 * 1e3,
               rounds != 10 ? " (1 round x10)" : "", base_t / t10, peak_mb(), model_mb(meth, n), same);
    }
    printf("%-22s final mean %.12g\n", name, mean[10]);
}

static void synth(size_t n, uint64_t seed, double *c, double *x, double *s)
{
    uint64_t g = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (size_t k = 0; k < n; k++) {
        c[k] = 0.05 + rng_unit(&g);
        x[k] = 100.0 * rng_unit(&g);
        s[k] = 0.1 + 0.9 * rng_unit(&g);
    }
}

/* Per-call cost at the sizes Monte Carlo multiplies (issue 13: 10^4-10^5 calls of 10-30
 * actors): `calls` codings (synthetic, seeded), each solved once on the exact path (the
 * default up to 64 actors), process CPU time per call averaged over the codings, against
 * the naive baseline on the first `nbase` codings in the same run (ratio = baseline per call /
 * exact per call). Instructions per call, which do not depend on the load, are measured with
 * callgrind (docs/models/bdm.md, "Per-call cost"). */
static void per_call(size_t n, int calls, int nbase)
{
    double c[64], x[64], s[64], mean[11], wall;
    double tex = 0, tnv = 0;
    for (int k = 0; k < calls; k++) {
        synth(n, 1000 + (uint64_t)k, c, x, s);
        tex += time_method(M_EXACT, n, c, x, s, 10, 0, mean, &wall);
        if (k < nbase) tnv += time_method(M_NAIVE, n, c, x, s, 10, 0, mean, &wall);
    }
    tex /= calls;
    tnv /= nbase;
    printf("per call, n %2zu (%4d codings) naive %10.1f us  exact %8.1f us cpu  ratio %7.1fx\n", n,
           calls, tnv * 1e6, tex * 1e6, tnv / tex);
}

static int read_eu_csv(const char *path, double *c, double *x, double *s, size_t max, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[512];
    *n = 0;
    if (!fgets(line, sizeof line, f)) { fclose(f); return -1; }
    while (fgets(line, sizeof line, f) && *n < max) {
        char *p = strchr(line, ',');
        if (!p) continue;
        if (sscanf(p + 1, "%lf,%lf,%lf", &c[*n], &x[*n], &s[*n]) == 3) (*n)++;
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "../shared/data";
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("bench_bdm: expected-utility model, 10 rounds per run, best of repeats; cpu = process CPU "
           "time (robust on a shared machine), wall = elapsed; ratio = baseline cpu / method cpu\n");
    static const double ec[10] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
    static const double ex[10] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
    static const double es[10] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};
    int small[] = {M_NAIVE, M_EXACT, M_FAST};
    int pr[] = {M_PEXACT, M_PFAST};
    run_case("emission (10)", 10, ec, ex, es, small, 3, 10);
    run_case("emission (10)", 10, ec, ex, es, pr, 2, 10);

    double c[1000], x[1000], s[1000];
    size_t n;
    char path[1024];
    snprintf(path, sizeof path, "%s/bdm/saudi_oil_price.csv", data);
    if (read_eu_csv(path, c, x, s, 1000, &n) == 0 && n > 1)
    {
        run_case("sultan/oil (17, data)", n, c, x, s, small, 3, 10);
        run_case("sultan/oil (17, data)", n, c, x, s, pr, 2, 10);
    }
    else
        printf("%-22s reference data absent (%s): case skipped\n", "sultan/oil (17, data)", path);

    synth(17, 17, c, x, s);
    run_case("synthetic 17", 17, c, x, s, small, 3, 10);
    run_case("synthetic 17", 17, c, x, s, pr, 2, 10);
    int mid[] = {M_EXACT, M_FAST};
    synth(50, 50, c, x, s);
    run_case("synthetic 50", 50, c, x, s, mid, 2, 10);
    run_case("synthetic 50", 50, c, x, s, pr, 2, 10);
    synth(200, 200, c, x, s);
    run_case("synthetic 200", 200, c, x, s, mid, 2, 10);
    run_case("synthetic 200", 200, c, x, s, pr, 2, 10);
    synth(250, 250, c, x, s);
    run_case("synthetic 250", 250, c, x, s, mid, 2, 10);
    synth(500, 500, c, x, s);
    run_case("synthetic 500", 500, c, x, s, mid, 2, 1);
    synth(1000, 1000, c, x, s);
    run_case("synthetic 1000", 1000, c, x, s, mid, 2, 1);
    run_case("synthetic 1000", 1000, c, x, s, pr, 2, 1);
    scaling();
    per_call(10, 2000, 50);
    per_call(30, 300, 1); /* the naive baseline takes ~17 s a call at 30 actors */
    return 0;
}
