/* SPDX-License-Identifier: MIT */
/* cmd_validate.c — `entente validate TABLE [options]`: forecast every issue of a table with
 * actual outcomes (DEU-style) with every one-dimensional model and report the mean
 * absolute error, the median absolute error and the share of issues each model gets
 * closest; per-issue errors with --csv FILE. Library: entente/validate.h
 * (src/forecast/deu_validate.c; scoring rules documented there and in docs/models.md);
 * rendering: ent_report_validation (src/report/report_validate.c). With --cv K: out-of-sample
 * scores, ensembles and conformal intervals (ent_crossval_run, src/analysis/crossval.c;
 * docs/validation.md), rendered by ent_report_crossval (src/report/report_crossval.c); with
 * --calibration-out F, or as `entente calibrate TABLE -o F` (cmd_calibrate.c), the calibration
 * file (ent_report_calibration) that `forecast --calibration` reads. Only argument parsing, the calls and writing live here.
 */
#include "cli/cli.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* "validate", or "calibrate" (ent_cli_validate_run from cmd_calibrate.c: the same run with --cv 10
 * by default, the calibration written to -o FILE, no per-issue CSV and no extra predictors). */
static const char *cmd = "validate";

static void calibrate_usage(FILE *f)
{
    fputs("usage: entente calibrate TABLE -o FILE [options]\n"
          "Fit, on a table of issues with outcomes, the ensemble of the forecast models and the\n"
          "split-conformal interval half-widths of the ensemble and of each model, out of sample\n"
          "(K-fold cross-validation by dossier; docs/validation.md), and write them with their\n"
          "provenance (table hash, scale, folds, seed, each model's settings) as YAML to FILE,\n"
          "for `entente forecast SCENARIO --calibration FILE`. Prints the cross-validation report.\n"
          "  -o, --output FILE    the calibration file to write (required)\n"
          "  --cv K               folds (default 10)\n"
          "  --repeats R          repeat the K-fold split R times (default 5)\n"
          "  --seed S             seed of the fold assignment (default 1)\n"
          "  --level L,...        interval levels in (0, 1) (default 0.8,0.9)\n"
          "  --no-features        no feature-split ensembles in the report\n"
          "  --affine             the ensemble forecast is intercept + free weights x the\n"
          "                       predictors (least absolute deviation), clipped to the scale\n"
          "  --extra P,...        with --affine: extra predictors (an actor's position such as\n"
          "                       com, or council_mean, procedural, ...; docs/validation.md)\n"
          "  --model M,...        models to fit (default: every one-dimensional model)\n"
          "  --capability C       equal | row:ID | file:F | rule:R[:shapley|banzhaf]\n"
          "                       (entente validate --help)\n"
          "  --min-actors N       count issues with at least N positioned actors (default 3)\n"
          "  --rounds N           round limit of the dynamic models (default: the model's)\n"
          "  --json               JSON report\n"
          "  --help               this text\n", f);
    ent_cli_help_file(f, ENT_CLI_LOAD_HELP);
}

