/* winset.c — utility, the win-set of the status quo, and the small LP solver behind it
 * (entente/analysis.h, docs/analyses.md §2).
 *
 * Utility: U_a(x) = − Σ_i ||s_ai ∘ (x_i − p_ai)||_2 (salience-weighted linear loss; the
 * Euclidean norm of salience-weighted differences on a multi-dimensional issue), saliences
 * rescaled to 0..1. An actor prefers x to the status quo q when U_a(x) > U_a(q) (strictly).
 *
 * Win-set W(q) under a rule: the points that some winning coalition strictly prefers to q.
 * Every veto player belongs to every winning coalition, so W(q) holds only points every veto
 * player prefers (Tsebelis 2002, Veto Players, ch. 1-2). Computed two ways:
 *  1. Along each 1-D issue with a status quo, the other issues held at q: actor a prefers x
 *     iff |x − p_a| < |q − p_a|, an open interval with ends q and 2p_a − q. Between
 *     consecutive breakpoints (and at each breakpoint) the set of actors who prefer x is
 *     constant; one winning test per piece gives the exact win-set as a union of intervals.
 *     O(A log A + A·T) per issue for A actors and a winning test of cost T.
 *  2. Jointly over every 1-D issue with a status quo: W(q) is non-empty iff, for some minimal
 *     winning coalition C, the preferred-to sets of C's members intersect. With linear-loss
 *     utility each preferred-to set is an open polytope, so the test is the linear program
 *        min z  s.t.  Σ_j s_aj t_aj − r_a ≤ z (a ∈ C),  t_aj ≥ ±(x_j − p_aj),  lo ≤ x ≤ hi
 *     (r_a = the actor's loss at q): the intersection is non-empty iff z* < 0, and the
 *     optimal x is a witness that maximises the smallest gain. Exact (up to the solver's
 *     1e-9 tolerance), not a sampled or grid check. Minimal winning coalitions come from an
 *     exact enumeration (at most ENT_I_ENUM_MAX players); each LP has O(|C|·J) variables and
 *     constraints. A multi-dimensional issue's loss ||w∘(x−p)||_2 is not linear; the LP
 *     uses ||·||_1 >= ||·||_2 there, so a point it finds is truly preferred (a sound
 *     witness). When it finds none, an exact test decides: every loss is convex and every
 *     preferred-to set has the status quo on its boundary, so the members share a preferred
 *     point iff they share a direction d from q with every directional derivative
 *     L_i'(q; d) < 0 (convexity gives both ways); that cone is one more LP, and a witness
 *     q + εd is then found by halving ε and checked with the true utility. Only an actor
 *     sitting exactly at q on a multi-dimensional issue (derivative ||W d||_2, bounded by
 *     1-norms) can leave the answer undecided; the report says so.
 * LP solver: dense two-phase primal simplex on the tableau with Bland's rule (no cycling),
 * tolerance 1e-9; for the small programs above. Deviation: no presolve, no scaling.
 */
#include "analysis/coalition.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LP_EPS 1e-9

/* ---------------------------------------------------------------- utility */

double ent_utility(const ent_scenario_t *s, size_t a, const double *const *x)
{
    double u = 0;
    int any = 0;
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present || !x[i]) continue;
        any = 1;
        double q = 0;
        size_t nd = s->issues[i].ndim;
        for (size_t d = 0; d < nd; d++) {
            double sal = ent_scenario_salience(s, a, i, d);
            double t = sal * (x[i][d] - p->x[d]);
            q += t * t;
        }
        u -= nd == 1 ? fabs(x[i][0] - p->x[0]) * ent_scenario_salience(s, a, i, 0) : sqrt(q);
    }
    return any ? u : NAN;
}

/* ---------------------------------------------------------------- simplex */

typedef struct {
    size_t m, cols;   /* rows, columns (structural + slack + artificial) */
    double *T;        /* m × cols */
    double *rhs;      /* m */
    size_t *basis;    /* m */
} tab_t;

