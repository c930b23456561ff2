/* SPDX-License-Identifier: MIT */
/* cmd_report.c — `entente report FILE [-o OUT.html] [--figures DIR] [--no-forecasts]
 * [--no-sensitivity] [--max-labels N] [--budget SECONDS]`: the HTML briefing (docs/report.md). Runs the
 * analyses (src/analysis/analyze.c) and Shapley–Shubik and Banzhaf per rule
 * (src/game/power.c), renders them with ent_report_html (src/report/report_html.c) and
 * writes the page through a temporary file renamed into place, so that a failed write
 * leaves no partial file; --figures writes each figure as DIR/NN-kind-subject.svg the same way,
 * and with --figure-formats as PNG and PDF through librsvg and cairo (when built with them:
 * ENT_HAVE_RSVG, set by the Makefile when pkg-config finds librsvg-2.0).
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef ENT_HAVE_RSVG
#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#endif

static const char usage_text[] =
    "usage: entente report FILE [-o OUT.html] [--figures DIR] [--no-forecasts] [--no-sensitivity]\n"
    "       [--max-labels N] [--budget SECONDS] [--draws N] [--seed S] [--threads T] [--sobol N]\n"
    "       [--quiet] [--uncertainty KIND.PARAM=X]...\n"
    "       entente report A B [-o OUT.html] [options]   two scenarios side by side\n"
    "Writes a self-contained HTML briefing (inline SVG figures and CSS, no script, nothing\n"
    "fetched): the computed summary, voting power per rule, the guarantee designs, forecasts\n"
    "per issue, the models' dynamics, proposals, win-sets, the precondition graph and the\n"
    "sensitivity of the conclusions; every figure with a caption and its data as a table.\n"
    "With two files A and B (the same actors, issues, rules, proposals and steps, in the same\n"
    "order, as a scenario and an edited copy), the page shows what changed in the inputs and in\n"
    "every conclusion (the analyses of `entente compare`).\n"
    "  -o, --output OUT   write the page to OUT (default: standard output)\n"
    "  --figures DIR      also write each figure as DIR/NN-kind-subject.svg (DIR is created)\n"
    "  --figure-formats svg,png,pdf\n"
    "                     the formats of --figures (default svg; PNG and PDF through librsvg\n"
    "                     and cairo, when entente was built with them)\n"
    "  --no-forecasts     skip the forecast models (and their figures)\n"
    "  --no-sensitivity   skip the sensitivity analysis\n"
    "  --no-readings      do not run the file's variants (by default each summary line\n"
    "                     says which readings change it, as in analyze)\n"
    "  --max-labels N     at most N text labels per figure (default 30; the rest as a band)\n"    "  --budget SECONDS   estimate the cost of each forecast model (and of each rerun by\n"
    "                     rule) and of the thresholds before running it, and skip those over\n"
    "                     what is left of SECONDS of processor time (default 1; 0 = no\n"
    "                     limit); the page names each part skipped, its estimate and this flag\n"
    "  --draws N          draw N codings from the scenario's uncertainty section (entente\n"
    "                     simulate) and give each summary line its probability, with a section\n"
    "                     of the flags' probabilities (default 1000 when the scenario has an\n"
    "                     uncertainty section, else none); --seed S, --threads T,\n"
    "                     --uncertainty KIND.PARAM=X and --quiet as in simulate\n"
    "  --sobol N          also draw the Sobol indices of the flags as tornado charts (N base\n"
    "                     draws, as in simulate; implies the draws)\n"
    "  --help             this text\n" ENT_CLI_LOAD_HELP;

/* A new file path.tmpXXXXXX (mkstemp) beside path, for a write renamed into place: its
 * descriptor, and its name in *tmp (free it); -1 after printing "entente: cannot write to
 * PATH: reason" (*tmp NULL). */
static int temp_beside(const char *path, char **tmp)
{
    size_t n = strlen(path);
    if (!(*tmp = malloc(n + 12))) { fprintf(stderr, "entente: out of memory\n"); return -1; }
    memcpy(*tmp, path, n);
    memcpy(*tmp + n, ".tmpXXXXXX", 11);
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        fprintf(stderr, "entente: cannot write to %s: %s\n", path, strerror(errno));
        free(*tmp);
        *tmp = NULL;
    }
    return fd;
}

