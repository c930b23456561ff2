/* SPDX-License-Identifier: MIT */
/* cmd_simulate.c — `entente simulate FILE [--draws N] [--seed S] [--threads T] [--json|--csv]
 * [--uncertainty KIND.PARAM=X]... [--no-forecasts] [--quiet] [-o OUT]`: Monte Carlo over the
 * codings of the scenario's `uncertainty:` section (library: src/analysis/simulate.c,
 * rendered by src/report/report_simulate.c; docs/cli.md, docs/analyses.md §6). Also the
 * engine of `entente analyze --draws N` (ent_cli_simulate below). A progress bar goes to
 * standard error when it is a terminal (not with --quiet); SIGINT stops the run (exit 130,
 * nothing on standard output; with --store the store keeps the draws finished, store.c). Under mpirun, build/entente-mpi splits the draws over the ranks (mpi.c). */
#include "cli/cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: entente simulate FILE [--draws N] [--seed S] [--threads T] [--json | --csv]\n"
    "       [--uncertainty KIND.PARAM=X]... [--sobol N] [--no-forecasts] [--quiet] [-o OUT]\n"
    "       [--store DB [--append]]\n"
    "       entente simulate --from DB [--json | --csv] [-o OUT]\n"
    "Draws N codings of the scenario from its `uncertainty:` section (docs/format.md), runs\n"
    "every analysis on each, and prints each line of the coded scenario's summary with the\n"
    "probability that it holds, the forecasts' means, sds and quantiles, the flags'\n"
    "probabilities with 95 % Wilson intervals, and the frequencies of verdicts and drop sets.\n"
    "The result depends on the seed only, not on the number of threads.\n"
    "  --draws N          number of draws, 1..1000000000 (default 1000); above 1000000 the\n"
    "                     quantiles are estimated, with their rank-error bound (docs/analyses.md)\n"
    "  --seed S           seed of the counter-based generator (default 1)\n"
    "  --threads T        worker threads, 1..256 (default: every core)\n"
    "  --uncertainty KIND.PARAM=X\n"
    "                     default uncertainty of every position, salience or capability:\n"
    "                     position.sd=10, salience.sd=15, capability.relative=0.2 (repeatable;\n"
    "                     replaces the file's default of that kind)\n"
    "  --sobol N          also rank the inputs of every number and flag by Sobol indices, from\n"
    "                     N base draws (N (k + 2) more runs, k = inputs, at most 32)\n"
    "  --no-forecasts     skip the forecast models in each draw\n"
    "  --models M,...     run only these forecast models in each draw (default: all)\n"
    "  --json             JSON output\n"
    "  --csv              the per-draw table: one row per draw, drawn inputs then outputs\n"
    "  --quiet            no progress bar\n"
    "  --store DB         also write every draw (inputs and outputs) to a new SQLite file\n"
    "  --append           with --store: add the draws after those of an existing store of the\n"
    "                     same scenario, seed and options (one longer run)\n"
    "  --from DB          aggregate the run in DB again, without running a draw\n"
    "  --exact-limit N    exact quantiles up to N draws (default 1000000), estimated above: a\n"
    "                     test hook to reach the estimated path with few draws\n"
    "  -o OUT             write to OUT instead of standard output\n"
    "  --help             this text\n" ENT_CLI_LOAD_HELP;

static volatile sig_atomic_t interrupted;
static void on_sigint(int sig) { (void)sig; interrupted = 1; }

typedef struct {
    int bar;             /* draw a bar on stderr */
    struct timespec t0;
    int drawn;           /* something is on the line */
} bar_t;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* The progress callback: a bar after the first second (draws done, rate, ETA). */
static int progress(void *user, const char *phase, double done, double total)
{
    bar_t *b = user;
    (void)phase;
    if (b->bar) {
        double t = since(&b->t0);
        if (t >= 1 && total > 0) {
            double rate = done / t, eta = rate > 0 ? (total - done) / rate : 0;
            int w = (int)(30 * done / total);
            fprintf(stderr, "\r[%.*s%*s] %.0f/%.0f draws, %.0f/s, ETA %.0f s ", w,
                    "##############################", 30 - w, "", done, total, rate, eta);
            b->drawn = 1;
        }
    }
    return interrupted;
}

/* Parse --draws / --threads: a whole number in [lo, hi]. */
static int parse_count(const char *cmd, const char *opt, const char *arg, unsigned long long lo, unsigned long long hi,
                       unsigned long long *out, int limit_status)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (!*arg || *end || arg[0] == '-' || errno) {
        ent_cli_usage_error(cmd, "%s wants a whole number, not '%s'", opt, arg);
        return ENT_EXIT_USAGE;
    }
    if (v < lo) {
        ent_cli_usage_error(cmd, "%s %llu; expected at least %llu", opt, v, lo);
        return ENT_EXIT_USAGE;
    }
    if (v > hi) {
        fprintf(stderr, "entente %s: %s %llu is above the limit %llu\n", cmd, opt, v, hi);
        return limit_status;
    }
    *out = v;
    return 0;
}