static void pivot(tab_t *t, size_t r, size_t e)
{
    double *row = t->T + r * t->cols;
    double pv = row[e];
    for (size_t j = 0; j < t->cols; j++) row[j] /= pv;
    t->rhs[r] /= pv;
    row[e] = 1.0;
    for (size_t i = 0; i < t->m; i++) {
        if (i == r) continue;
        double *ri = t->T + i * t->cols;
        double f = ri[e];
        if (f == 0.0) continue;
        for (size_t j = 0; j < t->cols; j++) ri[j] -= f * row[j];
        ri[e] = 0.0;
        t->rhs[i] -= f * t->rhs[r];
    }
    t->basis[r] = e;
}

/* Minimise cost·y over the current basic feasible tableau; columns with forbid[j] never
 * enter. Returns 0 optimal, 2 unbounded. Bland's rule. */
static int simplex(tab_t *t, const double *cost, const unsigned char *forbid)
{
    for (size_t iter = 0; iter < 100000; iter++) {
        size_t e = (size_t)-1;
        for (size_t j = 0; j < t->cols && e == (size_t)-1; j++) {
            if (forbid && forbid[j]) continue;
            int basic = 0;
            for (size_t i = 0; i < t->m; i++)
                if (t->basis[i] == j) { basic = 1; break; }
            if (basic) continue;
            double d = cost[j];
            for (size_t i = 0; i < t->m; i++) d -= cost[t->basis[i]] * t->T[i * t->cols + j];
            if (d < -LP_EPS) e = j;
        }
        if (e == (size_t)-1) return 0;
        size_t r = (size_t)-1;
        double best = INFINITY;
        for (size_t i = 0; i < t->m; i++) {
            double a = t->T[i * t->cols + e];
            if (a <= LP_EPS) continue;
            double ratio = t->rhs[i] / a;
            if (ratio < best - LP_EPS || (fabs(ratio - best) <= LP_EPS && r != (size_t)-1 &&
                                         t->basis[i] < t->basis[r])) {
                best = ratio;
                r = i;
            }
        }
        if (r == (size_t)-1) return 2;
        pivot(t, r, e);
    }
    return 0;
}

int ent_lp_minimize(size_t m, size_t n, const double *A, const double *b, const double *c, double *y,
                    double *opt)
{
    tab_t t;
    t.m = m;
    t.cols = n + m + 1;  /* structural, slacks, artificial x0 */
    t.T = calloc(m * t.cols + 1, sizeof *t.T);
    t.rhs = calloc(m + 1, sizeof *t.rhs);
    t.basis = calloc(m + 1, sizeof *t.basis);
    double *cost = calloc(t.cols + 1, sizeof *cost);
    unsigned char *forbid = calloc(t.cols + 1, 1);
    int rc = 0;
    if (!t.T || !t.rhs || !t.basis || !cost || !forbid) { rc = -1; goto done; }
    size_t x0 = n + m;
    size_t rmin = 0;
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) t.T[i * t.cols + j] = A[i * n + j];
        t.T[i * t.cols + n + i] = 1.0;
        t.T[i * t.cols + x0] = -1.0;
        t.rhs[i] = b[i];
        t.basis[i] = n + i;
        if (b[i] < b[rmin]) rmin = i;
    }
    if (m > 0 && b[rmin] < 0) {
        /* phase 1: minimise x0 */
        pivot(&t, rmin, x0);
        cost[x0] = 1.0;
        simplex(&t, cost, NULL);
        double v = 0;
        for (size_t i = 0; i < m; i++)
            if (t.basis[i] == x0) v = t.rhs[i];
        if (v > 1e-7) { rc = 1; goto done; }
        for (size_t i = 0; i < m; i++) {
            if (t.basis[i] != x0) continue;
            for (size_t j = 0; j < x0; j++)
                if (fabs(t.T[i * t.cols + j]) > LP_EPS) { pivot(&t, i, j); break; }
        }
        cost[x0] = 0.0;
    }
    forbid[x0] = 1;
    for (size_t j = 0; j < n; j++) cost[j] = c[j];
    if (simplex(&t, cost, forbid) == 2) { rc = 2; goto done; }
    double val = 0;
    if (y) for (size_t j = 0; j < n; j++) y[j] = 0;
    for (size_t i = 0; i < m; i++) {
        size_t bj = t.basis[i];
        if (bj < n) {
            if (y) y[bj] = t.rhs[i];
            val += c[bj] * t.rhs[i];
        }
    }
    *opt = val;
