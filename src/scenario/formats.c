/* SPDX-License-Identifier: MIT */
/* formats.c — the importer registry: one row per input format (name as typed after --format,
 * detection rank, detector, importer, the phrases of the error messages, one line of help).
 * It drives content detection (ent_i_detect), dispatch (load.c), ent_format_name,
 * ent_format_parse, ent_format_info (the CLI's --format help), and the "empty file" and
 * "unrecognised format" messages. Adding an importer is one row here plus its parser and
 * detector (docs/howto/add-an-importer.md).
 * Rows are in the order of docs/importers.md (and of ent_format_t); detection runs by rank.
 * Complexity: every lookup is a scan of the six rows.
 */
#include "scenario/loaders.h"

#include <string.h>

/* The YAML/JSON loader takes no load options. */
static ent_status_t import_yaml(ent_scenario_t *s, const char *name, const char *data,
                                size_t len, const ent_load_opts_t *o, ent_error_t *err)
{
    (void)o;
    return ent_i_load_yaml(s, name, data, len, err);
}

static const ent_i_importer_t importers[] = {
    {{ENT_FMT_YAML, "yaml", "entente's scenario format (YAML 1.2), docs/format.md"},
     2, ent_i_detect_yaml, import_yaml, "YAML", "a YAML/JSON scenario (entente: 1)", 1},
    {{ENT_FMT_JSON, "json", "the same scenario format written as JSON"},
     1, ent_i_detect_json, import_yaml, "JSON", NULL, 1},
    {{ENT_FMT_EU_CSV, "eu", "expected-utility table: Actor,Capability,Position,Salience"},
     6, ent_i_detect_eu, ent_i_import_eu, "expected-utility CSV",
     "an expected-utility table (Actor,Capability,Position,Salience)", 0},
    {{ENT_FMT_KTAB, "ktab", "KTAB SMP CSV: name,desc,nActors,nDims / Actor,Description,Power,..."},
     4, ent_i_detect_ktab, ent_i_import_ktab, "KTAB", "a KTAB SMP CSV", 0},
    {{ENT_FMT_DECIDE, "decide", "Decide exchange-model file: #A, #P, #M, #D rows"},
     3, ent_i_detect_decide, ent_i_import_decide, "Decide", "Decide #A/#P/#M/#D rows", 0},
    {{ENT_FMT_DEU, "deu", "DEU wide table: one row per issue, p<actor>/s<actor> columns"},
     5, ent_i_detect_deu, ent_i_import_deu, "DEU", "a DEU table (p<actor>/s<actor> columns)", 0},
};
#define NIMPORTERS (sizeof importers / sizeof importers[0])

const ent_format_info_t *ent_format_info(size_t i)
{
    return i < NIMPORTERS ? &importers[i].info : NULL;
}

const ent_i_importer_t *ent_i_importer(ent_format_t f)
{
    for (size_t i = 0; i < NIMPORTERS; i++)
        if (importers[i].info.format == f) return &importers[i];
    return NULL;
}

const char *ent_format_name(ent_format_t f)
{
    if (f == ENT_FMT_AUTO) return "auto";
    const ent_i_importer_t *im = ent_i_importer(f);
    return im ? im->info.name : "unknown";
}

ent_status_t ent_format_parse(const char *name, ent_format_t *out)
{
    if (!name) return ENT_EINVAL;
    if (strcmp(name, "auto") == 0) {
        *out = ENT_FMT_AUTO;
        return ENT_OK;
    }
    for (size_t i = 0; i < NIMPORTERS; i++)
        if (strcmp(name, importers[i].info.name) == 0) {
            *out = importers[i].info.format;
            return ENT_OK;
        }
    return ENT_EINVAL;
}

ent_format_t ent_i_detect(const char *data, size_t len)
{
    ent_i_probe_t pr;
    ent_i_probe_init(&pr, data, len);
    for (int rank = 1; rank <= (int)NIMPORTERS; rank++)
        for (size_t i = 0; i < NIMPORTERS; i++)
            if (importers[i].rank == rank && importers[i].detect(&pr)) return importers[i].info.format;
    return ENT_FMT_AUTO;
}

/* Append "a, b, c or d" of the rows' `what` (whole == 1 or 0; -1 for every row's `expect`). */
static void list(ent_buf_t *b, int whole)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; i < NIMPORTERS; i++) {
        const ent_i_importer_t *im = &importers[i];
        if (whole >= 0 ? im->whole == whole : im->expect != NULL) n++;
    }
    for (size_t i = 0; i < NIMPORTERS; i++) {
        const ent_i_importer_t *im = &importers[i];
        if (!(whole >= 0 ? im->whole == whole : im->expect != NULL)) continue;
        if (k) ent_buf_puts(b, k + 1 == n ? " or " : ", ");
        ent_buf_puts(b, whole >= 0 ? im->title : im->expect);
        k++;
    }
}

ent_status_t ent_i_error_empty(const char *name, ent_error_t *err)
{
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_puts(&b, "empty file; expected a scenario (");
    list(&b, 1);
    ent_buf_puts(&b, ") or a table (");
    list(&b, 0);
    ent_buf_puts(&b, ")");
    ent_status_t st = ent_error_set(err, ENT_EINPUT, name, 1, 1, "%s", b.oom ? "empty file" : b.data);
    ent_buf_free(&b);
    return st;
}

ent_status_t ent_i_error_unrecognised(const char *name, ent_error_t *err)
{
    ent_buf_t b = ENT_BUF_INIT;
    ent_buf_puts(&b, "unrecognised format; expected ");
    list(&b, -1);
    ent_buf_puts(&b, "; use --format to force one");
    ent_status_t st = ent_error_set(err, ENT_EINPUT, name, 1, 1, "%s",
                                    b.oom ? "unrecognised format" : b.data);
    ent_buf_free(&b);
    return st;
}
