/* SPDX-License-Identifier: MIT */
/* import_deu.c — importer of DEU-style wide tables: one row per issue, columns p<actor>
 * (position) and s<actor> (salience, 0..100) for every actor, `rp` (reference point) and
 * `out` (actual outcome). The layout of "Decision-making in the European Union" (DEU I-III:
 * Thomson, Stokman, Achen & König (eds.) 2006, The European Union Decides, CUP; Arregui &
 * Perarnaud 2022, JEPP 29(1), doi:10.1080/13501763.2021.1991983). docs/importers.md §4.
 *
 * Delimiter: TAB (else ',' or ';' when the header has no TAB); fields may be double-quoted.
 * Header: the first non-blank line not skipped by --skip-line. Actors: every column p<x>
 * that has a partner s<x>, in header order; id = x, name from the DEU III actor codes
 * (com = Commission, ep = European Parliament, member-state codes) when x is one of them.
 * Issue id: `isnr` (prefixed with `prnr` when it does not start with it), else
 * `prnrnmc`.`isnrnmc`, else issue<row>; name: `prname` and the issue number.
 * Columns kept as issue notes ("key: value; ..."): every column that is not an actor
 * column, an id column, rp, out, intro or finact (DEU III: type, council, proc, counvte,
 * proccde, issues). intro/finact (dates, mangled in the public copy) are ignored on purpose.
 * Values: an empty cell is missing; a value outside [0, 100] is treated as missing and
 * counted in the report (DEU data documentation); non-numeric text is an error. A position
 * without a salience is left out (counted in the report): the models weight by salience.
 * Scale 0..100, salience_scale 100.
 * Capabilities: 1 for every actor (equal; reported), or --capability-row ID (the p-columns
 * of the row whose id — isnr, prnr, prnrnmc, isnrnmc or prname cell, or the issue id built
 * as above — is ID, or `line:N` for the row on line N; that row is not an issue), or
 * --capability-file (applied by load.c after this importer).
 * Stages (each a function below): delimiter → header (column kinds, p/s pairs) → rows (each
 * row is the capability row or an issue: id cells, values, notes) → build the scenario →
 * report. The state passed between them is deu_t.
 * Complexity: O(n) in the file size plus O(issues x actors) for the table.
 */
#include "entente/core.h"
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const deu_codes[][2] = {
    {"com", "European Commission"}, {"ep", "European Parliament"}, {"at", "Austria"},
    {"be", "Belgium"}, {"bu", "Bulgaria"}, {"cr", "Croatia"}, {"cy", "Cyprus"},
    {"cz", "Czech Republic"}, {"dk", "Denmark"}, {"ee", "Estonia"}, {"fi", "Finland"},
    {"fr", "France"}, {"de", "Germany"}, {"el", "Greece"}, {"hu", "Hungary"}, {"ie", "Ireland"},
    {"it", "Italy"}, {"lv", "Latvia"}, {"lt", "Lithuania"}, {"lu", "Luxembourg"},
    {"mt", "Malta"}, {"nl", "Netherlands"}, {"pl", "Poland"}, {"pt", "Portugal"},
    {"ro", "Romania"}, {"si", "Slovenia"}, {"sk", "Slovakia"}, {"es", "Spain"},
    {"se", "Sweden"}, {"uk", "United Kingdom"},
};

enum { C_NOTE = 0, C_IGNORE, C_P, C_S, C_RP, C_OUT, C_PRNRNMC, C_ISNRNMC, C_PRNR, C_PRNAME, C_ISNR };

typedef struct {
    char *id, *name, *notes;
    double *x, *sal;          /* nactors each; NaN = missing */
    double rp, out;
    int line;
} deu_issue_t;

typedef struct {
    long bad_p, bad_s, bad_rp, bad_out, nosal;
} deu_counts_t;

/* Everything the stages share. */
typedef struct {
    const char *name;          /* file name for messages */
    int skip;                  /* --skip-line (0 = none) */
    const char *caprow;        /* --capability-row, or NULL */
    long caprow_line;          /* N of "line:N", -1 when malformed, 0 when not of that form */
    ent_i_csv_t r;
    ent_i_idmap_t hdr;         /* lower-case column name → column */
    ent_i_idmap_t raw_issue;   /* issue id as built from the id cells → issue */
    char **hname;              /* ncols lower-case column names */
    int *kind;                 /* ncols C_* */
    long *partner;             /* for C_P columns: the actor index */
    size_t *pcol, *scol;       /* per actor: its p- and s-column */
    size_t ncols, na;
    int hdr_line;
    int has_idcols;            /* the header has an id column (isnr, prnr, ...) */
    deu_issue_t *iss;
    size_t ni, capi;
    double *caps;              /* --capability-row values, or NULL */
    int cap_line;
    deu_counts_t cnt;
} deu_t;

