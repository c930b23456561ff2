/* cmd_forecast.c — `entente forecast [options] FILE`: where the bargaining lands, per
 * model, side by side per issue; for the dynamic models the convergence verdict and the
 * movement-without-progress figure; with --trace the positions in every round.
 * Library: src/forecast/ (models: docs/models.md; verdict: docs/verdict.md). Only argument
 * parsing and printing live here.
 */
#include "cli/cli.h"
#include "forecast/deu_validate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente forecast [options] FILE\n"
    "Forecast the outcome of every issue with the models of docs/models.md, side by side.\n"
    "Default: every model that applies (compromise, median, nash per dimension; bdm on\n"
    "one-dimensional issues; exchange when the scenario has 2..50 issues; smp), skipping\n"
    "models not built into this binary; a model that refuses an issue is run issue by\n"
    "issue and the refused issues get a note (with --model, a refusal is an error).\n"
    "Dynamic models (bdm, exchange, smp) also report their verdict (converged / cycling /\n"
    "still moving) and movement without progress (total distance moved by all actors /\n"
    "net change of the forecast; docs/verdict.md).\n"
    "  --model M,...       models to run: compromise median nash bdm exchange smp\n"
    "  --rounds N          round limit of the dynamic models (default: the model's)\n"
    "  --tol T             convergence tolerance in issue units (default 1e-9 x scale range)\n"
    "  --variant V         bdm variant: scholz2011 (default), printed, eum-literal\n"
    "  --q Q               bdm: probability Q that the status quo persists (default 1)\n"
    "  --ties T            exchange tie rule: deterministic (default) or seeded\n"
    "  --seed N            seed of the exchange model's seeded ties and of smp's\n"
    "                      stochastic transitions (same seed, same numbers)\n"
    "  --smp P1,...,P9     the nine SMP parameters in KTAB's order and numbering\n"
    "                      (default 0,0,0,2,1,1,1,1,0; docs/models/smp.md)\n"
    "  --threads N         smp worker threads (0 = one per CPU; results identical)\n"
    "  --capability-from RULE[:shapley|banzhaf]\n"
    "                      use the voting power of a decision rule (a rule id of the\n"
    "                      scenario or a rule text) as every actor's capability\n"
    "  --trace             per-round positions of the dynamic models, and their trace text\n"
    "  --json              JSON output\n"
    "  --precision N       significant digits of numbers in --json (default 10; 17 gives\n"
    "                      every double exactly)\n"
    "  --csv               one CSV row per issue, dimension and model\n"
    "  --help              this text\n" ENT_CLI_LOAD_HELP;

#define MAXM 6
/* The exchange model trades between every pair of issues; on a table of hundreds of
 * unrelated issues (a DEU table) it takes minutes and means little, so the default set
 * leaves it out above this many issues. */
#define EXCHANGE_DEFAULT_MAX 50

enum { OPT_MODEL = 'm', OPT_ROUNDS = 'r', OPT_TOL = 't', OPT_TRACE = 'T', OPT_JSON = 'j',
       OPT_CSV = 'c', OPT_CAPFROM = 'p', OPT_VARIANT = 'v', OPT_HELP = 'h',
       OPT_Q = 0x2000, OPT_SEED, OPT_TIES, OPT_SMP, OPT_THREADS, OPT_PRECISION };

static int parse_models(const char *list, const char *names[MAXM], size_t *n)
{
    const char *const *all = ent_forecast_models();
    int seen[MAXM] = {0};
    const char *p = list;
    *n = 0;
    while (*p) {
        size_t len = strcspn(p, ",");
        int found = -1;
        for (int k = 0; all[k] && k < MAXM; k++)
            if (strlen(all[k]) == len && !strncmp(all[k], p, len)) found = k;
        if (found < 0)
            return ent_cli_usage_error("forecast", "unknown model '%.*s'; expected one of compromise "
                                       "median nash bdm exchange smp", (int)len, p);
        if (seen[found]) return ent_cli_usage_error("forecast", "model '%s' listed twice", all[found]);
        seen[found] = 1;
        names[(*n)++] = all[found];
        p += len;
        if (*p == ',') p++;
    }
    if (*n == 0) return ent_cli_usage_error("forecast", "--model wants at least one model");
    return 0;
}

