/* SPDX-License-Identifier: MIT */
/* import_decide.c — importer of the input files of Decide's exchange model
 * (foarsitter/decide-exchange-model; Stokman & Van Oosten 1994, "The exchange of voting
 * positions", in Bueno de Mesquita & Stokman (eds.), European Community Decision Making).
 * Format as in docs/models/exchange.md §1 of the shared model notes; docs/importers.md §3.
 *
 * Rows start with a tag: `#A id [name [note]]` (actor; order = actor order), `#P id [name
 * [note]]` (issue; order = issue order; the name defaults to the id), `#M issue position [meaning]` (a labelled point;
 * the issue's scale is [min, max] of its #M positions, default 0..100 without #M rows),
 * `#D actor issue position salience power`. Tags #0 and #/ are comments; blank lines are
 * skipped. Fields are TAB- or ';'-separated (sniffed on the first non-blank line: TAB if it
 * has one, else ';'); surrounding ' or " quotes are stripped from every field.
 * Mapping: #M meanings become the issue's labels; #D salience is kept raw (salience_scale 1);
 * #D power is the per-position capability override; the actor's capability is the largest of
 * its #D powers, or 1 when it has no #D row (both reported). Actor and issue ids are derived
 * from the file's ids (ent_i_make_id); names and notes are kept.
 * Checks (file:line:col): unknown tags, missing fields, non-empty extra fields, duplicate
 * #A/#P ids, #M/#D rows naming unknown actors or issues, duplicate #D rows for one actor and
 * issue, positions outside the issue's #M bounds, salience or power outside (0, 1] (zero
 * divides by zero in the model: refused), #M bounds that collapse to one point.
 * Deviation from Decide: Decide accepts lower == upper (step 0); entente needs lo < hi.
 * Stages (each a function below, sharing dec_t): delimiter → pass 1: #A/#P ids → the
 * scenario shell → pass 1 again: names and notes → pass 2: #M bounds and labels → pass 3: #D
 * rows → report.
 * Complexity: three linear passes over the file; ids hashed, O(n) overall.
 */
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double lo, hi;
    size_t nm;
    int line, col;
} bounds_t;

/* Everything the stages share. */
typedef struct {
    ent_i_csv_t r;
    const char *name, *data;
    size_t len;
    char delim;
    ent_i_idmap_t araw, praw;   /* raw #A / #P id → index */
    char **anames, **pnames;    /* raw ids of actors and issues, in order */
    size_t na, np, capa, capp, nd;
    bounds_t *bd;               /* np #M bounds */
    unsigned char *hasd;        /* na flags: the actor has a #D row */
} dec_t;

static ent_status_t oom(const dec_t *p, ent_error_t *err)
{
    return ent_error_set(err, ENT_ENOMEM, p->name, 0, 0, "out of memory importing the Decide file");
}

/* TAB if the first non-blank line has one, else ';'. */
static char decide_delim(const char *data, size_t len)
{
    const char *q = data, *end = data + len;
    while (q < end && (*q == ' ' || *q == '\n' || *q == '\r')) q++;
    for (; q < end && *q != '\n' && *q != '\r'; q++)
        if (*q == '\t') return '\t';
    return ';';
}

static void pass_begin(dec_t *p)
{
    ent_i_csv_free(&p->r);
    ent_i_csv_init(&p->r, p->name, p->data, p->len, p->delim, '"');
}

