/* cmd_rule.c — `entente rule`: query a decision rule (library: entente/game.h, grammar in
 * docs/rules.md). Is a coalition winning or blocking, who are the veto players and the
 * dummies, the minimal winning / blocking coalitions (exact count, listing up to a limit),
 * and can an action pass over the objection of an actor or group. Also defines
 * ent_cli_game_open(), shared with cmd_power.c, which turns the command-line forms (scenario
 * + --rule / --expr, --game "[q; w...]", weights file + --quota) into a compiled game.
 * Complexity is the library's (docs/power.md); this file only parses and prints.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

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

/* Mark the players named in a comma list (player names, or scenario groups). */
static int mark_names(const char *cmd, const ent_game_t *g, const ent_scenario_t *s, int have_s, const char *list,
                      unsigned char *flags)
{
    size_t n = ent_game_nplayers(g);
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char name[256];
        if (len == 0 || len >= sizeof name) return ent_cli_usage_error(cmd, "bad name in list '%s'", list);
        memcpy(name, p, len);
        name[len] = 0;
        int found = 0;
        for (size_t k = 0; k < n; k++)
            if (!strcmp(ent_game_player_name(g, k), name)) { flags[k] = 1; found = 1; }
        if (!found && have_s) {
            long gi = ent_scenario_find_group(s, name);
            if (gi >= 0) {
                const ent_group_t *gr = &s->groups[gi];
                for (size_t m = 0; m < gr->n; m++)
                    for (size_t k = 0; k < n; k++)
                        if (ent_game_player_actor(g, k) == gr->members[m]) flags[k] = 1;
                found = 1;
            } else if (ent_scenario_find_actor(s, name) >= 0) {
                found = 1;   /* an actor the rule does not involve: no effect on the vote */
            }
        }
        if (!found) {
            fprintf(stderr, "entente %s: unknown player or group '%s'\n", cmd, name);
            return ENT_EXIT_INPUT;
        }
        p += len;
        if (*p == ',') p++;
    }
    return 0;
}

static void names_list(ent_buf_t *b, const ent_game_t *g, const unsigned char *f)
{
    int first = 1;
    for (size_t k = 0; k < ent_game_nplayers(g); k++)
        if (f[k]) { ent_buf_printf(b, "%s%s", first ? "" : ", ", ent_game_player_name(g, k)); first = 0; }
    if (first) ent_buf_puts(b, "(none)");
}

static void json_names(ent_json_t *j, const ent_game_t *g, const unsigned char *f)
{
    ent_json_arr_begin(j);
    for (size_t k = 0; k < ent_game_nplayers(g); k++)
        if (f[k]) ent_json_str(j, ent_game_player_name(g, k));
    ent_json_arr_end(j);
}

