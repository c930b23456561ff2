/* SPDX-License-Identifier: MIT */
/* yaml.c — ent_i_load_yaml: the scenario loader for entente's YAML format (and JSON, which
 * is read by the same code: a JSON text is a YAML 1.2 flow document).
 *
 * Implements docs/format.md exactly (the format contract). Two stages:
 *   1. libfyaml's event parser (fy_parser_parse) builds a small parse tree of our own in an
 *      arena, each node carrying its 1-based line:col. We use events rather than libfyaml's
 *      document tree because libfyaml 0.7 (Debian 12) has no public per-node start mark;
 *      event marks give every node, mapping and sequence its position. libfyaml's own
 *      diagnostics are collected (FYPCF_QUIET + a collecting fy_diag), never printed, and the
 *      first one becomes "file:line:col: invalid YAML: ...".
 *   2. A schema walk fills the ent_scenario_t: every key is checked against the list of keys
 *      allowed at that place (unknown keys are errors), every scalar against its type, every
 *      id reference resolved through hash maps (scenario/idmap.h), then
 *      ent_scenario_validate() checks the whole.
 *
 * Complexity: O(n) expected in the input size (hash lookups; positions are stored densely,
 * so memory is O(actors × issues) as the data model prescribes). 100 000 actors with a
 * position each load in 1-2 s (bench/bench_yaml.c), about libfyaml's own parsing time.
 *
 * Deliberate deviations and choices (documented in docs/format.md):
 *   - Aliases (*name) and explicit tags (!tag) are refused with a clear message: a
 *     scenario is plain data, and refusing aliases rules out "billion laughs" inputs.
 *   - Numbers must be written plain (unquoted) in decimal notation; quoted numbers are
 *     strings, except the keys of `labels`, which may be quoted because JSON keys must be.
 *   - `.nan`, `.inf`, `nan`, `inf` are refused; so are numbers outside 0 or 1e-15..1e15 in
 *     magnitude (scenario/numfmt.h: 1e400 and 1e-400 too, which strtod makes inf and 0).
 *   - Empty input, invalid UTF-8, NUL and other control bytes are refused before parsing.
 *   - Strings containing a NUL character (YAML "\0" escape) are refused.
 *   - A `requires_any` entry needs at least two alternatives (one is a `requires`).
 */
#include "scenario/loaders.h"
#include "scenario/idmap.h"
#include "scenario/numfmt.h"
#include "scenario/ynode.h"

#include <libfyaml.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ parse tree ---- */

/* ynode_t, YN_*: scenario/ynode.h (shared with prefs.c and uncertainty.c) */

typedef struct ablock {
    struct ablock *next;
    size_t used, cap;
} ablock_t;

typedef struct {
    ablock_t *head;
} arena_t;

static void *arena_alloc(arena_t *ar, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    ablock_t *b = ar->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        b = malloc(sizeof(ablock_t) + 16 + cap);
        if (!b) return NULL;
        b->next = ar->head;
        b->used = 0;
        b->cap = cap;
        ar->head = b;
    }
    char *base = (char *)b + ((sizeof(ablock_t) + 15) & ~(size_t)15);
    void *p = base + b->used;
    b->used += size;
    return p;
}

static void arena_free(arena_t *ar)
{
    while (ar->head) {
        ablock_t *n = ar->head->next;
        free(ar->head);
        ar->head = n;
    }
}

typedef struct {
    ynode_t *node;
    ynode_t **kids;
    size_t n, cap;
} frame_t;

static void diag_sink(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag; (void)user; (void)buf; (void)len;
}

/* Length of the valid UTF-8 sequence at p[0..n) (1..4), or 0 when it is malformed
 * (overlong, surrogate, beyond U+10FFFF, truncated). p[0] >= 0x80. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t need;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
    else return 0;
    if (need >= n) return 0;
    for (size_t k = 1; k <= need; k++) {
        if ((p[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return need + 1;
}

static int utf8_valid(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) { i++; continue; }
        size_t k = utf8_seq(p + i, n - i);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

/* Refuse what is not UTF-8 text before libfyaml sees it: NUL and control bytes (other than
 * tab, LF, CR), malformed UTF-8 sequences. Reports the first bad byte's line:col. */
static ent_status_t check_text(const char *name, const unsigned char *p, size_t len, ent_error_t *err)
{
    int line = 1, col = 1;
    size_t i = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return ent_error_set(err, ENT_EINPUT, name, line, col,
                                     "binary data: control byte 0x%02X; expected a UTF-8 YAML or JSON text file", c);
            if (c == 0x7F)
                return ent_error_set(err, ENT_EINPUT, name, line, col,
                                     "binary data: control byte 0x7F; expected a UTF-8 YAML or JSON text file");
            if (c == '\n') { line++; col = 1; } else col++;
            i++;
            continue;
        }
        size_t k = utf8_seq(p + i, len - i);
        if (!k)
            return ent_error_set(err, ENT_EINPUT, name, line, col,
                                 "binary data: byte 0x%02X is not valid UTF-8; expected a UTF-8 YAML or JSON text file", c);
        i += k;
        col++;
    }
    return ENT_OK;
}

static int mark_line(const struct fy_mark *m) { return m ? m->line + 1 : 0; }
static int mark_col(const struct fy_mark *m) { return m ? m->column + 1 : 0; }

/* Stage 1: the parse tree from libfyaml's events. tb_t is the builder's state: the stack of
 * open sequences and mappings (each collecting its children), the last known mark (implicit
 * empty values carry none), the root once it is complete. */
typedef struct {
    const char *name;
    arena_t *ar;
    ent_error_t *err;
    frame_t *stack;
    size_t depth, scap;
    int ndocs, done, lastline, lastcol;
    ynode_t *root;
} tb_t;

static ent_status_t tb_oom(tb_t *b)
{
    return ent_error_set(b->err, ENT_ENOMEM, b->name, 0, 0, "out of memory parsing");
}

/* A quiet libfyaml parser over data[0..len) whose diagnostics are collected in *diag. */
static ent_status_t parser_open(const char *name, const char *data, size_t len,
                                struct fy_diag **diag, struct fy_parser **fyp, ent_error_t *err)
{
    struct fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = diag_sink;
    dc.colorize = false;
    *diag = fy_diag_create(&dc);
    if (!*diag) return ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory creating the YAML parser");
    fy_diag_set_collect_errors(*diag, true);
    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2;
    cfg.diag = *diag;
    *fyp = fy_parser_create(&cfg);
    if (!*fyp || fy_parser_set_string(*fyp, data, len) != 0)
        return ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory creating the YAML parser");
    return ENT_OK;
}

/* Where an event starts, as the user sees it: the opening quote of a quoted scalar, the '*'
 * of an alias; an event without a mark takes the last one seen. */
static void event_mark(tb_t *b, struct fy_event *ev, int *line, int *col)
{
    const struct fy_mark *m = fy_event_start_mark(ev);
    *line = mark_line(m);
    *col = mark_col(m);
    if (ev->type == FYET_SCALAR && *line) {
        enum fy_scalar_style sty = fy_token_scalar_style(ev->scalar.value);
        if ((sty == FYSS_SINGLE_QUOTED || sty == FYSS_DOUBLE_QUOTED) && *col > 1) (*col)--;
    }
    if (ev->type == FYET_ALIAS && *col > 1) (*col)--;
    if (*line) {
        b->lastline = *line;
        b->lastcol = *col;
    } else {
        *line = b->lastline;
        *col = b->lastcol;
    }
}

/* A scalar, or the start of a sequence or mapping (pushed on the stack; *out = NULL until it
 * ends). Tags are refused. */
static ent_status_t node_start(tb_t *b, struct fy_event *ev, int line, int col, ynode_t **out)
{
    struct fy_token *tag = ev->type == FYET_SCALAR ? ev->scalar.tag
                           : ev->type == FYET_MAPPING_START ? ev->mapping_start.tag
                                                            : ev->sequence_start.tag;
    if (tag) {
        const struct fy_mark *tm = fy_token_start_mark(tag);
        const char *h = fy_tag_token_handle0(tag), *sfx = fy_tag_token_suffix0(tag);
        return ent_error_set(b->err, ENT_EINPUT, b->name, tm ? mark_line(tm) : line, tm ? mark_col(tm) : col,
                             "tags (%s%s) are not supported; expected plain values", h ? h : "!", sfx ? sfx : "");
    }
    ynode_t *node = arena_alloc(b->ar, sizeof *node);
    if (!node) return tb_oom(b);
    memset(node, 0, sizeof *node);
    node->line = line;
    node->col = col;
    if (ev->type == FYET_SCALAR) {
        size_t tl = 0;
        const char *t = fy_token_get_text(ev->scalar.value, &tl);
        if (!t) { t = ""; tl = 0; }
        node->type = YN_SCALAR;
        node->plain = fy_token_scalar_style(ev->scalar.value) == FYSS_PLAIN;
        node->n = tl;
        node->u.s = arena_alloc(b->ar, tl + 1);
        if (!node->u.s) return tb_oom(b);
        memcpy(node->u.s, t, tl);
        node->u.s[tl] = 0;
        *out = node;
        return ENT_OK;
    }
    node->type = ev->type == FYET_SEQUENCE_START ? YN_SEQ : YN_MAP;
    if (b->depth == b->scap) {
        size_t nc = b->scap ? b->scap * 2 : 16;
        frame_t *ns = realloc(b->stack, nc * sizeof *ns);
        if (!ns) return tb_oom(b);
        b->stack = ns;
        b->scap = nc;
    }
    frame_t *f = &b->stack[b->depth++];
    f->node = node;
    f->kids = NULL;
    f->n = f->cap = 0;
    return ENT_OK;
}

/* The end of the innermost sequence or mapping: its children move into the arena. */
static ent_status_t node_end(tb_t *b, int line, int col, ynode_t **out)
{
    if (!b->depth) return ent_error_set(b->err, ENT_EINTERNAL, b->name, line, col, "unbalanced YAML events");
    frame_t *f = &b->stack[--b->depth];
    ynode_t *node = f->node;
    ent_status_t st = ENT_OK;
    node->n = node->type == YN_MAP ? f->n / 2 : f->n;
    if (f->n) {
        node->u.kids = arena_alloc(b->ar, f->n * sizeof *node->u.kids);
        if (!node->u.kids) st = tb_oom(b);
        else memcpy(node->u.kids, f->kids, f->n * sizeof *node->u.kids);
    }
    free(f->kids);
    f->kids = NULL;
    *out = node;
    return st;
}