/* Next non-blank, non-comment row (fields trimmed and unquoted); *tag = 'A','P','M','D'. */
static ent_status_t next_row(dec_t *p, int *got, char *tag, ent_error_t *err)
{
    for (;;) {
        ent_status_t st = ent_i_csv_row(&p->r, got, err);
        if (st != ENT_OK || !*got) return st;
        if (ent_i_csv_blank(&p->r)) continue;
        for (size_t i = 0; i < p->r.nf; i++) {
            ent_i_field_t *f = &p->r.f[i];
            ent_i_field_trim(f);
            /* a field that opens a ' quote must close it (a " quote is the CSV reader's) */
            if (f->len && f->s[0] == '\'' && (f->len == 1 || f->s[f->len - 1] != '\''))
                return ent_error_set(err, ENT_EINPUT, p->name, f->line, f->col,
                                     "unterminated quote: the field opens with ' and does not "
                                     "close it; expected 'text' or text without quotes");
            ent_i_field_unquote(f);
        }
        while (p->r.nf > 1 && p->r.f[p->r.nf - 1].len == 0) p->r.nf--;
        ent_i_field_t *t = &p->r.f[0];
        if (t->len == 2 && t->s[0] == '#' && (t->s[1] == '0' || t->s[1] == '/')) continue;
        if (t->len == 2 && t->s[0] == '#' && strchr("APMD", t->s[1])) {
            *tag = t->s[1];
            return ENT_OK;
        }
        if (p->r.nf == 1 && (strchr(t->s, ',') || strchr(t->s, ' ')) && t->s[0] == '#')
            return ent_error_set(err, ENT_EINPUT, p->name, t->line, t->col,
                                 "row is not split by %s; expected TAB- or ';'-separated fields "
                                 "(wrong delimiter?)", p->delim == '\t' ? "TAB" : "';'");
        return ent_error_set(err, ENT_EINPUT, p->name, t->line, t->col,
                             "unknown row tag '%.20s'; expected #A, #P, #M, #D or a comment #0, #/",
                             t->s);
    }
}

/* The next row tagged `want` (a string of tags); *got = 0 at the end. */
static ent_status_t next_of(dec_t *p, const char *want, int *got, char *tag, ent_error_t *err)
{
    for (;;) {
        ent_status_t st = next_row(p, got, tag, err);
        if (st != ENT_OK || !*got || strchr(want, *tag)) return st;
    }
}

static ent_status_t need_fields(dec_t *p, size_t min, size_t max, const char *layout,
                                ent_error_t *err)
{
    ent_i_csv_t *r = &p->r;
    if (r->nf < min)
        return ent_error_set(err, ENT_EINPUT, p->name, r->row_line, r->row_end_col,
                             "%s row has %zu field%s; expected %s", r->f[0].s, r->nf,
                             r->nf == 1 ? "" : "s", layout);
    if (r->nf > max)
        return ent_error_set(err, ENT_EINPUT, p->name, r->f[max].line, r->f[max].col,
                             "extra field '%.40s'; expected %s", r->f[max].s, layout);
    for (size_t i = 1; i < min; i++)
        if (ent_i_utf8_check(&r->f[i], p->name, "field", err) != ENT_OK) return ENT_EINPUT;
    if (max > min && r->nf == max &&
        ent_i_utf8_check(&r->f[max - 1], p->name, "field", err) != ENT_OK)
        return ENT_EINPUT;
    return ENT_OK;
}

/* ---- pass 1: the #A and #P ids, in order, each once ---- */
static ent_status_t add_id(dec_t *p, char tag, ent_error_t *err)
{
    ent_i_field_t *fid = &p->r.f[1];
    if (!fid->len)
        return ent_error_set(err, ENT_EINPUT, p->name, fid->line, fid->col,
                             "empty %s id; expected an id", tag == 'A' ? "actor" : "issue");
    char ***arr = tag == 'A' ? &p->anames : &p->pnames;
    size_t *n = tag == 'A' ? &p->na : &p->np, *cap = tag == 'A' ? &p->capa : &p->capp;
    char **a = ent_i_grow(*arr, cap, *n, sizeof *a);
    if (!a) return oom(p, err);
    *arr = a;
    if (!(a[*n] = strdup(fid->s))) return oom(p, err);
    (*n)++;
    size_t prev;
    int pr = ent_i_idmap_put(tag == 'A' ? &p->araw : &p->praw, a[*n - 1], *n - 1, &prev);
    if (pr < 0) return oom(p, err);
    if (pr > 0)
        return ent_error_set(err, ENT_EINPUT, p->name, fid->line, fid->col,
                             "duplicate %s id '%s'; expected each %s once",
                             tag == 'A' ? "#A actor" : "#P issue", fid->s,
                             tag == 'A' ? "actor" : "issue");
    return ENT_OK;
}

