/* SPDX-License-Identifier: MIT */
/* uncertainty.c — the `uncertainty:` section of a scenario (docs/format.md, "uncertainty"):
 * distributions of single coded values, scenario-wide defaults per kind of value, and the
 * probability that a precondition is really insisted on (`p_insisted`). Reads the loader's
 * parse tree (scenario/ynode.h) once every other section is loaded, resolves each path (the
 * `--set` paths: ACTOR.ISSUE.position[d], ACTOR.ISSUE.salience[d], ACTOR.ISSUE.capability,
 * ACTOR.capability, ACTOR.attributes.KEY; STEP:REQUIRED for p_insisted) to indices, and
 * checks every parameter: lo <= hi, sd >= 0, a triangular mode inside [lo, hi], choice
 * probabilities >= 0 summing to 1, every value a distribution can give inside the value's
 * range, each value and each precondition at most once. Errors: file:line:col at the
 * offending key or number. Also: the command-line override of the defaults, destruction and
 * comparison (ent_scenario_equal).
 * The distributions themselves are sampled by the simulation engine (src/analysis/simulate.c).
 * Complexity: O(entries × (actors + issues + steps)) for the path lookups (linear id scans),
 * O(size of the section) otherwise.
 */
#include "scenario/uncertainty.h"
#include "scenario/idmap.h"
#include "scenario/numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ent_scenario_t *s;
    const char *name;
    ent_error_t *err;
} uc_t;

static ent_status_t fail(uc_t *c, const ynode_t *n, const char *fmt, ...) ENT_PRINTF(3, 4);
static ent_status_t fail(uc_t *c, const ynode_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ent_status_t st = ent_error_vset(c->err, ENT_EINPUT, c->name, n ? n->line : 0, n ? n->col : 0, fmt, ap);
    va_end(ap);
    return st;
}

static ent_status_t oom(uc_t *c)
{
    return ent_error_set(c->err, ENT_ENOMEM, c->name, 0, 0, "out of memory loading the uncertainty section");
}

static int is_null(const ynode_t *n)
{
    if (!n) return 1;
    if (n->type != YN_SCALAR || !n->plain) return 0;
    const char *t = n->u.s;
    return !*t || !strcmp(t, "~") || !strcmp(t, "null") || !strcmp(t, "Null") || !strcmp(t, "NULL");
}

static const char *describe(const ynode_t *n)
{
    if (!n || is_null(n)) return "nothing";
    return n->type == YN_SEQ ? "a list" : n->type == YN_MAP ? "a mapping" : n->plain ? "a plain word" : "a string";
}

/* A decimal number as the loader reads them (docs/format.md, "Values"): unquoted, finite, in
 * the scenario's range. Returns 0 when the text is one. */
static int text_num(const char *t, double *v)
{
    const char *p = t;
    if (*p == '+' || *p == '-') p++;
    size_t nd = 0;
    while (*p >= '0' && *p <= '9') { p++; nd++; }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') { p++; nd++; }
    }
    if (!nd) return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return -1;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p) return -1;
    errno = 0;
    *v = strtod(t, NULL);
    return ent_i_num_in_range(*v, errno == ERANGE) ? 0 : -2;
}

static ent_status_t get_num(uc_t *c, const ynode_t *n, const char *what, double *v)
{
    if (!n || is_null(n)) return fail(c, n, "%s is empty; expected a number", what);
    if (n->type != YN_SCALAR || !n->plain)
        return fail(c, n, "%s must be a number; got %s", what, describe(n));
    int r = text_num(n->u.s, v);
    if (r == -2) return fail(c, n, "%s %.40s is out of range; expected " ENT_I_NUM_RANGE_TEXT, what, n->u.s);
    if (r) return fail(c, n, "%s must be a finite number; got '%.40s'", what, n->u.s);
    return ENT_OK;
}

/* A list of numbers into a malloc'd array (*out, *n); `min` items at least, `exact` when
 * nonzero the exact count. */
static ent_status_t get_nums(uc_t *c, const ynode_t *n, const char *what, size_t min, size_t exact, double **out,
                             size_t *cnt)
{
    *out = NULL;
    *cnt = 0;
    if (!n || n->type != YN_SEQ) return fail(c, n, "%s must be a list of numbers; got %s", what, describe(n));
    if ((exact && n->n != exact) || n->n < min) {
        if (exact) return fail(c, n, "%s has %zu numbers; expected %zu", what, n->n, exact);
        return fail(c, n, "%s has %zu numbers; expected at least %zu", what, n->n, min);
    }
    double *x = malloc((n->n ? n->n : 1) * sizeof *x);
    if (!x) return oom(c);
    for (size_t i = 0; i < n->n; i++) {
        ent_status_t st = get_num(c, n->u.kids[i], what, &x[i]);
        if (st != ENT_OK) { free(x); return st; }
    }
    *out = x;
    *cnt = n->n;
    return ENT_OK;
}

