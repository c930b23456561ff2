/* SPDX-License-Identifier: MIT */
/* cmd_analyze.c — `entente analyze FILE [--json | --csv] [--no-sensitivity] [--no-forecasts]
 * [--shift D] [--budget SECONDS] [--no-position=abstain|indifferent]`: every analysis the scenario supports, one report with a computed summary
 * at the top, the thresholds of its flags, and with --shift the older one-at-a-time sensitivity search;
 * then, with --draws N or when the scenario has an uncertainty section (1000 draws), every
 * conclusion's probability and the Sobol ranking of the inputs (issue 13, item 8)
 * (library: src/analysis/analyze.c, rendered by src/report/report_analyze.c; definitions:
 * docs/analyses.md). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente analyze FILE [--json | --csv] [--no-sensitivity] [--no-forecasts] [--shift D]\n"
    "       [--budget SECONDS] [--no-position=abstain|indifferent]\n"
    "Runs every analysis the scenario supports and prints one report: a summary of the\n"
    "computed conclusions, the guarantee designs, the voting power of the rules, the\n"
    "forecasts of every model with their convergence verdict and movement without\n"
    "progress, proposals and win-sets, the sequencing of preconditions, and the\n"
    "thresholds: the value of each single position, salience or capability at which\n"
    "each proposal flag flips, nearest first.\n"
    "  --json             JSON output\n"
    "  --csv              the thresholds alone, as a CSV table\n"
    "  --no-sensitivity   skip the thresholds (and the --shift section)\n"
    "  --no-forecasts     skip the forecast models\n"
    "  --budget SECONDS   estimate the cost of each forecast model (and of each rerun by\n"
    "                     rule), of the thresholds and of the --shift search before running\n"
    "                     it, and skip those over what is left of SECONDS of processor time\n"
    "                     (default 1; 0 = no limit); the report names each part skipped\n"
    "  --shift D          also move each position by -D and +D, one at a time, and report\n"
    "                     the flags that flip (and the smallest multiple of D that flips one)\n"
    "  --no-position=abstain|indifferent\n"
    "                     an actor without a position on an issue a proposal changes\n"
    "                     abstains (default), or is indifferent on that issue\n"
    "  --draws N          also draw N codings from the scenario's uncertainty section and give\n"
    "                     every conclusion its probability (entente simulate; with --seed S,\n"
    "                     --threads T, --uncertainty KIND.PARAM=X, --quiet as there), then\n"
    "                     the Sobol ranking of the first 32 inputs from N / (k + 2) base draws\n"
    "                     (about N more analysis runs; k = inputs); a scenario with an\n"
    "                     uncertainty section gets 1000 draws without --draws\n"
    "  --sobol M          the Sobol ranking from M base draws (M (k + 2) runs) instead\n"
    "  --no-readings      do not run the file's variants: by default, when the file has\n"
    "                     variants (readings) and --variant is not given, each summary\n"
    "                     line says which readings change it (entente compare)\n"
    "  --help             this text\n" ENT_CLI_LOAD_HELP;

/* --no-position=abstain|indifferent (ent_no_position_t). */
static int parse_no_position(const char *v, ent_no_position_t *out)
{
    if (!strcmp(v, "abstain")) *out = ENT_NO_POSITION_ABSTAIN;
    else if (!strcmp(v, "indifferent")) *out = ENT_NO_POSITION_INDIFFERENT;
    else return ent_cli_usage_error("analyze", "--no-position wants 'abstain' or 'indifferent', not '%s'", v);
    return 0;
}


/* Before the draws: the --uncertainty overrides, then unless --sobol gave it the Sobol
 * design's base draws, N / (k + 2) for k inputs (at most ENT_SOBOL_MAX_INPUTS), so that the
 * ranking costs about N more runs. Returns 0 or an exit status (printed). */
static int prepare_draws(ent_scenario_t *s, ent_simulate_opts_t *so, char **unc, size_t nunc, int sobol)
{
    ent_error_t err = {0};
    for (size_t k = 0; k < nunc; k++)
        if (ent_scenario_uncertainty_override(s, unc[k], &err) != ENT_OK) return ent_cli_fail(&err);
    if (!sobol) {
        size_t k = ent_cli_count_inputs(s, so);
        k = k < ENT_SOBOL_MAX_INPUTS ? k : ENT_SOBOL_MAX_INPUTS;
        so->sobol = k ? so->draws / (k + 2) : 0;
        if (k && !so->sobol) so->sobol = 1;
    }
    return 0;
}

/* Over 100 lines: the table of options and their parsing, then load, analyze, simulate and
 * render in order; the steps share the options and split would only pass them around. */
