/* SPDX-License-Identifier: MIT */
/* cmd_power.c — `entente power`: voting power indices of a decision rule, one row per player
 * (library: ent_game_power, entente/game.h; indices, methods and their complexity in
 * docs/power.md; rendering: ent_report_power, src/report/report_power.c). This file parses the
 * options (the index names and their --help list come from the registry of power indices),
 * opens the game with ent_cli_game_open (cmd_rule.c), computes, renders and writes.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

int ent_cli_game_open(const char *cmd, const char *file, const char *rule_id, const char *expr,
                      const char *game_text, const char *quota, int weights_only, ent_load_opts_t *lo, ent_scenario_t *s,
                      int *have_s, ent_game_t **g);

static const char usage_head[] =
    "usage: entente power FILE --rule ID [options]\n"
    "       entente power FILE --expr \"RULE TEXT\" [options]\n"
    "       entente power --game \"[q; w1, w2, ...]\" [options]\n"
    "       entente power WEIGHTS.csv --quota Q|P% [options]\n"
    "Voting power of every player: Penrose-Banzhaf (absolute), normalized Banzhaf,\n"
    "Shapley-Shubik, Holler public good, Deegan-Packel, Johnston, Coleman's power to prevent\n"
    "and to initiate (and the collectivity's power to act), veto players and dummies.\n"
    "  --rule ID            a rule of the scenario\n"
    "  --expr TEXT          a rule written on the command line (docs/rules.md)\n"
    "  --game TEXT          a weighted game, e.g. [39; 7x5, 1x10]; the quota may be P%\n"
    "  --quota Q|P%         quota of a weights table (CSV name,weight or EPIC file)\n"
    "  --weights-only       a plain weights file has no quota line (EPIC noCoalitions files)\n"
    "  --precoalitions TEXT precoalitions (a priori unions) for the Owen, Banzhaf-Owen and\n"
    "                       coalitional Banzhaf values: \"a,b; c; d,e\" (players or groups;\n"
    "                       EPIC precoalition files carry their own)\n"
    "  --index LIST         indices to compute: all (default) or a comma list of";
static const char usage_tail[] =
    "  --exact              print exact fractions instead of decimals\n"
    "  --raw                add the raw numerators (pivotal orderings, MWC counts, sums of\n"
    "                       1/|S| and of 1/critical) and the collectivity's power as columns\n"
    "  --precision N        decimals (default 4)\n"
    "  --approx             Monte Carlo estimates with confidence intervals\n"
    "  --samples N          Monte Carlo samples (default 100000)\n"
    "  --seed S             Monte Carlo seed (default 1)\n"
    "  --confidence C       confidence level of the intervals (default 0.95)\n"
    "  --fallback           use Monte Carlo when exact computation is refused\n"
    "  --method M           auto (default), enum, dp, mc, types, parts\n"
    "  --max-seconds S      refuse exact methods or Monte Carlo estimated to take longer\n"
    "                       (default 60)\n"
    "  --max-memory GIB     refuse exact methods estimated to need more (default 4)\n"
    "  --threads N          threads (default 0: one per processor); results identical\n"
    "  --json, --csv        machine-readable output (exact counts as strings)\n"
    "  --help               this text\n" ENT_CLI_LOAD_HELP
    "Exit status: 0 success, 2 bad usage, 3 bad rule or weights, 4 exact computation refused\n"
    "(the message gives the estimated memory and time; --approx or --fallback estimate instead).\n";

/* The help text: the --index line lists the registry's names, wrapped at 88 columns under
 * the option descriptions (column 23). */
