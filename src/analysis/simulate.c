/* SPDX-License-Identifier: MIT */
/* simulate.c — ent_simulate_run: Monte Carlo over the codings of a scenario (issue 13;
 * docs/analyses.md §6; API in entente/simulate.h).
 *
 * 1. Inputs. The scenario's `uncertainty:` section (src/scenario/uncertainty.c) is expanded
 *    into a fixed list of inputs, in scenario order: each actor's capability, then actor by
 *    actor and issue by issue each position coordinate, salience and per-position capability,
 *    then numeric attributes, then the p_insisted preconditions. Input k of draw d takes the
 *    uniform number U(seed, d, k) and turns it into a value by the inverse CDF of its law.
 * 2. Generator. U is counter-based (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as
 *    easy as 1, 2, 3", SC 2011): no state, a hash of (seed, draw, input) through three rounds
 *    of the SplitMix64 finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number
 *    generators", OOPSLA 2014; constants of Stafford's Mix13), the top 53 bits mapped to the
 *    open interval (0, 1). A draw's values therefore do not depend on which thread computes
 *    it, nor on the other draws.
 * 3. Laws. uniform; triangular (closed-form inverse CDF); choice and empirical (a cumulative
 *    search); normal truncated to the value's range by inverse-CDF sampling of the truncated
 *    law: p = Phi(a) + U (Phi(b) - Phi(a)), x = mu + sd Phi^-1(p), with Phi^-1 by Acklam's
 *    rational approximation refined by one Halley step on erfc (relative error ~1e-15).
 * 4. Draws. Each worker thread holds its own copy of the scenario (emitted and read back:
 *    the canonical form loads to an equal scenario), writes the draw's values into it, drops
 *    the preconditions not insisted on (a filtered view of the step's array, restored after),
 *    runs ent_analyze_run (sensitivity, thresholds, forecasts by rule and the voting-power
 *    table off) and stores the draw's
 *    outputs in column arrays indexed by draw. Draws are handed out by an atomic counter.
 *    Per thread and kept across its draws: the scenario copy, the guarantee memo (below), and
 *    one win-set context (LP memo, certificates, minimal winning coalitions; winset.h) when
 *    the draws move only positions, saliences, capabilities and p_insisted; the proposals
 *    run verdicts-only (the flags, not the witness or distance, are outputs), with the
 *    context's searched points before each LP and its compiled rules (winset.h); every part
 *    runs on the worker's own thread (no inner threads, no sysconf per call); the sequencing
 *    is the nominal one when no input it reads is drawn (sequence_fixed). A sink
 *    (ent_sim_sink_t) gets the per-draw table in batches from the calling thread, in draw
 *    order, while the draws go on.
 * 5. Aggregates are computed after all draws, each over its column in draw order (sums,
 *    sorted copies for the quantiles, counts), so the bits do not depend on the threads.
 * 6. Above opts.exact_limit draws (10^6 by default) the draws run in blocks of
 *    min(exact_limit, 65536), and after each block the calling thread folds its columns, in
 *    draw order, into streamed aggregates and drops them: counts for flags, lines and
 *    categories; the sum in draw order (the mean) and Welford's recurrence (Welford 1962,
 *    "Note on a method for calculating corrected sums of squares", Technometrics 4) for the
 *    sd; the quantiles from the deterministic compactor summary of quantile.h (Manku,
 *    Rajagopalan & Lindsay 1998; Karnin, Lang & Liberty 2016), whose proven rank-error bound
 *    each output carries (q_error). The values reach the aggregates in draw order whoever
 *    computed them, so the bits still do not depend on the threads, nor on MPI ranks nor on
 *    a re-aggregation of the table (ent_simulate_aggregate, which folds it the same way).
 *
 * Complexity: draws × (one analyze run + O(inputs)); aggregation O(outputs × draws log draws).
 * Memory: up to exact_limit draws, 8 bytes × (outputs + summary lines + 1) × draws for the
 * columns and the drop-set pointers, plus the drop-set label of each draw where the chain is
 * circular; above it, the same for one block of 65536 draws (about 0.5 MiB per output) plus
 * per number the quantile summary, 8 × 16384 × (log2(draws / 16384) + 2) bytes (1.2 MiB at
 * 4·10^6 draws, 2.2 MiB at 10^9). With keep_draws, 8 × (inputs + outputs + lines) × draws
 * more, whatever the draws.
 */
#include "entente/simulate.h"
#include "entente/forecast.h"
#include "analysis/analyze_i.h"
#include "analysis/quantile.h"
#include "scenario/numfmt.h"
#include "scenario/uncertainty.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- generator */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

double ent_simulate_uniform(uint64_t seed, uint64_t draw, uint64_t input)
{
    uint64_t h = mix64(seed + UINT64_C(0x9e3779b97f4a7c15));
    h = mix64(h ^ (draw * UINT64_C(0x9e3779b97f4a7c15) + UINT64_C(0x632be59bd9b4e019)));
    h = mix64(h ^ (input * UINT64_C(0xd1b54a32d192ed03) + UINT64_C(0x8cb92ba72f3d8dd7)));
    return ((double)(h >> 11) + 0.5) * 0x1.0p-53;
}

/* ---------------------------------------------------------------- laws */

