/* SPDX-License-Identifier: MIT */
/* report_power.c — renders an ent_power_t (entente/game.h) as `entente power` prints it:
 * text (a header with the rule, the method and why, the counts and the collectivity's power,
 * then a table), CSV (the table) or JSON (every figure, exact counts as strings). Columns come
 * from the registry of power indices (ent_power_index_info): its column title per computed
 * index, then "swings", then with --raw each index's raw_column and "collective", then the
 * veto/dummy flags; a two-tier rule (tier_* fields) adds, before the flags, each constituency's
 * voters, the probability that one voter decides it, the square-root law's sqrt(2/(pi N)) and
 * a voter's two-tier power. Numbers at a fixed precision (text/CSV: opts->precision decimals; JSON:
 * 10 significant digits). Computes nothing: every figure is a field of ent_power_t.
 * O(players * indices).
 */
#include "entente/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void ent_report_power_opts_init(ent_report_power_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->precision = 4;
}

static ent_status_t json_power(const ent_game_t *g, const ent_power_t *p, const char *desc, ent_buf_t *b)
{
    size_t n = p->n;
    int weighted = ent_game_is_weighted(g, NULL, NULL);
    ent_json_t j;
    ent_json_init(&j, b);
    j.prec = 10;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "rule"); ent_json_str(&j, n <= 60 ? desc : NULL);
    ent_json_key(&j, "nplayers"); ent_json_int(&j, (long long)n);
    ent_json_key(&j, "method"); ent_json_str(&j, ent_power_method_name(p->method));
    ent_json_key(&j, "why"); ent_json_str(&j, p->why);
    ent_json_key(&j, "exact"); ent_json_bool(&j, p->is_exact);
    if (!p->is_exact) {
        ent_json_key(&j, "samples"); ent_json_int(&j, (long long)p->samples);
        ent_json_key(&j, "seed"); ent_json_int(&j, (long long)p->seed);
        ent_json_key(&j, "confidence"); ent_json_num(&j, p->confidence);
    }
    ent_json_key(&j, "winning"); ent_json_str(&j, p->winning);
    ent_json_key(&j, "minimal_winning"); ent_json_str(&j, p->min_winning);
    ent_json_key(&j, "collective");
    if (p->is_exact && !p->winning) ent_json_null(&j);   /* only precoalition values computed */
    else {
        ent_json_obj_begin(&j);
        ent_json_key(&j, "value"); ent_json_num(&j, p->collective);
        if (p->collective_exact) { ent_json_key(&j, "exact"); ent_json_str(&j, p->collective_exact); }
        if (!p->is_exact) { ent_json_key(&j, "ci"); ent_json_num(&j, p->collective_ci); }
        ent_json_obj_end(&j);
    }
    ent_json_key(&j, "players");
    ent_json_arr_begin(&j);
    for (size_t k = 0; k < n; k++) {
        ent_json_obj_begin(&j);
        ent_json_key(&j, "name"); ent_json_str(&j, ent_game_player_name(g, k));
        if (weighted) { ent_json_key(&j, "weight"); ent_json_num(&j, ent_game_player_weight(g, k)); }
        ent_json_key(&j, "veto"); ent_json_bool(&j, p->veto[k]);
        ent_json_key(&j, "dummy"); ent_json_bool(&j, p->dummy[k]);
        if (p->swings) { ent_json_key(&j, "swings"); ent_json_str(&j, p->swings[k]); }
        if (p->tier_power) {
            ent_json_key(&j, "constituency");
            ent_json_obj_begin(&j);
            ent_json_key(&j, "voters"); ent_json_int(&j, (long long)p->tier_voters[k]);
            ent_json_key(&j, "decisive"); ent_json_num(&j, p->tier_inner[k]);
            ent_json_key(&j, "sqrt_law");
            if (isnan(p->tier_law[k])) ent_json_null(&j);
            else ent_json_num(&j, p->tier_law[k]);
            ent_json_key(&j, "two_tier"); ent_json_num(&j, p->tier_power[k]);
            if (p->tier_ci) { ent_json_key(&j, "ci"); ent_json_num(&j, p->tier_ci[k]); }
            ent_json_obj_end(&j);
        }
        for (size_t i = 0; i < ent_power_index_count(); i++) {
            const ent_power_index_info_t *ix = ent_power_index_info((ent_power_index_t)i);
            if (!(p->computed & (1u << i))) continue;
            ent_json_key(&j, ix->name);
            ent_json_obj_begin(&j);
            ent_json_key(&j, "value"); ent_json_num(&j, p->value[i][k]);
            if (p->exact[i]) { ent_json_key(&j, "exact"); ent_json_str(&j, p->exact[i][k]); }
            if (p->raw[i] && ix->raw_column) { ent_json_key(&j, "raw"); ent_json_str(&j, p->raw[i][k]); }
            if (p->ci[i]) { ent_json_key(&j, "ci"); ent_json_num(&j, p->ci[i][k]); }
            ent_json_obj_end(&j);
        }
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);
    ent_buf_puts(b, "\n");
    return ent_json_status(&j);
}

