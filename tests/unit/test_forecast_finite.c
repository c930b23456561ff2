/* SPDX-License-Identifier: MIT */
/* test_forecast_finite.c — the dispatcher's last guard (src/forecast/forecast.c,
 * check_finite): a model whose arithmetic overflows refuses the scenario (ENT_EINPUT, the
 * result emptied) instead of returning inf or NaN as a forecast. The loader bounds every
 * number (0 or 1e-16..1e16, scenario/numfmt.h), so the overflowing scenario is made in C,
 * past ent_scenario_validate: capabilities of 1e308 on a scale of [-1e308, 1e308], the
 * audit's case (issue 10). Every model of the registry is run on it; each must either
 * return finite numbers or refuse.
 */
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "entente.h"

static const char *yaml =
    "entente: 1\n"
    "actors: [{id: a, capability: 1}, {id: b, capability: 1}, {id: c, capability: 1}]\n"
    "issues: [{id: x, scale: [-1, 1]}, {id: y, scale: [-1, 1]}]\n"
    "positions:\n"
    "  - {actor: a, issue: x, position: -1, salience: 1}\n"
    "  - {actor: b, issue: x, position: 1, salience: 1}\n"
    "  - {actor: c, issue: x, position: 1, salience: 0.5}\n"
    "  - {actor: a, issue: y, position: 1, salience: 0.2}\n"
    "  - {actor: b, issue: y, position: -1, salience: 1}\n"
    "  - {actor: c, issue: y, position: 0, salience: 1}\n";

/* The scenario above blown up to the edge of the double range. */
static void load_huge(ent_scenario_t *s)
{
    ent_scenario_init(s);
    ent_error_t e = {0};
    assert_int_equal(ent_scenario_load_mem(s, "t.yaml", yaml, strlen(yaml), NULL, &e), ENT_OK);
    for (size_t a = 0; a < s->nactors; a++) s->actors[a].capability = 1e308;
    for (size_t i = 0; i < s->nissues; i++) {
        s->issues[i].lo[0] = -1e308;
        s->issues[i].hi[0] = 1e308;
        for (size_t a = 0; a < s->nactors; a++) {
            ent_position_t *p = (ent_position_t *)ent_scenario_pos(s, a, i);
            if (p->present && p->x) p->x[0] *= 1e308;
        }
    }
    /* and the loader's own checks say no to it */
    ent_error_clear(&e);
    assert_int_equal(ent_scenario_validate(s, "t.yaml", &e), ENT_EINPUT);
    assert_non_null(strstr(e.msg, "out of range"));
}

static void overflow_is_refused_never_printed(void **state)
{
    (void)state;
    ent_scenario_t s;
    load_huge(&s);
    const ent_forecast_model_t *m;
    size_t refused = 0;
    for (size_t k = 0; (m = ent_forecast_model_at(k)); k++) {
        ent_forecast_t f;
        ent_forecast_init(&f);
        ent_error_t e = {0};
        ent_forecast_opts_t o;
        ent_forecast_opts_init(&o);
        o.rounds = 5;
        ent_status_t st = ent_forecast_run(&s, m->name, &o, &f, &e);
        if (st == ENT_OK) {
            for (size_t i = 0; i < f.nissues; i++)
                if (f.outcome && f.outcome[i]) assert_true(isfinite(f.outcome[i][0]));
        } else {
            assert_int_equal(st, ENT_EINPUT);
            assert_null(f.outcome); /* emptied */
            if (strstr(e.msg, "overflowed")) refused++;
        }
        ent_forecast_destroy(&f);
    }
    /* at least one model (the weighted mean of 1e308 capabilities) overflowed and said so */
    assert_true(refused >= 1);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overflow_is_refused_never_printed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
