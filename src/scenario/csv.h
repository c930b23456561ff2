/* SPDX-License-Identifier: MIT */
/* csv.h — internal delimited-text tokenizer and shared helpers of the table importers
 * (import_eu.c, import_ktab.c, import_decide.c, import_deu.c).
 *
 * Tokenizer: RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) with the delimiter chosen by
 * the caller (',', TAB or ';'). A field that starts with the quote character (after optional
 * blanks) is quoted: a doubled quote is a literal quote, delimiters and line ends inside are
 * data. Lines end with LF, CRLF or a lone CR. A UTF-8 byte-order mark at the start is
 * skipped. Every field carries the 1-based line and column (in UTF-8 code points) of its
 * first character, so importers can report `file:line:col`.
 * Errors: NUL byte (binary data), unterminated quoted field, text after a closing quote.
 * Complexity: O(n) time in the input size; memory O(longest row). Lines of any length work.
 * Deviation from RFC 4180: blanks before an opening quote and after a closing quote are
 * allowed and dropped (KTAB files write `, "text"`).
 *
 * Helpers: strict number parsing (finite decimal numbers only: no NaN/Inf/hex), id
 * derivation from display names (ids are hashed with scenario/idmap.h, so there are no
 * O(n^2) duplicate checks)
 * names, UTF-8 validation, the importer report (ent_scenario_t.load_report) and scenario
 * allocation. All internal (ent_i_ prefix).
 */
#ifndef ENT_I_CSV_H
#define ENT_I_CSV_H

#include "entente/scenario.h"
#include "scenario/idmap.h"

#include <stddef.h>

typedef struct {
    char *s;      /* NUL-terminated, unquoted text (points into the reader's buffer) */
    size_t len;   /* bytes, without the NUL */
    int line;     /* 1-based line of the first character */
    int col;      /* 1-based column (code points) of the first character */
    int quoted;
} ent_i_field_t;

typedef struct {
    const char *name;          /* file name for messages */
    const char *p, *end;       /* cursor and end of the input */
    char delim;
    char quote;                /* 0: no quoting */
    int line, col;             /* position of the cursor */
    char *buf;                 /* field texts of the current row */
    size_t buflen, bufcap;
    size_t *off;               /* offsets of the fields' texts in buf */
    ent_i_field_t *f;          /* fields of the current row */
    size_t nf, fcap;
    int row_line;              /* line where the current row starts */
    int row_end_col;           /* column just past the last character of the row */
} ent_i_csv_t;

/* Start reading data[0..len) (a BOM is skipped). */
void ent_i_csv_init(ent_i_csv_t *r, const char *name, const char *data, size_t len, char delim,
                    char quote);
void ent_i_csv_free(ent_i_csv_t *r);
/* Read the next row into r->f[0..nf). *got = 0 at the end of the input (then nf = 0).
 * An empty line is a row with one empty field. */
ent_status_t ent_i_csv_row(ent_i_csv_t *r, int *got /* OUT */, ent_error_t *err);
/* 1 when the current row holds nothing but blanks (an empty or whitespace-only line). */
int ent_i_csv_blank(const ent_i_csv_t *r);
/* Trim every field of the current row (ent_i_field_trim). */
void ent_i_csv_trim_fields(ent_i_csv_t *r);
/* Drop empty trailing fields of the current row while it has more than `keep` fields
 * (a trailing delimiter, or a spreadsheet's empty columns). */
void ent_i_csv_drop_empty_tail(ent_i_csv_t *r, size_t keep);
/* The error for a row with fields beyond the header's ncols (r->nf > ncols): "extra field
 * '...'; expected ncols fields as in the header" at the first extra field. */
ent_status_t ent_i_csv_extra_field(const ent_i_csv_t *r, size_t ncols, ent_error_t *err);
/* Make room for element n of a growable array of *cap elements of `size` bytes (doubling,
 * from 64). Returns the (possibly moved) array, or NULL on OOM (the old one is kept). */
void *ent_i_grow(void *arr, size_t *cap, size_t n, size_t size);

/* Trim ASCII blanks (space, TAB) at both ends of a field, in place. */
void ent_i_field_trim(ent_i_field_t *f);
/* Drop matching surrounding ' or " quotes of a (trimmed) field, in place. */
void ent_i_field_unquote(ent_i_field_t *f);

/* Parse a finite decimal number (blanks around it are ignored). `what` names the value in
 * messages ("capability of actor 'X'"). Empty, non-numeric, NaN, Inf → ENT_EINPUT. */
ent_status_t ent_i_num(const ent_i_field_t *f, const char *name, const char *what,
                       double *out /* OUT */, ent_error_t *err);
/* 1 when the field is empty or blank (a missing value). */
int ent_i_field_empty(const ent_i_field_t *f);
/* Parse a decimal integer (blanks ignored); returns 0 on success, -1 otherwise. */
int ent_i_int(const ent_i_field_t *f, long *out /* OUT */);

/* Offset of the first byte that is not valid UTF-8 (overlong forms, surrogates and code
 * points above U+10FFFF are invalid), or (size_t)-1 when the text is valid. */
size_t ent_i_utf8_bad(const char *s, size_t len);
/* Check a field holds valid UTF-8; `what` names it in the message. */
ent_status_t ent_i_utf8_check(const ent_i_field_t *f, const char *name, const char *what,
                              ent_error_t *err);

/* Derive a valid, unique scenario id from a display name: characters other than ASCII
 * letters, digits, '_', '-', '.' and UTF-8 sequences (which ids allow, docs/format.md)
 * become '_' (runs collapsed), leading '_', '-', '.' and trailing '_' are dropped; an empty result becomes `fallback`; a taken id gets a suffix
 * _2, _3, ... The result (malloc'd) is added to `taken` (which borrows it). NULL on OOM. */
char *ent_i_make_id(const char *display, const char *fallback, ent_i_idmap_t *taken);

/* Append a line to s->load_report (a note for the user; dropped silently on OOM). */
void ent_i_report(ent_scenario_t *s, const char *fmt, ...) ENT_PRINTF(2, 3);

/* Allocate nactors actors, nissues issues (ndim 1, scale 0..100, no status quo) and the
 * dense position table (nothing present; capability overrides NaN). */
ent_status_t ent_i_scenario_alloc(ent_scenario_t *s, size_t nactors, size_t nissues,
                                  const char *name, ent_error_t *err);
/* Re-shape issue i to ndim dimensions (scale 0..100, dimension names NULL). */
ent_status_t ent_i_issue_dims(ent_issue_t *is, size_t ndim);
/* Make position (a, i) present with ndim coordinates and saliences (copied). */
ent_status_t ent_i_pos_set(ent_scenario_t *s, size_t a, size_t i, const double *x,
                           const double *sal, int line, int col);
/* strdup of a field (NULL on OOM). */
char *ent_i_strdup(const char *s);
/* Base name of a path without directories and extension (malloc'd). */
char *ent_i_basename(const char *path);
/* Column role of an expected-utility table header (case-insensitive, blanks ignored):
 * 0 actor, 1 capability, 2 position, 3 salience, 4 notes; -1 for anything else.
 * Defined in import_eu.c; detect.c uses it too. */
int ent_i_eu_role(const char *header);
/* Last step of every importer: ent_scenario_validate(). */
ent_status_t ent_i_import_finish(ent_scenario_t *s, const char *name, ent_error_t *err);

#endif
