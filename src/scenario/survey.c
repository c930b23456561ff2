/* SPDX-License-Identifier: MIT */
/* survey.c — expert surveys as input (entente/survey.h; docs/format.md, "Expert surveys";
 * issue 12). A long table (coder, actor, issue, position, salience, optional capability,
 * date and confidence) against a base scenario is checked row by row (ids, numbers, ranges,
 * dates: file:line:col of the cell), then aggregated per value (actor × issue × date ×
 * dimension for the position and salience — a multi-dimensional issue's cell holds one number
 * per dimension separated by ';' — actor × date for the capability) to a confidence-weighted mean or median
 * and to a distribution in the forms of the `uncertainty:` section (uncertainty.c), which
 * recode the base scenario: dated aggregates become dated codings (`as_of`, asof.c).
 * No paper is implemented: the aggregates are the textbook weighted mean, weighted median
 * (the rule of ent_scenario_issue_stats, stats.c: the smallest coding at which the cumulative
 * weight reaches half of the total) and weighted population sd; the spread (sd, min..max) is
 * reported per value and values spanning more than a threshold are flagged, so that an
 * analyst sees where the experts' codings of a scenario disagree.
 * Complexity: a row O(actors + issues + dimensions) (linear id lookups of the base) + O(1)
 * expected for its coder; apply O(rows log rows + rows × dimensions) (sorting finds duplicates and groups the values).
 */
#include "entente/survey.h"
#include "scenario/csv.h"
#include "scenario/idmap.h"
#include "scenario/loaders.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { C_CODER, C_ACTOR, C_ISSUE, C_POSITION, C_SALIENCE, C_CAPABILITY, C_DATE, C_CONFIDENCE, NCOL };
static const char *const colname[NCOL] = {"coder", "actor", "issue", "position", "salience",
                                          "capability", "date", "confidence"};
#define NREQUIRED 5 /* the first five columns */

typedef struct {
    size_t coder, actor;
    long issue;                  /* -1: a row that gives only a capability */
    size_t vat;                  /* the row's positions then saliences: t->vals[vat .. vat + 2·ndim) */
    double cap, conf;            /* cap NaN: not given */
    long date;
    int line;
    ent_loc_t at[NCOL];          /* where each cell is */
} rec_t;

struct ent_survey_table {
    const ent_scenario_t *base;
    char *name;
    size_t nhead;                /* 0 until the header is read */
    int *role;                   /* nhead column roles (C_*) */
    char **coders;
    size_t ncoders, codcap;
    ent_i_idmap_t cmap;          /* coder → index (keys borrowed from coders) */
    rec_t *recs;
    size_t nrecs, reccap;
    double *vals;                /* every row's coordinates and saliences (rec_t.at) */
    size_t nvals, valcap;
};

/* ------------------------------------------------------------------ options and names */

void ent_survey_opts_init(ent_survey_opts_t *o)
{
    o->point = ENT_SURVEY_MEAN;
    o->dist = ENT_DIST_EMPIRICAL;
    o->disagree = NAN;
}

const char *ent_survey_point_name(ent_survey_point_t p) { return p == ENT_SURVEY_MEDIAN ? "median" : "mean"; }

ent_status_t ent_survey_point_parse(const char *name, ent_survey_point_t *out)
{
    if (name && !strcmp(name, "mean")) *out = ENT_SURVEY_MEAN;
    else if (name && !strcmp(name, "median")) *out = ENT_SURVEY_MEDIAN;
    else return ENT_EINVAL;
    return ENT_OK;
}

const char *ent_survey_dist_name(ent_dist_kind_t d)
{
    return d == ENT_DIST_NORMAL ? "normal" : d == ENT_DIST_TRIANGULAR ? "triangular" : "empirical";
}

ent_status_t ent_survey_dist_parse(const char *name, ent_dist_kind_t *out)
{
    if (name && !strcmp(name, "empirical")) *out = ENT_DIST_EMPIRICAL;
    else if (name && !strcmp(name, "normal")) *out = ENT_DIST_NORMAL;
    else if (name && !strcmp(name, "triangular")) *out = ENT_DIST_TRIANGULAR;
    else return ENT_EINVAL;
    return ENT_OK;
}