static double phi_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* Acklam's inverse normal CDF with one Halley refinement; p in (0, 1). */
static double phi_inv(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double q, r, x;
    if (p <= 0) return -INFINITY;
    if (p >= 1) return INFINITY;
    if (p < 0.02425) {
        q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
        q = p - 0.5;
        r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        q = sqrt(-2 * log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double e = phi_cdf(x) - p, u = e * sqrt(2 * M_PI) * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Normal(mu, sd) truncated to [lo, hi] (mu inside), by the inverse CDF. */
static double trunc_normal(double u, double mu, double sd, double lo, double hi)
{
    if (!(sd > 0)) return clampd(mu, lo, hi);
    double pa = phi_cdf((lo - mu) / sd), pb = phi_cdf((hi - mu) / sd);
    double x = mu + sd * phi_inv(pa + u * (pb - pa));
    return clampd(x, lo, hi);  /* rounding only */
}

static double sample_dist(const ent_dist_t *d, double u, double nominal, double lo, double hi)
{
    switch (d->kind) {
    case ENT_DIST_UNIFORM: return d->a + u * (d->b - d->a);
    case ENT_DIST_NORMAL: return trunc_normal(u, isnan(d->a) ? nominal : d->a, d->b, lo, hi);
    case ENT_DIST_TRIANGULAR: {
        double a = d->a, m = d->b, b = d->c;
        if (!(b > a)) return a;
        double f = (m - a) / (b - a);
        return u < f ? a + sqrt(u * (b - a) * (m - a)) : b - sqrt((1 - u) * (b - a) * (b - m));
    }
    case ENT_DIST_CHOICE: {
        double cum = 0;
        for (size_t i = 0; i + 1 < d->n; i++) {
            cum += d->p[i];
            if (u < cum) return d->values[i];
        }
        return d->values[d->n - 1];
    }
    default: {
        size_t i = (size_t)(u * (double)d->n);
        return d->values[i < d->n ? i : d->n - 1];
    }
    }
}

/* ---------------------------------------------------------------- inputs */

typedef struct {
    int insist;                    /* 1: a p_insisted entry (index `ins`) */
    ent_unc_target_t target;
    size_t actor, issue, dim, ins;
    const ent_dist_t *dist;        /* NULL: the default `def` */
    const ent_unc_default_t *def;
    double nominal, lo, hi;
} input_t;

typedef struct {
    size_t n, cap;
    input_t *v;
    /* correlated groups: per group its inputs and the factor L of its matrix */
    size_t ngroups;
    size_t **gin;        /* ngroups arrays of the members' input indices */
    double **gl;         /* ngroups factors (n × n) */
    size_t maxg;         /* the largest group */
} inputs_t;

static int push_input(inputs_t *in, const input_t *x)
{
    if (in->n == in->cap) {
        size_t nc = in->cap ? 2 * in->cap : 64;
        input_t *nv = realloc(in->v, nc * sizeof *nv);
        if (!nv) return -1;
        in->v = nv;
        in->cap = nc;
    }
    in->v[in->n++] = *x;
    return 0;
}

static const ent_dist_t *find_dist(const ent_uncertainty_t *u, ent_unc_target_t t, size_t a, size_t i, size_t d)
{
    for (size_t k = 0; k < u->nvalues; k++) {
        const ent_unc_value_t *v = &u->values[k];
        if (v->target == t && v->actor == a && v->issue == i && v->dim == d) return &v->dist;
    }
    return NULL;
}

static int has_def(const ent_unc_default_t *d) { return !isnan(d->sd) || !isnan(d->relative); }

/* Add the input of one value when it has a distribution or its kind a default. */
static int add_value(inputs_t *in, const ent_uncertainty_t *u, ent_unc_target_t t, size_t a, size_t i, size_t d,
                     const ent_unc_default_t *def, double nominal, double lo, double hi)
{
    const ent_dist_t *dist = find_dist(u, t, a, i, d);
    if (!dist && (!def || !has_def(def))) return 0;
    input_t x = {0, t, a, i, d, 0, dist, def, nominal, lo, hi};
    return push_input(in, &x);
}

/* The inputs of s in their fixed order (file header). O(values × entries of `values`). */
static int list_inputs(const ent_scenario_t *s, inputs_t *in)
{
    const ent_uncertainty_t *u = s->uncertainty;
    if (!ent_scenario_uncertain(s)) return 0;
    for (size_t a = 0; a < s->nactors; a++)
        if (add_value(in, u, ENT_UNC_CAPABILITY, a, 0, 0, &u->capability, s->actors[a].capability, 0, ENT_I_NUM_MAX))
            return -1;
    for (size_t a = 0; a < s->nactors; a++)
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            const ent_issue_t *is = &s->issues[i];
            if (!p->present) continue;
            for (size_t d = 0; d < is->ndim; d++)
                if (add_value(in, u, ENT_UNC_POSITION, a, i, d, &u->position, p->x[d], is->lo[d], is->hi[d]) ||
                    add_value(in, u, ENT_UNC_SALIENCE, a, i, d, &u->salience, p->sal[d], 0, s->salience_scale))
                    return -1;
            if (!isnan(p->capability) &&
                add_value(in, u, ENT_UNC_POS_CAPABILITY, a, i, 0, &u->capability, p->capability, 0, ENT_I_NUM_MAX))
                return -1;
        }
    for (size_t a = 0; a < s->nactors; a++)
        for (size_t k = 0; k < s->actors[a].nattrs; k++)
            if (!isnan(s->actors[a].attrs[k].num) &&
                add_value(in, u, ENT_UNC_ATTRIBUTE, a, 0, k, NULL, s->actors[a].attrs[k].num, 0, ENT_I_NUM_MAX))
                return -1;
    for (size_t k = 0; k < u->ninsist; k++) {
        input_t x = {1, 0, 0, 0, 0, k, NULL, NULL, 1, 0, 1};
        if (push_input(in, &x)) return -1;
    }
    return 0;
}

/* The input of a group member; -1 when absent (cannot happen: a member has a law). */
static long find_input(const inputs_t *in, const ent_unc_ref_t *r)
{
    for (size_t k = 0; k < in->n; k++) {
        const input_t *x = &in->v[k];
        if (!x->insist && x->target == r->target && x->actor == r->actor && x->issue == r->issue && x->dim == r->dim)
            return (long)k;
    }
    return -1;
}

/* The groups' members and factors (after list_inputs). */
static int list_groups(const ent_scenario_t *s, inputs_t *in)
{
    const ent_uncertainty_t *u = s->uncertainty;
    if (!u || !u->ngroups) return 0;
    in->gin = calloc(u->ngroups, sizeof *in->gin);
    in->gl = calloc(u->ngroups, sizeof *in->gl);
    if (!in->gin || !in->gl) return -1;
    in->ngroups = u->ngroups;
    for (size_t g = 0; g < u->ngroups; g++) {
        const ent_unc_group_t *x = &u->groups[g];
        if (!(in->gin[g] = malloc(x->n * sizeof *in->gin[g])) || !(in->gl[g] = malloc(x->n * x->n * sizeof *in->gl[g])))
            return -1;
        for (size_t i = 0; i < x->n; i++) {
            long k = find_input(in, &x->values[i]);
            if (k < 0) return -1;
            in->gin[g][i] = (size_t)k;
        }
        if (ent_i_corr_factor(x->corr, x->n, in->gl[g])) return -1;
        if (x->n > in->maxg) in->maxg = x->n;
    }
    return 0;
}

static void free_inputs(inputs_t *in)
{
    for (size_t g = 0; g < in->ngroups; g++) {
        if (in->gin) free(in->gin[g]);
        if (in->gl) free(in->gl[g]);
    }
    free(in->gin);
    free(in->gl);
    free(in->v);
}

static double draw_input(const ent_scenario_t *s, const input_t *x, double u)
{
    if (x->insist) return u < s->uncertainty->insist[x->ins].p ? 1 : 0;
    if (x->dist) return sample_dist(x->dist, u, x->nominal, x->lo, x->hi);
    const ent_unc_default_t *d = x->def;
    if (!isnan(d->sd)) return trunc_normal(u, x->nominal, d->sd, x->lo, x->hi);
    double w = d->relative * fabs(x->nominal);
    double lo = x->nominal - w > x->lo ? x->nominal - w : x->lo, hi = x->nominal + w < x->hi ? x->nominal + w : x->hi;
    return lo + u * (hi - lo);
}

static void input_name(const ent_scenario_t *s, const input_t *x, ent_buf_t *b)
{
    if (x->insist) {
        const ent_unc_insist_t *q = &s->uncertainty->insist[x->ins];
        ent_buf_printf(b, "p_insisted.%s:%s", s->steps[q->step].id, s->steps[q->req].id);
        return;
    }
    ent_unc_value_t v = {x->target, x->actor, x->issue, x->dim, {0}, {0, 0}};
    ent_i_uncertainty_path(s, &v, b);
}

/* ---------------------------------------------------------------- outputs */

enum { O_FORECAST, O_VERDICT, O_PASSES, O_DEAD, O_BETTER, O_WINSET, O_DESIGN, O_VETO, O_CIRCULAR, O_DROPCOST,
       O_DROPSET };

typedef struct {
    int what;
    ent_sim_kind_t kind;
    size_t m, i, d;   /* model / proposal / winset / guarantee row, issue, dimension */
} outdef_t;

static const char *const design_label[] = {"no_say", "blocks_alone", "blocks_with_partners", "cannot_block"};

static int rule_veto(const ent_guarantee_row_t *row, long actor)
{
    for (size_t k = 0; k < row->nveto; k++)
        if ((long)row->veto[k] == actor) return 1;
    return 0;
}

/* The outputs the nominal analysis supports, with their names. */
static int list_outputs(const ent_scenario_t *s, const ent_analyze_t *a, outdef_t **out, char ***names, size_t *n)
{
    size_t cap = 16 + a->nmodels * 2 * (s->nissues * 2 + 1) + a->proposals.nproposals * 3 + a->proposals.nwinsets +
                 a->guarantee.nrows * 2 + 3;
    for (size_t i = 0; i < s->nissues; i++) cap += a->nmodels * s->issues[i].ndim;
    outdef_t *o = calloc(cap, sizeof *o);
    char **nm = calloc(cap, sizeof *nm);
    if (!o || !nm) { free(o); free(nm); return -1; }
    size_t k = 0;
    ent_buf_t b = ENT_BUF_INIT;
#define ADD(W, K, M, I, D, ...) do { o[k] = (outdef_t){W, K, M, I, D}; ent_buf_printf(&b, __VA_ARGS__); \
        nm[k++] = ent_buf_take(&b); b = (ent_buf_t)ENT_BUF_INIT; } while (0)
    for (size_t m = 0; m < a->nmodels; m++)
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_issue_t *is = &s->issues[i];
            for (size_t d = 0; d < is->ndim; d++) {
                if (is->ndim > 1) ADD(O_FORECAST, ENT_SIM_NUMBER, m, i, d, "forecast.%s.%s[%zu]", a->model[m], is->id, d + 1);
                else ADD(O_FORECAST, ENT_SIM_NUMBER, m, i, d, "forecast.%s.%s", a->model[m], is->id);
            }
            ADD(O_VERDICT, ENT_SIM_CATEGORY, m, i, 0, "verdict.%s.%s", a->model[m], is->id);
        }
    for (size_t p = 0; p < a->proposals.nproposals; p++) {
        const char *id = s->proposals[a->proposals.eval[p].proposal].id;
        ADD(O_PASSES, ENT_SIM_FLAG, p, 0, 0, "proposal.%s.passes", id);
        ADD(O_DEAD, ENT_SIM_FLAG, p, 0, 0, "proposal.%s.dead_on_arrival", id);
        ADD(O_BETTER, ENT_SIM_FLAG, p, 0, 0, "proposal.%s.better_offer_existed", id);
    }
    for (size_t w = 0; w < a->proposals.nwinsets; w++)
        ADD(O_WINSET, ENT_SIM_FLAG, w, 0, 0, "winset.%s.empty", s->rules[a->proposals.winset[w].rule].id);
    for (size_t r = 0; r < a->guarantee.nrows; r++) {
        const char *rid = s->rules[a->guarantee.rows[r].rule].id;
        ADD(O_DESIGN, ENT_SIM_CATEGORY, r, 0, 0, "guarantee.%s.verdict", rid);
        if (a->guarantee.aggressor >= 0)
            ADD(O_VETO, ENT_SIM_FLAG, r, 0, 0, "guarantee.%s.veto.%s", rid, s->actors[a->guarantee.aggressor].id);
    }
    if (a->has_sequence) {
        ADD(O_CIRCULAR, ENT_SIM_FLAG, 0, 0, 0, "sequence.circular");
        ADD(O_DROPCOST, ENT_SIM_NUMBER, 0, 0, 0, "sequence.drop_cost");
        ADD(O_DROPSET, ENT_SIM_CATEGORY, 0, 0, 0, "sequence.drop_set");
    }
#undef ADD
    ent_buf_free(&b);
    *out = o;
    *names = nm;
    *n = k;
    for (size_t j = 0; j < k; j++)
        if (!nm[j]) return -1;
    return 0;
}

/* The drop set of a draw as text: "summit<experts; election<ceasefire" (step ids). */
static char *drop_label(const ent_scenario_t *s, const ent_sequence_t *q)
{
    ent_buf_t b = ENT_BUF_INIT;
    for (size_t i = 0; i < q->ndrop; i++) {
        const ent_seq_arc_t *arc = &q->drop[i];
        const ent_precond_t *pc = &s->steps[arc->step].pre[arc->pre];
        ent_buf_printf(&b, "%s%s<", i ? "; " : "", s->steps[arc->step].id);
        for (size_t k = 0; k < pc->nsteps; k++) ent_buf_printf(&b, "%s%s", k ? "|" : "", s->steps[pc->steps[k]].id);
    }
    if (!q->ndrop) ent_buf_puts(&b, "(none)");
    return ent_buf_take(&b);
}

/* The value of output o in analysis a (NaN when undefined); *label receives a drop set. */
static double output_value(const ent_scenario_t *s, const ent_analyze_t *a, const outdef_t *o, char **label)
{
    switch (o->what) {
    case O_FORECAST:
    case O_VERDICT: {
        if (o->m >= a->nmodels || a->model_error[o->m].status != ENT_OK) return NAN;
        const ent_forecast_t *f = &a->forecast[o->m];
        if (!f->outcome || !f->outcome[o->i]) return NAN;
        if (o->what == O_FORECAST) return f->outcome[o->i][o->d];
        return f->tracks ? (double)f->tracks[o->i].verdict.kind : (double)ENT_VERDICT_NONE;
    }
    case O_PASSES:
    case O_DEAD:
    case O_BETTER: {
        if (o->m >= a->proposals.nproposals) return NAN;
        const ent_proposal_eval_t *e = &a->proposals.eval[o->m];
        if (e->sq_missing) return NAN;
        return o->what == O_PASSES ? e->passes != 0 : o->what == O_DEAD ? e->dead_on_arrival != 0
                                                                         : e->better_offer_existed != 0;
    }
    case O_WINSET: {
        if (o->m >= a->proposals.nwinsets) return NAN;
        ent_winset_status_t j = a->proposals.winset[o->m].joint;
        return j == ENT_WINSET_UNKNOWN ? NAN : j == ENT_WINSET_EMPTY;
    }
    case O_DESIGN:
        return o->m < a->guarantee.nrows ? (double)a->guarantee.rows[o->m].verdict : NAN;
    case O_VETO:
        return o->m < a->guarantee.nrows ? rule_veto(&a->guarantee.rows[o->m], a->guarantee.aggressor) : NAN;
    case O_CIRCULAR:
        return a->has_sequence ? a->sequence.circular != 0 : NAN;
    case O_DROPCOST:
        return a->has_sequence && a->sequence.circular ? a->sequence.drop_cost : NAN;
    default:
        if (!a->has_sequence) return NAN;
        *label = drop_label(s, &a->sequence);
        return 0;
    }
}

/* Does nominal summary item `it` hold in analysis a? Same kind and subjects (and verdict
 * for a design; the same number of rules for a veto player). */
