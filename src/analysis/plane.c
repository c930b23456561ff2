/* SPDX-License-Identifier: MIT */
/* plane.c — the win-set of the status quo in the plane of two 1-D issues as polygons
 * (entente/analysis.h: ent_winset_plane; docs/report.md "The win-set in the plane of two
 * issues"), drawn by the briefing (src/report/report_html.c).
 *
 * Geometry (the utility of winset.c, docs/analyses.md §2): with every other issue at the
 * status quo q, actor a's loss in the plane is f_i(x) + f_j(y), one convex 1-D loss per issue
 * (0 without a position or salience there), and a prefers (x, y) iff f_i(x) + f_j(y) < r_a =
 * f_i(q_i) + f_j(q_j). A straight loss (linear, one-sided, asymmetric: slopes w·below left of
 * the position p, w·above right of it) is the larger of two lines through p, so the sum is the
 * largest of four lines and the preferred-to set is the intersection of four half-planes: the
 * weighted-L1 "diamond" of Tsebelis' (2002, Veto Players, ch. 1) city-block preferences, a
 * strip when one salience is 0. A quadratic loss w(x − p)²/R makes the boundary curved (an
 * ellipse when both are quadratic): it is inscribed by ARC_STEPS vertices on the true
 * boundary, one per direction around the position (the axes among them, where every kink of
 * a separable loss lies), each found in closed form from A·ρ² + B·ρ = r; the polygon lies
 * inside the true set. An ordinal loss is not convex: the plane is then UNKNOWN.
 * The win-set is the union over minimal winning coalitions (coalition.c, as winset.c's joint
 * test) of the members' intersections: each intersection is the scale box clipped by every
 * member's half-planes (Sutherland and Hodgman 1974, "Reentrant polygon clipping", CACM
 * 17(1)), a convex polygon; the union's boundary is every piece's edges less the parts inside
 * another piece (Cyrus and Beck 1978, "Generalized two- and three-dimensional clipping",
 * Computers & Graphics 3(1), per segment and convex piece; shared edges kept once when both
 * pieces lie on one side, dropped when they lie on both), chained into rings. Why our own
 * clipper and not GEOS or Clipper: docs/report.md.
 * Cost: O(C·m·v) to clip C coalitions of m members (v = 4 half-planes per straight member,
 * ARC_STEPS per curved one), O(E·P·v) for the union of E edges against P pieces (bounding
 * boxes skip most pairs), O(E²) to chain the rings.
 */
#include "analysis/coalition.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Directions per turn for a curved (quadratic) preferred-to boundary; a multiple of 4 so
 * that the axes through the position are among them. Sagitta ≤ ρ·(1 − cos(π/512)) ≈ 1.9e-5·ρ. */
#define ARC_STEPS 512

typedef struct { double a, b, c; } hp_t; /* the closed half-plane a·x + b·y <= c */

typedef struct {
    size_t n, cap;
    double *xy;
} poly_t;

/* One actor's loss on one issue of the plane: 0 without a position or salience. */
typedef struct {
    int zero;
    double p, lo, hi, quad; /* slopes w·below, w·above; quadratic coefficient w/R */
} term_t;

static int term_of(const ent_scenario_t *s, size_t a, size_t i, term_t *t, double fallback_p)
{
    const ent_position_t *pos = ent_scenario_pos(s, a, i);
    memset(t, 0, sizeof *t);
    t->p = fallback_p;
    double w = pos->present ? ent_scenario_salience(s, a, i, 0) : 0;
    if (!(w > 0)) { t->zero = 1; return 0; }
    const ent_pref_t *pf = ent_scenario_pref(s, a, i);
    t->p = pos->x[0];
    switch (pf->kind) {
    case ENT_PREF_ORDINAL: return -1;
    case ENT_PREF_QUADRATIC: t->quad = w / (s->issues[i].hi[0] - s->issues[i].lo[0]); break;
    case ENT_PREF_DEFAULT:
    case ENT_PREF_LINEAR: t->lo = t->hi = w; break;
    default: t->lo = w * pf->below; t->hi = w * pf->above; break;
    }
    return 0;
}

