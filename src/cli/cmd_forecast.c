/* SPDX-License-Identifier: MIT */
/* cmd_forecast.c — `entente forecast [options] FILE`: where the bargaining lands, per
 * model, side by side per issue; for the dynamic models the convergence verdict and the
 * movement-without-progress figure; with --trace the positions in every round.
 * Library: src/forecast/ (models: docs/models.md; verdict: docs/verdict.md); the model list,
 * its help lines and the default set come from the model registry (entente/forecast.h);
 * rendering: ent_report_forecast (src/report/report_forecast.c). With --calibration FILE
 * the intervals of a calibration (ent_calibration_read/apply, src/forecast/calibration.c;
 * docs/validation.md). Only argument parsing,
 * the calls and writing live here.
 */
#include "cli/cli.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char usage_head[] =
    "usage: entente forecast [options] FILE\n"
    "Forecast the outcome of every issue with the models of docs/models.md, side by side.\n"
    "Default: every model listed below that applies to the scenario; a model that refuses\n"
    "an issue is run issue by issue and the refused issues get a note (with --model, a\n"
    "refusal is an error).\n"
    "Dynamic models also report their verdict (converged / cycling / still moving) and\n"
    "movement without progress (total distance moved by all actors / net change of the\n"
    "forecast; docs/verdict.md).\n";
static const char usage_opts[] =
    "  --rounds N          round limit of the dynamic models (default: the model's)\n"
    "  --tol T             convergence tolerance in issue units (default: the codings'\n"
    "                      precision, half the issue's step, else 0.5% of its range;\n"
    "                      1e-9 x range gives the verdicts of before)\n"
    "  --variant V         bdm variant: scholz2011 (default), printed, eum-literal\n"
    "  --q Q               bdm: probability Q that the status quo persists (default 1)\n"
    "  --ties T            exchange tie rule: deterministic (default) or seeded\n"
    "  --seed N            seed of the exchange model's seeded ties and of smp's\n"
    "                      stochastic transitions (same seed, same numbers)\n"
    "  --smp P1,...,P9     the nine SMP parameters in KTAB's order and numbering\n"
    "                      (default 0,0,0,2,1,1,1,1,0; docs/models/smp.md)\n"
    "  --threads N         smp worker threads (0 = one per CPU; results identical)\n"
    "  --capability-from RULE[:shapley|banzhaf]\n"
    "                      use the voting power of a decision rule (a rule id of the\n"
    "                      scenario or a rule text) as every actor's capability\n"
    "  --trace             per-round positions of the dynamic models, and their trace text\n"
    "  --json              JSON output\n"
    "  --precision N       significant digits of numbers in --json (default 10; 17 gives\n"
    "                      every double exactly)\n"
    "  --csv               one CSV row per issue, dimension and model\n"
    "  --calibration FILE  also print each forecast's calibrated interval and the ensemble\n"
    "                      (a file of `entente calibrate`; docs/validation.md); default:\n"
    "                      the scenario's `calibration:` file, if it names one (not --csv)\n"
    "  --help              this text\n";

/* The help text: the fixed parts, and the models from the registry. */
static void usage(FILE *f)
{
    const ent_forecast_model_t *m;
    fputs(usage_head, f);
    fputs("  --model M,...       models to run:", f);
    for (size_t k = 0; (m = ent_forecast_model_at(k)); k++) fprintf(f, " %s", m->name);
    fputs("\n", f);
    fputs(usage_opts, f);
    ent_cli_help_file(f, ENT_CLI_LOAD_HELP);
    fputs("models:\n", f);
    for (size_t k = 0; (m = ent_forecast_model_at(k)); k++) {
        fprintf(f, "  %-10s %-7s  %s\n", m->name,
                m->kind == ENT_FORECAST_DYNAMIC ? "dynamic" : "static", m->help);
        if (m->min_issues || m->default_max_issues)
            fprintf(f, "%22sin the default set with %zu..%zu issues\n", "", m->min_issues,
                    m->default_max_issues ? m->default_max_issues : (size_t)-1);
    }
}