static void usage(FILE *f)
{
    if (!strcmp(cmd, "calibrate")) {
        calibrate_usage(f);
        return;
    }
    const ent_forecast_model_t *m;
    fputs("usage: entente validate TABLE [options]\n"
          "Forecast every issue that has an outcome and at least 3 positioned actors with every\n"
          "one-dimensional model (default:", f);
    for (size_t k = 0; (m = ent_forecast_model_at(k)); k++)
        if (!m->joint) fprintf(f, " %s", m->name);
    fputs("), and\n"
          "report per model: issues forecast, mean absolute error (MAE), median absolute error,\n"
          "and the share of issues on which the model is closest (ties split equally).\n"
          "  --model M,...        models to score (", f);
    for (size_t k = 0; (m = ent_forecast_model_at(k)); k++) fprintf(f, "%s%s", k ? " " : "", m->name);
    fputs(")\n"
          "  --capability C       equal          every actor capability 1\n"
          "                       row:ID         the table's row with this id (DEU tables)\n"
          "                       file:F         a CSV table actor,capability\n"
          "                       rule:R[:shapley|banzhaf]  voting power of a decision rule\n"
          "                       (default: the capabilities the table or importer gives)\n"
          "  --min-actors N       count issues with at least N positioned actors (default 3)\n"
          "  --rounds N           round limit of the dynamic models (default: the model's)\n"
          "  --csv FILE           write per-issue forecasts and errors to FILE ('-' = stdout,\n"
          "                       instead of the summary)\n"
          "  --json               JSON summary\n"
          "cross-validation (docs/validation.md):\n"
          "  --cv K               K-fold cross-validation by dossier: out-of-sample MAE per\n"
          "                       model and combination (mean, select, ensemble) with\n"
          "                       standard errors, paired differences, conformal intervals\n"
          "  --repeats R          repeat the K-fold split R times (default 5)\n"
          "  --seed S             seed of the fold assignment (default 1)\n"
          "  --level L,...        interval levels in (0, 1) (default 0.8,0.9)\n"
          "  --no-features        no feature-split ensembles\n"
          "  --extra P,...        extra predictors for the combinations: an actor id (its\n"
          "                       position, e.g. com) or status_quo\n"
          "  --affine             also fit free weights and an intercept (least absolute\n"
          "                       deviation): method 'affine'\n"
          "  --calibration-out F  also write the calibration (ensemble weights, interval\n"
          "                       half-widths, provenance with the table's hash) as YAML to F\n"
          "  --help               this text\n", f);
    ent_cli_help_file(f, ENT_CLI_LOAD_HELP);
}

enum { OPT_MODEL = 'm', OPT_CAP = 'C', OPT_MIN = 'n', OPT_ROUNDS = 'r', OPT_CSV = 'c',
       OPT_JSON = 'j', OPT_HELP = 'h', OPT_CV = 1000, OPT_REPEATS, OPT_SEED, OPT_LEVEL, OPT_NOFEAT, OPT_EXTRA, OPT_CALOUT, OPT_OUTPUT, OPT_AFFINE };

typedef struct {
    ent_load_opts_t lo;
    ent_validation_opts_t vo;
    ent_crossval_opts_t co;
    int cv, cv_extra;       /* --cv given; an option that needs it given */
    const char *csv, *rule, *path, *calout;
    int equal;
    ent_output_t mode;
} args_t;

/* --level L,...: numbers strictly between 0 and 1. Returns 0 or an exit code. */
static int parse_levels(char *arg, ent_crossval_opts_t *co)
{
    co->nlevels = 0;
    for (char *p = arg;;) {
        char *end;
        double x = strtod(p, &end);
        if (end == p || (*end && *end != ',') || !(x > 0 && x < 1))
            return ent_cli_usage_error(cmd, "--level wants numbers strictly between 0 and 1, "
                                       "separated by commas, not '%s'", arg);
        if (co->nlevels == ENT_CROSSVAL_MAX_LEVELS)
            return ent_cli_usage_error(cmd, "--level takes at most %d levels", ENT_CROSSVAL_MAX_LEVELS);
        co->levels[co->nlevels++] = x;
        if (!*end) return 0;
        p = end + 1;
    }
}

/* A cross-validation option. Returns 0 or an exit code. */
static int parse_cv_opt(int c, char *arg, args_t *a)
{
    char *end;
    long v;
    unsigned long long u;
    switch (c) {
    case OPT_CV:
        v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 2 || v > 1000000)
            return ent_cli_usage_error(cmd, "--cv wants a number of folds 2..1000000, not '%s'", arg);
        a->co.folds = (int)v;
        a->cv = 1;
        return 0;
    case OPT_REPEATS:
        v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > 1000)
            return ent_cli_usage_error(cmd, "--repeats wants a number 1..1000, not '%s'", arg);
        a->co.repeats = (int)v;
        break;
    case OPT_SEED:
        u = strtoull(arg, &end, 10);
        if (!*arg || *end || *arg == '-')
            return ent_cli_usage_error(cmd, "--seed wants a non-negative integer, not '%s'", arg);
        a->co.seed = u;
        break;
    case OPT_LEVEL: {
        int r = parse_levels(arg, &a->co);
        if (r) return r;
        break;
    }
    case OPT_EXTRA: a->co.extra = arg; break;
    case OPT_AFFINE: a->co.affine = 1; break;
    case OPT_CALOUT: a->calout = arg; break;
    default: a->co.features = 0; break;
    }
    a->cv_extra = 1;
    return 0;
}

