/* SPDX-License-Identifier: MIT */
/* rule.c — the rule grammar (docs/rules.md): parse a rule text against a scenario and
 * compile it to an and/or tree of weighted-threshold leaves; standalone weighted games
 * ("[q; w...]", weights tables, EPIC game files); winning/blocking tests, veto players,
 * "can it pass over the objection of X"; three-valued votes (for / abstain / against,
 * ent_game_passes) for rules with a "none against of G" part.
 *
 * Parser: recursive descent, one token of look-ahead, O(length of the text + size of the
 * groups it names) per rule; named rules are compiled recursively with a stack that
 * detects cycles (O(depth) per reference). Compilation keeps only the actors the rule
 * involves as players, in scenario order. Evaluation of a coalition: O(n * leaves), and of
 * a three-valued profile the same ("none against of G" is a leaf that weighs the players
 * who do not vote against; with nobody abstaining it is "all of G").
 * Veto players: per leaf "the others miss the quota", combined up the tree, O(n * leaves). Over-objection: single weighted quota,
 * greedy by weight (optimal for cardinality: the k heaviest objectors add the most weight);
 * other rules, breadth-first over subsets of the objectors by size from a lower bound (per
 * leaf its heaviest objectors; max over and, min over or), O(2^|O|) evaluations, refused
 * before a size whose subsets would take the total past 2^26 (with the estimate).
 * Limits: a rule text of at most ENT_MAX_RULE_LEN bytes, nested at most ENT_MAX_RULE_DEPTH
 * levels (parentheses and named rules together); this bounds the parser's recursion and
 * every recursion over the compiled tree (evaluation, description, veto players).
 * Deliberate choices: attribute weights that are not integers are scaled by the smallest
 * power of ten (<= 10^6) that makes them integral, and rounded at 10^6 otherwise; a
 * percentage threshold is exact: quota = ceil(p * total) computed in integers.
 */
#include "game/game_i.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *ent_i_game_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

void ent_i_game_u128_to_mpz(mpz_t z, ent_i_u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64), lo = (uint64_t)v;
    mpz_set_ui(z, (unsigned long)hi);
    mpz_mul_2exp(z, z, 64);
    mpz_add_ui(z, z, (unsigned long)lo);
}

/* ------------------------------------------------------------------ nodes */

ent_i_node_t *ent_i_node_new(int kind)
{
    ent_i_node_t *nd = calloc(1, sizeof *nd);
    if (nd) nd->kind = kind;
    return nd;
}

void ent_i_node_free(ent_i_node_t *nd)
{
    if (!nd) return;
    for (size_t i = 0; i < nd->nkids; i++) ent_i_node_free(nd->kids[i]);
    free(nd->kids);
    free(nd->w);
    free(nd);
}

int ent_i_node_eval(const ent_i_node_t *nd, size_t n, const unsigned char *in)
{
    if (nd->kind == ENT_I_LEAF) {
        int64_t s = 0;
        for (size_t k = 0; k < n; k++)
            if (in[k]) s += nd->w[k];
        return s >= nd->quota;
    }
    for (size_t i = 0; i < nd->nkids; i++) {
        int v = ent_i_node_eval(nd->kids[i], n, in);
        if (nd->kind == ENT_I_AND && !v) return 0;
        if (nd->kind == ENT_I_OR && v) return 1;
    }
    return nd->kind == ENT_I_AND;
}

int ent_i_node_eval3(const ent_i_node_t *nd, size_t n, const unsigned char *ballot)
{
    if (nd->kind == ENT_I_LEAF) {
        int64_t s = 0;
        for (size_t k = 0; k < n; k++)
            if (nd->not_against ? ballot[k] != ENT_BALLOT_AGAINST : ballot[k] == ENT_BALLOT_FOR) s += nd->w[k];
        return s >= nd->quota;
    }
    for (size_t i = 0; i < nd->nkids; i++) {
        int v = ent_i_node_eval3(nd->kids[i], n, ballot);
        if (nd->kind == ENT_I_AND && !v) return 0;
        if (nd->kind == ENT_I_OR && v) return 1;
    }
    return nd->kind == ENT_I_AND;
}

static int node_counts_abstentions(const ent_i_node_t *nd)
{
    if (nd->kind == ENT_I_LEAF) return nd->not_against;
    for (size_t i = 0; i < nd->nkids; i++)
        if (node_counts_abstentions(nd->kids[i])) return 1;
    return 0;
}

size_t ent_i_node_nleaves(const ent_i_node_t *nd)
{
    if (nd->kind == ENT_I_LEAF) return 1;
    size_t s = 0;
    for (size_t i = 0; i < nd->nkids; i++) s += ent_i_node_nleaves(nd->kids[i]);
    return s;
}

static int node_add_kid(ent_i_node_t *p, ent_i_node_t *k)
{
    ent_i_node_t **nk = realloc(p->kids, (p->nkids + 1) * sizeof *nk);
    if (!nk) return -1;
    p->kids = nk;
    p->kids[p->nkids++] = k;
    return 0;
}

/* ------------------------------------------------------------------ lexer */

enum { T_END, T_WORD, T_NUM, T_LP, T_RP, T_LB, T_RB, T_COMMA, T_GE, T_GT, T_SEMI, T_COLON, T_BAD };

typedef struct {
    const ent_scenario_t *s;
    const char *src;
    size_t pos;
    const char *file;
    ent_loc_t loc;
    ent_error_t *err;
    long *stack;        /* named rules being compiled (cycle detection) */
    size_t depth;
    size_t nest;        /* open parentheses + named rules along the current path
                         * (<= ENT_MAX_RULE_DEPTH, which bounds every recursion over the tree) */
    int top;            /* the text compiled (not a named rule it uses): may end with a
                         * two-tier clause "; constituencies: ..." */
    int nested_tiers;   /* set when a named rule used inside another has such a clause */
    /* current token */
    int tok;
    size_t tstart, tlen;
    int64_t num, den;   /* T_NUM value = num/den (percent folded into den) */
    int percent;
} parser_t;

static void where(const parser_t *p, size_t off, int *line, int *col)
{
    int l = p->loc.line > 0 ? p->loc.line : 1;
    int c = p->loc.col > 0 ? p->loc.col : 1;
    for (size_t i = 0; i < off && p->src[i]; i++) {
        if (p->src[i] == '\n') { l++; c = 1; }
        else c++;
    }
    *line = l;
    *col = c;
}

