/* SPDX-License-Identifier: MIT */
/* bench_simulate.c — `entente simulate` (src/analysis/simulate.c) against running the
 * one-coding CLI once per draw, measured in the same run (issue 13, "Speed and memory"):
 *   - the flagship (examples/ukraine-guarantees.yaml), every analysis, every position sd 10
 *     and every salience sd 15: D draws on every core and on one thread, against `entente
 *     analyze --no-sensitivity FILE` run K times (process start, load, the same analyses,
 *     the report), both scaled to 10 000 draws;
 *   - the EC emission-standards case (examples/emission-standards.yaml, 10 actors): the same,
 *     scaled to 100 000 draws;
 *   - the flagship's per-draw path without the models (ent_simulate_opts_t.forecasts = 0: the
 *     guarantee designs, proposals, win-sets and sequencing of each draw), CPU time per draw
 *     on one thread, against ent_analyze_run of the nominal coding with the same parts once
 *     per draw (what a caller looping over codings pays: a win-set context, its LPs, the
 *     rules compiled and the sequencing solved in every call), in the same run (issue 13,
 *     docs/analyses.md §6 "Speed");
 *   - KTAB's a160 (160 actors; ../shared/data/ktab/dummyData-a160.csv or $ENTENTE_DATA, skipped
 *     when absent), SMP alone (ent_simulate_opts_t.models), against `entente forecast --model
 *     smp` run K times, scaled to 1 000 draws.
 * The ratio is (baseline per coding × draws) / simulate time. Run from the repository root;
 * the CLI is found next to this program (BUILD/bench/../entente). Times are wall clock on a
 * machine shared with other jobs, so each case also prints the CPU time per draw (every
 * thread of the process), which the load does not inflate; peak memory is the process's
 * maximum resident set.
 */
#include "entente.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of this process (every thread): per-draw costs that do not depend on how
 * loaded the shared machine is. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Seconds per coding of `entente analyze --no-sensitivity path` (with a model: `entente
 * forecast --model M path`), over k runs. */
static double cli_per_run(const char *cli, const char *path, const char *model, int k)
{
    char cmd[1024];
    if (model) snprintf(cmd, sizeof cmd, "%s forecast --model %s %s > /dev/null 2>&1", cli, model, path);
    else snprintf(cmd, sizeof cmd, "%s analyze --no-sensitivity %s > /dev/null", cli, path);
    double t0 = now();
    for (int i = 0; i < k; i++)
        if (system(cmd) != 0) { fprintf(stderr, "bench_simulate: '%s' failed\n", cmd); exit(1); }
    return (now() - t0) / k;
}

/* Seconds per draw of ent_simulate_run on `threads` threads (0 = every core). */
static double sim_per_draw(const ent_scenario_t *s, size_t draws, unsigned threads, const char *const *models,
                           unsigned *used, double *cpu)
{
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = draws;
    o.threads = threads;
    o.models = models;
    ent_simulation_t r;
    ent_error_t err = {0};
    double t0 = now(), c0 = cpu_now();
    if (ent_simulate_run(s, &o, &r, &err) != ENT_OK) { fprintf(stderr, "bench_simulate: %s\n", err.msg); exit(1); }
    double t = now() - t0;
    *cpu = (cpu_now() - c0) / (double)draws;
    *used = r.threads;
    ent_simulation_destroy(&r);
    return t / (double)draws;
}

static void one_case(const char *cli, const char *path, const char *model, size_t draws, size_t target, int k)
{
    const char *models[2] = {model, NULL};
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    if (ent_scenario_load(&s, path, NULL, &err) != ENT_OK) {
        if (model) { printf("%-34s skipped: %s\n", path, err.msg); return; }  /* shared data absent */
        fprintf(stderr, "bench_simulate: %s\n", err.msg);
        exit(1);
    }
    ent_scenario_uncertainty_override(&s, "position.sd=10", &err);
    ent_scenario_uncertainty_override(&s, "salience.sd=15", &err);
    unsigned used_all, used_one;
    double cpu_all, cpu_one;
    const char *const *ms = model ? models : NULL;
    double all = sim_per_draw(&s, draws, 0, ms, &used_all, &cpu_all), one = sim_per_draw(&s, draws, 1, ms, &used_one, &cpu_one);
    double base = cli_per_run(cli, path, model, k);
    printf("%-34s %8zu draws: simulate %d threads %8.2f s, 1 thread %8.2f s; CLI x N %9.2f s; ratio %5.1f "
           "(%zu draws measured, CLI %d runs; peak %ld KiB)\n"
           "%-34s %8s        CPU per draw: %.3f ms (1 thread), %.3f ms (every core)\n",
           path, target, (int)used_all, all * (double)target, one * (double)target, base * (double)target,
           base / all, draws, k, peak_kib(), "", "", cpu_one * 1e3, cpu_all * 1e3);
    ent_scenario_destroy(&s);
}

/* CPU seconds per draw of the non-model path: simulate without forecasts on one thread, and
 * the baseline, ent_analyze_run of the nominal coding with the same parts, k times. */
static void nonmodel_case(const char *path, size_t draws, int k)
{
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    if (ent_scenario_load(&s, path, NULL, &err) != ENT_OK) { fprintf(stderr, "bench_simulate: %s\n", err.msg); exit(1); }
    ent_scenario_uncertainty_override(&s, "position.sd=10", &err);
    ent_scenario_uncertainty_override(&s, "salience.sd=15", &err);
    ent_simulate_opts_t o;
    ent_simulate_opts_init(&o);
    o.draws = draws;
    o.threads = 1;
    o.forecasts = 0;
    ent_simulation_t r;
    double c0 = cpu_now();
    if (ent_simulate_run(&s, &o, &r, &err) != ENT_OK) { fprintf(stderr, "bench_simulate: %s\n", err.msg); exit(1); }
    double sim = (cpu_now() - c0) / (double)draws;
    ent_simulation_destroy(&r);
    ent_analyze_opts_t ao;  /* the parts a draw runs (simulate.c's worker) */
    ent_analyze_opts_init(&ao);
    ao.sensitivity = ao.thresholds = ao.forecasts_by_rule = ao.power = ao.forecasts = 0;
    c0 = cpu_now();
    for (int i = 0; i < k; i++) {
        ent_analyze_t a;
        if (ent_analyze_run(&s, &ao, &a, &err) != ENT_OK) { fprintf(stderr, "bench_simulate: %s\n", err.msg); exit(1); }
        ent_analyze_destroy(&a);
    }
    double base = (cpu_now() - c0) / k;
    printf("%-34s %8zu draws, no models, 1 thread: CPU per draw %.3f ms; ent_analyze_run per coding %.3f ms; "
           "ratio %5.1f\n", path, draws, sim * 1e3, base * 1e3, base / sim);
    ent_scenario_destroy(&s);
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[1024], cli[1100];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(cli, sizeof cli, "%s/../entente", dirname(self));
    one_case(cli, "examples/ukraine-guarantees.yaml", NULL, 400, 10000, 20);
    one_case(cli, "examples/emission-standards.yaml", NULL, 2000, 100000, 20);
    nonmodel_case("examples/ukraine-guarantees.yaml", 2000, 500);
    /* KTAB's a160, SMP alone (--models smp), against `entente forecast --model smp` */
    const char *data = getenv("ENTENTE_DATA");
    char a160[1024];
    snprintf(a160, sizeof a160, "%s/ktab/dummyData-a160.csv", data ? data : "../shared/data");
    one_case(cli, a160, "smp", 40, 1000, 10);
    return 0;
}
