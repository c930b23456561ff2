/* SPDX-License-Identifier: MIT */
/* bench_yaml.c — benchmark of the YAML scenario loader, id resolution and canonical emitter
 * (src/scenario/yaml.c, idmap.c, emit.c).
 *
 * Input: generated scenarios (seeded xorshift32) with n = 1 000, 10 000 and 100 000 actors,
 * 2 issues and one position per actor, in entente's YAML (flow mappings, as analysts write
 * long tables). Cases, each against a straightforward baseline measured in the same run:
 *   1. load: ent_i_load_yaml (event parse into a located tree, schema walk, hashed ids,
 *      ent_scenario_validate) against libfyaml's own document build alone
 *      (fy_document_build_from_string: parsing only, no scenario, no checks) — the ratio is
 *      the cost of everything entente adds on top of parsing;
 *   2. resolve ids: looking up the n position actor ids through the hash map
 *      (ent_i_idmap_get) against ent_scenario_find_actor (linear scan, O(n) per lookup, so
 *      O(n^2) in all — what the loader would cost without the map). At n = 100 000 the
 *      baseline is not run (5e9 comparisons): extrapolated from 10 000 by n^2, marked "*";
 *   3. emit: ent_scenario_emit (canonical YAML, shortest round-trip numbers) against
 *      libfyaml's emitter writing the parsed document back (fy_emit_document_to_string).
 * Time: best of 3 (CLOCK_MONOTONIC). Memory: peak resident set of the process so far
 * (ru_maxrss, monotone; it includes the baselines, libfyaml's document being the larger).
 * No reference data is used (../shared/data holds no YAML scenarios).
 */
#include "entente.h"
#include "scenario/idmap.h"
#include "scenario/loaders.h"

#include <libfyaml.h>
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

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static char *gen(size_t n, size_t *len)
{
    ent_buf_t b = ENT_BUF_INIT;
    uint32_t x = 20251129u;
    ent_buf_puts(&b, "entente: 1\ntitle: \"generated\"\nissues:\n  - {id: x}\n  - {id: y, scale: [0, 1]}\nactors:\n");
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        ent_buf_printf(&b, "  - {id: actor%zu, name: \"Actor %zu\", capability: %u.%02u}\n", i, i, x % 1000, (x >> 10) % 100);
    }
    ent_buf_puts(&b, "positions:\n");
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        if (i % 2) ent_buf_printf(&b, "  - {actor: actor%zu, issue: x, position: %u, salience: 0.%u}\n", i, x % 101, (x >> 8) % 10);
        else ent_buf_printf(&b, "  - {actor: actor%zu, issue: y, position: 0.%03u, salience: 1}\n", i, x % 1000);
    }
    *len = b.len;
    return b.data;
}

static void die(const char *what, const ent_error_t *e)
{
    char msg[1200];
    ent_error_format(e, msg, sizeof msg);
    fprintf(stderr, "bench_yaml: %s: %s\n", what, msg);
    exit(1);
}

