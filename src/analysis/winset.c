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
 *     constraints. Multi-dimensional issues are left out of the joint test (their
 *     preferred-to sets are ellipsoids, not polytopes); the report says so.
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

/* LP test: do the actors in `who` (actor flags) all strictly prefer some point over the
 * analysed issues? Fills x (nissues, status quo elsewhere) when they do. Returns 1 yes,
 * 0 no, -1 out of memory. */
static int joint_lp(const ent_scenario_t *s, const unsigned char *analysed, const unsigned char *who,
                    double *x, double *gain)
{
    size_t J = 0, nC = 0, nt = 0;
    for (size_t i = 0; i < s->nissues; i++) J += analysed[i];
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        nC++;
        int stake = 0;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!analysed[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (p->present && ent_scenario_salience(s, a, i, 0) > 0) { nt++; stake = 1; }
        }
        if (!stake) return 0;  /* an actor with no stake never strictly prefers */
    }
    if (nC == 0 || J == 0) return 0;
    size_t nv = J + nt + 1;             /* x', t, z' */
    size_t m = J + 2 * nt + nC;
    double *A = calloc(m * nv + 1, sizeof *A), *b = calloc(m + 1, sizeof *b);
    double *c = calloc(nv + 1, sizeof *c), *y = calloc(nv + 1, sizeof *y);
    size_t *col = malloc((s->nissues + 1) * sizeof *col);
    int res = -1;
    if (!A || !b || !c || !y || !col) goto done;
    size_t k = 0;
    for (size_t i = 0; i < s->nissues; i++) col[i] = analysed[i] ? k++ : (size_t)-1;
    double R = 1;
    size_t row = 0;
    for (size_t i = 0; i < s->nissues; i++) {
        if (!analysed[i]) continue;
        A[row * nv + col[i]] = 1;
        b[row++] = s->issues[i].hi[0] - s->issues[i].lo[0];
    }
    size_t tcol = J;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        double r = 0;
        size_t first_t = tcol;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!analysed[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            double sal = p->present ? ent_scenario_salience(s, a, i, 0) : 0;
            if (!(sal > 0)) continue;
            double pl = p->x[0] - s->issues[i].lo[0];
            A[row * nv + col[i]] = 1; A[row * nv + tcol] = -1; b[row++] = pl;
            A[row * nv + col[i]] = -1; A[row * nv + tcol] = -1; b[row++] = -pl;
            r += sal * fabs(s->issues[i].status_quo[0] - p->x[0]);
            tcol++;
        }
        (void)first_t;
        if (r + 1 > R) R = r + 1;
    }
    /* loss rows, in the same order */
    tcol = J;
    size_t lrow0 = row;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        double r = 0;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!analysed[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            double sal = p->present ? ent_scenario_salience(s, a, i, 0) : 0;
            if (!(sal > 0)) continue;
            A[row * nv + tcol] = sal;
            r += sal * fabs(s->issues[i].status_quo[0] - p->x[0]);
            tcol++;
        }
        A[row * nv + nv - 1] = -1;
        b[row] = r;  /* minus R below */
        row++;
    }
    for (size_t rr = lrow0; rr < row; rr++) b[rr] -= R;
    c[nv - 1] = 1;
    double opt;
    int lp = ent_lp_minimize(m, nv, A, b, c, y, &opt);
    if (lp < 0) goto done;
    if (lp != 0) { res = 0; goto done; }
    double z = opt - R;
    *gain = -z;
    if (z < -1e-7) {
        for (size_t i = 0; i < s->nissues; i++)
            x[i] = analysed[i] ? y[col[i]] + s->issues[i].lo[0]
                               : (s->issues[i].status_quo ? s->issues[i].status_quo[0] : NAN);
        res = 1;
    } else {
        res = 0;
    }
done:
    free(A); free(b); free(c); free(y); free(col);
    return res;
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
    unsigned char *veto = calloc(s->nactors + 1, 1), *who = calloc(s->nactors + 1, 1);
    double *x = malloc((ni + 1) * sizeof *x);
    uint64_t *mwc = NULL;
    if (!w->nint || !w->ints || !w->analysed || !w->veto || !veto || !who || !x) goto oom;
    if ((st = ent_i_rule_veto_actors(&r, veto, err)) != ENT_OK) goto fail;
    for (size_t a = 0; a < s->nactors; a++)
        if (veto[a]) w->veto[w->nveto++] = a;
    size_t J = 0;
    for (size_t i = 0; i < ni; i++) {
        if (s->issues[i].ndim != 1 || !s->issues[i].status_quo) continue;
        if ((st = intervals_1d(s, &r, i, w, err)) != ENT_OK) goto fail;
        J++;
    }
    if (J == 0) {
        snprintf(w->why, sizeof w->why, "no one-dimensional issue with a status quo");
        goto done;
    }
    if (J == 1 && also < 0) {
        size_t i = 0;
        while (!w->analysed[i]) i++;
        snprintf(w->method, sizeof w->method, "exact intervals on the single issue (breakpoints 2p - q)");
        if (w->nint[i] == 0) {
            w->joint = ENT_WINSET_EMPTY;
        } else {
            w->joint = ENT_WINSET_NONEMPTY;
            w->witness = malloc(ni * sizeof *w->witness);
            if (!w->witness) goto oom;
            const ent_interval_t *v = &w->ints[i][0];
            for (size_t k = 0; k < ni; k++)
                w->witness[k] = s->issues[k].status_quo && s->issues[k].ndim == 1 ? s->issues[k].status_quo[0] : NAN;
            w->witness[i] = 0.5 * (v->lo + v->hi);
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
        int ok = joint_lp(s, w->analysed, who, x, &gain);
        w->ncoal_checked++;
        if (ok < 0) goto oom;
        if (ok == 1 && gain > best_gain + 1e-9) {
            best_gain = gain;
            w->joint = ENT_WINSET_NONEMPTY;
            if (!w->witness) w->witness = malloc(ni * sizeof *w->witness);
            if (!w->witness) goto oom;
            memcpy(w->witness, x, ni * sizeof *x);
        }
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    ent_winset_destroy(w);
done:
    free(veto);
    free(who);
    free(x);
    free(mwc);
    ent_i_rule_close(&r);
    return st;
}
