/* SPDX-License-Identifier: MIT */
/* validate.c — ent_scenario_validate: consistency checks of a filled scenario.
 *
 * Implements the "Rules" and "Limits" of docs/format.md for any scenario, whoever built it
 * (the YAML/JSON loader, an importer, or C code): ids well-formed and unique per kind;
 * index references in range (actors, issues, groups, rules, steps); numbers finite and
 * 0 or of magnitude 1e-16..1e16 (scenario/numfmt.h);
 * capability >= 0; scales lo < hi; positions, status quo, outcome, proposal points and
 * labels inside the issue's scale; saliences within 0..salience_scale; group members,
 * proposal issues, preconditions' steps and insisting actors not duplicated; a step that
 * requires itself (directly) is an error. Longer cycles of steps are NOT errors: they are
 * what `entente sequence` analyses. Rule texts are not parsed here (the game engine
 * checks them against the scenario's actors and groups).
 *
 * Complexity: O(size of the scenario) expected — ids are checked with a hash map
 * (scenario/idmap.h), duplicates inside a group/proposal/precondition with a stamp array.
 * The first problem found is reported, with the element's line:col when it is known.
 */
#include "entente/scenario.h"
#include "scenario/idmap.h"
#include "scenario/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const ent_scenario_t *s;
    const char *name;
    ent_error_t *err;
    size_t *stamp;   /* max(nactors, nissues, nsteps) entries */
    size_t tick;
} vctx_t;

#define FAIL(loc, ...) ent_error_set(c->err, ENT_EINPUT, c->name, (loc).line, (loc).col, __VA_ARGS__)

static int finite_in(double v, double lo, double hi)
{
    return isfinite(v) && v >= lo && v <= hi;
}

/* Checks the ids of one kind: well-formed and unique. `get` returns the id of element i. */
static ent_status_t check_ids(vctx_t *c, const char *kind, size_t n, const char *(*get)(const ent_scenario_t *, size_t, ent_loc_t *))
{
    ent_i_idmap_t m;
    ent_i_idmap_init(&m);
    ent_status_t st = ENT_OK;
    for (size_t i = 0; i < n && st == ENT_OK; i++) {
        ent_loc_t loc;
        const char *id = get(c->s, i, &loc);
        size_t first = 0;
        if (!ent_i_id_ok(id)) {
            st = FAIL(loc, "%s %zu has %s id '%s'; expected letters, digits, '_', '-', '.' starting with a letter or digit",
                      kind, i + 1, id && *id ? "an invalid" : "an empty", id ? id : "");
            break;
        }
        int r = ent_i_idmap_put(&m, id, i, &first);
        if (r < 0) st = ent_error_set(c->err, ENT_ENOMEM, c->name, 0, 0, "out of memory checking %s ids", kind);
        else if (r == 1) {
            ent_loc_t fl;
            get(c->s, first, &fl);
            if (fl.line > 0)
                st = FAIL(loc, "duplicate %s id '%s' (first at line %d); expected unique %s ids", kind, id, fl.line, kind);
            else
                st = FAIL(loc, "duplicate %s id '%s'; expected unique %s ids", kind, id, kind);
        }
    }
    ent_i_idmap_free(&m);
    return st;
}

static const char *src_id(const ent_scenario_t *s, size_t i, ent_loc_t *l) { l->line = l->col = 0; return s->sources[i].id; }
static const char *act_id(const ent_scenario_t *s, size_t i, ent_loc_t *l) { *l = s->actors[i].loc; return s->actors[i].id; }
static const char *iss_id(const ent_scenario_t *s, size_t i, ent_loc_t *l) { *l = s->issues[i].loc; return s->issues[i].id; }
static const char *grp_id(const ent_scenario_t *s, size_t i, ent_loc_t *l) { *l = s->groups[i].loc; return s->groups[i].id; }
static const char *rul_id(const ent_scenario_t *s, size_t i, ent_loc_t *l) { *l = s->rules[i].loc; return s->rules[i].id; }
static const char *pro_id(const ent_scenario_t *s, size_t i, ent_loc_t *l) { *l = s->proposals[i].loc; return s->proposals[i].id; }
static const char *stp_id(const ent_scenario_t *s, size_t i, ent_loc_t *l) { *l = s->steps[i].loc; return s->steps[i].id; }

