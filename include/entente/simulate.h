/* SPDX-License-Identifier: MIT */
/* entente/simulate.h — Monte Carlo over the codings (`entente simulate`,
 * src/analysis/simulate.c; docs/analyses.md §6).
 *
 * A scenario's `uncertainty:` section (entente/scenario.h, docs/format.md) says how far each
 * coded value may be off. ent_simulate_run draws N codings from it, runs `analyze` on each
 * (ent_analyze_run: forecasts with their verdicts, guarantee designs, proposals and win-sets,
 * sequencing) and aggregates: numbers (forecasts, the cost of the cheapest drop set) by mean,
 * sd and quantiles; flags (a proposal passes, is dead on arrival, a win-set is empty, the
 * chain is circular, the aggressor is a veto player under a rule) by their probability with a
 * 95 % Wilson interval; verdicts and drop sets by a frequency table; and each line of the
 * coded scenario's own summary by the probability that it holds.
 *
 * Reproducible: draw d's value of input k is a function of (seed, d, k) alone (a counter-based
 * generator, docs/analyses.md §6), and every aggregate is computed in draw order (after the
 * draws, or above opts.exact_limit block by block as the draws go), so the result is
 * bit-identical for any number of threads.
 *
 * Ownership: ent_simulation_t owns every pointer in it; free with ent_simulation_destroy
 * (NULL is a no-op). */
#ifndef ENTENTE_SIMULATE_H
#define ENTENTE_SIMULATE_H

#include <stdint.h>

#include "entente/core.h"
#include "entente/scenario.h"
#include "entente/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most draws of one run (ENT_ELIMIT above). */
#define ENT_SIMULATE_MAX_DRAWS 1000000000
/* Up to this many draws (ent_simulate_opts_t.exact_limit, its default) the run keeps every
 * draw's value of every output, 8 bytes × (outputs + summary lines) × draws, and the
 * quantiles are exact; above it the draws are aggregated block by block in draw order and
 * dropped: counts for flags, lines and categories, streamed sums for mean and sd, and the
 * quantiles from a deterministic summary whose rank error is bounded (ent_sim_output_t.
 * q_error; at most 0.001 × draws up to ENT_SIMULATE_MAX_DRAWS). docs/analyses.md §6 gives
 * the bytes. */
#define ENT_SIMULATE_EXACT_DRAWS 1000000
/* Sobol indices are computed for at most this many inputs (the first ones, in input order);
 * the others still vary, alike in the two samples, and get no index. */
#define ENT_SOBOL_MAX_INPUTS 32

typedef struct ent_simulation ent_simulation_t;

/* A batch of finished draws, in draw order, handed to a sink during the run. */
typedef struct {
    size_t first;              /* the batch's first draw, counted from the run's first (add
                                  opts.first_draw for its place in the seed's sequence) */
    size_t count;              /* draws in the batch */
    size_t ninputs, noutputs, nlines;
    const double *drawn;       /* count × ninputs: drawn[d * ninputs + k] */
    const double *values;      /* count × noutputs: a number, a flag 0/1; NaN when undefined
                                  and for every category */
    const char *const *labels; /* count × noutputs: a category's label in that draw (NULL when
                                  undefined); NULL for numbers and flags */
    const double *holds;       /* count × nlines: 1 when the summary line holds */
} ent_sim_rows_t;

/* Where the per-draw table goes while the run goes on (the run store, `--store`): heads once,
 * before the first draw, with a result whose inputs (name, nominal), outputs (name, kind),
 * nominal analysis and lines (item) are filled and nothing else; then rows per batch, each
 * the draws finished since the last batch that follow it without a gap, called from the
 * calling thread about every 0.1 s and once at the end. A batch is valid only during the
 * call. A status other than ENT_OK stops the run with that status and err. Interrupted
 * (ENT_EINTR), the run still hands over the draws finished without a gap before it stops. */
typedef struct {
    ent_status_t (*heads)(void *user, const ent_simulation_t *heads, ent_error_t *err);
    ent_status_t (*rows)(void *user, const ent_sim_rows_t *rows, ent_error_t *err);
    void *user;
} ent_sim_sink_t;

