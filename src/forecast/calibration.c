/* SPDX-License-Identifier: MIT */
/* calibration.c — reading a calibration file and putting its intervals around forecasts
 * (entente/validate.h; issue 17, item 4; docs/validation.md).
 *
 * A calibration is what `entente calibrate TABLE` fitted out of sample on a table with
 * outcomes (src/analysis/crossval.c, written by ent_report_calibration): the ensemble's
 * convex weights, and per level the split-conformal half-width q of the ensemble and of each
 * model (Vovk, Gammerman & Shafer 2005; Lei et al. 2018, "Distribution-free predictive
 * inference for regression", split conformal). An interval for a new issue is forecast ± q,
 * clipped to the issue's scale; its coverage holds marginally over issues like the table's.
 * With `calibrate --affine` the file also holds an affine ensemble (intercept + Σ w·x over
 * the models and the extra predictors, clipped to the scale); the extra predictors
 * (an actor's position, or one derived from the institutions and the Council's rule, defined
 * below and shared with the cross-validation of src/analysis/crossval.c) are computed from
 * the scenario, which must have the actors they need.
 *
 * The file is read through the scenario reader's YAML parse tree (libfyaml events with
 * line:col, src/scenario/yaml.c), so every bad value is reported at file:line:col. Applying
 * a calibration refuses what would make its half-widths meaningless: another entente version
 * (the models may have changed), a model run with other settings, an issue on another scale.
 *
 * Complexity: reading O(file size); applying O(I · (F + M) · L) for I issues, F forecasts,
 * M calibrated models, L levels.
 */
#include "entente/validate.h"
#include "forecast/forecast_i.h"
#include "scenario/ynode.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CAL_BYTES (16u << 20)

void ent_calibration_init(ent_calibration_t *c)
{
    if (c) memset(c, 0, sizeof *c);
}

