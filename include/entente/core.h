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

#define ENT_VERSION "0.1.0"

/* Status of a call. The CLI maps these to exit codes (docs/cli.md):
 * ENT_OK → 0, ENT_EINPUT → 3, ENT_ELIMIT → 4, ENT_EINVAL → 2 (usage),
 * ENT_ENOMEM, ENT_EIO, ENT_EINTERNAL → 1. */
typedef enum {
    ENT_OK = 0,
    ENT_EINPUT,    /* malformed or rejected input (file, rule text, data) */
    ENT_EINVAL,    /* bad argument / option from the caller */
    ENT_ELIMIT,    /* refused: exceeds a documented size or resource limit */
    ENT_ENOMEM,    /* out of memory */
    ENT_EIO,       /* file could not be opened, read or written */
    ENT_EINTERNAL  /* a bug: an invariant did not hold */
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

#ifdef __cplusplus
}
#endif
#endif
