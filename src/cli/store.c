/* SPDX-License-Identifier: MIT */
/* store.c — `entente simulate --store FILE` and `--from FILE`: every draw of a run on record
 * in an SQLite database (SQLite 3, the Debian libsqlite3 package; the library itself does not
 * link it), in the schema of docs/cli.md ("The run store"):
 *   meta(key, value)              schema, entente version, scenario_hash, seed, draws,
 *                                 forecasts ("0", "1", or --models' list), no_position
 *   scenario(hash, text)          the canonical YAML of the scenario as simulated (after
 *                                 --variant, --set, --uncertainty)
 *   inputs(k, name, coded)        outputs(o, name, kind)        lines(l, text)
 *   draws(draw, <one column per input>, <per output>, line1..lineN)
 *                                 one row per draw: REAL inputs and numbers, INTEGER flags
 *                                 (0/1), TEXT categories, NULL when undefined
 * --from reads it back and re-aggregates (ent_simulate_aggregate) without running a draw.
 * One process streams the rows during the run (ent_cli_store_open: the library's
 * ent_sim_sink_t, one transaction per batch with meta.draws, so Ctrl-C leaves a valid store
 * of the draws finished); under MPI rank 0 writes the gathered table at the end in one
 * transaction (ent_cli_store_write). An existing non-empty file is refused (not with
 * --append).
 * Cost: O(draws × columns).
 */
#include "cli/cli.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STORE_SCHEMA "1"
#define STORE_MAX_COLUMNS 1900  /* SQLite's default limit is 2000 */

/* FNV-1a, 64 bits, of the canonical text: the scenario's identity in a store. */
static void text_hash(const char *t, char out[17])
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int db_fail(sqlite3 *db, const char *path, const char *what)
{
    int code = sqlite3_errcode(db);
    if (code == SQLITE_NOTADB) {
        fprintf(stderr, "%s: is not an SQLite database; expected a store written by entente simulate --store\n", path);
        return ENT_EXIT_INPUT;
    }
    fprintf(stderr, "%s: %s: %s\n", path, what, sqlite3_errmsg(db));
    return ENT_EXIT_FAIL;
}

/* A quoted SQL identifier ("a""b") appended to b. */
static void ident(ent_buf_t *b, const char *name)
{
    ent_buf_puts(b, "\"");
    for (const char *p = name; *p; p++) ent_buf_puts(b, *p == '"' ? "\"\"" : (char[]){*p, 0});
    ent_buf_puts(b, "\"");
}

static int exec(sqlite3 *db, const char *path, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_fail(db, path, "writing the store");
}

static const char *kind_name(ent_sim_kind_t k)
{
    return k == ENT_SIM_NUMBER ? "number" : k == ENT_SIM_FLAG ? "flag" : "category";
}

/* Write the draws table (created unless appending): one prepared insert per draw, numbered
 * from `first`. */
