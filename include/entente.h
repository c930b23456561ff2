/* SPDX-License-Identifier: MIT */
/* entente.h — the one public header of the entente library.
 *
 * entente analyses multi-party negotiations: who can block what (entente/game.h), where
 * the bargaining lands (entente/forecast.h and the model headers; scored against known
 * outcomes by entente/validate.h), whether the talks move or circle, proposals, win-sets
 * and precondition chains (entente/analysis.h).
 * Conventions (entente/core.h): ent_ prefix; fallible calls return ent_status_t and fill
 * an ent_error_t; init/destroy pairs; destroy(NULL) is a no-op; option structs are filled
 * with defaults by *_opts_init().
 */
#ifndef ENTENTE_H
#define ENTENTE_H

#include "entente/core.h"
#include "entente/scenario.h"
#include "entente/survey.h"
#include "entente/game.h"
#include "entente/forecast.h"
#include "entente/validate.h"
#include "entente/analysis.h"
#include "entente/simulate.h"
#include "entente/report.h"

#endif