/* Keys of a mapping against a list; val[k] the value of keys[k] or NULL. */
static ent_status_t take_keys(uc_t *c, const ynode_t *map, const char *what, const char *const *keys, size_t nk,
                              const ynode_t **val, const ynode_t **keyn)
{
    for (size_t k = 0; k < nk; k++) val[k] = keyn[k] = NULL;
    if (!map || map->type != YN_MAP) return fail(c, map, "%s must be a mapping; got %s", what, describe(map));
    for (size_t i = 0; i < map->n; i++) {
        const ynode_t *kn = map->u.kids[2 * i];
        size_t k = 0;
        while (kn->type == YN_SCALAR && k < nk && strcmp(keys[k], kn->u.s)) k++;
        if (kn->type != YN_SCALAR || k == nk) {
            char list[200];
            size_t off = 0;
            list[0] = 0;
            for (size_t j = 0; j < nk; j++)
                off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", j ? ", " : "", keys[j]);
            return fail(c, kn, "unknown key '%.60s' in %s; expected one of %s", kn->type == YN_SCALAR ? kn->u.s : "?",
                        what, list);
        }
        if (val[k]) return fail(c, kn, "duplicate key '%s' in %s (first at line %d); expected each key once", keys[k],
                                what, keyn[k]->line);
        val[k] = map->u.kids[2 * i + 1];
        keyn[k] = kn;
    }
    return ENT_OK;
}

/* ---- defaults ---- */

static ent_status_t load_default(uc_t *c, const ynode_t *n, const char *kind, ent_unc_default_t *d)
{
    static const char *const keys[] = {"sd", "relative"};
    const ynode_t *v[2], *k[2];
    char what[64];
    snprintf(what, sizeof what, "the %s default", kind);
    ent_status_t st = take_keys(c, n, what, keys, 2, v, k);
    if (st != ENT_OK) return st;
    if (!v[0] == !v[1])
        return fail(c, n, "%s gives %s; expected one of sd (a normal around the coded value) or relative (uniform "
                    "on the coded value +- a fraction of it)", what, v[0] ? "both sd and relative" : "neither");
    double x;
    const ynode_t *w = v[0] ? v[0] : v[1];
    if ((st = get_num(c, w, v[0] ? "sd" : "relative", &x)) != ENT_OK) return st;
    if (x < 0) return fail(c, w, "%s %s is negative; expected a number >= 0", v[0] ? "sd" : "relative", w->u.s);
    d->sd = v[0] ? x : NAN;
    d->relative = v[1] ? x : NAN;
    return ENT_OK;
}

/* ---- paths ---- */

/* Look up an id given as (t, len). */
static long find_n(long (*find)(const ent_scenario_t *, const char *), const ent_scenario_t *s, const char *t,
                   size_t len)
{
    char buf[512];
    if (len >= sizeof buf) return -1;
    memcpy(buf, t, len);
    buf[len] = 0;
    return find(s, buf);
}

/* The range of values a target may take: [lo, hi]. */
static void target_range(const ent_scenario_t *s, const ent_unc_value_t *v, double *lo, double *hi)
{
    switch (v->target) {
    case ENT_UNC_POSITION:
        *lo = s->issues[v->issue].lo[v->dim];
        *hi = s->issues[v->issue].hi[v->dim];
        return;
    case ENT_UNC_SALIENCE:
        *lo = 0;
        *hi = s->salience_scale;
        return;
    case ENT_UNC_ATTRIBUTE:  /* a rule weight: docs/rules.md asks for >= 0 */
    default:
        *lo = 0;
        *hi = ENT_I_NUM_MAX;
        return;
    }
}