int ent_cmd_analyze(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, 0, 'j'},
        {"csv", no_argument, 0, 'c'},
        {"no-sensitivity", no_argument, 0, 'n'},
        {"no-forecasts", no_argument, 0, 'f'},
        {"shift", required_argument, 0, 's'},
        {"no-position", required_argument, 0, 'P'},
        {"budget", required_argument, 0, ENT_CLI_OPT_BUDGET},
        {"help", no_argument, 0, 'h'},
        {"draws", required_argument, 0, ENT_CLI_OPT_DRAWS},
        {"seed", required_argument, 0, ENT_CLI_OPT_SEED},
        {"threads", required_argument, 0, ENT_CLI_OPT_THREADS},
        {"uncertainty", required_argument, 0, 'u'},
        {"quiet", no_argument, 0, 'q'},
        {"sobol", required_argument, 0, ENT_CLI_OPT_SOBOL},
        {"no-readings", no_argument, 0, 'R'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_analyze_opts_t ao;
    ent_analyze_opts_init(&ao);
    int json = 0, csv = 0, shift = 0, c, draws = 0, quiet = 0, sobol = 0, readings = 1;
    ent_simulate_opts_t so;  /* --draws: the simulation (cmd_simulate.c) */
    ent_simulate_opts_init(&so);
    char *unc[64];
    size_t nunc = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "analyze");
        if (r < 0 && (r = ent_cli_simulate_opt("analyze", c, optarg, &so)) == 0) {
            draws |= c == ENT_CLI_OPT_DRAWS || c == ENT_CLI_OPT_SOBOL;
            sobol |= c == ENT_CLI_OPT_SOBOL;
        }
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'j': json = 1; break;
        case 'c': csv = 1; break;
        case 'q': quiet = 1; break;
        case 'R': readings = 0; break;
        case 'u':
            if (nunc == 64) return ent_cli_usage_error("analyze", "more than 64 --uncertainty options");
            unc[nunc++] = optarg;
            break;
        case 'n': ao.sensitivity = 0; ao.thresholds = 0; break;
        case 'f': ao.forecasts = 0; break;
        case 'P':
            if (parse_no_position(optarg, &ao.no_position)) return ENT_EXIT_USAGE;
            break;
        case 's': {
            char *end;
            double v = strtod(optarg, &end);
            if (*end || !(v > 0) || v > 1e9)
                return ent_cli_usage_error("analyze", "--shift wants a positive number, not '%s'", optarg);
            ao.shift = v;
            shift = 1;
            break;
        }
        case ENT_CLI_OPT_BUDGET:
            if (ent_cli_budget_opt("analyze", optarg, &ao)) return ENT_EXIT_USAGE;
            break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("analyze", "unknown option");
        }
    }
    if (json && csv) return ent_cli_usage_error("analyze", "--json and --csv exclude each other");
    if (csv && draws) return ent_cli_usage_error("analyze", "--csv prints the thresholds; the draws' table is 'entente simulate --csv'");
    if (csv && !ao.thresholds) return ent_cli_usage_error("analyze", "--csv prints the thresholds, which --no-sensitivity skips");
    ao.power = !json && !csv;  /* the JSON report has no voting-power table */
    ao.sensitivity = ao.sensitivity && shift; /* the one-at-a-time search only on request */
    if (csv) ao.forecasts = 0;
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "analyze", &lo);
    if (rc) return rc;
    ent_error_t err = {0};
    ent_analyze_t a;
    if (ent_analyze_run(&s, &ao, &a, &err) != ENT_OK) {
        ent_scenario_destroy(&s);
        return ent_cli_fail(&err);
    }
    if (csv && !a.has_thresholds) { /* the table alone: an empty one would hide the skip */
        for (size_t k = 0; k < a.nskipped; k++) {
            if (a.skipped[k].part != ENT_ANALYZE_PART_THRESHOLDS) continue;
            fprintf(stderr, "entente: the thresholds were not computed: estimated %.3g s of processor time, more than "
                            "the %.3g s left of the %.3g s budget; expected --budget 0 (no limit) or a larger --budget\n",
                    a.skipped[k].estimate, a.skipped[k].left, a.budget);
            ent_analyze_destroy(&a);
            ent_scenario_destroy(&s);
            return ENT_EXIT_LIMIT;
        }
    }
    ent_compare_t rd;
    ent_compare_init(&rd);
    if (readings && !csv && s.nvariants && !ent_cli_variant()
        && (rc = ent_cli_readings(&s, argv[optind], &lo, &ao, &rd)) != 0) {
        ent_analyze_destroy(&a);
        ent_scenario_destroy(&s);
        return rc;
    }
    ent_buf_t b = ENT_BUF_INIT;
    ent_simulation_t sim;
    ent_simulation_init(&sim);
    so.forecasts = ao.forecasts;
    so.no_position = ao.no_position;
    /* the probabilities come with the thresholds: asked for, or the scenario is uncertain */
    if (!draws && !csv && ao.thresholds && (nunc || ent_scenario_uncertain(&s))) draws = 1;
    if (draws && (rc = prepare_draws(&s, &so, unc, nunc, sobol)) != 0) {
        ent_compare_destroy(&rd);
        ent_analyze_destroy(&a);
        ent_scenario_destroy(&s);
        return rc;
    }
    if (draws && (rc = ent_cli_simulate(&s, &so, NULL, 0, quiet, &sim)) != 0) {
        ent_compare_destroy(&rd);
        ent_analyze_destroy(&a);
        ent_scenario_destroy(&s);
        return rc;
    }
    if (draws && json) ent_buf_puts(&b, "{\"analyze\": ");
    ent_status_t rst = csv ? ent_report_thresholds(&s, &a.thresholds, ENT_OUTPUT_CSV, &b)
                           : ent_report_analyze_readings(&s, &a, rd.ncolumns ? &rd : NULL,
                                                         json ? ENT_OUTPUT_JSON : ENT_OUTPUT_TEXT, &b);
    if (draws && rst == ENT_OK) {  /* the probabilities after the report (docs/cli.md) */
        ent_buf_puts(&b, json ? ", \"simulation\": " : "\n== Probabilities over the codings (entente simulate) ==\n\n");
        rst = ent_report_simulate(&s, &sim, json ? ENT_OUTPUT_JSON : ENT_OUTPUT_TEXT, &b);
        if (json) ent_buf_puts(&b, "}\n");
    }
    rc = ent_cli_render_write(rst, &b, NULL);
    ent_buf_free(&b);
    ent_simulation_destroy(&sim);
    ent_compare_destroy(&rd);
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
    return rc;
}
