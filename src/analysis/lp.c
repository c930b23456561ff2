/* SPDX-License-Identifier: MIT */
/* lp.c — small dense linear programs: solved by Clp (COIN-OR, EPL-2.0), every answer checked
 * in exact rational arithmetic with GMP (src/analysis/lp.h, docs/analyses.md §2).
 *
 * Method. The program  min c·y  s.t.  A y <= b, lb <= y <= ub  is handed to Clp's dual simplex
 * (log level 0: Clp prints nothing; no perturbation; primal tolerance 1e-10; one model per
 * call, freed before returning). Clp works in floating point with tolerances, so its answer
 * is a claim, and each claim is checked against the doubles given, each converted exactly
 * (mpq_set_d):
 *  - a point y (clamped into its bounds, which is exact) satisfies every row exactly;
 *  - a lower bound on the optimum comes from row multipliers u >= 0 (Clp's row duals, negated
 *    and clamped at 0): with g = Aᵀu + c computed exactly, the bound multipliers are
 *    max(0, g_j) on lb_j and max(0, −g_j) on ub_j (needs ub_j finite wherever g_j < 0), and
 *    weak duality gives c·y >= −b·u + Σ_j g_j·(lb_j or ub_j) for every feasible y. (When
 *    rounding leaves some g_j < 0 on a column without an upper bound, u is raised on one row
 *    with A_ij > 0 and checked again.) That is the Farkas certificate (u, bound multipliers,
 *    1) of the system {A y <= b, lb <= y <= ub, c·y < that bound}, in the orientation:
 *    multipliers >= 0 on "<=" rows, combined left side >= 0, combined right side < 0;
 *  - infeasibility: the same certificate with c = 0 and a positive bound (0 >= L > 0 is
 *    impossible). Its u comes from the duals of the phase-1 program
 *    min Σ s  s.t.  A y − s <= b, lb <= y <= ub, s >= 0, whose optimum is positive exactly
 *    when the system is infeasible;
 *  - unboundedness: a feasible point and a ray d (Clp's, either sign, clamped >= 0, zero
 *    where ub is finite) with A d <= 0 and c·d < 0 exactly.
 * A claim that fails its check is re-solved once with the primal simplex and scaling off;
 * one that fails again is reported as ENT_EINTERNAL, never returned.
 * Witness. The optimal point is pinned by two more programs over the rows tightened by
 * δ_i = ENT_I_LP_SLACK·(|b_i| + max_j |A_ij|): the first gives the tightened optimum v; the
 * second minimises the tie-break objective under the extra row
 * c·y <= v + ENT_I_LP_SLACK·(1 + |v|). (Without a tie-break the first is the witness; if the
 * tightened rows leave no room, the untightened rows are tried.) Both run on the first
 * program's model, warm started from its optimal basis (fresh models only when that fails).
 * Same input, same Clp build: same point; and the point lies inside the rows by their
 * margins, so its exact check does not hinge on the last bit of Clp's arithmetic.
 * Library rules: Clp is called through its C interface with log level 0 (checked by a unit
 * test that captures stdout and stderr), one model per call, created and deleted here, so
 * concurrent calls share nothing (a unit test solves from four threads at once). Input is
 * checked first (finite numbers, sizes within Clp's int indices), which keeps Clp's CoinError
 * exceptions out of reach; Clp is C++, and an exception it raised anyway (in practice only
 * std::bad_alloc when memory runs out inside Clp) would end the process, the one case where
 * "never exits" rests on Clp.
 * Raw point (lp->raw_point): the stage-1 optimum as Clp found it, clamped into the bounds,
 * for a caller that checks the point itself (winset.c's verdicts-only mode) and re-solves
 * without raw_point when its check fails; no witness programs are run.
 * Bounds from given multipliers (ent_i_lp_bound): the weak-duality bound above for any u,
 * screened in doubles (rejected when plainly below what is wanted), then exact as above.
 * Memo (ent_i_lp_solve_memo): answers stored under every byte they depend on (a header of
 * sizes, flags and the threshold, then A, b, c, ub, tie, lb), a 64-bit multiplicative hash
 * picks one of 1024 chains and a hit needs the whole key equal; an entry holds res, y (if a
 * point was written) and cert (unless unbounded), as a fresh solve writes them; entries are
 * dropped oldest first to stay within the caller's byte bound. The solve is deterministic,
 * so a hit is what a fresh solve would return.
 * Measured (issue 9: the hand-written simplex gave way to Clp; callgrind instruction counts
 * of `build/entente analyze examples/ukraine-guarantees.yaml`, steps cumulative): hand-written
 * simplex 132.1 M; Clp + GMP, one model per call 721.0 M; memo per proposals run 583.1 M; one
 * memo for analyze's sensitivity pass 176.0 M; no witness programs there (raw point) 137.4 M;
 * winset.c's pooled points and certificates 94.7 M; its preference check in doubles first
 * 68.2 M; same output at every step. Wall time, median of 41 interleaved runs: 10.8 ms
 * (hand-written simplex), 71.4 ms (Clp before the steps), 10.9 ms (after). Reproduce:
 * valgrind --tool=callgrind --callgrind-out-file=/dev/null BIN analyze
 * examples/ukraine-guarantees.yaml. Reusing one Clp model per run (Clp_newModel builds its
 * message tables, ~107 k instructions per model) was not pursued: after the steps above the
 * sensitivity pass solves 1 program of 646, an earlier attempt measured no gain, and a reused
 * model would carry state (scaling, the fallback's settings) from one program to the next.
 * Complexity: Clp's simplex (a few hundred pivots for the programs of winset.c) plus
 * O(nnz(A)) rational multiply-adds per check; a memo lookup O(m·n) to hash and compare.
 */