int ent_cli_simulate_opt(const char *cmd, int c, const char *arg, ent_simulate_opts_t *so)
{
    unsigned long long v;
    int rc;
    switch (c) {
    case ENT_CLI_OPT_DRAWS:
        if ((rc = parse_count(cmd, "--draws", arg, 1, ENT_SIMULATE_MAX_DRAWS, &v, ENT_EXIT_LIMIT))) return rc;
        so->draws = (size_t)v;
        return 0;
    case ENT_CLI_OPT_SEED:
        return ent_cli_parse_seed(cmd, "--seed", arg, 10, &so->seed) ? ENT_EXIT_USAGE : 0;
    case ENT_CLI_OPT_SOBOL:
        if ((rc = parse_count(cmd, "--sobol", arg, 1, ENT_SIMULATE_EXACT_DRAWS / (ENT_SOBOL_MAX_INPUTS + 2), &v, ENT_EXIT_LIMIT)))
            return rc;
        so->sobol = (size_t)v;
        return 0;
    case ENT_CLI_OPT_THREADS:
        if ((rc = parse_count(cmd, "--threads", arg, 1, 256, &v, ENT_EXIT_USAGE))) return rc;
        so->threads = (unsigned)v;
        return 0;
    default: return -1;
    }
}

int ent_cli_simulate_models(const char *cmd, const char *arg, ent_simulate_opts_t *so)
{
    static const char *chosen[64];
    const char *const *all = ent_forecast_models();
    unsigned char want[64] = {0};
    size_t nall = 0;
    while (all[nall] && nall < 63) nall++;
    for (const char *p = arg; ; ) {
        size_t len = strcspn(p, ",");
        size_t m = 0;
        while (m < nall && (strlen(all[m]) != len || strncmp(all[m], p, len))) m++;
        if (m == nall) {
            ent_buf_t b = ENT_BUF_INIT;
            for (size_t k = 0; k < nall; k++) ent_buf_printf(&b, "%s%s", k ? ", " : "", all[k]);
            ent_cli_usage_error(cmd, "--models: no model '%.*s'; expected a comma list of %s", (int)len, p,
                                b.data ? b.data : "");
            ent_buf_free(&b);
            return ENT_EXIT_USAGE;
        }
        want[m] = 1;
        if (!p[len]) break;
        p += len + 1;
    }
    size_t n = 0;
    for (size_t m = 0; m < nall; m++)
        if (want[m]) chosen[n++] = all[m];
    chosen[n] = NULL;
    so->models = chosen;
    return 0;
}

