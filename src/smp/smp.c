/* SPDX-License-Identifier: MIT */
/* smp.c — the SMP kernel: KTAB's Spatial Model of Politics on plain arrays.
 *
 * Implements ../shared/docs/models/smp.md (KTAB `examples/smp`, MIT licence; Efird, Lester &
 * Wise 2016) with its nine parameters (§13). With the defaults every position, risk attitude
 * and winning probability is bit-identical to KTAB's: each formula is evaluated in the order
 * §11 prescribes (sums in index order, differences before products, both victory
 * probabilities by division, first strict maximum, ...). Build without -ffast-math and
 * without FP contraction (the Makefile's -std=c11 implies -ffp-contract=off).
 *
 * Speed without changing a bit:
 *   - no N×N×N tensor: with the default voting rule and third-party commitment the challenge
 *     loop computes U^i(t,j) = u(Δ(t,j), ρ(i,t)) on the fly from the distance matrix (other
 *     parameter choices build U^i for one perspective at a time, N² per thread); only the
 *     own-perspective rows U^a(a,·) (N², "UT") are kept for option values and the printed
 *     probabilities;
 *   - loops that KTAB runs pair by pair (coalitions over voters, challenges over third
 *     parties) run here lane by lane: the voter / third-party index stays the outer,
 *     sequential loop, so every accumulator still adds its terms in ascending index order,
 *     while the inner loop over options / targets runs as 8-lane vectors (GCC vector
 *     extension; target_clones picks AVX-512, AVX2 or baseline code at load time);
 *   - coalitions are blocked 4 rows × 256 columns and option values 4 bargains at a time, so
 *     each utility row is read once per block;
 *   - a bargain's value to actor a does not depend on whose option list holds it, so each
 *     bargain is valued once per round (KTAB values it once per list);
 *   - distances, coalition row blocks, initiators (challenges), bargains (values) and option
 *     lists (choices) are spread over a persistent worker pool with an atomic work counter;
 *     each item is computed by one thread from shared read-only data, so the result does not
 *     depend on the thread count or the schedule.
 *   - challenges pruned by an exact bound on the gain, G ≤ |u_ii − u_ij| (target_pruned):
 *     targets are evaluated eight at a time, largest bound first, until no bound reaches the
 *     best gain found; the choice and every evaluated P, G keep their bits (issue 13).
 *   - small N (issue 13: Monte Carlo calls the solver 10^4–10^5 times at 10–30 actors): one
 *     workspace per solve (state_layout; no allocation per round), no sysconf and no pool
 *     below 128 actors, the target choice below SMALL_N actors (target_small) and elections
 *     of up to SMALL_M options (coal_small_v4) in 4-lane vectors; without AVX-512 the
 *     coalition strips and challenge blocks also use 4-lane vectors (chlg_block_v4).
 * Complexity per round: O(N³) time for the bargain values and the two PCEs (risk-neutral p
 * and printed probabilities), O(N²·c) for the challenges (c evaluated targets per initiator,
 * 2–12 % of N on the synthetic 1000 × 3 case, N at worst), O(N²·D) for distances; memory
 * O(N²) plus O(N) per thread (O(N²) per thread off the default path). Why N³ is the limit:
 * docs/models/smp.md, "Complexity per round".
 *
 * Deliberate deviations (docs/models/smp.md): no 3 ≤ N ≤ 250 upper bound; a total salience
 * that rounds to just above 1 (0.33+0.56+0.11) is used as 1 where it acts as a probability
 * (§6 S_j) instead of aborting; states where KTAB aborts (§5.4 p_max = p_min, §5.7 norms) end
 * the run with stop = DEGENERATE; the §5.7 norm ‖U^h − A‖ is evaluated through the identity
 * U^h − A = (1−Δ)Δ(ρ − R) (O(N²) for all h) and skipped for BigRAdjust = Full (always 0).
 */
#include "smp/smp_i.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Eight-lane vectors (GCC vector extension). On plain x86-64 each operation is lowered to
 * four SSE2 instructions; the hot loops are also compiled for AVX2 and AVX-512 and picked
 * at load time (target_clones). Every lane performs the scalar IEEE operations in the
 * scalar order, so all variants give identical bits. max(v, 0) is written with a mask:
 * v & (v > 0) keeps v when v > 0 and gives +0.0 otherwise, exactly `v > 0 ? v : 0.0`. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) /* TSan instruments the ifunc resolver, which runs first */
#define ENT_I_SMP_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define ENT_I_SMP_CLONES
#endif
typedef double v8d __attribute__((vector_size(64)));
typedef long long v8l __attribute__((vector_size(64)));
#define V8_LOAD(p) ({ v8d v_; memcpy(&v_, (p), sizeof v_); v_; })
#define V8_STORE(p, v) do { v8d s_ = (v); memcpy((p), &s_, sizeof s_); } while (0)
#define V8_POS(v) ((v8d)((v8l)(v) & (v8l)((v) > 0.0)))
/* Four lanes: one AVX2 register, two SSE2 ones (the small-N loops). */
typedef double v4d __attribute__((vector_size(32)));
typedef long long v4l __attribute__((vector_size(32)));
#define V4_LOAD(p) ({ v4d v_; memcpy(&v_, (p), sizeof v_); v_; })
#define V4_STORE(p, v) do { v4d s_ = (v); memcpy((p), &s_, sizeof s_); } while (0)
#define V4_POS(v) ((v4d)((v4l)(v) & (v4l)((v) > 0.0)))

#define INL static inline __attribute__((always_inline))

/* Below SMALL_N actors the challenges run every target in short vectors (tp_small_v4) and
 * are not pruned (the pruning pays from about 24 actors, by callgrind). A multiple of 4. */
#define SMALL_N 24

/* ------------------------------------------------------------------ threads */

typedef void (*par_fn)(void *ctx, size_t item, int tid);
typedef struct {
    par_fn fn;
    void *ctx;
    size_t n;
    atomic_size_t next;
} par_job_t;
typedef struct {
    par_job_t *job;
    int tid;
} par_arg_t;

static void *par_worker(void *a)
{
    par_arg_t *pa = a;
    par_job_t *j = pa->job;
    for (;;) {
        size_t it = atomic_fetch_add(&j->next, 1);
        if (it >= j->n) break;
        j->fn(j->ctx, it, pa->tid);
    }
    return NULL;
}

/* Run fn(ctx, item, tid) for item = 0..n-1 on up to nth threads (tid < nth). */
static void par_run(int nth, size_t n, par_fn fn, void *ctx)
{
    if (nth <= 1 || n < 2) {
        for (size_t i = 0; i < n; i++) fn(ctx, i, 0);
        return;
    }
    if ((size_t)nth > n) nth = (int)n;
    par_job_t job;
    job.fn = fn;
    job.ctx = ctx;
    job.n = n;
    atomic_init(&job.next, 0);
    pthread_t th[64];
    par_arg_t args[64];
    int started = 0;
    for (int t = 1; t < nth && t < 64; t++) {
        args[t].job = &job;
        args[t].tid = t;
        if (pthread_create(&th[t], NULL, par_worker, &args[t]) != 0) break;
        started = t;
    }
    args[0].job = &job;
    args[0].tid = 0;
    par_worker(&args[0]);
    for (int t = 1; t <= started; t++) pthread_join(th[t], NULL);
}

/* A persistent pool for one solve: nth − 1 workers wait for jobs, the caller works as
 * thread 0. Saves a thread start per phase (six phases per round). */
typedef struct ent_i_smp_pool {
    int nth;
    pthread_t th[64];
    par_arg_t args[64];
    pthread_mutex_t mu;
    pthread_cond_t start, done;
    unsigned gen;
    int ndone, quit;
    par_job_t *job;
} pool_t;

static void *pool_worker(void *a)
{
    par_arg_t *pa = a;
    pool_t *p = (pool_t *)pa->job; /* the pool, passed through the job slot */
    unsigned seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->gen == seen && !p->quit) pthread_cond_wait(&p->start, &p->mu);
        if (p->quit) break;
        seen = p->gen;
        par_arg_t me = {p->job, pa->tid};
        pthread_mutex_unlock(&p->mu);
        par_worker(&me);
        pthread_mutex_lock(&p->mu);
        if (++p->ndone == p->nth - 1) pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static pool_t *pool_new(int nth)
{
    if (nth <= 1) return NULL;
    pool_t *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->start, NULL);
    pthread_cond_init(&p->done, NULL);
    p->nth = 1;
    for (int t = 1; t < nth && t < 64; t++) {
        p->args[t].job = (par_job_t *)(void *)p;
        p->args[t].tid = t;
        if (pthread_create(&p->th[t], NULL, pool_worker, &p->args[t]) != 0) break;
        p->nth = t + 1;
    }
    return p;
}

static void pool_free(pool_t *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
    for (int t = 1; t < p->nth; t++) pthread_join(p->th[t], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->start);
    pthread_cond_destroy(&p->done);
    free(p);
}

/* Run fn over items 0..n-1 on the pool (inline when there is none or n < 2). */
static void pool_run(pool_t *p, size_t n, par_fn fn, void *ctx)
{
    if (!p || p->nth <= 1 || n < 2) {
        for (size_t i = 0; i < n; i++) fn(ctx, i, 0);
        return;
    }
    par_job_t job;
    job.fn = fn;
    job.ctx = ctx;
    job.n = n;
    atomic_init(&job.next, 0);
    pthread_mutex_lock(&p->mu);
    p->job = &job;
    p->ndone = 0;
    p->gen++;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
    par_arg_t me = {&job, 0};
    par_worker(&me);
    pthread_mutex_lock(&p->mu);
    while (p->ndone < p->nth - 1) pthread_cond_wait(&p->done, &p->mu);
    p->job = NULL;
    pthread_mutex_unlock(&p->mu);
}

static int resolve_threads(const ent_smp_opts_t *o, size_t n)
{
    /* below 128 actors a round is ~1 ms: a barrier per phase costs more than it saves as soon
     * as the machine is busy (measured: dummyData-a080 24 ms wall threaded vs 17 ms not).
     * Decided first, so that a small solve makes no sysconf call and starts no pool. */
    if (n < 128) return 1;
    int t = o->threads;
    if (t <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        t = c > 0 ? (int)c : 1;
    }
    if (t > 64) t = 64;
    return t;
}

/* ------------------------------------------------------------------ building blocks */

double ent_i_smp_delta(size_t d, const double *a, const double *b, const double *s)
{
    double q = 0.0, t = 0.0;
    for (size_t k = 0; k < d; k++) {
        double z = (a[k] - b[k]) * s[k];
        q += z * z;
        t += s[k] * s[k];
    }
    return sqrt(q / t);
}

INL double util_inl(double delta, double R)
{
    return delta > 1.0 ? (1.0 - delta) * (1.0 + R) : (1.0 - delta) * (1.0 + delta * R);
}

double ent_i_smp_util(double delta, double R) { return util_inl(delta, R); }

INL double clip1(double z) { return z > 1.0 ? 1.0 : (z < -1.0 ? -1.0 : z); }

INL double vote_inl(int vr, double w, double ua, double ub)
{
    double du = ua - ub;
    switch (vr) {
    case ENT_SMP_VR_BINARY: return w * clip1(du / 1e-8);
    case ENT_SMP_VR_PROPBIN: return w * ((0.8 * du) + (0.2 * clip1(du / 1e-8)));
    case ENT_SMP_VR_PROPCBC: return w * ((0.5 * du) + (0.5 * (du * du * du)));
    case ENT_SMP_VR_CUBIC: return w * (du * du * du);
    case ENT_SMP_VR_ASYMPROSP: return du < 0.0 ? w * du : ((2.0 / 3.0) * w) * du;
    default: return w * du;
    }
}

double ent_i_smp_vote(ent_smp_vr_t vr, double w, double ua, double ub)
{
    return vote_inl((int)vr, w, ua, ub);
}

double ent_i_smp_round4(double z) { return (double)((int)(0.5 + z * 10000.0)) / 10000.0; }

/* ------------------------------------------------------------------ PCE (§4.4–4.6) */

typedef struct {
    size_t nv, m;
    const double *w, *U;
    int vr;
    double *C;
    double *scratch; /* per thread 2m */
} coal_ctx_t;

INL void coal_row_vr(const coal_ctx_t *c, size_t i, int tid, int vr)
{
    size_t m = c->m;
    double *cp = c->scratch + (size_t)tid * 2 * m, *cn = cp + m;
    for (size_t j = 0; j < i; j++) cp[j] = cn[j] = ENT_I_SMP_EPS_C;
    for (size_t k = 0; k < c->nv; k++) {
        const double *uk = c->U + k * m;
        double wk = c->w[k], ui = uk[i];
        for (size_t j = 0; j < i; j++) {
            double v = vote_inl(vr, wk, ui, uk[j]);
            cp[j] += v > 0.0 ? v : 0.0;
            cn[j] += v < 0.0 ? -v : 0.0;
        }
    }
    for (size_t j = 0; j < i; j++) {
        c->C[i * m + j] = cp[j];
        c->C[j * m + i] = cn[j];
    }
}

