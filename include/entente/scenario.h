/* SPDX-License-Identifier: MIT */
/* entente/scenario.h — the scenario: actors, issues, positions, rules, proposals, steps.
 *
 * A scenario is plain data. The loader (YAML/JSON, src/scenario/load.c), the importers
 * (src/scenario/import_*.c) and the builder (ent_scenario_add_*, src/scenario/build.c) fill
 * it; every analysis reads it. Embedders build scenarios with the builder, never by filling
 * these structs by hand. Indices, not pointers, link
 * its parts (a position names actor i and issue j by index), so a scenario can be copied
 * with memcpy of its arrays and compared field by field.
 *
 * Ownership: an ent_scenario_t owns every string and array reachable from it.
 * ent_scenario_destroy() frees them all; destroy(NULL) is a no-op. Strings are UTF-8,
 * NUL-terminated; an absent optional string is NULL.
 *
 * Missing numbers are NaN (test with isnan); use ent_scenario_* accessors where given.
 */
#ifndef ENTENTE_SCENARIO_H
#define ENTENTE_SCENARIO_H

#include "entente/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits (documented in docs/format.md). Larger inputs are refused with ENT_ELIMIT. */
#define ENT_MAX_ACTORS 1000000
#define ENT_MAX_ISSUES 100000
#define ENT_MAX_DIMS 64
#define ENT_MAX_CELLS 50000000 /* actors × issues */

/* Where an element was written in its source file (1-based; 0 = unknown). */
typedef struct { int line, col; } ent_loc_t;

/* A free attribute of an actor (population, GDP, ...). `num` is NaN when `text` is not a number. */
typedef struct {
    char *key;
    char *text;
    double num;
} ent_attr_t;

/* One entry of an actor's `member_of:` (docs/format.md): the bloc it belongs to, an actor
 * (the EU as an actor of its own) or a group. */
typedef struct {
    int group;         /* 0: index is an actor (a bloc actor); 1: a group */
    size_t index;
    ent_loc_t loc;
} ent_member_of_t;

/* An earlier dated coding of a single number (an actor's capability). */
typedef struct {
    double value;
    long as_of;        /* YYYYMMDD, > 0 */
    ent_loc_t loc;
} ent_dated_t;

typedef struct {
    char *id;          /* unique, required */
    char *name;        /* display name; defaults to id */
    double capability; /* >= 0; required (importers may set 1 when the table has none); the
                          latest coding when the capability is dated */
    long cap_as_of;    /* date of `capability` as YYYYMMDD (`capability: [{value: 40, as_of:
                          2025-08-17}, ...]`); 0 = undated */
    size_t ncap_earlier;      /* earlier dated capabilities, newest first, each dated before
                                 the one above it (asof.c) */
    ent_dated_t *cap_earlier; /* owned; NULL when none */
    size_t nattrs;
    ent_attr_t *attrs;
    size_t nmember_of; /* the blocs it belongs to (`member_of:`), in written order */
    ent_member_of_t *member_of; /* owned; NULL when none */
    char *notes;
    char *source;      /* citation */
    ent_loc_t loc;
} ent_actor_t;

/* A labelled point of an issue's scale ("Article 5-style commitment" at 100). */
typedef struct {
    double at;
    char *label;
    ent_loc_t loc;
} ent_label_t;

typedef struct {
    char *id;
    char *name;
    size_t ndim;        /* >= 1 */
    char **dim_names;   /* ndim names; for ndim == 1 may be {NULL} */
    double *lo, *hi;    /* ndim scale bounds; lo < hi; default 0..100 */
    char *lo_label, *hi_label;
    size_t nlabels;
    ent_label_t *labels;  /* notable points (1-D issues; for ndim > 1 on dimension 0) */
    double *status_quo;   /* ndim values, or NULL when unknown (reference point) */
    double *outcome;      /* ndim values, or NULL when unknown (actual outcome) */
    double step;          /* the coding step of the issue in its units (`step: 5`: positions
                             are coded in steps of 5), > 0; 0 = not given. The dynamic
                             forecasts judge convergence at half of it (docs/verdict.md). */
    char *notes;
    char *source;
    ent_loc_t loc;
} ent_issue_t;

/* An actor's preference form on an issue (`preference:`; docs/format.md, "Preferences";
 * the utilities are stated in docs/analyses.md §2). The loss of actor a on a 1-D issue at x,
 * with w its salience (0..1), p its position and R = hi − lo the issue's range:
 *   LINEAR     w·|x − p|                               (today's symmetric loss; the default)
 *   AT_LEAST   w·max(p − x, 0)       anything >= p is as good as p
 *   AT_MOST    w·max(x − p, 0)       anything <= p is as good as p
 *   SLOPES     w·(below·max(p − x, 0) + above·max(x − p, 0))   asymmetric slopes
 *   QUADRATIC  w·(x − p)²/R          (equal to the linear loss one full range away)
 *   ORDINAL    w·R·r(x)/(n − 1)      r: the rank (0 best .. n − 1 worst) of n labelled points
 *                                    of the scale, interpolated linearly between them and
 *                                    constant beyond the outermost; the position is not used
 * A multi-dimensional issue takes LINEAR only (the loader refuses another form there; a
 * scenario-level default applies to 1-D issues). The published forecasting models keep
 * their own utilities (docs/models.md). */