static ent_status_t perr(parser_t *p, size_t off, const char *fmt, ...) ENT_PRINTF(3, 4);
static ent_status_t perr(parser_t *p, size_t off, const char *fmt, ...)
{
    int line, col;
    where(p, off, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    ent_status_t st = ent_error_vset(p->err, ENT_EINPUT, p->file ? p->file : "", line, col, fmt, ap);
    va_end(ap);
    return st;
}

static ent_status_t too_deep(parser_t *p, size_t off)
{
    int line, col;
    where(p, off, &line, &col);
    return ent_error_set(p->err, ENT_ELIMIT, p->file ? p->file : "", line, col,
                         "rule nested more than %d levels deep (parentheses and named rules); "
                         "expected at most %d (ENT_MAX_RULE_DEPTH)", ENT_MAX_RULE_DEPTH, ENT_MAX_RULE_DEPTH);
}

static int is_word_char(int c) { return isalnum(c) || c == '_' || c == '-' || c == '.'; }

static void next(parser_t *p)
{
    const char *s = p->src;
    while (s[p->pos] && isspace((unsigned char)s[p->pos])) p->pos++;
    p->tstart = p->pos;
    p->percent = 0;
    unsigned char c = (unsigned char)s[p->pos];
    if (!c) { p->tok = T_END; p->tlen = 0; return; }
    if (c == 0xE2 && (unsigned char)s[p->pos + 1] == 0x89 && (unsigned char)s[p->pos + 2] == 0xA5) {
        p->tok = T_GE; p->pos += 3; p->tlen = 3; return;   /* U+2265 ≥ */
    }
    switch (c) {
    case '(': p->tok = T_LP; p->pos++; p->tlen = 1; return;
    case ')': p->tok = T_RP; p->pos++; p->tlen = 1; return;
    case '{': p->tok = T_LB; p->pos++; p->tlen = 1; return;
    case '}': p->tok = T_RB; p->pos++; p->tlen = 1; return;
    case ',': p->tok = T_COMMA; p->pos++; p->tlen = 1; return;
    case ';': p->tok = T_SEMI; p->pos++; p->tlen = 1; return;
    case ':': p->tok = T_COLON; p->pos++; p->tlen = 1; return;
    case '>':
        if (s[p->pos + 1] == '=') { p->tok = T_GE; p->pos += 2; p->tlen = 2; }
        else { p->tok = T_GT; p->pos++; p->tlen = 1; }
        return;
    default: break;
    }
    if (!is_word_char(c)) { p->tok = T_BAD; p->tlen = 1; p->pos++; return; }
    size_t b = p->pos;
    while (s[p->pos] && is_word_char((unsigned char)s[p->pos])) p->pos++;
    /* number? digits [. digits] [%] */
    size_t i = b;
    int64_t num = 0, den = 1;
    int ok = isdigit((unsigned char)s[i]) != 0, dot = 0, digits = 0;
    for (; ok && i < p->pos; i++) {
        char ch = s[i];
        if (ch == '.' && !dot) { dot = 1; continue; }
        if (!isdigit((unsigned char)ch)) { ok = 0; break; }
        if (num > (INT64_MAX - 9) / 10 || (dot && den > INT64_MAX / 1000)) { ok = 0; break; }
        num = num * 10 + (ch - '0');
        if (dot) den *= 10;
        digits++;
    }
    if (ok && digits && s[p->pos - 1] != '.') {
        p->tok = T_NUM;
        if (s[p->pos] == '%') {
            p->pos++;
            p->percent = 1;
            den *= 100;   /* den <= INT64_MAX / 100 here (at most 15 decimals) */
        }
        p->num = num;
        p->den = den;
    } else {
        p->tok = T_WORD;
    }
    p->tlen = p->pos - b;
}

static int word_is(const parser_t *p, const char *w)
{
    return p->tok == T_WORD && strlen(w) == p->tlen && !strncmp(p->src + p->tstart, w, p->tlen);
}

static char *tok_text(const parser_t *p)
{
    char *t = malloc(p->tlen + 1);
    if (t) { memcpy(t, p->src + p->tstart, p->tlen); t[p->tlen] = 0; }
    return t;
}

static const char *tok_name(int t)
{
    switch (t) {
    case T_END: return "end of rule";
    case T_WORD: return "a name";
    case T_NUM: return "a number";
    case T_LP: return "'('";
    case T_RP: return "')'";
    case T_LB: return "'{'";
    case T_RB: return "'}'";
    case T_COMMA: return "','";
    case T_GE: return "'>='";
    case T_GT: return "'>'";
    case T_SEMI: return "';'";
    case T_COLON: return "':'";
    default: return "an unexpected character";
    }
}

/* ------------------------------------------------------------------ sets */

typedef struct {
    size_t n, cap;
    size_t *a;          /* actor indices, no duplicates, in order of first mention */
} aset_t;

static int aset_add(aset_t *st, size_t a, unsigned char *seen)
{
    if (seen[a]) return 0;
    if (st->n == st->cap) {
        size_t nc = st->cap ? 2 * st->cap : 8;
        size_t *na = realloc(st->a, nc * sizeof *na);
        if (!na) return -1;
        st->a = na;
        st->cap = nc;
    }
    seen[a] = 1;
    st->a[st->n++] = a;
    return 0;
}

static ent_status_t oom(parser_t *p) { return ent_error_set(p->err, ENT_ENOMEM, NULL, 0, 0, "out of memory compiling a rule"); }

static int add_name(parser_t *p, const char *name, size_t off, aset_t *st, unsigned char *seen, ent_status_t *rc)
{
    long gi = ent_scenario_find_group(p->s, name);
    if (gi >= 0) {
        const ent_group_t *gr = &p->s->groups[gi];
        if (gr->n == 0) { *rc = perr(p, off, "group '%s' is empty; a rule needs at least one member", name); return -1; }
        for (size_t k = 0; k < gr->n; k++)
            if (aset_add(st, gr->members[k], seen)) { *rc = oom(p); return -1; }
        return 0;
    }
    long ai = ent_scenario_find_actor(p->s, name);
    if (ai >= 0) {
        if (aset_add(st, (size_t)ai, seen)) { *rc = oom(p); return -1; }
        return 0;
    }
    *rc = perr(p, off, "unknown group or actor '%s'; expected an actor id or a group id of the scenario", name);
    return -1;
}

/* set := 'all' | '{' name {',' name} '}' | name */
static ent_status_t parse_set(parser_t *p, aset_t *st)
{
    ent_status_t rc = ENT_OK;
    unsigned char *seen = calloc(p->s->nactors ? p->s->nactors : 1, 1);
    if (!seen) return oom(p);
    if (p->tok == T_LB) {
        next(p);
        for (;;) {
            if (p->tok != T_WORD && p->tok != T_NUM) { rc = perr(p, p->tstart, "expected an actor or group name, found %s", tok_name(p->tok)); goto done; }
            char *nm = tok_text(p);
            if (!nm) { rc = oom(p); goto done; }
            int bad = add_name(p, nm, p->tstart, st, seen, &rc);
            free(nm);
            if (bad) goto done;
            next(p);
            if (p->tok == T_COMMA) { next(p); continue; }
            if (p->tok == T_RB) { next(p); break; }
            rc = perr(p, p->tstart, "expected ',' or '}' in a list of actors, found %s", tok_name(p->tok));
            goto done;
        }
        if (st->n == 0) rc = perr(p, p->tstart, "empty list of actors");
        goto done;
    }
    if (p->tok != T_WORD && p->tok != T_NUM) { rc = perr(p, p->tstart, "expected a group, an actor, '{' or 'all', found %s", tok_name(p->tok)); goto done; }
    char *nm = tok_text(p);
    if (!nm) { rc = oom(p); goto done; }
    if (!strcmp(nm, "all") && ent_scenario_find_group(p->s, "all") < 0 && ent_scenario_find_actor(p->s, "all") < 0) {
        free(nm);
        if (p->s->nactors == 0) { rc = perr(p, p->tstart, "'all' names no actor: the scenario has none"); goto done; }
        for (size_t a = 0; a < p->s->nactors; a++)
            if (aset_add(st, a, seen)) { rc = oom(p); goto done; }
        next(p);
        goto done;
    }
    int bad = add_name(p, nm, p->tstart, st, seen, &rc);
    free(nm);
    if (!bad) next(p);
done:
    free(seen);
    return rc;
}

/* Integer weights of the members from attribute `key` ("capability" = the actor's). */
static ent_status_t attr_weights(parser_t *p, const aset_t *st, const char *key, size_t off,
                                 int64_t *w, int64_t *scale_out)
{
    double *v = malloc(st->n * sizeof *v);
    if (!v) return oom(p);
    ent_status_t rc = ENT_OK;
    for (size_t k = 0; k < st->n; k++) {
        const ent_actor_t *a = &p->s->actors[st->a[k]];
        double x = NAN;
        int found = 0;
        for (size_t j = 0; j < a->nattrs; j++)
            if (!strcmp(a->attrs[j].key, key)) { x = a->attrs[j].num; found = 1; break; }
        if (!found && !strcmp(key, "capability")) { x = a->capability; found = 1; }
        if (!found) { rc = perr(p, off, "actor '%s' has no attribute '%s' to weigh by", a->id, key); goto done; }
        if (!isfinite(x)) { rc = perr(p, off, "attribute '%s' of actor '%s' is not a number", key, a->id); goto done; }
        if (x < 0) { rc = perr(p, off, "negative weight %g: attribute '%s' of actor '%s'; weights must be >= 0", x, key, a->id); goto done; }
        v[k] = x;
    }
    int64_t scale = 1;
    for (int d = 0; d <= 6; d++, scale *= 10) {
        int integral = 1;
        for (size_t k = 0; k < st->n && integral; k++) {
            double y = v[k] * (double)scale;
            if (fabs(y - nearbyint(y)) > 1e-9 * (y > 1 ? y : 1)) integral = 0;
        }
        if (integral || d == 6) break;
    }
    double tot = 0;
    for (size_t k = 0; k < st->n; k++) {
        double y = nearbyint(v[k] * (double)scale);
        tot += y;
        w[k] = (int64_t)y;
    }
    if (tot > 4e18) { rc = perr(p, off, "weights of '%s' sum to %g, beyond the supported 4e18", key, tot); goto done; }
    *scale_out = scale;
done:
    free(v);
    return rc;
}

/* ceil(num/den * x) for the quota of a fraction or scaled threshold; strict: floor + 1. */
static int64_t quota_of(int64_t num, int64_t den, int64_t x, int strict)
{
    __int128 t = (__int128)num * x;
    __int128 q = t / den, r = t % den;
    if (strict) return (int64_t)(q + 1);
    return (int64_t)(q + (r != 0));
}

static ent_status_t parse_expr(parser_t *p, ent_i_node_t **out);

static ent_status_t make_leaf(parser_t *p, const aset_t *st, const int64_t *w, int64_t quota, size_t off,
                              ent_i_node_t **out)
{
    int64_t total = 0;
    for (size_t k = 0; k < st->n; k++) total += w[k];
    if (quota < 1) return perr(p, off, "threshold must require at least one vote (quota %lld)", (long long)quota);
    if (quota > total)
        return perr(p, off, "quota %lld is above the total weight %lld; no coalition could pass",
                    (long long)quota, (long long)total);
    ent_i_node_t *nd = ent_i_node_new(ENT_I_LEAF);
    if (!nd) return oom(p);
    nd->w = calloc(p->s->nactors, sizeof *nd->w);
    if (!nd->w) { free(nd); return oom(p); }
    for (size_t k = 0; k < st->n; k++) nd->w[st->a[k]] = w[k];
    nd->quota = quota;
    nd->total = total;
    *out = nd;
    return ENT_OK;
}

static ent_status_t compile_named(parser_t *p, long ri, size_t off, ent_i_node_t **out);

/* At the word "none": is it "none against" (three-valued votes), rather than a rule id? */
static int none_against_follows(const parser_t *p)
{
    parser_t look = *p;
    next(&look);
    return word_is(&look, "against");
}

/* factor := '(' expr ')' | ('all'|'any') 'of' set | K 'of' set | ('>='|'>') X['%'] 'of' set ['by' A]
 *         | 'majority' 'of' set ['by' A] | 'veto' set | 'none' 'against' 'of' set | rule-id
 * About 100 lines: one branch per form of the grammar line above, kept together so the
 * function reads as the grammar; the set and the weights are already helpers. */
static ent_status_t parse_factor(parser_t *p, ent_i_node_t **out)
{
    ent_status_t rc = ENT_OK;
    aset_t st = {0, 0, NULL};
    int64_t *w = NULL;
    size_t off = p->tstart;
    if (p->tok == T_LP) {
        if (p->nest >= ENT_MAX_RULE_DEPTH) return too_deep(p, off);
        p->nest++;
        next(p);
        rc = parse_expr(p, out);
        p->nest--;
        if (rc) return rc;
        if (p->tok != T_RP) { ent_i_node_free(*out); *out = NULL; return perr(p, p->tstart, "expected ')', found %s", tok_name(p->tok)); }
        next(p);
        return ENT_OK;
    }
    enum { K_ALL, K_ANY, K_COUNT, K_GE, K_GT, K_MAJ, K_VETO, K_NONE_AGAINST } kind;
    int64_t knum = 0, kden = 1;
    int pct = 0;
    if (word_is(p, "none") && none_against_follows(p)) { next(p); kind = K_NONE_AGAINST; }
    else if (word_is(p, "all")) kind = K_ALL;
    else if (word_is(p, "any")) kind = K_ANY;
    else if (word_is(p, "majority")) kind = K_MAJ;
    else if (word_is(p, "veto")) kind = K_VETO;
    else if (p->tok == T_NUM) {
        kind = K_COUNT;
        if (p->den != 1 || p->percent) return perr(p, off, "a count of members must be a whole number; for a share write '>= %.*s of ...'", (int)p->tlen, p->src + p->tstart);
        knum = p->num;
    } else if (p->tok == T_GE || p->tok == T_GT) {
        kind = p->tok == T_GE ? K_GE : K_GT;
        next(p);
        if (p->tok != T_NUM) return perr(p, p->tstart, "expected a number or percentage after the comparison, found %s", tok_name(p->tok));
        knum = p->num;
        kden = p->den;
        pct = p->percent;
    } else if (p->tok == T_WORD && !word_is(p, "and") && !word_is(p, "or") && !word_is(p, "of") && !word_is(p, "by")) {
        char *nm = tok_text(p);
        if (!nm) return oom(p);
        long ri = ent_scenario_find_rule(p->s, nm);
        if (ri < 0) {
            rc = perr(p, off, "unknown rule '%s' (a group or an actor is written 'all of %s', 'any of %s' or 'veto %s')", nm, nm, nm, nm);
            free(nm);
            return rc;
        }
        free(nm);
        next(p);
        return compile_named(p, ri, off, out);
    } else {
        if (p->tok == T_WORD)
            return perr(p, off, "expected a rule ('all of G', 'K of G', '>= X%% of G by A', 'veto X', a rule id or '('), found '%.*s'", (int)p->tlen, p->src + p->tstart);
        return perr(p, off, "expected a rule ('all of G', 'K of G', '>= X%% of G by A', 'veto X', a rule id or '('), found %s", tok_name(p->tok));
    }
    next(p);
    if (kind != K_VETO) {
        if (!word_is(p, "of")) return perr(p, p->tstart, "expected 'of', found %s", tok_name(p->tok));
        next(p);
    }
    rc = parse_set(p, &st);
    if (rc) goto done;
    w = malloc(st.n * sizeof *w);
    if (!w) { rc = oom(p); goto done; }
    int64_t scale = 1;
    int by = 0;
    if ((kind == K_GE || kind == K_GT || kind == K_MAJ) && word_is(p, "by")) {
        next(p);
        if (p->tok != T_WORD) { rc = perr(p, p->tstart, "expected an attribute name after 'by', found %s", tok_name(p->tok)); goto done; }
        char *key = tok_text(p);
        if (!key) { rc = oom(p); goto done; }
        rc = attr_weights(p, &st, key, p->tstart, w, &scale);
        free(key);
        if (rc) goto done;
        by = 1;
        next(p);
    } else {
        for (size_t k = 0; k < st.n; k++) w[k] = 1;
    }
    int64_t total = 0;
    for (size_t k = 0; k < st.n; k++) total += w[k];
    int64_t quota = 0;
    switch (kind) {
    case K_ALL: case K_VETO: case K_NONE_AGAINST: quota = (int64_t)st.n; break;
    case K_ANY: quota = 1; break;
    case K_COUNT:
        if (knum < 1 || (size_t)knum > st.n) {
            rc = perr(p, off, "'%lld of' a set of %zu members: the count must be between 1 and %zu", (long long)knum, st.n, st.n);
            goto done;
        }
        quota = knum;
        break;
    case K_MAJ: quota = total / 2 + 1; break;
    case K_GE: case K_GT:
        if (pct) quota = quota_of(knum, kden, total, kind == K_GT);
        else quota = quota_of(knum, kden, by ? scale : 1, kind == K_GT);
        break;
    }
    rc = make_leaf(p, &st, w, quota, off, out);
    if (!rc && kind == K_NONE_AGAINST) (*out)->not_against = 1;
done:
    free(st.a);
    free(w);
    return rc;
}

static ent_status_t parse_chain(parser_t *p, int kind, ent_i_node_t **out)
{
    ent_i_node_t *first = NULL, *nd = NULL;
    const char *kw = kind == ENT_I_AND ? "and" : "or";
    ent_status_t rc = kind == ENT_I_AND ? parse_factor(p, &first) : parse_chain(p, ENT_I_AND, &first);
    if (rc) return rc;
    if (!word_is(p, kw)) { *out = first; return ENT_OK; }
    nd = ent_i_node_new(kind);
    if (!nd || node_add_kid(nd, first)) { ent_i_node_free(first); ent_i_node_free(nd); return oom(p); }
    while (word_is(p, kw)) {
        next(p);
        ent_i_node_t *k = NULL;
        rc = kind == ENT_I_AND ? parse_factor(p, &k) : parse_chain(p, ENT_I_AND, &k);
        if (rc) { ent_i_node_free(nd); return rc; }
        if (node_add_kid(nd, k)) { ent_i_node_free(k); ent_i_node_free(nd); return oom(p); }
    }
    *out = nd;
    return ENT_OK;
}

static ent_status_t parse_expr(parser_t *p, ent_i_node_t **out) { return parse_chain(p, ENT_I_OR, out); }

static ent_status_t parse_all(parser_t *p, ent_i_node_t **out)
{
    *out = NULL;
    size_t len = strnlen(p->src, (size_t)ENT_MAX_RULE_LEN + 1);
    if (len > ENT_MAX_RULE_LEN) {
        int line, col;
        where(p, 0, &line, &col);
        return ent_error_set(p->err, ENT_ELIMIT, p->file ? p->file : "", line, col,
                             "rule text longer than %d bytes; expected at most %d (ENT_MAX_RULE_LEN)",
                             ENT_MAX_RULE_LEN, ENT_MAX_RULE_LEN);
    }
    next(p);
    if (p->tok == T_END) return perr(p, 0, "empty rule; expected e.g. 'all of G' or '>= 9 of members'");
    ent_status_t rc = parse_expr(p, out);
    if (rc) { ent_i_node_free(*out); *out = NULL; return rc; }
    if (p->tok == T_SEMI && p->top) return ENT_OK;   /* a two-tier clause follows (parse_tiers) */
    if (p->tok != T_END) {
        ent_i_node_free(*out);
        *out = NULL;
        if (p->tok == T_SEMI) { p->nested_tiers = 1; return ENT_EINPUT; }   /* compile_named reports it at the reference */
        return perr(p, p->tstart, "unexpected %s after a complete rule; join rules with 'and' / 'or'", tok_name(p->tok));
    }
    return ENT_OK;
}

static ent_status_t compile_named(parser_t *p, long ri, size_t off, ent_i_node_t **out)
{
    for (size_t i = 0; i < p->depth; i++)
        if (p->stack[i] == ri) {
            char chain[512] = "";
            size_t len = 0;
            for (size_t j = i; j < p->depth; j++)
                len += (size_t)snprintf(chain + len, len < sizeof chain ? sizeof chain - len : 0, "%s -> ", p->s->rules[p->stack[j]].id);
            return perr(p, off, "rules refer to each other in a cycle: %s%s", len < sizeof chain ? chain : "", p->s->rules[ri].id);
        }
    if (p->depth >= 64) return perr(p, off, "named rules nested more than 64 deep");
    if (p->nest >= ENT_MAX_RULE_DEPTH) return too_deep(p, off);
    parser_t sub = *p;
    sub.nest = p->nest + 1;
    sub.src = p->s->rules[ri].expr ? p->s->rules[ri].expr : "";
    sub.pos = 0;
    sub.loc = p->s->rules[ri].loc;
    p->stack[p->depth] = ri;
    sub.depth = p->depth + 1;
    sub.top = 0;
    sub.nested_tiers = 0;
    ent_status_t rc = parse_all(&sub, out);
    if (rc && sub.nested_tiers)
        return perr(p, off, "rule '%s' has constituencies (a two-tier rule) and cannot be used inside another rule; "
                    "expected a rule without '; constituencies: ...'", p->s->rules[ri].id);
    return rc;
}

/* ------------------------------------------------------------------ games */

static ent_game_t *game_alloc(size_t n)
{
    ent_game_t *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->n = n;
    g->actor = calloc(n ? n : 1, sizeof *g->actor);
    g->names = calloc(n ? n : 1, sizeof *g->names);
    if (!g->actor || !g->names) { free(g->actor); free(g->names); free(g); return NULL; }
    return g;
}

void ent_game_destroy(ent_game_t *g)
{
    if (!g) return;
    for (size_t k = 0; k < g->n; k++) free(g->names[k]);
    free(g->names);
    free(g->actor);
    ent_i_node_free(g->root);
    free(g->desc);
    free(g->pc);
    free(g->tier_voters);
    free(g->tier_quota);
    free(g->tier_text);
    free(g);
}

static void mark_used(const ent_i_node_t *nd, size_t na, unsigned char *used)
{
    if (nd->kind == ENT_I_LEAF) {
        for (size_t a = 0; a < na; a++)
            if (nd->w[a]) used[a] = 1;
        return;
    }
    for (size_t i = 0; i < nd->nkids; i++) mark_used(nd->kids[i], na, used);
}

static int remap(ent_i_node_t *nd, size_t n, const size_t *actor)
{
    if (nd->kind == ENT_I_LEAF) {
        int64_t *w = calloc(n ? n : 1, sizeof *w);
        if (!w) return -1;
        for (size_t k = 0; k < n; k++) w[k] = nd->w[actor[k]];
        free(nd->w);
        nd->w = w;
        return 0;
    }
    for (size_t i = 0; i < nd->nkids; i++)
        if (remap(nd->kids[i], n, actor)) return -1;
    return 0;
}

static void describe_node(const ent_game_t *g, const ent_i_node_t *nd, ent_buf_t *b, int top)
{
    if (nd->kind == ENT_I_LEAF) {
        int unit = 1;
        size_t m = 0;
        for (size_t k = 0; k < g->n; k++)
            if (nd->w[k]) { m++; if (nd->w[k] != 1) unit = 0; }
        if (nd->not_against) {
            if (unit && (int64_t)m == nd->quota) ent_buf_puts(b, "none against of {");
            else ent_buf_printf(b, ">= %lld not against of {", (long long)nd->quota);
        } else if (unit) {
            if ((int64_t)m == nd->quota) ent_buf_puts(b, "all of {");
            else if (nd->quota == 1) ent_buf_puts(b, "any of {");
            else ent_buf_printf(b, "%lld of {", (long long)nd->quota);
        } else {
            ent_buf_printf(b, ">= %lld of {", (long long)nd->quota);
        }
        int first = 1;
        size_t shown = 0;
        for (size_t k = 0; k < g->n; k++) {
            if (!nd->w[k]) continue;
            if (++shown > 200) { ent_buf_printf(b, ", ... (%zu members)", m); break; }
            ent_buf_printf(b, "%s%s", first ? "" : ", ", g->names[k]);
            if (!unit) ent_buf_printf(b, ":%lld", (long long)nd->w[k]);
            first = 0;
        }
        ent_buf_puts(b, "}");
        return;
    }
    if (!top) ent_buf_puts(b, "(");
    for (size_t i = 0; i < nd->nkids; i++) {
        if (i) ent_buf_puts(b, nd->kind == ENT_I_AND ? " and " : " or ");
        describe_node(g, nd->kids[i], b, 0);
    }
    if (!top) ent_buf_puts(b, ")");
}

static int is_plain_weighted(const ent_game_t *g)
{
    return g->root && g->root->kind == ENT_I_LEAF;
}

static ent_status_t finish_desc(ent_game_t *g, ent_error_t *err)
{
    ent_buf_t b = ENT_BUF_INIT;
    if (is_plain_weighted(g) && g->actor && g->n && g->names) {
        describe_node(g, g->root, &b, 1);
    } else if (g->root) {
        describe_node(g, g->root, &b, 1);
    }
    if (g->tier_text) ent_buf_printf(&b, "; %s", g->tier_text);
    if (b.oom) { ent_buf_free(&b); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    g->desc = ent_buf_take(&b);
    return g->desc ? ENT_OK : ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The two-tier clause after ';' (docs/rules.md, "Two-tier rules"):
 *   "constituencies" ":" INNER "of" ATTR     INNER := majority | unanimity | (">=" | ">") P%
 * Every player of g is decided by a vote of its ATTR voters (a whole number >= 1, at most
 * 10^12) by INNER: majority floor(N/2) + 1 yes votes, unanimity N, >= P% ceil(P N), > P%
 * floor(P N) + 1. Fills g->tier_*; errors at the offending token. */
/* The current token for a message: "end of rule" or the token's text in quotes. */
static const char *tok_show(const parser_t *p, char *buf, size_t len)
{
    if (p->tok == T_END) return "end of rule";
    snprintf(buf, len, "'%.*s'", (int)(p->tlen < 40 ? p->tlen : 40), p->src + p->tstart);
    return buf;
}

static ent_status_t parse_tiers(parser_t *p, ent_game_t *g)
{
    char tb[64];
    next(p);
    if (!word_is(p, "constituencies"))
        return perr(p, p->tstart, "unexpected %s after ';'; expected a two-tier clause such as "
                    "'; constituencies: majority of voters'", tok_show(p, tb, sizeof tb));
    next(p);
    if (p->tok != T_COLON) return perr(p, p->tstart, "unexpected %s after 'constituencies'; expected ':'", tok_show(p, tb, sizeof tb));
    next(p);
    size_t ioff = p->tstart;
    int kind;   /* 0 majority, 1 unanimity, 2 >= P%, 3 > P% */
    int64_t num = 1, den = 2;
    if (word_is(p, "majority")) kind = 0;
    else if (word_is(p, "unanimity")) kind = 1;
    else if (p->tok == T_GE || p->tok == T_GT) {
        kind = p->tok == T_GE ? 2 : 3;
        next(p);
        if (p->tok != T_NUM || !p->percent)
            return perr(p, p->tstart, "unexpected %s; expected a percentage of the constituency's voters (e.g. 50%%)",
                        tok_show(p, tb, sizeof tb));
        num = p->num;
        den = p->den;
        if (num <= 0 || num > den || (kind == 3 && num == den))
            return perr(p, p->tstart, "threshold %.*s inside a constituency is out of range; expected %s",
                        (int)p->tlen, p->src + p->tstart, kind == 2 ? "more than 0% and at most 100%" : "at least 0% and below 100%");
    } else {
        return perr(p, ioff, "the vote inside a constituency, %s, is not a rule; expected 'majority', 'unanimity', "
                    "'>= P%%' or '> P%%' (then 'of' and the attribute giving the voters)", tok_show(p, tb, sizeof tb));
    }
    next(p);
    if (!word_is(p, "of"))
        return perr(p, p->tstart, "unexpected %s; expected 'of' and the attribute giving each member's number of voters",
                    tok_show(p, tb, sizeof tb));
    next(p);
    if (p->tok != T_WORD) return perr(p, p->tstart, "unexpected %s; expected an attribute name (the number of voters)", tok_show(p, tb, sizeof tb));
    size_t koff = p->tstart, klen = p->tlen, iend = p->pos;
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)(klen < 127 ? klen : 127), p->src + koff);
    next(p);
    if (p->tok != T_END) return perr(p, p->tstart, "unexpected %s after the constituencies clause; expected the end of the rule", tok_show(p, tb, sizeof tb));
    g->tier_voters = calloc(g->n ? g->n : 1, sizeof *g->tier_voters);
    g->tier_quota = calloc(g->n ? g->n : 1, sizeof *g->tier_quota);
    size_t tl = iend - ioff;
    g->tier_text = malloc(tl + 17);
    if (!g->tier_voters || !g->tier_quota || !g->tier_text) return oom(p);
    snprintf(g->tier_text, tl + 17, "constituencies: %.*s", (int)tl, p->src + ioff);
    for (size_t k = 0; k < g->n; k++) {
        const ent_actor_t *a = &p->s->actors[g->actor[k]];
        const ent_attr_t *at = NULL;
        for (size_t j = 0; j < a->nattrs && !at; j++)
            if (!strcmp(a->attrs[j].key, key)) at = &a->attrs[j];
        if (!at) return perr(p, koff, "actor '%s' has no attribute '%s' (the number of voters of its constituency)", a->id, key);
        double x = at->num;
        if (!isfinite(x) || x < 1 || x > 1e12 || x != floor(x))
            return perr(p, koff, "constituency of actor '%s' has %s voters (attribute '%s'); expected a whole number "
                        ">= 1 and at most 10^12", a->id, at->text ? at->text : "no", key);
        uint64_t N = (uint64_t)x, q;
        if (kind == 0) q = N / 2 + 1;
        else if (kind == 1) q = N;
        else {
            __int128 t = (__int128)num * (__int128)N, fl = t / den;
            q = kind == 3 ? (uint64_t)(fl + 1) : (uint64_t)(fl + (t % den != 0));
        }
        g->tier_voters[k] = N;
        g->tier_quota[k] = q < 1 ? 1 : q > N ? N : q;
    }
    return ENT_OK;
}

static ent_status_t compile_text(const ent_scenario_t *s, const char *expr, const char *file, ent_loc_t loc,
                                 long self, ent_game_t **out, ent_error_t *err)
{
    *out = NULL;
    long stack[64];
    parser_t p;
    memset(&p, 0, sizeof p);
    p.s = s;
    p.src = expr ? expr : "";
    p.file = file;
    p.loc = loc;
    p.err = err;
    p.stack = stack;
    if (self >= 0) { stack[0] = self; p.depth = 1; }
    p.top = 1;
    ent_i_node_t *root = NULL;
    ent_status_t rc = parse_all(&p, &root);
    if (rc) return rc;
    unsigned char *used = calloc(s->nactors ? s->nactors : 1, 1);
    if (!used) { ent_i_node_free(root); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    mark_used(root, s->nactors, used);
    size_t n = 0;
    for (size_t a = 0; a < s->nactors; a++) n += used[a];
    ent_game_t *g = game_alloc(n);
    if (!g) { free(used); ent_i_node_free(root); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    g->root = root;
    for (size_t a = 0, k = 0; a < s->nactors; a++)
        if (used[a]) {
            g->actor[k] = a;
            g->names[k] = ent_i_game_strdup(s->actors[a].id);
            if (!g->names[k]) rc = ENT_ENOMEM;
            k++;
        }
    free(used);
    if (rc || remap(root, n, g->actor)) { ent_game_destroy(g); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    if (p.tok == T_SEMI && (rc = parse_tiers(&p, g)) != ENT_OK) { ent_game_destroy(g); return rc; }
    rc = finish_desc(g, err);
    if (rc) { ent_game_destroy(g); return rc; }
    *out = g;
    return ENT_OK;
}

ent_status_t ent_game_compile(const ent_scenario_t *s, const char *expr, const char *file, ent_loc_t loc,
                              ent_game_t **out, ent_error_t *err)
{
    if (!s || !out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_game_compile: NULL argument");
    return compile_text(s, expr, file, loc, -1, out, err);
}

ent_status_t ent_game_from_rule(const ent_scenario_t *s, size_t ri, const char *file, ent_game_t **out,
                                ent_error_t *err)
{
    if (!s || !out) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "ent_game_from_rule: NULL argument");
    if (ri >= s->nrules) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "rule index %zu out of range (%zu rules)", ri, s->nrules);
    return compile_text(s, s->rules[ri].expr, file, s->rules[ri].loc, (long)ri, out, err);
}

/* A standalone game from leaves over players 1..n (or given names). Takes ownership of w. */
static ent_status_t standalone(size_t n, size_t nq, int64_t **w, const int64_t *quota, const char *const *names,
                               ent_game_t **out, ent_error_t *err)
{
    ent_game_t *g = game_alloc(n);
    if (!g) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    ent_status_t rc = ENT_OK;
    for (size_t k = 0; k < n; k++) {
        g->actor[k] = k;
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%zu", k + 1);
        g->names[k] = ent_i_game_strdup(names && names[k] ? names[k] : tmp);
        if (!g->names[k]) { rc = ENT_ENOMEM; break; }
    }
    ent_i_node_t *root = nq == 1 ? NULL : ent_i_node_new(ENT_I_AND);
    if (nq > 1 && !root) rc = ENT_ENOMEM;
    for (size_t j = 0; j < nq && !rc; j++) {
        ent_i_node_t *leaf = ent_i_node_new(ENT_I_LEAF);
        if (!leaf) { rc = ENT_ENOMEM; break; }
        leaf->w = w[j];
        w[j] = NULL;
        leaf->quota = quota[j];
        for (size_t k = 0; k < n; k++) leaf->total += leaf->w[k];
        if (nq == 1) root = leaf;
        else if (node_add_kid(root, leaf)) { ent_i_node_free(leaf); rc = ENT_ENOMEM; }
    }
    g->root = root;
    if (rc) { ent_game_destroy(g); return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); }
    rc = finish_desc(g, err);
    if (rc) { ent_game_destroy(g); return rc; }
    *out = g;
    return ENT_OK;
}

/* Resolve a quota spec against a total: integer, or fraction num/den of the total. */
static ent_status_t check_quota(int64_t qn, int64_t qd, int64_t total, int64_t *q, const char *ctx,
                                ent_error_t *err)
{
    if (qd < 0 || qn < 0) return ent_error_set(err, ENT_EINPUT, ctx, 0, 0, "negative quota");
    *q = qd == 0 ? qn : quota_of(qn, qd, total, 0);
    if (*q < 1) return ent_error_set(err, ENT_EINPUT, ctx, 0, 0, "quota must be at least 1 (got %lld)", (long long)*q);
    if (*q > total)
        return ent_error_set(err, ENT_EINPUT, ctx, 0, 0, "quota %lld is above the total weight %lld; no coalition could pass",
                             (long long)*q, (long long)total);
    return ENT_OK;
}

ent_status_t ent_game_from_weights(size_t n, const int64_t *weights, const char *const *names, int64_t qn,
                                   int64_t qd, ent_game_t **out, ent_error_t *err)
{
    *out = NULL;
    if (n == 0) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "a weighted game needs at least one player");
    int64_t total = 0;
    for (size_t k = 0; k < n; k++) {
        if (weights[k] < 0)
            return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "negative weight %lld for player %zu; weights must be >= 0",
                                 (long long)weights[k], k + 1);
        if (weights[k] > INT64_MAX / 4 - total) return ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "weights sum beyond 2^61");
        total += weights[k];
    }
    int64_t q;
    ent_status_t rc = check_quota(qn, qd, total, &q, NULL, err);
    if (rc) return rc;
    int64_t *w = malloc(n * sizeof *w);
    if (!w) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(w, weights, n * sizeof *w);
    rc = standalone(n, 1, &w, &q, names, out, err);
    free(w);
    return rc;
}

