/* SPDX-License-Identifier: MIT */
/* test_report_analysis.c — the data of ent_analyze_t (entente/analysis.h) read against the
 * golden reports of `entente analyze` (tests/golden/analyze-*): for each golden, the
 * scenario and options are taken from its cmd, the analysis is run through the library,
 * and every summary item's kind, subjects and numbers, the voting-power table and the
 * sensitivity flips are compared with what the golden text says — parsed from the text,
 * not pasted. Then ent_report_analyze must reproduce the golden byte for byte, and the
 * JSON rendering must carry the same summary sentences. Run from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) print_error("cannot open %s\n", path);
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    size_t k;
    while ((k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            cap *= 2;
            b = realloc(b, cap);
            assert_non_null(b);
        }
    }
    fclose(f);
    b[n] = 0;
    return b;
}

/* The lines of text between the line `from` (excluded) and the next empty line. */
static size_t lines_after(const char *text, const char *from, char ***out)
{
    const char *p = strstr(text, from);
    assert_non_null(p);
    p = strchr(p, '\n') + 1;
    size_t n = 0;
    char **v = NULL;
    while (*p && *p != '\n') {
        const char *e = strchr(p, '\n');
        assert_non_null(e);
        v = realloc(v, (n + 1) * sizeof *v);
        v[n] = strndup(p, (size_t)(e - p));
        n++;
        p = e + 1;
    }
    *out = v;
    return n;
}

static void lines_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

static long find_proposal(const ent_scenario_t *s, const char *id)
{
    for (size_t i = 0; i < s->nproposals; i++)
        if (!strcmp(s->proposals[i].id, id)) return (long)i;
    return -1;
}

static int starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static const char *aname(const ent_scenario_t *s, long a)
{
    return s->actors[a].name ? s->actors[a].name : s->actors[a].id;
}

/* The number after `key` in line, e.g. key "power to prevent " in "(power to prevent 0.0005)". */
static double num_after(const char *line, const char *key)
{
    const char *p = strstr(line, key);
    assert_non_null(p);
    return strtod(p + strlen(key), NULL);
}

/* ---------------------------------------------------------------- the summary */

static void check_veto(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it, const char *line)
{
    char head[256];
    snprintf(head, sizeof head, "%s is a veto player under ", aname(s, it->actor));
    assert_true(starts(line, head));
    assert_int_equal(it->actor, a->guarantee.aggressor);
    /* the rules listed before " and not under " are exactly those whose row lists the actor */
    char *list = strdup(line + strlen(head));
    char *cut = strstr(list, " and not under ");
    if (cut) *cut = 0;
    else list[strlen(list) - 1] = 0;  /* the final period */
    size_t listed = 0;
    for (char *tok = strtok(list, ", "); tok; tok = strtok(NULL, ", ")) {
        long r = ent_scenario_find_rule(s, tok);
        assert_true(r >= 0);
        int veto = 0;
        for (size_t k = 0; k < a->guarantee.rows[r].nveto; k++) veto |= (long)a->guarantee.rows[r].veto[k] == it->actor;
        assert_true(veto);
        listed++;
    }
    assert_int_equal(it->count, listed);
    free(list);
}