typedef struct {
    size_t draws;          /* 1..ENT_SIMULATE_MAX_DRAWS; default 1000 */
    size_t first_draw;     /* the run's draws are draws first_draw .. first_draw + draws - 1 of
                              the seed's sequence (default 0), so that a run continued with the
                              next first_draw gives the draws of one longer run (--append) */
    uint64_t seed;         /* default 1 */
    unsigned threads;      /* worker threads; 0 (default) = every online core; at most 256 */
    int forecasts;         /* run the forecast models in each draw; default 1 */
    const char *const *models; /* with forecasts: the models to run, a NULL-ended list of
                              registered names (ent_forecast_models) in registry order, each
                              once; NULL (default): every registered model. Borrowed: it
                              must outlive the call */
    ent_no_position_t no_position; /* handed to the proposals analysis; default abstain */
    int keep_draws;        /* keep every draw's inputs and outputs (ent_simulation_t.drawn,
                              .values: the per-draw table of --csv); default 0 */
    size_t sobol;          /* 0 (default): no Sobol indices; else N base draws: first-order and
                              total indices of every number and flag over the first k =
                              min(inputs, ENT_SOBOL_MAX_INPUTS) inputs, at the cost of N (k + 2)
                              more analysis runs (Saltelli 2010; Jansen 1999); at most
                              ENT_SIMULATE_EXACT_DRAWS / (k + 2): the design's runs are always
                              kept, whatever the draws */
    unsigned bootstrap;    /* resamples for the indices' 95 % intervals; default 100, at most 10000 */
    size_t sobol_first, sobol_count; /* sobol_count > 0: run rows sobol_first .. sobol_first +
                              sobol_count - 1 of the design alone (of N (k + 2): block b = row / N
                              is A, B, then A with input b - 2 from B; d = row % N), keep their
                              values in ent_simulation_t.sobol_values and compute no index: a
                              slice of the design for a process among several (MPI), whose
                              gathered values ent_simulate_aggregate turns into the indices;
                              default 0 (the whole design, indices computed) */
    ent_sim_sink_t sink;   /* the per-draw table, streamed during the draws (not the Sobol
                              runs); default none (rows NULL) */
    ent_progress_t progress; /* phase "simulate" (then "sobol"): done = runs finished, total =
                                runs; called from the calling thread about every 0.1 s;
                                default none */
    size_t exact_limit;    /* exact quantiles (every draw's values kept) up to this many draws,
                              streamed aggregates above (ENT_SIMULATE_EXACT_DRAWS); 1..
                              ENT_SIMULATE_MAX_DRAWS; default ENT_SIMULATE_EXACT_DRAWS. Lowered, it
                              lets a test reach the streamed path with few draws (the quantile
                              summary's size is then the largest power of two <= exact_limit / 32,
                              at least 8, instead of 16384) */
} ent_simulate_opts_t;

ENT_API void ent_simulate_opts_init(ent_simulate_opts_t *o);

/* One uncertain input: a value with a distribution (or a default), or a p_insisted. */
typedef struct {
    char *name;            /* its path: "RU.guarantee.position", "UA.capability",
                              "p_insisted.summit:experts" */
    double nominal;        /* the coded value (p_insisted: 1, the precondition as written) */
    double mean, sd;       /* of the values drawn (p_insisted: the share of draws insisting) */
} ent_sim_input_t;

typedef enum {
    ENT_SIM_NUMBER = 0,    /* a number per draw */
    ENT_SIM_FLAG,          /* true or false per draw */
    ENT_SIM_CATEGORY       /* one label per draw (a verdict, a drop set) */
} ent_sim_kind_t;

typedef struct {
    char *label;
    size_t count;          /* draws with this label */
} ent_sim_cat_t;

/* One output, aggregated over the draws where it is defined (n of them; a forecast the model
 * could not make, a win-set not computed, a drop cost when nothing is circular are not). */
typedef struct {
    ent_sim_kind_t kind;
    char *name;            /* "forecast.bdm.guarantee", "proposal.us_offer.passes", ... */
    size_t n;
    double mean, sd;       /* NUMBER: mean and sample sd (n - 1); NaN when n < 1 (sd: n < 2) */
    double q[5];           /* NUMBER: 5, 25, 50, 75, 95 % quantiles (linear interpolation
                              between order statistics, Hyndman & Fan type 7); NaN when n = 0 */
    size_t count;          /* FLAG: draws where it is true */
    double p, lo, hi;      /* FLAG: count / n and its 95 % Wilson interval; NaN when n = 0 */
    size_t ncat;
    ent_sim_cat_t *cat;    /* CATEGORY: labels by count, most frequent first (ties: label) */
    size_t q_error;        /* NUMBER: 0 when q are exact (draws <= opts.exact_limit, or too few
                              defined values to summarise); else q are estimated and each lies
                              between the exact order statistics whose ranks are within q_error
                              of the exact quantile's (a proven bound, src/analysis/quantile.h) */
} ent_sim_output_t;

/* The Sobol indices of one input for one output, with 95 % bootstrap percentile intervals. */
typedef struct {
    size_t input;          /* index into inputs */
    double first, first_lo, first_hi;  /* first-order index S_i (Saltelli 2010 estimator) */
    double total, total_lo, total_hi;  /* total index ST_i (Jansen 1999 estimator) */
} ent_sim_index_t;

/* Which codings one output hinges on: its inputs ranked by total index. */
typedef struct {
    size_t output;         /* index into outputs (a number or a flag) */
    double variance;       /* of the output over the samples A and B */
    size_t n;              /* base draws where the output was defined in A and B */
    ent_sim_index_t *idx;  /* sobol_inputs entries, largest total index first (ties: input order) */
} ent_sim_sobol_t;

/* A line of the coded scenario's summary (nominal.items[item]) and how often it holds. */
typedef struct {
    size_t item;
    size_t count;
    double p, lo, hi;      /* count / draws and its 95 % Wilson interval */
} ent_sim_line_t;

