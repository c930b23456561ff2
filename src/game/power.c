/* SPDX-License-Identifier: MIT */
/* power.c — voting power of a compiled rule: method choice, exact indices from raw counts,
 * Monte Carlo estimates, dummies and minimal coalitions (docs/power.md).
 *
 * Indices (n players, swings eta_i = #{S not containing i : S+i wins, S loses}):
 *   Penrose (absolute Banzhaf) eta_i / 2^(n-1) (Penrose 1946, Banzhaf 1965); normalized
 *   Banzhaf eta_i / sum eta; Shapley–Shubik (1954) sum_S k!(n-1-k)!/n! over swings of size k;
 *   Holler (1982) public good: MWC containing i / sum over players; Deegan & Packel (1978):
 *   (1/#MWC) sum over MWC S containing i of 1/|S|; Johnston (1978): sum over winning S in which
 *   i is critical of 1/crit(S), normalized; Coleman (1971): collectivity #win/2^n, prevent
 *   eta_i/#win, initiate eta_i/#lose.
 * Method choice (AUTO): a single weighted quota uses generating functions (wdp.c) when its
 *   estimate fits the limits; otherwise up to 30 players the structured enumeration (enum.c);
 *   otherwise exact is refused with the estimated memory and time, or, when asked, Monte
 *   Carlo is used. Estimates: ~1 ns per 128-bit DP step, ~0.5 ns per coalition and leaf.
 * Monte Carlo (mc.c): random coalitions and random orderings, chunked random streams,
 *   identical on any number of threads; estimated before it runs and refused beyond
 *   max_seconds.
 * Exact values are read off the registry (index.c): each index's numerator and shared
 *   denominator are named there, and fill_exact forms num/den for every wanted index.
 * Progress: the kernels tick (enum.c, wdp.c, mc.c) from the calling thread. A stop returns
 *   ENT_EINTR with an empty result.
 * Minimal coalition listing: depth-first, include-before-exclude over players in index order,
 *   pruned when even all remaining players cannot win, stopping at a winning set; budget of
 *   5e7 evaluations.
 */
#include "game/game_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *ent_power_method_name(ent_power_method_t m)
{
    switch (m) {
    case ENT_METHOD_AUTO: return "auto";
    case ENT_METHOD_ENUM: return "enumeration";
    case ENT_METHOD_DP: return "generating functions";
    case ENT_METHOD_MC: return "Monte Carlo";
    case ENT_METHOD_TYPES: return "player types";
    case ENT_METHOD_PARTS: return "independent parts";
    }
    return "?";
}

void ent_power_opts_init(ent_power_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->indices = ENT_POWER_ALL;
    o->exact_strings = 1;
    o->method = ENT_METHOD_AUTO;
    o->samples = 100000;
    o->seed = 1;
    o->confidence = 0.95;
    o->max_memory = 4.0 * 1024 * 1024 * 1024;
    o->max_seconds = 60;
}

int ent_i_threads(int requested)
{
    if (requested > 0) return requested < ENT_POWER_MAX_THREADS ? requested : ENT_POWER_MAX_THREADS;
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > ENT_POWER_MAX_THREADS ? ENT_POWER_MAX_THREADS : (int)c;
}

void ent_i_ticker_init(ent_i_ticker_t *t, const ent_progress_t *p, const char *phase, double total, double step)
{
    t->p = p;
    t->phase = phase;
    t->done = 0;
    t->total = total;
    t->step = step;
    t->next = p && p->fn ? step : INFINITY;
    t->stop = 0;
}

void ent_power_init(ent_power_t *p) { memset(p, 0, sizeof *p); }