done:
    free(t.T);
    free(t.rhs);
    free(t.basis);
    free(cost);
    free(forbid);
    return rc;
}

/* ---------------------------------------------------------------- win-set */

void ent_winset_destroy(ent_winset_t *w)
{
    if (!w) return;
    if (w->ints)
        for (size_t i = 0; i < w->nissues; i++) free(w->ints[i]);
    free(w->ints);
    free(w->nint);
    free(w->analysed);
    free(w->witness);
    free(w->veto);
    memset(w, 0, sizeof *w);
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Actors who strictly prefer point v on issue i (others at the status quo). */
static void prefer_at(const ent_scenario_t *s, size_t i, double v, unsigned char *flags)
{
    double q = s->issues[i].status_quo[0];
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        flags[a] = 0;
        if (!p->present || !(ent_scenario_salience(s, a, i, 0) > 0)) continue;
        flags[a] = fabs(v - p->x[0]) < fabs(q - p->x[0]) - 1e-12;
    }
}

static ent_status_t intervals_1d(const ent_scenario_t *s, ent_i_rule_t *r, size_t i, ent_winset_t *w,
                                 ent_error_t *err)
{
    const ent_issue_t *is = &s->issues[i];
    double q = is->status_quo[0], lo = is->lo[0], hi = is->hi[0];
    double *bp = malloc((s->nactors + 3) * sizeof *bp);
    unsigned char *fl = malloc(s->nactors + 1);
    ent_interval_t *iv = NULL;
    if (!bp || !fl) goto oom;
    size_t nb = 0;
    bp[nb++] = lo;
    bp[nb++] = hi;
    bp[nb++] = q;
    for (size_t a = 0; a < s->nactors; a++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present) continue;
        double m = 2 * p->x[0] - q;
        if (m > lo && m < hi) bp[nb++] = m;
    }
    qsort(bp, nb, sizeof *bp, dbl_cmp);
    size_t u = 0;
    for (size_t k = 0; k < nb; k++)
        if (u == 0 || bp[k] > bp[u - 1]) bp[u++] = bp[k];
    nb = u;
    /* pieces: point bp[0], open (bp[0],bp[1]), point bp[1], ... point bp[nb-1] */
    iv = malloc((2 * nb + 1) * sizeof *iv);
    if (!iv) goto oom;
    size_t ni = 0;
    int open_run = 0;
    for (size_t k = 0; k < 2 * nb - 1; k++) {
        int is_point = (k % 2) == 0;
        double a = bp[k / 2], b = is_point ? a : bp[k / 2 + 1];
        double v = is_point ? a : 0.5 * (a + b);
        prefer_at(s, i, v, fl);
        int win = ent_i_rule_win_actors(r, fl);
        if (win) {
            if (!open_run) {
                iv[ni].lo = a;
                iv[ni].lo_open = !is_point;
                open_run = 1;
            }
            iv[ni].hi = b;
            iv[ni].hi_open = !is_point;
        } else if (open_run) {
            ni++;
            open_run = 0;
        }
    }
    if (open_run) ni++;
    w->ints[i] = iv;
    w->nint[i] = ni;
    w->analysed[i] = 1;
    free(bp);
    free(fl);
    return ENT_OK;
oom:
    free(bp);
    free(fl);
    free(iv);
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Coordinates of all issues laid end to end: issue i starts at coord_of(s, i). */
static size_t coord_of(const ent_scenario_t *s, size_t i)
{
    size_t c = 0;
    for (size_t k = 0; k < i; k++) c += s->issues[k].ndim;
    return c;
}

