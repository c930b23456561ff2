/* SPDX-License-Identifier: MIT */
/* cli.c — shared command-line helpers (see cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ent_cli_exit_code(ent_status_t st)
{
    switch (st) {
    case ENT_OK: return ENT_EXIT_OK;
    case ENT_EINPUT: return ENT_EXIT_INPUT;
    case ENT_EINVAL: return ENT_EXIT_USAGE;
    case ENT_ELIMIT: return ENT_EXIT_LIMIT;
    case ENT_EINTR: return ENT_EXIT_INTR;
    default: return ENT_EXIT_FAIL;
    }
}

int ent_cli_fail(const ent_error_t *err)
{
    char buf[1200];
    ent_error_format(err, buf, sizeof buf);
    if (err->file[0]) fprintf(stderr, "%s\n", buf);
    else fprintf(stderr, "entente: %s\n", buf);
    return ent_cli_exit_code(err->status == ENT_OK ? ENT_EINTERNAL : err->status);
}

int ent_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "entente %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'entente %s --help')\n", cmd);
    return ENT_EXIT_USAGE;
}

/* The what-if options of this run (--variant, --set, --drop-precondition), in the order
 * given; one command runs per process, so they live here rather than in ent_load_opts_t. */
static struct {
    const char *variant;
    long as_of;        /* --as-of DATE (YYYYMMDD), 0 when not given */
    size_t n;
    ent_change_t *changes;
} whatif;

const char *ent_cli_variant(void) { return whatif.variant; }

int ent_cli_whatif_none(const char *cmd, const char *why)
{
    if (!whatif.variant && !whatif.n && !whatif.as_of) return 0;
    return ent_cli_usage_error(cmd, "--variant, --set, --drop-precondition and --as-of change a scenario; %s reads none",
                               why);
}

/* Does change c write rule `id`'s text (rule.ID.expr=, or add.rule.ID=)? Sets *plen to the
 * length of the path and '='. */
static int writes_rule(const ent_change_t *c, const char *id, size_t *plen)
{
    char p1[300], p2[300];
    snprintf(p1, sizeof p1, "rule.%s.expr=", id);
    snprintf(p2, sizeof p2, "add.rule.%s=", id);
    if (c->kind != ENT_CHANGE_SET) return 0;
    if (!strncmp(c->text, p1, strlen(p1))) { *plen = strlen(p1); return 1; }
    if (!strncmp(c->text, p2, strlen(p2))) { *plen = strlen(p2); return 1; }
    return 0;
}

/* The last change (of --set, then of the variant) that wrote rule `id`'s text, or NULL. */
static const ent_change_t *rule_change(const ent_scenario_t *s, const char *variant, const char *id, size_t *plen)
{
    for (size_t k = whatif.n; k-- > 0;)
        if (writes_rule(&whatif.changes[k], id, plen)) return &whatif.changes[k];
    long v = variant ? ent_scenario_find_variant(s, variant) : -1;
    for (size_t k = v >= 0 ? s->variants[v].nchanges : 0; k-- > 0;)
        if (writes_rule(&s->variants[v].changes[k], id, plen)) return &s->variants[v].changes[k];
    return NULL;
}

/* Compile the rules after the changes; a rule text that a change wrote and that does not
 * compile is reported at that change, the column counted in the change's text. */
static ent_status_t check_changed_rules(const ent_scenario_t *s, const char *path, const char *variant,
                                        ent_error_t *err)
{
    for (size_t i = 0; i < s->nrules; i++) {
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        ent_status_t st = ent_game_from_rule(s, i, s->origin, &g, &e);
        ent_game_destroy(g);
        if (st == ENT_OK) continue;
        size_t plen = 0;
        const ent_change_t *c = s->rules[i].loc.line == 0 ? rule_change(s, variant, s->rules[i].id, &plen) : NULL;
        if (!c || st != ENT_EINPUT || e.line != 1) { *err = e; return st; }
        size_t col = plen + (size_t)e.col;
        if (c->loc.line > 0)
            return ent_error_set(err, st, path, c->loc.line, c->loc.col, "variant '%s': change '%s': col %zu: %s",
                                 variant, c->text, col, e.msg);
        return ent_error_set(err, st, NULL, 0, 0, "--set %s: col %zu: %s", c->text, col, e.msg);
    }
    return ENT_OK;
}

