/* SPDX-License-Identifier: MIT */
/* cmd_convert.c — `entente convert FILE [-o OUT] [--json]`: any supported input (YAML, JSON
 * or a table importer's format) to the canonical YAML (default) or JSON form of
 * docs/format.md (library: ent_scenario_emit, src/scenario/emit.c). Loading the output gives
 * back the same scenario (ent_scenario_equal). Only argument parsing lives here. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente convert FILE [-o OUT] [--json]\n"
    "Write the scenario in FILE (YAML, JSON or an imported table) in canonical form: the keys\n"
    "in the order of docs/format.md, numbers that read back bit for bit.\n"
    "  -o, --output OUT   write to OUT instead of standard output\n"
    "  --json             JSON instead of YAML\n"
    "  --help             this text\n" ENT_CLI_LOAD_HELP;

int ent_cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, 0, 'j'},
        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    int json = 0, c;
    const char *out = NULL;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "convert");
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'j': json = 1; break;
        case 'o': out = optarg; break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("convert", "unknown option");
        }
    }
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "convert", &lo);
    if (rc) return rc;
    ent_error_t err = {0};
    char *text = NULL;
    size_t len = 0;
    if (ent_scenario_emit(&s, json ? ENT_FMT_JSON : ENT_FMT_YAML, &text, &len, &err) != ENT_OK) {
        ent_scenario_destroy(&s);
        return ent_cli_fail(&err);
    }
    ent_buf_t b = {text, len, len + 1, 0};
    rc = ent_cli_write(&b, out);
    free(text);
    ent_scenario_destroy(&s);
    return rc;
}
