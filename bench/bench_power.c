/* SPDX-License-Identifier: MIT */
/* bench_power.c — voting power benchmarks (issue 3 targets), each against a plain baseline of
 * the project's own measured in the same run:
 *   1. EU27 Lisbon rule (double majority or 24 members, raw 2023 populations), all indices
 *      exact — target < 0.5 s. Baseline: per-coalition enumeration of Banzhaf swings with
 *      ent_game_winning (2^n coalitions x n members), timed on 1/64 of the coalitions and
 *      scaled by 64.
 *   2. US Electoral College (2020 census), all indices, the whole `entente power` process —
 *      target < 50 ms. Baseline: the plain per-player DP, O(n^2 q) for Banzhaf and O(n^3 q) for
 *      Shapley-Shubik (each player's game rebuilt without him), 128-bit counts; a second row
 *      times the library on the baseline's indices only (Banzhaf, Shapley-Shubik), in process.
 *   3. 1000-player synthetic game (../shared/data/power/synthetic_n1000_w1-10000_seed20240601.csv,
 *      quota 2,541,945), exact Banzhaf — target < 10 s, < 4 GiB. Baseline: the per-player DP
 *      (player removed, full product rebuilt) for one player and one 31-bit prime, timed and
 *      multiplied by n players and the number of primes the exact result needs.
 *   4. AIIB board, 87 members (EPIC file ...AIIB-noCoalitions.csv, quota 50%), exact
 *      Shapley-Shubik — target < 5 s. Baseline: the per-player size-by-weight DP for one
 *      player, multiplied by n.
 *   5. Monte Carlo on the US federal lawmaking rule (tests/data/game/us_lawmaking.yaml, 537
 *      players, a composite rule of 7 leaves), 10^5 samples, Banzhaf (with Penrose, Coleman,
 *      Johnston) and Shapley-Shubik — target < 1 s each. Baseline: the previous sampler, which
 *      evaluated the whole rule n + 1 times per coalition and once per player added to an
 *      ordering (ent_game_winning), timed on 1/100 (coalitions) and 1/20 (orderings) of the
 *      samples and scaled. The fast rows also print the library's own estimate of the run
 *      (read from its refusal message under a tiny --max-seconds), to check that it is honest.
 *   6. Precoalitions: EPIC's 741-player precoalition file (40 precoalitions, quota 50 %),
 *      Owen, Banzhaf-Owen and coalitional Banzhaf values, exact. Baseline: the quotient
 *      product rebuilt without each precoalition (O(m^3 q) instead of one product divided
 *      out, O(m^2 q)), big integers, timed for 2 precoalitions and scaled by m / 2 (the
 *      inside-precoalition work, the same in both, is not counted in the baseline).
 *   7. Player types (src/game/types.c): the US federal lawmaking rule, 537 players, every index
 *      exact — target < 50 ms of processor time. Baselines in the same run: Monte Carlo with
 *      10^5 samples on one thread (Banzhaf family and Shapley-Shubik, the estimable indices,
 *      two runs added), and on a 27-player version of the same rule (President,
 *      Vice-President, 9 senators, 16 representatives, quotas 5/9, 4/9 + VP, 6/9, 9/16, 11/16)
 *      the structured enumeration of all 2^27 coalitions against the types method.
 *   8. Independent parts (issue 15 item 2): a rule of four disjoint 7-player parts (28 players,
 *      all the indices the parts path gives) against the structured enumeration of all 2^28
 *      coalitions (--method enum) in the same run; the EU ordinary legislative procedure
 *      (tests/data/game/eu_olp.yaml: 747 players, and 68 with the political groups as blocs),
 *      exact, target < 10 s, against Monte Carlo with 10^5 samples (Banzhaf and
 *      Shapley-Shubik), the only method for it before.
 *   9. Two-tier games (issue 15 item 4): a voter's probability of deciding a constituency of
 *      10^8 + 1 voters, through ent_game_power on "3 of five; constituencies: majority of
 *      voters" (Stirling's series above 10^6 voters), against the exact GMP binomial
 *      C(10^8, 5 * 10^7) / 2^(10^8) computed in the same run.
 *   0. The time estimate of the exact single-quota engine (what --max-seconds compares with)
 *      against the processor time measured, for Banzhaf (n = 400, 700, 1000) and
 *      Shapley-Shubik (n = 150, 200, 300), weights uniform in 1..10^4 (fixed generator),
 *      quota 50 % + 1: the ratio estimate / cpu should stay within 0.7..1.3 on the machine
 *      the constants were fitted on (src/game/wdp.c, ENT_I_NS_*).
 *      With $ENTENTE_BASELINE set to an earlier build's `entente`, case 0 also times exact
 *      Shapley-Shubik (n = 150, 200, one thread, whole process) through both binaries in the
 *      same run and says whether their outputs are identical (the method line, which prints the
 *      estimate, left out).
 * `bench_power 5` runs case 5 only (any digits select cases). Each case runs in a child
 * process; the parent reads its peak resident memory (wait4).
 * Cases 3 and 4 read ../shared/data (or $ENTENTE_DATA) and say so when it is absent; cases 1
 * and 2 use data the project ships (tests/data/game/eu27.yaml, the electors typed below).
 */
#include "entente.h"

#include <errno.h>
#include <gmp.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef unsigned __int128 u128;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double tv(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec * 1e-6; }

/* Child side: each job reports the processor time of its timed region (g_cpu) and, for
 * baselines that time a part and extrapolate, the scale factor (g_scale). */
static double g_scale = 1;
static double g_cpu = -1;

/* 2020-census electors (National Archives), states in postal-code order AL..WY */
static const int64_t us2020[51] = {9, 3, 11, 6, 54, 10, 7, 3, 3, 30, 16, 4, 4, 19, 11, 6, 6, 8, 8, 4, 10, 11, 15, 10, 6, 10,
                                   4, 5, 6, 4, 14, 5, 28, 16, 3, 17, 7, 8, 19, 4, 9, 3, 11, 40, 6, 3, 13, 12, 4, 10, 3};

