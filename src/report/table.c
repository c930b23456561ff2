/* SPDX-License-Identifier: MIT */
/* table.c — text and CSV tables (entente/report.h).
 * Cells are stored as strings; a cell is right-aligned in text output when it parses as
 * a number. Widths count UTF-8 code points. Rendering is O(rows × cols). */
#include "entente/report.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ent_table {
    size_t ncols;
    char **headers;
    size_t nrows, caprows;
    char **cells; /* nrows * ncols */
};

static char *dup(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

ent_table_t *ent_table_new(size_t ncols, const char *const *headers)
{
    ent_table_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->ncols = ncols;
    t->headers = calloc(ncols ? ncols : 1, sizeof(char *));
    if (!t->headers) { free(t); return NULL; }
    for (size_t c = 0; c < ncols; c++) t->headers[c] = dup(headers[c] ? headers[c] : "");
    return t;
}

void ent_table_free(ent_table_t *t)
{
    if (!t) return;
    for (size_t c = 0; c < t->ncols; c++) free(t->headers[c]);
    free(t->headers);
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t);
}

size_t ent_table_nrows(const ent_table_t *t) { return t->nrows; }

void ent_table_row(ent_table_t *t)
{
    if (t->nrows == t->caprows) {
        size_t cap = t->caprows ? 2 * t->caprows : 16;
        char **p = realloc(t->cells, cap * t->ncols * sizeof(char *));
        if (!p) return;
        t->cells = p;
        t->caprows = cap;
    }
    for (size_t c = 0; c < t->ncols; c++) t->cells[t->nrows * t->ncols + c] = NULL;
    t->nrows++;
}

void ent_table_set(ent_table_t *t, size_t col, const char *text)
{
    if (t->nrows == 0 || col >= t->ncols) return;
    char **cell = &t->cells[(t->nrows - 1) * t->ncols + col];
    free(*cell);
    *cell = dup(text ? text : "");
}

void ent_table_setf(ent_table_t *t, size_t col, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ent_table_set(t, col, buf);
}

void ent_table_num(ent_table_t *t, size_t col, double v, int decimals)
{
    if (isnan(v)) { ent_table_set(t, col, ""); return; }
    if (v == 0) v = 0;
    ent_table_setf(t, col, "%.*f", decimals, v);
}

static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) w++;
    return w;
}

static int numeric(const char *s)
{
    if (!*s) return 0;
    char *end;
    strtod(s, &end);
    while (*end == '%' || *end == ' ') end++;
    return *end == 0 && !isalpha((unsigned char)s[0]);
}

static void pad(ent_buf_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) ent_buf_append(out, " ", 1);
}

void ent_table_render_text(const ent_table_t *t, ent_buf_t *out)
{
    size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);
    if (!w) { out->oom = 1; return; }
    for (size_t c = 0; c < t->ncols; c++) w[c] = width(t->headers[c]);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (s && width(s) > w[c]) w[c] = width(s);
        }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            for (size_t c = 0; c < t->ncols; c++) {
                for (size_t i = 0; i < w[c]; i++) ent_buf_puts(out, "-");
                if (c + 1 < t->ncols) ent_buf_puts(out, "  ");
            }
            ent_buf_puts(out, "\n");
        }
        for (size_t r = 0; r < (pass == 0 ? 1 : t->nrows); r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                const char *s = pass == 0 ? t->headers[c] : t->cells[r * t->ncols + c];
                if (!s) s = "";
                size_t sw = width(s);
                int right = pass == 1 && numeric(s);
                int last = c + 1 == t->ncols;
                if (right) pad(out, w[c] - sw);
                ent_buf_puts(out, s);
                if (!right && !last) pad(out, w[c] - sw);
                if (!last) ent_buf_puts(out, "  ");
            }
            ent_buf_puts(out, "\n");
        }
    }
    free(w);
}

static void csv_cell(ent_buf_t *out, const char *s)
{
    if (!s) return;
    if (strpbrk(s, ",\"\r\n") == NULL) { ent_buf_puts(out, s); return; }
    ent_buf_puts(out, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"') ent_buf_puts(out, "\"\"");
        else ent_buf_append(out, p, 1);
    }
    ent_buf_puts(out, "\"");
}

void ent_table_render_csv(const ent_table_t *t, ent_buf_t *out)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (c) ent_buf_puts(out, ",");
        csv_cell(out, t->headers[c]);
    }
    ent_buf_puts(out, "\n");
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c) ent_buf_puts(out, ",");
            csv_cell(out, t->cells[r * t->ncols + c]);
        }
        ent_buf_puts(out, "\n");
    }
}
