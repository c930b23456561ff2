/* SPDX-License-Identifier: MIT */
/* build.c — the scenario builder: ent_scenario_add_* / ent_scenario_set_* fill a scenario
 * from code, so that an embedder (a Python binding, a test) never allocates or fills the
 * library's structs by hand (entente/scenario.h, "building a scenario").
 *
 * Every call checks its own arguments and leaves the scenario unchanged when it refuses
 * them (ENT_EINVAL, a message naming the call and what was expected; ENT_ENOMEM when out of
 * memory): ids well-formed (docs/format.md) and unique per kind; indices in range; numbers
 * finite; capability >= 0; scales lo < hi; points inside the issue's scale; saliences in
 * [0, salience_scale]; no duplicate group member, proposal issue, alternative step or
 * insisting actor; no step requiring itself. What spans several calls (a rule text that
 * names actors and groups) is checked at the end: ent_scenario_validate, then
 * ent_game_check_rules (entente/game.h) for the rules.
 *
 * The result is the scenario the YAML loader would give for the same content: an actor's
 * name defaults to its id; a label at an end of the scale also names that end (lo_label,
 * hi_label); an insisting actor's salience defaults to salience_scale; numeric attributes keep
 * their canonical text. ent_scenario_equal of the two holds (tests/unit/test_scenario_build.c).
 *
 * Complexity: ids are checked with hash maps kept beside the scenario (s->index, built on the
 * first builder call from what the scenario already holds, freed by ent_scenario_destroy), so
 * adding an element is O(1) amortised. Adding an actor appends a row of positions (O(issues));
 * adding an issue re-lays the position table out (O(actors × issues)): add issues first.
 */
#include "entente/scenario.h"
#include "scenario/idmap.h"
#include "scenario/numfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_SOURCE, K_ACTOR, K_ISSUE, K_GROUP, K_RULE, K_PROPOSAL, K_STEP, K_N };
static const char *const kind_name[K_N] = {"source", "actor", "issue", "group", "rule", "proposal", "step"};

/* The builder's private state: one id map and one array capacity per kind. */
struct ent_scenario_index {
    ent_i_idmap_t ids[K_N];
    size_t cap[K_N];
};

static ent_status_t bad(ent_error_t *err, const char *call, const char *fmt, ...) ENT_PRINTF(3, 4);
static ent_status_t bad(ent_error_t *err, const char *call, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "%s: %s", call, msg);
}

static ent_status_t nomem(ent_error_t *err, const char *call)
{
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "%s: out of memory", call);
}

/* Array and count of kind k. */
static void kind_array(ent_scenario_t *s, int k, void ***arr, size_t **n, size_t *elsize)
{
    switch (k) {
    case K_SOURCE: *arr = (void **)&s->sources; *n = &s->nsources; *elsize = sizeof *s->sources; break;
    case K_ACTOR: *arr = (void **)&s->actors; *n = &s->nactors; *elsize = sizeof *s->actors; break;
    case K_ISSUE: *arr = (void **)&s->issues; *n = &s->nissues; *elsize = sizeof *s->issues; break;
    case K_GROUP: *arr = (void **)&s->groups; *n = &s->ngroups; *elsize = sizeof *s->groups; break;
    case K_RULE: *arr = (void **)&s->rules; *n = &s->nrules; *elsize = sizeof *s->rules; break;
    case K_PROPOSAL: *arr = (void **)&s->proposals; *n = &s->nproposals; *elsize = sizeof *s->proposals; break;
    default: *arr = (void **)&s->steps; *n = &s->nsteps; *elsize = sizeof *s->steps; break;
    }
}

static const char *id_of(const ent_scenario_t *s, int k, size_t i)
{
    switch (k) {
    case K_SOURCE: return s->sources[i].id;
    case K_ACTOR: return s->actors[i].id;
    case K_ISSUE: return s->issues[i].id;
    case K_GROUP: return s->groups[i].id;
    case K_RULE: return s->rules[i].id;
    case K_PROPOSAL: return s->proposals[i].id;
    default: return s->steps[i].id;
    }
}

/* The index, built on first use from the scenario's current contents. */
static struct ent_scenario_index *index_of(ent_scenario_t *s)
{
    if (s->index) return s->index;
    struct ent_scenario_index *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    for (int k = 0; k < K_N; k++) {
        void **arr;
        size_t *n, el;
        ent_i_idmap_init(&x->ids[k]);
        kind_array(s, k, &arr, &n, &el);
        x->cap[k] = *n;
        for (size_t i = 0; i < *n; i++) {
            const char *id = id_of(s, k, i);
            if (id && ent_i_idmap_put(&x->ids[k], id, i, NULL) < 0) {
                for (int j = 0; j <= k; j++) ent_i_idmap_free(&x->ids[j]);
                free(x);
                return NULL;
            }
        }
    }
    s->index = x;
    return x;
}

