/* SPDX-License-Identifier: MIT */
/* exchange_kernel.c — Stokman's equal-gain exchange model on plain arrays.
 *
 * Implements ../shared/docs/models/exchange.md (Decide's EqualGainModel at commit 51dee66,
 * randomized value off), section by section:
 *   §1  inputs already on the 0..100 model scale (the scenario adapter exchange.c scales);
 *       W_p = Σ s·c per issue, constant over the run;
 *   §2  outcome O_p = Σ((x·s)·c) / W_p, sums in the caller's summation order (Decide: #D rows);
 *   §3  candidates per issue pair (p < q): groups by side of the outcome, A×D then B×C,
 *       role assignment by salience ratio, creation index;
 *   §4  equal-gain moves (A–E), the outcome cap CAP (check_nbs) and move validity V,
 *       including the per-exchange move history and its "Σ moves > 100" rule;
 *   §5  realisation loop with RECALC (supply-side match, demand-side upd map);
 *       PICK deterministic (§5.2, default) or seeded (§5.1: stable sort, top-two tie test,
 *       coin flip, duplicate reference kept, exactly as Decide's list mechanics);
 *   §7  voting positions, reported outcome, next start positions λ-mix.
 * Arithmetic is binary double with the evaluation orders of §10.3. The CAP snapping of
 * §10.2 item 2 is on by default (opts.cap_snap).
 *
 * Complexity per round, P issues, N actors: candidates C = O(P² N²), each built in O(N)
 * (outcome sums in the caps). The default loop keeps the gains in a max segment tree over
 * creation indices: the §5.2 pick (top gain, then the lowest creation index within the
 * tolerance) costs O(log C). After a realisation only the candidates that RECALC changes are
 * visited, found through an index by (actor, issue, supply/demand role), each recalculated
 * in O(N) and re-keyed in O(log C); move validity is O(1) (running sums of the move history).
 * The naive option (benchmark baseline) and the seeded mode follow Decide's own loop: the
 * whole list stable-sorted at each pick, O(C log C), and RECALC over all C candidates.
 * Memory O(C + P N + R).
 *
 * Deliberate deviations from Decide: doubles, not 28-digit decimals (§10.2 lists the three
 * boundary cases where that matters); tie tolerance 1e-12 instead of 1e-20 (§5.1-5.2);
 * externalities (§8, reporting only) on request (opts.externalities; then the cap keeps its
 * N0/N1 bookkeeping exactly, otherwise it skips the second outcome sum when its sign is
 * certain); the REX and RandomRate variants (§9) are left out. See docs/models/exchange.md.
 */
#include "entente/exchange.h"
#include "forecast/exchange_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ PRNG (§10.4) */

#define MT_N 624
#define MT_M 397

static void mt_init_genrand(ent_i_mt_t *r, uint32_t s)
{
    r->mt[0] = s;
    for (int i = 1; i < MT_N; i++)
        r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
    r->mti = MT_N;
}

void ent_i_mt_seed(ent_i_mt_t *r, uint64_t seed)
{
    uint32_t key[2];
    int klen = 0;
    key[klen++] = (uint32_t)(seed & 0xffffffffu);
    if (seed >> 32) key[klen++] = (uint32_t)(seed >> 32);
    mt_init_genrand(r, 19650218u);
    int i = 1, j = 0;
    for (int k = (MT_N > klen ? MT_N : klen); k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525u)) + key[j] +
                   (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) { r->mt[0] = r->mt[MT_N - 1]; i = 1; }
        if (j >= klen) j = 0;
    }
    for (int k = MT_N - 1; k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) { r->mt[0] = r->mt[MT_N - 1]; i = 1; }
    }
    r->mt[0] = 0x80000000u;
    r->mti = MT_N;
}

uint32_t ent_i_mt_next32(ent_i_mt_t *r)
{
    static const uint32_t mag01[2] = {0u, 0x9908b0dfu};
    uint32_t y;
    if (r->mti >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (r->mt[kk] & 0x80000000u) | (r->mt[kk + 1] & 0x7fffffffu);
            r->mt[kk] = r->mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (r->mt[kk] & 0x80000000u) | (r->mt[kk + 1] & 0x7fffffffu);
            r->mt[kk] = r->mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
        }
        y = (r->mt[MT_N - 1] & 0x80000000u) | (r->mt[0] & 0x7fffffffu);
        r->mt[MT_N - 1] = r->mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
        r->mti = 0;
    }
    y = r->mt[r->mti++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
}