/* A complete node becomes the root or the next child of the innermost open collection. */
static ent_status_t attach(tb_t *b, ynode_t *node)
{
    if (b->depth == 0) {
        b->root = node;
        return ENT_OK;
    }
    frame_t *f = &b->stack[b->depth - 1];
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 8;
        ynode_t **nk = realloc(f->kids, nc * sizeof *nk);
        if (!nk) return tb_oom(b);
        f->kids = nk;
        f->cap = nc;
    }
    f->kids[f->n++] = node;
    return ENT_OK;
}

static ent_status_t on_event(tb_t *b, struct fy_event *ev, ynode_t **node)
{
    int line, col;
    event_mark(b, ev, &line, &col);
    switch (ev->type) {
    case FYET_STREAM_END:
        b->done = 1;
        return ENT_OK;
    case FYET_DOCUMENT_START:
        if (++b->ndocs > 1)
            return ent_error_set(b->err, ENT_EINPUT, b->name, b->lastline, b->lastcol,
                                 "a second YAML document starts here; expected one scenario per file");
        return ENT_OK;
    case FYET_ALIAS:
        return ent_error_set(b->err, ENT_EINPUT, b->name, line, col,
                             "aliases (*%s) are not supported; expected the value written out in full",
                             fy_token_get_text0(ev->alias.anchor) ? fy_token_get_text0(ev->alias.anchor) : "");
    case FYET_SCALAR:
    case FYET_SEQUENCE_START:
    case FYET_MAPPING_START:
        return node_start(b, ev, line, col, node);
    case FYET_SEQUENCE_END:
    case FYET_MAPPING_END:
        return node_end(b, line, col, node);
    default:
        return ENT_OK;
    }
}

/* The parser stopped early or reported an error: its first diagnostic, at its mark. */
static ent_status_t parse_error(tb_t *b, struct fy_diag *diag)
{
    void *it = NULL;
    struct fy_diag_error *de = fy_diag_errors_iterate(diag, &it);
    if (de)
        return ent_error_set(b->err, ENT_EINPUT, b->name, de->line > 0 ? de->line : b->lastline,
                             de->line > 0 ? (de->column > 0 ? de->column : 1) : b->lastcol,
                             "invalid YAML: %s; expected a well-formed YAML or JSON document",
                             de->msg ? de->msg : "syntax error");
    return ent_error_set(b->err, ENT_EINPUT, b->name, b->lastline, b->lastcol,
                         "invalid YAML: the input ends unexpectedly; expected a complete YAML or JSON document");
}

static ent_status_t build_tree(const char *name, const char *data, size_t len, arena_t *ar,
                               ynode_t **rootp, ent_error_t *err)
{
    struct fy_diag *diag = NULL;
    struct fy_parser *fyp = NULL;
    tb_t b;
    memset(&b, 0, sizeof b);
    b.name = name;
    b.ar = ar;
    b.err = err;
    b.lastline = b.lastcol = 1;
    *rootp = NULL;
    ent_status_t st = parser_open(name, data, len, &diag, &fyp, err);
    while (st == ENT_OK) {
        struct fy_event *ev = fy_parser_parse(fyp);
        if (!ev) break;
        ynode_t *node = NULL;
        st = on_event(&b, ev, &node);
        fy_parser_event_free(fyp, ev);
        if (st == ENT_OK && node) st = attach(&b, node);
    }
    if (st == ENT_OK && (fy_diag_got_error(diag) || !b.done)) st = parse_error(&b, diag);
    if (st == ENT_OK) *rootp = b.root;
    for (size_t i = 0; i < b.depth; i++) free(b.stack[i].kids);
    free(b.stack);
    if (fyp) fy_parser_destroy(fyp);
    if (diag) fy_diag_destroy(diag);
    return st;
}

/* The parse tree alone, for other readers of YAML files (the forecast calibration,
 * src/forecast/calibration.c): scenario/ynode.h. */
struct ent_i_ytree { arena_t ar; };

ent_status_t ent_i_ytree_parse(const char *name, const char *data, size_t len, ent_i_ytree_t **tree,
                               const ynode_t **root, ent_error_t *err)
{
    *tree = NULL;
    *root = NULL;
    ynode_t *r = NULL;
    ent_status_t st = check_text(name, (const unsigned char *)data, len, err);
    if (st != ENT_OK) return st;
    ent_i_ytree_t *t = calloc(1, sizeof *t);
    if (!t) return ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory parsing");
    if ((st = build_tree(name, data, len, &t->ar, &r, err)) != ENT_OK) {
        ent_i_ytree_free(t);
        return st;
    }
    *tree = t;
    *root = r;
    return ENT_OK;
}

void ent_i_ytree_free(ent_i_ytree_t *t)
{
    if (!t) return;
    arena_free(&t->ar);
    free(t);
}

/* ------------------------------------------------------------ scalar helpers ---- */

static int is_null(const ynode_t *n)
{
    if (!n) return 1;
    if (n->type != YN_SCALAR || !n->plain) return 0;
    const char *t = n->u.s;
    return !*t || !strcmp(t, "~") || !strcmp(t, "null") || !strcmp(t, "Null") || !strcmp(t, "NULL");
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return *a == *b;
}

/* YAML 1.2 / JSON decimal number. 0 = ok, 1 = NaN, 2 = infinite, 3 = not a number,
 * 4 = out of double range. */
enum { NUM_OK, NUM_NAN, NUM_INF, NUM_BAD, NUM_RANGE };

static int parse_num(const char *t, double *v)
{
    const char *p = t;
    if (*p == '+' || *p == '-') p++;
    if (ieq(p, ".nan") || ieq(p, "nan")) return NUM_NAN;
    if (ieq(p, ".inf") || ieq(p, "inf") || ieq(p, "infinity")) return NUM_INF;
    size_t nd = 0;
    const char *q = p;
    while (is_digit(*q)) { q++; nd++; }
    if (*q == '.') {
        q++;
        while (is_digit(*q)) { q++; nd++; }
    }
    if (nd == 0) return NUM_BAD;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!is_digit(*q)) return NUM_BAD;
        while (is_digit(*q)) q++;
    }
    if (*q) return NUM_BAD;
    errno = 0;
    *v = strtod(t, NULL);
    if (!ent_i_num_in_range(*v, errno == ERANGE)) return NUM_RANGE; /* 1e400, 1e-400, 1e16 */
    return NUM_OK;
}

/* ------------------------------------------------------------- schema walk ---- */

enum { K_ACTOR, K_ISSUE, K_GROUP, K_RULE, K_STEP, K_SOURCE, K_PROPOSAL, K_N };
static const char *const kind_name[K_N] = {"actor", "issue", "group", "rule", "step", "source", "proposal"};

typedef struct {
    const char *name;
    ent_error_t *err;
    ent_scenario_t *s;
    const ynode_t *root;
    ent_i_idmap_t ids[K_N];
    int *idline[K_N];   /* line of each element's id, for "first at line N" */
    size_t *stamp[K_N]; /* per actor/issue/step: the last `tick` that saw it (duplicate checks in O(1)) */
    size_t tick;
} ctx_t;

static ent_status_t failv(ctx_t *c, ent_status_t st, const ynode_t *n, const char *fmt, va_list ap)
{
    return ent_error_vset(c->err, st, c->name, n ? n->line : 0, n ? n->col : 0, fmt, ap);
}

static ent_status_t fail(ctx_t *c, const ynode_t *n, const char *fmt, ...) ENT_PRINTF(3, 4);
static ent_status_t fail(ctx_t *c, const ynode_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ent_status_t st = failv(c, ENT_EINPUT, n, fmt, ap);
    va_end(ap);
    return st;
}

static ent_status_t fail_st(ctx_t *c, ent_status_t code, const ynode_t *n, const char *fmt, ...) ENT_PRINTF(4, 5);
static ent_status_t fail_st(ctx_t *c, ent_status_t code, const ynode_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ent_status_t st = failv(c, code, n, fmt, ap);
    va_end(ap);
    return st;
}

static ent_status_t oom(ctx_t *c)
{
    return ent_error_set(c->err, ENT_ENOMEM, c->name, 0, 0, "out of memory loading the scenario");
}

/* "a list", "a mapping", "nothing", "the string 'abc'", "'abc'". For messages. */
static const char *describe(const ynode_t *n, char *buf, size_t bn)
{
    if (!n || is_null(n)) return "nothing";
    if (n->type == YN_SEQ) return "a list";
    if (n->type == YN_MAP) return "a mapping";
    snprintf(buf, bn, "%s'%.40s%s'", n->plain ? "" : "the string ", n->u.s, n->n > 40 ? "..." : "");
    return buf;
}

/* Check a mapping's keys against `keys` (nk of them); val[k] receives the value of keys[k]
 * (NULL when absent) and keyn[k] the key node. */
static ent_status_t take_keys(ctx_t *c, const ynode_t *map, const char *what, const char *const *keys,
                              size_t nk, const ynode_t **val, const ynode_t **keyn)
{
    char d[64];
    for (size_t k = 0; k < nk; k++) val[k] = keyn[k] = NULL;
    if (!map || map->type != YN_MAP)
        return fail(c, map, "%s must be a mapping; got %s", what, describe(map, d, sizeof d));
    for (size_t i = 0; i < map->n; i++) {
        const ynode_t *kn = map->u.kids[2 * i], *vn = map->u.kids[2 * i + 1];
        if (kn->type != YN_SCALAR)
            return fail(c, kn, "a key in %s is %s; expected a key name", what, describe(kn, d, sizeof d));
        size_t k = 0;
        while (k < nk && strcmp(keys[k], kn->u.s) != 0) k++;
        if (k == nk) {
            char list[400];
            size_t off = 0;
            list[0] = 0;
            for (size_t j = 0; j < nk && off < sizeof list; j++)
                off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", j ? ", " : "", keys[j]);
            return fail(c, kn, "unknown key '%.80s' in %s; expected one of %s", kn->u.s, what, list);
        }
        if (val[k])
            return fail(c, kn, "duplicate key '%s' in %s (first at line %d); expected each key once", keys[k], what,
                        keyn[k]->line);
        val[k] = vn;
        keyn[k] = kn;
    }
    return ENT_OK;
}

static ent_status_t need(ctx_t *c, const ynode_t *map, const ynode_t *v, const char *what, const char *key,
                         const char *expected)
{
    if (v && !is_null(v)) return ENT_OK;
    if (v) return fail(c, v, "'%s' of %s is empty; expected %s", key, what, expected);
    return fail(c, map, "%s has no '%s'; expected %s", what, key, expected);
}