void ent_i_index_free(struct ent_scenario_index *x)
{
    if (!x) return;
    for (int k = 0; k < K_N; k++) ent_i_idmap_free(&x->ids[k]);
    free(x);
}

/* Room for one more element of kind k (zeroed); returns it, or NULL on OOM. */
static void *grow(ent_scenario_t *s, struct ent_scenario_index *x, int k)
{
    void **arr;
    size_t *n, el;
    kind_array(s, k, &arr, &n, &el);
    if (*n == x->cap[k]) {
        size_t cap = x->cap[k] ? 2 * x->cap[k] : 4;
        void *p = realloc(*arr, cap * el);
        if (!p) return NULL;
        *arr = p;
        x->cap[k] = cap;
    }
    void *e = (char *)*arr + *n * el;
    memset(e, 0, el);
    return e;
}

/* Check `id` for a new element of kind k: well-formed and not taken. */
static ent_status_t check_new_id(ent_scenario_t *s, int k, const char *id, const char *call,
                                 struct ent_scenario_index **xo, ent_error_t *err)
{
    if (!s) return bad(err, call, "no scenario");
    if (!ent_i_id_ok(id))
        return bad(err, call, "%s %s id '%s'; expected letters, digits, '_', '-', '.' starting with a letter or digit",
                   id && *id ? "invalid" : "empty", kind_name[k], id ? id : "");
    struct ent_scenario_index *x = index_of(s);
    if (!x) return nomem(err, call);
    if (ent_i_idmap_get(&x->ids[k], id) >= 0)
        return bad(err, call, "duplicate %s id '%s'; expected unique %s ids", kind_name[k], id, kind_name[k]);
    *xo = x;
    return ENT_OK;
}

/* strdup that keeps NULL; *ok cleared on OOM. */
static char *dup_opt(const char *t, int *ok)
{
    if (!t) return NULL;
    char *r = strdup(t);
    if (!r) *ok = 0;
    return r;
}

/* ------------------------------------------------------------------ scenario */

ent_status_t ent_scenario_set_info(ent_scenario_t *s, const char *title, const char *description,
                                   double salience_scale, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_info";
    if (!s) return bad(err, call, "no scenario");
    if (salience_scale != 1 && salience_scale != 100)
        return bad(err, call, "salience_scale %g; expected 1 or 100", salience_scale);
    for (size_t i = 0; i < s->nactors * s->nissues; i++) {
        const ent_position_t *p = &s->pos[i];
        for (size_t d = 0; p->present && d < s->issues[i % s->nissues].ndim; d++)
            if (p->sal[d] > salience_scale)
                return bad(err, call, "salience %g of a position exceeds salience_scale %g; expected every salience in [0, %g]",
                           p->sal[d], salience_scale, salience_scale);
    }
    int ok = 1;
    char *t = dup_opt(title, &ok), *d = dup_opt(description, &ok);
    if (!ok) { free(t); free(d); return nomem(err, call); }
    free(s->title);
    free(s->description);
    s->title = t;
    s->description = d;
    s->salience_scale = salience_scale;
    return ENT_OK;
}

ent_status_t ent_scenario_add_source(ent_scenario_t *s, const char *id, const char *text,
                                     const char *url, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_source";
    struct ent_scenario_index *x;
    ent_status_t st = check_new_id(s, K_SOURCE, id, call, &x, err);
    if (st != ENT_OK) return st;
    ent_source_t *src = grow(s, x, K_SOURCE);
    if (!src) return nomem(err, call);
    int ok = 1;
    src->id = dup_opt(id, &ok);
    src->text = dup_opt(text, &ok);
    src->url = dup_opt(url, &ok);
    if (!ok || ent_i_idmap_put(&x->ids[K_SOURCE], src->id, s->nsources, NULL) < 0) {
        free(src->id); free(src->text); free(src->url);
        return nomem(err, call);
    }
    s->nsources++;
    return ENT_OK;
}

/* ------------------------------------------------------------------ actors */

