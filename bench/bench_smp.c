/* SPDX-License-Identifier: MIT */
/* bench_smp.c — speed of the SMP kernel (KTAB's Spatial Model of Politics) against the
 * project's own straightforward implementation, measured in the same run.
 *
 * Spec: ../shared/docs/models/smp.md. Methods:
 *   fast  = ent_smp_solve() (vectorised lane loops, fused perceived utilities, blocked
 *           coalitions and option values, threads = one per CPU, src/smp/smp.c);
 *   naive = the same model written literally (pair-major loops, one thread,
 *           src/smp/smp_naive.c). Both give bit-identical results; each case checks it.
 * Cases: every KTAB input in ../shared/data/ktab (when present) to KTAB's stopping rule;
 * synthetic actors × 3 dimensions, one round, fast vs naive (both one thread) at N = 250,
 * 500 and 1000 (the naive round at 1000 takes about 35 s of CPU); 1000 × 3, 10 rounds, fast
 * with one thread and with one per CPU (the issue-13 target: < 5 s of CPU); peak memory
 * (RSS) at 500 and 1000 actors, whose ratio shows O(N²) memory (measured first, before the
 * naive runs at 1000 actors raise the peak); per-call cost at small N (issue 13: the draws
 * of `simulate` multiply it 10^4–10^5 times): the emission-standards case (10 actors, one
 * dimension) and 30 synthetic actors, solved to KTAB's stopping rule many times over, fast
 * against naive (both one thread), microseconds of process CPU per call.
 * Times: wall clock (best of several runs for the small cases) and CPU time of the process.
 * The machine may be shared: compare ratios, and read absolute times with the load printed.
 * Complexity of what is measured: O(rounds · N³) time, O(N²) memory.
 */
#include "entente.h"
#include "smp/smp_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double clk(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct {
    double wall, cpu;
    size_t rounds;
} timing_t;

/* best-of-reps timing of one solve; keeps the last result in *keep when non-NULL */
static int timed(const ent_smp_input_t *in, const ent_smp_opts_t *o, int rounds, int reps,
                 timing_t *t, ent_smp_result_t *keep)
{
    t->wall = t->cpu = INFINITY;
    for (int r = 0; r < reps; r++) {
        ent_smp_result_t res;
        ent_error_t e = {0};
        double w0 = clk(CLOCK_MONOTONIC), c0 = clk(CLOCK_PROCESS_CPUTIME_ID);
        if (ent_smp_solve(in, o, rounds, &res, &e) != ENT_OK) {
            fprintf(stderr, "bench_smp: %s\n", e.msg);
            return 1;
        }
        double w = clk(CLOCK_MONOTONIC) - w0, c = clk(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (w < t->wall) t->wall = w;
        if (c < t->cpu) t->cpu = c;
        t->rounds = res.nstates - 1;
        if (keep && r == reps - 1) *keep = res;
        else ent_smp_result_destroy(&res);
    }
    return 0;
}

static int same(const ent_smp_result_t *a, const ent_smp_result_t *b)
{
    size_t T = a->nstates, n = a->n, d = a->d;
    return a->nstates == b->nstates && !memcmp(a->x, b->x, T * n * d * sizeof(double)) &&
           !memcmp(a->prob, b->prob, T * n * sizeof(double)) &&
           !memcmp(a->risk, b->risk, T * n * sizeof(double));
}

static long rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double load1(void)
{
    double l = NAN;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1) l = NAN;
        fclose(f);
    }
    return l;
}

/* ---- KTAB inputs ---- */
typedef struct {
    size_t n, d;
    double *cap, *x, *sal;
    ent_smp_input_t in;
} input_t;

static void input_free(input_t *p)
{
    free(p->cap);
    free(p->x);
    free(p->sal);
}

static int load_ktab(const char *path, input_t *p)
{
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    if (ent_scenario_load(&s, path, &lo, &e) != ENT_OK) {
        return -1;
    }
    p->n = s.nactors;
    p->d = s.issues[0].ndim;
    p->cap = malloc(p->n * sizeof(double));
    p->x = malloc(p->n * p->d * sizeof(double));
    p->sal = malloc(p->n * p->d * sizeof(double));
    for (size_t a = 0; a < p->n; a++) {
        p->cap[a] = ent_scenario_capability(&s, a, 0);
        for (size_t k = 0; k < p->d; k++) {
            p->x[a * p->d + k] = ent_scenario_pos(&s, a, 0)->x[k] / 100.0;
            p->sal[a * p->d + k] = ent_scenario_salience(&s, a, 0, k);
        }
    }
    p->in.n = p->n;
    p->in.d = p->d;
    p->in.cap = p->cap;
    p->in.x = p->x;
    p->in.sal = p->sal;
    ent_scenario_destroy(&s);
    return 0;
}