/* One index cell: the exact fraction, the estimate with its half-width, or the value. */
static void index_cell(char *buf, size_t len, const ent_power_t *p, size_t idx, size_t k, int exact, int prec)
{
    if (exact && p->exact[idx]) snprintf(buf, len, "%s", p->exact[idx][k]);
    else if (isnan(p->value[idx][k])) snprintf(buf, len, "-"); /* not estimated (no swing sampled) */
    else if (p->ci[idx]) snprintf(buf, len, "%.*f±%.*f", prec, p->value[idx][k], prec, p->ci[idx][k]);
    else snprintf(buf, len, "%.*f", prec, p->value[idx][k]);
}

/* The table's columns: player, [weight], indices, [swings], [raw columns, collective], flags. */
static ent_table_t *power_table_new(const ent_power_t *p, int weighted, int raw)
{
    const char *h[9 + 2 * ENT_IDX_COUNT];
    size_t nc = 0;
    h[nc++] = "player";
    if (weighted) h[nc++] = "weight";
    for (size_t i = 0; i < ent_power_index_count(); i++)
        if (p->computed & (1u << i)) h[nc++] = ent_power_index_info((ent_power_index_t)i)->column;
    if (p->swings) h[nc++] = "swings";
    if (raw) {
        for (size_t i = 0; i < ent_power_index_count(); i++) {
            const char *rc = ent_power_index_info((ent_power_index_t)i)->raw_column;
            if (rc && p->raw[i]) h[nc++] = rc;
        }
        if (!p->is_exact || p->winning) h[nc++] = "collective";
    }
    if (p->tier_power) {
        h[nc++] = "voters";
        h[nc++] = "decisive";
        h[nc++] = "sqrt-law";
        h[nc++] = "two-tier";
    }
    h[nc++] = "flags";
    return ent_table_new(nc, h);
}

static void power_row(ent_table_t *t, const ent_game_t *g, const ent_power_t *p, size_t k, int weighted,
                      const ent_report_power_opts_t *o)
{
    char buf[512];
    size_t col = 0;
    int prec = o->precision;
    ent_table_row(t);
    ent_table_set(t, col++, ent_game_player_name(g, k));
    if (weighted) ent_table_num(t, col++, ent_game_player_weight(g, k), 0);
    for (size_t i = 0; i < ent_power_index_count(); i++) {
        if (!(p->computed & (1u << i))) continue;
        index_cell(buf, sizeof buf, p, i, k, o->exact, prec);
        ent_table_set(t, col++, buf);
    }
    if (p->swings) ent_table_set(t, col++, p->swings[k]);
    if (o->raw) {
        for (size_t i = 0; i < ent_power_index_count(); i++) {
            if (!ent_power_index_info((ent_power_index_t)i)->raw_column || !p->raw[i]) continue;
            if (o->exact || strchr(p->raw[i][k], '/') == NULL) ent_table_set(t, col++, p->raw[i][k]);
            else {
                snprintf(buf, sizeof buf, "%.*f", prec, p->raw_value[i][k]);
                ent_table_set(t, col++, buf);
            }
        }
        if (p->is_exact && !p->winning) { /* no collective column */ }
        else if (o->exact && p->collective_exact) ent_table_set(t, col++, p->collective_exact);
        else ent_table_num(t, col++, p->collective, prec);
    }
    if (p->tier_power) {
        /* probabilities of order 1/sqrt(N) and their products: significant digits */
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)p->tier_voters[k]);
        ent_table_set(t, col++, buf);
        snprintf(buf, sizeof buf, "%.*g", prec, p->tier_inner[k]);
        ent_table_set(t, col++, buf);
        if (isnan(p->tier_law[k])) snprintf(buf, sizeof buf, "-");
        else snprintf(buf, sizeof buf, "%.*g", prec, p->tier_law[k]);
        ent_table_set(t, col++, buf);
        if (p->tier_ci) snprintf(buf, sizeof buf, "%.*g±%.*g", prec, p->tier_power[k], prec, p->tier_ci[k]);
        else snprintf(buf, sizeof buf, "%.*g", prec, p->tier_power[k]);
        ent_table_set(t, col++, buf);
    }
    snprintf(buf, sizeof buf, "%s%s%s", p->veto[k] ? "veto" : "", p->veto[k] && p->dummy[k] ? "," : "",
             p->dummy[k] ? "dummy" : "");
    ent_table_set(t, col, buf);
}