static ent_status_t pass_ids(dec_t *p, ent_error_t *err)
{
    pass_begin(p);
    for (;;) {
        int got;
        char tag;
        ent_status_t st = next_of(p, "AP", &got, &tag, err);
        if (st != ENT_OK) return st;
        if (!got) break;
        if ((st = need_fields(p, 2, 4, tag == 'A' ? "#A id [name [note]]" : "#P id [name [note]]",
                              err)) != ENT_OK ||
            (st = add_id(p, tag, err)) != ENT_OK)
            return st;
    }
    if (p->na == 0 || p->np == 0)
        return ent_error_set(err, ENT_EINPUT, p->name, 1, 1, "no %s rows; expected at least one %s",
                             p->na == 0 ? "#A" : "#P",
                             p->na == 0 ? "actor (#A id name)" : "issue (#P id name)");
    return ENT_OK;
}

/* ---- pass 1 again: ids, names and notes of the actors and issues, in order ---- */
static ent_status_t pass_names(dec_t *p, ent_scenario_t *s, ent_error_t *err)
{
    ent_i_idmap_t aids, pids;
    ent_i_idmap_init(&aids);
    ent_i_idmap_init(&pids);
    ent_status_t st = ENT_OK;
    size_t ia = 0, ip = 0;
    pass_begin(p);
    while (st == ENT_OK) {
        int got;
        char tag;
        if ((st = next_of(p, "AP", &got, &tag, err)) != ENT_OK || !got) break;
        ent_i_field_t *f = p->r.f;
        char fb[32];
        char **pname, **pnotes, **pid;
        ent_loc_t *loc;
        if (tag == 'A') {
            ent_actor_t *a = &s->actors[ia];
            snprintf(fb, sizeof fb, "actor%zu", ia + 1);
            pname = &a->name, pnotes = &a->notes, pid = &a->id, loc = &a->loc;
            *pid = ent_i_make_id(f[1].s, fb, &aids);
            a->capability = 1;
            ia++;
        } else {
            ent_issue_t *is = &s->issues[ip];
            snprintf(fb, sizeof fb, "issue%zu", ip + 1);
            pname = &is->name, pnotes = &is->notes, pid = &is->id, loc = &is->loc;
            *pid = ent_i_make_id(f[1].s, fb, &pids);
            ip++;
        }
        if (!*pid || !(*pname = strdup(p->r.nf > 2 && f[2].len ? f[2].s : f[1].s)) ||
            (p->r.nf > 3 && f[3].len && !(*pnotes = strdup(f[3].s))))
            st = oom(p, err);
        loc->line = f[0].line;
        loc->col = f[0].col;
    }
    ent_i_idmap_free(&aids);
    ent_i_idmap_free(&pids);
    return st;
}

/* ---- pass 2: #M rows: each issue's bounds, and its labels ---- */
static ent_status_t add_label(dec_t *p, ent_issue_t *is, double v, ent_error_t *err)
{
    ent_i_field_t *f = p->r.f;
    for (size_t k = 0; k < is->nlabels; k++)
        if (is->labels[k].at == v)
            return ent_error_set(err, ENT_EINPUT, p->name, f[2].line, f[2].col,
                                 "second meaning for point %s of issue '%s'; expected one "
                                 "#M meaning per point", f[2].s, f[1].s);
    ent_label_t *l = realloc(is->labels, (is->nlabels + 1) * sizeof *l);
    if (!l) return oom(p, err);
    is->labels = l;
    l[is->nlabels].at = v;
    l[is->nlabels].loc.line = f[0].line;
    l[is->nlabels].loc.col = f[0].col;
    if (!(l[is->nlabels].label = strdup(f[3].s))) return oom(p, err);
    is->nlabels++;
    return ENT_OK;
}