static const char *dim_label(const ent_issue_t *is, size_t d, char *buf, size_t n)
{
    if (is->ndim <= 1) return is->id;
    if (is->dim_names && is->dim_names[d]) snprintf(buf, n, "%s.%s", is->id, is->dim_names[d]);
    else snprintf(buf, n, "%s.%zu", is->id, d + 1);
    return buf;
}

static void verdict_text(const ent_verdict_t *v, char *buf, size_t n)
{
    switch (v->kind) {
    case ENT_VERDICT_CONVERGED:
        snprintf(buf, n, "converged at round %d%s", v->round, v->exact ? "" : " (within tol)");
        break;
    case ENT_VERDICT_CYCLING:
        snprintf(buf, n, "cycling: period %d from round %d (%s)", v->period, v->cycle_start,
                 v->exact ? "exact" : "within tol");
        break;
    case ENT_VERDICT_MOVING: snprintf(buf, n, "still moving at round %d", v->round); break;
    default: snprintf(buf, n, "none"); break;
    }
}

static const ent_track_t *track_of(const ent_forecast_t *f, size_t i)
{
    if (!f->tracks) return NULL;
    const ent_track_t *t = &f->tracks[i];
    return t->nstates > 0 && t->x ? t : NULL;
}

/* text: NaN prints "-"; CSV (csv = 1): empty */
static void put_ratio(ent_table_t *t, size_t col, double v, int dec, int csv)
{
    if (isinf(v)) ent_table_set(t, col, v > 0 ? "inf" : "-inf");
    else if (isnan(v) && !csv) ent_table_set(t, col, "-");
    else ent_table_num(t, col, v, dec);
}

/* ---------------------------------------------------------------- text */