static int print_usage(void)
{
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_puts(&b, usage_head);
    size_t col = strlen(usage_head) - (size_t)(strrchr(usage_head, '\n') - usage_head) - 1;
    for (size_t i = 0; i < ent_power_index_count(); i++) {
        const char *name = ent_power_index_name((ent_power_index_t)i);
        size_t len = strlen(name) + (i + 1 < ent_power_index_count());
        if (col + 1 + len > 88) { ent_buf_printf(&b, "\n%23s", ""); col = 23; }
        else { ent_buf_puts(&b, " "); col++; }
        ent_buf_printf(&b, "%s%s", name, i + 1 < ent_power_index_count() ? "," : "");
        col += len;
    }
    ent_buf_puts(&b, "\n");
    ent_buf_puts(&b, usage_tail);
    if (b.oom) { ent_buf_free(&b); fputs("entente: out of memory\n", stderr); return ENT_EXIT_FAIL; }
    ent_cli_help(b.data);
    ent_buf_free(&b);
    return ENT_EXIT_OK;
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end || *s == '-' || end == s) return -1;
    *v = x;
    return 0;
}

typedef struct {
    const char *rule_id, *expr, *game_text, *quota, *precoalitions;
    int weights_only;
    ent_output_t mode;
    ent_power_opts_t po;
    ent_report_power_opts_t ro;
    ent_load_opts_t lo;
} power_args_t;

/* One option of `entente power` (not a load option): 0 handled, else an exit code. */
static int power_opt(int c, const char *arg, power_args_t *a)
{
    const char *cmd = "power";
    ent_error_t err = {0};
    char *end;
    switch (c) {
    case 'r': a->rule_id = arg; return 0;
    case 'e': a->expr = arg; return 0;
    case 'g': a->game_text = arg; return 0;
    case 'q': a->quota = arg; return 0;
    case 'w': a->weights_only = 1; return 0;
    case 'P': a->precoalitions = arg; return 0;
    case 'i':
        if (ent_power_index_parse(arg, &a->po.indices, &err)) return ent_cli_usage_error(cmd, "%s", err.msg);
        return 0;
    case 'x': a->ro.exact = 1; return 0;
    case 'R': a->ro.raw = 1; return 0;
    case 'p': {
        long v = strtol(arg, &end, 10);
        if (*end || v < 0 || v > 30) return ent_cli_usage_error(cmd, "--precision expects 0..30, got '%s'", arg);
        a->ro.precision = (int)v;
        return 0;
    }
    case 'a': a->po.approx = 1; return 0;
    case 'n':
        if (parse_u64(arg, &a->po.samples) || a->po.samples == 0) return ent_cli_usage_error(cmd, "--samples expects a positive number, got '%s'", arg);
        return 0;
    case 's':
        return ent_cli_parse_seed(cmd, "--seed", arg, 10, &a->po.seed);
    case 'C':
        a->po.confidence = strtod(arg, &end);
        if (*end || !(a->po.confidence > 0 && a->po.confidence < 1)) return ent_cli_usage_error(cmd, "--confidence expects a level in (0, 1), got '%s'", arg);
        return 0;
    case 'f': a->po.approx_on_refusal = 1; return 0;
    case 'm':
        if (!strcmp(arg, "auto")) a->po.method = ENT_METHOD_AUTO;
        else if (!strcmp(arg, "enum")) a->po.method = ENT_METHOD_ENUM;
        else if (!strcmp(arg, "dp")) a->po.method = ENT_METHOD_DP;
        else if (!strcmp(arg, "mc")) a->po.method = ENT_METHOD_MC;
        else if (!strcmp(arg, "types")) a->po.method = ENT_METHOD_TYPES;
        else if (!strcmp(arg, "parts")) a->po.method = ENT_METHOD_PARTS;
        else return ent_cli_usage_error(cmd, "--method expects auto, enum, dp, mc, types or parts, got '%s'", arg);
        return 0;
    case 'T':
        a->po.max_seconds = strtod(arg, &end);
        if (*end || !(a->po.max_seconds > 0)) return ent_cli_usage_error(cmd, "--max-seconds expects a positive number, got '%s'", arg);
        return 0;
    case 'M':
        a->po.max_memory = strtod(arg, &end) * 1073741824.0;
        if (*end || !(a->po.max_memory > 0)) return ent_cli_usage_error(cmd, "--max-memory expects a positive number of GiB, got '%s'", arg);
        return 0;
    case 't': {
        long v = strtol(arg, &end, 10);
        if (*end || end == arg || v < 0 || v > ENT_POWER_MAX_THREADS)
            return ent_cli_usage_error(cmd, "--threads expects 0..%d (0: one per processor), got '%s'", ENT_POWER_MAX_THREADS, arg);
        a->po.threads = (int)v;
        return 0;
    }
    case 'j': return ent_cli_set_mode(cmd, &a->mode, ENT_OUTPUT_JSON);
    case 'c': return ent_cli_set_mode(cmd, &a->mode, ENT_OUTPUT_CSV);
    default: return ent_cli_usage_error(cmd, "unknown option");
    }
}

