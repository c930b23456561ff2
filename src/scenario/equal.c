/* SPDX-License-Identifier: MIT */
/* equal.c — ent_scenario_equal: field-by-field comparison of two scenarios.
 *
 * What "equal" means (the contract of load → emit → load, docs/format.md):
 *   - strings equal byte for byte, or both absent (NULL);
 *   - numbers equal bit for bit (so 0 and -0 differ), or both NaN;
 *   - arrays equal element by element, in order; references compared as indices;
 *   - a numeric attribute (num not NaN) is compared by its number only, a text attribute
 *     by its text;
 *   - an issue's dim_names array that is NULL equals one of NULL names; an actor's missing
 *     name equals its id (the loader sets the name to the id when none is written);
 *   - `origin` (where the scenario was read from) and source locations (ent_loc_t) are
 *     NOT compared: they describe the file, not the scenario.
 * The first difference found is described in `why` ("actor 3 'UA': capability 30 != 31").
 *
 * Complexity: O(size of the scenarios + actors × issues).
 */
#include "scenario/uncertainty.h"
#include "entente/scenario.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *why;
    size_t n;
} why_t;

static int diff(why_t *w, const char *fmt, ...) ENT_PRINTF(2, 3);
static int diff(why_t *w, const char *fmt, ...)
{
    if (w->why && w->n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(w->why, w->n, fmt, ap);
        va_end(ap);
    }
    return 0;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static int num_eq(double a, double b)
{
    if (isnan(a) && isnan(b)) return 1;
    return memcmp(&a, &b, sizeof a) == 0;
}

static int vec_eq(const double *a, const double *b, size_t n)
{
    if (!a || !b) return a == b;
    for (size_t i = 0; i < n; i++)
        if (!num_eq(a[i], b[i])) return 0;
    return 1;
}

static const char *show(const char *s) { return s ? s : "(none)"; }

#define STR(what, fa, fb)                                                                              \
    do {                                                                                               \
        if (!str_eq(fa, fb)) return diff(w, "%s: " what " \"%.60s\" != \"%.60s\"", ctx, show(fa), show(fb)); \
    } while (0)
#define NUM(what, fa, fb)                                                                          \
    do {                                                                                           \
        if (!num_eq(fa, fb)) return diff(w, "%s: " what " %.17g != %.17g", ctx, (double)(fa), (double)(fb)); \
    } while (0)
#define CNT(what, fa, fb)                                                                          \
    do {                                                                                           \
        if ((fa) != (fb)) return diff(w, "%s: " what " %zu != %zu", ctx, (size_t)(fa), (size_t)(fb)); \
    } while (0)

static int actors_eq(const ent_scenario_t *a, const ent_scenario_t *b, why_t *w)
{
    char ctx[160];
    for (size_t i = 0; i < a->nactors; i++) {
        const ent_actor_t *x = &a->actors[i], *y = &b->actors[i];
        snprintf(ctx, sizeof ctx, "actor %zu '%.60s'", i + 1, show(x->id));
        STR("id", x->id, y->id);
        STR("name", x->name ? x->name : x->id, y->name ? y->name : y->id);   /* a missing name is the id */
        NUM("capability", x->capability, y->capability);
        CNT("capability date", x->cap_as_of, y->cap_as_of);
        CNT("number of earlier capabilities", x->ncap_earlier, y->ncap_earlier);
        for (size_t k = 0; k < x->ncap_earlier; k++) {
            NUM("earlier capability", x->cap_earlier[k].value, y->cap_earlier[k].value);
            CNT("earlier capability date", x->cap_earlier[k].as_of, y->cap_earlier[k].as_of);
        }
        STR("notes", x->notes, y->notes);
        STR("source", x->source, y->source);
        CNT("number of attributes", x->nattrs, y->nattrs);
        for (size_t k = 0; k < x->nattrs; k++) {
            const ent_attr_t *p = &x->attrs[k], *q = &y->attrs[k];
            STR("attribute name", p->key, q->key);
            NUM("attribute value", p->num, q->num);
            if (isnan(p->num)) STR("attribute text", p->text, q->text);
        }
        CNT("number of member_of entries", x->nmember_of, y->nmember_of);
        for (size_t k = 0; k < x->nmember_of; k++) {
            CNT("member_of kind (1 = group)", x->member_of[k].group, y->member_of[k].group);
            CNT("member_of index", x->member_of[k].index, y->member_of[k].index);
        }
    }
    return 1;
}

static int issues_eq(const ent_scenario_t *a, const ent_scenario_t *b, why_t *w)
{
    char ctx[160];
    for (size_t i = 0; i < a->nissues; i++) {
        const ent_issue_t *x = &a->issues[i], *y = &b->issues[i];
        snprintf(ctx, sizeof ctx, "issue %zu '%.60s'", i + 1, show(x->id));
        STR("id", x->id, y->id);
        STR("name", x->name, y->name);
        CNT("ndim", x->ndim, y->ndim);
        for (size_t d = 0; d < x->ndim; d++) {
            const char *na = x->dim_names ? x->dim_names[d] : NULL, *nb = y->dim_names ? y->dim_names[d] : NULL;
            STR("dimension name", na, nb);
        }
        if (!vec_eq(x->lo, y->lo, x->ndim) || !vec_eq(x->hi, y->hi, x->ndim)) return diff(w, "%s: scales differ", ctx);
        STR("lo label", x->lo_label, y->lo_label);
        STR("hi label", x->hi_label, y->hi_label);
        CNT("number of labels", x->nlabels, y->nlabels);
        for (size_t k = 0; k < x->nlabels; k++) {
            NUM("label point", x->labels[k].at, y->labels[k].at);
            STR("label", x->labels[k].label, y->labels[k].label);
        }
        NUM("step", x->step, y->step);
        if (!vec_eq(x->status_quo, y->status_quo, x->ndim)) return diff(w, "%s: status quo differs", ctx);
        if (!vec_eq(x->outcome, y->outcome, x->ndim)) return diff(w, "%s: outcome differs", ctx);
        STR("notes", x->notes, y->notes);
        STR("source", x->source, y->source);
    }
    return 1;
}

/* Preference forms (entente/scenario.h): kind, slopes, ordinal points. */
static int pref_eq(const ent_pref_t *x, const ent_pref_t *y)
{
    return x->kind == y->kind && num_eq(x->below, y->below) && num_eq(x->above, y->above) && x->nord == y->nord &&
           (!x->nord || vec_eq(x->ord, y->ord, x->nord));
}

static int positions_eq(const ent_scenario_t *a, const ent_scenario_t *b, why_t *w)
{
    char ctx[200];
    if (!a->pos || !b->pos) {
        if (a->pos != b->pos && a->nactors && a->nissues) return diff(w, "one scenario has no position table");
        return 1;
    }
    for (size_t r = 0; r < a->nactors; r++)
        for (size_t i = 0; i < a->nissues; i++) {
            const ent_position_t *x = ent_scenario_pos(a, r, i), *y = ent_scenario_pos(b, r, i);
            size_t nd = a->issues[i].ndim;
            snprintf(ctx, sizeof ctx, "position of '%.60s' on '%.60s'", show(a->actors[r].id), show(a->issues[i].id));
            if (!x->present != !y->present) return diff(w, "%s: present in one scenario only", ctx);
            if (!x->present) continue;
            for (; x || y; x = x->earlier, y = y->earlier) { /* the latest, then earlier codings */
                if (!x || !y) return diff(w, "%s: numbers of dated codings differ", ctx);
                if (!vec_eq(x->x, y->x, nd)) return diff(w, "%s: coordinates differ", ctx);
                if (!vec_eq(x->sal, y->sal, nd)) return diff(w, "%s: saliences differ", ctx);
                NUM("capability", x->capability, y->capability);
                if (!pref_eq(&x->pref, &y->pref)) return diff(w, "%s: preference forms differ", ctx);
                STR("notes", x->notes, y->notes);
                STR("source", x->source, y->source);
                if (x->as_of != y->as_of) return diff(w, "%s: as_of dates differ", ctx);
            }
        }
    return 1;
}

static int rest_eq(const ent_scenario_t *a, const ent_scenario_t *b, why_t *w)
{
    char ctx[160];
    for (size_t g = 0; g < a->ngroups; g++) {
        const ent_group_t *x = &a->groups[g], *y = &b->groups[g];
        snprintf(ctx, sizeof ctx, "group %zu '%.60s'", g + 1, show(x->id));
        STR("id", x->id, y->id);
        STR("name", x->name, y->name);
        CNT("number of members", x->n, y->n);
        if (x->n && memcmp(x->members, y->members, x->n * sizeof *x->members)) return diff(w, "%s: members differ", ctx);
    }
    for (size_t r = 0; r < a->nrules; r++) {
        const ent_ruledef_t *x = &a->rules[r], *y = &b->rules[r];
        snprintf(ctx, sizeof ctx, "rule %zu '%.60s'", r + 1, show(x->id));
        STR("id", x->id, y->id);
        STR("name", x->name, y->name);
        STR("expr", x->expr, y->expr);
        if (x->kind != y->kind) return diff(w, "%s: kind differs", ctx);
        STR("notes", x->notes, y->notes);
        STR("source", x->source, y->source);
    }
    for (size_t k = 0; k < a->nproposals; k++) {
        const ent_proposal_t *x = &a->proposals[k], *y = &b->proposals[k];
        snprintf(ctx, sizeof ctx, "proposal %zu '%.60s'", k + 1, show(x->id));
        STR("id", x->id, y->id);
        STR("name", x->name, y->name);
        if (x->proposer != y->proposer) return diff(w, "%s: proposer differs", ctx);
        if (x->rule != y->rule) return diff(w, "%s: rule differs", ctx);
        CNT("number of points", x->npoints, y->npoints);
        for (size_t q = 0; q < x->npoints; q++) {
            if (x->issue[q] != y->issue[q]) return diff(w, "%s: issue of point %zu differs", ctx, q + 1);
            size_t nd = x->issue[q] < a->nissues ? a->issues[x->issue[q]].ndim : 1;
            if (!vec_eq(x->point[q], y->point[q], nd)) return diff(w, "%s: point %zu differs", ctx, q + 1);
        }
        const ent_design_t *dx = &x->design, *dy = &y->design;
        if (dx->set != dy->set || (dx->set && (dx->rule != dy->rule || dx->against != dy->against ||
                                               dx->nissues != dy->nissues ||
                                               (dx->nissues && memcmp(dx->issues, dy->issues,
                                                                      dx->nissues * sizeof *dx->issues)))))
            return diff(w, "%s: designs differ", ctx);
        STR("notes", x->notes, y->notes);
        STR("source", x->source, y->source);
    }
    for (size_t k = 0; k < a->nsteps; k++) {
        const ent_step_t *x = &a->steps[k], *y = &b->steps[k];
        snprintf(ctx, sizeof ctx, "step %zu '%.60s'", k + 1, show(x->id));
        STR("id", x->id, y->id);
        STR("name", x->name, y->name);
        STR("notes", x->notes, y->notes);
        STR("source", x->source, y->source);
        CNT("number of preconditions", x->npre, y->npre);
        for (size_t q = 0; q < x->npre; q++)
        for (const ent_precond_t *p = &x->pre[q], *r = &y->pre[q]; p || r; p = p->earlier, r = r->earlier) {
            if (!p || !r) return diff(w, "%s: precondition %zu has more dated codings in one scenario", ctx, q + 1);
            CNT("precondition date", p->as_of, r->as_of);
            CNT("precondition steps", p->nsteps, r->nsteps);
            if (p->nsteps && memcmp(p->steps, r->steps, p->nsteps * sizeof *p->steps))
                return diff(w, "%s: precondition %zu steps differ", ctx, q + 1);
            CNT("insisting actors", p->ninsist, r->ninsist);
            for (size_t j = 0; j < p->ninsist; j++) {
                if (p->insist[j].actor != r->insist[j].actor) return diff(w, "%s: precondition %zu insisting actor differs", ctx, q + 1);
                NUM("insist salience", p->insist[j].salience, r->insist[j].salience);
            }
            STR("precondition notes", p->notes, r->notes);
            STR("precondition source", p->source, r->source);
        }
    }
    CNT("number of variants", a->nvariants, b->nvariants);
    for (size_t k = 0; k < a->nvariants; k++) {
        const ent_variant_t *x = &a->variants[k], *y = &b->variants[k];
        snprintf(ctx, sizeof ctx, "variant %zu '%.60s'", k + 1, show(x->id));
        STR("id", x->id, y->id);
        STR("description", x->description, y->description);
        CNT("number of changes", x->nchanges, y->nchanges);
        for (size_t q = 0; q < x->nchanges; q++) {
            if (x->changes[q].kind != y->changes[q].kind) return diff(w, "%s: change %zu kind differs", ctx, q + 1);
            STR("change", x->changes[q].text, y->changes[q].text);
        }
    }
    const char *ud = ent_i_uncertainty_diff(a->uncertainty, b->uncertainty);
    if (ud) return diff(w, "%s", ud);
    return 1;
}

int ent_scenario_equal(const ent_scenario_t *a, const ent_scenario_t *b, char *why, size_t whylen)
{
    why_t ww = {why, whylen}, *w = &ww;
    const char *ctx = "scenario";
    if (why && whylen) why[0] = 0;
    if (!a || !b) return a == b ? 1 : diff(w, "one scenario is NULL");
    STR("title", a->title, b->title);
    STR("description", a->description, b->description);
    NUM("salience_scale", a->salience_scale, b->salience_scale);
    NUM("precision", a->precision, b->precision);
    STR("calibration", a->calibration, b->calibration);
    if (!pref_eq(&a->pref, &b->pref)) return diff(w, "default preference forms differ");
    STR("precoalitions", a->precoalitions, b->precoalitions);
    CNT("number of sources", a->nsources, b->nsources);
    CNT("number of actors", a->nactors, b->nactors);
    CNT("number of issues", a->nissues, b->nissues);
    CNT("number of groups", a->ngroups, b->ngroups);
    CNT("number of rules", a->nrules, b->nrules);
    CNT("number of proposals", a->nproposals, b->nproposals);
    CNT("number of steps", a->nsteps, b->nsteps);
    for (size_t i = 0; i < a->nsources; i++) {
        char sctx[120];
        snprintf(sctx, sizeof sctx, "source %zu", i + 1);
        ctx = sctx;
        STR("id", a->sources[i].id, b->sources[i].id);
        STR("text", a->sources[i].text, b->sources[i].text);
        STR("url", a->sources[i].url, b->sources[i].url);
    }
    return actors_eq(a, b, w) && issues_eq(a, b, w) && positions_eq(a, b, w) && rest_eq(a, b, w);
}