static void render_text(const ent_scenario_t *s, const char *path, ent_forecast_t *fs,
                        size_t nm, int trace, ent_buf_t *b)
{
    size_t ncols = nm + 1;
    const char *hdr[MAXM + 1];
    hdr[0] = "issue";
    for (size_t m = 0; m < nm; m++) hdr[m + 1] = fs[m].model;
    ent_buf_printf(b, "forecast: %s (%zu actors, %zu issues)\n\n", s->title ? s->title : path,
                   s->nactors, s->nissues);
    ent_table_t *t = ent_table_new(ncols, hdr);
    char lab[512];
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        for (size_t d = 0; d < (is->ndim ? is->ndim : 1); d++) {
            ent_table_row(t);
            ent_table_set(t, 0, dim_label(is, d, lab, sizeof lab));
            for (size_t m = 0; m < nm; m++) {
                if (fs[m].outcome && fs[m].outcome[i]) ent_table_num(t, m + 1, fs[m].outcome[i][d], 2);
                else ent_table_set(t, m + 1, "-");
            }
        }
    }
    ent_table_render_text(t, b);
    ent_table_free(t);

    /* dynamics */
    int anydyn = 0;
    for (size_t m = 0; m < nm; m++)
        for (size_t i = 0; i < s->nissues; i++) anydyn |= track_of(&fs[m], i) != NULL;
    if (anydyn) {
        static const char *const dh[] = {"model", "issue", "verdict", "rounds", "movement", "net", "mwp"};
        ent_buf_puts(b, "\ndynamics (mwp = movement without progress = movement / net change of the forecast)\n");
        t = ent_table_new(7, dh);
        char vt[160];
        for (size_t m = 0; m < nm; m++)
            for (size_t i = 0; i < s->nissues; i++) {
                const ent_track_t *tk = track_of(&fs[m], i);
                if (!tk) continue;
                ent_table_row(t);
                ent_table_set(t, 0, fs[m].model);
                ent_table_set(t, 1, s->issues[i].id);
                verdict_text(&tk->verdict, vt, sizeof vt);
                ent_table_set(t, 2, vt);
                ent_table_setf(t, 3, "%zu", tk->nstates - 1);
                ent_table_num(t, 4, tk->verdict.movement, 2);
                ent_table_num(t, 5, tk->verdict.net, 2);
                put_ratio(t, 6, tk->verdict.mwp, 2, 0);
            }
        ent_table_render_text(t, b);
        ent_table_free(t);
    }

    /* notes */
    int anynote = 0;
    for (size_t m = 0; m < nm; m++)
        for (size_t i = 0; i < s->nissues; i++)
            if (fs[m].why && fs[m].why[i]) {
                if (!anynote) ent_buf_puts(b, "\nnotes\n");
                anynote = 1;
                ent_buf_printf(b, "  %s, %s: %s\n", fs[m].model, s->issues[i].id, fs[m].why[i]);
            }

    if (!trace) return;
    for (size_t m = 0; m < nm; m++) {
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_track_t *tk = track_of(&fs[m], i);
            if (!tk) continue;
            size_t na = tk->nactors, dd = tk->ndim;
            /* columns: round, the actors with a position in state 0, forecast */
            size_t *cols = malloc((na ? na : 1) * sizeof *cols), nc = 0;
            if (!cols) { b->oom = 1; return; }
            for (size_t a = 0; a < na; a++)
                if (!isnan(tk->x[a * dd])) cols[nc++] = a;
            const char **th = malloc((nc + 2) * sizeof *th);
            if (!th) { free(cols); b->oom = 1; return; }
            th[0] = "round";
            for (size_t k = 0; k < nc; k++) th[k + 1] = s->actors[cols[k]].id;
            th[nc + 1] = "forecast";
            ent_buf_printf(b, "\ntrace %s, %s: positions per round\n", fs[m].model, s->issues[i].id);
            t = ent_table_new(nc + 2, th);
            for (size_t r = 0; r < tk->nstates; r++) {
                ent_table_row(t);
                ent_table_setf(t, 0, "%zu", r);
                for (size_t k = 0; k <= nc; k++) {
                    const double *v = k < nc ? tk->x + (r * na + cols[k]) * dd : tk->fc ? tk->fc + r * dd : NULL;
                    if (!v) continue;
                    if (dd == 1) { ent_table_num(t, k + 1, v[0], 2); continue; }
                    ent_buf_t cell = ENT_BUF_INIT;
                    for (size_t d = 0; d < dd; d++) ent_buf_printf(&cell, "%s%.2f", d ? "/" : "", v[d]);
                    ent_table_set(t, k + 1, cell.data ? cell.data : "");
                    ent_buf_free(&cell);
                }
            }
            ent_table_render_text(t, b);
            ent_table_free(t);
            free(th);
            free(cols);
        }
        if (fs[m].trace) {
            ent_buf_printf(b, "\ntrace %s\n", fs[m].model);
            ent_buf_puts(b, fs[m].trace);
            if (b->len && b->data[b->len - 1] != '\n') ent_buf_puts(b, "\n");
        }
    }
}

/* ---------------------------------------------------------------- CSV */

