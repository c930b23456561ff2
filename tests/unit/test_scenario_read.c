/* SPDX-License-Identifier: MIT */
/* test_scenario_read.c — unit tests of the text-file reader of src/scenario/load.c
 * (read_text_file, check_text), through ent_scenario_load and ent_scenario_load_mem: UTF-16
 * is named as such (byte-order mark, or NULs between the characters), a NUL byte and, past
 * the first MiB, a byte that is not UTF-8 stop the reading, and a multi-byte character split
 * between two reads of a pipe is not mistaken for bad UTF-8 (the pipe is fed in odd-sized
 * pieces by a child process). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "entente.h"

static const char *mini = "entente: 1\nactors:\n  - {id: UA, capability: 1}\n";

static void utf16_is_named(void **state)
{
    (void)state;
    /* mini in UTF-16LE with a byte-order mark, in UTF-16BE without one */
    char le[256], be[256];
    size_t n = strlen(mini), k = 0;
    le[k++] = (char)0xFF;
    le[k++] = (char)0xFE;
    for (size_t i = 0; i < n; i++) { le[k++] = mini[i]; le[k++] = 0; }
    for (size_t i = 0; i < n; i++) { be[2 * i] = 0; be[2 * i + 1] = mini[i]; }
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load_mem(&s, "le.yaml", le, k, NULL, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "looks like UTF-16LE text (byte order mark); expected UTF-8"));
    assert_int_equal(e.line, 1);
    assert_int_equal(e.col, 1);
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_load_mem(&s, "be.yaml", be, 2 * n, NULL, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "UTF-16BE text (NUL bytes between the characters)"));
    /* a NUL in plain text is binary data, not UTF-16 */
    char bin[64];
    memcpy(bin, mini, 40);
    bin[20] = 0;
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_load_mem(&s, "b.yaml", bin, 40, NULL, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "NUL byte (binary data?)"));
    assert_int_equal(e.line, 3);
    ent_scenario_destroy(&s);
}

/* `lines` comment lines of multi-byte characters (2, 3 and 4 bytes), then `tail`. */
static char *big_text(size_t lines, const char *tail, size_t *len)
{
    static const char line[] = "# \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 \xC3\xA9\xC3\xA9\xE2\x82\xAC\n";
    size_t ll = sizeof line - 1, tl = strlen(tail);
    char *t = malloc(lines * ll + tl + 1);
    assert_non_null(t);
    for (size_t i = 0; i < lines; i++) memcpy(t + i * ll, line, ll);
    memcpy(t + lines * ll, tail, tl + 1);
    *len = lines * ll + tl;
    return t;
}

/* Load `data` through a pipe written in `piece`-byte writes by a child process. */
static ent_status_t load_piped(ent_scenario_t *s, const char *data, size_t len, size_t piece,
                               ent_error_t *e)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        for (size_t off = 0; off < len;) {
            size_t n = len - off < piece ? len - off : piece;
            ssize_t w = write(fd[1], data + off, n);
            if (w <= 0) _exit(1);
            off += (size_t)w;
        }
        _exit(0);
    }
    close(fd[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd[0]);
    ent_load_opts_t o; /* YAML forced: detection looks at the first lines only */
    ent_load_opts_init(&o);
    o.format = ENT_FMT_YAML;
    ent_status_t st = ent_scenario_load(s, path, &o, e);
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    return st;
}

static void split_characters_are_not_bad_utf8(void **state)
{
    (void)state;
    size_t len;
    char *t = big_text(80000, mini, &len); /* ~2 MiB */
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    ent_status_t st = load_piped(&s, t, len, 4093, &e);
    if (st != ENT_OK) print_error("%s:%d:%d: %s\n", e.file, e.line, e.col, e.msg);
    assert_int_equal(st, ENT_OK);
    assert_int_equal(s.nactors, 1);
    ent_scenario_destroy(&s);
    free(t);
}

static void binary_past_one_mib_stops(void **state)
{
    (void)state;
    size_t len;
    char *t = big_text(60000, mini, &len); /* ~1.5 MiB of good text... */
    t[1000 * 20 + 2] = (char)0xFF;         /* ...with a bad byte at line 1001, column 3 */
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    assert_int_equal(load_piped(&s, t, len, 65536, &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "byte 0xFF is not valid UTF-8 (binary data?)"));
    assert_int_equal(e.line, 1001);
    assert_int_equal(e.col, 3);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf16_is_named),
        cmocka_unit_test(split_characters_are_not_bad_utf8),
        cmocka_unit_test(binary_past_one_mib_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
