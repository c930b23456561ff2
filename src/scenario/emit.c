/* SPDX-License-Identifier: MIT */
/* emit.c — ent_scenario_emit: the canonical YAML (or JSON) text of a scenario.
 *
 * Implements "Canonical output" of docs/format.md: keys in the order of the format
 * reference (entente, title, description, salience_scale, precision, preference, sources, actors, issues,
 * positions, groups, rules, proposals, steps, variants; inside each element the documented order),
 * empty sections left out, positions listed actor by actor in the order of `issues`.
 * Loading the output gives back an equal scenario (ent_scenario_equal), bit for bit in
 * every number:
 *   - numbers: integral values below 1e15 as integers, others in the shortest of
 *     %.15g/%.16g/%.17g that strtod reads back to the same bits;
 *   - strings: written plain in YAML only when they are ASCII ids that cannot be read as
 *     anything else (not a number, bool or null); otherwise double-quoted with JSON-style
 *     escapes (\" \\ \n \r \t \uXXXX), which YAML and JSON read alike; control characters,
 *     DEL, C1 controls, U+2028/2029, U+FEFF and U+FFFE/FFFF are always escaped.
 * YAML output uses block style for the sections and their elements and flow style
 * ({...}, [...]) inside an element; JSON output puts one element per line.
 *
 * Deliberate choices: `name` of an actor is left out when it equals the id (the loader
 * sets it back); an issue with unnamed dimensions writes `dimensions: N`; preconditions
 * are written as `requires` (one step) then `requires_any` (alternatives), so a scenario
 * built in C that interleaves them comes back with that order.
 *
 * Complexity: O(size of the scenario + actors × issues).
 */
#include "entente/scenario.h"
#include "entente/core.h"
#include "scenario/numfmt.h"
#include "scenario/asof.h"
#include "scenario/uncertainty.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ent_i_fmt_double(char *buf, double v)
{
    if (isnan(v)) { strcpy(buf, "nan"); return buf; }
    if (isinf(v)) { strcpy(buf, v < 0 ? "-inf" : "inf"); return buf; }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, ENT_I_NUMBUF, "%.0f", v);
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, ENT_I_NUMBUF, "%.*g", prec, v);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &v, sizeof v) == 0) break;
    }
    return buf;
}

typedef struct {
    ent_buf_t *b;
    int json;
    int top_first;   /* no top-level key written yet */
    int sec_first;   /* no element written in the current section yet */
    int el_first;    /* no field written in the current element yet */
} em_t;

/* ---- scalars ---- */

static int plain_ok(const char *s)
{
    static const char *const reserved[] = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"};
    if (!s || !*s) return 0;
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) return 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return 0;
    }
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        const char *r = reserved[i], *p = s;
        while (*p && *r && (*p | 0x20) == *r) { p++; r++; }
        if (!*p && !*r) return 0;
    }
    return 1;
}

static void put_quoted(ent_buf_t *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    ent_buf_append(b, "\"", 1);
    while (*p) {
        unsigned c = *p;
        const char *esc = NULL;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc) { ent_buf_puts(b, esc); p++; continue; }
        if (c < 0x20 || c == 0x7F) { ent_buf_printf(b, "\\u%04X", c); p++; continue; }
        if (c < 0x80) { ent_buf_append(b, (const char *)p, 1); p++; continue; }
        /* a UTF-8 sequence: decode to decide whether it must be escaped */
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        size_t k = 1;
        while (k < n && (p[k] & 0xC0) == 0x80) k++;
        if (k < n) n = k;   /* malformed: copy what there is (the loader refuses such text) */
        unsigned cp = n == 2 ? ((c & 0x1F) << 6) | (p[1] & 0x3F)
                    : n == 3 ? ((c & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F)
                             : 0x10000;
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
            ent_buf_printf(b, "\\u%04X", cp);
        else
            ent_buf_append(b, (const char *)p, n);
        p += n;
    }
    ent_buf_append(b, "\"", 1);
}

static void put_str(em_t *e, const char *s)
{
    if (!s) s = "";
    if (!e->json && plain_ok(s)) ent_buf_puts(e->b, s);
    else put_quoted(e->b, s);
}

