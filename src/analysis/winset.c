/* SPDX-License-Identifier: MIT */
/* winset.c — utility and the win-set of the status quo (entente/analysis.h,
 * docs/analyses.md §2); its linear programs go through src/analysis/lp.c (Clp, checked in GMP).
 *
 * Utility: U_a(x) = − Σ_i ||s_ai ∘ (x_i − p_ai)||_2 (salience-weighted linear loss; the
 * Euclidean norm of salience-weighted differences on a multi-dimensional issue), saliences
 * rescaled to 0..1. An actor prefers x to the status quo q when U_a(x) > U_a(q) (strictly).
 * Preference forms (issue 11, item 1; entente/scenario.h, docs/analyses.md §2): on a 1-D
 * issue the term may be one-sided, asymmetric, quadratic or ordinal instead; each is
 * computed here only (pref_loss, q_pref_loss, jlp_pref_rows, cone_pref_row). The one-sided
 * and asymmetric forms are convex and piecewise linear: exact LPs as the linear loss. The
 * quadratic loss enters the LP through its chords (an upper bound equal at q: sound
 * witnesses) and the tangent cone decides emptiness (convex). An ordinal ranking is not
 * convex: each coalition gets one LP per combination of segments between labelled points.
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
 *     utility each preferred-to set is an open polytope, so the test is a linear program
 *     written from the status quo (moves d = x − q, loss changes t', z = − smallest gain):
 *        min z  s.t.  Σ_j t'_aj <= z (a ∈ C),  t'_aj >= ±w(q + d − p) − w|q − p|,  box on d
 *     (joint_lp). Minimal winning coalitions come from an exact enumeration (at most
 *     ENT_I_ENUM_MAX players); each LP has O(|C|·J) variables and constraints. A
 *     multi-dimensional issue's loss ||w∘(x−p)||_2 is not linear; the LP uses ||·||_1 >= ||·||_2
 *     there, so a point it finds is truly preferred (a sound witness). When it finds none, an
 *     exact test decides: every loss is convex and every preferred-to set has the status quo
 *     on its boundary, so the members share a preferred point iff they share a direction d
 *     from q with every directional derivative L_i'(q; d) < 0 (convexity gives both ways);
 *     that cone is one more LP, and a witness q + εd is then found by halving ε. Only an actor
 *     sitting exactly at q on a multi-dimensional issue (derivative ||W d||_2, bounded by
 *     1-norms) can leave the answer undecided; the report says so.
 * Trust (docs/analyses.md §2, "Linear programs"): the LPs are solved by Clp through lp.c, which
 * checks every answer in exact rationals. On top of that, a witness is reported only after
 * prefers_exact() has decided, in rationals, that every member strictly prefers it under the
 * true utility; "empty" only after a Farkas certificate has bounded the best common gain by
 * GAIN_NO (2e-7). A coalition whose LP yields neither is an ENT_EINTERNAL, never a verdict.
 * Witness rule: the point of (nearly) largest smallest gain nearest the status quo in the
 * 1-norm (a second and third LP in lp.c), so the same input gives the same witness.
 * Fewer LPs, same verdicts (docs/analyses.md §2, "Repeated programs"):
 *  - once a witness is in hand, a coalition whose gain_cap (a separable upper bound on its
 *    best common gain, equal weights on the members) does not exceed the gain in hand skips
 *    its LP: it could replace neither the witness nor a verdict;
 *  - prefers_exact settles each member in doubles when the two losses are far apart
 *    (prefers_screen, error bound in its comment), in rationals otherwise;
 *  - a run context (winset.h: ent_i_winset_run, ent_i_proposals_run), owned by the caller,
 *    holds an exact memo of LP answers (lp.h) and, for opts->verdicts_only, pools of verified
 *    points and of certificates tried before the LP (pool_point: a point every member
 *    strictly prefers, exactly, with a common LP gain >= GAIN_SURE; pool_cert: multipliers
 *    whose exact bound caps the gain at GAIN_NONE), the solver's own point before the pinned
 *    witness, and a stop at the first non-empty coalition.
 *  - pooled certificates also settle "empty" coalitions in the full computation (the LP's
 *    verdict too); a call without the caller's context gets its own, pools but no memo.
 *  - the draws of a simulation (ent_i_ws_ctx_search) add a searched point before the LP
 *    (search_point: weighted medians of the members' positions and mixes of them), leave out
 *    the 1-D intervals that decide nothing, and keep each rule's compiled game and each
 *    design's power to prevent in the context (docs/analyses.md §6, "The per-draw path").
 * Measured: callgrind instruction counts of `build/entente analyze
 * examples/ukraine-guarantees.yaml` 132.1 M with the hand-written simplex, 721.0 M with Clp
 * before these steps, 68.2 M after (lp.c lists each step), wall time 10.8 ms, 71.4 ms and
 * 10.9 ms (medians of 41 interleaved runs); bench/bench_analysis.c's minimal-coalition
 * win-sets (medians of 5 paired runs of build/bench/bench_analysis): UNSC 0.053 s with the
 * hand-written simplex -> 0.007 s, "7 of 12" 0.091 s -> 0.042 s (docs/analyses.md §2).
 */
#include "analysis/coalition.h"
#include "analysis/lp.h"
#include "analysis/winset.h"

#include <gmp.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- utility */

/* The preference forms (entente/scenario.h, docs/analyses.md §2 "Preference forms"): every
 * loss below is the one place they are computed — in doubles here (pref_loss), exactly in
 * rationals in q_loss, as LP rows in jlp_build and as directional derivatives in cone_rows. */

int ent_i_pref_linear(const ent_scenario_t *s, size_t a, size_t i)
{
    return ent_scenario_pref(s, a, i)->kind == ENT_PREF_LINEAR;
}

/* The ordinal loss before salience at x: the rank value R·k/(n − 1) of the labelled points,
 * interpolated linearly between the nearest points below and above x, constant beyond them. */
static double ord_value(const ent_pref_t *pf, double R, double x)
{
    long lo = -1, hi = -1;
    for (size_t k = 0; k < pf->nord; k++) {
        if (pf->ord[k] <= x && (lo < 0 || pf->ord[k] > pf->ord[lo])) lo = (long)k;
        if (pf->ord[k] >= x && (hi < 0 || pf->ord[k] < pf->ord[hi])) hi = (long)k;
    }
    double n1 = (double)(pf->nord - 1);
    if (lo < 0) return R * (double)hi / n1;
    if (hi < 0 || lo == hi) return R * (double)lo / n1;
    double vl = R * (double)lo / n1, vh = R * (double)hi / n1;
    return vl + (x - pf->ord[lo]) / (pf->ord[hi] - pf->ord[lo]) * (vh - vl);
}

/* The loss of actor a (with a position) on 1-D issue i at x under a form that is not LINEAR. */
static double pref_loss(const ent_scenario_t *s, size_t a, size_t i, const ent_pref_t *pf, double x)
{
    const ent_position_t *p = ent_scenario_pos(s, a, i);
    double w = ent_scenario_salience(s, a, i, 0), dl = x - p->x[0], R = s->issues[i].hi[0] - s->issues[i].lo[0];
    if (pf->kind == ENT_PREF_QUADRATIC) return w * dl * dl / R;
    if (pf->kind == ENT_PREF_ORDINAL) return w * ord_value(pf, R, x);
    return w * (dl < 0 ? -pf->below * dl : pf->above * dl);
}

double ent_utility(const ent_scenario_t *s, size_t a, const double *const *x)
{
    double u = 0;
    int any = 0;
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present || !x[i]) continue;
        any = 1;
        const ent_pref_t *pf = ent_scenario_pref(s, a, i);
        if (pf->kind != ENT_PREF_LINEAR) {
            u -= pref_loss(s, a, i, pf, x[i][0]);
            continue;
        }
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
        const ent_pref_t *pf = ent_scenario_pref(s, a, i);
        if (pf->kind != ENT_PREF_LINEAR) {  /* the same margin, relative to the scale */
            double lq = pref_loss(s, a, i, pf, q), R = s->issues[i].hi[0] - s->issues[i].lo[0];
            flags[a] = pref_loss(s, a, i, pf, v) < lq - 1e-12 * (lq + ent_scenario_salience(s, a, i, 0) * R);
            continue;
        }
        flags[a] = fabs(v - p->x[0]) < fabs(q - p->x[0]) - 1e-12;
    }
}

/* The points strictly inside the scale where actor a's loss on 1-D issue i equals its loss
 * at the status quo q (form pf, not LINEAR), written to out; returns how many (at most
 * 1 + 3·nord). One-sided and asymmetric: the mirror point of q across p, scaled by the ratio
 * of the slopes (none when the far slope is 0: the preferred side then runs to the scale's
 * end); quadratic: 2p − q; ordinal: every labelled point and, on each segment between two
 * consecutive ones, the point of equal loss. Extra breakpoints only split pieces. */
static size_t pref_roots(const ent_scenario_t *s, size_t a, size_t i, const ent_pref_t *pf, double q, double *out)
{
    double p = ent_scenario_pos(s, a, i)->x[0], lo = s->issues[i].lo[0], hi = s->issues[i].hi[0];
    size_t n = 0;
    double m = NAN;
    if (pf->kind == ENT_PREF_QUADRATIC) m = 2 * p - q;
    else if (pf->kind != ENT_PREF_ORDINAL && q > p && pf->below > 0) m = p - pf->above * (q - p) / pf->below;
    else if (pf->kind != ENT_PREF_ORDINAL && q < p && pf->above > 0) m = p + pf->below * (p - q) / pf->above;
    if (m > lo && m < hi) out[n++] = m;
    if (pf->kind != ENT_PREF_ORDINAL) return n;
    double R = hi - lo, vq = ord_value(pf, R, q);
    for (size_t k = 0; k < pf->nord; k++) {
        double x0 = pf->ord[k], x1 = INFINITY;
        if (x0 > lo && x0 < hi) out[n++] = x0;
        for (size_t j = 0; j < pf->nord; j++)  /* the next labelled point above x0 */
            if (pf->ord[j] > x0 && pf->ord[j] < x1) x1 = pf->ord[j];
        if (!isfinite(x1)) continue;
        double v0 = ord_value(pf, R, x0), v1 = ord_value(pf, R, x1);
        if (v0 == v1 || (vq - v0) * (vq - v1) > 0) continue;
        double r = x0 + (vq - v0) / (v1 - v0) * (x1 - x0);
        if (r > lo && r < hi) out[n++] = r;
    }
    return n;
}

