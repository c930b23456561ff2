/* SPDX-License-Identifier: MIT */
/* report_crossval.c — renderer of a cross-validation (entente/analysis.h, ent_crossval_run):
 * how well each model and each combination of them forecast issues they were not fitted on.
 *
 * Text: the counts (issues, dossiers, common set, folds, repeats, seed); per method its
 * out-of-sample MAE on its own issues and on the common set with dossier-clustered standard
 * errors and, for the fitted combinations, the in-sample MAE; the ensemble weights (fit on
 * every common issue; mean and sd over the training fits); the paired differences that
 * involve the best model (smallest out-of-sample MAE on the common set) or the ensemble; the
 * conformal intervals' coverage and width per level; the LP count and times. JSON: the same
 * figures and every pair (10 significant digits; an infinite q as null). The calibration
 * file (ent_report_calibration): YAML with the provenance and the common issues' scale, the
 * ensemble's weights, every method's half-widths and each model's settings (`calibrate -o`,
 * `validate --calibration-out`; read back by src/forecast/calibration.c). Method: src/analysis/crossval.c,
 * docs/validation.md.
 *
 * Complexity: O(methods² + methods · levels).
 */
#include "entente/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The model (method < nmodels) with the smallest out-of-sample MAE on the common set. */
static size_t best_model(const ent_crossval_t *c)
{
    size_t best = 0;
    for (size_t m = 1; m < c->nmodels; m++)
        if (c->methods[m].mae_common < c->methods[best].mae_common) best = m;
    return best;
}

static long method_index(const ent_crossval_t *c, const char *name)
{
    for (size_t j = 0; j < c->nmethods; j++)
        if (!strcmp(c->methods[j].name, name)) return (long)j;
    return -1;
}