enum { OPT_MODEL = 'm', OPT_ROUNDS = 'r', OPT_TOL = 't', OPT_TRACE = 'T', OPT_JSON = 'j',
       OPT_CSV = 'c', OPT_CAPFROM = 'p', OPT_VARIANT = 'v', OPT_HELP = 'h',
       OPT_Q = 0x2000, OPT_SEED, OPT_TIES, OPT_SMP, OPT_THREADS, OPT_PRECISION, OPT_CALIB };

/* Room for every model of the registry (a list names each model at most once). */
#define MAXM 32

typedef struct {
    ent_load_opts_t lo;
    ent_forecast_opts_t fo;
    ent_report_forecast_opts_t ro;
    const ent_forecast_model_t *models[MAXM];
    size_t nm;
    int explicit_models;
    ent_output_t mode;
    const char *capfrom;
    const char *calibration; /* --calibration FILE */
} args_t;

/* --smp P1,...,P9: KTAB's nine parameters, in its order and numbering (smp.h). */
static int parse_smp_params(const char *arg, ent_smp_opts_t *o)
{
    static const int nalt[9] = {5, 3, 2, 6, 5, 3, 3, 3, 3};
    long v[9];
    const char *p = arg;
    for (int k = 0; k < 9; k++) {
        char *end;
        v[k] = strtol(p, &end, 10);
        if (end == p || v[k] < 0 || v[k] >= nalt[k])
            return ent_cli_usage_error("forecast", "--smp parameter %d must be 0..%d in '%s'", k + 1,
                                       nalt[k] - 1, arg);
        p = end;
        if (k < 8 && *p++ != ',')
            return ent_cli_usage_error("forecast", "--smp wants nine comma-separated numbers, not '%s'", arg);
    }
    if (*p) return ent_cli_usage_error("forecast", "--smp wants nine comma-separated numbers, not '%s'", arg);
    o->vpm = (ent_smp_vpm_t)v[0];
    o->pcem = (ent_smp_pcem_t)v[1];
    o->stm = (ent_smp_stm_t)v[2];
    o->vr = (ent_smp_vr_t)v[3];
    o->radj = (ent_smp_radj_t)v[4];
    o->rrng = (ent_smp_rrng_t)v[5];
    o->tpc = (ent_smp_tpc_t)v[6];
    o->ivb = (ent_smp_ivb_t)v[7];
    o->bargn = (ent_smp_bargn_t)v[8];
    return 0;
}

/* Parse a long in lo..hi for option `name`; 0 or the usage exit code. */
static int parse_long(const char *arg, long lo, long hi, const char *what, long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < lo || v > hi)
        return ent_cli_usage_error("forecast", "%s wants a number %ld..%ld, not '%s'", what, lo, hi, arg);
    *out = v;
    return 0;
}

/* The numeric options. Returns 0, or the usage exit code. */
static int parse_number_opt(int c, const char *arg, args_t *a)
{
    char *end;
    long v = 0;
    double d;
    uint64_t u;
    int rc = 0;
    switch (c) {
    case OPT_ROUNDS:
        if (!(rc = parse_long(arg, 1, 1000000, "--rounds", &v))) a->fo.rounds = (int)v;
        return rc;
    case OPT_THREADS:
        if (!(rc = parse_long(arg, 0, 256, "--threads", &v))) a->fo.smp.threads = (int)v;
        return rc;
    case OPT_PRECISION:
        if (!(rc = parse_long(arg, 1, 17, "--precision", &v))) a->ro.precision = (int)v;
        return rc;
    case OPT_TOL:
        d = strtod(arg, &end);
        if (!*arg || *end || !(d >= 0) || isinf(d))
            return ent_cli_usage_error("forecast", "--tol wants a number >= 0, not '%s'", arg);
        a->fo.tol = d;
        return 0;
    case OPT_Q:
        d = strtod(arg, &end);
        if (!*arg || *end || !(d >= 0 && d <= 1))
            return ent_cli_usage_error("forecast", "--q wants a probability 0..1, not '%s'", arg);
        a->fo.bdm.q = d;
        return 0;
    default: /* OPT_SEED */
        if ((rc = ent_cli_parse_seed("forecast", "--seed", arg, 0, &u))) return rc;
        a->fo.exchange.seed = u;
        a->fo.smp.seed = u;
        return 0;
    }
}

