/* SPDX-License-Identifier: MIT */
/* ynode.h — internal: the YAML/JSON parse tree of src/scenario/yaml.c, shared with the
 * modules that read parts of it (src/scenario/prefs.c, uncertainty.c). Nodes live in yaml.c's arena and are
 * valid while the loader runs. */
#ifndef ENT_I_YNODE_H
#define ENT_I_YNODE_H

#include "entente/scenario.h"

#include <stddef.h>

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

/* ---- preference forms (src/scenario/prefs.c; docs/format.md, "Preferences") ----
 * Read the value of a `preference:` key into *out (zeroed first; out->ord owned by the
 * caller's scenario once it returns ENT_OK). `issue` is the issue of a position's form, or
 * NULL for the scenario's default. `file` names the input in messages. Errors: ENT_EINPUT
 * with file:line:col of the offending node; ENT_ENOMEM. */
ent_status_t ent_i_pref_read(const char *file, const ynode_t *n, const ent_issue_t *issue, ent_pref_t *out,
                             ent_error_t *err);

/* ---- enforcement designs (src/scenario/prefs.c; docs/format.md, "proposals") ----
 * Read the value of a proposal's `design:` key into p->design: a rule id (the aggressor is
 * then the single member of the group `aggressor`), or {rule: R, against: ACTOR, issues:
 * [ISSUE, ...]} (issues among the proposal's; default all). Rules, actors, groups and the
 * proposal's points must be loaded. Errors as ent_i_pref_read. */
ent_status_t ent_i_design_read(const char *file, const ynode_t *n, const ent_scenario_t *s, ent_proposal_t *p,
                               ent_error_t *err);

/* ---- the `uncertainty:` section (src/scenario/uncertainty.c; docs/format.md) ----
 * Read the top-level `uncertainty:` value `n` of file `name` into s->uncertainty, once every
 * other section is loaded (paths name actors, issues and steps). */
ent_status_t ent_i_uncertainty_load(ent_scenario_t *s, const char *name, const ynode_t *n, ent_error_t *err);

/* ---- the parse tree alone (src/scenario/yaml.c), for other YAML readers ----
 * Parse data[0..len) of file `name` (checked text: UTF-8, no control bytes; one document;
 * no tags or aliases) into a tree owned by *tree (free with ent_i_ytree_free; NULL is a
 * no-op). *root is NULL for an empty document. Errors: ENT_EINPUT with file:line:col. */
typedef struct ent_i_ytree ent_i_ytree_t;
ent_status_t ent_i_ytree_parse(const char *name, const char *data, size_t len, ent_i_ytree_t **tree,
                               const ynode_t **root, ent_error_t *err);
void ent_i_ytree_free(ent_i_ytree_t *t);

#endif
