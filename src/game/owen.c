/* SPDX-License-Identifier: MIT */
/* owen.c — voting power with precoalitions (a priori unions): the Owen value (Owen 1977),
 * the Banzhaf–Owen value (Owen 1981) and the symmetric coalitional Banzhaf value
 * (Alonso-Meijide & Fiestras-Janeiro 2002), exact with GMP (docs/power.md, "Precoalitions").
 *
 * Players are partitioned into m precoalitions P_1..P_m. For player i of precoalition P_k,
 * with R a set of other precoalitions (Q their union, r = |R|) and T ⊆ P_k \ {i} (t = |T|):
 *   Owen:                  sum over (R, T) of r!(m-1-r)!/m! * t!(p_k-1-t)!/p_k! * swing
 *   Banzhaf–Owen:          sum over (R, T) of 1/2^(m-1) * 1/2^(p_k-1) * swing
 *   symmetric coal. Banzhaf: sum over (R, T) of r!(m-1-r)!/m! * 1/2^(p_k-1) * swing
 * where swing = v(Q ∪ T ∪ {i}) - v(Q ∪ T): Shapley or Banzhaf between the precoalitions,
 * Shapley or Banzhaf inside them. The Owen value sums to 1; the other two are absolute.
 *
 * Weighted games (one quota q, weights w): generating functions. The quotient product
 * F(r, x) = #{R : |R| = r, w(Q) = x} over all precoalitions, truncated at q, is built once
 * (O(m^2 q)); each precoalition k is divided out (A_k(r, x) = F(r, x) - A_k(r-1, x - W_k),
 * O(m q)), and its Shapley- and Banzhaf-weighted sums G_k(x) = sum_r r!(m-1-r)! A_k(r, x),
 * H_k(x) = sum_r A_k(r, x) are kept as prefix sums. Inside P_k the same with its members:
 * B_i(t, y) = #{T ⊆ P_k \ {i} : |T| = t, w(T) = y}, and i swings for (Q, T) exactly when
 * q - w_i <= w(Q) + y <= q - 1, a window of the prefix sums. Time O(m^2 q + sum_k (m q +
 * p_k^2 W_k)), memory O(m q + max_k p_k W_k) big integers (counts up to 2^m; GMP).
 * Other rules up to 24 players: every (R, T) is evaluated (O(sum_i 2^(m-1) 2^(p_k-1)) rule
 * evaluations).
 */
#include "game/game_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ the partition */

ent_status_t ent_game_set_precoalitions(ent_game_t *g, const size_t *union_of, ent_error_t *err)
{
    if (!union_of) {
        free(g->pc);
        g->pc = NULL;
        g->npc = 0;
        return ENT_OK;
    }
    size_t n = g->n, m = 0;
    for (size_t k = 0; k < n; k++)
        if (union_of[k] >= n) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "precoalition index %zu out of range; expected 0..%zu", union_of[k], n ? n - 1 : 0);
        else if (union_of[k] + 1 > m) m = union_of[k] + 1;
    if (m > n) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "precoalition index %zu out of range; expected 0..%zu", m - 1, n ? n - 1 : 0);
    unsigned char *used = calloc(m ? m : 1, 1);
    size_t *pc = malloc((n ? n : 1) * sizeof *pc);
    if (!used || !pc) { free(used); free(pc); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    for (size_t k = 0; k < n; k++) { used[union_of[k]] = 1; pc[k] = union_of[k]; }
    for (size_t j = 0; j < m; j++)
        if (!used[j]) {
            free(used);
            free(pc);
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "precoalition %zu is empty; every precoalition needs a member", j);
        }
    free(used);
    free(g->pc);
    g->pc = pc;
    g->npc = m;
    return ENT_OK;
}

size_t ent_game_precoalitions(const ent_game_t *g, const size_t **union_of)
{
    if (union_of) *union_of = g->pc;
    return g->pc ? g->npc : 0;
}