void ent_calibration_destroy(ent_calibration_t *c)
{
    if (!c) return;
    for (size_t m = 0; m < c->nmodels; m++) {
        free(c->models[m].name);
        free(c->models[m].settings);
        free(c->models[m].half_width);
    }
    free(c->models);
    free(c->path); free(c->entente); free(c->table); free(c->table_hash); free(c->capability);
    free(c->levels); free(c->half_width); free(c->affine_half_width);
    memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------------ settings */

static const char *or_default(char *buf, size_t n, const char *fmt, double v)
{
    if (v == 0) return "default";
    snprintf(buf, n, fmt, v);
    return buf;
}

void ent_forecast_model_settings(const char *model, const ent_forecast_opts_t *o, char *buf, size_t n)
{
    ent_forecast_opts_t d;
    if (!o) {
        ent_forecast_opts_init(&d);
        o = &d;
    }
    if (!buf || !n) return;
    const ent_forecast_model_t *m = model ? ent_forecast_model_find(model) : NULL;
    if (!m || m->kind == ENT_FORECAST_STATIC) {
        snprintf(buf, n, "none");
        return;
    }
    char r[32], t[32];
    const char *rs = or_default(r, sizeof r, "%.0f", (double)o->rounds);
    const char *ts = or_default(t, sizeof t, "%.10g", o->tol);
    if (!strcmp(model, "bdm"))
        snprintf(buf, n, "variant=%s q=%.10g rounds=%s tol=%s", ent_bdm_variant_name(o->bdm.variant),
                 o->bdm.q, rs, ts);
    else if (!strcmp(model, "smp")) {
        const ent_smp_opts_t *p = &o->smp;
        int k = snprintf(buf, n, "params=%d,%d,%d,%d,%d,%d,%d,%d,%d rounds=%s tol=%s", (int)p->vpm,
                         (int)p->pcem, (int)p->stm, (int)p->vr, (int)p->radj, (int)p->rrng, (int)p->tpc,
                         (int)p->ivb, (int)p->bargn, rs, ts);
        if (p->stm != ENT_SMP_STM_DETERMINISTIC && k > 0 && (size_t)k < n)
            snprintf(buf + k, n - (size_t)k, " seed=%llu", (unsigned long long)p->seed);
    } else if (!strcmp(model, "exchange")) {
        int k = snprintf(buf, n, "ties=%s rounds=%s tol=%s",
                         o->exchange.tie == ENT_EXCHANGE_TIE_SEEDED ? "seeded" : "deterministic", rs, ts);
        if (o->exchange.tie == ENT_EXCHANGE_TIE_SEEDED && k > 0 && (size_t)k < n)
            snprintf(buf + k, n - (size_t)k, " seed=%llu", (unsigned long long)o->exchange.seed);
    } else
        snprintf(buf, n, "rounds=%s tol=%s", rs, ts);
}

/* ------------------------------------------------------------------ extra predictors */

/* Derived extra predictors (reserved names, checked before actor ids), coded as negative
 * numbers (ent_i_extra_code). "Members" are the actors other than the EU institutions `com` and `ep`
 * (the Council's member states on a DEU table); a member's weight is capability × salience,
 * its vote its capability. Sources: Thomson, Stokman, Achen & König (eds.) 2006, *The European
 * Union Decides* (ch. 2 and 8: compromise, procedural and "institutional realism" models);
 * Tsebelis & Garrett 2000 and Steunenberg 1994 (the agenda setter and the pivots); Achen 2006.
 *   status_quo      the issue's status quo (DEU: rp, the reference point)
 *   council_mean    weighted mean of the members' positions
 *   council_median  weighted median of the members (tie at half the weight: the midpoint)
 *   qmv_pivot       the Council pivot towards which the status quo s can move: members
 *                   sorted by position, V their votes, T = 255/345 under QMV (the Nice share;
 *                   1 when the notes say `counvte: Unan`); q_hi = the largest position with
 *                   the votes at or above it >= T·V, q_lo = the smallest with the votes at or
 *                   below it >= T·V; the pivot is q_hi when q_hi > s, q_lo when q_lo < s, else
 *                   s (no qualified majority prefers any change). NaN without a status quo.
 *   procedural      the Commission's position (actor com) projected on the Council's win-set
 *                   of s under that rule ([s, 2q_hi − s], [2q_lo − s, s] or {s}), intersected
 *                   under co-decision (notes `proc: COD`, actor ep positioned) with the
 *                   Parliament's ([s, 2e − s] in either order); clipped to the scale. NaN
 *                   without a status quo or a Commission position.
 *   range_mid       the midpoint of the lowest and highest position of every actor. */
enum { X_SQ = -1, X_CMEAN = -2, X_CMEDIAN = -3, X_PIVOT = -4, X_PROC = -5, X_MID = -6 };
static const char *const derived_name[] = {"status_quo", "council_mean", "council_median", "qmv_pivot",
                                           "procedural", "range_mid"};
#define NDERIVED (sizeof derived_name / sizeof derived_name[0])
#define QMV_SHARE (255.0 / 345.0)


typedef struct {
    double x, w;
} xw_t;

static int cmp_xw(const void *a, const void *b)
{
    double x = ((const xw_t *)a)->x, y = ((const xw_t *)b)->x;
    return (x > y) - (x < y);
}

/* Weighted median of p[0..n) sorted by x (weights > 0): the smallest x with cumulative weight
 * > W/2; when it equals W/2 exactly (to 1e-12·W) at a change of position, the midpoint. */
static double xw_median(const xw_t *p, size_t n, double W)
{
    double cum = 0;
    for (size_t k = 0; k < n; k++) {
        cum += p[k].w;
        if (k + 1 < n && p[k + 1].x == p[k].x) continue;
        double d = 2 * cum - W;
        if (fabs(d) <= 1e-12 * W) return k + 1 < n ? p[k].x + (p[k + 1].x - p[k].x) / 2 : p[k].x;
        if (d > 0) return p[k].x;
    }
    return n ? p[n - 1].x : NAN;
}

/* The Council's win-set of status quo sq under rule share T (see above) from the members'
 * positions and votes p[0..n) sorted by x, total V: [*lo, *hi]; returns the pivot. */
static double council_winset(const xw_t *p, size_t n, double V, double T, double sq, double *lo, double *hi)
{
    double need = T * V - 1e-9 * V, cum = 0, qhi = NAN, qlo = NAN;
    for (size_t k = n; k-- > 0;) {
        cum += p[k].w;
        if (cum >= need) { qhi = p[k].x; break; }
    }
    cum = 0;
    for (size_t k = 0; k < n; k++) {
        cum += p[k].w;
        if (cum >= need) { qlo = p[k].x; break; }
    }
    *lo = *hi = sq;
    if (qhi > sq) { *hi = 2 * qhi - sq; return qhi; }
    if (qlo < sq) { *lo = 2 * qlo - sq; return qlo; }
    return sq;
}

/* Derived predictor `code` (X_*) on scenario issue i; m, v: scratch of nactors entries. */
static double derived(const ent_scenario_t *s, size_t i, long code, long com, long ep, xw_t *m, xw_t *v)
{
    const ent_issue_t *is = &s->issues[i];
    double sq = is->status_quo ? is->status_quo[0] : NAN;
    if (code == X_SQ) return sq;
    size_t nm = 0, nv = 0;
    double W = 0, V = 0, sw = 0, lo = INFINITY, hi = -INFINITY;
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present || !p->x || isnan(p->x[0])) continue;
        double x = p->x[0];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
        if ((long)a == com || (long)a == ep) continue;
        double c = ent_scenario_capability(s, a, i), w = c * ent_scenario_salience(s, a, i, 0);
        if (c > 0) { v[nv++] = (xw_t){x, c}; V += c; }
        if (w > 0) { m[nm++] = (xw_t){x, w}; W += w; sw += w * x; }
    }
    if (code == X_MID) return hi >= lo ? lo + (hi - lo) / 2 : NAN;
    if (code == X_CMEAN) return W > 0 ? sw / W : NAN;
    if (code == X_CMEDIAN) {
        qsort(m, nm, sizeof *m, cmp_xw);
        return W > 0 ? xw_median(m, nm, W) : NAN;
    }
    if (isnan(sq) || !(V > 0)) return NAN;
    const char *notes = is->notes;
    double T = notes && strstr(notes, "counvte: Unan") ? 1.0 : QMV_SHARE, wlo, whi;
    qsort(v, nv, sizeof *v, cmp_xw);
    double pivot = council_winset(v, nv, V, T, sq, &wlo, &whi);
    if (code == X_PIVOT) return pivot;
    const ent_position_t *pc = com >= 0 ? ent_scenario_pos(s, (size_t)com, i) : NULL;
    if (!pc || !pc->present || !pc->x || isnan(pc->x[0])) return NAN;
    const ent_position_t *pe = ep >= 0 ? ent_scenario_pos(s, (size_t)ep, i) : NULL;
    if (notes && strstr(notes, "proc: COD") && pe && pe->present && pe->x && !isnan(pe->x[0])) {
        double e2 = 2 * pe->x[0] - sq, elo = e2 < sq ? e2 : sq, ehi = e2 < sq ? sq : e2;
        if (elo > wlo) wlo = elo; /* both sets hold sq: the intersection is not empty */
        if (ehi < whi) whi = ehi;
    }
    double x = pc->x[0] < wlo ? wlo : pc->x[0] > whi ? whi : pc->x[0];
    double slo = is->lo ? is->lo[0] : 0, shi = is->hi ? is->hi[0] : 100;
    return x < slo ? slo : x > shi ? shi : x;
}


