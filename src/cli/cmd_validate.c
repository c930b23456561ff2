/* cmd_validate.c — `entente validate TABLE [options]`: forecast every issue of a table with
 * actual outcomes (DEU-style) with every one-dimensional model and report the mean
 * absolute error, the median absolute error and the share of issues each model gets
 * closest; per-issue errors with --csv FILE. Library: src/forecast/deu_validate.c (scoring
 * rules documented there and in docs/models.md). Only argument parsing and printing here.
 */
#include "cli/cli.h"
#include "forecast/deu_validate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente validate TABLE [options]\n"
    "Forecast every issue that has an outcome and at least 3 positioned actors with every\n"
    "one-dimensional model (default: compromise median nash bdm smp, those built in), and\n"
    "report per model: issues forecast, mean absolute error (MAE), median absolute error,\n"
    "and the share of issues on which the model is closest (ties split equally).\n"
    "  --model M,...        models to score (compromise median nash bdm exchange smp)\n"
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
    "  --help               this text\n" ENT_CLI_LOAD_HELP;

enum { OPT_MODEL = 'm', OPT_CAP = 'C', OPT_MIN = 'n', OPT_ROUNDS = 'r', OPT_CSV = 'c',
       OPT_JSON = 'j', OPT_HELP = 'h' };

