/* SPDX-License-Identifier: MIT */
/* loaders.h — internal interface between load.c (detection and dispatch), the importer
 * registry (formats.c), the content detectors (detect.c) and the parsers.
 * Each parser fills an initialised, empty scenario from memory; `name` is the file name used
 * in messages; on error it returns the status with err set (file:line:col) and the caller
 * destroys the partial scenario. Parsers call ent_scenario_validate() before returning OK.
 * Adding an importer: docs/howto/add-an-importer.md. */
#ifndef ENT_I_LOADERS_H
#define ENT_I_LOADERS_H

#include "entente/scenario.h"

/* ---- parsers ---- */
ent_status_t ent_i_load_yaml(ent_scenario_t *s, const char *name, const char *data, size_t len,
                             ent_error_t *err);
ent_status_t ent_i_import_eu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                             const ent_load_opts_t *o, ent_error_t *err);
ent_status_t ent_i_import_ktab(ent_scenario_t *s, const char *name, const char *data, size_t len,
                               const ent_load_opts_t *o, ent_error_t *err);
ent_status_t ent_i_import_decide(ent_scenario_t *s, const char *name, const char *data,
                                 size_t len, const ent_load_opts_t *o, ent_error_t *err);
ent_status_t ent_i_import_deu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                              const ent_load_opts_t *o, ent_error_t *err);

/* Read a whole text file (load.c; the checks of the scenario loader: a directory, more than
 * 256 MiB, NUL bytes, UTF-16 and bad UTF-8 are refused). `what` names the file in messages
 * (" the survey"), `expected` what it should hold. *out is malloc'd. */
ent_status_t ent_i_read_text(const char *path, const char *what, const char *expected, char **out, size_t *len,
                             ent_error_t *err);

/* ---- detectors (detect.c) ----
 * A probe is the start of the input (at most 1 MiB, after a BOM) with what several detectors
 * need: the first non-blank line, and the lazily computed reading of a table header. */
typedef struct {
    const char *start, *end;  /* the window looked at */
    const char *first;        /* first non-blank line */
    int table;                /* header_table() cache: -1 = not computed, else an ent_format_t */
} ent_i_probe_t;

void ent_i_probe_init(ent_i_probe_t *pr, const char *data, size_t len);
/* Each returns 1 when the content looks like its format. They are asked in the order of the
 * registry's rank column (docs/importers.md, "Detection"). */
int ent_i_detect_json(ent_i_probe_t *pr);
int ent_i_detect_yaml(ent_i_probe_t *pr);
int ent_i_detect_decide(ent_i_probe_t *pr);
int ent_i_detect_ktab(ent_i_probe_t *pr);
int ent_i_detect_deu(ent_i_probe_t *pr);
int ent_i_detect_eu(ent_i_probe_t *pr);

/* ---- the registry (formats.c) ---- */
typedef ent_status_t (*ent_i_import_fn)(ent_scenario_t *s, const char *name, const char *data,
                                        size_t len, const ent_load_opts_t *o, ent_error_t *err);
typedef struct {
    ent_format_info_t info;   /* format, name as typed after --format, one-line help (public:
                               * ent_format_info) */
    int rank;                 /* detection order, 1 first */
    int (*detect)(ent_i_probe_t *pr);
    ent_i_import_fn import;
    const char *title;        /* short name in the "empty file" message ("KTAB") */
    const char *expect;       /* phrase in the "unrecognised format" message, or NULL when the
                               * previous row's phrase covers this format too */
    int whole;                /* 1: a scenario format (YAML, JSON); 0: a table */
} ent_i_importer_t;

/* The importer of a format, or NULL (ENT_FMT_AUTO or out of range). */
const ent_i_importer_t *ent_i_importer(ent_format_t f);
/* Guess the format from content; ENT_FMT_AUTO when nothing matches. */
ent_format_t ent_i_detect(const char *data, size_t len);
/* The messages for an empty input and for content no detector recognised (generated from
 * the registry). */
ent_status_t ent_i_error_empty(const char *name, ent_error_t *err);
ent_status_t ent_i_error_unrecognised(const char *name, ent_error_t *err);

#endif