/* Proportional voting, rows blocked: the CR options i0..i0+CR-1 against eight options
 * j < i0 at a time, the 2·CR accumulators held in registers while the voters k run in
 * ascending order (the rows' own utilities are first gathered into a k-major strip). Every
 * pair still adds its voters in ascending order from ε_C. The pairs inside the block
 * (i0 <= j < i) and the last j < i0 that do not fill a vector are summed one by one. */
#define CR 4

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#include <immintrin.h>
#define ENT_I_SMP_AVX512 1
/* One 4 × 8 strip of coalitions (rows uiv, columns j0..j0+7) with AVX-512 merge-masked
 * arithmetic: p += max(v, 0) is done as p + v in the lanes where v > 0 and q += max(-v, 0)
 * as q - v where v < 0, the other lanes unchanged. The same bits as adding +0.0 (p, q >=
 * ε_C > 0, and q - v == q + (-v) in IEEE arithmetic); six instructions per row and voter
 * instead of nine. Used when the CPU has AVX-512F (checked at run time). */
__attribute__((target("avx512f")))
static void coal_strip512(size_t nv, size_t m, const double *U, const double *w,
                          const double *uiv, size_t j0, double pp[CR][8], double qq[CR][8])
{
    const __m512d z = _mm512_setzero_pd();
    __m512d p0 = _mm512_set1_pd(ENT_I_SMP_EPS_C), p1 = p0, p2 = p0, p3 = p0;
    __m512d q0 = p0, q1 = p0, q2 = p0, q3 = p0;
#define COAL512(p, q, v)                                                                     \
    do {                                                                                     \
        __mmask8 g_ = _mm512_cmp_pd_mask(v, z, _CMP_GT_OQ);                                  \
        __mmask8 l_ = _mm512_cmp_pd_mask(v, z, _CMP_LT_OQ);                                  \
        p = _mm512_mask_add_pd(p, g_, p, v);                                                 \
        q = _mm512_mask_sub_pd(q, l_, q, v);                                                 \
    } while (0)
    for (size_t k = 0; k < nv; k++) {
        __m512d ub = _mm512_loadu_pd(U + k * m + j0), wk = _mm512_set1_pd(w[k]);
        const double *u = uiv + k * CR;
        __m512d v0 = _mm512_mul_pd(wk, _mm512_sub_pd(_mm512_set1_pd(u[0]), ub));
        __m512d v1 = _mm512_mul_pd(wk, _mm512_sub_pd(_mm512_set1_pd(u[1]), ub));
        __m512d v2 = _mm512_mul_pd(wk, _mm512_sub_pd(_mm512_set1_pd(u[2]), ub));
        __m512d v3 = _mm512_mul_pd(wk, _mm512_sub_pd(_mm512_set1_pd(u[3]), ub));
        COAL512(p0, q0, v0);
        COAL512(p1, q1, v1);
        COAL512(p2, q2, v2);
        COAL512(p3, q3, v3);
    }
#undef COAL512
    _mm512_storeu_pd(pp[0], p0);
    _mm512_storeu_pd(pp[1], p1);
    _mm512_storeu_pd(pp[2], p2);
    _mm512_storeu_pd(pp[3], p3);
    _mm512_storeu_pd(qq[0], q0);
    _mm512_storeu_pd(qq[1], q1);
    _mm512_storeu_pd(qq[2], q2);
    _mm512_storeu_pd(qq[3], q3);
}
#endif

ENT_I_SMP_CLONES
static void coal_block_prop_v(const coal_ctx_t *c, size_t blk, int tid)
{
    size_t m = c->m, nv = c->nv, i0 = blk * CR, R = m - i0 < CR ? m - i0 : CR;
    double *uiv = c->scratch + (size_t)tid * (CR * nv + 16);
    for (size_t k = 0; k < nv; k++)
        for (size_t r = 0; r < CR; r++) uiv[k * CR + r] = r < R ? c->U[k * m + i0 + r] : 0.0;
    size_t j8 = i0 & ~(size_t)7, jv = j8;
#ifdef ENT_I_SMP_AVX512
    if (__builtin_cpu_supports("avx512f")) {
        double pp[CR][8], qq[CR][8];
        for (size_t j0 = 0; j0 < j8; j0 += 8) {
            coal_strip512(nv, m, c->U, c->w, uiv, j0, pp, qq);
            for (size_t r = 0; r < R; r++)
                for (size_t l = 0; l < 8; l++) {
                    c->C[(i0 + r) * m + j0 + l] = pp[r][l];
                    c->C[(j0 + l) * m + i0 + r] = qq[r][l];
                }
        }
        jv = 0; /* done: the generic loop below is skipped */
    }
#endif
    /* without AVX-512: strips of 4 rows × 4 columns in 4-lane vectors (one AVX2 register
     * each, so the eight sums stay in registers; 64-byte vectors would be split in memory) */
    const v4d zero4 = {0};
    for (size_t j0 = 0; j0 < jv; j0 += 4) {
        v4d p0 = zero4 + ENT_I_SMP_EPS_C, p1 = p0, p2 = p0, p3 = p0;
        v4d q0 = p0, q1 = p0, q2 = p0, q3 = p0;
        for (size_t k = 0; k < nv; k++) {
            v4d ub = V4_LOAD(c->U + k * m + j0);
            double wk = c->w[k];
            const double *u = uiv + k * CR;
            v4d v0 = wk * (u[0] - ub), v1 = wk * (u[1] - ub);
            v4d v2 = wk * (u[2] - ub), v3 = wk * (u[3] - ub);
            p0 += V4_POS(v0);
            q0 += V4_POS(zero4 - v0);
            p1 += V4_POS(v1);
            q1 += V4_POS(zero4 - v1);
            p2 += V4_POS(v2);
            q2 += V4_POS(zero4 - v2);
            p3 += V4_POS(v3);
            q3 += V4_POS(zero4 - v3);
        }
        double pp[CR][4], qq[CR][4];
        memcpy(pp[0], &p0, sizeof p0);
        memcpy(pp[1], &p1, sizeof p1);
        memcpy(pp[2], &p2, sizeof p2);
        memcpy(pp[3], &p3, sizeof p3);
        memcpy(qq[0], &q0, sizeof q0);
        memcpy(qq[1], &q1, sizeof q1);
        memcpy(qq[2], &q2, sizeof q2);
        memcpy(qq[3], &q3, sizeof q3);
        for (size_t r = 0; r < R; r++)
            for (size_t l = 0; l < 4; l++) {
                c->C[(i0 + r) * m + j0 + l] = pp[r][l];
                c->C[(j0 + l) * m + i0 + r] = qq[r][l];
            }
    }
    for (size_t r = 0; r < R; r++)
        for (size_t j = j8; j < i0 + r; j++) {
            double a = ENT_I_SMP_EPS_C, b = ENT_I_SMP_EPS_C;
            for (size_t k = 0; k < nv; k++) {
                double v = c->w[k] * (uiv[k * CR + r] - c->U[k * m + j]);
                a += v > 0.0 ? v : 0.0;
                b += v < 0.0 ? -v : 0.0;
            }
            c->C[(i0 + r) * m + j] = a;
            c->C[j * m + i0 + r] = b;
        }
}

/* Proportional voting with few options (m <= SMALL_M: the option lists of §8's choices, and
 * the elections of small states): every ordered pair (a, b), a != b, as
 *   C(a,b) = ε_C + Σ_k max(0, w_k (u_ka − u_kb)),  voters k ascending,
 * in 4-lane vectors over b, all accumulators in a stack array. C(b,a) for b < a is summed
 * here as max(0, w_k (u_kb − u_ka)), which is KTAB's max(0, −w_k (u_ka − u_kb)) bit for bit
 * (x − y = −(y − x) and w·(−x) = −(w·x) exactly in IEEE arithmetic, and a zero difference
 * adds +0.0 either way). Rows are read in place (a pad lane reads the next row and is dropped);
 * the last row, where a pad lane would read past U, is copied. The diagonal is set by the
 * caller. O(nv·m²); up to four options the four row sums stay in registers. */
#define SMALL_M 12
/* GCC would turn the short copy loops below into calls of memcpy / memset, which cost
 * more than the copies at these sizes. */
#define ENT_I_SMP_NOCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
ENT_I_SMP_CLONES ENT_I_SMP_NOCALLS
static void coal_small_v4(size_t nv, size_t m, const double *w, const double *U, double *C)
{
    double acc[SMALL_M * SMALL_M], urow[SMALL_M];
    size_t m4 = (m + 3) & ~(size_t)3;
    const v4d zero = {0};
    for (size_t j = m; j < m4; j++) urow[j] = 0.0;
    if (m4 == 4) { /* up to four options (most option lists): the rows in registers */
        v4d r0 = zero + ENT_I_SMP_EPS_C, r1 = r0, r2 = r0, r3 = r0;
        for (size_t k = 0; k < nv; k++) {
            const double *uk = U + k * m;
            if (k * m + 4 > nv * m) { /* the last row: a padded copy (no read past U) */
                for (size_t j = 0; j < m; j++) urow[j] = uk[j];
                uk = urow;
            }
            v4d u = V4_LOAD(uk);
            double wk = w[k];
            r0 += V4_POS(wk * (uk[0] - u));
            r1 += V4_POS(wk * (uk[1] - u));
            if (m > 2) r2 += V4_POS(wk * (uk[2] - u));
            if (m > 3) r3 += V4_POS(wk * (uk[3] - u));
        }
        V4_STORE(acc, r0);
        V4_STORE(acc + 4, r1);
        V4_STORE(acc + 8, r2);
        V4_STORE(acc + 12, r3);
    } else {
        for (size_t x = 0; x < m * m4; x++) acc[x] = ENT_I_SMP_EPS_C;
        for (size_t k = 0; k < nv; k++) {
            const double *uk = U + k * m;
            if (k * m + m4 > nv * m) {
                for (size_t j = 0; j < m; j++) urow[j] = uk[j];
                uk = urow;
            }
            double wk = w[k];
            for (size_t a = 0; a < m; a++) {
                double ua = uk[a];
                double *ra = acc + a * m4;
                for (size_t b = 0; b < m4; b += 4) {
                    v4d v = wk * (ua - V4_LOAD(uk + b));
                    V4_STORE(ra + b, V4_LOAD(ra + b) + V4_POS(v));
                }
            }
        }
    }
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++) C[a * m + b] = acc[a * m4 + b];
}

/* Largest blocks first, so that the threads finish together. */
static void coal_block(void *ctx, size_t item, int tid)
{
    const coal_ctx_t *c = ctx;
    size_t nblk = (c->m + CR - 1) / CR;
    coal_block_prop_v(c, nblk - 1 - item, tid);
}

static void coal_row(void *ctx, size_t i, int tid)
{
    const coal_ctx_t *c = ctx;
    switch (c->vr) {
    case ENT_SMP_VR_PROP: coal_row_vr(c, i, tid, ENT_SMP_VR_PROP); break;
    case ENT_SMP_VR_BINARY: coal_row_vr(c, i, tid, ENT_SMP_VR_BINARY); break;
    case ENT_SMP_VR_PROPBIN: coal_row_vr(c, i, tid, ENT_SMP_VR_PROPBIN); break;
    case ENT_SMP_VR_PROPCBC: coal_row_vr(c, i, tid, ENT_SMP_VR_PROPCBC); break;
    case ENT_SMP_VR_CUBIC: coal_row_vr(c, i, tid, ENT_SMP_VR_CUBIC); break;
    default: coal_row_vr(c, i, tid, ENT_SMP_VR_ASYMPROSP); break;
    }
}

static double vpm_x(ent_smp_vpm_t vpm, double c)
{
    double c2;
    switch (vpm) {
    case ENT_SMP_VPM_SQUARE: return c * c;
    case ENT_SMP_VPM_QUARTIC: c2 = c * c; return c2 * c2;
    case ENT_SMP_VPM_OCTIC: c2 = c * c; c2 = c2 * c2; return c2 * c2;
    default: return c;
    }
}

/* Binary victory model (§13): a linear ramp of the share, clipped to [1e-6, 1]. */
static double vpm_binary(double cij, double cji)
{
    if (cij >= 1.1 * cji) return 1.0;
    if (cji >= 1.1 * cij) return 1e-6;
    double r = ((cij / (cij + cji)) * 2.1 - 1.0) / 0.1;
    return r < 1e-6 ? 1e-6 : (r > 1.0 ? 1.0 : r);
}

static ent_status_t pce_impl(size_t nv, size_t m, const double *w, const double *U,
                             const ent_smp_opts_t *o, pool_t *pool, int nthreads, double *C,
                             double *P, double *pi, double *scr, size_t nscr,
                             ent_error_t *err);

ent_status_t ent_i_smp_pce(size_t nv, size_t m, const double *w, const double *U,
                           const ent_smp_opts_t *o, int nthreads, double *C, double *P,
                           double *pi, ent_error_t *err)
{
    return pce_impl(nv, m, w, U, o, NULL, nthreads, C, P, pi, NULL, 0, err);
}