static void check_design(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it, const char *line)
{
    const char *colon = strchr(line, ':');
    char rule[128];
    snprintf(rule, sizeof rule, "%.*s", (int)(colon - line), line);
    assert_int_equal(it->rule, ent_scenario_find_rule(s, rule));
    assert_int_equal(a->guarantee.rows[it->index].rule, (size_t)it->rule);
    /* the sentences of each role (docs/analyses.md §1): guarantee (and no kind), settlement,
     * deployment, decision */
    ent_guarantee_verdict_t v = strstr(line, " alone, but ")                            ? ENT_GUARANTEE_BLOCKS_WITH_PARTNERS
                                : strstr(line, " alone can block assistance")           ? ENT_GUARANTEE_BLOCKS_ALONE
                                : strstr(line, " can block the settlement: none is")    ? ENT_GUARANTEE_BLOCKS_ALONE
                                : strstr(line, " can block deployment, not a response") ? ENT_GUARANTEE_BLOCKS_ALONE
                                : strstr(line, " alone can block the decision")         ? ENT_GUARANTEE_BLOCKS_ALONE
                                : strstr(line, " cannot block")                         ? ENT_GUARANTEE_CANNOT_BLOCK
                                                                                        : ENT_GUARANTEE_NO_SAY;
    ent_rule_kind_t k = s->rules[it->rule].kind;
    assert_int_equal(it->rule_kind, k);
    assert_int_equal(a->guarantee.rows[it->index].kind, k);
    /* a sentence names its role: the settlement, deployment, a decision; the guarantee's
     * wording only for guarantees and rules without a kind */
    int guarantee_words = strstr(line, "assistance") || strstr(line, "guarant");
    if (guarantee_words) assert_true(k == ENT_RULE_KIND_UNSET || k == ENT_RULE_KIND_GUARANTEE);
    if (k == ENT_RULE_KIND_SETTLEMENT) assert_non_null(strstr(line, "settlement"));
    if (k == ENT_RULE_KIND_DEPLOYMENT) assert_non_null(strstr(line, "deploy"));
    if (k == ENT_RULE_KIND_DECISION) assert_true(strstr(line, "decision") || strstr(line, "decide") || strstr(line, "the rule"));
    assert_true(v != ENT_GUARANTEE_NO_SAY || strstr(line, " has no say"));
    assert_int_equal(it->verdict, v);
    assert_int_equal(a->guarantee.rows[it->index].verdict, v);
    assert_true(fabs(it->value[0] - num_after(line, "(power to prevent ")) <= 5e-5);
}

static void check_proposal(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it,
                           const char *line)
{
    char id[128];
    assert_int_equal(sscanf(line, "Proposal %127s", id), 1);
    assert_int_equal(it->proposal, find_proposal(s, id));
    const ent_proposal_eval_t *e = &a->proposals.eval[it->index];
    assert_int_equal(e->proposal, (size_t)it->proposal);
    if (it->actor >= 0) {
        char by[256];
        snprintf(by, sizeof by, "(by %s)", aname(s, it->actor));
        assert_non_null(strstr(line, by));
    }
    if (strstr(line, " passes under ")) { assert_int_equal(it->kind, ENT_ANALYZE_PROPOSAL_PASSES); return; }
    if (strstr(line, " fails under ")) { assert_int_equal(it->kind, ENT_ANALYZE_PROPOSAL_FAILS); return; }
    assert_non_null(strstr(line, " is dead on arrival:"));
    assert_int_equal(it->kind, ENT_ANALYZE_PROPOSAL_DEAD);
    assert_int_equal(it->value[0], strstr(line, "; a mutually acceptable offer, better for ") ? 1 : 0);
    /* each "X rejects it (U p vs q)" is a veto player that rejects, with those utilities */
    size_t n = 0;
    for (const char *p = strstr(line, " rejects it (U "); p; p = strstr(p + 1, " rejects it (U ")) {
        double up = strtod(p + 15, NULL), uq = num_after(p, " vs ");
        int found = 0;
        for (size_t k = 0; k < e->nveto_against; k++) {
            size_t v = e->veto_against[k];
            if (e->vote[v] == ENT_VOTE_REJECT && fabs(e->u_prop[v] - up) <= 5e-3 && fabs(e->u_sq[v] - uq) <= 5e-3) found = 1;
        }
        assert_true(found);
        n++;
    }
    assert_int_equal(it->count, n);
}