#include "analysis/lp.h"

#include <coin/Clp_C_Interface.h>
#include <float.h>
#include <gmp.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- Clp model */

static double lb_of(const ent_i_lp_t *lp, size_t j) { return lp->lb ? lp->lb[j] : 0; }
static double ub_of(const ent_i_lp_t *lp, size_t j) { return lp->ub ? lp->ub[j] : INFINITY; }

typedef struct {
    const ent_i_lp_t *lp;
    const double *obj;       /* n objective of this stage (NULL: zero) */
    int phase1;              /* add an s_i >= 0 column per row, objective Σ s */
    int tighten;             /* rows b_i − row_margin(i) */
    const double *extra;     /* extra row extra·y <= extra_rhs, or NULL */
    double extra_rhs;
    int fallback;            /* primal simplex, scaling off */
} stage_t;

/* How far the witness stage tightens row i: ENT_I_LP_SLACK · (|b_i| + max_j |A_ij|), relative
 * to the row's own scale (a row of 1e-7 coefficients moves by 1e-16, not by 1e-9). */
static double row_margin(const ent_i_lp_t *lp, size_t i)
{
    double a = 0;
    for (size_t j = 0; j < lp->n; j++) a = fmax(a, fabs(lp->A[i * lp->n + j]));
    return ENT_I_LP_SLACK * (fabs(lp->b[i]) + a);
}

/* Build and solve one stage; returns the model (caller deletes) or NULL on OOM. */
static Clp_Simplex *stage_solve(const stage_t *st)
{
    const ent_i_lp_t *lp = st->lp;
    size_t m = lp->m, n = lp->n, ncol = n + (st->phase1 ? m : 0), nrow = m + (st->extra ? 1 : 0);
    size_t nnz = 0;
    for (size_t k = 0; k < m * n; k++) nnz += lp->A[k] != 0;
    if (st->extra)
        for (size_t j = 0; j < n; j++) nnz += st->extra[j] != 0;
    if (st->phase1) nnz += m;
    CoinBigIndex *start = malloc((ncol + 1) * sizeof *start);
    int *index = malloc((nnz + 1) * sizeof *index);
    double *value = malloc((nnz + 1) * sizeof *value), *collb = malloc((ncol + 1) * sizeof *collb);
    double *colub = malloc((ncol + 1) * sizeof *colub), *obj = calloc(ncol + 1, sizeof *obj);
    double *rowlb = malloc((nrow + 1) * sizeof *rowlb), *rowub = malloc((nrow + 1) * sizeof *rowub);
    Clp_Simplex *model = NULL;
    if (!start || !index || !value || !collb || !colub || !obj || !rowlb || !rowub) goto done;
    size_t k = 0;
    for (size_t j = 0; j < ncol; j++) {
        start[j] = (CoinBigIndex)k;
        if (j < n) {
            for (size_t i = 0; i < m; i++)
                if (lp->A[i * n + j] != 0) { index[k] = (int)i; value[k++] = lp->A[i * n + j]; }
            if (st->extra && st->extra[j] != 0) { index[k] = (int)m; value[k++] = st->extra[j]; }
            collb[j] = lb_of(lp, j);
            colub[j] = isfinite(ub_of(lp, j)) ? ub_of(lp, j) : DBL_MAX;
            obj[j] = st->obj ? st->obj[j] : 0;
        } else {
            index[k] = (int)(j - n); value[k++] = -1;   /* phase-1 slack of row j − n */
            collb[j] = 0;
            colub[j] = DBL_MAX;
            obj[j] = 1;
        }
    }
    start[ncol] = (CoinBigIndex)k;
    for (size_t i = 0; i < m; i++) {
        rowlb[i] = -DBL_MAX;
        rowub[i] = st->tighten ? lp->b[i] - row_margin(lp, i) : lp->b[i];
    }
    if (st->extra) { rowlb[m] = -DBL_MAX; rowub[m] = st->extra_rhs; }
    model = Clp_newModel();
    if (!model) goto done;
    Clp_setLogLevel(model, 0);
    /* no cost or bound perturbation, and a primal tolerance below the witness margins: Clp
     * otherwise returns points up to 1e-7 outside a row, wider than the margin of a row */
    Clp_setPerturbation(model, 100);
    Clp_setPrimalTolerance(model, 1e-10);
    Clp_loadProblem(model, (int)ncol, (int)nrow, start, index, value, collb, colub, obj, rowlb, rowub);
    if (st->fallback) {
        Clp_scaling(model, 0);
        Clp_primal(model, 0);
    } else {
        Clp_dual(model, 0);
    }
done:
    free(start); free(index); free(value); free(collb); free(colub); free(obj); free(rowlb); free(rowub);
    return model;
}

