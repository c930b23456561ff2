/* SPDX-License-Identifier: MIT */
/* prefs.c — preference forms (issue 11, item 1): the `preference:` key of a position and of
 * the scenario (docs/format.md, "Preferences"), its reading from the YAML/JSON parse tree
 * (scenario/ynode.h), and the resolution of the form that holds for an actor on an issue
 * (ent_scenario_pref). The utilities the forms define are computed in one place,
 * src/analysis/winset.c (ent_utility; docs/analyses.md §2, "Preference forms").
 *
 * Forms: linear (Enelow & Hinich 1984, the city-block loss of the spatial model), one-sided
 * ("at least" / "at most": satiation beyond the ideal point), asymmetric slopes, quadratic
 * (the Euclidean-quadratic loss of the spatial-voting literature), and ordinal ranks over the
 * labelled points of an issue's scale.
 * Also the `design:` of a proposal (issue 11, item 2: the rule that would enforce it and the
 * aggressor whose Coleman power to prevent discounts its valuation; docs/analyses.md §2,
 * "Designs"), and the builder calls of both (ent_scenario_set_preference, _set_design).
 * Complexity: O(size of the written form + labels of the issue) per form read; O(1) lookups;
 * a design O(rules + actors + issues) (linear lookups by id).
 */
#include "scenario/numfmt.h"
#include "scenario/ynode.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ent_pref_kind_name(ent_pref_kind_t k)
{
    switch (k) {
    case ENT_PREF_DEFAULT: return "";
    case ENT_PREF_LINEAR: return "linear";
    case ENT_PREF_AT_LEAST: return "at_least";
    case ENT_PREF_AT_MOST: return "at_most";
    case ENT_PREF_SLOPES: return "slopes";
    case ENT_PREF_QUADRATIC: return "quadratic";
    case ENT_PREF_ORDINAL: return "ordinal";
    }
    return NULL;
}

static const ent_pref_t linear_pref = {ENT_PREF_LINEAR, 1, 1, 0, NULL, {0, 0}};

const ent_pref_t *ent_scenario_pref(const ent_scenario_t *s, size_t a, size_t i)
{
    const ent_position_t *p = ent_scenario_pos(s, a, i);
    if (p->pref.kind != ENT_PREF_DEFAULT) return &p->pref;
    if (s->pref.kind != ENT_PREF_DEFAULT && s->issues[i].ndim == 1) return &s->pref;
    return &linear_pref;
}

/* ---------------------------------------------------------------- reading */

#define PREF_FORMS "linear, at_least, at_most, quadratic, {below: B, above: A} or {ordinal: [labels, best first]}"

