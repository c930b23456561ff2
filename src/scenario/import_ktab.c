/* SPDX-License-Identifier: MIT */
/* import_ktab.c — importer of KTAB's Spatial Model of Politics CSV input (KTAB, MIT
 * licence; format and validation rules as specified in docs/models/smp.md §2 of the shared
 * model notes; summarised in docs/importers.md §2).
 *
 * Line 1: `name,desc,nActors,nDims[,...]` (extra fields ignored). Line 2: `Actor,Description,
 * Power,<dim0 name>,<sal0 name>,...`. Then exactly nActors rows `name,desc,capability,pos_0,
 * sal_0,...`. Fields may be double-quoted; blanks around numbers are ignored (strtod).
 * Result: one issue (id `issue`, named after the scenario) with nDims dimensions named from
 * the position columns, scale 0..100 per dimension, salience_scale 100, per-dimension
 * saliences; the actor's description becomes its notes.
 * KTAB's checks, all enforced here with file:line:col: 3 <= nActors <= 250, nDims >= 1;
 * actor name 1-25 bytes, description <= 256, scenario name/description <= 512, dimension
 * name <= 256; 0 <= position <= 100; 0 <= salience <= 100 and the running total of an
 * actor's saliences never above 100 (summed left to right in double, as KTAB does); at
 * least one salience > 0; capability 0 < c <= 1e8 (KTAB reads c = 0 but aborts on the first
 * vote, so it is refused here).
 * Deliberate deviations (stricter than KTAB): non-empty fields after the last salience of an
 * actor row, duplicate actor names and non-blank rows after the declared nActors are
 * errors; blank lines are skipped. nDims is also capped at ENT_MAX_DIMS.
 * Stages (each a function below, sharing kt_t): line 1 (counts) → the scenario shell →
 * line 2 (dimension names) → actor rows (fields, names, values) → nothing after them.
 * Complexity: O(n) in the file size.
 */
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything the stages share. */
typedef struct {
    const char *name;
    ent_i_csv_t r;
    long n, nd;                /* nActors, nDims of line 1 */
    size_t need;               /* fields of line 2 and of an actor row */
    ent_i_idmap_t raw;         /* actor name → index */
    ent_i_idmap_t ids;         /* actor ids made so far */
    double *x, *sal;           /* nd values of the current row */
} kt_t;

static ent_status_t oom(const kt_t *k, ent_error_t *err)
{
    return ent_error_set(err, ENT_ENOMEM, k->name, 0, 0, "out of memory importing the KTAB table");
}

static ent_status_t too_long(const ent_i_field_t *f, const char *name, const char *what,
                             size_t max, ent_error_t *err)
{
    if (f->len <= max) return ENT_OK;
    return ent_error_set(err, ENT_EINPUT, name, f->line, f->col,
                         "%s has %zu bytes; KTAB expects at most %zu", what, f->len, max);
}

