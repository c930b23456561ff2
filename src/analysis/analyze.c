/* SPDX-License-Identifier: MIT */
/* analyze.c — `analyze`: every analysis a scenario supports, the summary of the computed
 * conclusions as data, and a sensitivity analysis (entente/analysis.h, docs/analyses.md §4).
 *
 * Parts: guarantee designs (guarantee.c) and the voting power of each rule (normalized
 * Banzhaf through ent_game_power, entente/game.h) when the scenario has rules; forecasts of
 * every model (ent_forecast_run) with their convergence verdict and movement without
 * progress (docs/verdict.md) when it has positions — a bloc whose members (`member_of`)
 * take positions on an issue left out there (counted once) — and again with capabilities
 * from the Shapley–Shubik power of the rule that decides each issue (the rule of the first
 * proposal naming it; ent_forecast_capability_from_rule); proposals and win-sets (proposals.c,
 * winset.c) when it has proposals or rules; sequencing (sequence.c) when it has steps.
 * Thresholds (threshold.c, docs/analyses.md §4 "Thresholds"): where each proposal flag flips
 * as one input moves, nearest first; they replace the search below, which `entente analyze`
 * runs only with --shift (the library default keeps it on: `compare` reads it).
 * Sensitivity: for every actor position on a 1-D issue, the position is moved by −shift
 * and +shift (clamped to the scale), the proposals analysis is rerun, and every flag that
 * flips (passes, dead on arrival, a better offer existed, no agreement possible) is
 * recorded with the move that flips it; when nothing flips, the smallest multiple of the
 * shift that flips something is searched for (up to the widest scale, at most 20×), so the
 * report can say how robust the flags are. Guarantee verdicts and the sequencing depend on
 * rules, capabilities and saliences of insistence, not on positions, so they are not rerun.
 * Summary: one ent_analyze_item_t per conclusion (kind, subjects, numbers), worded by
 * ent_report_analyze (src/report/report_analyze.c).
 * Progress (opts.progress): phase "analyze" between the parts, "forecasts" per model,
 * "sensitivity" per position moved; the guarantee, proposals and sequencing calls tick
 * under their own phase names.
 * Cost budget (opts.budget, docs/analyses.md §4 "Cost budget"): each forecast model, each
 * rerun by rule, the thresholds and the sensitivity search is estimated before it runs
 * (ent_analyze_estimate: counts of actors, positions, issues, proposals and rules times
 * constants fitted on bench/bench_report.c's seeded scenarios; no clock is read, so the
 * choice is deterministic) and skipped, recorded in out->skipped, when it does not fit in
 * what the parts before it left of the budget — greedily, in run order.
 * Complexity: one run of each analysis plus 2·(positions) reruns of the proposals analysis
 * per shift tried, plus the thresholds' reruns (threshold.c); the estimates O(actors ·
 * issues · log) each. Deviation: the forecasts are not rerun in the sensitivity analysis (the
 * models' own commands do that), to keep `analyze` under a second on the examples.
 */
#include "analysis/analyze_i.h"
#include "analysis/coalition.h"
#include "analysis/winset.h"
#include "entente/forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ent_analyze_opts_init(ent_analyze_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->sensitivity = 1;
    o->shift = 10;
    o->forecasts = 1;
    o->power = 1;
    o->thresholds = 1;
    o->forecasts_by_rule = 1;
    o->budget = ENT_ANALYZE_BUDGET;
    ent_threshold_opts_init(&o->threshold_opts);
}

void ent_analyze_init(ent_analyze_t *a)
{
    memset(a, 0, sizeof *a);
    ent_guarantee_init(&a->guarantee);
    ent_proposals_init(&a->proposals);
    ent_sequence_init(&a->sequence);
    ent_thresholds_init(&a->thresholds);
}

void ent_analyze_destroy(ent_analyze_t *a)
{
    if (!a) return;
    ent_guarantee_destroy(&a->guarantee);
    ent_proposals_destroy(&a->proposals);
    ent_sequence_destroy(&a->sequence);
    ent_thresholds_destroy(&a->thresholds);
    free(a->banzhaf);
    free(a->power_error);
    if (a->forecast)
        for (size_t m = 0; m < a->nmodels; m++) ent_forecast_destroy(&a->forecast[m]);
    free(a->forecast);
    free(a->model);
    free(a->model_error);
    free(a->issue_rule);
    free(a->bloc_dropped);
    free(a->ruled);
    free(a->ruled_error);
    free(a->flips);
    free(a->first_flips);
    free(a->items);
    free(a->skipped);
    memset(a, 0, sizeof *a);
}

static int has_positions(const ent_scenario_t *s)
{
    for (size_t k = 0; k < s->nactors * s->nissues; k++)
        if (s->pos[k].present) return 1;
    return 0;
}

