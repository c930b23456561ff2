/* SPDX-License-Identifier: MIT */
/* cmd_survey.c — `entente survey TABLE.csv --scenario BASE [--point mean|median]
 * [--distribution empirical|normal|triangular] [--disagree D] [-o OUT.yaml] [--json|--csv]`:
 * expert codings in a long table aggregated into the base scenario (library:
 * entente/survey.h, src/scenario/survey.c; the spread rendered by ent_report_survey,
 * src/report/report_survey.c; docs/cli.md, docs/format.md "Expert surveys"). The recoded
 * scenario goes to OUT (canonical YAML, ent_scenario_emit), the inter-coder spread to
 * standard output. This file parses, calls, renders and writes. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente survey TABLE.csv --scenario BASE [--point mean|median]\n"
    "                      [--distribution empirical|normal|triangular] [--disagree D]\n"
    "                      [-o OUT.yaml] [--json|--csv]\n"
    "Aggregate expert codings (one row per coder, actor, issue: columns coder, actor, issue,\n"
    "position, salience; optional capability, date, confidence) into the base scenario, and\n"
    "print the spread of the coders per value.\n"
    "  --scenario BASE     the scenario that names the actors and issues (required)\n"
    "  --point P           the value written: the weighted mean (default) or median\n"
    "  --distribution K    the uncertainty written per value, drawn by `entente simulate`:\n"
    "                      empirical (default; the coders' values), normal or triangular\n"
    "  --disagree D        flag values whose coders are more than D apart (max - min)\n"
    "  -o, --output OUT    write the recoded scenario (canonical YAML) to OUT\n"
    "  --json, --csv       the spread as JSON or CSV instead of text\n"
    "  --help              this text\n";

int ent_cmd_survey(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"scenario", required_argument, 0, 's'},
        {"point", required_argument, 0, 'p'},
        {"distribution", required_argument, 0, 'd'},
        {"disagree", required_argument, 0, 'D'},
        {"output", required_argument, 0, 'o'},
        {"json", no_argument, 0, 'j'},
        {"csv", no_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    ent_survey_opts_t so;
    ent_survey_opts_init(&so);
    ent_output_t mode = ENT_OUTPUT_TEXT;
    const char *base = NULL, *outpath = NULL;
    int c;
    char *end;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 's': base = optarg; break;
        case 'o': outpath = optarg; break;
        case 'p':
            if (ent_survey_point_parse(optarg, &so.point))
                return ent_cli_usage_error("survey", "--point expects mean or median, got '%s'", optarg);
            break;
        case 'd':
            if (ent_survey_dist_parse(optarg, &so.dist))
                return ent_cli_usage_error("survey", "--distribution expects empirical, normal or triangular, got '%s'",
                                           optarg);
            break;
        case 'D':
            so.disagree = strtod(optarg, &end);
            if (!*optarg || *end || !(so.disagree >= 0) || isinf(so.disagree))
                return ent_cli_usage_error("survey", "--disagree expects a number >= 0, got '%s'", optarg);
            break;
        case 'j':
        case 'c':
            if (ent_cli_set_mode("survey", &mode, c == 'j' ? ENT_OUTPUT_JSON : ENT_OUTPUT_CSV)) return ENT_EXIT_USAGE;
            break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("survey", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return ent_cli_usage_error("survey", optind >= argc ? "no survey table given" : "more than one survey table given");
    if (!base) return ent_cli_usage_error("survey", "--scenario BASE is required (the scenario the survey codes)");
    ent_scenario_t s;
    ent_scenario_init(&s);
    int rc = ent_cli_load(&s, base, NULL, 0);
    if (rc) return rc;
    ent_error_t err = {0};
    ent_survey_table_t *t = NULL;
    ent_survey_t r = {0};
    ent_status_t st = ent_survey_table_new(&s, argv[optind], &t, &err);
    if (st == ENT_OK) st = ent_survey_load_csv(t, argv[optind], &err);
    if (st == ENT_OK) st = ent_survey_apply(t, &s, &so, &r, &err);
    ent_survey_table_destroy(t);
    if (st != ENT_OK) {
        ent_scenario_destroy(&s);
        return ent_cli_fail(&err);
    }
    if (outpath) {
        char *text = NULL;
        size_t len = 0;
        if (ent_scenario_emit(&s, ENT_FMT_YAML, &text, &len, &err) != ENT_OK) rc = ent_cli_fail(&err);
        else {
            ent_buf_t y = {text, len, len + 1, 0};
            rc = ent_cli_write(&y, outpath);
        }
        free(text);
    }
    if (!rc) {
        ent_buf_t b = ENT_BUF_INIT;
        rc = ent_cli_render_write(ent_report_survey(&s, &r, mode, &b), &b, NULL);
        ent_buf_free(&b);
    }
    ent_survey_destroy(&r);
    ent_scenario_destroy(&s);
    return rc;
}
