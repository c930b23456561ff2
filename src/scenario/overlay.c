/* SPDX-License-Identifier: MIT */
/* overlay.c — what-if changes on a loaded scenario: `--set PATH=VALUE`,
 * `--drop-precondition STEP:REQUIRED` and the named `variants:` of a scenario file
 * (entente/scenario.h, "what-if"; the paths are documented in docs/format.md, "Variants").
 *
 * A change is kept as the text the analyst wrote and resolved against the scenario when it
 * is applied. Paths (ids may contain '.', so each split is tried until the names resolve):
 *   [actor.]A.capability=V              the actor's capability
 *   [actor.]A.I.position=V | [..] | none  position on issue I (none removes it)
 *   [actor.]A.I.position[d]=V           one dimension (1-based) of a multi-dimensional one
 *   [actor.]A.I.salience=V | [..]       salience(s), raw on the scenario's salience_scale
 *   [actor.]A.I.capability=V | none     per-issue capability (none: the actor's own)
 *   [actor.]A.I.preference=FORM         linear, at_least, at_most, quadratic or [B, A] (slopes)
 *   issue.I.status_quo=V | [..] | none
 *   rule.R.expr=TEXT                    a new rule text (compiled by ent_game_check_rules)
 *   proposal.P.I=V | [..] | none        the proposal's point on issue I (added, replaced, removed)
 *   proposal.P.rule=R                   the rule deciding the proposal
 *   add.actor.ID=CAP | add.position.A.I=[X.., S..] | add.rule.ID=EXPR
 *   add.precondition.STEP=REQ[|REQ..][; ACTOR[=SAL]]...   new elements, through the builder
 * and STEP:REQUIRED drops REQUIRED from the preconditions of STEP (a `requires_any` entry
 * loses that alternative; an entry left with none is removed).
 * Values are checked as the builder checks them (src/scenario/build.c): points inside the
 * scale, saliences in [0, salience_scale], capabilities finite and >= 0. Additions are
 * appended (a one-step precondition goes before the step's `requires_any` entries, the data
 * model's order), so every existing index keeps its meaning. A variant with additions is
 * checked on a copy (emitted and read back), since its later changes may name what it adds.
 *
 * Complexity: a path is resolved with the linear lookups of scenario.c, O(k · n) for an id
 * with k dots among n elements; applying is O(size of what changes).
 */
#include "entente/scenario.h"
#include "scenario/asof.h"
#include "scenario/numfmt.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A change being resolved: its text, where it came from, and whether to write. */
typedef struct {
    const ent_change_t *c;
    const char *file;
    const char *variant;   /* for messages; NULL on the command line */
    ent_error_t *err;
} ch_t;

static ent_status_t failv_at(const ch_t *h, ent_status_t st, size_t off, const char *fmt, va_list ap)
{
    char msg[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    const ent_change_t *c = h->c;
    if (c->loc.line > 0) {
        if (h->variant)
            return ent_error_set(h->err, st, h->file, c->loc.line, c->loc.col, "variant '%s': change '%s': col %zu: %s",
                                 h->variant, c->text, off + 1, msg);
        return ent_error_set(h->err, st, h->file, c->loc.line, c->loc.col, "change '%s': col %zu: %s", c->text,
                             off + 1, msg);
    }
    return ent_error_set(h->err, st, NULL, 0, 0, "%s %s: col %zu: %s",
                         c->kind == ENT_CHANGE_SET ? "--set" : "--drop-precondition", c->text, off + 1, msg);
}

static ent_status_t fail_at(const ch_t *h, size_t off, const char *fmt, ...) ENT_PRINTF(3, 4);
static ent_status_t fail_at(const ch_t *h, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ent_status_t st = failv_at(h, ENT_EINPUT, off, fmt, ap);
    va_end(ap);
    return st;
}

/* ------------------------------------------------------------------ syntax */

static int id_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '.';
}

/* Offset of the first byte that is a control character or not part of valid UTF-8 (no
 * overlong forms, no surrogates, at most U+10FFFF), or n when all is well: a change is
 * written back into the scenario file by ent_scenario_emit, which must load again. */
static size_t bad_byte(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x20 || c == 0x7f) return i;
        if (c < 0x80) { i++; continue; }
        size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (!len || i + len > n) return i;
        for (size_t k = 1; k < len; k++)
            if ((p[i + k] & 0xc0) != 0x80) return i;
        if ((c == 0xe0 && p[i + 1] < 0xa0) || (c == 0xed && p[i + 1] > 0x9f) || (c == 0xf0 && p[i + 1] < 0x90)
            || (c == 0xf4 && p[i + 1] > 0x8f))
            return i;
        if (c == 0xc2 && (p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)) return i;  /* C1 controls */
        i += len;
    }
    return n;
}