static int write_draws(sqlite3 *db, const char *path, const ent_simulation_t *r, size_t first, int create)
{
    ent_buf_t sql = ENT_BUF_INIT;
    int rc = 0;
    if (!create) goto insert;
    ent_buf_puts(&sql, "CREATE TABLE draws (draw INTEGER PRIMARY KEY");
    for (size_t k = 0; k < r->ninputs; k++) { ent_buf_puts(&sql, ", "); ident(&sql, r->inputs[k].name); ent_buf_puts(&sql, " REAL"); }
    for (size_t o = 0; o < r->noutputs; o++) {
        ent_buf_puts(&sql, ", ");
        ident(&sql, r->outputs[o].name);
        ent_buf_puts(&sql, r->outputs[o].kind == ENT_SIM_NUMBER ? " REAL" : r->outputs[o].kind == ENT_SIM_FLAG ? " INTEGER" : " TEXT");
    }
    for (size_t l = 0; l < r->nlines; l++) ent_buf_printf(&sql, ", line%zu INTEGER", l + 1);
    ent_buf_puts(&sql, ")");
    rc = sql.oom ? ENT_EXIT_FAIL : exec(db, path, sql.data);
    ent_buf_free(&sql);
    if (rc) return rc;
insert:;
    size_t ncol = 1 + r->ninputs + r->noutputs + r->nlines;
    ent_buf_puts(&sql, "INSERT INTO draws VALUES (?");
    for (size_t c = 1; c < ncol; c++) ent_buf_puts(&sql, ", ?");
    ent_buf_puts(&sql, ")");
    sqlite3_stmt *st = NULL;
    if (sql.oom || sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK) {
        ent_buf_free(&sql);
        return db_fail(db, path, "writing the store");
    }
    ent_buf_free(&sql);
    for (size_t d = 0; d < r->draws && !rc; d++) {
        int c = 1;
        sqlite3_bind_int64(st, c++, (sqlite3_int64)(first + d));
        for (size_t k = 0; k < r->ninputs; k++) sqlite3_bind_double(st, c++, r->drawn[d * r->ninputs + k]);
        for (size_t o = 0; o < r->noutputs; o++, c++) {
            const ent_sim_output_t *x = &r->outputs[o];
            double v = r->values[d * r->noutputs + o];
            if (isnan(v)) sqlite3_bind_null(st, c);
            else if (x->kind == ENT_SIM_NUMBER) sqlite3_bind_double(st, c, v);
            else if (x->kind == ENT_SIM_FLAG) sqlite3_bind_int(st, c, v != 0);
            else sqlite3_bind_text(st, c, x->cat[(size_t)v].label, -1, SQLITE_STATIC);
        }
        for (size_t l = 0; l < r->nlines; l++) sqlite3_bind_int(st, c++, r->holds[d * r->nlines + l] != 0);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(db, path, "writing the store");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Small tables: meta, scenario, inputs, outputs, lines. */
static int write_heads(sqlite3 *db, const char *path, const char *text, const char *hash, const ent_simulate_opts_t *so,
                       const ent_scenario_t *s, const ent_simulation_t *r)
{
    int rc = exec(db, path,
                  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                  "CREATE TABLE scenario (hash TEXT, text TEXT);"
                  "CREATE TABLE inputs (k INTEGER PRIMARY KEY, name TEXT, coded REAL);"
                  "CREATE TABLE outputs (o INTEGER PRIMARY KEY, name TEXT, kind TEXT);"
                  "CREATE TABLE lines (l INTEGER PRIMARY KEY, text TEXT);");
    if (rc) return rc;
    char num[4][128];
    snprintf(num[0], sizeof num[0], "%llu", (unsigned long long)so->seed);
    snprintf(num[1], sizeof num[1], "%zu", r->draws);
    ent_cli_simulate_forecasts_text(so, num[2], sizeof num[2]);
    snprintf(num[3], sizeof num[3], "%d", (int)so->no_position);
    const char *meta[][2] = {{"schema", STORE_SCHEMA}, {"entente", ent_version()}, {"scenario_hash", hash},
                             {"seed", num[0]}, {"draws", num[1]}, {"forecasts", num[2]}, {"no_position", num[3]}};
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO meta VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK) return db_fail(db, path, "writing the store");
    for (size_t k = 0; k < sizeof meta / sizeof meta[0] && !rc; k++) {
        sqlite3_bind_text(st, 1, meta[k][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, meta[k][1], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(db, path, "writing the store");
        sqlite3_reset(st);
    }
    if (!rc && so->exact_limit != ENT_SIMULATE_EXACT_DRAWS) {  /* a limit other than the default (a test): --from needs it */
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", so->exact_limit);
        sqlite3_bind_text(st, 1, "exact_limit", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, lim, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(db, path, "writing the store");
    }
    sqlite3_finalize(st);
    if (rc) return rc;
    if (sqlite3_prepare_v2(db, "INSERT INTO scenario VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK) return db_fail(db, path, "writing the store");
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(db, path, "writing the store");
    sqlite3_finalize(st);
    if (rc) return rc;
    if (sqlite3_prepare_v2(db, "INSERT INTO inputs VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK) return db_fail(db, path, "writing the store");
    for (size_t k = 0; k < r->ninputs && !rc; k++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)k);
        sqlite3_bind_text(st, 2, r->inputs[k].name, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 3, r->inputs[k].nominal);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(db, path, "writing the store");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc) return rc;
    if (sqlite3_prepare_v2(db, "INSERT INTO outputs VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK) return db_fail(db, path, "writing the store");
    for (size_t o = 0; o < r->noutputs && !rc; o++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)o);
        sqlite3_bind_text(st, 2, r->outputs[o].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, kind_name(r->outputs[o].kind), -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(db, path, "writing the store");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc) return rc;
    if (sqlite3_prepare_v2(db, "INSERT INTO lines VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK) return db_fail(db, path, "writing the store");
    for (size_t l = 0; l < r->nlines && !rc; l++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)l + 1);
        ent_buf_t w = ENT_BUF_INIT;
        ent_report_simulate_line(s, r, l, &w);
        sqlite3_bind_text(st, 2, w.data ? w.data : "", -1, SQLITE_TRANSIENT);
        ent_buf_free(&w);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(db, path, "writing the store");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Forward: meta reads and the bad-store message (below). */
static char *meta_get(sqlite3 *db, const char *key);
static int bad_store(const char *path, const char *what);

/* The hash of the scenario as it will be stored (its canonical YAML). */
static int scenario_hash(const ent_scenario_t *s, char hash[17], char **text)
{
    ent_error_t err = {0};
    if (ent_scenario_emit(s, ENT_FMT_YAML, text, NULL, &err) != ENT_OK) return ent_cli_fail(&err);
    text_hash(*text, hash);
    return 0;
}

int ent_cli_store_check(const char *path, const ent_scenario_t *s, const ent_simulate_opts_t *so, int append,
                        size_t *first)
{
    struct stat sb;
    *first = 0;
    if (stat(path, &sb) != 0 || (sb.st_size == 0 && !S_ISDIR(sb.st_mode))) return 0;  /* a new store */
    if (!append || S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "%s: the store exists; expected a new file, or --append to add draws to a run of the same "
                        "scenario and options\n", path);
        return ENT_EXIT_INPUT;
    }
    sqlite3 *db = NULL;
    int rc = 0;
    char *text = NULL, hash[17];
    char *m[5] = {NULL};
    static const char *const keys[5] = {"schema", "scenario_hash", "seed", "forecasts", "no_position"};
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(db, path, "cannot open the store");
        goto done;
    }
    for (int k = 0; k < 5; k++) m[k] = meta_get(db, keys[k]);
    char *draws = meta_get(db, "draws");
    if (draws) *first = (size_t)strtoull(draws, NULL, 10);
    free(draws);
    if (!m[0] || strcmp(m[0], STORE_SCHEMA) || !m[1] || !m[2] || !m[3] || !m[4]) {
        rc = bad_store(path, "no meta table of schema " STORE_SCHEMA);
        goto done;
    }
    if ((rc = scenario_hash(s, hash, &text))) goto done;
    char seed[32], fc[128], np[8];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)so->seed);
    ent_cli_simulate_forecasts_text(so, fc, sizeof fc);
    snprintf(np, sizeof np, "%d", (int)so->no_position);
    if (strcmp(m[1], hash)) {
        fprintf(stderr, "%s: the store holds a run of another scenario (hash %s, this one %s); expected a store of the "
                        "same scenario to --append to\n", path, m[1], hash);
        rc = ENT_EXIT_INPUT;
    } else if (strcmp(m[2], seed) || strcmp(m[3], fc) || strcmp(m[4], np)) {
        fprintf(stderr, "%s: the store's run has seed %s, forecasts %s, no_position %s; expected the same options to "
                        "--append (this run: %s, %s, %s)\n", path, m[2], m[3], m[4], seed, fc, np);
        rc = ENT_EXIT_INPUT;
    } else if (*first + so->draws > ENT_SIMULATE_MAX_DRAWS) {
        fprintf(stderr, "%s: %zu + %zu draws; the limit is %d\n", path, *first, so->draws, ENT_SIMULATE_MAX_DRAWS);
        rc = ENT_EXIT_LIMIT;
    }
done:
    for (int k = 0; k < 5; k++) free(m[k]);
    free(text);
    sqlite3_close(db);
    return rc;
}

int ent_cli_store_write(const char *path, const ent_scenario_t *s, const ent_simulate_opts_t *so,
                        const ent_simulation_t *r, size_t first)
{
    if (1 + r->ninputs + r->noutputs + r->nlines > STORE_MAX_COLUMNS) {
        fprintf(stderr, "%s: %zu columns per draw; the store's limit is %d\n", path,
                1 + r->ninputs + r->noutputs + r->nlines, STORE_MAX_COLUMNS);
        return ENT_EXIT_LIMIT;
    }
    char *text = NULL, hash[17];
    int rc = scenario_hash(s, hash, &text);
    if (rc) return rc;
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) rc = db_fail(db, path, "cannot open the store");
    if (!rc) rc = exec(db, path, "BEGIN");
    if (!rc && !first) rc = write_heads(db, path, text, hash, so, s, r);
    if (!rc && first) {  /* the table must be this run's */
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "SELECT * FROM draws LIMIT 0", -1, &st, NULL) != SQLITE_OK)
            rc = bad_store(path, "no draws table");
        else if ((size_t)sqlite3_column_count(st) != 1 + r->ninputs + r->noutputs + r->nlines)
            rc = bad_store(path, "the draws table does not match this run's inputs and outputs");
        sqlite3_finalize(st);
    }
    if (!rc) rc = write_draws(db, path, r, first, !first);
    if (!rc && first) {
        char total[32], sql[96];
        snprintf(total, sizeof total, "%zu", first + r->draws);
        snprintf(sql, sizeof sql, "UPDATE meta SET value = '%s' WHERE key = 'draws'", total);
        rc = exec(db, path, sql);
    }
    if (!rc) rc = exec(db, path, "COMMIT");
    else if (db) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    free(text);
    if (rc && !first) remove(path);  /* a new store: nothing left on failure */
    return rc;
}

/* ---- streamed: rows written in batches during the run (ent_sim_sink_t) ---- */

struct ent_cli_store {
    sqlite3 *db;
    const char *path;
    const ent_scenario_t *s;
    const ent_simulate_opts_t *so;
    size_t first;        /* draws already in the store (--append) */
    size_t written;      /* draws written by this run */
    size_t ncol;
    sqlite3_stmt *ins;   /* INSERT INTO draws */
    unsigned char *flag; /* per output: a flag (written as INTEGER 0/1) */
    int rc;              /* the first failure's exit code (its message printed) */
};

static ent_status_t store_failed(ent_cli_store_t *st, int rc, ent_error_t *err)
{
    if (!st->rc) st->rc = rc;
    return ent_error_set(err, ENT_EIO, NULL, 0, 0, "%s: the store could not be written", st->path);
}

/* Before the first draw: a new store's small tables and its empty draws table (meta draws
 * 0), or the check that an appended store's draws table is this run's; one transaction. */
static ent_status_t sink_heads(void *user, const ent_simulation_t *r, ent_error_t *err)
{
    ent_cli_store_t *st = user;
    size_t ncol = 1 + r->ninputs + r->noutputs + r->nlines;
    if (ncol > STORE_MAX_COLUMNS) {
        fprintf(stderr, "%s: %zu columns per draw; the store's limit is %d\n", st->path, ncol, STORE_MAX_COLUMNS);
        return store_failed(st, ENT_EXIT_LIMIT, err);
    }
    st->ncol = ncol;
    if (!(st->flag = calloc(r->noutputs + 1, 1))) { fprintf(stderr, "entente: out of memory\n"); return store_failed(st, ENT_EXIT_FAIL, err); }
    for (size_t o = 0; o < r->noutputs; o++) st->flag[o] = r->outputs[o].kind == ENT_SIM_FLAG;
    char *text = NULL, hash[17];
    int rc = scenario_hash(st->s, hash, &text);
    if (!rc) rc = exec(st->db, st->path, "BEGIN");
    if (!rc && !st->first) rc = write_heads(st->db, st->path, text, hash, st->so, st->s, r);
    if (!rc && !st->first) rc = write_draws(st->db, st->path, r, 0, 1);  /* r->draws = 0: the table alone */
    if (!rc && st->first) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(st->db, "SELECT * FROM draws LIMIT 0", -1, &q, NULL) != SQLITE_OK)
            rc = bad_store(st->path, "no draws table");
        else if ((size_t)sqlite3_column_count(q) != ncol)
            rc = bad_store(st->path, "the draws table does not match this run's inputs and outputs");
        sqlite3_finalize(q);
    }
    if (!rc) rc = exec(st->db, st->path, "COMMIT");
    else sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    free(text);
    ent_buf_t sql = ENT_BUF_INIT;
    ent_buf_puts(&sql, "INSERT INTO draws VALUES (?");
    for (size_t c = 1; c < ncol; c++) ent_buf_puts(&sql, ", ?");
    ent_buf_puts(&sql, ")");
    if (!rc && (sql.oom || sqlite3_prepare_v2(st->db, sql.data, -1, &st->ins, NULL) != SQLITE_OK))
        rc = db_fail(st->db, st->path, "writing the store");
    ent_buf_free(&sql);
    return rc ? store_failed(st, rc, err) : ENT_OK;
}