static void check_item(const ent_scenario_t *s, const ent_analyze_t *a, const ent_analyze_item_t *it, const char *line)
{
    char want[256];
    if (strstr(line, " is a veto player under ")) {
        assert_int_equal(it->kind, ENT_ANALYZE_VETO_PLAYER);
        check_veto(s, a, it, line);
    } else if (starts(line, "Proposal ")) {
        check_proposal(s, a, it, line);
    } else if (starts(line, "Agreement is possible under ") || starts(line, "No agreement possible under ") ||
               starts(line, "A settlement is possible under ") || starts(line, "No settlement possible under ") ||
               starts(line, "Agreement on deployment is possible under ") ||
               starts(line, "No agreement on deployment possible under ")) {
        assert_int_equal(it->kind, line[0] == 'N' ? ENT_ANALYZE_NO_AGREEMENT : ENT_ANALYZE_AGREEMENT_POSSIBLE);
        ent_rule_kind_t k = s->rules[it->rule].kind;
        assert_int_equal(it->rule_kind, k);
        assert_int_equal(starts(line, "A settlement ") || starts(line, "No settlement "), k == ENT_RULE_KIND_SETTLEMENT);
        assert_int_equal(strstr(line, " on deployment ") != NULL, k == ENT_RULE_KIND_DEPLOYMENT);
        snprintf(want, sizeof want, " under %s:", s->rules[it->rule].id);
        assert_non_null(strstr(line, want));
        assert_int_equal(a->proposals.winset[it->index].rule, it->rule);
    } else if (starts(line, "The precondition chain is circular (")) {
        assert_int_equal(it->kind, ENT_ANALYZE_CIRCULAR);
        assert_int_equal(it->count, (size_t)num_after(line, "circular ("));
        assert_int_equal(it->count, a->sequence.ncycles);
        assert_true(fabs(it->value[0] - num_after(line, ", cost ")) <= 0.05);
        assert_int_equal(it->value[2], strstr(line, "(exact, cost") ? 1 : 0);
    } else if (starts(line, "The preconditions are not circular")) {
        assert_int_equal(it->kind, ENT_ANALYZE_NOT_CIRCULAR);
    } else if (starts(line, "Sensitivity: ")) {
        assert_true(fabs(it->value[0] - num_after(line, "moves by ")) <= 0.5);
        if (strstr(line, "the first flips come with a move of ")) {
            assert_int_equal(it->kind, ENT_ANALYZE_SENSITIVITY_LATER);
            assert_true(fabs(it->value[1] - num_after(line, "a move of ")) <= 0.5);
            assert_int_equal(it->count, a->nfirst_flips);
            char *paren = strrchr(line, '(');
            assert_int_equal(it->count, (size_t)strtoul(paren + 1, NULL, 10));
        } else {
            assert_int_equal(it->kind, strstr(line, " flag flips when") || strstr(line, " flags flip when")
                                           ? ENT_ANALYZE_SENSITIVITY_FLIPS : ENT_ANALYZE_SENSITIVITY_NONE);
        }
    } else if (starts(line, "Thresholds: ")) {
        assert_int_equal(it->kind, ENT_ANALYZE_THRESHOLDS);
        assert_int_equal(it->count, a->thresholds.n);
        if (strstr(line, "no single position or salience flips")) assert_int_equal(it->count, 0);
        else {
            assert_true(starts(line, "Thresholds: the nearest flip: "));
            const char *p = strstr(line, "; "), *q = NULL;
            for (; p; p = strstr(p + 1, "; ")) q = p;   /* the last "; N thresholds in all" */
            assert_non_null(q);
            assert_int_equal(it->count, (size_t)strtoul(q + 2, NULL, 10));
            assert_true(it->value[0] == a->thresholds.thr[0].distance);
        }
    } else if (starts(line, "Forecast on ")) {
        assert_int_equal(it->kind, ENT_ANALYZE_FORECAST);
        snprintf(want, sizeof want, "Forecast on %s:", s->issues[it->issue].id);
        assert_true(starts(line, want));
    } else {
        assert_int_equal(it->kind, ENT_ANALYZE_DESIGN);
        check_design(s, a, it, line);
    }
}

/* ---------------------------------------------------------------- power and flips */

static void check_power(const ent_scenario_t *s, const ent_analyze_t *a, const char *golden)
{
    char **rows;
    size_t n = lines_after(golden, "Normalized Banzhaf index of each actor under each rule", &rows);
    assert_int_equal(n, 2 + s->nactors);  /* header, rule, one row per actor */
    assert_int_equal(a->nrules, s->nrules);
    for (size_t ac = 0; ac < s->nactors; ac++) {
        char *save = NULL, *tok = strtok_r(rows[2 + ac], " ", &save);
        assert_string_equal(tok, s->actors[ac].id);
        for (size_t r = 0; r < s->nrules; r++) {
            tok = strtok_r(NULL, " ", &save);
            assert_non_null(tok);
            double v = a->banzhaf[r * a->nactors + ac];
            if (!strcmp(tok, "-")) assert_true(isnan(v));
            else assert_true(fabs(v - strtod(tok, NULL)) <= 5e-4);
        }
        assert_int_equal(a->power_error[0].status, ENT_OK);
    }
    lines_free(rows, n);
}

