/* SPDX-License-Identifier: MIT */
/* coalition.h — internal: a scenario rule seen as a winning test over actors, with the
 * exact enumerations the analyses need (src/analysis/coalition.c). Not installed. */
#ifndef ENT_ANALYSIS_COALITION_H
#define ENT_ANALYSIS_COALITION_H

#include "entente/analysis.h"
#include "entente/game.h"

#include <stdint.h>

/* Enumerations over all 2^n coalitions are refused above this many players. */
#define ENT_I_ENUM_MAX ENT_ANALYSIS_ENUM_MAX

typedef struct {
    ent_game_t *game;
    size_t n;              /* players */
    size_t nactors;
    size_t *actor;         /* n: player -> actor */
    long *player;          /* nactors: actor -> player, or -1 */
    unsigned char *in;     /* n scratch flags */
    unsigned char *abstain; /* NULL, or n flags set by ent_i_rule_abstain_unstaked: players
                              outside the coalition who abstain rather than vote against */
    unsigned char *ballot; /* n scratch ballots (with abstain) */
} ent_i_rule_t;

/* Compile rule `rule` of s. */
ent_status_t ent_i_rule_open(ent_i_rule_t *r, const ent_scenario_t *s, size_t rule, ent_error_t *err);
void ent_i_rule_close(ent_i_rule_t *r);
/* The views of r->game (already set) over the actors of s: n, nactors, actor, player, in.
 * On ENT_ENOMEM the caller closes r (ent_i_rule_open frees the game too). */
ent_status_t ent_i_rule_views(ent_i_rule_t *r, const ent_scenario_t *s, ent_error_t *err);
/* Three-valued votes in the win-set (issue 11, item 4): when the rule counts abstentions
 * apart ("none against of G"), a player without a stake in the issues that have a status
 * quo in s (no position, or salience 0 on each) abstains when it is not in the coalition,
 * instead of voting against. No effect on any other rule. */
ent_status_t ent_i_rule_abstain_unstaked(ent_i_rule_t *r, const ent_scenario_t *s, ent_error_t *err);
/* Winning test on actor flags (actors that are not players are ignored). */
int ent_i_rule_win_actors(ent_i_rule_t *r, const unsigned char *actor_flags);
/* Winning test on a player bit mask (n <= 64). */
int ent_i_rule_win_mask(ent_i_rule_t *r, uint64_t mask);
/* veto[a] for every actor (0 for non-players). */
ent_status_t ent_i_rule_veto_actors(ent_i_rule_t *r, unsigned char *veto, ent_error_t *err);
/* Banzhaf swings per player and the number of winning coalitions, by enumerating all 2^n
 * coalitions (n <= ENT_I_ENUM_MAX). O(2^n · n · rule size). */
ent_status_t ent_i_rule_swings(ent_i_rule_t *r, double *swings /* OUT n */, double *nwin /* OUT */,
                               ent_error_t *err);
/* Minimal blocking coalitions B with must ⊆ B ⊆ within (player masks): the complement of B
 * is losing and dropping any member of B makes it not blocking. Counted exactly, listed
 * (up to limit) by size then lexicographically. O(2^|within| · n · rule size). */
ent_status_t ent_i_rule_min_blocking(ent_i_rule_t *r, uint64_t must, uint64_t within, size_t limit,
                                     uint64_t *count /* OUT */, uint64_t **list /* OUT, caller frees */,
                                     size_t *nlisted /* OUT */, ent_error_t *err);
/* Minimal winning coalitions within `within` (all when within = all players), listed up to
 * limit (count exact). */
ent_status_t ent_i_rule_min_winning(ent_i_rule_t *r, uint64_t within, size_t limit, uint64_t *count,
                                    uint64_t **list, size_t *nlisted, ent_error_t *err);

/* Record an interruption: returns ENT_EINTR with the message "interrupted (PHASE)". */
ent_status_t ent_i_interrupted(ent_error_t *err, const char *phase);

#endif
