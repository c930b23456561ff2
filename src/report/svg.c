/* SPDX-License-Identifier: MIT */
/* svg.c — a small SVG plotting module for the HTML briefing (interface: svg.h): frame,
 * nice ticks (Heckbert 1990, "Nice numbers for graph labels", Graphics Gems I), axes,
 * lines, points, bars, bands, text, legends, the Okabe–Ito palette (Okabe & Ito 2008,
 * "Color universal design") and a diverging orange–white–blue scale. Every string is
 * XML-escaped on the way out. Cost: O(marks) output, one pass; no allocation besides the
 * caller's buffer.
 */
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void ent_i_xml_escape(ent_buf_t *b, const char *s)
{
    if (!s) return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n') rep = "\xEF\xBF\xBD";
        }
        if (!rep) continue;
        ent_buf_append(b, run, (size_t)(s - run));
        ent_buf_puts(b, rep);
        run = s + 1;
    }
    ent_buf_append(b, run, (size_t)(s - run));
}

/* Heckbert's nice number: 1, 2, 5 or 10 times a power of ten, nearest to x. */
static double nicenum(double x)
{
    double e = floor(log10(x)), f = x / pow(10, e);
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * pow(10, e);
}

size_t ent_i_nice_ticks(double lo, double hi, size_t maxn, double *t, double *step)
{
    if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || maxn < 1) {
        t[0] = isfinite(lo) ? lo : 0;
        if (step) *step = 0;
        return 1;
    }
    if (maxn > 31) maxn = 31;
    double st = nicenum((hi - lo) / (double)maxn); /* Heckbert rounds the range first; that leaves
                                                           as few as 3 ticks on -30..30 */
    size_t n = 0;
    for (double k = ceil(lo / st - 1e-9); n < 32; k++) {
        double v = k * st;
        if (v > hi + st * 1e-9) break;
        t[n++] = fabs(v) < st * 1e-9 ? 0 : v;
    }
    if (step) *step = st;
    return n;
}

void ent_i_svg_begin(ent_i_plot_t *p, ent_buf_t *out, double width, double height, const char *id,
                     const char *title, const char *desc)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->width = width;
    p->height = height;
    p->right = width;
    p->bottom = height;
    p->x1 = p->y1 = 1;
    ent_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
                        "width=\"%.0f\" height=\"%.0f\"", width, height, width, height);
    if (id) {
        ent_buf_puts(out, " id=\"");
        ent_i_xml_escape(out, id);
        ent_buf_puts(out, "\" aria-labelledby=\"");
        ent_i_xml_escape(out, id);
        ent_buf_puts(out, "-t\"");
    }
    ent_buf_puts(out, " font-family=\"sans-serif\"><title");
    if (id) {
        ent_buf_puts(out, " id=\"");
        ent_i_xml_escape(out, id);
        ent_buf_puts(out, "-t\"");
    }
    ent_buf_puts(out, ">");
    ent_i_xml_escape(out, title);
    ent_buf_puts(out, "</title><desc>");
    ent_i_xml_escape(out, desc);
    ent_buf_puts(out, "</desc>\n");
}

void ent_i_svg_end(ent_i_plot_t *p) { ent_buf_puts(p->out, "</svg>\n"); }

void ent_i_plot_area(ent_i_plot_t *p, double ml, double mr, double mt, double mb)
{
    p->left = ml;
    p->right = p->width - mr;
    p->top = mt;
    p->bottom = p->height - mb;
}

void ent_i_plot_range(ent_i_plot_t *p, double x0, double x1, double y0, double y1)
{
    p->x0 = x0;
    p->x1 = x1 > x0 ? x1 : x0 + 1;
    p->y0 = y0;
    p->y1 = y1 > y0 ? y1 : y0 + 1;
}

double ent_i_px(const ent_i_plot_t *p, double x) { return p->left + (x - p->x0) / (p->x1 - p->x0) * (p->right - p->left); }
double ent_i_py(const ent_i_plot_t *p, double y) { return p->bottom - (y - p->y0) / (p->y1 - p->y0) * (p->bottom - p->top); }

/* A tick label: as few decimals as the step needs. */
static void tick_label(char *s, size_t n, double v, double step)
{
    int dec = step >= 1 || step <= 0 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (dec > 6) dec = 6;
    snprintf(s, n, "%.*f", dec, v);
}

void ent_i_plot_axes(ent_i_plot_t *p, int which, const char *xlabel, const char *ylabel)
{
    ent_buf_t *b = p->out;
    double t[32], step;
    char s[64];
    ent_buf_puts(b, "<g class=\"axes\" font-size=\"11\" fill=\"#333\">");
    if (which & ENT_I_AXIS_X) {
        size_t n = ent_i_nice_ticks(p->x0, p->x1, 8, t, &step);
        ent_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>", p->left, p->bottom,
                       p->right, p->bottom);
        for (size_t k = 0; k < n; k++) {
            double x = ent_i_px(p, t[k]);
            tick_label(s, sizeof s, t[k], step);
            ent_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                           x, p->top, x, p->bottom + 4, x, p->bottom + 16, s);
        }
        if (xlabel) {
            ent_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (p->left + p->right) / 2,
                           p->bottom + 30);
            ent_i_xml_escape(b, xlabel);
            ent_buf_puts(b, "</text>");
        }
    }
    if (which & ENT_I_AXIS_Y) {
        size_t n = ent_i_nice_ticks(p->y0, p->y1, 5, t, &step);
        ent_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>", p->left, p->top,
                       p->left, p->bottom);
        for (size_t k = 0; k < n; k++) {
            double y = ent_i_py(p, t[k]);
            tick_label(s, sizeof s, t[k], step);
            ent_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                           p->left - 4, y, p->right, y, p->left - 6, y + 4, s);
        }
        if (ylabel) {
            double cx = p->left - 40, cy = (p->top + p->bottom) / 2;
            ent_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">",
                           cx, cy, cx, cy);
            ent_i_xml_escape(b, ylabel);
            ent_buf_puts(b, "</text>");
        }
    }
    ent_buf_puts(b, "</g>\n");
}

