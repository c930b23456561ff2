/* SPDX-License-Identifier: MIT */
/* load.c — ent_scenario_load / ent_scenario_load_mem: read a file, detect its format
 * (the registry, formats.c) unless --format forces one, dispatch to the format's importer
 * (loaders.h), then apply an optional capability table (--capability-file).
 *
 * Contract (entente/scenario.h): on any error the partial scenario is destroyed and
 * re-initialised, and err holds `file:line:col: what is wrong; what was expected`.
 * Limits: files larger than 256 MiB are refused with ENT_ELIMIT (before reading when the
 * size is known).
 * Checks made here for every format: an empty (or blank) input, UTF-16 (said so), NUL bytes
 * (binary data); files are checked while they are read (read_text_file), so /dev/zero or
 * /dev/urandom is refused after one read, not after 256 MiB.
 * Rule texts are kept as data: whether they compile is the game engine's question, asked by
 * the front doors right after loading (ent_game_check_rules, src/game/check.c).
 * Complexity: O(n) in the input plus the parser's cost. The loader strips nothing: BOMs and
 * line ends are the parsers' business.
 */
#include "scenario/csv.h"
#include "scenario/loaders.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ENT_MAX_FILE ((size_t)256 << 20)

/* Line and column (code points) of byte offset `off`. */
static void locate(const char *data, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n') { l++; c = 1; }
        else if (((unsigned char)data[i] & 0xC0) != 0x80) c++;
    }
    *line = l;
    *col = c;
}

/* ---- reading a text file: limits, and binary input stopped early ---- */

/* Past this much input, a first byte that is not UTF-8 stops the reading: random bytes are
 * refused after about 1 MiB, not 256 MiB (in a smaller file the parser finds the byte and
 * names the field it spoils). */
#define ENT_SNIFF_BYTES ((size_t)1 << 20)

/* UTF-16 text: a byte order mark (FF FE or FE FF), or, without one, a NUL in at least three
 * of every four byte pairs of the first 64 bytes, always on the same side. Returns 0, or 'L'
 * / 'B' for little / big endian. */
static int looks_utf16(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) return 'L';
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) return 'B';
    size_t pairs = (n < 64 ? n : 64) / 2, lo = 0, hi = 0;
    if (pairs < 2) return 0;
    for (size_t i = 0; i < pairs; i++) {
        if (p[2 * i] != 0 && p[2 * i + 1] == 0) lo++;
        if (p[2 * i] == 0 && p[2 * i + 1] != 0) hi++;
    }
    return 4 * lo >= 3 * pairs ? 'L' : 4 * hi >= 3 * pairs ? 'B' : 0;
}

/* The checks every input gets before a parser sees it: UTF-16 (told apart from binary data)
 * and NUL bytes. `expected` ends the message ("a text file"). */
static ent_status_t check_text(const char *name, const char *data, size_t len, const char *expected,
                               ent_error_t *err)
{
    int u16 = looks_utf16((const unsigned char *)data, len);
    if (u16)
        return ent_error_set(err, ENT_EINPUT, name, 1, 1,
                             "looks like UTF-16%s text (%s); expected UTF-8: convert it, e.g. "
                             "iconv -f UTF-16 -t UTF-8", u16 == 'L' ? "LE" : "BE",
                             (unsigned char)data[0] >= 0xFE ? "byte order mark"
                                                             : "NUL bytes between the characters");
    const char *z = memchr(data, 0, len);
    if (z) {
        int l, c;
        locate(data, (size_t)(z - data), &l, &c);
        return ent_error_set(err, ENT_EINPUT, name, l, c, "NUL byte (binary data?); expected %s", expected);
    }
    return ENT_OK;
}

/* Read a whole text file into *out (malloc'd, *outlen bytes; NUL-free). `what` names the file
 * in messages (" the capability file", or ""), `expected` what it should hold. A directory is
 * bad input; more than 256 MiB is refused (ENT_ELIMIT), before reading when the size is known.
 * The content is checked as it arrives, so /dev/zero stops at its first read and random data
 * after ENT_SNIFF_BYTES: UTF-16 and NUL bytes in every read, and past ENT_SNIFF_BYTES a byte
 * that is not UTF-8. O(n). */