/* Parse a decimal number or percentage at *s: value num/den, *pct set. */
static int parse_num(const char **s, int64_t *num, int64_t *den, int *pct)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t') p++;
    int neg = 0;
    if (*p == '-') { neg = 1; p++; }
    if (!isdigit((unsigned char)*p)) return -1;
    int64_t n = 0, d = 1;
    int dot = 0;
    for (; isdigit((unsigned char)*p) || (*p == '.' && !dot); p++) {
        if (*p == '.') { dot = 1; continue; }
        if (n > (INT64_MAX - 9) / 10 || d > INT64_MAX / 1000) return -2;   /* room for x10 and % */
        n = n * 10 + (*p - '0');
        if (dot) d *= 10;
    }
    *pct = 0;
    if (*p == '%') { *pct = 1; d *= 100; p++; }
    *num = neg ? -n : n;
    *den = d;
    *s = p;
    return 0;
}

/* The number token at s ([-]digits[.digits][e[+-]digits][%]) that parse_num refused or
 * stopped inside: a message saying it is out of range, or written with an exponent, and the
 * range of a weight or quota. 0 when s holds no such token. */
static int number_problem(const char *s, char *msg, size_t len, int pct_ok)
{
    while (*s == ' ' || *s == '\t') s++;
    const char *b = s;
    if (*s == '-') s++;
    if (!isdigit((unsigned char)*s)) return 0;
    while (isdigit((unsigned char)*s) || *s == '.') s++;
    int expo = 0;
    if ((*s == 'e' || *s == 'E') && (isdigit((unsigned char)s[1]) || ((s[1] == '-' || s[1] == '+') && isdigit((unsigned char)s[2])))) {
        expo = 1;
        s += 2;
        while (isdigit((unsigned char)*s)) s++;
    }
    if (*s == '%') s++;
    char tok[64];
    size_t n = (size_t)(s - b) < sizeof tok - 1 ? (size_t)(s - b) : sizeof tok - 1;
    memcpy(tok, b, n);
    tok[n] = 0;
    double v = strtod(tok, NULL);
    if (!expo && strchr(tok, '.') && fabs(v) <= 2305843009213693951.0) return 0;   /* too many decimals */
    if (!expo || !isfinite(v) || fabs(v) > 2305843009213693951.0 || (v != 0 && fabs(v) < 1))
        snprintf(msg, len, "number '%s%s' is out of range; expected a whole number from 0 to 2305843009213693951 (2^61 - 1)%s",
                 tok, (size_t)(s - b) > n ? "..." : "", pct_ok ? ", or a percentage" : "");
    else
        snprintf(msg, len, "number '%s' is written with an exponent; write it out in full (a whole number from 0 to 2^61 - 1)", tok);
    return 1;
}

