/* SPDX-License-Identifier: MIT */
/* cli.h — shared pieces of the command-line layer: exit codes, error printing, loading,
 * output modes. The CLI only parses arguments, calls the library and prints.
 *
 * Exit statuses (docs/cli.md): 0 success; 1 internal failure (out of memory, I/O, bug);
 * 2 bad usage (unknown command or option, bad option value); 3 bad input (a file or rule
 * that is malformed or rejected); 4 refused (a documented size or resource limit).
 * A model that does not converge, a proposal that fails, an empty win-set: all exit 0.
 */
#ifndef ENT_CLI_H
#define ENT_CLI_H

#include "entente.h"
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

enum { ENT_EXIT_OK = 0, ENT_EXIT_FAIL = 1, ENT_EXIT_USAGE = 2, ENT_EXIT_INPUT = 3, ENT_EXIT_LIMIT = 4, ENT_EXIT_INTR = 130 };


/* Map a library status to the documented exit code. */
int ent_cli_exit_code(ent_status_t st);
/* Print an error ("file:line:col: message") to stderr and return its exit code. */
int ent_cli_fail(const ent_error_t *err);
/* Print "entente <cmd>: message" to stderr, a hint to use --help, and return ENT_EXIT_USAGE. */
int ent_cli_usage_error(const char *cmd, const char *fmt, ...) ENT_PRINTF(2, 3);
/* Load a scenario file (any format) with the given options and check its rules
 * (ent_game_check_rules); on failure prints the error, leaves `s` empty and returns the exit
 * code (non-zero); on success returns 0 and prints the loader's notes (s->load_report, e.g.
 * "salience read on a 0-100 scale") to stderr unless quiet. */
int ent_cli_load(ent_scenario_t *s, const char *path, const ent_load_opts_t *lo, int quiet);
/* The common tail of argument parsing: exactly one FILE must remain after the options
 * (argv[optind]); initialise `s` and load it. Returns 0 on success, else the exit code
 * (usage error or load failure, already printed). */
int ent_cli_load_arg(ent_scenario_t *s, int argc, char **argv, const char *cmd, const ent_load_opts_t *lo);
/* The tail of every command: given a renderer's status, write buf to path ("-" or NULL =
 * stdout) when it rendered (ENT_ENOMEM is reported by the write), or report a JSON writer's
 * overflow or misuse and write nothing (no partial output). Returns an exit code. */
int ent_cli_render_write(ent_status_t rst, const ent_buf_t *b, const char *path);
/* Write buf to path ("-" or NULL = stdout), checking the write, the flush and (for a file)
 * the close. A failure prints "entente: cannot write to NAME: reason" (NAME "standard
 * output" or the path) and returns ENT_EXIT_FAIL; a directory is refused before opening.
 * Returns an exit code. */
int ent_cli_write(const ent_buf_t *b, const char *path);
/* At exit (main): flush and close stdout; an output error not yet reported (a help text
 * or --version to a full disk) is reported as above. Returns rc, or ENT_EXIT_FAIL when rc
 * was 0 and stdout failed. */
int ent_cli_close_stdout(int rc);

/* --json / --csv: set *mode to m; a second, different machine format is a usage error
 * (one would win silently). Returns 0 or ENT_EXIT_USAGE (printed). */
int ent_cli_set_mode(const char *cmd, ent_output_t *mode, ent_output_t m);
/* A seed: digits only (strtoull `base`: 10, or 0 for 0x hex and 0 octal too), 0..2^64-1; a larger value is refused rather than
 * saturated (two different seeds would give the same run). Returns 0 or ENT_EXIT_USAGE. */
int ent_cli_parse_seed(const char *cmd, const char *opt, const char *arg, int base, uint64_t *out);

/* Options shared by every command that reads a scenario. Put ENT_CLI_LOAD_LONGOPTS in the
 * getopt_long table, and pass every option code to ent_cli_load_opt first:
 *   --format F          force the input format (the names of the importer registry,
 *                       ent_format_info: yaml json eu ktab decide deu)
 *   --skip-line N       DEU tables: skip line N (the DEU III copy needs 2)
 *   --capability-row ID DEU tables: capabilities from the row whose id cell is ID
 *   --capability-file F capabilities from a CSV table "actor,capability"
 *   --variant NAME      apply the file's variant NAME (its `variants:`) after loading;
 *                       also --scenario-variant NAME (forecast's own --variant, listed
 *                       first in its table, picks the bdm variant)
 *   --set PATH=VALUE    a what-if change (repeatable; applied in order, after --variant)
 *   --drop-precondition STEP:REQUIRED   drop a precondition (repeatable, in order with --set)
 *   --as-of DATE        the scenario as it stood on DATE (ent_scenario_as_of), before the
 *                       variant and the changes; `compare` has its own --as-of (columns)
 * The what-if options are kept in cli.c (one command runs per process) and applied by
 * ent_cli_load before the rules are checked.                                          */