static ent_status_t oom(ent_error_t *err)
{
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* ---------------------------------------------------------------- forecasts, power */

/* ---------------------------------------------------------------- cost budget */

/* Actors with a position on issue i; the distinct coordinates of those positions on
 * dimension d (the thresholds' landmarks, sampled once each). */
static size_t npos_on(const ent_scenario_t *s, size_t i)
{
    size_t n = 0;
    for (size_t a = 0; a < s->nactors; a++) n += s->pos[a * s->nissues + i].present;
    return n;
}

static int dbl_cmp(const void *pa, const void *pb)
{
    double x = *(const double *)pa, y = *(const double *)pb;
    return x < y ? -1 : x > y;
}

static size_t distinct_on(const ent_scenario_t *s, size_t i, size_t d, double *buf)
{
    size_t n = 0, k = 0;
    for (size_t a = 0; a < s->nactors; a++)
        if (s->pos[a * s->nissues + i].present) buf[n++] = s->pos[a * s->nissues + i].x[d];
    qsort(buf, n, sizeof *buf, dbl_cmp);
    for (size_t j = 0; j < n; j++) k += !j || buf[j] != buf[j - 1];
    return k;
}

/* One proposals analysis (verdicts only, as the thresholds and the sensitivity search run
 * it): measured 155 us at 125 actors and 400 us at 250 (one proposal, two rules), ~n^1.4. */
static double proposals_cost(const ent_scenario_t *s)
{
    return 6e-8 * pow((double)s->nactors, 1.4) * (double)(s->nproposals + s->nrules);
}

/* The proposals analyses of the thresholds: per deciding actor's position and dimension,
 * the grid, the ends and the current value, three breakpoints per proposal, and the
 * distinct landmarks (other positions) for a position; the same without landmarks for a
 * salience (threshold.c). Every actor is counted as deciding: an upper bound. */
static double threshold_evals(const ent_scenario_t *s, const ent_threshold_opts_t *to, double *buf)
{
    double ev = 0, G = (double)to->grid + 3 + 3 * (double)s->nproposals;
    for (size_t i = 0; i < s->nissues; i++) {
        double n = (double)npos_on(s, i);
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            if (to->positions) ev += n * (G + (double)distinct_on(s, i, d, buf) + (double)s->nproposals + 1);
            if (to->saliences) ev += n * G;
        }
    }
    return ev;
}

double ent_analyze_estimate(const ent_scenario_t *s, const ent_analyze_opts_t *opts, ent_analyze_part_t part,
                            const char *model)
{
    ent_analyze_opts_t dflt;
    if (!opts) { ent_analyze_opts_init(&dflt); opts = &dflt; }
    if (!s) return 0;
    double est = 0, n25 = 0, n3 = 0, nd = 0, nany = 0;
    for (size_t i = 0; i < s->nissues; i++) {
        double n = (double)npos_on(s, i), D = (double)s->issues[i].ndim;
        nd += n * D;
        n25 += pow(n, 2.5) * D;
        n3 += n * n * n * D;
        if (n > nany) nany = n;
    }
    switch (part) {
    case ENT_ANALYZE_PART_FORECAST:
    case ENT_ANALYZE_PART_FORECAST_BY_RULE:
        /* fitted on the seeded scenarios of bench/bench_report.c (125..1 000 actors, two
           issues; docs/analyses.md §4): bdm 0.03 s at 250 actors, 0.16 at 500, 0.9 at
           1 000 (~n^2.5); exchange 0.06 and 0.43 (~n^3 per pair of issues); smp 0.5 s at
           250 and 8.7 at 500: ~7e-10 s per N^3 and round, up to its limit of 100 rounds */
        if (!model) break;
        if (!strcmp(model, "compromise") || !strcmp(model, "median") || !strcmp(model, "nash")) est = 1e-7 * nd;
        else if (!strcmp(model, "bdm")) est = 2.5e-8 * n25;
        else if (!strcmp(model, "exchange"))
            est = 4.5e-10 * nany * nany * nany * (double)s->nissues * ((double)s->nissues - 1) / 2;
        else if (!strcmp(model, "smp")) est = 7e-10 * 100 * n3;
        break;
    case ENT_ANALYZE_PART_THRESHOLDS:
        if (s->nproposals) { /* the only part that sorts coordinates (simulate estimates per draw) */
            double *buf = malloc((s->nactors + 1) * sizeof *buf);
            if (!buf) return INFINITY; /* no memory to count with: nothing big should start */
            est = threshold_evals(s, &opts->threshold_opts, buf) * proposals_cost(s);
            free(buf);
        }
        break;
    case ENT_ANALYZE_PART_SENSITIVITY: {
        /* two proposals analyses per 1-D position and shift tried, up to 20 shifts */
        double n1 = 0, range = 0;
        for (size_t i = 0; i < s->nissues; i++)
            if (s->issues[i].ndim == 1) {
                n1 += (double)npos_on(s, i);
                if (s->issues[i].hi[0] - s->issues[i].lo[0] > range) range = s->issues[i].hi[0] - s->issues[i].lo[0];
            }
        double k = opts->shift > 0 ? floor(range / opts->shift) : 1;
        if (k < 1) k = 1;
        if (k > 20) k = 20;
        if (s->nproposals) est = 2 * n1 * k * proposals_cost(s);
        break;
    }
    }
    return est;
}