static ent_status_t read_text_file(const char *path, const char *what, const char *expected,
                                   char **out, size_t *outlen, ent_error_t *err)
{
    ent_status_t st = ENT_OK;
    char *data = NULL;
    size_t len = 0, cap = 0, scan = 0, bad = (size_t)-1;
    *out = NULL;
    *outlen = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ent_error_set(err, ENT_EIO, path, 0, 0, "cannot open%s: %s", what, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            st = ent_error_set(err, ENT_EINPUT, path, 0, 0, "is a directory; expected %s", expected);
            goto done;
        }
        if (S_ISREG(sb.st_mode) && (size_t)sb.st_size > ENT_MAX_FILE) {
            st = ent_error_set(err, ENT_ELIMIT, path, 0, 0,
                               "file of %lld bytes; the limit is 256 MiB", (long long)sb.st_size);
            goto done;
        }
        if (S_ISREG(sb.st_mode)) cap = (size_t)sb.st_size + 1;
    }
    if (cap < 65536) cap = 65536;
    if (!(data = malloc(cap))) goto oom;
    for (;;) {
        if (len == cap) {
            if (cap > ENT_MAX_FILE) {
                st = ent_error_set(err, ENT_ELIMIT, path, 0, 0, "input larger than 256 MiB; the limit is 256 MiB");
                goto done;
            }
            char *d = realloc(data, cap * 2);
            if (!d) goto oom;
            data = d;
            cap *= 2;
        }
        size_t old = len, n = fread(data + len, 1, cap - len, f);
        len += n;
        if ((old == 0 || memchr(data + old, 0, n)) &&
            (st = check_text(path, data, len, expected, err)) != ENT_OK)
            goto done;
        /* UTF-8 from where the last read stopped; a bad sequence in the last 3 bytes may be
         * one that straddles two reads: decided after the next */
        while (bad == (size_t)-1 && scan < len) {
            size_t b = ent_i_utf8_bad(data + scan, len - scan);
            if (b == (size_t)-1) { scan = len; break; }
            if (n && scan + b + 4 > len) { scan += b; break; }
            bad = scan + b;
        }
        if (bad != (size_t)-1 && len >= ENT_SNIFF_BYTES) {
            int l, c;
            locate(data, bad, &l, &c);
            st = ent_error_set(err, ENT_EINPUT, path, l, c, "byte 0x%02X is not valid UTF-8 (binary "
                               "data?); expected %s", (unsigned char)data[bad], expected);
            goto done;
        }
        if (n == 0) break;
    }
    if (ferror(f)) {
        st = ent_error_set(err, ENT_EIO, path, 0, 0, "read error: %s", strerror(errno));
        goto done;
    }
    if (len > ENT_MAX_FILE) {
        st = ent_error_set(err, ENT_ELIMIT, path, 0, 0, "input larger than 256 MiB; the limit is 256 MiB");
        goto done;
    }
    *out = data;
    *outlen = len;
    data = NULL;
    goto done;
oom:
    st = ent_error_set(err, ENT_ENOMEM, path, 0, 0, "out of memory reading%s", what);
done:
    fclose(f);
    free(data);
    return st;
}

ent_status_t ent_i_read_text(const char *path, const char *what, const char *expected, char **out, size_t *len,
                             ent_error_t *err)
{
    return read_text_file(path, what, expected, out, len, err);
}

/* ---- --capability-file: "actor,capability" rows, optional header ---- */

