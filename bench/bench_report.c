/* SPDX-License-Identifier: MIT */
/* bench_report.c — the HTML briefing (src/report/report_html.c, issue 14) end to end through
 * the library, as `entente report` runs it: load, ent_analyze_run, Shapley–Shubik and
 * Banzhaf per rule, the win-sets in the plane (ent_winset_planes), ent_report_html. Baseline
 * measured in the same run: the text report of `entente analyze` (ent_report_analyze)
 * rendered from the same results, so the ratio is the cost of the figures over the tables.
 * Targets (issue 14): the flagship < 0.5 s; KTAB's a160 SMP table (../shared/data/ktab/
 * dummyData-a160.csv, or $ENTENTE_DATA) < 1 s and < 3 MB; a seeded scenario of 1 000 actors
 * < 2 s, < 5 MB, at most 30 text labels per figure — without forecasts and sensitivity, and
 * with the fast forecast models (compromise, median, nash, bdm, without the forecasts by rule,
 * whose exact Shapley-Shubik index of a 1 000-player majority takes minutes; every model
 * timed alone below, smp only with BENCH_SMP=1: it takes minutes at 1 000 actors). Times: CPU time of the
 * process (CLOCK_PROCESS_CPUTIME_ID; the bench is single-threaded), best of 3 — wall time on
 * the shared machine is no evidence. `bench_report --write-big PATH` writes the 1 000-actor
 * scenario for timing the command line (/usr/bin/time -f %U entente report PATH ...).
 */
#include "entente.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The largest number of data labels (class="lab" texts) inside one <figure>; *all gets the
 * largest number of <text> elements of any kind (axis ticks and titles too). */
static size_t max_labels(const char *page, size_t *all)
{
    size_t best = 0;
    *all = 0;
    for (const char *q = page; (q = strstr(q, "<figure ")); q++) {
        const char *end = strstr(q, "</figure>");
        size_t n = 0, m_all = 0;
        for (const char *m = q; end && (m = strstr(m, "<text")) && m < end; m++) m_all++;
        if (m_all > *all) *all = m_all;
        for (const char *m = q; end && (m = strstr(m, "class=\"lab\"")) && m < end; m++) n++;
        if (n > best) best = n;
    }
    return best;
}

typedef struct {
    double html_s, text_s, analyze_s, planes_s, render_s;
    size_t bytes, labels, texts;
} run_t;

static int one(const ent_scenario_t *s, const ent_analyze_opts_t *ao, run_t *r)
{
    ent_error_t err = {0};
    double t0 = now();
    ent_analyze_t a;
    if (ent_analyze_run(s, ao, &a, &err) != ENT_OK) { fprintf(stderr, "analyze: %s\n", err.msg); return -1; }
    size_t nr = s->nrules;
    ent_game_t **g = calloc(nr + 1, sizeof *g);
    ent_power_t *p = calloc(nr + 1, sizeof *p);
    ent_power_opts_t po;
    ent_power_opts_init(&po);
    po.indices = (1u << ENT_IDX_SHAPLEY) | (1u << ENT_IDX_BANZHAF);
    po.exact_strings = 0;
    po.approx_on_refusal = 1;
    po.max_seconds = 2;
    for (size_t k = 0; k < nr; k++) {
        ent_power_init(&p[k]);
        if (ent_game_from_rule(s, k, NULL, &g[k], &err) != ENT_OK) continue;
        po.approx = ent_game_nplayers(g[k]) > 100;
        po.samples = po.approx ? 10000 : 100000;
        ent_game_power(g[k], &po, &p[k], &err);
    }
    double t1 = now();
    ent_winset_plane_t *planes = NULL;
    size_t nplanes = 0;
    if (ent_winset_planes(s, &a.proposals, NULL, &planes, &nplanes, &err) != ENT_OK) fprintf(stderr, "planes: %s\n", err.msg);
    double t1b = now();
    ent_report_html_opts_t ho;
    ent_report_html_opts_init(&ho);
    ho.npower = nr;
    ho.games = (const ent_game_t *const *)g;
    ho.power = p;
    ho.planes = planes;
    ho.nplanes = nplanes;
    ent_buf_t b = ENT_BUF_INIT;
    ent_status_t st = ent_report_html(s, &a, &ho, &b);
    double t2 = now();
    ent_winset_planes_free(planes, nplanes);
    ent_buf_t tb = ENT_BUF_INIT;
    ent_report_analyze(s, &a, ENT_OUTPUT_TEXT, &tb);
    double t3 = now();
    r->html_s = t2 - t0;
    r->text_s = (t1 - t0) + (t3 - t2);
    r->analyze_s = t1 - t0;
    r->planes_s = t1b - t1;
    r->render_s = t2 - t1b;
    r->bytes = b.len;
    ent_buf_puts(&b, "");
    r->labels = st == ENT_OK ? max_labels(b.data, &r->texts) : 0;
    ent_buf_free(&b);
    ent_buf_free(&tb);
    for (size_t k = 0; k < nr; k++) {
        ent_power_destroy(&p[k]);
        ent_game_destroy(g[k]);
    }
    free(g);
    free(p);
    ent_analyze_destroy(&a);
    return st == ENT_OK ? 0 : -1;
}