ent_status_t ent_game_from_text(const char *text, ent_game_t **out, ent_error_t *err)
{
    char nmsg[256];
    *out = NULL;
    const char *s = text, *t0 = text;
#define TERR(...) do { rc = ent_error_set(err, ENT_EINPUT, "game", 1, (int)(s - t0) + 1, __VA_ARGS__); goto done; } while (0)
    ent_status_t rc = ENT_OK;
    int64_t qn[16], qd[16];
    size_t nq = 0, n = 0, cap = 0;
    int64_t **w = NULL;   /* nq arrays */
    int64_t *flat = NULL; /* n * nq */
    while (isspace((unsigned char)*s)) s++;
    if (*s != '[') TERR("a weighted game is written [q; w1, w2, ...], e.g. [39; 7x5, 1x10]");
    s++;
    for (;;) {
        int64_t a, b;
        int pct;
        if (nq == 16) TERR("more than 16 quotas");
        const char *at = s;
        int e = parse_num(&s, &a, &b, &pct);
        if ((e == -2 || (!e && (*s == 'e' || *s == 'E'))) && number_problem(at, nmsg, sizeof nmsg, 1)) { s = at; while (*s == ' ') s++; TERR("%s", nmsg); }
        if (e) TERR("expected a quota (a number or a percentage)");
        if (a < 0) TERR("negative quota");
        if (!pct && b != 1) TERR("a quota is a whole number or a percentage (e.g. 50%%)");
        if (pct) { qn[nq] = a; qd[nq] = b; }
        else { qn[nq] = a; qd[nq] = 0; }
        nq++;
        while (*s == ' ') s++;
        if (*s == ',') { s++; continue; }
        if (*s == ';') { s++; break; }
        TERR("expected ',' or ';' after a quota");
    }
    for (;;) {
        int64_t vals[16];
        for (size_t j = 0; j < nq; j++) {
            int64_t a, b;
            int pct;
            const char *at = s;
            int e = parse_num(&s, &a, &b, &pct);
            if ((e == -2 || (!e && (*s == 'e' || *s == 'E'))) && number_problem(at, nmsg, sizeof nmsg, 0)) { s = at; while (*s == ' ') s++; TERR("%s", nmsg); }
            if (e) TERR(j ? "expected one weight per quota (separated by spaces)" : "expected a weight");
            if (pct || b != 1) TERR("weights must be whole numbers");
            if (a < 0) TERR("negative weight %lld; weights must be >= 0", (long long)a);
            vals[j] = a;
        }
        int64_t rep = 1;
        while (*s == ' ') s++;
        if (*s == 'x' || *s == '*') {
            s++;
            int64_t b;
            int pct;
            if (parse_num(&s, &rep, &b, &pct) || b != 1 || pct || rep < 1) TERR("expected a repetition count after 'x'");
            if (rep > ENT_MAX_ACTORS) TERR("repetition count too large");
        }
        if (n + (size_t)rep > ENT_MAX_ACTORS) TERR("more than %d players", ENT_MAX_ACTORS);
        if (n + (size_t)rep > cap) {
            size_t nc = cap ? cap : 16;
            while (nc < n + (size_t)rep) nc *= 2;
            int64_t *nf = realloc(flat, nc * nq * sizeof *nf);
            if (!nf) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
            flat = nf;
            cap = nc;
        }
        for (int64_t r = 0; r < rep; r++, n++)
            for (size_t j = 0; j < nq; j++) flat[n * nq + j] = vals[j];
        while (*s == ' ') s++;
        if (*s == ',') { s++; continue; }
        if (*s == ']') { s++; break; }
        TERR("expected ',' or ']' after a weight");
    }
    while (isspace((unsigned char)*s)) s++;
    if (*s) TERR("unexpected text after ']'");
    w = calloc(nq, sizeof *w);
    if (!w) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    int64_t quota[16];
    for (size_t j = 0; j < nq; j++) {
        w[j] = malloc(n * sizeof **w);
        if (!w[j]) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        int64_t total = 0;
        for (size_t k = 0; k < n; k++) {
            w[j][k] = flat[k * nq + j];
            if (w[j][k] > INT64_MAX / 4 - total) TERR("weights sum beyond 2^61");
            total += w[j][k];
        }
        rc = check_quota(qn[j], qd[j], total, &quota[j], "game", err);
        if (rc) goto done;
    }
    rc = standalone(n, nq, w, quota, NULL, out, err);
done:
    if (w) for (size_t j = 0; j < nq; j++) free(w[j]);
    free(w);
    free(flat);
    return rc;
#undef TERR
}

