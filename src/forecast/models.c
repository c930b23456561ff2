/* SPDX-License-Identifier: MIT */
/* models.c — the forecast model registry: the one table that lists every model.
 *
 * Each row gives a model's name, one line of help, static or dynamic, whether its issues
 * interact, the CLI's default-set limits, its runner and the initialiser of its own options.
 * Everything that needs to know the models reads this table: ent_forecast_run()'s dispatch,
 * ent_forecast_models(), the "unknown model" messages, ent_forecast_opts_init(), validation's
 * default set, and the CLI (--model, --help, the default model set). Adding a model is one
 * row here plus its module (docs/howto/add-a-model.md). Sources of the models:
 * docs/models.md.
 *
 * Complexity: lookups are linear scans of six rows.
 */
#include "forecast/forecast_i.h"

#include <stdio.h>
#include <string.h>

static void bdm_defaults(ent_forecast_opts_t *o) { ent_bdm_opts_init(&o->bdm); }
static void exchange_defaults(ent_forecast_opts_t *o) { ent_exchange_opts_init(&o->exchange); }
static void smp_defaults(ent_forecast_opts_t *o) { ent_smp_opts_init(&o->smp); }

/* The exchange model trades between every pair of issues; on a table of hundreds of
 * unrelated issues (a DEU table) it takes minutes and means little, so the CLI's default set
 * leaves it out above this many issues. */
#define EXCHANGE_DEFAULT_MAX 50

/* The table, as an X-macro so that the rows and the list of names come from one place:
 * X(name, help, kind, joint, min_issues, default_max_issues, opts_init). The runner of row
 * `name` is ent_<name>_run (entente/forecast.h). Canonical order = row order. */
#define MODELS(X)                                                                          \
    X(compromise, "capability x salience weighted mean of the positions",                  \
      ENT_FORECAST_STATIC, 0, 0, 0, NULL)                                                  \
    X(median, "weighted median: the position no weighted majority would move from",        \
      ENT_FORECAST_STATIC, 0, 0, 0, NULL)                                                  \
    X(nash, "weighted Nash bargaining solution over the actors' gains",                    \
      ENT_FORECAST_STATIC, 0, 0, 0, NULL)                                                  \
    X(bdm, "Bueno de Mesquita's expected-utility model (one-dimensional issues)",          \
      ENT_FORECAST_DYNAMIC, 0, 0, 0, bdm_defaults)                                         \
    X(exchange, "Stokman's equal-gain exchange of voting positions between issues",        \
      ENT_FORECAST_DYNAMIC, 1, 2, EXCHANGE_DEFAULT_MAX, exchange_defaults)                 \
    X(smp, "KTAB's Spatial Model of Politics (any number of dimensions)",                  \
      ENT_FORECAST_DYNAMIC, 0, 0, 0, smp_defaults)

#define ROW(n, help, kind, joint, mn, mx, init) {#n, help, kind, joint, mn, mx, ent_##n##_run, init},
#define NAME(n, help, kind, joint, mn, mx, init) #n,
static const ent_forecast_model_t models[] = {MODELS(ROW)};
static const char *const model_names[] = {MODELS(NAME) NULL};
#undef ROW
#undef NAME
#define NMODELS (sizeof models / sizeof models[0])

const ent_forecast_model_t *ent_forecast_model_at(size_t k)
{
    return k < NMODELS ? &models[k] : NULL;
}

const ent_forecast_model_t *ent_forecast_model_find(const char *name)
{
    if (!name) return NULL;
    for (size_t k = 0; k < NMODELS; k++)
        if (!strcmp(models[k].name, name)) return &models[k];
    return NULL;
}

const char *const *ent_forecast_models(void)
{
    return model_names;
}

void ent_i_fc_model_names(char *buf, size_t n)
{
    size_t len = 0;
    if (n) buf[0] = 0;
    for (size_t k = 0; k < NMODELS && len < n; k++) {
        int w = snprintf(buf + len, n - len, "%s%s", k ? " " : "", models[k].name);
        if (w < 0) break;
        len += (size_t)w;
    }
}

ent_status_t ent_forecast_model_parse(const char *list, const ent_forecast_model_t **out,
                                      size_t max, size_t *n, ent_error_t *err)
{
    *n = 0;
    if (!list || !*list) return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "empty model list");
    char names[256];
    ent_i_fc_model_names(names, sizeof names);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        const ent_forecast_model_t *m = NULL;
        for (size_t k = 0; k < NMODELS && !m; k++)
            if (strlen(models[k].name) == len && !strncmp(models[k].name, p, len)) m = &models[k];
        if (!m)
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0,
                                 "unknown model '%.*s'; expected one of %s", (int)len, p, names);
        for (size_t k = 0; k < *n; k++)
            if (out[k] == m)
                return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "model '%s' listed twice",
                                     m->name);
        if (*n >= max)
            return ent_error_set(err, ENT_EINVAL, NULL, 0, 0, "more than %zu models listed", max);
        out[(*n)++] = m;
        p += len;
        if (*p == ',') p++;
    }
    return ENT_OK;
}