static ent_status_t intervals_1d(const ent_scenario_t *s, ent_i_rule_t *r, size_t i, ent_winset_t *w,
                                 ent_error_t *err)
{
    const ent_issue_t *is = &s->issues[i];
    double q = is->status_quo[0], lo = is->lo[0], hi = is->hi[0];
    size_t nbp = s->nactors + 3;  /* ordinal forms add their points and up to two roots per segment */
    for (size_t a = 0; a < s->nactors; a++)
        if (ent_scenario_pos(s, a, i)->present) nbp += 3 * ent_scenario_pref(s, a, i)->nord;
    double *bp = malloc(nbp * sizeof *bp);
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
        const ent_pref_t *pf = ent_scenario_pref(s, a, i);
        if (pf->kind != ENT_PREF_LINEAR) {
            nb += pref_roots(s, a, i, pf, q, bp + nb);
            continue;
        }
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


/* ---------------------------------------------------------------- exact preference check */

/* out = a double d with d² >= S (up) or d² <= S (down), exactly; S >= 0. */
static void q_sqrt_bound(mpq_t out, const mpq_t S, int up, mpq_t tmp)
{
    double d = sqrt(mpq_get_d(S));
    for (;;) {
        mpq_set_d(out, d);
        mpq_mul(tmp, out, out);
        int c = mpq_cmp(tmp, S);
        if (up ? c >= 0 : c <= 0) break;
        d = nextafter(d, up ? INFINITY : 0);
    }
}

/* out = the loss of actor a on 1-D issue i at x under form pf (not LINEAR), exactly: every
 * form is a rational function of the doubles it reads (pref_loss in exact arithmetic). */
static void q_pref_loss(mpq_t out, const ent_scenario_t *s, size_t a, size_t i, const ent_pref_t *pf, double x)
{
    mpq_t t, u, R;
    mpq_inits(t, u, R, NULL);
    mpq_set_d(R, s->issues[i].hi[0]);
    mpq_set_d(u, s->issues[i].lo[0]);
    mpq_sub(R, R, u);
    if (pf->kind == ENT_PREF_ORDINAL) {
        long lo = -1, hi = -1;
        for (size_t k = 0; k < pf->nord; k++) {
            if (pf->ord[k] <= x && (lo < 0 || pf->ord[k] > pf->ord[lo])) lo = (long)k;
            if (pf->ord[k] >= x && (hi < 0 || pf->ord[k] < pf->ord[hi])) hi = (long)k;
        }
        if (lo < 0 || hi < 0 || lo == hi) {  /* constant: R·k/(n − 1) */
            mpq_set_ui(out, (unsigned long)(lo < 0 ? hi : lo), (unsigned long)(pf->nord - 1));
            mpq_canonicalize(out);
            mpq_mul(out, out, R);
        } else {  /* R/(n − 1) · (lo + (x − x_lo)/(x_hi − x_lo) · (hi − lo)) */
            mpq_set_d(t, x);
            mpq_set_d(u, pf->ord[lo]);
            mpq_sub(t, t, u);
            mpq_set_d(out, pf->ord[hi]);
            mpq_sub(u, out, u);
            mpq_div(t, t, u);
            mpq_set_si(u, hi - lo, 1);
            mpq_mul(t, t, u);
            mpq_set_si(u, lo, 1);
            mpq_add(t, t, u);
            mpq_set_ui(u, 1, (unsigned long)(pf->nord - 1));
            mpq_mul(t, t, u);
            mpq_mul(out, t, R);
        }
    } else {
        mpq_set_d(t, x);
        mpq_set_d(u, ent_scenario_pos(s, a, i)->x[0]);
        mpq_sub(t, t, u);  /* x − p */
        if (pf->kind == ENT_PREF_QUADRATIC) {
            mpq_mul(out, t, t);
            mpq_div(out, out, R);
        } else {
            mpq_set_d(u, mpq_sgn(t) < 0 ? -pf->below : pf->above);
            mpq_mul(out, t, u);
        }
    }
    mpq_set_d(u, ent_scenario_salience(s, a, i, 0));
    mpq_mul(out, out, u);
    mpq_clears(t, u, R, NULL);
}

/* Loss of actor a at point x (issues with in[i]), bounded exactly: from above (up) or from
 * below. 1-D terms s·|x − p| are exact; a multi-dimensional term sqrt(Σ (s_d (x_d − p_d))²)
 * is replaced by a double bounding its square root on the stated side. */
static void q_loss(const ent_scenario_t *s, size_t a, const unsigned char *in, const double *x, int up,
                   mpq_t loss, mpq_t S, mpq_t t, mpq_t u)
{
    mpq_set_ui(loss, 0, 1);
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!in[i] || !p->present) continue;
        const ent_pref_t *pf = ent_scenario_pref(s, a, i);
        if (pf->kind != ENT_PREF_LINEAR) {  /* exact: no bound needed */
            q_pref_loss(S, s, a, i, pf, x[cc]);
            mpq_add(loss, loss, S);
            continue;
        }
        mpq_set_ui(S, 0, 1);
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            mpq_set_d(t, x[cc + d]);
            mpq_set_d(u, p->x[d]);
            mpq_sub(t, t, u);
            mpq_set_d(u, ent_scenario_salience(s, a, i, d));
            mpq_mul(t, t, u);
            if (s->issues[i].ndim == 1) {
                mpq_abs(S, t);
            } else {
                mpq_mul(t, t, t);
                mpq_add(S, S, t);
            }
        }
        if (s->issues[i].ndim != 1) {
            q_sqrt_bound(t, S, up, u);
            mpq_set(S, t);
        }
        mpq_add(loss, loss, S);
    }
}

/* The exact comparison below, settled in doubles when the losses differ by far more than
 * their rounding: each loss is a sum of N <= ncoord nonnegative terms s·|x − p| (two roundings
 * each) or sqrt(Σ (s (x − p))²) (at most nd + 4 roundings), so the computed sum is within
 * (N + 8)·2⁻⁵³ of the true one, relatively, as are the rational bounds of q_loss (one ulp of
 * a square root). A gap above 1e-12 (or 4(N + 8)·2⁻⁵³ if larger) of Lx + Lq, plus 1e-290 for
 * underflow, gives the exact answer: 1 (strictly prefers), 0 (does not); -1 leaves it to the
 * rationals. */
static int prefers_screen(const ent_scenario_t *s, size_t a, const unsigned char *in, const double *x, size_t ncoord)
{
    double lx = 0, lq = 0, mag = 0;
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!in[i] || !p->present) continue;
        const ent_pref_t *pf = ent_scenario_pref(s, a, i);
        if (pf->kind != ENT_PREF_LINEAR) {
            /* a few roundings of terms bounded by w·max(below, above, 1)·R: mag bounds them */
            lx += pref_loss(s, a, i, pf, x[cc]);
            lq += pref_loss(s, a, i, pf, s->issues[i].status_quo[0]);
            mag += ent_scenario_salience(s, a, i, 0) * fmax(1, fmax(pf->below, pf->above)) *
                   (s->issues[i].hi[0] - s->issues[i].lo[0]);
            continue;
        }
        size_t nd = s->issues[i].ndim;
        double sx = 0, sq = 0;
        for (size_t d = 0; d < nd; d++) {
            double sal = ent_scenario_salience(s, a, i, d);
            double tx = sal * (x[cc + d] - p->x[d]), tq = sal * (s->issues[i].status_quo[d] - p->x[d]);
            if (nd == 1) { sx = fabs(tx); sq = fabs(tq); }
            else { sx += tx * tx; sq += tq * tq; }
        }
        lx += nd == 1 ? sx : sqrt(sx);
        lq += nd == 1 ? sq : sqrt(sq);
    }
    if (!isfinite(lx) || !isfinite(lq)) return -1;
    double rel = fmax(1e-12, 4.0 * ((double)ncoord + 8) * 0x1p-53);
    double margin = rel * (lx + lq + mag) + 1e-290;
    if (lq - lx > margin) return 1;
    if (lx - lq > margin) return 0;
    return -1;
}

/* 1 iff every member of `who` strictly prefers x to the status quo under the true utility
 * (ent_utility), decided exactly: an upper bound of the loss at x below a lower bound of the
 * loss at the status quo (prefers_screen first: the same answer, in doubles, where the losses
 * are far apart). Issues without in[i] are held at the status quo. */
static int prefers_exact(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, const double *x)
{
    size_t ncoord = 0, undecided = 0;
    for (size_t i = 0; i < s->nissues; i++) ncoord += s->issues[i].ndim;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        int r = prefers_screen(s, a, in, x, ncoord);
        if (r == 0) return 0;
        undecided += r < 0;
    }
    if (!undecided) return 1;
    double *q = malloc((ncoord + 1) * sizeof *q);
    if (!q) return -1;
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++) q[cc + d] = in[i] ? s->issues[i].status_quo[d] : 0;
    mpq_t lx, lq, S, t, u;
    mpq_inits(lx, lq, S, t, u, NULL);
    int ok = 1;
    for (size_t a = 0; a < s->nactors && ok; a++) {
        if (!who[a] || prefers_screen(s, a, in, x, ncoord) == 1) continue;
        q_loss(s, a, in, x, 1, lx, S, t, u);
        q_loss(s, a, in, q, 0, lq, S, t, u);
        ok = mpq_cmp(lx, lq) < 0;
    }
    mpq_clears(lx, lq, S, t, u, NULL);
    free(q);
    return ok;
}

/* ---------------------------------------------------------------- run context */

/* A cached list of coalitions to test (ws_coalitions): it depends on the rule, not on the
 * positions, except through the rule's compiled game and the abstentions of players without a
 * stake. The key holds everything of the scenario that can change within one run and reach
 * those coalitions: the rule's index and text, its players (actors), their abstain flags and
 * their capabilities (weights by capability), plus the options that shape the list. */
typedef struct {
    size_t rule, n, max_lp;
    const char *expr;
    int all_winning;
    unsigned char *key;    /* abstain flags, then actor map, then capabilities of the players */
    size_t keylen;
    uint64_t count;        /* exact number of coalitions */
    uint64_t *list;        /* the first nl of them, in ws_coalitions' order */
    size_t nl;
    uint64_t stamp;        /* last use, for replacement */
} ws_mwc_t;

/* Coalition lists kept per context. */
#define ENT_I_WS_MWC 16

/* A kept power to prevent (ent_i_ws_ctx_prevent_get). */
typedef struct {
    size_t rule, against, n;
    const char *expr;
    double *key;           /* n actor indices (as doubles), then their n capabilities */
    double pi;
} ws_prevent_t;

/* A kept compiled rule (ent_i_ws_rule_open). */
typedef struct {
    size_t rule, nactors;
    const char *expr;
    double *cap;           /* every actor's capability when compiled */
    ent_game_t *game;
} ws_game_t;

/* Compiled rules kept per context. */
#define ENT_I_WS_GAMES 16

/* Powers to prevent kept per context (one per design of the scenario). */
#define ENT_I_WS_PREVENT 16

struct ent_i_ws_ctx {
    ws_game_t games[ENT_I_WS_GAMES];
    size_t ngames;
    ws_prevent_t prevent[ENT_I_WS_PREVENT];
    size_t nprevent;
    ws_mwc_t mwc[ENT_I_WS_MWC];
    uint64_t mwc_clock;
    size_t mwc_hits, mwc_misses;
    ent_i_lp_memo_t *memo;
    double *pt[ENT_I_WS_POOL];   /* verified points, most recently useful first */
    size_t npt[ENT_I_WS_POOL];   /* their lengths (ncoord) */
    double *cert[ENT_I_WS_POOL]; /* row multipliers of LPs that proved "empty" */
    size_t mcert[ENT_I_WS_POOL];
    size_t by_point, by_cert, by_search;
    int search;                  /* ent_i_ws_ctx_search */
};

void ent_i_ws_ctx_search(ent_i_ws_ctx_t *ctx, int on)
{
    if (ctx) ctx->search = on != 0;
}