/* Resolve a value path (docs/format.md) at key node kn into v->target, actor, issue, dim. */
static ent_status_t resolve_path(uc_t *c, const ynode_t *kn, ent_unc_value_t *v)
{
    const ent_scenario_t *s = c->s;
    const char *t = kn->u.s;
    size_t len = strlen(t);
    const char *attr = strstr(t, ".attributes.");
    if (attr) {
        long a = find_n(ent_scenario_find_actor, s, t, (size_t)(attr - t));
        if (a < 0) return fail(c, kn, "unknown actor '%.*s' in '%s'; expected ACTOR.attributes.KEY", (int)(attr - t), t, t);
        const char *key = attr + 12;
        const ent_actor_t *ac = &s->actors[a];
        for (size_t k = 0; k < ac->nattrs; k++)
            if (!strcmp(ac->attrs[k].key, key)) {
                if (isnan(ac->attrs[k].num))
                    return fail(c, kn, "attribute '%s' of actor '%s' is text; expected a numeric attribute", key, ac->id);
                v->target = ENT_UNC_ATTRIBUTE;
                v->actor = (size_t)a;
                v->dim = k;
                return ENT_OK;
            }
        return fail(c, kn, "actor '%s' has no attribute '%s'; expected one of its attributes", ac->id, key);
    }
    /* the field is the last segment, with an optional [d] */
    const char *dot = strrchr(t, '.');
    if (!dot) return fail(c, kn, "'%s' is not a value; expected ACTOR.capability, ACTOR.ISSUE.position, "
                          "ACTOR.ISSUE.salience, ACTOR.ISSUE.capability or ACTOR.attributes.KEY", t);
    const char *f = dot + 1, *br = strchr(f, '[');
    size_t flen = br ? (size_t)(br - f) : len - (size_t)(f - t);
    long dim = -1;
    if (br) {
        char *end;
        dim = strtol(br + 1, &end, 10);
        if (end == br + 1 || *end != ']' || end[1] || dim < 1)
            return fail(c, kn, "bad dimension '%s' in '%s'; expected [d], d = 1, 2, ...", br, t);
        dim--;
    }
    size_t plen = (size_t)(dot - t);
    long a = find_n(ent_scenario_find_actor, s, t, plen);
    if (a >= 0) {
        if (flen != 10 || strncmp(f, "capability", 10) || br)
            return fail(c, kn, "unknown field '%.*s' of actor '%s'; expected capability, attributes.KEY, or an issue id "
                        "then a field", (int)flen, f, s->actors[a].id);
        v->target = ENT_UNC_CAPABILITY;
        v->actor = (size_t)a;
        return ENT_OK;
    }
    long is = -1;
    for (size_t m = 0; m < plen && is < 0; m++) {
        if (t[m] != '.') continue;
        a = find_n(ent_scenario_find_actor, s, t, m);
        if (a >= 0) is = find_n(ent_scenario_find_issue, s, t + m + 1, plen - m - 1);
    }
    for (size_t m = plen; is < 0 && m-- > 0;)  /* an actor, then an unknown issue */
        if (t[m] == '.' && find_n(ent_scenario_find_actor, s, t, m) >= 0)
            return fail(c, kn, "unknown issue '%.*s' in '%s'; expected an issue id of the scenario after actor '%.*s'",
                        (int)(plen - m - 1), t + m + 1, t, (int)m, t);
    if (is < 0)
        return fail(c, kn, "'%.*s' names no actor, nor an actor and an issue; expected ACTOR or ACTOR.ISSUE before '.%.*s'",
                    (int)plen, t, (int)flen, f);
    const ent_issue_t *isp = &s->issues[is];
    const ent_position_t *p = ent_scenario_pos(s, (size_t)a, (size_t)is);
    v->actor = (size_t)a;
    v->issue = (size_t)is;
    if (flen == 8 && !strncmp(f, "position", 8)) v->target = ENT_UNC_POSITION;
    else if (flen == 8 && !strncmp(f, "salience", 8)) v->target = ENT_UNC_SALIENCE;
    else if (flen == 10 && !strncmp(f, "capability", 10)) v->target = ENT_UNC_POS_CAPABILITY;
    else return fail(c, kn, "unknown field '%.*s'; expected position, salience or capability", (int)flen, f);
    if (!p->present)
        return fail(c, kn, "actor '%s' has no position on issue '%s'; expected a value that exists in the file",
                    s->actors[a].id, isp->id);
    if (v->target == ENT_UNC_POS_CAPABILITY) {
        if (br) return fail(c, kn, "capability has no dimensions; expected no [d]");
        if (isnan(p->capability))
            return fail(c, kn, "the position of '%s' on '%s' has no capability of its own; expected %s.capability for "
                        "the actor's", s->actors[a].id, isp->id, s->actors[a].id);
        return ENT_OK;
    }
    if (dim < 0 && isp->ndim > 1)
        return fail(c, kn, "issue '%s' has %zu dimensions; expected %.*s[d] with d = 1..%zu", isp->id, isp->ndim,
                    (int)flen, f, isp->ndim);
    if (dim >= (long)isp->ndim)
        return fail(c, kn, "dimension %ld of issue '%s'; expected d = 1..%zu", dim + 1, isp->id, isp->ndim);
    v->dim = dim < 0 ? 0 : (size_t)dim;
    return ENT_OK;
}

/* ---- distributions ---- */

/* A value a distribution can give must lie in [lo, hi]. */
static ent_status_t in_range(uc_t *c, const ynode_t *n, const char *path, double x, double lo, double hi)
{
    if (x >= lo && x <= hi) return ENT_OK;
    char a[ENT_I_NUMBUF], b[ENT_I_NUMBUF], y[ENT_I_NUMBUF];
    if (hi >= ENT_I_NUM_MAX)
        return fail(c, n, "%s can be %s, below %s; expected values >= %s", path, ent_i_fmt_double(y, x),
                    ent_i_fmt_double(a, lo), a);
    return fail(c, n, "%s can be %s, outside its range; expected values in [%s, %s]", path, ent_i_fmt_double(y, x),
                ent_i_fmt_double(a, lo), ent_i_fmt_double(b, hi));
}

