/* SPDX-License-Identifier: MIT */
/* entente/core.h — status codes, the error record, export macro and version.
 *
 * One error style for the whole library (see docs/api.md):
 *   - every fallible function returns ent_status_t (ENT_OK == 0);
 *   - it takes an `ent_error_t *err` (may be NULL) that receives a message;
 *     for bad input the message carries `file:line:col`;
 *   - the library never prints and never calls exit().
 * The status of the call is kept apart from the outcome of a model: "the talks did
 * not converge" is a field of a result struct, never an error.
 */
#ifndef ENTENTE_CORE_H
#define ENTENTE_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ENT_API __attribute__((visibility("default")))
#define ENT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ENT_API
#define ENT_PRINTF(a, b)
#endif

#define ENT_VERSION_MAJOR 0
#define ENT_VERSION_MINOR 1
#define ENT_VERSION_PATCH 0
#define ENT_VERSION "0.1.0"
/* One number for comparisons: MAJOR * 10000 + MINOR * 100 + PATCH (as SQLite does). */
#define ENT_VERSION_NUMBER (ENT_VERSION_MAJOR * 10000 + ENT_VERSION_MINOR * 100 + ENT_VERSION_PATCH)

/* Status of a call. The CLI maps these to exit codes (docs/cli.md):
 * ENT_OK → 0, ENT_EINPUT → 3, ENT_ELIMIT → 4, ENT_EINVAL → 2 (usage),
 * ENT_ENOMEM, ENT_EIO, ENT_EINTERNAL → 1, ENT_EINTR → 130 (as a shell reports SIGINT). */
typedef enum {
    ENT_OK = 0,
    ENT_EINPUT,    /* malformed or rejected input (file, rule text, data) */
    ENT_EINVAL,    /* bad argument / option from the caller */
    ENT_ELIMIT,    /* refused: exceeds a documented size or resource limit */
    ENT_ENOMEM,    /* out of memory */
    ENT_EIO,       /* file could not be opened, read or written */
    ENT_EINTERNAL, /* a bug: an invariant did not hold */
    ENT_EINTR      /* interrupted: the progress callback asked the call to stop */
} ent_status_t;

/* The error record. Zero-initialise it (ent_error_t e = {0};) or call
 * ent_error_clear(). `file` may be empty and line/col 0 when not applicable. */
typedef struct {
    ent_status_t status;
    char file[256];
    int line;        /* 1-based; 0 = unknown */
    int col;         /* 1-based; 0 = unknown */
    char msg[768];   /* "what is wrong; what was expected" */
} ent_error_t;

ENT_API void ent_error_clear(ent_error_t *err);
/* Record an error and return `status`, so callers can write
 *   return ent_error_set(err, ENT_EINPUT, file, line, col, "...", ...);
 * `err` may be NULL. A second set on an error that already holds one keeps the first. */
ENT_API ent_status_t ent_error_set(ent_error_t *err, ent_status_t status, const char *file,
                                   int line, int col, const char *fmt, ...) ENT_PRINTF(6, 7);
ENT_API ent_status_t ent_error_vset(ent_error_t *err, ent_status_t status, const char *file,
                                    int line, int col, const char *fmt, va_list ap);
/* Write "file:line:col: msg" (parts that are unknown are left out) into buf. */
ENT_API void ent_error_format(const ent_error_t *err, char *buf, size_t n);
/* Short name of a status ("bad input", "out of memory", ...). Never NULL. */
ENT_API const char *ent_status_name(ent_status_t st);
ENT_API const char *ent_version(void);

/* The version of the library linked at run time (may differ from the header's). */
ENT_API int ent_version_number(void);

/* Free memory that the library allocated and handed to the caller (ent_buf_take,
 * ent_game_describe, ent_scenario_emit, ...). NULL is a no-op. Bindings call this instead
 * of reaching for the C library's free(). */
ENT_API void ent_free(void *p);

/* ---- output formats ----
 * Every renderer (entente/report.h) and emitter takes one of these instead of a flag.
 * (Input formats are ent_format_t, entente/scenario.h.) */
typedef enum {
    ENT_OUTPUT_TEXT = 0,   /* aligned tables and sentences for a reader */
    ENT_OUTPUT_JSON,       /* one JSON document */
    ENT_OUTPUT_CSV         /* RFC 4180 tables */
} ent_output_t;

/* ---- progress and interruption ----
 * Every long-running call takes an ent_progress_t in its options struct (field
 * `progress`; all-zero = no callback). The library calls `fn` from the calling thread
 * every so often with `done` out of `total` units of work (total 0 = unknown) and a short
 * phase name. When `fn` returns non-zero the call stops at the next safe point and returns
 * ENT_EINTR (its results are destroyed, never partial). The callback must not call back
 * into the library with the same objects. */
typedef int (*ent_progress_fn)(void *user, const char *phase, double done, double total);
typedef struct {
    ent_progress_fn fn;   /* NULL = no progress reporting, never interrupted */
    void *user;           /* passed back to fn */
} ent_progress_t;
/* Call p->fn if set; returns non-zero when the caller asked to stop. */
ENT_API int ent_progress_tick(const ent_progress_t *p, const char *phase, double done,
                              double total);

/* ---- growable string ----
 * The library's one output channel for text: engines that describe (rule text, traces,
 * scenario emission) and every renderer append to an ent_buf_t. OOM is sticky: a failed
 * allocation sets `oom`, later appends do nothing, and the call that owns the buffer
 * turns it into ENT_ENOMEM. Ownership: the buffer owns `data` (free with ent_buf_free). */
typedef struct {
    char *data;   /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
    int oom;      /* set when an allocation failed; later appends do nothing */
} ent_buf_t;

#define ENT_BUF_INIT {NULL, 0, 0, 0}
ENT_API void ent_buf_free(ent_buf_t *b);
ENT_API void ent_buf_reset(ent_buf_t *b);          /* len = 0, keeps memory */
ENT_API void ent_buf_append(ent_buf_t *b, const char *s, size_t n);
ENT_API void ent_buf_puts(ent_buf_t *b, const char *s);
ENT_API void ent_buf_printf(ent_buf_t *b, const char *fmt, ...) ENT_PRINTF(2, 3);
/* Take the string out (caller frees with ent_free); the buffer is left empty. Returns a
 * "" copy if empty, NULL if the buffer hit out-of-memory (the partial text is freed). */
ENT_API char *ent_buf_take(ent_buf_t *b);


#ifdef __cplusplus
}
#endif
#endif
