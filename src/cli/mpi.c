/* SPDX-License-Identifier: MIT */
/* mpi.c — `mpirun -np K entente-mpi simulate ...`: the draws of a simulation split over MPI
 * ranks, with the same bits as one process (issue 13, item 5; docs/howto/cluster.md).
 *
 * Built twice. In build/entente (no ENT_CLI_MPI) every function below is the one-process
 * case: rank 0 of 1, and ent_cli_mpi_simulate is ent_cli_simulate. In build/entente-mpi
 * (compiled by mpicc with -DENT_CLI_MPI; libentente itself never links libmpi) rank r of K
 * runs draws first + [N r / K, N (r + 1) / K) with the table kept (ent_simulate_opts_t
 * first_draw, keep_draws): the counter-based generator makes a draw's values a function of
 * (seed, draw, input) only. Rank 0 gathers the slices in rank order, which is draw order,
 * into one per-draw table (category values travel as labels: each rank's indices point into
 * its own sorted table) and re-aggregates it with ent_simulate_aggregate, which gives the
 * bits of ent_simulate_run on the whole table. Only rank 0 writes (output, store, messages);
 * the others end with status 0, or with their own error status.
 * --sobol: the design's N (k + 2) rows are split the same way (ent_simulate_opts_t
 * sobol_first, sobol_count); rank 0 gathers their values (ent_simulation_t.sobol_values) and
 * ent_simulate_aggregate computes the indices, the bits of one process's.
 * Cost: one gather of draws × (inputs + outputs + lines) doubles plus the labels.
 */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ENT_CLI_MPI

int ent_cli_mpi_begin(int *argc, char ***argv) { (void)argc; (void)argv; return 0; }
void ent_cli_mpi_end(void) {}
int ent_cli_mpi_rank(void) { return 0; }
int ent_cli_mpi_ranks(void) { return 1; }

int ent_cli_mpi_simulate(ent_scenario_t *s, ent_simulate_opts_t *so, int quiet, ent_simulation_t *out)
{
    return ent_cli_simulate(s, so, NULL, 0, quiet, out);
}

#else

#include <mpi.h>

static int rank, nranks = 1, inited;

int ent_cli_mpi_begin(int *argc, char ***argv)
{
    if (MPI_Init(argc, argv) != MPI_SUCCESS) {
        fprintf(stderr, "entente: MPI_Init failed\n");
        return ENT_EXIT_FAIL;
    }
    inited = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    /* one voice: the other ranks' messages would repeat rank 0's (same file, same options) */
    if (rank > 0 && !freopen("/dev/null", "w", stderr)) return ENT_EXIT_FAIL;
    return 0;
}

void ent_cli_mpi_end(void)
{
    if (inited) MPI_Finalize();
    inited = 0;
}

int ent_cli_mpi_rank(void) { return rank; }
int ent_cli_mpi_ranks(void) { return nranks; }

/* The labels of the category outputs of a slice, "label\0" each, output by output. */
static char *pack_labels(const ent_simulation_t *r, size_t *len)
{
    ent_buf_t b = ENT_BUF_INIT;
    for (size_t o = 0; o < r->noutputs; o++)
        for (size_t c = 0; r->outputs[o].kind == ENT_SIM_CATEGORY && c < r->outputs[o].ncat; c++) {
            ent_buf_puts(&b, r->outputs[o].cat[c].label);
            ent_buf_append(&b, "", 1);
        }
    *len = b.len;
    char *t = ent_buf_take(&b);
    return t ? t : calloc(1, 1);
}

/* Index of label in out->cat (appended when new); -1 out of memory. */
static long label_index(ent_sim_output_t *o, const char *label)
{
    for (size_t c = 0; c < o->ncat; c++)
        if (!strcmp(o->cat[c].label, label)) return (long)c;
    ent_sim_cat_t *nc = realloc(o->cat, (o->ncat + 1) * sizeof *nc);
    if (!nc) return -1;
    o->cat = nc;
    if (!(o->cat[o->ncat].label = strdup(label))) return -1;
    o->cat[o->ncat].count = 0;
    return (long)o->ncat++;
}

/* Rank 0: the slice of rank q (count draws at offset `at`) into the table tb. Category
 * values are rewritten from the slice's label indices to tb's. Returns 0 or -1 (memory). */