static void put_num(em_t *e, double v)
{
    char buf[ENT_I_NUMBUF];
    ent_buf_puts(e->b, ent_i_fmt_double(buf, v));
}

/* A point: a number for 1-D, a list of numbers otherwise. */
static void put_point(em_t *e, const double *x, size_t ndim)
{
    if (ndim == 1) { put_num(e, x[0]); return; }
    ent_buf_puts(e->b, "[");
    for (size_t d = 0; d < ndim; d++) {
        if (d) ent_buf_puts(e->b, ", ");
        put_num(e, x[d]);
    }
    ent_buf_puts(e->b, "]");
}

/* Key inside a flow mapping; `first` says whether a separator is needed. */
static void fkey(em_t *e, int *first, const char *k)
{
    if (!*first) ent_buf_puts(e->b, ", ");
    *first = 0;
    if (e->json) put_quoted(e->b, k);
    else ent_buf_puts(e->b, k);
    ent_buf_puts(e->b, ": ");
}

/* Key that is data (an id, an attribute name): plain in YAML only when safe. */
static void fkey_id(em_t *e, int *first, const char *k)
{
    if (!*first) ent_buf_puts(e->b, ", ");
    *first = 0;
    put_str(e, k);
    ent_buf_puts(e->b, ": ");
}

/* A preference form (docs/format.md, "Preferences"): its name, or a flow mapping. */
static void put_pref(em_t *e, const ent_pref_t *pf)
{
    int first = 1;
    if (pf->kind != ENT_PREF_SLOPES && pf->kind != ENT_PREF_ORDINAL) { put_str(e, ent_pref_kind_name(pf->kind)); return; }
    ent_buf_puts(e->b, "{");
    if (pf->kind == ENT_PREF_SLOPES) {
        fkey(e, &first, "below");
        put_num(e, pf->below);
        fkey(e, &first, "above");
        put_num(e, pf->above);
    } else {
        fkey(e, &first, "ordinal");
        ent_buf_puts(e->b, "[");
        for (size_t k = 0; k < pf->nord; k++) {
            if (k) ent_buf_puts(e->b, ", ");
            put_num(e, pf->ord[k]);
        }
        ent_buf_puts(e->b, "]");
    }
    ent_buf_puts(e->b, "}");
}

/* ---- document structure ---- */

static void top_key(em_t *e, const char *k)
{
    if (e->json) {
        ent_buf_puts(e->b, e->top_first ? "{\n  " : ",\n  ");
        put_quoted(e->b, k);
        ent_buf_puts(e->b, ": ");
    } else {
        ent_buf_puts(e->b, k);
        ent_buf_puts(e->b, ": ");
    }
    e->top_first = 0;
}

static void top_end(em_t *e)
{
    if (!e->json) ent_buf_puts(e->b, "\n");
}

static void sec_begin(em_t *e, const char *k)
{
    if (e->json) {
        top_key(e, k);
        ent_buf_puts(e->b, "[");
    } else {
        ent_buf_puts(e->b, k);
        ent_buf_puts(e->b, ":\n");
        e->top_first = 0;
    }
    e->sec_first = 1;
}

static void sec_end(em_t *e)
{
    if (e->json) ent_buf_puts(e->b, "\n  ]");
}

static void el_begin(em_t *e)
{
    if (e->json) ent_buf_puts(e->b, e->sec_first ? "\n    {" : ",\n    {");
    else ent_buf_puts(e->b, "  - ");
    e->sec_first = 0;
    e->el_first = 1;
}

static void el_end(em_t *e)
{
    ent_buf_puts(e->b, e->json ? "}" : "\n");
}

static void field(em_t *e, const char *k)
{
    if (e->json) {
        if (!e->el_first) ent_buf_puts(e->b, ", ");
        put_quoted(e->b, k);
        ent_buf_puts(e->b, ": ");
    } else {
        if (!e->el_first) ent_buf_puts(e->b, "\n    ");
        ent_buf_puts(e->b, k);
        ent_buf_puts(e->b, ": ");
    }
    e->el_first = 0;
}

static void field_str(em_t *e, const char *k, const char *v)
{
    if (!v) return;
    field(e, k);
    put_str(e, v);
}

/* ---- sections ---- */