/* One option (not a load option). Returns 0, -1 after --help, or an exit code. */
static int parse_opt(int c, char *arg, args_t *a)
{
    char *end;
    long v;
    switch (c) {
    case OPT_MODEL: a->vo.models = arg; return 0;
    case OPT_CAP:
        if (!strcmp(arg, "equal")) a->equal = 1;
        else if (!strncmp(arg, "row:", 4) && arg[4]) a->lo.deu_capability_row = arg + 4;
        else if (!strncmp(arg, "file:", 5) && arg[5]) a->lo.capability_file = arg + 5;
        else if (!strncmp(arg, "rule:", 5) && arg[5]) a->rule = arg + 5;
        else
            return ent_cli_usage_error(cmd, "--capability wants equal, row:ID, file:F or "
                                       "rule:R[:shapley|banzhaf], not '%s'", arg);
        return 0;
    case OPT_MIN:
        v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > 1000000)
            return ent_cli_usage_error(cmd, "--min-actors wants a number 1..1000000, not '%s'", arg);
        a->vo.min_actors = (int)v;
        return 0;
    case OPT_ROUNDS:
        v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > 1000000)
            return ent_cli_usage_error(cmd, "--rounds wants a number 1..1000000, not '%s'", arg);
        a->vo.fc.rounds = (int)v;
        return 0;
    case OPT_CSV:
    case OPT_OUTPUT:
        if ((c == OPT_CSV) != !strcmp(cmd, "validate")) return ent_cli_usage_error(cmd, "unknown option");
        if (c == OPT_OUTPUT) a->calout = arg;
        else a->csv = arg;
        return 0;
    case OPT_CV:
    case OPT_REPEATS:
    case OPT_SEED:
    case OPT_LEVEL:
    case OPT_NOFEAT:
    case OPT_EXTRA:
    case OPT_AFFINE:
    case OPT_CALOUT: return parse_cv_opt(c, arg, a);
    case OPT_JSON: a->mode = ENT_OUTPUT_JSON; return 0;
    case OPT_HELP: usage(stdout); return -1;
    default: return ent_cli_usage_error(cmd, "unknown option");
    }
}