int main(void)
{
    static const size_t sizes[] = {1000, 10000, 100000};
    double base_resolve_10k = 0;
    printf("%-30s %12s %14s %10s %9s\n", "case", "entente (s)", "baseline (s)", "ratio", "peak MB");
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k], len;
        char *data = gen(n, &len);
        char label[64];

        /* 1. load vs libfyaml document build */
        double t_load = INFINITY, t_doc = INFINITY;
        ent_scenario_t s;
        for (int rep = 0; rep < 3; rep++) {
            ent_error_t e = {0};
            ent_scenario_init(&s);
            double t0 = now();
            if (ent_i_load_yaml(&s, "bench.yaml", data, len, &e) != ENT_OK) die("load", &e);
            double t = now() - t0;
            if (t < t_load) t_load = t;
            if (rep < 2) ent_scenario_destroy(&s);
        }
        struct fy_parse_cfg cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.flags = FYPCF_QUIET;
        struct fy_document *doc = NULL;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now();
            struct fy_document *d = fy_document_build_from_string(&cfg, data, len);
            double t = now() - t0;
            if (!d) { fprintf(stderr, "bench_yaml: libfyaml could not parse the input\n"); return 1; }
            if (t < t_doc) t_doc = t;
            if (doc) fy_document_destroy(doc);
            doc = d;
        }
        snprintf(label, sizeof label, "load, %zu actors", n);
        printf("%-30s %12.4f %14.4f %9.2fx %9.1f\n", label, t_load, t_doc, t_load / t_doc, peak_mb());

        /* 2. id resolution: hash map vs linear scan */
        ent_i_idmap_t m;
        ent_i_idmap_init(&m);
        for (size_t i = 0; i < n; i++) ent_i_idmap_put(&m, s.actors[i].id, i, NULL);
        char **ids = malloc(n * sizeof *ids);
        for (size_t i = 0; i < n; i++) {
            char id[32];
            snprintf(id, sizeof id, "actor%zu", (i * 7919) % n);
            ids[i] = strdup(id);
        }
        double t_map = INFINITY, t_lin = INFINITY;
        long check = 0;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now();
            long sum = 0;
            for (size_t i = 0; i < n; i++) sum += ent_i_idmap_get(&m, ids[i]);
            double t = now() - t0;
            if (t < t_map) t_map = t;
            check = sum;
        }
        int est = 0;
        if (n <= 10000) {
            for (int rep = 0; rep < (n <= 1000 ? 3 : 1); rep++) {
                double t0 = now();
                long sum = 0;
                for (size_t i = 0; i < n; i++) sum += ent_scenario_find_actor(&s, ids[i]);
                double t = now() - t0;
                if (t < t_lin) t_lin = t;
                if (sum != check) { fprintf(stderr, "bench_yaml: lookups disagree\n"); return 1; }
            }
            if (n == 10000) base_resolve_10k = t_lin;
        } else {
            t_lin = base_resolve_10k * ((double)n / 10000.0) * ((double)n / 10000.0);
            est = 1;
        }
        snprintf(label, sizeof label, "resolve %zu ids", n);
        printf("%-30s %12.6f %13.4f%s %9.0fx %9.1f\n", label, t_map, t_lin, est ? "*" : " ", t_lin / t_map, peak_mb());
        for (size_t i = 0; i < n; i++) free(ids[i]);
        free(ids);
        ent_i_idmap_free(&m);

        /* 3. canonical emit vs libfyaml's emitter */
        double t_emit = INFINITY, t_fy = INFINITY;
        size_t olen = 0, flen = 0;
        for (int rep = 0; rep < 3; rep++) {
            char *out = NULL;
            ent_error_t e = {0};
            double t0 = now();
            if (ent_scenario_emit(&s, ENT_FMT_YAML, &out, &olen, &e) != ENT_OK) die("emit", &e);
            double t = now() - t0;
            if (t < t_emit) t_emit = t;
            free(out);
            t0 = now();
            char *fo = fy_emit_document_to_string(doc, FYECF_DEFAULT);
            t = now() - t0;
            if (!fo) { fprintf(stderr, "bench_yaml: libfyaml emit failed\n"); return 1; }
            flen = strlen(fo);
            free(fo);
            if (t < t_fy) t_fy = t;
        }
        snprintf(label, sizeof label, "emit, %zu actors", n);
        printf("%-30s %12.4f %14.4f %9.2fx %9.1f   (%zu vs %zu bytes)\n", label, t_emit, t_fy, t_emit / t_fy, peak_mb(), olen, flen);
        fy_document_destroy(doc);
        ent_scenario_destroy(&s);
        free(data);
    }
    printf("ratio: load and emit = entente / libfyaml alone (cost of what entente adds);\n"
           "       resolve = linear scan / hash map (* baseline extrapolated from 10 000 by n^2)\n");
    return 0;
}