static void free_strs(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

void ent_power_destroy(ent_power_t *p)
{
    if (!p) return;
    for (int i = 0; i < ENT_IDX_COUNT; i++) {
        free(p->value[i]);
        free_strs(p->exact[i], p->n);
        free(p->ci[i]);
        free_strs(p->raw[i], p->n);
        free(p->raw_value[i]);
    }
    free_strs(p->swings, p->n);
    free(p->winning);
    free(p->min_winning);
    free(p->collective_exact);
    free(p->veto);
    free(p->dummy);
    free(p->tier_voters);
    free(p->tier_inner);
    free(p->tier_law);
    free(p->tier_power);
    free(p->tier_ci);
    ent_power_init(p);
}

/* ------------------------------------------------------------------ method choice */

typedef struct {
    ent_power_method_t method;
    double ops, bytes;     /* of the chosen or best exact method */
    int ok;
} choice_t;

static double enum_ops(const ent_game_t *g, unsigned want)
{
    double N = ldexp(1.0, (int)g->n);
    double o = N * (double)ent_i_node_nleaves(g->root) + N / 64.0 * (double)g->n * 9.0;
    if (ent_i_index_needs(want) & ENT_I_NEED_JOHNSTON) o += N * (double)g->n * 0.5;
    return o;
}

static choice_t choose(const ent_game_t *g, unsigned want, const ent_power_opts_t *o)
{
    choice_t c = {ENT_METHOD_AUTO, INFINITY, INFINITY, 0};
    double dops, dbytes;
    int weighted = ent_i_wdp_estimate(g, want, &dops, &dbytes);
    double eops = g->n <= 30 ? enum_ops(g, want) : INFINITY;
    double ebytes = g->n <= 30 ? ldexp(1.0, (int)g->n) / 8.0 * 2.0 : INFINITY;
    int dp_fits = weighted && dbytes <= o->max_memory && dops * 1e-9 <= o->max_seconds;
    int en_fits = g->n <= 30 && ebytes <= o->max_memory && eops * 1e-9 <= o->max_seconds;
    if (o->method == ENT_METHOD_DP) {
        c.method = ENT_METHOD_DP; c.ops = weighted ? dops : INFINITY; c.bytes = weighted ? dbytes : INFINITY;
        c.ok = dp_fits;
        return c;
    }
    if (o->method == ENT_METHOD_ENUM) {
        c.method = ENT_METHOD_ENUM; c.ops = eops; c.bytes = ebytes; c.ok = en_fits;
        return c;
    }
    if (dp_fits && (!en_fits || dops <= eops)) { c.method = ENT_METHOD_DP; c.ops = dops; c.bytes = dbytes; c.ok = 1; return c; }
    if (en_fits) { c.method = ENT_METHOD_ENUM; c.ops = eops; c.bytes = ebytes; c.ok = 1; return c; }
    /* nothing fits: report the cheaper estimate */
    if (weighted && (dops < eops)) { c.method = ENT_METHOD_DP; c.ops = dops; c.bytes = dbytes; }
    else { c.method = ENT_METHOD_ENUM; c.ops = eops; c.bytes = ebytes; }
    return c;
}

static void human_bytes(double b, char *buf, size_t n)
{
    if (!isfinite(b)) snprintf(buf, n, "unbounded");
    else if (b >= 1099511627776.0) snprintf(buf, n, "%.1f TiB", b / 1099511627776.0);
    else if (b >= 1073741824.0) snprintf(buf, n, "%.1f GiB", b / 1073741824.0);
    else snprintf(buf, n, "%.1f MiB", b / 1048576.0);
}

static void human_secs(double s, char *buf, size_t n)
{
    if (!isfinite(s)) snprintf(buf, n, "unbounded");
    else if (s >= 86400 * 365.0) snprintf(buf, n, "%.1e years", s / (86400 * 365.0));
    else if (s >= 3600) snprintf(buf, n, "%.1f hours", s / 3600);
    else snprintf(buf, n, "%.1f s", s);
}

/* ------------------------------------------------------------------ exact results */

static char *q_str(const mpq_t q)
{
    char *s = mpq_get_str(NULL, 10, q);
    if (!s) return NULL;
    char *d = ent_i_game_strdup(s);
    void (*fr)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &fr);
    fr(s, strlen(s) + 1);
    return d;
}

static char *z_str(const mpz_t z)
{
    char *s = mpz_get_str(NULL, 10, z);
    if (!s) return NULL;
    char *d = ent_i_game_strdup(s);
    void (*fr)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &fr);
    fr(s, strlen(s) + 1);
    return d;
}

int ent_i_power_alloc_index(ent_power_t *p, int i, int exact, int ci, int raw)
{
    size_t n = p->n ? p->n : 1;
    p->value[i] = calloc(n, sizeof(double));
    if (!p->value[i]) return -1;
    if (exact && !(p->exact[i] = calloc(n, sizeof(char *)))) return -1;
    if (ci && !(p->ci[i] = calloc(n, sizeof(double)))) return -1;
    if (raw && !(p->raw[i] = calloc(n, sizeof(char *)))) return -1;
    if (raw && !(p->raw_value[i] = calloc(n, sizeof(double)))) return -1;
    p->computed |= 1u << i;
    return 0;
}

/* value[i][k] = num_k / den (den shared); den == 0 gives 0. */
static int set_ratio(ent_power_t *p, int idx, size_t k, const mpq_t num, const mpq_t den, mpq_t tmp)
{
    if (mpq_sgn(den) == 0) mpq_set_ui(tmp, 0, 1);
    else mpq_div(tmp, num, den);
    p->value[idx][k] = mpq_get_d(tmp);
    if (p->exact[idx]) {
        p->exact[idx][k] = q_str(tmp);
        if (!p->exact[idx][k]) return -1;
    }
    if (p->raw[idx]) {
        p->raw[idx][k] = q_str(num);
        if (!p->raw[idx][k]) return -1;
        p->raw_value[idx][k] = mpq_get_d(num);
    }
    return 0;
}

/* The denominator `den` (ENT_I_DEN_*) shared by every player: tot = sum of the swings,
 * lose = losing coalitions. */