/* ---- stage 1: line 1, name,desc,nActors,nDims ---- */
static ent_status_t line1(kt_t *k, ent_error_t *err)
{
    ent_i_csv_t *r = &k->r;
    const char *name = k->name;
    int got;
    ent_status_t st = ent_i_csv_row(r, &got, err);
    if (st != ENT_OK) return st;
    ent_i_csv_trim_fields(r);
    if (!got || r->nf < 4)
        return ent_error_set(err, ENT_EINPUT, name, 1, got ? r->row_end_col : 1,
                             "line 1 has %zu field%s; expected scenarioName,scenarioDesc,nActors,nDims",
                             got ? r->nf : 0, got && r->nf == 1 ? "" : "s");
    if (ent_i_int(&r->f[2], &k->n) != 0)
        return ent_error_set(err, ENT_EINPUT, name, r->f[2].line, r->f[2].col,
                             "nActors '%.40s' is not an integer; expected the number of actor rows", r->f[2].s);
    if (ent_i_int(&r->f[3], &k->nd) != 0)
        return ent_error_set(err, ENT_EINPUT, name, r->f[3].line, r->f[3].col,
                             "nDims '%.40s' is not an integer; expected the number of dimensions", r->f[3].s);
    if (k->n < 3 || k->n > 250)
        return ent_error_set(err, ENT_EINPUT, name, r->f[2].line, r->f[2].col,
                             "nActors is %ld; KTAB expects 3 to 250 actors", k->n);
    if (k->nd < 1 || k->nd > ENT_MAX_DIMS)
        return ent_error_set(err, k->nd < 1 ? ENT_EINPUT : ENT_ELIMIT, name, r->f[3].line, r->f[3].col,
                             "nDims is %ld; expected 1 to %d dimensions", k->nd, ENT_MAX_DIMS);
    if ((st = too_long(&r->f[0], name, "scenario name", 512, err)) != ENT_OK ||
        (st = too_long(&r->f[1], name, "scenario description", 512, err)) != ENT_OK ||
        (st = ent_i_utf8_check(&r->f[0], name, "scenario name", err)) != ENT_OK ||
        (st = ent_i_utf8_check(&r->f[1], name, "scenario description", err)) != ENT_OK)
        return st;
    k->need = 3 + 2 * (size_t)k->nd;
    return ENT_OK;
}

/* ---- stage 2: the scenario shell: n actors, one issue of nd dimensions, title ---- */
static ent_status_t shell(kt_t *k, ent_scenario_t *s, ent_error_t *err)
{
    ent_i_csv_t *r = &k->r;
    ent_status_t st = ent_i_scenario_alloc(s, (size_t)k->n, 1, k->name, err);
    if (st != ENT_OK) return st;
    if (r->f[0].len && !(s->title = strdup(r->f[0].s))) return oom(k, err);
    if (r->f[1].len && !(s->description = strdup(r->f[1].s))) return oom(k, err);
    if (!s->title && !(s->title = ent_i_basename(k->name))) return oom(k, err);
    s->salience_scale = 100;
    ent_issue_t *is = &s->issues[0];
    if (ent_i_issue_dims(is, (size_t)k->nd) != ENT_OK) return oom(k, err);
    if (!(is->id = strdup("issue")) || !(is->name = strdup(s->title)) || !(s->origin = strdup("ktab")))
        return oom(k, err);
    return ENT_OK;
}

/* ---- stage 3: line 2, Actor,Description,Power,<dim>,<sal>,... (the dimension names) ---- */
static ent_status_t line2(kt_t *k, ent_issue_t *is, ent_error_t *err)
{
    ent_i_csv_t *r = &k->r;
    int got;
    ent_status_t st = ent_i_csv_row(r, &got, err);
    if (st != ENT_OK) return st;
    if (!got)
        return ent_error_set(err, ENT_EINPUT, k->name, r->line, 1,
                             "truncated file: no header line 2; expected Actor,Description,Power,"
                             "Pstn1,Sal1,...");
    ent_i_csv_trim_fields(r);
    if (r->nf < k->need)
        return ent_error_set(err, ENT_EINPUT, k->name, r->row_line, r->row_end_col,
                             "header has %zu fields; expected %zu (Actor,Description,Power and a "
                             "position and salience column for each of the %ld dimensions)",
                             r->nf, k->need, k->nd);
    is->loc.line = r->row_line;
    is->loc.col = 1;
    for (long d = 0; d < k->nd; d++) {
        ent_i_field_t *f = &r->f[3 + 2 * d];
        if ((st = too_long(f, k->name, "dimension name", 256, err)) != ENT_OK ||
            (st = ent_i_utf8_check(f, k->name, "dimension name", err)) != ENT_OK)
            return st;
        char b[32];
        snprintf(b, sizeof b, "dim%ld", d + 1);
        if (!(is->dim_names[d] = strdup(f->len ? f->s : b))) return oom(k, err);
    }
    return ENT_OK;
}

/* ---- stage 4: the actor rows ---- */

