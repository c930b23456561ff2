/* entente/exchange.h — options and kernel API of the exchange model (placeholder: filled by the exchange engine). */
#ifndef ENTENTE_EXCHANGE_H
#define ENTENTE_EXCHANGE_H
#include "entente/core.h"
typedef struct { int reserved; } ent_exchange_opts_t;
#endif