ent_status_t ent_change_parse(const char *text, ent_change_kind_t kind, ent_change_t *out, ent_error_t *err)
{
    if (out) memset(out, 0, sizeof *out);
    if (!text || !out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_change_parse: no text or no output");
    size_t n = strlen(text), b = bad_byte((const unsigned char *)text, n);
    if (b < n)
        return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col %zu: byte 0x%02x is a control character or not UTF-8; expected UTF-8 text",
                             b + 1, (unsigned)(unsigned char)text[b]);
    if (kind == ENT_CHANGE_SET) {
        const char *eq = strchr(text, '=');
        if (!eq) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col %zu: no '='; expected PATH=VALUE", n + 1);
        if (eq == text) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col 1: empty path; expected PATH=VALUE");
        for (const char *p = text; p < eq; p++) {
            if (id_char(*p) || *p == '[' || *p == ']') continue;
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0,
                                 "col %zu: unexpected '%c' in the path; expected ids joined by '.'",
                                 (size_t)(p - text) + 1, *p);
        }
        if (!eq[1])
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col %zu: empty value; expected a number, a list [a, b], none or a text",
                                 n + 1);
    } else if (kind == ENT_CHANGE_DROP) {
        const char *colon = strchr(text, ':');
        if (!colon) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col %zu: no ':'; expected STEP:REQUIRED", n + 1);
        for (const char *p = text; *p; p++) {
            if (p == colon) continue;
            if (id_char(*p)) continue;
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col %zu: unexpected '%c'; expected STEP:REQUIRED (two step ids)",
                                 (size_t)(p - text) + 1, *p);
        }
        if (colon == text) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col 1: empty step; expected STEP:REQUIRED");
        if (!colon[1])
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "col %zu: empty required step; expected STEP:REQUIRED", n + 1);
    } else {
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_change_parse: unknown change kind %d", (int)kind);
    }
    if (!(out->text = strdup(text))) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    out->kind = kind;
    return ENT_OK;
}

void ent_change_destroy(ent_change_t *c)
{
    if (!c) return;
    free(c->text);
    c->text = NULL;
}

/* ------------------------------------------------------------------ lookups */

enum { L_ACTOR, L_ISSUE, L_RULE, L_PROPOSAL, L_STEP };

/* Index of the element of kind k whose id is text[off, off+len); -1 when none. */
static long find_n(const ent_scenario_t *s, int k, const char *t, size_t len)
{
    size_t n = k == L_ACTOR ? s->nactors : k == L_ISSUE ? s->nissues : k == L_RULE ? s->nrules
             : k == L_PROPOSAL ? s->nproposals : s->nsteps;
    for (size_t i = 0; i < n; i++) {
        const char *id = k == L_ACTOR ? s->actors[i].id : k == L_ISSUE ? s->issues[i].id : k == L_RULE ? s->rules[i].id
                       : k == L_PROPOSAL ? s->proposals[i].id : s->steps[i].id;
        if (id && strlen(id) == len && !memcmp(id, t, len)) return (long)i;
    }
    return -1;
}


/* The value of a change: a number, a list of numbers "[a, b]", "none", or (rule texts) raw. */
typedef struct {
    int none;
    size_t n;
    double x[ENT_MAX_DIMS];
} val_t;

static ent_status_t parse_value(const ch_t *h, size_t off, val_t *v)
{
    const char *t = h->c->text + off, *p = t;
    memset(v, 0, sizeof *v);
    if (!strcmp(t, "none")) { v->none = 1; return ENT_OK; }
    int list = *p == '[';
    if (list) p++;
    for (;;) {
        while (*p == ' ') p++;
        char *end;
        errno = 0;
        double x = strtod(p, &end);
        int erange = errno == ERANGE;
        if (end == p || (!list && *end) || (*end && *end != ',' && *end != ']' && *end != ' '))
            return fail_at(h, (size_t)(p - h->c->text), "'%s' is not a number; expected a number%s", p,
                           list ? " in the list" : ", a list [a, b] or none");
        if (!isfinite(x))
            return fail_at(h, (size_t)(p - h->c->text), "'%.*s' is not finite; expected a finite number", (int)(end - p), p);
        if (!ent_i_num_in_range(x, erange))   /* the bound every reader applies (numfmt.h) */
            return fail_at(h, (size_t)(p - h->c->text), "number '%.*s' is out of range; expected " ENT_I_NUM_RANGE_TEXT,
                           (int)(end - p), p);
        if (v->n == ENT_MAX_DIMS)
            return fail_at(h, (size_t)(p - h->c->text), "more than %d numbers; expected one per dimension", ENT_MAX_DIMS);
        v->x[v->n++] = x;
        p = end;
        while (*p == ' ') p++;
        if (!list) break;
        if (*p == ',') { p++; continue; }
        if (*p == ']' && !p[1]) break;
        return fail_at(h, (size_t)(p - h->c->text), "expected ',' or a final ']' in the list");
    }
    return ENT_OK;
}

/* A trailing "[d]" on the field at text[f, fe): fills *dim (0-based) and shortens *fe. */
static ent_status_t field_dim(const ch_t *h, size_t f, size_t *fe, long *dim)
{
    const char *t = h->c->text;
    *dim = -1;
    const char *br = memchr(t + f, '[', *fe - f);
    if (!br) return ENT_OK;
    char *end;
    long d = strtol(br + 1, &end, 10);
    if (end == br + 1 || *end != ']' || end + 1 != t + *fe || d < 1)
        return fail_at(h, (size_t)(br - t), "bad dimension '%.*s'; expected [d], d = 1, 2, ...", (int)(t + *fe - br), br);
    *dim = d - 1;
    *fe = (size_t)(br - t);
    return ENT_OK;
}

/* The point an ndim-dimensional issue gets from v (or v at dimension dim into base),
 * checked against the issue's scale unless it is a salience. */