long ent_i_extra_code(const ent_scenario_t *s, const char *id)
{
    if (!s || !id) return ENT_I_EXTRA_NONE;
    for (size_t k = 0; k < NDERIVED; k++)
        if (!strcmp(id, derived_name[k])) return -1 - (long)k;
    long a = ent_scenario_find_actor(s, id);
    return a < 0 ? ENT_I_EXTRA_NONE : a;
}

double ent_i_extra_value(const ent_scenario_t *s, size_t i, long code)
{
    if (code >= 0) {
        const ent_position_t *p = ent_scenario_pos(s, (size_t)code, i);
        return p->present && p->x ? p->x[0] : NAN;
    }
    size_t n = s->nactors ? s->nactors : 1;
    xw_t *m = malloc(n * sizeof *m), *v = malloc(n * sizeof *v);
    double x = NAN;
    if (m && v)
        x = derived(s, i, code, ent_scenario_find_actor(s, "com"), ent_scenario_find_actor(s, "ep"), m, v);
    free(m);
    free(v);
    return x;
}

const char *ent_i_extra_actor(const char *name)
{
    if (!name) return NULL;
    if (!strcmp(name, "procedural")) return "com";
    return strncmp(name, "pos:", 4) ? NULL : name + 4;
}

/* ------------------------------------------------------------------ reading */

typedef struct {
    const char *name;
    ent_error_t *err;
} rd_t;

static ent_status_t bad(rd_t *r, const ynode_t *n, const char *fmt, ...) ENT_PRINTF(3, 4);
static ent_status_t bad(rd_t *r, const ynode_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ent_status_t st = ent_error_vset(r->err, ENT_EINPUT, r->name, n ? n->line : 1, n ? n->col : 1, fmt, ap);
    va_end(ap);
    return st;
}

static ent_status_t oom(rd_t *r) { return ent_error_set(r->err, ENT_ENOMEM, r->name, 0, 0, "out of memory"); }

/* The value of `key` in mapping m, or NULL. */
static const ynode_t *get(const ynode_t *m, const char *key)
{
    for (size_t k = 0; k < m->n; k++)
        if (m->u.kids[2 * k]->type == YN_SCALAR && !strcmp(m->u.kids[2 * k]->u.s, key)) return m->u.kids[2 * k + 1];
    return NULL;
}

/* m must be a mapping whose keys are all in keys[] (NULL-terminated), each once; the first
 * nreq of them are required. */