int ent_cmd_power(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rule", required_argument, 0, 'r'},
        {"expr", required_argument, 0, 'e'},
        {"game", required_argument, 0, 'g'},
        {"quota", required_argument, 0, 'q'},
        {"weights-only", no_argument, 0, 'w'},
        {"precoalitions", required_argument, 0, 'P'},
        {"index", required_argument, 0, 'i'},
        {"exact", no_argument, 0, 'x'},
        {"raw", no_argument, 0, 'R'},
        {"precision", required_argument, 0, 'p'},
        {"approx", no_argument, 0, 'a'},
        {"samples", required_argument, 0, 'n'},
        {"seed", required_argument, 0, 's'},
        {"confidence", required_argument, 0, 'C'},
        {"fallback", no_argument, 0, 'f'},
        {"method", required_argument, 0, 'm'},
        {"max-seconds", required_argument, 0, 'T'},
        {"max-memory", required_argument, 0, 'M'},
        {"threads", required_argument, 0, 't'},
        {"json", no_argument, 0, 'j'},
        {"csv", no_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    const char *cmd = "power";
    power_args_t a = {0};
    a.mode = ENT_OUTPUT_TEXT;
    ent_power_opts_init(&a.po);
    ent_report_power_opts_init(&a.ro);
    ent_load_opts_init(&a.lo);
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &a.lo, cmd);
        if (r == 0) continue;
        if (r > 0) return r;
        if (c == 'h') return print_usage();
        if ((r = power_opt(c, optarg, &a))) return r;
    }
    if (optind + 1 < argc) return ent_cli_usage_error(cmd, "expected one FILE, got %d", argc - optind);
    const char *file = optind < argc ? argv[optind] : NULL;
    ent_scenario_t s;
    ent_scenario_init(&s);
    int have_s = 0;
    ent_game_t *g = NULL;
    ent_buf_t b = ENT_BUF_INIT;
    ent_error_t err = {0};
    ent_power_t p;
    ent_power_init(&p);
    int rc = ent_cli_game_open(cmd, file, a.rule_id, a.expr, a.game_text, a.quota, a.weights_only, &a.lo, &s, &have_s, &g);
    if (rc) goto done;
    /* --precoalitions, else the scenario's `precoalitions:` (errors at its file:line:col) */
    if (a.precoalitions &&
        ent_game_parse_precoalitions(g, have_s ? &s : NULL, a.precoalitions, "--precoalitions", (ent_loc_t){1, 1}, &err)) {
        rc = ent_cli_fail(&err);
        goto done;
    }
    if (!a.precoalitions && have_s && s.precoalitions &&
        ent_game_parse_precoalitions(g, &s, s.precoalitions, s.origin, s.precoalitions_loc, &err)) {
        rc = ent_cli_fail(&err);
        goto done;
    }
    if (ent_game_power(g, &a.po, &p, &err)) { rc = ent_cli_fail(&err); goto done; }
    ent_status_t rst = ent_report_power(g, &p, &a.ro, a.mode, &b);
    if (rst == ENT_ENOMEM) { fprintf(stderr, "entente: out of memory\n"); rc = ENT_EXIT_FAIL; goto done; }
    rc = ent_cli_render_write(rst, &b, NULL);
done:
    ent_power_destroy(&p);
    ent_buf_free(&b);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
    return rc;
}
