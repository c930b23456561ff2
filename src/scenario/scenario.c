/* SPDX-License-Identifier: MIT */
/* scenario.c — lifetime, accessors and lookups of ent_scenario_t (entente/scenario.h).
 * Lookups are linear scans, O(n) per call; callers that resolve many ids build their own
 * index (the loaders hash ids). */
#include "entente/scenario.h"
#include "scenario/asof.h"
#include "scenario/idmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const ent_position_t *ent_scenario_pos(const ent_scenario_t *s, size_t actor, size_t issue)
{
    return &s->pos[actor * s->nissues + issue];
}

ent_position_t *ent_scenario_pos_mut(ent_scenario_t *s, size_t actor, size_t issue)
{
    return &s->pos[actor * s->nissues + issue];
}

void ent_scenario_init(ent_scenario_t *s)
{
    memset(s, 0, sizeof *s);
    s->salience_scale = 1.0;
}

static void free_loc_strings(char *notes, char *source)
{
    free(notes);
    free(source);
}

void ent_scenario_destroy(ent_scenario_t *s)
{
    if (!s) return;
    free(s->title);
    free(s->description);
    free(s->precoalitions);
    free(s->calibration);
    free(s->origin);
    free(s->load_report);
    ent_i_index_free(s->index);
    for (size_t i = 0; i < s->nsources; i++) {
        free(s->sources[i].id);
        free(s->sources[i].text);
        free(s->sources[i].url);
    }
    free(s->sources);
    for (size_t i = 0; i < s->nactors; i++) {
        ent_actor_t *a = &s->actors[i];
        free(a->id);
        free(a->name);
        for (size_t k = 0; k < a->nattrs; k++) {
            free(a->attrs[k].key);
            free(a->attrs[k].text);
        }
        free(a->attrs);
        free(a->member_of);
        free(a->cap_earlier);
        free_loc_strings(a->notes, a->source);
    }
    free(s->actors);
    for (size_t i = 0; i < s->nissues; i++) {
        ent_issue_t *is = &s->issues[i];
        free(is->id);
        free(is->name);
        if (is->dim_names)
            for (size_t d = 0; d < is->ndim; d++) free(is->dim_names[d]);
        free(is->dim_names);
        free(is->lo);
        free(is->hi);
        free(is->lo_label);
        free(is->hi_label);
        for (size_t k = 0; k < is->nlabels; k++) free(is->labels[k].label);
        free(is->labels);
        free(is->status_quo);
        free(is->outcome);
        free_loc_strings(is->notes, is->source);
    }
    free(s->issues);
    if (s->pos) {
        for (size_t i = 0; i < s->nactors * s->nissues; i++) {
            ent_position_clear(&s->pos[i]); /* asof.c: its fields and its earlier codings */
        }
    }
    free(s->pos);
    for (size_t i = 0; i < s->ngroups; i++) {
        free(s->groups[i].id);
        free(s->groups[i].name);
        free(s->groups[i].members);
    }
    free(s->groups);
    for (size_t i = 0; i < s->nrules; i++) {
        free(s->rules[i].id);
        free(s->rules[i].name);
        free(s->rules[i].expr);
        free_loc_strings(s->rules[i].notes, s->rules[i].source);
    }
    free(s->rules);
    for (size_t i = 0; i < s->nproposals; i++) {
        ent_proposal_t *p = &s->proposals[i];
        free(p->id);
        free(p->name);
        free(p->issue);
        if (p->point)
            for (size_t k = 0; k < p->npoints; k++) free(p->point[k]);
        free(p->point);
        free(p->design.issues);
        free_loc_strings(p->notes, p->source);
    }
    free(s->proposals);
    for (size_t i = 0; i < s->nsteps; i++) {
        ent_step_t *st = &s->steps[i];
        free(st->id);
        free(st->name);
        for (size_t k = 0; k < st->npre; k++) {
            free(st->pre[k].steps);
            free(st->pre[k].insist);
            free_loc_strings(st->pre[k].notes, st->pre[k].source);
            ent_i_precond_free_earlier(&st->pre[k]);
        }
        free(st->pre);
        free_loc_strings(st->notes, st->source);
    }
    free(s->steps);
    for (size_t i = 0; i < s->nvariants; i++) {
        ent_variant_t *v = &s->variants[i];
        free(v->id);
        free(v->description);
        for (size_t k = 0; k < v->nchanges; k++) free(v->changes[k].text);
        free(v->changes);
    }
    free(s->variants);
    free(s->pref.ord);
    ent_uncertainty_destroy(s->uncertainty);
    ent_scenario_init(s);
}

double ent_scenario_salience(const ent_scenario_t *s, size_t a, size_t i, size_t d)
{
    const ent_position_t *p = ent_scenario_pos(s, a, i);
    if (!p->present || !p->sal) return NAN;
    return p->sal[d] / s->salience_scale;
}

double ent_scenario_capability(const ent_scenario_t *s, size_t a, size_t i)
{
    const ent_position_t *p = ent_scenario_pos(s, a, i);
    if (!isnan(p->capability)) return p->capability;
    return s->actors[a].capability;
}

#define FIND(fn, arr, n)                                                  \
    long fn(const ent_scenario_t *s, const char *id)                      \
    {                                                                     \
        if (!id) return -1;                                               \
        for (size_t i = 0; i < s->n; i++)                                 \
            if (s->arr[i].id && strcmp(s->arr[i].id, id) == 0) return (long)i; \
        return -1;                                                        \
    }
FIND(ent_scenario_find_actor, actors, nactors)
FIND(ent_scenario_find_issue, issues, nissues)
FIND(ent_scenario_find_group, groups, ngroups)
FIND(ent_scenario_find_rule, rules, nrules)
FIND(ent_scenario_find_step, steps, nsteps)
#undef FIND

void ent_load_opts_init(ent_load_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->format = ENT_FMT_AUTO;
}
