/* SPDX-License-Identifier: MIT */
/* entente/report.h — the rendering layer: a JSON writer, a text/CSV table, and one
 * renderer per result and format (ent_report_<result>(..., ent_output_t, ent_buf_t *)).
 * Engines never render; they return the result structs of their headers.
 *
 * Ownership: a table owns copies of every cell; renderers append to a caller's buffer
 * (entente/core.h). Floats are printed with a fixed precision chosen by the caller, never %g
 * of full precision, so golden files are stable.
 */
#ifndef ENTENTE_REPORT_H
#define ENTENTE_REPORT_H

#include "entente/core.h"
#include "entente/scenario.h"
#include "entente/survey.h"
#include "entente/game.h"
#include "entente/forecast.h"
#include "entente/validate.h"
#include "entente/analysis.h"
#include "entente/simulate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- JSON writer ----
 * Writes compact-but-readable JSON (two-space indentation) into a buffer. The writer
 * tracks nesting and inserts commas. Numbers: ent_json_num prints with %.*g at `prec`
 * significant digits (default 17 → round-trips doubles); NaN/Inf are written as null.
 * Errors are sticky: nesting deeper than ENT_JSON_MAX_DEPTH sets `overflow`, closing more than
 * was opened sets `misuse`; from then on every call writes nothing. A renderer ends with
 * `return ent_json_status(&j);`: ENT_ELIMIT (overflow), ENT_EINTERNAL (misuse), ENT_ENOMEM
 * (the buffer ran out of memory) or ENT_OK. */
#define ENT_JSON_MAX_DEPTH 63
typedef struct {
    ent_buf_t *out;
    int depth;
    int first[ENT_JSON_MAX_DEPTH + 1];   /* per depth: no element written yet */
    int after_key;
    int prec;
    int overflow;    /* nesting went past ENT_JSON_MAX_DEPTH */
    int misuse;      /* a close without an open */
} ent_json_t;

ENT_API void ent_json_init(ent_json_t *j, ent_buf_t *out);
ENT_API void ent_json_obj_begin(ent_json_t *j);
ENT_API void ent_json_obj_end(ent_json_t *j);
ENT_API void ent_json_arr_begin(ent_json_t *j);
ENT_API void ent_json_arr_end(ent_json_t *j);
ENT_API void ent_json_key(ent_json_t *j, const char *key);
ENT_API void ent_json_str(ent_json_t *j, const char *s);   /* NULL → null */
ENT_API void ent_json_num(ent_json_t *j, double v);
ENT_API void ent_json_int(ent_json_t *j, long long v);
ENT_API void ent_json_bool(ent_json_t *j, int v);
ENT_API void ent_json_null(ent_json_t *j);
/* Append JSON-escaped `s` (without quotes) to b. */
ENT_API void ent_json_escape(ent_buf_t *b, const char *s);
/* The writer's state: ENT_OK, ENT_ELIMIT, ENT_EINTERNAL or ENT_ENOMEM (see above). */
ENT_API ent_status_t ent_json_status(const ent_json_t *j);

/* ---- tables ----
 * Build row by row, then render as aligned text (numbers right-aligned) or CSV (RFC 4180
 * quoting). Column widths count UTF-8 code points, not bytes. */
typedef struct ent_table ent_table_t;

ENT_API ent_table_t *ent_table_new(size_t ncols, const char *const *headers);
ENT_API void ent_table_free(ent_table_t *t);            /* NULL is a no-op */
/* Start a new row; then set cells 0..ncols-1 (unset cells print empty). */
ENT_API void ent_table_row(ent_table_t *t);
ENT_API void ent_table_set(ent_table_t *t, size_t col, const char *text);
ENT_API void ent_table_setf(ent_table_t *t, size_t col, const char *fmt, ...) ENT_PRINTF(3, 4);
/* Number at fixed decimals; NaN prints as "-" in text and empty in CSV. */
ENT_API void ent_table_num(ent_table_t *t, size_t col, double v, int decimals);
ENT_API void ent_table_render_text(const ent_table_t *t, ent_buf_t *out);
ENT_API void ent_table_render_csv(const ent_table_t *t, ent_buf_t *out);
ENT_API size_t ent_table_nrows(const ent_table_t *t);

/* ==== renderers ====
 * One renderer per result and output format: ent_report_<result>(..., ent_output_t,
 * ent_buf_t *out) appends the rendering to `out` and returns ENT_OK, or ENT_ENOMEM when the
 * buffer ran out of memory. Renderers never compute a model; they read result structs. */

