/* cmd_power.c — `entente power`: voting power indices of a decision rule, one row per player
 * (library: ent_game_power, entente/game.h; indices, methods and their complexity in
 * docs/power.md). Text: a table with each index at --precision decimals (or exact fractions
 * with --exact), veto/dummy flags and raw swing counts; --json / --csv keep exact counts as
 * strings. The game comes from ent_cli_game_open (cmd_rule.c). Only formatting lives here.
 */
#include "cli/cli.h"

#include <gmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int ent_cli_game_open(const char *cmd, const char *file, const char *rule_id, const char *expr,
                      const char *game_text, const char *quota, int weights_only, ent_load_opts_t *lo, ent_scenario_t *s,
                      int *have_s, ent_game_t **g);

static const char usage_text[] =
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
    "  --index LIST         indices to compute: all (default) or a comma list of penrose,\n"
    "                       banzhaf, shapley, holler, deegan, johnston, prevent, initiate\n"
    "  --exact              print exact fractions instead of decimals\n"
    "  --raw                add the raw numerators (pivotal orderings, MWC counts, sums of\n"
    "                       1/|S| and of 1/critical) and the collectivity's power as columns\n"
    "  --precision N        decimals (default 4)\n"
    "  --approx             Monte Carlo estimates with confidence intervals\n"
    "  --samples N          Monte Carlo samples (default 100000)\n"
    "  --seed S             Monte Carlo seed (default 1)\n"
    "  --confidence C       confidence level of the intervals (default 0.95)\n"
    "  --fallback           use Monte Carlo when exact computation is refused\n"
    "  --method M           auto (default), enum, dp, mc\n"
    "  --max-seconds S      refuse exact methods estimated to take longer (default 60)\n"
    "  --max-memory GIB     refuse exact methods estimated to need more (default 4)\n"
    "  --json, --csv        machine-readable output (exact counts as strings)\n"
    "  --help               this text\n" ENT_CLI_LOAD_HELP
    "Exit status: 0 success, 2 bad usage, 3 bad rule or weights, 4 exact computation refused\n"
    "(the message gives the estimated memory and time; --approx or --fallback estimate instead).\n";

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end || *s == '-' || end == s) return -1;
    *v = x;
    return 0;
}

static void cell(char *buf, size_t len, const ent_power_t *p, int idx, size_t k, int exact, int prec)
{
    if (exact && p->exact[idx]) snprintf(buf, len, "%s", p->exact[idx][k]);
    else if (p->ci[idx]) snprintf(buf, len, "%.*f±%.*f", prec, p->value[idx][k], prec, p->ci[idx][k]);
    else snprintf(buf, len, "%.*f", prec, p->value[idx][k]);
}