double ent_i_mt_random(ent_i_mt_t *r)
{
    uint32_t a = ent_i_mt_next32(r) >> 5, b = ent_i_mt_next32(r) >> 6;
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

/* ================================================================ options, result */

void ent_exchange_opts_init(ent_exchange_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->rounds = 10;
    o->tie = ENT_EXCHANGE_TIE_DETERMINISTIC;
    o->seed = 0;
    o->tie_tol = 1e-12;
    o->cap_snap = 1;
    o->naive = 0;
}

void ent_exchange_result_init(ent_exchange_result_t *r)
{
    if (r) memset(r, 0, sizeof *r);
}

void ent_exchange_result_destroy(ent_exchange_result_t *r)
{
    if (!r) return;
    free(r->outcome);
    free(r->vote);
    free(r->ncand);
    free(r->nvalid);
    free(r->nties);
    free(r->first);
    free(r->ndeals);
    free(r->deals);
    free(r->ext);
    free(r->deal_ext);
    memset(r, 0, sizeof *r);
}

/* ================================================================ model state */

/* One side of an exchange (§3.4). */
typedef struct {
    size_t actor, sup, dem;
    double xi;     /* current supply position ξ */
    double x0;     /* round-start supply position */
    double delta;  /* own position on the demand issue δ (never updated) */
    double sigma, kappa, tau, W;
    double y;
    double N0, N1; /* outcome of the supply issue with this side at ξ and at y (cap, §4.2) */
    double *h;     /* this exchange side's own move history and its running sums, as pairs:
                      h[2i] = move i, h[2i+1] = h[1] + h[3] + ... of moves 0..i, left to right;
                      from the round's slab (4 moves) until it grows, then its own block */
    size_t nmoves, capmoves;
    int heap;      /* h is a block of its own (freed with the round), not a slice of a slab */
    size_t npos, nneg; /* entries > 0 and < 0 */
} side_t;

typedef struct {
    size_t actor;
    double x;
} upd_t;

typedef struct {
    side_t s[2];         /* 0 = I, 1 = J */
    double gain;
    int valid;
    size_t index;
    upd_t *upd[2];       /* upd[k]: recorded positions on issue s[k].sup */
    size_t nupd[2], capupd[2];
} cand_t;

typedef struct {
    size_t n, P;
    const double *sal, *pow;
    const unsigned char *present;
    size_t *order;        /* P * n, present actors only, in summation order */
    size_t *norder;       /* P: present actors per issue */
    double *W;            /* P */
    double *start;        /* P * n: round-start positions */
    double *scratch;      /* n: overriding positions (nbs_sum) */
    unsigned char *mark;  /* n: all 0 between calls */
    double *term;         /* P * n: (x·s)·c of the round-start positions */
    double *sum0;         /* P: Σ term in summation order (the round-start outcome's numerator) */
    size_t *groups;       /* 4 * n: build_candidates' actors by group on one issue pair */
    int snap;
    int ext;              /* keep N0/N1 exactly, for the externalities */
    int oom;
} model_t;

static inline void side_count(side_t *S, double v, int d)
{
    if (v > 0.0) S->npos += (size_t)d;
    else if (v < 0.0) S->nneg += (size_t)d;
}

static inline int side_push(model_t *m, side_t *S, double v)
{
    if (S->nmoves == S->capmoves) {
        size_t nc = S->capmoves ? 2 * S->capmoves : 4;
        double *nh = S->heap ? realloc(S->h, 2 * nc * sizeof *nh) : malloc(2 * nc * sizeof *nh);
        if (!nh) { m->oom = 1; return -1; }
        if (!S->heap && S->nmoves) memcpy(nh, S->h, 2 * S->nmoves * sizeof *nh);
        S->h = nh;
        S->heap = 1;
        S->capmoves = nc;
    }
    size_t n = S->nmoves;
    S->h[2 * n] = v;
    S->h[2 * n + 1] = (n ? S->h[2 * n - 1] : 0.0) + v;
    side_count(S, v, 1);
    S->nmoves = n + 1;
    return 0;
}

static inline void side_pop(side_t *S)
{
    if (!S->nmoves) return;
    S->nmoves--;
    side_count(S, S->h[2 * S->nmoves], -1);
}

static void side_set_last(side_t *S, double v)
{
    size_t n = S->nmoves;
    if (!n) return;
    side_count(S, S->h[2 * n - 2], -1);
    S->h[2 * n - 2] = v;
    S->h[2 * n - 1] = (n > 1 ? S->h[2 * n - 3] : 0.0) + v;
    side_count(S, v, 1);
}

static inline double side_last(const side_t *S)
{
    return S->nmoves ? S->h[2 * S->nmoves - 2] : 0.0;
}

/* §4.3 V(S, m), with moves_S as it stands. O(1): the running sum is the left-to-right sum
 * of the history, and the sign counts are kept up to date. */
static inline int move_valid(const side_t *S, double mv)
{
    if (fabs(mv) > 100.0 || fabs(mv) <= 1e-10) return 0;
    double np = S->xi + mv;
    if (np < 0.0 || np > 100.0) return 0;
    if (S->nmoves && S->h[2 * S->nmoves - 1] > 100.0) return 0;
    return S->nneg == S->nmoves || S->npos == S->nmoves;
}

/* Σ((x·s)·c) over issue p's actors in summation order, positions x (P·n layout row p). */
static double issue_sum(const model_t *m, size_t p, const double *x)
{
    double sum = 0.0;
    const size_t *ord = m->order + p * m->n;
    for (size_t r = 0; r < m->norder[p]; r++) {
        size_t a = ord[r];
        sum += (x[a] * m->sal[p * m->n + a]) * m->pow[p * m->n + a];
    }
    return sum;
}

/* Σ((x·s)·c) over the actors of side k's supply issue, in summation order, with the
 * round-start positions, E.upd for that issue applied, then side k's own entry set to z
 * (NBS_E of §4.2); or — when upd_last — side k at z first and the upd entries after (the x'
 * of the cap's h). The terms of actors that are not overridden come from m->term, which
 * holds exactly the products (x·s)·c of the round-start positions, so the sum is the same
 * double as the one over a filled position vector. */
static double nbs_sum(model_t *m, const cand_t *E, int k, double z, int upd_last)
{
    const side_t *S = &E->s[k];
    size_t p = S->sup, n = m->n, nu = E->nupd[k], sa = S->actor;
    const size_t *ord = m->order + p * n;
    const double *term = m->term + p * n, *sal = m->sal + p * n, *pw = m->pow + p * n;
    size_t no = m->norder[p];
    double sum = 0.0;
    if (nu == 0) {
        /* side k at its round-start position: the round-start sum, the very same double */
        if (z == m->start[p * n + sa]) return m->sum0[p];
        for (size_t r = 0; r < no; r++) {
            size_t a = ord[r];
            sum += a == sa ? (z * sal[a]) * pw[a] : term[a];
        }
        return sum;
    }
    double *ov = m->scratch;
    unsigned char *has = m->mark;
    if (upd_last) { ov[sa] = z; has[sa] = 1; }
    for (size_t i = 0; i < nu; i++) {
        ov[E->upd[k][i].actor] = E->upd[k][i].x;
        has[E->upd[k][i].actor] = 1;
    }
    if (!upd_last) { ov[sa] = z; has[sa] = 1; }
    for (size_t r = 0; r < no; r++) {
        size_t a = ord[r];
        sum += has[a] ? (ov[a] * sal[a]) * pw[a] : term[a];
    }
    has[sa] = 0;
    for (size_t i = 0; i < nu; i++) has[E->upd[k][i].actor] = 0;
    return sum;
}

static inline double nbs_e(model_t *m, const cand_t *E, int k, double z)
{
    size_t p = E->s[k].sup;
    if (m->W[p] == 0.0) return 0.0;
    return nbs_sum(m, E, k, z, 0) / m->W[p];
}

/* §4.2 CAP(S, T) with S = side k. The outcome N1 with S at y is needed only for the sign of
 * t − N1: when the first-order value N0 + (y − ξ)·σκ/W is farther than 1e-7 from t (far
 * beyond its rounding error, about 1e-13, and the 1e-9 snapping), its sign is that of the
 * exact one and the exact sum is skipped — unless externalities are asked for: then N0 and
 * N1 are kept exactly as Decide keeps them (N1 refreshed after a binding cap; the first
 * side's values are not refreshed by the second side's cap). */
static void cap(model_t *m, cand_t *E, int k)
{
    side_t *S = &E->s[k], *T = &E->s[1 - k];
    double t = T->delta;
    double N0 = nbs_e(m, E, k, S->xi);
    double a = t - N0;
    if (m->snap && fabs(a) <= 1e-9) a = 0.0;
    double N1a = N0 + (S->y - S->xi) * S->sigma * S->kappa / S->W, b = t - N1a;
    if (fabs(b) <= 1e-7 || m->ext) {
        double N1 = nbs_e(m, E, k, S->y);
        b = t - N1;
        if (m->snap && fabs(b) <= 1e-9) b = 0.0;
        if (m->ext) {
            S->N0 = N0;
            S->N1 = N1;
        }
    }
    if ((a >= 0.0 && b >= 0.0) || (a <= 0.0 && b <= 0.0)) return;
    double sum = nbs_sum(m, E, k, S->xi, 1);
    double h = fabs((t * S->W - sum) / (S->sigma * S->kappa));
    double dS = ((h * S->sigma) * S->kappa) / S->W;
    double dT = ((S->sigma + T->tau) / (S->tau + T->sigma)) * dS;
    double mT = fabs((dT * T->W) / (T->kappa * T->sigma));
    double mS = h;
    if (T->xi > S->delta) mT = -mT;
    if (S->xi > t) mS = -mS;
    side_set_last(T, mT);
    side_set_last(S, mS);
    T->y = T->xi + mT;
    S->y = S->xi + mS;
    E->gain = fabs(dT * T->sigma - dS * T->tau);
    if (m->ext) S->N1 = nbs_e(m, E, k, S->y);
    E->valid = move_valid(T, mT) && move_valid(S, mS);
}

/* §4.1 A–E: calculate exchange E from its sides' current ξ and its upd map. */
static void calc(model_t *m, cand_t *E)
{
    side_t *I = &E->s[0], *J = &E->s[1];
    /* A: J moves all the way to I's position on p. */
    double dJ = ((fabs(I->delta - J->xi) * J->sigma) * J->kappa) / J->W;
    double dI = ((J->sigma + I->tau) / (J->tau + I->sigma)) * dJ;
    double mI = (dI * I->W) / (I->kappa * I->sigma);
    double mJ = fabs(I->delta - J->xi);
    /* B: I would overshoot J's position on q: I moves all the way instead. */
    if (mI > fabs(J->delta - I->xi)) {
        dI = ((fabs(J->delta - I->xi) * I->sigma) * I->kappa) / I->W;
        dJ = ((I->sigma + J->tau) / (I->tau + J->sigma)) * dI;
        mI = fabs(J->delta - I->xi);
        mJ = (dJ * J->W) / (J->kappa * J->sigma);
    }
    /* C: directions. */
    if (I->xi > J->delta) mI = -mI;
    if (J->xi > I->delta) mJ = -mJ;
    if (side_push(m, I, mI) || side_push(m, J, mJ)) { E->valid = 0; return; }
    I->y = I->xi + mI;
    J->y = J->xi + mJ;
    /* D: the equal gain. */
    E->gain = fabs(dI * I->sigma - dJ * I->tau);
    /* E: validity, then the outcome caps. */
    E->valid = move_valid(I, mI) && move_valid(J, mJ) && E->gain >= 1e-10;
    if (!E->valid) return;
    cap(m, E, 0);
    cap(m, E, 1);
    E->valid = move_valid(I, side_last(I)) && move_valid(J, side_last(J));
}

/* What RECALC reads of the realised exchange's sides (copied first: E may be R itself). */
typedef struct {
    size_t actor, sup, dem;
    double x0, y;
} rside_t;

static int upd_set(model_t *m, cand_t *E, int k, const rside_t *Sp)
{
    for (size_t i = 0; i < E->nupd[k]; i++) {
        if (E->upd[k][i].actor == Sp->actor) {
            double u = E->upd[k][i].x, y = Sp->y;
            E->upd[k][i].x = (Sp->x0 <= u) ? (u < y ? u : y) : (u > y ? u : y);
            return 0;
        }
    }
    if (E->nupd[k] == E->capupd[k]) {
        size_t nc = E->capupd[k] ? 2 * E->capupd[k] : 4;
        upd_t *nu = realloc(E->upd[k], nc * sizeof *nu);
        if (!nu) { m->oom = 1; return -1; }
        E->upd[k] = nu;
        E->capupd[k] = nc;
    }
    E->upd[k][E->nupd[k]].actor = Sp->actor;
    E->upd[k][E->nupd[k]].x = Sp->y;
    E->nupd[k]++;
    return 0;
}

/* §5.3 RECALC(E, R); returns 1 if E was recalculated (0: E is unchanged). R may be E itself
 * (a duplicate reference in seeded mode). The values of R that are read are copied first,
 * because recalculating E == R overwrites them (only those: rside_t). */
static int recalc(model_t *m, cand_t *E, const cand_t *Rp)
{
    rside_t R[2];
    for (int k = 0; k < 2; k++) {
        const side_t *S = &Rp->s[k];
        R[k].actor = S->actor;
        R[k].sup = S->sup;
        R[k].dem = S->dem;
        R[k].x0 = S->x0;
        R[k].y = S->y;
    }
    double Rlast[2] = {side_last(&Rp->s[0]), side_last(&Rp->s[1])};
    int changed = 0;
    for (int k = 0; k < 2; k++) {
        side_t *S = &E->s[k];
        int hit = -1;
        if (S->actor == R[0].actor && S->sup == R[0].sup) hit = 0;
        else if (S->actor == R[1].actor && S->sup == R[1].sup) hit = 1;
        if (hit >= 0) {
            S->xi = R[hit].y;
            if (side_push(m, S, Rlast[hit])) { E->valid = 0; return 1; }
            changed = 1;
        }
    }
    if (changed) {
        side_pop(&E->s[0]);
        side_pop(&E->s[1]);
    }
    /* Demand side: (Dm, Sp) in ((R.J, R.I), (R.I, R.J)); g = Dm.dem = Sp.sup. */
    for (int d = 0; d < 2; d++) {
        const rside_t *Dm = &R[d == 0 ? 1 : 0], *Sp = &R[d == 0 ? 0 : 1];
        size_t g = Dm->dem;
        int slot = -1; /* E's upd slot of issue g: the side whose supply issue is g */
        if (E->s[1].actor == Dm->actor && E->s[1].dem == g) slot = 0;
        else if (E->s[0].actor == Dm->actor && E->s[0].dem == g) slot = 1;
        if (slot < 0) continue;
        if (upd_set(m, E, slot, Sp)) { E->valid = 0; return 1; }
        if (!changed) {
            side_pop(&E->s[0]);
            side_pop(&E->s[1]);
            changed = 1;
        }
    }
    if (changed) calc(m, E);
    return changed;
}

/* ================================================================ one round */

typedef struct {
    cand_t *c;
    size_t nc, capc;
    size_t *list, nlist, caplist;   /* L: candidate indices (duplicates in seeded mode) */
    size_t *tmp, captmp;            /* merge-sort buffer */
    unsigned char *inL;             /* deterministic fast mode: candidate still in L */
    size_t *aoff, *alist, *fill;    /* candidate index by (actor, issue, role), CSR */
    size_t capaoff, capalist, capfill;
    size_t *stamp, capstamp;        /* per candidate: last realisation that visited it */
    size_t *realised, nreal, capreal;
    ent_exchange_deal_t *snap;      /* realised exchanges as they were when realised */
    size_t capsnap;
    double *tree;                   /* deterministic fast mode: max segment tree of gains */
    size_t captree;
    double *dext;                   /* externalities: per realised exchange, 5 class sums */
    size_t capdext;
    double *aext;                   /* externalities of this round: per actor, 5 class sums */
    double *O;                      /* P: round-start outcomes */
    unsigned char *left;            /* P * n */
    size_t too_many;                /* candidates of a round over the limit (0 = none) */
    double *slab[64];               /* move histories of new candidate slots, one per growth */
    size_t nslab;
} round_t;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np) return -1;
    *p = np;
    *cap = nc;
    return 0;
}