/* The distribution mapping n of value `path` (range [lo, hi]) into *d. */
static ent_status_t load_dist(uc_t *c, const ynode_t *n, const char *path, double lo, double hi, ent_dist_t *d)
{
    static const char *const keys[] = {"uniform", "normal", "triangular", "choice", "empirical"};
    const ynode_t *v[5], *k[5];
    char what[600];
    snprintf(what, sizeof what, "the distribution of %.500s", path);
    ent_status_t st = take_keys(c, n, what, keys, 5, v, k);
    if (st != ENT_OK) return st;
    int which = -1, count = 0;
    for (int i = 0; i < 5; i++)
        if (v[i]) { which = i; count++; }
    if (count != 1) {  /* point at the second distribution's key, or at the empty mapping */
        const ynode_t *at = n;
        for (size_t i = 0, seen = 0; i < n->n && count; i++)
            if (++seen == 2) at = n->u.kids[2 * i];
        return fail(c, at, "%s gives %d distributions; expected exactly one of uniform, normal, triangular, choice, "
                    "empirical", what, count);
    }
    const ynode_t *w = v[which];
    d->a = d->b = d->c = NAN;
    double *x = NULL;
    size_t m = 0;
    switch (which) {
    case 0:  /* uniform: [lo, hi] */
        if ((st = get_nums(c, w, "uniform", 2, 2, &x, &m)) != ENT_OK) return st;
        d->kind = ENT_DIST_UNIFORM;
        d->a = x[0];
        d->b = x[1];
        free(x);
        if (d->a > d->b) return fail(c, w, "uniform [%g, %g] has lo > hi; expected lo <= hi", d->a, d->b);
        if ((st = in_range(c, w->u.kids[0], path, d->a, lo, hi)) != ENT_OK) return st;
        return in_range(c, w->u.kids[1], path, d->b, lo, hi);
    case 1: { /* normal: {mean, sd} */
        static const char *const nk[] = {"mean", "sd"};
        const ynode_t *nv[2], *nkn[2];
        if ((st = take_keys(c, w, "normal", nk, 2, nv, nkn)) != ENT_OK) return st;
        d->kind = ENT_DIST_NORMAL;
        if (!nv[1]) return fail(c, w, "normal has no 'sd'; expected {mean: M, sd: S} (mean: the coded value when left out)");
        if ((st = get_num(c, nv[1], "sd", &d->b)) != ENT_OK) return st;
        if (d->b < 0) return fail(c, nv[1], "sd %s is negative; expected a number >= 0", nv[1]->u.s);
        if (nv[0]) {
            if ((st = get_num(c, nv[0], "mean", &d->a)) != ENT_OK) return st;
            return in_range(c, nv[0], path, d->a, lo, hi);
        }
        return ENT_OK;
    }
    case 2:  /* triangular: [lo, mode, hi] */
        if ((st = get_nums(c, w, "triangular", 3, 3, &x, &m)) != ENT_OK) return st;
        d->kind = ENT_DIST_TRIANGULAR;
        d->a = x[0];
        d->b = x[1];
        d->c = x[2];
        free(x);
        if (d->a > d->c) return fail(c, w, "triangular [%g, %g, %g] has lo > hi; expected lo <= mode <= hi", d->a, d->b, d->c);
        if (d->b < d->a || d->b > d->c)
            return fail(c, w->u.kids[1], "triangular mode %g is outside [%g, %g]; expected lo <= mode <= hi", d->b, d->a, d->c);
        if ((st = in_range(c, w->u.kids[0], path, d->a, lo, hi)) != ENT_OK) return st;
        return in_range(c, w->u.kids[2], path, d->c, lo, hi);
    case 3: { /* choice: {values, p} */
        static const char *const ck[] = {"values", "p"};
        const ynode_t *cv[2], *ckn[2];
        if ((st = take_keys(c, w, "choice", ck, 2, cv, ckn)) != ENT_OK) return st;
        d->kind = ENT_DIST_CHOICE;
        if (!cv[0] || !cv[1]) return fail(c, w, "choice has no '%s'; expected {values: [...], p: [...]}", cv[0] ? "p" : "values");
        if ((st = get_nums(c, cv[0], "choice values", 1, 0, &d->values, &d->n)) != ENT_OK) return st;
        size_t np;
        if ((st = get_nums(c, cv[1], "choice p", 1, 0, &d->p, &np)) != ENT_OK) return st;
        if (np != d->n) return fail(c, cv[1], "choice has %zu values and %zu probabilities; expected one probability per value", d->n, np);
        double sum = 0;
        for (size_t i = 0; i < np; i++) {
            if (d->p[i] < 0 || d->p[i] > 1)
                return fail(c, cv[1]->u.kids[i], "choice probability %g is out of range; expected a number in [0, 1]", d->p[i]);
            sum += d->p[i];
        }
        if (fabs(sum - 1) > 1e-9)
            return fail(c, cv[1], "choice probabilities sum to %.12g; expected a sum of 1", sum);
        for (size_t i = 0; i < d->n; i++)
            if ((st = in_range(c, cv[0]->u.kids[i], path, d->values[i], lo, hi)) != ENT_OK) return st;
        return ENT_OK;
    }
    default: /* empirical: [x1, x2, ...] */
        d->kind = ENT_DIST_EMPIRICAL;
        if ((st = get_nums(c, w, "empirical", 1, 0, &d->values, &d->n)) != ENT_OK) return st;
        for (size_t i = 0; i < d->n; i++)
            if ((st = in_range(c, w->u.kids[i], path, d->values[i], lo, hi)) != ENT_OK) return st;
        return ENT_OK;
    }
}

