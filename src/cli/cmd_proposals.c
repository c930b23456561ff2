/* SPDX-License-Identifier: MIT */
/* cmd_proposals.c — `entente proposals FILE [--json]`: each proposal under its rule (who
 * accepts, whether it passes, who kills it, the flags) and the win-set of the status quo
 * (library: src/analysis/proposals.c, winset.c, rendered by src/report/report_proposals.c;
 * definitions: docs/analyses.md). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente proposals FILE [--json] [--no-position=abstain|indifferent]\n"
    "For each proposal under its decision rule: every actor's utility for the proposal and\n"
    "for the status quo, U_i(x) = -sum_j s_ij*|x_j - p_ij|, who accepts, whether it passes,\n"
    "the veto players or minimal blocking coalitions that kill it, and the flags dead on\n"
    "arrival, a better offer existed, no agreement possible. Then the win-set of the status\n"
    "quo: exact intervals along each 1-D issue and an LP test jointly over all of them.\n"
    "  --json      JSON output\n"
    "  --no-position=abstain|indifferent\n"
    "              an actor without a position on an issue a proposal changes abstains\n"
    "              (default; shown as \"no position\"), or is indifferent on that issue\n"
    "  --help      this text\n" ENT_CLI_LOAD_HELP;

/* --no-position=abstain|indifferent (ent_no_position_t). */
static int parse_no_position(const char *v, ent_no_position_t *out)
{
    if (!strcmp(v, "abstain")) *out = ENT_NO_POSITION_ABSTAIN;
    else if (!strcmp(v, "indifferent")) *out = ENT_NO_POSITION_INDIFFERENT;
    else return ent_cli_usage_error("proposals", "--no-position wants 'abstain' or 'indifferent', not '%s'", v);
    return 0;
}

int ent_cmd_proposals(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, 0, 'j'},
        {"no-position", required_argument, 0, 'P'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_proposals_opts_t po;
    ent_proposals_opts_init(&po);
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "proposals");
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'j': json = 1; break;
        case 'P':
            if (parse_no_position(optarg, &po.no_position)) return ENT_EXIT_USAGE;
            break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("proposals", "unknown option");
        }
    }
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "proposals", &lo);
    if (rc) return rc;
    ent_error_t err = {0};
    ent_proposals_t r;
    if (ent_proposals_analyze(&s, &po, &r, &err) != ENT_OK) {
        ent_scenario_destroy(&s);
        return ent_cli_fail(&err);
    }
    ent_buf_t b = ENT_BUF_INIT;
    ent_status_t rst = ent_report_proposals(&s, &r, json ? ENT_OUTPUT_JSON : ENT_OUTPUT_TEXT, &b);
    rc = ent_cli_render_write(rst, &b, NULL);
    ent_buf_free(&b);
    ent_proposals_destroy(&r);
    ent_scenario_destroy(&s);
    return rc;
}