/* One name of a precoalition list: a player, or (with a scenario) a group's players. Marks
 * `mark` (n flags); returns the number of players named, or -1 (err set). */
static long mark_name(const ent_game_t *g, const ent_scenario_t *s, const char *name, unsigned char *mark,
                      const char *file, ent_loc_t at, ent_error_t *err)
{
    memset(mark, 0, g->n ? g->n : 1);
    ent_error_t e = {0};
    if (ent_game_mark_players(g, s, name, mark, &e)) {
        ent_error_set(err, ENT_EINPUT, file, at.line, at.col, "unknown player or group '%s'; expected a player of the rule%s", name,
                      s ? " or a group of the scenario" : "");
        return -1;
    }
    long c = 0;
    for (size_t k = 0; k < g->n; k++) c += mark[k];
    return c;
}

ent_status_t ent_game_parse_precoalitions(ent_game_t *g, const ent_scenario_t *s, const char *text, const char *file,
                                          ent_loc_t loc, ent_error_t *err)
{
    size_t n = g->n, m = 0;
    size_t *of = malloc((n ? n : 1) * sizeof *of);
    unsigned char *mark = malloc(n ? n : 1);
    char *name = malloc(strlen(text) + 1);
    ent_status_t rc = ENT_OK;
    if (!of || !mark || !name) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    for (size_t k = 0; k < n; k++) of[k] = (size_t)-1;
    const char *p = text;
    for (;;) {
        /* one precoalition: names up to ';' or the end */
        ent_loc_t start = {loc.line, loc.col + (int)(p - text)};
        size_t members = 0;
        for (;;) {
            while (*p == ' ') p++;
            const char *b = p;
            while (*p && *p != ',' && *p != ';') p++;
            const char *e = p;
            while (e > b && e[-1] == ' ') e--;
            ent_loc_t at = {loc.line, loc.col + (int)(b - text)};
            if (e == b) {
                if (members == 0 && (*p == ';' || !*p)) {
                    rc = ent_error_set(err, ENT_EINPUT, file, start.line, start.col,
                                       "empty precoalition; expected names separated by ',' and precoalitions by ';'");
                    goto done;
                }
                rc = ent_error_set(err, ENT_EINPUT, file, at.line, at.col, "expected a player or group name");
                goto done;
            }
            memcpy(name, b, (size_t)(e - b));
            name[e - b] = 0;
            if (mark_name(g, s, name, mark, file, at, err) < 0) { rc = err ? err->status : ENT_EINPUT; goto done; }
            for (size_t k = 0; k < n; k++) {
                if (!mark[k]) continue;
                if (of[k] != (size_t)-1 && of[k] != m) {
                    rc = ent_error_set(err, ENT_EINPUT, file, at.line, at.col,
                                       "player '%s' is already in precoalition %zu; precoalitions must not overlap",
                                       g->names[k], of[k] + 1);
                    goto done;
                }
                of[k] = m;
                members++;
            }
            if (*p != ',') break;
            p++;
        }
        m++;
        if (!*p) break;
        p++;   /* ';' */
    }
    for (size_t k = 0; k < n; k++)
        if (of[k] == (size_t)-1) {
            rc = ent_error_set(err, ENT_EINPUT, file, loc.line, loc.col,
                               "player '%s' is in no precoalition; every player of the rule must be in exactly one",
                               g->names[k]);
            goto done;
        }
    rc = ent_game_set_precoalitions(g, of, err);
done:
    free(of);
    free(mark);
    free(name);
    return rc;
}

/* ------------------------------------------------------------------ counting */

typedef struct {
    size_t m;
    size_t *start, *member;   /* members of precoalition j: member[start[j] .. start[j+1]) */
} part_t;

static int part_build(const ent_game_t *g, part_t *P)
{
    size_t n = g->n, m = g->npc;
    P->m = m;
    P->start = calloc(m + 2, sizeof *P->start);
    P->member = malloc((n ? n : 1) * sizeof *P->member);
    if (!P->start || !P->member) return -1;
    for (size_t k = 0; k < n; k++) P->start[g->pc[k] + 2]++;
    for (size_t j = 0; j < m; j++) P->start[j + 2] += P->start[j + 1];
    for (size_t k = 0; k < n; k++) P->member[P->start[g->pc[k] + 1]++] = k;
    return 0;
}