static int same_target(const ent_unc_value_t *a, const ent_unc_value_t *b)
{
    return a->target == b->target && a->actor == b->actor && a->issue == b->issue && a->dim == b->dim;
}

static ent_status_t load_values(uc_t *c, const ynode_t *n, ent_uncertainty_t *u)
{
    if (n->type != YN_MAP)
        return fail(c, n, "'values' must be a mapping of value paths to distributions; got %s", describe(n));
    if (!(u->values = calloc(n->n ? n->n : 1, sizeof *u->values))) return oom(c);
    for (size_t i = 0; i < n->n; i++) {
        const ynode_t *kn = n->u.kids[2 * i], *vn = n->u.kids[2 * i + 1];
        if (kn->type != YN_SCALAR) return fail(c, kn, "a key of 'values' is %s; expected a value path", describe(kn));
        ent_unc_value_t *v = &u->values[i];
        u->nvalues = i + 1;
        v->loc.line = kn->line;
        v->loc.col = kn->col;
        ent_status_t st = resolve_path(c, kn, v);
        if (st != ENT_OK) return st;
        for (size_t j = 0; j < i; j++)
            if (same_target(&u->values[j], v))
                return fail(c, kn, "'%s' names a value already given a distribution at line %d; expected each value once",
                            kn->u.s, u->values[j].loc.line);
        double lo, hi;
        target_range(c->s, v, &lo, &hi);
        if ((st = load_dist(c, vn, kn->u.s, lo, hi, &v->dist)) != ENT_OK) return st;
    }
    return ENT_OK;
}

/* ---- correlated groups ---- */