/* Weight of coordinate d of issue i for actor a: its salience (0..1); 0 without a position. */
static double coord_w(const ent_scenario_t *s, size_t a, size_t i, size_t d)
{
    const ent_position_t *p = ent_scenario_pos(s, a, i);
    if (!p->present) return 0;
    double w = ent_scenario_salience(s, a, i, d);
    return w > 0 ? w : 0;
}

/* LP test: do the actors in `who` (actor flags) all strictly prefer some point of the issues
 * with in[i] set? The loss on a multi-dimensional issue, ||w ∘ (x − p)||_2, is replaced by
 * `multi` × ||w ∘ (x − p)||_1: multi = 1 over-estimates it (a point found is then strictly
 * preferred under the true utility: an inner test), multi = 1/sqrt(ndim) under-estimates it
 * (no point found then proves the true set empty: an outer test). 1-D issues are exact.
 * Fills x (all coordinates; NaN on issues not in the test) and the smallest gain. Returns 1
 * yes, 0 no, -1 out of memory. */
static int joint_lp(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, int outer,
                    double *x, double *gain)
{
    size_t ncoord = coord_of(s, s->nissues), J = 0, nC = 0, nt = 0;
    for (size_t i = 0; i < s->nissues; i++)
        if (in[i]) J += s->issues[i].ndim;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        nC++;
        int stake = 0;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!in[i]) continue;
            for (size_t d = 0; d < s->issues[i].ndim; d++)
                if (coord_w(s, a, i, d) > 0) { nt++; stake = 1; }
        }
        if (!stake) return 0;  /* an actor with no stake never strictly prefers */
    }
    if (nC == 0 || J == 0) return 0;
    size_t nv = J + nt + 1;             /* x', t, z' */
    size_t m = J + 2 * nt + nC;
    double *A = calloc(m * nv + 1, sizeof *A), *b = calloc(m + 1, sizeof *b);
    double *c = calloc(nv + 1, sizeof *c), *y = calloc(nv + 1, sizeof *y), *r = calloc(s->nactors + 1, sizeof *r);
    size_t *col = malloc((ncoord + 1) * sizeof *col);
    int res = -1;
    if (!A || !b || !c || !y || !r || !col) goto done;
    size_t k = 0, row = 0;
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            col[cc + d] = in[i] ? k++ : (size_t)-1;
            if (!in[i]) continue;
            A[row * nv + col[cc + d]] = 1;
            b[row++] = s->issues[i].hi[d] - s->issues[i].lo[d];
        }
    /* |w (x - p)| <= t rows, and each actor's true loss at the status quo */
    size_t tcol = J;
    double R = 1;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
            if (!in[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            double q2 = 0;
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                double w = coord_w(s, a, i, d);
                if (!(w > 0)) continue;
                double pl = w * (p->x[d] - s->issues[i].lo[d]);
                A[row * nv + col[cc + d]] = w; A[row * nv + tcol] = -1; b[row++] = pl;
                A[row * nv + col[cc + d]] = -w; A[row * nv + tcol] = -1; b[row++] = -pl;
                double e = w * (s->issues[i].status_quo[d] - p->x[d]);
                q2 += e * e;
                tcol++;
            }
            r[a] += sqrt(q2);
        }
        if (r[a] + 1 > R) R = r[a] + 1;
    }
    /* loss rows: sum of coef * t - z' <= r - R */
    tcol = J;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!in[i]) continue;
            size_t nd = s->issues[i].ndim;
            double coef = nd == 1 || !outer ? 1.0 : 1.0 / sqrt((double)nd);
            for (size_t d = 0; d < nd; d++) {
                if (!(coord_w(s, a, i, d) > 0)) continue;
                A[row * nv + tcol] = coef;
                tcol++;
            }
        }
        A[row * nv + nv - 1] = -1;
        b[row++] = r[a] - R;
    }
    c[nv - 1] = 1;
    double opt;
    int lp = ent_lp_minimize(m, nv, A, b, c, y, &opt);
    if (lp < 0) goto done;
    if (lp != 0) { res = 0; goto done; }
    double z = opt - R;
    *gain = -z;
    if (z < -1e-7) {
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
            for (size_t d = 0; d < s->issues[i].ndim; d++)
                x[cc + d] = in[i] ? y[col[cc + d]] + s->issues[i].lo[d] : NAN;
        res = 1;
    } else {
        res = 0;
    }