static ent_status_t keys_ok(rd_t *r, const ynode_t *m, const char *what, const char *const *keys, size_t nreq)
{
    if (!m || m->type != YN_MAP) return bad(r, m, "%s must be a mapping; expected key: value lines", what);
    for (size_t k = 0; k < m->n; k++) {
        const ynode_t *kn = m->u.kids[2 * k];
        size_t j = 0;
        while (keys[j] && !(kn->type == YN_SCALAR && !strcmp(kn->u.s, keys[j]))) j++;
        if (!keys[j]) {
            char list[512] = "";
            for (size_t q = 0; keys[q]; q++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", q ? ", " : "", keys[q]);
            return bad(r, kn, "unknown key '%s' in %s; expected one of %s", kn->type == YN_SCALAR ? kn->u.s : "?",
                       what, list);
        }
        for (size_t q = 0; q < k; q++)
            if (m->u.kids[2 * q]->type == YN_SCALAR && !strcmp(m->u.kids[2 * q]->u.s, keys[j]))
                return bad(r, kn, "key '%s' given twice in %s; expected it once", keys[j], what);
    }
    for (size_t j = 0; j < nreq; j++)
        if (!get(m, keys[j])) return bad(r, m, "%s has no '%s'; expected one", what, keys[j]);
    return ENT_OK;
}

static ent_status_t str(rd_t *r, const ynode_t *n, const char *what, char **out)
{
    if (!n || n->type != YN_SCALAR) return bad(r, n, "%s must be a string", what);
    if (!(*out = strdup(n->u.s))) return oom(r);
    return ENT_OK;
}

/* A number written plain; .inf allowed when inf_ok. */
static ent_status_t num(rd_t *r, const ynode_t *n, const char *what, int inf_ok, double *out)
{
    if (!n || n->type != YN_SCALAR || !n->plain)
        return bad(r, n, "%s must be a number written plain", what);
    const char *t = n->u.s;
    if (inf_ok && (!strcmp(t, ".inf") || !strcmp(t, "+.inf"))) {
        *out = INFINITY;
        return ENT_OK;
    }
    char *end;
    errno = 0;
    double v = strtod(t, &end);
    if (!*t || *end || errno == ERANGE || !isfinite(v) || (t[0] != '-' && t[0] != '+' && !(t[0] >= '0' && t[0] <= '9') && t[0] != '.'))
        return bad(r, n, "%s: '%s' is not a finite decimal number%s", what, t, inf_ok ? "; expected a number or .inf" : "");
    *out = v;
    return ENT_OK;
}

static ent_status_t count(rd_t *r, const ynode_t *n, const char *what, double lo, double hi, double *out)
{
    ent_status_t st = num(r, n, what, 0, out);
    if (st == ENT_OK && (*out != floor(*out) || *out < lo || *out > hi))
        return bad(r, n, "%s must be a whole number %.0f..%.0f, not %s", what, lo, hi, n->u.s);
    return st;
}

/* A list of exactly `want` numbers (want 0: any length 1..ENT_CROSSVAL-like 64) into *out. */
static ent_status_t numlist(rd_t *r, const ynode_t *n, const char *what, size_t want, int inf_ok, double **out,
                            size_t *len)
{
    if (!n || n->type != YN_SEQ || !n->n) return bad(r, n, "%s must be a non-empty list of numbers", what);
    if (want && n->n != want)
        return bad(r, n, "%s has %zu entries; expected %zu, one per level", what, n->n, want);
    if (n->n > 64) return bad(r, n, "%s has %zu entries; expected at most 64", what, n->n);
    if (!(*out = calloc(n->n, sizeof **out))) return oom(r);
    for (size_t k = 0; k < n->n; k++) {
        ent_status_t st = num(r, n->u.kids[k], what, inf_ok, &(*out)[k]);
        if (st != ENT_OK) return st;
        if (inf_ok && (*out)[k] < 0) return bad(r, n->u.kids[k], "%s must be >= 0", what);
    }
    if (len) *len = n->n;
    return ENT_OK;
}

static const char *const top_keys[] = {"calibration", NULL};
static const char *const cal_keys[] = {"entente", "scale", "levels", "ensemble", "models", "table", "table_hash",
                                       "capability", "folds", "repeats", "seed", "issues", NULL};
/* The same with the affine block, used when the file has one (the other list keeps the
 * message of a file without one as it was). */
static const char *const cal_keys_aff[] = {"entente", "scale", "levels", "ensemble", "models", "table",
                                           "table_hash", "capability", "folds", "repeats", "seed", "issues",
                                           "affine", NULL};
static const char *const ens_keys[] = {"weights", "half_width", "mae_out_of_sample", "coverage_out_of_sample", NULL};
static const char *const aff_keys[] = {"intercept", "weights", "half_width", "mae_out_of_sample",
                                       "coverage_out_of_sample", NULL};
static const char *const mod_keys[] = {"settings", "half_width", "mae_out_of_sample", "coverage_out_of_sample", NULL};

/* The provenance: strings and counts (optional keys, read when present). */
static ent_status_t read_provenance(rd_t *r, const ynode_t *m, ent_calibration_t *c)
{
    ent_status_t st = ENT_OK;
    const ynode_t *n;
    double x;
    if ((n = get(m, "table")) && (st = str(r, n, "table", &c->table))) return st;
    if ((n = get(m, "table_hash")) && (st = str(r, n, "table_hash", &c->table_hash))) return st;
    if ((n = get(m, "capability")) && (st = str(r, n, "capability", &c->capability))) return st;
    if ((n = get(m, "folds"))) {
        if ((st = count(r, n, "folds", 2, 1e6, &x))) return st;
        c->folds = (int)x;
    }
    if ((n = get(m, "repeats"))) {
        if ((st = count(r, n, "repeats", 1, 1e6, &x))) return st;
        c->repeats = (int)x;
    }
    if ((n = get(m, "issues"))) {
        if ((st = count(r, n, "issues", 1, 1e12, &x))) return st;
        c->issues = (size_t)x;
    }
    if ((n = get(m, "seed"))) {
        char *end;
        if (n->type != YN_SCALAR || !n->plain || !(n->u.s[0] >= '0' && n->u.s[0] <= '9'))
            return bad(r, n, "seed must be a non-negative integer");
        errno = 0;
        c->seed = strtoull(n->u.s, &end, 10);
        if (*end || errno) return bad(r, n, "seed must be a non-negative integer, not '%s'", n->u.s);
    }
    return ENT_OK;
}

/* 1 when name is an extra predictor as a calibration names it: a derived name or "pos:ID". */
static int extra_name(const char *name)
{
    for (size_t k = 0; k < NDERIVED; k++)
        if (!strcmp(name, derived_name[k])) return 1;
    return !strncmp(name, "pos:", 4) && name[4] && !strchr(name + 4, ',');
}

/* One predictor's entry (name: {settings, half_width, ...}): a forecast model or an extra
 * predictor (settings "input"). */
static ent_status_t read_model(rd_t *r, const ynode_t *kn, const ynode_t *vn, ent_calibration_t *c,
                               ent_calibration_model_t *cm)
{
    ent_status_t st;
    int input = kn->type == YN_SCALAR && !ent_forecast_model_find(kn->u.s) && extra_name(kn->u.s);
    const ynode_t *sn = vn && vn->type == YN_MAP ? get(vn, "settings") : NULL;
    if (kn->type == YN_SCALAR && !input && !ent_forecast_model_find(kn->u.s) && sn && sn->type == YN_SCALAR &&
        !strcmp(sn->u.s, "input"))
        return bad(r, kn, "'%s' is not an extra predictor of this entente; expected pos:ID (an actor's "
                   "position) or one of status_quo, council_mean, council_median, qmv_pivot, procedural, "
                   "range_mid", kn->u.s);
    if (kn->type != YN_SCALAR || (!input && !ent_forecast_model_find(kn->u.s)))
        return bad(r, kn, "'%s' is not a forecast model of this entente (an extra predictor of "
                   "`validate --extra`?); expected a model name such as compromise",
                   kn->type == YN_SCALAR ? kn->u.s : "?");
    for (size_t q = 0; q < c->nmodels; q++)
        if (!strcmp(c->models[q].name, kn->u.s)) return bad(r, kn, "model '%s' listed twice; expected it once", kn->u.s);
    if ((st = keys_ok(r, vn, "a model's entry", mod_keys, 3))) return st;
    cm->loc.line = kn->line;
    cm->loc.col = kn->col;
    if (!(cm->name = strdup(kn->u.s))) return oom(r);
    c->nmodels++;
    if ((st = str(r, get(vn, "settings"), "settings", &cm->settings))) return st;
    cm->input = input;
    if (input != !strcmp(cm->settings, "input"))
        return bad(r, get(vn, "settings"), input ? "'%s' is an extra predictor; expected settings: \"input\""
                   : "model '%s' has settings \"input\", which only an extra predictor (pos:ID or a derived "
                   "name such as council_mean) has; expected the model's settings", cm->name);
    if ((st = numlist(r, get(vn, "half_width"), "half_width", c->nlevels, 1, &cm->half_width, NULL))) return st;
    return num(r, get(vn, "mae_out_of_sample"), "mae_out_of_sample", 0, &cm->mae);
}

/* The ensemble's weights: every name a calibrated model, weights >= 0 summing to 1; with
 * affine, any finite weights into affine_weight. */
static ent_status_t read_weights(rd_t *r, const ynode_t *w, ent_calibration_t *c, int affine)
{
    if (!w || w->type != YN_MAP || !w->n) return bad(r, w, "weights must be a mapping model: weight");
    double sum = 0;
    for (size_t k = 0; k < w->n; k++) {
        const ynode_t *kn = w->u.kids[2 * k], *vn = w->u.kids[2 * k + 1];
        size_t m = 0;
        while (m < c->nmodels && !(kn->type == YN_SCALAR && !strcmp(c->models[m].name, kn->u.s))) m++;
        if (m == c->nmodels)
            return bad(r, kn, "weight for '%s', which is not under models:; expected a calibrated model",
                       kn->type == YN_SCALAR ? kn->u.s : "?");
        double x;
        ent_status_t st = num(r, vn, "a weight", 0, &x);
        if (st) return st;
        if (affine) {
            c->models[m].affine_weight = x;
            continue;
        }
        if (x < 0 || x > 1) return bad(r, vn, "weight %s is outside 0..1; expected a convex weight", vn->u.s);
        c->models[m].weight = x;
        sum += x;
    }
    if (!affine && fabs(sum - 1) > 1e-6) return bad(r, w, "the weights sum to %.10g; expected 1", sum);
    return ENT_OK;
}

/* The `affine:` block (calibrate --affine): intercept, weights, half-widths, MAE. */
static ent_status_t read_affine(rd_t *r, const ynode_t *a, ent_calibration_t *c)
{
    ent_status_t st;
    if ((st = keys_ok(r, a, "affine", aff_keys, 4)) || (st = read_weights(r, get(a, "weights"), c, 1))) return st;
    if ((st = num(r, get(a, "intercept"), "intercept", 0, &c->intercept))) return st;
    if ((st = numlist(r, get(a, "half_width"), "half_width", c->nlevels, 1, &c->affine_half_width, NULL))) return st;
    c->affine = 1;
    return num(r, get(a, "mae_out_of_sample"), "mae_out_of_sample", 0, &c->affine_mae);
}

/* The `calibration:` mapping. */
static ent_status_t read_cal(rd_t *r, const ynode_t *m, ent_calibration_t *c)
{
    ent_status_t st;
    if ((st = keys_ok(r, m, "calibration", m && m->type == YN_MAP && get(m, "affine") ? cal_keys_aff : cal_keys, 5)) || (st = read_provenance(r, m, c))) return st;
    const ynode_t *n = get(m, "entente");
    if ((st = str(r, n, "entente", &c->entente))) return st;
    c->entente_loc.line = n->line;
    c->entente_loc.col = n->col;
    n = get(m, "scale");
    double *sc = NULL;
    size_t ns = 0;
    st = numlist(r, n, "scale", 0, 0, &sc, &ns);
    if (!st && ns != 2) st = bad(r, n, "scale has %zu numbers; expected [lo, hi]", ns);
    if (!st && !(sc[0] < sc[1])) st = bad(r, n, "scale [%g, %g] is empty; expected lo < hi", sc[0], sc[1]);
    if (!st) {
        c->scale_lo = sc[0];
        c->scale_hi = sc[1];
        c->scale_loc.line = n->line;
        c->scale_loc.col = n->col;
    }
    free(sc);
    if (st) return st;
    n = get(m, "levels");
    if ((st = numlist(r, n, "levels", 0, 0, &c->levels, &c->nlevels))) return st;
    for (size_t l = 0; l < c->nlevels; l++)
        if (!(c->levels[l] > 0 && c->levels[l] < 1))
            return bad(r, n->u.kids[l], "level %s is outside (0, 1); expected a coverage such as 0.9", n->u.kids[l]->u.s);
    const ynode_t *ms = get(m, "models");
    if (!ms || ms->type != YN_MAP || !ms->n) return bad(r, ms, "models must be a mapping name: {settings, half_width, ...}");
    if (!(c->models = calloc(ms->n, sizeof *c->models))) return oom(r);
    for (size_t k = 0; k < ms->n; k++)
        if ((st = read_model(r, ms->u.kids[2 * k], ms->u.kids[2 * k + 1], c, &c->models[c->nmodels]))) return st;
    const ynode_t *e = get(m, "ensemble");
    if ((st = keys_ok(r, e, "ensemble", ens_keys, 3)) || (st = read_weights(r, get(e, "weights"), c, 0))) return st;
    if ((st = numlist(r, get(e, "half_width"), "half_width", c->nlevels, 1, &c->half_width, NULL))) return st;
    if ((st = num(r, get(e, "mae_out_of_sample"), "mae_out_of_sample", 0, &c->mae))) return st;
    return get(m, "affine") ? read_affine(r, get(m, "affine"), c) : ENT_OK;
}

ent_status_t ent_calibration_parse(const char *name, const char *text, size_t len, ent_calibration_t *out,
                                   ent_error_t *err)
{
    if (!out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "calibration: no result");
    ent_calibration_init(out);
    if (!name) name = "<calibration>";
    rd_t r = {name, err};
    if (!text || !len) return ent_error_set(err, ENT_EINPUT, name, 1, 1, "empty file; expected a calibration "
                                            "(entente calibrate TABLE -o FILE)");
    ent_i_ytree_t *tree = NULL;
    const ynode_t *root = NULL;
    ent_status_t st = ent_i_ytree_parse(name, text, len, &tree, &root, err);
    if (st == ENT_OK && (!root || root->type != YN_MAP))
        st = bad(&r, root, "expected a calibration: a mapping with the key 'calibration' (entente calibrate TABLE -o FILE)");
    if (st == ENT_OK && !get(root, "calibration"))
        st = bad(&r, root, "not a calibration: no key 'calibration'; expected the file that `entente calibrate "
                 "TABLE -o FILE` writes");
    if (st == ENT_OK) st = keys_ok(&r, root, "the file", top_keys, 1);
    if (st == ENT_OK) st = read_cal(&r, get(root, "calibration"), out);
    if (st == ENT_OK && !(out->path = strdup(name))) st = oom(&r);
    ent_i_ytree_free(tree);
    if (st != ENT_OK) ent_calibration_destroy(out);
    return st;
}

ent_status_t ent_calibration_read(const char *path, ent_calibration_t *out, ent_error_t *err)
{
    if (!path || !out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "calibration: path and result are required");
    ent_calibration_init(out);
    FILE *f = fopen(path, "rb");
    if (!f) return ent_error_set(err, ENT_EIO, path, 0, 0, "cannot open the calibration: %s", strerror(errno));
    char *data = malloc(MAX_CAL_BYTES + 1);
    size_t len = data ? fread(data, 1, MAX_CAL_BYTES + 1, f) : 0;
    int ioerr = ferror(f);
    fclose(f);
    ent_status_t st;
    if (!data) st = ent_error_set(err, ENT_ENOMEM, path, 0, 0, "out of memory");
    else if (ioerr) st = ent_error_set(err, ENT_EINPUT, path, 0, 0, "cannot read the calibration; expected a YAML file");
    else if (len > MAX_CAL_BYTES) st = ent_error_set(err, ENT_ELIMIT, path, 0, 0, "calibration larger than 16 MiB; the limit is 16 MiB");
    else st = ent_calibration_parse(path, data, len, out, err);
    free(data);
    return st;
}

/* ------------------------------------------------------------------ applying */

void ent_calibrated_init(ent_calibrated_t *c)
{
    if (c) memset(c, 0, sizeof *c);
}

void ent_calibrated_destroy(ent_calibrated_t *c)
{
    if (!c) return;
    free(c->lo); free(c->hi); free(c->model); free(c->ens); free(c->ens_lo); free(c->ens_hi); free(c->fallback);
    memset(c, 0, sizeof *c);
}

static void interval(double x, double q, double lo, double hi, double *a, double *b)
{
    *a = isnan(x) ? NAN : x - q < lo ? lo : x - q;
    *b = isnan(x) ? NAN : x + q > hi ? hi : x + q;
}

/* The refusals of ent_calibration_apply: version, settings, scales. */
static ent_status_t check(const ent_calibration_t *c, const ent_scenario_t *s, const ent_forecast_t *f, size_t nf,
                          const ent_forecast_opts_t *o, const int *model, ent_error_t *err)
{
    if (strcmp(c->entente, ENT_VERSION))
        return ent_error_set(err, ENT_EINPUT, c->path, c->entente_loc.line, c->entente_loc.col,
                             "calibration made by entente %s, this is entente %s, whose models may forecast "
                             "differently; expected a calibration made by %s (entente calibrate TABLE -o FILE)",
                             c->entente, ENT_VERSION, ENT_VERSION);
    for (size_t m = 0; m < nf; m++) {
        if (model[m] < 0) continue;
        const ent_calibration_model_t *cm = &c->models[model[m]];
        char now[256];
        ent_forecast_model_settings(f[m].model, o, now, sizeof now);
        if (strcmp(now, cm->settings))
            return ent_error_set(err, ENT_EINPUT, c->path, cm->loc.line, cm->loc.col,
                                 "model %s was calibrated with settings '%s' but runs with '%s'; expected a "
                                 "calibration made with the same settings", cm->name, cm->settings, now);
    }
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        if (is->ndim != 1) continue;
        double lo = is->lo ? is->lo[0] : 0, hi = is->hi ? is->hi[0] : 100;
        if (lo != c->scale_lo || hi != c->scale_hi)
            return ent_error_set(err, ENT_EINPUT, s->origin ? s->origin : "<scenario>", is->loc.line, is->loc.col,
                                 "issue %s has the scale %g..%g, the calibration %s was fitted on %g..%g; its "
                                 "half-widths are in those units: expected a calibration for this scale",
                                 is->id, lo, hi, c->path, c->scale_lo, c->scale_hi);
    }
    return ENT_OK;
}