/* "  RU on guarantee 40 -> 60: us_offer passes becomes true" */
static void check_flip(const ent_scenario_t *s, const ent_analyze_flip_t *f, const char *line)
{
    char actor[64], issue[64], subject[64];
    double from, to;
    assert_int_equal(sscanf(line, "  %63s on %63s %lf -> %lf: %63s", actor, issue, &from, &to, subject), 5);
    assert_string_equal(s->actors[f->actor].id, actor);
    assert_string_equal(s->issues[f->issue].id, issue);
    assert_true(fabs(f->from - from) <= 0.5 && fabs(f->to - to) <= 0.5);
    assert_int_equal(f->now, strstr(line, " becomes true") != NULL);
    if (f->flag == ENT_FLAG_NO_AGREEMENT) {
        assert_string_equal(subject, "no");
        assert_non_null(strstr(line, s->rules[f->rule].id));
        assert_int_equal(f->proposal, -1);
        return;
    }
    assert_string_equal(s->proposals[f->proposal].id, subject);
    const char *what = strchr(strchr(line, ':') + 2, ' ') + 1;
    ent_analyze_flag_t flag = starts(what, "passes")            ? ENT_FLAG_PASSES
                              : starts(what, "dead on arrival") ? ENT_FLAG_DEAD_ON_ARRIVAL
                                                                : ENT_FLAG_BETTER_OFFER_EXISTED;
    assert_true(flag != ENT_FLAG_BETTER_OFFER_EXISTED || starts(what, "a better offer existed"));
    assert_int_equal(f->flag, flag);
}

static void check_flips(const ent_scenario_t *s, const ent_analyze_t *a, const char *golden)
{
    char **v;
    size_t n = lines_after(golden, "flags of the proposals and win-sets that flip:", &v);
    if (a->nflips == 0) {
        assert_int_equal(n, 1);
        assert_string_equal(v[0], "  none: every flag holds under each such move");
    } else {
        assert_int_equal(n, a->nflips);
        for (size_t i = 0; i < n; i++) check_flip(s, &a->flips[i], v[i]);
    }
    lines_free(v, n);
    if (!a->nfirst_flips) {
        assert_null(strstr(golden, "The smallest multiple of"));
        return;
    }
    char head[128];
    snprintf(head, sizeof head, "The smallest multiple of %.0f that flips a flag is %.0f:", a->shift, a->first_shift);
    n = lines_after(golden, head, &v);
    assert_int_equal(n, a->nfirst_flips);
    for (size_t i = 0; i < n; i++) check_flip(s, &a->first_flips[i], v[i]);
    lines_free(v, n);
}

/* ---------------------------------------------------------------- the goldens */

static void check_golden(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "tests/golden/%s/cmd", dir);
    char *cmd = slurp(path);
    snprintf(path, sizeof path, "tests/golden/%s/out", dir);
    char *golden = slurp(path);
    ent_analyze_opts_t o;
    ent_analyze_opts_init(&o);
    if (strstr(cmd, "--no-forecasts")) o.forecasts = 0;
    /* as `entente analyze`: the one-at-a-time search only with --shift, and --no-sensitivity
       skips the thresholds too */
    o.sensitivity = strstr(cmd, "--shift") != NULL;
    if (strstr(cmd, "--no-sensitivity")) o.sensitivity = o.thresholds = 0;
    const char *file = strstr(cmd, "examples/");
    if (!file) file = strstr(cmd, "tests/data/");
    assert_non_null(file);
    char scen[256];
    assert_int_equal(sscanf(file, "%255s", scen), 1);

    ent_scenario_t s;
    ent_error_t err = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, scen, &lo, &err), ENT_OK);
    
    ent_analyze_t a;
    assert_int_equal(ent_analyze_run(&s, &o, &a, &err), ENT_OK);

    char **lines;
    size_t n = lines_after(golden, "Summary (computed):", &lines);
    assert_int_equal(a.nitems, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(starts(lines[i], "  - "));
        check_item(&s, &a, &a.items[i], lines[i] + 4);
    }
    assert_int_equal(a.has_power, a.has_guarantee);
    if (a.has_power) check_power(&s, &a, golden);
    if (a.has_sensitivity) check_flips(&s, &a, golden);

    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_analyze(&s, &a, ENT_OUTPUT_TEXT, &b), ENT_OK);
    assert_string_equal(b.data, golden);
    ent_buf_reset(&b);
    assert_int_equal(ent_report_analyze(&s, &a, ENT_OUTPUT_JSON, &b), ENT_OK);
    for (size_t i = 0; i < n; i++) {
        char q[2048];
        snprintf(q, sizeof q, "\"%s\"", lines[i] + 4);  /* these sentences need no JSON escaping */
        assert_non_null(strstr(b.data, q));
    }
    ent_buf_free(&b);
    lines_free(lines, n);
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
    free(cmd);
    free(golden);
}