/* pool == NULL: start nthreads threads for the coalitions (or run inline). scr (nscr
 * doubles, may be NULL) is the caller's scratch; used when large enough, else allocated.
 * Just over 100 lines: the coalitions, the victory probabilities and the three PCE models
 * of §4.4–4.6 / §13 share their buffers and read in one piece. */
static ent_status_t pce_impl(size_t nv, size_t m, const double *w, const double *U,
                             const ent_smp_opts_t *o, pool_t *pool, int nthreads, double *C,
                             double *P, double *pi, double *scr, size_t nscr,
                             ent_error_t *err)
{
    if (pool) nthreads = pool->nth;
    double *ownC = NULL, *scratch = NULL;
    ent_status_t st = ENT_OK;
    if (!C) {
        C = ownC = malloc(m * m * sizeof *C);
        if (!C) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory");
    }
    if (m < 64) nthreads = 1;
    size_t per = 2 * m > CR * nv + 16 ? 2 * m : CR * nv + 16;
    size_t need = (size_t)(nthreads > 0 ? nthreads : 1) * per;
    double *ownS = NULL;
    scratch = scr && nscr >= need ? scr : (ownS = malloc(need * sizeof *scratch));
    if (!scratch) {
        st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory");
        goto done;
    }
    coal_ctx_t cc = {nv, m, w, U, (int)o->vr, C, scratch};
    if (m < 64) pool = NULL;
    size_t nitems = o->vr == ENT_SMP_VR_PROP ? (m + CR - 1) / CR : m;
    par_fn cfn = o->vr == ENT_SMP_VR_PROP ? coal_block : coal_row;
    if (o->vr == ENT_SMP_VR_PROP && m <= SMALL_M) coal_small_v4(nv, m, w, U, C);
    else if (pool) pool_run(pool, nitems, cfn, &cc);
    else par_run(nthreads, nitems, cfn, &cc);
    for (size_t i = 0; i < m; i++) C[i * m + i] = ENT_I_SMP_EPS_C;

    for (size_t i = 0; i < m; i++) {
        P[i * m + i] = 0.5;
        for (size_t j = 0; j < i; j++) {
            double cij = C[i * m + j], cji = C[j * m + i], xij, xji;
            if (o->vpm == ENT_SMP_VPM_BINARY) {
                xij = vpm_binary(cij, cji);
                xji = vpm_binary(cji, cij);
            } else {
                xij = vpm_x(o->vpm, cij);
                xji = vpm_x(o->vpm, cji);
            }
            P[i * m + j] = xij / (xij + xji);
            P[j * m + i] = xji / (xij + xji);
        }
    }

    if (o->pcem == ENT_SMP_PCE_CONDITIONAL) {
        double z = 0.0;
        for (size_t i = 0; i < m; i++) {
            double prod = 1.0;
            for (size_t j = 0; j < m; j++) prod *= P[i * m + j];
            pi[i] = prod;
            z += prod;
        }
        for (size_t i = 0; i < m; i++) pi[i] = pi[i] / z;
    } else {
        /* Markov PCEs (§13): iterate p ← (p + q)/2 from the uniform distribution. */
        int incentive = o->pcem == ENT_SMP_PCE_MARKOV_INCENTIVE;
        double tol = incentive ? 1e-8 : 1e-6;
        double *q = scratch; /* 2m available */
        double *K = NULL;
        if (incentive) {
            K = ownC ? ownC : malloc(m * m * sizeof *K);
            if (!K) {
                st = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory");
                goto done;
            }
            if (!ownC) ownC = K; /* freed below */
            /* K(a,b) = C(a,b)·P(a>b) (+1e-10 on the diagonal), normalised over a per b */
            for (size_t a = 0; a < m; a++)
                for (size_t b = 0; b < m; b++)
                    K[a * m + b] = C[a * m + b] * P[a * m + b] + (a == b ? 1e-10 : 0.0);
            for (size_t b = 0; b < m; b++) {
                double s = 0.0;
                for (size_t a = 0; a < m; a++) s += K[a * m + b];
                for (size_t a = 0; a < m; a++) K[a * m + b] /= s;
            }
        }
        for (size_t i = 0; i < m; i++) pi[i] = 1.0 / (double)m;
        for (int it = 0; it < 1000; it++) {
            double chg = 0.0;
            for (size_t i = 0; i < m; i++) {
                double s = 0.0;
                for (size_t j = 0; j < m; j++) {
                    if (incentive)
                        s += P[i * m + j] * (pi[i] * K[j * m + i] + pi[j] * K[i * m + j]);
                    else
                        s += P[i * m + j] * (pi[i] + pi[j]) / (double)m;
                }
                q[i] = s;
                double dd = fabs(q[i] - pi[i]);
                if (dd > chg) chg = dd;
            }
            for (size_t i = 0; i < m; i++) pi[i] = (pi[i] + q[i]) / 2.0;
            if (chg <= tol) break;
        }
    }
done:
    free(ownC);
    free(ownS);
    return st;
}

/* ------------------------------------------------------------------ state */

void ent_i_smp_state_destroy(ent_i_smp_state_t *st)
{
    if (!st) return;
    if (st->cw)
        for (int t = 0; t < st->nthreads; t++) free(st->cw[t]);
    free(st->arena);
    pool_free(st->pool);
    memset(st, 0, sizeof *st);
}

static double clamp_sal(double s) { return s > 1.0 ? 1.0 : s; }

/* The bargain of one initiator (§7): positions bI, bJ (d each) in the step's workspace. */
typedef struct {
    size_t init, rcvr;  /* initiator, receiver */
    double *bI, *bJ;    /* d each */
} bargain_t;

/* A bump allocator over one block: with base == NULL it only measures (offsets, 64-byte
 * aligned so that no two threads' buffers share a cache line). */
typedef struct {
    char *base;
    size_t off;
} arena_t;

static void *carve(arena_t *a, size_t cnt, size_t sz)
{
    size_t o = (a->off + 63) & ~(size_t)63;
    a->off = o + (cnt ? cnt : 1) * sz;
    return a->base ? a->base + o : NULL;
}

/* Every array of the state, the step and winprob in one block (measured by a first pass
 * with a->base == NULL). The distances carry 8 more doubles (zeros) so that the small-N
 * challenge loop may read a short vector past the end of the last row. */
static void state_layout(ent_i_smp_state_t *st, arena_t *a, int need_u)
{
    size_t n = st->n, d = st->d, nt = (size_t)st->nthreads;
    size_t per = st->o.bargn == ENT_SMP_BARGN_INITRCVR ? 2 : 1;
    st->cap = carve(a, n, sizeof(double));
    st->sal = carve(a, n * d, sizeof(double));
    st->S = carve(a, n, sizeof(double));
    st->W = carve(a, n, sizeof(double));
    st->Wp = carve(a, n + 4, sizeof(double));
    st->Sc = carve(a, n + 4, sizeof(double));
    st->x = carve(a, n * d, sizeof(double));
    st->delta = carve(a, n * n + 8, sizeof(double));
    st->deltaT = st->prune ? carve(a, n * n, sizeof(double)) : NULL;
    st->p = carve(a, n, sizeof(double));
    st->R = carve(a, n, sizeof(double));
    st->UT = carve(a, n * n, sizeof(double));
    st->pceP = carve(a, n * n, sizeof(double));
    st->pceC = carve(a, n * n, sizeof(double));
    st->H = carve(a, n * n, sizeof(double));
    /* pce_impl's scratch for N voters and up to N options (threads only from 64 options) */
    size_t pnt = n >= 64 ? nt : 1, pper = 2 * n > CR * n + 16 ? 2 * n : CR * n + 16;
    st->pceSn = pnt * pper;
    st->pceS = carve(a, st->pceSn, sizeof(double));
    st->s_target = carve(a, n, sizeof(long));
    st->s_tP = carve(a, n, sizeof(double));
    st->s_tG = carve(a, n, sizeof(double));
    st->s_bg = carve(a, n * per, sizeof(bargain_t));
    st->s_bpos = carve(a, n * per * 2 * d, sizeof(double));
    st->s_newx = carve(a, n * d, sizeof(double));
    st->s_lstart = carve(a, n + 1, sizeof(size_t));
    st->s_list = carve(a, 2 * n * per, sizeof(size_t));
    st->s_fill = carve(a, n, sizeof(size_t));
    st->s_val = carve(a, (n * per + 1) * n, sizeof(double));
    st->w_rep = carve(a, n, sizeof(size_t));
    st->w_pi = carve(a, n, sizeof(double));
    st->wsU = carve(a, nt, sizeof(double *));
    st->wsv = carve(a, nt, sizeof(double *));
    st->wsi = carve(a, nt, sizeof(size_t *));
    st->cw = carve(a, nt, sizeof(double *));
    st->cwn = carve(a, nt, sizeof(size_t));
    for (size_t t = 0; t < nt; t++) {
        double *u = need_u ? carve(a, n * n, sizeof(double)) : NULL;
        double *v = carve(a, 16 * n + 64, sizeof(double));
        size_t *w = carve(a, 2 * n + 16, sizeof(size_t));
        if (a->base) {
            st->wsU[t] = u;
            st->wsv[t] = v;
            st->wsi[t] = w;
            st->cw[t] = NULL;
            st->cwn[t] = 0;
        }
    }
}

ent_status_t ent_i_smp_state_init(ent_i_smp_state_t *st, const ent_smp_input_t *in,
                                  const ent_smp_opts_t *o, ent_error_t *err)
{
    memset(st, 0, sizeof *st);
    size_t n = in->n, d = in->d;
    st->n = n;
    st->d = d;
    if (o) st->o = *o; else ent_smp_opts_init(&st->o);
    st->nthreads = resolve_threads(&st->o, n);
    st->pool = pool_new(st->nthreads);
    if (st->pool) st->nthreads = st->pool->nth;
    /* the perceived matrix per thread is needed only off the fused default path (and by
     * the naive solver, which forces one thread); the fused path prunes targets (§6 bound
     * in target_pruned) and reads the distances' columns from their transpose */
    int need_u = !(st->o.vr == ENT_SMP_VR_PROP && st->o.tpc == ENT_SMP_TPC_SEMICOMMIT) ||
                 st->o.naive;
    st->prune = !need_u && n >= SMALL_N; /* below, the full loop is as fast (callgrind) */
    arena_t a = {NULL, 0};
    state_layout(st, &a, need_u);
    size_t bytes = (a.off + 63) & ~(size_t)63;
    if (!(st->arena = aligned_alloc(64, bytes))) goto oom;
    a.base = st->arena;
    a.off = 0;
    state_layout(st, &a, need_u);
    memset(st->delta + n * n, 0, 8 * sizeof(double));
    memcpy(st->cap, in->cap, n * sizeof(double));
    memcpy(st->sal, in->sal, n * d * sizeof(double));
    memcpy(st->x, in->x, n * d * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t k = 0; k < d; k++) s += st->sal[i * d + k];
        st->S[i] = s;
        st->W[i] = s * st->cap[i];
    }
    for (size_t i = 0; i < n + 4; i++) {
        st->Wp[i] = i < n ? st->W[i] : 0.0;
        st->Sc[i] = i < n ? clamp_sal(st->S[i]) : 0.0;
    }
    return ENT_OK;
oom:
    ent_i_smp_state_destroy(st);
    return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory for %zu actors", n);
}

/* out[i] = ρ(h, i) for i < n (ent_i_smp_rho's expressions, the switch out of the loop). */
static void rho_row(const ent_i_smp_state_t *st, size_t h, double *out)
{
    const double *R = st->R;
    size_t n = st->n;
    switch (st->o.radj) {
    case ENT_SMP_RADJ_NONE:
        for (size_t i = 0; i < n; i++) out[i] = R[h];
        break;
    case ENT_SMP_RADJ_HALF:
        for (size_t i = 0; i < n; i++) out[i] = (R[h] + R[i]) / 2.0;
        break;
    case ENT_SMP_RADJ_TWOTHIRDS:
        for (size_t i = 0; i < n; i++) out[i] = (R[h] + (2.0 * R[i])) / 3.0;
        break;
    case ENT_SMP_RADJ_FULL:
        for (size_t i = 0; i < n; i++) out[i] = R[i];
        break;
    default:
        for (size_t i = 0; i < n; i++) out[i] = ((2.0 * R[h]) + R[i]) / 3.0;
        break;
    }
}

double ent_i_smp_rho(const ent_i_smp_state_t *st, size_t h, size_t i)
{
    const double *R = st->R;
    switch (st->o.radj) {
    case ENT_SMP_RADJ_NONE: return R[h];
    case ENT_SMP_RADJ_HALF: return (R[h] + R[i]) / 2.0;
    case ENT_SMP_RADJ_TWOTHIRDS: return (R[h] + (2.0 * R[i])) / 3.0;
    case ENT_SMP_RADJ_FULL: return R[i];
    default: return ((2.0 * R[h]) + R[i]) / 3.0;
    }
}

static void util_row(const double *dl, double r, double *out, size_t n);

typedef struct {
    ent_i_smp_state_t *st;
} st_ctx_t;