typedef enum {
    ENT_PREF_DEFAULT = 0, /* not written: the scenario's default, else LINEAR */
    ENT_PREF_LINEAR,
    ENT_PREF_AT_LEAST,
    ENT_PREF_AT_MOST,
    ENT_PREF_SLOPES,
    ENT_PREF_QUADRATIC,
    ENT_PREF_ORDINAL
} ent_pref_kind_t;

typedef struct {
    ent_pref_kind_t kind;
    double below, above; /* SLOPES: the weights written (>= 0, not both 0); for LINEAR,
                            AT_LEAST, AT_MOST the loader sets 1/1, 1/0, 0/1; else 0 */
    size_t nord;         /* ORDINAL: n >= 2 labelled points (dimension 0), best first */
    double *ord;         /* owned; NULL unless ORDINAL */
    ent_loc_t loc;
} ent_pref_t;

/* "linear", "at_least", "at_most", "slopes", "quadratic", "ordinal"; "" for DEFAULT. */
ENT_API const char *ent_pref_kind_name(ent_pref_kind_t k);

/* One actor's stand on one issue. Stored densely: scenario->pos[a * nissues + i]. */
typedef struct ent_position_s {
    int present;        /* 0 = the actor takes no position on the issue */
    double *x;          /* ndim coordinates (owned; NULL when !present) */
    double *sal;        /* ndim saliences, raw as written (0..salience_scale) */
    double capability;  /* per-issue capability override (Decide's #D power); NaN = actor's */
    ent_pref_t pref;    /* its preference form; kind DEFAULT when not written */
    char *notes;
    char *source;
    long as_of;         /* date of the coding as YYYYMMDD (`as_of: 2025-08-17`); 0 = undated */
    struct ent_position_s *earlier; /* owned: the earlier dated codings of this position, newest
                                       first, each with a smaller as_of (NULL = none); the cell
                                       itself is the latest, which counts without a date */
    ent_loc_t loc;
} ent_position_t;

/* A named group of actors, usable in rules ("all of istanbul_guarantors"). */
typedef struct {
    char *id;
    char *name;
    size_t n;
    size_t *members;  /* actor indices, in written order, no duplicates */
    ent_loc_t loc;
} ent_group_t;

/* The role of a rule (`kind:`; docs/format.md): what its decision does. The analyses compute
 * the same numbers for every kind; the reports word their sentences for it ("Russia can
 * block the settlement", "... can block deployment, not a response once troops are in
 * place"). UNSET, a rule without `kind:`, is worded as a guarantee, as before kinds existed
 * (the guarantee report reads every rule as a guarantee design). */
typedef enum {
    ENT_RULE_KIND_UNSET = 0,
    ENT_RULE_KIND_GUARANTEE,   /* triggers assistance to the protected party */
    ENT_RULE_KIND_SETTLEMENT,  /* concludes the settlement itself */
    ENT_RULE_KIND_DEPLOYMENT,  /* lets a force deploy (a precondition of a response, not one) */
    ENT_RULE_KIND_DECISION     /* any other collective decision (neutral wording) */
} ent_rule_kind_t;

/* "guarantee", "settlement", "deployment", "decision"; "" for UNSET; NULL out of range. */
ENT_API const char *ent_rule_kind_name(ent_rule_kind_t k);
/* Parse one of the four names (not "" or UNSET); ENT_EINVAL otherwise. */
ENT_API ent_status_t ent_rule_kind_parse(const char *name, ent_rule_kind_t *out /* OUT */);
/* The names a `kind:` takes, for messages: "guarantee, settlement, deployment, decision". */
#define ENT_RULE_KINDS "guarantee, settlement, deployment, decision"

/* A named decision rule. Its grammar is the game engine's (docs/rules.md); the loader keeps
 * the text and its line:col, and ent_game_check_rules (entente/game.h) checks it parses
 * against the scenario's actors and groups. */
typedef struct {
    char *id;
    char *name;
    ent_rule_kind_t kind; /* its role; ENT_RULE_KIND_UNSET when not written */
    char *expr;      /* rule text, e.g. "all of p5 and >= 9 of members" */
    char *notes;
    char *source;
    ent_loc_t loc;   /* of the expression, for error messages */
} ent_ruledef_t;

/* The enforcement design of a proposal (`design:`; docs/format.md, docs/analyses.md §2,
 * "Designs"): the rule that would enforce its guarantee and the aggressor whose power to
 * prevent under that rule (Coleman 1971) discounts every actor's valuation of the design's
 * issues: U = (1 − π)·U(proposal) + π·U(proposal with those issues at the status quo). */