static void test_golden_ukraine(void **state)
{
    (void)state;
    check_golden("analyze-ukraine");
}

static void test_golden_unsc(void **state)
{
    (void)state;
    check_golden("analyze-unsc");
}

/* One rule of each role (tests/data/analysis/rule-kinds.yaml): every summary sentence is
 * the one of its rule's kind. */
static void test_golden_rule_kinds(void **state)
{
    (void)state;
    check_golden("analyze-rule-kinds");
}

/* Each kind's sentence is chosen by the kind, not by the rule: the same rule ("all of
 * {R, G1, G2}", Ruritania a veto player) worded under every kind, and each verdict of
 * tests/data/analysis/rule-kinds.yaml spelled out. */
static void test_rule_kind_sentences(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/analysis/rule-kinds.yaml", NULL, &err), ENT_OK);
    ent_guarantee_opts_t go;
    ent_guarantee_opts_init(&go);
    go.against = "R";
    static const struct { const char *rule; ent_rule_kind_t kind; ent_guarantee_verdict_t v; const char *text; } want[] = {
        {"assist", ENT_RULE_KIND_GUARANTEE, ENT_GUARANTEE_BLOCKS_ALONE,
         "Ruritania alone can block assistance: the guarantee does not bind against Ruritania"},
        {"peace", ENT_RULE_KIND_SETTLEMENT, ENT_GUARANTEE_BLOCKS_ALONE,
         "Ruritania can block the settlement: none is concluded over Ruritania's objection"},
        {"deploy", ENT_RULE_KIND_DEPLOYMENT, ENT_GUARANTEE_BLOCKS_ALONE,
         "Ruritania can block deployment, not a response once troops are in place"},
        {"council", ENT_RULE_KIND_DECISION, ENT_GUARANTEE_BLOCKS_WITH_PARTNERS,
         "Ruritania cannot block alone, but Ruritania with Pacifica can: the decision passes only while "
         "Ruritania's partners do not object"},
        {"old", ENT_RULE_KIND_UNSET, ENT_GUARANTEE_BLOCKS_ALONE,
         "Ruritania alone can block assistance: the guarantee does not bind against Ruritania"},
        {"peace_any", ENT_RULE_KIND_SETTLEMENT, ENT_GUARANTEE_NO_SAY,
         "Ruritania has no say: the settlement does not need Ruritania's consent; any of 2 parties may conclude it alone"},
        {"deploy_any", ENT_RULE_KIND_DEPLOYMENT, ENT_GUARANTEE_CANNOT_BLOCK,
         "Ruritania cannot block deployment: the others can deploy without Ruritania"},
        {"council_any", ENT_RULE_KIND_DECISION, ENT_GUARANTEE_CANNOT_BLOCK, "Ruritania cannot block: any member may decide alone"},
        {"deploy_bloc", ENT_RULE_KIND_DEPLOYMENT, ENT_GUARANTEE_BLOCKS_WITH_PARTNERS,
         "Ruritania cannot block deployment alone, but Ruritania with Pacifica can block deployment, not a response once "
         "troops are in place"},
        {"peace_bloc", ENT_RULE_KIND_SETTLEMENT, ENT_GUARANTEE_BLOCKS_WITH_PARTNERS,
         "Ruritania cannot block the settlement alone, but Ruritania with Pacifica can: the settlement passes only while "
         "Ruritania's partners do not object"},
    };
    ent_guarantee_t g;
    ent_guarantee_init(&g);
    assert_int_equal(ent_guarantee_analyze(&s, &go, &g, &err), ENT_OK);
    assert_int_equal(g.nrows, sizeof want / sizeof *want);
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_guarantee(&s, &g, ENT_OUTPUT_TEXT, &b), ENT_OK);
    for (size_t i = 0; i < g.nrows; i++) {
        char line[512];
        assert_string_equal(s.rules[g.rows[i].rule].id, want[i].rule);
        assert_int_equal(g.rows[i].kind, want[i].kind);
        assert_int_equal(g.rows[i].verdict, want[i].v);
        snprintf(line, sizeof line, "\n  => %s.\n", want[i].text);
        if (!strstr(b.data, line)) print_error("missing: %s", line);
        assert_non_null(strstr(b.data, line));
    }
    ent_buf_free(&b);
    ent_guarantee_destroy(&g);

    /* rule 0 under each kind: the BLOCKS_ALONE sentence follows the kind */
    static const char *const alone[] = {
        "Ruritania alone can block assistance: the guarantee does not bind against Ruritania",
        "Ruritania alone can block assistance: the guarantee does not bind against Ruritania",
        "Ruritania can block the settlement: none is concluded over Ruritania's objection",
        "Ruritania can block deployment, not a response once troops are in place",
        "Ruritania alone can block the decision",
    };
    for (int k = ENT_RULE_KIND_UNSET; k <= ENT_RULE_KIND_DECISION; k++) {
        assert_int_equal(ent_scenario_set_rule_kind(&s, 0, (ent_rule_kind_t)k, &err), ENT_OK);
        ent_guarantee_init(&g);
        assert_int_equal(ent_guarantee_analyze(&s, &go, &g, &err), ENT_OK);
        assert_int_equal(g.rows[0].kind, k);
        ent_buf_t t = ENT_BUF_INIT;
        assert_int_equal(ent_report_guarantee(&s, &g, ENT_OUTPUT_TEXT, &t), ENT_OK);
        char line[512];
        snprintf(line, sizeof line, "assist: all of {R, G1, G2}\n  => %s.\n", alone[k]);
        assert_non_null(strstr(t.data, line));
        ent_buf_reset(&t);
        assert_int_equal(ent_report_guarantee(&s, &g, ENT_OUTPUT_JSON, &t), ENT_OK);
        snprintf(line, sizeof line, "\"verdict\": \"%s\"", alone[k]);
        assert_non_null(strstr(t.data, line));
        /* the JSON names the kind when the rule states one */
        assert_int_equal(strstr(t.data, "\"rule\": \"assist\",\n      \"kind\"") != NULL, k != ENT_RULE_KIND_UNSET);
        ent_buf_free(&t);
        ent_guarantee_destroy(&g);
    }
    assert_int_equal(ent_scenario_set_rule_kind(&s, 0, (ent_rule_kind_t)7, &err), ENT_EINVAL);
    ent_scenario_destroy(&s);
}