ent_status_t ent_scenario_add_actor(ent_scenario_t *s, const char *id, const char *name,
                                    double capability, size_t *index, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_actor";
    struct ent_scenario_index *x;
    ent_status_t st = check_new_id(s, K_ACTOR, id, call, &x, err);
    if (st != ENT_OK) return st;
    if (!isfinite(capability) || capability < 0)
        return bad(err, call, "capability %g of actor '%s'; expected a finite number >= 0", capability, id);
    if (s->nactors >= ENT_MAX_ACTORS)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "%s: %zu actors; the limit is %d actors", call,
                             s->nactors + 1, ENT_MAX_ACTORS);
    if (s->nissues && s->nactors + 1 > (size_t)ENT_MAX_CELLS / s->nissues)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "%s: %zu actors x %zu issues; the limit is %d cells",
                             call, s->nactors + 1, s->nissues, ENT_MAX_CELLS);
    /* the position row first: the table holds x->cap[K_ACTOR] rows */
    if (s->nissues && s->nactors == x->cap[K_ACTOR]) {
        size_t cap = x->cap[K_ACTOR] ? 2 * x->cap[K_ACTOR] : 4;
        ent_position_t *p = realloc(s->pos, cap * s->nissues * sizeof *p);
        if (!p) return nomem(err, call);
        s->pos = p;
    }
    ent_actor_t *a = grow(s, x, K_ACTOR);
    if (!a) return nomem(err, call);
    int ok = 1;
    a->id = dup_opt(id, &ok);
    a->name = dup_opt(name ? name : id, &ok);
    a->capability = capability;
    if (!ok || ent_i_idmap_put(&x->ids[K_ACTOR], a->id, s->nactors, NULL) < 0) {
        free(a->id); free(a->name);
        return nomem(err, call);
    }
    ent_position_t *row = s->pos + s->nactors * s->nissues;
    for (size_t i = 0; i < s->nissues; i++) {
        memset(&row[i], 0, sizeof row[i]);
        row[i].capability = NAN;
    }
    if (index) *index = s->nactors;
    s->nactors++;
    return ENT_OK;
}

static ent_status_t check_actor(const ent_scenario_t *s, size_t a, const char *call, ent_error_t *err)
{
    if (!s) return bad(err, call, "no scenario");
    if (a >= s->nactors) return bad(err, call, "actor index %zu; expected 0..%zu", a, s->nactors ? s->nactors - 1 : 0);
    return ENT_OK;
}

ent_status_t ent_scenario_add_attribute(ent_scenario_t *s, size_t actor, const char *key,
                                        const char *text, double num, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_attribute";
    ent_status_t st = check_actor(s, actor, call, err);
    if (st != ENT_OK) return st;
    ent_actor_t *a = &s->actors[actor];
    if (!key || !*key) return bad(err, call, "empty attribute name of actor '%s'; expected a name", a->id);
    for (size_t k = 0; k < a->nattrs; k++)
        if (strcmp(a->attrs[k].key, key) == 0)
            return bad(err, call, "duplicate attribute '%s' of actor '%s'; expected each attribute once", key, a->id);
    char buf[ENT_I_NUMBUF];
    if (!text) {
        if (!isfinite(num))
            return bad(err, call, "attribute '%s' of actor '%s' has neither text nor a finite number", key, a->id);
        text = ent_i_fmt_double(buf, num);
    } else {
        num = NAN;
    }
    ent_attr_t *at = realloc(a->attrs, (a->nattrs + 1) * sizeof *at);
    if (!at) return nomem(err, call);
    a->attrs = at;
    at = &a->attrs[a->nattrs];
    int ok = 1;
    at->key = dup_opt(key, &ok);
    at->text = dup_opt(text, &ok);
    at->num = num;
    if (!ok) { free(at->key); free(at->text); return nomem(err, call); }
    a->nattrs++;
    return ENT_OK;
}

/* ------------------------------------------------------------------ issues */

