/* SPDX-License-Identifier: MIT */
/* bench_import.c — benchmark of the table importers (src/scenario/import_*.c, csv.c).
 *
 * Cases:
 *   1. expected-utility CSV with n = 1 000, 10 000, 30 000 and 100 000 actors (generated,
 *      seeded xorshift32): ent_scenario_load_mem (tokenizer, strict numbers, UTF-8 checks,
 *      hashed ids, ent_scenario_validate) against the straightforward baseline below;
 *   2. DEU III (../shared/data/deu3/deu3.tsv, --skip-line 2) when present: the DEU importer
 *      against the same kind of baseline (split on TAB, strip quotes, strtod).
 * Baseline (the project's own, measured in the same run): read line by line, split on the
 * delimiter with no quoting rules, strtod without checks, strdup the names, and detect
 * duplicate actors by a linear scan of the names read so far — O(n^2), what a first
 * version would do. It builds no scenario and validates nothing, so it is a lower bound on
 * the work for small n and shows the quadratic cost for large n. At n = 100 000 the
 * baseline is not run (about 5e9 string comparisons); its time is extrapolated from
 * n = 30 000 by n^2 and marked "est.".
 * Time: best of 3 runs (CLOCK_MONOTONIC). Memory: peak resident set of the process after
 * the case (getrusage ru_maxrss; monotone over the run).
 */
#include "entente.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Baseline: naive split, strtod, linear duplicate scan of the key column `key` (the actor
 * name; DEU: isnr). Returns rows read, -1 on a duplicate. */
static long baseline(const char *data, size_t len, char delim, int skip_line, int key)
{
    char *copy = malloc(len + 1);
    if (!copy) return -2;
    memcpy(copy, data, len);
    copy[len] = 0;
    size_t cap = 1024, n = 0;
    char **names = malloc(cap * sizeof *names);
    double sum = 0;
    int line = 0;
    long rows = 0;
    char *save = NULL;
    for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        line++;
        if (line == 1 || line == skip_line) continue;
        char *f = l, *next;
        int k = 0;
        while (f) {
            next = strchr(f, delim);
            if (next) *next++ = 0;
            if (*f == '"') f++;
            size_t fl = strlen(f);
            if (fl && f[fl - 1] == '"') f[fl - 1] = 0;
            if (k == key) {
                for (size_t i = 0; i < n; i++)
                    if (strcmp(names[i], f) == 0) { rows = -1; goto done; }
                if (n == cap) names = realloc(names, (cap *= 2) * sizeof *names);
                names[n++] = strdup(f);
            } else {
                sum += strtod(f, NULL);
            }
            k++;
            f = next;
        }
        rows++;
    }
done:
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(copy);
    if (sum == -1.2345) rows++; /* keep the conversions from being optimised away */
    return rows;
}

static char *gen_eu(size_t n, size_t *len)
{
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_puts(&b, "Actor,Capability,Position,Salience\n");
    uint32_t x = 20240601u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        ent_buf_printf(&b, "actor %zu,%u,%u.%u,%u\n", i, x % 1000, (x >> 10) % 100,
                       (x >> 3) % 10, (x >> 20) % 101);
    }
    *len = b.len;
    return b.data;
}

static double time_import(const char *data, size_t len, ent_load_opts_t *proto, size_t *nact,
                          size_t *niss)
{
    double best = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_load_opts_t o = *proto;
        ent_error_t e = {0};
        double t0 = now();
        ent_status_t st = ent_scenario_load_mem(&s, "bench", data, len, &o, &e);
        double t = now() - t0;
        if (st != ENT_OK) {
            char msg[1200];
            ent_error_format(&e, msg, sizeof msg);
            fprintf(stderr, "bench_import: load failed: %s\n", msg);
            exit(1);
        }
        *nact = s.nactors;
        *niss = s.nissues;
        ent_scenario_destroy(&s);
        if (t < best) best = t;
    }
    return best;
}

static double time_baseline(const char *data, size_t len, char delim, int skip, int key,
                            long *rows)
{
    double best = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        *rows = baseline(data, len, delim, skip, key);
        double t = now() - t0;
        if (t < best) best = t;
    }
    return best;
}

int main(void)
{
    printf("%-34s %10s %12s %12s %10s %10s\n", "case", "rows", "entente (s)", "baseline (s)",
           "ratio", "peak MB");
    static const size_t sizes[] = {1000, 10000, 30000, 100000};
    double base30 = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k], len, na, ni;
        char *data = gen_eu(n, &len);
        ent_load_opts_t o;
        ent_load_opts_init(&o);
        o.format = ENT_FMT_EU_CSV;
        double t = time_import(data, len, &o, &na, &ni);
        double tb;
        int est = 0;
        long rows = (long)n;
        if (n <= 30000) {
            tb = time_baseline(data, len, ',', 0, 0, &rows);
            if (n == 30000) base30 = tb;
        } else {
            tb = base30 * ((double)n / 30000.0) * ((double)n / 30000.0);
            est = 1;
        }
        char label[64];
        snprintf(label, sizeof label, "eu csv, %zu actors", n);
        printf("%-34s %10zu %12.4f %11.4f%s %9.2fx %10.1f\n", label, na, t, tb, est ? "*" : " ",
               tb / t, (double)peak_kb() / 1024.0);
        if (rows != (long)n) {
            fprintf(stderr, "bench_import: baseline read %ld rows, expected %zu\n", rows, n);
            return 1;
        }
        free(data);
    }
    printf("(* est.: baseline extrapolated from 30 000 actors by n^2; ratio = baseline / entente)\n");

    const char *deu = "../shared/data/deu3/deu3.tsv";
    FILE *f = fopen(deu, "rb");
    if (!f) {
        printf("%-34s %s\n", "deu3 (DEU III)", "skipped: ../shared/data/deu3/deu3.tsv absent");
        return 0;
    }
    char *data = malloc(1 << 20);
    size_t len = fread(data, 1, 1 << 20, f);
    fclose(f);
    ent_load_opts_t o;
    ent_load_opts_init(&o);
    o.format = ENT_FMT_DEU;
    o.deu_skip_line = 2;
    size_t na, ni;
    double t = time_import(data, len, &o, &na, &ni);
    long rows;
    double tb = time_baseline(data, len, '\t', 2, 4, &rows);
    if (rows != (long)ni) {
        fprintf(stderr, "bench_import: baseline read %ld DEU rows, the importer %zu issues\n", rows, ni);
        return 1;
    }
    printf("%-34s %10zu %12.4f %12.4f %9.2fx %10.1f\n", "deu3 (DEU III), --skip-line 2", ni, t,
           tb, tb / t, (double)peak_kb() / 1024.0);
    free(data);
    return 0;
}