static double term_loss(const term_t *t, double x)
{
    if (t->zero) return 0;
    double d = x - t->p;
    if (t->quad > 0) return t->quad * d * d;
    return d < 0 ? -t->lo * d : t->hi * d;
}

/* ---------------------------------------------------------------- polygons */

static int poly_push(poly_t *p, double x, double y)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        double *nx = realloc(p->xy, 2 * cap * sizeof *nx);
        if (!nx) return -1;
        p->xy = nx;
        p->cap = cap;
    }
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
    return 0;
}

static double poly_area(const double *xy, size_t n)
{
    double s = 0;
    for (size_t k = 0; k < n; k++) {
        size_t l = (k + 1) % n;
        s += xy[2 * k] * xy[2 * l + 1] - xy[2 * l] * xy[2 * k + 1];
    }
    return s / 2;
}

/* Sutherland–Hodgman: in := in ∩ h (in convex); tmp is scratch. Returns -1 out of memory. */
static int clip_hp(poly_t *in, poly_t *tmp, hp_t h)
{
    tmp->n = 0;
    for (size_t k = 0; k < in->n; k++) {
        size_t l = (k + 1) % in->n;
        double x0 = in->xy[2 * k], y0 = in->xy[2 * k + 1], x1 = in->xy[2 * l], y1 = in->xy[2 * l + 1];
        double d0 = h.a * x0 + h.b * y0 - h.c, d1 = h.a * x1 + h.b * y1 - h.c;
        if (d0 <= 0 && poly_push(tmp, x0, y0) < 0) return -1;
        if ((d0 < 0 && d1 > 0) || (d0 > 0 && d1 < 0)) {
            double t = d0 / (d0 - d1);
            if (poly_push(tmp, x0 + t * (x1 - x0), y0 + t * (y1 - y0)) < 0) return -1;
        }
    }
    poly_t sw = *in;
    *in = *tmp;
    *tmp = sw;
    return 0;
}

/* ---------------------------------------------------------------- preferred-to sets */

typedef struct {
    size_t nhp;
    hp_t *hp;      /* the set is the box ∩ these half-planes */
    int empty;     /* the actor prefers no point of the plane */
} pref_t;

/* The half-planes of actor a's preferred-to set in the plane (box = the scales). Returns
 * 1 when a loss is ordinal, -1 out of memory, 0 otherwise; *curved set when inscribed. */