static void render_csv(const ent_scenario_t *s, ent_forecast_t *fs, size_t nm, ent_buf_t *b)
{
    static const char *const h[] = {"issue", "dimension", "model", "forecast", "verdict", "round",
                                    "period", "cycle_start", "exact", "movement", "net", "mwp", "why"};
    ent_table_t *t = ent_table_new(13, h);
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        for (size_t d = 0; d < (is->ndim ? is->ndim : 1); d++)
            for (size_t m = 0; m < nm; m++) {
                ent_table_row(t);
                ent_table_set(t, 0, is->id);
                if (is->ndim > 1 && is->dim_names && is->dim_names[d]) ent_table_set(t, 1, is->dim_names[d]);
                else ent_table_setf(t, 1, "%zu", d + 1);
                ent_table_set(t, 2, fs[m].model);
                if (fs[m].outcome && fs[m].outcome[i]) ent_table_num(t, 3, fs[m].outcome[i][d], 6);
                const ent_track_t *tk = track_of(&fs[m], i);
                if (tk) {
                    const ent_verdict_t *v = &tk->verdict;
                    ent_table_set(t, 4, ent_verdict_name(v->kind));
                    ent_table_setf(t, 5, "%d", v->round);
                    if (v->kind == ENT_VERDICT_CYCLING) {
                        ent_table_setf(t, 6, "%d", v->period);
                        ent_table_setf(t, 7, "%d", v->cycle_start);
                    }
                    if (v->kind == ENT_VERDICT_CYCLING || v->kind == ENT_VERDICT_CONVERGED)
                        ent_table_setf(t, 8, "%d", v->exact);
                    ent_table_num(t, 9, v->movement, 6);
                    ent_table_num(t, 10, v->net, 6);
                    put_ratio(t, 11, v->mwp, 6, 1);
                } else {
                    ent_table_set(t, 4, "none");
                }
                if (fs[m].why && fs[m].why[i]) ent_table_set(t, 12, fs[m].why[i]);
            }
    }
    ent_table_render_csv(t, b);
    ent_table_free(t);
}

/* ---------------------------------------------------------------- JSON */

static void json_numarr(ent_json_t *j, const double *v, size_t n)
{
    ent_json_arr_begin(j);
    for (size_t k = 0; k < n; k++) ent_json_num(j, v[k]);
    ent_json_arr_end(j);
}

/* Significant digits of numbers in --json output (--precision; 17 round-trips doubles). */
static int json_precision = 10;