/* Write len bytes to path through path.tmpXXXXXX and rename(2): no partial file is left
 * behind (a path that exists and is not a regular file, such as /dev/stdout, is written in place). Prints "entente: cannot write to PATH: reason" and returns ENT_EXIT_FAIL on failure. */
static int write_atomic(const char *path, const char *head, const char *data, size_t len)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "entente: cannot write to %s: is a directory; expected a file name\n", path);
        return ENT_EXIT_FAIL;
    }
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) { /* a device or pipe (/dev/stdout): written in place,
                                                           never replaced by a rename */
        ent_buf_t b = ENT_BUF_INIT;
        if (head) ent_buf_puts(&b, head);
        ent_buf_append(&b, data, len);
        int rc = ent_cli_write(&b, path);
        ent_buf_free(&b);
        return rc;
    }
    char *tmp;
    int fd = temp_beside(path, &tmp);
    if (fd < 0) return ENT_EXIT_FAIL;
    FILE *f = fdopen(fd, "wb");
    int bad = !f, e = errno;
    if (f) {
        errno = 0;
        if (head && fputs(head, f) < 0) bad = 1;
        if (!bad && len && fwrite(data, 1, len, f) != len) bad = 1;
        if (!bad && fflush(f) != 0) bad = 1;
        if (bad) e = errno;
        if (fclose(f) != 0 && !bad) { bad = 1; e = errno; }
    } else close(fd);
    if (!bad && chmod(tmp, 0644) != 0) { bad = 1; e = errno; }
    if (!bad && rename(tmp, path) != 0) { bad = 1; e = errno; }
    if (bad) {
        unlink(tmp);
        fprintf(stderr, "entente: cannot write to %s: %s\n", path, e ? strerror(e) : "write error");
    }
    free(tmp);
    return bad ? ENT_EXIT_FAIL : ENT_EXIT_OK;
}

enum { FIG_SVG = 1, FIG_PNG = 2, FIG_PDF = 4 };

typedef struct {
    const char *dir;
    unsigned formats;   /* FIG_* */
    int rc;
} figures_t;

#ifdef ENT_HAVE_RSVG
/* One SVG figure as PNG (twice the SVG's pixel size, on white, for slides) or PDF (vector,
 * for papers) through librsvg and cairo, written to a temporary file renamed into place. */
static int render_figure(const char *svg, size_t len, const char *path, int pdf)
{
    GError *ge = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &ge);
    if (!h) {
        fprintf(stderr, "entente: cannot render %s: %s\n", path, ge ? ge->message : "librsvg failed");
        g_clear_error(&ge);
        return ENT_EXIT_FAIL;
    }
    gdouble w = 720, ht = 400;
    rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &ht);
    char *tmp;
    int fd = temp_beside(path, &tmp);
    if (fd < 0) {
        g_object_unref(h);
        return ENT_EXIT_FAIL;
    }
    close(fd);
    cairo_surface_t *sf = pdf ? cairo_pdf_surface_create(tmp, w, ht)
                              : cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(2 * w + 0.5), (int)(2 * ht + 0.5));
    cairo_t *cr = cairo_create(sf);
    if (!pdf) {
        cairo_scale(cr, 2, 2);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
    }
    RsvgRectangle vp = {0, 0, w, ht};
    int ok = rsvg_handle_render_document(h, cr, &vp, &ge);
    cairo_destroy(cr);
    if (pdf) cairo_surface_finish(sf);
    else if (ok && cairo_surface_write_to_png(sf, tmp) != CAIRO_STATUS_SUCCESS) ok = 0;
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) ok = 0;
    const char *why = ge ? ge->message : cairo_status_to_string(cairo_surface_status(sf));
    if (ok && (chmod(tmp, 0644) != 0 || rename(tmp, path) != 0)) {
        ok = 0;
        why = strerror(errno);
    }
    if (!ok) {
        fprintf(stderr, "entente: cannot write to %s: %s\n", path, why);
        unlink(tmp);
    }
    cairo_surface_destroy(sf);
    g_clear_error(&ge);
    g_object_unref(h);
    free(tmp);
    return ok ? ENT_EXIT_OK : ENT_EXIT_FAIL;
}
#endif