static void part_free(part_t *P) { free(P->start); free(P->member); }

/* Estimated nanoseconds and bytes of the weighted method, fitted to EPIC's precoalition files
 * on a shared 2-core AMD EPYC (docs/power.md; within a factor 2 of the measured time): about
 * 14 ns per m^2 q step of the quotient tables (big integers of ceil(m/64) limbs), 1.5 ns per
 * p_k^2 W_k step inside a precoalition of up to 62 members (64-bit tables), 40 ns above. */
void ent_i_owen_estimate(const ent_game_t *g, double *ops, double *bytes)
{
    const ent_i_node_t *L = g->root;
    double q = (double)L->quota, m = (double)g->npc, inner = 0, maxp = 0;
    double *W = calloc(g->npc ? g->npc : 1, sizeof *W), *p = calloc(g->npc ? g->npc : 1, sizeof *p);
    if (!W || !p) { free(W); free(p); *ops = *bytes = INFINITY; return; }
    for (size_t k = 0; k < g->n; k++) { W[g->pc[k]] += (double)L->w[k]; p[g->pc[k]] += 1; }
    for (size_t j = 0; j < g->npc; j++) {
        double wj = W[j] < q ? W[j] + 1 : q;
        double cell = p[j] <= 62 ? 8 : 24 + 8 * ceil(p[j] / 64);
        inner += p[j] * p[j] * wj * (p[j] <= 62 ? 1.5 : 40);
        if (p[j] * wj * cell > maxp) maxp = p[j] * wj * cell;
    }
    free(W);
    free(p);
    *ops = m * m * q * 14 + inner;
    *bytes = (2 * m + 1) * q * (24 + 8 * ceil(m / 64)) + 2 * maxp;
}

/* Counts by size and weight of the subsets of `items` (weights w), truncated at q:
 * tab[t * q + y], t = 0..cnt. */
static void subset_table(mpz_t *tab, size_t cnt, int64_t q, const size_t *items, const int64_t *w)
{
    mpz_set_ui(tab[0], 1);
    for (size_t j = 0; j < cnt; j++) {
        int64_t wj = w[items[j]];
        for (size_t t = j + 1; t >= 1; t--)
            for (int64_t x = q - 1; x >= wj; x--)
                if (mpz_sgn(tab[(t - 1) * (size_t)q + (size_t)(x - wj)])) mpz_add(tab[t * (size_t)q + (size_t)x], tab[t * (size_t)q + (size_t)x], tab[(t - 1) * (size_t)q + (size_t)(x - wj)]);
    }
}

/* Divide (1 + s z^wr) out of full (sizes 0..cnt) into out (sizes 0..cnt-1). */
static void divide_out(mpz_t *out, const mpz_t *full, size_t cnt, int64_t q, int64_t wr)
{
    for (size_t t = 0; t < cnt; t++)
        for (int64_t x = 0; x < q; x++) {
            mpz_t *o = &out[t * (size_t)q + (size_t)x];
            mpz_set(*o, full[t * (size_t)q + (size_t)x]);
            if (t >= 1 && x >= wr) mpz_sub(*o, *o, out[(t - 1) * (size_t)q + (size_t)(x - wr)]);
        }
}

static mpz_t *zarray(size_t len)
{
    mpz_t *a = malloc((len ? len : 1) * sizeof *a);
    if (a) for (size_t i = 0; i < len; i++) mpz_init(a[i]);
    return a;
}

static void zfree(mpz_t *a, size_t len)
{
    if (!a) return;
    for (size_t i = 0; i < len; i++) mpz_clear(a[i]);
    free(a);
}