/* The value of each calibrated predictor k on issue i into x[k] (NaN when it has none): a
 * model's forecast f[m] (src[k] = m), or an extra predictor computed from the scenario
 * (src[k] = -2 - its code's position... see apply: code[k]); ran[k] says whether it exists. */
static void values_at(const ent_calibration_t *c, const ent_scenario_t *s, const ent_forecast_t *f, const long *src,
                      const long *code, size_t i, double *x)
{
    for (size_t k = 0; k < c->nmodels; k++) {
        x[k] = NAN;
        if (c->models[k].input) x[k] = ent_i_extra_value(s, i, code[k]);
        else if (src[k] >= 0 && f[src[k]].outcome && f[src[k]].outcome[i]) x[k] = f[src[k]].outcome[i][0];
    }
}

/* The convex ensemble from the values x: weights renormalised over the weighted predictors
 * that have a value on the issue (ran: those run at all). */
static double ensemble_at(const ent_calibration_t *c, const double *x, const long *src, unsigned char *fallback)
{
    double sw = 0, sx = 0, total = 0;
    for (size_t k = 0; k < c->nmodels; k++) {
        if (src[k] < 0 && !c->models[k].input) continue;
        double w = c->models[k].weight;
        total += w;
        if (isnan(x[k]) || !(w > 0)) continue;
        sw += w;
        sx += w * x[k];
    }
    *fallback = sw > 0 && sw < total - 1e-12;
    return sw > 0 ? sx / sw : NAN;
}

