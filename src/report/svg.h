/* SPDX-License-Identifier: MIT */
/* svg.h — internal: a small SVG plotting module for the HTML briefing (src/report/svg.c):
 * a plot frame mapping data to pixels, axes with "nice" ticks (Heckbert, "Nice numbers for
 * graph labels", Graphics Gems, 1990), lines, points, bars, text, legends, the Okabe–Ito
 * colour-blind-safe palette and a diverging scale; every string written is XML-escaped.
 * Why our own and not PLplot or cairo's SVG surface: docs/report.md. Not installed.
 *
 * Ownership: a plot appends to the caller's ent_buf_t (OOM sticky in the buffer). Numbers are
 * written with one decimal, so the output is stable for goldens. Every data mark carries
 * class="mark" so that a browser check can count marks against the data.
 */
#ifndef ENT_REPORT_SVG_H
#define ENT_REPORT_SVG_H

#include "entente/core.h"
#include <stddef.h>

/* Append s with & < > " ' escaped as XML entities; NULL appends nothing. Bytes are copied
 * otherwise (UTF-8 passes through; control characters other than tab and newline, which XML
 * 1.0 forbids, become U+FFFD). */
void ent_i_xml_escape(ent_buf_t *b, const char *s);

/* Ticks at a "nice" step (1, 2 or 5 × 10^k nearest (hi - lo)/maxn, so about maxn+1 ticks): writes the
 * ticks in [lo, hi] into t (room for 32) and returns their count; *step receives the step.
 * lo == hi or non-finite bounds give the single tick lo (or 0). */
size_t ent_i_nice_ticks(double lo, double hi, size_t maxn, double *t, double *step);

typedef struct {
    ent_buf_t *out;
    double width, height;           /* pixels of the whole figure */
    double left, right, top, bottom;/* the plot area in pixels */
    double x0, x1, y0, y1;          /* the data range mapped onto it */
} ent_i_plot_t;

/* Open <svg> of width × height with role="img", a <title> and a <desc> (both escaped), and
 * an id (NULL: none). The plot area defaults to the whole figure and the range to 0..1. */
void ent_i_svg_begin(ent_i_plot_t *p, ent_buf_t *out, double width, double height, const char *id,
                     const char *title, const char *desc);
void ent_i_svg_end(ent_i_plot_t *p);
/* Set the plot area (margins in pixels) and the data range. */
void ent_i_plot_area(ent_i_plot_t *p, double ml, double mr, double mt, double mb);
void ent_i_plot_range(ent_i_plot_t *p, double x0, double x1, double y0, double y1);
double ent_i_px(const ent_i_plot_t *p, double x);   /* data → pixel */
double ent_i_py(const ent_i_plot_t *p, double y);

/* Axes: an x axis along the bottom and/or a y axis on the left (flags), with nice ticks,
 * grid lines and labels (NULL: none). */
enum { ENT_I_AXIS_X = 1, ENT_I_AXIS_Y = 2 };
void ent_i_plot_axes(ent_i_plot_t *p, int which, const char *xlabel, const char *ylabel);

/* Marks (data coordinates). A NaN point breaks a line into pieces. `title` (may be NULL) is
 * written as the mark's <title> tooltip. `cls`: extra classes (NULL: none). */
void ent_i_plot_line(ent_i_plot_t *p, const double *x, const double *y, size_t n, const char *colour,
                     double width, const char *dash, const char *cls, const char *title);
void ent_i_plot_point(ent_i_plot_t *p, double x, double y, double r, const char *colour, const char *cls,
                      const char *title);
/* A bar from (x0, y0) to (x1, y1) in data coordinates (any order). */
void ent_i_plot_bar(ent_i_plot_t *p, double x0, double y0, double x1, double y1, const char *colour,
                    const char *cls, const char *title);
/* A shaded band that is not a data mark (a cycle's rounds, an "others" band). */
void ent_i_plot_band(ent_i_plot_t *p, double x0, double y0, double x1, double y1, const char *colour,
                     double opacity);
/* A text label (class "lab": the labels counted against a figure's label budget; axis ticks
 * and legends are not) at pixel coordinates; anchor "start", "middle" or "end"; size in pixels. */
void ent_i_svg_text(ent_i_plot_t *p, double px, double py, const char *anchor, double size, const char *text);
/* A legend of n swatches in a row from pixel (px, py). */
void ent_i_plot_legend(ent_i_plot_t *p, double px, double py, const char *const *names, const char *const *colours,
                       size_t n);

/* The Okabe–Ito palette (8 colours, black last), cycled. */
const char *ent_i_palette(size_t k);
/* A diverging colour for t in [-1, 1] (orange for loss, white at 0, blue for gain), as
 * "#rrggbb" into out (8 bytes). NaN gives light grey. */
void ent_i_diverging(double t, char out[8]);

#endif