static ent_status_t point_of(const ch_t *h, size_t voff, size_t doff, const val_t *v, const ent_issue_t *is,
                             long dim, const double *base, double *out, const char *what)
{
    if (dim >= 0) {
        if ((size_t)dim >= is->ndim)
            return fail_at(h, doff, "issue '%s' has %zu dimension%s; expected [1]..[%zu]", is->id, is->ndim,
                           is->ndim == 1 ? "" : "s", is->ndim);
        if (v->n != 1) return fail_at(h, voff, "%zu numbers for one dimension; expected one number", v->n);
        if (!base) return fail_at(h, voff, "no %s to change one dimension of; expected the whole point [..]", what);
        memcpy(out, base, is->ndim * sizeof *out);
        out[dim] = v->x[0];
    } else {
        if (v->n != is->ndim)
            return fail_at(h, voff, "%zu number%s for issue '%s'; expected %zu (one per dimension)", v->n,
                           v->n == 1 ? "" : "s", is->id, is->ndim);
        memcpy(out, v->x, is->ndim * sizeof *out);
    }
    if (!strcmp(what, "salience")) return ENT_OK;  /* checked against salience_scale by the caller */
    for (size_t d = 0; d < is->ndim; d++)
        if (out[d] < is->lo[d] || out[d] > is->hi[d])
            return fail_at(h, voff, "%s %g is outside the scale of issue '%s'; expected a number in [%g, %g]", what, out[d],
                           is->id, is->lo[d], is->hi[d]);
    return ENT_OK;
}

static double *dup_point(const double *x, size_t n)
{
    double *r = malloc(n * sizeof *r);
    if (r) memcpy(r, x, n * sizeof *r);
    return r;
}

static ent_status_t nomem(const ch_t *h)
{
    return ent_error_set(h->err, ENT_ENOMEM, NULL, 0, 0, "out of memory applying a change");
}

/* ------------------------------------------------------------------ the paths */

static ent_status_t built(const ch_t *h, size_t off, ent_status_t st, const ent_error_t *e);

/* Split text[a, b) at a '.' into an element of kind k1 (left) and of kind k2 (right; -1 =
 * any field text). Returns the left index and sets *mid to the offset after the dot; -1
 * when no split resolves (*mid then marks the longest resolving left part, or a). */
static long split2(const ent_scenario_t *s, const char *t, size_t a, size_t b, int k1, int k2, long *right, size_t *mid)
{
    long best = -1;
    *mid = a;
    for (size_t i = a; i < b; i++) {
        if (t[i] != '.') continue;
        long l = find_n(s, k1, t + a, i - a);
        if (l < 0) continue;
        best = l;
        *mid = i + 1;
        if (k2 < 0) continue;
        long r = find_n(s, k2, t + i + 1, b - i - 1);
        if (r >= 0) { *right = r; return l; }
    }
    if (k2 < 0) return best;
    return -1;
}

/* The start of the last dot-separated part of t[a0, pe): the field of a path; a0 when the
 * path has no dot. */
static size_t field_start(const char *t, size_t a0, size_t pe)
{
    size_t f = pe;
    while (f > a0 && t[f - 1] != '.') f--;
    return f;
}

/* ACTOR.ISSUE.preference=linear | at_least | at_most | quadratic | [B, A] (slopes below and
 * above the position; docs/format.md, "Preferences"). An ordinal ranking names labels,
 * which a change does not: write it in the file. */
static ent_status_t set_pref(ch_t *h, ent_scenario_t *s, int dry, size_t actor, size_t issue, size_t a0, size_t voff)
{
    const char *t = h->c->text;
    const ent_issue_t *is = &s->issues[issue];
    static const struct { const char *name; ent_pref_kind_t kind; } forms[] = {
        {"linear", ENT_PREF_LINEAR}, {"at_least", ENT_PREF_AT_LEAST}, {"at_most", ENT_PREF_AT_MOST},
        {"quadratic", ENT_PREF_QUADRATIC}};
    ent_pref_t pf = {0};
    size_t k = 0;
    while (k < 4 && strcmp(forms[k].name, t + voff) != 0) k++;
    if (k < 4) {
        pf.kind = forms[k].kind;
    } else if (t[voff] == '[') {
        val_t v;
        ent_status_t st = parse_value(h, voff, &v);
        if (st != ENT_OK) return st;
        if (v.n != 2 || v.x[0] < 0 || v.x[1] < 0 || (v.x[0] == 0 && v.x[1] == 0))
            return fail_at(h, voff, "slopes '%s'; expected [below, above], numbers >= 0, not both 0", t + voff);
        pf.kind = ENT_PREF_SLOPES;
        pf.below = v.x[0];
        pf.above = v.x[1];
    } else {
        return fail_at(h, voff, "unknown preference '%s'; expected linear, at_least, at_most, quadratic or [below, above]",
                       t + voff);
    }
    if (!ent_scenario_pos(s, actor, issue)->present)
        return fail_at(h, a0, "actor '%s' has no position on issue '%s'; expected a position in the file to change",
                       s->actors[actor].id, is->id);
    if (is->ndim != 1 && pf.kind != ENT_PREF_LINEAR)
        return fail_at(h, voff, "preference '%s' on issue '%s' of %zu dimensions: it needs one direction; expected "
                       "linear or a one-dimensional issue", t + voff, is->id, is->ndim);
    if (dry) return ENT_OK;
    ent_error_t e = {0};
    return built(h, voff, ent_scenario_set_preference(s, (long)actor, (long)issue, &pf, &e), &e);
}

