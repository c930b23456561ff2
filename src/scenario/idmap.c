/* SPDX-License-Identifier: MIT */
/* idmap.c — string→index hash map (see idmap.h).
 * Open addressing, linear probing, FNV-1a 64-bit hash; the table doubles when half full,
 * so put and get are O(1) expected and O(n) worst case; memory 2–4 slots per key.
 * Also the id syntax check shared by the loader and the validator. */
#include "scenario/idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void ent_i_idmap_init(ent_i_idmap_t *m)
{
    memset(m, 0, sizeof *m);
}

void ent_i_idmap_free(ent_i_idmap_t *m)
{
    if (!m) return;
    free(m->keys);
    free(m->vals);
    ent_i_idmap_init(m);
}

static int grow(ent_i_idmap_t *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 16;
    const char **nk = calloc(ncap, sizeof *nk);
    size_t *nv = malloc(ncap * sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = (size_t)hash_str(m->keys[i]) & (ncap - 1);
        while (nk[j]) j = (j + 1) & (ncap - 1);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return 0;
}

int ent_i_idmap_put(ent_i_idmap_t *m, const char *key, size_t val, size_t *old)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) != 0) return -1;
    size_t j = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            if (old) *old = m->vals[j];
            return 1;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
    return 0;
}

long ent_i_idmap_get(const ent_i_idmap_t *m, const char *key)
{
    if (!m->cap || !key) return -1;
    size_t j = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) return (long)m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}

static int id_char(unsigned char c, int first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80)
        return 1;
    return !first && (c == '_' || c == '-' || c == '.');
}

int ent_i_id_ok(const char *id)
{
    const unsigned char *p = (const unsigned char *)id;
    if (!p || !*p) return 0;
    for (size_t i = 0; p[i]; i++)
        if (!id_char(p[i], i == 0)) return 0;
    return 1;
}