static void emit_sources(em_t *e, const ent_scenario_t *s)
{
    if (!s->nsources) return;
    sec_begin(e, "sources");
    for (size_t i = 0; i < s->nsources; i++) {
        const ent_source_t *src = &s->sources[i];
        el_begin(e);
        field(e, "id");
        put_str(e, src->id);
        field_str(e, "text", src->text);
        field_str(e, "url", src->url);
        el_end(e);
    }
    sec_end(e);
}

static void emit_actors(em_t *e, const ent_scenario_t *s)
{
    if (!s->nactors) return;
    sec_begin(e, "actors");
    for (size_t i = 0; i < s->nactors; i++) {
        const ent_actor_t *a = &s->actors[i];
        el_begin(e);
        field(e, "id");
        put_str(e, a->id);
        if (a->name && (!a->id || strcmp(a->name, a->id) != 0)) field_str(e, "name", a->name);
        field(e, "capability");
        if (a->cap_as_of || a->ncap_earlier) {  /* dated: [{value, as_of}, ...], latest first */
            ent_buf_puts(e->b, "[");
            for (size_t k = 0; k <= a->ncap_earlier; k++) {
                double v = k ? a->cap_earlier[k - 1].value : a->capability;
                long d = k ? a->cap_earlier[k - 1].as_of : a->cap_as_of;
                int first = 1;
                ent_buf_puts(e->b, k ? ", {" : "{");
                fkey(e, &first, "value");
                put_num(e, v);
                if (d) {
                    char t[48];
                    ent_i_date_text(d, t, sizeof t);
                    fkey(e, &first, "as_of");
                    put_str(e, t);
                }
                ent_buf_puts(e->b, "}");
            }
            ent_buf_puts(e->b, "]");
        } else {
            put_num(e, a->capability);
        }
        if (a->nattrs) {
            field(e, "attributes");
            ent_buf_puts(e->b, "{");
            int first = 1;
            for (size_t k = 0; k < a->nattrs; k++) {
                const ent_attr_t *at = &a->attrs[k];
                fkey_id(e, &first, at->key);
                if (!isnan(at->num)) put_num(e, at->num);
                else put_quoted(e->b, at->text ? at->text : "");
            }
            ent_buf_puts(e->b, "}");
        }
        field_str(e, "notes", a->notes);
        field_str(e, "source", a->source);
        if (a->nmember_of) {
            field(e, "member_of");
            ent_buf_puts(e->b, "[");
            for (size_t k = 0; k < a->nmember_of; k++) {
                const ent_member_of_t *m = &a->member_of[k];
                if (k) ent_buf_puts(e->b, ", ");
                put_str(e, m->group ? (m->index < s->ngroups ? s->groups[m->index].id : "")
                                    : (m->index < s->nactors ? s->actors[m->index].id : ""));
            }
            ent_buf_puts(e->b, "]");
        }
        el_end(e);
    }
    sec_end(e);
}

static int has_dim_names(const ent_issue_t *is)
{
    if (!is->dim_names) return 0;
    for (size_t d = 0; d < is->ndim; d++)
        if (is->dim_names[d]) return 1;
    return 0;
}