static void delta_row(void *ctx, size_t i, int tid)
{
    ent_i_smp_state_t *st = ((st_ctx_t *)ctx)->st;
    size_t n = st->n, d = st->d;
    const double *yi = st->x + i * d, *s = st->sal + i * d;
    for (size_t j = 0; j < n; j++)
        st->delta[i * n + j] = ent_i_smp_delta(d, yi, st->x + j * d, s);
}

ent_status_t ent_i_smp_assess(ent_i_smp_state_t *st, ent_error_t *err)
{
    size_t n = st->n;
    st_ctx_t sc = {st};
    pool_run(st->pool, n, delta_row, &sc);
    double dmax = 0.0;
    for (size_t i = 0; i < n * n; i++)
        if (!(st->delta[i] <= dmax)) dmax = st->delta[i];
    st->dmax = dmax;
    if (st->deltaT) /* columns of the distances, for the pruned challenges (blocked copy) */
        for (size_t i0 = 0; i0 < n; i0 += 32)
            for (size_t j = 0; j < n; j++)
                for (size_t i = i0; i < n && i < i0 + 32; i++)
                    st->deltaT[j * n + i] = st->delta[i * n + j];
    /* risk-neutral utilities V into H (voter-major: H[i*n + j] = V(i,j)) */
    util_row(st->delta, 0.0, st->H, n * n);
    ent_status_t rc = pce_impl(n, n, st->cap, st->H, &st->o, st->pool, 1, st->pceC,
                               st->pceP, st->p, st->pceS, st->pceSn, err);
    if (rc) return rc;
    double pmin = 1.0, pmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (st->p[i] < pmin) pmin = st->p[i];
        if (st->p[i] > pmax) pmax = st->p[i];
    }
    st->degenerate = 0;
    if (!(pmax - pmin != 0.0)) {
        st->degenerate = 1;
        for (size_t i = 0; i < n; i++) st->R[i] = 0.0;
    } else {
        for (size_t i = 0; i < n; i++) {
            double p = st->p[i];
            switch (st->o.rrng) {
            case ENT_SMP_RRNG_MIN: st->R[i] = (p - pmin) / (pmax - pmin); break;
            case ENT_SMP_RRNG_MAX: st->R[i] = ((2.0 * p - pmax) - pmin) / (pmax - pmin); break;
            default: st->R[i] = (3.0 * p - (pmax + 2.0 * pmin)) / (2.0 * (pmax - pmin)); break;
            }
        }
    }
    /* own-perspective rows: UT[m*n + a] = U^a(a, m) */
    for (size_t a = 0; a < n; a++) {
        double r = ent_i_smp_rho(st, a, a);
        for (size_t m = 0; m < n; m++) st->UT[m * n + a] = util_inl(st->delta[a * n + m], r);
    }
    /* §5.7 sanity norms (degenerate states, where KTAB aborts) */
    if (!st->degenerate) {
        double nva = 0.0;
        double *g = st->wsv[0];
        for (size_t i = 0; i < n; i++) {
            double gi = 0.0;
            for (size_t j = 0; j < n; j++) {
                double dl = st->delta[i * n + j];
                double e = util_inl(dl, 0.0) - util_inl(dl, st->R[i]);
                nva += e * e;
                double f = dl > 1.0 ? (1.0 - dl) : (1.0 - dl) * dl;
                gi += f * f;
            }
            g[i] = gi;
        }
        if (sqrt(nva) <= 1e-6) st->degenerate = 1;
        if (!st->degenerate && st->o.radj != ENT_SMP_RADJ_FULL) {
            double *rh = g + n;
            for (size_t h = 0; h < n && !st->degenerate; h++) {
                double s = 0.0;
                rho_row(st, h, rh);
                for (size_t i = 0; i < n; i++) {
                    double e = rh[i] - st->R[i];
                    s += e * e * g[i];
                }
                if (sqrt(s) <= 1e-6) st->degenerate = 1;
            }
        }
    }
    return ENT_OK;
}

/* out[j] = u(dl[j], r) for j < n (exact lane-wise copy of util_inl). */
ENT_I_SMP_CLONES
static void util_row(const double *dl, double r, double *out, size_t n)
{
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        v8d d = V8_LOAD(dl + j), om = 1.0 - d;
        v8d a = om * (1.0 + d * r);
        v8d b = om * (1.0 + r);
        v8l gt = (v8l)(d > 1.0);
        V8_STORE(out + j, (v8d)(((v8l)b & gt) | ((v8l)a & ~gt)));
    }
    for (; j < n; j++) out[j] = util_inl(dl[j], r);
}

void ent_i_smp_perceived(const ent_i_smp_state_t *st, size_t h, double *Uh)
{
    size_t n = st->n;
    for (size_t i = 0; i < n; i++)
        util_row(st->delta + i * n, ent_i_smp_rho(st, h, i), Uh + i * n, n);
}

/* ------------------------------------------------------------------ challenges (§6) */

INL void tpc_sums(int tpc, double a, double b, double g, double *s1, double *s2, double *s3,
                  double *s4)
{
    switch (tpc) {
    case ENT_SMP_TPC_NOCOMMIT:
        *s1 = a + a + g; *s2 = b + b + g; *s3 = a + a + g; *s4 = b + b + g; break;
    case ENT_SMP_TPC_FULLCOMMIT:
        *s1 = a + a + a; *s2 = b + b + b; *s3 = a + a + a; *s4 = b + b + b; break;
    default:
        *s1 = a + a + g; *s2 = b + b + b; *s3 = a + a + a; *s4 = b + b + g; break;
    }
}


void ent_i_smp_challenge(const ent_i_smp_state_t *st, const double *U, size_t k, size_t i,
                         size_t j, double *Pout, double *Gout)
{
    size_t n = st->n;
    int vr = (int)st->o.vr;
    double esq = U[k * n + i] + U[k * n + j];
    double ewin = U[k * n + i] + U[k * n + i];
    double elos = U[k * n + j] + U[k * n + j];
    double ai = vote_inl(vr, st->W[i], U[i * n + i], U[i * n + j]);
    double aj = vote_inl(vr, st->W[j], U[j * n + i], U[j * n + j]);
    double A = ENT_I_SMP_EPS_CH, B = ENT_I_SMP_EPS_CH;
    if (ai > 0.0) A += ai;
    if (ai < 0.0) B -= ai;
    if (aj > 0.0) A += aj;
    if (aj < 0.0) B -= aj;
    double A0 = A, B0 = B;
    for (size_t t = 0; t < n; t++) {
        if (t == i || t == j) continue;
        double al = U[t * n + i], be = U[t * n + j], ga = U[t * n + t];
        double e = vote_inl(vr, st->W[t], al, be);
        double Ap = e > 0.0 ? A0 + e : A0;
        double Bp = e < 0.0 ? B0 - e : B0;
        double q = Ap / (Ap + Bp), qb = 1.0 - q, s1, s2, s3, s4;
        tpc_sums((int)st->o.tpc, al, be, ga, &s1, &s2, &s3, &s4);
        double yi = (q * s1) + (qb * s2);
        double yj = (q * s3) + (qb * s4);
        double tn = vote_inl(vr, st->W[t], yi, yj);
        if (tn > 0.0) A += tn;
        if (tn < 0.0) B -= tn;
    }
    double P = A / (A + B), Pb = B / (A + B);
    double sj = clamp_sal(st->S[j]);
    double ecnt = (P * ewin) + (Pb * elos);
    double echl = ((1.0 - sj) * ewin) + (sj * ecnt);
    *Pout = P;
    *Gout = echl - esq;
}

/* Third party t's contribution to the challenges i→j for j in [j0, j1) (lane-parallel). */
INL void tp_lanes(int vr, int tpc, size_t j0, size_t j1, double al, double ga, double wt,
                  const double *row, const double *A0, const double *B0, double *A, double *B)
{
    for (size_t j = j0; j < j1; j++) {
        double be = row[j];
        double e = vote_inl(vr, wt, al, be);
        double Ap = A0[j] + (e > 0.0 ? e : 0.0);
        double Bp = B0[j] + (e < 0.0 ? -e : 0.0);
        double q = Ap / (Ap + Bp), qb = 1.0 - q, s1, s2, s3, s4;
        tpc_sums(tpc, al, be, ga, &s1, &s2, &s3, &s4);
        double yi = (q * s1) + (qb * s2);
        double yj = (q * s3) + (qb * s4);
        double tn = vote_inl(vr, wt, yi, yj);
        A[j] += tn > 0.0 ? tn : 0.0;
        B[j] += tn < 0.0 ? -tn : 0.0;
    }
}

/* All third parties for the defaults (Prop, SemiCommit), eight targets per vector, with
 * U^i computed on the fly from the distances (U^i(t,j) = u(Δ(t,j), ρ(i,t)), rho[t] = ρ(i,t)):
 * no N×N perceived matrix is written or read. Every lane performs exactly the scalar
 * operations of tp_lanes in the same order; in the lane of target j == t (a third party
 * is never judged on its own challenge) the contribution is masked to +0.0, which leaves A
 * and B unchanged (A, B > 0). Lane i is ignored by the caller. */
ENT_I_SMP_CLONES
static void tp_all_v(size_t n, size_t i, const double *W, const double *delta,
                     const double *rho, int guard, const double *A0, const double *B0,
                     double *A, double *B)
{
    const v8d zero = {0};
    const v8l lane = {0, 1, 2, 3, 4, 5, 6, 7};
    size_t n8 = n & ~(size_t)7;
    double rowbuf[8];
    for (size_t t = 0; t < n; t++) {
        if (t == i) continue;
        const double *drow = delta + t * n;
        double rt = rho[t], r1 = 1.0 + rt;
        double al = util_inl(drow[i], rt), ga = util_inl(drow[t], rt), wt = W[t];
        const double s1 = al + al + ga, s3 = al + al + al;
        for (size_t j = 0; j < n8; j += 8) {
            v8d dd = V8_LOAD(drow + j), om = 1.0 - dd;
            v8d be = om * (1.0 + dd * rt);
            if (guard) { /* some distance above 1: u's second branch (§4.2) */
                v8l gt = (v8l)(dd > 1.0);
                be = (v8d)(((v8l)(om * r1) & gt) | ((v8l)be & ~gt));
            }
            v8d e = wt * (al - be);
            v8d ap = V8_LOAD(A0 + j) + V8_POS(e);
            v8d bp = V8_LOAD(B0 + j) + V8_POS(zero - e);
            v8d q = ap / (ap + bp);
            v8d qb = 1.0 - q;
            v8d s2 = (be + be) + be, s4 = (be + be) + ga;
            v8d yi = (q * s1) + (qb * s2);
            v8d yj = (q * s3) + (qb * s4);
            v8d tn = wt * (yi - yj);
            v8d pa = V8_POS(tn), pb = V8_POS(zero - tn);
            if (t - j < 8) { /* lane t: its contribution becomes +0.0 */
                v8l keep = (v8l)(lane != (long long)(t - j));
                pa = (v8d)((v8l)pa & keep);
                pb = (v8d)((v8l)pb & keep);
            }
            V8_STORE(A + j, V8_LOAD(A + j) + pa);
            V8_STORE(B + j, V8_LOAD(B + j) + pb);
        }
        if (n8 < n) {
            /* tail: the row's utilities, then the scalar lanes */
            for (size_t j = n8; j < n; j++) rowbuf[j - n8] = util_inl(drow[j], rt);
            const double *row = rowbuf - n8;
            if (t >= n8) {
                tp_lanes(ENT_SMP_VR_PROP, ENT_SMP_TPC_SEMICOMMIT, n8, t, al, ga, wt, row, A0,
                         B0, A, B);
                tp_lanes(ENT_SMP_VR_PROP, ENT_SMP_TPC_SEMICOMMIT, t + 1, n, al, ga, wt, row,
                         A0, B0, A, B);
            } else {
                tp_lanes(ENT_SMP_VR_PROP, ENT_SMP_TPC_SEMICOMMIT, n8, n, al, ga, wt, row, A0,
                         B0, A, B);
            }
        }
    }
}

/* Small N (n < SMALL_N, the default Prop / SemiCommit path): tp_all_v's lanes in 4-wide
 * vectors over every target, the last vector padded (no scalar tail). One 4-lane vector is
 * one AVX2 register (two SSE2 ones); at these sizes the 8-lane code spent most of its
 * instructions moving halves of 64-byte vectors and on the scalar tail. Every lane performs
 * tp_all_v's operations for its target in the same order, so the same bits. The distances
 * are read in place: a padded lane past the row's end reads the next row (or the eight zero
 * doubles after the matrix, state_layout); its a0, b0 are 1 and its result is dropped. The
 * lane of target t (and of i, ignored by the caller) is handled as in tp_all_v. */