struct ent_simulation {
    size_t draws;
    uint64_t seed;
    unsigned threads;      /* threads used */
    size_t ninputs;
    ent_sim_input_t *inputs;
    size_t noutputs;
    ent_sim_output_t *outputs;
    ent_analyze_t nominal; /* analyze on the coded values (no sensitivity, no power table) */
    size_t nlines;
    ent_sim_line_t *lines; /* the nominal summary's lines, forecasts excluded (see outputs) */
    size_t exact_limit;    /* the run's opts.exact_limit: above it the quantiles are estimated */
    double *drawn;         /* keep_draws: draws × ninputs, drawn[d * ninputs + k]; else NULL */
    double *values;        /* keep_draws: draws × noutputs; a flag 0/1, a category the index of
                              its label in outputs[o].cat; NaN when undefined; else NULL */
    double *holds;         /* keep_draws: draws × nlines, 1 when line l holds in draw d; else NULL */
    /* opts.sobol: the indices of every number and flag that varies (variance > 0) */
    size_t sobol_n;        /* N base draws (0: none computed) */
    size_t sobol_inputs;   /* k: the first k inputs have indices */
    size_t sobol_runs;     /* N (k + 2): the analysis runs they cost */
    size_t nsobol;
    ent_sim_sobol_t *sobol;
    /* opts.sobol_count: the slice's values, sobol_rows × noutputs, output by output
     * (sobol_values[o * sobol_rows + r]; categories unspecified); given to
     * ent_simulate_aggregate: the whole design's, whose indices it computes; else NULL */
    double *sobol_values;
    size_t sobol_rows;
};

ENT_API void ent_simulation_init(ent_simulation_t *r);
ENT_API void ent_simulation_destroy(ent_simulation_t *r);
/* Draw opts->draws codings of s (its uncertainty section; a scenario without one gives N
 * identical draws) and aggregate. opts NULL = defaults. ENT_EINVAL for opts out of range,
 * ENT_ELIMIT above ENT_SIMULATE_MAX_DRAWS, ENT_EINTR when the progress callback asks to stop
 * (out destroyed), and any error of a draw's analysis (its message names the draw).
 * Cost: draws × one ent_analyze_run (without sensitivity), spread over the threads, plus
 * O(outputs × draws log draws) for the quantiles. Memory: exact_limit above; keep_draws keeps
 * the whole table whatever the draws, 8 × (inputs + outputs + lines) bytes per draw. */
ENT_API ent_status_t ent_simulate_run(const ent_scenario_t *s, const ent_simulate_opts_t *opts,
                                      ent_simulation_t *out /* OUT */, ent_error_t *err);

/* Aggregate again, without running a draw, the per-draw table `table` of a run of s with opts
 * (draws, seed, forecasts, no_position as in the run): table->draws, inputs (count),
 * outputs (names, kinds, and for categories `cat`, the labels that `values` index), lines
 * (count), drawn, values and holds, as a run with keep_draws leaves them or as read back
 * from a store (`entente simulate --from`). The outputs must be the scenario's, in its order
 * (ENT_EINPUT otherwise). With opts->sobol and table->sobol_values (the design's N (k + 2)
 * rows, gathered from slices), the Sobol indices too, the bits of one run's. Only the coded scenario is analysed (for the summary's lines). out
 * is what ent_simulate_run gave, bit for bit, with the table kept (drawn, values, holds);
 * above opts->exact_limit the table is folded block by block as a run does (the estimated
 * quantiles too). O(outputs × draws log draws). */
ENT_API ent_status_t ent_simulate_aggregate(const ent_scenario_t *s, const ent_simulate_opts_t *opts,
                                            const ent_simulation_t *table, ent_simulation_t *out /* OUT */,
                                            ent_error_t *err);

/* The estimators, on model values given in Saltelli's design: fa and fb (n each) the output
 * on two independent samples A and B, fab (k × n: fab[i * n + d]) on A with input i taken
 * from B. V = the variance of fa and fb pooled, f0 their mean; S_i = mean((fb - f0)(fab_i - fa))
 * / V (Saltelli et
 * al. 2010, "Variance based sensitivity analysis of model output", Comput. Phys. Commun.
 * 181); ST_i = mean((fa - fab_i)^2) / (2 V) (Jansen 1999). Rows with a NaN are left out.
 * Intervals: percentiles 2.5 and 97.5 of `nboot` bootstrap resamples of the rows, drawn by
 * ent_simulate_uniform(seed, b, row). out: k entries (input = i); *variance = V; NaN (and
 * every index NaN) when fewer than 2 rows remain, 0 (every index NaN) when the output does not
 * vary: V at most (1e-12 max(1, |f0|))^2, rounding noise. O(nboot × n × k). */
ENT_API ent_status_t ent_sobol_indices(size_t n, size_t k, const double *fa, const double *fb, const double *fab,
                                       uint64_t seed, unsigned nboot, ent_sim_index_t *out /* OUT, k */,
                                       double *variance /* OUT */, ent_error_t *err);

/* The generator (exposed for tests and for anyone who wants the same draws): a uniform number
 * in (0, 1) that depends on (seed, draw, input) alone. */
ENT_API double ent_simulate_uniform(uint64_t seed, uint64_t draw, uint64_t input);

#ifdef __cplusplus
}
#endif
#endif