static void bench(const char *name, const ent_scenario_t *s, const ent_analyze_opts_t *ao, double target_s,
                  double target_mb)
{
    run_t best = {1e30, 1e30, 0, 0, 0, 0, 0, 0}, r;
    for (int k = 0; k < 3; k++) {
        if (one(s, ao, &r)) { printf("%-24s failed\n", name); return; }
        if (r.html_s < best.html_s) best = r;
    }
    double mb = (double)best.bytes / 1e6;
    printf("%-24s %7.3f s CPU (target %.1f: %s)  %5.2f MB (target %.0f: %s)  labels/figure <= %zu (all texts <= %zu)  "
           "analyze text %.3f s, ratio %.2f; of which analyze+power %.3f, planes %.3f, HTML %.3f\n", name, best.html_s,
           target_s, best.html_s < target_s ? "met" : "MISSED", mb, target_mb, mb < target_mb ? "met" : "MISSED",
           best.labels, best.texts, best.text_s, best.html_s / best.text_s, best.analyze_s, best.planes_s,
           best.render_s);
}

static unsigned rnd(uint64_t *x, unsigned m)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((*x >> 33) % m);
}

/* A seeded scenario of n actors: two issues, a simple majority and a double majority, one
 * proposal, two steps. */
static char *big_yaml(size_t n)
{
    ent_buf_t b = ENT_BUF_INIT;
    uint64_t x = 7;
#define RND(m) rnd(&x, m)
    ent_buf_printf(&b, "entente: 1\ntitle: %zu actors\nsalience_scale: 100\nactors:\n", n);
    for (size_t a = 0; a < n; a++) {
        unsigned cap = 1 + RND(100), pop = 1 + RND(500);
        ent_buf_printf(&b, "  - {id: a%zu, name: Actor %zu, capability: %u, attributes: {pop: %u}}\n", a, a, cap, pop);
    }
    ent_buf_puts(&b, "groups:\n  - {id: members, members: [");
    for (size_t a = 0; a < n; a++) ent_buf_printf(&b, "%sa%zu", a ? ", " : "", a);
    ent_buf_puts(&b, "]}\nissues:\n  - {id: x, scale: [0, 100], status_quo: 20}\n"
                     "  - {id: y, scale: [0, 100], status_quo: 50}\npositions:\n");
    for (size_t a = 0; a < n; a++) {
        unsigned px = RND(101), sx = 10 + RND(91), py = RND(101), sy = 10 + RND(91);
        ent_buf_printf(&b, "  - {actor: a%zu, issue: x, position: %u, salience: %u}\n", a, px, sx);
        if (a % 2 == 0) ent_buf_printf(&b, "  - {actor: a%zu, issue: y, position: %u, salience: %u}\n", a, py, sy);
    }
    ent_buf_puts(&b, "rules:\n  - {id: maj, expr: \"majority of members\"}\n"
                     "  - {id: qmv, expr: \">= 55% of members and >= 65% of members by pop\"}\n"
                     "proposals:\n  - {id: p1, proposer: a0, rule: maj, point: {x: 60}}\n"
                     "steps:\n  - {id: s1, name: First}\n  - {id: s2, name: Second, requires: [s1]}\n");
#undef RND
    return ent_buf_take(&b);
}

/* What the budget skipped on the default path and what it ran: the estimates, and the
 * estimated cost of the path without a budget (--budget 0) against the default one. */