/* A batch: its rows and the new meta draws, in one transaction. */
static ent_status_t sink_rows(void *user, const ent_sim_rows_t *b, ent_error_t *err)
{
    ent_cli_store_t *st = user;
    int rc = exec(st->db, st->path, "BEGIN");
    for (size_t j = 0; j < b->count && !rc; j++) {
        int c = 1;
        sqlite3_bind_int64(st->ins, c++, (sqlite3_int64)(st->first + b->first + j));
        for (size_t k = 0; k < b->ninputs; k++) sqlite3_bind_double(st->ins, c++, b->drawn[j * b->ninputs + k]);
        for (size_t o = 0; o < b->noutputs; o++, c++) {
            double v = b->values[j * b->noutputs + o];
            const char *lab = b->labels[j * b->noutputs + o];
            if (lab) sqlite3_bind_text(st->ins, c, lab, -1, SQLITE_STATIC);
            else if (isnan(v)) sqlite3_bind_null(st->ins, c);
            else if (st->flag[o]) sqlite3_bind_int(st->ins, c, v != 0);
            else sqlite3_bind_double(st->ins, c, v);
        }
        for (size_t l = 0; l < b->nlines; l++) sqlite3_bind_int(st->ins, c++, b->holds[j * b->nlines + l] != 0);
        if (sqlite3_step(st->ins) != SQLITE_DONE) rc = db_fail(st->db, st->path, "writing the store");
        sqlite3_reset(st->ins);
    }
    if (!rc) {
        char sql[96];
        snprintf(sql, sizeof sql, "UPDATE meta SET value = '%zu' WHERE key = 'draws'", st->first + b->first + b->count);
        rc = exec(st->db, st->path, sql);
    }
    if (!rc) rc = exec(st->db, st->path, "COMMIT");
    else sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (rc) return store_failed(st, rc, err);
    st->written = b->first + b->count;
    return ENT_OK;
}