ENT_I_SMP_CLONES
static void tp_small_v4(size_t n, size_t i, const double *W, const double *delta,
                        const double *rho, int guard, double *A0, double *B0, double *A,
                        double *B)
{
    const v4d zero = {0}, lane = {0.0, 1.0, 2.0, 3.0};
    size_t n4 = (n + 3) & ~(size_t)3;
    for (size_t t = 0; t < n; t++) {
        if (t == i) continue;
        const double *drow = delta + t * n;
        double rt = rho[t], r1 = 1.0 + rt;
        double al = util_inl(drow[i], rt), ga = util_inl(drow[t], rt), wt = W[t];
        const double s1 = al + al + ga, s3 = al + al + al;
        for (size_t j = 0; j < n4; j += 4) {
            v4d dd = V4_LOAD(drow + j), om = 1.0 - dd;
            v4d be = om * (1.0 + dd * rt);
            if (guard) { /* some distance above 1: u's second branch (§4.2) */
                v4l gt = (v4l)(dd > 1.0);
                be = (v4d)(((v4l)(om * r1) & gt) | ((v4l)be & ~gt));
            }
            v4d e = wt * (al - be);
            v4d ap = V4_LOAD(A0 + j) + V4_POS(e);
            v4d bp = V4_LOAD(B0 + j) + V4_POS(zero - e);
            v4d q = ap / (ap + bp);
            v4d qb = 1.0 - q;
            v4d s2 = (be + be) + be, s4 = (be + be) + ga;
            v4d yi = (q * s1) + (qb * s2);
            v4d yj = (q * s3) + (qb * s4);
            v4d tn = wt * (yi - yj);
            v4d pa = V4_POS(tn), pb = V4_POS(zero - tn);
            if (t - j < 4) { /* lane t: its contribution becomes +0.0 */
                v4l keep = (v4l)((lane + (double)j) != (double)t);
                pa = (v4d)((v4l)pa & keep);
                pb = (v4d)((v4l)pb & keep);
            }
            V4_STORE(A + j, V4_LOAD(A + j) + pa);
            V4_STORE(B + j, V4_LOAD(B + j) + pb);
        }
    }
}

INL void tp_all(int vr, int tpc, const ent_i_smp_state_t *st, size_t i, const double *U,
                const double *A0, const double *B0, double *A, double *B)
{
    size_t n = st->n;
    for (size_t t = 0; t < n; t++) {
        if (t == i) continue;
        double al = U[t * n + i], ga = U[t * n + t], wt = st->W[t];
        const double *row = U + t * n;
        tp_lanes(vr, tpc, 0, t, al, ga, wt, row, A0, B0, A, B);
        tp_lanes(vr, tpc, t + 1, n, al, ga, wt, row, A0, B0, A, B);
    }
}

typedef struct {
    ent_i_smp_state_t *st;
    long *target;
    double *P, *G;
} tgt_ctx_t;

/* §6's expected gain of i's challenge to j (P = A/(A+B) from the summed coalitions), in
 * KTAB's order of operations. */
INL double chlg_gain(const ent_i_smp_state_t *st, size_t j, double uii, double uij, double A,
                     double B, double *Pout)
{
    double esq = uii + uij, ewin = uii + uii, elos = uij + uij;
    double P = A / (A + B), Pb = B / (A + B);
    double sj = clamp_sal(st->S[j]);
    double ecnt = (P * ewin) + (Pb * elos);
    double echl = ((1.0 - sj) * ewin) + (sj * ecnt);
    *Pout = P;
    return echl - esq;
}

/* The two principals' own votes (§6): the challenge coalitions' starting sums. */
INL void chlg_start(int vr, const double *W, size_t i, size_t j, double uii, double uij,
                    double uji, double ujj, double *A0, double *B0)
{
    double ai = vote_inl(vr, W[i], uii, uij);
    double aj = vote_inl(vr, W[j], uji, ujj);
    double a = ENT_I_SMP_EPS_CH, b = ENT_I_SMP_EPS_CH;
    if (ai > 0.0) a += ai;
    if (ai < 0.0) b -= ai;
    if (aj > 0.0) a += aj;
    if (aj < 0.0) b -= aj;
    *A0 = a;
    *B0 = b;
}

/* The eight lanes of a challenge block (chlg_block_v, chlg_block_v4): each target's starting
 * coalition sums a0, b0 (chlg_start), its index as a double and its column of the transposed
 * distances; lanes past nc copy lane 0 and are ignored. Returns U^i(i,i). */
static inline double chlg_lanes(const ent_i_smp_state_t *st, size_t i, const size_t *cand, size_t nc,
                                const double *rho, double *a0, double *b0, double *cvd, const double **col)
{
    size_t n = st->n;
    const double *W = st->W, *delta = st->delta;
    double uii = util_inl(delta[i * n + i], rho[i]);
    for (size_t l = 0; l < 8; l++) {
        if (l >= nc) { /* padding lane: a copy of lane 0, ignored */
            a0[l] = a0[0];
            b0[l] = b0[0];
            cvd[l] = cvd[0];
            col[l] = col[0];
            continue;
        }
        size_t j = cand[l];
        double rj = rho[j];
        chlg_start(ENT_SMP_VR_PROP, W, i, j, uii, util_inl(delta[i * n + j], rho[i]),
                   util_inl(delta[j * n + i], rj), util_inl(delta[j * n + j], rj), &a0[l],
                   &b0[l]);
        cvd[l] = (double)j; /* exact: j < 2^53 */
        col[l] = st->deltaT + j * n;
    }
    return uii;
}

/* Challenges i→cand[0..nc-1] (nc <= 8) on the fused default path, one vector lane per target
 * and the third parties t ascending: every lane performs the operations of tp_all_v's lane
 * for that target in the same order (so the same bits), with the coalition sums held in
 * registers. dT (512 doubles) receives Δ(t, cand[l]) from the transposed distances, 64 third
 * parties at a time. rho, al, ga: ρ(i,t), U^i(t,i), U^i(t,t). nc >= 1. */
ENT_I_SMP_CLONES
static void chlg_block_v(const ent_i_smp_state_t *st, size_t i, const size_t *cand, size_t nc,
                         const double *rho, const double *al, const double *ga, double *dT,
                         double *P, double *G)
{
    size_t n = st->n;
    const double *W = st->W, *delta = st->delta, *col[8];
    double a0[8], b0[8], cvd[8];
    double uii = chlg_lanes(st, i, cand, nc, rho, a0, b0, cvd, col);
    const v8d zero = {0};
    v8d A0 = V8_LOAD(a0), B0 = V8_LOAD(b0), A = A0, B = B0, candv = V8_LOAD(cvd);
    int guard = !(st->dmax <= 1.0);
    size_t spec[9], sp = 0; /* the block's targets ascending, then a sentinel */
    for (size_t l = 0; l < nc; l++) {
        size_t k = l;
        while (k > 0 && spec[k - 1] > cand[l]) {
            spec[k] = spec[k - 1];
            k--;
        }
        spec[k] = cand[l];
    }
    spec[nc] = (size_t)-1;
    for (size_t t0 = 0; t0 < n; t0 += 64) {
        size_t t1 = t0 + 64 < n ? t0 + 64 : n;
        /* Δ(t, cand[l]) for this chunk of third parties, lane-major (stays in L1) */
        for (size_t l = 0; l < 8; l++)
            for (size_t t = t0; t < t1; t++) dT[(t - t0) * 8 + l] = col[l][t];
        for (size_t t = t0; t < t1; t++) {
            if (t == i) continue;
            double rt = rho[t], r1 = 1.0 + rt, alt = al[t], gt_ = ga[t], wt = W[t];
            const double s1 = alt + alt + gt_, s3 = alt + alt + alt;
            v8d dd = V8_LOAD(dT + (t - t0) * 8), om = 1.0 - dd;
            v8d be = om * (1.0 + dd * rt);
            if (guard) {
                v8l gt = (v8l)(dd > 1.0);
                be = (v8d)(((v8l)(om * r1) & gt) | ((v8l)be & ~gt));
            }
            v8d e = wt * (alt - be);
            v8d ap = A0 + V8_POS(e);
            v8d bp = B0 + V8_POS(zero - e);
            v8d q = ap / (ap + bp);
            v8d qb = 1.0 - q;
            v8d s2 = (be + be) + be, s4 = (be + be) + gt_;
            v8d yi = (q * s1) + (qb * s2);
            v8d yj = (q * s3) + (qb * s4);
            v8d tn = wt * (yi - yj);
            v8d pa = V8_POS(tn), pb = V8_POS(zero - tn);
            if (t == spec[sp]) { /* t is a target of this block: it never judges its own
                                  * challenge (its lane adds +0.0, which leaves A, B > 0) */
                v8l keep = (v8l)(candv != (double)t);
                pa = (v8d)((v8l)pa & keep);
                pb = (v8d)((v8l)pb & keep);
                sp++;
            }
            A = A + pa;
            B = B + pb;
        }
    }
    double aa[8], bb[8];
    memcpy(aa, &A, sizeof aa);
    memcpy(bb, &B, sizeof bb);
    for (size_t l = 0; l < nc; l++) {
        size_t j = cand[l];
        G[l] = chlg_gain(st, j, uii, util_inl(delta[i * n + j], rho[i]), aa[l], bb[l], &P[l]);
    }
}

/* chlg_block_v in two 4-lane halves, for CPUs without AVX-512: a 64-byte vector is not an
 * AVX2 or SSE2 register, and GCC's split of it went through memory (callgrind: 2.4 times the
 * instructions). Every lane performs chlg_block_v's operations, so the same bits. */
ENT_I_SMP_CLONES
static void chlg_block_v4(const ent_i_smp_state_t *st, size_t i, const size_t *cand, size_t nc,
                         const double *rho, const double *al, const double *ga, double *dT,
                         double *P, double *G)
{
    size_t n = st->n;
    const double *W = st->W, *delta = st->delta, *col[8];
    double a0[8], b0[8], cvd[8];
    double uii = chlg_lanes(st, i, cand, nc, rho, a0, b0, cvd, col);
    const v4d zero = {0};
    v4d A0l = V4_LOAD(a0), B0l = V4_LOAD(b0), Al = A0l, Bl = B0l, cl = V4_LOAD(cvd);
    v4d A0h = V4_LOAD(a0 + 4), B0h = V4_LOAD(b0 + 4), Ah = A0h, Bh = B0h, ch = V4_LOAD(cvd + 4);
    int guard = !(st->dmax <= 1.0);
    size_t spec[9], sp = 0; /* the block's targets ascending, then a sentinel */
    for (size_t l = 0; l < nc; l++) {
        size_t k = l;
        while (k > 0 && spec[k - 1] > cand[l]) {
            spec[k] = spec[k - 1];
            k--;
        }
        spec[k] = cand[l];
    }
    spec[nc] = (size_t)-1;
/* one half (four lanes) of chlg_block_v's vector, the same operations in the same order */
#define HALF4(A, B, A0v, B0v, candv, off)                                                    \
    do {                                                                                     \
        v4d dd = V4_LOAD(dT + (t - t0) * 8 + (off)), om = 1.0 - dd;                          \
        v4d be = om * (1.0 + dd * rt);                                                       \
        if (guard) {                                                                         \
            v4l gt = (v4l)(dd > 1.0);                                                        \
            be = (v4d)(((v4l)(om * r1) & gt) | ((v4l)be & ~gt));                             \
        }                                                                                    \
        v4d e = wt * (alt - be);                                                             \
        v4d ap = A0v + V4_POS(e);                                                            \
        v4d bp = B0v + V4_POS(zero - e);                                                     \
        v4d q = ap / (ap + bp);                                                              \
        v4d qb = 1.0 - q;                                                                    \
        v4d s2 = (be + be) + be, s4 = (be + be) + gt_;                                       \
        v4d yi = (q * s1) + (qb * s2);                                                       \
        v4d yj = (q * s3) + (qb * s4);                                                       \
        v4d tn = wt * (yi - yj);                                                             \
        v4d pa = V4_POS(tn), pb = V4_POS(zero - tn);                                         \
        if (own) {                                                                           \
            v4l keep = (v4l)(candv != (double)t);                                            \
            pa = (v4d)((v4l)pa & keep);                                                      \
            pb = (v4d)((v4l)pb & keep);                                                      \
        }                                                                                    \
        A = A + pa;                                                                          \
        B = B + pb;                                                                          \
    } while (0)
    for (size_t t0 = 0; t0 < n; t0 += 64) {
        size_t t1 = t0 + 64 < n ? t0 + 64 : n;
        for (size_t l = 0; l < 8; l++)
            for (size_t t = t0; t < t1; t++) dT[(t - t0) * 8 + l] = col[l][t];
        for (size_t t = t0; t < t1; t++) {
            if (t == i) continue;
            double rt = rho[t], r1 = 1.0 + rt, alt = al[t], gt_ = ga[t], wt = W[t];
            const double s1 = alt + alt + gt_, s3 = alt + alt + alt;
            int own = t == spec[sp]; /* t is a target of this block (its lane adds +0.0) */
            HALF4(Al, Bl, A0l, B0l, cl, 0);
            HALF4(Ah, Bh, A0h, B0h, ch, 4);
            sp += (size_t)own;
        }
    }
#undef HALF4
    double aa[8], bb[8];
    V4_STORE(aa, Al);
    V4_STORE(aa + 4, Ah);
    V4_STORE(bb, Bl);
    V4_STORE(bb + 4, Bh);
    for (size_t l = 0; l < nc; l++) {
        size_t j = cand[l];
        G[l] = chlg_gain(st, j, uii, util_inl(delta[i * n + j], rho[i]), aa[l], bb[l], &P[l]);
    }
}