typedef struct {
    double seconds;     /* wall clock, measured (or extrapolated for baselines) */
    double cpu;         /* processor time (user + system) of the case, same scaling */
    double peak_mib;
    char note[200];
    int ok;
} run_t;

/* Run fn in a child; it writes seconds and a note to the pipe. */
static run_t in_child(int (*fn)(void *, double *, char *, size_t), void *arg)
{
    run_t r = {0, 0, 0, "", 0};
    int fd[2];
    if (pipe(fd)) { snprintf(r.note, sizeof r.note, "pipe: %s", strerror(errno)); return r; }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        double s = 0, c0 = cpu_now();
        char note[200] = "";
        int ok = fn(arg, &s, note, sizeof note);
        double cpu = (g_cpu >= 0 ? g_cpu : cpu_now() - c0) * g_scale;
        char buf[320];
        int len = snprintf(buf, sizeof buf, "%d %.9f %.9f %s", ok, s, cpu, note);
        if (write(fd[1], buf, (size_t)len) < 0) _exit(2);
        _exit(0);
    }
    close(fd[1]);
    char buf[320] = "";
    ssize_t got = 0, k;
    while ((k = read(fd[0], buf + got, sizeof buf - 1 - (size_t)got)) > 0) got += k;
    buf[got > 0 ? got : 0] = 0;
    close(fd[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) { snprintf(r.note, sizeof r.note, "wait4 failed"); return r; }
    r.peak_mib = (double)ru.ru_maxrss / 1024.0;
    int ok = 0;
    int off = 0;
    if (sscanf(buf, "%d %lf %lf %n", &ok, &r.seconds, &r.cpu, &off) >= 3) {
        r.ok = ok;
        snprintf(r.note, sizeof r.note, "%s", buf + off);
    } else {
        snprintf(r.note, sizeof r.note, "child failed (status %d)", status);
    }
    return r;
}

/* ---------------------------------------------------------------- fast paths */

typedef struct {
    ent_game_t *g;
    unsigned indices;
} powjob_t;

static int fast_power(void *arg, double *secs, char *note, size_t nn)
{
    powjob_t *j = arg;
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = j->indices;
    o.max_seconds = 600;
    ent_power_t p;
    ent_error_t e = {0};
    double t0 = now(), c0 = cpu_now();
    ent_status_t st = ent_game_power(j->g, &o, &p, &e);
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    if (st) { snprintf(note, nn, "failed: %s", e.msg); return 0; }
    snprintf(note, nn, "%s", ent_power_method_name(p.method));
    ent_power_destroy(&p);
    return 1;
}

/* One method forced (ENT_METHOD_TYPES or ENT_METHOD_ENUM), every index but the precoalition
 * values; the note gives the method's own account (types and states). */
typedef struct {
    ent_game_t *g;
    ent_power_method_t method;
} methjob_t;

static int fast_method(void *arg, double *secs, char *note, size_t nn)
{
    methjob_t *j = arg;
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.method = j->method;
    o.max_seconds = 600;
    ent_power_t p;
    ent_error_t e = {0};
    double t0 = now(), c0 = cpu_now();
    ent_status_t st = ent_game_power(j->g, &o, &p, &e);
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    if (st) { snprintf(note, nn, "failed: %s", e.msg); return 0; }
    const char *states = p.method == ENT_METHOD_TYPES ? strrchr(p.why, ',') : NULL;   /* ", N states" */
    snprintf(note, nn, "%s%s", ent_power_method_name(p.method), states ? states : "");
    ent_power_destroy(&p);
    return 1;
}

/* The lawmaking rule with a 9-seat Senate and a 16-seat House, as a scenario text. */
static size_t small_lawmaking(char *y, size_t cap)
{
    size_t len = (size_t)snprintf(y, cap, "entente: 1\nactors:\n  - {id: P, capability: 1}\n  - {id: VP, capability: 1}\n");
    for (int k = 1; k <= 9; k++) len += (size_t)snprintf(y + len, cap - len, "  - {id: S%d, capability: 1}\n", k);
    for (int k = 1; k <= 16; k++) len += (size_t)snprintf(y + len, cap - len, "  - {id: H%d, capability: 1}\n", k);
    len += (size_t)snprintf(y + len, cap - len, "groups:\n  - {id: senate, members: [S1");
    for (int k = 2; k <= 9; k++) len += (size_t)snprintf(y + len, cap - len, ", S%d", k);
    len += (size_t)snprintf(y + len, cap - len, "]}\n  - {id: house, members: [H1");
    for (int k = 2; k <= 16; k++) len += (size_t)snprintf(y + len, cap - len, ", H%d", k);
    len += (size_t)snprintf(y + len, cap - len,
                            "]}\nrules:\n  - {id: lawmaking, expr: \"(>= 9 of house and (>= 5 of senate or (>= 4 of senate "
                            "and all of {VP})) and all of {P}) or (>= 11 of house and >= 6 of senate)\"}\n");
    return len;
}

typedef struct {
    const char *bin;
    const char *game;
} procjob_t;