typedef struct {
    int set;          /* 0: the proposal names no design (the rest is unused) */
    size_t rule;      /* the enforcing rule (index) */
    size_t against;   /* the aggressor (actor index) */
    size_t nissues;   /* the design's issues, a subset of the proposal's; 0 = all of them */
    size_t *issues;   /* issue indices (owned) */
    ent_loc_t loc;
} ent_design_t;

/* A proposal: a point on some issues, decided by a rule. */
typedef struct {
    char *id;
    char *name;
    long proposer;      /* actor index, or -1 when none is named */
    long rule;          /* rule index, or -1 (then the analysis picks the scenario's default) */
    size_t npoints;
    size_t *issue;      /* npoints issue indices */
    double **point;     /* npoints arrays of that issue's ndim coordinates */
    ent_design_t design; /* its enforcement design; design.set 0 when none */
    char *notes;
    char *source;
    ent_loc_t loc;
} ent_proposal_t;

/* Who insists on a precondition, and how strongly (salience on the scenario's scale). */
typedef struct {
    size_t actor;
    double salience;
} ent_insist_t;

/* One precondition of a step: the step cannot happen before ONE of `steps` has happened
 * (a plain `requires` entry has nsteps == 1; a `requires_any` entry has nsteps >= 2).
 * A link may be dated (`as_of:`) and repeated with other dates (the same step or steps):
 * the entry in the step's `pre` is the latest, its `earlier` chain the older codings
 * (who insists, how strongly), as for positions. */
typedef struct ent_precond_s {
    size_t nsteps;
    size_t *steps;
    size_t ninsist;
    ent_insist_t *insist;
    char *notes;
    char *source;
    long as_of;                    /* YYYYMMDD; 0 = undated */
    struct ent_precond_s *earlier; /* owned: earlier dated codings of this link, newest first
                                      (NULL = none); each has its own steps copy */
    ent_loc_t loc;
} ent_precond_t;

typedef struct {
    char *id;
    char *name;
    size_t npre;
    ent_precond_t *pre;
    char *notes;
    char *source;
    ent_loc_t loc;
} ent_step_t;

typedef struct {
    char *id;
    char *text;   /* the citation */
    char *url;
} ent_source_t;

/* ---- what-if changes and named variants (src/scenario/overlay.c; docs/format.md) ----
 * A change is one edit of a loaded scenario, kept as the text the analyst wrote:
 *   ENT_CHANGE_SET   "PATH=VALUE", e.g. "RU.guarantee.position=75" (`--set`)
 *   ENT_CHANGE_DROP  "STEP:REQUIRED", e.g. "summit:experts" (`--drop-precondition`)
 * The paths are listed in docs/format.md ("Variants"). A variant is a named list of changes
 * (the top-level `variants:` of a scenario file). Changes edit values, remove a position, a
 * proposal's point or a precondition, or add an actor, a position, a rule or a precondition
 * (`add.…`, appended after the existing ones): every index of the scenario (actors, issues,
 * rules, proposals, steps) means the same thing before and after. */
typedef enum { ENT_CHANGE_SET = 0, ENT_CHANGE_DROP } ent_change_kind_t;

typedef struct {
    ent_change_kind_t kind;
    char *text;      /* as written (owned) */
    ent_loc_t loc;   /* where a scenario file wrote it; {0, 0} on the command line */
} ent_change_t;

typedef struct {
    char *id;
    char *description;
    size_t nchanges;
    ent_change_t *changes;
    ent_loc_t loc;
} ent_variant_t;

/* ---- uncertainty about the codings (src/scenario/uncertainty.c; docs/format.md
 * "uncertainty") ----
 * The top-level `uncertainty:` section: distributions of single values, scenario-wide
 * defaults, and the chance that a precondition is really insisted on. `entente simulate`
 * (entente/simulate.h) draws from them; every other analysis reads the coded values. */
typedef enum {
    ENT_DIST_UNIFORM = 1,   /* a = lo, b = hi (lo <= hi) */
    ENT_DIST_NORMAL,        /* a = mean (NaN: the coded value), b = sd >= 0; truncated to the
                               value's range (the issue's scale, 0..salience_scale, >= 0) */
    ENT_DIST_TRIANGULAR,    /* a = lo, b = mode, c = hi (lo <= mode <= hi) */
    ENT_DIST_CHOICE,        /* n values with probabilities p (each >= 0, summing to 1) */
    ENT_DIST_EMPIRICAL      /* n values, each equally likely (several experts' codings); p NULL */
} ent_dist_kind_t;

typedef struct {
    ent_dist_kind_t kind;
    double a, b, c;         /* see the kind; NaN when unused */
    size_t n;
    double *values;         /* CHOICE, EMPIRICAL: n values (owned); else NULL */
    double *p;              /* CHOICE: n probabilities (owned); else NULL */
} ent_dist_t;

/* Which value a distribution is about (the paths of `--set`, docs/format.md). */
typedef enum {
    ENT_UNC_POSITION = 0,    /* ACTOR.ISSUE.position (dimension dim) */
    ENT_UNC_SALIENCE,        /* ACTOR.ISSUE.salience (dimension dim) */
    ENT_UNC_CAPABILITY,      /* ACTOR.capability */
    ENT_UNC_POS_CAPABILITY,  /* ACTOR.ISSUE.capability (the per-issue override, which must be set) */
    ENT_UNC_ATTRIBUTE        /* ACTOR.attributes.KEY, a numeric attribute (a rule weight); dim =
                                the attribute's index in the actor's attrs */
} ent_unc_target_t;