/* Small N on the default path (n < SMALL_N, Prop / SemiCommit): initiator i's challenges
 * to every target in 4-lane vectors, the principals' votes (chlg_start), the third parties
 * (tp_small_v4) and the gains (chlg_gain) alike, each lane with the scalar operations in
 * their order: a + max(v, 0) adds +0.0 where chlg_start skips (a, b >= ε_CH > 0), and
 * b + max(0 − v, 0) is b − v exactly. Lanes past n read zeros (padded W, S and utilities)
 * and lane i is computed but never chosen. KTAB's choice (first strict maximum above ε_EU
 * in index order) is then scalar. O(N²) per initiator. */
ENT_I_SMP_CLONES ENT_I_SMP_NOCALLS
static void target_small(tgt_ctx_t *c, size_t i, int tid)
{
    ent_i_smp_state_t *st = c->st;
    size_t n = st->n, n4 = (n + 3) & ~(size_t)3;
    const double *delta = st->delta;
    double *ws = st->wsv[tid], *rho = ws;
    double *A0 = ws + 4 * n, *B0 = A0 + n4, *A = B0 + n4, *B = A + n4;
    double *uij = B + n4, *uji = uij + n4, *ujj = uji + n4;
    double ri = rho[i];
    for (size_t j = 0; j < n4; j++) {
        int in = j < n;
        uij[j] = in ? util_inl(delta[i * n + j], ri) : 0.0;
        uji[j] = in ? util_inl(delta[j * n + i], rho[j]) : 0.0;
        ujj[j] = in ? util_inl(delta[j * n + j], rho[j]) : 0.0;
    }
    double uii = uij[i], wi = st->W[i];
    const v4d zero = {0};
    for (size_t j = 0; j < n4; j += 4) {
        v4d vij = V4_LOAD(uij + j);
        v4d ai = wi * (uii - vij);
        v4d aj = V4_LOAD(st->Wp + j) * (V4_LOAD(uji + j) - V4_LOAD(ujj + j));
        v4d a = (zero + ENT_I_SMP_EPS_CH) + V4_POS(ai), b = (zero + ENT_I_SMP_EPS_CH) +
                                                          V4_POS(zero - ai);
        a = a + V4_POS(aj);
        b = b + V4_POS(zero - aj);
        V4_STORE(A0 + j, a);
        V4_STORE(B0 + j, b);
        V4_STORE(A + j, a);
        V4_STORE(B + j, b);
    }
    tp_small_v4(n, i, st->W, delta, rho, !(st->dmax <= 1.0), A0, B0, A, B);
    double *G = A0, *P = B0; /* the starting sums are no longer needed */
    double ewin = uii + uii;
    for (size_t j = 0; j < n4; j += 4) {
        v4d vij = V4_LOAD(uij + j), a = V4_LOAD(A + j), b = V4_LOAD(B + j);
        v4d esq = uii + vij, elos = vij + vij;
        v4d pp = a / (a + b), pb = b / (a + b);
        v4d sj = V4_LOAD(st->Sc + j);
        v4d ecnt = (pp * ewin) + (pb * elos);
        v4d echl = ((1.0 - sj) * ewin) + (sj * ecnt);
        V4_STORE(G + j, echl - esq);
        V4_STORE(P + j, pp);
    }
    double bestG = -1.0, bestP = NAN;
    long best = -1;
    for (size_t j = 0; j < n; j++) {
        if (j == i) continue;
        if (G[j] > ENT_I_SMP_EPS_EU && G[j] > bestG) {
            bestG = G[j];
            bestP = P[j];
            best = (long)j;
        }
    }
    c->target[i] = best;
    c->P[i] = best >= 0 ? bestP : NAN;
    c->G[i] = best >= 0 ? bestG : NAN;
}

/* Every target of initiator i at once (tp_all_v / tp_all), the reference loop. */
static void target_full(tgt_ctx_t *c, size_t i, int tid)
{
    ent_i_smp_state_t *st = c->st;
    size_t n = st->n;
    int vr = (int)st->o.vr, tpc = (int)st->o.tpc;
    int fused = vr == ENT_SMP_VR_PROP && tpc == ENT_SMP_TPC_SEMICOMMIT;
    double *U = st->wsU[tid], *ws = st->wsv[tid];
    double *rho = ws, *A0 = ws + 4 * n, *B0 = ws + 5 * n, *A = ws + 6 * n, *B = ws + 7 * n;

    if (!fused) ent_i_smp_perceived(st, i, U);
    /* U^i(r, c): from the distances on the fused path, else from the perceived matrix
     * (the same bits either way) */
#define UE(r, c) (fused ? util_inl(st->delta[(r) * n + (c)], rho[r]) : U[(r) * n + (c)])
    double uii = UE(i, i);
    for (size_t j = 0; j < n; j++) {
        if (j == i) {
            A0[j] = B0[j] = A[j] = B[j] = 1.0;
            continue;
        }
        chlg_start(vr, st->W, i, j, uii, UE(i, j), UE(j, i), UE(j, j), &A0[j], &B0[j]);
        A[j] = A0[j];
        B[j] = B0[j];
    }
    if (fused)
        tp_all_v(n, i, st->W, st->delta, rho, !(st->dmax <= 1.0), A0, B0, A, B);
    else
        tp_all(vr, tpc, st, i, U, A0, B0, A, B);
    double bestG = -1.0, bestP = NAN;
    long best = -1;
    for (size_t j = 0; j < n; j++) {
        if (j == i) continue;
        double P, G = chlg_gain(st, j, uii, UE(i, j), A[j], B[j], &P);
        if (G > ENT_I_SMP_EPS_EU && G > bestG) {
            bestG = G;
            bestP = P;
            best = (long)j;
        }
    }
#undef UE
    c->target[i] = best;
    c->P[i] = best >= 0 ? bestP : NAN;
    c->G[i] = best >= 0 ? bestG : NAN;
}

/* The (up to) eight candidates cand[0..nc) with the largest bounds ub (lower index first on
 * ties) into top; returns their number. */
static size_t top8(const size_t *cand, size_t nc, const double *ub, size_t *top)
{
    size_t ntop = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t j = cand[c];
        double b = ub[j];
        size_t k = ntop < 8 ? ntop++ : 8;
        while (k > 0 && (ub[top[k - 1]] < b || (ub[top[k - 1]] == b && top[k - 1] > j))) {
            if (k < 8) top[k] = top[k - 1];
            k--;
        }
        if (k < 8) top[k] = j;
    }
    return ntop;
}

/* Pruned target choice (fused default path), exact: the expected gain of a challenge is
 *   G = (u_ii − u_ij)·(1 − 2·s_j·(1 − P)),   |1 − 2 s_j (1 − P)| ≤ 1 for P, s_j in [0,1],
 * so |u_ii − u_ij| bounds G (the bound used adds 1e-9 relative and 1e-12 absolute slack, far
 * above the ~1e-15 rounding of G's operations on values ≤ 2). Targets are evaluated eight at
 * a time (chlg_block_v), largest bound first; the best gain found so far (at least ε_EU) is
 * a threshold, and a target whose bound is below it can neither win nor tie, so the search
 * stops when no remaining bound reaches it. The choice among the evaluated targets is
 * KTAB's (first strict maximum in index order, G > ε_EU), and every evaluated G and P has
 * the bits of the full loop. On the synthetic 1000×3 case 2–7 % of the targets have a bound
 * above the final best gain. Worst case: every target, as the full loop. */
static void target_pruned(tgt_ctx_t *c, size_t i, int tid)
{
    ent_i_smp_state_t *st = c->st;
    size_t n = st->n;
    double *ws = st->wsv[tid];
    double *rho = ws, *al = ws + n, *ga = ws + 2 * n, *ub = ws + 3 * n, *dT = ws + 4 * n;
    double *rP = ws + 12 * n, *rG = ws + 13 * n + 8; /* per evaluated target */
    size_t *cand = st->wsi[tid], *ev = cand + n + 8;
    const double *delta = st->delta;
    double ri = rho[i], uii = util_inl(delta[i * n + i], ri);
    double tau = ENT_I_SMP_EPS_EU;
    size_t nc = 0, nev = 0;
#ifdef ENT_I_SMP_AVX512
    int avx512 = __builtin_cpu_supports("avx512f");
#else
    int avx512 = 0;
#endif
    for (size_t j = 0; j < n; j++) {
        if (j == i) continue;
        double b = fabs(uii - util_inl(delta[i * n + j], ri)) * (1.0 + 1e-9) + 1e-12;
        ub[j] = b == b ? b : INFINITY; /* NaN: evaluate */
        if (ub[j] >= tau) cand[nc++] = j;
    }
    for (size_t t = 0; t < n; t++) {
        al[t] = util_inl(delta[t * n + i], rho[t]);
        ga[t] = util_inl(delta[t * n + t], rho[t]);
    }
    while (nc > 0) {
        size_t top[8], nt = top8(cand, nc, ub, top);
        if (avx512)
            chlg_block_v(st, i, top, nt, rho, al, ga, dT, rP + nev, rG + nev);
        else
            chlg_block_v4(st, i, top, nt, rho, al, ga, dT, rP + nev, rG + nev);
        for (size_t l = 0; l < nt; l++) {
            ev[nev + l] = top[l];
            ub[top[l]] = -1.0; /* done */
            if (rG[nev + l] > tau) tau = rG[nev + l];
        }
        nev += nt;
        size_t k = 0;
        for (size_t q = 0; q < nc; q++)
            if (ub[cand[q]] >= tau) cand[k++] = cand[q];
        nc = k;
    }
    /* KTAB's choice over the evaluated targets: largest G > ε_EU, lowest index on ties */
    double bestG = -1.0, bestP = NAN;
    long best = -1;
    for (size_t l = 0; l < nev; l++) {
        long j = (long)ev[l];
        double G = rG[l];
        if (G > ENT_I_SMP_EPS_EU && (G > bestG || (G == bestG && j < best))) {
            bestG = G;
            bestP = rP[l];
            best = j;
        }
    }
    c->target[i] = best;
    c->P[i] = best >= 0 ? bestP : NAN;
    c->G[i] = best >= 0 ? bestG : NAN;
}

static void target_one(void *ctx, size_t i, int tid)
{
    tgt_ctx_t *c = ctx;
    ent_i_smp_state_t *st = c->st;
    double *rho = st->wsv[tid];
    rho_row(st, i, rho);
    if (st->prune && st->deltaT) target_pruned(c, i, tid);
    else if (st->n < SMALL_N && st->o.vr == ENT_SMP_VR_PROP &&
             st->o.tpc == ENT_SMP_TPC_SEMICOMMIT && !st->o.naive)
        target_small(c, i, tid);
    else target_full(c, i, tid);
}

void ent_i_smp_targets(ent_i_smp_state_t *st, long *target, double *P, double *G)
{
    tgt_ctx_t c = {st, target, P, G};
    pool_run(st->pool, st->n, target_one, &c);
}

/* ------------------------------------------------------------------ bargains (§7) */

void ent_i_smp_interp(const ent_i_smp_state_t *st, size_t i, size_t j, double pI, double pJ,
                      double *bI, double *bJ)
{
    size_t d = st->d;
    const double *ti = st->x + i * d, *tj = st->x + j * d;
    const double *si = st->sal + i * d, *sj = st->sal + j * d;
    for (size_t k = 0; k < d; k++) {
        if (st->o.ivb == ENT_SMP_IVB_S2PMAX) {
            double si2 = pow(si[k], 2.0), sj2 = pow(sj[k], 2.0);
            double dI = pJ - pI > 0.0 ? pJ - pI : 0.0;
            double dJ = pI - pJ > 0.0 ? pI - pJ : 0.0;
            double kI = (dI * sj2) / ((dI * sj2 + 1e-6) + (1.0 - dI) * si2);
            double kJ = (dJ * si2) / ((dJ * si2 + 1e-6) + (1.0 - dJ) * sj2);
            bI[k] = ti[k] + kI * (tj[k] - ti[k]);
            bJ[k] = tj[k] + kJ * (ti[k] - tj[k]);
            continue;
        }
        double wI, wJ;
        if (st->o.ivb == ENT_SMP_IVB_S1P1) {
            wI = si[k] * pI;
            wJ = sj[k] * pJ;
        } else {
            wI = pow(si[k], 2.0) * pow(pI, 2.0);
            wJ = pow(sj[k], 2.0) * pow(pJ, 2.0);
        }
        double den = (wI + ENT_I_SMP_EPS_W) + wJ;
        bI[k] = ent_i_smp_round4(((wI + ENT_I_SMP_EPS_W) * ti[k] + wJ * tj[k]) / den);
        bJ[k] = ent_i_smp_round4((wI * ti[k] + (ENT_I_SMP_EPS_W + wJ) * tj[k]) / den);
    }
}