static void emit_issues(em_t *e, const ent_scenario_t *s)
{
    if (!s->nissues) return;
    sec_begin(e, "issues");
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        el_begin(e);
        field(e, "id");
        put_str(e, is->id);
        field_str(e, "name", is->name);
        if (has_dim_names(is)) {
            field(e, "dimensions");
            ent_buf_puts(e->b, "[");
            for (size_t d = 0; d < is->ndim; d++) {
                if (d) ent_buf_puts(e->b, ", ");
                put_str(e, is->dim_names[d]);
            }
            ent_buf_puts(e->b, "]");
        } else if (is->ndim > 1) {
            field(e, "dimensions");
            ent_buf_printf(e->b, "%zu", is->ndim);
        }
        if (is->lo && is->hi) {
            int same = 1;
            for (size_t d = 1; d < is->ndim; d++)
                if (memcmp(&is->lo[d], &is->lo[0], sizeof(double)) || memcmp(&is->hi[d], &is->hi[0], sizeof(double)))
                    same = 0;
            field(e, "scale");
            ent_buf_puts(e->b, "[");
            for (size_t d = 0; d < (same ? 1 : is->ndim); d++) {
                if (d) ent_buf_puts(e->b, ", ");
                if (!same) ent_buf_puts(e->b, "[");
                put_num(e, is->lo[d]);
                ent_buf_puts(e->b, ", ");
                put_num(e, is->hi[d]);
                if (!same) ent_buf_puts(e->b, "]");
            }
            ent_buf_puts(e->b, "]");
        }
        if (is->nlabels) {
            field(e, "labels");
            ent_buf_puts(e->b, "{");
            for (size_t k = 0; k < is->nlabels; k++) {
                char buf[ENT_I_NUMBUF];
                if (k) ent_buf_puts(e->b, ", ");
                ent_i_fmt_double(buf, is->labels[k].at);
                if (e->json) put_quoted(e->b, buf);
                else ent_buf_puts(e->b, buf);
                ent_buf_puts(e->b, ": ");
                put_quoted(e->b, is->labels[k].label ? is->labels[k].label : "");
            }
            ent_buf_puts(e->b, "}");
        }
        if (is->step > 0) { field(e, "step"); put_num(e, is->step); }
        if (is->status_quo) { field(e, "status_quo"); put_point(e, is->status_quo, is->ndim); }
        if (is->outcome) { field(e, "outcome"); put_point(e, is->outcome, is->ndim); }
        field_str(e, "notes", is->notes);
        field_str(e, "source", is->source);
        el_end(e);
    }
    sec_end(e);
}

static void emit_positions(em_t *e, const ent_scenario_t *s)
{
    if (!s->pos) return;
    int any = 0;
    for (size_t a = 0; a < s->nactors; a++) {
        for (size_t i = 0; i < s->nissues; i++) {
            const ent_position_t *p0 = ent_scenario_pos(s, a, i);
            if (!p0->present || !p0->x || !p0->sal) continue;
            for (const ent_position_t *p = p0; p; p = p->earlier) { /* the latest, then earlier codings */
                if (!any) sec_begin(e, "positions");
                any = 1;
                size_t nd = s->issues[i].ndim;
                int first = 1;
                if (e->json) ent_buf_puts(e->b, e->sec_first ? "\n    {" : ",\n    {");
                else ent_buf_puts(e->b, "  - {");
                e->sec_first = 0;
                fkey(e, &first, "actor");
                put_str(e, s->actors[a].id);
                fkey(e, &first, "issue");
                put_str(e, s->issues[i].id);
                fkey(e, &first, "position");
                put_point(e, p->x, nd);
                fkey(e, &first, "salience");
                put_point(e, p->sal, nd);
                if (!isnan(p->capability)) { fkey(e, &first, "capability"); put_num(e, p->capability); }
                if (p->notes) { fkey(e, &first, "notes"); put_str(e, p->notes); }
                if (p->source) { fkey(e, &first, "source"); put_str(e, p->source); }
                if (p->pref.kind != ENT_PREF_DEFAULT) { fkey(e, &first, "preference"); put_pref(e, &p->pref); }
                if (p->as_of) {
                    char d[48]; /* YYYY-MM-DD; sized for any long so the compiler sees no truncation */
                    snprintf(d, sizeof d, "%04ld-%02ld-%02ld", p->as_of / 10000, p->as_of / 100 % 100, p->as_of % 100);
                    fkey(e, &first, "as_of");
                    put_str(e, d);
                }
                ent_buf_puts(e->b, e->json ? "}" : "}\n");
            }
        }
    }
    if (any) sec_end(e);
}

static void emit_groups(em_t *e, const ent_scenario_t *s)
{
    if (!s->ngroups) return;
    sec_begin(e, "groups");
    for (size_t g = 0; g < s->ngroups; g++) {
        const ent_group_t *gr = &s->groups[g];
        el_begin(e);
        field(e, "id");
        put_str(e, gr->id);
        field_str(e, "name", gr->name);
        field(e, "members");
        ent_buf_puts(e->b, "[");
        for (size_t k = 0; k < gr->n; k++) {
            if (k) ent_buf_puts(e->b, ", ");
            put_str(e, gr->members[k] < s->nactors ? s->actors[gr->members[k]].id : "");
        }
        ent_buf_puts(e->b, "]");
        el_end(e);
    }
    sec_end(e);
}

