/* SPDX-License-Identifier: MIT */
/* ytree.h — internal: the parse tree the YAML/JSON loader builds (src/scenario/yaml.c), each
 * node with its 1-based line:col, shared with the readers of sections that live in their own
 * file (the `uncertainty:` section, src/scenario/uncertainty.c). The tree is owned by the
 * loader's arena and valid only during the load. */
#ifndef ENT_I_YTREE_H
#define ENT_I_YTREE_H

#include "entente/scenario.h"

enum { YN_SCALAR, YN_SEQ, YN_MAP };

typedef struct ynode {
    unsigned char type;
    unsigned char plain;   /* scalar written plain (not quoted, not a block scalar) */
    int line, col;         /* 1-based */
    size_t n;              /* scalar: byte length; sequence: items; mapping: pairs */
    union {
        char *s;               /* scalar text, NUL-terminated */
        struct ynode **kids;   /* sequence items; mapping: key0, value0, key1, value1, ... */
    } u;
} ynode_t;

/* Read the top-level `uncertainty:` value `n` of file `name` into s->uncertainty, once every
 * other section is loaded (paths name actors, issues and steps). src/scenario/uncertainty.c. */
ent_status_t ent_i_uncertainty_load(ent_scenario_t *s, const char *name, const ynode_t *n, ent_error_t *err);

#endif