static int item_holds(const ent_analyze_item_t *it, const ent_analyze_t *a)
{
    for (size_t k = 0; k < a->nitems; k++) {
        const ent_analyze_item_t *x = &a->items[k];
        if (x->kind != it->kind || x->actor != it->actor || x->rule != it->rule || x->proposal != it->proposal ||
            x->step != it->step || x->issue != it->issue)
            continue;
        if (it->kind == ENT_ANALYZE_DESIGN && x->verdict != it->verdict) continue;
        if (it->kind == ENT_ANALYZE_VETO_PLAYER && x->count != it->count) continue;
        return 1;
    }
    return 0;
}

static int line_kind(ent_analyze_kind_t k)
{
    return k != ENT_ANALYZE_FORECAST && k != ENT_ANALYZE_SENSITIVITY_FLIPS && k != ENT_ANALYZE_SENSITIVITY_LATER &&
           k != ENT_ANALYZE_SENSITIVITY_NONE && k != ENT_ANALYZE_THRESHOLDS && k != ENT_ANALYZE_NOTHING;
}

/* ---------------------------------------------------------------- guarantee memo */

/* The guarantee part of analyze (src/analysis/guarantee.c) reads the rules, the weights
 * (capabilities, attributes), the aggressor (fixed by those) and its partners (the actors
 * within 10 points of it on the first issue where it takes a position). When no weight is
 * uncertain it is a function of the partner set alone; each worker keeps the results of up
 * to GMEMO sets, computed by a real run whose own group confirmed the key. */
enum { GMEMO = 32 };

typedef struct {
    unsigned char *key;            /* nactors flags: the aggressor and its partners */
    ent_guarantee_t g;
} gmemo_t;

static int guarantee_fixed(const ent_scenario_t *s, const inputs_t *in, const ent_analyze_t *nominal)
{
    if (!s->nrules || !nominal->has_guarantee || nominal->guarantee.aggressor < 0) return 0;
    for (size_t k = 0; k < in->n; k++)
        if (!in->v[k].insist && in->v[k].target != ENT_UNC_POSITION && in->v[k].target != ENT_UNC_SALIENCE) return 0;
    return 1;
}

/* May one win-set context serve every draw of a thread? Its coalition lists are keyed by
 * the rule, abstentions and capabilities (winset.h), not by the actors' other attributes,
 * which a rule may read as weights; positions, saliences and p_insisted do not enter. */
static int ws_reusable(const inputs_t *in)
{
    for (size_t k = 0; k < in->n; k++)
        if (!in->v[k].insist && in->v[k].target != ENT_UNC_POSITION && in->v[k].target != ENT_UNC_SALIENCE &&
            in->v[k].target != ENT_UNC_CAPABILITY)
            return 0;
    return 1;
}

/* Can the nominal sequencing stand for every draw's? sequence.c reads the steps, their
 * preconditions (with the saliences of insistence) and the actors' capabilities; a draw
 * changes none of them unless it draws a capability, an attribute (kept apart to be safe)
 * or a p_insisted. Then each draw borrows the nominal result (analyze_i.h) instead of
 * rerunning the branch and bound: the same result, since the analysis is deterministic. */
static int sequence_fixed(const inputs_t *in, const ent_analyze_t *nominal)
{
    if (!nominal->has_sequence) return 0;
    for (size_t k = 0; k < in->n; k++)
        if (in->v[k].insist || in->v[k].target == ENT_UNC_CAPABILITY || in->v[k].target == ENT_UNC_ATTRIBUTE)
            return 0;
    return 1;
}

/* The partner set of the draw in w (guarantee.c's default rule), into key. */
static void partner_key(const ent_scenario_t *w, size_t x, unsigned char *key)
{
    memset(key, 0, w->nactors);
    key[x] = 1;
    for (size_t i = 0; i < w->nissues; i++) {
        const ent_position_t *px = ent_scenario_pos(w, x, i);
        if (!px->present) continue;
        for (size_t a = 0; a < w->nactors; a++) {
            const ent_position_t *pa = ent_scenario_pos(w, a, i);
            if (a == x || !pa->present) continue;
            double d = 0;
            for (size_t k = 0; k < w->issues[i].ndim; k++) d += (pa->x[k] - px->x[k]) * (pa->x[k] - px->x[k]);
            if (sqrt(d) < 10) key[a] = 1;
        }
        break;
    }
}

/* Does the group of g (ascending actor indices) hold exactly the actors of key? */
static int group_is(const ent_guarantee_t *g, const unsigned char *key, size_t na)
{
    size_t m = 0;
    for (size_t a = 0; a < na; a++)
        if (key[a]) {
            if (m >= g->ngroup || g->group[m] != a) return 0;
            m++;
        }
    return m == g->ngroup;
}

/* ---------------------------------------------------------------- the run */

typedef struct {
    const ent_scenario_t *s;
    const ent_simulate_opts_t *opts;
    const inputs_t *in;
    const outdef_t *od;
    size_t nout, nlines;
    const size_t *line_item;       /* nlines items of the nominal analysis */
    const ent_analyze_t *nominal;
    int gmemo;                     /* guarantee memo allowed (guarantee_fixed) */
    int ws_reuse;                  /* a win-set context per thread allowed (ws_reusable) */
    int seq_fixed;                 /* the nominal sequencing serves every draw (sequence_fixed) */
    const char *const *models;     /* the forecast models run, or NULL: every one */
    double *col;                   /* (nout + nlines) × draws: col[o * draws + d] */
    char **dropset;                /* draws labels, or NULL */
    double *drawn;                 /* keep_draws: draws × ninputs */
    size_t rows;                   /* draws, or the Sobol design's rows */
    size_t sobol_n, sobol_k;       /* Sobol design (rows = sobol_n (sobol_k + 2)); 0 = plain draws */
    size_t row0;                   /* this run's rows are row0 .. row0 + rows - 1 of the draws (a
                                      block of a streamed run) or of the Sobol design */
    size_t prog_base, prog_total;  /* progress: runs done before this block, runs in all (0: rows) */
    atomic_size_t next, done;
    atomic_int stop;
    const ent_sim_sink_t *sink;    /* the per-draw table's sink during the draws, or NULL */
    atomic_uchar *fin;             /* with a sink: draws finished (their columns written) */
    size_t flushed;                /* with a sink: draws handed over (a prefix) */
    pthread_mutex_t lock;          /* guards the first error */
    ent_status_t st;
    ent_error_t err;
    size_t err_draw;
} shared_t;

typedef struct {
    shared_t *sh;
    pthread_t tid;
} worker_t;

static void set_error(shared_t *sh, size_t draw, ent_status_t st, const ent_error_t *e)
{
    pthread_mutex_lock(&sh->lock);
    if (sh->st == ENT_OK || draw < sh->err_draw) {  /* keep the earliest draw's error */
        sh->st = st;
        sh->err = *e;
        sh->err_draw = draw;
    }
    pthread_mutex_unlock(&sh->lock);
    atomic_store(&sh->stop, 1);
}

/* The uniform number of input k in row r: draw r, or in the Sobol design (Saltelli 2010) row
 * r = b n + d of block b: A (b = 0) takes draw d, B (b = 1) draw n + d, AB_i (b = 2 + i) draw d
 * except input i, which takes B's. */
static double row_u(const shared_t *sh, size_t r, size_t k)
{
    if (!sh->sobol_n) return ent_simulate_uniform(sh->opts->seed, sh->opts->first_draw + r, k);
    size_t b = r / sh->sobol_n, d = r % sh->sobol_n;
    int from_b = b == 1 || (b >= 2 && k == b - 2);
    return ent_simulate_uniform(sh->opts->seed, from_b ? sh->sobol_n + d : d, k);
}

/* The uniforms of every input in row r (uu, in->n of them): row_u, then each correlated
 * group's through the Gaussian copula: e_j = Phi^-1(u_j), z = L e, u_j = Phi(z_j). z holds
 * maxg doubles. */
static void row_uniforms(const shared_t *sh, size_t r, double *uu, double *z)
{
    const inputs_t *in = sh->in;
    for (size_t k = 0; k < in->n; k++) uu[k] = row_u(sh, r, k);
    for (size_t g = 0; g < in->ngroups; g++) {
        size_t m = sh->s->uncertainty->groups[g].n;
        const double *l = in->gl[g];
        for (size_t i = 0; i < m; i++) {
            double acc = 0;
            for (size_t j = 0; j <= i; j++) acc += l[i * m + j] * phi_inv(uu[in->gin[g][j]]);
            z[i] = acc;
        }
        for (size_t i = 0; i < m; i++) {
            double v = phi_cdf(z[i]);
            uu[in->gin[g][i]] = v <= 0 ? 0x1.0p-54 : v >= 1 ? 1 - 0x1.0p-53 : v;
        }
    }
}

/* Write draw d's values into the working copy w; p_insisted drops go into the steps' views. */
static void apply_draw(shared_t *sh, ent_scenario_t *w, ent_precond_t **view, size_t d, double *row, double *uu,
                       double *z)
{
    const ent_scenario_t *s = sh->s;
    const ent_uncertainty_t *u = s->uncertainty;
    row_uniforms(sh, d, uu, z);
    for (size_t k = 0; k < sh->in->n; k++) {
        const input_t *x = &sh->in->v[k];
        double v = draw_input(s, x, uu[k]);
        if (row) row[k] = v;
        if (x->insist) continue;
        switch (x->target) {
        case ENT_UNC_CAPABILITY: w->actors[x->actor].capability = v; break;
        case ENT_UNC_POSITION: ent_scenario_pos_mut(w, x->actor, x->issue)->x[x->dim] = v; break;
        case ENT_UNC_SALIENCE: ent_scenario_pos_mut(w, x->actor, x->issue)->sal[x->dim] = v; break;
        case ENT_UNC_POS_CAPABILITY: ent_scenario_pos_mut(w, x->actor, x->issue)->capability = v; break;
        default: w->actors[x->actor].attrs[x->dim].num = v; break;
        }
    }
    if (!u || !u->ninsist) return;
    /* the steps with a p_insisted: their preconditions, the dropped ones left out */
    for (size_t st = 0; st < s->nsteps; st++) {
        if (!view[st]) continue;
        size_t m = 0;
        for (size_t q = 0; q < s->steps[st].npre; q++) {
            int kept = 1;
            for (size_t k = 0, base = sh->in->n - u->ninsist; k < u->ninsist; k++)
                if (u->insist[k].step == st && u->insist[k].pre == q)
                    kept = draw_input(s, &sh->in->v[base + k], uu[base + k]) != 0;
            if (kept) view[st][m++] = s->steps[st].pre[q];
        }
        w->steps[st].pre = view[st];
        w->steps[st].npre = m;
    }
}

/* One worker thread: its state kept across draws (the scenario copy, the precondition views,
 * the guarantee memo, the win-set context), the draws, then that state freed. Over 100 lines
 * because the state is set up, used and torn down together, and split it would travel as a
 * struct of a dozen fields. */