/* The id cells of one row (NULL when empty or absent) and the issue id built from them. */
typedef struct {
    const char *isnr, *prnr, *pn, *in, *name;
    char id[600];
} deu_ids_t;

static ent_status_t oom(const deu_t *d, ent_error_t *err)
{
    return ent_error_set(err, ENT_ENOMEM, d->name, 0, 0, "out of memory importing the DEU table");
}

/* Parse an optional cell: empty → NaN; outside [0,100] → NaN and (*bad)++. */
static ent_status_t cell(ent_i_field_t *f, const char *name, const char *what, double *out,
                         long *bad, ent_error_t *err)
{
    *out = NAN;
    if (ent_i_field_empty(f)) return ENT_OK;
    double v;
    ent_status_t st = ent_i_num(f, name, what, &v, err);
    if (st != ENT_OK) return st;
    if (v < 0 || v > 100) {
        if (bad) (*bad)++;
        return ENT_OK;
    }
    *out = v;
    return ENT_OK;
}

/* TAB, else ',' when the first line has a comma, else ';'. */
static char deu_delim(const char *data, size_t len)
{
    const char *q = data, *end = data + len;
    int has_tab = 0, has_comma = 0;
    for (; q < end && *q != '\n' && *q != '\r'; q++) {
        if (*q == '\t') has_tab = 1;
        if (*q == ',') has_comma = 1;
    }
    return has_tab ? '\t' : has_comma ? ',' : ';';
}

/* Next row that is neither blank nor the --skip-line; *got = 0 at the end. */
static ent_status_t next_row(deu_t *d, int *got, ent_error_t *err)
{
    for (;;) {
        ent_status_t st = ent_i_csv_row(&d->r, got, err);
        if (st != ENT_OK || !*got) return st;
        if (d->r.row_line != d->skip && !ent_i_csv_blank(&d->r)) return ENT_OK;
    }
}

/* ---- stage 1: the header ---- */