/* ---------------------------------------------------------------- exact checks */

typedef struct {
    mpq_t acc, t, u;
} qscratch_t;

static void qs_init(qscratch_t *q) { mpq_init(q->acc); mpq_init(q->t); mpq_init(q->u); }
static void qs_clear(qscratch_t *q) { mpq_clear(q->acc); mpq_clear(q->t); mpq_clear(q->u); }

/* acc += a · b, exactly. */
static void q_addmul(qscratch_t *q, double a, double b)
{
    if (a == 0 || b == 0) return;
    mpq_set_d(q->t, a);
    mpq_set_d(q->u, b);
    mpq_mul(q->t, q->t, q->u);
    mpq_add(q->acc, q->acc, q->t);
}

/* Clamp y into [lb, ub] (exact), then 1 iff every row A_i·y <= b_i holds exactly. */
static int primal_ok(const ent_i_lp_t *lp, double *y)
{
    for (size_t j = 0; j < lp->n; j++) {
        if (!(y[j] > lb_of(lp, j))) y[j] = lb_of(lp, j);  /* also NaN */
        if (y[j] > ub_of(lp, j)) y[j] = ub_of(lp, j);
    }
    qscratch_t q;
    qs_init(&q);
    int ok = 1;
    for (size_t i = 0; i < lp->m && ok; i++) {
        mpq_set_ui(q.acc, 0, 1);
        for (size_t j = 0; j < lp->n; j++) q_addmul(&q, lp->A[i * lp->n + j], y[j]);
        mpq_set_d(q.t, lp->b[i]);
        ok = mpq_cmp(q.acc, q.t) <= 0;
    }
    qs_clear(&q);
    return ok;
}

/* Weak-duality bound from row multipliers u (clamped >= 0 here): with g = Aᵀu + c (c NULL:
 * zero) exact, sets L = −b·u + Σ_j g_j·(lb_j if g_j >= 0, else ub_j) exactly and returns 1. A column
 * without an upper bound needs g_j >= 0 outright; when rounding left g_j < 0 there, u_i is
 * raised on the row with the largest A_ij > 0 by −g_j / A_ij (rounded up), and the whole
 * check is redone (at most 4 rounds). Returns 0 when no certificate results. */
