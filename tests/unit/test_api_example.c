/* test_api_example.c — the example program of docs/api.md, run as a test: load a scenario
 * from memory, compile its rule, compute exact Shapley–Shubik power, and forecast with the
 * compromise model. Keep it identical to the code block in docs/api.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "entente.h"

/* ---- begin docs/api.md example ---- */
static const char *yaml =
    "entente: 1\n"
    "actors:\n"
    "  - {id: A, capability: 3}\n"
    "  - {id: B, capability: 2}\n"
    "  - {id: C, capability: 1}\n"
    "issues:\n"
    "  - {id: budget, scale: [0, 100]}\n"
    "positions:\n"
    "  - {actor: A, issue: budget, position: 20, salience: 1}\n"
    "  - {actor: B, issue: budget, position: 60, salience: 1}\n"
    "  - {actor: C, issue: budget, position: 80, salience: 1}\n"
    "rules:\n"
    "  - {id: majority, expr: \"2 of {A, B, C}\"}\n";

static ent_status_t example(char *shapley_A, size_t n, double *compromise, ent_error_t *err)
{
    ent_scenario_t s;
    ent_game_t *g = NULL;
    ent_power_t p;
    ent_forecast_t f;
    ent_power_opts_t po;
    ent_forecast_opts_t fo;
    ent_status_t st;

    ent_scenario_init(&s);
    ent_forecast_init(&f);
    ent_power_init(&p);
    st = ent_scenario_load_mem(&s, "example.yaml", yaml, strlen(yaml), NULL, err);
    if (st) goto done;
    st = ent_game_from_rule(&s, 0, "example.yaml", &g, err);
    if (st) goto done;
    ent_power_opts_init(&po);
    po.indices = 1u << ENT_IDX_SHAPLEY;
    st = ent_game_power(g, &po, &p, err);
    if (st) goto done;
    strncpy(shapley_A, p.exact[ENT_IDX_SHAPLEY][0], n - 1); /* player 0 = actor A */
    shapley_A[n - 1] = 0;
    ent_forecast_opts_init(&fo);
    st = ent_forecast_run(&s, "compromise", &fo, &f, err);
    if (st) goto done;
    *compromise = f.outcome[0][0];
done:
    ent_forecast_destroy(&f);
    ent_power_destroy(&p);
    ent_game_destroy(g);
    ent_scenario_destroy(&s);
    return st;
}
/* ---- end docs/api.md example ---- */

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
