/* SPDX-License-Identifier: MIT */
/* csv.c — delimited-text tokenizer (RFC 4180, comma/TAB/semicolon) and the helpers shared
 * by the table importers: strict numbers, UTF-8 checks, an id hash map, id derivation,
 * importer reports, scenario allocation. Design notes and deviations: csv.h.
 * Complexity: tokenizing is O(n) in the input; id derivation is O(length) expected
 * (scenario/idmap.h hash map).
 */
#include "scenario/csv.h"
#include "scenario/numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ tokenizer */

void ent_i_csv_init(ent_i_csv_t *r, const char *name, const char *data, size_t len, char delim,
                    char quote)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->p = data;
    r->end = data + len;
    r->delim = delim;
    r->quote = quote;
    r->line = 1;
    r->col = 1;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        r->p += 3;
}

void ent_i_csv_free(ent_i_csv_t *r)
{
    if (!r) return;
    free(r->buf);
    free(r->off);
    free(r->f);
    r->buf = NULL;
    r->off = NULL;
    r->f = NULL;
    r->nf = r->fcap = r->bufcap = r->buflen = 0;
}

static int buf_put(ent_i_csv_t *r, char c)
{
    if (r->buflen + 1 >= r->bufcap) {
        size_t cap = r->bufcap ? r->bufcap * 2 : 256;
        char *b = realloc(r->buf, cap);
        if (!b) return -1;
        r->buf = b;
        r->bufcap = cap;
    }
    r->buf[r->buflen++] = c;
    return 0;
}

static int field_new(ent_i_csv_t *r, int line, int col, int quoted)
{
    if (r->nf == r->fcap) {
        size_t cap = r->fcap ? r->fcap * 2 : 16;
        ent_i_field_t *f = realloc(r->f, cap * sizeof *f);
        if (!f) return -1;
        r->f = f;
        size_t *o = realloc(r->off, cap * sizeof *o);
        if (!o) return -1;
        r->off = o;
        r->fcap = cap;
    }
    r->off[r->nf] = r->buflen;
    r->f[r->nf].line = line;
    r->f[r->nf].col = col;
    r->f[r->nf].quoted = quoted;
    r->f[r->nf].len = 0;
    r->f[r->nf].s = NULL;
    r->nf++;
    return 0;
}

/* Advance the cursor by one byte, keeping line/col (columns count code points). */
static void adv(ent_i_csv_t *r)
{
    unsigned char c = (unsigned char)*r->p++;
    if ((c & 0xC0) != 0x80) r->col++;
}

/* At a line end? Consume it and return 1. */
static int eat_eol(ent_i_csv_t *r)
{
    if (r->p >= r->end) return 0;
    if (*r->p == '\n') { r->p++; r->line++; r->col = 1; return 1; }
    if (*r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n') r->p++;
        r->line++;
        r->col = 1;
        return 1;
    }
    return 0;
}

static ent_status_t nul_error(ent_i_csv_t *r, ent_error_t *err)
{
    return ent_error_set(err, ENT_EINPUT, r->name, r->line, r->col,
                         "NUL byte in the text (binary data?); expected a text table");
}