/* A text value. Null → *out stays NULL. */
static ent_status_t get_str(ctx_t *c, const ynode_t *n, const char *what, char **out)
{
    char d[64];
    *out = NULL;
    if (!n || is_null(n)) return ENT_OK;
    if (n->type != YN_SCALAR) return fail(c, n, "%s must be text; got %s", what, describe(n, d, sizeof d));
    if (strlen(n->u.s) != n->n)
        return fail(c, n, "%s contains a NUL character; expected text without \\0", what);
    if (!utf8_valid((const unsigned char *)n->u.s, n->n))
        return fail(c, n, "%s is not valid UTF-8 (an escape makes a lone surrogate?); expected UTF-8 text", what);
    *out = malloc(n->n + 1);
    if (!*out) return oom(c);
    memcpy(*out, n->u.s, n->n + 1);
    return ENT_OK;
}

static ent_status_t get_id(ctx_t *c, const ynode_t *n, const char *what, char **out)
{
    ent_status_t st = get_str(c, n, what, out);
    if (st != ENT_OK) return st;
    if (!*out) return fail(c, n, "%s is empty; expected an id", what);
    if (!ent_i_id_ok(*out))
        return fail(c, n, "invalid %s '%.80s'; expected letters, digits, '_', '-', '.' starting with a letter or digit",
                    what, *out);
    return ENT_OK;
}

static ent_status_t get_num(ctx_t *c, const ynode_t *n, const char *what, double *out)
{
    char d[64];
    if (!n || is_null(n)) return fail(c, n, "%s is empty; expected a number", what);
    if (n->type != YN_SCALAR) return fail(c, n, "%s must be a number; got %s", what, describe(n, d, sizeof d));
    if (!n->plain) return fail(c, n, "%s must be a number; got %s (write numbers without quotes)", what,
                               describe(n, d, sizeof d));
    switch (parse_num(n->u.s, out)) {
    case NUM_OK: return ENT_OK;
    case NUM_NAN: return fail(c, n, "%s is NaN; expected a finite number", what);
    case NUM_INF: return fail(c, n, "%s is infinite (%s); expected a finite number", what, n->u.s);
    case NUM_RANGE: return fail(c, n, "%s %.40s is out of range; expected " ENT_I_NUM_RANGE_TEXT, what, n->u.s);
    default: return fail(c, n, "%s must be a number; got %s", what, describe(n, d, sizeof d));
    }
}

static ent_status_t get_list(ctx_t *c, const ynode_t *n, const char *what)
{
    char d[64];
    if (n && n->type == YN_SEQ) return ENT_OK;
    return fail(c, n, "%s must be a list; got %s", what, describe(n, d, sizeof d));
}

/* Resolve an id reference of the given kind. */
static ent_status_t ref(ctx_t *c, const ynode_t *n, int kind, const char *what, size_t *out)
{
    char d[64];
    if (!n || is_null(n)) return fail(c, n, "%s is empty; expected %s %s id", what, kind == K_ACTOR || kind == K_ISSUE ? "an" : "a", kind_name[kind]);
    if (n->type != YN_SCALAR) return fail(c, n, "%s must be %s id; got %s", what, kind_name[kind], describe(n, d, sizeof d));
    long i = ent_i_idmap_get(&c->ids[kind], n->u.s);
    if (i < 0) {
        static const char *const section[K_N] = {"actors", "issues", "groups", "rules", "steps", "sources", "proposals"};
        return fail(c, n, "unknown %s '%.80s' in %s; expected the id of one of the %zu entries under '%s'",
                    kind_name[kind], n->u.s, what,
                    kind == K_ACTOR ? c->s->nactors : kind == K_ISSUE ? c->s->nissues : kind == K_GROUP ? c->s->ngroups
                    : kind == K_RULE ? c->s->nrules : c->s->nsteps,
                    section[kind]);
    }
    *out = (size_t)i;
    return ENT_OK;
}

/* Start a duplicate check over elements of `kind` (actors, issues or steps); then seen()
 * returns 1 for an index already seen since the start. O(1) each, no clearing. */
static ent_status_t stamp_begin(ctx_t *c, int kind)
{
    if (!c->stamp[kind]) {
        size_t n = kind == K_ACTOR ? c->s->nactors : kind == K_ISSUE ? c->s->nissues : c->s->nsteps;
        if (!(c->stamp[kind] = calloc(n + 1, sizeof(size_t)))) return oom(c);
    }
    c->tick++;
    return ENT_OK;
}

static int seen(ctx_t *c, int kind, size_t i)
{
    if (c->stamp[kind][i] == c->tick) return 1;
    c->stamp[kind][i] = c->tick;
    return 0;
}

/* Register element i's id; duplicate → error. */
static ent_status_t add_id(ctx_t *c, int kind, const ynode_t *idn, const char *id, size_t i)
{
    size_t first = 0;
    int r = ent_i_idmap_put(&c->ids[kind], id, i, &first);
    if (r < 0) return oom(c);
    if (r == 1)
        return fail(c, idn, "duplicate %s id '%.80s' (first at line %d); expected unique %s ids", kind_name[kind], id,
                    c->idline[kind][first], kind_name[kind]);
    c->idline[kind][i] = idn->line;
    return ENT_OK;
}

static ent_status_t start_kind(ctx_t *c, int kind, const ynode_t *list, size_t max, size_t elsize, void **arr,
                               size_t *count)
{
    ent_status_t st = get_list(c, list, kind == K_ACTOR ? "'actors'" : kind == K_ISSUE ? "'issues'"
                                       : kind == K_GROUP ? "'groups'" : kind == K_RULE ? "'rules'"
                                       : kind == K_STEP ? "'steps'" : kind == K_SOURCE ? "'sources'" : "'proposals'");
    if (st != ENT_OK) return st;
    if (list->n > max)
        return fail_st(c, ENT_ELIMIT, list, "%zu %ss exceed the limit; expected at most %zu", list->n, kind_name[kind], max);
    if (!list->n) return ENT_OK;
    *arr = calloc(list->n, elsize);
    c->idline[kind] = calloc(list->n, sizeof(int));
    if (!*arr || !c->idline[kind]) return oom(c);
    *count = list->n;
    return ENT_OK;
}

/* ---- sources ---- */
static ent_status_t load_sources(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "text", "url"};
    ent_scenario_t *s = c->s;
    ent_status_t st = start_kind(c, K_SOURCE, list, SIZE_MAX, sizeof *s->sources, (void **)&s->sources, &s->nsources);
    for (size_t i = 0; st == ENT_OK && i < s->nsources; i++) {
        const ynode_t *v[3], *k[3], *e = list->u.kids[i];
        ent_source_t *src = &s->sources[i];
        if ((st = take_keys(c, e, "source", keys, 3, v, k)) != ENT_OK) break;
        if ((st = need(c, e, v[0], "source", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "source id", &src->id)) != ENT_OK) break;
        if ((st = add_id(c, K_SOURCE, v[0], src->id, i)) != ENT_OK) break;
        if ((st = get_str(c, v[1], "source text", &src->text)) != ENT_OK) break;
        st = get_str(c, v[2], "source url", &src->url);
    }
    return st;
}

/* ---- actors ---- */
/* One attribute name: value of actor a (the i-th); `names` detects duplicates. */
static ent_status_t load_attr(ctx_t *c, const ynode_t *kn, const ynode_t *vn, ent_actor_t *a, size_t i,
                              ent_i_idmap_t *names)
{
    char d[64];
    ent_attr_t *at = &a->attrs[i];
    at->num = NAN;
    a->nattrs = i + 1;
    if (kn->type != YN_SCALAR || is_null(kn))
        return fail(c, kn, "an attribute name of actor '%s' is %s; expected a name", a->id, describe(kn, d, sizeof d));
    ent_status_t st = get_str(c, kn, "attribute name", &at->key);
    if (st != ENT_OK) return st;
    int r0 = ent_i_idmap_put(names, at->key, i, NULL);
    if (r0 < 0) return oom(c);
    if (r0 == 1)
        return fail(c, kn, "duplicate attribute '%.80s' of actor '%s'; expected each attribute once", kn->u.s, a->id);
    if (vn->type != YN_SCALAR || is_null(vn))
        return fail(c, vn, "attribute '%s' of actor '%s' is %s; expected a number or a string", at->key, a->id,
                    describe(vn, d, sizeof d));
    if (vn->plain) {
        double x;
        int r = parse_num(vn->u.s, &x);
        if (r == NUM_RANGE)
            return fail(c, vn, "attribute '%s' of actor '%s' is %.40s, out of range; expected "
                        ENT_I_NUM_RANGE_TEXT " or a quoted string", at->key, a->id, vn->u.s);
        if (r == NUM_NAN || r == NUM_INF)
            return fail(c, vn, "attribute '%s' of actor '%s' is %s; expected a finite number or a quoted string",
                        at->key, a->id, vn->u.s);
        if (r == NUM_OK) {
            char buf[ENT_I_NUMBUF];
            at->num = x;
            if (!(at->text = strdup(ent_i_fmt_double(buf, x)))) return oom(c);
            return ENT_OK;
        }
    }
    return get_str(c, vn, "attribute value", &at->text);
}

static ent_status_t load_attrs(ctx_t *c, const ynode_t *m, ent_actor_t *a)
{
    char d[64];
    if (m->type != YN_MAP) return fail(c, m, "attributes of actor '%s' must be a mapping; got %s", a->id, describe(m, d, sizeof d));
    if (!m->n) return ENT_OK;
    a->attrs = calloc(m->n, sizeof *a->attrs);
    if (!a->attrs) return oom(c);
    ent_i_idmap_t names;   /* attribute names seen, for duplicates in O(1) */
    ent_i_idmap_init(&names);
    ent_status_t st = ENT_OK;
    for (size_t i = 0; i < m->n && st == ENT_OK; i++)
        st = load_attr(c, m->u.kids[2 * i], m->u.kids[2 * i + 1], a, i, &names);
    ent_i_idmap_free(&names);
    return st;
}

/* `capability: [{value: N, as_of: YYYY-MM-DD}, ...]`: dated capabilities of an actor (asof.c),
 * each date distinct; a list of one entry may leave the date out. The latest goes into
 * a->capability, the others into a->cap_earlier, newest first. */