ent_i_ws_ctx_t *ent_i_ws_ctx_new(size_t memo_bytes)
{
    ent_i_ws_ctx_t *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
    if (!(ctx->memo = ent_i_lp_memo_new(memo_bytes))) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

void ent_i_ws_ctx_free(ent_i_ws_ctx_t *ctx)
{
    if (!ctx) return;
    ent_i_lp_memo_free(ctx->memo);
    for (size_t k = 0; k < ctx->nprevent; k++) free(ctx->prevent[k].key);
    for (size_t k = 0; k < ctx->ngames; k++) {
        free(ctx->games[k].cap);
        ent_game_destroy(ctx->games[k].game);
    }
    for (size_t k = 0; k < ENT_I_WS_MWC; k++) {
        free(ctx->mwc[k].key);
        free(ctx->mwc[k].list);
    }
    for (size_t k = 0; k < ENT_I_WS_POOL; k++) {
        free(ctx->pt[k]);
        free(ctx->cert[k]);
    }
    free(ctx);
}

void ent_i_ws_ctx_stats(const ent_i_ws_ctx_t *ctx, size_t *lp_solved, size_t *memo_hits, size_t *by_point,
                        size_t *by_cert)
{
    ent_i_lp_memo_stats_t st;
    ent_i_lp_memo_stats(ctx ? ctx->memo : NULL, &st);
    *lp_solved = st.misses;
    *memo_hits = st.hits;
    *by_point = ctx ? ctx->by_point : 0;
    *by_cert = ctx ? ctx->by_cert : 0;
}

void ent_i_ws_ctx_mwc_stats(const ent_i_ws_ctx_t *ctx, size_t *hits, size_t *misses)
{
    *hits = ctx ? ctx->mwc_hits : 0;
    *misses = ctx ? ctx->mwc_misses : 0;
}

static ws_game_t *game_find(ent_i_ws_ctx_t *ctx, const ent_scenario_t *s, size_t rule)
{
    for (size_t k = 0; k < ctx->ngames; k++) {
        ws_game_t *e = &ctx->games[k];
        if (e->rule != rule || e->nactors != s->nactors || e->expr != s->rules[rule].expr) continue;
        size_t a = 0;
        while (a < s->nactors && !memcmp(&e->cap[a], &s->actors[a].capability, sizeof(double))) a++;
        if (a == s->nactors) return e;
    }
    return NULL;
}

ent_status_t ent_i_ws_rule_open(ent_i_ws_ctx_t *ctx, ent_i_rule_t *r, const ent_scenario_t *s, size_t rule,
                                ent_error_t *err)
{
    if (!ctx || !ctx->search || rule >= s->nrules) return ent_i_rule_open(r, s, rule, err);
    ws_game_t *e = game_find(ctx, s, rule);
    if (!e) {
        ent_status_t st = ent_i_rule_open(r, s, rule, err);
        if (st != ENT_OK || ctx->ngames == ENT_I_WS_GAMES) return st;
        double *cap = malloc((s->nactors + 1) * sizeof *cap);
        if (!cap) return ENT_OK;  /* not kept: r owns its game */
        for (size_t a = 0; a < s->nactors; a++) cap[a] = s->actors[a].capability;
        ctx->games[ctx->ngames++] = (ws_game_t){rule, s->nactors, s->rules[rule].expr, cap, r->game};
        return ENT_OK;  /* lent from now on */
    }
    /* ent_i_rule_open (coalition.c) with the kept game */
    memset(r, 0, sizeof *r);
    r->game = e->game;
    ent_status_t st = ent_i_rule_views(r, s, err);
    if (st != ENT_OK) ent_i_ws_rule_close(ctx, r); /* frees the views, not the kept game */
    return st;
}

void ent_i_ws_rule_close(ent_i_ws_ctx_t *ctx, ent_i_rule_t *r)
{
    if (!r) return;
    for (size_t k = 0; ctx && k < ctx->ngames; k++)
        if (ctx->games[k].game == r->game) r->game = NULL;  /* the context's */
    ent_i_rule_close(r);
}

/* key := the actors of the rule's players and their capabilities (2n doubles). */
static void prevent_key(const ent_scenario_t *s, const size_t *actor, size_t n, double *key)
{
    for (size_t p = 0; p < n; p++) {
        key[p] = (double)actor[p];
        key[n + p] = s->actors[actor[p]].capability;
    }
}

static ws_prevent_t *prevent_find(ent_i_ws_ctx_t *ctx, const ent_scenario_t *s, size_t rule, const size_t *actor,
                                  size_t n, size_t against)
{
    for (size_t k = 0; k < ctx->nprevent; k++) {
        ws_prevent_t *e = &ctx->prevent[k];
        if (e->rule != rule || e->against != against || e->n != n || e->expr != s->rules[rule].expr) continue;
        size_t p = 0;
        while (p < n && e->key[p] == (double)actor[p] && !memcmp(&e->key[n + p], &s->actors[actor[p]].capability,
                                                                  sizeof(double)))
            p++;
        if (p == n) return e;
    }
    return NULL;
}

int ent_i_ws_ctx_prevent_get(ent_i_ws_ctx_t *ctx, const ent_scenario_t *s, size_t rule, const size_t *actor,
                             size_t n, size_t against, double *pi)
{
    ws_prevent_t *e = ctx && rule < s->nrules ? prevent_find(ctx, s, rule, actor, n, against) : NULL;
    if (e) *pi = e->pi;
    return e != NULL;
}

void ent_i_ws_ctx_prevent_put(ent_i_ws_ctx_t *ctx, const ent_scenario_t *s, size_t rule, const size_t *actor,
                              size_t n, size_t against, double pi)
{
    if (!ctx || rule >= s->nrules || ctx->nprevent == ENT_I_WS_PREVENT || prevent_find(ctx, s, rule, actor, n, against))
        return;
    double *key = malloc((2 * n + 1) * sizeof *key);
    if (!key) return;
    prevent_key(s, actor, n, key);
    ctx->prevent[ctx->nprevent++] = (ws_prevent_t){rule, against, n, s->rules[rule].expr, key, pi};
}

/* Put v (length len, copied) first in a pool, dropping the last entry. */
static void pool_push(double **pool, size_t *plen, const double *v, size_t len)
{
    double *c = malloc((len + 1) * sizeof *c);
    if (!c) return;
    memcpy(c, v, len * sizeof *c);
    free(pool[ENT_I_WS_POOL - 1]);
    memmove(pool + 1, pool, (ENT_I_WS_POOL - 1) * sizeof *pool);
    memmove(plen + 1, plen, (ENT_I_WS_POOL - 1) * sizeof *plen);
    pool[0] = c;
    plen[0] = len;
}

/* Move entry k of a pool to the front. */
static void pool_front(double **pool, size_t *plen, size_t k)
{
    double *v = pool[k];
    size_t len = plen[k];
    memmove(pool + 1, pool, k * sizeof *pool);
    memmove(plen + 1, plen, k * sizeof *plen);
    pool[0] = v;
    plen[0] = len;
}

void ent_i_ws_ctx_add_point(ent_i_ws_ctx_t *ctx, const double *x, size_t ncoord)
{
    if (ctx && x) pool_push(ctx->pt, ctx->npt, x, ncoord);
}

/* ---------------------------------------------------------------- joint LP */

/* Verdicts of one coalition's test. */
enum { T_NO = 0, T_YES = 1, T_UNDECIDED = 2 };

/* The common gain below which a coalition's win-set counts as empty, and the proven bound
 * that an emptiness claim needs (docs/analyses.md §2). */
#define GAIN_YES 1e-7
#define GAIN_NO 2e-7

/* The joint LP of one coalition (see joint_lp). */
typedef struct {
    size_t J, nt, nC;     /* coordinates tested, |coordinate terms| over members, members */
    size_t nr;            /* rows of the terms: 2 per piecewise-linear term, one per chord of a
                             quadratic one */
    size_t nv, m;
    double *A, *b, *c, *lb, *ub, *tie, *y;
    size_t *col;          /* ncoord: coordinate -> d column, or (size_t)-1 */
    const double *box;    /* 2·ncoord: each coordinate's [lo, hi] for this LP (a segment between
                             labelled points of an ordinal form), or NULL: the scales */
} jlp_t;

static void jlp_free(jlp_t *L)
{
    free(L->A); free(L->b); free(L->c); free(L->lb); free(L->ub); free(L->tie); free(L->y); free(L->col);
}

/* The d and e columns, and the e rows ±d − e <= 0. */
static void jlp_moves(const ent_scenario_t *s, const unsigned char *in, jlp_t *L)
{
    size_t nv = L->nv, k = 0, ec = L->J + L->nt + 1;
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            L->col[cc + d] = in[i] ? k++ : (size_t)-1;
            if (!in[i]) continue;
            double lo = s->issues[i].lo[d], hi = s->issues[i].hi[d], q = s->issues[i].status_quo[d];
            size_t dc = L->col[cc + d], e = ec + dc, er = L->nr + L->nC + 2 * dc;
            L->lb[dc] = (L->box ? L->box[2 * (cc + d)] : lo) - q;
            L->ub[dc] = (L->box ? L->box[2 * (cc + d) + 1] : hi) - q;
            L->ub[e] = 2 * (hi - lo) + 1;
            L->tie[e] = 1;
            L->A[er * nv + dc] = 1;        L->A[er * nv + e] = -1;
            L->A[(er + 1) * nv + dc] = -1; L->A[(er + 1) * nv + e] = -1;
        }
}

/* The knots of the chords that bound a quadratic loss from above on issue i (at most
 * QUAD_KNOTS, sorted, distinct): the ends of the scale, the status quo q, the position p, and
 * 7 evenly spaced points. The chords' maximum is the loss interpolated linearly between the
 * knots: convex, >= the loss, equal to it at q (so the LP's gains are gains of the true loss
 * or less, and a point it finds is truly preferred). */
#define QUAD_KNOTS 11
static size_t quad_knots(const ent_scenario_t *s, size_t a, size_t i, double *k)
{
    double lo = s->issues[i].lo[0], hi = s->issues[i].hi[0], p = ent_scenario_pos(s, a, i)->x[0];
    size_t n = 0;
    k[n++] = lo;
    k[n++] = hi;
    k[n++] = s->issues[i].status_quo[0];
    k[n++] = p;
    for (int j = 1; j < 8; j++) k[n++] = lo + (hi - lo) * j / 8.0;
    qsort(k, n, sizeof *k, dbl_cmp);
    size_t u = 0;
    for (size_t j = 0; j < n; j++)
        if (u == 0 || k[j] > k[u - 1]) k[u++] = k[j];
    return u;
}

/* LP rows of one member's term under a form other than LINEAR (jlp_build; 1-D issue i):
 * t' >= f(q + d) − f(q) for the loss f, written from the status quo as the linear rows
 *   slopes (and one-sided):  above·w·d − t' <= f(q) − above·e,  −below·w·d − t' <= f(q) + below·e
 *   (e = w(q − p); the zero piece of a one-sided form is t' >= −f(q), the column's bound);
 *   quadratic: one row per chord between consecutive knots (quad_knots), m·d − t' <=
 *   f(q) − f(k_j) − m(q − k_j) with m the chord's slope;
 *   ordinal: one row, the loss's line on the LP's box (L->box, set by ws_joint to a segment
 *   between consecutive labelled points, on which the interpolated ranks are linear).
 * Fills *row onward and the column tcol's bounds; adds the column to the member's row lrow. */
static void jlp_pref_rows(const ent_scenario_t *s, size_t a, size_t i, const ent_pref_t *pf, jlp_t *L, size_t *row,
                          size_t tcol, size_t lrow)
{
    size_t nv = L->nv, dc = L->col[coord_of(s, i)], r = *row;
    double w = coord_w(s, a, i, 0), p = ent_scenario_pos(s, a, i)->x[0], q = s->issues[i].status_quo[0];
    double lo = s->issues[i].lo[0], hi = s->issues[i].hi[0], fq = pref_loss(s, a, i, pf, q);
    if (pf->kind == ENT_PREF_QUADRATIC) {
        double k[QUAD_KNOTS];
        size_t n = quad_knots(s, a, i, k);
        for (size_t j = 0; j + 1 < n; j++, r++) {
            double f0 = pref_loss(s, a, i, pf, k[j]), f1 = pref_loss(s, a, i, pf, k[j + 1]);
            double m = (f1 - f0) / (k[j + 1] - k[j]);
            L->A[r * nv + dc] = m;
            L->A[r * nv + tcol] = -1;
            L->b[r] = fq - f0 - m * (q - k[j]);
        }
        L->ub[tcol] = w * (hi - lo) + 1;
    } else if (pf->kind == ENT_PREF_ORDINAL) {
        /* on the LP's box, a segment between consecutive labelled points, the loss is linear */
        size_t c = coord_of(s, i);
        double a0 = L->box[2 * c], a1 = L->box[2 * c + 1], f0 = pref_loss(s, a, i, pf, a0);
        double m = a1 > a0 ? (pref_loss(s, a, i, pf, a1) - f0) / (a1 - a0) : 0;
        L->A[r * nv + dc] = m;
        L->A[r * nv + tcol] = -1;
        L->b[r++] = fq - f0 - m * (q - a0);
        L->ub[tcol] = w * (hi - lo) + 1;
    } else {
        double e = w * (q - p);
        L->A[r * nv + dc] = pf->above * w;  L->A[r * nv + tcol] = -1; L->b[r++] = fq - pf->above * e;
        L->A[r * nv + dc] = -pf->below * w; L->A[r * nv + tcol] = -1; L->b[r++] = fq + pf->below * e;
        L->ub[tcol] = 2 * w * fmax(pf->above, pf->below) * fmax(fabs(hi - p), fabs(p - lo)) + 1;
    }
    L->lb[tcol] = -fq;
    L->A[lrow * nv + tcol] = 1;
    *row = r;
}