ent_status_t ent_game_read_weights(const char *path, const char *quota_text, int weights_only, ent_game_t **out,
                                   ent_error_t *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return ent_error_set(err, ENT_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return ent_error_set(err, ENT_EINPUT, path, 0, 0, "is a directory; expected a weights file");
    }
    ent_status_t rc = ENT_OK;
    char line[4096];
    size_t n = 0, cap = 0;
    int64_t *w = NULL;
    char **names = NULL;
    int epic = -1, lineno = 0, pc_file = 0;
    int64_t epic_quota = 0;
    size_t *uof = NULL, ucap = 0, nunion = 0;   /* precoalition of each player (EPIC files) */
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ')) line[--len] = 0;
        if (!len) continue;
        if (epic < 0) {
            /* EPIC files: one integer per line; CSV: a header row */
            int digits = 1;
            for (size_t i = 0; i < len; i++) if (!isdigit((unsigned char)line[i])) digits = 0;
            epic = digits;
            if (!epic) continue;   /* CSV header */
            if (!weights_only) { epic_quota = strtoll(line, NULL, 10); continue; }
        }
        char *name = NULL, *wtext = line;
        /* EPIC precoalition files: one precoalition a line, its members' weights separated by
         * commas (a line of one weight is a precoalition of one) */
        char *next = NULL;
        if (epic) {
            char *c = strchr(line, ',');
            if (c) { *c = 0; next = c + 1; pc_file = 1; }
        }
    next_member:
        if (!epic) {
            char *last = strrchr(line, ',');
            if (!last) { rc = ent_error_set(err, ENT_EINPUT, path, lineno, 1, "expected 'name,weight'"); goto done; }
            *last = 0;
            wtext = last + 1;
            char *c1 = strchr(line, ',');
            if (c1) *c1 = 0;
            name = line;
            if (*name == '"') { name++; size_t l = strlen(name); if (l && name[l - 1] == '"') name[l - 1] = 0; }
        }
        char *end;
        errno = 0;
        double v = strtod(wtext, &end);
        while (*end == ' ' || *end == '"') end++;
        if (end != wtext && !*end && (errno == ERANGE || !isfinite(v) || (v >= 0 && v > 1e15))) {
            rc = ent_error_set(err, ENT_EINPUT, path, lineno, (int)(wtext - line) + 1,
                               "weight '%s' is out of range; expected a whole number from 0 to 1000000000000000 (10^15)", wtext);
            goto done;
        }
        if (end == wtext || *end || errno || !isfinite(v)) {
            rc = ent_error_set(err, ENT_EINPUT, path, lineno, (int)(wtext - line) + 1, "weight '%s' is not a number", wtext);
            goto done;
        }
        if (v < 0) { rc = ent_error_set(err, ENT_EINPUT, path, lineno, (int)(wtext - line) + 1, "negative weight %g; weights must be >= 0", v); goto done; }
        if (v != floor(v)) { rc = ent_error_set(err, ENT_EINPUT, path, lineno, (int)(wtext - line) + 1, "weight %g is not a whole number", v); goto done; }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            int64_t *nw = realloc(w, cap * sizeof *nw);
            char **nn = realloc(names, cap * sizeof *nn);
            if (nw) w = nw;
            if (nn) names = nn;
            if (!nw || !nn) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        }
        if (n >= ucap) {
            ucap = ucap ? 2 * ucap : 64;
            size_t *nu = realloc(uof, ucap * sizeof *nu);
            if (!nu) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
            uof = nu;
        }
        uof[n] = nunion;
        w[n] = (int64_t)v;
        names[n] = NULL;
        if (name) {
            names[n] = ent_i_game_strdup(name);
            if (!names[n]) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); n++; goto done; }
        }
        n++;
        if (next) {
            wtext = next;
            char *c = strchr(next, ',');
            if (c) { *c = 0; next = c + 1; }
            else next = NULL;
            if (!*wtext) { rc = ent_error_set(err, ENT_EINPUT, path, lineno, (int)(wtext - line) + 1, "empty weight in a precoalition; expected weights separated by ','"); goto done; }
            goto next_member;
        }
        nunion++;
    }
    if (n == 0) { rc = ent_error_set(err, ENT_EINPUT, path, 0, 0, "no weights found"); goto done; }
    int64_t qn = epic_quota, qd = 0;
    if (quota_text) {
        const char *s = quota_text;
        int pct;
        int64_t a, b;
        if (parse_num(&s, &a, &b, &pct) || *s || (!pct && b != 1)) { rc = ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "bad quota '%s'; expected a number or a percentage like 50%%", quota_text); goto done; }
        if (a < 0) { rc = ent_error_set(err, ENT_EINPUT, NULL, 0, 0, "negative quota '%s'", quota_text); goto done; }
        qn = a;
        qd = (pct || b != 1) ? b : 0;
    } else if (epic_quota <= 0) {
        rc = ent_error_set(err, ENT_EINVAL, path, 0, 0, "the file gives no quota; give one (e.g. --quota 50%%)");
        goto done;
    }
    rc = ent_game_from_weights(n, w, (const char *const *)names, qn, qd, out, err);
    if (rc && err && !err->file[0]) snprintf(err->file, sizeof err->file, "%s", path);
    if (!rc && pc_file && (rc = ent_game_set_precoalitions(*out, uof, err))) { ent_game_destroy(*out); *out = NULL; }