static ent_status_t load_dated_capability(ctx_t *c, const ynode_t *n, ent_actor_t *a)
{
    static const char *const keys[] = {"value", "as_of"};
    char d[64];
    if (!n->n) return fail(c, n, "capability of actor '%s' is an empty list; expected a number >= 0 or a list of {value, as_of}", a->id);
    ent_dated_t *all = calloc(n->n, sizeof *all);
    if (!all) return oom(c);
    ent_status_t st = ENT_OK;
    for (size_t i = 0; st == ENT_OK && i < n->n; i++) {
        const ynode_t *v[2], *k[2], *e = n->u.kids[i];
        if (e->type != YN_MAP) {
            st = fail(c, e, "capability entry of actor '%s' is %s; expected {value: N, as_of: YYYY-MM-DD}", a->id, describe(e, d, sizeof d));
            break;
        }
        if ((st = take_keys(c, e, "capability entry", keys, 2, v, k)) != ENT_OK) break;
        if ((st = need(c, e, v[0], "capability entry", "value", "a number >= 0")) != ENT_OK) break;
        if ((st = get_num(c, v[0], "capability", &all[i].value)) != ENT_OK) break;
        if (all[i].value < 0) {
            st = fail(c, v[0], "capability %s of actor '%s' is negative; expected a number >= 0", v[0]->u.s, a->id);
            break;
        }
        all[i].loc.line = e->line;
        all[i].loc.col = e->col;
        if (v[1] && !is_null(v[1]) && (v[1]->type != YN_SCALAR || !(all[i].as_of = ent_scenario_parse_date(v[1]->u.s)))) {
            st = fail(c, v[1], "as_of of the capability of actor '%s' is %s, not a date; expected YYYY-MM-DD (a calendar date)",
                      a->id, describe(v[1], d, sizeof d));
            break;
        }
        for (size_t j = 0; st == ENT_OK && j < i && n->n > 1; j++)
            if (!all[i].as_of || !all[j].as_of || all[i].as_of == all[j].as_of)
                st = fail(c, e, "actor '%s' already has a capability (line %d)%s; expected one capability, or each dated with a distinct as_of",
                          a->id, all[j].loc.line, all[i].as_of && all[j].as_of ? " with the same as_of" : " and one of the two has no as_of");
    }
    if (st != ENT_OK) {
        free(all);
        return st;
    }
    /* newest first (insertion sort: lists are short) */
    for (size_t i = 1; i < n->n; i++)
        for (size_t j = i; j > 0 && all[j].as_of > all[j - 1].as_of; j--) {
            ent_dated_t t = all[j];
            all[j] = all[j - 1];
            all[j - 1] = t;
        }
    a->capability = all[0].value;
    a->cap_as_of = all[0].as_of;
    a->ncap_earlier = n->n - 1;
    if (a->ncap_earlier) memmove(all, all + 1, a->ncap_earlier * sizeof *all);
    if (a->ncap_earlier) a->cap_earlier = all;
    else free(all);
    return ENT_OK;
}

static ent_status_t load_actors(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "name", "capability", "attributes", "notes", "source", "member_of"};
    ent_scenario_t *s = c->s;
    ent_status_t st = start_kind(c, K_ACTOR, list, ENT_MAX_ACTORS, sizeof *s->actors, (void **)&s->actors, &s->nactors);
    for (size_t i = 0; st == ENT_OK && i < s->nactors; i++) {
        const ynode_t *v[7], *k[7], *e = list->u.kids[i];
        ent_actor_t *a = &s->actors[i];
        a->capability = NAN;
        if ((st = take_keys(c, e, "actor", keys, 7, v, k)) != ENT_OK) break;
        a->loc.line = e->line;
        a->loc.col = e->col;
        if ((st = need(c, e, v[0], "actor", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "actor id", &a->id)) != ENT_OK) break;
        if ((st = add_id(c, K_ACTOR, v[0], a->id, i)) != ENT_OK) break;
        if ((st = get_str(c, v[1], "actor name", &a->name)) != ENT_OK) break;
        if (!a->name && !(a->name = strdup(a->id))) { st = oom(c); break; }
        if (!v[2]) { st = fail(c, e, "actor '%s' has no 'capability'; expected a number >= 0", a->id); break; }
        if (v[2]->type == YN_SEQ) {
            if ((st = load_dated_capability(c, v[2], a)) != ENT_OK) break;
        } else {
            if ((st = get_num(c, v[2], "capability", &a->capability)) != ENT_OK) break;
            if (a->capability < 0) {
                st = fail(c, v[2], "capability %s of actor '%s' is negative; expected a number >= 0", v[2]->u.s, a->id);
                break;
            }
        }
        if (v[3] && !is_null(v[3]) && (st = load_attrs(c, v[3], a)) != ENT_OK) break;
        if ((st = get_str(c, v[4], "notes", &a->notes)) != ENT_OK) break;
        st = get_str(c, v[5], "source", &a->source);
    }
    return st;
}

/* `member_of:` of every actor (an id or a list of ids of actors or groups), once the groups
 * are known: a group id first, else an actor id; the actor itself or an unknown id fails. */
static ent_status_t load_member_of(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "name", "capability", "attributes", "notes", "source", "member_of"};
    ent_scenario_t *s = c->s;
    char d[64];
    for (size_t i = 0; i < s->nactors && i < list->n; i++) {
        const ynode_t *v[7], *k[7], *m;
        ent_status_t st = take_keys(c, list->u.kids[i], "actor", keys, 7, v, k);
        if (st != ENT_OK) return st;
        if (!(m = v[6]) || is_null(m)) continue;
        size_t n = m->type == YN_SEQ ? m->n : 1;
        ent_actor_t *a = &s->actors[i];
        if (m->type != YN_SEQ && m->type != YN_SCALAR)
            return fail(c, m, "member_of of actor '%s' must be an id or a list of ids; got %s", a->id,
                        describe(m, d, sizeof d));
        if (!(a->member_of = calloc(n + 1, sizeof *a->member_of))) return oom(c);
        for (size_t j = 0; j < n; j++) {
            const ynode_t *x = m->type == YN_SEQ ? m->u.kids[j] : m;
            if (!x || x->type != YN_SCALAR || is_null(x))
                return fail(c, x ? x : m, "member_of of actor '%s' must list ids of actors or groups; got %s", a->id,
                            describe(x, d, sizeof d));
            long gi = ent_i_idmap_get(&c->ids[K_GROUP], x->u.s), ai = ent_i_idmap_get(&c->ids[K_ACTOR], x->u.s);
            if (gi < 0 && ai < 0)
                return fail(c, x, "unknown group or actor '%.80s' in member_of of actor '%s'; expected the id of a "
                            "group or of another actor (the bloc it belongs to)", x->u.s, a->id);
            if (gi < 0 && (size_t)ai == i)
                return fail(c, x, "actor '%s' is listed in its own member_of; expected another actor or a group", a->id);
            ent_member_of_t *e = &a->member_of[a->nmember_of++];
            e->group = gi >= 0;
            e->index = gi >= 0 ? (size_t)gi : (size_t)ai;
            e->loc.line = x->line;
            e->loc.col = x->col;
        }
    }
    return ENT_OK;
}

/* ---- issues ---- */

/* A point of issue `is`: a number (1-D; also [x]) or a list of ndim numbers. */
static ent_status_t get_point(ctx_t *c, const ynode_t *n, const ent_issue_t *is, const char *what, int check_range,
                              double *out)
{
    char d[64];
    ent_status_t st;
    if (n && n->type == YN_SCALAR && is->ndim == 1) {
        if ((st = get_num(c, n, what, &out[0])) != ENT_OK) return st;
    } else if (n && n->type == YN_SEQ) {
        if (n->n != is->ndim)
            return fail(c, n, "%s has %zu value(s); expected %zu (one per dimension of issue '%s')", what, n->n, is->ndim,
                        is->id);
        for (size_t k = 0; k < n->n; k++)
            if ((st = get_num(c, n->u.kids[k], what, &out[k])) != ENT_OK) return st;
    } else if (is->ndim == 1) {
        return fail(c, n, "%s must be a number; got %s", what, describe(n, d, sizeof d));
    } else {
        return fail(c, n, "%s must be a list of %zu numbers (issue '%s' has %zu dimensions); got %s", what, is->ndim,
                    is->id, is->ndim, describe(n, d, sizeof d));
    }
    if (check_range)
        for (size_t k = 0; k < is->ndim; k++)
            if (out[k] < is->lo[k] || out[k] > is->hi[k]) {
                const ynode_t *at = n->type == YN_SEQ ? n->u.kids[k] : n;
                return fail(c, at, "%s %s is outside the scale of issue '%s'; expected a number in [%.17g, %.17g]",
                            what, at->u.s, is->id, is->lo[k], is->hi[k]);
            }
    return ENT_OK;
}

static ent_status_t get_scale(ctx_t *c, const ynode_t *n, ent_issue_t *is)
{
    char d[64];
    ent_status_t st;
    if (!n || n->type != YN_SEQ)
        return fail(c, n, "scale of issue '%s' must be a list [lo, hi]; got %s", is->id, describe(n, d, sizeof d));
    int nested = n->n > 0 && n->u.kids[0]->type == YN_SEQ;
    if (!nested) {
        if (n->n != 2) return fail(c, n, "scale of issue '%s' has %zu values; expected [lo, hi]", is->id, n->n);
        double lo, hi;
        if ((st = get_num(c, n->u.kids[0], "scale lo", &lo)) != ENT_OK) return st;
        if ((st = get_num(c, n->u.kids[1], "scale hi", &hi)) != ENT_OK) return st;
        if (!(lo < hi)) return fail(c, n, "scale [%s, %s] of issue '%s' has lo >= hi; expected lo < hi", n->u.kids[0]->u.s,
                                    n->u.kids[1]->u.s, is->id);
        for (size_t k = 0; k < is->ndim; k++) { is->lo[k] = lo; is->hi[k] = hi; }
        return ENT_OK;
    }
    if (n->n != is->ndim)
        return fail(c, n, "scale of issue '%s' has %zu [lo, hi] pairs; expected %zu (one per dimension) or one [lo, hi]",
                    is->id, n->n, is->ndim);
    for (size_t k = 0; k < n->n; k++) {
        const ynode_t *p = n->u.kids[k];
        if (p->type != YN_SEQ || p->n != 2)
            return fail(c, p, "scale of issue '%s' dimension %zu must be [lo, hi]; got %s", is->id, k + 1, describe(p, d, sizeof d));
        if ((st = get_num(c, p->u.kids[0], "scale lo", &is->lo[k])) != ENT_OK) return st;
        if ((st = get_num(c, p->u.kids[1], "scale hi", &is->hi[k])) != ENT_OK) return st;
        if (!(is->lo[k] < is->hi[k]))
            return fail(c, p, "scale [%s, %s] of issue '%s' has lo >= hi; expected lo < hi", p->u.kids[0]->u.s,
                        p->u.kids[1]->u.s, is->id);
    }
    return ENT_OK;
}

