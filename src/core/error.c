/* SPDX-License-Identifier: MIT */
/* error.c — the error record shared by every module (see entente/core.h). */
#include "entente/core.h"

#include <stdio.h>
#include <string.h>

void ent_error_clear(ent_error_t *err)
{
    if (err) memset(err, 0, sizeof *err);
}

ent_status_t ent_error_vset(ent_error_t *err, ent_status_t status, const char *file,
                            int line, int col, const char *fmt, va_list ap)
{
    if (!err || err->status != ENT_OK) return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return status;
}

ent_status_t ent_error_set(ent_error_t *err, ent_status_t status, const char *file,
                           int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ent_error_vset(err, status, file, line, col, fmt, ap);
    va_end(ap);
    return status;
}

void ent_error_format(const ent_error_t *err, char *buf, size_t n)
{
    if (!buf || n == 0) return;
    if (!err) { buf[0] = 0; return; }
    if (err->file[0] && err->line > 0 && err->col > 0)
        snprintf(buf, n, "%s:%d:%d: %s", err->file, err->line, err->col, err->msg);
    else if (err->file[0] && err->line > 0)
        snprintf(buf, n, "%s:%d: %s", err->file, err->line, err->msg);
    else if (err->file[0])
        snprintf(buf, n, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, n, "%s", err->msg);
}

const char *ent_status_name(ent_status_t st)
{
    switch (st) {
    case ENT_OK: return "ok";
    case ENT_EINPUT: return "bad input";
    case ENT_EINVAL: return "invalid argument";
    case ENT_ELIMIT: return "limit exceeded";
    case ENT_ENOMEM: return "out of memory";
    case ENT_EIO: return "i/o error";
    case ENT_EINTERNAL: return "internal error";
    case ENT_EINTR: return "interrupted";
    }
    return "unknown status";
}

const char *ent_version(void) { return ENT_VERSION; }

int ent_version_number(void) { return ENT_VERSION_NUMBER; }

int ent_progress_tick(const ent_progress_t *p, const char *phase, double done, double total)
{
    if (!p || !p->fn) return 0;
    return p->fn(p->user, phase ? phase : "", done, total) != 0;
}
