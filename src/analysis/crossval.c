/* SPDX-License-Identifier: MIT */
/* crossval.c — out-of-sample scoring of forecast models and of combinations of them on a
 * table with known outcomes (entente/analysis.h, ent_crossval_run; docs/validation.md).
 *
 * Sources: K-fold cross-validation grouped by cluster (Hastie, Tibshirani & Friedman 2009,
 * *Elements of Statistical Learning* §7.10); forecast combination by constrained least
 * absolute deviation (Bates & Granger 1969; LAD as an LP: Charnes, Cooper & Ferguson 1955);
 * split-conformal intervals (Vovk, Gammerman & Shafer 2005; Lei, G'Sell, Rinaldo, Tibshirani
 * & Wasserman 2018, JASA 113(523)); data design: DEU (Thomson et al. 2006; Arregui &
 * Perarnaud 2022).
 *
 * Dossiers: the issues of one proposal never sit on both sides of a split. The dossier of an
 * issue is its id without a trailing `i<digits>` (DEU ids are <prnr>i<n>; the importer writes
 * <prnr>-<isnr> when isnr does not start with prnr); an id without that suffix is a dossier of
 * its own. Folds: per repeat r the dossiers (sorted by key) are shuffled by Fisher–Yates with
 * splitmix64 seeded by seed + r, and the dossier at position p goes to fold p mod K.
 * Methods, per fold, fitted on the training issues every model forecast (the common set):
 *  - each model (nothing fitted), and each extra predictor asked for (o->extra: an actor's
 *    position, `pos:ID`, the status quo, or one derived from the institutions and the rule:
 *    council_mean, council_median, qmv_pivot, procedural, range_mid — defined in
 *    src/forecast/calibration.c, which forecasts with a calibration compute them too; NaN where the table lacks what it needs) — these enter every
 *    combination as further "models", so that the ensembles can use information the models
 *    do not (the Commission's position, the reference point);  `mean`: equal weights;  `select`: the model with the
 *    smallest training MAE;
 *  - `ensemble`: convex weights w (w >= 0, Σw = 1) minimising Σ_i |y_i − Σ_m w_m f_im|, an LP
 *    solved by Clp through src/analysis/lp.c in its dual form (M rows, n + 1 columns; see
 *    fit_lad), whose row multipliers — verified exactly in GMP as a dual certificate — are the
 *    weights (renormalised to Σw = 1);
 *  - `affine` (o->affine, the last method): free weights and an intercept minimising the
 *    training sum of absolute errors, an LP solved through its dual (see fit_affine); its
 *    prediction is clipped to the issue's scale, and on an issue some predictor did not
 *    forecast it falls back to the convex ensemble's prediction. Unlike the convex weights it
 *    can stretch the forecasts away from a point (weights summing above 1, negative intercept);
 *  - `ensemble|F` (features on): two ensembles, for the training issues with feature F at most
 *    its training median and above it (binary features: 0 and 1); a side with fewer than
 *    max(10, 2M) training issues uses the overall ensemble. Features: `actors` (positioned
 *    actors), `spread` (standard deviation of the positions), `concentration` (Herfindahl index
 *    of the saliences), `status_quo` (1 when the issue has one), `cod` (1 when the notes say
 *    `proc: COD`).
 * Fallback on an issue some model did not forecast: a combination's weights are renormalised
 * over the models that did (equal weights if those carry none); a model is not scored there.
 * Scores: each counted issue is tested once per repeat; its error is averaged over the
 * repeats (ē_i); MAE = mean of ē_i; its standard error is clustered by dossier:
 * se² = G/(G−1) · Σ_g (Σ_{i∈g} (ē_i − MAE))² / n², G = dossiers in the set. Paired
 * differences: the same on d_i = ē_i(a) − ē_i(b) over the common set, z = mean/se, two-sided
 * normal p-value.
 * Intervals (split conformal): on each fold a method's absolute residuals on its training
 * issues (common set) r_(1) <= ... <= r_(n) give q = r_(⌈(n+1)·level⌉) (infinite when that
 * index exceeds n); the interval is forecast ± q (an error within 1e-9 of the scale range
 * above q still counts as covered: rounding), clipped to the issue's scale (its width, as
 * reported, is that of the clipped interval; clipping changes no coverage). Exact split conformal for the models (not
 * fitted); for the fitted combinations the residuals are in-sample, slightly optimistic in
 * principle (5 weights on ~250 issues). Coverage is measured on the test issues of the
 * common set.
 *
 * Complexity: R·K·(1 + 2·features) LPs of M rows and n+1 columns (n training issues, M
 * models), plus R·K LPs of 2(M+1) rows and n columns with o->affine, plus
 * O(R·K·methods·n log n) for the conformal quantiles.
 */
#include "entente/analysis.h"
#include "analysis/lp.h"
#include "forecast/forecast_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { NFEAT = 5 };
static const char *const feat_name[NFEAT] = {"actors", "spread", "concentration", "status_quo", "cod"};
static const int feat_binary[NFEAT] = {0, 0, 0, 1, 1};

void ent_crossval_opts_init(ent_crossval_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->folds = 10;
    o->repeats = 5;
    o->seed = 1;
    o->nlevels = 2;
    o->levels[0] = 0.8;
    o->levels[1] = 0.9;
    o->features = 1;
}