static int pref_set(const ent_scenario_t *s, size_t a, size_t i, size_t j, pref_t *ps, int *curved)
{
    double qi = s->issues[i].status_quo[0], qj = s->issues[j].status_quo[0];
    term_t ti, tj;
    memset(ps, 0, sizeof *ps);
    if (term_of(s, a, i, &ti, qi) < 0 || term_of(s, a, j, &tj, qj) < 0) return 1;
    double r = term_loss(&ti, qi) + term_loss(&tj, qj);
    if (!(r > 0)) { ps->empty = 1; return 0; } /* nothing beats a loss of 0 */
    if (!(ti.quad > 0) && !(tj.quad > 0)) {
        ps->hp = malloc(4 * sizeof *ps->hp);
        if (!ps->hp) return -1;
        for (int si = 0; si < 2; si++)
            for (int sj = 0; sj < 2; sj++) {
                double ax = ti.zero ? 0 : si ? ti.hi : -ti.lo, by = tj.zero ? 0 : sj ? tj.hi : -tj.lo;
                if (ax == 0 && by == 0) continue;
                ps->hp[ps->nhp++] = (hp_t){ax, by, r + ax * ti.p + by * tj.p};
            }
        return 0;
    }
    /* curved: vertices on the boundary along ARC_STEPS directions from the position */
    *curved = 1;
    double W = s->issues[i].hi[0] - s->issues[i].lo[0], H = s->issues[j].hi[0] - s->issues[j].lo[0];
    double far = 4 * (W + H) + fabs(ti.p - s->issues[i].lo[0]) + fabs(tj.p - s->issues[j].lo[0]);
    double *vx = malloc(2 * ARC_STEPS * sizeof *vx);
    ps->hp = malloc(ARC_STEPS * sizeof *ps->hp);
    if (!vx || !ps->hp) { free(vx); return -1; }
    for (size_t k = 0; k < ARC_STEPS; k++) {
        double c = cos(2 * M_PI * (double)k / ARC_STEPS), sn = sin(2 * M_PI * (double)k / ARC_STEPS);
        if (k % (ARC_STEPS / 4) == 0) { /* the axes exactly: the kinks of a separable loss */
            static const double ac[4] = {1, 0, -1, 0}, as[4] = {0, 1, 0, -1};
            c = ac[k / (ARC_STEPS / 4)];
            sn = as[k / (ARC_STEPS / 4)];
        }
        double A = 0, B = 0;
        if (!ti.zero) { if (ti.quad > 0) A += ti.quad * c * c; else B += c < 0 ? -c * ti.lo : c * ti.hi; }
        if (!tj.zero) { if (tj.quad > 0) A += tj.quad * sn * sn; else B += sn < 0 ? -sn * tj.lo : sn * tj.hi; }
        double rho = A > 0 ? 2 * r / (B + sqrt(B * B + 4 * A * r)) : B > 0 ? r / B : far;
        if (rho > far) rho = far;
        vx[2 * k] = ti.p + rho * c;
        vx[2 * k + 1] = tj.p + rho * sn;
    }
    for (size_t k = 0; k < ARC_STEPS; k++) { /* left of each counter-clockwise edge */
        size_t l = (k + 1) % ARC_STEPS;
        double ex = vx[2 * l] - vx[2 * k], ey = vx[2 * l + 1] - vx[2 * k + 1];
        if (ex == 0 && ey == 0) continue;
        ps->hp[ps->nhp++] = (hp_t){ey, -ex, ey * vx[2 * k] - ex * vx[2 * k + 1]};
    }
    free(vx);
    return 0;
}

/* ---------------------------------------------------------------- union */

typedef struct { double x0, y0, x1, y1; } seg_t;

typedef struct {
    size_t n, cap;
    seg_t *s;
} segs_t;

static int segs_push(segs_t *g, seg_t v)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 64;
        seg_t *ns = realloc(g->s, cap * sizeof *ns);
        if (!ns) return -1;
        g->s = ns;
        g->cap = cap;
    }
    g->s[g->n++] = v;
    return 0;
}

typedef struct { double t0, t1; } span_t;

static int span_cmp(const void *a, const void *b)
{
    double x = ((const span_t *)a)->t0, y = ((const span_t *)b)->t0;
    return x < y ? -1 : x > y;
}

/* The parameters t of segment A→B (edge of piece k) that lie inside piece l (Cyrus–Beck,
 * inside or within tol of its boundary, so that no sliver of an edge survives where pieces
 * meet at a vertex; the gaps of about tol this leaves are bridged when chaining); a stretch along an edge of l counts as inside when l lies
 * on the other side — the two pieces cover both sides — or on the same side and l < k, so
 * that a shared boundary is kept once). Returns 0 when none. */