/* Rows of one member's term in the joint LP (jlp_t.nr). */
static size_t jlp_term_rows(const ent_scenario_t *s, size_t a, size_t i)
{
    const ent_pref_t *pf = ent_scenario_pref(s, a, i);
    if (pf->kind == ENT_PREF_ORDINAL) return 1;
    if (pf->kind != ENT_PREF_QUADRATIC) return 2;
    double k[QUAD_KNOTS];
    return quad_knots(s, a, i, k) - 1;
}

/* Rows and bounds of the joint LP. Returns 0, or -1 out of memory. */
static int jlp_build(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, jlp_t *L)
{
    size_t ncoord = coord_of(s, s->nissues), J = L->J, nt = L->nt, zc = J + nt;
    L->nv = 2 * J + nt + 1;
    L->m = L->nr + L->nC + 2 * J;
    size_t nv = L->nv;
    L->A = calloc(L->m * nv + 1, sizeof *L->A);
    L->b = calloc(L->m + 1, sizeof *L->b);
    L->c = calloc(nv + 1, sizeof *L->c);
    L->lb = calloc(nv + 1, sizeof *L->lb);
    L->ub = calloc(nv + 1, sizeof *L->ub);
    L->tie = calloc(nv + 1, sizeof *L->tie);
    L->y = calloc(nv + 1, sizeof *L->y);
    L->col = malloc((ncoord + 1) * sizeof *L->col);
    if (!L->A || !L->b || !L->c || !L->lb || !L->ub || !L->tie || !L->y || !L->col) return -1;
    jlp_moves(s, in, L);
    size_t row = 0, tcol = J, lrow = L->nr;
    double zlo = 0, zhi = 0;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        double tlo = 0, thi = 0;
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
            if (!in[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            double q2 = 0, l1 = 0;
            const ent_pref_t *pf = ent_scenario_pref(s, a, i);
            if (pf->kind != ENT_PREF_LINEAR) {
                if (!(coord_w(s, a, i, 0) > 0)) continue;
                jlp_pref_rows(s, a, i, pf, L, &row, tcol, lrow);
                tlo += L->lb[tcol];
                thi += L->ub[tcol];
                tcol++;
                continue;
            }
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                double w = coord_w(s, a, i, d);
                if (!(w > 0)) continue;
                double lo = s->issues[i].lo[d], hi = s->issues[i].hi[d], e = w * (s->issues[i].status_quo[d] - p->x[d]);
                size_t dc = L->col[cc + d];
                /* t' = t − |e| >= ±w (q + d − p) − |e|, i.e. ±w d − t' <= |e| ∓ e */
                L->A[row * nv + dc] = w;  L->A[row * nv + tcol] = -1; L->b[row++] = fabs(e) - e;
                L->A[row * nv + dc] = -w; L->A[row * nv + tcol] = -1; L->b[row++] = fabs(e) + e;
                L->lb[tcol] = -fabs(e);
                L->ub[tcol] = 2 * w * fmax(fabs(hi - p->x[d]), fabs(p->x[d] - lo)) + 1;
                L->A[lrow * nv + tcol] = 1;
                tlo += L->lb[tcol];
                thi += L->ub[tcol];
                q2 += e * e;
                l1 += fabs(e);
                tcol++;
            }
            /* a multi-dimensional loss: the row compares the 1-norm at x with the 2-norm at q */
            if (s->issues[i].ndim != 1) L->b[lrow] += sqrt(q2) - l1;
        }
        L->A[lrow * nv + zc] = -1;  /* Σ t' − z <= b_a: z >= the member's loss change */
        zlo = fmin(zlo, tlo - L->b[lrow]);
        zhi = fmax(zhi, thi - L->b[lrow]);
        lrow++;
    }
    L->c[zc] = 1;
    L->lb[zc] = zlo - 1;
    L->ub[zc] = zhi + 1;
    return 0;
}

/* LP test: do the members of `who` (actor flags) all strictly prefer some point of the issues
 * with in[i] set? Columns: the move d = x − q (J, within the scales), t' (one per member and
 * weighted coordinate: its loss change w|x − p| − w|q − p|), z, e (J);
 *   min z  s.t.  t' >= ±w (q + d − p) − w|q − p|,  Σ_a t' − z <= b_a (a ∈ C),  e >= ±d,
 * b_a = 0 on 1-D issues. The best common gain is −z*. Everything is measured from the status
 * quo, so the right-hand sides that bind are 0 and the LP's tolerances scale with the gains,
 * not with the positions (a 0..1e7 scale next to a 0..1e-3 one stays exact). A
 * multi-dimensional loss uses its 1-norm (>= the 2-norm; b_a = ||·||_2 − ||·||_1 at q <= 0): a
 * point found is truly preferred. Loose finite bounds on t', z, e cut no point of positive
 * gain and keep every certificate repairable. Witness: among points within the slack of z*,
 * the one nearest the status quo in Σ|d_c| (lp.h); a move smaller than 1e-9 of its scale's
 * width is set to 0 when the point still passes the exact check.
 * Verdicts: T_YES with *gain (when the gain beats `best` by more than 1e-9, x is filled with a
 * witness that every member strictly prefers, checked exactly with prefers_exact; otherwise x
 * is left alone and only the witness in hand counts), T_NO (the LP proves no gain above
 * GAIN_NO). Anything else is ENT_EINTERNAL. */
static ent_status_t joint_lp(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, double best,
                             const double *box, ent_i_ws_ctx_t *ctx, int vo, double *x, double *gain, int *verdict,
                             ent_error_t *err);

/* Verdicts only: the gain margins that let a check outside the LP stand for the LP's verdict.
 * A point whose LP objective shows a common gain of at least GAIN_SURE makes the LP's optimum
 * at least that, far above GAIN_YES, so the LP would say T_YES too; multipliers that bound
 * the gain by GAIN_NONE make its optimum at most that, far below GAIN_YES, so it would say
 * T_NO (docs/analyses.md §2, "Linear programs"). */
#define GAIN_SURE 1e-6
#define GAIN_NONE 1e-8

/* The common gain of point x in the joint LP's terms (1-norm loss at x, the true loss at q),
 * in doubles: min over the members of L_a(q) − Σ w|x − p|; NAN when x is not a point of the
 * LP's box (a coordinate NaN or outside its scale). A screen only: prefers_exact decides. */
static double lp_gain_at(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, const double *x)
{
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim && in[i]; d++)
            if (!(x[cc + d] >= s->issues[i].lo[d] && x[cc + d] <= s->issues[i].hi[d])) return NAN;
    double g = INFINITY;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        double lq = 0, lx = 0;
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
            if (!in[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (p->present && !ent_i_pref_linear(s, a, i)) return NAN;  /* a screen for linear losses only */
            double q2 = 0;
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                double w = coord_w(s, a, i, d);
                if (!(w > 0)) continue;
                double e = w * (s->issues[i].status_quo[d] - p->x[d]);
                q2 += e * e;
                lq += s->issues[i].ndim == 1 ? fabs(e) : 0;
                lx += w * fabs(x[cc + d] - p->x[d]);
            }
            if (s->issues[i].ndim != 1) lq += sqrt(q2);
        }
        g = fmin(g, lq - lx);
    }
    return g;
}

/* Verdicts only, before the LP: a pooled point that every member strictly prefers (exactly)
 * with a common LP gain of at least GAIN_SURE. Returns 1 (x, *gain filled), 0, -1 no memory. */
static int pool_point(ent_i_ws_ctx_t *ctx, const ent_scenario_t *s, const unsigned char *in, const unsigned char *who,
                      size_t ncoord, double *x, double *gain)
{
    for (size_t k = 0; k < ENT_I_WS_POOL && ctx->pt[k]; k++) {
        if (ctx->npt[k] != ncoord) continue;
        double g = lp_gain_at(s, in, who, ctx->pt[k]);
        if (!(g >= GAIN_SURE)) continue;
        int ok = prefers_exact(s, in, who, ctx->pt[k]);
        if (ok < 0) return -1;
        if (!ok) continue;
        memcpy(x, ctx->pt[k], ncoord * sizeof *x);
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
            for (size_t d = 0; d < s->issues[i].ndim && !in[i]; d++) x[cc + d] = NAN;
        *gain = g;
        pool_front(ctx->pt, ctx->npt, k);
        ctx->by_point++;
        return 1;
    }
    return 0;
}

/* Verdicts only, after the pool and before the LP (issue 13, the draws of a simulation): a
 * point found by a short search that every member strictly prefers (exactly) with a common LP
 * gain of at least GAIN_SURE, which is then the LP's verdict too (see GAIN_SURE). The LP
 * maximises min_a g_a(x), g_a(x) = L_a(q) − Σ_c ℓ_ac(x_c) with every ℓ_ac convex and piecewise
 * linear (a linear, one-sided or sloped form on a 1-D issue, the weighted 1-norm term of a
 * multi-dimensional one), so each g_a is concave. For weights λ >= 0 the maximiser of
 * Σ_a λ_a g_a is separable: on each coordinate the breakpoint (a member's position) where the
 * weighted slopes change sign, a weighted median. The search tries SEARCH_ROUNDS weightings
 * (uniform, then the weight of the member with the smallest gain doubled each round) and then
 * the mixes t·u + (1 − t)·v of two tried points at the middle of the range of t where every
 * chord t·g_a(u) + (1 − t)·g_a(v), a lower bound of the concave g_a on the segment, clears
 * 2·GAIN_SURE. A sufficient test only: when it finds nothing the LP decides, as before.
 * Members with a quadratic or ordinal form on a tested issue (whose LP terms are chords or
 * segments) are left to the LP. Cost O(rounds² · |C| + rounds · J · |C| log |C|) in doubles,
 * against ~6·10⁵ instructions per LP through Clp on the flagship. Returns 1 (x, *gain
 * filled), 0, -1 no memory. */
#define SEARCH_ROUNDS 8

/* g[k] := the LP's gain of member m[k] at x: its loss at q minus its loss at x, each term as
 * the LP writes it (exact for the piecewise-linear forms, the weighted 1-norm at x on a
 * multi-dimensional issue, whose true loss is at most that). */
static void search_gains(const ent_scenario_t *s, const unsigned char *in, const size_t *m, size_t k,
                         const double *x, double *g)
{
    for (size_t j = 0; j < k; j++) {
        double lq = 0, lx = 0;
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
            const ent_position_t *p = ent_scenario_pos(s, m[j], i);
            if (!in[i] || !p->present) continue;
            if (s->issues[i].ndim == 1) {
                const ent_pref_t *pf = ent_scenario_pref(s, m[j], i);
                double w = coord_w(s, m[j], i, 0);
                if (!(w > 0)) continue;
                double dq = s->issues[i].status_quo[0] - p->x[0], dx = x[cc] - p->x[0];
                lq += w * (dq < 0 ? -pf->below * dq : pf->above * dq);
                lx += w * (dx < 0 ? -pf->below * dx : pf->above * dx);
                continue;
            }
            double q2 = 0;
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                double w = coord_w(s, m[j], i, d);
                if (!(w > 0)) continue;
                double e = w * (s->issues[i].status_quo[d] - p->x[d]);
                q2 += e * e;
                lx += w * fabs(x[cc + d] - p->x[d]);
            }
            lq += sqrt(q2);
        }
        g[j] = lq - lx;
    }
}

typedef struct { double p, below, above; } search_pt_t;

static int search_pt_cmp(const void *a, const void *b)
{
    double x = ((const search_pt_t *)a)->p, y = ((const search_pt_t *)b)->p;
    return (x > y) - (x < y);
}

/* Every member strictly prefers y (exactly) and the smallest gain is >= GAIN_SURE: 1, x and
 * *gain filled; 0 no; -1 no memory. */