static ent_status_t set_actor(ch_t *h, ent_scenario_t *s, int dry, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    /* the field is the last segment; before it: A or A.I */
    size_t f = field_start(t, a0, pe);
    if (f == a0) return fail_at(h, a0, "'%.*s' is not a path; expected ACTOR.capability or ACTOR.ISSUE.FIELD", (int)(pe - a0), t + a0);
    size_t fe = pe;
    long dim;
    ent_status_t st = field_dim(h, f, &fe, &dim);
    if (st != ENT_OK) return st;
    size_t flen = fe - f;
    const char *field = t + f;
    long actor = find_n(s, L_ACTOR, t + a0, f - 1 - a0);
    if (actor >= 0) {
        if (flen != 10 || memcmp(field, "capability", 10) != 0) {
            if (find_n(s, L_ISSUE, field, flen) >= 0)
                return fail_at(h, pe, "no field after issue '%.*s'; expected .position, .salience or .capability", (int)flen, field);
            return fail_at(h, f, "unknown field '%.*s' of actor '%s'; expected capability, or an issue id then a field",
                           (int)flen, field, s->actors[actor].id);
        }
        if (dim >= 0) return fail_at(h, fe, "capability has no dimensions; expected no [d]");
        val_t v;
        if ((st = parse_value(h, voff, &v)) != ENT_OK) return st;
        if (v.none || v.n != 1 || v.x[0] < 0)
            return fail_at(h, voff, "capability '%s'; expected one number >= 0", t + voff);
        if (!dry) s->actors[actor].capability = v.x[0];
        return ENT_OK;
    }
    size_t mid;
    long issue = -1;
    actor = split2(s, t, a0, f - 1, L_ACTOR, L_ISSUE, &issue, &mid);
    if (actor < 0) {
        long a = split2(s, t, a0, f - 1, L_ACTOR, -1, &issue, &mid);
        if (a >= 0) return fail_at(h, mid, "unknown issue '%.*s'; expected an issue id of the scenario", (int)(f - 1 - mid), t + mid);
        size_t e = a0;
        while (e < f - 1 && t[e] != '.') e++;
        return fail_at(h, a0, "unknown actor '%.*s'; expected an actor id, or issue., rule., proposal., actor.",
                       (int)(e - a0), t + a0);
    }
    const ent_issue_t *is = &s->issues[issue];
    ent_position_t *p = ent_scenario_pos_mut(s, (size_t)actor, (size_t)issue);
    int fpos = flen == 8 && !memcmp(field, "position", 8), fsal = flen == 8 && !memcmp(field, "salience", 8);
    int fcap = flen == 10 && !memcmp(field, "capability", 10);
    if (flen == 10 && !memcmp(field, "preference", 10)) {
        if (dim >= 0) return fail_at(h, fe, "a preference has no dimensions; expected no [d]");
        return set_pref(h, s, dry, (size_t)actor, (size_t)issue, a0, voff);
    }
    if (!fpos && !fsal && !fcap)
        return fail_at(h, f, "unknown field '%.*s'; expected position, salience, capability or preference", (int)flen,
                       field);
    val_t v;
    if ((st = parse_value(h, voff, &v)) != ENT_OK) return st;
    if (!p->present && !(fpos && v.none))
        return fail_at(h, a0, "actor '%s' has no position on issue '%s'; expected a position in the file to change",
                       s->actors[actor].id, is->id);
    double x[ENT_MAX_DIMS];
    if (fcap) {
        if (dim >= 0) return fail_at(h, fe, "capability has no dimensions; expected no [d]");
        if (!v.none && (v.n != 1 || v.x[0] < 0))
            return fail_at(h, voff, "capability '%s'; expected one number >= 0 or none", t + voff);
        if (!dry) p->capability = v.none ? NAN : v.x[0];
        return ENT_OK;
    }
    if (fpos && v.none) {
        if (dim >= 0) return fail_at(h, voff, "none for one dimension; expected a number");
        if (!dry && p->present) {
            free(p->x);
            free(p->sal);
            p->x = p->sal = NULL;
            p->present = 0;
            p->capability = NAN;
        }
        return ENT_OK;
    }
    if (v.none) return fail_at(h, voff, "none for a salience; expected a number in [0, %g]", s->salience_scale);
    if (fpos) {
        if ((st = point_of(h, voff, fe, &v, is, dim, p->x, x, "position")) != ENT_OK) return st;
        if (!dry) memcpy(p->x, x, is->ndim * sizeof *x);
        return ENT_OK;
    }
    if ((st = point_of(h, voff, fe, &v, is, dim, p->sal, x, "salience")) != ENT_OK) return st;
    for (size_t d = 0; d < is->ndim; d++)
        if (x[d] < 0 || x[d] > s->salience_scale)
            return fail_at(h, voff, "salience %g is out of range; expected a number in [0, %g] (salience_scale)", x[d],
                           s->salience_scale);
    if (!dry) memcpy(p->sal, x, is->ndim * sizeof *x);
    return ENT_OK;
}

static ent_status_t set_issue(ch_t *h, ent_scenario_t *s, int dry, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    size_t f = field_start(t, a0, pe);
    if (f == a0) return fail_at(h, a0, "no field; expected issue.ID.status_quo");
    size_t fe = pe;
    long dim;
    ent_status_t st = field_dim(h, f, &fe, &dim);
    if (st != ENT_OK) return st;
    long i = find_n(s, L_ISSUE, t + a0, f - 1 - a0);
    if (i < 0) return fail_at(h, a0, "unknown issue '%.*s'; expected an issue id of the scenario", (int)(f - 1 - a0), t + a0);
    if (fe - f != 10 || memcmp(t + f, "status_quo", 10) != 0)
        return fail_at(h, f, "unknown field '%.*s' of an issue; expected status_quo", (int)(fe - f), t + f);
    ent_issue_t *is = &s->issues[i];
    val_t v;
    if ((st = parse_value(h, voff, &v)) != ENT_OK) return st;
    if (v.none) {
        if (dim >= 0) return fail_at(h, voff, "none for one dimension; expected a number");
        if (!dry) { free(is->status_quo); is->status_quo = NULL; }
        return ENT_OK;
    }
    double x[ENT_MAX_DIMS];
    if ((st = point_of(h, voff, fe, &v, is, dim, is->status_quo, x, "status quo")) != ENT_OK) return st;
    if (dry) return ENT_OK;
    if (!is->status_quo && !(is->status_quo = malloc(is->ndim * sizeof *x))) return nomem(h);
    memcpy(is->status_quo, x, is->ndim * sizeof *x);
    return ENT_OK;
}