/* Prefix sum P(x) = sum_{x' <= x} f(x'), read with x possibly negative (0 then). */
static inline const mpz_t *pref(const mpz_t *P, int64_t x, const mpz_t *zero) { return x < 0 ? zero : &P[x]; }

/* Weighted game: the three values of every player into val[0..2][n]. Over 100 lines because
 * the quotient tables, the per-precoalition window sums and the members' inner tables share
 * one set of big-integer scratch and one cleanup path; split, each part would take a dozen
 * arguments. */
static ent_status_t owen_weighted(const ent_game_t *g, const part_t *P, ent_i_ticker_t *tk, mpq_t *val[3],
                                  ent_error_t *err)
{
    const ent_i_node_t *L = g->root;
    const int64_t *w = L->w;
    int64_t q = L->quota;
    size_t m = P->m;
    size_t *un = calloc(m ? m : 1, sizeof *un);
    int64_t *Wu = calloc(m, sizeof *Wu);
    /* precoalitions as items of weight W_j */
    int64_t *wq = NULL;
    mpz_t *F = zarray((m + 1) * (size_t)q), *A = zarray(m * (size_t)q), *G = zarray((size_t)q), *H = zarray((size_t)q);
    mpz_t zero, fm, fp, acc, tmp, sG, sH;
    mpz_inits(zero, fm, fp, acc, tmp, sG, sH, NULL);
    ent_status_t rc = ENT_OK;
    mpz_t *E = NULL, *B = NULL, *fact = NULL, *coef = NULL;
    size_t maxp = 0;
    for (size_t j = 0; j < m; j++) if (P->start[j + 1] - P->start[j] > maxp) maxp = P->start[j + 1] - P->start[j];
    fact = zarray((m > maxp ? m : maxp) + 1);
    if (!un || !Wu || !F || !A || !G || !H || !fact) goto nomem;
    for (size_t k = 0; k < g->n; k++) Wu[g->pc[k]] += w[k];
    for (size_t j = 0; j < m; j++) un[j] = j;
    wq = Wu;
    mpz_set_ui(fact[0], 1);
    for (size_t i = 1; i <= (m > maxp ? m : maxp); i++) mpz_mul_ui(fact[i], fact[i - 1], (unsigned long)i);
    coef = zarray(m);
    if (!coef) goto nomem;
    for (size_t r = 0; r < m; r++) mpz_mul(coef[r], fact[r], fact[m - 1 - r]);   /* r!(m-1-r)! */
    subset_table(F, m, q, un, wq);
    for (size_t k = 0; k < m && !rc; k++) {
        if (ent_i_tick(tk, (double)m * (double)q)) { rc = ENT_EINTR; break; }
        divide_out(A, F, m, q, Wu[k]);
        /* G(x) = sum_r r!(m-1-r)! A(r, x), H(x) = sum_r A(r, x), as prefix sums from x0: a
         * member's window lies in [q - W_k, q - 1], so sums below x0 cancel out */
        int64_t x0 = q - Wu[k] > 0 ? q - Wu[k] : 0;
        for (int64_t x = x0; x < q; x++) {
            mpz_set_ui(sG, 0);
            mpz_set_ui(sH, 0);
            for (size_t r = 0; r < m; r++) {
                const mpz_t *a = &A[r * (size_t)q + (size_t)x];
                if (!mpz_sgn(*a)) continue;
                mpz_addmul(sG, coef[r], *a);
                mpz_add(sH, sH, *a);
            }
            if (x > x0) { mpz_add(G[x], G[x - 1], sG); mpz_add(H[x], H[x - 1], sH); }
            else { mpz_set(G[x], sG); mpz_set(H[x], sH); }
        }
        if (x0 > 0) { mpz_set_ui(G[x0 - 1], 0); mpz_set_ui(H[x0 - 1], 0); }
        /* inside P_k: counts by size and weight of the partners (64-bit up to 62 members) */
        size_t pk = P->start[k + 1] - P->start[k];
        const size_t *mem = P->member + P->start[k];
        int64_t qk = Wu[k] + 1 < q ? Wu[k] + 1 : q;
        int small = pk <= 62;
        size_t cells = (pk + 1) * (size_t)qk;
        uint64_t *E64 = NULL, *B64 = NULL;
        if (small) {
            E64 = calloc(cells, sizeof *E64);
            B64 = malloc(cells * sizeof *B64);
            if (!E64 || !B64) { free(E64); free(B64); goto nomem; }
            E64[0] = 1;
            for (size_t j = 0; j < pk; j++) {
                int64_t wj = w[mem[j]];
                for (size_t t = j + 1; t >= 1; t--)
                    for (int64_t x = qk - 1; x >= wj; x--) E64[t * (size_t)qk + (size_t)x] += E64[(t - 1) * (size_t)qk + (size_t)(x - wj)];
            }
        } else {
            E = zarray(cells);
            B = zarray(pk * (size_t)qk);
            if (!E || !B) goto nomem;
            subset_table(E, pk, qk, mem, w);
        }
        mpz_t *dG = zarray((size_t)qk), *dH = zarray((size_t)qk), *SG = zarray(pk), *SH = zarray(pk);
        if (!dG || !dH || !SG || !SH) {
            zfree(dG, (size_t)qk); zfree(dH, (size_t)qk); zfree(SG, pk); zfree(SH, pk); free(E64); free(B64);
            goto nomem;
        }
        for (size_t a = 0; a < pk; a++) {
            size_t i = mem[a];
            int64_t wi = w[i];
            mpz_t so, sb, ss;
            mpz_inits(so, sb, ss, NULL);
            if (wi > 0) {
                if (small) {
                    /* divide (1 + s z^wi) out: B(t, y) = E(t, y) - B(t-1, y - wi) */
                    for (size_t t = 0; t < pk; t++)
                        for (int64_t y = 0; y < qk; y++)
                            B64[t * (size_t)qk + (size_t)y] = E64[t * (size_t)qk + (size_t)y] -
                                                             (t && y >= wi ? B64[(t - 1) * (size_t)qk + (size_t)(y - wi)] : 0);
                } else {
                    divide_out(B, E, pk, qk, wi);
                }
                /* i swings for partners of weight y when q - wi <= w(Q) + y <= q - 1: the window
                 * of the prefix sums, the same for every size t (partners weigh at most W_k - wi) */
                int64_t ymax = Wu[k] - wi < qk - 1 ? Wu[k] - wi : qk - 1;
                for (size_t t = 0; t < pk; t++) { mpz_set_ui(SG[t], 0); mpz_set_ui(SH[t], 0); }
                for (int64_t y = 0; y <= ymax; y++) {
                    int64_t hi = q - 1 - y, lo = q - wi - 1 - y;
                    if (hi < 0) continue;
                    mpz_sub(dG[y], *pref(G, hi, &zero), *pref(G, lo, &zero));
                    mpz_sub(dH[y], *pref(H, hi, &zero), *pref(H, lo, &zero));
                    if (!mpz_sgn(dG[y]) && !mpz_sgn(dH[y])) continue;
                    for (size_t t = 0; t < pk; t++) {
                        if (small) {
                            uint64_t bc = B64[t * (size_t)qk + (size_t)y];
                            if (!bc) continue;
                            mpz_addmul_ui(SG[t], dG[y], (unsigned long)bc);
                            mpz_addmul_ui(SH[t], dH[y], (unsigned long)bc);
                        } else {
                            const mpz_t *bz = &B[t * (size_t)qk + (size_t)y];
                            if (!mpz_sgn(*bz)) continue;
                            mpz_addmul(SG[t], dG[y], *bz);
                            mpz_addmul(SH[t], dH[y], *bz);
                        }
                    }
                }
                for (size_t t = 0; t < pk; t++) {
                    mpz_add(ss, ss, SG[t]);                       /* SCB: Banzhaf inside */
                    mpz_mul(tmp, fact[t], fact[pk - 1 - t]);
                    mpz_addmul(so, tmp, SG[t]);                   /* Owen */
                    mpz_add(sb, sb, SH[t]);                       /* Banzhaf–Owen */
                }
            }
            /* Owen: so / (m! pk!); BO: sb / 2^(m-1+pk-1); SCB: ss / (m! 2^(pk-1)) */
            mpz_mul(fm, fact[m], fact[pk]);
            mpq_set_num(val[0][i], so); mpq_set_den(val[0][i], fm); mpq_canonicalize(val[0][i]);
            mpz_set_ui(fp, 1); mpz_mul_2exp(fp, fp, (mp_bitcnt_t)(m - 1 + pk - 1));
            mpq_set_num(val[1][i], sb); mpq_set_den(val[1][i], fp); mpq_canonicalize(val[1][i]);
            mpz_set_ui(fp, 1); mpz_mul_2exp(fp, fp, (mp_bitcnt_t)(pk - 1)); mpz_mul(fp, fp, fact[m]);
            mpq_set_num(val[2][i], ss); mpq_set_den(val[2][i], fp); mpq_canonicalize(val[2][i]);
            mpz_clears(so, sb, ss, NULL);
        }
        zfree(dG, (size_t)qk); zfree(dH, (size_t)qk); zfree(SG, pk); zfree(SH, pk);
        free(E64);
        free(B64);
        if (!small) {
            zfree(E, cells);
            zfree(B, pk * (size_t)qk);
            E = B = NULL;
        }
    }
    goto done;
nomem:
    rc = ENT_ENOMEM;
done:
    mpz_clears(zero, fm, fp, acc, tmp, sG, sH, NULL);
    zfree(F, (m + 1) * (size_t)q);
    zfree(A, m * (size_t)q);
    zfree(G, (size_t)q);
    zfree(H, (size_t)q);
    zfree(fact, (m > maxp ? m : maxp) + 1);
    zfree(coef, m);
    free(un);
    free(Wu);
    if (rc == ENT_ENOMEM) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == ENT_EINTR) return ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
    return ENT_OK;
}

