/* loaders.h — internal interface between load.c (detection and dispatch) and the parsers.
 * Each parser fills an initialised, empty scenario from memory; `name` is the file name used
 * in messages; on error it returns the status with err set (file:line:col) and the caller
 * destroys the partial scenario. Parsers call ent_scenario_validate() before returning OK. */
#ifndef ENT_I_LOADERS_H
#define ENT_I_LOADERS_H

#include "entente/scenario.h"

ent_status_t ent_i_load_yaml(ent_scenario_t *s, const char *name, const char *data, size_t len,
                             ent_error_t *err);
ent_status_t ent_i_import_eu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                             const ent_load_opts_t *o, ent_error_t *err);
ent_status_t ent_i_import_ktab(ent_scenario_t *s, const char *name, const char *data, size_t len,
                               const ent_load_opts_t *o, ent_error_t *err);
ent_status_t ent_i_import_decide(ent_scenario_t *s, const char *name, const char *data,
                                 size_t len, const ent_load_opts_t *o, ent_error_t *err);
ent_status_t ent_i_import_deu(ent_scenario_t *s, const char *name, const char *data, size_t len,
                              const ent_load_opts_t *o, ent_error_t *err);
/* Guess the format from content; ENT_FMT_AUTO when nothing matches. */
ent_format_t ent_i_detect(const char *data, size_t len);

#endif
