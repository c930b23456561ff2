/* SPDX-License-Identifier: MIT */
/* import_eu.c — importer of expected-utility tables: one row per actor with its capability,
 * position and salience on a single issue (the input of Bueno de Mesquita's expected-utility
 * model, e.g. Bueno de Mesquita & Stokman 1994, "European Community Decision Making", ch. 4;
 * Scholz, Calbert & Smith 2011, Table 1). Format: docs/importers.md §1.
 *
 * Header names (case-insensitive, any order): actor | name | stakeholder | player;
 * capability | clout | resources | power | influence | c; position | x | pos;
 * salience | s | sal; optional notes | description. Delimiter: TAB, ',' or ';' (the one
 * whose split of the header names all four columns). Lines starting with '#' before the
 * header are comments and become the scenario description; after the header a '#' line is
 * a comment only when it holds no delimiter (otherwise it is a data row).
 * Salience scale: 0..100 when any salience exceeds 1, else 0..1 (reported).
 * Issue: id `issue`, scale [min, max] of the positions; when that is degenerate (one
 * distinct position) the scale is [0, 100] if the position lies there, else [x-1, x+1].
 * Actor ids are derived from the names (csv.h ent_i_make_id); the names are kept.
 * Stages (each a function below, sharing eu_t): find the header (comments before it become
 * the description) → pick the delimiter (or explain why none fits) → column roles → rows →
 * build the scenario.
 * Complexity: O(n) for n bytes (ids are hashed; no O(actors^2) checks).
 */
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const role_names[] = {"actor", "capability", "position", "salience", "notes"};

int ent_i_eu_role(const char *h)
{
    static const struct { const char *name; int role; } syn[] = {
        {"actor", 0}, {"name", 0}, {"stakeholder", 0}, {"player", 0},
        {"capability", 1}, {"clout", 1}, {"resources", 1}, {"power", 1}, {"influence", 1}, {"c", 1},
        {"position", 2}, {"x", 2}, {"pos", 2},
        {"salience", 3}, {"s", 3}, {"sal", 3},
        {"notes", 4}, {"description", 4},
    };
    while (*h == ' ' || *h == '\t') h++;
    size_t n = strlen(h);
    while (n && (h[n - 1] == ' ' || h[n - 1] == '\t')) n--;
    for (size_t i = 0; i < sizeof syn / sizeof syn[0]; i++)
        if (strlen(syn[i].name) == n && strncasecmp(h, syn[i].name, n) == 0) return syn[i].role;
    return -1;
}

typedef struct {
    char *name, *notes;
    double c, x, s;
    int line, col;
} eu_row_t;

/* Everything the stages share. */
typedef struct {
    const char *name, *data;
    size_t len;
    ent_i_csv_t r;
    char *desc;                /* '#' lines before the header, joined by '\n' */
    size_t desclen;
    const char *hdr;           /* start of the header line, or NULL */
    int hdr_line;
    char delim;
    size_t ncols;
    int col_role[64];
    ent_i_idmap_t raw;         /* actor name → row */
    eu_row_t *rows;
    size_t nrows, caprows;
} eu_t;

static ent_status_t oom(const eu_t *u, ent_error_t *err)
{
    return ent_error_set(err, ENT_ENOMEM, u->name, 0, 0, "out of memory importing the table");
}

static int comment_row(const ent_i_csv_t *r)
{
    return r->nf && !r->f[0].quoted && r->f[0].len && r->f[0].s[0] == '#';
}

static ent_status_t unknown_column(const eu_t *u, const ent_i_field_t *f, ent_error_t *err)
{
    return ent_error_set(err, ENT_EINPUT, u->name, f->line, f->col,
                         "unknown column '%s'; expected Actor, Capability, Position, "
                         "Salience (or a synonym, docs/importers.md) and optional Notes", f->s);
}

/* Re-read from the header line with delimiter d. */
static void reread_header(eu_t *u, char d)
{
    ent_i_csv_free(&u->r);
    ent_i_csv_init(&u->r, u->name, u->hdr, (size_t)(u->data + u->len - u->hdr), d, '"');
    u->r.line = u->hdr_line;
}

/* ---- stage 1: the header line, with a neutral delimiter; '#' lines before it are kept as
 * the description ---- */