static ent_status_t bad(const char *file, const ynode_t *n, ent_error_t *err, const char *fmt, ...) ENT_PRINTF(4, 5);
static ent_status_t bad(const char *file, const ynode_t *n, ent_error_t *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ent_status_t st = ent_error_vset(err, ENT_EINPUT, file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
    va_end(ap);
    return st;
}

/* A plain decimal number (as the loader's numbers: finite, in the scenario's range). */
static int plain_num(const ynode_t *n, double *v)
{
    if (!n || n->type != YN_SCALAR || !n->plain || !n->n) return 0;
    const char *t = n->u.s;
    char c = t[*t == '-' || *t == '+'];
    if (!((c >= '0' && c <= '9') || c == '.')) return 0;
    char *end;
    errno = 0;
    *v = strtod(t, &end);
    if (*end || !isfinite(*v)) return 0;
    return ent_i_num_in_range(*v, errno == ERANGE);
}

/* One weight of an asymmetric form: a number >= 0. */
static ent_status_t slope(const char *file, const ynode_t *n, const char *key, double *out, ent_error_t *err)
{
    if (!plain_num(n, out) || *out < 0)
        return bad(file, n, err, "'%s' of a preference is %s%.40s%s; expected a number >= 0 (the weight of that "
                   "side's distance)", key, n && n->type == YN_SCALAR ? "'" : "",
                   n && n->type == YN_SCALAR ? n->u.s : n ? "not a number" : "empty",
                   n && n->type == YN_SCALAR ? "'" : "");
    return ENT_OK;
}

/* The labelled point an ordinal entry names: a label's text, or the number of its point. */
static ent_status_t ord_point(const char *file, const ynode_t *n, const ent_issue_t *is, double *at,
                              ent_error_t *err)
{
    if (n && n->type == YN_SCALAR) {
        double v;
        int num = n->plain && plain_num(n, &v);
        /* a plain number names a point first (as canonical output writes them), then a text */
        for (int pass = num ? 0 : 1; pass < 2; pass++)
            for (size_t k = 0; k < is->nlabels; k++)
                if (pass ? is->labels[k].label && strcmp(is->labels[k].label, n->u.s) == 0 : is->labels[k].at == v) {
                    *at = is->labels[k].at;
                    return ENT_OK;
                }
    }
    char list[300];
    size_t off = 0;
    list[0] = 0;
    for (size_t k = 0; k < is->nlabels && off < sizeof list - 60; k++)
        off += (size_t)snprintf(list + off, sizeof list - off, "%s'%.40s'", k ? ", " : "", is->labels[k].label);
    return bad(file, n, err, "'%.60s' is not a labelled point of issue '%s'; expected one of its labels (%s) or "
               "their points", n && n->type == YN_SCALAR ? n->u.s : "(not text)", is->id, list);
}

static ent_status_t read_ordinal(const char *file, const ynode_t *key, const ynode_t *n, const ent_issue_t *is,
                                 ent_pref_t *out, ent_error_t *err)
{
    if (!is)
        return bad(file, key, err, "an ordinal preference cannot be a scenario default (its points are the labels "
                   "of one issue); expected it on a position");
    if (!n || n->type != YN_SEQ || n->n < 2)
        return bad(file, n ? n : key, err, "'ordinal' of a preference on issue '%s' is %s; expected a list of at "
                   "least two labelled points, best first", is->id,
                   n && n->type == YN_SEQ ? "a list of one point" : n && n->type == YN_MAP ? "a mapping" : "not a list");
    if (!(out->ord = malloc(n->n * sizeof *out->ord)))
        return ent_error_set(err, ENT_ENOMEM, file, 0, 0, "out of memory loading the scenario");
    for (size_t k = 0; k < n->n; k++) {
        ent_status_t st = ord_point(file, n->u.kids[k], is, &out->ord[k], err);
        if (st != ENT_OK) return st;
        for (size_t j = 0; j < k; j++)
            if (out->ord[j] == out->ord[k])
                return bad(file, n->u.kids[k], err, "labelled point %.17g is ranked twice in the ordinal preference "
                           "on issue '%s'; expected each point once", out->ord[k], is->id);
        out->nord = k + 1;
    }
    out->kind = ENT_PREF_ORDINAL;
    return ENT_OK;
}

/* The mapping forms: {below: B, above: A} and {ordinal: [...]}. */
static ent_status_t read_map(const char *file, const ynode_t *n, const ent_issue_t *is, ent_pref_t *out,
                             ent_error_t *err)
{
    const ynode_t *below = NULL, *above = NULL, *ord = NULL, *ordk = NULL;
    for (size_t k = 0; k < n->n; k++) {
        const ynode_t *kn = n->u.kids[2 * k], *vn = n->u.kids[2 * k + 1];
        const char *key = kn->type == YN_SCALAR ? kn->u.s : "";
        const ynode_t **slot = !strcmp(key, "below") ? &below : !strcmp(key, "above") ? &above
                             : !strcmp(key, "ordinal") ? &ord : NULL;
        if (!slot)
            return bad(file, kn, err, "unknown key '%.60s' in a preference; expected below, above (asymmetric slopes) "
                       "or ordinal", key);
        if (*slot) return bad(file, kn, err, "duplicate key '%s' in a preference; expected each key once", key);
        *slot = vn;
        if (slot == &ord) ordk = kn;
    }
    if (ord && (below || above))
        return bad(file, ordk, err, "a preference is either ordinal or has slopes (below/above), not both; expected "
                   "one form");
    if (ord) return read_ordinal(file, ordk, ord, is, out, err);
    if (!below && !above) return bad(file, n, err, "empty preference mapping; expected " PREF_FORMS);
    out->below = out->above = 1;
    ent_status_t st;
    if (below && (st = slope(file, below, "below", &out->below, err)) != ENT_OK) return st;
    if (above && (st = slope(file, above, "above", &out->above, err)) != ENT_OK) return st;
    if (out->below == 0 && out->above == 0)
        return bad(file, n, err, "a preference with both slopes 0 makes the actor indifferent; expected a weight > 0 "
                   "on at least one side (or no position)");
    out->kind = ENT_PREF_SLOPES;
    return ENT_OK;
}

ent_status_t ent_i_pref_read(const char *file, const ynode_t *n, const ent_issue_t *is, ent_pref_t *out,
                             ent_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (!n) return ENT_OK;
    out->loc.line = n->line;
    out->loc.col = n->col;
    ent_status_t st = ENT_OK;
    if (n->type == YN_SCALAR) {
        static const struct { const char *name; ent_pref_kind_t kind; double below, above; } forms[] = {
            {"linear", ENT_PREF_LINEAR, 1, 1},     {"at_least", ENT_PREF_AT_LEAST, 1, 0},
            {"at_most", ENT_PREF_AT_MOST, 0, 1},   {"quadratic", ENT_PREF_QUADRATIC, 0, 0}};
        size_t k = 0;
        while (k < 4 && strcmp(forms[k].name, n->u.s) != 0) k++;
        if (k == 4)
            return bad(file, n, err, "unknown preference '%.60s'; expected " PREF_FORMS, n->u.s);
        out->kind = forms[k].kind;
        out->below = forms[k].below;
        out->above = forms[k].above;
    } else if (n->type == YN_MAP) {
        st = read_map(file, n, is, out, err);
    } else {
        return bad(file, n, err, "a preference must be a name or a mapping; got a list; expected " PREF_FORMS);
    }
    if (st == ENT_OK && is && is->ndim != 1 && out->kind != ENT_PREF_LINEAR)
        st = bad(file, n, err, "preference '%s' on issue '%s' of %zu dimensions: a %s form needs one direction, which "
                 "a multi-dimensional issue does not give; expected 'linear' or a one-dimensional issue",
                 ent_pref_kind_name(out->kind), is->id, is->ndim,
                 out->kind == ENT_PREF_AT_LEAST || out->kind == ENT_PREF_AT_MOST ? "one-sided" : "non-linear");
    if (st != ENT_OK) {
        free(out->ord);
        memset(out, 0, sizeof *out);
    }
    return st;
}

/* ---------------------------------------------------------------- designs */

/* The id in scalar n of an element found by `find` (ent_scenario_find_*), or an error naming
 * `what` and `section`. */
static ent_status_t design_ref(const char *file, const ynode_t *n, const ent_scenario_t *s,
                               long (*find)(const ent_scenario_t *, const char *), const char *what,
                               const char *section, size_t *out, ent_error_t *err)
{
    long k = n && n->type == YN_SCALAR ? find(s, n->u.s) : -1;
    if (k < 0)
        return bad(file, n, err, "unknown %s '%.60s' in a design; expected the id of one of the entries under '%s'",
                   what, n && n->type == YN_SCALAR ? n->u.s : "(not an id)", section);
    *out = (size_t)k;
    return ENT_OK;
}

ent_status_t ent_i_design_read(const char *file, const ynode_t *n, const ent_scenario_t *s, ent_proposal_t *p,
                               ent_error_t *err)
{
    ent_design_t *d = &p->design;
    const ynode_t *rule = n, *against = NULL, *issues = NULL;
    d->loc.line = n->line;
    d->loc.col = n->col;
    if (n->type == YN_MAP) {
        rule = NULL;
        for (size_t k = 0; k < n->n; k++) {
            const ynode_t *kn = n->u.kids[2 * k], *vn = n->u.kids[2 * k + 1];
            const char *key = kn->type == YN_SCALAR ? kn->u.s : "";
            const ynode_t **slot = !strcmp(key, "rule") ? &rule : !strcmp(key, "against") ? &against
                                 : !strcmp(key, "issues") ? &issues : NULL;
            if (!slot)
                return bad(file, kn, err, "unknown key '%.60s' in the design of proposal '%s'; expected rule, against "
                           "or issues", key, p->id);
            if (*slot) return bad(file, kn, err, "duplicate key '%s' in a design; expected each key once", key);
            *slot = vn;
        }
        if (!rule) return bad(file, n, err, "the design of proposal '%s' has no 'rule'; expected the id of the rule "
                              "that would enforce it", p->id);
    } else if (n->type != YN_SCALAR) {
        return bad(file, n, err, "the design of proposal '%s' is a list; expected a rule id or {rule: R, against: "
                   "ACTOR, issues: [...]}", p->id);
    }
    ent_status_t st = design_ref(file, rule, s, ent_scenario_find_rule, "rule", "rules", &d->rule, err);
    if (st != ENT_OK) return st;
    if (against) {
        if ((st = design_ref(file, against, s, ent_scenario_find_actor, "actor", "actors", &d->against, err)) != ENT_OK)
            return st;
    } else {
        long g = ent_scenario_find_group(s, "aggressor");
        if (g < 0 || s->groups[g].n != 1)
            return bad(file, n, err, "the design of proposal '%s' names no aggressor; expected {rule: %s, against: "
                       "ACTOR} or a group 'aggressor' with one member", p->id, s->rules[d->rule].id);
        d->against = s->groups[g].members[0];
    }
    if (issues) {
        if (issues->type != YN_SEQ || !issues->n)
            return bad(file, issues, err, "'issues' of the design of proposal '%s' must be a non-empty list of the "
                       "proposal's issue ids", p->id);
        if (!(d->issues = malloc(issues->n * sizeof *d->issues)))
            return ent_error_set(err, ENT_ENOMEM, file, 0, 0, "out of memory loading the scenario");
        for (size_t k = 0; k < issues->n; k++) {
            const ynode_t *in = issues->u.kids[k];
            size_t i;
            if ((st = design_ref(file, in, s, ent_scenario_find_issue, "issue", "issues", &i, err)) != ENT_OK) return st;
            int named = 0, twice = 0;
            for (size_t q = 0; q < p->npoints; q++) named |= p->issue[q] == i;
            for (size_t q = 0; q < d->nissues; q++) twice |= d->issues[q] == i;
            if (!named)
                return bad(file, in, err, "issue '%s' of the design is not among the issues of proposal '%s'; expected an "
                           "issue its point names", in->u.s, p->id);
            if (twice) return bad(file, in, err, "issue '%s' is listed twice in the design; expected each once", in->u.s);
            d->issues[d->nissues++] = i;
        }
    }
    d->set = 1;
    return ENT_OK;
}

/* ---------------------------------------------------------------- builder */

static ent_status_t refuse(ent_error_t *err, const char *call, const char *fmt, ...) ENT_PRINTF(3, 4);
static ent_status_t refuse(ent_error_t *err, const char *call, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "%s: %s", call, msg);
}