static void outcomes(const model_t *m, const double *x, double *O)
{
    for (size_t p = 0; p < m->P; p++)
        O[p] = m->W[p] == 0.0 ? 0.0 : issue_sum(m, p, x + p * m->n) / m->W[p];
}

static void side_fill(const model_t *m, side_t *S, size_t actor, size_t sup, size_t dem)
{
    size_t n = m->n;
    S->actor = actor;
    S->sup = sup;
    S->dem = dem;
    S->xi = S->x0 = m->start[sup * n + actor];
    S->delta = m->start[dem * n + actor];
    S->sigma = m->sal[sup * n + actor];
    S->kappa = m->pow[sup * n + actor];
    S->tau = m->sal[dem * n + actor];
    S->W = m->W[sup];
    S->y = S->xi;
    S->N0 = S->N1 = 0.0;
    S->nmoves = 0;
    S->npos = S->nneg = 0;
}

static int add_candidate(model_t *m, round_t *rd, size_t i, size_t j, size_t p, size_t q)
{
    if (rd->nc >= rd->capc) return -1; /* build_candidates reserved the exact count */
    cand_t *E = &rd->c[rd->nc];
    size_t n = m->n;
    double ri = m->sal[p * n + i] / m->sal[q * n + i];
    double rj = m->sal[p * n + j] / m->sal[q * n + j];
    size_t I = i, J = j;
    if (ri < rj) { I = j; J = i; }
    side_fill(m, &E->s[0], I, q, p); /* I supplies q, demands p */
    side_fill(m, &E->s[1], J, p, q); /* J supplies p, demands q */
    E->nupd[0] = E->nupd[1] = 0;
    E->index = rd->nc;
    E->gain = 0.0;
    E->valid = 0;
    rd->nc++;
    calc(m, E);
    return m->oom ? -1 : 0;
}