static void mark_open(ent_buf_t *b, const char *tag, const char *cls)
{
    ent_buf_printf(b, "<%s class=\"mark", tag);
    if (cls) {
        ent_buf_puts(b, " ");
        ent_i_xml_escape(b, cls);
    }
    ent_buf_puts(b, "\"");
}

static void mark_close(ent_buf_t *b, const char *tag, const char *title)
{
    if (!title) {
        ent_buf_puts(b, "/>\n");
        return;
    }
    ent_buf_puts(b, "><title>");
    ent_i_xml_escape(b, title);
    ent_buf_printf(b, "</title></%s>\n", tag);
}

void ent_i_plot_line(ent_i_plot_t *p, const double *x, const double *y, size_t n, const char *colour,
                     double width, const char *dash, const char *cls, const char *title)
{
    ent_buf_t *b = p->out;
    mark_open(b, "path", cls);
    ent_buf_puts(b, " fill=\"none\" d=\"");
    int pen = 0;
    size_t drawn = 0;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(x[k]) || !isfinite(y[k])) {
            pen = 0;
            continue;
        }
        ent_buf_printf(b, "%s%.1f %.1f", pen ? " L" : (drawn ? " M" : "M"), ent_i_px(p, x[k]), ent_i_py(p, y[k]));
        pen = 1;
        drawn++;
    }
    if (!drawn) ent_buf_puts(b, "M0 0");
    ent_buf_printf(b, "\" stroke=\"%s\" stroke-width=\"%.1f\"", colour, width);
    if (dash) ent_buf_printf(b, " stroke-dasharray=\"%s\"", dash);
    mark_close(b, "path", title);
}

void ent_i_plot_point(ent_i_plot_t *p, double x, double y, double r, const char *colour, const char *cls,
                      const char *title)
{
    ent_buf_t *b = p->out;
    mark_open(b, "circle", cls);
    ent_buf_printf(b, " cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.75\" stroke=\"#222\" "
                      "stroke-width=\"0.5\"", ent_i_px(p, x), ent_i_py(p, y), r, colour);
    mark_close(b, "circle", title);
}

void ent_i_plot_bar(ent_i_plot_t *p, double x0, double y0, double x1, double y1, const char *colour,
                    const char *cls, const char *title)
{
    ent_buf_t *b = p->out;
    double a = ent_i_px(p, x0), c = ent_i_px(p, x1), d = ent_i_py(p, y0), e = ent_i_py(p, y1);
    double l = a < c ? a : c, t = d < e ? d : e, w = fabs(c - a), h = fabs(e - d);
    mark_open(b, "rect", cls);
    ent_buf_printf(b, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"", l, t, w, h, colour);
    mark_close(b, "rect", title);
}

void ent_i_plot_band(ent_i_plot_t *p, double x0, double y0, double x1, double y1, const char *colour,
                     double opacity)
{
    double a = ent_i_px(p, x0), c = ent_i_px(p, x1), d = ent_i_py(p, y0), e = ent_i_py(p, y1);
    ent_buf_printf(p->out, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                           "fill-opacity=\"%.2f\"/>\n",
                   a < c ? a : c, d < e ? d : e, fabs(c - a), fabs(e - d), colour, opacity);
}

void ent_i_svg_text(ent_i_plot_t *p, double px, double py, const char *anchor, double size, const char *text)
{
    ent_buf_printf(p->out, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%.0f\">", px, py,
                   anchor, size);
    ent_i_xml_escape(p->out, text);
    ent_buf_puts(p->out, "</text>\n");
}

void ent_i_plot_legend(ent_i_plot_t *p, double px, double py, const char *const *names, const char *const *colours,
                       size_t n)
{
    ent_buf_puts(p->out, "<g class=\"legend\" font-size=\"11\">");
    for (size_t k = 0; k < n; k++) {
        ent_buf_printf(p->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                               "<text x=\"%.1f\" y=\"%.1f\">", px, py - 9, colours[k], px + 14, py);
        ent_i_xml_escape(p->out, names[k]);
        ent_buf_puts(p->out, "</text>");
        px += 24 + 7 * (double)strlen(names[k]);
    }
    ent_buf_puts(p->out, "</g>\n");
}

const char *ent_i_palette(size_t k)
{
    static const char *const okabe_ito[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                            "#56B4E9", "#D55E00", "#F0E442", "#000000"};
    return okabe_ito[k % 8];
}

void ent_i_diverging(double t, char out[8])
{
    if (isnan(t)) {
        snprintf(out, 8, "#eeeeee");
        return;
    }
    if (t > 1) t = 1;
    if (t < -1) t = -1;
    /* white to blue (#2166ac) for gains, white to orange (#e66101) for losses */
    double r = 255, g = 255, bl = 255;
    if (t >= 0) {
        r += (0x21 - 255) * t;
        g += (0x66 - 255) * t;
        bl += (0xac - 255) * t;
    } else {
        r += (0xe6 - 255) * -t;
        g += (0x61 - 255) * -t;
        bl += (0x01 - 255) * -t;
    }
    snprintf(out, 8, "#%02x%02x%02x", (unsigned)lround(r) & 0xff, (unsigned)lround(g) & 0xff,
             (unsigned)lround(bl) & 0xff);
}