static void exact_denominator(int kind, const ent_i_counts_t *c, const mpz_t tot, const mpz_t lose, mpq_t den,
                              mpq_t tmp)
{
    size_t n = c->n;
    switch (kind) {
    case ENT_I_DEN_HALF_COALITIONS:
        mpq_set_ui(den, 1, 1);
        mpz_mul_2exp(mpq_numref(den), mpq_numref(den), (mp_bitcnt_t)(n ? n - 1 : 0));
        break;
    case ENT_I_DEN_SWINGS_SUM: mpq_set_z(den, tot); break;
    case ENT_I_DEN_FACTORIAL: mpq_set_ui(den, 1, 1); mpz_fac_ui(mpq_numref(den), (unsigned long)n); break;
    case ENT_I_DEN_MWC_SUM:
        mpq_set_ui(den, 0, 1);
        for (size_t k = 0; k < n; k++) { mpq_set_z(tmp, c->mwc[k]); mpq_add(den, den, tmp); }
        break;
    case ENT_I_DEN_MINWIN: mpq_set_z(den, c->minwin); break;
    case ENT_I_DEN_JOHNSTON_SUM:
        mpq_set_ui(den, 0, 1);
        for (size_t k = 0; k < n; k++) mpq_add(den, den, c->johnston[k]);
        break;
    case ENT_I_DEN_WINNING: mpq_set_z(den, c->winning); break;
    case ENT_I_DEN_LOSING: mpq_set_z(den, lose); break;
    default: mpq_set_ui(den, 0, 1); break;
    }
}

static ent_status_t fill_exact(const ent_game_t *g, unsigned want, const ent_i_counts_t *c, int strings,
                               ent_power_t *p, ent_error_t *err)
{
    size_t n = g->n;
    mpq_t num, den, tmp, sum;
    mpq_inits(num, den, tmp, sum, NULL);
    ent_status_t rc = ENT_OK;
    p->is_exact = 1;
    p->swings = calloc(n ? n : 1, sizeof *p->swings);
    p->winning = z_str(c->winning);
    if (!p->swings || !p->winning) goto nomem;
    for (size_t k = 0; k < n; k++) {
        if (!(p->swings[k] = z_str(c->swings[k]))) goto nomem;
        p->dummy[k] = mpz_sgn(c->swings[k]) == 0;
    }
    /* collectivity */
    mpq_set_z(num, c->winning);
    mpz_set_ui(mpq_denref(num), 1);
    mpz_mul_2exp(mpq_denref(num), mpq_denref(num), (mp_bitcnt_t)n);
    mpq_canonicalize(num);
    p->collective = mpq_get_d(num);
    if (!(p->collective_exact = q_str(num))) goto nomem;
    /* sum of swings */
    mpz_t tot, lose;
    mpz_inits(tot, lose, NULL);
    for (size_t k = 0; k < n; k++) mpz_add(tot, tot, c->swings[k]);
    mpz_set_ui(lose, 1);
    mpz_mul_2exp(lose, lose, (mp_bitcnt_t)n);
    mpz_sub(lose, lose, c->winning);
    for (int idx = 0; idx < ENT_IDX_COUNT && !rc; idx++) {
        const ent_i_index_t *row = ent_i_index(idx);
        if (!(want & (1u << idx))) continue;
        if (((row->needs & ENT_I_NEED_BY_SIZE) && !c->have_ss) || ((row->needs & ENT_I_NEED_MWC) && !c->have_mwc) ||
            ((row->needs & ENT_I_NEED_JOHNSTON) && !c->have_johnston))
            continue;
        if (ent_i_power_alloc_index(p, idx, strings, 0, strings)) { rc = ENT_ENOMEM; break; }
        exact_denominator(row->den, c, tot, lose, den, tmp);
        for (size_t k = 0; k < n; k++) {
            switch (row->num) {
            case ENT_I_NUM_PIVOTAL: mpq_set_z(num, c->ss_num[k]); break;
            case ENT_I_NUM_MWC: mpq_set_z(num, c->mwc[k]); break;
            case ENT_I_NUM_DEEGAN: mpq_set(num, c->dp[k]); break;
            case ENT_I_NUM_JOHNSTON: mpq_set(num, c->johnston[k]); break;
            default: mpq_set_z(num, c->swings[k]); break;
            }
            if (set_ratio(p, idx, k, num, den, tmp)) { rc = ENT_ENOMEM; break; }
        }
    }
    if (c->have_mwc && !(p->min_winning = z_str(c->minwin))) rc = ENT_ENOMEM;
    mpz_clears(tot, lose, NULL);
    mpq_clears(num, den, tmp, sum, NULL);
    if (rc) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    return ENT_OK;
nomem:
    mpq_clears(num, den, tmp, sum, NULL);
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* ------------------------------------------------------------------ Monte Carlo (mc.c) */

static ent_status_t monte_carlo(const ent_game_t *g, unsigned want, const ent_power_opts_t *o, ent_power_t *p,
                                ent_error_t *err)
{
    uint64_t N = o->samples ? o->samples : 1;
    /* estimated before sampling, as the exact methods are (mc.c: ent_i_mc_seconds) */
    int T = ent_i_threads(o->threads);
    double secs = ent_i_mc_seconds(g, want, N, T);
    if (secs > o->max_seconds) {
        char tb[64];
        human_secs(secs, tb, sizeof tb);
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0,
                             "Monte Carlo with %llu samples would take about %s on %d thread%s (limit %.0f s); "
                             "ask for fewer samples (--samples) or raise the limit (--max-seconds)",
                             (unsigned long long)N, tb, T, T == 1 ? "" : "s", o->max_seconds);
    }
    return ent_i_monte_carlo(g, want, o, p, err);
}