static void text_header(const ent_power_t *p, const char *desc, const ent_report_power_opts_t *o, ent_buf_t *b)
{
    int prec = o->precision;
    if (p->n <= 60) ent_buf_printf(b, "rule: %s\n", desc ? desc : "");
    ent_buf_printf(b, "players: %zu\nmethod: %s (%s)\n", p->n, ent_power_method_name(p->method), p->why);
    if (p->is_exact && !p->winning) {
        /* only precoalition values were asked for: no counts of the game itself */
    } else if (p->is_exact) {
        ent_buf_printf(b, "winning coalitions: %s\n", p->winning);
        if (p->min_winning) ent_buf_printf(b, "minimal winning coalitions: %s\n", p->min_winning);
        if (o->exact) ent_buf_printf(b, "power of the collectivity to act (Coleman): %s\n", p->collective_exact);
        else ent_buf_printf(b, "power of the collectivity to act (Coleman): %.*f\n", prec, p->collective);
    } else {
        ent_buf_printf(b, "estimates: %llu samples, seed %llu, %.0f%% confidence intervals\n",
                       (unsigned long long)p->samples, (unsigned long long)p->seed, p->confidence * 100);
        ent_buf_printf(b, "power of the collectivity to act (Coleman): %.*f±%.*f\n", prec, p->collective, prec,
                       p->collective_ci);
    }
    if (p->tier_power)
        ent_buf_puts(b, "two tiers: each player is decided by its constituency's voters; a voter's power (two-tier) is "
                        "the probability of deciding the constituency (decisive) times the player's penrose\n");
    ent_buf_puts(b, "\n");
}

ent_status_t ent_report_power(const ent_game_t *g, const ent_power_t *p, const ent_report_power_opts_t *o,
                              ent_output_t fmt, ent_buf_t *out)
{
    ent_report_power_opts_t def;
    if (!o) { ent_report_power_opts_init(&def); o = &def; }
    char *desc = NULL;
    ent_status_t rc = ent_game_describe(g, &desc, NULL);
    if (rc) return rc;
    if (fmt == ENT_OUTPUT_JSON) {
        rc = json_power(g, p, desc, out);
        ent_free(desc);
        return rc ? rc : out->oom ? ENT_ENOMEM : ENT_OK;
    }
    int weighted = ent_game_is_weighted(g, NULL, NULL);
    ent_table_t *t = power_table_new(p, weighted, o->raw);
    if (!t) { ent_free(desc); return ENT_ENOMEM; }
    for (size_t k = 0; k < p->n; k++) power_row(t, g, p, k, weighted, o);
    if (fmt == ENT_OUTPUT_CSV) {
        ent_table_render_csv(t, out);
    } else {
        text_header(p, desc, o, out);
        ent_table_render_text(t, out);
    }
    ent_table_free(t);
    ent_free(desc);
    return out->oom ? ENT_ENOMEM : ENT_OK;
}