done:
    free(uof);
    fclose(f);
    for (size_t k = 0; k < n; k++) if (names) free(names[k]);
    free(names);
    free(w);
    return rc;
}

/* ------------------------------------------------------------------ queries */

size_t ent_game_nplayers(const ent_game_t *g) { return g ? g->n : 0; }
size_t ent_game_player_actor(const ent_game_t *g, size_t k) { return g->actor[k]; }
const char *ent_game_player_name(const ent_game_t *g, size_t k) { return g->names[k]; }

double ent_game_player_weight(const ent_game_t *g, size_t k)
{
    if (!is_plain_weighted(g)) return NAN;
    return (double)g->root->w[k];
}

int ent_game_is_weighted(const ent_game_t *g, int64_t *quota, int64_t *total)
{
    if (!is_plain_weighted(g)) return 0;
    if (quota) *quota = g->root->quota;
    if (total) *total = g->root->total;
    return 1;
}

ent_status_t ent_game_describe(const ent_game_t *g, char **out, ent_error_t *err)
{
    *out = ent_i_game_strdup(g->desc ? g->desc : "");
    return *out ? ENT_OK : ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
}

int ent_game_winning(const ent_game_t *g, const unsigned char *in) { return ent_i_node_eval(g->root, g->n, in); }

int ent_game_passes(const ent_game_t *g, const unsigned char *ballot) { return ent_i_node_eval3(g->root, g->n, ballot); }