static void emit_rules(em_t *e, const ent_scenario_t *s)
{
    if (!s->nrules) return;
    sec_begin(e, "rules");
    for (size_t r = 0; r < s->nrules; r++) {
        const ent_ruledef_t *ru = &s->rules[r];
        el_begin(e);
        field(e, "id");
        put_str(e, ru->id);
        field_str(e, "name", ru->name);
        if (ru->kind != ENT_RULE_KIND_UNSET && ent_rule_kind_name(ru->kind)) {
            field(e, "kind");
            put_str(e, ent_rule_kind_name(ru->kind));
        }
        field(e, "expr");
        put_quoted(e->b, ru->expr ? ru->expr : "");
        field_str(e, "notes", ru->notes);
        field_str(e, "source", ru->source);
        el_end(e);
    }
    sec_end(e);
}

static void emit_proposals(em_t *e, const ent_scenario_t *s)
{
    if (!s->nproposals) return;
    sec_begin(e, "proposals");
    for (size_t k = 0; k < s->nproposals; k++) {
        const ent_proposal_t *p = &s->proposals[k];
        el_begin(e);
        field(e, "id");
        put_str(e, p->id);
        field_str(e, "name", p->name);
        if (p->proposer >= 0 && (size_t)p->proposer < s->nactors) { field(e, "proposer"); put_str(e, s->actors[p->proposer].id); }
        if (p->rule >= 0 && (size_t)p->rule < s->nrules) { field(e, "rule"); put_str(e, s->rules[p->rule].id); }
        field(e, "point");
        ent_buf_puts(e->b, "{");
        int first = 1;
        for (size_t q = 0; q < p->npoints; q++) {
            if (p->issue[q] >= s->nissues || !p->point[q]) continue;
            fkey_id(e, &first, s->issues[p->issue[q]].id);
            put_point(e, p->point[q], s->issues[p->issue[q]].ndim);
        }
        ent_buf_puts(e->b, "}");
        field_str(e, "notes", p->notes);
        field_str(e, "source", p->source);
        if (p->design.set && p->design.rule < s->nrules && p->design.against < s->nactors) {
            const ent_design_t *dz = &p->design;
            field(e, "design");
            ent_buf_puts(e->b, "{");
            first = 1;
            fkey(e, &first, "rule");
            put_str(e, s->rules[dz->rule].id);
            fkey(e, &first, "against");
            put_str(e, s->actors[dz->against].id);
            if (dz->nissues) {
                fkey(e, &first, "issues");
                ent_buf_puts(e->b, "[");
                for (size_t q = 0; q < dz->nissues; q++) {
                    if (q) ent_buf_puts(e->b, ", ");
                    put_str(e, dz->issues[q] < s->nissues ? s->issues[dz->issues[q]].id : "");
                }
                ent_buf_puts(e->b, "]");
            }
            ent_buf_puts(e->b, "}");
        }
        el_end(e);
    }
    sec_end(e);
}

static void emit_insist(em_t *e, const ent_scenario_t *s, const ent_precond_t *pc, int *first)
{
    if (!pc->ninsist) return;
    fkey(e, first, "insisted_by");
    ent_buf_puts(e->b, "[");
    for (size_t j = 0; j < pc->ninsist; j++) {
        const ent_insist_t *in = &pc->insist[j];
        const char *id = in->actor < s->nactors ? s->actors[in->actor].id : "";
        if (j) ent_buf_puts(e->b, ", ");
        if (in->salience == s->salience_scale) {
            put_str(e, id);
        } else {
            int f2 = 1;
            ent_buf_puts(e->b, "{");
            fkey(e, &f2, "actor");
            put_str(e, id);
            fkey(e, &f2, "salience");
            put_num(e, in->salience);
            ent_buf_puts(e->b, "}");
        }
    }
    ent_buf_puts(e->b, "]");
}

