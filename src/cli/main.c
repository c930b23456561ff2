/* main.c — the entente command line: dispatch to one function per command.
 * Commands live in src/cli/cmd_<name>.c; this file only routes. */
#include "cli/cli.h"

#include <string.h>

/* Declared weak so that the dispatcher links while a command's module is absent. */
#define CMD(name) int ent_cmd_##name(int argc, char **argv) __attribute__((weak));
CMD(info) CMD(convert) CMD(rule) CMD(power) CMD(forecast) CMD(validate)
CMD(guarantee) CMD(proposals) CMD(sequence) CMD(analyze)
#undef CMD

static const struct {
    const char *name;
    ent_cmd_fn fn;
    const char *help;
} commands[] = {
    {"analyze", ent_cmd_analyze, "run every analysis the scenario supports; one report"},
    {"info", ent_cmd_info, "summarise a scenario: actors, issues (mean, median), rules, proposals, steps"},
    {"convert", ent_cmd_convert, "convert any supported input to canonical YAML or JSON"},
    {"rule", ent_cmd_rule, "query a decision rule: winning, blocking, veto players, minimal coalitions"},
    {"power", ent_cmd_power, "voting power indices of a decision rule"},
    {"forecast", ent_cmd_forecast, "forecast outcomes: compromise, median, nash, bdm, exchange, smp"},
    {"validate", ent_cmd_validate, "forecast every issue of a table with outcomes; report errors"},
    {"guarantee", ent_cmd_guarantee, "can a guarantee be triggered against an aggressor's objection?"},
    {"proposals", ent_cmd_proposals, "acceptability of proposals and the win-set of the status quo"},
    {"sequence", ent_cmd_sequence, "circular preconditions, cheapest links to drop, feasible order"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: entente <command> [options] FILE...\n"
               "       entente --help | --version\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n'entente <command> --help' describes a command's options.\n"
               "Exit status: 0 success, 1 internal failure, 2 bad usage, 3 bad input, 4 limit refused.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return ENT_EXIT_USAGE; }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return ENT_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("entente %s\n", ent_version());
        return ENT_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0) continue;
        if (!commands[i].fn) {
            fprintf(stderr, "entente: command '%s' is not built into this binary\n", argv[1]);
            return ENT_EXIT_FAIL;
        }
        return commands[i].fn(argc - 1, argv + 1);
    }
    fprintf(stderr, "entente: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return ENT_EXIT_USAGE;
}