int ent_cli_load_variant(ent_scenario_t *s, const char *path, const ent_load_opts_t *lo, const char *variant,
                         int quiet)
{
    ent_error_t err = {0};
    ent_status_t st = ent_scenario_load(s, path, lo, &err);
    /* --as-of first: the variant and the changes recode the scenario as it stood then */
    if (st == ENT_OK && whatif.as_of) st = ent_scenario_as_of(s, whatif.as_of, &err);
    /* the file's own rules first, so that their errors point into the file */
    if (st == ENT_OK && (variant || whatif.n)) st = ent_game_check_rules(s, &err);
    if (st == ENT_OK && variant) {
        st = ent_scenario_apply_variant(s, variant, path, &err);
        if (st == ENT_EINVAL) {
            ent_scenario_destroy(s);
            ent_scenario_init(s);
            fprintf(stderr, "entente: --variant %s: %s\n", variant, err.msg);
            return ENT_EXIT_USAGE;
        }
    }
    if (st == ENT_OK) st = ent_scenario_apply(s, whatif.changes, whatif.n, path, &err);
    if (st == ENT_OK) st = variant || whatif.n ? check_changed_rules(s, path, variant, &err) : ent_game_check_rules(s, &err);
    if (st != ENT_OK) {
        ent_scenario_destroy(s);
        ent_scenario_init(s);
        return ent_cli_fail(&err);
    }
    if (!quiet && s->load_report) fprintf(stderr, "%s", s->load_report);
    return 0;
}

int ent_cli_load(ent_scenario_t *s, const char *path, const ent_load_opts_t *lo, int quiet)
{
    return ent_cli_load_variant(s, path, lo, whatif.variant, quiet);
}

int ent_cli_load_arg(ent_scenario_t *s, int argc, char **argv, const char *cmd, const ent_load_opts_t *lo)
{
    ent_scenario_init(s);
    if (optind != argc - 1) return ent_cli_usage_error(cmd, "expects exactly one scenario FILE");
    return ent_cli_load(s, argv[optind], lo, 0);
}

/* Set once a failed write to stdout has been reported, so ent_cli_close_stdout does not
 * report it a second time. */
static int stdout_reported;

/* "entente: cannot write to NAME: reason" on stderr; returns ENT_EXIT_FAIL. */
static int write_failed(const char *path, int e)
{
    int to_stdout = !path || !strcmp(path, "-");
    if (to_stdout) stdout_reported = 1;
    fprintf(stderr, "entente: cannot write to %s: %s\n", to_stdout ? "standard output" : path,
            e ? strerror(e) : "write error");
    return ENT_EXIT_FAIL;
}

int ent_cli_write(const ent_buf_t *b, const char *path)
{
    if (b->oom) { fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
    FILE *f = stdout;
    int to_stdout = !path || !strcmp(path, "-");
    if (!to_stdout) {
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            fprintf(stderr, "entente: cannot write to %s: is a directory; expected a file name\n", path);
            return ENT_EXIT_FAIL;
        }
        f = fopen(path, "wb");
        if (!f) { perror(path); return ENT_EXIT_FAIL; }
    }
    /* every byte must reach the output: the write, the flush and the close are checked */
    errno = 0;
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len) {
        int e = errno;
        if (!to_stdout) fclose(f);
        return write_failed(path, e);
    }
    if (to_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) return write_failed(path, errno);
    } else {
        int bad = fflush(f) != 0 || ferror(f);
        int e = errno;
        if (fclose(f) != 0 && !bad) { bad = 1; e = errno; }
        if (bad) return write_failed(path, e);
    }
    return ENT_EXIT_OK;
}

int ent_cli_close_stdout(int rc)
{
    errno = 0;
    int bad = ferror(stdout);
    int e = 0;
    if (fflush(stdout) != 0) { bad = 1; e = errno; }
    if (fclose(stdout) != 0 && !bad) { bad = 1; e = errno; }
    if (!bad || stdout_reported) return rc;
    write_failed(NULL, e);
    return rc ? rc : ENT_EXIT_FAIL;
}

