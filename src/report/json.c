/* SPDX-License-Identifier: MIT */
/* json.c — a small streaming JSON writer (entente/report.h). Nesting is tracked in a fixed
 * array of ENT_JSON_MAX_DEPTH + 1 levels; going deeper, or closing more than was opened,
 * puts the writer in a sticky error state (overflow / misuse) in which every call writes
 * nothing, and ent_json_status() reports it (ENT_ELIMIT / ENT_EINTERNAL), as it reports an
 * out-of-memory buffer (ENT_ENOMEM). O(1) per call plus the text written. */
#include "entente/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void ent_json_init(ent_json_t *j, ent_buf_t *out)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->first[0] = 1;
    j->prec = 17;
}

/* 1 when the writer is in an error state and must write nothing. */
static int dead(const ent_json_t *j) { return j->overflow || j->misuse; }

ent_status_t ent_json_status(const ent_json_t *j)
{
    if (j->overflow) return ENT_ELIMIT;
    if (j->misuse) return ENT_EINTERNAL;
    if (j->out && j->out->oom) return ENT_ENOMEM;
    return ENT_OK;
}

static void indent(ent_json_t *j)
{
    ent_buf_puts(j->out, "\n");
    for (int i = 0; i < j->depth; i++) ent_buf_puts(j->out, "  ");
}

static void before_value(ent_json_t *j)
{
    if (j->after_key) { j->after_key = 0; return; }
    if (j->depth == 0) return;
    if (!j->first[j->depth]) ent_buf_puts(j->out, ",");
    j->first[j->depth] = 0;
    indent(j);
}

static void open(ent_json_t *j, const char *c)
{
    if (dead(j)) return;
    if (j->depth >= ENT_JSON_MAX_DEPTH) { j->overflow = 1; return; }
    before_value(j);
    ent_buf_puts(j->out, c);
    j->depth++;
    j->first[j->depth] = 1;
}

static void close_(ent_json_t *j, const char *c)
{
    if (dead(j)) return;
    if (j->depth == 0) { j->misuse = 1; return; }
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty) indent(j);
    ent_buf_puts(j->out, c);
    if (j->depth == 0) ent_buf_puts(j->out, "\n");
}

void ent_json_obj_begin(ent_json_t *j) { open(j, "{"); }
void ent_json_obj_end(ent_json_t *j) { close_(j, "}"); }
void ent_json_arr_begin(ent_json_t *j) { open(j, "["); }
void ent_json_arr_end(ent_json_t *j) { close_(j, "]"); }

void ent_json_escape(ent_buf_t *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': ent_buf_puts(b, "\\\""); break;
        case '\\': ent_buf_puts(b, "\\\\"); break;
        case '\n': ent_buf_puts(b, "\\n"); break;
        case '\r': ent_buf_puts(b, "\\r"); break;
        case '\t': ent_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20) ent_buf_printf(b, "\\u%04x", *p);
            else ent_buf_append(b, (const char *)p, 1);
        }
    }
}

void ent_json_key(ent_json_t *j, const char *key)
{
    if (dead(j)) return;
    before_value(j);
    ent_buf_puts(j->out, "\"");
    ent_json_escape(j->out, key);
    ent_buf_puts(j->out, "\": ");
    j->after_key = 1;
}

void ent_json_str(ent_json_t *j, const char *s)
{
    if (dead(j)) return;
    if (!s) { ent_json_null(j); return; }
    before_value(j);
    ent_buf_puts(j->out, "\"");
    ent_json_escape(j->out, s);
    ent_buf_puts(j->out, "\"");
}

void ent_json_num(ent_json_t *j, double v)
{
    if (dead(j)) return;
    if (!isfinite(v)) { ent_json_null(j); return; }
    before_value(j);
    if (v == 0) v = 0; /* no "-0" */
    if (v == floor(v) && fabs(v) < 1e15) ent_buf_printf(j->out, "%.0f", v);
    else ent_buf_printf(j->out, "%.*g", j->prec, v);
}

void ent_json_int(ent_json_t *j, long long v)
{
    if (dead(j)) return;
    before_value(j);
    ent_buf_printf(j->out, "%lld", v);
}

void ent_json_bool(ent_json_t *j, int v)
{
    if (dead(j)) return;
    before_value(j);
    ent_buf_puts(j->out, v ? "true" : "false");
}

void ent_json_null(ent_json_t *j)
{
    if (dead(j)) return;
    before_value(j);
    ent_buf_puts(j->out, "null");
}