/* ------------------------------------------------------------------ entry point */

/* "; A and B are not estimated": every index that Monte Carlo leaves out (the registry's
 * short titles), when any of them is wanted; otherwise "". */
static void not_estimated(unsigned want, char *buf, size_t len)
{
    int names[ENT_IDX_COUNT], k = 0, wanted = 0;
    for (int i = 0; i < ENT_IDX_COUNT; i++)
        if ((ent_i_index(i)->info.flags & ENT_POWER_INDEX_NO_ESTIMATE) &&
            (!(ent_i_index(i)->info.flags & ENT_POWER_INDEX_PRECOALITIONS) || (want & (1u << i)))) {
            names[k++] = i;
            wanted |= (want & (1u << i)) != 0;
        }
    buf[0] = 0;
    if (!wanted) return;
    size_t at = 0;
    for (int j = 0; j < k && at < len; j++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s", j == 0 ? "; " : j == k - 1 ? " and " : ", ",
                               ent_i_index(names[j])->info.short_title);
    if (k && at < len) snprintf(buf + at, len - at, " %s not estimated", k == 1 ? "is" : "are");
}

/* The indices that need precoalitions (registry flag ENT_POWER_INDEX_PRECOALITIONS). */
static unsigned precoalition_mask(void)
{
    unsigned m = 0;
    for (int i = 0; i < ENT_IDX_COUNT; i++)
        if (ent_i_index(i)->info.flags & ENT_POWER_INDEX_PRECOALITIONS) m |= 1u << i;
    return m;
}

/* The precoalition values (owen.c) in pcw, exact, after the other indices; refused beyond
 * the limits with the estimate. */
static ent_status_t precoalition_values(const ent_game_t *g, unsigned pcw, const ent_power_opts_t *o, ent_power_t *p,
                                        ent_error_t *err)
{
    int method = ent_i_owen_method(g);
    if (!method)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0,
                             "exact precoalition values refused: a rule that is not a single weighted quota is "
                             "enumerated only up to 24 players (this one has %zu); ask for other indices", g->n);
    double ns = 0, bytes = 0;
    if (method == 1) ent_i_owen_estimate(g, &ns, &bytes);
    else ns = 20.0 * (double)g->n * ldexp(1.0, (int)g->n) * (double)ent_i_node_nleaves(g->root);
    double secs = ns * 1e-9;
    if (secs > o->max_seconds || bytes > o->max_memory) {
        char mb[64], tb[64];
        human_bytes(bytes, mb, sizeof mb);
        human_secs(secs, tb, sizeof tb);
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0,
                             "exact precoalition values refused: %zu precoalitions would need about %s and %s "
                             "(limits %.0f s, %.1f GiB); ask for other indices or raise the limits",
                             g->npc, mb, tb, o->max_seconds, o->max_memory / 1073741824.0);
    }
    size_t at = strlen(p->why);
    snprintf(p->why + at, sizeof p->why - at, "%sprecoalition values over %zu precoalitions: %s", at ? "; " : "",
             g->npc, method == 1 ? "generating functions" : "enumeration");
    return ent_i_owen_values(g, pcw, &o->progress, o->exact_strings, p, err);
}

static ent_status_t power_main(const ent_game_t *g, unsigned want, const ent_power_opts_t *opts, ent_power_t *p,
                               ent_error_t *err);

/* Exact counts by player types (types.c) into p. When the type states or the estimate exceed
 * the limits, returns ENT_OK with the reason in `refused` (p untouched), for the caller's
 * refusal or Monte Carlo fallback. */
