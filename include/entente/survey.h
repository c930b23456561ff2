/* SPDX-License-Identifier: MIT */
/* entente/survey.h — expert surveys as input (src/scenario/survey.c; issue 12; docs/format.md,
 * "Expert surveys").
 *
 * Analysts code a scenario by asking several experts ("coders"). A survey is a long table,
 * one row per coder, actor and issue (and date), with these columns (the header names them,
 * in any order, case-insensitive):
 *   coder, actor, issue, position, salience   required columns
 *   capability                                optional: the coder's capability of the actor
 *   date (or as_of)                           optional: YYYY-MM-DD, the date of the coding
 *   confidence                                optional: the weight (>= 0, default 1) of the row
 * Actors and issues are ids of a base scenario, which the survey recodes: each surveyed value
 * becomes the aggregate of its coders, a point (the confidence-weighted mean or median) and
 * a distribution in the forms of the `uncertainty:` section (empirical, or a fitted truncated
 * normal or triangular), so that `entente simulate` draws from the coders' spread.
 *
 * Use: ent_survey_table_new against the base scenario; fill it from a CSV text
 * (ent_survey_read_csv) or cell by cell (ent_survey_header, then ent_survey_row: the Python
 * package feeds an .xlsx sheet this way); then ent_survey_apply aggregates, recodes the
 * scenario and returns the per-value spread (ent_survey_t; rendered by ent_report_survey,
 * entente/report.h). Errors name file:line:col of the offending cell.
 *
 * Ownership: the table borrows the base scenario (it must outlive the table and keep its
 * actors and issues); ent_survey_table_destroy frees it (NULL is a no-op). ent_survey_t owns
 * its arrays; ent_survey_destroy frees them (NULL is a no-op).
 */
#ifndef ENTENTE_SURVEY_H
#define ENTENTE_SURVEY_H

#include "entente/core.h"
#include "entente/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The point a value's coders aggregate to. */
typedef enum {
    ENT_SURVEY_MEAN = 0,   /* the confidence-weighted mean */
    ENT_SURVEY_MEDIAN      /* the weighted median: the smallest coding at which the cumulative
                              weight (codings in increasing order) reaches half of the total */
} ent_survey_point_t;

typedef struct {
    ent_survey_point_t point;  /* ENT_SURVEY_MEAN */
    ent_dist_kind_t dist;      /* ENT_DIST_EMPIRICAL (default; written `choice` with the weights
                                  as probabilities when the coders' confidences differ),
                                  ENT_DIST_NORMAL (weighted mean and sd) or ENT_DIST_TRIANGULAR
                                  (lowest coding, the point, highest coding) */
    double disagree;           /* flag values whose codings span (max − min) more than this;
                                  NaN (default): flag none */
} ent_survey_opts_t;

ENT_API void ent_survey_opts_init(ent_survey_opts_t *o);
/* "mean", "median" ↔ the enum; "empirical", "normal", "triangular" ↔ ENT_DIST_*.
 * Parsers return ENT_EINVAL for any other name. */
ENT_API const char *ent_survey_point_name(ent_survey_point_t p);
ENT_API ent_status_t ent_survey_point_parse(const char *name, ent_survey_point_t *out /* OUT */);
ENT_API ent_status_t ent_survey_dist_parse(const char *name, ent_dist_kind_t *out /* OUT */);
ENT_API const char *ent_survey_dist_name(ent_dist_kind_t d);

/* The aggregate of one surveyed value: target ENT_UNC_POSITION or ENT_UNC_SALIENCE of
 * (actor, issue, dimension dim) at date as_of, or ENT_UNC_CAPABILITY of actor (issue 0) at as_of. Only rows
 * with a positive confidence count. */
typedef struct {
    ent_unc_target_t target;
    size_t actor, issue;
    size_t dim;                /* the dimension (0-based) of a position or salience; 0 for 1-D issues */
    long as_of;                /* YYYYMMDD; 0 = undated */
    size_t ncoders;            /* coders that count (confidence > 0) */
    double weight;             /* their total confidence */
    double point;              /* the value written into the scenario (mean or median) */
    double mean, median, sd;   /* weighted; sd = sqrt(sum w (x − mean)^2 / sum w) */
    double min, max;           /* lowest and highest coding (range = max − min) */
    int flagged;               /* 1 when max − min > opts.disagree */
    ent_loc_t loc;             /* the first row of the value */
} ent_survey_value_t;

typedef struct {
    ent_survey_opts_t opts;
    size_t nrows;              /* data rows read */
    size_t ncoders;
    char **coders;             /* ncoders ids in order of first appearance (owned) */
    size_t nvalues;
    ent_survey_value_t *values; /* by actor, then issue (capability first), position (by dimension) before
                                   salience, latest date first */
    size_t nflagged;
} ent_survey_t;

ENT_API void ent_survey_destroy(ent_survey_t *r);

typedef struct ent_survey_table ent_survey_table_t;

/* A new, empty table for base scenario `base`; `name` (copied) names the input in messages. */
ENT_API ent_status_t ent_survey_table_new(const ent_scenario_t *base, const char *name,
                                          ent_survey_table_t **out /* OUT */, ent_error_t *err);
ENT_API void ent_survey_table_destroy(ent_survey_table_t *t);
/* The header: n column names with their places (locs may be NULL). Unknown, repeated or
 * missing required columns are ENT_EINPUT. Call once, before the rows. */
ENT_API ent_status_t ent_survey_header(ent_survey_table_t *t, size_t n, const char *const *names,
                                       const ent_loc_t *locs, ent_error_t *err);
/* One data row: n cells (NULL or blank = empty) in the header's order, with their places
 * (locs may be NULL; then `line` and the column number are used). Checked at once: ids,
 * numbers, ranges (position on the issue's scale, salience in [0, salience_scale],
 * capability and confidence >= 0), dates. Duplicates and conflicts are found by apply. */
ENT_API ent_status_t ent_survey_row(ent_survey_table_t *t, size_t n, const char *const *cells,
                                    const ent_loc_t *locs, int line, ent_error_t *err);
/* Read a whole CSV text (comma, RFC 4180 quoting; the first non-blank line is the header;
 * blank lines are skipped) into the table. */
ENT_API ent_status_t ent_survey_read_csv(ent_survey_table_t *t, const char *data, size_t len,
                                         ent_error_t *err);
/* The same, from a file (read as the scenario loader reads files: a directory, binary data
 * and more than 256 MiB are refused). */
ENT_API ent_status_t ent_survey_load_csv(ent_survey_table_t *t, const char *path, ent_error_t *err);
/* Aggregate the table and recode s (the base scenario the table was made for, or a copy
 * with the same actors and issues): every surveyed position becomes its dated or undated
 * aggregates (the earlier chain of entente/scenario.h; a base position's preference form and
 * capability override are kept, its codings replaced), every surveyed capability its point,
 * and s->uncertainty gets one distribution per surveyed value (of its latest date), replacing
 * the base's for the same value. ENT_EINPUT for duplicate (coder, actor, issue, date) rows, a
 * coder's conflicting capabilities of an actor, a value dated on some rows and not on others,
 * a value whose confidences are all 0, an empty table. On those errors s is unchanged (out of
 * memory while recoding may leave it half recoded: destroy it). out (OUT)
 * receives the spread; destroy it with ent_survey_destroy. O(rows log rows). */
ENT_API ent_status_t ent_survey_apply(const ent_survey_table_t *t, ent_scenario_t *s,
                                      const ent_survey_opts_t *opts, ent_survey_t *out /* OUT */,
                                      ent_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
