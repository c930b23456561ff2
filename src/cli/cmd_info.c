/* cmd_info.c — `entente info FILE [--json]`: a readable summary of a scenario: title, counts,
 * actors, issues with the capability x salience weighted mean and weighted median of the
 * positions (library: ent_scenario_issue_stats, src/scenario/stats.c), groups, rules,
 * proposals and steps with their requirements. Text output prints numbers with 2 decimals;
 * JSON output prints them with 10 significant digits (stable for golden tests). Fields are
 * documented in docs/format.md ("entente info"). Only formatting lives here. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: entente info FILE [--json]\n"
    "Summarise a scenario: title and counts; actors (id, name, capability); issues (number of\n"
    "dimensions, scale, status quo, outcome, positioned actors, and the capability x salience\n"
    "weighted mean and weighted median of the positions, per dimension); groups; rules;\n"
    "proposals; steps with their preconditions.\n"
    "  --json      JSON output\n"
    "  --help      this text\n" ENT_CLI_LOAD_HELP;

static const char *nz(const char *s) { return s ? s : ""; }

static void fmt_num(char *buf, size_t n, double v)
{
    if (isnan(v)) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.2f", v);
}

/* "id=1.00" or "id=(1.00, 2.00)" pieces of a proposal's point. */
static void point_text(ent_buf_t *b, const ent_scenario_t *s, const ent_proposal_t *p)
{
    for (size_t q = 0; q < p->npoints; q++) {
        const ent_issue_t *is = &s->issues[p->issue[q]];
        ent_buf_printf(b, "%s%s=", q ? ", " : "", is->id);
        if (is->ndim > 1) ent_buf_puts(b, "(");
        for (size_t d = 0; d < is->ndim; d++) ent_buf_printf(b, "%s%.2f", d ? ", " : "", p->point[q][d]);
        if (is->ndim > 1) ent_buf_puts(b, ")");
    }
}

static void precond_text(ent_buf_t *b, const ent_scenario_t *s, const ent_precond_t *pc)
{
    for (size_t j = 0; j < pc->nsteps; j++) ent_buf_printf(b, "%s%s", j ? " or " : "", s->steps[pc->steps[j]].id);
    if (pc->ninsist) {
        ent_buf_puts(b, " (insisted on by ");
        for (size_t j = 0; j < pc->ninsist; j++)
            ent_buf_printf(b, "%s%s %.2f", j ? ", " : "", s->actors[pc->insist[j].actor].id, pc->insist[j].salience);
        ent_buf_puts(b, ")");
    }
}

static void table_out(ent_buf_t *b, const char *title, ent_table_t *t)
{
    if (!t) { b->oom = 1; return; }
    ent_buf_printf(b, "\n%s\n", title);
    ent_table_render_text(t, b);
    ent_table_free(t);
}