static ent_status_t set_rule(ch_t *h, ent_scenario_t *s, int dry, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    size_t f = field_start(t, a0, pe);
    if (f == a0) return fail_at(h, a0, "no field; expected rule.ID.expr");
    long r = find_n(s, L_RULE, t + a0, f - 1 - a0);
    if (r < 0) return fail_at(h, a0, "unknown rule '%.*s'; expected a rule id of the scenario", (int)(f - 1 - a0), t + a0);
    if (pe - f != 4 || memcmp(t + f, "expr", 4) != 0)
        return fail_at(h, f, "unknown field '%.*s' of a rule; expected expr", (int)(pe - f), t + f);
    if (dry) return ENT_OK;
    char *e = strdup(t + voff);
    if (!e) return nomem(h);
    free(s->rules[r].expr);
    s->rules[r].expr = e;
    s->rules[r].loc.line = s->rules[r].loc.col = 0;  /* no longer the file's text */
    return ENT_OK;
}

static ent_status_t set_proposal(ch_t *h, ent_scenario_t *s, int dry, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    size_t f = field_start(t, a0, pe);
    if (f == a0) return fail_at(h, a0, "no field; expected proposal.ID.ISSUE or proposal.ID.rule");
    size_t fe = pe;
    long dim;
    ent_status_t st = field_dim(h, f, &fe, &dim);
    if (st != ENT_OK) return st;
    long pi = find_n(s, L_PROPOSAL, t + a0, f - 1 - a0);
    if (pi < 0)
        return fail_at(h, a0, "unknown proposal '%.*s'; expected a proposal id of the scenario", (int)(f - 1 - a0), t + a0);
    ent_proposal_t *p = &s->proposals[pi];
    if (fe - f == 4 && !memcmp(t + f, "rule", 4) && find_n(s, L_ISSUE, "rule", 4) < 0) {
        long r = find_n(s, L_RULE, t + voff, strlen(t + voff));
        if (r < 0) return fail_at(h, voff, "unknown rule '%s'; expected a rule id of the scenario", t + voff);
        if (!dry) p->rule = r;
        return ENT_OK;
    }
    long i = find_n(s, L_ISSUE, t + f, fe - f);
    if (i < 0)
        return fail_at(h, f, "unknown field '%.*s' of a proposal; expected an issue id or rule", (int)(fe - f), t + f);
    const ent_issue_t *is = &s->issues[i];
    size_t q = 0;
    while (q < p->npoints && p->issue[q] != (size_t)i) q++;
    val_t v;
    if ((st = parse_value(h, voff, &v)) != ENT_OK) return st;
    if (v.none) {
        if (dim >= 0) return fail_at(h, voff, "none for one dimension; expected a number");
        if (q < p->npoints && p->npoints == 1)
            return fail_at(h, voff, "proposal '%s' would propose nothing; expected a point on at least one issue", p->id);
        if (dry || q == p->npoints) return ENT_OK;
        free(p->point[q]);
        memmove(p->issue + q, p->issue + q + 1, (p->npoints - q - 1) * sizeof *p->issue);
        memmove(p->point + q, p->point + q + 1, (p->npoints - q - 1) * sizeof *p->point);
        p->npoints--;
        return ENT_OK;
    }
    double x[ENT_MAX_DIMS];
    if ((st = point_of(h, voff, fe, &v, is, dim, q < p->npoints ? p->point[q] : NULL, x, "proposed position")) != ENT_OK)
        return st;
    if (dry) return ENT_OK;
    if (q < p->npoints) { memcpy(p->point[q], x, is->ndim * sizeof *x); return ENT_OK; }
    size_t *ni = realloc(p->issue, (p->npoints + 1) * sizeof *ni);
    if (!ni) return nomem(h);
    p->issue = ni;
    double **np = realloc(p->point, (p->npoints + 1) * sizeof *np);
    if (!np) return nomem(h);
    p->point = np;
    if (!(np[p->npoints] = dup_point(x, is->ndim))) return nomem(h);
    ni[p->npoints++] = (size_t)i;
    return ENT_OK;
}

/* ------------------------------------------------------------------ additions */

/* The builder's refusal (src/scenario/build.c) as this change's error at offset off: its
 * message without the leading "ent_scenario_add_...: " naming the call. */
static ent_status_t built(const ch_t *h, size_t off, ent_status_t st, const ent_error_t *e)
{
    if (st == ENT_OK) return ENT_OK;
    if (st == ENT_ENOMEM) return nomem(h);
    const char *m = strstr(e->msg, ": ");
    return fail_at(h, off, "%s", m ? m + 2 : e->msg);
}

/* add.actor.ID=CAPABILITY */
static ent_status_t add_actor(ch_t *h, ent_scenario_t *s, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    if (find_n(s, L_ACTOR, t + a0, pe - a0) >= 0)
        return fail_at(h, a0, "actor '%.*s' exists; expected a new actor id", (int)(pe - a0), t + a0);
    val_t v;
    ent_status_t st = parse_value(h, voff, &v);
    if (st != ENT_OK) return st;
    if (v.none || v.n != 1 || v.x[0] < 0) return fail_at(h, voff, "capability '%s'; expected one number >= 0", t + voff);
    char *id = strndup(t + a0, pe - a0);
    if (!id) return nomem(h);
    ent_error_t e = {0};
    st = ent_scenario_add_actor(s, id, NULL, v.x[0], NULL, &e);
    free(id);
    return built(h, a0, st, &e);
}