static void emit_precond(em_t *e, const ent_scenario_t *s, const ent_precond_t *pc)
{
    int bare = pc->nsteps == 1 && !pc->ninsist && !pc->notes && !pc->source && !pc->as_of;
    const char *sid0 = pc->nsteps && pc->steps[0] < s->nsteps ? s->steps[pc->steps[0]].id : "";
    if (bare) { put_str(e, sid0); return; }
    int first = 1;
    ent_buf_puts(e->b, "{");
    if (pc->nsteps == 1) {
        fkey(e, &first, "step");
        put_str(e, sid0);
    } else {
        fkey(e, &first, "steps");
        ent_buf_puts(e->b, "[");
        for (size_t j = 0; j < pc->nsteps; j++) {
            if (j) ent_buf_puts(e->b, ", ");
            put_str(e, pc->steps[j] < s->nsteps ? s->steps[pc->steps[j]].id : "");
        }
        ent_buf_puts(e->b, "]");
    }
    emit_insist(e, s, pc, &first);
    if (pc->notes) { fkey(e, &first, "notes"); put_str(e, pc->notes); }
    if (pc->source) { fkey(e, &first, "source"); put_str(e, pc->source); }
    if (pc->as_of) {
        char t[48];
        ent_i_date_text(pc->as_of, t, sizeof t);
        fkey(e, &first, "as_of");
        put_str(e, t);
    }
    ent_buf_puts(e->b, "}");
}

static void emit_steps(em_t *e, const ent_scenario_t *s)
{
    if (!s->nsteps) return;
    sec_begin(e, "steps");
    for (size_t k = 0; k < s->nsteps; k++) {
        const ent_step_t *st = &s->steps[k];
        el_begin(e);
        field(e, "id");
        put_str(e, st->id);
        field_str(e, "name", st->name);
        for (int any = 0; any < 2; any++) {
            int n = 0;
            for (size_t q = 0; q < st->npre; q++) {
                if ((st->pre[q].nsteps > 1) != any) continue;
                if (!n) {
                    field(e, any ? "requires_any" : "requires");
                    ent_buf_puts(e->b, "[");
                } else {
                    ent_buf_puts(e->b, ", ");
                }
                n++;
                for (const ent_precond_t *pc = &st->pre[q]; pc; pc = pc->earlier) { /* latest first */
                    if (pc != &st->pre[q]) ent_buf_puts(e->b, ", ");
                    emit_precond(e, s, pc);
                }
            }
            if (n) ent_buf_puts(e->b, "]");
        }
        field_str(e, "notes", st->notes);
        field_str(e, "source", st->source);
        el_end(e);
    }
    sec_end(e);
}

/* variants: id, description, changes (text; a dropped precondition as
 * "drop-precondition STEP:REQUIRED"), the order of docs/format.md */
static void emit_variants(em_t *e, const ent_scenario_t *s)
{
    if (!s->nvariants) return;
    sec_begin(e, "variants");
    for (size_t k = 0; k < s->nvariants; k++) {
        const ent_variant_t *v = &s->variants[k];
        el_begin(e);
        field(e, "id");
        put_str(e, v->id);
        field_str(e, "description", v->description);
        field(e, "changes");
        ent_buf_puts(e->b, "[");
        for (size_t q = 0; q < v->nchanges; q++) {
            const ent_change_t *c = &v->changes[q];
            if (q) ent_buf_puts(e->b, ", ");
            ent_buf_t t = ENT_BUF_INIT;
            ent_buf_printf(&t, "%s%s", c->kind == ENT_CHANGE_DROP ? "drop-precondition " : "", c->text ? c->text : "");
            put_quoted(e->b, t.data ? t.data : "");
            if (t.oom) e->b->oom = 1;
            ent_buf_free(&t);
        }
        ent_buf_puts(e->b, "]");
        el_end(e);
    }
    sec_end(e);
}

/* uncertainty (docs/format.md, "uncertainty"): a block mapping (JSON: an object) of the
 * defaults, then `values` (path -> distribution) and `p_insisted` (STEP:REQUIRED ->
 * probability), one entry per line */

/* Start an entry at nesting `level` (1: a key of `uncertainty`, 2: inside values/p_insisted)
 * and write its key; the entry's value follows. */
static void unc_entry(em_t *e, int *first, int level, const char *key, int quoted)
{
    if (e->json) ent_buf_puts(e->b, *first ? "\n" : ",\n");
    for (int i = 0; i < level + e->json; i++) ent_buf_puts(e->b, "  ");
    *first = 0;
    if (quoted) put_quoted(e->b, key);
    else if (e->json) put_quoted(e->b, key);
    else put_str(e, key);
    ent_buf_puts(e->b, ":");
}