int ent_cmd_rule(int argc, char **argv)
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
    const char *cmd = "rule", *rule_id = NULL, *expr = NULL, *game_text = NULL, *quota = NULL;
    const char *coalition = NULL, *over = NULL;
    int minimal = -1, json = 0, weights_only = 0;
    long limit = 20;
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    optind = 0;
    int c;
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
        case 'c': coalition = optarg; break;
        case 'o': over = optarg; break;
        case 'W': minimal = 0; break;
        case 'B': minimal = 1; break;
        case 'l': {
            char *end;
            limit = strtol(optarg, &end, 10);
            if (*end || limit < 0) return ent_cli_usage_error(cmd, "--limit expects a number >= 0, got '%s'", optarg);
            break;
        }
        case 'j': json = 1; break;
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
    ent_json_t j;
    ent_error_t err = {0};
    unsigned char *flags = NULL, *veto = NULL, *dummy = NULL;
    ent_coalitions_t mc = {0};
    ent_over_t ov = {0};
    int rc = ent_cli_game_open(cmd, file, rule_id, expr, game_text, quota, weights_only, &lo, &s, &have_s, &g);
    if (rc) goto done;
    size_t n = ent_game_nplayers(g);
    flags = calloc(n ? n : 1, 1);
    veto = calloc(n ? n : 1, 1);
    dummy = calloc(n ? n : 1, 1);
    if (!flags || !veto || !dummy) { rc = ENT_EXIT_FAIL; fprintf(stderr, "entente: out of memory\n"); goto done; }
    char *desc = ent_game_describe(g);
    if (json) {
        ent_json_init(&j, &b);
        j.prec = 10;
        ent_json_obj_begin(&j);
        ent_json_key(&j, "rule");
        ent_json_str(&j, desc);
        ent_json_key(&j, "players");
        ent_json_arr_begin(&j);
        for (size_t k = 0; k < n; k++) ent_json_str(&j, ent_game_player_name(g, k));
        ent_json_arr_end(&j);
    } else {
        ent_buf_printf(&b, "rule: %s\n", desc ? desc : "");
        ent_buf_printf(&b, "players: %zu\n", n);
    }
    free(desc);
    if (ent_game_veto_players(g, veto, &err)) { rc = ent_cli_fail(&err); goto done; }
    if (coalition) {
        rc = mark_names(cmd, g, &s, have_s, coalition, flags);
        if (rc) goto done;
        int win = ent_game_winning(g, flags), blk = ent_game_blocking(g, flags);
        if (json) {
            ent_json_key(&j, "coalition"); json_names(&j, g, flags);
            ent_json_key(&j, "winning"); ent_json_bool(&j, win);
            ent_json_key(&j, "blocking"); ent_json_bool(&j, blk);
        } else {
            ent_buf_puts(&b, "coalition: ");
            names_list(&b, g, flags);
            ent_buf_printf(&b, "\nwinning: %s\nblocking: %s\n", win ? "yes" : "no", blk ? "yes" : "no");
        }
    }
    if (over) {
        memset(flags, 0, n);
        rc = mark_names(cmd, g, &s, have_s, over, flags);
        if (rc) goto done;
        if (ent_game_over(g, flags, &ov, &err)) { rc = ent_cli_fail(&err); goto done; }
        if (json) {
            ent_json_key(&j, "over");
            ent_json_obj_begin(&j);
            ent_json_key(&j, "objectors"); json_names(&j, g, flags);
            ent_json_key(&j, "passes"); ent_json_bool(&j, ov.passes);
            ent_json_key(&j, "veto_objectors"); json_names(&j, g, ov.veto);
            ent_json_key(&j, "must_switch");
            if (ov.nmust == (size_t)-1) ent_json_null(&j);
            else json_names(&j, g, ov.must_switch);
            ent_json_obj_end(&j);
        } else {
            ent_buf_puts(&b, "over the objection of: ");
            names_list(&b, g, flags);
            ent_buf_printf(&b, "\npasses: %s\n", ov.passes ? "yes" : "no");
            if (!ov.passes) {
                ent_buf_puts(&b, "veto players among the objectors: ");
                names_list(&b, g, ov.veto);
                ent_buf_puts(&b, "\n");
                if (ov.nmust == (size_t)-1) ent_buf_puts(&b, "no change of votes can pass it\n");
                else {
                    ent_buf_printf(&b, "smallest set of objectors that must switch (%zu): ", ov.nmust);
                    names_list(&b, g, ov.must_switch);
                    ent_buf_puts(&b, "\n");
                }
            }
        }
    }
    if (!coalition && !over) {
        ent_status_t dst = ent_game_dummy_players(g, dummy, &err);
        if (json) {
            ent_json_key(&j, "veto"); json_names(&j, g, veto);
            ent_json_key(&j, "dummies");
            if (dst) ent_json_null(&j); else json_names(&j, g, dummy);
        } else {
            ent_buf_puts(&b, "veto players: ");
            names_list(&b, g, veto);
            ent_buf_puts(&b, "\ndummies: ");
            if (dst) ent_buf_printf(&b, "(not computed: %s)", err.msg);
            else names_list(&b, g, dummy);
            ent_buf_puts(&b, "\n");
        }
        ent_error_clear(&err);
        for (int bl = 0; bl < 2 && minimal < 0; bl++) {
            ent_coalitions_t cc;
            ent_status_t st = ent_game_minimal(g, bl, 0, &cc, &err);
            const char *what = bl ? "minimal blocking coalitions" : "minimal winning coalitions";
            if (json) {
                ent_json_key(&j, bl ? "minimal_blocking" : "minimal_winning");
                if (st) ent_json_null(&j); else ent_json_str(&j, cc.count);
            } else if (st) ent_buf_printf(&b, "%s: (not counted: %s)\n", what, err.msg);
            else ent_buf_printf(&b, "%s: %s\n", what, cc.count);
            ent_error_clear(&err);
            if (!st) ent_coalitions_destroy(&cc);
        }
    }
    if (minimal >= 0) {
        if (ent_game_minimal(g, minimal, (size_t)limit, &mc, &err)) { rc = ent_cli_fail(&err); goto done; }
        const char *what = minimal ? "minimal blocking coalitions" : "minimal winning coalitions";
        if (json) {
            ent_json_key(&j, minimal ? "minimal_blocking" : "minimal_winning");
            ent_json_obj_begin(&j);
            ent_json_key(&j, "count"); ent_json_str(&j, mc.count);
            ent_json_key(&j, "complete"); ent_json_bool(&j, mc.complete);
            ent_json_key(&j, "listed");
            ent_json_arr_begin(&j);
            for (size_t i = 0; i < mc.nlisted; i++) json_names(&j, g, mc.members[i]);
            ent_json_arr_end(&j);
            ent_json_obj_end(&j);
        } else {
            ent_buf_printf(&b, "%s: %s", what, mc.count);
            if (!mc.complete) ent_buf_printf(&b, " (first %zu listed)", mc.nlisted);
            ent_buf_puts(&b, "\n");
            for (size_t i = 0; i < mc.nlisted; i++) {
                ent_buf_puts(&b, "  {");
                names_list(&b, g, mc.members[i]);
                ent_buf_puts(&b, "}\n");
            }
        }
    }
    if (json) {
        ent_json_obj_end(&j);
        ent_buf_puts(&b, "\n");
    }
    rc = ent_cli_write(&b, NULL);
done:
    ent_coalitions_destroy(&mc);
    ent_over_destroy(&ov);
    free(flags);
    free(veto);
    free(dummy);
    ent_buf_free(&b);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
    return rc;
}
