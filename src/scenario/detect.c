/* SPDX-License-Identifier: MIT */
/* detect.c — the content detectors of the importer registry (formats.c) and the probe they
 * share (docs/importers.md, "Detection").
 *
 * ent_i_detect (formats.c) runs the detectors in the order of the registry's `rank` column,
 * on the first lines only (at most 1 MiB is looked at):
 *   1. JSON: the first non-blank character is '{'.
 *   2. YAML: a line starting with the top-level key `entente:` (comments/--- may precede it).
 *   3. Decide: the first non-blank line starts with a tag #A, #P, #M, #D, #0 or #/
 *      (optionally quoted) followed by a delimiter (TAB, ';', or ',' so that a file written
 *      with the wrong delimiter gets the Decide importer's precise message).
 *   4. KTAB SMP: line 1 has >= 4 comma-separated fields, fields 3 and 4 are integers, and
 *      line 2 starts with `Actor`.
 *   5. DEU wide table: the header (first line that is not blank and not a `#` comment) has
 *      at least two column pairs p<x>/s<x>.
 *   6. Expected-utility table: the header names an actor, capability, position and salience
 *      column (synonyms as in import_eu.c), or an actor column and two of the others with
 *      no unknown column (then the importer reports the missing one).
 * DEU and expected-utility tables are told apart on one reading of the header: for each
 * delimiter in turn (TAB, ',', ';') DEU pairs win over an expected-utility header; the
 * probe computes that once, lazily, and both detectors read it.
 * Complexity O(min(n, 1 MiB)) per detector. Deliberate limits: a YAML file whose `entente:`
 * key comes after its first 1 MiB, or a KTAB file with blank lines before line 1, is not
 * recognised (use --format).
 */
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WINDOW ((size_t)1 << 20)

static int is_tag(const char *p, const char *end)
{
    while (p < end && (*p == '\'' || *p == '"')) p++;
    if (end - p < 2 || p[0] != '#') return 0;
    if (!strchr("APMD0/", p[1])) return 0;
    const char *q = p + 2;
    return q == end || *q == '\t' || *q == ';' || *q == ',' || *q == '\'' || *q == '"' || *q == ' ' ||
           *q == '\n' || *q == '\r';
}

/* Start of the next line after p (or end). */
static const char *next_line(const char *p, const char *end)
{
    while (p < end && *p != '\n' && *p != '\r') p++;
    if (p < end && *p == '\r') p++;
    if (p < end && *p == '\n') p++;
    return p;
}

static int blank_line(const char *p, const char *end)
{
    for (; p < end && *p != '\n' && *p != '\r'; p++)
        if (*p != ' ' && *p != '\t') return 0;
    return 1;
}

/* Read one row of `data` starting at `p` with delimiter d; 0 on error. */
static int row_at(ent_i_csv_t *r, const char *p, const char *end, char d)
{
    ent_i_csv_free(r);
    ent_i_csv_init(r, "", p, (size_t)(end - p), d, '"');
    int got = 0;
    if (ent_i_csv_row(r, &got, NULL) != ENT_OK || !got) return 0;
    for (size_t i = 0; i < r->nf; i++) {
        ent_i_field_trim(&r->f[i]);
        ent_i_field_unquote(&r->f[i]);
    }
    return 1;
}

static int deu_pairs(const ent_i_csv_t *r)
{
    int pairs = 0;
    for (size_t i = 0; i < r->nf; i++) {
        const char *h = r->f[i].s;
        if ((h[0] != 'p' && h[0] != 'P') || !h[1]) continue;
        for (size_t k = 0; k < r->nf; k++) {
            const char *g = r->f[k].s;
            if ((g[0] == 's' || g[0] == 'S') && strcasecmp(g + 1, h + 1) == 0) { pairs++; break; }
        }
    }
    return pairs;
}

/* All four roles; or an actor column, two more roles and no unknown column (so that a
 * table missing one column gets the importer's precise "missing column" message). */
