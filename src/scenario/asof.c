/* SPDX-License-Identifier: MIT */
/* asof.c — dated codings: the scenario as it stood on a date (entente/scenario.h,
 * ent_scenario_as_of; the `as_of:` field of a position and `entente compare --as-of`,
 * docs/format.md "positions"). A coding applies from its date on and a later dated coding of
 * the same position replaces an earlier one; an undated one always applies. A cell of the
 * position table holds the latest coding, its `earlier` chain the older ones, newest first.
 * Issue 12 of the project.
 *
 * Complexity: ent_scenario_parse_date O(length); ent_scenario_as_of O(codings).
 */
#include "entente/scenario.h"

#include <math.h>
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

ent_status_t ent_scenario_as_of(ent_scenario_t *s, long date, ent_error_t *err)
{
    if (!s || date < 10000101 || date > 99991231)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "as-of date %ld is not a date; expected YYYYMMDD", date);
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