static ent_status_t power_by_types(const ent_game_t *g, unsigned want, const ent_power_opts_t *opts, double beat,
                                   ent_power_t *p, char *refused, size_t rlen, ent_error_t *err)
{
    ent_i_types_t ty;
    if (ent_i_types_detect(g, &ty)) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    double ops = INFINITY, bytes = INFINITY;
    if (ty.states <= (double)ENT_I_TYPES_MAX_STATES) ent_i_types_estimate(g, &ty, &ops, &bytes);
    int over = ty.states > (double)ENT_I_TYPES_MAX_STATES;
    if (!over && ops >= beat) { /* the method already chosen is cheaper: a refusal it never prints */
        snprintf(refused, rlen, "counting by type is not cheaper");
        ent_i_types_free(&ty);
        return ENT_OK;
    }
    if (over || ops * 1e-9 > opts->max_seconds || bytes > opts->max_memory) {
        char mb[64], tb[64], head[160] = "";
        human_bytes(bytes, mb, sizeof mb);
        human_secs(ops * 1e-9, tb, sizeof tb);
        if (g->root->kind != ENT_I_LEAF && g->n > 30)
            snprintf(head, sizeof head, "a rule that is not a single weighted quota is enumerated exactly only up to 30 players (this one has %zu), and ", g->n);
        if (over)
            snprintf(refused, rlen, "%sits players form %zu types: counting by type would need %.3g type states (limit %d)",
                     head, ty.T, ty.states, ENT_I_TYPES_MAX_STATES);
        else
            snprintf(refused, rlen, "%scounting by %zu player types (%.0f states) would need about %s and %s (limits %.0f s, %.1f GiB)",
                     head, ty.T, ty.states, mb, tb, opts->max_seconds, opts->max_memory / 1073741824.0);
        ent_i_types_free(&ty);
        return ENT_OK;
    }
    char sizes[200];
    size_t at = 0;
    for (size_t t = 0; t < ty.T && t <= 12 && at < sizeof sizes; t++) {
        if (t == 12) snprintf(sizes + at, sizeof sizes - at, ", ...");
        else at += (size_t)snprintf(sizes + at, sizeof sizes - at, "%s%zu", t ? ", " : "", ty.size[t]);
    }
    if (!ty.T) sizes[0] = 0;
    p->method = ENT_METHOD_TYPES;
    snprintf(p->why, sizeof p->why, "%s of %zu players in %zu types (sizes %s): counting by type, %.0f states",
             g->root->kind == ENT_I_LEAF ? "weighted game" : "composite rule", g->n, ty.T, sizes, ty.states);
    ent_i_counts_t cnt;
    ent_i_counts_init(&cnt, g->n);
    ent_status_t rc = ent_i_types_counts(g, &ty, want, &opts->progress, &cnt, err);
    if (!rc) rc = fill_exact(g, want, &cnt, opts->exact_strings, p, err);
    ent_i_counts_clear(&cnt);
    ent_i_types_free(&ty);
    return rc;
}

ent_status_t ent_game_power(const ent_game_t *g, const ent_power_opts_t *opts, ent_power_t *p, ent_error_t *err)
{
    ent_power_opts_t def;
    if (!opts) { ent_power_opts_init(&def); opts = &def; }
    ent_power_init(p);
    size_t n = g->n;
    p->n = n;
    p->veto = calloc(n ? n : 1, 1);
    p->dummy = calloc(n ? n : 1, 1);
    if (!p->veto || !p->dummy) { ent_power_destroy(p); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    ent_status_t rc = ent_game_veto_players(g, p->veto, err);
    if (rc) { ent_power_destroy(p); return rc; }
    unsigned want = opts->indices ? opts->indices : ENT_POWER_ALL, pcm = precoalition_mask();
    unsigned pcw = want & pcm;
    want &= ~pcm;
    if (pcw && !g->pc) {
        if (!want) {
            ent_power_destroy(p);
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                                 "the precoalition values need precoalitions; give them (--precoalitions, or an "
                                 "EPIC precoalition file) or ask for other indices");
        }
        pcw = 0;   /* "all" without precoalitions: the others */
    }
    int mc = opts->approx || opts->method == ENT_METHOD_MC;
    if (want || mc) rc = power_main(g, want | (mc ? pcw : 0), opts, p, err);
    else {
        p->is_exact = 1;
        p->method = ent_i_owen_method(g) == 1 ? ENT_METHOD_DP : ENT_METHOD_ENUM;
    }
    if (!rc && pcw && !mc) rc = precoalition_values(g, pcw, opts, p, err);
    if (!rc) rc = ent_i_tiers_fill(g, p, err);   /* two-tier rules (tiers.c) */
    if (rc) ent_power_destroy(p);
    return rc;
}

/* Independent parts (parts.c): ENT_ELIMIT with `note` set (why not) when the rule is not an
 * and/or of parts over disjoint players, a part is beyond the exact methods, the estimate
 * exceeds the limits or only Holler, Deegan-Packel or Johnston are wanted; then the caller
 * goes on to its own refusal. Otherwise fills p (ENT_OK) or fails. */
static ent_status_t parts_power(const ent_game_t *g, unsigned want, const ent_power_opts_t *o, ent_power_t *p,
                                char *note, size_t len, ent_error_t *err)
{
    double ops, bytes;
    char desc[300];
    int mwc_ok = 0;
    if (!ent_i_parts_plan(g, &ops, &bytes, &mwc_ok, desc, sizeof desc)) return ENT_ELIMIT;
    /* Johnston never; Holler and Deegan-Packel unless a part has several weight types */
    unsigned jo = ent_i_index_mask(ENT_I_NEED_JOHNSTON);
    unsigned no = jo | (mwc_ok ? 0 : ent_i_index_mask(ENT_I_NEED_MWC));
    const char *refused = mwc_ok ? "Johnston is not computed over independent parts (critical sets are not combined "
                                   "by size)"
                                 : "Holler, Deegan-Packel and Johnston are not computed over these independent parts "
                                   "(a quota of several weight types gives no minimal winning counts here, and "
                                   "critical sets are not combined by size)";
    if (!isfinite(ops)) { snprintf(note, len, "the rule has independent parts, but %s", desc); return ENT_ELIMIT; }
    if (!(want & ~no)) {
        snprintf(note, len, "%s", refused);
        return ENT_ELIMIT;
    }
    if (ops * 1e-9 > o->max_seconds || bytes > o->max_memory) {
        char mb[64], tb[64];
        human_bytes(bytes, mb, sizeof mb);
        human_secs(ops * 1e-9, tb, sizeof tb);
        int at = snprintf(note, len, "counting its %s", desc);
        if (at > 0 && (size_t)at < len)
            snprintf(note + at, len - (size_t)at, " would need about %s and %s (limits %.0f s, %.1f GiB)", mb, tb,
                     o->max_seconds, o->max_memory / 1073741824.0);
        return ENT_ELIMIT;
    }
    p->method = ENT_METHOD_PARTS;
    snprintf(p->why, sizeof p->why, "composite rule of %zu players: %s%s%s", g->n, desc, (want & no) ? "; " : "",
             (want & no) ? refused : "");
    ent_i_counts_t cnt;
    ent_i_counts_init(&cnt, g->n);
    ent_status_t rc = ent_i_parts_counts(g, want & ~no, &cnt, err);
    if (!rc) rc = fill_exact(g, want & ~no, &cnt, o->exact_strings, p, err);
    ent_i_counts_clear(&cnt);
    return rc;
}