/* `entente simulate` (entente/simulate.h, docs/cli.md): TEXT (the coded scenario's summary
 * lines with the probability that each holds, then numbers, flags, verdicts and drop sets,
 * and the uncertain inputs), JSON (the same), or CSV: the per-draw table, one row per draw
 * (ENT_EINVAL unless the run kept its draws, ent_simulate_opts_t.keep_draws). */
ENT_API ent_status_t ent_report_simulate(const ent_scenario_t *s, const ent_simulation_t *r,
                                         ent_output_t fmt, ent_buf_t *out);
/* The words of summary line l of r (r->lines[l]), as the text report prints them, without
 * the probability. ENT_EINVAL when l is out of range. */
ENT_API ent_status_t ent_report_simulate_line(const ent_scenario_t *s, const ent_simulation_t *r, size_t l,
                                              ent_buf_t *out);

/* ---- renderers: analyses (guarantee, proposals, sequence, analyze) ---- */
/* Text (the tables and sentences of `entente guarantee`, `proposals`, `sequence`,
 * `analyze`) or JSON (one document, numbers at 6 significant digits). ENT_EINVAL for
 * ENT_OUTPUT_CSV (these reports have no single table), ENT_ENOMEM when out ran out of
 * memory. `r` must come from the matching analysis of the same scenario `s`. */
ENT_API ent_status_t ent_report_guarantee(const ent_scenario_t *s, const ent_guarantee_t *r,
                                          ent_output_t fmt, ent_buf_t *out);
ENT_API ent_status_t ent_report_proposals(const ent_scenario_t *s, const ent_proposals_t *r,
                                          ent_output_t fmt, ent_buf_t *out);
ENT_API ent_status_t ent_report_sequence(const ent_scenario_t *s, const ent_sequence_t *r,
                                         ent_output_t fmt, ent_buf_t *out);
ENT_API ent_status_t ent_report_analyze(const ent_scenario_t *s, const ent_analyze_t *r,
                                        ent_output_t fmt, ent_buf_t *out);
/* ent_report_analyze, with each summary line followed by what the scenario's readings (its
 * variants) say of it: `readings` is ent_compare_run over the scenario (column 0) and its
 * variants, run with the same options. Text: under each line "readings: the same under all
 * N", or "changed by V (its value), ..." (forecasts: which models each reading moves by 0.1
 * or more); then the conclusions that only some readings have. JSON: a "readings" array
 * beside "summary", one object per summary line. readings NULL: ent_report_analyze. */
ENT_API ent_status_t ent_report_analyze_readings(const ent_scenario_t *s, const ent_analyze_t *r,
                                                 const ent_compare_t *readings, ent_output_t fmt, ent_buf_t *out);
/* The thresholds of ent_thresholds_compute: text (a numbered list of sentences, nearest
 * first, with the method), JSON (an object: counts, tolerance and one object per threshold
 * with its sentence) or CSV (one row per threshold, the same fields). Used by `entente
 * analyze` (its section "Thresholds", its JSON, and `--csv`). */
ENT_API ent_status_t ent_report_thresholds(const ent_scenario_t *s, const ent_thresholds_t *t,
                                           ent_output_t fmt, ent_buf_t *out);
/* `entente compare`: one row per conclusion, one column per run of c (column 0 first), the
 * cells that differ from column 0 marked ('*' in text and CSV, "differs" in JSON); the CSV
 * has a last column "differs" (yes/no). s: the scenario of column 0 (for names). Text, JSON
 * and CSV. */
ENT_API ent_status_t ent_report_compare(const ent_scenario_t *s, const ent_compare_t *c,
                                        ent_output_t fmt, ent_buf_t *out);

/* `entente survey` (entente/survey.h): the inter-coder spread of every surveyed value.
 * Text: a header (rows, coders, point, distribution, threshold) and one table row per value
 * (value path, as_of, coders, point, mean, median, sd, min, max, range, flag '!' when the
 * coders disagree by more than the threshold); CSV: the table; JSON: one document with the
 * same fields. s: the survey's base scenario (for ids). */
ENT_API ent_status_t ent_report_survey(const ent_scenario_t *s, const ent_survey_t *r, ent_output_t fmt,
                                       ent_buf_t *out);

/* ---- renderers: rules and power (rule, power, info) ---- */