done:
    free(A); free(b); free(c); free(y); free(r); free(col);
    return res;
}

/* 1 if the actor's position on issue i equals the status quo in every coordinate. */
static int at_sq(const ent_scenario_t *s, const ent_position_t *p, size_t i)
{
    for (size_t d = 0; d < s->issues[i].ndim; d++)
        if (p->x[d] != s->issues[i].status_quo[d]) return 0;
    return 1;
}

/* Exact test at the status quo q for the members of `who` (actor flags), over the issues
 * with in[i]. Each loss L_i is convex and L_i(q) is the reference, so the members share a
 * strictly preferred point iff they share a direction d (feasible inside the scales at q)
 * with every directional derivative L_i'(q; d) < 0: if x is such a point, d = x − q gives
 * L_i'(q; d) <= L_i(x) − L_i(q) < 0 by convexity; conversely q + εd works for ε small.
 * L_i'(q; d) is linear in d except for terms where the actor's position equals q: on a 1-D
 * issue s|d_j| (an extra variable u >= ±s d_j, exact), on a multi-dimensional one
 * ||W d||_2, bounded by ||W d||_1 (inner: coef 1) and ||W d||_1 / sqrt(k) (outer). The cone
 * is normalised by L_i'(q; d) <= −1 and |d_c| <= 1e4. On success a witness q + εd is found by
 * halving ε until every member strictly prefers it under the true utility.
 * Returns 1 found (x filled), 0 proven empty, 2 undecided (a multi-dimensional tie at q
 * left a gap between the bounds), -1 out of memory. */