static ent_status_t get_labels(ctx_t *c, const ynode_t *m, ent_issue_t *is)
{
    char d[64];
    if (m->type != YN_MAP)
        return fail(c, m, "labels of issue '%s' must be a mapping (point: text); got %s", is->id, describe(m, d, sizeof d));
    if (!m->n) return ENT_OK;
    is->labels = calloc(m->n, sizeof *is->labels);
    if (!is->labels) return oom(c);
    for (size_t i = 0; i < m->n; i++) {
        const ynode_t *kn = m->u.kids[2 * i], *vn = m->u.kids[2 * i + 1];
        ent_label_t *lb = &is->labels[i];
        is->nlabels = i + 1;
        lb->loc.line = kn->line;
        lb->loc.col = kn->col;
        int r = kn->type == YN_SCALAR ? parse_num(kn->u.s, &lb->at) : NUM_BAD;
        if (r == NUM_RANGE)
            return fail(c, kn, "label point %.40s of issue '%s' is out of range; expected " ENT_I_NUM_RANGE_TEXT,
                        kn->u.s, is->id);
        if (r != NUM_OK)
            return fail(c, kn, "label point %s of issue '%s' is not a finite number; expected a number on the scale",
                        describe(kn, d, sizeof d), is->id);
        if (lb->at < is->lo[0] || lb->at > is->hi[0])
            return fail(c, kn, "label point %s of issue '%s' is outside its scale; expected a number in [%.17g, %.17g]",
                        kn->u.s, is->id, is->lo[0], is->hi[0]);
        for (size_t j = 0; j < i; j++)
            if (is->labels[j].at == lb->at)
                return fail(c, kn, "issue '%s' has two labels at %s (first at line %d); expected one label per point",
                            is->id, kn->u.s, is->labels[j].loc.line);
        ent_status_t st = get_str(c, vn, "label", &lb->label);
        if (st != ENT_OK) return st;
        if (!lb->label) return fail(c, vn, "label at %s of issue '%s' is empty; expected text", kn->u.s, is->id);
        if (lb->at == is->lo[0] && !is->lo_label && !(is->lo_label = strdup(lb->label))) return oom(c);
        if (lb->at == is->hi[0] && !is->hi_label && !(is->hi_label = strdup(lb->label))) return oom(c);
    }
    return ENT_OK;
}

/* `step:` of issue is: the coding step, > 0 and at most the widest range of its scale. */
static ent_status_t get_step(ctx_t *c, const ynode_t *n, ent_issue_t *is)
{
    ent_status_t st = get_num(c, n, "step", &is->step);
    if (st != ENT_OK) return st;
    double range = 0;
    for (size_t d = 0; d < is->ndim; d++)
        if (is->hi[d] - is->lo[d] > range) range = is->hi[d] - is->lo[d];
    if (!(is->step > 0 && is->step <= range))
        return fail(c, n, "step %s of issue '%s' is out of range; expected the coding step, a number > 0 and at most "
                    "the scale's range %.17g", n->u.s, is->id, range);
    return ENT_OK;
}

static ent_status_t load_issues(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "name", "dimensions", "scale", "labels", "status_quo", "outcome", "notes", "source",
                                       "step"};
    ent_scenario_t *s = c->s;
    ent_status_t st = start_kind(c, K_ISSUE, list, ENT_MAX_ISSUES, sizeof *s->issues, (void **)&s->issues, &s->nissues);
    for (size_t i = 0; st == ENT_OK && i < s->nissues; i++) {
        const ynode_t *v[10], *k[10], *e = list->u.kids[i];
        ent_issue_t *is = &s->issues[i];
        if ((st = take_keys(c, e, "issue", keys, 10, v, k)) != ENT_OK) break;
        is->loc.line = e->line;
        is->loc.col = e->col;
        if ((st = need(c, e, v[0], "issue", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "issue id", &is->id)) != ENT_OK) break;
        if ((st = add_id(c, K_ISSUE, v[0], is->id, i)) != ENT_OK) break;
        if ((st = get_str(c, v[1], "issue name", &is->name)) != ENT_OK) break;
        is->ndim = 1;
        int dims_named = v[2] && !is_null(v[2]) && v[2]->type != YN_SCALAR;
        if (v[2] && !is_null(v[2]) && v[2]->type == YN_SCALAR) {
            double nd;
            if ((st = get_num(c, v[2], "dimensions", &nd)) != ENT_OK) break;
            if (nd != floor(nd) || nd < 1 || nd > ENT_MAX_DIMS) {
                st = fail_st(c, nd > ENT_MAX_DIMS ? ENT_ELIMIT : ENT_EINPUT, v[2],
                             "issue '%s' has %s dimensions; expected a list of names or a whole number from 1 to %d",
                             is->id, v[2]->u.s, ENT_MAX_DIMS);
                break;
            }
            is->ndim = (size_t)nd;
        }
        if (dims_named) {
            if ((st = get_list(c, v[2], "dimensions")) != ENT_OK) break;
            if (v[2]->n == 0) { st = fail(c, v[2], "issue '%s' has an empty 'dimensions' list; expected at least one name", is->id); break; }
            if (v[2]->n > ENT_MAX_DIMS) {
                st = fail_st(c, ENT_ELIMIT, v[2], "issue '%s' has %zu dimensions; expected at most %d", is->id, v[2]->n, ENT_MAX_DIMS);
                break;
            }
            is->ndim = v[2]->n;
        }
        is->dim_names = calloc(is->ndim, sizeof *is->dim_names);
        is->lo = malloc(is->ndim * sizeof *is->lo);
        is->hi = malloc(is->ndim * sizeof *is->hi);
        if (!is->dim_names || !is->lo || !is->hi) { st = oom(c); break; }
        for (size_t d = 0; d < is->ndim; d++) { is->lo[d] = 0; is->hi[d] = 100; }
        if (dims_named)
            for (size_t d = 0; st == ENT_OK && d < is->ndim; d++) {
                if ((st = get_str(c, v[2]->u.kids[d], "dimension name", &is->dim_names[d])) != ENT_OK) break;
                if (!is->dim_names[d]) { st = fail(c, v[2]->u.kids[d], "a dimension name of issue '%s' is empty; expected a name", is->id); break; }
                for (size_t e2 = 0; e2 < d; e2++)
                    if (strcmp(is->dim_names[e2], is->dim_names[d]) == 0) {
                        st = fail(c, v[2]->u.kids[d], "issue '%s' names dimension '%s' twice; expected distinct names", is->id, is->dim_names[d]);
                        break;
                    }
            }
        if (st != ENT_OK) break;
        if (v[3] && !is_null(v[3]) && (st = get_scale(c, v[3], is)) != ENT_OK) break;
        if (v[4] && !is_null(v[4]) && (st = get_labels(c, v[4], is)) != ENT_OK) break;
        if (v[9] && !is_null(v[9]) && (st = get_step(c, v[9], is)) != ENT_OK) break;
        if (v[5] && !is_null(v[5])) {
            if (!(is->status_quo = malloc(is->ndim * sizeof(double)))) { st = oom(c); break; }
            if ((st = get_point(c, v[5], is, "status quo", 1, is->status_quo)) != ENT_OK) break;
        }
        if (v[6] && !is_null(v[6])) {
            if (!(is->outcome = malloc(is->ndim * sizeof(double)))) { st = oom(c); break; }
            if ((st = get_point(c, v[6], is, "outcome", 1, is->outcome)) != ENT_OK) break;
        }
        if ((st = get_str(c, v[7], "notes", &is->notes)) != ENT_OK) break;
        st = get_str(c, v[8], "source", &is->source);
    }
    return st;
}

/* ---- positions ---- */
static ent_status_t get_salience(ctx_t *c, const ynode_t *n, const ent_issue_t *is, double *out)
{
    char d[64];
    ent_status_t st;
    double scale = c->s->salience_scale;
    if (n->type == YN_SCALAR) {
        if ((st = get_num(c, n, "salience", &out[0])) != ENT_OK) return st;
        for (size_t k = 1; k < is->ndim; k++) out[k] = out[0];
    } else if (n->type == YN_SEQ) {
        if (n->n != is->ndim)
            return fail(c, n, "salience has %zu value(s); expected one number or %zu (one per dimension of issue '%s')",
                        n->n, is->ndim, is->id);
        for (size_t k = 0; k < n->n; k++)
            if ((st = get_num(c, n->u.kids[k], "salience", &out[k])) != ENT_OK) return st;
    } else {
        return fail(c, n, "salience must be a number or a list; got %s", describe(n, d, sizeof d));
    }
    for (size_t k = 0; k < is->ndim; k++)
        if (out[k] < 0 || out[k] > scale) {
            const ynode_t *at = n->type == YN_SEQ ? n->u.kids[k] : n;
            return fail(c, at, "salience %s is out of range; expected a number in [0, %g] (salience_scale)", at->u.s, scale);
        }
    return ENT_OK;
}

/* q, a dated coding just parsed at the tail of cell's chain, moved to its place (the chain
 * newest first, the cell the latest); its date must differ from every other coding's. */
static ent_status_t add_dated(ctx_t *c, const ynode_t *e, ent_position_t *cell, ent_position_t *q, const char *actor,
                              const char *issue)
{
    ent_position_t *prev = cell;
    while (prev->earlier != q) prev = prev->earlier;
    for (const ent_position_t *o = cell; o != q; o = o->earlier)
        if (!q->as_of || o->as_of == q->as_of)
            return fail(c, e, "actor '%s' already has a position on issue '%s' (line %d)%s; expected one position per actor and issue, or each dated with a distinct as_of",
                        actor, issue, o->loc.line, q->as_of ? " with the same as_of" : " and this one has no as_of");
    prev->earlier = NULL;  /* unlink q from the tail */
    if (q->as_of > cell->as_of) {  /* the new latest: swap it into the cell */
        ent_position_t t = *cell;
        *cell = *q;
        *q = t;
        cell->earlier = q;
        return ENT_OK;
    }
    for (prev = cell; prev->earlier && prev->earlier->as_of > q->as_of; prev = prev->earlier) {}
    q->earlier = prev->earlier;
    prev->earlier = q;
    return ENT_OK;
}