void ent_crossval_init(ent_crossval_t *c)
{
    if (c) memset(c, 0, sizeof *c);
}

void ent_crossval_destroy(ent_crossval_t *c)
{
    if (!c) return;
    if (c->methods)
        for (size_t j = 0; j < c->nmethods; j++) {
            free(c->methods[j].name);
            free(c->methods[j].coverage);
            free(c->methods[j].coverage_se);
            free(c->methods[j].width);
            free(c->methods[j].q);
        }
    free(c->methods);
    free(c->dossier);
    free(c->levels);
    free(c->weights);
    free(c->weights_mean);
    free(c->weights_sd);
    free(c->affine);
    free(c->pairs);
    memset(c, 0, sizeof *c);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned long long splitmix64(unsigned long long *x)
{
    unsigned long long z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Length of the dossier key of an issue id: the id without a trailing i<digits>. */
static size_t dossier_len(const char *id)
{
    size_t n = strlen(id), k = n;
    while (k > 0 && id[k - 1] >= '0' && id[k - 1] <= '9') k--;
    if (k < n && k >= 2 && id[k - 1] == 'i') return k - 1;
    return n;
}

typedef struct {
    const char *id;
    size_t len, c;
} dkey_t;

static int cmp_dkey(const void *a, const void *b)
{
    const dkey_t *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->id, y->id, n);
    if (r) return r;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return (x->c > y->c) - (x->c < y->c);
}

/* Fill c->dossier and c->ndossiers (dossiers numbered in key order). Returns -1 out of memory. */
static int assign_dossiers(const ent_scenario_t *s, const ent_validation_t *v, ent_crossval_t *c)
{
    size_t NC = v->nissues;
    dkey_t *k = malloc((NC ? NC : 1) * sizeof *k);
    if (!k) return -1;
    for (size_t i = 0; i < NC; i++) {
        k[i].id = s->issues[v->issue[i]].id ? s->issues[v->issue[i]].id : "";
        k[i].len = dossier_len(k[i].id);
        k[i].c = i;
    }
    qsort(k, NC, sizeof *k, cmp_dkey);
    size_t g = 0;
    for (size_t i = 0; i < NC; i++) {
        if (i && (k[i].len != k[i - 1].len || memcmp(k[i].id, k[i - 1].id, k[i].len))) g++;
        c->dossier[k[i].c] = g;
    }
    c->ndossiers = NC ? g + 1 : 0;
    free(k);
    return 0;
}

/* The features of counted issue i (feat[f * NC + i]). */
static void issue_features(const ent_scenario_t *s, const ent_validation_t *v, double *feat)
{
    size_t NC = v->nissues;
    for (size_t c = 0; c < NC; c++) {
        size_t i = v->issue[c];
        double sx = 0, sxx = 0, ssal = 0, ssal2 = 0;
        size_t n = 0;
        for (size_t a = 0; a < s->nactors; a++) {
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (!p->present || !p->x || isnan(p->x[0])) continue;
            n++;
            sx += p->x[0];
            sxx += p->x[0] * p->x[0];
            double sal = p->sal && !isnan(p->sal[0]) ? p->sal[0] : 0;
            ssal += sal;
            ssal2 += sal * sal;
        }
        double mean = n ? sx / (double)n : 0;
        double var = n ? sxx / (double)n - mean * mean : 0;
        const char *notes = s->issues[i].notes;
        feat[0 * NC + c] = (double)v->nactors[c];
        feat[1 * NC + c] = var > 0 ? sqrt(var) : 0;
        feat[2 * NC + c] = ssal > 0 ? ssal2 / (ssal * ssal) : 0;
        feat[3 * NC + c] = s->issues[i].status_quo && !isnan(s->issues[i].status_quo[0]);
        feat[4 * NC + c] = notes && strstr(notes, "proc: COD") != NULL;
    }
}

/* One fold's fits: weight vectors over the models for the combinations. */
typedef struct {
    double *w;     /* (3 + 2·NFEAT) × M: mean, select, ensemble, then per feature side 0, 1 */
    double thr[NFEAT];
    double *aff;   /* M + 1: the affine fit's weights, then its intercept (o->affine) */
} fit_t;

enum { W_MEAN = 0, W_SELECT, W_ENS, W_SPLIT };

typedef struct {
    const ent_validation_t *v;
    const ent_crossval_opts_t *o;
    size_t M, NC, J;        /* models, counted issues, methods */
    const double *F;        /* NC × M: the models' forecasts, then the extra predictors */
    const double *feat;     /* NFEAT × NC */
    const unsigned char *common;
    const double *lo, *hi;  /* NC: each counted issue's scale */
    ent_crossval_t *c;
    /* LP scratch */
    double *A, *b, *cost, *ub, *lb, *y;
    size_t cap;             /* training issues the scratch holds */
    size_t jaff;            /* the affine method's index (J − 1), or J when it is off */
    ent_error_t *err;
} cv_t;

/* Prediction of weight vector w (M) at counted issue i, renormalised over the models that
 * forecast it (equal weights when those carry none); NaN when none did. */
static double combine(const cv_t *cv, const double *w, size_t i)
{
    const double *f = &cv->F[i * cv->M];
    double sw = 0, swf = 0, sf = 0;
    size_t n = 0;
    for (size_t m = 0; m < cv->M; m++) {
        if (isnan(f[m])) continue;
        sw += w[m];
        swf += w[m] * f[m];
        sf += f[m];
        n++;
    }
    if (!n) return NAN;
    return sw > 0 ? swf / sw : sf / (double)n;
}

/* Prediction of the affine fit at counted issue i, clipped to the issue's scale; on an issue
 * some predictor did not forecast, the convex ensemble's (renormalised) prediction. */
static double predict_affine(const cv_t *cv, const fit_t *ft, size_t i)
{
    size_t M = cv->M;
    double p = ft->aff[M];
    for (size_t m = 0; m < M; m++) {
        double f = cv->F[i * M + m];
        if (isnan(f)) return combine(cv, &ft->w[W_ENS * M], i);
        p += ft->aff[m] * f;
    }
    return p < cv->lo[i] ? cv->lo[i] : p > cv->hi[i] ? cv->hi[i] : p;
}

/* Prediction of method j at counted issue i under fit ft. */
static double predict(const cv_t *cv, const fit_t *ft, size_t j, size_t i)
{
    size_t M = cv->M;
    if (j < M) return cv->F[i * M + j];
    if (j == cv->jaff) return predict_affine(cv, ft, i);
    size_t k = j - M;
    if (k < W_SPLIT) return combine(cv, &ft->w[k * M], i);
    size_t f = k - W_SPLIT;
    int side = cv->feat[f * cv->NC + i] > ft->thr[f];
    return combine(cv, &ft->w[(W_SPLIT + 2 * f + (size_t)side) * M], i);
}

/* Solve lp into cv->y, timed into the fits' total; ENT_EINTERNAL (naming `what`) unless optimal. */
static ent_status_t solve_timed(cv_t *cv, const ent_i_lp_t *lp, const char *what)
{
    ent_i_lp_result_t res;
    double t0 = now_seconds();
    ent_status_t st = ent_i_lp_solve(lp, NULL, cv->y, &res, cv->err);
    cv->c->fit_seconds += now_seconds() - t0;
    cv->c->nfits++;
    if (st != ENT_OK) return st;
    if (res.outcome != ENT_I_LP_OPTIMAL)
        return ent_error_set(cv->err, ENT_EINTERNAL, NULL, 0, 0, "%s: the LAD program was not solved to optimality", what);
    return ENT_OK;
}

/* Convex LAD weights on the training issues tr[0..n) (all in the common set) into w (M).
 * Solved through its dual, which is small and dense: with F the n × M forecasts,
 *   max yᵀd + λ  s.t.  Σ_i F_im d_i + λ <= 0 (each model m),  −1 <= d_i <= 1,
 * λ bounded by ±(Σ_i max_m |F_im| + 1), a bound no optimum reaches (|λ| = max_m |F_mᵀd|).
 * Its row multipliers u_m >= 0 (verified by lp.c as a dual certificate) are the primal
 * weights (Σ u = 1 from the λ column); they are renormalised to sum to 1 exactly. */
static ent_status_t fit_lad(cv_t *cv, const size_t *tr, size_t n, double *w)
{
    size_t M = cv->M, cols = n + 1;
    if (M == 1 || n == 0) {
        for (size_t m = 0; m < M; m++) w[m] = 1.0 / (double)M;
        return ENT_OK;
    }
    double L = 1;
    for (size_t r = 0; r < n; r++) {
        const double *f = &cv->F[tr[r] * M];
        double mx = 0;
        for (size_t m = 0; m < M; m++) {
            cv->A[m * cols + r] = f[m];
            if (fabs(f[m]) > mx) mx = fabs(f[m]);
        }
        L += mx;
        cv->cost[r] = -cv->v->outcome[tr[r]];
        cv->lb[r] = -1;
        cv->ub[r] = 1;
    }
    for (size_t m = 0; m < M; m++) {
        cv->A[m * cols + n] = 1;
        cv->b[m] = 0;
    }
    cv->cost[n] = -1;
    cv->lb[n] = -L;
    cv->ub[n] = L;
    ent_i_lp_t lp = {.m = M, .n = cols, .A = cv->A, .b = cv->b, .c = cv->cost, .ub = cv->ub, .lb = cv->lb};
    ent_status_t st = solve_timed(cv, &lp, "ensemble fit");
    if (st != ENT_OK) return st;
    double sum = 0;
    for (size_t m = 0; m < M; m++) sum += (w[m] = cv->y[m] > 0 ? cv->y[m] : 0);
    for (size_t m = 0; m < M; m++) w[m] = sum > 0 ? w[m] / sum : 1.0 / (double)M;
    return ENT_OK;
}

/* Affine LAD on the training issues tr[0..n): weights a (M) free in sign and an intercept
 * a[M] minimising Σ_i |y_i − a_M − Σ_m a_m F_im|. Solved through its dual, like fit_lad:
 *   max yᵀd  s.t.  Σ_i F_im d_i = 0 (each model m),  Σ_i d_i = 0,  −1 <= d_i <= 1,
 * each equality as two rows (<= 0 and >= 0); the verified row multipliers u+ − u− of a pair
 * are the primal coefficient (Lagrangian: the coefficient of d_i is −(y_i − ŷ_i)).
 * Rows 2(M+1), columns n. With n <= M + 1 the fit interpolates; it is still an optimum. */
static ent_status_t fit_affine(cv_t *cv, const size_t *tr, size_t n, double *a)
{
    size_t M = cv->M, R = 2 * (M + 1);
    if (n == 0) { /* nothing to fit on (every common issue in the test fold): the equal-weight mean */
        for (size_t m = 0; m < M; m++) a[m] = 1.0 / (double)M;
        a[M] = 0;
        return ENT_OK;
    }
    for (size_t r = 0; r < n; r++) {
        const double *f = &cv->F[tr[r] * M];
        for (size_t m = 0; m <= M; m++) {
            double x = m < M ? f[m] : 1;
            cv->A[(2 * m) * n + r] = x;
            cv->A[(2 * m + 1) * n + r] = -x;
        }
        cv->cost[r] = -cv->v->outcome[tr[r]];
        cv->lb[r] = -1;
        cv->ub[r] = 1;
    }
    for (size_t k = 0; k < R; k++) cv->b[k] = 0;
    ent_i_lp_t lp = {.m = R, .n = n, .A = cv->A, .b = cv->b, .c = cv->cost, .ub = cv->ub, .lb = cv->lb};
    ent_status_t st = solve_timed(cv, &lp, "affine fit");
    if (st != ENT_OK) return st;
    for (size_t m = 0; m <= M; m++) a[m] = cv->y[2 * m] - cv->y[2 * m + 1];
    return ENT_OK;
}

/* Fit every combination on training issues tr[0..n) (common set) into ft; side is scratch (n). */
static ent_status_t fit_all(cv_t *cv, const size_t *tr, size_t n, fit_t *ft, size_t *side, double *vals)
{
    size_t M = cv->M;
    for (size_t m = 0; m < M; m++) ft->w[W_MEAN * M + m] = 1.0 / (double)M;
    size_t best = 0;
    double bestmae = INFINITY;
    for (size_t m = 0; m < M; m++) {
        double s = 0;
        for (size_t r = 0; r < n; r++) s += fabs(cv->F[tr[r] * M + m] - cv->v->outcome[tr[r]]);
        if (s < bestmae) { bestmae = s; best = m; }
    }
    for (size_t m = 0; m < M; m++) ft->w[W_SELECT * M + m] = m == best;
    ent_status_t st = fit_lad(cv, tr, n, &ft->w[W_ENS * M]);
    if (st == ENT_OK && cv->o->affine) st = fit_affine(cv, tr, n, ft->aff);
    if (st != ENT_OK || !cv->o->features) return st;
    size_t minside = 2 * M > 10 ? 2 * M : 10;
    for (size_t f = 0; f < NFEAT; f++) {
        if (feat_binary[f]) ft->thr[f] = 0.5;
        else {
            for (size_t r = 0; r < n; r++) vals[r] = cv->feat[f * cv->NC + tr[r]];
            qsort(vals, n, sizeof *vals, cmp_double);
            ft->thr[f] = n ? vals[(n - 1) / 2] : 0;
        }
        for (int sd = 0; sd < 2; sd++) {
            size_t k = 0;
            for (size_t r = 0; r < n; r++)
                if ((cv->feat[f * cv->NC + tr[r]] > ft->thr[f]) == sd) side[k++] = tr[r];
            double *w = &ft->w[(W_SPLIT + 2 * f + (size_t)sd) * M];
            if (k < minside) memcpy(w, &ft->w[W_ENS * M], M * sizeof *w);
            else if ((st = fit_lad(cv, side, k, w)) != ENT_OK) return st;
        }
    }
    return ENT_OK;
}

/* Conformal quantile of level lv from the sorted residuals r[0..n). */
static double conformal_q(const double *r, size_t n, double lv)
{
    double k = ceil((double)(n + 1) * lv - 1e-12);
    if (n == 0 || k > (double)n) return INFINITY;
    return r[(size_t)k - 1 < n ? (size_t)k - 1 : n - 1];
}

/* Mean and dossier-clustered standard error of x over the issues with use[i] set. */
static void cluster_mean(const cv_t *cv, const double *x, const unsigned char *use, double *sum_g,
                         double *mean, double *se, size_t *count)
{
    size_t n = 0, G = cv->c->ndossiers, g_used = 0;
    double s = 0;
    for (size_t i = 0; i < cv->NC; i++)
        if (use[i]) { s += x[i]; n++; }
    *count = n;
    if (!n) { *mean = *se = NAN; return; }
    double mu = s / (double)n;
    for (size_t g = 0; g < G; g++) sum_g[g] = NAN;
    for (size_t i = 0; i < cv->NC; i++) {
        if (!use[i]) continue;
        size_t g = cv->c->dossier[i];
        if (isnan(sum_g[g])) { sum_g[g] = 0; g_used++; }
        sum_g[g] += x[i] - mu;
    }
    double ss = 0;
    for (size_t g = 0; g < G; g++)
        if (!isnan(sum_g[g])) ss += sum_g[g] * sum_g[g];
    *mean = mu;
    *se = g_used > 1 ? sqrt((double)g_used / (double)(g_used - 1) * ss) / (double)n : NAN;
}

/* Accumulators of the repeats. */
typedef struct {
    double *esum;           /* NC × J: summed absolute errors */
    size_t *en;             /* NC × J: times scored */
    double *cov;            /* NC × J × L: times covered */
    double *wsum;           /* J × L: summed widths */
    size_t *wn;             /* J × L */
    double *wacc, *wacc2;   /* M: ensemble weights, sum and sum of squares over the fits */
    size_t nw;
} acc_t;

/* Score fold k of one repeat: fit on the training issues, predict and calibrate. foldof:
 * the fold of each dossier. tr, side: scratch (NC); res: scratch (NC). */
static ent_status_t run_fold(cv_t *cv, const size_t *foldof, size_t k, fit_t *ft, acc_t *ac,
                             size_t *tr, size_t *side, double *res)
{
    size_t NC = cv->NC, J = cv->J, M = cv->M, L = cv->o->nlevels, n = 0;
    for (size_t i = 0; i < NC; i++)
        if (cv->common[i] && foldof[cv->c->dossier[i]] != k) tr[n++] = i;
    ent_status_t st = fit_all(cv, tr, n, ft, side, res);
    if (st != ENT_OK) return st;
    for (size_t m = 0; m < M; m++) {
        double w = ft->w[W_ENS * M + m];
        ac->wacc[m] += w;
        ac->wacc2[m] += w * w;
    }
    ac->nw++;
    double q[ENT_CROSSVAL_MAX_LEVELS];
    for (size_t j = 0; j < J; j++) {
        for (size_t r = 0; r < n; r++) res[r] = fabs(predict(cv, ft, j, tr[r]) - cv->v->outcome[tr[r]]);
        qsort(res, n, sizeof *res, cmp_double);
        for (size_t l = 0; l < L; l++) q[l] = conformal_q(res, n, cv->o->levels[l]);
        for (size_t i = 0; i < NC; i++) {
            if (foldof[cv->c->dossier[i]] != k) continue;
            double p = predict(cv, ft, j, i);
            if (isnan(p)) continue;
            double e = fabs(p - cv->v->outcome[i]);
            ac->esum[i * J + j] += e;
            ac->en[i * J + j]++;
            if (!cv->common[i]) continue;
            for (size_t l = 0; l < L; l++) {
                /* covered: within q, up to rounding (1e-9 of the scale, as validate's ties) */
                ac->cov[(i * J + j) * L + l] += e <= q[l] + 1e-9 * (cv->hi[i] - cv->lo[i]);
                double top = p + q[l] < cv->hi[i] ? p + q[l] : cv->hi[i];
                double bot = p - q[l] > cv->lo[i] ? p - q[l] : cv->lo[i];
                ac->wsum[j * L + l] += top > bot ? top - bot : 0;
                ac->wn[j * L + l]++;
            }
        }
    }
    return ENT_OK;
}

/* One repeat: shuffle the dossiers into folds and score every fold. perm, foldof: scratch (G). */
static ent_status_t run_repeat(cv_t *cv, int r, size_t *perm, size_t *foldof, fit_t *ft, acc_t *ac,
                               size_t *tr, size_t *side, double *res)
{
    size_t G = cv->c->ndossiers, K = (size_t)cv->o->folds;
    unsigned long long state = cv->o->seed + (unsigned long long)r;
    for (size_t g = 0; g < G; g++) perm[g] = g;
    for (size_t g = G; g > 1; g--) {
        size_t x = (size_t)(splitmix64(&state) % (unsigned long long)g);
        size_t t = perm[g - 1];
        perm[g - 1] = perm[x];
        perm[x] = t;
    }
    for (size_t p = 0; p < G; p++) foldof[perm[p]] = p % K;
    for (size_t k = 0; k < K; k++) {
        ent_status_t st = run_fold(cv, foldof, k, ft, ac, tr, side, res);
        if (st != ENT_OK) return st;
    }
    return ENT_OK;
}

/* The figures of every method and pair from the accumulators; x, use, sum_g: scratch. */
static void summarise(cv_t *cv, const acc_t *ac, double *x, unsigned char *use, double *sum_g)
{
    size_t NC = cv->NC, J = cv->J, L = cv->o->nlevels;
    ent_crossval_t *c = cv->c;
    for (size_t j = 0; j < J; j++) {
        ent_crossval_method_t *mt = &c->methods[j];
        for (size_t i = 0; i < NC; i++) {
            use[i] = ac->en[i * J + j] > 0;
            x[i] = use[i] ? ac->esum[i * J + j] / (double)ac->en[i * J + j] : 0;
        }
        cluster_mean(cv, x, use, sum_g, &mt->mae, &mt->se, &mt->n);
        size_t nc;
        for (size_t i = 0; i < NC; i++) use[i] = use[i] && cv->common[i];
        cluster_mean(cv, x, use, sum_g, &mt->mae_common, &mt->se_common, &nc);
        for (size_t l = 0; l < L; l++) {
            for (size_t i = 0; i < NC; i++)
                x[i] = use[i] ? ac->cov[(i * J + j) * L + l] / (double)ac->en[i * J + j] : 0;
            cluster_mean(cv, x, use, sum_g, &mt->coverage[l], &mt->coverage_se[l], &nc);
            mt->width[l] = ac->wn[j * L + l] ? ac->wsum[j * L + l] / (double)ac->wn[j * L + l] : NAN;
        }
    }
    size_t k = 0;
    for (size_t a = 0; a < J; a++)
        for (size_t b = a + 1; b < J; b++, k++) {
            ent_crossval_pair_t *pr = &c->pairs[k];
            pr->a = a;
            pr->b = b;
            for (size_t i = 0; i < NC; i++) {
                use[i] = cv->common[i] && ac->en[i * J + a] && ac->en[i * J + b];
                x[i] = use[i] ? ac->esum[i * J + a] / (double)ac->en[i * J + a]
                                    - ac->esum[i * J + b] / (double)ac->en[i * J + b] : 0;
            }
            cluster_mean(cv, x, use, sum_g, &pr->diff, &pr->se, &pr->n);
            pr->z = pr->se > 0 ? pr->diff / pr->se : NAN;
            pr->p = isnan(pr->z) ? NAN : erfc(fabs(pr->z) / sqrt(2.0));
        }
    for (size_t m = 0; m < cv->M; m++) {
        double mu = ac->nw ? ac->wacc[m] / (double)ac->nw : NAN;
        double var = ac->nw ? ac->wacc2[m] / (double)ac->nw - mu * mu : NAN;
        c->weights_mean[m] = mu;
        c->weights_sd[m] = var > 0 ? sqrt(var) : 0;
    }
}

/* The result's arrays and method names. Returns -1 out of memory. */
static int alloc_result(ent_crossval_t *c, const ent_validation_t *v, const ent_crossval_opts_t *o, size_t J,
                        char *const *names, size_t M)
{
    size_t NC = v->nissues, L = o->nlevels;
    c->dossier = malloc((NC ? NC : 1) * sizeof *c->dossier);
    c->methods = calloc(J, sizeof *c->methods);
    c->levels = malloc((L ? L : 1) * sizeof *c->levels);
    c->weights = calloc(M ? M : 1, sizeof *c->weights);
    c->weights_mean = calloc(M ? M : 1, sizeof *c->weights_mean);
    c->weights_sd = calloc(M ? M : 1, sizeof *c->weights_sd);
    if (o->affine && !(c->affine = calloc(M + 1, sizeof *c->affine))) return -1;
    c->npairs = J * (J - 1) / 2;
    c->pairs = calloc(c->npairs ? c->npairs : 1, sizeof *c->pairs);
    if (!c->dossier || !c->methods || !c->levels || !c->weights || !c->weights_mean || !c->weights_sd || !c->pairs)
        return -1;
    c->nmethods = J;
    c->nmodels = M;
    c->nlevels = L;
    memcpy(c->levels, o->levels, L * sizeof *c->levels);
    static const char *const combo[W_SPLIT] = {"mean", "select", "ensemble"};
    static const ent_crossval_kind_t kind[W_SPLIT] = {ENT_CV_MEAN, ENT_CV_SELECT, ENT_CV_ENSEMBLE};
    for (size_t j = 0; j < J; j++) {
        ent_crossval_method_t *mt = &c->methods[j];
        char nb[64];
        const char *name = nb;
        if (j < v->nmodels) { name = v->models[j].name; mt->kind = ENT_CV_MODEL; }
        else if (j < M) { name = names[j - v->nmodels]; mt->kind = ENT_CV_INPUT; }
        else if (o->affine && j == J - 1) { name = "affine"; mt->kind = ENT_CV_AFFINE; }
        else if (j - M < W_SPLIT) { name = combo[j - M]; mt->kind = kind[j - M]; }
        else { snprintf(nb, sizeof nb, "ensemble|%s", feat_name[j - M - W_SPLIT]); mt->kind = ENT_CV_SPLIT; }
        mt->name = malloc(strlen(name) + 1);
        mt->coverage = calloc(L ? L : 1, sizeof *mt->coverage);
        mt->coverage_se = calloc(L ? L : 1, sizeof *mt->coverage_se);
        mt->width = calloc(L ? L : 1, sizeof *mt->width);
        mt->q = calloc(L ? L : 1, sizeof *mt->q);
        if (!mt->name || !mt->coverage || !mt->coverage_se || !mt->width || !mt->q) return -1;
        strcpy(mt->name, name);
        mt->mae_in = NAN;
    }
    return 0;
}

/* Refusals of bad options and data (ENT_EINVAL), with what was expected. */
static ent_status_t check_opts(const ent_crossval_opts_t *o, const ent_crossval_t *c, size_t ncommon,
                               ent_error_t *err)
{
    if (!ncommon)
        return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "cross-validation: no counted issue (an outcome and "
                             "enough positioned actors) is forecast by every model%s; expected at least one",
                             o->extra ? " and has every extra predictor" : "");
    if (o->folds < 2 || (size_t)o->folds > c->ndossiers)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "cross-validation: %d folds; expected 2 to %zu "
                             "(the dossiers among the counted issues)", o->folds, c->ndossiers);
    if (o->repeats < 1 || o->repeats > 1000)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "cross-validation: %d repeats; expected 1 to 1000", o->repeats);
    if (o->nlevels > ENT_CROSSVAL_MAX_LEVELS)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "cross-validation: %zu interval levels; expected at most %d",
                             o->nlevels, ENT_CROSSVAL_MAX_LEVELS);
    for (size_t l = 0; l < o->nlevels; l++)
        if (!(o->levels[l] > 0 && o->levels[l] < 1))
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "cross-validation: interval level %g; expected a "
                                 "number strictly between 0 and 1", o->levels[l]);
    return ENT_OK;
}