static int search_accept(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, const size_t *m,
                         size_t k, const double *y, double *g, size_t ncoord, double *x, double *gain)
{
    search_gains(s, in, m, k, y, g);
    double lo = INFINITY;
    for (size_t j = 0; j < k; j++) lo = fmin(lo, g[j]);
    if (!(lo >= GAIN_SURE)) return 0;
    int ok = prefers_exact(s, in, who, y);
    if (ok > 0) {
        memcpy(x, y, ncoord * sizeof *x);
        *gain = lo;
    }
    return ok;
}

/* y := the maximiser of Σ_j lam_j g_j over the scales, coordinate by coordinate. */
static void search_median(const ent_scenario_t *s, const unsigned char *in, const size_t *m, size_t k,
                          const double *lam, search_pt_t *sp, double *y)
{
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            if (!in[i]) { y[cc + d] = NAN; continue; }
            size_t np = 0;
            double down = 0;  /* the slope left of every breakpoint: −down */
            for (size_t j = 0; j < k; j++) {
                double w = coord_w(s, m[j], i, d);
                if (!(w > 0)) continue;
                const ent_pref_t *pf = ent_scenario_pref(s, m[j], i);
                int one = s->issues[i].ndim == 1;
                sp[np].p = ent_scenario_pos(s, m[j], i)->x[d];
                sp[np].below = w * lam[j] * (one ? pf->below : 1);
                sp[np].above = w * lam[j] * (one ? pf->above : 1);
                down += sp[np++].below;
            }
            double v = s->issues[i].status_quo[d];
            if (np) {
                for (size_t t = 1; t < np; t++)  /* insertion sort: a coalition is small */
                    for (size_t u = t; u > 0 && search_pt_cmp(&sp[u - 1], &sp[u]) > 0; u--) {
                        search_pt_t tmp = sp[u];
                        sp[u] = sp[u - 1];
                        sp[u - 1] = tmp;
                    }
                double up = 0;
                for (size_t t = 0; t < np; t++) {  /* right slope at sp[t].p: up − down */
                    up += sp[t].above;
                    down -= sp[t].below;
                    if (up - down >= 0 || t + 1 == np) { v = sp[t].p; break; }
                }
            }
            y[cc + d] = fmin(fmax(v, s->issues[i].lo[d]), s->issues[i].hi[d]);
        }
}

static int search_point(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, size_t ncoord,
                        double *x, double *gain)
{
    size_t k = 0, na = s->nactors;
    for (size_t a = 0; a < na; a++) {
        if (!who[a]) continue;
        k++;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!in[i] || !ent_scenario_pos(s, a, i)->present) continue;
            ent_pref_kind_t f = ent_scenario_pref(s, a, i)->kind;
            if (f == ENT_PREF_QUADRATIC || f == ENT_PREF_ORDINAL) return 0;
        }
    }
    if (!k) return 0;
    size_t R = SEARCH_ROUNDS;
    size_t *m = malloc(k * sizeof *m);
    double *lam = malloc(k * sizeof *lam), *g = malloc((R + 1) * k * sizeof *g);
    double *pts = malloc((R + 1) * ncoord * sizeof *pts);
    search_pt_t *sp = malloc(k * sizeof *sp);
    int found = -1;
    if (!m || !lam || !g || !pts || !sp) goto done;
    found = 0;
    for (size_t a = 0, j = 0; a < na; a++)
        if (who[a]) { m[j] = a; lam[j++] = 1; }
    size_t n = 0;
    while (n < R && !found) {
        double *y = pts + n * ncoord, *gn = g + n * k;
        search_median(s, in, m, k, lam, sp, y);
        if ((found = search_accept(s, in, who, m, k, y, gn, ncoord, x, gain)) != 0) break;
        size_t worst = 0;
        for (size_t j = 1; j < k; j++)
            if (gn[j] < gn[worst]) worst = j;
        lam[worst] *= 2;
        n++;
    }
    /* mixes of two tried points: t in the range where every chord clears 2·GAIN_SURE */
    for (size_t u = 0; u < n && !found; u++)
        for (size_t v = u + 1; v < n && !found; v++) {
            double lo = 0, hi = 1, need = 2 * GAIN_SURE;
            for (size_t j = 0; j < k && lo <= hi; j++) {
                double gu = g[u * k + j], gv = g[v * k + j];
                /* t·gu + (1 − t)·gv >= need  <=>  t·(gu − gv) >= need − gv */
                if (gu > gv) lo = fmax(lo, (need - gv) / (gu - gv));
                else if (gu < gv) hi = fmin(hi, (need - gv) / (gu - gv));
                else if (gv < need) hi = -1;
            }
            if (!(lo < hi)) continue;
            double t = 0.5 * (lo + hi), *y = pts + R * ncoord;  /* the spare row */
            for (size_t c = 0; c < ncoord; c++) y[c] = t * pts[u * ncoord + c] + (1 - t) * pts[v * ncoord + c];
            found = search_accept(s, in, who, m, k, y, g + R * k, ncoord, x, gain);
        }
done:
    free(m);
    free(lam);
    free(g);
    free(pts);
    free(sp);
    return found;
}

/* Verdicts only, before the LP: pooled multipliers that prove (exactly, ent_i_lp_bound) a
 * common gain of at most GAIN_NONE. Returns 1, 0, -1 no memory. */
static int pool_cert(ent_i_ws_ctx_t *ctx, const ent_i_lp_t *lp)
{
    for (size_t k = 0; k < ENT_I_WS_POOL && ctx->cert[k]; k++) {
        if (ctx->mcert[k] != lp->m) continue;
        double lower;
        int r = ent_i_lp_bound(lp, ctx->cert[k], -GAIN_NONE, &lower);
        if (r < 0) return -1;
        if (!r) continue;
        pool_front(ctx->cert, ctx->mcert, k);
        ctx->by_cert++;
        return 1;
    }
    return 0;
}

/* x = q + d from the LP's point: within the scales; a move below 1e-9 of the scale's width is
 * the solver's noise around "stay", snapped to the status quo when the point still passes.
 * Returns 1 if every member strictly prefers x (exactly), 0 if not, -1 out of memory. */
static int lp_point(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, const jlp_t *L,
                    double *x)
{
    int ok = 0;
    for (int snap = 1; snap >= 0 && !ok; snap--) {
        for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                if (!in[i]) { x[cc + d] = NAN; continue; }
                double q = s->issues[i].status_quo[d], mv = L->y[L->col[cc + d]];
                if (snap && fabs(mv) <= 1e-9 * (s->issues[i].hi[d] - s->issues[i].lo[d])) mv = 0;
                x[cc + d] = fmin(fmax(q + mv, s->issues[i].lo[d]), s->issues[i].hi[d]);
            }
        ok = prefers_exact(s, in, who, x);
    }
    return ok;
}

/* The LP of joint_lp, through the context's memo; in verdicts-only mode the solver's own
 * point first (raw_point), pinned only when that point fails the exact check. */
static ent_status_t joint_solve(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who,
                                ent_i_ws_ctx_t *ctx, int vo, jlp_t *L, ent_i_lp_t *lp, double *cert, double *x,
                                ent_i_lp_result_t *res, int *ok, ent_error_t *err)
{
    ent_i_lp_memo_t *memo = ctx ? ctx->memo : NULL;
    lp->raw_point = vo;
    ent_status_t st = ent_i_lp_solve_memo(memo, lp, L->y, cert, res, err);
    *ok = 0;
    if (st != ENT_OK || res->outcome != ENT_I_LP_OPTIMAL || !res->has_point || -res->value <= GAIN_YES) return st;
    if ((*ok = lp_point(s, in, who, L, x)) < 0) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    if (*ok || !vo) return ENT_OK;
    lp->raw_point = 0;  /* the solver's vertex failed: the pinned witness, as without vo */
    if ((st = ent_i_lp_solve_memo(memo, lp, L->y, cert, res, err)) != ENT_OK) return st;
    if (res->outcome != ENT_I_LP_OPTIMAL || !res->has_point || -res->value <= GAIN_YES) return ENT_OK;
    if ((*ok = lp_point(s, in, who, L, x)) < 0) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    return ENT_OK;
}

static ent_status_t joint_lp(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, double best,
                             const double *box, ent_i_ws_ctx_t *ctx, int vo, double *x, double *gain, int *verdict,
                             ent_error_t *err)
{
    jlp_t L = {0};
    L.box = box;
    double *cert = NULL;
    *verdict = T_NO;
    if (!ctx) vo = 0;  /* the pools live in the context */
    for (size_t i = 0; i < s->nissues; i++)
        if (in[i]) L.J += s->issues[i].ndim;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        L.nC++;
        int stake = 0;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!in[i]) continue;
            for (size_t d = 0; d < s->issues[i].ndim; d++)
                if (coord_w(s, a, i, d) > 0) { L.nt++; L.nr += jlp_term_rows(s, a, i); stake = 1; }
        }
        if (!stake) return ENT_OK;  /* an actor with no stake never strictly prefers */
    }
    if (L.nC == 0 || L.J == 0) return ENT_OK;
    ent_status_t st = ENT_OK;
    int r = vo ? pool_point(ctx, s, in, who, coord_of(s, s->nissues), x, gain) : 0;
    if (r == 0 && vo && ctx->search && (r = search_point(s, in, who, coord_of(s, s->nissues), x, gain)) > 0) ctx->by_search++;
    if (r < 0) goto oom;
    if (r) { *verdict = T_YES; return ENT_OK; }
    if (jlp_build(s, in, who, &L) < 0) goto oom;
    /* a witness only for a gain above GAIN_YES that beats the one in hand: z < −max(...) */
    double below = -fmax(GAIN_YES, best + 1e-9);
    ent_i_lp_t lp = {L.m, L.nv, L.A, L.b, L.c, L.ub, L.tie, L.lb, &below, 0};
    if (ctx) {  /* "empty" by a pooled certificate is the LP's verdict in either mode */
        if ((r = pool_cert(ctx, &lp)) < 0) goto oom;
        if (r) goto done;  /* proven: no gain above GAIN_NONE */
        if (!(cert = malloc((L.m + 1) * sizeof *cert))) goto oom;
    }
    ent_i_lp_result_t res;
    int ok;
    if ((st = joint_solve(s, in, who, ctx, vo, &L, &lp, cert, x, &res, &ok, err)) != ENT_OK) goto done;
    if (res.outcome == ENT_I_LP_INFEASIBLE) goto done;  /* no point even at the loose bounds */
    if (res.outcome != ENT_I_LP_OPTIMAL) goto bad;
    double g = -res.value, g_hi = -res.lower;  /* lower is rounded down: g_hi up */
    if (g > GAIN_YES && !res.has_point) {
        *verdict = T_YES;  /* not better than the witness in hand: no new witness needed */
        *gain = g;
    } else if (g > GAIN_YES) {
        if (!ok) goto bad;
        *verdict = T_YES;
        *gain = g;
        if (vo) pool_push(ctx->pt, ctx->npt, x, coord_of(s, s->nissues));
    } else if (!(g_hi <= GAIN_NO)) {
        goto bad;
    } else if (ctx) {
        pool_push(ctx->cert, ctx->mcert, cert, L.m);
    }
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
bad:
    st = ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0,
                       "win-set LP: neither a verified witness nor a proof of emptiness (best gain %.3g)", -res.value);
done:
    jlp_free(&L);
    free(cert);
    return st;
}

/* ---------------------------------------------------------------- tangent cone */

/* 1 if the actor's position on issue i equals the status quo in every coordinate. */
static int at_sq(const ent_scenario_t *s, const ent_position_t *p, size_t i)
{
    for (size_t d = 0; d < s->issues[i].ndim; d++)
        if (p->x[d] != s->issues[i].status_quo[d]) return 0;
    return 1;
}

/* 1 if actor a's term on issue i needs a u column in the cone LP (cone_rows): a loss that is
 * not differentiable at q (a kink of a linear or piecewise-linear form at the status quo). */
