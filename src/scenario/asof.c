/* SPDX-License-Identifier: MIT */
/* asof.c — dated codings: the scenario as it stood on a date (entente/scenario.h,
 * ent_scenario_as_of; the `as_of:` field of a position and `entente compare --as-of`,
 * docs/format.md "Dates"). A coding applies from its date on: a position dated after the
 * date is removed, an undated one always applies. Issue 12 of the project.
 *
 * Complexity: ent_scenario_parse_date O(length); ent_scenario_as_of O(actors × issues).
 */
#include "entente/scenario.h"

#include <stdlib.h>

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

ent_status_t ent_scenario_as_of(ent_scenario_t *s, long date, ent_error_t *err)
{
    if (!s || date < 10000101 || date > 99991231)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "as-of date %ld is not a date; expected YYYYMMDD", date);
    if (!s->pos) return ENT_OK;
    for (size_t a = 0; a < s->nactors; a++)
        for (size_t i = 0; i < s->nissues; i++) {
            ent_position_t *p = ent_scenario_pos_mut(s, a, i);
            if (!p->present || !p->as_of || p->as_of <= date) continue;
            ent_status_t st = ent_scenario_set_position(s, a, i, NULL, NULL, err);
            if (st != ENT_OK) return st;
        }
    return ENT_OK;
}
