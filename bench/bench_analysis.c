/* SPDX-License-Identifier: MIT */
/* bench_analysis.c — benchmarks of the analysis engine (src/analysis/) against
 * straightforward baselines of our own, measured in the same run:
 *   - cheapest preconditions to drop (sequence.c): branch and bound per component against a
 *     brute force over every subset of preconditions (2^P reachability checks), on seeded
 *     random AND/OR precondition graphs; both exact, the costs are compared;
 *   - joint win-set (winset.c): one LP per minimal winning coalition against one LP per
 *     winning coalition (opts.all_winning), on the UN Security Council rule and a "7 of 12"
 *     rule with three issues and seeded positions; both exact, the answers are compared;
 *   - the whole `analyze` report on the flagship (examples/ukraine-guarantees.yaml, read
 *     from the repository root): time against the one-second target (no baseline: shown
 *     for scale).
 * Needs no reference data (../shared/data is not read). Times are the best of several
 * repetitions (wall clock); peak memory is the process's maximum resident set so far.
 */
#include "entente.h"
#include "../tests/support/dropset_brute.h"

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
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static uint64_t rng = 20240601;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

static int load_mem(ent_scenario_t *s, const char *yaml)
{
    ent_error_t err = {0};
    ent_scenario_init(s);
    if (ent_scenario_load_mem(s, "bench.yaml", yaml, strlen(yaml), NULL, &err) != ENT_OK) {
        fprintf(stderr, "bench_analysis: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- drop set */


static char *random_graph(size_t nsteps, size_t npre)
{
    size_t cap = 65536, k = 0;
    char *y = malloc(cap);
    if (!y) return NULL;
    k += (size_t)snprintf(y + k, cap - k, "entente: 1\nsalience_scale: 100\nactors:\n"
                                          "  - {id: X, capability: 7}\n  - {id: Y, capability: 3}\n"
                                          "  - {id: Z, capability: 11}\nsteps:\n");
    size_t per = (npre + nsteps - 1) / nsteps, left = npre;
    for (size_t v = 0; v < nsteps; v++) {
        k += (size_t)snprintf(y + k, cap - k, "  - id: s%zu\n", v);
        size_t m = left < per ? left : per;
        left -= m;
        if (!m) continue;
        char single[4096] = "", multi[4096] = "";
        size_t ks = 0, km = 0;
        for (size_t p = 0; p < m; p++) {
            size_t a1 = rnd((unsigned)nsteps - 1), a2 = rnd((unsigned)nsteps - 1);
            if (a1 >= v) a1++;
            if (a2 >= v) a2++;
            const char *who = rnd(3) == 0 ? "X" : rnd(2) ? "Y" : "Z";
            unsigned sal = 10 + rnd(90);
            if (a1 == a2 || rnd(3))
                ks += (size_t)snprintf(single + ks, sizeof single - ks,
                                       "      - {step: s%zu, insisted_by: [{actor: %s, salience: %u}]}\n", a1, who, sal);
            else
                km += (size_t)snprintf(multi + km, sizeof multi - km,
                                       "      - {steps: [s%zu, s%zu], insisted_by: [{actor: %s, salience: %u}]}\n", a1, a2,
                                       who, sal);
        }
        if (ks) k += (size_t)snprintf(y + k, cap - k, "    requires:\n%s", single);
        if (km) k += (size_t)snprintf(y + k, cap - k, "    requires_any:\n%s", multi);
    }
    return y;
}

static void bench_drop(size_t nsteps, size_t npre)
{
    char *y = random_graph(nsteps, npre);
    ent_scenario_t s;
    if (!y || load_mem(&s, y) != 0) { free(y); return; }
    free(y);
    unsigned pre_index[64], P = 0;
    for (size_t v = 0; v < s.nsteps; v++) { pre_index[v] = P; P += (unsigned)s.steps[v].npre; }
    ent_sequence_opts_t o;
    ent_sequence_opts_init(&o);
    o.limit_cycles = 0;
    double best_fast = INFINITY, cost_fast = NAN;
    int exact = 0;
    for (int rep = 0; rep < 5; rep++) {
        ent_sequence_t r;
        ent_error_t err = {0};
        double t0 = now();
        if (ent_sequence_analyze(&s, &o, &r, &err) != ENT_OK) { fprintf(stderr, "%s\n", err.msg); break; }
        double t = now() - t0;
        if (t < best_fast) best_fast = t;
        cost_fast = r.drop_cost;
        exact = r.drop_exact;
        ent_sequence_destroy(&r);
    }
    /* baseline: every subset; costs from a run of the analysis */
    ent_sequence_t r;
    ent_error_t err = {0};
    ent_sequence_analyze(&s, &o, &r, &err);
    double t0 = now(), cost_naive = INFINITY;
    for (uint32_t mask = 0; mask < (1u << P); mask++) {
        double c = 0;
        for (size_t v = 0; v < s.nsteps; v++)
            for (size_t p = 0; p < s.steps[v].npre; p++)
                if ((mask >> (pre_index[v] + p)) & 1u) c += r.pre_cost[r.pre_off[v] + p];
        if (c >= cost_naive) continue;
        if (ent_t_all_reachable(&s, pre_index, mask)) cost_naive = c;
    }
    double t_naive = now() - t0;
    ent_sequence_destroy(&r);
    printf("  drop set  %2zu steps %2u preconditions  branch-and-bound %9.6f s  brute force 2^%u %9.6f s  "
           "ratio %7.1fx  cost %.2f vs %.2f %s  peak %ld KiB\n",
           s.nsteps, P, best_fast, P, t_naive, t_naive / (best_fast > 0 ? best_fast : 1e-9), cost_fast, cost_naive,
           exact && fabs(cost_fast - cost_naive) < 1e-9 ? "(equal)" : "(DIFFERENT)", peak_kib());
    ent_scenario_destroy(&s);
}

/* ---------------------------------------------------------------- joint win-set */

static void bench_winset(const char *label, size_t n, const char *expr, int p5)
{
    size_t cap = 65536, k = 0;
    char *y = malloc(cap);
    if (!y) return;
    k += (size_t)snprintf(y + k, cap - k, "entente: 1\nsalience_scale: 100\nactors:\n");
    for (size_t a = 0; a < n; a++) k += (size_t)snprintf(y + k, cap - k, "  - {id: a%zu, capability: 1}\n", a);
    k += (size_t)snprintf(y + k, cap - k, "issues:\n");
    for (int i = 0; i < 3; i++) k += (size_t)snprintf(y + k, cap - k, "  - {id: i%d, status_quo: 50}\n", i);
    k += (size_t)snprintf(y + k, cap - k, "positions:\n");
    for (size_t a = 0; a < n; a++)
        for (int i = 0; i < 3; i++)
            k += (size_t)snprintf(y + k, cap - k, "  - {actor: a%zu, issue: i%d, position: %u, salience: %u}\n", a, i,
                                  rnd(101), 10 + rnd(90));
    k += (size_t)snprintf(y + k, cap - k, "groups:\n  - {id: members, members: [");
    for (size_t a = 0; a < n; a++) k += (size_t)snprintf(y + k, cap - k, "%sa%zu", a ? ", " : "", a);
    k += (size_t)snprintf(y + k, cap - k, "]}\n");
    if (p5) k += (size_t)snprintf(y + k, cap - k, "  - {id: p5, members: [a0, a1, a2, a3, a4]}\n");
    k += (size_t)snprintf(y + k, cap - k, "rules:\n  - {id: r, expr: \"%s\"}\n", expr);
    ent_scenario_t s;
    if (load_mem(&s, y) != 0) { free(y); return; }
    free(y);
    ent_proposals_opts_t o;
    ent_proposals_opts_init(&o);
    o.max_lp = 100000;
    double tf = INFINITY, tn = INFINITY;
    size_t cf = 0, cn = 0;
    int jf = -1, jn = -1;
    for (int rep = 0; rep < 3; rep++) {
        ent_winset_t w;
        ent_error_t err = {0};
        o.all_winning = 0;
        double t0 = now();
        if (ent_winset_compute(&s, 0, -1, &o, &w, &err) != ENT_OK) { fprintf(stderr, "%s\n", err.msg); break; }
        double t = now() - t0;
        if (t < tf) tf = t;
        cf = w.ncoal_checked;
        jf = (int)w.joint;
        ent_winset_destroy(&w);
        o.all_winning = 1;
        t0 = now();
        if (ent_winset_compute(&s, 0, -1, &o, &w, &err) != ENT_OK) { fprintf(stderr, "%s\n", err.msg); break; }
        t = now() - t0;
        if (t < tn) tn = t;
        cn = w.ncoal_checked;
        jn = (int)w.joint;
        ent_winset_destroy(&w);
    }
    printf("  win-set   %-28s LP per minimal winning (%5zu) %9.6f s  per winning (%5zu) %9.6f s  ratio %6.1fx  "
           "%s  peak %ld KiB\n",
           label, cf, tf, cn, tn, tn / (tf > 0 ? tf : 1e-9), jf == jn ? "(same answer)" : "(DIFFERENT)", peak_kib());
    ent_scenario_destroy(&s);
}

/* ---------------------------------------------------------------- analyze */

static void bench_analyze(void)
{
    ent_scenario_t s;
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t err = {0};
    ent_scenario_init(&s);
    if (ent_scenario_load(&s, "examples/ukraine-guarantees.yaml", &lo, &err) != ENT_OK) {
        printf("  analyze   examples/ukraine-guarantees.yaml not found (run from the repository root): skipped\n");
        return;
    }
    double best = INFINITY;
    for (int rep = 0; rep < 5; rep++) {
        ent_buf_t b = ENT_BUF_INIT;
        double t0 = now();
        ent_analyze_t a;
        if (ent_analyze_run(&s, NULL, &a, &err) == ENT_OK) ent_report_analyze(&s, &a, ENT_OUTPUT_TEXT, &b);
        ent_analyze_destroy(&a);
        double t = now() - t0;
        if (t < best) best = t;
        ent_buf_free(&b);
    }
    printf("  analyze   flagship report (all sections)  %9.6f s  target < 1 s: %s  (no baseline)  peak %ld KiB\n", best,
           best < 1 ? "met" : "MISSED", peak_kib());
    ent_scenario_destroy(&s);
}

int main(void)
{
    printf("bench_analysis: method, best wall time, ratio baseline/method (same run)\n");
    bench_drop(8, 14);
    bench_drop(10, 18);
    bench_drop(11, 22);
    bench_winset("UNSC (all of p5, 9 of 15)", 15, "all of p5 and 9 of members", 1);
    bench_winset("7 of 12", 12, "7 of members", 0);
    bench_analyze();
    return 0;
}