static void write_figure(void *ctx, const char *name, const char *svg, size_t len)
{
    figures_t *fx = ctx;
    if (fx->rc) return;
    size_t n = strlen(fx->dir) + strlen(name) + 8;
    char *path = malloc(n);
    if (!path) { fx->rc = ENT_EXIT_FAIL; return; }
    if (fx->formats & FIG_SVG) {
        snprintf(path, n, "%s/%s.svg", fx->dir, name);
        fx->rc = write_atomic(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", svg, len);
    }
#ifdef ENT_HAVE_RSVG
    for (int pdf = 0; pdf < 2 && !fx->rc; pdf++) {
        if (!(fx->formats & (pdf ? FIG_PDF : FIG_PNG))) continue;
        snprintf(path, n, "%s/%s.%s", fx->dir, name, pdf ? "pdf" : "png");
        fx->rc = render_figure(svg, len, path, pdf);
    }
#endif
    free(path);
}

/* --figure-formats svg,png,pdf: the mask, or 0 after a usage error (printed). */
static unsigned parse_formats(const char *list)
{
    unsigned m = 0;
    char buf[64];
    if (strlen(list) >= sizeof buf) return ent_cli_usage_error("report", "--figure-formats wants svg, png or pdf, comma-separated"), 0;
    strcpy(buf, list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "svg")) m |= FIG_SVG;
        else if (!strcmp(t, "png")) m |= FIG_PNG;
        else if (!strcmp(t, "pdf")) m |= FIG_PDF;
        else return ent_cli_usage_error("report", "--figure-formats wants svg, png or pdf, not '%s'", t), 0;
    }
#ifndef ENT_HAVE_RSVG
    if (m & (FIG_PNG | FIG_PDF))
        return ent_cli_usage_error("report", "PNG and PDF figures need librsvg and cairo, which this entente was built "
                                             "without (scripts/deps.sh installs librsvg2-dev; then rebuild)"), 0;
#endif
    if (!m) ent_cli_usage_error("report", "--figure-formats wants svg, png or pdf, comma-separated");
    return m;
}

/* Shapley–Shubik and Banzhaf of every rule of s; a rule that fails keeps its error. */
static int power_all(const ent_scenario_t *s, ent_game_t **games, ent_power_t *power, ent_error_t *perr)
{
    ent_power_opts_t po;
    ent_power_opts_init(&po);
    po.indices = (1u << ENT_IDX_SHAPLEY) | (1u << ENT_IDX_BANZHAF);
    po.exact_strings = 0;
    po.approx_on_refusal = 1;
    po.max_seconds = 2;
    for (size_t r = 0; r < s->nrules; r++) {
        ent_power_init(&power[r]);
        ent_error_t e = {0};
        if (ent_game_from_rule(s, r, s->origin, &games[r], &e) == ENT_OK) {
            /* a briefing does not wait for exact big-integer counts of a large body: above 100
               players, exact only when its estimate is under 0.2 s (a body of few distinct
               weights, counted by type), else a seeded Monte Carlo estimate of 10 000 samples
               (the caption says which) */
            int big = ent_game_nplayers(games[r]) > 100;
            po.max_seconds = big ? 0.2 : 2;
            po.samples = big ? 10000 : 100000;
            ent_game_power(games[r], &po, &power[r], &e);
        }
        perr[r] = e;
        if (e.status == ENT_ENOMEM) return ent_cli_fail(&e);
    }
    return 0;
}

