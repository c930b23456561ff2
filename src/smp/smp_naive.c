/* SPDX-License-Identifier: MIT */
/* smp_naive.c — the straightforward SMP implementation: the baseline of bench/bench_smp.c and
 * the cross-check of the fast kernel (tests/unit/test_smp_kernel.c).
 *
 * Spec: ../shared/docs/models/smp.md, followed literally and in its own loop order: each
 * coalition pair sums its voters (§4.4, pair-major), each challenge Chlg(i,i,i,j) loops over
 * its third parties (§6), each option list values every option for every actor (§8), one
 * thread. It shares the scalar building blocks of smp.c (δ, u, v, ρ, U^h, Chlg, interpolation,
 * option value), so both solvers give bit-identical results; only the loop structure differs.
 * Complexity per round O(N³) with a larger constant (no vectorisation, options valued once per
 * list); memory O(N²). Deliberate deviations: those of smp.c.
 */
#include "smp/smp_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Pair-major PCE (§4.4–4.6), Conditional model with any voting rule and VPM handled by the
 * shared routine's alternatives only when they differ: the naive baseline implements the
 * defaults' loop order and falls back to ent_i_smp_pce for the non-default PCE models. */
static ent_status_t pce_naive(size_t nv, size_t m, const double *w, const double *U,
                              const ent_smp_opts_t *o, double *pi, ent_error_t *err)
{
    if (o->pcem != ENT_SMP_PCE_CONDITIONAL || o->vpm != ENT_SMP_VPM_LINEAR) {
        double *P = malloc(m * m * sizeof *P);
        if (!P) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory");
        ent_status_t rc = ent_i_smp_pce(nv, m, w, U, o, 1, NULL, P, pi, err);
        free(P);
        return rc;
    }
    double *P = malloc(m * m * sizeof *P);
    if (!P) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory");
    for (size_t i = 0; i < m; i++) {
        P[i * m + i] = 0.5;
        for (size_t j = 0; j < i; j++) {
            double cij = ENT_I_SMP_EPS_C, cji = ENT_I_SMP_EPS_C;
            for (size_t k = 0; k < nv; k++) {
                double v = ent_i_smp_vote(o->vr, w[k], U[k * m + i], U[k * m + j]);
                if (v > 0.0) cij += v;
                if (v < 0.0) cji += -v;
            }
            P[i * m + j] = cij / (cij + cji);
            P[j * m + i] = cji / (cij + cji);
        }
    }
    double z = 0.0;
    for (size_t i = 0; i < m; i++) {
        double prod = 1.0;
        for (size_t j = 0; j < m; j++) prod *= P[i * m + j];
        pi[i] = prod;
        z += prod;
    }
    for (size_t i = 0; i < m; i++) pi[i] = pi[i] / z;
    free(P);
    return ENT_OK;
}

/* §5 with the naive PCE; R and UT as in smp.c. */
static ent_status_t assess_naive(ent_i_smp_state_t *st, ent_error_t *err)
{
    size_t n = st->n, d = st->d;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            st->delta[i * n + j] =
                ent_i_smp_delta(d, st->x + i * d, st->x + j * d, st->sal + i * d);
    for (size_t i = 0; i < n * n; i++) st->H[i] = ent_i_smp_util(st->delta[i], 0.0);
    ent_status_t rc = pce_naive(n, n, st->cap, st->H, &st->o, st->p, err);
    if (rc) return rc;
    double pmin = 1.0, pmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (st->p[i] < pmin) pmin = st->p[i];
        if (st->p[i] > pmax) pmax = st->p[i];
    }
    st->degenerate = !(pmax - pmin != 0.0);
    for (size_t i = 0; i < n; i++) {
        double p = st->p[i];
        if (st->degenerate) st->R[i] = 0.0;
        else if (st->o.rrng == ENT_SMP_RRNG_MIN) st->R[i] = (p - pmin) / (pmax - pmin);
        else if (st->o.rrng == ENT_SMP_RRNG_MAX)
            st->R[i] = ((2.0 * p - pmax) - pmin) / (pmax - pmin);
        else st->R[i] = (3.0 * p - (pmax + 2.0 * pmin)) / (2.0 * (pmax - pmin));
    }
    for (size_t a = 0; a < n; a++)
        for (size_t m = 0; m < n; m++)
            st->UT[m * n + a] = ent_i_smp_util(st->delta[a * n + m], ent_i_smp_rho(st, a, a));
    return ENT_OK;
}