/* A point of an issue (ndim coordinates) inside its scale. */
static ent_status_t check_point(vctx_t *c, const ent_issue_t *is, const double *x, ent_loc_t loc,
                                const char *what, const char *owner)
{
    for (size_t d = 0; d < is->ndim; d++) {
        if (isfinite(x[d]) && x[d] >= is->lo[d] && x[d] <= is->hi[d] && ent_i_num_in_range(x[d], 0))
            continue;
        char dim[96] = "";
        if (is->ndim > 1) {
            if (is->dim_names && is->dim_names[d])
                snprintf(dim, sizeof dim, " (dimension '%.60s')", is->dim_names[d]);
            else
                snprintf(dim, sizeof dim, " (dimension %zu)", d + 1);
        }
        if (!isfinite(x[d]))
            return FAIL(loc, "%s%s of %s on issue '%s' is not finite; expected a number in [%.17g, %.17g]",
                        what, dim, owner, is->id, is->lo[d], is->hi[d]);
        if (x[d] >= is->lo[d] && x[d] <= is->hi[d]) /* a non-zero magnitude below 1e-16 */
            return FAIL(loc, "%s %.17g%s of %s on issue '%s' is out of range; expected "
                        ENT_I_NUM_RANGE_TEXT, what, x[d], dim, owner, is->id);
        return FAIL(loc, "%s %.17g%s of %s is outside issue '%s' scale; expected a number in [%.17g, %.17g]",
                    what, x[d], dim, owner, is->id, is->lo[d], is->hi[d]);
    }
    return ENT_OK;
}

static ent_status_t check_actors(vctx_t *c)
{
    const ent_scenario_t *s = c->s;
    for (size_t i = 0; i < s->nactors; i++) {
        const ent_actor_t *a = &s->actors[i];
        if (!(isfinite(a->capability) && a->capability >= 0))
            return FAIL(a->loc, "actor '%s' has capability %g; expected a finite number >= 0", a->id, a->capability);
        if (!ent_i_num_in_range(a->capability, 0))
            return FAIL(a->loc, "actor '%s' has capability %.17g, out of range; expected "
                        ENT_I_NUM_RANGE_TEXT, a->id, a->capability);
        for (size_t k = 0; k < a->nattrs; k++) {
            const ent_attr_t *at = &a->attrs[k];
            if (!at->key || !*at->key)
                return FAIL(a->loc, "actor '%s' has an attribute without a name; expected a key", a->id);
            if (!at->text && isnan(at->num))
                return FAIL(a->loc, "actor '%s' attribute '%s' has no value; expected a number or a string", a->id, at->key);
            if (isinf(at->num))
                return FAIL(a->loc, "actor '%s' attribute '%s' is infinite; expected a finite number", a->id, at->key);
            if (!isnan(at->num) && !ent_i_num_in_range(at->num, 0))
                return FAIL(a->loc, "actor '%s' attribute '%s' is %.17g, out of range; expected "
                            ENT_I_NUM_RANGE_TEXT, a->id, at->key, at->num);
        }
        ent_i_idmap_t names;   /* duplicate attribute names, O(1) each */
        ent_i_idmap_init(&names);
        for (size_t k = 0; k < a->nattrs; k++) {
            int r = ent_i_idmap_put(&names, a->attrs[k].key, k, NULL);
            if (r != 0) {
                ent_i_idmap_free(&names);
                if (r < 0) return ent_error_set(c->err, ENT_ENOMEM, c->name, 0, 0, "out of memory checking attributes");
                return FAIL(a->loc, "actor '%s' has attribute '%s' twice; expected unique attribute names", a->id, a->attrs[k].key);
            }
        }
        ent_i_idmap_free(&names);
    }
    return ENT_OK;
}