typedef struct {
    ent_unc_target_t target;
    size_t actor, issue, dim;  /* issue and dim: position targets only (else 0), dim also the
                                  attribute index */
    ent_dist_t dist;
    ent_loc_t loc;
} ent_unc_value_t;

/* `p_insisted`: precondition `pre` of step `step`, named by its alternative `req`, is insisted
 * on with probability p; in a draw where it is not, it is dropped as by --drop-precondition
 * (the whole entry, every alternative). */
typedef struct {
    size_t step, pre, req;
    double p;                  /* in [0, 1] */
    ent_loc_t loc;
} ent_unc_insist_t;

/* A default for every value of a kind that has no distribution of its own: `sd` (a normal
 * around the coded value, truncated to the value's range) or `relative` (uniform on the coded
 * value ± relative × |value|, cut to the range); NaN when not given, at most one of the two. */
typedef struct {
    double sd, relative;
} ent_unc_default_t;

/* A value named in a `correlated` group (the paths of `values`). */
typedef struct {
    ent_unc_target_t target;
    size_t actor, issue, dim;
} ent_unc_ref_t;

/* `correlated`: values drawn together. Each keeps its own law (its `values` entry or its
 * kind's default); their uniforms are coupled by a Gaussian copula with this correlation
 * matrix (src/analysis/simulate.c). */
typedef struct {
    size_t n;                  /* >= 2 values, each in one group at most */
    ent_unc_ref_t *values;
    double *corr;              /* n × n, row-major: symmetric, 1 on the diagonal, entries in
                                  [-1, 1], positive semi-definite */
    int uniform;               /* 1: written `correlation: r` (every pair r); 0: `matrix:` */
    ent_loc_t loc;
} ent_unc_group_t;

typedef struct {
    ent_unc_default_t position, salience, capability;
    size_t ngroups;
    ent_unc_group_t *groups;   /* in the file's order */
    size_t nvalues;
    ent_unc_value_t *values;   /* in the file's order; each value at most once */
    size_t ninsist;
    ent_unc_insist_t *insist;  /* in the file's order; each precondition at most once */
} ent_uncertainty_t;

/* Free an uncertainty section and everything in it; NULL is a no-op. */
ENT_API void ent_uncertainty_destroy(ent_uncertainty_t *u);

typedef struct {
    char *title;
    char *description;
    char *origin;          /* file it was read from, or import format (informational) */
    char *load_report;     /* notes of the loader for the user, one per line ("salience read on
                            * a 0-100 scale"), or NULL; informational: neither emitted nor
                            * compared. Owned by the scenario; the CLI prints it on stderr. */
    double salience_scale; /* 1 or 100: saliences are written on 0..1 or 0..100 */
    double precision;      /* coding precision of every issue without a `step`, as a fraction
                              of its range (`precision: 0.05`: codings in steps of 5 % of the
                              range), in (0, 1]; 0 = not given (then 0.01: a tolerance of
                              0.5 % of the range; docs/verdict.md) */
    ent_pref_t pref;       /* the scenario's default preference form on 1-D issues (never
                              ORDINAL); kind DEFAULT when not written (then LINEAR) */
    size_t nsources;   ent_source_t *sources;
    size_t nactors;    ent_actor_t *actors;
    size_t nissues;    ent_issue_t *issues;
    ent_position_t *pos;   /* nactors * nissues, row-major by actor */
    size_t ngroups;    ent_group_t *groups;
    size_t nrules;     ent_ruledef_t *rules;
    size_t nproposals; ent_proposal_t *proposals;
    size_t nsteps;     ent_step_t *steps;
    size_t nvariants;  ent_variant_t *variants;  /* named what-if overlays, not applied */
    ent_uncertainty_t *uncertainty; /* the `uncertainty:` section (owned), or NULL: none */
    char *precoalitions;        /* `precoalitions: "a, b; c"`: a priori unions for the Owen
                                 * values (ent_game_parse_precoalitions, entente/game.h), or
                                 * NULL; kept as text, checked against a rule's players when
                                 * power is computed */
    ent_loc_t precoalitions_loc;
    char *calibration;     /* `calibration:`: the path of a forecast calibration file (entente
                              calibrate; relative paths from the scenario's folder), or NULL */
    ent_loc_t calibration_loc;
    struct ent_scenario_index *index; /* private to the builder (ids → indices); NULL until
                                       * the first ent_scenario_add_* call */
} ent_scenario_t;

/* ---- lifetime ---- */
ENT_API void ent_scenario_init(ent_scenario_t *s);     /* empty scenario, salience_scale 1 */
ENT_API void ent_scenario_destroy(ent_scenario_t *s);  /* frees contents; NULL is a no-op */