/* synthetic actors on KTAB's 1e-2 grid, seeded */
static void synth(size_t n, size_t d, uint64_t seed, input_t *p)
{
    p->n = n;
    p->d = d;
    p->cap = malloc(n * sizeof(double));
    p->x = malloc(n * d * sizeof(double));
    p->sal = malloc(n * d * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        p->cap[i] = (double)(1 + (seed >> 33) % 1000) / 10.0;
        for (size_t k = 0; k < d; k++) {
            seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            p->x[i * d + k] = (double)((seed >> 33) % 10001) / 100.0 / 100.0;
            seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            p->sal[i * d + k] = (double)(1 + (seed >> 33) % 3000) / 100.0 / 100.0;
        }
    }
    p->in.n = n;
    p->in.d = d;
    p->in.cap = p->cap;
    p->in.x = p->x;
    p->in.sal = p->sal;
}

/* Per-call cost at small N: reps solves of one input, process CPU per call (best of three
 * batches); *res keeps the last result. */
static int per_call(const ent_smp_input_t *in, const ent_smp_opts_t *o, int reps, double *us,
                    ent_smp_result_t *res)
{
    *us = INFINITY;
    for (int b = 0; b < 3; b++) {
        double c0 = clk(CLOCK_PROCESS_CPUTIME_ID);
        for (int r = 0; r < reps; r++) {
            ent_error_t e = {0};
            if (r > 0 || b > 0) ent_smp_result_destroy(res);
            if (ent_smp_solve(in, o, 0, res, &e) != ENT_OK) {
                fprintf(stderr, "bench_smp: %s\n", e.msg);
                return 1;
            }
        }
        double c = (clk(CLOCK_PROCESS_CPUTIME_ID) - c0) / reps * 1e6;
        if (c < *us) *us = c;
    }
    return 0;
}

/* The emission-standards case (examples/emission-standards.yaml: capabilities, positions on
 * 0..10 as x/10, saliences on 0..1), 10 actors, one dimension. */
static void emission(input_t *p)
{
    static const double cap[10] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
    static const double pos[10] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
    static const double sal[10] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};
    p->n = 10;
    p->d = 1;
    p->cap = malloc(10 * sizeof(double));
    p->x = malloc(10 * sizeof(double));
    p->sal = malloc(10 * sizeof(double));
    for (size_t i = 0; i < 10; i++) {
        p->cap[i] = cap[i];
        p->x[i] = pos[i] / 10.0;
        p->sal[i] = sal[i];
    }
    p->in.n = 10;
    p->in.d = 1;
    p->in.cap = p->cap;
    p->in.x = p->x;
    p->in.sal = p->sal;
}

