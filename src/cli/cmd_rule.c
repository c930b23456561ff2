/* SPDX-License-Identifier: MIT */
/* cmd_rule.c — `entente rule`: query a decision rule (library: ent_game_query,
 * entente/game.h; grammar in docs/rules.md; rendering: ent_report_rule,
 * src/report/report_rule.c). Is a coalition winning or blocking, who are the veto players and
 * the dummies, the minimal winning / blocking coalitions (exact count, listing up to a limit),
 * and can an action pass over the objection of an actor or group. Also defines
 * ent_cli_game_open(), shared with cmd_power.c, which turns the command-line forms (scenario
 * + --rule / --expr, --game "[q; w...]", weights file + --quota) into a compiled game.
 * Complexity is the library's (docs/power.md); this file parses, calls, renders and writes.
 */
#include "cli/cli.h"

#include <stdlib.h>

int ent_cli_game_open(const char *cmd, const char *file, const char *rule_id, const char *expr,
                      const char *game_text, const char *quota, int weights_only, ent_load_opts_t *lo, ent_scenario_t *s,
                      int *have_s, ent_game_t **g);

int ent_cli_game_open(const char *cmd, const char *file, const char *rule_id, const char *expr,
                      const char *game_text, const char *quota, int weights_only, ent_load_opts_t *lo, ent_scenario_t *s,
                      int *have_s, ent_game_t **g)
{
    ent_error_t err = {0};
    *have_s = 0;
    *g = NULL;
    if (game_text) {
        if (file || rule_id || expr || quota) return ent_cli_usage_error(cmd, "--game takes no FILE, --rule, --expr or --quota");
        if (ent_cli_whatif_none(cmd, "--game")) return ENT_EXIT_USAGE;
        if (ent_game_from_text(game_text, g, &err)) return ent_cli_fail(&err);
        return 0;
    }
    if (!file) return ent_cli_usage_error(cmd, "expected a FILE (scenario with --rule/--expr, or weights table) or --game \"[q; w...]\"");
    if (rule_id || expr) {
        if (rule_id && expr) return ent_cli_usage_error(cmd, "give --rule or --expr, not both");
        if (quota) return ent_cli_usage_error(cmd, "--quota applies to weights tables, not to scenario rules");
        int rc = ent_cli_load(s, file, lo, 0);
        if (rc) return rc;
        *have_s = 1;
        if (rule_id) {
            long ri = ent_scenario_find_rule(s, rule_id);
            if (ri < 0) {
                ent_error_set(&err, ENT_EINPUT, file, 0, 0, "no rule '%s' in the scenario (%zu rules)", rule_id, s->nrules);
                return ent_cli_fail(&err);
            }
            if (ent_game_from_rule(s, (size_t)ri, file, g, &err)) return ent_cli_fail(&err);
        } else {
            ent_loc_t loc = {1, 1};
            if (ent_game_compile(s, expr, "--expr", loc, g, &err)) return ent_cli_fail(&err);
        }
        return 0;
    }
    if (ent_cli_whatif_none(cmd, "a weights table")) return ENT_EXIT_USAGE;
    if (ent_game_read_weights(file, quota, weights_only, g, &err)) return ent_cli_fail(&err);
    return 0;
}

static const char usage_text[] =
    "usage: entente rule FILE --rule ID [query...]\n"
    "       entente rule FILE --expr \"RULE TEXT\" [query...]\n"
    "       entente rule --game \"[q; w1, w2, ...]\" [query...]\n"
    "       entente rule WEIGHTS.csv --quota Q|P% [query...]\n"
    "Query a decision rule (grammar: docs/rules.md). Without a query: players, veto players,\n"
    "dummies and the numbers of minimal winning and minimal blocking coalitions.\n"
    "  --rule ID             a rule of the scenario\n"
    "  --expr TEXT           a rule written on the command line, against the scenario\n"
    "  --game TEXT           a weighted game: [q; w...], e.g. [39; 7x5, 1x10]; q may be P%\n"
    "  --quota Q|P%          quota of a weights table (CSV name,weight or EPIC file)\n"
    "  --weights-only        a plain weights file has no quota line (EPIC noCoalitions files)\n"
    "  --coalition A,B,...   is this coalition (players or groups) winning? blocking?\n"
    "  --over X,G,...        can an action pass over the objection of these players/groups?\n"
    "  --minimal-winning     list minimal winning coalitions (exact count always)\n"
    "  --minimal-blocking    list minimal blocking coalitions\n"
    "  --limit N             list at most N coalitions (default 20)\n"
    "  --json                JSON output\n"
    "  --help                this text\n" ENT_CLI_LOAD_HELP
    "Exit status: 0 success (whatever the answer), 2 bad usage, 3 bad rule or weights,\n"
    "4 an exact count refused as too large.\n";

