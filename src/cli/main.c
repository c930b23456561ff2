/* SPDX-License-Identifier: MIT */
/* main.c — the entente command line: dispatch to one function per command.
 * Commands live in src/cli/cmd_<name>.c (declared in cli.h); this file only routes. The
 * forecast command's help line names the models of the registry (entente/forecast.h). */
#include "cli/cli.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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
    {"forecast", ent_cmd_forecast, NULL /* "forecast outcomes: " + the registry's models */},
    {"validate", ent_cmd_validate, "forecast every issue of a table with outcomes; report errors"},
    {"calibrate", ent_cmd_calibrate, "fit ensemble weights and forecast intervals on a table (-o FILE)"},
    {"guarantee", ent_cmd_guarantee, "can a guarantee be triggered against an aggressor's objection?"},
    {"proposals", ent_cmd_proposals, "acceptability of proposals and the win-set of the status quo"},
    {"sequence", ent_cmd_sequence, "circular preconditions, cheapest links to drop, feasible order"},
    {"compare", ent_cmd_compare, "the conclusions of a scenario and its variants side by side"},
    {"simulate", ent_cmd_simulate, "Monte Carlo over the codings: every conclusion with its probability"},
    {"report", ent_cmd_report, "a self-contained HTML briefing with figures (-o briefing.html)"},
    {"survey", ent_cmd_survey, "aggregate expert codings (CSV) into a scenario; the coders' spread"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: entente <command> [options] FILE...\n"
               "       entente --help | --version\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(f, "  %-10s ", commands[i].name);
        if (commands[i].help) {
            fprintf(f, "%s\n", commands[i].help);
            continue;
        }
        const ent_forecast_model_t *m;
        fputs("forecast outcomes:", f);
        for (size_t k = 0; (m = ent_forecast_model_at(k)); k++)
            fprintf(f, "%s %s", k ? "," : "", m->name);
        fputs("\n", f);
    }
    fprintf(f, "\n'entente <command> --help' describes a command's options.\n"
               "Exit status: 0 success, 1 internal failure, 2 bad usage, 3 bad input, 4 limit refused.\n");
}

static int run(int argc, char **argv)
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
        return commands[i].fn(argc - 1, argv + 1);
    }
    fprintf(stderr, "entente: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return ENT_EXIT_USAGE;
}

/* glibc's malloc gives freed memory back to the system as soon as 128 KiB sit free at the
 * top of a heap, and adapts its mmap threshold as it goes: a Monte Carlo run that builds and
 * frees the same working sets per draw then pays a page fault for every page, every draw
 * (entente simulate on the flagship: 3.7 s of system time in 10 000 draws on 2 threads).
 * The CLI keeps up to 64 MiB free per heap and maps only blocks of 32 MiB or more; the
 * library leaves malloc alone (docs/simulate.md, "Speed"). */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
    tune_malloc();
    return ent_cli_close_stdout(run(argc, argv));
}