int ent_game_counts_abstentions(const ent_game_t *g) { return g && g->root && node_counts_abstentions(g->root); }

int ent_game_blocking(const ent_game_t *g, const unsigned char *in)
{
    unsigned char *c = malloc(g->n ? g->n : 1);
    if (!c) return -1;
    for (size_t k = 0; k < g->n; k++) c[k] = !in[k];
    int r = !ent_i_node_eval(g->root, g->n, c);
    free(c);
    return r;
}

/* k is a veto player of a leaf when the others cannot reach its quota; of an and-node when
 * it is one of some child; of an or-node when it is one of every child. O(n * leaves). */
static void veto_node(const ent_i_node_t *nd, size_t n, unsigned char *v, unsigned char *tmp)
{
    if (nd->kind == ENT_I_LEAF) {
        for (size_t k = 0; k < n; k++) v[k] = nd->total - nd->w[k] < nd->quota;
        return;
    }
    int and = nd->kind == ENT_I_AND;
    for (size_t k = 0; k < n; k++) v[k] = (unsigned char)!and;
    for (size_t i = 0; i < nd->nkids; i++) {
        veto_node(nd->kids[i], n, tmp, tmp + n);
        for (size_t k = 0; k < n; k++) v[k] = and ? (v[k] | tmp[k]) : (v[k] & tmp[k]);
    }
}