static void render_json(const ent_scenario_t *s, const char *path, ent_forecast_t *fs, size_t nm,
                        int trace, ent_buf_t *b)
{
    ent_json_t j;
    ent_json_init(&j, b);
    j.prec = json_precision; /* fixed precision: 10 significant digits unless --precision */
    ent_json_obj_begin(&j);
    ent_json_key(&j, "scenario");
    ent_json_str(&j, s->title ? s->title : path);
    ent_json_key(&j, "models");
    ent_json_arr_begin(&j);
    for (size_t m = 0; m < nm; m++) {
        ent_json_obj_begin(&j);
        ent_json_key(&j, "name");
        ent_json_str(&j, fs[m].model);
        ent_json_key(&j, "variant");
        ent_json_str(&j, fs[m].variant);
        if (trace) {
            ent_json_key(&j, "trace");
            ent_json_str(&j, fs[m].trace);
        }
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "issues");
    ent_json_arr_begin(&j);
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        size_t nd = is->ndim ? is->ndim : 1;
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id");
        ent_json_str(&j, is->id);
        ent_json_key(&j, "dimensions");
        ent_json_arr_begin(&j);
        for (size_t d = 0; d < nd; d++)
            ent_json_str(&j, is->dim_names && is->dim_names[d] ? is->dim_names[d] : NULL);
        ent_json_arr_end(&j);
        ent_json_key(&j, "forecasts");
        ent_json_obj_begin(&j);
        for (size_t m = 0; m < nm; m++) {
            ent_json_key(&j, fs[m].model);
            ent_json_obj_begin(&j);
            ent_json_key(&j, "outcome");
            if (fs[m].outcome && fs[m].outcome[i]) json_numarr(&j, fs[m].outcome[i], nd);
            else ent_json_null(&j);
            ent_json_key(&j, "why");
            ent_json_str(&j, fs[m].why ? fs[m].why[i] : NULL);
            const ent_track_t *tk = track_of(&fs[m], i);
            if (tk) {
                const ent_verdict_t *v = &tk->verdict;
                ent_json_key(&j, "verdict");
                ent_json_obj_begin(&j);
                ent_json_key(&j, "kind");
                ent_json_str(&j, ent_verdict_name(v->kind));
                ent_json_key(&j, "round");
                ent_json_int(&j, v->round);
                if (v->kind == ENT_VERDICT_CYCLING) {
                    ent_json_key(&j, "period");
                    ent_json_int(&j, v->period);
                    ent_json_key(&j, "cycle_start");
                    ent_json_int(&j, v->cycle_start);
                }
                ent_json_key(&j, "exact");
                ent_json_bool(&j, v->exact);
                ent_json_key(&j, "tol");
                ent_json_num(&j, v->tol);
                ent_json_key(&j, "movement");
                ent_json_num(&j, v->movement);
                ent_json_key(&j, "net");
                ent_json_num(&j, v->net);
                ent_json_key(&j, "mwp");
                if (isinf(v->mwp)) ent_json_str(&j, "inf");
                else ent_json_num(&j, v->mwp);
                ent_json_obj_end(&j);
                ent_json_key(&j, "rounds");
                ent_json_int(&j, (long long)tk->nstates - 1);
                if (trace) {
                    ent_json_key(&j, "forecast_per_round");
                    ent_json_arr_begin(&j);
                    for (size_t r = 0; r < tk->nstates; r++)
                        if (tk->fc) json_numarr(&j, tk->fc + r * tk->ndim, tk->ndim);
                    ent_json_arr_end(&j);
                    ent_json_key(&j, "positions_per_round");
                    ent_json_arr_begin(&j);
                    for (size_t r = 0; r < tk->nstates; r++) {
                        ent_json_obj_begin(&j);
                        for (size_t a = 0; a < tk->nactors; a++) {
                            const double *x = tk->x + (r * tk->nactors + a) * tk->ndim;
                            if (isnan(x[0])) continue;
                            ent_json_key(&j, s->actors[a].id);
                            json_numarr(&j, x, tk->ndim);
                        }
                        ent_json_obj_end(&j);
                    }
                    ent_json_arr_end(&j);
                }
            }
            ent_json_obj_end(&j);
        }
        ent_json_obj_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(b, "\n");
}

/* --smp P1,...,P9: KTAB's nine parameters, in its order and numbering (smp.h). */
static int parse_smp_params(const char *arg, ent_smp_opts_t *o)
{
    static const int nalt[9] = {5, 3, 2, 6, 5, 3, 3, 3, 3};
    long v[9];
    const char *p = arg;
    for (int k = 0; k < 9; k++) {
        char *end;
        v[k] = strtol(p, &end, 10);
        if (end == p || v[k] < 0 || v[k] >= nalt[k])
            return ent_cli_usage_error("forecast", "--smp parameter %d must be 0..%d in '%s'", k + 1,
                                       nalt[k] - 1, arg);
        p = end;
        if (k < 8 && *p++ != ',')
            return ent_cli_usage_error("forecast", "--smp wants nine comma-separated numbers, not '%s'", arg);
    }
    if (*p) return ent_cli_usage_error("forecast", "--smp wants nine comma-separated numbers, not '%s'", arg);
    o->vpm = (ent_smp_vpm_t)v[0];
    o->pcem = (ent_smp_pcem_t)v[1];
    o->stm = (ent_smp_stm_t)v[2];
    o->vr = (ent_smp_vr_t)v[3];
    o->radj = (ent_smp_radj_t)v[4];
    o->rrng = (ent_smp_rrng_t)v[5];
    o->tpc = (ent_smp_tpc_t)v[6];
    o->ivb = (ent_smp_ivb_t)v[7];
    o->bargn = (ent_smp_bargn_t)v[8];
    return 0;
}

/* ---------------------------------------------------------------- command */