int ent_cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"model", required_argument, 0, OPT_MODEL},
        {"capability", required_argument, 0, OPT_CAP},
        {"min-actors", required_argument, 0, OPT_MIN},
        {"rounds", required_argument, 0, OPT_ROUNDS},
        {"csv", required_argument, 0, OPT_CSV},
        {"json", no_argument, 0, OPT_JSON},
        {"help", no_argument, 0, OPT_HELP},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_validation_opts_t vo;
    ent_validation_opts_init(&vo);
    const char *csv = NULL, *rule = NULL;
    int json = 0, equal = 0, c, rc;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "validate");
        if (r >= 0) { if (r) return r; continue; }
        char *end;
        long v;
        switch (c) {
        case OPT_MODEL: vo.models = optarg; break;
        case OPT_CAP:
            if (!strcmp(optarg, "equal")) equal = 1;
            else if (!strncmp(optarg, "row:", 4) && optarg[4]) lo.deu_capability_row = optarg + 4;
            else if (!strncmp(optarg, "file:", 5) && optarg[5]) lo.capability_file = optarg + 5;
            else if (!strncmp(optarg, "rule:", 5) && optarg[5]) rule = optarg + 5;
            else
                return ent_cli_usage_error("validate", "--capability wants equal, row:ID, file:F or "
                                           "rule:R[:shapley|banzhaf], not '%s'", optarg);
            break;
        case OPT_MIN:
            v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 1000000)
                return ent_cli_usage_error("validate", "--min-actors wants a number 1..1000000, not '%s'", optarg);
            vo.min_actors = (int)v;
            break;
        case OPT_ROUNDS:
            v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 1000000)
                return ent_cli_usage_error("validate", "--rounds wants a number 1..1000000, not '%s'", optarg);
            vo.fc.rounds = (int)v;
            break;
        case OPT_CSV: csv = optarg; break;
        case OPT_JSON: json = 1; break;
        case OPT_HELP: ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("validate", "unknown option");
        }
    }
    if (optind != argc - 1) return ent_cli_usage_error("validate", "expects exactly one TABLE");
    const char *path = argv[optind];
    ent_scenario_t s;
    ent_scenario_init(&s);
    rc = ent_cli_load(&s, path, &lo, 0);
    if (rc) return rc;
    ent_error_t err = {0};
    double *cap = NULL;
    ent_validation_t v;
    ent_validation_init(&v);
    ent_buf_t b = ENT_BUF_INIT;
    if (equal || rule) {
        cap = malloc((s.nactors ? s.nactors : 1) * sizeof *cap);
        if (!cap) { fprintf(stderr, "entente: out of memory\n"); rc = ENT_EXIT_FAIL; goto done; }
        for (size_t a = 0; a < s.nactors; a++) cap[a] = 1;
        if (rule && ent_forecast_capability_from_rule(&s, rule, cap, &err) != ENT_OK) {
            rc = ent_cli_fail(&err);
            goto done;
        }
        vo.fc.capability = cap;
    }
    if (ent_validation_run(&s, &vo, &v, &err) != ENT_OK) {
        rc = ent_cli_fail(&err);
        goto done;
    }
    if (csv) {
        ent_validation_csv(&s, &v, &b);
        rc = ent_cli_write(&b, csv);
        if (rc || !strcmp(csv, "-")) goto done;
        ent_buf_reset(&b);
    }
    if (json) {
        ent_json_t j;
        ent_json_init(&j, &b);
        j.prec = 10; /* fixed precision: 10 significant digits */
        ent_json_obj_begin(&j);
        ent_json_key(&j, "table");
        ent_json_str(&j, path);
        ent_json_key(&j, "issues_in_table");
        ent_json_int(&j, (long long)v.nscen);
        ent_json_key(&j, "issues_counted");
        ent_json_int(&j, (long long)v.nissues);
        ent_json_key(&j, "skipped_no_outcome");
        ent_json_int(&j, (long long)v.no_outcome);
        ent_json_key(&j, "skipped_few_actors");
        ent_json_int(&j, (long long)v.few_actors);
        ent_json_key(&j, "skipped_multidimensional");
        ent_json_int(&j, (long long)v.multidim);
        ent_json_key(&j, "models");
        ent_json_arr_begin(&j);
        for (size_t m = 0; m < v.nmodels; m++) {
            const ent_validation_model_t *vm = &v.models[m];
            ent_json_obj_begin(&j);
            ent_json_key(&j, "name");
            ent_json_str(&j, vm->name);
            ent_json_key(&j, "issues");
            ent_json_int(&j, (long long)vm->n);
            ent_json_key(&j, "refused");
            ent_json_int(&j, (long long)vm->refused);
            ent_json_key(&j, "mae");
            ent_json_num(&j, vm->mae);
            ent_json_key(&j, "median_ae");
            ent_json_num(&j, vm->mdae);
            ent_json_key(&j, "closest_share");
            ent_json_num(&j, vm->closest);
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
        ent_buf_puts(&b, "\n");
    } else {
        ent_buf_printf(&b, "validate: %s: %zu issues counted (an outcome and >= %d positioned actors) of %zu",
                       path, v.nissues, vo.min_actors, v.nscen);
        ent_buf_printf(&b, "; skipped: %zu without outcome, %zu with fewer actors", v.no_outcome, v.few_actors);
        if (v.multidim) ent_buf_printf(&b, ", %zu multi-dimensional", v.multidim);
        ent_buf_printf(&b, "\ncapability: %s\n\n",
                       rule ? rule : equal ? "equal (1 for every actor)"
                       : lo.deu_capability_row ? "from the table's row" : lo.capability_file ? "from file"
                       : "as loaded");
        static const char *const h[] = {"model", "issues", "MAE", "median AE", "closest"};
        ent_table_t *t = ent_table_new(5, h);
        for (size_t m = 0; m < v.nmodels; m++) {
            const ent_validation_model_t *vm = &v.models[m];
            ent_table_row(t);
            ent_table_set(t, 0, vm->name);
            ent_table_setf(t, 1, "%zu", vm->n);
            ent_table_num(t, 2, vm->mae, 2);
            ent_table_num(t, 3, vm->mdae, 2);
            if (isnan(vm->closest)) ent_table_set(t, 4, "-");
            else ent_table_setf(t, 4, "%.1f%%", 100 * vm->closest);
        }
        ent_table_render_text(t, &b);
        ent_table_free(t);
        ent_buf_puts(&b, "(closest: share of the counted issues on which the model's error is the "
                         "smallest; ties split equally)\n");
        for (size_t m = 0; m < v.nmodels; m++)
            if (v.models[m].refused)
                ent_buf_printf(&b, "%s refused %zu of the counted issues (no forecast for them)\n",
                               v.models[m].name, v.models[m].refused);
    }
    rc = ent_cli_write(&b, NULL);
done:
    ent_buf_free(&b);
    ent_validation_destroy(&v);
    free(cap);
    ent_scenario_destroy(&s);
    return rc;
}