/* ------------------------------------------------------------------ option values (§8) */

double ent_i_smp_value_sq(const ent_i_smp_state_t *st, size_t a)
{
    size_t n = st->n;
    double v = 0.0;
    for (size_t m = 0; m < n; m++) v += st->UT[m * n + a];
    return v / (double)n;
}

double ent_i_smp_value(const ent_i_smp_state_t *st, size_t a, size_t i, size_t j,
                       const double *bI, const double *bJ)
{
    size_t n = st->n, d = st->d;
    const double *ya = st->x + a * d, *sa = st->sal + a * d;
    double v = 0.0;
    v += util_inl(ent_i_smp_delta(d, ya, bI, sa), st->R[a]);
    v += util_inl(ent_i_smp_delta(d, ya, bJ, sa), st->R[a]);
    for (size_t m = 0; m < n; m++)
        if (m != i && m != j) v += st->UT[m * n + a];
    return v / (double)n;
}

/* ------------------------------------------------------------------ the step (§6–§9) */

typedef struct {
    ent_i_smp_state_t *st;
    bargain_t *bg;
    size_t nb;
    double *val;        /* (nb+1) * n: val[b*n + a]; row nb = status quo */
    size_t *lstart, *list; /* option lists: list[lstart[k]..lstart[k+1]) = bargain ids */
    double *newx;
    ent_i_smp_round_t *rec;
    int round;
    atomic_int fail;
} step_ctx_t;

/* Option values (§8), in two passes. value_init: per option b (bargains 0..nb-1, the status
 * quo nb) and actor a, the utilities of the two moved positions (bargains only). value_strip:
 * eight actors a at a time, VB (= 4) options at once, U^a(a,m) added for m ascending,
 * skipping the bargain's two principals, then divided by N, the order of §8. The strip's
 * column of UT (N × 64 bytes) stays in cache while every option runs over it (the options
 * used to be the outer loop, which read all of UT from memory for every four bargains). */
#define VB 4
static void value_init(void *ctx, size_t b, int tid)
{
    step_ctx_t *c = ctx;
    ent_i_smp_state_t *st = c->st;
    size_t n = st->n, d = st->d;
    double *v = c->val + b * n;
    if (b == c->nb) { /* status quo */
        for (size_t a = 0; a < n; a++) v[a] = 0.0;
        return;
    }
    const bargain_t *g = &c->bg[b];
    for (size_t a = 0; a < n; a++) {
        const double *ya = st->x + a * d, *sa = st->sal + a * d;
        double sum = 0.0;
        sum += util_inl(ent_i_smp_delta(d, ya, g->bI, sa), st->R[a]);
        sum += util_inl(ent_i_smp_delta(d, ya, g->bJ, sa), st->R[a]);
        v[a] = sum;
    }
}

ENT_I_SMP_CLONES
static void value_strip(void *ctx, size_t item, int tid)
{
    step_ctx_t *c = ctx;
    const ent_i_smp_state_t *st = c->st;
    size_t n = st->n, nopt = c->nb + 1, a0 = item * 8;
    const double *UT = st->UT;
    for (size_t b0 = 0; b0 < nopt; b0 += VB) {
        size_t nbk = nopt - b0 < VB ? nopt - b0 : VB;
        size_t s0[VB], s1[VB];
        double *v[VB];
        for (size_t q = 0; q < VB; q++) {
            size_t b = b0 + (q < nbk ? q : 0);
            v[q] = c->val + b * n;
            s0[q] = s1[q] = (size_t)-1;
            if (q < nbk && b < c->nb) {
                s0[q] = c->bg[b].init;
                s1[q] = c->bg[b].rcvr;
            }
        }
        if (a0 + 8 <= n) {
            v8d x0 = V8_LOAD(v[0] + a0), x1 = V8_LOAD(v[1] + a0);
            v8d x2 = V8_LOAD(v[2] + a0), x3 = V8_LOAD(v[3] + a0);
            /* the rows between skipped ones go to all four sums without a test; at each
             * skipped row m (sorted, a sentinel n last) the four tests run once */
            size_t sk[2 * VB + 1], ns = 0;
            for (size_t q = 0; q < VB; q++) {
                if (s0[q] < n) sk[ns++] = s0[q];
                if (s1[q] < n) sk[ns++] = s1[q];
            }
            for (size_t x = 1; x < ns; x++)
                for (size_t y = x; y > 0 && sk[y - 1] > sk[y]; y--) {
                    size_t tmp = sk[y];
                    sk[y] = sk[y - 1];
                    sk[y - 1] = tmp;
                }
            sk[ns] = n;
            size_t m = 0;
            for (size_t z = 0; z <= ns; z++) {
                for (; m < sk[z]; m++) {
                    v8d u = V8_LOAD(UT + m * n + a0);
                    x0 += u;
                    x1 += u;
                    x2 += u;
                    x3 += u;
                }
                if (m >= n) break;
                if (m == sk[z]) { /* a skipped row (a repeated one is past already) */
                    v8d u = V8_LOAD(UT + m * n + a0);
                    if (m != s0[0] && m != s1[0]) x0 += u;
                    if (m != s0[1] && m != s1[1]) x1 += u;
                    if (m != s0[2] && m != s1[2]) x2 += u;
                    if (m != s0[3] && m != s1[3]) x3 += u;
                    m++;
                }
            }
            /* lanes q >= nbk summed a copy of option b0: only the real ones are stored */
            V8_STORE(v[0] + a0, x0);
            if (nbk > 1) V8_STORE(v[1] + a0, x1);
            if (nbk > 2) V8_STORE(v[2] + a0, x2);
            if (nbk > 3) V8_STORE(v[3] + a0, x3);
        } else {
            for (size_t q = 0; q < nbk; q++)
                for (size_t a = a0; a < n; a++) {
                    double x = v[q][a];
                    for (size_t m = 0; m < n; m++)
                        if (m != s0[q] && m != s1[q]) x += UT[m * n + a];
                    v[q][a] = x;
                }
        }
    }
    size_t a1 = a0 + 8 < n ? a0 + 8 : n;
    for (size_t b = 0; b < nopt; b++)
        for (size_t a = a0; a < a1; a++) c->val[b * n + a] = c->val[b * n + a] / (double)n;
}

double ent_i_smp_draw(uint64_t seed, int round, size_t actor)
{
    /* splitmix64 finaliser over a mix of (seed, round, actor): a counter-based generator */
    uint64_t z = seed ^ (UINT64_C(0x9E3779B97F4A7C15) * ((uint64_t)round + 1));
    z += UINT64_C(0xBF58476D1CE4E5B9) * ((uint64_t)actor + 1);
    for (int r = 0; r < 2; r++) {
        z += UINT64_C(0x9E3779B97F4A7C15);
        z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
        z ^= z >> 31;
    }
    return (double)(z >> 11) * 0x1.0p-53;
}

size_t ent_i_smp_choose(const ent_smp_opts_t *o, const double *q, size_t m, int round,
                        size_t actor)
{
    if (o->stm == ENT_SMP_STM_STOCHASTIC) {
        double u = ent_i_smp_draw(o->seed, round, actor), c = 0.0;
        for (size_t i = 0; i < m; i++) {
            c += q[i];
            if (u < c) return i;
        }
        return m - 1;
    }
    size_t best = 0;
    for (size_t i = 1; i < m; i++)
        if (q[i] > q[best]) best = i;
    return best;
}

static void choose_one(void *ctx, size_t k, int tid)
{
    step_ctx_t *c = ctx;
    ent_i_smp_state_t *st = c->st;
    size_t n = st->n, d = st->d;
    size_t nl = c->lstart[k + 1] - c->lstart[k];
    size_t m = nl + 1;
    const size_t *lst = c->list + c->lstart[k];
    size_t pick = 0;
    double qpick = 1.0;
    if (m > 1) {
        /* this thread's buffer: H (n·m), P and C (m·m each), q (m), PCE scratch */
        size_t per = 2 * m > CR * n + 16 ? 2 * m : CR * n + 16;
        size_t need = n * m + 2 * m * m + m + per;
        if (st->cwn[tid] < need) {
            free(st->cw[tid]);
            st->cwn[tid] = 0;
            if ((st->cw[tid] = malloc((need + need / 2) * sizeof(double))))
                st->cwn[tid] = need + need / 2;
        }
        double *H = st->cw[tid], *P = H ? H + n * m : NULL, *C = H ? P + m * m : NULL;
        double *q = H ? C + m * m : NULL, *scr = H ? q + m : NULL;
        ent_error_t e = {0};
        if (!H) {
            atomic_store(&c->fail, 1);
        } else {
            for (size_t a = 0; a < n; a++) {
                H[a * m] = c->val[c->nb * n + a];
                for (size_t o = 0; o < nl; o++) H[a * m + o + 1] = c->val[lst[o] * n + a];
            }
            if (pce_impl(n, m, st->cap, H, &st->o, NULL, 1, C, P, q, scr, per, &e) !=
                ENT_OK)
                atomic_store(&c->fail, 1);
            else {
                pick = ent_i_smp_choose(&st->o, q, m, c->round, k);
                qpick = q[pick];
            }
        }
    }
    const double *nx = st->x + k * d;
    long who = -1;
    if (pick > 0) {
        const bargain_t *g = &c->bg[lst[pick - 1]];
        nx = g->init == k ? g->bI : g->bJ;
        who = (long)g->init;
    }
    memcpy(c->newx + k * d, nx, d * sizeof(double));
    if (c->rec) {
        if (c->rec->chosen) c->rec->chosen[k] = who;
        if (c->rec->chosen_q) c->rec->chosen_q[k] = qpick;
        if (c->rec->noptions) c->rec->noptions[k] = (int)m;
    }
}

/* §7 (and §13 BargnModel): the bargains of a round, one per initiator (two for
 * InitRcvrInterp), in initiator order, into bg[] (positions in bpos). *nb receives their
 * number. Returns 0, or -1 when out of memory. */
static int make_bargains(ent_i_smp_state_t *st, const long *target, const double *tP,
                         bargain_t *bg, double *bpos, size_t *nbp)
{
    size_t n = st->n, d = st->d;
    size_t nb = 0;
    double *tmpU = NULL;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (target[i] < 0) continue;
        size_t j = (size_t)target[i];
        double *b1 = bpos + nb * 2 * d;
        bg[nb].init = i; bg[nb].rcvr = j; bg[nb].bI = b1; bg[nb].bJ = b1 + d;
        if (st->o.bargn == ENT_SMP_BARGN_PWCOMP) {
            /* power-weighted compromise of the i-view and j-view bargains (§13 quirk:
             * both weights use c_i) */
            double *vi = malloc(4 * d * sizeof *vi);
            double Pj, Gj;
            if (!vi) {
                rc = -1;
                break;
            }
            if (!tmpU && !(tmpU = malloc(n * n * sizeof *tmpU))) {
                free(vi);
                rc = -1;
                break;
            }
            ent_i_smp_interp(st, i, j, tP[i], 1.0 - tP[i], vi, vi + d);
            ent_i_smp_perceived(st, j, tmpU);
            ent_i_smp_challenge(st, tmpU, j, i, j, &Pj, &Gj);
            ent_i_smp_interp(st, i, j, Pj, 1.0 - Pj, vi + 2 * d, vi + 3 * d);
            double wi = st->cap[i] * st->S[i], wj = st->cap[i] * st->S[j];
            for (size_t k = 0; k < d; k++) {
                b1[k] = (wi * vi[k] + wj * vi[2 * d + k]) / (wi + wj);
                b1[d + k] = (wi * vi[d + k] + wj * vi[3 * d + k]) / (wi + wj);
            }
            free(vi);
        } else {
            ent_i_smp_interp(st, i, j, tP[i], 1.0 - tP[i], b1, b1 + d);
        }
        nb++;
        if (st->o.bargn == ENT_SMP_BARGN_INITRCVR) {
            /* j's view: KTAB feeds Chlg(j,i,i,j).G in place of a probability (§13 quirk) */
            double Pj, Gj;
            if (!tmpU && !(tmpU = malloc(n * n * sizeof *tmpU))) {
                rc = -1;
                break;
            }
            ent_i_smp_perceived(st, j, tmpU);
            ent_i_smp_challenge(st, tmpU, i, i, j, &Pj, &Gj);
            double *b2 = bpos + nb * 2 * d;
            bg[nb].init = i; bg[nb].rcvr = j; bg[nb].bI = b2; bg[nb].bJ = b2 + d;
            ent_i_smp_interp(st, i, j, Gj, 1.0 - Gj, b2, b2 + d);
            nb++;
        }
    }
    free(tmpU);
    *nbp = nb;
    return rc;
}