typedef struct {
    ent_analyze_t *a;
    size_t cap;
} budget_t;

/* Whether a part estimated at `est` seconds fits in what is left of a->budget (then it is
 * charged); if not, it is recorded in a->skipped and *why (when not NULL) says so.
 * -1: out of memory. */
static int budget_fits(budget_t *B, ent_analyze_part_t part, const char *model, long rule, double est,
                       ent_error_t *why)
{
    ent_analyze_t *a = B->a;
    double left = a->budget - a->estimated;
    if (!(a->budget > 0) || est <= left) {
        a->estimated += est;
        return 1;
    }
    if (a->nskipped == B->cap) {
        size_t nc = B->cap ? 2 * B->cap : 8;
        ent_analyze_skip_t *nv = realloc(a->skipped, nc * sizeof *nv);
        if (!nv) return -1;
        a->skipped = nv;
        B->cap = nc;
    }
    ent_analyze_skip_t k = {part, model, rule, est, left > 0 ? left : 0};
    a->skipped[a->nskipped++] = k;
    if (why)
        ent_error_set(why, ENT_ELIMIT, NULL, 0, 0,
                      "skipped by the cost budget: estimated %.3g s of processor time, more than the %.3g s left "
                      "of the %.3g s budget (--budget 0 runs it)", est, k.left, a->budget);
    return 0;
}


/* The view of s the forecasts see: a shallow copy whose pos[] leaves out a bloc's position on
 * every issue where one of its members (an actor whose member_of names the bloc) takes one.
 * *pos_out is the view's own pos[] (caller frees); the flags go to a->bloc_dropped. */
static ent_status_t bloc_view(const ent_scenario_t *s, ent_analyze_t *a, ent_scenario_t *view,
                              ent_position_t **pos_out, ent_error_t *err)
{
    size_t na = s->nactors, ni = s->nissues;
    *view = *s;
    *pos_out = NULL;
    int any = 0;
    for (size_t k = 0; k < na && !any; k++) any = s->actors[k].nmember_of > 0;
    if (!any || !ni) return ENT_OK;
    ent_position_t *pos = malloc(na * ni * sizeof *pos);
    unsigned char *drop = calloc(na * ni, 1);
    if (!pos || !drop) { free(pos); free(drop); return oom(err); }
    memcpy(pos, s->pos, na * ni * sizeof *pos);
    for (size_t m = 0; m < na; m++)
        for (size_t j = 0; j < s->actors[m].nmember_of; j++) {
            const ent_member_of_t *e = &s->actors[m].member_of[j];
            if (e->group) continue;  /* a group is a list, not an actor: nothing counted twice */
            for (size_t i = 0; i < ni; i++)
                if (s->pos[m * ni + i].present && s->pos[e->index * ni + i].present) drop[e->index * ni + i] = 1;
        }
    for (size_t k = 0; k < na * ni; k++)
        if (drop[k]) { pos[k].present = 0; a->nbloc_dropped++; }
    a->bloc_dropped = drop;
    view->pos = pos;
    *pos_out = pos;
    return ENT_OK;
}

/* The forecasts of every model, or of `only` (the draws' subset, names; simulate.c), or of
 * `list` (opts.models, a comma list), in that order of precedence. */
static ent_status_t run_forecasts(const ent_scenario_t *s, const char *list, const ent_progress_t *pg,
                                  const char *const *only, int one_thread, budget_t *B,
                                  const ent_analyze_opts_t *opts, ent_analyze_t *a, ent_error_t *err)
{
    const char *const *all = only ? only : ent_forecast_models(), *pick[64];
    const char *const *models = all;
    if (only) list = NULL;
    size_t n = 0;
    if (list) { /* opts.models: a subset, in the list's order */
        const ent_forecast_model_t *fm[64];
        ent_status_t st = ent_forecast_model_parse(list, fm, 64, &n, err);
        if (st != ENT_OK) return st;
        for (size_t k = 0; k < n; k++) pick[k] = fm[k]->name;
        models = pick;
    } else
        while (models && models[n]) n++;
    a->model = calloc(n + 1, sizeof *a->model);
    a->forecast = calloc(n + 1, sizeof *a->forecast);
    a->model_error = calloc(n + 1, sizeof *a->model_error);
    if (!a->model || !a->forecast || !a->model_error) return oom(err);
    for (size_t m = 0; m < n; m++) {
        if (ent_progress_tick(pg, "forecasts", (double)m, (double)n)) return ent_i_interrupted(err, "forecasts");
        ent_forecast_opts_t o;
        ent_forecast_opts_init(&o);
        if (one_thread) o.smp.threads = 1;  /* same bits: SMP's rounds do not depend on it */
        a->model[m] = models[m];
        ent_forecast_init(&a->forecast[m]);
        a->nmodels = m + 1;
        int fits = budget_fits(B, ENT_ANALYZE_PART_FORECAST, models[m], -1,
                               ent_analyze_estimate(s, opts, ENT_ANALYZE_PART_FORECAST, models[m]), &a->model_error[m]);
        if (fits < 0) return oom(err);
        if (!fits) continue;
        ent_status_t fst = ent_forecast_run(s, models[m], &o, &a->forecast[m], &a->model_error[m]);
        if (fst != ENT_OK) {  /* the model's error stays in model_error[m] */
            if (a->model_error[m].status == ENT_OK) a->model_error[m].status = fst;
            ent_forecast_destroy(&a->forecast[m]);
        }
    }
    return ENT_OK;
}