int ent_cli_store_open(const char *path, const ent_scenario_t *s, const ent_simulate_opts_t *so, size_t first,
                       ent_cli_store_t **out, ent_sim_sink_t *sink)
{
    ent_cli_store_t *st = calloc(1, sizeof *st);
    *out = NULL;
    if (!st) { fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
    *st = (ent_cli_store_t){NULL, path, s, so, first, 0, 0, NULL, NULL, 0};
    if (sqlite3_open(path, &st->db) != SQLITE_OK) {
        int rc = db_fail(st->db, path, "cannot open the store");
        sqlite3_close(st->db);
        free(st);
        return rc;
    }
    *sink = (ent_sim_sink_t){sink_heads, sink_rows, st};
    *out = st;
    return 0;
}

size_t ent_cli_store_written(const ent_cli_store_t *st) { return st ? st->written : 0; }

int ent_cli_store_close(ent_cli_store_t *st, int keep)
{
    if (!st) return 0;
    int rc = st->rc;
    sqlite3_finalize(st->ins);
    sqlite3_close(st->db);
    free(st->flag);
    if (!keep && !st->first) remove(st->path);  /* a new store: nothing left on failure */
    free(st);
    return rc;
}

/* ---- --from ---- */

static char *meta_get(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static int bad_store(const char *path, const char *what)
{
    fprintf(stderr, "%s: %s; expected a store written by entente simulate --store\n", path, what);
    return ENT_EXIT_INPUT;
}

/* The category label `lab` as an index into x->cat, adding it when new. */
static long cat_index(ent_sim_output_t *x, const char *lab)
{
    for (size_t c = 0; c < x->ncat; c++)
        if (!strcmp(x->cat[c].label, lab)) return (long)c;
    ent_sim_cat_t *nc = realloc(x->cat, (x->ncat + 1) * sizeof *nc);
    if (!nc) return -1;
    x->cat = nc;
    if (!(nc[x->ncat].label = strdup(lab))) return -1;
    nc[x->ncat].count = 0;
    return (long)x->ncat++;
}

/* Read the draws of a store into the table tb (inputs, outputs, lines known). */
static int read_draws(sqlite3 *db, const char *path, ent_simulation_t *tb)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT * FROM draws ORDER BY draw", -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, path, "reading the store");
    size_t ncol = 1 + tb->ninputs + tb->noutputs + tb->nlines;
    if ((size_t)sqlite3_column_count(st) != ncol) { sqlite3_finalize(st); return bad_store(path, "the draws table does not match its inputs and outputs"); }
    tb->drawn = malloc((tb->ninputs * tb->draws + 1) * sizeof *tb->drawn);
    tb->values = malloc((tb->noutputs * tb->draws + 1) * sizeof *tb->values);
    tb->holds = malloc((tb->nlines * tb->draws + 1) * sizeof *tb->holds);
    if (!tb->drawn || !tb->values || !tb->holds) { sqlite3_finalize(st); fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
    size_t d = 0;
    int step, rc = 0;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (d >= tb->draws || sqlite3_column_int64(st, 0) != (sqlite3_int64)d) { rc = bad_store(path, "the draws are not 0, 1, ... as its meta says"); break; }
        int c = 1;
        for (size_t k = 0; k < tb->ninputs; k++, c++) tb->drawn[d * tb->ninputs + k] = sqlite3_column_double(st, c);
        for (size_t o = 0; o < tb->noutputs; o++, c++) {
            ent_sim_output_t *x = &tb->outputs[o];
            double *v = &tb->values[d * tb->noutputs + o];
            if (sqlite3_column_type(st, c) == SQLITE_NULL) { *v = NAN; continue; }
            if (x->kind != ENT_SIM_CATEGORY) { *v = sqlite3_column_double(st, c); continue; }
            long i = cat_index(x, (const char *)sqlite3_column_text(st, c));
            if (i < 0) { fprintf(stderr, "entente: out of memory\n"); rc = ENT_EXIT_FAIL; break; }
            *v = (double)i;
        }
        for (size_t l = 0; l < tb->nlines; l++, c++) tb->holds[d * tb->nlines + l] = sqlite3_column_int(st, c) != 0;
        d++;
    }
    if (!rc && step != SQLITE_DONE) rc = db_fail(db, path, "reading the store");
    if (!rc && d != tb->draws) rc = bad_store(path, "fewer draws than its meta says");
    sqlite3_finalize(st);
    return rc;
}

/* Read inputs / outputs / lines (names and kinds) into tb. */
static int read_heads(sqlite3 *db, const char *path, ent_simulation_t *tb)
{
    sqlite3_stmt *st = NULL;
    const char *q[3] = {"SELECT name FROM inputs ORDER BY k", "SELECT name, kind FROM outputs ORDER BY o",
                        "SELECT l FROM lines ORDER BY l"};
    for (int t = 0; t < 3; t++) {
        if (sqlite3_prepare_v2(db, q[t], -1, &st, NULL) != SQLITE_OK) return db_fail(db, path, "reading the store");
        size_t n = 0, cap = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (t == 0) {
                if (n == cap) { cap = cap ? 2 * cap : 16; tb->inputs = realloc(tb->inputs, cap * sizeof *tb->inputs); }
                if (!tb->inputs) break;
                memset(&tb->inputs[n], 0, sizeof tb->inputs[n]);
                tb->inputs[n].name = strdup((const char *)sqlite3_column_text(st, 0));
                tb->ninputs = ++n;
            } else if (t == 1) {
                if (n == cap) { cap = cap ? 2 * cap : 16; tb->outputs = realloc(tb->outputs, cap * sizeof *tb->outputs); }
                if (!tb->outputs) break;
                ent_sim_output_t *x = &tb->outputs[n];
                memset(x, 0, sizeof *x);
                x->name = strdup((const char *)sqlite3_column_text(st, 0));
                const char *k = (const char *)sqlite3_column_text(st, 1);
                x->kind = !strcmp(k, "number") ? ENT_SIM_NUMBER : !strcmp(k, "flag") ? ENT_SIM_FLAG : ENT_SIM_CATEGORY;
                tb->noutputs = ++n;
            } else
                tb->nlines = ++n;
        }
        sqlite3_finalize(st);
        if ((t == 0 && n && !tb->inputs) || (t == 1 && n && !tb->outputs)) { fprintf(stderr, "entente: out of memory\n"); return ENT_EXIT_FAIL; }
    }
    return 0;
}