/* ---- uncertainty (the types above, src/scenario/uncertainty.c) ---- */
/* Apply one command-line override of the defaults, "KIND.PARAM=NUMBER" with KIND position,
 * salience or capability and PARAM sd or relative (e.g. "position.sd=10",
 * "capability.relative=0.2"); it replaces the kind's default (the other parameter cleared).
 * Creates s->uncertainty when absent. Errors (ENT_EINPUT): "--uncertainty TEXT: col N: what
 * is wrong; what was expected". O(1). */
ENT_API ent_status_t ent_scenario_uncertainty_override(ent_scenario_t *s, const char *text,
                                                       ent_error_t *err);
/* Whether the scenario has anything uncertain (a default, a value or a p_insisted). */
ENT_API int ent_scenario_uncertain(const ent_scenario_t *s);

/* ---- accessors ---- */
/* Position of actor `actor` on issue `issue` (both in range; not checked). The pointer is
 * into s->pos and valid until s changes shape (an actor or issue is added) or is destroyed.
 * ent_scenario_pos_mut is for code that owns the scenario (loaders, the builder, tests). */
ENT_API const ent_position_t *ent_scenario_pos(const ent_scenario_t *s, size_t actor, size_t issue);
ENT_API ent_position_t *ent_scenario_pos_mut(ent_scenario_t *s, size_t actor, size_t issue);
/* Salience of actor a on issue i, dimension d, rescaled to [0,1]. NaN if no position. */
ENT_API double ent_scenario_salience(const ent_scenario_t *s, size_t a, size_t i, size_t d);
/* The preference form that holds for actor a on issue i: the position's, else the
 * scenario's default (1-D issues), else LINEAR; never kind DEFAULT. Points into s (or static
 * storage for LINEAR); valid while s is. */
ENT_API const ent_pref_t *ent_scenario_pref(const ent_scenario_t *s, size_t a, size_t i);
/* Capability of actor a on issue i (per-issue override, else the actor's). */
ENT_API double ent_scenario_capability(const ent_scenario_t *s, size_t a, size_t i);
/* Lookups by id; return -1 when absent. */
ENT_API long ent_scenario_find_actor(const ent_scenario_t *s, const char *id);
ENT_API long ent_scenario_find_issue(const ent_scenario_t *s, const char *id);
ENT_API long ent_scenario_find_group(const ent_scenario_t *s, const char *id);
ENT_API long ent_scenario_find_rule(const ent_scenario_t *s, const char *id);
ENT_API long ent_scenario_find_step(const ent_scenario_t *s, const char *id);

/* ---- reading and writing ---- */
typedef enum {
    ENT_FMT_AUTO = 0,  /* detect by content */
    ENT_FMT_YAML,      /* entente's scenario format (YAML 1.2; JSON is a subset) */
    ENT_FMT_JSON,      /* same format written as JSON */
    ENT_FMT_EU_CSV,    /* expected-utility table Actor,Capability,Position,Salience */
    ENT_FMT_KTAB,      /* KTAB SMP CSV */
    ENT_FMT_DECIDE,    /* Decide exchange-model #A/#P/#M/#D rows */
    ENT_FMT_DEU        /* DEU-style wide table, one row per issue */
} ent_format_t;

/* The input formats are one registry (src/scenario/formats.c): its rows drive detection,
 * dispatch, these names, the lists in error messages and the CLI's help. */
typedef struct {
    ent_format_t format;
    const char *name;   /* as --format takes it: "yaml", "eu", ... */
    const char *help;   /* one line saying what the format is */
} ent_format_info_t;

/* Row i of the registry (i = 0, 1, ...; the order of docs/importers.md), or NULL past the
 * last. Static storage: never freed. */
ENT_API const ent_format_info_t *ent_format_info(size_t i);
/* Name of a format ("auto" for ENT_FMT_AUTO, "unknown" out of range). */
ENT_API const char *ent_format_name(ent_format_t f);
/* Parse a registry name or "auto". Returns ENT_EINVAL otherwise. */
ENT_API ent_status_t ent_format_parse(const char *name, ent_format_t *out /* OUT */);

/* Options for loading/importing. Fill with ent_load_opts_init(). */
typedef struct {
    ent_format_t format;      /* ENT_FMT_AUTO */
    /* DEU tables: */
    int deu_skip_line;        /* a 1-based line to skip (DEU III copy: 2); 0 = none */
    const char *deu_capability_row;   /* take capabilities from the row whose first id cell is this */
    const char *capability_file;      /* CSV "actor,capability" table for DEU (and others) */
} ent_load_opts_t;  /* input only: the loader's notes go to ent_scenario_t.load_report */

ENT_API void ent_load_opts_init(ent_load_opts_t *o);

/* Load any supported file into an initialised, empty scenario (opts NULL = defaults). On
 * error the scenario is left empty (destroyed and re-initialised) and err holds
 * file:line:col. Rule texts are kept, not compiled: a front door that analyses the scenario
 * calls ent_game_check_rules (entente/game.h) right after, so that a bad rule fails at its
 * own file:line:col before any analysis. */