static int cone_lp(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, int outer,
                   double *dir /* OUT ncoord */)
{
    size_t ncoord = coord_of(s, s->nissues), J = 0, nC = 0, nu = 0;
    for (size_t i = 0; i < s->nissues; i++)
        if (in[i]) J += s->issues[i].ndim;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        nC++;
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
            if (!in[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (!p->present || !at_sq(s, p, i)) continue;
            for (size_t d = 0; d < s->issues[i].ndim; d++)
                if (coord_w(s, a, i, d) > 0) nu++;
        }
    }
    /* columns: d+ (J), d- (J), u (nu) */
    size_t nv = 2 * J + nu, m = 2 * J + 2 * nu + nC;
    double *A = calloc(m * nv + 1, sizeof *A), *b = calloc(m + 1, sizeof *b), *c = calloc(nv + 1, sizeof *c);
    double *y = calloc(nv + 1, sizeof *y);
    size_t *col = malloc((ncoord + 1) * sizeof *col);
    int res = -1;
    if (!A || !b || !c || !y || !col) goto done;
    size_t k = 0, row = 0;
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            col[cc + d] = in[i] ? k++ : (size_t)-1;
            if (!in[i]) continue;
            double q = s->issues[i].status_quo[d];
            A[row * nv + col[cc + d]] = 1;          /* d+ <= M, or 0 at the upper end */
            b[row++] = q >= s->issues[i].hi[d] ? 0 : 1e4;
            A[row * nv + J + col[cc + d]] = 1;      /* d- <= M, or 0 at the lower end */
            b[row++] = q <= s->issues[i].lo[d] ? 0 : 1e4;
        }
    size_t ucol = 2 * J;
    /* u rows and derivative rows */
    size_t drow = 2 * J + 2 * nu;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        double *L = A + drow * nv;
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
            if (!in[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (!p->present) continue;
            size_t nd = s->issues[i].ndim;
            int tie = at_sq(s, p, i);  /* the loss is not differentiable at q */
            double nrm = 0;
            for (size_t d = 0; d < nd; d++) {
                double w = coord_w(s, a, i, d), e = w * (s->issues[i].status_quo[d] - p->x[d]);
                nrm += e * e;
            }
            nrm = sqrt(nrm);
            for (size_t d = 0; d < nd; d++) {
                double w = coord_w(s, a, i, d);
                if (!(w > 0)) continue;
                double q = s->issues[i].status_quo[d];
                if (tie) {
                    /* u >= w d and u >= -w d; contributes coef * u */
                    A[row * nv + col[cc + d]] = w; A[row * nv + J + col[cc + d]] = -w; A[row * nv + ucol] = -1; b[row++] = 0;
                    A[row * nv + col[cc + d]] = -w; A[row * nv + J + col[cc + d]] = w; A[row * nv + ucol] = -1; b[row++] = 0;
                    L[ucol] += nd == 1 || !outer ? 1.0 : 1.0 / sqrt((double)nd);
                    ucol++;
                } else {
                    /* derivative of the issue's norm in coordinate d: w^2 (q - p) / ||W(q - p)|| */
                    double g = nd == 1 ? w * (q > p->x[d] ? 1.0 : -1.0) : w * w * (q - p->x[d]) / nrm;
                    L[col[cc + d]] += g;
                    L[J + col[cc + d]] -= g;
                }
            }
        }
        b[drow] = -1;
        drow++;
    }
    for (size_t j = 0; j < nu; j++) c[2 * J + j] = 1;
    double opt;
    int lp = ent_lp_minimize(m, nv, A, b, c, y, &opt);
    if (lp < 0) goto done;
    if (lp != 0) { res = 0; goto done; }
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++)
            dir[cc + d] = in[i] ? y[col[cc + d]] - y[J + col[cc + d]] : 0;
    res = 1;
done:
    free(A); free(b); free(c); free(y); free(col);
    return res;
}

/* Walk from q along dir, halving the step until every member of `who` strictly prefers
 * the point (true utility). Returns 1 and fills x, or 0. */
static int cone_witness(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who,
                        const double *dir, double *x)
{
    size_t ni = s->nissues;
    const double **xs = calloc(ni + 1, sizeof *xs), **qs = calloc(ni + 1, sizeof *qs);
    int ok = 0;
    if (!xs || !qs) goto done;
    double dmax = 0, range = INFINITY;
    for (size_t i = 0, cc = 0; i < ni; cc += s->issues[i].ndim, i++) {
        if (!s->issues[i].status_quo) continue;
        xs[i] = x + cc;
        qs[i] = s->issues[i].status_quo;
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            if (fabs(dir[cc + d]) > dmax) dmax = fabs(dir[cc + d]);
            double rg = s->issues[i].hi[d] - s->issues[i].lo[d];
            if (rg < range) range = rg;
        }
    }
    if (!(dmax > 0)) goto done;
    double eps = 0.5 * range / dmax;
    for (int it = 0; it < 80 && !ok; it++, eps *= 0.5) {
        for (size_t i = 0, cc = 0; i < ni; cc += s->issues[i].ndim, i++)
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                if (!s->issues[i].status_quo) { x[cc + d] = NAN; continue; }
                double v = s->issues[i].status_quo[d] + (in[i] ? eps * dir[cc + d] : 0);
                if (v < s->issues[i].lo[d]) v = s->issues[i].lo[d];
                if (v > s->issues[i].hi[d]) v = s->issues[i].hi[d];
                x[cc + d] = v;
            }
        ok = 1;
        for (size_t a = 0; a < s->nactors && ok; a++)
            if (who[a] && !(ent_utility(s, a, xs) > ent_utility(s, a, qs))) ok = 0;
    }
done:
    free(xs);
    free(qs);
    return ok;
}