/* Column names: trimmed, valid UTF-8, lower-cased, non-empty, each once. */
static ent_status_t header_names(deu_t *d, ent_error_t *err)
{
    ent_i_csv_t *r = &d->r;
    d->ncols = r->nf;
    d->hname = calloc(d->ncols, sizeof *d->hname);
    d->kind = calloc(d->ncols, sizeof *d->kind);
    d->partner = calloc(d->ncols, sizeof *d->partner);
    d->pcol = calloc(d->ncols, sizeof *d->pcol);
    d->scol = calloc(d->ncols, sizeof *d->scol);
    if (!d->hname || !d->kind || !d->partner || !d->pcol || !d->scol) return oom(d, err);
    for (size_t i = 0; i < d->ncols; i++) {
        ent_status_t st;
        ent_i_field_trim(&r->f[i]);
        if ((st = ent_i_utf8_check(&r->f[i], d->name, "column name", err)) != ENT_OK) return st;
        if (!(d->hname[i] = strdup(r->f[i].s))) return oom(d, err);
        for (char *c = d->hname[i]; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        if (!d->hname[i][0])
            return ent_error_set(err, ENT_EINPUT, d->name, r->f[i].line, r->f[i].col,
                                 "empty column name; expected a name for every column");
        size_t prev;
        int pr = ent_i_idmap_put(&d->hdr, d->hname[i], i, &prev);
        if (pr < 0) return oom(d, err);
        if (pr > 0)
            return ent_error_set(err, ENT_EINPUT, d->name, r->f[i].line, r->f[i].col,
                                 "duplicate column '%s'; expected each column once", r->f[i].s);
    }
    return ENT_OK;
}

/* Column kinds: the fixed names, then p<x> columns with a partner s<x> (one actor each, in
 * header order); everything else is kept as notes. */
static ent_status_t header_kinds(deu_t *d, ent_error_t *err)
{
    static const struct { const char *n; int k; } fixed[] = {
        {"rp", C_RP}, {"out", C_OUT}, {"prnrnmc", C_PRNRNMC}, {"isnrnmc", C_ISNRNMC},
        {"prnr", C_PRNR}, {"prname", C_PRNAME}, {"isnr", C_ISNR}, {"intro", C_IGNORE},
        {"finact", C_IGNORE},
    };
    for (size_t i = 0; i < d->ncols; i++) {
        const char *h = d->hname[i];
        if (d->kind[i] == C_S) continue; /* partner of an earlier p-column */
        for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
            if (!strcmp(h, fixed[k].n)) d->kind[i] = fixed[k].k;
        if (d->kind[i] != C_NOTE || h[0] != 'p' || !h[1]) continue;
        char sname[512];
        snprintf(sname, sizeof sname, "s%s", h + 1);
        long sc = ent_i_idmap_get(&d->hdr, sname);
        if (sc < 0) continue;
        d->kind[i] = C_P;
        d->kind[sc] = C_S;
        d->partner[i] = (long)d->na;
        d->pcol[d->na] = i;
        d->scol[d->na] = (size_t)sc;
        d->na++;
    }
    for (size_t i = 0; i < d->ncols; i++)
        if (d->kind[i] >= C_PRNRNMC) d->has_idcols = 1;
    if (d->na == 0)
        return ent_error_set(err, ENT_EINPUT, d->name, d->hdr_line, 1,
                             "no p<actor>/s<actor> column pairs in the header; expected e.g. "
                             "pcom and scom");
    return ENT_OK;
}

static ent_status_t read_header(deu_t *d, ent_error_t *err)
{
    int got;
    ent_status_t st = next_row(d, &got, err);
    if (st != ENT_OK) return st;
    if (!got)
        return ent_error_set(err, ENT_EINPUT, d->name, d->r.line, 1,
                             "no header line; expected a header with p<actor>/s<actor> columns");
    d->hdr_line = d->r.row_line;
    if ((st = header_names(d, err)) == ENT_OK) st = header_kinds(d, err);
    if (st == ENT_EINPUT && d->skip && d->skip < d->hdr_line && err) {
        /* --skip-line took the header away (DEU tables have it on line 1; only the DEU III
         * copy has a stray line 2): say so, the option is what to fix */
        char was[sizeof err->msg];
        snprintf(was, sizeof was, "%s", err->msg);
        snprintf(err->msg, sizeof err->msg, "--skip-line %d removed the header line, so line %d "
                 "was read as the header: %.*s (leave --skip-line out, or give the line after the "
                 "header)", d->skip, d->hdr_line, (int)(sizeof err->msg - 200), was);
    }
    return st;
}

/* ---- stage 2: the rows ---- */

/* The row has as many fields as the header (trailing empty fields dropped); cells trimmed
 * and valid UTF-8. */
static ent_status_t row_fields(deu_t *d, ent_error_t *err)
{
    ent_i_csv_t *r = &d->r;
    size_t ncols = d->ncols;
    ent_i_csv_drop_empty_tail(r, ncols);
    if (r->nf > ncols) return ent_i_csv_extra_field(r, ncols, err);
    if (r->nf < ncols)
        return ent_error_set(err, ENT_EINPUT, d->name, r->row_line, r->row_end_col,
                             "row has %zu fields; expected %zu as in the header (missing "
                             "column '%s'; an empty cell is written as an empty field)",
                             r->nf, ncols, d->hname[r->nf]);
    for (size_t i = 0; i < ncols; i++) {
        ent_i_field_trim(&r->f[i]);
        ent_status_t st = ent_i_utf8_check(&r->f[i], d->name, "cell", err);
        if (st != ENT_OK) return st;
    }
    return ENT_OK;
}

/* The id cells of the current row and the issue id they make (empty when they make none). */
static void row_ids(const deu_t *d, deu_ids_t *ids)
{
    memset(ids, 0, sizeof *ids);
    for (size_t i = 0; i < d->ncols; i++) {
        const char *v = d->r.f[i].len ? d->r.f[i].s : NULL;
        switch (d->kind[i]) {
        case C_ISNR: ids->isnr = v; break;
        case C_PRNR: ids->prnr = v; break;
        case C_PRNRNMC: ids->pn = v; break;
        case C_ISNRNMC: ids->in = v; break;
        case C_PRNAME: ids->name = v; break;
        default: break;
        }
    }
    if (ids->isnr) {
        if (ids->prnr && strncmp(ids->isnr, ids->prnr, strlen(ids->prnr)) != 0)
            snprintf(ids->id, sizeof ids->id, "%.250s-%.250s", ids->prnr, ids->isnr);
        else
            snprintf(ids->id, sizeof ids->id, "%.500s", ids->isnr);
    } else if (ids->pn && ids->in) {
        snprintf(ids->id, sizeof ids->id, "%.250s.%.250s", ids->pn, ids->in);
    }
}

/* 1 when the current row is the --capability-row. */
static int is_caprow(const deu_t *d, const deu_ids_t *ids)
{
    const char *c = d->caprow;
    if (!c) return 0;
    if (d->caprow_line > 0) return d->r.row_line == d->caprow_line;
    return (ids->id[0] && !strcmp(ids->id, c)) || (ids->isnr && !strcmp(ids->isnr, c)) ||
           (ids->prnr && !strcmp(ids->prnr, c)) || (ids->pn && !strcmp(ids->pn, c)) ||
           (ids->in && !strcmp(ids->in, c)) || (ids->name && !strcmp(ids->name, c));
}

/* The capability row: one number >= 0 in every p-column. */
static ent_status_t cap_row(deu_t *d, ent_error_t *err)
{
    if (d->caps)
        return ent_error_set(err, ENT_EINPUT, d->name, d->r.row_line, 1,
                             "second row matching --capability-row '%s' (first on line %d); "
                             "expected exactly one", d->caprow, d->cap_line);
    if (!(d->caps = malloc(d->na * sizeof *d->caps))) return oom(d, err);
    d->cap_line = d->r.row_line;
    for (size_t a = 0; a < d->na; a++) {
        ent_i_field_t *f = &d->r.f[d->pcol[a]];
        char what[600];
        snprintf(what, sizeof what, "capability of '%s' (--capability-row)", d->hname[d->pcol[a]] + 1);
        ent_status_t st = ent_i_num(f, d->name, what, &d->caps[a], err);
        if (st != ENT_OK) return st;
        if (d->caps[a] < 0)
            return ent_error_set(err, ENT_EINPUT, d->name, f->line, f->col,
                                 "negative capability %s; expected a number >= 0", f->s);
    }
    return ENT_OK;
}

/* A new issue record for the current row: id (unique), name, value arrays. */
static ent_status_t new_issue(deu_t *d, deu_ids_t *ids, deu_issue_t **out, ent_error_t *err)
{
    if (!ids->id[0]) {
        if (d->has_idcols)
            return ent_error_set(err, ENT_EINPUT, d->name, d->r.row_line, 1,
                                 "row has no issue id (isnr, prnrnmc/isnrnmc empty); expected an "
                                 "id, or --skip-line %d / --capability-row line:%d for a row that "
                                 "is not an issue", d->r.row_line, d->r.row_line);
        snprintf(ids->id, sizeof ids->id, "issue%zu", d->ni + 1);
    }
    deu_issue_t *n2 = ent_i_grow(d->iss, &d->capi, d->ni, sizeof *n2);
    if (!n2) return oom(d, err);
    d->iss = n2;
    deu_issue_t *is = &d->iss[d->ni];
    memset(is, 0, sizeof *is);
    d->ni++;
    is->line = d->r.row_line;
    if (!(is->id = strdup(ids->id))) return oom(d, err);
    size_t prev;
    int pr = ent_i_idmap_put(&d->raw_issue, is->id, d->ni - 1, &prev);
    if (pr < 0) return oom(d, err);
    if (pr > 0)
        return ent_error_set(err, ENT_EINPUT, d->name, d->r.row_line, 1,
                             "duplicate issue id '%s' (first on line %d); expected each issue once",
                             is->id, d->iss[prev].line);
    char nb[600];
    if (ids->name && ids->in) snprintf(nb, sizeof nb, "%.400s, issue %.100s", ids->name, ids->in);
    else snprintf(nb, sizeof nb, "%.500s", ids->name ? ids->name : is->id);
    if (!(is->name = strdup(nb))) return oom(d, err);
    is->x = malloc(d->na * sizeof(double));
    is->sal = malloc(d->na * sizeof(double));
    if (!is->x || !is->sal) return oom(d, err);
    is->rp = is->out = NAN;
    *out = is;
    return ENT_OK;
}

/* The values of an issue row: positions and saliences, rp, out; other columns as notes. */
static ent_status_t issue_values(deu_t *d, deu_issue_t *is, ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    ent_buf_t notes = ENT_BUF_INIT;
    for (size_t i = 0; i < d->ncols && st == ENT_OK; i++) {
        ent_i_field_t *f = &d->r.f[i];
        char what[600];
        switch (d->kind[i]) {
        case C_P: {
            size_t a = (size_t)d->partner[i];
            snprintf(what, sizeof what, "position of '%s'", d->hname[i] + 1);
            if ((st = cell(f, d->name, what, &is->x[a], &d->cnt.bad_p, err)) != ENT_OK) break;
            ent_i_field_t *fs = &d->r.f[d->scol[a]];
            snprintf(what, sizeof what, "salience of '%s'", d->hname[i] + 1);
            if ((st = cell(fs, d->name, what, &is->sal[a], &d->cnt.bad_s, err)) != ENT_OK) break;
            if (!isnan(is->x[a]) && isnan(is->sal[a])) {
                d->cnt.nosal++;
                is->x[a] = NAN;
            }
            break;
        }
        case C_RP: st = cell(f, d->name, "reference point (rp)", &is->rp, &d->cnt.bad_rp, err); break;
        case C_OUT: st = cell(f, d->name, "outcome (out)", &is->out, &d->cnt.bad_out, err); break;
        case C_NOTE:
            if (f->len) ent_buf_printf(&notes, "%s%s: %s", notes.len ? "; " : "", d->hname[i], f->s);
            break;
        default: break;
        }
    }
    if (st == ENT_OK && notes.oom) st = oom(d, err);
    if (st == ENT_OK && notes.len && !(is->notes = ent_buf_take(&notes))) st = oom(d, err);
    ent_buf_free(&notes);
    return st;
}

static ent_status_t read_rows(deu_t *d, ent_error_t *err)
{
    for (;;) {
        int got;
        ent_status_t st = next_row(d, &got, err);
        if (st != ENT_OK) return st;
        if (!got) break;
        if ((st = row_fields(d, err)) != ENT_OK) return st;
        deu_ids_t ids;
        row_ids(d, &ids);
        deu_issue_t *is = NULL;
        if (is_caprow(d, &ids)) st = cap_row(d, err);
        else if ((st = new_issue(d, &ids, &is, err)) == ENT_OK) st = issue_values(d, is, err);
        if (st != ENT_OK) return st;
    }
    if (d->caprow && !d->caps)
        return ent_error_set(err, ENT_EINPUT, d->name, d->hdr_line, 1,
                             "no row matches --capability-row '%s'; expected an id cell of a row or "
                             "line:N", d->caprow);
    if (d->ni == 0)
        return ent_error_set(err, ENT_EINPUT, d->name, d->hdr_line, 1,
                             "no issue rows after the header; expected one row per issue");
    return ENT_OK;
}

/* ---- stage 3: the scenario ---- */

static ent_status_t build_actors(deu_t *d, ent_scenario_t *s, ent_error_t *err)
{
    ent_i_idmap_t aids;
    ent_i_idmap_init(&aids);
    ent_status_t st = ENT_OK;
    for (size_t a = 0; a < d->na && st == ENT_OK; a++) {
        ent_actor_t *ac = &s->actors[a];
        const char *code = d->hname[d->pcol[a]] + 1;
        char fb[32];
        snprintf(fb, sizeof fb, "actor%zu", a + 1);
        const char *nm = code;
        for (size_t k = 0; k < sizeof deu_codes / sizeof deu_codes[0]; k++)
            if (!strcmp(code, deu_codes[k][0])) nm = deu_codes[k][1];
        if (!(ac->id = ent_i_make_id(code, fb, &aids)) || !(ac->name = strdup(nm))) st = oom(d, err);
        ac->capability = d->caps ? d->caps[a] : 1;
        ac->loc.line = d->hdr_line;
        ac->loc.col = 1;
    }
    ent_i_idmap_free(&aids);
    return st;
}

static ent_status_t build_issue(deu_t *d, ent_scenario_t *s, size_t i, ent_i_idmap_t *iids, ent_error_t *err)
{
    ent_issue_t *is = &s->issues[i];
    deu_issue_t *di = &d->iss[i];
    char fb[32];
    snprintf(fb, sizeof fb, "issue%zu", i + 1);
    if (!(is->id = ent_i_make_id(di->id, fb, iids))) return oom(d, err);
    is->name = di->name;
    di->name = NULL;
    is->notes = di->notes;
    di->notes = NULL;
    is->loc.line = di->line;
    is->loc.col = 1;
    if (!isnan(di->rp)) {
        if (!(is->status_quo = malloc(sizeof(double)))) return oom(d, err);
        is->status_quo[0] = di->rp;
    }
    if (!isnan(di->out)) {
        if (!(is->outcome = malloc(sizeof(double)))) return oom(d, err);
        is->outcome[0] = di->out;
    }
    for (size_t a = 0; a < d->na; a++)
        if (!isnan(di->x[a]) && ent_i_pos_set(s, a, i, &di->x[a], &di->sal[a], di->line, 1) != ENT_OK)
            return oom(d, err);
    return ENT_OK;
}

static ent_status_t build(deu_t *d, ent_scenario_t *s, ent_error_t *err)
{
    ent_status_t st = ent_i_scenario_alloc(s, d->na, d->ni, d->name, err);
    if (st != ENT_OK) return st;
    s->salience_scale = 100;
    if ((st = build_actors(d, s, err)) != ENT_OK) return st;
    ent_i_idmap_t iids;
    ent_i_idmap_init(&iids);
    for (size_t i = 0; i < d->ni && st == ENT_OK; i++) st = build_issue(d, s, i, &iids, err);
    ent_i_idmap_free(&iids);
    if (st != ENT_OK) return st;
    if (!(s->title = ent_i_basename(d->name)) || !(s->origin = strdup("deu"))) return oom(d, err);
    return ENT_OK;
}

/* ---- stage 4: the report ---- */
static void report(const deu_t *d, ent_scenario_t *s, const ent_load_opts_t *o)
{
    const char *name = d->name;
    const deu_counts_t *cnt = &d->cnt;
    ent_i_report(s, "%s: DEU table, %zu issues x %zu actors\n", name, d->ni, d->na);
    if (d->skip) ent_i_report(s, "%s: line %d skipped (--skip-line)\n", name, d->skip);
    if (d->caps)
        ent_i_report(s, "%s: capabilities from the row on line %d (--capability-row %s)\n", name,
                     d->cap_line, d->caprow);
    else if (!(o && o->capability_file))
        ent_i_report(s, "%s: capability 1 for every actor (equal; DEU records none: use "
                        "--capability-row or --capability-file)\n", name);
    long nbad = cnt->bad_p + cnt->bad_s + cnt->bad_rp + cnt->bad_out;
    if (nbad)
        ent_i_report(s, "%s: %ld values outside [0,100] treated as missing (positions %ld, "
                        "saliences %ld, rp %ld, out %ld)\n",
                     name, nbad, cnt->bad_p, cnt->bad_s, cnt->bad_rp, cnt->bad_out);
    if (cnt->nosal)
        ent_i_report(s, "%s: %ld positions without a salience left out\n", name, cnt->nosal);
}

static void deu_free(deu_t *d)
{
    for (size_t i = 0; i < d->ni; i++) {
        free(d->iss[i].id);
        free(d->iss[i].name);
        free(d->iss[i].notes);
        free(d->iss[i].x);
        free(d->iss[i].sal);
    }
    free(d->iss);
    if (d->hname)
        for (size_t i = 0; i < d->ncols; i++) free(d->hname[i]);
    free(d->hname);
    free(d->kind);
    free(d->partner);
    free(d->pcol);
    free(d->scol);
    free(d->caps);
    ent_i_idmap_free(&d->hdr);
    ent_i_idmap_free(&d->raw_issue);
    ent_i_csv_free(&d->r);
}

ent_status_t ent_i_import_deu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                              const ent_load_opts_t *o, ent_error_t *err)
{
    deu_t d;
    memset(&d, 0, sizeof d);
    d.name = name;
    d.skip = o ? o->deu_skip_line : 0;
    d.caprow = o ? o->deu_capability_row : NULL;
    if (d.caprow && strncmp(d.caprow, "line:", 5) == 0) {
        char *e;
        d.caprow_line = strtol(d.caprow + 5, &e, 10);
        if (*e || d.caprow_line < 1) d.caprow_line = -1;
    }
    ent_i_idmap_init(&d.hdr);
    ent_i_idmap_init(&d.raw_issue);
    ent_i_csv_init(&d.r, name, data, len, deu_delim(data, len), '"');
    ent_status_t st = read_header(&d, err);
    if (st == ENT_OK) st = read_rows(&d, err);
    if (st == ENT_OK) st = build(&d, s, err);
    if (st == ENT_OK) {
        report(&d, s, o);
        st = ent_i_import_finish(s, name, err);
    }
    deu_free(&d);
    return st;
}