static int dual_bound(const ent_i_lp_t *lp, const double *c, double *u, mpq_t L)
{
    for (size_t i = 0; i < lp->m; i++)
        if (!(u[i] > 0) || !isfinite(u[i])) u[i] = 0;
    qscratch_t q;
    qs_init(&q);
    int ok = 0;
    for (int round = 0; round < 4 && !ok; round++) {
        ok = 1;
        mpq_set_ui(L, 0, 1);
        for (size_t i = 0; i < lp->m; i++) {
            mpq_set_ui(q.acc, 0, 1);
            q_addmul(&q, lp->b[i], u[i]);
            mpq_sub(L, L, q.acc);
        }
        for (size_t j = 0; j < lp->n; j++) {
            mpq_set_ui(q.acc, 0, 1);
            if (c && c[j] != 0) mpq_set_d(q.acc, c[j]);
            for (size_t i = 0; i < lp->m; i++) q_addmul(&q, lp->A[i * lp->n + j], u[i]);
            if (mpq_sgn(q.acc) >= 0) {
                /* the lower bound's multiplier: L += lb_j · g_j */
                if (lb_of(lp, j) != 0) {
                    mpq_set_d(q.t, lb_of(lp, j));
                    mpq_mul(q.t, q.t, q.acc);
                    mpq_add(L, L, q.t);
                }
                continue;
            }
            double ub = ub_of(lp, j);
            if (isfinite(ub)) {
                /* v_j = −g_j: L −= ub_j · v_j, i.e. L += ub_j · g_j */
                mpq_set_d(q.t, ub);
                mpq_mul(q.t, q.t, q.acc);
                mpq_add(L, L, q.t);
                continue;
            }
            ok = 0;
            size_t best = lp->m;
            for (size_t i = 0; i < lp->m; i++)
                if (lp->A[i * lp->n + j] > 0 && (best == lp->m || lp->A[i * lp->n + j] > lp->A[best * lp->n + j]))
                    best = i;
            if (best == lp->m) { round = 4; break; }  /* nothing can lift g_j */
            mpq_set_d(q.t, lp->A[best * lp->n + j]);
            mpq_div(q.t, q.acc, q.t);                  /* g_j / A_ij < 0 */
            double d = -mpq_get_d(q.t);
            d = nextafter(d, INFINITY);
            u[best] = nextafter(u[best] + nextafter(d, INFINITY), INFINITY);
        }
    }
    qs_clear(&q);
    return ok;
}

/* The largest double <= x. */
static double q_floor_d(const mpq_t x)
{
    double d = mpq_get_d(x);  /* rounds toward zero */
    mpq_t t;
    mpq_init(t);
    mpq_set_d(t, d);
    if (mpq_cmp(t, x) > 0) d = nextafter(d, -INFINITY);
    mpq_clear(t);
    return d;
}

/* Ray d (either sign tried): clamp >= 0, zero on bounded columns, then A d <= 0 and c·d < 0
 * exactly. Returns 1 if one sign verifies. */
static int ray_ok(const ent_i_lp_t *lp, const double *ray, double *d)
{
    qscratch_t q;
    qs_init(&q);
    int ok = 0;
    for (int sign = 1; sign >= -1 && !ok; sign -= 2) {
        for (size_t j = 0; j < lp->n; j++) {
            d[j] = sign * ray[j];
            if (!(d[j] > 0) || !isfinite(d[j]) || isfinite(ub_of(lp, j))) d[j] = 0;
        }
        ok = 1;
        for (size_t i = 0; i < lp->m && ok; i++) {
            mpq_set_ui(q.acc, 0, 1);
            for (size_t j = 0; j < lp->n; j++) q_addmul(&q, lp->A[i * lp->n + j], d[j]);
            ok = mpq_sgn(q.acc) <= 0;
        }
        if (!ok) continue;
        mpq_set_ui(q.acc, 0, 1);
        for (size_t j = 0; j < lp->n; j++) q_addmul(&q, lp->c[j], d[j]);
        ok = mpq_sgn(q.acc) < 0;
    }
    qs_clear(&q);
    return ok;
}

/* ---------------------------------------------------------------- stages */

enum { V_OK = 0, V_FAIL = 1, V_NOMEM = -1 };

/* Solve one stage; on status 0 copy its point into y (and its value into *value). Returns
 * 1 solved, 0 not, -1 out of memory. */
static int solve_into(const stage_t *st, double *y, double *value)
{
    Clp_Simplex *mdl = stage_solve(st);
    if (!mdl) return -1;
    int good = Clp_status(mdl) == 0;
    if (good) {
        memcpy(y, Clp_getColSolution(mdl), st->lp->n * sizeof *y);
        if (value) *value = Clp_objectiveValue(mdl);
    }
    Clp_deleteModel(mdl);
    return good;
}

/* The witness: a verified point of {A y <= b, 0 <= y <= ub}. With the rows tightened (then,
 * failing that, as given): minimise obj (NULL: find any point); if tie, then minimise tie
 * under the extra row obj·y <= v + ENT_I_LP_SLACK (1 + |v|), v the tightened optimum. */