static int inside_span(const poly_t *q, size_t k, size_t l, double ax, double ay, double bx, double by, double tol,
                       span_t *out)
{
    double t0 = 0, t1 = 1;
    for (size_t e = 0; e < q->n; e++) {
        size_t f = (e + 1) % q->n;
        double ux = q->xy[2 * e], uy = q->xy[2 * e + 1], ex = q->xy[2 * f] - ux, ey = q->xy[2 * f + 1] - uy;
        double len = hypot(ex, ey);
        if (!(len > 0)) continue;
        double d0 = (ex * (ay - uy) - ey * (ax - ux)) / len, d1 = (ex * (by - uy) - ey * (bx - ux)) / len;
        if (fabs(d0) <= tol && fabs(d1) <= tol) { /* collinear with this edge */
            if (ex * (bx - ax) + ey * (by - ay) > 0 && l > k) return 0;
            continue;
        }
        if (d0 < -tol && d1 < -tol) return 0;
        if (d0 >= -tol && d1 >= -tol) continue;
        double t = (-tol - d0) / (d1 - d0);
        if (d1 > d0) t0 = fmax(t0, t);
        else t1 = fmin(t1, t);
        if (t1 - t0 <= 1e-12) return 0;
    }
    out->t0 = t0;
    out->t1 = t1;
    return 1;
}

/* The union's boundary: each piece's edges less the spans inside other pieces. */
static int union_edges(poly_t *pc, size_t np, double tol, segs_t *out)
{
    double *bb = malloc((4 * np + 1) * sizeof *bb);
    span_t *sp = malloc((np + 1) * sizeof *sp);
    if (!bb || !sp) { free(bb); free(sp); return -1; }
    for (size_t k = 0; k < np; k++) {
        bb[4 * k] = bb[4 * k + 2] = INFINITY;
        bb[4 * k + 1] = bb[4 * k + 3] = -INFINITY;
        for (size_t v = 0; v < pc[k].n; v++) {
            bb[4 * k] = fmin(bb[4 * k], pc[k].xy[2 * v]);
            bb[4 * k + 1] = fmax(bb[4 * k + 1], pc[k].xy[2 * v]);
            bb[4 * k + 2] = fmin(bb[4 * k + 2], pc[k].xy[2 * v + 1]);
            bb[4 * k + 3] = fmax(bb[4 * k + 3], pc[k].xy[2 * v + 1]);
        }
    }
    int rc = 0;
    for (size_t k = 0; k < np && !rc; k++)
        for (size_t v = 0; v < pc[k].n && !rc; v++) {
            size_t w = (v + 1) % pc[k].n, ns = 0;
            double ax = pc[k].xy[2 * v], ay = pc[k].xy[2 * v + 1], bx = pc[k].xy[2 * w], by = pc[k].xy[2 * w + 1];
            for (size_t l = 0; l < np; l++) {
                if (l == k || fmax(ax, bx) < bb[4 * l] - tol || fmin(ax, bx) > bb[4 * l + 1] + tol ||
                    fmax(ay, by) < bb[4 * l + 2] - tol || fmin(ay, by) > bb[4 * l + 3] + tol)
                    continue;
                ns += inside_span(&pc[l], k, l, ax, ay, bx, by, tol, &sp[ns]);
            }
            qsort(sp, ns, sizeof *sp, span_cmp);
            double t = 0;
            for (size_t m = 0; m <= ns && !rc; m++) {
                double until = m < ns ? sp[m].t0 : 1;
                if ((until - t) * hypot(bx - ax, by - ay) > 10 * tol)
                    rc = segs_push(out, (seg_t){ax + t * (bx - ax), ay + t * (by - ay), ax + until * (bx - ax),
                                                ay + until * (by - ay)});
                if (m < ns && sp[m].t1 > t) t = sp[m].t1;
            }
        }
    free(bb);
    free(sp);
    return rc;
}

/* Drop the vertices of a ring that lie on the line through their neighbours (within tol):
 * where pieces' collinear edges meet. */
