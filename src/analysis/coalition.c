/* SPDX-License-Identifier: MIT */
/* coalition.c — internal: a scenario rule compiled through the game engine
 * (entente/game.h: ent_game_from_rule, ent_game_winning, ent_game_veto_players) and
 * viewed over actors, plus the exact coalition enumerations the analyses need: Banzhaf
 * swings and winning-coalition counts (Coleman's power to prevent = swings / winning;
 * Coleman 1971, "Control of collectivities and the power of a collectivity to act"),
 * minimal blocking and minimal winning coalitions.
 *
 * Complexity: every enumeration walks all subsets of the relevant players, O(2^n · n ·
 * |rule|); it is refused (ENT_ELIMIT) above ENT_I_ENUM_MAX players. The game engine's own
 * exact methods (ent_game_power, ent_game_minimal) cover larger games; these small exact
 * walks keep the analyses independent of which method the engine picks.
 */
#include "analysis/coalition.h"

#include <stdlib.h>
#include <string.h>

ent_status_t ent_i_rule_open(ent_i_rule_t *r, const ent_scenario_t *s, size_t rule, ent_error_t *err)
{
    memset(r, 0, sizeof *r);
    ent_status_t st = ent_game_from_rule(s, rule, s->origin, &r->game, err);
    if (st != ENT_OK) return st;
    if ((st = ent_i_rule_views(r, s, err)) != ENT_OK) ent_i_rule_close(r);
    return st;
}

ent_status_t ent_i_rule_views(ent_i_rule_t *r, const ent_scenario_t *s, ent_error_t *err)
{
    r->n = ent_game_nplayers(r->game);
    r->nactors = s->nactors;
    r->actor = malloc((r->n + 1) * sizeof *r->actor);
    r->player = malloc((s->nactors + 1) * sizeof *r->player);
    r->in = calloc(r->n + 1, 1);
    if (!r->actor || !r->player || !r->in) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t a = 0; a < s->nactors; a++) r->player[a] = -1;
    for (size_t k = 0; k < r->n; k++) {
        r->actor[k] = ent_game_player_actor(r->game, k);
        if (r->actor[k] < s->nactors) r->player[r->actor[k]] = (long)k;
    }
    return ENT_OK;
}

void ent_i_rule_close(ent_i_rule_t *r)
{
    if (!r) return;
    ent_game_destroy(r->game);
    free(r->actor);
    free(r->player);
    free(r->in);
    free(r->abstain);
    free(r->ballot);
    memset(r, 0, sizeof *r);
}

ent_status_t ent_i_rule_abstain_unstaked(ent_i_rule_t *r, const ent_scenario_t *s, ent_error_t *err)
{
    if (!ent_game_counts_abstentions(r->game)) return ENT_OK;
    free(r->abstain);
    free(r->ballot);
    r->abstain = calloc(r->n + 1, 1);
    r->ballot = malloc(r->n + 1);
    if (!r->abstain || !r->ballot) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < r->n; k++) {
        int stake = 0;
        for (size_t i = 0; i < s->nissues && !stake; i++) {
            const ent_position_t *p = ent_scenario_pos(s, r->actor[k], i);
            if (!s->issues[i].status_quo || !p->present) continue;
            for (size_t d = 0; d < s->issues[i].ndim; d++) stake |= p->sal[d] > 0;
        }
        r->abstain[k] = (unsigned char)!stake;
    }
    return ENT_OK;
}

static int win_in(ent_i_rule_t *r)
{
    if (!r->abstain) return ent_game_winning(r->game, r->in);
    for (size_t k = 0; k < r->n; k++)
        r->ballot[k] = r->in[k] ? ENT_BALLOT_FOR : r->abstain[k] ? ENT_BALLOT_ABSTAIN : ENT_BALLOT_AGAINST;
    return ent_game_passes(r->game, r->ballot);
}

int ent_i_rule_win_actors(ent_i_rule_t *r, const unsigned char *actor_flags)
{
    for (size_t k = 0; k < r->n; k++) r->in[k] = actor_flags[r->actor[k]] ? 1 : 0;
    return win_in(r);
}

int ent_i_rule_win_mask(ent_i_rule_t *r, uint64_t mask)
{
    for (size_t k = 0; k < r->n; k++) r->in[k] = (unsigned char)((mask >> k) & 1u);
    return win_in(r);
}

ent_status_t ent_i_rule_veto_actors(ent_i_rule_t *r, unsigned char *veto, ent_error_t *err)
{
    memset(veto, 0, r->nactors ? r->nactors : 1);
    unsigned char *v = calloc(r->n + 1, 1);
    if (!v) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    ent_status_t st = ent_game_veto_players(r->game, v, err);
    if (st == ENT_OK)
        for (size_t k = 0; k < r->n; k++) veto[r->actor[k]] = v[k];
    free(v);
    return st;
}

