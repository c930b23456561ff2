/* entente/smp.h — options and kernel API of the smp model (placeholder: filled by the smp engine). */
#ifndef ENTENTE_SMP_H
#define ENTENTE_SMP_H
#include "entente/core.h"
typedef struct { int reserved; } ent_smp_opts_t;
#endif