/* Make sure candidate slots [old, cap) have NULL buffers before use. */
/* Make sure candidate slots [old, cap) have empty upd buffers and a move history of 4 moves
 * per side from one slab (one allocation per growth of the array, not 4 per candidate). */
static int reserve_candidates(round_t *rd, size_t need)
{
    size_t old = rd->capc;
    if (grow((void **)&rd->c, &rd->capc, need, sizeof(cand_t))) return -1;
    if (rd->capc == old) return 0;
    size_t add = rd->capc - old;
    double *slab = rd->nslab < sizeof rd->slab / sizeof rd->slab[0] ? malloc(add * 16 * sizeof *slab) : NULL;
    if (!slab) {
        rd->capc = old; /* the new slots are not set up; the old ones are */
        return -1;
    }
    rd->slab[rd->nslab++] = slab;
    for (size_t c = old; c < rd->capc; c++) {
        cand_t *E = &rd->c[c];
        for (int k = 0; k < 2; k++) {
            E->s[k].h = slab + (c - old) * 16 + (size_t)k * 8;
            E->s[k].capmoves = 4;
            E->s[k].heap = 0;
            E->s[k].nmoves = 0;
            E->upd[k] = NULL;
            E->nupd[k] = E->capupd[k] = 0;
        }
    }
    return 0;
}

static int build_candidates(model_t *m, round_t *rd, const unsigned char *present)
{
    size_t n = m->n, P = m->P;
    outcomes(m, m->start, rd->O);
    for (size_t p = 0; p < P; p++)
        for (size_t k = 0; k < n; k++)
            rd->left[p * n + k] = m->start[p * n + k] <= rd->O[p];
    /* Count first, so the candidate array never moves while candidates are built. */
    size_t total = 0;
    for (size_t p = 0; p < P; p++)
        for (size_t q = p + 1; q < P; q++) {
            size_t cnt[4] = {0, 0, 0, 0};
            for (size_t k = 0; k < n; k++) {
                if (present && (!present[p * n + k] || !present[q * n + k])) continue;
                cnt[rd->left[p * n + k] + 2 * rd->left[q * n + k]]++;
            }
            total += cnt[0] * cnt[3] + cnt[1] * cnt[2];
        }
    if (total > ENT_EXCHANGE_MAX_CANDIDATES) {
        rd->too_many = total;
        return -1;
    }
    if (reserve_candidates(rd, total)) return -1;
    rd->nc = 0;
    /* the actors of each group on (p, q) in actor order, so that the pairs below are the
     * same, in the same order, as a scan of every (i, j) would give: O(n) per issue pair
     * instead of O(n^2) */
    size_t *grp = m->groups, cnt[4];
    for (size_t p = 0; p < P; p++)
        for (size_t q = p + 1; q < P; q++) {
            cnt[0] = cnt[1] = cnt[2] = cnt[3] = 0;
            for (size_t k = 0; k < n; k++) {
                if (present && (!present[p * n + k] || !present[q * n + k])) continue;
                int g = rd->left[p * n + k] + 2 * rd->left[q * n + k];
                grp[(size_t)g * n + cnt[g]++] = k;
            }
            for (int pair = 0; pair < 2; pair++) {
                int gi = pair == 0 ? 0 : 1, gj = pair == 0 ? 3 : 2;
                for (size_t a = 0; a < cnt[gi]; a++)
                    for (size_t b = 0; b < cnt[gj]; b++)
                        if (add_candidate(m, rd, grp[(size_t)gi * n + a], grp[(size_t)gj * n + b], p, q))
                            return -1;
            }
        }
    return 0;
}