static void unc_end(em_t *e)
{
    if (!e->json) ent_buf_puts(e->b, "\n");
}

static void emit_unc_default(em_t *e, const char *k, const ent_unc_default_t *d, int *first)
{
    if (isnan(d->sd) && isnan(d->relative)) return;
    unc_entry(e, first, 1, k, 0);
    ent_buf_puts(e->b, " {");
    int f = 1;
    fkey(e, &f, isnan(d->sd) ? "relative" : "sd");
    put_num(e, isnan(d->sd) ? d->relative : d->sd);
    ent_buf_puts(e->b, "}");
    unc_end(e);
}

static void put_nums(em_t *e, const double *x, size_t n)
{
    ent_buf_puts(e->b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i) ent_buf_puts(e->b, ", ");
        put_num(e, x[i]);
    }
    ent_buf_puts(e->b, "]");
}

static void put_dist(em_t *e, const ent_dist_t *d)
{
    int f = 1, g = 1;
    double x[3] = {d->a, d->b, d->c};
    ent_buf_puts(e->b, "{");
    switch (d->kind) {
    case ENT_DIST_UNIFORM: fkey(e, &f, "uniform"); put_nums(e, x, 2); break;
    case ENT_DIST_TRIANGULAR: fkey(e, &f, "triangular"); put_nums(e, x, 3); break;
    case ENT_DIST_NORMAL:
        fkey(e, &f, "normal");
        ent_buf_puts(e->b, "{");
        if (!isnan(d->a)) { fkey(e, &g, "mean"); put_num(e, d->a); }
        fkey(e, &g, "sd");
        put_num(e, d->b);
        ent_buf_puts(e->b, "}");
        break;
    case ENT_DIST_CHOICE:
        fkey(e, &f, "choice");
        ent_buf_puts(e->b, "{");
        fkey(e, &g, "values");
        put_nums(e, d->values, d->n);
        fkey(e, &g, "p");
        put_nums(e, d->p, d->n);
        ent_buf_puts(e->b, "}");
        break;
    default: fkey(e, &f, "empirical"); put_nums(e, d->values, d->n); break;
    }
    ent_buf_puts(e->b, "}");
}

static void emit_uncertainty(em_t *e, const ent_scenario_t *s)
{
    const ent_uncertainty_t *u = s->uncertainty;
    if (!ent_scenario_uncertain(s)) return;
    if (e->json) {
        top_key(e, "uncertainty");
        ent_buf_puts(e->b, "{");
    } else {
        ent_buf_puts(e->b, "uncertainty:\n");
        e->top_first = 0;
    }
    int first = 1;
    emit_unc_default(e, "position", &u->position, &first);
    emit_unc_default(e, "salience", &u->salience, &first);
    emit_unc_default(e, "capability", &u->capability, &first);
    if (u->nvalues) {
        unc_entry(e, &first, 1, "values", 0);
        ent_buf_puts(e->b, e->json ? " {" : "\n");
        int f = 1;
        for (size_t i = 0; i < u->nvalues; i++) {
            ent_buf_t p = ENT_BUF_INIT;
            ent_i_uncertainty_path(s, &u->values[i], &p);
            if (p.oom) e->b->oom = 1;
            unc_entry(e, &f, 2, p.data ? p.data : "", 0);
            ent_buf_free(&p);
            ent_buf_puts(e->b, " ");
            put_dist(e, &u->values[i].dist);
            unc_end(e);
        }
        if (e->json) ent_buf_puts(e->b, "\n    }");
    }
    if (u->ngroups) {
        unc_entry(e, &first, 1, "correlated", 0);
        ent_buf_puts(e->b, e->json ? " [" : "\n");
        for (size_t g = 0; g < u->ngroups; g++) {
            const ent_unc_group_t *x = &u->groups[g];
            int f = 1;
            if (e->json) ent_buf_puts(e->b, g ? ",\n      " : "\n      ");
            else ent_buf_puts(e->b, "    - ");
            ent_buf_puts(e->b, "{");
            fkey(e, &f, "values");
            ent_buf_puts(e->b, "[");
            for (size_t i = 0; i < x->n; i++) {
                ent_unc_value_t v;
                memset(&v, 0, sizeof v);
                v.target = x->values[i].target;
                v.actor = x->values[i].actor;
                v.issue = x->values[i].issue;
                v.dim = x->values[i].dim;
                ent_buf_t p = ENT_BUF_INIT;
                ent_i_uncertainty_path(s, &v, &p);
                if (p.oom) e->b->oom = 1;
                if (i) ent_buf_puts(e->b, ", ");
                put_str(e, p.data ? p.data : "");
                ent_buf_free(&p);
            }
            ent_buf_puts(e->b, "]");
            if (x->uniform) {
                fkey(e, &f, "correlation");
                put_num(e, x->n > 1 ? x->corr[1] : 1);
            } else {
                fkey(e, &f, "matrix");
                ent_buf_puts(e->b, "[");
                for (size_t i = 0; i < x->n; i++) {
                    if (i) ent_buf_puts(e->b, ", ");
                    put_nums(e, x->corr + i * x->n, x->n);
                }
                ent_buf_puts(e->b, "]");
            }
            ent_buf_puts(e->b, "}");
            unc_end(e);
        }
        if (e->json) ent_buf_puts(e->b, "\n    ]");
    }
    if (u->ninsist) {
        unc_entry(e, &first, 1, "p_insisted", 0);
        ent_buf_puts(e->b, e->json ? " {" : "\n");
        int f = 1;
        for (size_t i = 0; i < u->ninsist; i++) {
            const ent_unc_insist_t *q = &u->insist[i];
            ent_buf_t p = ENT_BUF_INIT;
            ent_buf_printf(&p, "%s:%s", s->steps[q->step].id, s->steps[q->req].id);
            if (p.oom) e->b->oom = 1;
            unc_entry(e, &f, 2, p.data ? p.data : "", 1);
            ent_buf_free(&p);
            ent_buf_puts(e->b, " ");
            put_num(e, q->p);
            unc_end(e);
        }
        if (e->json) ent_buf_puts(e->b, "\n    }");
    }
    if (e->json) ent_buf_puts(e->b, "\n  }");
}