ENT_API ent_status_t ent_scenario_load(ent_scenario_t *s /* OUT */, const char *path,
                                       const ent_load_opts_t *opts, ent_error_t *err);
/* Same from memory; `name` is used in messages. */
ENT_API ent_status_t ent_scenario_load_mem(ent_scenario_t *s /* OUT */, const char *name,
                                           const char *data, size_t len,
                                           const ent_load_opts_t *opts, ent_error_t *err);
/* Check a filled scenario for consistency (ranges, ids, references, cycles in groups).
 * Called by every loader; importers call it too. */
ENT_API ent_status_t ent_scenario_validate(const ent_scenario_t *s, const char *name,
                                           ent_error_t *err);

/* Write the canonical form in `format` — ENT_FMT_YAML or ENT_FMT_JSON, the two input formats
 * that hold a whole scenario (any other is ENT_EINVAL) — into a malloc'd string (*out, caller
 * frees with free() or ent_free()). Loading the result gives back an equal scenario. */
ENT_API ent_status_t ent_scenario_emit(const ent_scenario_t *s, ent_format_t format,
                                       char **out /* OUT */, size_t *len /* OUT, may be NULL */,
                                       ent_error_t *err);
/* Field-by-field equality (strings, numbers bit-equal or both NaN). Returns 1 if equal;
 * when not equal and `why` is non-NULL, writes the first difference. */
ENT_API int ent_scenario_equal(const ent_scenario_t *a, const ent_scenario_t *b, char *why,
                               size_t whylen);

/* ---- building a scenario (src/scenario/build.c) ----
 * Fill an initialised scenario from code, element by element, without touching the structs
 * above by hand. Each call checks its arguments and, when it refuses them, returns
 * ENT_EINVAL (ENT_ELIMIT past a documented limit, ENT_ENOMEM) with a message naming the call,
 * and leaves the scenario unchanged: ids well-formed (docs/format.md) and unique per kind,
 * indices in range, numbers finite, capability >= 0, lo < hi, points inside the issue's
 * scale, saliences in [0, salience_scale], nothing listed twice. Strings are copied; NULL
 * means absent. `index` (OUT, may be NULL) receives the new element's index.
 * When done, call ent_scenario_validate, then ent_game_check_rules for the rule texts (as
 * after loading). The result equals (ent_scenario_equal) what the YAML loader gives for the
 * same content. Cost: O(1) amortised per element, except ent_scenario_add_issue, which
 * re-lays the position table out (O(actors × issues)): add issues before actors.
 * Ids are looked up through s->index: after building, change ids only through these calls. */

/* Title, description (NULL = none) and salience_scale (1 or 100; every salience already set
 * must fit). */
ENT_API ent_status_t ent_scenario_set_info(ent_scenario_t *s, const char *title,
                                           const char *description, double salience_scale,
                                           ent_error_t *err);
ENT_API ent_status_t ent_scenario_add_source(ent_scenario_t *s, const char *id, const char *text,
                                             const char *url, ent_error_t *err);
/* name NULL = the id (as the loader does). */
ENT_API ent_status_t ent_scenario_add_actor(ent_scenario_t *s, const char *id, const char *name,
                                            double capability, size_t *index /* OUT */,
                                            ent_error_t *err);
/* A text attribute (text non-NULL; num ignored) or a numeric one (text NULL, num finite). */
ENT_API ent_status_t ent_scenario_add_attribute(ent_scenario_t *s, size_t actor, const char *key,
                                                const char *text, double num, ent_error_t *err);
/* ndim dimensions (1..ENT_MAX_DIMS); lo/hi: ndim scale bounds, or NULL for 0 and 100. */
ENT_API ent_status_t ent_scenario_add_issue(ent_scenario_t *s, const char *id, const char *name,
                                            size_t ndim, const double *lo, const double *hi,
                                            size_t *index /* OUT */, ent_error_t *err);
ENT_API ent_status_t ent_scenario_set_dimension_name(ent_scenario_t *s, size_t issue, size_t dim,
                                                     const char *name, ent_error_t *err);
/* A labelled point of the scale (dimension 0); a label at lo or hi also names that end. */
ENT_API ent_status_t ent_scenario_add_label(ent_scenario_t *s, size_t issue, double at,
                                            const char *label, ent_error_t *err);
/* ndim values, or NULL to clear. */
ENT_API ent_status_t ent_scenario_set_status_quo(ent_scenario_t *s, size_t issue, const double *x,
                                                 ent_error_t *err);
ENT_API ent_status_t ent_scenario_set_outcome(ent_scenario_t *s, size_t issue, const double *x,
                                              ent_error_t *err);
/* Actor's position (ndim coordinates) and saliences (ndim, raw on 0..salience_scale) on the
 * issue; replaces any earlier one. x NULL removes the position. */
ENT_API ent_status_t ent_scenario_set_position(ent_scenario_t *s, size_t actor, size_t issue,
                                               const double *x, const double *salience,
                                               ent_error_t *err);
