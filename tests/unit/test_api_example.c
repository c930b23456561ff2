/* SPDX-License-Identifier: MIT */
/* test_api_example.c — the example program of docs/api.md, run as a test: load a scenario
 * from memory, compile its rule, compute exact Shapley–Shubik power, and forecast with the
 * compromise model. The code is not copied here: the build extracts it from the doc. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "entente.h"

/* The example itself: the ```c block under "## Example" in docs/api.md, cut out by the
 * Makefile into $(BUILD)/tests/api_example.inc (with a #line directive, so a compile error
 * points into docs/api.md). It defines `yaml` and `example()`. */
#include "api_example.inc"

static void api_example_runs(void **state)
{
    (void)state;
    char ss[64];
    double c = 0;
    ent_error_t err = {0};
    assert_int_equal(example(ss, sizeof ss, &c, &err), ENT_OK);
    assert_string_equal(ss, "1/3");                      /* symmetric 2-of-3 game */
    assert_true(c > 43.333 && c < 43.334);               /* (3*20 + 2*60 + 80) / 6 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(api_example_runs)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