static ent_status_t pass_marks(dec_t *p, ent_scenario_t *s, ent_error_t *err)
{
    pass_begin(p);
    for (;;) {
        int got;
        char tag;
        ent_status_t st = next_of(p, "M", &got, &tag, err);
        if (st != ENT_OK) return st;
        if (!got) break;
        if ((st = need_fields(p, 3, 4, "#M issue position [meaning]", err)) != ENT_OK) return st;
        ent_i_field_t *f = p->r.f;
        long i = ent_i_idmap_get(&p->praw, f[1].s);
        if (i < 0)
            return ent_error_set(err, ENT_EINPUT, p->name, f[1].line, f[1].col,
                                 "#M names unknown issue '%s'; expected an id of a #P row", f[1].s);
        double v;
        if ((st = ent_i_num(&f[2], p->name, "#M position", &v, err)) != ENT_OK) return st;
        bounds_t *b = &p->bd[i];
        if (b->nm == 0) {
            b->lo = b->hi = v;
            b->line = f[0].line;
            b->col = f[0].col;
        }
        if (v < b->lo) b->lo = v;
        if (v > b->hi) b->hi = v;
        b->nm++;
        if (p->r.nf > 3 && f[3].len && (st = add_label(p, &s->issues[i], v, err)) != ENT_OK) return st;
    }
    for (size_t i = 0; i < p->np; i++) {
        bounds_t *b = &p->bd[i];
        if (b->nm == 0) continue;
        if (!(b->lo < b->hi))
            return ent_error_set(err, ENT_EINPUT, p->name, b->line, b->col,
                                 "issue '%s' has #M points only at %g; expected two distinct #M "
                                 "positions (its lower and upper bound)", p->pnames[i], b->lo);
        s->issues[i].lo[0] = b->lo;
        s->issues[i].hi[0] = b->hi;
    }
    return ENT_OK;
}

/* ---- pass 3: #D rows: positions, saliences, per-issue powers ---- */

/* Position, salience and power of the current #D row, range-checked. */
static ent_status_t d_values(dec_t *p, const ent_issue_t *is, double *x, double *sal, double *pw,
                             ent_error_t *err)
{
    ent_i_field_t *f = p->r.f;
    ent_status_t st;
    if ((st = ent_i_num(&f[3], p->name, "#D position", x, err)) != ENT_OK ||
        (st = ent_i_num(&f[4], p->name, "#D salience", sal, err)) != ENT_OK ||
        (st = ent_i_num(&f[5], p->name, "#D power", pw, err)) != ENT_OK)
        return st;
    if (*x < is->lo[0] || *x > is->hi[0])
        return ent_error_set(err, ENT_EINPUT, p->name, f[3].line, f[3].col,
                             "position %s out of range; expected %g..%g (the #M bounds of '%s')",
                             f[3].s, is->lo[0], is->hi[0], f[2].s);
    if (!(*sal > 0 && *sal <= 1))
        return ent_error_set(err, ENT_EINPUT, p->name, f[4].line, f[4].col,
                             "salience %s out of range; expected a value in (0, 1]%s", f[4].s,
                             *sal == 0 ? " (zero divides by zero in the exchange model)" : "");
    if (!(*pw > 0 && *pw <= 1))
        return ent_error_set(err, ENT_EINPUT, p->name, f[5].line, f[5].col,
                             "power %s out of range; expected a value in (0, 1]%s", f[5].s,
                             *pw == 0 ? " (zero divides by zero in the exchange model)" : "");
    return ENT_OK;
}

