/* SPDX-License-Identifier: MIT */
/* threshold.c — thresholds: for every flag of the proposals analysis (a proposal passes, is
 * dead on arrival, a better offer existed; no agreement is possible under a rule) and every
 * single numeric input (a coordinate of a position, a salience, a capability when a rule
 * weighs by it), the nearest values on either side of the input's current one at which the
 * flag flips, everything else held (entente/analysis.h, docs/analyses.md §4, "Thresholds"). It replaces
 * the "smallest multiple of the shift" search of analyze's sensitivity pass.
 *
 * Method. Moving one input of actor a changes only a's utilities. Under the symmetric linear
 * loss (docs/analyses.md §2) a's utility difference on a proposal P that names a 1-D issue i,
 *     D(v) = C + s·(|q − v| − |x − v|)         (v: a's position on i; q, x: status quo, P's point)
 *     D(σ) = C + (σ/scale)·(|q − p| − |x − p|)  (σ: a's raw salience on i)
 * is piecewise linear in the input with kinks at q and x, and a's vote on P changes only
 * where D crosses 0. Those roots (closed form) and kinks are the breakpoints: between two
 * consecutive breakpoints every vote, hence "passes" and "dead on arrival", is constant, so
 * evaluating the proposals analysis at each breakpoint and at the midpoints between them
 * gives those flags' thresholds exactly (`exact` = 1; up to the engine's indifference band
 * of 1e-9 in utility). The win-set flags ("no agreement possible", "a better offer
 * existed") are LP verdicts whose boundary is not among those breakpoints: they, and every
 * flag when the input is not on the exact path (a multi-dimensional issue, a capability, or
 * a preference form other than the linear loss, or a proposal with a design), are sampled at the
 * breakpoints (with the midpoints next to them), the landmarks (status quo, the other
 * positions, the proposals' points), the current value and a uniform grid of opts.grid
 * cells, and each first change is bisected to opts.tol × the input's range (`exact` = 0,
 * `at` on the flipped side). A flip and a flip back within one sampled cell are not seen by
 * the sampled flags. A value where the proposals analysis fails (an LP it cannot verify) is
 * retried 1e-9 of the range away, then skipped (nfailed). Inputs of actors who neither decide a rule used by a proposal nor make a proposal
 * cannot move a flag and are skipped. Veto players (guarantee.c) and the circularity of the
 * preconditions (sequence.c) do not depend on any position or salience; they are not inputs
 * here (docs/analyses.md §4, "Thresholds").
 * Complexity: per input O(B + L + G + 2·F·log2(1/tol)) proposals analyses (B breakpoints, L
 * landmarks — up to min(n, distinct coordinates) for a position —, G grid cells, F flags that
 * flip), all through one win-set context (LP memo, winset.h). Each proposals analysis is
 * O(n²) on a 1-D issue (the win-set's intervals: O(n) breakpoints, each tested against every
 * actor and the rule), and there are O(n) inputs: O(n³ · (L + G + B)) in all — at 1 000
 * actors about 200 000 analyses of ~3 ms, minutes, which `analyze`'s cost budget skips by
 * default (analyze.c, ent_analyze_estimate; docs/analyses.md §4 "Cost budget"). Not done:
 * rerunning only what one actor's input changes (its votes, the intervals of its issue).
 */
#include "analysis/coalition.h"
#include "analysis/winset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NPF 3 /* flags per proposal: passes, dead on arrival, a better offer existed */
#define NA_FLAG 255
#define SKIP_FLAG 254 /* the proposals analysis failed at that value: not a sample */

/* The exact path needs actor a's utility on issue i to be the symmetric linear loss
 * (ent_i_pref_linear, winset.c) and no proposal to discount votes by an enforcement design
 * (`design:`, whose discount the closed-form breakpoints do not model); every other case
 * falls back to sampling and bisection. */
static int thr_linear_form(const ent_scenario_t *s, size_t a, size_t i)
{
    for (size_t k = 0; k < s->nproposals; k++)
        if (s->proposals[k].design.set) return 0;
    return ent_i_pref_linear(s, a, i);
}

void ent_threshold_opts_init(ent_threshold_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->positions = o->saliences = o->capabilities = 1;
    o->grid = 8;
    o->tol = 1e-6;
}