static int cone_needs_u(const ent_scenario_t *s, size_t a, size_t i, const ent_position_t *p)
{
    return at_sq(s, p, i) && ent_scenario_pref(s, a, i)->kind != ENT_PREF_QUADRATIC;
}

/* The directional derivative at q of a form other than LINEAR on 1-D issue i, column dc:
 * slopes: above·w·d when q > p, −below·w·d when q < p, and at q = p a column
 * u >= above·w·d, u >= −below·w·d (u >= 0 by its bound); quadratic: 2w(q − p)/R · d. */
static void cone_pref_row(const ent_scenario_t *s, size_t a, size_t i, const ent_pref_t *pf, size_t dc, size_t J,
                          size_t nv, double *A, double *b, double *ub, double *L, size_t *row, size_t *ucol)
{
    double w = coord_w(s, a, i, 0), q = s->issues[i].status_quo[0], p = ent_scenario_pos(s, a, i)->x[0];
    if (!(w > 0)) return;
    double g;
    if (pf->kind == ENT_PREF_QUADRATIC) g = 2 * w * (q - p) / (s->issues[i].hi[0] - s->issues[i].lo[0]);
    else if (q != p) g = q > p ? pf->above * w : -pf->below * w;
    else {
        size_t r = *row, u = *ucol;
        A[r * nv + dc] = pf->above * w;   A[r * nv + J + dc] = -pf->above * w; A[r * nv + u] = -1; b[r] = 0;
        A[(r + 1) * nv + dc] = -pf->below * w; A[(r + 1) * nv + J + dc] = pf->below * w; A[(r + 1) * nv + u] = -1;
        b[r + 1] = 0;
        ub[u] = 2 * w * fmax(pf->above, pf->below) * 1e4 + 1;
        L[u] += 1;
        *row += 2;
        (*ucol)++;
        return;
    }
    L[dc] += g;
    L[J + dc] -= g;
}

/* The derivative row of actor a (row `L` of the cone LP); fills the |w d| rows of the tied
 * coordinates from *row on, their u columns from *ucol on. */
static void cone_rows(const ent_scenario_t *s, const unsigned char *in, size_t a, int outer, const size_t *col,
                      size_t J, size_t nv, double *A, double *b, double *ub, double *L, size_t *row, size_t *ucol)
{
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++) {
        if (!in[i]) continue;
        const ent_position_t *p = ent_scenario_pos(s, a, i);
        if (!p->present) continue;
        size_t nd = s->issues[i].ndim;
        const ent_pref_t *pf = ent_scenario_pref(s, a, i);
        if (pf->kind != ENT_PREF_LINEAR) {
            cone_pref_row(s, a, i, pf, col[cc], J, nv, A, b, ub, L, row, ucol);
            continue;
        }
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
            size_t dc = col[cc + d];
            if (tie) {
                /* u >= w d and u >= −w d; contributes coef · u */
                size_t r = *row, u = *ucol;
                A[r * nv + dc] = w;  A[r * nv + J + dc] = -w; A[r * nv + u] = -1; b[r] = 0;
                A[(r + 1) * nv + dc] = -w; A[(r + 1) * nv + J + dc] = w; A[(r + 1) * nv + u] = -1; b[r + 1] = 0;
                ub[u] = 2 * w * 1e4 + 1;
                L[u] += nd == 1 || !outer ? 1.0 : 1.0 / sqrt((double)nd);
                *row += 2;
                (*ucol)++;
            } else {
                /* derivative of the issue's norm in coordinate d: w² (q − p) / ||W(q − p)|| */
                double g = nd == 1 ? w * (q > p->x[d] ? 1.0 : -1.0) : w * w * (q - p->x[d]) / nrm;
                L[dc] += g;
                L[J + dc] -= g;
            }
        }
    }
}

/* Exact test at the status quo q for the members of `who` (actor flags), over the issues
 * with in[i]. Each loss L_i is convex and L_i(q) is the reference, so the members share a
 * strictly preferred point iff they share a direction d (feasible inside the scales at q)
 * with every directional derivative L_i'(q; d) < 0: if x is such a point, d = x − q gives
 * L_i'(q; d) <= L_i(x) − L_i(q) < 0 by convexity; conversely q + εd works for ε small.
 * L_i'(q; d) is linear in d except for terms where the actor's position equals q: on a 1-D
 * issue s|d_j| (an extra variable u >= ±s d_j, exact), on a multi-dimensional one
 * ||W d||_2, bounded by ||W d||_1 (inner: coef 1) and ||W d||_1 / sqrt(k) (outer). The cone
 * is normalised by L_i'(q; d) <= −1 and 0 <= d± <= 1e4 (0 towards a scale's end at q).
 * Verdicts: T_YES (dir filled), T_NO (no direction: a Farkas certificate, checked exactly). */
static ent_status_t cone_lp(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who, int outer,
                            ent_i_ws_ctx_t *ctx, double *dir /* OUT ncoord */, int *verdict, ent_error_t *err)
{
    size_t ncoord = coord_of(s, s->nissues), J = 0, nC = 0, nu = 0;
    for (size_t i = 0; i < s->nissues; i++)
        if (in[i]) J += s->issues[i].ndim;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        nC++;
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (!in[i] || !p->present || !cone_needs_u(s, a, i, p)) continue;
            for (size_t d = 0; d < s->issues[i].ndim; d++)
                if (coord_w(s, a, i, d) > 0) nu++;
        }
    }
    /* columns: d+ (J), d- (J), u (nu); rows: 2 per u, then one derivative row per member */
    size_t nv = 2 * J + nu, m = 2 * nu + nC;
    double *A = calloc(m * nv + 1, sizeof *A), *b = calloc(m + 1, sizeof *b), *c = calloc(nv + 1, sizeof *c);
    double *ub = calloc(nv + 1, sizeof *ub), *y = calloc(nv + 1, sizeof *y);
    size_t *col = malloc((ncoord + 1) * sizeof *col);
    ent_status_t st = ENT_OK;
    *verdict = T_NO;
    if (!A || !b || !c || !ub || !y || !col) { st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    size_t k = 0;
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            col[cc + d] = in[i] ? k++ : (size_t)-1;
            if (!in[i]) continue;
            double q = s->issues[i].status_quo[d];
            ub[col[cc + d]] = q >= s->issues[i].hi[d] ? 0 : 1e4;
            ub[J + col[cc + d]] = q <= s->issues[i].lo[d] ? 0 : 1e4;
        }
    size_t row = 0, ucol = 2 * J, drow = 2 * nu;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        cone_rows(s, in, a, outer, col, J, nv, A, b, ub, A + drow * nv, &row, &ucol);
        b[drow++] = -1;
    }
    for (size_t j = 0; j < nu; j++) c[2 * J + j] = 1;
    ent_i_lp_t lp = {m, nv, A, b, c, ub, NULL, NULL, NULL, 0};
    ent_i_lp_result_t res;
    if ((st = ent_i_lp_solve_memo(ctx ? ctx->memo : NULL, &lp, y, NULL, &res, err)) != ENT_OK) goto done;
    if (res.outcome == ENT_I_LP_INFEASIBLE) goto done;
    if (res.outcome != ENT_I_LP_OPTIMAL) {
        st = ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0, "win-set cone LP: unbounded although every column is bounded");
        goto done;
    }
    for (size_t i = 0, cc = 0; i < s->nissues; cc += s->issues[i].ndim, i++)
        for (size_t d = 0; d < s->issues[i].ndim; d++)
            dir[cc + d] = in[i] ? y[col[cc + d]] - y[J + col[cc + d]] : 0;
    *verdict = T_YES;
done:
    free(A); free(b); free(c); free(ub); free(y); free(col);
    return st;
}

/* Walk from q along dir, halving the step until every member of `who` strictly prefers
 * the point (prefers_exact). Returns 1 and fills x, 0 if none, -1 out of memory. */
static int cone_witness(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who,
                        const double *dir, double *x)
{
    size_t ni = s->nissues;
    double dmax = 0, range = INFINITY;
    for (size_t i = 0, cc = 0; i < ni; cc += s->issues[i].ndim, i++) {
        if (!s->issues[i].status_quo) continue;
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            if (fabs(dir[cc + d]) > dmax) dmax = fabs(dir[cc + d]);
            double rg = s->issues[i].hi[d] - s->issues[i].lo[d];
            if (rg < range) range = rg;
        }
    }
    if (!(dmax > 0)) return 0;
    double eps = 0.5 * range / dmax;
    for (int it = 0; it < 80; it++, eps *= 0.5) {
        for (size_t i = 0, cc = 0; i < ni; cc += s->issues[i].ndim, i++)
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                if (!s->issues[i].status_quo) { x[cc + d] = NAN; continue; }
                double v = s->issues[i].status_quo[d] + (in[i] ? eps * dir[cc + d] : 0);
                x[cc + d] = fmin(fmax(v, s->issues[i].lo[d]), s->issues[i].hi[d]);
            }
        int ok = prefers_exact(s, in, who, x);
        if (ok) return ok;
    }
    return 0;
}

/* ---------------------------------------------------------------- ent_winset_compute */

void ent_proposals_opts_init(ent_proposals_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->max_enum_players = ENT_I_ENUM_MAX;
    o->max_lp = 5000;
    o->limit_kill = 10;
}

/* State shared by the stages of ent_winset_compute. */
typedef struct {
    const ent_scenario_t *s;
    const ent_proposals_opts_t *opts;
    ent_i_ws_ctx_t *ctx;
    long also;
    ent_i_rule_t r;
    size_t ncoord, J, Jmulti;
    size_t nquad, nord;     /* terms with a quadratic / an ordinal form on the tested issues */
    size_t nform;           /* terms with any form other than linear there */
    size_t ord_a, ord_i;    /* the first ordinal term (actor, issue), for the message */
    unsigned char *who, *in;
    double *x;
    uint64_t *mwc;          /* the coalitions to test */
    size_t nl;
} ws_t;

static ent_status_t ws_oom(ent_error_t *err) { return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }

/* Stage 1: the result's arrays, the veto players, the exact intervals of each 1-D issue. */
static ent_status_t ws_open(ws_t *ws, ent_winset_t *w, ent_error_t *err)
{
    const ent_scenario_t *s = ws->s;
    size_t ni = s->nissues;
    w->nissues = ni;
    w->nint = calloc(ni + 1, sizeof *w->nint);
    w->ints = calloc(ni + 1, sizeof *w->ints);
    w->analysed = calloc(ni + 1, 1);
    w->veto = malloc((s->nactors + 1) * sizeof *w->veto);
    ws->ncoord = coord_of(s, ni);
    unsigned char *veto = calloc(s->nactors + 1, 1);
    ws->who = calloc(s->nactors + 1, 1);
    ws->in = calloc(ni + 1, 1);
    ws->x = malloc((ws->ncoord + 1) * sizeof *ws->x);
    ent_status_t st = ENT_OK;
    if (!w->nint || !w->ints || !w->analysed || !w->veto || !veto || !ws->who || !ws->in || !ws->x) {
        st = ws_oom(err);
        goto done;
    }
    if ((st = ent_i_rule_veto_actors(&ws->r, veto, err)) != ENT_OK) goto done;
    for (size_t a = 0; a < s->nactors; a++)
        if (veto[a]) w->veto[w->nveto++] = a;
    /* a simulation's verdicts (ent_i_ws_ctx_search) read the intervals only when they decide
       (ws_single: one 1-D issue, no extra actor); otherwise they are left out */
    size_t nsq = 0, n1 = 0;
    for (size_t i = 0; i < ni; i++) {
        nsq += s->issues[i].status_quo != NULL;
        n1 += s->issues[i].status_quo && s->issues[i].ndim == 1;
    }
    int no_ints = ws->ctx && ws->ctx->search && ws->opts->verdicts_only && !(nsq == 1 && n1 == 1 && ws->also < 0);
    for (size_t i = 0; i < ni; i++) {
        if (!s->issues[i].status_quo) continue;
        ws->in[i] = 1;
        ws->J++;
        for (size_t a = 0; a < s->nactors; a++) {
            if (!ent_scenario_pos(s, a, i)->present) continue;
            ent_pref_kind_t k = ent_scenario_pref(s, a, i)->kind;
            ws->nquad += k == ENT_PREF_QUADRATIC;
            ws->nform += k != ENT_PREF_LINEAR;
            if (k == ENT_PREF_ORDINAL && !ws->nord++) { ws->ord_a = a; ws->ord_i = i; }
        }
        if (s->issues[i].ndim != 1) { ws->Jmulti++; continue; }
        if (!no_ints && (st = intervals_1d(s, &ws->r, i, w, err)) != ENT_OK) goto done;
    }
done:
    free(veto);
    return st;
}