static size_t node_depth(const ent_i_node_t *nd)
{
    size_t d = 0;
    for (size_t i = 0; i < nd->nkids; i++) {
        size_t k = node_depth(nd->kids[i]);
        if (k > d) d = k;
    }
    return d + 1;
}

ent_status_t ent_game_veto_players(const ent_game_t *g, unsigned char *veto, ent_error_t *err)
{
    size_t n = g->n ? g->n : 1;
    unsigned char *tmp = malloc(n * (node_depth(g->root) + 1));
    if (!tmp) return ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory");
    veto_node(g->root, g->n, veto, tmp);
    free(tmp);
    return ENT_OK;
}

void ent_over_init(ent_over_t *o) { memset(o, 0, sizeof *o); }

void ent_over_destroy(ent_over_t *o)
{
    if (!o) return;
    free(o->veto);
    free(o->must_switch);
    memset(o, 0, sizeof *o);
}

typedef struct { int64_t w; size_t k; } wk_t;
static int wk_cmp(const void *a, const void *b)
{
    const wk_t *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Next k-combination of 0..m-1 in lexicographic order; returns 0 when exhausted. */
static int next_comb(size_t *c, size_t k, size_t m)
{
    size_t i = k;
    while (i > 0 && c[i - 1] == m - k + i - 1) i--;
    if (i == 0) return 0;
    c[i - 1]++;
    for (size_t j = i; j < k; j++) c[j] = c[j - 1] + 1;
    return 1;
}

static int i64_desc(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* A lower bound on how many objectors (obj[k] = 1, voting no in `in`) must switch for nd to
 * pass: a leaf needs its heaviest objectors until the quota is reached (exact for the leaf);
 * an and-node the most of its children, an or-node the fewest. m + 1 = impossible.
 * Recursion depth is bounded by the rule's nesting (ENT_MAX_RULE_DEPTH). O(n log n · leaves). */
static size_t switch_lb(const ent_i_node_t *nd, size_t n, const unsigned char *in, const unsigned char *obj,
                        size_t m, int64_t *tmp)
{
    if (nd->kind == ENT_I_LEAF) {
        int64_t sum = 0;
        size_t t = 0;
        for (size_t k = 0; k < n; k++) {
            if (in[k]) sum += nd->w[k];
            else if (obj[k] && nd->w[k] > 0) tmp[t++] = nd->w[k];
        }
        if (sum >= nd->quota) return 0;
        qsort(tmp, t, sizeof *tmp, i64_desc);   /* heaviest first */
        for (size_t i = 0; i < t; i++) {
            sum += tmp[i];
            if (sum >= nd->quota) return i + 1;
        }
        return m + 1;
    }
    size_t best = nd->kind == ENT_I_AND ? 0 : m + 1;
    for (size_t i = 0; i < nd->nkids; i++) {
        size_t b = switch_lb(nd->kids[i], n, in, obj, m, tmp);
        if (nd->kind == ENT_I_AND ? b > best : b < best) best = b;
    }
    return best;
}

ent_status_t ent_game_over(const ent_game_t *g, const unsigned char *objectors, ent_over_t *out, ent_error_t *err)
{
    ent_over_init(out);
    size_t n = g->n;
    out->nplayers = n;
    out->veto = calloc(n ? n : 1, 1);
    out->must_switch = calloc(n ? n : 1, 1);
    unsigned char *in = malloc(n ? n : 1);
    size_t *obj = malloc((n ? n : 1) * sizeof *obj), *comb = malloc((n ? n : 1) * sizeof *comb);
    wk_t *wk = malloc((n ? n : 1) * sizeof *wk);
    ent_status_t rc = ENT_OK;
    if (!out->veto || !out->must_switch || !in || !obj || !comb || !wk) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    rc = ent_game_veto_players(g, out->veto, err);
    if (rc) goto done;
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (!objectors[k]) out->veto[k] = 0;
        if (out->veto[k]) out->nveto++;
        in[k] = !objectors[k];
        if (objectors[k]) obj[m++] = k;
    }
    out->passes = ent_i_node_eval(g->root, n, in);
    if (out->passes) goto done;
    memset(in, 1, n);
    if (!ent_i_node_eval(g->root, n, in)) { out->nmust = (size_t)-1; goto done; }
    for (size_t k = 0; k < n; k++) in[k] = !objectors[k];
    if (is_plain_weighted(g)) {
        for (size_t i = 0; i < m; i++) { wk[i].w = g->root->w[obj[i]]; wk[i].k = obj[i]; }
        qsort(wk, m, sizeof *wk, wk_cmp);
        for (size_t i = 0; i < m; i++) {
            in[wk[i].k] = 1;
            out->must_switch[wk[i].k] = 1;
            out->nmust++;
            if (ent_i_node_eval(g->root, n, in)) break;
        }
        goto done;
    }
    /* Sizes below the lower bound cannot switch the outcome: the search starts at it, and
     * each size is refused before it runs when the evaluations so far plus C(m, k) would pass
     * 2^26 (one evaluation costs about n x leaves ns). */
    int64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp) { rc = ent_error_set(err, ENT_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    size_t k0 = switch_lb(g->root, n, in, objectors, m, tmp);
    free(tmp);
    if (k0 < 1) k0 = 1;
    double work = 0;
    for (size_t k = k0; k <= m; k++) {
        /* combinations of size k: C(m, k) */
        double c = 1;
        for (size_t j = 0; j < k; j++) c = c * (double)(m - j) / (double)(j + 1);
        if (work + c > 67108864.0) {
            double secs = (work + c) * (double)n * (double)ent_i_node_nleaves(g->root) * 1e-9;
            rc = ent_error_set(err, ENT_ELIMIT, NULL, 0, 0,
                               "finding the smallest set among %zu objectors would need %.3g rule evaluations "
                               "(every set of %zu of them; none smaller can switch the outcome), about %.0f s; "
                               "refused beyond 2^26 evaluations; ask about fewer objectors", m, work + c, k, secs);
            goto done;
        }
        work += c;
        for (size_t j = 0; j < k; j++) comb[j] = j;
        int found = 0;
        do {
            for (size_t j = 0; j < k; j++) in[obj[comb[j]]] = 1;
            found = ent_i_node_eval(g->root, n, in);
            for (size_t j = 0; j < k; j++) in[obj[comb[j]]] = 0;
            if (found) break;
        } while (next_comb(comb, k, m));
        if (found) {
            for (size_t j = 0; j < k; j++) out->must_switch[obj[comb[j]]] = 1;
            out->nmust = k;
            goto done;
        }
    }
    out->nmust = (size_t)-1;
done:
    free(in);
    free(obj);
    free(comb);
    free(wk);
    if (rc) ent_over_destroy(out);
    return rc;
}
