/* SPDX-License-Identifier: MIT */
/* query.c — one query of a decision rule, as `entente rule` asks it (entente/game.h,
 * ent_game_query): the rule's description and veto players, whether a coalition wins or
 * blocks, whether an action passes over some objectors, the dummies and the numbers of
 * minimal winning and blocking coalitions, and a listing of minimal coalitions. The answers
 * come from rule.c (veto players, ent_game_over) and power.c (dummies, minimal coalitions);
 * this module only gathers them into one result struct for the renderers
 * (src/report/report_rule.c). Also ent_game_mark_players, which turns a comma list of player,
 * group or actor names into flags. Complexity: that of the parts asked for (docs/power.md);
 * naming is O(names * (players + groups)).
 */
#include "game/game_i.h"

#include <stdlib.h>
#include <string.h>

ent_status_t ent_game_mark_players(const ent_game_t *g, const ent_scenario_t *s, const char *list,
                                   unsigned char *flags, ent_error_t *err)
{
    size_t n = g->n;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char name[256];
        if (len == 0 || len >= sizeof name) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bad name in list '%s'", list);
        memcpy(name, p, len);
        name[len] = 0;
        int found = 0;
        for (size_t k = 0; k < n; k++)
            if (!strcmp(g->names[k], name)) { flags[k] = 1; found = 1; }
        if (!found && s) {
            long gi = ent_scenario_find_group(s, name);
            if (gi >= 0) {
                const ent_group_t *gr = &s->groups[gi];
                for (size_t m = 0; m < gr->n; m++)
                    for (size_t k = 0; k < n; k++)
                        if (g->actor[k] == gr->members[m]) flags[k] = 1;
                found = 1;
            } else if (ent_scenario_find_actor(s, name) >= 0) {
                found = 1;   /* an actor the rule does not involve: no effect on the vote */
            }
        }
        if (!found) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "unknown player or group '%s'", name);
        p += len;
        if (*p == ',') p++;
    }
    return ENT_OK;
}

void ent_rule_query_opts_init(ent_rule_query_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->summary = 1;
    o->list_kind = ENT_COALITIONS_WINNING;
    o->limit = 20;
}

void ent_rule_query_init(ent_rule_query_t *q)
{
    memset(q, 0, sizeof *q);
    ent_over_init(&q->over);
    ent_coalitions_init(&q->listing);
}

void ent_rule_query_destroy(ent_rule_query_t *q)
{
    if (!q) return;
    ent_free(q->rule);
    free(q->veto);
    free(q->coalition);
    free(q->objectors);
    free(q->dummy);
    free(q->count[0]);
    free(q->count[1]);
    ent_over_destroy(&q->over);
    ent_coalitions_destroy(&q->listing);
    ent_rule_query_init(q);
}

static unsigned char *copy_flags(const unsigned char *f, size_t n)
{
    unsigned char *c = malloc(n ? n : 1);
    if (c && n) memcpy(c, f, n);
    return c;
}

/* Dummies and the two counts of minimal coalitions; what the exact methods refuse is kept as
 * a message in the result, not returned. */
static ent_status_t query_summary(const ent_game_t *g, const ent_rule_query_opts_t *o, ent_rule_query_t *q,
                                  ent_error_t *err)
{
    q->has_summary = 1;
    if (!(q->dummy = calloc(q->n ? q->n : 1, 1))) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    ent_status_t st = ent_i_dummy_players(g, &o->progress, q->dummy, &q->dummy_error);
    if (st == ENT_ENOMEM || st == ENT_EINTR) return ent_error_set(err, st, NULL, 0, 0, "%s", q->dummy_error.msg);
    if (o->list_minimal) return ENT_OK;
    q->has_counts = 1;
    for (int k = 0; k < 2; k++) {
        ent_coalitions_t cc;
        st = ent_i_game_minimal(g, k ? ENT_COALITIONS_BLOCKING : ENT_COALITIONS_WINNING, 0, &o->progress, &cc,
                                &q->count_error[k]);
        if (st == ENT_ENOMEM || st == ENT_EINTR) return ent_error_set(err, st, NULL, 0, 0, "%s", q->count_error[k].msg);
        if (st) continue;
        q->count[k] = cc.count;   /* taken over from cc */
        cc.count = NULL;
        ent_coalitions_destroy(&cc);
    }
    return ENT_OK;
}

ent_status_t ent_game_query(const ent_game_t *g, const ent_rule_query_opts_t *opts, ent_rule_query_t *q,
                            ent_error_t *err)
{
    ent_rule_query_opts_t def;
    if (!opts) { ent_rule_query_opts_init(&def); opts = &def; }
    ent_rule_query_init(q);
    size_t n = g->n;
    q->n = n;
    ent_status_t rc = ent_game_describe(g, &q->rule, err);
    if (rc) goto done;
    if (!(q->veto = calloc(n ? n : 1, 1))) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    if ((rc = ent_game_veto_players(g, q->veto, err))) goto done;
    if (opts->coalition) {
        q->has_coalition = 1;
        if (!(q->coalition = copy_flags(opts->coalition, n))) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        q->winning = ent_game_winning(g, q->coalition);
        q->blocking = ent_game_blocking(g, q->coalition);
    }
    if (opts->objectors) {
        q->has_over = 1;
        if (!(q->objectors = copy_flags(opts->objectors, n))) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        if ((rc = ent_game_over(g, q->objectors, &q->over, err))) goto done;
    }
    if (opts->summary && (rc = query_summary(g, opts, q, err))) goto done;
    if (opts->list_minimal) {
        q->has_listing = 1;
        q->listing_kind = opts->list_kind;
        rc = ent_i_game_minimal(g, opts->list_kind, opts->limit, &opts->progress, &q->listing, err);
    }
done:
    if (rc) ent_rule_query_destroy(q);
    return rc;
}
