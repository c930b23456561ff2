/* SPDX-License-Identifier: MIT */
/* cmd_info.c — `entente info FILE [--json]`: a readable summary of a scenario: title, counts,
 * actors, issues with the capability x salience weighted mean and weighted median of the
 * positions (library: ent_scenario_info, src/scenario/stats.c), groups, rules, proposals and
 * steps with their requirements (rendering: ent_report_info, src/report/report_info.c; fields
 * in docs/format.md, "entente info"). This file parses, calls, renders and writes. */
#include "cli/cli.h"

static const char usage_text[] =
    "usage: entente info FILE [--json]\n"
    "Summarise a scenario: title and counts; actors (id, name, capability); issues (number of\n"
    "dimensions, scale, status quo, outcome, positioned actors, and the capability x salience\n"
    "weighted mean and weighted median of the positions, per dimension); groups; rules;\n"
    "proposals; steps with their preconditions.\n"
    "  --json      JSON output\n"
    "  --help      this text\n" ENT_CLI_LOAD_HELP;

int ent_cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_output_t mode = ENT_OUTPUT_TEXT;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "info");
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'j': mode = ENT_OUTPUT_JSON; break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("info", "unknown option");
        }
    }
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "info", &lo);
    if (rc) return rc;
    ent_buf_t b = ENT_BUF_INIT;
    ent_error_t err = {0};
    ent_scenario_info_t info;
    ent_status_t st = ent_scenario_info(&s, &info, &err);
    if (st == ENT_OK) {
        st = ent_report_info(&s, &info, argv[optind], mode, &b);
        if (st) ent_error_set(&err, st, NULL, 0, 0, "%s", st == ENT_ENOMEM ? "out of memory"
                              : st == ENT_ELIMIT ? "cannot render the report: JSON nested deeper than ENT_JSON_MAX_DEPTH"
                              : "cannot render the report: internal error in the renderer");
        ent_scenario_info_destroy(&info);
    }
    rc = st ? ent_cli_fail(&err) : ent_cli_write(&b, NULL);
    ent_buf_free(&b);
    ent_scenario_destroy(&s);
    return rc;
}
