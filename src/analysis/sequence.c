/* sequence.c — precondition sequencing: circular chains, the cheapest preconditions to
 * drop, and a feasible order of steps (entente/analysis.h, docs/analyses.md §3).
 *
 * Model. Each step has preconditions; a precondition lists alternatives (a plain `requires`
 * entry has one, a `requires_any` entry several) and is met once ONE alternative has
 * happened. The arc graph has an arc step → alternative for every alternative of every
 * precondition. A step is *reachable* when it is the least fixpoint of "every kept
 * precondition has a reachable alternative" (an AND/OR reachability, O(V·(V+E)) here).
 *
 * Algorithms.
 *  - Strongly connected components: Tarjan (1972), O(V+E); component ids renumbered by the
 *    first step of each component in file order.
 *  - Elementary cycles: Johnson (1975), "Finding all the elementary circuits of a directed
 *    graph", SIAM J. Comput. 4(1); O((V+E)(C+1)) for C cycles, stopped at a limit. Parallel
 *    arcs (one target through two preconditions) give distinct cycles.
 *  - Cheapest preconditions to drop (a minimum-weight feedback set in the AND/OR sense):
 *    only preconditions with an alternative inside their step's own cyclic component are
 *    candidates (dropping others never helps: their alternatives lie in earlier components),
 *    and components are solved independently. Weight of a precondition = Σ over insisting
 *    actors of capability × salience (salience rescaled to 0..1). Per component with k <=
 *    exact_max candidates: depth-first branch and bound over keep/drop decisions, started
 *    from the greedy solution below, pruned by cost and by feasibility (dropping more never
 *    makes a step unreachable, so if dropping every undecided candidate is infeasible the
 *    branch is dead): exact, O(2^k · V·(V+E)) worst case. Above exact_max: the greedy
 *    heuristic (drop all candidates, then restore them in decreasing weight while every
 *    step stays reachable), an irredundant drop set; reported with the lower bound
 *    max over listed cycles made only of single-alternative preconditions of the cheapest
 *    link on the cycle (every such cycle must lose a link).
 *  - Feasible order: Kahn-style, repeatedly the first step in file order whose kept
 *    preconditions are met; O(V·(V+E)).
 * Deviations: none from the sources; the AND/OR treatment of requires_any is ours.
 * Limits: at most 100000 steps (recursion depth of Tarjan/Johnson); larger is ENT_ELIMIT.
 * Progress (opts.progress, phase "sequence"): once per stage, per start vertex of the cycle
 * listing, and every 256 branch-and-bound nodes. Rendering: src/report/report_sequence.c.
 */
#include "analysis/coalition.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SEQ_MAX_STEPS 100000

void ent_sequence_opts_init(ent_sequence_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->limit_cycles = 100;
    o->exact_max = 24;
}

void ent_sequence_init(ent_sequence_t *r) { memset(r, 0, sizeof *r); }