static int whole_process(void *arg, double *secs, char *note, size_t nn)
{
    procjob_t *j = arg;
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(127);
        execl(j->bin, j->bin, "power", "--game", j->game, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    *secs = now() - t0;
    g_cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
    snprintf(note, nn, "whole process, peak %.1f MiB", (double)ru.ru_maxrss / 1024.0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* ---------------------------------------------------------------- baselines */

typedef struct {
    ent_game_t *g;
    unsigned shift;   /* time 2^(n - shift) coalitions, scale by 2^shift */
} enumjob_t;

static int base_enum(void *arg, double *secs, char *note, size_t nn)
{
    enumjob_t *j = arg;
    size_t n = ent_game_nplayers(j->g);
    size_t N = (size_t)1 << (n - j->shift);
    unsigned char in[64];
    uint64_t swings = 0;
    double t0 = now(), c0 = cpu_now();
    for (size_t x = 0; x < N; x++) {
        for (size_t k = 0; k < n; k++) in[k] = (x >> k) & 1;
        if (!ent_game_winning(j->g, in)) continue;
        for (size_t k = 0; k < n; k++) {
            if (!in[k]) continue;
            in[k] = 0;
            swings += !ent_game_winning(j->g, in);
            in[k] = 1;
        }
    }
    g_cpu = cpu_now() - c0;
    g_scale = (double)((size_t)1 << j->shift);
    *secs = (now() - t0) * g_scale;
    snprintf(note, nn, "per-coalition enumeration of swings, timed on 1/%u of the coalitions (%llu swings seen)",
             1u << j->shift, (unsigned long long)swings);
    return 1;
}

typedef struct {
    const int64_t *w;
    size_t n;
    int64_t q;
    int shapley;       /* also the O(n^3 q) per-player size DP */
    size_t players;    /* players actually timed (the rest extrapolated) */
} dpjob_t;

/* Plain per-player DP: for player i, the product over the others, counts by weight (and by
 * size for Shapley-Shubik), then the swing window [q - w_i, q - 1]. */
static int base_dp(void *arg, double *secs, char *note, size_t nn)
{
    dpjob_t *j = arg;
    size_t n = j->n, K = n + 1;
    int64_t q = j->q;
    u128 *c = calloc((size_t)q, sizeof *c), *cs = j->shapley ? calloc((size_t)q * K, sizeof *cs) : NULL;
    if (!c || (j->shapley && !cs)) { snprintf(note, nn, "out of memory"); return 0; }
    u128 check = 0;
    double t0 = now(), c0 = cpu_now();
    for (size_t i = 0; i < j->players; i++) {
        memset(c, 0, (size_t)q * sizeof *c);
        c[0] = 1;
        for (size_t k = 0; k < n; k++) {
            if (k == i) continue;
            for (int64_t x = q - 1; x >= j->w[k]; x--) c[x] += c[x - j->w[k]];
        }
        for (int64_t x = q - j->w[i]; x < q; x++)
            if (x >= 0) check += c[x];
        if (j->shapley) {
            memset(cs, 0, (size_t)q * K * sizeof *cs);
            cs[0] = 1;
            size_t done = 0;
            for (size_t k = 0; k < n; k++) {
                if (k == i) continue;
                done++;
                for (size_t s = done; s >= 1; s--)
                    for (int64_t x = q - 1; x >= j->w[k]; x--) cs[s * (size_t)q + (size_t)x] += cs[(s - 1) * (size_t)q + (size_t)(x - j->w[k])];
            }
            for (size_t s = 0; s < n; s++)
                for (int64_t x = q - j->w[i]; x < q; x++)
                    if (x >= 0) check += cs[s * (size_t)q + (size_t)x];
        }
    }
    double t = now() - t0;
    g_cpu = cpu_now() - c0;
    g_scale = (double)n / (double)j->players;
    *secs = t * g_scale;
    snprintf(note, nn, "plain per-player DP%s, %zu of %zu players timed (check %llu)", j->shapley ? " (Banzhaf and size-by-weight)" : "",
             j->players, n, (unsigned long long)(uint64_t)check);
    free(c);
    free(cs);
    return 1;
}

typedef struct {
    const int64_t *w;
    size_t n;
    int64_t q;
} modjob_t;

/* Per-player DP modulo one 31-bit prime for one player; scaled by n players and by the
 * number of primes needed for exact counts of n-player games. */
static int base_mod(void *arg, double *secs, char *note, size_t nn)
{
    modjob_t *j = arg;
    uint32_t p = 2147483647u;
    uint32_t *c = calloc((size_t)j->q, sizeof *c);
    if (!c) { snprintf(note, nn, "out of memory"); return 0; }
    double t0 = now(), c0 = cpu_now();
    c[0] = 1;
    for (size_t k = 1; k < j->n; k++)
        for (int64_t x = j->q - 1; x >= j->w[k]; x--) {
            uint32_t t = c[x] + c[x - j->w[k]];
            c[x] = t >= p ? t - p : t;
        }
    double t = now() - t0;
    g_cpu = cpu_now() - c0;
    double primes = ceil(((double)j->n + 2) / 30.99);
    g_scale = (double)j->n * primes;
    *secs = t * g_scale;
    snprintf(note, nn, "plain per-player DP, 1 player x 1 prime timed (%.2f s), x %zu players x %.0f primes",
             t, j->n, primes);
    free(c);
    return 1;
}

typedef struct {
    const int64_t *w;
    size_t n;
    int64_t q;
} ssjob_t;

static int base_ss(void *arg, double *secs, char *note, size_t nn)
{
    dpjob_t d = {((ssjob_t *)arg)->w, ((ssjob_t *)arg)->n, ((ssjob_t *)arg)->q, 1, 1};
    return base_dp(&d, secs, note, nn);
}

/* ---------------------------------------------------------------- Monte Carlo */

typedef struct {
    ent_game_t *g;
    unsigned indices;
    uint64_t samples;
    int threads;
    int orderings;     /* baseline: orderings (Shapley-Shubik) instead of coalitions */
    uint64_t part;     /* baseline: samples actually timed */
} mcjob_t;

/* The library's estimate of a run, in seconds: the figure of its refusal under a tiny limit,
 * asked for 1000 times the samples (the message rounds to 0.1 s) and divided back. */
static double mc_estimate(const mcjob_t *j)
{
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.approx = 1;
    o.indices = j->indices;
    o.samples = j->samples * 1000;
    o.threads = j->threads;
    o.max_seconds = 1e-12;
    ent_power_t p;
    ent_error_t e = {0};
    if (ent_game_power(j->g, &o, &p, &e) != ENT_ELIMIT) { ent_power_destroy(&p); return -1; }
    const char *a = strstr(e.msg, "about ");
    double v = -1;
    char unit[16] = "";
    if (a && sscanf(a + 6, "%lf %15s", &v, unit) == 2 && !strcmp(unit, "hours")) v *= 3600;
    return v / 1000;
}

static int fast_mc(void *arg, double *secs, char *note, size_t nn)
{
    mcjob_t *j = arg;
    double est = mc_estimate(j);
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.approx = 1;
    o.indices = j->indices;
    o.samples = j->samples;
    o.threads = j->threads;
    ent_power_t p;
    ent_error_t e = {0};
    double t0 = now(), c0 = cpu_now();
    ent_status_t st = ent_game_power(j->g, &o, &p, &e);
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    if (st) { snprintf(note, nn, "failed: %s", e.msg); return 0; }
    snprintf(note, nn, "MC %d thr, est %.3fs", j->threads, est);
    ent_power_destroy(&p);
    return 1;
}

/* The previous sampler: the whole rule evaluated per coalition and per flipped player, or
 * after each player added to a random ordering. */
static int base_mc(void *arg, double *secs, char *note, size_t nn)
{
    mcjob_t *j = arg;
    size_t n = ent_game_nplayers(j->g);
    unsigned char *in = calloc(n, 1);
    size_t *perm = malloc(n * sizeof *perm);
    if (!in || !perm) { free(in); free(perm); snprintf(note, nn, "out of memory"); return 0; }
    uint64_t x = 88172645463325252ULL, hits = 0;
    double t0 = now(), c0 = cpu_now();
    for (uint64_t s = 0; s < j->part; s++) {
        if (!j->orderings) {
            for (size_t k = 0; k < n; k++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; in[k] = x & 1; }
            int win = ent_game_winning(j->g, in);
            for (size_t k = 0; k < n; k++) {
                in[k] ^= 1;
                hits += ent_game_winning(j->g, in) != win;
                in[k] ^= 1;
            }
        } else {
            for (size_t k = 0; k < n; k++) perm[k] = k;
            for (size_t k = n; k > 1; k--) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; size_t r = (size_t)(x % k), t = perm[k - 1]; perm[k - 1] = perm[r]; perm[r] = t; }
            memset(in, 0, n);
            for (size_t k = 0; k < n; k++) {
                in[perm[k]] = 1;
                if (ent_game_winning(j->g, in)) { hits += perm[k]; break; }
            }
        }
    }
    g_cpu = cpu_now() - c0;
    g_scale = (double)j->samples / (double)j->part;
    *secs = (now() - t0) * g_scale;
    snprintf(note, nn, "previous sampler (whole rule per %s), %llu of %llu samples timed (check %llu)",
             j->orderings ? "player added" : "coalition and flip", (unsigned long long)j->part,
             (unsigned long long)j->samples, (unsigned long long)hits);
    free(in);
    free(perm);
    return 1;
}

/* ---------------------------------------------------------------- precoalitions */

typedef struct {
    const char *path;
    const int64_t *w;   /* baseline: the precoalitions' weights */
    size_t m;
    int64_t q;
} pcjob_t;

static int fast_pc(void *arg, double *secs, char *note, size_t nn)
{
    pcjob_t *j = arg;
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    double t0 = now(), c0 = cpu_now();
    if (ent_game_read_weights(j->path, NULL, 0, &g, &e)) { snprintf(note, nn, "failed: %s", e.msg); return 0; }
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = (1u << ENT_IDX_OWEN) | (1u << ENT_IDX_BANZHAF_OWEN) | (1u << ENT_IDX_COALITIONAL_BANZHAF);
    ent_power_t p;
    ent_status_t st = ent_game_power(g, &o, &p, &e);
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    if (st) { snprintf(note, nn, "failed: %s", e.msg); ent_game_destroy(g); return 0; }
    snprintf(note, nn, "%zu precoalitions", ent_game_precoalitions(g, NULL));
    ent_power_destroy(&p);
    ent_game_destroy(g);
    return 1;
}

/* The quotient product by size and weight rebuilt without precoalition k, for 2 of them. */
static int base_pc(void *arg, double *secs, char *note, size_t nn)
{
    pcjob_t *j = arg;
    size_t m = j->m, q = (size_t)j->q, timed = m < 2 ? m : 2;
    mpz_t *F = malloc((m + 1) * q * sizeof *F);
    if (!F) { snprintf(note, nn, "out of memory"); return 0; }
    for (size_t i = 0; i < (m + 1) * q; i++) mpz_init(F[i]);
    unsigned long check = 0;
    double t0 = now(), c0 = cpu_now();
    for (size_t k = 0; k < timed; k++) {
        for (size_t i = 0; i < (m + 1) * q; i++) mpz_set_ui(F[i], 0);
        mpz_set_ui(F[0], 1);
        size_t done = 0;
        for (size_t u = 0; u < m; u++) {
            if (u == k) continue;
            done++;
            size_t wu = (size_t)j->w[u];
            for (size_t r = done; r >= 1; r--)
                for (size_t x = q - 1; x + 1 > wu && x >= wu; x--) mpz_add(F[r * q + x], F[r * q + x], F[(r - 1) * q + x - wu]);
        }
        check += mpz_sizeinbase(F[(m / 2) * q + q - 1], 2);
    }
    g_cpu = cpu_now() - c0;
    g_scale = (double)m / (double)timed;
    *secs = (now() - t0) * g_scale;
    snprintf(note, nn, "quotient product rebuilt per precoalition, %zu of %zu timed (check %lu)", timed, m, check);
    for (size_t i = 0; i < (m + 1) * q; i++) mpz_clear(F[i]);
    free(F);
    return 1;
}

/* ---------------------------------------------------------------- data */

static int64_t *read_weights(const char *path, size_t *n, int header)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char line[512];
    size_t cap = 1024;
    int64_t *w = malloc(cap * sizeof *w);
    *n = 0;
    int first = 1;
    while (w && fgets(line, sizeof line, f)) {
        if (first && header) { first = 0; continue; }
        first = 0;
        char *c = strrchr(line, ',');
        long long v = atoll(c ? c + 1 : line);
        if (*n == cap) { cap *= 2; int64_t *nw = realloc(w, cap * sizeof *nw); if (!nw) { free(w); w = NULL; break; } w = nw; }
        if (w) w[(*n)++] = v;
    }
    fclose(f);
    return w;
}

/* ---------------------------------------------------------------- estimate vs measured */

/* The run, in the child: its processor time (g_cpu) and, in the note, the library's
 * estimate in seconds (the "about N steps" of the method's reason: nanoseconds). */
static int est_power(void *arg, double *secs, char *note, size_t nn)
{
    powjob_t *j = arg;
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = j->indices;
    o.max_seconds = 3600;
    ent_power_t p;
    ent_error_t e = {0};
    double t0 = now(), c0 = cpu_now();
    ent_status_t st = ent_game_power(j->g, &o, &p, &e);
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    if (st) { snprintf(note, nn, "failed: %s", e.msg); return 0; }
    const char *a = strstr(p.why, "about ");
    double steps = -1;
    if (!a || sscanf(a + 6, "%lf", &steps) != 1) steps = -1;
    snprintf(note, nn, "%.6g", steps * 1e-9);
    ent_power_destroy(&p);
    return 1;
}

/* Weights uniform in 1..10^4 from a fixed 64-bit generator (splitmix64, seed n). */
static void uniform_weights(size_t n, int64_t *w, int64_t *q)
{
    uint64_t x = (uint64_t)n * 0x9E3779B97F4A7C15ULL, sum = 0;
    for (size_t k = 0; k < n; k++) {
        uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        w[k] = (int64_t)(z % 10000) + 1;
        sum += (uint64_t)w[k];
    }
    *q = (int64_t)(sum / 2 + 1);
}

static void estimate_rows(void)
{
    static const struct { size_t n; unsigned idx; const char *name; } cases[] = {
        {400, (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF), "Banzhaf"},
        {700, (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF), "Banzhaf"},
        {1000, (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF), "Banzhaf"},
        {150, 1u << ENT_IDX_SHAPLEY, "Shapley-Shubik"},
        {200, 1u << ENT_IDX_SHAPLEY, "Shapley-Shubik"},
        {300, 1u << ENT_IDX_SHAPLEY, "Shapley-Shubik"},
    };
    printf("estimate of the exact single-quota engine against processor time (weights uniform in 1..10^4,\n"
           "quota 50%% + 1): the estimate is processor seconds; ratio = estimate / cpu\n");
    printf("%-16s %6s %12s %10s %10s %9s %8s\n", "index", "n", "estimate s", "cpu s", "wall s", "peak MiB", "ratio");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = cases[c].n;
        int64_t *w = malloc(n * sizeof *w), q = 0;
        if (!w) return;
        uniform_weights(n, w, &q);
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        if (ent_game_from_weights(n, w, NULL, q, 0, &g, &e) == ENT_OK) {
            powjob_t pj = {g, cases[c].idx};
            run_t r = in_child(est_power, &pj);
            double est = r.ok ? atof(r.note) : -1;
            printf("%-16s %6zu %12.3f %10.3f %10.3f %9.1f %8.2f%s\n", cases[c].name, n, est, r.cpu, r.seconds, r.peak_mib,
                   r.cpu > 0 ? est / r.cpu : 0, r.ok ? "" : "  (failed)");
            fflush(stdout);
            ent_game_destroy(g);
        }
        free(w);
    }
}

