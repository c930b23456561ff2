/* SPDX-License-Identifier: MIT */
/* buf.c — growable NUL-terminated string buffer (entente/core.h). Doubling growth;
 * out-of-memory is sticky (the `oom` flag) and ent_buf_take reports it by returning NULL. */
#include "entente/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ent_buf_free(ent_buf_t *b)
{
    if (!b) return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void ent_buf_reset(ent_buf_t *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

static int reserve(ent_buf_t *b, size_t extra)
{
    if (b->oom) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = 1; return 0; }
    b->data = p;
    b->cap = cap;
    return 1;
}

void ent_buf_append(ent_buf_t *b, const char *s, size_t n)
{
    if (!reserve(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void ent_buf_puts(ent_buf_t *b, const char *s) { ent_buf_append(b, s, strlen(s)); }

void ent_buf_printf(ent_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) { ent_buf_append(b, small, (size_t)n); return; }
    if (!reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *ent_buf_take(ent_buf_t *b)
{
    if (b->oom) { ent_buf_free(b); return NULL; }
    char *p = b->data;
    if (!p) p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void ent_free(void *p) { free(p); }