ent_status_t ent_scenario_add_issue(ent_scenario_t *s, const char *id, const char *name, size_t ndim,
                                    const double *lo, const double *hi, size_t *index,
                                    ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_issue";
    struct ent_scenario_index *x;
    ent_status_t st = check_new_id(s, K_ISSUE, id, call, &x, err);
    if (st != ENT_OK) return st;
    if (ndim < 1 || ndim > ENT_MAX_DIMS)
        return bad(err, call, "issue '%s' with %zu dimensions; expected 1 to %d", id, ndim, ENT_MAX_DIMS);
    for (size_t d = 0; d < ndim; d++) {
        double l = lo ? lo[d] : 0, h = hi ? hi[d] : 100;
        if (!isfinite(l) || !isfinite(h) || !(l < h))
            return bad(err, call, "scale [%g, %g] of issue '%s' dimension %zu; expected finite lo < hi", l, h, id, d + 1);
    }
    if (s->nissues >= ENT_MAX_ISSUES)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "%s: %zu issues; the limit is %d issues", call,
                             s->nissues + 1, ENT_MAX_ISSUES);
    size_t ni = s->nissues + 1, na = s->nactors;
    if (na > (size_t)ENT_MAX_CELLS / ni)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "%s: %zu actors x %zu issues; the limit is %d cells",
                             call, na, ni, ENT_MAX_CELLS);
    /* the new position table: x->cap[K_ACTOR] rows of ni cells */
    size_t rows = x->cap[K_ACTOR] > na ? x->cap[K_ACTOR] : na;
    ent_position_t *pos = calloc(rows ? rows * ni : 1, sizeof *pos);
    ent_issue_t tmp;
    memset(&tmp, 0, sizeof tmp);
    int ok = pos != NULL;
    tmp.id = dup_opt(id, &ok);
    tmp.name = dup_opt(name, &ok);
    tmp.ndim = ndim;
    tmp.dim_names = calloc(ndim, sizeof *tmp.dim_names);
    tmp.lo = malloc(ndim * sizeof *tmp.lo);
    tmp.hi = malloc(ndim * sizeof *tmp.hi);
    ent_issue_t *is = ok && tmp.dim_names && tmp.lo && tmp.hi ? grow(s, x, K_ISSUE) : NULL;
    if (!is || ent_i_idmap_put(&x->ids[K_ISSUE], tmp.id, s->nissues, NULL) < 0) {
        free(pos); free(tmp.id); free(tmp.name); free(tmp.dim_names); free(tmp.lo); free(tmp.hi);
        return nomem(err, call);
    }
    for (size_t d = 0; d < ndim; d++) {
        tmp.lo[d] = lo ? lo[d] : 0;
        tmp.hi[d] = hi ? hi[d] : 100;
    }
    *is = tmp;
    for (size_t a = 0; a < na; a++) {
        if (s->nissues) memcpy(pos + a * ni, s->pos + a * s->nissues, s->nissues * sizeof *pos);
        pos[a * ni + s->nissues].capability = NAN;
    }
    free(s->pos);
    s->pos = pos;
    if (index) *index = s->nissues;
    s->nissues = ni;
    return ENT_OK;
}

static ent_status_t check_issue(const ent_scenario_t *s, size_t i, const char *call, ent_error_t *err)
{
    if (!s) return bad(err, call, "no scenario");
    if (i >= s->nissues) return bad(err, call, "issue index %zu; expected 0..%zu", i, s->nissues ? s->nissues - 1 : 0);
    return ENT_OK;
}

/* x[0..ndim) finite and inside the scale of issue `is`. */
static ent_status_t check_point(const ent_issue_t *is, const double *x, const char *what,
                                const char *call, ent_error_t *err)
{
    if (!x) return bad(err, call, "no %s given for issue '%s'; expected %zu number(s)", what, is->id, is->ndim);
    for (size_t d = 0; d < is->ndim; d++)
        if (!isfinite(x[d]) || x[d] < is->lo[d] || x[d] > is->hi[d])
            return bad(err, call, "%s %g is outside the scale of issue '%s'; expected a number in [%.17g, %.17g]",
                       what, x[d], is->id, is->lo[d], is->hi[d]);
    return ENT_OK;
}

static double *dup_point(const double *x, size_t n)
{
    double *r = malloc(n * sizeof *r);
    if (r) memcpy(r, x, n * sizeof *r);
    return r;
}

ent_status_t ent_scenario_set_dimension_name(ent_scenario_t *s, size_t issue, size_t dim,
                                             const char *name, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_dimension_name";
    ent_status_t st = check_issue(s, issue, call, err);
    if (st != ENT_OK) return st;
    ent_issue_t *is = &s->issues[issue];
    if (dim >= is->ndim) return bad(err, call, "dimension %zu of issue '%s'; expected 0..%zu", dim, is->id, is->ndim - 1);
    if (!name || !*name) return bad(err, call, "empty dimension name of issue '%s'; expected a name", is->id);
    for (size_t d = 0; d < is->ndim; d++)
        if (d != dim && is->dim_names[d] && strcmp(is->dim_names[d], name) == 0)
            return bad(err, call, "issue '%s' names dimension '%s' twice; expected distinct names", is->id, name);
    char *n = strdup(name);
    if (!n) return nomem(err, call);
    free(is->dim_names[dim]);
    is->dim_names[dim] = n;
    return ENT_OK;
}

