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
 * Complexity: O(n) in the file size.
 */
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ent_status_t too_long(const ent_i_field_t *f, const char *name, const char *what,
                             size_t max, ent_error_t *err)
{
    if (f->len <= max) return ENT_OK;
    return ent_error_set(err, ENT_EINPUT, name, f->line, f->col,
                         "%s has %zu bytes; KTAB expects at most %zu", what, f->len, max);
}

ent_status_t ent_i_import_ktab(ent_scenario_t *s, const char *name, const char *data,
                               size_t len, const ent_load_opts_t *o, ent_error_t *err)
{
    ent_status_t st;
    ent_i_csv_t r;
    ent_i_csv_init(&r, name, data, len, ',', '"');
    ent_i_idmap_t raw, ids;
    ent_i_idmap_init(&raw);
    ent_i_idmap_init(&ids);
    double *x = NULL, *sal = NULL;
    int got;
    long n = 0, nd = 0;

    /* ---- line 1 ---- */
    if ((st = ent_i_csv_row(&r, &got, err)) != ENT_OK) goto done;
    for (size_t i = 0; i < r.nf; i++) ent_i_field_trim(&r.f[i]);
    if (!got || r.nf < 4) {
        st = ent_error_set(err, ENT_EINPUT, name, 1, got ? r.row_end_col : 1,
                           "line 1 has %zu field%s; expected scenarioName,scenarioDesc,nActors,nDims",
                           got ? r.nf : 0, got && r.nf == 1 ? "" : "s");
        goto done;
    }
    if (ent_i_int(&r.f[2], &n) != 0) {
        st = ent_error_set(err, ENT_EINPUT, name, r.f[2].line, r.f[2].col,
                           "nActors '%.40s' is not an integer; expected the number of actor rows", r.f[2].s);
        goto done;
    }
    if (ent_i_int(&r.f[3], &nd) != 0) {
        st = ent_error_set(err, ENT_EINPUT, name, r.f[3].line, r.f[3].col,
                           "nDims '%.40s' is not an integer; expected the number of dimensions", r.f[3].s);
        goto done;
    }
    if (n < 3 || n > 250) {
        st = ent_error_set(err, ENT_EINPUT, name, r.f[2].line, r.f[2].col,
                           "nActors is %ld; KTAB expects 3 to 250 actors", n);
        goto done;
    }
    if (nd < 1 || nd > ENT_MAX_DIMS) {
        st = ent_error_set(err, nd < 1 ? ENT_EINPUT : ENT_ELIMIT, name, r.f[3].line, r.f[3].col,
                           "nDims is %ld; expected 1 to %d dimensions", nd, ENT_MAX_DIMS);
        goto done;
    }
    if ((st = too_long(&r.f[0], name, "scenario name", 512, err)) != ENT_OK ||
        (st = too_long(&r.f[1], name, "scenario description", 512, err)) != ENT_OK ||
        (st = ent_i_utf8_check(&r.f[0], name, "scenario name", err)) != ENT_OK ||
        (st = ent_i_utf8_check(&r.f[1], name, "scenario description", err)) != ENT_OK)
        goto done;
    if ((st = ent_i_scenario_alloc(s, (size_t)n, 1, name, err)) != ENT_OK) goto done;
    if (r.f[0].len && !(s->title = strdup(r.f[0].s))) goto oom;
    if (r.f[1].len && !(s->description = strdup(r.f[1].s))) goto oom;
    if (!s->title && !(s->title = ent_i_basename(name))) goto oom;
    s->salience_scale = 100;
    ent_issue_t *is = &s->issues[0];
    if ((st = ent_i_issue_dims(is, (size_t)nd)) != ENT_OK) goto oom;
    if (!(is->id = strdup("issue")) || !(is->name = strdup(s->title)) || !(s->origin = strdup("ktab")))
        goto oom;

    /* ---- line 2: dimension names ---- */
    size_t need = 3 + 2 * (size_t)nd;
    if ((st = ent_i_csv_row(&r, &got, err)) != ENT_OK) goto done;
    if (!got) {
        st = ent_error_set(err, ENT_EINPUT, name, r.line, 1,
                           "truncated file: no header line 2; expected Actor,Description,Power,"
                           "Pstn1,Sal1,...");
        goto done;
    }
    for (size_t i = 0; i < r.nf; i++) ent_i_field_trim(&r.f[i]);
    if (r.nf < need) {
        st = ent_error_set(err, ENT_EINPUT, name, r.row_line, r.row_end_col,
                           "header has %zu fields; expected %zu (Actor,Description,Power and a "
                           "position and salience column for each of the %ld dimensions)",
                           r.nf, need, nd);
        goto done;
    }
    is->loc.line = r.row_line;
    is->loc.col = 1;
    for (long d = 0; d < nd; d++) {
        ent_i_field_t *f = &r.f[3 + 2 * d];
        if ((st = too_long(f, name, "dimension name", 256, err)) != ENT_OK ||
            (st = ent_i_utf8_check(f, name, "dimension name", err)) != ENT_OK)
            goto done;
        if (f->len) {
            if (!(is->dim_names[d] = strdup(f->s))) goto oom;
        } else {
            char b[32];
            snprintf(b, sizeof b, "dim%ld", d + 1);
            if (!(is->dim_names[d] = strdup(b))) goto oom;
        }
    }

    /* ---- actor rows ---- */
    x = malloc((size_t)nd * sizeof *x);
    sal = malloc((size_t)nd * sizeof *sal);
    if (!x || !sal) goto oom;
    for (long a = 0; a < n;) {
        if ((st = ent_i_csv_row(&r, &got, err)) != ENT_OK) goto done;
        if (!got) {
            st = ent_error_set(err, ENT_EINPUT, name, r.line, 1,
                               "truncated file: %ld actor row%s; line 1 declares nActors = %ld",
                               a, a == 1 ? "" : "s", n);
            goto done;
        }
        if (ent_i_csv_blank(&r)) continue;
        for (size_t i = 0; i < r.nf; i++) ent_i_field_trim(&r.f[i]);
        if (r.nf < need) {
            st = ent_error_set(err, ENT_EINPUT, name, r.row_line, r.row_end_col,
                               "actor row has %zu fields; expected %zu (name,description,power and "
                               "%ld position/salience pairs)", r.nf, need, nd);
            goto done;
        }
        for (size_t i = need; i < r.nf; i++)
            if (r.f[i].len) {
                st = ent_error_set(err, ENT_EINPUT, name, r.f[i].line, r.f[i].col,
                                   "extra field '%.40s'; expected %zu fields (nDims = %ld)",
                                   r.f[i].s, need, nd);
                goto done;
            }
        ent_i_field_t *fn = &r.f[0], *fd = &r.f[1];
        if (fn->len == 0 || fn->len > 25) {
            st = ent_error_set(err, ENT_EINPUT, name, fn->line, fn->col,
                               "actor name has %zu bytes; KTAB expects 1 to 25", fn->len);
            goto done;
        }
        if ((st = too_long(fd, name, "actor description", 256, err)) != ENT_OK ||
            (st = ent_i_utf8_check(fn, name, "actor name", err)) != ENT_OK ||
            (st = ent_i_utf8_check(fd, name, "actor description", err)) != ENT_OK)
            goto done;
        ent_actor_t *ac = &s->actors[a];
        if (!(ac->name = strdup(fn->s))) goto oom;
        ac->loc.line = fn->line;
        ac->loc.col = fn->col;
        size_t prev;
        int pr = ent_i_idmap_put(&raw, ac->name, (size_t)a, &prev);
        if (pr < 0) goto oom;
        if (pr > 0) {
            st = ent_error_set(err, ENT_EINPUT, name, fn->line, fn->col,
                               "duplicate actor '%s' (first on line %d); expected each actor once",
                               ac->name, s->actors[prev].loc.line);
            goto done;
        }
        if (fd->len && !(ac->notes = strdup(fd->s))) goto oom;
        char fb[32];
        snprintf(fb, sizeof fb, "actor%ld", a + 1);
        if (!(ac->id = ent_i_make_id(ac->name, fb, &ids))) goto oom;
        char what[160];
        snprintf(what, sizeof what, "power of actor '%.40s'", ac->name);
        double c;
        if ((st = ent_i_num(&r.f[2], name, what, &c, err)) != ENT_OK) goto done;
        if (c <= 0 || c > 1e8) {
            st = ent_error_set(err, ENT_EINPUT, name, r.f[2].line, r.f[2].col,
                               "%s power %s; KTAB expects 0 < power <= 1e8",
                               c < 0 ? "negative" : c == 0 ? "zero" : "too large", r.f[2].s);
            goto done;
        }
        ac->capability = c;
        double total = 0;
        for (long d = 0; d < nd; d++) {
            ent_i_field_t *fp = &r.f[3 + 2 * d], *fs = &r.f[4 + 2 * d];
            snprintf(what, sizeof what, "position of '%.40s' on %.40s", ac->name, is->dim_names[d]);
            if ((st = ent_i_num(fp, name, what, &x[d], err)) != ENT_OK) goto done;
            if (x[d] < 0 || x[d] > 100) {
                st = ent_error_set(err, ENT_EINPUT, name, fp->line, fp->col,
                                   "position %s out of range; expected 0..100", fp->s);
                goto done;
            }
            snprintf(what, sizeof what, "salience of '%.40s' on %.40s", ac->name, is->dim_names[d]);
            if ((st = ent_i_num(fs, name, what, &sal[d], err)) != ENT_OK) goto done;
            if (sal[d] < 0 || sal[d] > 100) {
                st = ent_error_set(err, ENT_EINPUT, name, fs->line, fs->col,
                                   "salience %s out of range; expected 0..100", fs->s);
                goto done;
            }
            total += sal[d];
            if (total > 100) {
                st = ent_error_set(err, ENT_EINPUT, name, fs->line, fs->col,
                                   "saliences of '%s' add up to %.17g here; KTAB expects an actor's "
                                   "saliences to sum to at most 100", ac->name, total);
                goto done;
            }
        }
        if (total <= 0) {
            st = ent_error_set(err, ENT_EINPUT, name, r.f[4].line, r.f[4].col,
                               "every salience of '%s' is 0; KTAB expects at least one > 0", ac->name);
            goto done;
        }
        if (ent_i_pos_set(s, (size_t)a, 0, x, sal, fn->line, fn->col) != ENT_OK) goto oom;
        a++;
    }
    for (;;) {
        if ((st = ent_i_csv_row(&r, &got, err)) != ENT_OK) goto done;
        if (!got) break;
        if (ent_i_csv_blank(&r)) continue;
        st = ent_error_set(err, ENT_EINPUT, name, r.row_line, 1,
                           "extra row after the %ld actors declared on line 1; expected the end "
                           "of the file (or a larger nActors)", n);
        goto done;
    }
    ent_i_report(s, "%s: KTAB SMP table, %ld actors x %ld dimension%s, saliences on a 0-100 scale\n",
                 name, n, nd, nd == 1 ? "" : "s");
    st = ent_i_import_finish(s, name, err);
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory importing the KTAB table");
done:
    free(x);
    free(sal);
    ent_i_idmap_free(&raw);
    ent_i_idmap_free(&ids);
    ent_i_csv_free(&r);
    return st;
}