/* add.position.ACTOR.ISSUE=[X.., S..]: ndim coordinates, then ndim saliences */
static ent_status_t add_position(ch_t *h, ent_scenario_t *s, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    size_t mid;
    long issue = -1;
    long actor = split2(s, t, a0, pe, L_ACTOR, L_ISSUE, &issue, &mid);
    if (actor < 0) {
        long a = split2(s, t, a0, pe, L_ACTOR, -1, &issue, &mid);
        if (a >= 0) return fail_at(h, mid, "unknown issue '%.*s'; expected an issue id of the scenario", (int)(pe - mid), t + mid);
        return fail_at(h, a0, "unknown actor in '%.*s'; expected add.position.ACTOR.ISSUE with ids of the scenario",
                       (int)(pe - a0), t + a0);
    }
    const ent_issue_t *is = &s->issues[issue];
    if (ent_scenario_pos(s, (size_t)actor, (size_t)issue)->present)
        return fail_at(h, a0, "actor '%s' has a position on issue '%s'; expected ACTOR.ISSUE.position=V to change it",
                       s->actors[actor].id, is->id);
    val_t v;
    ent_status_t st = parse_value(h, voff, &v);
    if (st != ENT_OK) return st;
    if (v.none || v.n != 2 * is->ndim)
        return fail_at(h, voff, "'%s' for issue '%s'; expected [position, salience] (%zu coordinates, then %zu saliences)",
                       t + voff, is->id, is->ndim, is->ndim);
    val_t pv = v;
    pv.n = is->ndim;
    double x[ENT_MAX_DIMS];
    if ((st = point_of(h, voff, pe, &pv, is, -1, NULL, x, "position")) != ENT_OK) return st;
    ent_error_t e = {0};
    return built(h, voff, ent_scenario_set_position(s, (size_t)actor, (size_t)issue, x, v.x + is->ndim, &e), &e);
}

/* add.rule.ID=EXPR (compiled after the changes, as rule.ID.expr) */
static ent_status_t add_rule(ch_t *h, ent_scenario_t *s, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    if (find_n(s, L_RULE, t + a0, pe - a0) >= 0)
        return fail_at(h, a0, "rule '%.*s' exists; expected a new rule id (rule.ID.expr=... changes one)", (int)(pe - a0),
                       t + a0);
    char *id = strndup(t + a0, pe - a0);
    if (!id) return nomem(h);
    ent_error_t e = {0};
    ent_status_t st = ent_scenario_add_rule(s, id, NULL, t + voff, NULL, &e);
    free(id);
    return built(h, a0, st, &e);
}

/* One id of a step in text[a, b); fails at a when unknown. */
static ent_status_t step_at(ch_t *h, const ent_scenario_t *s, size_t a, size_t b, size_t *out)
{
    const char *t = h->c->text;
    long k = find_n(s, L_STEP, t + a, b - a);
    if (k < 0) return fail_at(h, a, "unknown step '%.*s'; expected a step id of the scenario", (int)(b - a), t + a);
    *out = (size_t)k;
    return ENT_OK;
}

static size_t skip_sp(const char *t, size_t p)
{
    while (t[p] == ' ') p++;
    return p;
}

/* Move the precondition just appended to step `step` before its first `requires_any` entry
 * when it has one alternative (the data model's order, entente/scenario.h), renumbering the
 * uncertainty's references to the entries it passes. */
static void place_precondition(ent_scenario_t *s, size_t step)
{
    ent_step_t *sp = &s->steps[step];
    size_t last = sp->npre - 1, q = 0;
    if (sp->pre[last].nsteps != 1) return;
    while (q < last && sp->pre[q].nsteps == 1) q++;
    if (q == last) return;
    ent_precond_t pc = sp->pre[last];
    memmove(sp->pre + q + 1, sp->pre + q, (last - q) * sizeof pc);
    sp->pre[q] = pc;
    for (size_t k = 0; s->uncertainty && k < s->uncertainty->ninsist; k++) {
        ent_unc_insist_t *u = &s->uncertainty->insist[k];
        if (u->step == step && u->pre >= q && u->pre < last) u->pre++;
    }
}

/* add.precondition.STEP=REQ[|REQ2...][; ACTOR[=SALIENCE]]...: STEP cannot happen before one
 * of the REQ steps; the actors after ';' insist on it (salience: the scale's maximum when
 * not given). */