/* The flagship's first summary item, spelled out: Russia (the group `aggressor`'s single
 * member) is a veto player under the designs whose guarantee rows list it. */
static void test_flagship_first_item(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "tests/data/analysis/ukraine-flagship-v1.yaml", &lo, &err), ENT_OK);
    
    ent_analyze_opts_t o;
    ent_analyze_opts_init(&o);
    o.forecasts = 0;
    o.sensitivity = 0;
    ent_analyze_t a;
    assert_int_equal(ent_analyze_run(&s, &o, &a, &err), ENT_OK);
    long ru = ent_scenario_find_actor(&s, "RU");
    long grp = ent_scenario_find_group(&s, "aggressor");
    assert_true(grp >= 0 && s.groups[grp].n == 1 && (long)s.groups[grp].members[0] == ru);
    assert_int_equal(a.items[0].kind, ENT_ANALYZE_VETO_PLAYER);
    assert_int_equal(a.items[0].actor, ru);
    assert_int_equal(a.items[0].rule, -1);
    assert_int_equal(a.items[0].proposal, -1);
    assert_int_equal(a.has_sensitivity, 0);
    assert_int_equal(a.has_forecasts, 0);
    assert_int_equal(a.nmodels, 0);
    for (size_t i = 0; i < a.nitems; i++) {
        assert_true(a.items[i].kind != ENT_ANALYZE_SENSITIVITY_NONE && a.items[i].kind != ENT_ANALYZE_FORECAST);
        if (a.items[i].kind == ENT_ANALYZE_DESIGN) assert_int_equal(a.items[i].actor, ru);
    }
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
}