/* Every index but the precoalition values: Monte Carlo, or the exact method chosen. About
 * 100 lines: the chain of fallbacks (types, parts, refusal or Monte Carlo) shares the choice
 * and the reasons each step leaves for the refusal's message. */
static ent_status_t power_main(const ent_game_t *g, unsigned want, const ent_power_opts_t *opts, ent_power_t *p,
                               ent_error_t *err)
{
    size_t n = g->n;
    ent_status_t rc = ENT_OK;
    if (opts->approx || opts->method == ENT_METHOD_MC) {
        p->method = ENT_METHOD_MC;
        char skipped[200];
        not_estimated(want, skipped, sizeof skipped);
        snprintf(p->why, sizeof p->why, "Monte Carlo was asked for: %llu samples, seed %llu%s",
                 (unsigned long long)opts->samples, (unsigned long long)opts->seed, skipped);
        rc = monte_carlo(g, want, opts, p, err);
        if (rc) ent_power_destroy(p);
        return rc;
    }
    choice_t c = choose(g, want, opts);
    /* player types (types.c): asked for, or a composite rule that enumeration does not take */
    char treason[400] = "";
    /* a single quota that generating functions refuse as too slow (a large body: 1 000
       members of equal weight) may still have few distinct weights, which counting by type
       takes in O(states) — tried there too; its refusal keeps naming generating functions
       (an index they do not implement at that size keeps its own refusal) */
    /* and a single quota that generating functions take but slowly (over a second): the
       same body counted by type when that is cheaper (1 000 equal weights: 0.03 s against
       8 s); games that take under a second keep the method they always had */
    int leaf_types = opts->method == ENT_METHOD_AUTO && g->root->kind == ENT_I_LEAF && isfinite(c.ops) &&
                     (!c.ok || c.ops * 1e-9 > 1.0);
    if (opts->method == ENT_METHOD_TYPES || (!c.ok && opts->method == ENT_METHOD_AUTO && g->root->kind != ENT_I_LEAF) ||
        leaf_types) {
        rc = power_by_types(g, want, opts, leaf_types && c.ok ? c.ops : INFINITY, p, treason, sizeof treason, err);
        if (rc || !treason[0]) {
            if (rc) ent_power_destroy(p);
            return rc;
        }
        if (leaf_types) treason[0] = 0;
        if (!leaf_types) c.ok = 0; /* a leaf keeps the choice made above (taken or refused) */
    }
    /* then, when types did not run or refused, an and/or of rules over disjoint players
       (parts.c): AUTO tries it when no single exact method fits */
    char parts_note[400] = "";
    if ((!c.ok && opts->method == ENT_METHOD_AUTO) || opts->method == ENT_METHOD_PARTS) {
        ent_status_t prc = parts_power(g, want, opts, p, parts_note, sizeof parts_note, err);
        if (prc == ENT_ELIMIT && opts->method == ENT_METHOD_PARTS) {
            ent_power_destroy(p);
            return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "exact power over independent parts refused: %s",
                                 parts_note[0] ? parts_note : "the rule is not an and/or of rules over disjoint players");
        }
        if (prc != ENT_ELIMIT) {
            if (prc) ent_power_destroy(p);
            return prc;
        }
    }
    if (!c.ok) {
        char mb[64], tb[64];
        human_bytes(c.bytes, mb, sizeof mb);
        human_secs(c.ops * 1e-9, tb, sizeof tb);
        char reason[400];
        /* the parts path's note first: the rule is an and/or over disjoint players, so its
           refusal (an index not combined over parts) is the one that applies */
        if (parts_note[0] && treason[0]) snprintf(reason, sizeof reason, "%s", parts_note);
        else if (treason[0]) snprintf(reason, sizeof reason, "%s", treason);
        else if (g->root->kind == ENT_I_LEAF && !isfinite(c.ops)) {
            /* what a big-integer version of the critical-player DP would cost */
            double m = (double)g->n, q = (double)g->root->quota;
            human_bytes(3 * (m + 1) * q * (16 + m / 8), mb, sizeof mb);
            human_secs(m * m * m * q / 2 * (4 + m / 32) * 1e-9, tb, sizeof tb);
            snprintf(reason, sizeof reason, "exact Holler, Deegan-Packel and Johnston are implemented up to 126 players of positive weight; with big integers this game would need about %s and %s", mb, tb);
        }
        else if (parts_note[0])
            snprintf(reason, sizeof reason, "%s", parts_note);
        else if (c.method == ENT_METHOD_ENUM && g->n > 30)
            snprintf(reason, sizeof reason, "a rule that is not a single weighted quota is enumerated exactly only up to 30 players (this one has %zu)", g->n);
        else
            snprintf(reason, sizeof reason, "%s would need about %s and %s (limits %.0f s, %.1f GiB)", ent_power_method_name(c.method), mb, tb,
                     opts->max_seconds, opts->max_memory / 1073741824.0);
        if (!opts->approx_on_refusal) {
            ent_power_destroy(p);
            return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "exact power refused: %s; use --approx for a Monte Carlo estimate, or ask for fewer indices", reason);
        }
        p->method = ENT_METHOD_MC;
        snprintf(p->why, sizeof p->why, "exact refused (%s); Monte Carlo, %llu samples, seed %llu", reason,
                 (unsigned long long)opts->samples, (unsigned long long)opts->seed);
        rc = monte_carlo(g, want, opts, p, err);
        if (rc) ent_power_destroy(p);
        return rc;
    }
    ent_i_counts_t cnt;
    ent_i_counts_init(&cnt, n);
    if (c.method == ENT_METHOD_DP) {
        int64_t q = 0, W = 0;
        ent_game_is_weighted(g, &q, &W);
        p->method = ENT_METHOD_DP;
        snprintf(p->why, sizeof p->why, "single weighted quota (q = %lld of %lld): generating functions, about %.2g steps", (long long)q, (long long)W, c.ops);
        rc = ent_i_wdp_counts(g, want, ent_i_threads(opts->threads), &opts->progress, &cnt, err);
    } else {
        p->method = ENT_METHOD_ENUM;
        snprintf(p->why, sizeof p->why, "%s of %zu players: structured enumeration of all 2^%zu coalitions",
                 g->root->kind == ENT_I_LEAF ? "weighted game" : "composite rule", n, n);
        rc = ent_i_enum_counts(g, want, ent_i_threads(opts->threads), &opts->progress, &cnt, err);
    }
    if (!rc) rc = fill_exact(g, want, &cnt, opts->exact_strings, p, err);
    ent_i_counts_clear(&cnt);
    if (rc) ent_power_destroy(p);
    return rc;
}