/* The rule that decides issue i: that of the first proposal naming it (the scenario's first
 * rule when the proposal names none), or -1. */
static long deciding_rule(const ent_scenario_t *s, size_t i)
{
    for (size_t k = 0; k < s->nproposals; k++) {
        const ent_proposal_t *p = &s->proposals[k];
        for (size_t j = 0; j < p->npoints; j++)
            if (p->issue[j] == i) return p->rule >= 0 ? p->rule : (s->nrules ? 0 : -1);
    }
    return -1;
}

/* Every model that ran, again, with capabilities from the voting power of each deciding rule. */
static ent_status_t run_forecasts_by_rule(const ent_scenario_t *s, const ent_progress_t *pg, budget_t *B,
                                          const ent_analyze_opts_t *opts, ent_analyze_t *a, ent_error_t *err)
{
    size_t ni = s->nissues, nm = a->nmodels, nc = 0;
    for (size_t i = 0; i < ni; i++) nc += s->issues[i].ndim;
    a->ncoord = nc;
    a->issue_rule = malloc((ni + 1) * sizeof *a->issue_rule);
    a->ruled = malloc((nm * nc + 1) * sizeof *a->ruled);
    a->ruled_error = calloc(nm + 1, sizeof *a->ruled_error);
    double *cap = malloc((s->nactors + 1) * sizeof *cap);
    if (!a->issue_rule || !a->ruled || !a->ruled_error || !cap) { free(cap); return oom(err); }
    for (size_t k = 0; k < nm * nc; k++) a->ruled[k] = NAN;
    for (size_t i = 0; i < ni; i++) a->issue_rule[i] = deciding_rule(s, i);
    ent_status_t st = ENT_OK;
    for (size_t r = 0; r < s->nrules && st == ENT_OK; r++) {
        int used = 0;
        for (size_t i = 0; i < ni; i++) used |= a->issue_rule[i] == (long)r;
        if (!used) continue;
        ent_error_t cerr = {0};
        ent_status_t cst = ENT_OK;
        int capped = 0; /* the capabilities are computed for the first model the budget admits */
        for (size_t m = 0; m < nm && st == ENT_OK; m++) {
            if (a->model_error[m].status != ENT_OK) continue;
            ent_error_t why = {0};
            int fits = budget_fits(B, ENT_ANALYZE_PART_FORECAST_BY_RULE, a->model[m], (long)r,
                                   ent_analyze_estimate(s, opts, ENT_ANALYZE_PART_FORECAST_BY_RULE, a->model[m]), &why);
            if (fits < 0) { st = oom(err); break; }
            if (!fits) {
                if (a->ruled_error[m].status == ENT_OK) a->ruled_error[m] = why;
                continue;
            }
            if (!capped++) cst = ent_forecast_capability_from_rule(s, s->rules[r].id, cap, &cerr);
            if (cst != ENT_OK) {
                if (a->ruled_error[m].status == ENT_OK) a->ruled_error[m] = cerr;
                continue;
            }
            if (ent_progress_tick(pg, "forecasts", (double)m, (double)nm)) { st = ent_i_interrupted(err, "forecasts"); break; }
            ent_forecast_opts_t o;
            ent_forecast_opts_init(&o);
            o.capability = cap;
            ent_forecast_t f;
            ent_forecast_init(&f);
            ent_error_t merr = {0};
            ent_status_t fst = ent_forecast_run(s, a->model[m], &o, &f, &merr);
            if (fst == ENT_EINTR) st = ent_i_interrupted(err, "forecasts");
            else if (fst == ENT_ENOMEM) st = oom(err);
            else if (fst != ENT_OK) {
                if (merr.status == ENT_OK) merr.status = fst;
                if (a->ruled_error[m].status == ENT_OK) a->ruled_error[m] = merr;
            } else
                for (size_t i = 0, c = 0; i < ni; c += s->issues[i].ndim, i++)
                    if (a->issue_rule[i] == (long)r && f.outcome && f.outcome[i])
                        memcpy(a->ruled + m * nc + c, f.outcome[i], s->issues[i].ndim * sizeof *a->ruled);
            ent_forecast_destroy(&f);
        }
    }
    free(cap);
    return st;
}