static void drop_collinear(poly_t *g, double tol)
{
    for (int again = 1; again && g->n >= 3;) {
        again = 0;
        for (size_t v = 0; v < g->n && g->n >= 3; v++) {
            size_t u = (v + g->n - 1) % g->n, w = (v + 1) % g->n;
            double ux = g->xy[2 * u], uy = g->xy[2 * u + 1], wx = g->xy[2 * w], wy = g->xy[2 * w + 1];
            double ex = wx - ux, ey = wy - uy, len = hypot(ex, ey);
            double d = len > 0 ? fabs(ex * (g->xy[2 * v + 1] - uy) - ey * (g->xy[2 * v] - ux)) / len
                               : hypot(g->xy[2 * v] - ux, g->xy[2 * v + 1] - uy);
            double along = ex * (g->xy[2 * v] - ux) + ey * (g->xy[2 * v + 1] - uy);
            if (d > tol || along < 0 || along > len * len) continue;
            memmove(g->xy + 2 * v, g->xy + 2 * v + 2, 2 * (g->n - v - 1) * sizeof *g->xy);
            g->n--;
            again = 1;
        }
    }
}

/* Chain the boundary segments into rings (each segment's end to the nearest unused start,
 * within tol; a ring closes when its first start is the nearest). */
static int chain_rings(const segs_t *g, double tol, ent_winset_plane_t *out)
{
    unsigned char *used = calloc(g->n + 1, 1);
    if (!used) return -1;
    int rc = 0;
    for (size_t first = 0; first < g->n && !rc; first++) {
        if (used[first]) continue;
        poly_t ring = {0};
        size_t cur = first;
        used[cur] = 1;
        for (;;) {
            if (poly_push(&ring, g->s[cur].x0, g->s[cur].y0) < 0) { rc = -1; break; }
            double ex = g->s[cur].x1, ey = g->s[cur].y1, best = INFINITY;
            size_t next = g->n;
            for (size_t m = 0; m < g->n; m++) {
                if (used[m] && m != first) continue;
                double d = hypot(g->s[m].x0 - ex, g->s[m].y0 - ey);
                if (d < best) best = d, next = m;
            }
            if (next == first || next == g->n || best > tol) break;
            used[next] = 1;
            cur = next;
        }
        if (rc) { free(ring.xy); break; }
        drop_collinear(&ring, tol);
        if (ring.n < 3) { free(ring.xy); continue; }
        ent_ring_t *nr = realloc(out->rings, (out->nrings + 1) * sizeof *nr);
        if (!nr) { free(ring.xy); rc = -1; break; }
        out->rings = nr;
        out->rings[out->nrings++] = (ent_ring_t){ring.n, ring.xy};
    }
    free(used);
    return rc;
}

/* ---------------------------------------------------------------- entry points */

void ent_winset_plane_destroy(ent_winset_plane_t *p)
{
    if (!p) return;
    for (size_t k = 0; k < p->npieces; k++) free(p->pieces[k].xy);
    for (size_t k = 0; k < p->nrings; k++) free(p->rings[k].xy);
    free(p->pieces);
    free(p->rings);
    memset(p, 0, sizeof *p);
}

void ent_winset_planes_free(ent_winset_plane_t *planes, size_t n)
{
    for (size_t k = 0; planes && k < n; k++) ent_winset_plane_destroy(&planes[k]);
    free(planes);
}

static ent_status_t oom(ent_error_t *err) { return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }

/* Each coalition's intersection, clipped from the box; the non-empty ones into out->pieces. */
static int coalition_pieces(const ent_i_rule_t *r, const pref_t *pref, const uint64_t *mwc, size_t nl,
                            const double box[4], ent_winset_plane_t *out)
{
    double minarea = 1e-12 * (box[1] - box[0]) * (box[3] - box[2]);
    poly_t cur = {0}, tmp = {0};
    int rc = 0;
    out->pieces = calloc(nl + 1, sizeof *out->pieces);
    if (!out->pieces) return -1;
    for (size_t c = 0; c < nl && !rc; c++) {
        cur.n = 0;
        int empty = 0;
        if (poly_push(&cur, box[0], box[2]) || poly_push(&cur, box[1], box[2]) || poly_push(&cur, box[1], box[3]) ||
            poly_push(&cur, box[0], box[3])) { rc = -1; break; }
        for (size_t k = 0; k < r->n && !empty && !rc; k++) {
            if (!((mwc[c] >> k) & 1u)) continue;
            const pref_t *ps = r->actor[k] < r->nactors ? &pref[r->actor[k]] : NULL;
            if (!ps || ps->empty) { empty = 1; break; }
            for (size_t h = 0; h < ps->nhp && cur.n >= 3 && !rc; h++) rc = clip_hp(&cur, &tmp, ps->hp[h]);
            if (cur.n < 3) empty = 1;
        }
        if (rc || empty || !(poly_area(cur.xy, cur.n) > minarea)) continue;
        double *xy = malloc(2 * cur.n * sizeof *xy);
        if (!xy) { rc = -1; break; }
        memcpy(xy, cur.xy, 2 * cur.n * sizeof *xy);
        out->pieces[out->npieces++] = (ent_ring_t){cur.n, xy};
    }
    free(cur.xy);
    free(tmp.xy);
    return rc;
}