static int merge_slice(ent_simulation_t *tb, size_t at, size_t count, const double *drawn, const double *values,
                       const double *holds, const char *labels, size_t len, const size_t *ncat)
{
    size_t ni = tb->ninputs, no = tb->noutputs, nl = tb->nlines;
    memcpy(tb->drawn + at * ni, drawn, count * ni * sizeof *drawn);
    memcpy(tb->holds + at * nl, holds, count * nl * sizeof *holds);
    const char *p = labels, *end = labels + len;
    for (size_t o = 0; o < no; o++) {
        long *map = NULL;
        if (tb->outputs[o].kind == ENT_SIM_CATEGORY) {
            if (!(map = calloc(ncat[o] + 1, sizeof *map))) return -1;
            for (size_t c = 0; c < ncat[o] && p < end; c++) {
                if ((map[c] = label_index(&tb->outputs[o], p)) < 0) { free(map); return -1; }
                p += strlen(p) + 1;
            }
        }
        for (size_t d = 0; d < count; d++) {
            double v = values[d * no + o];
            if (map && !isnan(v)) v = (double)map[(size_t)v];
            tb->values[(at + d) * no + o] = v;
        }
        free(map);
    }
    return 0;
}


/* Over 100 lines: the slice run, the status exchange, the gather and the re-aggregation
 * are one protocol; split, each piece would need the others' counts and buffers. */