static void *worker(void *arg)
{
    worker_t *wk = arg;
    shared_t *sh = wk->sh;
    const ent_scenario_t *s = sh->s;
    size_t draws = sh->rows;
    ent_error_t e = {0};
    ent_scenario_t w;
    ent_scenario_init(&w);
    char *text = NULL;
    size_t len = 0;
    ent_precond_t **view = calloc(s->nsteps + 1, sizeof *view), **orig = calloc(s->nsteps + 1, sizeof *orig);
    size_t *orig_n = calloc(s->nsteps + 1, sizeof *orig_n);
    double *uu = malloc((sh->in->n + sh->in->maxg + 1) * sizeof *uu);
    ent_status_t st = view && orig && orig_n && uu ? ENT_OK : ent_error_set(&e, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    if (st == ENT_OK) st = ent_scenario_emit(s, ENT_FMT_YAML, &text, &len, &e);
    if (st == ENT_OK) st = ent_scenario_load_mem(&w, s->origin ? s->origin : "<scenario>", text, len, NULL, &e);
    free(text);
    for (size_t k = 0; st == ENT_OK && s->uncertainty && k < s->uncertainty->ninsist; k++) {
        size_t sp = s->uncertainty->insist[k].step;
        if (view[sp]) continue;
        orig[sp] = w.steps[sp].pre;
        orig_n[sp] = w.steps[sp].npre;
        if (!(view[sp] = malloc((w.steps[sp].npre + 1) * sizeof *view[sp])))
            st = ent_error_set(&e, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (st != ENT_OK) set_error(sh, 0, st, &e);
    ent_analyze_opts_t ao;
    ent_analyze_opts_init(&ao);
    ao.sensitivity = 0;
    ao.thresholds = 0;        /* a statement about the coding, not a conclusion per draw */
    ao.forecasts_by_rule = 0; /* the plain forecasts only (docs/analyses.md §6) */
    ao.power = 0;
    ao.budget = 0; /* no cost budget in the draws: every draw runs what was asked (the same parts in each) */
    ao.forecasts = sh->opts->forecasts;
    ao.no_position = sh->opts->no_position;
    gmemo_t memo[GMEMO];
    size_t nmemo = 0, na = s->nactors;
    unsigned char *key = sh->gmemo ? calloc(na + 1, 1) : NULL;
    int use_memo = key != NULL;
    /* one win-set context for every draw of this thread (its LP memo, certificates and
     * coalition lists, winset.h), when the draws differ only in what its keys cover */
    ent_i_ws_ctx_t *ws = sh->ws_reuse ? ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES) : NULL;
    ent_i_ws_ctx_search(ws, 1);  /* a point before each LP (winset.h) */
    ent_i_analyze_given_t gv = {NULL, ws, 1, sh->models, sh->seq_fixed ? &sh->nominal->sequence : NULL, 1};
    while (st == ENT_OK && !atomic_load(&sh->stop)) {
        size_t d = atomic_fetch_add(&sh->next, 1);
        if (d >= draws) break;
        /* the views point into w's own arrays: restore before apply_draw reads s's */
        apply_draw(sh, &w, view, sh->row0 + d, sh->drawn ? sh->drawn + d * sh->in->n : NULL, uu, uu + sh->in->n);
        ent_analyze_t a;
        ent_error_t de = {0};
        const ent_guarantee_t *given = NULL;
        if (use_memo) {
            partner_key(&w, (size_t)sh->nominal->guarantee.aggressor, key);
            for (size_t k = 0; k < nmemo && !given; k++)
                if (!memcmp(memo[k].key, key, na)) given = &memo[k].g;
        }
        gv.guarantee = given;
        /* without a context for every draw, one for this draw (as the proposals run would
           make), with the search on */
        if (!ws && (gv.ws = ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES))) ent_i_ws_ctx_search(gv.ws, 1);
        st = ent_i_analyze_run_given(&w, &ao, &gv, &a, &de);
        if (!ws) {
            ent_i_ws_ctx_free(gv.ws);
            gv.ws = NULL;
        }
        if (st != ENT_OK) {
            ent_error_t e2 = {0};
            ent_error_set(&e2, st, NULL, 0, 0, "draw %zu: %s", sh->row0 + d, de.msg);
            set_error(sh, d, st, &e2);
            break;
        }
        for (size_t o = 0; o < sh->nout; o++) {
            char *label = NULL;
            sh->col[o * draws + d] = output_value(&w, &a, &sh->od[o], &label);
            if (label && sh->dropset) sh->dropset[d] = label;
            else free(label);
        }
        for (size_t l = 0; l < sh->nlines; l++)
            sh->col[(sh->nout + l) * draws + d] = item_holds(&sh->nominal->items[sh->line_item[l]], &a);
        if (gv.sequence) ent_sequence_init(&a.sequence);  /* the nominal's */
        if (given) ent_guarantee_init(&a.guarantee);  /* the memo's */
        else if (use_memo && !group_is(&a.guarantee, key, na)) use_memo = 0;  /* the rule moved: stop */
        else if (use_memo && nmemo < GMEMO && (memo[nmemo].key = malloc(na + 1))) {
            memcpy(memo[nmemo].key, key, na);
            memo[nmemo++].g = a.guarantee;
            ent_guarantee_init(&a.guarantee);
        }
        ent_analyze_destroy(&a);
        if (sh->fin) atomic_store_explicit(&sh->fin[d], 1, memory_order_release);
        atomic_fetch_add(&sh->done, 1);
    }
    for (size_t sp = 0; sp < s->nsteps && view; sp++)
        if (view[sp] && orig) {
            w.steps[sp].pre = orig[sp];
            w.steps[sp].npre = orig_n[sp];
        }
    for (size_t sp = 0; view && sp < s->nsteps; sp++) free(view[sp]);
    free(view);
    free(orig);
    free(orig_n);
    free(uu);
    for (size_t k = 0; k < nmemo; k++) {
        free(memo[k].key);
        ent_guarantee_destroy(&memo[k].g);
    }
    free(key);
    ent_i_ws_ctx_free(ws);
    ent_scenario_destroy(&w);
    return NULL;
}

/* ---------------------------------------------------------------- aggregation */

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void wilson(size_t k, size_t n, double *p, double *lo, double *hi)
{
    if (!n) { *p = *lo = *hi = NAN; return; }
    const double z = 1.959963984540054;
    double ph = (double)k / (double)n, nn = (double)n, den = 1 + z * z / nn;
    double c = (ph + z * z / (2 * nn)) / den, h = z * sqrt(ph * (1 - ph) / nn + z * z / (4 * nn * nn)) / den;
    *p = ph;
    *lo = k == 0 || c - h < 0 ? 0 : c - h;
    *hi = k == n || c + h > 1 ? 1 : c + h;
}

static double quantile(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t i = (size_t)h;
    if (i + 1 >= n) return x[n - 1];
    return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

static int agg_number(const double *c, size_t draws, ent_sim_output_t *o, double *tmp)
{
    size_t n = 0;
    double sum = 0;
    for (size_t d = 0; d < draws; d++)
        if (!isnan(c[d])) { sum += c[d]; tmp[n++] = c[d]; }
    o->n = n;
    o->mean = n ? sum / (double)n : NAN;
    double ss = 0;
    for (size_t d = 0; d < draws; d++)
        if (!isnan(c[d])) ss += (c[d] - o->mean) * (c[d] - o->mean);
    o->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
    qsort(tmp, n, sizeof *tmp, cmp_double);
    static const double qs[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (int k = 0; k < 5; k++) o->q[k] = n ? quantile(tmp, n, qs[k]) : NAN;
    return 0;
}

static int cmp_cat(const void *x, const void *y)
{
    const ent_sim_cat_t *a = x, *b = y;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->label, b->label);
}

/* A category column: enum codes (labels from `names`) or, with `labels`, one string per draw.
 * Rewrites the column to the index of each draw's label in the sorted table. */
static int agg_category(double *c, size_t draws, const char *const *names, size_t nnames, char **labels,
                        ent_sim_output_t *o)
{
    size_t n = 0;
    for (size_t d = 0; d < draws; d++) n += !isnan(c[d]);
    o->n = n;
    if (!n) return 0;
    if (!labels) {
        size_t *cnt = calloc(nnames, sizeof *cnt);
        if (!cnt) return -1;
        for (size_t d = 0; d < draws; d++)
            if (!isnan(c[d])) cnt[(size_t)c[d]]++;
        o->cat = calloc(nnames, sizeof *o->cat);
        if (!o->cat) { free(cnt); return -1; }
        for (size_t k = 0; k < nnames; k++)
            if (cnt[k]) {
                o->cat[o->ncat].label = strdup(names[k]);
                o->cat[o->ncat++].count = cnt[k];
            }
        free(cnt);
    } else {
        char **v = malloc(n * sizeof *v);
        if (!v) return -1;
        size_t m = 0;
        for (size_t d = 0; d < draws; d++)
            if (!isnan(c[d])) v[m++] = labels[d];
        qsort(v, m, sizeof *v, cmp_str);
        o->cat = calloc(m, sizeof *o->cat);
        if (!o->cat) { free(v); return -1; }
        for (size_t k = 0; k < m; k++) {
            if (k && !strcmp(v[k], v[k - 1])) { o->cat[o->ncat - 1].count++; continue; }
            o->cat[o->ncat].label = strdup(v[k]);
            o->cat[o->ncat++].count = 1;
        }
        free(v);
    }
    for (size_t k = 0; k < o->ncat; k++)
        if (!o->cat[k].label) return -1;
    qsort(o->cat, o->ncat, sizeof *o->cat, cmp_cat);
    for (size_t d = 0; d < draws; d++) {   /* codes -> index into the table */
        if (isnan(c[d])) continue;
        const char *lab = labels ? labels[d] : names[(size_t)c[d]];
        for (size_t k = 0; k < o->ncat; k++)
            if (!strcmp(o->cat[k].label, lab)) { c[d] = (double)k; break; }
    }
    return 0;
}

/* ---------------------------------------------------------------- Sobol indices */

static void run_workers(shared_t *sh, unsigned nt);
static ent_status_t oom(ent_error_t *err);

/* S_i and ST_i over the rows rows[0..m) (with repetition, for the bootstrap). */
static void sobol_once(size_t n, size_t k, const double *fa, const double *fb, const double *fab, const size_t *rows,
                       size_t m, double *s, double *st, double *var)
{
    double sum = 0, ss = 0;
    size_t c = 0;
    for (size_t j = 0; j < m; j++) {
        size_t d = rows ? rows[j] : j;
        if (isnan(fa[d]) || isnan(fb[d])) continue;
        sum += fa[d] + fb[d];
        c += 2;
    }
    double mean = c ? sum / (double)c : NAN;
    for (size_t j = 0; j < m; j++) {
        size_t d = rows ? rows[j] : j;
        if (isnan(fa[d]) || isnan(fb[d])) continue;
        ss += (fa[d] - mean) * (fa[d] - mean) + (fb[d] - mean) * (fb[d] - mean);
    }
    double v = c > 2 ? ss / (double)(c - 1) : NAN, tiny = 1e-12 * (fabs(mean) > 1 ? fabs(mean) : 1);
    if (v <= tiny * tiny) v = 0;  /* rounding noise of a constant output: it does not vary */
    *var = v;
    for (size_t i = 0; i < k; i++) {
        const double *fi = fab + i * n;
        double a = 0, b = 0;
        size_t q = 0;
        for (size_t j = 0; j < m; j++) {
            size_t d = rows ? rows[j] : j;
            if (isnan(fa[d]) || isnan(fb[d]) || isnan(fi[d])) continue;
            a += (fb[d] - mean) * (fi[d] - fa[d]);  /* centred: the same expectation, less noise */
            b += (fa[d] - fi[d]) * (fa[d] - fi[d]);
            q++;
        }
        int ok = q >= 2 && v > 0;
        s[i] = ok ? a / (double)q / v : NAN;
        st[i] = ok ? b / (2.0 * (double)q) / v : NAN;
    }
}

ent_status_t ent_sobol_indices(size_t n, size_t k, const double *fa, const double *fb, const double *fab, uint64_t seed,
                               unsigned nboot, ent_sim_index_t *out, double *variance, ent_error_t *err)
{
    if (!fa || !fb || (k && !fab) || (k && !out) || !variance)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_sobol_indices: missing arrays");
    double *s = malloc((2 * k + 1) * sizeof *s), *bs = malloc((2 * k * (size_t)nboot + 1) * sizeof *bs);
    size_t *rows = malloc((n + 1) * sizeof *rows);
    if (!s || !bs || !rows) {
        free(s); free(bs); free(rows);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory in the Sobol indices");
    }
    double *st = s + k, v;
    sobol_once(n, k, fa, fb, fab, NULL, n, s, st, variance);
    for (unsigned b = 0; b < nboot; b++) {
        for (size_t j = 0; j < n; j++) {
            size_t d = (size_t)(ent_simulate_uniform(seed ^ UINT64_C(0xb0075712a9c3d5e1), b, j) * (double)n);
            rows[j] = d < n ? d : n - 1;
        }
        sobol_once(n, k, fa, fb, fab, rows, n, bs + (size_t)b * 2 * k, bs + (size_t)b * 2 * k + k, &v);
    }
    double *tmp = malloc(((size_t)nboot + 1) * sizeof *tmp);
    if (!tmp) {
        free(s); free(bs); free(rows);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory in the Sobol indices");
    }
    for (size_t i = 0; i < k; i++) {
        out[i].input = i;
        out[i].first = s[i];
        out[i].total = st[i];
        double *lo[2] = {&out[i].first_lo, &out[i].total_lo}, *hi[2] = {&out[i].first_hi, &out[i].total_hi};
        for (int w = 0; w < 2; w++) {
            size_t m = 0;
            for (unsigned b = 0; b < nboot; b++) {
                double x = bs[(size_t)b * 2 * k + (size_t)w * k + i];
                if (!isnan(x)) tmp[m++] = x;
            }
            qsort(tmp, m, sizeof *tmp, cmp_double);
            *lo[w] = m ? quantile(tmp, m, 0.025) : NAN;
            *hi[w] = m ? quantile(tmp, m, 0.975) : NAN;
        }
    }
    free(tmp);
    free(s);
    free(bs);
    free(rows);
    return ENT_OK;
}

static int cmp_index(const void *x, const void *y)
{
    const ent_sim_index_t *a = x, *b = y;
    double ta = isnan(a->total) ? -1 : a->total, tb = isnan(b->total) ? -1 : b->total;
    if (ta != tb) return ta > tb ? -1 : 1;
    return (a->input > b->input) - (a->input < b->input);
}

/* The indices of every number and flag from the design's values col (nout × rows, output
 * by output: col[o * rows + r]). */
static ent_status_t sobol_from(const shared_t *sh, const double *col, size_t n, size_t k, ent_simulation_t *out,
                               ent_error_t *err)
{
    const ent_simulate_opts_t *opts = sh->opts;
    size_t rows = n * (k + 2), nout = sh->nout;
    ent_status_t st = ENT_OK;
    out->sobol = calloc(nout + 1, sizeof *out->sobol);
    if (!out->sobol) return oom(err);
    for (size_t o = 0; o < nout; o++) {
        if (out->outputs[o].kind == ENT_SIM_CATEGORY) continue;
        const double *c = col + o * rows;
        ent_sim_index_t *idx = calloc(k + 1, sizeof *idx);
        double v;
        if (!idx) { st = oom(err); break; }
        if ((st = ent_sobol_indices(n, k, c, c + n, c + 2 * n, opts->seed, opts->bootstrap, idx, &v, err)) != ENT_OK) {
            free(idx);
            break;
        }
        if (!(v > 0)) { free(idx); continue; }
        qsort(idx, k, sizeof *idx, cmp_index);
        ent_sim_sobol_t *x = &out->sobol[out->nsobol++];
        x->output = o;
        x->variance = v;
        x->idx = idx;
        for (size_t d = 0; d < n; d++) x->n += !isnan(c[d]) && !isnan(c[n + d]);
    }
    if (st == ENT_OK) {
        out->sobol_n = n;
        out->sobol_inputs = k;
        out->sobol_runs = rows;
    }
    return st;
}

/* The Sobol design's runs (after the draws) and the indices of every number and flag; with
 * opts->sobol_count, rows sobol_first .. sobol_first + sobol_count - 1 alone, their values
 * kept in out->sobol_values and no index (a slice: another process has the rest). */
static ent_status_t run_sobol(shared_t *main_sh, unsigned nt, ent_simulation_t *out, ent_error_t *err)
{
    const ent_simulate_opts_t *opts = main_sh->opts;
    size_t n = opts->sobol, k = main_sh->in->n < ENT_SOBOL_MAX_INPUTS ? main_sh->in->n : ENT_SOBOL_MAX_INPUTS;
    size_t all = n * (k + 2), nout = main_sh->nout;
    size_t row0 = opts->sobol_count ? opts->sobol_first : 0, rows = opts->sobol_count ? opts->sobol_count : all;
    if (row0 > all || rows > all - row0)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "Sobol rows %zu + %zu; the design has %zu", row0, rows, all);
    shared_t sh;
    memset(&sh, 0, sizeof sh);
    sh.s = main_sh->s;
    sh.opts = opts;
    sh.in = main_sh->in;
    sh.od = main_sh->od;
    sh.nout = nout;
    sh.nominal = main_sh->nominal;
    sh.gmemo = main_sh->gmemo;
    sh.ws_reuse = main_sh->ws_reuse;
    sh.models = main_sh->models;
    sh.rows = rows;
    sh.row0 = row0;
    sh.sobol_n = n;
    sh.sobol_k = k;
    if (!(sh.col = malloc((nout * rows + 1) * sizeof *sh.col))) return oom(err);
    pthread_mutex_init(&sh.lock, NULL);
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.stop, 0);
    run_workers(&sh, nt);
    pthread_mutex_destroy(&sh.lock);
    ent_status_t st = ENT_OK;
    if (sh.st != ENT_OK) {
        st = sh.st;
        if (err) *err = sh.err;
    } else if (atomic_load(&sh.stop) == 2)
        st = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "Sobol runs interrupted after %zu of %zu", atomic_load(&sh.done), rows);
    if (st == ENT_OK && opts->sobol_count) {  /* a slice: the values, no index */
        out->sobol_values = sh.col;
        out->sobol_rows = rows;
        out->sobol_n = n;
        out->sobol_inputs = k;
        out->sobol_runs = rows;
        return ENT_OK;
    }
    if (st == ENT_OK) st = sobol_from(&sh, sh.col, n, k, out, err);
    free(sh.col);
    return st;
}