static int eu_header(const ent_i_csv_t *r)
{
    unsigned seen = 0;
    int unknown = 0;
    for (size_t i = 0; i < r->nf; i++) {
        int role = ent_i_eu_role(r->f[i].s);
        if (role >= 0 && role < 4) seen |= 1u << role;
        else if (role < 0 && r->f[i].len) unknown = 1;
    }
    if (seen == 0xF) return 1;
    int n = !!(seen & 2) + !!(seen & 4) + !!(seen & 8);
    return (seen & 1) && n >= 2 && !unknown;
}

void ent_i_probe_init(ent_i_probe_t *pr, const char *data, size_t len)
{
    if (len > WINDOW) len = WINDOW;
    const char *p = data, *end = data + len;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    pr->start = p;
    pr->end = end;
    /* first non-blank line */
    const char *first = p;
    while (first < end && blank_line(first, end)) {
        const char *n = next_line(first, end);
        if (n == first) break;
        first = n;
    }
    pr->first = first;
    pr->table = -1;
}

int ent_i_detect_json(ent_i_probe_t *pr)
{
    const char *q = pr->start;
    while (q < pr->end && isspace((unsigned char)*q)) q++;
    return q < pr->end && *q == '{';
}

int ent_i_detect_yaml(ent_i_probe_t *pr)
{
    for (const char *l = pr->start; l < pr->end; l = next_line(l, pr->end))
        if (pr->end - l >= 8 && memcmp(l, "entente:", 8) == 0) return 1;
    return 0;
}

int ent_i_detect_decide(ent_i_probe_t *pr)
{
    const char *fl = pr->first;
    while (fl < pr->end && (*fl == ' ' || *fl == '\t')) fl++;
    return is_tag(fl, pr->end);
}

/* KTAB: line 1 and line 2 exactly */
int ent_i_detect_ktab(ent_i_probe_t *pr)
{
    ent_i_csv_t r;
    memset(&r, 0, sizeof r);
    int found = 0;
    if (row_at(&r, pr->start, pr->end, ',') && r.nf >= 4) {
        long n1, n2;
        if (ent_i_int(&r.f[2], &n1) == 0 && ent_i_int(&r.f[3], &n2) == 0) {
            const char *l2 = r.p;
            found = row_at(&r, l2, pr->end, ',') && r.nf >= 1 && strcasecmp(r.f[0].s, "Actor") == 0;
        }
    }
    ent_i_csv_free(&r);
    return found;
}

/* DEU or expected-utility: the header is the first line that is neither blank nor a #
 * comment; for each delimiter, DEU pairs first. Computed once per probe. */
static ent_format_t header_table(ent_i_probe_t *pr)
{
    if (pr->table >= 0) return (ent_format_t)pr->table;
    const char *h = pr->first, *end = pr->end;
    while (h < end && (*h == '#' || blank_line(h, end))) {
        const char *n = next_line(h, end);
        if (n == h) break;
        h = n;
    }
    ent_format_t found = ENT_FMT_AUTO;
    ent_i_csv_t r;
    memset(&r, 0, sizeof r);
    static const char delims[] = {'\t', ',', ';'};
    for (int k = 0; h < end && k < 3 && found == ENT_FMT_AUTO; k++) {
        if (!row_at(&r, h, end, delims[k]) || r.nf < 2) continue;
        if (deu_pairs(&r) >= 2) found = ENT_FMT_DEU;
        else if (eu_header(&r)) found = ENT_FMT_EU_CSV;
    }
    ent_i_csv_free(&r);
    pr->table = (int)found;
    return found;
}

int ent_i_detect_deu(ent_i_probe_t *pr) { return header_table(pr) == ENT_FMT_DEU; }
int ent_i_detect_eu(ent_i_probe_t *pr) { return header_table(pr) == ENT_FMT_EU_CSV; }