/* On all common issues: fit every combination (the weights to use on new issues, their
 * in-sample MAE) and each method's conformal quantile q per level (forecast ± q is the
 * interval to put around a forecast of a new issue). */
static ent_status_t fit_full(cv_t *cv, fit_t *ft, size_t *tr, size_t *side, double *res)
{
    size_t n = 0, M = cv->M;
    for (size_t i = 0; i < cv->NC; i++)
        if (cv->common[i]) tr[n++] = i;
    ent_status_t st = fit_all(cv, tr, n, ft, side, res);
    if (st != ENT_OK) return st;
    memcpy(cv->c->weights, &ft->w[W_ENS * M], M * sizeof *cv->c->weights);
    if (cv->o->affine) memcpy(cv->c->affine, ft->aff, (M + 1) * sizeof *cv->c->affine);
    for (size_t j = 0; j < cv->J; j++) {
        double s = 0;
        for (size_t r = 0; r < n; r++) s += (res[r] = fabs(predict(cv, ft, j, tr[r]) - cv->v->outcome[tr[r]]));
        if (j >= M) cv->c->methods[j].mae_in = s / (double)n;
        qsort(res, n, sizeof *res, cmp_double);
        for (size_t l = 0; l < cv->o->nlevels; l++) cv->c->methods[j].q[l] = conformal_q(res, n, cv->o->levels[l]);
    }
    return ENT_OK;
}