ent_status_t ent_scenario_add_label(ent_scenario_t *s, size_t issue, double at, const char *label,
                                    ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_label";
    ent_status_t st = check_issue(s, issue, call, err);
    if (st != ENT_OK) return st;
    ent_issue_t *is = &s->issues[issue];
    if (!isfinite(at) || at < is->lo[0] || at > is->hi[0])
        return bad(err, call, "label point %g of issue '%s' is outside its scale; expected a number in [%.17g, %.17g]",
                   at, is->id, is->lo[0], is->hi[0]);
    if (!label || !*label) return bad(err, call, "empty label at %g of issue '%s'; expected text", at, is->id);
    for (size_t k = 0; k < is->nlabels; k++)
        if (is->labels[k].at == at)
            return bad(err, call, "issue '%s' has two labels at %g; expected one label per point", is->id, at);
    ent_label_t *lb = realloc(is->labels, (is->nlabels + 1) * sizeof *lb);
    if (!lb) return nomem(err, call);
    is->labels = lb;
    int ok = 1;
    char *text = dup_opt(label, &ok);
    char *lo = at == is->lo[0] && !is->lo_label ? dup_opt(label, &ok) : NULL;
    char *hi = at == is->hi[0] && !is->hi_label ? dup_opt(label, &ok) : NULL;
    if (!ok) { free(text); free(lo); free(hi); return nomem(err, call); }
    memset(&lb[is->nlabels], 0, sizeof *lb);
    lb[is->nlabels].at = at;
    lb[is->nlabels].label = text;
    is->nlabels++;
    if (lo) is->lo_label = lo;
    if (hi) is->hi_label = hi;
    return ENT_OK;
}

static ent_status_t set_issue_point(ent_scenario_t *s, size_t issue, const double *x, int outcome,
                                    ent_error_t *err)
{
    const char *call = outcome ? "ent_scenario_set_outcome" : "ent_scenario_set_status_quo";
    ent_status_t st = check_issue(s, issue, call, err);
    if (st != ENT_OK) return st;
    ent_issue_t *is = &s->issues[issue];
    double **slot = outcome ? &is->outcome : &is->status_quo;
    if (!x) {
        free(*slot);
        *slot = NULL;
        return ENT_OK;
    }
    if ((st = check_point(is, x, outcome ? "outcome" : "status quo", call, err)) != ENT_OK) return st;
    double *p = dup_point(x, is->ndim);
    if (!p) return nomem(err, call);
    free(*slot);
    *slot = p;
    return ENT_OK;
}

ent_status_t ent_scenario_set_status_quo(ent_scenario_t *s, size_t issue, const double *x, ent_error_t *err)
{
    return set_issue_point(s, issue, x, 0, err);
}

ent_status_t ent_scenario_set_outcome(ent_scenario_t *s, size_t issue, const double *x, ent_error_t *err)
{
    return set_issue_point(s, issue, x, 1, err);
}

ent_status_t ent_scenario_set_issue_step(ent_scenario_t *s, size_t issue, double step, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_issue_step";
    ent_status_t st = check_issue(s, issue, call, err);
    if (st != ENT_OK) return st;
    ent_issue_t *is = &s->issues[issue];
    double range = 0;
    for (size_t d = 0; d < is->ndim; d++)
        if (is->hi[d] - is->lo[d] > range) range = is->hi[d] - is->lo[d];
    if (step != 0 && !(step > 0 && step <= range))
        return bad(err, call, "step %g of issue '%s'; expected a number > 0 and at most the scale's range %.17g",
                   step, is->id, range);
    is->step = step;
    return ENT_OK;
}

ent_status_t ent_scenario_set_precision(ent_scenario_t *s, double precision, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_precision";
    if (!s) return bad(err, call, "no scenario");
    if (precision != 0 && !(precision > 0 && precision <= 1))
        return bad(err, call, "precision %g; expected a fraction of the range in (0, 1]", precision);
    s->precision = precision;
    return ENT_OK;
}

/* ------------------------------------------------------------------ positions */

ent_status_t ent_scenario_set_position(ent_scenario_t *s, size_t actor, size_t issue,
                                       const double *x, const double *salience, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_position";
    ent_status_t st = check_actor(s, actor, call, err);
    if (st == ENT_OK) st = check_issue(s, issue, call, err);
    if (st != ENT_OK) return st;
    const ent_issue_t *is = &s->issues[issue];
    ent_position_t *p = ent_scenario_pos_mut(s, actor, issue);
    if (!x) {
        free(p->x);
        free(p->sal);
        p->x = p->sal = NULL;
        p->present = 0;
        p->capability = NAN;
        return ENT_OK;
    }
    if ((st = check_point(is, x, "position", call, err)) != ENT_OK) return st;
    if (!salience) return bad(err, call, "no salience for actor '%s' on issue '%s'; expected %zu number(s)",
                              s->actors[actor].id, is->id, is->ndim);
    for (size_t d = 0; d < is->ndim; d++)
        if (!isfinite(salience[d]) || salience[d] < 0 || salience[d] > s->salience_scale)
            return bad(err, call, "salience %g is out of range; expected a number in [0, %g] (salience_scale)",
                       salience[d], s->salience_scale);
    double *nx = dup_point(x, is->ndim), *ns = dup_point(salience, is->ndim);
    if (!nx || !ns) { free(nx); free(ns); return nomem(err, call); }
    free(p->x);
    free(p->sal);
    p->x = nx;
    p->sal = ns;
    p->present = 1;
    return ENT_OK;
}

