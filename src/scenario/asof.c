/* SPDX-License-Identifier: MIT */
/* asof.c — dated codings: the scenario as it stood on a date (entente/scenario.h,
 * ent_scenario_as_of; the `as_of:` field of a position and `entente compare --as-of`,
 * docs/format.md "positions"). A coding applies from its date on and a later dated coding of
 * the same position replaces an earlier one; an undated one always applies. A cell of the
 * position table holds the latest coding, its `earlier` chain the older ones, newest first.
 * Actors' capabilities (`capability: [{value, as_of}, ...]`, ent_actor_t.cap_earlier) and
 * precondition links (a `requires` entry repeated with another as_of, ent_precond_t.earlier)
 * are dated the same way. Issue 12 of the project.
 *
 * Complexity: ent_scenario_parse_date O(length); ent_scenario_as_of O(codings).
 */
#include "entente/scenario.h"
#include "scenario/asof.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long ent_scenario_parse_date(const char *t)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!t) return 0;
    for (int k = 0; k < 10; k++) {
        int dash = k == 4 || k == 7;
        if (dash ? t[k] != '-' : (t[k] < '0' || t[k] > '9')) return 0;
    }
    if (t[10]) return 0;
    long y = strtol(t, NULL, 10), m = strtol(t + 5, NULL, 10), d = strtol(t + 8, NULL, 10);
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return 0;
    return y * 10000 + m * 100 + d;
}

static void free_fields(ent_position_t *p)
{
    free(p->x);
    free(p->sal);
    free(p->pref.ord);
    free(p->notes);
    free(p->source);
}

void ent_position_clear(ent_position_t *p)
{
    if (!p) return;
    ent_position_t *q = p->earlier;
    free_fields(p);
    memset(p, 0, sizeof *p);
    p->capability = NAN;
    while (q) {
        ent_position_t *next = q->earlier;
        free_fields(q);
        free(q);
        q = next;
    }
}

static void capabilities_as_of(ent_scenario_t *s, long date);
static void links_as_of(ent_scenario_t *s, long date);

ent_status_t ent_scenario_as_of(ent_scenario_t *s, long date, ent_error_t *err)
{
    if (!s || date < 10000101 || date > 99991231)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "as-of date %ld is not a date; expected YYYYMMDD", date);
    capabilities_as_of(s, date);
    links_as_of(s, date);
    if (!s->pos) return ENT_OK;
    for (size_t k = 0; k < s->nactors * s->nissues; k++) {
        ent_position_t *p = &s->pos[k];
        if (!p->present || !p->as_of || p->as_of <= date) continue;
        /* the latest coding is too late: take the newest earlier one on or before the date */
        ent_position_t *prev = p, *sel = p->earlier;
        while (sel && sel->as_of > date) prev = sel, sel = sel->earlier;
        prev->earlier = NULL;  /* the codings later than sel, p's included, are dropped */
        ent_position_clear(p);
        if (sel) {
            *p = *sel;  /* sel's fields and its own earlier chain move into the cell */
            free(sel);
        }
    }
    return ENT_OK;
}

void ent_i_date_text(long date, char *buf, size_t n)
{
    snprintf(buf, n, "%04ld-%02ld-%02ld", date / 10000 % 10000, date / 100 % 100, date % 100);
}

void ent_i_precond_free_earlier(ent_precond_t *pc)
{
    ent_precond_t *q = pc->earlier;
    pc->earlier = NULL;
    while (q) {
        ent_precond_t *next = q->earlier;
        free(q->steps);
        free(q->insist);
        free(q->notes);
        free(q->source);
        free(q);
        q = next;
    }
}

/* The actors' dated capabilities on `date`: the latest on or before it, else the earliest
 * (an actor needs a capability; it is then the first one known). */
static void capabilities_as_of(ent_scenario_t *s, long date)
{
    for (size_t i = 0; i < s->nactors; i++) {
        ent_actor_t *a = &s->actors[i];
        if (!a->cap_as_of || a->cap_as_of <= date || !a->ncap_earlier) continue; /* none earlier: kept */
        size_t k = 0;
        while (k < a->ncap_earlier && a->cap_earlier[k].as_of > date) k++;
        if (k == a->ncap_earlier) k--; /* all later: the earliest */
        a->capability = a->cap_earlier[k].value;
        a->cap_as_of = a->cap_earlier[k].as_of;
        a->ncap_earlier -= k + 1;
        memmove(a->cap_earlier, a->cap_earlier + k + 1, a->ncap_earlier * sizeof *a->cap_earlier);
        if (!a->ncap_earlier) {
            free(a->cap_earlier);
            a->cap_earlier = NULL;
        }
    }
}

/* Drop p_insisted entries naming precondition `pre` of step `step` and renumber the later
 * ones of that step (the link was removed). */
static void insist_removed(ent_scenario_t *s, size_t step, size_t pre)
{
    ent_uncertainty_t *u = s->uncertainty;
    if (!u) return;
    size_t w = 0;
    for (size_t k = 0; k < u->ninsist; k++) {
        ent_unc_insist_t in = u->insist[k];
        if (in.step == step && in.pre == pre) continue;
        if (in.step == step && in.pre > pre) in.pre--;
        u->insist[w++] = in;
    }
    u->ninsist = w;
}

/* The precondition links on `date`: the latest coding on or before it; a link whose codings
 * are all later is removed. */
static void links_as_of(ent_scenario_t *s, long date)
{
    for (size_t i = 0; i < s->nsteps; i++) {
        ent_step_t *sp = &s->steps[i];
        for (size_t q = 0; q < sp->npre;) {
            ent_precond_t *pc = &sp->pre[q];
            if (!pc->as_of || pc->as_of <= date) { q++; continue; }
            ent_precond_t *prev = NULL, *sel = pc->earlier;
            while (sel && sel->as_of > date) prev = sel, sel = sel->earlier;
            if (prev) prev->earlier = NULL; /* cut the later codings from sel on */
            else pc->earlier = NULL;
            ent_precond_t later = *pc;      /* pc and its later codings (down to prev) */
            free(later.steps);
            free(later.insist);
            free(later.notes);
            free(later.source);
            ent_i_precond_free_earlier(&later);
            if (sel) {
                *pc = *sel;  /* sel's fields and its own earlier chain move into the entry */
                free(sel);
                q++;
            } else {
                memmove(pc, pc + 1, (sp->npre - q - 1) * sizeof *pc);
                sp->npre--;
                insist_removed(s, i, q);
            }
        }
        if (!sp->npre) {
            free(sp->pre);
            sp->pre = NULL;
        }
    }
}