static ent_status_t check_issues(vctx_t *c)
{
    const ent_scenario_t *s = c->s;
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        if (is->ndim < 1 || is->ndim > ENT_MAX_DIMS)
            return ent_error_set(c->err, is->ndim < 1 ? ENT_EINPUT : ENT_ELIMIT, c->name, is->loc.line, is->loc.col,
                                 "issue '%s' has %zu dimensions; expected 1 to %d", is->id, is->ndim, ENT_MAX_DIMS);
        if (!is->lo || !is->hi)
            return FAIL(is->loc, "issue '%s' has no scale; expected lo and hi bounds", is->id);
        for (size_t d = 0; d < is->ndim; d++) {
            if (!isfinite(is->lo[d]) || !isfinite(is->hi[d]) || !(is->lo[d] < is->hi[d]))
                return FAIL(is->loc, "issue '%s' has scale [%g, %g]; expected finite bounds with lo < hi",
                            is->id, is->lo[d], is->hi[d]);
            if (!ent_i_num_in_range(is->lo[d], 0) || !ent_i_num_in_range(is->hi[d], 0))
                return FAIL(is->loc, "issue '%s' has scale [%.17g, %.17g], out of range; expected bounds of "
                            ENT_I_NUM_RANGE_TEXT, is->id, is->lo[d], is->hi[d]);
        }
        double range = 0;
        for (size_t d = 0; d < is->ndim; d++)
            if (is->hi[d] - is->lo[d] > range) range = is->hi[d] - is->lo[d];
        if (is->step != 0 && !(is->step > 0 && is->step <= range))
            return FAIL(is->loc, "issue '%s' has step %g; expected the coding step, a number > 0 and at most the "
                        "scale's range %.17g", is->id, is->step, range);
        size_t named = 0;
        for (size_t d = 0; is->dim_names && d < is->ndim; d++) named += is->dim_names[d] != NULL;
        if (is->ndim > 1 && named) {   /* dimensions are all unnamed, or all named and distinct */
            for (size_t d = 0; d < is->ndim; d++) {
                if (!is->dim_names[d] || !*is->dim_names[d])
                    return FAIL(is->loc, "issue '%s' dimension %zu has no name; expected a name per dimension", is->id, d + 1);
                for (size_t e = 0; e < d; e++)
                    if (strcmp(is->dim_names[e], is->dim_names[d]) == 0)
                        return FAIL(is->loc, "issue '%s' names dimension '%s' twice; expected distinct names", is->id, is->dim_names[d]);
            }
        }
        for (size_t k = 0; k < is->nlabels; k++) {
            const ent_label_t *lb = &is->labels[k];
            ent_loc_t loc = lb->loc.line ? lb->loc : is->loc;
            if (!lb->label)
                return FAIL(loc, "issue '%s' label at %g has no text; expected a string", is->id, lb->at);
            if (!finite_in(lb->at, is->lo[0], is->hi[0]))
                return FAIL(loc, "label at %.17g is outside issue '%s' scale; expected a number in [%.17g, %.17g]",
                            lb->at, is->id, is->lo[0], is->hi[0]);
            for (size_t j = 0; j < k; j++)
                if (is->labels[j].at == lb->at)
                    return FAIL(loc, "issue '%s' has two labels at %.17g; expected one label per point", is->id, lb->at);
        }
        ent_status_t st;
        if (is->status_quo && (st = check_point(c, is, is->status_quo, is->loc, "status quo", "the issue")) != ENT_OK)
            return st;
        if (is->outcome && (st = check_point(c, is, is->outcome, is->loc, "outcome", "the issue")) != ENT_OK)
            return st;
    }
    return ENT_OK;
}

static ent_status_t check_positions(vctx_t *c)
{
    const ent_scenario_t *s = c->s;
    if (s->nactors && s->nissues && !s->pos)
        return ent_error_set(c->err, ENT_EINTERNAL, c->name, 0, 0, "scenario has actors and issues but no position table");
    for (size_t a = 0; a < s->nactors; a++) {
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (!p->present) continue;
            const ent_issue_t *is = &s->issues[i];
            ent_loc_t loc = p->loc.line ? p->loc : s->actors[a].loc;
            char owner[300];
            snprintf(owner, sizeof owner, "actor '%.200s'", s->actors[a].id);
            if (!p->x || !p->sal)
                return FAIL(loc, "position of %s on issue '%s' has no %s; expected %zu value(s)",
                            owner, is->id, p->x ? "salience" : "coordinates", is->ndim);
            ent_status_t st = check_point(c, is, p->x, loc, "position", owner);
            if (st != ENT_OK) return st;
            for (size_t d = 0; d < is->ndim; d++)
                if (!finite_in(p->sal[d], 0, s->salience_scale) || !ent_i_num_in_range(p->sal[d], 0))
                    return FAIL(loc, "salience %.17g of %s on issue '%s' is out of range; expected a number in [0, %g] (salience_scale)",
                                p->sal[d], owner, is->id, s->salience_scale);
            if (!isnan(p->capability) && !(isfinite(p->capability) && p->capability >= 0 &&
                                           ent_i_num_in_range(p->capability, 0)))
                return FAIL(loc, "capability %g of %s on issue '%s' is invalid; expected a finite number >= 0",
                            p->capability, owner, is->id);
        }
    }
    return ENT_OK;
}