ent_status_t ent_scenario_set_position_capability(ent_scenario_t *s, size_t actor, size_t issue,
                                                  double capability, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_position_capability";
    ent_status_t st = check_actor(s, actor, call, err);
    if (st == ENT_OK) st = check_issue(s, issue, call, err);
    if (st != ENT_OK) return st;
    ent_position_t *p = ent_scenario_pos_mut(s, actor, issue);
    if (!p->present)
        return bad(err, call, "actor '%s' has no position on issue '%s'; expected ent_scenario_set_position first",
                   s->actors[actor].id, s->issues[issue].id);
    if (!isnan(capability) && (!isfinite(capability) || capability < 0))
        return bad(err, call, "capability %g; expected a finite number >= 0 (NaN: the actor's own)", capability);
    p->capability = capability;
    return ENT_OK;
}

/* ------------------------------------------------------------------ groups, rules */

/* n indices below `limit`, none twice. */
static ent_status_t check_members(const size_t *m, size_t n, size_t limit, const char *what,
                                  const char *owner, const char *call, ent_error_t *err)
{
    if (n && !m) return bad(err, call, "no %s given for '%s'", what, owner);
    unsigned char *seen = calloc(limit ? limit : 1, 1);
    if (!seen) return nomem(err, call);
    ent_status_t st = ENT_OK;
    for (size_t k = 0; k < n && st == ENT_OK; k++) {
        if (m[k] >= limit) st = bad(err, call, "%s index %zu of '%s' is out of range; expected 0..%zu", what, m[k], owner,
                                    limit ? limit - 1 : 0);
        else if (seen[m[k]]) st = bad(err, call, "'%s' lists %s %zu twice; expected each once", owner, what, m[k]);
        else seen[m[k]] = 1;
    }
    free(seen);
    return st;
}

ent_status_t ent_scenario_add_group(ent_scenario_t *s, const char *id, const char *name, size_t n,
                                    const size_t *members, size_t *index, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_group";
    struct ent_scenario_index *x;
    ent_status_t st = check_new_id(s, K_GROUP, id, call, &x, err);
    if (st != ENT_OK) return st;
    if (!n) return bad(err, call, "group '%s' has no members; expected at least one actor", id);
    if ((st = check_members(members, n, s->nactors, "actor", id, call, err)) != ENT_OK) return st;
    ent_group_t *g = grow(s, x, K_GROUP);
    if (!g) return nomem(err, call);
    int ok = 1;
    g->id = dup_opt(id, &ok);
    g->name = dup_opt(name, &ok);
    g->members = malloc(n * sizeof *g->members);
    if (!ok || !g->members || ent_i_idmap_put(&x->ids[K_GROUP], g->id, s->ngroups, NULL) < 0) {
        free(g->id); free(g->name); free(g->members);
        return nomem(err, call);
    }
    memcpy(g->members, members, n * sizeof *members);
    g->n = n;
    if (index) *index = s->ngroups;
    s->ngroups++;
    return ENT_OK;
}

ent_status_t ent_scenario_add_rule(ent_scenario_t *s, const char *id, const char *name,
                                   const char *expr, size_t *index, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_rule";
    struct ent_scenario_index *x;
    ent_status_t st = check_new_id(s, K_RULE, id, call, &x, err);
    if (st != ENT_OK) return st;
    if (!expr || !*expr) return bad(err, call, "rule '%s' has no expression; expected a rule text (docs/rules.md)", id);
    ent_ruledef_t *r = grow(s, x, K_RULE);
    if (!r) return nomem(err, call);
    int ok = 1;
    r->id = dup_opt(id, &ok);
    r->name = dup_opt(name, &ok);
    r->expr = dup_opt(expr, &ok);
    if (!ok || ent_i_idmap_put(&x->ids[K_RULE], r->id, s->nrules, NULL) < 0) {
        free(r->id); free(r->name); free(r->expr);
        return nomem(err, call);
    }
    if (index) *index = s->nrules;
    s->nrules++;
    return ENT_OK;
}

/* The rule kinds (entente/scenario.h), in enum order after UNSET. */
static const char *const rule_kind_names[] = {"", "guarantee", "settlement", "deployment", "decision"};

const char *ent_rule_kind_name(ent_rule_kind_t k)
{
    return (unsigned)k < sizeof rule_kind_names / sizeof *rule_kind_names ? rule_kind_names[k] : NULL;
}

ent_status_t ent_rule_kind_parse(const char *name, ent_rule_kind_t *out)
{
    for (size_t k = 1; name && k < sizeof rule_kind_names / sizeof *rule_kind_names; k++)
        if (strcmp(name, rule_kind_names[k]) == 0) {
            if (out) *out = (ent_rule_kind_t)k;
            return ENT_OK;
        }
    return ENT_EINVAL;
}