static ent_status_t add_precondition(ch_t *h, ent_scenario_t *s, size_t a0, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    size_t step = 0, req[16], nreq = 0, p = skip_sp(t, voff);
    ent_status_t st = step_at(h, s, a0, pe, &step);
    if (st != ENT_OK) return st;
    for (;;) {
        size_t b = p;
        while (t[b] && t[b] != '|' && t[b] != ';' && t[b] != ' ') b++;
        if (b == p) return fail_at(h, p, "no step; expected REQUIRED[|REQUIRED...][; ACTOR[=SALIENCE]...]");
        if (nreq == 16) return fail_at(h, p, "more than 16 alternatives; expected at most 16");
        if ((st = step_at(h, s, p, b, &req[nreq])) != ENT_OK) return st;
        for (size_t k = 0; k < nreq; k++)
            if (req[k] == req[nreq]) return fail_at(h, p, "step '%s' listed twice; expected distinct steps", s->steps[req[k]].id);
        if (req[nreq] == step) return fail_at(h, p, "step '%s' would require itself; expected another step", s->steps[step].id);
        nreq++;
        p = skip_sp(t, b);
        if (t[p] == '|') { p = skip_sp(t, p + 1); continue; }
        break;
    }
    if (t[p] && t[p] != ';') return fail_at(h, p, "unexpected '%c'; expected '|', ';' or the end", t[p]);
    /* the insisting actors, checked before anything is added */
    size_t who[64], nwho = 0;
    double sal[64];
    for (size_t q = p; t[q] == ';';) {
        size_t a = skip_sp(t, q + 1), b = a;
        while (t[b] && t[b] != '=' && t[b] != ';' && t[b] != ' ') b++;
        long ai = find_n(s, L_ACTOR, t + a, b - a);
        if (ai < 0) return fail_at(h, a, "unknown actor '%.*s'; expected an actor id of the scenario", (int)(b - a), t + a);
        if (nwho == 64) return fail_at(h, a, "more than 64 insisting actors");
        for (size_t k = 0; k < nwho; k++)
            if (who[k] == (size_t)ai) return fail_at(h, a, "actor '%s' listed twice; expected each actor once", s->actors[ai].id);
        double v = s->salience_scale;
        b = skip_sp(t, b);
        if (t[b] == '=') {
            size_t c = skip_sp(t, b + 1);
            char *end;
            errno = 0;
            v = strtod(t + c, &end);
            if (end == t + c || !isfinite(v) || v < 0 || v > s->salience_scale)
                return fail_at(h, c, "bad salience; expected a number in [0, %g] (salience_scale)", s->salience_scale);
            b = skip_sp(t, (size_t)(end - t));
        }
        if (t[b] && t[b] != ';') return fail_at(h, b, "unexpected '%c'; expected ';' or the end", t[b]);
        who[nwho] = (size_t)ai;
        sal[nwho++] = v;
        q = b;
    }
    for (size_t q = 0; q < s->steps[step].npre; q++) {
        const ent_precond_t *pc = &s->steps[step].pre[q];
        if (pc->nsteps == nreq && !memcmp(pc->steps, req, nreq * sizeof *req))
            return fail_at(h, voff, "step '%s' already has this precondition; expected a new one", s->steps[step].id);
    }
    ent_error_t e = {0};
    size_t idx;
    if ((st = ent_scenario_add_precondition(s, step, nreq, req, &idx, &e)) != ENT_OK) return built(h, voff, st, &e);
    for (size_t k = 0; k < nwho; k++)
        if ((st = ent_scenario_add_insist(s, step, idx, who[k], sal[k], &e)) != ENT_OK) return built(h, p, st, &e);
    place_precondition(s, step);
    return ENT_OK;
}

/* add.KIND.… : a new element, appended, so every existing index keeps its meaning. */
static ent_status_t apply_add(ch_t *h, ent_scenario_t *s, size_t pe, size_t voff)
{
    const char *t = h->c->text;
    static const char *const kinds[] = {"actor", "position", "rule", "precondition"};
    for (size_t k = 0; k < 4; k++) {
        size_t n = strlen(kinds[k]), a0 = 4 + n + 1;
        if (strncmp(t + 4, kinds[k], n) || t[4 + n] != '.') continue;
        if (a0 >= pe) return fail_at(h, a0, "no id; expected add.%s.ID", kinds[k]);
        switch (k) {
        case 0: return add_actor(h, s, a0, pe, voff);
        case 1: return add_position(h, s, a0, pe, voff);
        case 2: return add_rule(h, s, a0, pe, voff);
        default: return add_precondition(h, s, a0, pe, voff);
        }
    }
    size_t e = 4;
    while (e < pe && t[e] != '.') e++;
    return fail_at(h, 4, "unknown element '%.*s' to add; expected actor, position, rule or precondition", (int)(e - 4),
                   t + 4);
}

/* Does text[a, ...) start with the keyword `kw` and a '.'? */
static int keyword(const char *t, size_t a, const char *kw)
{
    size_t n = strlen(kw);
    return !strncmp(t + a, kw, n) && t[a + n] == '.';
}

static ent_status_t apply_set(ch_t *h, ent_scenario_t *s, int dry)
{
    const char *t = h->c->text;
    const char *eq = strchr(t, '=');
    size_t pe = (size_t)(eq - t), voff = pe + 1;
    /* an actor whose id is a keyword is still reached as ACTOR.ISSUE...; the keyword wins */
    if (keyword(t, 0, "add")) {
        /* additions are checked by applying them to a copy (ent_scenario_check_variants) */
        if (dry) return ENT_OK;
        return apply_add(h, s, pe, voff);
    }
    if (keyword(t, 0, "issue")) return set_issue(h, s, dry, 6, pe, voff);
    if (keyword(t, 0, "rule")) return set_rule(h, s, dry, 5, pe, voff);
    if (keyword(t, 0, "proposal")) return set_proposal(h, s, dry, 9, pe, voff);
    if (keyword(t, 0, "actor")) return set_actor(h, s, dry, 6, pe, voff);
    return set_actor(h, s, dry, 0, pe, voff);
}