ent_status_t ent_scenario_emit(const ent_scenario_t *s, ent_format_t format, char **out,
                               size_t *len, ent_error_t *err)
{
    if (!out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_scenario_emit: no output pointer");
    *out = NULL;
    if (len) *len = 0;
    if (!s) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_scenario_emit: no scenario");
    if (format != ENT_FMT_YAML && format != ENT_FMT_JSON)
        return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                             "ent_scenario_emit: cannot write format '%s'; expected yaml or json",
                             ent_format_name(format));
    ent_buf_t b = ENT_BUF_INIT;
    em_t e = {&b, format == ENT_FMT_JSON, 1, 1, 1};
    top_key(&e, "entente");
    ent_buf_puts(&b, "1");
    top_end(&e);
    if (s->title) { top_key(&e, "title"); put_str(&e, s->title); top_end(&e); }
    if (s->description) { top_key(&e, "description"); put_str(&e, s->description); top_end(&e); }
    top_key(&e, "salience_scale");
    put_num(&e, s->salience_scale);
    top_end(&e);
    if (s->precision > 0) { top_key(&e, "precision"); put_num(&e, s->precision); top_end(&e); }
    if (s->calibration) { top_key(&e, "calibration"); put_str(&e, s->calibration); top_end(&e); }
    if (s->pref.kind != ENT_PREF_DEFAULT) { top_key(&e, "preference"); put_pref(&e, &s->pref); top_end(&e); }
    if (s->precoalitions) { top_key(&e, "precoalitions"); put_str(&e, s->precoalitions); top_end(&e); }
    emit_sources(&e, s);
    emit_actors(&e, s);
    emit_issues(&e, s);
    emit_positions(&e, s);
    emit_groups(&e, s);
    emit_rules(&e, s);
    emit_proposals(&e, s);
    emit_steps(&e, s);
    emit_variants(&e, s);
    emit_uncertainty(&e, s);
    if (format == ENT_FMT_JSON) ent_buf_puts(&b, "\n}\n");
    if (b.oom) {
        ent_buf_free(&b);
        return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory writing the scenario");
    }
    size_t n = b.len;
    *out = ent_buf_take(&b);
    if (!*out) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory writing the scenario");
    if (len) *len = n;
    return ENT_OK;
}