int ent_cmd_forecast(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"model", required_argument, 0, OPT_MODEL},
        {"rounds", required_argument, 0, OPT_ROUNDS},
        {"tol", required_argument, 0, OPT_TOL},
        {"variant", required_argument, 0, OPT_VARIANT},
        {"capability-from", required_argument, 0, OPT_CAPFROM},
        {"trace", no_argument, 0, OPT_TRACE},
        {"json", no_argument, 0, OPT_JSON},
        {"csv", no_argument, 0, OPT_CSV},
        {"help", no_argument, 0, OPT_HELP},
        {"q", required_argument, 0, OPT_Q},
        {"seed", required_argument, 0, OPT_SEED},
        {"ties", required_argument, 0, OPT_TIES},
        {"smp", required_argument, 0, OPT_SMP},
        {"threads", required_argument, 0, OPT_THREADS},
        {"precision", required_argument, 0, OPT_PRECISION},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_forecast_opts_t fo;
    ent_forecast_opts_init(&fo);
    const char *names[MAXM];
    size_t nm = 0;
    int explicit_models = 0, c, rc;
    ent_output_t mode = ENT_OUTPUT_TEXT;
    const char *capfrom = NULL;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "forecast");
        if (r >= 0) { if (r) return r; continue; }
        char *end;
        switch (c) {
        case OPT_MODEL:
            if ((rc = parse_models(optarg, names, &nm))) return rc;
            explicit_models = 1;
            break;
        case OPT_ROUNDS: {
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 1000000)
                return ent_cli_usage_error("forecast", "--rounds wants a number 1..1000000, not '%s'", optarg);
            fo.rounds = (int)v;
            break;
        }
        case OPT_TOL: {
            double v = strtod(optarg, &end);
            if (!*optarg || *end || !(v >= 0) || isinf(v))
                return ent_cli_usage_error("forecast", "--tol wants a number >= 0, not '%s'", optarg);
            fo.tol = v;
            break;
        }
        case OPT_VARIANT:
            if (ent_bdm_variant_parse(optarg, &fo.bdm.variant) != ENT_OK)
                return ent_cli_usage_error("forecast", "unknown bdm variant '%s'; expected scholz2011, "
                                           "printed or eum-literal", optarg);
            break;
        case OPT_Q: {
            double v = strtod(optarg, &end);
            if (!*optarg || *end || !(v >= 0 && v <= 1))
                return ent_cli_usage_error("forecast", "--q wants a probability 0..1, not '%s'", optarg);
            fo.bdm.q = v;
            break;
        }
        case OPT_SEED: {
            unsigned long long v = strtoull(optarg, &end, 0);
            if (!*optarg || *end || *optarg == '-')
                return ent_cli_usage_error("forecast", "--seed wants a non-negative integer, not '%s'", optarg);
            fo.exchange.seed = (uint64_t)v;
            fo.smp.seed = (uint64_t)v;
            break;
        }
        case OPT_TIES:
            if (!strcmp(optarg, "deterministic")) fo.exchange.tie = ENT_EXCHANGE_TIE_DETERMINISTIC;
            else if (!strcmp(optarg, "seeded")) fo.exchange.tie = ENT_EXCHANGE_TIE_SEEDED;
            else return ent_cli_usage_error("forecast", "--ties wants deterministic or seeded, not '%s'", optarg);
            break;
        case OPT_SMP:
            if ((rc = parse_smp_params(optarg, &fo.smp))) return rc;
            break;
        case OPT_THREADS: {
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 0 || v > 256)
                return ent_cli_usage_error("forecast", "--threads wants a number 0..256, not '%s'", optarg);
            fo.smp.threads = (int)v;
            break;
        }
        case OPT_PRECISION: {
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 17)
                return ent_cli_usage_error("forecast", "--precision wants a number 1..17, not '%s'", optarg);
            json_precision = (int)v;
            break;
        }
        case OPT_CAPFROM: capfrom = optarg; break;
        case OPT_TRACE: fo.trace = 1; break;
        case OPT_JSON: mode = ENT_OUTPUT_JSON; break;
        case OPT_CSV: mode = ENT_OUTPUT_CSV; break;
        case OPT_HELP: ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("forecast", "unknown option");
        }
    }
    if (optind != argc - 1) return ent_cli_usage_error("forecast", "expects exactly one scenario FILE");
    const char *path = argv[optind];
    for (size_t m = 0; m < nm; m++)
        if (!ent_forecast_model_built(names[m])) {
            fprintf(stderr, "entente forecast: model %s is not built into this binary\n", names[m]);
            return ENT_EXIT_FAIL;
        }
    ent_scenario_t s;
    ent_scenario_init(&s);
    rc = ent_cli_load(&s, path, &lo, 0);
    if (rc) return rc;
    ent_error_t err = {0};
    double *cap = NULL;
    ent_forecast_t fs[MAXM];
    size_t nrun = 0;
    ent_buf_t b = ENT_BUF_INIT;
    if (capfrom) {
        cap = malloc((s.nactors ? s.nactors : 1) * sizeof *cap);
        if (!cap) { rc = ENT_EXIT_FAIL; fprintf(stderr, "entente: out of memory\n"); goto done; }
        if (ent_forecast_capability_from_rule(&s, capfrom, cap, &err) != ENT_OK) {
            rc = ent_cli_fail(&err);
            goto done;
        }
        fo.capability = cap;
    }
    if (!explicit_models) {
        const char *const *all = ent_forecast_models();
        for (size_t k = 0; all[k]; k++) {
            if (!ent_forecast_model_built(all[k])) continue;
            if (!strcmp(all[k], "exchange") && s.nissues < 2) continue;
            if (!strcmp(all[k], "exchange") && s.nissues > EXCHANGE_DEFAULT_MAX) {
                fprintf(stderr, "entente forecast: model exchange left out of the default set: %zu issues "
                        "(more than %d; it trades across all of them); name it with --model to run it\n",
                        s.nissues, EXCHANGE_DEFAULT_MAX);
                continue;
            }
            names[nm++] = all[k];
        }
    }
    for (size_t m = 0; m < nm; m++) {
        ent_forecast_init(&fs[nrun]);
        nrun++;
        ent_error_clear(&err);
        ent_status_t st = ent_forecast_run(&s, names[m], &fo, &fs[nrun - 1], &err);
        if (st == ENT_OK) continue;
        if (st == ENT_EINPUT && !explicit_models && strcmp(names[m], "exchange") != 0) {
            /* default set: the model refuses some issue; run it issue by issue, the refused
             * issues get a note ("refused: ...") and no forecast. A model named with --model
             * that refuses the input is an error (exit 3). */
            ent_error_clear(&err);
            st = ent_forecast_run_each(&s, names[m], &fo, &fs[nrun - 1], NULL, &err);
            if (st == ENT_OK) continue;
        }
        if (explicit_models || st != ENT_EINPUT) {
            rc = ent_cli_fail(&err);
            goto done;
        }
        /* default set: a model that refuses this scenario is left out, with its reason */
        char msg[1200];
        ent_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "entente forecast: model %s left out: %s\n", names[m], msg);
        ent_forecast_destroy(&fs[--nrun]);
    }
    nm = nrun;
    if (mode == ENT_OUTPUT_JSON) render_json(&s, path, fs, nm, fo.trace, &b);
    else if (mode == ENT_OUTPUT_CSV) render_csv(&s, fs, nm, &b);
    else render_text(&s, path, fs, nm, fo.trace, &b);
    rc = ent_cli_write(&b, NULL);
done:
    ent_buf_free(&b);
    for (size_t m = 0; m < nrun; m++) ent_forecast_destroy(&fs[m]);
    free(cap);
    ent_scenario_destroy(&s);
    return rc;
}