void ent_cli_simulate_forecasts_text(const ent_simulate_opts_t *so, char *buf, size_t n)
{
    if (!so->forecasts || !so->models) { snprintf(buf, n, "%d", so->forecasts != 0); return; }
    size_t at = 0;
    buf[0] = 0;
    for (size_t m = 0; so->models[m] && at < n; m++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", m ? "," : "", so->models[m]);
}

int ent_cli_simulate(ent_scenario_t *s, ent_simulate_opts_t *so, char **unc, size_t nunc, int quiet,
                     ent_simulation_t *out)
{
    ent_error_t err = {0};
    for (size_t k = 0; k < nunc; k++)
        if (ent_scenario_uncertainty_override(s, unc[k], &err) != ENT_OK) return ent_cli_fail(&err);
    bar_t b = {!quiet && isatty(STDERR_FILENO), {0, 0}, 0};
    clock_gettime(CLOCK_MONOTONIC, &b.t0);
    so->progress.fn = progress;
    so->progress.user = &b;
    interrupted = 0;
    signal(SIGINT, on_sigint);
    ent_status_t st = ent_simulate_run(s, so, out, &err);
    signal(SIGINT, SIG_DFL);
    if (b.drawn) fputs("\r\033[K", stderr);
    if (st != ENT_OK) return ent_cli_fail(&err);
    return 0;
}

static int simulate_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"draws", required_argument, 0, ENT_CLI_OPT_DRAWS},
        {"seed", required_argument, 0, ENT_CLI_OPT_SEED},
        {"threads", required_argument, 0, ENT_CLI_OPT_THREADS},
        {"uncertainty", required_argument, 0, 'u'},
        {"no-forecasts", no_argument, 0, 'f'},
        {"models", required_argument, 0, 'm'},
        {"sobol", required_argument, 0, ENT_CLI_OPT_SOBOL},
        {"json", no_argument, 0, 'j'},
        {"csv", no_argument, 0, 'c'},
        {"quiet", no_argument, 0, 'q'},
        {"output", required_argument, 0, 'o'},
        {"store", required_argument, 0, 'S'},
        {"from", required_argument, 0, 'F'},
        {"append", no_argument, 0, 'A'},
        {"exact-limit", required_argument, 0, 'E'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_simulate_opts_t so;
    ent_simulate_opts_init(&so);
    ent_output_t mode = ENT_OUTPUT_TEXT;
    const char *outpath = NULL, *store = NULL, *from = NULL;
    int run_opts = 0;  /* options that shape a run: refused with --from */
    char **unc = calloc((size_t)argc + 1, sizeof *unc);
    size_t nunc = 0;
    int quiet = 0, append = 0, c, rc;
    if (!unc) { fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "simulate");
        if (r < 0) r = ent_cli_simulate_opt("simulate", c, optarg, &so);
        if (r >= 0) { if (r) { free(unc); return r; } run_opts = 1; continue; }
        switch (c) {
        case 'u': unc[nunc++] = optarg; run_opts = 1; break;
        case 'f': so.forecasts = 0; run_opts = 1; break;
        case 'm':
            if (ent_cli_simulate_models("simulate", optarg, &so)) { free(unc); return ENT_EXIT_USAGE; }
            run_opts = 1;
            break;
        case 'S': store = optarg; break;
        case 'F': from = optarg; break;
        case 'A': append = 1; run_opts = 1; break;
        case 'E': {
            unsigned long long v;
            if ((rc = parse_count("simulate", "--exact-limit", optarg, 1, ENT_SIMULATE_MAX_DRAWS, &v, ENT_EXIT_USAGE))) {
                free(unc);
                return rc;
            }
            so.exact_limit = (size_t)v;
            run_opts = 1;
            break;
        }
        case 'j':
        case 'c':
            if (ent_cli_set_mode("simulate", &mode, c == 'j' ? ENT_OUTPUT_JSON : ENT_OUTPUT_CSV)) { free(unc); return ENT_EXIT_USAGE; }
            break;
        case 'q': quiet = 1; break;
        case 'o': outpath = optarg; break;
        case 'h': free(unc); ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: free(unc); return ent_cli_usage_error("simulate", "unknown option");
        }
    }
    /* one process streams its store during the run; under MPI rank 0 writes the gathered table */
    int stream = store && ent_cli_mpi_ranks() == 1;
    so.keep_draws = mode == ENT_OUTPUT_CSV || (store && !stream);
    ent_scenario_t s;
    ent_simulation_t r;
    ent_simulation_init(&r);
    if (from) {  /* re-aggregate a stored run */
        free(unc);
        if (optind < argc || run_opts || store)
            return ent_cli_usage_error("simulate", "--from takes the run's own scenario, draws, seed and options; "
                                       "expected no FILE, --draws, --seed, --threads, --uncertainty, --no-forecasts, --store");
        ent_simulation_t tb;
        rc = ent_cli_store_read(from, &s, &so, &tb);
        ent_error_t err = {0};
        if (!rc && ent_simulate_aggregate(&s, &so, &tb, &r, &err) != ENT_OK) rc = ent_cli_fail(&err);
        ent_simulation_destroy(&tb);
    } else {
        rc = ent_cli_load_arg(&s, argc, argv, "simulate", &lo);
        if (rc) { free(unc); return rc; }
        size_t first = 0;
        if (append && !store) rc = ent_cli_usage_error("simulate", "--append needs --store DB");
        /* the overrides first: the store holds the scenario as simulated */
        ent_error_t uerr = {0};
        for (size_t k = 0; !rc && k < nunc; k++)
            if (ent_scenario_uncertainty_override(&s, unc[k], &uerr) != ENT_OK) rc = ent_cli_fail(&uerr);
        if (!rc && store) rc = ent_cli_store_check(store, &s, &so, append, &first);
        so.first_draw = first;
        ent_cli_store_t *sto = NULL;
        if (!rc && stream) rc = ent_cli_store_open(store, &s, &so, first, &sto, &so.sink);
        if (!rc) rc = ent_cli_mpi_simulate(&s, &so, quiet, &r);
        free(unc);
        if (sto) {
            if (rc == ENT_EXIT_INTR)  /* Ctrl-C: the store keeps the draws finished without a gap */
                fprintf(stderr, "%s: interrupted; the store holds %zu draws, %zu of them from this run, each "
                                "complete ('entente simulate --from %s' reads them)\n", store,
                        first + ent_cli_store_written(sto), ent_cli_store_written(sto), store);
            int crc = ent_cli_store_close(sto, !rc || rc == ENT_EXIT_INTR);
            if (crc) rc = crc;
        } else if (!rc && store && ent_cli_mpi_rank() == 0)
            rc = ent_cli_store_write(store, &s, &so, &r, first);
    }
    if (!rc && ent_cli_mpi_rank() == 0) {  /* under MPI, rank 0 alone writes */
        ent_buf_t b = ENT_BUF_INIT;
        rc = ent_cli_render_write(ent_report_simulate(&s, &r, mode, &b), &b, outpath);
        ent_buf_free(&b);
    }
    ent_simulation_destroy(&r);
    ent_scenario_destroy(&s);
    return rc;
}

/* Under mpirun (build/entente-mpi, src/cli/mpi.c) the draws are split over the ranks; in
 * build/entente the begin and end calls do nothing. */
int ent_cmd_simulate(int argc, char **argv)
{
    int rc = ent_cli_mpi_begin(&argc, &argv);
    if (rc) return rc;
    rc = simulate_main(argc, argv);
    ent_cli_mpi_end();
    return rc;
}