void ent_thresholds_init(ent_thresholds_t *t) { memset(t, 0, sizeof *t); }

void ent_thresholds_destroy(ent_thresholds_t *t)
{
    if (!t) return;
    free(t->thr);
    memset(t, 0, sizeof *t);
}

typedef struct {
    ent_thr_input_t kind;
    size_t a, i, d;
    double lo, hi, now;
} input_t;

typedef struct {
    double v;
    int cand; /* a breakpoint of the exact path */
} pt_t;

typedef struct {
    ent_threshold_t t;
    size_t seq;
} rec_t;

typedef struct {
    const ent_scenario_t *s0;
    ent_scenario_t s;          /* shallow copy of s0 with its own pos[] and actors[] */
    ent_position_t *pos;
    ent_actor_t *actors;
    double *vbuf;              /* the moved position's coordinates or saliences */
    const ent_threshold_opts_t *opts;
    ent_proposals_opts_t po;
    ent_i_ws_ctx_t *ctx;
    ent_proposals_t base;      /* the unmoved analysis (utilities for the breakpoints) */
    size_t np, nw, nflags;
    unsigned char *bflags;     /* nflags: the flags as they are */
    long *frule;               /* nflags: the rule of each flag */
    rec_t *rec;
    size_t nrec, cap;
    size_t nevals, nfailed;
} thr_t;

static ent_status_t oom(ent_error_t *err) { return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }

/* ---------------------------------------------------------------- evaluation */

static void set_input(thr_t *T, const input_t *in, double v)
{
    if (in->kind == ENT_THR_CAPABILITY) { T->actors[in->a].capability = v; return; }
    size_t cell = in->a * T->s0->nissues + in->i, nd = T->s0->issues[in->i].ndim;
    const ent_position_t *p0 = &T->s0->pos[cell];
    switch (in->kind) {
    case ENT_THR_POSITION:
        memcpy(T->vbuf, p0->x, nd * sizeof *T->vbuf);
        T->vbuf[in->d] = v;
        T->pos[cell].x = T->vbuf;
        break;
    case ENT_THR_SALIENCE:
        memcpy(T->vbuf, p0->sal, nd * sizeof *T->vbuf);
        T->vbuf[in->d] = v;
        T->pos[cell].sal = T->vbuf;
        break;
    case ENT_THR_CAPABILITY: T->actors[in->a].capability = v; break;
    }
}

static void reset_input(thr_t *T, const input_t *in)
{
    T->actors[in->a] = T->s0->actors[in->a];
    if (in->kind == ENT_THR_CAPABILITY) return;
    size_t cell = in->a * T->s0->nissues + in->i;
    T->pos[cell] = T->s0->pos[cell];
}

/* The flags of a proposals analysis into fl (nflags): per proposal passes, dead, better
 * (NA_FLAG when it is not evaluated), then per win-set 1 empty, 0 non-empty, 2 unknown. */
static void flags_of(const ent_proposals_t *r, size_t np, unsigned char *fl)
{
    for (size_t k = 0; k < r->nproposals; k++) {
        const ent_proposal_eval_t *e = &r->eval[k];
        int na = e->sq_missing || e->rule < 0;
        fl[NPF * k] = na ? NA_FLAG : (unsigned char)e->passes;
        fl[NPF * k + 1] = na ? NA_FLAG : (unsigned char)e->dead_on_arrival;
        fl[NPF * k + 2] = na ? NA_FLAG : (unsigned char)e->better_offer_existed;
    }
    for (size_t k = 0; k < r->nwinsets; k++)
        fl[NPF * np + k] = r->winset[k].joint == ENT_WINSET_EMPTY ? 1 : r->winset[k].joint == ENT_WINSET_NONEMPTY ? 0 : 2;
}

/* The flags of the proposals analysis of T->s (the input as set) into fl. */
static ent_status_t eval_flags(thr_t *T, unsigned char *fl, ent_error_t *err)
{
    ent_proposals_t r;
    ent_status_t st = ent_i_proposals_run(&T->s, &T->po, T->ctx, &r, err);
    if (st != ENT_OK) return st;
    T->nevals++;
    if (r.nproposals != T->np || r.nwinsets != T->nw) st = ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0,
                                                                         "thresholds: the win-sets changed with one input");
    else flags_of(&r, T->np, fl);
    ent_proposals_destroy(&r);
    return st;
}