static int witness(const ent_i_lp_t *lp, const double *obj, const double *tie, int fallback, double *y)
{
    for (int tighten = 1; tighten >= 0; tighten--) {
        double v = 0;
        stage_t st = {lp, obj, 0, tighten, NULL, 0, fallback};
        int good = solve_into(&st, y, &v);
        if (good < 0) return V_NOMEM;
        if (!good) continue;
        if (obj && tie) {
            stage_t st2 = {lp, tie, 0, tighten, obj, v + ENT_I_LP_SLACK * (1 + fabs(v)), fallback};
            good = solve_into(&st2, y, NULL);
            if (good < 0) return V_NOMEM;
            if (!good) continue;
        }
        if (primal_ok(lp, y)) return V_OK;
    }
    return V_FAIL;
}

/* The witness stages of witness() on the stage-1 model itself (warm starts): tighten its rows
 * and re-solve with the dual simplex, then add the cap row, switch to the tie-break objective
 * and re-solve with the primal simplex. The same sequence for the same input: deterministic.
 * V_FAIL sends the caller to witness(), which starts from fresh models. */
static int witness_warm(Clp_Simplex *mdl, const ent_i_lp_t *lp, double *y)
{
    size_t m = lp->m, n = lp->n, nz = 0;
    double *rub = malloc((m + 1) * sizeof *rub), *el = malloc((n + 1) * sizeof *el);
    int *cols = malloc((n + 1) * sizeof *cols);
    int r = V_NOMEM;
    if (!rub || !el || !cols) goto done;
    r = V_FAIL;
    for (size_t i = 0; i < m; i++) rub[i] = lp->b[i] - row_margin(lp, i);
    Clp_chgRowUpper(mdl, rub);
    Clp_dual(mdl, 0);
    if (Clp_status(mdl) != 0) goto done;
    if (lp->tie) {
        double v = Clp_objectiveValue(mdl), lo = -DBL_MAX, hi = v + ENT_I_LP_SLACK * (1 + fabs(v));
        for (size_t j = 0; j < n; j++)
            if (lp->c[j] != 0) { cols[nz] = (int)j; el[nz++] = lp->c[j]; }
        CoinBigIndex starts[2] = {0, (CoinBigIndex)nz};
        Clp_addRows(mdl, 1, &lo, &hi, starts, cols, el);
        Clp_chgObjCoefficients(mdl, lp->tie);
        Clp_primal(mdl, 0);
        if (Clp_status(mdl) != 0) goto done;
    }
    memcpy(y, Clp_getColSolution(mdl), n * sizeof *y);
    if (primal_ok(lp, y)) r = V_OK;
done:
    free(rub);
    free(el);
    free(cols);
    return r;
}

/* Infeasibility: the phase-1 program's duals as a Farkas certificate. */
static int prove_infeasible(const ent_i_lp_t *lp, int fallback, double *cert)
{
    stage_t st = {lp, NULL, 1, 0, NULL, 0, fallback};
    Clp_Simplex *mdl = stage_solve(&st);
    double *u = malloc((lp->m + 1) * sizeof *u);
    int r = V_NOMEM;
    if (!mdl || !u) goto done;
    const double *dual = Clp_dualRowSolution(mdl);
    for (size_t i = 0; i < lp->m; i++) u[i] = -dual[i];
    mpq_t L;
    mpq_init(L);
    r = Clp_status(mdl) == 0 && dual_bound(lp, NULL, u, L) && mpq_sgn(L) > 0 ? V_OK : V_FAIL;
    mpq_clear(L);
    if (r == V_OK && cert) memcpy(cert, u, lp->m * sizeof *u);
done:
    if (mdl) Clp_deleteModel(mdl);
    free(u);
    return r;
}