int ent_i_corr_factor(const double *a, size_t n, double *l)
{
    const double eps = 1e-10;
    memset(l, 0, n * n * sizeof *l);
    for (size_t j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (size_t k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
        if (d < -eps) return -1;
        if (d <= eps) {  /* a zero pivot: the column must be empty below */
            for (size_t i = j + 1; i < n; i++) {
                double r = a[i * n + j];
                for (size_t k = 0; k < j; k++) r -= l[i * n + k] * l[j * n + k];
                if (fabs(r) > 1e-8) return -1;
            }
            continue;
        }
        double p = sqrt(d);
        l[j * n + j] = p;
        for (size_t i = j + 1; i < n; i++) {
            double r = a[i * n + j];
            for (size_t k = 0; k < j; k++) r -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = r / p;
        }
    }
    return 0;
}

/* Does value v have a law: a `values` entry or its kind's default? */
static int has_law(const ent_uncertainty_t *u, const ent_unc_value_t *v)
{
    for (size_t k = 0; k < u->nvalues; k++)
        if (u->values[k].target == v->target && u->values[k].actor == v->actor && u->values[k].issue == v->issue &&
            u->values[k].dim == v->dim)
            return 1;
    const ent_unc_default_t *d = v->target == ENT_UNC_POSITION ? &u->position : v->target == ENT_UNC_SALIENCE ? &u->salience
                               : v->target == ENT_UNC_ATTRIBUTE ? NULL : &u->capability;
    return d && (!isnan(d->sd) || !isnan(d->relative));
}

static ent_status_t load_group(uc_t *c, const ynode_t *n, ent_uncertainty_t *u, ent_unc_group_t *g)
{
    static const char *const keys[] = {"values", "correlation", "matrix"};
    const ynode_t *v[3], *k[3];
    ent_status_t st = take_keys(c, n, "a correlated group", keys, 3, v, k);
    if (st != ENT_OK) return st;
    g->loc.line = n->line;
    g->loc.col = n->col;
    if (!v[0] || v[0]->type != YN_SEQ || v[0]->n < 2)
        return fail(c, v[0] ? v[0] : n, "a correlated group needs 'values', a list of at least 2 value paths; got %s",
                    v[0] ? describe(v[0]) : "none");
    if (!v[1] == !v[2])
        return fail(c, n, "a correlated group gives %s; expected one of correlation (every pair) or matrix",
                    v[1] ? "both correlation and matrix" : "neither correlation nor matrix");
    size_t m = v[0]->n;
    if (!(g->values = calloc(m, sizeof *g->values)) || !(g->corr = calloc(m * m, sizeof *g->corr))) return oom(c);
    g->n = m;
    for (size_t i = 0; i < m; i++) {
        const ynode_t *pn = v[0]->u.kids[i];
        if (pn->type != YN_SCALAR) return fail(c, pn, "a value of a correlated group is %s; expected a value path", describe(pn));
        ent_unc_value_t x;
        memset(&x, 0, sizeof x);
        if ((st = resolve_path(c, pn, &x)) != ENT_OK) return st;
        if (!has_law(u, &x))
            return fail(c, pn, "'%s' has no distribution; expected a value of 'values' or of a kind with a default", pn->u.s);
        for (size_t q = 0; q < u->ngroups; q++)
            for (size_t j = 0; j < u->groups[q].n && (&u->groups[q] != g || j < i); j++) {
                const ent_unc_ref_t *y = &u->groups[q].values[j];
                if (y->target == x.target && y->actor == x.actor && y->issue == x.issue && y->dim == x.dim)
                    return fail(c, pn, "'%s' is already in a correlated group (line %d); expected each value in one group",
                                pn->u.s, u->groups[q].loc.line);
            }
        g->values[i] = (ent_unc_ref_t){x.target, x.actor, x.issue, x.dim};
    }
    if (v[1]) {
        double r;
        if ((st = get_num(c, v[1], "correlation", &r)) != ENT_OK) return st;
        if (r < -1 || r > 1) return fail(c, v[1], "correlation %s is outside [-1, 1]; expected a correlation", v[1]->u.s);
        g->uniform = 1;
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++) g->corr[i * m + j] = i == j ? 1 : r;
    } else {
        const ynode_t *mx = v[2];
        if (mx->type != YN_SEQ || mx->n != m)
            return fail(c, mx, "the matrix has %zu rows; expected %zu, one per value", mx->type == YN_SEQ ? mx->n : 0, m);
        for (size_t i = 0; i < m; i++) {
            const ynode_t *row = mx->u.kids[i];
            if (row->type != YN_SEQ || row->n != m)
                return fail(c, row, "row %zu of the matrix is not a list of %zu numbers", i + 1, m);
            for (size_t j = 0; j < m; j++) {
                const ynode_t *e = row->u.kids[j];
                double x;
                if ((st = get_num(c, e, "a correlation", &x)) != ENT_OK) return st;
                if (x < -1 || x > 1) return fail(c, e, "correlation %s is outside [-1, 1]; expected a correlation", e->u.s);
                if (i == j && x != 1) return fail(c, e, "diagonal entry %s; expected 1", e->u.s);
                if (j < i && x != g->corr[j * m + i])
                    return fail(c, e, "entry (%zu, %zu) is %s, entry (%zu, %zu) %g; expected a symmetric matrix", i + 1,
                                j + 1, e->u.s, j + 1, i + 1, g->corr[j * m + i]);
                g->corr[i * m + j] = x;
            }
        }
    }
    double *l = malloc(m * m * sizeof *l);
    if (!l) return oom(c);
    int psd = ent_i_corr_factor(g->corr, m, l) == 0;
    free(l);
    if (!psd)
        return fail(c, v[1] ? v[1] : v[2], "the correlation matrix of these %zu values is not positive semi-definite; "
                    "expected a valid correlation matrix%s", m, v[1] ? " (every pair r needs r >= -1/(n-1))" : "");
    return ENT_OK;
}

static ent_status_t load_groups(uc_t *c, const ynode_t *n, ent_uncertainty_t *u)
{
    if (n->type != YN_SEQ) return fail(c, n, "'correlated' must be a list of groups; got %s", describe(n));
    if (!(u->groups = calloc(n->n ? n->n : 1, sizeof *u->groups))) return oom(c);
    for (size_t i = 0; i < n->n; i++) {
        u->ngroups = i + 1;
        ent_status_t st = load_group(c, n->u.kids[i], u, &u->groups[i]);
        if (st != ENT_OK) return st;
    }
    return ENT_OK;
}