static ent_status_t run_power(const ent_scenario_t *s, ent_analyze_t *a, ent_error_t *err)
{
    size_t nr = s->nrules, na = s->nactors;
    a->nrules = nr;
    a->nactors = na;
    a->banzhaf = malloc((nr * na + 1) * sizeof *a->banzhaf);
    a->power_error = calloc(nr + 1, sizeof *a->power_error);
    if (!a->banzhaf || !a->power_error) return oom(err);
    for (size_t k = 0; k < nr * na; k++) a->banzhaf[k] = NAN;
    for (size_t r = 0; r < nr; r++) {
        ent_game_t *g = NULL;
        if (ent_game_from_rule(s, r, s->origin, &g, &a->power_error[r]) != ENT_OK) continue;
        ent_power_opts_t po;
        ent_power_opts_init(&po);
        po.indices = 1u << ENT_IDX_BANZHAF;
        po.exact_strings = 0;
        ent_power_t pw;
        if (ent_game_power(g, &po, &pw, &a->power_error[r]) == ENT_OK) {
            for (size_t k = 0; k < pw.n; k++)
                a->banzhaf[r * na + ent_game_player_actor(g, k)] = pw.value[ENT_IDX_BANZHAF][k];
            ent_power_destroy(&pw);
        }
        ent_game_destroy(g);
    }
    return ENT_OK;
}

/* ---------------------------------------------------------------- sensitivity */

typedef struct {
    ent_analyze_flip_t *v;
    size_t n, cap;
} flips_t;

static int flip_add(flips_t *F, size_t actor, size_t issue, double from, double to, ent_analyze_flag_t flag,
                    long proposal, long rule, int now)
{
    if (F->n == F->cap) {
        size_t nc = F->cap ? 2 * F->cap : 8;
        ent_analyze_flip_t *nv = realloc(F->v, nc * sizeof *nv);
        if (!nv) return -1;
        F->v = nv;
        F->cap = nc;
    }
    ent_analyze_flip_t f = {actor, issue, from, to, flag, proposal, rule, now};
    F->v[F->n++] = f;
    return 0;
}

/* The flags of r that differ from base's, recorded as flips of the move (a, i, from, to). */
static int compare_flags(const ent_proposals_t *base, const ent_proposals_t *r, size_t a, size_t i, double from,
                         double to, flips_t *F)
{
    for (size_t k = 0; k < r->nproposals; k++) {
        const ent_proposal_eval_t *e0 = &base->eval[k], *e1 = &r->eval[k];
        const struct { ent_analyze_flag_t flag; int was, now; } f[3] = {
            {ENT_FLAG_PASSES, e0->passes, e1->passes},
            {ENT_FLAG_DEAD_ON_ARRIVAL, e0->dead_on_arrival, e1->dead_on_arrival},
            {ENT_FLAG_BETTER_OFFER_EXISTED, e0->better_offer_existed, e1->better_offer_existed}};
        for (int q = 0; q < 3; q++)
            if (f[q].was != f[q].now && flip_add(F, a, i, from, to, f[q].flag, (long)k, -1, f[q].now) != 0) return -1;
    }
    for (size_t k = 0; k < r->nwinsets && k < base->nwinsets; k++) {
        int was = base->winset[k].joint == ENT_WINSET_EMPTY, now = r->winset[k].joint == ENT_WINSET_EMPTY;
        if (was != now && flip_add(F, a, i, from, to, ENT_FLAG_NO_AGREEMENT, -1, base->winset[k].rule, now) != 0)
            return -1;
    }
    return 0;
}

/* Move every 1-D position by -shift and +shift in turn and collect the flips into F. */
static ent_status_t sensitivity(const ent_scenario_t *s0, const ent_proposals_t *base, double shift,
                                const ent_analyze_opts_t *opts, flips_t *F, ent_error_t *err)
{
    /* the positions are edited in place on a shallow copy sharing every array but pos */
    ent_scenario_t s = *s0;
    size_t ncell = s0->nactors * s0->nissues;
    ent_position_t *pos = malloc((ncell + 1) * sizeof *pos);
    if (!pos) return oom(err);
    memcpy(pos, s0->pos, ncell * sizeof *pos);
    s.pos = pos;
    const ent_progress_t *pg = &opts->progress;
    ent_proposals_opts_t po;
    ent_proposals_opts_init(&po);
    po.progress = *pg;
    po.no_position = opts->no_position;
    /* only the flags are read: verdicts without the witness rule, through one context (LP
     * memo, and the base run's witnesses as first candidates; winset.h) for the whole pass */
    po.verdicts_only = 1;
    ent_i_ws_ctx_t *ctx = ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES);
    if (!ctx) { free(pos); return oom(err); }
    size_t ncoord = 0;
    for (size_t i = 0; i < s0->nissues; i++) ncoord += s0->issues[i].ndim;
    for (size_t k = 0; k < base->nwinsets; k++) ent_i_ws_ctx_add_point(ctx, base->winset[k].witness, ncoord);
    for (size_t k = 0; k < base->nproposals; k++) ent_i_ws_ctx_add_point(ctx, base->eval[k].proposer_witness, ncoord);
    ent_status_t st = ENT_OK;
    for (size_t cell = 0; cell < ncell; cell++) {
        size_t a = cell / s0->nissues, i = cell % s0->nissues;
        ent_position_t *p = &pos[cell];
        if (!p->present || s0->issues[i].ndim != 1) continue;
        if (ent_progress_tick(pg, "sensitivity", (double)cell, (double)ncell)) {
            st = ent_i_interrupted(err, "sensitivity");
            break;
        }
        double orig = p->x[0];
        for (int dir = -1; dir <= 1 && st == ENT_OK; dir += 2) {
            double v = orig + dir * shift;
            if (v < s0->issues[i].lo[0]) v = s0->issues[i].lo[0];
            if (v > s0->issues[i].hi[0]) v = s0->issues[i].hi[0];
            if (v == orig) continue;
            double x = v, *saved = p->x;
            p->x = &x;
            ent_proposals_t r;
            st = ent_i_proposals_run(&s, &po, ctx, &r, err);
            p->x = saved;
            if (st != ENT_OK) break;
            if (compare_flags(base, &r, a, i, orig, v, F) != 0) st = oom(err);
            ent_proposals_destroy(&r);
        }
        if (st != ENT_OK) break;
    }
    ent_i_ws_ctx_free(ctx);
    free(pos);
    return st;
}