/* One attempt at a verified answer; V_FAIL asks the caller to retry with the fallback. */
static int attempt(const ent_i_lp_t *lp, int fallback, double *y, double *cert, ent_i_lp_result_t *res)
{
    stage_t st = {lp, lp->c, 0, 0, NULL, 0, fallback};
    Clp_Simplex *mdl = stage_solve(&st);
    if (!mdl) return V_NOMEM;
    int status = Clp_status(mdl), r = V_FAIL;
    double *u = malloc((lp->m + 1) * sizeof *u), *d = malloc((lp->n + 1) * sizeof *d);
    if (!u || !d) { r = V_NOMEM; goto done; }
    if (status == 0) {
        double value = Clp_objectiveValue(mdl);
        const double *dual = Clp_dualRowSolution(mdl);
        mpq_t L;
        mpq_init(L);
        for (size_t i = 0; i < lp->m; i++) u[i] = -dual[i];
        int have = dual_bound(lp, lp->c, u, L);
        double lower = have ? q_floor_d(L) : -INFINITY;
        mpq_clear(L);
        if (!have) goto done;
        int want = y && (!lp->point_below || value < *lp->point_below);
        if (want && lp->raw_point) {
            /* the solver's own point, clamped into the bounds; the caller checks it */
            memcpy(y, Clp_getColSolution(mdl), lp->n * sizeof *y);
            for (size_t j = 0; j < lp->n; j++) {
                if (!(y[j] > lb_of(lp, j))) y[j] = lb_of(lp, j);
                if (y[j] > ub_of(lp, j)) y[j] = ub_of(lp, j);
            }
            r = V_OK;
        } else {
            r = want ? witness_warm(mdl, lp, y) : V_OK;
        }
        if (mdl) Clp_deleteModel(mdl);
        mdl = NULL;
        if (r == V_FAIL) r = witness(lp, lp->c, lp->tie, fallback, y);
        if (r != V_OK) goto done;
        res->has_point = want;
        if (cert) memcpy(cert, u, lp->m * sizeof *u);
        res->outcome = ENT_I_LP_OPTIMAL;
        res->value = value;
        res->lower = lower;
    } else if (status == 1) {
        r = prove_infeasible(lp, fallback, cert);
        if (r == V_OK) res->outcome = ENT_I_LP_INFEASIBLE;
    } else if (status == 2) {
        double *ray = Clp_unboundedRay(mdl);
        int good = ray && ray_ok(lp, ray, d);
        if (ray) Clp_freeRay(mdl, ray);
        if (mdl) Clp_deleteModel(mdl);
        mdl = NULL;
        if (!good) goto done;
        double *p = y ? y : malloc((lp->n + 1) * sizeof *p);
        r = p ? witness(lp, lp->tie, NULL, fallback, p) : V_NOMEM;
        if (p != y) free(p);
        if (r == V_OK) {
            res->outcome = ENT_I_LP_UNBOUNDED;
            res->has_point = y != NULL;
        }
    }
done:
    if (mdl) Clp_deleteModel(mdl);
    free(u);
    free(d);
    return r;
}

ent_status_t ent_i_lp_solve(const ent_i_lp_t *lp, double *y, double *cert, ent_i_lp_result_t *res,
                            ent_error_t *err)
{
    memset(res, 0, sizeof *res);
    if (lp->m >= (size_t)INT_MAX / 2 || lp->n >= (size_t)INT_MAX / 2 ||
        (lp->m && lp->n >= ((size_t)INT_MAX - lp->n - lp->m) / lp->m))  /* nnz fits Clp's int */
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "linear program too large (%zu x %zu)", lp->m, lp->n);
    for (size_t k = 0; k < lp->m * lp->n; k++)
        if (!isfinite(lp->A[k])) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "linear program: non-finite coefficient");
    for (size_t i = 0; i < lp->m; i++)
        if (!isfinite(lp->b[i])) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "linear program: non-finite bound");
    for (size_t j = 0; j < lp->n; j++)
        if (!isfinite(lp->c[j]) || (lp->tie && !isfinite(lp->tie[j])) || !isfinite(lb_of(lp, j)) ||
            isnan(ub_of(lp, j)) || ub_of(lp, j) < lb_of(lp, j))
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "linear program: bad objective or column bound");
    for (int fallback = 0; fallback <= 1; fallback++) {
        int r = attempt(lp, fallback, y, cert, res);
        if (r == V_OK) return ENT_OK;
        if (r == V_NOMEM) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0,
                         "linear program (%zu x %zu): the solver's answer did not pass the exact check", lp->m, lp->n);
}

/* ---------------------------------------------------------------- bound from given multipliers */

