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

ent_status_t ent_i_import_deu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                              const ent_load_opts_t *o, ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    ent_i_csv_t r;
    memset(&r, 0, sizeof r);
    ent_i_idmap_t hdr, raw_issue, aids, iids;
    ent_i_idmap_init(&hdr);
    ent_i_idmap_init(&raw_issue);
    ent_i_idmap_init(&aids);
    ent_i_idmap_init(&iids);
    char **hname = NULL;  /* header names (lower-case copies) */
    int *kind = NULL;
    long *partner = NULL; /* for C_P columns: the actor index */
    size_t *pcol = NULL, *scol = NULL;
    size_t ncols = 0, na = 0;
    deu_issue_t *iss = NULL;
    size_t ni = 0, capi = 0;
    double *caps = NULL;
    int cap_line = 0;
    deu_counts_t cnt = {0, 0, 0, 0, 0};
    int got;
    int skip = o ? o->deu_skip_line : 0;
    const char *caprow = o ? o->deu_capability_row : NULL;
    long caprow_line = 0;
    if (caprow && strncmp(caprow, "line:", 5) == 0) {
        char *e;
        caprow_line = strtol(caprow + 5, &e, 10);
        if (*e || caprow_line < 1) caprow_line = -1;
    }

    /* delimiter from the first non-blank line */
    char delim = '\t';
    {
        const char *q = data, *end = data + len;
        int has_tab = 0, has_comma = 0;
        for (; q < end && *q != '\n' && *q != '\r'; q++) {
            if (*q == '\t') has_tab = 1;
            if (*q == ',') has_comma = 1;
        }
        if (!has_tab) delim = has_comma ? ',' : ';';
    }
    ent_i_csv_init(&r, name, data, len, delim, '"');

    /* ---- header ---- */
    int hdr_line = 0;
    for (;;) {
        if ((st = ent_i_csv_row(&r, &got, err)) != ENT_OK) goto done;
        if (!got) {
            st = ent_error_set(err, ENT_EINPUT, name, r.line, 1,
                               "no header line; expected a header with p<actor>/s<actor> columns");
            goto done;
        }
        if (r.row_line == skip || ent_i_csv_blank(&r)) continue;
        hdr_line = r.row_line;
        break;
    }
    ncols = r.nf;
    hname = calloc(ncols, sizeof *hname);
    kind = calloc(ncols, sizeof *kind);
    partner = calloc(ncols, sizeof *partner);
    pcol = calloc(ncols, sizeof *pcol);
    scol = calloc(ncols, sizeof *scol);
    if (!hname || !kind || !partner || !pcol || !scol) goto oom;
    for (size_t i = 0; i < ncols; i++) {
        ent_i_field_trim(&r.f[i]);
        if ((st = ent_i_utf8_check(&r.f[i], name, "column name", err)) != ENT_OK) goto done;
        if (!(hname[i] = strdup(r.f[i].s))) goto oom;
        for (char *c = hname[i]; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        if (!hname[i][0]) {
            st = ent_error_set(err, ENT_EINPUT, name, r.f[i].line, r.f[i].col,
                               "empty column name; expected a name for every column");
            goto done;
        }
        size_t prev;
        int pr = ent_i_idmap_put(&hdr, hname[i], i, &prev);
        if (pr < 0) goto oom;
        if (pr > 0) {
            st = ent_error_set(err, ENT_EINPUT, name, r.f[i].line, r.f[i].col,
                               "duplicate column '%s'; expected each column once", r.f[i].s);
            goto done;
        }
    }
    static const struct { const char *n; int k; } fixed[] = {
        {"rp", C_RP}, {"out", C_OUT}, {"prnrnmc", C_PRNRNMC}, {"isnrnmc", C_ISNRNMC},
        {"prnr", C_PRNR}, {"prname", C_PRNAME}, {"isnr", C_ISNR}, {"intro", C_IGNORE},
        {"finact", C_IGNORE},
    };
    for (size_t i = 0; i < ncols; i++) {
        if (kind[i] == C_S) continue; /* partner of an earlier p-column */
        for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
            if (!strcmp(hname[i], fixed[k].n)) kind[i] = fixed[k].k;
        if (kind[i] != C_NOTE) continue;
        if (hname[i][0] == 'p' && hname[i][1]) {
            char sname[512];
            snprintf(sname, sizeof sname, "s%s", hname[i] + 1);
            long sc = ent_i_idmap_get(&hdr, sname);
            if (sc >= 0) {
                kind[i] = C_P;
                kind[sc] = C_S;
                partner[i] = (long)na;
                pcol[na] = i;
                scol[na] = (size_t)sc;
                na++;
            }
        }
    }
    if (na == 0) {
        st = ent_error_set(err, ENT_EINPUT, name, hdr_line, 1,
                           "no p<actor>/s<actor> column pairs in the header; expected e.g. "
                           "pcom and scom");
        goto done;
    }

    /* ---- rows ---- */
    for (;;) {
        if ((st = ent_i_csv_row(&r, &got, err)) != ENT_OK) goto done;
        if (!got) break;
        if (r.row_line == skip || ent_i_csv_blank(&r)) continue;
        while (r.nf > ncols && ent_i_field_empty(&r.f[r.nf - 1])) r.nf--;
        if (r.nf != ncols) {
            if (r.nf > ncols)
                st = ent_error_set(err, ENT_EINPUT, name, r.f[ncols].line, r.f[ncols].col,
                                   "extra field '%.40s'; expected %zu fields as in the header",
                                   r.f[ncols].s, ncols);
            else
                st = ent_error_set(err, ENT_EINPUT, name, r.row_line, r.row_end_col,
                                   "row has %zu fields; expected %zu as in the header (missing "
                                   "column '%s'; an empty cell is written as an empty field)",
                                   r.nf, ncols, hname[r.nf]);
            goto done;
        }
        for (size_t i = 0; i < ncols; i++) {
            ent_i_field_trim(&r.f[i]);
            if ((st = ent_i_utf8_check(&r.f[i], name, "cell", err)) != ENT_OK) goto done;
        }
        /* id cells */
        const char *c_isnr = NULL, *c_prnr = NULL, *c_pn = NULL, *c_in = NULL, *c_name = NULL;
        for (size_t i = 0; i < ncols; i++) {
            const char *v = r.f[i].len ? r.f[i].s : NULL;
            switch (kind[i]) {
            case C_ISNR: c_isnr = v; break;
            case C_PRNR: c_prnr = v; break;
            case C_PRNRNMC: c_pn = v; break;
            case C_ISNRNMC: c_in = v; break;
            case C_PRNAME: c_name = v; break;
            default: break;
            }
        }
        char idbuf[600];
        idbuf[0] = 0;
        if (c_isnr) {
            if (c_prnr && strncmp(c_isnr, c_prnr, strlen(c_prnr)) != 0)
                snprintf(idbuf, sizeof idbuf, "%.250s-%.250s", c_prnr, c_isnr);
            else
                snprintf(idbuf, sizeof idbuf, "%.500s", c_isnr);
        } else if (c_pn && c_in) {
            snprintf(idbuf, sizeof idbuf, "%.250s.%.250s", c_pn, c_in);
        }
        int is_cap = 0;
        if (caprow) {
            if (caprow_line > 0) is_cap = r.row_line == caprow_line;
            else
                is_cap = (idbuf[0] && !strcmp(idbuf, caprow)) || (c_isnr && !strcmp(c_isnr, caprow)) ||
                         (c_prnr && !strcmp(c_prnr, caprow)) || (c_pn && !strcmp(c_pn, caprow)) ||
                         (c_in && !strcmp(c_in, caprow)) || (c_name && !strcmp(c_name, caprow));
        }
        if (is_cap) {
            if (caps) {
                st = ent_error_set(err, ENT_EINPUT, name, r.row_line, 1,
                                   "second row matching --capability-row '%s' (first on line %d); "
                                   "expected exactly one", caprow, cap_line);
                goto done;
            }
            caps = malloc(na * sizeof *caps);
            if (!caps) goto oom;
            cap_line = r.row_line;
            for (size_t a = 0; a < na; a++) {
                ent_i_field_t *f = &r.f[pcol[a]];
                char what[600];
                snprintf(what, sizeof what, "capability of '%s' (--capability-row)", hname[pcol[a]] + 1);
                if ((st = ent_i_num(f, name, what, &caps[a], err)) != ENT_OK) goto done;
                if (caps[a] < 0) {
                    st = ent_error_set(err, ENT_EINPUT, name, f->line, f->col,
                                       "negative capability %s; expected a number >= 0", f->s);
                    goto done;
                }
            }
            continue;
        }
        int has_idcols = 0;
        for (size_t i = 0; i < ncols; i++)
            if (kind[i] >= C_PRNRNMC) has_idcols = 1;
        if (!idbuf[0]) {
            if (has_idcols) {
                st = ent_error_set(err, ENT_EINPUT, name, r.row_line, 1,
                                   "row has no issue id (isnr, prnrnmc/isnrnmc empty); expected an "
                                   "id, or --skip-line %d / --capability-row line:%d for a row that "
                                   "is not an issue", r.row_line, r.row_line);
                goto done;
            }
            snprintf(idbuf, sizeof idbuf, "issue%zu", ni + 1);
        }
        if (ni == capi) {
            size_t c = capi ? capi * 2 : 64;
            deu_issue_t *n2 = realloc(iss, c * sizeof *n2);
            if (!n2) goto oom;
            iss = n2;
            capi = c;
        }
        deu_issue_t *is = &iss[ni];
        memset(is, 0, sizeof *is);
        ni++;
        is->line = r.row_line;
        if (!(is->id = strdup(idbuf))) goto oom;
        size_t prev;
        int pr = ent_i_idmap_put(&raw_issue, is->id, ni - 1, &prev);
        if (pr < 0) goto oom;
        if (pr > 0) {
            st = ent_error_set(err, ENT_EINPUT, name, r.row_line, 1,
                               "duplicate issue id '%s' (first on line %d); expected each issue once",
                               is->id, iss[prev].line);
            goto done;
        }
        char nb[600];
        if (c_name && c_in) snprintf(nb, sizeof nb, "%.400s, issue %.100s", c_name, c_in);
        else snprintf(nb, sizeof nb, "%.500s", c_name ? c_name : is->id);
        if (!(is->name = strdup(nb))) goto oom;
        is->x = malloc(na * sizeof(double));
        is->sal = malloc(na * sizeof(double));
        if (!is->x || !is->sal) goto oom;
        is->rp = is->out = NAN;
        ent_buf_t notes = ENT_BUF_INIT;
        for (size_t i = 0; i < ncols; i++) {
            ent_i_field_t *f = &r.f[i];
            char what[600];
            switch (kind[i]) {
            case C_P: {
                size_t a = (size_t)partner[i];
                snprintf(what, sizeof what, "position of '%s'", hname[i] + 1);
                if ((st = cell(f, name, what, &is->x[a], &cnt.bad_p, err)) != ENT_OK) break;
                ent_i_field_t *fs = &r.f[scol[a]];
                snprintf(what, sizeof what, "salience of '%s'", hname[i] + 1);
                if ((st = cell(fs, name, what, &is->sal[a], &cnt.bad_s, err)) != ENT_OK) break;
                if (!isnan(is->x[a]) && isnan(is->sal[a])) {
                    cnt.nosal++;
                    is->x[a] = NAN;
                }
                break;
            }
            case C_RP: st = cell(f, name, "reference point (rp)", &is->rp, &cnt.bad_rp, err); break;
            case C_OUT: st = cell(f, name, "outcome (out)", &is->out, &cnt.bad_out, err); break;
            case C_NOTE:
                if (f->len)
                    ent_buf_printf(&notes, "%s%s: %s", notes.len ? "; " : "", hname[i], f->s);
                break;
            default: break;
            }
            if (st != ENT_OK) break;
        }
        if (st != ENT_OK || notes.oom) {
            ent_buf_free(&notes);
            if (st != ENT_OK) goto done;
            goto oom;
        }
        is->notes = notes.len ? ent_buf_take(&notes) : NULL;
        ent_buf_free(&notes);
    }
    if (caprow && !caps) {
        st = ent_error_set(err, ENT_EINPUT, name, hdr_line, 1,
                           "no row matches --capability-row '%s'; expected an id cell of a row or "
                           "line:N", caprow);
        goto done;
    }
    if (ni == 0) {
        st = ent_error_set(err, ENT_EINPUT, name, hdr_line, 1,
                           "no issue rows after the header; expected one row per issue");
        goto done;
    }

    /* ---- build the scenario ---- */
    if ((st = ent_i_scenario_alloc(s, na, ni, name, err)) != ENT_OK) goto done;
    s->salience_scale = 100;
    for (size_t a = 0; a < na; a++) {
        ent_actor_t *ac = &s->actors[a];
        const char *code = hname[pcol[a]] + 1;
        char fb[32];
        snprintf(fb, sizeof fb, "actor%zu", a + 1);
        if (!(ac->id = ent_i_make_id(code, fb, &aids))) goto oom;
        const char *nm = code;
        for (size_t k = 0; k < sizeof deu_codes / sizeof deu_codes[0]; k++)
            if (!strcmp(code, deu_codes[k][0])) nm = deu_codes[k][1];
        if (!(ac->name = strdup(nm))) goto oom;
        ac->capability = caps ? caps[a] : 1;
        ac->loc.line = hdr_line;
        ac->loc.col = 1;
    }
    for (size_t i = 0; i < ni; i++) {
        ent_issue_t *is = &s->issues[i];
        deu_issue_t *d = &iss[i];
        char fb[32];
        snprintf(fb, sizeof fb, "issue%zu", i + 1);
        if (!(is->id = ent_i_make_id(d->id, fb, &iids))) goto oom;
        is->name = d->name;
        d->name = NULL;
        is->notes = d->notes;
        d->notes = NULL;
        is->loc.line = d->line;
        is->loc.col = 1;
        if (!isnan(d->rp)) {
            if (!(is->status_quo = malloc(sizeof(double)))) goto oom;
            is->status_quo[0] = d->rp;
        }
        if (!isnan(d->out)) {
            if (!(is->outcome = malloc(sizeof(double)))) goto oom;
            is->outcome[0] = d->out;
        }
        for (size_t a = 0; a < na; a++)
            if (!isnan(d->x[a]) &&
                ent_i_pos_set(s, a, i, &d->x[a], &d->sal[a], d->line, 1) != ENT_OK)
                goto oom;
    }
    if (!(s->title = ent_i_basename(name)) || !(s->origin = strdup("deu"))) goto oom;
    ent_i_report(s, "%s: DEU table, %zu issues x %zu actors\n", name, ni, na);
    if (skip) ent_i_report(s, "%s: line %d skipped (--skip-line)\n", name, skip);
    if (caps)
        ent_i_report(s, "%s: capabilities from the row on line %d (--capability-row %s)\n", name,
                     cap_line, caprow);
    else if (!(o && o->capability_file))
        ent_i_report(s, "%s: capability 1 for every actor (equal; DEU records none: use "
                        "--capability-row or --capability-file)\n", name);
    long nbad = cnt.bad_p + cnt.bad_s + cnt.bad_rp + cnt.bad_out;
    if (nbad)
        ent_i_report(s, "%s: %ld values outside [0,100] treated as missing (positions %ld, "
                        "saliences %ld, rp %ld, out %ld)\n",
                     name, nbad, cnt.bad_p, cnt.bad_s, cnt.bad_rp, cnt.bad_out);
    if (cnt.nosal)
        ent_i_report(s, "%s: %ld positions without a salience left out\n", name, cnt.nosal);
    st = ent_i_import_finish(s, name, err);
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory importing the DEU table");
done:
    for (size_t i = 0; i < ni; i++) {
        free(iss[i].id);
        free(iss[i].name);
        free(iss[i].notes);
        free(iss[i].x);
        free(iss[i].sal);
    }
    free(iss);
    if (hname)
        for (size_t i = 0; i < ncols; i++) free(hname[i]);
    free(hname);
    free(kind);
    free(partner);
    free(pcol);
    free(scol);
    free(caps);
    ent_i_idmap_free(&hdr);
    ent_i_idmap_free(&raw_issue);
    ent_i_idmap_free(&aids);
    ent_i_idmap_free(&iids);
    ent_i_csv_free(&r);
    return st;
}