ent_status_t ent_i_csv_row(ent_i_csv_t *r, int *got, ent_error_t *err)
{
    r->nf = 0;
    r->buflen = 0;
    *got = 0;
    if (r->p >= r->end) return ENT_OK;
    *got = 1;
    r->row_line = r->line;
    for (;;) { /* one field per iteration */
        int fline = r->line, fcol = r->col;
        const char *save = r->p;
        int scol = r->col;
        /* blanks before an opening quote are dropped */
        while (r->quote && r->p < r->end && (*r->p == ' ' || (*r->p == '\t' && r->delim != '\t')))
            adv(r);
        if (r->quote && r->p < r->end && *r->p == r->quote) {
            int qline = r->line, qcol = r->col;
            if (field_new(r, fline, fcol, 1)) goto oom;
            adv(r);
            for (;;) {
                if (r->p >= r->end)
                    return ent_error_set(err, ENT_EINPUT, r->name, qline, qcol,
                                         "unterminated quoted field (opened here); expected a closing %c",
                                         r->quote);
                char c = *r->p;
                if (c == 0) return nul_error(r, err);
                if (c == r->quote) {
                    if (r->p + 1 < r->end && r->p[1] == r->quote) {
                        if (buf_put(r, c)) goto oom;
                        adv(r);
                        adv(r);
                        continue;
                    }
                    adv(r);
                    break;
                }
                if (c == '\n' || c == '\r') {
                    if (c == '\r' && r->p + 1 < r->end && r->p[1] == '\n') {
                        if (buf_put(r, '\r')) goto oom;
                        r->p++;
                    }
                    if (buf_put(r, *r->p)) goto oom;
                    r->p++;
                    r->line++;
                    r->col = 1;
                    continue;
                }
                if (buf_put(r, c)) goto oom;
                adv(r);
            }
            while (r->p < r->end && (*r->p == ' ' || (*r->p == '\t' && r->delim != '\t'))) adv(r);
            if (r->p < r->end && *r->p != r->delim && *r->p != '\n' && *r->p != '\r') {
                if (*r->p == 0) return nul_error(r, err);
                return ent_error_set(err, ENT_EINPUT, r->name, r->line, r->col,
                                     "text after a closing quote; expected a delimiter or the end of the line");
            }
        } else {
            r->p = save;
            r->col = scol;
            if (field_new(r, fline, fcol, 0)) goto oom;
            while (r->p < r->end && *r->p != r->delim && *r->p != '\n' && *r->p != '\r') {
                if (*r->p == 0) return nul_error(r, err);
                if (buf_put(r, *r->p)) goto oom;
                adv(r);
            }
        }
        if (buf_put(r, 0)) goto oom;
        r->row_end_col = r->col;
        if (r->p < r->end && *r->p == r->delim) {
            adv(r);
            continue;
        }
        eat_eol(r);
        break;
    }
    for (size_t i = 0; i < r->nf; i++) {
        r->f[i].s = r->buf + r->off[i];
        r->f[i].len = strlen(r->f[i].s);
        /* a quoted field may hold a NUL only if the input had one, which is refused above */
    }
    return ENT_OK;
oom:
    return ent_error_set(err, ENT_ENOMEM, r->name, r->line, r->col, "out of memory reading the table");
}

int ent_i_csv_blank(const ent_i_csv_t *r)
{
    for (size_t i = 0; i < r->nf; i++) {
        if (r->f[i].quoted) return 0;
        for (size_t k = 0; k < r->f[i].len; k++)
            if (r->f[i].s[k] != ' ' && r->f[i].s[k] != '\t') return 0;
    }
    return 1;
}

void ent_i_field_trim(ent_i_field_t *f)
{
    size_t a = 0, b = f->len;
    while (a < b && (f->s[a] == ' ' || f->s[a] == '\t')) a++;
    while (b > a && (f->s[b - 1] == ' ' || f->s[b - 1] == '\t')) b--;
    if (a) {
        memmove(f->s, f->s + a, b - a);
        /* the column of the first kept character: blanks are one column each */
        f->col += (int)a;
    }
    f->len = b - a;
    f->s[f->len] = 0;
}

void ent_i_field_unquote(ent_i_field_t *f)
{
    if (f->len >= 2 && (f->s[0] == '\'' || f->s[0] == '"') && f->s[f->len - 1] == f->s[0]) {
        memmove(f->s, f->s + 1, f->len - 2);
        f->len -= 2;
        f->s[f->len] = 0;
        f->col += 1;
    }
}

int ent_i_field_empty(const ent_i_field_t *f)
{
    for (size_t k = 0; k < f->len; k++)
        if (f->s[k] != ' ' && f->s[k] != '\t') return 0;
    return 1;
}

/* ------------------------------------------------------------------ numbers */

int ent_i_num_in_range(double v, int erange)
{
    double a = fabs(v);
    return !erange && isfinite(v) && (a == 0 || (a >= ENT_I_NUM_MIN && a <= ENT_I_NUM_MAX));
}

/* Length of the decimal number at s (sign, digits, point, digits, exponent), 0 if none. */
static size_t scan_decimal(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-') i++;
    while (s[i] >= '0' && s[i] <= '9') { i++; digits++; }
    if (s[i] == '.') {
        i++;
        while (s[i] >= '0' && s[i] <= '9') { i++; digits++; }
    }
    if (!digits) return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1, ed = 0;
        if (s[j] == '+' || s[j] == '-') j++;
        while (s[j] >= '0' && s[j] <= '9') { j++; ed++; }
        if (ed) i = j;
    }
    return i;
}