int ent_i_lp_bound(const ent_i_lp_t *lp, const double *u_in, double want, double *lower)
{
    size_t m = lp->m, n = lp->n;
    double *u = malloc((m + 1) * sizeof *u);
    if (!u) return -1;
    for (size_t i = 0; i < m; i++) u[i] = u_in[i] > 0 && isfinite(u_in[i]) ? u_in[i] : 0;
    /* the same bound in doubles, with a generous allowance for rounding: multipliers whose
     * bound is plainly below want are rejected before any rational arithmetic */
    double L = 0, mag = 0;
    int quick = 1;  /* 0: a column the doubles cannot settle (the exact pass may repair u) */
    for (size_t i = 0; i < m; i++) { L -= lp->b[i] * u[i]; mag += fabs(lp->b[i] * u[i]); }
    for (size_t j = 0; j < n && quick; j++) {
        double g = lp->c[j], gm = fabs(g);
        for (size_t i = 0; i < m; i++) { g += lp->A[i * n + j] * u[i]; gm += fabs(lp->A[i * n + j] * u[i]); }
        double bnd = g >= 0 ? lb_of(lp, j) : ub_of(lp, j);
        if (!isfinite(bnd) || !isfinite(g)) { quick = 0; break; }
        L += g * bnd;
        mag += gm * fabs(bnd);
    }
    int r = 0;
    if (!quick || !isfinite(L) || !(L + 1e-9 * (1 + mag) < want)) {
        mpq_t Lq;
        mpq_init(Lq);
        if (dual_bound(lp, lp->c, u, Lq)) {
            double lo = q_floor_d(Lq);
            if (lo >= want) { *lower = lo; r = 1; }
        }
        mpq_clear(Lq);
    }
    free(u);
    return r;
}

/* ---------------------------------------------------------------- memo */

typedef struct memo_ent {
    struct memo_ent *next;           /* bucket chain */
    struct memo_ent *newer;          /* insertion order, oldest first */
    uint64_t hash;
    size_t keylen, size;             /* key bytes; bytes charged to the memo */
    ent_i_lp_result_t res;
    double *y, *cert;                /* inside the same block, or NULL */
    unsigned char *key;
} memo_ent_t;

#define MEMO_BUCKETS 1024

struct ent_i_lp_memo {
    size_t max_bytes;
    memo_ent_t *bucket[MEMO_BUCKETS];
    memo_ent_t *oldest, *newest;
    ent_i_lp_memo_stats_t st;
};

ent_i_lp_memo_t *ent_i_lp_memo_new(size_t max_bytes)
{
    ent_i_lp_memo_t *memo = calloc(1, sizeof *memo);
    if (memo) memo->max_bytes = max_bytes;
    return memo;
}

void ent_i_lp_memo_free(ent_i_lp_memo_t *memo)
{
    if (!memo) return;
    for (memo_ent_t *e = memo->oldest, *nx; e; e = nx) {
        nx = e->newer;
        free(e);
    }
    free(memo);
}

void ent_i_lp_memo_stats(const ent_i_lp_memo_t *memo, ent_i_lp_memo_stats_t *st)
{
    memset(st, 0, sizeof *st);
    if (memo) *st = memo->st;
}

/* The key: a header of sizes and flags, then every array the answer depends on. */
typedef struct {
    size_t m, n;
    unsigned flags;
    double below;
} memo_head_t;

static size_t key_len(const ent_i_lp_t *lp)
{
    size_t k = lp->m * lp->n + lp->m + lp->n;
    if (lp->ub) k += lp->n;
    if (lp->tie) k += lp->n;
    if (lp->lb) k += lp->n;
    return sizeof(memo_head_t) + k * sizeof(double);
}

static void key_fill(const ent_i_lp_t *lp, int want_y, int want_cert, unsigned char *key)
{
    memo_head_t h;
    memset(&h, 0, sizeof h);
    h.m = lp->m;
    h.n = lp->n;
    h.flags = (lp->ub ? 1u : 0) | (lp->tie ? 2u : 0) | (lp->lb ? 4u : 0) | (lp->point_below ? 8u : 0) |
              (lp->raw_point ? 16u : 0) | (want_y ? 32u : 0) | (want_cert ? 64u : 0);
    h.below = lp->point_below ? *lp->point_below : 0;
    unsigned char *p = key;
    memcpy(p, &h, sizeof h);
    p += sizeof h;
    const double *arr[6] = {lp->A, lp->b, lp->c, lp->ub, lp->tie, lp->lb};
    size_t len[6] = {lp->m * lp->n, lp->m, lp->n, lp->n, lp->n, lp->n};
    for (int k = 0; k < 6; k++) {
        if (!arr[k]) continue;
        memcpy(p, arr[k], len[k] * sizeof(double));
        p += len[k] * sizeof(double);
    }
}