int ent_cli_store_read(const char *path, ent_scenario_t *s, ent_simulate_opts_t *so, ent_simulation_t *tb)
{
    ent_scenario_init(s);
    ent_simulation_init(tb);
    ent_simulate_opts_init(so);
    struct stat sb;
    if (stat(path, &sb) != 0) { fprintf(stderr, "%s: cannot open the store: %s\n", path, "no such file"); return ENT_EXIT_FAIL; }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int rc = db_fail(db, path, "cannot open the store");
        sqlite3_close(db);
        return rc;
    }
    int rc = 0;
    char *schema = NULL, *hash = NULL, *seed = NULL, *draws = NULL, *fc = NULL, *np = NULL, *text = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_exec(db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL) != SQLITE_OK) { rc = db_fail(db, path, "reading the store"); goto done; }
    schema = meta_get(db, "schema");
    hash = meta_get(db, "scenario_hash");
    seed = meta_get(db, "seed");
    draws = meta_get(db, "draws");
    fc = meta_get(db, "forecasts");
    np = meta_get(db, "no_position");
    if (!schema || strcmp(schema, STORE_SCHEMA) || !hash || !seed || !draws || !fc || !np) { rc = bad_store(path, "no meta table of schema " STORE_SCHEMA); goto done; }
    if (sqlite3_prepare_v2(db, "SELECT text FROM scenario WHERE hash = ?", -1, &st, NULL) != SQLITE_OK) { rc = bad_store(path, "no scenario table"); goto done; }
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) text = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!text) { rc = bad_store(path, "no scenario of the run's hash"); goto done; }
    char h2[17];
    text_hash(text, h2);
    if (strcmp(h2, hash)) { rc = bad_store(path, "the scenario's text does not match its hash"); goto done; }
    ent_error_t err = {0};
    if (ent_scenario_load_mem(s, path, text, strlen(text), NULL, &err) != ENT_OK) { rc = ent_cli_fail(&err); goto done; }
    so->seed = strtoull(seed, NULL, 10);
    so->draws = (size_t)strtoull(draws, NULL, 10);
    so->forecasts = strcmp(fc, "0") != 0;  /* "0", "1", or the models' list (--models) */
    if (strcmp(fc, "0") && strcmp(fc, "1") && ent_cli_simulate_models("simulate", fc, so)) {
        rc = bad_store(path, "a forecasts entry that names no model");
        goto done;
    }
    so->no_position = (ent_no_position_t)atoi(np);
    char *lim = meta_get(db, "exact_limit");  /* written only when lowered */
    if (lim) so->exact_limit = (size_t)strtoull(lim, NULL, 10);
    free(lim);
    if (so->exact_limit < 1 || so->exact_limit > ENT_SIMULATE_MAX_DRAWS) { rc = bad_store(path, "an exact limit out of range"); goto done; }
    tb->draws = so->draws;
    tb->seed = so->seed;
    if (so->draws < 1 || so->draws > ENT_SIMULATE_MAX_DRAWS) { rc = bad_store(path, "a number of draws out of range"); goto done; }
    if ((rc = read_heads(db, path, tb)) == 0) rc = read_draws(db, path, tb);
done:
    free(schema); free(hash); free(seed); free(draws); free(fc); free(np); free(text);
    sqlite3_close(db);
    return rc;
}