ent_status_t ent_scenario_set_rule_kind(ent_scenario_t *s, size_t rule, ent_rule_kind_t kind, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_rule_kind";
    if (!s) return bad(err, call, "no scenario");
    if (rule >= s->nrules) return bad(err, call, "rule index %zu; expected 0..%zu", rule, s->nrules ? s->nrules - 1 : 0);
    if (!ent_rule_kind_name(kind))
        return bad(err, call, "rule kind %d of rule '%s'; expected one of %s", (int)kind, s->rules[rule].id, ENT_RULE_KINDS);
    s->rules[rule].kind = kind;
    return ENT_OK;
}

/* ------------------------------------------------------------------ proposals */

ent_status_t ent_scenario_add_proposal(ent_scenario_t *s, const char *id, const char *name,
                                       long proposer, long rule, size_t *index, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_proposal";
    struct ent_scenario_index *x;
    ent_status_t st = check_new_id(s, K_PROPOSAL, id, call, &x, err);
    if (st != ENT_OK) return st;
    if (proposer < -1 || (proposer >= 0 && (size_t)proposer >= s->nactors))
        return bad(err, call, "proposer %ld of proposal '%s'; expected -1 (none) or an actor index", proposer, id);
    if (rule < -1 || (rule >= 0 && (size_t)rule >= s->nrules))
        return bad(err, call, "rule %ld of proposal '%s'; expected -1 (none) or a rule index", rule, id);
    ent_proposal_t *p = grow(s, x, K_PROPOSAL);
    if (!p) return nomem(err, call);
    int ok = 1;
    p->id = dup_opt(id, &ok);
    p->name = dup_opt(name, &ok);
    if (!ok || ent_i_idmap_put(&x->ids[K_PROPOSAL], p->id, s->nproposals, NULL) < 0) {
        free(p->id); free(p->name);
        return nomem(err, call);
    }
    p->proposer = proposer;
    p->rule = rule;
    if (index) *index = s->nproposals;
    s->nproposals++;
    return ENT_OK;
}

ent_status_t ent_scenario_add_proposal_point(ent_scenario_t *s, size_t proposal, size_t issue,
                                             const double *x, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_proposal_point";
    if (!s) return bad(err, call, "no scenario");
    if (proposal >= s->nproposals) return bad(err, call, "proposal index %zu; expected 0..%zu", proposal,
                                              s->nproposals ? s->nproposals - 1 : 0);
    ent_status_t st = check_issue(s, issue, call, err);
    if (st != ENT_OK) return st;
    ent_proposal_t *p = &s->proposals[proposal];
    const ent_issue_t *is = &s->issues[issue];
    for (size_t q = 0; q < p->npoints; q++)
        if (p->issue[q] == issue)
            return bad(err, call, "proposal '%s' names issue '%s' twice; expected one point per issue", p->id, is->id);
    if ((st = check_point(is, x, "proposed position", call, err)) != ENT_OK) return st;
    size_t *ni = realloc(p->issue, (p->npoints + 1) * sizeof *ni);
    if (!ni) return nomem(err, call);
    p->issue = ni;
    double **np = realloc(p->point, (p->npoints + 1) * sizeof *np);
    if (!np) return nomem(err, call);
    p->point = np;
    if (!(np[p->npoints] = dup_point(x, is->ndim))) return nomem(err, call);
    ni[p->npoints] = issue;
    p->npoints++;
    return ENT_OK;
}

/* ------------------------------------------------------------------ steps */

ent_status_t ent_scenario_add_step(ent_scenario_t *s, const char *id, const char *name,
                                   size_t *index, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_step";
    struct ent_scenario_index *x;
    ent_status_t st = check_new_id(s, K_STEP, id, call, &x, err);
    if (st != ENT_OK) return st;
    ent_step_t *sp = grow(s, x, K_STEP);
    if (!sp) return nomem(err, call);
    int ok = 1;
    sp->id = dup_opt(id, &ok);
    sp->name = dup_opt(name, &ok);
    if (!ok || ent_i_idmap_put(&x->ids[K_STEP], sp->id, s->nsteps, NULL) < 0) {
        free(sp->id); free(sp->name);
        return nomem(err, call);
    }
    if (index) *index = s->nsteps;
    s->nsteps++;
    return ENT_OK;
}