ent_status_t ent_i_dummy_players(const ent_game_t *g, const ent_progress_t *progress, unsigned char *dummy,
                                 ent_error_t *err)
{
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = 1u << ENT_IDX_PENROSE;
    o.exact_strings = 0;
    if (progress) o.progress = *progress;
    ent_power_t p;
    ent_status_t rc = ent_game_power(g, &o, &p, err);
    if (rc) return rc;
    memcpy(dummy, p.dummy, g->n);
    ent_power_destroy(&p);
    return ENT_OK;
}

ent_status_t ent_game_dummy_players(const ent_game_t *g, unsigned char *dummy, ent_error_t *err)
{
    return ent_i_dummy_players(g, NULL, dummy, err);
}

/* ------------------------------------------------------------------ minimal coalitions */

void ent_coalitions_destroy(ent_coalitions_t *c)
{
    if (!c) return;
    free(c->count);
    for (size_t i = 0; i < c->nlisted; i++) free(c->members[i]);
    free(c->members);
    ent_coalitions_init(c);
}

void ent_coalitions_init(ent_coalitions_t *c) { memset(c, 0, sizeof *c); }

typedef struct {
    const ent_game_t *g;
    int blocking;
    unsigned char *in, *test;
    size_t limit;
    ent_coalitions_t *out;
    double budget;
    ent_i_ticker_t *tk;
    int stopped, oom, intr;
} dfs_t;

static int fam(dfs_t *d, const unsigned char *s)
{
    d->budget -= 1;
    if (ent_i_tick(d->tk, 1.0)) { d->intr = 1; d->stopped = 1; }
    if (!d->blocking) return ent_i_node_eval(d->g->root, d->g->n, s);
    for (size_t k = 0; k < d->g->n; k++) d->test[k] = !s[k];
    return !ent_i_node_eval(d->g->root, d->g->n, d->test);
}

