/* SPDX-License-Identifier: MIT */
/* sequence.c — precondition sequencing: circular chains, the cheapest preconditions to
 * drop, and a feasible order of steps (entente/analysis.h, docs/analyses.md §3).
 *
 * Model. Each step has preconditions; a precondition lists alternatives (a plain `requires`
 * entry has one, a `requires_any` entry several) and is met once ONE alternative has
 * happened. The arc graph has an arc step → alternative for every alternative of every
 * precondition. A step is *reachable* when it is the least fixpoint of "every kept
 * precondition has a reachable alternative" (an AND/OR reachability: a worklist over
 * reverse arcs, O(V+E), which also yields a derivation order, the rank of each step).
 *
 * Algorithms.
 *  - Strongly connected components: Tarjan (1972), O(V+E), with an explicit stack (no
 *    recursion); component ids renumbered by the first step of each component in file order.
 *  - Elementary cycles: Johnson (1975), "Finding all the elementary circuits of a directed
 *    graph", SIAM J. Comput. 4(1); O((V+E)(C+1)) for C cycles, stopped at a limit, without
 *    recursion. Parallel arcs (one target through two preconditions) give distinct cycles.
 *    The SCC of each start vertex is found by a Tarjan run from it alone, and vertices shown
 *    to lie on no cycle are removed for good, so a long cycle costs O(V+E), not O(V·(V+E)).
 *  - Cheapest preconditions to drop (a minimum-weight feedback set in the AND/OR sense):
 *    only preconditions with an alternative inside their step's own cyclic component are
 *    candidates (dropping others never helps: their alternatives lie in earlier components),
 *    and components are solved independently. Weight of a precondition = Σ over insisting
 *    actors of capability × salience (salience rescaled to 0..1). Per component with k <=
 *    exact_max candidates: depth-first branch and bound over keep/drop decisions, started
 *    from the greedy solution below, pruned by cost and by feasibility (dropping more never
 *    makes a step unreachable, so if dropping every undecided candidate is infeasible the
 *    branch is dead): exact, O(2^k · (V+E)) worst case; when that bound, at 1 ns per unit,
 *    exceeds opts.max_seconds the component gets the greedy heuristic instead (reported as
 *    such, with its lower bound). Above exact_max: the greedy heuristic (drop all
 *    candidates, then restore them in decreasing weight while every step stays reachable),
 *    an irredundant drop set; reported with the lower bound max over listed cycles made only
 *    of single-alternative preconditions of the cheapest link on the cycle (every such cycle
 *    must lose a link). The greedy tests each restore incrementally: kept if the restored
 *    precondition has an alternative ranked before its step, or if moving a few steps (at
 *    most 64) to the end of the derivation order repairs it; only otherwise is reachability
 *    recomputed. Same decisions as recomputing each time; near-linear on long cycles.
 *  - The K cheapest minimal cuts (opts.cuts > 0): per component with the exact search, the
 *    same branch and bound keeping the K best feasible leaves that are minimal (each dropped
 *    precondition restored once must break feasibility), pruned by the K-th cost; merged
 *    across components into the K best unions (costs add, indices disjoint): O(K^2) per
 *    component; ties by the cut that keeps the earlier precondition. Greedy components
 *    contribute their one set. Weights (opts.cut_cost): capability x salience, salience,
 *    or 1 per precondition.
 *  - Feasible order: Kahn-style, repeatedly the first step in file order whose kept
 *    preconditions are met (a min-heap of ready steps); O((V+E) log V).
 * Measured (`entente sequence` on an n-step cycle, step i requiring step i+1; 2-core
 * machine): before these changes 1 000 steps 1.16 s, 2 000 3.24 s, 5 000 47.0 s, 100 000 did not end;
 * now 1 000 0.03 s, 5 000 0.01 s, 100 000 0.29 s (loading included).
 * Deviations: none from the sources; the AND/OR treatment of requires_any is ours.
 * Limits: at most 100000 steps (SEQ_MAX_STEPS); larger is ENT_ELIMIT. No recursion anywhere.
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
    o->max_seconds = 60;
    o->cuts = 0;   /* callers that render the result (analyze) stay as they were */
    o->cut_cost = ENT_CUT_COST_CAPABILITY_SALIENCE;
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
    free(r->cut_off);
    free(r->cut_drop);
    free(r->cut_total);
    free(r->cut_exact);
    free(r->cut_actor);
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
    size_t *rev_off;     /* n + 1: arcs INTO step w are rev[rev_off[w]..rev_off[w+1]-1] */
    size_t *rev;         /* narcs arc indices, grouped by target */
    size_t *pre_step;    /* npre: the step of each precondition */
} graph_t;

static void graph_free(graph_t *g)
{
    free(g->arcs);
    free(g->target);
    free(g->adj_off);
    free(g->pre_off);
    free(g->rev_off);
    free(g->rev);
    free(g->pre_step);
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
    g->rev_off = calloc(g->n + 2, sizeof *g->rev_off);
    g->rev = malloc((na ? na : 1) * sizeof *g->rev);
    g->pre_step = malloc((np ? np : 1) * sizeof *g->pre_step);
    if (!g->rev_off || !g->rev || !g->pre_step) return -1;
    for (size_t v = 0; v < g->n; v++)
        for (size_t p = g->pre_off[v]; p < g->pre_off[v + 1]; p++) g->pre_step[p] = v;
    for (size_t a = 0; a < na; a++) g->rev_off[g->target[a] + 1]++;
    for (size_t v = 0; v < g->n; v++) g->rev_off[v + 1] += g->rev_off[v];
    size_t *cur = malloc((g->n + 1) * sizeof *cur);
    if (!cur) return -1;
    memcpy(cur, g->rev_off, (g->n + 1) * sizeof *cur);
    for (size_t a = 0; a < na; a++) g->rev[cur[g->target[a]]++] = a;
    free(cur);
    return 0;
}