/* ---------------------------------------------------------------- public */

void ent_simulate_opts_init(ent_simulate_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->draws = 1000;
    o->seed = 1;
    o->forecasts = 1;
    o->no_position = ENT_NO_POSITION_ABSTAIN;
    o->bootstrap = 100;
    o->exact_limit = ENT_SIMULATE_EXACT_DRAWS;
}

void ent_simulation_init(ent_simulation_t *r)
{
    memset(r, 0, sizeof *r);
    ent_analyze_init(&r->nominal);
}

void ent_simulation_destroy(ent_simulation_t *r)
{
    if (!r) return;
    for (size_t k = 0; k < r->ninputs; k++) free(r->inputs[k].name);
    free(r->inputs);
    for (size_t o = 0; o < r->noutputs; o++) {
        free(r->outputs[o].name);
        for (size_t c = 0; c < r->outputs[o].ncat; c++) free(r->outputs[o].cat[c].label);
        free(r->outputs[o].cat);
    }
    free(r->outputs);
    free(r->lines);
    free(r->drawn);
    free(r->values);
    free(r->holds);
    free(r->sobol_values);
    for (size_t k = 0; k < r->nsobol; k++) free(r->sobol[k].idx);
    free(r->sobol);
    ent_analyze_destroy(&r->nominal);
    ent_simulation_init(r);
}

static unsigned cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

/* Hand the draws finished since the last batch, without a gap, to the sink (this thread):
 * the drawn inputs again from their rows (or the kept table), the outputs from the columns,
 * categories as labels. An error of the sink stops the run. */
static void flush_rows(shared_t *sh)
{
    size_t draws = sh->rows, end = sh->flushed, nin = sh->in->n, nout = sh->nout, nl = sh->nlines;
    while (end < draws && atomic_load_explicit(&sh->fin[end], memory_order_acquire)) end++;
    if (end == sh->flushed || sh->st != ENT_OK) return;
    size_t count = end - sh->flushed;
    double *drawn = malloc((count * nin + 1) * sizeof *drawn), *values = malloc((count * nout + 1) * sizeof *values);
    double *holds = malloc((count * nl + 1) * sizeof *holds), *uu = malloc((nin + sh->in->maxg + 1) * sizeof *uu);
    const char **labels = calloc(count * nout + 1, sizeof *labels);
    ent_error_t e = {0};
    if (!drawn || !values || !holds || !uu || !labels) {
        ent_error_set(&e, ENT_ENOMEM, NULL, 0, 0, "out of memory");
        set_error(sh, sh->flushed, ENT_ENOMEM, &e);
        goto done;
    }
    for (size_t j = 0; j < count; j++) {
        size_t d = sh->flushed + j;
        if (sh->drawn) memcpy(drawn + j * nin, sh->drawn + d * nin, nin * sizeof *drawn);
        else {
            row_uniforms(sh, sh->row0 + d, uu, uu + nin);
            for (size_t k = 0; k < nin; k++) drawn[j * nin + k] = draw_input(sh->s, &sh->in->v[k], uu[k]);
        }
        for (size_t o = 0; o < nout; o++) {
            double v = sh->col[o * draws + d];
            values[j * nout + o] = v;
            if (sh->od[o].kind != ENT_SIM_CATEGORY) continue;
            values[j * nout + o] = NAN;
            if (isnan(v)) continue;
            labels[j * nout + o] = sh->od[o].what == O_VERDICT ? ent_verdict_name((ent_verdict_kind_t)v)
                                 : sh->od[o].what == O_DESIGN ? design_label[(size_t)v] : sh->dropset[d];
        }
        for (size_t l = 0; l < nl; l++) holds[j * nl + l] = sh->col[(nout + l) * draws + d];
    }
    ent_sim_rows_t rows = {sh->row0 + sh->flushed, count, nin, nout, nl, drawn, values, labels, holds};
    ent_status_t st = sh->sink->rows(sh->sink->user, &rows, &e);
    if (st != ENT_OK) set_error(sh, sh->flushed, st, &e);
    else sh->flushed = end;
done:
    free(drawn);
    free(values);
    free(holds);
    free(uu);
    free(labels);
}