/* Candidate index (CSR) by (actor, issue, role): every candidate is listed under
 * (actor, supply issue, SUP) and (actor, demand issue, DEM) of both its sides. RECALC(E, R)
 * changes E exactly when a side of E supplies what a side of R supplies (same actor and
 * issue), or demands, with the same actor, what R's opposite side just conceded (§5.3):
 * the candidates listed under (R.I.actor, R.I.sup, SUP), (R.J.actor, R.J.sup, SUP),
 * (R.J.actor, R.J.dem, DEM) and (R.I.actor, R.I.dem, DEM). */
static size_t ikey(const model_t *m, size_t actor, size_t issue, int dem)
{
    return (actor * m->P + issue) * 2 + (size_t)dem;
}

static int build_index(model_t *m, round_t *rd)
{
    size_t nb = m->n * m->P * 2;
    if (grow((void **)&rd->aoff, &rd->capaoff, nb + 1, sizeof(size_t)) ||
        grow((void **)&rd->fill, &rd->capfill, nb + 1, sizeof(size_t)) ||
        grow((void **)&rd->alist, &rd->capalist, 4 * rd->nc + 1, sizeof(size_t)) ||
        grow((void **)&rd->stamp, &rd->capstamp, rd->nc + 1, sizeof(size_t)))
        return -1;
    memset(rd->aoff, 0, (nb + 1) * sizeof(size_t));
    for (size_t c = 0; c < rd->nc; c++)
        for (int k = 0; k < 2; k++) {
            const side_t *S = &rd->c[c].s[k];
            rd->aoff[ikey(m, S->actor, S->sup, 0) + 1]++;
            rd->aoff[ikey(m, S->actor, S->dem, 1) + 1]++;
        }
    for (size_t b = 0; b < nb; b++) rd->aoff[b + 1] += rd->aoff[b];
    memcpy(rd->fill, rd->aoff, (nb + 1) * sizeof(size_t));
    for (size_t c = 0; c < rd->nc; c++) {
        rd->stamp[c] = 0;
        for (int k = 0; k < 2; k++) {
            const side_t *S = &rd->c[c].s[k];
            rd->alist[rd->fill[ikey(m, S->actor, S->sup, 0)]++] = c;
            rd->alist[rd->fill[ikey(m, S->actor, S->dem, 1)]++] = c;
        }
    }
    return 0;
}

/* Stable merge sort of rd->list by gain, descending (Python's sort(reverse=True) keeps the
 * order of equal keys). */
static void sort_list(round_t *rd)
{
    size_t n = rd->nlist;
    size_t *a = rd->list, *b = rd->tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (rd->c[a[j]].gain > rd->c[a[i]].gain) b[k++] = a[j++];
                else b[k++] = a[i++];
            }
            while (i < mid) b[k++] = a[i++];
            while (j < hi) b[k++] = a[j++];
        }
        size_t *t = a;
        a = b;
        b = t;
    }
    if (a != rd->list) memcpy(rd->list, a, n * sizeof(size_t));
}

static int realise(round_t *rd, size_t r)
{
    if (grow((void **)&rd->realised, &rd->capreal, rd->nreal + 1, sizeof(size_t)) ||
        grow((void **)&rd->snap, &rd->capsnap, rd->nreal + 1, sizeof(ent_exchange_deal_t)))
        return -1;
    const cand_t *R = &rd->c[r];
    ent_exchange_deal_t *d = &rd->snap[rd->nreal];
    d->index = R->index;
    d->gain = R->gain;
    for (int k = 0; k < 2; k++) {
        d->actor[k] = R->s[k].actor;
        d->supply[k] = R->s[k].sup;
        d->x0[k] = R->s[k].x0;
        d->y[k] = R->s[k].y;
    }
    rd->realised[rd->nreal++] = r;
    return 0;
}

/* §8 externalities of the realised exchange R (the rd->nreal-th), evaluated after the
 * realisation's RECALC pass, from the round-start positions and R's cap bookkeeping N0/N1:
 * for every other actor a holding both issues p' = R.J.sup and q' = R.I.sup,
 *   ext_a = (|N0_J − x_ap'| − |N1_J − x_ap'|)·s_ap' + (|N0_I − x_aq'| − |N1_I − x_aq'|)·s_aq',
 * classed inner/outer by its group on the pair and positive/negative by sign; the two
 * exchanging actors count R's gain as own. */
static int externalities(model_t *m, round_t *rd, const cand_t *R)
{
    if (!m->ext) return 0;
    size_t d = rd->nreal - 1, n = m->n;
    if (grow((void **)&rd->dext, &rd->capdext, (d + 1) * ENT_EXCHANGE_EXT_N, sizeof(double)))
        return -1;
    double *de = rd->dext + d * ENT_EXCHANGE_EXT_N;
    for (int j = 0; j < ENT_EXCHANGE_EXT_N; j++) de[j] = 0.0;
    const side_t *I = &R->s[0], *J = &R->s[1];
    size_t pp = J->sup, qq = I->sup;
    size_t lo = pp < qq ? pp : qq, hi = pp < qq ? qq : pp;
    int gI = rd->left[lo * n + I->actor] + 2 * rd->left[hi * n + I->actor];
    int gJ = rd->left[lo * n + J->actor] + 2 * rd->left[hi * n + J->actor];
    for (size_t a = 0; a < n; a++) {
        if (!m->present[pp * n + a] || !m->present[qq * n + a]) continue;
        int cls;
        double v;
        if (a == I->actor || a == J->actor) {
            cls = ENT_EXCHANGE_EXT_OWN;
            v = R->gain;
        } else {
            double xp = m->start[pp * n + a], xq = m->start[qq * n + a];
            v = (fabs(J->N0 - xp) - fabs(J->N1 - xp)) * m->sal[pp * n + a] +
                (fabs(I->N0 - xq) - fabs(I->N1 - xq)) * m->sal[qq * n + a];
            int ga = rd->left[lo * n + a] + 2 * rd->left[hi * n + a];
            int inner = ga == gI || ga == gJ;
            cls = inner ? (v > 0.0 ? ENT_EXCHANGE_EXT_INNER_POS : ENT_EXCHANGE_EXT_INNER_NEG)
                        : (v > 0.0 ? ENT_EXCHANGE_EXT_OUTER_POS : ENT_EXCHANGE_EXT_OUTER_NEG);
        }
        de[cls] += v;
        if (rd->aext) rd->aext[a * ENT_EXCHANGE_EXT_N + (size_t)cls] += v;
    }
    return 0;
}

/* Max segment tree over creation indices: leaf c holds the gain of candidate c while it is
 * in L, -inf otherwise. Gives the top gain in O(1), the lowest creation index with a gain
 * >= a threshold in O(log C), and updates in O(log C). */