static void text_methods(const ent_crossval_t *c, ent_buf_t *b)
{
    static const char *const h[] = {"method", "issues", "MAE", "SE", "common MAE", "SE", "in-sample"};
    ent_table_t *t = ent_table_new(7, h);
    if (!t) { b->oom = 1; return; }
    for (size_t j = 0; j < c->nmethods; j++) {
        const ent_crossval_method_t *mt = &c->methods[j];
        ent_table_row(t);
        ent_table_set(t, 0, mt->name);
        ent_table_setf(t, 1, "%zu", mt->n);
        ent_table_num(t, 2, mt->mae, 2);
        ent_table_num(t, 3, mt->se, 2);
        ent_table_num(t, 4, mt->mae_common, 2);
        ent_table_num(t, 5, mt->se_common, 2);
        if (isnan(mt->mae_in)) ent_table_set(t, 6, "-");
        else ent_table_num(t, 6, mt->mae_in, 2);
    }
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static void text_pairs(const ent_crossval_t *c, ent_buf_t *b)
{
    size_t best = best_model(c);
    long ens = method_index(c, "ensemble");
    ent_buf_printf(b, "\npaired differences on the common set (A - B; negative: A is more accurate), "
                      "for pairs with the best model (%s) or the ensemble:\n", c->methods[best].name);
    static const char *const h[] = {"A", "B", "issues", "A - B", "SE", "z", "p"};
    ent_table_t *t = ent_table_new(7, h);
    if (!t) { b->oom = 1; return; }
    for (size_t k = 0; k < c->npairs; k++) {
        const ent_crossval_pair_t *p = &c->pairs[k];
        if (p->a != best && p->b != best && (long)p->a != ens && (long)p->b != ens) continue;
        ent_table_row(t);
        ent_table_set(t, 0, c->methods[p->a].name);
        ent_table_set(t, 1, c->methods[p->b].name);
        ent_table_setf(t, 2, "%zu", p->n);
        ent_table_num(t, 3, p->diff, 2);
        ent_table_num(t, 4, p->se, 2);
        ent_table_num(t, 5, p->z, 2);
        ent_table_num(t, 6, p->p, 3);
    }
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static void text_intervals(const ent_crossval_t *c, ent_buf_t *b)
{
    size_t L = c->nlevels;
    if (!L) return;
    ent_buf_puts(b, "\nconformal intervals (forecast +- the training residuals' conformal quantile; "
                    "coverage of the test issues of the common set; width: mean width clipped to the "
                    "scale; +-q: the half-width from every common issue, for new issues):\n");
    const char *h[1 + 4 * ENT_CROSSVAL_MAX_LEVELS];
    char names[ENT_CROSSVAL_MAX_LEVELS][4][32];
    h[0] = "method";
    for (size_t l = 0; l < L; l++) {
        snprintf(names[l][0], sizeof names[l][0], "%g%% coverage", 100 * c->levels[l]);
        snprintf(names[l][1], sizeof names[l][1], "SE");
        snprintf(names[l][2], sizeof names[l][2], "width");
        snprintf(names[l][3], sizeof names[l][3], "+-q");
        for (int k = 0; k < 4; k++) h[1 + 4 * l + (size_t)k] = names[l][k];
    }
    ent_table_t *t = ent_table_new(1 + 4 * L, h);
    if (!t) { b->oom = 1; return; }
    for (size_t j = 0; j < c->nmethods; j++) {
        const ent_crossval_method_t *mt = &c->methods[j];
        ent_table_row(t);
        ent_table_set(t, 0, mt->name);
        for (size_t l = 0; l < L; l++) {
            ent_table_setf(t, 1 + 4 * l, "%.1f%%", 100 * mt->coverage[l]);
            ent_table_setf(t, 2 + 4 * l, "%.1f", 100 * mt->coverage_se[l]);
            ent_table_num(t, 3 + 4 * l, mt->width[l], 1);
            if (isinf(mt->q[l])) ent_table_set(t, 4 + 4 * l, "inf");
            else ent_table_num(t, 4 + 4 * l, mt->q[l], 1);
        }
    }
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static void render_text(const ent_crossval_t *c, const ent_report_validation_opts_t *o, ent_buf_t *b)
{
    ent_buf_printf(b, "validate: %s: %zu issues counted in %zu dossiers; %zu forecast by every model "
                      "(the common set)\n", o->source ? o->source : "", c->nissues, c->ndossiers, c->ncommon);
    ent_buf_printf(b, "capability: %s\n", o->capability ? o->capability : "as loaded");
    ent_buf_printf(b, "cross-validation: %d folds by dossier, %d repeat%s, seed %llu; errors averaged over "
                      "the repeats, standard errors clustered by dossier\n\n",
                   c->folds, c->repeats, c->repeats == 1 ? "" : "s", c->seed);
    text_methods(c, b);
    ent_buf_puts(b, "(issues: a model's own; a combination scores every issue, its weights renormalised "
                    "over the models that forecast it)\n");
    ent_buf_printf(b, "\nensemble weights (least absolute deviation, convex; fit on the %zu common issues; "
                      "mean +- sd over the %d training fits):\n", c->ncommon, c->folds * c->repeats);
    int wname = 12; /* the names' column: at least 12 wide, as wide as the longest name */
    for (size_t m = 0; m < c->nmodels; m++)
        if ((int)strlen(c->methods[m].name) > wname) wname = (int)strlen(c->methods[m].name);
    for (size_t m = 0; m < c->nmodels; m++)
        ent_buf_printf(b, "  %-*s %.3f  (%.3f +- %.3f)\n", wname, c->methods[m].name, c->weights[m],
                       c->weights_mean[m], c->weights_sd[m]);
    if (c->affine) {
        ent_buf_printf(b, "\naffine fit (least absolute deviation, free weights and an intercept; fit on the %zu "
                          "common issues; clipped to the scale):\n", c->ncommon);
        for (size_t m = 0; m <= c->nmodels; m++)
            ent_buf_printf(b, "  %-*s %+.3f\n", wname, m < c->nmodels ? c->methods[m].name : "intercept",
                           c->affine[m]);
    }
    text_pairs(c, b);
    text_intervals(c, b);
}

static void json_method(ent_json_t *j, const ent_crossval_t *c, const ent_crossval_method_t *mt)
{
    static const char *const kind[] = {"model", "mean", "select", "ensemble", "split", "input", "affine"};
    ent_json_obj_begin(j);
    ent_json_key(j, "name");
    ent_json_str(j, mt->name);
    ent_json_key(j, "kind");
    ent_json_str(j, kind[mt->kind]);
    ent_json_key(j, "issues");
    ent_json_int(j, (long long)mt->n);
    ent_json_key(j, "mae");
    ent_json_num(j, mt->mae);
    ent_json_key(j, "se");
    ent_json_num(j, mt->se);
    ent_json_key(j, "mae_common");
    ent_json_num(j, mt->mae_common);
    ent_json_key(j, "se_common");
    ent_json_num(j, mt->se_common);
    ent_json_key(j, "mae_in_sample");
    if (isnan(mt->mae_in)) ent_json_null(j);
    else ent_json_num(j, mt->mae_in);
    ent_json_key(j, "intervals");
    ent_json_arr_begin(j);
    for (size_t l = 0; l < c->nlevels; l++) {
        ent_json_obj_begin(j);
        ent_json_key(j, "level");
        ent_json_num(j, c->levels[l]);
        ent_json_key(j, "coverage");
        ent_json_num(j, mt->coverage[l]);
        ent_json_key(j, "coverage_se");
        ent_json_num(j, mt->coverage_se[l]);
        ent_json_key(j, "width");
        ent_json_num(j, mt->width[l]);
        ent_json_key(j, "q");
        if (isinf(mt->q[l])) ent_json_null(j);
        else ent_json_num(j, mt->q[l]);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
    ent_json_obj_end(j);
}

static void json_pairs(ent_json_t *j, const ent_crossval_t *c)
{
    ent_json_key(j, "pairs");
    ent_json_arr_begin(j);
    for (size_t k = 0; k < c->npairs; k++) {
        const ent_crossval_pair_t *p = &c->pairs[k];
        ent_json_obj_begin(j);
        ent_json_key(j, "a");
        ent_json_str(j, c->methods[p->a].name);
        ent_json_key(j, "b");
        ent_json_str(j, c->methods[p->b].name);
        ent_json_key(j, "issues");
        ent_json_int(j, (long long)p->n);
        ent_json_key(j, "diff");
        ent_json_num(j, p->diff);
        ent_json_key(j, "se");
        ent_json_num(j, p->se);
        ent_json_key(j, "z");
        ent_json_num(j, p->z);
        ent_json_key(j, "p");
        ent_json_num(j, p->p);
        ent_json_obj_end(j);
    }
    ent_json_arr_end(j);
}

static ent_status_t render_json(const ent_crossval_t *c, const ent_report_validation_opts_t *o, ent_buf_t *b)
{
    ent_json_t j;
    ent_json_init(&j, b);
    j.prec = 10;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "table");
    ent_json_str(&j, o->source);
    ent_json_key(&j, "issues_counted");
    ent_json_int(&j, (long long)c->nissues);
    ent_json_key(&j, "dossiers");
    ent_json_int(&j, (long long)c->ndossiers);
    ent_json_key(&j, "issues_common");
    ent_json_int(&j, (long long)c->ncommon);
    ent_json_key(&j, "folds");
    ent_json_int(&j, c->folds);
    ent_json_key(&j, "repeats");
    ent_json_int(&j, c->repeats);
    ent_json_key(&j, "seed");
    ent_json_int(&j, (long long)c->seed);
    ent_json_key(&j, "methods");
    ent_json_arr_begin(&j);
    for (size_t m = 0; m < c->nmethods; m++) json_method(&j, c, &c->methods[m]);
    ent_json_arr_end(&j);
    ent_json_key(&j, "ensemble_weights");
    ent_json_obj_begin(&j);
    for (size_t m = 0; m < c->nmodels; m++) {
        ent_json_key(&j, c->methods[m].name);
        ent_json_obj_begin(&j);
        ent_json_key(&j, "weight");
        ent_json_num(&j, c->weights[m]);
        ent_json_key(&j, "fold_mean");
        ent_json_num(&j, c->weights_mean[m]);
        ent_json_key(&j, "fold_sd");
        ent_json_num(&j, c->weights_sd[m]);
        ent_json_obj_end(&j);
    }
    ent_json_obj_end(&j);
    if (c->affine) { /* only with opts.affine: the key is absent otherwise */
        ent_json_key(&j, "affine_weights");
        ent_json_obj_begin(&j);
        for (size_t m = 0; m < c->nmodels; m++) {
            ent_json_key(&j, c->methods[m].name);
            ent_json_num(&j, c->affine[m]);
        }
        ent_json_key(&j, "intercept");
        ent_json_num(&j, c->affine[c->nmodels]);
        ent_json_obj_end(&j);
    }
    json_pairs(&j, c);
    ent_json_obj_end(&j);
    ent_buf_puts(b, "\n");
    return ent_json_status(&j);
}

ent_status_t ent_report_crossval(const ent_crossval_t *c, const ent_validation_t *v,
                                 const ent_report_validation_opts_t *o, ent_output_t fmt,
                                 ent_buf_t *out)
{
    if (!c || !v || !out || !c->nmethods) return ENT_EINVAL;
    ent_report_validation_opts_t defaults;
    if (!o) {
        ent_report_validation_opts_init(&defaults);
        o = &defaults;
    }
    if (fmt == ENT_OUTPUT_JSON) {
        ent_status_t st = render_json(c, o, out);
        if (st) return st;
    } else {
        render_text(c, o, out);
    }
    return out->oom ? ENT_ENOMEM : ENT_OK;
}

/* ---------------------------------------------------------------- calibration file (YAML) */

void ent_report_calibration_opts_init(ent_report_calibration_opts_t *o)
{
    if (o) memset(o, 0, sizeof *o);
}

/* A YAML double-quoted scalar (JSON string syntax, which YAML 1.2 reads as such). */
static void yq(ent_buf_t *b, const char *s)
{
    ent_buf_puts(b, "\"");
    ent_json_escape(b, s ? s : "");
    ent_buf_puts(b, "\"");
}

/* A number as YAML reads it back: 10 significant digits; .inf for an infinite half-width. */
static void ynum(ent_buf_t *b, double x)
{
    if (isinf(x)) ent_buf_puts(b, x > 0 ? ".inf" : "-.inf");
    else if (isnan(x)) ent_buf_puts(b, ".nan");
    else ent_buf_printf(b, "%.10g", x == 0 ? 0 : x);
}

static void ylist(ent_buf_t *b, const double *x, size_t n)
{
    ent_buf_puts(b, "[");
    for (size_t l = 0; l < n; l++) {
        if (l) ent_buf_puts(b, ", ");
        ynum(b, x[l]);
    }
    ent_buf_puts(b, "]");
}

/* One method's half-widths and out-of-sample figures, indented by `ind` spaces. */
static void ymethod(ent_buf_t *b, const ent_crossval_t *c, const ent_crossval_method_t *mt, int ind)
{
    ent_buf_printf(b, "%*shalf_width: ", ind, "");
    ylist(b, mt->q, c->nlevels);
    ent_buf_printf(b, "\n%*smae_out_of_sample: ", ind, "");
    ynum(b, mt->mae_common);
    ent_buf_printf(b, "\n%*scoverage_out_of_sample: ", ind, "");
    ylist(b, mt->coverage, c->nlevels);
    ent_buf_puts(b, "\n");
}

ent_status_t ent_report_calibration(const ent_crossval_t *c, const ent_report_calibration_opts_t *o,
                                    ent_buf_t *out)
{
    if (!c || !out || !c->nmethods) return ENT_EINVAL;
    ent_report_calibration_opts_t defaults;
    if (!o) {
        ent_report_calibration_opts_init(&defaults);
        o = &defaults;
    }
    long ens = method_index(c, "ensemble");
    if (ens < 0 || isnan(c->scale_lo) || isnan(c->scale_hi)) return ENT_EINVAL;
    ent_buf_t *b = out;
    ent_buf_puts(b, "# entente calibration: ensemble weights and conformal half-widths fitted on a table\n"
                    "# with outcomes (docs/validation.md). An interval is forecast +- half_width at the\n"
                    "# level of the same position in `levels`; figures out of sample are on the common set.\n"
                    "calibration:\n  entente: ");
    yq(b, ENT_VERSION);
    ent_buf_puts(b, "\n  table: ");
    yq(b, o->source);
    ent_buf_puts(b, "\n  table_hash: ");
    yq(b, o->table_hash);
    ent_buf_puts(b, "\n  capability: ");
    yq(b, o->capability ? o->capability : "as loaded");
    ent_buf_puts(b, "\n  scale: [");
    ynum(b, c->scale_lo);
    ent_buf_puts(b, ", ");
    ynum(b, c->scale_hi);
    ent_buf_printf(b, "]\n  folds: %d\n  repeats: %d\n  seed: %llu\n  issues: %zu\n  levels: ",
                   c->folds, c->repeats, c->seed, c->ncommon);
    ylist(b, c->levels, c->nlevels);
    ent_buf_puts(b, "\n  ensemble:\n    weights:\n");
    for (size_t m = 0; m < c->nmodels; m++) {
        ent_buf_puts(b, "      ");
        yq(b, c->methods[m].name);
        ent_buf_puts(b, ": ");
        ynum(b, c->weights[m]);
        ent_buf_puts(b, "\n");
    }
    ymethod(b, c, &c->methods[ens], 4);
    long aff = c->affine ? method_index(c, "affine") : -1;
    if (aff >= 0) { /* calibrate --affine: the forecast is intercept + Σ w·x, clipped */
        ent_buf_puts(b, "  affine:\n    intercept: ");
        ynum(b, c->affine[c->nmodels]);
        ent_buf_puts(b, "\n    weights:\n");
        for (size_t m = 0; m < c->nmodels; m++) {
            ent_buf_puts(b, "      ");
            yq(b, c->methods[m].name);
            ent_buf_puts(b, ": ");
            ynum(b, c->affine[m]);
            ent_buf_puts(b, "\n");
        }
        ymethod(b, c, &c->methods[aff], 4);
    }
    ent_buf_puts(b, "  models:\n");
    for (size_t m = 0; m < c->nmodels; m++) {
        ent_buf_puts(b, "    ");
        yq(b, c->methods[m].name);
        ent_buf_puts(b, ":\n      settings: ");
        char set[256] = "input"; /* an extra predictor (validate --extra) has no settings */
        if (c->methods[m].kind == ENT_CV_MODEL) ent_forecast_model_settings(c->methods[m].name, o->models, set, sizeof set);
        yq(b, set);
        ent_buf_puts(b, "\n");
        ymethod(b, c, &c->methods[m], 6);
    }
    return out->oom ? ENT_ENOMEM : ENT_OK;
}