/* Start the workers and wait, calling the progress callback (and the sink) from this thread. */
static void run_workers(shared_t *sh, unsigned nt)
{
    worker_t *wk = calloc(nt, sizeof *wk);
    unsigned started = 0;
    for (unsigned t = 0; wk && t < nt; t++) {
        wk[t].sh = sh;
        if (pthread_create(&wk[t].tid, NULL, worker, &wk[t]) != 0) break;
        started++;
    }
    if (!started) {  /* no thread could start: work here */
        worker_t self = {sh, 0};
        worker(&self);
    }
    const ent_progress_t *pg = &sh->opts->progress;
    int polls = 0;
    double base = (double)sh->prog_base, total = sh->prog_total ? (double)sh->prog_total : (double)sh->rows;
    while (started && (pg->fn || sh->fin) && atomic_load(&sh->done) < sh->rows && !atomic_load(&sh->stop)) {
        /* wake every millisecond, so that a short block (a streamed run) does not wait, but
         * call the progress and the sink about every 0.1 s */
        struct timespec ts = {0, 1000 * 1000};
        nanosleep(&ts, NULL);
        if (++polls < 100) continue;
        polls = 0;
        if (pg->fn && ent_progress_tick(pg, sh->sobol_n ? "sobol" : "simulate", base + (double)atomic_load(&sh->done), total))
            atomic_store(&sh->stop, 2);
        if (sh->fin) flush_rows(sh);
    }
    for (unsigned t = 0; t < started; t++) pthread_join(wk[t].tid, NULL);
    free(wk);
    if (sh->fin) flush_rows(sh);  /* the rest; interrupted, the draws finished without a gap */
    /* a block's end; a stop asked here stops the blocks still to come (a streamed run) */
    if (pg->fn && atomic_load(&sh->stop) != 2 && sh->st == ENT_OK &&
        ent_progress_tick(pg, sh->sobol_n ? "sobol" : "simulate", base + (double)sh->rows, total) &&
        base + (double)sh->rows < total)
        atomic_store(&sh->stop, 2);
}

static ent_status_t oom(ent_error_t *err)
{
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory in the simulation");
}

static ent_status_t aggregate_inputs(shared_t *sh, ent_simulation_t *out, ent_error_t *err);

/* Fill out->inputs, outputs and lines from the columns (after the draws). */
static ent_status_t aggregate(shared_t *sh, char **names, ent_simulation_t *out, ent_error_t *err)
{
    size_t draws = sh->opts->draws;
    double *tmp = malloc((draws + 1) * sizeof *tmp);
    out->inputs = calloc(sh->in->n + 1, sizeof *out->inputs);
    out->outputs = calloc(sh->nout + 1, sizeof *out->outputs);
    out->lines = calloc(sh->nlines + 1, sizeof *out->lines);
    if (!tmp || !out->inputs || !out->outputs || !out->lines) { free(tmp); return oom(err); }
    const char *verdicts[5];
    for (int k = 0; k < 5; k++) verdicts[k] = ent_verdict_name((ent_verdict_kind_t)k);
    for (size_t o = 0; o < sh->nout; o++) {
        ent_sim_output_t *r = &out->outputs[o];
        double *c = sh->col + o * draws;
        out->noutputs = o + 1;
        r->kind = sh->od[o].kind;
        r->name = names[o];
        names[o] = NULL;
        r->mean = r->sd = r->p = r->lo = r->hi = NAN;
        for (int k = 0; k < 5; k++) r->q[k] = NAN;
        int bad = 0;
        if (r->kind == ENT_SIM_NUMBER) bad = agg_number(c, draws, r, tmp);
        else if (r->kind == ENT_SIM_FLAG) {
            for (size_t d = 0; d < draws; d++)
                if (!isnan(c[d])) { r->n++; r->count += c[d] != 0; }
            wilson(r->count, r->n, &r->p, &r->lo, &r->hi);
        } else if (sh->od[o].what == O_VERDICT) bad = agg_category(c, draws, verdicts, 5, NULL, r);
        else if (sh->od[o].what == O_DESIGN) bad = agg_category(c, draws, design_label, 4, NULL, r);
        else bad = agg_category(c, draws, NULL, 0, sh->dropset, r);
        if (bad) { free(tmp); return oom(err); }
    }
    for (size_t l = 0; l < sh->nlines; l++) {
        const double *c = sh->col + (sh->nout + l) * draws;
        ent_sim_line_t *r = &out->lines[l];
        r->item = sh->line_item[l];
        for (size_t d = 0; d < draws; d++) r->count += c[d] != 0;
        wilson(r->count, draws, &r->p, &r->lo, &r->hi);
        out->nlines = l + 1;
    }
    free(tmp);
    return aggregate_inputs(sh, out, err);
}

/* Fill out->inputs (allocated) with each input's name, coded value, and its drawn values'
 * mean and sd, over every draw in draw order. */
static ent_status_t aggregate_inputs(shared_t *sh, ent_simulation_t *out, ent_error_t *err)
{
    size_t draws = sh->opts->draws;
    const ent_scenario_t *s = sh->s;
    size_t nin = sh->in->n;
    double *uu = malloc((2 * nin + sh->in->maxg + 1) * sizeof *uu), *sum = uu + nin + sh->in->maxg;
    if (!uu) return oom(err);
    for (size_t k = 0; k < nin; k++) {
        ent_sim_input_t *r = &out->inputs[k];
        ent_buf_t b = ENT_BUF_INIT;
        input_name(s, &sh->in->v[k], &b);
        r->name = ent_buf_take(&b);
        out->ninputs = k + 1;
        if (!r->name) { free(uu); return oom(err); }
        r->nominal = sh->in->v[k].nominal;
        r->mean = r->sd = sum[k] = 0;
    }
    /* two passes over the draws, each value drawn again from its row (or read when kept):
     * the mean, then the sum of squares about it */
    for (int pass = 0; pass < 2; pass++)
        for (size_t d = 0; d < draws; d++) {
            if (!sh->drawn) row_uniforms(sh, d, uu, uu + nin);
            for (size_t k = 0; k < nin; k++) {
                double x = sh->drawn ? sh->drawn[d * nin + k] : draw_input(s, &sh->in->v[k], uu[k]);
                if (pass == 0) sum[k] += x;
                else out->inputs[k].sd += (x - out->inputs[k].mean) * (x - out->inputs[k].mean);
            }
            if (pass == 0 && d + 1 == draws)
                for (size_t k = 0; k < nin; k++) out->inputs[k].mean = sum[k] / (double)draws;
        }
    for (size_t k = 0; k < nin; k++)
        out->inputs[k].sd = draws > 1 ? sqrt(out->inputs[k].sd / (double)(draws - 1)) : NAN;
    free(uu);
    return ENT_OK;
}

/* ---------------------------------------------------------------- streamed aggregation */

/* Draws per block above opts.exact_limit (fewer when the limit is lower). */
#define STREAM_BLOCK 65536

/* One output's aggregates above the exact limit, folded block by block in draw order. */
typedef struct {
    size_t n, count;        /* defined draws; FLAG: true ones */
    double sum, wmean, m2;  /* NUMBER: sum in draw order (the mean); Welford's mean and M2 (the sd) */
    ent_i_qsum_t q;         /* NUMBER: the quantile summary */
    size_t *cnt, ncnt;      /* CATEGORY: draws per code (verdict, design) or per drop-set label id */
} acc_t;

typedef struct {
    acc_t *acc;             /* nout */
    size_t *line_count;     /* nlines */
    char **lab;             /* drop-set labels, by id (order of first appearance) */
    size_t nlab, caplab, last;
} stream_t;

/* The quantile summary's size for a limit: 16384 by default, smaller when a test lowers it. */
static size_t qsum_k(size_t exact_limit)
{
    size_t k = 8;
    while (k < ENT_I_QSUM_K && 2 * k <= exact_limit / 32) k *= 2;
    return k;
}

static int stream_init(stream_t *st, const shared_t *sh, size_t k)
{
    memset(st, 0, sizeof *st);
    st->acc = calloc(sh->nout + 1, sizeof *st->acc);
    st->line_count = calloc(sh->nlines + 1, sizeof *st->line_count);
    if (!st->acc || !st->line_count) return -1;
    for (size_t o = 0; o < sh->nout; o++) {
        ent_i_qsum_init(&st->acc[o].q, k);
        if (sh->od[o].kind != ENT_SIM_CATEGORY || sh->od[o].what == O_DROPSET) continue;
        st->acc[o].ncnt = sh->od[o].what == O_VERDICT ? 5 : 4;
        if (!(st->acc[o].cnt = calloc(st->acc[o].ncnt, sizeof *st->acc[o].cnt))) return -1;
    }
    return 0;
}

static void stream_free(stream_t *st, size_t nout)
{
    for (size_t o = 0; st->acc && o < nout; o++) {
        ent_i_qsum_free(&st->acc[o].q);
        free(st->acc[o].cnt);
    }
    free(st->acc);
    free(st->line_count);
    for (size_t k = 0; k < st->nlab; k++) free(st->lab[k]);
    free(st->lab);
}