static void seg_build(double *tree, size_t size)
{
    for (size_t k = size - 1; k >= 1; k--)
        tree[k] = tree[2 * k] > tree[2 * k + 1] ? tree[2 * k] : tree[2 * k + 1];
}

static void seg_set(double *tree, size_t size, size_t i, double v)
{
    size_t k = size + i;
    tree[k] = v;
    for (k >>= 1; k >= 1; k >>= 1)
        tree[k] = tree[2 * k] > tree[2 * k + 1] ? tree[2 * k] : tree[2 * k + 1];
}

static size_t seg_leftmost(const double *tree, size_t size, double thr)
{
    size_t k = 1;
    while (k < size) k = tree[2 * k] >= thr ? 2 * k : 2 * k + 1;
    return k - size;
}

/* Deterministic PICK (§5.2), fast: L is the set of leaves of the segment tree that are not
 * -inf; after a realisation only the candidates that RECALC changes are visited, through the
 * (actor, issue, role) index (RECALC leaves every other candidate unchanged, §5.3). */
static int loop_deterministic_fast(model_t *m, round_t *rd, double tol, size_t *ties)
{
    size_t size = 1;
    while (size < rd->nc) size *= 2;
    if (grow((void **)&rd->tree, &rd->captree, 2 * size, sizeof(double))) return -1;
    double *tree = rd->tree;
    for (size_t c = 0; c < size; c++) tree[size + c] = c < rd->nc ? rd->c[c].gain : -INFINITY;
    for (size_t c = 0; c < rd->nc; c++) rd->inL[c] = 1;
    seg_build(tree, size);
    int purged = 0;
    size_t nreal = 0;
    while (rd->nc > 0 && tree[1] > -INFINITY) {
        double thr = tree[1] - tol;
        size_t pick = seg_leftmost(tree, size, thr);
        rd->inL[pick] = 0;
        seg_set(tree, size, pick, -INFINITY);
        if (tree[1] >= thr) (*ties)++; /* another exchange was within the tolerance */
        cand_t *R = &rd->c[pick];
        if (!R->valid) continue;
        if (!purged) { /* the first realisation drops every candidate invalid at build time */
            for (size_t c = 0; c < rd->nc; c++)
                if (rd->inL[c] && !rd->c[c].valid) {
                    rd->inL[c] = 0;
                    tree[size + c] = -INFINITY;
                }
            seg_build(tree, size);
            purged = 1;
        }
        if (realise(rd, pick)) return -1;
        nreal++;
        size_t keys[4] = {ikey(m, R->s[0].actor, R->s[0].sup, 0),
                          ikey(m, R->s[1].actor, R->s[1].sup, 0),
                          ikey(m, R->s[1].actor, R->s[1].dem, 1),
                          ikey(m, R->s[0].actor, R->s[0].dem, 1)};
        for (int q = 0; q < 4; q++) {
            for (size_t t = rd->aoff[keys[q]]; t < rd->aoff[keys[q] + 1]; t++) {
                size_t c = rd->alist[t];
                cand_t *E = &rd->c[c];
                if (rd->stamp[c] == nreal) continue; /* listed twice: handled once */
                rd->stamp[c] = nreal;
                if (!rd->inL[c] || !E->valid) continue;
                double before = E->gain;
                if (!recalc(m, E, R)) continue;
                if (m->oom) return -1;
                if (!E->valid) {
                    rd->inL[c] = 0;
                    seg_set(tree, size, c, -INFINITY);
                } else if (E->gain != before) {
                    seg_set(tree, size, c, E->gain);
                }
            }
        }
        if (externalities(m, rd, R)) return -1;
    }
    return 0;
}

/* Naive deterministic (benchmark baseline) and seeded (§5.1) loops: Decide's list mechanics. */
static int loop_list(model_t *m, round_t *rd, const ent_exchange_opts_t *o, ent_i_mt_t *rng,
                     size_t *ties)
{
    int seeded = o->tie == ENT_EXCHANGE_TIE_SEEDED;
    double tol = o->tie_tol;
    rd->nlist = rd->nc;
    for (size_t c = 0; c < rd->nc; c++) rd->list[c] = c;
    while (rd->nlist > 0) {
        sort_list(rd);
        size_t pos = 0;
        if (!seeded) {
            double gmax = rd->c[rd->list[0]].gain;
            size_t best = 0, within = 0;
            for (size_t i = 0; i < rd->nlist && rd->c[rd->list[i]].gain >= gmax - tol; i++) {
                within++;
                if (rd->list[i] < rd->list[best]) best = i;
            }
            if (within > 1) (*ties)++;
            pos = best;
        }
        size_t r = rd->list[pos];
        memmove(rd->list + pos, rd->list + pos + 1, (rd->nlist - pos - 1) * sizeof(size_t));
        rd->nlist--;
        if (seeded && rd->nlist > 0 && fabs(rd->c[r].gain - rd->c[rd->list[0]].gain) < tol) {
            (*ties)++;
            double u = ent_i_mt_random(rng);
            if (grow((void **)&rd->list, &rd->caplist, rd->nlist + 1, sizeof(size_t)) ||
                grow((void **)&rd->tmp, &rd->captmp, rd->nlist + 1, sizeof(size_t)))
                return -1;
            if (u >= 0.5) {
                rd->list[rd->nlist++] = r;
                r = rd->list[0];
                memmove(rd->list, rd->list + 1, (rd->nlist - 1) * sizeof(size_t));
                rd->nlist--;
            } else {
                rd->list[rd->nlist] = rd->list[0];
                rd->nlist++;
            }
        }
        cand_t *R = &rd->c[r];
        if (!R->valid) continue;
        if (realise(rd, r)) return -1; /* recorded as picked: a duplicate of R may follow */
        size_t w = 0;
        for (size_t i = 0; i < rd->nlist; i++) {
            cand_t *E = &rd->c[rd->list[i]];
            if (!E->valid) continue;
            recalc(m, E, R);
            if (m->oom) return -1;
            if (E->valid) rd->list[w++] = rd->list[i];
        }
        rd->nlist = w;
        if (externalities(m, rd, R)) return -1;
    }
    return 0;
}

/* ================================================================ driver */