static ent_status_t find_header(eu_t *u, ent_error_t *err)
{
    ent_i_csv_t *r = &u->r;
    ent_i_csv_init(r, u->name, u->data, u->len, '\x1f', 0);
    for (;;) {
        const char *at = r->p;
        int line = r->line, got;
        ent_status_t st = ent_i_csv_row(r, &got, err);
        if (st != ENT_OK) return st;
        if (!got) break;
        if (ent_i_csv_blank(r)) continue;
        if (!comment_row(r)) {
            u->hdr = at;
            u->hdr_line = line;
            return ENT_OK;
        }
        const char *t = r->f[0].s + 1;
        while (*t == ' ') t++;
        size_t tl = strlen(t);
        char *d = realloc(u->desc, u->desclen + tl + 2);
        if (!d) return oom(u, err);
        u->desc = d;
        if (u->desclen) d[u->desclen++] = '\n';
        memcpy(d + u->desclen, t, tl + 1);
        u->desclen += tl;
    }
    return ent_error_set(err, ENT_EINPUT, u->name, r->line > 1 ? r->line - 1 : 1, 1,
                         "no header line; expected a header Actor,Capability,Position,Salience");
}

/* No delimiter names all four columns: say why, with the split that gave the most fields
 * (too few fields, an unknown column, or the missing one). */
static ent_status_t explain_header(eu_t *u, char best_delim, ent_error_t *err)
{
    ent_i_csv_t *r = &u->r;
    int got;
    reread_header(u, best_delim);
    ent_status_t st = ent_i_csv_row(r, &got, err);
    if (st != ENT_OK) return st;
    ent_i_csv_drop_empty_tail(r, 1);
    if (r->nf < 2)
        return ent_error_set(err, ENT_EINPUT, u->name, u->hdr_line, 1,
                             "header has %zu field%s; expected the columns Actor,Capability,"
                             "Position,Salience separated by ',' or TAB (wrong delimiter?)",
                             r->nf, r->nf == 1 ? "" : "s");
    for (size_t i = 0; i < r->nf; i++) {
        ent_i_field_trim(&r->f[i]);
        if (ent_i_eu_role(r->f[i].s) < 0) return unknown_column(u, &r->f[i], err);
    }
    unsigned seen = 0;
    for (size_t i = 0; i < r->nf; i++) seen |= 1u << ent_i_eu_role(r->f[i].s);
    for (int k = 0; k < 4; k++)
        if (!(seen & (1u << k)))
            return ent_error_set(err, ENT_EINPUT, u->name, u->hdr_line, 1,
                                 "missing column '%s'; expected the columns Actor,Capability,"
                                 "Position,Salience", role_names[k]);
    return ent_error_set(err, ENT_EINTERNAL, u->name, u->hdr_line, 1, "header not understood");
}

/* ---- stage 2: the delimiter whose split of the header names all four columns; u->r is
 * left holding the header split by it ---- */
static ent_status_t pick_delimiter(eu_t *u, ent_error_t *err)
{
    static const char delims[] = {'\t', ',', ';'};
    ent_i_csv_t *r = &u->r;
    size_t best_nf = 0;
    char best_delim = ',';
    for (int k = 0; k < 3 && !u->delim; k++) {
        int got;
        reread_header(u, delims[k]);
        if (ent_i_csv_row(r, &got, NULL) != ENT_OK || !got) continue;
        ent_i_csv_drop_empty_tail(r, 1);
        if (r->nf > best_nf) { best_nf = r->nf; best_delim = delims[k]; }
        unsigned seen = 0;
        for (size_t i = 0; i < r->nf; i++) {
            int role = ent_i_eu_role(r->f[i].s);
            if (role >= 0) seen |= 1u << role;
        }
        if ((seen & 0xF) == 0xF) u->delim = delims[k];
    }
    return u->delim ? ENT_OK : explain_header(u, best_delim, err);
}

