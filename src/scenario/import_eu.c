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

static int comment_row(const ent_i_csv_t *r)
{
    return r->nf && !r->f[0].quoted && r->f[0].len && r->f[0].s[0] == '#';
}

ent_status_t ent_i_import_eu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                             const ent_load_opts_t *o, ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    ent_i_csv_t r;
    memset(&r, 0, sizeof r);
    ent_i_idmap_t raw, ids;
    ent_i_idmap_init(&raw);
    ent_i_idmap_init(&ids);
    eu_row_t *rows = NULL;
    size_t nrows = 0, caprows = 0;
    char *desc = NULL;
    size_t desclen = 0;
    int got = 0;

    /* ---- header: find its line with a neutral delimiter, then pick the delimiter ---- */
    ent_i_csv_init(&r, name, data, len, '\x1f', 0);
    const char *hdr = NULL;
    int hdr_line = 0;
    for (;;) {
        const char *at = r.p;
        int line = r.line;
        st = ent_i_csv_row(&r, &got, err);
        if (st != ENT_OK) goto done;
        if (!got) break;
        if (ent_i_csv_blank(&r)) continue;
        if (comment_row(&r)) {
            /* keep '#' comment lines before the header as the description */
            const char *t = r.f[0].s + 1;
            while (*t == ' ') t++;
            size_t tl = strlen(t);
            char *d = realloc(desc, desclen + tl + 2);
            if (!d) goto oom;
            desc = d;
            if (desclen) desc[desclen++] = '\n';
            memcpy(desc + desclen, t, tl + 1);
            desclen += tl;
            continue;
        }
        hdr = at;
        hdr_line = line;
        break;
    }
    if (!hdr) {
        st = ent_error_set(err, ENT_EINPUT, name, r.line > 1 ? r.line - 1 : 1, 1,
                           "no header line; expected a header Actor,Capability,Position,Salience");
        goto done;
    }
    static const char delims[] = {'\t', ',', ';'};
    char delim = 0;
    int col_role[64];
    size_t ncols = 0, best_nf = 0;
    char best_delim = ',';
    for (int k = 0; k < 3 && !delim; k++) {
        ent_i_csv_free(&r);
        ent_i_csv_init(&r, name, hdr, (size_t)(data + len - hdr), delims[k], '"');
        r.line = hdr_line;
        if (ent_i_csv_row(&r, &got, NULL) != ENT_OK || !got) continue;
        while (r.nf > 1 && ent_i_field_empty(&r.f[r.nf - 1])) r.nf--;
        if (r.nf > best_nf) { best_nf = r.nf; best_delim = delims[k]; }
        unsigned seen = 0;
        for (size_t i = 0; i < r.nf; i++) {
            int role = ent_i_eu_role(r.f[i].s);
            if (role >= 0) seen |= 1u << role;
        }
        if ((seen & 0xF) == 0xF) delim = delims[k];
    }
    if (!delim) {
        /* explain with the split that gave the most fields */
        ent_i_csv_free(&r);
        ent_i_csv_init(&r, name, hdr, (size_t)(data + len - hdr), best_delim, '"');
        r.line = hdr_line;
        st = ent_i_csv_row(&r, &got, err);
        if (st != ENT_OK) goto done;
        while (r.nf > 1 && ent_i_field_empty(&r.f[r.nf - 1])) r.nf--;
        if (r.nf < 2) {
            st = ent_error_set(err, ENT_EINPUT, name, hdr_line, 1,
                               "header has %zu field%s; expected the columns Actor,Capability,"
                               "Position,Salience separated by ',' or TAB (wrong delimiter?)",
                               r.nf, r.nf == 1 ? "" : "s");
            goto done;
        }
        for (size_t i = 0; i < r.nf; i++) {
            ent_i_field_trim(&r.f[i]);
            if (ent_i_eu_role(r.f[i].s) < 0) {
                st = ent_error_set(err, ENT_EINPUT, name, r.f[i].line, r.f[i].col,
                                   "unknown column '%s'; expected Actor, Capability, Position, "
                                   "Salience (or a synonym, docs/importers.md) and optional Notes",
                                   r.f[i].s);
                goto done;
            }
        }
        unsigned seen = 0;
        for (size_t i = 0; i < r.nf; i++) seen |= 1u << ent_i_eu_role(r.f[i].s);
        for (int k = 0; k < 4; k++)
            if (!(seen & (1u << k))) {
                st = ent_error_set(err, ENT_EINPUT, name, hdr_line, 1,
                                   "missing column '%s'; expected the columns Actor,Capability,"
                                   "Position,Salience", role_names[k]);
                goto done;
            }
        st = ent_error_set(err, ENT_EINTERNAL, name, hdr_line, 1, "header not understood");
        goto done;
    }
    /* r holds the header split by delim */
    ncols = r.nf;
    if (ncols > 64) ncols = 64;
    {
        int where[5] = {-1, -1, -1, -1, -1};
        for (size_t i = 0; i < r.nf; i++) {
            ent_i_field_trim(&r.f[i]);
            int role = ent_i_eu_role(r.f[i].s);
            if (role < 0 || i >= 64) {
                st = ent_error_set(err, ENT_EINPUT, name, r.f[i].line, r.f[i].col,
                                   "unknown column '%s'; expected Actor, Capability, Position, "
                                   "Salience (or a synonym, docs/importers.md) and optional Notes",
                                   r.f[i].s);
                goto done;
            }
            if (where[role] >= 0) {
                st = ent_error_set(err, ENT_EINPUT, name, r.f[i].line, r.f[i].col,
                                   "second %s column '%s'; expected each column once",
                                   role_names[role], r.f[i].s);
                goto done;
            }
            where[role] = (int)i;
            col_role[i] = role;
        }
    }

    /* ---- data rows ---- */
    for (;;) {
        st = ent_i_csv_row(&r, &got, err);
        if (st != ENT_OK) goto done;
        if (!got) break;
        /* after the header only a '#' line without delimiters is a comment, so that an
         * actor named "#5 list" is never dropped silently */
        if (ent_i_csv_blank(&r) || (comment_row(&r) && r.nf == 1)) continue;
        while (r.nf > ncols && ent_i_field_empty(&r.f[r.nf - 1])) r.nf--;
        if (r.nf < ncols) {
            st = ent_error_set(err, ENT_EINPUT, name, r.row_line, r.row_end_col,
                               "row has %zu field%s; expected %zu as in the header (missing %s; "
                               "delimiter '%s')",
                               r.nf, r.nf == 1 ? "" : "s", ncols, role_names[col_role[r.nf]],
                               delim == '\t' ? "TAB" : delim == ',' ? "," : ";");
            goto done;
        }
        if (r.nf > ncols) {
            st = ent_error_set(err, ENT_EINPUT, name, r.f[ncols].line, r.f[ncols].col,
                               "extra field '%.40s'; expected %zu fields as in the header",
                               r.f[ncols].s, ncols);
            goto done;
        }
        if (nrows == caprows) {
            size_t c = caprows ? caprows * 2 : 64;
            eu_row_t *nr = realloc(rows, c * sizeof *nr);
            if (!nr) goto oom;
            rows = nr;
            caprows = c;
        }
        eu_row_t *row = &rows[nrows];
        memset(row, 0, sizeof *row);
        row->line = r.row_line;
        row->col = r.f[0].col;
        nrows++;
        for (size_t i = 0; i < ncols; i++) {
            ent_i_field_t *f = &r.f[i];
            ent_i_field_trim(f);
            char what[160];
            switch (col_role[i]) {
            case 0:
                if (!f->len) {
                    st = ent_error_set(err, ENT_EINPUT, name, f->line, f->col,
                                       "empty actor name; expected a name");
                    goto done;
                }
                if ((st = ent_i_utf8_check(f, name, "actor name", err)) != ENT_OK) goto done;
                if (!(row->name = strdup(f->s))) goto oom;
                row->col = f->col;
                break;
            case 4:
                if ((st = ent_i_utf8_check(f, name, "notes", err)) != ENT_OK) goto done;
                if (f->len && !(row->notes = strdup(f->s))) goto oom;
                break;
            default: {
                double v;
                snprintf(what, sizeof what, "%s", role_names[col_role[i]]);
                if ((st = ent_i_num(f, name, what, &v, err)) != ENT_OK) goto done;
                if (col_role[i] == 1) {
                    if (v < 0) {
                        st = ent_error_set(err, ENT_EINPUT, name, f->line, f->col,
                                           "negative capability %s; expected a number >= 0", f->s);
                        goto done;
                    }
                    row->c = v;
                } else if (col_role[i] == 2) {
                    row->x = v;
                } else {
                    if (v < 0 || v > 100) {
                        st = ent_error_set(err, ENT_EINPUT, name, f->line, f->col,
                                           "salience %s out of range; expected 0..1 or 0..100", f->s);
                        goto done;
                    }
                    row->s = v;
                }
            }
            }
        }
        size_t prev;
        int pst = ent_i_idmap_put(&raw, row->name, nrows - 1, &prev);
        if (pst < 0) goto oom;
        if (pst > 0) {
            st = ent_error_set(err, ENT_EINPUT, name, row->line, row->col,
                               "duplicate actor '%s' (first on line %d); expected each actor once",
                               row->name, rows[prev].line);
            goto done;
        }
    }
    if (nrows == 0) {
        st = ent_error_set(err, ENT_EINPUT, name, hdr_line, 1,
                           "no actor rows after the header; expected one row per actor");
        goto done;
    }

    /* ---- build the scenario ---- */
    if ((st = ent_i_scenario_alloc(s, nrows, 1, name, err)) != ENT_OK) goto done;
    double smax = 0, xmin = INFINITY, xmax = -INFINITY;
    for (size_t a = 0; a < nrows; a++) {
        if (rows[a].s > smax) smax = rows[a].s;
        if (rows[a].x < xmin) xmin = rows[a].x;
        if (rows[a].x > xmax) xmax = rows[a].x;
    }
    s->salience_scale = smax > 1 ? 100 : 1;
    ent_issue_t *is = &s->issues[0];
    if (!(is->id = strdup("issue")) || !(is->name = strdup("issue"))) goto oom;
    is->loc.line = hdr_line;
    is->loc.col = 1;
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
    for (size_t a = 0; a < nrows; a++) {
        ent_actor_t *ac = &s->actors[a];
        ac->name = rows[a].name;
        rows[a].name = NULL;
        ac->notes = rows[a].notes;
        rows[a].notes = NULL;
        ac->capability = rows[a].c;
        ac->loc.line = rows[a].line;
        ac->loc.col = rows[a].col;
        char fb[32];
        snprintf(fb, sizeof fb, "actor%zu", a + 1);
        if (!(ac->id = ent_i_make_id(ac->name, fb, &ids))) goto oom;
        if (ent_i_pos_set(s, a, 0, &rows[a].x, &rows[a].s, rows[a].line, rows[a].col) != ENT_OK)
            goto oom;
    }
    s->title = ent_i_basename(name);
    s->origin = strdup("eu");
    s->description = desc;
    desc = NULL;
    if (!s->title || !s->origin) goto oom;
    ent_i_report(s, "%s: salience read on a 0-%s scale (max %g)\n", name,
                 s->salience_scale == 100 ? "100" : "1", smax);
    st = ent_i_import_finish(s, name, err);
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory importing the table");
done:
    for (size_t i = 0; i < nrows; i++) {
        free(rows[i].name);
        free(rows[i].notes);
    }
    free(rows);
    free(desc);
    ent_i_idmap_free(&raw);
    ent_i_idmap_free(&ids);
    ent_i_csv_free(&r);
    return st;
}
