/* SPDX-License-Identifier: MIT */
/* cmd_compare.c — `entente compare FILE [--variant A,B,...|--as-of D1,D2,...] [--json|--csv]`: the
 * conclusions of `entente analyze` for the base scenario and each named variant side by
 * side (library: ent_compare_run, src/analysis/compare.c; rendered by ent_report_compare,
 * src/report/report_compare.c; docs/analyses.md, "Comparing variants"). Each column is
 * loaded afresh: the file, its variant, then the --set / --drop-precondition changes.
 * With --as-of the columns are the scenario as it stood on each date (ent_scenario_as_of,
 * src/scenario/asof.c), the first date the reference. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

/* Compare the ncol scenarios sp (column names colname), render in fmt and write: the one
 * tail of the variants and the --as-of paths. 0 or an exit code (printed). */
static int compare_write(const ent_scenario_t **sp, const char **colname, size_t ncol, const ent_analyze_opts_t *ao,
                         ent_output_t fmt)
{
    ent_error_t err = {0};
    ent_compare_t cmp;
    if (ent_compare_run(sp, colname, ncol, ao, &cmp, &err) != ENT_OK) return ent_cli_fail(&err);
    ent_buf_t b = ENT_BUF_INIT;
    int rc = ent_cli_render_write(ent_report_compare(sp[0], &cmp, fmt, &b), &b, NULL);
    ent_buf_free(&b);
    ent_compare_destroy(&cmp);
    return rc;
}

static const char usage_text[] =
    "usage: entente compare FILE [--variant A,B,... | --as-of D1,D2,...] [--json | --csv]\n"
    "                       [--no-sensitivity]\n"
    "Runs the analyses of 'entente analyze' on the scenario (column 'base') and on each of\n"
    "its named variants (the file's 'variants:'; default all, in file order) and prints one\n"
    "row per conclusion and one column per run; cells that differ from base are marked *.\n"
    "--set and --drop-precondition apply to every column, after its variant.\n"
    "  --variant A,B,...  compare these variants only (comma-separated ids)\n"
    "  --as-of D1,D2,...  one column per date (YYYY-MM-DD; repeatable, the dates joined\n"
    "                     in order; here it replaces the input option below): the\n"
    "                     scenario without its variants, each dated coding the latest\n"
    "                     on or before the date (undated codings always count); the\n"
    "                     first date is the reference column\n"
    "  --json             JSON output\n"
    "  --csv              CSV output (a last column 'differs': yes/no)\n"
    "  --no-sensitivity   skip the sensitivity analysis (each column reruns the\n"
    "                     proposals once per position moved)\n"
    "  --no-forecasts     skip the forecast models\n"
    "  --help             this text\n" ENT_CLI_LOAD_HELP;

/* `--as-of D1,D2,...`: one column per date, each the file (no variant) as it stood then. */
static int compare_as_of(const char *path, const char *list, const ent_load_opts_t *lo, const ent_analyze_opts_t *ao,
                         ent_output_t fmt)
{
    if (ent_cli_variant()) return ent_cli_usage_error("compare", "--as-of and --variant cannot be combined");
    size_t n = 1;
    for (const char *p = list; *p; p++) n += *p == ',';
    char *names = strdup(list);
    ent_scenario_t *runs = calloc(n, sizeof *runs);
    const char **colname = calloc(n, sizeof *colname);
    const ent_scenario_t **sp = calloc(n, sizeof *sp);
    size_t ncol = 0;
    int rc = ENT_EXIT_OK;
    if (!names || !runs || !colname || !sp) { rc = ENT_EXIT_FAIL; fprintf(stderr, "entente: out of memory\n"); goto done; }
    ent_error_t err = {0};
    for (char *save = NULL, *d = strtok_r(names, ",", &save); d; d = strtok_r(NULL, ",", &save)) {
        long date = ent_scenario_parse_date(d);
        if (!date) {
            fprintf(stderr, "entente compare: --as-of '%s' is not a date; expected YYYY-MM-DD[,YYYY-MM-DD...]\n", d);
            rc = ENT_EXIT_USAGE;
            goto done;
        }
        ent_scenario_init(&runs[ncol]);
        if ((rc = ent_cli_load_variant(&runs[ncol], path, lo, NULL, ncol > 0)) != 0) goto done;
        colname[ncol] = d;
        sp[ncol] = &runs[ncol];
        ncol++;
        if (ent_scenario_as_of(&runs[ncol - 1], date, &err) != ENT_OK) { rc = ent_cli_fail(&err); goto done; }
    }
    if (!ncol) { rc = ent_cli_usage_error("compare", "--as-of expects at least one date"); goto done; }
    rc = compare_write(sp, colname, ncol, ao, fmt);
done:
    for (size_t k = 0; runs && k < ncol; k++) ent_scenario_destroy(&runs[k]);
    free(runs);
    free(colname);
    free(sp);
    free(names);
    return rc;
}