/* The flags with the input at v. When the proposals analysis fails there for another reason
 * than memory or an interrupt (an LP it cannot verify on a degenerate boundary), it is tried
 * once more 1e-9 of the range away; failing again, fl is filled with SKIP_FLAG and the value
 * is not a sample (counted in nfailed). */
static ent_status_t eval_at(thr_t *T, const input_t *in, double v, unsigned char *fl, ent_error_t *err)
{
    double nudge = (in->hi - in->lo) * 1e-9, tries[2] = {v, v + (v + nudge <= in->hi ? nudge : -nudge)};
    for (int k = 0; k < 2; k++) {
        ent_error_t e = {0};
        set_input(T, in, tries[k]);
        ent_status_t st = eval_flags(T, fl, &e);
        reset_input(T, in);
        if (st == ENT_OK) return ENT_OK;
        if (st == ENT_ENOMEM || st == ENT_EINTR) {
            if (err) *err = e;
            return st;
        }
    }
    memset(fl, SKIP_FLAG, T->nflags);
    T->nfailed++;
    return ENT_OK;
}

/* ---------------------------------------------------------------- breakpoints */

static int add_pt(pt_t **v, size_t *n, size_t *cap, double x, int cand)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 32;
        pt_t *nv = realloc(*v, nc * sizeof *nv);
        if (!nv) return -1;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = (pt_t){x, cand};
    return 0;
}

/* The roots and kinks of a's utility difference on every proposal naming issue i, as a
 * function of the input (a 1-D position or salience under the linear form). */
static int breakpoints(const thr_t *T, const input_t *in, pt_t **v, size_t *n, size_t *cap)
{
    const ent_scenario_t *s = T->s0;
    const ent_issue_t *is = &s->issues[in->i];
    const ent_position_t *p = ent_scenario_pos(s, in->a, in->i);
    double sal = ent_scenario_salience(s, in->a, in->i, 0), pv = p->x[0];
    for (size_t k = 0; k < s->nproposals && k < T->base.nproposals; k++) {
        const ent_proposal_t *P = &s->proposals[k];
        const ent_proposal_eval_t *e = &T->base.eval[k];
        if (!is->status_quo || e->sq_missing) continue;
        double x = NAN, q = is->status_quo[0];
        for (size_t j = 0; j < P->npoints; j++)
            if (P->issue[j] == in->i) x = P->point[j][0];
        if (isnan(x)) continue;
        double D0 = e->u_prop[in->a] - e->u_sq[in->a];
        if (isnan(D0)) continue;
        if (in->kind == ENT_THR_POSITION) {
            double C = D0 - sal * (fabs(q - pv) - fabs(x - pv));
            if (add_pt(v, n, cap, q, 1) || add_pt(v, n, cap, x, 1)) return -1;
            if (!(sal > 0) || x == q) continue;
            double t = -C / sal, r;
            if (!(fabs(t) < fabs(x - q))) continue;
            r = q < x ? (t + q + x) / 2 : (q + x - t) / 2;  /* h(v) = ±(2v − q − x) between the kinks */
            if (r > in->lo && r < in->hi && add_pt(v, n, cap, r, 1)) return -1;
        } else {
            double h = fabs(q - pv) - fabs(x - pv), C = D0 - sal * h;
            if (h == 0) continue;
            double r = -C * s->salience_scale / h;
            if (r >= in->lo && r <= in->hi && add_pt(v, n, cap, r, 1)) return -1;
        }
    }
    return 0;
}

/* Where the win-set's geometry changes as a position moves, sampled (not breakpoints): the
 * status quo, every other actor's position and every proposal's point on that coordinate. */