static int report(const ent_scenario_t *s, const ent_analyze_opts_t *ao, const char *src, const char *out,
                  const char *figdir, unsigned formats, size_t max_labels, const ent_simulation_t *sim,
                  const ent_compare_t *readings)
{
    ent_error_t err = {0};
    ent_analyze_t a;
    if (ent_analyze_run(s, ao, &a, &err) != ENT_OK) return ent_cli_fail(&err);
    size_t nr = s->nrules;
    ent_game_t **games = calloc(nr ? nr : 1, sizeof *games);
    ent_power_t *power = calloc(nr ? nr : 1, sizeof *power);
    ent_error_t *perr = calloc(nr ? nr : 1, sizeof *perr);
    int rc = !games || !power || !perr ? (fprintf(stderr, "entente: out of memory\n"), ENT_EXIT_FAIL) : 0;
    if (!rc) rc = power_all(s, games, power, perr);
    ent_winset_plane_t *planes = NULL;
    size_t nplanes = 0;
    if (!rc && ent_winset_planes(s, &a.proposals, NULL, &planes, &nplanes, &err) != ENT_OK) rc = ent_cli_fail(&err);
    figures_t fx = {figdir, formats, 0};
    if (!rc && figdir && mkdir(figdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "entente: cannot write to %s: %s\n", figdir, strerror(errno));
        rc = ENT_EXIT_FAIL;
    }
    ent_buf_t b = ENT_BUF_INIT;
    if (!rc) {
        ent_report_html_opts_t ho;
        ent_report_html_opts_init(&ho);
        ho.source = src;
        ho.npower = nr;
        ho.games = (const ent_game_t *const *)games;
        ho.power = power;
        ho.power_error = perr;
        ho.sim = sim;
        ho.planes = planes;
        ho.nplanes = nplanes;
        ho.readings = readings;
        if (max_labels) ho.max_labels = max_labels;
        if (figdir) ho.figure = write_figure, ho.figure_ctx = &fx;
        ent_status_t st = ent_report_html(s, &a, &ho, &b);
        rc = fx.rc;
        if (!rc && st != ENT_OK) rc = (fprintf(stderr, "entente: out of memory\n"), ENT_EXIT_FAIL);
    }
    if (!rc) rc = out && strcmp(out, "-") ? write_atomic(out, NULL, b.data, b.len) : ent_cli_write(&b, NULL);
    ent_buf_free(&b);
    for (size_t r = 0; games && power && r < nr; r++) {
        ent_power_destroy(&power[r]);
        ent_game_destroy(games[r]);
    }
    free(games);
    free(power);
    free(perr);
    ent_winset_planes_free(planes, nplanes);
    ent_analyze_destroy(&a);
    return rc;
}

/* Two scenarios side by side: `entente compare` of A and B (the same actors, issues, rules,
 * proposals and steps in the same order), rendered by ent_report_html_compare. */
static int report_two(const ent_load_opts_t *lo, const ent_analyze_opts_t *ao, const char *pa, const char *pb,
                      const char *out, const char *figdir, unsigned formats, size_t max_labels)
{
    ent_scenario_t s[2];
    ent_scenario_init(&s[0]);
    ent_scenario_init(&s[1]);
    int rc = ent_cli_load(&s[0], pa, lo, 0);
    if (rc) return rc;
    rc = ent_cli_load(&s[1], pb, lo, 0);
    if (rc) {
        ent_scenario_destroy(&s[0]);
        return rc;
    }
    const ent_scenario_t *sv[2] = {&s[0], &s[1]};
    const char *names[2] = {pa, pb};
    ent_compare_t c;
    ent_error_t err = {0};
    ent_analyze_opts_t o = *ao;
    if (ent_compare_run(sv, names, 2, &o, &c, &err) != ENT_OK) rc = ent_cli_fail(&err);
    figures_t fx = {figdir, formats, 0};
    if (!rc && figdir && mkdir(figdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "entente: cannot write to %s: %s\n", figdir, strerror(errno));
        rc = ENT_EXIT_FAIL;
    }
    if (!rc) {
        ent_report_html_opts_t ho;
        ent_report_html_opts_init(&ho);
        if (max_labels) ho.max_labels = max_labels;
        if (figdir) ho.figure = write_figure, ho.figure_ctx = &fx;
        ent_buf_t b = ENT_BUF_INIT;
        ent_status_t st = ent_report_html_compare(sv, &c, &ho, &b);
        rc = fx.rc;
        if (!rc && st != ENT_OK) rc = (fprintf(stderr, "entente: out of memory\n"), ENT_EXIT_FAIL);
        if (!rc) rc = out && strcmp(out, "-") ? write_atomic(out, NULL, b.data, b.len) : ent_cli_write(&b, NULL);
        ent_buf_free(&b);
        ent_compare_destroy(&c);
    }
    ent_scenario_destroy(&s[0]);
    ent_scenario_destroy(&s[1]);
    return rc;
}

