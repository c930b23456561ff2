/* load.c — ent_scenario_load: read a file and dispatch to the YAML/JSON loader or an
 * importer (by --format, else by content). TEMPORARY minimal version: the importer
 * engine replaces this file. */
#include "entente/scenario.h"
ent_status_t ent_scenario_load(ent_scenario_t *s, const char *path, ent_load_opts_t *opts,
                               ent_error_t *err)
{
    (void)s; (void)opts;
    return ent_error_set(err, ENT_EINTERNAL, path, 0, 0, "loader not built yet");
}