/* The id of a drop-set label (a new one gets the next id); (size_t)-1 when out of memory. */
static size_t label_id(stream_t *st, acc_t *a, const char *label)
{
    if (st->last < st->nlab && !strcmp(st->lab[st->last], label)) return st->last;
    for (size_t k = 0; k < st->nlab; k++)
        if (!strcmp(st->lab[k], label)) return st->last = k;
    if (st->nlab == st->caplab) {
        size_t cap = st->caplab ? 2 * st->caplab : 16;
        char **lab = realloc(st->lab, cap * sizeof *lab);
        if (!lab) return (size_t)-1;
        st->lab = lab;
        st->caplab = cap;
    }
    if (a->ncnt <= st->nlab) {
        size_t m = st->caplab;
        size_t *cnt = realloc(a->cnt, m * sizeof *cnt);
        if (!cnt) return (size_t)-1;
        memset(cnt + a->ncnt, 0, (m - a->ncnt) * sizeof *cnt);
        a->cnt = cnt;
        a->ncnt = m;
    }
    if (!(st->lab[st->nlab] = strdup(label))) return (size_t)-1;
    return st->last = st->nlab++;
}

/* Fold a block's columns (count draws, the run's draws c0 ..) into the aggregates, in draw
 * order; with values / holds (keep_draws), write the block's rows there too (categories as
 * codes or label ids, renumbered by stream_finish). */
static int fold_block(stream_t *st, const shared_t *sh, size_t c0, size_t count, double *values, double *holds)
{
    size_t nout = sh->nout, nl = sh->nlines;
    for (size_t o = 0; o < nout; o++) {
        const double *c = sh->col + o * count;
        acc_t *a = &st->acc[o];
        ent_sim_kind_t kind = sh->od[o].kind;
        for (size_t j = 0; j < count; j++) {
            double v = c[j];
            if (!isnan(v)) {
                a->n++;
                if (kind == ENT_SIM_NUMBER) {
                    a->sum += v;
                    double dl = v - a->wmean;
                    a->wmean += dl / (double)a->n;
                    a->m2 += dl * (v - a->wmean);
                    if (ent_i_qsum_add(&a->q, v)) return -1;
                } else if (kind == ENT_SIM_FLAG) a->count += v != 0;
                else {
                    size_t code = sh->od[o].what == O_DROPSET ? label_id(st, a, sh->dropset[j]) : (size_t)v;
                    if (code == (size_t)-1) return -1;
                    a->cnt[code]++;
                    v = (double)code;
                }
            }
            if (values) values[(c0 + j) * nout + o] = v;
        }
    }
    for (size_t l = 0; l < nl; l++) {
        const double *c = sh->col + (nout + l) * count;
        for (size_t j = 0; j < count; j++) {
            st->line_count[l] += c[j] != 0;
            if (holds) holds[(c0 + j) * nl + l] = c[j];
        }
    }
    return 0;
}

/* out->outputs and lines from the streamed aggregates; with values (keep_draws), each
 * category's codes renumbered to the index of its label in the sorted table. */
static ent_status_t stream_finish(stream_t *st, shared_t *sh, char **names, ent_simulation_t *out, double *values,
                                  ent_error_t *err)
{
    size_t draws = sh->opts->draws, nout = sh->nout;
    out->inputs = calloc(sh->in->n + 1, sizeof *out->inputs);
    out->outputs = calloc(nout + 1, sizeof *out->outputs);
    out->lines = calloc(sh->nlines + 1, sizeof *out->lines);
    if (!out->inputs || !out->outputs || !out->lines) return oom(err);
    const char *verdicts[5];
    for (int k = 0; k < 5; k++) verdicts[k] = ent_verdict_name((ent_verdict_kind_t)k);
    static const double qs[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (size_t o = 0; o < nout; o++) {
        ent_sim_output_t *r = &out->outputs[o];
        acc_t *a = &st->acc[o];
        out->noutputs = o + 1;
        r->kind = sh->od[o].kind;
        r->name = names[o];
        names[o] = NULL;
        r->mean = r->sd = r->p = r->lo = r->hi = NAN;
        for (int k = 0; k < 5; k++) r->q[k] = NAN;
        r->n = a->n;
        if (r->kind == ENT_SIM_NUMBER) {
            if (a->n) r->mean = a->sum / (double)a->n;
            if (a->n > 1) r->sd = sqrt(a->m2 / (double)(a->n - 1));
            if (ent_i_qsum_quantiles(&a->q, qs, 5, r->q)) return oom(err);
            r->q_error = (size_t)ent_i_qsum_rank_error(&a->q);
            continue;
        }
        if (r->kind == ENT_SIM_FLAG) {
            r->count = a->count;
            wilson(r->count, r->n, &r->p, &r->lo, &r->hi);
            continue;
        }
        if (!a->n) continue;
        if (!(r->cat = calloc(a->ncnt, sizeof *r->cat))) return oom(err);
        for (size_t k = 0; k < a->ncnt; k++) {
            if (!a->cnt[k]) continue;
            const char *lab = sh->od[o].what == O_VERDICT ? verdicts[k] : sh->od[o].what == O_DESIGN ? design_label[k]
                            : st->lab[k];
            if (!(r->cat[r->ncat].label = strdup(lab))) return oom(err);
            r->cat[r->ncat++].count = a->cnt[k];
        }
        qsort(r->cat, r->ncat, sizeof *r->cat, cmp_cat);
        if (!values) continue;
        size_t *map = malloc((a->ncnt + 1) * sizeof *map);  /* code -> index in the sorted table */
        if (!map) return oom(err);
        for (size_t k = 0; k < r->ncat; k++) {
            const char *lab = r->cat[k].label;
            for (size_t c = 0; c < a->ncnt; c++) {
                const char *lc = sh->od[o].what == O_VERDICT ? verdicts[c] : sh->od[o].what == O_DESIGN ? design_label[c]
                               : c < st->nlab ? st->lab[c] : NULL;
                if (lc && a->cnt[c] && !strcmp(lc, lab)) { map[c] = k; break; }
            }
        }
        for (size_t d = 0; d < draws; d++)
            if (!isnan(values[d * nout + o])) values[d * nout + o] = (double)map[(size_t)values[d * nout + o]];
        free(map);
    }
    for (size_t l = 0; l < sh->nlines; l++) {
        ent_sim_line_t *r = &out->lines[l];
        r->item = sh->line_item[l];
        r->count = st->line_count[l];
        wilson(r->count, draws, &r->p, &r->lo, &r->hi);
        out->nlines = l + 1;
    }
    return aggregate_inputs(sh, out, err);
}

/* Label -> code of a verdict or design category; -1 when unknown. */
static long label_code(const char *const *names, size_t n, const char *label)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(names[k], label)) return (long)k;
    return -1;
}

/* Fill sh's columns (count draws each) and sh->drawn with draws first .. first + count - 1 of a
 * kept table (ent_simulate_aggregate). */
static ent_status_t columns_from_table(shared_t *sh, char **names, const ent_simulation_t *tb, size_t first,
                                       size_t count, ent_error_t *err)
{
    size_t draws = sh->opts->draws;
    const char *verdicts[5];
    for (int k = 0; k < 5; k++) verdicts[k] = ent_verdict_name((ent_verdict_kind_t)k);
    if (tb->noutputs != sh->nout || tb->ninputs != sh->in->n || tb->nlines != sh->nlines || tb->draws != draws)
        return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "the table has %zu inputs, %zu outputs, %zu lines, %zu draws; "
                             "expected %zu, %zu, %zu, %zu (the scenario's)", tb->ninputs, tb->noutputs, tb->nlines,
                             tb->draws, sh->in->n, sh->nout, sh->nlines, draws);
    for (size_t o = 0; o < sh->nout; o++)
        if (strcmp(tb->outputs[o].name, names[o]) || tb->outputs[o].kind != sh->od[o].kind)
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "output %zu is '%s'; expected '%s'", o + 1,
                                 tb->outputs[o].name, names[o]);
    for (size_t o = 0; o < sh->nout; o++)
        for (size_t j = 0, d = first; j < count; j++, d++) {
            double v = tb->values[d * sh->nout + o];
            if (sh->od[o].kind == ENT_SIM_CATEGORY && !isnan(v)) {
                if (v < 0 || (size_t)v >= tb->outputs[o].ncat)
                    return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "draw %zu of '%s': no label %g", d, names[o], v);
                const char *lab = tb->outputs[o].cat[(size_t)v].label;
                long code = sh->od[o].what == O_VERDICT ? label_code(verdicts, 5, lab)
                          : sh->od[o].what == O_DESIGN ? label_code(design_label, 4, lab) : 0;
                if (code < 0)
                    return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "draw %zu of '%s': unknown value '%s'", d, names[o], lab);
                if (sh->od[o].what == O_DROPSET && !(sh->dropset[j] = strdup(lab))) return oom(err);
                v = (double)code;
            }
            sh->col[o * count + j] = v;
        }
    for (size_t l = 0; l < sh->nlines; l++)
        for (size_t j = 0; j < count; j++)
            sh->col[(sh->nout + l) * count + j] = tb->holds[(first + j) * sh->nlines + l];
    memcpy(sh->drawn, tb->drawn + first * sh->in->n, sh->in->n * count * sizeof *sh->drawn);
    return ENT_OK;
}

static ent_status_t simulate(const ent_scenario_t *s, const ent_simulate_opts_t *opts, const ent_simulation_t *table,
                             ent_simulation_t *out, ent_error_t *err);

/* The sink's heads: the run's inputs, outputs and lines before the first draw (the nominal
 * analysis and the output names borrowed). */
static ent_status_t send_heads(shared_t *sh, char **names, ent_error_t *err)
{
    ent_simulation_t h;
    memset(&h, 0, sizeof h);
    h.seed = sh->opts->seed;
    h.inputs = calloc(sh->in->n + 1, sizeof *h.inputs);
    h.outputs = calloc(sh->nout + 1, sizeof *h.outputs);
    h.lines = calloc(sh->nlines + 1, sizeof *h.lines);
    ent_status_t st = h.inputs && h.outputs && h.lines ? ENT_OK : oom(err);
    for (size_t k = 0; st == ENT_OK && k < sh->in->n; k++) {
        ent_buf_t b = ENT_BUF_INIT;
        input_name(sh->s, &sh->in->v[k], &b);
        h.inputs[k].name = ent_buf_take(&b);
        h.inputs[k].nominal = sh->in->v[k].nominal;
        h.inputs[k].mean = h.inputs[k].sd = NAN;
        h.ninputs = k + 1;
        if (!h.inputs[k].name) st = oom(err);
    }
    for (size_t o = 0; st == ENT_OK && o < sh->nout; o++) {
        h.outputs[o].kind = sh->od[o].kind;
        h.outputs[o].name = names[o];
    }
    h.noutputs = sh->nout;
    for (size_t l = 0; st == ENT_OK && l < sh->nlines; l++) h.lines[l].item = sh->line_item[l];
    h.nlines = sh->nlines;
    h.nominal = *sh->nominal;
    if (st == ENT_OK) st = sh->opts->sink.heads(sh->opts->sink.user, &h, err);
    for (size_t k = 0; k < h.ninputs; k++) free(h.inputs[k].name);
    free(h.inputs);
    free(h.outputs);
    free(h.lines);
    return st;
}