/* A single 1-D issue and no extra actor: the intervals decide; the witness is the middle of
 * the first interval, and the actors who strictly prefer it (decided exactly) must form a
 * winning coalition. */
static ent_status_t ws_single(ws_t *ws, ent_winset_t *w, ent_error_t *err)
{
    size_t i = 0;
    while (!w->analysed[i]) i++;
    snprintf(w->method, sizeof w->method, ws->nform ? "exact intervals on the single issue (breakpoints where a "
             "loss equals its status-quo value)" : "exact intervals on the single issue (breakpoints 2p - q)");
    if (w->nint[i] == 0) {
        w->joint = ENT_WINSET_EMPTY;
        return ENT_OK;
    }
    w->joint = ENT_WINSET_NONEMPTY;
    w->witness = malloc((ws->ncoord + 1) * sizeof *w->witness);
    if (!w->witness) return ws_oom(err);
    const ent_interval_t *v = &w->ints[i][0];
    for (size_t k = 0; k < ws->ncoord; k++) w->witness[k] = NAN;
    w->witness[coord_of(ws->s, i)] = 0.5 * (v->lo + v->hi);
    /* the actors who strictly prefer the witness, decided exactly, must win */
    const ent_scenario_t *s = ws->s;
    unsigned char *fl = calloc(s->nactors + 1, 1);
    if (!fl) return ws_oom(err);
    memset(ws->who, 0, s->nactors);
    for (size_t a = 0; a < s->nactors; a++) {
        ws->who[a] = 1;
        int ok = prefers_exact(s, ws->in, ws->who, w->witness);
        ws->who[a] = 0;
        if (ok < 0) { free(fl); return ws_oom(err); }
        fl[a] = (unsigned char)ok;
    }
    int win = ent_i_rule_win_actors(&ws->r, fl);
    free(fl);
    if (!win)
        return ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0,
                             "win-set: the interval's middle is not preferred by a winning coalition");
    return ENT_OK;
}

/* The cache key of the coalitions of ws's rule (ws_mwc_t); NULL when out of memory. */
static unsigned char *mwc_key(const ws_t *ws, size_t *len)
{
    const ent_i_rule_t *r = &ws->r;
    size_t n = r->n;
    *len = n + n * sizeof(size_t) + n * sizeof(double);
    unsigned char *k = malloc(*len + 1);
    if (!k) return NULL;
    for (size_t p = 0; p < n; p++) k[p] = r->abstain ? r->abstain[p] : 2;
    memcpy(k + n, r->actor, n * sizeof(size_t));
    for (size_t p = 0; p < n; p++) {
        double c = ws->s->actors[r->actor[p]].capability;
        memcpy(k + n + n * sizeof(size_t) + p * sizeof(double), &c, sizeof c);
    }
    return k;
}

/* The cached entry for ws's rule, or NULL. */
static ws_mwc_t *mwc_find(ws_t *ws, size_t rule, const unsigned char *key, size_t keylen)
{
    ent_i_ws_ctx_t *ctx = ws->ctx;
    for (size_t k = 0; k < ENT_I_WS_MWC; k++) {
        ws_mwc_t *e = &ctx->mwc[k];
        if (e->key && e->rule == rule && e->n == ws->r.n && e->expr == ws->s->rules[rule].expr &&
            e->all_winning == ws->opts->all_winning && e->max_lp == ws->opts->max_lp && e->keylen == keylen &&
            !memcmp(e->key, key, keylen))
            return e;
    }
    return NULL;
}

/* Keep a copy of the coalitions just computed (takes key); out of memory only skips it. */
static void mwc_store(ws_t *ws, size_t rule, unsigned char *key, size_t keylen, uint64_t count)
{
    ent_i_ws_ctx_t *ctx = ws->ctx;
    ws_mwc_t *e = &ctx->mwc[0];
    for (size_t k = 1; k < ENT_I_WS_MWC && e->key; k++)
        if (!ctx->mwc[k].key || ctx->mwc[k].stamp < e->stamp) e = &ctx->mwc[k];
    uint64_t *list = malloc((ws->nl + 1) * sizeof *list);
    if (!list) { free(key); return; }
    if (ws->nl) memcpy(list, ws->mwc, ws->nl * sizeof *list);
    free(e->key);
    free(e->list);
    *e = (ws_mwc_t){rule, ws->r.n, ws->opts->max_lp, ws->s->rules[rule].expr, ws->opts->all_winning,
                    key, keylen, count, list, ws->nl, ++ctx->mwc_clock};
}

/* Stage 2: the coalitions to test (the minimal winning ones; every winning one for the
 * benchmark baseline). Sets *skip and w->why when a limit is exceeded. With a context the
 * list comes from its cache when the same rule was enumerated before with the same key
 * (ws_mwc_t); a run's scenarios differ only in positions, saliences and capabilities. */
static ent_status_t ws_coalitions(ws_t *ws, ent_winset_t *w, size_t rule, int *skip, ent_error_t *err)
{
    ent_i_rule_t *r = &ws->r;
    const ent_proposals_opts_t *opts = ws->opts;
    *skip = 1;
    if (r->n > opts->max_enum_players || r->n > ENT_I_ENUM_MAX) {
        snprintf(w->why, sizeof w->why, "joint test skipped: %zu players exceed the enumeration limit of %zu", r->n,
                 opts->max_enum_players);
        return ENT_OK;
    }
    uint64_t count = 0;
    size_t keylen = 0;
    unsigned char *key = ws->ctx ? mwc_key(ws, &keylen) : NULL;
    ws_mwc_t *hit = key ? mwc_find(ws, rule, key, keylen) : NULL;
    if (hit) {
        free(key);
        key = NULL;
        ws->ctx->mwc_hits++;
        hit->stamp = ++ws->ctx->mwc_clock;
        if (!(ws->mwc = malloc((hit->nl + 1) * sizeof *ws->mwc))) return ws_oom(err);
        if (hit->nl) memcpy(ws->mwc, hit->list, hit->nl * sizeof *ws->mwc);
        ws->nl = hit->nl;
        count = hit->count;
        goto judged;
    }
    if (ws->ctx) ws->ctx->mwc_misses++;
    uint64_t all = r->n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << r->n) - 1);
    if (opts->all_winning) {
        uint64_t full = (uint64_t)1 << r->n;
        size_t cap = 64;
        ws->mwc = malloc(cap * sizeof *ws->mwc);
        if (!ws->mwc) { free(key); return ws_oom(err); }
        for (uint64_t m = 0; m < full; m++) {
            if (!ent_i_rule_win_mask(r, m)) continue;
            if (ws->nl == cap) {
                uint64_t *nm = realloc(ws->mwc, 2 * cap * sizeof *nm);
                if (!nm) { free(key); return ws_oom(err); }
                ws->mwc = nm;
                cap *= 2;
            }
            ws->mwc[ws->nl++] = m;
        }
        count = ws->nl;
        if (count > opts->max_lp) ws->nl = opts->max_lp;
    } else {
        ent_status_t st = ent_i_rule_min_winning(r, all, opts->max_lp, &count, &ws->mwc, &ws->nl, err);
        if (st != ENT_OK) { free(key); return st; }
    }
    if (key) mwc_store(ws, rule, key, keylen, count);
judged:
    if (count > opts->max_lp) {
        snprintf(w->why, sizeof w->why, "joint test skipped: %llu minimal winning coalitions exceed %zu",
                 (unsigned long long)count, opts->max_lp);
        return ENT_OK;
    }
    *skip = 0;
    return ENT_OK;
}

/* who := the members of coalition c (plus the extra actor). */
static void ws_members(ws_t *ws, size_t c)
{
    memset(ws->who, 0, ws->s->nactors);
    for (size_t k = 0; k < ws->r.n; k++)
        if ((ws->mwc[c] >> k) & 1u) ws->who[ws->r.actor[k]] = 1;
    if (ws->also >= 0) ws->who[ws->also] = 1;
}

static ent_status_t ws_keep_witness(ws_t *ws, ent_winset_t *w, ent_error_t *err)
{
    if (!w->witness) w->witness = malloc((ws->ncoord + 1) * sizeof *w->witness);
    if (!w->witness) return ws_oom(err);
    memcpy(w->witness, ws->x, ws->ncoord * sizeof *ws->x);
    return ENT_OK;
}

/* An upper bound on the joint LP's optimum (the best common gain of the members of `who`),
 * without an LP: for weights λ_a = 1/|C|, min_a g_a(x) <= Σ_a λ_a g_a(x), and the right side
 * separates by coordinate, g_a(x) = L_a(q) − Σ_c w_ac |x_c − p_ac| in the LP's terms (1-norm at
 * x): its maximum over the box is (Σ_a L_a(q) − Σ_c min_{x_c} Σ_a w_ac |x_c − p_ac|) / |C|, each
 * inner minimum at a kink (a member's position) or an end of the scale. Computed in doubles,
 * then raised by far more than their rounding (at most ~|C|·J·2⁻⁵³ relative to the terms'
 * magnitude): 1e-12 of that magnitude. INFINITY when it cannot be formed. O(|C|²·J). */
static double gain_cap(const ent_scenario_t *s, const unsigned char *in, const unsigned char *who)
{
    double lq = 0, lmin = 0, k = 0;
    for (size_t a = 0; a < s->nactors; a++) {
        if (!who[a]) continue;
        k++;
        for (size_t i = 0; i < s->nissues; i++) {
            if (!in[i]) continue;
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            if (p->present && !ent_i_pref_linear(s, a, i)) return INFINITY;  /* bounds linear losses only */
            double q2 = 0;
            for (size_t d = 0; d < s->issues[i].ndim; d++) {
                double w = coord_w(s, a, i, d);
                if (!(w > 0)) continue;   /* also: no position (p->x is NULL then) */
                double e = w * (s->issues[i].status_quo[d] - p->x[d]);
                q2 += e * e;
                lq += s->issues[i].ndim == 1 ? fabs(e) : 0;
            }
            if (s->issues[i].ndim != 1) lq += sqrt(q2);
        }
    }
    for (size_t i = 0; i < s->nissues; i++)
        for (size_t d = 0; d < s->issues[i].ndim && in[i]; d++) {
            double best = INFINITY;
            /* candidates: every member's position, and both ends of the scale */
            for (size_t c = 0; c < s->nactors + 2; c++) {
                double xc;
                if (c == s->nactors) xc = s->issues[i].lo[d];
                else if (c == s->nactors + 1) xc = s->issues[i].hi[d];
                else if (who[c] && coord_w(s, c, i, d) > 0) xc = ent_scenario_pos(s, c, i)->x[d];
                else continue;
                if (!(xc >= s->issues[i].lo[d] && xc <= s->issues[i].hi[d])) continue;
                double f = 0;
                for (size_t a = 0; a < s->nactors; a++)
                    if (who[a] && coord_w(s, a, i, d) > 0)
                        f += coord_w(s, a, i, d) * fabs(xc - ent_scenario_pos(s, a, i)->x[d]);
                best = fmin(best, f);
            }
            lmin += best;
        }
    if (!(k > 0) || !isfinite(lq) || !isfinite(lmin)) return INFINITY;
    return (lq - lmin + 1e-12 * (lq + lmin)) / k + 1e-300;
}

/* The segments of the ordinal issues (ws_joint): for each tested 1-D issue on which some
 * actor has an ordinal form, the knots {lo, hi} ∪ every ordinal form's labelled points on it,
 * sorted; between consecutive knots every ordinal loss is linear. `box` (2·ncoord) holds
 * each coordinate's [lo, hi]: the scales, then the segment of combination k (mixed radix
 * over the ordinal issues, in issue order). */