static ent_status_t winprob_naive(ent_i_smp_state_t *st, double *prob, double *expected,
                                  double *likely, ent_error_t *err)
{
    size_t n = st->n, d = st->d, M = 0;
    size_t *rep = malloc(n * sizeof *rep);
    double *pi = malloc(n * sizeof *pi), *H = calloc(n * n, sizeof *H);
    ent_status_t rc = ENT_OK;
    if (!rep || !pi || !H) {
        rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        size_t r;
        for (r = 0; r < M; r++)
            if (ent_i_smp_dist(1, d, st->x + i * d, st->x + rep[r] * d) < ENT_I_SMP_TAU_POS)
                break;
        if (r == M) rep[M++] = i;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t m = 0; m < M; m++)
            H[a * M + m] = ent_i_smp_util(st->delta[a * n + rep[m]], ent_i_smp_rho(st, a, a));
    rc = pce_naive(n, M, st->cap, H, &st->o, pi, err);
    if (rc) goto done;
    for (size_t i = 0; i < n; i++) {
        prob[i] = NAN;
        for (size_t m = 0; m < M; m++)
            if (ent_i_smp_dist(1, d, st->x + i * d, st->x + rep[m] * d) < ENT_I_SMP_TAU_POS)
                prob[i] = pi[m];
    }
    size_t best = 0;
    for (size_t m = 1; m < M; m++)
        if (pi[m] > pi[best]) best = m;
    for (size_t k = 0; k < d; k++) {
        double s = 0.0;
        for (size_t m = 0; m < M; m++) s += pi[m] * st->x[rep[m] * d + k];
        expected[k] = s;
        likely[k] = st->x[rep[best] * d + k];
    }
done:
    free(rep); free(pi); free(H);
    return rc;
}

/* One round, literally: targets, bargains, then each list valued and chosen on its own. */
static ent_status_t step_naive(ent_i_smp_state_t *st, int round, ent_i_smp_round_t *rec,
                               ent_error_t *err)
{
    size_t n = st->n, d = st->d;
    ent_status_t rc = ENT_OK;
    double *U = st->wsU[0];
    double *bI = malloc(n * d * sizeof *bI), *bJ = malloc(n * d * sizeof *bJ);
    double *newx = malloc(n * d * sizeof *newx);
    double *H = malloc(n * (n + 1) * sizeof *H), *q = malloc((n + 1) * sizeof *q);
    long *opt = malloc((n + 1) * sizeof *opt);
    if (!bI || !bJ || !newx || !H || !q || !opt) {
        rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        ent_i_smp_perceived(st, i, U);
        double bestG = -1.0, bestP = NAN;
        long best = -1;
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            double P, G;
            ent_i_smp_challenge(st, U, i, i, j, &P, &G);
            if (G > ENT_I_SMP_EPS_EU && G > bestG) {
                bestG = G;
                bestP = P;
                best = (long)j;
            }
        }
        rec->target[i] = best;
        rec->tprob[i] = best >= 0 ? bestP : NAN;
        rec->tgain[i] = best >= 0 ? bestG : NAN;
        for (size_t k = 0; k < 2 * d; k++) rec->bargain[i * 2 * d + k] = NAN;
        if (best >= 0) {
            ent_i_smp_interp(st, i, (size_t)best, bestP, 1.0 - bestP, bI + i * d, bJ + i * d);
            memcpy(rec->bargain + i * 2 * d, bI + i * d, d * sizeof(double));
            memcpy(rec->bargain + i * 2 * d + d, bJ + i * d, d * sizeof(double));
        }
    }
    for (size_t k = 0; k < n; k++) {
        size_t m = 0;
        opt[m++] = -1;
        if (rec->target[k] >= 0) opt[m++] = (long)k;
        for (size_t i = 0; i < n; i++)
            if (i != k && rec->target[i] == (long)k) opt[m++] = (long)i;
        for (size_t a = 0; a < n; a++)
            for (size_t c = 0; c < m; c++) {
                long i = opt[c];
                H[a * m + c] = i < 0 ? ent_i_smp_value_sq(st, a)
                                     : ent_i_smp_value(st, a, (size_t)i,
                                                       (size_t)rec->target[i], bI + i * d,
                                                       bJ + i * d);
            }
        size_t pick = 0;
        if (m > 1) {
            rc = pce_naive(n, m, st->cap, H, &st->o, q, err);
            if (rc) goto done;
            pick = ent_i_smp_choose(&st->o, q, m, round, k);
        } else {
            q[0] = 1.0;
        }
        long i = opt[pick];
        const double *nx = st->x + k * d;
        if (i >= 0) nx = (size_t)i == k ? bI + k * d : bJ + (size_t)i * d;
        memcpy(newx + k * d, nx, d * sizeof(double));
        rec->chosen[k] = i;
        rec->chosen_q[k] = q[pick];
        rec->noptions[k] = (int)m;
    }
    memcpy(st->x, newx, n * d * sizeof(double));