static ent_status_t apply_capability_file(ent_scenario_t *s, const char *path, ent_error_t *err)
{
    char *data = NULL;
    size_t len = 0;
    ent_status_t st = read_text_file(path, " the capability file", "a text table actor,capability",
                                     &data, &len, err);
    if (st != ENT_OK) return st;
    /* delimiter: the first of TAB, ';', ',' found on the first line */
    char d = ',';
    for (size_t i = 0; i < len && data[i] != '\n'; i++)
        if (data[i] == '\t' || data[i] == ';') { d = data[i]; break; }
    ent_i_csv_t r;
    ent_i_csv_init(&r, path, data, len, d, '"');
    ent_i_idmap_t ids, names; /* actor id → index and display name → index (first wins) */
    ent_i_idmap_init(&ids);
    ent_i_idmap_init(&names);
    unsigned char *seen = calloc(s->nactors ? s->nactors : 1, 1);
    st = seen ? ENT_OK : ENT_ENOMEM;
    if (!seen) ent_error_set(err, ENT_ENOMEM, path, 0, 0, "out of memory");
    for (size_t a = 0; st == ENT_OK && a < s->nactors; a++)
        if (ent_i_idmap_put(&ids, s->actors[a].id, a, NULL) < 0 ||
            (s->actors[a].name && ent_i_idmap_put(&names, s->actors[a].name, a, NULL) < 0))
            st = ent_error_set(err, ENT_ENOMEM, path, 0, 0, "out of memory");
    size_t rows = 0, set = 0;
    while (st == ENT_OK) {
        int got;
        st = ent_i_csv_row(&r, &got, err);
        if (st != ENT_OK || !got) break;
        if (ent_i_csv_blank(&r) || (r.f[0].len && r.f[0].s[0] == '#')) continue;
        for (size_t i = 0; i < r.nf; i++) ent_i_field_trim(&r.f[i]);
        while (r.nf > 2 && ent_i_field_empty(&r.f[r.nf - 1])) r.nf--;
        rows++;
        if (r.nf != 2) {
            st = ent_error_set(err, ENT_EINPUT, path, r.row_line, r.nf > 2 ? r.f[2].col : r.row_end_col,
                               "%zu fields; expected 2 (actor%ccapability)", r.nf, d);
            break;
        }
        double v;
        if (rows == 1 && ent_i_num(&r.f[1], path, "capability", &v, NULL) != ENT_OK) continue; /* header */
        st = ent_i_num(&r.f[1], path, "capability", &v, err);
        if (st != ENT_OK) break;
        if (v < 0) {
            st = ent_error_set(err, ENT_EINPUT, path, r.f[1].line, r.f[1].col,
                               "negative capability %g; expected a number >= 0", v);
            break;
        }
        long a = ent_i_idmap_get(&ids, r.f[0].s);
        if (a < 0) a = ent_i_idmap_get(&names, r.f[0].s);
        if (a < 0) {
            st = ent_error_set(err, ENT_EINPUT, path, r.f[0].line, r.f[0].col,
                               "unknown actor '%s'; expected an actor id or name of the scenario", r.f[0].s);
            break;
        }
        if (seen[a]) {
            st = ent_error_set(err, ENT_EINPUT, path, r.f[0].line, r.f[0].col,
                               "duplicate actor '%s'; expected one row per actor", r.f[0].s);
            break;
        }
        seen[a] = 1;
        s->actors[a].capability = v;
        set++;
    }
    if (st == ENT_OK)
        ent_i_report(s, "%s: capabilities of %zu of %zu actors read from this table%s\n", path, set,
                     s->nactors, set < s->nactors ? " (the others keep their own)" : "");
    free(seen);
    ent_i_idmap_free(&ids);
    ent_i_idmap_free(&names);
    ent_i_csv_free(&r);
    free(data);
    return st;
}

ent_status_t ent_scenario_load_mem(ent_scenario_t *s, const char *name, const char *data,
                                   size_t len, const ent_load_opts_t *opts, ent_error_t *err)
{
    ent_load_opts_t defaults;
    if (!opts) {
        ent_load_opts_init(&defaults);
        opts = &defaults;
    }
    if (!name) name = "<memory>";
    ent_status_t st = ENT_OK;
    size_t i = 0;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) i++;
    if (i == len) {
        st = ent_i_error_empty(name, err);
        goto done;
    }
    if ((st = check_text(name, data, len, "a text file", err)) != ENT_OK) goto done;
    ent_format_t fmt = opts->format;
    if (fmt == ENT_FMT_AUTO) fmt = ent_i_detect(data, len);
    const ent_i_importer_t *im = ent_i_importer(fmt);
    if (!im) {
        st = ent_i_error_unrecognised(name, err);
        goto done;
    }
    st = im->import(s, name, data, len, opts, err);
    if (st == ENT_OK && opts->capability_file) {
        st = apply_capability_file(s, opts->capability_file, err);
        if (st == ENT_OK) st = ent_i_import_finish(s, name, err);
    }
done:
    if (st != ENT_OK) {
        ent_scenario_destroy(s);
        ent_scenario_init(s);
        if (err && err->status == ENT_OK)
            ent_error_set(err, st, name, 0, 0, "%s", ent_status_name(st));
    }
    return st;
}

ent_status_t ent_scenario_load(ent_scenario_t *s, const char *path, const ent_load_opts_t *opts,
                               ent_error_t *err)
{
    char *data = NULL;
    size_t len = 0;
    ent_status_t st = read_text_file(path, "", "a text file", &data, &len, err);
    if (st == ENT_OK) st = ent_scenario_load_mem(s, path, data, len, opts, err);
    free(data);
    if (st != ENT_OK) {
        ent_scenario_destroy(s);
        ent_scenario_init(s);
    }
    return st;
}
