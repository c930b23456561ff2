/* SPDX-License-Identifier: MIT */
/* exchange_i.h — internals of the exchange model shared by its two modules
 * (exchange_kernel.c, exchange.c) and its unit tests: the seeded PRNG.
 *
 * The PRNG is MT19937 (Matsumoto & Nishimura 1998) seeded exactly like CPython's
 * random.seed(n) for an integer n >= 0 (init_by_array over the 32-bit words of n, least
 * significant first) and drawing like random.random() (genrand_res53), as exchange.md §10.4
 * describes. Not exported from the library.
 */
#ifndef ENT_EXCHANGE_I_H
#define ENT_EXCHANGE_I_H

#include <stdint.h>

typedef struct {
    uint32_t mt[624];
    int mti;
} ent_i_mt_t;

void ent_i_mt_seed(ent_i_mt_t *r, uint64_t seed);
uint32_t ent_i_mt_next32(ent_i_mt_t *r);
/* Uniform double in [0, 1) with 53 random bits. */
double ent_i_mt_random(ent_i_mt_t *r);

#endif