int ent_cmd_compare(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, 0, 'j'},
        {"csv", no_argument, 0, 'c'},
        {"no-sensitivity", no_argument, 0, 'n'},
        {"no-forecasts", no_argument, 0, 'f'},
        {"help", no_argument, 0, 'h'},
        {"as-of", required_argument, 0, 'a'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_analyze_opts_t ao;
    ent_analyze_opts_init(&ao);
    ao.power = 0;  /* the comparison has no voting-power table */
    ent_output_t fmt = ENT_OUTPUT_TEXT;
    char *asof = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "compare");
        if (r >= 0) { if (r) { free(asof); return r; } continue; }
        switch (c) {
        case 'j': fmt = ENT_OUTPUT_JSON; break;
        case 'c': fmt = ENT_OUTPUT_CSV; break;
        case 'n': ao.sensitivity = 0; break;
        case 'f': ao.forecasts = 0; break;
        case 'h': free(asof); ent_cli_help(usage_text); return ENT_EXIT_OK;
        case 'a': {  /* repeatable, each a date or a comma-separated list: joined */
            size_t n = asof ? strlen(asof) + 1 : 0;
            char *j = realloc(asof, n + strlen(optarg) + 1);
            if (!j) { free(asof); fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
            if (n) j[n - 1] = ',';
            strcpy(j + n, optarg);
            asof = j;
            break;
        }
        default: free(asof); return ent_cli_usage_error("compare", "unknown option");
        }
    }
    if (optind != argc - 1) { free(asof); return ent_cli_usage_error("compare", "expects exactly one scenario FILE"); }
    const char *path = argv[optind];
    if (asof) {
        int r = compare_as_of(path, asof, &lo, &ao, fmt);
        free(asof);
        return r;
    }
    /* the base: the file and the changes, without a variant */
    ent_scenario_t base;
    ent_scenario_init(&base);
    int rc = ent_cli_load_variant(&base, path, &lo, NULL, 0);
    if (rc) return rc;
    /* the columns: --variant's list, else every variant of the file */
    const char *list = ent_cli_variant();
    size_t n = 1;
    char *names = NULL;
    if (list) {
        if (!(names = strdup(list))) { ent_scenario_destroy(&base); fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
        for (const char *p = list; *p; p++) n += *p == ',';
        n++;
    } else {
        n += base.nvariants;
    }
    ent_scenario_t *runs = calloc(n, sizeof *runs);
    const char **colname = calloc(n, sizeof *colname);
    const ent_scenario_t **sp = calloc(n, sizeof *sp);
    size_t ncol = 0;
    if (!runs || !colname || !sp) { rc = ENT_EXIT_FAIL; fprintf(stderr, "entente: out of memory\n"); goto done; }
    colname[0] = "base";
    runs[0] = base;
    ent_scenario_init(&base);
    sp[0] = &runs[0];
    ncol = 1;
    for (size_t k = 0; rc == 0; k++) {
        const char *v;
        if (names) {
            v = k == 0 ? strtok(names, ",") : strtok(NULL, ",");
            if (!v) break;
        } else {
            if (k >= runs[0].nvariants) break;
            v = runs[0].variants[k].id;
        }
        ent_scenario_init(&runs[ncol]);
        if ((rc = ent_cli_load_variant(&runs[ncol], path, &lo, v, 1)) != 0) break;
        colname[ncol] = v;
        sp[ncol] = &runs[ncol];
        ncol++;
    }
    if (rc) goto done;
    rc = compare_write(sp, colname, ncol, &ao, fmt);
done:
    for (size_t k = 0; runs && k < ncol; k++) ent_scenario_destroy(&runs[k]);
    free(runs);
    free(colname);
    free(sp);
    free(names);
    return rc;
}