/* Shapley-Shubik against a baseline binary (case 0, when $ENTENTE_BASELINE names the
 * `entente` of an earlier commit built in another folder): the same game through both whole
 * processes, one thread, processor time (user + system of the child) and whether the outputs
 * are identical but for the method line (it prints the estimate). The machine may be shared,
 * so a ratio taken in one run is the evidence, not either time alone. */
typedef struct {
    const char *bin, *game, *out;
} ssprocjob_t;

static int ss_process(void *arg, double *secs, char *note, size_t nn)
{
    ssprocjob_t *j = arg;
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(j->out, "w", stdout)) _exit(127);
        execl(j->bin, j->bin, "power", "--game", j->game, "--index", "shapley", "--exact", "--threads", "1",
              "--max-seconds", "3600", (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    *secs = now() - t0;
    g_cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
    snprintf(note, nn, "peak %.1f MiB", (double)ru.ru_maxrss / 1024.0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Whether two outputs are identical line for line, leaving out the "method:" line: it prints
 * the time estimate in steps, which changes with the estimate's constants, not the values. */
static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
    int same = fa && fb;
    char la[65536], lb[65536];
    while (same) {
        char *ra, *rb;
        do ra = fgets(la, sizeof la, fa); while (ra && !strncmp(la, "method:", 7));
        do rb = fgets(lb, sizeof lb, fb); while (rb && !strncmp(lb, "method:", 7));
        if (!ra || !rb) { same = !ra && !rb; break; }
        same = !strcmp(la, lb);
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

static void baseline_rows(const char *self)
{
    const char *base = getenv("ENTENTE_BASELINE");
    if (!base || !*base) {
        printf("(set ENTENTE_BASELINE to an earlier build's entente to compare Shapley-Shubik against it)\n");
        return;
    }
    printf("\nShapley-Shubik, exact, one thread, whole process: this build against %s\n", base);
    printf("%6s %10s %10s %8s %s\n", "n", "base cpu", "new cpu", "new/base", "outputs");
    static const size_t ns[] = {150, 200};
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
        size_t n = ns[c];
        int64_t *w = malloc(n * sizeof *w), q = 0;
        char *game = malloc(n * 8 + 32);
        if (!w || !game) { free(w); free(game); return; }
        uniform_weights(n, w, &q);
        int len = sprintf(game, "[%lld;", (long long)q);
        for (size_t k = 0; k < n; k++) len += sprintf(game + len, " %lld%s", (long long)w[k], k + 1 < n ? "," : "]");
        char ob[64], on[64];
        snprintf(ob, sizeof ob, "/tmp/bench_power_ss_base_%d.out", (int)getpid());
        snprintf(on, sizeof on, "/tmp/bench_power_ss_new_%d.out", (int)getpid());
        ssprocjob_t jb = {base, game, ob}, jn = {self, game, on};
        run_t rb = in_child(ss_process, &jb), rn = in_child(ss_process, &jn);
        printf("%6zu %10.3f %10.3f %8.3f %s\n", n, rb.cpu, rn.cpu, rb.cpu > 0 ? rn.cpu / rb.cpu : 0,
               !rb.ok || !rn.ok ? "(a run failed)" : same_file(ob, on) ? "identical" : "DIFFERENT");
        fflush(stdout);
        remove(ob);
        remove(on);
        free(w);
        free(game);
    }
}

/* ---------------------------------------------------------------- 8, 9: parts, two tiers */

typedef struct {
    ent_game_t *g;
    unsigned indices;
    ent_power_method_t method;
    int approx;
} partsjob_t;

static int method_power(void *arg, double *secs, char *note, size_t nn)
{
    partsjob_t *j = arg;
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = j->indices;
    o.method = j->method;
    o.approx = j->approx;
    o.max_seconds = 600;
    ent_power_t p;
    ent_error_t e = {0};
    double t0 = now(), c0 = cpu_now();
    ent_status_t st = ent_game_power(j->g, &o, &p, &e);
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    if (st) { snprintf(note, nn, "failed: %s", e.msg); return 0; }
    snprintf(note, nn, "%s", j->approx ? "MC 1e5" : ent_power_method_name(p.method));
    ent_power_destroy(&p);
    return 1;
}

static const char *TIER_YAML =
    "entente: 1\ntitle: tiers\nactors:\n"
    "  - {id: A, capability: 1, attributes: {v: 100000001}}\n  - {id: B, capability: 1, attributes: {v: 100000001}}\n"
    "  - {id: C, capability: 1, attributes: {v: 100000001}}\n  - {id: D, capability: 1, attributes: {v: 100000001}}\n"
    "  - {id: E, capability: 1, attributes: {v: 100000001}}\n";

static int fast_tier(void *arg, double *secs, char *note, size_t nn)
{
    (void)arg;
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_game_t *g = NULL;
    double t0 = now(), c0 = cpu_now();
    if (ent_scenario_load_mem(&s, "tiers.yaml", TIER_YAML, strlen(TIER_YAML), &lo, &e) ||
        ent_game_compile(&s, "3 of {A, B, C, D, E}; constituencies: majority of v", NULL, (ent_loc_t){1, 1}, &g, &e)) {
        snprintf(note, nn, "failed: %s", e.msg);
        return 0;
    }
    ent_power_opts_t o;
    ent_power_opts_init(&o);
    o.indices = 1u << ENT_IDX_PENROSE;
    ent_power_t p;
    ent_status_t st = ent_game_power(g, &o, &p, &e);
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    if (st) { snprintf(note, nn, "failed: %s", e.msg); return 0; }
    snprintf(note, nn, "%.15g", p.tier_inner[0]);
    ent_power_destroy(&p);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
    return 1;
}

static int base_tier(void *arg, double *secs, char *note, size_t nn)
{
    (void)arg;
    double t0 = now(), c0 = cpu_now();
    mpz_t z;
    mpz_init(z);
    mpz_bin_uiui(z, 100000000ul, 50000000ul);
    long ex;
    double d = mpz_get_d_2exp(&ex, z);
    mpz_clear(z);
    double v = ldexp(d, (int)(ex - 100000000l));
    *secs = now() - t0;
    g_cpu = cpu_now() - c0;
    snprintf(note, nn, "exact GMP binomial: %.15g", v);
    return 1;
}

/* Case 7's synthetic rule: four disjoint parts of 7 players, each a composite of two quotas
 * sharing a player, joined by and/or. */
static ent_game_t *parts_game(ent_scenario_t *s)
{
    char y[4096];
    size_t at = (size_t)snprintf(y, sizeof y, "entente: 1\ntitle: parts\nactors:\n");
    for (int a = 0; a < 28; a++)
        at += (size_t)snprintf(y + at, sizeof y - at, "  - {id: a%d, capability: 1, attributes: {w: %d}}\n", a, 1 + (a * 7) % 5);
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_error_t e = {0};
    ent_game_t *g = NULL;
    char rule[2048];
    size_t r = 0;
    for (int p = 0; p < 4; p++) {
        int b = 7 * p;
        r += (size_t)snprintf(rule + r, sizeof rule - r,
                              "%s(3 of {a%d, a%d, a%d, a%d} and >= 55%% of {a%d, a%d, a%d, a%d} by w)", p == 0 ? "" : p == 2 ? " or " : " and ",
                              b, b + 1, b + 2, b + 3, b + 3, b + 4, b + 5, b + 6);
    }
    if (ent_scenario_load_mem(s, "parts.yaml", y, strlen(y), &lo, &e) ||
        ent_game_compile(s, rule, NULL, (ent_loc_t){1, 1}, &g, &e)) {
        printf("parts: %s\n", e.msg);
        return NULL;
    }
    return g;
}

static void row(const char *name, const char *target, const run_t *fast, const run_t *base)
{
    printf("%-27s %-21s %9.3f %9.3f %9.1f  %-6s %11.3f %11.3f %8.1fx %8.1fx\n", name, fast->note, fast->seconds, fast->cpu,
           fast->peak_mib, target, base->seconds, base->cpu, fast->seconds > 0 ? base->seconds / fast->seconds : 0,
           fast->cpu > 0 ? base->cpu / fast->cpu : 0);
    printf("    baseline: %s; peak %.1f MiB\n", base->note, base->peak_mib);
}

int main(int argc, char **argv)
{
    const char *data = getenv("ENTENTE_DATA") ? getenv("ENTENTE_DATA") : "../shared/data";
    char bin[4096];
    snprintf(bin, sizeof bin, "%s", argv[0]);
    char *d1 = dirname(bin);
    char entente[4200];
    snprintf(entente, sizeof entente, "%s/../entente", d1);
    /* bench_power [CASES]: only the cases whose digits are given ("5": Monte Carlo only) */
    const char *only = argc > 1 ? argv[1] : NULL;
#define WANT(c) (!only || strchr(only, (c)))
    printf("voting power benchmarks: wall and cpu seconds (user+system; the machine may be shared, so cpu is the\n"
           "steadier figure), peak resident MiB of the case's process, and the ratio baseline/fast on both\n");
    printf("%-27s %-21s %9s %9s %9s  %-6s %11s %11s %9s %9s\n", "case", "method", "wall s", "cpu s", "peak MiB", "target",
           "base wall s", "base cpu s", "ratio", "ratio cpu");

    /* 1. EU27 */
    if (WANT('1')) {
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        ent_game_t *g = NULL;
        if (ent_scenario_load(&s, "tests/data/game/eu27.yaml", &lo, &e) ||
            ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, "qmv"), NULL, &g, &e)) {
            printf("EU27 Lisbon: cannot load tests/data/game/eu27.yaml (%s); run from the repository root\n", e.msg);
        } else {
            powjob_t pj = {g, ENT_POWER_ALL};
            run_t f = in_child(fast_power, &pj);
            enumjob_t ej = {g, 6};
            run_t b = in_child(base_enum, &ej);
            row("EU27 Lisbon, all indices", "<0.5 s", &f, &b);
            ent_game_destroy(g);
        }
        ent_scenario_destroy(&s);
    }
    /* 2. US Electoral College */
    if (WANT('2')) {
        char game[512];
        size_t len = (size_t)snprintf(game, sizeof game, "[270;");
        for (int k = 0; k < 51; k++) len += (size_t)snprintf(game + len, sizeof game - len, " %lld%s", (long long)us2020[k], k < 50 ? "," : "]");
        procjob_t pj = {entente, game};
        run_t f = access(entente, X_OK) == 0 ? in_child(whole_process, &pj) : (run_t){0, 0, 0, "no entente binary", 0};
        if (!f.ok) snprintf(f.note, sizeof f.note, "entente binary not run (%.150s)", entente);
        else snprintf(f.note, sizeof f.note, "process, all indices");
        dpjob_t dj = {us2020, 51, 270, 1, 51};
        run_t b = in_child(base_dp, &dj);
        row("US Electoral College 2020", "<50 ms", &f, &b);
        /* the same indices as the baseline, in process */
        ent_game_t *g = NULL;
        ent_error_t e = {0};
        if (ent_game_from_weights(51, us2020, NULL, 270, 0, &g, &e) == ENT_OK) {
            powjob_t pj2 = {g, (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF) | (1u << ENT_IDX_SHAPLEY)};
            run_t f2 = in_child(fast_power, &pj2);
            row("US EC, Banzhaf+Shapley only", "-", &f2, &b);
            ent_game_destroy(g);
        }
    }
    /* 3. synthetic 1000 */
    if (WANT('3')) {
        char path[4096];
        snprintf(path, sizeof path, "%s/power/synthetic_n1000_w1-10000_seed20240601.csv", data);
        size_t n = 0;
        int64_t *w = read_weights(path, &n, 1);
        if (!w) printf("%-28s reference data absent (%s): skipped\n", "synthetic 1000, Banzhaf", path);
        else {
            ent_game_t *g = NULL;
            ent_error_t e = {0};
            if (ent_game_from_weights(n, w, NULL, 2541945, 0, &g, &e) == ENT_OK) {
                powjob_t pj = {g, (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF)};
                run_t f = in_child(fast_power, &pj);
                modjob_t mj = {w, n, 2541945};
                run_t b = in_child(base_mod, &mj);
                row("synthetic 1000, Banzhaf", "<10 s", &f, &b);
                ent_game_destroy(g);
            }
            free(w);
        }
    }
    /* 4. AIIB */
    if (WANT('4')) {
        char path[4096];
        snprintf(path, sizeof path, "%s/power/epic_test_cases/precoalitions/87players-1128975weight-AIIB-noCoalitions.csv", data);
        size_t n = 0;
        int64_t *w = read_weights(path, &n, 0);
        if (!w) printf("%-28s reference data absent (%s): skipped\n", "AIIB 87, Shapley-Shubik", path);
        else {
            ent_game_t *g = NULL;
            ent_error_t e = {0};
            if (ent_game_from_weights(n, w, NULL, 50, 100, &g, &e) == ENT_OK) {
                int64_t q = 0;
                ent_game_is_weighted(g, &q, NULL);
                powjob_t pj = {g, 1u << ENT_IDX_SHAPLEY};
                run_t f = in_child(fast_power, &pj);
                ssjob_t sj = {w, n, q};
                run_t b = in_child(base_ss, &sj);
                row("AIIB 87, Shapley-Shubik", "<5 s", &f, &b);
                ent_game_destroy(g);
            }
            free(w);
        }
    }
    /* 5. Monte Carlo, US federal lawmaking */
    if (WANT('5')) {
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        ent_game_t *g = NULL;
        if (ent_scenario_load(&s, "tests/data/game/us_lawmaking.yaml", &lo, &e) ||
            ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, "lawmaking"), NULL, &g, &e)) {
            printf("US lawmaking: cannot load tests/data/game/us_lawmaking.yaml (%s); run from the repository root\n", e.msg);
        } else {
            unsigned bz = ENT_POWER_ALL & ~(1u << ENT_IDX_SHAPLEY) & ~(1u << ENT_IDX_HOLLER) & ~(1u << ENT_IDX_DEEGAN);
            mcjob_t bb = {g, bz, 100000, 1, 0, 1000}, bs = {g, 1u << ENT_IDX_SHAPLEY, 100000, 1, 1, 5000};
            run_t b1 = in_child(base_mc, &bb), b2 = in_child(base_mc, &bs);
            for (int t = 1; t <= 2; t++) {
                mcjob_t fb = {g, bz, 100000, t, 0, 0}, fs = {g, 1u << ENT_IDX_SHAPLEY, 100000, t, 1, 0};
                run_t f1 = in_child(fast_mc, &fb), f2 = in_child(fast_mc, &fs);
                row("US lawmaking MC Banzhaf", "<1 s", &f1, &b1);
                row("US lawmaking MC Shapley", "<1 s", &f2, &b2);
            }
            ent_game_destroy(g);
        }
        ent_scenario_destroy(&s);
    }
    /* 7. player types, US federal lawmaking */
    if (WANT('7')) {
        ent_scenario_t s, s2;
        ent_scenario_init(&s);
        ent_scenario_init(&s2);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        ent_game_t *g = NULL, *g2 = NULL;
        char y[4096];
        size_t ylen = small_lawmaking(y, sizeof y);
        if (ent_scenario_load(&s, "tests/data/game/us_lawmaking.yaml", &lo, &e) ||
            ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, "lawmaking"), NULL, &g, &e) ||
            ent_scenario_load_mem(&s2, "small.yaml", y, ylen, &lo, &e) ||
            ent_game_from_rule(&s2, (size_t)ent_scenario_find_rule(&s2, "lawmaking"), NULL, &g2, &e)) {
            printf("US lawmaking: cannot load tests/data/game/us_lawmaking.yaml (%s); run from the repository root\n", e.msg);
        } else {
            methjob_t tj = {g, ENT_METHOD_AUTO};
            run_t f = in_child(fast_method, &tj);
            unsigned bz = ENT_POWER_ALL & ~(1u << ENT_IDX_SHAPLEY) & ~(1u << ENT_IDX_HOLLER) & ~(1u << ENT_IDX_DEEGAN);
            mcjob_t mb = {g, bz, 100000, 1, 0, 0}, ms = {g, 1u << ENT_IDX_SHAPLEY, 100000, 1, 1, 0};
            run_t b1 = in_child(fast_mc, &mb), b2 = in_child(fast_mc, &ms);
            run_t b = b1;
            b.seconds += b2.seconds;
            b.cpu += b2.cpu;
            if (b2.peak_mib > b.peak_mib) b.peak_mib = b2.peak_mib;
            snprintf(b.note, sizeof b.note, "Monte Carlo 10^5 samples, 1 thread, Banzhaf family + Shapley-Shubik (%s)",
                     b1.ok && b2.ok ? "two runs added" : "failed");
            row("US lawmaking exact, all", "<50 ms", &f, &b);
            methjob_t t2 = {g2, ENT_METHOD_TYPES}, e2 = {g2, ENT_METHOD_ENUM};
            run_t f2 = in_child(fast_method, &t2), be = in_child(fast_method, &e2);
            snprintf(be.note + strlen(be.note), sizeof be.note - strlen(be.note), " of 2^27 coalitions, all indices");
            row("lawmaking 27 players, all", "-", &f2, &be);
        }
        ent_game_destroy(g);
        ent_game_destroy(g2);
        ent_scenario_destroy(&s);
        ent_scenario_destroy(&s2);
    }
    /* 6. precoalitions */
    if (WANT('6')) {
        char path[4096];
        snprintf(path, sizeof path, "%s/power/epic_test_cases/precoalitions/741players-37064weight_50.csv", data);
        FILE *f = fopen(path, "r");
        if (!f) printf("%-28s reference data absent (%s): skipped\n", "EPIC 741 precoalitions", path);
        else {
            /* the baseline's input: each line's total weight (the first line is the quota) */
            char line[8192];
            int64_t wsum[1024], q = 0;
            size_t m = 0;
            while (fgets(line, sizeof line, f) && m < 1024) {
                int64_t t = 0;
                for (char *c = line; *c;) { char *e; long long v = strtoll(c, &e, 10); if (e == c) break; t += v; c = *e == ',' ? e + 1 : e; }
                if (!q) q = t;
                else wsum[m++] = t;
            }
            fclose(f);
            pcjob_t pj = {path, wsum, m, q};
            run_t fr = in_child(fast_pc, &pj);
            run_t br = in_child(base_pc, &pj);
            row("EPIC 741, Owen+BO+CB", "-", &fr, &br);
        }
    }
    /* 8. independent parts */
    if (WANT('8')) {
        unsigned pm = (1u << ENT_IDX_PENROSE) | (1u << ENT_IDX_BANZHAF) | (1u << ENT_IDX_SHAPLEY) |
                      (1u << ENT_IDX_PREVENT) | (1u << ENT_IDX_INITIATE);
        ent_scenario_t s;
        ent_scenario_init(&s);
        ent_game_t *g = parts_game(&s);
        if (g) {
            partsjob_t fj = {g, pm, ENT_METHOD_PARTS, 0}, bj = {g, pm, ENT_METHOD_ENUM, 0};
            run_t f = in_child(method_power, &fj), b = in_child(method_power, &bj);
            row("4 parts x 7 players", "-", &f, &b);
            ent_game_destroy(g);
        }
        ent_scenario_destroy(&s);
        ent_scenario_init(&s);
        ent_load_opts_t lo;
        ent_load_opts_init(&lo);
        ent_error_t e = {0};
        if (ent_scenario_load(&s, "tests/data/game/eu_olp.yaml", &lo, &e)) {
            printf("EU OLP: cannot load tests/data/game/eu_olp.yaml (%s); run from the repository root\n", e.msg);
        } else {
            const char *rules[2] = {"olp", "olp-blocs"}, *names[2] = {"EU OLP 747, exact", "EU OLP blocs 68, exact"};
            for (int r = 0; r < 2; r++) {
                g = NULL;
                if (ent_game_from_rule(&s, (size_t)ent_scenario_find_rule(&s, rules[r]), NULL, &g, &e)) continue;
                partsjob_t fj = {g, pm, ENT_METHOD_AUTO, 0},
                           bj = {g, (1u << ENT_IDX_BANZHAF) | (1u << ENT_IDX_SHAPLEY), ENT_METHOD_AUTO, 1};
                run_t f = in_child(method_power, &fj), b = in_child(method_power, &bj);
                row(names[r], "<10 s", &f, &b);
                ent_game_destroy(g);
            }
        }
        ent_scenario_destroy(&s);
    }
    /* 9. two tiers */
    if (WANT('9')) {
        run_t f = in_child(fast_tier, NULL), b = in_child(base_tier, NULL);
        row("two tiers, N = 1e8+1", "-", &f, &b);
    }
    /* 0. estimate against measured (only when asked for: `bench_power 0`) */
    if (only && strchr(only, '0')) { estimate_rows(); baseline_rows(entente); }
    return 0;
}