void ent_proposals_opts_init(ent_proposals_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->max_enum_players = ENT_I_ENUM_MAX;
    o->max_lp = 5000;
    o->limit_kill = 10;
}

ent_status_t ent_winset_compute(const ent_scenario_t *s, size_t rule, long also,
                                const ent_proposals_opts_t *opts, ent_winset_t *w, ent_error_t *err)
{
    ent_proposals_opts_t dflt;
    if (!opts) { ent_proposals_opts_init(&dflt); opts = &dflt; }
    memset(w, 0, sizeof *w);
    w->rule = (long)rule;
    w->joint = ENT_WINSET_UNKNOWN;
    if (rule >= s->nrules) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "no rule %zu", rule);
    ent_i_rule_t r;
    ent_status_t st = ent_i_rule_open(&r, s, rule, err);
    if (st != ENT_OK) return st;
    size_t ni = s->nissues;
    w->nissues = ni;
    w->nint = calloc(ni + 1, sizeof *w->nint);
    w->ints = calloc(ni + 1, sizeof *w->ints);
    w->analysed = calloc(ni + 1, 1);
    w->veto = malloc((s->nactors + 1) * sizeof *w->veto);
    size_t ncoord = coord_of(s, ni);
    unsigned char *veto = calloc(s->nactors + 1, 1), *who = calloc(s->nactors + 1, 1), *in = calloc(ni + 1, 1);
    double *x = malloc((ncoord + 1) * sizeof *x);
    uint64_t *mwc = NULL;
    if (!w->nint || !w->ints || !w->analysed || !w->veto || !veto || !who || !in || !x) goto oom;
    if ((st = ent_i_rule_veto_actors(&r, veto, err)) != ENT_OK) goto fail;
    for (size_t a = 0; a < s->nactors; a++)
        if (veto[a]) w->veto[w->nveto++] = a;
    size_t J = 0, Jmulti = 0;
    for (size_t i = 0; i < ni; i++) {
        if (!s->issues[i].status_quo) continue;
        in[i] = 1;
        J++;
        if (s->issues[i].ndim != 1) { Jmulti++; continue; }
        if ((st = intervals_1d(s, &r, i, w, err)) != ENT_OK) goto fail;
    }
    if (J == 0) {
        snprintf(w->why, sizeof w->why, "no issue has a status quo");
        goto done;
    }
    if (J == 1 && Jmulti == 0 && also < 0) {
        size_t i = 0;
        while (!w->analysed[i]) i++;
        snprintf(w->method, sizeof w->method, "exact intervals on the single issue (breakpoints 2p - q)");
        if (w->nint[i] == 0) {
            w->joint = ENT_WINSET_EMPTY;
        } else {
            w->joint = ENT_WINSET_NONEMPTY;
            w->witness = malloc((ncoord + 1) * sizeof *w->witness);
            if (!w->witness) goto oom;
            const ent_interval_t *v = &w->ints[i][0];
            for (size_t k = 0; k < ncoord; k++) w->witness[k] = NAN;
            w->witness[coord_of(s, i)] = 0.5 * (v->lo + v->hi);
        }
        goto done;
    }
    if (r.n > opts->max_enum_players || r.n > ENT_I_ENUM_MAX) {
        snprintf(w->why, sizeof w->why,
                 "joint test skipped: %zu players exceed the enumeration limit of %zu", r.n,
                 opts->max_enum_players);
        goto done;
    }
    uint64_t count = 0;
    size_t nl = 0;
    uint64_t all = r.n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << r.n) - 1);
    if (opts->all_winning) {
        /* benchmark baseline: every winning coalition */
        uint64_t full = (uint64_t)1 << r.n;
        size_t cap = 64;
        mwc = malloc(cap * sizeof *mwc);
        if (!mwc) goto oom;
        for (uint64_t m = 0; m < full; m++) {
            if (!ent_i_rule_win_mask(&r, m)) continue;
            if (nl == cap) {
                uint64_t *nm = realloc(mwc, 2 * cap * sizeof *nm);
                if (!nm) goto oom;
                mwc = nm;
                cap *= 2;
            }
            mwc[nl++] = m;
        }
        count = nl;
        if (count > opts->max_lp) nl = opts->max_lp;
    } else if ((st = ent_i_rule_min_winning(&r, all, opts->max_lp, &count, &mwc, &nl, err)) != ENT_OK) {
        goto fail;
    }
    if (count > opts->max_lp) {
        snprintf(w->why, sizeof w->why, "joint test skipped: %llu minimal winning coalitions exceed %zu",
                 (unsigned long long)count, opts->max_lp);
        goto done;
    }
    if (Jmulti)
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s; the %zu multi-dimensional one%s bounded "
                 "inside and outside by 1-norm polytopes", J, J == 1 ? "" : "s", Jmulti, Jmulti == 1 ? "" : "s");
    else
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s (intersection of preferred-to polytopes)",
                 J, J == 1 ? "" : "s");
    w->joint = ENT_WINSET_EMPTY;
    double best_gain = -INFINITY;
    for (size_t c = 0; c < nl; c++) {
        memset(who, 0, s->nactors);
        for (size_t k = 0; k < r.n; k++)
            if ((mwc[c] >> k) & 1u) who[r.actor[k]] = 1;
        if (also >= 0) who[also] = 1;
        double gain = 0;
        int ok = joint_lp(s, in, who, 0, x, &gain);
        w->ncoal_checked++;
        if (ok < 0) goto oom;
        if (ok == 1 && gain > best_gain + 1e-9) {
            best_gain = gain;
            w->joint = ENT_WINSET_NONEMPTY;
            if (!w->witness) w->witness = malloc((ncoord + 1) * sizeof *w->witness);
            if (!w->witness) goto oom;
            memcpy(w->witness, x, ncoord * sizeof *x);
        }
    }
    if (w->joint == ENT_WINSET_EMPTY && Jmulti) {
        /* the 1-norm LP found nothing: decide exactly with the tangent cone at the status quo */
        double *dir = malloc((ncoord + 1) * sizeof *dir);
        if (!dir) goto oom;
        int undecided = 0;
        for (size_t cix = 0; cix < nl && w->joint == ENT_WINSET_EMPTY; cix++) {
            memset(who, 0, s->nactors);
            for (size_t k = 0; k < r.n; k++)
                if ((mwc[cix] >> k) & 1u) who[r.actor[k]] = 1;
            if (also >= 0) who[also] = 1;
            int found = 0;
            for (int outer = 0; outer <= 1 && !found; outer++) {
                int ok = cone_lp(s, in, who, outer, dir);
                if (ok < 0) { free(dir); goto oom; }
                if (ok == 1 && !outer && cone_witness(s, in, who, dir, x)) found = 1;
                else if (ok == 1 && outer) undecided = 1;  /* only the outer bound admits a direction */
                if (ok == 0) break;                         /* proven: no common direction */
            }
            if (found) {
                w->joint = ENT_WINSET_NONEMPTY;
                if (!w->witness) w->witness = malloc((ncoord + 1) * sizeof *w->witness);
                if (!w->witness) { free(dir); goto oom; }
                memcpy(w->witness, x, ncoord * sizeof *x);
            }
        }
        free(dir);
        if (w->joint == ENT_WINSET_EMPTY && undecided) {
            w->joint = ENT_WINSET_UNKNOWN;
            snprintf(w->why, sizeof w->why,
                     "undecided: an actor sits exactly at the status quo of a multi-dimensional issue");
        }
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s, then the exact tangent-cone test at the "
                 "status quo for the %zu multi-dimensional one%s", J, J == 1 ? "" : "s", Jmulti, Jmulti == 1 ? "" : "s");
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    ent_winset_destroy(w);
done:
    free(veto);
    free(who);
    free(in);
    free(x);
    free(mwc);
    ent_i_rule_close(&r);
    return st;
}
