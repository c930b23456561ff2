/* SPDX-License-Identifier: MIT */
/* idmap.h — internal string→index hash map used by the scenario loader and validator to
 * resolve and check ids in O(1) expected time per lookup (so 100 000 actors load in
 * linear time, not O(n²)).
 *
 * Open addressing with linear probing, FNV-1a hashing, load factor <= 1/2. Keys are not
 * copied: they must outlive the map (they point into the scenario or the parse tree). */
#ifndef ENT_I_IDMAP_H
#define ENT_I_IDMAP_H

#include <stddef.h>

typedef struct {
    const char **keys;
    size_t *vals;
    size_t cap;   /* power of two, or 0 */
    size_t n;
} ent_i_idmap_t;

void ent_i_idmap_init(ent_i_idmap_t *m);
void ent_i_idmap_free(ent_i_idmap_t *m);
/* Insert key → val. Returns 0 when inserted, 1 when the key was already present (its
 * value is stored in *old when old is non-NULL; nothing changes), -1 when out of memory. */
int ent_i_idmap_put(ent_i_idmap_t *m, const char *key, size_t val, size_t *old);
/* Value of key, or -1 when absent. */
long ent_i_idmap_get(const ent_i_idmap_t *m, const char *key);

/* 1 when `id` is a well-formed id (docs/format.md): ASCII letters, digits, '_', '-', '.',
 * starting with a letter or digit; bytes >= 0x80 (UTF-8 sequences) count as letters. */
int ent_i_id_ok(const char *id);

/* Free the scenario builder's id index (build.c; s->index). NULL is a no-op. */
struct ent_scenario_index;
void ent_i_index_free(struct ent_scenario_index *x);

#endif