static ent_status_t apply_drop(ch_t *h, ent_scenario_t *s, int dry)
{
    const char *t = h->c->text;
    const char *colon = strchr(t, ':');
    size_t m = (size_t)(colon - t);
    long st = find_n(s, L_STEP, t, m);
    if (st < 0) return fail_at(h, 0, "unknown step '%.*s'; expected a step id of the scenario", (int)m, t);
    long rq = find_n(s, L_STEP, colon + 1, strlen(colon + 1));
    if (rq < 0) return fail_at(h, m + 1, "unknown step '%s'; expected a step id of the scenario", colon + 1);
    ent_step_t *sp = &s->steps[st];
    int found = 0;
    for (size_t q = 0; q < sp->npre; q++) {
        ent_precond_t *pc = &sp->pre[q];
        for (size_t k = 0; k < pc->nsteps; k++) {
            if (pc->steps[k] != (size_t)rq) continue;
            found = 1;
            if (dry) break;
            memmove(pc->steps + k, pc->steps + k + 1, (pc->nsteps - k - 1) * sizeof *pc->steps);
            pc->nsteps--;
            break;
        }
    }
    if (!found)
        return fail_at(h, m + 1, "step '%s' has no precondition '%s'; expected one of its `requires` steps", sp->id,
                       colon + 1);
    if (dry) return ENT_OK;
    /* remove the entries left without an alternative */
    size_t w = 0;
    for (size_t q = 0; q < sp->npre; q++) {
        ent_precond_t *pc = &sp->pre[q];
        if (pc->nsteps) { sp->pre[w++] = *pc; continue; }
        ent_i_precond_free_earlier(pc);
        free(pc->steps);
        free(pc->insist);
        free(pc->notes);
        free(pc->source);
    }
    sp->npre = w;
    return ENT_OK;
}

static ent_status_t apply_one(ch_t *h, ent_scenario_t *s, int dry)
{
    if (!h->c->text) return ent_error_set(h->err, ENT_EINVAL, NULL, 0, 0, "ent_scenario_apply: a change without text");
    /* the syntax again: changes built by hand or read from a file come here unchecked */
    ent_change_t tmp;
    ent_error_t e = {0};
    if (ent_change_parse(h->c->text, h->c->kind, &tmp, &e) != ENT_OK) {
        if (e.status == ENT_ENOMEM) return nomem(h);
        const char *m = e.msg;
        size_t col = 1;
        if (sscanf(m, "col %zu: ", &col) == 1) m = strchr(m, ':') + 2;
        return fail_at(h, col - 1, "%s", m);
    }
    ent_change_destroy(&tmp);
    return h->c->kind == ENT_CHANGE_SET ? apply_set(h, s, dry) : apply_drop(h, s, dry);
}

ent_status_t ent_scenario_apply(ent_scenario_t *s, const ent_change_t *changes, size_t n, const char *file,
                                ent_error_t *err)
{
    if (!s || (n && !changes)) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_scenario_apply: no scenario or no changes");
    for (size_t k = 0; k < n; k++) {
        ch_t h = {&changes[k], file, NULL, err};
        ent_status_t st = apply_one(&h, s, 0);
        if (st != ENT_OK) return st;
    }
    return ENT_OK;
}

long ent_scenario_find_variant(const ent_scenario_t *s, const char *id)
{
    for (size_t i = 0; s && id && i < s->nvariants; i++)
        if (!strcmp(s->variants[i].id, id)) return (long)i;
    return -1;
}

ent_status_t ent_scenario_apply_variant(ent_scenario_t *s, const char *id, const char *file, ent_error_t *err)
{
    long v = ent_scenario_find_variant(s, id);
    if (v < 0) {
        char list[400] = "";
        size_t off = 0;
        for (size_t i = 0; s && i < s->nvariants && off < sizeof list; i++)
            off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "", s->variants[i].id);
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "unknown variant '%s'; expected %s%s", id ? id : "",
                             s && s->nvariants ? "one of " : "a variant of the file's 'variants:' (it has none)",
                             list);
    }
    const ent_variant_t *va = &s->variants[v];
    for (size_t k = 0; k < va->nchanges; k++) {
        ch_t h = {&va->changes[k], file, va->id, err};
        ent_status_t st = apply_one(&h, s, 0);
        if (st != ENT_OK) return st;
    }
    return ENT_OK;
}

/* Does variant va add an element (add.…)? */
static int adds(const ent_variant_t *va)
{
    for (size_t k = 0; k < va->nchanges; k++)
        if (va->changes[k].kind == ENT_CHANGE_SET && va->changes[k].text && keyword(va->changes[k].text, 0, "add"))
            return 1;
    return 0;
}

/* A variant that adds elements is checked in order on a copy of s (written and read back
 * without its variants), so that its later changes may name what it added. */
static ent_status_t check_on_copy(const ent_scenario_t *s, const ent_variant_t *va, const char *file, ent_error_t *err)
{
    ent_scenario_t bare = *s, cp;
    bare.nvariants = 0;
    bare.variants = NULL;
    char *text = NULL;
    size_t len = 0;
    ent_status_t st = ent_scenario_emit(&bare, ENT_FMT_YAML, &text, &len, err);
    if (st != ENT_OK) return st;
    ent_scenario_init(&cp);
    st = ent_scenario_load_mem(&cp, file ? file : "scenario", text, len, NULL, err);
    free(text);
    if (st != ENT_OK) return st;
    for (size_t k = 0; k < va->nchanges && st == ENT_OK; k++) {
        ch_t h = {&va->changes[k], file, va->id, err};
        st = apply_one(&h, &cp, 0);
    }
    ent_scenario_destroy(&cp);
    return st;
}

ent_status_t ent_scenario_check_variants(const ent_scenario_t *s, const char *file, ent_error_t *err)
{
    /* dry runs write nothing: the cast only lets one code path serve both */
    ent_scenario_t *m = (ent_scenario_t *)s;
    for (size_t v = 0; v < s->nvariants; v++) {
        const ent_variant_t *va = &s->variants[v];
        if (adds(va)) {
            ent_status_t st = check_on_copy(s, va, file, err);
            if (st != ENT_OK) return st;
            continue;
        }
        for (size_t k = 0; k < va->nchanges; k++) {
            ch_t h = {&va->changes[k], file, va->id, err};
            ent_status_t st = apply_one(&h, m, 1);
            if (st != ENT_OK) return st;
        }
    }
    return ENT_OK;
}