static int text_report(const ent_scenario_t *s, const char *path, ent_buf_t *b, ent_error_t *err)
{
    size_t npos = 0;
    if (s->pos)
        for (size_t k = 0; k < s->nactors * s->nissues; k++) npos += s->pos[k].present != 0;
    ent_buf_printf(b, "%s\n", s->title ? s->title : "(untitled scenario)");
    ent_buf_printf(b, "file: %s\n", path);
    ent_buf_printf(b, "%zu actors, %zu issues, %zu positions, %zu groups, %zu rules, %zu proposals, %zu steps; "
                      "saliences on 0..%g\n",
                   s->nactors, s->nissues, npos, s->ngroups, s->nrules, s->nproposals, s->nsteps, s->salience_scale);
    if (s->nactors) {
        static const char *const h[] = {"id", "name", "capability"};
        ent_table_t *t = ent_table_new(3, h);
        for (size_t a = 0; t && a < s->nactors; a++) {
            ent_table_row(t);
            ent_table_set(t, 0, s->actors[a].id);
            ent_table_set(t, 1, nz(s->actors[a].name));
            ent_table_num(t, 2, s->actors[a].capability, 2);
        }
        table_out(b, "Actors", t);
    }
    if (s->nissues) {
        static const char *const h[] = {"issue", "dim", "scale", "status quo", "outcome", "positions", "mean", "median"};
        ent_table_t *t = ent_table_new(8, h);
        for (size_t i = 0; t && i < s->nissues; i++) {
            const ent_issue_t *is = &s->issues[i];
            for (size_t d = 0; d < is->ndim; d++) {
                ent_issue_stats_t st;
                if (ent_scenario_issue_stats(s, i, d, &st, err) != ENT_OK) { ent_table_free(t); return 1; }
                char lo[32], hi[32];
                fmt_num(lo, sizeof lo, is->lo[d]);
                fmt_num(hi, sizeof hi, is->hi[d]);
                ent_table_row(t);
                ent_table_set(t, 0, d == 0 ? is->id : "");
                if (is->dim_names && is->dim_names[d]) ent_table_set(t, 1, is->dim_names[d]);
                else ent_table_setf(t, 1, "%zu", d + 1);
                ent_table_setf(t, 2, "%s..%s", lo, hi);
                ent_table_num(t, 3, is->status_quo ? is->status_quo[d] : NAN, 2);
                ent_table_num(t, 4, is->outcome ? is->outcome[d] : NAN, 2);
                ent_table_setf(t, 5, "%zu", st.npositions);
                ent_table_num(t, 6, st.mean, 2);
                ent_table_num(t, 7, st.median, 2);
            }
        }
        table_out(b, "Issues (mean and median weighted by capability x salience)", t);
    }
    if (s->ngroups) {
        static const char *const h[] = {"group", "members"};
        ent_table_t *t = ent_table_new(2, h);
        ent_buf_t m = ENT_BUF_INIT;
        for (size_t g = 0; t && g < s->ngroups; g++) {
            ent_buf_reset(&m);
            for (size_t k = 0; k < s->groups[g].n; k++)
                ent_buf_printf(&m, "%s%s", k ? " " : "", s->actors[s->groups[g].members[k]].id);
            ent_table_row(t);
            ent_table_set(t, 0, s->groups[g].id);
            ent_table_set(t, 1, m.data ? m.data : "");
        }
        ent_buf_free(&m);
        table_out(b, "Groups", t);
    }
    if (s->nrules) {
        static const char *const h[] = {"rule", "expr"};
        ent_table_t *t = ent_table_new(2, h);
        for (size_t r = 0; t && r < s->nrules; r++) {
            ent_table_row(t);
            ent_table_set(t, 0, s->rules[r].id);
            ent_table_set(t, 1, nz(s->rules[r].expr));
        }
        table_out(b, "Rules", t);
    }
    if (s->nproposals) {
        static const char *const h[] = {"proposal", "proposer", "rule", "point"};
        ent_table_t *t = ent_table_new(4, h);
        ent_buf_t m = ENT_BUF_INIT;
        for (size_t k = 0; t && k < s->nproposals; k++) {
            const ent_proposal_t *p = &s->proposals[k];
            ent_buf_reset(&m);
            point_text(&m, s, p);
            ent_table_row(t);
            ent_table_set(t, 0, p->id);
            ent_table_set(t, 1, p->proposer >= 0 ? s->actors[p->proposer].id : "-");
            ent_table_set(t, 2, p->rule >= 0 ? s->rules[p->rule].id : "-");
            ent_table_set(t, 3, m.data ? m.data : "");
        }
        ent_buf_free(&m);
        table_out(b, "Proposals", t);
    }
    if (s->nsteps) {
        static const char *const h[] = {"step", "requires"};
        ent_table_t *t = ent_table_new(2, h);
        ent_buf_t m = ENT_BUF_INIT;
        for (size_t k = 0; t && k < s->nsteps; k++) {
            const ent_step_t *st = &s->steps[k];
            if (!st->npre) {
                ent_table_row(t);
                ent_table_set(t, 0, st->id);
                ent_table_set(t, 1, "-");
            }
            for (size_t q = 0; q < st->npre; q++) {
                ent_buf_reset(&m);
                precond_text(&m, s, &st->pre[q]);
                ent_table_row(t);
                ent_table_set(t, 0, q == 0 ? st->id : "");
                ent_table_set(t, 1, m.data ? m.data : "");
            }
        }
        ent_buf_free(&m);
        table_out(b, "Steps (each line is one precondition; 'or' separates alternatives)", t);
    }
    return 0;
}