int ent_cli_mpi_simulate(ent_scenario_t *s, ent_simulate_opts_t *so, int quiet, ent_simulation_t *out)
{
    if (!inited || nranks == 1) return ent_cli_simulate(s, so, NULL, 0, quiet, out);
    if (so->draws < (size_t)nranks) {
        if (rank == 0)
            fprintf(stderr, "entente simulate: %zu draws over %d MPI ranks; expected at least one draw per rank\n",
                    so->draws, nranks);
        return ENT_EXIT_USAGE;
    }
    size_t n = so->draws, start = n * (size_t)rank / (size_t)nranks, stop = n * (size_t)(rank + 1) / (size_t)nranks;
    ent_simulate_opts_t mine = *so;
    mine.draws = stop - start;
    mine.first_draw = so->first_draw + start;
    mine.keep_draws = 1;
    size_t srows = 0, s0 = 0, scnt = 0;  /* the Sobol design's rows, and this rank's slice */
    size_t k = so->sobol ? ent_cli_count_inputs(s, so) : 0;  /* no input: no design to run */
    if (k) {
        k = k < ENT_SOBOL_MAX_INPUTS ? k : ENT_SOBOL_MAX_INPUTS;
        srows = so->sobol * (k + 2);
        s0 = srows * (size_t)rank / (size_t)nranks;
        scnt = srows * (size_t)(rank + 1) / (size_t)nranks - s0;
        mine.sobol_first = s0;
        mine.sobol_count = scnt;
        if (!scnt) mine.sobol = 0;  /* more ranks than rows: nothing to run here */
    }
    ent_simulation_t part;
    ent_simulation_init(&part);
    int rc = ent_cli_simulate(s, &mine, NULL, 0, quiet || rank > 0, &part), worst = 0;
    MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst) {
        ent_simulation_destroy(&part);
        if (!rc && rank == 0) fprintf(stderr, "entente simulate: another MPI rank failed\n");
        return rc ? rc : worst;
    }
    size_t ni = part.ninputs, no = part.noutputs, nl = part.nlines, cnt = stop - start, len = 0;
    size_t *ncat = calloc(no + 1, sizeof *ncat);
    char *labels = pack_labels(&part, &len);
    for (size_t o = 0; ncat && o < no; o++) ncat[o] = part.outputs[o].kind == ENT_SIM_CATEGORY ? part.outputs[o].ncat : 0;
    int bad = !ncat || !labels;
    if (rank > 0) {
        /* counts, then the three tables and the labels; rank 0 knows ni, no, nl */
        unsigned long long *nc = calloc(no + 1, sizeof *nc);
        if (!nc || bad) {
            fprintf(stderr, "entente simulate: out of memory sending the draws\n");
            MPI_Abort(MPI_COMM_WORLD, ENT_EXIT_FAIL);
        }
        for (size_t o = 0; o < no; o++) nc[o] = ncat[o];
        unsigned long long hdr[2] = {cnt, len};
        MPI_Send(hdr, 2, MPI_UNSIGNED_LONG_LONG, 0, 1, MPI_COMM_WORLD);
        MPI_Send(part.drawn, (int)(cnt * ni), MPI_DOUBLE, 0, 2, MPI_COMM_WORLD);
        MPI_Send(part.values, (int)(cnt * no), MPI_DOUBLE, 0, 3, MPI_COMM_WORLD);
        MPI_Send(part.holds, (int)(cnt * nl), MPI_DOUBLE, 0, 4, MPI_COMM_WORLD);
        MPI_Send(nc, (int)no, MPI_UNSIGNED_LONG_LONG, 0, 5, MPI_COMM_WORLD);
        free(nc);
        MPI_Send(labels, (int)len, MPI_CHAR, 0, 6, MPI_COMM_WORLD);
        if (scnt) MPI_Send(part.sobol_values, (int)(scnt * no), MPI_DOUBLE, 0, 7, MPI_COMM_WORLD);
        free(ncat);
        free(labels);
        ent_simulation_destroy(&part);
        return 0;
    }
    /* rank 0: the whole table, its outputs named as the slice's, categories relabelled */
    ent_simulation_t tb;
    memset(&tb, 0, sizeof tb);
    tb.draws = n;
    tb.seed = so->seed;
    tb.ninputs = ni;
    tb.noutputs = no;
    tb.nlines = nl;
    tb.drawn = malloc((n * ni + 1) * sizeof *tb.drawn);
    tb.values = malloc((n * no + 1) * sizeof *tb.values);
    tb.holds = malloc((n * nl + 1) * sizeof *tb.holds);
    tb.outputs = calloc(no + 1, sizeof *tb.outputs);
    bad |= !tb.drawn || !tb.values || !tb.holds || !tb.outputs;
    for (size_t o = 0; !bad && o < no; o++) {
        tb.outputs[o].kind = part.outputs[o].kind;
        tb.outputs[o].name = part.outputs[o].name;  /* borrowed: not freed below */
    }
    if (!bad) bad = merge_slice(&tb, 0, cnt, part.drawn, part.values, part.holds, labels, len, ncat);
    if (srows) {  /* the design's values, output by output: each rank's rows at their place */
        tb.sobol_rows = srows;
        if (!(tb.sobol_values = malloc((srows * no + 1) * sizeof *tb.sobol_values))) bad = 1;
        for (size_t o = 0; !bad && o < no; o++)
            memcpy(tb.sobol_values + o * srows + s0, part.sobol_values + o * scnt, scnt * sizeof *tb.sobol_values);
    }
    for (int q = 1; q < nranks; q++) {
        unsigned long long hdr[2];
        MPI_Recv(hdr, 2, MPI_UNSIGNED_LONG_LONG, q, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        size_t qc = (size_t)hdr[0], ql = (size_t)hdr[1], at = n * (size_t)q / (size_t)nranks;
        double *d = malloc((qc * ni + 1) * sizeof *d), *v = malloc((qc * no + 1) * sizeof *v),
               *h = malloc((qc * nl + 1) * sizeof *h);
        unsigned long long *qn = calloc(no + 1, sizeof *qn);
        size_t *qs = calloc(no + 1, sizeof *qs);
        char *lab = malloc(ql + 1);
        /* receive even when out of memory would be reported: a rank must not wait forever */
        if (!d || !v || !h || !qn || !qs || !lab) {
            fprintf(stderr, "entente simulate: out of memory gathering the draws\n");
            MPI_Abort(MPI_COMM_WORLD, ENT_EXIT_FAIL);
        }
        MPI_Recv(d, (int)(qc * ni), MPI_DOUBLE, q, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(v, (int)(qc * no), MPI_DOUBLE, q, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(h, (int)(qc * nl), MPI_DOUBLE, q, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(qn, (int)no, MPI_UNSIGNED_LONG_LONG, q, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(lab, (int)ql, MPI_CHAR, q, 6, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (size_t o = 0; o < no; o++) qs[o] = (size_t)qn[o];
        if (!bad) bad = merge_slice(&tb, at, qc, d, v, h, lab, ql, qs);
        size_t q0 = srows * (size_t)q / (size_t)nranks, qn2 = srows * (size_t)(q + 1) / (size_t)nranks - q0;
        if (qn2) {
            double *sv = malloc((qn2 * no + 1) * sizeof *sv);
            if (!sv) {
                fprintf(stderr, "entente simulate: out of memory gathering the Sobol runs\n");
                MPI_Abort(MPI_COMM_WORLD, ENT_EXIT_FAIL);
            }
            MPI_Recv(sv, (int)(qn2 * no), MPI_DOUBLE, q, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (size_t o = 0; !bad && o < no; o++)
                memcpy(tb.sobol_values + o * srows + q0, sv + o * qn2, qn2 * sizeof *sv);
            free(sv);
        }
        free(d); free(v); free(h); free(qn); free(qs); free(lab);
    }
    int res = 0;
    ent_error_t err = {0};
    if (bad) {
        fprintf(stderr, "entente simulate: out of memory gathering the draws\n");
        res = ENT_EXIT_FAIL;
    } else {
        ent_simulate_opts_t all = *so;
        all.progress.fn = NULL;
        if (ent_simulate_aggregate(s, &all, &tb, out, &err) != ENT_OK) res = ent_cli_fail(&err);
        else out->threads = part.threads;
    }
    for (size_t o = 0; tb.outputs && o < no; o++) {
        for (size_t c = 0; c < tb.outputs[o].ncat; c++) free(tb.outputs[o].cat[c].label);
        free(tb.outputs[o].cat);
    }
    free(tb.outputs);
    free(tb.sobol_values);
    free(tb.drawn);
    free(tb.values);
    free(tb.holds);
    free(ncat);
    free(labels);
    ent_simulation_destroy(&part);
    return res;
}

#endif