/* opts.power = 0 (what `analyze --json` asks): no table, the same JSON, and a text report
 * whose section 2 says it was not computed (the section numbers stay). */
static void test_without_power(void **state)
{
    (void)state;
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load(&s, "examples/un-security-council.yaml", &lo, &err), ENT_OK);
    
    ent_analyze_opts_t o;
    ent_analyze_opts_init(&o);
    o.forecasts = 0;
    ent_analyze_t with, without;
    assert_int_equal(ent_analyze_run(&s, &o, &with, &err), ENT_OK);
    o.power = 0;
    assert_int_equal(ent_analyze_run(&s, &o, &without, &err), ENT_OK);
    assert_int_equal(with.has_power, 1);
    assert_int_equal(without.has_power, 0);
    assert_null(without.banzhaf);
    assert_int_equal(without.nrules, 0);
    ent_buf_t a = ENT_BUF_INIT, b = ENT_BUF_INIT;
    assert_int_equal(ent_report_analyze(&s, &with, ENT_OUTPUT_JSON, &a), ENT_OK);
    assert_int_equal(ent_report_analyze(&s, &without, ENT_OUTPUT_JSON, &b), ENT_OK);
    assert_string_equal(a.data, b.data);
    ent_buf_reset(&b);
    assert_int_equal(ent_report_analyze(&s, &without, ENT_OUTPUT_TEXT, &b), ENT_OK);
    assert_non_null(strstr(b.data, "== 2. Voting power of the rules ==\n\nNot computed"));
    assert_non_null(strstr(b.data, "== 4. Thresholds =="));
    assert_non_null(strstr(b.data, "== 5. Sensitivity to the codings =="));
    ent_buf_free(&a);
    ent_buf_free(&b);
    ent_analyze_destroy(&with);
    ent_analyze_destroy(&without);
    ent_scenario_destroy(&s);
}

/* A scenario with nothing to analyse: one item, ENT_ANALYZE_NOTHING. */
static void test_nothing(void **state)
{
    (void)state;
    static const char *yaml = "entente: 1\nactors:\n  - {id: A, capability: 1}\n";
    ent_scenario_t s;
    ent_error_t err = {0};
    ent_scenario_init(&s);
    assert_int_equal(ent_scenario_load_mem(&s, "n.yaml", yaml, strlen(yaml), NULL, &err), ENT_OK);
    ent_analyze_t a;
    assert_int_equal(ent_analyze_run(&s, NULL, &a, &err), ENT_OK);
    assert_int_equal(a.nitems, 1);
    assert_int_equal(a.items[0].kind, ENT_ANALYZE_NOTHING);
    assert_int_equal(a.has_guarantee + a.has_power + a.has_forecasts + a.has_proposals + a.has_sequence + a.has_sensitivity, 0);
    ent_buf_t b = ENT_BUF_INIT;
    assert_int_equal(ent_report_analyze(&s, &a, ENT_OUTPUT_TEXT, &b), ENT_OK);
    assert_non_null(strstr(b.data, "  - Nothing to analyse: the scenario has no rules, positions, proposals or steps.\n"));
    ent_buf_free(&b);
    ent_analyze_destroy(&a);
    ent_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_ukraine),
        cmocka_unit_test(test_golden_unsc),
        cmocka_unit_test(test_golden_rule_kinds),
        cmocka_unit_test(test_rule_kind_sentences),
        cmocka_unit_test(test_flagship_first_item),
        cmocka_unit_test(test_without_power),
        cmocka_unit_test(test_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
