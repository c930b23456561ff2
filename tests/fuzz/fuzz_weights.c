/* SPDX-License-Identifier: MIT */
/* fuzz_weights.c — libFuzzer harness of the weights-table reader ent_game_read_weights
 * (src/game/rule.c; `entente rule|power FILE.csv --quota Q`): a CSV "name,...,weight" with a
 * header row, or an EPIC game file of one integer per line whose first line is the quota.
 * The reader takes a path, so each input is written to one temporary file.
 * Input: byte 0 chooses the call — bit 0: weights_only; bit 1: the quota text is the next
 * line of the input; else bits 2-3 pick it from {the file's own (NULL), "50%", "11",
 * "66.67%"} — and the rest is the file. A game that is read is queried: names and weights
 * of every player, winning and blocking, and for at most 12 players veto players, the
 * minimal winning coalitions and exact power. Any crash, leak, UB or hang is a bug; so is a
 * game with no players. Seed corpus: tests/fuzz/corpus/weights/. Run: sh scripts/fuzz.sh. */
#include "entente.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* As in the other harnesses: no madvise() stalls inside free() on a loaded machine. */
const char *__asan_default_options(void) { return "allocator_release_to_os_interval_ms=-1"; }

static char path[64];

static void remove_file(void) { unlink(path); }

/* The one temporary file every input is written to. */
static const char *write_file(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        strcpy(path, "/tmp/entente-fuzz-weights-XXXXXX");
        int fd = mkstemp(path);
        if (fd < 0) abort();
        close(fd);
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f)) abort();
    return path;
}

static void query(const ent_game_t *g)
{
    size_t n = ent_game_nplayers(g);
    if (n == 0) abort();
    for (size_t k = 0; k < n; k++) {
        if (!ent_game_player_name(g, k)) abort();
        (void)ent_game_player_weight(g, k);
    }
    if (n > 64) return;
    unsigned char in[64] = {0}, flags[64] = {0};
    for (size_t k = 0; k < n; k++) in[k] = (unsigned char)(k % 3 != 0);
    (void)ent_game_winning(g, in);
    (void)ent_game_blocking(g, in);
    if (n > 12) return;
    ent_error_t e = {0};
    ent_game_veto_players(g, flags, &e);
    ent_coalitions_t c;
    if (ent_game_minimal(g, 0, 5, &c, &e) == ENT_OK) ent_coalitions_destroy(&c);
    ent_power_opts_t po;
    ent_power_opts_init(&po);
    po.max_memory = 64.0 * 1024 * 1024;
    ent_power_t p;
    if (ent_game_power(g, &po, &p, &e) == ENT_OK) ent_power_destroy(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const quotas[] = {NULL, "50%", "11", "66.67%"};
    if (size < 1 || size > 16384) return 0;
    int weights_only = data[0] & 1;
    const char *quota = quotas[(data[0] >> 2) & 3];
    char qtext[64];
    data++, size--;
    if ((data[-1] & 2)) {   /* the quota is the next line */
        size_t k = 0;
        while (k < size && data[k] != '\n' && k + 1 < sizeof qtext) k++;
        memcpy(qtext, data, k);
        qtext[k] = 0;
        if (memchr(qtext, 0, k)) return 0;
        quota = qtext;
        if (k < size && data[k] == '\n') k++;
        data += k, size -= k;
    }
    const char *file = write_file(data, size);
    ent_game_t *g = NULL;
    ent_error_t e = {0};
    if (ent_game_read_weights(file, quota, weights_only, &g, &e) == ENT_OK) query(g);
    else if (g) abort();   /* on error *out stays NULL */
    ent_game_destroy(g);
    return 0;
}