static ent_status_t check_groups(vctx_t *c)
{
    const ent_scenario_t *s = c->s;
    for (size_t g = 0; g < s->ngroups; g++) {
        const ent_group_t *gr = &s->groups[g];
        if (gr->n == 0)
            return FAIL(gr->loc, "group '%s' has no members; expected at least one actor", gr->id);
        if (!gr->members) return FAIL(gr->loc, "group '%s' has no member list", gr->id);
        c->tick++;
        for (size_t k = 0; k < gr->n; k++) {
            size_t m = gr->members[k];
            if (m >= s->nactors)
                return FAIL(gr->loc, "group '%s' member %zu refers to actor #%zu; expected a known actor", gr->id, k + 1, m);
            if (c->stamp[m] == c->tick)
                return FAIL(gr->loc, "group '%s' lists actor '%s' twice; expected each member once", gr->id, s->actors[m].id);
            c->stamp[m] = c->tick;
        }
    }
    return ENT_OK;
}

static ent_status_t check_proposals(vctx_t *c)
{
    const ent_scenario_t *s = c->s;
    for (size_t k = 0; k < s->nproposals; k++) {
        const ent_proposal_t *p = &s->proposals[k];
        if (p->proposer < -1 || p->proposer >= (long)s->nactors)
            return FAIL(p->loc, "proposal '%s' proposer refers to actor #%ld; expected a known actor", p->id, p->proposer);
        if (p->rule < -1 || p->rule >= (long)s->nrules)
            return FAIL(p->loc, "proposal '%s' rule refers to rule #%ld; expected a known rule", p->id, p->rule);
        if (p->npoints == 0 || !p->issue || !p->point)
            return FAIL(p->loc, "proposal '%s' proposes nothing; expected a point on at least one issue", p->id);
        c->tick++;
        for (size_t j = 0; j < p->npoints; j++) {
            size_t i = p->issue[j];
            if (i >= s->nissues)
                return FAIL(p->loc, "proposal '%s' refers to issue #%zu; expected a known issue", p->id, i);
            if (c->stamp[i] == c->tick)
                return FAIL(p->loc, "proposal '%s' names issue '%s' twice; expected one point per issue", p->id, s->issues[i].id);
            c->stamp[i] = c->tick;
            if (!p->point[j]) return FAIL(p->loc, "proposal '%s' has no point on issue '%s'", p->id, s->issues[i].id);
            char owner[300];
            snprintf(owner, sizeof owner, "proposal '%.200s'", p->id);
            ent_status_t st = check_point(c, &s->issues[i], p->point[j], p->loc, "point", owner);
            if (st != ENT_OK) return st;
        }
    }
    return ENT_OK;
}

static ent_status_t check_steps(vctx_t *c)
{
    const ent_scenario_t *s = c->s;
    for (size_t k = 0; k < s->nsteps; k++) {
        const ent_step_t *st = &s->steps[k];
        for (size_t q = 0; q < st->npre; q++) {
            const ent_precond_t *pc = &st->pre[q];
            ent_loc_t loc = pc->loc.line ? pc->loc : st->loc;
            if (pc->nsteps == 0 || !pc->steps)
                return FAIL(loc, "step '%s' precondition %zu names no step; expected at least one step id", st->id, q + 1);
            c->tick++;
            for (size_t j = 0; j < pc->nsteps; j++) {
                size_t r = pc->steps[j];
                if (r >= s->nsteps)
                    return FAIL(loc, "step '%s' requires step #%zu; expected a known step", st->id, r);
                if (r == k)
                    return FAIL(loc, "step '%s' requires itself; expected another step's id", st->id);
                if (c->stamp[r] == c->tick)
                    return FAIL(loc, "step '%s' lists step '%s' twice in one precondition; expected distinct alternatives",
                                st->id, s->steps[r].id);
                c->stamp[r] = c->tick;
            }
            if (pc->ninsist && !pc->insist)
                return FAIL(loc, "step '%s' precondition %zu has no insisting actors list", st->id, q + 1);
            c->tick++;
            for (size_t j = 0; j < pc->ninsist; j++) {
                size_t a = pc->insist[j].actor;
                if (a >= s->nactors)
                    return FAIL(loc, "step '%s' precondition is insisted on by actor #%zu; expected a known actor", st->id, a);
                if (c->stamp[a] == c->tick)
                    return FAIL(loc, "step '%s' precondition names actor '%s' twice in insisted_by; expected each actor once",
                                st->id, s->actors[a].id);
                c->stamp[a] = c->tick;
                if (!finite_in(pc->insist[j].salience, 0, s->salience_scale))
                    return FAIL(loc, "salience %.17g of actor '%s' insisting on a precondition of step '%s' is out of range; expected a number in [0, %g]",
                                pc->insist[j].salience, s->actors[a].id, st->id, s->salience_scale);
            }
        }
    }
    return ENT_OK;
}