/* Any rule of at most 24 players: every (R, T) evaluated. */
static ent_status_t owen_enum(const ent_game_t *g, const part_t *P, ent_i_ticker_t *tk, mpq_t *val[3], ent_error_t *err)
{
    size_t n = g->n, m = P->m;
    unsigned char *in = calloc(n ? n : 1, 1);
    mpz_t *fact = zarray(n + 1);
    if (!in || !fact) { free(in); zfree(fact, n + 1); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    mpz_set_ui(fact[0], 1);
    for (size_t i = 1; i <= n; i++) mpz_mul_ui(fact[i], fact[i - 1], (unsigned long)i);
    mpz_t so, sb, ss, tmp, den;
    mpz_inits(so, sb, ss, tmp, den, NULL);
    ent_status_t rc = ENT_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t k = g->pc[i], pk = P->start[k + 1] - P->start[k];
        const size_t *mem = P->member + P->start[k];
        mpz_set_ui(so, 0); mpz_set_ui(sb, 0); mpz_set_ui(ss, 0);
        for (uint64_t R = 0; R < (1ULL << (m - 1)) && !rc; R++) {
            if (ent_i_tick(tk, (double)(1ULL << (pk - 1)))) { rc = ENT_EINTR; break; }
            memset(in, 0, n);
            size_t r = 0;
            for (size_t j = 0, bit = 0; j < m; j++) {
                if (j == k) continue;
                if ((R >> bit++) & 1) {
                    r++;
                    for (size_t x = P->start[j]; x < P->start[j + 1]; x++) in[P->member[x]] = 1;
                }
            }
            for (uint64_t T = 0; T < (1ULL << (pk - 1)); T++) {
                size_t t = 0;
                for (size_t a = 0, bit = 0; a < pk; a++) {
                    if (mem[a] == i) continue;
                    int on = (T >> bit++) & 1;
                    in[mem[a]] = (unsigned char)on;
                    t += (size_t)on;
                }
                in[i] = 0;
                if (ent_i_node_eval(g->root, n, in)) continue;
                in[i] = 1;
                int win = ent_i_node_eval(g->root, n, in);
                in[i] = 0;
                if (!win) continue;
                mpz_mul(tmp, fact[r], fact[m - 1 - r]);
                mpz_add(ss, ss, tmp);
                mpz_mul(tmp, tmp, fact[t]);
                mpz_mul(tmp, tmp, fact[pk - 1 - t]);
                mpz_add(so, so, tmp);
                mpz_add_ui(sb, sb, 1);
            }
        }
        mpz_mul(den, fact[m], fact[pk]);
        mpq_set_num(val[0][i], so); mpq_set_den(val[0][i], den); mpq_canonicalize(val[0][i]);
        mpz_set_ui(den, 1); mpz_mul_2exp(den, den, (mp_bitcnt_t)(m - 1 + pk - 1));
        mpq_set_num(val[1][i], sb); mpq_set_den(val[1][i], den); mpq_canonicalize(val[1][i]);
        mpz_set_ui(den, 1); mpz_mul_2exp(den, den, (mp_bitcnt_t)(pk - 1)); mpz_mul(den, den, fact[m]);
        mpq_set_num(val[2][i], ss); mpq_set_den(val[2][i], den); mpq_canonicalize(val[2][i]);
    }
    mpz_clears(so, sb, ss, tmp, den, NULL);
    zfree(fact, n + 1);
    free(in);
    if (rc) return ent_error_set(err, ENT_EINTR, NULL, 0, 0, "interrupted");
    return ENT_OK;
}