static ent_status_t load_insist(uc_t *c, const ynode_t *n, ent_uncertainty_t *u)
{
    const ent_scenario_t *s = c->s;
    if (n->type != YN_MAP)
        return fail(c, n, "'p_insisted' must be a mapping STEP:REQUIRED -> probability; got %s", describe(n));
    if (!(u->insist = calloc(n->n ? n->n : 1, sizeof *u->insist))) return oom(c);
    for (size_t i = 0; i < n->n; i++) {
        const ynode_t *kn = n->u.kids[2 * i], *vn = n->u.kids[2 * i + 1];
        if (kn->type != YN_SCALAR) return fail(c, kn, "a key of 'p_insisted' is %s; expected STEP:REQUIRED", describe(kn));
        const char *t = kn->u.s, *colon = strchr(t, ':');
        if (!colon) return fail(c, kn, "'%s' is not a precondition; expected STEP:REQUIRED (quote it in YAML)", t);
        long st_ = find_n(ent_scenario_find_step, s, t, (size_t)(colon - t));
        if (st_ < 0) return fail(c, kn, "unknown step '%.*s'; expected a step id of the scenario", (int)(colon - t), t);
        long rq = ent_scenario_find_step(s, colon + 1);
        if (rq < 0) return fail(c, kn, "unknown step '%s'; expected a step id of the scenario", colon + 1);
        const ent_step_t *sp = &s->steps[st_];
        size_t q = 0, k = 0;
        for (q = 0; q < sp->npre; q++) {
            for (k = 0; k < sp->pre[q].nsteps && sp->pre[q].steps[k] != (size_t)rq; k++) {}
            if (k < sp->pre[q].nsteps) break;
        }
        if (q == sp->npre)
            return fail(c, kn, "step '%s' has no precondition '%s'; expected one of its `requires` steps", sp->id, colon + 1);
        ent_unc_insist_t *e = &u->insist[i];
        u->ninsist = i + 1;
        e->step = (size_t)st_;
        e->pre = q;
        e->req = (size_t)rq;
        e->loc.line = kn->line;
        e->loc.col = kn->col;
        for (size_t j = 0; j < i; j++)
            if (u->insist[j].step == e->step && u->insist[j].pre == e->pre)
                return fail(c, kn, "the precondition '%s' already has a p_insisted at line %d; expected each precondition once",
                            t, u->insist[j].loc.line);
        ent_status_t st = get_num(c, vn, "p_insisted", &e->p);
        if (st != ENT_OK) return st;
        if (e->p < 0 || e->p > 1) return fail(c, vn, "p_insisted %s is out of range; expected a probability in [0, 1]", vn->u.s);
    }
    return ENT_OK;
}

static void default_none(ent_unc_default_t *d)
{
    d->sd = d->relative = NAN;
}

static ent_uncertainty_t *new_uncertainty(void)
{
    ent_uncertainty_t *u = calloc(1, sizeof *u);
    if (!u) return NULL;
    default_none(&u->position);
    default_none(&u->salience);
    default_none(&u->capability);
    return u;
}

ent_status_t ent_i_uncertainty_load(ent_scenario_t *s, const char *name, const ynode_t *n, ent_error_t *err)
{
    static const char *const keys[] = {"position", "salience", "capability", "values", "p_insisted", "correlated"};
    uc_t c = {s, name, err};
    const ynode_t *v[6], *k[6];
    ent_status_t st = take_keys(&c, n, "'uncertainty'", keys, 6, v, k);
    if (st != ENT_OK) return st;
    ent_uncertainty_t *u = new_uncertainty();
    if (!u) return oom(&c);
    ent_uncertainty_destroy(s->uncertainty);
    s->uncertainty = u;
    if (v[0] && !is_null(v[0]) && (st = load_default(&c, v[0], "position", &u->position)) != ENT_OK) return st;
    if (v[1] && !is_null(v[1]) && (st = load_default(&c, v[1], "salience", &u->salience)) != ENT_OK) return st;
    if (v[2] && !is_null(v[2]) && (st = load_default(&c, v[2], "capability", &u->capability)) != ENT_OK) return st;
    if (v[3] && !is_null(v[3]) && (st = load_values(&c, v[3], u)) != ENT_OK) return st;
    if (v[4] && !is_null(v[4]) && (st = load_insist(&c, v[4], u)) != ENT_OK) return st;
    if (v[5] && !is_null(v[5]) && (st = load_groups(&c, v[5], u)) != ENT_OK) return st;
    return ENT_OK;
}

void ent_uncertainty_destroy(ent_uncertainty_t *u)
{
    if (!u) return;
    for (size_t i = 0; i < u->nvalues; i++) {
        free(u->values[i].dist.values);
        free(u->values[i].dist.p);
    }
    free(u->values);
    free(u->insist);
    for (size_t g = 0; g < u->ngroups; g++) {
        free(u->groups[g].values);
        free(u->groups[g].corr);
    }
    free(u->groups);
    free(u);
}

static int has_default(const ent_unc_default_t *d)
{
    return !isnan(d->sd) || !isnan(d->relative);
}

int ent_scenario_uncertain(const ent_scenario_t *s)
{
    const ent_uncertainty_t *u = s ? s->uncertainty : NULL;
    return u && (has_default(&u->position) || has_default(&u->salience) || has_default(&u->capability) ||
                 u->nvalues || u->ninsist);
}