/* The affine ensemble: intercept + Σ w·x clipped to [lo, hi]; the convex one (fallback) when a
 * predictor with a weight has no value on the issue. */
static double affine_at(const ent_calibration_t *c, const double *x, const long *src, double lo, double hi,
                        unsigned char *fallback)
{
    double p = c->intercept;
    for (size_t k = 0; k < c->nmodels; k++) {
        if (c->models[k].affine_weight == 0) continue;
        if (isnan(x[k])) {
            double e = ensemble_at(c, x, src, fallback);
            *fallback = 1;
            return e;
        }
        p += c->models[k].affine_weight * x[k];
    }
    *fallback = 0;
    return p < lo ? lo : p > hi ? hi : p;
}

/* Each extra predictor's code; ENT_EINPUT when the scenario lacks the actor it needs. */
static ent_status_t extra_codes(const ent_calibration_t *c, const ent_scenario_t *s, long *code, ent_error_t *err)
{
    for (size_t k = 0; k < c->nmodels; k++) {
        const ent_calibration_model_t *cm = &c->models[k];
        if (!cm->input) continue;
        const char *actor = ent_i_extra_actor(cm->name);
        code[k] = ent_i_extra_code(s, strncmp(cm->name, "pos:", 4) ? cm->name : cm->name + 4);
        if (code[k] == ENT_I_EXTRA_NONE || (actor && ent_scenario_find_actor(s, actor) < 0))
            return ent_error_set(err, ENT_EINPUT, c->path, cm->loc.line, cm->loc.col,
                                 "the extra predictor %s needs the actor '%s', which %s does not have; expected "
                                 "a scenario with an actor '%s' (as in the table the calibration was fitted on)",
                                 cm->name, actor ? actor : cm->name, s->origin ? s->origin : "the scenario",
                                 actor ? actor : cm->name);
    }
    return ENT_OK;
}

