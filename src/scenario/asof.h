/* SPDX-License-Identifier: MIT */
/* asof.h — internal helpers of src/scenario/asof.c (dated codings) for the loader (yaml.c),
 * the scenario's destruction (scenario.c), the emitter and the comparison. */
#ifndef ENT_I_ASOF_H
#define ENT_I_ASOF_H

#include "entente/scenario.h"

/* Free the earlier codings of a precondition link (pc->earlier and its chain; each one's
 * steps, insist, notes, source); pc->earlier becomes NULL. */
void ent_i_precond_free_earlier(ent_precond_t *pc);
/* "YYYY-MM-DD" of a YYYYMMDD date into buf (at least 11 bytes). */
void ent_i_date_text(long date, char *buf, size_t n);

#endif