/* Presentation of a power table (src/report/report_power.c). */
typedef struct {
    int exact;       /* 1: exact fractions instead of decimals where they are known */
    int raw;         /* 1: raw numerators (registry raw_column) and the collectivity's power as columns */
    int precision;   /* decimals in text and CSV; default 4 */
} ent_report_power_opts_t;
ENT_API void ent_report_power_opts_init(ent_report_power_opts_t *o);
/* `entente power`: the indices of game g, one row per player (player, weight of a weighted
 * game, the computed indices in registry order, swings, raw columns, flags). Text: a header
 * (rule, players, method, counts, the collectivity's power) and the table; CSV: the table;
 * JSON: every figure with exact counts as strings (o is ignored). o NULL: defaults. */
ENT_API ent_status_t ent_report_power(const ent_game_t *g, const ent_power_t *p, const ent_report_power_opts_t *o,
                                      ent_output_t fmt, ent_buf_t *out);
/* `entente rule`: the parts of a query that were asked for, as text or JSON (CSV: ENT_EINVAL). */
ENT_API ent_status_t ent_report_rule(const ent_game_t *g, const ent_rule_query_t *q, ent_output_t fmt,
                                     ent_buf_t *out);
/* `entente info`: the scenario loaded from `path` (printed as given) with its statistics, as
 * text (2 decimals) or JSON (10 significant digits); CSV: ENT_EINVAL. */
ENT_API ent_status_t ent_report_info(const ent_scenario_t *s, const ent_scenario_info_t *info, const char *path,
                                     ent_output_t fmt, ent_buf_t *out);

/* ---- renderers: forecasts and validation ---- */

typedef struct {
    const char *source; /* named in the heading (text) and "scenario" (JSON) when the scenario
                           has no title; the CLI passes the file path. NULL = none */
    int trace;          /* text and JSON: every track's positions per round and each model's
                           trace text (ent_forecast_opts_t.trace must have been set for the
                           latter). Default 0 */
    int precision;      /* significant digits of JSON numbers: 10 (17 gives every double
                           exactly) */
    const ent_calibration_t *calibration; /* with `calibrated` (ent_calibration_apply on the
                           same forecasts): text and JSON add each forecast's interval per
                           level and the ensemble; CSV ignores them. NULL = none */
    const ent_calibrated_t *calibrated;
} ent_report_forecast_opts_t;

ENT_API void ent_report_forecast_opts_init(ent_report_forecast_opts_t *o);
/* The forecasts f[0..nf-1] of one scenario s (one per model), side by side: text (the
 * outcome table, the dynamics of the dynamic models, notes, with trace the positions per
 * round), JSON, or CSV (one row per issue, dimension and model). o NULL = defaults. */
ENT_API ent_status_t ent_report_forecast(const ent_scenario_t *s, const ent_forecast_t *f,
                                         size_t nf, const ent_report_forecast_opts_t *o,
                                         ent_output_t fmt, ent_buf_t *out);

typedef struct {
    const char *source;     /* the table's name (text heading, JSON "table"); NULL = none */
    const char *capability; /* text: how the capabilities were set; NULL = "as loaded" */
} ent_report_validation_opts_t;

ENT_API void ent_report_validation_opts_init(ent_report_validation_opts_t *o);
/* A validation of models on s (entente/validate.h): text or JSON give the summary per model;
 * CSV gives the per-issue table (issue, actors, outcome, then per model its forecast and
 * absolute error, 4 decimals). o NULL = defaults. */
ENT_API ent_status_t ent_report_validation(const ent_scenario_t *s, const ent_validation_t *v,
                                           const ent_report_validation_opts_t *o,
                                           ent_output_t fmt, ent_buf_t *out);
/* A cross-validation c (entente/analysis.h, ent_crossval_run) of the validation v: text
 * (out-of-sample MAE per method with standard errors, ensemble weights, paired differences
 * against the best model and the ensemble, interval coverage) or JSON (every figure, every
 * pair). o as for ent_report_validation (NULL = defaults). */
ENT_API ent_status_t ent_report_crossval(const ent_crossval_t *c, const ent_validation_t *v,
                                         const ent_report_validation_opts_t *o,
                                         ent_output_t fmt, ent_buf_t *out);