static ent_status_t load_positions(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"actor", "issue", "position", "salience", "capability", "notes", "source",
                                       "preference", "as_of"};
    ent_scenario_t *s = c->s;
    ent_status_t st = get_list(c, list, "'positions'");
    for (size_t i = 0; st == ENT_OK && i < list->n; i++) {
        const ynode_t *v[9], *k[9], *e = list->u.kids[i];
        size_t a, j;
        if ((st = take_keys(c, e, "position", keys, 9, v, k)) != ENT_OK) break;
        if ((st = need(c, e, v[0], "position", "actor", "an actor id")) != ENT_OK) break;
        if ((st = ref(c, v[0], K_ACTOR, "position", &a)) != ENT_OK) break;
        if ((st = need(c, e, v[1], "position", "issue", "an issue id")) != ENT_OK) break;
        if ((st = ref(c, v[1], K_ISSUE, "position", &j)) != ENT_OK) break;
        ent_position_t *p = ent_scenario_pos_mut(s, a, j), *cell = p;
        const ent_issue_t *is = &s->issues[j];
        if (p->present && !p->as_of) {
            st = fail(c, e, "actor '%s' already has a position on issue '%s' (line %d); expected one position per actor and issue",
                      s->actors[a].id, is->id, p->loc.line);
            break;
        }
        if (p->present) { /* another dated coding: parsed at the chain's tail, placed by add_dated */
            while (p->earlier) p = p->earlier;
            if (!(p->earlier = calloc(1, sizeof *p))) { st = oom(c); break; }
            p = p->earlier;
            p->capability = NAN;
        }
        p->present = 1;
        p->loc.line = e->line;
        p->loc.col = e->col;
        p->x = malloc(is->ndim * sizeof *p->x);
        p->sal = malloc(is->ndim * sizeof *p->sal);
        if (!p->x || !p->sal) { st = oom(c); break; }
        if (!v[2]) {
            st = fail(c, e, "position of actor '%s' on issue '%s' has no 'position'; expected %s", s->actors[a].id, is->id,
                      is->ndim == 1 ? "a number" : "a list of numbers");
            break;
        }
        if ((st = get_point(c, v[2], is, "position", 1, p->x)) != ENT_OK) break;
        if (!v[3] || is_null(v[3])) {
            st = fail(c, v[3] ? v[3] : e, "position of actor '%s' on issue '%s' has no 'salience'; expected a number in [0, %g]",
                      s->actors[a].id, is->id, s->salience_scale);
            break;
        }
        if ((st = get_salience(c, v[3], is, p->sal)) != ENT_OK) break;
        if (v[4] && !is_null(v[4])) {
            if ((st = get_num(c, v[4], "capability", &p->capability)) != ENT_OK) break;
            if (p->capability < 0) {
                st = fail(c, v[4], "capability %s of actor '%s' on issue '%s' is negative; expected a number >= 0",
                          v[4]->u.s, s->actors[a].id, is->id);
                break;
            }
        }
        if ((st = get_str(c, v[5], "notes", &p->notes)) != ENT_OK) break;
        if ((st = get_str(c, v[6], "source", &p->source)) != ENT_OK) break;
        if (v[7] && !is_null(v[7])) st = ent_i_pref_read(c->name, v[7], is, &p->pref, c->err); /* prefs.c */
        if (st == ENT_OK && v[8] && !is_null(v[8])
            && (v[8]->type != YN_SCALAR || !(p->as_of = ent_scenario_parse_date(v[8]->u.s)))) {
            char d[64];
            st = fail(c, v[8], "as_of of actor '%s' on issue '%s' is %s, not a date; expected YYYY-MM-DD (a calendar date)",
                      s->actors[a].id, is->id, describe(v[8], d, sizeof d));
        }
        if (st == ENT_OK && p != cell) st = add_dated(c, e, cell, p, s->actors[a].id, is->id);
    }
    return st;
}

/* ---- groups, rules ---- */
static ent_status_t load_groups(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "name", "members"};
    ent_scenario_t *s = c->s;
    ent_status_t st = start_kind(c, K_GROUP, list, SIZE_MAX, sizeof *s->groups, (void **)&s->groups, &s->ngroups);
    for (size_t i = 0; st == ENT_OK && i < s->ngroups; i++) {
        const ynode_t *v[3], *k[3], *e = list->u.kids[i];
        ent_group_t *g = &s->groups[i];
        if ((st = take_keys(c, e, "group", keys, 3, v, k)) != ENT_OK) break;
        g->loc.line = e->line;
        g->loc.col = e->col;
        if ((st = need(c, e, v[0], "group", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "group id", &g->id)) != ENT_OK) break;
        if ((st = add_id(c, K_GROUP, v[0], g->id, i)) != ENT_OK) break;
        if ((st = get_str(c, v[1], "group name", &g->name)) != ENT_OK) break;
        if ((st = need(c, e, v[2], "group", "members", "a list of actor ids")) != ENT_OK) break;
        if ((st = get_list(c, v[2], "members")) != ENT_OK) break;
        if (!v[2]->n) { st = fail(c, v[2], "group '%s' has no members; expected at least one actor id", g->id); break; }
        if (!(g->members = malloc(v[2]->n * sizeof *g->members))) { st = oom(c); break; }
        if ((st = stamp_begin(c, K_ACTOR)) != ENT_OK) break;
        for (size_t m = 0; st == ENT_OK && m < v[2]->n; m++) {
            if ((st = ref(c, v[2]->u.kids[m], K_ACTOR, "group members", &g->members[m])) != ENT_OK) break;
            if (seen(c, K_ACTOR, g->members[m]))
                st = fail(c, v[2]->u.kids[m], "group '%s' lists actor '%s' twice; expected each member once", g->id,
                          s->actors[g->members[m]].id);
            g->n = m + 1;
        }
    }
    return st;
}

/* `kind:` of rule r: one of ENT_RULE_KINDS; absent or null leaves it UNSET. */
static ent_status_t get_rule_kind(ctx_t *c, const ynode_t *n, ent_ruledef_t *r)
{
    char d[64];
    if (!n || is_null(n)) return ENT_OK;
    if (n->type != YN_SCALAR)
        return fail(c, n, "kind of rule '%s' is %s; expected one of %s", r->id, describe(n, d, sizeof d), ENT_RULE_KINDS);
    if (ent_rule_kind_parse(n->u.s, &r->kind) != ENT_OK)
        return fail(c, n, "unknown kind '%.40s' of rule '%s'; expected one of %s", n->u.s, r->id, ENT_RULE_KINDS);
    return ENT_OK;
}

static ent_status_t load_rules(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "name", "expr", "notes", "source", "kind"};
    ent_scenario_t *s = c->s;
    ent_status_t st = start_kind(c, K_RULE, list, SIZE_MAX, sizeof *s->rules, (void **)&s->rules, &s->nrules);
    for (size_t i = 0; st == ENT_OK && i < s->nrules; i++) {
        const ynode_t *v[6], *k[6], *e = list->u.kids[i];
        ent_ruledef_t *r = &s->rules[i];
        if ((st = take_keys(c, e, "rule", keys, 6, v, k)) != ENT_OK) break;
        r->loc.line = e->line;
        r->loc.col = e->col;
        if ((st = need(c, e, v[0], "rule", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "rule id", &r->id)) != ENT_OK) break;
        if ((st = add_id(c, K_RULE, v[0], r->id, i)) != ENT_OK) break;
        if ((st = get_str(c, v[1], "rule name", &r->name)) != ENT_OK) break;
        if ((st = need(c, e, v[2], "rule", "expr", "a rule expression (docs/rules.md)")) != ENT_OK) break;
        if ((st = get_str(c, v[2], "rule expr", &r->expr)) != ENT_OK) break;
        r->loc.line = v[2]->line;
        r->loc.col = v[2]->col;
        if ((st = get_rule_kind(c, v[5], r)) != ENT_OK) break;
        if ((st = get_str(c, v[3], "notes", &r->notes)) != ENT_OK) break;
        st = get_str(c, v[4], "source", &r->source);
    }
    return st;
}

/* ---- proposals ---- */
static ent_status_t load_proposals(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "name", "proposer", "rule", "point", "notes", "source", "design"};
    ent_scenario_t *s = c->s;
    ent_status_t st = start_kind(c, K_PROPOSAL, list, SIZE_MAX, sizeof *s->proposals, (void **)&s->proposals, &s->nproposals);
    for (size_t i = 0; st == ENT_OK && i < s->nproposals; i++) {
        const ynode_t *v[8], *k[8], *e = list->u.kids[i];
        ent_proposal_t *p = &s->proposals[i];
        p->proposer = p->rule = -1;
        if ((st = take_keys(c, e, "proposal", keys, 8, v, k)) != ENT_OK) break;
        p->loc.line = e->line;
        p->loc.col = e->col;
        if ((st = need(c, e, v[0], "proposal", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "proposal id", &p->id)) != ENT_OK) break;
        if ((st = add_id(c, K_PROPOSAL, v[0], p->id, i)) != ENT_OK) break;
        if ((st = get_str(c, v[1], "proposal name", &p->name)) != ENT_OK) break;
        size_t idx;
        if (v[2] && !is_null(v[2])) {
            if ((st = ref(c, v[2], K_ACTOR, "proposer", &idx)) != ENT_OK) break;
            p->proposer = (long)idx;
        }
        if (v[3] && !is_null(v[3])) {
            if ((st = ref(c, v[3], K_RULE, "proposal rule", &idx)) != ENT_OK) break;
            p->rule = (long)idx;
        }
        if ((st = need(c, e, v[4], "proposal", "point", "a mapping issue id -> position")) != ENT_OK) break;
        const ynode_t *pt = v[4];
        char d[64];
        if (pt->type != YN_MAP || !pt->n) {
            st = fail(c, pt, "point of proposal '%s' must be a non-empty mapping issue id -> position; got %s", p->id,
                      describe(pt, d, sizeof d));
            break;
        }
        p->issue = calloc(pt->n, sizeof *p->issue);
        p->point = calloc(pt->n, sizeof *p->point);
        if (!p->issue || !p->point) { st = oom(c); break; }
        p->npoints = pt->n;
        if ((st = stamp_begin(c, K_ISSUE)) != ENT_OK) break;
        for (size_t q = 0; st == ENT_OK && q < pt->n; q++) {
            const ynode_t *kn = pt->u.kids[2 * q], *vn = pt->u.kids[2 * q + 1];
            if ((st = ref(c, kn, K_ISSUE, "proposal point", &p->issue[q])) != ENT_OK) break;
            if (seen(c, K_ISSUE, p->issue[q])) {
                st = fail(c, kn, "proposal '%s' names issue '%s' twice; expected one point per issue", p->id, kn->u.s);
                break;
            }
            const ent_issue_t *is = &s->issues[p->issue[q]];
            if (!(p->point[q] = malloc(is->ndim * sizeof(double)))) { st = oom(c); break; }
            st = get_point(c, vn, is, "proposed position", 1, p->point[q]);
        }
        if (st != ENT_OK) break;
        if ((st = get_str(c, v[5], "notes", &p->notes)) != ENT_OK) break;
        if ((st = get_str(c, v[6], "source", &p->source)) != ENT_OK) break;
        if (v[7] && !is_null(v[7])) st = ent_i_design_read(c->name, v[7], s, p, c->err); /* prefs.c */
    }
    return st;
}