typedef struct {
    double **kn;    /* nissues knot arrays (NULL: no ordinal form on the issue) */
    size_t *nk;
    double *box;
    size_t ncombo;  /* product of the segment counts; 1 without ordinal forms */
} segs_t;

static void segs_free(segs_t *g, size_t ni)
{
    if (g->kn)
        for (size_t i = 0; i < ni; i++) free(g->kn[i]);
    free(g->kn);
    free(g->nk);
    free(g->box);
}

/* Fill g; returns 0, -1 out of memory. ncombo saturates at SIZE_MAX / 2. */
static int segs_open(const ws_t *ws, segs_t *g)
{
    const ent_scenario_t *s = ws->s;
    size_t ni = s->nissues;
    g->ncombo = 1;
    g->kn = calloc(ni + 1, sizeof *g->kn);
    g->nk = calloc(ni + 1, sizeof *g->nk);
    g->box = malloc((2 * ws->ncoord + 1) * sizeof *g->box);
    if (!g->kn || !g->nk || !g->box) return -1;
    for (size_t i = 0, cc = 0; i < ni; cc += s->issues[i].ndim, i++) {
        for (size_t d = 0; d < s->issues[i].ndim; d++) {
            g->box[2 * (cc + d)] = s->issues[i].lo[d];
            g->box[2 * (cc + d) + 1] = s->issues[i].hi[d];
        }
        if (!ws->in[i] || s->issues[i].ndim != 1) continue;
        size_t n = 2;
        for (size_t a = 0; a < s->nactors; a++)
            if (ent_scenario_pos(s, a, i)->present) n += ent_scenario_pref(s, a, i)->nord;
        if (n == 2) continue;
        double *k = g->kn[i] = malloc(n * sizeof *k);
        if (!k) return -1;
        size_t m = 0;
        k[m++] = s->issues[i].lo[0];
        k[m++] = s->issues[i].hi[0];
        for (size_t a = 0; a < s->nactors; a++) {
            const ent_pref_t *pf = ent_scenario_pref(s, a, i);
            if (!ent_scenario_pos(s, a, i)->present) continue;
            for (size_t j = 0; j < pf->nord; j++) k[m++] = pf->ord[j];
        }
        qsort(k, m, sizeof *k, dbl_cmp);
        size_t u = 0;
        for (size_t j = 0; j < m; j++)
            if (u == 0 || k[j] > k[u - 1]) k[u++] = k[j];
        g->nk[i] = u;
        g->ncombo = g->ncombo > SIZE_MAX / 2 / (u - 1) ? SIZE_MAX / 2 : g->ncombo * (u - 1);
    }
    return 0;
}

/* box := the segments of combination k. */
static void segs_pick(const ws_t *ws, segs_t *g, size_t k)
{
    for (size_t i = 0, cc = 0; i < ws->s->nissues; cc += ws->s->issues[i].ndim, i++) {
        if (!g->kn[i]) continue;
        size_t nseg = g->nk[i] - 1, j = k % nseg;
        k /= nseg;
        g->box[2 * cc] = g->kn[i][j];
        g->box[2 * cc + 1] = g->kn[i][j + 1];
    }
}

/* At most this many segment combinations per coalition (ordinal forms on several issues). */
#define ENT_I_WS_MAX_COMBOS 1024

/* Stage 3: one joint LP per coalition (per coalition and combination of ordinal segments when
 * ordinal forms are tested: on each combination every loss is convex, the ordinal ones linear,
 * and the combinations cover the box, so the union of their verdicts is exact); the witness
 * of the largest common gain is kept (the first on ties). Once a witness is in hand, a
 * coalition whose gain_cap does not exceed its gain cannot replace it (the LP would report a
 * gain within 1e-9 of the cap, not above the gain in hand by more than 1e-9) and changes no
 * verdict: its LP is skipped. */
static ent_status_t ws_joint(ws_t *ws, ent_winset_t *w, ent_error_t *err)
{
    size_t J = ws->J, Jmulti = ws->Jmulti;
    if (Jmulti)
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s; the %zu multi-dimensional one%s bounded "
                 "inside and outside by 1-norm polytopes", J, J == 1 ? "" : "s", Jmulti, Jmulti == 1 ? "" : "s");
    else if (ws->nquad || ws->nord)
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s%s%s", J, J == 1 ? "" : "s",
                 ws->nquad ? "; quadratic losses bounded above by chords" : "",
                 ws->nord ? "; one LP per combination of segments between the ordinal forms' labelled points" : "");
    else
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s (intersection of preferred-to polytopes)",
                 J, J == 1 ? "" : "s");
    segs_t g = {0};
    ent_status_t st = ENT_OK;
    if (segs_open(ws, &g) < 0) { st = ws_oom(err); goto done; }
    if (g.ncombo > ENT_I_WS_MAX_COMBOS) {
        snprintf(w->why, sizeof w->why, "joint test skipped: %zu combinations of ordinal segments exceed %d",
                 g.ncombo, ENT_I_WS_MAX_COMBOS);
        goto done;  /* joint stays UNKNOWN */
    }
    w->joint = ENT_WINSET_EMPTY;
    double best_gain = -INFINITY;
    for (size_t c = 0; c < ws->nl; c++) {
        ws_members(ws, c);
        w->ncoal_checked++;
        if (best_gain > -INFINITY && gain_cap(ws->s, ws->in, ws->who) <= best_gain)
            continue;  /* proven not to beat the witness in hand: its LP cannot matter */
        int stop = 0;
        for (size_t k = 0; k < g.ncombo && !stop; k++) {
            segs_pick(ws, &g, k);
            double gain = 0;
            int verdict;
            st = joint_lp(ws->s, ws->in, ws->who, best_gain, ws->nord ? g.box : NULL, ws->ctx,
                          ws->opts->verdicts_only, ws->x, &gain, &verdict, err);
            if (st != ENT_OK) goto done;
            if (verdict == T_YES && gain > best_gain + 1e-9) {
                best_gain = gain;
                w->joint = ENT_WINSET_NONEMPTY;
                if ((st = ws_keep_witness(ws, w, err)) != ENT_OK) goto done;
                stop = ws->opts->verdicts_only;  /* the verdict is known */
            }
        }
        if (stop) break;
    }
done:
    segs_free(&g, ws->s->nissues);
    return st;
}

/* Stage 4 (multi-dimensional issues, nothing found by the inner LP): the exact tangent-cone
 * test at the status quo, inner bound then outer bound per coalition. */
static ent_status_t ws_cone(ws_t *ws, ent_winset_t *w, ent_error_t *err)
{
    double *dir = malloc((ws->ncoord + 1) * sizeof *dir);
    if (!dir) return ws_oom(err);
    ent_status_t st = ENT_OK;
    int undecided = 0;
    for (size_t cix = 0; cix < ws->nl && w->joint == ENT_WINSET_EMPTY; cix++) {
        ws_members(ws, cix);
        int found = 0;
        for (int outer = 0; outer <= 1 && !found; outer++) {
            int verdict;
            if ((st = cone_lp(ws->s, ws->in, ws->who, outer, ws->ctx, dir, &verdict, err)) != ENT_OK) goto done;
            if (verdict == T_NO) break;  /* proven: no common direction */
            if (outer) { undecided = 1; break; }  /* only the outer bound admits a direction */
            int ok = cone_witness(ws->s, ws->in, ws->who, dir, ws->x);
            if (ok < 0) { st = ws_oom(err); goto done; }
            found = ok;
        }
        if (found) {
            w->joint = ENT_WINSET_NONEMPTY;
            if ((st = ws_keep_witness(ws, w, err)) != ENT_OK) goto done;
        }
    }
    if (w->joint == ENT_WINSET_EMPTY && undecided) {
        w->joint = ENT_WINSET_UNKNOWN;
        snprintf(w->why, sizeof w->why,
                 "undecided: an actor sits exactly at the status quo of a multi-dimensional issue");
    }
    if (ws->nquad)
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s, then the exact tangent-cone test at the "
                 "status quo (%zu multi-dimensional issue%s, %zu quadratic loss%s)", ws->J, ws->J == 1 ? "" : "s",
                 ws->Jmulti, ws->Jmulti == 1 ? "" : "s", ws->nquad, ws->nquad == 1 ? "" : "es");
    else
        snprintf(w->method, sizeof w->method,
                 "LP per minimal winning coalition over %zu issue%s, then the exact tangent-cone test at the "
                 "status quo for the %zu multi-dimensional one%s", ws->J, ws->J == 1 ? "" : "s", ws->Jmulti,
                 ws->Jmulti == 1 ? "" : "s");
done:
    free(dir);
    return st;
}

ent_status_t ent_winset_compute(const ent_scenario_t *s, size_t rule, long also,
                                const ent_proposals_opts_t *opts, ent_winset_t *w, ent_error_t *err)
{
    return ent_i_winset_run(s, rule, also, opts, NULL, w, err);
}

ent_status_t ent_i_winset_run(const ent_scenario_t *s, size_t rule, long also, const ent_proposals_opts_t *opts,
                              ent_i_ws_ctx_t *ctx, ent_winset_t *w, ent_error_t *err)
{
    ent_proposals_opts_t dflt;
    if (!opts) { ent_proposals_opts_init(&dflt); opts = &dflt; }
    memset(w, 0, sizeof *w);
    w->rule = (long)rule;
    w->joint = ENT_WINSET_UNKNOWN;
    if (rule >= s->nrules) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "no rule %zu", rule);
    ws_t ws = {0};
    ws.s = s;
    ws.opts = opts;
    ws.also = also;
    ent_status_t st = ent_i_ws_rule_open(ctx, &ws.r, s, rule, err);
    if (st != ENT_OK) return st;
    /* issue 11 item 4: under "none against", players without a stake abstain */
    if ((st = ent_i_rule_abstain_unstaked(&ws.r, s, err)) != ENT_OK) { ent_i_ws_rule_close(ctx, &ws.r); return st; }
    /* without the caller's context, one for this call: its pools, but no memo (the programs
     * of one win-set are all distinct) */
    ent_i_ws_ctx_t *own = ctx ? NULL : ent_i_ws_ctx_new(0);
    ws.ctx = ctx ? ctx : own;  /* NULL when out of memory: then no pools */
    int skip = 0;
    if ((st = ws_open(&ws, w, err)) != ENT_OK) goto done;
    if (ws.J == 0) {
        snprintf(w->why, sizeof w->why, "no issue has a status quo");
        goto done;
    }
    if (ws.J == 1 && ws.Jmulti == 0 && also < 0) {
        st = ws_single(&ws, w, err);
        goto done;
    }
    if ((st = ws_coalitions(&ws, w, rule, &skip, err)) != ENT_OK || skip) goto done;
    if ((st = ws_joint(&ws, w, err)) != ENT_OK) goto done;
    /* the cone test decides what the LP's outer or upper bounds left open; it needs convex
     * losses, which an ordinal ranking need not be */
    if (w->joint == ENT_WINSET_EMPTY && (ws.Jmulti || ws.nquad) && ws.nord) {
        w->joint = ENT_WINSET_UNKNOWN;
        snprintf(w->why, sizeof w->why, "undecided: the LP found no point, and the exact test for %s needs convex "
                 "losses, which the ordinal preference of '%s' on '%s' is not", ws.Jmulti ? "multi-dimensional issues"
                 : "quadratic losses", s->actors[ws.ord_a].id, s->issues[ws.ord_i].id);
    } else if (w->joint == ENT_WINSET_EMPTY && (ws.Jmulti || ws.nquad)) {
        st = ws_cone(&ws, w, err);
    }
done:
    if (st != ENT_OK) ent_winset_destroy(w);
    free(ws.who);
    free(ws.in);
    free(ws.x);
    free(ws.mwc);
    ent_i_ws_rule_close(ctx, &ws.r);
    ent_i_ws_ctx_free(own);
    return st;
}