/* The flips at ±shift; when there are none, the smallest multiple k·shift (k = 2..20, up to
 * the widest 1-D scale) that flips something. */
static ent_status_t run_sensitivity(const ent_scenario_t *s, const ent_analyze_opts_t *opts, ent_analyze_t *a,
                                    ent_error_t *err)
{
    flips_t F = {0}, F2 = {0};
    ent_status_t st = sensitivity(s, &a->proposals, opts->shift, opts, &F, err);
    if (st == ENT_OK && F.n == 0 && opts->shift > 0) {
        double range = 0;
        for (size_t i = 0; i < s->nissues; i++)
            if (s->issues[i].ndim == 1 && s->issues[i].hi[0] - s->issues[i].lo[0] > range)
                range = s->issues[i].hi[0] - s->issues[i].lo[0];
        for (int k = 2; k * opts->shift <= range && k <= 20 && st == ENT_OK; k++) {
            F2.n = 0;
            st = sensitivity(s, &a->proposals, k * opts->shift, opts, &F2, err);
            if (st == ENT_OK && F2.n) { a->first_shift = k * opts->shift; break; }
        }
    }
    a->flips = F.v;
    a->nflips = F.n;
    a->first_flips = F2.v;
    a->nfirst_flips = a->first_shift > 0 ? F2.n : 0;
    return st;
}

/* ---------------------------------------------------------------- summary items */

typedef struct {
    ent_analyze_t *a;
    size_t cap;
    int oom;
} items_t;