/* Field count: at least `need`, nothing but empty fields after them. */
static ent_status_t row_fields(kt_t *k, ent_error_t *err)
{
    ent_i_csv_t *r = &k->r;
    ent_i_csv_trim_fields(r);
    if (r->nf < k->need)
        return ent_error_set(err, ENT_EINPUT, k->name, r->row_line, r->row_end_col,
                             "actor row has %zu fields; expected %zu (name,description,power and "
                             "%ld position/salience pairs)", r->nf, k->need, k->nd);
    for (size_t i = k->need; i < r->nf; i++)
        if (r->f[i].len)
            return ent_error_set(err, ENT_EINPUT, k->name, r->f[i].line, r->f[i].col,
                                 "extra field '%.40s'; expected %zu fields (nDims = %ld)",
                                 r->f[i].s, k->need, k->nd);
    return ENT_OK;
}

/* Name (1-25 bytes, unique), description (notes), id, power of actor a. */
static ent_status_t actor_fields(kt_t *k, ent_scenario_t *s, long a, ent_error_t *err)
{
    ent_i_csv_t *r = &k->r;
    const char *name = k->name;
    ent_i_field_t *fn = &r->f[0], *fd = &r->f[1];
    ent_status_t st;
    if (fn->len == 0 || fn->len > 25)
        return ent_error_set(err, ENT_EINPUT, name, fn->line, fn->col,
                             "actor name has %zu bytes; KTAB expects 1 to 25", fn->len);
    if ((st = too_long(fd, name, "actor description", 256, err)) != ENT_OK ||
        (st = ent_i_utf8_check(fn, name, "actor name", err)) != ENT_OK ||
        (st = ent_i_utf8_check(fd, name, "actor description", err)) != ENT_OK)
        return st;
    ent_actor_t *ac = &s->actors[a];
    if (!(ac->name = strdup(fn->s))) return oom(k, err);
    ac->loc.line = fn->line;
    ac->loc.col = fn->col;
    size_t prev;
    int pr = ent_i_idmap_put(&k->raw, ac->name, (size_t)a, &prev);
    if (pr < 0) return oom(k, err);
    if (pr > 0)
        return ent_error_set(err, ENT_EINPUT, name, fn->line, fn->col,
                             "duplicate actor '%s' (first on line %d); expected each actor once",
                             ac->name, s->actors[prev].loc.line);
    if (fd->len && !(ac->notes = strdup(fd->s))) return oom(k, err);
    char fb[32];
    snprintf(fb, sizeof fb, "actor%ld", a + 1);
    if (!(ac->id = ent_i_make_id(ac->name, fb, &k->ids))) return oom(k, err);
    char what[160];
    snprintf(what, sizeof what, "power of actor '%.40s'", ac->name);
    double c;
    if ((st = ent_i_num(&r->f[2], name, what, &c, err)) != ENT_OK) return st;
    if (c <= 0 || c > 1e8)
        return ent_error_set(err, ENT_EINPUT, name, r->f[2].line, r->f[2].col,
                             "%s power %s; KTAB expects 0 < power <= 1e8",
                             c < 0 ? "negative" : c == 0 ? "zero" : "too large", r->f[2].s);
    ac->capability = c;
    return ENT_OK;
}

/* Positions and saliences of actor `an` into k->x, k->sal (KTAB's range and sum checks). */
static ent_status_t actor_values(kt_t *k, const ent_issue_t *is, const char *an, ent_error_t *err)
{
    ent_i_csv_t *r = &k->r;
    const char *name = k->name;
    char what[160];
    double total = 0;
    ent_status_t st;
    for (long d = 0; d < k->nd; d++) {
        ent_i_field_t *fp = &r->f[3 + 2 * d], *fs = &r->f[4 + 2 * d];
        snprintf(what, sizeof what, "position of '%.40s' on %.40s", an, is->dim_names[d]);
        if ((st = ent_i_num(fp, name, what, &k->x[d], err)) != ENT_OK) return st;
        if (k->x[d] < 0 || k->x[d] > 100)
            return ent_error_set(err, ENT_EINPUT, name, fp->line, fp->col,
                                 "position %s out of range; expected 0..100", fp->s);
        snprintf(what, sizeof what, "salience of '%.40s' on %.40s", an, is->dim_names[d]);
        if ((st = ent_i_num(fs, name, what, &k->sal[d], err)) != ENT_OK) return st;
        if (k->sal[d] < 0 || k->sal[d] > 100)
            return ent_error_set(err, ENT_EINPUT, name, fs->line, fs->col,
                                 "salience %s out of range; expected 0..100", fs->s);
        total += k->sal[d];
        if (total > 100)
            return ent_error_set(err, ENT_EINPUT, name, fs->line, fs->col,
                                 "saliences of '%s' add up to %.17g here; KTAB expects an actor's "
                                 "saliences to sum to at most 100", an, total);
    }
    if (total <= 0)
        return ent_error_set(err, ENT_EINPUT, name, r->f[4].line, r->f[4].col,
                             "every salience of '%s' is 0; KTAB expects at least one > 0", an);
    return ENT_OK;
}