/* Mark the players named in a comma list (ent_game_mark_players); prints the error. */
static int mark_names(const char *cmd, const ent_game_t *g, const ent_scenario_t *s, int have_s, const char *list,
                      unsigned char *flags)
{
    ent_error_t err = {0};
    ent_status_t st = ent_game_mark_players(g, have_s ? s : NULL, list, flags, &err);
    if (st == ENT_OK) return 0;
    if (st == ENT_EINVAL) return ent_cli_usage_error(cmd, "%s", err.msg);
    fprintf(stderr, "entente %s: %s\n", cmd, err.msg);
    return ent_cli_exit_code(st);
}

typedef struct {
    const char *rule_id, *expr, *game_text, *quota, *coalition, *over;
    int weights_only;
    ent_output_t mode;
    ent_rule_query_opts_t qo;
    ent_load_opts_t lo;
} rule_args_t;

/* Parse the options; 0 and optind at the FILE, or an exit code (-1: --help was printed). */
static int rule_args(int argc, char **argv, rule_args_t *a)
{
    static const struct option longopts[] = {
        {"rule", required_argument, 0, 'r'},
        {"expr", required_argument, 0, 'e'},
        {"game", required_argument, 0, 'g'},
        {"quota", required_argument, 0, 'q'},
        {"weights-only", no_argument, 0, 'w'},
        {"coalition", required_argument, 0, 'c'},
        {"over", required_argument, 0, 'o'},
        {"minimal-winning", no_argument, 0, 'W'},
        {"minimal-blocking", no_argument, 0, 'B'},
        {"limit", required_argument, 0, 'l'},
        {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    const char *cmd = "rule";
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &a->lo, cmd);
        if (r == 0) continue;
        if (r > 0) return r;
        switch (c) {
        case 'r': a->rule_id = optarg; break;
        case 'e': a->expr = optarg; break;
        case 'g': a->game_text = optarg; break;
        case 'q': a->quota = optarg; break;
        case 'w': a->weights_only = 1; break;
        case 'c': a->coalition = optarg; break;
        case 'o': a->over = optarg; break;
        case 'W': a->qo.list_minimal = 1; a->qo.list_kind = ENT_COALITIONS_WINNING; break;
        case 'B': a->qo.list_minimal = 1; a->qo.list_kind = ENT_COALITIONS_BLOCKING; break;
        case 'l': {
            char *end;
            long limit = strtol(optarg, &end, 10);
            if (*end || limit < 0) return ent_cli_usage_error(cmd, "--limit expects a number >= 0, got '%s'", optarg);
            a->qo.limit = (size_t)limit;
            break;
        }
        case 'j': a->mode = ENT_OUTPUT_JSON; break;
        case 'h': ent_cli_help(usage_text); return -1;
        default: return ent_cli_usage_error(cmd, "unknown option");
        }
    }
    if (optind + 1 < argc) return ent_cli_usage_error(cmd, "expected one FILE, got %d", argc - optind);
    return 0;
}

int ent_cmd_rule(int argc, char **argv)
{
    const char *cmd = "rule";
    rule_args_t a = {0};
    a.mode = ENT_OUTPUT_TEXT;
    ent_rule_query_opts_init(&a.qo);
    ent_load_opts_init(&a.lo);
    int rc = rule_args(argc, argv, &a);
    if (rc) return rc < 0 ? ENT_EXIT_OK : rc;
    const char *file = optind < argc ? argv[optind] : NULL;
    ent_scenario_t s;
    ent_scenario_init(&s);
    int have_s = 0;
    ent_game_t *g = NULL;
    ent_buf_t b = ENT_BUF_INIT;
    ent_error_t err = {0};
    unsigned char *coal = NULL, *obj = NULL;
    ent_rule_query_t q;
    ent_rule_query_init(&q);
    rc = ent_cli_game_open(cmd, file, a.rule_id, a.expr, a.game_text, a.quota, a.weights_only, &a.lo, &s, &have_s, &g);
    if (rc) goto done;
    size_t n = ent_game_nplayers(g);
    coal = calloc(n ? n : 1, 1);
    obj = calloc(n ? n : 1, 1);
    if (!coal || !obj) { rc = ENT_EXIT_FAIL; fprintf(stderr, "entente: out of memory\n"); goto done; }
    if (a.coalition && (rc = mark_names(cmd, g, &s, have_s, a.coalition, coal))) goto done;
    if (a.over && (rc = mark_names(cmd, g, &s, have_s, a.over, obj))) goto done;
    a.qo.coalition = a.coalition ? coal : NULL;
    a.qo.objectors = a.over ? obj : NULL;
    a.qo.summary = !a.coalition && !a.over;
    if (ent_game_query(g, &a.qo, &q, &err)) { rc = ent_cli_fail(&err); goto done; }
    ent_status_t rst = ent_report_rule(g, &q, a.mode, &b);
    if (rst == ENT_ENOMEM) { fprintf(stderr, "entente: out of memory\n"); rc = ENT_EXIT_FAIL; goto done; }
    rc = ent_cli_render_write(rst, &b, NULL);
done:
    ent_rule_query_destroy(&q);
    free(coal);
    free(obj);
    ent_buf_free(&b);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
    return rc;
}