/* The round's record: every initiator's target, P*, G* and the bargain it initiated. */
static void record_round(const ent_i_smp_state_t *st, ent_i_smp_round_t *rec, const long *target,
                         const double *tP, const double *tG, const bargain_t *bg, size_t nb)
{
    size_t n = st->n, d = st->d;
    for (size_t i = 0; i < n; i++) {
        rec->target[i] = target[i];
        rec->tprob[i] = tP[i];
        rec->tgain[i] = tG[i];
        for (size_t k = 0; k < 2 * d; k++) rec->bargain[i * 2 * d + k] = NAN;
    }
    for (size_t b = 0; b < nb; b++)
        if (b == 0 || bg[b - 1].init != bg[b].init)
            memcpy(rec->bargain + bg[b].init * 2 * d, bg[b].bI, 2 * d * sizeof(double));
}

ent_status_t ent_i_smp_step(ent_i_smp_state_t *st, int round, ent_i_smp_round_t *rec,
                            ent_error_t *err)
{
    size_t n = st->n, d = st->d;
    ent_status_t rc = ENT_OK;
    /* the step's arrays live in the state's workspace (state_layout) */
    long *target = st->s_target;
    double *tP = st->s_tP, *tG = st->s_tG;
    bargain_t *bg = st->s_bg;
    double *bpos = st->s_bpos;
    double *val = st->s_val, *newx = st->s_newx;
    size_t *lstart = st->s_lstart, *list = st->s_list, *fill = st->s_fill;
    memset(lstart, 0, (n + 1) * sizeof *lstart);
    memset(fill, 0, n * sizeof *fill);

    ent_i_smp_targets(st, target, tP, tG);

    size_t nb = 0;
    if (make_bargains(st, target, tP, bg, bpos, &nb)) goto oom;
    if (rec) record_round(st, rec, target, tP, tG, bg, nb);

    /* option lists: own bargains first, then received ones by ascending initiator */
    for (size_t b = 0; b < nb; b++) {
        lstart[bg[b].init + 1]++;
        lstart[bg[b].rcvr + 1]++;
    }
    for (size_t k = 0; k < n; k++) lstart[k + 1] += lstart[k];
    for (size_t b = 0; b < nb; b++) {
        size_t k = bg[b].init;
        list[lstart[k] + fill[k]++] = b;
    }
    for (size_t b = 0; b < nb; b++) {
        size_t k = bg[b].rcvr;
        list[lstart[k] + fill[k]++] = b;
    }

    step_ctx_t c;
    c.st = st; c.bg = bg; c.nb = nb; c.val = val; c.lstart = lstart; c.list = list;
    c.newx = newx; c.rec = rec; c.round = round;
    atomic_init(&c.fail, 0);
    pool_run(st->pool, nb + 1, value_init, &c);
    pool_run(st->pool, (n + 7) / 8, value_strip, &c);
    pool_run(st->pool, n, choose_one, &c);
    if (atomic_load(&c.fail)) goto oom;
    /* §9: ideals follow positions (identity accommodation) */
    memcpy(st->x, newx, n * d * sizeof(double));
    goto done;
oom:
    rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "smp: out of memory in round %d", round);
done:
    return rc;
}

/* ------------------------------------------------------------------ printed probabilities */

ent_status_t ent_i_smp_winprob(ent_i_smp_state_t *st, double *prob, double *expected,
                               double *likely, ent_error_t *err)
{
    size_t n = st->n, d = st->d, M = 0;
    size_t *rep = st->w_rep;
    double *pi = st->w_pi;
    ent_status_t rc = ENT_OK;
    for (size_t i = 0; i < n; i++) {
        size_t r;
        for (r = 0; r < M; r++)
            if (ent_i_smp_dist(1, d, st->x + i * d, st->x + rep[r] * d) < ENT_I_SMP_TAU_POS)
                break;
        if (r == M) rep[M++] = i;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t m = 0; m < M; m++) st->H[a * M + m] = st->UT[rep[m] * n + a];
    rc = pce_impl(n, M, st->cap, st->H, &st->o, st->pool, 1, st->pceC, st->pceP, pi,
                  st->pceS, st->pceSn, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        double v = NAN;
        for (size_t m = 0; m < M; m++)
            if (ent_i_smp_dist(1, d, st->x + i * d, st->x + rep[m] * d) < ENT_I_SMP_TAU_POS)
                v = pi[m];
        prob[i] = v;
    }
    size_t best = 0;
    for (size_t m = 1; m < M; m++)
        if (pi[m] > pi[best]) best = m;
    for (size_t k = 0; k < d; k++) {
        double s = 0.0;
        for (size_t m = 0; m < M; m++) s += pi[m] * st->x[rep[m] * d + k];
        if (expected) expected[k] = s;
        if (likely) likely[k] = st->x[rep[best] * d + k];
    }
    return rc;
}

double ent_i_smp_dist(size_t n, size_t d, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double q = 0.0;
        for (size_t k = 0; k < d; k++) {
            double z = a[i * d + k] - b[i * d + k];
            q += z * z;
        }
        s += sqrt(q);
    }
    return s;
}

/* ------------------------------------------------------------------ options */

/* KTAB's defaults (smp.md §13). */
void ent_smp_opts_init(ent_smp_opts_t *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->vpm = ENT_SMP_VPM_LINEAR;
    o->pcem = ENT_SMP_PCE_CONDITIONAL;
    o->stm = ENT_SMP_STM_DETERMINISTIC;
    o->vr = ENT_SMP_VR_PROP;
    o->radj = ENT_SMP_RADJ_ONETHIRD;
    o->rrng = ENT_SMP_RRNG_MID;
    o->tpc = ENT_SMP_TPC_SEMICOMMIT;
    o->ivb = ENT_SMP_IVB_S2P2;
    o->bargn = ENT_SMP_BARGN_INITONLY;
    o->seed = UINT64_C(0xD67CC16FE69C185C);
    o->threads = 0;
    o->max_rounds = 0;
    o->naive = 0;
}

/* ------------------------------------------------------------------ result and solver */

void ent_smp_result_init(ent_smp_result_t *r) { memset(r, 0, sizeof *r); }

void ent_smp_result_destroy(ent_smp_result_t *r)
{
    if (!r) return;
    free(r->x); free(r->risk); free(r->pneutral); free(r->prob); free(r->expected);
    free(r->likely); free(r->ratio); free(r->target); free(r->tprob); free(r->tgain);
    free(r->bargain); free(r->chosen); free(r->chosen_q); free(r->noptions);
    memset(r, 0, sizeof *r);
}

/* realloc *p to hold cnt elements of size sz; keeps *p on failure */
static int grow(void *pp, size_t cnt, size_t sz)
{
    void **p = pp;
    void *q = realloc(*p, (cnt ? cnt : 1) * sz);
    if (!q) return -1;
    *p = q;
    return 0;
}

ent_status_t ent_i_smp_result_reserve(ent_smp_result_t *r, size_t ms, ent_error_t *err)
{
    size_t n = r->n, d = r->d, mr = ms > 1 ? ms - 1 : 1;
    if (grow(&r->x, ms * n * d, sizeof(double)) || grow(&r->risk, ms * n, sizeof(double)) ||
        grow(&r->pneutral, ms * n, sizeof(double)) || grow(&r->prob, ms * n, sizeof(double)) ||
        grow(&r->expected, ms * d, sizeof(double)) || grow(&r->likely, ms * d, sizeof(double)) ||
        grow(&r->ratio, ms, sizeof(double)) || grow(&r->target, mr * n, sizeof(long)) ||
        grow(&r->tprob, mr * n, sizeof(double)) || grow(&r->tgain, mr * n, sizeof(double)) ||
        grow(&r->bargain, mr * n * 2 * d, sizeof(double)) ||
        grow(&r->chosen, mr * n, sizeof(long)) || grow(&r->chosen_q, mr * n, sizeof(double)) ||
        grow(&r->noptions, mr * n, sizeof(int))) {
        ent_smp_result_destroy(r);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0,
                             "smp: out of memory for %zu states of %zu actors", ms, n);
    }
    return ENT_OK;
}

ent_status_t ent_i_smp_result_alloc(ent_smp_result_t *r, size_t n, size_t d, size_t ms,
                                    ent_error_t *err)
{
    ent_smp_result_init(r);
    r->n = n;
    r->d = d;
    return ent_i_smp_result_reserve(r, ms, err);
}

ent_status_t ent_smp_check(const ent_smp_input_t *in, ent_error_t *err)
{
    if (in->d < 1) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "smp: no dimensions");
    if (in->n < 3)
        return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                             "smp: %zu actors; the model needs at least 3", in->n);
    for (size_t i = 0; i < in->n; i++) {
        double c = in->cap[i], s = 0.0;
        if (!(c > 0.0) || !isfinite(c))
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                                 "smp: actor %zu: capability %g; expected a number > 0", i, c);
        for (size_t k = 0; k < in->d; k++) {
            double x = in->x[i * in->d + k], w = in->sal[i * in->d + k];
            if (!(x >= 0.0 && x <= 1.0))
                return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                                     "smp: actor %zu: position %g outside [0,1]", i, x);
            if (!(w >= 0.0 && w <= 1.0))
                return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                                     "smp: actor %zu: salience %g outside [0,1]", i, w);
            s += w;
            if (s > 1.0 + 1e-12)
                return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                                     "smp: actor %zu: saliences sum to more than 100%%", i);
        }
        if (!(s > 0.0))
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                                 "smp: actor %zu: every salience is 0; at least one must be > 0",
                                 i);
    }
    return ENT_OK;
}

static int max_rounds(const ent_smp_opts_t *o, int rounds)
{
    if (rounds > 0) return rounds;
    if (o->max_rounds > 0) return o->max_rounds;
    return ENT_I_SMP_ITER_MAX;
}

static void record_state(ent_smp_result_t *r, const ent_i_smp_state_t *st, size_t t)
{
    size_t n = st->n, d = st->d;
    memcpy(r->x + t * n * d, st->x, n * d * sizeof(double));
    memcpy(r->risk + t * n, st->R, n * sizeof(double));
    memcpy(r->pneutral + t * n, st->p, n * sizeof(double));
}

ent_status_t ent_smp_solve(const ent_smp_input_t *in, const ent_smp_opts_t *o, int rounds,
                           ent_smp_result_t *out, ent_error_t *err)
{
    ent_smp_opts_t defo;
    if (!o) {
        ent_smp_opts_init(&defo);
        o = &defo;
    }
    ent_status_t rc = ent_smp_check(in, err);
    if (rc) return rc;
    if (o->naive) return ent_i_smp_solve_naive(in, o, rounds, out, err);
    int mr = max_rounds(o, rounds);
    size_t n = in->n, d = in->d;
    ent_i_smp_state_t st;
    rc = ent_i_smp_state_init(&st, in, o, err);
    if (rc) return rc;
    /* room for up to 64 rounds at first, doubled when a run goes on (a large round limit
     * costs nothing until it is used) */
    size_t cap = (size_t)(mr < 64 ? mr : 64) + 1;
    rc = ent_i_smp_result_alloc(out, n, d, cap, err);
    if (rc) goto fail;
    rc = ent_i_smp_assess(&st, err);
    if (rc) goto fail;
    record_state(out, &st, 0);
    rc = ent_i_smp_winprob(&st, out->prob, out->expected, out->likely, err);
    if (rc) goto fail;
    out->ratio[0] = NAN;
    out->nstates = 1;
    out->stop = ENT_SMP_STOP_ROUNDS;
    double d01 = 0.0;
    for (int it = 1; it <= mr; it++) {
        if (st.degenerate) {
            out->stop = ENT_SMP_STOP_DEGENERATE;
            break;
        }
        if ((size_t)it + 1 > cap) {
            cap = 2 * cap < (size_t)mr + 1 ? 2 * cap : (size_t)mr + 1;
            if ((rc = ent_i_smp_result_reserve(out, cap, err))) goto fail;
        }
        size_t r0 = (size_t)(it - 1) * n;
        ent_i_smp_round_t rec = {out->target + r0, out->tprob + r0, out->tgain + r0,
                                 out->bargain + r0 * 2 * d, out->chosen + r0,
                                 out->chosen_q + r0, out->noptions + r0};
        rc = ent_i_smp_step(&st, it, &rec, err);
        if (rc) goto fail;
        rc = ent_i_smp_assess(&st, err);
        if (rc) goto fail;
        size_t t = (size_t)it;
        record_state(out, &st, t);
        rc = ent_i_smp_winprob(&st, out->prob + t * n, out->expected + t * d,
                               out->likely + t * d, err);
        if (rc) goto fail;
        out->nstates = t + 1;
        if (ent_progress_tick(&o->progress, "smp round", (double)it, (double)mr)) {
            rc = ent_error_set(err, ENT_EINTR, NULL, 0, 0, "smp interrupted after round %d", it);
            goto fail;
        }
        double dist = ent_i_smp_dist(n, d, out->x + t * n * d, out->x + (t - 1) * n * d);
        if (it == 1) d01 = dist + ENT_I_SMP_DMIN;
        double r = dist / d01;
        out->ratio[t] = r;
        if (it >= 2 && r < ENT_I_SMP_RATIO) {
            out->stop = ENT_SMP_STOP_CONVERGED;
            break;
        }
    }
    ent_i_smp_state_destroy(&st);
    return ENT_OK;
fail:
    ent_i_smp_state_destroy(&st);
    ent_smp_result_destroy(out);
    return rc;
}