void ent_sequence_destroy(ent_sequence_t *r)
{
    if (!r) return;
    free(r->comp);
    free(r->comp_size);
    free(r->cycle_off);
    free(r->cycle_arcs);
    free(r->pre_off);
    free(r->pre_cost);
    free(r->drop);
    free(r->reachable);
    free(r->order);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- graph */

typedef struct {
    const ent_scenario_t *s;
    size_t n;            /* steps */
    size_t narcs;
    ent_seq_arc_t *arcs;
    size_t *target;      /* narcs */
    size_t *adj_off;     /* n + 1: arcs of step v are adj_off[v]..adj_off[v+1]-1 */
    size_t *pre_off;     /* n + 1: global index of precondition (v, p) = pre_off[v] + p */
    size_t npre;
} graph_t;

static void graph_free(graph_t *g)
{
    free(g->arcs);
    free(g->target);
    free(g->adj_off);
    free(g->pre_off);
}

static int graph_build(graph_t *g, const ent_scenario_t *s)
{
    memset(g, 0, sizeof *g);
    g->s = s;
    g->n = s->nsteps;
    size_t na = 0, np = 0;
    for (size_t v = 0; v < g->n; v++)
        for (size_t p = 0; p < s->steps[v].npre; p++) { na += s->steps[v].pre[p].nsteps; np++; }
    g->narcs = na;
    g->npre = np;
    g->arcs = malloc((na ? na : 1) * sizeof *g->arcs);
    g->target = malloc((na ? na : 1) * sizeof *g->target);
    g->adj_off = malloc((g->n + 1) * sizeof *g->adj_off);
    g->pre_off = malloc((g->n + 1) * sizeof *g->pre_off);
    if (!g->arcs || !g->target || !g->adj_off || !g->pre_off) return -1;
    size_t k = 0, q = 0;
    for (size_t v = 0; v < g->n; v++) {
        g->adj_off[v] = k;
        g->pre_off[v] = q;
        for (size_t p = 0; p < s->steps[v].npre; p++, q++)
            for (size_t a = 0; a < s->steps[v].pre[p].nsteps; a++, k++) {
                g->arcs[k].step = v;
                g->arcs[k].pre = p;
                g->arcs[k].alt = a;
                g->target[k] = s->steps[v].pre[p].steps[a];
            }
    }
    g->adj_off[g->n] = k;
    g->pre_off[g->n] = q;
    return 0;
}

/* ---------------------------------------------------------------- Tarjan */

typedef struct {
    const graph_t *g;
    const unsigned char *alive;  /* vertices in the subgraph (NULL = all) */
    size_t *index, *low, *stack, *comp;
    unsigned char *on;
    size_t sp, next, ncomp;
} tarjan_t;

static void tarjan_visit(tarjan_t *t, size_t v)
{
    t->index[v] = t->low[v] = t->next++;
    t->stack[t->sp++] = v;
    t->on[v] = 1;
    for (size_t k = t->g->adj_off[v]; k < t->g->adj_off[v + 1]; k++) {
        size_t w = t->g->target[k];
        if (t->alive && !t->alive[w]) continue;
        if (t->index[w] == SIZE_MAX) {
            tarjan_visit(t, w);
            if (t->low[w] < t->low[v]) t->low[v] = t->low[w];
        } else if (t->on[w] && t->index[w] < t->low[v]) {
            t->low[v] = t->index[w];
        }
    }
    if (t->low[v] == t->index[v]) {
        size_t w;
        do {
            w = t->stack[--t->sp];
            t->on[w] = 0;
            t->comp[w] = t->ncomp;
        } while (w != v);
        t->ncomp++;
    }
}

/* Components of the subgraph on `alive` (NULL = all); comp[v] = SIZE_MAX for dead v. */
static int tarjan(const graph_t *g, const unsigned char *alive, size_t *comp, size_t *ncomp)
{
    tarjan_t t;
    memset(&t, 0, sizeof t);
    t.g = g;
    t.alive = alive;
    t.comp = comp;
    t.index = malloc((g->n + 1) * sizeof *t.index);
    t.low = malloc((g->n + 1) * sizeof *t.low);
    t.stack = malloc((g->n + 1) * sizeof *t.stack);
    t.on = calloc(g->n + 1, 1);
    if (!t.index || !t.low || !t.stack || !t.on) {
        free(t.index); free(t.low); free(t.stack); free(t.on);
        return -1;
    }
    for (size_t v = 0; v < g->n; v++) { t.index[v] = SIZE_MAX; comp[v] = SIZE_MAX; }
    for (size_t v = 0; v < g->n; v++)
        if ((!alive || alive[v]) && t.index[v] == SIZE_MAX) tarjan_visit(&t, v);
    *ncomp = t.ncomp;
    free(t.index); free(t.low); free(t.stack); free(t.on);
    return 0;
}

/* ---------------------------------------------------------------- Johnson */

typedef struct {
    const graph_t *g;
    const size_t *comp;     /* component of each vertex in the current subgraph */
    size_t start, scomp;
    unsigned char *blocked;
    size_t **B;             /* blocked-by lists */
    size_t *Bn, *Bcap;
    size_t *astack;         /* arc stack */
    size_t asp;
    size_t limit;
    int stop, oom;
    /* output */
    size_t ncycles, cap_cycles, narcs_out, cap_arcs;
    size_t *off;
    ent_seq_arc_t *out;
} johnson_t;

static void j_unblock(johnson_t *j, size_t u)
{
    j->blocked[u] = 0;
    while (j->Bn[u]) {
        size_t w = j->B[u][--j->Bn[u]];
        if (j->blocked[w]) j_unblock(j, w);
    }
}

static void j_emit(johnson_t *j, size_t last_arc)
{
    size_t len = j->asp + 1;
    if (j->ncycles + 2 > j->cap_cycles) {
        size_t nc = j->cap_cycles ? 2 * j->cap_cycles : 16;
        size_t *o = realloc(j->off, nc * sizeof *o);
        if (!o) { j->oom = 1; j->stop = 1; return; }
        j->off = o;
        j->cap_cycles = nc;
    }
    if (j->narcs_out + len > j->cap_arcs) {
        size_t nc = j->cap_arcs ? 2 * j->cap_arcs : 64;
        while (nc < j->narcs_out + len) nc *= 2;
        ent_seq_arc_t *o = realloc(j->out, nc * sizeof *o);
        if (!o) { j->oom = 1; j->stop = 1; return; }
        j->out = o;
        j->cap_arcs = nc;
    }
    j->off[j->ncycles] = j->narcs_out;
    for (size_t i = 0; i < j->asp; i++) j->out[j->narcs_out++] = j->g->arcs[j->astack[i]];
    j->out[j->narcs_out++] = j->g->arcs[last_arc];
    j->ncycles++;
    j->off[j->ncycles] = j->narcs_out;
    if (j->ncycles >= j->limit) j->stop = 1;
}

static int j_circuit(johnson_t *j, size_t v)
{
    int f = 0;
    j->blocked[v] = 1;
    for (size_t k = j->g->adj_off[v]; k < j->g->adj_off[v + 1] && !j->stop; k++) {
        size_t w = j->g->target[k];
        if (w < j->start || j->comp[w] != j->scomp) continue;
        if (w == j->start) {
            j_emit(j, k);
            f = 1;
        } else if (!j->blocked[w]) {
            j->astack[j->asp++] = k;
            if (j_circuit(j, w)) f = 1;
            j->asp--;
        }
    }
    if (f) {
        j_unblock(j, v);
    } else {
        for (size_t k = j->g->adj_off[v]; k < j->g->adj_off[v + 1]; k++) {
            size_t w = j->g->target[k];
            if (w < j->start || j->comp[w] != j->scomp) continue;
            int present = 0;
            for (size_t i = 0; i < j->Bn[w]; i++)
                if (j->B[w][i] == v) { present = 1; break; }
            if (present) continue;
            if (j->Bn[w] == j->Bcap[w]) {
                size_t nc = j->Bcap[w] ? 2 * j->Bcap[w] : 4;
                size_t *nb = realloc(j->B[w], nc * sizeof *nb);
                if (!nb) { j->oom = 1; j->stop = 1; return f; }
                j->B[w] = nb;
                j->Bcap[w] = nc;
            }
            j->B[w][j->Bn[w]++] = v;
        }
    }
    return f;
}

/* Returns 0, -1 out of memory, 1 interrupted by the progress callback. */
static int johnson(const graph_t *g, size_t limit, const ent_progress_t *progress, ent_sequence_t *r)
{
    johnson_t j;
    memset(&j, 0, sizeof j);
    j.g = g;
    j.limit = limit;
    size_t n = g->n;
    unsigned char *alive = malloc(n + 1);
    size_t *comp = malloc((n + 1) * sizeof *comp);
    j.blocked = calloc(n + 1, 1);
    j.B = calloc(n + 1, sizeof *j.B);
    j.Bn = calloc(n + 1, sizeof *j.Bn);
    j.Bcap = calloc(n + 1, sizeof *j.Bcap);
    j.astack = malloc((n + 1) * sizeof *j.astack);
    int rc = 0;
    if (!alive || !comp || !j.blocked || !j.B || !j.Bn || !j.Bcap || !j.astack) { rc = -1; goto done; }
    memset(alive, 1, n);
    j.comp = comp;
    for (size_t s = 0; s < n && !j.stop && limit > 0; s++) {
        if (ent_progress_tick(progress, "sequence", (double)s, (double)n)) { rc = 1; goto done; }
        size_t nc;
        if (tarjan(g, alive, comp, &nc) != 0) { rc = -1; goto done; }
        j.start = s;
        j.scomp = comp[s];
        for (size_t v = s; v < n; v++) { j.blocked[v] = 0; j.Bn[v] = 0; }
        j.asp = 0;
        j_circuit(&j, s);
        alive[s] = 0;
    }
    if (j.oom) rc = -1;
    r->ncycles = j.ncycles;
    r->cycle_off = j.off;
    if (!r->cycle_off) r->cycle_off = calloc(1, sizeof *r->cycle_off);
    r->cycle_arcs = j.out;
    r->cycles_complete = limit > 0 && !j.stop;
    j.off = NULL;
    j.out = NULL;
done:
    free(j.off);
    free(j.out);
    if (j.B)
        for (size_t v = 0; v <= n; v++) free(j.B[v]);
    free(j.B); free(j.Bn); free(j.Bcap); free(j.blocked); free(j.astack);
    free(alive); free(comp);
    return rc;
}

/* ---------------------------------------------------------------- reachability */

/* reached[v] = 1 for steps reachable when the preconditions with dropped[global] = 1 are
 * removed. Returns the number reached. */
static size_t reach(const graph_t *g, const unsigned char *dropped, unsigned char *reached)
{
    const ent_scenario_t *s = g->s;
    memset(reached, 0, g->n ? g->n : 1);
    size_t count = 0;
    int changed = 1;
    while (changed) {
        changed = 0;
        for (size_t v = 0; v < g->n; v++) {
            if (reached[v]) continue;
            int ok = 1;
            for (size_t p = 0; p < s->steps[v].npre && ok; p++) {
                if (dropped && dropped[g->pre_off[v] + p]) continue;
                const ent_precond_t *pc = &s->steps[v].pre[p];
                int any = 0;
                for (size_t a = 0; a < pc->nsteps; a++)
                    if (reached[pc->steps[a]]) { any = 1; break; }
                ok = any;
            }
            if (ok) { reached[v] = 1; count++; changed = 1; }
        }
    }
    return count;
}

/* ---------------------------------------------------------------- drop set */

typedef struct {
    const graph_t *g;
    const size_t *cand;     /* global precondition indices of this component's candidates */
    size_t k;
    const double *cost;
    const size_t *comp;
    size_t c;               /* the component */
    unsigned char *dropped; /* global; other components' candidates are all dropped */
    unsigned char *reached;
    unsigned char *best;    /* k flags */
    unsigned char *cur;
    double best_cost;
    const ent_progress_t *progress;
    size_t nodes;           /* visited, for the progress callback */
    int stop;               /* the progress callback asked to stop */
} bnb_t;

static int comp_feasible(bnb_t *b)
{
    reach(b->g, b->dropped, b->reached);
    for (size_t v = 0; v < b->g->n; v++)
        if (b->comp[v] == b->c && !b->reached[v]) return 0;
    return 1;
}

static void bnb(bnb_t *b, size_t i, double cost)
{
    if (b->stop || cost >= b->best_cost - 1e-12) return;
    if ((++b->nodes & 255) == 0 && ent_progress_tick(b->progress, "sequence", (double)b->nodes, 0)) {
        b->stop = 1;
        return;
    }
    if (i == b->k) {
        if (comp_feasible(b)) {
            b->best_cost = cost;
            memcpy(b->best, b->cur, b->k);
        }
        return;
    }
    /* keep candidate i: viable only if dropping all later ones is feasible */
    b->cur[i] = 0;
    b->dropped[b->cand[i]] = 0;
    for (size_t j = i + 1; j < b->k; j++) b->dropped[b->cand[j]] = 1;
    if (comp_feasible(b)) bnb(b, i + 1, cost);
    /* drop candidate i */
    b->cur[i] = 1;
    b->dropped[b->cand[i]] = 1;
    bnb(b, i + 1, cost + b->cost[b->cand[i]]);
    b->cur[i] = 0;
    b->dropped[b->cand[i]] = 1;  /* leave "undecided = dropped" for the caller */
}

/* ---------------------------------------------------------------- analysis, in stages */

/* The working state of one analysis; each stage below fills a part of `out`. */
typedef struct {
    const ent_scenario_t *s;
    const ent_sequence_opts_t *opts;
    ent_sequence_t *out;
    graph_t g;
    unsigned char *dropped;  /* npre: precondition dropped */
    unsigned char *reached;  /* n scratch */
    unsigned char *iscand;   /* npre: candidate to drop */
    unsigned char *cyclic;   /* ncomp: the component has a cycle */
    size_t *cand;            /* npre scratch: one component's candidates */
} seq_t;

static void seq_free(seq_t *q)
{
    graph_free(&q->g);
    free(q->dropped);
    free(q->reached);
    free(q->iscand);
    free(q->cyclic);
    free(q->cand);
}

/* The graph, the result's arrays and the scratch; the cost of every precondition. */
static ent_status_t seq_setup(seq_t *q)
{
    const ent_scenario_t *s = q->s;
    ent_sequence_t *out = q->out;
    if (graph_build(&q->g, s) != 0) return ENT_ENOMEM;
    size_t n = q->g.n, np = q->g.npre;
    out->nsteps = n;
    out->comp = malloc((n + 1) * sizeof *out->comp);
    out->reachable = calloc(n + 1, 1);
    out->order = malloc((n + 1) * sizeof *out->order);
    out->pre_off = malloc((n + 1) * sizeof *out->pre_off);
    out->pre_cost = calloc(np + 1, sizeof *out->pre_cost);
    q->dropped = calloc(np + 1, 1);
    q->reached = calloc(n + 1, 1);
    q->iscand = calloc(np + 1, 1);
    q->cand = malloc((np + 1) * sizeof *q->cand);
    if (!out->comp || !out->reachable || !out->order || !out->pre_off || !out->pre_cost || !q->dropped ||
        !q->reached || !q->iscand || !q->cand)
        return ENT_ENOMEM;
    memcpy(out->pre_off, q->g.pre_off, (n + 1) * sizeof *out->pre_off);
    double sc = s->salience_scale > 0 ? s->salience_scale : 1;
    for (size_t v = 0; v < n; v++)
        for (size_t p = 0; p < s->steps[v].npre; p++) {
            const ent_precond_t *pc = &s->steps[v].pre[p];
            double c = 0;
            for (size_t k = 0; k < pc->ninsist; k++) {
                size_t a = pc->insist[k].actor;
                double cap = a < s->nactors ? s->actors[a].capability : 0;
                c += cap * pc->insist[k].salience / sc;
            }
            out->pre_cost[q->g.pre_off[v] + p] = c;
        }
    return ENT_OK;
}

/* Components renumbered by first step in file order, their sizes, which are cyclic. */
static ent_status_t seq_components(seq_t *q)
{
    ent_sequence_t *out = q->out;
    size_t n = q->g.n, nc;
    if (tarjan(&q->g, NULL, out->comp, &nc) != 0) return ENT_ENOMEM;
    size_t *ren = malloc((nc + 1) * sizeof *ren);
    if (!ren) return ENT_ENOMEM;
    for (size_t c = 0; c < nc; c++) ren[c] = SIZE_MAX;
    size_t next = 0;
    for (size_t v = 0; v < n; v++)
        if (ren[out->comp[v]] == SIZE_MAX) ren[out->comp[v]] = next++;
    for (size_t v = 0; v < n; v++) out->comp[v] = ren[out->comp[v]];
    free(ren);
    out->ncomp = nc;
    out->comp_size = calloc(nc + 1, sizeof *out->comp_size);
    q->cyclic = calloc(nc + 1, 1);
    if (!out->comp_size || !q->cyclic) return ENT_ENOMEM;
    for (size_t v = 0; v < n; v++) out->comp_size[out->comp[v]]++;
    for (size_t k = 0; k < q->g.narcs; k++) {
        size_t v = q->g.arcs[k].step, w = q->g.target[k];
        if (out->comp[v] == out->comp[w]) q->cyclic[out->comp[v]] = 1;  /* includes self-arcs */
    }
    for (size_t c = 0; c < nc; c++)
        if (q->cyclic[c]) out->circular = 1;
    return ENT_OK;
}

/* Candidates: preconditions with an alternative in their own cyclic component; all of
 * them start dropped. */
static void seq_candidates(seq_t *q)
{
    const ent_scenario_t *s = q->s;
    const size_t *comp = q->out->comp;
    for (size_t v = 0; v < q->g.n; v++)
        for (size_t p = 0; p < s->steps[v].npre; p++) {
            const ent_precond_t *pc = &s->steps[v].pre[p];
            if (!q->cyclic[comp[v]]) continue;
            for (size_t a = 0; a < pc->nsteps; a++)
                if (comp[pc->steps[a]] == comp[v]) { q->iscand[q->g.pre_off[v] + p] = 1; break; }
        }
    for (size_t k = 0; k < q->g.npre; k++) q->dropped[k] = q->iscand[k];
}

/* Greedy: restore the k candidates b->cand in decreasing cost (ties: later in file first)
 * while the component stays feasible; b->best gets the greedy drop flags, returns its cost. */
static double seq_greedy(bnb_t *b, size_t *ord)
{
    size_t k = b->k;
    const size_t *cand = b->cand;
    for (size_t i = 0; i < k; i++) ord[i] = i;
    for (size_t i = 1; i < k; i++)  /* insertion sort by cost desc, index desc */
        for (size_t j = i; j > 0; j--) {
            double c1 = b->cost[cand[ord[j - 1]]], c2 = b->cost[cand[ord[j]]];
            if (c1 < c2 || (c1 == c2 && ord[j - 1] < ord[j])) {
                size_t t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
            } else break;
        }
    for (size_t i = 0; i < k; i++) {
        b->dropped[cand[ord[i]]] = 0;
        if (!comp_feasible(b)) b->dropped[cand[ord[i]]] = 1;
    }
    double gcost = 0;
    for (size_t i = 0; i < k; i++) {
        b->best[i] = b->dropped[cand[i]];
        if (b->best[i]) gcost += b->cost[cand[i]];
    }
    return gcost;
}

/* The cheapest drop set of cyclic component c: greedy, then exact branch and bound when
 * it has at most opts.exact_max candidates. */
static ent_status_t seq_drop_component(seq_t *q, size_t c)
{
    const ent_scenario_t *s = q->s;
    ent_sequence_t *out = q->out;
    size_t k = 0;
    for (size_t v = 0; v < q->g.n; v++) {
        if (out->comp[v] != c) continue;
        for (size_t p = 0; p < s->steps[v].npre; p++)
            if (q->iscand[q->g.pre_off[v] + p]) q->cand[k++] = q->g.pre_off[v] + p;
    }
    bnb_t b;
    memset(&b, 0, sizeof b);
    b.g = &q->g; b.cand = q->cand; b.k = k; b.cost = out->pre_cost; b.comp = out->comp; b.c = c;
    b.dropped = q->dropped; b.reached = q->reached; b.progress = &q->opts->progress;
    b.best = calloc(k + 1, 1);
    b.cur = calloc(k + 1, 1);
    size_t *ord = malloc((k + 1) * sizeof *ord);
    ent_status_t st = ENT_OK;
    if (!b.best || !b.cur || !ord) { st = ENT_ENOMEM; goto done; }
    double gcost = seq_greedy(&b, ord);
    if (k <= q->opts->exact_max) {
        b.best_cost = gcost + 1e-9 * (1 + fabs(gcost));  /* greedy is the incumbent */
        for (size_t i = 0; i < k; i++) q->dropped[q->cand[i]] = 1;
        bnb(&b, 0, 0.0);
        if (b.stop) { st = ENT_EINTR; goto done; }
    } else {
        out->drop_exact = 0;
    }
    for (size_t i = 0; i < k; i++) q->dropped[q->cand[i]] = b.best[i];
done:
    free(ord);
    free(b.best);
    free(b.cur);
    return st;
}

/* The drop set as arcs, its cost, and the lower bound on the minimum (docs above). */
static ent_status_t seq_collect_drop(seq_t *q)
{
    const ent_scenario_t *s = q->s;
    ent_sequence_t *out = q->out;
    for (size_t k = 0; k < q->g.npre; k++)
        if (q->dropped[k]) out->ndrop++;
    out->drop = malloc((out->ndrop + 1) * sizeof *out->drop);
    if (!out->drop) return ENT_ENOMEM;
    size_t i = 0;
    for (size_t v = 0; v < q->g.n; v++)
        for (size_t p = 0; p < s->steps[v].npre; p++)
            if (q->dropped[q->g.pre_off[v] + p]) {
                out->drop[i].step = v;
                out->drop[i].pre = p;
                out->drop[i].alt = 0;
                out->drop_cost += out->pre_cost[q->g.pre_off[v] + p];
                i++;
            }
    if (out->drop_exact) {
        out->drop_lower = out->drop_cost;
        return ENT_OK;
    }
    double lb = 0;
    for (size_t c = 0; c < out->ncycles; c++) {
        double m = INFINITY;
        int plain = 1;
        for (size_t a = out->cycle_off[c]; a < out->cycle_off[c + 1]; a++) {
            const ent_seq_arc_t *arc = &out->cycle_arcs[a];
            if (s->steps[arc->step].pre[arc->pre].nsteps != 1) { plain = 0; break; }
            double cc = out->pre_cost[q->g.pre_off[arc->step] + arc->pre];
            if (cc < m) m = cc;
        }
        if (plain && m > lb && isfinite(m)) lb = m;
    }
    out->drop_lower = lb;
    return ENT_OK;
}

/* A feasible order after dropping: repeatedly the first step in file order whose kept
 * preconditions are met. Every step must be placed (the drop set guarantees it). */
static ent_status_t seq_order(seq_t *q, ent_error_t *err)
{
    const ent_scenario_t *s = q->s;
    size_t n = q->g.n, k = 0;
    unsigned char *placed = q->reached;
    memset(placed, 0, n ? n : 1);
    while (k < n) {
        size_t pick = SIZE_MAX;
        for (size_t v = 0; v < n && pick == SIZE_MAX; v++) {
            if (placed[v]) continue;
            int ok = 1;
            for (size_t p = 0; p < s->steps[v].npre && ok; p++) {
                if (q->dropped[q->g.pre_off[v] + p]) continue;
                const ent_precond_t *pc = &s->steps[v].pre[p];
                int any = 0;
                for (size_t a = 0; a < pc->nsteps; a++)
                    if (placed[pc->steps[a]]) { any = 1; break; }
                ok = any;
            }
            if (ok) pick = v;
        }
        if (pick == SIZE_MAX) break;
        placed[pick] = 1;
        q->out->order[k++] = pick;
    }
    q->out->norder = k;
    if (k != n)
        return ent_error_set(err, ENT_EINTERNAL, NULL, 0, 0,
                             "sequence: %zu of %zu steps could not be ordered after dropping", n - k, n);
    return ENT_OK;
}

/* The stages in order; a non-OK status stops them (ENT_ENOMEM and ENT_EINTR without a
 * message yet: the caller words them). */
static ent_status_t seq_run(seq_t *q, ent_error_t *err)
{
    const ent_progress_t *pg = &q->opts->progress;
    ent_sequence_t *out = q->out;
    ent_status_t st;
    int rc;
    if ((st = seq_setup(q)) != ENT_OK) return st;
    if (ent_progress_tick(pg, "sequence", 0, 0)) return ENT_EINTR;
    if ((st = seq_components(q)) != ENT_OK) return st;
    if ((rc = johnson(&q->g, (size_t)q->opts->limit_cycles, pg, out)) != 0) return rc < 0 ? ENT_ENOMEM : ENT_EINTR;
    if (!out->circular) out->cycles_complete = 1;
    reach(&q->g, NULL, out->reachable);  /* reachability with everything kept */
    seq_candidates(q);
    out->drop_exact = 1;
    for (size_t c = 0; c < out->ncomp; c++) {
        if (!q->cyclic[c]) continue;
        if (ent_progress_tick(pg, "sequence", (double)c, (double)out->ncomp)) return ENT_EINTR;
        if ((st = seq_drop_component(q, c)) != ENT_OK) return st;
    }
    if ((st = seq_collect_drop(q)) != ENT_OK) return st;
    if (ent_progress_tick(pg, "sequence", 1, 1)) return ENT_EINTR;
    return seq_order(q, err);
}

ent_status_t ent_sequence_analyze(const ent_scenario_t *s, const ent_sequence_opts_t *opts,
                                  ent_sequence_t *out, ent_error_t *err)
{
    ent_sequence_opts_t dflt;
    if (!opts) { ent_sequence_opts_init(&dflt); opts = &dflt; }
    ent_sequence_init(out);
    if (!s) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "no scenario");
    if (s->nsteps > SEQ_MAX_STEPS)
        return ent_error_set(err, ENT_ELIMIT, NULL, 0, 0,
                             "%zu steps; the sequencing analysis handles at most %d", s->nsteps,
                             SEQ_MAX_STEPS);
    if (opts->limit_cycles < 0)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "negative cycle limit");
    seq_t q;
    memset(&q, 0, sizeof q);
    q.s = s;
    q.opts = opts;
    q.out = out;
    ent_status_t st = seq_run(&q, err);
    seq_free(&q);
    if (st == ENT_ENOMEM) ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory in the sequencing analysis");
    else if (st == ENT_EINTR) ent_i_interrupted(err, "sequence");
    if (st != ENT_OK) ent_sequence_destroy(out);
    return st;
}