ent_status_t ent_scenario_set_preference(ent_scenario_t *s, long actor, long issue, const ent_pref_t *pf,
                                         ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_preference";
    int dflt = actor < 0 && issue < 0;
    if (!s) return refuse(err, call, "no scenario");
    if (!dflt && (actor < 0 || issue < 0 || (size_t)actor >= s->nactors || (size_t)issue >= s->nissues))
        return refuse(err, call, "actor %ld, issue %ld; expected indices in range (both -1: the default)", actor, issue);
    ent_pref_t *dst = dflt ? &s->pref : &ent_scenario_pos_mut(s, (size_t)actor, (size_t)issue)->pref;
    const ent_issue_t *is = dflt ? NULL : &s->issues[issue];
    if (!dflt && !ent_scenario_pos(s, (size_t)actor, (size_t)issue)->present)
        return refuse(err, call, "actor '%s' has no position on issue '%s'; expected a position set first",
                      s->actors[actor].id, is->id);
    ent_pref_t c = {0};
    if (pf) {
        c = *pf;
        c.ord = NULL;
        c.nord = 0;
        if (c.kind == ENT_PREF_DEFAULT || !ent_pref_kind_name(c.kind))
            return refuse(err, call, "kind %d; expected one of the forms (not DEFAULT; NULL clears)", (int)c.kind);
        if (is && is->ndim != 1 && c.kind != ENT_PREF_LINEAR)
            return refuse(err, call, "form '%s' on the %zu-dimensional issue '%s'; expected LINEAR",
                          ent_pref_kind_name(c.kind), is->ndim, is->id);
        if (c.kind == ENT_PREF_LINEAR) c.below = c.above = 1;
        if (c.kind == ENT_PREF_AT_LEAST) { c.below = 1; c.above = 0; }
        if (c.kind == ENT_PREF_AT_MOST) { c.below = 0; c.above = 1; }
        if (c.kind == ENT_PREF_QUADRATIC || c.kind == ENT_PREF_ORDINAL) c.below = c.above = 0;
        if (c.kind == ENT_PREF_SLOPES && !(isfinite(c.below) && isfinite(c.above) && c.below >= 0 && c.above >= 0 &&
                                           (c.below > 0 || c.above > 0)))
            return refuse(err, call, "slopes below %g, above %g; expected numbers >= 0, not both 0", c.below, c.above);
        if (c.kind == ENT_PREF_ORDINAL) {
            if (!is) return refuse(err, call, "an ordinal default; expected an ordinal form on a position");
            if (pf->nord < 2 || !pf->ord) return refuse(err, call, "%zu ordinal points; expected at least 2", pf->nord);
            for (size_t k = 0; k < pf->nord; k++) {
                int lab = 0;
                for (size_t j = 0; j < is->nlabels; j++) lab |= is->labels[j].at == pf->ord[k];
                for (size_t j = 0; j < k; j++)
                    if (pf->ord[j] == pf->ord[k]) return refuse(err, call, "point %g ranked twice", pf->ord[k]);
                if (!lab) return refuse(err, call, "point %g is not labelled on issue '%s'", pf->ord[k], is->id);
            }
            if (!(c.ord = malloc(pf->nord * sizeof *c.ord)))
                return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "%s: out of memory", call);
            memcpy(c.ord, pf->ord, pf->nord * sizeof *c.ord);
            c.nord = pf->nord;
        }
    }
    free(dst->ord);
    *dst = c;
    return ENT_OK;
}