static void dfs(dfs_t *d, size_t pos)
{
    size_t n = d->g->n;
    if (d->stopped) return;
    if (d->budget <= 0) { d->stopped = 1; return; }
    if (fam(d, d->in)) {
        /* minimal? */
        for (size_t k = 0; k < n; k++) {
            if (!d->in[k]) continue;
            d->in[k] = 0;
            int w = fam(d, d->in);
            d->in[k] = 1;
            if (w) return;
        }
        if (d->out->nlisted == d->limit) { d->stopped = 1; return; }
        unsigned char *row = malloc(n ? n : 1);
        if (!row) { d->oom = 1; d->stopped = 1; return; }
        memcpy(row, d->in, n);
        d->out->members[d->out->nlisted++] = row;
        return;
    }
    if (pos >= n) return;
    /* can the remaining players still make it? */
    unsigned char *save = malloc(n);
    if (!save) { d->oom = 1; d->stopped = 1; return; }
    memcpy(save, d->in, n);
    for (size_t k = pos; k < n; k++) d->in[k] = 1;
    int can = fam(d, d->in);
    memcpy(d->in, save, n);
    free(save);
    if (!can) return;
    d->in[pos] = 1;
    dfs(d, pos + 1);
    d->in[pos] = 0;
    dfs(d, pos + 1);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
static ent_status_t count_minimal(const ent_game_t *g, int blocking, const ent_progress_t *progress, mpz_t count,
                                  ent_error_t *err)
{
    if (g->root->kind == ENT_I_LEAF && g->n > 20) {
        /* weighted: minimal blocking coalitions are the minimal winning ones of the dual */
        const ent_i_node_t *L = g->root;
        ent_game_t *h = NULL;
        ent_status_t rc = ent_game_from_weights(g->n, L->w, NULL, blocking ? L->total - L->quota + 1 : L->quota, 0, &h, err);
        if (rc) return rc;
        double ops, bytes;
        ent_i_wdp_estimate(h, ent_i_index_mask(ENT_I_NEED_MWC), &ops, &bytes);
        if (!isfinite(ops) || ops * 1e-9 > 60 || bytes > 4.0 * 1073741824.0) {
            rc = ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "counting minimal coalitions exactly is refused: it needs more than 126 players of positive weight or too much time/memory");
        } else {
            ent_i_counts_t c;
            ent_i_counts_init(&c, g->n);
            rc = ent_i_wdp_counts(h, ent_i_index_mask(ENT_I_NEED_MWC), ent_i_threads(0), progress, &c, err);
            if (!rc) mpz_set(count, c.minwin);
            ent_i_counts_clear(&c);
        }
        ent_game_destroy(h);
        return rc;
    }
    if (g->n > 30) {
        /* by player types (types.c) when their states are few enough */
        ent_i_types_t ty;
        if (ent_i_types_detect(g, &ty)) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
        ent_status_t rt = ENT_ELIMIT;
        if (ty.states <= (double)ENT_I_TYPES_MAX_STATES) rt = ent_i_types_minimal(g, &ty, blocking, progress, count, err);
        else ent_error_set(err, ENT_ELIMIT, NULL, 0, 0, "counting minimal coalitions of a composite rule is limited to 30 players (%zu) or %d player type states (%.3g)", g->n, ENT_I_TYPES_MAX_STATES, ty.states);
        ent_i_types_free(&ty);
        return rt;
    }
    ent_i_bitmap_t bm, mw;
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, progress, "build", ldexp(1.0, (int)g->n), 65536.0);
    ent_status_t rc = ent_i_bitmap_build(g, &tk, &bm, err);
    if (rc) return rc;
    rc = ent_i_bitmap_minimal(&bm, blocking, &mw, err);
    ent_i_bitmap_free(&bm);
    if (rc) return rc;
    uint64_t t = 0;
    for (size_t W = 0; W < mw.nwords; W++) t += (uint64_t)__builtin_popcountll(mw.win[W]);
    mpz_set_ui(count, (unsigned long)t);
    ent_i_bitmap_free(&mw);
    return ENT_OK;
}

ent_status_t ent_game_minimal(const ent_game_t *g, ent_coalition_kind_t kind, size_t limit, ent_coalitions_t *out,
                              ent_error_t *err)
{
    return ent_i_game_minimal(g, kind, limit, NULL, out, err);
}

ent_status_t ent_i_game_minimal(const ent_game_t *g, ent_coalition_kind_t kind, size_t limit,
                                const ent_progress_t *progress, ent_coalitions_t *out, ent_error_t *err)
{
    int blocking = kind == ENT_COALITIONS_BLOCKING;
    ent_coalitions_init(out);
    out->nplayers = g->n;
    mpz_t cnt;
    mpz_init(cnt);
    ent_status_t rc = count_minimal(g, blocking, progress, cnt, err);
    if (rc) { mpz_clear(cnt); return rc; }
    out->count = z_str(cnt);
    mpz_clear(cnt);
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, progress, "list", 5e7, 65536.0);
    dfs_t d = {g, blocking, calloc(g->n ? g->n : 1, 1), malloc(g->n ? g->n : 1), limit, out, 5e7, &tk, 0, 0, 0};
    out->members = calloc(limit ? limit : 1, sizeof *out->members);
    if (!out->count || !d.in || !d.test || !out->members) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    if (limit) dfs(&d, 0);
    if (d.oom) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    if (d.intr) { rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted"); goto done; }
    out->complete = !d.stopped && out->count && (size_t)strtoull(out->count, NULL, 10) == out->nlisted && strlen(out->count) < 19;
done:
    free(d.in);
    free(d.test);
    if (rc) ent_coalitions_destroy(out);
    return rc;
}