/* One option (not a load option). Returns 0, -1 after --help, or an exit code. */
static int parse_opt(int c, const char *arg, args_t *a)
{
    ent_error_t err = {0};
    switch (c) {
    case OPT_MODEL:
        if (!*arg) return ent_cli_usage_error("forecast", "--model wants at least one model");
        if (ent_forecast_model_parse(arg, a->models, MAXM, &a->nm, &err) != ENT_OK)
            return ent_cli_usage_error("forecast", "%s", err.msg);
        a->explicit_models = 1;
        return 0;
    case OPT_ROUNDS: case OPT_TOL: case OPT_Q: case OPT_SEED: case OPT_THREADS: case OPT_PRECISION:
        return parse_number_opt(c, arg, a);
    case OPT_VARIANT:
        if (ent_bdm_variant_parse(arg, &a->fo.bdm.variant) != ENT_OK)
            return ent_cli_usage_error("forecast", "unknown bdm variant '%s'; expected scholz2011, "
                                       "printed or eum-literal", arg);
        return 0;
    case OPT_TIES:
        if (!strcmp(arg, "deterministic")) a->fo.exchange.tie = ENT_EXCHANGE_TIE_DETERMINISTIC;
        else if (!strcmp(arg, "seeded")) a->fo.exchange.tie = ENT_EXCHANGE_TIE_SEEDED;
        else return ent_cli_usage_error("forecast", "--ties wants deterministic or seeded, not '%s'", arg);
        return 0;
    case OPT_SMP: return parse_smp_params(arg, &a->fo.smp);
    case OPT_CAPFROM: a->capfrom = arg; return 0;
    case OPT_CALIB: a->calibration = arg; return 0;
    case OPT_TRACE: a->fo.trace = 1; a->ro.trace = 1; return 0;
    case OPT_JSON: return ent_cli_set_mode("forecast", &a->mode, ENT_OUTPUT_JSON);
    case OPT_CSV: return ent_cli_set_mode("forecast", &a->mode, ENT_OUTPUT_CSV);
    case OPT_HELP: usage(stdout); return -1;
    default: return ent_cli_usage_error("forecast", "unknown option");
    }
}

static int parse_args(int argc, char **argv, args_t *a)
{
    static const struct option longopts[] = {
        {"model", required_argument, 0, OPT_MODEL},
        {"rounds", required_argument, 0, OPT_ROUNDS},
        {"tol", required_argument, 0, OPT_TOL},
        {"variant", required_argument, 0, OPT_VARIANT},
        {"capability-from", required_argument, 0, OPT_CAPFROM},
        {"trace", no_argument, 0, OPT_TRACE},
        {"json", no_argument, 0, OPT_JSON},
        {"csv", no_argument, 0, OPT_CSV},
        {"help", no_argument, 0, OPT_HELP},
        {"q", required_argument, 0, OPT_Q},
        {"seed", required_argument, 0, OPT_SEED},
        {"ties", required_argument, 0, OPT_TIES},
        {"smp", required_argument, 0, OPT_SMP},
        {"threads", required_argument, 0, OPT_THREADS},
        {"precision", required_argument, 0, OPT_PRECISION},
        {"calibration", required_argument, 0, OPT_CALIB},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    memset(a, 0, sizeof *a);
    ent_load_opts_init(&a->lo);
    ent_forecast_opts_init(&a->fo);
    ent_report_forecast_opts_init(&a->ro);
    a->mode = ENT_OUTPUT_TEXT;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &a->lo, "forecast");
        if (r < 0) r = parse_opt(c, optarg, a);
        if (r) return r;
    }
    if (a->calibration && a->mode == ENT_OUTPUT_CSV)
        return ent_cli_usage_error("forecast", "--calibration prints intervals as text or --json, not --csv");
    if (optind != argc - 1) return ent_cli_usage_error("forecast", "expects exactly one scenario FILE");
    a->ro.source = argv[optind];
    return 0;
}