static ent_status_t actor_rows(kt_t *k, ent_scenario_t *s, ent_error_t *err)
{
    ent_i_csv_t *r = &k->r;
    k->x = malloc((size_t)k->nd * sizeof *k->x);
    k->sal = malloc((size_t)k->nd * sizeof *k->sal);
    if (!k->x || !k->sal) return oom(k, err);
    for (long a = 0; a < k->n;) {
        int got;
        ent_status_t st = ent_i_csv_row(r, &got, err);
        if (st != ENT_OK) return st;
        if (!got)
            return ent_error_set(err, ENT_EINPUT, k->name, r->line, 1,
                                 "truncated file: %ld actor row%s; line 1 declares nActors = %ld",
                                 a, a == 1 ? "" : "s", k->n);
        if (ent_i_csv_blank(r)) continue;
        if ((st = row_fields(k, err)) != ENT_OK || (st = actor_fields(k, s, a, err)) != ENT_OK ||
            (st = actor_values(k, &s->issues[0], s->actors[a].name, err)) != ENT_OK)
            return st;
        if (ent_i_pos_set(s, (size_t)a, 0, k->x, k->sal, r->f[0].line, r->f[0].col) != ENT_OK)
            return oom(k, err);
        a++;
    }
    return ENT_OK;
}

/* ---- stage 5: nothing but blank lines after the declared rows ---- */
static ent_status_t trailer(kt_t *k, ent_error_t *err)
{
    for (;;) {
        int got;
        ent_status_t st = ent_i_csv_row(&k->r, &got, err);
        if (st != ENT_OK || !got) return st;
        if (ent_i_csv_blank(&k->r)) continue;
        return ent_error_set(err, ENT_EINPUT, k->name, k->r.row_line, 1,
                             "extra row after the %ld actors declared on line 1; expected the end "
                             "of the file (or a larger nActors)", k->n);
    }
}

ent_status_t ent_i_import_ktab(ent_scenario_t *s, const char *name, const char *data,
                               size_t len, const ent_load_opts_t *o, ent_error_t *err)
{
    (void)o;
    kt_t k;
    memset(&k, 0, sizeof k);
    k.name = name;
    ent_i_csv_init(&k.r, name, data, len, ',', '"');
    ent_i_idmap_init(&k.raw);
    ent_i_idmap_init(&k.ids);
    ent_status_t st = line1(&k, err);
    if (st == ENT_OK) st = shell(&k, s, err);
    if (st == ENT_OK) st = line2(&k, &s->issues[0], err);
    if (st == ENT_OK) st = actor_rows(&k, s, err);
    if (st == ENT_OK) st = trailer(&k, err);
    if (st == ENT_OK) {
        ent_i_report(s, "%s: KTAB SMP table, %ld actors x %ld dimension%s, saliences on a 0-100 scale\n",
                     name, k.n, k.nd, k.nd == 1 ? "" : "s");
        st = ent_i_import_finish(s, name, err);
    }
    free(k.x);
    free(k.sal);
    ent_i_idmap_free(&k.raw);
    ent_i_idmap_free(&k.ids);
    ent_i_csv_free(&k.r);
    return st;
}