typedef struct {
    const char *source;     /* the table's name; NULL = none */
    const char *table_hash; /* e.g. "fnv1a64:0123456789abcdef"; NULL = not given */
    const char *capability; /* how the capabilities were set; NULL = "as loaded" */
    const ent_forecast_opts_t *models; /* the options the models ran with, written as each
                                          model's settings (ent_forecast_model_settings);
                                          NULL = the defaults */
} ent_report_calibration_opts_t;

ENT_API void ent_report_calibration_opts_init(ent_report_calibration_opts_t *o);
/* The calibration file of a cross-validation c (YAML; docs/validation.md): provenance (entente
 * version, table, its hash, capability, the common issues' scale, folds, repeats, seed,
 * issues), the levels, the ensemble's weights fitted on every common issue and its
 * half-widths, and each model's settings and half-widths with the out-of-sample MAE and
 * coverage of both. o NULL = defaults. ENT_EINVAL when the common issues have no one scale
 * (c->scale_lo NaN) or c has no ensemble. Read back by ent_calibration_read (validate.h). */
ENT_API ent_status_t ent_report_calibration(const ent_crossval_t *c,
                                            const ent_report_calibration_opts_t *o, ent_buf_t *out);

/* ---- renderer: the HTML briefing (src/report/report_html.c, docs/report.md) ---- */

/* Called once per figure with the figure as it appears in the page: one <svg> element
 * (UTF-8, not NUL-terminated inside the page; len bytes), and a file name stem made of the
 * figure's number, kind and subject ("03-forecast-guarantee"), safe as a file name. */
typedef void (*ent_report_figure_fn)(void *ctx, const char *name, const char *svg, size_t len);

typedef struct {
    const char *source;          /* the scenario's path, shown under the title; NULL = none */
    size_t npower;               /* rules with a power result below (0: the power section
                                    says power was not computed) */
    const ent_game_t *const *games; /* npower: rule r's game, or NULL when it did not compile */
    const ent_power_t *power;    /* npower: Shapley-Shubik and Banzhaf of rule r (computed
                                    mask 0: not computed, power_error[r] says why) */
    const ent_error_t *power_error; /* npower, or NULL */
    size_t max_labels;           /* most text labels per figure (top-k, the rest drawn as a
                                    band); default 30 */
    ent_report_figure_fn figure; /* NULL = none */
    void *figure_ctx;
    const ent_simulation_t *sim; /* ent_simulate_run on the same scenario, or NULL: the summary
                                    lines get their probabilities, a section draws the flags'
                                    probabilities and (sim->nsobol) the Sobol tornado charts */
    size_t nplanes;              /* win-sets in the plane of two issues (ent_winset_planes on
                                    a's proposals), drawn after their rule's win-set; 0 = none */
    const ent_winset_plane_t *planes;
    const ent_compare_t *readings; /* ent_compare_run over the scenario and its variants, or
                                    NULL: each summary line then says which readings change it
                                    (as `entente analyze` does) */
} ent_report_html_opts_t;

ENT_API void ent_report_html_opts_init(ent_report_html_opts_t *o);
/* `entente report`: one self-contained XHTML5 page (inline CSS and SVG, no script, nothing
 * fetched) over the analyses of s: the summary, power per rule (bar charts, veto players
 * marked), the guarantee designs, forecasts per issue and dimension, dynamics per model and
 * issue, proposals (gain over the status quo as a diverging colour table), win-sets on the
 * issue scales, the precondition graph (a layered layout of our own), the sensitivity flips.
 * Every figure has a caption, a <title>/<desc> and its data as a table; every scenario
 * string is escaped. `a` must come from ent_analyze_run on s. o NULL = defaults. ENT_ENOMEM
 * when out ran out of memory. */
ENT_API ent_status_t ent_report_html(const ent_scenario_t *s, const ent_analyze_t *a,
                                     const ent_report_html_opts_t *o, ent_buf_t *out);
/* `entente report A B`: two scenarios of the same shape side by side, from ent_compare_run on
 * {s[0], s[1]} (c->ncolumns must be 2, else ENT_EINVAL): the inputs that differ (capabilities,
 * positions, status quo, rule texts, proposals, preconditions), every conclusion in two
 * columns with the differing cells marked, and the forecasts' shifts as a figure. o: as
 * ent_report_html's (source and power are not read). ENT_ENOMEM when out ran out of memory. */
ENT_API ent_status_t ent_report_html_compare(const ent_scenario_t *const *s, const ent_compare_t *c,
                                             const ent_report_html_opts_t *o, ent_buf_t *out);

#ifdef __cplusplus
}
#endif
#endif