static ent_analyze_item_t *item_add(items_t *L, ent_analyze_kind_t kind)
{
    ent_analyze_t *a = L->a;
    if (L->oom) return NULL;
    if (a->nitems == L->cap) {
        size_t nc = L->cap ? 2 * L->cap : 16;
        ent_analyze_item_t *nv = realloc(a->items, nc * sizeof *nv);
        if (!nv) { L->oom = 1; return NULL; }
        a->items = nv;
        L->cap = nc;
    }
    ent_analyze_item_t *it = &a->items[a->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->actor = it->rule = it->proposal = it->step = it->issue = -1;
    it->value[0] = it->value[1] = it->value[2] = NAN;
    return it;
}

static void summary_guarantee(const ent_guarantee_t *g, items_t *L)
{
    if (g->aggressor < 0) return;
    ent_analyze_item_t *it = item_add(L, ENT_ANALYZE_VETO_PLAYER);
    if (!it) return;
    it->actor = g->aggressor;
    for (size_t i = 0; i < g->nrows; i++)
        for (size_t k = 0; k < g->rows[i].nveto; k++)
            if ((long)g->rows[i].veto[k] == g->aggressor) it->count++;
    for (size_t i = 0; i < g->nrows; i++) {
        if (!(it = item_add(L, ENT_ANALYZE_DESIGN))) return;
        it->actor = g->aggressor;
        it->rule = (long)g->rows[i].rule;
        it->index = i;
        it->verdict = g->rows[i].verdict;
        it->rule_kind = g->rows[i].kind;
        it->value[0] = g->rows[i].prevent;
    }
}

static void summary_proposals(const ent_scenario_t *s, const ent_proposals_t *r, items_t *L)
{
    for (size_t pi = 0; pi < r->nproposals; pi++) {
        const ent_proposal_eval_t *e = &r->eval[pi];
        if (e->sq_missing || e->rule < 0) continue;
        ent_analyze_item_t *it = item_add(L, e->passes ? ENT_ANALYZE_PROPOSAL_PASSES
                                             : e->dead_on_arrival ? ENT_ANALYZE_PROPOSAL_DEAD
                                                                  : ENT_ANALYZE_PROPOSAL_FAILS);
        if (!it) return;
        it->proposal = (long)e->proposal;
        it->rule = e->rule;
        it->rule_kind = s->rules[e->rule].kind;
        it->actor = s->proposals[e->proposal].proposer;
        it->index = pi;
        if (it->kind != ENT_ANALYZE_PROPOSAL_DEAD) continue;
        for (size_t k = 0; k < e->nveto_against; k++) it->count += e->vote[e->veto_against[k]] == ENT_VOTE_REJECT;
        it->value[0] = e->better_offer_existed;
    }
    for (size_t pi = 0; pi < r->nproposals; pi++) {
        const ent_proposal_eval_t *e = &r->eval[pi];
        if (e->thin_issue < 0) continue;
        ent_analyze_item_t *it = item_add(L, ENT_ANALYZE_PROPOSAL_NO_POSITION);
        if (!it) return;
        it->proposal = (long)e->proposal;
        it->rule = e->rule;
        it->issue = e->thin_issue;
        it->index = pi;
        it->count = e->thin_missing;
        it->value[0] = (double)e->thin_deciders;
    }
    for (size_t k = 0; k < r->nwinsets; k++) {
        const ent_winset_t *w = &r->winset[k];
        ent_analyze_item_t *it = item_add(L, w->joint == ENT_WINSET_EMPTY      ? ENT_ANALYZE_NO_AGREEMENT
                                             : w->joint == ENT_WINSET_NONEMPTY ? ENT_ANALYZE_AGREEMENT_POSSIBLE
                                                                               : ENT_ANALYZE_WINSET_UNKNOWN);
        if (!it) return;
        it->rule = w->rule;
        it->rule_kind = w->rule >= 0 && (size_t)w->rule < s->nrules ? s->rules[w->rule].kind : ENT_RULE_KIND_UNSET;
        it->index = k;
    }
}

static void summary_rest(const ent_scenario_t *s, const ent_analyze_t *a, items_t *L)
{
    ent_analyze_item_t *it;
    if (a->has_sequence && (it = item_add(L, a->sequence.circular ? ENT_ANALYZE_CIRCULAR : ENT_ANALYZE_NOT_CIRCULAR)) &&
        a->sequence.circular) {
        it->count = a->sequence.ncycles;
        it->value[0] = a->sequence.drop_cost;
        it->value[1] = a->sequence.cycles_complete;
        it->value[2] = a->sequence.drop_exact;
    }
    if (a->has_forecasts && s->nissues && (it = item_add(L, ENT_ANALYZE_FORECAST))) {
        it->issue = 0;  /* the first issue is the scenario's main one */
        for (size_t m = 0; m < a->nmodels; m++)
            if (a->model_error[m].status == ENT_OK && a->forecast[m].outcome && a->forecast[m].outcome[0]) it->count++;
    }
    if (a->has_thresholds && (it = item_add(L, ENT_ANALYZE_THRESHOLDS))) {
        it->count = a->thresholds.n;
        if (a->thresholds.n) it->value[0] = a->thresholds.thr[0].distance;
    }
    if (a->has_sensitivity) {
        it = item_add(L, a->nflips ? ENT_ANALYZE_SENSITIVITY_FLIPS
                         : a->nfirst_flips ? ENT_ANALYZE_SENSITIVITY_LATER : ENT_ANALYZE_SENSITIVITY_NONE);
        if (it) {
            it->value[0] = a->shift;
            if (a->nflips) it->count = a->nflips;
            else if (a->nfirst_flips) { it->count = a->nfirst_flips; it->value[1] = a->first_shift; }
        }
    }
    if (a->nitems == 0) item_add(L, ENT_ANALYZE_NOTHING);
}

/* ---------------------------------------------------------------- run */

/* Every part the scenario supports, in report order. */
static ent_status_t run_parts(const ent_scenario_t *s, const ent_analyze_opts_t *opts,
                              const ent_i_analyze_given_t *gv, ent_analyze_t *a, ent_error_t *err)
{
    const ent_guarantee_t *given = gv ? gv->guarantee : NULL;
    const ent_progress_t *pg = &opts->progress;
    ent_status_t st;
    budget_t B = {a, 0};
    a->budget = opts->budget > 0 ? opts->budget : 0;
    a->has_guarantee = s->nrules > 0;
    a->has_power = s->nrules > 0 && opts->power;
    a->has_forecasts = has_positions(s) && opts->forecasts;
    a->has_proposals = s->nproposals > 0 || s->nrules > 0;
    a->has_sequence = s->nsteps > 0;
    a->has_sensitivity = s->nproposals > 0 && opts->sensitivity;
    a->has_thresholds = s->nproposals > 0 && opts->thresholds;
    a->shift = opts->shift;
    if (a->has_guarantee && given)
        a->guarantee = *given;  /* borrowed (analyze_i.h) */
    else if (a->has_guarantee) {
        ent_guarantee_opts_t go;
        ent_guarantee_opts_init(&go);
        go.progress = *pg;
        if ((st = ent_guarantee_analyze(s, &go, &a->guarantee, err)) != ENT_OK) return st;
    }
    if (a->has_power && (st = run_power(s, a, err)) != ENT_OK) return st;
    if (ent_progress_tick(pg, "analyze", 1, 5)) return ent_i_interrupted(err, "analyze");
    if (a->has_forecasts) {
        ent_scenario_t fv;
        ent_position_t *fpos;
        if ((st = bloc_view(s, a, &fv, &fpos, err)) != ENT_OK) return st;
        st = run_forecasts(&fv, opts->models, pg, gv ? gv->models : NULL, gv ? gv->one_thread : 0, &B, opts, a,
                           err);
        a->has_forecasts_by_rule = opts->forecasts_by_rule && s->nrules > 0;
        /* by rule, the voting power says who counts (a bloc that votes, members that do not
           get 0), so those runs see the scenario as written */
        if (st == ENT_OK && a->has_forecasts_by_rule) st = run_forecasts_by_rule(s, pg, &B, opts, a, err);
        free(fpos);
        if (st != ENT_OK) return st;
    }
    if (ent_progress_tick(pg, "analyze", 2, 5)) return ent_i_interrupted(err, "analyze");
    if (a->has_proposals) {
        ent_proposals_opts_t po;
        ent_proposals_opts_init(&po);
        po.progress = *pg;
        po.no_position = opts->no_position;
        po.verdicts_only = gv ? gv->verdicts_only : 0;
        if ((st = ent_i_proposals_run(s, &po, gv ? gv->ws : NULL, &a->proposals, err)) != ENT_OK) return st;
    }
    if (ent_progress_tick(pg, "analyze", 3, 5)) return ent_i_interrupted(err, "analyze");
    if (a->has_sequence && gv && gv->sequence)
        a->sequence = *gv->sequence;  /* borrowed (analyze_i.h) */
    else if (a->has_sequence) {
        ent_sequence_opts_t so;
        ent_sequence_opts_init(&so);
        so.progress = *pg;
        if ((st = ent_sequence_analyze(s, &so, &a->sequence, err)) != ENT_OK) return st;
    }
    if (ent_progress_tick(pg, "analyze", 4, 5)) return ent_i_interrupted(err, "analyze");
    int fits;
    if (a->has_thresholds &&
        (fits = budget_fits(&B, ENT_ANALYZE_PART_THRESHOLDS, NULL, -1,
                            ent_analyze_estimate(s, opts, ENT_ANALYZE_PART_THRESHOLDS, NULL), NULL)) <= 0) {
        if (fits < 0) return oom(err);
        a->has_thresholds = 0;
    }
    if (a->has_sensitivity &&
        (fits = budget_fits(&B, ENT_ANALYZE_PART_SENSITIVITY, NULL, -1,
                            ent_analyze_estimate(s, opts, ENT_ANALYZE_PART_SENSITIVITY, NULL), NULL)) <= 0) {
        if (fits < 0) return oom(err);
        a->has_sensitivity = 0;
    }
    if (a->has_thresholds) {
        ent_threshold_opts_t to = opts->threshold_opts;
        to.no_position = opts->no_position;
        to.progress = *pg;
        if ((st = ent_thresholds_compute(s, &to, &a->thresholds, err)) != ENT_OK) return st;
    }
    if (a->has_sensitivity && (st = run_sensitivity(s, opts, a, err)) != ENT_OK) return st;
    return ENT_OK;
}

ent_status_t ent_i_analyze_run_given(const ent_scenario_t *s, const ent_analyze_opts_t *opts,
                                     const ent_i_analyze_given_t *given, ent_analyze_t *out, ent_error_t *err)
{
    ent_analyze_opts_t dflt;
    if (!opts) { ent_analyze_opts_init(&dflt); opts = &dflt; }
    ent_analyze_init(out);
    if (!s) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "no scenario");
    ent_status_t st = run_parts(s, opts, given, out, err);
    if (st == ENT_OK) {
        items_t L = {out, 0, 0};
        if (out->has_guarantee) summary_guarantee(&out->guarantee, &L);
        if (out->has_proposals) summary_proposals(s, &out->proposals, &L);
        summary_rest(s, out, &L);
        if (L.oom) st = oom(err);
    }
    if (st != ENT_OK) {
        if (given && given->guarantee) ent_guarantee_init(&out->guarantee);  /* the caller's */
        if (given && given->sequence) ent_sequence_init(&out->sequence);
        ent_analyze_destroy(out);
    }
    return st;
}

ent_status_t ent_analyze_run(const ent_scenario_t *s, const ent_analyze_opts_t *opts, ent_analyze_t *out,
                             ent_error_t *err)
{
    return ent_i_analyze_run_given(s, opts, NULL, out, err);
}