void ent_survey_destroy(ent_survey_t *r)
{
    if (!r) return;
    for (size_t k = 0; k < r->ncoders; k++) free(r->coders[k]);
    free(r->coders);
    free(r->values);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------ the table */

ent_status_t ent_survey_table_new(const ent_scenario_t *base, const char *name, ent_survey_table_t **out,
                                  ent_error_t *err)
{
    *out = NULL;
    if (!base) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_survey_table_new: no base scenario");
    ent_survey_table_t *t = calloc(1, sizeof *t);
    if (!t || !(t->name = ent_i_strdup(name ? name : "survey"))) {
        free(t);
        return ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory");
    }
    t->base = base;
    ent_i_idmap_init(&t->cmap);
    *out = t;
    return ENT_OK;
}

void ent_survey_table_destroy(ent_survey_table_t *t)
{
    if (!t) return;
    ent_i_idmap_free(&t->cmap);
    for (size_t k = 0; k < t->ncoders; k++) free(t->coders[k]);
    free(t->coders);
    free(t->recs);
    free(t->vals);
    free(t->role);
    free(t->name);
    free(t);
}

static ent_status_t oom(const ent_survey_table_t *t, ent_error_t *err)
{
    return ent_error_set(err, ENT_ENOMEM, t->name, 0, 0, "out of memory reading the survey");
}

/* A cell's text without surrounding blanks (s, len; the text is borrowed and never written,
 * so s is not NUL-terminated at len), as a field for the number parser. */
static ent_i_field_t cell_field(const char *text, ent_loc_t at)
{
    ent_i_field_t f = {(char *)(text ? text : ""), text ? strlen(text) : 0, at.line, at.col, 0};
    while (f.len && (f.s[0] == ' ' || f.s[0] == '\t')) f.s++, f.len--, f.col++;
    while (f.len && (f.s[f.len - 1] == ' ' || f.s[f.len - 1] == '\t')) f.len--;
    return f;
}

static int same_name(const char *a, size_t alen, const char *b)
{
    return strlen(b) == alen && !strncasecmp(a, b, alen);
}

ent_status_t ent_survey_header(ent_survey_table_t *t, size_t n, const char *const *names, const ent_loc_t *locs,
                               ent_error_t *err)
{
    if (t->nhead) return ent_error_set(err, ENT_EINVAL, t->name, 0, 0, "ent_survey_header: the header is already read");
    int seen[NCOL];
    ent_loc_t seen_at[NCOL];
    for (int k = 0; k < NCOL; k++) seen[k] = 0;
    while (n > 0) {  /* drop empty trailing columns (a spreadsheet's) */
        ent_loc_t at = locs ? locs[n - 1] : (ent_loc_t){1, (int)n};
        if (cell_field(names[n - 1], at).len) break;
        n--;
    }
    if (!(t->role = calloc(n ? n : 1, sizeof *t->role))) return oom(t, err);
    for (size_t k = 0; k < n; k++) {
        ent_loc_t at = locs ? locs[k] : (ent_loc_t){1, (int)k + 1};
        ent_i_field_t f = cell_field(names[k], at);
        int r = -1;
        for (int c = 0; c < NCOL; c++)
            if (same_name(f.s, f.len, colname[c])) r = c;
        if (same_name(f.s, f.len, "as_of")) r = C_DATE;
        if (r < 0) {
            free(t->role);
            t->role = NULL;
            return ent_error_set(err, ENT_EINPUT, t->name, f.line, f.col,
                                 "unknown column '%.*s'; expected coder, actor, issue, position, salience and "
                                 "optionally capability, date (or as_of), confidence",
                                 (int)(f.len > 60 ? 60 : f.len), f.s);
        }
        if (seen[r]) {
            free(t->role);
            t->role = NULL;
            return ent_error_set(err, ENT_EINPUT, t->name, f.line, f.col,
                                 "column '%s' appears twice (first at column %d); expected each column once",
                                 colname[r], seen_at[r].col);
        }
        seen[r] = 1;
        seen_at[r] = at;
        t->role[k] = r;
    }
    for (int c = 0; c < NREQUIRED; c++)
        if (!seen[c]) {
            free(t->role);
            t->role = NULL;
            ent_loc_t at = locs && n ? locs[0] : (ent_loc_t){1, 1};
            return ent_error_set(err, ENT_EINPUT, t->name, at.line, at.col,
                                 "the header has no '%s' column; expected the columns coder, actor, issue, "
                                 "position, salience (and optionally capability, date, confidence)", colname[c]);
        }
    t->nhead = n;
    return ENT_OK;
}

static long find_coder(ent_survey_table_t *t, const ent_i_field_t *f)
{
    char *id = malloc(f->len + 1);
    if (!id) return -1;
    memcpy(id, f->s, f->len);
    id[f->len] = 0;
    long k = ent_i_idmap_get(&t->cmap, id);
    if (k >= 0) {
        free(id);
        return k;
    }
    char **c = ent_i_grow(t->coders, &t->codcap, t->ncoders, sizeof *t->coders);
    if (!c) {
        free(id);
        return -1;
    }
    t->coders = c;
    if (ent_i_idmap_put(&t->cmap, id, t->ncoders, NULL) < 0) {
        free(id);
        return -1;
    }
    t->coders[t->ncoders] = id;
    return (long)t->ncoders++;
}

/* The id of an actor or issue of the base; unknown ids are bad input naming a few of the
 * known ones. */
static ent_status_t find_id(const ent_survey_table_t *t, const ent_i_field_t *f, int issue, size_t *out,
                            ent_error_t *err)
{
    const ent_scenario_t *s = t->base;
    size_t n = issue ? s->nissues : s->nactors;
    for (size_t k = 0; k < n; k++) {
        const char *id = issue ? s->issues[k].id : s->actors[k].id;
        if (strlen(id) == f->len && !memcmp(id, f->s, f->len)) {
            *out = k;
            return ENT_OK;
        }
    }
    char list[256] = "";
    size_t used = 0;
    for (size_t k = 0; k < n && used + 1 < sizeof list; k++) {
        const char *id = issue ? s->issues[k].id : s->actors[k].id;
        int w = snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", id);
        if (w < 0 || used + (size_t)w >= sizeof list - 5) {
            snprintf(list + used, sizeof list - used, ", ...");
            break;
        }
        used += (size_t)w;
    }
    return ent_error_set(err, ENT_EINPUT, t->name, f->line, f->col, "unknown %s '%.*s'; expected one of the base scenario's %ss (%s)",
                         issue ? "issue" : "actor", (int)(f->len > 60 ? 60 : f->len), f->s, issue ? "issue" : "actor",
                         list);
}

/* A number cell within [lo, hi] (hi may be INFINITY). */
static ent_status_t num_in(const ent_survey_table_t *t, const ent_i_field_t *f, const char *what, double lo, double hi,
                           const char *expected, double *out, ent_error_t *err)
{
    ent_status_t st = ent_i_num(f, t->name, what, out, err);
    if (st != ENT_OK) return st;
    if (*out < lo || *out > hi)
        return ent_error_set(err, ENT_EINPUT, t->name, f->line, f->col, "%s %.*s is out of range; expected %s", what,
                             (int)(f->len > 40 ? 40 : f->len), f->s, expected);
    return ENT_OK;
}

/* What a position of issue `is` must be, for messages: "a number on the issue's scale
 * [lo, hi]", or for a multi-dimensional issue one number per dimension. */
static void range_text(const ent_issue_t *is, char *buf, size_t n)
{
    if (is->ndim == 1) snprintf(buf, n, "a number on the issue's scale [%g, %g]", is->lo[0], is->hi[0]);
    else
        snprintf(buf, n, "%zu numbers separated by ';', one per dimension of issue '%s' (the first on [%g, %g])",
                 is->ndim, is->id, is->lo[0], is->hi[0]);
}

/* The position (sal 0: ndim numbers, each on its dimension's scale) or the salience (sal 1:
 * one number for every dimension, or ndim numbers) of issue `is` from one cell: a number,
 * or for a multi-dimensional issue numbers separated by ';' (each part placed at its own
 * column in messages). out gets ndim values. */
static ent_status_t num_cells(const ent_survey_table_t *t, const ent_i_field_t *f, const ent_issue_t *is, int sal,
                              double *out, ent_error_t *err)
{
    const char *what = sal ? "salience" : "position";
    double sc = t->base->salience_scale;
    char expect[160];
    size_t parts = 1;
    for (size_t k = 0; is->ndim > 1 && k < f->len; k++) parts += f->s[k] == ';';
    if (parts != 1 && parts != is->ndim) {
        if (sal)
            snprintf(expect, sizeof expect, "one salience for every dimension or %zu separated by ';' (one per "
                     "dimension of issue '%s')", is->ndim, is->id);
        else
            range_text(is, expect, sizeof expect);
        return ent_error_set(err, ENT_EINPUT, t->name, f->line, f->col, "%s has %zu numbers; expected %s", what,
                             parts, expect);
    }
    if (parts == 1 && !sal && is->ndim > 1) {
        range_text(is, expect, sizeof expect);
        return ent_error_set(err, ENT_EINPUT, t->name, f->line, f->col, "position has 1 number; expected %s",
                             expect);
    }
    size_t off = 0;
    for (size_t d = 0; d < parts; d++) {
        size_t end = off; /* a 1-D issue's cell is one number, ';' and all */
        while (end < f->len && (is->ndim == 1 || f->s[end] != ';')) end++;
        ent_i_field_t p = *f;
        p.s = f->s + off;
        p.len = end - off;
        p.col = f->col + (int)off;
        while (p.len && (p.s[0] == ' ' || p.s[0] == '\t')) p.s++, p.len--, p.col++;
        while (p.len && (p.s[p.len - 1] == ' ' || p.s[p.len - 1] == '\t')) p.len--;
        ent_status_t st;
        if (sal) {
            snprintf(expect, sizeof expect, "a number in [0, %g] (the base scenario's salience_scale)", sc);
            st = num_in(t, &p, what, 0, sc, expect, &out[d], err);
        } else if (is->ndim == 1) {
            range_text(is, expect, sizeof expect);
            st = num_in(t, &p, what, is->lo[0], is->hi[0], expect, &out[d], err);
        } else {
            snprintf(expect, sizeof expect, "a number on the scale [%g, %g] of dimension %zu of issue '%s'",
                     is->lo[d], is->hi[d], d + 1, is->id);
            st = num_in(t, &p, what, is->lo[d], is->hi[d], expect, &out[d], err);
        }
        if (st != ENT_OK) return st;
        off = end + 1;
    }
    for (size_t d = parts; d < is->ndim; d++) out[d] = out[0]; /* one salience for every dimension */
    return ENT_OK;
}

/* Check one data row and append it (see the header for what is checked here): each
 * column's check in the columns' order. */
ent_status_t ent_survey_row(ent_survey_table_t *t, size_t n, const char *const *cells, const ent_loc_t *locs, int line,
                            ent_error_t *err)
{
    if (!t->nhead) return ent_error_set(err, ENT_EINVAL, t->name, line, 0, "ent_survey_row: no header read yet");
    /* a cell the row lacks (a short row, an optional column not in the header) is empty
     * and placed at the row's last cell */
    ent_loc_t row_end = {line, 1};
    if (n) row_end = locs ? locs[n - 1] : (ent_loc_t){line, (int)n};
    ent_i_field_t f[NCOL];
    int have[NCOL] = {0};
    for (int c = 0; c < NCOL; c++) f[c] = cell_field("", row_end);
    for (size_t k = 0; k < n; k++) {
        ent_loc_t at = locs ? locs[k] : (ent_loc_t){line, (int)k + 1};
        ent_i_field_t c = cell_field(cells[k], at);
        if (k >= t->nhead) {
            if (!c.len) continue;
            return ent_error_set(err, ENT_EINPUT, t->name, c.line, c.col,
                                 "extra cell '%.*s'; expected %zu cells as in the header",
                                 (int)(c.len > 40 ? 40 : c.len), c.s, t->nhead);
        }
        f[t->role[k]] = c;
        have[t->role[k]] = c.len > 0;
    }
    rec_t r;
    memset(&r, 0, sizeof r);
    r.line = line;
    r.cap = NAN;
    r.conf = 1;
    for (int c = 0; c < NCOL; c++) r.at[c] = (ent_loc_t){f[c].line, f[c].col};
    ent_status_t st;
    if (!have[C_CODER])
        return ent_error_set(err, ENT_EINPUT, t->name, f[C_CODER].line, f[C_CODER].col,
                             "coder is empty; expected the name of the coder");
    if ((st = ent_i_utf8_check(&f[C_CODER], t->name, "coder", err)) != ENT_OK) return st;
    if (!have[C_ACTOR])
        return ent_error_set(err, ENT_EINPUT, t->name, f[C_ACTOR].line, f[C_ACTOR].col,
                             "actor is empty; expected an actor id of the base scenario");
    if ((st = find_id(t, &f[C_ACTOR], 0, &r.actor, err)) != ENT_OK) return st;
    if (have[C_CAPABILITY] &&
        (st = num_in(t, &f[C_CAPABILITY], "capability", 0, INFINITY, "a number >= 0", &r.cap, err)) != ENT_OK)
        return st;
    if (!have[C_ISSUE]) {
        if (have[C_POSITION] || have[C_SALIENCE] || !have[C_CAPABILITY])
            return ent_error_set(err, ENT_EINPUT, t->name, f[C_ISSUE].line, f[C_ISSUE].col,
                                 "issue is empty; expected an issue id of the base scenario (only a row that gives "
                                 "a capability and no position may leave it empty)");
        r.issue = -1;
    } else {
        size_t i;
        if ((st = find_id(t, &f[C_ISSUE], 1, &i, err)) != ENT_OK) return st;
        const ent_issue_t *is = &t->base->issues[i];
        r.issue = (long)i;
        if (!have[C_POSITION]) {
            char expect[160];
            range_text(is, expect, sizeof expect);
            return ent_error_set(err, ENT_EINPUT, t->name, f[C_POSITION].line, f[C_POSITION].col,
                                 "position is empty; expected %s", expect);
        }
        if (!have[C_SALIENCE]) {
            char expect[160];
            snprintf(expect, sizeof expect, "a number in [0, %g] (the base scenario's salience_scale)",
                     t->base->salience_scale);
            return ent_error_set(err, ENT_EINPUT, t->name, f[C_SALIENCE].line, f[C_SALIENCE].col,
                                 "salience is empty; expected %s", expect);
        }
        while (t->valcap < t->nvals + 2 * is->ndim) {  /* ent_i_grow doubles once a call */
            double *nv = ent_i_grow(t->vals, &t->valcap, t->valcap, sizeof *t->vals);
            if (!nv) return oom(t, err);
            t->vals = nv;
        }
        double *v = t->vals;
        r.vat = t->nvals;
        if ((st = num_cells(t, &f[C_POSITION], is, 0, v + r.vat, err)) != ENT_OK ||
            (st = num_cells(t, &f[C_SALIENCE], is, 1, v + r.vat + is->ndim, err)) != ENT_OK)
            return st;
        t->nvals += 2 * is->ndim;
    }
    if (have[C_DATE]) {
        char d[16] = "";
        if (f[C_DATE].len < sizeof d) memcpy(d, f[C_DATE].s, f[C_DATE].len);
        if (!(r.date = ent_scenario_parse_date(d)))
            return ent_error_set(err, ENT_EINPUT, t->name, f[C_DATE].line, f[C_DATE].col,
                                 "date '%.*s' is not a date; expected YYYY-MM-DD (a calendar date)",
                                 (int)(f[C_DATE].len > 40 ? 40 : f[C_DATE].len), f[C_DATE].s);
    }
    if (have[C_CONFIDENCE] &&
        (st = num_in(t, &f[C_CONFIDENCE], "confidence", 0, INFINITY, "a number >= 0 (the weight of the row)", &r.conf,
                     err)) != ENT_OK)
        return st;
    long k = find_coder(t, &f[C_CODER]);
    if (k < 0) return oom(t, err);
    r.coder = (size_t)k;
    rec_t *recs = ent_i_grow(t->recs, &t->reccap, t->nrecs, sizeof *t->recs);
    if (!recs) return oom(t, err);
    t->recs = recs;
    t->recs[t->nrecs++] = r;
    return ENT_OK;
}

ent_status_t ent_survey_read_csv(ent_survey_table_t *t, const char *data, size_t len, ent_error_t *err)
{
    ent_i_csv_t r;
    ent_i_csv_init(&r, t->name, data, len, ',', '"');
    ent_status_t st = ENT_OK;
    const char **cells = NULL;
    ent_loc_t *locs = NULL;
    size_t cap = 0;
    for (;;) {
        int got = 0;
        if ((st = ent_i_csv_row(&r, &got, err)) != ENT_OK || !got) break;
        if (ent_i_csv_blank(&r)) continue;
        if (r.nf > cap) {
            cap = r.nf;
            free(cells);
            free(locs);
            cells = malloc(cap * sizeof *cells);
            locs = malloc(cap * sizeof *locs);
            if (!cells || !locs) {
                st = oom(t, err);
                break;
            }
        }
        for (size_t k = 0; k < r.nf; k++) {
            cells[k] = r.f[k].s;
            locs[k] = (ent_loc_t){r.f[k].line, r.f[k].col};
        }
        st = t->nhead ? ent_survey_row(t, r.nf, cells, locs, r.row_line, err)
                      : ent_survey_header(t, r.nf, cells, locs, err);
        if (st != ENT_OK) break;
    }
    if (st == ENT_OK && !t->nhead)
        st = ent_error_set(err, ENT_EINPUT, t->name, 1, 1,
                           "empty survey; expected a header coder,actor,issue,position,salience and one row per "
                           "coder, actor and issue");
    free(cells);
    free(locs);
    ent_i_csv_free(&r);
    return st;
}

ent_status_t ent_survey_load_csv(ent_survey_table_t *t, const char *path, ent_error_t *err)
{
    char *data = NULL;
    size_t len = 0;
    ent_status_t st = ent_i_read_text(path, " the survey", "a CSV table of expert codings", &data, &len, err);
    if (st == ENT_OK) st = ent_survey_read_csv(t, data, len, err);
    free(data);
    return st;
}

/* ------------------------------------------------------------------ aggregation */

static int cmp_pos(const void *pa, const void *pb)
{
    const rec_t *a = *(const rec_t *const *)pa, *b = *(const rec_t *const *)pb;
    if (a->actor != b->actor) return a->actor < b->actor ? -1 : 1;
    if (a->issue != b->issue) return a->issue < b->issue ? -1 : 1;
    if (a->date != b->date) return a->date > b->date ? -1 : 1; /* latest first */
    if (a->coder != b->coder) return a->coder < b->coder ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static int cmp_cap(const void *pa, const void *pb)
{
    const rec_t *a = *(const rec_t *const *)pa, *b = *(const rec_t *const *)pb;
    if (a->actor != b->actor) return a->actor < b->actor ? -1 : 1;
    if (a->date != b->date) return a->date > b->date ? -1 : 1; /* latest first */
    if (a->coder != b->coder) return a->coder < b->coder ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

typedef struct { double x, w; } xw_t;

static int cmp_xw(const void *pa, const void *pb)
{
    const xw_t *a = pa, *b = pb;
    return a->x < b->x ? -1 : a->x > b->x;
}

/* Weighted statistics of n codings (weights > 0 only) into v. O(n log n). */
static void aggregate(xw_t *c, size_t n, const ent_survey_opts_t *o, ent_survey_value_t *v)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (c[k].w > 0) c[m++] = c[k];
    qsort(c, m, sizeof *c, cmp_xw);
    double W = 0, sx = 0;
    for (size_t k = 0; k < m; k++) W += c[k].w, sx += c[k].w * c[k].x;
    v->ncoders = m;
    v->weight = W;
    v->mean = sx / W;
    double cum = 0, ss = 0;
    v->median = c[m - 1].x;
    for (size_t k = 0; k < m; k++) {
        cum += c[k].w;
        if (2 * cum >= W) {
            v->median = c[k].x;
            break;
        }
    }
    for (size_t k = 0; k < m; k++) ss += c[k].w * (c[k].x - v->mean) * (c[k].x - v->mean);
    v->sd = sqrt(ss / W);
    v->min = c[0].x;
    v->max = c[m - 1].x;
    v->point = o->point == ENT_SURVEY_MEDIAN ? v->median : v->mean;
    if (v->point < v->min) v->point = v->min; /* rounding of the mean past the extremes */
    if (v->point > v->max) v->point = v->max;
    v->flagged = !isnan(o->disagree) && v->max - v->min > o->disagree;
}

/* The distribution of a value from its codings (sorted, weights > 0 first m). */
static ent_status_t make_dist(const xw_t *c, size_t m, const ent_survey_value_t *v, const ent_survey_opts_t *o,
                              ent_dist_t *d)
{
    memset(d, 0, sizeof *d);
    d->a = d->b = d->c = NAN;
    if (o->dist == ENT_DIST_NORMAL) {
        d->kind = ENT_DIST_NORMAL;
        d->a = v->mean;
        d->b = v->sd;
        return ENT_OK;
    }
    if (o->dist == ENT_DIST_TRIANGULAR) {
        d->kind = ENT_DIST_TRIANGULAR;
        d->a = v->min;
        d->b = v->point;
        d->c = v->max;
        return ENT_OK;
    }
    int equal = 1;
    for (size_t k = 1; k < m; k++) equal &= c[k].w == c[0].w;
    d->kind = equal ? ENT_DIST_EMPIRICAL : ENT_DIST_CHOICE;
    d->n = m;
    if (!(d->values = malloc(m * sizeof *d->values))) return ENT_ENOMEM;
    if (!equal && !(d->p = malloc(m * sizeof *d->p))) {
        free(d->values);
        d->values = NULL;
        return ENT_ENOMEM;
    }
    double rest = 1;
    for (size_t k = 0; k < m; k++) {
        d->values[k] = c[k].x;
        if (!equal) {
            /* the last probability takes what is left, so the sum is 1 to the bit */
            d->p[k] = k + 1 < m ? c[k].w / v->weight : rest;
            rest -= d->p[k];
            if (d->p[k] < 0) d->p[k] = 0;
        }
    }
    return ENT_OK;
}

/* One value (or its distribution) under construction. */
typedef struct {
    ent_survey_value_t v;
    ent_dist_t dist;
    int has_dist;
} pend_t;

typedef struct {
    pend_t *p;
    size_t n, cap;
} pends_t;

static ent_survey_value_t *push(pends_t *ps)
{
    pend_t *p = ent_i_grow(ps->p, &ps->cap, ps->n, sizeof *ps->p);
    if (!p) return NULL;
    ps->p = p;
    memset(&p[ps->n], 0, sizeof p[ps->n]);
    return &p[ps->n++].v;
}

static void pends_free(pends_t *ps)
{
    for (size_t k = 0; k < ps->n; k++) {
        free(ps->p[k].dist.values);
        free(ps->p[k].dist.p);
    }
    free(ps->p);
}

/* Aggregate a group of records (g[0..n)) of one value; the distribution when `dist`. */
static ent_status_t group_value(const ent_survey_table_t *t, rec_t *const *g, size_t n, ent_unc_target_t target,
                                size_t dim, const ent_survey_opts_t *o, int dist, xw_t *scratch, pends_t *ps,
                                ent_error_t *err)
{
    size_t nd = target == ENT_UNC_CAPABILITY ? 0 : t->base->issues[g[0]->issue].ndim;
    for (size_t k = 0; k < n; k++) {
        scratch[k].x = target == ENT_UNC_CAPABILITY ? g[k]->cap
                                                    : t->vals[g[k]->vat + (target == ENT_UNC_SALIENCE ? nd : 0) + dim];
        scratch[k].w = g[k]->conf;
    }
    int first = 0; /* the row that comes first in the file */
    for (size_t k = 1; k < n; k++)
        if (g[k]->line < g[first]->line) first = (int)k;
    size_t m = 0;
    for (size_t k = 0; k < n; k++) m += scratch[k].w > 0;
    const rec_t *r0 = g[first];
    if (!m)
        return ent_error_set(err, ENT_EINPUT, t->name, r0->at[C_CONFIDENCE].line, r0->at[C_CONFIDENCE].col,
                             "every row of the %s of actor '%s'%s%s has confidence 0; expected a positive confidence "
                             "on at least one row",
                             target == ENT_UNC_POSITION ? "position" : "capability", t->base->actors[r0->actor].id,
                             target == ENT_UNC_CAPABILITY ? "" : " on issue ",
                             target == ENT_UNC_CAPABILITY ? "" : t->base->issues[r0->issue].id);
    ent_survey_value_t *v = push(ps);
    if (!v) return oom(t, err);
    v->target = target;
    v->actor = r0->actor;
    v->issue = target == ENT_UNC_CAPABILITY ? 0 : (size_t)r0->issue;
    v->dim = dim;
    v->as_of = r0->date;
    v->loc = (ent_loc_t){r0->line, r0->at[C_CODER].col};
    aggregate(scratch, n, o, v);
    if (dist) {
        pend_t *p = &ps->p[ps->n - 1];
        if (make_dist(scratch, v->ncoders, v, o, &p->dist) != ENT_OK) return oom(t, err);
        p->has_dist = 1;
    }
    return ENT_OK;
}

/* Duplicates, conflicts and mixed dates, found on the sorted records; the one reported is
 * the earliest offending row of the file. */
static ent_status_t check_sorted(const ent_survey_table_t *t, rec_t **pos, size_t np, rec_t **cap, size_t nc,
                                 ent_error_t *err)
{
    const rec_t *bad = NULL, *with = NULL;
    int why = 0;
    for (size_t k = 1; k < np; k++) {
        const rec_t *a = pos[k - 1], *b = pos[k];
        if (a->actor != b->actor || a->issue != b->issue) continue;
        int w = 0;
        if (a->date == b->date && a->coder == b->coder) w = 1;
        else if ((a->date == 0) != (b->date == 0)) w = 2;
        if (!w) continue;
        const rec_t *later = a->line > b->line ? a : b, *earlier = later == a ? b : a;
        if (w == 2) {  /* point at the undated row */
            later = a->date ? b : a;
            earlier = later == a ? b : a;
        }
        if (!bad || later->line < bad->line) bad = later, with = earlier, why = w;
    }
    for (size_t k = 1; k < nc; k++) {
        const rec_t *a = cap[k - 1], *b = cap[k];
        if (a->actor != b->actor) continue;
        int w = 0;
        if ((a->date == 0) != (b->date == 0)) w = 4;
        else if (a->date == b->date && a->coder == b->coder && a->cap != b->cap) w = 3;
        if (!w) continue;
        const rec_t *later = w == 4 ? (a->date ? b : a) : b, *earlier = later == a ? b : a;
        if (!bad || later->line < bad->line) bad = later, with = earlier, why = w;
    }
    if (!bad) return ENT_OK;
    const char *coder = t->coders[bad->coder], *actor = t->base->actors[bad->actor].id;
    if (why == 1) {
        char d[48] = "";
        if (bad->date)
            snprintf(d, sizeof d, "%04ld-%02ld-%02ld", bad->date / 10000, bad->date / 100 % 100, bad->date % 100);
        return ent_error_set(err, ENT_EINPUT, t->name, bad->line, bad->at[C_CODER].col,
                             "coder '%s' already coded actor '%s' on issue '%s'%s%s (line %d); expected one row per "
                             "coder, actor, issue and date",
                             coder, actor, t->base->issues[bad->issue].id, *d ? " on " : "", d, with->line);
    }
    if (why == 2)
        return ent_error_set(err, ENT_EINPUT, t->name, bad->line, bad->at[C_DATE].col,
                             "actor '%s' on issue '%s' has no date here but a date on line %d; expected a date on "
                             "every row of a value or on none",
                             actor, t->base->issues[bad->issue].id, with->line);
    if (why == 4)
        return ent_error_set(err, ENT_EINPUT, t->name, bad->line, bad->at[C_DATE].col,
                             "the capability of actor '%s' has no date here but a date on line %d; expected a date on "
                             "every row that gives a capability of the actor or on none",
                             actor, with->line);
    return ent_error_set(err, ENT_EINPUT, t->name, bad->line, bad->at[C_CAPABILITY].col,
                         "coder '%s' gives actor '%s' capability %g here and %g on line %d; expected one capability "
                         "per coder, actor and date",
                         coder, actor, bad->cap, with->cap, with->line);
}

/* Every value's aggregate, in the order of ent_survey_t.values: a merge of the two sorted
 * lists by actor (the capability first, then the positions by issue, latest date first). */
static ent_status_t build_values(const ent_survey_table_t *t, rec_t **pos, size_t np, rec_t **cap, size_t nc,
                                 const ent_survey_opts_t *o, pends_t *ps, ent_error_t *err)
{
    xw_t *scratch = malloc((t->nrecs ? t->nrecs : 1) * sizeof *scratch);
    rec_t **g = malloc((t->nrecs ? t->nrecs : 1) * sizeof *g);
    ent_status_t st = ENT_OK;
    if (!scratch || !g) st = oom(t, err);
    size_t i = 0, j = 0;
    while (st == ENT_OK && (i < np || j < nc)) {
        size_t a = i < np ? pos[i]->actor : SIZE_MAX;
        if (j < nc && cap[j]->actor <= a) {  /* the actor's capability by date, latest first */
            a = cap[j]->actor;
            int latest = 1;
            while (st == ENT_OK && j < nc && cap[j]->actor == a) {
                size_t n = 0; /* each coder's first row of the date */
                long date = cap[j]->date;
                for (; j < nc && cap[j]->actor == a && cap[j]->date == date; j++)
                    if (!n || cap[j]->coder != g[n - 1]->coder) g[n++] = cap[j];
                st = group_value(t, g, n, ENT_UNC_CAPABILITY, 0, o, latest, scratch, ps, err);
                latest = 0;
            }
            continue;
        }
        /* the positions of actor a on one issue, by date, latest first */
        long issue = pos[i]->issue;
        int latest = 1;
        while (st == ENT_OK && i < np && pos[i]->actor == a && pos[i]->issue == issue) {
            size_t n = 0;
            long date = pos[i]->date;
            for (; i < np && pos[i]->actor == a && pos[i]->issue == issue && pos[i]->date == date; i++)
                g[n++] = pos[i];
            size_t nd = t->base->issues[issue].ndim; /* each dimension's position, then its salience */
            for (size_t d = 0; st == ENT_OK && d < nd; d++)
                st = group_value(t, g, n, ENT_UNC_POSITION, d, o, latest, scratch, ps, err);
            for (size_t d = 0; st == ENT_OK && d < nd; d++)
                st = group_value(t, g, n, ENT_UNC_SALIENCE, d, o, latest, scratch, ps, err);
            latest = 0;
        }
    }
    free(scratch);
    free(g);
    return st;
}

/* Copy a preference form (its `ord` too). */
static int pref_copy(ent_pref_t *to, const ent_pref_t *from)
{
    *to = *from;
    to->ord = NULL;
    if (from->ord && from->nord) {
        if (!(to->ord = malloc(from->nord * sizeof *to->ord))) return -1;
        memcpy(to->ord, from->ord, from->nord * sizeof *to->ord);
    }
    return 0;
}

/* Write the aggregates into s (positions with their dated chain, capabilities, the
 * uncertainty section). ps->p holds position/salience pairs and capabilities in order. */
static ent_status_t recode(const ent_survey_table_t *t, ent_scenario_t *s, pends_t *ps, ent_error_t *err)
{
    char *source = malloc(strlen(t->name) + 16);
    if (!source) return oom(t, err);
    snprintf(source, strlen(t->name) + 16, "expert survey %s", t->name);
    ent_status_t st = ENT_OK;
    for (size_t k = 0; st == ENT_OK && k < ps->n; k++) {
        ent_survey_value_t *v = &ps->p[k].v;
        if (v->target == ENT_UNC_CAPABILITY) {  /* the latest replaces every coding, dated ones too */
            ent_actor_t *a = &s->actors[v->actor];
            const ent_survey_value_t *pv = k ? &ps->p[k - 1].v : NULL;
            if (!pv || pv->target != ENT_UNC_CAPABILITY || pv->actor != v->actor) {
                a->capability = v->point;
                a->cap_as_of = v->as_of;
                free(a->cap_earlier);
                a->cap_earlier = NULL;
                a->ncap_earlier = 0;
                continue;
            }
            ent_dated_t *e = realloc(a->cap_earlier, (a->ncap_earlier + 1) * sizeof *e); /* an earlier date */
            if (!e) {
                st = oom(t, err);
                break;
            }
            a->cap_earlier = e;
            e[a->ncap_earlier++] = (ent_dated_t){.value = v->point, .as_of = v->as_of, .loc = v->loc};
            continue;
        }
        if (v->target != ENT_UNC_POSITION || v->dim) continue; /* a group's values start at dimension 0 */
        size_t nd = s->issues[v->issue].ndim;
        ent_position_t *cell = ent_scenario_pos_mut(s, v->actor, v->issue), *tail = NULL;
        ent_pref_t pref = {0};
        double pcap = NAN;
        int latest = !k || ps->p[k - 1].v.target == ENT_UNC_CAPABILITY || ps->p[k - 1].v.actor != v->actor ||
                     ps->p[k - 1].v.issue != v->issue;
        if (latest) {
            if (cell->present) {
                pref = cell->pref;
                cell->pref.ord = NULL;
                pcap = cell->capability;
            }
            ent_position_clear(cell);
        } else {
            for (tail = cell; tail->earlier; tail = tail->earlier) {}
            if (pref_copy(&pref, &tail->pref) < 0) {
                st = oom(t, err);
                break;
            }
            pcap = tail->capability;
        }
        ent_position_t *p = latest ? cell : calloc(1, sizeof *p);
        if (!p) {
            free(pref.ord);
            st = oom(t, err);
            break;
        }
        if (!latest) tail->earlier = p;
        p->present = 1;
        p->pref = pref;
        p->capability = pcap;
        p->as_of = v->as_of;
        p->loc = v->loc;
        p->x = malloc(nd * sizeof *p->x);
        p->sal = malloc(nd * sizeof *p->sal);
        p->source = ent_i_strdup(source);
        if (!p->x || !p->sal || !p->source) {
            st = oom(t, err);
            break;
        }
        for (size_t d = 0; d < nd; d++) {
            p->x[d] = ps->p[k + d].v.point;
            p->sal[d] = ps->p[k + nd + d].v.point;
        }
    }
    free(source);
    return st;
}

/* Replace the base's distributions of the surveyed values with the survey's. */
static ent_status_t set_uncertainty(const ent_survey_table_t *t, ent_scenario_t *s, pends_t *ps, ent_error_t *err)
{
    ent_uncertainty_t *u = s->uncertainty;
    if (!u) {
        if (!(u = calloc(1, sizeof *u))) return oom(t, err);
        u->position.sd = u->position.relative = NAN;
        u->salience.sd = u->salience.relative = NAN;
        u->capability.sd = u->capability.relative = NAN;
        s->uncertainty = u;
    }
    size_t add = 0;
    for (size_t k = 0; k < ps->n; k++) add += ps->p[k].has_dist;
    ent_unc_value_t *vals = realloc(u->values, (u->nvalues + add + 1) * sizeof *vals);
    if (!vals) return oom(t, err);
    u->values = vals;
    size_t w = 0;
    for (size_t r = 0; r < u->nvalues; r++) {
        const ent_unc_value_t *o = &u->values[r];
        int gone = 0;
        for (size_t k = 0; !gone && k < ps->n; k++) {
            const ent_survey_value_t *v = &ps->p[k].v;
            gone = ps->p[k].has_dist && o->target == v->target && o->actor == v->actor &&
                   (v->target == ENT_UNC_CAPABILITY || (o->issue == v->issue && o->dim == v->dim));
        }
        if (gone) {
            free(u->values[r].dist.values);
            free(u->values[r].dist.p);
        } else {
            u->values[w++] = u->values[r];
        }
    }
    u->nvalues = w;
    for (size_t k = 0; k < ps->n; k++) {
        if (!ps->p[k].has_dist) continue;
        ent_unc_value_t *nv = &u->values[u->nvalues++];
        memset(nv, 0, sizeof *nv);
        nv->target = ps->p[k].v.target;
        nv->actor = ps->p[k].v.actor;
        nv->issue = ps->p[k].v.issue;
        nv->dim = ps->p[k].v.dim;
        nv->dist = ps->p[k].dist;
        nv->loc = ps->p[k].v.loc;
        ps->p[k].dist.values = ps->p[k].dist.p = NULL; /* moved */
    }
    return ENT_OK;
}

ent_status_t ent_survey_apply(const ent_survey_table_t *t, ent_scenario_t *s, const ent_survey_opts_t *opts,
                              ent_survey_t *out, ent_error_t *err)
{
    memset(out, 0, sizeof *out);
    ent_survey_opts_t o;
    if (opts) o = *opts;
    else ent_survey_opts_init(&o);
    if (o.dist != ENT_DIST_EMPIRICAL && o.dist != ENT_DIST_NORMAL && o.dist != ENT_DIST_TRIANGULAR)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_survey_apply: distribution %d; expected empirical, normal or triangular", (int)o.dist);
    if (!(o.disagree >= 0) && !isnan(o.disagree))
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_survey_apply: disagreement threshold %g; expected a number >= 0", o.disagree);
    if (!s || s->nactors != t->base->nactors || s->nissues != t->base->nissues)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_survey_apply: the scenario is not the table's base");
    if (!t->nhead || !t->nrecs)
        return ent_error_set(err, ENT_EINPUT, t->name, t->nhead ? 2 : 1, 1,
                             "the survey has no data rows; expected one row per coder, actor and issue after the header");
    rec_t **pos = malloc(t->nrecs * sizeof *pos), **cap = malloc(t->nrecs * sizeof *cap);
    pends_t ps = {0};
    ent_status_t st = ENT_OK;
    if (!pos || !cap) st = oom(t, err);
    size_t np = 0, nc = 0;
    for (size_t k = 0; st == ENT_OK && k < t->nrecs; k++) {
        rec_t *r = &t->recs[k];
        if (r->issue >= 0) pos[np++] = r;
        if (!isnan(r->cap)) cap[nc++] = r;
    }
    if (st == ENT_OK) {
        qsort(pos, np, sizeof *pos, cmp_pos);
        qsort(cap, nc, sizeof *cap, cmp_cap);
        st = check_sorted(t, pos, np, cap, nc, err);
    }
    if (st == ENT_OK) st = build_values(t, pos, np, cap, nc, &o, &ps, err);
    if (st == ENT_OK) st = recode(t, s, &ps, err);
    if (st == ENT_OK) st = set_uncertainty(t, s, &ps, err);
    if (st == ENT_OK) st = ent_scenario_validate(s, t->name, err);
    if (st == ENT_OK) {
        out->opts = o;
        out->nrows = t->nrecs;
        out->coders = calloc(t->ncoders ? t->ncoders : 1, sizeof *out->coders);
        out->values = malloc((ps.n ? ps.n : 1) * sizeof *out->values);
        if (!out->coders || !out->values) st = oom(t, err);
        for (size_t k = 0; st == ENT_OK && k < t->ncoders; k++, out->ncoders++)
            if (!(out->coders[k] = ent_i_strdup(t->coders[k]))) st = oom(t, err);
        for (size_t k = 0; st == ENT_OK && k < ps.n; k++) {
            out->values[out->nvalues++] = ps.p[k].v;
            out->nflagged += ps.p[k].v.flagged;
        }
        if (st != ENT_OK) ent_survey_destroy(out);
    }
    pends_free(&ps);
    free(pos);
    free(cap);
    return st;
}