/* Without --model: every model of the registry whose issue-count limits the scenario meets;
 * a model left out above its default limit is named on stderr. */
static void default_models(const ent_scenario_t *s, args_t *a)
{
    const ent_forecast_model_t *m;
    for (size_t k = 0; (m = ent_forecast_model_at(k)) && a->nm < MAXM; k++) {
        if (s->nissues < m->min_issues) continue;
        if (m->default_max_issues && s->nissues > m->default_max_issues) {
            fprintf(stderr, "entente forecast: model %s left out of the default set: %zu issues "
                    "(more than %zu%s); name it with --model to run it\n", m->name, s->nissues,
                    m->default_max_issues, m->joint ? "; it trades across all of them" : "");
            continue;
        }
        a->models[a->nm++] = m;
    }
}

/* Whether the model forecast at least one issue. */
static int any_outcome(const ent_forecast_t *f)
{
    for (size_t i = 0; i < f->nissues; i++)
        if (f->outcome && f->outcome[i]) return 1;
    return 0;
}

/* A model named with --model that forecast no issue at all (the exchange model on a table
 * with one issue) refused the scenario: an error, exit 3, with the model's first reason. */
static int refused_everywhere(const ent_scenario_t *s, const ent_forecast_model_t *m,
                              const ent_forecast_t *f, const char *source)
{
    const char *why = NULL;
    size_t i;
    for (i = 0; i < f->nissues && !why; i++)
        if (f->why && f->why[i]) why = f->why[i];
    fprintf(stderr, "%s: model %s refuses this scenario: %s%s%s\n", source, m->name,
            why ? s->issues[i - 1].id : "no issue", why ? ": " : " can be forecast", why ? why : "");
    return ENT_EXIT_INPUT;
}

/* Run the chosen models into fs (*nrun of them filled). Returns 0 or the exit code (the
 * error already printed). */
static int run_models(const ent_scenario_t *s, const args_t *a, ent_forecast_t *fs, size_t *nrun)
{
    ent_error_t err = {0};
    for (size_t k = 0; k < a->nm; k++) {
        const ent_forecast_model_t *m = a->models[k];
        ent_forecast_t *f = &fs[(*nrun)++];
        ent_forecast_init(f);
        ent_error_clear(&err);
        ent_status_t st = ent_forecast_run(s, m->name, &a->fo, f, &err);
        if (st == ENT_OK && a->explicit_models && s->nissues && !any_outcome(f))
            return refused_everywhere(s, m, f, a->ro.source);
        if (st == ENT_OK) continue;
        if (st == ENT_EINPUT && !a->explicit_models && !m->joint) {
            /* default set: the model refuses some issue; run it issue by issue, the refused
             * issues get a note ("refused: ...") and no forecast. A model named with --model
             * that refuses the input is an error (exit 3). */
            ent_error_clear(&err);
            st = ent_forecast_run_each(s, m->name, &a->fo, f, NULL, &err);
            if (st == ENT_OK) continue;
        }
        if (a->explicit_models || st != ENT_EINPUT) return ent_cli_fail(&err);
        /* default set: a model that refuses this scenario is left out, with its reason */
        char msg[1200];
        ent_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "entente forecast: model %s left out: %s\n", m->name, msg);
        ent_forecast_destroy(&fs[--(*nrun)]);
    }
    return 0;
}