static int parse_args(int argc, char **argv, args_t *a)
{
    static const struct option longopts[] = {
        {"model", required_argument, 0, OPT_MODEL},
        {"capability", required_argument, 0, OPT_CAP},
        {"min-actors", required_argument, 0, OPT_MIN},
        {"rounds", required_argument, 0, OPT_ROUNDS},
        {"csv", required_argument, 0, OPT_CSV},
        {"json", no_argument, 0, OPT_JSON},
        {"cv", required_argument, 0, OPT_CV},
        {"repeats", required_argument, 0, OPT_REPEATS},
        {"seed", required_argument, 0, OPT_SEED},
        {"level", required_argument, 0, OPT_LEVEL},
        {"no-features", no_argument, 0, OPT_NOFEAT},
        {"extra", required_argument, 0, OPT_EXTRA},
        {"affine", no_argument, 0, OPT_AFFINE},
        {"calibration-out", required_argument, 0, OPT_CALOUT},
        {"output", required_argument, 0, OPT_OUTPUT},
        {"help", no_argument, 0, OPT_HELP},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    memset(a, 0, sizeof *a);
    ent_load_opts_init(&a->lo);
    ent_validation_opts_init(&a->vo);
    ent_crossval_opts_init(&a->co);
    a->mode = ENT_OUTPUT_TEXT;
    int c;
    optind = 0;
    int cal = !strcmp(cmd, "calibrate");
    if (cal) {
        a->cv = 1; /* calibrate: --cv 10 unless given */
        a->co.folds = 10;
    }
    while ((c = getopt_long(argc, argv, cal ? "o:" : "", longopts, NULL)) != -1) {
        if (c == 'o') c = OPT_OUTPUT;
        if (cal && c == OPT_CALOUT)
            return ent_cli_usage_error(cmd, "unknown option; the calibration goes to -o FILE");
        int r = ent_cli_load_opt(c, optarg, &a->lo, cmd);
        if (r < 0) r = parse_opt(c, optarg, a);
        if (r) return r;
    }
    if (cal && a->co.extra && !a->co.affine) /* the convex ensemble holds models only, which forecast runs */
        return ent_cli_usage_error(cmd, "--extra is validate's: a calibration holds models only, which "
                                   "forecast can run");
    if (cal && !a->calout) return ent_cli_usage_error(cmd, "expects -o FILE, the calibration to write");
    if (cal && !strcmp(a->calout, "-"))
        return ent_cli_usage_error(cmd, "-o wants a FILE, not standard output");
    if (a->calout && a->csv && !strcmp(a->calout, a->csv))
        return ent_cli_usage_error(cmd, "--calibration-out and --csv name the same file");
    if (a->calout && !strcmp(a->calout, "-"))
        return ent_cli_usage_error(cmd, "--calibration-out wants a FILE, not standard output");
    if (a->csv && !strcmp(a->csv, "-") && a->mode == ENT_OUTPUT_JSON)
        return ent_cli_usage_error(cmd, "--csv - and --json both want standard output; "
                                   "give --csv a FILE to have both");
    if (a->co.affine && !a->cv && !cal) return ent_cli_usage_error(cmd, "--affine needs --cv K");
    if (a->cv_extra && !a->cv && !cal)
        return ent_cli_usage_error(cmd, "--repeats, --seed, --level, --no-features, --extra and --calibration-out need --cv K");
    if (optind != argc - 1) return ent_cli_usage_error(cmd, "expects exactly one TABLE");
    a->path = argv[optind];
    return 0;
}

/* How the capabilities were set, for the summary. */
static const char *capability_label(const args_t *a)
{
    return a->rule ? a->rule : a->equal ? "equal (1 for every actor)"
           : a->lo.deu_capability_row ? "from the table's row"
           : a->lo.capability_file ? "from file" : "as loaded";
}

/* SIGINT: the progress callback asks the library to stop (ENT_EINTR, exit 130). */
static volatile sig_atomic_t interrupted;
static void on_sigint(int sig) { (void)sig; interrupted = 1; }
static int stop_on_sigint(void *user, const char *phase, double done, double total)
{
    (void)user; (void)phase; (void)done; (void)total;
    return interrupted;
}

/* FNV-1a (64 bits) of the file at path into out ("fnv1a64:" and 16 hex digits). Returns 0,
 * or -1 when the file cannot be read (it was just loaded, so this is a race). */
static int file_hash(const char *path, char *out, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    unsigned long long h = 0xcbf29ce484222325ULL;
    int c;
    while ((c = getc(f)) != EOF) {
        h ^= (unsigned char)c;
        h *= 0x100000001b3ULL;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) return -1;
    snprintf(out, n, "fnv1a64:%016llx", h);
    return 0;
}

/* Write the calibration file (--calibration-out). Returns an exit code. */
static int write_calibration(const ent_crossval_t *cv, const args_t *a)
{
    char hash[64];
    if (file_hash(a->path, hash, sizeof hash)) {
        fprintf(stderr, "entente: cannot read %s again to hash it\n", a->path);
        return ENT_EXIT_FAIL;
    }
    ent_report_calibration_opts_t ro;
    ent_report_calibration_opts_init(&ro);
    ro.source = a->path;
    ro.table_hash = hash;
    ro.capability = capability_label(a);
    ro.models = &a->vo.fc;
    if (isnan(cv->scale_lo)) {
        fprintf(stderr, "%s: the issues every model forecast are on different scales; a calibration's "
                "half-widths need one scale: expected a table whose issues share their scale\n", a->path);
        return ENT_EXIT_INPUT;
    }
    ent_buf_t b = ENT_BUF_INIT;
    if (ent_report_calibration(cv, &ro, &b) != ENT_OK) b.oom = 1;
    int rc = ent_cli_write(&b, a->calout);
    ent_buf_free(&b);
    return rc;
}

/* Write the per-issue CSV (when asked) and the summary (unless the CSV went to stdout). */
static int write_reports(const ent_scenario_t *s, const ent_validation_t *v, const ent_crossval_t *cv,
                         const args_t *a)
{
    ent_report_validation_opts_t ro;
    ent_report_validation_opts_init(&ro);
    ro.source = a->path;
    ro.capability = capability_label(a);
    ent_buf_t b = ENT_BUF_INIT;
    int rc = cv && a->calout ? write_calibration(cv, a) : 0;
    if (!rc && a->csv) {
        if (ent_report_validation(s, v, &ro, ENT_OUTPUT_CSV, &b) != ENT_OK) b.oom = 1;
        rc = ent_cli_write(&b, a->csv);
        ent_buf_reset(&b);
    }
    if (!rc && !(a->csv && !strcmp(a->csv, "-"))) {
        ent_status_t st = cv ? ent_report_crossval(cv, v, &ro, a->mode, &b)
                             : ent_report_validation(s, v, &ro, a->mode, &b);
        if (st != ENT_OK) b.oom = 1;
        rc = ent_cli_write(&b, NULL);
    }
    ent_buf_free(&b);
    return rc;
}

static int validate_or_calibrate(int argc, char **argv)
{
    args_t a;
    int rc = parse_args(argc, argv, &a);
    if (rc) return rc < 0 ? ENT_EXIT_OK : rc;
    ent_scenario_t s;
    ent_scenario_init(&s);
    rc = ent_cli_load(&s, a.path, &a.lo, 0);
    if (rc) return rc;
    ent_error_t err = {0};
    double *cap = NULL;
    ent_validation_t v;
    ent_validation_init(&v);
    ent_crossval_t cv;
    ent_crossval_init(&cv);
    if (a.equal || a.rule) {
        cap = malloc((s.nactors ? s.nactors : 1) * sizeof *cap);
        if (!cap) { fprintf(stderr, "entente: out of memory\n"); rc = ENT_EXIT_FAIL; goto done; }
        for (size_t k = 0; k < s.nactors; k++) cap[k] = 1;
        if (a.rule && ent_forecast_capability_from_rule(&s, a.rule, cap, &err) != ENT_OK) {
            rc = ent_cli_fail(&err);
            goto done;
        }
        a.vo.fc.capability = cap;
    }
    a.vo.progress.fn = stop_on_sigint;
    signal(SIGINT, on_sigint);
    ent_status_t st = ent_validation_run(&s, &a.vo, &v, &err);
    if (st == ENT_OK && a.cv) {
        a.co.progress.fn = stop_on_sigint;
        st = ent_crossval_run(&s, &v, &a.co, &cv, &err);
        if (st == ENT_EINPUT && !err.file[0]) /* a property of the whole table: name it */
            snprintf(err.file, sizeof err.file, "%s", a.path);
    }
    signal(SIGINT, SIG_DFL);
    rc = st != ENT_OK ? ent_cli_fail(&err) : write_reports(&s, &v, a.cv ? &cv : NULL, &a);
done:
    ent_crossval_destroy(&cv);
    ent_validation_destroy(&v);
    free(cap);
    ent_scenario_destroy(&s);
    return rc;
}

int ent_cli_validate_run(int argc, char **argv, int calibrate)
{
    cmd = calibrate ? "calibrate" : "validate";
    return validate_or_calibrate(argc, argv);
}

int ent_cmd_validate(int argc, char **argv) { return ent_cli_validate_run(argc, argv, 0); }