int ent_cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'},
        {"figures", required_argument, 0, 'F'},
        {"no-forecasts", no_argument, 0, 'f'},
        {"no-sensitivity", no_argument, 0, 'n'},
        {"no-readings", no_argument, 0, 'R'},
        {"max-labels", required_argument, 0, 'L'},
        {"figure-formats", required_argument, 0, 'G'},
        {"budget", required_argument, 0, ENT_CLI_OPT_BUDGET},
        {"help", no_argument, 0, 'h'},
        {"draws", required_argument, 0, ENT_CLI_OPT_DRAWS},
        {"seed", required_argument, 0, ENT_CLI_OPT_SEED},
        {"threads", required_argument, 0, ENT_CLI_OPT_THREADS},
        {"sobol", required_argument, 0, ENT_CLI_OPT_SOBOL},
        {"uncertainty", required_argument, 0, 'u'},
        {"quiet", no_argument, 0, 'q'},
        ENT_CLI_LOAD_LONGOPTS,
        {0, 0, 0, 0}};
    ent_load_opts_t lo;
    ent_load_opts_init(&lo);
    ent_analyze_opts_t ao;
    ent_analyze_opts_init(&ao);
    ao.power = 0; /* the briefing computes Shapley-Shubik and Banzhaf itself, per rule */
    const char *out = NULL, *figdir = NULL;
    size_t max_labels = 0;
    unsigned formats = FIG_SVG;
    int c, draws = 0, quiet = 0, readings = 1;
    ent_simulate_opts_t so; /* --draws, --sobol: the simulation (cmd_simulate.c) */
    ent_simulate_opts_init(&so);
    char *unc[64];
    size_t nunc = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int r = ent_cli_load_opt(c, optarg, &lo, "report");
        if (r < 0 && (r = ent_cli_simulate_opt("report", c, optarg, &so)) == 0)
            draws |= c == ENT_CLI_OPT_DRAWS || c == ENT_CLI_OPT_SOBOL;
        if (r >= 0) { if (r) return r; continue; }
        switch (c) {
        case 'q': quiet = 1; break;
        case 'R': readings = 0; break;
        case 'u':
            if (nunc == 64) return ent_cli_usage_error("report", "more than 64 --uncertainty options");
            unc[nunc++] = optarg;
            draws = 1;
            break;
        case 'o': out = optarg; break;
        case 'F': figdir = optarg; break;
        case 'G':
            if (!(formats = parse_formats(optarg))) return ENT_EXIT_USAGE;
            break;
        case 'f': ao.forecasts = 0; break;
        case 'n': ao.sensitivity = 0; ao.thresholds = 0; break; /* as in analyze: the thresholds too */
        case 'L': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000)
                return ent_cli_usage_error("report", "--max-labels wants a whole number 1..1000, not '%s'", optarg);
            max_labels = (size_t)v;
            break;
        }
        case ENT_CLI_OPT_BUDGET:
            if (ent_cli_budget_opt("report", optarg, &ao)) return ENT_EXIT_USAGE;
            break;
        case 'h': ent_cli_help(usage_text); return ENT_EXIT_OK;
        default: return ent_cli_usage_error("report", "unknown option");
        }
    }
    if (argc - optind == 2 && draws)
        return ent_cli_usage_error("report", "--draws, --sobol and --uncertainty apply to one scenario, not to two");
    if (argc - optind == 2) return report_two(&lo, &ao, argv[optind], argv[optind + 1], out, figdir, formats, max_labels);
    ent_scenario_t s;
    int rc = ent_cli_load_arg(&s, argc, argv, "report", &lo);
    if (rc) return rc;
    ent_simulation_t sim;
    ent_simulation_init(&sim);
    so.forecasts = ao.forecasts;
    so.no_position = ao.no_position;
    draws = draws || s.uncertainty; /* a scenario with an uncertainty section: its probabilities */
    if (draws) rc = ent_cli_simulate(&s, &so, unc, nunc, quiet, &sim);
    ent_compare_t rd; /* the file's variants: what each reading changes in the summary */
    ent_compare_init(&rd);
    if (!rc && readings && s.nvariants && !ent_cli_variant()) rc = ent_cli_readings(&s, argv[optind], &lo, &ao, &rd);
    if (!rc)
        rc = report(&s, &ao, argv[optind], out, figdir, formats, max_labels, draws ? &sim : NULL,
                    rd.ncolumns ? &rd : NULL);
    ent_compare_destroy(&rd);
    ent_simulation_destroy(&sim);
    ent_scenario_destroy(&s);
    return rc;
}