ent_status_t ent_simulate_run(const ent_scenario_t *s, const ent_simulate_opts_t *opts, ent_simulation_t *out,
                              ent_error_t *err)
{
    return simulate(s, opts, NULL, out, err);
}

ent_status_t ent_simulate_aggregate(const ent_scenario_t *s, const ent_simulate_opts_t *opts,
                                    const ent_simulation_t *table, ent_simulation_t *out, ent_error_t *err)
{
    if (out) ent_simulation_init(out);
    if (!table || (table->ninputs && !table->drawn) || (table->noutputs && !table->values) ||
        (table->nlines && !table->holds))
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_simulate_aggregate: a table without its draws");
    return simulate(s, opts, table, out, err);
}

/* The run (table NULL) or the re-aggregation of a kept table: one body so that both give the
 * same bits. Over 100 lines: setup, the draws or the table, aggregation, the kept table and
 * the common cleanup read best in one place. */
static ent_status_t simulate(const ent_scenario_t *s, const ent_simulate_opts_t *opts, const ent_simulation_t *table,
                             ent_simulation_t *out, ent_error_t *err)
{
    ent_simulate_opts_t def;
    if (!opts) { ent_simulate_opts_init(&def); opts = &def; }
    if (!out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_simulate_run: no result");
    ent_simulation_init(out);
    if (!s) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_simulate_run: no scenario");
    if (opts->draws < 1) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "0 draws; expected at least 1");
    if (opts->draws > ENT_SIMULATE_MAX_DRAWS)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "%zu draws; the limit is %d", opts->draws, ENT_SIMULATE_MAX_DRAWS);
    if (opts->exact_limit < 1 || opts->exact_limit > ENT_SIMULATE_MAX_DRAWS)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "exact limit %zu; expected 1..%d", opts->exact_limit,
                             ENT_SIMULATE_MAX_DRAWS);
    if (opts->first_draw > UINT64_MAX / 2)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "first draw %zu; expected at most 2^63", opts->first_draw);
    if (opts->bootstrap > 10000)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "%u bootstrap resamples; expected at most 10000", opts->bootstrap);
    if (opts->sobol && opts->sobol > ENT_SIMULATE_EXACT_DRAWS / (ENT_SOBOL_MAX_INPUTS + 2))
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "%zu Sobol base draws; the limit is %d", opts->sobol,
                             ENT_SIMULATE_EXACT_DRAWS / (ENT_SOBOL_MAX_INPUTS + 2));
    if (opts->threads > 256) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "%u threads; expected at most 256", opts->threads);
    if (opts->models) {  /* registered names, in registry order, each once */
        const char *const *all = ent_forecast_models();
        size_t at = 0;
        for (size_t m = 0; opts->models[m]; m++) {
            while (all[at] && strcmp(all[at], opts->models[m])) at++;
            if (!all[at])
                return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "model '%s' is not registered, or out of registry "
                                     "order, or named twice; expected registered names in the order of "
                                     "ent_forecast_models", opts->models[m]);
            at++;
        }
    }
    ent_analyze_opts_t ao;
    ent_analyze_opts_init(&ao);
    ao.sensitivity = 0;
    ao.thresholds = 0;        /* a statement about the coding, not a conclusion per draw */
    ao.forecasts_by_rule = 0; /* the plain forecasts only (docs/analyses.md §6) */
    ao.power = 0;
    ao.budget = 0; /* no cost budget in the draws: every draw runs what was asked (the same parts in each) */
    ao.forecasts = opts->forecasts;
    ao.no_position = opts->no_position;
    ent_i_analyze_given_t ngv = {NULL, NULL, 0, opts->models, NULL, 0};
    ent_status_t st = ent_i_analyze_run_given(s, &ao, &ngv, &out->nominal, err);
    if (st != ENT_OK) { ent_simulation_destroy(out); return st; }
    inputs_t in = {0};
    outdef_t *od = NULL;
    char **names = NULL;
    size_t nout = 0, draws = opts->draws;
    shared_t sh;
    memset(&sh, 0, sizeof sh);
    /* up to the exact limit one block of every draw, kept; above it blocks folded and dropped */
    int streamed = draws > opts->exact_limit;
    size_t block = !streamed ? draws : opts->exact_limit < STREAM_BLOCK ? opts->exact_limit : STREAM_BLOCK;
    stream_t str;
    memset(&str, 0, sizeof str);
    size_t *line_item = calloc(out->nominal.nitems + 1, sizeof *line_item), nlines = 0;
    if (!line_item || list_inputs(s, &in) || list_groups(s, &in) || list_outputs(s, &out->nominal, &od, &names, &nout)) {
        st = oom(err);
        goto done;
    }
    for (size_t k = 0; k < out->nominal.nitems; k++)
        if (line_kind(out->nominal.items[k].kind)) line_item[nlines++] = k;
    sh.s = s;
    sh.opts = opts;
    sh.in = &in;
    sh.od = od;
    sh.nout = nout;
    sh.nlines = nlines;
    sh.line_item = line_item;
    sh.nominal = &out->nominal;
    sh.gmemo = guarantee_fixed(s, &in, &out->nominal);
    sh.ws_reuse = ws_reusable(&in);
    sh.seq_fixed = sequence_fixed(&in, &out->nominal);
    sh.models = opts->models;
    sh.rows = block;
    sh.col = malloc(((nout + nlines) * block + 1) * sizeof *sh.col);
    sh.dropset = calloc(block, sizeof *sh.dropset);
    int keep = opts->keep_draws || table;
    double *drawn_all = NULL;
    if (keep && !(drawn_all = sh.drawn = malloc((in.n * draws + 1) * sizeof *sh.drawn))) { st = oom(err); goto done; }
    if (!sh.col || !sh.dropset) { st = oom(err); goto done; }
    if (streamed && (stream_init(&str, &sh, qsum_k(opts->exact_limit)) ||
                     (keep && (!(out->values = malloc((nout * draws + 1) * sizeof *out->values)) ||
                               !(out->holds = malloc((nlines * draws + 1) * sizeof *out->holds)))))) {
        st = oom(err);
        goto done;
    }
    if (!table && opts->sink.rows) {
        if (!(sh.fin = calloc(block, sizeof *sh.fin))) { st = oom(err); goto done; }
        for (size_t d = 0; d < block; d++) atomic_init(&sh.fin[d], 0);
        sh.sink = &opts->sink;
    }
    if (!table && opts->sink.heads && (st = send_heads(&sh, names, err)) != ENT_OK) goto done;
    pthread_mutex_init(&sh.lock, NULL);
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.stop, 0);
    unsigned nt = opts->threads ? opts->threads : cores();
    if (nt > draws) nt = (unsigned)draws;
    if (table) nt = 0;
    size_t c0 = 0;
    for (; c0 < draws; c0 += block) {
        size_t count = draws - c0 < block ? draws - c0 : block;
        sh.rows = count;
        sh.row0 = c0;
        sh.prog_base = c0;
        sh.prog_total = draws;
        sh.flushed = 0;
        if (drawn_all) sh.drawn = drawn_all + c0 * in.n;
        atomic_store(&sh.next, 0);
        atomic_store(&sh.done, 0);
        for (size_t d = 0; sh.fin && d < count; d++) atomic_store(&sh.fin[d], 0);
        if (table) {
            if ((st = columns_from_table(&sh, names, table, c0, count, err)) != ENT_OK) break;
        } else
            run_workers(&sh, nt);
        if (sh.st != ENT_OK || atomic_load(&sh.stop)) break;
        if (!streamed) continue;
        if (fold_block(&str, &sh, c0, count, keep ? out->values : NULL, keep ? out->holds : NULL)) {
            st = oom(err);
            break;
        }
        for (size_t d = 0; d < count; d++) {
            free(sh.dropset[d]);
            sh.dropset[d] = NULL;
        }
    }
    sh.drawn = drawn_all;
    pthread_mutex_destroy(&sh.lock);
    if (st != ENT_OK) goto done;
    if (sh.st != ENT_OK) {
        st = sh.st;
        if (err) *err = sh.err;
        goto done;
    }
    if (atomic_load(&sh.stop) == 2) {
        if (sh.fin)
            st = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "simulation interrupted after %zu of %zu draws (%zu handed "
                               "over)", c0 + atomic_load(&sh.done), draws, c0 + sh.flushed);
        else
            st = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "simulation interrupted after %zu of %zu draws",
                               c0 + atomic_load(&sh.done), draws);
        goto done;
    }
    out->draws = draws;
    out->seed = opts->seed;
    out->threads = nt;
    out->exact_limit = opts->exact_limit;
    if ((st = streamed ? stream_finish(&str, &sh, names, out, keep ? out->values : NULL, err)
                       : aggregate(&sh, names, out, err)) != ENT_OK)
        goto done;
    if (!table && opts->sobol && in.n && (st = run_sobol(&sh, nt, out, err)) != ENT_OK) goto done;
    if (table && opts->sobol && in.n && table->sobol_values) {  /* the design's values gathered */
        size_t k = in.n < ENT_SOBOL_MAX_INPUTS ? in.n : ENT_SOBOL_MAX_INPUTS;
        if (table->sobol_rows != opts->sobol * (k + 2)) {
            st = ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "the table has %zu Sobol rows; expected %zu (%zu base draws, "
                               "%zu inputs)", table->sobol_rows, opts->sobol * (k + 2), opts->sobol, k);
            goto done;
        }
        if ((st = sobol_from(&sh, table->sobol_values, opts->sobol, k, out, err)) != ENT_OK) goto done;
    }
    if (keep && streamed) {  /* values and holds filled block by block */
        out->drawn = sh.drawn;
        sh.drawn = NULL;
    } else if (keep) {
        out->drawn = sh.drawn;
        sh.drawn = NULL;
        if (!(out->values = malloc((nout * draws + 1) * sizeof *out->values))) { st = oom(err); goto done; }
        for (size_t d = 0; d < draws; d++)
            for (size_t o = 0; o < nout; o++) out->values[d * nout + o] = sh.col[o * draws + d];
        if (!(out->holds = malloc((nlines * draws + 1) * sizeof *out->holds))) { st = oom(err); goto done; }
        for (size_t d = 0; d < draws; d++)
            for (size_t l = 0; l < nlines; l++) out->holds[d * nlines + l] = sh.col[(nout + l) * draws + d];
    }
done:
    stream_free(&str, nout);
    free(sh.fin);
    if (sh.dropset)
        for (size_t d = 0; d < block; d++) free(sh.dropset[d]);
    free(sh.dropset);
    free(sh.col);
    free(sh.drawn);
    if (names)
        for (size_t o = 0; o < nout; o++) free(names[o]);
    free(names);
    free(od);
    free_inputs(&in);
    free(line_item);
    if (st != ENT_OK) ent_simulation_destroy(out);
    return st;
}