/* The scenario as it stood on `date` (YYYYMMDD, see ent_scenario_parse_date): each position
 * becomes its latest coding dated on or before the date (its `earlier` chain; later ones are
 * freed), and is removed when every coding is dated after it; undated ones always apply.
 * The same for an actor's dated capability (all of them later than the date: the earliest
 * is kept, an actor needs one) and a dated precondition link (all later: the link is
 * removed, with the `p_insisted` entries of the uncertainty section that name it).
 * O(codings). ENT_EINVAL when date is not a valid calendar date. */
ENT_API ent_status_t ent_scenario_as_of(ent_scenario_t *s, long date, ent_error_t *err);
/* Free a position's owned fields and its earlier codings; leaves it absent (zeroed but for
 * capability NaN). */
ENT_API void ent_position_clear(ent_position_t *p);
/* Parse "YYYY-MM-DD" (a real calendar date, years 1000..9999) into YYYYMMDD; 0 on error. */
ENT_API long ent_scenario_parse_date(const char *text);
/* Per-issue capability override of a position that is set (NaN = the actor's own). */
ENT_API ent_status_t ent_scenario_set_position_capability(ent_scenario_t *s, size_t actor,
                                                          size_t issue, double capability,
                                                          ent_error_t *err);
/* n >= 1 distinct actor indices. */
ENT_API ent_status_t ent_scenario_add_group(ent_scenario_t *s, const char *id, const char *name,
                                            size_t n, const size_t *members,
                                            size_t *index /* OUT */, ent_error_t *err);
/* A named rule; its text is kept, not compiled (ent_game_check_rules compiles it). */
ENT_API ent_status_t ent_scenario_add_rule(ent_scenario_t *s, const char *id, const char *name,
                                           const char *expr, size_t *index /* OUT */,
                                           ent_error_t *err);
/* The role of rule `rule` (ENT_RULE_KIND_UNSET clears it). */
ENT_API ent_status_t ent_scenario_set_rule_kind(ent_scenario_t *s, size_t rule,
                                                ent_rule_kind_t kind, ent_error_t *err);
/* The coding step of issue `issue` (> 0 and at most its widest range; 0 clears it). */
ENT_API ent_status_t ent_scenario_set_issue_step(ent_scenario_t *s, size_t issue, double step,
                                                 ent_error_t *err);
/* The scenario's coding precision (in (0, 1]; 0 clears it). */
ENT_API ent_status_t ent_scenario_set_precision(ent_scenario_t *s, double precision,
                                                ent_error_t *err);
/* proposer: an actor index or -1; rule: a rule index or -1. Points: add_proposal_point. */
ENT_API ent_status_t ent_scenario_add_proposal(ent_scenario_t *s, const char *id, const char *name,
                                               long proposer, long rule,
                                               size_t *index /* OUT */, ent_error_t *err);
ENT_API ent_status_t ent_scenario_add_proposal_point(ent_scenario_t *s, size_t proposal,
                                                     size_t issue, const double *x,
                                                     ent_error_t *err);
ENT_API ent_status_t ent_scenario_add_step(ent_scenario_t *s, const char *id, const char *name,
                                           size_t *index /* OUT */, ent_error_t *err);
/* A precondition of `step`: one of the n distinct `steps` (not `step` itself) must come
 * first (n == 1: `requires`; n >= 2: `requires_any`). */
ENT_API ent_status_t ent_scenario_add_precondition(ent_scenario_t *s, size_t step, size_t n,
                                                   const size_t *steps, size_t *index /* OUT */,
                                                   ent_error_t *err);
/* Actor insisting on precondition `precondition` of `step`; salience NaN = salience_scale. */
ENT_API ent_status_t ent_scenario_add_insist(ent_scenario_t *s, size_t step, size_t precondition,
                                             size_t actor, double salience, ent_error_t *err);
/* Which element ent_scenario_set_notes addresses: i is its index; j the issue for a
 * position (i the actor), the precondition for a precondition (i the step), else 0. */
typedef enum {
    ENT_ELEM_ACTOR,
    ENT_ELEM_ISSUE,
    ENT_ELEM_POSITION,
    ENT_ELEM_RULE,
    ENT_ELEM_PROPOSAL,
    ENT_ELEM_STEP,
    ENT_ELEM_PRECONDITION
} ent_element_t;
/* Notes and source (a source id or a citation) of an element; NULL = absent. */
ENT_API ent_status_t ent_scenario_set_notes(ent_scenario_t *s, ent_element_t kind, size_t i,
                                            size_t j, const char *notes, const char *source,
                                            ent_error_t *err);

/* Preference forms and designs (src/scenario/prefs.c; issue 11): the form of actor `actor`
 * on issue `issue` (a position that is set), or with actor and issue both -1 the scenario's
 * default; pf NULL clears it. pf is copied (its `ord` too); its kind must not be DEFAULT, and
 * it must pass the loader's checks (docs/format.md, "Preferences"): a 1-D issue unless
 * LINEAR, slopes >= 0 and not both 0 for SLOPES (the weights of LINEAR, AT_LEAST, AT_MOST are
 * set here, as the loader sets them), for ORDINAL at least two distinct labelled points of the
 * issue and never as the default. */