static void json_num(ent_json_t *j, double v)
{
    if (isnan(v)) ent_json_null(j);
    else ent_json_num(j, v);
}

static int json_report(const ent_scenario_t *s, const char *path, ent_buf_t *b, ent_error_t *err)
{
    ent_json_t j;
    ent_json_init(&j, b);
    j.prec = 10;
    size_t npos = 0;
    if (s->pos)
        for (size_t k = 0; k < s->nactors * s->nissues; k++) npos += s->pos[k].present != 0;
    ent_json_obj_begin(&j);
    ent_json_key(&j, "file"); ent_json_str(&j, path);
    ent_json_key(&j, "title"); ent_json_str(&j, s->title);
    ent_json_key(&j, "salience_scale"); ent_json_num(&j, s->salience_scale);
    ent_json_key(&j, "counts");
    ent_json_obj_begin(&j);
    ent_json_key(&j, "actors"); ent_json_int(&j, (long long)s->nactors);
    ent_json_key(&j, "issues"); ent_json_int(&j, (long long)s->nissues);
    ent_json_key(&j, "positions"); ent_json_int(&j, (long long)npos);
    ent_json_key(&j, "groups"); ent_json_int(&j, (long long)s->ngroups);
    ent_json_key(&j, "rules"); ent_json_int(&j, (long long)s->nrules);
    ent_json_key(&j, "proposals"); ent_json_int(&j, (long long)s->nproposals);
    ent_json_key(&j, "steps"); ent_json_int(&j, (long long)s->nsteps);
    ent_json_obj_end(&j);
    ent_json_key(&j, "actors");
    ent_json_arr_begin(&j);
    for (size_t a = 0; a < s->nactors; a++) {
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id"); ent_json_str(&j, s->actors[a].id);
        ent_json_key(&j, "name"); ent_json_str(&j, s->actors[a].name);
        ent_json_key(&j, "capability"); ent_json_num(&j, s->actors[a].capability);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "issues");
    ent_json_arr_begin(&j);
    for (size_t i = 0; i < s->nissues; i++) {
        const ent_issue_t *is = &s->issues[i];
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id"); ent_json_str(&j, is->id);
        ent_json_key(&j, "name"); ent_json_str(&j, is->name);
        ent_json_key(&j, "ndim"); ent_json_int(&j, (long long)is->ndim);
        ent_json_key(&j, "dimensions");
        ent_json_arr_begin(&j);
        for (size_t d = 0; d < is->ndim; d++) {
            ent_issue_stats_t st;
            if (ent_scenario_issue_stats(s, i, d, &st, err) != ENT_OK) return 1;
            ent_json_obj_begin(&j);
            ent_json_key(&j, "name"); ent_json_str(&j, is->dim_names ? is->dim_names[d] : NULL);
            ent_json_key(&j, "lo"); ent_json_num(&j, is->lo[d]);
            ent_json_key(&j, "hi"); ent_json_num(&j, is->hi[d]);
            ent_json_key(&j, "status_quo"); json_num(&j, is->status_quo ? is->status_quo[d] : NAN);
            ent_json_key(&j, "outcome"); json_num(&j, is->outcome ? is->outcome[d] : NAN);
            ent_json_key(&j, "positions"); ent_json_int(&j, (long long)st.npositions);
            ent_json_key(&j, "weight"); ent_json_num(&j, st.weight);
            ent_json_key(&j, "mean"); json_num(&j, st.mean);
            ent_json_key(&j, "median"); json_num(&j, st.median);
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "groups");
    ent_json_arr_begin(&j);
    for (size_t g = 0; g < s->ngroups; g++) {
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id"); ent_json_str(&j, s->groups[g].id);
        ent_json_key(&j, "name"); ent_json_str(&j, s->groups[g].name);
        ent_json_key(&j, "members");
        ent_json_arr_begin(&j);
        for (size_t k = 0; k < s->groups[g].n; k++) ent_json_str(&j, s->actors[s->groups[g].members[k]].id);
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "rules");
    ent_json_arr_begin(&j);
    for (size_t r = 0; r < s->nrules; r++) {
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id"); ent_json_str(&j, s->rules[r].id);
        ent_json_key(&j, "name"); ent_json_str(&j, s->rules[r].name);
        ent_json_key(&j, "expr"); ent_json_str(&j, s->rules[r].expr);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "proposals");
    ent_json_arr_begin(&j);
    for (size_t k = 0; k < s->nproposals; k++) {
        const ent_proposal_t *p = &s->proposals[k];
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id"); ent_json_str(&j, p->id);
        ent_json_key(&j, "name"); ent_json_str(&j, p->name);
        ent_json_key(&j, "proposer"); ent_json_str(&j, p->proposer >= 0 ? s->actors[p->proposer].id : NULL);
        ent_json_key(&j, "rule"); ent_json_str(&j, p->rule >= 0 ? s->rules[p->rule].id : NULL);
        ent_json_key(&j, "point");
        ent_json_obj_begin(&j);
        for (size_t q = 0; q < p->npoints; q++) {
            const ent_issue_t *is = &s->issues[p->issue[q]];
            ent_json_key(&j, is->id);
            ent_json_arr_begin(&j);
            for (size_t d = 0; d < is->ndim; d++) ent_json_num(&j, p->point[q][d]);
            ent_json_arr_end(&j);
        }
        ent_json_obj_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_key(&j, "steps");
    ent_json_arr_begin(&j);
    for (size_t k = 0; k < s->nsteps; k++) {
        const ent_step_t *st = &s->steps[k];
        ent_json_obj_begin(&j);
        ent_json_key(&j, "id"); ent_json_str(&j, st->id);
        ent_json_key(&j, "name"); ent_json_str(&j, st->name);
        ent_json_key(&j, "requires");
        ent_json_arr_begin(&j);
        for (size_t q = 0; q < st->npre; q++) {
            const ent_precond_t *pc = &st->pre[q];
            ent_json_obj_begin(&j);
            ent_json_key(&j, "any_of");
            ent_json_arr_begin(&j);
            for (size_t x = 0; x < pc->nsteps; x++) ent_json_str(&j, s->steps[pc->steps[x]].id);
            ent_json_arr_end(&j);
            ent_json_key(&j, "insisted_by");
            ent_json_arr_begin(&j);
            for (size_t x = 0; x < pc->ninsist; x++) {
                ent_json_obj_begin(&j);
                ent_json_key(&j, "actor"); ent_json_str(&j, s->actors[pc->insist[x].actor].id);
                ent_json_key(&j, "salience"); ent_json_num(&j, pc->insist[x].salience);
                ent_json_obj_end(&j);
            }
            ent_json_arr_end(&j);
            ent_json_obj_end(&j);
        }
        ent_json_arr_end(&j);
        ent_json_obj_end(&j);
    }
    ent_json_arr_end(&j);
    ent_json_obj_end(&j);   /* the writer ends the document with a newline */
    return 0;
}

int ent_cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "info");
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'j': json = 1; break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("info", "unknown option");
        }
    }
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "info", &lo);
    if (rc) return rc;
    ent_buf_t b = ENT_BUF_INIT;
    ent_error_t err = {0};
    if (json ? json_report(&s, argv[optind], &b, &err) : text_report(&s, argv[optind], &b, &err)) {
        ent_buf_free(&b);
        ent_scenario_destroy(&s);
        return ent_cli_fail(&err);
    }
    rc = ent_cli_write(&b, NULL);
    ent_buf_free(&b);
    ent_scenario_destroy(&s);
    return rc;
}