#define ENT_CLI_OPT_FORMAT 0x1000
#define ENT_CLI_OPT_SKIPLINE 0x1001
#define ENT_CLI_OPT_CAPROW 0x1002
#define ENT_CLI_OPT_CAPFILE 0x1003
#define ENT_CLI_OPT_VARIANT 0x1004
#define ENT_CLI_OPT_SET 0x1005
#define ENT_CLI_OPT_DROP 0x1006
#define ENT_CLI_OPT_ASOF 0x1007
#define ENT_CLI_LOAD_LONGOPTS                                   \
    {"variant", required_argument, 0, ENT_CLI_OPT_VARIANT},     \
    {"scenario-variant", required_argument, 0, ENT_CLI_OPT_VARIANT}, \
    {"set", required_argument, 0, ENT_CLI_OPT_SET},             \
    {"drop-precondition", required_argument, 0, ENT_CLI_OPT_DROP}, \
    {"as-of", required_argument, 0, ENT_CLI_OPT_ASOF},         \
    {"format", required_argument, 0, ENT_CLI_OPT_FORMAT},       \
    {"skip-line", required_argument, 0, ENT_CLI_OPT_SKIPLINE},  \
    {"capability-row", required_argument, 0, ENT_CLI_OPT_CAPROW}, \
    {"capability-file", required_argument, 0, ENT_CLI_OPT_CAPFILE}
/* Where a usage text holds the "input options:" block. The block names the registry's
 * formats, so it is written at run time: print usage texts with ent_cli_help. */
#define ENT_CLI_LOAD_HELP "\001"
/* Print a usage text to stdout, with each ENT_CLI_LOAD_HELP replaced by the input options. */
void ent_cli_help(const char *usage);
/* The same, to any stream. */
void ent_cli_help_file(FILE *f, const char *usage);
/* Returns -1 if `c` is not a load option; 0 when handled; an exit code on a bad value. */
int ent_cli_load_opt(int c, const char *arg, ent_load_opts_t *lo, const char *cmd);
/* ent_cli_load with the variant `variant` (NULL: none) instead of --variant's; the --set and
 * --drop-precondition changes are applied after it all the same (`entente compare`). */
int ent_cli_load_variant(ent_scenario_t *s, const char *path, const ent_load_opts_t *lo, const char *variant,
                         int quiet);
/* The readings of `analyze` and `report`: s (loaded from path without a variant) and each of
 * its variants, loaded afresh with the same changes, compared by ent_compare_run under ao
 * without the power table. 0 or an exit status (printed); out is ent_compare_init'ed by the
 * caller and destroyed by it. */
int ent_cli_readings(const ent_scenario_t *s, const char *path, const ent_load_opts_t *lo,
                     const ent_analyze_opts_t *ao, ent_compare_t *out);
/* The number of uncertain inputs of s under so (a one-draw run without forecasts, no sink:
 * cheap), which sizes the Sobol design (analyze --draws, the MPI ranks); 0 on error, which
 * the real run then reports. */
size_t ent_cli_count_inputs(const ent_scenario_t *s, const ent_simulate_opts_t *so);
/* The --variant option's value, or NULL. */
const char *ent_cli_variant(void);
/* For a command form that reads no scenario (--game, a weights table): 0 when no what-if
 * option was given, else a usage error (printed) and its exit code. */
int ent_cli_whatif_none(const char *cmd, const char *why);

/* Each command: int ent_cmd_<name>(int argc, char **argv), argv[0] = command name;
 * returns the exit status. One module each: src/cli/cmd_<name>.c. */
typedef int (*ent_cmd_fn)(int argc, char **argv);
int ent_cmd_analyze(int argc, char **argv);
int ent_cmd_info(int argc, char **argv);
int ent_cmd_convert(int argc, char **argv);
int ent_cmd_rule(int argc, char **argv);
int ent_cmd_power(int argc, char **argv);
int ent_cmd_forecast(int argc, char **argv);
int ent_cmd_validate(int argc, char **argv);
int ent_cmd_calibrate(int argc, char **argv);
/* validate (calibrate 0) or calibrate (1): one parser and run in cmd_validate.c. */
int ent_cli_validate_run(int argc, char **argv, int calibrate);
int ent_cmd_guarantee(int argc, char **argv);
int ent_cmd_proposals(int argc, char **argv);
int ent_cmd_sequence(int argc, char **argv);
int ent_cmd_compare(int argc, char **argv);
int ent_cmd_simulate(int argc, char **argv);