static void budget_lines(const ent_scenario_t *s, const ent_analyze_opts_t *ao)
{
    ent_analyze_t a;
    ent_error_t err = {0};
    if (ent_analyze_run(s, ao, &a, &err) != ENT_OK) { printf("  budget: %s\n", err.msg); return; }
    double skipped = 0;
    for (size_t k = 0; k < a.nskipped; k++) {
        const ent_analyze_skip_t *q = &a.skipped[k];
        static const char *const part[] = {"model", "model by rule", "thresholds", "sensitivity"};
        printf("  skipped by the %.3g s budget: %-14s %-10s estimated %9.3f s CPU\n", a.budget, part[q->part],
               q->model ? q->model : "", q->estimate);
        skipped += q->estimate;
    }
    printf("  budgeted parts run: estimated %.3f s; without a budget (--budget 0) about %.0f s more, "
           "%.0fx the default path's estimate\n", a.estimated, skipped, (a.estimated + skipped) / (a.estimated > 0 ? a.estimated : 1));
    ent_analyze_destroy(&a);
}

/* Each forecast model alone on s (ent_forecast_run), CPU seconds; smp only when asked. */
static void models_alone(const ent_scenario_t *s)
{
    const char *const *m = ent_forecast_models();
    for (size_t k = 0; m && m[k]; k++) {
        if (!strcmp(m[k], "smp") && !getenv("BENCH_SMP")) {
            printf("  model %-10s not run (set BENCH_SMP=1: minutes at 1 000 actors)\n", m[k]);
            continue;
        }
        ent_forecast_t f;
        ent_error_t err = {0};
        ent_forecast_init(&f);
        double t0 = now();
        ent_status_t st = ent_forecast_run(s, m[k], NULL, &f, &err);
        printf("  model %-10s %8.3f s CPU%s%s\n", m[k], now() - t0, st == ENT_OK ? "" : ": ", st == ENT_OK ? "" : err.msg);
        ent_forecast_destroy(&f);
    }
}

int main(int argc, char **argv)
{
    ent_error_t err = {0};
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 2 && !strcmp(argv[1], "--write-big")) {
        char *y = big_yaml(argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 1000);
        FILE *f = fopen(argv[2], "w");
        if (!y || !f || fputs(y, f) < 0 || fclose(f) != 0) { perror(argv[2]); return 1; }
        ent_free(y);
        return 0;
    }
    ent_scenario_t s;
    ent_analyze_opts_t ao;
    ent_analyze_opts_init(&ao);
    ao.power = 0;
    printf("%-24s %s\n", "case", "analyze+power+planes+HTML (CPU, best of 3), size, labels; baseline: the same "
                                 "with the analyze text report");
    ent_scenario_init(&s);
    if (ent_scenario_load(&s, "examples/ukraine-guarantees.yaml", NULL, &err) == ENT_OK)
        bench("flagship", &s, &ao, 0.5, 3);
    else printf("%-24s skipped: %s (run from the repository root)\n", "flagship", err.msg);
    ent_scenario_destroy(&s);
    char path[1024];
    const char *data = getenv("ENTENTE_DATA");
    snprintf(path, sizeof path, "%s/ktab/dummyData-a160.csv", data ? data : argc > 1 ? argv[1] : "../shared/data");
    ent_scenario_init(&s);
    if (ent_scenario_load(&s, path, NULL, &err) == ENT_OK) bench("a160 (KTAB SMP)", &s, &ao, 1, 3);
    else printf("%-24s skipped: %s absent\n", "a160 (KTAB SMP)", path);
    ent_scenario_destroy(&s);
    char *y = big_yaml(1000);
    ent_scenario_init(&s);
    if (y && ent_scenario_load_mem(&s, "big.yaml", y, strlen(y), NULL, &err) == ENT_OK) {
        ao.forecasts = 0;
        ao.sensitivity = 0;
        ao.thresholds = 0; /* --no-sensitivity: minutes of proposals reruns at 1 000 actors */
        bench("1000 actors, no fc", &s, &ao, 2, 5);
        /* the default path of `entente report BIG -o out.html`: every part, the cost budget
           (ENT_ANALYZE_BUDGET) skipping what its estimate does not fit */
        ent_analyze_opts_t dflt;
        ent_analyze_opts_init(&dflt);
        dflt.power = 0; /* as cmd_report.c: the page computes Shapley-Shubik and Banzhaf itself */
        bench("1000 actors, default", &s, &dflt, 2, 5);
        budget_lines(&s, &dflt);
        ao.forecasts = 1;
        ao.models = "compromise,median,nash,bdm";
        ao.forecasts_by_rule = 0; /* by rule: the exact Shapley-Shubik index of a 1 000-player
                                     majority (ent_forecast_capability_from_rule), minutes */
        bench("1000 actors, fast models", &s, &ao, 2, 5);
        models_alone(&s);
    } else printf("1000 actors: %s\n", err.msg);
    ent_scenario_destroy(&s);
    ent_free(y);
    return 0;
}