static ent_status_t d_row(dec_t *p, ent_scenario_t *s, ent_error_t *err)
{
    ent_status_t st = need_fields(p, 6, 6, "#D actor issue position salience power", err);
    if (st != ENT_OK) return st;
    ent_i_field_t *f = p->r.f;
    long a = ent_i_idmap_get(&p->araw, f[1].s);
    if (a < 0)
        return ent_error_set(err, ENT_EINPUT, p->name, f[1].line, f[1].col,
                             "#D names unknown actor '%s'; expected an id of a #A row", f[1].s);
    long i = ent_i_idmap_get(&p->praw, f[2].s);
    if (i < 0)
        return ent_error_set(err, ENT_EINPUT, p->name, f[2].line, f[2].col,
                             "#D names unknown issue '%s'; expected an id of a #P row", f[2].s);
    ent_position_t *pp = ent_scenario_pos_mut(s, (size_t)a, (size_t)i);
    if (pp->present)
        return ent_error_set(err, ENT_EINPUT, p->name, f[0].line, f[0].col,
                             "second #D row for actor '%s' on issue '%s' (first on line %d); "
                             "expected one per actor and issue", f[1].s, f[2].s, pp->loc.line);
    double x, sal, pw;
    if ((st = d_values(p, &s->issues[i], &x, &sal, &pw, err)) != ENT_OK) return st;
    if (ent_i_pos_set(s, (size_t)a, (size_t)i, &x, &sal, f[0].line, f[0].col) != ENT_OK) return oom(p, err);
    pp->capability = pw;
    ent_actor_t *ac = &s->actors[a];
    if (!p->hasd[a] || pw > ac->capability) ac->capability = pw;
    p->hasd[a] = 1;
    p->nd++;
    return ENT_OK;
}

static ent_status_t pass_data(dec_t *p, ent_scenario_t *s, ent_error_t *err)
{
    pass_begin(p);
    for (;;) {
        int got;
        char tag;
        ent_status_t st = next_of(p, "D", &got, &tag, err);
        if (st != ENT_OK || !got) return st;
        if ((st = d_row(p, s, err)) != ENT_OK) return st;
    }
}

static ent_status_t finish(dec_t *p, ent_scenario_t *s, ent_error_t *err)
{
    size_t nodata = 0;
    for (size_t a = 0; a < p->na; a++) nodata += !p->hasd[a];
    s->salience_scale = 1;
    if (!(s->title = ent_i_basename(p->name)) || !(s->origin = strdup("decide"))) return oom(p, err);
    ent_i_report(s, "%s: Decide exchange-model file, %zu actors x %zu issues, %zu #D rows; "
                 "actor capability = its largest #D power (per-issue powers kept)\n",
                 p->name, p->na, p->np, p->nd);
    if (nodata)
        ent_i_report(s, "%s: %zu actor%s without #D rows: capability 1\n", p->name, nodata,
                     nodata == 1 ? "" : "s");
    return ent_i_import_finish(s, p->name, err);
}

ent_status_t ent_i_import_decide(ent_scenario_t *s, const char *name, const char *data,
                                 size_t len, const ent_load_opts_t *o, ent_error_t *err)
{
    (void)o;
    dec_t p;
    memset(&p, 0, sizeof p);
    p.name = name;
    p.data = data;
    p.len = len;
    p.delim = decide_delim(data, len);
    ent_i_idmap_init(&p.araw);
    ent_i_idmap_init(&p.praw);
    ent_status_t st = pass_ids(&p, err);
    if (st == ENT_OK && (st = ent_i_scenario_alloc(s, p.na, p.np, name, err)) == ENT_OK) {
        p.bd = calloc(p.np, sizeof *p.bd);
        p.hasd = calloc(p.na, 1);
        if (!p.bd || !p.hasd) st = oom(&p, err);
    }
    if (st == ENT_OK) st = pass_names(&p, s, err);
    if (st == ENT_OK) st = pass_marks(&p, s, err);
    if (st == ENT_OK) st = pass_data(&p, s, err);
    if (st == ENT_OK) st = finish(&p, s, err);
    for (size_t k = 0; k < p.na; k++) free(p.anames[k]);
    for (size_t k = 0; k < p.np; k++) free(p.pnames[k]);
    free(p.anames);
    free(p.pnames);
    free(p.bd);
    free(p.hasd);
    ent_i_idmap_free(&p.araw);
    ent_i_idmap_free(&p.praw);
    ent_i_csv_free(&p.r);
    return st;
}
