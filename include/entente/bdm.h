/* entente/bdm.h — options and kernel API of the bdm model (placeholder: filled by the bdm engine). */
#ifndef ENTENTE_BDM_H
#define ENTENTE_BDM_H
#include "entente/core.h"
typedef struct { int reserved; } ent_bdm_opts_t;
#endif