/* ---- steps ---- */
static ent_status_t get_insist(ctx_t *c, const ynode_t *n, ent_precond_t *pc)
{
    static const char *const keys[] = {"actor", "salience"};
    ent_status_t st = get_list(c, n, "insisted_by");
    if (st != ENT_OK || !n->n) return st;
    if (!(pc->insist = calloc(n->n, sizeof *pc->insist))) return oom(c);
    if ((st = stamp_begin(c, K_ACTOR)) != ENT_OK) return st;
    for (size_t i = 0; i < n->n; i++) {
        const ynode_t *e = n->u.kids[i], *v[2], *k[2];
        ent_insist_t *in = &pc->insist[i];
        pc->ninsist = i + 1;
        if (e->type == YN_MAP) {
            if ((st = take_keys(c, e, "insisted_by entry", keys, 2, v, k)) != ENT_OK) return st;
            if ((st = need(c, e, v[0], "insisted_by entry", "actor", "an actor id")) != ENT_OK) return st;
            if ((st = ref(c, v[0], K_ACTOR, "insisted_by", &in->actor)) != ENT_OK) return st;
            in->salience = c->s->salience_scale;
            if (v[1] && !is_null(v[1])) {
                if ((st = get_num(c, v[1], "salience", &in->salience)) != ENT_OK) return st;
                if (in->salience < 0 || in->salience > c->s->salience_scale)
                    return fail(c, v[1], "salience %s is out of range; expected a number in [0, %g] (salience_scale)",
                                v[1]->u.s, c->s->salience_scale);
            }
        } else {
            if ((st = ref(c, e, K_ACTOR, "insisted_by", &in->actor)) != ENT_OK) return st;
            in->salience = c->s->salience_scale;
        }
        if (seen(c, K_ACTOR, in->actor))
            return fail(c, e, "actor '%s' appears twice in insisted_by; expected each actor once", c->s->actors[in->actor].id);
    }
    return ENT_OK;
}

static ent_status_t step_refs(ctx_t *c, const ynode_t *list, size_t self, ent_precond_t *pc)
{
    if (!(pc->steps = calloc(list->n ? list->n : 1, sizeof *pc->steps))) return oom(c);
    ent_status_t st0 = stamp_begin(c, K_STEP);
    if (st0 != ENT_OK) return st0;
    for (size_t i = 0; i < list->n; i++) {
        const ynode_t *e = list->u.kids[i];
        ent_status_t st = ref(c, e, K_STEP, "requires", &pc->steps[i]);
        if (st != ENT_OK) return st;
        pc->nsteps = i + 1;
        if (pc->steps[i] == self)
            return fail(c, e, "step '%s' requires itself; expected another step's id", c->s->steps[self].id);
        if (seen(c, K_STEP, pc->steps[i]))
            return fail(c, e, "step '%s' appears twice among the alternatives; expected distinct steps", e->u.s);
    }
    return ENT_OK;
}

static ent_status_t load_precond(ctx_t *c, const ynode_t *e, size_t self, int any, ent_precond_t *pc)
{
    static const char *const keys1[] = {"step", "insisted_by", "notes", "source", "as_of"};
    static const char *const keysn[] = {"steps", "insisted_by", "notes", "source", "as_of"};
    const ynode_t *v[5], *k[5];
    ent_status_t st;
    char d[64];
    pc->loc.line = e->line;
    pc->loc.col = e->col;
    if (!any && e->type == YN_SCALAR) {
        ynode_t one = *e;
        ynode_t *kids[1] = {&one};
        ynode_t lst = {YN_SEQ, 0, e->line, e->col, 1, {.kids = kids}};
        return step_refs(c, &lst, self, pc);
    }
    if (any && e->type == YN_SEQ) {
        v[0] = e;
        v[1] = v[2] = v[3] = v[4] = NULL;
    } else if (e->type == YN_MAP) {
        if ((st = take_keys(c, e, any ? "requires_any entry" : "requires entry", any ? keysn : keys1, 5, v, k)) != ENT_OK)
            return st;
        if ((st = need(c, e, v[0], any ? "requires_any entry" : "requires entry", any ? "steps" : "step",
                       any ? "a list of step ids" : "a step id")) != ENT_OK)
            return st;
    } else {
        return fail(c, e, "a %s entry must be %s; got %s", any ? "requires_any" : "requires",
                    any ? "a mapping with 'steps' or a list of step ids" : "a step id or a mapping with 'step'",
                    describe(e, d, sizeof d));
    }
    if (any) {
        if ((st = get_list(c, v[0], "steps")) != ENT_OK) return st;
        if (v[0]->n < 2)
            return fail(c, v[0], "a requires_any entry lists %zu step(s); expected at least 2 alternatives (use 'requires' for one)",
                        v[0]->n);
        if ((st = step_refs(c, v[0], self, pc)) != ENT_OK) return st;
    } else {
        ynode_t *kids[1] = {(ynode_t *)v[0]};
        ynode_t lst = {YN_SEQ, 0, v[0]->line, v[0]->col, 1, {.kids = kids}};
        if (v[0]->type != YN_SCALAR) return fail(c, v[0], "'step' must be a step id; got %s", describe(v[0], d, sizeof d));
        if ((st = step_refs(c, &lst, self, pc)) != ENT_OK) return st;
    }
    if (v[1] && !is_null(v[1]) && (st = get_insist(c, v[1], pc)) != ENT_OK) return st;
    if ((st = get_str(c, v[2], "notes", &pc->notes)) != ENT_OK) return st;
    if ((st = get_str(c, v[3], "source", &pc->source)) != ENT_OK) return st;
    if (v[4] && !is_null(v[4]) && (v[4]->type != YN_SCALAR || !(pc->as_of = ent_scenario_parse_date(v[4]->u.s))))
        return fail(c, v[4], "as_of of a precondition of step '%s' is %s, not a date; expected YYYY-MM-DD (a calendar date)",
                    c->s->steps[self].id, describe(v[4], d, sizeof d));
    return ENT_OK;
}

static int same_link(const ent_precond_t *a, const ent_precond_t *b)
{
    if (a->nsteps != b->nsteps) return 0;
    for (size_t i = 0; i < a->nsteps; i++) {
        size_t j = 0;
        while (j < b->nsteps && b->steps[j] != a->steps[i]) j++;
        if (j == b->nsteps) return 0;
    }
    return 1;
}

/* Repeated links of a step (the same required step, or the same alternatives) where one is
 * dated are dated codings of one link: each needs a distinct as_of; the latest stays in
 * sp->pre, the others go to its `earlier` chain, newest first (asof.c). Undated repeats stay
 * parallel links (the sequence analysis counts each). O(npre^2): steps have few. */
static ent_status_t merge_dated_links(ctx_t *c, ent_step_t *sp)
{
    size_t w = 0;
    for (size_t q = 0; q < sp->npre; q++) {
        ent_precond_t *pc = &sp->pre[q];
        size_t k = 0;
        while (k < w && !same_link(&sp->pre[k], pc)) k++;
        if (k == w) {
            if (w != q) sp->pre[w] = *pc;
            w++;
            continue;
        }
        ent_precond_t *cell = &sp->pre[k];
        if (!pc->as_of && !cell->as_of) {  /* two undated entries: parallel links, as ever */
            if (w != q) sp->pre[w] = *pc;
            w++;
            continue;
        }
        for (const ent_precond_t *o = cell; o; o = o->earlier)
            if (!pc->as_of || !o->as_of || o->as_of == pc->as_of) {
                /* the entries not merged yet stay reachable for destruction: moved down */
                ent_status_t st = ent_error_set(c->err, ENT_EINPUT, c->name, pc->loc.line, pc->loc.col,
                    "step '%s' already has this precondition (line %d)%s; expected each precondition once, or each dated with a distinct as_of",
                    sp->id, o->loc.line, pc->as_of && o->as_of ? " with the same as_of" : " and one of the two has no as_of");
                for (size_t r = q; r < sp->npre; r++) sp->pre[w + (r - q)] = sp->pre[r];
                sp->npre = w + (sp->npre - q);
                return st;
            }
        ent_precond_t *node = malloc(sizeof *node);
        if (!node) {
            for (size_t r = q; r < sp->npre; r++) sp->pre[w + (r - q)] = sp->pre[r];
            sp->npre = w + (sp->npre - q);
            return oom(c);
        }
        *node = *pc;
        node->earlier = NULL;
        if (node->as_of > cell->as_of) {  /* the new latest: swap it into the cell */
            ent_precond_t t = *cell;
            *cell = *node;
            *node = t;
            cell->earlier = node;
        } else {
            ent_precond_t *prev = cell;
            while (prev->earlier && prev->earlier->as_of > node->as_of) prev = prev->earlier;
            node->earlier = prev->earlier;
            prev->earlier = node;
        }
    }
    sp->npre = w;
    return ENT_OK;
}

static ent_status_t load_steps(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "name", "requires", "requires_any", "notes", "source"};
    ent_scenario_t *s = c->s;
    ent_status_t st = start_kind(c, K_STEP, list, SIZE_MAX, sizeof *s->steps, (void **)&s->steps, &s->nsteps);
    /* pass 1: ids (a step may require one written after it) */
    for (size_t i = 0; st == ENT_OK && i < s->nsteps; i++) {
        const ynode_t *v[6], *k[6], *e = list->u.kids[i];
        ent_step_t *sp = &s->steps[i];
        if ((st = take_keys(c, e, "step", keys, 6, v, k)) != ENT_OK) break;
        sp->loc.line = e->line;
        sp->loc.col = e->col;
        if ((st = need(c, e, v[0], "step", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "step id", &sp->id)) != ENT_OK) break;
        st = add_id(c, K_STEP, v[0], sp->id, i);
    }
    /* pass 2: the rest */
    for (size_t i = 0; st == ENT_OK && i < s->nsteps; i++) {
        const ynode_t *v[6], *k[6], *e = list->u.kids[i];
        ent_step_t *sp = &s->steps[i];
        if ((st = take_keys(c, e, "step", keys, 6, v, k)) != ENT_OK) break;
        if ((st = get_str(c, v[1], "step name", &sp->name)) != ENT_OK) break;
        size_t n1 = 0, n2 = 0;
        if (v[2] && !is_null(v[2])) {
            if ((st = get_list(c, v[2], "requires")) != ENT_OK) break;
            n1 = v[2]->n;
        }
        if (v[3] && !is_null(v[3])) {
            if ((st = get_list(c, v[3], "requires_any")) != ENT_OK) break;
            n2 = v[3]->n;
        }
        if (n1 + n2 == 0) goto strings;
        if (!(sp->pre = calloc(n1 + n2, sizeof *sp->pre))) { st = oom(c); break; }
        for (size_t q = 0; st == ENT_OK && q < n1 + n2; q++) {
            sp->npre = q + 1;
            st = load_precond(c, q < n1 ? v[2]->u.kids[q] : v[3]->u.kids[q - n1], i, q >= n1, &sp->pre[q]);
        }
        if (st == ENT_OK) st = merge_dated_links(c, sp);
        if (st != ENT_OK) break;
    strings:
        if ((st = get_str(c, v[4], "notes", &sp->notes)) != ENT_OK) break;
        st = get_str(c, v[5], "source", &sp->source);
    }
    return st;
}