static int landmarks(const ent_scenario_t *s, const input_t *in, pt_t **v, size_t *n, size_t *cap)
{
    const ent_issue_t *is = &s->issues[in->i];
    if (is->status_quo && add_pt(v, n, cap, is->status_quo[in->d], 0)) return -1;
    for (size_t b = 0; b < s->nactors; b++) {
        const ent_position_t *p = ent_scenario_pos(s, b, in->i);
        if (b != in->a && p->present && add_pt(v, n, cap, p->x[in->d], 0)) return -1;
    }
    for (size_t k = 0; k < s->nproposals; k++)
        for (size_t j = 0; j < s->proposals[k].npoints; j++)
            if (s->proposals[k].issue[j] == in->i && add_pt(v, n, cap, s->proposals[k].point[j][in->d], 0)) return -1;
    return 0;
}

static int pt_cmp(const void *pa, const void *pb)
{
    const pt_t *a = pa, *b = pb;
    return a->v < b->v ? -1 : a->v > b->v;
}

/* The sampled values of one input, sorted, merged, with the midpoints next to each
 * breakpoint; *inow := the index of the current value. */
static int sample_points(const thr_t *T, const input_t *in, int exact, pt_t **out, size_t *nout, size_t *inow)
{
    pt_t *v = NULL;
    size_t n = 0, cap = 0, G = T->opts->grid;
    if (add_pt(&v, &n, &cap, in->lo, 0) || add_pt(&v, &n, &cap, in->hi, 0) || add_pt(&v, &n, &cap, in->now, 0))
        goto oom;
    for (size_t g = 1; g < G; g++)
        if (add_pt(&v, &n, &cap, in->lo + (in->hi - in->lo) * (double)g / (double)G, 0)) goto oom;
    if (in->kind != ENT_THR_CAPABILITY && T->s0->issues[in->i].ndim == 1 && breakpoints(T, in, &v, &n, &cap)) goto oom;
    if (in->kind == ENT_THR_POSITION && landmarks(T->s0, in, &v, &n, &cap)) goto oom;
    qsort(v, n, sizeof *v, pt_cmp);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (v[k].v < in->lo || v[k].v > in->hi) continue;
        if (m && v[m - 1].v == v[k].v) { v[m - 1].cand |= v[k].cand; continue; }
        v[m++] = v[k];
    }
    if (!exact)
        for (size_t k = 0; k < m; k++) v[k].cand = 0;
    pt_t *w = malloc((2 * m + 1) * sizeof *w);
    if (!w) goto oom;
    size_t nw = 0;
    for (size_t k = 0; k < m; k++) {
        /* a midpoint reads the votes between two breakpoints; elsewhere the grid samples */
        if (k && (v[k - 1].cand || v[k].cand)) w[nw++] = (pt_t){v[k - 1].v + (v[k].v - v[k - 1].v) / 2, 0};
        if (v[k].v == in->now) *inow = nw;
        w[nw++] = v[k];
    }
    free(v);
    *out = w;
    *nout = nw;
    return 0;
oom:
    free(v);
    return -1;
}

/* ---------------------------------------------------------------- one input */

static int flag_exact(size_t f, size_t np)
{
    return f < NPF * np && f % NPF != 2;  /* passes and dead on arrival are functions of the votes */
}

static int rec_add(thr_t *T, const ent_threshold_t *t)
{
    if (T->nrec == T->cap) {
        size_t nc = T->cap ? 2 * T->cap : 16;
        rec_t *nv = realloc(T->rec, nc * sizeof *nv);
        if (!nv) return -1;
        T->rec = nv;
        T->cap = nc;
    }
    T->rec[T->nrec].t = *t;
    T->rec[T->nrec].seq = T->nrec;
    T->nrec++;
    return 0;
}

/* Bisect flag f between lo (its value there: the base one) and hi (flipped), to tol. */
static ent_status_t bisect(thr_t *T, const input_t *in, size_t f, double lo, double hi, double tol,
                           unsigned char *fl, double *at, int *then, ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    /* flips sit on sampled values more often than not (a landmark, the current value): two
       probes within tol of either end settle those without the ~log2(1/tol) halvings */
    double dir = hi > lo ? 1 : -1, probe[2] = {hi - dir * tol, lo + dir * tol};
    for (int k = 0; k < 2 && fabs(hi - lo) > 2 * tol; k++) {
        if ((st = eval_at(T, in, probe[k], fl, err)) != ENT_OK) return st;
        if (fl[f] == SKIP_FLAG) continue;
        if (k == 0 && fl[f] == T->bflags[f]) lo = probe[0];
        if (k == 1 && fl[f] != T->bflags[f]) { hi = probe[1]; *then = fl[f]; }
    }
    while (fabs(hi - lo) > tol) {
        double mid = lo + (hi - lo) / 2;
        if (mid == lo || mid == hi) break;
        if ((st = eval_at(T, in, mid, fl, err)) != ENT_OK) return st;
        if (fl[f] == SKIP_FLAG) break;  /* stop at the last verified bracket */
        if (fl[f] == T->bflags[f]) lo = mid;
        else { hi = mid; *then = fl[f]; }
    }
    *at = hi;
    return ENT_OK;
}