ent_status_t ent_calibration_apply(const ent_calibration_t *c, const ent_scenario_t *s, const ent_forecast_t *f,
                                   size_t nf, const ent_forecast_opts_t *o, ent_calibrated_t *out, ent_error_t *err)
{
    if (!c || !s || (!f && nf) || !out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "calibration: missing argument");
    ent_calibrated_init(out);
    size_t I = s->nissues, L = c->nlevels, n1 = I ? I : 1;
    out->nissues = I;
    out->nforecasts = nf;
    out->nlevels = L;
    out->lo = malloc(n1 * (nf ? nf : 1) * L * sizeof *out->lo);
    out->hi = malloc(n1 * (nf ? nf : 1) * L * sizeof *out->hi);
    out->model = malloc((nf ? nf : 1) * sizeof *out->model);
    out->ens = malloc(n1 * sizeof *out->ens);
    out->ens_lo = malloc(n1 * L * sizeof *out->ens_lo);
    out->ens_hi = malloc(n1 * L * sizeof *out->ens_hi);
    out->fallback = calloc(n1, 1);
    if (!out->lo || !out->hi || !out->model || !out->ens || !out->ens_lo || !out->ens_hi || !out->fallback) {
        ent_calibrated_destroy(out);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (calibration)");
    }
    size_t K = c->nmodels ? c->nmodels : 1;
    long *src = malloc(K * sizeof *src), *code = calloc(K, sizeof *code);
    double *vals = malloc(K * sizeof *vals);
    if (!src || !code || !vals) {
        free(src); free(code); free(vals);
        ent_calibrated_destroy(out);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory (calibration)");
    }
    for (size_t k = 0; k < c->nmodels; k++) src[k] = -1;
    double wrun = 0;
    for (size_t m = 0; m < nf; m++) {
        out->model[m] = -1;
        for (size_t k = 0; k < c->nmodels; k++)
            if (f[m].model && !c->models[k].input && !strcmp(f[m].model, c->models[k].name)) {
                out->model[m] = (int)k;
                src[k] = (long)m;
            }
        if (out->model[m] >= 0) wrun += c->models[out->model[m]].weight;
    }
    int aff_ok = 1; /* every predictor with an affine weight is run */
    for (size_t k = 0; k < c->nmodels; k++) {
        if (c->models[k].input) wrun += c->models[k].weight;
        else if (src[k] < 0 && c->models[k].affine_weight != 0) aff_ok = 0;
    }
    ent_status_t st = check(c, s, f, nf, o, out->model, err);
    if (st == ENT_OK) st = extra_codes(c, s, code, err);
    if (st != ENT_OK) {
        free(src); free(code); free(vals);
        ent_calibrated_destroy(out);
        return st;
    }
    out->ensemble = wrun > 1 - 1e-6 && (!c->affine || aff_ok);
    const double *ehw = c->affine ? c->affine_half_width : c->half_width;
    for (size_t i = 0; i < I; i++) {
        const ent_issue_t *is = &s->issues[i];
        int one = is->ndim == 1;
        double lo = is->lo ? is->lo[0] : 0, hi = is->hi ? is->hi[0] : 100;
        for (size_t m = 0; m < nf; m++) {
            const double *x = f[m].outcome ? f[m].outcome[i] : NULL;
            for (size_t l = 0; l < L; l++) {
                double *a = &out->lo[(i * nf + m) * L + l], *b = &out->hi[(i * nf + m) * L + l];
                if (!one || !x || out->model[m] < 0) *a = *b = NAN;
                else interval(x[0], c->models[out->model[m]].half_width[l], lo, hi, a, b);
            }
        }
        out->ens[i] = NAN;
        if (one && out->ensemble) {
            values_at(c, s, f, src, code, i, vals);
            out->ens[i] = c->affine ? affine_at(c, vals, src, lo, hi, &out->fallback[i])
                                    : ensemble_at(c, vals, src, &out->fallback[i]);
        }
        for (size_t l = 0; l < L; l++)
            interval(out->ens[i], c->affine && out->fallback[i] ? c->half_width[l] : ehw[l], lo, hi, &out->ens_lo[i * L + l], &out->ens_hi[i * L + l]);
    }
    free(src); free(code); free(vals);
    return ENT_OK;
}