/* --budget SECONDS of `analyze` and `report` (cli.c): ao->budget from a number >= 0 (0 = no
 * limit). 0, or ENT_EXIT_USAGE (printed). */
#define ENT_CLI_OPT_BUDGET 0x1020
int ent_cli_budget_opt(const char *cmd, const char *arg, ent_analyze_opts_t *ao);

/* ---- the simulation options shared by `simulate` and `analyze --draws` (cmd_simulate.c) ---- */
#define ENT_CLI_OPT_DRAWS 0x1010
#define ENT_CLI_OPT_SEED 0x1011
#define ENT_CLI_OPT_THREADS 0x1012
#define ENT_CLI_OPT_SOBOL 0x1013
/* --draws, --seed, --threads, --sobol into so: -1 when c is none of them, 0 when handled, else an exit
 * code (printed). */
int ent_cli_simulate_opt(const char *cmd, int c, const char *arg, ent_simulate_opts_t *so);
/* --models M,...: so->models from a comma list of registered models (any order, put in
 * registry order; the list lives in static storage). 0, or ENT_EXIT_USAGE (printed). */
int ent_cli_simulate_models(const char *cmd, const char *arg, ent_simulate_opts_t *so);
/* The run store written during the run (store.c): open it (a new file, or after
 * ent_cli_store_check with first draws already in it), hand *sink to the simulation (the
 * small tables before the first draw, then one transaction per batch of rows, meta draws
 * kept up to date), then close: keep = 0 removes a new store (a failed run). 0 or an exit
 * code (printed); close returns the writer's first failure. */
typedef struct ent_cli_store ent_cli_store_t;
int ent_cli_store_open(const char *path, const ent_scenario_t *s, const ent_simulate_opts_t *so, size_t first,
                       ent_cli_store_t **out, ent_sim_sink_t *sink);
size_t ent_cli_store_written(const ent_cli_store_t *st);
int ent_cli_store_close(ent_cli_store_t *st, int keep);
/* The forecasts option as the store's meta keeps it: "0", "1" (every model), or the models'
 * comma list. */
void ent_cli_simulate_forecasts_text(const ent_simulate_opts_t *so, char *buf, size_t n);
/* Apply the --uncertainty overrides to s, run the simulation with a progress bar on stderr
 * (a terminal, not quiet) and SIGINT stopping it. 0, or an exit code (error printed). */
int ent_cli_simulate(ent_scenario_t *s, ent_simulate_opts_t *so, char **unc, size_t nunc, int quiet,
                     ent_simulation_t *out);
/* MPI (src/cli/mpi.c): real in build/entente-mpi, the one-process case in build/entente.
 * begin/end bracket a command (MPI_Init, MPI_Finalize; the ranks above 0 lose stderr);
 * rank is this process's (0 without MPI); mpi_simulate runs so->draws split over the ranks
 * and leaves the whole run in *out on rank 0 (same bits as one process); exit status. */
int ent_cli_mpi_begin(int *argc, char ***argv);
void ent_cli_mpi_end(void);
int ent_cli_mpi_rank(void);
int ent_cli_mpi_ranks(void);  /* the number of ranks (1 without MPI) */
int ent_cli_mpi_simulate(ent_scenario_t *s, ent_simulate_opts_t *so, int quiet, ent_simulation_t *out);
/* The run store (store.c, docs/cli.md): write a run kept with keep_draws into a new SQLite
 * file (an existing non-empty file is refused, status 3); read one back into s (loaded from
 * the stored canonical text), so (its seed, draws, forecasts, no_position) and the per-draw
 * table tb for ent_simulate_aggregate. s and tb are initialised first: destroy them after,
 * whatever the result. 0 or an exit code (printed). */
int ent_cli_store_write(const char *path, const ent_scenario_t *s, const ent_simulate_opts_t *so,
                        const ent_simulation_t *r, size_t first);
/* Before a run: 0 with *first = 0 for a new store (absent or empty file); with append, an
 * existing store of the same scenario (hash), seed, forecasts and no_position gives *first =
 * its number of draws (the run continues there: so->first_draw); anything else is refused
 * (status 3; 4 past the draw limit). */
int ent_cli_store_check(const char *path, const ent_scenario_t *s, const ent_simulate_opts_t *so, int append,
                        size_t *first);
int ent_cli_store_read(const char *path, ent_scenario_t *s, ent_simulate_opts_t *so, ent_simulation_t *tb);
int ent_cmd_report(int argc, char **argv);
int ent_cmd_survey(int argc, char **argv);

#endif