/* ---- variants (docs/format.md, "Variants") ----
 * Each change is text: "PATH=VALUE" or "drop-precondition STEP:REQUIRED". The syntax is
 * checked here, at the change's line:col; the names once the whole scenario is loaded
 * (ent_scenario_check_variants, src/scenario/overlay.c). */
#define DROP_PREFIX "drop-precondition "
static ent_status_t load_variants(ctx_t *c, const ynode_t *list)
{
    static const char *const keys[] = {"id", "description", "changes"};
    ent_scenario_t *s = c->s;
    ent_status_t st = get_list(c, list, "'variants'");
    if (st != ENT_OK || !list->n) return st;
    if (!(s->variants = calloc(list->n, sizeof *s->variants))) return oom(c);
    for (size_t i = 0; st == ENT_OK && i < list->n; i++) {
        const ynode_t *v[3], *k[3], *e = list->u.kids[i];
        ent_variant_t *va = &s->variants[i];
        s->nvariants = i + 1;
        if ((st = take_keys(c, e, "variant", keys, 3, v, k)) != ENT_OK) break;
        va->loc.line = e->line;
        va->loc.col = e->col;
        if ((st = need(c, e, v[0], "variant", "id", "an id")) != ENT_OK) break;
        if ((st = get_id(c, v[0], "variant id", &va->id)) != ENT_OK) break;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->variants[j].id, va->id))
                return fail(c, v[0], "duplicate variant id '%.80s' (first at line %d); expected unique variant ids", va->id,
                            s->variants[j].loc.line);
        if ((st = get_str(c, v[1], "variant description", &va->description)) != ENT_OK) break;
        if ((st = need(c, e, v[2], "variant", "changes", "a list of changes (PATH=VALUE)")) != ENT_OK) break;
        if ((st = get_list(c, v[2], "'changes'")) != ENT_OK) break;
        if (!(va->changes = calloc(v[2]->n ? v[2]->n : 1, sizeof *va->changes))) return oom(c);
        for (size_t q = 0; q < v[2]->n; q++) {
            const ynode_t *cn = v[2]->u.kids[q];
            char *text;
            if ((st = get_str(c, cn, "change", &text)) != ENT_OK) break;
            if (!text) return fail(c, cn, "empty change; expected PATH=VALUE or drop-precondition STEP:REQUIRED");
            ent_change_kind_t kind = ENT_CHANGE_SET;
            const char *body = text;
            if (!strncmp(text, DROP_PREFIX, strlen(DROP_PREFIX))) {
                kind = ENT_CHANGE_DROP;
                body = text + strlen(DROP_PREFIX);
            }
            ent_error_t e2 = {0};
            ent_change_t *ch = &va->changes[q];
            st = ent_change_parse(body, kind, ch, &e2);
            free(text);
            if (st == ENT_ENOMEM) return oom(c);
            if (st != ENT_OK) return fail(c, cn, "variant '%s': change: %s", va->id, e2.msg);
            ch->loc.line = cn->line;
            ch->loc.col = cn->col;
            va->nchanges = q + 1;
        }
    }
    return st;
}

/* ---- the document ---- */
static ent_status_t load_root(ctx_t *c, const ynode_t *root)
{
    static const char *const keys[] = {"entente", "title", "description", "salience_scale", "sources", "actors",
                                       "issues", "positions", "groups", "rules", "proposals", "steps", "precision",
                                       "variants", "preference", "uncertainty", "precoalitions", "calibration"};
    enum { T_VER, T_TITLE, T_DESC, T_SCALE, T_SOURCES, T_ACTORS, T_ISSUES, T_POS, T_GROUPS, T_RULES, T_PROP, T_STEPS,
           T_PREC, T_VARIANTS, T_PREF, T_UNC, T_PC, T_CAL, T_N };
    const ynode_t *v[T_N], *k[T_N];
    ent_scenario_t *s = c->s;
    ent_status_t st;
    char d[64];
    if (root->type != YN_MAP)
        return fail(c, root, "the document is %s; expected a scenario mapping starting with 'entente: 1'", describe(root, d, sizeof d));
    if ((st = take_keys(c, root, "the scenario", keys, T_N, v, k)) != ENT_OK) return st;
    if (!v[T_VER]) return fail(c, root, "the scenario has no 'entente' key; expected 'entente: 1' (the format version)");
    double ver;
    if ((st = get_num(c, v[T_VER], "format version 'entente'", &ver)) != ENT_OK) return st;
    if (ver != 1) return fail(c, v[T_VER], "format version %s is not supported; expected 'entente: 1'", v[T_VER]->u.s);
    if ((st = get_str(c, v[T_TITLE], "title", &s->title)) != ENT_OK) return st;
    if ((st = get_str(c, v[T_DESC], "description", &s->description)) != ENT_OK) return st;
    if ((st = get_str(c, v[T_PC], "precoalitions", &s->precoalitions)) != ENT_OK) return st;
    if (v[T_PC]) { s->precoalitions_loc.line = v[T_PC]->line; s->precoalitions_loc.col = v[T_PC]->col; }
    if ((st = get_str(c, v[T_CAL], "calibration", &s->calibration)) != ENT_OK) return st;
    if (s->calibration) {
        if (!*s->calibration) return fail(c, v[T_CAL], "calibration is empty; expected the path of a calibration file");
        s->calibration_loc.line = v[T_CAL]->line;
        s->calibration_loc.col = v[T_CAL]->col;
    }
    if (v[T_SCALE] && !is_null(v[T_SCALE])) {
        if ((st = get_num(c, v[T_SCALE], "salience_scale", &s->salience_scale)) != ENT_OK) return st;
        if (s->salience_scale != 1 && s->salience_scale != 100)
            return fail(c, v[T_SCALE], "salience_scale %s is not supported; expected 1 or 100", v[T_SCALE]->u.s);
    }
    if (v[T_PREC] && !is_null(v[T_PREC])) {
        if ((st = get_num(c, v[T_PREC], "precision", &s->precision)) != ENT_OK) return st;
        if (!(s->precision > 0 && s->precision <= 1))
            return fail(c, v[T_PREC], "precision %s is out of range; expected the coding step as a fraction of each "
                        "issue's range, a number > 0 and at most 1 (0.01: steps of 1 %%)", v[T_PREC]->u.s);
    }
    if (v[T_PREF] && !is_null(v[T_PREF]) && (st = ent_i_pref_read(c->name, v[T_PREF], NULL, &s->pref, c->err)) != ENT_OK)
        return st; /* the scenario's default preference form (prefs.c) */
    if (v[T_SOURCES] && !is_null(v[T_SOURCES]) && (st = load_sources(c, v[T_SOURCES])) != ENT_OK) return st;
    if (v[T_ACTORS] && !is_null(v[T_ACTORS]) && (st = load_actors(c, v[T_ACTORS])) != ENT_OK) return st;
    if (v[T_ISSUES] && !is_null(v[T_ISSUES]) && (st = load_issues(c, v[T_ISSUES])) != ENT_OK) return st;
    if (s->nissues && s->nactors > (size_t)ENT_MAX_CELLS / s->nissues)
        return fail_st(c, ENT_ELIMIT, v[T_ISSUES], "%zu actors x %zu issues exceed the limit; expected at most %d positions",
                       s->nactors, s->nissues, ENT_MAX_CELLS);
    if (s->nactors && s->nissues) {
        size_t cells = s->nactors * s->nissues;
        if (!(s->pos = calloc(cells, sizeof *s->pos))) return oom(c);
        for (size_t i = 0; i < cells; i++) s->pos[i].capability = NAN;
    }
    if (v[T_POS] && !is_null(v[T_POS]) && (st = load_positions(c, v[T_POS])) != ENT_OK) return st;
    if (v[T_GROUPS] && !is_null(v[T_GROUPS]) && (st = load_groups(c, v[T_GROUPS])) != ENT_OK) return st;
    if (v[T_ACTORS] && !is_null(v[T_ACTORS]) && (st = load_member_of(c, v[T_ACTORS])) != ENT_OK) return st;
    if (v[T_RULES] && !is_null(v[T_RULES]) && (st = load_rules(c, v[T_RULES])) != ENT_OK) return st;
    if (v[T_PROP] && !is_null(v[T_PROP]) && (st = load_proposals(c, v[T_PROP])) != ENT_OK) return st;
    if (v[T_STEPS] && !is_null(v[T_STEPS]) && (st = load_steps(c, v[T_STEPS])) != ENT_OK) return st;
    if (v[T_VARIANTS] && !is_null(v[T_VARIANTS]) && (st = load_variants(c, v[T_VARIANTS])) != ENT_OK) return st;
    if (v[T_UNC] && !is_null(v[T_UNC]) && (st = ent_i_uncertainty_load(s, c->name, v[T_UNC], c->err)) != ENT_OK)
        return st;
    return ENT_OK;
}

ent_status_t ent_i_load_yaml(ent_scenario_t *s, const char *name, const char *data, size_t len, ent_error_t *err)
{
    arena_t ar = {NULL};
    ynode_t *root = NULL;
    ctx_t c;
    ent_status_t st;
    memset(&c, 0, sizeof c);
    if (!name) name = "<input>";
    if (!data || len == 0) {
        st = ent_error_set(err, ENT_EINPUT, name, 1, 1, "empty file; expected a scenario (a YAML or JSON mapping starting with 'entente: 1')");
        goto done;
    }
    if ((st = check_text(name, (const unsigned char *)data, len, err)) != ENT_OK) goto done;
    if ((st = build_tree(name, data, len, &ar, &root, err)) != ENT_OK) goto done;
    if (!root || is_null(root)) {
        st = ent_error_set(err, ENT_EINPUT, name, root ? root->line : 1, root ? root->col : 1,
                           "empty document; expected a scenario (a YAML or JSON mapping starting with 'entente: 1')");
        goto done;
    }
    c.name = name;
    c.err = err;
    c.s = s;
    c.root = root;
    for (int k = 0; k < K_N; k++) ent_i_idmap_init(&c.ids[k]);
    if ((st = load_root(&c, root)) != ENT_OK) goto done;
    if (!(s->origin = strdup(name))) { st = oom(&c); goto done; }
    st = ent_scenario_validate(s, name, err);
    if (st == ENT_OK) st = ent_scenario_check_variants(s, name, err);
done:
    for (int k = 0; k < K_N; k++) {
        ent_i_idmap_free(&c.ids[k]);
        free(c.idline[k]);
        free(c.stamp[k]);
    }
    arena_free(&ar);
    if (st != ENT_OK) ent_scenario_destroy(s);
    return st;
}