static ent_status_t check_input(const ent_exchange_input_t *in, const ent_exchange_opts_t *o,
                                ent_error_t *err)
{
    if (!in || !o || !in->x || !in->sal || !in->power)
        return ent_error_set(err, ENT_EINVAL, "", 0, 0,
                             "exchange: missing input arrays or options");
    if (o->rounds < 0)
        return ent_error_set(err, ENT_EINVAL, "", 0, 0,
                             "exchange: rounds must be >= 0; got %d", o->rounds);
    if (!(o->tie_tol >= 0.0) || !isfinite(o->tie_tol))
        return ent_error_set(err, ENT_EINVAL, "", 0, 0,
                             "exchange: tie tolerance must be a finite number >= 0");
    if (o->tie != ENT_EXCHANGE_TIE_DETERMINISTIC && o->tie != ENT_EXCHANGE_TIE_SEEDED)
        return ent_error_set(err, ENT_EINVAL, "", 0, 0, "exchange: unknown tie rule %d",
                             (int)o->tie);
    size_t n = in->nactors, P = in->nissues;
    if (n && P > SIZE_MAX / n / sizeof(double) / 4)
        return ent_error_set(err, ENT_ELIMIT, "", 0, 0,
                             "exchange: %zu actors x %zu issues is too large", n, P);
    for (size_t p = 0; p < P; p++)
        for (size_t k = 0; k < n; k++) {
            size_t i = p * n + k;
            if (in->present && !in->present[i]) continue;
            if (!(in->x[i] >= 0.0 && in->x[i] <= 100.0))
                return ent_error_set(err, ENT_EINPUT, "", 0, 0,
                                     "exchange: position of actor %zu on issue %zu is %g; "
                                     "expected 0..100 on the model scale", k, p, in->x[i]);
            if (!(in->sal[i] > 0.0 && in->sal[i] <= 1.0))
                return ent_error_set(err, ENT_EINPUT, "", 0, 0,
                                     "exchange: salience of actor %zu on issue %zu is %g; "
                                     "expected a number in (0, 1]", k, p, in->sal[i]);
            if (!(in->power[i] > 0.0) || !isfinite(in->power[i]))
                return ent_error_set(err, ENT_EINPUT, "", 0, 0,
                                     "exchange: power of actor %zu on issue %zu is %g; "
                                     "expected a finite number > 0", k, p, in->power[i]);
        }
    if (in->order)
        for (size_t p = 0; p < P; p++) {
            for (size_t r = 0; r < n; r++)
                if (in->order[p * n + r] >= n)
                    return ent_error_set(err, ENT_EINVAL, "", 0, 0,
                                         "exchange: summation order of issue %zu is not a "
                                         "permutation of the actors", p);
        }
    return ENT_OK;
}

static void round_free(round_t *rd)
{
    for (size_t c = 0; c < rd->capc; c++) {
        if (rd->c[c].s[0].heap) free(rd->c[c].s[0].h);
        if (rd->c[c].s[1].heap) free(rd->c[c].s[1].h);
        free(rd->c[c].upd[0]);
        free(rd->c[c].upd[1]);
    }
    for (size_t k = 0; k < rd->nslab; k++) free(rd->slab[k]);
    free(rd->c);
    free(rd->list);
    free(rd->tmp);
    free(rd->inL);
    free(rd->aoff);
    free(rd->alist);
    free(rd->fill);
    free(rd->stamp);
    free(rd->realised);
    free(rd->snap);
    free(rd->tree);
    free(rd->dext);
    free(rd->O);
    free(rd->left);
}

/* Allocate the model, the round scratch and the result for T rounds, and set up state 0's
 * inputs: present flags, per-issue summation orders and total weights, start positions.
 * Returns 0, or -1 when out of memory (the caller frees what was allocated). */
static int solve_setup(model_t *m, round_t *rd, const ent_exchange_input_t *in,
                       const ent_exchange_opts_t *o, ent_exchange_result_t *out,
                       unsigned char **present_out, double **next)
{
    size_t n = in->nactors, P = in->nissues, np = n * P;
    int T = o->rounds;
    m->n = n;
    m->P = P;
    m->sal = in->sal;
    m->pow = in->power;
    m->snap = o->cap_snap != 0;
    m->ext = o->externalities != 0;
    unsigned char *present = *present_out = malloc(np ? np : 1);
    m->order = malloc((np ? np : 1) * sizeof(size_t));
    m->norder = calloc(P ? P : 1, sizeof(size_t));
    m->W = calloc(P ? P : 1, sizeof(double));
    m->start = malloc((np ? np : 1) * sizeof(double));
    m->scratch = malloc((n ? n : 1) * sizeof(double));
    m->mark = calloc(n ? n : 1, 1);
    m->term = malloc((np ? np : 1) * sizeof(double));
    m->sum0 = malloc((P ? P : 1) * sizeof(double));
    m->groups = malloc((n ? 4 * n : 1) * sizeof(size_t));
    *next = malloc((np ? np : 1) * sizeof(double));
    rd->O = malloc((P ? P : 1) * sizeof(double));
    rd->left = malloc(np ? np : 1);
    out->nactors = n;
    out->nissues = P;
    out->nrounds = T;
    size_t nst = (size_t)T + 1, nr = T > 0 ? (size_t)T : 1;
    out->outcome = malloc(nst * (P ? P : 1) * sizeof(double));
    out->vote = malloc(nst * (np ? np : 1) * sizeof(double));
    out->ncand = calloc(nr, sizeof(size_t));
    out->nvalid = calloc(nr, sizeof(size_t));
    out->nties = calloc(nr, sizeof(size_t));
    out->first = calloc(nr, sizeof(size_t));
    out->ndeals = calloc(nr, sizeof(size_t));
    if (m->ext) {
        out->ext = calloc(nr * (n ? n : 1) * ENT_EXCHANGE_EXT_N, sizeof(double));
        if (!out->ext) return -1;
    }
    if (!present || !m->order || !m->norder || !m->W || !m->start || !m->scratch || !m->mark ||
        !m->term || !m->sum0 || !m->groups || !*next || !rd->O || !rd->left || !out->outcome || !out->vote ||
        !out->ncand || !out->nvalid || !out->nties || !out->first || !out->ndeals)
        return -1;
    for (size_t i = 0; i < np; i++) present[i] = in->present ? (in->present[i] != 0) : 1;
    m->present = present;
    for (size_t p = 0; p < P; p++) {
        size_t c = 0;
        for (size_t r = 0; r < n; r++) {
            size_t a = in->order ? in->order[p * n + r] : r;
            if (present[p * n + a]) m->order[p * n + c++] = a;
        }
        m->norder[p] = c;
        double W = 0.0;
        for (size_t r = 0; r < c; r++) {
            size_t a = m->order[p * n + r];
            W += m->sal[p * n + a] * m->pow[p * n + a];
        }
        m->W[p] = W;
    }
    for (size_t i = 0; i < np; i++) m->start[i] = present[i] ? in->x[i] : 0.0;
    return 0;
}

/* Round t, first half: the round-start sums and every candidate exchange. Returns 0, -1 when
 * out of memory, -2 when the round would exceed ENT_EXCHANGE_MAX_CANDIDATES. */