/* The extra predictors of o->extra (derived names, defined in src/forecast/calibration.c, or actor ids, comma-separated): their
 * names (the derived name, or "pos:ID") into names[0..*ne) (owned by the caller) and the
 * scenario index of each actor (a negative X_* code for a derived predictor) into who.
 * ENT_EINVAL for an unknown name. */
static ent_status_t parse_extras(const ent_scenario_t *s, const char *list, char **names, long *who,
                                 size_t max, size_t *ne, ent_error_t *err)
{
    *ne = 0;
    if (!list) return ENT_OK;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        char id[256];
        if (len == 0 || len >= sizeof id || *ne == max)
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "extra predictors '%s': expected at most %zu "
                                 "comma-separated actor ids or status_quo", list, max);
        memcpy(id, p, len);
        id[len] = 0;
        long a = ent_i_extra_code(s, id);
        if (a == ENT_I_EXTRA_NONE)
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "extra predictor '%s': no such actor; expected "
                                 "an actor id of the table or status_quo", id);
        names[*ne] = malloc(len + 5);
        if (!names[*ne]) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (cross-validation)");
        snprintf(names[*ne], len + 5, a < 0 ? "%s" : "pos:%s", id);
        who[(*ne)++] = a;
        p += len;
        if (*p == ',') p++;
    }
    return ENT_OK;
}