ent_status_t ent_scenario_uncertainty_override(ent_scenario_t *s, const char *text, ent_error_t *err)
{
#define BAD(...) ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "--uncertainty %s: col %d: " __VA_ARGS__)
    if (!s || !text) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_scenario_uncertainty_override: no scenario or text");
    const char *dot = strchr(text, '.'), *eq = strchr(text, '=');
    if (!dot || !eq || eq < dot)
        return BAD("'%s' is not KIND.PARAM=NUMBER; expected e.g. position.sd=10 or capability.relative=0.2", text, 1, text);
    size_t kl = (size_t)(dot - text), pl = (size_t)(eq - dot - 1);
    int kind = kl == 8 && !strncmp(text, "position", 8) ? 0 : kl == 8 && !strncmp(text, "salience", 8) ? 1
             : kl == 10 && !strncmp(text, "capability", 10) ? 2 : -1;
    if (kind < 0)
        return BAD("unknown kind '%.*s'; expected position, salience or capability", text, 1, (int)kl, text);
    int par = pl == 2 && !strncmp(dot + 1, "sd", 2) ? 0 : pl == 8 && !strncmp(dot + 1, "relative", 8) ? 1 : -1;
    if (par < 0)
        return BAD("unknown parameter '%.*s'; expected sd or relative", text, (int)kl + 2, (int)pl, dot + 1);
    double x;
    if (text_num(eq + 1, &x) != 0 || x < 0)
        return BAD("'%s' is not a number >= 0; expected e.g. 10", text, (int)(eq - text) + 2, eq + 1);
#undef BAD
    if (!s->uncertainty && !(s->uncertainty = new_uncertainty()))
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    ent_unc_default_t *d = kind == 0 ? &s->uncertainty->position : kind == 1 ? &s->uncertainty->salience
                                                                            : &s->uncertainty->capability;
    default_none(d);
    if (par == 0) d->sd = x;
    else d->relative = x;
    return ENT_OK;
}

/* ---- comparison (ent_scenario_equal) ---- */

static int num_eq(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static int arr_eq(const double *a, const double *b, size_t n)
{
    if (!a || !b) return a == b;
    for (size_t i = 0; i < n; i++)
        if (!num_eq(a[i], b[i])) return 0;
    return 1;
}

static int def_eq(const ent_unc_default_t *a, const ent_unc_default_t *b)
{
    return num_eq(a->sd, b->sd) && num_eq(a->relative, b->relative);
}

const char *ent_i_uncertainty_diff(const ent_uncertainty_t *a, const ent_uncertainty_t *b)
{
    if (!a || !b) return a == b ? NULL : "uncertainty: present in one scenario only";
    if (!def_eq(&a->position, &b->position)) return "uncertainty: position default differs";
    if (!def_eq(&a->salience, &b->salience)) return "uncertainty: salience default differs";
    if (!def_eq(&a->capability, &b->capability)) return "uncertainty: capability default differs";
    if (a->nvalues != b->nvalues) return "uncertainty: number of values differs";
    for (size_t i = 0; i < a->nvalues; i++) {
        const ent_unc_value_t *x = &a->values[i], *y = &b->values[i];
        if (!same_target(x, y)) return "uncertainty: a value's path differs";
        const ent_dist_t *p = &x->dist, *q = &y->dist;
        if (p->kind != q->kind || !num_eq(p->a, q->a) || !num_eq(p->b, q->b) || !num_eq(p->c, q->c) || p->n != q->n ||
            !arr_eq(p->values, q->values, p->n) || !arr_eq(p->p, q->p, p->n))
            return "uncertainty: a distribution differs";
    }
    if (a->ngroups != b->ngroups) return "uncertainty: number of correlated groups differs";
    for (size_t g = 0; g < a->ngroups; g++) {
        const ent_unc_group_t *x = &a->groups[g], *y = &b->groups[g];
        if (x->n != y->n || x->uniform != y->uniform || !arr_eq(x->corr, y->corr, x->n * x->n))
            return "uncertainty: a correlated group differs";
        for (size_t i = 0; i < x->n; i++)
            if (memcmp(&x->values[i], &y->values[i], sizeof x->values[i])) return "uncertainty: a correlated group differs";
    }
    if (a->ninsist != b->ninsist) return "uncertainty: number of p_insisted differs";
    for (size_t i = 0; i < a->ninsist; i++) {
        const ent_unc_insist_t *x = &a->insist[i], *y = &b->insist[i];
        if (x->step != y->step || x->pre != y->pre || x->req != y->req || !num_eq(x->p, y->p))
            return "uncertainty: a p_insisted differs";
    }
    return NULL;
}

/* ---- the path of a value, as written (emit.c, the simulation's input names) ---- */

void ent_i_uncertainty_path(const ent_scenario_t *s, const ent_unc_value_t *v, ent_buf_t *b)
{
    const ent_actor_t *a = &s->actors[v->actor];
    switch (v->target) {
    case ENT_UNC_CAPABILITY: ent_buf_printf(b, "%s.capability", a->id); return;
    case ENT_UNC_ATTRIBUTE: ent_buf_printf(b, "%s.attributes.%s", a->id, a->attrs[v->dim].key); return;
    case ENT_UNC_POS_CAPABILITY: ent_buf_printf(b, "%s.%s.capability", a->id, s->issues[v->issue].id); return;
    default: break;
    }
    ent_buf_printf(b, "%s.%s.%s", a->id, s->issues[v->issue].id, v->target == ENT_UNC_POSITION ? "position" : "salience");
    if (s->issues[v->issue].ndim > 1) ent_buf_printf(b, "[%zu]", v->dim + 1);
}