ent_status_t ent_scenario_set_design(ent_scenario_t *s, size_t proposal, long rule, size_t against, size_t n,
                                     const size_t *issues, ent_error_t *err)
{
    static const char call[] = "ent_scenario_set_design";
    if (!s || proposal >= s->nproposals) return refuse(err, call, "proposal %zu; expected an index in range", proposal);
    ent_proposal_t *p = &s->proposals[proposal];
    if (rule < 0) {
        free(p->design.issues);
        memset(&p->design, 0, sizeof p->design);
        return ENT_OK;
    }
    if ((size_t)rule >= s->nrules || against >= s->nactors)
        return refuse(err, call, "rule %ld, aggressor %zu; expected indices in range", rule, against);
    for (size_t k = 0; k < n; k++) {
        int named = 0;
        for (size_t q = 0; q < p->npoints; q++) named |= p->issue[q] == issues[k];
        for (size_t j = 0; j < k; j++)
            if (issues[j] == issues[k]) return refuse(err, call, "issue %zu listed twice", issues[k]);
        if (!named) return refuse(err, call, "issue %zu is not among the points of proposal '%s'", issues[k], p->id);
    }
    size_t *c = NULL;
    if (n && !(c = malloc(n * sizeof *c))) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "%s: out of memory", call);
    if (n) memcpy(c, issues, n * sizeof *c);
    free(p->design.issues);
    p->design.set = 1;
    p->design.rule = (size_t)rule;
    p->design.against = against;
    p->design.nissues = n;
    p->design.issues = c;
    p->design.loc.line = p->design.loc.col = 0;
    return ENT_OK;
}