/* SIGINT: the progress callback asks the library to stop; the run ends with ENT_EINTR
 * ("... interrupted" on stderr, exit 130) and nothing is written. */
static volatile sig_atomic_t interrupted;
static void on_sigint(int sig) { (void)sig; interrupted = 1; }
static int stop_on_sigint(void *user, const char *phase, double done, double total)
{
    (void)user; (void)phase; (void)done; (void)total;
    return interrupted;
}

int ent_cmd_forecast(int argc, char **argv)
{
    args_t a;
    int rc = parse_args(argc, argv, &a);
    if (rc) return rc < 0 ? ENT_EXIT_OK : rc;
    ent_scenario_t s;
    ent_scenario_init(&s);
    rc = ent_cli_load(&s, a.ro.source, &a.lo, 0);
    if (rc) return rc;
    ent_error_t err = {0};
    double *cap = NULL;
    ent_forecast_t fs[MAXM];
    size_t nrun = 0;
    ent_buf_t b = ENT_BUF_INIT;
    ent_calibration_t cal;
    ent_calibrated_t calibrated;
    ent_calibration_init(&cal);
    ent_calibrated_init(&calibrated);
    if (a.capfrom) {
        cap = malloc((s.nactors ? s.nactors : 1) * sizeof *cap);
        if (!cap) { rc = ENT_EXIT_FAIL; fprintf(stderr, "entente: out of memory\n"); goto done; }
        if (ent_forecast_capability_from_rule(&s, a.capfrom, cap, &err) != ENT_OK) {
            rc = ent_cli_fail(&err);
            goto done;
        }
        a.fo.capability = cap;
    }
    if (!a.explicit_models) default_models(&s, &a);
    a.fo.progress.fn = stop_on_sigint;
    signal(SIGINT, on_sigint);
    rc = run_models(&s, &a, fs, &nrun);
    signal(SIGINT, SIG_DFL);
    if (rc) goto done;
    char calpath[4096];
    if (!a.calibration && s.calibration && a.mode != ENT_OUTPUT_CSV) {
        /* the scenario's `calibration:`, relative to the scenario's folder */
        const char *slash = strrchr(a.ro.source, '/');
        int dir = s.calibration[0] != '/' && slash ? (int)(slash - a.ro.source + 1) : 0;
        if (snprintf(calpath, sizeof calpath, "%.*s%s", dir, a.ro.source, s.calibration) >= (int)sizeof calpath) {
            fprintf(stderr, "%s:%d:%d: calibration path too long; expected at most %zu bytes\n", a.ro.source,
                    s.calibration_loc.line, s.calibration_loc.col, sizeof calpath - 1);
            rc = ENT_EXIT_INPUT;
            goto done;
        }
        a.calibration = calpath;
    }
    if (a.calibration) {
        if (ent_calibration_read(a.calibration, &cal, &err) != ENT_OK ||
            ent_calibration_apply(&cal, &s, fs, nrun, &a.fo, &calibrated, &err) != ENT_OK) {
            if (s.origin && !strcmp(err.file, s.origin)) /* an importer's name: the file's */
                snprintf(err.file, sizeof err.file, "%s", a.ro.source);
            rc = ent_cli_fail(&err);
            goto done;
        }
        a.ro.calibration = &cal;
        a.ro.calibrated = &calibrated;
    }
    ent_status_t rst = ent_report_forecast(&s, fs, nrun, &a.ro, a.mode, &b);
    if (rst == ENT_ENOMEM) b.oom = 1;
    rc = ent_cli_render_write(rst, &b, NULL);
done:
    ent_buf_free(&b);
    ent_calibrated_destroy(&calibrated);
    ent_calibration_destroy(&cal);
    for (size_t m = 0; m < nrun; m++) ent_forecast_destroy(&fs[m]);
    free(cap);
    ent_scenario_destroy(&s);
    return rc;
}