/* ---- stage 3: the role of each column; each role once ---- */
static ent_status_t column_roles(eu_t *u, ent_error_t *err)
{
    ent_i_csv_t *r = &u->r;
    int where[5] = {-1, -1, -1, -1, -1};
    u->ncols = r->nf > 64 ? 64 : r->nf;
    for (size_t i = 0; i < r->nf; i++) {
        ent_i_field_trim(&r->f[i]);
        int role = ent_i_eu_role(r->f[i].s);
        if (role < 0 || i >= 64) return unknown_column(u, &r->f[i], err);
        if (where[role] >= 0)
            return ent_error_set(err, ENT_EINPUT, u->name, r->f[i].line, r->f[i].col,
                                 "second %s column '%s'; expected each column once",
                                 role_names[role], r->f[i].s);
        where[role] = (int)i;
        u->col_role[i] = role;
    }
    return ENT_OK;
}

/* ---- stage 4: the actor rows ---- */

/* One cell of the current row into `row`, by its column's role. */
static ent_status_t row_cell(eu_t *u, eu_row_t *row, size_t i, ent_error_t *err)
{
    ent_i_field_t *f = &u->r.f[i];
    ent_status_t st;
    int role = u->col_role[i];
    ent_i_field_trim(f);
    if (role == 0) {
        if (!f->len)
            return ent_error_set(err, ENT_EINPUT, u->name, f->line, f->col, "empty actor name; expected a name");
        if ((st = ent_i_utf8_check(f, u->name, "actor name", err)) != ENT_OK) return st;
        if (!(row->name = strdup(f->s))) return oom(u, err);
        row->col = f->col;
        return ENT_OK;
    }
    if (role == 4) {
        if ((st = ent_i_utf8_check(f, u->name, "notes", err)) != ENT_OK) return st;
        if (f->len && !(row->notes = strdup(f->s))) return oom(u, err);
        return ENT_OK;
    }
    double v;
    if ((st = ent_i_num(f, u->name, role_names[role], &v, err)) != ENT_OK) return st;
    if (role == 1) {
        if (v < 0)
            return ent_error_set(err, ENT_EINPUT, u->name, f->line, f->col,
                                 "negative capability %s; expected a number >= 0", f->s);
        row->c = v;
    } else if (role == 2) {
        row->x = v;
    } else {
        if (v < 0 || v > 100)
            return ent_error_set(err, ENT_EINPUT, u->name, f->line, f->col,
                                 "salience %s out of range; expected 0..1 or 0..100", f->s);
        row->s = v;
    }
    return ENT_OK;
}

/* The current row as a new actor row: field count, cells, name not seen before. */
static ent_status_t read_row(eu_t *u, ent_error_t *err)
{
    ent_i_csv_t *r = &u->r;
    size_t ncols = u->ncols;
    ent_i_csv_drop_empty_tail(r, ncols);
    if (r->nf < ncols)
        return ent_error_set(err, ENT_EINPUT, u->name, r->row_line, r->row_end_col,
                             "row has %zu field%s; expected %zu as in the header (missing %s; "
                             "delimiter '%s')",
                             r->nf, r->nf == 1 ? "" : "s", ncols, role_names[u->col_role[r->nf]],
                             u->delim == '\t' ? "TAB" : u->delim == ',' ? "," : ";");
    if (r->nf > ncols) return ent_i_csv_extra_field(r, ncols, err);
    eu_row_t *rows = ent_i_grow(u->rows, &u->caprows, u->nrows, sizeof *rows);
    if (!rows) return oom(u, err);
    u->rows = rows;
    eu_row_t *row = &rows[u->nrows];
    memset(row, 0, sizeof *row);
    row->line = r->row_line;
    row->col = r->f[0].col;
    u->nrows++;
    ent_status_t st;
    for (size_t i = 0; i < ncols; i++)
        if ((st = row_cell(u, row, i, err)) != ENT_OK) return st;
    size_t prev;
    int pst = ent_i_idmap_put(&u->raw, row->name, u->nrows - 1, &prev);
    if (pst < 0) return oom(u, err);
    if (pst > 0)
        return ent_error_set(err, ENT_EINPUT, u->name, row->line, row->col,
                             "duplicate actor '%s' (first on line %d); expected each actor once",
                             row->name, rows[prev].line);
    return ENT_OK;
}