/* Sample one input, then record the nearest flip of every flag on each side. Long because
 * the walk, the exact reading and the bisection share the sampled table. */
static ent_status_t one_input(thr_t *T, const input_t *in, int exact, ent_error_t *err)
{
    pt_t *pt = NULL;
    size_t npt = 0, inow = 0, nf = T->nflags;
    if (sample_points(T, in, exact, &pt, &npt, &inow)) return oom(err);
    unsigned char *fl = malloc(npt * nf + nf + 1);
    if (!fl) { free(pt); return oom(err); }
    unsigned char *scratch = fl + npt * nf;
    ent_status_t st = ENT_OK;
    for (size_t k = 0; k < npt && st == ENT_OK; k++) {
        if (k == inow) { memcpy(fl + k * nf, T->bflags, nf); continue; }
        st = eval_at(T, in, pt[k].v, fl + k * nf, err);
    }
    double range = in->hi - in->lo, tol = T->opts->tol * range;
    for (size_t f = 0; f < nf && st == ENT_OK; f++) {
        if (T->bflags[f] == NA_FLAG) continue;
        for (int up = 0; up <= 1 && st == ENT_OK; up++) {
            size_t j = inow, prev = inow;
            int found = 0;
            while (up ? j + 1 < npt : j > 0) {
                j = up ? j + 1 : j - 1;
                if (fl[j * nf + f] == SKIP_FLAG) continue;
                if (fl[j * nf + f] != T->bflags[f]) { found = 1; break; }
                prev = j;
            }
            if (!found) continue;
            ent_threshold_t t;
            memset(&t, 0, sizeof t);
            t.flag = f < NPF * T->np ? (ent_analyze_flag_t)(f % NPF) : ENT_FLAG_NO_AGREEMENT;
            t.proposal = f < NPF * T->np ? (long)(f / NPF) : -1;
            t.rule = T->frule[f];
            t.input = in->kind;
            t.actor = in->a;
            t.issue = in->kind == ENT_THR_CAPABILITY ? 0 : in->i;
            t.dim = in->d;
            t.now = in->now;
            t.up = up;
            t.was = T->bflags[f];
            t.then = fl[j * nf + f];
            if (exact && flag_exact(f, T->np) && (pt[j].cand || pt[prev].cand)) {
                t.exact = 1;
                t.closed = pt[j].cand;
                t.at = pt[j].cand ? pt[j].v : pt[prev].v;
            } else {
                int then = t.then;
                st = bisect(T, in, f, pt[prev].v, pt[j].v, tol, scratch, &t.at, &then, err);
                t.then = then;
                t.closed = 1;
                t.tol = tol;
                /* the flip is within tol past a sampled value where the flag is `was` (the
                   current value, a breakpoint such as the moment a veto player turns to
                   indifference): stated as "beyond that value", strict */
                if (fabs(t.at - pt[prev].v) <= tol) {
                    t.at = pt[prev].v;
                    t.closed = 0;
                }
            }
            t.distance = range > 0 ? fabs(t.at - t.now) / range : 0;
            t.back = NAN;  /* the first sampled value past the flip where the flag is back */
            for (size_t q = j; up ? q + 1 < npt : q > 0;) {
                q = up ? q + 1 : q - 1;
                if (fl[q * nf + f] == T->bflags[f] && fl[q * nf + f] != SKIP_FLAG) { t.back = pt[q].v; break; }
            }
            if (st == ENT_OK && rec_add(T, &t)) st = oom(err);
        }
    }
    free(fl);
    free(pt);
    return st;
}

