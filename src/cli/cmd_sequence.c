/* SPDX-License-Identifier: MIT */
/* cmd_sequence.c — `entente sequence FILE [--json] [--limit N] [--cuts K] [--cut-cost NAME]`: circular preconditions,
 * the cheapest links to drop and a feasible order (library: src/analysis/sequence.c, rendered
 * by src/report/report_sequence.c; definitions: docs/analyses.md). Only argument parsing and
 * writing live here. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente sequence FILE [--json] [--limit N] [--cuts K] [--cut-cost NAME]\n"
    "Steps with preconditions: strongly connected components, every elementary cycle\n"
    "(Johnson, at most N, default 100) with who insists on each link, the cheapest set of\n"
    "preconditions to drop (weight: capability x salience of the insisting actors) and a\n"
    "feasible order of the steps once they are dropped.\n"
    "  --json      JSON output\n"
    "  --limit N   list at most N cycles (default 100)\n"
    "  --cuts K    also list the K cheapest minimal cuts (1..100; e.g. 3),\n"
    "              each with who gives up what and a sentence saying what it means\n"
    "  --cut-cost NAME  weight of a precondition: capability-salience (default), salience\n"
    "              (sum of the insisting actors' salience) or equal (1 per precondition)\n"
    "  --help      this text\n" ENT_CLI_LOAD_HELP;

int ent_cmd_sequence(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, 0, 'j'},
        {"limit", required_argument, 0, 'l'},
        {"cuts", required_argument, 0, 'k'},
        {"cut-cost", required_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_sequence_opts_t so;
    ent_sequence_opts_init(&so);
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "sequence");
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'j': json = 1; break;
        case 'l': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 1000000)
                return ent_cli_usage_error("sequence", "--limit wants a number 0..1000000, not '%s'", optarg);
            so.limit_cycles = (int)v;
            break;
        }
        case 'k': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 100)
                return ent_cli_usage_error("sequence", "--cuts wants a number 1..100, not '%s'", optarg);
            so.cuts = (size_t)v;
            break;
        }
        case 'c':
            if (!strcmp(optarg, "capability-salience")) so.cut_cost = ENT_CUT_COST_CAPABILITY_SALIENCE;
            else if (!strcmp(optarg, "salience")) so.cut_cost = ENT_CUT_COST_SALIENCE;
            else if (!strcmp(optarg, "equal")) so.cut_cost = ENT_CUT_COST_EQUAL;
            else
                return ent_cli_usage_error("sequence", "--cut-cost wants capability-salience, salience or equal, not '%s'",
                                           optarg);
            break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("sequence", "unknown option");
        }
    }
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "sequence", &lo);
    if (rc) return rc;
    ent_error_t err = {0};
    ent_sequence_t r;
    if (ent_sequence_analyze(&s, &so, &r, &err) != ENT_OK) {
        ent_scenario_destroy(&s);
        return ent_cli_fail(&err);
    }
    ent_buf_t b = ENT_BUF_INIT;
    ent_status_t rst = ent_report_sequence(&s, &r, json ? ENT_OUTPUT_JSON : ENT_OUTPUT_TEXT, &b);
    rc = ent_cli_render_write(rst, &b, NULL);
    ent_buf_free(&b);
    ent_sequence_destroy(&r);
    ent_scenario_destroy(&s);
    return rc;
}