ent_status_t ent_scenario_validate(const ent_scenario_t *s, const char *name, ent_error_t *err)
{
    if (!s) return ent_error_set(err, ENT_EINVAL, name, 0, 0, "no scenario given");
    vctx_t cx = {s, name, err, NULL, 0};
    vctx_t *c = &cx;
    const ent_loc_t nowhere = {0, 0};
    if (s->nactors > ENT_MAX_ACTORS)
        return ent_error_set(err, ENT_ELIMIT, name, 0, 0, "%zu actors exceed the limit; expected at most %d", s->nactors, ENT_MAX_ACTORS);
    if (s->nissues > ENT_MAX_ISSUES)
        return ent_error_set(err, ENT_ELIMIT, name, 0, 0, "%zu issues exceed the limit; expected at most %d", s->nissues, ENT_MAX_ISSUES);
    if (s->nissues && s->nactors > (size_t)ENT_MAX_CELLS / s->nissues)
        return ent_error_set(err, ENT_ELIMIT, name, 0, 0, "%zu actors x %zu issues exceed the limit; expected at most %d cells",
                             s->nactors, s->nissues, ENT_MAX_CELLS);
    if (s->salience_scale != 1.0 && s->salience_scale != 100.0)
        return FAIL(nowhere, "salience_scale is %g; expected 1 or 100", s->salience_scale);
    if (s->precision != 0 && !(s->precision > 0 && s->precision <= 1))
        return FAIL(nowhere, "precision is %g; expected a fraction of the range in (0, 1]", s->precision);
    size_t nst = s->nactors;
    if (s->nissues > nst) nst = s->nissues;
    if (s->nsteps > nst) nst = s->nsteps;
    c->stamp = calloc(nst ? nst : 1, sizeof *c->stamp);
    if (!c->stamp) return ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory validating the scenario");
    ent_status_t st;
    if ((st = check_ids(c, "source", s->nsources, src_id)) != ENT_OK) goto done;
    if ((st = check_ids(c, "actor", s->nactors, act_id)) != ENT_OK) goto done;
    if ((st = check_ids(c, "issue", s->nissues, iss_id)) != ENT_OK) goto done;
    if ((st = check_ids(c, "group", s->ngroups, grp_id)) != ENT_OK) goto done;
    if ((st = check_ids(c, "rule", s->nrules, rul_id)) != ENT_OK) goto done;
    if ((st = check_ids(c, "proposal", s->nproposals, pro_id)) != ENT_OK) goto done;
    if ((st = check_ids(c, "step", s->nsteps, stp_id)) != ENT_OK) goto done;
    if ((st = check_actors(c)) != ENT_OK) goto done;
    if ((st = check_issues(c)) != ENT_OK) goto done;
    if ((st = check_positions(c)) != ENT_OK) goto done;
    if ((st = check_groups(c)) != ENT_OK) goto done;
    for (size_t r = 0; r < s->nrules; r++)
        if (!s->rules[r].expr || !*s->rules[r].expr) {
            st = FAIL(s->rules[r].loc, "rule '%s' has no expression; expected an 'expr' text", s->rules[r].id);
            goto done;
        } else if (!ent_rule_kind_name(s->rules[r].kind)) {
            st = FAIL(s->rules[r].loc, "rule '%s' has kind %d; expected one of %s", s->rules[r].id, (int)s->rules[r].kind,
                      ENT_RULE_KINDS);
            goto done;
        }
    if ((st = check_proposals(c)) != ENT_OK) goto done;
    st = check_steps(c);
done:
    free(c->stamp);
    return st;
}