done:
    free(bI); free(bJ); free(newx); free(H); free(q); free(opt);
    return rc;
}

ent_status_t ent_i_smp_solve_naive(const ent_smp_input_t *in, const ent_smp_opts_t *o,
                                   int rounds, ent_smp_result_t *out, ent_error_t *err)
{
    if (o->bargn != ENT_SMP_BARGN_INITONLY)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "smp: the naive solver implements only InitOnlyInterp bargains");
    ent_smp_opts_t o1 = *o;
    o1.threads = 1;
    o1.naive = 1;
    int mr = rounds > 0 ? rounds : (o->max_rounds > 0 ? o->max_rounds : ENT_I_SMP_ITER_MAX);
    size_t n = in->n, d = in->d;
    ent_i_smp_state_t st;
    ent_status_t rc = ent_i_smp_state_init(&st, in, &o1, err);
    if (rc) return rc;
    size_t cap = (size_t)(mr < 64 ? mr : 64) + 1;
    rc = ent_i_smp_result_alloc(out, n, d, cap, err);
    if (rc) goto fail;
    if ((rc = assess_naive(&st, err))) goto fail;
    memcpy(out->x, st.x, n * d * sizeof(double));
    memcpy(out->risk, st.R, n * sizeof(double));
    memcpy(out->pneutral, st.p, n * sizeof(double));
    if ((rc = winprob_naive(&st, out->prob, out->expected, out->likely, err))) goto fail;
    out->ratio[0] = NAN;
    out->nstates = 1;
    out->stop = ENT_SMP_STOP_ROUNDS;
    double d01 = 0.0;
    for (int it = 1; it <= mr; it++) {
        if (st.degenerate) {
            out->stop = ENT_SMP_STOP_DEGENERATE;
            break;
        }
        if ((size_t)it + 1 > cap) {
            cap = 2 * cap < (size_t)mr + 1 ? 2 * cap : (size_t)mr + 1;
            if ((rc = ent_i_smp_result_reserve(out, cap, err))) goto fail;
        }
        size_t r0 = (size_t)(it - 1) * n, t = (size_t)it;
        ent_i_smp_round_t rec = {out->target + r0, out->tprob + r0, out->tgain + r0,
                                 out->bargain + r0 * 2 * d, out->chosen + r0,
                                 out->chosen_q + r0, out->noptions + r0};
        if ((rc = step_naive(&st, it, &rec, err))) goto fail;
        if ((rc = assess_naive(&st, err))) goto fail;
        memcpy(out->x + t * n * d, st.x, n * d * sizeof(double));
        memcpy(out->risk + t * n, st.R, n * sizeof(double));
        memcpy(out->pneutral + t * n, st.p, n * sizeof(double));
        if ((rc = winprob_naive(&st, out->prob + t * n, out->expected + t * d,
                                out->likely + t * d, err)))
            goto fail;
        out->nstates = t + 1;
        if (ent_progress_tick(&o->progress, "smp round", (double)it, (double)mr)) {
            rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "smp interrupted after round %d", it);
            goto fail;
        }
        double dist = ent_i_smp_dist(n, d, out->x + t * n * d, out->x + (t - 1) * n * d);
        if (it == 1) d01 = dist + ENT_I_SMP_DMIN;
        out->ratio[t] = dist / d01;
        if (it >= 2 && out->ratio[t] < ENT_I_SMP_RATIO) {
            out->stop = ENT_SMP_STOP_CONVERGED;
            break;
        }
    }
    ent_i_smp_state_destroy(&st);
    return ENT_OK;
fail:
    ent_i_smp_state_destroy(&st);
    ent_smp_result_destroy(out);
    return rc;
}