/* 64-bit hash of the key, eight bytes at a time (the key's length is a multiple of 8). */
static uint64_t key_hash(const unsigned char *key, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ len;
    for (size_t k = 0; k + 8 <= len; k += 8) {
        uint64_t w;
        memcpy(&w, key + k, 8);
        h ^= w;
        h *= 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    h ^= h >> 29;
    h *= 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 32);
}

static void memo_evict_oldest(ent_i_lp_memo_t *memo)
{
    memo_ent_t *e = memo->oldest;
    memo_ent_t **pp = &memo->bucket[e->hash % MEMO_BUCKETS];
    while (*pp != e) pp = &(*pp)->next;
    *pp = e->next;
    memo->oldest = e->newer;
    if (!memo->oldest) memo->newest = NULL;
    memo->st.bytes -= e->size;
    memo->st.entries--;
    memo->st.evicted++;
    free(e);
}

/* Store a copy of key and answer; on failure (no memory, too large) nothing is stored. */
static void memo_store(ent_i_lp_memo_t *memo, unsigned char *key, size_t keylen, uint64_t hash, const ent_i_lp_t *lp,
                       const double *y, const double *cert, const ent_i_lp_result_t *res)
{
    /* what a fresh solve writes: y only with a point, cert unless unbounded */
    size_t ny = y && res->has_point ? lp->n : 0, nc = cert && res->outcome != ENT_I_LP_UNBOUNDED ? lp->m : 0;
    size_t size = sizeof(memo_ent_t) + (ny + nc) * sizeof(double) + keylen;
    if (size > memo->max_bytes) return;
    while (memo->oldest && memo->st.bytes + size > memo->max_bytes) memo_evict_oldest(memo);
    memo_ent_t *e = malloc(size);
    if (!e) return;
    double *vals = (double *)(e + 1);
    e->y = ny ? vals : NULL;
    e->cert = nc ? vals + ny : NULL;
    if (ny) memcpy(e->y, y, ny * sizeof *y);
    if (nc) memcpy(e->cert, cert, nc * sizeof *cert);
    e->key = (unsigned char *)(vals + ny + nc);
    memcpy(e->key, key, keylen);
    e->keylen = keylen;
    e->hash = hash;
    e->size = size;
    e->res = *res;
    e->newer = NULL;
    e->next = memo->bucket[hash % MEMO_BUCKETS];
    memo->bucket[hash % MEMO_BUCKETS] = e;
    if (memo->newest) memo->newest->newer = e;
    else memo->oldest = e;
    memo->newest = e;
    memo->st.bytes += size;
    memo->st.entries++;
    memo->st.stored++;
}

ent_status_t ent_i_lp_solve_memo(ent_i_lp_memo_t *memo, const ent_i_lp_t *lp, double *y, double *cert,
                                 ent_i_lp_result_t *res, ent_error_t *err)
{
    if (!memo) return ent_i_lp_solve(lp, y, cert, res, err);
    if (memo->max_bytes == 0) {  /* stores nothing: no key to build */
        memo->st.misses++;
        return ent_i_lp_solve(lp, y, cert, res, err);
    }
    /* sizes the solver refuses are refused by ent_i_lp_solve before the key is built */
    if (lp->m >= (size_t)INT_MAX / 2 || lp->n >= (size_t)INT_MAX / 2 ||
        (lp->m && lp->n >= ((size_t)INT_MAX - lp->n - lp->m) / lp->m))
        return ent_i_lp_solve(lp, y, cert, res, err);
    size_t keylen = key_len(lp);
    unsigned char *key = malloc(keylen);
    if (!key) return ent_i_lp_solve(lp, y, cert, res, err);
    key_fill(lp, y != NULL, cert != NULL, key);
    uint64_t hash = key_hash(key, keylen);
    for (memo_ent_t *e = memo->bucket[hash % MEMO_BUCKETS]; e; e = e->next) {
        if (e->hash != hash || e->keylen != keylen || memcmp(e->key, key, keylen) != 0) continue;
        *res = e->res;
        if (y && e->y) memcpy(y, e->y, lp->n * sizeof *y);
        if (cert && e->cert) memcpy(cert, e->cert, lp->m * sizeof *cert);
        memo->st.hits++;
        free(key);
        return ENT_OK;
    }
    memo->st.misses++;
    ent_status_t st = ent_i_lp_solve(lp, y, cert, res, err);
    if (st == ENT_OK) memo_store(memo, key, keylen, hash, lp, y, cert, res);
    free(key);
    return st;
}
