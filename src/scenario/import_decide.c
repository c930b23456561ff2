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
 * Complexity: three linear passes over the file; ids hashed, O(n) overall.
 */
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ent_i_csv_t r;
    const char *name, *data;
    size_t len;
    char delim;
} pass_t;

static void pass_begin(pass_t *p)
{
    ent_i_csv_free(&p->r);
    ent_i_csv_init(&p->r, p->name, p->data, p->len, p->delim, '"');
}

/* Next non-blank, non-comment row (fields trimmed and unquoted); *tag = 'A','P','M','D'. */
static ent_status_t next_row(pass_t *p, int *got, char *tag, ent_error_t *err)
{
    for (;;) {
        ent_status_t st = ent_i_csv_row(&p->r, got, err);
        if (st != ENT_OK || !*got) return st;
        if (ent_i_csv_blank(&p->r)) continue;
        for (size_t i = 0; i < p->r.nf; i++) {
            ent_i_field_trim(&p->r.f[i]);
            ent_i_field_unquote(&p->r.f[i]);
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

static ent_status_t need_fields(pass_t *p, size_t min, size_t max, const char *layout,
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

typedef struct {
    double lo, hi;
    size_t nm;
    int line, col;
} bounds_t;

ent_status_t ent_i_import_decide(ent_scenario_t *s, const char *name, const char *data,
                                 size_t len, const ent_load_opts_t *o, ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    pass_t p;
    memset(&p, 0, sizeof p);
    p.name = name;
    p.data = data;
    p.len = len;
    ent_i_idmap_t araw, praw, aids, pids;
    ent_i_idmap_init(&araw);
    ent_i_idmap_init(&praw);
    ent_i_idmap_init(&aids);
    ent_i_idmap_init(&pids);
    char **anames = NULL, **pnames = NULL; /* raw ids of actors and issues, in order */
    bounds_t *bd = NULL;
    unsigned char *hasd = NULL;
    size_t na = 0, np = 0, capa = 0, capp = 0, nd = 0;
    int got;
    char tag;

    /* delimiter: TAB if the first non-blank line has one, else ';' */
    {
        const char *q = data, *end = data + len;
        while (q < end && (*q == ' ' || *q == '\n' || *q == '\r')) q++;
        p.delim = ';';
        for (; q < end && *q != '\n' && *q != '\r'; q++)
            if (*q == '\t') { p.delim = '\t'; break; }
    }

    /* ---- pass 1: #A and #P ---- */
    pass_begin(&p);
    for (;;) {
        if ((st = next_row(&p, &got, &tag, err)) != ENT_OK) goto done;
        if (!got) break;
        if (tag != 'A' && tag != 'P') continue;
        if ((st = need_fields(&p, 2, 4, tag == 'A' ? "#A id [name [note]]" : "#P id [name [note]]",
                              err)) != ENT_OK)
            goto done;
        ent_i_field_t *fid = &p.r.f[1];
        if (!fid->len) {
            st = ent_error_set(err, ENT_EINPUT, name, fid->line, fid->col,
                               "empty %s id; expected an id", tag == 'A' ? "actor" : "issue");
            goto done;
        }
        char ***arr = tag == 'A' ? &anames : &pnames;
        size_t *n = tag == 'A' ? &na : &np, *cap = tag == 'A' ? &capa : &capp;
        if (*n == *cap) {
            size_t c = *cap ? *cap * 2 : 32;
            char **a = realloc(*arr, c * sizeof *a);
            if (!a) goto oom;
            *arr = a;
            *cap = c;
        }
        if (!((*arr)[*n] = strdup(fid->s))) goto oom;
        (*n)++;
        size_t prev;
        int pr = ent_i_idmap_put(tag == 'A' ? &araw : &praw, (*arr)[*n - 1], *n - 1, &prev);
        if (pr < 0) goto oom;
        if (pr > 0) {
            st = ent_error_set(err, ENT_EINPUT, name, fid->line, fid->col,
                               "duplicate %s id '%s'; expected each %s once",
                               tag == 'A' ? "#A actor" : "#P issue", fid->s,
                               tag == 'A' ? "actor" : "issue");
            goto done;
        }
    }
    if (na == 0 || np == 0) {
        st = ent_error_set(err, ENT_EINPUT, name, 1, 1, "no %s rows; expected at least one %s",
                           na == 0 ? "#A" : "#P",
                           na == 0 ? "actor (#A id name)" : "issue (#P id name)");
        goto done;
    }
    if ((st = ent_i_scenario_alloc(s, na, np, name, err)) != ENT_OK) goto done;
    bd = calloc(np, sizeof *bd);
    hasd = calloc(na, 1);
    if (!bd || !hasd) goto oom;

    /* ---- pass 1 again to fill names and notes in order ---- */
    pass_begin(&p);
    size_t ia = 0, ip = 0;
    for (;;) {
        if ((st = next_row(&p, &got, &tag, err)) != ENT_OK) goto done;
        if (!got) break;
        if (tag != 'A' && tag != 'P') continue;
        ent_i_field_t *f = p.r.f;
        char fb[32];
        char **pname, **pnotes, **pid;
        ent_loc_t *loc;
        if (tag == 'A') {
            ent_actor_t *a = &s->actors[ia];
            snprintf(fb, sizeof fb, "actor%zu", ia + 1);
            pname = &a->name, pnotes = &a->notes, pid = &a->id, loc = &a->loc;
            if (!(*pid = ent_i_make_id(f[1].s, fb, &aids))) goto oom;
            a->capability = 1;
            ia++;
        } else {
            ent_issue_t *is = &s->issues[ip];
            snprintf(fb, sizeof fb, "issue%zu", ip + 1);
            pname = &is->name, pnotes = &is->notes, pid = &is->id, loc = &is->loc;
            if (!(*pid = ent_i_make_id(f[1].s, fb, &pids))) goto oom;
            ip++;
        }
        if (!(*pname = strdup(p.r.nf > 2 && f[2].len ? f[2].s : f[1].s))) goto oom;
        if (p.r.nf > 3 && f[3].len && !(*pnotes = strdup(f[3].s))) goto oom;
        loc->line = f[0].line;
        loc->col = f[0].col;
    }

    /* ---- pass 2: #M bounds and labels ---- */
    pass_begin(&p);
    for (;;) {
        if ((st = next_row(&p, &got, &tag, err)) != ENT_OK) goto done;
        if (!got) break;
        if (tag != 'M') continue;
        if ((st = need_fields(&p, 3, 4, "#M issue position [meaning]", err)) != ENT_OK) goto done;
        ent_i_field_t *f = p.r.f;
        long i = ent_i_idmap_get(&praw, f[1].s);
        if (i < 0) {
            st = ent_error_set(err, ENT_EINPUT, name, f[1].line, f[1].col,
                               "#M names unknown issue '%s'; expected an id of a #P row", f[1].s);
            goto done;
        }
        double v;
        if ((st = ent_i_num(&f[2], name, "#M position", &v, err)) != ENT_OK) goto done;
        bounds_t *b = &bd[i];
        if (b->nm == 0) {
            b->lo = b->hi = v;
            b->line = f[0].line;
            b->col = f[0].col;
        }
        if (v < b->lo) b->lo = v;
        if (v > b->hi) b->hi = v;
        b->nm++;
        if (p.r.nf > 3 && f[3].len) {
            ent_issue_t *is = &s->issues[i];
            for (size_t k = 0; k < is->nlabels; k++)
                if (is->labels[k].at == v) {
                    st = ent_error_set(err, ENT_EINPUT, name, f[2].line, f[2].col,
                                       "second meaning for point %s of issue '%s'; expected one "
                                       "#M meaning per point", f[2].s, f[1].s);
                    goto done;
                }
            ent_label_t *l = realloc(is->labels, (is->nlabels + 1) * sizeof *l);
            if (!l) goto oom;
            is->labels = l;
            l[is->nlabels].at = v;
            l[is->nlabels].loc.line = f[0].line;
            l[is->nlabels].loc.col = f[0].col;
            if (!(l[is->nlabels].label = strdup(f[3].s))) goto oom;
            is->nlabels++;
        }
    }
    for (size_t i = 0; i < np; i++) {
        if (bd[i].nm == 0) continue;
        if (!(bd[i].lo < bd[i].hi)) {
            st = ent_error_set(err, ENT_EINPUT, name, bd[i].line, bd[i].col,
                               "issue '%s' has #M points only at %g; expected two distinct #M "
                               "positions (its lower and upper bound)", pnames[i], bd[i].lo);
            goto done;
        }
        s->issues[i].lo[0] = bd[i].lo;
        s->issues[i].hi[0] = bd[i].hi;
    }

    /* ---- pass 3: #D ---- */
    pass_begin(&p);
    for (;;) {
        if ((st = next_row(&p, &got, &tag, err)) != ENT_OK) goto done;
        if (!got) break;
        if (tag != 'D') continue;
        if ((st = need_fields(&p, 6, 6, "#D actor issue position salience power", err)) != ENT_OK)
            goto done;
        ent_i_field_t *f = p.r.f;
        long a = ent_i_idmap_get(&araw, f[1].s);
        if (a < 0) {
            st = ent_error_set(err, ENT_EINPUT, name, f[1].line, f[1].col,
                               "#D names unknown actor '%s'; expected an id of a #A row", f[1].s);
            goto done;
        }
        long i = ent_i_idmap_get(&praw, f[2].s);
        if (i < 0) {
            st = ent_error_set(err, ENT_EINPUT, name, f[2].line, f[2].col,
                               "#D names unknown issue '%s'; expected an id of a #P row", f[2].s);
            goto done;
        }
        ent_position_t *pp = ent_scenario_pos_mut(s, (size_t)a, (size_t)i);
        if (pp->present) {
            st = ent_error_set(err, ENT_EINPUT, name, f[0].line, f[0].col,
                               "second #D row for actor '%s' on issue '%s' (first on line %d); "
                               "expected one per actor and issue", f[1].s, f[2].s, pp->loc.line);
            goto done;
        }
        double x, sal, pw;
        if ((st = ent_i_num(&f[3], name, "#D position", &x, err)) != ENT_OK ||
            (st = ent_i_num(&f[4], name, "#D salience", &sal, err)) != ENT_OK ||
            (st = ent_i_num(&f[5], name, "#D power", &pw, err)) != ENT_OK)
            goto done;
        ent_issue_t *is = &s->issues[i];
        if (x < is->lo[0] || x > is->hi[0]) {
            st = ent_error_set(err, ENT_EINPUT, name, f[3].line, f[3].col,
                               "position %s out of range; expected %g..%g (the #M bounds of '%s')",
                               f[3].s, is->lo[0], is->hi[0], f[2].s);
            goto done;
        }
        if (!(sal > 0 && sal <= 1)) {
            st = ent_error_set(err, ENT_EINPUT, name, f[4].line, f[4].col,
                               "salience %s out of range; expected a value in (0, 1]%s", f[4].s,
                               sal == 0 ? " (zero divides by zero in the exchange model)" : "");
            goto done;
        }
        if (!(pw > 0 && pw <= 1)) {
            st = ent_error_set(err, ENT_EINPUT, name, f[5].line, f[5].col,
                               "power %s out of range; expected a value in (0, 1]%s", f[5].s,
                               pw == 0 ? " (zero divides by zero in the exchange model)" : "");
            goto done;
        }
        if (ent_i_pos_set(s, (size_t)a, (size_t)i, &x, &sal, f[0].line, f[0].col) != ENT_OK) goto oom;
        pp->capability = pw;
        ent_actor_t *ac = &s->actors[a];
        if (!hasd[a] || pw > ac->capability) ac->capability = pw;
        hasd[a] = 1;
        nd++;
    }
    size_t nodata = 0;
    for (size_t a = 0; a < na; a++) nodata += !hasd[a];
    s->salience_scale = 1;
    if (!(s->title = ent_i_basename(name)) || !(s->origin = strdup("decide"))) goto oom;
    ent_i_report(s, "%s: Decide exchange-model file, %zu actors x %zu issues, %zu #D rows; "
                 "actor capability = its largest #D power (per-issue powers kept)\n",
                 name, na, np, nd);
    if (nodata)
        ent_i_report(s, "%s: %zu actor%s without #D rows: capability 1\n", name, nodata,
                     nodata == 1 ? "" : "s");
    st = ent_i_import_finish(s, name, err);
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory importing the Decide file");
done:
    for (size_t k = 0; k < na; k++) free(anames[k]);
    for (size_t k = 0; k < np; k++) free(pnames[k]);
    free(anames);
    free(pnames);
    free(bd);
    free(hasd);
    ent_i_idmap_free(&araw);
    ent_i_idmap_free(&praw);
    ent_i_idmap_free(&aids);
    ent_i_idmap_free(&pids);
    ent_i_csv_free(&p.r);
    return st;
}