ENT_API ent_status_t ent_scenario_set_preference(ent_scenario_t *s, long actor, long issue,
                                                 const ent_pref_t *pf, ent_error_t *err);
/* The design of proposal `proposal`: rule index `rule` (-1 clears the design), aggressor
 * `against` (an actor index), and n distinct issues among the proposal's points (n 0: all of
 * them; add the points first). */
ENT_API ent_status_t ent_scenario_set_design(ent_scenario_t *s, size_t proposal, long rule, size_t against,
                                             size_t n, const size_t *issues, ent_error_t *err);

/* ---- what-if: applying changes and variants (src/scenario/overlay.c) ---- */
/* Check the syntax of one change (a path, '=', a value for ENT_CHANGE_SET; 'STEP:REQUIRED'
 * for ENT_CHANGE_DROP) and fill *out with a copy of `text` (loc {0,0}); free it with
 * ent_change_destroy. Names are resolved later, against a scenario, by ent_scenario_apply.
 * Errors (ENT_EINPUT): msg "col N: what is wrong; what was expected", N the 1-based byte
 * offset of the bad part in `text`; no file, line or col is set. */
ENT_API ent_status_t ent_change_parse(const char *text, ent_change_kind_t kind,
                                      ent_change_t *out /* OUT */, ent_error_t *err);
ENT_API void ent_change_destroy(ent_change_t *c);  /* frees c->text; NULL is a no-op */
/* Apply n changes in order. A change that names something unknown or sets a bad value stops
 * the run with ENT_EINPUT; changes applied before it stay applied (reload to start over).
 * The message: for a change with a location, "file:line:col: change 'TEXT': col N: ..."
 * (`file` names the scenario file); without one, "--set TEXT: col N: ..." or
 * "--drop-precondition TEXT: col N: ...", the command-line option that writes it. Rule texts
 * are replaced, not compiled: call ent_game_check_rules after (as after loading); a replaced
 * rule's loc is {0, 0}, so its errors count lines and columns from the start of the text.
 * O(path lookups + the size of what changes). */
ENT_API ent_status_t ent_scenario_apply(ent_scenario_t *s, const ent_change_t *changes, size_t n,
                                        const char *file, ent_error_t *err);
/* Apply the variant with this id; ENT_EINVAL ("unknown variant 'X'; expected one of ...")
 * when there is none. */
ENT_API ent_status_t ent_scenario_apply_variant(ent_scenario_t *s, const char *id, const char *file,
                                                ent_error_t *err);
/* Lookup of a variant by id; -1 when absent. */
ENT_API long ent_scenario_find_variant(const ent_scenario_t *s, const char *id);
/* Check that every change of every variant applies to s (names, values), without changing
 * s. Loaders call it; errors as ent_scenario_apply, with the variant's id. O(variants ×
 * (changes + size of s)). */
ENT_API ent_status_t ent_scenario_check_variants(const ent_scenario_t *s, const char *file,
                                                 ent_error_t *err);

/* ---- summary statistics (entente info; src/scenario/stats.c) ----
 * Capability x salience weighted statistics of the positions on dimension `dim` of issue
 * `issue`: weight_a = ent_scenario_capability(s,a,issue) * ent_scenario_salience(s,a,issue,dim).
 * The weighted median is the smallest position at which the cumulative weight (positions in
 * increasing order) reaches half of the total (so with an exact tie the lower one). mean and
 * median are NaN when no actor has a position or the total weight is 0. O(n log n). */
typedef struct {
    size_t npositions;  /* actors with a position on the issue */
    double weight;      /* total weight */
    double mean;        /* weighted mean */
    double median;      /* weighted median */
} ent_issue_stats_t;

ENT_API ent_status_t ent_scenario_issue_stats(const ent_scenario_t *s, size_t issue, size_t dim,
                                              ent_issue_stats_t *out /* OUT */, ent_error_t *err);

/* Everything `entente info` computes about a scenario: the number of positions given, and
 * ent_scenario_issue_stats for every dimension of every issue. Fill with ent_scenario_info,
 * free with ent_scenario_info_destroy (NULL is a no-op; frees `dims`). O(issues * dims *
 * n log n). */
typedef struct {
    size_t npositions;            /* actor x issue cells that hold a position */
    size_t ndated;                /* dated codings (as_of) of positions, capabilities and
                                     precondition links, the earlier ones included */
    long first_date, last_date;   /* their span as YYYYMMDD; 0 when ndated is 0 */
    size_t nissues;
    ent_issue_stats_t **dims;     /* nissues arrays of issues[i].ndim statistics */
} ent_scenario_info_t;

ENT_API ent_status_t ent_scenario_info(const ent_scenario_t *s, ent_scenario_info_t *out /* OUT */,
                                       ent_error_t *err);
ENT_API void ent_scenario_info_destroy(ent_scenario_info_t *info);

#ifdef __cplusplus
}
#endif
#endif