ent_status_t ent_i_num(const ent_i_field_t *f, const char *name, const char *what, double *out,
                       ent_error_t *err)
{
    const char *s = f->s;
    size_t a = 0, b = f->len;
    while (a < b && (s[a] == ' ' || s[a] == '\t')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
    int col = f->col + (int)a;
    if (a == b)
        return ent_error_set(err, ENT_EINPUT, name, f->line, col, "%s is empty; expected a number",
                             what);
    char tmp[128];
    size_t n = b - a;
    if (n >= sizeof tmp)
        return ent_error_set(err, ENT_EINPUT, name, f->line, col,
                             "%s is not a number (%zu characters); expected a decimal number", what, n);
    memcpy(tmp, s + a, n);
    tmp[n] = 0;
    size_t k = scan_decimal(tmp);
    if (k != n) {
        const char *t = tmp + (tmp[0] == '+' || tmp[0] == '-');
        if (!strncasecmp(t, "nan", 3) || !strncasecmp(t, "inf", 3))
            return ent_error_set(err, ENT_EINPUT, name, f->line, col,
                                 "%s '%s' is not a finite number; expected a decimal number", what, tmp);
        return ent_error_set(err, ENT_EINPUT, name, f->line, col,
                             "%s '%s' is not a number; expected a decimal number", what, tmp);
    }
    errno = 0;
    double v = strtod(tmp, NULL);
    if (!ent_i_num_in_range(v, errno == ERANGE))
        return ent_error_set(err, ENT_EINPUT, name, f->line, col,
                             "%s '%s' is out of range; expected " ENT_I_NUM_RANGE_TEXT, what, tmp);
    *out = v;
    return ENT_OK;
}

int ent_i_int(const ent_i_field_t *f, long *out)
{
    const char *s = f->s;
    size_t a = 0, b = f->len;
    while (a < b && (s[a] == ' ' || s[a] == '\t')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
    if (a == b || b - a > 18) return -1;
    long v = 0;
    size_t i = a;
    int neg = 0;
    if (s[i] == '+' || s[i] == '-') { neg = s[i] == '-'; i++; }
    if (i == b) return -1;
    for (; i < b; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

/* ------------------------------------------------------------------ UTF-8 */

size_t ent_i_utf8_bad(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t n;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return i;
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return (size_t)-1;
}

ent_status_t ent_i_utf8_check(const ent_i_field_t *f, const char *name, const char *what,
                              ent_error_t *err)
{
    size_t bad = ent_i_utf8_bad(f->s, f->len);
    if (bad == (size_t)-1) return ENT_OK;
    int col = f->col;
    for (size_t k = 0; k < bad; k++)
        if (((unsigned char)f->s[k] & 0xC0) != 0x80) col++;
    return ent_error_set(err, ENT_EINPUT, name, f->line, col,
                         "%s is not valid UTF-8 (byte 0x%02X); expected UTF-8 text", what,
                         (unsigned char)f->s[bad]);
}

/* ------------------------------------------------------------------ ids */

static int id_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

static int alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char *ent_i_make_id(const char *display, const char *fallback, ent_i_idmap_t *taken)
{
    size_t n = strlen(display);
    char *base = malloc(n + 1);
    if (!base) return NULL;
    size_t k = 0;
    int utf8 = ent_i_utf8_bad(display, n) == (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)display[i];
        if (id_char(c) || (utf8 && c >= 0x80)) base[k++] = (char)c;
        else if (k && base[k - 1] != '_') base[k++] = '_';
    }
    base[k] = 0;
    size_t a = 0;
    while (base[a] && !alnum((unsigned char)base[a])) a++;
    while (k > a && base[k - 1] == '_') k--;
    base[k] = 0;
    if (a == k) {
        free(base);
        base = strdup(fallback);
        if (!base) return NULL;
        a = 0;
        k = strlen(base);
    }
    char *id = malloc(k - a + 24);
    if (!id) { free(base); return NULL; }
    memcpy(id, base + a, k - a);
    id[k - a] = 0;
    free(base);
    size_t stem = k - a;
    for (unsigned long suffix = 2; ent_i_idmap_get(taken, id) >= 0; suffix++)
        snprintf(id + stem, 24, "_%lu", suffix);
    if (ent_i_idmap_put(taken, id, taken->n, NULL) != 0) {
        free(id);
        return NULL;
    }
    return id;
}

/* ------------------------------------------------------------------ report */

void ent_i_report(ent_scenario_t *s, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof line) n = (int)sizeof line - 1;
    size_t old = s->load_report ? strlen(s->load_report) : 0;
    char *r = realloc(s->load_report, old + (size_t)n + 1);
    if (!r) return;
    memcpy(r + old, line, (size_t)n + 1);
    s->load_report = r;
}

void ent_i_csv_trim_fields(ent_i_csv_t *r)
{
    for (size_t i = 0; i < r->nf; i++) ent_i_field_trim(&r->f[i]);
}

void ent_i_csv_drop_empty_tail(ent_i_csv_t *r, size_t keep)
{
    while (r->nf > keep && ent_i_field_empty(&r->f[r->nf - 1])) r->nf--;
}

ent_status_t ent_i_csv_extra_field(const ent_i_csv_t *r, size_t ncols, ent_error_t *err)
{
    return ent_error_set(err, ENT_EINPUT, r->name, r->f[ncols].line, r->f[ncols].col,
                         "extra field '%.40s'; expected %zu fields as in the header",
                         r->f[ncols].s, ncols);
}

void *ent_i_grow(void *arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return arr;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(arr, c * size);
    if (p) *cap = c;
    return p;
}

/* ------------------------------------------------------------------ scenario */

char *ent_i_strdup(const char *s) { return s ? strdup(s) : NULL; }

char *ent_i_basename(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *r = malloc(n + 1);
    if (!r) return NULL;
    memcpy(r, b, n);
    r[n] = 0;
    return r;
}

ent_status_t ent_i_issue_dims(ent_issue_t *is, size_t ndim)
{
    free(is->lo);
    free(is->hi);
    if (is->dim_names)
        for (size_t d = 0; d < is->ndim; d++) free(is->dim_names[d]);
    free(is->dim_names);
    is->ndim = ndim;
    is->lo = malloc(ndim * sizeof(double));
    is->hi = malloc(ndim * sizeof(double));
    is->dim_names = calloc(ndim, sizeof(char *));
    if (!is->lo || !is->hi || !is->dim_names) return ENT_ENOMEM;
    for (size_t d = 0; d < ndim; d++) {
        is->lo[d] = 0;
        is->hi[d] = 100;
    }
    return ENT_OK;
}

ent_status_t ent_i_scenario_alloc(ent_scenario_t *s, size_t nactors, size_t nissues,
                                  const char *name, ent_error_t *err)
{
    if (nactors > ENT_MAX_ACTORS)
        return ent_error_set(err, ENT_ELIMIT, name, 0, 0,
                             "%zu actors; the limit is %d actors", nactors, ENT_MAX_ACTORS);
    if (nissues > ENT_MAX_ISSUES)
        return ent_error_set(err, ENT_ELIMIT, name, 0, 0,
                             "%zu issues; the limit is %d issues", nissues, ENT_MAX_ISSUES);
    if (nissues && nactors > (size_t)ENT_MAX_CELLS / nissues)
        return ent_error_set(err, ENT_ELIMIT, name, 0, 0,
                             "%zu actors x %zu issues; the limit is %d cells", nactors, nissues,
                             ENT_MAX_CELLS);
    s->actors = calloc(nactors ? nactors : 1, sizeof *s->actors);
    s->issues = calloc(nissues ? nissues : 1, sizeof *s->issues);
    size_t ncells = nactors * nissues;
    s->pos = calloc(ncells ? ncells : 1, sizeof *s->pos);
    if (!s->actors || !s->issues || !s->pos) goto oom;
    s->nactors = nactors;
    s->nissues = nissues;
    for (size_t i = 0; i < nactors * nissues; i++) s->pos[i].capability = NAN;
    for (size_t i = 0; i < nissues; i++)
        if (ent_i_issue_dims(&s->issues[i], 1) != ENT_OK) goto oom;
    return ENT_OK;
oom:
    return ent_error_set(err, ENT_ENOMEM, name, 0, 0, "out of memory allocating the scenario");
}

ent_status_t ent_i_pos_set(ent_scenario_t *s, size_t a, size_t i, const double *x,
                           const double *sal, int line, int col)
{
    ent_position_t *p = ent_scenario_pos_mut(s, a, i);
    size_t nd = s->issues[i].ndim;
    free(p->x);
    free(p->sal);
    p->x = malloc(nd * sizeof(double));
    p->sal = malloc(nd * sizeof(double));
    if (!p->x || !p->sal) return ENT_ENOMEM;
    memcpy(p->x, x, nd * sizeof(double));
    memcpy(p->sal, sal, nd * sizeof(double));
    p->present = 1;
    p->loc.line = line;
    p->loc.col = col;
    return ENT_OK;
}

ent_status_t ent_i_import_finish(ent_scenario_t *s, const char *name, ent_error_t *err)
{
    return ent_scenario_validate(s, name, err);
}