ent_status_t ent_winset_plane(const ent_scenario_t *s, size_t rule, size_t i, size_t j,
                              const ent_proposals_opts_t *opts, ent_winset_plane_t *out, ent_error_t *err)
{
    ent_proposals_opts_t dflt;
    if (!opts) { ent_proposals_opts_init(&dflt); opts = &dflt; }
    memset(out, 0, sizeof *out);
    out->rule = (long)rule;
    out->issue[0] = i;
    out->issue[1] = j;
    out->status = ENT_WINSET_UNKNOWN;
    if (rule >= s->nrules) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "no rule %zu", rule);
    if (i >= s->nissues || j >= s->nissues || i == j || s->issues[i].ndim != 1 || s->issues[j].ndim != 1 ||
        !s->issues[i].status_quo || !s->issues[j].status_quo)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "the plane needs two different one-dimensional issues with a status quo");
    ent_i_rule_t r = {0};
    ent_status_t st = ent_i_rule_open(&r, s, rule, err);
    if (st != ENT_OK) return st;
    pref_t *pref = calloc(s->nactors + 1, sizeof *pref);
    uint64_t *mwc = NULL, count = 0;
    size_t nl = 0;
    segs_t edges = {0};
    int curved = 0;
    if (!pref) { st = oom(err); goto done; }
    if ((st = ent_i_rule_abstain_unstaked(&r, s, err)) != ENT_OK) goto done;
    for (size_t k = 0; k < r.n; k++) {
        if (r.actor[k] >= s->nactors) continue; /* not an actor: prefers nothing (below) */
        int rc = pref_set(s, r.actor[k], i, j, &pref[r.actor[k]], &curved);
        if (rc < 0) { st = oom(err); goto done; }
        if (rc > 0) {
            snprintf(out->why, sizeof out->why, "not drawn: the ordinal preference of '%s' on '%s' is not convex",
                     s->actors[r.actor[k]].id, s->issues[ent_scenario_pref(s, r.actor[k], i)->kind ==
                                                          ENT_PREF_ORDINAL ? i : j].id);
            goto done;
        }
    }
    if (r.n > opts->max_enum_players || r.n > ENT_I_ENUM_MAX) {
        snprintf(out->why, sizeof out->why, "not drawn: %zu players exceed the enumeration limit of %zu", r.n,
                 opts->max_enum_players < ENT_I_ENUM_MAX ? opts->max_enum_players : (size_t)ENT_I_ENUM_MAX);
        goto done;
    }
    uint64_t all = r.n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << r.n) - 1);
    if ((st = ent_i_rule_min_winning(&r, all, opts->max_lp, &count, &mwc, &nl, err)) != ENT_OK) goto done;
    if (count > opts->max_lp) {
        snprintf(out->why, sizeof out->why, "not drawn: %llu minimal winning coalitions exceed %zu",
                 (unsigned long long)count, opts->max_lp);
        goto done;
    }
    out->ncoal = nl;
    out->arc_steps = curved ? ARC_STEPS : 0;
    const ent_issue_t *ii = &s->issues[i], *ij = &s->issues[j];
    double box[4] = {ii->lo[0], ii->hi[0], ij->lo[0], ij->hi[0]};
    double tol = 1e-9 * (box[1] - box[0] + box[3] - box[2]);
    if (coalition_pieces(&r, pref, mwc, nl, box, out) < 0) {
        st = oom(err);
        goto done;
    }
    {
        poly_t *pc = malloc((out->npieces + 1) * sizeof *pc);
        if (!pc) { st = oom(err); goto done; }
        for (size_t k = 0; k < out->npieces; k++) pc[k] = (poly_t){out->pieces[k].n, out->pieces[k].n, out->pieces[k].xy};
        int rc = union_edges(pc, out->npieces, tol, &edges);
        free(pc);
        if (rc < 0 || chain_rings(&edges, 1e3 * tol, out) < 0) { st = oom(err); goto done; }
    }
    for (size_t k = 0; k < edges.n; k++)
        out->area += (edges.s[k].x0 * edges.s[k].y1 - edges.s[k].x1 * edges.s[k].y0) / 2;
    out->status = out->npieces ? ENT_WINSET_NONEMPTY : ENT_WINSET_EMPTY;