int ent_cmd_power(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rule", required_argument, 0, 'r'},
        {"expr", required_argument, 0, 'e'},
        {"game", required_argument, 0, 'g'},
        {"quota", required_argument, 0, 'q'},
        {"weights-only", no_argument, 0, 'w'},
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
        {"json", no_argument, 0, 'j'},
        {"csv", no_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    const char *cmd = "power", *rule_id = NULL, *expr = NULL, *game_text = NULL, *quota = NULL;
    int exact = 0, prec = 4, weights_only = 0, raw = 0;
    ent_output_t mode = ENT_OUTPUT_TEXT;
    ent_power_opts_t po;
    ent_power_opts_init(&po);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t err = {0};
    optind = 0;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, cmd);
        if (r == 0) continue;
        if (r > 0) return r;
        switch (c) {
        case 'r': rule_id = optarg; break;
        case 'e': expr = optarg; break;
        case 'g': game_text = optarg; break;
        case 'q': quota = optarg; break;
        case 'w': weights_only = 1; break;
        case 'i':
            if (ent_power_index_parse(optarg, &po.indices, &err)) return ent_cli_usage_error(cmd, "%s", err.msg);
            break;
        case 'x': exact = 1; break;
        case 'R': raw = 1; break;
        case 'p': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 30) return ent_cli_usage_error(cmd, "--precision expects 0..30, got '%s'", optarg);
            prec = (int)v;
            break;
        }
        case 'a': po.approx = 1; break;
        case 'n':
            if (parse_u64(optarg, &po.samples) || po.samples == 0) return ent_cli_usage_error(cmd, "--samples expects a positive number, got '%s'", optarg);
            break;
        case 's':
            if (parse_u64(optarg, &po.seed)) return ent_cli_usage_error(cmd, "--seed expects a number >= 0, got '%s'", optarg);
            break;
        case 'C':
            po.confidence = strtod(optarg, &end);
            if (*end || !(po.confidence > 0 && po.confidence < 1)) return ent_cli_usage_error(cmd, "--confidence expects a level in (0, 1), got '%s'", optarg);
            break;
        case 'f': po.approx_on_refusal = 1; break;
        case 'm':
            if (!strcmp(optarg, "auto")) po.method = ENT_METHOD_AUTO;
            else if (!strcmp(optarg, "enum")) po.method = ENT_METHOD_ENUM;
            else if (!strcmp(optarg, "dp")) po.method = ENT_METHOD_DP;
            else if (!strcmp(optarg, "mc")) po.method = ENT_METHOD_MC;
            else return ent_cli_usage_error(cmd, "--method expects auto, enum, dp or mc, got '%s'", optarg);
            break;
        case 'T':
            po.max_seconds = strtod(optarg, &end);
            if (*end || !(po.max_seconds > 0)) return ent_cli_usage_error(cmd, "--max-seconds expects a positive number, got '%s'", optarg);
            break;
        case 'M':
            po.max_memory = strtod(optarg, &end) * 1073741824.0;
            if (*end || !(po.max_memory > 0)) return ent_cli_usage_error(cmd, "--max-memory expects a positive number of GiB, got '%s'", optarg);
            break;
        case 'j': mode = ENT_OUTPUT_JSON; break;
        case 'c': mode = ENT_OUTPUT_CSV; break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error(cmd, "unknown option");
        }
    }
    if (optind + 1 < argc) return ent_cli_usage_error(cmd, "expected one FILE, got %d", argc - optind);
    const char *file = optind < argc ? argv[optind] : NULL;
    ent_scenario_t s;
    ent_scenario_init(&s);
    int have_s = 0;
    ent_game_t *g = NULL;
    ent_buf_t b = ENT_BUF_INIT;
    ent_power_t p;
    memset(&p, 0, sizeof p);
    ent_table_t *t = NULL;
    int rc = ent_cli_game_open(cmd, file, rule_id, expr, game_text, quota, weights_only, &lo, &s, &have_s, &g);
    if (rc) goto done;
    if (ent_game_power(g, &po, &p, &err)) { rc = ent_cli_fail(&err); goto done; }
    size_t n = p.n;
    int weighted = ent_game_is_weighted(g, NULL, NULL);
    if (mode == ENT_OUTPUT_JSON) {
        ent_json_t j;
        ent_json_init(&j, &b);
        j.prec = 10;
        char *desc = ent_game_describe(g);
        ent_json_obj_begin(&j);
        ent_json_key(&j, "rule");
        ent_json_str(&j, n <= 60 ? desc : NULL);
        free(desc);
        ent_json_key(&j, "nplayers"); ent_json_int(&j, (long long)n);
        ent_json_key(&j, "method"); ent_json_str(&j, ent_power_method_name(p.method));
        ent_json_key(&j, "why"); ent_json_str(&j, p.why);
        ent_json_key(&j, "exact"); ent_json_bool(&j, p.is_exact);
        if (!p.is_exact) {
            ent_json_key(&j, "samples"); ent_json_int(&j, (long long)p.samples);
            ent_json_key(&j, "seed"); ent_json_int(&j, (long long)p.seed);
            ent_json_key(&j, "confidence"); ent_json_num(&j, po.confidence);
        }
        ent_json_key(&j, "winning"); ent_json_str(&j, p.winning);
        ent_json_key(&j, "minimal_winning"); ent_json_str(&j, p.min_winning);
        ent_json_key(&j, "collective");
        ent_json_obj_begin(&j);
        ent_json_key(&j, "value"); ent_json_num(&j, p.collective);
        if (p.collective_exact) { ent_json_key(&j, "exact"); ent_json_str(&j, p.collective_exact); }
        if (!p.is_exact) { ent_json_key(&j, "ci"); ent_json_num(&j, p.collective_ci); }
        ent_json_obj_end(&j);
        ent_json_key(&j, "players");
        ent_json_arr_begin(&j);
        for (size_t k = 0; k < n; k++) {
            ent_json_obj_begin(&j);
            ent_json_key(&j, "name"); ent_json_str(&j, ent_game_player_name(g, k));
            if (weighted) { ent_json_key(&j, "weight"); ent_json_num(&j, ent_game_player_weight(g, k)); }
            ent_json_key(&j, "veto"); ent_json_bool(&j, p.veto[k]);
            ent_json_key(&j, "dummy"); ent_json_bool(&j, p.dummy[k]);
            if (p.swings) { ent_json_key(&j, "swings"); ent_json_str(&j, p.swings[k]); }
            for (int i = 0; i < ENT_IDX_COUNT; i++) {
                if (!(p.computed & (1u << i))) continue;
                ent_json_key(&j, ent_power_index_name(i));
                ent_json_obj_begin(&j);
                ent_json_key(&j, "value"); ent_json_num(&j, p.value[i][k]);
                if (p.exact[i]) { ent_json_key(&j, "exact"); ent_json_str(&j, p.exact[i][k]); }
                if (p.raw[i] && (i == ENT_IDX_SHAPLEY || i == ENT_IDX_HOLLER || i == ENT_IDX_DEEGAN || i == ENT_IDX_JOHNSTON)) {
                    ent_json_key(&j, "raw"); ent_json_str(&j, p.raw[i][k]);
                }
                if (p.ci[i]) { ent_json_key(&j, "ci"); ent_json_num(&j, p.ci[i][k]); }
                ent_json_obj_end(&j);
            }
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
        ent_buf_puts(&b, "\n");
        rc = ent_cli_write(&b, NULL);
        goto done;
    }
    /* table: player, [weight], indices..., swings, flags */
    const char *h[9 + ENT_IDX_COUNT];
    size_t nc = 0;
    int colidx[ENT_IDX_COUNT];
    h[nc++] = "player";
    if (weighted) h[nc++] = "weight";
    size_t first_idx = nc;
    int ni = 0;
    for (int i = 0; i < ENT_IDX_COUNT; i++)
        if (p.computed & (1u << i)) { colidx[ni++] = i; h[nc++] = ent_power_index_name(i); }
    if (p.swings) h[nc++] = "swings";
    static const char *const rawh[] = {"shapley_raw", "holler_raw", "deegan_raw", "johnston_raw"};
    static const int rawi[] = {ENT_IDX_SHAPLEY, ENT_IDX_HOLLER, ENT_IDX_DEEGAN, ENT_IDX_JOHNSTON};
    size_t first_raw = nc;
    if (raw) {
        for (int r = 0; r < 4; r++)
            if (p.raw[rawi[r]]) h[nc++] = rawh[r];
        h[nc++] = "collective";
    }
    h[nc++] = "flags";
    t = ent_table_new(nc, h);
    if (!t) { fprintf(stderr, "entente: out of memory\n"); rc = ENT_EXIT_FAIL; goto done; }
    char buf[512];
    for (size_t k = 0; k < n; k++) {
        size_t col = 0;
        ent_table_row(t);
        ent_table_set(t, col++, ent_game_player_name(g, k));
        if (weighted) ent_table_num(t, col++, ent_game_player_weight(g, k), 0);
        for (int q = 0; q < ni; q++) {
            cell(buf, sizeof buf, &p, colidx[q], k, exact, prec);
            ent_table_set(t, first_idx + (size_t)q, buf);
        }
        col = first_idx + (size_t)ni;
        if (p.swings) ent_table_set(t, col++, p.swings[k]);
        if (raw) {
            col = first_raw;
            for (int r = 0; r < 4; r++)
                if (p.raw[rawi[r]]) {
                    if (exact || strchr(p.raw[rawi[r]][k], '/') == NULL) ent_table_set(t, col++, p.raw[rawi[r]][k]);
                    else {
                        mpq_t v;
                        mpq_init(v);
                        mpq_set_str(v, p.raw[rawi[r]][k], 10);
                        snprintf(buf, sizeof buf, "%.*f", prec, mpq_get_d(v));
                        mpq_clear(v);
                        ent_table_set(t, col++, buf);
                    }
                }
            if (exact && p.collective_exact) ent_table_set(t, col++, p.collective_exact);
            else ent_table_num(t, col++, p.collective, prec);
        }
        snprintf(buf, sizeof buf, "%s%s%s", p.veto[k] ? "veto" : "", p.veto[k] && p.dummy[k] ? "," : "", p.dummy[k] ? "dummy" : "");
        ent_table_set(t, col, buf);
    }
    if (mode == ENT_OUTPUT_CSV) {
        ent_table_render_csv(t, &b);
    } else {
        char *desc = ent_game_describe(g);
        if (n <= 60) ent_buf_printf(&b, "rule: %s\n", desc ? desc : "");
        free(desc);
        ent_buf_printf(&b, "players: %zu\nmethod: %s (%s)\n", n, ent_power_method_name(p.method), p.why);
        if (p.is_exact) {
            ent_buf_printf(&b, "winning coalitions: %s\n", p.winning);
            if (p.min_winning) ent_buf_printf(&b, "minimal winning coalitions: %s\n", p.min_winning);
            if (exact) ent_buf_printf(&b, "power of the collectivity to act (Coleman): %s\n", p.collective_exact);
            else ent_buf_printf(&b, "power of the collectivity to act (Coleman): %.*f\n", prec, p.collective);
        } else {
            ent_buf_printf(&b, "estimates: %llu samples, seed %llu, %.0f%% confidence intervals\n",
                           (unsigned long long)p.samples, (unsigned long long)p.seed, po.confidence * 100);
            ent_buf_printf(&b, "power of the collectivity to act (Coleman): %.*f±%.*f\n", prec, p.collective, prec, p.collective_ci);
        }
        ent_buf_puts(&b, "\n");
        ent_table_render_text(t, &b);
    }
    rc = ent_cli_write(&b, NULL);
done:
    ent_table_free(t);
    ent_power_destroy(&p);
    ent_buf_free(&b);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
    return rc;
}