int ent_cli_set_mode(const char *cmd, ent_output_t *mode, ent_output_t m)
{
    if (*mode != ENT_OUTPUT_TEXT && *mode != m)
        return ent_cli_usage_error(cmd, "--json and --csv cannot be combined; choose one output format");
    *mode = m;
    return 0;
}

int ent_cli_parse_seed(const char *cmd, const char *opt, const char *arg, int base, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long u = strtoull(arg, &end, base);
    if (!*arg || *end || !(*arg >= '0' && *arg <= '9'))
        return ent_cli_usage_error(cmd, "%s wants a non-negative integer, not '%s'", opt, arg);
    if (errno == ERANGE || u > UINT64_MAX)
        return ent_cli_usage_error(cmd, "%s '%s' is out of range; expected 0..18446744073709551615",
                                   opt, arg);
    *out = (uint64_t)u;
    return 0;
}

/* The registry's format names, space-separated ("yaml json eu ktab decide deu"). */
static void format_names(ent_buf_t *b)
{
    const ent_format_info_t *fi;
    for (size_t i = 0; (fi = ent_format_info(i)) != NULL; i++) {
        if (i) ent_buf_puts(b, " ");
        ent_buf_puts(b, fi->name);
    }
}

void ent_cli_help_file(FILE *f, const char *usage)
{
    const char *mark;
    while ((mark = strchr(usage, ENT_CLI_LOAD_HELP[0])) != NULL) {
        fwrite(usage, 1, (size_t)(mark - usage), f);
        ent_buf_t b = ENT_BUF_INIT;
        format_names(&b);
        fprintf(f, "input options:\n"
               "  --format F           force the input format: %s\n"
               "  --skip-line N        DEU tables: skip line N (the DEU III copy needs 2)\n"
               "  --capability-row ID  DEU tables: capabilities from the row with this id\n"
               "  --capability-file F  capabilities from a CSV table actor,capability\n"
               "what-if options (docs/cli.md; applied in order after loading):\n"
               "  --variant NAME       apply the scenario's variant NAME (its 'variants:');\n"
               "                       also --scenario-variant NAME (forecast: bdm has --variant)\n"
               "  --set PATH=VALUE     change one value, e.g. RU.guarantee.position=75 (repeatable)\n"
               "  --drop-precondition STEP:REQUIRED  drop a precondition (repeatable)\n"
               "  --as-of DATE         the scenario as it stood on DATE (YYYY-MM-DD): each dated\n"
               "                       coding the latest on or before it, before the variant\n",
               b.data ? b.data : "");
        ent_buf_free(&b);
        usage = mark + 1;
    }
    fputs(usage, f);
}

void ent_cli_help(const char *usage) { ent_cli_help_file(stdout, usage); }