/* ---------------------------------------------------------------- Tarjan */

/* Tarjan's algorithm without recursion (a 100 000-step chain would overflow the C stack):
 * an explicit stack of (vertex, next arc) frames. State persists across calls so that the
 * cycle listing can run it from one root at a time: index[] is reset only for the vertices
 * a run visited, and component ids keep counting up, so a stale id never equals a new one. */
typedef struct {
    const graph_t *g;
    const unsigned char *alive;  /* vertices in the subgraph (NULL = all) */
    const size_t *within;        /* with `in`: only w with within[w] == in (NULL = no filter) */
    size_t in;
    size_t *index, *low, *stack, *comp, *fv, *fk, *seen;
    unsigned char *on;
    size_t sp, next, ncomp, nseen;
} tarjan_t;

static int tarjan_open(tarjan_t *t, const graph_t *g, size_t *comp)
{
    memset(t, 0, sizeof *t);
    t->g = g;
    t->comp = comp;
    size_t n = g->n + 1;
    t->index = malloc(n * sizeof *t->index);
    t->low = malloc(n * sizeof *t->low);
    t->stack = malloc(n * sizeof *t->stack);
    t->fv = malloc(n * sizeof *t->fv);
    t->fk = malloc(n * sizeof *t->fk);
    t->seen = malloc(n * sizeof *t->seen);
    t->on = calloc(n, 1);
    if (!t->index || !t->low || !t->stack || !t->fv || !t->fk || !t->seen || !t->on) return -1;
    for (size_t v = 0; v < g->n; v++) { t->index[v] = SIZE_MAX; comp[v] = SIZE_MAX; }
    return 0;
}

static void tarjan_close(tarjan_t *t)
{
    free(t->index); free(t->low); free(t->stack); free(t->fv); free(t->fk); free(t->seen); free(t->on);
}

static int tarjan_ok(const tarjan_t *t, size_t w)
{
    return (!t->alive || t->alive[w]) && (!t->within || t->within[w] == t->in);
}

