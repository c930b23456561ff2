/* SPDX-License-Identifier: MIT */
/* cmd_guarantee.c — `entente guarantee FILE [--against ACTOR|GROUP] [--partners GROUP]
 * [--limit N] [--json]`: every rule of the scenario read as a guarantee design, compared
 * side by side (library: src/analysis/guarantee.c, rendered by src/report/report_guarantee.c;
 * definitions: docs/analyses.md). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente guarantee FILE [--against ACTOR|GROUP] [--partners GROUP] [--limit N] [--json]\n"
    "Every rule of the scenario read as a guarantee design: can assistance be triggered\n"
    "if the aggressor objects? if its partners object too? veto players, the minimal\n"
    "blocking coalitions that include the aggressor, its Coleman power to prevent and its\n"
    "share of swings (normalized Banzhaf), and a one-line verdict; designs side by side.\n"
    "  --against X   the aggressor: an actor or a group id (default: the actor that is a\n"
    "                veto player under the most rules)\n"
    "  --partners G  the aggressor's partners (default: actors within 10 points of it on\n"
    "                the first issue it takes a position on)\n"
    "  --limit N     list at most N blocking coalitions per design (default 5)\n"
    "  --json        JSON output\n"
    "  --help        this text\n" ENT_CLI_LOAD_HELP;

int ent_cmd_guarantee(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"against", required_argument, 0, 'a'},
        {"partners", required_argument, 0, 'p'},
        {"limit", required_argument, 0, 'l'},
        {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_guarantee_opts_t go;
    ent_guarantee_opts_init(&go);
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "guarantee");
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'a': go.against = optarg; break;
        case 'p': go.partners = optarg; break;
        case 'l': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 1000000)
                return ent_cli_usage_error("guarantee", "--limit wants a number 0..1000000, not '%s'", optarg);
            go.limit = (size_t)v;
            break;
        }
        case 'j': json = 1; break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("guarantee", "unknown option");
        }
    }
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "guarantee", &lo);
    if (rc) return rc;
    ent_error_t err = {0};
    ent_guarantee_t g;
    if (ent_guarantee_analyze(&s, &go, &g, &err) != ENT_OK) {
        ent_scenario_destroy(&s);
        return ent_cli_fail(&err);
    }
    ent_buf_t b = ENT_BUF_INIT;
    ent_status_t rst = ent_report_guarantee(&s, &g, json ? ENT_OUTPUT_JSON : ENT_OUTPUT_TEXT, &b);
    rc = ent_cli_render_write(rst, &b, NULL);
    ent_buf_free(&b);
    ent_guarantee_destroy(&g);
    ent_scenario_destroy(&s);
    return rc;
}