ent_status_t ent_scenario_add_precondition(ent_scenario_t *s, size_t step, size_t n,
                                           const size_t *steps, size_t *index, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_precondition";
    if (!s) return bad(err, call, "no scenario");
    if (step >= s->nsteps) return bad(err, call, "step index %zu; expected 0..%zu", step, s->nsteps ? s->nsteps - 1 : 0);
    ent_step_t *sp = &s->steps[step];
    if (!n) return bad(err, call, "a precondition of step '%s' names no step; expected at least one", sp->id);
    ent_status_t st = check_members(steps, n, s->nsteps, "step", sp->id, call, err);
    if (st != ENT_OK) return st;
    for (size_t k = 0; k < n; k++)
        if (steps[k] == step) return bad(err, call, "step '%s' requires itself; expected another step", sp->id);
    ent_precond_t *pre = realloc(sp->pre, (sp->npre + 1) * sizeof *pre);
    if (!pre) return nomem(err, call);
    sp->pre = pre;
    ent_precond_t *pc = &pre[sp->npre];
    memset(pc, 0, sizeof *pc);
    if (!(pc->steps = malloc(n * sizeof *pc->steps))) return nomem(err, call);
    memcpy(pc->steps, steps, n * sizeof *steps);
    pc->nsteps = n;
    if (index) *index = sp->npre;
    sp->npre++;
    return ENT_OK;
}

ent_status_t ent_scenario_add_insist(ent_scenario_t *s, size_t step, size_t precondition,
                                     size_t actor, double salience, ent_error_t *err)
{
    static const char call[] = "ent_scenario_add_insist";
    ent_status_t st = check_actor(s, actor, call, err);
    if (st != ENT_OK) return st;
    if (step >= s->nsteps || precondition >= s->steps[step].npre)
        return bad(err, call, "no precondition %zu of step index %zu; expected one made by ent_scenario_add_precondition",
                   precondition, step);
    ent_precond_t *pc = &s->steps[step].pre[precondition];
    if (isnan(salience)) salience = s->salience_scale;
    if (!isfinite(salience) || salience < 0 || salience > s->salience_scale)
        return bad(err, call, "salience %g is out of range; expected a number in [0, %g] (salience_scale)", salience,
                   s->salience_scale);
    for (size_t k = 0; k < pc->ninsist; k++)
        if (pc->insist[k].actor == actor)
            return bad(err, call, "actor '%s' insists twice on a precondition of step '%s'; expected each actor once",
                       s->actors[actor].id, s->steps[step].id);
    ent_insist_t *in = realloc(pc->insist, (pc->ninsist + 1) * sizeof *in);
    if (!in) return nomem(err, call);
    pc->insist = in;
    in[pc->ninsist].actor = actor;
    in[pc->ninsist].salience = salience;
    pc->ninsist++;
    return ENT_OK;
}

/* ------------------------------------------------------------------ notes and sources */

ent_status_t ent_scenario_set_notes(ent_scenario_t *s, ent_element_t kind, size_t i, size_t j,
                                    const char *notes, const char *source, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_notes";
    if (!s) return bad(err, call, "no scenario");
    char **pn = NULL, **ps = NULL;
    size_t n = 0;
    switch (kind) {
    case ENT_ELEM_ACTOR: n = s->nactors; if (i < n) { pn = &s->actors[i].notes; ps = &s->actors[i].source; } break;
    case ENT_ELEM_ISSUE: n = s->nissues; if (i < n) { pn = &s->issues[i].notes; ps = &s->issues[i].source; } break;
    case ENT_ELEM_RULE: n = s->nrules; if (i < n) { pn = &s->rules[i].notes; ps = &s->rules[i].source; } break;
    case ENT_ELEM_PROPOSAL: n = s->nproposals; if (i < n) { pn = &s->proposals[i].notes; ps = &s->proposals[i].source; } break;
    case ENT_ELEM_STEP: n = s->nsteps; if (i < n) { pn = &s->steps[i].notes; ps = &s->steps[i].source; } break;
    case ENT_ELEM_POSITION:
        n = s->nactors;
        if (i < n && j < s->nissues) {
            ent_position_t *p = ent_scenario_pos_mut(s, i, j);
            if (!p->present) return bad(err, call, "actor '%s' has no position on issue '%s'", s->actors[i].id, s->issues[j].id);
            pn = &p->notes;
            ps = &p->source;
        }
        break;
    case ENT_ELEM_PRECONDITION:
        n = s->nsteps;
        if (i < n && j < s->steps[i].npre) { pn = &s->steps[i].pre[j].notes; ps = &s->steps[i].pre[j].source; }
        break;
    default: return bad(err, call, "unknown element kind %d", (int)kind);
    }
    if (!pn) return bad(err, call, "no element (%zu, %zu) of that kind; expected a first index below %zu", i, j, n);
    int ok = 1;
    char *nn = dup_opt(notes, &ok), *ns = dup_opt(source, &ok);
    if (!ok) { free(nn); free(ns); return nomem(err, call); }
    free(*pn);
    free(*ps);
    *pn = nn;
    *ps = ns;
    return ENT_OK;
}