static ent_status_t too_big(size_t n, ent_error_t *err)
{
    return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0,
                         "%zu players; exact coalition enumeration is limited to %d", n, ENT_I_ENUM_MAX);
}

ent_status_t ent_i_rule_swings(ent_i_rule_t *r, double *swings, double *nwin, ent_error_t *err)
{
    size_t n = r->n;
    if (n > ENT_I_ENUM_MAX) return too_big(n, err);
    uint64_t full = n ? ((uint64_t)1 << n) : 1;
    unsigned char *win = malloc(full);
    if (!win) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint64_t m = 0; m < full; m++) win[m] = (unsigned char)ent_i_rule_win_mask(r, m);
    *nwin = 0;
    for (size_t k = 0; k < n; k++) swings[k] = 0;
    for (uint64_t m = 0; m < full; m++) {
        if (!win[m]) continue;
        *nwin += 1;
        for (size_t k = 0; k < n; k++)
            if (((m >> k) & 1u) && !win[m & ~((uint64_t)1 << k)]) swings[k] += 1;
    }
    free(win);
    return ENT_OK;
}

static int popcount64(uint64_t x)
{
    int c = 0;
    while (x) { x &= x - 1; c++; }
    return c;
}

/* Order: by size, then lexicographically by player flags (player 0 first = larger mask
 * bit pattern read from player 0). */
static int mask_cmp(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    int ca = popcount64(a), cb = popcount64(b);
    if (ca != cb) return ca < cb ? -1 : 1;
    for (int k = 0; k < 64; k++) {
        int x = (int)((a >> k) & 1u), y = (int)((b >> k) & 1u);
        if (x != y) return x ? -1 : 1;
    }
    return 0;
}

typedef int (*pred_fn)(ent_i_rule_t *r, uint64_t all, uint64_t m);

static int is_blocking(ent_i_rule_t *r, uint64_t all, uint64_t m) { return !ent_i_rule_win_mask(r, all & ~m); }
static int is_winning(ent_i_rule_t *r, uint64_t all, uint64_t m) { (void)all; return ent_i_rule_win_mask(r, m); }

static ent_status_t minimal_sets(ent_i_rule_t *r, pred_fn pred, uint64_t must, uint64_t within, size_t limit,
                                 uint64_t *count, uint64_t **list, size_t *nlisted, ent_error_t *err)
{
    *count = 0;
    *list = NULL;
    *nlisted = 0;
    size_t n = r->n;
    if (popcount64(within) > ENT_I_ENUM_MAX || n > 64) return too_big(n, err);
    uint64_t all = n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1);
    within &= all;
    must &= within;
    uint64_t free_bits = within & ~must;
    size_t cap = 0;
    uint64_t *out = NULL;
    uint64_t sub = 0;
    for (;;) {
        uint64_t m = must | sub;
        if (pred(r, all, m)) {
            int minimal = 1;
            for (size_t k = 0; k < n && minimal; k++)
                if (((m >> k) & 1u) && pred(r, all, m & ~((uint64_t)1 << k))) minimal = 0;
            if (minimal) {
                (*count)++;
                if (*nlisted == cap) {
                    size_t nc = cap ? cap * 2 : 16;
                    uint64_t *o = realloc(out, nc * sizeof *o);
                    if (!o) { free(out); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
                    out = o;
                    cap = nc;
                }
                out[(*nlisted)++] = m;
            }
        }
        if (sub == free_bits) break;
        sub = (sub - free_bits) & free_bits;   /* next submask in increasing order */
    }
    if (*nlisted) qsort(out, *nlisted, sizeof *out, mask_cmp);
    if (*nlisted > limit) *nlisted = limit;
    *list = out;
    return ENT_OK;
}

ent_status_t ent_i_rule_min_blocking(ent_i_rule_t *r, uint64_t must, uint64_t within, size_t limit,
                                     uint64_t *count, uint64_t **list, size_t *nlisted, ent_error_t *err)
{
    return minimal_sets(r, is_blocking, must, within, limit, count, list, nlisted, err);
}

ent_status_t ent_i_rule_min_winning(ent_i_rule_t *r, uint64_t within, size_t limit, uint64_t *count,
                                    uint64_t **list, size_t *nlisted, ent_error_t *err)
{
    return minimal_sets(r, is_winning, 0, within, limit, count, list, nlisted, err);
}

ent_status_t ent_i_interrupted(ent_error_t *err, const char *phase)
{
    return ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted (%s)", phase);
}