static ent_status_t read_rows(eu_t *u, ent_error_t *err)
{
    for (;;) {
        int got;
        ent_status_t st = ent_i_csv_row(&u->r, &got, err);
        if (st != ENT_OK) return st;
        if (!got) break;
        /* after the header only a '#' line without delimiters is a comment, so that an
         * actor named "#5 list" is never dropped silently */
        if (ent_i_csv_blank(&u->r) || (comment_row(&u->r) && u->r.nf == 1)) continue;
        if ((st = read_row(u, err)) != ENT_OK) return st;
    }
    if (u->nrows == 0)
        return ent_error_set(err, ENT_EINPUT, u->name, u->hdr_line, 1,
                             "no actor rows after the header; expected one row per actor");
    return ENT_OK;
}

/* ---- stage 5: the scenario ---- */

/* Scale [min, max] of the positions; degenerate: [0, 100] when the one position lies there,
 * else [x-1, x+1]. */
static void issue_scale(const eu_t *u, ent_issue_t *is)
{
    double xmin = INFINITY, xmax = -INFINITY;
    for (size_t a = 0; a < u->nrows; a++) {
        if (u->rows[a].x < xmin) xmin = u->rows[a].x;
        if (u->rows[a].x > xmax) xmax = u->rows[a].x;
    }
    if (xmin < xmax) {
        is->lo[0] = xmin;
        is->hi[0] = xmax;
    } else if (xmin >= 0 && xmin <= 100) {
        is->lo[0] = 0;
        is->hi[0] = 100;
    } else {
        is->lo[0] = xmin - 1;
        is->hi[0] = xmin + 1;
    }
}

static ent_status_t build(eu_t *u, ent_scenario_t *s, ent_error_t *err)
{
    ent_status_t st = ent_i_scenario_alloc(s, u->nrows, 1, u->name, err);
    if (st != ENT_OK) return st;
    double smax = 0;
    for (size_t a = 0; a < u->nrows; a++)
        if (u->rows[a].s > smax) smax = u->rows[a].s;
    s->salience_scale = smax > 1 ? 100 : 1;
    ent_issue_t *is = &s->issues[0];
    if (!(is->id = strdup("issue")) || !(is->name = strdup("issue"))) return oom(u, err);
    is->loc.line = u->hdr_line;
    is->loc.col = 1;
    issue_scale(u, is);
    ent_i_idmap_t ids;
    ent_i_idmap_init(&ids);
    for (size_t a = 0; a < u->nrows && st == ENT_OK; a++) {
        ent_actor_t *ac = &s->actors[a];
        eu_row_t *row = &u->rows[a];
        ac->name = row->name;
        row->name = NULL;
        ac->notes = row->notes;
        row->notes = NULL;
        ac->capability = row->c;
        ac->loc.line = row->line;
        ac->loc.col = row->col;
        char fb[32];
        snprintf(fb, sizeof fb, "actor%zu", a + 1);
        if (!(ac->id = ent_i_make_id(ac->name, fb, &ids)) ||
            ent_i_pos_set(s, a, 0, &row->x, &row->s, row->line, row->col) != ENT_OK)
            st = oom(u, err);
    }
    ent_i_idmap_free(&ids);
    if (st != ENT_OK) return st;
    s->title = ent_i_basename(u->name);
    s->origin = strdup("eu");
    s->description = u->desc;
    u->desc = NULL;
    if (!s->title || !s->origin) return oom(u, err);
    ent_i_report(s, "%s: salience read on a 0-%s scale (max %g)\n", u->name,
                 s->salience_scale == 100 ? "100" : "1", smax);
    return ENT_OK;
}

ent_status_t ent_i_import_eu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                             const ent_load_opts_t *o, ent_error_t *err)
{
    (void)o;
    eu_t u;
    memset(&u, 0, sizeof u);
    u.name = name;
    u.data = data;
    u.len = len;
    ent_i_idmap_init(&u.raw);
    ent_status_t st = find_header(&u, err);
    if (st == ENT_OK) st = pick_delimiter(&u, err);
    if (st == ENT_OK) st = column_roles(&u, err);
    if (st == ENT_OK) st = read_rows(&u, err);
    if (st == ENT_OK) st = build(&u, s, err);
    if (st == ENT_OK) st = ent_i_import_finish(s, name, err);
    for (size_t i = 0; i < u.nrows; i++) {
        free(u.rows[i].name);
        free(u.rows[i].notes);
    }
    free(u.rows);
    free(u.desc);
    ent_i_idmap_free(&u.raw);
    ent_i_csv_free(&u.r);
    return st;
}