int main(void)
{
    static const char *files[] = {"dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim",
                                  "SOE-Policy", "SOE-Competitive", "dummyData-a040",
                                  "dummyData-a080", "dummyData-a160"};
    const char *dir = getenv("ENTENTE_DATA") ? getenv("ENTENTE_DATA") : "../shared/data";
    char path[512];
    ent_smp_opts_t fast, naive;
    ent_smp_opts_init(&fast);
    ent_smp_opts_init(&naive);
    naive.naive = 1;
    int bad = 0;
    printf("smp benchmark (load average at start %.2f; wall = best of runs, cpu = process "
           "CPU time)\n", load1());
    printf("%-16s %9s %6s  %-5s %10s %10s  %-5s %10s %10s  %8s %8s  %s\n", "case", "N x D",
           "rounds", "meth", "wall ms", "cpu ms", "base", "wall ms", "cpu ms", "x wall",
           "x cpu", "same");
    int found = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        input_t p;
        snprintf(path, sizeof path, "%s/ktab/%s.csv", dir, files[f]);
        if (load_ktab(path, &p) != 0) continue;
        found++;
        timing_t tf, tn;
        ent_smp_result_t rf, rn;
        int reps = p.n >= 160 ? 3 : 7;
        if (timed(&p.in, &fast, 0, reps, &tf, &rf) || timed(&p.in, &naive, 0, 1, &tn, &rn))
            return 1;
        int eq = same(&rf, &rn);
        bad |= !eq;
        char nd[32];
        snprintf(nd, sizeof nd, "%zux%zu", p.n, p.d);
        printf("%-16s %9s %6zu  %-5s %10.2f %10.2f  %-5s %10.2f %10.2f  %8.1f %8.1f  %s\n",
               files[f], nd, tf.rounds, "fast", tf.wall * 1e3, tf.cpu * 1e3, "naive",
               tn.wall * 1e3, tn.cpu * 1e3, tn.wall / tf.wall, tn.cpu / tf.cpu,
               eq ? "identical" : "DIFFERENT");
        ent_smp_result_destroy(&rf);
        ent_smp_result_destroy(&rn);
        input_free(&p);
    }
    if (!found)
        printf("KTAB inputs not found in %s/ktab (set ENTENTE_DATA): KTAB cases skipped\n", dir);
    printf("targets: every KTAB input < 20 ms; dummyData-a160 to convergence < 500 ms\n\n");

    /* per-call cost at small N, fast vs naive (both one thread), to KTAB's stopping rule */
    printf("per call at small N, to KTAB's stopping rule, 1 thread (process CPU per call, best "
           "of 3 batches):\n");
    printf("%-22s %6s  %10s %10s  %8s  %s\n", "case", "rounds", "fast us", "naive us",
           "x naive", "same");
    for (int q = 0; q < 2; q++) {
        input_t sp;
        if (q == 0) emission(&sp);
        else synth(30, 1, 30, &sp);
        ent_smp_opts_t f1s = fast, n1s = naive;
        f1s.threads = n1s.threads = 1;
        ent_smp_result_t a, b;
        double ua, ub;
        int reps = q == 0 ? 2000 : 300;
        if (per_call(&sp.in, &f1s, reps, &ua, &a) || per_call(&sp.in, &n1s, reps / 10, &ub, &b))
            return 1;
        int eqs = same(&a, &b);
        bad |= !eqs;
        printf("%-22s %6zu  %10.1f %10.1f  %8.1f  %s\n",
               q == 0 ? "emission 10x1" : "synthetic 30x1", a.nstates - 1, ua, ub, ub / ua,
               eqs ? "identical" : "DIFFERENT");
        ent_smp_result_destroy(&a);
        ent_smp_result_destroy(&b);
        input_free(&sp);
    }
    printf("\n");

    /* synthetic: fast vs naive, one round, at 250, 500 and 1000 actors (both one thread:
     * the naive solver has no threads); then the 1000 × 3, 10-round case with 1 thread and
     * one per CPU; memory at 500 then 1000 actors */
    /* peak memory first: the naive runs below (1000 actors) would raise the peak before it */
    input_t s5, s10;
    synth(500, 3, 1, &s5);
    synth(1000, 3, 2, &s10);
    long rss0 = rss_kb();
    timing_t t5;
    if (timed(&s5.in, &fast, 2, 1, &t5, NULL)) return 1;
    long rss5 = rss_kb();
    ent_smp_result_t r10a;
    timing_t t10a;
    if (timed(&s10.in, &fast, 10, 1, &t10a, &r10a)) return 1;
    long rss10 = rss_kb();

    static const size_t sizes[] = {250, 500, 1000};
    ent_smp_opts_t f1 = fast;
    f1.threads = 1;
    printf("synthetic N x 3, 1 round, 1 thread (cpu = process CPU seconds):\n");
    printf("%6s  %10s %10s  %10s %10s  %8s  %s\n", "N", "fast wall", "fast cpu", "naive wall",
           "naive cpu", "x cpu", "same");
    for (size_t q = 0; q < sizeof sizes / sizeof *sizes; q++) {
        input_t sq;
        synth(sizes[q], 3, 2 + q, &sq);
        timing_t a1, an;
        ent_smp_result_t q1, qn;
        if (timed(&sq.in, &f1, 1, 1, &a1, &q1) || timed(&sq.in, &naive, 1, 1, &an, &qn))
            return 1;
        int eq = same(&q1, &qn);
        bad |= !eq;
        printf("%6zu  %10.3f %10.3f  %10.3f %10.3f  %8.1f  %s\n", sizes[q], a1.wall, a1.cpu,
               an.wall, an.cpu, an.cpu / a1.cpu, eq ? "identical" : "DIFFERENT");
        ent_smp_result_destroy(&q1);
        ent_smp_result_destroy(&qn);
        input_free(&sq);
    }
    timing_t t10;
    ent_smp_result_t r10;
    if (timed(&s10.in, &f1, 10, 1, &t10, &r10)) return 1;
    int eq = same(&r10, &r10a);
    bad |= !eq;
    printf("synthetic 1000x3, %zu rounds: 1 thread wall %.2f s cpu %.2f s; one thread per CPU "
           "(%ld CPUs) wall %.2f s cpu %.2f s; results %s (target < 5 s CPU)\n", t10.rounds,
           t10.wall, t10.cpu, sysconf(_SC_NPROCESSORS_ONLN), t10a.wall, t10a.cpu,
           eq ? "identical" : "DIFFERENT");
    printf("peak RSS: start %ld KB, after 500x3 %ld KB, after 1000x3 %ld KB; growth "
           "500->1000 ratio %.2f (N^2 predicts 4, N^3 8)\n", rss0, rss5, rss10,
           (double)(rss10 - rss0) / (double)(rss5 - rss0 > 0 ? rss5 - rss0 : 1));
    printf("load average at end %.2f\n", load1());
    ent_smp_result_destroy(&r10);
    ent_smp_result_destroy(&r10a);
    input_free(&s5);
    input_free(&s10);
    return bad;
}