int ent_i_owen_method(const ent_game_t *g) { return g->root->kind == ENT_I_LEAF ? 1 : g->n <= 24 ? 2 : 0; }

ent_status_t ent_i_owen_values(const ent_game_t *g, unsigned want, const ent_progress_t *progress, int strings,
                               ent_power_t *p, ent_error_t *err)
{
    const int idx[3] = {ENT_IDX_OWEN, ENT_IDX_BANZHAF_OWEN, ENT_IDX_COALITIONAL_BANZHAF};
    size_t n = g->n;
    part_t P = {0, NULL, NULL};
    mpq_t *val[3] = {NULL, NULL, NULL};
    ent_status_t rc = ENT_OK;
    if (part_build(g, &P)) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    for (int v = 0; v < 3; v++) {
        val[v] = malloc((n ? n : 1) * sizeof(mpq_t));
        if (!val[v]) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        for (size_t k = 0; k < n; k++) mpq_init(val[v][k]);
    }
    ent_i_ticker_t tk;
    ent_i_ticker_init(&tk, progress, "precoalitions", 0, 65536.0);
    rc = g->root->kind == ENT_I_LEAF ? owen_weighted(g, &P, &tk, val, err) : owen_enum(g, &P, &tk, val, err);
    if (rc) goto done;
    for (int v = 0; v < 3 && !rc; v++) {
        if (!(want & (1u << idx[v]))) continue;
        if (ent_i_power_alloc_index(p, idx[v], strings, 0, 0)) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); break; }
        for (size_t k = 0; k < n; k++) {
            p->value[idx[v]][k] = mpq_get_d(val[v][k]);
            if (strings) {
                char *s = mpq_get_str(NULL, 10, val[v][k]);
                p->exact[idx[v]][k] = s ? ent_i_game_strdup(s) : NULL;
                void (*fr)(void *, size_t);
                mp_get_memory_functions(NULL, NULL, &fr);
                if (s) fr(s, strlen(s) + 1);
                if (!p->exact[idx[v]][k]) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); break; }
            }
        }
    }
done:
    for (int v = 0; v < 3; v++) {
        if (!val[v]) continue;
        for (size_t k = 0; k < n; k++) mpq_clear(val[v][k]);
        free(val[v]);
    }
    part_free(&P);
    return rc;
}