static int round_prepare(model_t *m, round_t *rd, ent_exchange_result_t *out, int t)
{
    size_t n = m->n, P = m->P, np = n * P;
    const unsigned char *present = m->present;
    for (size_t i = 0; i < np; i++)
        m->term[i] = present[i] ? (m->start[i] * m->sal[i]) * m->pow[i] : 0.0;
    for (size_t p = 0; p < P; p++) {
        double sum = 0.0;
        for (size_t r = 0; r < m->norder[p]; r++) sum += m->term[p * n + m->order[p * n + r]];
        m->sum0[p] = sum;
    }
    if (build_candidates(m, rd, present) || m->oom) return rd->too_many ? -2 : -1;
    size_t need = rd->nc + 1 > n + 1 ? rd->nc + 1 : n + 1;
    if (grow((void **)&rd->list, &rd->caplist, need, sizeof(size_t)) ||
        grow((void **)&rd->tmp, &rd->captmp, need, sizeof(size_t)))
        return -1;
    unsigned char *ni = realloc(rd->inL, rd->nc + 1);
    if (!ni) return -1;
    rd->inL = ni;
    size_t valid = 0;
    for (size_t c = 0; c < rd->nc; c++) valid += rd->c[c].valid != 0;
    out->ncand[t - 1] = rd->nc;
    out->nvalid[t - 1] = valid;
    rd->nreal = 0;
    rd->aext = m->ext ? out->ext + (size_t)(t - 1) * n * ENT_EXCHANGE_EXT_N : NULL;
    return 0;
}

/* Round t, second half (§7): record the realised exchanges, the voting positions and the
 * reported outcome of state t, and move to the next round's start positions. Returns 0, or
 * -1 when out of memory. */
static int round_record(model_t *m, round_t *rd, ent_exchange_result_t *out, double *next, int t)
{
    size_t n = m->n, P = m->P, np = n * P;
    double *vote = out->vote + (size_t)t * np;
    memcpy(vote, m->start, np * sizeof(double));
    memcpy(next, m->start, np * sizeof(double));
    ent_exchange_deal_t *nd = realloc(out->deals, (out->ndeals_total + rd->nreal + 1) * sizeof *nd);
    if (!nd) return -1;
    out->deals = nd;
    if (m->ext) {
        double *ne = realloc(out->deal_ext, (out->ndeals_total + rd->nreal + 1) *
                                                ENT_EXCHANGE_EXT_N * sizeof(double));
        if (!ne) return -1;
        out->deal_ext = ne;
        if (rd->nreal)
            memcpy(ne + out->ndeals_total * ENT_EXCHANGE_EXT_N, rd->dext,
                   rd->nreal * ENT_EXCHANGE_EXT_N * sizeof(double));
    }
    out->first[t - 1] = out->ndeals_total;
    out->ndeals[t - 1] = rd->nreal;
    for (size_t i = 0; i < rd->nreal; i++) {
        /* The record is the exchange as realised; §7 reads its sides at the end of the
         * round (the same values, except after a seeded-mode RECALC(R, R), §5.1). */
        const cand_t *R = &rd->c[rd->realised[i]];
        out->deals[out->ndeals_total++] = rd->snap[i];
        for (int k = 0; k < 2; k++) {
            const side_t *S = &R->s[k];
            vote[S->sup * n + S->actor] = S->y;
            double sg = S->sigma;
            next[S->sup * n + S->actor] = (((1.0 - sg) * 0.4) * S->y + 0.1 * S->y) +
                                          ((1.0 - (1.0 - sg) * 0.4) - 0.1) * S->x0;
        }
    }
    outcomes(m, vote, out->outcome + (size_t)t * P);
    for (size_t i = 0; i < np; i++)
        if (!m->present[i]) vote[i] = NAN;
    memcpy(m->start, next, np * sizeof(double));
    return 0;
}

ent_status_t ent_exchange_solve(const ent_exchange_input_t *in, const ent_exchange_opts_t *o,
                                ent_exchange_result_t *out, ent_error_t *err)
{
    if (!out) return ent_error_set(err, ENT_EINVAL, "", 0, 0, "exchange: no result to fill");
    ent_exchange_result_init(out);
    ent_status_t st = check_input(in, o, err);
    if (st != ENT_OK) return st;

    int T = o->rounds;
    model_t m;
    round_t rd;
    memset(&m, 0, sizeof m);
    memset(&rd, 0, sizeof rd);
    double *next = NULL;
    unsigned char *present = NULL;
    if (solve_setup(&m, &rd, in, o, out, &present, &next)) goto oom;
    size_t np = in->nactors * in->nissues;

    /* state 0 */
    outcomes(&m, m.start, out->outcome);
    for (size_t i = 0; i < np; i++) out->vote[i] = present[i] ? m.start[i] : NAN;

    ent_i_mt_t rng; /* seeded only where it is drawn from (2.5 K instructions a seeding) */
    if (o->tie == ENT_EXCHANGE_TIE_SEEDED) ent_i_mt_seed(&rng, o->seed);
    for (int t = 1; t <= T; t++) {
        int rc = round_prepare(&m, &rd, out, t);
        if (rc == -2) {
            st = ent_error_set(err, ENT_ELIMIT, "", 0, 0,
                               "exchange: round %d would build %zu candidate exchanges; the "
                               "limit is %d (fewer actors or issues)", t, rd.too_many,
                               ENT_EXCHANGE_MAX_CANDIDATES);
            ent_exchange_result_destroy(out);
            goto done;
        }
        if (rc) goto oom;
        size_t ties = 0;
        if (o->tie == ENT_EXCHANGE_TIE_DETERMINISTIC && !o->naive) {
            if (build_index(&m, &rd)) goto oom;
            rc = loop_deterministic_fast(&m, &rd, o->tie_tol, &ties);
        } else {
            rc = loop_list(&m, &rd, o, &rng, &ties);
        }
        if (rc || m.oom) goto oom;
        out->nties[t - 1] = ties;
        if (round_record(&m, &rd, out, next, t)) goto oom;
        if (ent_progress_tick(&o->progress, "exchange", (double)t, (double)T)) {
            st = ent_error_set(err, ENT_EINTR, "", 0, 0, "exchange forecast interrupted");
            ent_exchange_result_destroy(out);
            goto done;
        }
    }
    st = ENT_OK;
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, "", 0, 0, "exchange: out of memory");
    ent_exchange_result_destroy(out);
done:
    round_free(&rd);
    free(present);
    free(m.order);
    free(m.norder);
    free(m.W);
    free(m.start);
    free(m.scratch);
    free(m.mark);
    free(m.term);
    free(m.sum0);
    free(m.groups);
    free(next);
    return st;
}
