/* SPDX-License-Identifier: MIT */
/* 25-bdm-q.c — a small checker used by scripts/validate.d/25-bdm.sh for the test vectors of
 * ../shared/docs/models/bdm.md §C.4 that need a Q other than 1, which `entente forecast`
 * has no option for. Loads FILE with the library's importers, runs the expected-utility
 * model (variant and Q from the command line, 10 rounds) and prints one line per state:
 * "round mean median" with %.15g (eum prints 15 significant digits).
 * Usage: 25-bdm-q VARIANT Q FILE. Complexity: that of ent_bdm_run (src/forecast/bdm_run.c).
 */
#include "entente.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: 25-bdm-q VARIANT Q FILE\n");
        return 2;
    }
    ent_forecast_opts_t o;
    ent_forecast_opts_init(&o);
    ent_bdm_opts_init(&o.bdm);
    if (ent_bdm_variant_parse(argv[1], &o.bdm.variant) != ENT_OK) {
        fprintf(stderr, "25-bdm-q: unknown variant %s\n", argv[1]);
        return 2;
    }
    o.bdm.q = strtod(argv[2], NULL);
    ent_scenario_t s;
    ent_scenario_init(&s);
    ent_error_t e = {0};
    char msg[1200];
    if (ent_scenario_load(&s, argv[3], NULL, &e) != ENT_OK) {
        ent_error_format(&e, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        return 3;
    }
    ent_forecast_t f;
    ent_forecast_init(&f);
    int rc = 0;
    if (ent_bdm_run(&s, &o, &f, &e) != ENT_OK) {
        ent_error_format(&e, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        rc = 1;
    } else if (f.nissues > 0 && f.outcome[0]) {
        const ent_track_t *t = &f.tracks[0];
        for (size_t k = 0; k < t->nstates; k++)
            printf("%zu %.15g %.15g\n", k, t->fc[k], t->median[k]);
    }
    ent_forecast_destroy(&f);
    ent_scenario_destroy(&s);
    return rc;
}