/* ---------------------------------------------------------------- run */

static int rec_cmp(const void *pa, const void *pb)
{
    const rec_t *a = pa, *b = pb;
    if (a->t.distance != b->t.distance) return a->t.distance < b->t.distance ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* deciders[a] := a is a player of a rule of the base win-sets, or makes a proposal. */
static ent_status_t deciders_of(const thr_t *T, unsigned char *dec, ent_error_t *err)
{
    const ent_scenario_t *s = T->s0;
    for (size_t k = 0; k < s->nproposals; k++)
        if (s->proposals[k].proposer >= 0) dec[s->proposals[k].proposer] = 1;
    for (size_t k = 0; k < T->base.nwinsets; k++) {
        ent_i_rule_t r;
        memset(&r, 0, sizeof r);
        ent_status_t st = ent_i_rule_open(&r, s, (size_t)T->base.winset[k].rule, err);
        if (st != ENT_OK) { ent_i_rule_close(&r); return st; }
        for (size_t j = 0; j < r.n; j++) dec[r.actor[j]] = 1;
        ent_i_rule_close(&r);
    }
    return ENT_OK;
}

static int weighs_by_capability(const ent_scenario_t *s)
{
    for (size_t r = 0; r < s->nrules; r++)
        if (s->rules[r].expr && strstr(s->rules[r].expr, "capability")) return 1;
    return 0;
}

/* Every input of every deciding actor, in order: positions and saliences per issue and
 * dimension, then capabilities. */
static ent_status_t all_inputs(thr_t *T, const unsigned char *dec, ent_thresholds_t *out, ent_error_t *err)
{
    const ent_scenario_t *s = T->s0;
    const ent_threshold_opts_t *o = T->opts;
    size_t total = s->nactors * (s->nissues + 1);
    double capmax = 0;
    for (size_t a = 0; a < s->nactors; a++)
        if (s->actors[a].capability > capmax) capmax = s->actors[a].capability;
    int bycap = o->capabilities && weighs_by_capability(s);
    for (size_t a = 0; a < s->nactors; a++) {
        for (size_t i = 0; i <= s->nissues; i++) {
            if (ent_progress_tick(&o->progress, "thresholds", (double)(a * (s->nissues + 1) + i), (double)total))
                return ent_i_interrupted(err, "thresholds");
            if (!dec[a]) continue;
            if (i == s->nissues) {
                if (!bycap) continue;
                input_t in = {ENT_THR_CAPABILITY, a, 0, 0, 0, capmax > 0 ? 2 * capmax : 1, s->actors[a].capability};
                if (in.now > in.hi) in.hi = 2 * in.now;
                out->ninputs++;
                ent_status_t st = one_input(T, &in, 0, err);
                if (st != ENT_OK) return st;
                continue;
            }
            const ent_position_t *p = ent_scenario_pos(s, a, i);
            const ent_issue_t *is = &s->issues[i];
            if (!p->present) continue;
            int exact = thr_linear_form(s, a, i) && is->ndim == 1;
            for (int kind = 0; kind < 2; kind++) {
                if (kind == 0 ? !o->positions : !o->saliences || !p->sal) continue;
                for (size_t d = 0; d < is->ndim; d++) {
                    input_t in = {kind ? ENT_THR_SALIENCE : ENT_THR_POSITION, a, i, d,
                                  kind ? 0 : is->lo[d], kind ? s->salience_scale : is->hi[d],
                                  kind ? p->sal[d] : p->x[d]};
                    if (!(in.now >= in.lo && in.now <= in.hi)) continue;
                    out->ninputs++;
                    out->nexact += (size_t)exact;
                    ent_status_t st = one_input(T, &in, exact, err);
                    if (st != ENT_OK) return st;
                }
            }
        }
    }
    return ENT_OK;
}

static ent_status_t run(thr_t *T, ent_thresholds_t *out, ent_error_t *err)
{
    const ent_scenario_t *s = T->s0;
    size_t ni = s->nissues, maxd = 1;
    for (size_t i = 0; i < ni; i++)
        if (s->issues[i].ndim > maxd) maxd = s->issues[i].ndim;
    T->s = *s;
    T->pos = malloc((s->nactors * ni + 1) * sizeof *T->pos);
    T->actors = malloc((s->nactors + 1) * sizeof *T->actors);
    T->vbuf = malloc(maxd * sizeof *T->vbuf);
    T->ctx = ent_i_ws_ctx_new(ENT_I_WS_MEMO_BYTES);
    if (!T->pos || !T->actors || !T->vbuf || !T->ctx) return oom(err);
    memcpy(T->pos, s->pos, s->nactors * ni * sizeof *T->pos);
    memcpy(T->actors, s->actors, s->nactors * sizeof *T->actors);
    T->s.pos = T->pos;
    T->s.actors = T->actors;
    /* the base run, with utilities (for the breakpoints) and every flag */
    ent_status_t st = ent_i_proposals_run(&T->s, &T->po, T->ctx, &T->base, err);
    if (st != ENT_OK) return st;
    T->nevals++;
    /* the base run's witnesses as first candidates of every later verdict (winset.h), as
       analyze's sensitivity pass does */
    size_t ncoord = 0;
    for (size_t i = 0; i < ni; i++) ncoord += s->issues[i].ndim;
    for (size_t k = 0; k < T->base.nwinsets; k++) ent_i_ws_ctx_add_point(T->ctx, T->base.winset[k].witness, ncoord);
    for (size_t k = 0; k < T->base.nproposals; k++)
        ent_i_ws_ctx_add_point(T->ctx, T->base.eval[k].proposer_witness, ncoord);
    T->np = T->base.nproposals;
    T->nw = T->base.nwinsets;
    T->nflags = NPF * T->np + T->nw;
    T->bflags = malloc(T->nflags + 1);
    T->frule = malloc((T->nflags + 1) * sizeof *T->frule);
    unsigned char *dec = calloc(s->nactors + 1, 1);
    if (!T->bflags || !T->frule || !dec) { free(dec); return oom(err); }
    flags_of(&T->base, T->np, T->bflags);
    for (size_t k = 0; k < T->np; k++)
        for (size_t q = 0; q < NPF; q++) T->frule[NPF * k + q] = T->base.eval[k].rule;
    for (size_t k = 0; k < T->nw; k++) T->frule[NPF * T->np + k] = T->base.winset[k].rule;
    if ((st = deciders_of(T, dec, err)) == ENT_OK) st = all_inputs(T, dec, out, err);
    free(dec);
    return st;
}

ent_status_t ent_thresholds_compute(const ent_scenario_t *s, const ent_threshold_opts_t *opts,
                                    ent_thresholds_t *out, ent_error_t *err)
{
    ent_threshold_opts_t dflt;
    if (!opts) { ent_threshold_opts_init(&dflt); opts = &dflt; }
    if (!out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_thresholds_compute: no output");
    ent_thresholds_init(out);
    if (!s) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_thresholds_compute: no scenario");
    if (!(opts->tol > 0 && opts->tol < 1) || opts->grid < 1 || opts->grid > 100000)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "ent_thresholds_compute: tol must be in (0, 1) and grid in 1..100000");
    out->tol = opts->tol;
    thr_t T;
    memset(&T, 0, sizeof T);
    T.s0 = s;
    T.opts = opts;
    ent_proposals_opts_init(&T.po);
    T.po.no_position = opts->no_position;
    T.po.verdicts_only = 1;
    ent_status_t st = run(&T, out, err);
    if (st == ENT_OK && T.nrec) {
        qsort(T.rec, T.nrec, sizeof *T.rec, rec_cmp);
        if (!(out->thr = malloc(T.nrec * sizeof *out->thr))) st = oom(err);
        else {
            for (size_t k = 0; k < T.nrec; k++) out->thr[k] = T.rec[k].t;
            out->n = T.nrec;
        }
    }
    out->nevals = T.nevals;
    out->nfailed = T.nfailed;
    ent_proposals_destroy(&T.base);
    ent_i_ws_ctx_free(T.ctx);
    free(T.pos);
    free(T.actors);
    free(T.vbuf);
    free(T.bflags);
    free(T.frule);
    free(T.rec);
    if (st != ENT_OK) ent_thresholds_destroy(out);
    return st;
}