done:
    if (st != ENT_OK) ent_winset_plane_destroy(out);
    for (size_t a = 0; pref && a < s->nactors; a++) free(pref[a].hp);
    free(pref);
    free(mwc);
    free(edges.s);
    ent_i_rule_close(&r);
    return st;
}

/* The pair (i < j) when issues i and j are two different 1-D issues with a status quo. */
static int plane_pair(const ent_scenario_t *s, size_t a, size_t b, size_t pair[2])
{
    pair[0] = a < b ? a : b;
    pair[1] = a < b ? b : a;
    return a != b && a < s->nissues && b < s->nissues && s->issues[a].ndim == 1 && s->issues[b].ndim == 1 &&
           s->issues[a].status_quo && s->issues[b].status_quo;
}

ent_status_t ent_winset_planes(const ent_scenario_t *s, const ent_proposals_t *p, const ent_proposals_opts_t *opts,
                               ent_winset_plane_t **out, size_t *nout, ent_error_t *err)
{
    *out = NULL;
    *nout = 0;
    size_t cap = 16 * p->nwinsets + 1, n = 0;
    ent_winset_plane_t *pl = calloc(cap, sizeof *pl);
    if (!pl) return oom(err);
    for (size_t k = 0; k < p->nwinsets; k++) {
        const ent_winset_t *w = &p->winset[k];
        if (w->rule < 0) continue;
        size_t pairs[16][2], np = 0, an[2] = {0, 0}, nan_ = 0;
        for (size_t i = 0; i < w->nissues; i++)
            if (w->analysed[i] && s->issues[i].ndim == 1 && s->issues[i].status_quo) {
                if (nan_ < 2) an[nan_] = i;
                nan_++;
            }
        if (nan_ == 2 && plane_pair(s, an[0], an[1], pairs[np])) np++;
        for (size_t e = 0; e < p->nproposals && np < 16; e++) {
            const ent_proposal_t *pr = &s->proposals[p->eval[e].proposal];
            size_t pair[2];
            if (p->eval[e].rule != w->rule || pr->npoints != 2 || !plane_pair(s, pr->issue[0], pr->issue[1], pair))
                continue;
            int seen = 0;
            for (size_t q = 0; q < np; q++) seen |= pairs[q][0] == pair[0] && pairs[q][1] == pair[1];
            if (!seen) pairs[np][0] = pair[0], pairs[np][1] = pair[1], np++;
        }
        for (size_t q = 0; q < np; q++) {
            ent_status_t st = ent_winset_plane(s, (size_t)w->rule, pairs[q][0], pairs[q][1], opts, &pl[n], err);
            if (st != ENT_OK) { ent_winset_planes_free(pl, n); return st; }
            n++;
        }
    }
    *out = pl;
    *nout = n;
    return ENT_OK;
}
