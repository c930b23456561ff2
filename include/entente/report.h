/* entente/report.h — the rendering layer: a JSON writer, a text/CSV table, and one
 * renderer per result and format (ent_report_<result>(..., ent_output_t, ent_buf_t *)).
 * Engines never render; they return the result structs of their headers.
 *
 * Ownership: a table owns copies of every cell; renderers append to a caller's buffer
 * (entente/core.h). Floats are printed with a fixed precision chosen by the caller, never %g
 * of full precision, so golden files are stable.
 */
#ifndef ENTENTE_REPORT_H
#define ENTENTE_REPORT_H

#include "entente/core.h"
#include "entente/scenario.h"
#include "entente/game.h"
#include "entente/forecast.h"
#include "entente/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- JSON writer ----
 * Writes compact-but-readable JSON (two-space indentation) into a buffer. The writer
 * tracks nesting and inserts commas. Numbers: ent_json_num prints with %.*g at `prec`
 * significant digits (default 17 → round-trips doubles); NaN/Inf are written as null.
 * Errors are sticky: nesting deeper than ENT_JSON_MAX_DEPTH sets `overflow`, closing more than
 * was opened sets `misuse`; from then on every call writes nothing. A renderer ends with
 * `return ent_json_status(&j);`: ENT_ELIMIT (overflow), ENT_EINTERNAL (misuse), ENT_ENOMEM
 * (the buffer ran out of memory) or ENT_OK. */
#define ENT_JSON_MAX_DEPTH 63
typedef struct {
    ent_buf_t *out;
    int depth;
    int first[ENT_JSON_MAX_DEPTH + 1];   /* per depth: no element written yet */
    int after_key;
    int prec;
    int overflow;    /* nesting went past ENT_JSON_MAX_DEPTH */
    int misuse;      /* a close without an open */
} ent_json_t;

ENT_API void ent_json_init(ent_json_t *j, ent_buf_t *out);
ENT_API void ent_json_obj_begin(ent_json_t *j);
ENT_API void ent_json_obj_end(ent_json_t *j);
ENT_API void ent_json_arr_begin(ent_json_t *j);
ENT_API void ent_json_arr_end(ent_json_t *j);
ENT_API void ent_json_key(ent_json_t *j, const char *key);
ENT_API void ent_json_str(ent_json_t *j, const char *s);   /* NULL → null */
ENT_API void ent_json_num(ent_json_t *j, double v);
ENT_API void ent_json_int(ent_json_t *j, long long v);
ENT_API void ent_json_bool(ent_json_t *j, int v);
ENT_API void ent_json_null(ent_json_t *j);
/* Append JSON-escaped `s` (without quotes) to b. */
ENT_API void ent_json_escape(ent_buf_t *b, const char *s);
/* The writer's state: ENT_OK, ENT_ELIMIT, ENT_EINTERNAL or ENT_ENOMEM (see above). */
ENT_API ent_status_t ent_json_status(const ent_json_t *j);

/* ---- tables ----
 * Build row by row, then render as aligned text (numbers right-aligned) or CSV (RFC 4180
 * quoting). Column widths count UTF-8 code points, not bytes. */
typedef struct ent_table ent_table_t;

ENT_API ent_table_t *ent_table_new(size_t ncols, const char *const *headers);
ENT_API void ent_table_free(ent_table_t *t);            /* NULL is a no-op */
/* Start a new row; then set cells 0..ncols-1 (unset cells print empty). */
ENT_API void ent_table_row(ent_table_t *t);
ENT_API void ent_table_set(ent_table_t *t, size_t col, const char *text);
ENT_API void ent_table_setf(ent_table_t *t, size_t col, const char *fmt, ...) ENT_PRINTF(3, 4);
/* Number at fixed decimals; NaN prints as "-" in text and empty in CSV. */
ENT_API void ent_table_num(ent_table_t *t, size_t col, double v, int decimals);
ENT_API void ent_table_render_text(const ent_table_t *t, ent_buf_t *out);
ENT_API void ent_table_render_csv(const ent_table_t *t, ent_buf_t *out);
ENT_API size_t ent_table_nrows(const ent_table_t *t);

/* ==== renderers ====
 * One renderer per result and output format: ent_report_<result>(..., ent_output_t,
 * ent_buf_t *out) appends the rendering to `out` and returns ENT_OK, or ENT_ENOMEM when the
 * buffer ran out of memory. Renderers never compute a model; they read result structs. */

/* ---- renderers: analyses (guarantee, proposals, sequence, analyze) ---- */

/* ---- renderers: rules and power (rule, power, info) ---- */

/* ---- renderers: forecasts and validation ---- */

#ifdef __cplusplus
}
#endif
#endif