int ent_cli_load_opt(int c, const char *arg, ent_load_opts_t *lo, const char *cmd)
{
    char *end;
    long v;
    switch (c) {
    case ENT_CLI_OPT_FORMAT:
        if (ent_format_parse(arg, &lo->format) != ENT_OK) {
            ent_buf_t b = ENT_BUF_INIT;
            format_names(&b);
            int rc = ent_cli_usage_error(cmd, "unknown format '%s'; expected one of %s", arg,
                                         b.data ? b.data : "");
            ent_buf_free(&b);
            return rc;
        }
        return 0;
    case ENT_CLI_OPT_SKIPLINE:
        v = strtol(arg, &end, 10);
        if (*arg == 0 || *end != 0 || v < 1 || v > 1000000000)
            return ent_cli_usage_error(cmd, "--skip-line needs a line number >= 1, got '%s'", arg);
        lo->deu_skip_line = (int)v;
        return 0;
    case ENT_CLI_OPT_CAPROW: lo->deu_capability_row = arg; return 0;
    case ENT_CLI_OPT_CAPFILE: lo->capability_file = arg; return 0;
    case ENT_CLI_OPT_VARIANT: whatif.variant = arg; return 0;
    case ENT_CLI_OPT_ASOF:
        if (!(whatif.as_of = ent_scenario_parse_date(arg)))
            return ent_cli_usage_error(cmd, "--as-of '%s' is not a date; expected YYYY-MM-DD", arg);
        return 0;
    case ENT_CLI_OPT_SET:
    case ENT_CLI_OPT_DROP: {
        /* kept until exit: the process ends with the command */
        ent_change_t *nc = realloc(whatif.changes, (whatif.n + 1) * sizeof *nc);
        if (!nc) { fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
        whatif.changes = nc;
        ent_error_t err = {0};
        int set = c == ENT_CLI_OPT_SET;
        if (ent_change_parse(arg, set ? ENT_CHANGE_SET : ENT_CHANGE_DROP, &nc[whatif.n], &err) != ENT_OK) {
            if (err.status == ENT_ENOMEM) { fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
            fprintf(stderr, "entente: %s %s: %s\n", set ? "--set" : "--drop-precondition", arg, err.msg);
            return ENT_EXIT_INPUT;
        }
        whatif.n++;
        return 0;
    }
    default: return -1;
    }
}

int ent_cli_render_write(ent_status_t rst, const ent_buf_t *b, const char *path)
{
    if (rst == ENT_OK || rst == ENT_ENOMEM) return ent_cli_write(b, path); /* says "out of memory" */
    ent_error_t re = {0};
    ent_error_set(&re, rst, NULL, 0, 0, "cannot render the report: %s", rst == ENT_ELIMIT
                  ? "JSON nested deeper than ENT_JSON_MAX_DEPTH" : "internal error in the renderer");
    return ent_cli_fail(&re);
}

/* The readings: s (the file without a variant, as loaded) and each of its variants, loaded
 * afresh from path with the same changes, compared with ent_compare_run under the summary's
 * options (no power table, no thresholds: the comparison has no row for them). Returns 0 or
 * an exit status (printed). */
int ent_cli_readings(const ent_scenario_t *s, const char *path, const ent_load_opts_t *lo,
                     const ent_analyze_opts_t *ao, ent_compare_t *out)
{
    size_t n = 1 + s->nvariants, ncol = 1;
    ent_scenario_t *runs = calloc(n, sizeof *runs);
    const ent_scenario_t **sp = calloc(n, sizeof *sp);
    const char **name = calloc(n, sizeof *name);
    int rc = 0;
    if (!runs || !sp || !name) { rc = ENT_EXIT_FAIL; fprintf(stderr, "entente: out of memory\n"); goto done; }
    sp[0] = s;
    name[0] = "base";
    for (; ncol < n; ncol++) {
        ent_scenario_init(&runs[ncol]);
        name[ncol] = s->variants[ncol - 1].id;
        if ((rc = ent_cli_load_variant(&runs[ncol], path, lo, name[ncol], 1)) != 0) break;
        sp[ncol] = &runs[ncol];
    }
    if (!rc) {
        ent_analyze_opts_t ro = *ao;
        ro.power = 0;
        ent_error_t err = {0};
        if (ent_compare_run(sp, name, n, &ro, out, &err) != ENT_OK) rc = ent_cli_fail(&err);
    }
done:
    for (size_t k = 1; runs && k < ncol + (rc && ncol < n); k++) ent_scenario_destroy(&runs[k]);
    free(runs);
    free(sp);
    free(name);
    return rc;
}

size_t ent_cli_count_inputs(const ent_scenario_t *s, const ent_simulate_opts_t *so)
{
    ent_simulate_opts_t p = *so;
    p.draws = 1;
    p.sobol = 0;
    p.threads = 1;
    p.forecasts = 0;
    p.keep_draws = 0;
    p.progress.fn = NULL;
    p.sink = (ent_sim_sink_t){NULL, NULL, NULL};
    ent_simulation_t r;
    ent_error_t e = {0};
    size_t k = ent_simulate_run(s, &p, &r, &e) == ENT_OK ? r.ninputs : 0;
    ent_simulation_destroy(&r);
    return k;
}

int ent_cli_budget_opt(const char *cmd, const char *arg, ent_analyze_opts_t *ao)
{
    char *end;
    double v = strtod(arg, &end);
    if (end == arg || *end || !(v >= 0) || v > 1e9)
        return ent_cli_usage_error(cmd, "--budget wants seconds of processor time, a number >= 0 (0 = no limit), not '%s'", arg);
    ao->budget = v;
    return 0;
}