/* F (NC × (M + E)): the validation's forecasts, then each extra predictor (NaN when missing). */
static void fill_predictors(const ent_scenario_t *s, const ent_validation_t *v, const long *who, size_t E,
                            double *F)
{
    size_t M = v->nmodels, MT = M + E;
    for (size_t i = 0; i < v->nissues; i++) {
        memcpy(&F[i * MT], &v->forecast[i * M], M * sizeof *F);
        for (size_t k = 0; k < E; k++) F[i * MT + M + k] = ent_i_extra_value(s, v->issue[i], who[k]);
    }
}

/* Over 100 lines: every scratch array is allocated here, next to the one cleanup path that
 * frees it (fail/done), so that no early return can leak; the work itself is in the helpers. */
ent_status_t ent_crossval_run(const ent_scenario_t *s, const ent_validation_t *v,
                              const ent_crossval_opts_t *o, ent_crossval_t *out, ent_error_t *err)
{
    ent_crossval_opts_t defaults;
    if (!o) {
        ent_crossval_opts_init(&defaults);
        o = &defaults;
    }
    if (!s || !v || !out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "cross-validation: scenario, validation and result are required");
    ent_crossval_destroy(out);
    double t0 = now_seconds();
    char *xname[ENT_CROSSVAL_MAX_EXTRA];
    long who[ENT_CROSSVAL_MAX_EXTRA];
    size_t E = 0;
    ent_status_t st = parse_extras(s, o->extra, xname, who, ENT_CROSSVAL_MAX_EXTRA, &E, err);
    if (st != ENT_OK) {
        for (size_t k = 0; k < E; k++) free(xname[k]);
        return st;
    }
    size_t NC = v->nissues, M = v->nmodels + E, L = o->nlevels > ENT_CROSSVAL_MAX_LEVELS ? 0 : o->nlevels;
    size_t J = M + W_SPLIT + (o->features ? NFEAT : 0) + (o->affine ? 1 : 0);
    size_t NW = (W_SPLIT + 2 * NFEAT) * (M ? M : 1), n1 = NC ? NC : 1;
    cv_t cv = {.v = v, .o = o, .M = M, .NC = NC, .J = J, .c = out, .err = err, .jaff = o->affine ? J - 1 : J};
    acc_t ac;
    memset(&ac, 0, sizeof ac);
    fit_t ft;
    ft.w = calloc(NW, sizeof *ft.w);
    ft.aff = calloc(M + 1, sizeof *ft.aff);
    double *feat = malloc(NFEAT * n1 * sizeof *feat), *res = malloc(n1 * sizeof *res);
    double *lo = malloc(n1 * sizeof *lo), *hi = malloc(n1 * sizeof *hi);
    double *sum_g = malloc(n1 * sizeof *sum_g);
    unsigned char *common = calloc(n1, 1), *use = calloc(n1, 1);
    size_t *tr = malloc(n1 * sizeof *tr), *side = malloc(n1 * sizeof *side);
    size_t *perm = malloc(n1 * sizeof *perm), *foldof = malloc(n1 * sizeof *foldof);
    size_t rows = o->affine ? 2 * (M + 1) : M ? M : 1, cols = NC + 1; /* fit_lad: M × (n+1); fit_affine: 2(M+1) × n */
    cv.A = malloc(rows * cols * sizeof *cv.A);
    cv.b = malloc(rows * sizeof *cv.b);
    cv.cost = malloc(cols * sizeof *cv.cost);
    cv.ub = malloc(cols * sizeof *cv.ub);
    cv.lb = malloc(cols * sizeof *cv.lb);
    cv.y = malloc(rows * sizeof *cv.y);
    ac.esum = calloc(n1 * J, sizeof *ac.esum);
    ac.en = calloc(n1 * J, sizeof *ac.en);
    ac.cov = calloc(n1 * J * (L ? L : 1), sizeof *ac.cov);
    ac.wsum = calloc(J * (L ? L : 1), sizeof *ac.wsum);
    ac.wn = calloc(J * (L ? L : 1), sizeof *ac.wn);
    ac.wacc = calloc(M ? M : 1, sizeof *ac.wacc);
    ac.wacc2 = calloc(M ? M : 1, sizeof *ac.wacc2);
    double *F = malloc(n1 * (M ? M : 1) * sizeof *F);
    if (!F || !ft.w || !ft.aff || !feat || !lo || !hi || !res || !sum_g || !common || !use || !tr || !side || !perm || !foldof || !cv.A ||
        !cv.b || !cv.cost || !cv.ub || !cv.lb || !cv.y || !ac.esum || !ac.en || !ac.cov || !ac.wsum || !ac.wn ||
        !ac.wacc || !ac.wacc2 || alloc_result(out, v, o, J, xname, M) || assign_dossiers(s, v, out)) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (cross-validation)");
        goto fail;
    }
    out->folds = o->folds;
    out->repeats = o->repeats;
    out->seed = o->seed;
    out->nissues = NC;
    fill_predictors(s, v, who, E, F);
    cv.F = F;
    for (size_t i = 0; i < NC; i++) {
        common[i] = M > 0;
        for (size_t m = 0; m < M; m++) common[i] &= !isnan(F[i * M + m]);
        out->ncommon += common[i];
    }
    if ((st = check_opts(o, out, out->ncommon, err)) != ENT_OK) goto fail;
    issue_features(s, v, feat);
    for (size_t i = 0; i < NC; i++) {
        const ent_issue_t *is = &s->issues[v->issue[i]];
        lo[i] = is->lo ? is->lo[0] : 0;
        hi[i] = is->hi ? is->hi[0] : 100;
    }
    cv.lo = lo;
    cv.hi = hi;
    out->scale_lo = out->scale_hi = NAN; /* the common issues' one scale, NaN when they differ */
    for (size_t i = 0, first = 1; i < NC; i++) {
        if (!common[i]) continue;
        if (first) { out->scale_lo = lo[i]; out->scale_hi = hi[i]; first = 0; }
        else if (lo[i] != out->scale_lo || hi[i] != out->scale_hi) { out->scale_lo = out->scale_hi = NAN; break; }
    }
    cv.feat = feat;
    cv.common = common;
    for (int r = 0; r < o->repeats; r++) {
        if ((st = run_repeat(&cv, r, perm, foldof, &ft, &ac, tr, side, res)) != ENT_OK) goto fail;
        if (ent_progress_tick(&o->progress, "crossval", (double)(r + 1), (double)o->repeats)) {
            st = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "cross-validation interrupted");
            goto fail;
        }
    }
    summarise(&cv, &ac, res, use, sum_g);
    if ((st = fit_full(&cv, &ft, tr, side, res)) != ENT_OK) goto fail;
    out->seconds = now_seconds() - t0;
    st = ENT_OK;
    goto done;
fail:
    ent_crossval_destroy(out);
done:
    for (size_t k = 0; k < E; k++) free(xname[k]);
    free(F); free(ft.w); free(ft.aff); free(feat); free(lo); free(hi); free(res); free(sum_g); free(common); free(use); free(tr); free(side);
    free(perm); free(foldof); free(cv.A); free(cv.b); free(cv.cost); free(cv.ub); free(cv.lb); free(cv.y);
    free(ac.esum); free(ac.en); free(ac.cov); free(ac.wsum); free(ac.wn); free(ac.wacc); free(ac.wacc2);
    return st;
}