/* One depth-first search from root; the same visiting order as the recursive algorithm. */
static void tarjan_visit(tarjan_t *t, size_t root)
{
    const graph_t *g = t->g;
    size_t fp = 0;
    t->index[root] = t->low[root] = t->next++;
    t->seen[t->nseen++] = root;
    t->stack[t->sp++] = root;
    t->on[root] = 1;
    t->fv[fp] = root; t->fk[fp] = g->adj_off[root]; fp++;
    while (fp) {
        size_t v = t->fv[fp - 1];
        if (t->fk[fp - 1] < g->adj_off[v + 1]) {
            size_t w = g->target[t->fk[fp - 1]++];
            if (!tarjan_ok(t, w)) continue;
            if (t->index[w] == SIZE_MAX) {
                t->index[w] = t->low[w] = t->next++;
                t->seen[t->nseen++] = w;
                t->stack[t->sp++] = w;
                t->on[w] = 1;
                t->fv[fp] = w; t->fk[fp] = g->adj_off[w]; fp++;
            } else if (t->on[w] && t->index[w] < t->low[v]) {
                t->low[v] = t->index[w];
            }
            continue;
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
        fp--;
        if (fp) {
            size_t u = t->fv[fp - 1];
            if (t->low[v] < t->low[u]) t->low[u] = t->low[v];
        }
    }
}

/* Components of the whole graph. */
static int tarjan(const graph_t *g, size_t *comp, size_t *ncomp)
{
    tarjan_t t;
    if (tarjan_open(&t, g, comp) != 0) { tarjan_close(&t); return -1; }
    for (size_t v = 0; v < g->n; v++)
        if (t.index[v] == SIZE_MAX) tarjan_visit(&t, v);
    *ncomp = t.ncomp;
    tarjan_close(&t);
    return 0;
}

/* ---------------------------------------------------------------- Johnson */

/* Johnson's circuit search without recursion: circuit(v) is a frame (v, next arc, found);
 * unblock uses an explicit stack. The order of the cycles is that of the recursive text. */
typedef struct {
    const graph_t *g;
    const size_t *comp;     /* component of each vertex in the current subgraph */
    size_t start, scomp;
    unsigned char *blocked;
    size_t **B;             /* blocked-by lists */
    size_t *Bn, *Bcap;
    size_t *astack;         /* arc stack */
    size_t asp;
    size_t *fv, *fk, *us;   /* circuit frames (vertex, next arc), unblock stack */
    unsigned char *ff;      /* per frame: a cycle was found below */
    size_t limit;
    int stop, oom;
    /* output */
    size_t ncycles, cap_cycles, narcs_out, cap_arcs;
    size_t *off;
    ent_seq_arc_t *out;
} johnson_t;

static void j_unblock(johnson_t *j, size_t u)
{
    size_t sp = 0;
    j->blocked[u] = 0;
    j->us[sp++] = u;
    while (sp) {
        size_t x = j->us[sp - 1];
        if (!j->Bn[x]) { sp--; continue; }
        size_t w = j->B[x][--j->Bn[x]];
        if (j->blocked[w]) { j->blocked[w] = 0; j->us[sp++] = w; }
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

static int j_in(const johnson_t *j, size_t w) { return w >= j->start && j->comp[w] == j->scomp; }

/* Not found below v: v waits in B[w] for every successor w (no duplicates). */
static void j_wait(johnson_t *j, size_t v)
{
    for (size_t k = j->g->adj_off[v]; k < j->g->adj_off[v + 1]; k++) {
        size_t w = j->g->target[k];
        if (!j_in(j, w)) continue;
        int present = 0;
        for (size_t i = 0; i < j->Bn[w]; i++)
            if (j->B[w][i] == v) { present = 1; break; }
        if (present) continue;
        if (j->Bn[w] == j->Bcap[w]) {
            size_t nc = j->Bcap[w] ? 2 * j->Bcap[w] : 4;
            size_t *nb = realloc(j->B[w], nc * sizeof *nb);
            if (!nb) { j->oom = 1; j->stop = 1; return; }
            j->B[w] = nb;
            j->Bcap[w] = nc;
        }
        j->B[w][j->Bn[w]++] = v;
    }
}

static void j_circuit(johnson_t *j, size_t s)
{
    const graph_t *g = j->g;
    size_t fp = 0;
    j->blocked[s] = 1;
    j->fv[fp] = s; j->fk[fp] = g->adj_off[s]; j->ff[fp] = 0; fp++;
    while (fp) {
        size_t v = j->fv[fp - 1];
        size_t k = j->fk[fp - 1];
        if (k < g->adj_off[v + 1] && !j->stop) {
            size_t w = g->target[k];
            if (!j_in(j, w)) { j->fk[fp - 1]++; continue; }
            if (w == j->start) {
                j_emit(j, k);
                j->ff[fp - 1] = 1;
                j->fk[fp - 1]++;
            } else if (!j->blocked[w]) {
                j->astack[j->asp++] = k;
                j->blocked[w] = 1;
                j->fv[fp] = w; j->fk[fp] = g->adj_off[w]; j->ff[fp] = 0; fp++;
            } else {
                j->fk[fp - 1]++;
            }
            continue;
        }
        int f = j->ff[fp - 1];
        if (f) j_unblock(j, v);
        else j_wait(j, v);
        fp--;
        if (fp) {
            j->asp--;
            if (f) j->ff[fp - 1] = 1;
            j->fk[fp - 1]++;
        }
    }
}

/* The elementary cycles, in Johnson's order (start vertex s = 0, 1, ...; cycles through s
 * in the subgraph of vertices >= s). The SCC of s in that subgraph is found by a Tarjan run
 * from s alone, inside s's component of the whole graph; every vertex such a run shows to be
 * on no cycle (a lone vertex without a self-arc) is removed for good, since subgraphs only
 * shrink. A long cycle thus costs O(V+E) in all, not O(V·(V+E)).
 * Returns 0, -1 out of memory, 1 interrupted by the progress callback. */
static int johnson(const graph_t *g, const size_t *comp0, size_t limit, const ent_progress_t *progress,
                   ent_sequence_t *r)
{
    johnson_t j;
    memset(&j, 0, sizeof j);
    j.g = g;
    j.limit = limit;
    size_t n = g->n;
    unsigned char *alive = malloc(n + 1);
    size_t *comp = malloc((n + 1) * sizeof *comp);
    tarjan_t t;
    int topen = comp ? tarjan_open(&t, g, comp) : (memset(&t, 0, sizeof t), -1);
    j.blocked = calloc(n + 1, 1);
    j.B = calloc(n + 1, sizeof *j.B);
    j.Bn = calloc(n + 1, sizeof *j.Bn);
    j.Bcap = calloc(n + 1, sizeof *j.Bcap);
    j.astack = malloc((n + 1) * sizeof *j.astack);
    j.fv = malloc((n + 1) * sizeof *j.fv);
    j.fk = malloc((n + 1) * sizeof *j.fk);
    j.us = malloc((n + 1) * sizeof *j.us);
    j.ff = malloc(n + 1);
    int rc = 0;
    if (!alive || !comp || topen || !j.blocked || !j.B || !j.Bn || !j.Bcap || !j.astack || !j.fv || !j.fk ||
        !j.us || !j.ff) { rc = -1; goto done; }
    memset(alive, 1, n);
    t.alive = alive;
    t.within = comp0;
    j.comp = comp;
    for (size_t s = 0; s < n && !j.stop && limit > 0; s++) {
        if (ent_progress_tick(progress, "sequence", (double)s, (double)n)) { rc = 1; goto done; }
        if (!alive[s]) continue;
        t.in = comp0[s];
        t.nseen = 0;
        tarjan_visit(&t, s);
        /* lone vertices without a self-arc lie on no cycle now or later */
        for (size_t i = 0; i < t.nseen; i++) {
            size_t v = t.seen[i];
            int lone = 1, self = 0;
            for (size_t k = g->adj_off[v]; k < g->adj_off[v + 1]; k++) {
                size_t w = g->target[k];
                if (w == v) self = 1;
                else if (comp[w] == comp[v]) lone = 0;
            }
            if (lone && !self && v != s) alive[v] = 0;
        }
        for (size_t i = 0; i < t.nseen; i++) t.index[t.seen[i]] = SIZE_MAX;
        j.start = s;
        j.scomp = comp[s];
        for (size_t i = 0; i < t.nseen; i++) { size_t v = t.seen[i]; j.blocked[v] = 0; j.Bn[v] = 0; }
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
    free(j.fv); free(j.fk); free(j.us); free(j.ff);
    if (comp) tarjan_close(&t);
    free(alive); free(comp);
    return rc;
}

/* ---------------------------------------------------------------- reachability */

/* Scratch of the worklist reachability. */
typedef struct {
    size_t *unmet;          /* n: kept preconditions not met yet */
    unsigned char *met;     /* npre */
    size_t *queue;          /* n */
} reach_t;

/* reached[v] = 1 for steps reachable when the preconditions with dropped[global] = 1 are
 * removed; rank[v] (if not NULL) = the position at which v was reached, a derivation order:
 * every kept precondition of v has an alternative of smaller rank. Worklist over reverse
 * arcs, O(V + E). Returns the number reached. */
static size_t reach(const graph_t *g, const unsigned char *dropped, unsigned char *reached, size_t *rank,
                    reach_t *w)
{
    size_t n = g->n, head = 0, tail = 0;
    memset(reached, 0, n ? n : 1);
    memset(w->met, 0, g->npre ? g->npre : 1);
    for (size_t v = 0; v < n; v++) {
        size_t u = 0;
        for (size_t p = g->pre_off[v]; p < g->pre_off[v + 1]; p++) u += !(dropped && dropped[p]);
        w->unmet[v] = u;
        if (!u) { reached[v] = 1; w->queue[tail++] = v; }
    }
    while (head < tail) {
        size_t x = w->queue[head];
        if (rank) rank[x] = head;
        head++;
        for (size_t i = g->rev_off[x]; i < g->rev_off[x + 1]; i++) {
            const ent_seq_arc_t *a = &g->arcs[g->rev[i]];
            size_t gp = g->pre_off[a->step] + a->pre;
            if ((dropped && dropped[gp]) || w->met[gp]) continue;
            w->met[gp] = 1;
            if (--w->unmet[a->step] == 0) { reached[a->step] = 1; w->queue[tail++] = a->step; }
        }
    }
    return tail;
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
    reach_t *rw;            /* reach's scratch */
    size_t *rank, *rank2;   /* n: derivation orders (greedy) */
    unsigned char *best;    /* k flags */
    unsigned char *cur;
    double best_cost;
    const ent_progress_t *progress;
    size_t nodes;           /* visited, for the progress callback */
    int stop;               /* the progress callback asked to stop */
    /* the K cheapest minimal cuts (enum_k): costs and k flags each, sorted */
    size_t K, nkb;
    double *kcost;
    unsigned char *kflags;
} bnb_t;

static int comp_feasible_rank(bnb_t *b, size_t *rank)
{
    reach(b->g, b->dropped, b->reached, rank, b->rw);
    for (size_t v = 0; v < b->g->n; v++)
        if (b->comp[v] == b->c && !b->reached[v]) return 0;
    return 1;
}

static int comp_feasible(bnb_t *b) { return comp_feasible_rank(b, NULL); }

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


/* ---------------------------------------------------------------- the K cheapest cuts */

static int cost_eq(double a, double b) { return fabs(a - b) <= 1e-9 * (1 + fabs(a) + fabs(b)); }

/* Minimal: restoring any one dropped candidate makes the component infeasible (dropping
 * more never hurts, so single restores suffice). b->dropped holds cur for this component. */
static int comp_minimal(bnb_t *b)
{
    for (size_t i = 0; i < b->k; i++) {
        if (!b->cur[i]) continue;
        b->dropped[b->cand[i]] = 0;
        int f = comp_feasible(b);
        b->dropped[b->cand[i]] = 1;
        if (f) return 0;
    }
    return 1;
}

/* Insert b->cur (cost) into the sorted list: cost, then the flags bytewise (0 = kept
 * before 1 = dropped: the cut that keeps the earlier candidate comes first). */
static void k_insert(bnb_t *b, double cost)
{
    size_t pos = b->nkb;
    while (pos > 0) {
        double c = b->kcost[pos - 1];
        int before = cost_eq(c, cost) ? memcmp(b->cur, b->kflags + (pos - 1) * b->k, b->k) < 0 : cost < c;
        if (!before) break;
        pos--;
    }
    if (pos >= b->K) return;
    size_t last = b->nkb < b->K ? b->nkb : b->K - 1;
    for (size_t i = last; i > pos; i--) {
        b->kcost[i] = b->kcost[i - 1];
        memcpy(b->kflags + i * b->k, b->kflags + (i - 1) * b->k, b->k);
    }
    b->kcost[pos] = cost;
    memcpy(b->kflags + pos * b->k, b->cur, b->k);
    if (b->nkb < b->K) b->nkb++;
}

/* Branch and bound collecting the K cheapest distinct minimal cuts of the component:
 * as bnb, pruned by the K-th best cost (ties kept, so the tie-break is exact). Every leaf
 * is a distinct keep/drop vector, so the cuts are distinct. Recursion depth k <= exact_max. */
static void enum_k(bnb_t *b, size_t i, double cost)
{
    if (b->stop) return;
    if (b->nkb == b->K && cost > b->kcost[b->K - 1] && !cost_eq(cost, b->kcost[b->K - 1])) return;
    if ((++b->nodes & 255) == 0 && ent_progress_tick(b->progress, "sequence", (double)b->nodes, 0)) {
        b->stop = 1;
        return;
    }
    if (i == b->k) {
        if (comp_feasible(b) && comp_minimal(b)) k_insert(b, cost);
        return;
    }
    b->cur[i] = 0;
    b->dropped[b->cand[i]] = 0;
    for (size_t j = i + 1; j < b->k; j++) b->dropped[b->cand[j]] = 1;
    if (comp_feasible(b)) enum_k(b, i + 1, cost);
    b->cur[i] = 1;
    b->dropped[b->cand[i]] = 1;
    enum_k(b, i + 1, cost + b->cost[b->cand[i]]);
    b->cur[i] = 0;
    b->dropped[b->cand[i]] = 1;
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
    reach_t rw;              /* reach's scratch */
    size_t *rank, *rank2;    /* n scratch: derivation orders */
    /* the K best cuts so far over the components solved: cut i = kpre[koff[i]..koff[i+1]),
       sorted global precondition indices */
    size_t nk, *koff, *kpre;
    double *kc;
    unsigned char *kex;
} seq_t;

static void seq_free(seq_t *q)
{
    graph_free(&q->g);
    free(q->dropped);
    free(q->reached);
    free(q->iscand);
    free(q->cyclic);
    free(q->cand);
    free(q->rw.unmet);
    free(q->rw.met);
    free(q->rw.queue);
    free(q->rank);
    free(q->rank2);
    free(q->koff);
    free(q->kpre);
    free(q->kc);
    free(q->kex);
}

/* The graph, the result's arrays and the scratch; the cost of every precondition. */
static ent_status_t seq_setup(seq_t *q)
{
    const ent_scenario_t *s = q->s;
    ent_sequence_t *out = q->out;
    if (graph_build(&q->g, s) != 0) return ENT_ENOMEM;
    size_t n = q->g.n, np = q->g.npre;
    out->nsteps = n;
    out->cut_cost = q->opts->cut_cost;
    out->comp = malloc((n + 1) * sizeof *out->comp);
    out->reachable = calloc(n + 1, 1);
    out->order = malloc((n + 1) * sizeof *out->order);
    out->pre_off = malloc((n + 1) * sizeof *out->pre_off);
    out->pre_cost = calloc(np + 1, sizeof *out->pre_cost);
    q->dropped = calloc(np + 1, 1);
    q->reached = calloc(n + 1, 1);
    q->iscand = calloc(np + 1, 1);
    q->cand = malloc((np + 1) * sizeof *q->cand);
    q->rw.unmet = malloc((n + 1) * sizeof *q->rw.unmet);
    q->rw.met = malloc(np + 1);
    q->rw.queue = malloc((n + 1) * sizeof *q->rw.queue);
    q->rank = malloc((n + 1) * sizeof *q->rank);
    q->rank2 = malloc((n + 1) * sizeof *q->rank2);
    if (!out->comp || !out->reachable || !out->order || !out->pre_off || !out->pre_cost || !q->dropped ||
        !q->reached || !q->iscand || !q->cand || !q->rw.unmet || !q->rw.met || !q->rw.queue || !q->rank ||
        !q->rank2)
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
                if (q->opts->cut_cost == ENT_CUT_COST_SALIENCE) cap = 1;
                c += cap * pc->insist[k].salience / sc;
            }
            if (q->opts->cut_cost == ENT_CUT_COST_EQUAL) c = 1;
            out->pre_cost[q->g.pre_off[v] + p] = c;
        }
    return ENT_OK;
}

/* Components renumbered by first step in file order, their sizes, which are cyclic. */
static ent_status_t seq_components(seq_t *q)
{
    ent_sequence_t *out = q->out;
    size_t n = q->g.n, nc;
    if (tarjan(&q->g, out->comp, &nc) != 0) return ENT_ENOMEM;
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

/* Does precondition gp (kept) have a reached alternative ranked before its step? */
static int pre_ok(const bnb_t *b, const size_t *rank, size_t gp)
{
    size_t v = b->g->pre_step[gp];
    const ent_precond_t *pc = &b->g->s->steps[v].pre[gp - b->g->pre_off[v]];
    for (size_t a = 0; a < pc->nsteps; a++)
        if (b->reached[pc->steps[a]] && rank[pc->steps[a]] < rank[v]) return 1;
    return 0;
}

/* Repair the derivation order after v gained a precondition met only by later steps: move
 * v to the end (a fresh largest rank), then every reached step whose kept precondition thereby
 * lost its last earlier alternative, and so on. Every moved step keeps its earlier
 * alternatives, so when the cascade stops the order is valid again and nothing became
 * unreachable. A cascade longer than 64 moves (around a cycle it would never stop) gives up:
 * returns 0 and leaves rank spoiled; the caller then recomputes. O(degrees of the moved). */
static int rank_move(bnb_t *b, size_t *rank, size_t v, size_t *next_rank)
{
    const graph_t *g = b->g;
    size_t *work = b->rw->queue, nw = 0, moves = 0;
    rank[v] = (*next_rank)++;
    work[nw++] = v;
    while (nw) {
        size_t x = work[--nw];
        for (size_t i = g->rev_off[x]; i < g->rev_off[x + 1]; i++) {
            const ent_seq_arc_t *a = &g->arcs[g->rev[i]];
            size_t gp = g->pre_off[a->step] + a->pre, u = a->step;
            if (b->dropped[gp] || !b->reached[u] || pre_ok(b, rank, gp)) continue;
            if (++moves > 64 || nw == g->n) return 0;   /* work holds n entries */
            rank[u] = (*next_rank)++;
            work[nw++] = u;
        }
    }
    return 1;
}

/* The greedy's order: decreasing cost, ties later candidate first (qsort's comparator
 * has no context argument in C11; the analysis is not reentrant within one thread here
 * only for this sort, which runs to completion before anything else reads these). */
static _Thread_local const double *ord_cost;
static _Thread_local const size_t *ord_cand;
static int ord_cmp(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    double c1 = ord_cost[ord_cand[i]], c2 = ord_cost[ord_cand[j]];
    if (c1 != c2) return c1 > c2 ? -1 : 1;
    return i > j ? -1 : i < j;
}

/* Greedy: restore the k candidates b->cand in decreasing cost (ties: later in file first)
 * while the component stays feasible; b->best gets the greedy drop flags, returns its cost. */
static double seq_greedy(bnb_t *b, size_t *ord)
{
    size_t k = b->k;
    const size_t *cand = b->cand;
    ord_cost = b->cost;
    ord_cand = cand;
    for (size_t i = 0; i < k; i++) ord[i] = i;
    qsort(ord, k, sizeof *ord, ord_cmp);  /* cost desc, index desc: a total order */
    /* Incremental: rank is a derivation order of the current (feasible) state. Restoring
     * precondition p of step v keeps that order valid, hence the state feasible, when p has
     * an alternative ranked before v: an O(deg) test. Only otherwise is reachability
     * recomputed (O(V+E)); on success its order replaces rank. Same decisions as
     * recomputing every time; a long cycle costs one recomputation instead of k. */
    size_t *rank = b->rank, next_rank = b->g->n;
    int feasible = comp_feasible_rank(b, rank);
    for (size_t i = 0; i < k; i++) {
        size_t gp = cand[ord[i]], v = b->g->pre_step[gp];
        b->dropped[gp] = 0;
        if (!feasible) {   /* cannot happen (all dropped is feasible); keep the plain rule */
            if (!comp_feasible(b)) b->dropped[gp] = 1;
            continue;
        }
        const ent_precond_t *pc = &b->g->s->steps[v].pre[gp - b->g->pre_off[v]];
        int easy = b->reached[v];
        if (easy) {
            easy = 0;
            for (size_t a = 0; a < pc->nsteps && !easy; a++)
                if (b->reached[pc->steps[a]] && rank[pc->steps[a]] < rank[v]) easy = 1;
        }
        if (easy || rank_move(b, rank, v, &next_rank)) continue;
        if (comp_feasible_rank(b, b->rank2)) {
            size_t *t = rank; rank = b->rank2; b->rank2 = t;
        } else {
            b->dropped[gp] = 1;
            reach(b->g, b->dropped, b->reached, rank, b->rw);   /* rank and reached[] in step again */
        }
        next_rank = b->g->n;
    }
    double gcost = 0;
    for (size_t i = 0; i < k; i++) {
        b->best[i] = b->dropped[cand[i]];
        if (b->best[i]) gcost += b->cost[cand[i]];
    }
    return gcost;
}

/* Order of two cuts given as sorted global precondition indices: cost, then the first
 * precondition in which they differ: the cut that keeps it (drops a later one) first. */
static int cut_cmp(double ca, const size_t *a, size_t na, double cb, const size_t *b, size_t nb)
{
    if (!cost_eq(ca, cb)) return ca < cb ? -1 : 1;
    for (size_t i = 0; i < na && i < nb; i++)
        if (a[i] != b[i]) return a[i] > b[i] ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

/* Combine the K best cuts so far with the m cuts of one more component (sorted global
 * indices cp[co[j]..co[j+1]), costs cc, exact ex): the K best of the m x nk unions. Costs
 * add and the components' indices are disjoint, so the K best of each side suffice. */
static ent_status_t seq_merge_cuts(seq_t *q, size_t m, const size_t *co, const size_t *cp, const double *cc,
                                   int ex)
{
    size_t K = q->opts->cuts, nn = 0, tot = 0;
    size_t n0 = q->nk ? q->nk : 1, np = n0 * m;
    size_t *noff = malloc((np + 1) * sizeof *noff);
    double *nc = malloc((np + 1) * sizeof *nc);
    unsigned char *nex = malloc(np + 1);
    size_t *idx = malloc((np + 1) * sizeof *idx);
    for (size_t i = 0; i < n0; i++)
        for (size_t j = 0; j < m; j++) tot += (q->nk ? q->koff[i + 1] - q->koff[i] : 0) + co[j + 1] - co[j];
    size_t *npre = malloc((tot + 1) * sizeof *npre);
    if (!noff || !nc || !nex || !idx || !npre) {
        free(noff); free(nc); free(nex); free(idx); free(npre);
        return ENT_ENOMEM;
    }
    size_t w = 0;
    for (size_t i = 0; i < n0; i++)
        for (size_t j = 0; j < m; j++, nn++) {   /* merge two sorted lists */
            const size_t *a = q->nk ? q->kpre + q->koff[i] : NULL, *b = cp + co[j];
            size_t na = q->nk ? q->koff[i + 1] - q->koff[i] : 0, nb = co[j + 1] - co[j], x = 0, y = 0;
            noff[nn] = w;
            while (x < na || y < nb) npre[w++] = (y >= nb || (x < na && a[x] < b[y])) ? a[x++] : b[y++];
            nc[nn] = (q->nk ? q->kc[i] : 0) + cc[j];
            nex[nn] = (unsigned char)((q->nk ? q->kex[i] : 1) && ex);
            idx[nn] = nn;
        }
    noff[nn] = w;
    for (size_t i = 1; i < nn; i++) {   /* insertion sort: nn <= K*K, K <= 100 */
        size_t x = idx[i], j = i;
        while (j > 0 && cut_cmp(nc[x], npre + noff[x], noff[x + 1] - noff[x], nc[idx[j - 1]],
                                npre + noff[idx[j - 1]], noff[idx[j - 1] + 1] - noff[idx[j - 1]]) < 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = x;
    }
    size_t keep = nn < K ? nn : K, kt = 0;
    for (size_t i = 0; i < keep; i++) kt += noff[idx[i] + 1] - noff[idx[i]];
    size_t *koff = malloc((keep + 1) * sizeof *koff), *kpre = malloc((kt + 1) * sizeof *kpre);
    double *kc = malloc((keep + 1) * sizeof *kc);
    unsigned char *kex = malloc(keep + 1);
    ent_status_t st = ENT_OK;
    if (!koff || !kpre || !kc || !kex) {
        free(koff); free(kpre); free(kc); free(kex);
        st = ENT_ENOMEM;
    } else {
        size_t o = 0;
        for (size_t i = 0; i < keep; i++) {
            size_t x = idx[i];
            koff[i] = o;
            for (size_t e = noff[x]; e < noff[x + 1]; e++) kpre[o++] = npre[e];
            kc[i] = nc[x];
            kex[i] = nex[x];
        }
        koff[keep] = o;
        free(q->koff); free(q->kpre); free(q->kc); free(q->kex);
        q->koff = koff; q->kpre = kpre; q->kc = kc; q->kex = kex; q->nk = keep;
    }
    free(noff); free(nc); free(nex); free(idx); free(npre);
    return st;
}

/* The K cheapest minimal cuts of component c (candidates b->cand, k of them) merged into
 * q's list: enumerated exactly when `exact`, else the one set in b->best (the greedy's). */
static ent_status_t seq_cuts_component(seq_t *q, bnb_t *b, int exact)
{
    size_t k = b->k, K = q->opts->cuts;
    if (exact) {
        b->K = K;
        b->nkb = 0;
        b->kcost = malloc((K + 1) * sizeof *b->kcost);
        b->kflags = malloc((K + 1) * (k + 1));
        if (!b->kcost || !b->kflags) return ENT_ENOMEM;
        for (size_t i = 0; i < k; i++) q->dropped[q->cand[i]] = 1;
        memset(b->cur, 0, k);
        enum_k(b, 0, 0.0);
        if (b->stop) return ENT_EINTR;
    }
    size_t m = exact ? b->nkb : 1, tot = 0;
    size_t *co = malloc((m + 1) * sizeof *co), *cp = malloc((m * k + 1) * sizeof *cp);
    double *cc = malloc((m + 1) * sizeof *cc);
    ent_status_t st = ENT_ENOMEM;
    if (co && cp && cc) {
        for (size_t j = 0; j < m; j++) {
            const unsigned char *f = exact ? b->kflags + j * k : b->best;
            co[j] = tot;
            cc[j] = 0;
            for (size_t i = 0; i < k; i++)   /* cand[] is in increasing global order */
                if (f[i]) { cp[tot++] = b->cand[i]; cc[j] += b->cost[b->cand[i]]; }
        }
        co[m] = tot;
        st = m ? seq_merge_cuts(q, m, co, cp, cc, exact) : ENT_EINTERNAL;
    }
    free(co); free(cp); free(cc);
    return st;
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
    b.rw = &q->rw; b.rank = q->rank; b.rank2 = q->rank2;
    b.best = calloc(k + 1, 1);
    b.cur = calloc(k + 1, 1);
    size_t *ord = malloc((k + 1) * sizeof *ord);
    ent_status_t st = ENT_OK;
    if (!b.best || !b.cur || !ord) { st = ENT_ENOMEM; goto done; }
    double gcost = seq_greedy(&b, ord);
    double est = ldexp(1.0, (int)(k < 1000 ? k + 1 : 1000)) *
                 (double)(q->g.n + q->g.narcs + q->g.npre + 1) * 1e-9;   /* seconds, worst case */
    int exact = k <= q->opts->exact_max && est <= q->opts->max_seconds;
    if (exact) {
        b.best_cost = gcost + 1e-9 * (1 + fabs(gcost));  /* greedy is the incumbent */
        for (size_t i = 0; i < k; i++) q->dropped[q->cand[i]] = 1;
        bnb(&b, 0, 0.0);
        if (b.stop) { st = ENT_EINTR; goto done; }
    } else {
        out->drop_exact = 0;
    }
    if (q->opts->cuts && (st = seq_cuts_component(q, &b, exact)) != ENT_OK) goto done;
    for (size_t i = 0; i < k; i++) q->dropped[q->cand[i]] = b.best[i];
done:
    free(ord);
    free(b.kcost);
    free(b.kflags);
    free(b.best);
    free(b.cur);
    return st;
}

/* The cuts as arcs, with what each actor gives up (its share of each dropped precondition's
 * cost; under equal cost, 1 per dropped precondition it insists on). */
static ent_status_t seq_publish_cuts(seq_t *q)
{
    const ent_scenario_t *s = q->s;
    ent_sequence_t *out = q->out;
    size_t nc = q->nk, na = s->nactors, tot = nc ? q->koff[nc] : 0;
    double sc = s->salience_scale > 0 ? s->salience_scale : 1;
    out->ncuts = nc;
    out->cut_nactors = na;
    out->cut_off = malloc((nc + 1) * sizeof *out->cut_off);
    out->cut_drop = malloc((tot + 1) * sizeof *out->cut_drop);
    out->cut_total = malloc((nc + 1) * sizeof *out->cut_total);
    out->cut_exact = malloc(nc + 1);
    out->cut_actor = calloc(nc * na + 1, sizeof *out->cut_actor);
    if (!out->cut_off || !out->cut_drop || !out->cut_total || !out->cut_exact || !out->cut_actor) return ENT_ENOMEM;
    for (size_t i = 0; i <= nc; i++) out->cut_off[i] = nc ? q->koff[i] : 0;
    for (size_t i = 0; i < nc; i++) {
        out->cut_total[i] = q->kc[i];
        out->cut_exact[i] = q->kex[i];
        for (size_t e = q->koff[i]; e < q->koff[i + 1]; e++) {
            size_t gp = q->kpre[e], v = q->g.pre_step[gp];
            const ent_precond_t *pc = &s->steps[v].pre[gp - q->g.pre_off[v]];
            out->cut_drop[e].step = v;
            out->cut_drop[e].pre = gp - q->g.pre_off[v];
            out->cut_drop[e].alt = 0;
            for (size_t k = 0; k < pc->ninsist; k++) {
                size_t a = pc->insist[k].actor;
                if (a >= na) continue;
                double c = s->actors[a].capability * pc->insist[k].salience / sc;
                if (out->cut_cost == ENT_CUT_COST_SALIENCE) c = pc->insist[k].salience / sc;
                if (out->cut_cost == ENT_CUT_COST_EQUAL) c = 1;
                out->cut_actor[i * na + a] += c;
            }
        }
    }
    return ENT_OK;
}

/* The drop set as arcs, its cost, and the lower bound on the minimum (docs above). */
static ent_status_t seq_collect_drop(seq_t *q)
{
    const ent_scenario_t *s = q->s;
    ent_sequence_t *out = q->out;
    ent_status_t st0;
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
    if ((st0 = seq_publish_cuts(q)) != ENT_OK) return st0;
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
 * preconditions are met. Every step must be placed (the drop set guarantees it). The steps
 * whose preconditions are met wait in a binary min-heap; placing a step meets, through the
 * reverse arcs, the preconditions it is an alternative of: O((V + E) log V). */
static ent_status_t seq_order(seq_t *q, ent_error_t *err)
{
    const graph_t *g = &q->g;
    size_t n = g->n, k = 0, hn = 0;
    size_t *unmet = q->rw.unmet, *heap = q->rw.queue;
    unsigned char *met = q->rw.met;
    memset(met, 0, g->npre ? g->npre : 1);
#define HEAP_PUSH(x) do { size_t i_ = hn++; heap[i_] = (x); \
        while (i_ && heap[(i_ - 1) / 2] > heap[i_]) { size_t p_ = (i_ - 1) / 2, t_ = heap[p_]; \
            heap[p_] = heap[i_]; heap[i_] = t_; i_ = p_; } } while (0)
    for (size_t v = 0; v < n; v++) {
        size_t u = 0;
        for (size_t p = g->pre_off[v]; p < g->pre_off[v + 1]; p++) u += !q->dropped[p];
        unmet[v] = u;
        if (!u) HEAP_PUSH(v);
    }
    while (hn) {
        size_t x = heap[0];
        heap[0] = heap[--hn];
        for (size_t i = 0;;) {   /* sift down */
            size_t l = 2 * i + 1, r = l + 1, m = i;
            if (l < hn && heap[l] < heap[m]) m = l;
            if (r < hn && heap[r] < heap[m]) m = r;
            if (m == i) break;
            size_t t = heap[m]; heap[m] = heap[i]; heap[i] = t;
            i = m;
        }
        q->out->order[k++] = x;
        for (size_t i = g->rev_off[x]; i < g->rev_off[x + 1]; i++) {
            const ent_seq_arc_t *a = &g->arcs[g->rev[i]];
            size_t gp = g->pre_off[a->step] + a->pre;
            if (q->dropped[gp] || met[gp]) continue;
            met[gp] = 1;
            if (--unmet[a->step] == 0) HEAP_PUSH(a->step);
        }
    }
#undef HEAP_PUSH
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
    if ((rc = johnson(&q->g, out->comp, (size_t)q->opts->limit_cycles, pg, out)) != 0) return rc < 0 ? ENT_ENOMEM : ENT_EINTR;
    if (!out->circular) out->cycles_complete = 1;
    reach(&q->g, NULL, out->reachable, NULL, &q->rw);  /* reachability with everything kept */
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
    if (opts->cuts > 100)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "%zu cuts asked; at most 100", opts->cuts);
    if ((int)opts->cut_cost < 0 || opts->cut_cost > ENT_CUT_COST_EQUAL)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "unknown cut cost %d", (int)opts->cut_cost);
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
